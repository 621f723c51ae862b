/* imp_mpd.c - importers for the Maddison Project Database (Bolt & van Zanden), the "Full
 * data" sheet as CSV: `ISO,year,gdppc,pop` (real GDP per head in 2011 international $; pop
 * in THOUSANDS), one row per country-year, years 1 to 2022. Values go to `series` as
 * MPD.GDPPC and MPD.POP in the publisher's units, keyed by ISO3; an empty cell stays missing.
 * The former states SUN, CSK and YUG run beside their successors to the last year: they are
 * the store's historical entities of those codes, stored under them and never added to the
 * successors. The countries list `ISO,country,region` gives Maddison's names: each code is
 * checked and its name kept as a spelling (country_alias) of the code's country. Layout and
 * quirks: docs/importers.md "Maddison Project Database". */
#include <ctype.h>
#include <math.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "formats/csv.h"
#include "import/imp_codes.h"
#include "import/importer.h"
#include "util/keyset.h"
#include "util/text.h"

#define MPD_MAX_ROWS 2000000

static const struct mpd_series {
    const char *column, *code, *name, *unit;
} MPD_SERIES[] = {
    {"gdppc", "MPD.GDPPC", "Real GDP per capita (Maddison Project)", "2011 international $ per person (2011 PPPs)"},
    {"pop", "MPD.POP", "Population (Maddison Project)", "thousands of persons"},
};
enum { MPD_NSERIES = 2 };

/* Edition from the file name ("mpd2023" -> "2023"), as the CSV itself does not say it. */
static _Thread_local char mpd_edition[8]; /* one per thread: a context per thread imports in parallel */

static const char *edition_of(const char *name)
{
    const char *p = name;
    while ((p = strstr(p, "mpd")) != NULL) {
        if (isdigit((unsigned char)p[3]) && isdigit((unsigned char)p[4]) && isdigit((unsigned char)p[5]) &&
            isdigit((unsigned char)p[6]) && !isdigit((unsigned char)p[7])) {
            snprintf(mpd_edition, sizeof mpd_edition, "%.4s", p + 3);
            return mpd_edition;
        }
        p += 3;
    }
    return NULL;
}

static void mpd_meta(mg_importer_job *r, const char *what)
{
    const char *ed = edition_of(r->name);
    r->meta.dataset = "maddison";
    r->meta.source = what;
    r->meta.edition = ed ? ed : "2023";
    /* MPD 2023 was published in April 2024 (Bolt & van Zanden 2024) */
    r->meta.released = !ed || strcmp(ed, "2023") == 0 ? "2024-04" : NULL;
    r->meta.citation =
        "Bolt, Jutta and Jan Luiten van Zanden (2024). Maddison style estimates of the evolution of the "
        "world economy: A new 2023 update. Journal of Economic Surveys, 1-41. Data: Maddison Project "
        "Database 2023, DOI 10.34894/INZBF2.";
}

/* ---- the data: ISO,year,gdppc,pop */

static bool data_sniff(const char *path, const char *name, const unsigned char *head, size_t n)
{
    char f[6][64];
    size_t k = mg_importer_head_fields(head, n, f, 6);
    return k == 4 && mg_text_casecmp(f[0], "ISO") == 0 && mg_text_casecmp(f[1], "year") == 0 &&
           mg_text_casecmp(f[2], "gdppc") == 0 && mg_text_casecmp(f[3], "pop") == 0;
}

static migdip_status data_value(mg_importer_job *r, mg_csv_reader *cr, long col, const char *name, double *v, int *flag)
{
    size_t len;
    const char *s = mg_csv_field(cr, (size_t)col, &len);
    s = mg_text_trim(s, &len);
    *flag = MIGDIP_FLAG_MISSING;
    *v = 0;
    if (len == 0 || (len == 2 && memcmp(s, "NA", 2) == 0))
        return MIGDIP_OK;
    if (!mg_text_parse_double(s, len, false, v) || !isfinite(*v))
        return mg_csv_bad_value(cr, (size_t)col, name, "a number or empty (missing)", r->err);
    if (*v < 0) {
        char q[64];
        return mg_err_set(r->err, MIGDIP_ERR_RANGE, "%s:%ld: column %s: expected a non-negative number or empty, got %s",
                          r->name, mg_csv_line(cr), name, mg_err_quote(q, sizeof q, s, len));
    }
    *flag = MIGDIP_FLAG_OBSERVED;
    return MIGDIP_OK;
}

static migdip_status data_run(mg_importer_job *r)
{
    static const char *const COLS[4] = {"ISO", "year", "gdppc", "pop"};
    static const char EXPECTED[] = "ISO,year,gdppc,pop";
    mg_csv_reader *cr = NULL;
    mg_importer_series w;
    mg_importer_series_open(&w, r, MG_IMPORTER_INFO_KEEP);
    mg_keyset seen = {0};
    long c[4];
    size_t n_header, rows = 0;
    migdip_status rc = mg_importer_open_csv(r, &cr);
    if (rc || (rc = mg_importer_read_header(r, cr, EXPECTED, &n_header)) ||
        (rc = mg_importer_find_columns(r, cr, COLS, 4, c, EXPECTED, NULL)))
        goto cleanup;
    for (int i = 0; i < MPD_NSERIES; i++)
        if ((rc = mg_importer_series_info(&w, MPD_SERIES[i].code, MPD_SERIES[i].name, MPD_SERIES[i].unit)))
            goto cleanup;
    for (;;) {
        bool end;
        if ((rc = mg_importer_next_record(r, cr, n_header, &end)))
            goto cleanup;
        if (end)
            break;
        long line = mg_csv_line(cr);
        if (++rows > MPD_MAX_ROWS) {
            rc = mg_err_set(r->err, MIGDIP_ERR_RANGE, "%s:%ld: more than %d rows", r->name, line, MPD_MAX_ROWS);
            goto cleanup;
        }
        size_t len;
        long year;
        const char *s = mg_csv_field(cr, (size_t)c[1], &len);
        if (!mg_text_parse_long(s, len, &year)) {
            rc = mg_csv_bad_value(cr, (size_t)c[1], "year", "a year", r->err);
            goto cleanup;
        }
        if (year < 1 || year > 2100) {
            rc = mg_err_set(r->err, MIGDIP_ERR_RANGE, "%s:%ld: column year: expected a year in 1-2100, got %ld", r->name,
                            line, year);
            goto cleanup;
        }
        double v[MPD_NSERIES];
        int flag[MPD_NSERIES];
        for (int i = 0; i < MPD_NSERIES; i++)
            if ((rc = data_value(r, cr, c[2 + i], MPD_SERIES[i].column, &v[i], &flag[i])))
                goto cleanup;
        s = mg_csv_field(cr, (size_t)c[0], &len);
        s = mg_text_trim(s, &len);
        char code[8];
        snprintf(code, sizeof code, "%.*s", (int)(len < 7 ? len : 7), s);
        /* "iso3" finds the historical entities too (SUN, CSK, YUG: mg_country_seed_builtin) */
        const char *iso3 = len == 3 ? mg_country_by_code(r->cm, "iso3", code, (int)year) : NULL;
        if (!iso3) {
            if ((rc = mg_importer_unmapped(r, line, "ISO", len ? code : "(empty)")))
                goto cleanup;
            continue;
        }
        char key[24];
        long first = 0;
        snprintf(key, sizeof key, "%s|%ld", iso3, year);
        if (mg_keyset_add(&seen, key, line, &first)) {
            rc = mg_err_set(r->err, MIGDIP_ERR_NOMEM, "%s:%ld: out of memory", r->name, line);
            goto cleanup;
        }
        if (first) {
            rc = mg_err_set(r->err, MIGDIP_ERR_DUPLICATE, "%s:%ld: duplicate country-year: %s %ld (first on line %ld)",
                            r->name, line, iso3, year, first);
            goto cleanup;
        }
        for (int i = 0; i < MPD_NSERIES; i++) {
            if ((rc = mg_importer_series_put(&w, false, MPD_SERIES[i].code, iso3, (int)year, v[i], flag[i]))) {
                mg_err_prefix(r->err, "%s:%ld", r->name, line);
                goto cleanup;
            }
        }
    }
    if (rows == 0) {
        rc = mg_err_set(r->err, MIGDIP_ERR_SCHEMA, "%s: no data rows after the header", r->name);
        goto cleanup;
    }
    mpd_meta(r, "Maddison Project Database (Groningen Growth and Development Centre), full data");
cleanup:
    mg_keyset_free(&seen);
    mg_importer_series_close(&w);
    mg_csv_close(cr);
    return rc;
}

/* ---- the countries list: ISO,country,region */

static bool countries_sniff(const char *path, const char *name, const unsigned char *head, size_t n)
{
    char f[4][64];
    size_t k = mg_importer_head_fields(head, n, f, 4);
    return k == 3 && mg_text_casecmp(f[0], "ISO") == 0 && mg_text_casecmp(f[1], "country") == 0 &&
           mg_text_casecmp(f[2], "region") == 0;
}

static migdip_status countries_run(mg_importer_job *r)
{
    static const char *const COLS[3] = {"ISO", "country", "region"};
    static const char EXPECTED[] = "ISO,country,region";
    mg_csv_reader *cr = NULL;
    mg_imp_codes_writer w = {0};
    mg_keyset seen = {0};
    long c[3];
    size_t n_header, rows = 0;
    migdip_status rc = mg_importer_open_csv(r, &cr);
    if (rc || (rc = mg_importer_read_header(r, cr, EXPECTED, &n_header)) ||
        (rc = mg_importer_find_columns(r, cr, COLS, 3, c, EXPECTED, NULL)) || (rc = mg_imp_codes_writer_open(&w, r)))
        goto cleanup;
    for (;;) {
        bool end;
        if ((rc = mg_importer_next_record(r, cr, n_header, &end)))
            goto cleanup;
        if (end)
            break;
        long line = mg_csv_line(cr);
        if (++rows > MPD_MAX_ROWS) {
            rc = mg_err_set(r->err, MIGDIP_ERR_RANGE, "%s:%ld: more than %d rows", r->name, line, MPD_MAX_ROWS);
            goto cleanup;
        }
        size_t len;
        const char *s = mg_csv_field(cr, (size_t)c[0], &len);
        s = mg_text_trim(s, &len);
        char code[8];
        snprintf(code, sizeof code, "%.*s", (int)(len < 7 ? len : 7), s);
        long first = 0;
        if (mg_keyset_add(&seen, code, line, &first)) {
            rc = mg_err_set(r->err, MIGDIP_ERR_NOMEM, "%s:%ld: out of memory", r->name, line);
            goto cleanup;
        }
        if (first) {
            rc = mg_err_set(r->err, MIGDIP_ERR_DUPLICATE, "%s:%ld: duplicate code %s (first on line %ld)", r->name, line,
                            code, first);
            goto cleanup;
        }
        const char *iso3 = len == 3 ? mg_country_by_code(r->cm, "iso3", code, 0) : NULL;
        const char *name = mg_csv_field(cr, (size_t)c[1], &len);
        if (!iso3) {
            char what[96];
            snprintf(what, sizeof what, "%s (%.60s)", len ? code : "(empty)", name);
            if ((rc = mg_importer_unmapped(r, line, "ISO", what)))
                goto cleanup;
            continue;
        }
        /* A name for a part or an earlier extent of the code's country ("Sudan (Former)",
         * "U.R. of Tanzania: Mainland") is not kept as its spelling: other publishers use
         * such names for another entity (UNSD lists "Sudan (Former)" beside "Sudan"). */
        if (!strstr(name, "(Former)") && !strchr(name, ':') && (rc = mg_imp_codes_put_alias(&w, name, iso3, "maddison")))
            goto cleanup;
        r->rows++;
    }
    if (rows == 0) {
        rc = mg_err_set(r->err, MIGDIP_ERR_SCHEMA, "%s: no data rows after the header", r->name);
        goto cleanup;
    }
    mpd_meta(r, "Maddison Project Database (Groningen Growth and Development Centre), countries and regions");
    r->meta.dataset = "maddison-countries";
cleanup:
    mg_keyset_free(&seen);
    mg_imp_codes_writer_close(&w);
    mg_csv_close(cr);
    return rc;
}

const mg_importer mg_imp_mpd_data = {"maddison", MG_IMPORTER_STAGE_DATA, data_sniff, data_run};
const mg_importer mg_imp_mpd_countries = {"maddison-countries", MG_IMPORTER_STAGE_DATA, countries_sniff, countries_run};
