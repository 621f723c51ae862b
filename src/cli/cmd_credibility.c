/* cmd_credibility.c - `migdip credibility A B`: A threatens B; the war-of-attrition reading of
 * the two cost paths (docs/scenarios.md, "Threat credibility"): costs, holdouts, the verdict,
 * and the smallest change along each lever that would make a non-credible threat credible. */
#include <stdlib.h>
#include <string.h>

#include "cli.h"

const cli_cmd CLI_CMD_CREDIBILITY = {
    "credibility", "A B", "whether a threat is credible, and what would make it so",
    "A threatens B. By default A threatens a deployment ban for the whole horizon if A sends\n"
    "the larger corridor between them, and a visa freeze otherwise (see `migdip simulate\n"
    "--help` for SPEC). Each side's cost is cumulated in % of its own GDP; its holdout is the\n"
    "number of months until that cost reaches the tolerance (1% of GDP). The threat is credible\n"
    "if the target gives in first and pays more relative to its economy. For a threat that is\n"
    "not credible, the levers that could change that are searched: diversification (the\n"
    "threatener's capacity elsewhere x k), a coalition partner from its subregion, an agreement.\n",
    NULL, CLI_OUT | CLI_ENGINE | CLI_SIM, NULL, "--save"};

int cmd_credibility(int argc, char **argv)
{
    cli_common c;
    cli_engine e;
    cli_sim sim;
    cli_common_init(&c);
    cli_engine_init(&e);
    memset(&sim, 0, sizeof sim);
    const char *who[2];
    int code = EXIT_OK;
    migdip_ctx *ctx = NULL;
    migdip_model *m = NULL;
    migdip_sim_opts o;
    migdip_cred_result r;
    cli_sink to = {.common = &c, .engine = &e, .sim = &sim};
    int parsed = cli_parse_sides(&CLI_CMD_CREDIBILITY, argc, argv, &to, who, &code);
    if (parsed <= 0)
        goto done;
    if (!sim.scenario && !who[1]) {
        code = cli_usage_error("credibility", "two sides are needed, e.g. `migdip credibility IDN MYS`");
        goto done;
    }
    if (!(ctx = cli_open(&c, &code)))
        goto done;
    migdip_status st = cli_sim_resolve(ctx, &sim, &e, who[0], who[1], &o);
    if (st) {
        code = cli_fail_ctx(ctx, st);
        goto done;
    }
    if (!o.a || !o.b) {
        code = cli_usage_error("credibility", "two sides are needed (on the command line or in the scenario)");
        goto done;
    }
    if (!(m = cli_engine_load(ctx, &e, &code)))
        goto done;
    if ((st = migdip_credibility_run(ctx, m, &o, &r))) {
        code = cli_fail_ctx(ctx, st);
        goto done;
    }
    if (c.fmt == OUT_JSON) {
        cJSON *j = present_cred_json(&r, &o.params, migdip_model_year(m));
        cli_json_print(j, stdout);
        cJSON_Delete(j);
    } else {
        static const char *const H[] = {"side", "role", "cost_pct_gdp", "holdout_months", "beyond_horizon"};
        cli_table *t = cli_table_new(5, H);
        const char *nm[2] = {r.threatener, r.target};
        for (int s = 0; s < 2; s++)
            cli_table_addf(t, "%s\t%s\t%.4f\t%d\t%s", nm[s], s ? "target" : "threatener", r.cost_pct[s], r.holdout[s],
                           r.beyond[s] ? "yes" : "no");
        if (c.fmt == OUT_CSV) {
            cli_table_print(t, OUT_CSV, stdout);
        } else {
            printf("%s threatens %s: %s", r.threatener, r.target, migdip_shock_kind_str(r.shock.kind));
            if (r.shock.kind == MIGDIP_SHOCK_BAN || r.shock.kind == MIGDIP_SHOCK_DEPORT)
                printf(" (share %g)", r.shock.share);
            printf(", months %d-%d of %d, %d\n\n", r.shock.start, r.shock.start + r.shock.months - 1, r.months,
                   migdip_model_year(m));
            cli_table_print(t, OUT_TABLE, stdout);
            printf("\nCredible: %s\n%s\n", r.credible ? "yes" : "no", r.explanation);
            printf("\nLevers:\n");
            for (size_t k = 0; k < r.n_levers; k++)
                printf("  %-16s %s\n", r.lever[k].name, r.lever[k].note);
        }
        cli_table_free(t);
    }
done:
    migdip_model_free(m);
    migdip_ctx_close(ctx);
    cli_sim_cleanup(&sim);
    cli_engine_cleanup(&e);
    return code;
}
