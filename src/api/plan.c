/* plan_io.c - the public planner and coalition calls: resolve the actors on a loaded model,
 * check them, run the core (core/plan.c, core/coalition.c) and fill the public results. */
#include <math.h>
#include <stdlib.h>
#include <string.h>

#include "core/coalition.h"
#include "core/plan.h"
#include "store/ctx.h"
#include "api/model.h"

static bool overlaps(const mg_actor *a, const mg_actor *b, size_t *which)
{
    for (size_t i = 0; i < a->n; i++)
        for (size_t j = 0; j < b->n; j++)
            if (a->idx[i] == b->idx[j]) {
                *which = a->idx[i];
                return true;
            }
    return false;
}

/* The partner of s's most exposed dyad in scope (states only). */
static migdip_status default_partner(migdip_ctx *ctx, const migdip_model *m, size_t s, migdip_actor *out)
{
    size_t n = mg_model_n_states(m);
    long best = -1;
    double best_e = -1;
    for (size_t j = 0; j < n; j++) {
        if (j == s)
            continue;
        migdip_dyad d;
        mg_model_dyad_at(m, s, j, &d);
        if (d.in_scope && d.side[0].exposure > best_e) {
            best_e = d.side[0].exposure;
            best = (long)j;
        }
    }
    if (best < 0)
        return mg_err_set(&ctx->err, MIGDIP_ERR_NOTFOUND,
                          "%s has no dyad in scope in %d to take a partner from: name the partner",
                          mg_model_state_iso3(m, s), migdip_model_year(m));
    return migdip_actor_resolve(ctx, m, mg_model_state_iso3(m, (size_t)best), out);
}

migdip_status migdip_plan_run(migdip_ctx *ctx, const migdip_model *m, const migdip_plan_opts *o, migdip_plan **out)
{
    migdip_status rc = MIGDIP_OK;
    migdip_plan *r = NULL;
    mg_plan pl = {0};
    *out = NULL;
    if (!o->state)
        return mg_err_set(&ctx->err, MIGDIP_ERR_USAGE, "a state to plan for is needed");
    if (!(r = calloc(1, sizeof *r)))
        return mg_err_set(&ctx->err, MIGDIP_ERR_NOMEM, "out of memory");
    if ((rc = migdip_actor_resolve(ctx, m, o->state, &r->state)))
        goto cleanup;
    if (r->state.is_bloc) {
        rc = mg_err_set(&ctx->err, MIGDIP_ERR_USAGE, "%s is a bloc: the planner plans for one state", r->state.name);
        goto cleanup;
    }
    mg_actor self, partner;
    mg_model_core_actor(m, &r->state, &self);
    if (o->against)
        rc = migdip_actor_resolve(ctx, m, o->against, &r->partner);
    else
        rc = default_partner(ctx, m, self.idx[0], &r->partner);
    if (rc)
        goto cleanup;
    mg_model_core_actor(m, &r->partner, &partner);
    size_t both;
    if (overlaps(&self, &partner, &both)) {
        rc = mg_err_set(&ctx->err, MIGDIP_ERR_USAGE, "%s is in %s: a state cannot plan against its own bloc",
                        r->state.name, r->partner.name);
        goto cleanup;
    }
    mg_plan_opts po;
    mg_plan_opts_default(&po);
    if (o->lf_cap > 0)
        po.lf_cap = o->lf_cap;
    if (o->growth_cap > 0)
        po.growth_cap = o->growth_cap;
    if (o->role < MIGDIP_PLAN_AUTO || o->role > MIGDIP_PLAN_HOST) {
        rc = mg_err_set(&ctx->err, MIGDIP_ERR_USAGE, "plan: unknown role %d", (int)o->role);
        goto cleanup;
    }
    po.role = o->role;
    const mg_panel *p = mg_model_panel(m);
    if (mg_plan_run(p, mg_model_params((migdip_model *)m), self.idx[0], &partner, &po, &pl)) {
        rc = mg_err_set(&ctx->err, MIGDIP_ERR_NOMEM, "out of memory");
        goto cleanup;
    }
    r->as_sender = pl.sender;
    r->corridor = pl.corridor;
    r->n_candidates = pl.n_candidates;
    r->before = pl.before;
    r->after = pl.after;
    r->moved = pl.moved;
    r->n_destinations = pl.n_dest;
    r->shift_found = pl.shift_found;
    r->shift_persons = pl.shift_delta;
    r->shift_share = pl.corridor > 0 ? pl.shift_delta / pl.corridor : NAN;
    r->shift = pl.shift;
    size_t top = o->top ? o->top : 10;
    r->n_rows = pl.n_dest < top ? pl.n_dest : top;
    if (r->n_rows && !(r->rows = calloc(r->n_rows, sizeof *r->rows))) {
        rc = mg_err_set(&ctx->err, MIGDIP_ERR_NOMEM, "out of memory");
        goto cleanup;
    }
    for (size_t k = 0; k < r->n_rows; k++) {
        const mg_plan_dest *d = &pl.dest[k];
        migdip_plan_row *row = &r->rows[k];
        memcpy(row->iso3, p->iso3[d->idx], 4);
        snprintf(row->name, sizeof row->name, "%s", p->name[d->idx] ? p->name[d->idx] : p->iso3[d->idx]);
        row->fit = d->fit;
        row->capacity = d->capacity;
        row->moved = d->moved;
        row->reduction_per_1000 = d->per_worker;
        row->reduction = d->reduction;
        row->exposure_after = d->exposure_after;
        row->exposure_alone = d->exposure_alone;
    }
cleanup:
    mg_plan_cleanup(&pl);
    if (rc)
        migdip_plan_free(r);
    else
        *out = r;
    return rc;
}

void migdip_plan_free(migdip_plan *pl)
{
    if (!pl)
        return;
    free(pl->rows);
    free(pl);
}

migdip_status migdip_coalition_run(migdip_ctx *ctx, const migdip_model *m, const char *const *members, size_t n,
                                   const char *against, migdip_coalition *out)
{
    migdip_status rc = MIGDIP_OK;
    double *v = NULL;
    memset(out, 0, sizeof *out);
    if (n == 0 || n > MIGDIP_COALITION_MAX)
        return mg_err_set(&ctx->err, MIGDIP_ERR_USAGE,
                          "a coalition has 1 to %d members (exact Shapley values take 2^k evaluations), got %zu",
                          MIGDIP_COALITION_MAX, n);
    if (!against)
        return mg_err_set(&ctx->err, MIGDIP_ERR_USAGE, "a partner to act against is needed");
    if ((rc = migdip_actor_resolve(ctx, m, against, &out->partner)))
        return rc;
    mg_actor partner, grand = {.n = 0, .is_bloc = n > 1};
    mg_model_core_actor(m, &out->partner, &partner);
    snprintf(grand.name, sizeof grand.name, "COALITION");
    for (size_t i = 0; i < n; i++) {
        migdip_actor a;
        if ((rc = migdip_actor_resolve(ctx, m, members[i], &a)))
            return rc;
        if (a.is_bloc)
            return mg_err_set(&ctx->err, MIGDIP_ERR_USAGE, "%s is a bloc: list its member states", a.name);
        mg_actor ca;
        mg_model_core_actor(m, &a, &ca);
        size_t both;
        if (overlaps(&ca, &partner, &both))
            return mg_err_set(&ctx->err, MIGDIP_ERR_USAGE, "%s is on both sides (a member of %s)", a.name,
                              out->partner.name);
        for (size_t k = 0; k < grand.n; k++)
            if (grand.idx[k] == ca.idx[0])
                return mg_err_set(&ctx->err, MIGDIP_ERR_USAGE, "%s is listed twice", a.name);
        grand.idx[grand.n++] = ca.idx[0];
        migdip_coalition_member *x = &out->member[i];
        memcpy(x->iso3, a.name, 4);
        snprintf(x->name, sizeof x->name, "%s", a.title);
        migdip_dyad d;
        mg_engine_dyad_eval(mg_model_panel(m), mg_model_params((migdip_model *)m), &ca, &partner, &d);
        x->exposure = d.side[0].exposure;
        x->partner_exposure = d.side[1].exposure;
        x->leverage = mg_coalition_leverage(&d);
        x->quadrant = d.quadrant[0];
        if (i == 0 || x->leverage > out->best_alone)
            out->best_alone = x->leverage;
    }
    out->n = n;
    const mg_panel *p = mg_model_panel(m);
    const mg_params *prm = mg_model_params((migdip_model *)m);
    mg_engine_dyad_eval(p, prm, &grand, &partner, &out->dyad);
    out->leverage = mg_coalition_leverage(&out->dyad);
    if (!(v = malloc(((size_t)1 << n) * sizeof *v)))
        return mg_err_set(&ctx->err, MIGDIP_ERR_NOMEM, "out of memory");
    double phi[MIGDIP_COALITION_MAX];
    mg_coalition_values(p, prm, grand.idx, n, &partner, v);
    mg_coalition_shapley(v, n, phi);
    for (size_t i = 0; i < n; i++) {
        out->member[i].shapley = phi[i];
        out->shapley_sum += phi[i];
    }
    free(v);
    return rc;
}
