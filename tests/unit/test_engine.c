/* test_engine.c - the engine on a four-state panel computed by hand (docs/model.md §2-§4):
 * every factor, substitutability, the combination, institutional moderation, power, blocs,
 * and each classification branch: I/IV, II/III, mutual (both high and small gap), parity,
 * out of scope (volume and exposure), and missing data. */
#include "testutil.h"

#include "core/engine.h"
#include "tu_panel.h"

enum { A = 0, H = 1, S = 2, T = 3 };

static migdip_value v(double x) { return (migdip_value){x, MIGDIP_FLAG_OBSERVED, 2020}; }

/* AAA: an alternative sender; HHH: the host; SSS: the sender; TTT: a third host. */
static mg_panel *base_panel(void)
{
    mg_panel *p = mg_panel_new(4, 2020);
    assert_non_null(p);
    const char *codes[] = {"AAA", "HHH", "SSS", "TTT"};
    for (size_t i = 0; i < 4; i++) {
        memcpy(p->iso3[i], codes[i], 4);
        p->name[i] = (char *)codes[i];
        for (size_t j = 0; j < 4; j++)
            p->dist[i * 4 + j] = 1000;
    }
    p->subregion[H] = p->subregion[T] = 0;
    p->subregion[S] = p->subregion[A] = 1;
    p->stock[S * 4 + H] = 100000;
    p->stock[S * 4 + T] = 100000;
    p->stock[A * 4 + H] = 50000;
    p->dist[A * 4 + H] = 4000;
    p->lf[S] = v(1e6);
    p->lf[H] = v(2e6);
    p->remit_usd[S] = v(50e6);
    p->gdp_usd[S] = v(1000e6);
    p->rshare[S * 4 + H] = 0.6;
    p->rshare[S * 4 + T] = 0.4;
    p->rshare_flag[S * 4 + H] = p->rshare_flag[S * 4 + T] = MIGDIP_FLAG_OBSERVED;
    /* power: H richer per head; A four times richer than S per head */
    p->gdppc_ppp[H] = v(40000);
    p->pop[H] = v(5e6);
    p->gdppc_ppp[S] = v(4000);
    p->pop[S] = v(20e6);
    p->gdppc_ppp[A] = v(16000);
    p->pop[A] = v(10e6);
    p->inst[H * 4 + S] = p->inst[S * 4 + H] = 0.4f;
    mg_panel_totals(p);
    tu_panel_plain(p);
    return p;
}

static mg_actor one(size_t i) { return (mg_actor){.n = 1, .idx = {i}}; }

static void test_factors_and_mutual(void **state)
{
    (void)state;
    mg_panel *p = base_panel();
    mg_params prm;
    tu_params_plain(&prm);
    mg_actor h = one(H), s = one(S);
    migdip_dyad d;
    mg_engine_dyad_eval(p, &prm, &h, &s, &d);
    const migdip_side *x = &d.side[0], *y = &d.side[1];
    /* host: 100k of 2M = 5% of the labour force -> 0.5; 100k of 150k immigrants -> capped 1 */
    assert_near(x->lf_share, 0.05, 1e-12);
    assert_near(x->pool_share, 100000.0 / 150000, 1e-12);
    /* alternative AAA: capacity 50k, distance (1000/4000)^0.5 = 0.5, income (4000/16000)^0.5
     * = 0.5, same region as SSS: fit 0.25 -> 12,500; R = 0.125; S = 0.125/1.125 */
    assert_near(x->alt_supply, 12500, 1e-6);
    assert_near(x->substitutability, 0.125 / 1.125, 1e-12);
    double reliance = 0.75, e_host = reliance * (1 - 0.8 * (0.125 / 1.125));
    assert_near(x->exposure_host, e_host, 1e-12);
    assert_near(x->exposure_raw, e_host, 1e-12);
    assert_near(x->contrib[MIGDIP_F_LABOUR], 0.25, 1e-12);
    assert_near(x->contrib[MIGDIP_F_POOL], 0.5, 1e-12);
    /* sender: remittances 5% of GDP x 0.6 from HHH = 3% -> 0.3; valve 100k/1M -> 1;
     * concentration 0.5: 0.5*0.3 + 0.2*1 + 0.3*0.5 = 0.5 */
    assert_near(y->rd, 0.03, 1e-12);
    assert_near(y->valve, 0.1, 1e-12);
    assert_near(y->emig_share, 0.5, 1e-12);
    assert_near(y->exposure_send, 0.5, 1e-12);
    assert_near(y->contrib[MIGDIP_F_REMIT], 0.15, 1e-12);
    assert_near(y->contrib[MIGDIP_F_VALVE], 0.2, 1e-12);
    assert_near(y->contrib[MIGDIP_F_CONC], 0.15, 1e-12);
    /* moderation: institutions 0.4 move each side 0.5*0.4 of the way to the mean */
    double mean = (e_host + 0.5) / 2;
    assert_near(d.inst, 0.4, 1e-6);
    assert_near(x->exposure, e_host - 0.2 * (e_host - mean), 1e-6);
    assert_near(y->exposure, 0.5 - 0.2 * (0.5 - mean), 1e-6);
    /* contributions sum to the exposure */
    for (int s2 = 0; s2 < 2; s2++) {
        double sum = 0;
        for (int f = 0; f < MIGDIP_F_COUNT; f++)
            sum += d.side[s2].contrib[f];
        assert_near(sum, d.side[s2].exposure, 1e-9);
    }
    /* both above 0.30: mutual exposure, both cooperate */
    assert_true(d.in_scope);
    assert_int_equal(d.quadrant[0], MIGDIP_Q_MUTUAL);
    assert_int_equal(d.quadrant[1], MIGDIP_Q_MUTUAL);
    /* §4.2: significance is read before institutions */
    assert_near(d.margin, fmin(x->exposure_raw, y->exposure_raw) - 0.30, 1e-6);
    assert_string_equal(d.margin_boundary, "mutual exposure");
    /* power: 0.75 ln(pc) + 0.25 ln(pc * pop) */
    double ph = 0.75 * log(40000) + 0.25 * log(40000 * 5e6), ps = 0.75 * log(4000) + 0.25 * log(4000 * 20e6);
    assert_near(d.power_diff, ph - ps, 1e-9);
    assert_int_equal(d.stronger, 0);
    mg_panel_free(p);
}

static void test_cooperation_and_assertion(void **state)
{
    (void)state;
    mg_panel *p = base_panel();
    p->remit_usd[S] = v(0);
    p->lf[S] = v(10e6);
    p->inst[H * 4 + S] = p->inst[S * 4 + H] = 0;
    mg_params prm;
    tu_params_plain(&prm);
    mg_actor h = one(H), s = one(S);
    migdip_dyad d;
    mg_engine_dyad_eval(p, &prm, &h, &s, &d);
    /* sender: 0 + 0.2 * 0.1 + 0.3 * 0.5 = 0.17; host unchanged: the stronger is more exposed */
    assert_near(d.side[1].exposure, 0.17, 1e-12);
    assert_int_equal(d.quadrant[0], MIGDIP_Q_I);
    assert_int_equal(d.quadrant[1], MIGDIP_Q_IV);
    mg_panel_free(p);
}

static void test_coercion_and_accommodation(void **state)
{
    (void)state;
    mg_panel *p = base_panel();
    p->lf[H] = v(100e6);
    p->stock[A * 4 + H] = 10e6;
    mg_panel_totals(p);
    tu_panel_plain(p);
    mg_params prm;
    tu_params_plain(&prm);
    mg_actor h = one(H), s = one(S);
    migdip_dyad d;
    mg_engine_dyad_eval(p, &prm, &h, &s, &d);
    /* reliance 0.5*0.01 + 0.5*(100k/10.1M*3); alternatives 2.5M, R = 25, S = 25/26 */
    double rel = 0.5 * 0.01 + 0.5 * (100000.0 / 10.1e6 * 3);
    assert_near(d.side[0].substitutability, 25.0 / 26, 1e-9);
    assert_near(d.side[0].exposure_raw, rel * (1 - 0.8 * 25.0 / 26), 1e-9);
    assert_int_equal(d.quadrant[0], MIGDIP_Q_II);
    assert_int_equal(d.quadrant[1], MIGDIP_Q_III);
    assert_string_equal(migdip_quadrant_code(d.quadrant[1]), "III");
    mg_panel_free(p);
}

static void test_parity(void **state)
{
    (void)state;
    mg_panel *p = base_panel();
    p->lf[H] = v(100e6);
    p->stock[A * 4 + H] = 10e6;
    p->gdppc_ppp[S] = v(40000);
    p->pop[S] = v(5.2e6); /* composite differs by 0.25 ln(5.2/5) = 0.0098 < 0.10 */
    mg_panel_totals(p);
    tu_panel_plain(p);
    mg_params prm;
    tu_params_plain(&prm);
    mg_actor h = one(H), s = one(S);
    migdip_dyad d;
    mg_engine_dyad_eval(p, &prm, &h, &s, &d);
    assert_int_equal(d.stronger, -1);
    assert_int_equal(d.quadrant[0], MIGDIP_Q_II); /* the less exposed holds the leverage */
    assert_int_equal(d.quadrant[1], MIGDIP_Q_III);
    /* unknown power is treated as parity and said so */
    p->gdppc_ppp[S].flag = MIGDIP_FLAG_MISSING;
    mg_engine_dyad_eval(p, &prm, &h, &s, &d);
    assert_false(d.power_ok);
    assert_int_equal(d.stronger, -1);
    mg_panel_free(p);
}

static void test_out_of_scope(void **state)
{
    (void)state;
    mg_panel *p = base_panel();
    p->stock[S * 4 + H] = 5000;
    mg_panel_totals(p);
    tu_panel_plain(p);
    mg_params prm;
    tu_params_plain(&prm);
    mg_actor h = one(H), s = one(S);
    migdip_dyad d;
    mg_engine_dyad_eval(p, &prm, &h, &s, &d);
    assert_false(d.volume_ok);
    assert_int_equal(d.quadrant[0], MIGDIP_Q_OUT);
    assert_int_equal(d.quadrant[1], MIGDIP_Q_OUT);
    assert_near(d.margin, 5000, 1e-9);
    /* large enough, but neither side exposed */
    mg_panel_free(p);
    p = base_panel();
    p->lf[H] = v(1e9);
    p->stock[A * 4 + H] = 100e6;
    p->remit_usd[S] = v(0);
    p->lf[S] = v(1e9);
    p->stock[S * 4 + T] = 100e6;
    mg_panel_totals(p);
    tu_panel_plain(p);
    mg_engine_dyad_eval(p, &prm, &h, &s, &d);
    assert_true(d.volume_ok);
    assert_false(d.exposure_ok);
    assert_int_equal(d.quadrant[0], MIGDIP_Q_OUT);
    mg_panel_free(p);
}

static void test_small_gap_close_call(void **state)
{
    (void)state;
    mg_panel *p = base_panel();
    mg_params prm;
    tu_params_plain(&prm);
    prm.mutual_min = 0.9; /* neither is significantly exposed now */
    prm.mutual_gap = 0.2;
    mg_actor h = one(H), s = one(S);
    migdip_dyad d;
    mg_engine_dyad_eval(p, &prm, &h, &s, &d);
    /* §4.2: a small gap is not mutual exposure; it is a close call, with the quadrants named */
    assert_true(fabs(d.side[0].exposure - d.side[1].exposure) < 0.2);
    assert_int_equal(d.quadrant[0], MIGDIP_Q_I);
    assert_int_equal(d.quadrant[1], MIGDIP_Q_IV);
    assert_true(d.close_call);
    prm.mutual_gap = 0.1; /* gap 0.147: a clear asymmetry, stronger more exposed */
    mg_engine_dyad_eval(p, &prm, &h, &s, &d);
    assert_int_equal(d.quadrant[0], MIGDIP_Q_I);
    assert_int_equal(d.quadrant[1], MIGDIP_Q_IV);
    assert_false(d.close_call);
    mg_panel_free(p);
}

static void test_missing_data(void **state)
{
    (void)state;
    mg_panel *p = base_panel();
    p->gdp_usd[S].flag = MIGDIP_FLAG_MISSING;
    mg_params prm;
    tu_params_plain(&prm);
    mg_actor h = one(H), s = one(S);
    migdip_dyad d;
    mg_engine_dyad_eval(p, &prm, &h, &s, &d);
    /* remittance dependency unknown: the other weights are renormalised (0.2+0.15)/0.5 */
    assert_true(isnan(d.side[1].rd));
    assert_true(d.side[1].data_gap);
    assert_non_null(strstr(d.side[1].gap_note, "SSS"));
    assert_near(d.side[1].exposure_send, 0.35 / 0.5, 1e-12);
    mg_panel_free(p);
}

static void test_bloc(void **state)
{
    (void)state;
    mg_panel *p = base_panel();
    mg_params prm;
    tu_params_plain(&prm);
    mg_actor h = one(H), bloc = {.n = 2, .idx = {S, A}, .is_bloc = true};
    migdip_dyad d, ds, da;
    mg_engine_dyad_eval(p, &prm, &h, &bloc, &d);
    /* the host cannot replace the bloc by one of its members: no alternative supply left */
    assert_near(d.side[0].substitutability, 0, 1e-12);
    assert_near(d.side[0].partner_migrants, 150000, 1e-9);
    /* the bloc's raw exposure: members weighted by the square root of their stake */
    mg_actor s = one(S), a = one(A);
    mg_engine_dyad_eval(p, &prm, &s, &h, &ds);
    mg_engine_dyad_eval(p, &prm, &a, &h, &da);
    double ws = sqrt(100000), wa = sqrt(50000);
    double expect = (ws * ds.side[0].exposure_raw + wa * da.side[0].exposure_raw) / (ws + wa);
    assert_near(d.side[1].exposure_raw, expect, 1e-9);
    mg_panel_free(p);
}

static void test_capacity_reach(void **state)
{
    (void)state;
    mg_panel *p = base_panel();
    p->stock[A * 4 + T] = 200000; /* AAA also has 200k emigrants in the host's neighbour TTT */
    mg_panel_totals(p);
    tu_panel_plain(p);
    mg_params prm;
    tu_params_plain(&prm);
    mg_actor s = one(S);
    double alt;
    /* default: only channels into the host itself count (50k x fit 0.25) */
    mg_engine_substitutability(p, &prm, &s, H, 100000, &alt);
    assert_near(alt, 12500, 1e-6);
    /* cap_region = 0.5: half of the emigrants elsewhere in the subregion count too */
    prm.cap_region = 0.5;
    mg_engine_substitutability(p, &prm, &s, H, 100000, &alt);
    assert_near(alt, 0.25 * (50000 + 0.5 * 200000), 1e-6);
    mg_panel_free(p);
}

static void test_clone(void **state)
{
    (void)state;
    mg_panel *p = base_panel();
    mg_panel *c = mg_panel_clone(p);
    assert_non_null(c);
    mg_params prm;
    tu_params_plain(&prm);
    mg_actor h = one(H), s = one(S);
    migdip_dyad d1, d2;
    mg_engine_dyad_eval(p, &prm, &h, &s, &d1);
    mg_engine_dyad_eval(c, &prm, &h, &s, &d2);
    assert_near(d1.side[0].exposure, d2.side[0].exposure, 1e-15);
    assert_near(d1.side[1].exposure, d2.side[1].exposure, 1e-15);
    /* a counterfactual on the clone leaves the original alone */
    c->stock[S * 4 + H] = 0;
    mg_panel_totals(c);
    tu_panel_plain(c);
    assert_near(p->stock[S * 4 + H], 100000, 0);
    mg_panel_free(c);
    mg_panel_free(p);
}

/* The export's shared table of alternative supplies (mg_engine_dyad_eval_shared) changes
 * nothing: every directed pair of a random panel of 30 states, evaluated in both directions
 * with one table, equals its plain evaluation to the last bit; the table fills. */
static void test_shared_supplies(void **state)
{
    (void)state;
    enum { NR = 30 };
    mg_panel *p = tu_panel_random(NR, 777);
    assert_non_null(p);
    mg_params prm;
    tu_params_plain(&prm);
    prm.cap_region = 0.5;
    double *table = malloc(NR * NR * sizeof *table);
    assert_non_null(table);
    for (size_t c = 0; c < NR * NR; c++)
        table[c] = NAN;
    size_t in_scope = 0;
    for (int pass = 0; pass < 2; pass++) /* the second pass reads every supply from the table */
        for (size_t i = 0; i < NR; i++)
            for (size_t j = 0; j < NR; j++) {
                if (i == j)
                    continue;
                mg_actor a = {.n = 1, .idx = {i}}, b = {.n = 1, .idx = {j}};
                migdip_dyad plain, shared;
                mg_engine_dyad_eval(p, &prm, &a, &b, &plain);
                mg_engine_dyad_eval_shared(p, &prm, &a, &b, table, &shared);
                assert_memory_equal(&plain, &shared, sizeof plain);
                in_scope += plain.in_scope;
            }
    size_t filled = 0;
    for (size_t c = 0; c < NR * NR; c++)
        filled += !isnan(table[c]);
    assert_true(filled > NR * NR / 3);
    assert_true(in_scope > 50);
    free(table);
    mg_panel_free(p);
}

int main(void)
{
    const struct CMUnitTest tests[] = {
        cmocka_unit_test(test_factors_and_mutual), cmocka_unit_test(test_cooperation_and_assertion),
        cmocka_unit_test(test_coercion_and_accommodation), cmocka_unit_test(test_parity),
        cmocka_unit_test(test_out_of_scope), cmocka_unit_test(test_small_gap_close_call),
        cmocka_unit_test(test_missing_data), cmocka_unit_test(test_bloc), cmocka_unit_test(test_capacity_reach),
        cmocka_unit_test(test_clone), cmocka_unit_test(test_shared_supplies),
    };
    return cmocka_run_group_tests(tests, NULL, NULL);
}
