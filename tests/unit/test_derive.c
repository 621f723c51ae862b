/* test_derive.c - the derived-series rules (core/derive.c, docs/importers.md "Derived
 * series"): the four WDI rules with their inputs, their arithmetic on values computed by hand,
 * and no value for a ratio over zero. The store side (which inputs, which vintage) is in
 * test_imp_wdi.c. */
#include "testutil.h"

#include "core/derive.h"

static const mg_derive_rule *rule_for(const char *target)
{
    size_t n;
    const mg_derive_rule *r = mg_derive_wdi_rules(&n);
    for (size_t i = 0; i < n; i++)
        if (strcmp(r[i].target, target) == 0)
            return &r[i];
    return NULL;
}

static void test_wdi_rules(void **state)
{
    (void)state;
    size_t n = 0;
    const mg_derive_rule *r = mg_derive_wdi_rules(&n);
    assert_int_equal(n, 4);
    /* each target is derived once, never from itself */
    for (size_t i = 0; i < n; i++) {
        assert_string_not_equal(r[i].target, r[i].a);
        assert_string_not_equal(r[i].target, r[i].b);
        for (size_t j = i + 1; j < n; j++)
            assert_string_not_equal(r[i].target, r[j].target);
    }
    const mg_derive_rule *gdp = rule_for("NY.GDP.MKTP.PP.CD");
    assert_non_null(gdp);
    assert_string_equal(gdp->a, "NY.GDP.PCAP.PP.CD");
    assert_string_equal(gdp->b, "SP.POP.TOTL");
    const mg_derive_rule *mil = rule_for("MS.MIL.XPND.CD");
    assert_non_null(mil);
    assert_string_equal(mil->a, "MS.MIL.XPND.GD.ZS");
    assert_string_equal(mil->b, "NY.GDP.MKTP.CD");
    const mg_derive_rule *rem = rule_for("BX.TRF.PWKR.DT.GD.ZS");
    assert_non_null(rem);
    assert_string_equal(rem->a, "BX.TRF.PWKR.CD.DT");
    assert_string_equal(rem->b, "NY.GDP.MKTP.CD");
    const mg_derive_rule *mig = rule_for("SM.POP.TOTL.ZS");
    assert_non_null(mig);
    assert_string_equal(mig->a, "SM.POP.TOTL");
    assert_string_equal(mig->b, "SP.POP.TOTL");
}

static void test_values(void **state)
{
    (void)state;
    double v = -1;
    /* GDP PPP: 4,000 int. $ a head x 30 M people */
    assert_true(mg_derive_value(rule_for("NY.GDP.MKTP.PP.CD"), 4000, 30e6, &v));
    assert_true(v == 1.2e11);
    /* military spending: 1.5 % of a 40 bn GDP = 600 M */
    assert_true(mg_derive_value(rule_for("MS.MIL.XPND.CD"), 1.5, 4e10, &v));
    assert_near(v, 6e8, 1e-3);
    /* remittances: 8 bn over a 40 bn GDP = 20 % */
    assert_true(mg_derive_value(rule_for("BX.TRF.PWKR.DT.GD.ZS"), 8e9, 4e10, &v));
    assert_near(v, 20.0, 1e-12);
    /* migrants: 500 k in 30 M = 1.67 %; the product k * a is taken first */
    assert_true(mg_derive_value(rule_for("SM.POP.TOTL.ZS"), 5e5, 30e6, &v));
    assert_true(v == 100 * 5e5 / 30e6);
    /* a ratio over zero has no value and leaves *out alone; a product with zero is zero */
    v = -1;
    assert_false(mg_derive_value(rule_for("BX.TRF.PWKR.DT.GD.ZS"), 8e9, 0, &v));
    assert_true(v == -1);
    assert_true(mg_derive_value(rule_for("NY.GDP.MKTP.PP.CD"), 4000, 0, &v));
    assert_true(v == 0);
}

int main(void)
{
    const struct CMUnitTest tests[] = {
        cmocka_unit_test(test_wdi_rules),
        cmocka_unit_test(test_values),
    };
    return cmocka_run_group_tests(tests, NULL, NULL);
}
