/* power.h - power figures that are never silently unknown (docs/model.md §3.4): where the WDI
 * lacks a state's GDP (PPP) or population, the first fallback source that has them (IMF WEO,
 * Penn World Table, Maddison Project; UN Statistics Division for GDP in US$), bridged to the
 * WDI's level by the median ratio of the two over the states that have both in that year.
 * Pure computation on the panel (core/panel.h). */
#ifndef MG_POWER_H
#define MG_POWER_H

#include <stdbool.h>
#include <stddef.h>

#include "core/panel.h"

/* One fallback source at the panel's year: figures per panel state, NAN where missing. */
typedef struct mg_power_source {
    int src;             /* MG_SRC_* */
    const double *gdp_ppp; /* GDP at PPP (any constant or current international $), or NULL */
    const double *pop;     /* population (persons), or NULL */
    const double *gdp_usd; /* GDP in US$, or NULL */
} mg_power_source;

/* The states with both figures needed to bridge a source. */
#define MG_POWER_MIN_BRIDGE 10
/* States a bridge computes on the stack (a panel holds a few hundred), so that no failed
 * allocation can silently drop a bridged figure */
#define MG_POWER_STACK 1024

/* The median of wdi[i] / other[i] over states with both positive; NAN if fewer than
 * MG_POWER_MIN_BRIDGE (or out of memory: mg_power_fill uses a scratch array of its own). */
double mg_power_bridge_ratio(const double *wdi, const double *other, size_t n);

/* Fill the panel's missing gdp_ppp, pop, gdppc_ppp and gdp_usd from the sources in order;
 * p->power_src[i] records where the PPP figures come from (MG_SRC_WDI when the WDI had
 * them). Filled values are flagged derived. false when out of memory (the panel is then
 * partly filled: the caller fails). */
bool mg_power_fill(mg_panel *p, const mg_power_source *srcs, size_t n_srcs);

#endif
