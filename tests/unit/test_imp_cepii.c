/* test_imp_cepii.c - the CEPII GeoDist importers (imp_cepii.c): dist_cepii (pairs) and
 * geo_cepii (capital rows) on small hand-made files: stored values, CEPII code mapping,
 * missing cells as NULL, re-import, and one test per kind of bad input. */
#include "testutil.h"

#include <stdbool.h>

#define DIST_HEADER "\xEF\xBB\xBFiso_o,iso_d,contig,comlang_off,comlang_ethno,colony,comcol,curcol,col45,smctry,dist,distcap,distw,distwces\n"

/* BOM, CEPII codes (ROM, ZAR), "." for missing, a blank code, no trailing newline */
static const char DIST_GOOD[] =
    DIST_HEADER
    "NPL,NPL,0,0,0,0,0,0,0,0,97.7,97.7,131.2,67.3\n"
    "NPL,QAT,0,0,0,0,0,0,0,0,3366.389,3366.389,3322.684,3312.038\n"
    "QAT,NPL,0,0,0,0,0,0,0,0,3366.389,3366.389,3322.684,3312.038\n"
    "ROM,ZAR,0,0,1,0,0,0,0,0,5835.1,5835.1,.,.\n"
    "ZAR,ROM,0,0,1,0,0,0,0,0,5835.1,5835.1,.,.\n"
    "XYZ,NPL,0,0,0,0,0,0,0,0,1,1,1,1\n"
    "QAT,,0,0,0,0,0,0,0,0,2,2,2,2\n"
    "QAT,QAT,0,1,1,0,0,0,0,0,20.1,20.1,25.2,19.9";

#define GEO_HEADER                                                                                        \
    "iso2,iso3,cnum,country,pays,area,dis_int,landlocked,continent,city_en,city_fr,lat,lon,cap,maincity," \
    "citynum,langoff_1,langoff_2,langoff_3,lang20_1,lang20_2,lang20_3,lang20_4,lang9_1,lang9_2,lang9_3,"  \
    "lang9_4,colonizer1,colonizer2,colonizer3,colonizer4,short_colonizer1,short_colonizer2,short_colonizer3\n"

static const char GEO_GOOD[] =
    GEO_HEADER
    "NP,NPL,524,Nepal,Népal,147181,159.2,1,Asia,Kathmandu,Katmandou,27.7,85.31667,1,1,25,Nepali,.,.,Nepali,.,.,.,.,.,.,.,.,.,.,.,.,.,.\n"
    "QA,QAT,634,Qatar,Qatar,11437,40.1,0,Asia,Al Rayyan,Al Rayyan,25.3,51.4,0,1,25,Arabic,.,.,Arabic,.,.,.,.,.,.,.,GBR,.,.,.,.,.,.\n"
    "QA,QAT,634,Qatar,Qatar,11437,40.1,0,Asia,Doha,Doha,25.28,51.53,1,1,25,Arabic,English,.,Arabic,.,.,.,.,.,.,.,GBR,TUR,.,.,.,.,.\n"
    "RO,ROM,642,Romania,Roumanie,238391,183.6,0,Europe,Bucharest,Bucarest,44.41667,26.11667,1,1,25,Romanian,.,.,Romanian,.,.,.,.,.,.,.,.,.,.,.,.,.,.\n"
    "TF,ATF,260,French Southern Territories,Terres australes,7829,.,0,No,Port-aux-Francais,Port-aux-Francais,-49.35,70.2167,1,1,1,French,.,.,.,.,.,.,.,.,.,.,FRA,.,.,.,.,.,.\n"
    "ZR,ZAR,180,\"Congo, Dem. Rep.\",\"Congo, Rép. dém. du\",2345410,576.0,0,Africa,Kinshasa,Kinshasa,-4.3,15.3,.,1,25,French,.,.,Swahili,.,.,.,.,.,.,.,BEL,.,.,.,.,.,.\n";

#define SEED "NPL=Nepal;QAT=Qatar;ROU=Romania;COD=Congo, Dem. Rep."

typedef tu_fx fx;
static fx fx_open(void) { return tu_fx_open(SEED); }
static void fx_close(fx *f) { tu_fx_close(f); }
static migdip_status import_text(fx *f, const char *name, const char *text, migdip_import_report **rep)
{
    return tu_import_text(f, name, text, rep);
}

static double q(fx *f, const char *sql) { return tu_query_double(f->db, sql); }

static bool has_unmapped(const migdip_import_report *rep, long line, const char *cell, const char *name)
{
    for (size_t i = 0; i < rep->n_unmapped; i++)
        if (rep->unmapped[i].line == line && !strcmp(rep->unmapped[i].name, name) &&
            rep->unmapped[i].cell && !strcmp(rep->unmapped[i].cell, cell))
            return true;
    return false;
}

static void test_dist_values(void **state)
{
    (void)state;
    fx f = fx_open();
    migdip_import_report *rep = NULL;
    assert_int_equal(import_text(&f, "cepii/dist_cepii.csv", DIST_GOOD, &rep), MIGDIP_OK);
    assert_string_equal(rep->files[0].importer, "cepii-dist");
    assert_int_equal(rep->files[0].rows, 6);
    assert_int_equal(rep->n_unmapped, 2);
    assert_true(has_unmapped(rep, 7, "iso_o", "XYZ"));
    assert_true(has_unmapped(rep, 8, "iso_d", "(blank iso_d)"));
    migdip_import_report_free(rep);
    assert_float_equal(q(&f, "SELECT dist FROM dist WHERE iso_o='NPL' AND iso_d='QAT'"), 3366.389, 0);
    assert_float_equal(q(&f, "SELECT distw FROM dist WHERE iso_o='NPL' AND iso_d='QAT'"), 3322.684, 0);
    /* CEPII codes: ROM is Romania (ROU), ZAR is DR Congo (COD) */
    assert_float_equal(q(&f, "SELECT comlang_ethno FROM dist WHERE iso_o='ROU' AND iso_d='COD'"), 1, 0);
    assert_float_equal(q(&f, "SELECT dist FROM dist WHERE iso_o='COD' AND iso_d='ROU'"), 5835.1, 0);
    /* "." is missing: NULL, never 0 */
    assert_float_equal(q(&f, "SELECT count(*) FROM dist WHERE iso_o='ROU' AND iso_d='COD' AND distw IS NULL"), 1, 0);
    assert_float_equal(q(&f, "SELECT count(*) FROM dist WHERE distw=0 OR dist=0"), 0, 0);
    assert_float_equal(q(&f, "SELECT comlang_off FROM dist WHERE iso_o='QAT' AND iso_d='QAT'"), 1, 0);
    assert_float_equal(q(&f, "SELECT count(*) FROM vintage WHERE dataset='cepii-dist' AND edition='2011'"
                             " AND released='2011-12-01' AND rows=6 AND citation LIKE '%Mayer%'"), 1, 0);
    fx_close(&f);
}

static void test_geo_values(void **state)
{
    (void)state;
    fx f = fx_open();
    migdip_import_report *rep = NULL;
    assert_int_equal(import_text(&f, "cepii/geo_cepii.csv", GEO_GOOD, &rep), MIGDIP_OK);
    assert_string_equal(rep->files[0].importer, "cepii-geo");
    assert_int_equal(rep->files[0].rows, 4);
    assert_int_equal(rep->n_unmapped, 1);
    assert_true(has_unmapped(rep, 6, "iso3", "ATF"));
    migdip_import_report_free(rep);
    /* the capital's row (Doha), not the first row (Al Rayyan) */
    assert_float_equal(q(&f, "SELECT lat FROM geo WHERE iso3='QAT'"), 25.28, 0);
    assert_float_equal(q(&f, "SELECT count(*) FROM geo WHERE iso3='QAT' AND languages='Arabic;English'"
                             " AND colonizers='GBR;TUR' AND continent='Asia' AND landlocked=0"), 1, 0);
    assert_float_equal(q(&f, "SELECT count(*) FROM geo WHERE iso3='NPL' AND languages='Nepali'"
                             " AND colonizers IS NULL AND landlocked=1 AND area=147181"), 1, 0);
    assert_float_equal(q(&f, "SELECT area FROM geo WHERE iso3='ROU'"), 238391, 0);
    /* no capital row at all (cap "."): the first row is kept */
    assert_float_equal(q(&f, "SELECT lon FROM geo WHERE iso3='COD'"), 15.3, 0);
    assert_float_equal(q(&f, "SELECT count(*) FROM vintage WHERE dataset='cepii-geo' AND edition='2011'"
                             " AND released='2011-12-01'"), 1, 0);
    fx_close(&f);
}

/* file -> store -> query back: every mapped pair of DIST_GOOD with its distances */
static void test_round_trip(void **state)
{
    (void)state;
    static const struct {
        const char *o, *d;
        double dist, distcap, distw; /* -1 = missing */
        int contig, comlang_off, comlang_ethno;
    } rows[] = {
        {"NPL", "NPL", 97.7, 97.7, 131.2, 0, 0, 0},       {"NPL", "QAT", 3366.389, 3366.389, 3322.684, 0, 0, 0},
        {"QAT", "NPL", 3366.389, 3366.389, 3322.684, 0, 0, 0}, {"ROU", "COD", 5835.1, 5835.1, -1, 0, 0, 1},
        {"COD", "ROU", 5835.1, 5835.1, -1, 0, 0, 1},       {"QAT", "QAT", 20.1, 20.1, 25.2, 0, 1, 1},
    };
    fx f = fx_open();
    assert_int_equal(import_text(&f, "dist.csv", DIST_GOOD, NULL), MIGDIP_OK);
    for (size_t i = 0; i < sizeof rows / sizeof *rows; i++) {
        char sql[256];
        snprintf(sql, sizeof sql,
                 "SELECT count(*) FROM dist WHERE iso_o='%s' AND iso_d='%s' AND dist=%.17g AND distcap=%.17g"
                 " AND %s AND contig=%d AND comlang_off=%d AND comlang_ethno=%d AND colony=0 AND comcol=0"
                 " AND smctry=0",
                 rows[i].o, rows[i].d, rows[i].dist, rows[i].distcap,
                 rows[i].distw < 0 ? "distw IS NULL" : "distw=distw", rows[i].contig, rows[i].comlang_off,
                 rows[i].comlang_ethno);
        assert_float_equal(q(&f, sql), 1, 0);
        if (rows[i].distw >= 0) {
            snprintf(sql, sizeof sql, "SELECT distw FROM dist WHERE iso_o='%s' AND iso_d='%s'", rows[i].o, rows[i].d);
            assert_float_equal(q(&f, sql), rows[i].distw, 0);
        }
    }
    assert_float_equal(q(&f, "SELECT count(*) FROM dist"), 6, 0);
    fx_close(&f);
}

static void test_reimport_unchanged(void **state)
{
    (void)state;
    tu_expect_reimport_unchanged(SEED, (const char *const[]){"dist.csv", "geo.csv"},
                                 (const char *const[]){DIST_GOOD, GEO_GOOD}, 2);
}

/* Import good, fingerprint, import bad (as another file): it must fail with st, a message
 * containing each part, and leave the store exactly as it was. */
static void expect_bad(const char *good, const char *bad, migdip_status st, const char *part1, const char *part2)
{
    tu_expect_bad_import(SEED, good, bad, st, part1, part2);
}

static void test_bad_truncated(void **state)
{
    (void)state;
    expect_bad(DIST_GOOD, DIST_HEADER "NPL,QAT,0,0,0,0,0,0,0,0,3366.389,3366.389,3322.684,3312.038\nQAT,NPL,0,0,0",
               MIGDIP_ERR_PARSE, "bad.csv:3: expected 14 fields, got 5", NULL);
    expect_bad(GEO_GOOD, GEO_HEADER "NP,NPL,524,Nepal,Népal,147181,159.2,1,Asia,Kath", MIGDIP_ERR_PARSE,
               "bad.csv:2: expected 34 fields, got 10", NULL);
}

static void test_bad_malformed(void **state)
{
    (void)state;
    expect_bad(DIST_GOOD, DIST_HEADER "NPL,QAT,0,0,0,0,0,0,0,0,\"3366.389\"x,3366.389,3322.684,3312.038\n",
               MIGDIP_ERR_PARSE, "bad.csv:2: field 11: expected a comma or end of line after a closing quote", NULL);
    expect_bad(GEO_GOOD, GEO_HEADER "NP,NPL,524,\"Nepal,Népal,147181\n", MIGDIP_ERR_PARSE, "unterminated quoted field",
               "opened on line 2");
}

static void test_bad_missing_column(void **state)
{
    (void)state;
    expect_bad(DIST_GOOD, "iso_o,iso_d,contig,comlang_off,comlang_ethno,colony,comcol,smctry,dist,distcap\n"
                          "NPL,QAT,0,0,0,0,0,0,1,1\n",
               MIGDIP_ERR_SCHEMA, "bad.csv:1: missing column \"distw\"", "expected iso_o,iso_d");
    expect_bad(GEO_GOOD, "iso2,iso3,cnum,country,area,dis_int,landlocked,continent,lat,lon,cap,langoff_1\n"
                         "NP,NPL,524,Nepal,1,1,1,Asia,1,1,1,Nepali\n",
               MIGDIP_ERR_SCHEMA, "bad.csv:1: missing column \"colonizer1\"", NULL);
}

static void test_bad_renamed_column(void **state)
{
    (void)state;
    expect_bad(DIST_GOOD, "iso_o,iso_d,contig,comlang_off,comlang_ethno,colony,comcol,smctry,distance,distcap,distw\n"
                          "NPL,QAT,0,0,0,0,0,0,1,1,1\n",
               MIGDIP_ERR_SCHEMA, "bad.csv:1: missing column \"dist\"", NULL);
    expect_bad(GEO_GOOD, "iso2,iso3,cnum,country,area,dis_int,landlocked,continent,latitude,lon,cap,langoff_1,colonizer1\n"
                         "NP,NPL,524,Nepal,1,1,1,Asia,1,1,1,Nepali,.\n",
               MIGDIP_ERR_SCHEMA, "bad.csv:1: missing column \"lat\"", NULL);
}

static void test_bad_duplicate(void **state)
{
    (void)state;
    expect_bad(DIST_GOOD, DIST_HEADER "NPL,QAT,0,0,0,0,0,0,0,0,1,1,1,1\nQAT,NPL,0,0,0,0,0,0,0,0,1,1,1,1\n"
                                      "NPL,QAT,0,0,0,0,0,0,0,0,2,2,2,2\n",
               MIGDIP_ERR_DUPLICATE, "bad.csv:4: duplicate pair NPL-QAT (first on line 2)", NULL);
    /* ROU given twice under two codes (CEPII ROM and ISO ROU) */
    expect_bad(DIST_GOOD, DIST_HEADER "ROM,NPL,0,0,0,0,0,0,0,0,1,1,1,1\nROU,NPL,0,0,0,0,0,0,0,0,2,2,2,2\n",
               MIGDIP_ERR_DUPLICATE, "bad.csv:3: duplicate pair ROU-NPL (first on line 2)", NULL);
    expect_bad(GEO_GOOD, GEO_HEADER
               "NP,NPL,524,Nepal,Népal,147181,159.2,1,Asia,Kathmandu,Katmandou,27.7,85.3,1,1,25,Nepali,.,.,.,.,.,.,.,.,.,.,.,.,.,.,.,.,.\n"
               "NP,NPL,524,Nepal,Népal,147181,159.2,1,Asia,Pokhara,Pokhara,28.2,84.0,1,0,25,Nepali,.,.,.,.,.,.,.,.,.,.,.,.,.,.,.,.,.\n",
               MIGDIP_ERR_DUPLICATE, "bad.csv:3: second capital row (cap=1) for NPL (first on line 2)", NULL);
}

static void test_bad_negative(void **state)
{
    (void)state;
    expect_bad(DIST_GOOD, DIST_HEADER "NPL,QAT,0,0,0,0,0,0,0,0,-3366.389,3366.389,3322.684,3312.038\n",
               MIGDIP_ERR_RANGE, "bad.csv:2: column dist: expected a number in 0..100000, got \"-3366.389\"", NULL);
    expect_bad(GEO_GOOD, GEO_HEADER
               "NP,NPL,524,Nepal,Népal,-147181,159.2,1,Asia,Kathmandu,Katmandou,27.7,85.3,1,1,25,Nepali,.,.,.,.,.,.,.,.,.,.,.,.,.,.,.,.,.\n",
               MIGDIP_ERR_RANGE, "bad.csv:2: column area: expected a number in 0..1e+09, got \"-147181\"", NULL);
    expect_bad(GEO_GOOD, GEO_HEADER
               "NP,NPL,524,Nepal,Népal,147181,159.2,1,Asia,Kathmandu,Katmandou,127.7,85.3,1,1,25,Nepali,.,.,.,.,.,.,.,.,.,.,.,.,.,.,.,.,.\n",
               MIGDIP_ERR_RANGE, "bad.csv:2: column lat: expected a number in -90..90, got \"127.7\"", NULL);
}

static void test_bad_text_in_number(void **state)
{
    (void)state;
    expect_bad(DIST_GOOD, DIST_HEADER "NPL,QAT,0,0,0,0,0,0,0,0,far,3366.389,3322.684,3312.038\n", MIGDIP_ERR_PARSE,
               "bad.csv:2: column dist: expected a number, got \"far\"", NULL);
    expect_bad(DIST_GOOD, DIST_HEADER "NPL,QAT,yes,0,0,0,0,0,0,0,1,1,1,1\n", MIGDIP_ERR_PARSE,
               "bad.csv:2: column contig: expected a number, got \"yes\"", NULL);
    expect_bad(DIST_GOOD, DIST_HEADER "NPL,QAT,0.5,0,0,0,0,0,0,0,1,1,1,1\n", MIGDIP_ERR_PARSE,
               "bad.csv:2: column contig: expected a dummy 0 or 1, got \"0.5\"", NULL);
    expect_bad(GEO_GOOD, GEO_HEADER
               "NP,NPL,524,Nepal,Népal,147181,159.2,yes,Asia,Kathmandu,Katmandou,27.7,85.3,1,1,25,Nepali,.,.,.,.,.,.,.,.,.,.,.,.,.,.,.,.,.\n",
               MIGDIP_ERR_PARSE, "bad.csv:2: column landlocked: expected a number, got \"yes\"", NULL);
}

static void test_bad_empty(void **state)
{
    (void)state;
    expect_bad(DIST_GOOD, "", MIGDIP_ERR_SCHEMA, "bad.csv: not a recognised data file", NULL);
    expect_bad(DIST_GOOD, DIST_HEADER, MIGDIP_ERR_SCHEMA, "bad.csv: no data rows after the header", NULL);
    expect_bad(GEO_GOOD, GEO_HEADER, MIGDIP_ERR_SCHEMA, "bad.csv: no data rows after the header", NULL);
}

static void test_bad_wrong_kind(void **state)
{
    (void)state;
    /* the legacy binary geo_cepii.xls (an OLE2 compound file) is not read */
    expect_bad(GEO_GOOD, "\xD0\xCF\x11\xE0\xA1\xB1\x1A\xE1geo_cepii", MIGDIP_ERR_SCHEMA,
               "bad.csv: not a recognised data file", NULL);
    expect_bad(DIST_GOOD, "iso_o,iso_d,flows\nNPL,QAT,1\n", MIGDIP_ERR_SCHEMA, "not a recognised data file", NULL);
}

int main(void)
{
    const struct CMUnitTest tests[] = {
        cmocka_unit_test(test_dist_values),        cmocka_unit_test(test_geo_values),
        cmocka_unit_test(test_round_trip),         cmocka_unit_test(test_reimport_unchanged),
        cmocka_unit_test(test_bad_truncated),      cmocka_unit_test(test_bad_malformed),
        cmocka_unit_test(test_bad_missing_column), cmocka_unit_test(test_bad_renamed_column),
        cmocka_unit_test(test_bad_duplicate),      cmocka_unit_test(test_bad_negative),
        cmocka_unit_test(test_bad_text_in_number), cmocka_unit_test(test_bad_empty),
        cmocka_unit_test(test_bad_wrong_kind),
    };
    return cmocka_run_group_tests(tests, NULL, NULL);
}
