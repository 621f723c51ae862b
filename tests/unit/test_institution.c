/* test_institution.c - the institutionalisation rules of docs/model.md §2.4 (core/institution.c)
 * with values computed by hand: agreement weights from the rule-bound provisions, recency, the
 * noisy-or, the privileged kinds; then the model loader on a six-state store whose registry is
 * imported from CSV, where the scheme tie comes from the kind (free-movement, scheme) and never
 * from the name. */
#include "testutil.h"

#include "api/model.h"
#include "core/institution.h"

/* ------------------------------------------------------------------ the pure rules */

static void test_agreement_weight(void **state)
{
    (void)state;
    assert_int_equal(MG_INSTITUTION_N_RULE_BOUND, 6);
    /* 0.3 + 0.5 x present / 6 */
    assert_float_equal(mg_institution_agreement_weight(0, 5), 0.3, 1e-15);
    assert_float_equal(mg_institution_agreement_weight(3, 10), 0.55, 1e-15);
    assert_float_equal(mg_institution_agreement_weight(2, 4), 0.3 + 1.0 / 6, 1e-15);
    assert_float_equal(mg_institution_agreement_weight(6, 6), 0.8, 1e-15);
    /* not coded: 0.4 whatever the count says */
    assert_float_equal(mg_institution_agreement_weight(0, 0), 0.4, 0);
    assert_float_equal(mg_institution_agreement_weight(6, 0), 0.4, 0);
    /* the six provisions, as agreement_provision names them */
    const char *want[] = {"joint_commit", "disputes_emp_mig", "govt_agencies", "info_exch", "recruit_auth",
                          "prot_equal"};
    for (int k = 0; k < MG_INSTITUTION_N_RULE_BOUND; k++)
        assert_string_equal(mg_institution_rule_bound[k], want[k]);
}

static void test_recency_and_strength(void **state)
{
    (void)state;
    assert_float_equal(mg_institution_recency(0, 15), 1.0, 0);
    assert_float_equal(mg_institution_recency(15, 15), 0.5, 1e-15);
    assert_float_equal(mg_institution_recency(30, 15), 0.25, 1e-15);
    assert_float_equal(mg_institution_recency(7.5, 15), 0.70710678118654752, 1e-15);
    assert_float_equal(mg_institution_recency(10, 5), 0.25, 1e-15);
    assert_float_equal(mg_institution_strength(0.8, 15, 15), 0.4, 1e-15);
    assert_float_equal(mg_institution_strength(0.6, 0, 15), 0.6, 0);
}

static void test_noisy_or(void **state)
{
    (void)state;
    /* the index is a float: values within a float's precision */
    assert_float_equal(mg_institution_combine(0, 0.4), 0.4, 1e-7);
    assert_float_equal(mg_institution_combine(0.4f, 0.5), 0.7, 1e-7);  /* 1 - 0.6 x 0.5 */
    assert_float_equal(mg_institution_combine(0.7f, 0.5), 0.85, 1e-7); /* 1 - 0.3 x 0.5 */
    /* the order of the institutions does not matter */
    assert_float_equal(mg_institution_combine(mg_institution_combine(0, 0.5), 0.4), 0.7, 1e-7);
    assert_float_equal(mg_institution_combine(0.3f, 1.0), 1.0, 0); /* a full one saturates */
    assert_float_equal(mg_institution_combine(0.3f, 0.0), 0.3, 1e-7); /* a zero one adds nothing */
}

static void test_privileged_kinds(void **state)
{
    (void)state;
    assert_true(mg_institution_privileged("scheme"));
    assert_true(mg_institution_privileged("free-movement"));
    assert_false(mg_institution_privileged("framework"));
    assert_false(mg_institution_privileged("agreement"));
    assert_false(mg_institution_privileged("mou"));
    assert_false(mg_institution_privileged("Free movement of workers")); /* a name is not a kind */
    assert_false(mg_institution_privileged(NULL));
}

static void test_add_to_panel(void **state)
{
    (void)state;
    mg_panel *p = mg_panel_new(3, 2020);
    assert_non_null(p);
    mg_institution_add(p, 0, 1, 0.4, false);
    assert_float_equal(p->inst[0 * 3 + 1], 0.4f, 0);
    assert_float_equal(p->inst[1 * 3 + 0], 0.4f, 0);
    assert_int_equal(p->scheme[0 * 3 + 1], 0);
    mg_institution_add(p, 1, 0, 0.5, true); /* either order, both directions */
    assert_float_equal(p->inst[0 * 3 + 1], 0.7f, 1e-7);
    assert_float_equal(p->inst[1 * 3 + 0], 0.7f, 1e-7);
    assert_int_equal(p->scheme[0 * 3 + 1], 1);
    assert_int_equal(p->scheme[1 * 3 + 0], 1);
    mg_institution_add(p, 2, 2, 0.9, true); /* a state with itself: nothing */
    for (size_t i = 0; i < 9; i++)
        if (i != 1 && i != 3) {
            assert_float_equal(p->inst[i], 0, 0);
            assert_int_equal(p->scheme[i], 0);
        }
    mg_panel_free(p);
}

/* ------------------------------------------------------------------ the loader */

/* Stocks in 2020 (the model needs some to load); two Chilton & Woda treaties: NPL-QAT 2005 with
 * two of the six provisions among four coded (0.3 + 0.5 x 2/6, then halved by 15 years of age),
 * EST-NPL 2020 not coded (0.4). */
static const char SEED_SQL[] =
    "INSERT INTO vintage(id,dataset,source,edition,released,file,sha256,importer,imported_at) VALUES"
    " (1,'undesa-ims','UN DESA','2020','2021-01-15','s.csv','11','undesa-ims-long','now'),"
    " (2,'bla','Chilton & Woda','1','2020-01-01','bla.csv','22','bla-formation','now');"
    "INSERT INTO stock VALUES(1,'NPL','QAT',2020,'T',400000,1),(1,'NPL','ARE',2020,'T',300000,1),"
    " (1,'EST','LVA',2020,'T',20000,1),(1,'LTU','LVA',2020,'T',10000,1);"
    "INSERT INTO agreement(vintage_id,treaty_id,a,b,year,source) VALUES(2,1,'NPL','QAT',2005,'cw'),"
    " (2,2,'EST','NPL',2020,'cw'),(2,3,'EST','QAT',2021,'cw');"
    "INSERT INTO agreement_provision VALUES(2,1,'joint_commit',1),(2,1,'info_exch',1),(2,1,'recruit_auth',0),"
    " (2,1,'health',1);";

static const char BLOCS[] = "bloc,title,kind,source\n"
                            "EU,European Union,regional-organisation,s\n"
                            "GULF,Two Gulf states,regional-organisation,s\n";
static const char MEMBERS[] = "bloc,iso3,year_from,year_to,role,source\n"
                              "EU,EST,2004,,member,s\nEU,LVA,2004,,member,s\nEU,LTU,2004,,member,s\n"
                              "GULF,QAT,1981,,member,s\nGULF,ARE,1981,,member,s\n";
/* EU-FMW: free-movement with the kind's default weight (0.8), 15 years old: 0.4 and the tie;
 * GULF-FM: free movement in its name but kind framework: 0.5, no tie; NPL-QAT-S: a scheme
 * (0.6, the tie); NPL-ARE: an MoU of 2005 (0.8, halved) and an agreement of 2020 (0.5). */
static const char INSTITUTIONS[] = "id,kind,name,a,b,year_from,year_to,weight,source\n"
                                   "EU-FMW,free-movement,Union citizenship: residence and work,EU,EU,2005,,,s\n"
                                   "GULF-FM,framework,Free movement of nationals,GULF,GULF,2020,,0.5,s\n"
                                   "NPL-QAT-S,scheme,Seasonal scheme,NPL,QAT,2020,,0.6,s\n"
                                   "NPL-ARE-MOU,mou,MoU,NPL,ARE,2005,,0.8,s\n"
                                   "NPL-ARE-AGR,agreement,Agreement,NPL,ARE,2020,,0.5,s\n";

static void test_loader_scheme_tie_from_kind(void **state)
{
    (void)state;
    tu_fx f = tu_fx_open("ARE=United Arab Emirates;EST=Estonia;LTU=Lithuania;LVA=Latvia;NPL=Nepal;QAT=Qatar");
    tu_exec_sql(f.db, SEED_SQL);
    assert_int_equal(tu_import_text(&f, "reg/blocs.csv", BLOCS, NULL), MIGDIP_OK);
    assert_int_equal(tu_import_text(&f, "reg/bloc_members.csv", MEMBERS, NULL), MIGDIP_OK);
    assert_int_equal(tu_import_text(&f, "reg/institutions.csv", INSTITUTIONS, NULL), MIGDIP_OK);
    tu_assert_text(f.db, "SELECT kind||'|'||weight FROM institution WHERE id='EU-FMW'", "free-movement|0.8");

    migdip_model_opts o = {.year = 2020};
    migdip_model *m = NULL;
    assert_int_equal(migdip_model_load(f.ctx, &o, &m), MIGDIP_OK);
    const mg_panel *p = mg_model_panel(m);
    size_t n = p->n; /* the six, and the special codes the store seeds itself */
    long ARE = mg_panel_find(p, "ARE"), EST = mg_panel_find(p, "EST"), LTU = mg_panel_find(p, "LTU"),
         LVA = mg_panel_find(p, "LVA"), NPL = mg_panel_find(p, "NPL"), QAT = mg_panel_find(p, "QAT");
    assert_true(ARE >= 0 && EST >= 0 && LTU >= 0 && LVA >= 0 && NPL >= 0 && QAT >= 0);
#define INST(x, y) p->inst[(size_t)(x) * n + (size_t)(y)]
#define TIE(x, y) p->scheme[(size_t)(x) * n + (size_t)(y)]
    /* free-movement: every pair of the bloc, both directions, with the tie, once: a row whose
     * sides are one bloc enters the noisy-or once per member pair (it entered twice, 0.64,
     * before session 4 fixed it); and the pair is marked free movement (§4.1) */
    assert_float_equal(INST(EST, LVA), 0.4f, 1e-6);
    assert_float_equal(INST(LVA, LTU), 0.4f, 1e-6);
    assert_int_equal(p->freemove[(size_t)EST * n + (size_t)LVA], 1);
    assert_int_equal(p->freemove[(size_t)LVA * n + (size_t)EST], 1);
    assert_int_equal(p->channel[(size_t)EST * n + (size_t)LVA], 0);
    assert_float_equal(INST(LTU, EST), 0.4f, 1e-6);
    assert_int_equal(TIE(EST, LVA) + TIE(LVA, EST) + TIE(LVA, LTU) + TIE(LTU, EST), 4);
    /* "free movement" in a framework's name gives no tie and no free movement (weight 0.5) */
    assert_float_equal(INST(QAT, ARE), 0.5f, 1e-6);
    assert_int_equal(p->freemove[(size_t)QAT * n + (size_t)ARE], 0);
    assert_int_equal(TIE(QAT, ARE), 0);
    assert_int_equal(TIE(ARE, QAT), 0);
    /* the scheme and the 2005 treaty: 1 - (1 - (0.3 + 0.5 x 2/6) / 2)(1 - 0.6) */
    double cw = (0.3 + 0.5 * 2 / 6.0) * 0.5;
    assert_float_equal(INST(NPL, QAT), 1 - (1 - cw) * (1 - 0.6), 1e-6);
    assert_int_equal(TIE(QAT, NPL), 1);
    /* a scheme, an MoU, an agreement and a recent treaty are channels the sender controls (§2.5) */
    assert_int_equal(p->channel[(size_t)NPL * n + (size_t)QAT], 1);
    assert_int_equal(p->channel[(size_t)ARE * n + (size_t)NPL], 1);
    assert_int_equal(p->channel[(size_t)QAT * n + (size_t)ARE], 0);
    /* an MoU and an agreement: 1 - (1 - 0.4)(1 - 0.5), no tie */
    assert_float_equal(INST(ARE, NPL), 0.7f, 1e-6);
    assert_int_equal(TIE(NPL, ARE), 0);
    /* an uncoded treaty: 0.4; one not yet in force (2021): nothing */
    assert_float_equal(INST(EST, NPL), 0.4f, 1e-6);
    assert_float_equal(INST(EST, QAT), 0, 0);
#undef INST
#undef TIE
    migdip_model_free(m);
    tu_fx_close(&f);
}

int main(void)
{
    const struct CMUnitTest tests[] = {
        cmocka_unit_test(test_agreement_weight),
        cmocka_unit_test(test_recency_and_strength),
        cmocka_unit_test(test_noisy_or),
        cmocka_unit_test(test_privileged_kinds),
        cmocka_unit_test(test_add_to_panel),
        cmocka_unit_test(test_loader_scheme_tie_from_kind),
    };
    return cmocka_run_group_tests(tests, NULL, NULL);
}
