/* model.h - internal access to a loaded model for the other io modules: its parameters and
 * re-deriving what depends on them (validation and sensitivity), and walking the panel's
 * states, corridor volumes and pairs by index without resolving names (the exports). */
#ifndef MG_MODEL_H
#define MG_MODEL_H

#include <stddef.h>

#include "core/engine.h"
#include "store/ctx.h"

mg_params *mg_model_params(migdip_model *m);
/* The model's panel (borrowed: valid until migdip_model_free); clone it for counterfactuals. */
const mg_panel *mg_model_panel(const migdip_model *m);
/* The core actor (panel indices) of a resolved public actor. */
void mg_model_core_actor(const migdip_model *m, const migdip_actor *a, mg_actor *out);
/* Whether a and b share a state; *which is its panel index. */
bool mg_model_overlap(const mg_actor *a, const mg_actor *b, size_t *which);
/* Apply overrides and a power measure to m's parameters; recompute the institutionalisation
 * matrix when the half-life changed. */
migdip_status mg_model_apply(migdip_ctx *ctx, migdip_model *m, const migdip_param *params, size_t n,
                             migdip_power power);

/* Replace the user-defined blocs of a loaded model with specs ("NAME=ISO3,ISO3,...", as
 * migdip_model_opts.blocs gives them to migdip_model_load, read by the same code): the store's
 * blocs come back, then each spec is added, replacing a bloc of its name. On an error (the
 * message in ctx) the model keeps the blocs added before it. For fuzzing the parsing,
 * resolution and evaluation of blocs against a model loaded once (fuzz/fuzz_bloc.c). */
migdip_status mg_model_set_blocs(migdip_ctx *ctx, migdip_model *m, const char *const *specs, size_t n);

/* Number of states in the panel; indices 0..n-1 are in ascending ISO3 order. */
size_t mg_model_n_states(const migdip_model *m);
/* ISO3 code and display name of state i (borrowed: valid until migdip_model_free). */
const char *mg_model_state_iso3(const migdip_model *m, size_t i);
const char *mg_model_state_name(const migdip_model *m, size_t i);
/* False for a non-sovereign territory unless the model treats territories as actors
 * (docs/model.md §4.1, migdip_model_opts.territories). */
bool mg_model_state_is_actor(const migdip_model *m, size_t i);
/* Labour migrants in both corridors i->j and j->i in the model's year (docs/model.md §1.1). */
double mg_model_volume(const migdip_model *m, size_t i, size_t j);
/* Evaluate the dyad of states i (side a) and j (side b), i != j; cannot fail. */
void mg_model_dyad_at(const migdip_model *m, size_t i, size_t j, migdip_dyad *out);
/* From now on mg_model_dyad_at keeps each host's alternative supply to each sending state
 * (mg_engine_dyad_eval_shared), for callers that evaluate both directions of many pairs (the
 * exports: each host side is then summed once instead of twice); the results are the same.
 * Threads may then call mg_model_dyad_at on m together, as before. MIGDIP_ERR_NOMEM. */
migdip_status mg_model_share_pairs(migdip_model *m);

#endif
