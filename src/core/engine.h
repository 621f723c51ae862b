/* engine.h - the interdependence engine: the model's parameters and, on a one-year panel of
 * states (core/panel.h), the evaluation of a dyad (two actors, each a state or a bloc): the
 * four factors, each side's exposure with its decomposition, institutional moderation,
 * material power, and each side's strategic logic with its margin. Pure computation: no I/O,
 * no SQLite.
 * Every formula and default is stated in docs/model.md; section numbers are cited below. */
#ifndef MG_ENGINE_H
#define MG_ENGINE_H

#include <stdbool.h>
#include <stddef.h>
#include <stdint.h>

#include "core/panel.h"
#include "migdip/migdip.h"
#include "core/params.h"


/* ---------------------------------------------------------------- actors */

#define MG_ACTOR_MAX 64

typedef struct mg_actor {
    char name[32];          /* ISO3 or bloc name */
    bool is_bloc;
    size_t n;
    size_t idx[MG_ACTOR_MAX]; /* panel indices of the members present in the panel */
} mg_actor;

/* True if panel index i is one of a's members. */
static inline bool mg_engine_actor_has(const mg_actor *a, size_t i)
{
    for (size_t k = 0; k < a->n; k++)
        if (a->idx[k] == i)
            return true;
    return false;
}
/* ratio^e for the fit of an alternative (§2.3): distance and income ratios */
double mg_engine_fit_pow(double ratio, double e);

/* ---------------------------------------------------------------- results
 * The result types and their names (migdip_dyad, migdip_quadrant, migdip_factor_name, ...)
 * are public (include/migdip/migdip.h); the engine uses them as they are and implements
 * the public names of quadrants and factors (engine.c). */

/* Evaluate the dyad {a, b} on panel p. Members of a bloc are aggregated as §3.3 says. */
void mg_engine_dyad_eval(const mg_panel *p, const mg_params *prm, const mg_actor *a, const mg_actor *b,
                  migdip_dyad *out);

/* What evaluations of one pair on a panel whose stocks change between them (the planner's
 * counterfactuals) may carry from one to the next, zeroed before the first: each side's power
 * (§3.4), which reads no stock, and, when the caller sets keep_alt because no move touches
 * the alternatives' cells (§2.3: the other origins' stocks and subregional capacities in a
 * host), each member's fitted alternative supply. Substitutability is still computed anew
 * from it, against the incumbent's workers of the moment. */
typedef struct mg_engine_alt_memo {
    bool known;
    double supply;
} mg_engine_alt_memo;

typedef struct mg_engine_memo {
    bool keep_alt;
    bool power_known;
    migdip_side power[2];
    mg_engine_alt_memo alt[2][MG_ACTOR_MAX];
} mg_engine_memo;

void mg_engine_dyad_eval_memo(const mg_panel *p, const mg_params *prm, const mg_actor *a, const mg_actor *b,
                              mg_engine_memo *memo, migdip_dyad *out);

/* For evaluations of many pairs on one unchanged panel, each pair in both directions (an
 * export): pair_supply[h * n + s] is host h's fitted alternative supply (§2.3) to the workers
 * of sending state s, NAN until an evaluation computes it. Threads may share one table: each
 * computes the same value, and a cell is read and written whole (relaxed atomics). */
void mg_engine_dyad_eval_shared(const mg_panel *p, const mg_params *prm, const mg_actor *a, const mg_actor *b,
                                double *pair_supply, migdip_dyad *out);

/* Power score of an actor (§3.4); false if unknown. */
bool mg_engine_power_score(const mg_panel *p, const mg_params *prm, const mg_actor *a, double *out);

/* Substitutability of the workers of `sender` for host state h (§2.3); writes the fitted
 * alternative supply. */
double mg_engine_substitutability(const mg_panel *p, const mg_params *prm, const mg_actor *sender,
                           size_t h, double incumbent, double *alt_supply);

#endif
