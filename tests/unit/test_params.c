/* test_params.c - the model's parameter table (core/params.c): defaults by name, setting by
 * name within each parameter's domain (finite, scales and half-lives > 0, weights and shares
 * in [0, 1]), and migdip_param_parse, which checks "name=value" as a model load will. */
#include "testutil.h"

#include "core/params.h"

static void test_defaults_by_name(void **state)
{
    (void)state;
    mg_params d;
    mg_params_default(&d);
    double v = -1;
    assert_true(mg_params_default_of("w_rd", &v));
    assert_true(v == d.w_rd);
    assert_true(mg_params_default_of("inst_half_life", &v));
    assert_true(v == d.inst_half_life);
    assert_true(mg_params_default_of("min_role", &v));
    assert_true(v == d.min_role);
    v = -1;
    assert_false(mg_params_default_of("nonsense", &v));
    assert_false(mg_params_default_of("power", &v)); /* a measure, not a number: migdip_power */
    assert_true(v == -1);
}

/* Every field compared (no memcmp: the struct has padding after the power measure). */
static void assert_same_params(const mg_params *a, const mg_params *b)
{
#define F(x) assert_true(a->x == b->x)
    F(rd_scale), F(valve_scale), F(w_rd), F(w_valve), F(w_conc), F(lf_scale), F(pool_scale), F(w_lf);
    F(w_pool), F(subst_max), F(subst_half), F(cap_region), F(min_role), F(fit_lang), F(fit_region);
    F(fit_scheme), F(fit_dist_exp), F(fit_income_exp), F(inst_moderation), F(inst_half_life);
    F(scope_min_stock), F(scope_min_exposure), F(mutual_min), F(mutual_gap), F(power), F(w_power_pc);
    F(parity_band);
#undef F
}

static void test_set(void **state)
{
    (void)state;
    mg_params p, d;
    mg_params_default(&p);
    mg_params_default(&d);
    char msg[160];
    assert_int_equal(mg_params_set(&p, "w_rd", 0.4, msg, sizeof msg), MIGDIP_OK);
    assert_true(p.w_rd == 0.4);
    assert_int_equal(mg_params_set(&p, "scope_min_stock", 5e6, msg, sizeof msg), MIGDIP_OK);
    assert_true(p.scope_min_stock == 5e6);
    /* only the field named changes */
    p.w_rd = d.w_rd;
    p.scope_min_stock = d.scope_min_stock;
    assert_same_params(&p, &d);

    assert_int_equal(mg_params_set(&p, "nonsense", 1, msg, sizeof msg), MIGDIP_ERR_USAGE);
    assert_string_equal(msg, "unknown parameter (docs/model.md §5 lists them)");
    assert_int_equal(mg_params_set(&p, "w_rd", 1.5, msg, sizeof msg), MIGDIP_ERR_USAGE);
    assert_string_equal(msg, "expected a number in [0, 1], got 1.5");
    assert_int_equal(mg_params_set(&p, "rd_scale", 0, msg, sizeof msg), MIGDIP_ERR_USAGE);
    assert_string_equal(msg, "expected a number in (0, 1], got 0");
    assert_int_equal(mg_params_set(&p, "inst_half_life", 0, msg, sizeof msg), MIGDIP_ERR_USAGE);
    assert_string_equal(msg, "expected a number > 0, got 0");
    assert_int_equal(mg_params_set(&p, "scope_min_stock", -1, msg, sizeof msg), MIGDIP_ERR_USAGE);
    assert_string_equal(msg, "expected a number >= 0, got -1");
    assert_int_equal(mg_params_set(&p, "parity_band", INFINITY, msg, sizeof msg), MIGDIP_ERR_USAGE);
    assert_int_equal(mg_params_set(&p, "w_lf", NAN, msg, sizeof msg), MIGDIP_ERR_USAGE);
    /* a refused value leaves the parameters as they were */
    assert_same_params(&p, &d);
}

static void test_parse(void **state)
{
    (void)state;
    migdip_param p = {"untouched", 7};
    char msg[160];
    assert_int_equal(migdip_param_parse("w_lf=0.3", &p, msg, sizeof msg), MIGDIP_OK);
    assert_string_equal(p.name, "w_lf");
    assert_true(p.value == 0.3);
    assert_int_equal(migdip_param_parse("scope_min_stock=1e5", &p, NULL, 0), MIGDIP_OK);
    assert_true(p.value == 1e5);

    static const struct {
        const char *spec, *msg;
    } BAD[] = {
        {"nonsense=1", "unknown parameter (docs/model.md §5 lists them)"},
        {"a_name_longer_than_any_parameter_has=1", "unknown parameter (docs/model.md §5 lists them)"},
        {"w_rd", "expected NAME=VALUE"},
        {"=1", "expected NAME=VALUE"},
        {"w_rd=", "expected a number, got \"\""},
        {"w_rd=half", "expected a number, got \"half\""},
        {"w_rd=-0.1", "expected a number in [0, 1], got -0.1"},
        {"subst_half=0", "expected a number > 0, got 0"},
    };
    for (size_t i = 0; i < sizeof BAD / sizeof *BAD; i++) {
        p = (migdip_param){"untouched", 7};
        if (migdip_param_parse(BAD[i].spec, &p, msg, sizeof msg) != MIGDIP_ERR_USAGE)
            fail_msg("%s: accepted", BAD[i].spec);
        if (strcmp(msg, BAD[i].msg))
            fail_msg("%s: message \"%s\", expected \"%s\"", BAD[i].spec, msg, BAD[i].msg);
        assert_string_equal(p.name, "untouched");
    }
    assert_int_equal(migdip_param_parse("w_rd", &p, NULL, 0), MIGDIP_ERR_USAGE);
}

int main(void)
{
    const struct CMUnitTest tests[] = {
        cmocka_unit_test(test_defaults_by_name),
        cmocka_unit_test(test_set),
        cmocka_unit_test(test_parse),
    };
    return cmocka_run_group_tests(tests, NULL, NULL);
}
