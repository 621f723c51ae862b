/* strbuf.c - growable byte buffer. */
#include "util/strbuf.h"

#include <stdio.h>
#include <stdlib.h>
#include <string.h>

void mg_strbuf_init(mg_strbuf *b)
{
    b->p = NULL;
    b->n = b->cap = 0;
    b->failed = 0;
}

void mg_strbuf_cleanup(mg_strbuf *b)
{
    if (!b)
        return;
    free(b->p);
    mg_strbuf_init(b);
}

void mg_strbuf_reset(mg_strbuf *b)
{
    b->n = 0;
    b->failed = 0;
    if (b->p)
        b->p[0] = '\0';
}

migdip_status mg_strbuf_reserve(mg_strbuf *b, size_t extra)
{
    if (b->n + extra + 1 <= b->cap)
        return MIGDIP_OK;
    size_t cap = b->cap ? b->cap : 64;
    while (cap < b->n + extra + 1) {
        if (cap > ((size_t)-1) / 2) {
            b->failed = 1;
            return MIGDIP_ERR_NOMEM;
        }
        cap *= 2;
    }
    char *p = realloc(b->p, cap);
    if (!p) {
        b->failed = 1;
        return MIGDIP_ERR_NOMEM;
    }
    b->p = p;
    b->cap = cap;
    return MIGDIP_OK;
}

migdip_status mg_strbuf_append(mg_strbuf *b, const char *s, size_t len)
{
    if (mg_strbuf_reserve(b, len) != MIGDIP_OK)
        return MIGDIP_ERR_NOMEM;
    if (len)
        memcpy(b->p + b->n, s, len);
    b->n += len;
    b->p[b->n] = '\0';
    return MIGDIP_OK;
}

migdip_status mg_strbuf_puts(mg_strbuf *b, const char *s) { return mg_strbuf_append(b, s, strlen(s)); }

migdip_status mg_strbuf_putc(mg_strbuf *b, char c) { return mg_strbuf_append(b, &c, 1); }

migdip_status mg_strbuf_printf(mg_strbuf *b, const char *fmt, ...)
{
    va_list ap, ap2;
    va_start(ap, fmt);
    va_copy(ap2, ap);
    int need = vsnprintf(NULL, 0, fmt, ap);
    va_end(ap);
    migdip_status rc = MIGDIP_OK;
    if (need < 0)
        b->failed = 1;
    if (need < 0 || mg_strbuf_reserve(b, (size_t)need) != MIGDIP_OK) {
        rc = MIGDIP_ERR_NOMEM;
        goto cleanup;
    }
    vsnprintf(b->p + b->n, (size_t)need + 1, fmt, ap2);
    b->n += (size_t)need;
cleanup:
    va_end(ap2);
    return rc;
}

char *mg_strbuf_detach(mg_strbuf *b)
{
    if (b->failed) {
        mg_strbuf_cleanup(b);
        return NULL;
    }
    char *p = b->p;
    if (!p)
        p = calloc(1, 1);
    mg_strbuf_init(b);
    return p;
}
