/* imp_codes_iso3166.c - ISO 3166-1 with UN M49 regions, as lukes/ISO-3166-Countries-with-
 * Regional-Codes publishes it (importer "iso3166"): alpha-2, numeric codes and names. */

#include <string.h>

#include "import/imp_codes.h"
#include "util/keyset.h"
#include "util/text.h"

enum { IS_NAME, IS_A2, IS_A3, IS_NUM, IS_REGION, IS_SUB, IS_N };
static const mg_imp_codes_col ISO_COLS[IS_N] = {
    [IS_NAME] = {"name", true},      [IS_A2] = {"alpha-2", true},
    [IS_A3] = {"alpha-3", true},     [IS_NUM] = {"country-code", true},
    [IS_REGION] = {"region", false}, [IS_SUB] = {"sub-region", false},
};

static bool iso_sniff(const char *path, const char *name, const unsigned char *head, size_t n)
{
    (void)path;
    (void)name;
    return mg_imp_codes_head_has(head, n, ISO_COLS, IS_N);
}

/* ISO 3166-1: alpha-3 is the key. A code the store lacks is added (kind 'country'; the
 * codelist, read first in a full import, knows which are territories). */
static migdip_status iso_run(mg_importer_job *r)
{
    long idx[IS_N];
    size_t nheader = 0;
    long nrows = 0;
    mg_csv_reader *cr = NULL;
    mg_imp_codes_writer w = {0};
    sqlite3_stmt *up = NULL;
    mg_keyset seen = {0};
    migdip_status rc = mg_imp_codes_open(r, ISO_COLS, IS_N, idx, &cr, &nheader);
    if (rc)
        return rc;
    if ((rc = mg_imp_codes_writer_open(&w, r)))
        goto cleanup;
    if ((rc = mg_store_prepare(r->db,
            "INSERT INTO country(iso3,name,kind,iso2,m49,un_region,un_subregion,vintage_id)"
            " VALUES(?1,?2,'country',?3,?4,?5,?6,?7) ON CONFLICT(iso3) DO UPDATE SET"
            " iso2=coalesce(iso2,excluded.iso2), m49=coalesce(m49,excluded.m49),"
            " un_region=coalesce(un_region,excluded.un_region),"
            " un_subregion=coalesce(un_subregion,excluded.un_subregion)", &up, r->err)))
        goto cleanup;
    for (;;) {
        bool done;
        if ((rc = mg_imp_codes_next_row(r, cr, nheader, &nrows, &done)) || done)
            break;
        char b_name[256], b_a2[16], b_a3[16], b_reg[128], b_sub[128];
        const char *name = mg_imp_codes_cell(cr, idx[IS_NAME], b_name, sizeof b_name);
        const char *a2 = mg_imp_codes_cell(cr, idx[IS_A2], b_a2, sizeof b_a2);
        const char *a3 = mg_imp_codes_cell(cr, idx[IS_A3], b_a3, sizeof b_a3);
        long m49;
        bool has_m49;
        if (!name) {
            rc = mg_csv_bad_value(cr, (size_t)idx[IS_NAME], "name", "a country name", r->err);
            break;
        }
        if (!mg_imp_codes_is_upper(a3, 3)) {
            rc = mg_csv_bad_value(cr, (size_t)idx[IS_A3], "alpha-3", "a three-letter code", r->err);
            break;
        }
        /* Namibia's alpha-2 is "NA": here it is a code, not a missing marker */
        size_t a2len;
        const char *a2raw = mg_text_trim(mg_csv_field(cr, (size_t)idx[IS_A2], &a2len), &a2len);
        if (a2len == 2 && memcmp(a2raw, "NA", 2) == 0)
            a2 = "NA";
        if (a2 && !mg_imp_codes_is_upper(a2, 2)) {
            rc = mg_csv_bad_value(cr, (size_t)idx[IS_A2], "alpha-2", "a two-letter code", r->err);
            break;
        }
        if ((rc = mg_imp_codes_number(r, cr, idx[IS_NUM], "country-code", &m49, &has_m49)))
            break;
        long prev;
        if ((rc = mg_keyset_add(&seen, a3, mg_csv_line(cr), &prev))) {
            rc = mg_err_set(r->err, rc, "%s: out of memory", r->name);
            break;
        }
        if (prev) {
            rc = mg_err_set(r->err, MIGDIP_ERR_DUPLICATE, "%s:%ld: column alpha-3: code %s already on line %ld",
                            r->name, mg_csv_line(cr), a3, prev);
            break;
        }
        sqlite3_bind_text(up, 1, a3, -1, SQLITE_TRANSIENT);
        sqlite3_bind_text(up, 2, name, -1, SQLITE_TRANSIENT);
        mg_imp_codes_bind_text(up, 3, a2);
        if (has_m49)
            sqlite3_bind_int64(up, 4, m49);
        mg_imp_codes_bind_text(up, 5, mg_imp_codes_cell(cr, idx[IS_REGION], b_reg, sizeof b_reg));
        mg_imp_codes_bind_text(up, 6, mg_imp_codes_cell(cr, idx[IS_SUB], b_sub, sizeof b_sub));
        sqlite3_bind_int64(up, 7, r->vintage_id);
        if ((rc = mg_store_step_done(r->db, up, r->err)))
            break;
        if ((a2 && (rc = mg_imp_codes_put_code(&w, "iso2", a2, a3, 0, 9999))) ||
            (has_m49 && (rc = mg_imp_codes_put_code_num(&w, "m49", m49, a3))) ||
            (rc = mg_imp_codes_put_alias(&w, name, a3, "iso3166")))
            break;
        r->rows++;
    }
    if (!rc && nrows == 0)
        rc = mg_err_set(r->err, MIGDIP_ERR_SCHEMA, "%s: no rows after the header", r->name);
    if (!rc) {
        r->meta.dataset = "iso3166";
        r->meta.source = "ISO 3166-1 with UN M49 regions (lukes/ISO-3166-Countries-with-Regional-Codes)";
        r->meta.edition = "unversioned";
    }
cleanup:
    sqlite3_finalize(up);
    mg_imp_codes_writer_close(&w);
    mg_keyset_free(&seen);
    mg_csv_close(cr);
    return rc;
}

const mg_importer mg_imp_codes_iso3166 = {
    .id = "iso3166",
    .stage = MG_IMPORTER_STAGE_CODES,
    .sniff = iso_sniff,
    .run = iso_run,
};
