/* country.c - a state's profile as JSON (`migdip country --json`, the server's /api/country)
 * and its main corridors, each evaluated. */
#include <math.h>
#include <stdlib.h>
#include <string.h>

#include "present.h"

static void add_value(cJSON *o, const char *key, migdip_value v)
{
    if (v.flag == MIGDIP_FLAG_MISSING)
        cJSON_AddNullToObject(o, key);
    else
        cJSON_AddNumberToObject(o, key, v.value);
}

static cJSON *value_meta(migdip_value v)
{
    cJSON *m = cJSON_CreateObject();
    if (v.flag == MIGDIP_FLAG_MISSING)
        cJSON_AddNullToObject(m, "value");
    else
        cJSON_AddNumberToObject(m, "value", v.value);
    cJSON_AddNumberToObject(m, "year", v.year);
    cJSON_AddStringToObject(m, "flag", migdip_flag_str(v.flag));
    return m;
}

static cJSON *partners_json(const migdip_partner *p, size_t n)
{
    cJSON *a = cJSON_CreateArray();
    for (size_t i = 0; i < n; i++) {
        cJSON *o = cJSON_CreateObject();
        cJSON_AddStringToObject(o, "iso3", p[i].iso3);
        cJSON_AddStringToObject(o, "name", p[i].name);
        cJSON_AddNumberToObject(o, "stock", p[i].stock);
        cJSON_AddNumberToObject(o, "share", round(p[i].share * 1e6) / 1e6);
        cJSON_AddItemToArray(a, o);
    }
    return a;
}

static void add_num_or_null(cJSON *o, const char *key, double v)
{
    if (isnan(v))
        cJSON_AddNullToObject(o, key);
    else
        cJSON_AddNumberToObject(o, key, v);
}

cJSON *present_country_json(const migdip_profile *p, const present_corridor *cor, size_t n_cor)
{
    cJSON *j = cJSON_CreateObject();
    cJSON_AddStringToObject(j, "iso3", p->iso3);
    cJSON_AddStringToObject(j, "name", p->name);
    cJSON_AddNumberToObject(j, "year", p->year);
    cJSON_AddNumberToObject(j, "stock_year", p->stock_year);
    add_value(j, "population", p->population);
    add_value(j, "labour_force", p->labour_force);
    add_value(j, "gdp_usd", p->gdp_usd);
    add_value(j, "gdp_pc_usd", p->gdp_pc_usd);
    add_value(j, "gdp_pc_ppp", p->gdp_pc_ppp);
    add_value(j, "remittances_usd", p->remittances_usd);
    add_value(j, "remittances_pct_gdp", p->remittances_pct_gdp);
    add_value(j, "cinc", p->cinc);
    add_num_or_null(j, "emigrants_total", p->emigrants_total);
    add_num_or_null(j, "hhi_destinations", p->hhi_destinations);
    add_num_or_null(j, "effective_destinations", p->eff_destinations);
    cJSON_AddItemToObject(j, "destinations", partners_json(p->destinations, p->n_destinations));
    add_num_or_null(j, "immigrants_total", p->immigrants_total);
    add_num_or_null(j, "hhi_origins", p->hhi_origins);
    add_num_or_null(j, "effective_origins", p->eff_origins);
    cJSON_AddItemToObject(j, "origins", partners_json(p->origins, p->n_origins));
    cJSON *ag = cJSON_AddArrayToObject(j, "agreements");
    for (size_t i = 0; i < p->n_agreements; i++) {
        cJSON *o = cJSON_CreateObject();
        cJSON_AddStringToObject(o, "partner", p->agreements[i].partner);
        cJSON_AddStringToObject(o, "partner_name", p->agreements[i].partner_name);
        if (p->agreements[i].year)
            cJSON_AddNumberToObject(o, "year", p->agreements[i].year);
        else
            cJSON_AddNullToObject(o, "year");
        cJSON_AddStringToObject(o, "source", p->agreements[i].source);
        cJSON_AddItemToArray(ag, o);
    }
    cJSON *cj = cJSON_AddArrayToObject(j, "corridors");
    for (size_t i = 0; i < n_cor; i++) {
        const migdip_dyad *d = &cor[i].d;
        cJSON *o = cJSON_CreateObject();
        cJSON_AddStringToObject(o, "partner", cor[i].iso3);
        cJSON_AddNumberToObject(o, "volume", cor[i].volume);
        cJSON_AddNumberToObject(o, "exposure", round(d->side[0].exposure * 1e6) / 1e6);
        cJSON_AddNumberToObject(o, "partner_exposure", round(d->side[1].exposure * 1e6) / 1e6);
        if (d->stronger < 0)
            cJSON_AddNullToObject(o, "stronger");
        else
            cJSON_AddStringToObject(o, "stronger", d->stronger == 0 ? p->iso3 : cor[i].iso3);
        cJSON_AddStringToObject(o, "quadrant", migdip_quadrant_code(d->quadrant[0]));
        cJSON_AddStringToObject(o, "partner_quadrant", migdip_quadrant_code(d->quadrant[1]));
        cJSON_AddNumberToObject(o, "margin", round(d->margin * 1e6) / 1e6);
        cJSON_AddItemToArray(cj, o);
    }
    cJSON *meta = cJSON_AddObjectToObject(j, "values");
    cJSON_AddItemToObject(meta, "population", value_meta(p->population));
    cJSON_AddItemToObject(meta, "labour_force", value_meta(p->labour_force));
    cJSON_AddItemToObject(meta, "gdp_usd", value_meta(p->gdp_usd));
    cJSON_AddItemToObject(meta, "gdp_pc_usd", value_meta(p->gdp_pc_usd));
    cJSON_AddItemToObject(meta, "gdp_pc_ppp", value_meta(p->gdp_pc_ppp));
    cJSON_AddItemToObject(meta, "remittances_usd", value_meta(p->remittances_usd));
    cJSON_AddItemToObject(meta, "remittances_pct_gdp", value_meta(p->remittances_pct_gdp));
    cJSON_AddItemToObject(meta, "cinc", value_meta(p->cinc));
    return j;
}

static int by_volume(const void *x, const void *y)
{
    const present_corridor *a = x, *b = y;
    return a->volume < b->volume ? 1 : a->volume > b->volume ? -1 : strcmp(a->iso3, b->iso3);
}

size_t present_main_corridors(migdip_ctx *ctx, const migdip_profile *p, const migdip_model_opts *base, size_t k,
                              present_corridor **out, migdip_model **mout)
{
    *out = NULL;
    *mout = NULL;
    if (!p->stock_year)
        return 0;
    migdip_model_opts mo = {0};
    if (base)
        mo = *base; /* the engine options of the command line (--power, --param, ...) */
    mo.year = p->year;
    migdip_model *m = NULL;
    if (migdip_model_load(ctx, &mo, &m))
        return 0;
    size_t n = 0, cap = p->n_destinations + p->n_origins + 1;
    present_corridor *c = calloc(cap, sizeof *c);
    if (!c) {
        migdip_model_free(m);
        return 0;
    }
    for (int dir = 0; dir < 2; dir++) {
        const migdip_partner *v = dir ? p->origins : p->destinations;
        size_t nv = dir ? p->n_origins : p->n_destinations;
        for (size_t i = 0; i < nv; i++) {
            size_t j = 0;
            while (j < n && strcmp(c[j].iso3, v[i].iso3))
                j++;
            if (j == n)
                memcpy(c[n++].iso3, v[i].iso3, 4);
            c[j].volume += v[i].stock;
        }
    }
    qsort(c, n, sizeof *c, by_volume);
    size_t kept = 0;
    migdip_actor self;
    if (!migdip_actor_resolve(ctx, m, p->iso3, &self))
        for (size_t i = 0; i < n && kept < k; i++) {
            migdip_actor other;
            if (migdip_actor_resolve(ctx, m, c[i].iso3, &other) || migdip_dyad_eval(ctx, m, &self, &other, &c[i].d))
                continue;
            c[i].ok = true;
            c[kept++] = c[i];
        }
    *out = c;
    *mout = m;
    return kept;
}
