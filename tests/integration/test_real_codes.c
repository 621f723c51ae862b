/* test_real_codes.c - the crosswalk importers on the real files in shared/data/codes, and
 * name coverage: every country name or code used by the project's data files (UN DESA
 * 2019 CSV and 2020 tidy file, KNOMAD matrices, WDI, Chilton & Woda, COW NMC, CEPII) must
 * map to a country or be recognised as an aggregate. Figures were checked independently
 * with pandas/openpyxl (/usr/bin/python3). Skips when the data directory is absent. */
#include "testutil.h"

#include <time.h>

#include "store/country.h"
#include "formats/csv.h"
#include "store/ctx.h"
#include "formats/xlsx.h"
#include "util/text.h"

typedef struct real_fx {
    char *dir, *db;
    migdip_ctx *ctx;
    mg_country_map *cm;
    char path[4096];
} real_fx;

static const char *data_file(real_fx *f, const char *rel)
{
    if (snprintf(f->path, sizeof f->path, "%s/%s", tu_data_dir(), rel) >= (int)sizeof f->path)
        fail_msg("data path too long: %s", rel);
    return f->path;
}

static int setup(void **state)
{
    if (!tu_data_dir()) {
        *state = NULL;
        return 0;
    }
    real_fx *f = calloc(1, sizeof *f);
    f->dir = tu_tmpdir();
    f->ctx = tu_store(f->dir, &f->db);
    static const char *const rel[] = {
        "codes/countrycode_codelist_without_cldr.csv", "codes/countrycode_data_cow.csv",
        "codes/countrycode_data_regions.csv", "codes/iso3166_lukes_all.csv",
        "codes/undesa_aggregates_correspondence_table_2020_1.xlsx", "codes/wb_CLASS_FY24.xlsx",
        "codes/wb_OGHIST_FY21.xlsx"};
    char *paths[7];
    for (size_t i = 0; i < 7; i++)
        paths[i] = strdup(data_file(f, rel[i]));
    migdip_import_opts o = {.files = (const char *const *)paths, .n_files = 7};
    migdip_import_report *rep = NULL;
    migdip_status st = migdip_import_run(f->ctx, &o, &rep);
    if (st)
        fail_msg("import: %s", migdip_ctx_errmsg(f->ctx));
    for (size_t i = 0; i < rep->n_unmapped; i++)
        print_message("unmapped: %s:%ld %s\n", rep->unmapped[i].file, rep->unmapped[i].line, rep->unmapped[i].name);
    assert_int_equal(rep->n_unmapped, 0);
    assert_int_equal(rep->n_files, 7);
    migdip_import_report_free(rep);
    for (size_t i = 0; i < 7; i++)
        free(paths[i]);
    mg_err err = {0};
    assert_int_equal(mg_country_map_load(f->ctx->db, &f->cm, &err), MIGDIP_OK);
    *state = f;
    return 0;
}

static int teardown(void **state)
{
    real_fx *f = *state;
    if (!f)
        return 0;
    mg_country_map_free(f->cm);
    migdip_ctx_close(f->ctx);
    tu_rmdir(f->dir);
    free(f->dir);
    free(f->db);
    free(f);
    return 0;
}

#define NEED_DATA(f)                                                                               \
    do {                                                                                           \
        if (!(f))                                                                                  \
            skip();                                                                                \
    } while (0)

static double q(real_fx *f, const char *sql) { return tu_query_double(f->db, sql); }

/* Figures checked with pandas/openpyxl on the same files. */
static void test_figures(void **state)
{
    real_fx *f = *state;
    NEED_DATA(f);
    /* codelist: 292 rows, 249 with ISO3, + Kosovo and Channel Islands (wb), + 23 COW states
     * with documented codes (and Wuerttemberg's second row): 274 stored */
    assert_int_equal((long)q(f, "SELECT rows FROM vintage WHERE dataset='countrycode-codelist'"), 274);
    assert_int_equal((long)q(f, "SELECT count(*) FROM country WHERE kind='country'"), 196);
    assert_int_equal((long)q(f, "SELECT count(*) FROM country WHERE kind='territory'"), 55);
    assert_int_equal((long)q(f, "SELECT rows FROM vintage WHERE dataset='iso3166'"), 249);
    /* UN table: 235 countries or areas (all members of WORLD 900), 47 distinct aggregates */
    assert_int_equal((long)q(f, "SELECT count(*) FROM aggregate_member WHERE code='UN:900'"), 235);
    assert_int_equal((long)q(f, "SELECT count(*) FROM aggregate WHERE scheme='un'"), 47);
    assert_int_equal((long)q(f, "SELECT m49 FROM country WHERE iso3='BOL'"), 68);
    /* CLASS FY24: 218 economies with an income group; 48 groups, 2,109 distinct memberships */
    assert_int_equal((long)q(f, "SELECT count(*) FROM income_group WHERE vintage_id="
                               "(SELECT id FROM vintage WHERE dataset='wb-class')"), 218);
    assert_int_equal((long)q(f, "SELECT count(*) FROM aggregate_member WHERE vintage_id="
                               "(SELECT id FROM vintage WHERE dataset='wb-class')"), 2109);
    assert_int_equal((long)q(f, "SELECT count(DISTINCT code) FROM aggregate_member WHERE vintage_id="
                               "(SELECT id FROM vintage WHERE dataset='wb-class')"), 48);
    assert_int_equal((long)q(f, "SELECT count(*) FROM income_group WHERE vintage_id="
                               "(SELECT id FROM vintage WHERE dataset='wb-class') AND iso3='NPL' AND fy=2024 AND grp='LM'"), 1);
    /* OGHIST: 7,878 classified economy-years FY89-FY26 (".." not stored) */
    assert_int_equal((long)q(f, "SELECT rows FROM vintage WHERE dataset='wb-oghist'"), 7878);
    assert_int_equal((long)q(f, "SELECT count(*) FROM income_group WHERE iso3='AFG' AND fy=1989 AND grp='L'"), 1);
    assert_int_equal((long)q(f, "SELECT count(*) FROM income_group WHERE iso3='YUG' AND fy=1989 AND grp='UM'"), 1);
    char *ed = NULL;
    sqlite3_stmt *st = NULL;
    assert_int_equal(sqlite3_prepare_v2(f->ctx->db, "SELECT edition||' '||released FROM vintage WHERE dataset='wb-class'",
                                        -1, &st, NULL), SQLITE_OK);
    assert_int_equal(sqlite3_step(st), SQLITE_ROW);
    ed = strdup((const char *)sqlite3_column_text(st, 0));
    sqlite3_finalize(st);
    assert_string_equal(ed, "FY24 2023-07-01");
    free(ed);
    /* year-aware COW codes */
    assert_string_equal(mg_country_by_code(f->cm, "cown", "345", 1985), "YUG");
    assert_string_equal(mg_country_by_code(f->cm, "cown", "345", 2010), "SRB");
    assert_string_equal(mg_country_by_code(f->cm, "cown", "365", 1985), "SUN");
    assert_string_equal(mg_country_by_code(f->cm, "cown", "365", 2000), "RUS");
    assert_string_equal(mg_country_by_code(f->cm, "cown", "260", 1970), "DEU");
    assert_string_equal(mg_country_by_code(f->cm, "cown", "265", 1970), "DDR");
    assert_string_equal(mg_country_by_code(f->cm, "cown", "817", 1970), "XRV");
    assert_string_equal(mg_country_by_code(f->cm, "cowc", "CZE", 1980), "CSK");
    assert_string_equal(mg_country_by_code(f->cm, "cowc", "CZR", 2000), "CZE");
    /* spellings */
    assert_string_equal(mg_country_by_name(f->cm, "Bolivia (Plurinational State of)"), "BOL");
    assert_string_equal(mg_country_by_name(f->cm, "China, Hong Kong SAR"), "HKG");
    assert_string_equal(mg_country_by_name(f->cm, "Egypt, Arab Rep."), "EGY");
    assert_string_equal(mg_country_by_name(f->cm, "Congo, Dem. Rep."), "COD");
    assert_string_equal(mg_country_by_name(f->cm, "Korea, Rep."), "KOR");
    assert_string_equal(mg_country_by_name(f->cm, "T\xc3\xbcrkiye"), "TUR");
    assert_string_equal(mg_country_by_name(f->cm, "Turkey"), "TUR");
    assert_string_equal(mg_country_aggregate(f->cm, "WORLD"), "UN:900");
    assert_non_null(mg_country_aggregate(f->cm, "Sub-Saharan Africa"));
    assert_null(mg_country_by_name(f->cm, "WORLD"));
}

/* ---------------------------------------------------------------- coverage */

typedef struct coverage {
    real_fx *f;
    const char *what;
    long checked, missing;
} coverage;

/* A name must be a country or an aggregate, never both. */
static void need_name(coverage *c, const char *name, long line)
{
    size_t len = strlen(name);
    const char *t = mg_text_trim(name, &len);
    if (!len)
        return;
    char buf[512];
    snprintf(buf, sizeof buf, "%.*s", (int)len, t);
    const char *iso3 = mg_country_by_name(c->f->cm, buf);
    const char *agg = mg_country_aggregate(c->f->cm, buf);
    c->checked++;
    if (!iso3 && !agg) {
        print_message("%s:%ld: name does not map: \"%s\"\n", c->what, line, buf);
        c->missing++;
    } else if (iso3 && agg) {
        print_message("%s:%ld: name is both a country (%s) and an aggregate (%s): \"%s\"\n", c->what, line,
                      iso3, agg, buf);
        c->missing++;
    }
}

static void need_code(coverage *c, const char *scheme, const char *code, int year, long line, bool agg_ok)
{
    if (!*code)
        return;
    c->checked++;
    if (mg_country_by_code(c->f->cm, scheme, code, year))
        return;
    if (agg_ok && mg_country_aggregate(c->f->cm, code))
        return;
    print_message("%s:%ld: %s code %s (year %d) does not map\n", c->what, line, scheme, code, year);
    c->missing++;
}

static mg_csv_reader *open_csv(real_fx *f, const char *rel)
{
    mg_csv_reader *r = NULL;
    mg_err err = {0};
    if (mg_csv_open(data_file(f, rel), rel, &r, &err))
        fail_msg("%s", err.msg);
    assert_int_equal(mg_csv_next(r, &err), MIGDIP_OK);
    return r;
}

static void test_names_undesa2019(void **state)
{
    real_fx *f = *state;
    NEED_DATA(f);
    const char *rel = "undesa_ims/ims2019_table1_csv/migrants_by_origin_and_destination_total.csv";
    coverage c = {f, rel, 0, 0};
    mg_csv_reader *r = open_csv(f, rel);
    long dest = mg_csv_find(r, "Destination"), other_north = mg_csv_find(r, "Other North");
    assert_true(dest >= 0 && other_north >= 0);
    long origins = 0;
    for (size_t i = (size_t)other_north - 1; i < mg_csv_nfields(r); i++, origins++)
        need_name(&c, mg_csv_field(r, i, NULL), 1);
    assert_int_equal(origins, 234); /* Other South, Other North and 232 origins */
    mg_err err = {0};
    long countries = 0, aggregates = 0;
    while (mg_csv_next(r, &err) == MIGDIP_OK && mg_csv_nfields(r)) {
        const char *name = mg_csv_field(r, (size_t)dest, NULL);
        need_name(&c, name, mg_csv_line(r));
        if (strcmp(mg_csv_field(r, 0, NULL), "2019") == 0) {
            if (mg_country_by_name(f->cm, name))
                countries++;
            else
                aggregates++;
        }
    }
    mg_csv_close(r);
    assert_int_equal(countries, 232);
    assert_int_equal(aggregates, 283 - 232);
    assert_int_equal(c.missing, 0);
}

static void test_codes_undesa2020(void **state)
{
    real_fx *f = *state;
    NEED_DATA(f);
    const char *rel = "undesa_ims/ims2020_gdiviz_tidy/undesa_ims2020_bilateral_by_sex_long.csv";
    coverage c = {f, rel, 0, 0};
    mg_csv_reader *r = open_csv(f, rel);
    long d = mg_csv_find(r, "dest_iso3"), o = mg_csv_find(r, "orig_iso3");
    mg_err err = {0};
    while (mg_csv_next(r, &err) == MIGDIP_OK && mg_csv_nfields(r)) {
        need_code(&c, "iso3", mg_csv_field(r, (size_t)d, NULL), 0, mg_csv_line(r), false);
        need_code(&c, "iso3", mg_csv_field(r, (size_t)o, NULL), 0, mg_csv_line(r), false);
    }
    mg_csv_close(r);
    assert_int_equal(c.missing, 0);
}

static void test_names_wdi(void **state)
{
    real_fx *f = *state;
    NEED_DATA(f);
    static const char *const files[] = {
        "wdi/datasets_wdi/bx.trf.pwkr.cd.dt.csv", "wdi/datasets_wdi/ny.gdp.mktp.cd.csv",
        "wdi/datasets_wdi/ny.gdp.pcap.pp.cd.csv", "wdi/datasets_wdi/sp.pop.totl.csv",
        "wdi/datasets_wdi/sm.pop.totl.csv", "wdi/datasets_wdi/sl.tlf.totl.in.csv",
        "wdi/datasets_wdi/ms.mil.xpnd.gd.zs.csv", "wdi/datasets_wdi/ms.mil.xpnd.zs.csv",
        "wdi/datasets_wdi/ny.gdp.pcap.cd.csv", "wdi/datasets_wdi/ny.gnp.mktp.pp.cd.csv",
        "wdi/datasets_wdi/sm.pop.netm.csv", "wdi/datasets_wdi/sm.pop.refg.csv",
        "wdi/datasets_wdi/sm.pop.refg.or.csv"};
    for (size_t k = 0; k < sizeof files / sizeof *files; k++) {
        struct stat sb;
        if (stat(data_file(f, files[k]), &sb) != 0)
            continue;
        coverage c = {f, files[k], 0, 0};
        mg_csv_reader *r = open_csv(f, files[k]);
        long name = mg_csv_find(r, "Country Name"), code = mg_csv_find(r, "Country Code");
        assert_true(name >= 0 && code >= 0);
        mg_err err = {0};
        while (mg_csv_next(r, &err) == MIGDIP_OK && mg_csv_nfields(r)) {
            need_name(&c, mg_csv_field(r, (size_t)name, NULL), mg_csv_line(r));
            need_code(&c, "wb", mg_csv_field(r, (size_t)code, NULL), 0, mg_csv_line(r), true);
        }
        mg_csv_close(r);
        assert_int_equal(c.missing, 0);
    }
}

static void test_names_bla_and_cow(void **state)
{
    real_fx *f = *state;
    NEED_DATA(f);
    static const char *const files[] = {"bla/chilton_woda_BLAs_Formation_Data.csv",
                                        "bla/chilton_woda_BLAs_Coding_Data.csv"};
    for (size_t k = 0; k < 2; k++) {
        coverage c = {f, files[k], 0, 0};
        mg_csv_reader *r = open_csv(f, files[k]);
        long ca = mg_csv_find(r, "countryA"), cb = mg_csv_find(r, "countryB"), ka = mg_csv_find(r, "codeA"),
             kb = mg_csv_find(r, "codeB"), yr = mg_csv_find(r, "year");
        assert_true(ca >= 0 && cb >= 0 && ka >= 0 && kb >= 0 && yr >= 0);
        mg_err err = {0};
        while (mg_csv_next(r, &err) == MIGDIP_OK && mg_csv_nfields(r)) {
            long year = 0;
            size_t len;
            const char *y = mg_csv_field(r, (size_t)yr, &len);
            if (!mg_text_parse_long(y, len, &year) || year > 2100)
                year = 0; /* 9999 = year unknown */
            need_name(&c, mg_csv_field(r, (size_t)ca, NULL), mg_csv_line(r));
            need_name(&c, mg_csv_field(r, (size_t)cb, NULL), mg_csv_line(r));
            need_code(&c, "cown", mg_csv_field(r, (size_t)ka, NULL), (int)year, mg_csv_line(r), false);
            need_code(&c, "cown", mg_csv_field(r, (size_t)kb, NULL), (int)year, mg_csv_line(r), false);
        }
        mg_csv_close(r);
        assert_int_equal(c.missing, 0);
    }
    const char *rel = "cow_nmc/NMC-60-abridged.csv";
    coverage c = {f, rel, 0, 0};
    mg_csv_reader *r = open_csv(f, rel);
    long cc = mg_csv_find(r, "ccode"), yr = mg_csv_find(r, "year");
    mg_err err = {0};
    while (mg_csv_next(r, &err) == MIGDIP_OK && mg_csv_nfields(r)) {
        long year = 0;
        size_t len;
        const char *y = mg_csv_field(r, (size_t)yr, &len);
        assert_true(mg_text_parse_long(y, len, &year));
        need_code(&c, "cown", mg_csv_field(r, (size_t)cc, NULL), (int)year, mg_csv_line(r), false);
    }
    mg_csv_close(r);
    assert_int_equal(c.missing, 0);
    assert_true(c.checked > 15000);
}

static void test_codes_cepii(void **state)
{
    real_fx *f = *state;
    NEED_DATA(f);
    const char *rel = "cepii/dist_cepii.csv";
    coverage c = {f, rel, 0, 0};
    mg_csv_reader *r = open_csv(f, rel);
    long o = mg_csv_find(r, "iso_o"), d = mg_csv_find(r, "iso_d");
    mg_err err = {0};
    while (mg_csv_next(r, &err) == MIGDIP_OK && mg_csv_nfields(r)) {
        need_code(&c, "cepii", mg_csv_field(r, (size_t)o, NULL), 0, mg_csv_line(r), false);
        need_code(&c, "cepii", mg_csv_field(r, (size_t)d, NULL), 0, mg_csv_line(r), false);
    }
    mg_csv_close(r);
    assert_int_equal(c.missing, 0);
    assert_string_equal(mg_country_by_code(f->cm, "cepii", "ROM", 0), "ROU");
    assert_string_equal(mg_country_by_code(f->cm, "cepii", "ZAR", 0), "COD");
}

/* KNOMAD matrices: names in column A from row 3 and across row 2, up to the first blank;
 * a footnote row ("Notes:") ends the matrix. */
typedef struct knomad_walk {
    coverage *c;
    bool done;
} knomad_walk;

static int knomad_row(void *ud, uint32_t row, const xlsx_cell *cells, size_t n)
{
    knomad_walk *w = ud;
    if (row == 2) {
        for (size_t i = 1; i < n; i++)
            if (cells[i].type == XLSX_STRING)
                need_name(w->c, cells[i].str, row);
        return 0;
    }
    if (row < 3 || w->done)
        return 0;
    if (!n || cells[0].col != 1 || cells[0].type != XLSX_STRING || !cells[0].len) {
        w->done = true;
        return 1;
    }
    if (strncmp(cells[0].str, "Note", 4) == 0 || strncmp(cells[0].str, "Source", 6) == 0) {
        w->done = true;
        return 1;
    }
    need_name(w->c, cells[0].str, row);
    if (mg_text_casecmp(cells[0].str, "World") == 0) {
        w->done = true; /* the total row ends the matrix; citations follow */
        return 1;
    }
    return 0;
}

static void test_names_knomad(void **state)
{
    real_fx *f = *state;
    NEED_DATA(f);
    static const char *const files[] = {
        "wb_knomad/bilateral_remittance_matrix_2021.xlsx", "wb_knomad/bilateral_migration_matrix_2021_latest.xlsx",
        "wb_knomad/WB_Bilateral_Remittance_Estimates_2017.xlsx",
        "wb_knomad/WB_Bilateral_Estimates_Migrant_Stocks_2017.xlsx"};
    for (size_t k = 0; k < 4; k++) {
        coverage c = {f, files[k], 0, 0};
        xlsx_book *b = NULL;
        mg_err err = {0};
        if (mg_xlsx_open(data_file(f, files[k]), &b, &err))
            fail_msg("%s", err.msg);
        knomad_walk w = {&c, false};
        assert_int_equal(mg_xlsx_read_sheet(b, 0, knomad_row, &w, &err), MIGDIP_OK);
        mg_xlsx_close(b);
        assert_true(c.checked > 400);
        assert_int_equal(c.missing, 0);
    }
    const char *rel = "wb_knomad/Bilateralremittancematrix2018Oct2019_trimmed.csv";
    coverage c = {f, rel, 0, 0};
    mg_csv_reader *r = open_csv(f, rel);
    for (size_t i = 1; i < mg_csv_nfields(r); i++)
        need_name(&c, mg_csv_field(r, i, NULL), 1);
    mg_err err = {0};
    while (mg_csv_next(r, &err) == MIGDIP_OK && mg_csv_nfields(r))
        need_name(&c, mg_csv_field(r, 0, NULL), mg_csv_line(r));
    mg_csv_close(r);
    assert_int_equal(c.missing, 0);
}

int main(void)
{
    const struct CMUnitTest tests[] = {
        cmocka_unit_test(test_figures),
        cmocka_unit_test(test_names_undesa2019),
        cmocka_unit_test(test_codes_undesa2020),
        cmocka_unit_test(test_names_wdi),
        cmocka_unit_test(test_names_bla_and_cow),
        cmocka_unit_test(test_codes_cepii),
        cmocka_unit_test(test_names_knomad),
    };
    return cmocka_run_group_tests(tests, setup, teardown);
}
