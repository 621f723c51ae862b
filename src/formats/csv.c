/* csv.c - RFC 4180 CSV reader. */
#include "formats/csv.h"

#include <errno.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <strings.h>

#include "util/grow.h"
#include "util/text.h"

typedef struct csv_span {
    size_t off, len;
} csv_span;

struct mg_csv_reader {
    char *name;
    char *data;     /* whole input, with no NUL inside and one after it (the reader relies on it) */
    size_t size, pos;
    long line;      /* line of the next unread byte */
    long rec_line;  /* line where the current record starts */
    char *out;      /* unescaped fields of the current record, NUL-separated */
    size_t out_cap;
    csv_span *fields;
    size_t nfields, fields_cap;
};

static migdip_status reader_new(const char *name, char *data, size_t size, mg_csv_reader **out, mg_err *err)
{
    *out = NULL;
    mg_csv_reader *r = calloc(1, sizeof *r);
    if (!r || !(r->name = strdup(name))) {
        free(r);
        free(data);
        return mg_err_set(err, MIGDIP_ERR_NOMEM, "%s: out of memory", name);
    }
    r->data = data;
    r->size = size;
    r->line = 1;
    if (size >= 3 && memcmp(data, "\xEF\xBB\xBF", 3) == 0)
        r->pos = 3;
    if (memchr(data, '\0', size))
        goto binary;
    *out = r;
    return MIGDIP_OK;
binary:
    mg_err_set(err, MIGDIP_ERR_SCHEMA, "%s: binary data (a text CSV file was expected)", name);
    mg_csv_close(r);
    return MIGDIP_ERR_SCHEMA;
}

migdip_status mg_csv_open(const char *path, const char *name, mg_csv_reader **out, mg_err *err)
{
    if (!name)
        name = path;
    FILE *f = fopen(path, "rb");
    if (!f)
        return mg_err_set(err, MIGDIP_ERR_IO, "%s: cannot open: %s", name, strerror(errno));
    migdip_status rc = MIGDIP_OK;
    char *data = NULL;
    long size = -1;
    if (fseek(f, 0, SEEK_END) == 0)
        size = ftell(f);
    if (size < 0 || fseek(f, 0, SEEK_SET) != 0) {
        rc = mg_err_set(err, MIGDIP_ERR_IO, "%s: cannot determine size", name);
        goto cleanup;
    }
    if ((size_t)size > MG_CSV_MAX_BYTES) {
        rc = mg_err_set(err, MIGDIP_ERR_LIMIT, "%s: %ld bytes is over the %zu-byte limit for a CSV file",
                        name, size, MG_CSV_MAX_BYTES);
        goto cleanup;
    }
    data = malloc((size_t)size + 1);
    if (!data) {
        rc = mg_err_set(err, MIGDIP_ERR_NOMEM, "%s: out of memory", name);
        goto cleanup;
    }
    if (fread(data, 1, (size_t)size, f) != (size_t)size) {
        rc = mg_err_set(err, MIGDIP_ERR_IO, "%s: read error", name);
        goto cleanup;
    }
    data[size] = '\0';
    fclose(f);
    return reader_new(name, data, (size_t)size, out, err);
cleanup:
    free(data);
    fclose(f);
    return rc;
}

migdip_status mg_csv_open_mem(const char *name, const void *buf, size_t len, mg_csv_reader **out, mg_err *err)
{
    if (len > MG_CSV_MAX_BYTES)
        return mg_err_set(err, MIGDIP_ERR_LIMIT, "%s: input over the size limit", name);
    char *data = malloc(len + 1);
    if (!data)
        return mg_err_set(err, MIGDIP_ERR_NOMEM, "%s: out of memory", name);
    if (len)
        memcpy(data, buf, len);
    data[len] = '\0';
    return reader_new(name, data, len, out, err);
}

void mg_csv_close(mg_csv_reader *r)
{
    if (!r)
        return;
    free(r->name);
    free(r->data);
    free(r->out);
    free(r->fields);
    free(r);
}

static migdip_status push_field(mg_csv_reader *r, size_t off, size_t len, mg_err *err)
{
    if (r->nfields == r->fields_cap) {
        if (r->fields_cap >= MG_CSV_MAX_FIELDS)
            return mg_err_set(err, MIGDIP_ERR_LIMIT, "%s:%ld: more than %d fields in one record",
                              r->name, r->rec_line, MG_CSV_MAX_FIELDS);
        csv_span *f = mg_grow(r->fields, &r->fields_cap, r->nfields + 1, sizeof *f);
        if (!f)
            return mg_err_set(err, MIGDIP_ERR_NOMEM, "%s: out of memory", r->name);
        r->fields = f;
    }
    r->fields[r->nfields++] = (csv_span){off, len};
    return MIGDIP_OK;
}

migdip_status mg_csv_next(mg_csv_reader *r, mg_err *err)
{
    r->nfields = 0;
    /* skip blank lines */
    while (r->pos < r->size && (r->data[r->pos] == '\n' || r->data[r->pos] == '\r')) {
        if (r->data[r->pos] == '\n')
            r->line++;
        r->pos++;
    }
    if (r->pos >= r->size)
        return MIGDIP_OK;
    r->rec_line = r->line;
    /* the unescaped record is never longer than the raw bytes that remain */
    size_t need = r->size - r->pos + 1;
    if (need > r->out_cap) {
        size_t cap = need < 4096 ? 4096 : need;
        char *o = realloc(r->out, cap);
        if (!o)
            return mg_err_set(err, MIGDIP_ERR_NOMEM, "%s: out of memory", r->name);
        r->out = o;
        r->out_cap = cap;
    }
    size_t o = 0;
    const char *d = r->data;
    for (;;) {
        size_t start = o;
        if (r->pos < r->size && d[r->pos] == '"') {
            long open_line = r->line;
            r->pos++;
            for (;;) {
                /* the bytes up to a quote or a newline in one go (the input holds no NUL and
                 * ends with one: strcspn stops at its end) */
                size_t k = strcspn(d + r->pos, "\"\n");
                memcpy(r->out + o, d + r->pos, k);
                o += k;
                r->pos += k;
                if (r->pos >= r->size)
                    return mg_err_set(err, MIGDIP_ERR_PARSE,
                                      "%s:%ld: unterminated quoted field (opened on line %ld)",
                                      r->name, r->line, open_line);
                char c = d[r->pos++];
                if (c == '"') {
                    if (r->pos < r->size && d[r->pos] == '"') {
                        r->out[o++] = '"';
                        r->pos++;
                        continue;
                    }
                    break;
                }
                r->line++; /* a newline inside the field */
                r->out[o++] = c;
            }
            /* after the closing quote: separator, end of line or end of input */
            while (r->pos < r->size && (d[r->pos] == ' ' || d[r->pos] == '\t'))
                r->pos++;
            if (r->pos < r->size && d[r->pos] != ',' && d[r->pos] != '\n' && d[r->pos] != '\r')
                return mg_err_set(err, MIGDIP_ERR_PARSE,
                                  "%s:%ld: field %zu: expected a comma or end of line after a closing quote, got '%c'",
                                  r->name, r->line, r->nfields + 1, d[r->pos]);
        } else {
            size_t k = strcspn(d + r->pos, ",\n\r"); /* as above: stops at the end */
            memcpy(r->out + o, d + r->pos, k);
            o += k;
            r->pos += k;
        }
        migdip_status rc = push_field(r, start, o - start, err);
        if (rc)
            return rc;
        r->out[o++] = '\0';
        if (r->pos < r->size && d[r->pos] == ',') {
            r->pos++;
            continue;
        }
        if (r->pos < r->size && d[r->pos] == '\r')
            r->pos++;
        if (r->pos < r->size && d[r->pos] == '\n') {
            r->pos++;
            r->line++;
        }
        return MIGDIP_OK;
    }
}

size_t mg_csv_nfields(const mg_csv_reader *r) { return r->nfields; }

const char *mg_csv_field(const mg_csv_reader *r, size_t i, size_t *len)
{
    if (i >= r->nfields) {
        if (len)
            *len = 0;
        return "";
    }
    if (len)
        *len = r->fields[i].len;
    return r->out + r->fields[i].off;
}

long mg_csv_line(const mg_csv_reader *r) { return r->rec_line; }

const char *mg_csv_name(const mg_csv_reader *r) { return r->name; }

long mg_csv_find(const mg_csv_reader *r, const char *name)
{
    size_t want = strlen(name);
    for (size_t i = 0; i < r->nfields; i++) {
        size_t len = r->fields[i].len;
        const char *f = mg_text_trim(mg_csv_field(r, i, NULL), &len);
        if (len == want && strncasecmp(f, name, len) == 0)
            return (long)i;
    }
    return -1;
}

migdip_status mg_csv_bad_value(const mg_csv_reader *r, size_t i, const char *col, const char *what, mg_err *err)
{
    size_t len;
    const char *v = mg_csv_field(r, i, &len);
    char q[64];
    return mg_err_set(err, MIGDIP_ERR_PARSE, "%s:%ld: column %s: expected %s, got %s", r->name,
                      r->rec_line, col, what, mg_err_quote(q, sizeof q, v, len));
}
