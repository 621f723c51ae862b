/* cmd_validate.c - `migdip validate`: the seeds' cases and the development set of documented
 * episodes, expected against computed, beside the naive baseline. Honest disagreements are
 * results: the command exits 0 whenever it ran. */
#include <string.h>

#include "cli.h"

static const cli_opt OPTS[] = {
    CLI_OPT("--sensitivity", NULL, "instead, vary each default within a plausible range, one at a time, and show the "
                            "agreement and the cases whose verdict changes"),
    {0},
};

const cli_cmd CLI_CMD_VALIDATE = {
    "validate", NULL, "the seeds' cases: expected and computed quadrants",
    "Runs every dyad the seed documents classify (the article's four cases and its\n"
    "illustrative cases) and every episode of the development set (documented bans, freezes,\n"
    "deportations, agreements and out-of-scope relations, each with its source: the registry's\n"
    "episodes.csv; docs/validation.md) and prints, for each state, the expected and the computed\n"
    "strategic logic, whether the verdict agrees with the record, abstains or contradicts it,\n"
    "the same for the naive baseline (the stronger state coerces, the weaker accommodates),\n"
    "and for each disagreement the reason: a data gap, a factor the data cannot see, or a limit\n"
    "of the model. Every case is evaluated in its own year: there is no --year.\n",
    OPTS, CLI_OUT | CLI_ENGINE, NULL, "--year"};

static int own(void *ud, const char *cmd, const char *opt, const char *val)
{
    (void)cmd, (void)val;
    if (!opt || strcmp(opt, "--sensitivity"))
        return 0;
    *(bool *)ud = true;
    return 1;
}

static void add_tally(cJSON *o, const char *key, const migdip_validation_tally *t)
{
    cJSON *x = cJSON_AddObjectToObject(o, key);
    cJSON_AddNumberToObject(x, "states", (double)t->states);
    cJSON_AddNumberToObject(x, "agree", (double)t->agree);
    cJSON_AddNumberToObject(x, "abstain", (double)t->abstain);
    cJSON_AddNumberToObject(x, "contradict", (double)t->contradict);
}

static void print_tally(const cli_common *c, const char *what, size_t cases, const migdip_validation_tally *m,
                        const migdip_validation_tally *b)
{
    char text[512];
    snprintf(text, sizeof text, "%s (%zu, %zu states): the model agrees %zu, abstains %zu, contradicts %zu; the naive baseline\n"
           "  (the stronger state coerces, the weaker accommodates) agrees %zu, abstains %zu, contradicts %zu.\n",
           what, cases, m->states, m->agree, m->abstain, m->contradict, b->agree, b->abstain, b->contradict);
    cli_print_prose(c, text); /* wrapped on a terminal */
}

static int sensitivity(migdip_ctx *ctx, const cli_common *c, cli_engine *e)
{
    migdip_sensitivity *sens = NULL;
    migdip_status st = migdip_sensitivity_run(ctx, &e->opts, &sens);
    if (st)
        return cli_fail_ctx(ctx, st);
    static const char *const H[] = {"parameter", "value", "article_agree", "seeds_agree", "dev_agree",
                                    "dev_abstain", "dev_contradict", "changed"};
    cli_table *t = cli_table_new(8, H);
    for (size_t k = 0; k < sens->n; k++) {
        const migdip_sensitivity_row *r = &sens->rows[k];
        cli_table_addf(t, "%s\t%s\t%zu/%zu\t%zu/%zu\t%zu\t%zu\t%zu\t%s", r->param, r->value, r->article_agree,
                       r->article_states, r->all_agree, r->all_states, r->dev.agree, r->dev.abstain,
                       r->dev.contradict, r->changed);
    }
    cli_table_print(t, c->fmt, stdout);
    cli_table_free(t);
    migdip_sensitivity_free(sens);
    return EXIT_OK;
}

int cmd_validate(int argc, char **argv)
{
    cli_common c;
    cli_engine e;
    cli_common_init(&c);
    cli_engine_init(&e);
    int code = EXIT_OK;
    bool sens = false;
    cli_sink to = {.common = &c, .engine = &e, .own = own, .ud = &sens};
    if (cli_parse(&CLI_CMD_VALIDATE, argc, argv, &to, &code) <= 0) {
        cli_engine_cleanup(&e);
        return code;
    }
    migdip_ctx *ctx = cli_open(&c, &code);
    if (!ctx) {
        cli_engine_cleanup(&e);
        return code;
    }
    if (sens) {
        code = sensitivity(ctx, &c, &e);
        migdip_ctx_close(ctx);
        cli_engine_cleanup(&e);
        return code;
    }
    migdip_validation *v = NULL;
    migdip_status st = migdip_validation_run(ctx, &e.opts, &v);
    if (st) {
        code = cli_fail_ctx(ctx, st);
        goto done;
    }
    static const char *const H[] = {"set", "case", "year", "a", "expected_a", "computed_a", "b", "expected_b",
                                    "computed_b", "exposure_a", "exposure_b", "agree", "verdicts", "naive",
                                    "naive_verdicts", "reason"};
    /* JSON and CSV: one value a cell, numbers as numbers at full precision, the same keys */
    static const char *const HD[] = {"set", "case", "year", "a", "expected_a", "computed_a", "b", "expected_b",
                                     "computed_b", "exposure_a", "exposure_b", "agree", "verdict_a", "verdict_b",
                                     "naive_a", "naive_b", "naive_verdict_a", "naive_verdict_b", "reason"};
    bool data = c.fmt != OUT_TABLE;
    cli_table *t = data ? cli_table_new(19, HD) : cli_table_new(16, H);
    static const char *const TEXT[] = {"set", "case", "a", "expected_a", "computed_a", "b", "expected_b",
                                       "computed_b", "verdict_a", "verdict_b", "naive_a", "naive_b",
                                       "naive_verdict_a", "naive_verdict_b", "reason"};
    for (size_t k = 0; data && k < sizeof TEXT / sizeof *TEXT; k++)
        cli_table_text(t, TEXT[k]);
    for (size_t k = 0; data && k < v->n; k++) {
        const migdip_validation_row *r = &v->rows[k];
        char ea[32] = "", eb[32] = "";
        if (r->evaluated) {
            snprintf(ea, sizeof ea, "%.17g", r->exposure_a);
            snprintf(eb, sizeof eb, "%.17g", r->exposure_b);
        }
        cli_table_addf(t, "%s\t%s\t%d\t%s\t%s\t%s\t%s\t%s\t%s\t%s\t%s\t%d\t%s\t%s\t%s\t%s\t%s\t%s\t%s", r->set,
                       r->id, r->year, r->a, r->expect_a, r->evaluated ? migdip_quadrant_code(r->got_a) : "", r->b,
                       r->expect_b, r->evaluated ? migdip_quadrant_code(r->got_b) : "", ea, eb,
                       r->agree_a + r->agree_b, migdip_verdict_str(r->verdict_a), migdip_verdict_str(r->verdict_b),
                       r->naive_a ? migdip_quadrant_code(r->naive_a) : "",
                       r->naive_b ? migdip_quadrant_code(r->naive_b) : "", migdip_verdict_str(r->naive_verdict_a),
                       migdip_verdict_str(r->naive_verdict_b), r->reason);
    }
    for (size_t k = 0; !data && k < v->n; k++) {
        const migdip_validation_row *r = &v->rows[k];
        int ok = r->agree_a + r->agree_b;
        char ea[16] = "", eb[16] = "";
        if (r->evaluated) {
            snprintf(ea, sizeof ea, "%.3f", r->exposure_a);
            snprintf(eb, sizeof eb, "%.3f", r->exposure_b);
        }
        cli_table_addf(t, "%s\t%s\t%d\t%s\t%s\t%s\t%s\t%s\t%s\t%s\t%s\t%d/2\t%s/%s\t%s/%s\t%s/%s\t%s", r->set, r->id,
                       r->year, r->a, r->expect_a, r->evaluated ? migdip_quadrant_code(r->got_a) : "n/a", r->b,
                       r->expect_b, r->evaluated ? migdip_quadrant_code(r->got_b) : "n/a", ea, eb, ok,
                       migdip_verdict_str(r->verdict_a), migdip_verdict_str(r->verdict_b),
                       r->naive_a ? migdip_quadrant_code(r->naive_a) : "n/a",
                       r->naive_b ? migdip_quadrant_code(r->naive_b) : "n/a",
                       migdip_verdict_str(r->naive_verdict_a), migdip_verdict_str(r->naive_verdict_b), r->reason);
    }
    if (c.fmt == OUT_JSON) {
        cJSON *j = cJSON_CreateObject();
        cJSON_AddItemToObject(j, "cases", cli_table_json(t));
        cJSON *s = cJSON_AddObjectToObject(j, "agreement");
        cJSON_AddNumberToObject(s, "states", (double)v->states);
        cJSON_AddNumberToObject(s, "agree", (double)v->agree);
        cJSON_AddNumberToObject(s, "article_states", (double)v->article_states);
        cJSON_AddNumberToObject(s, "article_agree", (double)v->article_agree);
        cJSON *sum = cJSON_AddObjectToObject(j, "verdicts");
        add_tally(sum, "seeds", &v->seeds);
        add_tally(sum, "seeds_naive", &v->seeds_naive);
        add_tally(sum, "dev", &v->dev);
        add_tally(sum, "dev_naive", &v->dev_naive);
        cli_json_print(j, stdout);
        cJSON_Delete(j);
    } else {
        cli_table_print(t, c.fmt, stdout);
        if (c.fmt == OUT_TABLE) {
            char text[160];
            snprintf(text, sizeof text,
                     "\nAgreement: the article's four cases %zu/%zu states; all cases %zu/%zu states.\n", v->article_agree, v->article_states, v->agree, v->states);
            cli_print_prose(&c, text);
            print_tally(&c, "The seeds' cases", v->n_seeds, &v->seeds, &v->seeds_naive);
            print_tally(&c, "The development set", v->n - v->n_seeds, &v->dev, &v->dev_naive);
        }
    }
    cli_table_free(t);
done:
    migdip_validation_free(v);
    migdip_ctx_close(ctx);
    cli_engine_cleanup(&e);
    return code;
}
