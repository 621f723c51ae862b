/* tu_panel.h - hand-computed panels of the unit tests written before the rules of session 4
 * (docs/model.md §2.2 pool weight, §2.5 sender control): those tests pin other factors, so
 * their panels give every sender a controlled channel and their parameters count the pool
 * share fully. The new rules have tests of their own (test_rules.c). */
#ifndef TU_PANEL_H
#define TU_PANEL_H

#include <math.h>
#include <stdint.h>
#include <stdio.h>
#include <string.h>

#include "core/panel.h"
#include "core/params.h"

static inline void tu_panel_plain(mg_panel *p) { memset(p->channel, 1, p->n * p->n); }

static inline void tu_params_plain(mg_params *prm)
{
    mg_params_default(prm);
    prm->pool_lf_scale = 1e-9;
}

/* A panel of n states (codes S00, S01, ...; n <= 100) drawn from seed: stocks in three pairs
 * of five, subregions, distances, language and scheme ties, women's shares, remittance
 * shares, labour forces, incomes and economies; totals computed, channels plain. For checks
 * that two ways of computing give the same result to the last bit, not for hand figures. */
static inline uint64_t tu_lcg(uint64_t *x)
{
    *x = *x * 6364136223846793005ULL + 1442695040888963407ULL;
    return *x >> 33;
}

static inline double tu_unif(uint64_t *x) { return (double)tu_lcg(x) / 2147483648.0; }

static inline migdip_value tu_v(double x) { return (migdip_value){x, MIGDIP_FLAG_OBSERVED, 2020}; }

static inline mg_panel *tu_panel_random(size_t n, uint64_t seed)
{
    static char codes[100][4];
    mg_panel *p = mg_panel_new(n, 2020);
    if (!p)
        return NULL;
    for (size_t i = 0; i < n; i++) {
        snprintf(codes[i], sizeof codes[i], "S%02zu", i % 100);
        memcpy(p->iso3[i], codes[i], 4);
        p->name[i] = codes[i];
        p->subregion[i] = (int)(tu_lcg(&seed) % 4);
        p->lf[i] = tu_v(1e6 + 2e7 * tu_unif(&seed));
        p->gdppc_ppp[i] = tu_v(2000 + 60000 * tu_unif(&seed));
        p->gdp_usd[i] = tu_v(1e9 + 1e12 * tu_unif(&seed));
        p->pop[i] = tu_v(1e6 + 1e8 * tu_unif(&seed));
        p->remit_usd[i] = tu_v(1e8 * tu_unif(&seed));
        for (size_t j = 0; j < n; j++) {
            size_t c = i * n + j;
            if (i == j)
                continue;
            p->stock[c] = tu_unif(&seed) < 0.6 ? floor(200000 * tu_unif(&seed) * tu_unif(&seed)) : 0;
            p->stock_born[c] = p->stock[c];
            p->dist[c] = 300 + 9000 * tu_unif(&seed);
            p->lang[c] = tu_unif(&seed) < 0.3;
            p->scheme[c] = tu_unif(&seed) < 0.2;
            p->female[c] = (float)tu_unif(&seed);
            p->rshare[c] = tu_unif(&seed) / (double)n;
            p->rshare_flag[c] = MIGDIP_FLAG_OBSERVED;
        }
    }
    mg_panel_totals(p);
    tu_panel_plain(p);
    return p;
}

#endif
