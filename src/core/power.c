/* power.c - the fallback chain of power figures (docs/model.md §3.4). */
#include "core/power.h"

#include <math.h>
#include <stdlib.h>

static int cmp_double(const void *x, const void *y)
{
    double a = *(const double *)x, b = *(const double *)y;
    return (a > b) - (a < b);
}

/* the median ratio, r a scratch array of n doubles */
static double bridge_ratio(const double *wdi, const double *other, size_t n, double *r)
{
    size_t k = 0;
    for (size_t i = 0; i < n; i++)
        if (wdi[i] > 0 && other[i] > 0)
            r[k++] = wdi[i] / other[i];
    double med = NAN;
    if (k >= MG_POWER_MIN_BRIDGE) {
        qsort(r, k, sizeof *r, cmp_double);
        med = k % 2 ? r[k / 2] : (r[k / 2 - 1] + r[k / 2]) / 2;
    }
    return med;
}

double mg_power_bridge_ratio(const double *wdi, const double *other, size_t n)
{
    /* a panel holds a few hundred states: on the stack, so that the bridge cannot be lost to a
     * failed allocation; more falls back on the heap, and NAN (no bridge) if that fails */
    double stack[MG_POWER_STACK], *r = n <= MG_POWER_STACK ? stack : malloc(n * sizeof *r);
    if (!r)
        return NAN;
    double med = bridge_ratio(wdi, other, n, r);
    if (r != stack)
        free(r);
    return med;
}

static double known(const migdip_value *v) { return v->flag != MIGDIP_FLAG_MISSING && v->value > 0 ? v->value : NAN; }

/* The WDI's own figures of one kind, as a plain array (NAN missing). */
static double *wdi_array(const mg_panel *p, int which)
{
    double *a = malloc((p->n ? p->n : 1) * sizeof *a);
    if (!a)
        return NULL;
    for (size_t i = 0; i < p->n; i++) {
        double gp = known(&p->gdp_ppp[i]), pc = known(&p->gdppc_ppp[i]), po = known(&p->pop[i]);
        if (isnan(gp) && pc > 0 && po > 0)
            gp = pc * po;
        a[i] = which == 0 ? gp : which == 1 ? po : known(&p->gdp_usd[i]);
    }
    return a;
}

bool mg_power_fill(mg_panel *p, const mg_power_source *srcs, size_t n_srcs)
{
    size_t n = p->n;
    double *gp = wdi_array(p, 0), *po = wdi_array(p, 1), *gu = wdi_array(p, 2);
    double *scratch = malloc((n ? n : 1) * sizeof *scratch);
    bool ok = gp && po && gu && scratch;
    if (!ok)
        goto done;
    for (size_t i = 0; i < n; i++)
        p->power_src[i] = gp[i] > 0 && po[i] > 0 ? MG_SRC_WDI : MG_SRC_NONE;
    for (size_t s = 0; s < n_srcs; s++) {
        const mg_power_source *src = &srcs[s];
        double r_gdp = src->gdp_ppp ? bridge_ratio(gp, src->gdp_ppp, n, scratch) : NAN;
        double r_pop = src->pop ? bridge_ratio(po, src->pop, n, scratch) : NAN;
        double r_usd = src->gdp_usd ? bridge_ratio(gu, src->gdp_usd, n, scratch) : NAN;
        for (size_t i = 0; i < n; i++) {
            migdip_value derived = {NAN, MIGDIP_FLAG_DERIVED, p->year};
            if (isnan(known(&p->gdp_usd[i])) && isfinite(r_usd) && src->gdp_usd[i] > 0) {
                derived.value = src->gdp_usd[i] * r_usd;
                p->gdp_usd[i] = derived;
            }
            if (p->power_src[i] != MG_SRC_NONE)
                continue;
            /* the PPP figures come from one source: GDP, and population where the WDI lacks it */
            double g = isfinite(r_gdp) && src->gdp_ppp[i] > 0 ? src->gdp_ppp[i] * r_gdp : NAN;
            double pop = po[i] > 0 ? po[i] : isfinite(r_pop) && src->pop[i] > 0 ? src->pop[i] * r_pop : NAN;
            if (!(g > 0 && pop > 0))
                continue;
            derived.value = g;
            p->gdp_ppp[i] = derived;
            if (!(po[i] > 0)) {
                derived.value = pop;
                p->pop[i] = derived;
            }
            derived.value = g / pop;
            p->gdppc_ppp[i] = derived;
            p->power_src[i] = (uint8_t)src->src;
        }
        /* later sources bridge to the WDI only; the arrays keep the WDI's own figures */
    }
done:
    free(gp);
    free(po);
    free(gu);
    free(scratch);
    return ok;
}
