/* cmd_screen.c - `migdip screen`: every dyad of a year above the volume threshold, the
 * article's question first (I/IV), ranked by what is at stake; filters by quadrant, state,
 * region and bloc. */
#include <math.h>
#include <stdlib.h>
#include <string.h>

#include "cli.h"

static const cli_opt OPTS[] = {
    CLI_OPT("--min-stock", "N", "corridor volume threshold, persons"),
    CLI_OPT("--quadrant", "Q", "I, II, III, IV, mutual or out-of-scope", .choices = "I II III IV mutual out-of-scope"),
    CLI_OPT("--state", "ISO3", "only dyads of this state"),
    CLI_OPT("--region", "NAME", "only dyads with a side in this UN region or subregion (Western Asia, Asia) or World Bank "
                         "region (South Asia)"),
    CLI_OPT("--rank", "R", "persons (default), gdp, lf or gap", .choices = "persons gdp lf gap"),
    CLI_OPT("--robust", "N", "per dyad shown, the probability of its verdict over N draws of the parameters and the data "
                      "(docs/model.md section 7), as `migdip robust` draws them"),
    CLI_OPT("--top", "K", "at most K rows (default 30 on a terminal, all with --json/--csv)"),
    CLI_OPT("--explain", NULL, "--json: each row with its plain-language explanation (as dyad --json; slower)"),
    {0},
};

const cli_cmd CLI_CMD_SCREEN = {
    "screen", NULL, "every dyad of a year, ranked: where leverage lies",
    "Evaluates every pair of states whose labour migrants (both corridors) number at least N\n"
    "(default: the model's scope threshold, 10000) and lists them with the article's question\n"
    "first: the dyads where a stronger state is constrained (I) and a weaker one holds leverage\n"
    "(IV), then coercion (II/III), mutual exposure, no verdict, out of scope. Within each group\n"
    "the dyads are ranked by what is at stake (docs/model.md section 4.5): persons (labour\n"
    "migrants in both corridors, the default), gdp (the larger remittance dependency, share of\n"
    "GDP), lf (the larger share of a labour force) or gap (the exposure gap).\n"
    "--bloc NAME keeps the dyads with a side in the bloc (GCC, ASEAN, ...); NAME=A,B,...\n"
    "defines a bloc of your own and keeps its dyads. The robustness draws go with --robust N;\n"
    "they are shared among processes under mpirun (docs/scale.md).\n",
    OPTS, CLI_OUT | CLI_ENGINE | CLI_DRAWS, NULL, NULL};

typedef struct screen_args {
    migdip_screen_opts so;
    long top;
    char bloc_name[64];
    bool explain;
} screen_args;

static int own(void *ud, const char *cmd, const char *a, const char *v)
{
    screen_args *sa = ud;
    migdip_screen_opts *so = &sa->so;
    if (!a)
        return 0;
    if (!strcmp(a, "--bloc")) { /* filters the screen by a bloc; NAME=A,B,... also defines it (engine option) */
        const char *eq = strchr(v, '=');
        snprintf(sa->bloc_name, sizeof sa->bloc_name, "%.*s", eq ? (int)(eq - v) : 63, v);
        so->bloc = sa->bloc_name;
        return eq ? 0 : 1;
    }
    if (!strcmp(a, "--explain")) {
        sa->explain = true;
        return 1;
    }
    char *end;
    if (!strcmp(a, "--quadrant")) {
        if (migdip_quadrant_parse(v, &so->quadrant)) {
            cli_usage_error(cmd, "--quadrant %s: expected I, II, III, IV, mutual or out-of-scope", v);
            return -1;
        }
    } else if (!strcmp(a, "--state")) {
        so->state = v;
    } else if (!strcmp(a, "--region")) {
        so->region = v;
    } else if (!strcmp(a, "--robust")) {
        unsigned long long x = strtoull(v, &end, 10);
        if (*end || !v[0] || v[0] == '-' || x < 1 || x > 1000000) {
            cli_usage_error(cmd, "%s: expected a whole number of draws from 1 to 1000000, got \"%s\"", a, v);
            return -1;
        }
        so->robust_draws = (size_t)x;
    } else if (!strcmp(a, "--rank")) {
        if (migdip_rank_parse(v, &so->rank)) {
            cli_usage_error(cmd, "--rank %s: expected persons, gdp, lf or gap", v);
            return -1;
        }
    } else if (!strcmp(a, "--top") || !strcmp(a, "--min-stock")) {
        /* finite, in range, and converted only once known to fit (--top 1e20 is refused,
         * not turned into a long) */
        double x = strtod(v, &end);
        bool is_top = !strcmp(a, "--top");
        if (end == v || *end || !isfinite(x) || x < 0 || (is_top && (x != floor(x) || x > 10000000))) {
            cli_usage_error(cmd, is_top ? "%s: expected a whole number from 0 to 10000000, got \"%s\""
                                        : "%s: expected a non-negative number, got \"%s\"", a, v);
            return -1;
        }
        if (is_top)
            sa->top = (long)x;
        else
            so->min_stock = x;
    } else {
        return 0;
    }
    return 1;
}

int cmd_screen(int argc, char **argv)
{
    cli_common c;
    cli_engine e;
    cli_common_init(&c);
    cli_engine_init(&e);
    screen_args sa = {.top = -1};
    cli_draws dr = {0};
    int code = EXIT_OK;
    cli_sink to = {.common = &c, .engine = &e, .draws = &dr, .own = own, .ud = &sa};
    if (cli_parse(&CLI_CMD_SCREEN, argc, argv, &to, &code) <= 0) {
        cli_engine_cleanup(&e);
        return code;
    }
    migdip_screen_opts so = sa.so;
    long top = sa.top;
    bool explain = sa.explain;
    if (sa.so.bloc)
        so.bloc = sa.bloc_name;
    so.top = top >= 0 ? (size_t)top : (c.fmt == OUT_TABLE ? 30 : 0);
    if (so.robust_draws) {
        so.robust_seed = dr.seed;
        so.robust_threads = dr.threads;
        so.robust_fixed_params = dr.data_only;
        so.robust_fixed_data = dr.params_only;
        so.robust_split = cli_draws_split();
        so.robust_progress = cli_draws_progress();
    } else if (dr.seed || dr.threads || dr.params_only || dr.data_only) {
        cli_engine_cleanup(&e);
        return cli_usage_error("screen", "--seed, --threads, --params-only and --data-only go with --robust N");
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
        size_t bad = 0; /* streamed a row at a time: the same bytes as the whole array's */
        if (!present_screen_json_write(stdout, ctx, m, scr, explain, &bad))
            cli_out_of_memory();
        cli_json_done(stdout, bad);
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
    char head[512];
    if (c.fmt == OUT_TABLE)
        snprintf(head, sizeof head,
                 "Dyads of %d: I/IV first (a stronger state constrained, a weaker one with leverage), then "
                 "II/III, mutual, no verdict, out of scope; each group by %s (%zu shown)\n\n",
               migdip_model_year(m),
               so.rank == MIGDIP_RANK_GDP   ? "remittance dependency, share of GDP"
               : so.rank == MIGDIP_RANK_LF  ? "share of a labour force"
               : so.rank == MIGDIP_RANK_GAP ? "exposure gap"
                                            : "labour migrants in both corridors",
               n);
    if (c.fmt == OUT_TABLE)
        cli_print_prose(&c, head);
    cli_table_print(t, c.fmt, stdout);
    cli_table_free(t);
done:
    migdip_screen_free(scr);
    migdip_model_free(m);
    migdip_ctx_close(ctx);
    cli_engine_cleanup(&e);
    return code;
}
