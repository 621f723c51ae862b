/* uncertainty.c - Monte Carlo robustness for the public API (docs/model.md §7): one dyad
 * (for migdip_robust_run) or the rows of a screen (for migdip_screen_run), the draws shared among processes through a
 * migdip_split: each process counts its range of draws, the counts are summed, and every
 * process finishes the same result. No message passing here: the caller's sum does it. */
#include "api/uncertainty.h"

#include <math.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "core/robust.h"

#define MAX_DRAWS 1000000

/* The range of draws of this process, and whether counts must be summed. */
static void split_range(const migdip_split *s, size_t draws, size_t *begin, size_t *end)
{
    *begin = 0;
    *end = draws;
    if (!s || s->size <= 1)
        return;
    *begin = (size_t)((unsigned long long)draws * (unsigned)s->rank / (unsigned)s->size);
    *end = (size_t)((unsigned long long)draws * (unsigned)(s->rank + 1) / (unsigned)s->size);
}

static migdip_status split_sum(migdip_ctx *ctx, const migdip_split *s, uint64_t *v, size_t n)
{
    if (!s || s->size <= 1)
        return MIGDIP_OK;
    if (!s->sum || s->sum(s->ud, v, n))
        return mg_err_set(&ctx->err, MIGDIP_ERR_IO, "robustness: the counts of the other processes could not be summed");
    return MIGDIP_OK;
}

static migdip_status check_split(migdip_ctx *ctx, const migdip_split *s)
{
    if (s && s->size > 1 && (s->rank < 0 || s->rank >= s->size || !s->sum))
        return mg_err_set(&ctx->err, MIGDIP_ERR_USAGE, "robustness split: rank %d of %d processes", s->rank, s->size);
    return MIGDIP_OK;
}

migdip_status mg_uncertainty_robust(migdip_ctx *ctx, const mg_panel *p, const mg_params *prm, const mg_actor *a,
                                    const mg_actor *b, const migdip_robust_opts *o, migdip_robust *out)
{
    if (o->draws > MAX_DRAWS)
        return mg_err_set(&ctx->err, MIGDIP_ERR_USAGE, "draws %zu: at most 1,000,000", o->draws);
    migdip_status rc = check_split(ctx, o->split);
    if (rc)
        return rc;
    mg_robust_opts ro = {.draws = o->draws ? o->draws : 1000, .seed = o->seed, .threads = o->threads,
                         .params = !o->fixed_params, .data = !o->fixed_data, .progress = o->progress, .ud = o->ud};
    split_range(o->split, ro.draws, &ro.begin, &ro.end);
    uint64_t counts[MG_RC_N];
    if (mg_robust_count(p, prm, a, b, &ro, counts))
        return mg_err_set(&ctx->err, MIGDIP_ERR_NOMEM, "out of memory");
    if ((rc = split_sum(ctx, o->split, counts, MG_RC_N)))
        return rc;
    mg_robust_result r;
    mg_robust_finish(counts, &ro, &out->base, &r);
    out->draws = r.draws;
    memcpy(out->p_a, r.p[0], sizeof out->p_a);
    memcpy(out->p_b, r.p[1], sizeof out->p_b);
    out->p_same = r.p_same;
    for (int t = 0; t < 3; t++) {
        snprintf(out->sensitive[t], sizeof out->sensitive[t], "%s", r.sensitive[t] ? r.sensitive[t] : "");
        out->effect[t] = r.effect[t];
    }
    out->sigma_stock = ro.data ? MG_ROBUST_SIGMA_STOCK : 0;
    out->sigma_remit = ro.data ? MG_ROBUST_SIGMA_REMIT : 0;
    return MIGDIP_OK;
}

migdip_status mg_uncertainty_screen(migdip_ctx *ctx, const mg_panel *p, const mg_params *prm,
                                    const migdip_screen_opts *o, migdip_screen_row *rows, size_t n)
{
    if (o->robust_draws > MAX_DRAWS)
        return mg_err_set(&ctx->err, MIGDIP_ERR_USAGE, "robust draws %zu: at most 1,000,000", o->robust_draws);
    migdip_status rc = check_split(ctx, o->robust_split);
    if (rc)
        return rc;
    size_t(*pairs)[2] = malloc((n ? n : 1) * sizeof *pairs);
    uint8_t(*base)[2] = malloc((n ? n : 1) * sizeof *base);
    uint64_t *counts = malloc((n ? n : 1) * MG_RS_N * sizeof *counts);
    if (!pairs || !base || !counts) {
        rc = mg_err_set(&ctx->err, MIGDIP_ERR_NOMEM, "out of memory");
        goto done;
    }
    for (size_t k = 0; k < n; k++) {
        pairs[k][0] = (size_t)mg_panel_find(p, rows[k].a);
        pairs[k][1] = (size_t)mg_panel_find(p, rows[k].b);
        base[k][0] = (uint8_t)rows[k].d.quadrant[0];
        base[k][1] = (uint8_t)rows[k].d.quadrant[1];
    }
    mg_robust_opts ro = {.draws = o->robust_draws, .seed = o->robust_seed, .threads = o->robust_threads,
                         .params = !o->robust_fixed_params, .data = !o->robust_fixed_data,
                         .progress = o->robust_progress, .ud = o->robust_ud};
    split_range(o->robust_split, ro.draws, &ro.begin, &ro.end);
    if (mg_robust_screen(p, prm, (const size_t(*)[2])pairs, (const uint8_t(*)[2])base, n, &ro, counts)) {
        rc = mg_err_set(&ctx->err, MIGDIP_ERR_NOMEM, "out of memory");
        goto done;
    }
    if ((rc = split_sum(ctx, o->robust_split, counts, n * MG_RS_N)))
        goto done;
    double N = (double)ro.draws;
    for (size_t k = 0; k < n; k++) {
        const uint64_t *c = &counts[k * MG_RS_N];
        rows[k].p_verdict = (double)c[MG_RS_SAME] / N;
        for (int q = 0; q <= MIGDIP_Q_OUT; q++) {
            rows[k].p_a[q] = (double)c[MG_RC_Q(0, q)] / N;
            rows[k].p_b[q] = (double)c[MG_RC_Q(1, q)] / N;
        }
    }
done:
    free(pairs);
    free(base);
    free(counts);
    return rc;
}
