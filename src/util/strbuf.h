/* strbuf.h - growable byte buffer, NUL-terminated at all times.
 *
 * Used for building strings (SQL, messages, output) and reading whole small files. Growth
 * doubles; allocation failure leaves the buffer's text unchanged, returns MIGDIP_ERR_NOMEM and
 * is remembered: mg_strbuf_detach then returns NULL, so that a text built by many appends
 * whose results were not each checked is never handed on with a piece missing. */
#ifndef MG_STRBUF_H
#define MG_STRBUF_H

#include <stdarg.h>
#include <stddef.h>
#include "migdip/migdip.h"

typedef struct mg_strbuf {
    char *p;      /* NUL-terminated; NULL until the first append */
    size_t n;     /* bytes used, excluding the NUL */
    size_t cap;
    int failed;   /* an append ran out of memory since init or reset */
} mg_strbuf;

void mg_strbuf_init(mg_strbuf *b);
void mg_strbuf_cleanup(mg_strbuf *b);            /* frees; b is reusable after mg_strbuf_init */
void mg_strbuf_reset(mg_strbuf *b);              /* empties, keeps the memory, forgets a failure */
migdip_status mg_strbuf_reserve(mg_strbuf *b, size_t extra);
migdip_status mg_strbuf_append(mg_strbuf *b, const char *s, size_t len);
migdip_status mg_strbuf_puts(mg_strbuf *b, const char *s);
migdip_status mg_strbuf_putc(mg_strbuf *b, char c);
migdip_status mg_strbuf_printf(mg_strbuf *b, const char *fmt, ...) __attribute__((format(printf, 2, 3)));
/* Hand the string to the caller (free with free()); the buffer is left empty. NULL (the
 * buffer freed) when out of memory, now or at an earlier append. */
char *mg_strbuf_detach(mg_strbuf *b);

#endif
