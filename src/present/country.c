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

cJSON *present_corridor_json(const char *self, const char *partner, double volume, const migdip_dyad *d)
{
    cJSON *o = cJSON_CreateObject();
    cJSON_AddStringToObject(o, "partner", partner);
    cJSON_AddNumberToObject(o, "volume", volume);
    cJSON_AddNumberToObject(o, "exposure", round(d->side[0].exposure * 1e6) / 1e6);
    cJSON_AddNumberToObject(o, "partner_exposure", round(d->side[1].exposure * 1e6) / 1e6);
    if (d->stronger < 0)
        cJSON_AddNullToObject(o, "stronger");
    else
        cJSON_AddStringToObject(o, "stronger", d->stronger == 0 ? self : partner);
    cJSON_AddStringToObject(o, "quadrant", migdip_quadrant_code(d->quadrant[0]));
    cJSON_AddStringToObject(o, "partner_quadrant", migdip_quadrant_code(d->quadrant[1]));
    cJSON_AddNumberToObject(o, "margin", round(d->margin * 1e6) / 1e6);
    return o;
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
        cJSON_AddItemToArray(cj, present_corridor_json(p->iso3, cor[i].iso3, cor[i].volume, &cor[i].d));
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
    *mout = m;
    return present_corridors_on(ctx, p, m, k, out);
}

size_t present_corridors_on(migdip_ctx *ctx, const migdip_profile *p, const migdip_model *m, size_t k,
                            present_corridor **out)
{
    *out = NULL;
    if (!p->stock_year)
        return 0;
    size_t n = 0, cap = p->n_destinations + p->n_origins + 1;
    present_corridor *c = calloc(cap, sizeof *c);
    if (!c)
        return 0;
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
    return kept;
}

/* Every partner of an actor: the states on the other side of its screen's dyads (for a bloc,
 * of its members' dyads, the members themselves left out), each against the whole actor. */
cJSON *present_partners_json(migdip_ctx *ctx, const migdip_model *m, const migdip_actor *self, const char *power,
                            migdip_status *st)
{
    migdip_screen_opts so = {0};
    if (self->is_bloc)
        so.bloc = self->name;
    else
        so.state = self->name;
    migdip_screen *s = NULL;
    if ((*st = migdip_screen_run(ctx, m, &so, &s)))
        return NULL;
    size_t n = 0;
    present_corridor *c = calloc(s->n + 1, sizeof *c);
    cJSON *j = c ? cJSON_CreateObject() : NULL;
    if (!j) {
        free(c);
        migdip_screen_free(s);
        *st = MIGDIP_ERR_NOMEM;
        return NULL;
    }
    for (size_t k = 0; k < s->n; k++) {
        bool in_a = false, in_b = false;
        for (size_t i = 0; i < self->n_members; i++) {
            in_a = in_a || !strcmp(self->members[i], s->rows[k].a);
            in_b = in_b || !strcmp(self->members[i], s->rows[k].b);
        }
        if (in_a == in_b)
            continue; /* both sides members of the bloc */
        const char *other = in_a ? s->rows[k].b : s->rows[k].a;
        size_t i = 0;
        while (i < n && strcmp(c[i].iso3, other))
            i++;
        if (i == n)
            memcpy(c[n++].iso3, other, 4);
    }
    migdip_screen_free(s);
    size_t kept = 0;
    for (size_t i = 0; i < n; i++) {
        migdip_actor other;
        if (migdip_actor_resolve(ctx, m, c[i].iso3, &other) || migdip_dyad_eval(ctx, m, self, &other, &c[i].d))
            continue;
        c[i].volume = c[i].d.volume_born;
        c[kept++] = c[i];
    }
    qsort(c, kept, sizeof *c, by_volume);
    migdip_flag how;
    int sy = migdip_model_stock_year(m, &how);
    cJSON_AddNumberToObject(j, "year", migdip_model_year(m));
    cJSON_AddNumberToObject(j, "stock_year", sy);
    cJSON_AddStringToObject(j, "stock_flag", migdip_flag_str(how));
    cJSON_AddStringToObject(j, "actor", self->name);
    cJSON_AddStringToObject(j, "title", self->title);
    cJSON_AddBoolToObject(j, "is_bloc", self->is_bloc);
    cJSON *mem = cJSON_AddArrayToObject(j, "members");
    for (size_t i = 0; i < self->n_members; i++)
        cJSON_AddItemToArray(mem, cJSON_CreateString(self->members[i]));
    cJSON_AddStringToObject(j, "power", power);
    cJSON *arr = cJSON_AddArrayToObject(j, "partners");
    for (size_t i = 0; i < kept; i++) {
        const migdip_dyad *d = &c[i].d;
        cJSON *o = present_corridor_json(self->name, c[i].iso3, c[i].volume, d);
        cJSON_AddBoolToObject(o, "in_scope", d->in_scope);
        cJSON_AddStringToObject(o, "reason", migdip_scope_code(d->scope));
        cJSON_AddBoolToObject(o, "close_call", d->close_call);
        cJSON_AddItemToArray(arr, o);
    }
    free(c);
    *st = MIGDIP_OK;
    return j;
}

cJSON *present_blocs_json(const migdip_blocs *b)
{
    cJSON *arr = cJSON_CreateArray();
    for (size_t i = 0; arr && i < b->n; i++) {
        cJSON *o = cJSON_CreateObject();
        cJSON_AddStringToObject(o, "name", b->v[i].name);
        cJSON_AddStringToObject(o, "title", b->v[i].title);
        cJSON *mem = cJSON_AddArrayToObject(o, "members");
        for (size_t k = 0; k < b->v[i].n_members; k++)
            cJSON_AddItemToArray(mem, cJSON_CreateString(b->v[i].members[k]));
        cJSON_AddItemToArray(arr, o);
    }
    return arr;
}
