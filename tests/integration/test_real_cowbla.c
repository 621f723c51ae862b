/* test_real_cowbla.c - COW NMC, CEPII GeoDist and Chilton & Woda importers on the real
 * reference files. Figures were checked independently with pandas (/usr/bin/python3):
 * see docs/importers.md. Skips when the data directory is absent. */
#include "testutil.h"

#include <time.h>


static const char *const FILES[] = {"cow_nmc/NMC-60-abridged.csv", "cepii/dist_cepii.csv",
                                    "cepii/geo_cepii.csv", "bla/chilton_woda_BLAs_Formation_Data.csv",
                                    "bla/chilton_woda_BLAs_Coding_Data.csv"};

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

static void test_cow(void **state)
{
    (void)state;
    NEED_DATA();
    /* pandas: CINC 2016 INS 0.016215, MAL 0.004310, NEP 0.001718, QAT 0.001844 */
    assert_float_equal(q("SELECT value FROM series WHERE code='COW.CINC' AND iso3='IDN' AND year=2016"), 0.0162, 5e-5);
    assert_float_equal(q("SELECT value FROM series WHERE code='COW.CINC' AND iso3='MYS' AND year=2016"), 0.0043, 5e-5);
    assert_float_equal(q("SELECT value FROM series WHERE code='COW.TPOP' AND iso3='NPL' AND year=2016"), 28983, 0);
    assert_float_equal(q("SELECT value FROM series WHERE code='COW.MILEX' AND iso3='QAT' AND year=2016"), 4404000, 0);
    /* shares of the state system: the 2016 column sums to 1.0068 in the file (rounding) */
    assert_float_equal(q("SELECT sum(value) FROM series WHERE code='COW.CINC' AND year=2016"), 1.0, 0.01);
    /* -9 = missing: Nepal has 31 milex cells of -9, stored as NULL with flag 0 */
    assert_float_equal(q("SELECT count(*) FROM series WHERE code='COW.MILEX' AND iso3='NPL' AND flag=0 AND value IS NULL"), 31, 0);
    assert_float_equal(q("SELECT count(*) FROM series WHERE code='COW.MILEX' AND iso3='NPL'"), 97, 0); /* every state-year has a row */
    assert_float_equal(q("SELECT count(*) FROM series WHERE value=-9"), 0, 0);
    /* 345 is Yugoslavia until 1991, Serbia from 2006; 1990 Germany is unified Germany (255) */
    assert_float_equal(q("SELECT value FROM series WHERE code='COW.TPOP' AND iso3='YUG' AND year=1990"), 23818, 0);
    assert_float_equal(q("SELECT value FROM series WHERE code='COW.TPOP' AND iso3='SRB' AND year=2006"), 9889, 0);
    assert_float_equal(q("SELECT value FROM series WHERE code='COW.TPOP' AND iso3='DEU' AND year=1990"), 79402, 0);
    assert_float_equal(q("SELECT value FROM series WHERE code='COW.TPOP' AND iso3='DEU' AND year=1980"), 61538, 0); /* GFR (260) */
    assert_float_equal(q("SELECT count(*) FROM series_info WHERE code LIKE 'COW.%'"), 7, 0);
    assert_float_equal(q("SELECT count(*) FROM vintage WHERE dataset='cow-nmc' AND edition='6.0' AND released='2021-01-01'"), 1, 0);
}

static void test_cepii(void **state)
{
    (void)state;
    NEED_DATA();
    /* pandas: NPL-QAT dist 3366.389, distw 3322.684; ZAR-COG contig 1, dist 10.47888 */
    assert_float_equal(q("SELECT dist FROM dist WHERE iso_o='NPL' AND iso_d='QAT'"), 3366.389, 1e-9);
    assert_float_equal(q("SELECT distw FROM dist WHERE iso_o='NPL' AND iso_d='QAT'"), 3322.684, 1e-9);
    assert_float_equal(q("SELECT dist FROM dist WHERE iso_o='COD' AND iso_d='COG'"), 10.47888, 1e-9);
    assert_float_equal(q("SELECT contig FROM dist WHERE iso_o='COD' AND iso_d='COG'"), 1, 0);
    assert_float_equal(q("SELECT dist FROM dist WHERE iso_o='PSE' AND iso_d='ISR'"), 68.90157, 1e-9);
    assert_float_equal(q("SELECT comcol FROM dist WHERE iso_o='PSE' AND iso_d='ISR'"), 1, 0);
    assert_float_equal(q("SELECT distcap FROM dist WHERE iso_o='IDN' AND iso_d='MYS'"), 1174.196, 1e-9);
    assert_float_equal(q("SELECT count(*) FROM dist WHERE iso_o='TLS'"), 224, 0);
    /* "." distw cells: 2215 in the file; stored as NULL, never 0 */
    assert_float_equal(q("SELECT count(*) FROM dist WHERE distw IS NULL"), 2215, 0);
    assert_float_equal(q("SELECT count(*) FROM dist WHERE distw = 0"), 0, 0);
    /* geo: the capital's row (Canberra, not Sydney), languages and colonizers joined */
    assert_float_equal(q("SELECT lat FROM geo WHERE iso3='AUS'"), -35.3, 1e-9);
    assert_float_equal(q("SELECT lat FROM geo WHERE iso3='NPL'"), 27.7, 1e-9);
    assert_float_equal(q("SELECT landlocked FROM geo WHERE iso3='NPL'"), 1, 0);
    assert_float_equal(q("SELECT area FROM geo WHERE iso3='ROU'"), 238391, 0);
    assert_float_equal(q("SELECT count(*) FROM geo WHERE iso3='COD' AND colonizers='BEL' AND languages='French'"), 1, 0);
    assert_float_equal(q("SELECT count(*) FROM geo WHERE iso3='USA' AND colonizers='GBR;FRA;ESP'"), 1, 0);
}

static void test_bla(void **state)
{
    (void)state;
    NEED_DATA();
    /* pandas: 1222 agreements, 13 with Nepal: Qatar 2005 and 2008, UAE 2007 and 2019,
     * Malaysia 2018, no Saudi Arabia */
    /* 1222 agreements, every party mapped */
    double n_agreements = q("SELECT count(DISTINCT treaty_id) FROM agreement");
    assert_float_equal(n_agreements, 1222, 0);
    assert_float_equal(q("SELECT count(*) FROM agreement WHERE 'NPL' IN (a,b)"), 13, 0);
    assert_float_equal(q("SELECT count(*) FROM agreement WHERE 'NPL' IN (a,b) AND 'QAT' IN (a,b) AND year IN (2005,2008)"), 2, 0);
    assert_float_equal(q("SELECT count(*) FROM agreement WHERE 'NPL' IN (a,b) AND 'ARE' IN (a,b) AND year IN (2007,2019)"), 2, 0);
    assert_float_equal(q("SELECT count(*) FROM agreement WHERE 'NPL' IN (a,b) AND 'MYS' IN (a,b) AND year=2018"), 1, 0);
    assert_float_equal(q("SELECT count(*) FROM agreement WHERE 'NPL' IN (a,b) AND 'SAU' IN (a,b)"), 0, 0);
    /* dates: treaty 771 signed 3/21/2005; treaty 1079 has year 9999 = unknown -> NULL */
    assert_float_equal(q("SELECT count(*) FROM agreement WHERE treaty_id=771 AND date_signed='2005-03-21'"), 1, 0);
    assert_float_equal(q("SELECT count(*) FROM agreement WHERE year IS NULL"), 1, 0);
    assert_float_equal(q("SELECT count(*) FROM agreement WHERE treaty_id=1079 AND year IS NULL"), 1, 0);
    /* 1013 dates signed and 423 ratified in the file (less those of unmapped treaties) */
    double n_signed = q("SELECT count(*) FROM agreement WHERE date_signed IS NOT NULL");
    assert_true(n_signed >= 1000 && n_signed <= 1013);
    double n_ratified = q("SELECT count(*) FROM agreement WHERE ratified IS NOT NULL");
    assert_true(n_ratified >= 415 && n_ratified <= 423);
    assert_float_equal(q("SELECT count(*) FROM agreement WHERE treaty_id=659 AND date_signed='2997-05-02'"), 1, 0);
    /* coding: 570 treaties x 39 numeric provisions, 345 blank cells */
    double n_coded = q("SELECT count(DISTINCT treaty_id) FROM agreement_provision");
    assert_true(n_coded >= 565 && n_coded <= 570);
    assert_float_equal(q("SELECT count(*) FROM agreement_provision"), n_coded * 39, 0);
    assert_float_equal(q("SELECT count(DISTINCT provision) FROM agreement_provision"), 39, 0);
    assert_true(q("SELECT count(*) FROM agreement_provision WHERE value IS NULL") <= 345);
    assert_float_equal(q("SELECT value FROM agreement_provision WHERE treaty_id=977 AND provision='recruit_cost_mig'"), 1, 0);
    assert_float_equal(q("SELECT value FROM agreement_provision WHERE treaty_id=1126 AND provision='bla_duration_years'"), 1, 0);
    /* the coding file's titles land on the formation rows; no placeholder rows remain */
    assert_float_equal(q("SELECT count(*) FROM agreement WHERE title IS NOT NULL"), n_coded, 0);
    assert_float_equal(q("SELECT count(*) FROM agreement a JOIN vintage v ON v.id=a.vintage_id WHERE v.dataset='bla-coding'"), 0, 0);
}

static void test_timing_and_unmapped(void **state)
{
    (void)state;
    NEED_DATA();
    /* speed is measured by bench/import.sh, not asserted here */
    /* with the crosswalks, only CEPII's blank iso_d cell (ZAF-KAZ) and the 1990 GFR/GMY
     * collision remain (docs/importers.md) */
    assert_int_equal(g_fx->rep->n_unmapped, 2);
    for (size_t i = 0; i < g_fx->rep->n_files; i++)
        assert_false(g_fx->rep->files[i].skipped);
}

int main(void)
{
    const struct CMUnitTest tests[] = {
        cmocka_unit_test(test_cow),
        cmocka_unit_test(test_cepii),
        cmocka_unit_test(test_bla),
        cmocka_unit_test(test_timing_and_unmapped),
    };
    return cmocka_run_group_tests(tests, setup, tu_real_fx_group_teardown);
}
