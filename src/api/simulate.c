/* simulate.c - the public disruption simulator and threat credibility on a loaded model
 * (migdip_sim_run, migdip_credibility_run): resolving the two sides, checking shocks and
 * parameters, shock specifications ("ban:share=1,start=0,months=12"), then the core
 * (core/sim.c). docs/scenarios.md, "Disruption simulator" and "Threat credibility". */
#include "api/simulate.h"

#include <errno.h>
#include <math.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "api/model.h"

/* One side: a name (state or bloc), or several states joined by '+' acting together as one
 * actor, a coalition (docs/scenarios.md "Coalition shocks"): the members resolved one by one,
 * states only, each once, the side named by their codes joined by '+'. */
static migdip_status side_actor(migdip_ctx *ctx, const migdip_model *m, const char *name, mg_actor *out)
{
    migdip_actor pa;
    migdip_status rc;
    if (!strchr(name, '+')) {
        if ((rc = migdip_actor_resolve(ctx, m, name, &pa)))
            return rc;
        mg_model_core_actor(m, &pa, out);
        snprintf(out->name, sizeof out->name, "%s", pa.name);
        return MIGDIP_OK;
    }
    memset(out, 0, sizeof *out);
    out->is_bloc = true;
    char buf[256];
    if (strlen(name) >= sizeof buf)
        return mg_err_set(&ctx->err, MIGDIP_ERR_USAGE, "coalition \"%.40s...\": longer than %zu bytes", name,
                          sizeof buf - 1);
    snprintf(buf, sizeof buf, "%s", name);
    size_t n = 0;
    for (char *save = NULL, *tok = strtok_r(buf, "+", &save); tok; tok = strtok_r(NULL, "+", &save)) {
        if (n == MG_SIMULATE_MAX_COALITION)
            return mg_err_set(&ctx->err, MIGDIP_ERR_USAGE,
                              "coalition %.60s: at most %d states (its name, their codes joined by '+', is the "
                              "side's name)", name, MG_SIMULATE_MAX_COALITION);
        if ((rc = migdip_actor_resolve(ctx, m, tok, &pa)))
            return rc;
        if (pa.is_bloc)
            return mg_err_set(&ctx->err, MIGDIP_ERR_USAGE, "coalition %.60s: %s is a bloc: list its member states",
                              name, pa.name);
        mg_actor one;
        mg_model_core_actor(m, &pa, &one);
        for (size_t k = 0; k < out->n; k++)
            if (out->idx[k] == one.idx[0])
                return mg_err_set(&ctx->err, MIGDIP_ERR_USAGE, "coalition %.60s: %s is listed twice", name, pa.name);
        out->idx[out->n++] = one.idx[0];
        size_t len = strlen(out->name), add = strlen(pa.name); /* "NPL+BGD+...": 8 codes fit */
        if (len + (n ? 1 : 0) + add >= sizeof out->name)
            return mg_err_set(&ctx->err, MIGDIP_ERR_USAGE, "coalition %.60s: its name is longer than %zu bytes",
                              name, sizeof out->name - 1);
        if (n)
            out->name[len++] = '+';
        memcpy(out->name + len, pa.name, add + 1);
        n++;
    }
    if (n < 2)
        return mg_err_set(&ctx->err, MIGDIP_ERR_USAGE,
                          "coalition \"%.60s\": expected two or more states joined by '+', such as NPL+BGD", name);
    return MIGDIP_OK;
}

migdip_status mg_simulate_actors(migdip_ctx *ctx, const migdip_model *m, const char *a, const char *b, mg_actor *ca,
                                 mg_actor *cb)
{
    migdip_status rc = side_actor(ctx, m, a, ca);
    if (!rc)
        rc = side_actor(ctx, m, b, cb);
    if (rc)
        return rc;
    const mg_panel *p = mg_model_panel(m);
    size_t both;
    if (mg_model_overlap(ca, cb, &both))
        return mg_err_set(&ctx->err, MIGDIP_ERR_USAGE, "%s and %s overlap (%s is in both)", ca->name, cb->name,
                          p->iso3[both]);
    if (!ca->n || !cb->n)
        return mg_err_set(&ctx->err, MIGDIP_ERR_NOTFOUND, "%s has no member in the %d panel",
                          ca->n ? cb->name : ca->name, p->year);
    return MIGDIP_OK;
}

migdip_status mg_simulate_check_shock(const migdip_shock *s, char *msg, size_t cap)
{
    if (s->kind < MIGDIP_SHOCK_BAN || s->kind > MIGDIP_SHOCK_QUOTA) {
        snprintf(msg, cap, "kind: expected ban, deport, freeze or quota");
        return MIGDIP_ERR_RANGE;
    }
    if (!(s->share >= 0 && s->share <= 1)) {
        snprintf(msg, cap, "share: expected a number in [0, 1], got %g", s->share);
        return MIGDIP_ERR_RANGE;
    }
    if (!(s->per_month >= 0) || !isfinite(s->per_month)) {
        snprintf(msg, cap, "per_month: expected a number of persons >= 0, got %g", s->per_month);
        return MIGDIP_ERR_RANGE;
    }
    if (s->start < 0 || s->start > MG_SIMULATE_MAX_MONTHS) {
        snprintf(msg, cap, "start: expected a month in [0, %d], got %d", MG_SIMULATE_MAX_MONTHS, s->start);
        return MIGDIP_ERR_RANGE;
    }
    if (s->months < 0 || s->months > MG_SIMULATE_MAX_MONTHS) {
        snprintf(msg, cap, "months: expected a duration in [0, %d], got %d", MG_SIMULATE_MAX_MONTHS, s->months);
        return MIGDIP_ERR_RANGE;
    }
    return MIGDIP_OK;
}

/* The parameters by JSON name, with their domain (docs/scenarios.md gives each a reason). */
#define PD(f, lo, hi, open) {#f, offsetof(migdip_sim_params, f), {lo, hi, open}}
const mg_simulate_param mg_simulate_params[] = {
    PD(contract_months, 0, 600, true), PD(recruit_lag, 0, 600, false), PD(redirect_rate, 0, 1, false),
    PD(absorb_growth, 0, 10, false),   PD(absorb_mult, 0, 1e6, false), PD(subst_lag, 0, 600, false),
    PD(alt_growth, 0, 10, false),      PD(alt_mult, 0, 1e6, false),    PD(productivity, 0, 10, false),
    PD(tolerance_pct, 0, 1000, true),
};
#undef PD
const size_t mg_simulate_n_params = sizeof mg_simulate_params / sizeof *mg_simulate_params;

double *mg_simulate_param_at(migdip_sim_params *p, size_t k)
{
    return (double *)((char *)p + mg_simulate_params[k].off);
}

migdip_status mg_simulate_check_params(const migdip_sim_params *p, char *msg, size_t cap)
{
    if (p->months < 1 || p->months > MG_SIMULATE_MAX_MONTHS) {
        snprintf(msg, cap, "months: expected a horizon in [1, %d], got %d", MG_SIMULATE_MAX_MONTHS, p->months);
        return MIGDIP_ERR_RANGE;
    }
    for (size_t k = 0; k < mg_simulate_n_params; k++) {
        double v = *mg_simulate_param_at((migdip_sim_params *)p, k);
        const mg_simulate_param *d = &mg_simulate_params[k];
        char why[128];
        if (!mg_params_domain_check(&d->dom, v, why, sizeof why)) {
            snprintf(msg, cap, "%s: %s", d->name, why);
            return MIGDIP_ERR_RANGE;
        }
    }
    return MIGDIP_OK;
}

migdip_status migdip_shock_parse(const char *spec, migdip_shock *out, char *msg, size_t cap)
{
    char tmp[8];
    if (!msg) {
        msg = tmp;
        cap = sizeof tmp;
    }
    *out = (migdip_shock){.kind = MIGDIP_SHOCK_BAN, .share = 1, .start = 0, .months = 12};
    const char *colon = strchr(spec, ':');
    size_t klen = colon ? (size_t)(colon - spec) : strlen(spec);
    char kind[16];
    snprintf(kind, sizeof kind, "%.*s", (int)(klen < sizeof kind ? klen : sizeof kind - 1), spec);
    if (klen >= sizeof kind || migdip_shock_kind_parse(kind, &out->kind)) {
        snprintf(msg, cap, "\"%.*s\": expected ban, deport, freeze or quota", (int)(klen > 40 ? 40 : klen), spec);
        return MIGDIP_ERR_USAGE;
    }
    if (out->kind == MIGDIP_SHOCK_DEPORT)
        out->share = 0.1;
    bool has_quota = false;
    const char *s = colon ? colon + 1 : spec + klen;
    while (*s) {
        const char *eq = strchr(s, '='), *comma = strchr(s, ',');
        if (!comma)
            comma = s + strlen(s);
        if (!eq || eq > comma) {
            snprintf(msg, cap, "\"%.*s\": expected key=value", (int)(comma - s > 40 ? 40 : comma - s), s);
            return MIGDIP_ERR_USAGE;
        }
        char key[16] = "", val[48] = "";
        snprintf(key, sizeof key, "%.*s", (int)(eq - s), s);
        snprintf(val, sizeof val, "%.*s", (int)(comma - eq - 1), eq + 1);
        char *end;
        errno = 0;
        double v = strtod(val, &end);
        if (!val[0] || *end || errno || !isfinite(v)) {
            snprintf(msg, cap, "%s: expected a number, got \"%s\"", key, val);
            return MIGDIP_ERR_USAGE;
        }
        if (!strcmp(key, "share")) {
            out->share = v;
        } else if (!strcmp(key, "per_month")) {
            out->per_month = v;
            has_quota = true;
        } else if (!strcmp(key, "start") || !strcmp(key, "months")) {
            if (!mg_simulate_whole(v) || fabs(v) > MG_SIMULATE_MAX_MONTHS) {
                snprintf(msg, cap, "%s: expected a whole number of months, got \"%s\"", key, val);
                return MIGDIP_ERR_USAGE;
            }
            *(!strcmp(key, "start") ? &out->start : &out->months) = (int)v;
        } else {
            snprintf(msg, cap, "unknown key \"%s\" (share, per_month, start, months)", key);
            return MIGDIP_ERR_USAGE;
        }
        s = *comma ? comma + 1 : comma;
    }
    if (out->kind == MIGDIP_SHOCK_QUOTA && !has_quota) {
        snprintf(msg, cap, "quota: per_month is needed (deployments allowed a month)");
        return MIGDIP_ERR_USAGE;
    }
    if (mg_simulate_check_shock(out, msg, cap))
        return MIGDIP_ERR_USAGE;
    return MIGDIP_OK;
}

static migdip_status check_opts(migdip_ctx *ctx, const migdip_sim_opts *o)
{
    char msg[200];
    if (!o->a || !o->b)
        return mg_err_set(&ctx->err, MIGDIP_ERR_USAGE, "two sides are needed");
    if (mg_simulate_check_params(&o->params, msg, sizeof msg))
        return mg_err_set(&ctx->err, MIGDIP_ERR_USAGE, "parameter %s", msg);
    if (o->n_shocks > MG_SIMULATE_MAX_SHOCKS)
        return mg_err_set(&ctx->err, MIGDIP_ERR_USAGE, "at most %d shocks", MG_SIMULATE_MAX_SHOCKS);
    for (size_t k = 0; k < o->n_shocks; k++)
        if (mg_simulate_check_shock(&o->shocks[k], msg, sizeof msg))
            return mg_err_set(&ctx->err, MIGDIP_ERR_USAGE, "shock %zu: %s", k + 1, msg);
    return MIGDIP_OK;
}

static migdip_status no_corridor(migdip_ctx *ctx, const migdip_model *m, const char *snd, const char *hst)
{
    return mg_err_set(&ctx->err, MIGDIP_ERR_NOTFOUND, "no migrants from %s recorded in %s in %d: nothing to simulate",
                      snd, hst, migdip_model_year(m));
}

migdip_status migdip_sim_run(migdip_ctx *ctx, const migdip_model *m, const migdip_sim_opts *o,
                             migdip_sim_result **out)
{
    migdip_status rc = MIGDIP_OK;
    mg_sim_result *r = NULL;
    mg_actor a, b;
    *out = NULL;
    if ((rc = check_opts(ctx, o)))
        goto cleanup;
    if (!o->n_shocks) {
        rc = mg_err_set(&ctx->err, MIGDIP_ERR_USAGE, "at least one shock is needed");
        goto cleanup;
    }
    if ((rc = mg_simulate_actors(ctx, m, o->a, o->b, &a, &b)))
        goto cleanup;
    if (!(r = calloc(1, sizeof *r))) {
        rc = mg_err_set(&ctx->err, MIGDIP_ERR_NOMEM, "out of memory");
        goto cleanup;
    }
    snprintf(r->a, sizeof r->a, "%s", a.name);
    snprintf(r->b, sizeof r->b, "%s", b.name);
    rc = mg_sim_simulate(mg_model_panel(m), mg_model_params((migdip_model *)m), &o->params, &a, &b, o->shocks, o->n_shocks, r);
    if (rc == MIGDIP_ERR_NOTFOUND)
        rc = no_corridor(ctx, m, r->sender, r->host);
    else if (rc)
        rc = mg_err_set(&ctx->err, rc, "out of memory");
    if (rc)
        goto cleanup;
    *out = r;
    r = NULL;
cleanup:
    migdip_sim_result_free(r);
    return rc;
}

void migdip_sim_result_free(migdip_sim_result *r)
{
    if (!r)
        return;
    free(r->month);
    free(r);
}

migdip_status migdip_credibility_run(migdip_ctx *ctx, const migdip_model *m, const migdip_sim_opts *o,
                                     migdip_cred_result *out)
{
    migdip_status rc = MIGDIP_OK;
    mg_actor a, b;
    memset(out, 0, sizeof *out);
    if ((rc = check_opts(ctx, o)) || (rc = mg_simulate_actors(ctx, m, o->a, o->b, &a, &b)))
        return rc;
    rc = mg_sim_credibility(mg_model_panel(m), mg_model_params((migdip_model *)m), &o->params, &a, &b, o->shocks,
                        o->n_shocks, out);
    if (rc == MIGDIP_ERR_NOTFOUND) {
        bool a_sends = o->n_shocks ? o->shocks[0].kind == MIGDIP_SHOCK_BAN : true;
        return no_corridor(ctx, m, a_sends ? a.name : b.name, a_sends ? b.name : a.name);
    }
    if (rc)
        return mg_err_set(&ctx->err, rc, "out of memory");
    return MIGDIP_OK;
}
