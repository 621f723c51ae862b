/* csv.h - RFC 4180 CSV reader with line numbers for error messages.
 *
 * The file is read into memory once (inputs are capped at CSV_MAX_BYTES), a UTF-8 BOM is
 * skipped, CRLF and LF both end records, quoted fields may hold commas, quotes ("") and line
 * breaks. Malformed input (an unterminated quote, text after a closing quote, a NUL byte)
 * is an error naming the file and line. */
#ifndef MG_CSV_H
#define MG_CSV_H

#include <stddef.h>
#include "err.h"

#define CSV_MAX_BYTES ((size_t)1 << 30)
#define CSV_MAX_FIELDS 100000

typedef struct csv_reader csv_reader;

/* Open path; name is used in messages (NULL: path). */
migdip_status csv_open(const char *path, const char *name, csv_reader **out, mg_err *err);
/* Read from memory (copied). */
migdip_status csv_open_mem(const char *name, const void *buf, size_t len, csv_reader **out, mg_err *err);
void csv_close(csv_reader *r);

/* Advance to the next record. Returns MIGDIP_OK; at end of input csv_nfields() is 0.
 * Blank lines are skipped. */
migdip_status csv_next(csv_reader *r, mg_err *err);

size_t csv_nfields(const csv_reader *r);
/* Field i of the current record (unescaped, NUL-terminated); "" when i is past the end.
 * Borrowed: valid until the next csv_next. */
const char *csv_field(const csv_reader *r, size_t i, size_t *len);
/* Line on which the current record starts (1-based). */
long csv_line(const csv_reader *r);
const char *csv_name(const csv_reader *r);

/* Index of the column whose trimmed name equals name (ASCII case-insensitive) in the current
 * record, or -1. Meant for the header record. */
long csv_find(const csv_reader *r, const char *name);

/* Set err to `name:line: column COL: expected WHAT, got "VALUE"` and return MIGDIP_ERR_PARSE. */
migdip_status csv_bad_value(const csv_reader *r, size_t i, const char *col, const char *what, mg_err *err);

#endif
