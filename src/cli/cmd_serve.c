/* cmd_serve.c - `migdip serve`: the local dashboard and its JSON API (src/server, docs/api.md). */
#include <stdlib.h>
#include <string.h>
#include <sys/stat.h>

#include "cli.h"
#include "server/server.h"

#ifndef MIGDIP_WEB_DIR
#define MIGDIP_WEB_DIR "web/dist"
#endif

static const char HELP[] =
    "usage: migdip serve [--port P] [--bind ADDR] [--db FILE] [--root DIR] [--max-connections N]\n"
    "                    [--timeout S] [--quiet]\n\n"
    "Serves the dashboard (world map, typology plane, dyad, country and sources pages) and\n"
    "its JSON API (docs/api.md) over the store, until Ctrl-C. Models are kept in memory per\n"
    "year and power measure, so that a dyad answers in milliseconds. Nothing is written to the\n"
    "store.\n\nOptions:\n"
    "  --port P             TCP port (default 8420; 0: any free port, printed on start)\n"
    "  --bind ADDR          address to listen on (default 127.0.0.1: this machine only)\n"
    "  --root DIR           the dashboard's built assets (default: $MIGDIP_WEB, else the\n"
    "                       web/dist of the source tree this program was built from)\n"
    "  --max-connections N  connections served at once (default 256)\n"
    "  --timeout S          an idle connection is closed after S seconds (default 15)\n";

static bool whole(const char *v, unsigned long lo, unsigned long hi, unsigned *out)
{
    char *end;
    unsigned long x = strtoul(v, &end, 10);
    if (!v[0] || *end || v[0] == '-' || x < lo || x > hi)
        return false;
    *out = (unsigned)x;
    return true;
}

int cmd_serve(int argc, char **argv)
{
    cli_common c;
    cli_common_init(&c);
    const char *env_web = getenv("MIGDIP_WEB");
    server_opts o = {.bind = "127.0.0.1", .port = 8420, .root = env_web && *env_web ? env_web : MIGDIP_WEB_DIR};
    for (int i = 1; i < argc; i++) {
        int used = cli_common_opt(&c, argc, argv, &i);
        if (used < 0)
            return EXIT_USAGE;
        if (used)
            continue;
        const char *a = argv[i];
        if (!strcmp(a, "--help") || !strcmp(a, "-h")) {
            fputs(HELP, stdout);
            return EXIT_OK;
        }
        bool takes = !strcmp(a, "--port") || !strcmp(a, "--bind") || !strcmp(a, "--root") ||
                     !strcmp(a, "--max-connections") || !strcmp(a, "--timeout");
        if (!takes)
            return cli_usage_error("serve", "unexpected argument '%s'", a);
        if (i + 1 >= argc)
            return cli_usage_error("serve", "%s needs a value", a);
        const char *v = argv[++i];
        if (!strcmp(a, "--bind"))
            o.bind = v;
        else if (!strcmp(a, "--root"))
            o.root = v;
        else if (!strcmp(a, "--port") && !whole(v, 0, 65535, &o.port))
            return cli_usage_error("serve", "--port: expected a port from 0 to 65535, got \"%s\"", v);
        else if (!strcmp(a, "--max-connections") && !whole(v, 1, 10000, &o.max_connections))
            return cli_usage_error("serve", "--max-connections: expected a whole number from 1 to 10000, got \"%s\"", v);
        else if (!strcmp(a, "--timeout") && !whole(v, 1, 3600, &o.timeout_s))
            return cli_usage_error("serve", "--timeout: expected seconds from 1 to 3600, got \"%s\"", v);
    }
    if (c.fmt != OUT_TABLE)
        return cli_usage_error("serve", "--json/--csv: the server always answers in JSON");
    struct stat st;
    if (stat(c.db, &st)) {
        fprintf(stderr, "migdip: error: no store at %s: run `migdip import` first (or give --db FILE)\n", c.db);
        return EXIT_DATA;
    }
    o.db = c.db;
    o.quiet = c.quiet;
    return server_run(&o);
}
