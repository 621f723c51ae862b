/* table.c - the table writer of table.h: one function table per format. CSV and JSON write
 * each row as it comes; Stata's .dta wants the row count and each string column's width in
 * its header, so rows are spooled to a temporary file and replayed through ReadStat's writer
 * at the end (memory stays flat however many years an export spans). */
#include "export/table.h"
#include "util/num.h"
#include "util/strbuf.h"
#include "util/text.h"

#include <ctype.h>
#include <errno.h>
#include <math.h>
#include <readstat.h>
#include <stdint.h>
#include <stdlib.h>
#include <string.h>

typedef struct export_ops {
    migdip_status (*begin)(mg_table *t);
    migdip_status (*row)(mg_table *t, const export_value *row);
    migdip_status (*end)(mg_table *t);
    /* CSV, JSON: a row as text, appended to out (NULL: dta) */
    migdip_status (*text)(const mg_table *t, const export_value *row, mg_strbuf *out, size_t *replaced);
} export_ops;

struct mg_table {
    const export_ops *ops;
    FILE *f;
    const export_column *cols;
    size_t ncols;
    long rows;
    mg_err *err;
    char *file_label;
    const mg_table_meta *meta;
    FILE *spool;        /* dta: the rows, until the header can be written */
    size_t *width;      /* dta: longest value of each string column, bytes */
    size_t replaced;    /* JSON: bytes that were not UTF-8, written as U+FFFD */
    mg_strbuf line;     /* CSV, JSON: the row being written */
};

/* Stata's limits: names of at most 32 characters, labels of at most 80 bytes. */
#define EXPORT_NAME_MAX 32
#define EXPORT_LABEL_MAX 80

/* The caller (export/dyads.c) prefixes the file's name. */
static migdip_status write_error(mg_table *t)
{
    return mg_err_set(t->err, MIGDIP_ERR_IO, "cannot write: %s", strerror(errno ? errno : EIO));
}

/* "%.10g" of v into dst (MG_NUM_MAX bytes), "" when missing, no "-0"; returns the length. */
static size_t format_number(char *dst, double v)
{
    if (!isfinite(v)) {
        dst[0] = '\0';
        return 0;
    }
    return mg_num_g(dst, v == 0 ? 0 : v, 10);
}

const char *mg_table_format_number(char *buf, size_t cap, double v)
{
    char tmp[MG_NUM_MAX];
    size_t n = format_number(tmp, v);
    return mg_num_to_buf(buf, cap, tmp, n);
}

/* A number appended to out as format_number writes it. */
static void put_number(mg_strbuf *out, double v)
{
    if (mg_strbuf_reserve(out, MG_NUM_MAX))
        return;
    out->n += format_number(out->p + out->n, v);
}

static bool missing_num(double v) { return !isfinite(v); }

/* ------------------------------------------------------------------ CSV (RFC 4180) */

static void csv_field(mg_strbuf *b, const char *s)
{
    if (!strpbrk(s, ",\"\r\n")) {
        mg_strbuf_puts(b, s);
        return;
    }
    mg_strbuf_putc(b, '"');
    for (; *s; s++) {
        if (*s == '"')
            mg_strbuf_putc(b, '"');
        mg_strbuf_putc(b, *s);
    }
    mg_strbuf_putc(b, '"');
}

static void mg_csv_field(FILE *f, const char *s)
{
    mg_strbuf b;
    mg_strbuf_init(&b);
    csv_field(&b, s);
    if (b.p)
        fputs(b.p, f);
    mg_strbuf_cleanup(&b);
}

/* Rows as text (CSV, JSON): formatted into the table's line and written. */
static migdip_status text_row(mg_table *t, const export_value *row)
{
    size_t bad = 0;
    mg_strbuf_reset(&t->line);
    migdip_status rc = t->ops->text(t, row, &t->line, &bad);
    return rc ? mg_err_set(t->err, rc, "out of memory") : mg_table_rows_write(t, &t->line, 1, bad);
}

static migdip_status csv_begin(mg_table *t)
{
    for (size_t i = 0; i < t->ncols; i++) {
        if (i)
            fputc(',', t->f);
        mg_csv_field(t->f, t->cols[i].name);
    }
    fputc('\n', t->f);
    return ferror(t->f) ? write_error(t) : MIGDIP_OK;
}

static migdip_status csv_text(const mg_table *t, const export_value *row, mg_strbuf *out, size_t *replaced)
{
    for (size_t i = 0; i < t->ncols; i++) {
        if (i)
            mg_strbuf_putc(out, ',');
        if (t->cols[i].type == EXPORT_NUMBER)
            put_number(out, row[i].num);
        else if (row[i].str)
            csv_field(out, row[i].str);
    }
    return mg_strbuf_putc(out, '\n') || out->failed ? MIGDIP_ERR_NOMEM : MIGDIP_OK;
}

static migdip_status csv_end(mg_table *t) { return fflush(t->f) || ferror(t->f) ? write_error(t) : MIGDIP_OK; }

static const export_ops CSV_OPS = {csv_begin, NULL, csv_end, csv_text};

/* ------------------------------------------------------------------ JSON: {"metadata", "columns", "rows": [objects]} */

/* A JSON string: always well-formed UTF-8, a byte that is not part of a UTF-8 sequence
 * written as U+FFFD and counted in *replaced. */
static void json_string_b(mg_strbuf *b, const char *s, size_t *replaced)
{
    mg_strbuf_putc(b, '"');
    size_t left = strlen(s);
    const unsigned char *run = (const unsigned char *)s;
    for (const unsigned char *p = run; *p; p++, left--) {
        if (*p >= 0x20 && *p < 0x80 && *p != '"' && *p != '\\')
            continue;
        mg_strbuf_append(b, (const char *)run, (size_t)(p - run));
        run = p + 1;
        if (*p >= 0x80) {
            size_t k = mg_text_utf8_seq(p, left);
            if (k == 0) {
                mg_strbuf_puts(b, "\xEF\xBF\xBD");
                (*replaced)++;
            } else {
                mg_strbuf_append(b, (const char *)p, k);
                p += k - 1;
                left -= k - 1;
                run = p + 1;
            }
            continue;
        }
        switch (*p) {
        case '"': mg_strbuf_puts(b, "\\\""); break;
        case '\\': mg_strbuf_puts(b, "\\\\"); break;
        case '\n': mg_strbuf_puts(b, "\\n"); break;
        case '\r': mg_strbuf_puts(b, "\\r"); break;
        case '\t': mg_strbuf_puts(b, "\\t"); break;
        default: mg_strbuf_printf(b, "\\u%04x", *p);
        }
    }
    mg_strbuf_append(b, (const char *)run, strlen((const char *)run));
    mg_strbuf_putc(b, '"');
}

static void json_string(FILE *f, const char *s, size_t *replaced)
{
    mg_strbuf b;
    mg_strbuf_init(&b);
    json_string_b(&b, s, replaced);
    if (b.p)
        fputs(b.p, f);
    mg_strbuf_cleanup(&b);
}

/* "metadata": {...}, "columns": [...] (no braces around them). */
static void json_head(FILE *f, const export_column *cols, size_t ncols, const mg_table_meta *meta, size_t *replaced)
{
    fputs("\"metadata\":{", f);
    size_t k = 0;
    for (size_t i = 0; meta && i < meta->n_items; i++, k++) {
        fputs(k ? ",\n " : "\n ", f);
        json_string(f, meta->items[i].key, replaced);
        fputc(':', f);
        if (meta->items[i].value)
            json_string(f, meta->items[i].value, replaced);
        else
            fputs("null", f);
    }
    fputs(k ? ",\n \"vintages\":[" : "\n \"vintages\":[", f);
    for (size_t i = 0; meta && i < meta->n_vintages; i++) {
        const mg_table_vintage *v = &meta->vintages[i];
        const char *kv[5][2] = {{"dataset", v->dataset}, {"edition", v->edition}, {"released", v->released},
                                {"file", v->file}, {"sha256", v->sha256}};
        fputs(i ? ",\n  {" : "\n  {", f);
        for (int j = 0; j < 5; j++) {
            if (j)
                fputc(',', f);
            json_string(f, kv[j][0], replaced);
            fputc(':', f);
            if (kv[j][1])
                json_string(f, kv[j][1], replaced);
            else
                fputs("null", f);
        }
        fputc('}', f);
    }
    fputs("]},\n\"columns\":[", f);
    for (size_t i = 0; i < ncols; i++) {
        const export_column *c = &cols[i];
        fputs(i ? ",\n {\"name\":" : "\n {\"name\":", f);
        json_string(f, c->name, replaced);
        fputs(c->type == EXPORT_NUMBER ? ",\"type\":\"number\",\"label\":" : ",\"type\":\"string\",\"label\":", f);
        json_string(f, c->label ? c->label : "", replaced);
        if (c->codes) {
            fputs(",\"codes\":{", f);
            for (size_t v = 0; c->codes[v]; v++) {
                fprintf(f, "%s\"%zu\":", v ? "," : "", v);
                json_string(f, c->codes[v], replaced);
            }
            fputc('}', f);
        }
        fputc('}', f);
    }
    fputs("]", f);
}

migdip_status mg_table_codebook(FILE *f, const export_column *cols, size_t ncols, const mg_table_meta *meta,
                                mg_err *err)
{
    size_t replaced = 0;
    fputc('{', f);
    json_head(f, cols, ncols, meta, &replaced);
    fputs("}\n", f);
    if (fflush(f) || ferror(f))
        return mg_err_set(err, MIGDIP_ERR_IO, "export: writing the codebook failed (disk full or output closed?)");
    return MIGDIP_OK;
}

static migdip_status json_begin(mg_table *t)
{
    fputc('{', t->f);
    json_head(t->f, t->cols, t->ncols, t->meta, &t->replaced);
    fputs(",\n\"rows\":[", t->f);
    return ferror(t->f) ? write_error(t) : MIGDIP_OK;
}

/* A row as ",\n{...}": the first row of the file is written without its comma. */
static migdip_status json_text(const mg_table *t, const export_value *row, mg_strbuf *out, size_t *replaced)
{
    mg_strbuf_puts(out, ",\n{");
    for (size_t i = 0; i < t->ncols; i++) {
        if (i)
            mg_strbuf_putc(out, ',');
        json_string_b(out, t->cols[i].name, replaced);
        mg_strbuf_putc(out, ':');
        if (t->cols[i].type == EXPORT_NUMBER) {
            if (missing_num(row[i].num))
                mg_strbuf_puts(out, "null");
            else
                put_number(out, row[i].num);
        } else if (row[i].str) {
            json_string_b(out, row[i].str, replaced);
        } else {
            mg_strbuf_puts(out, "null");
        }
    }
    return mg_strbuf_putc(out, '}') || out->failed ? MIGDIP_ERR_NOMEM : MIGDIP_OK;
}

static migdip_status json_end(mg_table *t)
{
    fputs(t->rows ? "\n]}\n" : "]}\n", t->f);
    return fflush(t->f) || ferror(t->f) ? write_error(t) : MIGDIP_OK;
}

static const export_ops JSON_OPS = {json_begin, NULL, json_end, json_text};

/* ------------------------------------------------------------------ Stata .dta (ReadStat)
 * Spool record: per column, a double, or a uint32 length (UINT32_MAX = missing) and bytes. */

static migdip_status dta_begin(mg_table *t)
{
    t->spool = tmpfile();
    t->width = calloc(t->ncols, sizeof *t->width);
    if (!t->spool || !t->width)
        return mg_err_set(t->err, t->spool ? MIGDIP_ERR_NOMEM : MIGDIP_ERR_IO,
                          "export: cannot create the temporary file a .dta is assembled in");
    return MIGDIP_OK;
}

static migdip_status dta_row(mg_table *t, const export_value *row)
{
    if (t->rows >= EXPORT_DTA_ROWS_MAX)
        return mg_err_set(t->err, MIGDIP_ERR_RANGE, "export: more than %ld rows do not fit in one .dta file",
                          EXPORT_DTA_ROWS_MAX);
    for (size_t i = 0; i < t->ncols; i++) {
        if (t->cols[i].type == EXPORT_NUMBER) {
            double v = missing_num(row[i].num) ? NAN : row[i].num;
            fwrite(&v, sizeof v, 1, t->spool);
            continue;
        }
        uint32_t len = row[i].str ? (uint32_t)strlen(row[i].str) : UINT32_MAX;
        if (row[i].str && len > EXPORT_DTA_STR_MAX)
            return mg_err_set(t->err, MIGDIP_ERR_RANGE,
                              "export: column %s: a value of %u bytes is longer than a Stata string may be (%d)",
                              t->cols[i].name, (unsigned)len, EXPORT_DTA_STR_MAX);
        fwrite(&len, sizeof len, 1, t->spool);
        if (row[i].str) {
            fwrite(row[i].str, 1, len, t->spool);
            if (len > t->width[i])
                t->width[i] = len;
        }
    }
    return ferror(t->spool) ? write_error(t) : MIGDIP_OK;
}

static ssize_t dta_write(const void *data, size_t len, void *ctx)
{
    mg_table *t = ctx;
    return fwrite(data, 1, len, t->f) == len ? (ssize_t)len : -1;
}

/* Copy at most EXPORT_LABEL_MAX bytes of s without cutting a UTF-8 sequence. */
static void label_cut(char *out, const char *s)
{
    size_t n = strlen(s);
    if (n > EXPORT_LABEL_MAX) {
        n = EXPORT_LABEL_MAX;
        while (n > 0 && ((unsigned char)s[n] & 0xC0) == 0x80)
            n--;
    }
    memcpy(out, s, n);
    out[n] = '\0';
}

static migdip_status dta_fail(mg_table *t, readstat_error_t e, const char *what)
{
    return mg_err_set(t->err, e == READSTAT_ERROR_WRITE ? MIGDIP_ERR_IO : MIGDIP_ERR_PARSE, "export: .dta %s: %s",
                      what, readstat_error_message(e));
}

static migdip_status spool_error(mg_table *t)
{
    return mg_err_set(t->err, MIGDIP_ERR_IO, "export: the temporary file of the .dta could not be read back");
}

/* Attach the value labels of coded column i: the label set of an earlier column with the same
 * set name, else a new one. */
static migdip_status dta_code_labels(mg_table *t, readstat_writer_t *w, size_t i, readstat_variable_t **vars,
                                     readstat_label_set_t **sets)
{
    const export_column *c = &t->cols[i];
    for (size_t k = 0; k < i; k++)
        if (sets[k] && !strcmp(t->cols[k].code_set, c->code_set)) {
            readstat_variable_set_label_set(vars[i], sets[i] = sets[k]);
            return MIGDIP_OK;
        }
    if (!(sets[i] = readstat_add_label_set(w, READSTAT_TYPE_INT32, c->code_set)))
        return mg_err_set(t->err, MIGDIP_ERR_NOMEM, "out of memory");
    for (int32_t v = 0; c->codes[v]; v++)
        readstat_label_int32_value(sets[i], v, c->codes[v]);
    readstat_variable_set_label_set(vars[i], sets[i]);
    return MIGDIP_OK;
}

/* One note per metadata item ("key: value") and per vintage. */
static migdip_status dta_notes(mg_table *t, readstat_writer_t *w, char ***notes, size_t *n_notes)
{
    const mg_table_meta *m = t->meta;
    size_t n = m->n_items + m->n_vintages;
    if (!(*notes = calloc(n ? n : 1, sizeof **notes)))
        return mg_err_set(t->err, MIGDIP_ERR_NOMEM, "out of memory");
    for (size_t i = 0; i < n; i++) {
        mg_strbuf b;
        mg_strbuf_init(&b);
        migdip_status rc;
        if (i < m->n_items) {
            if (!m->items[i].value)
                continue;
            rc = mg_strbuf_printf(&b, "%s: %s", m->items[i].key, m->items[i].value);
        } else {
            const mg_table_vintage *v = &m->vintages[i - m->n_items];
            rc = mg_strbuf_printf(&b, "vintage: %s %s, released %s, file %s, sha256 %s", v->dataset, v->edition,
                                  v->released ? v->released : "?", v->file ? v->file : "?",
                                  v->sha256 ? v->sha256 : "?");
        }
        char *note = rc ? NULL : mg_strbuf_detach(&b);
        mg_strbuf_cleanup(&b);
        if (!note)
            return mg_err_set(t->err, MIGDIP_ERR_NOMEM, "out of memory");
        (*notes)[(*n_notes)++] = note;
        readstat_add_note(w, note);
    }
    return MIGDIP_OK;
}

static migdip_status dta_end(mg_table *t)
{
    char **notes = NULL;
    size_t n_notes = 0;
    migdip_status rc = MIGDIP_OK;
    readstat_error_t e = READSTAT_OK;
    char *buf = NULL;
    size_t cap = 0;
    readstat_variable_t **vars = calloc(t->ncols, sizeof *vars);
    readstat_label_set_t **sets = calloc(t->ncols, sizeof *sets);
    readstat_writer_t *w = readstat_writer_init();
    if (!vars || !sets || !w) {
        rc = mg_err_set(t->err, MIGDIP_ERR_NOMEM, "out of memory");
        goto cleanup;
    }
    readstat_set_data_writer(w, dta_write);
    readstat_writer_set_file_format_version(w, 118); /* Stata 14 and later: UTF-8 strings */
    if (t->file_label) {
        char label[EXPORT_LABEL_MAX + 1];
        label_cut(label, t->file_label);
        readstat_writer_set_file_label(w, label);
    }
    /* the metadata as notes (Stata: `notes`, characteristics _dta[note#]); ReadStat keeps the
     * pointers until the file is written */
    if (t->meta && (rc = dta_notes(t, w, &notes, &n_notes)))
        goto cleanup;
    for (size_t i = 0; i < t->ncols; i++) {
        bool str = t->cols[i].type == EXPORT_STRING;
        vars[i] = readstat_add_variable(w, t->cols[i].name, str ? READSTAT_TYPE_STRING : READSTAT_TYPE_DOUBLE,
                                        str ? (t->width[i] ? t->width[i] : 1) : 0);
        if (!vars[i]) {
            rc = mg_err_set(t->err, MIGDIP_ERR_NOMEM, "out of memory");
            goto cleanup;
        }
        if (t->cols[i].label) {
            char label[EXPORT_LABEL_MAX + 1];
            label_cut(label, t->cols[i].label);
            readstat_variable_set_label(vars[i], label);
        }
        if (t->cols[i].codes && (rc = dta_code_labels(t, w, i, vars, sets)))
            goto cleanup;
    }
    if ((e = readstat_begin_writing_dta(w, t, t->rows)) != READSTAT_OK) {
        rc = dta_fail(t, e, "header");
        goto cleanup;
    }
    if ((e = readstat_validate_metadata(w)) != READSTAT_OK) {
        rc = dta_fail(t, e, "metadata");
        goto cleanup;
    }
    for (size_t i = 0; i < t->ncols; i++)
        if ((e = readstat_validate_variable(w, vars[i])) != READSTAT_OK) {
            rc = dta_fail(t, e, t->cols[i].name);
            goto cleanup;
        }
    rewind(t->spool);
    for (long r = 0; r < t->rows && !e; r++) {
        if ((e = readstat_begin_row(w)) != READSTAT_OK)
            break;
        for (size_t i = 0; i < t->ncols && !e; i++) {
            if (t->cols[i].type == EXPORT_NUMBER) {
                double v;
                if (fread(&v, sizeof v, 1, t->spool) != 1) {
                    rc = spool_error(t);
                    goto cleanup;
                }
                e = isnan(v) ? readstat_insert_missing_value(w, vars[i]) : readstat_insert_double_value(w, vars[i], v);
                continue;
            }
            uint32_t len;
            if (fread(&len, sizeof len, 1, t->spool) != 1) {
                rc = spool_error(t);
                goto cleanup;
            }
            size_t n = len == UINT32_MAX ? 0 : len;
            if (n + 1 > cap) {
                char *nb = realloc(buf, n + 1);
                if (!nb) {
                    rc = mg_err_set(t->err, MIGDIP_ERR_NOMEM, "out of memory");
                    goto cleanup;
                }
                buf = nb;
                cap = n + 1;
            }
            if (n && fread(buf, 1, n, t->spool) != n) {
                rc = spool_error(t);
                goto cleanup;
            }
            buf[n] = '\0';
            e = readstat_insert_string_value(w, vars[i], buf);
        }
        if (!e)
            e = readstat_end_row(w);
    }
    if (!e)
        e = readstat_end_writing(w);
    if (e) {
        rc = dta_fail(t, e, "rows");
        goto cleanup;
    }
    if (fflush(t->f) || ferror(t->f))
        rc = write_error(t);
cleanup:
    readstat_writer_free(w);
    for (size_t i = 0; i < n_notes; i++)
        free(notes[i]);
    free(notes);
    free(vars);
    free(sets);
    free(buf);
    return rc;
}

static const export_ops DTA_OPS = {dta_begin, dta_row, dta_end, NULL};

/* ------------------------------------------------------------------ the table */

static bool valid_name(const char *s)
{
    size_t n = strlen(s);
    if (n == 0 || n > EXPORT_NAME_MAX || !(isalpha((unsigned char)s[0]) || s[0] == '_'))
        return false;
    for (size_t i = 1; i < n; i++)
        if (!(isalnum((unsigned char)s[i]) || s[i] == '_'))
            return false;
    return true;
}

migdip_status mg_table_open(FILE *f, int fmt, const export_column *cols, size_t ncols,
                                const char *file_label, mg_err *err, mg_table **out)
{
    return mg_table_open_meta(f, fmt, cols, ncols, file_label, NULL, err, out);
}

migdip_status mg_table_open_meta(FILE *f, int fmt, const export_column *cols, size_t ncols, const char *file_label,
                                 const mg_table_meta *meta, mg_err *err, mg_table **out)
{
    *out = NULL;
    const export_ops *ops = fmt == MIGDIP_EXPORT_CSV    ? &CSV_OPS
                            : fmt == MIGDIP_EXPORT_JSON ? &JSON_OPS
                            : fmt == MIGDIP_EXPORT_DTA  ? &DTA_OPS
                                                        : NULL;
    if (!ops)
        return mg_err_set(err, MIGDIP_ERR_USAGE, "export: unknown format %d", fmt);
    for (size_t i = 0; i < ncols; i++) {
        if (!valid_name(cols[i].name))
            return mg_err_set(err, MIGDIP_ERR_USAGE,
                              "export: column \"%s\": expected a name of 1-32 letters, digits or _", cols[i].name);
        if (cols[i].codes && (cols[i].type != EXPORT_NUMBER || !cols[i].code_set || !valid_name(cols[i].code_set)))
            return mg_err_set(err, MIGDIP_ERR_USAGE,
                              "export: column \"%s\": coded columns are numbers with a valid label-set name",
                              cols[i].name);
    }
    mg_table *t = calloc(1, sizeof *t);
    if (!t)
        return mg_err_set(err, MIGDIP_ERR_NOMEM, "out of memory");
    t->ops = ops;
    t->f = f;
    t->cols = cols;
    t->ncols = ncols;
    t->err = err;
    t->meta = meta;
    if (file_label && !(t->file_label = strdup(file_label))) {
        free(t);
        return mg_err_set(err, MIGDIP_ERR_NOMEM, "out of memory");
    }
    migdip_status rc = ops->begin(t);
    if (rc) {
        mg_table_free(t);
        return rc;
    }
    *out = t;
    return MIGDIP_OK;
}

migdip_status mg_table_row(mg_table *t, const export_value *row)
{
    if (t->ops->text)
        return text_row(t, row); /* counts the row */
    migdip_status rc = t->ops->row(t, row);
    if (!rc)
        t->rows++;
    return rc;
}

bool mg_table_has_text(const mg_table *t) { return t->ops->text != NULL; }

migdip_status mg_table_row_text(const mg_table *t, const export_value *row, mg_strbuf *out, size_t *replaced)
{
    return t->ops->text ? t->ops->text(t, row, out, replaced) : MIGDIP_ERR_USAGE;
}

migdip_status mg_table_rows_write(mg_table *t, const mg_strbuf *text, long nrows, size_t replaced)
{
    if (!nrows)
        return MIGDIP_OK;
    t->replaced += replaced;
    const char *p = text->p;
    size_t n = text->n;
    if (t->ops == &JSON_OPS && t->rows == 0) { /* the first row of the file: no comma */
        p++;
        n--;
    }
    if (fwrite(p, 1, n, t->f) != n || ferror(t->f))
        return write_error(t);
    t->rows += nrows;
    return MIGDIP_OK;
}

size_t mg_table_replaced(const mg_table *t) { return t ? t->replaced : 0; }

migdip_status mg_table_close(mg_table *t)
{
    migdip_status rc = t->ops->end(t);
    mg_table_free(t);
    return rc;
}

void mg_table_free(mg_table *t)
{
    if (!t)
        return;
    if (t->spool)
        fclose(t->spool);
    free(t->width);
    free(t->file_label);
    mg_strbuf_cleanup(&t->line);
    free(t);
}
