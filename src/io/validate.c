/* validate.c - runs the seeds' cases (src/core/cases.c) through the engine, one model per
 * year, and says for each disagreement why: a data gap, a factor the data cannot see, or a
 * limit of the model (with the nearest boundary). */
#include <math.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "core/cases.h"
#include "ctx.h"

static void reason_for(migdip_validation_row *r, const mg_case *c, const migdip_dyad *d)
{
    if (r->agree_a && r->agree_b)
        return;
    if (!d->volume_ok)
        snprintf(r->reason, sizeof r->reason,
                 "data gap: the UN DESA stocks record %.0f persons in the two corridors, below the %s",
                 d->volume, "high-volume threshold");
    else if (d->side[0].data_gap || d->side[1].data_gap)
        snprintf(r->reason, sizeof r->reason, "data gap: %s",
                 d->side[0].data_gap ? d->side[0].gap_note : d->side[1].gap_note);
    else if (c->unseen)
        snprintf(r->reason, sizeof r->reason, "unseen factor: %s (exposures %.2f / %.2f)", c->unseen,
                 d->side[0].exposure, d->side[1].exposure);
    else
        snprintf(r->reason, sizeof r->reason,
                 "model limit: exposures %.2f / %.2f, %s; nearest boundary %s at %.3f", d->side[0].exposure,
                 d->side[1].exposure,
                 d->stronger < 0 ? "power at parity" : d->stronger == 0 ? "a stronger" : "b stronger",
                 d->margin_boundary, d->margin);
}

migdip_status migdip_validate(migdip_ctx *ctx, const migdip_model_opts *base, migdip_validation_row **rows,
                              size_t *n)
{
    *rows = NULL;
    *n = 0;
    migdip_validation_row *v = calloc(MG_N_CASES, sizeof *v);
    if (!v)
        return mg_err_set(&ctx->err, MIGDIP_ERR_NOMEM, "out of memory");
    migdip_model_opts o = base ? *base : (migdip_model_opts){0};
    migdip_model *m = NULL;
    int loaded_year = -1;
    for (size_t i = 0; i < MG_N_CASES; i++) {
        const mg_case *c = &MG_CASES[i];
        migdip_validation_row *r = &v[i];
        snprintf(r->id, sizeof r->id, "%s", c->id);
        snprintf(r->group, sizeof r->group, "%s", c->group);
        snprintf(r->a, sizeof r->a, "%s", c->a);
        snprintf(r->b, sizeof r->b, "%s", c->b);
        snprintf(r->expect_a, sizeof r->expect_a, "%s", c->expect_a);
        snprintf(r->expect_b, sizeof r->expect_b, "%s", c->expect_b);
        snprintf(r->source, sizeof r->source, "%s", c->source);
        r->year = c->year;
        r->article = c->article;
        if (c->year != loaded_year) {
            migdip_model_free(m);
            m = NULL;
            o.year = c->year;
            loaded_year = c->year;
            if (migdip_model_load(ctx, &o, &m)) {
                snprintf(r->reason, sizeof r->reason, "data gap: %s", migdip_errmsg(ctx));
                continue;
            }
        }
        if (!m) {
            snprintf(r->reason, sizeof r->reason, "data gap: no model for %d", c->year);
            continue;
        }
        migdip_actor a, b;
        migdip_dyad d;
        if (migdip_model_actor(ctx, m, c->a, &a) || migdip_model_actor(ctx, m, c->b, &b) ||
            migdip_model_dyad(ctx, m, &a, &b, &d)) {
            snprintf(r->reason, sizeof r->reason, "data gap: %s", migdip_errmsg(ctx));
            continue;
        }
        r->evaluated = true;
        r->got_a = d.quadrant[0];
        r->got_b = d.quadrant[1];
        r->exposure_a = d.side[0].exposure;
        r->exposure_b = d.side[1].exposure;
        r->margin = d.margin;
        r->agree_a = mg_case_accepts(c->expect_a, migdip_quadrant_code(d.quadrant[0]));
        r->agree_b = mg_case_accepts(c->expect_b, migdip_quadrant_code(d.quadrant[1]));
        reason_for(r, c, &d);
    }
    migdip_model_free(m);
    mg_err_clear(&ctx->err);
    *rows = v;
    *n = MG_N_CASES;
    return MIGDIP_OK;
}
