/* imp_imf.c - IMF World Economic Outlook database, "By Countries" file saved as xlsx
 * (importer "imf-weo"): one sheet, header row `WEO Country Code, ISO, WEO Subject Code,
 * Country, Subject Descriptor, Subject Notes, Units, Scale, Country/Series-specific Notes,
 * 1980..2029, Estimates Start After`, one row per economy and subject, then a blank row and a
 * footer naming the edition ("International Monetary Fund, World Economic Outlook Database,
 * April 2024"). The subjects of power and size (WEO_SUBJECTS) go to `series` as WEO.<subject>,
 * scaled to units (billions and millions multiplied out); years after "Estimates Start After"
 * are IMF estimates or projections and carry flag 2 (derived), never 1 (docs/importers.md,
 * "IMF World Economic Outlook"). */
#include <stdint.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <strings.h>

#include "formats/xlsx.h"
#include "import/importer.h"
#include "util/keyset.h"
#include "util/text.h"

#define WEO_DATASET "imf-weo"
#define WEO_MAX_COLS 512u
#define WEO_YEAR_MIN 1900
#define WEO_YEAR_MAX 2100

/* The subjects read: code, the IMF "Units" text they must carry, the stored unit, name. */
static const struct weo_subject {
    const char *code, *imf_units, *unit, *name;
} WEO_SUBJECTS[] = {
    {"NGDPD", "U.S. dollars", "current US$", "GDP, current prices (IMF WEO)"},
    {"NGDPDPC", "U.S. dollars", "current US$ per person", "GDP per capita, current prices (IMF WEO)"},
    {"PPPGDP", "Purchasing power parity; international dollars", "current international $ (PPP)",
     "GDP, current prices, PPP (IMF WEO)"},
    {"PPPPC", "Purchasing power parity; international dollars", "current international $ (PPP) per person",
     "GDP per capita, current prices, PPP (IMF WEO)"},
    {"NGDPRPPPPC", "Purchasing power parity; 2017 international dollar", "constant 2017 international $ (PPP) per person",
     "GDP per capita, constant prices, PPP (IMF WEO)"},
    {"PPPSH", "Percent", "% of world GDP (PPP)", "Share of world GDP, PPP (IMF WEO)"},
    {"LP", "Persons", "persons", "Population (IMF WEO)"},
};
#define WEO_N_SUBJECTS (sizeof WEO_SUBJECTS / sizeof *WEO_SUBJECTS)

static const char *const WEO_MONTHS[] = {"January", "February", "March",     "April",   "May",      "June",
                                         "July",    "August",   "September", "October", "November", "December"};

/* ---- cells */

/* The header's year columns: a number (or text) 1900..2100. */
static bool cell_year(const xlsx_cell *c, long *year)
{
    char t[32];
    mg_xlsx_cell_text(c, t, sizeof t);
    return mg_text_parse_long(t, strlen(t), year) && *year >= WEO_YEAR_MIN && *year <= WEO_YEAR_MAX;
}

/* ---- the sniffer: first row of the first sheet */

typedef struct weo_head {
    bool ok;
} weo_head;

static int head_row(void *ud, uint32_t row, const xlsx_cell *cells, size_t n)
{
    weo_head *h = ud;
    char a[64], c[64];
    (void)row;
    mg_xlsx_cell_text(mg_xlsx_cell_at(cells, n, 1), a, sizeof a);
    mg_xlsx_cell_text(mg_xlsx_cell_at(cells, n, 3), c, sizeof c);
    h->ok = mg_text_casecmp(a, "WEO Country Code") == 0 && mg_text_casecmp(c, "WEO Subject Code") == 0;
    return 1;
}

static bool weo_sniff(const char *path, const char *name, const unsigned char *head, size_t n)
{
    weo_head h = {0};
    return mg_importer_sniff_xlsx_first_sheet(path, name, head, n, head_row, &h) && h.ok;
}

/* ---- the run */

typedef struct weo_state {
    mg_importer_job *r;
    const char *sheet;
    mg_importer_series w;
    uint32_t col_code, col_iso, col_subject, col_country, col_units, col_scale, col_esa;
    uint32_t ncols;
    int16_t year_of[WEO_MAX_COLS + 1]; /* year of each column, 0 for none */
    bool header_done, footer;
    int edition_month, edition_year;
    long data_rows, subject_rows;
    mg_keyset seen, reported;
} weo_state;

static migdip_status weo_cell_error(weo_state *s, migdip_status st, const xlsx_cell *c, uint32_t row, uint32_t col,
                                    const char *colname, const char *what)
{
    char ref[16], q[64], got[64];
    mg_xlsx_cell_text(c, got, sizeof got);
    return mg_err_set(s->r->err, st, "%s: sheet \"%s\" cell %s: column %s: expected %s, got %s", s->r->name,
                      s->sheet, mg_xlsx_cellref(ref, row, col), colname, what, mg_err_quote(q, sizeof q, got, strlen(got)));
}

static migdip_status weo_header(weo_state *s, uint32_t row, const xlsx_cell *cells, size_t n)
{
    static const char *const NAMES[] = {"WEO Country Code", "ISO", "WEO Subject Code", "Country", "Units", "Scale",
                                        "Estimates Start After"};
    uint32_t *const cols[] = {&s->col_code, &s->col_iso, &s->col_subject, &s->col_country, &s->col_units,
                              &s->col_scale, &s->col_esa};
    for (size_t i = 0; i < n; i++) {
        const xlsx_cell *c = &cells[i];
        if (c->col > WEO_MAX_COLS)
            return weo_cell_error(s, MIGDIP_ERR_SCHEMA, c, row, c->col, "header", "at most 512 columns");
        char t[128];
        mg_xlsx_cell_text(c, t, sizeof t);
        long y;
        if (cell_year(c, &y)) {
            for (uint32_t k = 1; k <= s->ncols; k++)
                if (s->year_of[k] == y)
                    return weo_cell_error(s, MIGDIP_ERR_DUPLICATE, c, row, c->col, "header", "each year once");
            s->year_of[c->col] = (int16_t)y;
        } else {
            for (size_t k = 0; k < sizeof NAMES / sizeof *NAMES; k++)
                if (mg_text_casecmp(t, NAMES[k]) == 0)
                    *cols[k] = c->col;
        }
        if (c->col > s->ncols)
            s->ncols = c->col;
    }
    for (size_t k = 0; k < sizeof NAMES / sizeof *NAMES; k++)
        if (!*cols[k])
            return mg_err_set(s->r->err, MIGDIP_ERR_SCHEMA, "%s: sheet \"%s\" row %u: missing column \"%s\" (expected"
                              " WEO Country Code, ISO, WEO Subject Code, Country, ..., Units, Scale, years, Estimates"
                              " Start After)", s->r->name, s->sheet, row, NAMES[k]);
    bool years = false;
    for (uint32_t k = 1; k <= s->ncols && !years; k++)
        years = s->year_of[k] != 0;
    if (!years)
        return mg_err_set(s->r->err, MIGDIP_ERR_SCHEMA, "%s: sheet \"%s\" row %u: no year columns", s->r->name,
                          s->sheet, row);
    s->header_done = true;
    return MIGDIP_OK;
}

/* "International Monetary Fund, World Economic Outlook Database, April 2024" */
static migdip_status weo_footer(weo_state *s, uint32_t row, const xlsx_cell *c)
{
    char t[256];
    mg_xlsx_cell_text(c, t, sizeof t);
    s->footer = true;
    const char *p = strstr(t, "World Economic Outlook Database,");
    if (!p)
        return MIGDIP_OK; /* another note line */
    p += strlen("World Economic Outlook Database,");
    while (*p == ' ')
        p++;
    for (int m = 0; m < 12; m++) {
        size_t len = strlen(WEO_MONTHS[m]);
        long y;
        if (strncasecmp(p, WEO_MONTHS[m], len) == 0 && p[len] == ' ' &&
            mg_text_parse_long(p + len + 1, strlen(p + len + 1), &y) && y >= 1980 && y <= 2999) {
            s->edition_month = m + 1;
            s->edition_year = (int)y;
            return MIGDIP_OK;
        }
    }
    return weo_cell_error(s, MIGDIP_ERR_PARSE, c, row, c->col, "footer",
                          "\"International Monetary Fund, World Economic Outlook Database, <Month> <Year>\"");
}

static const struct weo_subject *weo_subject(const char *code)
{
    for (size_t i = 0; i < WEO_N_SUBJECTS; i++)
        if (strcmp(WEO_SUBJECTS[i].code, code) == 0)
            return &WEO_SUBJECTS[i];
    return NULL;
}

static migdip_status weo_row(void *ud, uint32_t row, const xlsx_cell *cells, size_t n, bool *stop)
{
    weo_state *s = ud;
    (void)stop;
    mg_importer_job *r = s->r;
    migdip_status rc;
    if (!s->header_done)
        return weo_header(s, row, cells, n);
    char iso[32], subject[64], country[256], units[128], scale[32], esa_text[32];
    const xlsx_cell *ciso = mg_xlsx_cell_at(cells, n, s->col_iso);
    mg_xlsx_cell_text(ciso, iso, sizeof iso);
    mg_xlsx_cell_text(mg_xlsx_cell_at(cells, n, s->col_subject), subject, sizeof subject);
    if (!iso[0] && !subject[0]) {
        /* the footer: text in the first column only */
        if (n == 1 && cells[0].col == 1 && cells[0].type == XLSX_STRING)
            return weo_footer(s, row, &cells[0]);
        return weo_cell_error(s, MIGDIP_ERR_PARSE, ciso, row, s->col_iso, "ISO", "an economy code");
    }
    if (s->footer)
        return weo_cell_error(s, MIGDIP_ERR_SCHEMA, ciso, row, s->col_iso, "ISO", "no data after the footer");
    if (!iso[0] || strlen(iso) > 8)
        return weo_cell_error(s, MIGDIP_ERR_PARSE, ciso, row, s->col_iso, "ISO", "an economy code");
    if (!subject[0])
        return weo_cell_error(s, MIGDIP_ERR_PARSE, NULL, row, s->col_subject, "WEO Subject Code", "a subject code");
    s->data_rows++;
    const struct weo_subject *sub = weo_subject(subject);
    if (!sub)
        return MIGDIP_OK; /* a subject not read (docs/importers.md lists the ones read) */
    s->subject_rows++;
    mg_xlsx_cell_text(mg_xlsx_cell_at(cells, n, s->col_country), country, sizeof country);
    mg_xlsx_cell_text(mg_xlsx_cell_at(cells, n, s->col_units), units, sizeof units);
    const xlsx_cell *cscale = mg_xlsx_cell_at(cells, n, s->col_scale);
    mg_xlsx_cell_text(cscale, scale, sizeof scale);
    if (mg_text_casecmp(units, sub->imf_units) != 0) {
        char what[160];
        snprintf(what, sizeof what, "\"%s\" for %s", sub->imf_units, sub->code);
        return weo_cell_error(s, MIGDIP_ERR_SCHEMA, mg_xlsx_cell_at(cells, n, s->col_units), row, s->col_units, "Units", what);
    }
    double mult;
    if (mg_text_casecmp(scale, "Billions") == 0)
        mult = 1e9;
    else if (mg_text_casecmp(scale, "Millions") == 0)
        mult = 1e6;
    else if (mg_text_casecmp(scale, "Units") == 0 || !scale[0])
        mult = 1;
    else
        return weo_cell_error(s, MIGDIP_ERR_SCHEMA, cscale, row, s->col_scale, "Scale", "Billions, Millions or Units");
    /* Estimates Start After: the last year of actual data; unknown (blank, n/a, 0) = none known */
    const xlsx_cell *cesa = mg_xlsx_cell_at(cells, n, s->col_esa);
    mg_xlsx_cell_text(cesa, esa_text, sizeof esa_text);
    long esa = 0;
    if (esa_text[0] && !mg_text_is_missing_marker(esa_text, strlen(esa_text)) && mg_text_casecmp(esa_text, "n/a") != 0 &&
        (!mg_text_parse_long(esa_text, strlen(esa_text), &esa) || (esa != 0 && (esa < WEO_YEAR_MIN || esa > WEO_YEAR_MAX))))
        return weo_cell_error(s, MIGDIP_ERR_PARSE, cesa, row, s->col_esa, "Estimates Start After", "a year or n/a");
    /* the economy: IMF code (UVK, WBG), else ISO3; an aggregate kept apart; else reported */
    const char *key = mg_country_by_code(r->cm, "imf", iso, 0);
    bool agg = false;
    if (!key && (key = mg_country_aggregate(r->cm, iso)))
        agg = true;
    if (!key) {
        char label[320], ref[16];
        long first = 0;
        snprintf(label, sizeof label, "%s [%s]", country[0] ? country : "?", iso);
        if (mg_keyset_add(&s->reported, label, (long)row, &first))
            return mg_err_set(r->err, MIGDIP_ERR_NOMEM, "%s: out of memory", r->name);
        return first ? MIGDIP_OK : mg_importer_unmapped(r, (long)row, mg_xlsx_cellref(ref, row, s->col_iso), label);
    }
    char seen[96];
    long first = 0;
    snprintf(seen, sizeof seen, "%s|%s%s", sub->code, agg ? "@" : "", key);
    if (mg_keyset_add(&s->seen, seen, (long)row, &first))
        return mg_err_set(r->err, MIGDIP_ERR_NOMEM, "%s: out of memory", r->name);
    if (first)
        return mg_err_set(r->err, MIGDIP_ERR_DUPLICATE, "%s: sheet \"%s\" row %u: duplicate key: %s %s (first in row %ld)",
                          r->name, s->sheet, row, iso, sub->code, first);
    char code[32];
    snprintf(code, sizeof code, "WEO.%s", sub->code);
    size_t k = 0;
    for (uint32_t col = 1; col <= s->ncols; col++) {
        while (k < n && cells[k].col < col)
            k++;
        const xlsx_cell *c = k < n && cells[k].col == col ? &cells[k] : NULL;
        int year = s->year_of[col];
        if (!year)
            continue;
        static const char *const WEO_MISSING[] = {"--", "n/a", NULL};
        double v;
        int flag = mg_importer_xlsx_value(c, WEO_MISSING, &v);
        if (flag == MIGDIP_FLAG_OBSERVED) {
            if (v < 0)
                return weo_cell_error(s, MIGDIP_ERR_RANGE, c, row, col, sub->code, "a value >= 0");
            v *= mult;
            /* actual data up to Estimates Start After; after it (or when it is unknown) IMF estimates */
            flag = esa && year <= esa ? MIGDIP_FLAG_OBSERVED : MIGDIP_FLAG_DERIVED;
        } else if (flag < 0) {
            return weo_cell_error(s, MIGDIP_ERR_PARSE, c, row, col, sub->code, "a number, n/a or --");
        }
        if ((rc = mg_importer_series_put(&s->w, agg, code, key, year, v, flag)))
            return rc;
    }
    const xlsx_cell *over = mg_importer_xlsx_beyond(cells, n, s->ncols);
    if (over)
        return weo_cell_error(s, MIGDIP_ERR_SCHEMA, over, row, over->col, "(none)",
                              "no value beyond the header's columns");
    return MIGDIP_OK;
}

/* Edition strings outlive run(): the dispatcher writes r->meta after run returns. */
static _Thread_local char weo_edition[32], weo_released[16], weo_source[128];

static migdip_status weo_run(mg_importer_job *r)
{
    migdip_status rc = MIGDIP_OK;
    xlsx_book *book = NULL;
    weo_state s = {.r = r};
    mg_importer_series_open(&s.w, r, MG_IMPORTER_INFO_UPDATE);
    if ((rc = mg_importer_read_first_sheet(r, &book, &s.sheet, weo_row, &s)))
        goto cleanup;
    if (!s.header_done || s.data_rows == 0) {
        rc = mg_err_set(r->err, MIGDIP_ERR_SCHEMA, "%s: sheet \"%s\" has no data rows", r->name, s.sheet);
        goto cleanup;
    }
    if (s.subject_rows == 0) {
        rc = mg_err_set(r->err, MIGDIP_ERR_SCHEMA, "%s: sheet \"%s\" holds none of the subjects read (NGDPD, PPPGDP,"
                        " PPPPC, LP, ...)", r->name, s.sheet);
        goto cleanup;
    }
    if (!s.edition_year) {
        rc = mg_err_set(r->err, MIGDIP_ERR_SCHEMA, "%s: sheet \"%s\" has no footer \"International Monetary Fund, World"
                        " Economic Outlook Database, <Month> <Year>\" (it gives the edition)", r->name, s.sheet);
        goto cleanup;
    }
    for (size_t i = 0; i < WEO_N_SUBJECTS; i++) {
        char code[32];
        snprintf(code, sizeof code, "WEO.%s", WEO_SUBJECTS[i].code);
        if ((rc = mg_importer_series_info(&s.w, code, WEO_SUBJECTS[i].name, WEO_SUBJECTS[i].unit)))
            goto cleanup;
    }
    snprintf(weo_edition, sizeof weo_edition, "%s %d", WEO_MONTHS[s.edition_month - 1], s.edition_year);
    /* the file names the month, not the day: released is the first of that month */
    snprintf(weo_released, sizeof weo_released, "%04d-%02d-01", s.edition_year, s.edition_month);
    snprintf(weo_source, sizeof weo_source, "International Monetary Fund, World Economic Outlook Database, %s",
             weo_edition);
    r->meta.dataset = WEO_DATASET;
    r->meta.source = weo_source;
    r->meta.edition = weo_edition;
    r->meta.released = weo_released;
    r->meta.citation = "International Monetary Fund, World Economic Outlook Database. Washington, DC: IMF."
                       " Years after \"Estimates Start After\" are IMF estimates (flag derived).";

cleanup:
    mg_importer_series_close(&s.w);
    mg_keyset_free(&s.seen);
    mg_keyset_free(&s.reported);
    mg_xlsx_close(book);
    return rc;
}

const mg_importer mg_imp_imf_weo = {"imf-weo", MG_IMPORTER_STAGE_DATA, weo_sniff, weo_run};
