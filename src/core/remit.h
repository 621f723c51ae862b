/* remit.h - the share of a state's remittances that come from each partner (docs/model.md §1,
 * "Remittance shares"): the World Bank/KNOMAD bilateral matrix where the receiver has entries,
 * else the World Bank's own allocation rule from the migrant stocks. Pure computation: the
 * model loader (api/model.c) reads the matrix and calls these. */
#ifndef MG_REMIT_H
#define MG_REMIT_H

#include <stdbool.h>
#include <stddef.h>

#include "core/panel.h"

/* A matrix more than this many years from the panel year gives shares flagged carried: a UN
 * edition's stocks, on which the matrix is built, serve the five years to the next one. */
#define MG_REMIT_MAX_DISTANCE 5

/* On entry p->rshare[o * n + d] holds the remittances o receives from d in the matrix (NAN
 * where it has no entry; NAN with rshare_flag MIGDIP_FLAG_ASSUMED_ZERO where the publisher
 * wrote an assumed 0), received[o] their total and p->remit_year the matrix year (0 none).
 * Each receiver o with a positive total gets shares from the matrix: an assumed-zero corridor
 * is unknown, so it gets the allocation rule's share (stock x GDP per head over all of o's
 * partners, flagged derived; unknown when the rule has no partner), and the published
 * corridors share the rest in proportion to their amounts (a partner without an entry 0),
 * flagged observed, or carried when the matrix is more than MG_REMIT_MAX_DISTANCE years from
 * p->year. Every other receiver gets mg_remit_fallback. Call after the stocks and GDP per head
 * are in p. */
void mg_remit_shares(mg_panel *p, const double *received);

/* The World Bank's allocation rule for receiver o: the share from d is proportional to
 * stock(o->d) x GDP per head (PPP) of d, over the partners d != o where both are known and
 * positive (0 for the others), flagged derived. Returns false, leaving row o as it was
 * (unknown: a data gap the dyad reports), when no partner qualifies. */
bool mg_remit_fallback(mg_panel *p, size_t o);

#endif
