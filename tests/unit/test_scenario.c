/* test_scenario.c - the disruption simulator on corridors and a four-state panel computed by
 * hand (docs/scenarios.md): a three-month example worked out below, conservation of persons
 * at every month, monotonicity, the limiting cases (zero-length shock, full substitution, no
 * redirection capacity), quotas, the panel after a shock, holdouts and credibility. */
#include "testutil.h"

#include "core/sim.h"
#include "tu_panel.h"

static mg_sim_params params(int months)
{
    mg_sim_params sp;
    migdip_sim_params_default(&sp);
    sp.months = months;
    return sp;
}

/* W0 = 2400 (D = 100 a month), 100 US$ a worker a month, 1000 emigrants elsewhere,
 * S = 0.5, alternative supply 10,000. */
static mg_corridor corridor(void)
{
    return (mg_corridor){.s0 = 2400, .remit_pw = 100, .absorb = 1000, .subst = 0.5, .alt_supply = 10000};
}

static void test_three_months_by_hand(void **state)
{
    (void)state;
    mg_corridor c = corridor();
    mg_sim_params sp = params(3);
    mg_shock ban = {.kind = MIGDIP_SHOCK_BAN, .share = 1, .start = 0, .months = 3};
    mg_sim_month m[3];
    /* sender GDP 12e6 (1e6 a month); host GDP 1.2e9 and 1e5 workers: 12,000 a worker a year,
     * x 0.5 / 12 = 500 US$ a month of output per missing worker */
    mg_sim_run(&c, 1, &sp, &ban, 1, 12e6, 1.2e9, 1e5, m);
    /* month 1: no deployment, 2400/24 = 100 return: W = 2300; the 100 not deployed are
     * stranded, 1/6 redirected (16.67 < cap 0.02 x 1000 = 20); G = 100, U = min(S G = 50,
     * G/3 = 33.33, 0.02 x 10000) = 33.33 */
    assert_near(m[0].in_host, 2300, 1e-9);
    assert_near(m[0].redirected, 100.0 / 6, 1e-9);
    assert_near(m[0].stranded, 100 - 100.0 / 6, 1e-9);
    assert_near(m[0].replaced, 100.0 / 3, 1e-9);
    assert_near(m[0].shortfall, 200.0 / 3, 1e-9);
    assert_near(m[0].remit_lost_usd, (100 - 100.0 / 6) * 100, 1e-6);
    assert_near(m[0].remit_lost_pct_gdp, (100 - 100.0 / 6) * 100 / 1e6 * 100, 1e-9);
    assert_near(m[0].output_lost_usd, 200.0 / 3 * 500, 1e-6);
    /* month 2: a 24th of every compartment ends its term (W returns, the stranded stop
     * waiting, the redirected come home); stranded 83.33 x 23/24 + 100 = 179.86, a sixth of
     * it (29.98) is above the cap 0.02 x (1000 + 16.67) = 20.33; U reaches S G */
    double H1 = 100 - 100.0 / 6, R1 = 100.0 / 6, k = 23.0 / 24;
    double W2 = 2300 * k, y2 = 0.02 * (1000 + R1), H2 = H1 * k + 100 - y2, R2 = R1 * k + y2;
    assert_near(m[1].in_host, W2, 1e-9);
    assert_near(m[1].redirected, R2, 1e-9);
    assert_near(m[1].stranded, H2, 1e-9);
    assert_near(m[1].replaced, 0.5 * (2400 - W2), 1e-9);
    assert_near(m[1].remit_lost_usd, (2400 - W2 - R2) * 100, 1e-6);
    assert_near(m[1].remit_lost_usd, H2 * 100, 1e-6); /* W + H + R = W0 */
    /* month 3 */
    double W3 = W2 * k, y3 = 0.02 * (1000 + R2), H3 = H2 * k + 100 - y3, R3 = R2 * k + y3;
    assert_true((H2 * k + 100) / 6 > y3); /* still capped */
    assert_near(m[2].in_host, W3, 1e-9);
    assert_near(m[2].redirected, R3, 1e-9);
    assert_near(m[2].stranded, H3, 1e-9);
    assert_near(m[2].replaced, 0.5 * (2400 - W3), 1e-9);
    assert_near(m[2].shortfall, 0.5 * (2400 - W3), 1e-9);
    double cum = (100 - 100.0 / 6) * 100 + H2 * 100 + H3 * 100;
    assert_near(m[2].cum_remit_lost_usd, cum, 1e-6);
    assert_near(m[2].cum_remit_lost_pct_gdp, cum / 12e6 * 100, 1e-12);
    assert_near(m[2].cum_output_lost_usd, (200.0 / 3 + 0.5 * (2400 - W2) + 0.5 * (2400 - W3)) * 500, 1e-6);
}

/* W + H + R = W0 + cumulated (D - terms ended), which is W0 itself since D = W0/L */
static void assert_conserved(const mg_sim_month *m, int T, double w0)
{
    for (int t = 0; t < T; t++) {
        if (fabs(m[t].pool - m[t].pool_expected) > 1e-9 * m[t].pool_expected)
            fail_msg("month %d: W+H+R = %.12g, expected %.12g", t + 1, m[t].pool, m[t].pool_expected);
        if (fabs(m[t].pool - w0) > 1e-9 * w0)
            fail_msg("month %d: W+H+R = %.12g, expected W0 = %.12g", t + 1, m[t].pool, w0);
    }
}

static void test_conservation(void **state)
{
    (void)state;
    mg_corridor c[2] = {corridor(), corridor()};
    c[1].s0 = 500000;
    c[1].absorb = 2e6;
    mg_sim_params sp = params(36);
    const mg_shock sets[][3] = {
        {{.kind = MIGDIP_SHOCK_BAN, .share = 1, .start = 0, .months = 12},
         {.kind = MIGDIP_SHOCK_DEPORT, .share = 0.2, .start = 3, .months = 6}},
        {{.kind = MIGDIP_SHOCK_BAN, .share = 0.4, .start = 2, .months = 30},
         {.kind = MIGDIP_SHOCK_FREEZE, .start = 5, .months = 4},
         {.kind = MIGDIP_SHOCK_QUOTA, .per_month = 1000, .start = 0, .months = 20}},
        {{.kind = MIGDIP_SHOCK_DEPORT, .share = 1, .start = 0, .months = 2}},
    };
    mg_sim_month m[36];
    for (size_t k = 0; k < sizeof sets / sizeof *sets; k++) {
        mg_sim_run(c, 2, &sp, sets[k], 3, 1e9, 1e10, 1e6, m);
        assert_conserved(m, 36, 2400 + 500000);
        for (int t = 0; t < 36; t++) {
            assert_true(m[t].in_host >= -1e-9 && m[t].stranded >= -1e-9 && m[t].redirected >= -1e-9);
            assert_true(m[t].shortfall >= -1e-9 && m[t].replaced >= -1e-9);
        }
    }
    /* the whole stock deported over two months while deployments go on: month 1 leaves
     * W0 + D - W0/24 - W0/2 = W0/2; month 2 removes the other W0/2 from W0/2 + D - W0/48,
     * leaving D - W0/48 = W0/48 */
    assert_near(m[1].in_host, (2400 + 500000) / 48.0, 1e-9);
}

static void totals(const mg_shock *s, size_t n, double *send, double *host)
{
    mg_corridor c = corridor();
    mg_sim_params sp = params(24);
    mg_sim_month m[24];
    mg_sim_run(&c, 1, &sp, s, n, 12e6, 1.2e9, 1e5, m);
    assert_conserved(m, 24, 2400);
    *send = m[23].cum_remit_lost_usd;
    *host = m[23].cum_output_lost_usd;
}

static void test_monotonic(void **state)
{
    (void)state;
    double s6, h6, s12, h12, sh, hh, none_s, none_h;
    mg_shock b6 = {.kind = MIGDIP_SHOCK_BAN, .share = 1, .months = 6};
    mg_shock b12 = {.kind = MIGDIP_SHOCK_BAN, .share = 1, .months = 12};
    mg_shock half = {.kind = MIGDIP_SHOCK_BAN, .share = 0.5, .months = 12};
    totals(&b6, 1, &s6, &h6);
    totals(&b12, 1, &s12, &h12);
    totals(&half, 1, &sh, &hh);
    totals(NULL, 0, &none_s, &none_h);
    assert_near(none_s, 0, 1e-9);
    assert_near(none_h, 0, 1e-9);
    /* longer costs both sides more; wider (share 1 against 0.5) too */
    assert_true(s12 > s6 && h12 > h6);
    assert_true(s12 > sh && h12 > hh);
    assert_true(s6 > 0 && h6 > 0 && sh > 0 && hh > 0);
}

static void test_zero_length(void **state)
{
    (void)state;
    mg_corridor c = corridor();
    mg_sim_params sp = params(24);
    mg_sim_month m[24];
    mg_shock s[] = {{.kind = MIGDIP_SHOCK_BAN, .share = 1, .start = 0, .months = 0},
                    {.kind = MIGDIP_SHOCK_DEPORT, .share = 0.5, .start = 2, .months = 0},
                    {.kind = MIGDIP_SHOCK_QUOTA, .per_month = 0, .start = 1, .months = 0}};
    mg_sim_run(&c, 1, &sp, s, 3, 12e6, 1.2e9, 1e5, m);
    for (int t = 0; t < 24; t++) {
        assert_near(m[t].in_host, 2400, 1e-9);
        assert_near(m[t].stranded, 0, 1e-12);
        assert_near(m[t].redirected, 0, 1e-12);
        assert_near(m[t].shortfall, 0, 1e-9);
        assert_near(m[t].cum_remit_lost_usd, 0, 1e-6);
        assert_near(m[t].cum_output_lost_usd, 0, 1e-6);
    }
}

static void test_full_substitution(void **state)
{
    (void)state;
    mg_corridor c = corridor();
    c.subst = 1;
    c.alt_supply = 2000;
    mg_sim_params sp = params(24);
    sp.alt_growth = INFINITY;
    mg_sim_month m[24];
    /* a third of the stock deported in month 1: the gap is filled linearly over the lag
     * (3 months) and stays filled while the gap shrinks back */
    mg_shock d = {.kind = MIGDIP_SHOCK_DEPORT, .share = 0.3, .start = 0, .months = 1};
    mg_sim_run(&c, 1, &sp, &d, 1, 12e6, 1.2e9, 1e5, m);
    assert_true(m[0].shortfall > 100);
    for (int t = 2; t < 24; t++)
        assert_near(m[t].shortfall, 0, 1e-9);
    /* with the default cap (2% of an alternative supply of 2,000 = 40 a month) it is slower */
    sp.alt_growth = 0.02;
    mg_sim_run(&c, 1, &sp, &d, 1, 12e6, 1.2e9, 1e5, m);
    assert_true(m[2].shortfall > 100);
}

static void test_no_redirection(void **state)
{
    (void)state;
    mg_corridor c = corridor();
    c.absorb = 0;
    mg_sim_params sp = params(12);
    mg_sim_month m[12];
    mg_shock s[] = {{.kind = MIGDIP_SHOCK_BAN, .share = 1, .start = 0, .months = 6},
                    {.kind = MIGDIP_SHOCK_DEPORT, .share = 0.1, .start = 0, .months = 2}};
    mg_sim_run(&c, 1, &sp, s, 2, 12e6, 1.2e9, 1e5, m);
    double stranded = 0, deported = 0;
    for (int t = 0; t < 12; t++) {
        stranded = stranded * 23 / 24 + (100 - m[t].deployed) + m[t].deported;
        deported += m[t].deported;
        assert_near(m[t].redirected, 0, 1e-12);
        assert_near(m[t].stranded, stranded, 1e-9);
        /* every position not held in the host is a stranded worker */
        assert_near(m[t].stranded, 2400 - m[t].in_host, 1e-9);
    }
    /* the ban ends at month 6 and deployments ramp back over 3 months: 1/3, 2/3, all */
    assert_near(m[6].deployed, 0, 1e-12);
    assert_near(m[7].deployed, 100.0 / 3, 1e-9);
    assert_near(m[8].deployed, 200.0 / 3, 1e-9);
    assert_near(m[9].deployed, 100, 1e-9);
    assert_near(deported, 240, 1e-9);
}

static void test_quota(void **state)
{
    (void)state;
    mg_corridor c = corridor();
    mg_sim_params sp = params(8);
    mg_sim_month m[8];
    mg_shock q = {.kind = MIGDIP_SHOCK_QUOTA, .per_month = 40, .start = 1, .months = 3};
    mg_sim_run(&c, 1, &sp, &q, 1, 12e6, 1.2e9, 1e5, m);
    assert_near(m[0].deployed, 100, 1e-12);
    assert_near(m[1].deployed, 40, 1e-12);
    assert_near(m[3].deployed, 40, 1e-12);
    assert_near(m[4].deployed, 40, 1e-12);     /* the month the quota ends: still capped */
    assert_near(m[5].deployed, 60, 1e-9);      /* then back linearly over 3 months */
    assert_near(m[7].deployed, 100, 1e-9);
    assert_conserved(m, 8, 2400);
}

static void test_holdout(void **state)
{
    (void)state;
    double path[] = {0.2, 0.6, 1.0, 1.4};
    bool beyond;
    assert_int_equal(mg_sim_holdout(path, 4, 1.0, &beyond), 3);
    assert_false(beyond);
    assert_int_equal(mg_sim_holdout(path, 4, 2.0, &beyond), 4);
    assert_true(beyond);
    /* beyond the horizon: at the last 3 months' rate (0.4 a month) 2.0 is reached 1.5 months
     * after month 4; 14 months of 0.05 a month: the last 12 months' rate, 0.3 left: 6 more */
    assert_near(mg_sim_holdout_extrapolated(path, 4, 2.0), 5.5, 1e-12);
    double slow[14];
    for (int t = 0; t < 14; t++)
        slow[t] = 0.05 * (t + 1);
    assert_near(mg_sim_holdout_extrapolated(slow, 14, 1.0), 20, 1e-9);
    double flat[3] = {0.1, 0.1, 0.1};
    assert_true(isinf(mg_sim_holdout_extrapolated(flat, 3, 1.0)));
    double one = 0.25;
    assert_near(mg_sim_holdout_extrapolated(&one, 1, 1.0), 4, 1e-12);
}

/* AAA alternative sender, HHH host, SSS sender, TTT third host (as in test_engine.c). */
enum { A = 0, H = 1, S = 2, T = 3 };
static migdip_value v(double x) { return (migdip_value){x, MIGDIP_FLAG_OBSERVED, 2020}; }

static mg_panel *panel(void)
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
    p->stock[S * 4 + H] = 120000;
    p->stock[S * 4 + T] = 60000;
    p->stock[A * 4 + H] = 50000;
    p->stock[A * 4 + T] = 10000;
    p->lf[S] = v(1e6);
    p->lf[H] = v(2e6);
    p->lf[A] = v(3e6);
    p->remit_usd[S] = v(60e6);
    p->gdp_usd[S] = v(1000e6);
    p->gdp_usd[H] = v(100000e6);
    p->gdp_usd[A] = v(5000e6);
    p->rshare[S * 4 + H] = 0.5;
    p->rshare[S * 4 + T] = 0.5;
    p->remit_usd[A] = v(10e6);
    p->rshare[A * 4 + H] = 1;
    p->gdppc_ppp[H] = v(40000);
    p->pop[H] = v(5e6);
    p->gdppc_ppp[S] = v(4000);
    p->pop[S] = v(20e6);
    p->gdppc_ppp[A] = v(16000);
    p->pop[A] = v(10e6);
    mg_panel_totals(p);
    tu_panel_plain(p);
    return p;
}

static void test_panel_corridor_and_after(void **state)
{
    (void)state;
    mg_panel *p = panel();
    mg_params prm;
    tu_params_plain(&prm);
    mg_sim_params sp = params(24);
    mg_actor s = {.n = 1, .idx = {S}}, h = {.n = 1, .idx = {H}};
    snprintf(s.name, sizeof s.name, "SSS");
    snprintf(h.name, sizeof h.name, "HHH");
    mg_corridor *c = NULL;
    assert_int_equal(mg_sim_corridors(p, &prm, &s, &h, &c, NULL, 0), 1);
    /* 60e6 x 0.5 / 120,000 / 12 = 20.83 US$ a worker a month; 60,000 emigrants elsewhere */
    assert_near(c[0].remit_pw, 60e6 * 0.5 / 120000 / 12, 1e-9);
    assert_near(c[0].absorb, 60000, 1e-9);
    double alt = 0, sub = mg_engine_substitutability(p, &prm, &s, H, 120000, &alt);
    assert_near(c[0].subst, sub, 1e-12);
    assert_near(c[0].alt_supply, alt, 1e-9);
    free(c);

    mg_shock ban = {.kind = MIGDIP_SHOCK_BAN, .share = 1, .start = 0, .months = 12};
    mg_sim_result r;
    memset(&r, 0, sizeof r);
    assert_int_equal(mg_sim_simulate(p, &prm, &sp, &s, &h, &ban, 1, &r), MIGDIP_OK);
    assert_int_equal(r.sender_side, 0);
    assert_near(r.stock0, 120000, 1e-9);
    assert_near(r.deploy_base, 5000, 1e-9);
    /* after: the sender's workers in the host are W_T, so its stake there falls */
    double WT = r.month[23].in_host;
    assert_true(WT < 120000);
    assert_near(r.after.side[0].emig_in_partner, WT, 1e-6);
    assert_near(r.before.side[0].emig_in_partner, 120000, 1e-6);
    /* R moved to TTT, the sender's only other destination */
    assert_near(r.after.side[0].emig_share, WT / (WT + 60000 + r.month[23].redirected), 1e-9);
    free(r.month);

    /* the host imposes the first shock: HHH freezes visas for SSS */
    mg_shock fr = {.kind = MIGDIP_SHOCK_FREEZE, .start = 0, .months = 6};
    memset(&r, 0, sizeof r);
    assert_int_equal(mg_sim_simulate(p, &prm, &sp, &h, &s, &fr, 1, &r), MIGDIP_OK);
    assert_int_equal(r.sender_side, 1);
    assert_string_equal(r.sender, "SSS");
    free(r.month);

    /* no corridor TTT -> SSS */
    mg_actor t = {.n = 1, .idx = {T}};
    memset(&r, 0, sizeof r);
    assert_int_equal(mg_sim_simulate(p, &prm, &sp, &t, &s, &ban, 1, &r), MIGDIP_ERR_NOTFOUND);
    mg_panel_free(p);
}

static void test_credibility(void **state)
{
    (void)state;
    mg_panel *p = panel();
    mg_params prm;
    tu_params_plain(&prm);
    mg_sim_params sp = params(24);
    mg_actor s = {.n = 1, .idx = {S}}, h = {.n = 1, .idx = {H}};
    snprintf(s.name, sizeof s.name, "SSS");
    snprintf(h.name, sizeof h.name, "HHH");
    mg_cred_result cr;
    /* default threat of SSS (the larger corridor's sender): a full ban for the horizon.
     * SSS loses remittances (3% of its GDP a year from HHH at most, less what is redirected);
     * HHH, with GDP 1e11 and 2M workers, loses 25,000 US$ a year per missing worker */
    assert_int_equal(mg_sim_credibility(p, &prm, &sp, &s, &h, NULL, 0, &cr), MIGDIP_OK);
    assert_int_equal(cr.shock.kind, MIGDIP_SHOCK_BAN);
    assert_int_equal(cr.shock.months, 24);
    assert_true(cr.cost_pct[1] > cr.cost_pct[0]);
    assert_true(cr.holdout[1] < cr.holdout[0]);
    assert_true(cr.credible);
    assert_false(cr.lever[0].found);
    /* remittances a third larger: SSS gives in first; scaling up its capacity elsewhere
     * (redirection) lowers its cost until it outlasts HHH */
    p->remit_usd[S] = v(80e6);
    assert_int_equal(mg_sim_credibility(p, &prm, &sp, &s, &h, NULL, 0, &cr), MIGDIP_OK);
    assert_false(cr.credible);
    assert_true(cr.holdout[0] < cr.holdout[1]);
    assert_true(cr.lever[0].found);
    double k = cr.lever[0].amount;
    assert_true(k > 1 && k < 100);
    /* the amount is the smallest within the bisection's tolerance: credible at k, not below */
    mg_sim_params sk = sp;
    sk.absorb_mult = k;
    assert_int_equal(mg_sim_credibility(p, &prm, &sk, &s, &h, NULL, 0, &cr), MIGDIP_OK);
    assert_true(cr.credible);
    sk.absorb_mult = k * 0.98;
    assert_int_equal(mg_sim_credibility(p, &prm, &sk, &s, &h, NULL, 0, &cr), MIGDIP_OK);
    assert_false(cr.credible);
    p->remit_usd[S] = v(60e6);
    /* the host's cost relative to GDP is shortfall / labour force x productivity: with a
     * labour force ten times larger it pays a tenth as much: not credible */
    p->lf[H] = v(2e7);
    assert_int_equal(mg_sim_credibility(p, &prm, &sp, &s, &h, NULL, 0, &cr), MIGDIP_OK);
    assert_true(cr.cost_pct[0] > cr.cost_pct[1]);
    assert_false(cr.credible);
    assert_int_equal(cr.n_levers, 3);
    assert_string_equal(cr.lever[1].name, "coalition");
    assert_string_equal(cr.lever[1].partner, "AAA"); /* the only other sender of SSS's subregion */
    assert_false(cr.lever[2].found);
    /* the host's default threat is a visa freeze */
    assert_int_equal(mg_sim_credibility(p, &prm, &sp, &h, &s, NULL, 0, &cr), MIGDIP_OK);
    assert_int_equal(cr.shock.kind, MIGDIP_SHOCK_FREEZE);
    assert_true(cr.cost_pct[1] > cr.cost_pct[0]);
    mg_panel_free(p);
}

int main(void)
{
    const struct CMUnitTest tests[] = {
        cmocka_unit_test(test_three_months_by_hand), cmocka_unit_test(test_conservation),
        cmocka_unit_test(test_monotonic),            cmocka_unit_test(test_zero_length),
        cmocka_unit_test(test_full_substitution),    cmocka_unit_test(test_no_redirection),
        cmocka_unit_test(test_quota),                cmocka_unit_test(test_holdout),
        cmocka_unit_test(test_panel_corridor_and_after), cmocka_unit_test(test_credibility),
    };
    return cmocka_run_group_tests(tests, NULL, NULL);
}
