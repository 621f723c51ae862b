/* test_remit.c - remittance shares (docs/model.md §1, core/remit.c) on a four-state panel with
 * values computed by hand: observed shares from the matrix, the World Bank allocation rule
 * (stock x GDP per head of the host) where a receiver has no entry, and the rows that stay
 * unknown. */
#include "testutil.h"

#include "core/remit.h"

enum { O = 0, H1 = 1, H2 = 2, H3 = 3, N = 4 };

static migdip_value v(double x) { return (migdip_value){x, MIGDIP_FLAG_OBSERVED, 2020}; }

/* O has emigrants in H1 (100), H2 (300) and H3 (50, but H3's income is unknown); H1's
 * emigrants live in O; H2 has none; H3 has emigrants only in O, whose income is unknown. */
static mg_panel *panel(void)
{
    mg_panel *p = mg_panel_new(N, 2020);
    assert_non_null(p);
    p->stock[O * N + H1] = 100;
    p->stock[O * N + H2] = 300;
    p->stock[O * N + H3] = 50;
    p->stock[H1 * N + O] = 1000;
    p->stock[H3 * N + O] = 70;
    p->gdppc_ppp[H1] = v(2000);
    p->gdppc_ppp[H2] = v(1000);
    return p;
}

static void test_fallback_shares(void **state)
{
    (void)state;
    mg_panel *p = panel();
    /* weights 100 x 2000 and 300 x 1000, total 500,000: 0.4 and 0.6; H3 (income unknown) 0 */
    assert_true(mg_remit_fallback(p, O));
    assert_float_equal(p->rshare[O * N + H1], 0.4, 1e-15);
    assert_float_equal(p->rshare[O * N + H2], 0.6, 1e-15);
    assert_float_equal(p->rshare[O * N + H3], 0, 0);
    assert_float_equal(p->rshare[O * N + O], 0, 0);
    for (size_t d = 0; d < N; d++)
        assert_int_equal(p->rshare_flag[O * N + d], MIGDIP_FLAG_DERIVED);
    /* no partner with both a stock and a known income: the row stays unknown */
    assert_false(mg_remit_fallback(p, H2));
    assert_false(mg_remit_fallback(p, H3));
    for (size_t d = 0; d < N; d++) {
        assert_true(isnan(p->rshare[H3 * N + d]));
        assert_int_equal(p->rshare_flag[H3 * N + d], MIGDIP_FLAG_MISSING);
    }
    mg_panel_free(p);
}

static void test_observed_then_fallback(void **state)
{
    (void)state;
    mg_panel *p = panel();
    /* the matrix: H1 receives 30 from O and 10 from H2; O and H2 receive nothing listed, and H3
     * an entry of 0 (a total of 0 is no information: the fallback applies) */
    p->rshare[H1 * N + O] = 30;
    p->rshare[H1 * N + H2] = 10;
    p->rshare[H3 * N + O] = 0;
    double received[N] = {0, 40, 0, 0};
    mg_remit_shares(p, received);
    /* observed: 30/40 and 10/40, a partner without an entry 0, all flagged observed */
    assert_float_equal(p->rshare[H1 * N + O], 0.75, 1e-15);
    assert_float_equal(p->rshare[H1 * N + H2], 0.25, 1e-15);
    assert_float_equal(p->rshare[H1 * N + H3], 0, 0);
    for (size_t d = 0; d < N; d++)
        assert_int_equal(p->rshare_flag[H1 * N + d], MIGDIP_FLAG_OBSERVED);
    /* O: the allocation rule, as above */
    assert_float_equal(p->rshare[O * N + H1], 0.4, 1e-15);
    assert_float_equal(p->rshare[O * N + H2], 0.6, 1e-15);
    assert_int_equal(p->rshare_flag[O * N + H2], MIGDIP_FLAG_DERIVED);
    /* H2 (no emigrants) unknown; H3's zero entry is left as it was, flag missing */
    assert_true(isnan(p->rshare[H2 * N + O]));
    assert_int_equal(p->rshare_flag[H2 * N + O], MIGDIP_FLAG_MISSING);
    assert_int_equal(p->rshare_flag[H3 * N + O], MIGDIP_FLAG_MISSING);
    mg_panel_free(p);
}

/* An assumed-zero cell is unknown: the allocation rule gives it its share, the published
 * corridors share the rest; a matrix far from the panel year makes the published shares carried. */
static void test_assumed_zero_and_distance(void **state)
{
    (void)state;
    mg_panel *p = panel();
    p->remit_year = 2017; /* panel year 2020: 3 years away, within MG_REMIT_MAX_DISTANCE */
    /* O receives 30 from H1 (published) and an assumed 0 from H2 */
    p->rshare[O * N + H1] = 30;
    p->rshare_flag[O * N + H2] = MIGDIP_FLAG_ASSUMED_ZERO;
    /* H3's only cell is an assumed 0 (total 0): the whole row falls back, and has no partner */
    p->rshare_flag[H3 * N + O] = MIGDIP_FLAG_ASSUMED_ZERO;
    double received[N] = {30, 0, 0, 0};
    mg_remit_shares(p, received);
    /* allocation rule for O: H1 0.4, H2 0.6; H2's assumed zero becomes 0.6 derived, H1 gets
     * the rest (1 - 0.6) in the matrix's proportion (30/30), observed */
    assert_float_equal(p->rshare[O * N + H2], 0.6, 1e-15);
    assert_int_equal(p->rshare_flag[O * N + H2], MIGDIP_FLAG_DERIVED);
    assert_float_equal(p->rshare[O * N + H1], 0.4, 1e-15);
    assert_int_equal(p->rshare_flag[O * N + H1], MIGDIP_FLAG_OBSERVED);
    assert_float_equal(p->rshare[O * N + H3], 0, 0);
    assert_true(isnan(p->rshare[H3 * N + O]));
    assert_int_equal(p->rshare_flag[H3 * N + O], MIGDIP_FLAG_MISSING);
    mg_panel_free(p);

    /* the same matrix for a panel 26 years away: published shares carried, derived unchanged */
    p = panel();
    p->year = 1991;
    p->remit_year = 2017;
    p->rshare[O * N + H1] = 30;
    p->rshare_flag[O * N + H2] = MIGDIP_FLAG_ASSUMED_ZERO;
    mg_remit_shares(p, received);
    assert_int_equal(p->rshare_flag[O * N + H1], MIGDIP_FLAG_CARRIED);
    assert_float_equal(p->rshare[O * N + H1], 0.4, 1e-15);
    assert_int_equal(p->rshare_flag[O * N + H2], MIGDIP_FLAG_DERIVED);
    mg_panel_free(p);
}

int main(void)
{
    const struct CMUnitTest tests[] = {
        cmocka_unit_test(test_fallback_shares),
        cmocka_unit_test(test_observed_then_fallback),
        cmocka_unit_test(test_assumed_zero_and_distance),
    };
    return cmocka_run_group_tests(tests, NULL, NULL);
}
