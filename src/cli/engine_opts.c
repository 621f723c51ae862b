/* engine_opts.c - options shared by the commands that run the engine (dyad, screen,
 * validate, export, plan, coalition, simulate, credibility): --year, --power, --bloc
 * NAME=ISO,..., --param name=value, --edition Y (the UN DESA stock edition). */
#include <stdlib.h>
#include <string.h>

#include "cli.h"

void cli_engine_init(cli_engine *e)
{
    memset(e, 0, sizeof *e);
}

void cli_engine_cleanup(cli_engine *e)
{
    free(e->blocs);
    free(e->params);
}

static int push_bloc(cli_engine *e, const char *spec)
{
    const char **p = realloc(e->blocs, (e->opts.n_blocs + 1) * sizeof *p);
    if (!p)
        return -1;
    p[e->opts.n_blocs++] = spec;
    e->blocs = p;
    e->opts.blocs = p;
    return 0;
}

static int push_param(cli_engine *e, const migdip_param *prm)
{
    migdip_param *p = realloc(e->params, (e->opts.n_params + 1) * sizeof *p);
    if (!p)
        return -1;
    p[e->opts.n_params++] = *prm;
    e->params = p;
    e->opts.params = p;
    return 0;
}

int cli_engine_opt(cli_engine *e, const char *cmd, int argc, char **argv, int *i)
{
    const char *a = argv[*i];
    if (!strcmp(a, "--territories")) { /* docs/model.md 4.1: territories as actors */
        e->opts.territories = true;
        return 1;
    }
    if (!strcmp(a, "--carry")) { /* docs/model.md 1: stocks carried past the last UN year */
        e->opts.carry_stocks = true;
        return 1;
    }
    bool known = !strcmp(a, "--year") || !strcmp(a, "--power") || !strcmp(a, "--bloc") || !strcmp(a, "--param") ||
                 !strcmp(a, "--edition");
    if (!known)
        return 0;
    if (*i + 1 >= argc) {
        cli_usage_error(cmd, "%s needs a value", a);
        return -1;
    }
    const char *v = argv[++*i];
    if (!strcmp(a, "--year")) {
        char *end;
        long y = strtol(v, &end, 10);
        if (*end || y < 1960 || y > 2100) {
            cli_usage_error(cmd, "--year: expected a year such as 2020, got \"%s\"", v);
            return -1;
        }
        e->opts.year = (int)y;
    } else if (!strcmp(a, "--edition")) {
        char *end;
        long y = strtol(v, &end, 10);
        if (*end || y < 1990 || y > 2100) {
            cli_usage_error(cmd, "--edition: expected the year of a UN DESA edition such as 2020, got \"%s\"", v);
            return -1;
        }
        e->opts.stock_edition = v; /* argv outlives the options */
    } else if (!strcmp(a, "--power")) {
        if (migdip_power_parse(v, &e->opts.power)) {
            fprintf(stderr, "migdip: error: --power %s: expected composite, gdp, gdppc or cinc\n", v);
            return -1;
        }
    } else if (!strcmp(a, "--param")) {
        migdip_param prm;
        char msg[160];
        if (migdip_param_parse(v, &prm, msg, sizeof msg)) {
            fprintf(stderr, "migdip: error: --param %s: %s\n", v, msg);
            return -1;
        }
        if (push_param(e, &prm))
            return -1;
    } else {
        const char *eq = strchr(v, '=');
        if (!eq || eq == v) {
            fprintf(stderr, "migdip: error: --bloc %s: expected NAME=ISO3,ISO3,...\n", v);
            return -1;
        }
        if (push_bloc(e, v))
            return -1;
    }
    return 1;
}

migdip_model *cli_engine_load(migdip_ctx *ctx, cli_engine *e, int *code)
{
    migdip_model *m = NULL;
    migdip_status st = migdip_model_load(ctx, &e->opts, &m);
    if (st) {
        *code = cli_fail_ctx(ctx, st);
        return NULL;
    }
    return m;
}

int cli_parse_sides(const char *cmd, const char *help, int argc, char **argv, cli_common *c, cli_engine *e,
                    cli_extra_opt extra, void *ud, const char *who[2], int *code)
{
    who[0] = who[1] = NULL;
    *code = EXIT_OK;
    for (int i = 1; i < argc; i++) {
        int used = cli_common_opt(c, argc, argv, &i);
        if (!used)
            used = cli_engine_opt(e, cmd, argc, argv, &i);
        if (!used && extra)
            used = extra(ud, cmd, argc, argv, &i);
        if (used < 0) {
            *code = EXIT_USAGE;
            return -1;
        }
        if (used)
            continue;
        if (!strcmp(argv[i], "--help") || !strcmp(argv[i], "-h")) {
            fputs(help, stdout);
            return 0;
        }
        if (argv[i][0] == '-' || who[1]) {
            *code = cli_usage_error(cmd, "unexpected argument '%s'", argv[i]);
            return -1;
        }
        who[who[0] ? 1 : 0] = argv[i];
    }
    return 1;
}

bool cli_two_sides(const char *cmd, const char *help, const char *example, int argc, char **argv, cli_common *c,
                   cli_engine *e, cli_extra_opt extra, void *ud, const char *who[2], int *code)
{
    cli_common_init(c);
    cli_engine_init(e);
    if (cli_parse_sides(cmd, help, argc, argv, c, e, extra, ud, who, code) <= 0) {
        cli_engine_cleanup(e);
        return false;
    }
    if (!who[1]) {
        cli_engine_cleanup(e);
        *code = cli_usage_error(cmd, "two sides are needed, e.g. `%s`", example);
        return false;
    }
    return true;
}
