/* imp_codes.h - what the crosswalk importers share (imp_codes.c). Seven importers in the
 * crosswalk stage fill country, country_code, country_alias, aggregate, aggregate_alias,
 * aggregate_member and income_group so that the data importers can map every name and code
 * to ISO3 (docs/countries.md), one file each:
 *   imp_codes_codelist.c  countrycode codelist        imp_codes_undesa.c    UN DESA aggregates
 *   imp_codes_cow.c       COW state-years             imp_codes_wbclass.c   World Bank CLASS
 *   imp_codes_regions.c   countrycode regions         imp_codes_wboghist.c  World Bank OGHIST
 *   imp_codes_iso3166.c   ISO 3166-1 */
#ifndef MG_IMP_CODES_H
#define MG_IMP_CODES_H

#include <sqlite3.h>
#include <stdbool.h>
#include <stddef.h>
#include <stdint.h>

#include "formats/csv.h"
#include "formats/xlsx.h"
#include "import/importer.h"

/* Rows a crosswalk file may hold: far more than any real list, small enough that a
 * malformed file cannot make the importer allocate without bound. */
#define MG_IMP_CODES_MAX_ROWS 1000000

/* ---- CSV crosswalks */

/* A column of a CSV crosswalk: its name in the header, and whether the file must have it. */
typedef struct mg_imp_codes_col {
    const char *name;
    bool required;
} mg_imp_codes_col;

/* True if the first line of head holds every required column of spec. */
bool mg_imp_codes_head_has(const unsigned char *head, size_t n, const mg_imp_codes_col *spec, size_t nspec);
/* True if head is the countrycode codelist's header (which also has the COW columns). */
bool mg_imp_codes_is_codelist(const unsigned char *head, size_t n);
/* Open the job's CSV, read its header and find the columns of spec (idx[k] = -1 for an absent
 * optional column). An empty file or a missing required column is an error. */
migdip_status mg_imp_codes_open(mg_importer_job *r, const mg_imp_codes_col *spec, size_t nspec, long *idx,
                                mg_csv_reader **out, size_t *nheader);
/* The next data record (mg_importer_next_record); *done at end of input; more than
 * MG_IMP_CODES_MAX_ROWS records is an error. */
migdip_status mg_imp_codes_next_row(mg_importer_job *r, mg_csv_reader *cr, size_t nheader, long *nrows, bool *done);
/* Cell of column idx (trimmed, NUL-terminated copy into buf), or NULL when the column is
 * absent or the cell empty or "NA". */
const char *mg_imp_codes_cell(mg_csv_reader *cr, long idx, char *buf, size_t cap);
/* A numeric code cell (cown, gwn, M49: "4", "004", "4.0"); *present false for an empty cell. */
migdip_status mg_imp_codes_number(mg_importer_job *r, mg_csv_reader *cr, long idx, const char *col, long *out,
                                  bool *present);
/* True if s is exactly want upper-case ASCII letters (an alpha-2 or alpha-3 code). */
bool mg_imp_codes_is_upper(const char *s, size_t want);
/* Bind s, or NULL when s is NULL. */
void mg_imp_codes_bind_text(sqlite3_stmt *st, int col, const char *s);

/* ---- codes and aliases */

typedef struct mg_imp_codes_writer {
    mg_importer_job *r;
    sqlite3_stmt *code;  /* country_code, year range, vintage */
    sqlite3_stmt *alias; /* country_alias */
} mg_imp_codes_writer;

migdip_status mg_imp_codes_writer_open(mg_imp_codes_writer *w, mg_importer_job *r);
void mg_imp_codes_writer_close(mg_imp_codes_writer *w);
/* scheme:code -> iso3 for years y0..y1 (code normalised as mg_country_code_norm); a built-in
 * row (no vintage: the year-split codes of country.c) is never replaced. */
migdip_status mg_imp_codes_put_code(mg_imp_codes_writer *w, const char *scheme, const char *code, const char *iso3,
                                    int y0, int y1);
/* The same for a numeric code, for all years. */
migdip_status mg_imp_codes_put_code_num(mg_imp_codes_writer *w, const char *scheme, long code, const char *iso3);
/* An alias (the first spelling of a key wins; NULL or a blank alias is no-op). */
migdip_status mg_imp_codes_put_alias(mg_imp_codes_writer *w, const char *alias, const char *iso3, const char *source);

/* ---- xlsx crosswalks */

/* The cell of column col in a row (cells are sorted by column), or NULL. */
const xlsx_cell *mg_imp_codes_xcell(const xlsx_cell *cells, size_t n, uint32_t col);
/* Text of a cell, trimmed, into buf (whole numbers print as integers); NULL when blank. */
const char *mg_imp_codes_xtext(const xlsx_cell *c, char *buf, size_t cap);
/* A numeric code cell (M49 location code, membership flag): a number or digits as text. */
bool mg_imp_codes_xcode(const xlsx_cell *c, long *out);
/* `name: sheet "S" cell C: expected WHAT, got "V"` with status st. */
migdip_status mg_imp_codes_xbad(mg_importer_job *r, const char *sheet, const xlsx_cell *c, uint32_t row,
                                uint32_t col, const char *what, migdip_status st);
/* Open the job's workbook and find the named sheets (each must exist): idx[i] for names[i],
 * -1 for every sheet not found when it fails. */
migdip_status mg_imp_codes_xopen(mg_importer_job *r, xlsx_book **book, const char *const *names, long *idx,
                                 size_t n);
/* Sniffer: the input is an xlsx whose sheet holds every text of want within its first max_row
 * rows (path and head as an importer's sniff gets them). */
bool mg_imp_codes_xsniff(const char *path, const unsigned char *head, size_t n, const char *sheet,
                         const char *const *want, size_t nwant, uint32_t max_row);

/* ---- aggregates (UN and World Bank groups) */

typedef struct mg_imp_codes_agg {
    sqlite3_stmt *agg, *alias, *member;
} mg_imp_codes_agg;

migdip_status mg_imp_codes_agg_open(mg_imp_codes_agg *a, mg_importer_job *r);
void mg_imp_codes_agg_close(mg_imp_codes_agg *a);
/* An aggregate code with its name (also an alias of the code) under scheme ("un", "wb"). */
migdip_status mg_imp_codes_agg_put(mg_imp_codes_agg *a, mg_importer_job *r, const char *code, const char *name,
                                   const char *scheme);
/* iso3 is a member of aggregate code. */
migdip_status mg_imp_codes_agg_member(mg_imp_codes_agg *a, mg_importer_job *r, const char *code, const char *iso3);

/* "Lower middle income" (CLASS) or "LM" (OGHIST) -> "LM"; NULL if not an income group. */
const char *mg_imp_codes_income_code(const char *s);

#endif
