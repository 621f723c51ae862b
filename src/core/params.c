/* params.c - the model's parameters: defaults (docs/model.md), the table of their names,
 * fields and domains (§5), setting one by name, and the names of the power measures. */
#include "core/params.h"

#include <math.h>
#include <stdio.h>
#include <string.h>
#include <strings.h>

#include "util/text.h"

void mg_params_default(mg_params *p)
{
    *p = (mg_params){
        .rd_scale = 0.10,     /* §2.1: remittances from one partner worth 10% of GDP = full */
        .valve_scale = 0.10,  /* §2.1: a tenth of the labour force working in one partner */
        .w_rd = 0.5, .w_valve = 0.2, .w_conc = 0.3,
        .lf_scale = 0.10,     /* §2.2: a tenth of the labour force from one origin */
        .pool_scale = 1.0 / 3, /* §2.2: a third of all immigrants from one origin */
        .w_lf = 0.5, .w_pool = 0.5,
        .pool_lf_scale = 0.10, /* §2.2: a pool a tenth of the labour force counts fully */
        .subst_max = 0.8,     /* §2.3: substitution never removes the cost of the switch */
        .subst_half = 1.0,
        .cap_region = 0.0,    /* §2.3: supply comes through channels into the host itself */
        .min_role = 1000,
        .fit_lang = 0.25, .fit_region = 0.75, .fit_scheme = 0.25,
        .fit_dist_exp = 0.5, .fit_income_exp = 0.5,
        .fit_sex = 1.0,       /* §2.3: workers of another segment do not substitute */
        .control_base = 0.5, .control_border = 0.25, /* §2.5 */
        .legacy_span = 20, .legacy_decline = 0.75, .legacy_weight = 0, /* §1.1: no flow to withhold */
        .flow_stay = 2,       /* §1.1: the usual two-year contract */
        .inst_moderation = 0.5, /* §3.1: institutions at most halve the gap */
        .inst_half_life = 15,
        .scope_min_stock = 10000, .scope_min_exposure = 0.15,
        .forced_max = 0.5,    /* §4.1: mostly forced migration */
        .mutual_min = 0.30, .mutual_gap = 0.10,
        .power = MIGDIP_POWER_COMPOSITE, .w_power_pc = 0.75, .parity_band = 0.10,
    };
}

bool mg_params_domain_check(const mg_params_domain *d, double v, char *msg, size_t cap)
{
    if (isfinite(v) && v <= d->hi && (d->lo_open ? v > d->lo : v >= d->lo))
        return true;
    if (isinf(d->hi))
        snprintf(msg, cap, "expected a number %s %g, got %g", d->lo_open ? ">" : ">=", d->lo, v);
    else
        snprintf(msg, cap, "expected a number in %s%g, %g], got %g", d->lo_open ? "(" : "[", d->lo, d->hi, v);
    return false;
}

/* Every parameter that can be changed by name, with its domain: scales and half-lives are
 * divisors (> 0), weights, fits, shares and exposures lie in [0, 1], the rest is >= 0. */
typedef struct param_def {
    const char *name;
    size_t off;
    mg_params_domain dom;
} param_def;

#define PARAM(f, lo, hi, open) {#f, offsetof(mg_params, f), {lo, hi, open}}
static const param_def PARAMS[] = {
    PARAM(rd_scale, 0, 1, true),           PARAM(valve_scale, 0, 1, true),
    PARAM(w_rd, 0, 1, false),              PARAM(w_valve, 0, 1, false),
    PARAM(w_conc, 0, 1, false),            PARAM(lf_scale, 0, 1, true),
    PARAM(pool_scale, 0, 1, true),         PARAM(w_lf, 0, 1, false),
    PARAM(w_pool, 0, 1, false),            PARAM(subst_max, 0, 1, false),
    PARAM(subst_half, 0, INFINITY, true),  PARAM(cap_region, 0, 1, false),
    PARAM(fit_lang, 0, 1, false),          PARAM(fit_region, 0, 1, false),
    PARAM(fit_scheme, 0, 1, false),        PARAM(fit_dist_exp, 0, INFINITY, false),
    PARAM(fit_income_exp, 0, INFINITY, false), PARAM(inst_moderation, 0, 1, false),
    PARAM(inst_half_life, 0, INFINITY, true),  PARAM(scope_min_stock, 0, INFINITY, false),
    PARAM(scope_min_exposure, 0, 1, false), PARAM(mutual_min, 0, 1, false),
    PARAM(mutual_gap, 0, 1, false),        PARAM(w_power_pc, 0, 1, false),
    PARAM(parity_band, 0, INFINITY, false), PARAM(min_role, 0, INFINITY, false),
    PARAM(pool_lf_scale, 0, 1, true),      PARAM(control_base, 0, 1, false),
    PARAM(control_border, 0, 1, false),    PARAM(legacy_span, 5, 60, false),
    PARAM(legacy_decline, 0, 1, false),    PARAM(legacy_weight, 0, 1, false),
    PARAM(flow_stay, 0, 10, false),        PARAM(forced_max, 0, 1, true),
    PARAM(fit_sex, 0, 1, false),
};
#undef PARAM
#define N_PARAMS (sizeof PARAMS / sizeof *PARAMS)

static const param_def *find(const char *name)
{
    for (size_t i = 0; name && i < N_PARAMS; i++)
        if (!strcmp(PARAMS[i].name, name))
            return &PARAMS[i];
    return NULL;
}

bool mg_params_get(const mg_params *p, const char *name, double *out)
{
    const param_def *d = find(name);
    if (d)
        *out = *(const double *)((const char *)p + d->off);
    return d != NULL;
}

bool mg_params_default_of(const char *name, double *out)
{
    const param_def *d = find(name);
    if (!d)
        return false;
    mg_params p;
    mg_params_default(&p);
    *out = *(const double *)((const char *)&p + d->off);
    return true;
}

migdip_status mg_params_set(mg_params *p, const char *name, double v, char *msg, size_t cap)
{
    const param_def *d = find(name);
    if (!d) {
        snprintf(msg, cap, "unknown parameter (docs/model.md §5 lists them)");
        return MIGDIP_ERR_USAGE;
    }
    if (!mg_params_domain_check(&d->dom, v, msg, cap))
        return MIGDIP_ERR_USAGE;
    *(double *)((char *)p + d->off) = v;
    return MIGDIP_OK;
}

migdip_status migdip_param_parse(const char *spec, migdip_param *out, char *msg, size_t cap)
{
    char tmp[8];
    if (!msg) {
        msg = tmp;
        cap = sizeof tmp;
    }
    const char *eq = spec ? strchr(spec, '=') : NULL;
    if (!eq || eq == spec || (size_t)(eq - spec) >= sizeof out->name) {
        snprintf(msg, cap, eq && eq != spec ? "unknown parameter (docs/model.md §5 lists them)"
                                             : "expected NAME=VALUE");
        return MIGDIP_ERR_USAGE;
    }
    migdip_param p;
    snprintf(p.name, sizeof p.name, "%.*s", (int)(eq - spec), spec);
    if (!mg_text_parse_double(eq + 1, strlen(eq + 1), false, &p.value)) {
        snprintf(msg, cap, "expected a number, got \"%.40s\"", eq + 1);
        return MIGDIP_ERR_USAGE;
    }
    mg_params scratch;
    mg_params_default(&scratch);
    migdip_status rc = mg_params_set(&scratch, p.name, p.value, msg, cap);
    if (!rc)
        *out = p;
    return rc;
}

static const char *const POWER_NAMES[] = {"composite", "gdp", "gdppc", "cinc"};
#define N_POWER (sizeof POWER_NAMES / sizeof *POWER_NAMES)

const char *migdip_power_name(migdip_power p) { return (size_t)p < N_POWER ? POWER_NAMES[p] : "?"; }

migdip_status migdip_power_parse(const char *name, migdip_power *out)
{
    for (size_t i = 0; i < N_POWER; i++)
        if (name && strcasecmp(name, POWER_NAMES[i]) == 0) {
            *out = (migdip_power)i;
            return MIGDIP_OK;
        }
    return MIGDIP_ERR_USAGE;
}

/* docs/model.md §7: half and one and a half times the scale defaults, weights by +-0.15,
 * penalties from strict to lenient, thresholds by +-0.05, the new rules from weak to strong. */
const mg_params_prior mg_params_priors[] = {
    {"rd_scale", 0.05, 0.2},         {"valve_scale", 0.05, 0.2},   {"w_rd", 0.35, 0.65},
    {"w_conc", 0.15, 0.45},          {"lf_scale", 0.05, 0.2},      {"pool_scale", 0.2, 0.5},
    {"w_lf", 0.3, 0.7},              {"subst_max", 0.6, 1},        {"subst_half", 0.5, 2},
    {"cap_region", 0.25, 1},         {"fit_lang", 0.1, 0.5},       {"fit_scheme", 0.1, 0.5},
    {"fit_region", 0.5, 1},          {"fit_dist_exp", 0.25, 1},    {"fit_income_exp", 0, 1},
    {"inst_moderation", 0.25, 0.75}, {"inst_half_life", 10, 25},   {"scope_min_exposure", 0.1, 0.2},
    {"mutual_min", 0.25, 0.35},      {"mutual_gap", 0.05, 0.15},   {"w_power_pc", 0.5, 1},
    {"parity_band", 0.05, 0.2},      {"pool_lf_scale", 0.05, 0.2}, {"control_base", 0.25, 0.75},
    {"control_border", 0.1, 0.5},    {"legacy_decline", 0.5, 0.9}, {"legacy_weight", 0.25, 0.5},
    {"flow_stay", 1, 3},             {"forced_max", 0.3, 0.7},     {"fit_sex", 0, 0.5},
};
const size_t mg_params_n_priors = sizeof mg_params_priors / sizeof *mg_params_priors;

bool mg_params_set_coupled(mg_params *p, const char *name, double v)
{
    char msg[8];
    if (mg_params_set(p, name, v, msg, sizeof msg))
        return false;
    if (!strcmp(name, "w_rd") || !strcmp(name, "w_conc")) {
        /* the other two sender weights keep their proportion and fill 1 - v */
        double *other = !strcmp(name, "w_rd") ? &p->w_conc : &p->w_rd, rest = *other + p->w_valve;
        if (rest > 0) {
            double scale = (1 - v) / rest;
            *other *= scale;
            p->w_valve *= scale;
        }
    } else if (!strcmp(name, "w_lf")) {
        p->w_pool = 1 - v;
    }
    return true;
}

uint64_t mg_rng_next(uint64_t *state)
{
    uint64_t z = (*state += 0x9E3779B97F4A7C15ull);
    z = (z ^ (z >> 30)) * 0xBF58476D1CE4E5B9ull;
    z = (z ^ (z >> 27)) * 0x94D049BB133111EBull;
    return z ^ (z >> 31);
}

double mg_rng_uniform(uint64_t *state) { return (double)(mg_rng_next(state) >> 11) * 0x1.0p-53; }

double mg_rng_normal(uint64_t *state)
{
    double u = mg_rng_uniform(state), w = mg_rng_uniform(state);
    return sqrt(-2 * log(u > 0 ? u : 0x1.0p-53)) * cos(2 * M_PI * w);
}

bool mg_params_shapes_panel(const char *name)
{
    static const char *const PANEL[] = {"inst_half_life", "legacy_span", "legacy_decline", "legacy_weight",
                                        "flow_stay"};
    for (size_t i = 0; i < sizeof PANEL / sizeof *PANEL; i++)
        if (!strcmp(name, PANEL[i]))
            return true;
    return false;
}
