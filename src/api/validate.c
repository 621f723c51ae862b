/* validate.c - runs the seeds' cases (src/core/cases.c) and the development set of
 * documented episodes (table episode) through the engine, one model per year, and says for
 * each disagreement why: a data gap, a factor the data cannot see, or a limit of the model
 * (with the nearest boundary). Each verdict is counted as agreeing with the record, abstaining
 * or contradicting it, beside the naive baseline "the stronger state coerces, the weaker
 * accommodates" (docs/validation.md). The sensitivity analysis reruns the seeds' cases with
 * one default varied at a time, on the same loaded models. */
#include <math.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "core/cases.h"
#include "core/explain.h"
#include "store/ctx.h"
#include "store/store.h"
#include "api/model.h"
#include "util/grow.h"

#define VALIDATE_MAX_YEARS 64

/* The models of the distinct case years (NULL where a year could not be loaded). */
typedef struct case_models {
    int year[VALIDATE_MAX_YEARS];
    migdip_model *m[VALIDATE_MAX_YEARS];
    char why[VALIDATE_MAX_YEARS][200];
    size_t n;
} case_models;

/* The development set as cases: the strings live in the rows beside them. */
typedef struct episode_row {
    char id[32], a[32], b[32], expect_a[32], expect_b[32], group[48], source[96];
    int year;
} episode_row;

typedef struct case_list {
    const mg_case *v;
    size_t n;
} case_list;

const char *migdip_verdict_str(migdip_verdict v)
{
    switch (v) {
    case MIGDIP_VERDICT_AGREE: return "agree";
    case MIGDIP_VERDICT_ABSTAIN: return "abstain";
    case MIGDIP_VERDICT_CONTRADICT: return "contradict";
    }
    return "?";
}

static void models_free(case_models *cm)
{
    for (size_t i = 0; i < cm->n; i++)
        migdip_model_free(cm->m[i]);
    cm->n = 0;
}

static void models_load(migdip_ctx *ctx, const migdip_model_opts *base, const case_list *cl, size_t n_lists,
                        case_models *cm)
{
    memset(cm, 0, sizeof *cm);
    migdip_model_opts o = base ? *base : (migdip_model_opts){0};
    for (size_t l = 0; l < n_lists; l++)
    for (size_t i = 0; i < cl[l].n; i++) {
        size_t k = 0;
        while (k < cm->n && cm->year[k] != cl[l].v[i].year)
            k++;
        if (k < cm->n || cm->n == VALIDATE_MAX_YEARS)
            continue;
        cm->year[k] = o.year = cl[l].v[i].year;
        if (migdip_model_load(ctx, &o, &cm->m[k]))
            snprintf(cm->why[k], sizeof cm->why[k], "%s", migdip_ctx_errmsg(ctx));
        cm->n++;
    }
}

/* Why the verdict does not agree, from the computation itself (docs/validation.md): the scope
 * rule and its figures, the missing power, the close call, or the verdict's drivers and the
 * nearest boundary with what would cross it; then the inputs that are not observed. */
static void reason_for(migdip_validation_row *r, const migdip_dyad *d, const mg_params *prm)
{
    if (r->verdict_a == MIGDIP_VERDICT_AGREE && r->verdict_b == MIGDIP_VERDICT_AGREE)
        return;
    const char *const names[2] = {r->a, r->b};
    mg_strbuf sb;
    mg_strbuf_init(&sb);
    if (!d->in_scope) {
        mg_strbuf_puts(&sb, "out of scope: ");
        mg_explain_scope(d, prm, names, &sb);
    } else if (!d->power_ok) {
        mg_strbuf_printf(&sb, "no verdict: power unknown for %s", !d->side[0].power_known ? r->a : r->b);
    } else {
        int more = d->side[0].exposure > d->side[1].exposure ? 0 : 1;
        mg_strbuf_printf(&sb, "%s more exposed (%.2f vs %.2f before institutions: %s vs %s)", names[more],
                         d->side[more].exposure_raw, d->side[1 - more].exposure_raw,
                         mg_explain_band(d->side[more].exposure_raw, prm),
                         mg_explain_band(d->side[1 - more].exposure_raw, prm));
        if (d->quadrant[0] == MIGDIP_Q_MUTUAL)
            mg_strbuf_puts(&sb, ", both significantly exposed");
        else if (d->stronger < 0)
            mg_strbuf_puts(&sb, ", power at parity");
        else
            mg_strbuf_printf(&sb, ", %s stronger%s", names[d->stronger], d->power_contested ? " (contested by size)" : "");
        if (d->close_call)
            mg_strbuf_printf(&sb, "; low confidence: the gap is under %.2f", prm->mutual_gap);
        if (d->seasonal_unseen)
            mg_strbuf_printf(&sb, "; low confidence: %s hosts seasonal workers of %s whom the census-based stocks miss",
                             names[1 - more], names[more]);
    }
    mg_strbuf_puts(&sb, "; ");
    mg_explain_fragility(d, prm, names, &sb);
    for (int s = 0; s < 2; s++)
        if (d->side[s].data_gap)
            mg_strbuf_printf(&sb, "; missing: %s", d->side[s].gap_note);
    if (d->stock_flag == MIGDIP_FLAG_CARRIED)
        mg_strbuf_printf(&sb, "; stocks carried from %d", d->stock_year);
    snprintf(r->reason, sizeof r->reason, "%s", sb.p ? sb.p : "");
    mg_strbuf_cleanup(&sb);
}

/* One state's verdict against the record's accepted codes. */
static migdip_verdict judge(const char *expected, migdip_quadrant got, bool evaluated)
{
    /* no verdict (no model, power unknown, a close call) abstains, whatever the record */
    if (!evaluated || got == MIGDIP_Q_NONE)
        return MIGDIP_VERDICT_ABSTAIN;
    if (mg_cases_accepts(expected, migdip_quadrant_code(got)))
        return MIGDIP_VERDICT_AGREE;
    if (got == MIGDIP_Q_OUT)
        return MIGDIP_VERDICT_ABSTAIN;
    return MIGDIP_VERDICT_CONTRADICT;
}

/* The naive baseline of docs/validation.md: with both powers known and apart, the stronger
 * state coerces (II) and the weaker accommodates (III), whatever the exposures. */
static void naive(migdip_validation_row *r, const migdip_dyad *d)
{
    r->naive_a = r->naive_b = MIGDIP_Q_NONE;
    if (d && d->stronger >= 0) {
        r->naive_a = d->stronger == 0 ? MIGDIP_Q_II : MIGDIP_Q_III;
        r->naive_b = d->stronger == 1 ? MIGDIP_Q_II : MIGDIP_Q_III;
    }
    bool known = r->naive_a != MIGDIP_Q_NONE;
    r->naive_verdict_a = judge(r->expect_a, r->naive_a, known);
    r->naive_verdict_b = judge(r->expect_b, r->naive_b, known);
}

static void eval_cases(migdip_ctx *ctx, const case_models *cm, const case_list *cl, const char *set,
                       migdip_validation_row *v)
{
    for (size_t i = 0; i < cl->n; i++) {
        const mg_case *c = &cl->v[i];
        migdip_validation_row *r = &v[i];
        memset(r, 0, sizeof *r);
        snprintf(r->set, sizeof r->set, "%s", set);
        snprintf(r->id, sizeof r->id, "%s", c->id);
        snprintf(r->group, sizeof r->group, "%s", c->group);
        snprintf(r->a, sizeof r->a, "%s", c->a);
        snprintf(r->b, sizeof r->b, "%s", c->b);
        snprintf(r->expect_a, sizeof r->expect_a, "%s", c->expect_a);
        snprintf(r->expect_b, sizeof r->expect_b, "%s", c->expect_b);
        snprintf(r->source, sizeof r->source, "%s", c->source);
        r->year = c->year;
        r->article = c->article;
        size_t k = 0;
        while (k < cm->n && cm->year[k] != c->year)
            k++;
        if (k == cm->n || !cm->m[k]) {
            snprintf(r->reason, sizeof r->reason, "data gap: %s", k < cm->n ? cm->why[k] : "no model");
            r->verdict_a = judge(r->expect_a, MIGDIP_Q_NONE, false);
            r->verdict_b = judge(r->expect_b, MIGDIP_Q_NONE, false);
            naive(r, NULL);
            continue;
        }
        migdip_actor a, b;
        migdip_dyad d;
        if (migdip_actor_resolve(ctx, cm->m[k], c->a, &a) || migdip_actor_resolve(ctx, cm->m[k], c->b, &b) ||
            migdip_dyad_eval(ctx, cm->m[k], &a, &b, &d)) {
            snprintf(r->reason, sizeof r->reason, "data gap: %s", migdip_ctx_errmsg(ctx));
            r->verdict_a = judge(r->expect_a, MIGDIP_Q_NONE, false);
            r->verdict_b = judge(r->expect_b, MIGDIP_Q_NONE, false);
            naive(r, NULL);
            continue;
        }
        r->evaluated = true;
        r->got_a = d.quadrant[0];
        r->got_b = d.quadrant[1];
        r->exposure_a = d.side[0].exposure;
        r->exposure_b = d.side[1].exposure;
        r->margin = d.margin;
        r->agree_a = mg_cases_accepts(c->expect_a, migdip_quadrant_code(d.quadrant[0]));
        r->agree_b = mg_cases_accepts(c->expect_b, migdip_quadrant_code(d.quadrant[1]));
        /* a close call is an abstention, whatever it says (docs/validation.md) */
        r->verdict_a = judge(c->expect_a, d.low_confidence ? MIGDIP_Q_NONE : d.quadrant[0], true);
        r->verdict_b = judge(c->expect_b, d.low_confidence ? MIGDIP_Q_NONE : d.quadrant[1], true);
        r->low_confidence = d.low_confidence;
        naive(r, &d);
        reason_for(r, &d, mg_model_params(cm->m[k]));
    }
    mg_err_clear(&ctx->err);
}

static void tally_add(migdip_validation_tally *t, migdip_verdict v)
{
    t->states++;
    t->agree += v == MIGDIP_VERDICT_AGREE;
    t->abstain += v == MIGDIP_VERDICT_ABSTAIN;
    t->contradict += v == MIGDIP_VERDICT_CONTRADICT;
}

static void tally_rows(const migdip_validation_row *v, size_t n, migdip_validation_tally *model,
                       migdip_validation_tally *baseline)
{
    for (size_t i = 0; i < n; i++) {
        tally_add(model, v[i].verdict_a);
        tally_add(model, v[i].verdict_b);
        tally_add(baseline, v[i].naive_verdict_a);
        tally_add(baseline, v[i].naive_verdict_b);
    }
}

/* The development set from the store, as cases pointing into rows (both owned: free both). */
static migdip_status episodes_load(migdip_ctx *ctx, episode_row **rows, mg_case **cases, size_t *n)
{
    *rows = NULL;
    *cases = NULL;
    *n = 0;
    sqlite3_stmt *st = NULL;
    migdip_status rc = mg_store_prepare(ctx->db,
        "SELECT id, year, a, b, expect_a, expect_b, kind, source FROM episode ORDER BY year, id", &st, &ctx->err);
    if (rc)
        return rc;
    size_t cap = 0;
    while (!rc && sqlite3_step(st) == SQLITE_ROW) {
        episode_row *grown = *n == cap ? mg_grow(*rows, &cap, *n + 1, sizeof **rows) : *rows;
        if (!grown) {
            rc = mg_err_set(&ctx->err, MIGDIP_ERR_NOMEM, "out of memory");
            break;
        }
        *rows = grown;
        episode_row *e = &(*rows)[(*n)++];
        snprintf(e->id, sizeof e->id, "%s", (const char *)sqlite3_column_text(st, 0));
        e->year = sqlite3_column_int(st, 1);
        snprintf(e->a, sizeof e->a, "%s", (const char *)sqlite3_column_text(st, 2));
        snprintf(e->b, sizeof e->b, "%s", (const char *)sqlite3_column_text(st, 3));
        snprintf(e->expect_a, sizeof e->expect_a, "%s", (const char *)sqlite3_column_text(st, 4));
        snprintf(e->expect_b, sizeof e->expect_b, "%s", (const char *)sqlite3_column_text(st, 5));
        snprintf(e->group, sizeof e->group, "development set: %s", (const char *)sqlite3_column_text(st, 6));
        snprintf(e->source, sizeof e->source, "%s", (const char *)sqlite3_column_text(st, 7));
    }
    sqlite3_finalize(st);
    if (!rc && *n && !(*cases = calloc(*n, sizeof **cases)))
        rc = mg_err_set(&ctx->err, MIGDIP_ERR_NOMEM, "out of memory");
    for (size_t i = 0; !rc && i < *n; i++) {
        const episode_row *e = &(*rows)[i];
        (*cases)[i] = (mg_case){.id = e->id, .group = e->group, .a = e->a, .b = e->b, .year = e->year,
                                .expect_a = e->expect_a, .expect_b = e->expect_b, .source = e->source};
    }
    return rc;
}

/* States classified and those that agree, over all cases and over the article's four. */
static void count_agreement(const migdip_validation_row *v, size_t *states, size_t *agree, size_t *art_states,
                            size_t *art_agree)
{
    for (size_t i = 0; i < mg_cases_count; i++) {
        size_t ok = (size_t)v[i].agree_a + (size_t)v[i].agree_b;
        *agree += ok;
        *states += 2;
        if (v[i].article) {
            *art_agree += ok;
            *art_states += 2;
        }
    }
}

migdip_status migdip_validation_run(migdip_ctx *ctx, const migdip_model_opts *base, migdip_validation **out)
{
    *out = NULL;
    episode_row *erows = NULL;
    mg_case *ecases = NULL;
    size_t n_ep = 0;
    migdip_status rc = episodes_load(ctx, &erows, &ecases, &n_ep);
    migdip_validation *v = rc ? NULL : calloc(1, sizeof *v);
    if (!rc && (!v || !(v->rows = calloc(mg_cases_count + n_ep, sizeof *v->rows))))
        rc = mg_err_set(&ctx->err, MIGDIP_ERR_NOMEM, "out of memory");
    if (rc) {
        free(v);
        free(erows);
        free(ecases);
        return rc;
    }
    const case_list lists[2] = {{mg_cases, mg_cases_count}, {ecases, n_ep}};
    case_models cm;
    models_load(ctx, base, lists, 2, &cm);
    eval_cases(ctx, &cm, &lists[0], "seeds", v->rows);
    eval_cases(ctx, &cm, &lists[1], "dev", v->rows + mg_cases_count);
    models_free(&cm);
    v->n = mg_cases_count + n_ep;
    v->n_seeds = mg_cases_count;
    count_agreement(v->rows, &v->states, &v->agree, &v->article_states, &v->article_agree);
    tally_rows(v->rows, mg_cases_count, &v->seeds, &v->seeds_naive);
    tally_rows(v->rows + mg_cases_count, n_ep, &v->dev, &v->dev_naive);
    free(erows);
    free(ecases);
    *out = v;
    return MIGDIP_OK;
}

void migdip_validation_free(migdip_validation *v)
{
    if (!v)
        return;
    free(v->rows);
    free(v);
}

/* The other measures of power, after the parameters' prior ranges (core/params.c). */
static const migdip_power POWER_VARIATIONS[] = {MIGDIP_POWER_GDP, MIGDIP_POWER_GDPPC, MIGDIP_POWER_CINC};

/* Weights that must sum to one move together (mg_params_set_coupled): the override of one
 * parameter as the list of overrides it implies, from the defaults. */
static size_t expand(const char *param, double v, migdip_param out[3])
{
    mg_params p;
    mg_params_default(&p);
    mg_params_set_coupled(&p, param, v);
    size_t n = 0;
    out[n] = (migdip_param){.value = v};
    snprintf(out[n++].name, sizeof out->name, "%s", param);
    if (!strcmp(param, "w_rd") || !strcmp(param, "w_conc")) {
        bool rd = !strcmp(param, "w_rd");
        out[n] = (migdip_param){.value = rd ? p.w_conc : p.w_rd};
        snprintf(out[n++].name, sizeof out->name, "%s", rd ? "w_conc" : "w_rd");
        out[n++] = (migdip_param){"w_valve", p.w_valve};
    } else if (!strcmp(param, "w_lf")) {
        out[n++] = (migdip_param){"w_pool", p.w_pool};
    }
    return n;
}

static void tally(const migdip_validation_row *v, const migdip_validation_row *base, size_t n_dev,
                  migdip_sensitivity_row *r)
{
    size_t used = 0;
    r->changed[0] = '\0';
    count_agreement(v, &r->all_states, &r->all_agree, &r->article_states, &r->article_agree);
    for (size_t i = 0; i < mg_cases_count + n_dev; i++) {
        if (base && (v[i].got_a != base[i].got_a || v[i].got_b != base[i].got_b) && used + 64 < sizeof r->changed)
            used += (size_t)snprintf(r->changed + used, sizeof r->changed - used, "%s%s %s/%s",
                                     used ? "; " : "", v[i].id, migdip_quadrant_code(v[i].got_a),
                                     migdip_quadrant_code(v[i].got_b));
    }
    migdip_validation_tally naive_dev = {0};
    memset(&r->dev, 0, sizeof r->dev);
    tally_rows(v + mg_cases_count, n_dev, &r->dev, &naive_dev);
}

/* One sensitivity row: the overrides and the power measure on every model, the seeds' cases
 * and the development set evaluated and tallied against the baseline ref, then back to the
 * defaults of the parameters varied (a panel is rebuilt only for a parameter read while it is
 * built) and the caller's own overrides. */
static migdip_status vary(migdip_ctx *ctx, case_models *cm, const migdip_model_opts *base, const migdip_param *params,
                          size_t np, migdip_power power, const case_list *lists, const migdip_validation_row *ref,
                          migdip_validation_row *cur, migdip_sensitivity_row *r)
{
    migdip_status rc = MIGDIP_OK;
    for (size_t y = 0; !rc && y < cm->n; y++)
        if (cm->m[y])
            rc = mg_model_apply(ctx, cm->m[y], params, np, power);
    if (rc)
        return rc;
    eval_cases(ctx, cm, &lists[0], "seeds", cur);
    eval_cases(ctx, cm, &lists[1], "dev", cur + mg_cases_count);
    tally(cur, ref, lists[1].n, r);
    migdip_param reset[3];
    for (size_t k = 0; k < np && k < 3; k++) {
        reset[k] = params[k];
        mg_params_default_of(params[k].name, &reset[k].value);
    }
    migdip_power own = base ? base->power : MIGDIP_POWER_COMPOSITE;
    for (size_t y = 0; !rc && y < cm->n; y++)
        if (cm->m[y]) {
            rc = mg_model_apply(ctx, cm->m[y], reset, np < 3 ? np : 3, own);
            if (!rc && base)
                rc = mg_model_apply(ctx, cm->m[y], base->params, base->n_params, base->power);
        }
    return rc;
}

migdip_status migdip_sensitivity_run(migdip_ctx *ctx, const migdip_model_opts *base, migdip_sensitivity **out)
{
    *out = NULL;
    size_t cap = 1 + sizeof POWER_VARIATIONS / sizeof *POWER_VARIATIONS + 2 * mg_params_n_priors;
    migdip_sensitivity *res = calloc(1, sizeof *res);
    migdip_sensitivity_row *rows = calloc(cap, sizeof *rows);
    episode_row *erows = NULL;
    mg_case *ecases = NULL;
    size_t n_ep = 0;
    migdip_status rc = episodes_load(ctx, &erows, &ecases, &n_ep);
    size_t n_rows = mg_cases_count + n_ep;
    migdip_validation_row *ref = calloc(n_rows, sizeof *ref), *cur = calloc(n_rows, sizeof *cur);
    if (!rc && (!res || !rows || !ref || !cur))
        rc = mg_err_set(&ctx->err, MIGDIP_ERR_NOMEM, "out of memory");
    if (rc)
        goto done;
    const case_list lists[2] = {{mg_cases, mg_cases_count}, {ecases, n_ep}};
    case_models cm;
    models_load(ctx, base, lists, 2, &cm);
    eval_cases(ctx, &cm, &lists[0], "seeds", ref);
    eval_cases(ctx, &cm, &lists[1], "dev", ref + mg_cases_count);
    snprintf(rows[0].param, sizeof rows[0].param, "(defaults)");
    snprintf(rows[0].value, sizeof rows[0].value, "default");
    tally(ref, NULL, n_ep, &rows[0]);
    size_t k_out = 1;
    migdip_power own = base ? base->power : MIGDIP_POWER_COMPOSITE;
    for (size_t i = 0; !rc && i < mg_params_n_priors; i++) {
        const mg_params_prior *var = &mg_params_priors[i];
        for (size_t k = 0; !rc && k < 2; k++) {
            migdip_param params[3];
            double value = k ? var->hi : var->lo;
            size_t np = expand(var->name, value, params);
            migdip_sensitivity_row *r = &rows[k_out++];
            snprintf(r->param, sizeof r->param, "%s", var->name);
            snprintf(r->value, sizeof r->value, "%g", value);
            rc = vary(ctx, &cm, base, params, np, own, lists, ref, cur, r);
        }
    }
    for (size_t i = 0; !rc && i < sizeof POWER_VARIATIONS / sizeof *POWER_VARIATIONS; i++) {
        migdip_sensitivity_row *r = &rows[k_out++];
        snprintf(r->param, sizeof r->param, "power");
        snprintf(r->value, sizeof r->value, "%s", migdip_power_name(POWER_VARIATIONS[i]));
        rc = vary(ctx, &cm, base, NULL, 0, POWER_VARIATIONS[i], lists, ref, cur, r);
    }
    models_free(&cm);
    if (!rc) {
        res->rows = rows;
        res->n = k_out;
        *out = res;
        rows = NULL;
        res = NULL;
    }
done:
    free(rows);
    free(res);
    free(ref);
    free(cur);
    free(erows);
    free(ecases);
    return rc;
}

void migdip_sensitivity_free(migdip_sensitivity *s)
{
    if (!s)
        return;
    free(s->rows);
    free(s);
}
