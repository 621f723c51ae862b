/* test_coalition.c - coalitions (docs/scenarios.md "Coalitions"): exact Shapley values on
 * games computed by hand (symmetry, a null player, efficiency), and subset leverage through
 * the engine's bloc aggregation on a small panel: symmetric members get equal shares, a member
 * with no stake gets nothing, the shares sum to the grand coalition's leverage. */
#include "testutil.h"

#include "core/coalition.h"
#include "core/engine.h"
#include "tu_panel.h"

static void test_shapley_by_hand(void **state)
{
    (void)state;
    /* two players: v1 = 1, v2 = 2, v12 = 4 -> phi1 = (1 + 2)/2 = 1.5, phi2 = (2 + 3)/2 = 2.5 */
    double v2[4] = {0, 1, 2, 4}, phi[MG_COALITION_MAX];
    mg_coalition_shapley(v2, 2, phi);
    assert_near(phi[0], 1.5, 1e-12);
    assert_near(phi[1], 2.5, 1e-12);
    /* symmetric: v(S) = |S|^2 on three players -> 3 each */
    double v3[8];
    for (size_t m = 0; m < 8; m++) {
        double k = (double)__builtin_popcount((unsigned)m);
        v3[m] = k * k;
    }
    mg_coalition_shapley(v3, 3, phi);
    for (int i = 0; i < 3; i++)
        assert_near(phi[i], 3, 1e-12);
    /* player 2 is null: v(S) = 5 if player 0 is in S, + 1 for player 1 */
    for (size_t m = 0; m < 8; m++)
        v3[m] = 5.0 * (double)(m & 1) + 1.0 * (double)((m >> 1) & 1);
    mg_coalition_shapley(v3, 3, phi);
    assert_near(phi[0], 5, 1e-12);
    assert_near(phi[1], 1, 1e-12);
    assert_near(phi[2], 0, 1e-12);
    /* efficiency on an arbitrary 12-player game */
    static double v12[1 << 12];
    v12[0] = 0;
    for (size_t m = 1; m < (1u << 12); m++)
        v12[m] = sin((double)m) + 0.1 * (double)__builtin_popcount((unsigned)m);
    mg_coalition_shapley(v12, 12, phi);
    double sum = 0;
    for (int i = 0; i < 12; i++)
        sum += phi[i];
    assert_near(sum, v12[(1u << 12) - 1], 1e-9);
}

static migdip_value v(double x) { return (migdip_value){x, MIGDIP_FLAG_OBSERVED, 2020}; }

/* HHH hosts 60k from S1 and 60k from S2 (identical senders), 30k from S3; NUL has no migrants
 * anywhere. Each sender has 100k emigrants in all (the rest in OTH). */
enum { H = 0, S1 = 1, S2 = 2, S3 = 3, NUL = 4, OTH = 5, N = 6 };

static mg_panel *panel(void)
{
    static const char *const codes[] = {"HHH", "SS1", "SS2", "SS3", "NUL", "OTH"};
    mg_panel *p = mg_panel_new(N, 2020);
    assert_non_null(p);
    for (size_t i = 0; i < N; i++) {
        memcpy(p->iso3[i], codes[i], 4);
        p->name[i] = (char *)codes[i];
        p->subregion[i] = i == H || i == OTH ? 0 : 1;
        for (size_t j = 0; j < N; j++)
            p->dist[i * N + j] = 2000;
        p->lf[i] = v(5e6);
        p->remit_usd[i] = v(50e6);
        p->gdp_usd[i] = v(1e9);
    }
    p->stock[S1 * N + H] = p->stock[S2 * N + H] = 60000;
    p->stock[S1 * N + OTH] = p->stock[S2 * N + OTH] = 40000;
    p->stock[S3 * N + H] = 30000;
    p->stock[S3 * N + OTH] = 70000;
    for (size_t s = S1; s <= S3; s++) {
        p->rshare[s * N + H] = p->stock[s * N + H] / 100000;
        p->rshare[s * N + OTH] = p->stock[s * N + OTH] / 100000;
        p->rshare_flag[s * N + H] = p->rshare_flag[s * N + OTH] = MIGDIP_FLAG_OBSERVED;
    }
    mg_panel_totals(p);
    tu_panel_plain(p);
    return p;
}

static void test_engine_values(void **state)
{
    (void)state;
    mg_panel *p = panel();
    mg_params prm;
    tu_params_plain(&prm);
    mg_actor h = {.n = 1, .idx = {H}, .name = "HHH"};
    size_t members[4] = {S1, S2, S3, NUL};
    double val[16], phi[4];
    assert_int_equal(mg_coalition_values(p, &prm, members, 4, &h, val), 0);
    assert_near(val[0], 0, 0);
    /* v of a single member is its leverage alone */
    mg_actor s1 = {.n = 1, .idx = {S1}};
    migdip_dyad d;
    mg_engine_dyad_eval(p, &prm, &s1, &h, &d);
    assert_near(val[1], d.side[1].exposure - d.side[0].exposure, 1e-12);
    /* the null member changes no subset's value */
    for (size_t m = 0; m < 8; m++)
        assert_near(val[m | 8], val[m], 1e-12);
    mg_coalition_shapley(val, 4, phi);
    assert_near(phi[0], phi[1], 1e-12); /* S1 and S2 are symmetric */
    assert_near(phi[3], 0, 1e-12);
    assert_near(phi[0] + phi[1] + phi[2] + phi[3], val[15], 1e-12);
    /* together the senders hold the host's whole migrant pool: the host's exposure grows */
    mg_actor grand = {.n = 3, .idx = {S1, S2, S3}, .is_bloc = true};
    mg_engine_dyad_eval(p, &prm, &grand, &h, &d);
    assert_near(val[7], mg_coalition_leverage(&d), 1e-12);
    assert_true(d.side[1].exposure > 0);
    assert_true(val[7] > val[1]);
    /* more than the cap is refused */
    size_t many[13] = {0};
    assert_int_equal(mg_coalition_values(p, &prm, many, 13, &h, val), -1);
    mg_panel_free(p);
}

int main(void)
{
    const struct CMUnitTest tests[] = {
        cmocka_unit_test(test_shapley_by_hand),
        cmocka_unit_test(test_engine_values),
    };
    return cmocka_run_group_tests(tests, NULL, NULL);
}
