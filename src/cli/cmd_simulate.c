/* cmd_simulate.c - `migdip simulate A B --shock SPEC ...`: the month-by-month disruption of
 * the corridor(s) between A and B (docs/scenarios.md, "Disruption simulator"): costs to both
 * sides, cumulated totals, quadrants before and after; scenario files in and out. */
#include <stdlib.h>
#include <string.h>

#include "cli.h"

static const cli_opt OPTS[] = {
    CLI_OPT("--svg", "FILE", "also draw both sides' cumulated costs month by month as SVG"),
    {0},
};

const cli_cmd CLI_CMD_SIMULATE = {
    "simulate", "A B", "month-by-month costs of a ban, deportations, a visa freeze or a quota",
    "Simulates a disruption of the migration between A and B month by month. A imposes the\n"
    "first shock: with a ban A is the sender and B the host; with deport, freeze or quota\n"
    "A is the host. Later shocks combine (a ban answered by deportations). Either side may\n"
    "be a bloc, or up to 8 states joined by '+' acting together (a coalition: NPL+BGD+PAK):\n"
    "each member corridor is simulated and the results are summed.\n\n"
    "SPEC (months count from 0, the first month of the horizon):\n"
    "  ban:share=S,start=M,months=N       the sender stops a share S of deployments (1: all)\n"
    "  deport:share=Q,start=M,months=N    the host removes a share Q of the stock evenly\n"
    "  freeze:start=M,months=N            the host issues no new visas\n"
    "  quota:per_month=P,start=M,months=N the host caps deployments at P a month\n",
    OPTS, CLI_OUT | CLI_ENGINE | CLI_SIM, NULL, NULL};

static void print_table(const migdip_sim_result *r, const migdip_sim_opts *o)
{
    char b1[32], b2[32], b3[32];
    printf("Disruption of the corridor%s %s -> %s, %d, %d months (sender %s, host %s)\n", r->n_corridors > 1 ? "s" : "",
           r->sender, r->host, r->year, r->months, r->sender, r->host);
    for (size_t k = 0; k < o->n_shocks; k++) {
        const migdip_shock *s = &o->shocks[k];
        printf("  shock %zu: %s", k + 1, migdip_shock_kind_str(s->kind));
        if (s->kind == MIGDIP_SHOCK_BAN || s->kind == MIGDIP_SHOCK_DEPORT)
            printf(" share %g", s->share);
        if (s->kind == MIGDIP_SHOCK_QUOTA)
            printf(" %g a month", s->per_month);
        printf(", months %d-%d\n", s->start, s->start + s->months - 1);
    }
    const migdip_sim_params *p = &o->params;
    printf("  workforce W0 %s (the stock, %zu corridor%s); deployments %s a month (contracts %g months)\n",
           cli_grouped(b1, sizeof b1, r->stock0), r->n_corridors, r->n_corridors > 1 ? "s" : "",
           cli_grouped(b2, sizeof b2, r->deploy_base), p->contract_months);
    printf("  remittances %s US$ a worker a month; redirection %.3f a month, capped at %g%% a month of %s "
           "emigrants elsewhere (x%g)\n",
           cli_num(b1, sizeof b1, r->remit_per_worker, 2), p->redirect_rate, p->absorb_growth * 100,
           cli_grouped(b2, sizeof b2, r->absorb_capacity), p->absorb_mult);
    printf("  substitutability %.3f, alternative supply %s (substitutes fill over %g months, at most %g%% of it a "
           "month); recruitment lag %g months; productivity ratio %g\n",
           r->substitutability, cli_grouped(b3, sizeof b3, r->alt_supply), p->subst_lag, p->alt_growth * 100,
           p->recruit_lag, p->productivity);
    if (r->note[0])
        printf("  data gap: %s\n", r->note);
    static const char *const H[] = {"month", "remit_lost_usd", "remit_%gdp", "stranded", "redirected",
                                    "shortfall", "shortfall_%lf", "replaced", "output_%gdp"};
    cli_table *t = cli_table_new(9, H);
    for (int m = 0; m < r->months; m++) {
        const migdip_sim_month *x = &r->month[m];
        char c[9][32];
        snprintf(c[0], 32, "%d", x->month);
        cli_grouped(c[1], 32, x->remit_lost_usd);
        cli_num(c[2], 32, x->remit_lost_pct_gdp, 4);
        cli_grouped(c[3], 32, x->stranded);
        cli_grouped(c[4], 32, x->redirected);
        cli_grouped(c[5], 32, x->shortfall);
        cli_num(c[6], 32, x->shortfall_pct_lf, 4);
        cli_grouped(c[7], 32, x->replaced);
        cli_num(c[8], 32, x->output_lost_pct_gdp, 4);
        const char *cells[9] = {c[0], c[1], c[2], c[3], c[4], c[5], c[6], c[7], c[8]};
        cli_table_add(t, cells);
    }
    printf("\nSender %s (remittances %% of monthly GDP), host %s (shortfall %% of labour force, output %% of "
           "monthly GDP):\n",
           r->sender, r->host);
    cli_table_print(t, OUT_TABLE, stdout);
    cli_table_free(t);
    const migdip_sim_month *e = &r->month[r->months - 1];
    printf("\nCumulated over %d months:\n", r->months);
    printf("  %s: remittances lost %s US$ (%s%% of annual GDP); %s stranded and %s redirected at the end\n",
           r->sender, cli_grouped(b1, sizeof b1, e->cum_remit_lost_usd), cli_num(b2, sizeof b2, e->cum_remit_lost_pct_gdp, 3),
           cli_grouped(b3, sizeof b3, e->stranded), cli_grouped((char[32]){0}, 32, e->redirected));
    printf("  %s: output lost %s US$ (%s%% of annual GDP); %s replaced, shortfall %s at the end\n", r->host,
           cli_grouped(b1, sizeof b1, e->cum_output_lost_usd), cli_num(b2, sizeof b2, e->cum_output_lost_pct_gdp, 3),
           cli_grouped(b3, sizeof b3, e->replaced), cli_grouped((char[32]){0}, 32, e->shortfall));
    printf("\nQuadrants before -> after (stock %s -> %s = W at the end, redirected workers moved to %s's other "
           "destinations):\n",
           r->sender, r->host, r->sender);
    const char *nm[2] = {r->a, r->b};
    for (int s = 0; s < 2; s++)
        printf("  %-12s exposure %.3f -> %.3f   %s -> %s\n", nm[s], r->before.side[s].exposure,
               r->after.side[s].exposure, migdip_quadrant_code(r->before.quadrant[s]),
               migdip_quadrant_code(r->after.quadrant[s]));
}

static void print_csv(const migdip_sim_result *r)
{
    cli_table *t = cli_table_new(present_sim_n_month_cols, present_sim_month_cols);
    double v[present_sim_n_month_cols];
    char c[present_sim_n_month_cols][32];
    const char *cells[present_sim_n_month_cols];
    for (int m = 0; m < r->months; m++) {
        present_sim_month_values(&r->month[m], v);
        for (size_t k = 0; k < present_sim_n_month_cols; k++)
            cells[k] = cli_num(c[k], sizeof c[k], v[k], k == 0 ? 0 : 6);
        cli_table_add(t, cells);
    }
    cli_table_print(t, OUT_CSV, stdout);
    cli_table_free(t);
}

typedef struct sim_args {
    cli_sim sim;
    const char *svg;
} sim_args;

static int sim_opt(void *ud, const char *cmd, const char *opt, const char *val)
{
    sim_args *s = ud;
    if (opt && !strcmp(opt, "--svg"))
        return cli_svg_set(&s->svg, cmd, val) < 0 ? -1 : 1;
    return 0;
}

int cmd_simulate(int argc, char **argv)
{
    cli_common c;
    cli_engine e;
    sim_args sa;
    cli_common_init(&c);
    cli_engine_init(&e);
    memset(&sa, 0, sizeof sa);
    const char *who[2];
    int code = EXIT_OK;
    migdip_ctx *ctx = NULL;
    migdip_model *m = NULL;
    migdip_sim_result *r = NULL;
    migdip_sim_opts o;
    cli_sink to = {.common = &c, .engine = &e, .sim = &sa.sim, .own = sim_opt, .ud = &sa};
    int parsed = cli_parse_sides(&CLI_CMD_SIMULATE, argc, argv, &to, who, &code);
    if (parsed <= 0)
        goto done;
    if (!sa.sim.scenario && (!who[1] || !sa.sim.n_shocks)) {
        code = cli_usage_error("simulate", "two sides and a shock are needed, e.g. `migdip simulate IDN MYS --shock "
                                           "ban:share=1,months=12`");
        goto done;
    }
    if (!(ctx = cli_open(&c, &code)))
        goto done;
    migdip_status st = cli_sim_resolve(ctx, &sa.sim, &e, who[0], who[1], &o);
    if (!st && (!o.a || !o.b || !o.n_shocks))
        code = cli_usage_error("simulate", "two sides and a shock are needed (on the command line or in the scenario)");
    if (st)
        code = cli_fail_ctx(ctx, st);
    if (code)
        goto done;
    if (!(m = cli_engine_load(ctx, &e, &code)))
        goto done;
    if ((st = migdip_sim_run(ctx, m, &o, &r))) {
        code = cli_fail_ctx(ctx, st);
        goto done;
    }
    if (sa.sim.save && (st = migdip_scenario_save(ctx, sa.sim.save, &o, migdip_model_year(m)))) {
        code = cli_fail_ctx(ctx, st);
        goto done;
    }
    if (sa.svg && (code = cli_write_doc(sa.svg, present_chart_sim(r, &o.params, migdip_power_name(e.opts.power)))))
        goto done;
    if (c.fmt == OUT_JSON) {
        cJSON *j = present_sim_json(r, &o);
        cli_json_print(j, stdout);
        cJSON_Delete(j);
    } else if (c.fmt == OUT_CSV) {
        print_csv(r);
    } else {
        print_table(r, &o);
    }
done:
    migdip_sim_result_free(r);
    migdip_model_free(m);
    migdip_ctx_close(ctx);
    cli_sim_cleanup(&sa.sim);
    cli_engine_cleanup(&e);
    return code;
}
