/* xlsx.h - streaming reader for .xlsx workbooks (Office Open XML spreadsheets).
 *
 * Opens the zip with libzip, resolves sheets through workbook.xml and its relationships,
 * keeps the shared strings in memory and streams each worksheet through expat, handing the
 * caller one row of non-empty cells at a time. Nothing is converted or written to disk. */
#ifndef MG_XLSX_H
#define MG_XLSX_H

#include <stddef.h>
#include <stdint.h>

#include "migdip/migdip.h"
#include "util/err.h"

/* Hard limits taken from Excel's own; inputs beyond them are refused with MIGDIP_ERR_LIMIT. */
#define XLSX_MAX_ROW 1048576u            /* last row number */
#define XLSX_MAX_COL 16384u              /* last column number (XFD) */
#define XLSX_MAX_SHARED_STRINGS 10000000u
#define XLSX_MAX_STRING_BYTES (1u << 20) /* one shared/inline string or cell text */

typedef struct xlsx_book xlsx_book;

typedef enum xlsx_type { XLSX_EMPTY = 0, XLSX_NUMBER, XLSX_STRING, XLSX_BOOL, XLSX_ERROR } xlsx_type;

typedef struct xlsx_cell {
    uint32_t row;      /* 1-based Excel row */
    uint32_t col;      /* 1-based column (A=1) */
    xlsx_type type;
    double num;        /* XLSX_NUMBER / XLSX_BOOL (0 or 1) */
    const char *str;   /* XLSX_STRING (NUL-terminated UTF-8; shared strings, inline strings and
                          t="str" formula results, t="d" ISO dates), XLSX_ERROR ("#N/A");
                          NULL otherwise. Borrowed: valid only during the callback */
    size_t len;        /* strlen(str); 0 for numbers and booleans */
} xlsx_cell;

/* Called once per row that has at least one cell, in sheet (document) order, with that row's
 * non-empty cells sorted by column. A cell is non-empty when it carries a value; a string
 * value may be the empty string (len 0). Return 0 to continue, nonzero to stop reading
 * early (mg_xlsx_read_sheet then returns MIGDIP_OK). */
typedef int (*xlsx_row_fn)(void *ud, uint32_t row, const xlsx_cell *cells, size_t ncells);

/* Open the workbook at path: reads the zip directory, workbook.xml, its relationships and
 * the shared strings (if any). path is kept (copied) and used verbatim in error messages.
 * On success *out owns the book (free with mg_xlsx_close); on failure *out is NULL and err
 * says why, e.g. `undesa.xlsx: not a zip archive (xlsx expected)`. */
migdip_status mg_xlsx_open(const char *path, xlsx_book **out, mg_err *err);

/* Same as mg_xlsx_open on an in-memory file. The len bytes at buf are COPIED: the caller may
 * free buf as soon as this returns. Messages name the file "<memory>". */
migdip_status mg_xlsx_open_mem(const void *buf, size_t len, xlsx_book **out, mg_err *err);

/* Number of sheets listed in the workbook (0 for NULL). */
size_t mg_xlsx_sheet_count(const xlsx_book *b);

/* Name of sheet i in workbook order, borrowed until mg_xlsx_close; NULL if i is out of range. */
const char *mg_xlsx_sheet_name(const xlsx_book *b, size_t i);

/* Index of the sheet called name, or -1. An exact match wins; otherwise names are compared
 * with surrounding whitespace trimmed and ASCII case ignored ("FINAL BRM 2021 " matches
 * "final brm 2021"), and the fallback answers only when exactly one sheet matches. */
long mg_xlsx_find_sheet(const xlsx_book *b, const char *name);

/* Stream sheet index through fn, one call per non-empty row. Only one pass at a time per
 * book. Errors name the file, the sheet and the cell, e.g.
 * `book.xlsx: sheet "Table 1" cell C12: expected a number, got "abc"`; rows delivered
 * before an error stay delivered. */
migdip_status mg_xlsx_read_sheet(xlsx_book *b, size_t index, xlsx_row_fn fn, void *ud, mg_err *err);

/* Free the book and everything it owns. NULL is fine. */
void mg_xlsx_close(xlsx_book *b);

/* The cell of column col among a row's cells (sorted by column, as the row callback gets them),
 * or NULL when that cell is empty. */
const xlsx_cell *mg_xlsx_cell_at(const xlsx_cell *cells, size_t n, uint32_t col);

/* A cell's value as text into buf (cap bytes): a number as %.15g, a string trimmed of blanks;
 * "" for NULL, empty, boolean and error cells. Returns buf. */
const char *mg_xlsx_cell_text(const xlsx_cell *c, char *buf, size_t cap);

/* Write the A1-style reference of (row, col), e.g. "B17" for (17, 2), into buf (at least 16
 * bytes) and return buf. A row or column of 0 or beyond Excel's grid gives "?". */
const char *mg_xlsx_cellref(char *buf, uint32_t row, uint32_t col);

#endif
