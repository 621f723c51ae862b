/* model.h - what other io modules (the exports) may read of a loaded model beyond the public
 * engine API: the panel's states in ISO3 order, corridor volumes, and the evaluation of a
 * pair of states by panel index, so that a whole year can be walked without resolving
 * names. Internal to the library. */
#ifndef MG_MODEL_H
#define MG_MODEL_H

#include <stddef.h>

#include "migdip/migdip.h"

/* Number of states in the panel; indices 0..n-1 are in ascending ISO3 order. */
size_t model_n_states(const migdip_model *m);
/* ISO3 code and display name of state i (borrowed: valid until migdip_model_free). */
const char *model_state_iso3(const migdip_model *m, size_t i);
const char *model_state_name(const migdip_model *m, size_t i);
/* Persons in both corridors i->j and j->i in the model's year (docs/model.md §1). */
double model_volume(const migdip_model *m, size_t i, size_t j);
/* Evaluate the dyad of states i (side a) and j (side b), i != j; cannot fail. */
void model_dyad_at(const migdip_model *m, size_t i, size_t j, migdip_dyad *out);

#endif
