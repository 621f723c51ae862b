/* strbuf.h - growable byte buffer, NUL-terminated at all times.
 *
 * Used for building strings (SQL, messages, output) and reading whole small files. Growth
 * doubles; allocation failure leaves the buffer unchanged and returns MIGDIP_ERR_NOMEM. */
#ifndef MG_STRBUF_H
#define MG_STRBUF_H

#include <stdarg.h>
#include <stddef.h>
#include "migdip/migdip.h"

typedef struct strbuf {
    char *p;      /* NUL-terminated; NULL until the first append */
    size_t n;     /* bytes used, excluding the NUL */
    size_t cap;
} strbuf;

void strbuf_init(strbuf *b);
void strbuf_cleanup(strbuf *b);            /* frees; b is reusable after strbuf_init */
void strbuf_reset(strbuf *b);              /* empties, keeps the memory */
migdip_status strbuf_reserve(strbuf *b, size_t extra);
migdip_status strbuf_append(strbuf *b, const char *s, size_t len);
migdip_status strbuf_puts(strbuf *b, const char *s);
migdip_status strbuf_putc(strbuf *b, char c);
migdip_status strbuf_printf(strbuf *b, const char *fmt, ...) __attribute__((format(printf, 2, 3)));
/* Hand the string to the caller (free with free()); the buffer is left empty. */
char *strbuf_detach(strbuf *b);

#endif
