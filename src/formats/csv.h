/* csv.h - RFC 4180 CSV reader with line numbers for error messages.
 *
 * The file is read into memory once (inputs are capped at MG_CSV_MAX_BYTES), a UTF-8 BOM is
 * skipped, CRLF and LF both end records, quoted fields may hold commas, quotes ("") and line
 * breaks. Malformed input (an unterminated quote, text after a closing quote, a NUL byte)
 * is an error naming the file and line. */
#ifndef MG_CSV_H
#define MG_CSV_H

#include <stddef.h>
#include "util/err.h"

#define MG_CSV_MAX_BYTES ((size_t)1 << 30)
#define MG_CSV_MAX_FIELDS 100000

typedef struct mg_csv_reader mg_csv_reader;

/* Open path; name is used in messages (NULL: path). */
migdip_status mg_csv_open(const char *path, const char *name, mg_csv_reader **out, mg_err *err);
/* Read from memory (copied). */
migdip_status mg_csv_open_mem(const char *name, const void *buf, size_t len, mg_csv_reader **out, mg_err *err);
void mg_csv_close(mg_csv_reader *r);

/* Advance to the next record. Returns MIGDIP_OK; at end of input mg_csv_nfields() is 0.
 * Blank lines are skipped. */
migdip_status mg_csv_next(mg_csv_reader *r, mg_err *err);

size_t mg_csv_nfields(const mg_csv_reader *r);
/* Field i of the current record (unescaped, NUL-terminated); "" when i is past the end.
 * Borrowed: valid until the next mg_csv_next. */
const char *mg_csv_field(const mg_csv_reader *r, size_t i, size_t *len);
/* Line on which the current record starts (1-based). */
long mg_csv_line(const mg_csv_reader *r);
const char *mg_csv_name(const mg_csv_reader *r);

/* Index of the column whose trimmed name equals name (ASCII case-insensitive) in the current
 * record, or -1. Meant for the header record. */
long mg_csv_find(const mg_csv_reader *r, const char *name);

/* Set err to `name:line: column COL: expected WHAT, got "VALUE"` and return MIGDIP_ERR_PARSE. */
migdip_status mg_csv_bad_value(const mg_csv_reader *r, size_t i, const char *col, const char *what, mg_err *err);

#endif
