/* explain.h - plain-language explanation of an evaluated dyad (docs/model.md §4.4). */
#ifndef MG_EXPLAIN_H
#define MG_EXPLAIN_H

#include "core/engine.h"
#include "util/strbuf.h"

/* The exposure band of docs/model.md §4.4: "low" (below scope_min_exposure), "moderate"
 * (below mutual_min), "high"; "unknown" for NAN. */
const char *mg_explain_band(double e, const mg_params *prm);

/* Append the explanation of d (sides named name_a, name_b) to b; p_verdict, the verdict's
 * probability over parameter draws (docs/model.md §7), goes in the robustness sentence
 * unless it is NAN. */
#define MG_EXPLAIN_DRAWS 100
void mg_explain_dyad(const migdip_dyad *d, const mg_params *prm, const char *name_a, const char *name_b,
                     double p_verdict, mg_strbuf *b);

/* Why d is out of scope (or "in scope"), one clause without a final period. */
void mg_explain_scope(const migdip_dyad *d, const mg_params *prm, const char *const names[2], mg_strbuf *b);

/* How robust d's verdict is and what change would flip it, one clause. */
void mg_explain_fragility(const migdip_dyad *d, const mg_params *prm, const char *const names[2], mg_strbuf *b);

#endif
