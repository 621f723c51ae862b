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

const cli_opt CLI_ENGINE_OPTS[] = {
    CLI_OPT("--year", "Y", "the year (default: the latest with migrant-stock data)"),
    CLI_OPT("--edition", "Y", "the UN DESA migrant-stock edition to read (2019, 2020, 2024; default: the newest in the "
                       "store with bilateral stocks)", .choices = "2019 2020 2024"),
    CLI_OPT("--power", "M", "the power measure: composite (default), gdp, gdppc or cinc",
     .choices = "composite gdp gdppc cinc"),
    CLI_OPT("--bloc", "NAME=A,B,...", "a bloc of your own (usable as a side)"),
    CLI_OPT("--param", "NAME=VALUE", "change a default of docs/model.md section 5"),
    CLI_OPT("--territories", NULL, "treat non-sovereign territories as actors (default: out of scope)"),
    CLI_OPT("--carry", NULL, "carry the last UN year's stocks up to 5 years past it, flagged carried (default: no panel "
                      "after the last UN year)"),
    {0},
};

int cli_engine_set(cli_engine *e, const char *cmd, const char *a, const char *v)
{
    if (!strcmp(a, "--territories")) { /* docs/model.md 4.1: territories as actors */
        e->opts.territories = true;
        return 0;
    }
    if (!strcmp(a, "--carry")) { /* docs/model.md 1: stocks carried past the last UN year */
        e->opts.carry_stocks = true;
        return 0;
    }
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
    return 0;
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
