/* api.c - the JSON API of `migdip serve` (docs/api.md): one request in, one status and JSON
 * text out. Every answer is built by src/present, the same builders as the CLI's --json, on
 * models kept in memory per (year, power measure) so that a dyad answers in milliseconds.
 * Every parameter is checked before the library sees it: unknown or repeated parameters,
 * codes of the wrong form, years and counts out of range are 400; unknown countries and years
 * without data 404; the library's own errors map to 400/404/422/500. Thread-safe: a request
 * holds the API's lock (its context, models and kept answers; a kept answer takes
 * microseconds), but a trajectory or shifts, which build their own models a year at a time,
 * hold a second lock on a second context, so that the rest is answered meanwhile. */
#include <ctype.h>
#include <errno.h>
#include <limits.h>
#include <math.h>
#include <stdarg.h>
#include <stdio.h>
#include <pthread.h>
#include <stdlib.h>
#include <string.h>

#include "present/present.h"
#include "server.h"

typedef struct cached_model {
    int year;                 /* the model's year (a request for the default year asks for it) */
    migdip_power power;
    migdip_model *m;
    unsigned long used;       /* last use, for eviction */
    unsigned long gen;        /* when it was loaded: keys the dyad answers computed on it */
} cached_model;

/* The answers of /api/dyad, /api/partners and /api/screen are computed once per model and
 * request: a dyad's explanation alone runs the robustness sentence's parameter draws
 * (docs/model.md §7, 10-20 ms). The text is kept by a hash of (model, path, query as given) in
 * sets of ANSWER_WAYS, the least recently used of a full set replaced, at most ANSWER_BYTES in
 * all. (Direct-mapped, 200 dyads in 4,096 slots collided about five times: ten dyads evicting
 * each other, recomputed on every round of a load test behind the API's lock; that was most of
 * its p95.) A model is a snapshot: its answers stay what they were. */
enum { ANSWER_CACHE = 4096, ANSWER_WAYS = 8, ANSWER_KEY = 320 };
#define ANSWER_BYTES ((size_t)256 << 20)
typedef struct cached_answer {
    char key[ANSWER_KEY];
    char *json;
    size_t len;               /* bytes of json with its NUL */
    unsigned long used;       /* last use, for replacement within the set */
} cached_answer;

struct server_api {
    pthread_mutex_t lock;     /* ctx, the models and the kept answers: one request at a time */
    migdip_ctx *ctx;
    /* /api/trajectory and /api/shifts build a model a year (seconds in all) and use none of
     * the kept ones: they run on a context of their own behind their own lock, so that the
     * other requests are not kept waiting meanwhile (a trajectory of 11 years held every
     * other request for its 10 s) */
    pthread_mutex_t slow_lock;
    migdip_ctx *slow_ctx;
    cached_model models[SERVER_MAX_MODELS];
    unsigned long clock;
    int default_year;         /* the year a request without one gets, once a model told it */
    cJSON *countries[SERVER_MAX_MODELS]; /* the country list of each cached model, or NULL */
    cached_answer answers[ANSWER_CACHE];
    size_t answer_bytes;      /* kept in answers[] */
    unsigned long answer_clock;
};

static uint64_t fnv1a(const char *s)
{
    uint64_t h = 1469598103934665603ull;
    for (; *s; s++)
        h = (h ^ (unsigned char)*s) * 1099511628211ull;
    return h;
}

/* ---------------------------------------------------------------- replies */

/* text: JSON written without a tree (owned; NULL: out of memory) */
static void reply_text(server_reply *out, unsigned status, char *text)
{
    out->status = status;
    out->json = text;
    if (!out->json) {
        static const char oom[] = "{\"error\":{\"status\":500,\"message\":\"out of memory\"}}";
        out->status = 500;
        out->json = NULL;
        char *s = malloc(sizeof oom); /* freed with migdip_free, which is free() */
        if (s)
            memcpy(s, oom, sizeof oom);
        out->json = s;
    }
}

static void reply_json(server_reply *out, unsigned status, cJSON *j)
{
    char *text = j ? present_json_text(j, false, NULL) : NULL;
    cJSON_Delete(j);
    reply_text(out, status, text);
}

void server_reply_error(server_reply *out, unsigned status, const char *fmt, ...)
{
    char msg[512];
    va_list ap;
    va_start(ap, fmt);
    vsnprintf(msg, sizeof msg, fmt, ap);
    va_end(ap);
    cJSON *j = cJSON_CreateObject();
    cJSON *e = cJSON_AddObjectToObject(j, "error");
    cJSON_AddNumberToObject(e, "status", status);
    cJSON_AddStringToObject(e, "message", msg);
    reply_json(out, status, j);
}

/* The HTTP status of a library error. */
static unsigned status_of(migdip_status st)
{
    switch (st) {
    case MIGDIP_ERR_USAGE:
    case MIGDIP_ERR_RANGE: return 400;
    case MIGDIP_ERR_NOTFOUND: return 404;
    case MIGDIP_ERR_NOMEM:
    case MIGDIP_ERR_IO:
    case MIGDIP_ERR_DB: return 500;
    default: return 422; /* the data cannot answer: parse, schema, limit, duplicate */
    }
}

static void reply_lib(server_api *api, server_reply *out, migdip_status st)
{
    server_reply_error(out, status_of(st), "%s", migdip_ctx_errmsg(api->ctx));
}

/* ---------------------------------------------------------------- parameters */

typedef struct args {
    const server_request *rq;
    server_reply *out;
    bool failed;
} args;

static bool fail(args *g, unsigned status, const char *fmt, ...) __attribute__((format(printf, 3, 4)));
static bool fail(args *g, unsigned status, const char *fmt, ...)
{
    if (g->failed)
        return false;
    char msg[400];
    va_list ap;
    va_start(ap, fmt);
    vsnprintf(msg, sizeof msg, fmt, ap);
    va_end(ap);
    server_reply_error(g->out, status, "%s", msg);
    g->failed = true;
    return false;
}

/* Refuse parameters the endpoint does not take (named in `allowed`, space-separated), values
 * too long, and a parameter given twice. */
static bool check_params(args *g, const char *allowed)
{
    const server_request *rq = g->rq;
    for (size_t i = 0; i < rq->n_params; i++) {
        const char *k = rq->params[i].key, *v = rq->params[i].value ? rq->params[i].value : "";
        size_t kl = strlen(k);
        bool ok = false;
        for (const char *p = allowed; *p;) {
            size_t n = strcspn(p, " ");
            if (n == kl && !strncmp(p, k, n))
                ok = true;
            p += n;
            while (*p == ' ')
                p++;
        }
        if (!ok)
            return fail(g, 400, "unknown parameter '%.40s' (this endpoint takes: %s)", k, *allowed ? allowed : "none");
        if (strlen(v) > SERVER_MAX_PARAM)
            return fail(g, 400, "parameter '%s': longer than %d bytes", k, SERVER_MAX_PARAM);
        for (size_t j = 0; j < i; j++)
            if (!strcmp(rq->params[j].key, k))
                return fail(g, 400, "parameter '%s' given twice", k);
    }
    return true;
}

static const char *param(args *g, const char *key)
{
    for (size_t i = 0; i < g->rq->n_params; i++)
        if (!strcmp(g->rq->params[i].key, key))
            return g->rq->params[i].value ? g->rq->params[i].value : "";
    return NULL;
}

/* A whole number in [lo, hi]; *out left as is when absent. */
static bool int_param(args *g, const char *key, long lo, long hi, long *out)
{
    const char *v = param(g, key);
    if (!v)
        return true;
    char *end;
    errno = 0;
    long x = strtol(v, &end, 10);
    if (!v[0] || *end || errno || x < lo || x > hi || isspace((unsigned char)v[0]))
        return fail(g, 400, "%s: expected a whole number from %ld to %ld, got \"%.40s\"", key, lo, hi, v);
    *out = x;
    return true;
}

static bool num_param(args *g, const char *key, double lo, double hi, double *out)
{
    const char *v = param(g, key);
    if (!v)
        return true;
    char *end;
    double x = strtod(v, &end);
    if (!v[0] || *end || !isfinite(x) || x < lo || x > hi || isspace((unsigned char)v[0]))
        return fail(g, 400, "%s: expected a number from %g to %g, got \"%.40s\"", key, lo, hi, v);
    *out = x;
    return true;
}

/* A country or bloc as the CLI takes it: an ISO3 or ISO2 code, a number, scheme:code, a name
 * or a bloc name: letters, digits, spaces and - _ . : ' ( ) , & only. */
static bool valid_name(const char *v)
{
    if (!v[0] || strlen(v) > 64)
        return false;
    for (const unsigned char *p = (const unsigned char *)v; *p; p++)
        if (!(isalnum(*p) || *p >= 0x80 || strchr(" -_.:'(),&", *p)))
            return false;
    return true;
}

/* A scenario's side: a name, or names joined by '+' (a coalition: "NPL+BGD+PAK"). */
static bool valid_side(const char *v)
{
    char buf[SERVER_MAX_PARAM + 1];
    if (strlen(v) > SERVER_MAX_PARAM)
        return false;
    snprintf(buf, sizeof buf, "%s", v);
    size_t n = strlen(buf);
    if (!n || buf[0] == '+' || buf[n - 1] == '+' || strstr(buf, "++"))
        return false;
    for (char *save = NULL, *tok = strtok_r(buf, "+", &save); tok; tok = strtok_r(NULL, "+", &save))
        if (!valid_name(tok))
            return false;
    return true;
}

static const char *name_param(args *g, const char *key, bool required)
{
    const char *v = param(g, key);
    if (!v) {
        if (required)
            fail(g, 400, "missing parameter '%s' (a country code, name or bloc)", key);
        return NULL;
    }
    if (!valid_name(v)) {
        fail(g, 400, "%s: expected a country code, name or bloc (letters, digits, spaces, - _ . : ' ( ) , &; "
                     "at most 64 bytes), got \"%.40s\"", key, v);
        return NULL;
    }
    return v;
}

static bool power_param(args *g, migdip_power *out)
{
    *out = MIGDIP_POWER_COMPOSITE;
    const char *v = param(g, "power");
    if (v && migdip_power_parse(v, out))
        return fail(g, 400, "power: expected composite, gdp, gdppc or cinc, got \"%.40s\"", v);
    return true;
}

/* ---------------------------------------------------------------- models */

static migdip_model *model_for(server_api *api, args *g, int year, migdip_power power, size_t *slot)
{
    cached_model *free_slot = NULL, *oldest = NULL;
    if (!year)
        year = api->default_year;
    for (size_t i = 0; i < SERVER_MAX_MODELS; i++) {
        cached_model *c = &api->models[i];
        if (c->m && c->year == year && c->power == power) {
            c->used = ++api->clock;
            if (slot)
                *slot = i;
            return c->m;
        }
        if (!c->m && !free_slot)
            free_slot = c;
        if (c->m && (!oldest || c->used < oldest->used))
            oldest = c;
    }
    migdip_model_opts mo = {.year = year, .power = power};
    migdip_model *m = NULL;
    migdip_status st = migdip_model_load(api->ctx, &mo, &m);
    if (st) {
        if (!g->failed) {
            reply_lib(api, g->out, st);
            g->failed = true;
        }
        return NULL;
    }
    cached_model *c = free_slot ? free_slot : oldest;
    size_t i = (size_t)(c - api->models);
    if (c->m) {
        migdip_model_free(c->m);
        cJSON_Delete(api->countries[i]);
        api->countries[i] = NULL;
    }
    if (!year)
        year = api->default_year = migdip_model_year(m);
    *c = (cached_model){.year = year, .power = power, .m = m, .used = ++api->clock};
    c->gen = c->used;
    if (slot)
        *slot = i;
    return m;
}

/* The model of the request's year and power parameters. */
static migdip_model *request_model(server_api *api, args *g, size_t *slot)
{
    long year = 0;
    migdip_power power;
    if (!int_param(g, "year", 1800, 2100, &year) || !power_param(g, &power))
        return NULL;
    return model_for(api, g, (int)year, power, slot);
}

static bool resolve(server_api *api, args *g, const migdip_model *m, const char *who, migdip_actor *out)
{
    migdip_status st = migdip_actor_resolve(api->ctx, m, who, out);
    if (!st)
        return true;
    if (st == MIGDIP_ERR_NOTFOUND)
        return fail(g, 404, "unknown country or bloc '%s': %s", who, migdip_ctx_errmsg(api->ctx));
    reply_lib(api, g->out, st);
    g->failed = true;
    return false;
}

/* The kept answer of this request on the model of slot, or NULL; *slot_out is where to keep
 * a new one (key written to key). A request too long for a key is never kept. */
static cached_answer *answer_slot(server_api *api, args *g, size_t slot, char *key)
{
    int n = snprintf(key, ANSWER_KEY, "%lu%s", api->models[slot].gen, g->rq->path);
    for (size_t i = 0; i < g->rq->n_params && n > 0 && n < ANSWER_KEY; i++)
        n += snprintf(key + n, (size_t)(ANSWER_KEY - n), "%c%s=%s", i ? '&' : '?', g->rq->params[i].key,
                      g->rq->params[i].value ? g->rq->params[i].value : "");
    if (n <= 0 || n >= ANSWER_KEY)
        return NULL;
    return &api->answers[fnv1a(key) % (ANSWER_CACHE / ANSWER_WAYS) * ANSWER_WAYS];
}

/* The kept answer of key in the set starting at set, copied into out. */
static bool answer_get(server_api *api, cached_answer *set, const char *key, server_reply *out)
{
    for (size_t w = 0; set && w < ANSWER_WAYS; w++) {
        cached_answer *ca = &set[w];
        if (!ca->json || strcmp(ca->key, key))
            continue;
        if (!(out->json = malloc(ca->len)))
            return false;
        memcpy(out->json, ca->json, ca->len);
        out->status = 200;
        ca->used = ++api->answer_clock;
        return true;
    }
    return false;
}

static void answer_put(server_api *api, cached_answer *set, const char *key, const server_reply *out)
{
    if (!set || out->status != 200 || !out->json)
        return;
    size_t n = strlen(out->json) + 1;
    if (n > 2u << 20) /* a whole screen (megabytes): computed again rather than kept */
        return;
    cached_answer *ca = &set[0];
    for (size_t w = 0; w < ANSWER_WAYS; w++) { /* an empty way, else the least recently used */
        if (!set[w].json) {
            ca = &set[w];
            break;
        }
        if (set[w].used < ca->used)
            ca = &set[w];
    }
    if (api->answer_bytes - ca->len + n > ANSWER_BYTES)
        return;
    char *copy = malloc(n);
    if (!copy)
        return;
    memcpy(copy, out->json, n);
    free(ca->json);
    api->answer_bytes = api->answer_bytes - ca->len + n;
    *ca = (cached_answer){.json = copy, .len = n, .used = ++api->answer_clock};
    snprintf(ca->key, sizeof ca->key, "%s", key);
}

/* The model of the request, unless it was answered before: then the kept answer is in g->out
 * and the result NULL, as on an error (replied). *set and key: where to keep a new answer
 * (answer_put); *slot_out (if not NULL): the model's slot. */
static migdip_model *model_unless_answered(server_api *api, args *g, char *key, cached_answer **set,
                                           size_t *slot_out)
{
    size_t slot = 0;
    migdip_model *m = g->failed ? NULL : request_model(api, g, &slot);
    if (!m)
        return NULL;
    if (slot_out)
        *slot_out = slot;
    *set = answer_slot(api, g, slot, key);
    return answer_get(api, *set, key, g->out) ? NULL : m;
}


/* ---------------------------------------------------------------- endpoints */

static void ep_meta(server_api *api, args *g)
{
    if (!check_params(g, "year power"))
        return;
    migdip_model *m = request_model(api, g, NULL);
    if (!m)
        return;
    migdip_flag how;
    int sy = migdip_model_stock_year(m, &how);
    cJSON *j = cJSON_CreateObject();
    cJSON_AddStringToObject(j, "version", MIGDIP_VERSION);
    cJSON_AddNumberToObject(j, "year", migdip_model_year(m));
    cJSON_AddNumberToObject(j, "stock_year", sy);
    cJSON_AddStringToObject(j, "stock_flag", migdip_flag_str(how));
    migdip_power power;
    power_param(g, &power);
    cJSON_AddStringToObject(j, "power", migdip_power_name(power));
    cJSON *pw = cJSON_AddArrayToObject(j, "power_measures");
    for (int p = MIGDIP_POWER_COMPOSITE; p <= MIGDIP_POWER_CINC; p++)
        cJSON_AddItemToArray(pw, cJSON_CreateString(migdip_power_name((migdip_power)p)));
    cJSON *q = cJSON_AddArrayToObject(j, "quadrants");
    for (int k = MIGDIP_Q_NONE; k <= MIGDIP_Q_OUT; k++) {
        cJSON *o = cJSON_CreateObject();
        cJSON_AddStringToObject(o, "code", migdip_quadrant_code((migdip_quadrant)k));
        cJSON_AddStringToObject(o, "label", migdip_quadrant_label((migdip_quadrant)k));
        cJSON_AddItemToArray(q, o);
    }
    reply_json(g->out, 200, j);
}

static int by_name(const void *x, const void *y)
{
    const cJSON *a = *(const cJSON *const *)x, *b = *(const cJSON *const *)y;
    return strcmp(cJSON_GetObjectItem(a, "name")->valuestring, cJSON_GetObjectItem(b, "name")->valuestring);
}

/* The states of the year's screen (every dyad above the volume threshold), by name. */
static void ep_countries(server_api *api, args *g)
{
    if (!check_params(g, "year power"))
        return;
    size_t slot;
    migdip_model *m = request_model(api, g, &slot);
    if (!m)
        return;
    if (!api->countries[slot]) {
        migdip_screen_opts so = {0};
        migdip_screen *s = NULL;
        migdip_status st = migdip_screen_run(api->ctx, m, &so, &s);
        if (st) {
            reply_lib(api, g->out, st);
            return;
        }
        size_t cap = 2 * s->n + 1, n = 0;
        cJSON **v = calloc(cap, sizeof *v);
        char (*seen)[4] = calloc(cap, sizeof *seen);
        for (size_t k = 0; v && seen && k < s->n; k++)
            for (int side = 0; side < 2; side++) {
                const char *iso = side ? s->rows[k].b : s->rows[k].a;
                size_t i = 0;
                while (i < n && strcmp(seen[i], iso))
                    i++;
                if (i < n)
                    continue;
                migdip_actor a;
                if (migdip_actor_resolve(api->ctx, m, iso, &a))
                    continue;
                memcpy(seen[n], iso, 4);
                cJSON *o = cJSON_CreateObject();
                cJSON_AddStringToObject(o, "iso3", a.name);
                cJSON_AddStringToObject(o, "name", a.title);
                v[n++] = o;
            }
        migdip_screen_free(s);
        /* the M49 number of each, which world maps key their shapes by */
        for (int num = 1; v && num < 1000; num++) {
            char code[16], iso[4];
            snprintf(code, sizeof code, "m49:%d", num);
            if (migdip_country_resolve(api->ctx, code, iso))
                continue;
            for (size_t i = 0; i < n; i++)
                if (!strcmp(seen[i], iso) && !cJSON_GetObjectItem(v[i], "m49")) {
                    snprintf(code, sizeof code, "%03d", num);
                    cJSON_AddStringToObject(v[i], "m49", code);
                }
        }
        if (v)
            qsort(v, n, sizeof *v, by_name);
        cJSON *arr = cJSON_CreateArray();
        for (size_t i = 0; v && i < n; i++)
            cJSON_AddItemToArray(arr, v[i]);
        free(v);
        free(seen);
        api->countries[slot] = arr;
    }
    cJSON *j = cJSON_CreateObject();
    cJSON_AddNumberToObject(j, "year", migdip_model_year(m));
    cJSON_AddItemToObject(j, "countries", cJSON_Duplicate(api->countries[slot], true));
    reply_json(g->out, 200, j);
}

static void ep_dyad(server_api *api, args *g)
{
    if (!check_params(g, "a b year power"))
        return;
    const char *a = name_param(g, "a", true), *b = name_param(g, "b", true);
    char key[ANSWER_KEY];
    cached_answer *ca = NULL;
    migdip_model *m = model_unless_answered(api, g, key, &ca, NULL);
    if (!m)
        return;
    migdip_actor x, y;
    if (!resolve(api, g, m, a, &x) || !resolve(api, g, m, b, &y))
        return;
    migdip_dyad d;
    migdip_status st = migdip_dyad_eval(api->ctx, m, &x, &y, &d);
    if (st) {
        reply_lib(api, g->out, st);
        return;
    }
    cJSON *j = present_dyad_json(m, &x, &y, &d, true);
    if (x.is_bloc || y.is_bloc) {
        cJSON *arr = cJSON_AddArrayToObject(j, "members");
        if (x.is_bloc)
            present_members_json(api->ctx, m, &x, &y, arr);
        if (y.is_bloc)
            present_members_json(api->ctx, m, &y, &x, arr);
    }
    reply_json(g->out, 200, j);
    answer_put(api, ca, key, g->out);
}

/* A state's or bloc's dyad with every partner, for the world map (present_partners_json). */
static void ep_partners(server_api *api, args *g)
{
    if (!check_params(g, "actor year power"))
        return;
    const char *who = name_param(g, "actor", true);
    char key[ANSWER_KEY];
    cached_answer *ca = NULL;
    size_t slot = 0;
    migdip_model *m = model_unless_answered(api, g, key, &ca, &slot);
    if (!m)
        return;
    migdip_actor x;
    if (!resolve(api, g, m, who, &x))
        return;
    migdip_status st;
    cJSON *j = present_partners_json(api->ctx, m, &x, migdip_power_name(api->models[slot].power), &st);
    if (!j) {
        if (st == MIGDIP_ERR_NOMEM)
            server_reply_error(g->out, 500, "out of memory");
        else
            reply_lib(api, g->out, st);
        return;
    }
    reply_json(g->out, 200, j);
    answer_put(api, ca, key, g->out);
}

static void ep_blocs(server_api *api, args *g)
{
    if (!check_params(g, "year power"))
        return;
    migdip_model *m = request_model(api, g, NULL);
    if (!m)
        return;
    migdip_blocs *b = NULL;
    migdip_status st = migdip_blocs_get(api->ctx, m, &b);
    if (st) {
        reply_lib(api, g->out, st);
        return;
    }
    cJSON *j = cJSON_CreateObject();
    cJSON_AddNumberToObject(j, "year", migdip_model_year(m));
    cJSON_AddItemToObject(j, "blocs", present_blocs_json(b));
    migdip_blocs_free(b);
    reply_json(g->out, 200, j);
}

static void ep_screen(server_api *api, args *g)
{
    if (!check_params(g, "year power state quadrant top min_stock rank region bloc robust"))
        return;
    migdip_screen_opts so = {0};
    long top = 0, robust = 0;
    const char *q = param(g, "quadrant"), *rank = param(g, "rank");
    so.state = name_param(g, "state", false);
    so.region = param(g, "region") ? name_param(g, "region", false) : NULL;
    so.bloc = param(g, "bloc") ? name_param(g, "bloc", false) : NULL;
    if (g->failed || !int_param(g, "top", 0, SERVER_MAX_TOP, &top) || !int_param(g, "robust", 0, 200, &robust) ||
        !num_param(g, "min_stock", 0, 1e10, &so.min_stock))
        return;
    if (q && migdip_quadrant_parse(q, &so.quadrant)) {
        fail(g, 400, "quadrant: expected I, II, III, IV, mutual or out-of-scope, got \"%.40s\"", q);
        return;
    }
    if (rank && migdip_rank_parse(rank, &so.rank)) {
        fail(g, 400, "rank: expected persons, gdp, lf or gap, got \"%.40s\"", rank);
        return;
    }
    so.top = (size_t)top;
    so.robust_draws = (size_t)robust;
    so.robust_seed = 1;
    char key[ANSWER_KEY];
    cached_answer *ca = NULL;
    migdip_model *m = model_unless_answered(api, g, key, &ca, NULL);
    if (!m)
        return;
    char iso[4];
    if (so.state) { /* a name or code to the ISO3 the screen filters on */
        migdip_status st = migdip_country_resolve(api->ctx, so.state, iso);
        if (st) {
            fail(g, st == MIGDIP_ERR_NOTFOUND ? 404 : status_of(st), "unknown country '%s': %s", so.state,
                 migdip_ctx_errmsg(api->ctx));
            return;
        }
        so.state = iso;
    }
    migdip_screen *s = NULL;
    migdip_status st = migdip_screen_run(api->ctx, m, &so, &s);
    if (st) {
        reply_lib(api, g->out, st);
        return;
    }
    char *text = present_screen_json_text(api->ctx, m, s, false, false, NULL); /* no tree: rows as text */
    migdip_screen_free(s);
    reply_text(g->out, 200, text);
    answer_put(api, ca, key, g->out);
}

static void ep_trajectory(server_api *api, args *g)
{
    if (!check_params(g, "a b from to power"))
        return;
    const char *a = name_param(g, "a", true), *b = name_param(g, "b", true);
    long from = 0, to = 0;
    migdip_trajectory_opts o = {0};
    if (g->failed || !int_param(g, "from", 1800, 2100, &from) || !int_param(g, "to", 1800, 2100, &to) ||
        !power_param(g, &o.model.power))
        return;
    if (from && to && from > to) {
        fail(g, 400, "from %ld is after to %ld", from, to);
        return;
    }
    o.from = (int)from;
    o.to = (int)to;
    migdip_trajectory *t = NULL;
    migdip_status st = migdip_trajectory_run(api->slow_ctx, a, b, &o, &t);
    if (st) {
        server_reply_error(g->out, status_of(st), "%s", migdip_ctx_errmsg(api->slow_ctx));
        return;
    }
    cJSON *j = present_trajectory_json(t);
    migdip_trajectory_free(t);
    reply_json(g->out, 200, j);
}

static void ep_events(server_api *api, args *g)
{
    if (!check_params(g, "a b"))
        return;
    const char *a = name_param(g, "a", false), *b = name_param(g, "b", false);
    if (g->failed)
        return;
    if (b && !a) {
        fail(g, 400, "b without a");
        return;
    }
    migdip_events *ev = NULL;
    migdip_status st = migdip_events_get(api->ctx, a, b, &ev);
    if (st) {
        reply_lib(api, g->out, st);
        return;
    }
    cJSON *j = present_events_json(ev);
    migdip_events_free(ev);
    reply_json(g->out, 200, j);
}

static void ep_shifts(server_api *api, args *g)
{
    if (!check_params(g, "since to persist state min_stock power"))
        return;
    migdip_shifts_opts o = {0};
    long since = 0, to = 0, persist = 0;
    o.state = name_param(g, "state", false);
    if (g->failed || !int_param(g, "since", 1800, 2100, &since) || !int_param(g, "to", 1800, 2100, &to) ||
        !int_param(g, "persist", 1, 10, &persist) || !num_param(g, "min_stock", 0, 1e10, &o.min_stock) ||
        !power_param(g, &o.model.power))
        return;
    char iso[4];
    if (o.state) {
        migdip_status st = migdip_country_resolve(api->slow_ctx, o.state, iso);
        if (st) {
            fail(g, st == MIGDIP_ERR_NOTFOUND ? 404 : status_of(st), "unknown country '%s': %s", o.state,
                 migdip_ctx_errmsg(api->slow_ctx));
            return;
        }
        o.state = iso;
    }
    o.since = (int)since;
    o.to = (int)to;
    o.persist = (int)persist;
    migdip_shifts *s = NULL;
    migdip_status st = migdip_shifts_run(api->slow_ctx, &o, &s);
    if (st) {
        server_reply_error(g->out, status_of(st), "%s", migdip_ctx_errmsg(api->slow_ctx));
        return;
    }
    cJSON *j = present_shifts_json(s);
    migdip_shifts_free(s);
    reply_json(g->out, 200, j);
}

static void ep_robust(server_api *api, args *g)
{
    if (!check_params(g, "a b year power draws seed"))
        return;
    const char *a = name_param(g, "a", true), *b = name_param(g, "b", true);
    long draws = 200, seed = 1;
    if (g->failed || !int_param(g, "draws", 1, SERVER_MAX_DRAWS, &draws) ||
        !int_param(g, "seed", 0, LONG_MAX, &seed))
        return;
    migdip_model *m = request_model(api, g, NULL);
    migdip_actor x, y;
    if (!m || !resolve(api, g, m, a, &x) || !resolve(api, g, m, b, &y))
        return;
    migdip_robust_opts o = {.draws = (size_t)draws, .seed = (uint64_t)seed};
    migdip_robust r;
    migdip_status st = migdip_robust_run(api->ctx, m, &x, &y, &o, &r);
    if (st) {
        reply_lib(api, g->out, st);
        return;
    }
    reply_json(g->out, 200, present_robust_json(&x, &y, &r, o.seed, 1));
}

static void ep_plan(server_api *api, args *g)
{
    if (!check_params(g, "state against role top year power"))
        return;
    migdip_plan_opts o = {0};
    long top = 10;
    o.state = name_param(g, "state", true);
    o.against = name_param(g, "against", false);
    const char *role = param(g, "role");
    if (g->failed || !int_param(g, "top", 1, 200, &top))
        return;
    if (role && migdip_plan_role_parse(role, &o.role)) {
        fail(g, 400, "role: expected auto, sender or host, got \"%.40s\"", role);
        return;
    }
    o.top = (size_t)top;
    migdip_model *m = request_model(api, g, NULL);
    if (!m)
        return;
    migdip_plan *pl = NULL;
    migdip_status st = migdip_plan_run(api->ctx, m, &o, &pl);
    if (st) {
        reply_lib(api, g->out, st);
        return;
    }
    cJSON *j = present_plan_json(m, pl);
    migdip_plan_free(pl);
    reply_json(g->out, 200, j);
}

static void ep_coalition(server_api *api, args *g)
{
    if (!check_params(g, "members against year power"))
        return;
    const char *mem = param(g, "members");
    const char *against = name_param(g, "against", true);
    if (g->failed)
        return;
    if (!mem || !mem[0]) {
        fail(g, 400, "missing parameter 'members' (states separated by commas, e.g. PHL,IDN)");
        return;
    }
    char buf[SERVER_MAX_PARAM + 1];
    snprintf(buf, sizeof buf, "%s", mem);
    const char *members[MIGDIP_COALITION_MAX];
    size_t n = 0;
    for (char *save = NULL, *tok = strtok_r(buf, ",", &save); tok; tok = strtok_r(NULL, ",", &save)) {
        if (n == MIGDIP_COALITION_MAX) {
            fail(g, 400, "members: at most %d states", MIGDIP_COALITION_MAX);
            return;
        }
        if (!valid_name(tok)) {
            fail(g, 400, "members: \"%.40s\" is not a country code or name", tok);
            return;
        }
        members[n++] = tok;
    }
    migdip_model *m = request_model(api, g, NULL);
    if (!m)
        return;
    migdip_coalition co;
    migdip_status st = migdip_coalition_run(api->ctx, m, members, n, against, &co);
    if (st) {
        reply_lib(api, g->out, st);
        return;
    }
    reply_json(g->out, 200, present_coalition_json(&co));
}

static void ep_country(server_api *api, args *g)
{
    if (!check_params(g, "code year"))
        return;
    const char *who = name_param(g, "code", true);
    long year = 0;
    if (g->failed || !int_param(g, "year", 1800, 2100, &year))
        return;
    migdip_profile *p = NULL;
    migdip_status st = migdip_profile_get(api->ctx, who, (int)year, &p);
    if (st) {
        if (st == MIGDIP_ERR_NOTFOUND)
            fail(g, 404, "%s", migdip_ctx_errmsg(api->ctx));
        else
            reply_lib(api, g->out, st);
        return;
    }
    /* the corridors on the kept model of the profile's year (composite power, as the CLI's
     * default): building one for the request took 0.6-0.9 s behind the API's lock */
    present_corridor *cor = NULL;
    size_t n = 0;
    if (p->stock_year) { /* a year without a model has no corridors, as the CLI's */
        server_reply none = {0};
        args quiet = {.rq = g->rq, .out = &none};
        migdip_model *m = model_for(api, &quiet, p->year, MIGDIP_POWER_COMPOSITE, NULL);
        free(none.json);
        if (m)
            n = present_corridors_on(api->ctx, p, m, 5, &cor);
    }
    cJSON *j = present_country_json(p, cor, n);
    free(cor);
    migdip_profile_free(p);
    reply_json(g->out, 200, j);
}

static void ep_sources(server_api *api, args *g)
{
    if (!check_params(g, "series"))
        return;
    const char *filter = param(g, "series");
    migdip_sources *s = NULL;
    migdip_status st = migdip_sources_get(api->ctx, &s);
    if (st) {
        reply_lib(api, g->out, st);
        return;
    }
    cJSON *j = present_sources_json(s, filter);
    migdip_sources_free(s);
    reply_json(g->out, 200, j);
}

static void ep_citations(server_api *api, args *g)
{
    if (!check_params(g, ""))
        return;
    migdip_citations *cs = NULL;
    migdip_status st = migdip_citations_get(api->ctx, &cs);
    if (st) {
        reply_lib(api, g->out, st);
        return;
    }
    cJSON *j = present_citations_json(cs);
    migdip_citations_free(cs);
    reply_json(g->out, 200, j);
}

/* POST /api/simulate and /api/credibility: a JSON body
 * {"a": "PHL", "b": "SAU", "year": 2020, "power": "gdp", "months": 24, "shocks": ["ban:share=1"]}. */
static void ep_scenario(server_api *api, args *g, bool credibility)
{
    if (!check_params(g, ""))
        return;
    const server_request *rq = g->rq;
    if (!rq->body || !rq->body_len) {
        fail(g, 400, "expected a JSON body: {\"a\": ..., \"b\": ..., \"shocks\": [...]} (docs/api.md)");
        return;
    }
    cJSON *j = cJSON_ParseWithLength(rq->body, rq->body_len);
    if (!j || !cJSON_IsObject(j)) {
        cJSON_Delete(j);
        fail(g, 400, "the body is not a JSON object");
        return;
    }
    const char *a = NULL, *b = NULL;
    long year = 0, months = 0;
    migdip_power power = MIGDIP_POWER_COMPOSITE;
    migdip_shock shocks[16];
    size_t n_shocks = 0;
    cJSON *it;
    cJSON_ArrayForEach(it, j)
    {
        const char *k = it->string;
        if (!strcmp(k, "a") || !strcmp(k, "b")) {
            if (!cJSON_IsString(it) || !valid_side(it->valuestring)) {
                fail(g, 400, "%s: expected a country code, name or bloc, or states joined by '+' (a coalition)", k);
                break;
            }
            *(k[0] == 'a' ? &a : &b) = it->valuestring;
        } else if (!strcmp(k, "year") || !strcmp(k, "months")) {
            bool is_year = k[0] == 'y';
            double lo = is_year ? 1800 : 1, hi = is_year ? 2100 : 240;
            if (!cJSON_IsNumber(it) || it->valuedouble != floor(it->valuedouble) || it->valuedouble < lo ||
                it->valuedouble > hi) {
                fail(g, 400, "%s: expected a whole number from %g to %g", k, lo, hi);
                break;
            }
            *(is_year ? &year : &months) = (long)it->valuedouble;
        } else if (!strcmp(k, "power")) {
            if (!cJSON_IsString(it) || migdip_power_parse(it->valuestring, &power)) {
                fail(g, 400, "power: expected composite, gdp, gdppc or cinc");
                break;
            }
        } else if (!strcmp(k, "shocks")) {
            if (!cJSON_IsArray(it) || cJSON_GetArraySize(it) > 16) {
                fail(g, 400, "shocks: expected an array of at most 16 specifications such as \"ban:share=1,months=12\"");
                break;
            }
            cJSON *s;
            cJSON_ArrayForEach(s, it)
            {
                char msg[200] = "";
                if (!cJSON_IsString(s) || strlen(s->valuestring) > SERVER_MAX_PARAM ||
                    migdip_shock_parse(s->valuestring, &shocks[n_shocks], msg, sizeof msg)) {
                    fail(g, 400, "shocks[%zu]: %s", n_shocks, msg[0] ? msg : "expected a string such as \"ban:share=1\"");
                    break;
                }
                n_shocks++;
            }
            if (g->failed)
                break;
        } else {
            fail(g, 400, "unknown key '%.40s' (expected a, b, year, power, months, shocks)", k);
            break;
        }
    }
    if (!g->failed && (!a || !b))
        fail(g, 400, "missing key '%s' (a country code, name or bloc)", !a ? "a" : "b");
    if (!g->failed && !credibility && !n_shocks)
        fail(g, 400, "shocks: at least one shock, such as \"ban:share=1,start=0,months=12\"");
    migdip_model *m = g->failed ? NULL : model_for(api, g, (int)year, power, NULL);
    if (!m) {
        cJSON_Delete(j);
        return;
    }
    migdip_sim_opts o = {.a = a, .b = b, .shocks = shocks, .n_shocks = n_shocks};
    migdip_sim_params_default(&o.params);
    if (months)
        o.params.months = (int)months;
    migdip_status st;
    cJSON *res = NULL;
    if (credibility) {
        migdip_cred_result r;
        if (!(st = migdip_credibility_run(api->ctx, m, &o, &r)))
            res = present_cred_json(&r, &o.params, migdip_model_year(m));
    } else {
        migdip_sim_result *r = NULL;
        if (!(st = migdip_sim_run(api->ctx, m, &o, &r)))
            res = present_sim_json(r, &o);
        migdip_sim_result_free(r);
    }
    cJSON_Delete(j);
    if (st)
        reply_lib(api, g->out, st);
    else
        reply_json(g->out, 200, res);
}

/* ---------------------------------------------------------------- dispatch */

server_api *server_api_open(const char *db, char *err, size_t cap)
{
    server_api *api = calloc(1, sizeof *api);
    if (!api) {
        snprintf(err, cap, "out of memory");
        return NULL;
    }
    migdip_status st = migdip_ctx_open(db, &api->ctx);
    migdip_ctx *bad = api->ctx;
    if (!st) {
        st = migdip_ctx_open(db, &api->slow_ctx);
        bad = api->slow_ctx;
    }
    if (st) {
        snprintf(err, cap, "%s: %s", db, bad ? migdip_ctx_errmsg(bad) : migdip_status_str(st));
        migdip_ctx_close(api->ctx);
        migdip_ctx_close(api->slow_ctx);
        free(api);
        return NULL;
    }
    pthread_mutex_init(&api->lock, NULL);
    pthread_mutex_init(&api->slow_lock, NULL);
    return api;
}

void server_api_close(server_api *api)
{
    if (!api)
        return;
    for (size_t i = 0; i < SERVER_MAX_MODELS; i++) {
        migdip_model_free(api->models[i].m);
        cJSON_Delete(api->countries[i]);
    }
    for (size_t i = 0; i < ANSWER_CACHE; i++)
        free(api->answers[i].json);
    migdip_ctx_close(api->ctx);
    migdip_ctx_close(api->slow_ctx);
    pthread_mutex_destroy(&api->lock);
    pthread_mutex_destroy(&api->slow_lock);
    free(api);
}

static const struct route {
    const char *path, *method;
    void (*get)(server_api *, args *);
    int scenario; /* 1: simulate, 2: credibility (POST with a body) */
    bool slow;    /* on slow_ctx behind slow_lock */
} ROUTES[] = {
    {"/api/meta", "GET", ep_meta, 0, false},
    {"/api/countries", "GET", ep_countries, 0, false},
    {"/api/country", "GET", ep_country, 0, false},
    {"/api/dyad", "GET", ep_dyad, 0, false},
    {"/api/screen", "GET", ep_screen, 0, false},
    {"/api/partners", "GET", ep_partners, 0, false},
    {"/api/blocs", "GET", ep_blocs, 0, false},
    {"/api/trajectory", "GET", ep_trajectory, 0, true},
    {"/api/events", "GET", ep_events, 0, false},
    {"/api/shifts", "GET", ep_shifts, 0, true},
    {"/api/robust", "GET", ep_robust, 0, false},
    {"/api/plan", "GET", ep_plan, 0, false},
    {"/api/coalition", "GET", ep_coalition, 0, false},
    {"/api/sources", "GET", ep_sources, 0, false},
    {"/api/citations", "GET", ep_citations, 0, false},
    {"/api/simulate", "POST", NULL, 1, false},
    {"/api/credibility", "POST", NULL, 2, false},
};

void server_api_warm(server_api *api)
{
    server_request rq = {.method = "GET", .path = "/api/countries"};
    server_reply rep;
    server_api_handle(api, &rq, &rep);
    free(rep.json);
}

void server_api_handle(server_api *api, const server_request *rq, server_reply *out)
{
    out->status = 0;
    out->json = NULL;
    args g = {.rq = rq, .out = out};
    for (size_t i = 0; i < sizeof ROUTES / sizeof *ROUTES; i++) {
        const struct route *r = &ROUTES[i];
        if (strcmp(rq->path, r->path))
            continue;
        if (strcmp(rq->method, r->method) && !(!strcmp(rq->method, "HEAD") && !strcmp(r->method, "GET"))) {
            server_reply_error(out, 405, "%s takes %s, not %s", r->path, r->method, rq->method);
            return;
        }
        pthread_mutex_t *lock = r->slow ? &api->slow_lock : &api->lock;
        pthread_mutex_lock(lock);
        if (r->scenario)
            ep_scenario(api, &g, r->scenario == 2);
        else
            r->get(api, &g);
        pthread_mutex_unlock(lock);
        if (!out->json)
            server_reply_error(out, 500, "no answer");
        return;
    }
    server_reply_error(out, 404, "no endpoint %.100s (docs/api.md lists them)", rq->path);
}
