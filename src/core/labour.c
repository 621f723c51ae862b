/* labour.c - labour migrants from the UN stocks (docs/model.md §1.1). */
#include "core/labour.h"

#include "core/power.h"

#include <math.h>
#include <stdbool.h>
#include <stdlib.h>

/* §1.1: an origin in a refugee context (those of its people in need of protection, anywhere,
 * are forced_max or more of the persons born there living abroad) has, in each neighbour that
 * holds a high-volume corridor's worth of them (scope_min_stock), a country of first asylum,
 * where registrations undercount: the persons there born in it are read as forced migrants. */
static void first_asylum(mg_panel *p, const mg_params *prm)
{
    size_t n = p->n;
    for (size_t o = 0; o < n; o++) {
        double born = 0, prot = 0;
        for (size_t d = 0; d < n; d++)
            if (d != o) {
                born += p->stock_born[o * n + d];
                prot += fmin(p->protection[o * n + d], p->stock_born[o * n + d]);
            }
        bool context = born > 0 && prot >= prm->forced_max * born;
        for (size_t d = 0; d < n; d++) {
            size_t k = o * n + d;
            p->asylum[k] = context && d != o && p->contig[k] && p->protection[k] >= prm->scope_min_stock;
        }
    }
}

double mg_labour_forced(const mg_panel *p, size_t k)
{
    return p->asylum[k] ? p->stock_born[k] : fmin(p->protection[k], p->stock_born[k]);
}

void mg_labour_stock(mg_panel *p, const mg_params *prm)
{
    size_t nn = p->n * p->n;
    first_asylum(p, prm);
    for (size_t k = 0; k < nn; k++) {
        double net = fmax(0, p->stock_born[k] - mg_labour_forced(p, k));
        double ref = p->stock_ref[k];
        /* shrunk for decades (1), or no larger than when it was a refugee corridor decades ago (2) */
        p->legacy[k] = ref > 0 && p->stock_born[k] < prm->legacy_decline * ref         ? 1
                       : p->refugee_ref[k] > 0 && p->stock_born[k] <= p->refugee_ref[k] ? 2
                                                                                        : 0;
        double lab = p->legacy[k] ? net * prm->legacy_weight : net;
        p->stock[k] = p->recorded[k] > lab ? p->recorded[k] : lab;
    }
}

/* A share the World Bank matrix gives (observed, or carried from a distant matrix year). */
static int remit_from_matrix(const mg_panel *p, size_t k)
{
    return (p->rshare_flag[k] == MIGDIP_FLAG_OBSERVED || p->rshare_flag[k] == MIGDIP_FLAG_CARRIED) &&
           !isnan(p->rshare[k]);
}

/* Labour migrants per foreign-born person of a corridor; 1 where the UN counts nobody (the
 * matrix share then stands as published). */
static double labour_ratio(const mg_panel *p, size_t k)
{
    return p->stock_born[k] > 0 ? p->stock[k] / p->stock_born[k] : 1;
}

void mg_labour_remit_adjust(mg_panel *p)
{
    size_t n = p->n;
    for (size_t o = 0; o < n; o++) {
        /* the matrix's share of o's remittances (T) reallocated in proportion to share x labour
         * migrants / foreign-born persons (U): the World Bank's allocation by stocks, redone on
         * the stocks of workers */
        double total = 0, weighted = 0;
        for (size_t d = 0; d < n; d++) {
            size_t k = o * n + d;
            if (!remit_from_matrix(p, k))
                continue;
            total += p->rshare[k];
            weighted += p->rshare[k] * labour_ratio(p, k);
        }
        if (!(weighted > 0))
            continue;
        for (size_t d = 0; d < n; d++) {
            size_t k = o * n + d;
            if (remit_from_matrix(p, k))
                p->rshare[k] *= labour_ratio(p, k) * total / weighted;
        }
    }
}

double mg_labour_recorded(double per_year, const mg_params *prm) { return per_year > 0 ? per_year * prm->flow_stay : 0; }

void mg_labour_force_fill(mg_panel *p, const double *employment)
{
    size_t n = p->n;
    double stack[MG_POWER_STACK] = {0}, *lf = n <= MG_POWER_STACK ? stack : calloc(n, sizeof *lf);
    if (!lf)
        return; /* more states than a panel holds, and no memory: the gap stays, and is named */
    for (size_t i = 0; i < n; i++)
        lf[i] = p->lf[i].flag != MIGDIP_FLAG_MISSING && p->lf[i].value > 0 ? p->lf[i].value : NAN;
    double ratio = mg_power_bridge_ratio(lf, employment, n);
    for (size_t i = 0; i < n && isfinite(ratio); i++)
        if (isnan(lf[i]) && employment[i] > 0)
            p->lf[i] = (migdip_value){employment[i] * ratio, MIGDIP_FLAG_DERIVED, p->year};
    if (lf != stack)
        free(lf);
}
