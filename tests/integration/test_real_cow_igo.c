/* test_real_cow_igo.c - the COW IGO v3 importer (imp_cow_igo.c) on the real state-year file.
 * Figures were checked independently with Python's csv module on the same file
 * (docs/importers.md "COW Intergovernmental Organizations"). Skips when the data directory
 * is absent. */
#include "testutil.h"

typedef struct real_fixture {
    char *dir;
    char *db_path;
    migdip_ctx *ctx;
    migdip_import_report *rep;
} real_fixture;

static real_fixture *g_fx;

/* Countries from the crosswalk files (codes/), read by the crosswalk importers. */
static void seed_crosswalk(const char *data, real_fixture *fx)
{
    char *codes = tu_path(fx->dir, "codes");
    char cmd[4096];
    snprintf(cmd, sizeof cmd, "mkdir -p '%s' && ln -s '%s'/codes/* '%s'/", codes, data, codes);
    assert_int_equal(system(cmd), 0);
    migdip_import_opts o = {.data_dir = codes};
    migdip_import_report *rep = NULL;
    if (migdip_import_run(fx->ctx, &o, &rep) != MIGDIP_OK)
        fail_msg("crosswalk import: %s", migdip_ctx_errmsg(fx->ctx));
    migdip_import_report_free(rep);
    free(codes);
    assert_true(tu_query_double(fx->db_path, "SELECT count(*) FROM country") > 200);
}

static int setup(void **state)
{
    const char *data = tu_data_dir();
    if (!data)
        return 0;
    real_fixture *fx = calloc(1, sizeof *fx);
    fx->dir = tu_tmpdir();
    fx->ctx = tu_store(fx->dir, &fx->db_path);
    seed_crosswalk(data, fx);
    static const char *const rel[] = {"cow_igo/cow_igo_v3_state_year_format3.csv"};
    enum { NREL = sizeof rel / sizeof *rel };
    char *paths[NREL];
    for (int i = 0; i < NREL; i++)
        paths[i] = tu_path(data, rel[i]);
    migdip_import_opts o = {.files = (const char *const *)paths, .n_files = NREL};
    if (migdip_import_run(fx->ctx, &o, &fx->rep) != MIGDIP_OK)
        fail_msg("import: %s", migdip_ctx_errmsg(fx->ctx));
    for (int i = 0; i < NREL; i++)
        free(paths[i]);
    if (getenv("MIGDIP_TEST_VERBOSE")) {
        for (size_t i = 0; i < fx->rep->n_unmapped; i++)
            fprintf(stderr, "unmapped: %s:%ld %s: %s\n", fx->rep->unmapped[i].file, fx->rep->unmapped[i].line,
                    fx->rep->unmapped[i].cell ? fx->rep->unmapped[i].cell : "", fx->rep->unmapped[i].name);
    }
    g_fx = fx;
    *state = fx;
    return 0;
}

static int teardown(void **state)
{
    real_fixture *fx = g_fx;
    if (!fx)
        return 0;
    migdip_import_report_free(fx->rep);
    migdip_ctx_close(fx->ctx);
    tu_rmdir(fx->dir);
    free(fx->dir);
    free(fx->db_path);
    free(fx);
    g_fx = NULL;
    (void)state;
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
    return cmocka_run_group_tests(tests, setup, teardown);
}
