/* cmd_dyad.c - `migdip dyad A B`: the two sides' exposure with its decomposition, power,
 * each side's strategic logic, the margin, the scope conditions and an explanation. */
#include <stdlib.h>
#include <string.h>

#include "cli.h"

static const cli_opt OPTS[] = {
    CLI_OPT("--years", "FROM:TO", "the dyad year by year, as `migdip trajectory`"),
    CLI_OPT("--svg", "FILE", "also draw the decomposition and the typology plane (Figure 1) as SVG"),
    {0},
};

const cli_cmd CLI_CMD_DYAD = {
    "dyad", "A B", "exposure, power and strategic logic of two states or blocs",
    "A and B are ISO3 codes, country names, or blocs (GCC, ASEAN, EAEU, CENTRAL-ASIA,\n"
    "PACIFIC-RSE, EU, ... or your own with --bloc). Shows each side's exposure to a\n"
    "disruption of the migration between them, what it is made of, which side is stronger,\n"
    "each side's strategic logic (I Cooperation, II Coercion, III Constrained accommodation,\n"
    "IV Coercive assertion, mutual exposure, or out of scope), the margin to the nearest\n"
    "boundary, and why. A bloc's members are reported beside it. With --years FROM:TO, the\n"
    "dyad year by year (as `migdip trajectory`).\n",
    OPTS, CLI_OUT | CLI_ENGINE, NULL, NULL};

static int own(void *ud, const char *cmd, const char *opt, const char *val)
{
    if (opt && !strcmp(opt, "--svg"))
        return cli_svg_set(ud, cmd, val) < 0 ? -1 : 1;
    return 0;
}

/* Each member of a bloc side against the other side (§3.3: members reported beside the bloc). */
static void members(migdip_ctx *ctx, const migdip_model *m, const migdip_actor *bloc, const migdip_actor *other,
                    cli_table *t)
{
    for (size_t k = 0; k < bloc->n_members; k++) {
        migdip_actor one;
        migdip_dyad d;
        if (migdip_actor_resolve(ctx, m, bloc->members[k], &one) || migdip_dyad_eval(ctx, m, &one, other, &d))
            continue;
        cli_table_addf(t, "%s\t%s\t%.3f\t%s\t%.3f\t%s", bloc->name, one.name, d.side[0].exposure,
                           migdip_quadrant_code(d.quadrant[0]), d.side[1].exposure, migdip_quadrant_code(d.quadrant[1]));
    }
}

int cmd_dyad(int argc, char **argv)
{
    for (int i = 1; i < argc; i++) /* --years FROM:TO: the dyad year by year */
        if (!strcmp(argv[i], "--years") || !strncmp(argv[i], "--years=", 8))
            return cmd_dyad_years(&CLI_CMD_DYAD, argc, argv);
    cli_common c;
    cli_engine e;
    const char *who[2], *svg = NULL;
    int code;
    if (!cli_two_sides(&CLI_CMD_DYAD, "migdip dyad MYS IDN", argc, argv, &c, &e, (cli_sink){.own = own, .ud = &svg},
                       who, &code))
        return code;
    migdip_ctx *ctx = cli_open(&c, &code);
    migdip_model *m = ctx ? cli_engine_load(ctx, &e, &code) : NULL;
    migdip_actor a, b;
    migdip_dyad d;
    migdip_status st = MIGDIP_OK;
    if (!m)
        goto done;
    if ((st = migdip_actor_resolve(ctx, m, who[0], &a)) || (st = migdip_actor_resolve(ctx, m, who[1], &b)) ||
        (st = migdip_dyad_eval(ctx, m, &a, &b, &d))) {
        code = cli_fail_ctx(ctx, st);
        goto done;
    }
    if (svg && (code = cli_write_doc(svg, present_chart_dyad(&a, &b, &d, migdip_power_name(e.opts.power)))))
        goto done;
    if (c.fmt == OUT_JSON) {
        cJSON *j = present_dyad_json(m, &a, &b, &d, true);
        if (!j)
            cli_out_of_memory();
        if (a.is_bloc || b.is_bloc) {
            cJSON *arr = cJSON_AddArrayToObject(j, "members");
            if (a.is_bloc)
                present_members_json(ctx, m, &a, &b, arr);
            if (b.is_bloc)
                present_members_json(ctx, m, &b, &a, arr);
        }
        cli_json_print(j, stdout);
        cJSON_Delete(j);
    } else {
        static const char *const H[] = {"side", "exposure", "as_sender", "as_host", "remit_dep", "valve",
                                        "concentration", "labour", "pool", "substitution", "control",
                                        "institutions", "quadrant"};
        cli_table *t = cli_table_new(13, H);
        const migdip_actor *act[2] = {&a, &b};
        for (int s = 0; s < 2; s++) {
            const migdip_side *x = &d.side[s];
            cli_table_addf(t, "%s\t%.3f\t%.3f\t%.3f\t%.3f\t%.3f\t%.3f\t%.3f\t%.3f\t%.3f\t%.3f\t%.3f\t%s",
                           act[s]->name, x->exposure, x->exposure_send, x->exposure_host, x->contrib[MIGDIP_F_REMIT],
                           x->contrib[MIGDIP_F_VALVE], x->contrib[MIGDIP_F_CONC], x->contrib[MIGDIP_F_LABOUR],
                           x->contrib[MIGDIP_F_POOL], x->contrib[MIGDIP_F_SUBST], x->contrib[MIGDIP_F_CONTROL],
                           x->contrib[MIGDIP_F_INST],
                           migdip_quadrant_code(d.quadrant[s]));
        }
        if (c.fmt == OUT_CSV) {
            cli_table_print(t, OUT_CSV, stdout);
        } else {
            printf("%s (%s) and %s (%s), %d\n\n", a.title, a.name, b.title, b.name, d.year);
            cli_table_print(t, OUT_TABLE, stdout);
            for (int s = 0; s < 2; s++)
                if (d.side[s].remit_carried)
                    printf("%s: remittance shares from the %d matrix, %d years from %d (carried)\n", act[s]->name,
                           d.side[s].remit_matrix_year, abs(d.year - d.side[s].remit_matrix_year), d.year);
            char *x = NULL;
            if (migdip_dyad_explain(m, &a, &b, &d, &x) != MIGDIP_OK)
                cli_out_of_memory(); /* its one failure */
            printf("\n");
            cli_print_prose(&c, x);
            migdip_free(x);
            if (a.is_bloc || b.is_bloc) {
                static const char *const MH[] = {"bloc", "member", "exposure", "quadrant", "partner_exposure",
                                                 "partner_quadrant"};
                cli_table *mt = cli_table_new(6, MH);
                if (a.is_bloc)
                    members(ctx, m, &a, &b, mt);
                if (b.is_bloc)
                    members(ctx, m, &b, &a, mt);
                printf("\nMembers, each against the other side:\n");
                cli_table_print(mt, OUT_TABLE, stdout);
                cli_table_free(mt);
            }
        }
        cli_table_free(t);
    }
done:
    migdip_model_free(m);
    migdip_ctx_close(ctx);
    cli_engine_cleanup(&e);
    return code;
}
