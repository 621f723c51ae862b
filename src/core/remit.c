/* remit.c - remittance shares: the KNOMAD matrix, else the World Bank allocation rule. */
#include "core/remit.h"

#include <math.h>

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
    for (size_t o = 0; o < n; o++) {
        if (!(received[o] > 0)) {
            mg_remit_fallback(p, o);
            continue;
        }
        for (size_t d = 0; d < n; d++) {
            double *s = &p->rshare[o * n + d];
            *s = isnan(*s) ? 0 : *s / received[o];
            p->rshare_flag[o * n + d] = MIGDIP_FLAG_OBSERVED;
        }
    }
}
