/* bench_screen.c - how fast the engine screens: every dyad of one year, and every year the
 * store holds (annual panels, interpolated between UN years). Loading a panel from the store
 * and screening it are timed apart; each figure is the median of --runs runs.
 * usage: bench_screen --db FILE [--year Y] [--runs N] [--from Y0 --to Y1] */
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <time.h>

#include "bench.h"

#include "migdip/migdip.h"

int main(int argc, char **argv)
{
    const char *db = NULL;
    int year = 2020, runs = 7, from = 1990, to = 2025;
    for (int i = 1; i + 1 < argc; i += 2) {
        if (!strcmp(argv[i], "--db"))
            db = argv[i + 1];
        else if (!strcmp(argv[i], "--year"))
            year = atoi(argv[i + 1]);
        else if (!strcmp(argv[i], "--runs"))
            runs = atoi(argv[i + 1]);
        else if (!strcmp(argv[i], "--from"))
            from = atoi(argv[i + 1]);
        else if (!strcmp(argv[i], "--to"))
            to = atoi(argv[i + 1]);
    }
    if (!db || runs < 1 || runs > 101) {
        fprintf(stderr, "usage: bench_screen --db FILE [--year Y] [--runs N] [--from Y0 --to Y1]\n");
        return 2;
    }
    migdip_ctx *ctx = NULL;
    if (migdip_ctx_open(db, &ctx)) {
        fprintf(stderr, "bench_screen: %s\n", migdip_ctx_errmsg(ctx));
        return 1;
    }
    double *load = calloc((size_t)runs, sizeof *load), *screen = calloc((size_t)runs, sizeof *screen);
    size_t n_dyads = 0;
    migdip_screen_opts so = {.min_stock = 1}; /* every pair with any migrant in either direction */
    for (int r = 0; r < runs; r++) {
        migdip_model_opts mo = {.year = year};
        migdip_model *m = NULL;
        double t0 = bench_now();
        if (migdip_model_load(ctx, &mo, &m)) {
            fprintf(stderr, "bench_screen: %s\n", migdip_ctx_errmsg(ctx));
            return 1;
        }
        double t1 = bench_now();
        migdip_screen *scr = NULL;
        if (migdip_screen_run(ctx, m, &so, &scr)) {
            fprintf(stderr, "bench_screen: %s\n", migdip_ctx_errmsg(ctx));
            return 1;
        }
        double t2 = bench_now();
        load[r] = t1 - t0;
        screen[r] = t2 - t1;
        n_dyads = scr->n;
        migdip_screen_free(scr);
        migdip_model_free(m);
    }
    printf("one year (%d): %zu dyads with any migrant; load median %.1f ms, screen median %.1f ms (%d runs)\n",
           year, n_dyads, 1e3 * bench_median(load, runs), 1e3 * bench_median(screen, runs), runs);
    /* every year: load all panels once, then time screening all of them */
    int ny = to - from + 1;
    migdip_model **ms = calloc((size_t)ny, sizeof *ms);
    double t0 = bench_now();
    int loaded = 0;
    for (int y = 0; y < ny; y++) {
        migdip_model_opts mo = {.year = from + y};
        if (migdip_model_load(ctx, &mo, &ms[y]) == MIGDIP_OK)
            loaded++;
    }
    double t_load_all = bench_now() - t0;
    size_t total = 0;
    for (int r = 0; r < runs; r++) {
        double t1 = bench_now();
        total = 0;
        for (int y = 0; y < ny; y++) {
            if (!ms[y])
                continue;
            migdip_screen *scr = NULL;
            if (migdip_screen_run(ctx, ms[y], &so, &scr) == MIGDIP_OK)
                total += scr->n;
            migdip_screen_free(scr);
        }
        screen[r] = bench_now() - t1;
    }
    printf("every year %d-%d (%d panels): %zu dyad-years; load all %.0f ms once, screen all median %.1f ms (%d runs)\n",
           from, to, loaded, total, 1e3 * t_load_all, 1e3 * bench_median(screen, runs), runs);
    for (int y = 0; y < ny; y++)
        migdip_model_free(ms[y]);
    free(ms);
    free(load);
    free(screen);
    migdip_ctx_close(ctx);
    return 0;
}
