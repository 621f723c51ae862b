/* test_api.c - the public API's contract on a three-state store (include/migdip/migdip.h):
 * results handed out through out-parameters and freed with their migdip_<noun>_free (NULL
 * fine), the screen's order and limits, validation and sensitivity as result structs with
 * their agreement counts, explanations as owned strings; the closed sets and parameter
 * overrides; and the messages: the library names what is wrong, the CLI adds its flags. */
#include "testutil.h"

#include <math.h>
#include <sys/stat.h>
#include <sys/wait.h>

#include "core/cases.h"

/* NPL sends to QAT and IND, IND to QAT and NPL; 2015 and 2020 are UN years (2010 has no
 * stocks: a validation case of that year is a data gap). */
static const char SEED_SQL[] =
    "INSERT INTO vintage(id,dataset,source,edition,released,file,sha256,importer,imported_at) VALUES"
    " (1,'undesa-ims','UN DESA','2020','2021-01-15','s.csv','11','undesa-tidy','2026-01-01T00:00:00Z'),"
    " (2,'wdi','WDI','2026','2026-07-01','w.csv','22','wdi-tidy','2026-01-01T00:00:00Z');"
    "INSERT INTO stock VALUES"
    " (1,'NPL','QAT',2020,'T',400000,1),(1,'NPL','IND',2020,'T',500000,1),(1,'IND','NPL',2020,'T',450000,1),"
    " (1,'IND','QAT',2020,'T',700000,1),(1,'QAT','IND',2020,'T',500,1),"
    " (1,'NPL','QAT',2015,'T',300000,1),(1,'NPL','IND',2015,'T',500000,1),(1,'IND','NPL',2015,'T',450000,1),"
    " (1,'IND','QAT',2015,'T',600000,1);"
    "INSERT INTO series VALUES"
    " (2,'SL.TLF.TOTL.IN','NPL',2020,8e6,1),(2,'SL.TLF.TOTL.IN','QAT',2020,2e6,1),"
    " (2,'SL.TLF.TOTL.IN','IND',2020,5e8,1),(2,'NY.GDP.MKTP.CD','NPL',2020,33e9,1),"
    " (2,'BX.TRF.PWKR.CD.DT','NPL',2020,8.25e9,1),(2,'NY.GDP.PCAP.PP.CD','NPL',2020,4000,1),"
    " (2,'SP.POP.TOTL','NPL',2020,30e6,1),(2,'NY.GDP.PCAP.PP.CD','QAT',2020,100000,1),"
    " (2,'SP.POP.TOTL','QAT',2020,3e6,1),(2,'NY.GDP.PCAP.PP.CD','IND',2020,7000,1),"
    " (2,'SP.POP.TOTL','IND',2020,1.4e9,1);";

typedef struct fx {
    char *dir, *db;
    migdip_ctx *ctx;
    migdip_model *m;
} fx;

static int fx_setup(void **state)
{
    fx *f = calloc(1, sizeof *f);
    f->dir = tu_tmpdir();
    f->ctx = tu_store(f->dir, &f->db);
    tu_seed_countries(f->db, "IND=India;NPL=Nepal;QAT=Qatar");
    tu_exec_sql(f->db, SEED_SQL);
    migdip_model_opts mo = {.year = 2020};
    if (migdip_model_load(f->ctx, &mo, &f->m))
        fail_msg("model: %s", migdip_ctx_errmsg(f->ctx));
    *state = f;
    return 0;
}

static int fx_teardown(void **state)
{
    fx *f = *state;
    migdip_model_free(f->m);
    migdip_ctx_close(f->ctx);
    tu_rmdir(f->dir);
    free(f->dir);
    free(f->db);
    free(f);
    return 0;
}

static double gap(const migdip_dyad *d) { return fabs(d->side[0].exposure - d->side[1].exposure); }

/* Every free function takes NULL (the convention at the top of migdip.h). */
static void test_free_null(void **state)
{
    (void)state;
    migdip_free(NULL);
    migdip_import_report_free(NULL);
    migdip_sources_free(NULL);
    migdip_profile_free(NULL);
    migdip_model_free(NULL);
    migdip_screen_free(NULL);
    migdip_validation_free(NULL);
    migdip_sensitivity_free(NULL);
    migdip_citations_free(NULL);
    migdip_plan_free(NULL);
    migdip_sim_result_free(NULL);
    migdip_sim_opts_cleanup(NULL);
    migdip_events_free(NULL);
    migdip_trajectory_free(NULL);
    migdip_shifts_free(NULL);
    migdip_ctx_close(NULL);
}

/* The annual panel (docs/model.md §6): 2015 and 2020 observed, the years between interpolated,
 * 2021-2025 carried when asked for (no panel otherwise), 2026 and later no panel; the years
 * where a logic changes marked. */
static void test_trajectory_and_shifts(void **state)
{
    fx *f = *state;
    migdip_trajectory *t = NULL;
    /* without --carry the panel ends with the last UN year, and says how to go further */
    migdip_trajectory_opts o = {.from = 2019, .to = 2022};
    assert_int_equal(migdip_trajectory_run(f->ctx, "NPL", "QAT", &o, &t), MIGDIP_OK);
    assert_int_equal(t->n, 4);
    assert_true(t->rows[1].evaluated);                    /* 2020 */
    assert_false(t->rows[2].evaluated);                   /* 2021 */
    assert_non_null(strstr(t->rows[2].note, "only with carried stocks"));
    migdip_trajectory_free(t);
    migdip_trajectory_opts o0 = {0};
    assert_int_equal(migdip_trajectory_run(f->ctx, "NPL", "QAT", &o0, &t), MIGDIP_OK);
    assert_int_equal(t->rows[t->n - 1].year, 2020);      /* the default end: the last UN year */
    migdip_trajectory_free(t);
    o = (migdip_trajectory_opts){.from = 2014, .to = 2026, .model.carry_stocks = true};
    assert_int_equal(migdip_trajectory_run(f->ctx, "NPL", "Qatar", &o, &t), MIGDIP_OK);
    assert_string_equal(t->a, "NPL");
    assert_string_equal(t->b, "QAT");
    assert_int_equal(t->n, 13);
    assert_false(t->rows[0].evaluated); /* 2014: before the first UN year */
    assert_true(strlen(t->rows[0].note) > 0);
    assert_true(t->rows[1].evaluated);
    assert_int_equal(t->rows[1].d.stock_flag, MIGDIP_FLAG_OBSERVED);     /* 2015 */
    assert_int_equal(t->rows[3].d.stock_flag, MIGDIP_FLAG_INTERPOLATED); /* 2017 */
    assert_int_equal(t->rows[6].d.stock_flag, MIGDIP_FLAG_OBSERVED);     /* 2020 */
    assert_int_equal(t->rows[8].d.stock_flag, MIGDIP_FLAG_CARRIED);      /* 2022 */
    assert_int_equal(t->rows[8].d.stock_year, 2020);
    assert_false(t->rows[12].evaluated); /* 2026: more than 5 years after 2020 */
    /* the stock of 2017: two fifths of the way from 300,000 to 400,000 */
    assert_near(t->rows[3].d.side[0].emig_in_partner, 340000, 1e-6);
    /* a change is marked exactly where the logics differ from the year evaluated before */
    const migdip_trajectory_row *prev = NULL;
    for (size_t k = 0; k < t->n; k++) {
        const migdip_trajectory_row *r = &t->rows[k];
        if (!r->evaluated)
            continue;
        bool differs = prev && (prev->d.quadrant[0] != r->d.quadrant[0] || prev->d.quadrant[1] != r->d.quadrant[1]);
        assert_int_equal(r->changed, differs);
        prev = r;
    }
    assert_int_equal(t->events->n, 0); /* no episode in this store */
    migdip_trajectory_free(t);
    /* reversed or out-of-range years are usage errors */
    o = (migdip_trajectory_opts){.from = 2020, .to = 2010};
    assert_int_equal(migdip_trajectory_run(f->ctx, "NPL", "QAT", &o, &t), MIGDIP_ERR_USAGE);
    assert_null(t);
    /* shifts: the same years, every pair; a persistence of 1 year makes every change a shift */
    migdip_shifts *sh = NULL;
    migdip_shifts_opts so = {.since = 2015, .to = 2025, .persist = 1, .min_stock = 1, .model.carry_stocks = true};
    assert_int_equal(migdip_shifts_run(f->ctx, &so, &sh), MIGDIP_OK);
    for (size_t k = 0; k < sh->n; k++) {
        assert_true(sh->v[k].year > 2015 && sh->v[k].year <= 2025);
        assert_true(sh->v[k].from[0] != sh->v[k].to[0] || sh->v[k].from[1] != sh->v[k].to[1]);
    }
    migdip_shifts_free(sh);
    so.persist = 11;
    assert_int_equal(migdip_shifts_run(f->ctx, &so, &sh), MIGDIP_ERR_USAGE);
    /* events of an empty registry: none, not an error */
    migdip_events *ev = NULL;
    assert_int_equal(migdip_events_get(f->ctx, "NPL", NULL, &ev), MIGDIP_OK);
    assert_int_equal(ev->n, 0);
    migdip_events_free(ev);
}

static int group_of(const migdip_dyad *d)
{
    migdip_quadrant q = d->quadrant[0];
    return q == MIGDIP_Q_I || q == MIGDIP_Q_IV       ? 0
           : q == MIGDIP_Q_II || q == MIGDIP_Q_III ? 1
           : q == MIGDIP_Q_MUTUAL                  ? 2
           : q == MIGDIP_Q_NONE                    ? 3
                                                   : 4;
}

/* Monte Carlo robustness (docs/model.md §7): probabilities sum to one per side, the same seed
 * gives the same figures on one thread and on two, another seed other draws, and fixing
 * both the parameters' and the data's draws is the base verdict every time. */
static void test_robust(void **state)
{
    fx *f = *state;
    migdip_actor a, b;
    assert_int_equal(migdip_actor_resolve(f->ctx, f->m, "NPL", &a), MIGDIP_OK);
    assert_int_equal(migdip_actor_resolve(f->ctx, f->m, "QAT", &b), MIGDIP_OK);
    migdip_robust r1, r2;
    migdip_robust_opts o = {.draws = 300, .seed = 7, .threads = 1};
    assert_int_equal(migdip_robust_run(f->ctx, f->m, &a, &b, &o, &r1), MIGDIP_OK);
    o.threads = 2;
    assert_int_equal(migdip_robust_run(f->ctx, f->m, &a, &b, &o, &r2), MIGDIP_OK);
    assert_int_equal(r1.draws, 300);
    double sa = 0, sb = 0;
    for (int q = MIGDIP_Q_NONE; q <= MIGDIP_Q_OUT; q++) {
        sa += r1.p_a[q];
        sb += r1.p_b[q];
        assert_true(r1.p_a[q] == r2.p_a[q] && r1.p_b[q] == r2.p_b[q]);
    }
    assert_near(sa, 1, 1e-9);
    assert_near(sb, 1, 1e-9);
    assert_true(r1.p_same == r2.p_same);
    assert_true(r1.p_same > 0 && r1.p_same <= 1);
    assert_string_equal(r1.sensitive[0], r2.sensitive[0]);
    /* nothing drawn: the base verdict in every draw */
    o = (migdip_robust_opts){.draws = 50, .seed = 7, .fixed_params = true, .fixed_data = true};
    assert_int_equal(migdip_robust_run(f->ctx, f->m, &a, &b, &o, &r1), MIGDIP_OK);
    assert_near(r1.p_same, 1, 0);
    assert_near(r1.p_a[r1.base.quadrant[0]], 1, 1e-12);
    o.draws = 2000000;
    assert_int_equal(migdip_robust_run(f->ctx, f->m, &a, &b, &o, &r1), MIGDIP_ERR_USAGE);
    /* the screen's p_verdict: NAN unless asked for, a probability when asked for */
    migdip_screen_opts so = {0};
    migdip_screen *scr = NULL;
    assert_int_equal(migdip_screen_run(f->ctx, f->m, &so, &scr), MIGDIP_OK);
    assert_true(scr->n > 0 && isnan(scr->rows[0].p_verdict));
    migdip_screen_free(scr);
    so.robust_draws = 100;
    so.robust_seed = 3;
    assert_int_equal(migdip_screen_run(f->ctx, f->m, &so, &scr), MIGDIP_OK);
    for (size_t k = 0; k < scr->n; k++)
        assert_true(scr->rows[k].p_verdict >= 0 && scr->rows[k].p_verdict <= 1);
    migdip_screen_free(scr);
}

static void test_screen(void **state)
{
    fx *f = *state;
    migdip_screen_opts so = {0};
    migdip_screen *s = NULL;
    assert_int_equal(migdip_screen_run(f->ctx, f->m, &so, &s), MIGDIP_OK);
    assert_non_null(s);
    assert_int_equal(s->n, 3); /* every pair is above the 10,000 persons of the scope */
    /* §4.5: groups in the order I/IV, II/III, mutual, none, out; persons within a group */
    for (size_t k = 1; k < s->n; k++) {
        assert_true(group_of(&s->rows[k - 1].d) <= group_of(&s->rows[k].d));
        if (group_of(&s->rows[k - 1].d) == group_of(&s->rows[k].d))
            assert_true(s->rows[k - 1].stake >= s->rows[k].stake);
        assert_near(s->rows[k].stake, s->rows[k].d.volume, 0);
    }
    migdip_screen_free(s);
    /* ranked by the exposure gap instead */
    so.rank = MIGDIP_RANK_GAP;
    assert_int_equal(migdip_screen_run(f->ctx, f->m, &so, &s), MIGDIP_OK);
    for (size_t k = 1; k < s->n; k++)
        if (group_of(&s->rows[k - 1].d) == group_of(&s->rows[k].d))
            assert_true(gap(&s->rows[k - 1].d) >= gap(&s->rows[k].d));
    migdip_screen_free(s);
    so.rank = MIGDIP_RANK_PERSONS;
    /* a region filter keeps dyads with a side in it; an unknown region is an error */
    so.region = "no such region";
    assert_int_equal(migdip_screen_run(f->ctx, f->m, &so, &s), MIGDIP_ERR_NOTFOUND);
    so.region = NULL;
    assert_int_equal(migdip_screen_run(f->ctx, f->m, &so, &s), MIGDIP_OK);
    /* the same dyad as migdip_dyad_eval gives for that pair */
    migdip_actor a, b;
    migdip_dyad d;
    assert_int_equal(migdip_actor_resolve(f->ctx, f->m, s->rows[0].a, &a), MIGDIP_OK);
    assert_int_equal(migdip_actor_resolve(f->ctx, f->m, s->rows[0].b, &b), MIGDIP_OK);
    assert_int_equal(migdip_dyad_eval(f->ctx, f->m, &a, &b, &d), MIGDIP_OK);
    assert_near(d.side[0].exposure, s->rows[0].d.side[0].exposure, 1e-12);
    migdip_screen_free(s);

    so.top = 1;
    so.state = "Qatar";
    assert_int_equal(migdip_screen_run(f->ctx, f->m, &so, &s), MIGDIP_OK);
    assert_int_equal(s->n, 1);
    assert_true(!strcmp(s->rows[0].a, "QAT") || !strcmp(s->rows[0].b, "QAT"));
    migdip_screen_free(s);

    so = (migdip_screen_opts){.min_stock = 1e7};
    assert_int_equal(migdip_screen_run(f->ctx, f->m, &so, &s), MIGDIP_OK);
    assert_int_equal(s->n, 0);
    migdip_screen_free(s);

    migdip_screen sentinel;
    so = (migdip_screen_opts){.state = "Atlantis"};
    s = &sentinel; /* set to NULL on failure */
    assert_int_equal(migdip_screen_run(f->ctx, f->m, &so, &s), MIGDIP_ERR_NOTFOUND);
    assert_null(s);
}

static void test_validation(void **state)
{
    fx *f = *state;
    migdip_validation *v = NULL;
    assert_int_equal(migdip_validation_run(f->ctx, NULL, &v), MIGDIP_OK);
    assert_int_equal(v->n, mg_cases_count);
    size_t states = 0, agree = 0, art_states = 0, art_agree = 0, evaluated = 0;
    for (size_t i = 0; i < v->n; i++) {
        const migdip_validation_row *r = &v->rows[i];
        assert_string_equal(r->id, mg_cases[i].id);
        states += 2;
        agree += (size_t)r->agree_a + (size_t)r->agree_b;
        if (r->article) {
            art_states += 2;
            art_agree += (size_t)r->agree_a + (size_t)r->agree_b;
        }
        if (r->evaluated)
            evaluated++;
        else if (strncmp(r->reason, "data gap: ", 10) != 0 && r->verdict_a != MIGDIP_VERDICT_AGREE)
            fail_msg("%s: not evaluated, but the reason is \"%s\"", r->id, r->reason);
        /* a result text names what is wrong, never a command or a flag of the CLI */
        if (strstr(r->reason, "migdip ") || strstr(r->reason, "--"))
            fail_msg("%s: the reason speaks in CLI terms: \"%s\"", r->id, r->reason);
        if (r->year == 2010)
            assert_string_equal(r->reason, "data gap: no migrant-stock data for 2010 in the store (UN DESA stocks "
                                           "cover 1990-2024; see the sources of the store)");
    }
    assert_int_equal(v->states, states);
    assert_int_equal(v->agree, agree);
    assert_int_equal(v->article_states, art_states);
    assert_int_equal(v->article_agree, art_agree);
    assert_true(evaluated >= 2); /* qatar-nepal and india-nepal */
    migdip_validation_free(v);
}

static void test_sensitivity(void **state)
{
    fx *f = *state;
    migdip_sensitivity *s = NULL;
    assert_int_equal(migdip_sensitivity_run(f->ctx, NULL, &s), MIGDIP_OK);
    assert_true(s->n > 1);
    assert_string_equal(s->rows[0].param, "(defaults)");
    migdip_validation *v = NULL;
    assert_int_equal(migdip_validation_run(f->ctx, NULL, &v), MIGDIP_OK);
    /* the baseline row is the validation run's agreement */
    assert_int_equal(s->rows[0].all_agree, v->agree);
    assert_int_equal(s->rows[0].all_states, v->states);
    for (size_t k = 0; k < s->n; k++)
        assert_int_equal(s->rows[k].all_states, 2 * mg_cases_count);
    migdip_validation_free(v);
    migdip_sensitivity_free(s);
}

/* Each closed set has one parse function; its names round-trip, anything else is a usage
 * error that leaves *out alone. */
static void test_enums(void **state)
{
    (void)state;
    for (migdip_power p = MIGDIP_POWER_COMPOSITE; p <= MIGDIP_POWER_CINC; p++) {
        migdip_power q = (migdip_power)-1;
        assert_int_equal(migdip_power_parse(migdip_power_name(p), &q), MIGDIP_OK);
        assert_int_equal(q, p);
    }
    migdip_power pw = MIGDIP_POWER_CINC;
    assert_int_equal(migdip_power_parse("GDP", &pw), MIGDIP_OK);
    assert_int_equal(pw, MIGDIP_POWER_GDP);
    assert_int_equal(migdip_power_parse("x", &pw), MIGDIP_ERR_USAGE);
    assert_int_equal(migdip_power_parse(NULL, &pw), MIGDIP_ERR_USAGE);
    assert_int_equal(pw, MIGDIP_POWER_GDP);

    for (migdip_quadrant q = MIGDIP_Q_I; q <= MIGDIP_Q_OUT; q++) {
        migdip_quadrant r = MIGDIP_Q_NONE;
        assert_int_equal(migdip_quadrant_parse(migdip_quadrant_code(q), &r), MIGDIP_OK);
        assert_int_equal(r, q);
    }
    migdip_quadrant q = MIGDIP_Q_I;
    assert_int_equal(migdip_quadrant_parse("none", &q), MIGDIP_ERR_USAGE); /* not a filter value */
    assert_int_equal(migdip_quadrant_parse("V", &q), MIGDIP_ERR_USAGE);
    assert_int_equal(q, MIGDIP_Q_I);

    static const char *const roles[] = {"auto", "sender", "host"};
    for (int i = 0; i < 3; i++) {
        migdip_plan_role r = (migdip_plan_role)-1;
        assert_int_equal(migdip_plan_role_parse(roles[i], &r), MIGDIP_OK);
        assert_int_equal(r, (migdip_plan_role)i);
    }
    migdip_plan_role r = MIGDIP_PLAN_AUTO;
    assert_int_equal(migdip_plan_role_parse("broker", &r), MIGDIP_ERR_USAGE);
    assert_int_equal(r, MIGDIP_PLAN_AUTO);

    for (migdip_shock_kind k = MIGDIP_SHOCK_BAN; k <= MIGDIP_SHOCK_QUOTA; k++) {
        migdip_shock_kind x = (migdip_shock_kind)-1;
        assert_int_equal(migdip_shock_kind_parse(migdip_shock_kind_str(k), &x), MIGDIP_OK);
        assert_int_equal(x, k);
    }
    migdip_shock_kind sk = MIGDIP_SHOCK_QUOTA;
    assert_int_equal(migdip_shock_kind_parse("bam", &sk), MIGDIP_ERR_USAGE);
    assert_int_equal(sk, MIGDIP_SHOCK_QUOTA);
    /* the shock specification reads its kind with the same parser */
    migdip_shock sh;
    assert_int_equal(migdip_shock_parse("Freeze:months=3", &sh, NULL, 0), MIGDIP_OK);
    assert_int_equal(sh.kind, MIGDIP_SHOCK_FREEZE);
    assert_int_equal(sh.months, 3);
    char msg[160];
    assert_int_equal(migdip_shock_parse("banbanbanbanbanbanban:share=1", &sh, msg, sizeof msg), MIGDIP_ERR_USAGE);
    assert_string_equal(msg, "\"banbanbanbanbanbanban\": expected ban, deport, freeze or quota");
}

/* The quadrant filter keeps the dyads where either side is in the quadrant asked for. */
static void test_screen_quadrant(void **state)
{
    fx *f = *state;
    migdip_screen *all = NULL, *s = NULL;
    migdip_screen_opts so = {0};
    assert_int_equal(migdip_screen_run(f->ctx, f->m, &so, &all), MIGDIP_OK);
    size_t total = 0;
    for (migdip_quadrant q = MIGDIP_Q_I; q <= MIGDIP_Q_OUT; q++) {
        so.quadrant = q;
        assert_int_equal(migdip_screen_run(f->ctx, f->m, &so, &s), MIGDIP_OK);
        size_t want = 0;
        for (size_t k = 0; k < all->n; k++)
            want += all->rows[k].d.quadrant[0] == q || all->rows[k].d.quadrant[1] == q;
        assert_int_equal(s->n, want);
        for (size_t k = 0; k < s->n; k++)
            assert_true(s->rows[k].d.quadrant[0] == q || s->rows[k].d.quadrant[1] == q);
        total += s->n;
        migdip_screen_free(s);
    }
    assert_true(total >= all->n); /* every dyad is in some quadrant */
    so.quadrant = (migdip_quadrant)42;
    assert_int_equal(migdip_screen_run(f->ctx, f->m, &so, &s), MIGDIP_ERR_USAGE);
    migdip_screen_free(all);
}

/* The power measure crosses the API as an enum: GDP alone differs from the composite. */
static void test_power_option(void **state)
{
    fx *f = *state;
    migdip_model *m = NULL;
    migdip_model_opts mo = {.year = 2020, .power = MIGDIP_POWER_GDPPC};
    assert_int_equal(migdip_model_load(f->ctx, &mo, &m), MIGDIP_OK);
    migdip_actor a, b;
    migdip_dyad d_pc, d_comp;
    assert_int_equal(migdip_actor_resolve(f->ctx, m, "NPL", &a), MIGDIP_OK);
    assert_int_equal(migdip_actor_resolve(f->ctx, m, "QAT", &b), MIGDIP_OK);
    assert_int_equal(migdip_dyad_eval(f->ctx, m, &a, &b, &d_pc), MIGDIP_OK);
    assert_int_equal(migdip_dyad_eval(f->ctx, f->m, &a, &b, &d_comp), MIGDIP_OK);
    assert_near(d_pc.side[0].power, log(4000), 1e-9); /* ln GDP per head, PPP */
    assert_near(d_pc.side[1].power, log(100000), 1e-9);
    assert_true(fabs(d_comp.side[0].power - d_pc.side[0].power) > 0.1);
    migdip_model_free(m);
    mo.power = (migdip_power)9;
    assert_int_equal(migdip_model_load(f->ctx, &mo, &m), MIGDIP_ERR_USAGE);
    assert_null(m);
}

/* Overrides are checked at load (the library names the parameter, not a CLI flag) and
 * change the model: a scope above every corridor leaves the screen empty. */
static void test_param_override(void **state)
{
    fx *f = *state;
    migdip_model *m = NULL;
    migdip_param bad[] = {{"w_rd", 0.5}, {"nonsense", 1}};
    migdip_model_opts mo = {.year = 2020, .params = bad, .n_params = 2};
    assert_int_equal(migdip_model_load(f->ctx, &mo, &m), MIGDIP_ERR_USAGE);
    assert_null(m);
    assert_string_equal(migdip_ctx_errmsg(f->ctx),
                        "parameter \"nonsense\": unknown parameter (docs/model.md §5 lists them)");
    bad[1] = (migdip_param){"w_rd", 2};
    assert_int_equal(migdip_model_load(f->ctx, &mo, &m), MIGDIP_ERR_USAGE);
    assert_string_equal(migdip_ctx_errmsg(f->ctx), "parameter \"w_rd\": expected a number in [0, 1], got 2");

    migdip_param scope = {"scope_min_stock", 1e7};
    mo = (migdip_model_opts){.year = 2020, .params = &scope, .n_params = 1};
    assert_int_equal(migdip_model_load(f->ctx, &mo, &m), MIGDIP_OK);
    migdip_screen_opts so = {0};
    migdip_screen *s = NULL;
    assert_int_equal(migdip_screen_run(f->ctx, m, &so, &s), MIGDIP_OK);
    assert_int_equal(s->n, 0);
    migdip_screen_free(s);
    migdip_model_free(m);
}

/* docs/model.md §1.1 step 3: Nepal's records count every departure, re-entries included
 * (the "Total with ReEntry" channel); 300,000 approvals in the 366 days of 2020, of which
 * 100,000 re-entries: a yearly rate of 300,000 x 365/366, two-year stays, replace the census's
 * 400,000. */
static void test_recorded_reentry(void **state)
{
    fx *f = *state;
    tu_exec_sql(f->db,
                "INSERT INTO vintage(id,dataset,source,edition,released,file,sha256,importer,imported_at) VALUES"
                " (9,'nepal-dofe','DoFE','2022','2023-06-01','d.csv','99','dofe','2026-01-01T00:00:00Z');"
                "INSERT INTO flow VALUES"
                " (9,'NPL','QAT','2020-01-01','2020-12-31','labour_approvals','Total with ReEntry','T',300000,1,NULL),"
                " (9,'NPL','QAT','2020-01-01','2020-12-31','labour_approvals','Total without ReEntry','T',200000,1,NULL),"
                " (9,'NPL','QAT','2020-01-01','2020-12-31','labour_approvals','Individual-ReEntry','T',100000,1,NULL);");
    migdip_model *m = NULL;
    migdip_model_opts mo = {.year = 2020};
    assert_int_equal(migdip_model_load(f->ctx, &mo, &m), MIGDIP_OK);
    migdip_actor a, b;
    migdip_dyad d;
    assert_int_equal(migdip_actor_resolve(f->ctx, m, "QAT", &a), MIGDIP_OK);
    assert_int_equal(migdip_actor_resolve(f->ctx, m, "NPL", &b), MIGDIP_OK);
    assert_int_equal(migdip_dyad_eval(f->ctx, m, &a, &b, &d), MIGDIP_OK);
    double workers = 2 * 300000 * 365.0 / 366;
    assert_true(fabs(d.side[0].partner_migrants - workers) < 1e-6);
    assert_true(fabs(d.side[0].partner_recorded - (workers - 400000)) < 1e-6);
    assert_true(fabs(d.side[0].control - 1) < 1e-12);
    migdip_model_free(m);
}

static void test_explain(void **state)
{
    fx *f = *state;
    migdip_actor a, b;
    migdip_dyad d;
    assert_int_equal(migdip_actor_resolve(f->ctx, f->m, "NPL", &a), MIGDIP_OK);
    assert_int_equal(migdip_actor_resolve(f->ctx, f->m, "QAT", &b), MIGDIP_OK);
    assert_int_equal(migdip_dyad_eval(f->ctx, f->m, &a, &b, &d), MIGDIP_OK);
    char *x = NULL;
    assert_int_equal(migdip_dyad_explain(f->m, &a, &b, &d, &x), MIGDIP_OK);
    assert_non_null(strstr(x, "Nepal (NPL)"));
    migdip_free(x);
}

/* The CLI's stderr and exit status for args on the store at db. */
static int run_cli(const char *db, const char *args, char *out, size_t cap)
{
    char cmd[2048];
    snprintf(cmd, sizeof cmd, "'%s' %s --db '%s' 2>&1 >/dev/null", MIGDIP_CLI, args, db);
    FILE *p = popen(cmd, "r");
    assert_non_null(p);
    size_t n = fread(out, 1, cap - 1, p);
    out[n] = '\0';
    int st = pclose(p);
    return WIFEXITED(st) ? WEXITSTATUS(st) : -1;
}

/* The library names what is wrong; the CLI adds its own flags and commands when it reports. */
static void test_cli_messages(void **state)
{
    fx *f = *state;
    char err[1024];
    assert_int_equal(run_cli(f->db, "dyad NPL QAT --param nonsense=1", err, sizeof err), 2);
    assert_string_equal(err, "migdip: error: --param nonsense=1: unknown parameter (docs/model.md §5 lists them)\n");
    assert_int_equal(run_cli(f->db, "dyad NPL QAT --param w_rd=2", err, sizeof err), 2);
    assert_string_equal(err, "migdip: error: --param w_rd=2: expected a number in [0, 1], got 2\n");
    assert_int_equal(run_cli(f->db, "dyad NPL QAT --power x", err, sizeof err), 2);
    assert_string_equal(err, "migdip: error: --power x: expected composite, gdp, gdppc or cinc\n");
    assert_int_equal(run_cli(f->db, "dyad NPL QAT --bloc X", err, sizeof err), 2);
    assert_string_equal(err, "migdip: error: --bloc X: expected NAME=ISO3,ISO3,...\n");
    assert_int_equal(run_cli(f->db, "dyad X QAT --bloc X=NPL,ZZZ", err, sizeof err), 1);
    assert_string_equal(err, "migdip: error: user-defined bloc X: unknown ISO3 code \"ZZZ\"\n");
    /* an empty store: the library says what is missing, the CLI how to fill it */
    char *empty = tu_path(f->dir, "empty.db");
    migdip_ctx *made = NULL;
    assert_int_equal(migdip_ctx_open(empty, &made), MIGDIP_OK); /* an empty store, as import leaves one */
    migdip_ctx_close(made);
    assert_int_equal(run_cli(empty, "dyad NPL QAT", err, sizeof err), 1);
    assert_string_equal(err, "migdip: error: the store holds no countries yet: nothing has been imported\n"
                             "(the store is empty: run `migdip import`)\n");
    free(empty);
}

static bool is_file(const char *dir, const char *rel)
{
    char path[4096];
    struct stat st;
    snprintf(path, sizeof path, "%s/%s", dir, rel);
    return stat(path, &st) == 0 && S_ISREG(st.st_mode);
}

/* The CLI's default store is per user ($XDG_DATA_HOME, else ~/.local/share, its folder
 * created by import), or ./migdip.db without a home; never a path of the build. */
static void test_cli_default_store(void **state)
{
    (void)state;
    char *dir = tu_tmpdir(), cmd[4096];
    static const struct {
        const char *env, *where;
    } CASES[] = {
        {"-u XDG_DATA_HOME HOME=\"$PWD/home\"", "home/.local/share/migdip/migdip.db"},
        {"XDG_DATA_HOME=\"$PWD/xdg\" HOME=\"$PWD/home2\"", "xdg/migdip/migdip.db"},
        {"XDG_DATA_HOME=relative HOME=\"$PWD/home3\"", "home3/.local/share/migdip/migdip.db"},
        {"-u XDG_DATA_HOME -u HOME", "migdip.db"},
    };
    for (size_t i = 0; i < sizeof CASES / sizeof *CASES; i++) {
        snprintf(cmd, sizeof cmd, "cd '%s' && mkdir -p none && env -u MIGDIP_DB %s '%s' import --no-registry --data none >/dev/null 2>&1", dir,
                 CASES[i].env, MIGDIP_CLI);
        if (system(cmd) != 0)
            fail_msg("%s: failed", cmd);
        if (!is_file(dir, CASES[i].where))
            fail_msg("%s: no store at %s", cmd, CASES[i].where);
    }
    assert_false(is_file(dir, "relative/migdip/migdip.db"));
    /* $MIGDIP_DB wins, and its folder is the user's business */
    snprintf(cmd, sizeof cmd,
             "cd '%s' && MIGDIP_DB=\"$PWD/mine.db\" HOME=\"$PWD/home4\" '%s' import --no-registry --data none >/dev/null 2>&1", dir,
             MIGDIP_CLI);
    assert_int_equal(system(cmd), 0);
    assert_true(is_file(dir, "mine.db"));
    assert_false(is_file(dir, "home4/.local/share/migdip/migdip.db"));
    tu_rmdir(dir);
    free(dir);
}

int main(void)
{
    const struct CMUnitTest tests[] = {
        cmocka_unit_test(test_free_null),
        cmocka_unit_test_setup_teardown(test_trajectory_and_shifts, fx_setup, fx_teardown),
        cmocka_unit_test_setup_teardown(test_robust, fx_setup, fx_teardown),
        cmocka_unit_test_setup_teardown(test_screen, fx_setup, fx_teardown),
        cmocka_unit_test_setup_teardown(test_validation, fx_setup, fx_teardown),
        cmocka_unit_test_setup_teardown(test_sensitivity, fx_setup, fx_teardown),
        cmocka_unit_test_setup_teardown(test_recorded_reentry, fx_setup, fx_teardown),
        cmocka_unit_test_setup_teardown(test_explain, fx_setup, fx_teardown),
        cmocka_unit_test(test_enums),
        cmocka_unit_test_setup_teardown(test_screen_quadrant, fx_setup, fx_teardown),
        cmocka_unit_test_setup_teardown(test_power_option, fx_setup, fx_teardown),
        cmocka_unit_test_setup_teardown(test_param_override, fx_setup, fx_teardown),
        cmocka_unit_test_setup_teardown(test_cli_messages, fx_setup, fx_teardown),
        cmocka_unit_test(test_cli_default_store),
    };
    return cmocka_run_group_tests(tests, NULL, NULL);
}
