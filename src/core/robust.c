/* robust.c - Monte Carlo robustness (docs/model.md §7). Each draw k uses its own generator
 * seeded from (seed, k), so a run gives the same probabilities on one thread or many. */
#include "core/robust.h"

#include <math.h>
#include <stdlib.h>
#include <string.h>
#ifdef _OPENMP
#include <omp.h>
#endif

/* Draw k's parameters and data on the scratch panel w (a copy of p's cells). */
static void draw(const mg_panel *p, mg_panel *w, const mg_params *base, const mg_actor *a, const mg_actor *b,
                 const mg_robust_opts *o, const double *unknown, uint64_t k, mg_params *prm, double *u)
{
    uint64_t st = o->seed ^ (0xD1B54A32D192ED03ull * (k + 1));
    *prm = *base;
    for (size_t i = 0; i < mg_params_n_priors; i++) {
        u[i] = mg_rng_uniform(&st);
        if (o->params && !mg_params_shapes_panel(mg_params_priors[i].name)) {
            const mg_params_prior *pr = &mg_params_priors[i];
            mg_params_set_coupled(prm, pr->name, pr->lo + u[i] * (pr->hi - pr->lo));
        }
    }
    if (!o->data)
        return;
    size_t n = p->n, nn = n * n;
    memcpy(w->stock, p->stock, nn * sizeof *p->stock);
    memcpy(w->rshare, p->rshare, nn * sizeof *p->rshare);
    for (size_t c = 0; c < nn; c++)
        if (w->stock[c] > 0)
            w->stock[c] *= exp(MG_ROBUST_SIGMA_STOCK * mg_rng_normal(&st));
    /* the remittance shares of the two sides' members */
    const mg_actor *act[2] = {a, b};
    for (int s = 0; s < 2; s++)
        for (size_t m = 0; m < act[s]->n; m++)
            for (size_t d = 0; d < n; d++) {
                double *x = &w->rshare[act[s]->idx[m] * n + d];
                if (*x > 0)
                    *x = fmin(1, *x * exp(MG_ROBUST_SIGMA_REMIT * mg_rng_normal(&st)));
            }
    mg_panel_totals(w);
    for (size_t d = 0; d < n; d++) /* the hosts' migrants of unknown origin stay in their pools */
        w->immigrants[d] += unknown[d];
}

static int thread_id(void)
{
#ifdef _OPENMP
    return omp_get_thread_num();
#else
    return 0;
#endif
}

static int default_threads(void)
{
#ifdef _OPENMP
    return omp_get_max_threads();
#else
    return 1;
#endif
}

int mg_robust_run(const mg_panel *p, const mg_params *prm, const mg_actor *a, const mg_actor *b,
                  const mg_robust_opts *o, mg_robust_result *out)
{
    memset(out, 0, sizeof *out);
    size_t N = o->draws, np = mg_params_n_priors;
    if (N == 0)
        return 0;
    migdip_dyad base;
    mg_engine_dyad_eval(p, prm, a, b, &base);
    uint8_t (*got)[2] = malloc(N * sizeof *got);
    double *u = malloc(N * np * sizeof *u), *unknown = calloc(p->n ? p->n : 1, sizeof *unknown);
    if (!got || !u || !unknown) {
        free(got);
        free(u);
        free(unknown);
        return -1;
    }
    for (size_t d = 0; d < p->n; d++) {
        double known = 0;
        for (size_t o2 = 0; o2 < p->n; o2++)
            if (o2 != d && p->stock[o2 * p->n + d] > 0)
                known += p->stock[o2 * p->n + d];
        unknown[d] = fmax(0, p->immigrants[d] - known);
    }
    int failed = 0;
    size_t done = 0;
    int threads = o->threads > 0 ? o->threads : default_threads();
    (void)threads;
#pragma omp parallel num_threads(threads) if (N > 1)
    {
        /* without data draws every draw reads the panel as it is: no copy needed */
        mg_panel *w = o->data ? mg_panel_clone(p) : NULL;
        if (o->data && !w) {
#pragma omp atomic write
            failed = 1;
        }
#pragma omp for schedule(dynamic, 16)
        for (size_t k = 0; k < N; k++) {
            if (o->data && !w)
                continue;
            mg_params dp;
            migdip_dyad d;
            draw(p, w, prm, a, b, o, unknown, k, &dp, &u[k * np]);
            mg_engine_dyad_eval(o->data ? w : p, &dp, a, b, &d);
            got[k][0] = (uint8_t)d.quadrant[0];
            got[k][1] = (uint8_t)d.quadrant[1];
            if (o->progress) {
                size_t now;
#pragma omp atomic capture
                now = ++done;
                /* reported by the first thread only (no lock: the callback need not be
                 * thread-safe); the end is reported after the loop */
                if (now % 64 == 0 && now < N && thread_id() == 0)
                    o->progress(o->ud, now, N);
            }
        }
        mg_panel_free(w);
    }
    free(unknown);
    if (o->progress && !failed)
        o->progress(o->ud, N, N);
    if (failed) {
        free(got);
        free(u);
        return -1;
    }
    /* tallies in draw order: the same result on any number of threads */
    size_t same = 0;
    for (size_t k = 0; k < N; k++) {
        out->p[0][got[k][0]] += 1.0 / (double)N;
        out->p[1][got[k][1]] += 1.0 / (double)N;
        same += got[k][0] == base.quadrant[0] && got[k][1] == base.quadrant[1];
    }
    out->draws = N;
    out->p_same = (double)same / (double)N;
    /* sensitivity: the base verdict's frequency in the upper half of a prior against the lower */
    for (size_t i = 0; o->params && i < np; i++) {
        if (mg_params_shapes_panel(mg_params_priors[i].name))
            continue;
        double hi = 0, lo = 0, n_hi = 0, n_lo = 0;
        for (size_t k = 0; k < N; k++) {
            bool s = got[k][0] == base.quadrant[0] && got[k][1] == base.quadrant[1];
            if (u[k * np + i] >= 0.5) {
                hi += s;
                n_hi++;
            } else {
                lo += s;
                n_lo++;
            }
        }
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
    free(got);
    free(u);
    return 0;
}
