/* test_plan.c - the diversification planner on small panels computed by hand
 * (docs/scenarios.md "Diversification planner"): fit and capacity limits, candidates in the
 * partner bloc and without data left out, the greedy step in the host role, the counterfactual
 * (the plan applied to a clone really lowers the exposure it claims), and the bisection for
 * the smallest quadrant-changing move. */
#include "testutil.h"

#include <math.h>

#include "core/engine.h"
#include "core/plan.h"
#include "tu_panel.h"

static migdip_value v(double x) { return (migdip_value){x, MIGDIP_FLAG_OBSERVED, 2020}; }

static mg_panel *panel(size_t n, const char *const *codes)
{
    mg_panel *p = mg_panel_new(n, 2020);
    assert_non_null(p);
    for (size_t i = 0; i < n; i++) {
        memcpy(p->iso3[i], codes[i], 4);
        p->name[i] = (char *)codes[i];
        p->subregion[i] = 0;
        for (size_t j = 0; j < n; j++)
            p->dist[i * n + j] = 1000;
    }
    return p;
}

static mg_actor one(const mg_panel *p, size_t i)
{
    mg_actor a = {.n = 1, .idx = {i}};
    memcpy(a.name, p->iso3[i], 4);
    return a;
}

/* ------------------------------------------------------------------ sender role
 * SSS sends 100k to HHH (the partner), 10k to C1, 20k to C2, 5k to TTT and 5k to NLF.
 * C1: same region and distance as HHH, labour force 2M: 1% = 20k, +50% of 10k = 5k -> 5,000.
 * C2: other subregion (x0.75), 4x farther (x0.5), a quarter of HHH's income per head (x0.5):
 * fit 0.1875; labour force 1M: min(10k, 10k) x 0.1875 = 1,875.
 * TTT: in the partner bloc when the partner is {HHH, TTT}. NLF: no labour force -> no room. */
enum { S = 0, H = 1, C1 = 2, C2 = 3, T = 4, NLF = 5, NS = 6 };

static mg_panel *sender_panel(void)
{
    static const char *const codes[] = {"SSS", "HHH", "CC1", "CC2", "TTT", "NLF"};
    mg_panel *p = panel(NS, codes);
    p->stock[S * NS + H] = 100000;
    p->stock[S * NS + C1] = 10000;
    p->stock[S * NS + C2] = 20000;
    p->stock[S * NS + T] = 5000;
    p->stock[S * NS + NLF] = 5000;
    p->subregion[C2] = 1;
    p->dist[S * NS + C2] = 4000;
    p->gdppc_ppp[H] = v(40000);
    p->gdppc_ppp[C1] = v(40000);
    p->gdppc_ppp[C2] = v(10000);
    p->lf[C1] = v(2e6);
    p->lf[C2] = v(1e6);
    p->lf[T] = v(1e7);
    p->lf[H] = v(5e6);
    p->lf[S] = v(2e6);
    p->remit_usd[S] = v(100e6);
    p->gdp_usd[S] = v(2000e6);
    double rs[NS] = {0, 0.6, 0.1, 0.2, 0.05, 0.05};
    for (size_t j = 1; j < NS; j++) {
        p->rshare[S * NS + j] = rs[j];
        p->rshare_flag[S * NS + j] = MIGDIP_FLAG_OBSERVED;
    }
    mg_panel_totals(p);
    tu_panel_plain(p);
    return p;
}

static const mg_plan_dest *find_dest(const mg_plan *pl, size_t idx)
{
    for (size_t k = 0; k < pl->n_dest; k++)
        if (pl->dest[k].idx == idx)
            return &pl->dest[k];
    return NULL;
}

static void test_constraints(void **state)
{
    (void)state;
    mg_panel *p = sender_panel();
    mg_params prm;
    tu_params_plain(&prm);
    mg_plan_opts o;
    mg_plan_opts_default(&o);
    assert_near(mg_plan_fit(p, &prm, S, H, C1, true), 1.0, 1e-12);
    assert_near(mg_plan_fit(p, &prm, S, H, C2, true), 0.75 * 0.5 * 0.5, 1e-12);
    mg_actor partner = {.n = 2, .idx = {H, T}, .is_bloc = true, .name = "BLOC"};
    mg_plan pl;
    assert_int_equal(mg_plan_run(p, &prm, S, &partner, &o, &pl), 0);
    assert_true(pl.sender);
    assert_near(pl.corridor, 105000, 1e-9);
    assert_int_equal(pl.n_candidates, 2); /* C1 and C2: TTT is in the bloc, NLF has no labour force */
    assert_null(find_dest(&pl, T));
    assert_null(find_dest(&pl, NLF));
    const mg_plan_dest *c1 = find_dest(&pl, C1), *c2 = find_dest(&pl, C2);
    assert_non_null(c1);
    assert_non_null(c2);
    assert_near(c1->capacity, 5000, 1e-9);
    assert_near(c2->capacity, 1875, 1e-9);
    /* every worker leaving the partner lowers concentration, remittances and the valve alike:
     * both corridors are filled to their capacity */
    assert_near(c1->moved, 5000, 1e-6);
    assert_near(c2->moved, 1875, 1e-6);
    assert_near(pl.moved, 6875, 1e-6);
    /* a tighter labour-force cap binds instead of growth: C1 0.1% of 2M = 2,000 */
    mg_plan pl2;
    o.lf_cap = 0.001;
    assert_int_equal(mg_plan_run(p, &prm, S, &partner, &o, &pl2), 0);
    assert_near(find_dest(&pl2, C1)->capacity, 2000, 1e-9);
    mg_plan_cleanup(&pl2);
    mg_plan_cleanup(&pl);
    mg_panel_free(p);
}

/* The plan applied by hand to a clone (stocks out of the partner in proportion, remittance
 * shares carried with the workers, totals recomputed) gives the exposure the plan claims, and
 * it is lower than before. */
static void test_counterfactual_sender(void **state)
{
    (void)state;
    mg_panel *p = sender_panel();
    mg_params prm;
    tu_params_plain(&prm);
    prm.inst_moderation = 0.5;
    p->inst[S * NS + H] = p->inst[H * NS + S] = 0.5f;
    mg_plan_opts o;
    mg_plan_opts_default(&o);
    mg_actor partner = one(p, H), self = one(p, S);
    mg_plan pl;
    assert_int_equal(mg_plan_run(p, &prm, S, &partner, &o, &pl), 0);
    assert_true(pl.n_move > 0);
    mg_panel *c = mg_panel_clone(p);
    assert_non_null(c);
    for (size_t k = 0; k < pl.n_move; k++) {
        double d = pl.move[k].delta, cut = 0.6 * d / 100000;
        c->stock[S * NS + H] -= d;
        c->stock[S * NS + pl.move[k].cand] += d;
        c->rshare[S * NS + H] -= cut;
        c->rshare[S * NS + pl.move[k].cand] += cut;
    }
    mg_panel_totals(c);
    tu_panel_plain(c);
    migdip_dyad d;
    mg_engine_dyad_eval(c, &prm, &self, &partner, &d);
    assert_near(d.side[0].exposure, pl.after.side[0].exposure, 1e-9);
    assert_near(d.side[0].exposure, pl.move[pl.n_move - 1].exposure_after, 1e-9);
    assert_true(d.side[0].exposure < pl.before.side[0].exposure - 1e-6);
    double sum = 0;
    for (size_t k = 0; k < pl.n_dest; k++)
        sum += pl.dest[k].reduction;
    assert_near(pl.before.side[0].exposure - sum, d.side[0].exposure, 1e-9);
    mg_panel_free(c);
    mg_plan_cleanup(&pl);
    mg_panel_free(p);
}

/* ------------------------------------------------------------------ host role
 * HHH hosts 100k from III (the partner), 40k from AAA (fit 1: like III) and 40k from BBB
 * (another subregion: fit 0.75). Labour force of HHH 10M; pool counted in full at 1
 * (pool_scale = 1). AAA and BBB: labour force 10M, +50% of 40k = 20k -> AAA 20k, BBB 15k. */
enum { HH = 0, I = 1, AA = 2, BB = 3, NH = 4 };

static mg_panel *host_panel(void)
{
    static const char *const codes[] = {"HHH", "III", "AAA", "BBB"};
    mg_panel *p = panel(NH, codes);
    p->stock[I * NH + HH] = 100000;
    p->stock[AA * NH + HH] = 40000;
    p->stock[BB * NH + HH] = 40000;
    p->subregion[I] = p->subregion[AA] = 1;
    p->subregion[BB] = 2;
    p->lf[HH] = v(1e7);
    p->lf[AA] = v(1e7);
    p->lf[BB] = v(1e7);
    mg_panel_totals(p);
    tu_panel_plain(p);
    return p;
}

static double host_exposure(double delta_a, double delta_b)
{
    double inc = 100000 - delta_a - delta_b, a = 40000 + delta_a, b = 40000 + delta_b;
    double reliance = 0.5 * (inc / 1e7 / 0.10) + 0.5 * (inc / 180000);
    double r = (a + 0.75 * b) / inc, subst = r / (r + 1);
    return reliance * (1 - 0.8 * subst);
}

static void test_greedy_host(void **state)
{
    (void)state;
    mg_panel *p = host_panel();
    mg_params prm;
    tu_params_plain(&prm);
    prm.pool_scale = 1;
    mg_plan_opts o;
    mg_plan_opts_default(&o);
    mg_actor partner = one(p, I), self = one(p, HH);
    mg_plan pl;
    assert_int_equal(mg_plan_run(p, &prm, HH, &partner, &o, &pl), 0);
    assert_false(pl.sender);
    assert_near(pl.before.side[0].exposure, host_exposure(0, 0), 1e-12);
    /* the first step (5% of the corridor, 5,000) goes to AAA, whose workers fit better */
    assert_int_equal(pl.move[0].cand, AA);
    assert_near(pl.move[0].delta, 5000, 1e-9);
    assert_near(pl.move[0].exposure_after, host_exposure(5000, 0), 1e-12);
    /* the plan exhausts AAA (20k) before it turns to BBB */
    size_t k = 0;
    double to_a = 0;
    while (k < pl.n_move && pl.move[k].cand == AA)
        to_a += pl.move[k++].delta;
    assert_near(to_a, 20000, 1e-6);
    assert_int_equal(pl.move[k].cand, BB);
    assert_near(pl.moved, 35000, 1e-6);
    assert_near(pl.after.side[0].exposure, host_exposure(20000, 15000), 1e-12);
    assert_int_equal(pl.dest[0].idx, AA); /* sorted by reduction */
    assert_near(pl.dest[0].fit, 1, 1e-12);
    assert_near(pl.dest[1].fit, 0.75, 1e-12);
    /* counterfactual through mg_plan_apply and by hand agree */
    mg_panel *c = mg_plan_apply(p, &pl, pl.moved);
    assert_non_null(c);
    migdip_dyad d;
    mg_engine_dyad_eval(c, &prm, &self, &partner, &d);
    assert_near(d.side[0].exposure, host_exposure(20000, 15000), 1e-12);
    assert_true(d.side[0].exposure < pl.before.side[0].exposure);
    mg_panel_free(c);
    mg_plan_cleanup(&pl);
    mg_panel_free(p);
}

/* ------------------------------------------------------------------ bisection
 * SSS (only concentration known: E_S = x / 200k with x = persons left in HHH) against HHH
 * (only the pool share, no substitution: E_H = x / (900k + x)). Power at parity, so SSS III
 * and HHH II until SSS, the more exposed, falls under the scope's 0.05 (§4.1): x* = 10,000. */
enum { BS = 0, BH = 1, BC = 2, BZ = 3, NB = 4 };

static void test_bisection(void **state)
{
    (void)state;
    static const char *const codes[] = {"SSS", "HHH", "CCC", "ZZZ"};
    mg_panel *p = panel(NB, codes);
    p->stock[BS * NB + BH] = 100000;
    p->stock[BS * NB + BC] = 100000;
    p->stock[BZ * NB + BH] = 900000;
    p->lf[BC] = v(1e8);
    for (size_t i = BS; i <= BH; i++) { /* equal power: parity (§4.3) */
        p->gdp_ppp[i] = v(1e11);
        p->pop[i] = v(1e7);
    }
    mg_panel_totals(p);
    tu_panel_plain(p);
    mg_params prm;
    tu_params_plain(&prm);
    prm.pool_scale = 1;
    prm.subst_max = 0;
    prm.scope_min_exposure = 0.05;
    mg_plan_opts o;
    mg_plan_opts_default(&o);
    o.growth_cap = 1; /* CCC can take 100k */
    mg_actor partner = one(p, BH), self = one(p, BS);
    mg_plan pl;
    assert_int_equal(mg_plan_run(p, &prm, BS, &partner, &o, &pl), 0);
    assert_int_equal(pl.before.quadrant[0], MIGDIP_Q_III);
    assert_int_equal(pl.before.quadrant[1], MIGDIP_Q_II);
    assert_true(pl.shift_found);
    assert_int_equal(pl.shift.quadrant[0], MIGDIP_Q_OUT);
    assert_int_equal(pl.shift.quadrant[1], MIGDIP_Q_OUT);
    /* the persons left where E_S = 0.05: 10,000, so 90,000 moved (to within one person) */
    double want = 90000;
    assert_true(pl.shift_delta >= want - 1e-6 && pl.shift_delta <= want + 1.0 + 1e-6);
    /* one person less does not change the quadrant; the point found does */
    mg_panel *c = mg_plan_apply(p, &pl, pl.shift_delta - 1);
    migdip_dyad d;
    mg_engine_dyad_eval(c, &prm, &self, &partner, &d);
    assert_int_equal(d.quadrant[0], MIGDIP_Q_III);
    mg_panel_free(c);
    c = mg_plan_apply(p, &pl, pl.shift_delta);
    mg_engine_dyad_eval(c, &prm, &self, &partner, &d);
    assert_int_equal(d.quadrant[0], MIGDIP_Q_OUT);
    mg_panel_free(c);
    mg_plan_cleanup(&pl);

    /* with CCC able to take only 10k the gap never closes: no quadrant change */
    o.growth_cap = 0.1;
    assert_int_equal(mg_plan_run(p, &prm, BS, &partner, &o, &pl), 0);
    assert_false(pl.shift_found);
    assert_near(pl.moved, 10000, 1e-6);
    assert_int_equal(pl.after.quadrant[0], MIGDIP_Q_III);
    mg_plan_cleanup(&pl);
    mg_panel_free(p);
}

/* Nothing to move: no corridor, or no candidate with room. */
static void test_nothing_to_move(void **state)
{
    (void)state;
    mg_panel *p = host_panel();
    mg_params prm;
    tu_params_plain(&prm);
    mg_plan_opts o;
    mg_plan_opts_default(&o);
    o.role = MIGDIP_PLAN_SENDER; /* HHH has no emigrants in III */
    mg_actor partner = one(p, I);
    mg_plan pl;
    assert_int_equal(mg_plan_run(p, &prm, HH, &partner, &o, &pl), 0);
    assert_near(pl.corridor, 0, 0);
    assert_int_equal(pl.n_move, 0);
    assert_false(pl.shift_found);
    assert_near(pl.after.side[0].exposure, pl.before.side[0].exposure, 0);
    mg_plan_cleanup(&pl);
    mg_panel_free(p);
}

/* What the planner carries from one evaluation to the next (mg_engine_memo: power, and in the
 * sender role the hosts' alternative supplies) changes nothing: on a panel of 24 states with
 * stocks, subregional capacities (§2.3 cap_region), ties, distances and incomes drawn at
 * random, the plans of both roles against a state and a bloc equal those evaluated in full,
 * step by step and to the last bit. */
static void test_memo_changes_nothing(void **state)
{
    (void)state;
    enum { NR = 24 };
    mg_panel *p = tu_panel_random(NR, 12345);
    /* state 11 and its partners: corridors both ways */
    const size_t ends[] = {5, 7, 2, 19};
    for (size_t k = 0; k < 4; k++) {
        p->stock[11 * NR + ends[k]] = p->stock_born[11 * NR + ends[k]] = 150000 + 10000 * (double)k;
        p->stock[ends[k] * NR + 11] = p->stock_born[ends[k] * NR + 11] = 120000 - 10000 * (double)k;
    }
    mg_panel_totals(p);
    mg_params prm;
    tu_params_plain(&prm);
    prm.cap_region = 0.5;
    mg_actor bloc = {.n = 3, .idx = {7, 2, 19}, .is_bloc = true, .name = "BLOC"};
    mg_actor partners[2] = {one(p, 5), bloc};
    migdip_plan_role roles[2] = {MIGDIP_PLAN_SENDER, MIGDIP_PLAN_HOST};
    size_t checked = 0;
    for (int r = 0; r < 2; r++)
        for (int k = 0; k < 2; k++) {
            mg_plan_opts o;
            mg_plan_opts_default(&o);
            o.role = roles[r];
            mg_plan fast, full;
            assert_int_equal(mg_plan_run(p, &prm, 11, &partners[k], &o, &fast), 0);
            o.exhaustive = true;
            assert_int_equal(mg_plan_run(p, &prm, 11, &partners[k], &o, &full), 0);
            assert_true(fast.n_move > 5);
            assert_int_equal(fast.n_move, full.n_move);
            for (size_t m = 0; m < fast.n_move; m++) {
                assert_int_equal(fast.move[m].cand, full.move[m].cand);
                assert_true(fast.move[m].delta == full.move[m].delta);
                assert_true(fast.move[m].exposure_after == full.move[m].exposure_after);
            }
            assert_int_equal(fast.shift_found, full.shift_found);
            assert_true(fast.shift_delta == full.shift_delta);
            assert_memory_equal(&fast.after.side[1], &full.after.side[1], sizeof fast.after.side[1]);
            checked += fast.n_move;
            mg_plan_cleanup(&fast);
            mg_plan_cleanup(&full);
        }
    assert_true(checked > 40);
    mg_panel_free(p);
}

int main(void)
{
    const struct CMUnitTest tests[] = {
        cmocka_unit_test(test_constraints), cmocka_unit_test(test_counterfactual_sender),
        cmocka_unit_test(test_greedy_host), cmocka_unit_test(test_bisection),
        cmocka_unit_test(test_nothing_to_move), cmocka_unit_test(test_memo_changes_nothing),
    };
    return cmocka_run_group_tests(tests, NULL, NULL);
}
