/* test_real_unhcr.c - the UNHCR importers (imp_unhcr.c) on the real files of unhcr/: the code
 * list, the populations and UNRWA. Figures were checked independently with Python's csv
 * module on the same files (docs/importers.md "UNHCR"). Skips when the data directory is
 * absent. */
#include "testutil.h"

static const char *const FILES[] = {"unhcr/countries.csv", "unhcr/population.csv", "unhcr/unrwa.csv"};

static tu_real_fx *g_fx;

/* The whole codes/ folder, then FILES (tu_real_fx_setup). */
static int setup(void **state)
{
    g_fx = tu_real_fx_setup(NULL, 0, FILES, sizeof FILES / sizeof *FILES);
    *state = g_fx;
    return 0;
}

#define NEED_DATA()          \
    do {                     \
        if (!g_fx)           \
            skip();          \
    } while (0)

static double q(const char *sql) { return tu_query_double(g_fx->db_path, sql); }

static void test_codes(void **state)
{
    (void)state;
    NEED_DATA();
    /* UNHCR's codes are not ISO: AUS is Austria, AUL Australia; GAZ is the State of Palestine */
    tu_assert_text(g_fx->db_path, "SELECT iso3 FROM country_code WHERE scheme='unhcr' AND code='AUS'", "AUT");
    tu_assert_text(g_fx->db_path, "SELECT iso3 FROM country_code WHERE scheme='unhcr' AND code='AUL'", "AUS");
    tu_assert_text(g_fx->db_path, "SELECT iso3 FROM country_code WHERE scheme='unhcr' AND code='GAZ'", "PSE");
    tu_assert_text(g_fx->db_path, "SELECT iso3 FROM country_code WHERE scheme='unhcr' AND code='UKN'", "XXX");
    tu_assert_text(g_fx->db_path, "SELECT iso3 FROM country_code WHERE scheme='unhcr' AND code='STA'", "XXA");
    tu_assert_text(g_fx->db_path, "SELECT iso3 FROM country_code WHERE scheme='unhcr' AND code='TIB'", "XTB");
    /* 232 codes, of which CRB and CUR have no ISO code (reported) */
    assert_float_equal(q("SELECT count(*) FROM country_code WHERE scheme='unhcr'"), 230, 0);
}

static void test_population(void **state)
{
    (void)state;
    NEED_DATA();
    /* the figure: Syrian refugees in Turkiye at the end of 2020 */
    assert_float_equal(q("SELECT value FROM protection WHERE kind='refugees' AND orig='SYR' AND dest='TUR' AND year=2020"),
                       3641370, 0);
    /* world refugee totals as in Global Trends (PROVENANCE): 29.43 m, 31.64 m, 30.96 m */
    assert_float_equal(q("SELECT sum(value) FROM protection WHERE kind='refugees' AND year=2022"), 29429078, 0);
    assert_float_equal(q("SELECT sum(value) FROM protection WHERE kind='refugees' AND year=2023"), 31637408, 0);
    assert_float_equal(q("SELECT sum(value) FROM protection WHERE kind='refugees' AND year=2024"), 30958200, 0);
    /* every one of the 138,893 rows stored, three kinds each: the ISO columns agree with the
     * UNHCR codes everywhere (UNK, XXA and TIB read as XXX, XXA and XTB) */
    assert_float_equal(q("SELECT count(*) FROM protection WHERE kind<>'unrwa'"), 138893.0 * 3, 0);
    assert_float_equal(q("SELECT count(*) FROM protection WHERE kind='refugees' AND orig='XTB'"), 146, 0);
    /* asylum seekers before 1993 were not collected: missing, never 0 */
    assert_float_equal(q("SELECT count(*) FROM protection WHERE kind='asylum_seekers' AND year<1993 AND flag<>0"), 0, 0);
    assert_float_equal(q("SELECT count(*) FROM protection WHERE kind='asylum_seekers' AND value IS NULL AND year>=1993"), 0, 0);
    /* oip: 155 reported cells, the rest empty = missing */
    assert_float_equal(q("SELECT count(*) FROM protection WHERE kind='oip' AND flag=1"), 155, 0);
    assert_float_equal(q("SELECT count(*) FROM protection WHERE kind='oip' AND flag=0 AND value IS NULL"), 138738, 0);
    assert_float_equal(q("SELECT count(*) FROM vintage WHERE dataset='unhcr-population' AND edition='2025.12.1'"), 1, 0);
}

static void test_unrwa(void **state)
{
    (void)state;
    NEED_DATA();
    assert_float_equal(q("SELECT count(*) FROM protection WHERE kind='unrwa'"), 296, 0);
    assert_float_equal(q("SELECT value FROM protection WHERE kind='unrwa' AND dest='JOR' AND year=1953"), 479243, 0);
    /* 2025 has an "Unknown" host row (UKN / UNK): kept as XXX */
    assert_float_equal(q("SELECT value FROM protection WHERE kind='unrwa' AND dest='XXX' AND year=2025"), 495764, 0);
}

static void test_unmapped(void **state)
{
    (void)state;
    NEED_DATA();
    /* CRB and CUR in the code list have no ISO code and are used by no data row */
    assert_int_equal(g_fx->rep->n_unmapped, 2);
    assert_non_null(strstr(g_fx->rep->unmapped[0].name, "CRB"));
    assert_non_null(strstr(g_fx->rep->unmapped[1].name, "CUR"));
}

int main(void)
{
    const struct CMUnitTest tests[] = {
        cmocka_unit_test(test_codes),
        cmocka_unit_test(test_population),
        cmocka_unit_test(test_unrwa),
        cmocka_unit_test(test_unmapped),
    };
    return cmocka_run_group_tests(tests, setup, tu_real_fx_group_teardown);
}
