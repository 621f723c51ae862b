/* imp_cfo.c - importers for the Commission on Filipinos Overseas (CFO) registered emigrants by
 * destination. These are PERMANENT emigrants (Filipinos registering before leaving to settle
 * abroad), not overseas-worker deployments: measure "registered_emigrants", origin PHL,
 * channel '', sex T, the calendar year. Two importers share the CFO's spellings:
 *   cfo-emigrants       the AllCountries workbook in long form (1981-2020):
 *                       year,destination_cfo_name,registered_emigrants
 *   cfo-emigrants-xlsx  the CFO's own workbooks: a country x year grid ("COUNTRY", the years,
 *                       TOTAL; a GRAND TOTAL row) or a year x major-destination table ("YEAR",
 *                       USA*, CANADA, ..., OTHERS, TOTAL, % Inc.; names may be split over two
 *                       header rows: NEW / ZEALAND). Totals, percentages and OTHERS are not
 *                       stored; the by-sex workbook has no destination and is not read.
 * docs/flows.md "Philippines: Commission on Filipinos Overseas". */
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <strings.h>

#include "formats/csv.h"
#include "formats/xlsx.h"
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

/* A CFO destination of year: "RUSSIAN FEDERATION / USSR" is the state of the year; NULL if the
 * name maps to no state (the caller reports it). */
static const char *cfo_place(const mg_importer_job *r, const char *name, long year)
{
    /* One CFO row for the USSR and then Russia: the state of the year. "YUGOSLAVIA (Serbia &
     * Montenegro)" is used up to 2020, long after that state split: left unmapped. */
    if (strcmp(name, "RUSSIAN FEDERATION / USSR") == 0)
        return mg_country_by_code(r->cm, "iso3", year < 1992 ? "SUN" : "RUS", 0);
    return mg_imp_flows_place(r, name, CFO_ALIASES);
}

/* The row of one value: PHL to dest in calendar year, sex T, channel ''. */
static void cfo_row(mg_imp_flows_row *row, long line, const char *phl, const char *dest, const char *name, long year,
                    double v)
{
    memset(row, 0, sizeof *row);
    row->line = line;
    snprintf(row->from, sizeof row->from, "%04ld-01-01", year);
    snprintf(row->to, sizeof row->to, "%04ld-12-31", year);
    snprintf(row->name, sizeof row->name, "%s", name);
    row->orig = phl;
    row->dest = dest;
    row->sex = 'T';
    row->value = v;
    row->flag = MIGDIP_FLAG_OBSERVED;
    memcpy(row->measure, "registered_emigrants", 21);
}

static bool cfo_sniff(const char *path, const char *name, const unsigned char *head, size_t n)
{
    (void)path;
    (void)name;
    return mg_importer_head_starts(head, n, "year,destination_cfo_name,registered_emigrants");
}

static migdip_status cfo_read(mg_importer_job *r, mg_csv_reader *cr, mg_imp_flows_buf *b, const char *phl,
                              void *ud)
{
    (void)ud;
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
        size_t len;
        const char *s = mg_csv_field(cr, (size_t)c[0], &len);
        long year;
        if (!mg_text_parse_long(s, len, &year) || year < 1900 || year > 2100)
            return mg_csv_bad_value(cr, (size_t)c[0], "year", "a year in 1900-2100", r->err);
        double v = 0;
        int flag = MIGDIP_FLAG_OBSERVED;
        s = mg_csv_field(cr, (size_t)c[2], &len);
        if (mg_text_is_missing_marker(s, len)) {
            flag = MIGDIP_FLAG_MISSING;
        } else {
            long n;
            if (!mg_text_parse_long(s, len, &n) || n < 0 || n > 100000000)
                return mg_csv_bad_value(cr, (size_t)c[2], "registered_emigrants", "a count of persons (0 or more)",
                                        r->err);
            v = (double)n;
        }
        s = mg_csv_field(cr, (size_t)c[1], &len);
        s = mg_text_trim(s, &len);
        if (len == 0)
            return mg_csv_bad_value(cr, (size_t)c[1], "destination_cfo_name", "a destination name", r->err);
        char name[128];
        snprintf(name, sizeof name, "%.*s", (int)(len < 127 ? len : 127), s);
        const char *dest = cfo_place(r, name, year);
        if (!dest) {
            if ((rc = mg_importer_unmapped(r, line, "destination_cfo_name", name)))
                return rc;
            continue;
        }
        mg_imp_flows_row row;
        cfo_row(&row, line, phl, dest, name, year, v);
        row.flag = flag;
        if ((rc = mg_imp_flows_add(b, &row, NULL)))
            return rc;
    }
    if (seen == 0)
        return mg_err_set(r->err, MIGDIP_ERR_SCHEMA, "%s: no data rows after the header", r->name);
    return MIGDIP_OK;
}

static migdip_status cfo_run(mg_importer_job *r)
{
    migdip_status rc = mg_imp_flows_csv_run(r, "PHL", "the Philippines", cfo_read, NULL);
    if (rc)
        return rc;
    r->meta.dataset = "cfo-emigrants";
    r->meta.source = "Commission on Filipinos Overseas: registered Filipino emigrants by country of destination, "
                     "1981-2020 (permanent emigrants, not worker deployments)";
    r->meta.edition = "1981-2020";
    r->meta.released = "2021-01-01";
    r->meta.citation = "Commission on Filipinos Overseas (2021). Number of Registered Filipino Emigrants by Major "
                       "Country of Destination, 1981-2020. Manila: Commission on Filipinos Overseas.";
    return MIGDIP_OK;
}

const mg_importer mg_imp_cfo = {"cfo-emigrants", MG_IMPORTER_STAGE_DATA, cfo_sniff, cfo_run};

/* ------------------------------------------------------------------ the CFO workbooks */

#define CFO_TITLE "NUMBER OF REGISTERED FILIPINO EMIGRANTS BY"
#define CFO_MAX_COLS 128u   /* the workbooks have 15 to 43 columns */
#define CFO_HEADER_ROW_MAX 10u
#define CFO_USA_NOTE "USA*: the United States and its insular areas (American Samoa, Guam, the Northern Mariana " \
                     "Islands, the US Virgin Islands, the Marshall Islands, Micronesia, Palau, Puerto Rico), as the " \
                     "CFO's note says"

typedef enum cfo_layout { CFO_NONE = 0, CFO_BY_COUNTRY, CFO_BY_YEAR } cfo_layout;

typedef struct cfo_book {
    mg_importer_job *r;
    mg_imp_flows_buf *b;
    const char *phl, *sheet;
    cfo_layout layout;
    uint32_t header_row;
    bool done;                           /* past the table (a total row) */
    long seen, year_min, year_max;
    int year_of[CFO_MAX_COLS + 1];       /* by country: the year of a column, 0 none */
    const char *dest_of[CFO_MAX_COLS + 1]; /* by year: the state of a column, NULL none */
    bool usa_star[CFO_MAX_COLS + 1];     /* by year: the column USA* (with its insular areas) */
    char above[CFO_MAX_COLS + 1][32];    /* the row above the header: first words of names */
} cfo_book;

/* The title of the first sheet: registered emigrants by destination (the by-sex workbook has
 * none and is not read). */
static int cfo_title_row(void *ud, uint32_t row, const xlsx_cell *cells, size_t n)
{
    bool *ok = ud;
    char t[256];
    mg_xlsx_cell_text(mg_xlsx_cell_at(cells, n, 1), t, sizeof t);
    *ok = strncasecmp(t, CFO_TITLE, strlen(CFO_TITLE)) == 0 && strstr(t, "DESTINATION") != NULL;
    (void)row;
    return 1;
}

static bool cfo_xlsx_sniff(const char *path, const char *name, const unsigned char *head, size_t n)
{
    bool ok = false;
    return mg_importer_sniff_xlsx_first_sheet(path, name, head, n, cfo_title_row, &ok) && ok;
}

static migdip_status cfo_bad_cell(cfo_book *k, uint32_t row, uint32_t col, const char *what, const char *got)
{
    char ref[16], q[96];
    return mg_err_set(k->r->err, MIGDIP_ERR_PARSE, "%s: sheet \"%s\" cell %s: expected %s, got %s", k->r->name,
                      k->sheet, mg_xlsx_cellref(ref, row, col), what, mg_err_quote(q, sizeof q, got, strlen(got)));
}

/* A year cell (a number or text "1981"), or 0. */
static long cfo_year(const xlsx_cell *c)
{
    char t[32];
    long y;
    mg_xlsx_cell_text(c, t, sizeof t);
    return mg_text_parse_long(t, strlen(t), &y) && y >= 1900 && y <= 2100 ? y : 0;
}

/* An empty cell as the workbooks write some: a string of blanks. */
static bool cfo_blank(const xlsx_cell *c)
{
    size_t len = c->len;
    return c->type == XLSX_STRING && (mg_text_trim(c->str, &len), len == 0);
}

/* A count of persons, or an error naming the cell. */
static migdip_status cfo_count(cfo_book *k, uint32_t row, const xlsx_cell *c, double *v)
{
    char t[64];
    if (c->type != XLSX_NUMBER || !(c->num >= 0) || c->num > 1e8 || c->num != (double)(long)c->num)
        return cfo_bad_cell(k, row, c->col, "a count of persons (0 or more)", mg_xlsx_cell_text(c, t, sizeof t));
    *v = c->num;
    return MIGDIP_OK;
}

static migdip_status cfo_add(cfo_book *k, uint32_t row, const char *dest, const char *name, long year, double v,
                             const char *note)
{
    mg_imp_flows_row fr;
    cfo_row(&fr, (long)row, k->phl, dest, name, year, v);
    if (year < k->year_min || !k->year_min)
        k->year_min = year;
    if (year > k->year_max)
        k->year_max = year;
    return mg_imp_flows_add(k->b, &fr, note);
}

/* The header: "COUNTRY" then years (a country x year grid), or "YEAR" then destinations (a
 * year x destination table, names perhaps begun in the row above). */
static migdip_status cfo_header(cfo_book *k, uint32_t row, const xlsx_cell *cells, size_t n)
{
    char a[64], t[96];
    mg_xlsx_cell_text(mg_xlsx_cell_at(cells, n, 1), a, sizeof a);
    bool by_country = !strcasecmp(a, "COUNTRY"), by_year = !strcasecmp(a, "YEAR");
    if (!by_country && !by_year) {
        memset(k->above, 0, sizeof k->above);
        for (size_t i = 0; i < n; i++)
            if (cells[i].col <= CFO_MAX_COLS)
                mg_xlsx_cell_text(&cells[i], k->above[cells[i].col], sizeof k->above[0]);
        if (row >= CFO_HEADER_ROW_MAX)
            return mg_err_set(k->r->err, MIGDIP_ERR_SCHEMA,
                              "%s: sheet \"%s\": no header row (\"COUNTRY\" then years, or \"YEAR\" then "
                              "destinations) in the first %u rows", k->r->name, k->sheet, CFO_HEADER_ROW_MAX);
        return MIGDIP_OK;
    }
    k->layout = by_country ? CFO_BY_COUNTRY : CFO_BY_YEAR;
    k->header_row = row;
    size_t cols = 0;
    for (size_t i = 0; i < n; i++) {
        uint32_t col = cells[i].col;
        if (col == 1)
            continue;
        if (col > CFO_MAX_COLS)
            return mg_err_set(k->r->err, MIGDIP_ERR_SCHEMA, "%s: sheet \"%s\" row %u: more than %u columns",
                              k->r->name, k->sheet, row, CFO_MAX_COLS);
        mg_xlsx_cell_text(&cells[i], t, sizeof t);
        if (by_country) {
            k->year_of[col] = (int)cfo_year(&cells[i]);
            cols += k->year_of[col] != 0; /* else TOTAL */
            continue;
        }
        char name[160];
        snprintf(name, sizeof name, "%s%s%s", k->above[col], *k->above[col] ? " " : "", t);
        size_t len = strlen(name);
        if (!len || name[0] == '%' || !strcasecmp(name, "TOTAL"))
            continue; /* a total or a percentage change: derived, not stored */
        if (name[len - 1] == '*') {
            k->usa_star[col] = true;
            name[--len] = '\0';
        }
        if (!(k->dest_of[col] = cfo_place(k->r, name, 0))) {
            char ref[16];
            migdip_status rc = mg_importer_unmapped(k->r, (long)row, mg_xlsx_cellref(ref, row, col), name);
            if (rc)
                return rc;
            continue;
        }
        cols++;
    }
    if (cols == 0)
        return mg_err_set(k->r->err, MIGDIP_ERR_SCHEMA, "%s: sheet \"%s\" row %u: %s", k->r->name, k->sheet, row,
                          by_country ? "no year columns after COUNTRY" : "no destination columns after YEAR");
    return MIGDIP_OK;
}

/* A row of the country x year grid, until GRAND TOTAL. */
static migdip_status cfo_country_row(cfo_book *k, uint32_t row, const xlsx_cell *cells, size_t n)
{
    char name[128];
    mg_xlsx_cell_text(mg_xlsx_cell_at(cells, n, 1), name, sizeof name);
    if (!name[0])
        return MIGDIP_OK;
    if (!strncasecmp(name, "GRAND TOTAL", 11) || !strncasecmp(name, "TOTAL", 5) || !strncasecmp(name, "Source", 6)) {
        k->done = true;
        return MIGDIP_OK;
    }
    k->seen++;
    const char *dest = NULL;
    for (size_t i = 0; i < n; i++) {
        uint32_t col = cells[i].col;
        long year = col <= CFO_MAX_COLS ? k->year_of[col] : 0;
        if (!year || cfo_blank(&cells[i]))
            continue;
        double v;
        migdip_status rc = cfo_count(k, row, &cells[i], &v);
        if (rc)
            return rc;
        if (!dest && !(dest = cfo_place(k->r, name, year))) {
            char ref[16];
            return mg_importer_unmapped(k->r, (long)row, mg_xlsx_cellref(ref, row, 1), name);
        }
        if (!strcmp(name, "RUSSIAN FEDERATION / USSR")) /* the state of each year */
            dest = cfo_place(k->r, name, year);
        if ((rc = cfo_add(k, row, dest, name, year, v, NULL)))
            return rc;
    }
    return MIGDIP_OK;
}

/* A row of the year x destination table, until the first row that is not a year (TOTAL). */
static migdip_status cfo_year_row(cfo_book *k, uint32_t row, const xlsx_cell *cells, size_t n)
{
    const xlsx_cell *a = mg_xlsx_cell_at(cells, n, 1);
    long year = cfo_year(a);
    if (!year) {
        k->done = k->seen > 0;
        if (!k->done) {
            char t[64];
            return cfo_bad_cell(k, row, 1, "a year in 1900-2100", mg_xlsx_cell_text(a, t, sizeof t));
        }
        return MIGDIP_OK;
    }
    k->seen++;
    for (size_t i = 0; i < n; i++) {
        uint32_t col = cells[i].col;
        const char *dest = col <= CFO_MAX_COLS ? k->dest_of[col] : NULL;
        if (!dest || cfo_blank(&cells[i]))
            continue;
        double v;
        migdip_status rc = cfo_count(k, row, &cells[i], &v);
        if (rc || (rc = cfo_add(k, row, dest, dest, year, v, k->usa_star[col] ? CFO_USA_NOTE : NULL)))
            return rc;
    }
    return MIGDIP_OK;
}

static migdip_status cfo_book_row(void *ud, uint32_t row, const xlsx_cell *cells, size_t n, bool *stop)
{
    cfo_book *k = ud;
    if (row == 1 && k->layout == CFO_NONE)
        return MIGDIP_OK; /* the title */
    migdip_status rc = k->layout == CFO_NONE         ? cfo_header(k, row, cells, n)
                       : k->layout == CFO_BY_COUNTRY ? cfo_country_row(k, row, cells, n)
                                                     : cfo_year_row(k, row, cells, n);
    *stop = k->done;
    return rc;
}

/* The vintage's texts, read once the file is in (one import job per thread at a time). */
static _Thread_local char cfo_edition[48], cfo_released[32], cfo_source[256];

static migdip_status cfo_xlsx_run(mg_importer_job *r)
{
    xlsx_book *book = NULL;
    mg_imp_flows_buf b = {.r = r};
    cfo_book *k = calloc(1, sizeof *k);
    migdip_status rc = MIGDIP_OK;
    if (!k)
        return mg_err_set(r->err, MIGDIP_ERR_NOMEM, "%s: out of memory", r->name);
    k->r = r;
    k->b = &b;
    if (!(k->phl = mg_imp_flows_origin(r, "PHL", "the Philippines"))) {
        rc = MIGDIP_ERR_SCHEMA;
        goto cleanup;
    }
    if ((rc = mg_importer_read_first_sheet(r, &book, &k->sheet, cfo_book_row, k)))
        goto cleanup;
    if (k->layout == CFO_NONE || k->seen == 0) {
        rc = mg_err_set(r->err, MIGDIP_ERR_SCHEMA, "%s: sheet \"%s\": %s", r->name, k->sheet ? k->sheet : "",
                        k->layout == CFO_NONE ? "no header row (\"COUNTRY\" then years, or \"YEAR\" then destinations)"
                                              : "no data rows after the header");
        goto cleanup;
    }
    if ((rc = mg_imp_flows_write(&b, true)))
        goto cleanup;
    snprintf(cfo_edition, sizeof cfo_edition, "%ld-%ld", k->year_min, k->year_max);
    snprintf(cfo_released, sizeof cfo_released, "%ld-01-01", k->year_max + 1);
    snprintf(cfo_source, sizeof cfo_source,
             "Commission on Filipinos Overseas: registered Filipino emigrants by %s, %s (the CFO's workbook; "
             "permanent emigrants, not worker deployments)",
             k->layout == CFO_BY_COUNTRY ? "country of destination" : "major country of destination", cfo_edition);
    r->meta.dataset = "cfo-emigrants";
    r->meta.source = cfo_source;
    r->meta.edition = cfo_edition;
    r->meta.released = cfo_released;
    r->meta.citation = "Commission on Filipinos Overseas. Number of Registered Filipino Emigrants by Country of "
                       "Destination. Manila: Commission on Filipinos Overseas.";
cleanup:
    mg_xlsx_close(book);
    mg_imp_flows_free(&b);
    free(k);
    return rc;
}

const mg_importer mg_imp_cfo_xlsx = {"cfo-emigrants-xlsx", MG_IMPORTER_STAGE_DATA, cfo_xlsx_sniff, cfo_xlsx_run};
