/* imp_slbfe.c - importer for the Sri Lanka Bureau of Foreign Employment (SLBFE) registrations
 * for foreign employment (departures) by destination, from the SLBFE Annual Statistical
 * Reports as extracted by Lanka Data Foundation (LDFLK), in long form:
 *   year,ldflk_table,destination,column,value,source_pdf_url,source_table,ldflk_verified_by
 * Measure "departures", origin LKA, the calendar year. The LDFLK table says what a row is:
 *   *registration_by_country (column Number)     all departures: channel ''
 *   *all_sources_by_country                      channel "All sources" (2022: 5 more than the official total)
 *   *through_private_sources_by_country          channel "Private sources"
 *   *by_country_vs_manpower_level                channel "Manpower: <level>", sex from the column
 * Percentage columns are shares of the table's total and are not stored. Rows LDFLK did not
 * verify, and all of 2019 (the U.A.E. row has an extra digit: 328,690), are stored with flag 6
 * "suspect" and a note, never used, and reported at import. Layout: docs/importers.md "Sri
 * Lanka SLBFE departures"; quality: docs/flows.md. */
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "formats/csv.h"
#include "import/imp_flows.h"
#include "import/importer.h"
#include "util/text.h"

static const char *const SLBFE_ALIASES[] = {
    "U A E", "ARE",
    "U.A.E.", "ARE",
    "UAE", "ARE",
    "South Korea", "KOR",
    "Laos", "LAO",
    "Brunei", "BRN",
    "Hong Kong", "HKG",
    "Russia", "RUS",
    "Timor", "TLS",
    "Republic of Dominica", "DMA",
    "Turkey", "TUR",
    "Vietnam", "VNM",
    "Tanzania", "TZA",
    "United States", "USA",
    NULL,
};

static const char SLBFE_2019_NOTE[] =
    "SLBFE 2019 as extracted by LDFLK is known to be wrong (U.A.E. 328,690: an extra digit) and unverified: "
    "kept as suspect, never used";
static const char SLBFE_UNVERIFIED_NOTE[] = "not verified by Lanka Data Foundation: kept as suspect, never used";

static bool slbfe_sniff(const char *path, const char *name, const unsigned char *head, size_t n)
{
    (void)path;
    (void)name;
    return mg_importer_head_starts(head, n, "year,ldflk_table,destination,column,value");
}

enum { T_ALL, T_ALLSRC, T_PRIVATE, T_MANPOWER, T_UNKNOWN };

static int slbfe_table(const char *s, size_t len)
{
    char t[128], k[128];
    snprintf(t, sizeof t, "%.*s", (int)(len < 127 ? len : 127), s);
    mg_text_name_key(t, k, sizeof k);
    if (strstr(k, "manpower level"))
        return T_MANPOWER;
    if (strstr(k, "private sources"))
        return T_PRIVATE;
    if (strstr(k, "all sources"))
        return T_ALLSRC;
    if (strcmp(k, "slbfe registration by country") == 0)
        return T_ALL;
    return T_UNKNOWN;
}

/* Suspect rows by year, for the report. */
typedef struct slbfe_suspect {
    long first_line[201]; /* index year - 1900 */
    long count[201];
} slbfe_suspect;

static migdip_status slbfe_read(mg_importer_job *r, mg_csv_reader *cr, mg_imp_flows_buf *b, const char *lka,
                                void *ud)
{
    slbfe_suspect *sus = ud;
    static const char EXPECTED[] = "year,ldflk_table,destination,column,value,source_pdf_url,source_table,ldflk_verified_by";
    static const char *const COLS[6] = {"year", "ldflk_table", "destination", "column", "value", "ldflk_verified_by"};
    long c[6];
    size_t n_header;
    migdip_status rc;
    if ((rc = mg_importer_read_header(r, cr, EXPECTED, &n_header)) ||
        (rc = mg_importer_find_columns(r, cr, COLS, 6, c, EXPECTED, NULL)))
        return rc;
    size_t seen = 0;
    for (;;) {
        bool end;
        if ((rc = mg_importer_next_record(r, cr, n_header, &end)))
            return rc;
        if (end)
            break;
        long line = mg_csv_line(cr);
        seen++;
        mg_imp_flows_row row;
        memset(&row, 0, sizeof row);
        row.line = line;
        size_t len;
        const char *s = mg_csv_field(cr, (size_t)c[0], &len);
        long year;
        if (!mg_text_parse_long(s, len, &year) || year < 1900 || year > 2100)
            return mg_csv_bad_value(cr, (size_t)c[0], "year", "a year in 1900-2100", r->err);
        snprintf(row.from, sizeof row.from, "%04ld-01-01", year);
        snprintf(row.to, sizeof row.to, "%04ld-12-31", year);
        s = mg_csv_field(cr, (size_t)c[1], &len);
        s = mg_text_trim(s, &len);
        int table = slbfe_table(s, len);
        char what[160];
        if (table == T_UNKNOWN) {
            snprintf(what, sizeof what, "table %.*s (not a layout this importer knows; not stored)",
                     (int)(len < 100 ? len : 100), s);
            if ((rc = mg_importer_unmapped(r, line, "ldflk_table", what)))
                return rc;
            continue;
        }
        s = mg_csv_field(cr, (size_t)c[3], &len);
        s = mg_text_trim(s, &len);
        if (len >= 10 && strncmp(s, "Percentage", 10) == 0)
            continue; /* a share of the table's total, derived: not stored */
        if (table == T_MANPOWER) {
            size_t lvl;
            if (len > 5 && strncmp(s + len - 5, " Male", 5) == 0) {
                row.sex = 'M';
                lvl = len - 5;
            } else if (len > 7 && strncmp(s + len - 7, " Female", 7) == 0) {
                row.sex = 'F';
                lvl = len - 7;
            } else {
                return mg_csv_bad_value(cr, (size_t)c[3], "column", "\"<manpower level> Male\" or \"... Female\"",
                                        r->err);
            }
            snprintf(row.channel, sizeof row.channel, "Manpower: %.*s", (int)(lvl < 80 ? lvl : 80), s);
        } else {
            if (!(len == 6 && strncmp(s, "Number", 6) == 0))
                return mg_csv_bad_value(cr, (size_t)c[3], "column", "Number or Percentage", r->err);
            row.sex = 'T';
            snprintf(row.channel, sizeof row.channel, "%s",
                     table == T_ALLSRC ? "All sources" : table == T_PRIVATE ? "Private sources" : "");
        }
        s = mg_csv_field(cr, (size_t)c[4], &len);
        if (mg_text_is_blank(s, len)) {
            row.flag = MIGDIP_FLAG_MISSING;
        } else {
            long v;
            if (!mg_text_parse_long(s, len, &v) || v < 0 || v > 100000000)
                return mg_csv_bad_value(cr, (size_t)c[4], "value", "a count of persons (0 or more)", r->err);
            row.value = (double)v;
            row.flag = MIGDIP_FLAG_OBSERVED;
        }
        const char *note = NULL;
        s = mg_csv_field(cr, (size_t)c[5], &len);
        if (year == 2019 || mg_text_is_blank(s, len)) {
            note = year == 2019 ? SLBFE_2019_NOTE : SLBFE_UNVERIFIED_NOTE;
            if (row.flag != MIGDIP_FLAG_MISSING)
                row.flag = MIGDIP_FLAG_SUSPECT;
        }
        s = mg_csv_field(cr, (size_t)c[2], &len);
        s = mg_text_trim(s, &len);
        if (len == 0)
            return mg_csv_bad_value(cr, (size_t)c[2], "destination", "a destination name", r->err);
        char name[128];
        snprintf(name, sizeof name, "%.*s", (int)(len < 127 ? len : 127), s);
        if (mg_text_casecmp(name, "Other") == 0)
            snprintf(name, sizeof name, "Other (the rest of the world in SLBFE's table: not a country, not stored)");
        snprintf(row.name, sizeof row.name, "%s", name);
        row.dest = mg_imp_flows_place(r, name, SLBFE_ALIASES);
        if (!row.dest) {
            if ((rc = mg_importer_unmapped(r, line, "destination", name)))
                return rc;
            continue;
        }
        if (note && sus->count[year - 1900]++ == 0)
            sus->first_line[year - 1900] = line;
        row.orig = lka;
        memcpy(row.measure, "departures", 11);
        if ((rc = mg_imp_flows_add(b, &row, note)))
            return rc;
    }
    if (seen == 0)
        return mg_err_set(r->err, MIGDIP_ERR_SCHEMA, "%s: no data rows after the header", r->name);
    return MIGDIP_OK;
}

static migdip_status slbfe_run(mg_importer_job *r)
{
    slbfe_suspect *sus = calloc(1, sizeof *sus);
    if (!sus)
        return mg_err_set(r->err, MIGDIP_ERR_NOMEM, "out of memory");
    migdip_status rc = mg_imp_flows_csv_run(r, "LKA", "Sri Lanka", slbfe_read, sus);
    /* Suspect years, reported where the user sees unmapped names: never silent. */
    for (int y = 0; !rc && y <= 200; y++) {
        if (!sus->count[y])
            continue;
        char what[320];
        snprintf(what, sizeof what, "%d: %ld rows stored as suspect (flag 6), never used: %s", 1900 + y,
                 sus->count[y], 1900 + y == 2019 ? SLBFE_2019_NOTE : SLBFE_UNVERIFIED_NOTE);
        rc = mg_importer_unmapped(r, sus->first_line[y], "year", what);
    }
    free(sus);
    if (rc)
        return rc;
    r->meta.dataset = "slbfe";
    r->meta.source = "Sri Lanka Bureau of Foreign Employment, Annual Statistical Reports 2019-2024: registrations "
                     "for foreign employment by destination (extracted by Lanka Data Foundation)";
    r->meta.edition = "2019-2024";
    r->meta.released = "2025-11-27";
    r->meta.citation = "Sri Lanka Bureau of Foreign Employment (2020-2025). Annual Statistical Report of Foreign "
                       "Employment, 2019 to 2024. Battaramulla: SLBFE. Extracted by Lanka Data Foundation "
                       "(github.com/LDFLK/datasets).";
    return MIGDIP_OK;
}

const mg_importer mg_imp_slbfe = {"slbfe", MG_IMPORTER_STAGE_DATA, slbfe_sniff, slbfe_run};
