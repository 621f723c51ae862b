/* imp_undesa.h - what the UN DESA International Migrant Stock importers share (imp_undesa.c):
 * the editions (release date, citation), the M49 mapping with its aggregate rule, and the
 * writer of bilateral values and totals. The layouts:
 *   imp_undesa.c          2020 tidy CSV, 2019 wide CSVs, publisher xlsx (destination, origin,
 *                         bilateral)
 *   imp_undesa_csv2024.c  2024 Table 1 re-saved as CSV (by sex, destination and origin)
 * docs/importers.md, "UN DESA International Migrant Stock". */
#ifndef MG_IMP_UNDESA_H
#define MG_IMP_UNDESA_H

#include <sqlite3.h>
#include <stdbool.h>

#include "import/importer.h"

#define MG_IMP_UNDESA_DATASET "undesa-ims"

/* Set r->meta for an edition ("2019", "2020", "2024"): dataset, edition, released, citation,
 * and the given source. False if the edition is not one the importers know (no release date:
 * editions could not be ordered). */
bool mg_imp_undesa_meta(mg_importer_job *r, const char *edition, const char *source);

/* Persons are whole numbers; the publisher's xlsx holds a few as 38891.00000000001. */
double mg_imp_undesa_count(double v);

/* ISO3 of a location given by its UN M49 code (code < 0: none) and name (footnote mark
 * removed), or NULL. *agg is set for aggregates: codes from 900 up are the UN's regions and
 * groups, except 2003 ("Others": other or unknown origin, stored as XXX); rows without a code
 * are headings. Anything else is reported through mg_importer_unmapped with line and cell. */
migdip_status mg_imp_undesa_m49(mg_importer_job *r, long line, const char *cell, long code, const char *name,
                                const char **iso3, bool *agg);

/* One prepared INSERT into "stock" (bilateral), "stock_total" (by destination) or
 * "emigrant_total" (by origin). */
typedef struct mg_imp_undesa_writer {
    sqlite3_stmt *ins;
} mg_imp_undesa_writer;

migdip_status mg_imp_undesa_writer_open(mg_importer_job *r, const char *table, mg_imp_undesa_writer *w);
void mg_imp_undesa_writer_close(mg_imp_undesa_writer *w);
/* One bilateral value (texts bound static: the step completes before returning); counts r->rows. */
migdip_status mg_imp_undesa_put_stock(mg_importer_job *r, mg_imp_undesa_writer *w, const char *orig, const char *dest,
                                      int year, char sex, double value, int flag);
/* One total (stock_total or emigrant_total); counts r->rows. */
migdip_status mg_imp_undesa_put_total(mg_importer_job *r, mg_imp_undesa_writer *w, const char *iso3, int year, char sex,
                                      double value, int flag);

#endif
