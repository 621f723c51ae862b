/* test_real_plan.c - the planner and coalitions on the real data (../shared/data imported into
 * a temporary store): Nepal against the GCC and Malaysia against Indonesia, the plan applied by
 * hand as a counterfactual on the real panel (it lowers the exposure it claims), coalitions of
 * the seed's senders with Shapley values that add up, and the error paths. Skipped without
 * the data directory. */
#include "testutil.h"

#include <math.h>

#include "core/coalition.h"
#include "core/plan.h"
#include "api/model.h"

typedef struct fx {
    char *dir, *db_path;
    migdip_ctx *ctx;
    migdip_model *m;
} fx;

static int setup(void **state)
{
    const char *data = tu_data_dir();
    *state = NULL;
    if (!data)
        return 0;
    fx *f = calloc(1, sizeof *f);
    assert_non_null(f);
    f->dir = tu_tmpdir();
    f->ctx = tu_store(f->dir, &f->db_path);
    migdip_import_opts o = {.data_dir = data};
    migdip_import_report *rep = NULL;
    if (migdip_import_run(f->ctx, &o, &rep) != MIGDIP_OK)
        fail_msg("importing %s: %s", data, migdip_ctx_errmsg(f->ctx));
    migdip_import_report_free(rep);
    migdip_model_opts mo = {.year = 2020};
    if (migdip_model_load(f->ctx, &mo, &f->m) != MIGDIP_OK)
        fail_msg("loading the model: %s", migdip_ctx_errmsg(f->ctx));
    *state = f;
    return 0;
}

static int teardown(void **state)
{
    fx *f = *state;
    if (!f)
        return 0;
    migdip_model_free(f->m);
    migdip_ctx_close(f->ctx);
    tu_rmdir(f->dir);
    free(f->dir);
    free(f->db_path);
    free(f);
    return 0;
}

#define NEED_DATA(f)                                  \
    do {                                              \
        if (!(f)) {                                   \
            skip();                                   \
            return;                                   \
        }                                             \
    } while (0)

static bool in_actor(const migdip_actor *a, const char *iso3)
{
    for (size_t k = 0; k < a->n_members; k++)
        if (!strcmp(a->members[k], iso3))
            return true;
    return false;
}

/* Apply the plan's moves by hand to a clone of the real panel: out of the partner's members
 * in proportion to their corridor stock, remittance shares with the workers, totals in full
 * with the immigrants of unknown origin kept. */
static mg_panel *by_hand(const mg_panel *p, const mg_plan *pl)
{
    size_t n = p->n, s = pl->state;
    mg_panel *c = mg_panel_clone(p);
    assert_non_null(c);
    double *unknown = calloc(n, sizeof *unknown);
    for (size_t i = 0; i < n; i++) {
        double col = 0;
        for (size_t o = 0; o < n; o++)
            if (o != i)
                col += p->stock[o * n + i];
        unknown[i] = p->immigrants[i] - col;
    }
    for (size_t k = 0; k < pl->n_move; k++) {
        double delta = pl->move[k].delta, carried = 0;
        size_t cand = pl->move[k].cand;
        for (size_t j = 0; j < pl->partner.n; j++) {
            size_t x = pl->partner.idx[j];
            size_t cell = pl->sender ? s * n + x : x * n + s;
            double base = p->stock[cell], dj = delta * base / pl->corridor;
            c->stock[cell] = fmax(0, c->stock[cell] - dj);
            if (!isnan(p->rshare[cell]) && base > 0) {
                double cut = p->rshare[cell] * dj / base;
                c->rshare[cell] = fmax(0, c->rshare[cell] - cut);
                carried += cut;
            }
        }
        if (pl->sender) {
            c->stock[s * n + cand] += delta;
            if (carried > 0)
                c->rshare[s * n + cand] = (isnan(c->rshare[s * n + cand]) ? 0 : c->rshare[s * n + cand]) + carried;
        } else {
            c->stock[cand * n + s] += delta;
        }
    }
    mg_panel_totals(c);
    for (size_t i = 0; i < n; i++)
        c->immigrants[i] += unknown[i];
    free(unknown);
    return c;
}

static void check_plan(fx *f, const char *state, const char *against, bool want_sender)
{
    migdip_plan_opts o = {.state = state, .against = against, .top = 5};
    migdip_plan *pl = NULL;
    if (migdip_plan_run(f->ctx, f->m, &o, &pl) != MIGDIP_OK)
        fail_msg("plan %s against %s: %s", state, against, migdip_ctx_errmsg(f->ctx));
    assert_int_equal(pl->as_sender, want_sender);
    assert_true(pl->corridor > 100000);
    assert_true(pl->moved > 0);
    assert_true(pl->n_rows > 0 && pl->n_rows <= 5);
    assert_true(pl->after.side[0].exposure < pl->before.side[0].exposure);
    for (size_t k = 0; k < pl->n_rows; k++) {
        assert_false(in_actor(&pl->partner, pl->rows[k].iso3));
        assert_true(pl->rows[k].moved <= pl->rows[k].capacity + 1e-6);
        assert_true(pl->rows[k].fit > 0 && pl->rows[k].fit <= 1);
    }
    print_message("plan %s vs %s (%s): corridor %.0f, moved %.0f to %zu destinations, exposure %.3f -> %.3f, "
                  "quadrants %s/%s -> %s/%s, shift %s %.0f\n",
                  state, against, want_sender ? "sender" : "host", pl->corridor, pl->moved, pl->n_destinations,
                  pl->before.side[0].exposure, pl->after.side[0].exposure,
                  migdip_quadrant_code(pl->before.quadrant[0]), migdip_quadrant_code(pl->before.quadrant[1]),
                  migdip_quadrant_code(pl->after.quadrant[0]), migdip_quadrant_code(pl->after.quadrant[1]),
                  pl->shift_found ? "at" : "none", pl->shift_persons);

    /* the counterfactual by hand on the real panel gives what the plan claims */
    const mg_panel *p = mg_model_panel(f->m);
    mg_actor self, partner;
    mg_model_core_actor(f->m, &pl->state, &self);
    mg_model_core_actor(f->m, &pl->partner, &partner);
    mg_plan_opts po;
    mg_plan_opts_default(&po);
    mg_plan cp;
    assert_int_equal(mg_plan_run(p, mg_model_params(f->m), self.idx[0], &partner, &po, &cp), 0);
    assert_near(cp.after.side[0].exposure, pl->after.side[0].exposure, 1e-12);
    mg_panel *c = by_hand(p, &cp);
    migdip_dyad d;
    mg_engine_dyad_eval(c, mg_model_params(f->m), &self, &partner, &d);
    assert_near(d.side[0].exposure, pl->after.side[0].exposure, 1e-9);
    assert_near(d.side[1].exposure, pl->after.side[1].exposure, 1e-9);
    /* and the greedy's running figure (incremental) agrees with the full recomputation */
    assert_near(cp.move[cp.n_move - 1].exposure_after, d.side[0].exposure, 1e-9);
    mg_panel_free(c);
    mg_plan_cleanup(&cp);
    migdip_plan_free(pl);
}

static void test_plan_npl_gcc(void **state)
{
    fx *f = *state;
    NEED_DATA(f);
    check_plan(f, "NPL", "GCC", true);
}

static void test_plan_mys_idn(void **state)
{
    fx *f = *state;
    NEED_DATA(f);
    check_plan(f, "MYS", "IDN", false);
    check_plan(f, "PHL", "SAU", true);
}

static void test_plan_default_partner(void **state)
{
    fx *f = *state;
    NEED_DATA(f);
    migdip_plan_opts o = {.state = "Nepal"};
    migdip_plan *pl = NULL;
    assert_int_equal(migdip_plan_run(f->ctx, f->m, &o, &pl), MIGDIP_OK);
    assert_true(pl->before.in_scope);
    print_message("Nepal's most exposed dyad: against %s (exposure %.3f)\n", pl->partner.name,
                  pl->before.side[0].exposure);
    migdip_plan_free(pl);
}

static void test_coalitions(void **state)
{
    fx *f = *state;
    NEED_DATA(f);
    const char *const south_asia[] = {"NPL", "BGD", "PAK", "LKA"};
    migdip_coalition co;
    assert_int_equal(migdip_coalition_run(f->ctx, f->m, south_asia, 4, "GCC", &co), MIGDIP_OK);
    assert_near(co.shapley_sum, co.leverage, 1e-9);
    assert_near(co.leverage, co.dyad.side[1].exposure - co.dyad.side[0].exposure, 1e-12);
    print_message("NPL,BGD,PAK,LKA vs GCC: leverage %.4f (best alone %.4f), quadrants %s/%s\n", co.leverage,
                  co.best_alone, migdip_quadrant_code(co.dyad.quadrant[0]), migdip_quadrant_code(co.dyad.quadrant[1]));
    /* each member alone is what `dyad` gives */
    migdip_actor a, b;
    migdip_dyad d;
    assert_int_equal(migdip_actor_resolve(f->ctx, f->m, "NPL", &a), MIGDIP_OK);
    assert_int_equal(migdip_actor_resolve(f->ctx, f->m, "GCC", &b), MIGDIP_OK);
    assert_int_equal(migdip_dyad_eval(f->ctx, f->m, &a, &b, &d), MIGDIP_OK);
    assert_near(co.member[0].exposure, d.side[0].exposure, 1e-12);

    const char *const pair[] = {"IDN", "PHL"};
    assert_int_equal(migdip_coalition_run(f->ctx, f->m, pair, 2, "MYS", &co), MIGDIP_OK);
    assert_near(co.member[0].shapley + co.member[1].shapley, co.leverage, 1e-9);
    print_message("IDN,PHL vs MYS: leverage %.4f (IDN alone %.4f), shapley IDN %.4f PHL %.4f\n", co.leverage,
                  co.member[0].leverage, co.member[0].shapley, co.member[1].shapley);
}

static void test_errors(void **state)
{
    fx *f = *state;
    NEED_DATA(f);
    migdip_coalition co;
    const char *const unknown[] = {"NPL", "Atlantis"};
    assert_int_not_equal(migdip_coalition_run(f->ctx, f->m, unknown, 2, "GCC", &co), MIGDIP_OK);
    const char *const both[] = {"NPL", "SAU"};
    assert_int_equal(migdip_coalition_run(f->ctx, f->m, both, 2, "GCC", &co), MIGDIP_ERR_USAGE);
    assert_non_null(strstr(migdip_ctx_errmsg(f->ctx), "SAU"));
    const char *const twice[] = {"NPL", "NPL"};
    assert_int_equal(migdip_coalition_run(f->ctx, f->m, twice, 2, "GCC", &co), MIGDIP_ERR_USAGE);
    const char *const many[] = {"NPL", "BGD", "PAK", "LKA", "IND", "PHL", "IDN",
                                "EGY", "ETH", "KEN", "UGA", "MMR", "VNM"};
    assert_int_equal(migdip_coalition_run(f->ctx, f->m, many, 13, "GCC", &co), MIGDIP_ERR_USAGE);
    /* twelve is allowed: 4,096 subsets */
    assert_int_equal(migdip_coalition_run(f->ctx, f->m, many, 12, "GCC", &co), MIGDIP_OK);
    assert_near(co.shapley_sum, co.leverage, 1e-9);
    const char *const bloc[] = {"ASEAN"};
    assert_int_equal(migdip_coalition_run(f->ctx, f->m, bloc, 1, "GCC", &co), MIGDIP_ERR_USAGE);

    migdip_plan *pl = NULL;
    migdip_plan_opts o = {.state = "Atlantis", .against = "GCC"};
    assert_int_not_equal(migdip_plan_run(f->ctx, f->m, &o, &pl), MIGDIP_OK);
    assert_null(pl);
    o.state = "SAU";
    assert_int_equal(migdip_plan_run(f->ctx, f->m, &o, &pl), MIGDIP_ERR_USAGE);
    o.state = "GCC";
    o.against = "IND";
    assert_int_equal(migdip_plan_run(f->ctx, f->m, &o, &pl), MIGDIP_ERR_USAGE);
    o.state = "NPL";
    migdip_plan_role role = MIGDIP_PLAN_HOST;
    assert_int_equal(migdip_plan_role_parse("broker", &role), MIGDIP_ERR_USAGE);
    assert_int_equal(role, MIGDIP_PLAN_HOST); /* untouched on failure */
    o.role = (migdip_plan_role)7;             /* not a role */
    assert_int_equal(migdip_plan_run(f->ctx, f->m, &o, &pl), MIGDIP_ERR_USAGE);
    assert_null(pl);
}

int main(void)
{
    const struct CMUnitTest tests[] = {
        cmocka_unit_test(test_plan_npl_gcc), cmocka_unit_test(test_plan_mys_idn),
        cmocka_unit_test(test_plan_default_partner), cmocka_unit_test(test_coalitions),
        cmocka_unit_test(test_errors),
    };
    return cmocka_run_group_tests(tests, setup, teardown);
}
