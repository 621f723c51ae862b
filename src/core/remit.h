/* remit.h - the share of a state's remittances that come from each partner (docs/model.md §1,
 * "Remittance shares"): the World Bank/KNOMAD bilateral matrix where the receiver has entries,
 * else the World Bank's own allocation rule from the migrant stocks. Pure computation: the
 * model loader (api/model.c) reads the matrix and calls these. */
#ifndef MG_REMIT_H
#define MG_REMIT_H

#include <stdbool.h>
#include <stddef.h>

#include "core/panel.h"

/* On entry p->rshare[o * n + d] holds the remittances o receives from d in the matrix (NAN
 * where it has no entry) and received[o] their total. Each receiver o with a positive total
 * gets observed shares (amount / total; a partner without an entry 0); every other receiver
 * gets mg_remit_fallback. Call after the stocks and GDP per head are in p. */
void mg_remit_shares(mg_panel *p, const double *received);

/* The World Bank's allocation rule for receiver o: the share from d is proportional to
 * stock(o->d) x GDP per head (PPP) of d, over the partners d != o where both are known and
 * positive (0 for the others), flagged derived. Returns false, leaving row o as it was
 * (unknown: a data gap the dyad reports), when no partner qualifies. */
bool mg_remit_fallback(mg_panel *p, size_t o);

#endif
