/* err.c - error records and status text. */
#include "util/err.h"

#include <stdarg.h>
#include <stdio.h>
#include <string.h>

migdip_status mg_err_set(mg_err *err, migdip_status st, const char *fmt, ...)
{
    if (!err)
        return st;
    err->status = st;
    va_list ap;
    va_start(ap, fmt);
    vsnprintf(err->msg, sizeof err->msg, fmt, ap);
    va_end(ap);
    return st;
}

void mg_err_prefix(mg_err *err, const char *fmt, ...)
{
    if (!err)
        return;
    char joined[2 * MG_ERRMSG_MAX];
    va_list ap;
    va_start(ap, fmt);
    int k = vsnprintf(joined, MG_ERRMSG_MAX, fmt, ap);
    va_end(ap);
    if (k < 0)
        return;
    size_t n = (size_t)k < MG_ERRMSG_MAX ? (size_t)k : MG_ERRMSG_MAX - 1;
    memcpy(joined + n, ": ", 2);
    memcpy(joined + n + 2, err->msg, strlen(err->msg) + 1);
    memcpy(err->msg, joined, MG_ERRMSG_MAX - 1);
    err->msg[MG_ERRMSG_MAX - 1] = '\0';
}

void mg_err_clear(mg_err *err)
{
    if (!err)
        return;
    err->status = MIGDIP_OK;
    err->msg[0] = '\0';
}

const char *mg_err_quote(char *buf, size_t cap, const char *s, size_t len)
{
    size_t n = len > 40 ? 40 : len;
    snprintf(buf, cap, "\"%.*s%s\"", (int)n, s ? s : "", len > 40 ? "..." : "");
    return buf;
}

const char *migdip_status_str(migdip_status st)
{
    switch (st) {
    case MIGDIP_OK: return "ok";
    case MIGDIP_ERR_NOMEM: return "out of memory";
    case MIGDIP_ERR_IO: return "i/o error";
    case MIGDIP_ERR_PARSE: return "parse error";
    case MIGDIP_ERR_SCHEMA: return "unexpected layout";
    case MIGDIP_ERR_RANGE: return "value out of range";
    case MIGDIP_ERR_DB: return "store error";
    case MIGDIP_ERR_NOTFOUND: return "not found";
    case MIGDIP_ERR_USAGE: return "invalid arguments";
    case MIGDIP_ERR_DUPLICATE: return "duplicate key";
    case MIGDIP_ERR_LIMIT: return "input over a limit";
    }
    return "unknown status";
}

const char *migdip_flag_str(migdip_flag f)
{
    switch (f) {
    case MIGDIP_FLAG_MISSING: return "missing";
    case MIGDIP_FLAG_OBSERVED: return "observed";
    case MIGDIP_FLAG_DERIVED: return "derived";
    case MIGDIP_FLAG_INTERPOLATED: return "interpolated";
    case MIGDIP_FLAG_CARRIED: return "carried";
    case MIGDIP_FLAG_ASSUMED_ZERO: return "assumed-zero";
    case MIGDIP_FLAG_SUSPECT: return "suspect";
    }
    return "missing";
}
