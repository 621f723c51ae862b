/* dyad.c - one evaluated dyad as JSON, keyed by the two sides' names: the shape
 * `migdip dyad --json` prints and `migdip screen --json` prints one of per row. */
#include "present.h"

static cJSON *side_json(const migdip_dyad *d, int s)
{
    const migdip_side *x = &d->side[s];
    cJSON *o = cJSON_CreateObject();
    present_json_num(o, "exposure_raw", x->exposure_raw);
    present_json_num(o, "exposure_as_sender", x->exposure_send);
    present_json_num(o, "exposure_as_host", x->exposure_host);
    present_json_num(o, "remittances_pct_gdp", x->remit_pct_gdp);
    present_json_num(o, "remittance_share_from_partner", x->remit_share);
    cJSON_AddBoolToObject(o, "remittance_share_estimated", x->remit_fallback);
    if (x->remit_matrix_year)
        cJSON_AddNumberToObject(o, "remittance_matrix_year", x->remit_matrix_year);
    else
        cJSON_AddNullToObject(o, "remittance_matrix_year");
    cJSON_AddBoolToObject(o, "remittance_share_carried", x->remit_carried);
    cJSON_AddBoolToObject(o, "labour_force_derived", x->lf_derived);
    present_json_num(o, "remittance_dependency", x->rd);
    present_json_num(o, "emigrants_in_partner", x->emig_in_partner);
    present_json_num(o, "emigrant_share_in_partner", x->emig_share);
    present_json_num(o, "effective_destinations", x->eff_destinations);
    present_json_num(o, "safety_valve", x->valve);
    present_json_num(o, "partner_migrants_here", x->partner_migrants);
    present_json_num(o, "labour_force_share", x->lf_share);
    present_json_num(o, "migrant_pool_share", x->pool_share);
    present_json_num(o, "effective_origins", x->eff_origins);
    present_json_num(o, "substitutability", x->substitutability);
    present_json_num(o, "alternative_supply", x->alt_supply);
    present_json_num(o, "sender_control", x->control);
    present_json_num(o, "pool_weight", x->pool_weight);
    present_json_num(o, "partner_born_here", x->partner_born);
    present_json_num(o, "partner_protection_here", x->partner_protection);
    present_json_num(o, "partner_legacy_discounted", x->partner_legacy);
    present_json_num(o, "partner_recorded_added", x->partner_recorded);
    if (x->power_known)
        present_json_num(o, "power", x->power);
    else
        cJSON_AddNullToObject(o, "power");
    present_json_num(o, "gdp_per_head_ppp", x->gdppc_ppp);
    present_json_num(o, "gdp_ppp", x->gdp_ppp);
    if (x->power_source[0])
        cJSON_AddStringToObject(o, "power_source", x->power_source);
    else
        cJSON_AddNullToObject(o, "power_source");
    cJSON_AddNumberToObject(o, "power_members_missing", x->power_members_missing);
    if (x->data_gap)
        cJSON_AddStringToObject(o, "data_gap", x->gap_note);
    return o;
}

cJSON *present_dyad_json(const migdip_model *m, const migdip_actor *a, const migdip_actor *b, const migdip_dyad *d,
                         bool explain)
{
    const migdip_actor *act[2] = {a, b};
    cJSON *j = cJSON_CreateObject();
    cJSON_AddNumberToObject(j, "year", d->year);
    cJSON_AddStringToObject(j, "a", a->name);
    cJSON_AddStringToObject(j, "b", b->name);
    if (d->stronger < 0) {
        cJSON_AddNullToObject(j, "stronger");
        cJSON_AddNullToObject(j, "weaker");
    } else {
        cJSON_AddStringToObject(j, "stronger", act[d->stronger]->name);
        cJSON_AddStringToObject(j, "weaker", act[1 - d->stronger]->name);
    }
    /* the keys the CSV and the export share (docs/exports.md, "JSON and CSV"), beside the
     * objects keyed by the sides' names */
    present_json_num(j, "exposure_a", d->side[0].exposure);
    present_json_num(j, "exposure_b", d->side[1].exposure);
    cJSON_AddStringToObject(j, "quadrant_a", migdip_quadrant_code(d->quadrant[0]));
    cJSON_AddStringToObject(j, "quadrant_b", migdip_quadrant_code(d->quadrant[1]));
    cJSON *e = cJSON_AddObjectToObject(j, "exposure");
    cJSON *dec = cJSON_AddObjectToObject(j, "decomposition");
    cJSON *q = cJSON_AddObjectToObject(j, "quadrant");
    cJSON *ind = cJSON_AddObjectToObject(j, "indicators");
    for (int s = 0; s < 2; s++) {
        present_json_num(e, act[s]->name, d->side[s].exposure);
        cJSON *f = cJSON_AddObjectToObject(dec, act[s]->name);
        for (int k = 0; k < MIGDIP_F_COUNT; k++)
            present_json_num(f, migdip_factor_name((migdip_factor)k), d->side[s].contrib[k]);
        cJSON_AddStringToObject(q, act[s]->name, migdip_quadrant_code(d->quadrant[s]));
        cJSON_AddItemToObject(ind, act[s]->name, side_json(d, s));
    }
    present_json_num(j, "margin", d->margin);
    cJSON_AddStringToObject(j, "margin_boundary", d->margin_boundary);
    present_json_num(j, "power_difference", d->power_diff);
    present_json_num(j, "size_difference", d->size_diff);
    cJSON_AddBoolToObject(j, "power_contested", d->power_contested);
    cJSON_AddBoolToObject(j, "close_call", d->close_call);
    cJSON_AddBoolToObject(j, "seasonal_unseen", d->seasonal_unseen);
    cJSON_AddBoolToObject(j, "low_confidence", d->low_confidence);
    present_json_num(j, "institutionalisation", d->inst);
    present_json_num(j, "volume", d->volume);
    cJSON *sc = cJSON_AddObjectToObject(j, "scope");
    cJSON_AddBoolToObject(sc, "in_scope", d->in_scope);
    cJSON_AddStringToObject(sc, "reason", migdip_scope_code(d->scope));
    present_json_num(sc, "forced_share", d->forced_share);
    present_json_num(sc, "registered_protection", d->registered);
    if (d->first_asylum >= 0)
        cJSON_AddStringToObject(sc, "first_asylum", act[d->first_asylum]->name);
    else
        cJSON_AddNullToObject(sc, "first_asylum");
    present_json_num(sc, "volume_born", d->volume_born);
    cJSON_AddBoolToObject(sc, "high_volume", d->volume_ok);
    cJSON_AddBoolToObject(sc, "substantial_exposure", d->exposure_ok);
    cJSON_AddBoolToObject(sc, "power_known", d->power_ok);
    cJSON_AddBoolToObject(sc, "data_complete", !d->side[0].data_gap && !d->side[1].data_gap);
    if (explain) { /* the explanation's robustness sentence draws parameters: the costly part */
        char *x = NULL;
        if (migdip_dyad_explain(m, a, b, d, &x) != MIGDIP_OK) { /* its one failure: out of memory */
            cJSON_Delete(j);
            return NULL;
        }
        cJSON_AddStringToObject(j, "explanation", x);
        migdip_free(x);
    }
    return j;
}

void present_members_json(migdip_ctx *ctx, const migdip_model *m, const migdip_actor *bloc,
                          const migdip_actor *other, cJSON *arr)
{
    for (size_t k = 0; k < bloc->n_members; k++) {
        migdip_actor one;
        migdip_dyad d;
        if (migdip_actor_resolve(ctx, m, bloc->members[k], &one) || migdip_dyad_eval(ctx, m, &one, other, &d))
            continue;
        cJSON *o = cJSON_CreateObject();
        cJSON_AddStringToObject(o, "iso3", one.name);
        cJSON_AddStringToObject(o, "bloc", bloc->name);
        present_json_num(o, "exposure", d.side[0].exposure);
        present_json_num(o, "partner_exposure", d.side[1].exposure);
        cJSON_AddStringToObject(o, "quadrant", migdip_quadrant_code(d.quadrant[0]));
        cJSON_AddStringToObject(o, "partner_quadrant", migdip_quadrant_code(d.quadrant[1]));
        cJSON_AddItemToArray(arr, o);
    }
}
