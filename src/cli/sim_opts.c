/* sim_opts.c - the simulator's options shared by `simulate` and `credibility` (--shock,
 * --months, --scenario, --save), resolving them over a scenario file, and the JSON of
 * shocks and simulator parameters both commands print. */
#include <stdlib.h>
#include <string.h>

#include "cli.h"

const cli_opt CLI_SIM_OPTS[] = {
    CLI_OPT("--shock", "SPEC", "a shock (SPEC: see `migdip help simulate`); more --shock options combine"),
    CLI_OPT("--months", "T", "horizon in months (1-600; default: the scenario's, else 24)"),
    CLI_OPT("--scenario", "FILE", "read actors, year, horizon, shocks and parameters from FILE (JSON); the command line "
                           "goes over it"),
    CLI_OPT("--save", "FILE", "write the scenario that was run to FILE (JSON)"),
    {0},
};

/* Options shared by simulate and credibility: 0, or -1 on a usage error (printed). */
int cli_sim_set(cli_sim *s, const char *cmd, const char *a, const char *v)
{
    if (!strcmp(a, "--shock")) {
        char msg[160];
        if (s->n_shocks >= sizeof s->shocks / sizeof *s->shocks) {
            cli_usage_error(cmd, "at most %zu shocks", sizeof s->shocks / sizeof *s->shocks);
            return -1;
        }
        if (migdip_shock_parse(v, &s->shocks[s->n_shocks], msg, sizeof msg)) {
            cli_usage_error(cmd, "--shock %s", msg);
            return -1;
        }
        s->n_shocks++;
    } else if (!strcmp(a, "--months")) {
        char *end;
        long n = strtol(v, &end, 10);
        if (*end || n < 1 || n > 600) {
            cli_usage_error(cmd, "--months: expected a number of months in [1, 600], got \"%s\"", v);
            return -1;
        }
        s->months = (int)n;
    } else if (!strcmp(a, "--scenario")) {
        s->scenario = v;
    } else {
        s->save = v;
    }
    return 0;
}

/* Build the options: the scenario file first, then the command line over it. */
migdip_status cli_sim_resolve(migdip_ctx *ctx, cli_sim *s, cli_engine *e, const char *a, const char *b,
                              migdip_sim_opts *o)
{
    int year = 0;
    migdip_status st;
    memset(o, 0, sizeof *o);
    migdip_sim_params_default(&o->params);
    if (s->scenario) {
        if ((st = migdip_scenario_load(ctx, s->scenario, &s->file, &year)))
            return st;
        s->loaded = true;
        *o = s->file;
        if (year && !e->opts.year)
            e->opts.year = year;
    }
    if (a)
        o->a = a;
    if (b)
        o->b = b;
    if (s->n_shocks) {
        o->shocks = s->shocks;
        o->n_shocks = s->n_shocks;
    }
    if (s->months)
        o->params.months = s->months;
    return MIGDIP_OK;
}

void cli_sim_cleanup(cli_sim *s)
{
    if (s->loaded)
        migdip_sim_opts_cleanup(&s->file);
}
