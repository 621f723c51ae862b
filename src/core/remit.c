/* remit.c - remittance shares: the KNOMAD matrix, else the World Bank allocation rule. */
#include "core/remit.h"

#include <math.h>
#include <stdlib.h>

/* GDP per head of d, NAN when missing. */
static double income_pc(const mg_panel *p, size_t d) { return p->gdppc_ppp[d].flag ? p->gdppc_ppp[d].value : NAN; }

bool mg_remit_fallback(mg_panel *p, size_t o)
{
    size_t n = p->n;
    double w = 0;
    for (size_t d = 0; d < n; d++) {
        double pc = income_pc(p, d);
        if (d != o && p->stock[o * n + d] > 0 && pc > 0)
            w += p->stock[o * n + d] * pc;
    }
    if (!(w > 0))
        return false;
    for (size_t d = 0; d < n; d++) {
        double pc = income_pc(p, d);
        p->rshare[o * n + d] = d != o && p->stock[o * n + d] > 0 && pc > 0 ? p->stock[o * n + d] * pc / w : 0;
        p->rshare_flag[o * n + d] = MIGDIP_FLAG_DERIVED;
    }
    return true;
}

void mg_remit_shares(mg_panel *p, const double *received)
{
    size_t n = p->n;
    int dist = p->remit_year ? abs(p->year - p->remit_year) : 0;
    uint8_t from_matrix = dist > MG_REMIT_MAX_DISTANCE ? MIGDIP_FLAG_CARRIED : MIGDIP_FLAG_OBSERVED;
    for (size_t o = 0; o < n; o++) {
        if (!(received[o] > 0)) {
            for (size_t d = 0; d < n; d++)
                if (p->rshare_flag[o * n + d] == MIGDIP_FLAG_ASSUMED_ZERO)
                    p->rshare_flag[o * n + d] = MIGDIP_FLAG_MISSING;
            mg_remit_fallback(p, o);
            continue;
        }
        /* assumed-zero corridors: unknown, so the allocation rule's share of the whole */
        double w = 0, derived = 0;
        for (size_t d = 0; d < n; d++) {
            double pc = income_pc(p, d);
            if (d != o && p->stock[o * n + d] > 0 && pc > 0)
                w += p->stock[o * n + d] * pc;
        }
        for (size_t d = 0; d < n; d++) {
            if (p->rshare_flag[o * n + d] != MIGDIP_FLAG_ASSUMED_ZERO || !(w > 0))
                continue;
            double pc = income_pc(p, d);
            double s = p->stock[o * n + d] > 0 && pc > 0 ? p->stock[o * n + d] * pc / w : 0;
            p->rshare[o * n + d] = s;
            p->rshare_flag[o * n + d] = MIGDIP_FLAG_DERIVED;
            derived += s;
        }
        /* the published corridors share what is left, in the matrix's proportions; an
         * assumed-zero corridor the rule cannot estimate stays unknown */
        for (size_t d = 0; d < n; d++) {
            double *s = &p->rshare[o * n + d];
            uint8_t *f = &p->rshare_flag[o * n + d];
            if (*f == MIGDIP_FLAG_DERIVED)
                continue;
            if (*f == MIGDIP_FLAG_ASSUMED_ZERO) {
                *s = NAN;
                *f = MIGDIP_FLAG_MISSING;
                continue;
            }
            *s = isnan(*s) ? 0 : *s / received[o] * (1 - derived);
            *f = from_matrix;
        }
    }
}
