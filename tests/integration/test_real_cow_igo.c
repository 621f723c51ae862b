/* test_real_cow_igo.c - the COW IGO v3 importer (imp_cow_igo.c) on the real state-year file.
 * Figures were checked independently with Python's csv module on the same file
 * (docs/importers.md "COW Intergovernmental Organizations"). Skips when the data directory
 * is absent. */
#include "testutil.h"

static const char *const FILES[] = {"cow_igo/cow_igo_v3_state_year_format3.csv"};

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

static void test_gcc(void **state)
{
    (void)state;
    NEED_DATA();
    /* the figure: the GCC's six founding members, full members from 1981 to 2014 */
    tu_assert_text(g_fx->db_path,
                   "SELECT group_concat(iso3 || ':' || y0 || '-' || y1, ' ') FROM (SELECT iso3, min(year) y0, max(year) y1"
                   " FROM igo_member WHERE igo='gcc' AND status=1 GROUP BY iso3 ORDER BY iso3)",
                   "ARE:1981-2014 BHR:1981-2014 KWT:1981-2014 OMN:1981-2014 QAT:1981-2014 SAU:1981-2014");
    assert_float_equal(q("SELECT count(*) FROM igo_member WHERE igo='gcc'"), 6 * 34, 0);
}

static void test_counts(void **state)
{
    (void)state;
    NEED_DATA();
    assert_float_equal(q("SELECT count(*) FROM igo"), 534, 0);
    /* csv module: 535,772 full, 861 associate, 2,332 observer, 138,874 missing cells; every
     * state-year mapped, so every one is stored */
    assert_float_equal(q("SELECT count(*) FROM igo_member WHERE status=1"), 535772, 0);
    assert_float_equal(q("SELECT count(*) FROM igo_member WHERE status=2"), 861, 0);
    assert_float_equal(q("SELECT count(*) FROM igo_member WHERE status=3"), 2332, 0);
    assert_float_equal(q("SELECT count(*) FROM igo_member WHERE status IS NULL AND flag=0"), 138874, 0);
    /* full members in 2014 */
    assert_float_equal(q("SELECT count(*) FROM igo_member WHERE igo='eu' AND year=2014 AND status=1"), 28, 0);
    assert_float_equal(q("SELECT count(*) FROM igo_member WHERE igo='asean' AND year=2014 AND status=1"), 10, 0);
    assert_float_equal(q("SELECT count(*) FROM igo_member WHERE igo='au' AND year=2014 AND status=1"), 52, 0);
    tu_assert_text(g_fx->db_path,
                   "SELECT group_concat(iso3) FROM (SELECT iso3 FROM igo_member WHERE igo='asean' AND year=1967"
                   " AND status=1 ORDER BY iso3)", "IDN,MYS,PHL,SGP,THA");
    assert_int_equal(g_fx->rep->n_unmapped, 0);
    assert_float_equal(q("SELECT count(*) FROM vintage WHERE dataset='cow-igo' AND edition='3.0'"), 1, 0);
}

int main(void)
{
    const struct CMUnitTest tests[] = {
        cmocka_unit_test(test_gcc),
        cmocka_unit_test(test_counts),
    };
    return cmocka_run_group_tests(tests, setup, tu_real_fx_group_teardown);
}
