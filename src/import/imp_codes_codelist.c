/* imp_codes_codelist.c - the countrycode R package's codelist (importer
 * "countrycode-codelist"): one row per country, territory or dissolved state with its codes in
 * every scheme (ISO, M49, COW, GW, World Bank) and its English spellings. It creates the
 * country rows the other crosswalks and the data importers map to. */

#include <stdio.h>
#include <string.h>

#include "import/imp_codes.h"
#include "util/keyset.h"
#include "util/text.h"

enum {
    CL_ISO3, CL_NAME, CL_COWN, CL_COWC, CL_ISO2, CL_UN, CL_GWN, CL_WB, CL_REGION, CL_CONTINENT,
    CL_UNREG, CL_UNSUB, CL_EU28, CL_ISONAME, CL_UNNAME, CL_COWNAME, CL_P4NAME, CL_VDEMNAME, CL_N
};

static const mg_imp_codes_col CODELIST_COLS[CL_N] = {
    [CL_ISO3] = {"iso3c", true},         [CL_NAME] = {"country.name.en", true},
    [CL_COWN] = {"cown", true},          [CL_COWC] = {"cowc", true},
    [CL_ISO2] = {"iso2c", true},         [CL_UN] = {"un", true},
    [CL_GWN] = {"gwn", true},            [CL_WB] = {"wb", true},
    [CL_REGION] = {"region", false},     [CL_CONTINENT] = {"continent", false},
    [CL_UNREG] = {"un.region.name", false}, [CL_UNSUB] = {"un.regionsub.name", false},
    [CL_EU28] = {"eu28", false},         [CL_ISONAME] = {"iso.name.en", false},
    [CL_UNNAME] = {"un.name.en", false}, [CL_COWNAME] = {"cow.name", false},
    [CL_P4NAME] = {"p4.name", false},    [CL_VDEMNAME] = {"vdem.name", false},
};

static bool codelist_sniff(const char *path, const char *name, const unsigned char *head, size_t n)
{
    (void)path;
    (void)name;
    return mg_imp_codes_is_codelist(head, n);
}

/* Sovereign states that the codelist gives no COW code (COW files Serbia under 345). */
static bool sovereign_without_cown(const char *iso3) { return strcmp(iso3, "SRB") == 0; }

static migdip_status codelist_run(mg_importer_job *r)
{
    long idx[CL_N];
    size_t nheader = 0;
    long nrows = 0;
    mg_csv_reader *cr = NULL;
    mg_imp_codes_writer w = {0};
    sqlite3_stmt *up = NULL;
    mg_keyset seen = {0};
    migdip_status rc = mg_imp_codes_open(r, CODELIST_COLS, CL_N, idx, &cr, &nheader);
    if (rc)
        return rc;
    if ((rc = mg_imp_codes_writer_open(&w, r)))
        goto cleanup;
    /* coalesce: a column this file leaves empty keeps what the store knew (built-ins) */
    if ((rc = mg_store_prepare(r->db,
            "INSERT INTO country(iso3,name,kind,iso2,m49,cown,cowc,gwn,wb,region,continent,un_region,"
            "un_subregion,eu28,vintage_id) VALUES(?1,?2,?3,?4,?5,?6,?7,?8,?9,?10,?11,?12,?13,?14,?15)"
            " ON CONFLICT(iso3) DO UPDATE SET name=CASE WHEN country.kind='historical' THEN country.name"
            " ELSE excluded.name END, kind=excluded.kind,"
            " iso2=coalesce(excluded.iso2,iso2), m49=coalesce(excluded.m49,m49),"
            " cown=coalesce(excluded.cown,cown), cowc=coalesce(excluded.cowc,cowc),"
            " gwn=coalesce(excluded.gwn,gwn), wb=coalesce(excluded.wb,wb),"
            " region=coalesce(excluded.region,region), continent=coalesce(excluded.continent,continent),"
            " un_region=coalesce(excluded.un_region,un_region),"
            " un_subregion=coalesce(excluded.un_subregion,un_subregion),"
            " eu28=coalesce(excluded.eu28,eu28), vintage_id=excluded.vintage_id", &up, r->err)))
        goto cleanup;
    for (;;) {
        bool done;
        if ((rc = mg_imp_codes_next_row(r, cr, nheader, &nrows, &done)) || done)
            break;
        char b_iso3[64], b_name[256], b_wb[64], b_cowc[64], b_iso2[64], b_reg[128], b_cont[128],
            b_unr[128], b_uns[128], b_eu[16];
        const char *iso3 = mg_imp_codes_cell(cr, idx[CL_ISO3], b_iso3, sizeof b_iso3);
        const char *name = mg_imp_codes_cell(cr, idx[CL_NAME], b_name, sizeof b_name);
        const char *wb = mg_imp_codes_cell(cr, idx[CL_WB], b_wb, sizeof b_wb);
        long cown = 0, gwn = 0, m49 = 0;
        bool has_cown, has_gwn, has_m49;
        if ((rc = mg_imp_codes_number(r, cr, idx[CL_COWN], "cown", &cown, &has_cown)) ||
            (rc = mg_imp_codes_number(r, cr, idx[CL_GWN], "gwn", &gwn, &has_gwn)) ||
            (rc = mg_imp_codes_number(r, cr, idx[CL_UN], "un", &m49, &has_m49)))
            break;
        if (!name) {
            rc = mg_csv_bad_value(cr, (size_t)idx[CL_NAME], "country.name.en", "a country name", r->err);
            break;
        }
        const char *kind;
        char code[4];
        const char *key_col = iso3 ? "iso3c" : "wb";
        const char *key = iso3 ? iso3 : wb;
        if (key) {
            /* an ISO3 (or, for Kosovo and the Channel Islands, the World Bank) code */
            if (strlen(key) != 3) {
                rc = mg_csv_bad_value(cr, (size_t)idx[iso3 ? CL_ISO3 : CL_WB], key_col,
                                   "a three-letter code", r->err);
                break;
            }
            for (int i = 0; i < 3; i++)
                code[i] = (char)(key[i] >= 'a' && key[i] <= 'z' ? key[i] - 32 : key[i]);
            code[3] = '\0';
            long prev;
            if ((rc = mg_keyset_add(&seen, code, mg_csv_line(cr), &prev))) {
                rc = mg_err_set(r->err, rc, "%s: out of memory", r->name);
                break;
            }
            if (prev) {
                rc = mg_err_set(r->err, MIGDIP_ERR_DUPLICATE, "%s:%ld: column %s: code %s already on line %ld",
                                r->name, mg_csv_line(cr), key_col, code, prev);
                break;
            }
            kind = has_cown || sovereign_without_cown(code) ? "country" : "territory";
        } else {
            /* a dissolved state: its documented built-in code (docs/countries.md) */
            const char *hist = mg_country_by_name(r->cm, name);
            if (!hist) {
                /* pre-1900 German/Italian states and other entities without a COW code are
                 * left out on purpose (documented); a COW state must never be dropped */
                if ((has_cown || !mg_country_is_omitted(name)) &&
                    (rc = mg_importer_unmapped(r, mg_csv_line(cr), "country.name.en", name)))
                    break;
                continue;
            }
            snprintf(code, sizeof code, "%s", hist);
            kind = "historical";
        }
        sqlite3_bind_text(up, 1, code, -1, SQLITE_TRANSIENT);
        sqlite3_bind_text(up, 2, name, -1, SQLITE_TRANSIENT);
        sqlite3_bind_text(up, 3, kind, -1, SQLITE_STATIC);
        const char *iso2 = mg_imp_codes_cell(cr, idx[CL_ISO2], b_iso2, sizeof b_iso2);
        const char *cowc = mg_imp_codes_cell(cr, idx[CL_COWC], b_cowc, sizeof b_cowc);
        const char *eu = mg_imp_codes_cell(cr, idx[CL_EU28], b_eu, sizeof b_eu);
        mg_imp_codes_bind_text(up, 4, iso2);
        if (has_m49)
            sqlite3_bind_int64(up, 5, m49);
        if (has_cown)
            sqlite3_bind_int64(up, 6, cown);
        mg_imp_codes_bind_text(up, 7, cowc);
        if (has_gwn)
            sqlite3_bind_int64(up, 8, gwn);
        mg_imp_codes_bind_text(up, 9, wb);
        mg_imp_codes_bind_text(up, 10, mg_imp_codes_cell(cr, idx[CL_REGION], b_reg, sizeof b_reg));
        mg_imp_codes_bind_text(up, 11, mg_imp_codes_cell(cr, idx[CL_CONTINENT], b_cont, sizeof b_cont));
        mg_imp_codes_bind_text(up, 12, mg_imp_codes_cell(cr, idx[CL_UNREG], b_unr, sizeof b_unr));
        mg_imp_codes_bind_text(up, 13, mg_imp_codes_cell(cr, idx[CL_UNSUB], b_uns, sizeof b_uns));
        if (idx[CL_EU28] >= 0 && strcmp(kind, "historical") != 0)
            sqlite3_bind_int(up, 14, eu && mg_text_casecmp(eu, "EU") == 0);
        sqlite3_bind_int64(up, 15, r->vintage_id);
        if ((rc = mg_store_step_done(r->db, up, r->err)))
            break;
        r->rows++;
        /* codes of the other schemes (a built-in year split is kept, see mg_imp_codes_writer_open) */
        if ((iso2 && (rc = mg_imp_codes_put_code(&w, "iso2", iso2, code, 0, 9999))) ||
            (has_m49 && (rc = mg_imp_codes_put_code_num(&w, "m49", m49, code))) ||
            (has_cown && (rc = mg_imp_codes_put_code_num(&w, "cown", cown, code))) ||
            (cowc && (rc = mg_imp_codes_put_code(&w, "cowc", cowc, code, 0, 9999))) ||
            (has_gwn && (rc = mg_imp_codes_put_code_num(&w, "gwn", gwn, code))) ||
            (wb && (rc = mg_imp_codes_put_code(&w, "wb", wb, code, 0, 9999))))
            break;
        /* every English spelling the list carries */
        static const int alias_cols[] = {CL_NAME, CL_ISONAME, CL_UNNAME, CL_COWNAME, CL_P4NAME, CL_VDEMNAME};
        for (size_t k = 0; !rc && k < sizeof alias_cols / sizeof *alias_cols; k++) {
            char b_alias[256];
            rc = mg_imp_codes_put_alias(&w, mg_imp_codes_cell(cr, idx[alias_cols[k]], b_alias, sizeof b_alias), code, "countrycode");
        }
        if (rc)
            break;
    }
    if (!rc && nrows == 0)
        rc = mg_err_set(r->err, MIGDIP_ERR_SCHEMA, "%s: no rows after the header", r->name);
    if (!rc) {
        r->meta.dataset = "countrycode-codelist";
        r->meta.source = "countrycode R package, codelist (Arel-Bundock, Enevoldsen & Yetman)";
        /* the file carries no version: the vintage's sha256 tells copies apart */
        r->meta.edition = "unversioned";
        r->meta.citation = "Arel-Bundock, Enevoldsen & Yetman (2018). countrycode: An R package to "
                           "convert country names and country codes. Journal of Open Source Software 3(28), 848.";
    }
cleanup:
    sqlite3_finalize(up);
    mg_imp_codes_writer_close(&w);
    mg_keyset_free(&seen);
    mg_csv_close(cr);
    return rc;
}

const mg_importer mg_imp_codes_codelist = {
    .id = "countrycode-codelist",
    .stage = MG_IMPORTER_STAGE_CODES,
    .sniff = codelist_sniff,
    .run = codelist_run,
};
