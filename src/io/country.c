/* country.c - in-memory country map over the identity tables, and the built-in entities. */
#include "country.h"

#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "store.h"
#include "text.h"

typedef struct kv {
    char *key;   /* normalised name, or "scheme:code" */
    char *val;   /* iso3 or aggregate code */
    int year_from, year_to;
} kv;

typedef struct kv_table {
    kv *v;
    size_t n, cap;
} kv_table;

struct country_map {
    kv_table names;      /* name key -> iso3 */
    kv_table codes;      /* "scheme:code" -> iso3, with validity years */
    kv_table aggregates; /* name key or code -> aggregate code */
    kv_table display;    /* iso3 -> display name */
};

static migdip_status kv_push(kv_table *t, const char *key, const char *val, int y0, int y1)
{
    if (t->n == t->cap) {
        size_t cap = t->cap ? t->cap * 2 : 256;
        kv *v = realloc(t->v, cap * sizeof *v);
        if (!v)
            return MIGDIP_ERR_NOMEM;
        t->v = v;
        t->cap = cap;
    }
    kv *e = &t->v[t->n];
    e->key = strdup(key);
    e->val = strdup(val);
    if (!e->key || !e->val) {
        free(e->key);
        free(e->val);
        return MIGDIP_ERR_NOMEM;
    }
    e->year_from = y0;
    e->year_to = y1;
    t->n++;
    return MIGDIP_OK;
}

static int kv_cmp(const void *a, const void *b)
{
    const kv *x = a, *y = b;
    int c = strcmp(x->key, y->key);
    return c ? c : x->year_from - y->year_from;
}

static void kv_free(kv_table *t)
{
    for (size_t i = 0; i < t->n; i++) {
        free(t->v[i].key);
        free(t->v[i].val);
    }
    free(t->v);
}

/* First entry with key (entries with one key are adjacent after sorting). */
static const kv *kv_find(const kv_table *t, const char *key)
{
    size_t lo = 0, hi = t->n;
    while (lo < hi) {
        size_t mid = (lo + hi) / 2;
        if (strcmp(t->v[mid].key, key) < 0)
            lo = mid + 1;
        else
            hi = mid;
    }
    return lo < t->n && strcmp(t->v[lo].key, key) == 0 ? &t->v[lo] : NULL;
}

static migdip_status load_table(sqlite3 *db, const char *sql, kv_table *t, bool key_is_name, mg_err *err)
{
    sqlite3_stmt *st = NULL;
    migdip_status rc = store_prepare(db, sql, &st, err);
    if (rc)
        return rc;
    int step;
    while ((step = sqlite3_step(st)) == SQLITE_ROW) {
        const char *key = (const char *)sqlite3_column_text(st, 0);
        const char *val = (const char *)sqlite3_column_text(st, 1);
        if (!key || !val)
            continue;
        char norm[256];
        if (key_is_name)
            key = text_name_key(key, norm, sizeof norm);
        if (!*key)
            continue;
        if (kv_push(t, key, val, sqlite3_column_int(st, 2), sqlite3_column_int(st, 3))) {
            rc = mg_err_set(err, MIGDIP_ERR_NOMEM, "out of memory loading the country map");
            break;
        }
    }
    if (!rc && step != SQLITE_DONE)
        rc = store_db_error(db, err, "loading the country map");
    sqlite3_finalize(st);
    if (!rc && t->n)
        qsort(t->v, t->n, sizeof *t->v, kv_cmp);
    return rc;
}

migdip_status country_map_load(sqlite3 *db, country_map **out, mg_err *err)
{
    country_map *cm = calloc(1, sizeof *cm);
    if (!cm)
        return mg_err_set(err, MIGDIP_ERR_NOMEM, "out of memory");
    migdip_status rc;
    /* aliases and official names; a country's own name wins over an alias of the same key */
    if ((rc = load_table(db, "SELECT alias, iso3, 0, 9999 FROM country_alias "
                             "UNION ALL SELECT name, iso3, 0, 9999 FROM country",
                         &cm->names, true, err)))
        goto fail;
    if ((rc = load_table(db, "SELECT scheme||':'||code, iso3, year_from, year_to FROM country_code "
                             "UNION ALL SELECT 'iso3:'||iso3, iso3, 0, 9999 FROM country",
                         &cm->codes, false, err)))
        goto fail;
    if ((rc = load_table(db, "SELECT key, code, 0, 9999 FROM aggregate_alias "
                             "UNION ALL SELECT name, code, 0, 9999 FROM aggregate",
                         &cm->aggregates, true, err)))
        goto fail;
    if ((rc = load_table(db, "SELECT iso3, name, 0, 9999 FROM country", &cm->display, false, err)))
        goto fail;
    *out = cm;
    return MIGDIP_OK;
fail:
    country_map_free(cm);
    return rc;
}

void country_map_free(country_map *cm)
{
    if (!cm)
        return;
    kv_free(&cm->names);
    kv_free(&cm->codes);
    kv_free(&cm->aggregates);
    kv_free(&cm->display);
    free(cm);
}

const char *country_by_name(const country_map *cm, const char *name)
{
    char key[256];
    text_name_key(name, key, sizeof key);
    const kv *e = kv_find(&cm->names, key);
    return e ? e->val : NULL;
}

const char *country_by_code(const country_map *cm, const char *scheme, const char *code, int year)
{
    char key[128];
    size_t len = strlen(code);
    const char *c = text_trim(code, &len);
    snprintf(key, sizeof key, "%s:%.*s", scheme, (int)len, c);
    const kv *e = kv_find(&cm->codes, key);
    if (!e)
        return NULL;
    const kv *end = cm->codes.v + cm->codes.n;
    for (const kv *p = e; p < end && strcmp(p->key, key) == 0; p++)
        if (year == 0 || (year >= p->year_from && year <= p->year_to))
            return p->val;
    return year == 0 ? e->val : NULL;
}

const char *country_aggregate(const country_map *cm, const char *name_or_code)
{
    char key[256];
    text_name_key(name_or_code, key, sizeof key);
    const kv *e = kv_find(&cm->aggregates, key);
    return e ? e->val : NULL;
}

const char *country_name(const country_map *cm, const char *iso3)
{
    const kv *e = kv_find(&cm->display, iso3);
    return e ? e->val : NULL;
}

size_t country_count(const country_map *cm) { return cm->display.n; }

/* Entities the crosswalks lack or code differently, handled on purpose (docs/countries.md).
 * kind: special = not a state (unknown origin); historical = dissolved state (ISO 3166-3
 * code where one exists). */
static const struct builtin_country {
    const char *iso3, *name, *kind;
    int cown;
} BUILTIN_COUNTRIES[] = {
    {"XXX", "Other or unknown origin", "special", 0},
    {"XKX", "Kosovo", "territory", 347},
    {"CHI", "Channel Islands", "territory", 0},
    {"CSK", "Czechoslovakia", "historical", 315},
    {"YUG", "Yugoslavia", "historical", 345},
    {"SCG", "Serbia and Montenegro", "historical", 0},
    {"DDR", "German Democratic Republic", "historical", 265},
    {"SUN", "Soviet Union", "historical", 0},
    {"ANT", "Netherlands Antilles", "historical", 0},
    {"YMD", "Yemen People's Republic", "historical", 680},
    {"YAR", "Yemen Arab Republic", "historical", 678},
};

/* Codes of other schemes that differ from ISO3, with the years in which they hold. */
static const struct builtin_code {
    const char *scheme, *code, *iso3;
    int year_from, year_to;
} BUILTIN_CODES[] = {
    /* CEPII GeoDist uses pre-2000s codes */
    {"cepii", "ROM", "ROU", 0, 9999},
    {"cepii", "ZAR", "COD", 0, 9999},
    {"cepii", "TMP", "TLS", 0, 9999},
    {"cepii", "PAL", "PSE", 0, 9999},
    {"cepii", "YUG", "SRB", 0, 9999}, /* CEPII's YUG is Serbia and Montenegro as of 2000s */
    {"cepii", "BOM", "XXX", 0, 9999},
    /* COW: 345 is Yugoslavia until 1991, Serbia and Montenegro 1992-2005, Serbia after */
    {"cown", "345", "YUG", 0, 1991},
    {"cown", "345", "SCG", 1992, 2005},
    {"cown", "345", "SRB", 2006, 9999},
    {"cown", "315", "CSK", 0, 1992},
    {"cown", "265", "DDR", 0, 1990},
    {"cown", "260", "DEU", 0, 9999},  /* German Federal Republic, continued by Germany */
    {"cown", "347", "XKX", 0, 9999},
    {"cown", "678", "YAR", 0, 1990},
    {"cown", "680", "YMD", 0, 1990},
    {"cowc", "GFR", "DEU", 0, 9999},
    {"cowc", "KOS", "XKX", 0, 9999},
    {"wb", "XKX", "XKX", 0, 9999},
    {"wb", "CHI", "CHI", 0, 9999},
    {"wb", "ROM", "ROU", 0, 9999},
    {"wb", "ZAR", "COD", 0, 9999},
    {"wb", "TMP", "TLS", 0, 9999},
    {"wb", "ADO", "AND", 0, 9999},
    {"wb", "KSV", "XKX", 0, 9999},
    {"m49", "830", "CHI", 0, 9999},
    {"m49", "412", "XKX", 0, 9999},
};

migdip_status country_seed_builtin(sqlite3 *db, mg_err *err)
{
    sqlite3_stmt *ins_c = NULL, *ins_k = NULL;
    migdip_status rc = store_prepare(db,
        "INSERT OR IGNORE INTO country(iso3,name,kind,cown) VALUES(?,?,?,nullif(?,0))", &ins_c, err);
    if (!rc)
        rc = store_prepare(db,
            "INSERT OR IGNORE INTO country_code(scheme,code,iso3,year_from,year_to) VALUES(?,?,?,?,?)",
            &ins_k, err);
    for (size_t i = 0; !rc && i < sizeof BUILTIN_COUNTRIES / sizeof *BUILTIN_COUNTRIES; i++) {
        const struct builtin_country *b = &BUILTIN_COUNTRIES[i];
        sqlite3_bind_text(ins_c, 1, b->iso3, -1, SQLITE_STATIC);
        sqlite3_bind_text(ins_c, 2, b->name, -1, SQLITE_STATIC);
        sqlite3_bind_text(ins_c, 3, b->kind, -1, SQLITE_STATIC);
        sqlite3_bind_int(ins_c, 4, b->cown);
        rc = store_step_done(db, ins_c, err);
    }
    for (size_t i = 0; !rc && i < sizeof BUILTIN_CODES / sizeof *BUILTIN_CODES; i++) {
        const struct builtin_code *b = &BUILTIN_CODES[i];
        sqlite3_bind_text(ins_k, 1, b->scheme, -1, SQLITE_STATIC);
        sqlite3_bind_text(ins_k, 2, b->code, -1, SQLITE_STATIC);
        sqlite3_bind_text(ins_k, 3, b->iso3, -1, SQLITE_STATIC);
        sqlite3_bind_int(ins_k, 4, b->year_from);
        sqlite3_bind_int(ins_k, 5, b->year_to);
        rc = store_step_done(db, ins_k, err);
    }
    sqlite3_finalize(ins_c);
    sqlite3_finalize(ins_k);
    return rc;
}
