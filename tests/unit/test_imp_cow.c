/* test_imp_cow.c - the COW National Material Capabilities importer (imp_cow.c) on small
 * hand-made files: stored values and flags, vintage fields, year-aware state codes, the
 * 1990 Germany collision, re-import, and one test per kind of bad input. */
#include "testutil.h"

#include "import/importer.h"

extern const mg_importer mg_imp_cow, mg_imp_cepii_dist, mg_imp_cepii_geo, mg_imp_bla_formation, mg_imp_bla_coding;

#define HEADER "stateabb,ccode,year,milex,milper,irst,pec,tpop,upop,cinc,version\n"

static const char GOOD[] =
    HEADER
    "NEP,790,2015,330000,92,0,3790,28656,1521,0.0017,2021\n"
    "NEP,790,2016,338000,92,-9,3827,28983,1573,0.001718,2021\n"
    "QAT,694,2016,4404000,12,540,51760,2570,1610,0.001844,2021\n"
    "YUG,345,1990,3520000,180,3576,72729,23818,2148,0.004458691,2021\n"
    "YUG,345,2006,812000,65,1823,27612,9889,1140,1.5152225E-03,2021\n"
    "GMY,255,1990,37200000,545,38434,-9,79402,25673,0.029267116,2021\n"
    "GFR,260,1990,35610000,545,38433,366237,63253,21254,0.027701119,2021";

#define SEED "NPL=Nepal@790;QAT=Qatar@694;SRB=Serbia;DEU=Germany@255"

typedef tu_fx fx;
static fx fx_open(void) { return tu_fx_open(SEED); }
static void fx_close(fx *f) { tu_fx_close(f); }
static migdip_status import_text(fx *f, const char *name, const char *text, migdip_import_report **rep)
{
    return tu_import_text(f, name, text, rep);
}

static double q(fx *f, const char *sql) { return tu_query_double(f->db, sql); }

static void test_values(void **state)
{
    (void)state;
    fx f = fx_open();
    migdip_import_report *rep = NULL;
    assert_int_equal(import_text(&f, "cow/NMC-60-abridged.csv", GOOD, &rep), MIGDIP_OK);
    assert_int_equal(rep->n_files, 1);
    assert_string_equal(rep->files[0].importer, "cow-nmc");
    /* 6 state-years stored (GFR 1990 collides with GMY 1990 for DEU) x 7 series */
    assert_int_equal(rep->files[0].rows, 6 * 7);
    assert_int_equal(rep->n_unmapped, 1);
    assert_non_null(strstr(rep->unmapped[0].name, "GFR (COW 260) in 1990: DEU already from GMY (COW 255)"));
    assert_int_equal(rep->unmapped[0].line, 8);
    migdip_import_report_free(rep);

    assert_float_equal(q(&f, "SELECT value FROM series WHERE code='COW.CINC' AND iso3='NPL' AND year=2016"), 0.001718, 0);
    assert_float_equal(q(&f, "SELECT flag FROM series WHERE code='COW.CINC' AND iso3='NPL' AND year=2016"), 1, 0);
    assert_float_equal(q(&f, "SELECT value FROM series WHERE code='COW.MILEX' AND iso3='QAT' AND year=2016"), 4404000, 0);
    /* -9 is an explicit missing row: value NULL, flag 0 - never -9 and never 0 */
    assert_float_equal(q(&f, "SELECT count(*) FROM series WHERE code='COW.IRST' AND iso3='NPL' AND year=2016"
                             " AND value IS NULL AND flag=0"), 1, 0);
    assert_float_equal(q(&f, "SELECT value FROM series WHERE code='COW.IRST' AND iso3='NPL' AND year=2015"), 0, 0);
    assert_float_equal(q(&f, "SELECT count(*) FROM series WHERE value<0"), 0, 0);
    /* year-aware codes: 345 is Yugoslavia in 1990 and Serbia in 2006 */
    assert_float_equal(q(&f, "SELECT value FROM series WHERE code='COW.TPOP' AND iso3='YUG' AND year=1990"), 23818, 0);
    assert_float_equal(q(&f, "SELECT value FROM series WHERE code='COW.CINC' AND iso3='SRB' AND year=2006"), 0.0015152225, 1e-15);
    /* 1990 Germany: the larger state (GMY, unified) is kept */
    assert_float_equal(q(&f, "SELECT value FROM series WHERE code='COW.TPOP' AND iso3='DEU' AND year=1990"), 79402, 0);
    assert_float_equal(q(&f, "SELECT count(*) FROM series WHERE code='COW.PEC' AND iso3='DEU' AND year=1990 AND flag=0"), 1, 0);
    assert_float_equal(q(&f, "SELECT count(*) FROM unmapped WHERE cell='ccode' AND line=8"), 1, 0);
    /* series_info and the vintage */
    assert_float_equal(q(&f, "SELECT count(*) FROM series_info WHERE code IN ('COW.CINC','COW.MILEX','COW.MILPER',"
                             "'COW.IRST','COW.PEC','COW.TPOP','COW.UPOP') AND name<>'' AND unit<>''"), 7, 0);
    assert_float_equal(q(&f, "SELECT count(*) FROM vintage WHERE dataset='cow-nmc' AND edition='6.0'"
                             " AND released='2021-01-01' AND importer='cow-nmc' AND rows=42"
                             " AND source LIKE '%Correlates of War%' AND citation LIKE '%Singer%'"), 1, 0);
    fx_close(&f);
}

/* file -> store -> query back -> compare every cell */
static void test_round_trip(void **state)
{
    (void)state;
    static const struct {
        const char *iso3;
        int year;
        double v[7]; /* milex milper irst pec tpop upop cinc; -9 = missing */
    } rows[] = {
        {"NPL", 2015, {330000, 92, 0, 3790, 28656, 1521, 0.0017}},
        {"NPL", 2016, {338000, 92, -9, 3827, 28983, 1573, 0.001718}},
        {"QAT", 2016, {4404000, 12, 540, 51760, 2570, 1610, 0.001844}},
        {"YUG", 1990, {3520000, 180, 3576, 72729, 23818, 2148, 0.004458691}},
        {"SRB", 2006, {812000, 65, 1823, 27612, 9889, 1140, 1.5152225E-03}},
        {"DEU", 1990, {37200000, 545, 38434, -9, 79402, 25673, 0.029267116}},
    };
    static const char *const codes[7] = {"MILEX", "MILPER", "IRST", "PEC", "TPOP", "UPOP", "CINC"};
    fx f = fx_open();
    assert_int_equal(import_text(&f, "NMC.csv", GOOD, NULL), MIGDIP_OK);
    for (size_t i = 0; i < sizeof rows / sizeof *rows; i++) {
        for (int k = 0; k < 7; k++) {
            char sql[256];
            snprintf(sql, sizeof sql, "SELECT %s FROM series WHERE code='COW.%s' AND iso3='%s' AND year=%d",
                     rows[i].v[k] == -9 ? "flag" : "value", codes[k], rows[i].iso3, rows[i].year);
            assert_float_equal(q(&f, sql), rows[i].v[k] == -9 ? 0 : rows[i].v[k], 0);
        }
    }
    assert_float_equal(q(&f, "SELECT count(*) FROM series"), 6 * 7, 0);
    fx_close(&f);
}

static void test_reimport_unchanged(void **state)
{
    (void)state;
    tu_expect_reimport_unchanged(SEED, (const char *const[]){"NMC.csv"}, (const char *const[]){GOOD}, 1);
}

static void test_unmapped_and_fallback(void **state)
{
    (void)state;
    fx f = fx_open();
    tu_seed_countries(f.db, "MYS=Malaysia");
    /* 820 has no cown code in this store: the cowc fallback (stateabb) needs one too */
    sqlite3 *db = NULL;
    assert_int_equal(sqlite3_open(f.db, &db), SQLITE_OK);
    assert_int_equal(sqlite3_exec(db, "INSERT INTO country_code(scheme,code,iso3) VALUES('cowc','MAL','MYS')",
                                  NULL, NULL, NULL), SQLITE_OK);
    sqlite3_close(db);
    migdip_import_report *rep = NULL;
    assert_int_equal(import_text(&f, "NMC.csv",
                                 HEADER "MAL,820,2016,4218000,109,3600,94000,31187,12067,0.00431,2021\n"
                                        "HAN,240,1850,-9,20,-9,-9,1800,-9,0.003,2021\n"
                                        "HAN,240,1851,-9,20,-9,-9,1810,-9,0.003,2021\n", &rep),
                     MIGDIP_OK);
    assert_int_equal(rep->n_unmapped, 1);
    assert_string_equal(rep->unmapped[0].name, "HAN (COW 240)");
    assert_string_equal(rep->unmapped[0].cell, "ccode");
    assert_int_equal(rep->unmapped[0].line, 3);
    assert_int_equal(rep->files[0].rows, 7);
    migdip_import_report_free(rep);
    assert_float_equal(q(&f, "SELECT value FROM series WHERE code='COW.CINC' AND iso3='MYS' AND year=2016"), 0.00431, 0);
    fx_close(&f);
}

static void test_sniff(void **state)
{
    (void)state;
    static const char *const heads[] = {
        GOOD,
        "\xEF\xBB\xBFiso_o,iso_d,contig,comlang_off,comlang_ethno,colony,comcol,curcol,col45,smctry,dist,distcap,distw,distwces\n",
        "iso2,iso3,cnum,country,pays,area,dis_int,landlocked,continent,city_en,city_fr,lat,lon,cap,maincity,citynum,langoff_1,colonizer1\n",
        "treatyID,countryA,countryB,codeA,codeB,dyadID,year,datesigned,ratified,copy_available\n",
        "treatyID,countryA,countryB,codeA,codeB,dyadID,year,agreement_title,quota,recruit_cost_mig\n",
        "Country Name,Country Code,Year,Value\nNepal,NPL,2020,1\n",
        "stateabb,ccode,year\nNEP,790,2016\n",
        "variable,label\ntreatyID,Unique treaty ID\n",
        "",
    };
    const mg_importer *imps[] = {&mg_imp_cow, &mg_imp_cepii_dist, &mg_imp_cepii_geo, &mg_imp_bla_formation, &mg_imp_bla_coding};
    for (size_t h = 0; h < sizeof heads / sizeof *heads; h++)
        for (size_t i = 0; i < 5; i++)
            assert_int_equal(imps[i]->sniff("x.csv", "x.csv", (const unsigned char *)heads[h], strlen(heads[h])),
                             h == i);
}

/* Import GOOD, fingerprint, import bad (as another file): it must fail with st, a message
 * containing each of the parts, and leave the store exactly as it was. */
static void expect_bad(const char *bad, migdip_status st, const char *part1, const char *part2)
{
    fx f = fx_open();
    assert_int_equal(import_text(&f, "good.csv", GOOD, NULL), MIGDIP_OK);
    char *before = tu_store_fingerprint(f.db);
    assert_int_equal(import_text(&f, "bad.csv", bad, NULL), st);
    const char *msg = migdip_errmsg(f.ctx);
    if (!strstr(msg, part1) || (part2 && !strstr(msg, part2)))
        fail_msg("message \"%s\" lacks \"%s\" / \"%s\"", msg, part1, part2 ? part2 : "");
    char *after = tu_store_fingerprint(f.db);
    assert_string_equal(before, after);
    free(before);
    free(after);
    fx_close(&f);
}

static void test_bad_truncated(void **state)
{
    (void)state;
    expect_bad(HEADER "NEP,790,2014,330000,92,0,3790,28656,1521,0.0017,2021\nNEP,790,2013,3300", MIGDIP_ERR_PARSE,
               "bad.csv:3:", "expected 11 fields, got 4");
}

static void test_bad_malformed(void **state)
{
    (void)state;
    expect_bad(HEADER "NEP,790,2014,\"330000,92,0,3790,28656,1521,0.0017,2021\n", MIGDIP_ERR_PARSE, "bad.csv:3: unterminated quoted field",
               "opened on line 2");
}

static void test_bad_missing_column(void **state)
{
    (void)state;
    expect_bad("stateabb,ccode,year,milex,milper,irst,pec,tpop,upop,version\n"
               "NEP,790,2014,1,1,1,1,1,1,2021\n",
               MIGDIP_ERR_SCHEMA, "bad.csv:1: missing column \"cinc\"", "expected stateabb,ccode,year,milex");
}

static void test_bad_renamed_column(void **state)
{
    (void)state;
    expect_bad("stateabb,ccode,year,milex,milper,iron_steel,pec,tpop,upop,cinc\n"
               "NEP,790,2014,1,1,1,1,1,1,0.1\n",
               MIGDIP_ERR_SCHEMA, "bad.csv:1: missing column \"irst\"", NULL);
    /* too few of the NMC columns: not taken for a COW NMC file at all */
    expect_bad("stateabb,ccode,year\nNEP,790,2016\n", MIGDIP_ERR_SCHEMA, "not a recognised data file", NULL);
}

static void test_bad_out_of_range(void **state)
{
    (void)state;
    expect_bad("stateabb,ccode,year,milex,milper,irst,pec,tpop,upop,cinc\n"
               "NEP,790,2014,1,1,1,1,1,1,-3\n",
               MIGDIP_ERR_RANGE, "bad.csv:2: column cinc", "-9 (missing), got \"-3\"");
}

static void test_bad_duplicate(void **state)
{
    (void)state;
    expect_bad(HEADER "NEP,790,2014,1,1,1,1,1,1,0.1,2021\nQAT,694,2014,1,1,1,1,1,1,0.1,2021\n"
                      "NEP,790,2014,2,2,2,2,2,2,0.2,2021\n",
               MIGDIP_ERR_DUPLICATE, "bad.csv:4: duplicate state-year: ccode 790, year 2014", "first on line 2");
}

static void test_bad_negative(void **state)
{
    (void)state;
    expect_bad(HEADER "NEP,790,2014,1,1,1,1,-28656,1,0.1,2021\n", MIGDIP_ERR_RANGE,
               "bad.csv:2: column tpop: expected a non-negative number or -9 (missing), got \"-28656\"", NULL);
    expect_bad(HEADER "NEP,790,3016,1,1,1,1,1,1,0.1,2021\n", MIGDIP_ERR_RANGE,
               "bad.csv:2: column year: expected a year in 1800-2100, got 3016", NULL);
}

static void test_bad_text_in_number(void **state)
{
    (void)state;
    expect_bad(HEADER "NEP,790,2014,n/a,1,1,1,1,1,0.1,2021\n", MIGDIP_ERR_PARSE,
               "bad.csv:2: column milex: expected a number (-9 = missing), got \"n/a\"", NULL);
    expect_bad(HEADER "NEP,7x0,2014,1,1,1,1,1,1,0.1,2021\n", MIGDIP_ERR_PARSE,
               "bad.csv:2: column ccode: expected a COW state code (1-9999), got \"7x0\"", NULL);
    expect_bad(HEADER "NEP,790,2014,1,1,1,1,1,1,,2021\n", MIGDIP_ERR_PARSE,
               "bad.csv:2: column cinc: expected a number (-9 = missing), got \"\"", NULL);
}

static void test_bad_empty(void **state)
{
    (void)state;
    expect_bad("", MIGDIP_ERR_SCHEMA, "bad.csv: not a recognised data file", NULL);
    expect_bad(HEADER, MIGDIP_ERR_SCHEMA, "bad.csv: no data rows after the header", NULL);
}

static void test_bad_wrong_kind(void **state)
{
    (void)state;
    expect_bad("Country Name,Country Code,Year,Value\nNepal,NPL,2016,1\n", MIGDIP_ERR_SCHEMA,
               "bad.csv: not a recognised data file", NULL);
    expect_bad("PK\x03\x04garbage", MIGDIP_ERR_SCHEMA, "not a recognised data file", NULL);
}

int main(void)
{
    const struct CMUnitTest tests[] = {
        cmocka_unit_test(test_values),
        cmocka_unit_test(test_round_trip),
        cmocka_unit_test(test_reimport_unchanged),
        cmocka_unit_test(test_unmapped_and_fallback),
        cmocka_unit_test(test_sniff),
        cmocka_unit_test(test_bad_truncated),
        cmocka_unit_test(test_bad_malformed),
        cmocka_unit_test(test_bad_missing_column),
        cmocka_unit_test(test_bad_renamed_column),
        cmocka_unit_test(test_bad_out_of_range),
        cmocka_unit_test(test_bad_duplicate),
        cmocka_unit_test(test_bad_negative),
        cmocka_unit_test(test_bad_text_in_number),
        cmocka_unit_test(test_bad_empty),
        cmocka_unit_test(test_bad_wrong_kind),
    };
    return cmocka_run_group_tests(tests, NULL, NULL);
}
