/* imp_flows.c - the flow table writer the sending-country importers share (imp_flows.h), the
 * Bikram Sambat conversion table, and the importer of the documented user table format
 * (docs/flows.md): a CSV with the header
 *   origin,destination,period_from,period_to,measure,channel,sex,value,source[,note][,quality]
 * by which a ministry brings what it counts. Layout and checks: docs/importers.md "User flow
 * table". */
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "formats/csv.h"
#include "import/imp_flows.h"
#include "import/importer.h"
#include "util/grow.h"
#include "util/text.h"

/* No real file comes near this; a larger one is refused rather than allocated. */
#define FLOWS_MAX_ROWS 5000000

/* ---- dates */

static long days_from_civil(int y, int m, int d)
{
    y -= m <= 2;
    long era = (y >= 0 ? y : y - 399) / 400;
    long yoe = y - era * 400;
    long doy = (153 * (m + (m > 2 ? -3 : 9)) + 2) / 5 + d - 1;
    long doe = yoe * 365 + yoe / 4 - yoe / 100 + doy;
    return era * 146097 + doe - 719468;
}

static void civil_from_days(long z, char out[11])
{
    z += 719468;
    long era = (z >= 0 ? z : z - 146096) / 146097;
    long doe = z - era * 146097;
    long yoe = (doe - doe / 1460 + doe / 36524 - doe / 146096) / 365;
    long y = yoe + era * 400;
    long doy = doe - (365 * yoe + yoe / 4 - yoe / 100);
    long mp = (5 * doy + 2) / 153;
    long d = doy - (153 * mp + 2) / 5 + 1;
    long m = mp + (mp < 10 ? 3 : -9);
    y += m <= 2;
    char buf[32];
    snprintf(buf, sizeof buf, "%04d-%02d-%02d", (int)(y % 10000), (int)(m % 100), (int)(d % 100));
    memcpy(out, buf, 10);
    out[10] = '\0';
}

bool mg_imp_flows_iso_date(const char *s, size_t len, char out[11])
{
    s = mg_text_trim(s, &len);
    if (len != 10 || s[4] != '-' || s[7] != '-')
        return false;
    int v[3] = {0, 0, 0};
    static const int at[3] = {0, 5, 8}, width[3] = {4, 2, 2};
    for (int k = 0; k < 3; k++)
        for (int i = 0; i < width[k]; i++) {
            char c = s[at[k] + i];
            if (c < '0' || c > '9')
                return false;
            v[k] = v[k] * 10 + (c - '0');
        }
    if (v[0] < 1800 || v[0] > MG_IMP_FLOWS_YEAR_MAX || v[1] < 1 || v[1] > 12 || v[2] < 1)
        return false;
    static const int mdays[12] = {31, 29, 31, 30, 31, 30, 31, 31, 30, 31, 30, 31};
    bool leap = (v[0] % 4 == 0 && v[0] % 100 != 0) || v[0] % 400 == 0;
    if (v[2] > mdays[v[1] - 1] || (v[1] == 2 && !leap && v[2] > 28))
        return false;
    memcpy(out, s, 10);
    out[10] = '\0';
    return true;
}

/* ---- Bikram Sambat

 * The official calendar of Nepal has month lengths fixed each year by the calendar committee,
 * not by a rule: conversion needs a table. This one holds only months checked against two
 * sources: the AD ranges printed in DoFE's own report titles (Baishakh, Jestha, Ashad, Shrawan
 * and Ashoj 2079) and the Government of Nepal calendar for BS 2079 (month lengths 31 31 32 31
 * 31 31 30 29 30 29 30 30, 365 days from 2022-04-14), which puts Baishakh 2080 at 2023-04-14 to
 * 2023-05-14 (31 days). A month outside it is refused with a message; extend the table only
 * from the official calendar (docs/flows.md, "Calendars"). */
static const struct bs_year {
    int year;
    int y, m, d;        /* Gregorian date of 1 Baishakh */
    int n_months;       /* months of the year the table covers, from Baishakh */
    int days[12];
} BS_YEARS[] = {
    {2079, 2022, 4, 14, 12, {31, 31, 32, 31, 31, 31, 30, 29, 30, 29, 30, 30}},
    {2080, 2023, 4, 14, 1, {31}},
};

static const char *const BS_NAMES[12] = {"Baishakh", "Jestha", "Ashadh", "Shrawan", "Bhadra", "Ashwin",
                                         "Kartik", "Mangsir", "Poush", "Magh", "Falgun", "Chaitra"};

const char *mg_imp_flows_bs_name(int month)
{
    return month >= 1 && month <= 12 ? BS_NAMES[month - 1] : "?";
}

int mg_imp_flows_bs_month(const char *name, size_t len)
{
    static const struct {
        const char *s;
        int m;
    } SPELLINGS[] = {
        {"baishakh", 1}, {"baishak", 1}, {"baisakh", 1}, {"baisak", 1}, {"vaisakh", 1}, {"baishakha", 1},
        {"jestha", 2}, {"jeth", 2}, {"jyeshtha", 2}, {"jesth", 2},
        {"ashadh", 3}, {"ashad", 3}, {"asar", 3}, {"asadh", 3}, {"aashadh", 3}, {"asadha", 3},
        {"shrawan", 4}, {"shrawn", 4}, {"saun", 4}, {"srawan", 4}, {"shravan", 4},
        {"bhadra", 5}, {"bhadau", 5}, {"bhadaun", 5},
        {"ashwin", 6}, {"ashoj", 6}, {"asoj", 6}, {"aswin", 6}, {"ashwin", 6},
        {"kartik", 7}, {"kartika", 7},
        {"mangsir", 8}, {"mansir", 8}, {"margashirsha", 8},
        {"poush", 9}, {"push", 9}, {"pous", 9}, {"paush", 9},
        {"magh", 10}, {"mag", 10},
        {"falgun", 11}, {"phalgun", 11}, {"fagun", 11}, {"flagun", 11},
        {"chaitra", 12}, {"chait", 12}, {"chaitr", 12},
    };
    char key[32];
    if (len == 0 || len >= sizeof key)
        return 0;
    for (size_t i = 0; i < len; i++) {
        char c = name[i];
        key[i] = (char)(c >= 'A' && c <= 'Z' ? c - 'A' + 'a' : c);
    }
    key[len] = '\0';
    for (size_t i = 0; i < sizeof SPELLINGS / sizeof *SPELLINGS; i++)
        if (strcmp(key, SPELLINGS[i].s) == 0)
            return SPELLINGS[i].m;
    return 0;
}

bool mg_imp_flows_bs_to_ad(int year, int month, char from[11], char to[11])
{
    for (size_t i = 0; i < sizeof BS_YEARS / sizeof *BS_YEARS; i++) {
        const struct bs_year *b = &BS_YEARS[i];
        if (b->year != year || month < 1 || month > b->n_months)
            continue;
        long day = days_from_civil(b->y, b->m, b->d);
        for (int k = 0; k < month - 1; k++)
            day += b->days[k];
        civil_from_days(day, from);
        civil_from_days(day + b->days[month - 1] - 1, to);
        return true;
    }
    return false;
}

/* ---- places */

const char *mg_imp_flows_place(const mg_importer_job *r, const char *name, const char *const *aliases)
{
    char key[128], k2[128];
    mg_text_name_key(name, key, sizeof key);
    if (!key[0])
        return NULL;
    for (size_t i = 0; aliases && aliases[i]; i += 2) {
        char f = mg_text_name_key_first(aliases[i]);
        if (f && f != key[0])
            continue;
        if (strcmp(mg_text_name_key(aliases[i], k2, sizeof k2), key) == 0)
            return mg_country_by_code(r->cm, "iso3", aliases[i + 1], 0);
    }
    size_t len = strlen(name);
    const char *t = mg_text_trim(name, &len);
    if (len == 3) {
        char code[4] = {t[0], t[1], t[2], '\0'};
        const char *iso3 = mg_country_by_code(r->cm, "iso3", code, 0);
        if (iso3)
            return iso3;
    }
    return mg_country_by_name(r->cm, name);
}

/* ---- the buffer and its writer */

migdip_status mg_imp_flows_add(mg_imp_flows_buf *b, const mg_imp_flows_row *row, const char *note)
{
    migdip_status rc = mg_importer_grow(b->r, row->line, (void **)&b->v, &b->cap, b->n, sizeof *b->v, FLOWS_MAX_ROWS);
    if (rc)
        return rc;
    mg_imp_flows_row *d = &b->v[b->n];
    *d = *row;
    d->note = NULL;
    if (note && *note && !(d->note = strdup(note)))
        return mg_err_set(b->r->err, MIGDIP_ERR_NOMEM, "out of memory");
    b->n++;
    return MIGDIP_OK;
}

void mg_imp_flows_free(mg_imp_flows_buf *b)
{
    for (size_t i = 0; i < b->n; i++)
        free(b->v[i].note);
    free(b->v);
    b->v = NULL;
    b->n = b->cap = 0;
}

static int row_key_cmp(const mg_imp_flows_row *x, const mg_imp_flows_row *y)
{
    int c;
    if ((c = strcmp(x->orig, y->orig)) || (c = strcmp(x->dest, y->dest)) || (c = strcmp(x->from, y->from)) ||
        (c = strcmp(x->measure, y->measure)) || (c = strcmp(x->channel, y->channel)))
        return c;
    return (x->sex > y->sex) - (x->sex < y->sex);
}

static int row_cmp(const void *a, const void *b)
{
    const mg_imp_flows_row *x = a, *y = b;
    int c = row_key_cmp(x, y);
    if (c)
        return c;
    return (x->line > y->line) - (x->line < y->line);
}

/* Fold v[j] into v[i] (same key): the sum, derived; missing if either is. */
static migdip_status merge_rows(mg_importer_job *r, mg_imp_flows_row *a, mg_imp_flows_row *b)
{
    if (strcmp(a->to, b->to) != 0)
        return mg_err_set(r->err, MIGDIP_ERR_DUPLICATE,
                          "%s:%ld: period %s starts as on line %ld but ends on %s, not %s", r->name, b->line,
                          b->from, a->line, b->to, a->to);
    if (a->flag == MIGDIP_FLAG_SUSPECT || b->flag == MIGDIP_FLAG_SUSPECT)
        a->flag = MIGDIP_FLAG_SUSPECT;
    else if (a->flag == MIGDIP_FLAG_MISSING || b->flag == MIGDIP_FLAG_MISSING)
        a->flag = MIGDIP_FLAG_MISSING;
    else
        a->flag = MIGDIP_FLAG_DERIVED;
    a->value += b->value;
    char buf[512];
    if (a->note && strncmp(a->note, "sum of the rows on lines ", 25) == 0)
        snprintf(buf, sizeof buf, "%s, %ld", a->note, b->line);
    else
        snprintf(buf, sizeof buf, "sum of the rows on lines %ld, %ld (two spellings of one destination)%s%s",
                 a->line, b->line, a->note ? "; " : "", a->note ? a->note : "");
    char *n = strdup(buf);
    if (!n)
        return mg_err_set(r->err, MIGDIP_ERR_NOMEM, "out of memory");
    free(a->note);
    a->note = n;
    return MIGDIP_OK;
}

migdip_status mg_imp_flows_write(mg_imp_flows_buf *b, bool merge)
{
    mg_importer_job *r = b->r;
    sqlite3_stmt *ins = NULL, *cov = NULL;
    migdip_status rc = MIGDIP_OK;
    if (b->n)
        qsort(b->v, b->n, sizeof *b->v, row_cmp);
    size_t out = 0;
    for (size_t i = 0; i < b->n; i++) {
        if (out > 0 && row_key_cmp(&b->v[out - 1], &b->v[i]) == 0) {
            if (!merge || strcmp(b->v[out - 1].name, b->v[i].name) == 0)
                return mg_err_set(r->err, MIGDIP_ERR_DUPLICATE,
                                  "%s:%ld: duplicate flow: %s to %s from %s, %s, channel \"%s\", sex %c"
                                  " (first on line %ld)",
                                  r->name, b->v[i].line, b->v[i].orig, b->v[i].dest, b->v[i].from,
                                  b->v[i].measure, b->v[i].channel, b->v[i].sex, b->v[out - 1].line);
            if ((rc = merge_rows(r, &b->v[out - 1], &b->v[i])))
                return rc;
            free(b->v[i].note);
            b->v[i].note = NULL;
            continue;
        }
        if (out != i) {
            b->v[out] = b->v[i];
            b->v[i].note = NULL;
        }
        out++;
    }
    for (size_t i = out; i < b->n; i++)
        free(b->v[i].note);
    b->n = out;
    if ((rc = mg_store_prepare(r->db,
                               "INSERT INTO flow(vintage_id,orig,dest,period_from,period_to,measure,channel,sex,"
                               "value,flag,note) VALUES(?,?,?,?,?,?,?,?,?,?,?)", &ins, r->err)))
        goto cleanup;
    for (size_t i = 0; i < b->n; i++) {
        const mg_imp_flows_row *w = &b->v[i];
        char sex[2] = {w->sex, '\0'};
        sqlite3_bind_int64(ins, 1, r->vintage_id);
        sqlite3_bind_text(ins, 2, w->orig, -1, SQLITE_STATIC);
        sqlite3_bind_text(ins, 3, w->dest, -1, SQLITE_STATIC);
        sqlite3_bind_text(ins, 4, w->from, -1, SQLITE_STATIC);
        sqlite3_bind_text(ins, 5, w->to, -1, SQLITE_STATIC);
        sqlite3_bind_text(ins, 6, w->measure, -1, SQLITE_STATIC);
        sqlite3_bind_text(ins, 7, w->channel, -1, SQLITE_STATIC);
        sqlite3_bind_text(ins, 8, sex, 1, SQLITE_TRANSIENT);
        mg_store_bind_value(ins, 9, w->value, w->flag);
        sqlite3_bind_int(ins, 10, w->flag);
        if (w->note)
            sqlite3_bind_text(ins, 11, w->note, -1, SQLITE_STATIC);
        if ((rc = mg_store_step_done(r->db, ins, r->err))) {
            mg_err_prefix(r->err, "%s:%ld", r->name, w->line);
            goto cleanup;
        }
        r->rows++;
    }
    /* Coverage kept with the vintage: destinations, years of the period starts, values. */
    if ((rc = mg_store_prepare(r->db,
                               "INSERT OR REPLACE INTO coverage(vintage_id,series,countries,year_min,year_max,years,"
                               "n_values,n_missing) SELECT vintage_id, 'flow.'||measure, count(DISTINCT dest),"
                               " min(CAST(substr(period_from,1,4) AS INTEGER)),"
                               " max(CAST(substr(period_from,1,4) AS INTEGER)),"
                               " count(DISTINCT substr(period_from,1,4)), sum(flag<>0), sum(flag=0)"
                               " FROM flow WHERE vintage_id=? GROUP BY measure", &cov, r->err)))
        goto cleanup;
    sqlite3_bind_int64(cov, 1, r->vintage_id);
    rc = mg_store_step_done(r->db, cov, r->err);
cleanup:
    sqlite3_finalize(ins);
    sqlite3_finalize(cov);
    return rc;
}

/* ---- the user table */

static const char USER_EXPECTED[] =
    "origin,destination,period_from,period_to,measure,channel,sex,value,source[,note][,quality]";

/* The first five columns, in this order, are the format's signature. */
static bool user_sniff(const char *path, const char *name, const unsigned char *head, size_t n)
{
    (void)path;
    (void)name;
    char f[10][64];
    size_t k = mg_importer_head_fields(head, n, f, 10);
    static const char *const want[] = {"origin", "destination", "period_from", "period_to", "measure"};
    if (k < 5)
        return false;
    for (size_t i = 0; i < 5; i++)
        if (mg_text_casecmp(f[i], want[i]) != 0)
            return false;
    return true;
}

static migdip_status user_error(mg_importer_job *r, mg_csv_reader *cr, size_t col, const char *name,
                                const char *what)
{
    return mg_csv_bad_value(cr, col, name, what, r->err);
}

/* Add one source to the list of the file's sources ("a; b; c", for the vintage) unless it is
 * there already or the list is full (cap bytes). */
static void add_source(char *buf, size_t cap, const char *s, size_t len)
{
    size_t have = strlen(buf);
    if (len == 0 || have + len + 3 >= cap)
        return;
    for (const char *p = buf; *p;) {
        const char *e = strstr(p, "; ");
        size_t l = e ? (size_t)(e - p) : strlen(p);
        if (l == len && strncmp(p, s, len) == 0)
            return;
        p += e ? l + 2 : l;
    }
    snprintf(buf + have, cap - have, "%s%.*s", have ? "; " : "", (int)len, s);
}

static migdip_status user_read(mg_importer_job *r, mg_csv_reader *cr, mg_imp_flows_buf *b, char *sources,
                               size_t sources_cap, char *latest)
{
    static const char *const COLS[9] = {"origin", "destination", "period_from", "period_to", "measure",
                                        "channel", "sex", "value", "source"};
    long c[9];
    size_t n_header;
    migdip_status rc;
    if ((rc = mg_importer_read_header(r, cr, USER_EXPECTED, &n_header)) ||
        (rc = mg_importer_find_columns(r, cr, COLS, 9, c, USER_EXPECTED, NULL)))
        return rc;
    long c_note = mg_csv_find(cr, "note"), c_quality = mg_csv_find(cr, "quality");
    size_t seen = 0;
    for (;;) {
        bool end;
        if ((rc = mg_importer_next_record(r, cr, n_header, &end)))
            return rc;
        if (end)
            break;
        long line = mg_csv_line(cr);
        seen++;
        mg_imp_flows_row row;
        memset(&row, 0, sizeof row);
        row.line = line;
        size_t len;
        const char *s;
        char name[256];
        const char *iso[2];
        for (int k = 0; k < 2; k++) {
            s = mg_csv_field(cr, (size_t)c[k], &len);
            s = mg_text_trim(s, &len);
            if (len == 0)
                return user_error(r, cr, (size_t)c[k], COLS[k], "a country code or name");
            snprintf(name, sizeof name, "%.*s", (int)(len < 255 ? len : 255), s);
            iso[k] = mg_imp_flows_place(r, name, NULL);
            if (!iso[k] && (rc = mg_importer_unmapped(r, line, COLS[k], name)))
                return rc;
        }
        for (int k = 2; k < 4; k++) {
            s = mg_csv_field(cr, (size_t)c[k], &len);
            if (!mg_imp_flows_iso_date(s, len, k == 2 ? row.from : row.to))
                return user_error(r, cr, (size_t)c[k], COLS[k],
                                  "a Gregorian date YYYY-MM-DD in 1800-2050 (docs/flows.md, \"Calendars\")");
        }
        if (strcmp(row.from, row.to) > 0)
            return mg_err_set(r->err, MIGDIP_ERR_RANGE, "%s:%ld: period_from %s is after period_to %s", r->name,
                              line, row.from, row.to);
        s = mg_csv_field(cr, (size_t)c[4], &len);
        s = mg_text_trim(s, &len);
        bool ok = len > 0 && len < sizeof row.measure;
        for (size_t i = 0; ok && i < len; i++)
            ok = (s[i] >= 'a' && s[i] <= 'z') || (s[i] >= '0' && s[i] <= '9') || s[i] == '_';
        if (!ok)
            return user_error(r, cr, (size_t)c[4], "measure", "a measure name of lower-case letters, digits and _ "
                                                               "(labour_approvals, departures, ...)");
        memcpy(row.measure, s, len);
        s = mg_csv_field(cr, (size_t)c[5], &len);
        s = mg_text_trim(s, &len);
        if (len >= sizeof row.channel)
            return user_error(r, cr, (size_t)c[5], "channel", "a channel name of at most 95 bytes");
        memcpy(row.channel, s, len);
        s = mg_csv_field(cr, (size_t)c[6], &len);
        s = mg_text_trim(s, &len);
        if (len != 1 || (s[0] != 'T' && s[0] != 'M' && s[0] != 'F'))
            return user_error(r, cr, (size_t)c[6], "sex", "T, M or F");
        row.sex = s[0];
        s = mg_csv_field(cr, (size_t)c[7], &len);
        size_t tl = len;
        const char *t = mg_text_trim(s, &tl);
        if (mg_text_is_missing_marker(t, tl) || (tl == 2 && (t[0] == 'N' || t[0] == 'n') && (t[1] == 'A' || t[1] == 'a'))) {
            row.flag = MIGDIP_FLAG_MISSING;
        } else if (!mg_text_parse_double(s, len, false, &row.value) || row.value < 0) {
            return user_error(r, cr, (size_t)c[7], "value", "a number of persons >= 0, or empty, .. or NA for missing");
        } else {
            row.flag = MIGDIP_FLAG_OBSERVED;
        }
        if (c_quality >= 0) {
            s = mg_csv_field(cr, (size_t)c_quality, &len);
            s = mg_text_trim(s, &len);
            if (len == 7 && strncmp(s, "suspect", 7) == 0) {
                if (row.flag != MIGDIP_FLAG_MISSING)
                    row.flag = MIGDIP_FLAG_SUSPECT;
            } else if (!(len == 0 || (len == 8 && strncmp(s, "observed", 8) == 0))) {
                return user_error(r, cr, (size_t)c_quality, "quality", "empty, observed or suspect");
            }
        }
        s = mg_csv_field(cr, (size_t)c[8], &len);
        s = mg_text_trim(s, &len);
        if (len == 0)
            return user_error(r, cr, (size_t)c[8], "source", "a citation of where the value comes from");
        char note[1024];
        size_t nlen = 0;
        const char *ns = c_note >= 0 ? mg_csv_field(cr, (size_t)c_note, &nlen) : "";
        ns = mg_text_trim(ns, &nlen);
        snprintf(note, sizeof note, "source: %.*s%s%.*s", (int)(len < 600 ? len : 600), s, nlen ? "; " : "",
                 (int)(nlen < 400 ? nlen : 400), ns);
        add_source(sources, sources_cap, s, len);
        if (!iso[0] || !iso[1])
            continue; /* reported; not stored */
        row.orig = iso[0];
        row.dest = iso[1];
        snprintf(row.name, sizeof row.name, "%s", name);
        if (strcmp(row.to, latest) > 0)
            memcpy(latest, row.to, 11);
        if ((rc = mg_imp_flows_add(b, &row, note)))
            return rc;
    }
    if (seen == 0)
        return mg_err_set(r->err, MIGDIP_ERR_SCHEMA, "%s: no data rows after the header", r->name);
    return MIGDIP_OK;
}

static migdip_status user_run(mg_importer_job *r)
{
    mg_csv_reader *cr = NULL;
    mg_imp_flows_buf b = {.r = r};
    char sources[600] = "", latest[11] = "0000-00-00";
    migdip_status rc = mg_importer_open_csv(r, &cr);
    if (rc)
        goto cleanup;
    if ((rc = user_read(r, cr, &b, sources, sizeof sources, latest)) || (rc = mg_imp_flows_write(&b, false)))
        goto cleanup;
    /* The vintage: the file's own sources; its edition is the end of its latest period. */
    char source[700];
    snprintf(source, sizeof source, "User flow table: %s", sources);
    bool any = latest[0] != '0'; /* no row stored (all unmapped): no edition to give */
    mg_store_vintage meta = {.dataset = "flows-table", .source = source, .edition = any ? latest : "none",
                             .released = any ? latest : NULL, .citation = source};
    rc = mg_store_vintage_update(r->stmts, r->db, r->vintage_id, &meta, 0, r->err);
cleanup:
    mg_imp_flows_free(&b);
    mg_csv_close(cr);
    return rc;
}

const mg_importer mg_imp_flows_table = {"flows-table", MG_IMPORTER_STAGE_DATA, user_sniff, user_run};

const char *mg_imp_flows_origin(mg_importer_job *r, const char *iso3, const char *name)
{
    const char *o = mg_country_by_code(r->cm, "iso3", iso3, 0);
    if (!o)
        mg_err_set(r->err, MIGDIP_ERR_SCHEMA, "%s: %s (%s) is not in the store: import the crosswalks (codes/) first",
                   r->name, name, iso3);
    return o;
}

migdip_status mg_imp_flows_csv_run(mg_importer_job *r, const char *iso3, const char *name, mg_imp_flows_csv_fn fn,
                                   void *ud)
{
    const char *origin = mg_imp_flows_origin(r, iso3, name);
    if (!origin)
        return MIGDIP_ERR_SCHEMA;
    mg_csv_reader *cr = NULL;
    mg_imp_flows_buf b = {.r = r};
    migdip_status rc = mg_importer_open_csv(r, &cr);
    if (!rc && !(rc = fn(r, cr, &b, origin, ud)))
        rc = mg_imp_flows_write(&b, true);
    mg_imp_flows_free(&b);
    mg_csv_close(cr);
    return rc;
}
