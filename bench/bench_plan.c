/* bench_plan.c - how fast the diversification planner searches on the real panel: one state's
 * whole greedy plan with its quadrant bisection (Nepal against the GCC, Malaysia against
 * Indonesia, the Philippines against its most exposed partner), and a 12-member coalition's
 * 4,096 subset evaluations. The model is loaded once; each figure is the median of --runs runs.
 * usage: bench_plan --db FILE [--year Y] [--runs N] */
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <time.h>

#include "bench.h"

#include "migdip/migdip.h"

int main(int argc, char **argv)
{
    const char *db = NULL;
    int year = 2020, runs = 9, rc = 1;
    for (int i = 1; i + 1 < argc; i += 2) {
        if (!strcmp(argv[i], "--db"))
            db = argv[i + 1];
        else if (!strcmp(argv[i], "--year"))
            year = atoi(argv[i + 1]);
        else if (!strcmp(argv[i], "--runs"))
            runs = atoi(argv[i + 1]);
    }
    if (!db || runs < 1 || runs > 101) {
        fprintf(stderr, "usage: bench_plan --db FILE [--year Y] [--runs N]\n");
        return 2;
    }
    migdip_ctx *ctx = NULL;
    migdip_model *m = NULL;
    double *t = calloc((size_t)runs, sizeof *t);
    if (migdip_ctx_open(db, &ctx))
        goto fail;
    double t0 = bench_now();
    migdip_model_opts mo = {.year = year};
    if (migdip_model_load(ctx, &mo, &m))
        goto fail;
    printf("model load %d: %.1f ms\n", year, 1e3 * (bench_now() - t0));
    static const char *const cases[][2] = {{"NPL", "GCC"}, {"MYS", "IDN"}, {"PHL", NULL}};
    for (size_t c = 0; c < sizeof cases / sizeof *cases; c++) {
        migdip_plan_opts o = {.state = cases[c][0], .against = cases[c][1]};
        migdip_plan *pl = NULL;
        for (int r = 0; r < runs; r++) {
            double s = bench_now();
            if (migdip_plan_run(ctx, m, &o, &pl))
                goto fail;
            t[r] = bench_now() - s;
            if (r + 1 < runs) {
                migdip_plan_free(pl);
                pl = NULL;
            }
        }
        printf("plan %s against %s: median %.1f ms over %d runs (%zu candidates, %zu destinations, %.0f moved)\n",
               cases[c][0], pl->partner.name, 1e3 * bench_median(t, runs), runs, pl->n_candidates, pl->n_destinations,
               pl->moved);
        migdip_plan_free(pl);
    }
    static const char *const many[] = {"NPL", "BGD", "PAK", "LKA", "IND", "PHL", "IDN", "EGY", "ETH", "KEN", "UGA", "MMR"};
    migdip_coalition co;
    for (int r = 0; r < runs; r++) {
        double s = bench_now();
        if (migdip_coalition_run(ctx, m, many, 12, "GCC", &co))
            goto fail;
        t[r] = bench_now() - s;
    }
    printf("coalition of 12 against GCC (4,096 subsets): median %.1f ms over %d runs\n", 1e3 * bench_median(t, runs), runs);
    rc = 0;
    goto done;
fail:
    fprintf(stderr, "bench_plan: %s\n", ctx ? migdip_ctx_errmsg(ctx) : "cannot open the store");
done:
    free(t);
    migdip_model_free(m);
    migdip_ctx_close(ctx);
    return rc;
}
