/* scenario_io.h - the simulator on a loaded model: resolving the two sides into panel
 * actors, checking shocks and parameters, and scenario files (JSON with cJSON). The public
 * entry points are migdip_sim_run, migdip_credibility_run and migdip_scenario_* (migdip.h). */
#ifndef MG_SCENARIO_IO_H
#define MG_SCENARIO_IO_H

#include "core/sim.h"
#include "store/ctx.h"

/* Resolve names a and b on m into core actors (panel indices); the sides must not overlap.
 * Errors (unknown name, overlap) are left on ctx. */
migdip_status mg_scenario_actors(migdip_ctx *ctx, const migdip_model *m, const char *a, const char *b, mg_actor *ca,
                              mg_actor *cb);

/* Check a shock and the parameters; msg (cap bytes) names the bad field by its JSON name. */
migdip_status mg_scenario_check_shock(const migdip_shock *s, char *msg, size_t cap);
migdip_status mg_scenario_check_params(const migdip_sim_params *p, char *msg, size_t cap);

#endif
