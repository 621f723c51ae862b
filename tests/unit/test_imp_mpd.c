/* test_imp_mpd.c - the Maddison Project Database importers (imp_mpd.c) on small hand-made
 * files: stored values, units and flags, the former states (SUN, CSK, YUG) kept as the
 * store's historical entities beside their successors, the countries list as spellings, an
 * unmapped code, re-import, the sniffers, and one test per kind of bad input. */
#include "testutil.h"

#include "import/importer.h"

extern const mg_importer mg_imp_mpd_data, mg_imp_mpd_countries, mg_imp_cow, mg_imp_pwt;

static const char GOOD[] =
    "\"ISO\",\"year\",\"gdppc\",\"pop\"\n"
    "\"CUB\",1820,,553\n"
    "\"CUB\",2022,7648.70416432311,11002.5132918779\n"
    "\"SUN\",1990,,289324\n"
    "\"SUN\",2022,19354.7080711856,294378.63\n"
    "\"RUS\",2022,25437.1080222891,146692.81\n"
    "\"YUG\",2022,19352.383894078,20862.7200547997\n"
    "\"CSK\",2022,30640.913369701,16099.31\n"
    "\"XXY\",2022,1,1\n"
    "\"TWN\",1,,\n";

static const char COUNTRIES[] =
    "\"ISO\",\"country\",\"region\"\n"
    "\"CUB\",\"Cuba\",\"Latin America\"\n"
    "\"SUN\",\"Former USSR\",\"Eastern Europe\"\n"
    "\"PRK\",\"D.P.R. of Korea\",\"East Asia\"\n"
    "\"RUS\",\"Russia (Former)\",\"Eastern Europe\"\n"
    "\"TWN\",\"Taiwan: Main Island\",\"East Asia\"\n"
    "\"XXY\",\"Atlantis\",\"Nowhere\"\n";

/* the historical entities (SUN, CSK, YUG) come from mg_country_seed_builtin */
#define SEED "CUB=Cuba;RUS=Russian Federation;TWN=Taiwan;PRK=Korea, Dem. People's Rep."

typedef tu_fx fx;
static double q(fx *f, const char *sql) { return tu_query_double(f->db, sql); }

static void test_values(void **state)
{
    (void)state;
    fx f = tu_fx_open(SEED);
    migdip_import_report *rep = NULL;
    assert_int_equal(tu_import_text(&f, "maddison/MaddisonData_mpd2023_fulldata_from_rda.csv", GOOD, &rep), MIGDIP_OK);
    assert_string_equal(rep->files[0].importer, "maddison");
    assert_int_equal(rep->files[0].rows, 8 * 2); /* 8 country-years mapped x 2 series */
    assert_int_equal(rep->n_unmapped, 1);
    assert_string_equal(rep->unmapped[0].name, "XXY");
    assert_string_equal(rep->unmapped[0].cell, "ISO");
    assert_int_equal(rep->unmapped[0].line, 9);
    migdip_import_report_free(rep);

    assert_near(q(&f, "SELECT value FROM series WHERE code='MPD.GDPPC' AND iso3='CUB' AND year=2022"), 7648.70416432311, 0);
    /* pop as published: thousands */
    assert_near(q(&f, "SELECT value FROM series WHERE code='MPD.POP' AND iso3='CUB' AND year=2022"), 11002.5132918779, 0);
    tu_assert_text(f.db, "SELECT unit FROM series_info WHERE code='MPD.POP'", "thousands of persons");
    tu_assert_text(f.db, "SELECT unit FROM series_info WHERE code='MPD.GDPPC'", "2011 international $ per person (2011 PPPs)");
    /* empty = missing (NULL, flag 0), never 0; year 1 kept */
    assert_near(q(&f, "SELECT count(*) FROM series WHERE code='MPD.GDPPC' AND iso3='CUB' AND year=1820 AND value IS NULL AND flag=0"), 1, 0);
    assert_near(q(&f, "SELECT count(*) FROM series WHERE iso3='TWN' AND year=1 AND value IS NULL AND flag=0"), 2, 0);
    assert_near(q(&f, "SELECT count(*) FROM series WHERE value=0"), 0, 0);
    /* the former states: their own historical entities, beside (never added to) the successors */
    assert_near(q(&f, "SELECT value FROM series WHERE code='MPD.POP' AND iso3='SUN' AND year=2022"), 294378.63, 0);
    assert_near(q(&f, "SELECT value FROM series WHERE code='MPD.POP' AND iso3='RUS' AND year=2022"), 146692.81, 0);
    assert_near(q(&f, "SELECT value FROM series WHERE code='MPD.POP' AND iso3='YUG' AND year=2022"), 20862.7200547997, 0);
    assert_near(q(&f, "SELECT value FROM series WHERE code='MPD.GDPPC' AND iso3='CSK' AND year=2022"), 30640.913369701, 0);
    assert_near(q(&f, "SELECT count(*) FROM series s JOIN country c ON c.iso3=s.iso3 WHERE c.kind='historical'"), 8, 0);
    assert_near(q(&f, "SELECT count(*) FROM vintage WHERE dataset='maddison' AND edition='2023' AND released='2024-04'"
                      " AND rows=16 AND citation LIKE '%Bolt%van Zanden%10.34894/INZBF2%'"), 1, 0);
    tu_fx_close(&f);
}

static void test_countries(void **state)
{
    (void)state;
    fx f = tu_fx_open(SEED);
    migdip_import_report *rep = NULL;
    assert_int_equal(tu_import_text(&f, "MaddisonCountries_mpd2023_from_rda.csv", COUNTRIES, &rep), MIGDIP_OK);
    assert_string_equal(rep->files[0].importer, "maddison-countries");
    assert_int_equal(rep->files[0].rows, 5);
    assert_int_equal(rep->n_unmapped, 1);
    assert_string_equal(rep->unmapped[0].name, "XXY (Atlantis)");
    assert_int_equal(rep->unmapped[0].line, 7);
    migdip_import_report_free(rep);
    /* Maddison's spellings now name the countries */
    char iso3[4];
    assert_int_equal(migdip_country_resolve(f.ctx, "Former USSR", iso3), MIGDIP_OK);
    assert_string_equal(iso3, "SUN");
    assert_int_equal(migdip_country_resolve(f.ctx, "D.P.R. of Korea", iso3), MIGDIP_OK);
    assert_string_equal(iso3, "PRK");
    /* names of a part or an earlier extent are not made spellings of the code's country */
    assert_int_equal(migdip_country_resolve(f.ctx, "Russia (Former)", iso3), MIGDIP_ERR_NOTFOUND);
    assert_int_equal(migdip_country_resolve(f.ctx, "Taiwan: Main Island", iso3), MIGDIP_ERR_NOTFOUND);
    assert_near(q(&f, "SELECT count(*) FROM country_alias WHERE source='maddison'"), 3, 0);
    assert_near(q(&f, "SELECT count(*) FROM vintage WHERE dataset='maddison-countries' AND edition='2023'"), 1, 0);
    tu_fx_close(&f);
}

static void test_reimport_unchanged(void **state)
{
    (void)state;
    tu_expect_reimport_unchanged(SEED, (const char *const[]){"mpd2023.csv", "countries.csv"},
                                 (const char *const[]){GOOD, COUNTRIES}, 2);
}

static void test_sniff(void **state)
{
    (void)state;
    static const char *const heads[] = {
        GOOD,
        COUNTRIES,
        "ISO,year,gdppc\nCUB,2022,1\n",
        "ISO,year,gdppc,pop,extra\nCUB,2022,1,1,1\n",
        "stateabb,ccode,year,milex,milper,irst,pec,tpop,upop,cinc\n",
        "",
    };
    for (size_t h = 0; h < sizeof heads / sizeof *heads; h++) {
        const unsigned char *p = (const unsigned char *)heads[h];
        size_t n = strlen(heads[h]);
        assert_int_equal(mg_imp_mpd_data.sniff("x.csv", "x.csv", p, n), h == 0);
        assert_int_equal(mg_imp_mpd_countries.sniff("x.csv", "x.csv", p, n), h == 1);
        if (h < 2) {
            assert_false(mg_imp_cow.sniff("x.csv", "x.csv", p, n));
            assert_false(mg_imp_pwt.sniff("x.csv", "x.csv", p, n));
        }
    }
}

static void expect_bad(const char *bad, migdip_status st, const char *part1, const char *part2)
{
    tu_expect_bad_import(SEED, GOOD, bad, st, part1, part2);
}

#define H "ISO,year,gdppc,pop\n"

static void test_bad_truncated(void **state)
{
    (void)state;
    expect_bad(H "CUB,2021,7000,11000\nCUB,2022,\"76", MIGDIP_ERR_PARSE, "bad.csv:3", NULL);
}

static void test_bad_short_record(void **state)
{
    (void)state;
    expect_bad(H "CUB,2021,7000,11000\nCUB,2022,7000\n", MIGDIP_ERR_PARSE, "bad.csv:3:", NULL);
}

static void test_bad_text_in_number(void **state)
{
    (void)state;
    expect_bad(H "CUB,2021,7000,n/a\n", MIGDIP_ERR_PARSE, "bad.csv:2: column pop: expected a number or empty", NULL);
    expect_bad(H "CUB,MMXXI,7000,11000\n", MIGDIP_ERR_PARSE, "bad.csv:2: column year", NULL);
}

static void test_bad_range(void **state)
{
    (void)state;
    expect_bad(H "CUB,2021,-7000,11000\n", MIGDIP_ERR_RANGE, "bad.csv:2: column gdppc: expected a non-negative number", NULL);
    expect_bad(H "CUB,3021,7000,11000\n", MIGDIP_ERR_RANGE, "bad.csv:2: column year: expected a year in 1-2100", NULL);
}

static void test_bad_duplicate(void **state)
{
    (void)state;
    expect_bad(H "CUB,2021,7000,11000\nCUB,2021,7001,11000\n", MIGDIP_ERR_DUPLICATE,
               "bad.csv:3: duplicate country-year: CUB 2021 (first on line 2)", NULL);
    tu_expect_bad_import(SEED, GOOD, "ISO,country,region\nCUB,Cuba,X\nCUB,Cuba,Y\n", MIGDIP_ERR_DUPLICATE,
                         "bad.csv:3: duplicate code CUB", NULL);
}

static void test_bad_empty(void **state)
{
    (void)state;
    expect_bad(H, MIGDIP_ERR_SCHEMA, "bad.csv: no data rows", NULL);
}

int main(void)
{
    const struct CMUnitTest tests[] = {
        cmocka_unit_test(test_values),
        cmocka_unit_test(test_countries),
        cmocka_unit_test(test_reimport_unchanged),
        cmocka_unit_test(test_sniff),
        cmocka_unit_test(test_bad_truncated),
        cmocka_unit_test(test_bad_short_record),
        cmocka_unit_test(test_bad_text_in_number),
        cmocka_unit_test(test_bad_range),
        cmocka_unit_test(test_bad_duplicate),
        cmocka_unit_test(test_bad_empty),
    };
    return cmocka_run_group_tests(tests, NULL, NULL);
}
