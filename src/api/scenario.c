/* scenario_io.c - the disruption simulator and threat credibility on a loaded model, shock
 * specifications ("ban:share=1,start=0,months=12") and scenario files (JSON): actors, year,
 * horizon, shocks and every parameter (docs/scenarios.md, "Scenario files"). */
#include "api/scenario.h"

#include <cjson/cJSON.h>
#include <errno.h>
#include <math.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "api/model.h"

#define SCENARIO_MAX_BYTES (1L << 20) /* a scenario file is a few hundred bytes */
#define SCENARIO_MAX_SHOCKS 64
#define SCENARIO_MAX_MONTHS 600

migdip_status mg_scenario_actors(migdip_ctx *ctx, const migdip_model *m, const char *a, const char *b, mg_actor *ca,
                              mg_actor *cb)
{
    migdip_actor pa, pb;
    migdip_status rc = migdip_actor_resolve(ctx, m, a, &pa);
    if (!rc)
        rc = migdip_actor_resolve(ctx, m, b, &pb);
    if (rc)
        return rc;
    mg_model_core_actor(m, &pa, ca);
    mg_model_core_actor(m, &pb, cb);
    snprintf(ca->name, sizeof ca->name, "%s", pa.name);
    snprintf(cb->name, sizeof cb->name, "%s", pb.name);
    const mg_panel *p = mg_model_panel(m);
    for (size_t i = 0; i < ca->n; i++)
        for (size_t j = 0; j < cb->n; j++)
            if (ca->idx[i] == cb->idx[j])
                return mg_err_set(&ctx->err, MIGDIP_ERR_USAGE, "%s and %s overlap (%s is in both)", pa.name,
                                  pb.name, p->iso3[ca->idx[i]]);
    if (!ca->n || !cb->n)
        return mg_err_set(&ctx->err, MIGDIP_ERR_NOTFOUND, "%s has no member in the %d panel",
                          ca->n ? pb.name : pa.name, p->year);
    return MIGDIP_OK;
}

static bool whole(double x) { return isfinite(x) && x == floor(x); }

migdip_status mg_scenario_check_shock(const migdip_shock *s, char *msg, size_t cap)
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
    if (s->start < 0 || s->start > SCENARIO_MAX_MONTHS) {
        snprintf(msg, cap, "start: expected a month in [0, %d], got %d", SCENARIO_MAX_MONTHS, s->start);
        return MIGDIP_ERR_RANGE;
    }
    if (s->months < 0 || s->months > SCENARIO_MAX_MONTHS) {
        snprintf(msg, cap, "months: expected a duration in [0, %d], got %d", SCENARIO_MAX_MONTHS, s->months);
        return MIGDIP_ERR_RANGE;
    }
    return MIGDIP_OK;
}

/* The parameters by JSON name, with their domain: every one must be finite. */
typedef struct param_def {
    const char *name;
    size_t off;
    double lo, hi;
    bool lo_open;
} param_def;

#define PD(f, lo, hi, open) {#f, offsetof(migdip_sim_params, f), lo, hi, open}
static const param_def PARAMS[] = {
    PD(contract_months, 0, 600, true), PD(recruit_lag, 0, 600, false), PD(redirect_rate, 0, 1, false),
    PD(absorb_growth, 0, 10, false),   PD(absorb_mult, 0, 1e6, false), PD(subst_lag, 0, 600, false),
    PD(alt_growth, 0, 10, false),      PD(alt_mult, 0, 1e6, false),    PD(productivity, 0, 10, false),
    PD(tolerance_pct, 0, 1000, true),
};
#define N_PARAMS (sizeof PARAMS / sizeof *PARAMS)

static double *param_at(migdip_sim_params *p, size_t k) { return (double *)((char *)p + PARAMS[k].off); }

migdip_status mg_scenario_check_params(const migdip_sim_params *p, char *msg, size_t cap)
{
    if (p->months < 1 || p->months > SCENARIO_MAX_MONTHS) {
        snprintf(msg, cap, "months: expected a horizon in [1, %d], got %d", SCENARIO_MAX_MONTHS, p->months);
        return MIGDIP_ERR_RANGE;
    }
    for (size_t k = 0; k < N_PARAMS; k++) {
        double v = *param_at((migdip_sim_params *)p, k);
        const param_def *d = &PARAMS[k];
        if (!isfinite(v) || v > d->hi || (d->lo_open ? v <= d->lo : v < d->lo)) {
            snprintf(msg, cap, "%s: expected a number in %s%g, %g], got %g", d->name, d->lo_open ? "(" : "[", d->lo,
                     d->hi, v);
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
    static const char *const kinds[] = {"ban", "deport", "freeze", "quota"};
    size_t k = 0;
    while (k < 4 && !(strlen(kinds[k]) == klen && !strncmp(spec, kinds[k], klen)))
        k++;
    if (k == 4) {
        snprintf(msg, cap, "\"%.*s\": expected ban, deport, freeze or quota", (int)(klen > 40 ? 40 : klen), spec);
        return MIGDIP_ERR_USAGE;
    }
    out->kind = (migdip_shock_kind)k;
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
            if (!whole(v) || fabs(v) > SCENARIO_MAX_MONTHS) {
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
    if (mg_scenario_check_shock(out, msg, cap))
        return MIGDIP_ERR_USAGE;
    return MIGDIP_OK;
}

static migdip_status check_opts(migdip_ctx *ctx, const migdip_sim_opts *o)
{
    char msg[200];
    if (!o->a || !o->b)
        return mg_err_set(&ctx->err, MIGDIP_ERR_USAGE, "two sides are needed");
    if (mg_scenario_check_params(&o->params, msg, sizeof msg))
        return mg_err_set(&ctx->err, MIGDIP_ERR_USAGE, "parameter %s", msg);
    if (o->n_shocks > SCENARIO_MAX_SHOCKS)
        return mg_err_set(&ctx->err, MIGDIP_ERR_USAGE, "at most %d shocks", SCENARIO_MAX_SHOCKS);
    for (size_t k = 0; k < o->n_shocks; k++)
        if (mg_scenario_check_shock(&o->shocks[k], msg, sizeof msg))
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
    if ((rc = mg_scenario_actors(ctx, m, o->a, o->b, &a, &b)))
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
    if ((rc = check_opts(ctx, o)) || (rc = mg_scenario_actors(ctx, m, o->a, o->b, &a, &b)))
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

/* ---------------------------------------------------------------- scenario files */

void migdip_sim_opts_cleanup(migdip_sim_opts *o)
{
    if (!o)
        return;
    free((char *)o->a);
    free((char *)o->b);
    free((migdip_shock *)o->shocks);
    o->a = o->b = NULL;
    o->shocks = NULL;
    o->n_shocks = 0;
}

static const char *json_type(const cJSON *j)
{
    if (cJSON_IsString(j))
        return "a string";
    if (cJSON_IsNumber(j))
        return "a number";
    if (cJSON_IsBool(j))
        return "a boolean";
    if (cJSON_IsNull(j))
        return "null";
    if (cJSON_IsArray(j))
        return "an array";
    return "an object";
}

/* A number at path; whole: must be a whole number. */
static migdip_status get_num(migdip_ctx *ctx, const char *file, const char *path, const cJSON *j, bool whole_only,
                             double *out)
{
    if (!cJSON_IsNumber(j))
        return mg_err_set(&ctx->err, MIGDIP_ERR_PARSE, "%s: %s: expected a number, got %s", file, path, json_type(j));
    if (whole_only && !whole(j->valuedouble))
        return mg_err_set(&ctx->err, MIGDIP_ERR_RANGE, "%s: %s: expected a whole number, got %g", file, path,
                          j->valuedouble);
    *out = j->valuedouble;
    return MIGDIP_OK;
}

static migdip_status dup_str(migdip_ctx *ctx, const char *file, const char *path, const cJSON *j, const char **out)
{
    if (!cJSON_IsString(j) || !j->valuestring[0])
        return mg_err_set(&ctx->err, MIGDIP_ERR_PARSE, "%s: %s: expected a non-empty string, got %s", file, path,
                          json_type(j));
    if (!(*out = strdup(j->valuestring)))
        return mg_err_set(&ctx->err, MIGDIP_ERR_NOMEM, "out of memory");
    return MIGDIP_OK;
}

static migdip_status read_all(migdip_ctx *ctx, const char *path, char **buf)
{
    migdip_status rc = MIGDIP_OK;
    FILE *f = fopen(path, "rb");
    *buf = NULL;
    if (!f)
        return mg_err_set(&ctx->err, MIGDIP_ERR_IO, "%s: cannot open: %s", path, strerror(errno));
    char *b = malloc(SCENARIO_MAX_BYTES + 1);
    if (!b) {
        rc = mg_err_set(&ctx->err, MIGDIP_ERR_NOMEM, "out of memory");
        goto cleanup;
    }
    size_t n = fread(b, 1, SCENARIO_MAX_BYTES + 1, f);
    if (ferror(f)) {
        rc = mg_err_set(&ctx->err, MIGDIP_ERR_IO, "%s: cannot read", path);
        goto cleanup;
    }
    if (n > SCENARIO_MAX_BYTES) {
        rc = mg_err_set(&ctx->err, MIGDIP_ERR_NOMEM, "%s: over the %ld-byte limit for a scenario file", path,
                        SCENARIO_MAX_BYTES);
        goto cleanup;
    }
    b[n] = '\0';
    *buf = b;
    b = NULL;
cleanup:
    free(b);
    fclose(f);
    return rc;
}

migdip_status migdip_scenario_load(migdip_ctx *ctx, const char *path, migdip_sim_opts *o, int *year)
{
    migdip_status rc = MIGDIP_OK;
    char *buf = NULL, jp[64], msg[200];
    cJSON *root = NULL;
    double v;
    memset(o, 0, sizeof *o);
    migdip_sim_params_default(&o->params);
    *year = 0;
    if ((rc = read_all(ctx, path, &buf)))
        goto cleanup;
    if (!(root = cJSON_Parse(buf))) {
        rc = mg_err_set(&ctx->err, MIGDIP_ERR_PARSE, "%s: not valid JSON (near byte %ld)", path,
                        (long)(cJSON_GetErrorPtr() ? cJSON_GetErrorPtr() - buf : 0));
        goto cleanup;
    }
    if (!cJSON_IsObject(root)) {
        rc = mg_err_set(&ctx->err, MIGDIP_ERR_PARSE, "%s: $: expected an object, got %s", path, json_type(root));
        goto cleanup;
    }
    for (const cJSON *it = root->child; it; it = it->next) {
        static const char *const keys[] = {"a", "b", "year", "months", "shocks", "params"};
        size_t k = 0;
        while (k < 6 && strcmp(it->string, keys[k]))
            k++;
        if (k == 6) {
            rc = mg_err_set(&ctx->err, MIGDIP_ERR_SCHEMA, "%s: $.%s: unknown key (a, b, year, months, shocks, params)",
                            path, it->string);
            goto cleanup;
        }
    }
    if ((rc = dup_str(ctx, path, "$.a", cJSON_GetObjectItemCaseSensitive(root, "a"), &o->a)) ||
        (rc = dup_str(ctx, path, "$.b", cJSON_GetObjectItemCaseSensitive(root, "b"), &o->b)))
        goto cleanup;
    const cJSON *j = cJSON_GetObjectItemCaseSensitive(root, "year");
    if (j && !cJSON_IsNull(j)) {
        if ((rc = get_num(ctx, path, "$.year", j, true, &v)))
            goto cleanup;
        if (v < 1960 || v > 2100) {
            rc = mg_err_set(&ctx->err, MIGDIP_ERR_RANGE, "%s: $.year: expected a year in [1960, 2100], got %g", path, v);
            goto cleanup;
        }
        *year = (int)v;
    }
    if ((j = cJSON_GetObjectItemCaseSensitive(root, "months"))) {
        if ((rc = get_num(ctx, path, "$.months", j, true, &v)))
            goto cleanup;
        if (v < 1 || v > SCENARIO_MAX_MONTHS) {
            rc = mg_err_set(&ctx->err, MIGDIP_ERR_RANGE, "%s: $.months: expected a horizon in [1, %d], got %g", path,
                            SCENARIO_MAX_MONTHS, v);
            goto cleanup;
        }
        o->params.months = (int)v;
    }
    const cJSON *prm = cJSON_GetObjectItemCaseSensitive(root, "params");
    if (prm && !cJSON_IsObject(prm)) {
        rc = mg_err_set(&ctx->err, MIGDIP_ERR_PARSE, "%s: $.params: expected an object, got %s", path, json_type(prm));
        goto cleanup;
    }
    for (const cJSON *it = prm ? prm->child : NULL; it; it = it->next) {
        size_t k = 0;
        while (k < N_PARAMS && strcmp(it->string, PARAMS[k].name))
            k++;
        snprintf(jp, sizeof jp, "$.params.%.40s", it->string);
        if (k == N_PARAMS) {
            rc = mg_err_set(&ctx->err, MIGDIP_ERR_SCHEMA, "%s: %s: unknown parameter", path, jp);
            goto cleanup;
        }
        if ((rc = get_num(ctx, path, jp, it, false, param_at(&o->params, k))))
            goto cleanup;
    }
    if (mg_scenario_check_params(&o->params, msg, sizeof msg)) {
        rc = mg_err_set(&ctx->err, MIGDIP_ERR_RANGE, "%s: $.params.%s", path, msg);
        goto cleanup;
    }
    const cJSON *sh = cJSON_GetObjectItemCaseSensitive(root, "shocks");
    if (!cJSON_IsArray(sh)) {
        rc = mg_err_set(&ctx->err, MIGDIP_ERR_PARSE, "%s: $.shocks: expected an array of shocks, got %s", path,
                        sh ? json_type(sh) : "nothing");
        goto cleanup;
    }
    size_t ns = (size_t)cJSON_GetArraySize(sh);
    if (ns > SCENARIO_MAX_SHOCKS) {
        rc = mg_err_set(&ctx->err, MIGDIP_ERR_RANGE, "%s: $.shocks: at most %d shocks, got %zu", path,
                        SCENARIO_MAX_SHOCKS, ns);
        goto cleanup;
    }
    migdip_shock *shocks = calloc(ns ? ns : 1, sizeof *shocks);
    if (!shocks) {
        rc = mg_err_set(&ctx->err, MIGDIP_ERR_NOMEM, "out of memory");
        goto cleanup;
    }
    o->shocks = shocks;
    o->n_shocks = ns;
    size_t i = 0;
    for (const cJSON *it = sh->child; it; it = it->next, i++) {
        migdip_shock *s = &shocks[i];
        *s = (migdip_shock){.kind = MIGDIP_SHOCK_BAN, .share = 1};
        if (!cJSON_IsObject(it)) {
            rc = mg_err_set(&ctx->err, MIGDIP_ERR_PARSE, "%s: $.shocks[%zu]: expected an object, got %s", path, i,
                            json_type(it));
            goto cleanup;
        }
        const cJSON *kind = cJSON_GetObjectItemCaseSensitive(it, "kind");
        int kk = -1;
        for (int k = 0; k <= MIGDIP_SHOCK_QUOTA && cJSON_IsString(kind); k++)
            if (!strcmp(kind->valuestring, migdip_shock_kind_str((migdip_shock_kind)k)))
                kk = k;
        if (kk < 0) {
            rc = mg_err_set(&ctx->err, MIGDIP_ERR_PARSE,
                            "%s: $.shocks[%zu].kind: expected \"ban\", \"deport\", \"freeze\" or \"quota\"", path, i);
            goto cleanup;
        }
        s->kind = (migdip_shock_kind)kk;
        for (const cJSON *f = it->child; f; f = f->next) {
            snprintf(jp, sizeof jp, "$.shocks[%zu].%.30s", i, f->string);
            bool whole_only = !strcmp(f->string, "start") || !strcmp(f->string, "months");
            if (!strcmp(f->string, "kind"))
                continue;
            double x;
            if (strcmp(f->string, "share") && strcmp(f->string, "per_month") && !whole_only) {
                rc = mg_err_set(&ctx->err, MIGDIP_ERR_SCHEMA, "%s: %s: unknown key (kind, share, per_month, start, months)",
                                path, jp);
                goto cleanup;
            }
            if ((rc = get_num(ctx, path, jp, f, whole_only, &x)))
                goto cleanup;
            if (whole_only && fabs(x) > SCENARIO_MAX_MONTHS) {
                rc = mg_err_set(&ctx->err, MIGDIP_ERR_RANGE, "%s: %s: expected at most %d months, got %g", path, jp,
                                SCENARIO_MAX_MONTHS, x);
                goto cleanup;
            }
            if (!strcmp(f->string, "share"))
                s->share = x;
            else if (!strcmp(f->string, "per_month"))
                s->per_month = x;
            else if (!strcmp(f->string, "start"))
                s->start = (int)x;
            else
                s->months = (int)x;
        }
        if (mg_scenario_check_shock(s, msg, sizeof msg)) {
            rc = mg_err_set(&ctx->err, MIGDIP_ERR_RANGE, "%s: $.shocks[%zu].%s", path, i, msg);
            goto cleanup;
        }
    }
cleanup:
    if (rc)
        migdip_sim_opts_cleanup(o);
    cJSON_Delete(root);
    free(buf);
    return rc;
}

migdip_status migdip_scenario_save(migdip_ctx *ctx, const char *path, const migdip_sim_opts *o, int year)
{
    migdip_status rc = MIGDIP_OK;
    char *text = NULL, *tmp = NULL;
    FILE *f = NULL;
    cJSON *root = cJSON_CreateObject();
    if (!root)
        return mg_err_set(&ctx->err, MIGDIP_ERR_NOMEM, "out of memory");
    cJSON_AddStringToObject(root, "a", o->a ? o->a : "");
    cJSON_AddStringToObject(root, "b", o->b ? o->b : "");
    if (year)
        cJSON_AddNumberToObject(root, "year", year);
    else
        cJSON_AddNullToObject(root, "year");
    cJSON_AddNumberToObject(root, "months", o->params.months);
    cJSON *arr = cJSON_AddArrayToObject(root, "shocks");
    for (size_t k = 0; arr && k < o->n_shocks; k++) {
        const migdip_shock *s = &o->shocks[k];
        cJSON *j = cJSON_CreateObject();
        if (!j)
            break;
        cJSON_AddStringToObject(j, "kind", migdip_shock_kind_str(s->kind));
        if (s->kind == MIGDIP_SHOCK_BAN || s->kind == MIGDIP_SHOCK_DEPORT)
            cJSON_AddNumberToObject(j, "share", s->share);
        if (s->kind == MIGDIP_SHOCK_QUOTA)
            cJSON_AddNumberToObject(j, "per_month", s->per_month);
        cJSON_AddNumberToObject(j, "start", s->start);
        cJSON_AddNumberToObject(j, "months", s->months);
        cJSON_AddItemToArray(arr, j);
    }
    cJSON *prm = cJSON_AddObjectToObject(root, "params");
    for (size_t k = 0; prm && k < N_PARAMS; k++)
        cJSON_AddNumberToObject(prm, PARAMS[k].name, *param_at((migdip_sim_params *)&o->params, k));
    if (!(text = cJSON_Print(root)) || !(tmp = malloc(strlen(path) + 9))) {
        rc = mg_err_set(&ctx->err, MIGDIP_ERR_NOMEM, "out of memory");
        goto cleanup;
    }
    sprintf(tmp, "%s.partial", path);
    int bad = !(f = fopen(tmp, "wb"));
    if (!bad) {
        bad = fputs(text, f) < 0 || fputc('\n', f) < 0;
        bad |= fclose(f) != 0;
        f = NULL;
    }
    if (bad) {
        remove(tmp);
        rc = mg_err_set(&ctx->err, MIGDIP_ERR_IO, "%s: cannot write: %s", path, strerror(errno));
        goto cleanup;
    }
    f = NULL;
    if (rename(tmp, path)) {
        remove(tmp);
        rc = mg_err_set(&ctx->err, MIGDIP_ERR_IO, "%s: cannot write: %s", path, strerror(errno));
    }
cleanup:
    if (f)
        fclose(f);
    free(tmp);
    cJSON_free(text);
    cJSON_Delete(root);
    return rc;
}
