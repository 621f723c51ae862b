/* test_real_undesa.c - the UN DESA importers on the real reference files (skipped when the
 * data directory is absent). The figures were checked independently with pandas/openpyxl
 * (Debian's /usr/bin/python3) on the same files; the crosswalk files are imported first so
 * that names and codes map. */
#include "testutil.h"

#include <time.h>

typedef tu_real_fx real;

static const char *const CODES[] = {
    "codes/countrycode_codelist_without_cldr.csv", "codes/countrycode_data_cow.csv",
    "codes/countrycode_data_regions.csv", "codes/iso3166_lukes_all.csv"};
static const char *const UNDESA[] = {
    "undesa_ims/ims2020_gdiviz_tidy/undesa_ims2020_bilateral_by_sex_long.csv",
    "undesa_ims/ims2019_table1_csv/migrants_by_origin_and_destination_total.csv",
    "undesa_ims/ims2019_table1_csv/migrants_by_origin_and_destination_male.csv",
    "undesa_ims/ims2019_table1_csv/migrants_by_origin_and_destination_female.csv",
    "undesa_ims/original_xlsx/undesa_pd_2020_ims_stock_by_sex_and_destination.xlsx",
    "undesa_ims/original_xlsx/undesa_pd_2019_migrant_stock_total_dataset.xlsx"};
#define N_CODES (sizeof CODES / sizeof *CODES)
#define N_UNDESA (sizeof UNDESA / sizeof *UNDESA)

/* The crosswalk files CODES, then UNDESA (tu_real_fx_setup). */
static int setup(void **state)
{
    *state = tu_real_fx_setup(CODES, N_CODES, UNDESA, N_UNDESA);
    return 0;
}

#define NEED(state)                                                                                \
    real *x = *(state);                                                                            \
    if (!x)                                                                                        \
        skip()

static void test_files(void **state)
{
    NEED(state);
    assert_int_equal(x->rep->n_files, N_UNDESA);
    /* 150,570 sex rows + 77,157 corridor-year totals (pandas groupby dest,orig,year) */
    assert_true(tu_query_double(x->db_path, "SELECT rows FROM vintage WHERE importer='undesa-ims-long'") == 227727);
    assert_true(tu_query_double(x->db_path, "SELECT count(*) FROM vintage WHERE dataset='undesa-ims'") == 6);
    assert_true(tu_query_double(x->db_path, "SELECT count(*) FROM vintage WHERE dataset='undesa-ims' AND "
                                       "released=CASE edition WHEN '2019' THEN '2019-09-18' ELSE '2021-01-15' END") == 6);
    /* every tidy-file code maps (the report lists unmapped names from the 2019 CSVs only) */
    for (size_t i = 0; i < x->rep->n_unmapped; i++)
        assert_null(strstr(x->rep->unmapped[i].file, "ims2020_gdiviz_tidy"));
}

static void test_idn_mys(void **state)
{
    NEED(state);
    assert_true(tu_query_double(x->db_path, "SELECT value FROM stock_pref WHERE orig='IDN' AND dest='MYS' "
                                       "AND year=2020 AND sex='T'") == 1241634);
    assert_true(tu_query_double(x->db_path, "SELECT flag FROM stock_pref WHERE orig='IDN' AND dest='MYS' "
                                       "AND year=2020 AND sex='T'") == MIGDIP_FLAG_DERIVED);
    assert_true(tu_query_double(x->db_path, "SELECT value FROM stock_pref WHERE orig='IDN' AND dest='MYS' "
                                       "AND year=2020 AND sex='M'") == 788858);
    assert_true(tu_query_double(x->db_path, "SELECT value FROM stock_pref WHERE orig='IDN' AND dest='MYS' "
                                       "AND year=2020 AND sex='F'") == 452776);
}

static void test_nepal_abroad(void **state)
{
    NEED(state);
    assert_true(tu_query_double(x->db_path, "SELECT sum(value) FROM stock_pref WHERE orig='NPL' AND year=2020 "
                                       "AND sex='T'") == 2599701);
    double share = tu_query_double(x->db_path,
        "SELECT sum(CASE WHEN dest IN ('BHR','KWT','OMN','QAT','SAU','ARE','MYS') THEN value END)/sum(value)"
        " FROM stock_pref WHERE orig='NPL' AND year=2020 AND sex='T'");
    assert_float_equal(share, 0.538001485555454, 1e-9);
    assert_int_equal((int)lround(share * 1000), 538);
}

/* The sum of the countries of the 2020 destination table is the WORLD row (280,598,105);
 * and the tidy file's totals add up to the same. 2019: WORLD = 271,642,105. */
static void test_world_totals(void **state)
{
    NEED(state);
    assert_true(tu_query_double(x->db_path,
        "SELECT sum(value) FROM stock_total s JOIN vintage v ON v.id=s.vintage_id "
        "WHERE v.edition='2020' AND year=2020 AND sex='T'") == 280598105);
    assert_true(tu_query_double(x->db_path,
        "SELECT sum(value) FROM stock s JOIN vintage v ON v.id=s.vintage_id "
        "WHERE v.importer='undesa-ims-long' AND year=2020 AND sex='T'") == 280598105);
    assert_true(tu_query_double(x->db_path,
        "SELECT sum(value) FROM stock_total s JOIN vintage v ON v.id=s.vintage_id "
        "WHERE v.edition='2019' AND year=2019 AND sex='T'") == 271642105);
    /* MYS in 2020, both sexes and females, as in the workbook (openpyxl) */
    assert_true(tu_query_double(x->db_path,
        "SELECT value FROM stock_total s JOIN vintage v ON v.id=s.vintage_id "
        "WHERE v.edition='2020' AND iso3='MYS' AND year=2020 AND sex='T'") == 3476560);
    /* South Sudan 1990: ".." in the workbook is an explicit missing value, never zero */
    assert_true(tu_query_double(x->db_path,
        "SELECT flag FROM stock_total s JOIN vintage v ON v.id=s.vintage_id "
        "WHERE v.edition='2020' AND iso3='SSD' AND year=1990 AND sex='T'") == MIGDIP_FLAG_MISSING);
    assert_true(tu_query_double(x->db_path, "SELECT count(*) FROM stock_total WHERE iso3 IN ('WLD','XXX')") == 0);
}

/* 2019 edition (wide CSVs), compared with pandas reading the CSVs as text. */
static void test_2019_wide(void **state)
{
    NEED(state);
    static const struct {
        const char *orig, *dest, *sex;
        int year;
        double value;
    } cases[] = {
        {"IDN", "MYS", "T", 2019, 1225156}, {"IDN", "MYS", "M", 2019, 767934}, {"IDN", "MYS", "F", 2019, 457222},
        {"NPL", "IND", "T", 2019, 533646},  {"NPL", "IND", "F", 2019, 287228}, {"IND", "QAT", "T", 1990, 2738},
        {"NPL", "QAT", "M", 1990, 335},
    };
    for (size_t i = 0; i < sizeof cases / sizeof *cases; i++) {
        char sql[512];
        snprintf(sql, sizeof sql,
                 "SELECT value FROM stock s JOIN vintage v ON v.id=s.vintage_id WHERE v.edition='2019' "
                 "AND orig='%s' AND dest='%s' AND year=%d AND sex='%s'",
                 cases[i].orig, cases[i].dest, cases[i].year, cases[i].sex);
        double got = tu_query_double(x->db_path, sql);
        if (got != cases[i].value)
            fail_msg("%s -> %s %d %s: got %.0f, want %.0f", cases[i].orig, cases[i].dest, cases[i].year,
                     cases[i].sex, got, cases[i].value);
    }
    /* the 2020 edition is the preferred one */
    assert_true(tu_query_double(x->db_path, "SELECT count(*) FROM stock_pref WHERE year=2019") == 0);
}

/* Importing the same files again changes nothing. */
static void test_reimport(void **state)
{
    NEED(state);
    char *before = tu_store_fingerprint(x->db_path);
    migdip_import_report *rep = NULL;
    tu_real_fx_import(x, tu_data_dir(), UNDESA, N_UNDESA, &rep);
    for (size_t i = 0; i < rep->n_files; i++)
        assert_int_equal(rep->files[i].skipped, 1);
    migdip_import_report_free(rep);
    char *after = tu_store_fingerprint(x->db_path);
    assert_string_equal(before, after);
    free(before);
    free(after);
}

int main(void)
{
    const struct CMUnitTest tests[] = {
        cmocka_unit_test(test_files), cmocka_unit_test(test_idn_mys),
        cmocka_unit_test(test_nepal_abroad),     cmocka_unit_test(test_world_totals),
        cmocka_unit_test(test_2019_wide),        cmocka_unit_test(test_reimport),
    };
    return cmocka_run_group_tests(tests, setup, tu_real_fx_group_teardown);
}
