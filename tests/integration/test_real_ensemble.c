/* test_real_ensemble.c - the robustness screen on the real data (../shared/data imported into a
 * temporary store): the fast path (core/ensemble.c) against the engine (mg_engine_dyad_eval)
 * on every dyad of states with any migrant, under drawn parameters and data, in an observed
 * year and an interpolated one; and the statistical sanity of the draws (docs/model.md §7):
 * nothing drawn gives the point verdict with probability 1, probabilities sum to one, wider
 * spreads never make the point verdict more certain, the same seed gives the same counts on
 * one thread or two and in one range or two (the split among processes), and a screen row
 * equals the robustness of its dyad alone. Skipped without the data directory. */
#include "testutil.h"

#include "api/model.h"
#include "core/ensemble.h"
#include "core/robust.h"

typedef struct fx {
    char *dir, *db_path;
    migdip_ctx *ctx;
} fx;

static int setup(void **state)
{
    const char *data = tu_data_dir();
    *state = NULL;
    if (!data)
        return 0;
    fx *f = calloc(1, sizeof *f);
    assert_non_null(f);
    const char *db = getenv("MIGDIP_TEST_DB"); /* a store already imported: faster reruns */
    if (db && *db) {
        if (migdip_ctx_open(db, &f->ctx) != MIGDIP_OK)
            fail_msg("%s: %s", db, migdip_ctx_errmsg(f->ctx));
        *state = f;
        return 0;
    }
    f->dir = tu_tmpdir();
    f->ctx = tu_store(f->dir, &f->db_path);
    migdip_import_opts o = {.data_dir = data};
    migdip_import_report *rep = NULL;
    if (migdip_import_run(f->ctx, &o, &rep) != MIGDIP_OK)
        fail_msg("importing %s: %s", data, migdip_ctx_errmsg(f->ctx));
    migdip_import_report_free(rep);
    *state = f;
    return 0;
}

static int teardown(void **state)
{
    fx *f = *state;
    if (!f)
        return 0;
    migdip_ctx_close(f->ctx);
    if (f->dir)
        tu_rmdir(f->dir);
    free(f->dir);
    free(f->db_path);
    free(f);
    return 0;
}

#define NEED_DATA(f)                                                                               \
    fx *f = *state;                                                                                \
    if (!f)                                                                                        \
    skip()

static migdip_model *load(fx *f, int year)
{
    migdip_model_opts mo = {.year = year};
    migdip_model *m = NULL;
    if (migdip_model_load(f->ctx, &mo, &m) != MIGDIP_OK)
        fail_msg("model %d: %s", year, migdip_ctx_errmsg(f->ctx));
    return m;
}

/* every pair of states (no territory) with a migrant in either direction, as screen
 * --min-stock 1 takes them */
static size_t all_pairs(const migdip_model *m, size_t (**out)[2])
{
    const mg_panel *p = mg_model_panel(m);
    size_t n = p->n, k = 0;
    size_t(*v)[2] = malloc(n * n * sizeof *v);
    assert_non_null(v);
    for (size_t i = 0; i < n; i++)
        for (size_t j = i + 1; j < n; j++)
            if (mg_model_state_is_actor(m, i) && mg_model_state_is_actor(m, j) && mg_model_volume(m, i, j) >= 1) {
                v[k][0] = i;
                v[k][1] = j;
                k++;
            }
    *out = v;
    return k;
}

/* The fast path equals the engine: exposures to 1e-12, every logic the same, for the model's
 * own parameters and data and for draws of both. */
static void compare_year(fx *f, int year)
{
    migdip_model *m = load(f, year);
    const mg_panel *p = mg_model_panel(m);
    const mg_params *prm = mg_model_params(m);
    size_t(*pairs)[2];
    size_t np = all_pairs(m, &pairs);
    assert_true(np > 3000);
    mg_ensemble *e = mg_ensemble_new(p, prm, (const size_t(*)[2])pairs, np);
    mg_ensemble_work *w = mg_ensemble_work_new(e);
    mg_panel *dp = mg_panel_clone(p);
    mg_robust_plan pl;
    assert_int_equal(mg_robust_plan_init(p, &pl), 0);
    uint8_t(*q)[2] = malloc(np * sizeof *q);
    double(*ex)[2] = malloc(np * sizeof *ex);
    double *scratch = malloc(mg_robust_scratch_len(&pl) * sizeof *scratch);
    assert_true(e && w && dp && q && ex && scratch);
    size_t compared = 0, in_scope = 0;
    double worst = 0;
    for (int k = -1; k < 6; k++) {
        mg_params drawn = *prm;
        const mg_panel *d = p;
        if (k >= 0) { /* draw k: parameters and data */
            mg_robust_opts o = {.draws = 6, .seed = 11, .params = true, .data = true};
            double u[MG_ROBUST_MAX_PRIORS];
            mg_robust_draw(p, dp, prm, &o, &pl, (uint64_t)k, &drawn, u, scratch);
            d = dp;
        }
        mg_ensemble_eval(e, w, d, &drawn, q, ex);
        for (size_t r = 0; r < np; r++) {
            mg_actor a = {.n = 1, .idx = {pairs[r][0]}}, b = {.n = 1, .idx = {pairs[r][1]}};
            migdip_dyad ref;
            mg_engine_dyad_eval(d, &drawn, &a, &b, &ref);
            for (int s = 0; s < 2; s++) {
                double diff = fabs(ex[r][s] - ref.side[s].exposure);
                if (diff > worst)
                    worst = diff;
                if (!(diff <= 1e-12))
                    fail_msg("%d draw %d %s-%s side %d: fast exposure %.17g, engine %.17g", year, k,
                             p->iso3[pairs[r][0]], p->iso3[pairs[r][1]], s, ex[r][s], ref.side[s].exposure);
                if (q[r][s] != ref.quadrant[s])
                    fail_msg("%d draw %d %s-%s side %d: fast logic %s, engine %s", year, k, p->iso3[pairs[r][0]],
                             p->iso3[pairs[r][1]], s, migdip_quadrant_code(q[r][s]),
                             migdip_quadrant_code(ref.quadrant[s]));
            }
            in_scope += ref.in_scope;
            compared++;
        }
    }
    print_message("%d: %zu dyads x 7 draws compared (%zu evaluations in scope), largest exposure difference %.3g\n", year,
                  compared / 7, in_scope, worst);
    assert_true(in_scope > 1000); /* the comparison reaches the classification, not only scope */
    free(q);
    free(ex);
    free(scratch);
    mg_robust_plan_free(&pl);
    mg_panel_free(dp);
    mg_ensemble_work_free(w);
    mg_ensemble_free(e);
    free(pairs);
    migdip_model_free(m);
}

static void test_fast_equals_engine_2020(void **state)
{
    NEED_DATA(f);
    compare_year(f, 2020);
}

static void test_fast_equals_engine_2007(void **state)
{
    NEED_DATA(f);
    compare_year(f, 2007); /* stocks interpolated between 2005 and 2010 */
}

/* the screen's counts of some dyads of 2020 */
typedef struct screen_fx {
    migdip_model *m;
    const mg_panel *p;
    const mg_params *prm;
    size_t (*pairs)[2];
    uint8_t (*base)[2];
    size_t n;
} screen_fx;

static void screen_open(fx *f, screen_fx *s, int year, const char *const *names, size_t n)
{
    s->m = load(f, year);
    s->p = mg_model_panel(s->m);
    s->prm = mg_model_params(s->m);
    s->n = n;
    s->pairs = malloc(n * sizeof *s->pairs);
    s->base = malloc(n * sizeof *s->base);
    for (size_t k = 0; k < n; k++) {
        long i = mg_panel_find(s->p, names[k]), j = mg_panel_find(s->p, names[k] + 4);
        assert_true(i >= 0 && j >= 0);
        s->pairs[k][0] = (size_t)i;
        s->pairs[k][1] = (size_t)j;
        migdip_dyad d;
        mg_model_dyad_at(s->m, (size_t)i, (size_t)j, &d);
        s->base[k][0] = (uint8_t)d.quadrant[0];
        s->base[k][1] = (uint8_t)d.quadrant[1];
    }
}

static void screen_close(screen_fx *s)
{
    free(s->pairs);
    free(s->base);
    migdip_model_free(s->m);
}

static uint64_t *screen_counts(const screen_fx *s, const mg_robust_opts *o)
{
    uint64_t *c = malloc(s->n * MG_RS_N * sizeof *c);
    assert_non_null(c);
    assert_int_equal(mg_robust_screen(s->p, s->prm, (const size_t(*)[2])s->pairs, (const uint8_t(*)[2])s->base,
                                      s->n, o, c),
                     0);
    return c;
}

/* The article's four cases and other corridors (NUL-separated pairs of ISO3 codes). */
static const char *const DYADS[] = {"QAT\0EGY", "MYS\0IDN", "MYS\0BGD", "SAU\0PHL", "ARE\0IND",
                                    "USA\0MEX", "DEU\0TUR", "QAT\0NPL", "KWT\0EGY", "ITA\0ALB"};
#define N_DYADS (sizeof DYADS / sizeof *DYADS)

static void test_sanity(void **state)
{
    NEED_DATA(f);
    screen_fx s;
    screen_open(f, &s, 2020, DYADS, N_DYADS);
    const size_t N = 400;
    /* nothing drawn: every probability 0 or 1, the point verdict's 1 */
    mg_robust_opts o = {.draws = N, .seed = 5, .params = true, .data = true, .scaled = true, .spread = 0};
    uint64_t *c = screen_counts(&s, &o);
    for (size_t k = 0; k < s.n; k++) {
        assert_int_equal(c[k * MG_RS_N + MG_RS_SAME], N);
        for (int side = 0; side < 2; side++)
            for (int q = 0; q < MG_ROBUST_NQ; q++)
                assert_int_equal(c[k * MG_RS_N + MG_RC_Q(side, q)], q == s.base[k][side] ? N : 0);
    }
    free(c);
    /* wider spreads never make the point verdict more certain (the same draws, stretched:
     * a tolerance of 0.03 for sampling noise), and each side's probabilities sum to one */
    double prev[N_DYADS];
    /* up to the priors themselves: beyond them a parameter can leave its domain (and is then
     * not set) */
    const double spreads[] = {0, 0.25, 0.5, 0.75, 1};
    for (size_t t = 0; t < sizeof spreads / sizeof *spreads; t++) {
        o.spread = spreads[t];
        c = screen_counts(&s, &o);
        for (size_t k = 0; k < s.n; k++) {
            double pv = (double)c[k * MG_RS_N + MG_RS_SAME] / (double)N;
            if (t > 0 && pv > prev[k] + 0.03)
                fail_msg("%s-%s: the point verdict's probability rose from %.3f to %.3f when the spreads "
                         "widened from %g to %g",
                         DYADS[k], DYADS[k] + 4, prev[k], pv, spreads[t - 1], spreads[t]);
            prev[k] = pv;
            for (int side = 0; side < 2; side++) {
                double sum = 0;
                for (int q = 0; q < MG_ROBUST_NQ; q++)
                    sum += (double)c[k * MG_RS_N + MG_RC_Q(side, q)] / (double)N;
                assert_near(sum, 1, 1e-12);
            }
        }
        free(c);
    }
    screen_close(&s);
}

/* The same seed, the same counts: one thread or two, one range or two ranges added (the split
 * among processes), and a screen row the same as its dyad alone through the engine. */
static void test_reproducible(void **state)
{
    NEED_DATA(f);
    screen_fx s;
    screen_open(f, &s, 2020, DYADS, N_DYADS);
    const size_t N = 300, per = s.n * MG_RS_N;
    mg_robust_opts o = {.draws = N, .seed = 42, .params = true, .data = true, .threads = 1};
    uint64_t *one = screen_counts(&s, &o);
    o.threads = 2;
    uint64_t *two = screen_counts(&s, &o);
    assert_memory_equal(one, two, per * sizeof *one);
    o.threads = 1;
    o.begin = 0;
    o.end = 137;
    uint64_t *lo = screen_counts(&s, &o);
    o.begin = 137;
    o.end = N;
    uint64_t *hi = screen_counts(&s, &o);
    for (size_t i = 0; i < per; i++)
        assert_int_equal(lo[i] + hi[i], one[i]);
    /* another seed, other draws */
    o = (mg_robust_opts){.draws = N, .seed = 43, .params = true, .data = true};
    uint64_t *other = screen_counts(&s, &o);
    assert_memory_not_equal(one, other, per * sizeof *one);
    /* the dyad alone, through the engine */
    for (size_t k = 0; k < s.n; k++) {
        mg_actor a = {.n = 1, .idx = {s.pairs[k][0]}}, b = {.n = 1, .idx = {s.pairs[k][1]}};
        uint64_t rc[MG_RC_N];
        o = (mg_robust_opts){.draws = N, .seed = 42, .params = true, .data = true, .threads = 2};
        assert_int_equal(mg_robust_count(s.p, s.prm, &a, &b, &o, rc), 0);
        assert_int_equal(rc[MG_RC_SAME], one[k * MG_RS_N + MG_RS_SAME]);
        for (int q = 0; q < 2 * MG_ROBUST_NQ; q++)
            assert_int_equal(rc[q], one[k * MG_RS_N + (size_t)q]);
    }
    free(one);
    free(two);
    free(lo);
    free(hi);
    free(other);
    screen_close(&s);
}

int main(void)
{
    const struct CMUnitTest tests[] = {
        cmocka_unit_test(test_fast_equals_engine_2020),
        cmocka_unit_test(test_fast_equals_engine_2007),
        cmocka_unit_test(test_sanity),
        cmocka_unit_test(test_reproducible),
    };
    return cmocka_run_group_tests(tests, setup, teardown);
}
