/* imp_codes_regions.c - countrycode's data_regions (importer "countrycode-regions"): fills
 * continent, EU28 membership and the UN subregion where the store has none. */
#include "import/imp_codes.h"
#include "util/keyset.h"
#include "util/text.h"

enum { RG_COUNTRY, RG_CONTINENT, RG_EU28, RG_REGION23, RG_N };
static const mg_imp_codes_col REGION_COLS[RG_N] = {
    [RG_COUNTRY] = {"country", true}, [RG_CONTINENT] = {"continent", true},
    [RG_EU28] = {"eu28", true},       [RG_REGION23] = {"region23", true},
};

static bool regions_sniff(const char *path, const char *name, const unsigned char *head, size_t n)
{
    (void)path;
    (void)name;
    return mg_imp_codes_head_has(head, n, REGION_COLS, RG_N) && !mg_imp_codes_is_codelist(head, n);
}

/* Fill continent, eu28 and the UN subregion (region23) where the store has none. */
static migdip_status regions_run(mg_importer_job *r)
{
    long idx[RG_N];
    size_t nheader = 0;
    long nrows = 0;
    mg_csv_reader *cr = NULL;
    sqlite3_stmt *up = NULL;
    mg_keyset seen = {0};
    migdip_status rc = mg_imp_codes_open(r, REGION_COLS, RG_N, idx, &cr, &nheader);
    if (rc)
        return rc;
    if ((rc = mg_store_prepare(r->db,
            "UPDATE country SET continent=coalesce(continent,?2), eu28=coalesce(eu28,?3),"
            " un_subregion=coalesce(un_subregion,?4) WHERE iso3=?1", &up, r->err)))
        goto cleanup;
    for (;;) {
        bool done;
        if ((rc = mg_imp_codes_next_row(r, cr, nheader, &nrows, &done)) || done)
            break;
        char b_country[256], b_cont[128], b_eu[16], b_reg[128];
        const char *country = mg_imp_codes_cell(cr, idx[RG_COUNTRY], b_country, sizeof b_country);
        if (!country) {
            rc = mg_csv_bad_value(cr, (size_t)idx[RG_COUNTRY], "country", "a country name", r->err);
            break;
        }
        const char *iso3 = mg_country_by_name(r->cm, country);
        if (!iso3) {
            if (!mg_country_aggregate(r->cm, country) && !mg_country_is_omitted(country) &&
                (rc = mg_importer_unmapped(r, mg_csv_line(cr), "country", country)))
                break;
            continue;
        }
        long prev;
        if ((rc = mg_keyset_add(&seen, iso3, mg_csv_line(cr), &prev))) {
            rc = mg_err_set(r->err, rc, "%s: out of memory", r->name);
            break;
        }
        if (prev) {
            rc = mg_err_set(r->err, MIGDIP_ERR_DUPLICATE, "%s:%ld: column country: %s is %s, already on line %ld",
                            r->name, mg_csv_line(cr), country, iso3, prev);
            break;
        }
        const char *eu = mg_imp_codes_cell(cr, idx[RG_EU28], b_eu, sizeof b_eu);
        sqlite3_bind_text(up, 1, iso3, -1, SQLITE_TRANSIENT);
        mg_imp_codes_bind_text(up, 2, mg_imp_codes_cell(cr, idx[RG_CONTINENT], b_cont, sizeof b_cont));
        sqlite3_bind_int(up, 3, eu && mg_text_casecmp(eu, "EU") == 0);
        mg_imp_codes_bind_text(up, 4, mg_imp_codes_cell(cr, idx[RG_REGION23], b_reg, sizeof b_reg));
        if ((rc = mg_store_step_done(r->db, up, r->err)))
            break;
        r->rows += sqlite3_changes(r->db);
    }
    if (!rc && nrows == 0)
        rc = mg_err_set(r->err, MIGDIP_ERR_SCHEMA, "%s: no rows after the header", r->name);
    if (!rc) {
        r->meta.dataset = "countrycode-regions";
        r->meta.source = "countrycode R package, data_regions (continent, EU28, region23)";
        r->meta.edition = "unversioned";
    }
cleanup:
    sqlite3_finalize(up);
    mg_keyset_free(&seen);
    mg_csv_close(cr);
    return rc;
}

const mg_importer mg_imp_codes_regions = {
    .id = "countrycode-regions",
    .stage = MG_IMPORTER_STAGE_CODES,
    .sniff = regions_sniff,
    .run = regions_run,
};
