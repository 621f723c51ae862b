/* dyad.c - one evaluated dyad as JSON, keyed by the two sides' names: the shape
 * `migdip dyad --json` prints (a tree) and `migdip screen --json` writes one of per row (as
 * text, no tree), both from present_dyad_write. */
#include "present.h"

static void side_write(present_jw *w, const char *key, const migdip_dyad *d, int s)
{
    const migdip_side *x = &d->side[s];
    present_jw_begin(w, key);
    present_jw_num(w, "exposure_raw", x->exposure_raw);
    present_jw_num(w, "exposure_as_sender", x->exposure_send);
    present_jw_num(w, "exposure_as_host", x->exposure_host);
    present_jw_num(w, "remittances_pct_gdp", x->remit_pct_gdp);
    present_jw_num(w, "remittance_share_from_partner", x->remit_share);
    present_jw_bool(w, "remittance_share_estimated", x->remit_fallback);
    if (x->remit_matrix_year)
        present_jw_number(w, "remittance_matrix_year", x->remit_matrix_year);
    else
        present_jw_null(w, "remittance_matrix_year");
    present_jw_bool(w, "remittance_share_carried", x->remit_carried);
    present_jw_bool(w, "labour_force_derived", x->lf_derived);
    present_jw_num(w, "remittance_dependency", x->rd);
    present_jw_num(w, "emigrants_in_partner", x->emig_in_partner);
    present_jw_num(w, "emigrant_share_in_partner", x->emig_share);
    present_jw_num(w, "effective_destinations", x->eff_destinations);
    present_jw_num(w, "safety_valve", x->valve);
    present_jw_num(w, "partner_migrants_here", x->partner_migrants);
    present_jw_num(w, "labour_force_share", x->lf_share);
    present_jw_num(w, "migrant_pool_share", x->pool_share);
    present_jw_num(w, "effective_origins", x->eff_origins);
    present_jw_num(w, "substitutability", x->substitutability);
    present_jw_num(w, "alternative_supply", x->alt_supply);
    present_jw_num(w, "sender_control", x->control);
    present_jw_num(w, "pool_weight", x->pool_weight);
    present_jw_num(w, "partner_born_here", x->partner_born);
    present_jw_num(w, "partner_protection_here", x->partner_protection);
    present_jw_num(w, "partner_legacy_discounted", x->partner_legacy);
    present_jw_num(w, "partner_recorded_added", x->partner_recorded);
    if (x->power_known)
        present_jw_num(w, "power", x->power);
    else
        present_jw_null(w, "power");
    present_jw_num(w, "gdp_per_head_ppp", x->gdppc_ppp);
    present_jw_num(w, "gdp_ppp", x->gdp_ppp);
    if (x->power_source[0])
        present_jw_str(w, "power_source", x->power_source);
    else
        present_jw_null(w, "power_source");
    present_jw_number(w, "power_members_missing", x->power_members_missing);
    if (x->data_gap)
        present_jw_str(w, "data_gap", x->gap_note);
    present_jw_end(w);
}

bool present_dyad_write(present_jw *w, const char *key, const migdip_model *m, const migdip_actor *a,
                        const migdip_actor *b, const migdip_dyad *d, bool explain)
{
    const migdip_actor *act[2] = {a, b};
    present_jw_begin(w, key);
    present_jw_number(w, "year", d->year);
    present_jw_str(w, "a", a->name);
    present_jw_str(w, "b", b->name);
    if (d->stronger < 0) {
        present_jw_null(w, "stronger");
        present_jw_null(w, "weaker");
    } else {
        present_jw_str(w, "stronger", act[d->stronger]->name);
        present_jw_str(w, "weaker", act[1 - d->stronger]->name);
    }
    /* the keys the CSV and the export share (docs/exports.md, "JSON and CSV"), beside the
     * objects keyed by the sides' names */
    present_jw_num(w, "exposure_a", d->side[0].exposure);
    present_jw_num(w, "exposure_b", d->side[1].exposure);
    present_jw_str(w, "quadrant_a", migdip_quadrant_code(d->quadrant[0]));
    present_jw_str(w, "quadrant_b", migdip_quadrant_code(d->quadrant[1]));
    present_jw_begin(w, "exposure");
    for (int s = 0; s < 2; s++)
        present_jw_num(w, act[s]->name, d->side[s].exposure);
    present_jw_end(w);
    present_jw_begin(w, "decomposition");
    for (int s = 0; s < 2; s++) {
        present_jw_begin(w, act[s]->name);
        for (int k = 0; k < MIGDIP_F_COUNT; k++)
            present_jw_num(w, migdip_factor_name((migdip_factor)k), d->side[s].contrib[k]);
        present_jw_end(w);
    }
    present_jw_end(w);
    present_jw_begin(w, "quadrant");
    for (int s = 0; s < 2; s++)
        present_jw_str(w, act[s]->name, migdip_quadrant_code(d->quadrant[s]));
    present_jw_end(w);
    present_jw_begin(w, "indicators");
    for (int s = 0; s < 2; s++)
        side_write(w, act[s]->name, d, s);
    present_jw_end(w);
    present_jw_num(w, "margin", d->margin);
    present_jw_str(w, "margin_boundary", d->margin_boundary);
    present_jw_num(w, "power_difference", d->power_diff);
    present_jw_num(w, "size_difference", d->size_diff);
    present_jw_bool(w, "power_contested", d->power_contested);
    present_jw_bool(w, "close_call", d->close_call);
    present_jw_bool(w, "seasonal_unseen", d->seasonal_unseen);
    present_jw_bool(w, "low_confidence", d->low_confidence);
    present_jw_num(w, "institutionalisation", d->inst);
    present_jw_num(w, "volume", d->volume);
    present_jw_begin(w, "scope");
    present_jw_bool(w, "in_scope", d->in_scope);
    present_jw_str(w, "reason", migdip_scope_code(d->scope));
    present_jw_num(w, "forced_share", d->forced_share);
    present_jw_num(w, "registered_protection", d->registered);
    if (d->first_asylum >= 0)
        present_jw_str(w, "first_asylum", act[d->first_asylum]->name);
    else
        present_jw_null(w, "first_asylum");
    present_jw_num(w, "volume_born", d->volume_born);
    present_jw_bool(w, "high_volume", d->volume_ok);
    present_jw_bool(w, "substantial_exposure", d->exposure_ok);
    present_jw_bool(w, "power_known", d->power_ok);
    present_jw_bool(w, "data_complete", !d->side[0].data_gap && !d->side[1].data_gap);
    present_jw_end(w);
    if (explain) { /* the explanation's robustness sentence draws parameters: the costly part */
        char *x = NULL;
        if (migdip_dyad_explain(m, a, b, d, &x) != MIGDIP_OK) /* its one failure: out of memory */
            return !(w->oom = true);
        present_jw_str(w, "explanation", x);
        migdip_free(x);
    }
    return !w->oom;
}

cJSON *present_dyad_json(const migdip_model *m, const migdip_actor *a, const migdip_actor *b, const migdip_dyad *d,
                         bool explain)
{
    present_jw w;
    present_jw_tree(&w);
    present_dyad_write(&w, NULL, m, a, b, d, explain);
    present_jw_end(&w);
    return present_jw_tree_done(&w);
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
