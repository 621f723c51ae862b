/* imp_dofe.c - importer for Nepal's Department of Foreign Employment (DoFE) monthly
 * "Countrywise Labour Approval" reports in long form:
 *   source_pdf,pdf_title,destination,channel,sex,labour_approvals
 * one row per destination x channel x sex x month. The month is in pdf_title, a Bikram Sambat
 * month and year with, for some months, the Gregorian range ("... for Ashad 2079 (2022-06-15 to
 * 2022-07-16)"): the range is taken from the title and checked against the conversion table of
 * imp_flows.c; a title without one is converted through that table. Destinations are DoFE
 * spellings (typos included) mapped through the names the store knows and the alias list
 * below; two spellings of one country in one month are summed (flag derived, with a note).
 * Channels are kept as DoFE names them; "Total with ReEntry" and "Total without ReEntry" are
 * totals of the others (docs/flows.md). Layout: docs/importers.md "Nepal DoFE labour
 * approvals". */
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "formats/csv.h"
#include "import/imp_flows.h"
#include "import/importer.h"
#include "util/text.h"

/* DoFE spellings the country names of the store do not cover, each checked by hand against
 * the reports (docs/flows.md, "Nepal"). */
static const char *const DOFE_ALIASES[] = {
    "Combodia", "KHM",
    "Cayman", "CYM",
    "Cote DIvoire", "CIV",
    "Hong Kong SAR,China", "HKG",
    "Macau SAR,China", "MAC",
    "Kazakhastan", "KAZ",
    "Maroc", "MAR",
    "Netherland", "NLD",
    "Phillippines", "PHL",
    "REPUBLIC OF SEYCHELLES", "SYC",
    "Republic of Bulgaria", "BGR",
    "Republic of Congo", "COG",
    "Republic of Korea", "KOR",
    "Republic of Kosovo", "XKX",
    "Kosovo", "XKX",
    "Republic of Lithuania", "LTU",
    "Republic of Macedonia", "MKD",
    "Slovakia(Republic of Slovak)", "SVK",
    "TAIWAN", "TWN",
    "Turks and Caicos Island", "TCA",
    "UAE", "ARE",
    "USA", "USA",
    "Russia", "RUS",
    "Lao PDR", "LAO",
    "Czech Republic", "CZE",
    "Turkey", "TUR",
    "Brunei Darussalam", "BRN",
    "Vietnam", "VNM",
    "Antigua & Barbuda", "ATG",
    "Saint Lucia", "LCA",
    "Tanzania", "TZA",
    NULL,
};

static bool dofe_sniff(const char *path, const char *name, const unsigned char *head, size_t n)
{
    (void)path;
    (void)name;
    return mg_importer_head_starts(head, n, "source_pdf,pdf_title,destination,channel,sex,labour_approvals");
}

/* The period of one title, kept while consecutive rows repeat it. */
typedef struct dofe_period {
    char title[256];
    char from[11], to[11];
} dofe_period;

/* "Countrywise Labour Approval for Ashad 2079 (2022-06-15 to 2022-07-16)" or "... for 2079
 * Baishak (...)" or "... for Poush 2079". */
static migdip_status dofe_title(mg_importer_job *r, long line, const char *s, size_t len, dofe_period *p)
{
    char t[256];
    snprintf(t, sizeof t, "%.*s", (int)(len < 255 ? len : 255), s);
    if (strcmp(t, p->title) == 0 && p->from[0])
        return MIGDIP_OK;
    const char *f = strstr(t, " for ");
    int month = 0, year = 0;
    if (f) {
        f += 5;
        for (int k = 0; k < 2; k++) {
            while (*f == ' ')
                f++;
            size_t wl = strcspn(f, " (");
            if (wl == 4 && f[0] >= '0' && f[0] <= '9') {
                long y;
                if (mg_text_parse_long(f, 4, &y))
                    year = (int)y;
            } else if (wl > 0) {
                month = mg_imp_flows_bs_month(f, wl);
            }
            f += wl;
        }
    }
    if (!month || year < 2000 || year > 2200)
        return mg_err_set(r->err, MIGDIP_ERR_PARSE,
                          "%s:%ld: column pdf_title: expected \"... for <Bikram Sambat month> <year> [(YYYY-MM-DD to "
                          "YYYY-MM-DD)]\", got \"%s\"", r->name, line, t);
    char ad_from[11] = "", ad_to[11] = "";
    const char *par = strchr(t, '(');
    if (par) {
        const char *sep = strstr(par, " to ");
        const char *close = strchr(par, ')');
        if (!sep || !close || close < sep || !mg_imp_flows_iso_date(par + 1, (size_t)(sep - par - 1), ad_from) ||
            !mg_imp_flows_iso_date(sep + 4, (size_t)(close - sep - 4), ad_to) || strcmp(ad_from, ad_to) > 0)
            return mg_err_set(r->err, MIGDIP_ERR_PARSE,
                              "%s:%ld: column pdf_title: expected the Gregorian range as (YYYY-MM-DD to YYYY-MM-DD), "
                              "got \"%s\"", r->name, line, t);
    }
    char bs_from[11], bs_to[11];
    bool known = mg_imp_flows_bs_to_ad(year, month, bs_from, bs_to);
    if (known && ad_from[0] && (strcmp(ad_from, bs_from) != 0 || strcmp(ad_to, bs_to) != 0))
        return mg_err_set(r->err, MIGDIP_ERR_RANGE,
                          "%s:%ld: column pdf_title: %s %d is %s to %s in the Bikram Sambat table (docs/flows.md), "
                          "but the title says %s to %s", r->name, line, mg_imp_flows_bs_name(month), year, bs_from,
                          bs_to, ad_from, ad_to);
    if (!known && !ad_from[0])
        return mg_err_set(r->err, MIGDIP_ERR_RANGE,
                          "%s:%ld: column pdf_title: no Gregorian range in the title and %s %d is not in the Bikram "
                          "Sambat table (docs/flows.md, \"Calendars\"): \"%s\"", r->name, line,
                          mg_imp_flows_bs_name(month), year, t);
    if (!known) {
        /* The year must at least agree: BS runs 56 years 8 months or so ahead of AD. */
        long ay = 0;
        mg_text_parse_long(ad_from, 4, &ay);
        int back = year - (int)ay;
        if (back != 56 && back != 57)
            return mg_err_set(r->err, MIGDIP_ERR_RANGE,
                              "%s:%ld: column pdf_title: %s %d cannot begin in %ld", r->name, line,
                              mg_imp_flows_bs_name(month), year, ay);
        memcpy(bs_from, ad_from, 11);
        memcpy(bs_to, ad_to, 11);
    }
    snprintf(p->title, sizeof p->title, "%s", t);
    memcpy(p->from, bs_from, 11);
    memcpy(p->to, bs_to, 11);
    return MIGDIP_OK;
}

static migdip_status dofe_read(mg_importer_job *r, mg_csv_reader *cr, mg_imp_flows_buf *b, const char *npl,
                               void *ud)
{
    (void)ud;
    static const char EXPECTED[] = "source_pdf,pdf_title,destination,channel,sex,labour_approvals";
    static const char *const COLS[5] = {"pdf_title", "destination", "channel", "sex", "labour_approvals"};
    long c[5];
    size_t n_header;
    migdip_status rc;
    if ((rc = mg_importer_read_header(r, cr, EXPECTED, &n_header)) ||
        (rc = mg_importer_find_columns(r, cr, COLS, 5, c, EXPECTED, NULL)))
        return rc;
    dofe_period per = {{0}, {0}, {0}};
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
        s = mg_text_trim(s, &len);
        if ((rc = dofe_title(r, line, s, len, &per)))
            return rc;
        memcpy(row.from, per.from, 11);
        memcpy(row.to, per.to, 11);
        s = mg_csv_field(cr, (size_t)c[2], &len);
        s = mg_text_trim(s, &len);
        if (len == 0 || len >= sizeof row.channel)
            return mg_csv_bad_value(cr, (size_t)c[2], "channel", "a channel name", r->err);
        memcpy(row.channel, s, len);
        s = mg_csv_field(cr, (size_t)c[3], &len);
        s = mg_text_trim(s, &len);
        if (len == 4 && strncmp(s, "Male", 4) == 0)
            row.sex = 'M';
        else if (len == 6 && strncmp(s, "Female", 6) == 0)
            row.sex = 'F';
        else if (len == 5 && strncmp(s, "Total", 5) == 0)
            row.sex = 'T';
        else
            return mg_csv_bad_value(cr, (size_t)c[3], "sex", "Male, Female or Total", r->err);
        s = mg_csv_field(cr, (size_t)c[4], &len);
        if (mg_text_is_blank(s, len)) {
            row.flag = MIGDIP_FLAG_MISSING;
        } else {
            long v;
            if (!mg_text_parse_long(s, len, &v) || v < 0 || v > 100000000)
                return mg_csv_bad_value(cr, (size_t)c[4], "labour_approvals", "a count of persons (0 or more)",
                                        r->err);
            row.value = (double)v;
            row.flag = MIGDIP_FLAG_OBSERVED;
        }
        s = mg_csv_field(cr, (size_t)c[1], &len);
        s = mg_text_trim(s, &len);
        char name[128];
        snprintf(name, sizeof name, "%.*s", (int)(len < 127 ? len : 127), s);
        if (len == 0)
            return mg_csv_bad_value(cr, (size_t)c[1], "destination", "a destination name", r->err);
        snprintf(row.name, sizeof row.name, "%s", name);
        row.dest = mg_imp_flows_place(r, name, DOFE_ALIASES);
        if (!row.dest) {
            if ((rc = mg_importer_unmapped(r, line, "destination", name)))
                return rc;
            continue;
        }
        row.orig = npl;
        memcpy(row.measure, "labour_approvals", 17);
        if ((rc = mg_imp_flows_add(b, &row, NULL)))
            return rc;
    }
    if (seen == 0)
        return mg_err_set(r->err, MIGDIP_ERR_SCHEMA, "%s: no data rows after the header", r->name);
    return MIGDIP_OK;
}

static migdip_status dofe_run(mg_importer_job *r)
{
    migdip_status rc = mg_imp_flows_csv_run(r, "NPL", "Nepal", dofe_read, NULL);
    if (rc)
        return rc;
    r->meta.dataset = "nepal-dofe";
    r->meta.source = "Government of Nepal, Department of Foreign Employment: Countrywise Labour Approval, "
                     "monthly reports Baishakh 2079 to Baishakh 2080 (long form of the PDFs)";
    r->meta.edition = "2079-2080";
    r->meta.released = "2023-05-14";
    r->meta.citation = "Government of Nepal, Department of Foreign Employment (2023). Countrywise Labour Approval, "
                       "monthly reports, Baishakh 2079 to Baishakh 2080 (2022-04-14 to 2023-05-14). Kathmandu: "
                       "Department of Foreign Employment.";
    return MIGDIP_OK;
}

const mg_importer mg_imp_dofe = {"nepal-dofe", MG_IMPORTER_STAGE_DATA, dofe_sniff, dofe_run};
