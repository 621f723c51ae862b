/* cmd_trajectory.c - `migdip trajectory A B` (and `migdip dyad A B --years A:B`): the dyad year
 * by year, the years where a logic changes marked, inputs interpolated or carried flagged, and
 * the documented episodes beside them; `migdip events [A [B]]`: the documented episodes. */
#include <stdlib.h>
#include <string.h>

#include "cli.h"

static const cli_opt OPTS[] = {
    CLI_OPT("--from", "Y", "the first year to trace (default: the first UN stock year)"),
    CLI_OPT("--to", "Y", "the last year to trace (default: the latest UN stock year)"),
    CLI_OPT("--years", "FROM:TO", "both at once"),
    CLI_OPT("--svg", "FILE", "also draw the exposures year by year with the episodes as SVG"),
    {0},
};

const cli_cmd CLI_CMD_TRAJECTORY = {
    "trajectory", "A B", "a dyad year by year: logics, changes, flags, documented episodes",
    "The dyad of A and B in every year from FROM (default: the first UN stock year) to TO\n"
    "(default: the latest UN stock year; with --carry up to 5 years after it): each side's\n"
    "exposure and logic, who is stronger, the scope, the years where a side's logic changes\n"
    "(marked *), how the stocks of the year were obtained (observed in a UN year, interpolated\n"
    "between two, or carried after the last), and the documented episodes of the registry in\n"
    "those years (migdip events).\n",
    OPTS, CLI_OUT | CLI_ENGINE, "dyad A B --years FROM:TO [options of dyad]", "--year"};

const cli_cmd CLI_CMD_EVENTS = {
    "events", "[A [B]]", "the documented episodes: bans, freezes, deportations, agreements won",
    "The documented episodes of the registry (data/registry/episodes.csv, docs/episodes.md): bans,\n"
    "moratoria, visa freezes, deportations, agreements won, with the year, what happened, the\n"
    "outcome, the logic the record shows for each side and a source. With A, the episodes of\n"
    "that state or bloc; with A and B, those of the dyad.\n",
    NULL, CLI_OUT, NULL, NULL};

typedef struct traj_args {
    int from, to;
    const char *svg;
} traj_args;

static int parse_year(const char *cmd, const char *what, const char *v, int *out)
{
    char *end;
    long y = strtol(v, &end, 10);
    if (*end || y < 1960 || y > 2100) {
        cli_usage_error(cmd, "%s: expected a year such as 2000, got \"%s\"", what, v);
        return -1;
    }
    *out = (int)y;
    return 0;
}

static int traj_opt(void *ud, const char *cmd, const char *a, const char *v)
{
    traj_args *t = ud;
    if (!a)
        return 0;
    if (!strcmp(a, "--svg"))
        return cli_svg_set(&t->svg, cmd, v) < 0 ? -1 : 1;
    bool from = !strcmp(a, "--from"), to = !strcmp(a, "--to"), years = !strcmp(a, "--years");
    if (!from && !to && !years)
        return 0;
    if (years) {
        const char *colon = strchr(v, ':');
        char lo[16];
        if (!colon || (size_t)(colon - v) >= sizeof lo) {
            cli_usage_error(cmd, "--years: expected FROM:TO such as 2000:2020, got \"%s\"", v);
            return -1;
        }
        snprintf(lo, sizeof lo, "%.*s", (int)(colon - v), v);
        if (parse_year(cmd, "--years", lo, &t->from) || parse_year(cmd, "--years", colon + 1, &t->to))
            return -1;
        return 1;
    }
    return parse_year(cmd, a, v, from ? &t->from : &t->to) ? -1 : 1;
}

static void print_events(const migdip_events *ev, out_format fmt)
{
    static const char *const H[] = {"year", "a", "b", "kind", "record_a", "record_b", "event", "outcome", "source"};
    cli_table *t = cli_table_new(9, H);
    for (size_t i = 0; i < ev->n; i++) {
        const migdip_event *e = &ev->v[i];
        cli_table_addf(t, "%d\t%s\t%s\t%s\t%s\t%s\t%s\t%s\t%s", e->year, e->a, e->b, e->kind, e->expect_a,
                       e->expect_b, e->event, e->outcome, e->source);
    }
    cli_table_print(t, fmt, stdout);
    cli_table_free(t);
}

static int run(const cli_cmd *spec, int argc, char **argv)
{
    const char *cmd = spec->name;
    cli_common c;
    cli_engine e;
    const char *who[2];
    int code;
    traj_args ta = {0};
    const char *example =
        !strcmp(spec->name, "dyad") ? "migdip dyad MYS IDN --years 2000:2020" : "migdip trajectory MYS IDN";
    if (!cli_two_sides(spec, example, argc, argv, &c, &e, (cli_sink){.own = traj_opt, .ud = &ta}, who, &code))
        return code;
    if (e.opts.year) {
        cli_engine_cleanup(&e);
        return cli_usage_error(cmd, "--year: a trajectory takes --from and --to (or --years FROM:TO)");
    }
    migdip_ctx *ctx = cli_open(&c, &code);
    migdip_trajectory *tr = NULL;
    if (!ctx)
        goto done;
    migdip_trajectory_opts to = {.model = e.opts, .from = ta.from, .to = ta.to};
    migdip_status st = migdip_trajectory_run(ctx, who[0], who[1], &to, &tr);
    if (st) {
        code = cli_fail_ctx(ctx, st);
        goto done;
    }
    if (ta.svg && (code = cli_write_doc(ta.svg, present_chart_trajectory(tr, migdip_power_name(e.opts.power)))))
        goto done;
    if (c.fmt == OUT_JSON) {
        cJSON *j = present_trajectory_json(tr);
        cli_json_print(j, stdout);
        cJSON_Delete(j);
        goto done;
    }
    static const char *const H[] = {"year", "exposure_a", "exposure_b", "stronger", "quadrant_a", "quadrant_b",
                                    "change", "scope", "stocks", "flags", "events"};
    cli_table *t = cli_table_new(11, H);
    for (size_t k = 0; k < tr->n; k++) {
        const migdip_trajectory_row *r = &tr->rows[k];
        char evs[128] = "";
        for (size_t i = 0; i < tr->events->n; i++)
            if (tr->events->v[i].year == r->year)
                snprintf(evs + strlen(evs), sizeof evs - strlen(evs), "%s%s", evs[0] ? "," : "", tr->events->v[i].kind);
        if (!r->evaluated) {
            cli_table_addf(t, "%d\t\t\t\t\t\t\t\t\t%s\t%s", r->year, r->note, evs);
            continue;
        }
        const migdip_dyad *d = &r->d;
        char flags[64];
        snprintf(flags, sizeof flags, "%s%s%s%s", d->close_call ? "close-call " : "",
                 d->seasonal_unseen ? "seasonal " : "",
                 d->power_contested ? "contested " : "",
                 d->side[0].remit_carried || d->side[1].remit_carried ? "remit-carried" : "");
        cli_table_addf(t, "%d\t%.3f\t%.3f\t%s\t%s\t%s\t%s\t%s\t%s\t%s\t%s", r->year, d->side[0].exposure,
                       d->side[1].exposure, !d->power_ok ? "unknown" : d->stronger < 0 ? "parity"
                                            : d->stronger == 0             ? tr->a
                                                                           : tr->b,
                       migdip_quadrant_code(d->quadrant[0]), migdip_quadrant_code(d->quadrant[1]),
                       r->changed ? "*" : "", migdip_scope_code(d->scope), present_stock_how(d), flags, evs);
    }
    if (c.fmt == OUT_TABLE)
        printf("%s and %s, %d-%d (* = a side's logic changed from the year before)\n\n", tr->a, tr->b,
               tr->rows[0].year, tr->rows[tr->n - 1].year);
    cli_table_print(t, c.fmt, stdout);
    cli_table_free(t);
    if (c.fmt == OUT_TABLE && tr->events->n) {
        printf("\nDocumented episodes:\n\n");
        print_events(tr->events, OUT_TABLE);
    }
done:
    migdip_trajectory_free(tr);
    migdip_ctx_close(ctx);
    cli_engine_cleanup(&e);
    return code;
}

int cmd_trajectory(int argc, char **argv) { return run(&CLI_CMD_TRAJECTORY, argc, argv); }

int cmd_events(int argc, char **argv)
{
    cli_common c;
    cli_common_init(&c);
    const char *who[2] = {NULL, NULL};
    int code = EXIT_OK;
    cli_sink to = {.common = &c};
    if (cli_parse_sides(&CLI_CMD_EVENTS, argc, argv, &to, who, &code) <= 0)
        return code;
    migdip_ctx *ctx = cli_open(&c, &code);
    migdip_events *ev = NULL;
    if (!ctx)
        return code;
    migdip_status st = migdip_events_get(ctx, who[0], who[1], &ev);
    if (st) {
        code = cli_fail_ctx(ctx, st);
    } else if (c.fmt == OUT_JSON) {
        cJSON *arr = present_events_json(ev);
        cli_json_print(arr, stdout);
        cJSON_Delete(arr);
    } else {
        print_events(ev, c.fmt);
    }
    migdip_events_free(ev);
    migdip_ctx_close(ctx);
    return code;
}

int cmd_dyad_years(const cli_cmd *dyad, int argc, char **argv) { return run(dyad, argc, argv); }

static const cli_opt SHIFTS_OPTS[] = {
    CLI_OPT("--since", "Y", "the first year to scan (default: the first UN stock year)"),
    CLI_OPT("--to", "Y", "the last year to scan (default: the last year with stocks)"),
    CLI_OPT("--persist", "K", "years a logic must hold in K + 1 (1-10, default 2)"),
    CLI_OPT("--state", "ISO3", "only dyads of this state"),
    CLI_OPT("--min-stock", "N", "corridor volume threshold, persons (default: the model's scope)"),
    {0},
};

const cli_cmd CLI_CMD_SHIFTS = {
    "shifts", NULL, "every dyad whose logic changed over the years, with a persistence rule",
    "Every dyad of states whose logic changed between SINCE (default: the first UN stock year)\n"
    "and TO (default: the last year with stocks), evaluated year by year on the annual panel.\n"
    "A logic counts once it is held in K of K + 1 consecutive years (default K = 2: two of\n"
    "three), so that a one-year blip is not a shift; a close call names no logic. Each shift\n"
    "gives the year the new logic starts, the logics before and after, and the exposures then.\n"
    "It takes --since and --to, not --year.\n",
    SHIFTS_OPTS, CLI_OUT | CLI_ENGINE, NULL, "--year"};

static int shifts_opt(void *ud, const char *cmd, const char *a, const char *v)
{
    migdip_shifts_opts *so = ud;
    if (!a)
        return 0;
    char *end;
    if (!strcmp(a, "--since") || !strcmp(a, "--to")) {
        return parse_year(cmd, a, v, !strcmp(a, "--since") ? &so->since : &so->to) ? -1 : 1;
    } else if (!strcmp(a, "--persist")) {
        long k = strtol(v, &end, 10);
        if (*end || k < 1 || k > 10) {
            cli_usage_error(cmd, "--persist: expected a number of years from 1 to 10, got \"%s\"", v);
            return -1;
        }
        so->persist = (int)k;
    } else if (!strcmp(a, "--state")) {
        so->state = v;
    } else if (!strcmp(a, "--min-stock")) {
        double x = strtod(v, &end);
        if (*end || !(x >= 0) || x > 1e12) {
            cli_usage_error(cmd, "--min-stock: expected a number of persons, got \"%s\"", v);
            return -1;
        }
        so->min_stock = x;
    } else {
        return 0;
    }
    return 1;
}

int cmd_shifts(int argc, char **argv)
{
    cli_common c;
    cli_engine e;
    cli_common_init(&c);
    cli_engine_init(&e);
    migdip_shifts_opts so = {0};
    int code = EXIT_OK;
    cli_sink to = {.common = &c, .engine = &e, .own = shifts_opt, .ud = &so};
    if (cli_parse(&CLI_CMD_SHIFTS, argc, argv, &to, &code) <= 0) {
        cli_engine_cleanup(&e);
        return code;
    }
    if (e.opts.year) {
        cli_engine_cleanup(&e);
        return cli_usage_error("shifts", "--year: shifts take --since and --to");
    }
    so.model = e.opts;
    migdip_ctx *ctx = cli_open(&c, &code);
    migdip_shifts *sh = NULL;
    if (!ctx)
        goto done;
    migdip_status st = migdip_shifts_run(ctx, &so, &sh);
    if (st) {
        code = cli_fail_ctx(ctx, st);
        goto done;
    }
    if (c.fmt == OUT_JSON) {
        cJSON *doc = present_shifts_json(sh);
        cli_json_print(doc, stdout);
        cJSON_Delete(doc);
        goto done;
    }
    static const char *const H[] = {"a", "b", "year", "from", "to", "exposure_a", "exposure_b"};
    cli_table *t = cli_table_new(7, H);
    for (size_t k = 0; k < sh->n; k++) {
        const migdip_shift *x = &sh->v[k];
        cli_table_addf(t, "%s\t%s\t%d\t%s/%s\t%s/%s\t%.3f\t%.3f", x->a, x->b, x->year,
                       migdip_quadrant_code(x->from[0]), migdip_quadrant_code(x->from[1]),
                       migdip_quadrant_code(x->to[0]), migdip_quadrant_code(x->to[1]), x->exposure_a, x->exposure_b);
    }
    if (c.fmt == OUT_TABLE)
        printf("Shifts of logic %d-%d (a logic held %d of %d years; %zu shifts)\n\n", sh->since, sh->to,
               so.persist ? so.persist : 2, (so.persist ? so.persist : 2) + 1, sh->n);
    cli_table_print(t, c.fmt, stdout);
    cli_table_free(t);
done:
    migdip_shifts_free(sh);
    migdip_ctx_close(ctx);
    cli_engine_cleanup(&e);
    return code;
}
