/* panel.c - allocation, copy and stock totals of the one-year panel (docs/model.md §1, §2.3). */
#include "core/panel.h"

#include <math.h>
#include <stdlib.h>
#include <string.h>

mg_panel *mg_panel_new(size_t n, int year)
{
    mg_panel *p = calloc(1, sizeof *p);
    if (!p)
        return NULL;
    p->n = n;
    p->year = year;
    p->stock_year = year;
    size_t nn = n * n;
    p->iso3 = calloc(n ? n : 1, sizeof *p->iso3);
    p->name = calloc(n ? n : 1, sizeof *p->name);
    p->subregion = malloc((n ? n : 1) * sizeof *p->subregion);
    p->stock = calloc(nn ? nn : 1, sizeof *p->stock);
    p->stock_flag = calloc(nn ? nn : 1, 1);
    p->rshare = malloc((nn ? nn : 1) * sizeof *p->rshare);
    p->rshare_flag = calloc(nn ? nn : 1, 1);
    p->lang = calloc(nn ? nn : 1, 1);
    p->dist = malloc((nn ? nn : 1) * sizeof *p->dist);
    p->inst = calloc(nn ? nn : 1, sizeof *p->inst);
    p->scheme = calloc(nn ? nn : 1, 1);
    p->stock_born = calloc(nn ? nn : 1, sizeof *p->stock_born);
    p->stock_ref = malloc((nn ? nn : 1) * sizeof *p->stock_ref);
    p->refugee_ref = malloc((nn ? nn : 1) * sizeof *p->refugee_ref);
    p->protection = calloc(nn ? nn : 1, sizeof *p->protection);
    p->recorded = calloc(nn ? nn : 1, sizeof *p->recorded);
    p->legacy = calloc(nn ? nn : 1, 1);
    p->asylum = calloc(nn ? nn : 1, 1);
    p->channel = calloc(nn ? nn : 1, 1);
    p->freemove = calloc(nn ? nn : 1, 1);
    p->seasonal = calloc(nn ? nn : 1, 1);
    p->contig = calloc(nn ? nn : 1, 1);
    p->female = malloc((nn ? nn : 1) * sizeof *p->female);
    p->territory = calloc(n ? n : 1, 1);
    p->power_src = calloc(n ? n : 1, 1);
    migdip_value **vals[] = {&p->remit_usd, &p->gdp_usd, &p->gdp_ppp, &p->gdppc_ppp, &p->lf, &p->pop, &p->cinc};
    bool ok = p->iso3 && p->name && p->subregion && p->stock && p->stock_flag && p->rshare &&
              p->rshare_flag && p->lang && p->dist && p->inst && p->scheme && p->stock_born && p->stock_ref && p->refugee_ref &&
              p->protection && p->recorded && p->legacy && p->asylum && p->channel && p->freemove && p->seasonal && p->contig && p->female &&
              p->territory && p->power_src;
    for (size_t k = 0; k < sizeof vals / sizeof *vals; k++) {
        *vals[k] = malloc((n ? n : 1) * sizeof **vals[k]);
        ok = ok && *vals[k];
    }
    p->emigrants = calloc(n ? n : 1, sizeof *p->emigrants);
    p->immigrants = calloc(n ? n : 1, sizeof *p->immigrants);
    p->has_stock = calloc(n ? n : 1, sizeof *p->has_stock);
    p->eff_dest = calloc(n ? n : 1, sizeof *p->eff_dest);
    p->eff_orig = calloc(n ? n : 1, sizeof *p->eff_orig);
    ok = ok && p->emigrants && p->immigrants && p->has_stock && p->eff_dest && p->eff_orig;
    if (!ok) {
        mg_panel_free(p);
        return NULL;
    }
    for (size_t i = 0; i < n; i++) {
        p->subregion[i] = -1;
        for (size_t k = 0; k < sizeof vals / sizeof *vals; k++)
            (*vals[k])[i] = (migdip_value){NAN, MIGDIP_FLAG_MISSING, year};
    }
    for (size_t i = 0; i < nn; i++) {
        p->rshare[i] = NAN;
        p->dist[i] = NAN;
        p->stock_ref[i] = NAN;
        p->refugee_ref[i] = NAN;
        p->female[i] = NAN;
    }
    return p;
}

void mg_panel_free(mg_panel *p)
{
    if (!p)
        return;
    free(p->iso3);
    free(p->name);
    free(p->subregion);
    free(p->stock);
    free(p->stock_flag);
    free(p->rshare);
    free(p->rshare_flag);
    free(p->lang);
    free(p->dist);
    free(p->inst);
    free(p->scheme);
    free(p->stock_born);
    free(p->stock_ref);
    free(p->refugee_ref);
    free(p->protection);
    free(p->recorded);
    free(p->legacy);
    free(p->asylum);
    free(p->channel);
    free(p->freemove);
    free(p->seasonal);
    free(p->contig);
    free(p->female);
    free(p->territory);
    free(p->power_src);
    free(p->remit_usd);
    free(p->gdp_usd);
    free(p->gdp_ppp);
    free(p->gdppc_ppp);
    free(p->lf);
    free(p->pop);
    free(p->cinc);
    free(p->emigrants);
    free(p->immigrants);
    free(p->has_stock);
    free(p->eff_dest);
    free(p->eff_orig);
    free(p->cap_sub);
    free(p);
}

mg_panel *mg_panel_clone(const mg_panel *p)
{
    mg_panel *c = mg_panel_new(p->n, p->year);
    if (!c)
        return NULL;
    size_t n = p->n, nn = n * n;
    c->stock_year = p->stock_year;
    c->remit_year = p->remit_year;
    memcpy(c->iso3, p->iso3, n * sizeof *p->iso3);
    memcpy(c->name, p->name, n * sizeof *p->name);
    memcpy(c->subregion, p->subregion, n * sizeof *p->subregion);
    memcpy(c->stock, p->stock, nn * sizeof *p->stock);
    memcpy(c->stock_flag, p->stock_flag, nn);
    memcpy(c->rshare, p->rshare, nn * sizeof *p->rshare);
    memcpy(c->rshare_flag, p->rshare_flag, nn);
    memcpy(c->lang, p->lang, nn);
    memcpy(c->dist, p->dist, nn * sizeof *p->dist);
    memcpy(c->inst, p->inst, nn * sizeof *p->inst);
    memcpy(c->scheme, p->scheme, nn);
    memcpy(c->stock_born, p->stock_born, nn * sizeof *p->stock_born);
    memcpy(c->stock_ref, p->stock_ref, nn * sizeof *p->stock_ref);
    memcpy(c->refugee_ref, p->refugee_ref, nn * sizeof *p->refugee_ref);
    memcpy(c->protection, p->protection, nn * sizeof *p->protection);
    memcpy(c->recorded, p->recorded, nn * sizeof *p->recorded);
    memcpy(c->legacy, p->legacy, nn);
    memcpy(c->asylum, p->asylum, nn);
    memcpy(c->channel, p->channel, nn);
    memcpy(c->freemove, p->freemove, nn);
    memcpy(c->seasonal, p->seasonal, nn);
    memcpy(c->contig, p->contig, nn);
    memcpy(c->female, p->female, nn * sizeof *p->female);
    memcpy(c->territory, p->territory, n);
    memcpy(c->power_src, p->power_src, n);
    const migdip_value *src[] = {p->remit_usd, p->gdp_usd, p->gdp_ppp, p->gdppc_ppp, p->lf, p->pop, p->cinc};
    migdip_value *dst[] = {c->remit_usd, c->gdp_usd, c->gdp_ppp, c->gdppc_ppp, c->lf, c->pop, c->cinc};
    for (size_t k = 0; k < sizeof src / sizeof *src; k++)
        memcpy(dst[k], src[k], n * sizeof *src[k]);
    mg_panel_totals(c);
    memcpy(c->immigrants, p->immigrants, n * sizeof *p->immigrants); /* keeps unknown origins */
    if (!c->cap_sub) {
        mg_panel_free(c);
        return NULL;
    }
    return c;
}

void mg_panel_totals(mg_panel *p)
{
    size_t n = p->n;
    int max_sub = -1;
    for (size_t i = 0; i < n; i++) {
        p->emigrants[i] = p->immigrants[i] = 0;
        if (p->subregion[i] > max_sub)
            max_sub = p->subregion[i];
    }
    for (size_t o = 0; o < n; o++)
        for (size_t d = 0; d < n; d++) {
            double s = p->stock[o * n + d];
            if (o == d || !(s > 0))
                continue;
            p->emigrants[o] += s;
            p->immigrants[d] += s;
            p->has_stock[o] = p->has_stock[d] = true;
        }
    for (size_t i = 0; i < n; i++) {
        double hd = 0, ho = 0;
        for (size_t j = 0; j < n; j++) {
            if (i == j)
                continue;
            if (p->emigrants[i] > 0) {
                double s = p->stock[i * n + j] / p->emigrants[i];
                hd += s * s;
            }
            if (p->immigrants[i] > 0) {
                double s = p->stock[j * n + i] / p->immigrants[i];
                ho += s * s;
            }
        }
        p->eff_dest[i] = hd > 0 ? 1 / hd : NAN;
        p->eff_orig[i] = ho > 0 ? 1 / ho : NAN;
    }
    /* §2.3: an alternative sender's capacity for host h = its emigrants living anywhere in
     * h's subregion (the recruitment channels it already has into that labour market) */
    free(p->cap_sub);
    p->n_sub = (size_t)(max_sub + 1);
    p->cap_sub = calloc(n * (p->n_sub ? p->n_sub : 1), sizeof *p->cap_sub);
    if (!p->cap_sub)
        return;
    for (size_t o = 0; o < n; o++)
        for (size_t d = 0; d < n; d++)
            if (o != d && p->subregion[d] >= 0 && p->stock[o * n + d] > 0)
                p->cap_sub[o * p->n_sub + (size_t)p->subregion[d]] += p->stock[o * n + d];
}

const char *mg_panel_source_name(int src)
{
    static const char *const names[MG_SRC_COUNT] = {"none", "WDI", "IMF WEO", "Penn World Table",
                                                     "Maddison Project", "UN Statistics Division"};
    return src >= 0 && src < MG_SRC_COUNT ? names[src] : "none";
}

long mg_panel_find(const mg_panel *p, const char *iso3)
{
    for (size_t i = 0; i < p->n; i++)
        if (strcmp(p->iso3[i], iso3) == 0)
            return (long)i;
    return -1;
}
