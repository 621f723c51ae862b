/* http.c - the daemon of `migdip serve` on libmicrohttpd: a thread a connection (a request that
 * takes seconds, a trajectory, keeps only its own connection waiting; with a pool of two
 * polling threads it held every connection of its thread), the API's own locks inside api.c,
 * a connection limit and an idle timeout, a cap on the
 * request body (413), on the header and URL memory (MHD answers 431/414 beyond it) and on the
 * number of query parameters; /api/ to api.c, every other GET to a file under the static
 * root, never outside it (no "." or ".." segment, no hidden file, the resolved path checked
 * to be under the resolved root, regular files only). Errors are JSON with their status. */
#include <arpa/inet.h>
#include <errno.h>
#include <fcntl.h>
#include <limits.h>
#include <microhttpd.h>
#include <netinet/in.h>
#include <pthread.h>
#include <signal.h>
#include <stdbool.h>
#include <stddef.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/socket.h>
#include <sys/stat.h>
#include <unistd.h>

#include <dlfcn.h>

#include "server.h"

/* libmicrohttpd is loaded when a server starts (dlopen), not when migdip does: it brings
 * GnuTLS and nine more libraries whose loading and initialisation every other command would
 * pay (a third of a one-year command's 30 ms). Its functions are called through this table;
 * the macros keep the calls below as written. */
static struct {
    __typeof__(MHD_start_daemon) *start_daemon;
    __typeof__(MHD_stop_daemon) *stop_daemon;
    __typeof__(MHD_get_daemon_info) *get_daemon_info;
    __typeof__(MHD_get_connection_values) *get_connection_values;
    __typeof__(MHD_lookup_connection_value) *lookup_connection_value;
    __typeof__(MHD_create_response_from_buffer_with_free_callback) *response_from_buffer;
    __typeof__(MHD_create_response_from_fd) *response_from_fd;
    __typeof__(MHD_add_response_header) *add_response_header;
    __typeof__(MHD_queue_response) *queue_response;
    __typeof__(MHD_destroy_response) *destroy_response;
} mhd;
#define MHD_start_daemon (*mhd.start_daemon)
#define MHD_stop_daemon (*mhd.stop_daemon)
#define MHD_get_daemon_info (*mhd.get_daemon_info)
#define MHD_get_connection_values (*mhd.get_connection_values)
#define MHD_lookup_connection_value (*mhd.lookup_connection_value)
#define MHD_create_response_from_buffer_with_free_callback (*mhd.response_from_buffer)
#define MHD_create_response_from_fd (*mhd.response_from_fd)
#define MHD_add_response_header (*mhd.add_response_header)
#define MHD_queue_response (*mhd.queue_response)
#define MHD_destroy_response (*mhd.destroy_response)

/* Load libmicrohttpd and its functions; false with the reason in err. */
static bool mhd_load(char *err, size_t cap)
{
    static const char *const NAMES[] = {"libmicrohttpd.so.12", "libmicrohttpd.so"};
    void *h = NULL;
    for (size_t i = 0; !h && i < sizeof NAMES / sizeof *NAMES; i++)
        h = dlopen(NAMES[i], RTLD_NOW | RTLD_LOCAL);
    if (!h) {
        snprintf(err, cap, "cannot load libmicrohttpd (Debian's libmicrohttpd12): %s", dlerror());
        return false;
    }
    static const struct {
        const char *name;
        size_t off;
    } FNS[] = {
        {"MHD_start_daemon", offsetof(__typeof__(mhd), start_daemon)},
        {"MHD_stop_daemon", offsetof(__typeof__(mhd), stop_daemon)},
        {"MHD_get_daemon_info", offsetof(__typeof__(mhd), get_daemon_info)},
        {"MHD_get_connection_values", offsetof(__typeof__(mhd), get_connection_values)},
        {"MHD_lookup_connection_value", offsetof(__typeof__(mhd), lookup_connection_value)},
        {"MHD_create_response_from_buffer_with_free_callback", offsetof(__typeof__(mhd), response_from_buffer)},
        {"MHD_create_response_from_fd", offsetof(__typeof__(mhd), response_from_fd)},
        {"MHD_add_response_header", offsetof(__typeof__(mhd), add_response_header)},
        {"MHD_queue_response", offsetof(__typeof__(mhd), queue_response)},
        {"MHD_destroy_response", offsetof(__typeof__(mhd), destroy_response)},
    };
    for (size_t i = 0; i < sizeof FNS / sizeof *FNS; i++) {
        void *fn = dlsym(h, FNS[i].name);
        if (!fn) {
            snprintf(err, cap, "libmicrohttpd lacks %s: %s", FNS[i].name, dlerror());
            return false;
        }
        memcpy((char *)&mhd + FNS[i].off, &fn, sizeof fn); /* a function's address, as POSIX has it */
    }
    return true;
}

enum { MAX_PARAMS = 32, MAX_PATH_BYTES = 512 };

typedef struct server {
    server_api *api;
    char root[PATH_MAX];      /* resolved, or "" when there is no built dashboard */
    bool quiet;
} server;

typedef struct conn {
    char *body;
    size_t len;
    bool too_big;
} conn;

static enum MHD_Result send_text(struct MHD_Connection *c, unsigned status, char *text, const char *type)
{
    struct MHD_Response *r =
        MHD_create_response_from_buffer_with_free_callback(text ? strlen(text) : 0, text, free);
    if (!r) {
        free(text);
        return MHD_NO;
    }
    MHD_add_response_header(r, "Content-Type", type);
    MHD_add_response_header(r, "X-Content-Type-Options", "nosniff");
    MHD_add_response_header(r, "Cache-Control", "no-store");
    enum MHD_Result ok = MHD_queue_response(c, status, r);
    MHD_destroy_response(r);
    return ok;
}

static enum MHD_Result send_reply(struct MHD_Connection *c, server_reply *rep)
{
    return send_text(c, rep->status, rep->json, "application/json; charset=utf-8");
}

static enum MHD_Result send_error(struct MHD_Connection *c, unsigned status, const char *msg)
{
    server_reply rep;
    server_reply_error(&rep, status, "%s", msg);
    return send_reply(c, &rep);
}

/* ---------------------------------------------------------------- the API */

typedef struct collect {
    server_param v[MAX_PARAMS];
    size_t n;
    bool overflow;
} collect;

static enum MHD_Result one_param(void *cls, enum MHD_ValueKind kind, const char *key, const char *value)
{
    (void)kind;
    collect *q = cls;
    if (q->n == MAX_PARAMS) {
        q->overflow = true;
        return MHD_NO;
    }
    q->v[q->n++] = (server_param){key, value};
    return MHD_YES;
}

static enum MHD_Result api_request(server *s, struct MHD_Connection *c, const char *url, const char *method, conn *cn)
{
    collect q = {0};
    MHD_get_connection_values(c, MHD_GET_ARGUMENT_KIND, one_param, &q);
    if (q.overflow)
        return send_error(c, 400, "too many query parameters (at most 32)");
    server_request rq = {.method = method, .path = url, .params = q.v, .n_params = q.n,
                         .body = cn->body, .body_len = cn->len};
    server_reply rep;
    server_api_handle(s->api, &rq, &rep); /* thread-safe: it takes the API's locks */
    if (rep.status >= 500 && !s->quiet)
        fprintf(stderr, "migdip serve: %s %s: %u %s\n", method, url, rep.status, rep.json ? rep.json : "");
    return send_reply(c, &rep);
}

/* ---------------------------------------------------------------- static files */

static const char *content_type(const char *path)
{
    static const struct { const char *ext, *type; } T[] = {
        {".html", "text/html; charset=utf-8"}, {".js", "text/javascript; charset=utf-8"},
        {".css", "text/css; charset=utf-8"},   {".json", "application/json; charset=utf-8"},
        {".svg", "image/svg+xml"},             {".png", "image/png"},
        {".ico", "image/x-icon"},              {".txt", "text/plain; charset=utf-8"},
        {".map", "application/json; charset=utf-8"}, {".woff2", "font/woff2"},
    };
    const char *dot = strrchr(path, '.');
    for (size_t i = 0; dot && i < sizeof T / sizeof *T; i++)
        if (!strcmp(dot, T[i].ext))
            return T[i].type;
    return "application/octet-stream";
}

/* A URL path is served only if every segment is a plain name: no empty, "." or ".." segment,
 * no hidden file, no backslash or NUL. */
static bool safe_path(const char *url)
{
    if (url[0] != '/' || strlen(url) > MAX_PATH_BYTES)
        return false;
    const char *p = url + 1;
    while (*p) {
        size_t n = strcspn(p, "/");
        if (n == 0 || p[0] == '.')
            return false;
        for (size_t i = 0; i < n; i++)
            if (p[i] == '\\' || (unsigned char)p[i] < 0x20)
                return false;
        p += n;
        if (*p == '/')
            p++;
    }
    return true;
}

static enum MHD_Result static_file(server *s, struct MHD_Connection *c, const char *url, const char *method)
{
    if (strcmp(method, "GET") && strcmp(method, "HEAD"))
        return send_error(c, 405, "only GET and HEAD outside /api/");
    if (!s->root[0])
        return send_error(c, 404, "the dashboard is not built: run scripts/setup (npm ci and npm run build in web/) "
                                  "or give --root DIR");
    if (!strcmp(url, "/"))
        url = "/index.html";
    if (!safe_path(url))
        return send_error(c, 400, "bad path: segments must be plain names (no '.', '..', hidden files or '//')");
    char path[PATH_MAX * 2], real[PATH_MAX];
    snprintf(path, sizeof path, "%s%s", s->root, url);
    size_t rl = strlen(s->root);
    if (!realpath(path, real) || strncmp(real, s->root, rl) || real[rl] != '/')
        return send_error(c, 404, "no such file");
    int fd = open(real, O_RDONLY | O_CLOEXEC | O_NOFOLLOW);
    struct stat st;
    if (fd < 0 || fstat(fd, &st) || !S_ISREG(st.st_mode)) {
        if (fd >= 0)
            close(fd);
        return send_error(c, 404, "no such file");
    }
    struct MHD_Response *r = MHD_create_response_from_fd((uint64_t)st.st_size, fd);
    if (!r) {
        close(fd);
        return MHD_NO;
    }
    MHD_add_response_header(r, "Content-Type", content_type(real));
    MHD_add_response_header(r, "X-Content-Type-Options", "nosniff");
    MHD_add_response_header(r, "Cache-Control", "no-cache");
    MHD_add_response_header(r, "Referrer-Policy", "no-referrer");
    /* the page loads nothing from elsewhere: everything is built into the static root */
    MHD_add_response_header(r, "Content-Security-Policy",
                            "default-src 'self'; img-src 'self' data:; style-src 'self' 'unsafe-inline'; "
                            "connect-src 'self'; frame-ancestors 'none'");
    enum MHD_Result ok = MHD_queue_response(c, 200, r);
    MHD_destroy_response(r);
    return ok;
}

/* ---------------------------------------------------------------- the daemon */

static enum MHD_Result handle(void *cls, struct MHD_Connection *c, const char *url, const char *method,
                              const char *version, const char *upload, size_t *upload_size, void **con_cls)
{
    (void)version;
    server *s = cls;
    conn *cn = *con_cls;
    if (!cn) { /* the headers: refuse a declared body over the cap before reading it */
        cn = calloc(1, sizeof *cn);
        if (!cn)
            return MHD_NO;
        *con_cls = cn;
        const char *cl = MHD_lookup_connection_value(c, MHD_HEADER_KIND, "Content-Length");
        if (cl && strtoull(cl, NULL, 10) > SERVER_MAX_BODY)
            cn->too_big = true;
        return MHD_YES;
    }
    if (*upload_size) {
        if (!cn->too_big && cn->len + *upload_size <= SERVER_MAX_BODY) {
            char *b = realloc(cn->body, cn->len + *upload_size + 1);
            if (!b)
                return MHD_NO;
            memcpy(b + cn->len, upload, *upload_size);
            cn->body = b;
            cn->len += *upload_size;
            cn->body[cn->len] = '\0';
        } else {
            cn->too_big = true;
        }
        *upload_size = 0;
        return MHD_YES;
    }
    if (cn->too_big) {
        char msg[96];
        snprintf(msg, sizeof msg, "request body over %d bytes", SERVER_MAX_BODY);
        return send_error(c, 413, msg);
    }
    if (!strncmp(url, "/api/", 5))
        return api_request(s, c, url, method, cn);
    return static_file(s, c, url, method);
}

static void completed(void *cls, struct MHD_Connection *c, void **con_cls, enum MHD_RequestTerminationCode why)
{
    (void)cls, (void)c, (void)why;
    conn *cn = *con_cls;
    if (cn) {
        free(cn->body);
        free(cn);
        *con_cls = NULL;
    }
}

int server_run(const server_opts *o)
{
    server s = {.quiet = o->quiet};
    const char *bind = o->bind ? o->bind : "127.0.0.1";
    unsigned port = o->port;
    struct sockaddr_in a4 = {0};
    struct sockaddr_in6 a6 = {0};
    struct sockaddr *sa;
    unsigned flags = MHD_USE_INTERNAL_POLLING_THREAD | MHD_USE_THREAD_PER_CONNECTION | MHD_USE_AUTO | MHD_USE_ERROR_LOG;
    if (inet_pton(AF_INET, bind, &a4.sin_addr) == 1) {
        a4.sin_family = AF_INET;
        a4.sin_port = htons((uint16_t)port);
        sa = (struct sockaddr *)&a4;
    } else if (inet_pton(AF_INET6, bind, &a6.sin6_addr) == 1) {
        a6.sin6_family = AF_INET6;
        a6.sin6_port = htons((uint16_t)port);
        sa = (struct sockaddr *)&a6;
        flags |= MHD_USE_IPv6;
    } else {
        fprintf(stderr, "migdip: error: --bind %s: expected an IPv4 or IPv6 address such as 127.0.0.1\n", bind);
        return 2;
    }
    if (o->root && realpath(o->root, s.root)) {
        struct stat st;
        if (stat(s.root, &st) || !S_ISDIR(st.st_mode))
            s.root[0] = '\0';
    }
    if (!s.root[0] && !o->quiet)
        fprintf(stderr, "migdip serve: note: no dashboard at %s (run scripts/setup to build web/); serving the API only\n",
                o->root ? o->root : "(none)");
    char err[512];
    if (!mhd_load(err, sizeof err)) {
        fprintf(stderr, "migdip: error: %s\n", err);
        return 3;
    }
    s.api = server_api_open(o->db, err, sizeof err);
    if (!s.api) {
        fprintf(stderr, "migdip: error: %s\n", err);
        return 3;
    }
    server_api_warm(s.api);
    /* SIGINT and SIGTERM are waited for below: blocked before the daemon's thread starts, so
     * that it inherits the mask and the signal comes to sigwait */
    sigset_t set;
    sigemptyset(&set);
    sigaddset(&set, SIGINT);
    sigaddset(&set, SIGTERM);
    pthread_sigmask(SIG_BLOCK, &set, NULL);
    signal(SIGPIPE, SIG_IGN);
    struct MHD_Daemon *d = MHD_start_daemon(
        flags, (uint16_t)port, NULL, NULL, handle, &s, MHD_OPTION_SOCK_ADDR, sa, MHD_OPTION_CONNECTION_LIMIT,
        (unsigned)(o->max_connections ? o->max_connections : 256), MHD_OPTION_CONNECTION_TIMEOUT,
        (unsigned)(o->timeout_s ? o->timeout_s : 15), MHD_OPTION_CONNECTION_MEMORY_LIMIT, (size_t)32 * 1024,
        MHD_OPTION_NOTIFY_COMPLETED, completed, NULL,
        MHD_OPTION_END);
    if (!d) {
        fprintf(stderr, "migdip: error: cannot listen on %s port %u: %s\n", bind, port, strerror(errno));
        server_api_close(s.api);
        return 3;
    }
    const union MHD_DaemonInfo *info = MHD_get_daemon_info(d, MHD_DAEMON_INFO_BIND_PORT);
    unsigned bound = info ? info->port : port;
    printf("migdip: serving http://%s%s%s:%u/ (Ctrl-C to stop)\n", sa->sa_family == AF_INET6 ? "[" : "", bind,
           sa->sa_family == AF_INET6 ? "]" : "", bound);
    fflush(stdout);
    int sig;
    sigwait(&set, &sig);
    MHD_stop_daemon(d);
    server_api_close(s.api);
    if (!o->quiet)
        fprintf(stderr, "migdip serve: stopped (%s)\n", sig == SIGINT ? "SIGINT" : "SIGTERM");
    return 0;
}
