/* test_real_wdi.c - the WDI importers on the reference files in ../shared/data/wdi: figures
 * checked independently with pandas/openpyxl (Debian's /usr/bin/python3), the two vintages
 * kept apart (2024 DataBank vs 2026 API pull), timing, and the names that do not map. */
#include "testutil.h"

#include <stdbool.h>
#include <time.h>


typedef struct real {
    char *tmp, *db;
    migdip_ctx *ctx;
    size_t n_unmapped;
} real;

static migdip_status import_dir(real *r, const char *dir, bool report)
{
    migdip_import_opts o = {.data_dir = dir};
    migdip_import_report *rep = NULL;
    migdip_status st = migdip_import_run(r->ctx, &o, &rep);
    if (st)
        fail_msg("import %s: %s", dir, migdip_ctx_errmsg(r->ctx));
    if (report) {
        r->n_unmapped += rep->n_unmapped;
        /* listed in full once the crosswalks are in; without them nearly everything is unmapped */
        for (size_t i = 0; i < rep->n_unmapped && (rep->n_unmapped <= 100 || i < 10); i++)
            print_message("unmapped: %s:%ld %s: %s\n", rep->unmapped[i].file, rep->unmapped[i].line,
                          rep->unmapped[i].cell ? rep->unmapped[i].cell : "", rep->unmapped[i].name);
    }
    migdip_import_report_free(rep);
    return st;
}

static int setup(void **state)
{
    const char *data = tu_data_dir();
    if (!data) {
        *state = NULL;
        return 0;
    }
    real *r = calloc(1, sizeof *r);
    r->tmp = tu_tmpdir();
    r->ctx = tu_store(r->tmp, &r->db);
    char path[4096];
    /* crosswalks first (when their importers are in this build) */
    snprintf(path, sizeof path, "%s/codes", data);
    import_dir(r, path, false);
    if (tu_query_double(r->db, "SELECT count(*) FROM country") < 100)
        tu_seed_countries(r->db, "TON=Tonga;NPL=Nepal;TJK=Tajikistan;KGZ=Kyrgyz Republic");
    snprintf(path, sizeof path, "%s/wdi", data);
    import_dir(r, path, true);
    print_message("WDI import (tidy + DataBank + derived): %zu unmapped names\n", r->n_unmapped);
    *state = r;
    return 0;
}

static int teardown(void **state)
{
    real *r = *state;
    if (!r)
        return 0;
    migdip_ctx_close(r->ctx);
    tu_rmdir(r->tmp);
    free(r->tmp);
    free(r->db);
    free(r);
    return 0;
}

#define SKIP_IF_NO_DATA(r)        \
    do {                          \
        if (!(r))                 \
            skip();               \
    } while (0)

static double q(real *r, const char *fmt, ...) __attribute__((format(printf, 2, 3)));
static double q(real *r, const char *fmt, ...)
{
    char sql[1024];
    va_list ap;
    va_start(ap, fmt);
    vsnprintf(sql, sizeof sql, fmt, ap);
    va_end(ap);
    return tu_query_double(r->db, sql);
}

/* BX.TRF.PWKR.DT.GD.ZS of iso3 in year from the vintages of one edition and importer. */
static double remit_pct(real *r, const char *iso3, int year, const char *edition, const char *importer)
{
    return q(r, "SELECT s.value FROM series s JOIN vintage v ON v.id=s.vintage_id WHERE s.code="
                "'BX.TRF.PWKR.DT.GD.ZS' AND s.iso3='%s' AND s.year=%d AND v.edition='%s' AND v.importer='%s'",
             iso3, year, edition, importer);
}

static void test_remittances_2023(void **state)
{
    real *r = *state;
    SKIP_IF_NO_DATA(r);
    /* pandas: 100 * BX.TRF.PWKR.CD.DT / NY.GDP.MKTP.CD, 2023 = 42.610 / 26.223 / 37.845 */
    assert_float_equal(remit_pct(r, "TON", 2023, "2026-07-01", "wdi-derive"), 42.6, 0.05);
    assert_float_equal(remit_pct(r, "NPL", 2023, "2026-07-01", "wdi-derive"), 26.2, 0.05);
    assert_float_equal(remit_pct(r, "TJK", 2023, "2026-07-01", "wdi-derive"), 37.8, 0.05);
    assert_float_equal(remit_pct(r, "TON", 2023, "2026-07-01", "wdi-derive"), 42.610423187612625, 1e-9);
    /* the profile (newest vintage, observed beats derived) */
    migdip_profile *p = NULL;
    assert_int_equal(migdip_profile_get(r->ctx, "TON", 2023, &p), MIGDIP_OK);
    assert_float_equal(p->remittances_pct_gdp.value, 42.6, 0.05);
    assert_int_equal(p->remittances_pct_gdp.year, 2023);
    assert_int_equal(p->remittances_pct_gdp.flag, MIGDIP_FLAG_DERIVED);
    assert_float_equal(p->remittances_usd.value, 251887142.127208, 1e-3);
    migdip_profile_free(p);
}

static void test_tidy_counts(void **state)
{
    real *r = *state;
    SKIP_IF_NO_DATA(r);
    /* every value a vintage claims is in the store, and every stored tidy value is observed */
    assert_true(q(r, "SELECT count(*) FROM vintage v WHERE v.importer LIKE 'wdi-%%' AND v.rows <>"
                     " (SELECT count(*) FROM series s WHERE s.vintage_id=v.id) +"
                     " (SELECT count(*) FROM aggregate_series a WHERE a.vintage_id=v.id)") == 0);
    assert_true(q(r, "SELECT count(*) FROM series s JOIN vintage v ON v.id=s.vintage_id"
                     " WHERE v.importer='wdi-tidy' AND s.flag<>1") == 0);
    /* missing is never zero */
    assert_true(q(r, "SELECT count(*) FROM series WHERE flag=0 AND value IS NOT NULL") == 0);
    /* pandas: sp.pop.totl.csv has 17394 rows, bx.trf.pwkr.cd.dt.csv 9576; 9512 country-years
     * (incl. aggregates) have both BX and GDP <> 0 */
    if (r->n_unmapped == 0) {
        assert_true(q(r, "SELECT rows FROM vintage WHERE file LIKE '%%/sp.pop.totl.csv'") == 17394);
        assert_true(q(r, "SELECT rows FROM vintage WHERE file LIKE '%%/bx.trf.pwkr.cd.dt.csv'") == 9576);
        assert_true(q(r, "SELECT (SELECT count(*) FROM series WHERE code='BX.TRF.PWKR.DT.GD.ZS' AND flag=2)"
                         " + (SELECT count(*) FROM aggregate_series WHERE code='BX.TRF.PWKR.DT.GD.ZS' AND flag=2)")
                    == 9512);
    }
    /* a figure straight from the file: Nepal's population 2021 */
    assert_true(q(r, "SELECT value FROM series s JOIN vintage v ON v.id=s.vintage_id WHERE v.edition='2026-07-01'"
                     " AND s.code='SP.POP.TOTL' AND s.iso3='NPL' AND s.year=2021") > 2.9e7);
    /* speed is measured by bench/import.sh, not asserted here */
}

static void test_databank_vintage_apart(void **state)
{
    real *r = *state;
    SKIP_IF_NO_DATA(r);
    /* openpyxl: the March-2024 DataBank values */
    assert_float_equal(remit_pct(r, "KGZ", 2021, "2024-03-28", "wdi-databank"), 32.56, 0.005);
    assert_float_equal(remit_pct(r, "TJK", 2021, "2024-03-28", "wdi-databank"), 32.69, 0.005);
    assert_float_equal(remit_pct(r, "NPL", 2021, "2024-03-28", "wdi-databank"), 22.28, 0.005);
    /* ... equal to BX/GDP computed from the 2026 files for these three */
    static const char *const SAME[] = {"KGZ", "TJK", "NPL"};
    for (size_t i = 0; i < 3; i++)
        assert_float_equal(remit_pct(r, SAME[i], 2021, "2024-03-28", "wdi-databank"),
                           remit_pct(r, SAME[i], 2021, "2026-07-01", "wdi-derive"), 0.01);
    /* ... but not for Tonga, whose 2021 GDP the 2026 vintage revised (469.2 M -> 519.3 M US$):
     * both numbers are kept, each in its own vintage */
    assert_float_equal(remit_pct(r, "TON", 2021, "2024-03-28", "wdi-databank"), 46.9, 0.05);
    assert_float_equal(remit_pct(r, "TON", 2021, "2026-07-01", "wdi-derive"), 41.5, 0.05);
    assert_float_equal(q(r, "SELECT s.value FROM series s JOIN vintage v ON v.id=s.vintage_id WHERE"
                            " v.importer='wdi-databank' AND s.code='NY.GDP.MKTP.CD' AND s.iso3='TON'"),
                       469228219.6657909, 1e-3);
    /* the newest released vintage wins in a profile: 2021 comes from the 2026 pull */
    migdip_profile *p = NULL;
    assert_int_equal(migdip_profile_get(r->ctx, "TON", 2021, &p), MIGDIP_OK);
    assert_float_equal(p->remittances_pct_gdp.value, 41.5, 0.05);
    migdip_profile_free(p);
    /* openpyxl: part 1 has 79042 ".." cells and 90998 numbers over 218 rows x 780 series */
    if (r->n_unmapped == 0) {
        assert_true(q(r, "SELECT rows FROM vintage WHERE file LIKE '%%part1.xlsx'") == 218 * 780);
        assert_true(q(r, "SELECT (SELECT count(*) FROM series s JOIN vintage v ON v.id=s.vintage_id WHERE"
                         " v.file LIKE '%%part1.xlsx' AND s.flag=0) + (SELECT count(*) FROM aggregate_series s"
                         " JOIN vintage v ON v.id=s.vintage_id WHERE v.file LIKE '%%part1.xlsx' AND s.flag=0)")
                    == 79042);
        assert_true(q(r, "SELECT rows FROM vintage WHERE file LIKE '%%part2.xlsx'") == 218 * 453);
    }
    assert_true(q(r, "SELECT count(*) FROM series_info WHERE code LIKE 'per_%%'") > 0);
    assert_true(q(r, "SELECT count(*) FROM vintage WHERE edition='2024-03-28' AND importer='wdi-databank'") == 2);
}

static void test_reimport_real(void **state)
{
    real *r = *state;
    SKIP_IF_NO_DATA(r);
    char *fp = tu_store_fingerprint(r->db);
    char path[4096];
    snprintf(path, sizeof path, "%s/wdi", tu_data_dir());
    migdip_import_opts o = {.data_dir = path};
    migdip_import_report *rep = NULL;
    assert_int_equal(migdip_import_run(r->ctx, &o, &rep), MIGDIP_OK);
    for (size_t i = 0; i < rep->n_files; i++)
        assert_int_equal(rep->files[i].skipped, 1);
    migdip_import_report_free(rep);
    char *fp2 = tu_store_fingerprint(r->db);
    assert_string_equal(fp, fp2);
    free(fp);
    free(fp2);
}

int main(void)
{
    const struct CMUnitTest tests[] = {
        cmocka_unit_test(test_remittances_2023),
        cmocka_unit_test(test_tidy_counts),
        cmocka_unit_test(test_databank_vintage_apart),
        cmocka_unit_test(test_reimport_real),
    };
    return cmocka_run_group_tests(tests, setup, teardown);
}
