/* imp_wdi_bulk.c - the WDI bulk API download (importer "wdi-bulk"),
 * API_<indicator>_DS2_<lang>_csv_v2_<n>.csv: a preamble ("Data Source", "Last Updated Date"),
 * then one row per economy and indicator with one column per year. */
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <strings.h>

#include "formats/csv.h"
#include "import/imp_wdi.h"
#include "util/text.h"

static bool bulk_sniff(const char *path, const char *name, const unsigned char *head, size_t n)
{
    char f[2][64];
    (void)path;
    (void)name;
    return mg_importer_head_fields(head, n, f, 2) == 2 && strcasecmp(f[0], "Data Source") == 0 &&
           strcasecmp(f[1], "World Development Indicators") == 0;
}

static migdip_status bulk_run(mg_importer_job *r)
{
    migdip_status rc = MIGDIP_OK;
    mg_csv_reader *csv = NULL;
    mg_imp_wdi_writer w = {0};
    int *years = NULL; /* year of each column, 0 for other columns */
    char edition[11] = "";
    long data_rows = 0;

    if ((rc = mg_imp_wdi_writer_init(&w, r)) || (rc = mg_importer_open_csv(r, &csv)))
        goto cleanup;
    /* preamble: "Data Source",..., "Last Updated Date","YYYY-MM-DD", then the header */
    for (;;) {
        if ((rc = mg_csv_next(csv, r->err)))
            goto cleanup;
        if (mg_csv_nfields(csv) == 0) {
            rc = mg_err_set(r->err, MIGDIP_ERR_SCHEMA, "%s: no header line \"Country Name\",\"Country Code\","
                            "\"Indicator Name\",\"Indicator Code\",years...", r->name);
            goto cleanup;
        }
        size_t len;
        const char *f0 = mg_csv_field(csv, 0, &len);
        f0 = mg_text_trim(f0, &len);
        if (len == 17 && strncasecmp(f0, "Last Updated Date", 17) == 0) {
            const char *d = mg_csv_field(csv, 1, &len);
            d = mg_text_trim(d, &len);
            if (!mg_imp_wdi_iso_date(d, len)) {
                rc = mg_csv_bad_value(csv, 1, "Last Updated Date", "a date YYYY-MM-DD", r->err);
                goto cleanup;
            }
            memcpy(edition, d, 10);
            edition[10] = '\0';
        } else if (len == 12 && strncasecmp(f0, "Country Name", 12) == 0) {
            break;
        } else if (!(len == 11 && strncasecmp(f0, "Data Source", 11) == 0)) {
            rc = mg_imp_wdi_csv_error(csv, 0, "1", "\"Data Source\", \"Last Updated Date\" or the header",
                               MIGDIP_ERR_SCHEMA, r->err);
            goto cleanup;
        }
    }
    if (!edition[0]) {
        rc = mg_err_set(r->err, MIGDIP_ERR_SCHEMA, "%s:%ld: no \"Last Updated Date\" line before the header"
                        " (it gives the edition)", r->name, mg_csv_line(csv));
        goto cleanup;
    }
    static const char *const COLS[] = {"Country Name", "Country Code", "Indicator Name", "Indicator Code"};
    long col[4];
    if ((rc = mg_importer_find_columns(r, csv, COLS, 4, col,
                               "\"Country Name\",\"Country Code\",\"Indicator Name\",\"Indicator Code\",years...",
                               NULL)))
        goto cleanup;
    size_t ncol = mg_csv_nfields(csv), need = 0, nyears = 0;
    if (!(years = calloc(ncol, sizeof *years))) {
        rc = mg_err_set(r->err, MIGDIP_ERR_NOMEM, "%s: out of memory", r->name);
        goto cleanup;
    }
    for (size_t i = 0; i < ncol; i++) {
        size_t len;
        const char *h = mg_csv_field(csv, i, &len);
        h = mg_text_trim(h, &len);
        if ((long)i == col[0] || (long)i == col[1] || (long)i == col[2] || (long)i == col[3] || len == 0)
            continue;
        long y;
        if (!mg_text_parse_long(h, len, &y) || y < MG_IMP_WDI_YEAR_MIN || y > MG_IMP_WDI_YEAR_MAX) {
            char what[32];
            snprintf(what, sizeof what, "%zu", i + 1);
            rc = mg_imp_wdi_csv_error(csv, i, what, "a year in 1800-2100", MIGDIP_ERR_SCHEMA, r->err);
            goto cleanup;
        }
        for (size_t j = 0; j < i; j++) {
            if (years[j] == (int)y) {
                rc = mg_err_set(r->err, MIGDIP_ERR_DUPLICATE, "%s:%ld: year %ld is both column %zu and column %zu",
                                r->name, mg_csv_line(csv), y, j + 1, i + 1);
                goto cleanup;
            }
        }
        years[i] = (int)y;
        nyears++;
        need = i + 1;
    }
    if (nyears == 0) {
        rc = mg_err_set(r->err, MIGDIP_ERR_SCHEMA, "%s:%ld: no year columns in the header", r->name, mg_csv_line(csv));
        goto cleanup;
    }
    for (size_t i = 0; i < 4; i++)
        if ((size_t)col[i] + 1 > need)
            need = (size_t)col[i] + 1;
    for (;;) {
        bool end;
        if ((rc = mg_importer_next_record_min(r, csv, need, &end)))
            goto cleanup;
        if (end)
            break;
        long line = mg_csv_line(csv);
        data_rows++;
        size_t len;
        const char *icode = mg_csv_field(csv, (size_t)col[3], &len);
        icode = mg_text_trim(icode, &len);
        if (!mg_imp_wdi_code_ok(icode, len)) {
            rc = mg_csv_bad_value(csv, (size_t)col[3], "Indicator Code", "an indicator code", r->err);
            goto cleanup;
        }
        char series[MG_IMP_WDI_CODE_MAX + 1];
        snprintf(series, sizeof series, "%.*s", (int)len, icode);
        const char *ccode = mg_csv_field(csv, (size_t)col[1], &len);
        ccode = mg_text_trim(ccode, &len);
        if (len == 0 || len > 16) {
            rc = mg_csv_bad_value(csv, (size_t)col[1], "Country Code", "an economy code", r->err);
            goto cleanup;
        }
        char code_buf[17];
        snprintf(code_buf, sizeof code_buf, "%.*s", (int)len, ccode);
        if ((rc = mg_imp_wdi_info(&w, series, mg_csv_field(csv, (size_t)col[2], NULL), NULL)))
            goto cleanup;
        mg_imp_wdi_entity e;
        if ((rc = mg_imp_wdi_resolve(&w, line, "Country Code", code_buf, mg_csv_field(csv, (size_t)col[0], NULL), 0, &e)))
            goto cleanup;
        long first;
        if ((rc = mg_imp_wdi_seen(&w, series, &e, code_buf, 0, line, &first)))
            goto cleanup;
        if (first) {
            rc = mg_err_set(r->err, MIGDIP_ERR_DUPLICATE, "%s:%ld: duplicate key: %s for %s (first on line %ld)",
                            r->name, line, series, code_buf, first);
            goto cleanup;
        }
        bool nonneg = mg_imp_wdi_nonneg(series);
        for (size_t i = 0; i < need; i++) {
            if (!years[i])
                continue;
            const char *v = mg_csv_field(csv, i, &len);
            double value = 0;
            int flag = MIGDIP_FLAG_OBSERVED;
            char colname[16];
            snprintf(colname, sizeof colname, "%d", years[i]);
            if (mg_text_is_blank(v, len)) {
                flag = MIGDIP_FLAG_MISSING;
            } else if (!mg_text_parse_double(v, len, false, &value)) {
                rc = mg_csv_bad_value(csv, i, colname, "a number", r->err);
                goto cleanup;
            } else if (value < 0 && nonneg) {
                rc = mg_imp_wdi_csv_error(csv, i, colname, "a value >= 0 for this indicator", MIGDIP_ERR_RANGE, r->err);
                goto cleanup;
            }
            if (e.kind != MG_IMP_WDI_UNMAPPED && (rc = mg_imp_wdi_put(&w, series, &e, years[i], value, flag)))
                goto cleanup;
        }
    }
    if (data_rows == 0) {
        rc = mg_err_set(r->err, MIGDIP_ERR_SCHEMA, "%s: no data rows after the header", r->name);
        goto cleanup;
    }
    mg_imp_wdi_meta(r, "World Bank, World Development Indicators (bulk download, API_*_DS2 CSV)", edition);

cleanup:
    mg_imp_wdi_writer_cleanup(&w);
    free(years);
    mg_csv_close(csv);
    return rc;
}

const mg_importer mg_imp_wdi_bulk = {"wdi-bulk", MG_IMPORTER_STAGE_DATA, bulk_sniff, bulk_run};
