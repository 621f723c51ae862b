/* cmd_plan.c - `migdip plan ISO3`: which other corridors would cut a state's exposure to a
 * partner most, within absorption limits, and the smallest move that changes a quadrant
 * (docs/scenarios.md "Diversification planner"). */
#include <math.h>
#include <stdlib.h>
#include <string.h>

#include "cli.h"

static const cli_opt OPTS[] = {
    CLI_OPT("--against", "P", "the partner state or bloc"),
    CLI_OPT("--top", "K", "destinations shown (1-1000, default 10)"),
    CLI_OPT("--as", "ROLE", "plan as the sender or the host (default: the larger corridor)", .choices = "sender host"),
    CLI_OPT("--lf-cap", "SHARE", "share of a candidate's labour force it can absorb (default 0.01)"),
    CLI_OPT("--growth-cap", "SHARE", "growth of a corridor as a share of its stock (default 0.5)"),
    {0},
};

const cli_cmd CLI_CMD_PLAN = {
    "plan", "STATE", "diversification: which corridors would cut a state's exposure most",
    "For a sender, which other destinations would cut its exposure to PARTNER (a state or a\n"
    "bloc; default: the partner of its most exposed dyad) most if some of its emigrants worked\n"
    "there instead; for a host, which other sources would. Each corridor takes at most\n"
    "--lf-cap of the candidate's labour force (default 0.01) and --growth-cap of its current\n"
    "stock (default 0.5), scaled by how well it fits (language, scheme, region, distance,\n"
    "income). Moves are chosen greedily by exposure cut per worker. Also shows the smallest\n"
    "move along the plan that changes either side's quadrant (docs/scenarios.md).\n",
    OPTS, CLI_OUT | CLI_ENGINE, NULL, NULL};

static int parse_share(const char *opt, const char *s, double *out)
{
    char *end;
    double v = strtod(s, &end);
    if (end == s || *end || !(v > 0) || v > 10)
        return cli_usage_error("plan", "%s %s: expected a positive share such as 0.01", opt, s);
    *out = v;
    return 0;
}

static void print_table(const migdip_plan *pl)
{
    char b1[32], b2[32];
    const migdip_dyad *d = &pl->before;
    printf("%s (%s) against %s (%s), %d, as %s\n", pl->state.title, pl->state.name, pl->partner.title,
           pl->partner.name, d->year, pl->as_sender ? "the sender" : "the host");
    printf("corridor: %s persons (%s)\n", cli_grouped(b1, sizeof b1, pl->corridor),
           pl->as_sender ? "own emigrants in the partner" : "the partner's migrants here");
    printf("exposure now: %.3f (partner %.3f), quadrants %s / %s\n", d->side[0].exposure, d->side[1].exposure,
           migdip_quadrant_code(d->quadrant[0]), migdip_quadrant_code(d->quadrant[1]));
    printf("decomposition:");
    for (int f = 0; f < MIGDIP_F_COUNT; f++)
        printf(" %s %.3f", migdip_factor_name((migdip_factor)f), d->side[0].contrib[f]);
    printf("\n\n");
    const char *const H[] = {pl->as_sender ? "destination" : "source", "name", "fit", "capacity", "moved",
                                    "cut_per_1000", "reduction", "exposure_alone"};
    cli_table *t = cli_table_new(8, H);
    for (size_t k = 0; k < pl->n_rows; k++) {
        const migdip_plan_row *r = &pl->rows[k];
        cli_table_addf(t, "%s\t%s\t%.3f\t%.0f\t%.0f\t%.5f\t%.4f\t%.3f", r->iso3, r->name, r->fit, r->capacity, r->moved,
                       r->reduction_per_1000, r->reduction, r->exposure_alone);
    }
    cli_table_print(t, OUT_TABLE, stdout);
    cli_table_free(t);
    printf("\nwhole plan: %s persons (%.1f%% of the corridor) to %zu destinations (of %zu with room):\n"
           "exposure %.3f -> %.3f, partner %.3f -> %.3f, quadrants %s / %s\n",
           cli_grouped(b1, sizeof b1, pl->moved), pl->corridor > 0 ? 100 * pl->moved / pl->corridor : 0,
           pl->n_destinations, pl->n_candidates, d->side[0].exposure, pl->after.side[0].exposure,
           d->side[1].exposure, pl->after.side[1].exposure, migdip_quadrant_code(pl->after.quadrant[0]),
           migdip_quadrant_code(pl->after.quadrant[1]));
    if (pl->shift_found)
        printf("smallest move that changes a quadrant: %s persons (%.1f%% of the corridor): %s / %s -> %s / %s\n",
               cli_grouped(b2, sizeof b2, pl->shift_persons), 100 * pl->shift_share,
               migdip_quadrant_code(d->quadrant[0]), migdip_quadrant_code(d->quadrant[1]),
               migdip_quadrant_code(pl->shift.quadrant[0]), migdip_quadrant_code(pl->shift.quadrant[1]));
    else
        printf("no reallocation within these limits changes either side's quadrant (%s / %s)\n",
               migdip_quadrant_code(d->quadrant[0]), migdip_quadrant_code(d->quadrant[1]));
}

static int own(void *ud, const char *cmd, const char *a, const char *v)
{
    migdip_plan_opts *o = ud;
    if (!a) {
        if (o->state)
            return 0;
        o->state = v;
        return 1;
    }
    if (!strcmp(a, "--against")) {
        o->against = v;
    } else if (!strcmp(a, "--as")) {
        if (migdip_plan_role_parse(v, &o->role)) {
            cli_usage_error(cmd, "--as %s: expected sender or host", v);
            return -1;
        }
    } else if (!strcmp(a, "--top")) {
        char *end;
        long k = strtol(v, &end, 10);
        if (*end || k < 1 || k > 1000) {
            cli_usage_error(cmd, "--top %s: expected a number from 1 to 1000", v);
            return -1;
        }
        o->top = (size_t)k;
    } else if (!strcmp(a, "--lf-cap") || !strcmp(a, "--growth-cap")) {
        if (parse_share(a, v, !strcmp(a, "--lf-cap") ? &o->lf_cap : &o->growth_cap))
            return -1;
    } else {
        return 0;
    }
    return 1;
}

int cmd_plan(int argc, char **argv)
{
    cli_common c;
    cli_engine e;
    cli_common_init(&c);
    cli_engine_init(&e);
    migdip_plan_opts o = {0};
    int code = EXIT_OK;
    cli_sink to = {.common = &c, .engine = &e, .own = own, .ud = &o};
    if (cli_parse(&CLI_CMD_PLAN, argc, argv, &to, &code) <= 0) {
        cli_engine_cleanup(&e);
        return code;
    }
    if (!o.state) {
        cli_engine_cleanup(&e);
        return cli_usage_error("plan", "a state is needed, e.g. `migdip plan NPL --against GCC`");
    }
    migdip_ctx *ctx = cli_open(&c, &code);
    migdip_model *m = ctx ? cli_engine_load(ctx, &e, &code) : NULL;
    migdip_plan *pl = NULL;
    migdip_status st;
    if (!m)
        goto done;
    if ((st = migdip_plan_run(ctx, m, &o, &pl))) {
        code = cli_fail_ctx(ctx, st);
        goto done;
    }
    if (c.fmt == OUT_JSON) {
        cJSON *j = present_plan_json(m, pl);
        if (!j)
            cli_out_of_memory();
        cli_json_print(j, stdout);
        cJSON_Delete(j);
    } else if (c.fmt == OUT_CSV) {
        static const char *const H[] = {"state", "against", "role", "rank", "destination", "fit", "capacity",
                                        "moved", "cut_per_1000", "reduction", "exposure_alone"};
        cli_table *t = cli_table_new(11, H);
        for (size_t k = 0; k < pl->n_rows; k++) {
            const migdip_plan_row *r = &pl->rows[k];
            cli_table_addf(t, "%s\t%s\t%s\t%zu\t%s\t%.6f\t%.0f\t%.0f\t%.6f\t%.6f\t%.6f", pl->state.name,
                           pl->partner.name, pl->as_sender ? "sender" : "host", k + 1, r->iso3, r->fit, r->capacity,
                           r->moved, r->reduction_per_1000, r->reduction, r->exposure_alone);
        }
        cli_table_print(t, OUT_CSV, stdout);
        cli_table_free(t);
    } else {
        print_table(pl);
    }
done:
    migdip_plan_free(pl);
    migdip_model_free(m);
    migdip_ctx_close(ctx);
    cli_engine_cleanup(&e);
    return code;
}
