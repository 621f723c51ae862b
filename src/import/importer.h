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
#include "util/err.h"
#include "store/store.h"

#define MG_IMPORTER_HEAD_BYTES 65536

/* The names and codes mg_importer_unmapped collected over one import (the dispatcher owns
 * it and hands it to the report). */
typedef struct mg_importer_unmapped_list {
    migdip_unmapped *v;
    size_t n, cap;
} mg_importer_unmapped_list;

/* One file being imported. */
typedef struct mg_importer_job {
    sqlite3 *db;
    const char *path;        /* path to open */
    const char *name;        /* path relative to the data directory, for messages */
    int64_t vintage_id;      /* every row the importer writes carries it */
    mg_store_vintage meta;      /* importer sets dataset, source, edition, released, citation */
    long rows;               /* values stored: the importer adds to it */
    const mg_country_map *cm;   /* identity lookups (snapshot taken before this file) */
    mg_err *err;
    mg_importer_unmapped_list *unmapped; /* filled through mg_importer_unmapped */
} mg_importer_job;

/* Stage: crosswalks first, so that data files can map names and codes. */
enum { MG_IMPORTER_STAGE_CODES = 0, MG_IMPORTER_STAGE_DATA = 1 };

typedef struct mg_importer {
    const char *id;          /* "wdi-tidy", shown in reports */
    int stage;
    /* true if this importer reads the file: name is the relative path, head its first bytes */
    bool (*sniff)(const char *path, const char *name, const unsigned char *head, size_t n);
    migdip_status (*run)(mg_importer_job *r);
} mg_importer;

/* Record a name or code the crosswalks cannot map (reported, never dropped in silence).
 * Repeats of one name in one file are counted once, with the first line. */
migdip_status mg_importer_unmapped(mg_importer_job *r, long line, const char *cell, const char *name);

/* True if head (after an optional UTF-8 BOM) begins with prefix (ASCII case-insensitive). */
bool mg_importer_head_starts(const unsigned char *head, size_t n, const char *prefix);
/* How many of the column names cols (NULL-terminated) the first line of head holds
 * (case-insensitive; blanks and quotes around names ignored): a sniffer's test of a header. */
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

/* Post-import steps run once after all files (e.g. derived WDI series). */
typedef migdip_status (*mg_importer_post_fn)(sqlite3 *db, mg_err *err);

#endif
