/* robust.c - Monte Carlo robustness (docs/model.md §7). Each draw k uses its own generator
 * seeded from (seed, k), so a run gives the same counts on one thread or many, in one process
 * or split among several. */
#include "core/robust.h"

#include <math.h>
#include <stdlib.h>
#include <string.h>
#ifdef _OPENMP
#include <omp.h>
#endif

#include "core/ensemble.h"
#include "core/lognormal.h"

size_t mg_robust_scratch_len(const mg_robust_plan *pl)
{
    size_t pairs = (pl->n_stock + pl->n_rshare + 1) / 2;
    return 6 * pairs + 1; /* uniforms, normals, and the radii or the factors: 2 pairs each */
}

void mg_robust_plan_free(mg_robust_plan *pl)
{
    free(pl->unknown);
    free(pl->stock);
    free(pl->rshare);
    memset(pl, 0, sizeof *pl);
}

int mg_robust_plan_init(const mg_panel *p, mg_robust_plan *pl)
{
    size_t n = p->n, nn = n * n;
    memset(pl, 0, sizeof *pl);
    pl->unknown = calloc(n ? n : 1, sizeof *pl->unknown);
    pl->stock = malloc((nn ? nn : 1) * sizeof *pl->stock);
    pl->rshare = malloc((nn ? nn : 1) * sizeof *pl->rshare);
    if (!pl->unknown || !pl->stock || !pl->rshare) {
        mg_robust_plan_free(pl);
        return -1;
    }
    for (size_t d = 0; d < n; d++) {
        double known = 0;
        for (size_t o2 = 0; o2 < n; o2++)
            if (o2 != d && p->stock[o2 * n + d] > 0)
                known += p->stock[o2 * n + d];
        pl->unknown[d] = fmax(0, p->immigrants[d] - known);
    }
    for (size_t c = 0; c < nn; c++) {
        if (p->stock[c] > 0)
            pl->stock[pl->n_stock++] = (uint32_t)c;
        if (p->rshare[c] > 0)
            pl->rshare[pl->n_rshare++] = (uint32_t)c;
    }
    return 0;
}

void mg_robust_draw(const mg_panel *p, mg_panel *w, const mg_params *base, const mg_robust_opts *o,
                    const mg_robust_plan *pl, uint64_t k, mg_params *prm, double *u, double *scratch)
{
    uint64_t st = o->seed ^ (0xD1B54A32D192ED03ull * (k + 1));
    *prm = *base;
    for (size_t i = 0; i < mg_params_n_priors; i++) {
        u[i] = mg_rng_uniform(&st);
        if (o->params && !mg_params_shapes_panel(mg_params_priors[i].name)) {
            const mg_params_prior *pr = &mg_params_priors[i];
            double x = pr->lo + u[i] * (pr->hi - pr->lo), cur;
            if (o->scaled && mg_params_get(base, pr->name, &cur))
                x = cur + o->spread * (x - cur);
            mg_params_set_coupled(prm, pr->name, x);
        }
    }
    if (!o->data)
        return;
    double ss = MG_ROBUST_SIGMA_STOCK * (o->scaled ? o->spread : 1);
    double sr = MG_ROBUST_SIGMA_REMIT * (o->scaled ? o->spread : 1);
    /* one normal a cell, every positive stock then every positive share, in pairs of uniforms
     * drawn in order (Box-Muller); computed a whole draw at a time, in vectors (lognormal.c) */
    size_t ns = pl->n_stock, nr = pl->n_rshare, pairs = (ns + nr + 1) / 2;
    double *uni = scratch, *z = scratch + 2 * pairs, *rad = scratch + 4 * pairs, *f = rad;
    for (size_t i = 0; i < 2 * pairs; i++)
        uni[i] = mg_rng_uniform(&st);
    mg_lognormal_normals(z, rad, uni, pairs);
    /* w is a copy of p: only the positive cells change (the same draw for a dyad alone or for
     * a whole screen) */
    mg_exp_scaled(f, z, ss, ns);
    for (size_t i = 0; i < ns; i++) {
        uint32_t c = pl->stock[i];
        w->stock[c] = p->stock[c] * f[i];
    }
    mg_exp_scaled(f, z + ns, sr, nr);
    for (size_t i = 0; i < nr; i++) {
        uint32_t c = pl->rshare[i];
        w->rshare[c] = fmin(1, p->rshare[c] * f[i]);
    }
    mg_ensemble_totals(w, pl->stock, pl->n_stock);
    for (size_t d = 0; d < p->n; d++) /* the hosts' migrants of unknown origin stay in their pools */
        w->immigrants[d] += pl->unknown[d];
}

static int thread_id(void)
{
#ifdef _OPENMP
    return omp_get_thread_num();
#else
    return 0;
#endif
}

/* Draws of the parameters only, for one dyad, below which the default is one thread: each
 * costs microseconds, less than starting a team (the explanation's 100 draws). Draws of the
 * data (a millisecond each: the stocks redrawn, the totals redone) always use the default
 * threads; threads asked for are always used. */
enum { ROBUST_PAR_MIN_DRAWS = 2000 };

static int default_threads(void)
{
#ifdef _OPENMP
    return omp_get_max_threads();
#else
    return 1;
#endif
}

static bool same_verdict(const uint8_t q[2], const migdip_dyad *base)
{
    return q[0] == base->quadrant[0] && q[1] == base->quadrant[1];
}

static size_t range_end(const mg_robust_opts *o) { return o->end ? o->end : o->draws; }

int mg_robust_count(const mg_panel *p, const mg_params *prm, const mg_actor *a, const mg_actor *b,
                    const mg_robust_opts *o, uint64_t *counts)
{
    memset(counts, 0, MG_RC_N * sizeof *counts);
    size_t begin = o->begin, end = range_end(o), np = mg_params_n_priors;
    if (begin >= end)
        return 0;
    migdip_dyad base;
    mg_engine_dyad_eval(p, prm, a, b, &base);
    size_t todo = end - begin;
    int threads = o->threads > 0                            ? o->threads
                  : !o->data && todo < ROBUST_PAR_MIN_DRAWS ? 1
                                                            : default_threads();
    uint64_t *local = calloc((size_t)threads * MG_RC_N, sizeof *local);
    mg_robust_plan pl;
    bool planned = mg_robust_plan_init(p, &pl) == 0;
    if (!local || !planned) {
        free(local);
        if (planned)
            mg_robust_plan_free(&pl);
        return -1;
    }
    int failed = 0;
    size_t done = 0;
    long lo = (long)begin, hi = (long)end;
#pragma omp parallel num_threads(threads) if (todo > 1 && threads > 1)
    {
        /* without data draws every draw reads the panel as it is: no copy needed */
        mg_panel *w = o->data ? mg_panel_clone(p) : NULL;
        double *scratch = o->data ? malloc(mg_robust_scratch_len(&pl) * sizeof *scratch) : NULL;
        uint64_t *c = &local[(size_t)thread_id() * MG_RC_N];
        bool ready = !o->data || (w && scratch);
        if (!ready) {
#pragma omp atomic write
            failed = 1;
        }
#pragma omp for schedule(dynamic, 16)
        for (long k = lo; k < hi; k++) {
            if (!ready)
                continue;
            mg_params dp;
            migdip_dyad d;
            double u[MG_ROBUST_MAX_PRIORS];
            mg_robust_draw(p, w, prm, o, &pl, (uint64_t)k, &dp, u, scratch);
            mg_engine_dyad_eval(o->data ? w : p, &dp, a, b, &d);
            uint8_t q[2] = {(uint8_t)d.quadrant[0], (uint8_t)d.quadrant[1]};
            bool same = same_verdict(q, &base);
            c[MG_RC_Q(0, q[0])]++;
            c[MG_RC_Q(1, q[1])]++;
            c[MG_RC_SAME] += same;
            for (size_t i = 0; i < np; i++)
                if (u[i] >= 0.5) {
                    c[MG_RC_HI(i)]++;
                    c[MG_RC_HI_SAME(i)] += same;
                }
            if (o->progress) {
                size_t now;
#pragma omp atomic capture
                now = ++done;
                /* reported by the first thread only (no lock: the callback need not be
                 * thread-safe); the end is reported after the loop */
                if (now % 64 == 0 && now < todo && thread_id() == 0)
                    o->progress(o->ud, now, todo);
            }
        }
        free(scratch);
        mg_panel_free(w);
    }
    mg_robust_plan_free(&pl);
    if (o->progress && !failed)
        o->progress(o->ud, todo, todo);
    /* integers: the same sums in any order, on any number of threads */
    for (int t = 0; t < threads; t++)
        for (size_t i = 0; i < MG_RC_N; i++)
            counts[i] += local[(size_t)t * MG_RC_N + i];
    free(local);
    return failed ? -1 : 0;
}

void mg_robust_finish(const uint64_t *counts, const mg_robust_opts *o, const migdip_dyad *base,
                      mg_robust_result *out)
{
    memset(out, 0, sizeof *out);
    size_t N = o->draws;
    (void)base;
    if (N == 0)
        return;
    for (int s = 0; s < 2; s++)
        for (int q = 0; q < MG_ROBUST_NQ; q++)
            out->p[s][q] = (double)counts[MG_RC_Q(s, q)] / (double)N;
    out->draws = N;
    out->p_same = (double)counts[MG_RC_SAME] / (double)N;
    /* sensitivity: the base verdict's frequency in the upper half of a prior against the lower */
    for (size_t i = 0; o->params && i < mg_params_n_priors; i++) {
        if (mg_params_shapes_panel(mg_params_priors[i].name))
            continue;
        double n_hi = (double)counts[MG_RC_HI(i)], hi = (double)counts[MG_RC_HI_SAME(i)];
        double n_lo = (double)N - n_hi, lo = (double)counts[MG_RC_SAME] - hi;
        double eff = n_hi > 0 && n_lo > 0 ? fabs(hi / n_hi - lo / n_lo) : 0;
        for (int t = 0; t < MG_ROBUST_TOP; t++)
            if (!out->sensitive[t] || eff > out->effect[t]) {
                for (int v = MG_ROBUST_TOP - 1; v > t; v--) {
                    out->sensitive[v] = out->sensitive[v - 1];
                    out->effect[v] = out->effect[v - 1];
                }
                out->sensitive[t] = mg_params_priors[i].name;
                out->effect[t] = eff;
                break;
            }
    }
}

int mg_robust_run(const mg_panel *p, const mg_params *prm, const mg_actor *a, const mg_actor *b,
                  const mg_robust_opts *o, mg_robust_result *out)
{
    memset(out, 0, sizeof *out);
    if (o->draws == 0)
        return 0;
    uint64_t counts[MG_RC_N];
    mg_robust_opts all = *o;
    all.begin = 0;
    all.end = o->draws;
    if (mg_robust_count(p, prm, a, b, &all, counts))
        return -1;
    migdip_dyad base;
    mg_engine_dyad_eval(p, prm, a, b, &base);
    mg_robust_finish(counts, o, &base, out);
    return 0;
}

int mg_robust_screen(const mg_panel *p, const mg_params *prm, const size_t (*pairs)[2], const uint8_t (*base)[2],
                     size_t n_pairs, const mg_robust_opts *o, uint64_t *counts)
{
    size_t per = n_pairs * MG_RS_N;
    memset(counts, 0, per * sizeof *counts);
    size_t begin = o->begin, end = range_end(o);
    if (begin >= end || n_pairs == 0)
        return 0;
    int threads = o->threads > 0 ? o->threads : default_threads();
    mg_ensemble *e = mg_ensemble_new(p, prm, pairs, n_pairs);
    uint64_t *local = calloc((size_t)threads * per, sizeof *local);
    mg_robust_plan pl;
    bool planned = mg_robust_plan_init(p, &pl) == 0;
    if (!e || !local || !planned) {
        mg_ensemble_free(e);
        free(local);
        if (planned)
            mg_robust_plan_free(&pl);
        return -1;
    }
    int failed = 0;
    size_t done = 0, todo = end - begin;
    long lo = (long)begin, hi = (long)end;
#pragma omp parallel num_threads(threads) if (todo > 1)
    {
        mg_panel *w = o->data ? mg_panel_clone(p) : NULL;
        mg_ensemble_work *wk = mg_ensemble_work_new(e);
        uint8_t(*q)[2] = malloc(n_pairs * sizeof *q);
        double *scratch = o->data ? malloc(mg_robust_scratch_len(&pl) * sizeof *scratch) : NULL;
        uint64_t *c = &local[(size_t)thread_id() * per];
        bool ok = wk && q && (!o->data || (w && scratch));
        if (!ok) {
#pragma omp atomic write
            failed = 1;
        }
#pragma omp for schedule(dynamic, 1)
        for (long k = lo; k < hi; k++) {
            if (!ok)
                continue;
            mg_params dp;
            double u[MG_ROBUST_MAX_PRIORS];
            mg_robust_draw(p, w, prm, o, &pl, (uint64_t)k, &dp, u, scratch);
            mg_ensemble_eval(e, wk, o->data ? w : p, &dp, q, NULL);
            for (size_t r = 0; r < n_pairs; r++) {
                uint64_t *cr = &c[r * MG_RS_N];
                cr[MG_RC_Q(0, q[r][0])]++;
                cr[MG_RC_Q(1, q[r][1])]++;
                cr[MG_RS_SAME] += q[r][0] == base[r][0] && q[r][1] == base[r][1];
            }
            if (o->progress) {
                size_t now;
#pragma omp atomic capture
                now = ++done;
                if (now < todo && thread_id() == 0)
                    o->progress(o->ud, now, todo);
            }
        }
        free(q);
        free(scratch);
        mg_ensemble_work_free(wk);
        mg_panel_free(w);
    }
    mg_robust_plan_free(&pl);
    mg_ensemble_free(e);
    if (o->progress && !failed)
        o->progress(o->ud, todo, todo);
    for (int t = 0; t < threads; t++)
        for (size_t i = 0; i < per; i++)
            counts[i] += local[(size_t)t * per + i];
    free(local);
    return failed ? -1 : 0;
}
