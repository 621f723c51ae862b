/* plan.c - the public diversification planner (migdip_plan_run): resolve the state and
 * its partner on a loaded model, check them, run the core (core/plan.c) and fill the public
 * result. docs/scenarios.md "Diversification planner". */
#include <math.h>
#include <stdlib.h>
#include <string.h>

#include "core/plan.h"
#include "store/ctx.h"
#include "api/model.h"

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
    if (mg_model_overlap(&self, &partner, &both)) {
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
