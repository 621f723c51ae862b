/* cmd_plan.c - `migdip plan ISO3`: which other corridors would cut a state's exposure to a
 * partner most, within absorption limits, and the smallest move that changes a quadrant
 * (docs/scenarios.md "Diversification planner"). */
#include <math.h>
#include <stdlib.h>
#include <string.h>

#include "cli.h"

static const char HELP[] =
    "usage: migdip plan STATE [--against PARTNER] [--top K] [--as sender|host]\n"
    "                   [--lf-cap SHARE] [--growth-cap SHARE] [engine options] [--json|--csv]\n\n"
    "For a sender, which other destinations would cut its exposure to PARTNER (a state or a\n"
    "bloc; default: the partner of its most exposed dyad) most if some of its emigrants worked\n"
    "there instead; for a host, which other sources would. Each corridor takes at most\n"
    "--lf-cap of the candidate's labour force (default 0.01) and --growth-cap of its current\n"
    "stock (default 0.5), scaled by how well it fits (language, scheme, region, distance,\n"
    "income). Moves are chosen greedily by exposure cut per worker. Also shows the smallest\n"
    "move along the plan that changes either side's quadrant (docs/scenarios.md).\n\nOptions:\n"
    "  --against P         the partner state or bloc\n"
    "  --top K             destinations shown (default 10)\n"
    "  --as ROLE           plan as the sender or the host (default: the larger corridor)\n"
    "  --lf-cap SHARE      share of a candidate's labour force it can absorb (0.01)\n"
    "  --growth-cap SHARE  growth of a corridor as a share of its stock (0.5)\n" CLI_ENGINE_HELP;

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

int cmd_plan(int argc, char **argv)
{
    cli_common c;
    cli_engine e;
    cli_common_init(&c);
    cli_engine_init(&e);
    migdip_plan_opts o = {0};
    int code = EXIT_OK;
    for (int i = 1; i < argc; i++) {
        int used = cli_common_opt(&c, argc, argv, &i);
        if (!used)
            used = cli_engine_opt(&e, "plan", argc, argv, &i);
        if (used < 0) {
            cli_engine_cleanup(&e);
            return EXIT_USAGE;
        }
        if (used)
            continue;
        const char *a = argv[i];
        bool has_val = i + 1 < argc;
        if (!strcmp(a, "--help") || !strcmp(a, "-h")) {
            fputs(HELP, stdout);
            cli_engine_cleanup(&e);
            return EXIT_OK;
        }
        int bad = 0;
        if ((!strcmp(a, "--against") || !strcmp(a, "--top") || !strcmp(a, "--as") || !strcmp(a, "--lf-cap") ||
             !strcmp(a, "--growth-cap")) && !has_val)
            bad = cli_usage_error("plan", "%s needs a value", a);
        else if (!strcmp(a, "--against"))
            o.against = argv[++i];
        else if (!strcmp(a, "--as")) {
            if (migdip_plan_role_parse(argv[++i], &o.role))
                bad = cli_usage_error("plan", "--as %s: expected sender or host", argv[i]);
        }
        else if (!strcmp(a, "--top")) {
            char *end;
            long k = strtol(argv[++i], &end, 10);
            if (*end || k < 1 || k > 1000)
                bad = cli_usage_error("plan", "--top %s: expected a number from 1 to 1000", argv[i]);
            o.top = (size_t)k;
        } else if (!strcmp(a, "--lf-cap"))
            bad = parse_share(a, argv[++i], &o.lf_cap);
        else if (!strcmp(a, "--growth-cap"))
            bad = parse_share(a, argv[++i], &o.growth_cap);
        else if (a[0] == '-' || o.state)
            bad = cli_usage_error("plan", "unexpected argument '%s'", a);
        else
            o.state = a;
        if (bad) {
            cli_engine_cleanup(&e);
            return EXIT_USAGE;
        }
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
