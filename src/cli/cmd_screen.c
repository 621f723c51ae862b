/* cmd_screen.c - `migdip screen`: every dyad of a year above the volume threshold, the
 * article's question first (I/IV), ranked by what is at stake; filters by quadrant, state,
 * region and bloc. */
#include <math.h>
#include <stdlib.h>
#include <string.h>

#include "cli.h"

static const char HELP[] =
    "usage: migdip screen [--year Y] [--min-stock N] [--quadrant Q] [--state ISO3] [--region NAME]\n"
    "                     [--bloc NAME] [--rank persons|gdp|lf|gap] [--robust N [--seed S]] [--top K]\n"
    "                     [--threads T] [--params-only|--data-only] [--edition Y] [--explain]\n"
    "                     [--power M] [--param NAME=VALUE] [--territories] [--json|--csv]\n\n"
    "Evaluates every pair of states whose labour migrants (both corridors) number at least N\n"
    "(default: the model's scope threshold, 10000) and lists them with the article's question\n"
    "first: the dyads where a stronger state is constrained (I) and a weaker one holds leverage\n"
    "(IV), then coercion (II/III), mutual exposure, no verdict, out of scope. Within each group\n"
    "the dyads are ranked by what is at stake (docs/model.md section 4.5): persons (labour\n"
    "migrants in both corridors, the default), gdp (the larger remittance dependency, share of\n"
    "GDP), lf (the larger share of a labour force) or gap (the exposure gap).\n\n"
    "Options:\n" CLI_ENGINE_HELP
    "  --min-stock N       corridor volume threshold, persons\n"
    "  --quadrant Q        I, II, III, IV, mutual or out-of-scope\n"
    "  --state ISO3        only dyads of this state\n"
    "  --region NAME       only dyads with a side in this UN region or subregion (Western Asia,\n"
    "                      Asia) or World Bank region (South Asia)\n"
    "  --bloc NAME         only dyads with a side in this bloc (GCC, ASEAN, ...); NAME=A,B,...\n"
    "                      defines a bloc of your own and keeps its dyads\n"
    "  --rank R            persons (default), gdp, lf or gap\n"
    "  --robust N          per dyad shown, the probability of its verdict over N draws of the\n"
    "                      parameters in their prior ranges and of the data with their relative\n"
    "                      errors (docs/model.md section 7), as `migdip robust` draws them;\n"
    "                      --seed S, --threads T, --params-only, --data-only as there; shared\n"
    "                      among processes under mpirun (docs/scale.md)\n"
    "  --top K             at most K rows (default 30 on a terminal, all with --json/--csv)\n"
    "  --explain           --json: each row with its plain-language explanation (as dyad --json;\n"
    "                      slower: its robustness sentence draws parameters for every dyad)\n";

int cmd_screen(int argc, char **argv)
{
    cli_common c;
    cli_engine e;
    cli_common_init(&c);
    cli_engine_init(&e);
    migdip_screen_opts so = {0};
    cli_draws dr = {0};
    long top = -1;
    int code = EXIT_OK;
    char bloc_name[64] = "";
    bool explain = false;
    for (int i = 1; i < argc; i++) {
        /* --bloc filters the screen by a bloc; NAME=A,B,... also defines it (engine option) */
        if (!strcmp(argv[i], "--bloc") && i + 1 < argc) {
            const char *eq = strchr(argv[i + 1], '=');
            snprintf(bloc_name, sizeof bloc_name, "%.*s", eq ? (int)(eq - argv[i + 1]) : 63, argv[i + 1]);
            so.bloc = bloc_name;
            if (!eq) {
                i++;
                continue;
            }
        }
        int used = cli_common_opt(&c, argc, argv, &i);
        if (!used)
            used = cli_engine_opt(&e, "screen", argc, argv, &i);
        if (!used && strcmp(argv[i], "--seed"))
            used = cli_draws_opt(&dr, "screen", argc, argv, &i);
        if (used < 0) {
            cli_engine_cleanup(&e);
            return EXIT_USAGE;
        }
        if (used)
            continue;
        const char *a = argv[i];
        if (!strcmp(a, "--help") || !strcmp(a, "-h")) {
            fputs(HELP, stdout);
            cli_engine_cleanup(&e);
            return EXIT_OK;
        }
        if (!strcmp(a, "--explain")) {
            explain = true;
            continue;
        }
        bool takes = !strcmp(a, "--min-stock") || !strcmp(a, "--quadrant") || !strcmp(a, "--state") ||
                     !strcmp(a, "--top") || !strcmp(a, "--region") || !strcmp(a, "--rank") ||
                     !strcmp(a, "--robust") || !strcmp(a, "--seed");
        if (!takes || i + 1 >= argc) {
            cli_engine_cleanup(&e);
            return cli_usage_error("screen", takes ? "%s needs a value" : "unexpected argument '%s'", a);
        }
        const char *v = argv[++i];
        char *end;
        if (!strcmp(a, "--quadrant")) {
            if (migdip_quadrant_parse(v, &so.quadrant)) {
                cli_engine_cleanup(&e);
                return cli_usage_error("screen", "--quadrant %s: expected I, II, III, IV, mutual or out-of-scope", v);
            }
        } else if (!strcmp(a, "--state")) {
            so.state = v;
        } else if (!strcmp(a, "--region")) {
            so.region = v;
        } else if (!strcmp(a, "--robust") || !strcmp(a, "--seed")) {
            unsigned long long x = strtoull(v, &end, 10);
            bool draws = !strcmp(a, "--robust");
            if (*end || !v[0] || v[0] == '-' || (draws && (x < 1 || x > 1000000))) {
                cli_engine_cleanup(&e);
                return cli_usage_error("screen", "%s: expected a whole number%s, got \"%s\"", a,
                                       draws ? " of draws from 1 to 1000000" : "", v);
            }
            if (draws)
                so.robust_draws = (size_t)x;
            else
                so.robust_seed = x;
        } else if (!strcmp(a, "--rank")) {
            if (migdip_rank_parse(v, &so.rank)) {
                cli_engine_cleanup(&e);
                return cli_usage_error("screen", "--rank %s: expected persons, gdp, lf or gap", v);
            }
        } else {
            /* finite, in range, and converted only once known to fit (--top 1e20 is refused,
             * not turned into a long) */
            double x = strtod(v, &end);
            bool is_top = !strcmp(a, "--top");
            if (end == v || *end || !isfinite(x) || x < 0 || (is_top && (x != floor(x) || x > 10000000))) {
                cli_engine_cleanup(&e);
                return cli_usage_error("screen", is_top ? "%s: expected a whole number from 0 to 10000000, got \"%s\""
                                                        : "%s: expected a non-negative number, got \"%s\"", a, v);
            }
            if (is_top)
                top = (long)x;
            else
                so.min_stock = x;
        }
    }
    so.top = top >= 0 ? (size_t)top : (c.fmt == OUT_TABLE ? 30 : 0);
    if (so.robust_draws) {
        so.robust_threads = dr.threads;
        so.robust_fixed_params = dr.data_only;
        so.robust_fixed_data = dr.params_only;
        so.robust_split = cli_draws_split();
        so.robust_progress = cli_draws_progress();
    } else if (dr.threads || dr.params_only || dr.data_only) {
        cli_engine_cleanup(&e);
        return cli_usage_error("screen", "--threads, --params-only and --data-only go with --robust N");
    }
    migdip_ctx *ctx = cli_open(&c, &code);
    migdip_model *m = ctx ? cli_engine_load(ctx, &e, &code) : NULL;
    migdip_screen *scr = NULL;
    if (!m)
        goto done;
    migdip_status st = migdip_screen_run(ctx, m, &so, &scr);
    if (st) {
        code = cli_fail_ctx(ctx, st);
        goto done;
    }
    const migdip_screen_row *rows = scr->rows;
    size_t n = scr->n;
    if (c.fmt == OUT_JSON) {
        cJSON *arr = present_screen_json(ctx, m, scr, explain);
        if (!arr)
            cli_out_of_memory();
        cli_json_print(arr, stdout);
        cJSON_Delete(arr);
        goto done;
    }
    static const char *const H[] = {"rank", "a", "b", "volume", "exposure_a", "exposure_b", "gap", "stronger",
                                    "quadrant_a", "quadrant_b", "margin", "stake", "flags", "p_verdict"};
    cli_table *t = cli_table_new(so.robust_draws ? 14 : 13, H);
    for (size_t k = 0; k < n; k++) {
        const migdip_dyad *d = &rows[k].d;
        const char *stronger = d->stronger < 0 ? "parity" : d->stronger == 0 ? rows[k].a : rows[k].b;
        char vol[32];
        if (c.fmt == OUT_TABLE)
            cli_grouped(vol, sizeof vol, d->volume);
        else
            snprintf(vol, sizeof vol, "%.0f", d->volume);
        const char *stronger_txt = !d->power_ok ? "unknown" : stronger;
        char flags[96];
        snprintf(flags, sizeof flags, "%s%s%s%s%s", d->in_scope ? "" : migdip_scope_code(d->scope),
                 d->close_call ? "close-call" : "", d->seasonal_unseen ? (d->close_call ? ",seasonal" : "seasonal") : "",
                 d->power_contested && d->low_confidence ? "," : "", d->power_contested ? "contested" : "");
        char stake[32];
        if (so.rank == MIGDIP_RANK_PERSONS)
            snprintf(stake, sizeof stake, "%.0f", rows[k].stake);
        else
            snprintf(stake, sizeof stake, "%.4f", rows[k].stake);
        char pv[24] = "";
        if (so.robust_draws)
            snprintf(pv, sizeof pv, "\t%.3f", rows[k].p_verdict);
        cli_table_addf(t, "%zu\t%s\t%s\t%s\t%.3f\t%.3f\t%.3f\t%s\t%s\t%s\t%.3f\t%s\t%s%s", k + 1, rows[k].a,
                       rows[k].b, vol, d->side[0].exposure, d->side[1].exposure,
                       fabs(d->side[0].exposure - d->side[1].exposure), stronger_txt,
                       migdip_quadrant_code(d->quadrant[0]), migdip_quadrant_code(d->quadrant[1]), d->margin, stake,
                       flags, pv);
    }
    if (c.fmt == OUT_TABLE)
        printf("Dyads of %d: I/IV first (a stronger state constrained, a weaker one with leverage), then "
               "II/III, mutual, no verdict, out of scope; each group by %s (%zu shown)\n\n",
               migdip_model_year(m),
               so.rank == MIGDIP_RANK_GDP   ? "remittance dependency, share of GDP"
               : so.rank == MIGDIP_RANK_LF  ? "share of a labour force"
               : so.rank == MIGDIP_RANK_GAP ? "exposure gap"
                                            : "labour migrants in both corridors",
               n);
    cli_table_print(t, c.fmt, stdout);
    cli_table_free(t);
done:
    migdip_screen_free(scr);
    migdip_model_free(m);
    migdip_ctx_close(ctx);
    cli_engine_cleanup(&e);
    return code;
}
