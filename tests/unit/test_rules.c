/* test_rules.c - the rules of docs/model.md added for validity, on hand-computed panels: labour
 * migrants (§1.1: protection, legacy corridors, recorded workers), the pool weight (§2.2),
 * who can disrupt (§2.5), the power fallback chain and contested calls (§3.4), and the scope
 * rules (§4.1: territories, free movement, forced migration). */
#include "../testutil.h"

#include "core/engine.h"
#include "core/institution.h"
#include "core/labour.h"
#include "core/power.h"

enum { H = 0, S = 1, A = 2, N = 3 };

static migdip_value v(double x) { return (migdip_value){x, MIGDIP_FLAG_OBSERVED, 2020}; }

/* HHH hosts 100k born in SSS and 50k born in AAA; labour force 1M; SSS sends, labour force 1M. */
static mg_panel *panel(void)
{
    mg_panel *p = mg_panel_new(N, 2020);
    assert_non_null(p);
    static const char *const codes[] = {"HHH", "SSS", "AAA"};
    for (size_t i = 0; i < N; i++) {
        memcpy(p->iso3[i], codes[i], 4);
        p->name[i] = (char *)codes[i];
        p->subregion[i] = 0;
        p->lf[i] = v(1e6);
        p->gdppc_ppp[i] = v(10000);
        p->pop[i] = v(1e7);
        for (size_t j = 0; j < N; j++)
            p->dist[i * N + j] = 1000;
    }
    p->gdppc_ppp[H] = v(40000);
    p->stock_born[S * N + H] = 100000;
    p->stock_born[A * N + H] = 50000;
    return p;
}

static void build(mg_panel *p, const mg_params *prm)
{
    mg_labour_stock(p, prm);
    mg_panel_totals(p);
}

static mg_actor one(size_t i) { return (mg_actor){.n = 1, .idx = {i}}; }

static void test_labour_stock(void **state)
{
    (void)state;
    mg_params prm;
    mg_params_default(&prm);
    mg_panel *p = panel();
    /* 30k of the 100k are refugees: 70k labour migrants */
    p->protection[S * N + H] = 30000;
    /* AAA's corridor was 200k twenty years before: 50k < 0.75 x 200k, a legacy corridor that
     * counts no labour migrants by default, a quarter with legacy_weight = 0.25 */
    p->stock_ref[A * N + H] = 200000;
    build(p, &prm);
    assert_near(p->stock[S * N + H], 70000, 1e-9);
    assert_int_equal(p->legacy[A * N + H], 1);
    assert_near(p->stock[A * N + H], 0, 1e-9);
    assert_near(p->immigrants[H], 70000, 1e-9);
    prm.legacy_weight = 0.25;
    build(p, &prm);
    assert_near(p->stock[A * N + H], 12500, 1e-9);
    assert_near(p->immigrants[H], 82500, 1e-9);
    /* a corridor at 0.8 of its old size is not legacy */
    p->stock_ref[A * N + H] = 62500;
    build(p, &prm);
    assert_int_equal(p->legacy[A * N + H], 0);
    /* ... unless it was a refugee corridor then (its old stock mostly in need of protection)
     * and has not grown since: 50k now, 62.5k then; grown past it (70k now): not legacy */
    p->refugee_ref[A * N + H] = 62500;
    build(p, &prm);
    assert_int_equal(p->legacy[A * N + H], 2);
    assert_near(p->stock[A * N + H], 12500, 1e-9);
    p->stock_born[A * N + H] = 70000;
    build(p, &prm);
    assert_int_equal(p->legacy[A * N + H], 0);
    p->stock_born[A * N + H] = 50000;
    p->refugee_ref[A * N + H] = NAN;
    build(p, &prm);
    /* SSS's own records: 60k departures a year, two-year stays: 120k replace the 70k */
    p->recorded[S * N + H] = mg_labour_recorded(60000, &prm);
    build(p, &prm);
    assert_near(p->stock[S * N + H], 120000, 1e-9);
    /* the World Bank matrix reallocated by labour / born within each receiver's row, its total
     * kept. AAA: 0.5 from HHH (a legacy corridor, 12.5k of 50k: x0.25) and 0.3 from SSS (50k,
     * all workers): T = 0.8, U = 0.125 + 0.3 = 0.425 */
    p->stock_born[A * N + S] = 50000;
    p->rshare[A * N + H] = 0.5;
    p->rshare_flag[A * N + H] = MIGDIP_FLAG_OBSERVED;
    p->rshare[A * N + S] = 0.3;
    p->rshare_flag[A * N + S] = MIGDIP_FLAG_OBSERVED;
    p->stock_ref[A * N + H] = 200000;
    /* SSS: 0.4 from HHH (records 120k against 100k born: x1.2) and 0.4 from AAA (100k born,
     * all workers), 0.2 derived from the allocation rule and left alone: T = 0.8, U = 0.88 */
    p->stock_born[S * N + A] = 100000;
    p->rshare[S * N + H] = p->rshare[S * N + A] = 0.4;
    p->rshare_flag[S * N + H] = p->rshare_flag[S * N + A] = MIGDIP_FLAG_OBSERVED;
    p->rshare[S * N + S] = 0.2;
    p->rshare_flag[S * N + S] = MIGDIP_FLAG_DERIVED;
    build(p, &prm);
    mg_labour_remit_adjust(p);
    assert_near(p->rshare[A * N + H], 0.125 * 0.8 / 0.425, 1e-12);
    assert_near(p->rshare[A * N + S], 0.3 * 0.8 / 0.425, 1e-12);
    assert_near(p->rshare[S * N + H], 0.48 * 0.8 / 0.88, 1e-12);
    assert_near(p->rshare[S * N + A], 0.4 * 0.8 / 0.88, 1e-12);
    assert_near(p->rshare[S * N + S], 0.2, 1e-12);
    mg_panel_free(p);
}

static void test_control_and_pool_weight(void **state)
{
    (void)state;
    mg_params prm;
    mg_params_default(&prm);
    prm.subst_max = 0; /* substitution out of the way */
    mg_panel *p = panel();
    build(p, &prm);
    mg_actor h = one(H), s = one(S);
    migdip_dyad d;
    mg_engine_dyad_eval(p, &prm, &h, &s, &d);
    /* lf share 10% -> 1; pool share 100/150 -> 1, pool weight 150k/1M / 0.10 -> 1: reliance 1.
     * No channel, no border: SSS can withhold half (control_base) */
    assert_near(d.side[0].control, 0.5, 1e-12);
    assert_near(d.side[0].exposure_host, 0.5, 1e-12);
    assert_near(d.side[0].contrib[MIGDIP_F_CONTROL], -0.5, 1e-12);
    /* a land border and no channel: a quarter */
    p->contig[S * N + H] = p->contig[H * N + S] = 1;
    mg_engine_dyad_eval(p, &prm, &h, &s, &d);
    assert_near(d.side[0].exposure_host, 0.25, 1e-12);
    /* a labour agreement in force: SSS controls the channel, whatever the border */
    p->channel[S * N + H] = 1;
    mg_engine_dyad_eval(p, &prm, &h, &s, &d);
    assert_near(d.side[0].exposure_host, 1.0, 1e-12);
    /* the pool share counts by the pool's size against the labour force: with a labour force
     * of 3M the pool is 5% of it, so the pool term is halved; lf share 100k/3M = 1/30 -> 1/3 */
    p->lf[H] = v(3e6);
    mg_engine_dyad_eval(p, &prm, &h, &s, &d);
    assert_near(d.side[0].pool_weight, 0.5, 1e-12);
    assert_near(d.side[0].exposure_host, 0.5 * (1.0 / 3) + 0.5 * 0.5, 1e-12);
    mg_panel_free(p);
}

static void test_scope_rules(void **state)
{
    (void)state;
    mg_params prm;
    mg_params_default(&prm);
    mg_panel *p = panel();
    build(p, &prm);
    mg_actor h = one(H), s = one(S);
    migdip_dyad d;
    mg_engine_dyad_eval(p, &prm, &h, &s, &d);
    assert_int_equal(d.scope, MIGDIP_SCOPE_IN);
    /* 60% of the persons in the two corridors in need of protection: forced migration */
    p->protection[S * N + H] = 60000;
    build(p, &prm);
    mg_engine_dyad_eval(p, &prm, &h, &s, &d);
    assert_near(d.forced_share, 0.6, 1e-12);
    assert_near(d.volume, 40000, 1e-9);
    assert_int_equal(d.scope, MIGDIP_SCOPE_FORCED);
    assert_int_equal(d.quadrant[0], MIGDIP_Q_OUT);
    assert_string_equal(migdip_scope_code(d.scope), "forced-migration");
    p->protection[S * N + H] = 0;
    build(p, &prm);
    /* enforceable free movement */
    p->freemove[S * N + H] = p->freemove[H * N + S] = 1;
    mg_engine_dyad_eval(p, &prm, &h, &s, &d);
    assert_int_equal(d.scope, MIGDIP_SCOPE_FREE_MOVEMENT);
    p->freemove[S * N + H] = p->freemove[H * N + S] = 0;
    /* a territory is not an actor unless asked for */
    p->territory[S] = 1;
    mg_engine_dyad_eval(p, &prm, &h, &s, &d);
    assert_int_equal(d.scope, MIGDIP_SCOPE_TERRITORY);
    prm.territories = true;
    mg_engine_dyad_eval(p, &prm, &h, &s, &d);
    assert_int_equal(d.scope, MIGDIP_SCOPE_IN);
    mg_panel_free(p);
}

/* §1.1 first asylum: SSS's emigrants are 100k in HHH (a neighbour, 40k registered) and 20k in
 * AAA (none registered). 40k of 120k is a third: no refugee context, HHH's 60k unregistered
 * count as labour migrants. With 30k more registered in AAA (70k of 120k, over half) SSS is in
 * a refugee context: HHH, its neighbour holding >= 10k of them, is a country of first asylum
 * and all 100k born there are read as forced; AAA, not a neighbour, keeps its unregistered. */
static void test_first_asylum(void **state)
{
    (void)state;
    mg_params prm;
    mg_params_default(&prm);
    mg_panel *p = panel();
    p->stock_born[A * N + H] = 0;
    p->stock_born[S * N + A] = 50000;
    p->protection[S * N + H] = 40000;
    p->contig[S * N + H] = p->contig[H * N + S] = 1;
    build(p, &prm);
    mg_actor h = one(H), s = one(S);
    migdip_dyad d;
    assert_int_equal(p->asylum[S * N + H], 0);
    assert_near(p->stock[S * N + H], 60000, 1e-9);
    mg_engine_dyad_eval(p, &prm, &h, &s, &d);
    assert_int_equal(d.first_asylum, -1);
    assert_near(d.forced_share, 0.4, 1e-12);
    assert_int_equal(d.scope, MIGDIP_SCOPE_IN);

    p->protection[S * N + A] = 30000; /* 70k of 150k: not yet half */
    build(p, &prm);
    assert_int_equal(p->asylum[S * N + H], 0);
    p->protection[S * N + A] = 40000; /* 80k of 150k: a refugee context */
    build(p, &prm);
    assert_int_equal(p->asylum[S * N + H], 1);
    assert_int_equal(p->asylum[S * N + A], 0); /* not a neighbour */
    assert_near(p->stock[S * N + H], 0, 1e-9);
    assert_near(p->stock[S * N + A], 10000, 1e-9);
    assert_near(mg_labour_forced(p, S * N + H), 100000, 1e-9);
    mg_engine_dyad_eval(p, &prm, &h, &s, &d);
    assert_int_equal(d.first_asylum, 0);
    assert_near(d.forced_share, 1.0, 1e-12);
    assert_near(d.registered, 40000, 1e-9);
    assert_int_equal(d.scope, MIGDIP_SCOPE_FORCED);
    mg_engine_dyad_eval(p, &prm, &s, &h, &d); /* the host is side b */
    assert_int_equal(d.first_asylum, 1);

    /* still a refugee context (9k + 50k of 20k + 50k), but a neighbour holding fewer than
     * scope_min_stock = 10k of them is no country of first asylum */
    p->stock_born[S * N + H] = 20000;
    p->protection[S * N + H] = 9000;
    p->protection[S * N + A] = 50000;
    build(p, &prm);
    assert_int_equal(p->asylum[S * N + H], 0);
    assert_near(p->stock[S * N + H], 11000, 1e-9);
    mg_panel_free(p);
}

static void test_power_unknown_and_contested(void **state)
{
    (void)state;
    mg_params prm;
    mg_params_default(&prm);
    mg_panel *p = panel();
    build(p, &prm);
    mg_actor h = one(H), s = one(S);
    migdip_dyad d;
    /* HHH richer per head (40k vs 10k), SSS ten times as populous: composite says HHH,
     * size says SSS: 0.75 ln 4 + 0.25 ln(0.4) = 0.81 for HHH; ln GDP: ln(4e11/1e12) < 0 */
    p->pop[S] = v(1e8);
    mg_engine_dyad_eval(p, &prm, &h, &s, &d);
    assert_int_equal(d.stronger, 0);
    assert_true(d.power_contested);
    assert_near(d.size_diff, log(4e11) - log(1e12), 1e-9);
    /* no figures for SSS: no verdict, never parity */
    p->gdppc_ppp[S].flag = MIGDIP_FLAG_MISSING;
    mg_engine_dyad_eval(p, &prm, &h, &s, &d);
    assert_false(d.power_ok);
    assert_int_equal(d.stronger, -1);
    assert_true(d.in_scope);
    prm.mutual_min = 0.99; /* not mutual: a quadrant would need power */
    mg_engine_dyad_eval(p, &prm, &h, &s, &d);
    assert_true(d.in_scope);
    assert_int_equal(d.quadrant[0], MIGDIP_Q_NONE);
    assert_int_equal(d.quadrant[1], MIGDIP_Q_NONE);
    prm.mutual_min = 0.30;
    /* a bloc's power from the members that have figures */
    mg_actor bloc = {.n = 2, .idx = {S, A}, .is_bloc = true};
    double score;
    assert_true(mg_engine_power_score(p, &prm, &bloc, &score));
    assert_near(score, 0.75 * log(10000) + 0.25 * log(1e11), 1e-9);
    mg_panel_free(p);
}

/* §4.2: a seasonal scheme whose host is the less exposed side makes the verdict low
 * confidence; the host more exposed, or no scheme, does not. */
static void test_seasonal_unseen(void **state)
{
    (void)state;
    mg_params prm;
    mg_params_default(&prm);
    mg_panel *p = panel();
    /* SSS heavily dependent on HHH's remittances; HHH's reliance on SSS small */
    p->stock_born[S * N + H] = 20000;
    p->remit_usd[S] = v(2e9);
    p->gdp_usd[S] = v(1e10);
    p->rshare[S * N + H] = 1;
    p->rshare_flag[S * N + H] = MIGDIP_FLAG_OBSERVED;
    build(p, &prm);
    mg_actor h = one(H), s = one(S);
    migdip_dyad d;
    mg_engine_dyad_eval(p, &prm, &h, &s, &d);
    assert_true(d.in_scope);
    assert_true(d.side[1].exposure > d.side[0].exposure + prm.mutual_gap);
    assert_false(d.seasonal_unseen);
    assert_false(d.low_confidence);
    /* HHH takes SSS's seasonal workers: the less exposed side's exposure is understated */
    mg_institution_mark(p, H, S, mg_institution_marks("seasonal"));
    assert_int_equal(p->seasonal[S * N + H], 1);
    assert_int_equal(p->seasonal[H * N + S], 0);
    assert_int_equal(p->channel[S * N + H], 1);
    mg_engine_dyad_eval(p, &prm, &h, &s, &d);
    assert_true(d.seasonal_unseen);
    assert_true(d.low_confidence);
    assert_false(d.close_call);
    /* the same scheme the other way round (SSS the host) says nothing: its host is the more
     * exposed side already */
    p->seasonal[S * N + H] = 0;
    p->seasonal[H * N + S] = 1;
    mg_engine_dyad_eval(p, &prm, &h, &s, &d);
    assert_false(d.seasonal_unseen);
    mg_panel_free(p);
}

/* §2.2: a labour force the WDI lacks from employment, bridged by the median ratio. */
static void test_labour_force_fill(void **state)
{
    (void)state;
    mg_panel *p = mg_panel_new(12, 2020);
    double emp[12];
    for (size_t i = 0; i < 12; i++) {
        snprintf(p->iso3[i], 4, "S%02zu", i);
        p->lf[i] = v(1.05e6 * (double)(i + 1));
        emp[i] = 1e6 * (double)(i + 1);
    }
    p->lf[11].flag = MIGDIP_FLAG_MISSING;
    emp[3] = NAN; /* no employment figure: nothing changes there */
    mg_labour_force_fill(p, emp);
    assert_near(p->lf[11].value, 12e6 * 1.05, 1e-3);
    assert_int_equal(p->lf[11].flag, MIGDIP_FLAG_DERIVED);
    assert_int_equal(p->lf[0].flag, MIGDIP_FLAG_OBSERVED);
    assert_near(p->lf[3].value, 4.2e6, 1e-3);
    /* too few states with both figures: left missing */
    mg_panel *q = mg_panel_new(3, 2020);
    for (size_t i = 0; i < 3; i++)
        q->lf[i] = v(1e6);
    q->lf[2].flag = MIGDIP_FLAG_MISSING;
    double e3[3] = {1e6, 1e6, 1e6};
    mg_labour_force_fill(q, e3);
    assert_int_equal(q->lf[2].flag, MIGDIP_FLAG_MISSING);
    mg_panel_free(q);
    mg_panel_free(p);
}

static void test_power_bridge(void **state)
{
    (void)state;
    /* the median of the ratios over states with both figures; too few: unknown */
    double wdi[12], other[12];
    for (int i = 0; i < 12; i++) {
        wdi[i] = 100 + i;
        other[i] = (100 + i) / (i < 6 ? 1.1 : 1.3);
    }
    wdi[11] = NAN; /* 11 pairs: ratios 1.1 x6, 1.3 x5: the median is 1.1 */
    assert_near(mg_power_bridge_ratio(wdi, other, 12), 1.1, 1e-12);
    assert_true(isnan(mg_power_bridge_ratio(wdi, other, 9)));
    /* fill: a panel of 12 where the last state lacks WDI figures; the WEO has them for all
     * at 0.5 of the WDI's level: the gap is filled at twice the WEO's value, flagged derived */
    mg_panel *p = mg_panel_new(12, 2020);
    double g[12], po[12];
    for (size_t i = 0; i < 12; i++) {
        snprintf(p->iso3[i], 4, "S%02zu", i);
        p->gdp_ppp[i] = v(1e9 * (double)(i + 1));
        p->pop[i] = v(1e6);
        g[i] = 0.5e9 * (double)(i + 1);
        po[i] = 1e6;
    }
    p->gdp_ppp[11].flag = p->pop[11].flag = MIGDIP_FLAG_MISSING;
    mg_power_source src = {MG_SRC_WEO, g, po, NULL};
    assert_true(mg_power_fill(p, &src, 1));
    assert_int_equal(p->power_src[0], MG_SRC_WDI);
    assert_int_equal(p->power_src[11], MG_SRC_WEO);
    assert_near(p->gdp_ppp[11].value, 12e9, 1e-3);
    assert_int_equal(p->gdp_ppp[11].flag, MIGDIP_FLAG_DERIVED);
    assert_near(p->gdppc_ppp[11].value, 12000, 1e-6);
    mg_panel_free(p);
}

int main(void)
{
    const struct CMUnitTest tests[] = {
        cmocka_unit_test(test_labour_stock),
        cmocka_unit_test(test_control_and_pool_weight),
        cmocka_unit_test(test_scope_rules),
        cmocka_unit_test(test_first_asylum),
        cmocka_unit_test(test_power_unknown_and_contested),
        cmocka_unit_test(test_power_bridge),
        cmocka_unit_test(test_seasonal_unseen),
        cmocka_unit_test(test_labour_force_fill),
    };
    return cmocka_run_group_tests(tests, NULL, NULL);
}
