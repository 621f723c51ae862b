/* main.c - the migdip command: dispatches to one file per command (cmd_*.c). */
#include <errno.h>
#include <stdbool.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <unistd.h>

#include "cli.h"

static const struct command {
    const char *name;
    int (*run)(int argc, char **argv);
    const char *summary;
} COMMANDS[] = {
    {"import", cmd_import, "read the official data files into the store"},
    {"sources", cmd_sources, "list imported vintages and the coverage of each series"},
    {"country", cmd_country, "profile of one state: economy, emigrants, immigrants, agreements"},
    {"dyad", cmd_dyad, "exposure, power and strategic logic of two states or blocs"},
    {"screen", cmd_screen, "every dyad of a year, ranked: where leverage lies"},
    {"validate", cmd_validate, "the seeds' cases: expected and computed quadrants"},
    {"export", cmd_export, "every directed dyad-year with every indicator, as CSV, JSON or Stata"},
    {"plan", cmd_plan, "diversification: which corridors would cut a state's exposure most"},
    {"coalition", cmd_coalition, "states acting together: leverage as a bloc, Shapley shares"},
    {"cite", cmd_cite, "BibTeX for the framework and every data edition in the store"},
    {"simulate", cmd_simulate, "month-by-month costs of a ban, deportations, a visa freeze or a quota"},
    {"credibility", cmd_credibility, "whether a threat is credible, and what would make it so"},
    {"trajectory", cmd_trajectory, "a dyad year by year: logics, changes, flags, documented episodes"},
    {"robust", cmd_robust, "Monte Carlo robustness of a verdict: probability of each logic"},
    {"shifts", cmd_shifts, "every dyad whose logic changed over the years, with a persistence rule"},
    {"events", cmd_events, "the documented episodes: bans, freezes, deportations, agreements won"},
    {"report", cmd_report, "a printable page on a dyad: charts, explanation, provenance (HTML)"},
    {"serve", cmd_serve, "the local dashboard and its JSON API (docs/api.md)"},
};

static void usage(FILE *out)
{
    fprintf(out,
            "usage: migdip COMMAND [OPTIONS]\n\n"
            "migdip measures migration interdependence between states from official data.\n\n"
            "Commands:\n");
    for (size_t i = 0; i < sizeof COMMANDS / sizeof *COMMANDS; i++)
        fprintf(out, "  %-11s %s\n", COMMANDS[i].name, COMMANDS[i].summary);
    fprintf(out,
            "\nOptions every command takes:\n"
            "  --db FILE     the store (default: $MIGDIP_DB, else the per-user store\n"
            "                $XDG_DATA_HOME/migdip/migdip.db, XDG_DATA_HOME being ~/.local/share\n"
            "                when unset; ./migdip.db when neither HOME nor XDG_DATA_HOME is set)\n"
            "  --data DIR    the data directory (default: $MIGDIP_DATA, else ../shared/data from\n"
            "                the current directory)\n"
            "  --json, --csv output format (default: a table)\n"
            "  --wide        prose as it is, not wrapped to the terminal's width\n\n"
            "Options may be written --opt=value; the options above may also come before the\n"
            "command (migdip --db F dyad MYS IDN).\n\n"
            "Exit status: 0 ok, 1 data error, 2 usage error, 3 system error.\n"
            "`migdip help COMMAND` or `migdip COMMAND --help` describes each command.\n");
}

/* Whatever a command printed must have reached standard output: a write error (a full disk,
 * a closed pipe's reader gone, /dev/full) is a system error, said on stderr, never a silent
 * success with a truncated file. */
static int finish(int code)
{
    errno = 0;
    if (fflush(stdout) != 0 || ferror(stdout)) {
        int e = errno ? errno : EIO;
        if (code)
            return code; /* the command has said what went wrong */
        fprintf(stderr, "migdip: error: standard output: cannot write: %s\n", strerror(e));
        return EXIT_SYSTEM;
    }
    return code;
}

static int run(int argc, char **argv);

int main(int argc, char **argv) { return finish(run(argc, argv)); }

/* Edit distance between two short words, for "did you mean" (at most 64 bytes compared). */
static size_t distance(const char *a, const char *b)
{
    size_t la = strlen(a), lb = strlen(b);
    if (la > 64 || lb > 64)
        return 99;
    size_t row[65];
    for (size_t j = 0; j <= lb; j++)
        row[j] = j;
    for (size_t i = 1; i <= la; i++) {
        size_t prev = row[0];
        row[0] = i;
        for (size_t j = 1; j <= lb; j++) {
            size_t cur = row[j], sub = prev + (a[i - 1] != b[j - 1]);
            size_t best = row[j] + 1 < row[j - 1] + 1 ? row[j] + 1 : row[j - 1] + 1;
            row[j] = sub < best ? sub : best;
            prev = cur;
        }
    }
    return row[lb];
}

static const struct command *find_command(const char *name)
{
    for (size_t i = 0; i < sizeof COMMANDS / sizeof *COMMANDS; i++)
        if (!strcmp(name, COMMANDS[i].name))
            return &COMMANDS[i];
    return NULL;
}

static int unknown_command(const char *name)
{
    const struct command *best = NULL;
    size_t best_d = 3; /* suggest only a close name */
    for (size_t i = 0; i < sizeof COMMANDS / sizeof *COMMANDS; i++) {
        size_t d = distance(name, COMMANDS[i].name);
        if (d < best_d) {
            best_d = d;
            best = &COMMANDS[i];
        }
    }
    if (best)
        fprintf(stderr, "migdip: error: unknown command '%s'; did you mean '%s'?\n\n", name, best->name);
    else
        fprintf(stderr, "migdip: error: unknown command '%s'\n\n", name);
    usage(stderr);
    return EXIT_USAGE;
}

/* The conventions of docs/building.md "The command line": `--opt=value` is `--opt value`, and
 * the options every command takes (--db, --data, --json, --csv) may come before the command. */
static char **normalise(int argc, char **argv, int *out_argc)
{
    char **v = calloc((size_t)argc * 2 + 1, sizeof *v);
    if (!v)
        return NULL;
    int n = 0, cmd_at = -1;
    char **globals = calloc((size_t)argc * 2 + 1, sizeof *globals);
    int ng = 0;
    if (!globals) {
        free(v);
        return NULL;
    }
    v[n++] = argv[0];
    for (int i = 1; i < argc; i++) {
        char *a = argv[i], *eq = a[0] == '-' && a[1] == '-' ? strchr(a, '=') : NULL;
        char *parts[2] = {a, NULL};
        if (eq) { /* split in place: argv's strings are ours to change */
            *eq = '\0';
            parts[1] = eq + 1;
        }
        /* --version reads the store: it takes the common options like a command */
        bool global = cmd_at < 0 && a[0] == '-' && strcmp(parts[0], "--version") != 0;
        bool takes = !strcmp(parts[0], "--db") || !strcmp(parts[0], "--data");
        if (global) {
            globals[ng++] = parts[0];
            if (parts[1])
                globals[ng++] = parts[1];
            else if (takes && i + 1 < argc)
                globals[ng++] = argv[++i];
            continue;
        }
        if (cmd_at < 0)
            cmd_at = n;
        v[n++] = parts[0];
        if (parts[1])
            v[n++] = parts[1];
    }
    /* the global options go after the command (and after help's command name) */
    if (cmd_at < 0) {
        for (int g = 0; g < ng; g++)
            v[n++] = globals[g];
    } else {
        int insert = cmd_at + 1;
        memmove(v + insert + ng, v + insert, (size_t)(n - insert) * sizeof *v);
        memcpy(v + insert, globals, (size_t)ng * sizeof *v);
        n += ng;
    }
    free(globals);
    v[n] = NULL;
    *out_argc = n;
    return v;
}

/* `migdip --version [--db FILE]`: the program's version, then the store's data editions
 * (dataset and edition, one line each, with the number of files) when there is a store. */
static int version(int argc, char **argv)
{
    cli_common c;
    cli_common_init(&c);
    for (int i = 1; i < argc; i++) {
        int used = cli_common_opt(&c, argc, argv, &i);
        if (used < 0)
            return EXIT_USAGE;
        if (!used) {
            fprintf(stderr, "migdip: error: --version: unexpected argument '%s' (it takes --db FILE)\n", argv[i]);
            return EXIT_USAGE;
        }
    }
    if (c.fmt != OUT_TABLE) {
        fprintf(stderr, "migdip: error: --version takes no --json or --csv: `migdip sources --json` lists the "
                        "vintages\n");
        return EXIT_USAGE;
    }
    printf("migdip %s\n", MIGDIP_VERSION);
    if (access(c.db, F_OK) != 0) {
        printf("store: none at %s\n", c.db);
        return fflush(stdout) ? EXIT_SYSTEM : EXIT_OK;
    }
    int code = EXIT_OK;
    migdip_ctx *ctx = cli_open(&c, &code);
    migdip_sources *src = NULL;
    if (!ctx)
        return code;
    migdip_status st = migdip_sources_get(ctx, &src);
    if (st) {
        code = cli_fail_ctx(ctx, st);
        migdip_ctx_close(ctx);
        return code;
    }
    printf("store: %s\n", c.db);
    /* one line a dataset edition, in the order sources lists them */
    for (size_t i = 0; i < src->n_vintages; i++) {
        const migdip_vintage *a = &src->vintages[i];
        bool seen = false;
        int files = 0;
        for (size_t k = 0; k < src->n_vintages; k++) {
            const migdip_vintage *b = &src->vintages[k];
            if (strcmp(a->dataset, b->dataset) || strcmp(a->edition, b->edition))
                continue;
            seen |= k < i;
            files++;
        }
        if (!seen)
            printf("  %-22s %-14s %d file%s\n", a->dataset, a->edition, files, files == 1 ? "" : "s");
    }
    if (!src->n_vintages)
        printf("  (no data imported)\n");
    migdip_sources_free(src);
    migdip_ctx_close(ctx);
    return fflush(stdout) ? EXIT_SYSTEM : EXIT_OK;
}

static int run(int argc, char **argv)
{
    int n;
    char **v = normalise(argc, argv, &n);
    if (!v) {
        fprintf(stderr, "migdip: error: out of memory\n");
        return EXIT_SYSTEM;
    }
    int code;
    if (n < 2) {
        usage(stderr);
        code = EXIT_USAGE;
    } else if (!strcmp(v[1], "--help") || !strcmp(v[1], "-h") || (!strcmp(v[1], "help") && n == 2)) {
        usage(stdout);
        code = EXIT_OK;
    } else if (!strcmp(v[1], "help")) { /* migdip help CMD: the command's own help */
        const struct command *c = find_command(v[2]);
        char help[] = "--help";
        char *args[] = {v[2], help, NULL};
        code = c ? c->run(2, args) : unknown_command(v[2]);
    } else if (!strcmp(v[1], "--version")) {
        code = version(n - 1, v + 1);
    } else {
        const struct command *c = find_command(v[1]);
        code = c ? c->run(n - 1, v + 1) : unknown_command(v[1]);
    }
    free(v);
    return code;
}
