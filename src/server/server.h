/* server.h - `migdip serve`: the JSON API over the public library and the dashboard's static
 * assets (docs/api.md). Two files: api.c answers one request (method, path, query, body) with
 * a status and a JSON text, on models kept in memory per year and power measure (thread-safe:
 * it takes its own locks); http.c is the libmicrohttpd daemon (a thread a connection, limits,
 * timeouts, static files, JSON errors). Like the CLI, this
 * folder sees only the public API (migdip.h), src/present and its libraries. */
#ifndef MIGDIP_SERVER_H
#define MIGDIP_SERVER_H

#include <stdbool.h>
#include <stddef.h>
#include "migdip/migdip.h"

/* ---------------------------------------------------------------- api.c */

/* Caps of the API, documented in docs/api.md. */
enum {
    SERVER_MAX_BODY = 16 * 1024,  /* bytes of a request body (413 beyond) */
    SERVER_MAX_PARAM = 128,       /* bytes of one query value (400 beyond) */
    SERVER_MAX_MODELS = 8,        /* models kept in memory (year x power), least recently used dropped */
    SERVER_MAX_DRAWS = 5000,      /* robustness draws of one request */
    SERVER_MAX_TOP = 20000        /* rows of a screen */
};

typedef struct server_param {
    const char *key, *value;
} server_param;

typedef struct server_request {
    const char *method;           /* "GET", "POST", ... */
    const char *path;             /* "/api/dyad" */
    const server_param *params;   /* the query string, decoded */
    size_t n_params;
    const char *body;             /* POST body (not NUL-terminated), or NULL */
    size_t body_len;
} server_request;

typedef struct server_reply {
    unsigned status;              /* HTTP status */
    char *json;                   /* owned (free with migdip_free) */
} server_reply;

typedef struct server_api server_api;

/* The API on the store at db (opened read-only in effect: the API never writes). NULL with a
 * message in err (cap bytes) when the store cannot be opened. */
server_api *server_api_open(const char *db, char *err, size_t cap);
void server_api_close(server_api *api);
/* Load the default year's model and country list before the first request (a model takes a
 * second or two to build), so that the dashboard's first load is fast. Errors are left for
 * the requests to report. */
void server_api_warm(server_api *api);
/* Answer one request under /api/, from any thread (the API takes its locks). Never fails:
 * errors are replies with a status >= 400 and {"error": {"status": N, "message": "..."}}. */
void server_api_handle(server_api *api, const server_request *rq, server_reply *out);
/* A JSON error reply (for http.c's own errors: 404 files, 413, 405, ...). */
void server_reply_error(server_reply *out, unsigned status, const char *fmt, ...)
    __attribute__((format(printf, 3, 4)));

/* ---------------------------------------------------------------- http.c */

typedef struct server_opts {
    const char *db;               /* the store */
    const char *bind;             /* an IPv4 or IPv6 address (default 127.0.0.1) */
    unsigned port;                /* 0: 8420 */
    const char *root;             /* the dashboard's built assets (web/dist) */
    unsigned max_connections;     /* 0: 256 */
    unsigned timeout_s;           /* idle connection timeout, seconds (0: 15) */
    bool quiet;
} server_opts;

/* Serve until SIGINT or SIGTERM. Returns a CLI exit code (0 ok, 2 usage, 3 system). */
int server_run(const server_opts *o);

#endif
