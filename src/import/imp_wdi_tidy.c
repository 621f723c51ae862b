/* imp_wdi_tidy.c - WDI per-indicator tidy CSVs (importer "wdi-tidy"), as the datasets/world-
 * development-indicators mirror ships them: Country Name,Country Code,Year,Value, one file per
 * indicator, the indicator named by the file (<code>.csv or <code>/data.csv) or by the
 * datapackage.json beside it. */
#include <ctype.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <strings.h>
#include <sys/stat.h>

#include <cjson/cJSON.h>

#include "formats/csv.h"
#include "import/imp_wdi.h"
#include "util/text.h"

/* The datasets.io mirror's files carry no date of their own: they are the WB API vintage the
 * bot pulled on its last automated update (PROVENANCE.md). A date in the datapackage wins. */
#define WDI_TIDY_EDITION "2026-07-01"
#define WDI_JSON_MAX ((long)1 << 20) /* datapackage.json larger than this is refused */

/* Where a tidy file's indicator code can come from: the file name's stem (`<code>.csv`, or the
 * directory of `<code>/data.csv`), set in *stem, and the datapackage beside it, whose path is
 * returned (owned; NULL when out of memory). path ends in ".csv". */
static char *tidy_locate(const char *path, const char **stem, size_t *stem_len)
{
    size_t plen = strlen(path);
    char *json = malloc(plen + 32);
    if (!json)
        return NULL;
    const char *base = strrchr(path, '/') ? strrchr(path, '/') + 1 : path;
    size_t blen = strlen(base);
    *stem = base;
    *stem_len = blen >= 4 ? blen - 4 : 0;
    if (*stem_len == 4 && strncasecmp(base, "data", 4) == 0) {
        /* <code>/data.csv beside <code>/datapackage.json */
        snprintf(json, plen + 32, "%.*sdatapackage.json", (int)(base - path), path);
        const char *end = base > path ? base - 1 : base;
        const char *dir = end;
        while (dir > path && dir[-1] != '/')
            dir--;
        *stem = dir;
        *stem_len = (size_t)(end - dir);
    } else {
        snprintf(json, plen + 32, "%.*s.datapackage.json", (int)(plen - 4), path);
    }
    return json;
}

/* The tidy layout, and a way to tell the indicator: a code-like name or a datapackage beside
 * it (a `Country Name,Country Code,Year,Value` file called wdi.csv is left to others). An
 * input in memory has nothing beside it: its name must tell. */
static bool tidy_sniff(const char *path, const char *name, const unsigned char *head, size_t n)
{
    char f[4][64];
    const char *where = path ? path : name;
    if (!mg_importer_name_ends(name, ".csv") || !mg_importer_name_ends(where, ".csv") || mg_importer_head_is_zip(head, n))
        return false;
    size_t k = mg_importer_head_fields(head, n, f, 4);
    if (!(k >= 3 && strcasecmp(f[0], "Country Name") == 0 && strcasecmp(f[1], "Country Code") == 0 &&
          strcasecmp(f[2], "Year") == 0))
        return false;
    const char *stem;
    size_t stem_len;
    char *json = tidy_locate(where, &stem, &stem_len);
    if (!json) {
        mg_importer_sniff_nomem();
        return false;
    }
    struct stat st;
    bool ok = mg_imp_wdi_code_ok(stem, stem_len) || (path && stat(json, &st) == 0 && S_ISREG(st.st_mode));
    free(json);
    return ok;
}

/* Read the sibling datapackage.json (if any): indicator code, title, and a date. */
typedef struct tidy_meta {
    char code[MG_IMP_WDI_CODE_MAX + 1];
    char *title;   /* owned, may be NULL */
    char date[11]; /* "" when the package has none */
} tidy_meta;

static migdip_status tidy_read_package(mg_importer_job *r, const char *json_path, tidy_meta *m)
{
    migdip_status rc = MIGDIP_OK;
    FILE *f = fopen(json_path, "rb");
    char *buf = NULL;
    cJSON *root = NULL;
    const char *jname = strrchr(json_path, '/') ? strrchr(json_path, '/') + 1 : json_path;
    if (!f)
        return MIGDIP_OK; /* no metadata beside the CSV: the file name gives the code */
    long size = -1;
    if (fseek(f, 0, SEEK_END) == 0)
        size = ftell(f);
    if (size < 0 || fseek(f, 0, SEEK_SET) != 0) {
        rc = mg_err_set(r->err, MIGDIP_ERR_IO, "%s: cannot read %s", r->name, jname);
        goto cleanup;
    }
    if (size > WDI_JSON_MAX) {
        rc = mg_err_set(r->err, MIGDIP_ERR_LIMIT, "%s: %s is over the %ld-byte limit for metadata",
                        r->name, jname, WDI_JSON_MAX);
        goto cleanup;
    }
    if (!(buf = malloc((size_t)size + 1))) {
        rc = mg_err_set(r->err, MIGDIP_ERR_NOMEM, "%s: out of memory", r->name);
        goto cleanup;
    }
    if (fread(buf, 1, (size_t)size, f) != (size_t)size) {
        rc = mg_err_set(r->err, MIGDIP_ERR_IO, "%s: cannot read %s", r->name, jname);
        goto cleanup;
    }
    buf[size] = '\0';
    if (!(root = cJSON_ParseWithLength(buf, (size_t)size)) || !cJSON_IsObject(root)) {
        rc = mg_err_set(r->err, MIGDIP_ERR_PARSE, "%s: %s: expected a JSON object (datapackage)",
                        r->name, jname);
        goto cleanup;
    }
    const cJSON *title = cJSON_GetObjectItemCaseSensitive(root, "title");
    if (cJSON_IsString(title) && title->valuestring[0] && !(m->title = strdup(title->valuestring))) {
        rc = mg_err_set(r->err, MIGDIP_ERR_NOMEM, "%s: out of memory", r->name);
        goto cleanup;
    }
    const cJSON *wb = cJSON_GetObjectItemCaseSensitive(root, "worldbank");
    const cJSON *ind = cJSON_GetObjectItemCaseSensitive(wb, "indicator");
    if (cJSON_IsString(ind)) {
        size_t len = strlen(ind->valuestring);
        if (!mg_imp_wdi_code_ok(ind->valuestring, len)) {
            char q[64];
            rc = mg_err_set(r->err, MIGDIP_ERR_PARSE, "%s: %s: worldbank.indicator: expected an indicator code, got %s",
                            r->name, jname, mg_err_quote(q, sizeof q, ind->valuestring, len));
            goto cleanup;
        }
        for (size_t i = 0; i <= len; i++)
            m->code[i] = (char)toupper((unsigned char)ind->valuestring[i]);
    }
    static const char *const date_keys[] = {"last_updated", "lastUpdated", "updated", "created", "version"};
    for (size_t i = 0; i < sizeof date_keys / sizeof *date_keys && !m->date[0]; i++) {
        const cJSON *d = cJSON_GetObjectItemCaseSensitive(root, date_keys[i]);
        if (cJSON_IsString(d) && mg_imp_wdi_iso_date(d->valuestring, strlen(d->valuestring)))
            snprintf(m->date, sizeof m->date, "%.10s", d->valuestring);
    }

cleanup:
    cJSON_Delete(root);
    free(buf);
    fclose(f);
    return rc;
}

/* Indicator code and metadata of a tidy file: datapackage first, else the file name
 * (`<code>.csv`, or `<code>/data.csv` as in the datasets repository). */
static migdip_status tidy_meta_load(mg_importer_job *r, tidy_meta *m)
{
    migdip_status rc = MIGDIP_OK;
    const char *stem;
    size_t stem_len;
    char *json = tidy_locate(r->path ? r->path : r->name, &stem, &stem_len);
    if (!json)
        return mg_err_set(r->err, MIGDIP_ERR_NOMEM, "%s: out of memory", r->name);
    if (r->path && (rc = tidy_read_package(r, json, m)))
        goto cleanup;
    if (!m->code[0]) {
        if (!mg_imp_wdi_code_ok(stem, stem_len)) {
            rc = mg_err_set(r->err, MIGDIP_ERR_SCHEMA,
                            "%s: cannot tell the indicator from the file name (expected <indicator>.csv,"
                            " e.g. sp.pop.totl.csv, or a datapackage.json beside it)", r->name);
            goto cleanup;
        }
        for (size_t i = 0; i < stem_len; i++)
            m->code[i] = (char)toupper((unsigned char)stem[i]);
        m->code[stem_len] = '\0';
    }

cleanup:
    free(json);
    return rc;
}

static migdip_status tidy_run(mg_importer_job *r)
{
    migdip_status rc = MIGDIP_OK;
    mg_csv_reader *csv = NULL;
    mg_imp_wdi_writer w = {0};
    tidy_meta m = {0};
    long data_rows = 0;

    if ((rc = tidy_meta_load(r, &m)) || (rc = mg_imp_wdi_writer_init(&w, r)))
        goto cleanup;
    if ((rc = mg_imp_wdi_info(&w, m.code, m.title, NULL)))
        goto cleanup;
    static const char *const COLS[] = {"Country Name", "Country Code", "Year", "Value"};
    static const char EXPECTED[] = "the header Country Name,Country Code,Year,Value";
    long col[4];
    size_t need = 0, n_header = 0;
    if ((rc = mg_importer_open_csv(r, &csv)) || (rc = mg_importer_read_header(r, csv, EXPECTED, &n_header)) ||
        (rc = mg_importer_find_columns(r, csv, COLS, 4, col, EXPECTED, &need)))
        goto cleanup;
    bool nonneg = mg_imp_wdi_nonneg(m.code);
    for (;;) {
        bool end;
        if ((rc = mg_importer_next_record_min(r, csv, need, &end)))
            goto cleanup;
        if (end)
            break;
        long line = mg_csv_line(csv);
        data_rows++;
        size_t len;
        const char *code = mg_csv_field(csv, (size_t)col[1], &len);
        code = mg_text_trim(code, &len);
        if (len == 0 || len > 16) {
            rc = mg_csv_bad_value(csv, (size_t)col[1], "Country Code", "an economy code", r->err);
            goto cleanup;
        }
        char code_buf[17];
        snprintf(code_buf, sizeof code_buf, "%.*s", (int)len, code);
        const char *name = mg_csv_field(csv, (size_t)col[0], NULL);
        const char *ytext = mg_csv_field(csv, (size_t)col[2], &len);
        long year;
        if (!mg_text_parse_long(ytext, len, &year)) {
            rc = mg_csv_bad_value(csv, (size_t)col[2], "Year", "a year", r->err);
            goto cleanup;
        }
        if (year < MG_IMP_WDI_YEAR_MIN || year > MG_IMP_WDI_YEAR_MAX) {
            char q[64];
            rc = mg_err_set(r->err, MIGDIP_ERR_RANGE, "%s:%ld: column Year: expected a year in %d-%d, got %s",
                            r->name, line, MG_IMP_WDI_YEAR_MIN, MG_IMP_WDI_YEAR_MAX, mg_err_quote(q, sizeof q, ytext, len));
            goto cleanup;
        }
        const char *vtext = mg_csv_field(csv, (size_t)col[3], &len);
        double value = 0;
        int flag = MIGDIP_FLAG_OBSERVED;
        /* the World Bank's CSVs leave a missing value empty (or drop the year) */
        if (mg_text_is_blank(vtext, len)) {
            flag = MIGDIP_FLAG_MISSING;
        } else if (!mg_text_parse_double(vtext, len, false, &value)) {
            rc = mg_csv_bad_value(csv, (size_t)col[3], "Value", "a number", r->err);
            goto cleanup;
        } else if (value < 0 && nonneg) {
            rc = mg_imp_wdi_csv_error(csv, (size_t)col[3], "Value", "a value >= 0 for this indicator",
                               MIGDIP_ERR_RANGE, r->err);
            goto cleanup;
        }
        mg_imp_wdi_entity e;
        if ((rc = mg_imp_wdi_resolve(&w, line, "Country Code", code_buf, name, (int)year, &e)))
            goto cleanup;
        long first;
        if ((rc = mg_imp_wdi_seen(&w, m.code, &e, code_buf, (int)year, line, &first)))
            goto cleanup;
        if (first) {
            rc = mg_err_set(r->err, MIGDIP_ERR_DUPLICATE, "%s:%ld: duplicate key: %s %s %ld (first on line %ld)",
                            r->name, line, m.code, code_buf, year, first);
            goto cleanup;
        }
        if (e.kind != MG_IMP_WDI_UNMAPPED && (rc = mg_imp_wdi_put(&w, m.code, &e, (int)year, value, flag)))
            goto cleanup;
    }
    if (data_rows == 0) {
        rc = mg_err_set(r->err, MIGDIP_ERR_SCHEMA, "%s: no data rows after the header", r->name);
        goto cleanup;
    }
    mg_imp_wdi_meta(r, "World Bank, World Development Indicators (WB API, per-indicator files of "
                     "datasets/world-development-indicators)", m.date[0] ? m.date : WDI_TIDY_EDITION);

cleanup:
    mg_imp_wdi_writer_cleanup(&w);
    mg_csv_close(csv);
    free(m.title);
    return rc;
}

const mg_importer mg_imp_wdi_tidy = {"wdi-tidy", MG_IMPORTER_STAGE_DATA, tidy_sniff, tidy_run};
