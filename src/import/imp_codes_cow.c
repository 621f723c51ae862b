/* imp_codes_cow.c - the Correlates of War state-year list as countrycode ships it (importer
 * "cow-states"): every COW state-year must map to a country valid in that year, and its names
 * become aliases of that country. */

#include <stdio.h>

#include "import/imp_codes.h"
#include "util/keyset.h"
#include "util/text.h"

enum { CW_COUNTRY, CW_COWC, CW_COWN, CW_NAME, CW_YEAR, CW_N };
static const mg_imp_codes_col COW_COLS[CW_N] = {
    [CW_COUNTRY] = {"country", true}, [CW_COWC] = {"cowc", true}, [CW_COWN] = {"cown", true},
    [CW_NAME] = {"cow.name", true},   [CW_YEAR] = {"year", true},
};

static bool cow_sniff(const char *path, const char *name, const unsigned char *head, size_t n)
{
    (void)path;
    (void)name;
    /* the codelist also has cown/cowc/cow.name, but never a year column */
    /* the year column is checked by run, so that its absence is reported by name */
    return mg_imp_codes_head_has(head, n, COW_COLS, CW_YEAR) && !mg_imp_codes_is_codelist(head, n);
}

/* Every COW state-year must map to a country valid in that year (year-aware codes of
 * country.c); its names become aliases of the state that held the code in the first
 * year the name is used. A duplicate (cown, year) is an error. */
static migdip_status cow_run(mg_importer_job *r)
{
    long idx[CW_N];
    size_t nheader = 0;
    long nrows = 0;
    mg_csv_reader *cr = NULL;
    mg_imp_codes_writer w = {0};
    mg_keyset seen = {0};
    sqlite3_stmt *member = NULL;
    migdip_status rc = mg_imp_codes_open(r, COW_COLS, CW_N, idx, &cr, &nheader);
    if (rc)
        return rc;
    if ((rc = mg_imp_codes_writer_open(&w, r)) ||
        (rc = mg_store_prepare(r->db, "INSERT OR REPLACE INTO state_year(system,year,iso3,code,vintage_id)"
                                      " VALUES('cow',?,?,?,?)", &member, r->err)))
        goto cleanup;
    int year_min = 9999, year_max = 0;
    for (;;) {
        bool done;
        if ((rc = mg_imp_codes_next_row(r, cr, nheader, &nrows, &done)) || done)
            break;
        long cown, year;
        bool has_cown;
        if ((rc = mg_imp_codes_number(r, cr, idx[CW_COWN], "cown", &cown, &has_cown)))
            break;
        if (!has_cown) {
            rc = mg_csv_bad_value(cr, (size_t)idx[CW_COWN], "cown", "a COW country code", r->err);
            break;
        }
        size_t len;
        const char *ys = mg_csv_field(cr, (size_t)idx[CW_YEAR], &len);
        if (!mg_text_parse_long(ys, len, &year)) {
            rc = mg_csv_bad_value(cr, (size_t)idx[CW_YEAR], "year", "a year", r->err);
            break;
        }
        if (year < 1800 || year > 2100) {
            char q[64];
            rc = mg_err_set(r->err, MIGDIP_ERR_RANGE, "%s:%ld: column year: expected a year in 1800-2100, got %s",
                            r->name, mg_csv_line(cr), mg_err_quote(q, sizeof q, ys, len));
            break;
        }
        char key[48];
        long prev;
        snprintf(key, sizeof key, "%ld:%ld", cown, year);
        if ((rc = mg_keyset_add(&seen, key, mg_csv_line(cr), &prev))) {
            rc = mg_err_set(r->err, rc, "%s: out of memory", r->name);
            break;
        }
        if (prev) {
            rc = mg_err_set(r->err, MIGDIP_ERR_DUPLICATE, "%s:%ld: COW state %ld in %ld already on line %ld",
                            r->name, mg_csv_line(cr), cown, year, prev);
            break;
        }
        char b_name[256], b_country[256], b_cowc[64], code[32];
        const char *name = mg_imp_codes_cell(cr, idx[CW_NAME], b_name, sizeof b_name);
        const char *country = mg_imp_codes_cell(cr, idx[CW_COUNTRY], b_country, sizeof b_country);
        snprintf(code, sizeof code, "%ld", cown);
        const char *iso3 = mg_country_by_code(r->cm, "cown", code, (int)year);
        if (!iso3) {
            if ((rc = mg_importer_unmapped(r, mg_csv_line(cr), "cown", name ? name : code)))
                break;
            continue;
        }
        /* the state-year itself (table state_year, docs/store.md) */
        sqlite3_bind_int(member, 1, (int)year);
        sqlite3_bind_text(member, 2, iso3, -1, SQLITE_TRANSIENT);
        sqlite3_bind_int64(member, 3, cown);
        sqlite3_bind_int64(member, 4, r->vintage_id);
        int step = sqlite3_step(member);
        sqlite3_reset(member);
        if (step != SQLITE_DONE) {
            rc = mg_store_db_error(r->db, r->err, "writing a COW state-year");
            break;
        }
        r->rows++; /* the file's rows are its state-years (sources showed 0 for 15,950) */
        if (year < year_min)
            year_min = (int)year;
        if (year > year_max)
            year_max = (int)year;
        /* the COW letter code, where the codelist did not give it (year-split in country.c) */
        const char *cowc = mg_imp_codes_cell(cr, idx[CW_COWC], b_cowc, sizeof b_cowc);
        if (cowc && !mg_country_by_code(r->cm, "cowc", cowc, (int)year) &&
            (rc = mg_imp_codes_put_code(&w, "cowc", cowc, iso3, 0, 9999)))
            break;
        /* names: the first year's holder gets them (later rows repeat the same spelling) */
        int before = sqlite3_total_changes(r->db);
        if ((rc = mg_imp_codes_put_alias(&w, name, iso3, "cow")) || (rc = mg_imp_codes_put_alias(&w, country, iso3, "cow")))
            break;
        r->rows += sqlite3_total_changes(r->db) - before;
    }
    if (!rc && nrows == 0)
        rc = mg_err_set(r->err, MIGDIP_ERR_SCHEMA, "%s: no rows after the header", r->name);
    if (!rc) {
        static _Thread_local char edition[16];
        snprintf(edition, sizeof edition, "%d-%d", year_min, year_max);
        r->meta.dataset = "cow-states";
        r->meta.source = "Correlates of War state system membership (countrycode R package data_cow)";
        r->meta.edition = edition;
        r->meta.citation = "Correlates of War Project (2017). State System Membership List, v2016.";
    }
cleanup:
    sqlite3_finalize(member);
    mg_imp_codes_writer_close(&w);
    mg_keyset_free(&seen);
    mg_csv_close(cr);
    return rc;
}

const mg_importer mg_imp_codes_cow = {
    .id = "cow-states",
    .stage = MG_IMPORTER_STAGE_CODES,
    .sniff = cow_sniff,
    .run = cow_run,
};
