/* dtautil.h - small Stata .dta files written with ReadStat's writer (the one src/export uses),
 * for the tests and fuzz targets of the .dta reader and of the importers that read .dta
 * files. Header-only (static). */
#ifndef MIGDIP_DTAUTIL_H
#define MIGDIP_DTAUTIL_H

#include <readstat.h>
#include <stdlib.h>
#include <string.h>

/* One variable: name, type ('s' string, 'd' double, 'f' float, 'i' int32, 'b' int8) and label. */
typedef struct dta_col {
    const char *name;
    char type;
    const char *label;
} dta_col;

typedef struct dta_buf {
    unsigned char *p;
    size_t n, cap;
} dta_buf;

static inline ssize_t dta_buf_write(const void *bytes, size_t len, void *ctx)
{
    dta_buf *b = ctx;
    if (b->n + len > b->cap) {
        size_t cap = b->cap ? b->cap : 4096;
        while (cap < b->n + len)
            cap *= 2;
        unsigned char *q = realloc(b->p, cap);
        if (!q)
            return -1;
        b->p = q;
        b->cap = cap;
    }
    memcpy(b->p + b->n, bytes, len);
    b->n += len;
    return (ssize_t)len;
}

/* A .dta (format `version`: 118, 117 or 114) of ncols variables and nrows rows; cells[r *
 * ncols + c] is the text of a cell (a number is parsed with strtod), NULL for missing. Returns
 * malloc'ed bytes (*len), or NULL if ReadStat refused. */
static inline unsigned char *dta_make(int version, const dta_col *cols, size_t ncols, const char *const *cells, size_t nrows,
                               size_t *len)
{
    dta_buf b = {0};
    readstat_writer_t *w = readstat_writer_init();
    readstat_variable_t **vars = calloc(ncols ? ncols : 1, sizeof *vars);
    readstat_error_t e = READSTAT_OK;
    readstat_set_data_writer(w, dta_buf_write);
    readstat_writer_set_file_format_version(w, (uint8_t)version);
    for (size_t c = 0; c < ncols; c++) {
        readstat_type_t t = cols[c].type == 's'   ? READSTAT_TYPE_STRING
                            : cols[c].type == 'f' ? READSTAT_TYPE_FLOAT
                            : cols[c].type == 'i' ? READSTAT_TYPE_INT32
                            : cols[c].type == 'b' ? READSTAT_TYPE_INT8
                                                  : READSTAT_TYPE_DOUBLE;
        size_t width = 0;
        if (t == READSTAT_TYPE_STRING) {
            width = 1;
            for (size_t r = 0; r < nrows; r++) {
                const char *s = cells[r * ncols + c];
                if (s && strlen(s) > width)
                    width = strlen(s);
            }
        }
        vars[c] = readstat_add_variable(w, cols[c].name, t, width);
        if (cols[c].label)
            readstat_variable_set_label(vars[c], cols[c].label);
    }
    if ((e = readstat_begin_writing_dta(w, &b, (long)nrows)) != READSTAT_OK)
        goto done;
    for (size_t r = 0; r < nrows && e == READSTAT_OK; r++) {
        if ((e = readstat_begin_row(w)) != READSTAT_OK)
            break;
        for (size_t c = 0; c < ncols && e == READSTAT_OK; c++) {
            const char *s = cells[r * ncols + c];
            if (cols[c].type == 's')
                e = readstat_insert_string_value(w, vars[c], s ? s : "");
            else if (!s)
                e = readstat_insert_missing_value(w, vars[c]);
            else if (cols[c].type == 'f')
                e = readstat_insert_float_value(w, vars[c], strtof(s, NULL));
            else if (cols[c].type == 'i')
                e = readstat_insert_int32_value(w, vars[c], (int32_t)strtol(s, NULL, 10));
            else if (cols[c].type == 'b')
                e = readstat_insert_int8_value(w, vars[c], (int8_t)strtol(s, NULL, 10));
            else
                e = readstat_insert_double_value(w, vars[c], strtod(s, NULL));
        }
        if (e == READSTAT_OK)
            e = readstat_end_row(w);
    }
    if (e == READSTAT_OK)
        e = readstat_end_writing(w);
done:
    readstat_writer_free(w);
    free(vars);
    if (e != READSTAT_OK) {
        free(b.p);
        return NULL;
    }
    *len = b.n;
    return b.p;
}

#endif
