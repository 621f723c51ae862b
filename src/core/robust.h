/* robust.h - Monte Carlo robustness of a dyad's verdict (docs/model.md §7): draws over the
 * model's parameters (uniform in their prior ranges, core/params.h) and over the data (migrant
 * stocks and bilateral remittance shares with documented relative errors), giving each side's
 * probability of each logic and the parameters the verdict is most sensitive to. Reproducible
 * from the seed whatever the number of threads. Pure computation on the panel. */
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
    void (*progress)(void *ud, size_t done, size_t total); /* called from one thread, or NULL */
    void *ud;
} mg_robust_opts;

#define MG_ROBUST_TOP 3

typedef struct mg_robust_result {
    size_t draws;
    double p[2][MIGDIP_Q_OUT + 1];  /* probability of each logic, per side (index migdip_quadrant) */
    double p_same;                  /* probability of the base verdict (both sides) */
    const char *sensitive[MG_ROBUST_TOP]; /* parameters whose range moves the verdict most */
    double effect[MG_ROBUST_TOP];   /* |P(base | upper half) - P(base | lower half)| */
} mg_robust_result;

/* Run the draws for {a, b} on p with base parameters prm. 0 on success, -1 out of memory. */
int mg_robust_run(const mg_panel *p, const mg_params *prm, const mg_actor *a, const mg_actor *b,
                  const mg_robust_opts *o, mg_robust_result *out);

#endif
