/* test_imp_unsd.c - the UN Statistics Division AMA importer (unsd-ama) on small workbooks the
 * test writes: the GDP row of each country stored as UNSD.GDP.CD, other indicators skipped,
 * countries by M49 with the name as a check, former states under their own codes, rows with
 * no state reported with their row, empty cells missing, the edition from the header's years,
 * two releases side by side with the newest read, and bad inputs leaving the store as it was. */
#include "testutil.h"

#include "store/series.h"

typedef struct fx {
    char *dir, *db, *fp;
    migdip_ctx *ctx;
} fx;

#define NC 6
static const char *const AMA[] = {
    "GDP/breakdown at current prices in US Dollars (all countries)", "", "", "", "", "",
    "", "", "", "", "", "",
    "CountryID", "Country", "IndicatorName", "2022", "2023", "2024",
    "492", "Monaco", "Final consumption expenditure", "1", "2", "3",
    "492", "Monaco", "Gross Domestic Product (GDP)", "8800432773.73545", "10003897341.1767", "11125788838.2813",
    "408", "D.P.R. of Korea", "Gross Domestic Product (GDP)", "15847371619.8307", "", "16000000000",
    "810", "USSR (Former)", "Gross Domestic Product (GDP)", "", "", "",
    "835", "U.R. of Tanzania: Mainland", "Gross Domestic Product (GDP)", "70000000000", "75000000000", "",
    "524", "Nepal", "Gross Domestic Product (GDP)", "40000000000", "41000000000", "42000000000",
};
#define AMA_ROWS (sizeof AMA / sizeof *AMA / NC)

static char *write_ama(fx *f, const char *name, const char *const *cells, size_t rows)
{
    tu_sheet sheets[] = {{"Download-GDPcurrent-USD-countr", rows, NC, cells},
                         {"Footnotes", 1, 2, (const char *const[]){"CountryID", "Footnote"}}};
    return tu_write_xlsx(f->dir, name, sheets, 2);
}

static int setup(void **state)
{
    fx *f = calloc(1, sizeof *f);
    f->dir = tu_tmpdir();
    f->ctx = tu_store(f->dir, &f->db);
    tu_seed_countries(f->db, "MCO=Monaco;PRK=North Korea;NPL=Nepal;TZA=Tanzania");
    tu_exec_sql(f->db, "INSERT INTO country_code(scheme,code,iso3) VALUES('m49','492','MCO'),('m49','408','PRK'),"
                "('m49','524','NPL'),('m49','834','TZA')");
    f->fp = tu_store_fingerprint(f->db);
    *state = f;
    return 0;
}

static int teardown(void **state)
{
    fx *f = *state;
    migdip_ctx_close(f->ctx);
    tu_rmdir(f->dir);
    free(f->dir);
    free(f->db);
    free(f->fp);
    free(f);
    return 0;
}

static double val(fx *f, const char *iso3, int year, const char *edition, int *flag)
{
    char sql[512];
    snprintf(sql, sizeof sql,
             "SELECT s.flag FROM series s JOIN vintage v ON v.id=s.vintage_id WHERE s.code='UNSD.GDP.CD'"
             " AND s.iso3='%s' AND s.year=%d AND v.edition='%s'", iso3, year, edition);
    double fl = tu_query_double(f->db, sql);
    *flag = isnan(fl) ? -1 : (int)fl;
    snprintf(sql, sizeof sql,
             "SELECT s.value FROM series s JOIN vintage v ON v.id=s.vintage_id WHERE s.code='UNSD.GDP.CD'"
             " AND s.iso3='%s' AND s.year=%d AND v.edition='%s'", iso3, year, edition);
    return tu_query_double(f->db, sql);
}

static void test_values(void **state)
{
    fx *f = *state;
    int flag;
    char *p = write_ama(f, "Download-GDPcurrent-USD-countries.xlsx", AMA, AMA_ROWS);
    migdip_import_report *rep = NULL;
    assert_int_equal(tu_import_file(f->ctx, p, &rep), MIGDIP_OK);
    assert_string_equal(rep->files[0].importer, "unsd-ama");
    assert_int_equal(rep->files[0].rows, 4 * 3); /* MCO, PRK, SUN, NPL; Tanzania mainland reported */
    assert_int_equal(rep->n_unmapped, 1);
    assert_string_equal(rep->unmapped[0].name, "U.R. of Tanzania: Mainland [M49 835]");
    assert_string_equal(rep->unmapped[0].cell, "A8");
    assert_int_equal(rep->unmapped[0].line, 8);
    migdip_import_report_free(rep);
    assert_near(val(f, "MCO", 2024, "2022-2024", &flag), 11125788838.2813, 1e-4);
    assert_int_equal(flag, MIGDIP_FLAG_OBSERVED);
    assert_near(val(f, "PRK", 2022, "2022-2024", &flag), 15847371619.8307, 1e-4);
    assert_true(isnan(val(f, "PRK", 2023, "2022-2024", &flag)));
    assert_int_equal(flag, MIGDIP_FLAG_MISSING);
    /* a former state under its own code, never its successor's */
    assert_true(isnan(val(f, "SUN", 2022, "2022-2024", &flag)));
    assert_int_equal(flag, MIGDIP_FLAG_MISSING);
    tu_assert_text(f->db, "SELECT count(*) FROM series WHERE iso3 IN ('RUS','TZA')", "0");
    /* only the GDP row: Monaco's consumption (1, 2, 3) is not stored */
    tu_assert_text(f->db, "SELECT count(*) FROM series WHERE iso3='MCO'", "3");
    /* no docProps/core.xml in the fixture: released is the year after the last one covered */
    tu_assert_text(f->db, "SELECT dataset||'|'||edition||'|'||released FROM vintage WHERE importer='unsd-ama'",
                   "unsd-ama|2022-2024|2025");
    tu_assert_text(f->db, "SELECT unit FROM series_info WHERE code='UNSD.GDP.CD'", "current US$");
    char *fp = tu_store_fingerprint(f->db);
    assert_int_equal(tu_import_file(f->ctx, p, &rep), MIGDIP_OK);
    assert_int_equal(rep->files[0].skipped, 1);
    migdip_import_report_free(rep);
    char *fp2 = tu_store_fingerprint(f->db);
    assert_string_equal(fp, fp2);
    free(fp);
    free(fp2);
    free(p);
}

/* The release to 2023 beside the one to 2024: both kept; 2024 only in the newer; the reader
 * takes the newest. */
static void test_two_releases(void **state)
{
    fx *f = *state;
    int flag;
    static const char *const OLD[] = {
        "GDP/breakdown at current prices in US Dollars (all countries)", "", "", "", "",
        "CountryID", "Country", "IndicatorName", "2022", "2023",
        "492", "Monaco", "Gross Domestic Product (GDP)", "8800432773.73544", "9995355319.01978",
    };
    tu_sheet old_sheets[] = {{"Download-GDPcurrent-USD-countr", 3, 5, OLD}};
    char *old = tu_write_xlsx(f->dir, "ama_old.xlsx", old_sheets, 1);
    char *cur = write_ama(f, "ama_new.xlsx", AMA, AMA_ROWS);
    const char *files[] = {cur, old};
    assert_int_equal(tu_import(f->ctx, files, 2), MIGDIP_OK);
    assert_near(val(f, "MCO", 2023, "2022-2023", &flag), 9995355319.01978, 1e-4);
    assert_near(val(f, "MCO", 2023, "2022-2024", &flag), 10003897341.1767, 1e-4);
    assert_true(isnan(val(f, "MCO", 2024, "2022-2023", &flag)));
    assert_int_equal(flag, -1);
    sqlite3 *db = NULL;
    mg_err err = {0};
    migdip_value v;
    assert_int_equal(sqlite3_open_v2(f->db, &db, SQLITE_OPEN_READONLY, NULL), SQLITE_OK);
    assert_int_equal(mg_store_series_at(db, "UNSD.GDP.CD", "MCO", 2023, &v, &err), MIGDIP_OK);
    assert_near(v.value, 10003897341.1767, 1e-4);
    sqlite3_close(db);
    free(old);
    free(cur);
}

static void variant(const char **out, size_t row, size_t col, const char *v)
{
    memcpy(out, AMA, sizeof AMA);
    out[row * NC + col] = v;
}

static void expect_fail(fx *f, const char *const *cells, size_t rows, migdip_status st, const char *needle)
{
    char *p = write_ama(f, "ama_bad.xlsx", cells, rows);
    migdip_status got = tu_import_file(f->ctx, p, NULL);
    const char *msg = migdip_ctx_errmsg(f->ctx);
    if (got != st)
        fail_msg("status %d (%s), wanted %d; message: %s", got, migdip_status_str(got), st, msg);
    if (!strstr(msg, needle))
        fail_msg("message \"%s\" lacks \"%s\"", msg, needle);
    char *fp = tu_store_fingerprint(f->db);
    assert_string_equal(fp, f->fp);
    free(fp);
    free(p);
}

static void test_bad(void **state)
{
    fx *f = *state;
    const char *d[sizeof AMA / sizeof *AMA];
    variant(d, 4, 4, "ten billion");
    expect_fail(f, d, AMA_ROWS, MIGDIP_ERR_PARSE,
                "ama_bad.xlsx: sheet \"Download-GDPcurrent-USD-countr\" cell E5: column UNSD.GDP.CD: expected a"
                " number or empty, got \"ten billion\"");
    variant(d, 4, 4, "-1");
    expect_fail(f, d, AMA_ROWS, MIGDIP_ERR_RANGE, "cell E5: column UNSD.GDP.CD: expected a value >= 0");
    variant(d, 4, 1, "Nepal");
    expect_fail(f, d, AMA_ROWS, MIGDIP_ERR_SCHEMA, "row 5: M49 492 is MCO but the name \"Nepal\" is NPL");
    variant(d, 5, 0, "492");
    d[5 * NC + 1] = "Monaco";
    expect_fail(f, d, AMA_ROWS, MIGDIP_ERR_DUPLICATE, "row 6: duplicate key: MCO (Monaco) GDP (first in row 5)");
    variant(d, 4, 0, "Monaco");
    expect_fail(f, d, AMA_ROWS, MIGDIP_ERR_PARSE, "cell A5: column CountryID: expected an M49 code");
    variant(d, 2, 5, "next year");
    expect_fail(f, d, AMA_ROWS, MIGDIP_ERR_SCHEMA, "cell F3: column header: expected a year");
    variant(d, 2, 4, "2022");
    expect_fail(f, d, AMA_ROWS, MIGDIP_ERR_DUPLICATE, "cell E3: column header: expected each year once");
    /* the header and no GDP row */
    expect_fail(f, AMA, 4, MIGDIP_ERR_SCHEMA, "has no \"Gross Domestic Product (GDP)\" rows");
    /* a truncated workbook is nobody's */
    char *p = write_ama(f, "cut.xlsx", AMA, AMA_ROWS);
    struct stat st;
    assert_int_equal(stat(p, &st), 0);
    assert_int_equal(truncate(p, st.st_size / 2), 0);
    assert_int_equal(tu_import_file(f->ctx, p, NULL), MIGDIP_ERR_SCHEMA);
    char *fp = tu_store_fingerprint(f->db);
    assert_string_equal(fp, f->fp);
    free(fp);
    free(p);
}

int main(void)
{
    const struct CMUnitTest tests[] = {
        cmocka_unit_test_setup_teardown(test_values, setup, teardown),
        cmocka_unit_test_setup_teardown(test_two_releases, setup, teardown),
        cmocka_unit_test_setup_teardown(test_bad, setup, teardown),
    };
    return cmocka_run_group_tests(tests, NULL, NULL);
}
