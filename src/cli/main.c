/* main.c - the migdip command: dispatches to one file per command (cmd_*.c). */
#include <errno.h>
#include <stdbool.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <unistd.h>

#include "cli.h"

static const struct command {
    const cli_cmd *spec;
    int (*run)(int argc, char **argv);
} COMMANDS[] = {
    {&CLI_CMD_IMPORT, cmd_import},
    {&CLI_CMD_SOURCES, cmd_sources},
    {&CLI_CMD_COUNTRY, cmd_country},
    {&CLI_CMD_DYAD, cmd_dyad},
    {&CLI_CMD_SCREEN, cmd_screen},
    {&CLI_CMD_VALIDATE, cmd_validate},
    {&CLI_CMD_EXPORT, cmd_export},
    {&CLI_CMD_PLAN, cmd_plan},
    {&CLI_CMD_COALITION, cmd_coalition},
    {&CLI_CMD_CITE, cmd_cite},
    {&CLI_CMD_SIMULATE, cmd_simulate},
    {&CLI_CMD_CREDIBILITY, cmd_credibility},
    {&CLI_CMD_TRAJECTORY, cmd_trajectory},
    {&CLI_CMD_ROBUST, cmd_robust},
    {&CLI_CMD_SHIFTS, cmd_shifts},
    {&CLI_CMD_EVENTS, cmd_events},
    {&CLI_CMD_REPORT, cmd_report},
    {&CLI_CMD_SERVE, cmd_serve},
};
enum { N_COMMANDS = sizeof COMMANDS / sizeof *COMMANDS };

/* `migdip --version [--db FILE]` parses as a command of its own. */
static const cli_cmd VERSION_CMD = {"--version", NULL, NULL, "The program's version and the store's data editions.\n",
                                    NULL, CLI_DB, NULL, NULL};

static void usage(FILE *out)
{
    fprintf(out,
            "usage: migdip [COMMON OPTIONS] COMMAND [OPTIONS]\n\n"
            "migdip measures migration interdependence between states from official data.\n\n"
            "Commands:\n");
    for (size_t i = 0; i < N_COMMANDS; i++)
        fprintf(out, "  %-11s %s\n", COMMANDS[i].spec->name, COMMANDS[i].spec->summary);
    fprintf(out, "\nCommon options (each command names those it takes in `migdip help COMMAND`):\n");
    for (const cli_opt *o = CLI_COMMON_OPTS; o->name; o++)
        cli_opt_help(out, o);
    fprintf(out,
            "\nOptions may be written --opt=value; the common options may also come before the\n"
            "command (migdip --db F dyad MYS IDN).\n\n"
            "Exit status: 0 ok, 1 data error, 2 usage error, 3 system error.\n"
            "`migdip help COMMAND` or `migdip COMMAND --help` describes each command;\n"
            "`migdip help --man` prints the manual page, `migdip completion bash` the shell completion.\n");
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

static const struct command *find_command(const char *name)
{
    for (size_t i = 0; i < N_COMMANDS; i++)
        if (!strcmp(name, COMMANDS[i].spec->name))
            return &COMMANDS[i];
    return NULL;
}

static int unknown_command(const char *name)
{
    const struct command *best = NULL;
    size_t best_d = 3; /* suggest only a close name */
    for (size_t i = 0; i < N_COMMANDS; i++) {
        size_t d = cli_distance(name, COMMANDS[i].spec->name);
        if (d < best_d) {
            best_d = d;
            best = &COMMANDS[i];
        }
    }
    if (best)
        fprintf(stderr, "migdip: error: unknown command '%s'; did you mean '%s'?\n\n", name, best->spec->name);
    else
        fprintf(stderr, "migdip: error: unknown command '%s'\n\n", name);
    usage(stderr);
    return EXIT_USAGE;
}

/* The conventions of the README ("Usage"): the common options (--db, --data,
 * --json, ...) may come before the command; they are moved after it, where its parser takes them
 * (--opt=value is split there). */
static char **normalise(int argc, char **argv, int *out_argc)
{
    char **v = calloc((size_t)argc + 1, sizeof *v);
    char **globals = calloc((size_t)argc + 1, sizeof *globals);
    if (!v || !globals) {
        free(v);
        free(globals);
        return NULL;
    }
    int n = 0, ng = 0, cmd_at = -1;
    v[n++] = argv[0];
    for (int i = 1; i < argc; i++) {
        char *a = argv[i];
        /* --version reads the store: it takes the common options like a command */
        if (cmd_at < 0 && a[0] == '-' && strcmp(a, "--version") != 0) {
            char name[80];
            snprintf(name, sizeof name, "%.*s", (int)strcspn(a, "="), a);
            const cli_opt *o = cli_common_find(name);
            globals[ng++] = a;
            if (o && o->arg && !strchr(a, '=') && i + 1 < argc)
                globals[ng++] = argv[++i];
            continue;
        }
        if (cmd_at < 0)
            cmd_at = n;
        v[n++] = a;
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
    int code = EXIT_OK;
    cli_sink to = {.common = &c};
    if (cli_parse(&VERSION_CMD, argc, argv, &to, &code) <= 0)
        return code;
    printf("migdip %s\n", MIGDIP_VERSION);
    if (access(c.db, F_OK) != 0) {
        printf("store: none at %s\n", c.db);
        return fflush(stdout) ? EXIT_SYSTEM : EXIT_OK;
    }
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
    } else if (!strcmp(v[1], "--help") || !strcmp(v[1], "-h") ||
               (!strcmp(v[1], "help") && (n == 2 || (v[2][0] == '-' && strcmp(v[2], "--man"))))) {
        /* `migdip help` (the common options moved after it by normalise change nothing) */
        usage(stdout);
        code = EXIT_OK;
    } else if (!strcmp(v[1], "help") && !strcmp(v[2], "--man")) { /* the manual page */
        const cli_cmd *specs[N_COMMANDS];
        for (size_t i = 0; i < N_COMMANDS; i++)
            specs[i] = COMMANDS[i].spec;
        cli_man(specs, N_COMMANDS, stdout);
        code = EXIT_OK;
    } else if (!strcmp(v[1], "help")) { /* migdip help CMD: the command's own help */
        const struct command *c = find_command(v[2]);
        if (c)
            cli_help(c->spec, stdout);
        code = c ? EXIT_OK : unknown_command(v[2]);
    } else if (!strcmp(v[1], "completion")) {
        if (n != 3 || strcmp(v[2], "bash")) {
            fprintf(stderr, "migdip: error: completion: expected `migdip completion bash`\n");
            code = EXIT_USAGE;
        } else {
            const cli_cmd *specs[N_COMMANDS];
            for (size_t i = 0; i < N_COMMANDS; i++)
                specs[i] = COMMANDS[i].spec;
            cli_completion_bash(specs, N_COMMANDS, stdout);
            code = EXIT_OK;
        }
    } else if (!strcmp(v[1], "--version")) {
        code = version(n - 1, v + 1);
    } else {
        const struct command *c = find_command(v[1]);
        code = c ? c->run(n - 1, v + 1) : unknown_command(v[1]);
    }
    free(v);
    return code;
}
