/* coalition.h - states acting together against a partner (docs/scenarios.md "Coalitions"):
 * the leverage of every subset of members as one bloc, and each member's exact Shapley share
 * of the grand coalition's leverage. Pure computation on a panel. */
#ifndef MG_COALITION_H
#define MG_COALITION_H

#include <stddef.h>

#include "core/engine.h"

/* Exact Shapley values need 2^k evaluations: k is capped here. */
#define MG_COALITION_MAX 12

/* Leverage of actor a against b: b's exposure minus a's (positive: a holds leverage). */
double mg_coalition_leverage(const migdip_dyad *d);

/* v[mask] = leverage against `against` of the members whose bits are set in mask, as one bloc
 * (v[0] = 0). v has 2^k entries; k <= MG_COALITION_MAX, members not in `against`. Returns 0,
 * or -1 if k is out of range. */
int mg_coalition_values(const mg_panel *p, const mg_params *prm, const size_t *members, size_t k,
                        const mg_actor *against, double *v);

/* Exact Shapley values of a k-player game given by v[2^k] (v[0] = 0 is assumed):
 * phi_i = sum over S not containing i of |S|! (k-|S|-1)! / k! (v(S+i) - v(S)). */
void mg_coalition_shapley(const double *v, size_t k, double *phi);

#endif
