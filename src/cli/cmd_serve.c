/* cmd_serve.c - `migdip serve`: the local dashboard and its JSON API (src/server, docs/api.md). */
#include <stdlib.h>
#include <string.h>
#include <sys/stat.h>

#include "cli.h"
#include "server/server.h"

#ifndef MIGDIP_WEB_DIR
#define MIGDIP_WEB_DIR "web/dist"
#endif

static const cli_opt OPTS[] = {
    CLI_OPT("--port", "P", "TCP port (default 8420; 0: any free port, printed on start)"),
    CLI_OPT("--bind", "ADDR", "address to listen on (default 127.0.0.1: this machine only)"),
    CLI_OPT("--root", "DIR", "the dashboard's built assets (default: $MIGDIP_WEB, else the web/dist of the source tree "
                      "this program was built from)"),
    CLI_OPT("--max-connections", "N", "connections served at once (default 256)"),
    CLI_OPT("--timeout", "S", "an idle connection is closed after S seconds (default 15)"),
    {0},
};

const cli_cmd CLI_CMD_SERVE = {
    "serve", NULL, "the local dashboard and its JSON API (docs/api.md)",
    "Serves the dashboard (world map, typology plane, dyad, country and sources pages) and\n"
    "its JSON API (docs/api.md) over the store, until Ctrl-C. Models are kept in memory per\n"
    "year and power measure, so that a dyad answers in milliseconds. Nothing is written to the\n"
    "store.\n",
    OPTS, CLI_DB | CLI_QUIET, NULL, NULL};

static bool whole(const char *v, unsigned long lo, unsigned long hi, unsigned *out)
{
    char *end;
    unsigned long x = strtoul(v, &end, 10);
    if (!v[0] || *end || v[0] == '-' || x < lo || x > hi)
        return false;
    *out = (unsigned)x;
    return true;
}

static int own(void *ud, const char *cmd, const char *a, const char *v)
{
    server_opts *o = ud;
    if (!a)
        return 0;
    if (!strcmp(a, "--bind"))
        o->bind = v;
    else if (!strcmp(a, "--root"))
        o->root = v;
    else if (!strcmp(a, "--port")) {
        if (!whole(v, 0, 65535, &o->port)) {
            cli_usage_error(cmd, "--port: expected a port from 0 to 65535, got \"%s\"", v);
            return -1;
        }
    } else if (!strcmp(a, "--max-connections")) {
        if (!whole(v, 1, 10000, &o->max_connections)) {
            cli_usage_error(cmd, "--max-connections: expected a whole number from 1 to 10000, got \"%s\"", v);
            return -1;
        }
    } else if (!strcmp(a, "--timeout")) {
        if (!whole(v, 1, 3600, &o->timeout_s)) {
            cli_usage_error(cmd, "--timeout: expected seconds from 1 to 3600, got \"%s\"", v);
            return -1;
        }
    } else
        return 0;
    return 1;
}

int cmd_serve(int argc, char **argv)
{
    cli_common c;
    cli_common_init(&c);
    const char *env_web = getenv("MIGDIP_WEB");
    server_opts o = {.bind = "127.0.0.1", .port = 8420, .root = env_web && *env_web ? env_web : MIGDIP_WEB_DIR};
    int code = EXIT_OK;
    cli_sink to = {.common = &c, .own = own, .ud = &o};
    if (cli_parse(&CLI_CMD_SERVE, argc, argv, &to, &code) <= 0)
        return code;
    struct stat st;
    if (stat(c.db, &st)) {
        fprintf(stderr, "migdip: error: no store at %s: run `migdip import` first (or give --db FILE)\n", c.db);
        return EXIT_DATA;
    }
    o.db = c.db;
    o.quiet = c.quiet;
    return server_run(&o);
}
