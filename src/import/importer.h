/* importer.h - the contract every official-format importer fulfils, and the helpers they
 * share (importer.c). An importer recognises its files (sniff) and reads one file into the
 * store (run) inside the transaction the dispatcher (import.c) holds; it never commits or
 * rolls back. Each importer lives in src/import/imp_<publisher>[_<layout>].c and is listed,
 * in the order the dispatcher asks them, in importers.def (docs/importers.md, "Adding an
 * importer"). */
#ifndef MG_IMPORTER_H
#define MG_IMPORTER_H

#include <sqlite3.h>
#include <stdbool.h>
#include <stddef.h>
#include <stdint.h>

#include "store/country.h"
#include "formats/csv.h"
#include "formats/xlsx.h"
#include "util/err.h"
#include "util/keyset.h"
#include "store/store.h"

#define MG_IMPORTER_HEAD_BYTES 65536

/* The names and codes mg_importer_unmapped collected over one import (the dispatcher owns
 * it and hands it to the report). An entry's strings are one allocation, at file: name and
 * cell point into it (migdip_import_report_free frees file only). */
typedef struct mg_importer_unmapped_list {
    migdip_unmapped *v;
    size_t n, cap;
    uint32_t *index;   /* open addressing over v by (file, name): i + 1, 0 empty; at most half full */
    size_t index_cap;  /* a power of two, or 0 */
    const char *hashed_file; /* the file name (a job's) whose part of the hash is file_hash */
    uint64_t file_hash;
} mg_importer_unmapped_list;

/* Free what the list holds (the entries still in v, the index): zeroed again. */
void mg_importer_unmapped_free(mg_importer_unmapped_list *l);

/* One input being imported: a file (path), or bytes in memory (mem, len; path NULL) such as
 * the built-in registry. Open it with mg_importer_open_csv or mg_importer_open_xlsx, which
 * read whichever it is. */
typedef struct mg_importer_job {
    sqlite3 *db;
    const char *path;          /* file to open, or NULL when the input is in memory */
    const unsigned char *mem;  /* the input's bytes when path is NULL (borrowed) */
    size_t len;
    const char *name;          /* path relative to the data directory, for messages */
    int64_t vintage_id;        /* every row the importer writes carries it */
    mg_store_vintage meta;     /* importer sets dataset, source, edition, released, citation */
    long rows;                 /* values stored: the importer adds to it */
    const mg_country_map *cm;  /* identity lookups (snapshot taken before this file) */
    mg_err *err;
    mg_importer_unmapped_list *unmapped; /* filled through mg_importer_unmapped */
    mg_store_stmts *stmts;     /* the context's statement cache (store.h; may be NULL) */
    xlsx_book *book;           /* the workbook the sniffers opened (owned), handed to the reader
                                  by mg_importer_open_xlsx; NULL: it opens the input itself */
} mg_importer_job;

/* Stage: crosswalks first, so that data files can map names and codes. */
enum { MG_IMPORTER_STAGE_CODES = 0, MG_IMPORTER_STAGE_DATA = 1 };

typedef struct mg_importer {
    const char *id;          /* "wdi-tidy", shown in reports */
    int stage;
    /* true if this importer reads the input: name is its relative path. path is the file and
     * head its first MG_IMPORTER_HEAD_BYTES at most; or path is NULL for an input in memory,
     * and head holds all of it. A sniffer that must look past the head at a workbook opens it
     * with mg_importer_sniff_xlsx. */
    bool (*sniff)(const char *path, const char *name, const unsigned char *head, size_t n);
    migdip_status (*run)(mg_importer_job *r);
} mg_importer;

/* Record a name or code the crosswalks cannot map (reported, never dropped in silence).
 * Repeats of one name in one file are counted once, with the first line. The list only
 * grows here: the dispatcher writes a file's entries to the unmapped table once its importer
 * is done (mg_importer_unmapped_write). */
migdip_status mg_importer_unmapped(mg_importer_job *r, long line, const char *cell, const char *name);
/* Write entries from..n-1 of r->unmapped (the names r's importer recorded) to the unmapped
 * table under r->vintage_id, in their order, a few dozen rows a statement. */
migdip_status mg_importer_unmapped_write(mg_importer_job *r, size_t from);

/* True if head (after an optional UTF-8 BOM) begins with prefix (ASCII case-insensitive). */
bool mg_importer_head_starts(const unsigned char *head, size_t n, const char *prefix);
/* How many of the column names cols (NULL-terminated) the first line of head holds
 * (case-insensitive; blanks and quotes around names ignored): a sniffer's test of a header.
 * The line is indexed by its fields (hashed), once for all the sniffers of an input between
 * mg_importer_sniff_begin and _end; out of memory: 0, and mg_importer_sniff_nomem. */
size_t mg_importer_head_columns(const unsigned char *head, size_t n, const char *const *cols);
/* The first line of head split into at most max fields (quotes removed, blanks trimmed, at
 * most 63 bytes each); returns how many. For sniffers that check columns by position. */
size_t mg_importer_head_fields(const unsigned char *head, size_t n, char fields[][64], size_t max);
/* True if head is a zip archive (xlsx). */
bool mg_importer_head_is_zip(const unsigned char *head, size_t n);
/* True if name ends with suffix (case-insensitive). */
bool mg_importer_name_ends(const char *name, const char *suffix);
/* True if name contains needle (case-insensitive). */
bool mg_importer_name_has(const char *name, const char *needle);

/* Open the job's input (file or memory) as CSV / as an xlsx workbook. Messages name the input
 * as r->name, also those of the xlsx reader while opening. */
migdip_status mg_importer_open_csv(mg_importer_job *r, mg_csv_reader **out);
migdip_status mg_importer_open_xlsx(mg_importer_job *r, xlsx_book **out);
/* One row of a sheet for mg_importer_read_first_sheet: an error stops the read and is
 * returned; *stop = true ends it early with no error (the table is over). */
typedef migdip_status (*mg_importer_sheet_fn)(void *ud, uint32_t row, const xlsx_cell *cells, size_t n, bool *stop);
/* Open the job's workbook (*book, the caller closes it, also on error), set *sheet to the name
 * of its first sheet before reading (for fn's messages) and stream that sheet through fn.
 * Errors: no sheet, the reader's (naming r->name), or fn's. */
migdip_status mg_importer_read_first_sheet(mg_importer_job *r, xlsx_book **book, const char **sheet,
                                           mg_importer_sheet_fn fn, void *ud);
/* The number of an xlsx value cell: MIGDIP_FLAG_OBSERVED with *v (a number, or text that is
 * one), MIGDIP_FLAG_MISSING for no cell, a blank or a missing marker (mg_text_is_missing_marker,
 * or one of extra, NULL-terminated, ASCII case ignored; extra may be NULL), -1 for anything
 * else (the caller reports the cell). */
int mg_importer_xlsx_value(const xlsx_cell *c, const char *const *extra, double *v);
/* The first of a row's cells beyond column ncols (the header's last), or NULL. */
const xlsx_cell *mg_importer_xlsx_beyond(const xlsx_cell *cells, size_t n, uint32_t ncols);
/* The xlsx reader's messages name the file it was given (the path, or "<memory>"): rewrite
 * r->err's message to name r->name instead, as the user knows the file. */
void mg_importer_xlsx_message(mg_importer_job *r);
/* The first bytes of the job's input (at most cap) into buf; *n = how many. */
migdip_status mg_importer_read_head(mg_importer_job *r, unsigned char *buf, size_t cap, size_t *n);
/* Size of the job's input in bytes. */
migdip_status mg_importer_size(mg_importer_job *r, uint64_t *bytes);
/* A sniffer that cannot decide for want of memory says so here (a sniff answers yes or no):
 * the dispatcher then fails the import (out of memory) instead of calling the file not
 * recognised. mg_importer_sniff_xlsx and _first_sheet do it themselves, for a read error too.
 * mg_importer_sniff_failed (the dispatcher's) returns why a sniffer could not decide since its
 * last call (MIGDIP_ERR_NOMEM or MIGDIP_ERR_IO; MIGDIP_OK none), and forgets it. */
void mg_importer_sniff_nomem(void);
migdip_status mg_importer_sniff_failed(void);
/* For sniffers: the workbook a sniffer was shown (the file at path, or head when path is NULL),
 * or NULL if it is not one (no message). Give it back with mg_importer_sniff_release. Between
 * mg_importer_sniff_begin and _end (the dispatcher's, around the sniffers of one input) the
 * workbook is opened once and shared by every sniffer that asks for it. */
xlsx_book *mg_importer_sniff_xlsx(const char *path, const unsigned char *head, size_t n);
/* A sniffer is done with the workbook mg_importer_sniff_xlsx gave it: closed unless shared. */
void mg_importer_sniff_release(xlsx_book *b);
/* The dispatcher, around the sniffers of one input (per thread): begin names the input the
 * sniffers are shown (path, head, n: as they get them) and forgets any workbook of the input
 * before; end returns the workbook the sniffers opened (the caller owns it and
 * puts it in mg_importer_job.book, so that the reader does not open the input again) when
 * keep, or closes it and returns NULL. */
void mg_importer_sniff_begin(const char *path, const unsigned char *head, size_t n);
xlsx_book *mg_importer_sniff_end(bool keep);
/* For sniffers of a .xlsx whose first sheet says what it is: true if name ends in .xlsx, head
 * is a workbook and its first sheet could be streamed through fn (with ud; fn stops the read
 * by returning nonzero). The caller then reads its verdict from ud. */
bool mg_importer_sniff_xlsx_first_sheet(const char *path, const char *name, const unsigned char *head, size_t n,
                                        xlsx_row_fn fn, void *ud);

/* Read the header record of cr into the reader; *n_header = its number of fields. An empty
 * file is `name: empty file (expected EXPECTED)`. */
migdip_status mg_importer_read_header(mg_importer_job *r, mg_csv_reader *cr, const char *expected, size_t *n_header);
/* cols[i] = the column of names[i] in the header record (mg_csv_find). A missing one is
 * `name:line: missing column "X" (expected EXPECTED)`, without the parenthesis when expected
 * is NULL. *width (if not NULL) = one more than the largest column index found. */
migdip_status mg_importer_find_columns(mg_importer_job *r, const mg_csv_reader *cr, const char *const *names, size_t n, long *cols,
                               const char *expected, size_t *width);

/* Advance cr to its next record: *end = true at the end of input; a record whose number of
 * fields differs from the header's (n_header) is an error naming the line. */
migdip_status mg_importer_next_record(mg_importer_job *r, mg_csv_reader *cr, size_t n_header, bool *end);
/* The same for a layout whose records may run longer than the columns read: a record needs
 * at least `need` fields. */
migdip_status mg_importer_next_record_min(mg_importer_job *r, mg_csv_reader *cr, size_t need, bool *end);

/* Make room for element n of *v (mg_grow: elements of elem bytes, *cap allocated), refusing
 * more than max elements with a message naming the file and line. */
migdip_status mg_importer_grow(mg_importer_job *r, long line, void **v, size_t *cap, size_t n, size_t elem, size_t max);

/* A writer of economic series (docs/store.md: series, aggregate_series, series_info), shared by
 * the importers that store values per code, country or aggregate, and year. Statements are
 * prepared on first use; close finalizes them (also after an error). */
typedef enum mg_importer_info_mode {
    MG_IMPORTER_INFO_KEEP,   /* INSERT OR IGNORE: the first description of a code stays */
    MG_IMPORTER_INFO_UPDATE, /* upsert: this file's name and unit replace the stored ones */
} mg_importer_info_mode;

typedef struct mg_importer_series {
    mg_importer_job *r;
    mg_importer_info_mode info_mode;
    sqlite3_stmt *ins, *ins_agg, *ins_info;
} mg_importer_series;

void mg_importer_series_open(mg_importer_series *w, mg_importer_job *r, mg_importer_info_mode info_mode);
/* One value: to series (key an ISO3 code) or, if agg, to aggregate_series (key an aggregate's
 * code); a missing value (flag MIGDIP_FLAG_MISSING) is stored as NULL. Counts r->rows. */
migdip_status mg_importer_series_put(mg_importer_series *w, bool agg, const char *code, const char *key, int year,
                                     double v, int flag);
/* The series_info row of code, written per the writer's info_mode. */
migdip_status mg_importer_series_info(mg_importer_series *w, const char *code, const char *name, const char *unit);
void mg_importer_series_close(mg_importer_series *w);

/* Post-import steps run once after all files (e.g. derived WDI series). */
typedef migdip_status (*mg_importer_post_fn)(sqlite3 *db, mg_err *err);

#endif
