/* engine.h - the interdependence engine: a one-year panel of states, the model's parameters,
 * and the evaluation of a dyad (two actors, each a state or a bloc): the four factors, each
 * side's exposure with its decomposition, institutional moderation, material power, and
 * each side's strategic logic with its margin. Pure computation: no I/O, no SQLite.
 * Every formula and default is stated in docs/model.md; section numbers are cited below. */
#ifndef MG_ENGINE_H
#define MG_ENGINE_H

#include <stdbool.h>
#include <stddef.h>
#include <stdint.h>

#include "migdip/migdip.h"
#include "core/params.h"

/* ---------------------------------------------------------------- panel (docs/model.md §1) */

enum { MG_LANG_OFFICIAL = 1, MG_LANG_ETHNO = 2 };

typedef struct mg_panel {
    int year;
    size_t n;                /* states */
    char (*iso3)[4];         /* [n] */
    char **name;             /* [n] display names (borrowed from the loader) */
    int *subregion;          /* [n] UN subregion id, -1 unknown */
    /* bilateral, row = origin o, column = destination d: index o * n + d */
    double *stock;           /* persons born in o living in d; 0 = none recorded */
    uint8_t *stock_flag;     /* migdip_flag of the stock cell (observed/interpolated/carried) */
    double *rshare;          /* share of o's remittances that come from d, NAN unknown */
    uint8_t *rshare_flag;    /* observed (KNOMAD), derived (fallback allocation), missing */
    uint8_t *lang;           /* MG_LANG_* bits: o and d share a language (CEPII) */
    float *dist;             /* population-weighted distance o-d, km (CEPII distw), NAN unknown */
    float *inst;             /* institutionalisation index of the pair in [0,1] (§2.4) */
    uint8_t *scheme;         /* 1: o and d are in a labour scheme or free-movement area */
    /* per state: migdip_value (value, flag, year) */
    migdip_value *remit_usd, *gdp_usd, *gdp_ppp, *gdppc_ppp, *lf, *pop, *cinc;
    double *emigrants;       /* row sums of stock (excluding o = d) */
    double *immigrants;      /* column sums */
    bool *has_stock;         /* the state appears in the bilateral stock data */
    double *eff_dest;        /* 1 / HHI of each state's emigrants' destinations */
    double *eff_orig;        /* 1 / HHI of each state's immigrants' origins */
    size_t n_sub;            /* number of subregion ids */
    double *cap_sub;         /* [n * n_sub]: emigrants of o living in each subregion (§2.3) */
    int stock_year;          /* UN year(s) the stocks come from (the panel year if observed) */
} mg_panel;

/* Allocate a panel for n states (all values missing, stocks 0). NULL on failure. */
mg_panel *mg_panel_new(size_t n, int year);
void mg_panel_free(mg_panel *p);
/* A deep copy of p (names are shared, borrowed from p's owner), for counterfactuals: change
 * its stocks, call mg_panel_totals, evaluate. NULL on allocation failure. */
mg_panel *mg_panel_clone(const mg_panel *p);
/* Row and column sums of the stock matrix (call after filling stocks). */
void mg_panel_totals(mg_panel *p);
/* Index of iso3, or -1. Linear scan is fine: called a few times per command. */
long mg_panel_find(const mg_panel *p, const char *iso3);

/* ---------------------------------------------------------------- actors */

#define MG_ACTOR_MAX 64

typedef struct mg_actor {
    char name[32];          /* ISO3 or bloc name */
    bool is_bloc;
    size_t n;
    size_t idx[MG_ACTOR_MAX]; /* panel indices of the members present in the panel */
} mg_actor;

/* ---------------------------------------------------------------- results
 * The result types and their names (migdip_dyad, migdip_quadrant, migdip_factor_name, ...)
 * are public (include/migdip/migdip.h); the engine uses them as they are and implements
 * the public names of quadrants and factors (engine.c). */

/* Evaluate the dyad {a, b} on panel p. Members of a bloc are aggregated as §3.3 says. */
void mg_engine_dyad_eval(const mg_panel *p, const mg_params *prm, const mg_actor *a, const mg_actor *b,
                  migdip_dyad *out);

/* Power score of an actor (§3.4); false if unknown. */
bool mg_engine_power_score(const mg_panel *p, const mg_params *prm, const mg_actor *a, double *out);

/* Substitutability of the workers of `sender` for host state h (§2.3); writes the fitted
 * alternative supply. */
double mg_engine_substitutability(const mg_panel *p, const mg_params *prm, const mg_actor *sender,
                           size_t h, double incumbent, double *alt_supply);

#endif
