/* coalition.c - the public coalition call (migdip_coalition_run): resolve the members and
 * the partner on a loaded model, check them, and run the core (core/coalition.c): the
 * coalition as one bloc, each member alone, and the exact Shapley shares of its leverage.
 * docs/scenarios.md "Coalitions". */
#include <stdlib.h>
#include <string.h>

#include "core/coalition.h"
#include "store/ctx.h"
#include "api/model.h"

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
        if (mg_model_overlap(&ca, &partner, &both))
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
