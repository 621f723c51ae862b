/* scenario.c - scenario files (JSON, read and written with cJSON): the actors, year,
 * horizon, shocks and every simulator parameter of a run (migdip_scenario_load/save), and
 * releasing what a loaded scenario put into a migdip_sim_opts (migdip_sim_opts_cleanup).
 * Errors name the file and the JSON path of the bad value. docs/scenarios.md, "Scenario
 * files". */
#include <cjson/cJSON.h>
#include <errno.h>
#include <math.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "api/simulate.h"
#include "util/fs.h"

#define SCENARIO_MAX_BYTES (1L << 20) /* a scenario file is a few hundred bytes */

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
    if (whole_only && !mg_simulate_whole(j->valuedouble))
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
        rc = mg_err_set(&ctx->err, MIGDIP_ERR_LIMIT, "%s: over the %ld-byte limit for a scenario file", path,
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
        if (v < 1 || v > MG_SIMULATE_MAX_MONTHS) {
            rc = mg_err_set(&ctx->err, MIGDIP_ERR_RANGE, "%s: $.months: expected a horizon in [1, %d], got %g", path,
                            MG_SIMULATE_MAX_MONTHS, v);
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
        while (k < mg_simulate_n_params && strcmp(it->string, mg_simulate_params[k].name))
            k++;
        snprintf(jp, sizeof jp, "$.params.%.40s", it->string);
        if (k == mg_simulate_n_params) {
            rc = mg_err_set(&ctx->err, MIGDIP_ERR_SCHEMA, "%s: %s: unknown parameter", path, jp);
            goto cleanup;
        }
        if ((rc = get_num(ctx, path, jp, it, false, mg_simulate_param_at(&o->params, k))))
            goto cleanup;
    }
    if (mg_simulate_check_params(&o->params, msg, sizeof msg)) {
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
    if (ns > MG_SIMULATE_MAX_SHOCKS) {
        rc = mg_err_set(&ctx->err, MIGDIP_ERR_RANGE, "%s: $.shocks: at most %d shocks, got %zu", path,
                        MG_SIMULATE_MAX_SHOCKS, ns);
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
        if (!cJSON_IsString(kind) || migdip_shock_kind_parse(kind->valuestring, &s->kind)) {
            rc = mg_err_set(&ctx->err, MIGDIP_ERR_PARSE,
                            "%s: $.shocks[%zu].kind: expected \"ban\", \"deport\", \"freeze\" or \"quota\"", path, i);
            goto cleanup;
        }
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
            if (whole_only && fabs(x) > MG_SIMULATE_MAX_MONTHS) {
                rc = mg_err_set(&ctx->err, MIGDIP_ERR_RANGE, "%s: %s: expected at most %d months, got %g", path, jp,
                                MG_SIMULATE_MAX_MONTHS, x);
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
        if (mg_simulate_check_shock(s, msg, sizeof msg)) {
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
    char *text = NULL;
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
    for (size_t k = 0; prm && k < mg_simulate_n_params; k++)
        cJSON_AddNumberToObject(prm, mg_simulate_params[k].name,
                                *mg_simulate_param_at((migdip_sim_params *)&o->params, k));
    if (!(text = cJSON_Print(root))) {
        rc = mg_err_set(&ctx->err, MIGDIP_ERR_NOMEM, "out of memory");
        goto cleanup;
    }
    /* written whole or not at all, and never replacing what the path is (util/fs.h) */
    mg_fs_out out;
    if ((rc = mg_fs_out_open(&out, path, &ctx->err)))
        goto cleanup;
    fputs(text, out.f);
    fputc('\n', out.f);
    rc = mg_fs_out_commit(&out, &ctx->err);
    mg_fs_out_abort(&out);
cleanup:
    cJSON_free(text);
    cJSON_Delete(root);
    return rc;
}
