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

/* ---------------------------------------------------------------- parameters (§2-§4) */

typedef enum mg_power_measure {
    MG_POWER_COMPOSITE = 0, /* 0.75 ln GDP per head (PPP) + 0.25 ln GDP (PPP) */
    MG_POWER_GDP,           /* ln GDP, current US$ */
    MG_POWER_GDPPC,         /* ln GDP per head, PPP */
    MG_POWER_CINC           /* ln CINC (COW) */
} mg_power_measure;

typedef struct mg_params {
    /* sender side (§2.1, §2.3) */
    double rd_scale;        /* remittance dependency counted as full exposure (share of GDP) */
    double valve_scale;     /* emigrants in the partner / own labour force counted as full */
    double w_rd, w_valve, w_conc;
    /* host side (§2.2, §2.3) */
    double lf_scale;        /* partner's migrants / own labour force counted as full */
    double pool_scale;      /* partner's share of the own migrant pool counted as full */
    double w_lf, w_pool;
    double subst_max;       /* the most of the reliance that substitution can remove */
    double subst_half;      /* alternative supply / incumbent stock at which S = 0.5 */
    double cap_region;      /* weight of an alternative's emigrants elsewhere in the host's
                               subregion, beside those already in the host (§2.3) */
    double min_role;        /* persons below which a role is negligible for data-gap notes */
    double fit_lang, fit_region, fit_scheme; /* fit of an alternative lacking that tie */
    double fit_dist_exp, fit_income_exp;     /* exponents of the distance and income ratios */
    /* combination and moderation (§3) */
    double inst_moderation; /* share of the exposure gap a full institutionalisation closes */
    double inst_half_life;  /* years after which an agreement counts half */
    /* classification (§4) */
    double scope_min_stock; /* corridor volume below which a dyad is out of scope */
    double scope_min_exposure;
    double mutual_min;      /* both exposures at least this: mutual exposure */
    double mutual_gap;      /* or a moderated gap below this (with one side exposed) */
    mg_power_measure power;
    double w_power_pc;      /* weight of ln GDP per head in the composite */
    double parity_band;     /* |power difference| below this: parity */
} mg_params;

/* The defaults of docs/model.md. */
void mg_params_default(mg_params *p);

/* ---------------------------------------------------------------- actors */

#define MG_ACTOR_MAX 64

typedef struct mg_actor {
    char name[32];          /* ISO3 or bloc name */
    bool is_bloc;
    size_t n;
    size_t idx[MG_ACTOR_MAX]; /* panel indices of the members present in the panel */
} mg_actor;

/* ---------------------------------------------------------------- results
 * The result types are public (include/migdip/migdip.h); the engine uses them as they are. */
typedef migdip_factor mg_factor;
typedef migdip_quadrant mg_quadrant;
typedef migdip_side mg_side;
typedef migdip_dyad mg_dyad;
#define MG_F_REMIT MIGDIP_F_REMIT
#define MG_F_VALVE MIGDIP_F_VALVE
#define MG_F_CONC MIGDIP_F_CONC
#define MG_F_LABOUR MIGDIP_F_LABOUR
#define MG_F_POOL MIGDIP_F_POOL
#define MG_F_SUBST MIGDIP_F_SUBST
#define MG_F_INST MIGDIP_F_INST
#define MG_F_COUNT MIGDIP_F_COUNT
#define MG_Q_NONE MIGDIP_Q_NONE
#define MG_Q_I MIGDIP_Q_I
#define MG_Q_II MIGDIP_Q_II
#define MG_Q_III MIGDIP_Q_III
#define MG_Q_IV MIGDIP_Q_IV
#define MG_Q_MUTUAL MIGDIP_Q_MUTUAL
#define MG_Q_OUT MIGDIP_Q_OUT

const char *mg_engine_factor_name(mg_factor f);
const char *mg_engine_quadrant_code(mg_quadrant q);
const char *mg_engine_quadrant_label(mg_quadrant q);

/* Evaluate the dyad {a, b} on panel p. Members of a bloc are aggregated as §3.3 says. */
void mg_engine_dyad_eval(const mg_panel *p, const mg_params *prm, const mg_actor *a, const mg_actor *b,
                  mg_dyad *out);

/* Power score of an actor (§3.4); false if unknown. */
bool mg_engine_power_score(const mg_panel *p, const mg_params *prm, const mg_actor *a, double *out);

/* Substitutability of the workers of `sender` for host state h (§2.3); writes the fitted
 * alternative supply. */
double mg_engine_substitutability(const mg_panel *p, const mg_params *prm, const mg_actor *sender,
                           size_t h, double incumbent, double *alt_supply);

#endif
