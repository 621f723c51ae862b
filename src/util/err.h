/* err.h - error reporting shared by every layer below the public API.
 *
 * Library code never prints: a failing function fills an mg_err (status + message) and
 * returns the status. The message follows one convention for data errors:
 *     file:line: column X: expected ..., got "..."                                       */
#ifndef MG_ERR_H
#define MG_ERR_H

#include <stddef.h>
#include "migdip/migdip.h"

#define MG_ERRMSG_MAX 1024

typedef struct mg_err {
    migdip_status status;
    char msg[MG_ERRMSG_MAX];
} mg_err;

/* Record an error and return its status, so that `return mg_err_set(err, ...)` reads well.
 * err may be NULL (the status is still returned). */
migdip_status mg_err_set(mg_err *err, migdip_status st, const char *fmt, ...)
    __attribute__((format(printf, 3, 4)));

/* Prefix the current message with "prefix: " (used to add a file name on the way up). */
void mg_err_prefix(mg_err *err, const char *fmt, ...) __attribute__((format(printf, 2, 3)));

void mg_err_clear(mg_err *err);

/* Quote at most 40 bytes of s for an error message ("n/a" -> "\"n/a\""), into buf. */
const char *mg_err_quote(char *buf, size_t cap, const char *s, size_t len);

#endif
