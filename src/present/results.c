/* results.c - the JSON of the library's results, one builder per result, shared by the CLI's
 * --json and the server's API so that both answer with one shape: screen, events, trajectory,
 * shifts, robustness, simulation, credibility, plan, coalition, citations and sources. */
#include <ctype.h>
#include <math.h>
#include <stdio.h>
#include <string.h>

#include "present.h"

/* One row of the screen as the next item of js; true without writing it when explain cannot
 * resolve its sides (the row is left out), false when out of memory. */
static bool screen_row_write(present_json_stream *js, migdip_ctx *ctx, const migdip_model *m,
                             const migdip_screen_row *r, bool explain)
{
    migdip_actor a = {0}, b = {0};
    if (explain) { /* the explanation needs the sides resolved (titles, members) */
        if (migdip_actor_resolve(ctx, m, r->a, &a) || migdip_actor_resolve(ctx, m, r->b, &b))
            return true;
    } else { /* the JSON names the sides only: resolving each row's names was most of its time */
        snprintf(a.name, sizeof a.name, "%s", r->a);
        snprintf(b.name, sizeof b.name, "%s", r->b);
    }
    present_jw *w = present_json_stream_next(js);
    present_dyad_write(w, NULL, m, &a, &b, &r->d, explain);
    present_jw_num(w, "stake", r->stake);
    present_jw_num(w, "p_verdict", r->p_verdict);
    if (!isnan(r->p_verdict)) { /* screen --robust: each side's probability of each logic */
        present_jw_begin(w, "probability");
        const char *side[2] = {r->a, r->b};
        const double *pr[2] = {r->p_a, r->p_b};
        for (int s2 = 0; s2 < 2; s2++) {
            present_jw_begin(w, side[s2]);
            for (int q = MIGDIP_Q_NONE; q <= MIGDIP_Q_OUT; q++)
                present_jw_num(w, migdip_quadrant_code((migdip_quadrant)q), pr[s2][q]);
            present_jw_end(w);
        }
        present_jw_end(w);
    }
    present_jw_end(w);
    return present_json_stream_done(js);
}

/* Rows formatted on every thread (OpenMP), then written in order: the text of the rows was most
 * of the time of `screen --json`. A round of up to ROUND_BLOCKS blocks of BLOCK rows is shared
 * out a block at a time (a thread held up by other work on a busy machine leaves its share to
 * the others), each block into a part of its own, and the parts are written when the round is
 * done: one wait a round, memory for one round's text. Only without explanations: those need
 * ctx, which is one thread's. */
#define BLOCK 16
#define ROUND_BLOCKS 32

static bool screen_rows_write(present_json_stream *js, migdip_ctx *ctx, const migdip_model *m,
                              const migdip_screen *s, bool explain, bool pretty)
{
    bool ok = js != NULL;
    if (explain || s->n < 4 * BLOCK) {
        for (size_t k = 0; ok && k < s->n; k++)
            ok = screen_row_write(js, ctx, m, &s->rows[k], explain);
        return ok;
    }
    present_json_stream *part[ROUND_BLOCKS] = {0};
    size_t nb = (s->n + BLOCK - 1) / BLOCK;
    for (size_t b0 = 0; ok && b0 < nb; b0 += ROUND_BLOCKS) {
        int round = (int)(nb - b0 < ROUND_BLOCKS ? nb - b0 : ROUND_BLOCKS);
        bool good[ROUND_BLOCKS];
#pragma omp parallel for schedule(dynamic, 1)
        for (int i = 0; i < round; i++) {
            size_t b = b0 + (size_t)i;
            if (!part[i])
                part[i] = present_json_part_open(pretty);
            good[i] = part[i] != NULL;
            if (good[i]) {
                present_json_part_reset(part[i], b > 0);
                for (size_t r = b * BLOCK; good[i] && r < s->n && r < (b + 1) * BLOCK; r++)
                    good[i] = screen_row_write(part[i], ctx, m, &s->rows[r], false);
            }
        }
        for (int i = 0; ok && i < round; i++)
            ok = present_json_part_append(js, part[i]) && good[i];
    }
    for (int i = 0; i < ROUND_BLOCKS; i++)
        present_json_part_free(part[i]);
    return ok;
}

bool present_screen_json_write(FILE *f, migdip_ctx *ctx, const migdip_model *m, const migdip_screen *s,
                               bool explain, size_t *n_bad)
{
    present_json_stream *js = present_json_stream_open(f, true);
    bool ok = screen_rows_write(js, ctx, m, s, explain, true);
    return present_json_stream_close(js, n_bad) && ok;
}

char *present_screen_json_text(migdip_ctx *ctx, const migdip_model *m, const migdip_screen *s, bool explain,
                               bool pretty, size_t *n_bad)
{
    present_json_stream *js = present_json_stream_open(NULL, pretty);
    bool ok = screen_rows_write(js, ctx, m, s, explain, pretty);
    char *text = present_json_stream_text(js, n_bad);
    if (!ok) {
        migdip_free(text);
        return NULL;
    }
    return text;
}

cJSON *present_event_json(const migdip_event *e)
{
    cJSON *o = cJSON_CreateObject();
    cJSON_AddStringToObject(o, "id", e->id);
    cJSON_AddNumberToObject(o, "year", e->year);
    cJSON_AddStringToObject(o, "a", e->a);
    cJSON_AddStringToObject(o, "b", e->b);
    cJSON_AddStringToObject(o, "kind", e->kind);
    cJSON_AddStringToObject(o, "event", e->event);
    cJSON_AddStringToObject(o, "outcome", e->outcome);
    cJSON_AddStringToObject(o, "record_a", e->expect_a);
    cJSON_AddStringToObject(o, "record_b", e->expect_b);
    cJSON_AddStringToObject(o, "source", e->source);
    cJSON_AddStringToObject(o, "url", e->url);
    return o;
}

const char *present_stock_how(const migdip_dyad *d)
{
    switch (d->stock_flag) {
    case MIGDIP_FLAG_OBSERVED: return "observed";
    case MIGDIP_FLAG_INTERPOLATED: return "interpolated";
    case MIGDIP_FLAG_CARRIED: return "carried";
    default: return "none";
    }
}

const char *const present_sim_month_cols[] = {
    "month", "sender_remit_lost_usd", "sender_remit_lost_pct_gdp", "sender_stranded", "sender_redirected",
    "in_host", "host_shortfall", "host_shortfall_pct_lf", "host_replaced", "host_output_lost_usd",
    "host_output_lost_pct_gdp", "cum_remit_lost_usd", "cum_remit_lost_pct_gdp", "cum_output_lost_usd",
    "cum_output_lost_pct_gdp", "deployed", "returned", "deported", "redirect_flow"};
const size_t present_sim_n_month_cols = sizeof present_sim_month_cols / sizeof *present_sim_month_cols;

void present_sim_month_values(const migdip_sim_month *m, double *v)
{
    const double x[] = {m->month,
                        m->remit_lost_usd,
                        m->remit_lost_pct_gdp,
                        m->stranded,
                        m->redirected,
                        m->in_host,
                        m->shortfall,
                        m->shortfall_pct_lf,
                        m->replaced,
                        m->output_lost_usd,
                        m->output_lost_pct_gdp,
                        m->cum_remit_lost_usd,
                        m->cum_remit_lost_pct_gdp,
                        m->cum_output_lost_usd,
                        m->cum_output_lost_pct_gdp,
                        m->deployed,
                        m->returned,
                        m->deported,
                        m->redirect_flow};
    memcpy(v, x, sizeof x);
}

static cJSON *sim_quad_json(const migdip_sim_result *r, const migdip_dyad *d)
{
    cJSON *o = cJSON_CreateObject();
    const char *nm[2] = {r->a, r->b};
    for (int s = 0; s < 2; s++) {
        cJSON *x = cJSON_AddObjectToObject(o, nm[s]);
        present_json_num(x, "exposure", d->side[s].exposure);
        cJSON_AddStringToObject(x, "quadrant", migdip_quadrant_code(d->quadrant[s]));
    }
    return o;
}

cJSON *present_sim_json(const migdip_sim_result *r, const migdip_sim_opts *o)
{
    cJSON *j = cJSON_CreateObject();
    cJSON_AddNumberToObject(j, "year", r->year);
    cJSON_AddStringToObject(j, "a", r->a);
    cJSON_AddStringToObject(j, "b", r->b);
    cJSON_AddStringToObject(j, "sender", r->sender);
    cJSON_AddStringToObject(j, "host", r->host);
    cJSON *sh = cJSON_AddArrayToObject(j, "shocks");
    for (size_t k = 0; k < o->n_shocks; k++)
        cJSON_AddItemToArray(sh, present_shock_json(&o->shocks[k]));
    cJSON_AddItemToObject(j, "params", present_sim_params_json(&o->params));
    cJSON *in = cJSON_AddObjectToObject(j, "inputs");
    cJSON_AddNumberToObject(in, "corridors", (double)r->n_corridors);
    present_json_num(in, "stock0", r->stock0);
    present_json_num(in, "deployments_per_month", r->deploy_base);
    present_json_num(in, "remittances_per_worker_month_usd", r->remit_per_worker);
    present_json_num(in, "absorption_base", r->absorb_capacity);
    present_json_num(in, "substitutability", r->substitutability);
    present_json_num(in, "alternative_supply", r->alt_supply);
    present_json_num(in, "sender_gdp_usd", r->sender_gdp);
    present_json_num(in, "host_gdp_usd", r->host_gdp);
    present_json_num(in, "host_labour_force", r->host_lf);
    if (r->note[0])
        cJSON_AddStringToObject(in, "data_gap", r->note);
    cJSON *ms = cJSON_AddArrayToObject(j, "months");
    double v[32];
    for (int t = 0; t < r->months; t++) {
        cJSON *x = cJSON_CreateObject();
        present_sim_month_values(&r->month[t], v);
        for (size_t k = 0; k < present_sim_n_month_cols; k++)
            present_json_num(x, present_sim_month_cols[k], v[k]);
        cJSON_AddItemToArray(ms, x);
    }
    const migdip_sim_month *e = &r->month[r->months - 1];
    cJSON *tot = cJSON_AddObjectToObject(j, "totals");
    present_json_num(tot, "remittances_lost_usd", e->cum_remit_lost_usd);
    present_json_num(tot, "remittances_lost_pct_gdp", e->cum_remit_lost_pct_gdp);
    present_json_num(tot, "output_lost_usd", e->cum_output_lost_usd);
    present_json_num(tot, "output_lost_pct_gdp", e->cum_output_lost_pct_gdp);
    present_json_num(tot, "stranded_at_end", e->stranded);
    present_json_num(tot, "redirected_at_end", e->redirected);
    present_json_num(tot, "in_host_at_end", e->in_host);
    present_json_num(tot, "replaced_at_end", e->replaced);
    present_json_num(tot, "shortfall_at_end", e->shortfall);
    cJSON_AddItemToObject(j, "before", sim_quad_json(r, &r->before));
    cJSON_AddItemToObject(j, "after", sim_quad_json(r, &r->after));
    return j;
}

cJSON *present_shock_json(const migdip_shock *s)
{
    cJSON *j = cJSON_CreateObject();
    cJSON_AddStringToObject(j, "kind", migdip_shock_kind_str(s->kind));
    if (s->kind == MIGDIP_SHOCK_BAN || s->kind == MIGDIP_SHOCK_DEPORT)
        present_json_num(j, "share", s->share);
    if (s->kind == MIGDIP_SHOCK_QUOTA)
        present_json_num(j, "per_month", s->per_month);
    cJSON_AddNumberToObject(j, "start", s->start);
    cJSON_AddNumberToObject(j, "months", s->months);
    return j;
}

cJSON *present_sim_params_json(const migdip_sim_params *p)
{
    cJSON *j = cJSON_CreateObject();
    cJSON_AddNumberToObject(j, "months", p->months);
    present_json_num(j, "contract_months", p->contract_months);
    present_json_num(j, "recruit_lag", p->recruit_lag);
    present_json_num(j, "redirect_rate", p->redirect_rate);
    present_json_num(j, "absorb_growth", p->absorb_growth);
    present_json_num(j, "absorb_mult", p->absorb_mult);
    present_json_num(j, "subst_lag", p->subst_lag);
    present_json_num(j, "alt_growth", p->alt_growth);
    present_json_num(j, "alt_mult", p->alt_mult);
    present_json_num(j, "productivity", p->productivity);
    present_json_num(j, "tolerance_pct", p->tolerance_pct);
    return j;
}

cJSON *present_cred_json(const migdip_cred_result *r, const migdip_sim_params *p, int year)
{
    cJSON *j = cJSON_CreateObject();
    cJSON_AddNumberToObject(j, "year", year);
    cJSON_AddStringToObject(j, "threatener", r->threatener);
    cJSON_AddStringToObject(j, "target", r->target);
    cJSON_AddItemToObject(j, "threat", present_shock_json(&r->shock));
    cJSON_AddNumberToObject(j, "months", r->months);
    present_json_num(j, "tolerance_pct_gdp", p->tolerance_pct);
    cJSON_AddBoolToObject(j, "credible", r->credible);
    const char *nm[2] = {r->threatener, r->target};
    cJSON *cost = cJSON_AddObjectToObject(j, "cost");
    cJSON *hold = cJSON_AddObjectToObject(j, "holdout_months");
    cJSON *bey = cJSON_AddObjectToObject(j, "beyond_horizon");
    cJSON *ext = cJSON_AddObjectToObject(j, "holdout_extrapolated_months");
    for (int s = 0; s < 2; s++) {
        present_json_num(cost, nm[s], r->cost_pct[s]);
        cJSON_AddNumberToObject(hold, nm[s], r->holdout[s]);
        cJSON_AddBoolToObject(bey, nm[s], r->beyond[s]);
        present_json_num(ext, nm[s], isinf(r->holdout_extrapolated[s]) ? NAN : r->holdout_extrapolated[s]);
    }
    cJSON *lv = cJSON_AddArrayToObject(j, "levers");
    for (size_t k = 0; k < r->n_levers; k++) {
        const migdip_cred_lever *l = &r->lever[k];
        cJSON *x = cJSON_CreateObject();
        cJSON_AddStringToObject(x, "lever", l->name);
        cJSON_AddBoolToObject(x, "found", l->found);
        present_json_num(x, "amount", l->amount);
        if (l->partner[0])
            cJSON_AddStringToObject(x, "partner", l->partner);
        else
            cJSON_AddNullToObject(x, "partner");
        cJSON_AddStringToObject(x, "note", l->note);
        cJSON_AddItemToArray(lv, x);
    }
    cJSON_AddItemToObject(j, "params", present_sim_params_json(p));
    cJSON_AddStringToObject(j, "explanation", r->explanation);
    return j;
}

static void plan_quad_json(cJSON *j, const char *key, const migdip_plan *pl, const migdip_dyad *d)
{
    cJSON *q = cJSON_AddObjectToObject(j, key);
    cJSON_AddStringToObject(q, pl->state.name, migdip_quadrant_code(d->quadrant[0]));
    cJSON_AddStringToObject(q, pl->partner.name, migdip_quadrant_code(d->quadrant[1]));
}

cJSON *present_plan_json(const migdip_model *m, const migdip_plan *pl)
{
    cJSON *j = cJSON_CreateObject();
    cJSON_AddStringToObject(j, "state", pl->state.name);
    cJSON_AddStringToObject(j, "against", pl->partner.name);
    cJSON_AddStringToObject(j, "role", pl->as_sender ? "sender" : "host");
    present_json_num(j, "corridor", pl->corridor);
    cJSON_AddNumberToObject(j, "candidates", (double)pl->n_candidates);
    cJSON *now = present_dyad_json(m, &pl->state, &pl->partner, &pl->before, true);
    if (!now) {
        cJSON_Delete(j);
        return NULL;
    }
    cJSON_AddItemToObject(j, "now", now);
    cJSON *arr = cJSON_AddArrayToObject(j, "destinations");
    for (size_t k = 0; k < pl->n_rows; k++) {
        const migdip_plan_row *r = &pl->rows[k];
        cJSON *o = cJSON_CreateObject();
        cJSON_AddStringToObject(o, "iso3", r->iso3);
        cJSON_AddStringToObject(o, "name", r->name);
        present_json_num(o, "fit", r->fit);
        present_json_num(o, "capacity", round(r->capacity));
        present_json_num(o, "moved", round(r->moved));
        present_json_num(o, "reduction_per_1000", r->reduction_per_1000);
        present_json_num(o, "reduction", r->reduction);
        present_json_num(o, "exposure_after", r->exposure_after);
        present_json_num(o, "exposure_alone", r->exposure_alone);
        cJSON_AddItemToArray(arr, o);
    }
    cJSON *w = cJSON_AddObjectToObject(j, "whole_plan");
    present_json_num(w, "moved", round(pl->moved));
    present_json_num(w, "share_of_corridor", pl->corridor > 0 ? pl->moved / pl->corridor : NAN);
    cJSON_AddNumberToObject(w, "destinations", (double)pl->n_destinations);
    present_json_num(w, "exposure_before", pl->before.side[0].exposure);
    present_json_num(w, "exposure_after", pl->after.side[0].exposure);
    present_json_num(w, "partner_exposure_after", pl->after.side[1].exposure);
    plan_quad_json(w, "quadrant_after", pl, &pl->after);
    cJSON *s = cJSON_AddObjectToObject(j, "quadrant_change");
    cJSON_AddBoolToObject(s, "found", pl->shift_found);
    plan_quad_json(s, "from", pl, &pl->before);
    if (pl->shift_found) {
        present_json_num(s, "persons", round(pl->shift_persons));
        present_json_num(s, "share_of_corridor", pl->shift_share);
        present_json_num(s, "exposure", pl->shift.side[0].exposure);
        present_json_num(s, "partner_exposure", pl->shift.side[1].exposure);
        plan_quad_json(s, "to", pl, &pl->shift);
    }
    return j;
}

cJSON *present_events_json(const migdip_events *ev)
{
    cJSON *arr = cJSON_CreateArray();
    for (size_t i = 0; i < ev->n; i++)
        cJSON_AddItemToArray(arr, present_event_json(&ev->v[i]));
    return arr;
}

cJSON *present_trajectory_json(const migdip_trajectory *tr)
{
    cJSON *j = cJSON_CreateObject();
    cJSON_AddStringToObject(j, "a", tr->a);
    cJSON_AddStringToObject(j, "b", tr->b);
    cJSON *years = cJSON_AddArrayToObject(j, "years");
    for (size_t k = 0; k < tr->n; k++) {
        const migdip_trajectory_row *r = &tr->rows[k];
        cJSON *y = cJSON_CreateObject();
        cJSON_AddNumberToObject(y, "year", r->year);
        cJSON_AddBoolToObject(y, "evaluated", r->evaluated);
        if (!r->evaluated) {
            cJSON_AddStringToObject(y, "note", r->note);
        } else {
            const migdip_dyad *d = &r->d;
            present_json_num(y, "exposure_a", d->side[0].exposure);
            present_json_num(y, "exposure_b", d->side[1].exposure);
            present_json_num(y, "power_difference", d->power_diff);
            if (d->stronger < 0)
                cJSON_AddNullToObject(y, "stronger");
            else
                cJSON_AddStringToObject(y, "stronger", d->stronger == 0 ? tr->a : tr->b);
            cJSON_AddStringToObject(y, "quadrant_a", migdip_quadrant_code(d->quadrant[0]));
            cJSON_AddStringToObject(y, "quadrant_b", migdip_quadrant_code(d->quadrant[1]));
            cJSON_AddStringToObject(y, "scope", migdip_scope_code(d->scope));
            cJSON_AddBoolToObject(y, "close_call", d->close_call);
            cJSON_AddBoolToObject(y, "seasonal_unseen", d->seasonal_unseen);
            cJSON_AddBoolToObject(y, "power_contested", d->power_contested);
            cJSON_AddBoolToObject(y, "changed", r->changed);
            present_json_num(y, "volume", d->volume);
            cJSON_AddStringToObject(y, "stocks", present_stock_how(d));
            cJSON_AddNumberToObject(y, "stock_year", d->stock_year);
            cJSON_AddBoolToObject(y, "remittance_share_carried", d->side[0].remit_carried || d->side[1].remit_carried);
        }
        cJSON_AddItemToArray(years, y);
    }
    cJSON_AddItemToObject(j, "events", present_events_json(tr->events));
    return j;
}

cJSON *present_shifts_json(const migdip_shifts *sh)
{
    cJSON *j = cJSON_CreateObject(), *arr = cJSON_CreateArray();
    cJSON_AddNumberToObject(j, "since", sh->since);
    cJSON_AddNumberToObject(j, "to", sh->to);
    cJSON_AddItemToObject(j, "shifts", arr);
    for (size_t k = 0; k < sh->n; k++) {
        const migdip_shift *x = &sh->v[k];
        cJSON *o = cJSON_CreateObject();
        cJSON_AddStringToObject(o, "a", x->a);
        cJSON_AddStringToObject(o, "b", x->b);
        cJSON_AddNumberToObject(o, "year", x->year);
        cJSON_AddStringToObject(o, "from_a", migdip_quadrant_code(x->from[0]));
        cJSON_AddStringToObject(o, "from_b", migdip_quadrant_code(x->from[1]));
        cJSON_AddStringToObject(o, "to_a", migdip_quadrant_code(x->to[0]));
        cJSON_AddStringToObject(o, "to_b", migdip_quadrant_code(x->to[1]));
        present_json_num(o, "exposure_a", x->exposure_a);
        present_json_num(o, "exposure_b", x->exposure_b);
        cJSON_AddItemToArray(arr, o);
    }
    return j;
}

cJSON *present_robust_json(const migdip_actor *a, const migdip_actor *b, const migdip_robust *r, uint64_t seed,
                           int processes)
{
    cJSON *j = cJSON_CreateObject();
    cJSON_AddNumberToObject(j, "year", r->base.year);
    cJSON_AddStringToObject(j, "a", a->name);
    cJSON_AddStringToObject(j, "b", b->name);
    cJSON_AddNumberToObject(j, "draws", (double)r->draws);
    cJSON_AddNumberToObject(j, "seed", (double)seed);
    cJSON_AddNumberToObject(j, "processes", processes);
    cJSON_AddStringToObject(j, "verdict_a", migdip_quadrant_code(r->base.quadrant[0]));
    cJSON_AddStringToObject(j, "verdict_b", migdip_quadrant_code(r->base.quadrant[1]));
    present_json_num(j, "p_verdict", r->p_same);
    cJSON *pa = cJSON_AddObjectToObject(j, "probability");
    const migdip_actor *act[2] = {a, b};
    const double *pr[2] = {r->p_a, r->p_b};
    for (int s = 0; s < 2; s++) {
        cJSON *o = cJSON_AddObjectToObject(pa, act[s]->name);
        for (int q = MIGDIP_Q_NONE; q <= MIGDIP_Q_OUT; q++)
            present_json_num(o, migdip_quadrant_code((migdip_quadrant)q), pr[s][q]);
    }
    cJSON *sens = cJSON_AddArrayToObject(j, "most_sensitive");
    for (int t = 0; t < 3; t++)
        if (r->sensitive[t][0]) {
            cJSON *o = cJSON_CreateObject();
            cJSON_AddStringToObject(o, "parameter", r->sensitive[t]);
            present_json_num(o, "effect", r->effect[t]);
            cJSON_AddItemToArray(sens, o);
        }
    present_json_num(j, "sigma_stock", r->sigma_stock);
    present_json_num(j, "sigma_remittance_share", r->sigma_remit);
    return j;
}

cJSON *present_coalition_json(const migdip_coalition *co)
{
    const migdip_dyad *d = &co->dyad;
    cJSON *j = cJSON_CreateObject();
    cJSON_AddNumberToObject(j, "year", d->year);
    cJSON_AddStringToObject(j, "against", co->partner.name);
    cJSON *co_j = cJSON_AddObjectToObject(j, "coalition");
    present_json_num(co_j, "exposure", d->side[0].exposure);
    present_json_num(co_j, "partner_exposure", d->side[1].exposure);
    present_json_num(co_j, "leverage", co->leverage);
    cJSON_AddStringToObject(co_j, "quadrant", migdip_quadrant_code(d->quadrant[0]));
    cJSON_AddStringToObject(co_j, "partner_quadrant", migdip_quadrant_code(d->quadrant[1]));
    present_json_num(co_j, "best_alone", co->best_alone);
    present_json_num(co_j, "gain_over_best_alone", co->leverage - co->best_alone);
    present_json_num(co_j, "shapley_sum", co->shapley_sum);
    cJSON *arr = cJSON_AddArrayToObject(j, "members");
    for (size_t k = 0; k < co->n; k++) {
        const migdip_coalition_member *x = &co->member[k];
        cJSON *o = cJSON_CreateObject();
        cJSON_AddStringToObject(o, "iso3", x->iso3);
        cJSON_AddStringToObject(o, "name", x->name);
        present_json_num(o, "exposure_alone", x->exposure);
        present_json_num(o, "partner_exposure_alone", x->partner_exposure);
        present_json_num(o, "leverage_alone", x->leverage);
        cJSON_AddStringToObject(o, "quadrant_alone", migdip_quadrant_code(x->quadrant));
        present_json_num(o, "shapley", x->shapley);
        cJSON_AddItemToArray(arr, o);
    }
    return j;
}

cJSON *present_citations_json(const migdip_citations *cs)
{
    cJSON *arr = cJSON_CreateArray();
    for (size_t i = 0; i < cs->n; i++) {
        const migdip_citation *e = &cs->v[i];
        cJSON *o = cJSON_CreateObject();
        cJSON_AddStringToObject(o, "key", e->key);
        cJSON_AddStringToObject(o, "type", e->type);
        cJSON_AddStringToObject(o, "datasets", e->dataset);
        cJSON_AddStringToObject(o, "edition", e->edition);
        cJSON_AddStringToObject(o, "citation", e->text);
        cJSON *files = cJSON_AddArrayToObject(o, "files");
        for (size_t k = 0; k < e->n_files; k++) {
            cJSON *f = cJSON_CreateObject();
            cJSON_AddStringToObject(f, "file", e->files[k].file);
            cJSON_AddStringToObject(f, "sha256", e->files[k].sha256);
            cJSON_AddItemToArray(files, f);
        }
        cJSON_AddStringToObject(o, "bibtex", e->bibtex);
        cJSON_AddItemToArray(arr, o);
    }
    return arr;
}

bool present_contains(const char *hay, const char *needle)
{
    size_t n = strlen(needle);
    for (; *hay; hay++) {
        size_t k = 0;
        while (k < n && hay[k] && tolower((unsigned char)hay[k]) == tolower((unsigned char)needle[k]))
            k++;
        if (k == n)
            return true;
    }
    return n == 0;
}

static void str_or_null(cJSON *o, const char *k, const char *v)
{
    if (v)
        cJSON_AddStringToObject(o, k, v);
    else
        cJSON_AddNullToObject(o, k);
}

cJSON *present_sources_json(const migdip_sources *s, const char *filter)
{
    cJSON *j = cJSON_CreateObject();
    cJSON *vs = cJSON_AddArrayToObject(j, "vintages");
    for (size_t i = 0; i < s->n_vintages; i++) {
        const migdip_vintage *v = &s->vintages[i];
        cJSON *o = cJSON_CreateObject();
        cJSON_AddNumberToObject(o, "id", (double)v->id);
        str_or_null(o, "dataset", v->dataset);
        str_or_null(o, "edition", v->edition);
        str_or_null(o, "source", v->source);
        str_or_null(o, "file", v->file);
        cJSON_AddNumberToObject(o, "rows", (double)v->rows);
        str_or_null(o, "sha256", v->sha256);
        str_or_null(o, "imported_at", v->imported_at);
        cJSON_AddItemToArray(vs, o);
    }
    cJSON *cs = cJSON_AddArrayToObject(j, "coverage");
    for (size_t i = 0; i < s->n_coverage; i++) {
        const migdip_coverage *cv = &s->coverage[i];
        if (filter && !present_contains(cv->series, filter) && !present_contains(cv->dataset, filter))
            continue;
        cJSON *o = cJSON_CreateObject();
        str_or_null(o, "series", cv->series);
        str_or_null(o, "dataset", cv->dataset);
        cJSON_AddNumberToObject(o, "countries", (double)cv->countries);
        if (cv->years) {
            cJSON_AddNumberToObject(o, "year_min", cv->year_min);
            cJSON_AddNumberToObject(o, "year_max", cv->year_max);
        } else {
            cJSON_AddNullToObject(o, "year_min");
            cJSON_AddNullToObject(o, "year_max");
        }
        cJSON_AddNumberToObject(o, "years", (double)cv->years);
        cJSON_AddNumberToObject(o, "values", (double)cv->values);
        cJSON_AddNumberToObject(o, "missing", (double)cv->missing);
        cJSON_AddItemToArray(cs, o);
    }
    return j;
}
