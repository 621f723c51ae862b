/* test_imp_bla.c - the Chilton & Woda importers (imp_bla.c) on small hand-made files:
 * agreements with their dates, year-aware COW codes and name fallback, provisions, one
 * agreement per treaty whichever file comes first, re-import, and one test per kind of
 * bad input. */
#include "testutil.h"

#define F_HEADER "treatyID,countryA,countryB,codeA,codeB,dyadID,year,datesigned,ratified,copy_available\n"

static const char FORMATION[] =
    F_HEADER
    "771,Qatar,Nepal,694,790,5484.0,2005, 3/21/2005,,1\n"
    "976,Qatar,Nepal,694,790,5484.0,2008, 1/20/2008,  1/20/2008,1\n"
    "1022,Nepal,Malaysia,790,820,6480.0,2018,10/29/2018,,1\n"
    "1079,New Zealand,Ireland,920,205,2000.0,9999,,,0\n"
    "420,Yugoslavia,Germany,345,255,90.0,1970,\"1/26/1951, 4/24/1951\",5/29/2007 or sooner,1\n"
    "1121,Israel,Atlantis,666,999,99.0,2015, 8/7/2015,,1\n";

#define C_HEADER                                                                                          \
    "treatyID,countryA,countryB,codeA,codeB,dyadID,year,agreement_title,coded_orig_lang,quota,quota_num," \
    "recruit_cost_mig,social_security,bla_duration_years\n"

static const char CODING[] =
    C_HEADER
    "771,Qatar,Nepal,694,790,5484.0,2005,\"Agreement \"\"on\"\" Nepalese manpower, Doha\",English,0.0,,0,1,\n"
    "976,Qatar,Nepal,694,790,5484.0,2008,Additional Protocol,English,1.0,Set by mutual agreement,1,,3.0\n"
    "5000,Nepal,Qatar,790,694,5484.0,2012,A treaty only the coding file has,English,0,,0,0,2\n";

#define SEED "NPL=Nepal@790;QAT=Qatar@694;MYS=Malaysia;NZL=New Zealand@920;IRL=Ireland@205;" \
             "ISR=Israel@666;DEU=Germany@255;SRB=Serbia"

typedef tu_fx fx;
static fx fx_open(void) { return tu_fx_open(SEED); }
static void fx_close(fx *f) { tu_fx_close(f); }
static migdip_status import_text(fx *f, const char *name, const char *text, migdip_import_report **rep)
{
    return tu_import_text(f, name, text, rep);
}

static double q(fx *f, const char *sql) { return tu_query_double(f->db, sql); }

/* Every agreement, whichever vintage holds it, as one text (owned). */
static char *agreements_text(fx *f)
{
    sqlite3 *db = NULL;
    assert_int_equal(sqlite3_open_v2(f->db, &db, SQLITE_OPEN_READONLY, NULL), SQLITE_OK);
    sqlite3_stmt *st = NULL;
    assert_int_equal(sqlite3_prepare_v2(db,
        "SELECT group_concat(x, '|') FROM (SELECT treaty_id||','||a||','||b||','||coalesce(year,'-')||','||"
        "coalesce(date_signed,'-')||','||coalesce(ratified,'-')||','||coalesce(title,'-')||','||source AS x"
        " FROM agreement ORDER BY treaty_id)", -1, &st, NULL), SQLITE_OK);
    assert_int_equal(sqlite3_step(st), SQLITE_ROW);
    char *s = strdup((const char *)sqlite3_column_text(st, 0));
    sqlite3_finalize(st);
    sqlite3_close(db);
    return s;
}

static void test_formation_values(void **state)
{
    (void)state;
    fx f = fx_open();
    migdip_import_report *rep = NULL;
    assert_int_equal(import_text(&f, "bla/formation.csv", FORMATION, &rep), MIGDIP_OK);
    assert_string_equal(rep->files[0].importer, "bla-formation");
    assert_int_equal(rep->files[0].rows, 5);
    assert_int_equal(rep->n_unmapped, 1);
    assert_string_equal(rep->unmapped[0].name, "Atlantis (COW 999)");
    assert_string_equal(rep->unmapped[0].cell, "countryB");
    assert_int_equal(rep->unmapped[0].line, 7);
    migdip_import_report_free(rep);
    assert_float_equal(q(&f, "SELECT count(*) FROM agreement WHERE treaty_id=771 AND a='QAT' AND b='NPL' AND year=2005"
                             " AND date_signed='2005-03-21' AND ratified IS NULL AND title IS NULL"
                             " AND source='Chilton & Woda (2022)'"), 1, 0);
    assert_float_equal(q(&f, "SELECT count(*) FROM agreement WHERE treaty_id=976 AND ratified='2008-01-20'"), 1, 0);
    /* Malaysia has no COW code in this store: found by name */
    assert_float_equal(q(&f, "SELECT count(*) FROM agreement WHERE treaty_id=1022 AND b='MYS' AND year=2018"), 1, 0);
    /* 9999 = year unknown: NULL, never 9999 */
    assert_float_equal(q(&f, "SELECT count(*) FROM agreement WHERE treaty_id=1079 AND year IS NULL AND date_signed IS NULL"), 1, 0);
    /* 345 in 1970 is Yugoslavia; two dates / "or sooner": the first date */
    assert_float_equal(q(&f, "SELECT count(*) FROM agreement WHERE treaty_id=420 AND a='YUG' AND b='DEU'"
                             " AND date_signed='1951-01-26' AND ratified='2007-05-29'"), 1, 0);
    assert_float_equal(q(&f, "SELECT count(*) FROM agreement WHERE treaty_id=1121"), 0, 0);
    assert_float_equal(q(&f, "SELECT count(*) FROM vintage WHERE dataset='bla-formation' AND edition='2022'"
                             " AND released='2022-01-01' AND rows=5 AND citation LIKE '%Chilton%'"), 1, 0);
    fx_close(&f);
}

static void test_coding_values(void **state)
{
    (void)state;
    fx f = fx_open();
    migdip_import_report *rep = NULL;
    assert_int_equal(import_text(&f, "bla/coding.csv", CODING, &rep), MIGDIP_OK);
    assert_string_equal(rep->files[0].importer, "bla-coding");
    /* 3 agreements (no formation file yet) + 3 x 4 numeric provisions */
    assert_int_equal(rep->files[0].rows, 3 + 3 * 4);
    migdip_import_report_free(rep);
    assert_float_equal(q(&f, "SELECT count(DISTINCT provision) FROM agreement_provision"), 4, 0);
    /* text columns (coded_orig_lang, quota_num) are not provisions */
    assert_float_equal(q(&f, "SELECT count(*) FROM agreement_provision WHERE provision IN ('coded_orig_lang','quota_num',"
                             "'agreement_title','dyadID')"), 0, 0);
    assert_float_equal(q(&f, "SELECT value FROM agreement_provision WHERE treaty_id=976 AND provision='quota'"), 1, 0);
    assert_float_equal(q(&f, "SELECT value FROM agreement_provision WHERE treaty_id=976 AND provision='bla_duration_years'"), 3, 0);
    assert_float_equal(q(&f, "SELECT value FROM agreement_provision WHERE treaty_id=771 AND provision='social_security'"), 1, 0);
    /* a blank provision cell is NULL, never 0 */
    assert_float_equal(q(&f, "SELECT count(*) FROM agreement_provision WHERE treaty_id=976 AND provision='social_security'"
                             " AND value IS NULL"), 1, 0);
    assert_float_equal(q(&f, "SELECT count(*) FROM agreement WHERE treaty_id=771 AND title='Agreement \"on\" Nepalese manpower, Doha'"), 1, 0);
    assert_float_equal(q(&f, "SELECT count(*) FROM vintage WHERE dataset='bla-coding' AND edition='2022' AND released='2022-01-01'"), 1, 0);
    fx_close(&f);
}

/* One agreement per treaty, with the coding file's title, whichever file comes first. */
static void test_merge_order(void **state)
{
    (void)state;
    fx a = fx_open(), b = fx_open(), c = fx_open();
    assert_int_equal(import_text(&a, "formation.csv", FORMATION, NULL), MIGDIP_OK);
    assert_int_equal(import_text(&a, "coding.csv", CODING, NULL), MIGDIP_OK);
    assert_int_equal(import_text(&b, "coding.csv", CODING, NULL), MIGDIP_OK);
    assert_int_equal(import_text(&b, "formation.csv", FORMATION, NULL), MIGDIP_OK);
    char *pa = tu_write_text(c.dir, "formation.csv", FORMATION), *pc = tu_write_text(c.dir, "coding.csv", CODING);
    const char *both[] = {pa, pc};
    assert_int_equal(tu_import(c.ctx, both, 2), MIGDIP_OK);
    char *ta = agreements_text(&a), *tb = agreements_text(&b), *tc = agreements_text(&c);
    assert_string_equal(ta, tb);
    assert_string_equal(ta, tc);
    assert_non_null(strstr(ta, "771,QAT,NPL,2005,2005-03-21,-,Agreement \"on\" Nepalese manpower, Doha,"));
    assert_non_null(strstr(ta, "5000,NPL,QAT,2012,-,-,A treaty only the coding file has,"));
    for (fx *f = &a; f; f = f == &a ? &b : f == &b ? &c : NULL) {
        assert_float_equal(q(f, "SELECT count(*) FROM agreement"), 6, 0);
        assert_float_equal(q(f, "SELECT count(*) FROM agreement a JOIN vintage v ON v.id=a.vintage_id"
                                " WHERE v.dataset='bla-coding'"), 1, 0); /* only treaty 5000 */
        assert_float_equal(q(f, "SELECT count(*) FROM agreement_provision"), 12, 0);
    }
    free(ta);
    free(tb);
    free(tc);
    free(pa);
    free(pc);
    fx_close(&a);
    fx_close(&b);
    fx_close(&c);
}

/* file -> store -> query back: every mapped agreement of FORMATION */
static void test_round_trip(void **state)
{
    (void)state;
    fx f = fx_open();
    assert_int_equal(import_text(&f, "formation.csv", FORMATION, NULL), MIGDIP_OK);
    char *t = agreements_text(&f);
    assert_string_equal(t,
                        "420,YUG,DEU,1970,1951-01-26,2007-05-29,-,Chilton & Woda (2022)|"
                        "771,QAT,NPL,2005,2005-03-21,-,-,Chilton & Woda (2022)|"
                        "976,QAT,NPL,2008,2008-01-20,2008-01-20,-,Chilton & Woda (2022)|"
                        "1022,NPL,MYS,2018,2018-10-29,-,-,Chilton & Woda (2022)|"
                        "1079,NZL,IRL,-,-,-,-,Chilton & Woda (2022)");
    free(t);
    fx_close(&f);
}

static void test_reimport_unchanged(void **state)
{
    (void)state;
    tu_expect_reimport_unchanged(SEED, (const char *const[]){"formation.csv", "coding.csv"},
                                 (const char *const[]){FORMATION, CODING}, 2);
}

static void expect_bad(const char *good, const char *bad, migdip_status st, const char *part1, const char *part2)
{
    tu_expect_bad_import(SEED, good, bad, st, part1, part2);
}

static void test_bad_truncated(void **state)
{
    (void)state;
    expect_bad(FORMATION, F_HEADER "1,Qatar,Nepal,694,790,5484.0,2005, 3/21/2005,,1\n2,Qatar,Nep", MIGDIP_ERR_PARSE,
               "bad.csv:3: expected 10 fields, got 3", NULL);
    expect_bad(CODING, C_HEADER "771,Qatar,Nepal,694,790,5484.0,2005,\"Agreement on", MIGDIP_ERR_PARSE,
               "unterminated quoted field", "opened on line 2");
}

static void test_bad_malformed(void **state)
{
    (void)state;
    expect_bad(CODING, C_HEADER "771,Qatar,Nepal,694,790,5484.0,2005,\"Agreement\" on,English,0,,0,1,\n",
               MIGDIP_ERR_PARSE, "bad.csv:2: field 8: expected a comma or end of line after a closing quote", NULL);
}

static void test_bad_missing_column(void **state)
{
    (void)state;
    expect_bad(FORMATION, "treatyID,countryA,countryB,codeA,codeB,year,ratified\n1,Qatar,Nepal,694,790,2005,\n",
               MIGDIP_ERR_SCHEMA, "bad.csv:1: missing column \"datesigned\"", "expected treatyID,countryA");
    expect_bad(CODING, "treatyID,countryA,countryB,codeA,codeB,year,quota,recruit_cost_mig,prot_women\n"
                       "1,Qatar,Nepal,694,790,2005,0,0,0\n",
               MIGDIP_ERR_SCHEMA, "bad.csv:1: missing column \"agreement_title\"", NULL);
}

static void test_bad_renamed_column(void **state)
{
    (void)state;
    expect_bad(FORMATION, "treatyID,countryA,countryB,cowA,codeB,year,datesigned,ratified\n1,Qatar,Nepal,694,790,2005,,\n",
               MIGDIP_ERR_SCHEMA, "bad.csv:1: missing column \"codeA\"", NULL);
    /* no provision columns left once the text columns are set aside */
    expect_bad(CODING, "treatyID,countryA,countryB,codeA,codeB,year,agreement_title,coded_orig_lang,quota_num\n"
                       "1,Qatar,Nepal,694,790,2005,T,English,3\n",
               MIGDIP_ERR_SCHEMA, "not a recognised data file", NULL);
}

static void test_bad_duplicate(void **state)
{
    (void)state;
    expect_bad(FORMATION, F_HEADER "7,Qatar,Nepal,694,790,1,2005,,,1\n8,Qatar,Nepal,694,790,1,2006,,,1\n"
                                   "7,Qatar,Nepal,694,790,1,2007,,,1\n",
               MIGDIP_ERR_DUPLICATE, "bad.csv:4: duplicate treatyID 7 (first on line 2)", NULL);
    expect_bad(CODING, C_HEADER "7,Qatar,Nepal,694,790,1,2005,T,English,0,,0,0,\n7,Qatar,Nepal,694,790,1,2005,T,English,0,,0,0,\n",
               MIGDIP_ERR_DUPLICATE, "bad.csv:3: duplicate treatyID 7 (first on line 2)", NULL);
}

static void test_bad_negative(void **state)
{
    (void)state;
    expect_bad(CODING, C_HEADER "7,Qatar,Nepal,694,790,1,2005,T,English,0,,0,0,-2\n", MIGDIP_ERR_RANGE,
               "bad.csv:2: column bla_duration_years: expected a non-negative number or blank, got \"-2\"", NULL);
    expect_bad(FORMATION, F_HEADER "-7,Qatar,Nepal,694,790,1,2005,,,1\n", MIGDIP_ERR_PARSE,
               "bad.csv:2: column treatyID: expected a positive treaty id, got \"-7\"", NULL);
    expect_bad(FORMATION, F_HEADER "7,Qatar,Nepal,694,790,1,1205,,,1\n", MIGDIP_ERR_RANGE,
               "bad.csv:2: column year: expected a year in 1800-2100 or 9999 (unknown), got 1205", NULL);
}

static void test_bad_text_in_number(void **state)
{
    (void)state;
    expect_bad(CODING, C_HEADER "7,Qatar,Nepal,694,790,1,2005,T,English,yes,,0,0,\n", MIGDIP_ERR_PARSE,
               "bad.csv:2: column quota: expected a number or blank, got \"yes\"", NULL);
    expect_bad(FORMATION, F_HEADER "7,Qatar,Nepal,QAT,790,1,2005,,,1\n", MIGDIP_ERR_PARSE,
               "bad.csv:2: column codeA: expected a COW state code (1-9999), got \"QAT\"", NULL);
    expect_bad(FORMATION, F_HEADER "7,Qatar,Nepal,694,790,1,2005,2005-03-21,,1\n", MIGDIP_ERR_PARSE,
               "bad.csv:2: column datesigned: expected a date m/d/yyyy or blank, got \"2005-03-21\"", NULL);
    expect_bad(FORMATION, F_HEADER "7,Qatar,Nepal,694,790,1,2005,2/30/2005,,1\n", MIGDIP_ERR_PARSE,
               "bad.csv:2: column datesigned: expected a valid date m/d/yyyy, got \"2/30/2005\"", NULL);
}

static void test_bad_empty(void **state)
{
    (void)state;
    expect_bad(FORMATION, "", MIGDIP_ERR_SCHEMA, "bad.csv: not a recognised data file", NULL);
    expect_bad(FORMATION, F_HEADER, MIGDIP_ERR_SCHEMA, "bad.csv: no data rows after the header", NULL);
    expect_bad(CODING, C_HEADER, MIGDIP_ERR_SCHEMA, "bad.csv: no data rows after the header", NULL);
}

static void test_bad_wrong_kind(void **state)
{
    (void)state;
    /* the codebooks sit beside the data and are not data */
    expect_bad(FORMATION, "variable,label\ntreatyID,Unique treaty ID\ncountryA,Name of country A\n", MIGDIP_ERR_SCHEMA,
               "bad.csv: not a recognised data file", NULL);
    expect_bad(CODING, "treatyID,name\n1,x\n", MIGDIP_ERR_SCHEMA, "not a recognised data file", NULL);
}

int main(void)
{
    const struct CMUnitTest tests[] = {
        cmocka_unit_test(test_formation_values),   cmocka_unit_test(test_coding_values),
        cmocka_unit_test(test_merge_order),        cmocka_unit_test(test_round_trip),
        cmocka_unit_test(test_reimport_unchanged), cmocka_unit_test(test_bad_truncated),
        cmocka_unit_test(test_bad_malformed),      cmocka_unit_test(test_bad_missing_column),
        cmocka_unit_test(test_bad_renamed_column), cmocka_unit_test(test_bad_duplicate),
        cmocka_unit_test(test_bad_negative),       cmocka_unit_test(test_bad_text_in_number),
        cmocka_unit_test(test_bad_empty),          cmocka_unit_test(test_bad_wrong_kind),
    };
    return cmocka_run_group_tests(tests, NULL, NULL);
}
