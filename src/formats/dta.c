/* dta.c - Stata .dta reader over ReadStat's parser (dta.h). ReadStat hands out one value at
 * a time; this file gathers the values of one observation into a row of cells and calls the
 * row callback when the last variable's value arrives. Input from a file uses ReadStat's own
 * I/O; input from memory uses the four I/O handlers below. */
#include "formats/dta.h"

#include <math.h>
#include <readstat.h>
#include <stdint.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

typedef struct dta_mem {
    const unsigned char *buf;
    size_t len, pos;
} dta_mem;

typedef struct dta_state {
    const char *name;
    const mg_dta_callbacks *cb;
    void *ud;
    mg_err *err;
    migdip_status rc;    /* set when a callback (or a check here) stops the read */
    mg_dta_info info;
    mg_dta_var *vars;
    mg_dta_cell *cells;
    char **sbuf;         /* per variable: a copy of the current string value */
    size_t *scap;
    size_t n_seen;       /* variables announced so far */
    bool vars_done;
    long obs;            /* observation being gathered, -1 before the first */
    size_t filled;       /* cells of it filled */
    long rows;           /* observations handed out */
    char label[256];
    char rs_msg[256];    /* ReadStat's last message */
} dta_state;

static char *dup_str(const char *s)
{
    size_t n = strlen(s ? s : "");
    char *d = malloc(n + 1);
    if (d)
        memcpy(d, s ? s : "", n + 1);
    return d;
}

/* Powers of ten a double holds exactly (10^0 .. 10^22). */
static const double POW10[] = {1e0,  1e1,  1e2,  1e3,  1e4,  1e5,  1e6,  1e7,  1e8,  1e9,  1e10, 1e11,
                               1e12, 1e13, 1e14, 1e15, 1e16, 1e17, 1e18, 1e19, 1e20, 1e21, 1e22};

/* The shortest decimal (6 to 9 significant digits) that reads back as f. A float has 24 bits
 * of mantissa, so 9 digits always suffice. Fast path: the decimal of p digits is an integer
 * times or divided by an exact power of ten, and one correctly rounded multiplication or
 * division gives the double nearest it, as strtod would; outside that range (or at a tie
 * the fast path cannot decide) printf and strtod decide. */
static double float_decimal(float f)
{
    if (f == 0 || !isfinite(f))
        return (double)f;
    double a = fabs((double)f);
    int e10 = (int)floor(log10(a)); /* a = x.xxx * 10^e10 */
    for (int p = 6; p <= 9; p++) {
        int k = p - 1 - e10; /* scale: a * 10^k has p digits before the point */
        if (k < -22 || k > 22)
            break;
        double m = k >= 0 ? nearbyint(a * POW10[k]) : nearbyint(a / POW10[-k]);
        if (m >= 9007199254740992.0)
            break;
        double d = k >= 0 ? m / POW10[k] : m * POW10[-k];
        if ((float)d == (float)a)
            return f < 0 ? -d : d;
    }
    char buf[32];
    for (int p = 6; p <= 9; p++) {
        snprintf(buf, sizeof buf, "%.*g", p, (double)f);
        double d = strtod(buf, NULL);
        if ((float)d == f)
            return d;
    }
    return (double)f;
}

static int stop(dta_state *st, migdip_status rc)
{
    st->rc = rc;
    return READSTAT_HANDLER_ABORT;
}

static int on_metadata(readstat_metadata_t *md, void *ctx)
{
    dta_state *st = ctx;
    int nv = readstat_get_var_count(md);
    if (nv < 0 || nv > MG_DTA_MAX_VARS)
        return stop(st, mg_err_set(st->err, MIGDIP_ERR_RANGE, "%s: the header announces %d variables (at most %d)",
                                   st->name, nv, MG_DTA_MAX_VARS));
    st->info.version = readstat_get_file_format_version(md);
    st->info.n_obs = readstat_get_row_count(md);
    const char *label = readstat_get_file_label(md);
    snprintf(st->label, sizeof st->label, "%s", label ? label : "");
    st->info.file_label = st->label;
    st->info.n_vars = (size_t)nv;
    if (nv == 0)
        return READSTAT_HANDLER_OK;
    st->vars = calloc((size_t)nv, sizeof *st->vars);
    st->cells = calloc((size_t)nv, sizeof *st->cells);
    st->sbuf = calloc((size_t)nv, sizeof *st->sbuf);
    st->scap = calloc((size_t)nv, sizeof *st->scap);
    if (!st->vars || !st->cells || !st->sbuf || !st->scap)
        return stop(st, mg_err_set(st->err, MIGDIP_ERR_NOMEM, "%s: out of memory for %d variables", st->name, nv));
    return READSTAT_HANDLER_OK;
}

static int on_variable(int index, readstat_variable_t *var, const char *val_labels, void *ctx)
{
    dta_state *st = ctx;
    if (index < 0 || (size_t)index != st->n_seen || (size_t)index >= st->info.n_vars)
        return stop(st, mg_err_set(st->err, MIGDIP_ERR_PARSE, "%s: variable %d out of order or past the %zu announced",
                                   st->name, index + 1, st->info.n_vars));
    mg_dta_var *v = &st->vars[index];
    v->name = dup_str(readstat_variable_get_name(var));
    v->label = dup_str(readstat_variable_get_label(var));
    v->is_string = readstat_variable_get_type_class(var) == READSTAT_TYPE_CLASS_STRING;
    if (!v->name || !v->label)
        return stop(st, mg_err_set(st->err, MIGDIP_ERR_NOMEM, "%s: out of memory", st->name));
    st->n_seen++;
    return READSTAT_HANDLER_OK;
}

static migdip_status announce_vars(dta_state *st)
{
    if (st->vars_done)
        return MIGDIP_OK;
    st->vars_done = true;
    if (st->n_seen != st->info.n_vars)
        return mg_err_set(st->err, MIGDIP_ERR_PARSE, "%s: %zu variables announced, %zu described", st->name,
                          st->info.n_vars, st->n_seen);
    st->info.vars = st->vars;
    return st->cb->vars ? st->cb->vars(st->ud, &st->info, st->err) : MIGDIP_OK;
}

static int on_value(int obs_index, readstat_variable_t *var, readstat_value_t value, void *ctx)
{
    dta_state *st = ctx;
    migdip_status rc;
    if (!st->vars_done && (rc = announce_vars(st)))
        return stop(st, rc);
    int i = readstat_variable_get_index(var);
    if (i < 0 || (size_t)i >= st->info.n_vars || (size_t)i != st->filled ||
        (i == 0 ? obs_index != st->obs + 1 : obs_index != st->obs))
        return stop(st, mg_err_set(st->err, MIGDIP_ERR_PARSE, "%s: observation %d: values out of order", st->name,
                                   obs_index + 1));
    if (i == 0)
        st->obs = obs_index;
    mg_dta_cell *c = &st->cells[i];
    memset(c, 0, sizeof *c);
    readstat_type_t type = readstat_value_type(value);
    if (type == READSTAT_TYPE_STRING || type == READSTAT_TYPE_STRING_REF) {
        const char *s = readstat_string_value(value);
        size_t len = s ? strlen(s) : 0;
        if (len > MG_DTA_MAX_STRING)
            return stop(st, mg_err_set(st->err, MIGDIP_ERR_RANGE, "%s: observation %d: a string of %zu bytes",
                                       st->name, obs_index + 1, len));
        if (len + 1 > st->scap[i]) {
            char *p = realloc(st->sbuf[i], len + 1);
            if (!p)
                return stop(st, mg_err_set(st->err, MIGDIP_ERR_NOMEM, "%s: out of memory", st->name));
            st->sbuf[i] = p;
            st->scap[i] = len + 1;
        }
        memcpy(st->sbuf[i], s ? s : "", len);
        st->sbuf[i][len] = '\0';
        c->str = st->sbuf[i];
        c->len = len;
    } else if (readstat_value_is_missing(value, var)) {
        c->missing = true;
        c->str = "";
    } else {
        c->str = "";
        switch (type) {
        case READSTAT_TYPE_INT8: c->num = readstat_int8_value(value); break;
        case READSTAT_TYPE_INT16: c->num = readstat_int16_value(value); break;
        case READSTAT_TYPE_INT32: c->num = readstat_int32_value(value); break;
        case READSTAT_TYPE_FLOAT: c->num = float_decimal(readstat_float_value(value)); break;
        default: c->num = readstat_double_value(value); break;
        }
    }
    st->filled = (size_t)i + 1;
    if (st->filled == st->info.n_vars) {
        st->filled = 0;
        st->rows++;
        if (st->cb->row && (rc = st->cb->row(st->ud, obs_index, st->cells, st->info.n_vars, st->err)))
            return stop(st, rc);
    }
    return READSTAT_HANDLER_OK;
}

static void on_error(const char *msg, void *ctx)
{
    dta_state *st = ctx;
    size_t n = strlen(msg);
    while (n && (msg[n - 1] == '\n' || msg[n - 1] == '\r'))
        n--;
    snprintf(st->rs_msg, sizeof st->rs_msg, "%.*s", (int)n, msg);
}

/* Memory I/O for ReadStat: the path it passes to open is ignored. */
static int mem_open(const char *path, void *io_ctx)
{
    (void)path;
    ((dta_mem *)io_ctx)->pos = 0;
    return 0;
}

static int mem_close(void *io_ctx)
{
    (void)io_ctx;
    return 0;
}

static readstat_off_t mem_seek(readstat_off_t offset, readstat_io_flags_t whence, void *io_ctx)
{
    dta_mem *m = io_ctx;
    int64_t base = whence == READSTAT_SEEK_SET ? 0 : whence == READSTAT_SEEK_CUR ? (int64_t)m->pos : (int64_t)m->len;
    int64_t to = base + (int64_t)offset;
    if (to < 0 || to > (int64_t)m->len)
        return -1;
    m->pos = (size_t)to;
    return (readstat_off_t)to;
}

static ssize_t mem_read(void *buf, size_t nbyte, void *io_ctx)
{
    dta_mem *m = io_ctx;
    size_t n = m->len - m->pos < nbyte ? m->len - m->pos : nbyte;
    if (n)
        memcpy(buf, m->buf + m->pos, n);
    m->pos += n;
    return (ssize_t)n;
}

static readstat_error_t mem_update(long file_size, readstat_progress_handler progress, void *user_ctx, void *io_ctx)
{
    (void)file_size, (void)progress, (void)user_ctx, (void)io_ctx;
    return READSTAT_OK;
}

static migdip_status dta_read(const char *path, const char *name, dta_mem *mem, const mg_dta_callbacks *cb, void *ud,
                              mg_err *err)
{
    dta_state st = {.name = name, .cb = cb, .ud = ud, .err = err, .obs = -1};
    readstat_parser_t *p = readstat_parser_init();
    if (!p)
        return mg_err_set(err, MIGDIP_ERR_NOMEM, "%s: out of memory", name);
    readstat_set_metadata_handler(p, on_metadata);
    readstat_set_variable_handler(p, on_variable);
    readstat_set_value_handler(p, on_value);
    readstat_set_error_handler(p, on_error);
    if (mem) {
        readstat_set_open_handler(p, mem_open);
        readstat_set_close_handler(p, mem_close);
        readstat_set_seek_handler(p, mem_seek);
        readstat_set_read_handler(p, mem_read);
        readstat_set_update_handler(p, mem_update);
        readstat_set_io_ctx(p, mem);
    }
    readstat_error_t e = readstat_parse_dta(p, path, &st);
    migdip_status rc = st.rc;
    if (!rc && e != READSTAT_OK)
        rc = mg_err_set(err, e == READSTAT_ERROR_OPEN ? MIGDIP_ERR_IO : MIGDIP_ERR_PARSE,
                        "%s: not a readable Stata .dta file: %s%s", name, st.rs_msg[0] ? st.rs_msg : readstat_error_message(e),
                        e == READSTAT_ERROR_READ ? " (truncated?)" : "");
    if (!rc && st.filled != 0)
        rc = mg_err_set(err, MIGDIP_ERR_PARSE, "%s: observation %ld ends after %zu of %zu variables", name, st.obs + 1,
                        st.filled, st.info.n_vars);
    if (!rc && !st.vars_done)
        rc = announce_vars(&st);
    if (!rc && st.info.n_obs >= 0 && st.rows != st.info.n_obs)
        rc = mg_err_set(err, MIGDIP_ERR_PARSE, "%s: the header announces %ld observations, the file holds %ld (truncated?)",
                        name, st.info.n_obs, st.rows);
    readstat_parser_free(p);
    for (size_t i = 0; i < st.info.n_vars && st.vars; i++) {
        free((char *)st.vars[i].name);
        free((char *)st.vars[i].label);
        if (st.sbuf)
            free(st.sbuf[i]);
    }
    free(st.vars);
    free(st.cells);
    free(st.sbuf);
    free(st.scap);
    return rc;
}

migdip_status mg_dta_read_file(const char *path, const char *name, const mg_dta_callbacks *cb, void *ud, mg_err *err)
{
    return dta_read(path, name ? name : path, NULL, cb, ud, err);
}

migdip_status mg_dta_read_mem(const char *name, const void *buf, size_t len, const mg_dta_callbacks *cb, void *ud,
                              mg_err *err)
{
    dta_mem m = {.buf = buf, .len = len};
    return dta_read("<memory>", name ? name : "<memory>", &m, cb, ud, err);
}

bool mg_dta_sniff(const unsigned char *head, size_t n)
{
    static const char XML[] = "<stata_dta>";
    if (n >= sizeof XML - 1 && memcmp(head, XML, sizeof XML - 1) == 0)
        return true;
    /* formats 104-115: release byte, byte order (1 = MSF, 2 = LSF), file type 1, a zero */
    return n >= 4 && head[0] >= 104 && head[0] <= 115 && (head[1] == 1 || head[1] == 2) && head[2] == 1 && head[3] == 0;
}
