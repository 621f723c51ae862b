/* imp_wdi.h - what the World Bank World Development Indicators importers share (imp_wdi.c).
 * The World Bank (or its mirrors) distributes WDI in three shapes, one importer each:
 *   imp_wdi_tidy.c      per-indicator tidy CSVs (Country Name,Country Code,Year,Value)
 *   imp_wdi_bulk.c      the bulk API download (API_<indicator>_DS2_..., one column per year)
 *   imp_wdi_databank.c  DataBank xlsx exports (sheet "Data", one column per series)
 * Economies go to `series`, World Bank aggregates to `aggregate_series`; the post-import step
 * in imp_wdi_derive.c computes the series the publisher's files lack (docs/importers.md,
 * "World Bank WDI"). */
#ifndef MG_IMP_WDI_H
#define MG_IMP_WDI_H

#include <sqlite3.h>
#include <stdbool.h>
#include <stddef.h>

#include "formats/csv.h"
#include "import/importer.h"
#include "util/keyset.h"

#define MG_IMP_WDI_YEAR_MIN 1800
#define MG_IMP_WDI_YEAR_MAX 2100
#define MG_IMP_WDI_CODE_MAX 64 /* longest indicator code accepted */

#define MG_IMP_WDI_CITATION "World Bank, World Development Indicators. Washington, DC: The World Bank. " \
                            "Licence: CC BY 4.0."

/* True for series that cannot be negative (levels of population, output, remittances, stocks,
 * military spending): a negative value there is a broken file. */
bool mg_imp_wdi_nonneg(const char *code);
/* An indicator code: letters, digits, '.', '_' and at least one '.' (SP.POP.TOTL). */
bool mg_imp_wdi_code_ok(const char *s, size_t len);
/* True if s[0..len) is an ISO date YYYY-MM-DD (followed by nothing or a time). */
bool mg_imp_wdi_iso_date(const char *s, size_t len);
/* Like mg_csv_bad_value, with a status of the caller's choosing (RANGE, SCHEMA). */
migdip_status mg_imp_wdi_csv_error(const mg_csv_reader *csv, size_t i, const char *col, const char *what,
                                   migdip_status st, mg_err *err);
/* The vintage of a WDI file: dataset "wdi", source, and edition (= released, copied). */
void mg_imp_wdi_meta(mg_importer_job *r, const char *source, const char *edition);

/* ---- the writer the three layouts share */

typedef enum mg_imp_wdi_kind { MG_IMP_WDI_UNMAPPED = 0, MG_IMP_WDI_COUNTRY, MG_IMP_WDI_AGGREGATE } mg_imp_wdi_kind;

/* Where a row's values go: an economy (ISO3) or an aggregate code. key is borrowed from the
 * country map. */
typedef struct mg_imp_wdi_entity {
    mg_imp_wdi_kind kind;
    const char *key;
} mg_imp_wdi_entity;

typedef struct mg_imp_wdi_writer {
    mg_importer_job *r;
    sqlite3_stmt *ins_series, *ins_agg, *ins_info;
    mg_keyset seen;
    mg_keyset reported; /* unmapped codes already reported for this file */
} mg_imp_wdi_writer;

/* w zero-initialised; clean up with mg_imp_wdi_writer_cleanup even after a failed init. */
migdip_status mg_imp_wdi_writer_init(mg_imp_wdi_writer *w, mg_importer_job *r);
void mg_imp_wdi_writer_cleanup(mg_imp_wdi_writer *w);
/* Map a World Bank economy code (and its name, as a fallback) to a country or an aggregate.
 * What maps to neither is reported through mg_importer_unmapped (once per file) and comes back
 * as MG_IMP_WDI_UNMAPPED, to be skipped. cell names the column for the report. */
migdip_status mg_imp_wdi_resolve(mg_imp_wdi_writer *w, long line, const char *cell, const char *code,
                                 const char *name, int year, mg_imp_wdi_entity *out);
/* Store one value (flag MISSING binds NULL) of series code for entity e in year. */
migdip_status mg_imp_wdi_put(mg_imp_wdi_writer *w, const char *code, const mg_imp_wdi_entity *e, int year,
                             double value, int flag);
/* Name and unit of a series (the unit from the title's trailing parenthesis unless given). */
migdip_status mg_imp_wdi_info(mg_imp_wdi_writer *w, const char *code, const char *title, const char *unit);
/* Duplicate check on (series, entity, year): *first = 0 if new, else the line or row where the
 * key was first seen. Unmapped codes are keyed by their raw code. */
migdip_status mg_imp_wdi_seen(mg_imp_wdi_writer *w, const char *series, const mg_imp_wdi_entity *e,
                              const char *raw_code, int year, long line, long *first);

/* Post-import step (importers.def, imp_wdi_derive.c): recompute every derived WDI series. */
migdip_status mg_imp_wdi_derive(sqlite3 *db, mg_err *err);

#endif
