/* cmd_trajectory.c - `migdip trajectory A B` (and `migdip dyad A B --years A:B`): the dyad year
 * by year, the years where a logic changes marked, inputs interpolated or carried flagged, and
 * the documented episodes beside them; `migdip events [A [B]]`: the documented episodes. */
#include <stdlib.h>
#include <string.h>

#include "cli.h"

static const char HELP[] =
    "usage: migdip trajectory A B [--from Y] [--to Y] [--edition Y] [--power M] [--param NAME=VALUE]\n"
    "                         [--bloc NAME=ISO,...] [--territories] [--json|--csv]\n"
    "       migdip dyad A B --years FROM:TO [options as above]\n\n"
    "The dyad of A and B in every year from FROM (default: the first UN stock year) to TO\n"
    "(default: the last year with stocks, at most 5 years after the latest UN year): each side's\n"
    "exposure and logic, who is stronger, the scope, the years where a side's logic changes\n"
    "(marked *), how the stocks of the year were obtained (observed in a UN year, interpolated\n"
    "between two, or carried after the last), and the documented episodes of the registry in\n"
    "those years (migdip events).\n\n"
    "Options:\n"
    "  --from Y, --to Y    the years to trace\n" CLI_ENGINE_HELP;

static const char EVENTS_HELP[] =
    "usage: migdip events [A [B]] [--json|--csv]\n\n"
    "The documented episodes of the registry (data/registry/episodes.csv, docs/episodes.md): bans,\n"
    "moratoria, visa freezes, deportations, agreements won, with the year, what happened, the\n"
    "outcome, the logic the record shows for each side and a source. With A, the episodes of\n"
    "that state or bloc; with A and B, those of the dyad.\n";

typedef struct traj_args {
    int from, to;
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

static int traj_opt(void *ud, const char *cmd, int argc, char **argv, int *i)
{
    traj_args *t = ud;
    const char *a = argv[*i];
    bool from = !strcmp(a, "--from"), to = !strcmp(a, "--to"), years = !strcmp(a, "--years");
    if (!from && !to && !years)
        return 0;
    if (*i + 1 >= argc) {
        cli_usage_error(cmd, "%s needs a value", a);
        return -1;
    }
    const char *v = argv[++*i];
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

static cJSON *event_json(const migdip_event *e)
{
    cJSON *o = cJSON_CreateObject();
    cJSON_AddStringToObject(o, "id", e->id);
    cJSON_AddNumberToObject(o, "year", e->year);
    cJSON_AddStringToObject(o, "a", e->a);
    cJSON_AddStringToObject(o, "b", e->b);
    cJSON_AddStringToObject(o, "kind", e->kind);
    cJSON_AddStringToObject(o, "event", e->event);
    cJSON_AddStringToObject(o, "outcome", e->outcome);
    cJSON_AddStringToObject(o, "record_a", e->expect_a);
    cJSON_AddStringToObject(o, "record_b", e->expect_b);
    cJSON_AddStringToObject(o, "source", e->source);
    cJSON_AddStringToObject(o, "url", e->url);
    return o;
}

static const char *stock_how(const migdip_dyad *d)
{
    switch (d->stock_flag) {
    case MIGDIP_FLAG_OBSERVED: return "observed";
    case MIGDIP_FLAG_INTERPOLATED: return "interpolated";
    case MIGDIP_FLAG_CARRIED: return "carried";
    default: return "none";
    }
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

static int run(const char *cmd, const char *help, int argc, char **argv)
{
    cli_common c;
    cli_engine e;
    const char *who[2];
    int code;
    traj_args ta = {0};
    if (!cli_two_sides(cmd, help, "migdip trajectory MYS IDN", argc, argv, &c, &e, traj_opt, &ta, who, &code))
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
    if (c.fmt == OUT_JSON) {
        cJSON *j = cJSON_CreateObject();
        cJSON_AddStringToObject(j, "a", tr->a);
        cJSON_AddStringToObject(j, "b", tr->b);
        cJSON *years = cJSON_AddArrayToObject(j, "years");
        for (size_t k = 0; k < tr->n; k++) {
            const migdip_trajectory_row *r = &tr->rows[k];
            cJSON *y = cJSON_CreateObject();
            cJSON_AddNumberToObject(y, "year", r->year);
            cJSON_AddBoolToObject(y, "evaluated", r->evaluated);
            if (!r->evaluated) {
                cJSON_AddStringToObject(y, "note", r->note);
            } else {
                const migdip_dyad *d = &r->d;
                cli_json_num(y, "exposure_a", d->side[0].exposure);
                cli_json_num(y, "exposure_b", d->side[1].exposure);
                cli_json_num(y, "power_difference", d->power_diff);
                if (d->stronger < 0)
                    cJSON_AddNullToObject(y, "stronger");
                else
                    cJSON_AddStringToObject(y, "stronger", d->stronger == 0 ? tr->a : tr->b);
                cJSON_AddStringToObject(y, "quadrant_a", migdip_quadrant_code(d->quadrant[0]));
                cJSON_AddStringToObject(y, "quadrant_b", migdip_quadrant_code(d->quadrant[1]));
                cJSON_AddStringToObject(y, "scope", migdip_scope_code(d->scope));
                cJSON_AddBoolToObject(y, "close_call", d->close_call);
                cJSON_AddBoolToObject(y, "seasonal_unseen", d->seasonal_unseen);
                cJSON_AddBoolToObject(y, "power_contested", d->power_contested);
                cJSON_AddBoolToObject(y, "changed", r->changed);
                cli_json_num(y, "volume", d->volume);
                cJSON_AddStringToObject(y, "stocks", stock_how(d));
                cJSON_AddNumberToObject(y, "stock_year", d->stock_year);
                cJSON_AddBoolToObject(y, "remittance_share_carried",
                                      d->side[0].remit_carried || d->side[1].remit_carried);
            }
            cJSON_AddItemToArray(years, y);
        }
        cJSON *ev = cJSON_AddArrayToObject(j, "events");
        for (size_t i = 0; i < tr->events->n; i++)
            cJSON_AddItemToArray(ev, event_json(&tr->events->v[i]));
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
                       r->changed ? "*" : "", migdip_scope_code(d->scope), stock_how(d), flags, evs);
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

int cmd_trajectory(int argc, char **argv) { return run("trajectory", HELP, argc, argv); }

int cmd_events(int argc, char **argv)
{
    cli_common c;
    cli_common_init(&c);
    const char *who[2] = {NULL, NULL};
    size_t n_who = 0;
    for (int i = 1; i < argc; i++) {
        int used = cli_common_opt(&c, argc, argv, &i);
        if (used < 0)
            return EXIT_USAGE;
        if (used)
            continue;
        if (!strcmp(argv[i], "--help") || !strcmp(argv[i], "-h")) {
            fputs(EVENTS_HELP, stdout);
            return EXIT_OK;
        }
        if (argv[i][0] == '-' || n_who == 2)
            return cli_usage_error("events", "unexpected argument '%s'", argv[i]);
        who[n_who++] = argv[i];
    }
    int code = EXIT_OK;
    migdip_ctx *ctx = cli_open(&c, &code);
    migdip_events *ev = NULL;
    if (!ctx)
        return code;
    migdip_status st = migdip_events_get(ctx, who[0], who[1], &ev);
    if (st) {
        code = cli_fail_ctx(ctx, st);
    } else if (c.fmt == OUT_JSON) {
        cJSON *arr = cJSON_CreateArray();
        for (size_t i = 0; i < ev->n; i++)
            cJSON_AddItemToArray(arr, event_json(&ev->v[i]));
        cli_json_print(arr, stdout);
        cJSON_Delete(arr);
    } else {
        print_events(ev, c.fmt);
    }
    migdip_events_free(ev);
    migdip_ctx_close(ctx);
    return code;
}

int cmd_dyad_years(int argc, char **argv) { return run("dyad", HELP, argc, argv); }

static const char SHIFTS_HELP[] =
    "usage: migdip shifts [--since Y] [--to Y] [--persist K] [--state ISO3] [--min-stock N]\n"
    "                     [--edition Y] [--power M] [--param NAME=VALUE] [--territories] [--json|--csv]\n\n"
    "Every dyad of states whose logic changed between SINCE (default: the first UN stock year)\n"
    "and TO (default: the last year with stocks), evaluated year by year on the annual panel.\n"
    "A logic counts once it is held in K of K + 1 consecutive years (default K = 2: two of\n"
    "three), so that a one-year blip is not a shift; a close call names no logic. Each shift\n"
    "gives the year the new logic starts, the logics before and after, and the exposures then.\n\n"
    "Options:\n"
    "  --since Y, --to Y   the years to scan\n"
    "  --persist K         years a logic must hold in K + 1 (1-10, default 2)\n"
    "  --state ISO3        only dyads of this state\n"
    "  --min-stock N       corridor volume threshold, persons (default: the model's scope)\n" CLI_ENGINE_HELP;

int cmd_shifts(int argc, char **argv)
{
    cli_common c;
    cli_engine e;
    cli_common_init(&c);
    cli_engine_init(&e);
    migdip_shifts_opts so = {0};
    int code = EXIT_OK;
    for (int i = 1; i < argc; i++) {
        int used = cli_common_opt(&c, argc, argv, &i);
        if (!used)
            used = cli_engine_opt(&e, "shifts", argc, argv, &i);
        if (used < 0) {
            cli_engine_cleanup(&e);
            return EXIT_USAGE;
        }
        if (used)
            continue;
        const char *a = argv[i];
        if (!strcmp(a, "--help") || !strcmp(a, "-h")) {
            fputs(SHIFTS_HELP, stdout);
            cli_engine_cleanup(&e);
            return EXIT_OK;
        }
        bool takes = !strcmp(a, "--since") || !strcmp(a, "--to") || !strcmp(a, "--persist") ||
                     !strcmp(a, "--state") || !strcmp(a, "--min-stock");
        if (!takes || i + 1 >= argc) {
            cli_engine_cleanup(&e);
            return cli_usage_error("shifts", takes ? "%s needs a value" : "unexpected argument '%s'", a);
        }
        const char *v = argv[++i];
        char *end;
        if (!strcmp(a, "--since") || !strcmp(a, "--to")) {
            if (parse_year("shifts", a, v, !strcmp(a, "--since") ? &so.since : &so.to)) {
                cli_engine_cleanup(&e);
                return EXIT_USAGE;
            }
        } else if (!strcmp(a, "--persist")) {
            long k = strtol(v, &end, 10);
            if (*end || k < 1 || k > 10) {
                cli_engine_cleanup(&e);
                return cli_usage_error("shifts", "--persist: expected a number of years from 1 to 10, got \"%s\"", v);
            }
            so.persist = (int)k;
        } else if (!strcmp(a, "--state")) {
            so.state = v;
        } else {
            double x = strtod(v, &end);
            if (*end || !(x >= 0) || x > 1e12) {
                cli_engine_cleanup(&e);
                return cli_usage_error("shifts", "--min-stock: expected a number of persons, got \"%s\"", v);
            }
            so.min_stock = x;
        }
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
        cJSON *arr = cJSON_CreateArray();
        for (size_t k = 0; k < sh->n; k++) {
            const migdip_shift *x = &sh->v[k];
            cJSON *o = cJSON_CreateObject();
            cJSON_AddStringToObject(o, "a", x->a);
            cJSON_AddStringToObject(o, "b", x->b);
            cJSON_AddNumberToObject(o, "year", x->year);
            cJSON_AddStringToObject(o, "from_a", migdip_quadrant_code(x->from[0]));
            cJSON_AddStringToObject(o, "from_b", migdip_quadrant_code(x->from[1]));
            cJSON_AddStringToObject(o, "to_a", migdip_quadrant_code(x->to[0]));
            cJSON_AddStringToObject(o, "to_b", migdip_quadrant_code(x->to[1]));
            cli_json_num(o, "exposure_a", x->exposure_a);
            cli_json_num(o, "exposure_b", x->exposure_b);
            cJSON_AddItemToArray(arr, o);
        }
        cli_json_print(arr, stdout);
        cJSON_Delete(arr);
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
