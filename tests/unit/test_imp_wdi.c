/* test_imp_wdi.c - the World Bank WDI importers (tidy per-indicator CSV, bulk API CSV,
 * DataBank xlsx) and the derived series: exact stored values, flags and vintages on small
 * hand-made fixtures, round trips, re-import, and one test per kind of bad input proving
 * the status, the message and that the store is unchanged. */
/* testutil.h's tu_write_xlsx trips GCC's -Wformat-truncation at -O0 (a row number into a
 * 16-byte cell reference); the fixtures here are a few rows. */
#include "testutil.h"


/* ---------------------------------------------------------------- fixture */

typedef struct fx {
    char *dir;
    char *db;
    migdip_ctx *ctx;
    char *fp;     /* fingerprint after the good base import */
    char *base;   /* the good base file */
} fx;

static const char BASE_POP[] =
    "Country Name,Country Code,Year,Value\n"
    "Nepal,NPL,2020,29348627\n"
    "Nepal,NPL,2021,30034989\n"
    "Tonga,TON,2021,106017\n"
    "World,WLD,2021,7888408686\n";

static int setup(void **state)
{
    fx *f = calloc(1, sizeof *f);
    f->dir = tu_tmpdir();
    f->ctx = tu_store(f->dir, &f->db);
    tu_seed_countries(f->db, "NPL=Nepal;TON=Tonga;TJK=Tajikistan;KGZ=Kyrgyz Republic");
    tu_exec_sql(f->db, "INSERT INTO aggregate(code,name,scheme) VALUES('WLD','World','wb'),"
                    "('LMY','Low & middle income','wb')");
    f->base = tu_write_text(f->dir, "good/sp.pop.totl.csv", BASE_POP);
    assert_int_equal(tu_import_file(f->ctx, f->base, NULL), MIGDIP_OK);
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
    free(f->base);
    free(f);
    return 0;
}

/* The value and flag of one series cell (NAN and -1 when there is no row). */
static double cell(fx *f, const char *table, const char *code, const char *key, int year, int *flag,
                   const char *importer)
{
    char sql[512];
    const char *keycol = strcmp(table, "series") == 0 ? "iso3" : "agg";
    snprintf(sql, sizeof sql,
             "SELECT s.flag FROM %s s JOIN vintage v ON v.id=s.vintage_id WHERE s.code='%s' AND s.%s='%s'"
             " AND s.year=%d AND v.importer='%s'", table, code, keycol, key, year, importer);
    double fl = tu_query_double(f->db, sql);
    *flag = isnan(fl) ? -1 : (int)fl;
    snprintf(sql, sizeof sql,
             "SELECT s.value FROM %s s JOIN vintage v ON v.id=s.vintage_id WHERE s.code='%s' AND s.%s='%s'"
             " AND s.year=%d AND v.importer='%s'", table, code, keycol, key, year, importer);
    return tu_query_double(f->db, sql);
}

/* Import the bad file dir/bad/name; expect status st, every needle in the message, and an
 * unchanged store. */
static void expect_fail_path(fx *f, const char *path, migdip_status st, const char *const *needles)
{
    migdip_status got = tu_import_file(f->ctx, path, NULL);
    const char *msg = migdip_ctx_errmsg(f->ctx);
    if (got != st)
        fail_msg("status %d (%s), wanted %d; message: %s", got, migdip_status_str(got), st, msg);
    for (; *needles; needles++)
        if (!strstr(msg, *needles))
            fail_msg("message \"%s\" lacks \"%s\"", msg, *needles);
    char *fp = tu_store_fingerprint(f->db);
    assert_string_equal(fp, f->fp);
    free(fp);
}

static void expect_fail(fx *f, const char *name, const char *content, migdip_status st,
                        const char *const *needles)
{
    char rel[256];
    snprintf(rel, sizeof rel, "bad/%s", name);
    char *p = tu_write_text(f->dir, rel, content);
    expect_fail_path(f, p, st, needles);
    free(p);
}

#define NEEDLES(...) ((const char *const[]){__VA_ARGS__, NULL})

/* ---------------------------------------------------------------- tidy CSV */

static void test_tidy_values(void **state)
{
    fx *f = *state;
    int flag;
    /* base: values, flags, aggregates apart from countries */
    assert_true(cell(f, "series", "SP.POP.TOTL", "NPL", 2021, &flag, "wdi-tidy") == 30034989);
    assert_int_equal(flag, MIGDIP_FLAG_OBSERVED);
    assert_true(cell(f, "series", "SP.POP.TOTL", "TON", 2021, &flag, "wdi-tidy") == 106017);
    assert_true(cell(f, "aggregate_series", "SP.POP.TOTL", "WLD", 2021, &flag, "wdi-tidy") == 7888408686.0);
    assert_int_equal(flag, MIGDIP_FLAG_OBSERVED);
    assert_true(isnan(tu_query_double(f->db, "SELECT 1 FROM series WHERE iso3='WLD'")));
    /* the vintage */
    tu_assert_text(f->db, "SELECT dataset||'|'||edition||'|'||released||'|'||importer||'|'||rows FROM vintage"
                   " WHERE importer='wdi-tidy'", "wdi|2026-07-01|2026-07-01|wdi-tidy|4");
    tu_assert_text(f->db, "SELECT file FROM vintage WHERE importer='wdi-tidy'", f->base);
    char *src = tu_query_text(f->db, "SELECT source||' '||citation FROM vintage WHERE importer='wdi-tidy'");
    assert_non_null(strstr(src, "World Bank"));
    assert_non_null(strstr(src, "CC BY 4.0"));
    free(src);

    /* missing cells, unmapped codes, long decimals, the datapackage's title and unit */
    char *p = tu_write_text(f->dir, "t2/bx.trf.pwkr.cd.dt.csv",
                            "Country Name,Country Code,Year,Value\n"
                            "Nepal,NPL,2021,8225960574.6612\n"
                            "Nepal,NPL,2022,\n"
                            "\"Bahamas, The\",BHS,2021,50805711\n"
                            "Tonga,TON,2021,220299783.21279499\n"
                            "Low & middle income,LMY,2021,605000000000\n"
                            "\"Bahamas, The\",BHS,2022,57888000\n");
    char *j = tu_write_text(f->dir, "t2/bx.trf.pwkr.cd.dt.datapackage.json",
                            "{\"title\": \"Personal remittances, received (current US$)\","
                            " \"worldbank\": {\"indicator\": \"bx.trf.pwkr.cd.dt\"}}");
    migdip_import_report *rep = NULL;
    assert_int_equal(tu_import_file(f->ctx, p, &rep), MIGDIP_OK);
    assert_int_equal(rep->n_files, 1);
    assert_string_equal(rep->files[0].importer, "wdi-tidy");
    assert_int_equal(rep->files[0].rows, 4); /* NPL x2 (one missing), TON, LMY; BHS skipped */
    assert_int_equal(rep->n_unmapped, 1);
    assert_string_equal(rep->unmapped[0].name, "Bahamas, The [BHS]");
    assert_int_equal(rep->unmapped[0].line, 4);
    assert_string_equal(rep->unmapped[0].cell, "Country Code");
    migdip_import_report_free(rep);
    assert_true(cell(f, "series", "BX.TRF.PWKR.CD.DT", "NPL", 2021, &flag, "wdi-tidy") == 8225960574.6612);
    assert_true(cell(f, "series", "BX.TRF.PWKR.CD.DT", "TON", 2021, &flag, "wdi-tidy") == 220299783.21279499);
    double v = cell(f, "series", "BX.TRF.PWKR.CD.DT", "NPL", 2022, &flag, "wdi-tidy");
    assert_true(isnan(v)); /* NULL, never zero */
    assert_int_equal(flag, MIGDIP_FLAG_MISSING);
    assert_true(cell(f, "aggregate_series", "BX.TRF.PWKR.CD.DT", "LMY", 2021, &flag, "wdi-tidy") == 605e9);
    tu_assert_text(f->db, "SELECT name||'|'||unit FROM series_info WHERE code='BX.TRF.PWKR.CD.DT'",
                "Personal remittances, received (current US$)|current US$");
    tu_assert_text(f->db, "SELECT count(*) FROM unmapped WHERE name='Bahamas, The [BHS]'", "1");
    free(p);
    free(j);
}

static void test_tidy_package_layouts(void **state)
{
    fx *f = *state;
    int flag;
    /* <code>/data.csv beside datapackage.json (the datasets repository layout), with a date */
    char *p = tu_write_text(f->dir, "pk/ny.gdp.mktp.cd/data.csv",
                            "Country Name,Country Code,Year,Value\nNepal,NPL,2021,36924841428.7\n");
    char *j = tu_write_text(f->dir, "pk/ny.gdp.mktp.cd/datapackage.json",
                            "{\"title\":\"GDP (current US$)\",\"last_updated\":\"2025-01-02\","
                            "\"worldbank\":{\"indicator\":\"ny.gdp.mktp.cd\"}}");
    assert_int_equal(tu_import_file(f->ctx, p, NULL), MIGDIP_OK);
    assert_true(cell(f, "series", "NY.GDP.MKTP.CD", "NPL", 2021, &flag, "wdi-tidy") == 36924841428.7);
    tu_assert_text(f->db, "SELECT edition||'|'||released FROM vintage WHERE file LIKE '%ny.gdp.mktp.cd/data.csv'",
                "2025-01-02|2025-01-02");
    tu_assert_text(f->db, "SELECT unit FROM series_info WHERE code='NY.GDP.MKTP.CD'", "current US$");
    free(p);
    free(j);
    /* no datapackage: the code from the file name, no unit in "Population, total"-like titles */
    p = tu_write_text(f->dir, "pk/SM.POP.NETM.csv",
                      "\"Country Name\",\"Country Code\",\"Year\",\"Value\"\r\nNepal,NPL,2021,-74000\r\n");
    assert_int_equal(tu_import_file(f->ctx, p, NULL), MIGDIP_OK); /* negative net migration is legitimate */
    assert_true(cell(f, "series", "SM.POP.NETM", "NPL", 2021, &flag, "wdi-tidy") == -74000);
    tu_assert_text(f->db, "SELECT count(*) FROM series_info WHERE code='SM.POP.NETM'", "0");
    free(p);
}

static void test_tidy_round_trip(void **state)
{
    fx *f = *state;
    /* file -> store -> query back -> compare, every row */
    static const struct row {
        const char *name, *code;
        int year;
        const char *value;
    } ROWS[] = {
        {"Kyrgyz Republic", "KGZ", 2019, "2411151823.66"}, {"Kyrgyz Republic", "KGZ", 2020, "2368745186.6"},
        {"Kyrgyz Republic", "KGZ", 2021, "3011845025.87625"}, {"Tajikistan", "TJK", 2021, "2921713106.977"},
        {"Tajikistan", "TJK", 2022, "5323000000"}, {"Tonga", "TON", 2023, "251887142.127208"},
        {"World", "WLD", 2023, "857000000000"},
    };
    size_t n = sizeof ROWS / sizeof *ROWS;
    char text[2048] = "Country Name,Country Code,Year,Value\n";
    for (size_t i = 0; i < n; i++) {
        size_t len = strlen(text);
        snprintf(text + len, sizeof text - len, "%s,%s,%d,%s\n", ROWS[i].name, ROWS[i].code, ROWS[i].year,
                 ROWS[i].value);
    }
    char *p = tu_write_text(f->dir, "rt/bx.trf.pwkr.cd.dt.csv", text);
    assert_int_equal(tu_import_file(f->ctx, p, NULL), MIGDIP_OK);
    sqlite3 *db = NULL;
    assert_int_equal(sqlite3_open_v2(f->db, &db, SQLITE_OPEN_READONLY, NULL), SQLITE_OK);
    sqlite3_stmt *st = NULL;
    assert_int_equal(sqlite3_prepare_v2(db,
        "SELECT iso3, year, value, flag FROM series WHERE code='BX.TRF.PWKR.CD.DT' UNION ALL"
        " SELECT agg, year, value, flag FROM aggregate_series WHERE code='BX.TRF.PWKR.CD.DT'"
        " ORDER BY 1, 2", -1, &st, NULL), SQLITE_OK);
    size_t k = 0;
    while (sqlite3_step(st) == SQLITE_ROW) {
        assert_true(k < n);
        assert_string_equal((const char *)sqlite3_column_text(st, 0), ROWS[k].code);
        assert_int_equal(sqlite3_column_int(st, 1), ROWS[k].year);
        assert_true(sqlite3_column_double(st, 2) == strtod(ROWS[k].value, NULL));
        assert_int_equal(sqlite3_column_int(st, 3), MIGDIP_FLAG_OBSERVED);
        k++;
    }
    assert_int_equal(k, n);
    sqlite3_finalize(st);
    sqlite3_close(db);
    free(p);
}

static void test_reimport_changes_nothing(void **state)
{
    fx *f = *state;
    migdip_import_report *rep = NULL;
    assert_int_equal(tu_import_file(f->ctx, f->base, &rep), MIGDIP_OK);
    assert_int_equal(rep->n_files, 1);
    assert_int_equal(rep->files[0].skipped, 1);
    assert_int_equal(rep->rows, 0);
    migdip_import_report_free(rep);
    char *fp = tu_store_fingerprint(f->db);
    assert_string_equal(fp, f->fp);
    free(fp);
}

/* ---------------------------------------------------------------- tidy: bad input */

static void test_tidy_bad_text_value(void **state)
{
    expect_fail(*state, "sp.pop.totl.csv", "Country Name,Country Code,Year,Value\nNepal,NPL,2020,29348627\n"
                "Nepal,NPL,2021,abc\n", MIGDIP_ERR_PARSE,
                NEEDLES("sp.pop.totl.csv:3: column Value: expected a number, got \"abc\""));
    /* thousands separators are not a WDI number either */
    expect_fail(*state, "sp.pop.totl.csv", "Country Name,Country Code,Year,Value\n"
                "Nepal,NPL,2021,\"30,034,989\"\n", MIGDIP_ERR_PARSE,
                NEEDLES("sp.pop.totl.csv:2: column Value: expected a number, got \"30,034,989\""));
    /* the issue's own example: "n/a" is not how the World Bank writes a gap (it leaves the cell
     * empty or drops the year), so it is text in a number cell */
    expect_fail(*state, "sp.pop.totl.csv", "Country Name,Country Code,Year,Value\nNepal,NPL,2020,29348627\n"
                "Nepal,NPL,2021,n/a\n", MIGDIP_ERR_PARSE,
                NEEDLES("sp.pop.totl.csv:3: column Value: expected a number, got \"n/a\""));
}

static void test_tidy_bad_truncated(void **state)
{
    /* the last record lost its Value field */
    expect_fail(*state, "sp.pop.totl.csv", "Country Name,Country Code,Year,Value\nNepal,NPL,2020,29348627\n"
                "Nepal,NPL,2021", MIGDIP_ERR_PARSE, NEEDLES("sp.pop.totl.csv:3: expected at least 4 fields, got 3"));
    /* cut inside a quoted field */
    expect_fail(*state, "sp.pop.totl.csv", "Country Name,Country Code,Year,Value\n\"Bahamas, The\",BHS,2020,1\n"
                "\"Bahamas, Th", MIGDIP_ERR_PARSE, NEEDLES("sp.pop.totl.csv:3", "unterminated"));
}

static void test_tidy_bad_columns(void **state)
{
    expect_fail(*state, "sp.pop.totl.csv", "Country Name,Country Code,Year,Val\nNepal,NPL,2021,1\n",
                MIGDIP_ERR_SCHEMA, NEEDLES("sp.pop.totl.csv:1: missing column \"Value\""));
    expect_fail(*state, "sp.pop.totl.csv", "Country Name,Country Code,Year\nNepal,NPL,2021\n",
                MIGDIP_ERR_SCHEMA, NEEDLES("sp.pop.totl.csv:1: missing column \"Value\""));
    /* a file name that names no indicator, and no datapackage beside it: not ours to read */
    expect_fail(*state, "wdi.csv", "Country Name,Country Code,Year,Value\nNepal,NPL,2021,1\n",
                MIGDIP_ERR_SCHEMA, NEEDLES("wdi.csv: not a recognised data file"));
    /* a datapackage without worldbank.indicator does not help either */
    fx *f0 = *state;
    char *j0 = tu_write_text(f0->dir, "bad/wdi.datapackage.json", "{\"title\": \"Something\"}");
    expect_fail(*state, "wdi.csv", "Country Name,Country Code,Year,Value\nNepal,NPL,2021,1\n",
                MIGDIP_ERR_SCHEMA, NEEDLES("wdi.csv: cannot tell the indicator"));
    unlink(j0);
    free(j0);
    /* a broken datapackage.json */
    fx *f = *state;
    char *j = tu_write_text(f->dir, "bad/sl.tlf.totl.in.datapackage.json", "{\"title\": \"Labor force");
    expect_fail(*state, "sl.tlf.totl.in.csv", "Country Name,Country Code,Year,Value\nNepal,NPL,2021,1\n",
                MIGDIP_ERR_PARSE, NEEDLES("sl.tlf.totl.in.csv: sl.tlf.totl.in.datapackage.json: expected a JSON object"));
    free(j);
}

static void test_tidy_bad_duplicate(void **state)
{
    expect_fail(*state, "sp.pop.totl.csv", "Country Name,Country Code,Year,Value\nNepal,NPL,2020,1\n"
                "Nepal,NPL,2021,2\nTonga,TON,2021,3\nNepal,NPL,2021,4\n", MIGDIP_ERR_DUPLICATE,
                NEEDLES("sp.pop.totl.csv:5: duplicate key: SP.POP.TOTL NPL 2021 (first on line 3)"));
}

static void test_tidy_bad_negative(void **state)
{
    expect_fail(*state, "sp.pop.totl.csv", "Country Name,Country Code,Year,Value\nNepal,NPL,2021,-5\n",
                MIGDIP_ERR_RANGE, NEEDLES("sp.pop.totl.csv:2: column Value: expected a value >= 0", "got \"-5\""));
    expect_fail(*state, "bx.trf.pwkr.cd.dt.csv", "Country Name,Country Code,Year,Value\nNepal,NPL,2021,-1e9\n",
                MIGDIP_ERR_RANGE, NEEDLES("bx.trf.pwkr.cd.dt.csv:2: column Value: expected a value >= 0"));
}

static void test_tidy_bad_year(void **state)
{
    expect_fail(*state, "sp.pop.totl.csv", "Country Name,Country Code,Year,Value\nNepal,NPL,20x1,1\n",
                MIGDIP_ERR_PARSE, NEEDLES("sp.pop.totl.csv:2: column Year: expected a year, got \"20x1\""));
    expect_fail(*state, "sp.pop.totl.csv", "Country Name,Country Code,Year,Value\nNepal,NPL,3000,1\n",
                MIGDIP_ERR_RANGE, NEEDLES("sp.pop.totl.csv:2: column Year: expected a year in 1800-2100"));
    expect_fail(*state, "sp.pop.totl.csv", "Country Name,Country Code,Year,Value\nNepal,,2021,1\n",
                MIGDIP_ERR_PARSE, NEEDLES("sp.pop.totl.csv:2: column Country Code: expected an economy code"));
}

static void test_tidy_bad_empty(void **state)
{
    /* zero bytes: no importer recognises it */
    expect_fail(*state, "sp.pop.totl.csv", "", MIGDIP_ERR_SCHEMA,
                NEEDLES("sp.pop.totl.csv: not a recognised data file"));
    /* a header and nothing else */
    expect_fail(*state, "sp.pop.totl.csv", "Country Name,Country Code,Year,Value\n", MIGDIP_ERR_SCHEMA,
                NEEDLES("sp.pop.totl.csv: no data rows"));
}

static void test_wrong_kind_refused(void **state)
{
    /* files under WDI-like names whose content is no publisher's format: the WDI importer
     * must not take them (recognition is by content; a real COW or UN file under such a name
     * is read by its own importer) */
    expect_fail(*state, "sp.pop.totl.csv", "Country,Code,Period,Amount\nNepal,NPL,2020,1\n",
                MIGDIP_ERR_SCHEMA, NEEDLES("not a recognised data file"));
    expect_fail(*state, "API_SP.POP.TOTL_DS2_en_csv_v2_1.csv", "\"Source\",\"Somewhere\",\nx,y\n",
                MIGDIP_ERR_SCHEMA, NEEDLES("not a recognised data file"));
    expect_fail(*state, "wdi.csv", "\"Data Source\",\"Worldwide Governance Indicators\",\n", MIGDIP_ERR_SCHEMA,
                NEEDLES("not a recognised data file"));
}

/* ---------------------------------------------------------------- bulk API CSV */

static const char BULK_GOOD[] =
    "\xEF\xBB\xBF\"Data Source\",\"World Development Indicators\",\n"
    "\n"
    "\"Last Updated Date\",\"2024-06-28\",\n"
    "\n"
    "\"Country Name\",\"Country Code\",\"Indicator Name\",\"Indicator Code\",\"1960\",\"1961\",\"1962\",\"1963\",\n"
    "\"Nepal\",\"NPL\",\"GDP (current US$)\",\"NY.GDP.MKTP.CD\",\"508334414.4\",\"\",\"\",\"541000000\",\n"
    "\"World\",\"WLD\",\"GDP (current US$)\",\"NY.GDP.MKTP.CD\",\"1.38e+12\",\"1.43e+12\",\"1.53e+12\",\"1.64e+12\",\n"
    "\"Zubrowka\",\"ZZB\",\"GDP (current US$)\",\"NY.GDP.MKTP.CD\",\"\",\"\",\"\",\"\",\n"
    "\"Tonga\",\"TON\",\"GDP (current US$)\",\"NY.GDP.MKTP.CD\",\"\",\"\",\"\",\"\",\n";

static void test_bulk_values(void **state)
{
    fx *f = *state;
    int flag;
    char *p = tu_write_text(f->dir, "bulk/API_NY.GDP.MKTP.CD_DS2_en_csv_v2_2.csv", BULK_GOOD);
    migdip_import_report *rep = NULL;
    assert_int_equal(tu_import_file(f->ctx, p, &rep), MIGDIP_OK);
    assert_string_equal(rep->files[0].importer, "wdi-bulk");
    assert_int_equal(rep->files[0].rows, 12); /* NPL 4, WLD 4, TON 4 cells; ZZB unmapped */
    assert_int_equal(rep->n_unmapped, 1);
    assert_string_equal(rep->unmapped[0].name, "Zubrowka [ZZB]");
    assert_int_equal(rep->unmapped[0].line, 8);
    migdip_import_report_free(rep);
    assert_true(cell(f, "series", "NY.GDP.MKTP.CD", "NPL", 1960, &flag, "wdi-bulk") == 508334414.4);
    assert_int_equal(flag, MIGDIP_FLAG_OBSERVED);
    assert_true(isnan(cell(f, "series", "NY.GDP.MKTP.CD", "NPL", 1961, &flag, "wdi-bulk")));
    assert_int_equal(flag, MIGDIP_FLAG_MISSING); /* explicit missing row, value NULL */
    assert_true(cell(f, "series", "NY.GDP.MKTP.CD", "NPL", 1963, &flag, "wdi-bulk") == 541000000);
    assert_true(cell(f, "aggregate_series", "NY.GDP.MKTP.CD", "WLD", 1962, &flag, "wdi-bulk") == 1.53e12);
    tu_assert_text(f->db, "SELECT count(*) FROM series s JOIN vintage v ON v.id=s.vintage_id WHERE v.importer='wdi-bulk'"
                   " AND s.iso3='TON' AND s.flag=0 AND s.value IS NULL", "4");
    tu_assert_text(f->db, "SELECT dataset||'|'||edition||'|'||released FROM vintage WHERE importer='wdi-bulk'",
                "wdi|2024-06-28|2024-06-28");
    tu_assert_text(f->db, "SELECT name||'|'||unit FROM series_info WHERE code='NY.GDP.MKTP.CD'",
                "GDP (current US$)|current US$");
    /* again: skipped, nothing changes */
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

#define BULK_HEAD "\"Data Source\",\"World Development Indicators\",\n\n\"Last Updated Date\",\"2024-06-28\",\n\n"
#define BULK_COLS "\"Country Name\",\"Country Code\",\"Indicator Name\",\"Indicator Code\",\"2020\",\"2021\",\n"

static void test_bulk_bad(void **state)
{
    fx *f = *state;
    expect_fail(f, "API_x.csv", BULK_HEAD BULK_COLS "\"Nepal\",\"NPL\",\"Population, total\",\"SP.POP.TOTL\",\"1\",\"n.a.\",\n",
                MIGDIP_ERR_PARSE, NEEDLES("API_x.csv:6: column 2021: expected a number, got \"n.a.\""));
    expect_fail(f, "API_x.csv", BULK_HEAD BULK_COLS "\"Nepal\",\"NPL\",\"Population, total\",\"SP.POP.TOTL\",\"1\"\n",
                MIGDIP_ERR_PARSE, NEEDLES("API_x.csv:6: expected at least 6 fields, got 5"));
    expect_fail(f, "API_x.csv", BULK_HEAD "\"Country Name\",\"Country Code\",\"Indicator Name\",\"Code\",\"2020\",\n"
                "\"Nepal\",\"NPL\",\"Population, total\",\"SP.POP.TOTL\",\"1\",\n",
                MIGDIP_ERR_SCHEMA, NEEDLES("API_x.csv:5: missing column \"Indicator Code\""));
    expect_fail(f, "API_x.csv", "\"Data Source\",\"World Development Indicators\",\n\n" BULK_COLS
                "\"Nepal\",\"NPL\",\"Population, total\",\"SP.POP.TOTL\",\"1\",\"2\",\n",
                MIGDIP_ERR_SCHEMA, NEEDLES("API_x.csv:3: no \"Last Updated Date\""));
    expect_fail(f, "API_x.csv", "\"Data Source\",\"World Development Indicators\",\n\"Last Updated Date\",\"28/06/2024\",\n",
                MIGDIP_ERR_PARSE, NEEDLES("API_x.csv:2: column Last Updated Date: expected a date YYYY-MM-DD"));
    expect_fail(f, "API_x.csv", BULK_HEAD "\"Country Name\",\"Country Code\",\"Indicator Name\",\"Indicator Code\",\"2020\",\"2O21\",\n",
                MIGDIP_ERR_SCHEMA, NEEDLES("API_x.csv:5: column 6: expected a year in 1800-2100, got \"2O21\""));
    expect_fail(f, "API_x.csv", BULK_HEAD BULK_COLS
                "\"Nepal\",\"NPL\",\"Population, total\",\"SP.POP.TOTL\",\"1\",\"2\",\n"
                "\"Tonga\",\"TON\",\"Population, total\",\"SP.POP.TOTL\",\"1\",\"2\",\n"
                "\"Nepal\",\"NPL\",\"Population, total\",\"SP.POP.TOTL\",\"1\",\"2\",\n",
                MIGDIP_ERR_DUPLICATE, NEEDLES("API_x.csv:8: duplicate key: SP.POP.TOTL for NPL (first on line 6)"));
    expect_fail(f, "API_x.csv", BULK_HEAD BULK_COLS "\"Nepal\",\"NPL\",\"GDP (current US$)\",\"NY.GDP.MKTP.CD\",\"-1\",\"2\",\n",
                MIGDIP_ERR_RANGE, NEEDLES("API_x.csv:6: column 2020: expected a value >= 0"));
    expect_fail(f, "API_x.csv", BULK_HEAD BULK_COLS, MIGDIP_ERR_SCHEMA, NEEDLES("API_x.csv: no data rows"));
    expect_fail(f, "API_x.csv", BULK_HEAD, MIGDIP_ERR_SCHEMA, NEEDLES("API_x.csv: no header line"));
    /* negative net migration is fine in the same layout */
    char *p = tu_write_text(f->dir, "bulk2/API_SM.POP.NETM.csv", BULK_HEAD BULK_COLS
                            "\"Nepal\",\"NPL\",\"Net migration\",\"SM.POP.NETM\",\"-74000\",\"\",\n");
    assert_int_equal(tu_import_file(f->ctx, p, NULL), MIGDIP_OK);
    free(p);
}

/* ---------------------------------------------------------------- derived series */

static void write_group(fx *f, const char *dir)
{
    static const struct { const char *file, *rows; } FILES[] = {
        {"bx.trf.pwkr.cd.dt.csv", "Nepal,NPL,2021,8000000000\nNepal,NPL,2022,9000000000\nWorld,WLD,2021,8e11\n"},
        {"ny.gdp.mktp.cd.csv", "Nepal,NPL,2021,40000000000\nNepal,NPL,2022,0\nWorld,WLD,2021,9.6e13\n"},
        {"ny.gdp.pcap.pp.cd.csv", "Nepal,NPL,2021,4000\n"},
        {"ms.mil.xpnd.gd.zs.csv", "Nepal,NPL,2021,1.5\n"},
        {"sm.pop.totl.csv", "Nepal,NPL,2021,500000\n"},
        {"bx.trf.pwkr.dt.gd.zs.csv", "Tonga,TON,2021,46.9\n"},
    };
    for (size_t i = 0; i < sizeof FILES / sizeof *FILES; i++) {
        char rel[256], text[512];
        snprintf(rel, sizeof rel, "%s/%s", dir, FILES[i].file);
        snprintf(text, sizeof text, "Country Name,Country Code,Year,Value\n%s", FILES[i].rows);
        free(tu_write_text(f->dir, rel, text));
    }
}

static void test_derive(void **state)
{
    fx *f = *state;
    int flag;
    write_group(f, "grp");
    char *tonga = tu_write_text(f->dir, "grp/sp.pop.totl.csv",
                                "Country Name,Country Code,Year,Value\nNepal,NPL,2021,30000000\n"
                                "Tonga,TON,2021,106017\n");
    char *gdp_ton = tu_write_text(f->dir, "grp2/ny.gdp.mktp.cd.csv",
                                  "Country Name,Country Code,Year,Value\nTonga,TON,2021,469228219.67\n");
    char *bx_ton = tu_write_text(f->dir, "grp2/bx.trf.pwkr.cd.dt.csv",
                                 "Country Name,Country Code,Year,Value\nTonga,TON,2021,220299783.2\n");
    free(tonga);
    /* grp/ then grp2/: one vintage group (2026-07-01) with the base population file too */
    migdip_import_opts o = {0};
    char *dir1 = tu_path(f->dir, "grp"), *dir2 = tu_path(f->dir, "grp2");
    o.data_dir = dir1;
    migdip_import_report *rep = NULL;
    assert_int_equal(migdip_import_run(f->ctx, &o, &rep), MIGDIP_OK);
    migdip_import_report_free(rep);
    o.data_dir = dir2;
    assert_int_equal(migdip_import_run(f->ctx, &o, &rep), MIGDIP_OK);
    migdip_import_report_free(rep);

    /* BX.TRF.PWKR.DT.GD.ZS = 100 x BX.TRF.PWKR.CD.DT / NY.GDP.MKTP.CD */
    assert_float_equal(cell(f, "series", "BX.TRF.PWKR.DT.GD.ZS", "NPL", 2021, &flag, "wdi-derive"), 20.0, 1e-12);
    assert_int_equal(flag, MIGDIP_FLAG_DERIVED);
    assert_float_equal(cell(f, "aggregate_series", "BX.TRF.PWKR.DT.GD.ZS", "WLD", 2021, &flag, "wdi-derive"),
                       100 * 8e11 / 9.6e13, 1e-12);
    /* GDP of 0: no division, no row */
    assert_int_equal((cell(f, "series", "BX.TRF.PWKR.DT.GD.ZS", "NPL", 2022, &flag, "wdi-derive"), flag), -1);
    /* NY.GDP.MKTP.PP.CD = NY.GDP.PCAP.PP.CD x SP.POP.TOTL (two population files in the group: the
     * newest file's value is used) */
    assert_float_equal(cell(f, "series", "NY.GDP.MKTP.PP.CD", "NPL", 2021, &flag, "wdi-derive"), 4000.0 * 30e6, 1e-3);
    /* MS.MIL.XPND.CD = MS.MIL.XPND.GD.ZS / 100 x NY.GDP.MKTP.CD */
    assert_float_equal(cell(f, "series", "MS.MIL.XPND.CD", "NPL", 2021, &flag, "wdi-derive"), 1.5 / 100 * 4e10, 1e-3);
    /* SM.POP.TOTL.ZS = 100 x SM.POP.TOTL / SP.POP.TOTL */
    assert_float_equal(cell(f, "series", "SM.POP.TOTL.ZS", "NPL", 2021, &flag, "wdi-derive"), 100 * 5e5 / 30e6, 1e-12);
    /* observed in the group: not derived (Tonga's 46.9 stays the only value) */
    assert_int_equal((cell(f, "series", "BX.TRF.PWKR.DT.GD.ZS", "TON", 2021, &flag, "wdi-derive"), flag), -1);
    assert_float_equal(cell(f, "series", "BX.TRF.PWKR.DT.GD.ZS", "TON", 2021, &flag, "wdi-tidy"), 46.9, 1e-12);
    /* the derived vintage */
    tu_assert_text(f->db, "SELECT dataset||'|'||edition||'|'||released||'|'||file||'|'||sha256||'|'||rows FROM vintage"
                   " WHERE importer='wdi-derive'", "wdi|2026-07-01|2026-07-01|(derived)|derived:wdi:2026-07-01|5");
    tu_assert_text(f->db, "SELECT count(*) FROM vintage WHERE importer='wdi-derive'", "1");
    /* the profile reads it: derived beats nothing, observed beats derived */
    migdip_profile *pr = NULL;
    assert_int_equal(migdip_profile_get(f->ctx, "NPL", 2021, &pr), MIGDIP_OK);
    assert_float_equal(pr->remittances_pct_gdp.value, 20.0, 1e-12);
    assert_int_equal(pr->remittances_pct_gdp.flag, MIGDIP_FLAG_DERIVED);
    migdip_profile_free(pr);
    assert_int_equal(migdip_profile_get(f->ctx, "TON", 2021, &pr), MIGDIP_OK);
    assert_float_equal(pr->remittances_pct_gdp.value, 46.9, 1e-12);
    assert_int_equal(pr->remittances_pct_gdp.flag, MIGDIP_FLAG_OBSERVED);
    migdip_profile_free(pr);

    /* idempotent: running the step again (every file skipped) changes nothing */
    char *fp = tu_store_fingerprint(f->db);
    o.data_dir = dir1;
    assert_int_equal(migdip_import_run(f->ctx, &o, &rep), MIGDIP_OK);
    migdip_import_report_free(rep);
    char *fp2 = tu_store_fingerprint(f->db);
    assert_string_equal(fp, fp2);
    free(fp);
    free(fp2);
    free(dir1);
    free(dir2);
    free(gdp_ton);
    free(bx_ton);
}

static void test_derive_keeps_vintages_apart(void **state)
{
    fx *f = *state;
    int flag;
    /* remittances from the tidy 2026 files, GDP only from a 2024 bulk file: no mixing */
    char *bx = tu_write_text(f->dir, "mix/bx.trf.pwkr.cd.dt.csv",
                             "Country Name,Country Code,Year,Value\nNepal,NPL,2021,8000000000\n");
    char *gdp = tu_write_text(f->dir, "mix/API_NY.GDP.MKTP.CD_DS2_en_csv_v2_1.csv", BULK_HEAD BULK_COLS
                              "\"Nepal\",\"NPL\",\"GDP (current US$)\",\"NY.GDP.MKTP.CD\",\"3.3e10\",\"4e10\",\n");
    const char *files[] = {bx, gdp};
    assert_int_equal(tu_import(f->ctx, files, 2), MIGDIP_OK);
    assert_int_equal((cell(f, "series", "BX.TRF.PWKR.DT.GD.ZS", "NPL", 2021, &flag, "wdi-derive"), flag), -1);
    tu_assert_text(f->db, "SELECT count(*) FROM vintage WHERE importer='wdi-derive'", "0");
    /* the bulk file's own group derives nothing either (no remittances in it) */
    tu_assert_text(f->db, "SELECT count(*) FROM series WHERE flag=2", "0");
    free(bx);
    free(gdp);
}

/* ---------------------------------------------------------------- DataBank xlsx */

#define DBK_COLS 7
static const char *const DBK_DATA[] = {
    "Time", "Time Code", "Country Name", "Country Code",
    "Personal remittances, received (% of GDP) [BX.TRF.PWKR.DT.GD.ZS]",
    "Population, total [SP.POP.TOTL]", "Net migration [SM.POP.NETM]",
    "2021", "YR2021", "Nepal", "NPL", "22.277578606643615", "30034989", "296541",
    "2021", "YR2021", "Tonga", "TON", "46.94938922678268", "106017", "..",
    "2021", "YR2021", "Zubrowka", "ZZB", "..", "152369", "1000",
    "2021", "YR2021", "World", "WLD", "0.82", "7888408686", "..",
    "", "", "", "", "", "", "",
    "Data from database: World Development Indicators", "", "", "", "", "", "",
    "Last Updated: 03/28/2024", "", "", "", "", "", "",
};
static const char *const DBK_META[] = {
    "Code", "License Type", "Indicator Name", "Unit of measure",
    "BX.TRF.PWKR.DT.GD.ZS", "CC BY-4.0", "Personal remittances, received (% of GDP)", "",
    "SP.POP.TOTL", "CC BY-4.0", "Population, total", "persons",
    "SM.POP.NETM", "CC BY-4.0", "Net migration", "",
};

static char *write_dbk(fx *f, const char *name, const char *const *data, size_t rows)
{
    tu_sheet sheets[] = {{"Data", rows, DBK_COLS, data}, {"Series - Metadata", 4, 4, DBK_META}};
    char rel[256];
    snprintf(rel, sizeof rel, "%s", name);
    char *dir = tu_path(f->dir, "x");
    mkdir(dir, 0755);
    char *p = tu_write_xlsx(dir, name, sheets, 2);
    free(dir);
    return p;
}

static void test_databank_values(void **state)
{
    fx *f = *state;
    int flag;
    char *p = write_dbk(f, "wdi_databank.xlsx", DBK_DATA, sizeof DBK_DATA / sizeof *DBK_DATA / DBK_COLS);
    migdip_import_report *rep = NULL;
    assert_int_equal(tu_import_file(f->ctx, p, &rep), MIGDIP_OK);
    assert_string_equal(rep->files[0].importer, "wdi-databank");
    assert_int_equal(rep->files[0].rows, 9); /* NPL, TON, WLD x 3 series; ZZB unmapped */
    assert_int_equal(rep->n_unmapped, 1);
    assert_string_equal(rep->unmapped[0].name, "Zubrowka [ZZB]");
    assert_string_equal(rep->unmapped[0].cell, "D4");
    assert_int_equal(rep->unmapped[0].line, 4);
    migdip_import_report_free(rep);
    assert_float_equal(cell(f, "series", "BX.TRF.PWKR.DT.GD.ZS", "NPL", 2021, &flag, "wdi-databank"),
                       22.277578606643615, 1e-13);
    assert_int_equal(flag, MIGDIP_FLAG_OBSERVED);
    assert_true(cell(f, "series", "SP.POP.TOTL", "TON", 2021, &flag, "wdi-databank") == 106017);
    assert_true(isnan(cell(f, "series", "SM.POP.NETM", "TON", 2021, &flag, "wdi-databank")));
    assert_int_equal(flag, MIGDIP_FLAG_MISSING);
    assert_true(cell(f, "series", "SM.POP.NETM", "NPL", 2021, &flag, "wdi-databank") == 296541);
    assert_true(cell(f, "aggregate_series", "SP.POP.TOTL", "WLD", 2021, &flag, "wdi-databank") == 7888408686.0);
    tu_assert_text(f->db, "SELECT dataset||'|'||edition||'|'||released FROM vintage WHERE importer='wdi-databank'",
                "wdi|2024-03-28|2024-03-28");
    tu_assert_text(f->db, "SELECT name||'|'||unit FROM series_info WHERE code='BX.TRF.PWKR.DT.GD.ZS'",
                "Personal remittances, received (% of GDP)|% of GDP");
    tu_assert_text(f->db, "SELECT unit FROM series_info WHERE code='SP.POP.TOTL'", "persons");
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

/* A copy of DBK_DATA with cell (row, col) (0-based) replaced. */
static void dbk_variant(const char **out, size_t row, size_t col, const char *v)
{
    memcpy(out, DBK_DATA, sizeof DBK_DATA);
    out[row * DBK_COLS + col] = v;
}

static void expect_dbk_fail(fx *f, const char *const *data, size_t rows, migdip_status st, const char *const *needles)
{
    char *p = write_dbk(f, "bad_databank.xlsx", data, rows);
    expect_fail_path(f, p, st, needles);
    free(p);
}

static void test_databank_bad(void **state)
{
    fx *f = *state;
    const size_t rows = sizeof DBK_DATA / sizeof *DBK_DATA / DBK_COLS;
    const char *d[sizeof DBK_DATA / sizeof *DBK_DATA];
    dbk_variant(d, 2, 5, "n/k");
    expect_dbk_fail(f, d, rows, MIGDIP_ERR_PARSE,
                    NEEDLES("bad_databank.xlsx: sheet \"Data\" cell F3: column SP.POP.TOTL: expected a number"));
    dbk_variant(d, 2, 5, "-106017");
    expect_dbk_fail(f, d, rows, MIGDIP_ERR_RANGE, NEEDLES("cell F3: column SP.POP.TOTL: expected a value >= 0"));
    dbk_variant(d, 0, 3, "Economy Code");
    expect_dbk_fail(f, d, rows, MIGDIP_ERR_SCHEMA, NEEDLES("bad_databank.xlsx: sheet \"Data\" cell D1: column header"));
    dbk_variant(d, 2, 3, "NPL");
    expect_dbk_fail(f, d, rows, MIGDIP_ERR_DUPLICATE,
                    NEEDLES("bad_databank.xlsx: sheet \"Data\" row 3: duplicate key: NPL 2021 (first in row 2)"));
    dbk_variant(d, 7, 0, "Something else");
    expect_dbk_fail(f, d, rows, MIGDIP_ERR_SCHEMA, NEEDLES("no \"Last Updated: MM/DD/YYYY\" footer"));
    dbk_variant(d, 6, 0, "Data from database: Worldwide Governance Indicators");
    expect_dbk_fail(f, d, rows, MIGDIP_ERR_SCHEMA, NEEDLES("a DataBank export of \"Worldwide Governance Indicators\""));
    dbk_variant(d, 1, 0, "21st");
    d[1 * DBK_COLS + 1] = "";
    expect_dbk_fail(f, d, rows, MIGDIP_ERR_PARSE, NEEDLES("cell A2: column Time: expected a year"));
    /* header only, then nothing */
    expect_dbk_fail(f, DBK_DATA, 1, MIGDIP_ERR_SCHEMA, NEEDLES("sheet \"Data\" has no data rows"));
    /* a truncated workbook: the zip directory is gone, so nobody recognises it */
    char *p = write_dbk(f, "cut.xlsx", DBK_DATA, rows);
    struct stat st;
    assert_int_equal(stat(p, &st), 0);
    assert_int_equal(truncate(p, st.st_size / 2), 0);
    expect_fail_path(f, p, MIGDIP_ERR_SCHEMA, NEEDLES("cut.xlsx: not a recognised data file"));
    free(p);
    /* a workbook without the DataBank sheets */
    tu_sheet other[] = {{"FINAL BRM 2021 ", 1, 2, (const char *const[]){"a", "b"}}};
    char *dir = tu_path(f->dir, "x");
    p = tu_write_xlsx(dir, "brm.xlsx", other, 1);
    expect_fail_path(f, p, MIGDIP_ERR_SCHEMA, NEEDLES("brm.xlsx: not a recognised data file"));
    free(p);
    free(dir);
}

int main(void)
{
    const struct CMUnitTest tests[] = {
        cmocka_unit_test_setup_teardown(test_tidy_values, setup, teardown),
        cmocka_unit_test_setup_teardown(test_tidy_package_layouts, setup, teardown),
        cmocka_unit_test_setup_teardown(test_tidy_round_trip, setup, teardown),
        cmocka_unit_test_setup_teardown(test_reimport_changes_nothing, setup, teardown),
        cmocka_unit_test_setup_teardown(test_tidy_bad_text_value, setup, teardown),
        cmocka_unit_test_setup_teardown(test_tidy_bad_truncated, setup, teardown),
        cmocka_unit_test_setup_teardown(test_tidy_bad_columns, setup, teardown),
        cmocka_unit_test_setup_teardown(test_tidy_bad_duplicate, setup, teardown),
        cmocka_unit_test_setup_teardown(test_tidy_bad_negative, setup, teardown),
        cmocka_unit_test_setup_teardown(test_tidy_bad_year, setup, teardown),
        cmocka_unit_test_setup_teardown(test_tidy_bad_empty, setup, teardown),
        cmocka_unit_test_setup_teardown(test_wrong_kind_refused, setup, teardown),
        cmocka_unit_test_setup_teardown(test_bulk_values, setup, teardown),
        cmocka_unit_test_setup_teardown(test_bulk_bad, setup, teardown),
        cmocka_unit_test_setup_teardown(test_derive, setup, teardown),
        cmocka_unit_test_setup_teardown(test_derive_keeps_vintages_apart, setup, teardown),
        cmocka_unit_test_setup_teardown(test_databank_values, setup, teardown),
        cmocka_unit_test_setup_teardown(test_databank_bad, setup, teardown),
    };
    return cmocka_run_group_tests(tests, NULL, NULL);
}
