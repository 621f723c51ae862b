/* imp_flows.h - what the importers of sending-country flows share (imp_flows.c): rows of the
 * `flow` table (schema 5) gathered in memory, checked for repeated keys and written at once;
 * the mapping of destination names with an alias list of the publisher's spellings; ISO dates;
 * and the Bikram Sambat months that are converted to Gregorian dates. The importers:
 *   imp_flows.c   the documented user table (docs/flows.md): origin,destination,period_from,...
 *   imp_dofe.c    Nepal, Department of Foreign Employment, monthly labour approvals
 *   imp_slbfe.c   Sri Lanka Bureau of Foreign Employment, departures by destination
 *   imp_cfo.c     Philippines, Commission on Filipinos Overseas, registered emigrants
 * Conventions of the flow table (docs/flows.md): periods are Gregorian ISO dates, both ends
 * included; channel '' is all channels; a channel whose name begins with "Total" is a total of
 * other channels and is never added to them; missing is a NULL value with flag 0. */
#ifndef MG_IMP_FLOWS_H
#define MG_IMP_FLOWS_H

#include <stdbool.h>
#include <stddef.h>

#include "formats/csv.h"
#include "import/importer.h"

#define MG_IMP_FLOWS_MEASURE_MAX 32
#define MG_IMP_FLOWS_CHANNEL_MAX 96

/* One value of the flow table. orig and dest are ISO3 codes borrowed from the country map. */
typedef struct mg_imp_flows_row {
    long line;
    const char *orig, *dest;
    char from[11], to[11];                      /* YYYY-MM-DD */
    char measure[MG_IMP_FLOWS_MEASURE_MAX];
    char channel[MG_IMP_FLOWS_CHANNEL_MAX];
    char sex;                                   /* 'T', 'M' or 'F' */
    double value;                               /* meaningless when flag is MIGDIP_FLAG_MISSING */
    int flag;
    char *note;                                 /* owned by the buffer once added; may be NULL */
    char name[256];                             /* the destination as the file writes it */
} mg_imp_flows_row;

/* Rows of one file. Zero-initialise with .r set; free with mg_imp_flows_free. */
typedef struct mg_imp_flows_buf {
    mg_importer_job *r;
    mg_imp_flows_row *v;
    size_t n, cap;
} mg_imp_flows_buf;

/* Add a copy of row; note (may be NULL) is copied too. */
migdip_status mg_imp_flows_add(mg_imp_flows_buf *b, const mg_imp_flows_row *row, const char *note);

/* Write every row to `flow` with the job's vintage, and one coverage row per measure
 * (series "flow.<measure>"). Two rows with one key (origin, destination, period start,
 * measure, channel, sex): if merge and the file spells the destination differently in them,
 * they are two spellings of one destination and are summed (flag derived, a note naming the
 * lines; missing if either is); else an error naming both lines. */
migdip_status mg_imp_flows_write(mg_imp_flows_buf *b, bool merge);
void mg_imp_flows_free(mg_imp_flows_buf *b);

/* The sending state of a publisher's file (iso3; name for the message), or NULL with an error:
 * the crosswalks must be imported first. */
const char *mg_imp_flows_origin(mg_importer_job *r, const char *iso3, const char *name);

/* Reads a publisher's CSV (cr, already open) into b, the sending state being origin; ud is the
 * caller's. */
typedef migdip_status (*mg_imp_flows_csv_fn)(mg_importer_job *r, mg_csv_reader *cr, mg_imp_flows_buf *b,
                                             const char *origin, void *ud);
/* The run of a publisher's flow CSV: the sending state (mg_imp_flows_origin), the file opened,
 * read through fn, its rows written (two spellings of one destination summed, as
 * mg_imp_flows_write with merge), everything freed. The caller fills r->meta on success. */
migdip_status mg_imp_flows_csv_run(mg_importer_job *r, const char *iso3, const char *name, mg_imp_flows_csv_fn fn,
                                   void *ud);

/* A place as the publisher writes it: an alias (publisher spelling -> ISO3 code, pairs, NULL
 * terminated; may be NULL) first, then an ISO3 code, then any name the store knows. NULL if
 * none; the caller reports it with mg_importer_unmapped. */
const char *mg_imp_flows_place(const mg_importer_job *r, const char *name, const char *const *aliases);

/* Flows are counts of what happened: a date after this year is refused, as it is almost surely
 * a Bikram Sambat date written as if Gregorian (BS runs 56-57 years ahead: 2079 BS is 2022). */
#define MG_IMP_FLOWS_YEAR_MAX 2050

/* True if s[0..len) (trimmed) is a real Gregorian date YYYY-MM-DD in 1800-MG_IMP_FLOWS_YEAR_MAX;
 * out gets it. */
bool mg_imp_flows_iso_date(const char *s, size_t len, char out[11]);

/* The Bikram Sambat month (1 Baishakh .. 12 Chaitra) of a month name in any of the usual
 * romanisations (Baishak, Baisakh, Asar, Ashad, Shrawn, Ashwin, Flagun, ...), or 0. */
int mg_imp_flows_bs_month(const char *name, size_t len);
/* The Gregorian first and last day of Bikram Sambat month (year, month), from the table in
 * imp_flows.c (docs/flows.md, "Calendars"); false if the table does not cover it. */
bool mg_imp_flows_bs_to_ad(int year, int month, char from[11], char to[11]);
/* The month's usual English name ("Baishakh", ...), month 1-12. */
const char *mg_imp_flows_bs_name(int month);

#endif
