/* robust.h - Monte Carlo robustness of verdicts (docs/model.md §7): draws over the model's
 * parameters (uniform in their prior ranges, core/params.h) and over the data (migrant stocks
 * and bilateral remittance shares with documented relative errors), giving each side's
 * probability of each logic and the parameters the verdict is most sensitive to; for one dyad
 * (any actors, through the engine) or for many dyads of states (a screen, through
 * core/ensemble.h). Draw k is the same whoever computes it: its generator is seeded from
 * (seed, k), so the draws can be shared among threads or processes, each computing a range of
 * them and counting outcomes in integers that add up exactly. Pure computation on the panel. */
#ifndef MG_ROBUST_H
#define MG_ROBUST_H

#include "core/engine.h"

/* The relative errors of the data (docs/model.md §7). */
#define MG_ROBUST_SIGMA_STOCK 0.20 /* lognormal: the 2024 edition's revisions of 2020 */
#define MG_ROBUST_SIGMA_REMIT 0.30 /* lognormal: modelled bilateral remittance shares */

typedef struct mg_robust_opts {
    size_t draws;
    uint64_t seed;
    int threads;        /* 0: OpenMP's default */
    bool params, data;  /* draw the parameters, the data (both by default in the API) */
    size_t begin, end;  /* the draws computed here, [begin, end); end 0: all of them */
    bool scaled;        /* spread every range by `spread`: a parameter drawn at x is set to
                         * base + spread * (x - base), the data's relative errors are the
                         * documented ones times spread (0: nothing drawn, 1: as unscaled;
                         * above 1 a value outside a parameter's domain is not set) */
    double spread;
    void (*progress)(void *ud, size_t done, size_t total); /* called from one thread, or NULL */
    void *ud;
} mg_robust_opts;

#define MG_ROBUST_TOP 3
#define MG_ROBUST_NQ (MIGDIP_Q_OUT + 1)
#define MG_ROBUST_MAX_PRIORS 40

/* What a run counts, in integers: the counts of ranges of draws add up to those of the whole.
 * Index with the MG_RC_ macros; MG_RC_N counters in all. */
#define MG_RC_Q(side, q) ((side) * MG_ROBUST_NQ + (q))   /* draws giving side this logic */
#define MG_RC_SAME (2 * MG_ROBUST_NQ)                     /* draws giving the base verdict */
#define MG_RC_HI(i) (MG_RC_SAME + 1 + 2 * (i))            /* draws in prior i's upper half */
#define MG_RC_HI_SAME(i) (MG_RC_HI(i) + 1)                /* of those, with the base verdict */
#define MG_RC_N (MG_RC_HI(MG_ROBUST_MAX_PRIORS))

typedef struct mg_robust_result {
    size_t draws;
    double p[2][MG_ROBUST_NQ];      /* probability of each logic, per side (index migdip_quadrant) */
    double p_same;                  /* probability of the base verdict (both sides) */
    const char *sensitive[MG_ROBUST_TOP]; /* parameters whose range moves the verdict most */
    double effect[MG_ROBUST_TOP];   /* |P(base | upper half) - P(base | lower half)| */
} mg_robust_result;

/* Count the draws o->begin..o->end of {a, b} on p with base parameters prm into counts
 * (MG_RC_N, zeroed here). 0 on success, -1 out of memory. */
int mg_robust_count(const mg_panel *p, const mg_params *prm, const mg_actor *a, const mg_actor *b,
                    const mg_robust_opts *o, uint64_t *counts);
/* The probabilities and the most sensitive parameters from the counts of all o->draws draws
 * with base verdict base. */
void mg_robust_finish(const uint64_t *counts, const mg_robust_opts *o, const migdip_dyad *base,
                      mg_robust_result *out);
/* Both, over every draw. 0 on success, -1 out of memory. */
int mg_robust_run(const mg_panel *p, const mg_params *prm, const mg_actor *a, const mg_actor *b,
                  const mg_robust_opts *o, mg_robust_result *out);

/* The robustness screen: the draws o->begin..o->end for the dyads of states pairs[k] = {i, j}
 * whose base verdicts are base[k][2]; counts[k * MG_RS_N + ...] (zeroed here) per dyad: the
 * draws giving each side each logic (MG_RC_Q) and the base verdict (MG_RS_SAME). 0 on success,
 * -1 out of memory. */
#define MG_RS_SAME (2 * MG_ROBUST_NQ)
#define MG_RS_N (MG_RS_SAME + 1)
int mg_robust_screen(const mg_panel *p, const mg_params *prm, const size_t (*pairs)[2], const uint8_t (*base)[2],
                     size_t n_pairs, const mg_robust_opts *o, uint64_t *counts);

/* What every draw of the data needs of panel p: each host's migrants of unknown origin
 * (immigrants beyond the bilateral stocks) and the positive cells, which alone a draw changes. */
typedef struct mg_robust_plan {
    double *unknown;                /* [p->n] */
    uint32_t *stock, *rshare;       /* positive stock and remittance-share cells, in cell order */
    size_t n_stock, n_rshare;
} mg_robust_plan;
int mg_robust_plan_init(const mg_panel *p, mg_robust_plan *pl); /* -1 out of memory */
void mg_robust_plan_free(mg_robust_plan *pl);

/* Draw k's parameters (uniform within the priors when o->params; u[i] the uniform drawn for
 * prior i) and, when o->data, its data on w (a copy of p: every positive stock, then every
 * positive remittance share, in cell order, then the totals). */
void mg_robust_draw(const mg_panel *p, mg_panel *w, const mg_params *base, const mg_robust_opts *o,
                    const mg_robust_plan *pl, uint64_t k, mg_params *prm, double *u, double *scratch);
/* The doubles mg_robust_draw's scratch holds (one thread's; unused without data draws). */
size_t mg_robust_scratch_len(const mg_robust_plan *pl);

#endif
