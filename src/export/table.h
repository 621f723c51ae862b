/* table.h - a small table writer behind one function table per format (CSV, JSON, Stata
 * .dta through ReadStat): open with the columns and their types, write rows of values, close.
 * Missing is one value in every format: a NaN number or a NULL string becomes an empty CSV
 * cell, a JSON null, a Stata system missing (strings: ""). docs/exports.md. */
#ifndef MG_TABLE_H
#define MG_TABLE_H

#include <stdio.h>

#include "util/err.h"

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
/* Write one row of ncols values. */
migdip_status mg_table_row(mg_table *t, const export_value *row);
/* Finish the table (JSON closing bracket, the whole .dta) and free it, in every case. */
migdip_status mg_table_close(mg_table *t);
/* How many bytes that were not UTF-8 the JSON writer replaced by U+FFFD so far. */
size_t mg_table_replaced(const mg_table *t);
/* Free without finishing (after an error elsewhere). NULL is fine. */
void mg_table_free(mg_table *t);

/* Fixed number format of the text formats: up to 10 significant digits, "" when missing. */
const char *mg_table_format_number(char *buf, size_t cap, double v);

#endif
