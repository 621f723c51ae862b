/* imp_undesa.c - importers for the UN DESA International Migrant Stock (dataset "undesa-ims").
 *
 * Four layouts (docs/importers.md, section "UN DESA International Migrant Stock"):
 *   undesa-ims-long   2020 edition, tidy bilateral CSV (dest_iso3,orig_iso3,year,sex,stock)
 *   undesa-ims-wide   2019 edition, Table 1 wide CSVs (one per sex, origin names across)
 *   undesa-ims-dest   publisher xlsx, immigrant stock by destination (2019, 2020) -> stock_total
 *   undesa-ims-orig   publisher xlsx, emigrant stock by origin (2024) -> emigrant_total
 *   undesa-ims-bilat  publisher xlsx, stock by destination and origin (2020, 2024 layout)
 * and, in imp_undesa_csv2024.c, the 2024 Table 1 re-saved as CSV (what they share: imp_undesa.h).
 * Bilateral values go to `stock`, totals by destination to `stock_total`, totals by origin to
 * `emigrant_total`; aggregates (WORLD,
 * regions, development and income groups) are recognised and kept out of both. */
#include <math.h>
#include <stdarg.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <strings.h>

#include "formats/csv.h"
#include "util/grow.h"
#include "import/importer.h"
#include "util/text.h"
#include "formats/xlsx.h"
#include "import/imp_undesa.h"

#define UNDESA_DATASET MG_IMP_UNDESA_DATASET
#define UNDESA_CITATION_2019                                                                       \
    "United Nations, Department of Economic and Social Affairs, Population Division (2019). "      \
    "International Migrant Stock 2019 (United Nations database, POP/DB/MIG/Stock/Rev.2019)."
#define UNDESA_CITATION_2020                                                                       \
    "United Nations Department of Economic and Social Affairs, Population Division (2020). "       \
    "International Migrant Stock 2020 (POP/DB/MIG/Stock/Rev.2020)."
#define UNDESA_CITATION_2024                                                                       \
    "United Nations Department of Economic and Social Affairs, Population Division (2024). "       \
    "International Migrant Stock 2024."

/* Years a stock can refer to; anything else is a range error. */
#define UNDESA_YEAR_MIN 1900
#define UNDESA_YEAR_MAX 2100
/* Cap on distinct keys held in memory (corridor totals, duplicate checks): the real 2020 file
 * has ~75,000 corridor-years, so this is generous and still bounds a malformed input. */
#define UNDESA_MAX_KEYS 20000000u
/* Cap on year columns of one sex block in an xlsx table. */
#define UNDESA_MAX_YEARS 200

/* ------------------------------------------------------------------ edition metadata */

typedef struct undesa_edition {
    const char *edition, *released, *citation;
} undesa_edition;

static const undesa_edition EDITIONS[] = {
    {"2019", "2019-09-18", UNDESA_CITATION_2019},
    {"2020", "2021-01-15", UNDESA_CITATION_2020},
    {"2024", "2025-01-10", UNDESA_CITATION_2024},
};

static void set_meta(mg_importer_job *r, const undesa_edition *ed, const char *source);

static const undesa_edition *edition_of(const char *edition)
{
    for (size_t i = 0; i < sizeof EDITIONS / sizeof *EDITIONS; i++)
        if (strcmp(EDITIONS[i].edition, edition) == 0)
            return &EDITIONS[i];
    return NULL;
}

bool mg_imp_undesa_meta(mg_importer_job *r, const char *edition, const char *source)
{
    const undesa_edition *ed = edition_of(edition);
    if (!ed)
        return false;
    set_meta(r, ed, source);
    return true;
}

static void set_meta(mg_importer_job *r, const undesa_edition *ed, const char *source)
{
    r->meta.dataset = UNDESA_DATASET;
    r->meta.source = source;
    r->meta.edition = ed->edition;
    r->meta.released = ed->released;
    r->meta.citation = ed->citation;
}

/* ------------------------------------------------------------------ keyed table
 * Open-addressing hash from (dest, orig, year) to an entry, used for the M+F totals of the
 * tidy file and for duplicate checks. Entries keep insertion order so output is stable. */

typedef struct ukey {
    char dest[4], orig[4];
    int year;
} ukey;

typedef struct uentry {
    ukey key;
    long line[3];      /* line (or row) where each sex was seen: 0 = not seen; [T, M, F] */
    double value[3];
    int flag[3];
} uentry;

typedef struct utable {
    uentry *v;
    size_t n, cap;
    size_t *slot; /* index + 1; 0 = empty */
    size_t nslot; /* power of two */
} utable;

static void utable_free(utable *t)
{
    free(t->v);
    free(t->slot);
    memset(t, 0, sizeof *t);
}

static uint64_t ukey_hash(const ukey *k)
{
    uint64_t h = 1469598103934665603ull;
    const unsigned char *p = (const unsigned char *)k;
    for (size_t i = 0; i < sizeof *k; i++)
        h = (h ^ p[i]) * 1099511628211ull;
    return h;
}

static ukey ukey_make(const char *dest, const char *orig, int year)
{
    ukey k;
    memset(&k, 0, sizeof k);
    snprintf(k.dest, sizeof k.dest, "%s", dest ? dest : "");
    snprintf(k.orig, sizeof k.orig, "%s", orig ? orig : "");
    k.year = year;
    return k;
}

static migdip_status utable_grow_slots(utable *t)
{
    size_t nslot = t->nslot ? t->nslot * 2 : 1024;
    size_t *slot = calloc(nslot, sizeof *slot);
    if (!slot)
        return MIGDIP_ERR_NOMEM;
    for (size_t i = 0; i < t->n; i++) {
        size_t j = (size_t)ukey_hash(&t->v[i].key) & (nslot - 1);
        while (slot[j])
            j = (j + 1) & (nslot - 1);
        slot[j] = i + 1;
    }
    free(t->slot);
    t->slot = slot;
    t->nslot = nslot;
    return MIGDIP_OK;
}

/* The entry for k, created (zeroed) if absent. *out is valid until the next call. */
static migdip_status utable_get(utable *t, const ukey *k, uentry **out)
{
    if ((t->n + 1) * 2 > t->nslot && utable_grow_slots(t))
        return MIGDIP_ERR_NOMEM;
    size_t j = (size_t)ukey_hash(k) & (t->nslot - 1);
    while (t->slot[j]) {
        uentry *e = &t->v[t->slot[j] - 1];
        if (memcmp(&e->key, k, sizeof *k) == 0) {
            *out = e;
            return MIGDIP_OK;
        }
        j = (j + 1) & (t->nslot - 1);
    }
    if (t->n >= UNDESA_MAX_KEYS)
        return MIGDIP_ERR_NOMEM;
    uentry *v = mg_grow(t->v, &t->cap, t->n + 1, sizeof *v);
    if (!v)
        return MIGDIP_ERR_NOMEM;
    t->v = v;
    uentry *e = &t->v[t->n];
    memset(e, 0, sizeof *e);
    e->key = *k;
    t->slot[j] = ++t->n;
    *out = e;
    return MIGDIP_OK;
}

static migdip_status nomem(mg_importer_job *r)
{
    return mg_err_set(r->err, MIGDIP_ERR_NOMEM, "%s: out of memory (or more than %u keys)", r->name,
                      UNDESA_MAX_KEYS);
}

/* ------------------------------------------------------------------ shared helpers */

static int sex_index(char sex) { return sex == 'M' ? 1 : sex == 'F' ? 2 : 0; }
static const char *sex_word(char sex) { return sex == 'M' ? "Male" : sex == 'F' ? "Female" : "Total"; }

/* Persons are whole numbers; the publisher's xlsx holds a few as 38891.00000000001. */
double mg_imp_undesa_count(double v)
{
    double r = nearbyint(v);
    return fabs(v - r) < 1e-6 ? r : v;
}

migdip_status mg_imp_undesa_writer_open(mg_importer_job *r, const char *table, mg_imp_undesa_writer *w)
{
    const char *sql = strcmp(table, "stock") == 0
        ? "INSERT INTO stock(vintage_id,orig,dest,year,sex,value,flag) VALUES(?,?,?,?,?,?,?)"
        : strcmp(table, "emigrant_total") == 0
        ? "INSERT INTO emigrant_total(vintage_id,iso3,year,sex,value,flag) VALUES(?,?,?,?,?,?)"
        : "INSERT INTO stock_total(vintage_id,iso3,year,sex,value,flag) VALUES(?,?,?,?,?,?)";
    return mg_store_prepare(r->db, sql, &w->ins, r->err);
}

void mg_imp_undesa_writer_close(mg_imp_undesa_writer *w)
{
    sqlite3_finalize(w->ins);
    w->ins = NULL;
}

/* One bilateral value; a constraint failure (same key twice) becomes a duplicate error. The
 * texts are bound SQLITE_STATIC: they outlive the step, which completes before returning. */
migdip_status mg_imp_undesa_put_stock(mg_importer_job *r, mg_imp_undesa_writer *w, const char *orig, const char *dest,
                               int year, char sex, double value, int flag)
{
    char s[2] = {sex, 0};
    sqlite3_bind_int64(w->ins, 1, r->vintage_id);
    sqlite3_bind_text(w->ins, 2, orig, -1, SQLITE_STATIC);
    sqlite3_bind_text(w->ins, 3, dest, -1, SQLITE_STATIC);
    sqlite3_bind_int(w->ins, 4, year);
    sqlite3_bind_text(w->ins, 5, s, 1, SQLITE_STATIC);
    mg_store_bind_value(w->ins, 6, value, flag);
    sqlite3_bind_int(w->ins, 7, flag);
    migdip_status rc = mg_store_step_done(r->db, w->ins, r->err);
    if (rc)
        return rc;
    r->rows++;
    return MIGDIP_OK;
}

migdip_status mg_imp_undesa_put_total(mg_importer_job *r, mg_imp_undesa_writer *w, const char *iso3, int year, char sex,
                               double value, int flag)
{
    char s[2] = {sex, 0};
    sqlite3_bind_int64(w->ins, 1, r->vintage_id);
    sqlite3_bind_text(w->ins, 2, iso3, -1, SQLITE_STATIC);
    sqlite3_bind_int(w->ins, 3, year);
    sqlite3_bind_text(w->ins, 4, s, 1, SQLITE_STATIC);
    mg_store_bind_value(w->ins, 5, value, flag);
    sqlite3_bind_int(w->ins, 6, flag);
    migdip_status rc = mg_store_step_done(r->db, w->ins, r->err);
    if (rc)
        return rc;
    r->rows++;
    return MIGDIP_OK;
}

/* Parse a stock cell: number >= 0. Returns PARSE/RANGE with the standard message. */
static migdip_status csv_stock_value(mg_importer_job *r, const mg_csv_reader *cr, size_t i, const char *col,
                                     double *value, int *flag)
{
    size_t len;
    const char *s = mg_csv_field(cr, i, &len);
    /* "NA" as well: the tidy 2020 file is an R export, and R writes a missing value so */
    if (mg_text_is_missing_marker(s, len) || (len == 2 && memcmp(s, "NA", 2) == 0)) {
        *value = 0;
        *flag = MIGDIP_FLAG_MISSING;
        return MIGDIP_OK;
    }
    if (!mg_text_parse_double(s, len, false, value))
        return mg_csv_bad_value(cr, i, col, "a number of persons", r->err);
    if (*value < 0) {
        mg_csv_bad_value(cr, i, col, "a number of persons >= 0", r->err);
        r->err->status = MIGDIP_ERR_RANGE;
        return MIGDIP_ERR_RANGE;
    }
    *value = mg_imp_undesa_count(*value);
    *flag = MIGDIP_FLAG_OBSERVED;
    return MIGDIP_OK;
}

static migdip_status csv_year(mg_importer_job *r, const mg_csv_reader *cr, size_t i, const char *col, int *year)
{
    size_t len;
    const char *s = mg_csv_field(cr, i, &len);
    long y;
    if (!mg_text_parse_long(s, len, &y))
        return mg_csv_bad_value(cr, i, col, "a year", r->err);
    if (y < UNDESA_YEAR_MIN || y > UNDESA_YEAR_MAX) {
        mg_csv_bad_value(cr, i, col, "a year between 1900 and 2100", r->err);
        r->err->status = MIGDIP_ERR_RANGE;
        return MIGDIP_ERR_RANGE;
    }
    *year = (int)y;
    return MIGDIP_OK;
}

/* ================================================================== 1. tidy long CSV (2020) */

static const char *const LONG_COLS[] = {"dest_iso3", "orig_iso3", "year", "sex", "stock"};
enum { L_DEST, L_ORIG, L_YEAR, L_SEX, L_STOCK, L_NCOLS };

/* The header names dest_iso3 and orig_iso3 and at least one of year/sex/stock; run() then
 * names any other column that is missing. */
static bool long_sniff(const char *path, const char *name, const unsigned char *head, size_t n)
{
    (void)path, (void)name;
    static const char *const KEYS[] = {"dest_iso3", "orig_iso3", NULL};
    static const char *const REST[] = {"year", "sex", "stock", NULL};
    return mg_importer_head_columns(head, n, KEYS) == 2 && mg_importer_head_columns(head, n, REST) >= 1;
}

/* ISO3 of a code of the tidy file, or NULL: aggregates are skipped quietly, anything else
 * that cannot be mapped is reported. */
static migdip_status long_map(mg_importer_job *r, const mg_csv_reader *cr, size_t col, int which, int year,
                              const char **iso3)
{
    const char *code = mg_csv_field(cr, col, NULL);
    *iso3 = mg_country_by_code(r->cm, "iso3", code, year);
    if (!*iso3)
        *iso3 = mg_country_by_code(r->cm, "iso3", code, 0);
    if (*iso3 || mg_country_aggregate(r->cm, code))
        return MIGDIP_OK;
    return mg_importer_unmapped(r, mg_csv_line(cr), LONG_COLS[which], code);
}

static migdip_status long_run(mg_importer_job *r)
{
    mg_csv_reader *cr = NULL;
    mg_imp_undesa_writer w = {0};
    utable t = {0};
    long col[L_NCOLS];
    migdip_status rc;
    set_meta(r, edition_of("2020"),
             "UN DESA Population Division, International Migrant Stock 2020: destination and origin "
             "by sex (tidy CSV of the gdiviz package)");
    if ((rc = mg_importer_open_csv(r, &cr)))
        goto cleanup;
    static const char EXPECTED[] = "the header dest_iso3,orig_iso3,year,sex,stock";
    size_t header_n = 0;
    if ((rc = mg_importer_read_header(r, cr, EXPECTED, &header_n)) ||
        (rc = mg_importer_find_columns(r, cr, LONG_COLS, L_NCOLS, col, EXPECTED, NULL)))
        goto cleanup;
    if ((rc = mg_imp_undesa_writer_open(r, "stock", &w)))
        goto cleanup;

    for (;;) {
        bool end;
        if ((rc = mg_importer_next_record(r, cr, header_n, &end)))
            goto cleanup;
        if (end)
            break;
        long line = mg_csv_line(cr);
        int year = 0;
        if ((rc = csv_year(r, cr, (size_t)col[L_YEAR], "year", &year)))
            goto cleanup;
        size_t slen;
        const char *s = mg_csv_field(cr, (size_t)col[L_SEX], &slen);
        s = mg_text_trim(s, &slen);
        char sex;
        if ((slen == 4 && strncasecmp(s, "male", 4) == 0) || (slen == 1 && (*s == 'M' || *s == 'm')))
            sex = 'M';
        else if ((slen == 6 && strncasecmp(s, "female", 6) == 0) || (slen == 1 && (*s == 'F' || *s == 'f')))
            sex = 'F';
        else {
            rc = mg_csv_bad_value(cr, (size_t)col[L_SEX], "sex", "Male or Female", r->err);
            goto cleanup;
        }
        double value;
        int flag;
        if ((rc = csv_stock_value(r, cr, (size_t)col[L_STOCK], "stock", &value, &flag)))
            goto cleanup;
        const char *dest, *orig;
        if ((rc = long_map(r, cr, (size_t)col[L_DEST], L_DEST, year, &dest)))
            goto cleanup;
        if ((rc = long_map(r, cr, (size_t)col[L_ORIG], L_ORIG, year, &orig)))
            goto cleanup;
        if (!dest || !orig)
            continue;
        ukey k = ukey_make(dest, orig, year);
        uentry *e;
        if (utable_get(&t, &k, &e)) {
            rc = nomem(r);
            goto cleanup;
        }
        int si = sex_index(sex);
        if (e->line[si]) {
            rc = mg_err_set(r->err, MIGDIP_ERR_DUPLICATE,
                            "%s:%ld: duplicate row for dest_iso3 %s, orig_iso3 %s, year %d, sex %s "
                            "(first on line %ld)",
                            r->name, line, dest, orig, year, sex_word(sex), e->line[si]);
            goto cleanup;
        }
        e->line[si] = line;
        e->value[si] = value;
        e->flag[si] = flag;
        if ((rc = mg_imp_undesa_put_stock(r, &w, orig, dest, year, sex, value, flag)))
            goto cleanup;
    }

    /* Totals: M + F, derived. The publisher dropped zero cells, so one sex alone is the
     * total; a sex present but missing makes the total missing. */
    for (size_t i = 0; i < t.n; i++) {
        const uentry *e = &t.v[i];
        double total = 0;
        int flag = MIGDIP_FLAG_DERIVED;
        for (int si = 1; si <= 2; si++) {
            if (!e->line[si])
                continue;
            if (e->flag[si] == MIGDIP_FLAG_MISSING)
                flag = MIGDIP_FLAG_MISSING;
            else
                total += e->value[si];
        }
        if ((rc = mg_imp_undesa_put_stock(r, &w, e->key.orig, e->key.dest, e->key.year, 'T', total, flag)))
            goto cleanup;
    }

cleanup:
    mg_imp_undesa_writer_close(&w);
    utable_free(&t);
    mg_csv_close(cr);
    return rc;
}

const mg_importer mg_imp_undesa_long = {"undesa-ims-long", MG_IMPORTER_STAGE_DATA, long_sniff, long_run};

/* ================================================================== 2. wide Table 1 CSVs (2019) */

static const char *const WIDE_FIXED[] = {"Year", "Destination", "Total", "Other South", "Other North"};
#define WIDE_NFIXED 5

/* The header starts Year,Destination, and names Other South (the 2019 Table 1 layout), or
 * the file has the publisher's/converter's name. */
static bool wide_sniff(const char *path, const char *name, const unsigned char *head, size_t n)
{
    (void)path;
    char f[2][64];
    static const char *const OTHER_SOUTH[] = {"Other South", NULL};
    if (mg_importer_head_fields(head, n, f, 2) < 2 || strcasecmp(f[0], "Year") != 0 || strcasecmp(f[1], "Destination") != 0)
        return false;
    return mg_importer_head_columns(head, n, OTHER_SOUTH) == 1 || mg_importer_name_has(name, "migrants_by_origin_and_destination");
}

/* The three files have identical headers, so the sex comes from the file name: the last
 * "female", "male" or "total" in its base name decides (female is tested first). */
static char wide_sex(const char *name)
{
    const char *base = strrchr(name, '/');
    base = base ? base + 1 : name;
    char sex = 0;
    for (const char *p = base; *p; p++) {
        if (strncasecmp(p, "female", 6) == 0)
            sex = 'F', p += 5;
        else if (strncasecmp(p, "male", 4) == 0)
            sex = 'M', p += 3;
        else if (strncasecmp(p, "total", 5) == 0)
            sex = 'T', p += 4;
    }
    return sex;
}

static migdip_status wide_run(mg_importer_job *r)
{
    mg_csv_reader *cr = NULL;
    mg_imp_undesa_writer w = {0};
    utable seen = {0};      /* (dest, year) -> line; and origin columns -> header column */
    const char **orig = NULL; /* ISO3 per column, NULL = skip (borrowed from the map) */
    char **hdr = NULL;        /* header names, for messages */
    size_t ncol = 0;
    migdip_status rc;
    set_meta(r, edition_of("2019"),
             "UN DESA Population Division, International Migrant Stock 2019: Table 1, stock by "
             "destination and origin (CSV of UN_MigrantStockByOriginAndDestination_2019.xlsx)");
    char sex = wide_sex(r->name);
    if ((rc = mg_importer_open_csv(r, &cr)))
        goto cleanup;
    if ((rc = mg_csv_next(cr, r->err)))
        goto cleanup;
    ncol = mg_csv_nfields(cr);
    if (ncol == 0) {
        rc = mg_err_set(r->err, MIGDIP_ERR_SCHEMA,
                        "%s: empty file (expected the header Year,Destination,Total,Other South,Other North,<origins>)",
                        r->name);
        goto cleanup;
    }
    for (size_t i = 0; i < WIDE_NFIXED; i++) {
        size_t len;
        const char *h = mg_csv_field(cr, i, &len);
        h = mg_text_trim(h, &len);
        if (i >= ncol || len != strlen(WIDE_FIXED[i]) || strncasecmp(h, WIDE_FIXED[i], len) != 0) {
            char q[64];
            rc = mg_err_set(r->err, MIGDIP_ERR_SCHEMA, "%s:%ld: column %zu: expected \"%s\", got %s",
                            r->name, mg_csv_line(cr), i + 1, WIDE_FIXED[i],
                            i < ncol ? mg_err_quote(q, sizeof q, h, len) : "nothing");
            goto cleanup;
        }
    }
    if (!sex) {
        rc = mg_err_set(r->err, MIGDIP_ERR_SCHEMA,
                        "%s: cannot tell the sex of a 2019 Table 1 CSV (all three share one header): "
                        "expected the file name to say total, male or female "
                        "(e.g. migrants_by_origin_and_destination_female.csv)", r->name);
        goto cleanup;
    }
    if (!(orig = calloc(ncol, sizeof *orig)) || !(hdr = calloc(ncol, sizeof *hdr))) {
        rc = nomem(r);
        goto cleanup;
    }
    for (size_t i = 0; i < ncol; i++) {
        size_t len;
        const char *h = mg_csv_field(cr, i, &len);
        h = mg_text_trim(h, &len);
        if (!(hdr[i] = mg_text_ndup(h, len))) {
            rc = nomem(r);
            goto cleanup;
        }
    }
    for (size_t i = WIDE_NFIXED; i < ncol; i++) {
        const char *name = hdr[i];
        char key[256]; /* the name's key made once for both lookups */
        mg_text_name_key(name, key, sizeof key);
        const char *iso3 = mg_country_by_key(r->cm, key);
        if (!iso3) {
            if (!mg_country_aggregate_by_key(r->cm, key) && (rc = mg_importer_unmapped(r, mg_csv_line(cr), name, name)))
                goto cleanup;
            continue;
        }
        ukey k = ukey_make("", iso3, 0);
        uentry *e;
        if (utable_get(&seen, &k, &e)) {
            rc = nomem(r);
            goto cleanup;
        }
        if (e->line[0]) {
            rc = mg_err_set(r->err, MIGDIP_ERR_DUPLICATE,
                            "%s:%ld: origin column %zu \"%s\" is the same country (%s) as column %ld \"%s\"",
                            r->name, mg_csv_line(cr), i + 1, name, iso3, e->line[0],
                            hdr[e->line[0] - 1]);
            goto cleanup;
        }
        e->line[0] = (long)i + 1;
        orig[i] = iso3;
    }
    if ((rc = mg_imp_undesa_writer_open(r, "stock", &w)))
        goto cleanup;

    for (;;) {
        bool end;
        if ((rc = mg_importer_next_record(r, cr, ncol, &end)))
            goto cleanup;
        if (end)
            break;
        long line = mg_csv_line(cr);
        int year = 0;
        if ((rc = csv_year(r, cr, 0, "Year", &year)))
            goto cleanup;
        double v;
        int flag;
        for (size_t i = 2; i < WIDE_NFIXED; i++)
            if ((rc = csv_stock_value(r, cr, i, WIDE_FIXED[i], &v, &flag)))
                goto cleanup;
        const char *dname = mg_csv_field(cr, 1, NULL);
        size_t tlen;
        const char *total = mg_csv_field(cr, 2, &tlen);
        total = mg_text_trim(total, &tlen);
        char dkey[256];
        mg_text_name_key(dname, dkey, sizeof dkey);
        if (mg_country_aggregate_by_key(r->cm, dkey))
            continue;
        const char *dest = mg_country_by_key(r->cm, dkey);
        if (!dest) {
            /* heading rows ("UN development groups", ...) carry ".." in Total; a country
             * row can too (South Sudan 1990), so this is asked only of unknown names */
            if (!(tlen == 2 && memcmp(total, "..", 2) == 0) &&
                (rc = mg_importer_unmapped(r, line, "Destination", dname)))
                goto cleanup;
            continue;
        }
        ukey k = ukey_make(dest, "", year);
        uentry *e;
        if (utable_get(&seen, &k, &e)) {
            rc = nomem(r);
            goto cleanup;
        }
        if (e->line[0]) {
            rc = mg_err_set(r->err, MIGDIP_ERR_DUPLICATE,
                            "%s:%ld: duplicate row for Year %d, Destination \"%s\" (%s; first on line %ld)",
                            r->name, line, year, dname, dest, e->line[0]);
            goto cleanup;
        }
        e->line[0] = line;
        for (size_t i = WIDE_NFIXED; i < ncol; i++) {
            size_t len;
            const char *cell = mg_csv_field(cr, i, &len);
            cell = mg_text_trim(cell, &len);
            if (len == 0) /* empty = no migrants: the publisher's blank, nothing stored */
                continue;
            if ((rc = csv_stock_value(r, cr, i, hdr[i], &v, &flag)))
                goto cleanup;
            if (!orig[i])
                continue;
            if ((rc = mg_imp_undesa_put_stock(r, &w, orig[i], dest, year, sex, v, flag)))
                goto cleanup;
        }
    }

cleanup:
    mg_imp_undesa_writer_close(&w);
    utable_free(&seen);
    for (size_t i = 0; hdr && i < ncol; i++)
        free(hdr[i]);
    free(hdr);
    free(orig);
    mg_csv_close(cr);
    return rc;
}

const mg_importer mg_imp_undesa_wide = {"undesa-ims-wide", MG_IMPORTER_STAGE_DATA, wide_sniff, wide_run};

/* ================================================================== 3./4. publisher xlsx
 * Both workbook layouts are read by one table walker: it finds the header row within the
 * first UNDESA_HEAD_ROWS rows of sheet "Table 1" by its text, the year columns (numbers in
 * the header row or the row under it, repeated once per sex block), the sex of each block
 * (labels "both sexes"/"male"/"female" above the years, else the order T, M, F) and the
 * edition (title "International Migrant Stock YYYY" or "Rev.YYYY", else the last year). */

#define UNDESA_HEAD_ROWS 30
#define UNDESA_SHEET "Table 1"
#define UNDESA_MAX_LABELS 16

/* XK_ORIG: the layout of XK_DEST, titled "... by region, country or area of origin" (the 2024
 * origin workbook): totals by origin, stored in emigrant_total. */
enum { XK_NONE = 0, XK_DEST = 1, XK_BILAT = 2, XK_ORIG = 3 };

typedef struct xyear {
    uint32_t col;
    int year;
    char sex;
} xyear;

typedef struct xtab {
    mg_importer_job *r;              /* NULL while sniffing */
    int kind;                /* XK_DEST or XK_BILAT once the header is found */
    bool sniff_only;
    bool done_header;        /* header and years found: data rows follow */
    uint32_t hdr_row;
    uint32_t col_name, col_code, col_oname, col_ocode; /* 0 = absent */
    xyear years[3 * UNDESA_MAX_YEARS];
    size_t n_years;
    struct { uint32_t col; char sex; } labels[UNDESA_MAX_LABELS];
    size_t n_labels;
    int edition_year;        /* from a title cell; 0 if none */
    bool by_origin;          /* a title says the table is by origin (XK_ORIG) */
    const undesa_edition *ed;
    mg_imp_undesa_writer w;
    utable seen;
    migdip_status rc;
    mg_err *err;             /* r->err, or a scratch record while sniffing */
} xtab;

/* Trimmed text of a cell (strings only), or NULL. */
static const char *xcell_text(const xlsx_cell *c, size_t *len)
{
    if (c->type != XLSX_STRING || !c->str)
        return NULL;
    *len = c->len;
    return mg_text_trim(c->str, len);
}

static bool text_starts(const char *s, size_t len, const char *prefix)
{
    size_t k = strlen(prefix);
    return len >= k && strncasecmp(s, prefix, k) == 0;
}

static bool text_is(const char *s, size_t len, const char *word)
{
    return len == strlen(word) && strncasecmp(s, word, len) == 0;
}

static bool text_contains(const char *s, size_t len, const char *needle)
{
    size_t k = strlen(needle);
    for (size_t i = 0; i + k <= len; i++)
        if (strncasecmp(s + i, needle, k) == 0)
            return true;
    return false;
}

/* A year written as a number or as text ("1990"), or 0. */
static int xcell_year(const xlsx_cell *c)
{
    double v;
    size_t len;
    const char *s;
    if (c->type == XLSX_NUMBER)
        v = c->num;
    else if ((s = xcell_text(c, &len)) == NULL || !mg_text_parse_double(s, len, false, &v))
        return 0;
    if (v != floor(v) || v < 1950 || v > UNDESA_YEAR_MAX)
        return 0;
    return (int)v;
}

/* Title cells: "International Migrant Stock 2020: ...", "POP/DB/MIG/Stock/Rev.2019". */
static void xscan_title(xtab *x, const char *s, size_t len)
{
    /* "International Migrant Stock 2024: Origin", "... by region, country or area of origin, 1990-2024";
     * the bilateral workbook's "... of destination and origin" does not match, and its kind
     * comes from its two code columns anyway */
    if (text_contains(s, len, "country or area of origin,") ||
        (text_starts(s, len, "International Migrant Stock ") && len >= 36 && text_is(s + len - 7, 7, ": Origin")))
        x->by_origin = true;
    static const char *const keys[] = {"International Migrant Stock ", "Rev."};
    for (size_t k = 0; k < 2 && !x->edition_year; k++) {
        size_t kl = strlen(keys[k]);
        for (size_t i = 0; i + kl + 4 <= len; i++) {
            if (strncasecmp(s + i, keys[k], kl) != 0)
                continue;
            const char *d = s + i + kl;
            if (d[0] >= '1' && d[0] <= '2' && d[1] >= '0' && d[1] <= '9' && d[2] >= '0' &&
                d[2] <= '9' && d[3] >= '0' && d[3] <= '9' && (i + kl + 4 == len || d[4] < '0' || d[4] > '9')) {
                x->edition_year = (d[0] - '0') * 1000 + (d[1] - '0') * 100 + (d[2] - '0') * 10 + (d[3] - '0');
                break;
            }
        }
    }
}

/* Header signature: returns XK_* if this row is a header row; fills the column numbers. */
static int xscan_header(xtab *x, const xlsx_cell *cells, size_t n)
{
    uint32_t name = 0, code = 0, oname = 0, ocode = 0;
    for (size_t i = 0; i < n; i++) {
        size_t len;
        const char *s = xcell_text(&cells[i], &len);
        if (!s)
            continue;
        if (text_starts(s, len, "Location code of destination"))
            code = cells[i].col;
        else if (text_starts(s, len, "Location code of origin"))
            ocode = cells[i].col;
        else if (text_starts(s, len, "Location code") || text_is(s, len, "Code") || text_starts(s, len, "Code ("))
            code = code ? code : cells[i].col;
        else if ((text_starts(s, len, "Region, development group, country or area") ||
                  text_starts(s, len, "Major area, region, country or area")) &&
                 text_contains(s, len, "of origin"))
            oname = cells[i].col;
        else if (text_starts(s, len, "Region, development group, country or area") ||
                 text_starts(s, len, "Major area, region, country or area"))
            name = cells[i].col;
    }
    if (!name || !code || (oname && !ocode) || (ocode && !oname))
        return XK_NONE; /* half a bilateral header is neither layout */
    x->col_name = name;
    x->col_code = code;
    x->col_oname = oname;
    x->col_ocode = ocode;
    return ocode ? XK_BILAT : x->by_origin ? XK_ORIG : XK_DEST;
}

/* Years after the code columns: every number there must be a year, and there must be one. */
static bool xscan_years(xtab *x, const xlsx_cell *cells, size_t n)
{
    uint32_t after = x->col_code > x->col_ocode ? x->col_code : x->col_ocode;
    size_t k = 0;
    for (size_t i = 0; i < n; i++) {
        if (cells[i].col <= after || cells[i].type == XLSX_EMPTY)
            continue;
        int y = xcell_year(&cells[i]);
        if (!y) {
            if (cells[i].type == XLSX_NUMBER)
                return false;
            continue; /* a label such as "International migrant stock (both sexes)" */
        }
        if (k == sizeof x->years / sizeof *x->years)
            return false;
        x->years[k++] = (xyear){cells[i].col, y, 0};
    }
    x->n_years = k;
    return k > 0;
}

static void xscan_labels(xtab *x, const xlsx_cell *cells, size_t n)
{
    for (size_t i = 0; i < n && x->n_labels < UNDESA_MAX_LABELS; i++) {
        size_t len;
        const char *s = xcell_text(&cells[i], &len);
        if (!s || len > 120)
            continue;
        char sex = text_contains(s, len, "female")     ? 'F'
                   : text_contains(s, len, "male")     ? 'M'
                   : text_contains(s, len, "both sex") ? 'T'
                                                       : 0;
        if (sex) {
            x->labels[x->n_labels].col = cells[i].col;
            x->labels[x->n_labels++].sex = sex;
        }
    }
}

static migdip_status xerr(xtab *x, migdip_status st, const char *fmt, ...) __attribute__((format(printf, 3, 4)));
static migdip_status xerr(xtab *x, migdip_status st, const char *fmt, ...)
{
    char msg[MG_ERRMSG_MAX];
    va_list ap;
    va_start(ap, fmt);
    vsnprintf(msg, sizeof msg, fmt, ap);
    va_end(ap);
    x->rc = mg_err_set(x->err, st, "%s: sheet \"%s\" %s", x->r ? x->r->name : "xlsx", UNDESA_SHEET, msg);
    return x->rc;
}

/* Split the year columns into sex blocks (a block ends where the years stop increasing) and
 * give each block its sex: the nearest label at or left of its first column, else T, M, F. */
static migdip_status xassign_sexes(xtab *x, uint32_t row)
{
    size_t block_start[3 * UNDESA_MAX_YEARS], nb = 0;
    for (size_t i = 0; i < x->n_years; i++)
        if (i == 0 || x->years[i].year <= x->years[i - 1].year)
            block_start[nb++] = i;
    if (nb > 3)
        return xerr(x, MIGDIP_ERR_SCHEMA,
                    "row %u: expected at most three blocks of years (both sexes, males, females), found %zu",
                    row, nb);
    static const char order[3] = {'T', 'M', 'F'};
    bool used[3] = {false, false, false};
    for (size_t b = 0; b < nb; b++) {
        size_t end = b + 1 < nb ? block_start[b + 1] : x->n_years;
        uint32_t c0 = x->years[block_start[b]].col;
        uint32_t best = 0;
        char sex = 0;
        for (size_t l = 0; l < x->n_labels; l++)
            if (x->labels[l].col <= c0 && x->labels[l].col >= best &&
                x->labels[l].col >= x->years[0].col)
                best = x->labels[l].col, sex = x->labels[l].sex;
        if (!sex) {
            if (nb == 2)
                return xerr(x, MIGDIP_ERR_SCHEMA,
                            "row %u: two blocks of years and no \"Both sexes\"/\"Males\"/\"Females\" "
                            "label above them: cannot tell which sex each holds", row);
            sex = order[b];
        }
        if (used[sex_index(sex)])
            return xerr(x, MIGDIP_ERR_SCHEMA, "row %u: two blocks of years for %s", row, sex_word(sex));
        used[sex_index(sex)] = true;
        for (size_t i = block_start[b]; i < end; i++)
            x->years[i].sex = sex;
    }
    return MIGDIP_OK;
}

/* The numeric code of a cell (number or digits), or -1. */
static long xcell_code(const xlsx_cell *c)
{
    if (!c)
        return -1;
    double v;
    size_t len;
    const char *s;
    if (c->type == XLSX_NUMBER)
        v = c->num;
    else if ((s = xcell_text(c, &len)) == NULL || !mg_text_parse_double(s, len, false, &v))
        return -1;
    if (v != floor(v) || v < 0 || v > 1e9)
        return -1;
    return (long)v;
}

static void xcell_name(const xlsx_cell *c, char *buf, size_t cap)
{
    size_t len = 0;
    const char *s = c ? xcell_text(c, &len) : NULL;
    if (s && len && s[len - 1] == '*') /* the publisher marks entries that have notes */
        len--;
    while (s && len && s[len - 1] == ' ')
        len--;
    snprintf(buf, cap, "%.*s", s ? (int)len : 0, s ? s : "");
}

migdip_status mg_imp_undesa_m49(mg_importer_job *r, long line, const char *cell, long code, const char *name,
                                const char **iso3, bool *agg)
{
    char codes[24];
    *iso3 = NULL;
    *agg = false;
    if (code == 2003) { /* "Others": other or unknown origin, as the 2020 tidy file's XXX */
        *iso3 = mg_country_by_code(r->cm, "iso3", "XXX", 0);
        if (*iso3)
            return MIGDIP_OK;
    }
    if (code >= 0) {
        snprintf(codes, sizeof codes, "%ld", code);
        if (!(*iso3 = mg_country_by_code(r->cm, "m49", codes, 0))) {
            snprintf(codes, sizeof codes, "%03ld", code);
            *iso3 = mg_country_by_code(r->cm, "m49", codes, 0);
        }
        if (*iso3)
            return MIGDIP_OK;
    }
    if (code < 0 || (code >= 900 && code != 2003) || (*name && mg_country_aggregate(r->cm, name))) {
        *agg = true;
        return MIGDIP_OK;
    }
    char what[200];
    snprintf(what, sizeof what, "%s (M49 %ld)", *name ? name : "?", code);
    return mg_importer_unmapped(r, line, cell, what);
}

/* ISO3 of a row's location (borrowed), or NULL; *agg is set for aggregates
 * (mg_imp_undesa_m49). */
static migdip_status xmap(xtab *x, uint32_t row, const xlsx_cell *cells, size_t n, uint32_t col_code,
                          uint32_t col_name, const char **iso3, bool *agg)
{
    char name[160], ref[16];
    long code = xcell_code(mg_xlsx_cell_at(cells, n, col_code));
    xcell_name(mg_xlsx_cell_at(cells, n, col_name), name, sizeof name);
    return x->rc = mg_imp_undesa_m49(x->r, (long)row, mg_xlsx_cellref(ref, row, col_code), code, name, iso3, agg);
}

/* A value cell: number >= 0 observed; absent, blank, "..", "-" missing; else an error. */
static migdip_status xvalue(xtab *x, uint32_t row, const xyear *y, const xlsx_cell *c, double *v, int *flag)
{
    char ref[16], q[64];
    *v = 0;
    *flag = MIGDIP_FLAG_MISSING;
    if (!c || c->type == XLSX_EMPTY)
        return MIGDIP_OK;
    if (c->type == XLSX_NUMBER) {
        if (c->num < 0 || !isfinite(c->num))
            return xerr(x, MIGDIP_ERR_RANGE, "cell %s: column %d (%s): expected a number of persons >= 0, got %g",
                        mg_xlsx_cellref(ref, row, y->col), y->year, sex_word(y->sex), c->num);
        *v = mg_imp_undesa_count(c->num);
        *flag = MIGDIP_FLAG_OBSERVED;
        return MIGDIP_OK;
    }
    size_t len = 0;
    const char *s = c->str ? c->str : "";
    len = c->str ? c->len : 0;
    if (c->type == XLSX_STRING && mg_text_is_missing_marker(s, len))
        return MIGDIP_OK;
    if (c->type == XLSX_STRING && mg_text_parse_double(s, len, true, v)) {
        if (*v < 0)
            return xerr(x, MIGDIP_ERR_RANGE, "cell %s: column %d (%s): expected a number of persons >= 0, got %s",
                        mg_xlsx_cellref(ref, row, y->col), y->year, sex_word(y->sex), mg_err_quote(q, sizeof q, s, len));
        *v = mg_imp_undesa_count(*v);
        *flag = MIGDIP_FLAG_OBSERVED;
        return MIGDIP_OK;
    }
    return xerr(x, MIGDIP_ERR_PARSE, "cell %s: column %d (%s): expected a number of persons, got %s",
                mg_xlsx_cellref(ref, row, y->col), y->year, sex_word(y->sex),
                c->type == XLSX_BOOL ? "a boolean" : mg_err_quote(q, sizeof q, s, len));
}

static int xdata_row(xtab *x, uint32_t row, const xlsx_cell *cells, size_t n)
{
    const char *dest, *orig = NULL;
    bool agg;
    if (xmap(x, row, cells, n, x->col_code, x->col_name, &dest, &agg))
        return 1;
    if (!dest)
        return 0;
    if (x->kind == XK_BILAT) {
        if (xmap(x, row, cells, n, x->col_ocode, x->col_oname, &orig, &agg))
            return 1;
        if (!orig)
            return 0;
    }
    ukey k = ukey_make(dest, orig, 0);
    uentry *e;
    if (utable_get(&x->seen, &k, &e)) {
        x->rc = nomem(x->r);
        return 1;
    }
    if (e->line[0]) {
        if (orig)
            xerr(x, MIGDIP_ERR_DUPLICATE, "row %u: destination %s and origin %s again (first on row %ld)",
                 row, dest, orig, e->line[0]);
        else
            xerr(x, MIGDIP_ERR_DUPLICATE, "row %u: %s %s again (first on row %ld)", row,
                 x->kind == XK_ORIG ? "origin" : "destination", dest, e->line[0]);
        return 1;
    }
    e->line[0] = (long)row;
    for (size_t i = 0; i < x->n_years; i++) {
        const xyear *y = &x->years[i];
        double v;
        int flag;
        if (xvalue(x, row, y, mg_xlsx_cell_at(cells, n, y->col), &v, &flag))
            return 1;
        x->rc = orig ? mg_imp_undesa_put_stock(x->r, &x->w, orig, dest, y->year, y->sex, v, flag)
                     : mg_imp_undesa_put_total(x->r, &x->w, dest, y->year, y->sex, v, flag);
        if (x->rc)
            return 1;
    }
    return 0;
}

static int xrow(void *ud, uint32_t row, const xlsx_cell *cells, size_t ncells)
{
    xtab *x = ud;
    if (x->done_header)
        return x->sniff_only ? 1 : xdata_row(x, row, cells, ncells);
    if (!x->hdr_row) {
        for (size_t i = 0; i < ncells; i++) {
            size_t len;
            const char *s = xcell_text(&cells[i], &len);
            if (s)
                xscan_title(x, s, len);
        }
        xscan_labels(x, cells, ncells);
        if ((x->kind = xscan_header(x, cells, ncells)) != XK_NONE) {
            x->hdr_row = row;
            if (!xscan_years(x, cells, ncells))
                return 0; /* years on the next row (the 2019 two-row header) */
        } else {
            return row >= UNDESA_HEAD_ROWS; /* give up after the title area */
        }
    } else {
        xscan_labels(x, cells, ncells);
        if (row != x->hdr_row + 1 || !xscan_years(x, cells, ncells)) {
            x->kind = XK_NONE; /* a header without years: not a table we read */
            return 1;
        }
    }
    x->done_header = true;
    if (x->sniff_only)
        return 1;
    return xassign_sexes(x, row) ? 1 : 0;
}

/* Kind of workbook a sniffer was shown (XK_*), from the text of its "Table 1". */
static int xlsx_kind(const char *path, const unsigned char *head, size_t n)
{
    mg_err scratch = {0};
    xlsx_book *b = mg_importer_sniff_xlsx(path, head, n);
    xtab *x = b ? calloc(1, sizeof *x) : NULL;
    int kind = XK_NONE;
    if (!x)
        goto cleanup;
    long sheet = mg_xlsx_find_sheet(b, UNDESA_SHEET);
    if (sheet < 0)
        goto cleanup;
    x->sniff_only = true;
    x->err = &scratch;
    if (mg_xlsx_read_sheet(b, (size_t)sheet, xrow, x, &scratch) == MIGDIP_OK && x->done_header)
        kind = x->kind;
cleanup:
    mg_importer_sniff_release(b);
    free(x);
    return kind;
}

static bool dest_sniff(const char *path, const char *name, const unsigned char *head, size_t n)
{
    (void)name;
    return xlsx_kind(path, head, n) == XK_DEST;
}

static bool orig_sniff(const char *path, const char *name, const unsigned char *head, size_t n)
{
    (void)name;
    return xlsx_kind(path, head, n) == XK_ORIG;
}

static bool bilat_sniff(const char *path, const char *name, const unsigned char *head, size_t n)
{
    (void)name;
    return xlsx_kind(path, head, n) == XK_BILAT;
}

static migdip_status xlsx_table_run(mg_importer_job *r, int want)
{
    xlsx_book *b = NULL;
    xtab *x = calloc(1, sizeof *x);
    migdip_status rc = MIGDIP_OK;
    if (!x)
        return nomem(r);
    x->r = r;
    x->err = r->err;
    if ((rc = mg_importer_open_xlsx(r, &b)))
        goto cleanup;
    long sheet = mg_xlsx_find_sheet(b, UNDESA_SHEET);
    if (sheet < 0) {
        rc = mg_err_set(r->err, MIGDIP_ERR_SCHEMA, "%s: no sheet \"%s\" (a UN DESA International Migrant Stock workbook was expected)",
                        r->name, UNDESA_SHEET);
        goto cleanup;
    }
    if ((rc = mg_imp_undesa_writer_open(r, want == XK_BILAT ? "stock" : want == XK_ORIG ? "emigrant_total" : "stock_total", &x->w)))
        goto cleanup;
    /* edition first: the title rows precede the data, so read the header area once */
    x->sniff_only = true;
    if ((rc = mg_xlsx_read_sheet(b, (size_t)sheet, xrow, x, r->err))) {
        mg_importer_xlsx_message(r);
        goto cleanup;
    }
    if (!x->done_header || x->kind != want) {
        rc = mg_err_set(r->err, MIGDIP_ERR_SCHEMA,
                        "%s: sheet \"%s\": no header row with %s and year columns in the first %d rows",
                        r->name, UNDESA_SHEET,
                        want == XK_BILAT ? "\"Location code of destination\" and \"Location code of origin\""
                                         : "\"Location code\" and \"Region, development group, country or area\"",
                        UNDESA_HEAD_ROWS);
        goto cleanup;
    }
    int last = 0;
    for (size_t i = 0; i < x->n_years; i++)
        last = x->years[i].year > last ? x->years[i].year : last;
    int ey = x->edition_year ? x->edition_year : last;
    char eys[16];
    snprintf(eys, sizeof eys, "%d", ey);
    if (!(x->ed = edition_of(eys))) {
        rc = mg_err_set(r->err, MIGDIP_ERR_SCHEMA,
                        "%s: International Migrant Stock edition %d is not one this importer knows "
                        "(2019, 2020, 2024): its release date is needed to order editions",
                        r->name, ey);
        goto cleanup;
    }
    set_meta(r, x->ed, want == XK_ORIG
        ? (ey == 2024 ? "UN DESA Population Division, International Migrant Stock 2024: origin (xlsx)"
           : ey == 2020 ? "UN DESA Population Division, International Migrant Stock 2020: origin (xlsx)"
                        : "UN DESA Population Division, International Migrant Stock 2019: total by origin (xlsx)")
        : want == XK_BILAT
        ? (ey == 2024 ? "UN DESA Population Division, International Migrant Stock 2024: destination and origin (xlsx)"
           : ey == 2020 ? "UN DESA Population Division, International Migrant Stock 2020: destination and origin (xlsx)"
                        : "UN DESA Population Division, International Migrant Stock 2019: destination and origin (xlsx)")
        : (ey == 2024 ? "UN DESA Population Division, International Migrant Stock 2024: destination (xlsx)"
           : ey == 2020 ? "UN DESA Population Division, International Migrant Stock 2020: destination (xlsx)"
                        : "UN DESA Population Division, International Migrant Stock 2019: total by destination (xlsx)"));
    /* second pass: header again (cheap), then the data */
    uint32_t hdr = x->hdr_row;
    x->sniff_only = false;
    x->done_header = false;
    x->hdr_row = 0;
    x->n_labels = 0;
    if ((rc = mg_xlsx_read_sheet(b, (size_t)sheet, xrow, x, r->err))) {
        mg_importer_xlsx_message(r);
        goto cleanup;
    }
    if ((rc = x->rc))
        goto cleanup;
    if (x->hdr_row != hdr)
        rc = mg_err_set(r->err, MIGDIP_ERR_PARSE, "%s: sheet \"%s\" changed between two reads", r->name, UNDESA_SHEET);

cleanup:
    mg_imp_undesa_writer_close(&x->w);
    utable_free(&x->seen);
    free(x);
    mg_xlsx_close(b);
    return rc;
}

static migdip_status dest_run(mg_importer_job *r) { return xlsx_table_run(r, XK_DEST); }
static migdip_status bilat_run(mg_importer_job *r) { return xlsx_table_run(r, XK_BILAT); }
static migdip_status orig_run(mg_importer_job *r) { return xlsx_table_run(r, XK_ORIG); }

const mg_importer mg_imp_undesa_dest = {"undesa-ims-dest-xlsx", MG_IMPORTER_STAGE_DATA, dest_sniff, dest_run};
const mg_importer mg_imp_undesa_orig = {"undesa-ims-orig-xlsx", MG_IMPORTER_STAGE_DATA, orig_sniff, orig_run};
const mg_importer mg_imp_undesa_bilat = {"undesa-ims-bilateral-xlsx", MG_IMPORTER_STAGE_DATA, bilat_sniff, bilat_run};
