/* sim.h - the disruption simulator: a monthly stock-flow model of each corridor o->d
 * (workers in the host W, stranded at home H, redirected elsewhere R, the host's substitutes
 * U), its costs to both sides, the quadrants before and after, and the war-of-attrition
 * reading of a threat (holdouts, credibility, the levers that would make it credible).
 * Pure computation on a panel: equations and defaults in docs/scenarios.md. */
#ifndef MG_SIM_H
#define MG_SIM_H

#include "core/engine.h"

typedef migdip_shock mg_shock;
typedef migdip_sim_params mg_sim_params;
typedef migdip_sim_month mg_sim_month;
typedef migdip_sim_result mg_sim_result;
typedef migdip_cred_result mg_cred_result;

/* The inputs of one corridor o->d (docs/scenarios.md, "Disruption simulator"). */
typedef struct mg_corridor {
    size_t o, d;              /* panel indices (unused by mg_sim_run) */
    double s0;                /* W0: stock o->d, persons */
    double remit_pw;          /* remittances per worker a month, US$ */
    double absorb;            /* o's emigrants in its other destinations (this corridor's part) */
    double subst;             /* S: substitutability of o's workers for d */
    double alt_supply;        /* fitted alternative supply (this corridor's part), persons */
} mg_corridor;

/* Build the corridors between sender actor s and host actor h: one per member pair with a
 * positive stock. *out owned (free). Returns the number, 0 if none (then *out is NULL);
 * (size_t)-1 on allocation failure. gap (may be NULL, cap bytes) names missing inputs. */
size_t mg_sim_corridors(const mg_panel *p, const mg_params *prm, const mg_actor *s, const mg_actor *h,
                        mg_corridor **out, char *gap, size_t cap);

/* Run the monthly model on n corridors in lockstep and write sp->months summed months into
 * month[]. GDPs (annual US$) and the labour force give the percentages (NaN if unknown).
 * Shocks apply to every corridor. Cannot fail. */
void mg_sim_run(const mg_corridor *c, size_t n, const mg_sim_params *sp, const mg_shock *shocks, size_t n_shocks,
                double sender_gdp, double host_gdp, double host_lf, mg_sim_month *month);

/* mg_sim_run that also writes each corridor's end state (W_T, R_T) into end_state[2 * i]
 * and end_state[2 * i + 1] when end_state is not NULL. */
void mg_sim_run_state(const mg_corridor *c, size_t n, const mg_sim_params *sp, const mg_shock *shocks,
                      size_t n_shocks, double sender_gdp, double host_gdp, double host_lf, mg_sim_month *month,
                      double *end_state);

/* Sum of a per-state value over an actor's members with a known value; NaN if none. */
double mg_sim_actor_sum(const mg_panel *p, const migdip_value *v, const mg_actor *a);

/* The sender of the first shock: a for a ban, b otherwise. */
int mg_sim_sender_side(const mg_shock *shocks, size_t n_shocks);

/* The whole simulation of a (imposer of the first shock) and b: corridors, months, and the
 * dyad before and after (the panel cloned with stock(o->d) = W_T and R moved onto o's other
 * destinations in proportion to their stocks). r->month is allocated (free it; r->a, r->b
 * are filled by the caller). MIGDIP_ERR_NOTFOUND if there is no corridor,
 * MIGDIP_ERR_NOMEM on allocation failure. */
migdip_status mg_sim_simulate(const mg_panel *p, const mg_params *prm, const mg_sim_params *sp, const mg_actor *a,
                          const mg_actor *b, const mg_shock *shocks, size_t n_shocks, mg_sim_result *r);

/* The threat of a against b (docs/scenarios.md, "Threat credibility"): n_shocks 0 picks the
 * default threat. Fills out (levers searched). Same failures as mg_sim_simulate. */
migdip_status mg_sim_credibility(const mg_panel *p, const mg_params *prm, const mg_sim_params *sp, const mg_actor *a,
                             const mg_actor *b, const mg_shock *shocks, size_t n_shocks, mg_cred_result *out);

/* Holdout in months of a cumulated cost path (% of own GDP) against tol; *beyond when the
 * tolerance is never reached (then the horizon is returned). */
int mg_sim_holdout(const double *cum_pct, int months, double tol, bool *beyond);
/* A cost path that stays under tol: the month it would reach tol at the average monthly rate of
 * its last 12 months (INFINITY when that rate is 0; NAN for an unknown path). */
double mg_sim_holdout_extrapolated(const double *cum_pct, int months, double tol);

#endif
