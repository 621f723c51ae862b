/* bench_simulate.c - how fast the disruption simulator runs: a 24-month simulation of one
 * corridor (substitutability over every alternative sender, the month loop, the panel cloned
 * and both dyads evaluated before and after), and a credibility reading with its lever
 * searches. The model is loaded once, untimed; each figure is the median of --runs runs.
 * usage: bench_simulate --db FILE [--year Y] [--runs N] [--a IDN --b MYS] */
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <time.h>

#include "bench.h"

#include "migdip/migdip.h"

int main(int argc, char **argv)
{
    const char *db = NULL, *a = "IDN", *b = "MYS";
    int year = 2020, runs = 51;
    for (int i = 1; i + 1 < argc; i += 2) {
        if (!strcmp(argv[i], "--db"))
            db = argv[i + 1];
        else if (!strcmp(argv[i], "--year"))
            year = atoi(argv[i + 1]);
        else if (!strcmp(argv[i], "--runs"))
            runs = atoi(argv[i + 1]);
        else if (!strcmp(argv[i], "--a"))
            a = argv[i + 1];
        else if (!strcmp(argv[i], "--b"))
            b = argv[i + 1];
    }
    if (!db || runs < 1 || runs > 10001) {
        fprintf(stderr, "usage: bench_simulate --db FILE [--year Y] [--runs N] [--a IDN --b MYS]\n");
        return 2;
    }
    migdip_ctx *ctx = NULL;
    migdip_model *m = NULL;
    migdip_model_opts mo = {.year = year};
    if (migdip_ctx_open(db, &ctx) || migdip_model_load(ctx, &mo, &m)) {
        fprintf(stderr, "bench_simulate: %s\n", migdip_ctx_errmsg(ctx));
        return 1;
    }
    migdip_shock ban = {.kind = MIGDIP_SHOCK_BAN, .share = 1, .start = 0, .months = 12};
    migdip_sim_opts o = {.a = a, .b = b, .shocks = &ban, .n_shocks = 1};
    migdip_sim_params_default(&o.params);
    double *sim = calloc((size_t)runs, sizeof *sim), *cred = calloc((size_t)runs, sizeof *cred);
    if (!sim || !cred)
        return 3;
    size_t corridors = 0;
    for (int r = 0; r < runs; r++) {
        migdip_sim_result *res = NULL;
        double t0 = bench_now();
        if (migdip_sim_run(ctx, m, &o, &res)) {
            fprintf(stderr, "bench_simulate: %s\n", migdip_ctx_errmsg(ctx));
            return 1;
        }
        double t1 = bench_now();
        corridors = res->n_corridors;
        migdip_sim_result_free(res);
        migdip_sim_opts oc = o;
        oc.n_shocks = 0; /* the default threat, with the lever searches */
        migdip_cred_result cr;
        double t2 = bench_now();
        if (migdip_credibility_run(ctx, m, &oc, &cr)) {
            fprintf(stderr, "bench_simulate: %s\n", migdip_ctx_errmsg(ctx));
            return 1;
        }
        double t3 = bench_now();
        sim[r] = t1 - t0;
        cred[r] = t3 - t2;
    }
    printf("simulate %s %s (%d, 24 months, %zu corridor%s): median %.3f ms; credibility with levers: median %.3f ms "
           "(%d runs)\n",
           a, b, year, corridors, corridors == 1 ? "" : "s", 1e3 * bench_median(sim, runs), 1e3 * bench_median(cred, runs), runs);
    free(sim);
    free(cred);
    migdip_model_free(m);
    migdip_ctx_close(ctx);
    return 0;
}
