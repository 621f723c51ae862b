/* model.h - internal access to a loaded model for the other io modules (validation and
 * sensitivity): its parameters, and re-deriving what depends on them. */
#ifndef MG_MODEL_H
#define MG_MODEL_H

#include "core/engine.h"
#include "ctx.h"

mg_params *model_params(migdip_model *m);
/* Apply "name=value" overrides (and a power measure) to m's parameters; recompute the
 * institutionalisation matrix when the half-life changed. */
migdip_status model_apply(migdip_ctx *ctx, migdip_model *m, const char *const *params, size_t n,
                          const char *power);
/* The default value of a parameter, by name (false if unknown). */
bool model_param_default(const char *name, double *out);

#endif
