/* params.h - the model's parameters (docs/model.md §2-§5): every default, and the table that
 * names them, so that a parameter can be changed by name within its domain. Pure
 * computation; the public face is migdip_param_parse and migdip_model_opts.params. */
#ifndef MG_PARAMS_H
#define MG_PARAMS_H

#include <stdbool.h>
#include <stddef.h>
#include <stdint.h>

#include "migdip/migdip.h"

typedef struct mg_params {
    /* sender side (§2.1, §2.3) */
    double rd_scale;        /* remittance dependency counted as full exposure (share of GDP) */
    double valve_scale;     /* emigrants in the partner / own labour force counted as full */
    double w_rd, w_valve, w_conc;
    /* host side (§2.2, §2.3) */
    double lf_scale;        /* partner's migrants / own labour force counted as full */
    double pool_scale;      /* partner's share of the own migrant pool counted as full */
    double w_lf, w_pool;
    double pool_lf_scale;   /* own immigrants / own labour force at which the pool share
                               counts fully (§2.2) */
    double subst_max;       /* the most of the reliance that substitution can remove */
    double subst_half;      /* alternative supply / incumbent stock at which S = 0.5 */
    double cap_region;      /* weight of an alternative's emigrants elsewhere in the host's
                               subregion, beside those already in the host (§2.3) */
    double min_role;        /* persons below which a role is negligible for data-gap notes */
    double fit_lang, fit_region, fit_scheme; /* fit of an alternative lacking that tie */
    double fit_dist_exp, fit_income_exp;     /* exponents of the distance and income ratios */
    double fit_sex;         /* weight of the difference in women's share (labour segment) */
    /* who can disrupt (§2.5): the share of a partner's workers it can withhold */
    double control_base;    /* without a channel it controls */
    double control_border;  /* without such a channel, across a land border */
    /* labour migrants, not all foreign-born persons (§1.1) */
    double legacy_span;     /* years back to which a corridor is compared */
    double legacy_decline;  /* stock now / stock then below this: a legacy corridor */
    double legacy_weight;   /* share of a legacy corridor's persons counted as workers */
    double flow_stay;       /* years a worker recorded at departure stays in the host */
    /* combination and moderation (§3) */
    double inst_moderation; /* share of the exposure gap a full institutionalisation closes */
    double inst_half_life;  /* years after which an agreement counts half */
    /* classification (§4) */
    double scope_min_stock; /* corridor volume below which a dyad is out of scope */
    double scope_min_exposure;
    double forced_max;      /* share in need of protection above which a dyad is forced
                               migration, out of scope */
    bool territories;       /* territories are actors (not a named parameter: an option) */
    double mutual_min;      /* both exposures at least this: mutual exposure */
    double mutual_gap;      /* not mutual, a moderated gap below this: a close call */
    migdip_power power;     /* the measure of §3.4 */
    double w_power_pc;      /* weight of ln GDP per head in the composite */
    double parity_band;     /* |power difference| below this: parity */
} mg_params;

/* A parameter's domain: lo..hi, lo itself excluded when lo_open; hi may be INFINITY. */
typedef struct mg_params_domain {
    double lo, hi;
    bool lo_open;
} mg_params_domain;

/* True if v is a finite number in d; otherwise false with "expected a number in (lo, hi], got
 * v" (or "> lo" when hi is infinite) in msg (cap bytes). */
bool mg_params_domain_check(const mg_params_domain *d, double v, char *msg, size_t cap);

/* The defaults of docs/model.md. */
void mg_params_default(mg_params *p);

/* The value of parameter name in p; false if there is no such parameter. */
bool mg_params_get(const mg_params *p, const char *name, double *out);

/* The default of parameter name; false if there is no such parameter. */
bool mg_params_default_of(const char *name, double *out);

/* Set parameter name to v. MIGDIP_ERR_USAGE if there is no such parameter or v is not a
 * finite number in its domain; msg (cap bytes) then says which, without the name. */
migdip_status mg_params_set(mg_params *p, const char *name, double v, char *msg, size_t cap);

/* The prior range of a parameter (docs/model.md §7): the plausible values a robustness draw
 * takes uniformly and the sensitivity table tries at both ends. */
typedef struct mg_params_prior {
    const char *name;
    double lo, hi;
} mg_params_prior;
extern const mg_params_prior mg_params_priors[];
extern const size_t mg_params_n_priors;

/* Set p's parameter `name` to v keeping the weights of one side summing to one: w_rd or
 * w_conc rescales the other two sender weights, w_lf sets w_pool = 1 - w_lf. False if the
 * name is unknown or v outside its domain. */
bool mg_params_set_coupled(mg_params *p, const char *name, double v);

/* True for a parameter read while the panel is built (inst_half_life, legacy_*, flow_stay):
 * changing it needs a new panel, so robustness draws leave it at its value. */
bool mg_params_shapes_panel(const char *name);

/* A small counter-based random generator (splitmix64): draw k of a run seeded s is the same
 * whatever the order or thread in which draws are made. */
uint64_t mg_rng_next(uint64_t *state);
double mg_rng_uniform(uint64_t *state);  /* in [0, 1) */
double mg_rng_normal(uint64_t *state);   /* standard normal (Box-Muller) */

#endif
