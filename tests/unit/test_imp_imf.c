/* test_imp_imf.c - the IMF World Economic Outlook importer (imf-weo) on small workbooks the
 * test writes: values scaled to units, years after "Estimates Start After" flagged derived,
 * n/a and -- missing, the IMF codes UVK and WBG mapped, unknown codes reported with their
 * row, the edition from the footer, two editions side by side with the newest read, and one
 * test per kind of bad input proving the status, the message and an unchanged store. */
#include "testutil.h"

#include "store/series.h"

typedef struct fx {
    char *dir, *db, *fp;
    migdip_ctx *ctx;
} fx;

#define NC 14
/* header: code, ISO, subject, country, descriptor, notes, units, scale, series notes, 2021..2024, ESA */
#define ROW(code, iso, subj, country, units, scale, y1, y2, y3, y4, esa) \
    code, iso, subj, country, "d", "n", units, scale, "s", y1, y2, y3, y4, esa
static const char *const WEO[] = {
    "WEO Country Code", "ISO", "WEO Subject Code", "Country", "Subject Descriptor", "Subject Notes", "Units",
    "Scale", "Country/Series-specific Notes", "2021", "2022", "2023", "2024", "Estimates Start After",
    ROW("558", "NPL", "PPPGDP", "Nepal", "Purchasing power parity; international dollars", "Billions",
        "123.456", "130.5", "140.25", "150", "2022"),
    ROW("558", "NPL", "LP", "Nepal", "Persons", "Millions", "29.5", "n/a", "--", "30.1", "2023"),
    ROW("558", "NPL", "NGDP_R", "Nepal", "National currency", "Billions", "1", "2", "3", "4", "2022"),
    ROW("967", "UVK", "PPPGDP", "Kosovo", "Purchasing power parity; international dollars", "Billions", "20.1",
        "21.2", "22.3", "23.4", "2023"),
    ROW("487", "WBG", "NGDPD", "West Bank and Gaza", "U.S. dollars", "Billions", "18.1", "19.1", "17.4", "n/a",
        "2023"),
    ROW("528", "TWN", "PPPPC", "Taiwan Province of China", "Purchasing power parity; international dollars",
        "Units", "60000.5", "65000", "70000", "73000", "2023"),
    ROW("999", "ZZZ", "PPPGDP", "Zubrowka", "Purchasing power parity; international dollars", "Billions", "1",
        "2", "3", "4", "2023"),
    "", "", "", "", "", "", "", "", "", "", "", "", "", "",
    "International Monetary Fund, World Economic Outlook Database, April 2024", "", "", "", "", "", "", "", "",
    "", "", "", "", "",
};
#define WEO_ROWS (sizeof WEO / sizeof *WEO / NC)

static char *write_weo(fx *f, const char *name, const char *const *cells, size_t rows)
{
    tu_sheet sheets[] = {{"WEOApr2024all", rows, NC, cells}};
    return tu_write_xlsx(f->dir, name, sheets, 1);
}

static int setup(void **state)
{
    fx *f = calloc(1, sizeof *f);
    f->dir = tu_tmpdir();
    f->ctx = tu_store(f->dir, &f->db);
    tu_seed_countries(f->db, "NPL=Nepal;PSE=Palestine;TWN=Taiwan");
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

static double val(fx *f, const char *code, const char *iso3, int year, const char *edition, int *flag)
{
    char sql[512];
    snprintf(sql, sizeof sql,
             "SELECT s.flag FROM series s JOIN vintage v ON v.id=s.vintage_id WHERE s.code='%s' AND s.iso3='%s'"
             " AND s.year=%d AND v.edition='%s'", code, iso3, year, edition);
    double fl = tu_query_double(f->db, sql);
    *flag = isnan(fl) ? -1 : (int)fl;
    snprintf(sql, sizeof sql,
             "SELECT s.value FROM series s JOIN vintage v ON v.id=s.vintage_id WHERE s.code='%s' AND s.iso3='%s'"
             " AND s.year=%d AND v.edition='%s'", code, iso3, year, edition);
    return tu_query_double(f->db, sql);
}

static void test_values(void **state)
{
    fx *f = *state;
    int flag;
    char *p = write_weo(f, "WEOApr2024all.xlsx", WEO, WEO_ROWS);
    migdip_import_report *rep = NULL;
    assert_int_equal(tu_import_file(f->ctx, p, &rep), MIGDIP_OK);
    assert_string_equal(rep->files[0].importer, "imf-weo");
    assert_int_equal(rep->files[0].rows, 5 * 4); /* five rows read, NGDP_R skipped, ZZZ unmapped */
    assert_int_equal(rep->n_unmapped, 1);
    assert_string_equal(rep->unmapped[0].name, "Zubrowka [ZZZ]");
    assert_string_equal(rep->unmapped[0].cell, "B8");
    assert_int_equal(rep->unmapped[0].line, 8);
    migdip_import_report_free(rep);
    /* billions scaled to units; up to Estimates Start After observed, after it derived */
    assert_near(val(f, "WEO.PPPGDP", "NPL", 2021, "April 2024", &flag), 123.456e9, 1e-3);
    assert_int_equal(flag, MIGDIP_FLAG_OBSERVED);
    assert_near(val(f, "WEO.PPPGDP", "NPL", 2022, "April 2024", &flag), 130.5e9, 1e-3);
    assert_int_equal(flag, MIGDIP_FLAG_OBSERVED);
    assert_near(val(f, "WEO.PPPGDP", "NPL", 2023, "April 2024", &flag), 140.25e9, 1e-3);
    assert_int_equal(flag, MIGDIP_FLAG_DERIVED);
    /* millions; n/a and -- are missing (NULL, flag 0), never zero */
    assert_near(val(f, "WEO.LP", "NPL", 2021, "April 2024", &flag), 29.5e6, 1e-6);
    assert_true(isnan(val(f, "WEO.LP", "NPL", 2022, "April 2024", &flag)));
    assert_int_equal(flag, MIGDIP_FLAG_MISSING);
    assert_true(isnan(val(f, "WEO.LP", "NPL", 2023, "April 2024", &flag)));
    assert_int_equal(flag, MIGDIP_FLAG_MISSING);
    assert_near(val(f, "WEO.LP", "NPL", 2024, "April 2024", &flag), 30.1e6, 1e-6);
    assert_int_equal(flag, MIGDIP_FLAG_DERIVED);
    /* IMF codes: UVK is Kosovo (XKX), WBG West Bank and Gaza (PSE); Taiwan in units */
    assert_near(val(f, "WEO.PPPGDP", "XKX", 2023, "April 2024", &flag), 22.3e9, 1e-3);
    assert_int_equal(flag, MIGDIP_FLAG_OBSERVED);
    assert_near(val(f, "WEO.NGDPD", "PSE", 2022, "April 2024", &flag), 19.1e9, 1e-3);
    assert_near(val(f, "WEO.PPPPC", "TWN", 2021, "April 2024", &flag), 60000.5, 1e-9);
    tu_assert_text(f->db, "SELECT count(*) FROM series WHERE code='WEO.NGDP_R'", "0");
    tu_assert_text(f->db, "SELECT dataset||'|'||edition||'|'||released FROM vintage WHERE importer='imf-weo'",
                   "imf-weo|April 2024|2024-04-01");
    tu_assert_text(f->db, "SELECT unit FROM series_info WHERE code='WEO.PPPGDP'", "current international $ (PPP)");
    tu_assert_text(f->db, "SELECT unit FROM series_info WHERE code='WEO.LP'", "persons");
    /* re-import: skipped, unchanged */
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

/* October beside April: both kept, the reader takes the newest released edition. */
static void test_two_editions(void **state)
{
    fx *f = *state;
    int flag;
    const char *oct[sizeof WEO / sizeof *WEO];
    memcpy(oct, WEO, sizeof WEO);
    oct[1 * NC + 11] = "141.75"; /* NPL PPPGDP 2023, revised */
    oct[1 * NC + 13] = "2023";
    oct[9 * NC] = "International Monetary Fund, World Economic Outlook Database, October 2024";
    char *apr = write_weo(f, "WEOApr2024all.xlsx", WEO, WEO_ROWS);
    char *octp = write_weo(f, "WEOOct2024all.xlsx", oct, WEO_ROWS);
    const char *files[] = {octp, apr};
    assert_int_equal(tu_import(f->ctx, files, 2), MIGDIP_OK);
    assert_near(val(f, "WEO.PPPGDP", "NPL", 2023, "April 2024", &flag), 140.25e9, 1e-3);
    assert_int_equal(flag, MIGDIP_FLAG_DERIVED);
    assert_near(val(f, "WEO.PPPGDP", "NPL", 2023, "October 2024", &flag), 141.75e9, 1e-3);
    assert_int_equal(flag, MIGDIP_FLAG_OBSERVED);
    tu_assert_text(f->db, "SELECT group_concat(edition||'@'||released,';') FROM (SELECT * FROM vintage"
                   " WHERE dataset='imf-weo' ORDER BY released)", "April 2024@2024-04-01;October 2024@2024-10-01");
    /* the store's reader takes the newest released edition */
    sqlite3 *db = NULL;
    mg_err err = {0};
    migdip_value v;
    assert_int_equal(sqlite3_open_v2(f->db, &db, SQLITE_OPEN_READONLY, NULL), SQLITE_OK);
    assert_int_equal(mg_store_series_at(db, "WEO.PPPGDP", "NPL", 2023, &v, &err), MIGDIP_OK);
    assert_near(v.value, 141.75e9, 1e-3);
    assert_int_equal(v.flag, MIGDIP_FLAG_OBSERVED);
    sqlite3_close(db);
    free(apr);
    free(octp);
}

static void variant(const char **out, size_t row, size_t col, const char *v)
{
    memcpy(out, WEO, sizeof WEO);
    out[row * NC + col] = v;
}

static void expect_fail(fx *f, const char *const *cells, size_t rows, migdip_status st, const char *needle)
{
    char *p = write_weo(f, "WEObad.xlsx", cells, rows);
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
    const char *d[sizeof WEO / sizeof *WEO];
    variant(d, 1, 10, "lots");
    expect_fail(f, d, WEO_ROWS, MIGDIP_ERR_PARSE, "WEObad.xlsx: sheet \"WEOApr2024all\" cell K2: column PPPGDP:"
                " expected a number, n/a or --, got \"lots\"");
    variant(d, 1, 10, "-5");
    expect_fail(f, d, WEO_ROWS, MIGDIP_ERR_RANGE, "cell K2: column PPPGDP: expected a value >= 0");
    variant(d, 1, 7, "Thousands");
    expect_fail(f, d, WEO_ROWS, MIGDIP_ERR_SCHEMA, "cell H2: column Scale: expected Billions, Millions or Units");
    variant(d, 1, 6, "U.S. dollars");
    expect_fail(f, d, WEO_ROWS, MIGDIP_ERR_SCHEMA, "cell G2: column Units: expected \"Purchasing power parity;");
    variant(d, 2, 2, "PPPGDP");
    d[2 * NC + 6] = "Purchasing power parity; international dollars";
    expect_fail(f, d, WEO_ROWS, MIGDIP_ERR_DUPLICATE, "row 3: duplicate key: NPL PPPGDP (first in row 2)");
    variant(d, 1, 13, "soon");
    expect_fail(f, d, WEO_ROWS, MIGDIP_ERR_PARSE, "cell N2: column Estimates Start After: expected a year or n/a");
    variant(d, 9, 0, "International Monetary Fund, World Economic Outlook Database, Spring 2024");
    expect_fail(f, d, WEO_ROWS, MIGDIP_ERR_PARSE, "cell A10: column footer");
    variant(d, 9, 0, "Some other note");
    expect_fail(f, d, WEO_ROWS, MIGDIP_ERR_SCHEMA, "has no footer \"International Monetary Fund");
    variant(d, 0, 7, "Scaling");
    expect_fail(f, d, WEO_ROWS, MIGDIP_ERR_SCHEMA, "row 1: missing column \"Scale\"");
    expect_fail(f, WEO, 1, MIGDIP_ERR_SCHEMA, "has no data rows");
    /* a row after the footer */
    const char *tail[sizeof WEO / sizeof *WEO + NC];
    memcpy(tail, WEO, sizeof WEO);
    memcpy(tail + sizeof WEO / sizeof *WEO, WEO + NC, NC * sizeof *WEO);
    expect_fail(f, tail, WEO_ROWS + 1, MIGDIP_ERR_SCHEMA, "cell B11: column ISO: expected no data after the footer");
    /* a truncated workbook is nobody's */
    char *p = write_weo(f, "cut.xlsx", WEO, WEO_ROWS);
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
        cmocka_unit_test_setup_teardown(test_two_editions, setup, teardown),
        cmocka_unit_test_setup_teardown(test_bad, setup, teardown),
    };
    return cmocka_run_group_tests(tests, NULL, NULL);
}
