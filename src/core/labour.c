/* labour.c - labour migrants from the UN stocks (docs/model.md §1.1). */
#include "core/labour.h"

#include <math.h>

void mg_labour_stock(mg_panel *p, const mg_params *prm)
{
    size_t nn = p->n * p->n;
    for (size_t k = 0; k < nn; k++) {
        double net = fmax(0, p->stock_born[k] - p->protection[k]);
        double ref = p->stock_ref[k];
        p->legacy[k] = ref > 0 && p->stock_born[k] < prm->legacy_decline * ref;
        double lab = p->legacy[k] ? net * prm->legacy_weight : net;
        p->stock[k] = p->recorded[k] > lab ? p->recorded[k] : lab;
    }
}

void mg_labour_remit_adjust(mg_panel *p)
{
    size_t nn = p->n * p->n;
    for (size_t k = 0; k < nn; k++) {
        if (p->rshare_flag[k] != MIGDIP_FLAG_OBSERVED && p->rshare_flag[k] != MIGDIP_FLAG_CARRIED)
            continue;
        if (p->stock_born[k] > 0 && p->stock[k] < p->stock_born[k] && !isnan(p->rshare[k]))
            p->rshare[k] *= p->stock[k] / p->stock_born[k];
    }
}

double mg_labour_recorded(double per_year, const mg_params *prm) { return per_year > 0 ? per_year * prm->flow_stay : 0; }
