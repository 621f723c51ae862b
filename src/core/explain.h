/* explain.h - plain-language explanation of an evaluated dyad (docs/model.md §4.4). */
#ifndef MG_EXPLAIN_H
#define MG_EXPLAIN_H

#include "core/engine.h"
#include "util/strbuf.h"

/* Append the explanation of d (sides named name_a, name_b) to b. */
void mg_explain_dyad(const migdip_dyad *d, const char *name_a, const char *name_b, mg_strbuf *b);

#endif
