/* table.h - a small table writer behind one function table per format (CSV, JSON, Stata
 * .dta through ReadStat): open with the columns and their types, write rows of values, close.
 * Missing is one value in every format: a NaN number or a NULL string becomes an empty CSV
 * cell, a JSON null, a Stata system missing (strings: ""). docs/exports.md. */
#ifndef MG_TABLE_H
#define MG_TABLE_H

#include <stdbool.h>
#include <stdio.h>

#include "util/err.h"
#include "util/strbuf.h"

typedef enum export_type { EXPORT_NUMBER, EXPORT_STRING } export_type;

typedef struct export_column {
    const char *name;   /* a valid Stata name in every format: [A-Za-z_][A-Za-z0-9_]{0,31} */
    export_type type;
    const char *label;  /* Stata variable label (cut to 80 bytes); may be NULL */
    /* A coded number (EXPORT_NUMBER only): the names of the codes 0, 1, 2, ... (NULL-terminated)
     * and the name of their set. CSV and JSON write the code, as any number; a .dta attaches
     * the names as Stata value labels (one label set per name, shared by its columns). */
    const char *const *codes;
    const char *code_set;
} export_column;

/* One cell: num for EXPORT_NUMBER (NaN or infinite = missing), str for EXPORT_STRING
 * (NULL = missing). */
typedef struct export_value {
    double num;
    const char *str;
} export_value;

/* What a file says about itself (docs/exports.md, "Metadata and codebook"): key-value pairs
 * (the migdip version, the command line, the options) and the data vintages of the store.
 * JSON writes them as the "metadata" object before the rows; a .dta as its notes (Stata
 * characteristics _dta[note#]); CSV has no room for them: the codebook beside it holds them. */
typedef struct mg_table_item {
    const char *key;   /* a JSON key: [a-z_]+ */
    const char *value; /* NULL: JSON null, left out of the notes */
} mg_table_item;

typedef struct mg_table_vintage {
    const char *dataset, *edition, *released, *file, *sha256;
} mg_table_vintage;

typedef struct mg_table_meta {
    const mg_table_item *items;
    size_t n_items;
    const mg_table_vintage *vintages;
    size_t n_vintages;
} mg_table_meta;

typedef struct mg_table mg_table;

/* Longest string a .dta string column may hold (Stata str#). */
#define EXPORT_DTA_STR_MAX 2045
/* Most rows one .dta file may hold (ReadStat counts rows in an int). */
#define EXPORT_DTA_ROWS_MAX 2000000000L

/* Start a table on f (borrowed, not closed) in format fmt (a migdip_export_format). cols
 * must outlive the table. file_label names the data set in a .dta (may be NULL). Column
 * names are checked: MIGDIP_ERR_USAGE for an invalid one. CSV and JSON stream each row to
 * f; a .dta needs its row count and string widths before the first row, so its rows are
 * spooled to an anonymous temporary file (not memory) and written at mg_table_close. */
migdip_status mg_table_open(FILE *f, int fmt, const export_column *cols, size_t ncols,
                                const char *file_label, mg_err *err, mg_table **out);
/* The same with the file's metadata (borrowed: must outlive the table; NULL: none). */
migdip_status mg_table_open_meta(FILE *f, int fmt, const export_column *cols, size_t ncols, const char *file_label,
                                 const mg_table_meta *meta, mg_err *err, mg_table **out);
/* The machine-readable codebook: one JSON object {"metadata": {...}, "columns": [{"name",
 * "type" ("number" or "string"), "label", "codes" (for coded columns: {"0": name, ...})}]},
 * the same two members a JSON export opens with. */
migdip_status mg_table_codebook(FILE *f, const export_column *cols, size_t ncols, const mg_table_meta *meta,
                                mg_err *err);
/* Write one row of ncols values. */
migdip_status mg_table_row(mg_table *t, const export_value *row);
/* CSV and JSON rows are text, which threads may format apart and the table then write in their
 * order: true for those formats. */
bool mg_table_has_text(const mg_table *t);
/* Append the text mg_table_row would write for row to out (*replaced counts bytes written as
 * U+FFFD). Reads t only, and leaves no message on its error (so that several threads may call
 * it): MIGDIP_ERR_NOMEM when out of memory, MIGDIP_ERR_USAGE for a .dta. */
migdip_status mg_table_row_text(const mg_table *t, const export_value *row, mg_strbuf *out, size_t *replaced);
/* Write nrows rows formatted by mg_table_row_text (replaced: their bytes written as U+FFFD),
 * as mg_table_row would have. */
migdip_status mg_table_rows_write(mg_table *t, const mg_strbuf *text, long nrows, size_t replaced);
/* Finish the table (JSON closing bracket, the whole .dta) and free it, in every case. */
migdip_status mg_table_close(mg_table *t);
/* How many bytes that were not UTF-8 the JSON writer replaced by U+FFFD so far. */
size_t mg_table_replaced(const mg_table *t);
/* Free without finishing (after an error elsewhere). NULL is fine. */
void mg_table_free(mg_table *t);

/* Fixed number format of the text formats: up to 10 significant digits, "" when missing. */
const char *mg_table_format_number(char *buf, size_t cap, double v);

#endif
