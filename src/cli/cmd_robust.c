/* cmd_robust.c - `migdip robust A B`: Monte Carlo robustness of the dyad's verdict (docs/model.md
 * §7): each side's probability of each logic over draws of the parameters and the data, and
 * the parameters the verdict is most sensitive to. */
#include <stdlib.h>
#include <string.h>
#include <unistd.h>

#include "cli.h"

static const char HELP[] =
    "usage: migdip robust A B [--draws N] [--seed S] [--threads T] [--params-only|--data-only]\n"
    "                     [--year Y] [--edition Y] [--power M] [--param NAME=VALUE] [--svg FILE] [--json|--csv]\n\n"
    "Draws the model's parameters uniformly within their prior ranges (docs/model.md section 7)\n"
    "and the data (migrant stocks and bilateral remittance shares, lognormal with the relative\n"
    "errors documented there), evaluates the dyad once per draw, and reports each side's\n"
    "probability of each logic, the probability of the verdict itself, and the three\n"
    "parameters that move it most. The same --seed gives the same figures on any number of\n"
    "threads; a progress bar shows on a terminal.\n\n"
    "Options:\n"
    "  --draws N           number of draws (default 1000, at most 1000000)\n"
    "  --seed S            the generator's seed (default 1)\n"
    "  --threads T         OpenMP threads (default: all cores)\n"
    "  --params-only       draw the parameters only; --data-only: the data only\n"
    "  --svg FILE          also draw the probabilities as SVG\n" CLI_ENGINE_HELP;

typedef struct robust_args {
    migdip_robust_opts o;
    const char *svg;
} robust_args;

static int robust_opt(void *ud, const char *cmd, int argc, char **argv, int *i)
{
    robust_args *r = ud;
    const char *a = argv[*i];
    int svg = cli_svg_opt(&r->svg, cmd, argc, argv, i);
    if (svg)
        return svg;
    if (!strcmp(a, "--params-only") || !strcmp(a, "--data-only")) {
        if (!strcmp(a, "--params-only"))
            r->o.fixed_data = true;
        else
            r->o.fixed_params = true;
        return 1;
    }
    bool takes = !strcmp(a, "--draws") || !strcmp(a, "--seed") || !strcmp(a, "--threads");
    if (!takes)
        return 0;
    if (*i + 1 >= argc) {
        cli_usage_error(cmd, "%s needs a value", a);
        return -1;
    }
    const char *v = argv[++*i];
    char *end;
    unsigned long long x = strtoull(v, &end, 10);
    unsigned long long cap = !strcmp(a, "--draws") ? 1000000ull : !strcmp(a, "--threads") ? 256ull : ~0ull;
    if (*end || v[0] == '-' || !v[0] || x > cap || (x == 0 && strcmp(a, "--seed"))) {
        cli_usage_error(cmd, "%s: expected a whole number from %s to %llu, got \"%s\"", a,
                        strcmp(a, "--seed") ? "1" : "0", cap, v);
        return -1;
    }
    if (!strcmp(a, "--draws"))
        r->o.draws = (size_t)x;
    else if (!strcmp(a, "--seed"))
        r->o.seed = x;
    else
        r->o.threads = (int)x;
    return 1;
}

static void progress(void *ud, size_t done, size_t total)
{
    (void)ud;
    int width = 40, filled = (int)(width * done / (total ? total : 1));
    fprintf(stderr, "\r[%.*s%*s] %zu/%zu draws", filled, "########################################", width - filled,
            "", done, total);
    if (done == total)
        fputc('\n', stderr);
}

int cmd_robust(int argc, char **argv)
{
    cli_common c;
    cli_engine e;
    const char *who[2];
    int code;
    robust_args ra = {.o = {.seed = 1}};
    if (!cli_two_sides("robust", HELP, "migdip robust MYS IDN", argc, argv, &c, &e, robust_opt, &ra, who, &code))
        return code;
    if (ra.o.fixed_params && ra.o.fixed_data) {
        cli_engine_cleanup(&e);
        return cli_usage_error("robust", "--params-only and --data-only exclude each other");
    }
    if (isatty(STDERR_FILENO))
        ra.o.progress = progress;
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
        cJSON *j = present_robust_json(&a, &b, &r, ra.o.seed);
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
