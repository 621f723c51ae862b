/* test_series.c - one "series at a year" (docs/model.md §1): the rule (core/series.c,
 * mg_series_value) by hand, the store's reader (store/series.c) choosing among vintages and
 * flags, and the model's panel and the country profile giving the same value, flag and year
 * for every state and series. The two used to disagree inside a gap: the profile did not
 * interpolate (NPL's GDP in 2013 below was missing in `country` and interpolated in `dyad`). */
#include "testutil.h"

#include "api/model.h"
#include "core/series.h"
#include "store/series.h"
#include "store/store.h"

/* ------------------------------------------------------------------ the rule */

static void test_rule(void **state)
{
    (void)state;
    series_obs obs[] = {{2010, 100, MIGDIP_FLAG_OBSERVED}, {2016, 160, MIGDIP_FLAG_DERIVED},
                        {2017, 170, MIGDIP_FLAG_OBSERVED}};
    migdip_value v = mg_series_value(obs, 3, 2016); /* an observation keeps its own flag */
    assert_float_equal(v.value, 160, 0);
    assert_int_equal(v.flag, MIGDIP_FLAG_DERIVED);
    assert_int_equal(v.year, 2016);
    v = mg_series_value(obs, 3, 2013); /* inside a gap: linear, the asked year */
    assert_float_equal(v.value, 130, 1e-12);
    assert_int_equal(v.flag, MIGDIP_FLAG_INTERPOLATED);
    assert_int_equal(v.year, 2013);
    v = mg_series_value(obs, 3, 2017 + MG_SERIES_MAX_CARRY); /* carried: the year it refers to */
    assert_float_equal(v.value, 170, 0);
    assert_int_equal(v.flag, MIGDIP_FLAG_CARRIED);
    assert_int_equal(v.year, 2017);
    v = mg_series_value(obs, 3, 2017 + MG_SERIES_MAX_CARRY + 1); /* too far */
    assert_true(isnan(v.value));
    assert_int_equal(v.flag, MIGDIP_FLAG_MISSING);
    v = mg_series_value(obs, 3, 2009); /* never backwards */
    assert_int_equal(v.flag, MIGDIP_FLAG_MISSING);
    v = mg_series_value(NULL, 0, 2015);
    assert_int_equal(v.flag, MIGDIP_FLAG_MISSING);
    assert_int_equal(v.year, 2015);
    assert_int_equal(MG_SERIES_MAX_CARRY, 5);
}

/* ------------------------------------------------------------------ the store */

/* Stocks in 2010 and 2015 (the model needs them: 2013 is interpolated, 2020 carried).
 * Series, vintages 2 (WDI 2024), 3 (WDI 2026, newer) and 4 (series derived from the 2026
 * release, imported after it: same release date):
 * - NPL GDP: 2010 and 2016 only (a gap); 2010 is in both vintages (the newer one wins);
 *   remittances 2010 and 2016 too;
 * - QAT GDP: last observed in 2017 (2020 is 3 years past it: carried); in 2015 the 2026
 *   release has a derived and an observed value (observed wins);
 * - IND GDP: last observed in 2012 (2020 is 8 years past it: missing); population a missing
 *   cell (flag 0) in 2013, observed in 2012 and 2014. */
static const char SEED_SQL[] =
    "INSERT INTO vintage(id,dataset,source,edition,released,file,sha256,importer,imported_at) VALUES"
    " (1,'undesa-ims','UN DESA','2020','2021-01-15','s.csv','11','undesa-ims-long','now'),"
    " (2,'wdi','WDI','2024','2024-03-28','a.xlsx','22','wdi-databank','now'),"
    " (3,'wdi','WDI','2026','2026-07-01','b.csv','33','wdi-tidy','now'),"
    " (4,'wdi','WDI: derived','2026','2026-07-01','(derived)','derived:wdi:2026','wdi-derive','now');"
    "INSERT INTO stock VALUES(1,'NPL','QAT',2010,'T',100000,1),(1,'NPL','QAT',2015,'T',300000,1),"
    " (1,'NPL','IND',2010,'T',500000,1),(1,'NPL','IND',2015,'T',500000,1),"
    " (1,'IND','QAT',2010,'T',600000,1),(1,'IND','QAT',2015,'T',700000,1);"
    "INSERT INTO series VALUES"
    " (2,'NY.GDP.MKTP.CD','NPL',2010,9e9,1),(3,'NY.GDP.MKTP.CD','NPL',2010,10e9,1),"
    " (3,'NY.GDP.MKTP.CD','NPL',2016,16e9,1),"
    " (3,'BX.TRF.PWKR.CD.DT','NPL',2010,3e9,1),(3,'BX.TRF.PWKR.CD.DT','NPL',2016,6e9,1),"
    " (2,'NY.GDP.MKTP.CD','QAT',2014,200e9,1),(4,'NY.GDP.MKTP.CD','QAT',2015,150e9,2),"
    " (3,'NY.GDP.MKTP.CD','QAT',2015,160e9,1),(3,'NY.GDP.MKTP.CD','QAT',2017,170e9,1),"
    " (3,'NY.GDP.MKTP.CD','IND',2011,1.8e12,1),(3,'NY.GDP.MKTP.CD','IND',2012,1.9e12,1),"
    " (3,'SP.POP.TOTL','IND',2012,1.26e9,1),(3,'SP.POP.TOTL','IND',2013,NULL,0),"
    " (3,'SP.POP.TOTL','IND',2014,1.30e9,1);";

static tu_fx fixture(void)
{
    tu_fx f = tu_fx_open("IND=India;NPL=Nepal;QAT=Qatar");
    tu_exec_sql(f.db, SEED_SQL);
    return f;
}

static migdip_value at(sqlite3 *db, const char *code, const char *iso3, int year)
{
    mg_err err = {0};
    migdip_value v;
    assert_int_equal(mg_store_series_at(db, code, iso3, year, &v, &err), MIGDIP_OK);
    return v;
}

static void assert_value(migdip_value v, double value, migdip_flag flag, int year)
{
    if (flag == MIGDIP_FLAG_MISSING)
        assert_true(isnan(v.value));
    else
        assert_float_equal(v.value, value, fabs(value) * 1e-12);
    assert_int_equal(v.flag, flag);
    assert_int_equal(v.year, year);
}

static void test_store_reader(void **state)
{
    (void)state;
    tu_fx f = fixture();
    sqlite3 *db = NULL;
    mg_err err = {0};
    assert_int_equal(mg_store_open(f.db, &db, &err), MIGDIP_OK);
    assert_value(at(db, "NY.GDP.MKTP.CD", "NPL", 2010), 10e9, MIGDIP_FLAG_OBSERVED, 2010); /* newer vintage */
    assert_value(at(db, "NY.GDP.MKTP.CD", "NPL", 2013), 13e9, MIGDIP_FLAG_INTERPOLATED, 2013);
    assert_value(at(db, "NY.GDP.MKTP.CD", "QAT", 2015), 160e9, MIGDIP_FLAG_OBSERVED, 2015); /* over derived */
    assert_value(at(db, "NY.GDP.MKTP.CD", "QAT", 2014), 200e9, MIGDIP_FLAG_OBSERVED, 2014); /* only the older */
    assert_value(at(db, "NY.GDP.MKTP.CD", "QAT", 2013), NAN, MIGDIP_FLAG_MISSING, 2013);    /* before the first */
    assert_value(at(db, "NY.GDP.MKTP.CD", "QAT", 2020), 170e9, MIGDIP_FLAG_CARRIED, 2017);
    assert_value(at(db, "NY.GDP.MKTP.CD", "IND", 2020), NAN, MIGDIP_FLAG_MISSING, 2020);
    assert_value(at(db, "SP.POP.TOTL", "IND", 2013), 1.28e9, MIGDIP_FLAG_INTERPOLATED, 2013); /* a NULL cell */
    assert_value(at(db, "SP.POP.TOTL", "NPL", 2013), NAN, MIGDIP_FLAG_MISSING, 2013);
    assert_value(at(db, "NO.SUCH.CODE", "NPL", 2013), NAN, MIGDIP_FLAG_MISSING, 2013);
    /* the panel reader gives the same, for states in ISO3 order, one of them without data */
    const char codes[4][4] = {"AAA", "IND", "NPL", "QAT"};
    migdip_value v[4];
    assert_int_equal(mg_store_series_panel(db, "NY.GDP.MKTP.CD", 2016, codes, 4, v, &err), MIGDIP_OK);
    assert_value(v[0], NAN, MIGDIP_FLAG_MISSING, 2016);
    assert_value(v[1], 1.9e12, MIGDIP_FLAG_CARRIED, 2012);
    assert_value(v[2], 16e9, MIGDIP_FLAG_OBSERVED, 2016);
    assert_value(v[3], 165e9, MIGDIP_FLAG_INTERPOLATED, 2016);
    for (size_t i = 0; i < 4; i++) {
        migdip_value one = at(db, "NY.GDP.MKTP.CD", codes[i], 2016);
        assert_value(v[i], one.value, one.flag, one.year);
    }
    mg_store_close(db);
    tu_fx_close(&f);
}

/* ------------------------------------------------------------------ model and profile agree */

static void assert_same(migdip_value a, migdip_value b, const char *what, const char *iso3, int year)
{
    bool same = a.flag == b.flag && a.year == b.year &&
                (a.flag == MIGDIP_FLAG_MISSING ? isnan(a.value) && isnan(b.value) : a.value == b.value);
    if (!same)
        fail_msg("%s %s %d: dyad %g (flag %d, %d), country %g (flag %d, %d)", what, iso3, year, a.value, a.flag,
                 a.year, b.value, b.flag, b.year);
}

static void model_matches_profile(tu_fx *f, int year)
{
    /* the fixture's stocks are of one UN year: later years carry them (asked for) */
    migdip_model_opts o = {.year = year, .carry_stocks = true};
    migdip_model *m = NULL;
    assert_int_equal(migdip_model_load(f->ctx, &o, &m), MIGDIP_OK);
    const mg_panel *p = mg_model_panel(m);
    const char *states[] = {"IND", "NPL", "QAT"};
    for (size_t k = 0; k < 3; k++) {
        long i = mg_panel_find(p, states[k]);
        assert_true(i >= 0);
        migdip_profile *pr = NULL;
        assert_int_equal(migdip_profile_get(f->ctx, states[k], year, &pr), MIGDIP_OK);
        assert_same(p->gdp_usd[i], pr->gdp_usd, "GDP", states[k], year);
        assert_same(p->remit_usd[i], pr->remittances_usd, "remittances", states[k], year);
        assert_same(p->pop[i], pr->population, "population", states[k], year);
        assert_same(p->lf[i], pr->labour_force, "labour force", states[k], year);
        assert_same(p->gdppc_ppp[i], pr->gdp_pc_ppp, "GDP per head PPP", states[k], year);
        assert_same(p->cinc[i], pr->cinc, "CINC", states[k], year);
        migdip_profile_free(pr);
    }
    migdip_model_free(m);
}

static void test_model_and_profile_agree(void **state)
{
    (void)state;
    tu_fx f = fixture();
    /* 2013: inside NPL's gap (the profile used to say missing) */
    model_matches_profile(&f, 2013);
    /* and the value itself, through the dyad: NPL's remittances, 4.5 bn of 13 bn GDP */
    migdip_model_opts o = {.year = 2013, .carry_stocks = true};
    migdip_model *m = NULL;
    assert_int_equal(migdip_model_load(f.ctx, &o, &m), MIGDIP_OK);
    migdip_actor a, b;
    migdip_dyad d;
    assert_int_equal(migdip_actor_resolve(f.ctx, m, "NPL", &a), MIGDIP_OK);
    assert_int_equal(migdip_actor_resolve(f.ctx, m, "QAT", &b), MIGDIP_OK);
    assert_int_equal(migdip_dyad_eval(f.ctx, m, &a, &b, &d), MIGDIP_OK);
    migdip_profile *pr = NULL;
    assert_int_equal(migdip_profile_get(f.ctx, "NPL", 2013, &pr), MIGDIP_OK);
    assert_int_equal(pr->gdp_usd.flag, MIGDIP_FLAG_INTERPOLATED);
    assert_float_equal(d.side[0].remit_pct_gdp, 100 * 4.5e9 / 13e9, 1e-9);
    assert_float_equal(d.side[0].remit_pct_gdp, 100 * pr->remittances_usd.value / pr->gdp_usd.value, 1e-9);
    migdip_profile_free(pr);
    migdip_model_free(m);
    /* 2020: past the last observation (QAT carried from 2017, IND's GDP too old) */
    model_matches_profile(&f, 2020);
    tu_fx_close(&f);
}

int main(void)
{
    const struct CMUnitTest tests[] = {
        cmocka_unit_test(test_rule),
        cmocka_unit_test(test_store_reader),
        cmocka_unit_test(test_model_and_profile_agree),
    };
    return cmocka_run_group_tests(tests, NULL, NULL);
}
