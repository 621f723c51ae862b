/* imp_cfo.c - importer for the Commission on Filipinos Overseas (CFO) registered emigrants by
 * destination, 1981-2020, in long form (the AllCountries workbook):
 *   year,destination_cfo_name,registered_emigrants
 * These are PERMANENT emigrants (Filipinos registering before leaving to settle abroad), not
 * overseas-worker deployments: measure "registered_emigrants", origin PHL, channel '', sex T,
 * the calendar year. The CFO workbooks themselves (Emigrant-*.xlsx) are not read (yet).
 * Layout: docs/importers.md "Philippines CFO registered emigrants". */
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "formats/csv.h"
#include "import/imp_flows.h"
#include "import/importer.h"
#include "util/text.h"

static const char *const CFO_ALIASES[] = {
    "SOUTH KOREA", "KOR",
    "KOREA, SOUTH", "KOR",
    "NORTH KOREA", "PRK",
    "KOREA, NORTH", "PRK",
    "TAIWAN", "TWN",
    "HONGKONG", "HKG",
    "HONG KONG", "HKG",
    "MACAU", "MAC",
    "RUSSIA", "RUS",
    "VIETNAM", "VNM",
    "LAOS", "LAO",
    "BRUNEI", "BRN",
    "IRAN", "IRN",
    "SYRIA", "SYR",
    "TURKEY", "TUR",
    "TANZANIA", "TZA",
    "CZECH REPUBLIC", "CZE",
    "UNITED STATES OF AMERICA", "USA",
    "USA", "USA",
    "U.S.A.", "USA",
    "UNITED KINGDOM", "GBR",
    "ENGLAND", "GBR",
    "NETHERLANDS", "NLD",
    "HOLLAND", "NLD",
    "CHINA (P.R.O.C.)", "CHN",
    "TAIWAN (ROC)", "TWN",
    "COCOS (KEELING) ISLAND", "CCK",
    "MIDWAY ISLAND", "UMI",
    "WAKE ISLAND", "UMI",
    "DEMOCRATIC KAMPUCHEA", "KHM",
    "LEICHTENSTEIN", "LIE",
    "CHANNEL ISLAND", "CHI",
    "DEMOCRATIC REPUBLIC OF THE CONGO (ZAIRE)", "COD",
    NULL,
};

static bool cfo_sniff(const char *path, const char *name, const unsigned char *head, size_t n)
{
    (void)path;
    (void)name;
    return mg_importer_head_starts(head, n, "year,destination_cfo_name,registered_emigrants");
}

static migdip_status cfo_read(mg_importer_job *r, mg_csv_reader *cr, mg_imp_flows_buf *b, const char *phl)
{
    static const char EXPECTED[] = "year,destination_cfo_name,registered_emigrants";
    static const char *const COLS[3] = {"year", "destination_cfo_name", "registered_emigrants"};
    long c[3];
    size_t n_header;
    migdip_status rc;
    if ((rc = mg_importer_read_header(r, cr, EXPECTED, &n_header)) ||
        (rc = mg_importer_find_columns(r, cr, COLS, 3, c, EXPECTED, NULL)))
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
        s = mg_csv_field(cr, (size_t)c[2], &len);
        if (mg_text_is_missing_marker(s, len)) {
            row.flag = MIGDIP_FLAG_MISSING;
        } else {
            long v;
            if (!mg_text_parse_long(s, len, &v) || v < 0 || v > 100000000)
                return mg_csv_bad_value(cr, (size_t)c[2], "registered_emigrants", "a count of persons (0 or more)",
                                        r->err);
            row.value = (double)v;
            row.flag = MIGDIP_FLAG_OBSERVED;
        }
        s = mg_csv_field(cr, (size_t)c[1], &len);
        s = mg_text_trim(s, &len);
        if (len == 0)
            return mg_csv_bad_value(cr, (size_t)c[1], "destination_cfo_name", "a destination name", r->err);
        char name[128];
        snprintf(name, sizeof name, "%.*s", (int)(len < 127 ? len : 127), s);
        snprintf(row.name, sizeof row.name, "%s", name);
        /* One CFO row for the USSR and then Russia: the state of the year. "YUGOSLAVIA (Serbia &
         * Montenegro)" is used up to 2020, long after that state split: left unmapped. */
        if (strcmp(name, "RUSSIAN FEDERATION / USSR") == 0)
            row.dest = mg_country_by_code(r->cm, "iso3", year < 1992 ? "SUN" : "RUS", 0);
        else
            row.dest = mg_imp_flows_place(r, name, CFO_ALIASES);
        if (!row.dest) {
            if ((rc = mg_importer_unmapped(r, line, "destination_cfo_name", name)))
                return rc;
            continue;
        }
        row.orig = phl;
        row.sex = 'T';
        memcpy(row.measure, "registered_emigrants", 21);
        if ((rc = mg_imp_flows_add(b, &row, NULL)))
            return rc;
    }
    if (seen == 0)
        return mg_err_set(r->err, MIGDIP_ERR_SCHEMA, "%s: no data rows after the header", r->name);
    return MIGDIP_OK;
}

static migdip_status cfo_run(mg_importer_job *r)
{
    mg_csv_reader *cr = NULL;
    mg_imp_flows_buf b = {.r = r};
    const char *phl = mg_country_by_code(r->cm, "iso3", "PHL", 0);
    if (!phl)
        return mg_err_set(r->err, MIGDIP_ERR_SCHEMA,
                          "%s: the Philippines (PHL) is not in the store: import the crosswalks (codes/) first",
                          r->name);
    migdip_status rc = mg_importer_open_csv(r, &cr);
    if (rc)
        goto cleanup;
    if ((rc = cfo_read(r, cr, &b, phl)) || (rc = mg_imp_flows_write(&b, true)))
        goto cleanup;
    r->meta.dataset = "cfo-emigrants";
    r->meta.source = "Commission on Filipinos Overseas: registered Filipino emigrants by country of destination, "
                     "1981-2020 (permanent emigrants, not worker deployments)";
    r->meta.edition = "1981-2020";
    r->meta.released = "2021-01-01";
    r->meta.citation = "Commission on Filipinos Overseas (2021). Number of Registered Filipino Emigrants by Major "
                       "Country of Destination, 1981-2020. Manila: Commission on Filipinos Overseas.";
cleanup:
    mg_imp_flows_free(&b);
    mg_csv_close(cr);
    return rc;
}

const mg_importer mg_imp_cfo = {"cfo-emigrants", MG_IMPORTER_STAGE_DATA, cfo_sniff, cfo_run};
