/* test_imp_unhcr.c - the UNHCR importers (imp_unhcr.c) on small hand-made files: the code
 * list as scheme "unhcr" (AUS is Austria, AUL Australia), populations into `protection`
 * (missing never zero, asylum seekers before 1993 missing, specials UNK / XXA / TIB), the
 * check of UNHCR codes against the ISO columns, UNRWA, re-import, and bad input. */
#include "testutil.h"

#include "import/importer.h"

extern const mg_importer mg_imp_unhcr_countries, mg_imp_unhcr_population, mg_imp_unhcr_unrwa, mg_imp_cow;

#define SEED "AUT=Austria;AUS=Australia;SYR=Syrian Arab Republic;TUR=Turkiye;AFG=Afghanistan;PAK=Pakistan;" \
             "JOR=Jordan;PSE=State of Palestine;IND=India;VEN=Venezuela;COL=Colombia"

static const char COUNTRIES[] =
    "\"iso_code\",\"unhcr_code\",\"name\",\"unhcr_region\",\"unsd_region\",\"unsd_subregion\",\"unsd_imregion\"\n"
    "\"AUT\",\"AUS\",\"Austria\",\"Europe\",\"Europe\",\"Western Europe\",\"\"\n"
    "\"AUS\",\"AUL\",\"Australia\",\"Asia and the Pacific\",\"Oceania\",\"Australia and New Zealand\",\"\"\n"
    "\"SYR\",\"SYR\",\"Syrian Arab Rep.\",\"Middle East and North Africa\",\"Asia\",\"Western Asia\",\"\"\n"
    "\"TUR\",\"TUR\",\"Türkiye\",\"Europe\",\"Asia\",\"Western Asia\",\"\"\n"
    "\"AFG\",\"AFG\",\"Afghanistan\",\"Asia and the Pacific\",\"Asia\",\"Southern Asia\",\"\"\n"
    "\"PAK\",\"PAK\",\"Pakistan\",\"Asia and the Pacific\",\"Asia\",\"Southern Asia\",\"\"\n"
    "\"JOR\",\"JOR\",\"Jordan\",\"Middle East and North Africa\",\"Asia\",\"Western Asia\",\"\"\n"
    "\"PSE\",\"GAZ\",\"State of Palestine\",\"Middle East and North Africa\",\"Asia\",\"Western Asia\",\"\"\n"
    "\"IND\",\"IND\",\"India\",\"Asia and the Pacific\",\"Asia\",\"Southern Asia\",\"\"\n"
    "\"VEN\",\"VEN\",\"Venezuela\",\"The Americas\",\"Americas\",\"Latin America and the Caribbean\",\"\"\n"
    "\"COL\",\"COL\",\"Colombia\",\"The Americas\",\"Americas\",\"Latin America and the Caribbean\",\"\"\n"
    "\"XXA\",\"STA\",\"Stateless\",,,,\n"
    ",\"TIB\",\"Tibetan\",\"Asia and the Pacific\",,,\n"
    ",\"CRB\",\"CRB\",,,,\n"
    "\"XXX\",\"UKN\",\"Unknown\",,,,\n";

#define POP_HEADER                                                                                              \
    "\"year\",\"coo_name\",\"coo\",\"coo_iso\",\"coa_name\",\"coa\",\"coa_iso\",\"refugees\",\"asylum_seekers\"," \
    "\"returned_refugees\",\"idps\",\"returned_idps\",\"stateless\",\"ooc\",\"oip\",\"hst\"\n"

static const char POP[] =
    POP_HEADER
    "1951,\"Unknown\",\"UKN\",\"UNK\",\"Australia\",\"AUL\",\"AUS\",180000,0,0,0,0,0,0,,0\n"
    "1951,\"Unknown\",\"UKN\",\"UNK\",\"Austria\",\"AUS\",\"AUT\",282000,0,0,0,0,0,0,,0\n"
    "1990,\"Afghanistan\",\"AFG\",\"AFG\",\"Pakistan\",\"PAK\",\"PAK\",3253000,0,0,0,0,0,0,,0\n"
    "2000,\"Afghanistan\",\"AFG\",\"AFG\",\"Pakistan\",\"PAK\",\"PAK\",2000000,0,0,0,0,0,0,,0\n"
    "2020,\"Syrian Arab Rep.\",\"SYR\",\"SYR\",\"Türkiye\",\"TUR\",\"TUR\",3641370,,0,0,0,0,0,,0\n"
    "2020,\"Stateless\",\"STA\",\"XXA\",\"Syrian Arab Rep.\",\"SYR\",\"SYR\",0,0,0,0,0,160000,0,,0\n"
    "2020,\"Tibetan\",\"TIB\",\"TIB\",\"India\",\"IND\",\"IND\",72312,0,0,0,0,0,0,,0\n"
    "2022,\"Venezuela\",\"VEN\",\"VEN\",\"Colombia\",\"COL\",\"COL\",2477588,3000,0,0,0,0,0,0,0\n"
    "2022,\"Venezuela\",\"VEN\",\"VEN\",\"Jordan\",\"JOR\",\"JOR\",10,0,0,0,0,0,0,25,0\n";

static const char UNRWA[] =
    "\"year\",\"coo_name\",\"coo\",\"coo_iso\",\"coa_name\",\"coa\",\"coa_iso\",\"total\"\n"
    "1952,\"Palestinian\",\"GAZ\",\"PSE\",\"Jordan\",\"JOR\",\"JOR\",479243\n"
    "2025,\"Palestinian\",\"GAZ\",\"PSE\",\"State of Palestine\",\"GAZ\",\"PSE\",2484580\n"
    "2025,\"Palestinian\",\"GAZ\",\"PSE\",\"Unknown\",\"UKN\",\"UNK\",495764\n";

typedef tu_fx fx;
static double q(fx *f, const char *sql) { return tu_query_double(f->db, sql); }

/* A fixture with the code list imported. */
static fx fx_codes(void)
{
    fx f = tu_fx_open(SEED);
    assert_int_equal(tu_import_text(&f, "unhcr/countries.csv", COUNTRIES, NULL), MIGDIP_OK);
    return f;
}

static void test_codes(void **state)
{
    (void)state;
    fx f = tu_fx_open(SEED);
    migdip_import_report *rep = NULL;
    assert_int_equal(tu_import_text(&f, "unhcr/countries.csv", COUNTRIES, &rep), MIGDIP_OK);
    assert_string_equal(rep->files[0].importer, "unhcr-countries");
    assert_int_equal(rep->n_unmapped, 1);
    assert_string_equal(rep->unmapped[0].name, "CRB (UNHCR CRB, no ISO code)");
    assert_int_equal(rep->unmapped[0].line, 15);
    migdip_import_report_free(rep);
    tu_assert_text(f.db, "SELECT iso3 FROM country_code WHERE scheme='unhcr' AND code='AUS'", "AUT");
    tu_assert_text(f.db, "SELECT iso3 FROM country_code WHERE scheme='unhcr' AND code='AUL'", "AUS");
    tu_assert_text(f.db, "SELECT iso3 FROM country_code WHERE scheme='unhcr' AND code='GAZ'", "PSE");
    tu_assert_text(f.db, "SELECT iso3 FROM country_code WHERE scheme='unhcr' AND code='UKN'", "XXX");
    tu_assert_text(f.db, "SELECT iso3 FROM country_code WHERE scheme='unhcr' AND code='STA'", "XXA");
    tu_assert_text(f.db, "SELECT iso3 FROM country_code WHERE scheme='unhcr' AND code='TIB'", "XTB");
    assert_float_equal(q(&f, "SELECT count(*) FROM country_code WHERE scheme='unhcr'"), 14, 0);
    /* UNHCR spellings become aliases, but not "Unknown" or "Stateless" */
    assert_float_equal(q(&f, "SELECT count(*) FROM country_alias WHERE source='unhcr' AND iso3='SYR'"), 1, 0);
    assert_float_equal(q(&f, "SELECT count(*) FROM country_alias WHERE iso3 IN ('XXX','XXA','XTB') AND source='unhcr'"), 0, 0);
    assert_float_equal(q(&f, "SELECT count(*) FROM vintage WHERE dataset='unhcr-countries' AND edition='2025.12.1'"), 1, 0);
    tu_fx_close(&f);
}

static void test_population(void **state)
{
    (void)state;
    fx f = fx_codes();
    migdip_import_report *rep = NULL;
    assert_int_equal(tu_import_text(&f, "unhcr/population.csv", POP, &rep), MIGDIP_OK);
    assert_string_equal(rep->files[0].importer, "unhcr-population");
    assert_int_equal(rep->n_unmapped, 0);
    assert_int_equal(rep->files[0].rows, 9 * 3);
    migdip_import_report_free(rep);
    assert_float_equal(q(&f, "SELECT value FROM protection WHERE orig='SYR' AND dest='TUR' AND year=2020 AND kind='refugees'"),
                       3641370, 0);
    /* AUS is Austria in UNHCR's codes, AUL Australia; UNK (unknown origin) is XXX */
    assert_float_equal(q(&f, "SELECT value FROM protection WHERE orig='XXX' AND dest='AUT' AND year=1951 AND kind='refugees'"),
                       282000, 0);
    assert_float_equal(q(&f, "SELECT value FROM protection WHERE orig='XXX' AND dest='AUS' AND year=1951 AND kind='refugees'"),
                       180000, 0);
    /* empty = not reported: missing, never zero */
    assert_float_equal(q(&f, "SELECT count(*) FROM protection WHERE orig='SYR' AND dest='TUR' AND year=2020"
                             " AND kind='asylum_seekers' AND value IS NULL AND flag=0"), 1, 0);
    assert_float_equal(q(&f, "SELECT count(*) FROM protection WHERE kind='oip' AND value IS NULL AND flag=0"), 7, 0);
    assert_float_equal(q(&f, "SELECT value FROM protection WHERE orig='VEN' AND dest='JOR' AND kind='oip'"), 25, 0);
    assert_float_equal(q(&f, "SELECT value FROM protection WHERE orig='VEN' AND dest='COL' AND kind='oip' AND flag=1"), 0, 0);
    /* asylum seekers were not collected before 1993: 0 there is missing; from 1993 a count */
    assert_float_equal(q(&f, "SELECT count(*) FROM protection WHERE kind='asylum_seekers' AND year<1993 AND"
                             " (value IS NOT NULL OR flag<>0)"), 0, 0);
    assert_float_equal(q(&f, "SELECT value FROM protection WHERE orig='AFG' AND year=2000 AND kind='asylum_seekers' AND flag=1"),
                       0, 0);
    /* specials: stateless and Tibetan origins; stateless counts themselves are not kept */
    assert_float_equal(q(&f, "SELECT value FROM protection WHERE orig='XTB' AND dest='IND' AND kind='refugees'"), 72312, 0);
    assert_float_equal(q(&f, "SELECT value FROM protection WHERE orig='XXA' AND dest='SYR' AND kind='refugees'"), 0, 0);
    assert_float_equal(q(&f, "SELECT count(*) FROM protection WHERE value=160000"), 0, 0);
    assert_float_equal(q(&f, "SELECT count(*) FROM vintage WHERE dataset='unhcr-population' AND rows=27"
                             " AND citation LIKE '%Refugee Data Finder%'"), 1, 0);
    tu_fx_close(&f);
}

/* UNHCR code and ISO column disagreeing (AUS is Austria, ISO AUS Australia), or unknown:
 * reported with the line, the row not stored. */
static void test_crosscheck(void **state)
{
    (void)state;
    fx f = fx_codes();
    migdip_import_report *rep = NULL;
    assert_int_equal(tu_import_text(&f, "pop.csv",
                                    POP_HEADER
                                    "2020,\"Afghanistan\",\"AFG\",\"AFG\",\"Australia\",\"AUS\",\"AUS\",10,,0,0,0,0,0,,0\n"
                                    "2020,\"Nowhere\",\"ZZZ\",\"ZZZ\",\"Austria\",\"AUS\",\"AUT\",10,,0,0,0,0,0,,0\n"
                                    "2020,\"Syrian Arab Rep.\",\"SYR\",\"SYR\",\"Austria\",\"AUS\",\"AUT\",49000,,0,0,0,0,0,,0\n",
                                    &rep),
                     MIGDIP_OK);
    assert_int_equal(rep->n_unmapped, 2);
    assert_string_equal(rep->unmapped[0].name, "Australia (UNHCR AUS = AUT, but ISO column AUS = AUS)");
    assert_string_equal(rep->unmapped[0].cell, "coa");
    assert_int_equal(rep->unmapped[0].line, 2);
    assert_string_equal(rep->unmapped[1].name, "Nowhere (UNHCR ZZZ unknown, ISO column ZZZ unknown)");
    assert_int_equal(rep->unmapped[1].line, 3);
    assert_int_equal(rep->files[0].rows, 3);
    migdip_import_report_free(rep);
    assert_float_equal(q(&f, "SELECT value FROM protection WHERE orig='SYR' AND dest='AUT' AND kind='refugees'"), 49000, 0);
    assert_float_equal(q(&f, "SELECT count(*) FROM protection WHERE dest='AUS'"), 0, 0);
    tu_fx_close(&f);
}

static void test_unrwa(void **state)
{
    (void)state;
    fx f = fx_codes();
    migdip_import_report *rep = NULL;
    assert_int_equal(tu_import_text(&f, "unhcr/unrwa.csv", UNRWA, &rep), MIGDIP_OK);
    assert_string_equal(rep->files[0].importer, "unhcr-unrwa");
    assert_int_equal(rep->files[0].rows, 3);
    assert_int_equal(rep->n_unmapped, 0);
    migdip_import_report_free(rep);
    assert_float_equal(q(&f, "SELECT value FROM protection WHERE kind='unrwa' AND orig='PSE' AND dest='JOR' AND year=1952"),
                       479243, 0);
    assert_float_equal(q(&f, "SELECT value FROM protection WHERE kind='unrwa' AND dest='XXX' AND year=2025"), 495764, 0);
    assert_float_equal(q(&f, "SELECT count(*) FROM vintage WHERE dataset='unhcr-unrwa'"), 1, 0);
    tu_fx_close(&f);
}

static void test_reimport_unchanged(void **state)
{
    (void)state;
    tu_expect_reimport_unchanged(SEED, (const char *const[]){"countries.csv", "population.csv", "unrwa.csv"},
                                 (const char *const[]){COUNTRIES, POP, UNRWA}, 3);
}

static void test_sniff(void **state)
{
    (void)state;
    static const char *const heads[] = {
        COUNTRIES, POP, UNRWA, "stateabb,ccode,year,milex,milper,irst,pec,tpop,upop,cinc\n",
        "year,coo,coa,refugees\n", "",
    };
    const mg_importer *imps[] = {&mg_imp_unhcr_countries, &mg_imp_unhcr_population, &mg_imp_unhcr_unrwa, &mg_imp_cow};
    for (size_t h = 0; h < sizeof heads / sizeof *heads; h++)
        for (size_t i = 0; i < 4; i++)
            assert_int_equal(imps[i]->sniff("x.csv", "x.csv", (const unsigned char *)heads[h], strlen(heads[h])),
                             h == i);
}

/* Import the code list and POP, fingerprint, import bad (as another file): it must fail with
 * st and a message holding part1 / part2, and leave the store exactly as it was. */
static void expect_bad(const char *bad, migdip_status st, const char *part1, const char *part2)
{
    fx f = fx_codes();
    assert_int_equal(tu_import_text(&f, "good.csv", POP, NULL), MIGDIP_OK);
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
#define GOOD_ROW "2021,\"Syrian Arab Rep.\",\"SYR\",\"SYR\",\"Türkiye\",\"TUR\",\"TUR\",3700000,,0,0,0,0,0,,0\n"
    expect_bad(POP_HEADER GOOD_ROW "2021,\"Afghanistan\",\"AFG\",\"AFG\",\"Pakistan\",\"PAK\"", MIGDIP_ERR_PARSE,
               "bad.csv:3:", "expected 16 fields, got 6");
    expect_bad(POP_HEADER GOOD_ROW "2021,\"Afghanistan\",\"AFG\",\"AFG\",\"Pakistan\",\"PAK\",\"PAK\",-5,,0,0,0,0,0,,0\n",
               MIGDIP_ERR_RANGE, "bad.csv:3: column refugees: expected a count of persons, got \"-5\"", NULL);
    expect_bad(POP_HEADER GOOD_ROW "2021,\"Afghanistan\",\"AFG\",\"AFG\",\"Pakistan\",\"PAK\",\"PAK\",1 000,,0,0,0,0,0,,0\n",
               MIGDIP_ERR_PARSE, "bad.csv:3: column refugees", "got \"1 000\"");
    expect_bad(POP_HEADER GOOD_ROW "21,\"Afghanistan\",\"AFG\",\"AFG\",\"Pakistan\",\"PAK\",\"PAK\",1,,0,0,0,0,0,,0\n",
               MIGDIP_ERR_RANGE, "bad.csv:3: column year: expected a year in 1900-2100, got 21", NULL);
    expect_bad(POP_HEADER GOOD_ROW GOOD_ROW, MIGDIP_ERR_DUPLICATE,
               "bad.csv:3: origin SYR, asylum TUR, year 2021 already on line 2", NULL);
    expect_bad("year,coo_name,coo,coo_iso,coa_name,coa,coa_iso,refugees,asylum_seekers,idps\n"
               "2021,Syria,SYR,SYR,Turkey,TUR,TUR,1,2,3\n",
               MIGDIP_ERR_SCHEMA, "bad.csv:1: missing column \"oip\"", NULL);
    expect_bad(POP_HEADER, MIGDIP_ERR_SCHEMA, "bad.csv: no data rows after the header", NULL);
    expect_bad("\"year\",\"coo_name\",\"coo\",\"coo_iso\",\"coa_name\",\"coa\",\"coa_iso\",\"total\"\n"
               "2025,\"Palestinian\",\"GAZ\",\"PSE\",\"Jordan\",\"JOR\",\"JOR\",n/a\n",
               MIGDIP_ERR_PARSE, "bad.csv:2: column total", NULL);
    /* the code list: a code twice, a code that is not three letters */
    expect_bad("iso_code,unhcr_code,name\nAUT,AUS,Austria\nAUS,AUS,Australia\n", MIGDIP_ERR_DUPLICATE,
               "bad.csv:3: UNHCR code AUS already on line 2", NULL);
    expect_bad("iso_code,unhcr_code,name\nAUT,AUS,Austria\nAUS,Au1,Australia\n", MIGDIP_ERR_PARSE,
               "bad.csv:3: column unhcr_code", NULL);
#undef GOOD_ROW
}

int main(void)
{
    const struct CMUnitTest tests[] = {
        cmocka_unit_test(test_codes),     cmocka_unit_test(test_population),        cmocka_unit_test(test_crosscheck),
        cmocka_unit_test(test_unrwa),     cmocka_unit_test(test_reimport_unchanged), cmocka_unit_test(test_sniff),
        cmocka_unit_test(test_bad_input),
    };
    return cmocka_run_group_tests(tests, NULL, NULL);
}
