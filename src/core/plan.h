/* plan.h - the diversification planner (docs/scenarios.md "Diversification planner"): move a
 * state's workers out of the corridor with one partner (a state or a bloc) into other
 * corridors, within explicit absorption limits, greedily where each worker cuts the state's
 * exposure most; then the smallest move along that plan that changes either side's quadrant.
 * Pure computation on a panel: the caller's panel is never changed (work happens on clones). */
#ifndef MG_PLAN_H
#define MG_PLAN_H

#include <stdbool.h>
#include <stddef.h>

#include "core/engine.h"

typedef struct mg_plan_opts {
    migdip_plan_role role; /* public enum (migdip.h) */
    double lf_cap;     /* a candidate absorbs at most this share of its labour force (0.01) */
    double growth_cap; /* ... and at most this share of the corridor's current stock (0.5) */
    double step_share; /* greedy step, share of the partner corridor (0.05) */
    bool exhaustive;   /* evaluate every candidate in full, carrying nothing from one
                          evaluation to the next (mg_engine_memo); the result is the same, and
                          the tests check that it is */
} mg_plan_opts;

void mg_plan_opts_default(mg_plan_opts *o);

/* One greedy step: delta persons moved into candidate `cand`; the state's exposure after it. */
typedef struct mg_plan_move {
    size_t cand;
    double delta;
    double exposure_after;
    migdip_quadrant quadrant[2];
} mg_plan_move;

/* A corridor the plan uses; mg_plan_run sorts them by reduction, largest first. */
typedef struct mg_plan_dest {
    size_t idx;          /* panel index of the other host (sender role) or sender (host role) */
    double fit;          /* product of the fit factors, (0,1] */
    double capacity;     /* fit x min(lf_cap x labour force, growth_cap x corridor), persons */
    double moved;        /* persons the plan moves there */
    double per_worker;   /* exposure cut per 1,000 persons at its first step */
    double reduction;    /* exposure cut by its steps together */
    double exposure_after; /* the state's exposure after its last step in the plan */
    double exposure_alone; /* the state's exposure if only this corridor's moves were made */
} mg_plan_dest;

typedef struct mg_plan {
    size_t state;
    mg_actor self, partner;
    bool sender;           /* the role planned */
    double corridor;       /* persons in the corridor moved out of (own emigrants in the partner,
                              or the partner's migrants here) */
    size_t n_candidates;   /* candidates with a positive capacity */
    migdip_dyad before, after; /* the dyad now, and after the whole plan (recomputed in full) */
    double moved;          /* persons moved by the whole plan */
    mg_plan_move *move;
    size_t n_move;
    mg_plan_dest *dest;
    size_t n_dest;
    bool shift_found;      /* a quadrant change along the plan */
    double shift_delta;    /* smallest persons moved (to 1 person) at which it happens */
    migdip_dyad shift;         /* the dyad at that point */
} mg_plan;

/* Plan for state s (a panel index) against partner (s not in it). Returns 0, or -1 when out of
 * memory (out is then empty). Free with mg_plan_cleanup. */
int mg_plan_run(const mg_panel *p, const mg_params *prm, size_t s, const mg_actor *partner,
                const mg_plan_opts *o, mg_plan *out);
void mg_plan_cleanup(mg_plan *pl);

/* Fit of candidate c for state s's corridor with partner member r, by the engine's fit
 * factors (docs/model.md §2.3; docs/scenarios.md for the sender role). */
double mg_plan_fit(const mg_panel *p, const mg_params *prm, size_t s, size_t r, size_t c, bool sender);

/* A clone of p with the first `upto` persons of the plan's moves applied (stocks and
 * remittance shares changed, totals recomputed in full, unknown origins kept). NULL on
 * allocation failure. Free with mg_panel_free. */
mg_panel *mg_plan_apply(const mg_panel *p, const mg_plan *pl, double upto);

#endif
