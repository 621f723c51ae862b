/* simulate.h - the simulator on a loaded model, shared by the simulator's calls (simulate.c)
 * and scenario files (scenario.c): resolving two sides into panel actors, the limits and the
 * checks of shocks and parameters, and the parameters by their JSON names. The public entry
 * points are migdip_sim_run, migdip_credibility_run, migdip_shock_parse and
 * migdip_scenario_* (migdip.h). */
#ifndef MG_SIMULATE_H
#define MG_SIMULATE_H

#include <math.h>
#include <stdbool.h>
#include <stddef.h>

#include "core/sim.h"
#include "store/ctx.h"

#define MG_SIMULATE_MAX_SHOCKS 64
#define MG_SIMULATE_MAX_MONTHS 600
/* states of a coalition side ("NPL+BGD+PAK"): their codes joined by '+' name the side in 31 bytes */
#define MG_SIMULATE_MAX_COALITION 8

/* Resolve names a and b on m into core actors (panel indices): a state, a bloc, or states
 * joined by '+' acting together (a coalition); the sides must not overlap.
 * Errors (unknown name, overlap) are left on ctx. */
migdip_status mg_simulate_actors(migdip_ctx *ctx, const migdip_model *m, const char *a, const char *b, mg_actor *ca,
                                 mg_actor *cb);

/* Check a shock and the parameters; msg (cap bytes) names the bad field by its JSON name. */
migdip_status mg_simulate_check_shock(const migdip_shock *s, char *msg, size_t cap);
migdip_status mg_simulate_check_params(const migdip_sim_params *p, char *msg, size_t cap);

/* The simulator's parameters (but the horizon, months) by their JSON name, with their
 * domain (core/params.h); every one must be finite. */
typedef struct mg_simulate_param {
    const char *name;
    size_t off;
    mg_params_domain dom;
} mg_simulate_param;
extern const mg_simulate_param mg_simulate_params[];
extern const size_t mg_simulate_n_params;
/* The field of parameter k in p. */
double *mg_simulate_param_at(migdip_sim_params *p, size_t k);

/* A finite whole number (months, starts). */
static inline bool mg_simulate_whole(double x) { return isfinite(x) && x == floor(x); }

#endif
