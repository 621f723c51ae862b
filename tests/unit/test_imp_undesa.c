/* test_imp_undesa.c - the UN DESA International Migrant Stock importers on hand-made
 * fixtures: tidy 2020 CSV, wide 2019 Table 1 CSVs, publisher xlsx destination tables (2019
 * two-row header, 2020 layout) and the bilateral workbook layout (2024). Exact values,
 * flags and vintage fields; round trip; re-import; one test per kind of bad input, each
 * proving that the failed import left the store unchanged. */
/* testutil.h's tu_write_xlsx formats a size_t row into a 16-byte buffer, which GCC flags
 * (-Wformat-truncation) wherever it is instantiated; the rows here are small. */
#include "testutil.h"

/* ------------------------------------------------------------------ fixture */

typedef tu_fx fx;

/* Countries with their M49 codes, and the aggregates the fixtures use. */
static int fx_setup(void **state)
{
    fx *f = tu_fx_new("NPL=Nepal;QAT=Qatar;MYS=Malaysia;IDN=Indonesia;IND=India");
    tu_exec_sql(f->db,
                "INSERT INTO country_code(scheme,code,iso3) VALUES('m49','524','NPL'),('m49','634','QAT'),"
                "('m49','458','MYS'),('m49','360','IDN'),('m49','356','IND');"
                "INSERT INTO aggregate(code,name,scheme) VALUES('UN:900','World','un'),"
                "('UN:1503','High-income countries','un'),('UN:935','Asia','un');"
                "INSERT INTO aggregate_alias(key,code) VALUES('WORLD','UN:900');");
    *state = f;
    return 0;
}

static int fx_teardown(void **state)
{
    tu_fx_free(*state);
    return 0;
}

static double q(fx *f, const char *sql) { return tu_query_double(f->db, sql); }

/* Import good first, fingerprint, import bad: expect status st and a message containing each
 * of the NULL-terminated fragments, and an unchanged store. */
static void expect_failure(fx *f, const char *good, const char *bad, migdip_status st, ...)
{
    if (good)
        assert_int_equal(tu_import_file(f->ctx, good, NULL), MIGDIP_OK);
    char *before = tu_store_fingerprint(f->db);
    migdip_status got = tu_import_file(f->ctx, bad, NULL);
    const char *msg = migdip_ctx_errmsg(f->ctx);
    if (got != st)
        fail_msg("status %d (%s), want %d; message: %s", got, migdip_status_str(got), st, msg);
    va_list ap;
    va_start(ap, st);
    for (const char *frag; (frag = va_arg(ap, const char *)) != NULL;)
        if (!strstr(msg, frag))
            fail_msg("message \"%s\" lacks \"%s\"", msg, frag);
    va_end(ap);
    char *after = tu_store_fingerprint(f->db);
    assert_string_equal(before, after);
    free(before);
    free(after);
}

/* ================================================================== tidy long CSV (2020) */

static const char LONG_OK[] =
    "dest_iso3,orig_iso3,year,sex,stock\n"
    "MYS,IDN,2020,Male,700000\n"
    "MYS,IDN,2020,Female,541634\n"
    "QAT,NPL,2020,Male,300000\n"
    "QAT,XXX,2020,Female,5\n"
    "MYS,ZZZ,2020,Male,3\n"
    "QAT,IND,2020,Female,NA\n"
    "QAT,IND,2020,Male,10\n"
    "MYS,IDN,1990,Female,0\n";

static char *write_long(fx *f, const char *body)
{
    return tu_write_text(f->dir, "undesa_ims2020_bilateral_by_sex_long.csv", body);
}

#define STOCK(f, o, d, y, s)                                                                       \
    q(f, "SELECT value FROM stock WHERE orig='" o "' AND dest='" d "' AND year=" #y " AND sex='" s "'")
#define FLAG(f, o, d, y, s)                                                                        \
    q(f, "SELECT flag FROM stock WHERE orig='" o "' AND dest='" d "' AND year=" #y " AND sex='" s "'")

static void test_long_values(void **state)
{
    fx *f = *state;
    char *p = write_long(f, LONG_OK);
    migdip_import_report *rep = NULL;
    assert_int_equal(tu_import_file(f->ctx, p, &rep), MIGDIP_OK);
    assert_int_equal(rep->n_files, 1);
    assert_string_equal(rep->files[0].importer, "undesa-ims-long");
    /* 7 sex rows + 5 totals (MYS-IDN 2020, QAT-NPL, QAT-XXX, QAT-IND, MYS-IDN 1990) */
    assert_int_equal(rep->files[0].rows, 12);
    assert_int_equal(rep->n_unmapped, 1);
    assert_string_equal(rep->unmapped[0].name, "ZZZ");
    assert_int_equal(rep->unmapped[0].line, 6);
    assert_string_equal(rep->unmapped[0].cell, "orig_iso3");
    migdip_import_report_free(rep);

    assert_true(STOCK(f, "IDN", "MYS", 2020, "M") == 700000);
    assert_true(FLAG(f, "IDN", "MYS", 2020, "M") == MIGDIP_FLAG_OBSERVED);
    assert_true(STOCK(f, "IDN", "MYS", 2020, "T") == 1241634);
    assert_true(FLAG(f, "IDN", "MYS", 2020, "T") == MIGDIP_FLAG_DERIVED);
    /* one sex only: the total is that sex, still derived */
    assert_true(STOCK(f, "NPL", "QAT", 2020, "T") == 300000);
    assert_true(FLAG(f, "NPL", "QAT", 2020, "T") == MIGDIP_FLAG_DERIVED);
    assert_true(STOCK(f, "XXX", "QAT", 2020, "T") == 5);
    /* NA is an explicit missing row, never zero, and makes the total missing */
    assert_true(isnan(STOCK(f, "IND", "QAT", 2020, "F")));
    assert_true(FLAG(f, "IND", "QAT", 2020, "F") == MIGDIP_FLAG_MISSING);
    assert_true(q(f, "SELECT count(*) FROM stock WHERE orig='IND' AND sex='F' AND value IS NULL") == 1);
    assert_true(FLAG(f, "IND", "QAT", 2020, "T") == MIGDIP_FLAG_MISSING);
    assert_true(isnan(STOCK(f, "IND", "QAT", 2020, "T")));
    /* a published zero stays an observed zero */
    assert_true(STOCK(f, "IDN", "MYS", 1990, "F") == 0);
    assert_true(FLAG(f, "IDN", "MYS", 1990, "F") == MIGDIP_FLAG_OBSERVED);
    assert_true(q(f, "SELECT count(*) FROM stock WHERE orig='ZZZ' OR dest='ZZZ'") == 0);
    assert_true(q(f, "SELECT count(*) FROM unmapped WHERE name='ZZZ' AND line=6") == 1);

    tu_assert_text(f->db, "SELECT dataset FROM vintage", "undesa-ims");
    tu_assert_text(f->db, "SELECT edition FROM vintage", "2020");
    tu_assert_text(f->db, "SELECT released FROM vintage", "2021-01-15");
    tu_assert_text(f->db, "SELECT importer FROM vintage", "undesa-ims-long");
    assert_true(q(f, "SELECT rows FROM vintage") == 12);
    assert_true(q(f, "SELECT count(*) FROM vintage WHERE source LIKE 'UN DESA%International Migrant Stock 2020%'") == 1);
    assert_true(q(f, "SELECT count(*) FROM vintage WHERE citation LIKE '%International Migrant Stock 2020%'") == 1);
    /* the preferred-edition view sees it */
    assert_true(q(f, "SELECT value FROM stock_pref WHERE orig='IDN' AND dest='MYS' AND year=2020 AND sex='T'") == 1241634);
    free(p);
}

/* file -> store -> query back -> the same rows as the file (mapped ones) */
static void test_long_round_trip(void **state)
{
    fx *f = *state;
    char *p = write_long(f, LONG_OK);
    assert_int_equal(tu_import_file(f->ctx, p, NULL), MIGDIP_OK);
    sqlite3 *db = NULL;
    assert_int_equal(sqlite3_open_v2(f->db, &db, SQLITE_OPEN_READONLY, NULL), SQLITE_OK);
    sqlite3_stmt *st = NULL;
    assert_int_equal(sqlite3_prepare_v2(db,
        "SELECT dest||','||orig||','||year||','||CASE sex WHEN 'M' THEN 'Male' ELSE 'Female' END||','||"
        "coalesce(CAST(CAST(value AS INTEGER) AS TEXT),'NA')||char(10) FROM stock WHERE sex<>'T'",
        -1, &st, NULL), SQLITE_OK);
    size_t n = 0;
    while (sqlite3_step(st) == SQLITE_ROW) {
        const char *line = (const char *)sqlite3_column_text(st, 0);
        if (!strstr(LONG_OK, line))
            fail_msg("stored row %s is not a line of the file", line);
        n++;
    }
    sqlite3_finalize(st);
    sqlite3_close(db);
    assert_int_equal(n, 7); /* every line of the file but the unmapped ZZZ one */
    free(p);
}

static void test_long_reimport(void **state)
{
    fx *f = *state;
    char *p = write_long(f, LONG_OK);
    assert_int_equal(tu_import_file(f->ctx, p, NULL), MIGDIP_OK);
    char *before = tu_store_fingerprint(f->db);
    migdip_import_report *rep = NULL;
    assert_int_equal(tu_import_file(f->ctx, p, &rep), MIGDIP_OK);
    assert_int_equal(rep->files[0].skipped, 1);
    assert_int_equal(rep->rows, 0);
    migdip_import_report_free(rep);
    char *after = tu_store_fingerprint(f->db);
    assert_string_equal(before, after);
    free(before);
    free(after);
    free(p);
}

static void test_long_bad_malformed(void **state)
{
    fx *f = *state;
    char *good = write_long(f, LONG_OK);
    char *bad = tu_write_text(f->dir, "b/long.csv",
                              "dest_iso3,orig_iso3,year,sex,stock\nMYS,IDN,2020,Male,1\nMYS,\"IDN,2020,Female,2\n");
    expect_failure(f, good, bad, MIGDIP_ERR_PARSE, "long.csv:", "unterminated quoted field", NULL);
    free(good), free(bad);
}

static void test_long_bad_truncated(void **state)
{
    fx *f = *state;
    char *good = write_long(f, LONG_OK);
    char *bad = tu_write_text(f->dir, "b/long.csv",
                              "dest_iso3,orig_iso3,year,sex,stock\nMYS,IDN,2020,Male,1\nMYS,IDN,20");
    expect_failure(f, good, bad, MIGDIP_ERR_PARSE, "long.csv:3:", "expected 5 fields", "got 3", NULL);
    free(good), free(bad);
}

static void test_long_bad_column(void **state)
{
    fx *f = *state;
    char *good = write_long(f, LONG_OK);
    char *bad = tu_write_text(f->dir, "b/long.csv", "dest_iso3,orig_iso3,year,sex,value\nMYS,IDN,2020,Male,1\n");
    expect_failure(f, good, bad, MIGDIP_ERR_SCHEMA, "long.csv:1:", "missing column \"stock\"", NULL);
    free(good), free(bad);
}

static void test_long_bad_duplicate(void **state)
{
    fx *f = *state;
    char *good = write_long(f, LONG_OK);
    char *bad = tu_write_text(f->dir, "b/long.csv",
                              "dest_iso3,orig_iso3,year,sex,stock\nMYS,IDN,2020,Male,1\nMYS,IDN,2020,Female,1\n"
                              "MYS,IDN,2020,Male,2\n");
    expect_failure(f, good, bad, MIGDIP_ERR_DUPLICATE, "long.csv:4:", "duplicate", "first on line 2", NULL);
    free(good), free(bad);
}

static void test_long_bad_negative(void **state)
{
    fx *f = *state;
    char *good = write_long(f, LONG_OK);
    char *bad = tu_write_text(f->dir, "b/long.csv", "dest_iso3,orig_iso3,year,sex,stock\nMYS,IDN,2020,Male,-4\n");
    expect_failure(f, good, bad, MIGDIP_ERR_RANGE, "long.csv:2: column stock:", "got \"-4\"", NULL);
    free(good), free(bad);
}

static void test_long_bad_text(void **state)
{
    fx *f = *state;
    char *good = write_long(f, LONG_OK);
    char *bad = tu_write_text(f->dir, "b/long.csv", "dest_iso3,orig_iso3,year,sex,stock\nMYS,IDN,2020,Male,many\n");
    expect_failure(f, good, bad, MIGDIP_ERR_PARSE,
                   "long.csv:2: column stock: expected a number of persons, got \"many\"", NULL);
    char *bad2 = tu_write_text(f->dir, "b/long2.csv", "dest_iso3,orig_iso3,year,sex,stock\nMYS,IDN,mid,Male,1\n");
    expect_failure(f, NULL, bad2, MIGDIP_ERR_PARSE, "long2.csv:2: column year: expected a year, got \"mid\"", NULL);
    char *bad3 = tu_write_text(f->dir, "b/long3.csv", "dest_iso3,orig_iso3,year,sex,stock\nMYS,IDN,2020,Both,1\n");
    expect_failure(f, NULL, bad3, MIGDIP_ERR_PARSE, "long3.csv:2: column sex: expected Male or Female", NULL);
    char *bad4 = tu_write_text(f->dir, "b/long4.csv", "dest_iso3,orig_iso3,year,sex,stock\nMYS,IDN,3020,Male,1\n");
    expect_failure(f, NULL, bad4, MIGDIP_ERR_RANGE, "long4.csv:2: column year:", NULL);
    free(good), free(bad), free(bad2), free(bad3), free(bad4);
}

static void test_long_bad_empty_and_wrong_kind(void **state)
{
    fx *f = *state;
    char *good = write_long(f, LONG_OK);
    char *empty = tu_write_text(f->dir, "b/empty.csv", "");
    expect_failure(f, good, empty, MIGDIP_ERR_SCHEMA, "empty.csv: not a recognised data file", NULL);
    char *wdi = tu_write_text(f->dir, "b/wdi.csv", "Country Name,Country Code,Year,Value\nNepal,NPL,2020,1\n");
    expect_failure(f, NULL, wdi, MIGDIP_ERR_SCHEMA, "wdi.csv: not a recognised data file", NULL);
    /* a header only: recognised, no data, nothing but the vintage stored */
    char *hdr = tu_write_text(f->dir, "b/hdr.csv", "dest_iso3,orig_iso3,year,sex,stock\n");
    assert_int_equal(tu_import_file(f->ctx, hdr, NULL), MIGDIP_OK);
    assert_true(q(f, "SELECT rows FROM vintage WHERE file LIKE '%hdr.csv'") == 0);
    free(good), free(empty), free(wdi), free(hdr);
}

/* ================================================================== wide Table 1 CSV (2019) */

#define WIDE_OK_TEXT                                                                               \
    "Year,Destination,Total,Other South,Other North,Indonesia,Nepal,India,Atlantis\n" \
    "2019,WORLD,2000,10,5,1500,400,85,0\n" \
    "2019,UN development groups,..,..,..,..,..,..,..\n" \
    "2019,High-income countries,1900,10,5,1400,400,85,0\n" \
    "2019,Malaysia,1225200,100,10,1225156,,34,\n" \
    "2019,Qatar,400,0,0,,350,..,\n" \
    "2019,Nepal,-,-,-,-,,-,\n" \
    "1990,Malaysia,12,1,1,10,0,,\n"
static const char WIDE_OK[] = WIDE_OK_TEXT;

static void test_wide_values(void **state)
{
    fx *f = *state;
    char *p = tu_write_text(f->dir, "ims2019/migrants_by_origin_and_destination_male.csv", WIDE_OK);
    migdip_import_report *rep = NULL;
    assert_int_equal(tu_import_file(f->ctx, p, &rep), MIGDIP_OK);
    assert_string_equal(rep->files[0].importer, "undesa-ims-wide");
    /* Malaysia 2019: 2; Qatar 2019: 2 (350 and the ".." missing); Nepal: 2 "-" missing;
     * Malaysia 1990: 2 (10 and a published 0) */
    assert_int_equal(rep->files[0].rows, 8);
    assert_int_equal(rep->n_unmapped, 1);
    assert_string_equal(rep->unmapped[0].name, "Atlantis");
    assert_int_equal(rep->unmapped[0].line, 1);
    migdip_import_report_free(rep);
    assert_true(STOCK(f, "IDN", "MYS", 2019, "M") == 1225156);
    assert_true(FLAG(f, "IDN", "MYS", 2019, "M") == MIGDIP_FLAG_OBSERVED);
    assert_true(STOCK(f, "IND", "MYS", 2019, "M") == 34);
    assert_true(q(f, "SELECT count(*) FROM stock WHERE orig='NPL' AND dest='MYS' AND year=2019") == 0); /* empty: none */
    assert_true(FLAG(f, "IND", "QAT", 2019, "M") == MIGDIP_FLAG_MISSING);
    assert_true(isnan(STOCK(f, "IND", "QAT", 2019, "M")));
    assert_true(FLAG(f, "IDN", "NPL", 2019, "M") == MIGDIP_FLAG_MISSING);
    assert_true(STOCK(f, "NPL", "MYS", 1990, "M") == 0);
    assert_true(q(f, "SELECT count(*) FROM stock WHERE sex<>'M'") == 0);
    /* aggregates (WORLD, High-income countries, the heading row) stored nowhere */
    assert_true(q(f, "SELECT count(*) FROM stock WHERE year=2019") == 6);
    assert_true(q(f, "SELECT count(*) FROM unmapped WHERE name LIKE '%income%' OR name LIKE 'WORLD' OR name LIKE 'UN dev%'") == 0);
    tu_assert_text(f->db, "SELECT edition FROM vintage", "2019");
    tu_assert_text(f->db, "SELECT released FROM vintage", "2019-09-18");
    tu_assert_text(f->db, "SELECT dataset FROM vintage", "undesa-ims");

    /* the table for both sexes sits beside it in the same edition (its content differs, as
     * the real files' do: a byte-identical file would be skipped as already imported) */
    char *t = tu_write_text(f->dir, "ims2019/migrants_by_origin_and_destination_total.csv",
                            WIDE_OK_TEXT "1995,Malaysia,1,0,0,1,,,\n");
    char *fe = tu_write_text(f->dir, "ims2019/migrants_by_origin_and_destination_female.csv",
                             "Year,Destination,Total,Other South,Other North,Indonesia,Nepal,India,Atlantis\n"
                             "2019,Malaysia,5,0,0,5,,,\n");
    assert_int_equal(tu_import_file(f->ctx, t, NULL), MIGDIP_OK);
    assert_int_equal(tu_import_file(f->ctx, fe, NULL), MIGDIP_OK);
    assert_true(STOCK(f, "IDN", "MYS", 2019, "T") == 1225156);
    assert_true(STOCK(f, "IDN", "MYS", 2019, "F") == 5);
    assert_true(q(f, "SELECT count(DISTINCT sex) FROM stock_pref") == 3);
    free(p), free(t), free(fe);
}

static void test_wide_reimport(void **state)
{
    fx *f = *state;
    char *p = tu_write_text(f->dir, "migrants_by_origin_and_destination_total.csv", WIDE_OK);
    assert_int_equal(tu_import_file(f->ctx, p, NULL), MIGDIP_OK);
    char *before = tu_store_fingerprint(f->db);
    migdip_import_report *rep = NULL;
    assert_int_equal(tu_import_file(f->ctx, p, &rep), MIGDIP_OK);
    assert_int_equal(rep->files[0].skipped, 1);
    migdip_import_report_free(rep);
    char *after = tu_store_fingerprint(f->db);
    assert_string_equal(before, after);
    free(before), free(after), free(p);
}

#define WIDE_HDR "Year,Destination,Total,Other South,Other North,Indonesia,Nepal,India,Atlantis\n"

static void test_wide_bad(void **state)
{
    fx *f = *state;
    char *good = tu_write_text(f->dir, "migrants_by_origin_and_destination_total.csv", WIDE_OK);
    char *b1 = tu_write_text(f->dir, "b/a_total.csv", WIDE_HDR "2019,Malaysia,1,0,0,1,,,\n2019,Qatar,1,0,0,1,,,\n"
                                                      "2019,Malaysia,2,0,0,2,,,\n");
    expect_failure(f, good, b1, MIGDIP_ERR_DUPLICATE, "a_total.csv:4:", "Malaysia", "first on line 2", NULL);
    char *b2 = tu_write_text(f->dir, "b/b_total.csv", WIDE_HDR "2019,Malaysia,1,0,0,1,-7,,\n");
    expect_failure(f, NULL, b2, MIGDIP_ERR_RANGE, "b_total.csv:2: column Nepal:", "got \"-7\"", NULL);
    char *b3 = tu_write_text(f->dir, "b/c_total.csv", WIDE_HDR "2019,Malaysia,1,0,0,1,lots,,\n");
    expect_failure(f, NULL, b3, MIGDIP_ERR_PARSE,
                   "c_total.csv:2: column Nepal: expected a number of persons, got \"lots\"", NULL);
    char *b4 = tu_write_text(f->dir, "b/d_total.csv", WIDE_HDR "2019,Malaysia,1,0,0,1,\n");
    expect_failure(f, NULL, b4, MIGDIP_ERR_PARSE, "d_total.csv:2: expected 9 fields", "got 7", NULL);
    char *b5 = tu_write_text(f->dir, "b/e_total.csv",
                             "Year,Destination,All,Other South,Other North,Indonesia\n2019,Malaysia,1,0,0,1\n");
    expect_failure(f, NULL, b5, MIGDIP_ERR_SCHEMA, "e_total.csv:1: column 3: expected \"Total\", got \"All\"", NULL);
    char *b6 = tu_write_text(f->dir, "b/by_origin.csv", WIDE_HDR "2019,Malaysia,1,0,0,1,,,\n");
    expect_failure(f, NULL, b6, MIGDIP_ERR_SCHEMA, "by_origin.csv: cannot tell the sex", NULL);
    char *b7 = tu_write_text(f->dir, "b/g_total.csv", WIDE_HDR "2019,Malaysia,1,0,0,1,\"2,,\n");
    expect_failure(f, NULL, b7, MIGDIP_ERR_PARSE, "g_total.csv:", "unterminated", NULL);
    char *b8 = tu_write_text(f->dir, "b/h_total.csv",
                             "Year,Destination,Total,Other South,Other North,Nepal,Nepal\n2019,Malaysia,1,0,0,1,1\n");
    expect_failure(f, NULL, b8, MIGDIP_ERR_DUPLICATE, "h_total.csv:1: origin column 7", "column 6", NULL);
    free(good), free(b1), free(b2), free(b3), free(b4), free(b5), free(b6), free(b7), free(b8);
}

/* ================================================================== destination xlsx */

/* 2020 layout: header on row 8 (here), labels two rows above, 2 years per sex block. */
#define DC 11
static const char *const DEST2020[] = {
    "", "", "", "", "International Migrant Stock 2020: Destination", "", "", "", "", "", "",
    "", "", "", "", "Table 1: International migrant stock at mid-year by sex and by region, country or area of destination, 1990-2020", "", "", "", "", "", "",
    "", "", "", "", "POP/DB/MIG/Stock/Rev.2020", "", "", "", "", "", "",
    "", "", "", "", "", "International migrant stock at mid-year, both sexes combined", "", "International migrant stock at mid-year, males", "", "International migrant stock at mid-year, females", "",
    "Index", "Region, development group, country or area", "Notes", "Location code", "Type of data", "1990", "2020", "1990", "2020", "1990", "2020",
    "1", "WORLD", "", "900", "", "1000", "3000", "600", "1800", "400", "1200",
    "2", "  High-income countries", "", "1503", "", "900", "2800", "500", "1700", "400", "1100",
    "3", "   Malaysia", "", "458", "B R", "694000", "3476560", "400000", "2000000", "294000", "1476560",
    "4", "   Nepal*", "5", "524", "B", "..", "487558", "..", "250000", "..", "237558",
    "5", "   Qatar", "", "634", "B R", "56000", "2226192", "40000", "2000000", "16000", "226192.00000000003",
};

static char *write_dest2020(fx *f, const char *name, const char *const *cells, size_t rows)
{
    tu_sheet sh[] = {{"Table of contents", 1, 1, (const char *const[]){"x"}}, {"Table 1", rows, DC, cells}};
    return tu_write_xlsx(f->dir, name, sh, 2);
}

static void test_dest2020_values(void **state)
{
    fx *f = *state;
    char *p = write_dest2020(f, "dest2020.xlsx", DEST2020, sizeof DEST2020 / sizeof *DEST2020 / DC);
    migdip_import_report *rep = NULL;
    assert_int_equal(tu_import_file(f->ctx, p, &rep), MIGDIP_OK);
    assert_string_equal(rep->files[0].importer, "undesa-ims-dest-xlsx");
    assert_int_equal(rep->files[0].rows, 18); /* 3 countries x 6 cells */
    assert_int_equal(rep->n_unmapped, 0);
    migdip_import_report_free(rep);
    assert_true(q(f, "SELECT value FROM stock_total WHERE iso3='MYS' AND year=2020 AND sex='T'") == 3476560);
    assert_true(q(f, "SELECT flag FROM stock_total WHERE iso3='MYS' AND year=2020 AND sex='T'") == 1);
    assert_true(q(f, "SELECT value FROM stock_total WHERE iso3='MYS' AND year=1990 AND sex='F'") == 294000);
    assert_true(q(f, "SELECT value FROM stock_total WHERE iso3='QAT' AND year=2020 AND sex='F'") == 226192);
    assert_true(q(f, "SELECT flag FROM stock_total WHERE iso3='NPL' AND year=1990 AND sex='M'") == 0);
    assert_true(isnan(q(f, "SELECT value FROM stock_total WHERE iso3='NPL' AND year=1990 AND sex='M'")));
    assert_true(q(f, "SELECT count(*) FROM stock_total WHERE iso3 NOT IN ('MYS','NPL','QAT')") == 0);
    tu_assert_text(f->db, "SELECT edition FROM vintage", "2020");
    tu_assert_text(f->db, "SELECT released FROM vintage", "2021-01-15");
    tu_assert_text(f->db, "SELECT dataset FROM vintage", "undesa-ims");
    /* re-import: nothing changes */
    char *before = tu_store_fingerprint(f->db);
    assert_int_equal(tu_import_file(f->ctx, p, &rep), MIGDIP_OK);
    assert_int_equal(rep->files[0].skipped, 1);
    migdip_import_report_free(rep);
    char *after = tu_store_fingerprint(f->db);
    assert_string_equal(before, after);
    free(before), free(after), free(p);
}

/* 2019 layout: two-row header (labels and names, then years), no Index heading. */
#define D19 8
static const char *const DEST2019[] = {
    "", "", "", "", "Workbook: UN_MigrantStockTotal_2019.xlsx", "", "", "",
    "", "", "", "", "Suggested citation: ... International Migrant Stock 2019 (United Nations database, POP/DB/MIG/Stock/Rev.2019).", "", "", "",
    "Sort\norder", "Major area, region, country or area of destination", "Notes", "Code", "Type of data (a)", "International migrant stock at mid-year (both sexes)", "International migrant stock at mid-year (male)", "International migrant stock at mid-year (female)",
    "", "", "", "", "", "2019", "2019", "2019",
    "1", "WORLD", "", "900", "", "271642105", "140000000", "131642105",
    "2", "UN development groups", "", "", "", "..", "..", "..",
    "3", "Nepal", "", "524", "B", "490802", "250000", "240802",
};

static void test_dest2019_values(void **state)
{
    fx *f = *state;
    tu_sheet sh[] = {{"CONTENTS", 1, 1, (const char *const[]){"x"}}, {"Table 1", 7, D19, DEST2019}};
    char *p = tu_write_xlsx(f->dir, "dest2019.xlsx", sh, 2);
    assert_int_equal(tu_import_file(f->ctx, p, NULL), MIGDIP_OK);
    assert_true(q(f, "SELECT value FROM stock_total WHERE iso3='NPL' AND year=2019 AND sex='T'") == 490802);
    assert_true(q(f, "SELECT value FROM stock_total WHERE iso3='NPL' AND year=2019 AND sex='F'") == 240802);
    assert_true(q(f, "SELECT count(*) FROM stock_total") == 3);
    tu_assert_text(f->db, "SELECT edition FROM vintage", "2019");
    tu_assert_text(f->db, "SELECT released FROM vintage", "2019-09-18");
    free(p);
}

static void test_dest_bad(void **state)
{
    fx *f = *state;
    size_t rows = sizeof DEST2020 / sizeof *DEST2020 / DC;
    char *good = write_dest2020(f, "dest2020.xlsx", DEST2020, rows);
    const char *cells[sizeof DEST2020 / sizeof *DEST2020];

    memcpy(cells, DEST2020, sizeof cells);
    cells[7 * DC + 6] = "lots"; /* G8: Malaysia 2020 */
    char *b1 = write_dest2020(f, "b1.xlsx", cells, rows);
    expect_failure(f, good, b1, MIGDIP_ERR_PARSE, "b1.xlsx: sheet \"Table 1\" cell G8:",
                   "expected a number of persons, got \"lots\"", NULL);

    memcpy(cells, DEST2020, sizeof cells);
    cells[9 * DC + 7] = "-40000"; /* H10: Qatar males 1990 */
    char *b2 = write_dest2020(f, "b2.xlsx", cells, rows);
    expect_failure(f, NULL, b2, MIGDIP_ERR_RANGE, "b2.xlsx: sheet \"Table 1\" cell H10:", ">= 0", NULL);

    memcpy(cells, DEST2020, sizeof cells);
    cells[9 * DC + 3] = "458"; /* Qatar row coded as Malaysia */
    char *b3 = write_dest2020(f, "b3.xlsx", cells, rows);
    expect_failure(f, NULL, b3, MIGDIP_ERR_DUPLICATE, "b3.xlsx: sheet \"Table 1\" row 10:", "first on row 8", NULL);

    memcpy(cells, DEST2020, sizeof cells);
    cells[4 * DC + 3] = "Code of place"; /* renamed header: not this table any more */
    char *b4 = write_dest2020(f, "b4.xlsx", cells, rows);
    expect_failure(f, NULL, b4, MIGDIP_ERR_SCHEMA, "b4.xlsx: not a recognised data file", NULL);

    /* truncated workbook: half of the zip */
    FILE *in = fopen(good, "rb");
    assert_non_null(in);
    char buf[65536];
    size_t n = fread(buf, 1, sizeof buf, in);
    fclose(in);
    char *b5 = tu_write(f->dir, "b5.xlsx", buf, n / 2);
    expect_failure(f, NULL, b5, MIGDIP_ERR_SCHEMA, "b5.xlsx: not a recognised data file", NULL);

    /* empty file */
    char *b6 = tu_write(f->dir, "b6.xlsx", "", 0);
    expect_failure(f, NULL, b6, MIGDIP_ERR_SCHEMA, "b6.xlsx: not a recognised data file", NULL);

    /* another workbook with a "Table 1" (the wrong kind) */
    static const char *const other[] = {"Country", "Value", "Nepal", "1"};
    tu_sheet sh[] = {{"Table 1", 2, 2, other}};
    char *b7 = tu_write_xlsx(f->dir, "b7.xlsx", sh, 1);
    expect_failure(f, NULL, b7, MIGDIP_ERR_SCHEMA, "b7.xlsx: not a recognised data file", NULL);

    /* an edition whose release date is unknown */
    memcpy(cells, DEST2020, sizeof cells);
    cells[4] = "International Migrant Stock 2015: Destination";
    cells[2 * DC + 4] = "POP/DB/MIG/Stock/Rev.2015";
    char *b8 = write_dest2020(f, "b8.xlsx", cells, rows);
    expect_failure(f, NULL, b8, MIGDIP_ERR_SCHEMA, "b8.xlsx: International Migrant Stock edition 2015", NULL);
    free(good), free(b1), free(b2), free(b3), free(b4), free(b5), free(b6), free(b7), free(b8);
}

/* ================================================================== bilateral xlsx (2024) */

#define BC 14
static const char *const BILAT2024[] = {
    "", "", "", "", "International Migrant Stock 2024: Destination and origin", "", "", "", "", "", "", "", "", "",
    "", "", "", "", "Table 1: International migrant stock at mid-year by sex and by region, country or area of destination and origin, 1990-2024", "", "", "", "", "", "", "", "", "",
    "", "", "", "", "", "", "", "", "Both sexes", "", "Males", "", "Females", "",
    "Index", "Region, development group, country or area of destination", "Notes of destination", "Location code of destination", "Type of data of destination", "Region, development group, country or area of origin", "Notes of origin", "Location code of origin", "1990", "2024", "1990", "2024", "1990", "2024",
    "1", "WORLD", "", "900", "", "Nepal", "", "524", "500", "3000000", "300", "2000000", "200", "1000000",
    "2", "  Malaysia", "", "458", "B R", "Indonesia", "", "360", "400000", "1300000", "250000", "800000", "150000", "500000",
    "3", "  Malaysia", "", "458", "B R", "Asia", "", "935", "600000", "2000000", "350000", "1200000", "250000", "800000",
    "4", "  Qatar", "", "634", "B R", "Nepal", "", "524", "1000", "450000", "900", "430000", "100", "20000",
    "5", "  Qatar", "", "634", "B R", "India*", "3", "356", "..", "800000", "..", "700000", "", "100000",
    "6", "  Qatar", "", "634", "B R", "Atlantis", "", "999", "1", "1", "1", "1", "0", "0",
    "7", "  Qatar", "", "634", "B R", "Lemuria", "", "123", "1", "1", "1", "1", "0", "0",
};

static char *write_bilat(fx *f, const char *name, const char *const *cells, size_t rows)
{
    tu_sheet sh[] = {{"Contents", 1, 1, (const char *const[]){"x"}}, {"Table 1", rows, BC, cells},
                     {"Notes", 1, 1, (const char *const[]){"x"}}};
    return tu_write_xlsx(f->dir, name, sh, 3);
}

static void test_bilat_values(void **state)
{
    fx *f = *state;
    char *p = write_bilat(f, "undesa_pd_2024_ims_stock_by_sex_destination_and_origin.xlsx", BILAT2024,
                          sizeof BILAT2024 / sizeof *BILAT2024 / BC);
    migdip_import_report *rep = NULL;
    assert_int_equal(tu_import_file(f->ctx, p, &rep), MIGDIP_OK);
    assert_string_equal(rep->files[0].importer, "undesa-ims-bilateral-xlsx");
    assert_int_equal(rep->files[0].rows, 18); /* MYS-IDN, QAT-NPL, QAT-IND x 6 */
    /* 999 is an aggregate code (>= 900), Lemuria's 123 is not a country: reported */
    assert_int_equal(rep->n_unmapped, 1);
    assert_string_equal(rep->unmapped[0].name, "Lemuria (M49 123)");
    assert_string_equal(rep->unmapped[0].cell, "H11");
    assert_int_equal(rep->unmapped[0].line, 11);
    migdip_import_report_free(rep);
    assert_true(STOCK(f, "IDN", "MYS", 2024, "T") == 1300000);
    assert_true(FLAG(f, "IDN", "MYS", 2024, "T") == MIGDIP_FLAG_OBSERVED);
    assert_true(STOCK(f, "IDN", "MYS", 1990, "M") == 250000);
    assert_true(STOCK(f, "NPL", "QAT", 2024, "F") == 20000);
    assert_true(FLAG(f, "IND", "QAT", 1990, "T") == MIGDIP_FLAG_MISSING);
    assert_true(FLAG(f, "IND", "QAT", 1990, "F") == MIGDIP_FLAG_MISSING); /* blank cell */
    assert_true(isnan(STOCK(f, "IND", "QAT", 1990, "F")));
    assert_true(q(f, "SELECT count(*) FROM stock WHERE dest='WLD' OR orig NOT IN ('IDN','NPL','IND')") == 0);
    tu_assert_text(f->db, "SELECT edition FROM vintage", "2024");
    tu_assert_text(f->db, "SELECT released FROM vintage", "2025-01-10");
    /* the 2024 edition is the preferred one over an older 2020 file */
    char *l = write_long(f, LONG_OK);
    assert_int_equal(tu_import_file(f->ctx, l, NULL), MIGDIP_OK);
    assert_true(q(f, "SELECT count(*) FROM stock_pref WHERE year=2020") == 0);
    assert_true(q(f, "SELECT value FROM stock_pref WHERE orig='IDN' AND dest='MYS' AND year=2024 AND sex='T'") == 1300000);
    char *before = tu_store_fingerprint(f->db);
    assert_int_equal(tu_import_file(f->ctx, p, &rep), MIGDIP_OK);
    assert_int_equal(rep->files[0].skipped, 1);
    migdip_import_report_free(rep);
    char *after = tu_store_fingerprint(f->db);
    assert_string_equal(before, after);
    free(before), free(after), free(p), free(l);
}

static void test_bilat_bad(void **state)
{
    fx *f = *state;
    size_t rows = sizeof BILAT2024 / sizeof *BILAT2024 / BC;
    char *good = write_bilat(f, "bilat.xlsx", BILAT2024, rows);
    const char *cells[sizeof BILAT2024 / sizeof *BILAT2024];

    memcpy(cells, BILAT2024, sizeof cells);
    cells[5 * BC + 11] = "n/k"; /* L6: Malaysia-Indonesia, males 2024 */
    char *b1 = write_bilat(f, "b1.xlsx", cells, rows);
    expect_failure(f, good, b1, MIGDIP_ERR_PARSE, "b1.xlsx: sheet \"Table 1\" cell L6: column 2024 (Male):",
                   "got \"n/k\"", NULL);

    memcpy(cells, BILAT2024, sizeof cells);
    cells[7 * BC + 8] = "-1"; /* I8 */
    char *b2 = write_bilat(f, "b2.xlsx", cells, rows);
    expect_failure(f, NULL, b2, MIGDIP_ERR_RANGE, "b2.xlsx: sheet \"Table 1\" cell I8:", NULL);

    memcpy(cells, BILAT2024, sizeof cells);
    cells[8 * BC + 7] = "524"; /* Qatar-India becomes a second Qatar-Nepal */
    char *b3 = write_bilat(f, "b3.xlsx", cells, rows);
    expect_failure(f, NULL, b3, MIGDIP_ERR_DUPLICATE, "b3.xlsx: sheet \"Table 1\" row 9:",
                   "destination QAT and origin NPL again (first on row 8)", NULL);

    memcpy(cells, BILAT2024, sizeof cells);
    cells[3 * BC + 7] = "Origin code"; /* renamed: neither bilateral nor a destination table */
    char *b4 = write_bilat(f, "b4.xlsx", cells, rows);
    expect_failure(f, NULL, b4, MIGDIP_ERR_SCHEMA, "b4.xlsx: not a recognised data file", NULL);

    /* four blocks of years cannot be sexes */
    static const char *const four[] = {
        "Region, development group, country or area of destination", "Location code of destination",
        "Region, development group, country or area of origin", "Location code of origin", "2020", "2020", "2020", "2020",
        "Qatar", "634", "Nepal", "524", "1", "1", "0", "1"};
    tu_sheet sh[] = {{"Table 1", 2, 8, four}};
    char *b5 = tu_write_xlsx(f->dir, "b5.xlsx", sh, 1);
    expect_failure(f, NULL, b5, MIGDIP_ERR_SCHEMA, "b5.xlsx: sheet \"Table 1\" row 1:", "at most three blocks", NULL);
    free(good), free(b1), free(b2), free(b3), free(b4), free(b5);
}

/* ================================================================== 2024 origin workbook */

/* The destination layout, titled "by ... area of origin": totals by origin -> emigrant_total. */
static void test_orig2024_values(void **state)
{
    fx *f = *state;
    const char *cells[sizeof DEST2020 / sizeof *DEST2020];
    memcpy(cells, DEST2020, sizeof cells);
    cells[0 * DC + 4] = "International Migrant Stock 2024: Origin";
    cells[1 * DC + 4] = "Table 1: International migrant stock at mid-year by sex and by region, country or area of origin, 1990-2024";
    cells[2 * DC + 4] = "POP/DB/MIG/Stock/Rev.2024";
    cells[4 * DC + 6] = "2024", cells[4 * DC + 8] = "2024", cells[4 * DC + 10] = "2024";
    cells[8 * DC + 6] = "2637195", cells[8 * DC + 8] = "1463054", cells[8 * DC + 10] = "1174141";
    char *p = write_dest2020(f, "undesa_pd_2024_ims_stock_by_sex_and_origin.xlsx", cells, sizeof cells / sizeof *cells / DC);
    migdip_import_report *rep = NULL;
    assert_int_equal(tu_import_file(f->ctx, p, &rep), MIGDIP_OK);
    assert_string_equal(rep->files[0].importer, "undesa-ims-orig-xlsx");
    assert_int_equal(rep->files[0].rows, 18);
    migdip_import_report_free(rep);
    assert_true(q(f, "SELECT value FROM emigrant_total WHERE iso3='NPL' AND year=2024 AND sex='T'") == 2637195);
    assert_true(q(f, "SELECT value FROM emigrant_total WHERE iso3='NPL' AND year=2024 AND sex='F'") == 1174141);
    assert_true(q(f, "SELECT flag FROM emigrant_total WHERE iso3='NPL' AND year=1990 AND sex='T'") == MIGDIP_FLAG_MISSING);
    assert_true(q(f, "SELECT count(*) FROM stock_total") == 0);
    assert_true(q(f, "SELECT count(*) FROM stock") == 0);
    tu_assert_text(f->db, "SELECT edition FROM vintage", "2024");
    tu_assert_text(f->db, "SELECT released FROM vintage", "2025-01-10");
    /* a broken cell: the store is left as it was */
    cells[7 * DC + 6] = "many";
    char *b = write_dest2020(f, "bad_origin.xlsx", cells, sizeof cells / sizeof *cells / DC);
    expect_failure(f, NULL, b, MIGDIP_ERR_PARSE, "bad_origin.xlsx: sheet \"Table 1\" cell G8:", "got \"many\"", NULL);
    free(p), free(b);
}

/* ================================================================== 2024 Table 1 CSV re-save */

/* The quirks of the real file: a BOM, CRLF, numbers with blanks as thousands separators and
 * leading blanks, "..", aggregates on both axes, footnote marks, "Others" (2003), a quoted
 * name with a comma, an unknown code (reported). */
#define CSV24_HDR "\xEF\xBB\xBFindex,destination,coverage,type,destination_code,origin,origin_code,gender,1990,2020,2024\r\n"
static const char CSV24_OK[] =
    CSV24_HDR
    "1,World,,,900,World,900,male,77 772 082,143 223 497,158 009 795\r\n"
    "2,World,,,900,Indonesia,360,male,1 000,2 000,3 000\r\n"
    "3,Malaysia*,,B R,458,World,900,male,1,2,3\r\n"
    "4,Malaysia*,,B R,458,Indonesia,360,male, 243 921,1 254 152,1 594 995\r\n"
    "5,Malaysia*,,B R,458,Asia,935,male,1,2,3\r\n"
    "6,Qatar,,B R,634,Nepal,524,male,..,  16, 0\r\n"
    "7,Qatar,,B R,634,Others,2003,male,  5,  6,  7\r\n"
    "8,Qatar,,B R,634,\"Lemuria, Sunken\",123,male,1,1,1\r\n"
    "4,Malaysia*,,B R,458,Indonesia,360,female, 123 880, 439 307, 166 507\r\n"
    "6,Qatar,,B R,634,Nepal,524,female,..,..,..\r\n"
    "7,Qatar,,B R,634,Others,2003,female,..,  4,..\r\n"
    "8,Qatar,,B R,634,\"Lemuria, Sunken\",123,female,1,1,1\r\n";

static char *write_csv24(fx *f, const char *name, const char *body) { return tu_write_text(f->dir, name, body); }

static void test_csv2024_values(void **state)
{
    fx *f = *state;
    char *p = write_csv24(f, "undesa_ims2024_table1_by_sex_dest_origin_resave.csv", CSV24_OK);
    migdip_import_report *rep = NULL;
    assert_int_equal(tu_import_file(f->ctx, p, &rep), MIGDIP_OK);
    assert_string_equal(rep->files[0].importer, "undesa-ims-csv2024");
    /* (IDN>MYS, NPL>QAT, XXX>QAT) x 3 years x (M, F, T) */
    assert_int_equal(rep->files[0].rows, 27);
    assert_int_equal(rep->n_unmapped, 1);
    assert_string_equal(rep->unmapped[0].name, "Lemuria, Sunken (M49 123)");
    assert_string_equal(rep->unmapped[0].cell, "origin_code");
    assert_int_equal(rep->unmapped[0].line, 9);
    migdip_import_report_free(rep);
    assert_true(STOCK(f, "IDN", "MYS", 2024, "M") == 1594995);
    assert_true(FLAG(f, "IDN", "MYS", 2024, "M") == MIGDIP_FLAG_OBSERVED);
    assert_true(STOCK(f, "IDN", "MYS", 2024, "F") == 166507);
    assert_true(STOCK(f, "IDN", "MYS", 2024, "T") == 1761502);
    assert_true(FLAG(f, "IDN", "MYS", 2024, "T") == MIGDIP_FLAG_DERIVED);
    assert_true(STOCK(f, "IDN", "MYS", 2020, "T") == 1693459);
    assert_true(STOCK(f, "IDN", "MYS", 1990, "T") == 367801);
    /* ".." stays missing; beside a number it adds nothing (the publisher's totals) */
    assert_true(isnan(STOCK(f, "NPL", "QAT", 2020, "F")));
    assert_true(FLAG(f, "NPL", "QAT", 2020, "F") == MIGDIP_FLAG_MISSING);
    assert_true(STOCK(f, "NPL", "QAT", 2020, "T") == 16);
    assert_true(FLAG(f, "NPL", "QAT", 2020, "T") == MIGDIP_FLAG_DERIVED);
    assert_true(isnan(STOCK(f, "NPL", "QAT", 1990, "T")));
    assert_true(FLAG(f, "NPL", "QAT", 1990, "T") == MIGDIP_FLAG_MISSING);
    assert_true(STOCK(f, "NPL", "QAT", 2024, "M") == 0); /* a zero is a zero */
    assert_true(FLAG(f, "NPL", "QAT", 2024, "M") == MIGDIP_FLAG_OBSERVED);
    /* "Others" is the unknown origin XXX */
    assert_true(STOCK(f, "XXX", "QAT", 2020, "T") == 10);
    /* aggregates on either axis are kept out */
    assert_true(q(f, "SELECT count(*) FROM stock WHERE orig NOT IN ('IDN','NPL','XXX') OR dest NOT IN ('MYS','QAT')") == 0);
    tu_assert_text(f->db, "SELECT edition FROM vintage", "2024");
    tu_assert_text(f->db, "SELECT released FROM vintage", "2025-01-10");
    tu_assert_text(f->db, "SELECT dataset FROM vintage", "undesa-ims");
    /* beside the 2020 edition: stock_pref is 2024, and either edition can be asked for */
    char *l = write_long(f, LONG_OK);
    assert_int_equal(tu_import_file(f->ctx, l, NULL), MIGDIP_OK);
    assert_true(q(f, "SELECT value FROM stock_pref WHERE orig='IDN' AND dest='MYS' AND year=2020 AND sex='T'") == 1693459);
    static const struct {
        const char *edition;
        double idn_mys_2020;
    } ED[] = {{NULL, 1693459}, {"2024", 1693459}, {"2020", 1241634}};
    for (size_t k = 0; k < sizeof ED / sizeof *ED; k++) {
        migdip_profile *pr = NULL;
        assert_int_equal(migdip_profile_get_edition(f->ctx, "IDN", 2020, ED[k].edition, &pr), MIGDIP_OK);
        double v = NAN;
        for (size_t i = 0; i < pr->n_destinations; i++)
            if (!strcmp(pr->destinations[i].iso3, "MYS"))
                v = pr->destinations[i].stock;
        assert_true(v == ED[k].idn_mys_2020);
        migdip_profile_free(pr);
    }
    migdip_profile *pr = NULL;
    assert_int_equal(migdip_profile_get_edition(f->ctx, "IDN", 2020, "2021", &pr), MIGDIP_ERR_NOTFOUND);
    assert_non_null(strstr(migdip_ctx_errmsg(f->ctx), "editions with bilateral stocks: 2020, 2024"));
    migdip_model_opts mo = {.year = 2020, .stock_edition = "1999"};
    migdip_model *m = NULL;
    assert_int_equal(migdip_model_load(f->ctx, &mo, &m), MIGDIP_ERR_NOTFOUND);
    assert_null(m);
    /* re-import: nothing changes */
    char *before = tu_store_fingerprint(f->db);
    assert_int_equal(tu_import_file(f->ctx, p, &rep), MIGDIP_OK);
    assert_int_equal(rep->files[0].skipped, 1);
    migdip_import_report_free(rep);
    char *after = tu_store_fingerprint(f->db);
    assert_string_equal(before, after);
    free(before), free(after), free(p), free(l);
}

static void test_csv2024_bad(void **state)
{
    fx *f = *state;
    char *good = write_long(f, LONG_OK);
    char *b1 = write_csv24(f, "b1.csv", CSV24_HDR "4,Malaysia,,B R,458,Indonesia,360,male,1 25 4,1,1\r\n");
    expect_failure(f, good, b1, MIGDIP_ERR_PARSE, "b1.csv:2: column 1990:", "got \"1 25 4\"", NULL);
    char *b2 = write_csv24(f, "b2.csv", CSV24_HDR "4,Malaysia,,B R,458,Indonesia,360,male,1,-5,1\r\n");
    expect_failure(f, NULL, b2, MIGDIP_ERR_RANGE, "b2.csv:2: column 2020:", ">= 0", NULL);
    char *b3 = write_csv24(f, "b3.csv", CSV24_HDR "4,Malaysia,,B R,458,Indonesia,360,male,1,2,3\r\n"
                                               "5,Malaysia,,B R,458,Indonesia,360,male,1,2,3\r\n");
    expect_failure(f, NULL, b3, MIGDIP_ERR_DUPLICATE, "b3.csv:3: duplicate row for destination MYS, origin IDN, gender male",
                   NULL);
    char *b4 = write_csv24(f, "b4.csv", CSV24_HDR "4,Malaysia,,B R,458,Indonesia,360,both,1,2,3\r\n");
    expect_failure(f, NULL, b4, MIGDIP_ERR_PARSE, "b4.csv:2: column gender:", NULL);
    char *b5 = write_csv24(f, "b5.csv", CSV24_HDR "4,Malaysia,,B R,458,Indonesia,360,male,1,2\r\n");
    expect_failure(f, NULL, b5, MIGDIP_ERR_PARSE, "b5.csv:2:", NULL);
    char *b6 = write_csv24(f, "b6.csv", CSV24_HDR "4,Malaysia,,B R,MYS,Indonesia,360,male,1,2,3\r\n");
    expect_failure(f, NULL, b6, MIGDIP_ERR_PARSE, "b6.csv:2: column destination_code:", NULL);
    char *b7 = write_csv24(f, "b7.csv", "index,destination,coverage,type,destination_code,origin,origin_code,gender,total\n"
                                        "1,Qatar,,,634,Nepal,524,male,1\n");
    expect_failure(f, NULL, b7, MIGDIP_ERR_SCHEMA, "b7.csv:1: no year columns", NULL);
    /* a bad row after good ones: the good ones are not kept either */
    char *b8 = write_csv24(f, "b8.csv", CSV24_HDR "4,Malaysia,,B R,458,Indonesia,360,male,1,2,3\r\n"
                                               "6,Qatar,,B R,634,Nepal,524,female,1,2,n/a\r\n");
    expect_failure(f, NULL, b8, MIGDIP_ERR_PARSE, "b8.csv:3: column 2024:", NULL);
    free(good), free(b1), free(b2), free(b3), free(b4), free(b5), free(b6), free(b7), free(b8);
}

int main(void)
{
#define T(fn) cmocka_unit_test_setup_teardown(fn, fx_setup, fx_teardown)
    const struct CMUnitTest tests[] = {
        T(test_long_values),        T(test_long_round_trip),  T(test_long_reimport),
        T(test_long_bad_malformed), T(test_long_bad_truncated), T(test_long_bad_column),
        T(test_long_bad_duplicate), T(test_long_bad_negative), T(test_long_bad_text),
        T(test_long_bad_empty_and_wrong_kind),
        T(test_wide_values),        T(test_wide_reimport),    T(test_wide_bad),
        T(test_dest2020_values),    T(test_dest2019_values),  T(test_dest_bad),
        T(test_bilat_values),       T(test_bilat_bad),
        T(test_orig2024_values),    T(test_csv2024_values),   T(test_csv2024_bad),
    };
#undef T
    return cmocka_run_group_tests(tests, NULL, NULL);
}
