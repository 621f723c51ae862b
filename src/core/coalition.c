/* coalition.c - subset leverage by the engine's bloc aggregation (docs/model.md §3.3) and exact
 * Shapley values (docs/scenarios.md "Coalitions"). */
#include "core/coalition.h"

#include <string.h>

double mg_coalition_leverage(const migdip_dyad *d) { return d->side[1].exposure - d->side[0].exposure; }

int mg_coalition_values(const mg_panel *p, const mg_params *prm, const size_t *members, size_t k,
                        const mg_actor *against, double *v)
{
    if (k == 0 || k > MG_COALITION_MAX)
        return -1;
    v[0] = 0;
    for (size_t mask = 1; mask < ((size_t)1 << k); mask++) {
        mg_actor a = {.n = 0};
        memcpy(a.name, "COALITION", 10);
        for (size_t i = 0; i < k; i++)
            if (mask & ((size_t)1 << i))
                a.idx[a.n++] = members[i];
        a.is_bloc = a.n > 1;
        migdip_dyad d;
        mg_engine_dyad_eval(p, prm, &a, against, &d);
        v[mask] = mg_coalition_leverage(&d);
    }
    return 0;
}

void mg_coalition_shapley(const double *v, size_t k, double *phi)
{
    /* weight of a subset of size m not containing i: m! (k-m-1)! / k! */
    double wt[MG_COALITION_MAX + 1];
    for (size_t m = 0; m < k; m++) {
        double w = 1.0 / (double)k; /* 1/k times 1 / C(k-1, m) */
        for (size_t j = 1; j <= m; j++)
            w *= (double)j / (double)(k - j);
        wt[m] = w;
    }
    for (size_t i = 0; i < k; i++) {
        double sum = 0;
        size_t bit = (size_t)1 << i;
        for (size_t mask = 0; mask < ((size_t)1 << k); mask++) {
            if (mask & bit)
                continue;
            size_t m = (size_t)__builtin_popcountll((unsigned long long)mask);
            sum += wt[m] * (v[mask | bit] - v[mask]);
        }
        phi[i] = sum;
    }
}
