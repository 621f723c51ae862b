/* cmd_robust.c - `migdip robust A B`: Monte Carlo robustness of the dyad's verdict (docs/model.md
 * §7): each side's probability of each logic over draws of the parameters and the data, and
 * the parameters the verdict is most sensitive to. */
#include <stdlib.h>
#include <string.h>

#include "cli.h"

static const cli_opt OPTS[] = {
    CLI_OPT("--draws", "N", "number of draws (1-1000000, default 1000)"),
    CLI_OPT("--svg", "FILE", "also draw the probabilities as SVG"),
    {0},
};

const cli_cmd CLI_CMD_ROBUST = {
    "robust", "A B", "Monte Carlo robustness of a verdict: probability of each logic",
    "Draws the model's parameters uniformly within their prior ranges (docs/model.md section 7)\n"
    "and the data (migrant stocks and bilateral remittance shares, lognormal with the relative\n"
    "errors documented there), evaluates the dyad once per draw, and reports each side's\n"
    "probability of each logic, the probability of the verdict itself, and the three\n"
    "parameters that move it most. The same --seed gives the same figures on any number of\n"
    "threads; a progress bar shows on a terminal.\n",
    OPTS, CLI_OUT | CLI_ENGINE | CLI_DRAWS, NULL, NULL};

typedef struct robust_args {
    migdip_robust_opts o;
    cli_draws d;
    const char *svg;
} robust_args;

static int robust_opt(void *ud, const char *cmd, const char *a, const char *v)
{
    robust_args *r = ud;
    if (a && !strcmp(a, "--svg"))
        return cli_svg_set(&r->svg, cmd, v) < 0 ? -1 : 1;
    if (!a || strcmp(a, "--draws"))
        return 0;
    char *end;
    unsigned long long x = strtoull(v, &end, 10);
    if (*end || v[0] == '-' || !v[0] || x < 1 || x > 1000000ull) {
        cli_usage_error(cmd, "--draws: expected a whole number from 1 to 1000000, got \"%s\"", v);
        return -1;
    }
    r->o.draws = (size_t)x;
    return 1;
}

int cmd_robust(int argc, char **argv)
{
    cli_common c;
    cli_engine e;
    const char *who[2];
    int code;
    robust_args ra = {.d = {.seed = 1}};
    if (!cli_two_sides(&CLI_CMD_ROBUST, "migdip robust MYS IDN", argc, argv, &c, &e,
                       (cli_sink){.draws = &ra.d, .own = robust_opt, .ud = &ra}, who, &code))
        return code;
    ra.o.seed = ra.d.seed;
    ra.o.threads = ra.d.threads;
    ra.o.fixed_params = ra.d.data_only;
    ra.o.fixed_data = ra.d.params_only;
    ra.o.split = cli_draws_split();
    ra.o.progress = cli_draws_progress();
    migdip_ctx *ctx = cli_open(&c, &code);
    migdip_model *m = ctx ? cli_engine_load(ctx, &e, &code) : NULL;
    migdip_actor a, b;
    migdip_robust r;
    if (!m)
        goto done;
    migdip_status st = migdip_actor_resolve(ctx, m, who[0], &a);
    if (!st)
        st = migdip_actor_resolve(ctx, m, who[1], &b);
    if (!st)
        st = migdip_robust_run(ctx, m, &a, &b, &ra.o, &r);
    if (st) {
        code = cli_fail_ctx(ctx, st);
        goto done;
    }
    if (ra.svg && (code = cli_write_doc(ra.svg, present_chart_robust(&a, &b, &r, migdip_power_name(e.opts.power)))))
        goto done;
    if (c.fmt == OUT_JSON) {
        cJSON *j = present_robust_json(&a, &b, &r, ra.o.seed, ra.o.split ? ra.o.split->size : 1);
        cli_json_print(j, stdout);
        cJSON_Delete(j);
        goto done;
    }
    static const char *const H[] = {"side", "verdict", "I", "II", "III", "IV", "mutual", "out-of-scope", "none"};
    cli_table *t = cli_table_new(9, H);
    const migdip_actor *act[2] = {&a, &b};
    const double *pr[2] = {r.p_a, r.p_b};
    for (int s = 0; s < 2; s++)
        cli_table_addf(t, "%s\t%s\t%.3f\t%.3f\t%.3f\t%.3f\t%.3f\t%.3f\t%.3f", act[s]->name,
                       migdip_quadrant_code(r.base.quadrant[s]), pr[s][MIGDIP_Q_I], pr[s][MIGDIP_Q_II],
                       pr[s][MIGDIP_Q_III], pr[s][MIGDIP_Q_IV], pr[s][MIGDIP_Q_MUTUAL], pr[s][MIGDIP_Q_OUT],
                       pr[s][MIGDIP_Q_NONE]);
    if (c.fmt == OUT_TABLE)
        printf("%s (%s) and %s (%s), %d: %zu draws (seed %llu)\n\n", a.title, a.name, b.title, b.name, r.base.year,
               r.draws, (unsigned long long)ra.o.seed);
    cli_table_print(t, c.fmt, stdout);
    cli_table_free(t);
    if (c.fmt == OUT_TABLE) {
        printf("\nThe verdict %s/%s holds in %.0f%% of the draws (parameters in their prior ranges; stocks "
               "and remittance shares with relative errors %.2f and %.2f).\n",
               migdip_quadrant_code(r.base.quadrant[0]), migdip_quadrant_code(r.base.quadrant[1]), 100 * r.p_same,
               r.sigma_stock, r.sigma_remit);
        if (r.sensitive[0][0]) {
            printf("Most sensitive to:");
            for (int s2 = 0; s2 < 3 && r.sensitive[s2][0]; s2++)
                printf("%s %s (%.2f)", s2 ? "," : "", r.sensitive[s2], r.effect[s2]);
            printf(" (difference in the verdict's probability between the upper and lower half of the range)\n");
        }
    }
done:
    migdip_model_free(m);
    migdip_ctx_close(ctx);
    cli_engine_cleanup(&e);
    return code;
}
