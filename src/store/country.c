/* country.c - in-memory country map over the identity tables, and the built-in entities:
 * special and historical codes, year-aware code reuse (COW 345, 365, ...), curated aliases
 * that no crosswalk file provides, and the World Bank / UN pseudo aggregates. Every choice
 * here is listed with its reason in docs/countries.md. */
#include "store/country.h"

#include <ctype.h>
#include <stdint.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "store/store.h"
#include "util/text.h"

typedef struct kv {
    char *key;   /* normalised name, or "scheme:code" */
    char *val;   /* iso3 or aggregate code */
    int year_from, year_to; /* names: year_from is the priority (0 = a country's own name) */
} kv;

typedef struct kv_slot {
    uint32_t at1;  /* 1 + the first entry with the key; 0: an empty slot */
    uint32_t hash; /* the key's */
} kv_slot;

typedef struct kv_table {
    kv *v;
    size_t n, cap;
    kv_slot *index; /* open addressing over the sorted keys, at most half full (NULL: binary search) */
    size_t index_cap;
} kv_table;

struct mg_country_map {
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

/* Total order (key, year_from, val) so that lookups are deterministic whatever qsort does. */
static int kv_cmp(const void *a, const void *b)
{
    const kv *x = a, *y = b;
    int c = strcmp(x->key, y->key);
    if (c)
        return c;
    if (x->year_from != y->year_from)
        return x->year_from < y->year_from ? -1 : 1;
    return strcmp(x->val, y->val);
}

static void kv_free(kv_table *t)
{
    for (size_t i = 0; i < t->n; i++) {
        free(t->v[i].key);
        free(t->v[i].val);
    }
    free(t->v);
    free(t->index);
}

static uint32_t kv_hash(const char *key)
{
    uint32_t h = 2166136261u;
    for (const unsigned char *p = (const unsigned char *)key; *p; p++)
        h = (h ^ *p) * 16777619u;
    return h;
}

/* Index the sorted table by its keys: every importer looks up a name or a code per cell or
 * per header name, and a binary search made a dozen string comparisons of each. Out of
 * memory: no index, and lookups search the sorted table as before. */
static void kv_index(kv_table *t)
{
    size_t cap = 16;
    while (cap < 2 * t->n)
        cap *= 2;
    if (t->n >= UINT32_MAX || !(t->index = calloc(cap, sizeof *t->index)))
        return;
    t->index_cap = cap;
    for (size_t i = 0; i < t->n; i++) {
        if (i > 0 && strcmp(t->v[i].key, t->v[i - 1].key) == 0)
            continue; /* the first entry of a key is the one found */
        uint32_t h = kv_hash(t->v[i].key);
        size_t j = h & (cap - 1);
        while (t->index[j].at1)
            j = (j + 1) & (cap - 1);
        t->index[j] = (kv_slot){(uint32_t)(i + 1), h};
    }
}

/* First entry with key (entries with one key are adjacent after sorting). */
static const kv *kv_find(const kv_table *t, const char *key)
{
    if (t->index) {
        uint32_t h = kv_hash(key);
        for (size_t j = h & (t->index_cap - 1); t->index[j].at1; j = (j + 1) & (t->index_cap - 1)) {
            const kv *e = &t->v[t->index[j].at1 - 1];
            if (t->index[j].hash == h && strcmp(e->key, key) == 0)
                return e;
        }
        return NULL;
    }
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
    migdip_status rc = mg_store_prepare(db, sql, &st, err);
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
            key = mg_text_name_key(key, norm, sizeof norm);
        if (!*key)
            continue;
        if (kv_push(t, key, val, sqlite3_column_int(st, 2), sqlite3_column_int(st, 3))) {
            rc = mg_err_set(err, MIGDIP_ERR_NOMEM, "out of memory loading the country map");
            break;
        }
    }
    if (!rc && step != SQLITE_DONE)
        rc = mg_store_db_error(db, err, "loading the country map");
    sqlite3_finalize(st);
    if (!rc && t->n) {
        qsort(t->v, t->n, sizeof *t->v, kv_cmp);
        kv_index(t);
    }
    return rc;
}

migdip_status mg_country_map_load(sqlite3 *db, mg_country_map **out, mg_err *err)
{
    mg_country_map *cm = calloc(1, sizeof *cm);
    if (!cm)
        return mg_err_set(err, MIGDIP_ERR_NOMEM, "out of memory");
    migdip_status rc;
    /* a country's own name (priority 0) wins over an alias of the same key (priority 1) */
    if ((rc = load_table(db, "SELECT alias, iso3, 1, 9999 FROM country_alias "
                             "UNION ALL SELECT name, iso3, 0, 9999 FROM country",
                         &cm->names, true, err)))
        goto fail;
    if ((rc = load_table(db, "SELECT scheme||':'||code, iso3, year_from, year_to FROM country_code "
                             "UNION ALL SELECT 'iso3:'||iso3, iso3, 0, 9999 FROM country",
                         &cm->codes, false, err)))
        goto fail;
    if ((rc = load_table(db, "SELECT key, code, 1, 9999 FROM aggregate_alias "
                             "UNION ALL SELECT name, code, 0, 9999 FROM aggregate "
                             "UNION ALL SELECT code, code, 0, 9999 FROM aggregate",
                         &cm->aggregates, true, err)))
        goto fail;
    if ((rc = load_table(db, "SELECT iso3, name, 0, 9999 FROM country", &cm->display, false, err)))
        goto fail;
    *out = cm;
    return MIGDIP_OK;
fail:
    mg_country_map_free(cm);
    return rc;
}

void mg_country_map_free(mg_country_map *cm)
{
    if (!cm)
        return;
    kv_free(&cm->names);
    kv_free(&cm->codes);
    kv_free(&cm->aggregates);
    kv_free(&cm->display);
    free(cm);
}

/* Short names people type that no crosswalk spells (docs/countries.md, "Naming a country"),
 * for what a user names only: importers never read them ("Micronesia" in a data file may be
 * the UN region). */
static const struct common_name {
    const char *name, *iso3;
} COMMON_NAMES[] = {
    {"DR Congo", "COD"},     {"DRC", "COD"},          {"D.R. Congo", "COD"},   {"Congo-Kinshasa", "COD"},
    {"Congo-Brazzaville", "COG"}, {"Palestine", "PSE"}, {"Micronesia", "FSM"}, {"Sao Tome", "STP"},
    {"N Korea", "PRK"},      {"S Korea", "KOR"},      {"UK", "GBR"},           {"Britain", "GBR"},
    {"KSA", "SAU"},          {"Laos", "LAO"},         {"Vatican", "VAT"},      {"Holland", "NLD"},
    {"St Kitts", "KNA"},     {"St Vincent", "VCT"},   {"Bosnia", "BIH"},       {"Trinidad", "TTO"},
    {"Antigua", "ATG"},      {"Guinea Bissau", "GNB"}, {"Timor", "TLS"},       {"Czech Republic", "CZE"},
};

const char *mg_country_by_key(const mg_country_map *cm, const char *key)
{
    if (!*key)
        return NULL;
    const kv *e = kv_find(&cm->names, key);
    return e ? e->val : NULL;
}

const char *mg_country_by_name(const mg_country_map *cm, const char *name)
{
    char key[256];
    return mg_country_by_key(cm, mg_text_name_key(name, key, sizeof key));
}

const char *mg_country_by_common_name(const mg_country_map *cm, const char *name)
{
    char key[256];
    mg_text_name_key(name, key, sizeof key);
    for (size_t i = 0; *key && i < sizeof COMMON_NAMES / sizeof *COMMON_NAMES; i++) {
        char k2[256], f = mg_text_name_key_first(COMMON_NAMES[i].name);
        if (f && f != key[0])
            continue;
        mg_text_name_key(COMMON_NAMES[i].name, k2, sizeof k2);
        if (!strcmp(k2, key))
            return mg_country_name(cm, COMMON_NAMES[i].iso3) ? COMMON_NAMES[i].iso3 : NULL;
    }
    return NULL;
}

/* Levenshtein distance of two short keys (at most 63 bytes are compared). */
static size_t key_distance(const char *a, const char *b)
{
    size_t na = strnlen(a, 63), nb = strnlen(b, 63), row[64];
    for (size_t j = 0; j <= nb; j++)
        row[j] = j;
    for (size_t i = 1; i <= na; i++) {
        size_t diag = row[0];
        row[0] = i;
        for (size_t j = 1; j <= nb; j++) {
            size_t up = row[j];
            size_t best = diag + (a[i - 1] != b[j - 1]);
            if (row[j] + 1 < best)
                best = row[j] + 1;
            if (row[j - 1] + 1 < best)
                best = row[j - 1] + 1;
            row[j] = best;
            diag = up;
        }
    }
    return row[nb];
}

/* How well a name key matches the query key: every word of the query (3 letters or more)
 * that begins a word of the name counts 100; then closeness of the whole keys. */
static long match_score(const char *query, const char *name)
{
    long score = 0;
    for (const char *w = query; *w;) {
        size_t len = strcspn(w, " ");
        if (len >= 3)
            for (const char *v = name; *v;) {
                size_t vlen = strcspn(v, " ");
                if (vlen >= len && !strncmp(v, w, len)) {
                    score += 100;
                    break;
                }
                v += vlen + (v[vlen] == ' ');
            }
        w += len + (w[len] == ' ');
    }
    size_t d = key_distance(query, name), n = strlen(query);
    if (d * 3 <= n + 2) /* a typo: about a third of the letters */
        score += 100;
    return score * 1000 - (long)(d < 999 ? d : 999);
}

size_t mg_country_suggest(const mg_country_map *cm, const char *name, char (*out)[4], size_t max)
{
    char key[256];
    mg_text_name_key(name, key, sizeof key);
    long best[8];
    size_t n = 0;
    if (!*key || max == 0)
        return 0;
    if (max > 8)
        max = 8;
    for (size_t i = 0; i < cm->names.n; i++) {
        const kv *e = &cm->names.v[i];
        long sc = match_score(key, e->key);
        if (sc < 100000 - 999) /* neither a word nor a typo in common */
            continue;
        size_t k = 0;
        while (k < n && strcmp(out[k], e->val))
            k++;
        if (k < n) { /* the same country under another name: keep its best score */
            if (sc <= best[k])
                continue;
            memmove(&out[k], &out[k + 1], (n - k - 1) * sizeof *out);
            memmove(&best[k], &best[k + 1], (n - k - 1) * sizeof *best);
            n--;
        }
        size_t at = n;
        while (at > 0 && best[at - 1] < sc)
            at--;
        if (at >= max)
            continue;
        size_t move = n < max ? n - at : max - 1 - at;
        memmove(&out[at + 1], &out[at], move * sizeof *out);
        memmove(&best[at + 1], &best[at], move * sizeof *best);
        snprintf(out[at], 4, "%.3s", e->val);
        best[at] = sc;
        if (n < max)
            n++;
    }
    return n;
}

bool mg_country_code_is_numeric(const char *scheme)
{
    return strcmp(scheme, "m49") == 0 || strcmp(scheme, "cown") == 0 || strcmp(scheme, "gwn") == 0;
}

char *mg_country_code_norm(const char *scheme, const char *code, char *out, size_t cap)
{
    size_t len = strlen(code);
    const char *c = mg_text_trim(code, &len);
    if (mg_country_code_is_numeric(scheme)) {
        /* "004", "4" and "4.0" are one M49 code */
        long v;
        if (mg_text_parse_long(c, len, &v) && v >= 0) {
            snprintf(out, cap, "%ld", v);
            return out;
        }
    }
    /* letter codes are upper case in every scheme ("rom" is CEPII's ROM) */
    size_t j = 0;
    for (size_t i = 0; i < len && j + 1 < cap; i++)
        out[j++] = (char)toupper((unsigned char)c[i]);
    out[j] = '\0';
    return out;
}

migdip_status mg_country_iso3_own(sqlite3 *db, const char *code, bool *own, mg_err *err)
{
    *own = false;
    sqlite3_stmt *st = NULL;
    migdip_status rc = mg_store_prepare(db,
                                        "SELECT 1 FROM country WHERE iso3=?1 AND NOT EXISTS(SELECT 1 FROM country_code"
                                        " WHERE scheme='iso3' AND code=?1)",
                                        &st, err);
    if (rc)
        return rc;
    sqlite3_bind_text(st, 1, code, -1, SQLITE_STATIC);
    int step = sqlite3_step(st);
    if (step == SQLITE_ROW)
        *own = true;
    else if (step != SQLITE_DONE)
        rc = mg_store_db_error(db, err, "reading the country table");
    sqlite3_finalize(st);
    return rc;
}

static const kv *code_lookup(const mg_country_map *cm, const char *key, int year)
{
    const kv *e = kv_find(&cm->codes, key);
    if (!e)
        return NULL;
    const kv *end = cm->codes.v + cm->codes.n, *best = NULL;
    for (const kv *p = e; p < end && strcmp(p->key, key) == 0; p++) {
        if (year != 0 && year >= p->year_from && year <= p->year_to)
            return p;
        /* year 0: the holder that is valid last (the present one) */
        if (year == 0 && (!best || p->year_to > best->year_to))
            best = p;
    }
    return best;
}

const char *mg_country_by_code(const mg_country_map *cm, const char *scheme, const char *code, int year)
{
    char norm[64], key[96];
    mg_country_code_norm(scheme, code, norm, sizeof norm);
    if (!*norm)
        return NULL;
    snprintf(key, sizeof key, "%s:%s", scheme, norm);
    const kv *e = code_lookup(cm, key, year);
    if (e)
        return e->val;
    /* CEPII, World Bank and IMF codes are ISO3 except for the listed differences */
    if (strcmp(scheme, "cepii") == 0 || strcmp(scheme, "wb") == 0 || strcmp(scheme, "imf") == 0) {
        snprintf(key, sizeof key, "iso3:%s", norm);
        e = code_lookup(cm, key, 0);
        return e ? e->val : NULL;
    }
    return NULL;
}

const char *mg_country_aggregate_by_key(const mg_country_map *cm, const char *key)
{
    if (!*key)
        return NULL;
    const kv *e = kv_find(&cm->aggregates, key);
    return e ? e->val : NULL;
}

const char *mg_country_aggregate(const mg_country_map *cm, const char *name_or_code)
{
    char key[256];
    return mg_country_aggregate_by_key(cm, mg_text_name_key(name_or_code, key, sizeof key));
}

const char *mg_country_name(const mg_country_map *cm, const char *iso3)
{
    const kv *e = kv_find(&cm->display, iso3);
    return e ? e->val : NULL;
}

size_t mg_country_count(const mg_country_map *cm) { return cm->display.n; }

/* ------------------------------------------------------------------ built-in entities */

/* Entities the crosswalks lack or code differently, handled on purpose (docs/countries.md).
 * kind: special = not a state (unknown origin); historical = dissolved state. Codes: the
 * ISO 3166-3 code where one exists (CSK, YUG, SCG, DDR, SUN, ANT, YMD), else a code from
 * the ISO user-assigned range X.. (never given to a country by ISO 3166-1). The name is the
 * countrycode codelist's spelling so that its row finds the entity. */
static const struct builtin_country {
    const char *iso3, *name, *kind;
    int cown;
} BUILTIN_COUNTRIES[] = {
    {"XXX", "Other or unknown origin", "special", 0},
    {"XKX", "Kosovo", "country", 347},
    {"CHI", "Channel Islands", "territory", 0},
    {"CSK", "Czechoslovakia", "historical", 315},
    {"YUG", "Yugoslavia", "historical", 345},
    {"SCG", "Serbia and Montenegro", "historical", 0},
    {"DDR", "German Democratic Republic", "historical", 265},
    {"SUN", "Soviet Union", "historical", 0},
    {"ANT", "Netherlands Antilles", "historical", 0},
    {"YMD", "Yemen People's Republic", "historical", 680},
    {"YAR", "Yemen Arab Republic", "historical", 678},
    {"XRV", "Republic of Vietnam", "historical", 817},
    {"XAH", "Austria-Hungary", "historical", 300},
    {"XBN", "Baden", "historical", 267},
    {"XBV", "Bavaria", "historical", 245},
    {"XHN", "Hanover", "historical", 240},
    {"XHE", "Hesse Electoral", "historical", 273},
    {"XHG", "Hesse Grand Ducal", "historical", 275},
    {"XMS", "Mecklenburg Schwerin", "historical", 280},
    {"XMO", "Modena", "historical", 332},
    {"XPR", "Parma", "historical", 335},
    {"XSX", "Saxony", "historical", 269},
    {"XTU", "Tuscany", "historical", 337},
    {"XSI", "Two Sicilies", "historical", 329},
    {"XWU", "Wuerttemburg", "historical", 271},
    {"XZN", "Zanzibar", "historical", 511},
    {"XKR", "Korea (1887-1905)", "historical", 730},
    /* UNHCR's origins that are not states (imp_unhcr.c): XXA is the ISO/ICAO user code for
     * stateless persons as UNHCR uses it; Tibetans have a UNHCR code (TIB) and no ISO code */
    {"XXA", "Stateless (UNHCR)", "special", 0},
    {"XTB", "Tibetan (UNHCR)", "special", 0},
};

/* Codes of other schemes that differ from ISO3, with the years in which they hold. Where a
 * code was reused, each holder has its own years; a lookup with year 0 gets the holder
 * valid last. These rows carry no vintage and a crosswalk file never overwrites them. */
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
    /* COW: 345 is Serbia until 1917, Yugoslavia 1918-1991, Serbia and Montenegro
     * 1992-2005, Serbia after */
    {"cown", "345", "SRB", 0, 1917},
    {"cown", "345", "YUG", 1918, 1991},
    {"cown", "345", "SCG", 1992, 2005},
    {"cown", "345", "SRB", 2006, 9999},
    /* COW: 365 is Russia throughout; ISO keeps the Soviet Union apart until 1991 */
    {"cown", "365", "SUN", 1922, 1991},
    {"cown", "365", "RUS", 0, 1921},
    {"cown", "365", "RUS", 1992, 9999},
    {"cown", "315", "CSK", 0, 1992},
    {"cown", "265", "DDR", 0, 1990},
    {"cown", "255", "DEU", 0, 9999},  /* Prussia 1816-1870, Germany 1871-1945 and from 1990 */
    {"cown", "260", "DEU", 0, 9999},  /* German Federal Republic, continued by Germany */
    {"cown", "347", "XKX", 0, 9999},
    {"cown", "678", "YAR", 0, 1990},
    {"cown", "680", "YMD", 0, 1990},
    {"cown", "817", "XRV", 0, 1975},
    {"cown", "730", "XKR", 0, 1905}, /* the Korean Empire; 731/732 are North/South Korea */
    /* Chilton & Woda code non-sovereign partners with numbers COW never gave a state */
    {"cown", "3", "MNP", 0, 9999},
    {"cown", "709", "MAC", 0, 9999},
    {"cown", "711", "HKG", 0, 9999},
    {"cowc", "GFR", "DEU", 0, 9999},
    {"cowc", "KOS", "XKX", 0, 9999},
    {"cowc", "CZE", "CSK", 0, 1992},  /* COW's CZE is Czechoslovakia; Czechia is CZR */
    {"cowc", "GDR", "DDR", 0, 1990},
    {"cowc", "YUG", "SRB", 0, 1917},
    {"cowc", "YUG", "YUG", 1918, 1991},
    {"cowc", "YUG", "SCG", 1992, 2005},
    {"cowc", "YUG", "SRB", 2006, 9999},
    {"cowc", "RUS", "SUN", 1922, 1991},
    {"cowc", "RUS", "RUS", 0, 1921},
    {"cowc", "RUS", "RUS", 1992, 9999},
    /* Gleditsch-Ward: 260 is the GFR and Germany after 1990, 255 Germany until 1945;
     * 345 Yugoslavia and Serbia (and Montenegro) until 2006; 678 (North) Yemen and
     * unified Yemen */
    {"gwn", "255", "DEU", 0, 9999},
    {"gwn", "260", "DEU", 0, 9999},
    {"gwn", "265", "DDR", 0, 1990},
    {"gwn", "345", "YUG", 0, 1991},
    {"gwn", "345", "SCG", 1992, 2006},
    {"gwn", "678", "YAR", 0, 1990},
    {"gwn", "678", "YEM", 1991, 9999},
    {"gwn", "680", "YMD", 0, 1990},
    {"gwn", "817", "XRV", 0, 1975},
    {"wb", "XKX", "XKX", 0, 9999},
    {"wb", "CHI", "CHI", 0, 9999},
    {"wb", "ROM", "ROU", 0, 9999},
    {"wb", "ZAR", "COD", 0, 9999},
    {"wb", "TMP", "TLS", 0, 9999},
    {"wb", "ADO", "AND", 0, 9999},
    {"wb", "KSV", "XKX", 0, 9999},
    {"wb", "YUGF", "YUG", 0, 9999},  /* OGHIST "YUGf": Yugoslavia (former) */
    {"m49", "830", "CHI", 0, 9999},
    {"m49", "412", "XKX", 0, 9999},
    {"m49", "530", "ANT", 0, 9999},
    {"m49", "200", "CSK", 0, 9999},
    {"m49", "890", "YUG", 0, 9999},
    {"m49", "891", "SCG", 0, 9999},
    {"m49", "810", "SUN", 0, 9999},
    {"m49", "278", "DDR", 0, 9999},
    {"m49", "720", "YMD", 0, 9999},
    {"m49", "886", "YAR", 0, 9999},
    /* IMF (World Economic Outlook): ISO3 except these two */
    {"imf", "UVK", "XKX", 0, 9999},
    {"imf", "WBG", "PSE", 0, 9999},
};

/* Spellings in the project's data files that no crosswalk file provides, each with the
 * reason it is needed (docs/countries.md lists them). */
static const struct builtin_alias {
    const char *alias, *iso3, *why;
} BUILTIN_ALIASES[] = {
    {"Czech Republic", "CZE", "name until 2016, used by older WB/UN files"},
    {"Swaziland", "SWZ", "name until 2018 (Eswatini)"},
    {"Macedonia, FYR", "MKD", "WB name until 2019"},
    {"Macedonia", "MKD", "COW/short name before 2019"},
    {"TFYR Macedonia", "MKD", "UN name until 2019"},
    {"The former Yugoslav Republic of Macedonia", "MKD", "UN name until 2019"},
    {"Turkey", "TUR", "name until 2022 (Türkiye)"},
    {"Kosovo", "XKX", "not in ISO 3166; WB code XKX"},
    {"Curacao", "CUW", "WB spelling without cedilla"},
    {"St. Martin (French part)", "MAF", "WB spelling"},
    {"Sint Maarten (Dutch part)", "SXM", "WB spelling"},
    {"Cape Verde", "CPV", "name until 2013 (Cabo Verde)"},
    {"Burma", "MMR", "older name of Myanmar in WB/COW files"},
    {"Zaire", "COD", "name until 1997"},
    {"East Timor", "TLS", "older name of Timor-Leste"},
    {"Ivory Coast", "CIV", "English name used by COW/KNOMAD"},
    {"Micronesia, Fed. Sts.", "FSM", "WB spelling"},
    {"Korea, Dem. People's Rep.", "PRK", "WB spelling"},
    {"Korea, Dem. Rep.", "PRK", "WB spelling in older KNOMAD matrices"},
    {"Korea, Rep.", "KOR", "WB spelling"},
    {"Lao PDR", "LAO", "WB spelling"},
    {"Hong Kong SAR, China", "HKG", "WB spelling"},
    {"Macao SAR, China", "MAC", "WB spelling"},
    {"Channel Islands", "CHI", "WB/UN aggregate of Jersey and Guernsey, kept as one entity"},
    {"Other or unknown origin", "XXX", "unknown origin in the UN 2020 tidy file"},
    {"Wuerttemberg", "XWU", "spelling variant of COW's Wuerttemburg"},
    {"Württemberg", "XWU", "German spelling"},
    {"Würtemberg", "XWU", "spelling in the countrycode codelist (V-Dem row)"},
    {"USSR", "SUN", "common abbreviation"},
    {"Union of Soviet Socialist Republics", "SUN", "official name"},
    {"South Vietnam", "XRV", "common name of the Republic of Vietnam"},
    {"North Yemen", "YAR", "common name of the Yemen Arab Republic"},
    {"South Yemen", "YMD", "common name of the Yemen People's Republic"},
    {"East Germany", "DDR", "common name of the German Democratic Republic"},
    {"West Germany", "DEU", "German Federal Republic, continued by Germany"},
    {"German Federal Republic", "DEU", "COW name 1955-1990, continued by Germany"},
    {"Korea", "KOR", "COW's \"Korea\" (730, 1887-1905) is XKR; in present-day data it means KOR"},
    {"Falkland Islands (Malvinas)", "FLK", "UN spelling, used by countrycode data_regions"},
    {"Holy See (Vatican City State)", "VAT", "ISO spelling, used by countrycode data_regions"},
    {"Gambia (Islamic Republic of the)", "GMB", "spelling in countrycode data_regions"},
    {"Puerto Rico (US)", "PRI", "WDI 2026 spelling"},
    {"Somalia, Fed. Rep.", "SOM", "WDI 2026 spelling"},
    {"GuineaBissau", "GNB", "KNOMAD migration matrix 2021 (hyphen lost)"},
    {"TimorLeste", "TLS", "KNOMAD migration matrix 2021 (hyphen lost)"},
    {"Macau", "MAC", "Chilton & Woda spelling"},
    {"Faeroe Islands", "FRO", "KNOMAD spelling"},
};

/* Entities of the countrycode files left out on purpose: no COW code and no place in the
 * data files (docs/countries.md). Their rows are skipped without an unmapped report. */
static const char *const OMITTED[] = {
    "Brunswick", "Hamburg", "Hesse-Darmstadt", "Hesse-Kassel", "Nassau", "Oldenburg",
    "Piedmont-Sardinia", "Prussia", "Sardinia", "Saxe-Weimar-Eisenach", "Somaliland",
    "Stateless", "Tibet", "Transvaal", "Orange Free State", "United Arab Republic",
    "United Province CA", "Unknown",
};

bool mg_country_is_omitted(const char *name)
{
    char key[256], k2[256];
    mg_text_name_key(name, key, sizeof key);
    for (size_t i = 0; i < sizeof OMITTED / sizeof *OMITTED; i++) {
        char f = mg_text_name_key_first(OMITTED[i]);
        if ((!f || f == key[0]) && strcmp(key, mg_text_name_key(OMITTED[i], k2, sizeof k2)) == 0)
            return true;
    }
    return false;
}

/* World Bank aggregate codes (as in WDI and CLASS "Groups"), so that WDI's aggregate rows
 * are kept apart before CLASS is imported; plus earlier names of renamed groups. */
static const struct builtin_aggregate {
    const char *code, *name, *scheme;
} BUILTIN_AGGREGATES[] = {
    {"WLD", "World", "wb"},
    {"AFE", "Africa Eastern and Southern", "wb"},
    {"AFW", "Africa Western and Central", "wb"},
    {"ARB", "Arab World", "wb"},
    {"CEB", "Central Europe and the Baltics", "wb"},
    {"CSS", "Caribbean small states", "wb"},
    {"EAP", "East Asia & Pacific (excluding high income)", "wb"},
    {"EAR", "Early-demographic dividend", "wb"},
    {"EAS", "East Asia & Pacific", "wb"},
    {"ECA", "Europe & Central Asia (excluding high income)", "wb"},
    {"ECS", "Europe & Central Asia", "wb"},
    {"EMU", "Euro area", "wb"},
    {"EUU", "European Union", "wb"},
    {"FCS", "Fragile and conflict affected situations", "wb"},
    {"HIC", "High income", "wb"},
    {"HPC", "Heavily indebted poor countries (HIPC)", "wb"},
    {"IBD", "IBRD only", "wb"},
    {"IBT", "IDA & IBRD total", "wb"},
    {"IDA", "IDA total", "wb"},
    {"IDB", "IDA blend", "wb"},
    {"IDX", "IDA only", "wb"},
    {"INX", "Not classified", "wb"},
    {"LAC", "Latin America & Caribbean (excluding high income)", "wb"},
    {"LCN", "Latin America & Caribbean", "wb"},
    {"LDC", "Least developed countries: UN classification", "wb"},
    {"LIC", "Low income", "wb"},
    {"LMC", "Lower middle income", "wb"},
    {"LMY", "Low & middle income", "wb"},
    {"LTE", "Late-demographic dividend", "wb"},
    {"MEA", "Middle East, North Africa, Afghanistan & Pakistan", "wb"},
    {"MIC", "Middle income", "wb"},
    {"MNA", "Middle East, North Africa, Afghanistan & Pakistan (excluding high income)", "wb"},
    {"NAC", "North America", "wb"},
    {"OED", "OECD members", "wb"},
    {"OSS", "Other small states", "wb"},
    {"PRE", "Pre-demographic dividend", "wb"},
    {"PSS", "Pacific island small states", "wb"},
    {"PST", "Post-demographic dividend", "wb"},
    {"SAS", "South Asia", "wb"},
    {"SSA", "Sub-Saharan Africa (excluding high income)", "wb"},
    {"SSF", "Sub-Saharan Africa", "wb"},
    {"SST", "Small states", "wb"},
    {"TEA", "East Asia & Pacific (IDA & IBRD countries)", "wb"},
    {"TEC", "Europe & Central Asia (IDA & IBRD countries)", "wb"},
    {"TLA", "Latin America & the Caribbean (IDA & IBRD countries)", "wb"},
    {"TMN", "Middle East, North Africa, Afghanistan & Pakistan (IDA & IBRD)", "wb"},
    {"TSA", "South Asia (IDA & IBRD)", "wb"},
    {"TSS", "Sub-Saharan Africa (IDA & IBRD countries)", "wb"},
    {"UMC", "Upper middle income", "wb"},
    /* section headings of the UN DESA 2019 tables (rows of ".." between aggregates) */
    {"UN:HEADING", "UN table section heading", "pseudo"},
    /* UN DESA and KNOMAD residual origins: not a country, not unknown either */
    {"OTHER_SOUTH", "Other South", "pseudo"},
    {"OTHER_NORTH", "Other North", "pseudo"},
};

/* Other names of the aggregates above (earlier WDI editions, KNOMAD spellings). */
static const struct builtin_aggregate_alias {
    const char *name, *code;
} BUILTIN_AGGREGATE_ALIASES[] = {
    {"Middle East & North Africa", "MEA"},
    {"Middle East & North Africa (excluding high income)", "MNA"},
    {"Middle East & North Africa (IDA & IBRD countries)", "TMN"},
    {"Middle East, North Africa, Afghanistan & Pakistan (IDA & IBRD countries)", "TMN"},
    {"South Asia (IDA & IBRD countries)", "TSA"},
    {"Fragile and conflict affected situations", "FCS"},
    {"Fragile and conflict-affected situations", "FCS"},
    {"Least developed countries", "LDC"},
    {"Euro Area", "EMU"},
    /* UN DESA 2019 spellings of the 2020 correspondence table's aggregates */
    {"Australia / New Zealand", "UN:927"},
    {"More developed regions", "UN:901"},
    {"No income group available", "UN:1518"},
    {"Geographic regions", "UN:HEADING"},
    {"Sustainable Development Goal (SDG) regions", "UN:HEADING"},
    {"UN development groups", "UN:HEADING"},
    {"World Bank income groups", "UN:HEADING"},
};

migdip_status mg_country_seed_builtin(sqlite3 *db, mg_err *err)
{
    sqlite3_stmt *ins_c = NULL, *ins_k = NULL, *ins_a = NULL, *ins_g = NULL, *ins_ga = NULL;
    migdip_status rc = mg_store_prepare(db,
        "INSERT OR IGNORE INTO country(iso3,name,kind,cown) VALUES(?,?,?,nullif(?,0))", &ins_c, err);
    if (!rc)
        rc = mg_store_prepare(db,
            "INSERT OR IGNORE INTO country_code(scheme,code,iso3,year_from,year_to) VALUES(?,?,?,?,?)",
            &ins_k, err);
    if (!rc)
        rc = mg_store_prepare(db,
            "INSERT OR IGNORE INTO country_alias(key,alias,iso3,source) VALUES(?,?,?,'builtin')",
            &ins_a, err);
    if (!rc)
        rc = mg_store_prepare(db, "INSERT OR IGNORE INTO aggregate(code,name,scheme) VALUES(?,?,?)",
                           &ins_g, err);
    if (!rc)
        rc = mg_store_prepare(db, "INSERT OR IGNORE INTO aggregate_alias(key,code) VALUES(?,?)", &ins_ga,
                           err);
    for (size_t i = 0; !rc && i < sizeof BUILTIN_COUNTRIES / sizeof *BUILTIN_COUNTRIES; i++) {
        const struct builtin_country *b = &BUILTIN_COUNTRIES[i];
        sqlite3_bind_text(ins_c, 1, b->iso3, -1, SQLITE_STATIC);
        sqlite3_bind_text(ins_c, 2, b->name, -1, SQLITE_STATIC);
        sqlite3_bind_text(ins_c, 3, b->kind, -1, SQLITE_STATIC);
        sqlite3_bind_int(ins_c, 4, b->cown);
        rc = mg_store_step_done(db, ins_c, err);
    }
    for (size_t i = 0; !rc && i < sizeof BUILTIN_CODES / sizeof *BUILTIN_CODES; i++) {
        const struct builtin_code *b = &BUILTIN_CODES[i];
        sqlite3_bind_text(ins_k, 1, b->scheme, -1, SQLITE_STATIC);
        sqlite3_bind_text(ins_k, 2, b->code, -1, SQLITE_STATIC);
        sqlite3_bind_text(ins_k, 3, b->iso3, -1, SQLITE_STATIC);
        sqlite3_bind_int(ins_k, 4, b->year_from);
        sqlite3_bind_int(ins_k, 5, b->year_to);
        rc = mg_store_step_done(db, ins_k, err);
    }
    for (size_t i = 0; !rc && i < sizeof BUILTIN_ALIASES / sizeof *BUILTIN_ALIASES; i++) {
        const struct builtin_alias *b = &BUILTIN_ALIASES[i];
        char key[256];
        sqlite3_bind_text(ins_a, 1, mg_text_name_key(b->alias, key, sizeof key), -1, SQLITE_TRANSIENT);
        sqlite3_bind_text(ins_a, 2, b->alias, -1, SQLITE_STATIC);
        sqlite3_bind_text(ins_a, 3, b->iso3, -1, SQLITE_STATIC);
        rc = mg_store_step_done(db, ins_a, err);
    }
    for (size_t i = 0; !rc && i < sizeof BUILTIN_AGGREGATES / sizeof *BUILTIN_AGGREGATES; i++) {
        const struct builtin_aggregate *b = &BUILTIN_AGGREGATES[i];
        sqlite3_bind_text(ins_g, 1, b->code, -1, SQLITE_STATIC);
        sqlite3_bind_text(ins_g, 2, b->name, -1, SQLITE_STATIC);
        sqlite3_bind_text(ins_g, 3, b->scheme, -1, SQLITE_STATIC);
        rc = mg_store_step_done(db, ins_g, err);
        /* the name as an alias too, so that a later rename (CLASS) keeps it recognised */
        char key[256];
        sqlite3_bind_text(ins_ga, 1, mg_text_name_key(b->name, key, sizeof key), -1, SQLITE_TRANSIENT);
        sqlite3_bind_text(ins_ga, 2, b->code, -1, SQLITE_STATIC);
        if (!rc)
            rc = mg_store_step_done(db, ins_ga, err);
    }
    for (size_t i = 0; !rc && i < sizeof BUILTIN_AGGREGATE_ALIASES / sizeof *BUILTIN_AGGREGATE_ALIASES;
         i++) {
        const struct builtin_aggregate_alias *b = &BUILTIN_AGGREGATE_ALIASES[i];
        char key[256];
        sqlite3_bind_text(ins_ga, 1, mg_text_name_key(b->name, key, sizeof key), -1, SQLITE_TRANSIENT);
        sqlite3_bind_text(ins_ga, 2, b->code, -1, SQLITE_STATIC);
        rc = mg_store_step_done(db, ins_ga, err);
    }
    sqlite3_finalize(ins_c);
    sqlite3_finalize(ins_k);
    sqlite3_finalize(ins_a);
    sqlite3_finalize(ins_g);
    sqlite3_finalize(ins_ga);
    return rc;
}
