/* test_imp_cow_igo.c - the COW IGO v3 state-year importer (imp_cow_igo.c) on small hand-made
 * files: which cells are stored (1-3 as status, -9 as a missing row; 0 and -1 not at all),
 * year-aware state codes, the collision of two states on one ISO3 in one year, re-import, and
 * bad input leaving the store as it was. */
#include "testutil.h"

#include "import/importer.h"

extern const mg_importer mg_imp_cow_igo, mg_imp_cow;

#define HEADER "ccode,year,state,asean,gcc,eec\n"

static const char GOOD[] = HEADER
    "670,1980,saudiarabia,-1,-1,0\n"
    "670,1981,saudiarabia,-1,1,0\n"
    "694,1981,qatar,-1,1,-9\n"
    "850,1967,indonesia,1,-1,0\n"
    "345,1990,yugoslavia,0,-1,3\n"
    "345,2006,serbia,0,-1,2\n"
    "255,1990,germany,0,-1,1\n"
    "260,1990,wgermany,0,-1,0\n";

#define SEED "SAU=Saudi Arabia@670;QAT=Qatar@694;IDN=Indonesia@850;SRB=Serbia;DEU=Germany@255"

typedef tu_fx fx;
static double q(fx *f, const char *sql) { return tu_query_double(f->db, sql); }

static fx fx_open(void)
{
    fx f = tu_fx_open(SEED);
    /* 260 (German Federal Republic) is DEU too in this store: a collision in 1990 */
    tu_exec_sql(f.db, "INSERT INTO country_code(scheme,code,iso3) VALUES('cown','260','DEU')");
    return f;
}

static void test_values(void **state)
{
    (void)state;
    fx f = fx_open();
    migdip_import_report *rep = NULL;
    assert_int_equal(tu_import_text(&f, "cow_igo/state_year.csv", GOOD, &rep), MIGDIP_OK);
    assert_string_equal(rep->files[0].importer, "cow-igo");
    /* stored: gcc SAU 1981, gcc QAT 1981, eec QAT 1981 (missing), asean IDN 1967, eec YUG
     * 1990 (observer), eec SRB 2006 (associate), eec DEU 1990 */
    assert_int_equal(rep->files[0].rows, 7);
    assert_int_equal(rep->n_unmapped, 1);
    assert_string_equal(rep->unmapped[0].name, "wgermany (COW 260) in 1990: DEU already from germany (COW 255)");
    assert_int_equal(rep->unmapped[0].line, 9);
    migdip_import_report_free(rep);
    assert_float_equal(q(&f, "SELECT count(*) FROM igo"), 3, 0);
    assert_float_equal(q(&f, "SELECT count(*) FROM igo_member WHERE igo='gcc' AND status=1 AND flag=1"), 2, 0);
    assert_float_equal(q(&f, "SELECT min(year) FROM igo_member WHERE igo='gcc' AND iso3='SAU'"), 1981, 0);
    /* -9: an explicit missing row; 0 and -1: no row */
    assert_float_equal(q(&f, "SELECT count(*) FROM igo_member WHERE igo='eec' AND iso3='QAT' AND status IS NULL AND flag=0"),
                       1, 0);
    assert_float_equal(q(&f, "SELECT count(*) FROM igo_member WHERE status=0"), 0, 0);
    assert_float_equal(q(&f, "SELECT count(*) FROM igo_member WHERE iso3='SAU' AND year=1980"), 0, 0);
    /* year-aware codes: 345 is Yugoslavia in 1990, Serbia in 2006 */
    assert_float_equal(q(&f, "SELECT status FROM igo_member WHERE igo='eec' AND iso3='YUG' AND year=1990"), 3, 0);
    assert_float_equal(q(&f, "SELECT status FROM igo_member WHERE igo='eec' AND iso3='SRB' AND year=2006"), 2, 0);
    /* the collision keeps the state with more memberships (germany: 1, wgermany: 0) */
    assert_float_equal(q(&f, "SELECT status FROM igo_member WHERE igo='eec' AND iso3='DEU' AND year=1990"), 1, 0);
    assert_float_equal(q(&f, "SELECT count(*) FROM vintage WHERE dataset='cow-igo' AND edition='3.0' AND rows=7"
                             " AND citation LIKE '%Pevehouse%'"), 1, 0);
    tu_fx_close(&f);
}

static void test_unmapped(void **state)
{
    (void)state;
    fx f = fx_open();
    migdip_import_report *rep = NULL;
    assert_int_equal(tu_import_text(&f, "igo.csv", HEADER "240,1850,hanover,-1,-1,-1\n670,1990,saudiarabia,-1,1,0\n", &rep),
                     MIGDIP_OK);
    assert_int_equal(rep->n_unmapped, 1);
    assert_string_equal(rep->unmapped[0].name, "hanover (COW 240)");
    assert_string_equal(rep->unmapped[0].cell, "ccode");
    assert_int_equal(rep->unmapped[0].line, 2);
    assert_int_equal(rep->files[0].rows, 1);
    migdip_import_report_free(rep);
    tu_fx_close(&f);
}

static void test_reimport_unchanged(void **state)
{
    (void)state;
    tu_expect_reimport_unchanged(SEED, (const char *const[]){"igo.csv"}, (const char *const[]){GOOD}, 1);
}

static void test_sniff(void **state)
{
    (void)state;
    static const char *const heads[] = {
        GOOD, "stateabb,ccode,year,milex,milper,irst,pec,tpop,upop,cinc\n", "ccode,year\n", "ccode,year,stateabb,x\n", "",
    };
    for (size_t h = 0; h < sizeof heads / sizeof *heads; h++) {
        assert_int_equal(mg_imp_cow_igo.sniff("x.csv", "x.csv", (const unsigned char *)heads[h], strlen(heads[h])), h == 0);
        assert_int_equal(mg_imp_cow.sniff("x.csv", "x.csv", (const unsigned char *)heads[h], strlen(heads[h])), h == 1);
    }
}

static void expect_bad(const char *bad, migdip_status st, const char *part1, const char *part2)
{
    fx f = fx_open();
    assert_int_equal(tu_import_text(&f, "good.csv", GOOD, NULL), MIGDIP_OK);
    char *before = tu_store_fingerprint(f.db);
    assert_int_equal(tu_import_text(&f, "bad.csv", bad, NULL), st);
    const char *msg = migdip_ctx_errmsg(f.ctx);
    if (!strstr(msg, part1) || (part2 && !strstr(msg, part2)))
        fail_msg("message \"%s\" lacks \"%s\" / \"%s\"", msg, part1, part2 ? part2 : "");
    char *after = tu_store_fingerprint(f.db);
    assert_string_equal(before, after);
    free(before);
    free(after);
    tu_fx_close(&f);
}

static void test_bad_input(void **state)
{
    (void)state;
    /* a good row first, so that a half-done import would show */
#define OK_ROW "670,1995,saudiarabia,0,1,0\n"
    expect_bad(HEADER OK_ROW "694,1995,qatar,0,1", MIGDIP_ERR_PARSE, "bad.csv:3:", "expected 6 fields, got 5");
    expect_bad(HEADER OK_ROW "694,1995,qatar,0,4,0\n", MIGDIP_ERR_RANGE, "bad.csv:3: column gcc: expected a membership code",
               "got \"4\"");
    expect_bad(HEADER OK_ROW "694,1995,qatar,0,,0\n", MIGDIP_ERR_RANGE, "bad.csv:3: column gcc", "got \"\"");
    expect_bad(HEADER OK_ROW "6x4,1995,qatar,0,1,0\n", MIGDIP_ERR_PARSE, "bad.csv:3: column ccode", NULL);
    expect_bad(HEADER OK_ROW "694,3995,qatar,0,1,0\n", MIGDIP_ERR_RANGE,
               "bad.csv:3: column year: expected a year in 1800-2100, got 3995", NULL);
    expect_bad(HEADER OK_ROW OK_ROW, MIGDIP_ERR_DUPLICATE, "bad.csv:3: duplicate state-year: ccode 670, year 1995",
               "first on line 2");
    expect_bad("ccode,year,state,gcc,gcc\n670,1995,saudiarabia,1,1\n", MIGDIP_ERR_DUPLICATE,
               "bad.csv:1: column 5: organisation \"gcc\" already in column 4", NULL);
    expect_bad("ccode,year,state\n670,1995,saudiarabia\n", MIGDIP_ERR_SCHEMA, "not a recognised data file", NULL);
    expect_bad(HEADER, MIGDIP_ERR_SCHEMA, "bad.csv: no data rows after the header", NULL);
#undef OK_ROW
}

int main(void)
{
    const struct CMUnitTest tests[] = {
        cmocka_unit_test(test_values),  cmocka_unit_test(test_unmapped),   cmocka_unit_test(test_reimport_unchanged),
        cmocka_unit_test(test_sniff),   cmocka_unit_test(test_bad_input),
    };
    return cmocka_run_group_tests(tests, NULL, NULL);
}
