/* common.c - what every command shares before its own work: the options every command takes
 * and their defaults (the store, the data directory, the output format), opening the store,
 * and reporting errors with the exit codes of cli.h. */
#include "cli.h"

#include <errno.h>
#include <stdarg.h>
#include <stdlib.h>
#include <string.h>
#include <sys/stat.h>

/* The per-user store of the XDG base directories: $XDG_DATA_HOME/migdip/migdip.db, with
 * XDG_DATA_HOME ~/.local/share when unset (or relative, which the specification says to
 * ignore); ./migdip.db when there is no home to put it in. */
static const char *user_store(void)
{
    static char path[4096];
    const char *xdg = getenv("XDG_DATA_HOME"), *home = getenv("HOME");
    int n;
    if (xdg && xdg[0] == '/')
        n = snprintf(path, sizeof path, "%s/migdip/migdip.db", xdg);
    else if (home && *home)
        n = snprintf(path, sizeof path, "%s/.local/share/migdip/migdip.db", home);
    else
        return "migdip.db";
    return n > 0 && (size_t)n < sizeof path ? path : "migdip.db";
}

void cli_common_init(cli_common *c)
{
    const char *env_db = getenv("MIGDIP_DB"), *env_data = getenv("MIGDIP_DATA");
    c->db_is_default = !(env_db && *env_db);
    c->db = c->db_is_default ? user_store() : env_db;
    c->data = env_data && *env_data ? env_data : "../shared/data";
    c->fmt = OUT_TABLE;
    c->quiet = false;
    c->wide = false;
}

const cli_opt CLI_COMMON_OPTS[] = {
    CLI_OPT("--db", "FILE", "the store (default: $MIGDIP_DB, else the per-user store $XDG_DATA_HOME/migdip/migdip.db, "
                     "XDG_DATA_HOME being ~/.local/share when unset)", .bit = CLI_DB),
    CLI_OPT("--data", "DIR", "the data directory (default: $MIGDIP_DATA, else ../shared/data from the current directory)",
     .bit = CLI_DATA),
    CLI_OPT("--json", NULL, "output as JSON (docs/exports.md, docs/schema)", .bit = CLI_JSON),
    CLI_OPT("--csv", NULL, "output as CSV", .bit = CLI_CSV, .alt = true),
    CLI_OPT("--wide", NULL, "tables and prose as they are, not fitted to the terminal's width", .bit = CLI_WIDE),
    CLI_OPT("--quiet", NULL, "no notes or progress on standard error", .alias = "-q", .bit = CLI_QUIET),
    {0},
};

int cli_common_set(cli_common *c, const char *cmd, const char *opt, const char *val)
{
    if (!strcmp(opt, "--json"))
        c->fmt = OUT_JSON;
    else if (!strcmp(opt, "--csv"))
        c->fmt = OUT_CSV;
    else if (!strcmp(opt, "--quiet"))
        c->quiet = true;
    else if (!strcmp(opt, "--wide"))
        c->wide = true;
    else if (!strcmp(opt, "--data"))
        c->data = val;
    else if (!strcmp(opt, "--db")) {
        if (!*val) {
            cli_usage_error(cmd, "--db needs a file name");
            return -1;
        }
        c->db = val;
        c->db_is_default = false;
    }
    return 0;
}

int cli_exit_code(migdip_status st)
{
    switch (st) {
    case MIGDIP_OK: return EXIT_OK;
    case MIGDIP_ERR_USAGE: return EXIT_USAGE;
    case MIGDIP_ERR_NOMEM:
    case MIGDIP_ERR_IO:
    case MIGDIP_ERR_DB: return EXIT_SYSTEM;
    default: return EXIT_DATA;
    }
}

int cli_fail(migdip_status st, const char *msg)
{
    fprintf(stderr, "migdip: error: %s\n", msg);
    return cli_exit_code(st);
}

_Noreturn void cli_out_of_memory(void)
{
    fputs("migdip: error: out of memory\n", stderr);
    exit(EXIT_SYSTEM);
}

int cli_fail_ctx(migdip_ctx *ctx, migdip_status st)
{
    int code = cli_fail(st, migdip_ctx_errmsg(ctx));
    /* the library names what is missing; the command that fills the store is ours to name */
    migdip_sources *s = NULL;
    if (st == MIGDIP_ERR_NOTFOUND && migdip_sources_get(ctx, &s) == MIGDIP_OK && s->n_vintages == 0)
        fprintf(stderr, "(the store is empty: run `migdip import`)\n");
    migdip_sources_free(s);
    return code;
}

int cli_usage_error(const char *cmd, const char *fmt, ...)
{
    va_list ap;
    va_start(ap, fmt);
    fprintf(stderr, "migdip: error: ");
    vfprintf(stderr, fmt, ap);
    fprintf(stderr, "\n(see `migdip %s --help`)\n", cmd);
    va_end(ap);
    return EXIT_USAGE;
}

/* mkdir -p of the folder that holds file (0700: the store is the user's own). */
static int make_parents(const char *file)
{
    char dir[4096];
    if (snprintf(dir, sizeof dir, "%s", file) >= (int)sizeof dir)
        return -1;
    char *slash = strrchr(dir, '/');
    if (!slash || slash == dir)
        return 0;
    *slash = '\0';
    for (char *p = dir + 1; *p; p++) {
        if (*p != '/')
            continue;
        *p = '\0';
        if (mkdir(dir, 0700) && errno != EEXIST)
            return -1;
        *p = '/';
    }
    return mkdir(dir, 0700) && errno != EEXIST ? -1 : 0;
}

migdip_ctx *cli_open(const cli_common *c, int *code)
{
    /* only import creates a store: reading a store that is not there is an error, so that a
     * mistyped --db does not show an empty store and exit 0 (docs/building.md) */
    struct stat st;
    if (stat(c->db, &st) != 0 && errno == ENOENT) {
        fprintf(stderr,
                "migdip: error: no store at %s: create it with `migdip import --data DIR%s%s`, or name the "
                "store with --db FILE (or MIGDIP_DB)\n",
                c->db, c->db_is_default ? "" : " --db ", c->db_is_default ? "" : c->db);
        *code = EXIT_DATA;
        return NULL;
    }
    return cli_create(c, code);
}

migdip_ctx *cli_create(const cli_common *c, int *code)
{
    migdip_ctx *ctx = NULL;
    /* opening creates the store; the per-user default's folder may not exist yet */
    if (c->db_is_default && make_parents(c->db)) {
        fprintf(stderr, "migdip: error: cannot create the folder of %s: %s\n", c->db, strerror(errno));
        *code = EXIT_SYSTEM;
        return NULL;
    }
    migdip_status st = migdip_ctx_open(c->db, &ctx);
    if (st) {
        *code = cli_fail(st, migdip_ctx_errmsg(ctx));
        migdip_ctx_close(ctx);
        return NULL;
    }
    return ctx;
}
