/* cmd_coalition.c - `migdip coalition --members A,B --against X`: the members' exposure and
 * leverage as one bloc against each acting alone, and each member's Shapley share of the
 * coalition's leverage (docs/scenarios.md "Coalitions"). */
#include <math.h>
#include <stdlib.h>
#include <string.h>

#include "cli.h"

static const cli_opt OPTS[] = {
    CLI_OPT("--members", "A,B,...", "the member states (ISO3 codes or names; at most 12)"),
    CLI_OPT("--against", "X", "the partner state or bloc"),
    {0},
};

const cli_cmd CLI_CMD_COALITION = {
    "coalition", NULL, "states acting together: leverage as a bloc, Shapley shares",
    "States acting together (up to 12) against a state or bloc X: the coalition's exposure and\n"
    "leverage as one bloc (X's exposure minus the coalition's; positive: the coalition holds\n"
    "leverage), each member alone, and each member's share of the coalition's leverage by\n"
    "exact Shapley values (they sum to the coalition's leverage).\n",
    OPTS, CLI_OUT | CLI_ENGINE, NULL, NULL};

typedef struct coalition_args {
    const char *against, *members;
} coalition_args;

static int own(void *ud, const char *cmd, const char *a, const char *v)
{
    (void)cmd;
    coalition_args *ca = ud;
    if (a && !strcmp(a, "--against"))
        ca->against = v;
    else if (a && !strcmp(a, "--members"))
        ca->members = v;
    else
        return 0;
    return 1;
}

int cmd_coalition(int argc, char **argv)
{
    cli_common c;
    cli_engine e;
    cli_common_init(&c);
    cli_engine_init(&e);
    const char *against = NULL;
    char *list = NULL;
    const char *members[MIGDIP_COALITION_MAX + 1];
    size_t n = 0;
    int code = EXIT_OK;
    coalition_args ca = {0};
    cli_sink to = {.common = &c, .engine = &e, .own = own, .ud = &ca};
    if (cli_parse(&CLI_CMD_COALITION, argc, argv, &to, &code) <= 0)
        goto early;
    against = ca.against;
    if (ca.members && !(list = strdup(ca.members)))
        cli_out_of_memory();
    for (char *save = NULL, *tok = list ? strtok_r(list, ",", &save) : NULL; tok; tok = strtok_r(NULL, ",", &save)) {
        if (n == MIGDIP_COALITION_MAX) {
            code = cli_usage_error("coalition", "at most %d members (exact Shapley values take 2^k evaluations)",
                                   MIGDIP_COALITION_MAX);
            goto early;
        }
        members[n++] = tok;
    }
    if (!n || !against) {
        code = cli_usage_error("coalition", "--members and --against are needed, e.g. "
                                            "`migdip coalition --members NPL,BGD,PAK,LKA --against GCC`");
        goto early;
    }
    migdip_ctx *ctx = cli_open(&c, &code);
    migdip_model *m = ctx ? cli_engine_load(ctx, &e, &code) : NULL;
    migdip_coalition co;
    migdip_status st;
    if (!m)
        goto done;
    if ((st = migdip_coalition_run(ctx, m, members, n, against, &co))) {
        code = cli_fail_ctx(ctx, st);
        goto done;
    }
    const migdip_dyad *d = &co.dyad;
    if (c.fmt == OUT_JSON) {
        cJSON *j = present_coalition_json(&co);
        cli_json_print(j, stdout);
        cJSON_Delete(j);
    } else {
        static const char *const H[] = {"member", "exposure", "partner_exposure", "leverage", "quadrant", "shapley"};
        cli_table *t = cli_table_new(6, H);
        for (size_t k = 0; k < co.n; k++) {
            const migdip_coalition_member *x = &co.member[k];
            cli_table_addf(t, "%s\t%.4f\t%.4f\t%.4f\t%s\t%.4f", x->iso3, x->exposure, x->partner_exposure, x->leverage,
                           migdip_quadrant_code(x->quadrant), x->shapley);
        }
        cli_table_addf(t, "COALITION\t%.4f\t%.4f\t%.4f\t%s\t%.4f", d->side[0].exposure, d->side[1].exposure,
                       co.leverage, migdip_quadrant_code(d->quadrant[0]), co.shapley_sum);
        if (c.fmt == OUT_CSV) {
            cli_table_print(t, OUT_CSV, stdout);
        } else {
            printf("Coalition of %zu against %s (%s), %d\n\n", co.n, co.partner.title, co.partner.name, d->year);
            cli_table_print(t, OUT_TABLE, stdout);
            printf("\nAs one bloc the coalition's leverage is %.4f (the best member alone: %.4f, %s %.4f);\n"
                   "quadrants %s (coalition) / %s (%s). Shapley values sum to %.4f.\n",
                   co.leverage, co.best_alone, co.leverage >= co.best_alone ? "a gain of" : "a loss of",
                   fabs(co.leverage - co.best_alone), migdip_quadrant_code(d->quadrant[0]),
                   migdip_quadrant_code(d->quadrant[1]), co.partner.name, co.shapley_sum);
        }
        cli_table_free(t);
    }
done:
    migdip_model_free(m);
    migdip_ctx_close(ctx);
early:
    free(list);
    cli_engine_cleanup(&e);
    return code;
}
