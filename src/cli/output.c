/* output.c - output shared by every command: tables printed aligned, as CSV or as JSON,
 * deterministic number formats, and JSON helpers. */
#include <errno.h>
#include "cli.h"

#include <unistd.h>

#include <sys/ioctl.h>

#include <ctype.h>
#include <math.h>
#include <stdarg.h>
#include <stdlib.h>
#include <string.h>

struct cli_table {
    size_t ncols, nrows, cap;
    char **headers;
    char **cells; /* nrows * ncols */
    bool *text;   /* columns declared text (cli_table_text): never JSON numbers */
};

cli_table *cli_table_new(size_t ncols, const char *const *headers)
{
    cli_table *t = calloc(1, sizeof *t);
    if (!t)
        cli_out_of_memory();
    t->ncols = ncols;
    t->headers = calloc(ncols, sizeof *t->headers);
    t->text = calloc(ncols ? ncols : 1, sizeof *t->text);
    if (!t->headers || !t->text)
        cli_out_of_memory();
    for (size_t i = 0; i < ncols; i++)
        if (!(t->headers[i] = strdup(headers[i])))
            cli_out_of_memory();
    return t;
}

void cli_table_text(cli_table *t, const char *header)
{
    for (size_t i = 0; i < t->ncols; i++)
        if (!strcmp(t->headers[i], header))
            t->text[i] = true;
}

void cli_table_add(cli_table *t, const char *const *cells)
{
    if (t->nrows == t->cap) {
        size_t cap = t->cap ? t->cap * 2 : 16;
        char **grown = realloc(t->cells, cap * t->ncols * sizeof *grown);
        if (!grown)
            cli_out_of_memory();
        t->cells = grown;
        t->cap = cap;
    }
    for (size_t i = 0; i < t->ncols; i++)
        if (!(t->cells[t->nrows * t->ncols + i] = strdup(cells[i] ? cells[i] : "")))
            cli_out_of_memory();
    t->nrows++;
}

void cli_table_addf(cli_table *t, const char *fmt, ...)
{
    char line[4096];
    va_list ap;
    va_start(ap, fmt);
    vsnprintf(line, sizeof line, fmt, ap);
    va_end(ap);
    const char *cells[64] = {0};
    char *p = line;
    for (size_t i = 0; i < t->ncols && i < 64; i++) {
        cells[i] = p;
        char *tab = p ? strchr(p, '\t') : NULL;
        if (tab) {
            *tab = '\0';
            p = tab + 1;
        } else {
            p = NULL;
        }
    }
    cli_table_add(t, cells);
}

void cli_table_free(cli_table *t)
{
    if (!t)
        return;
    for (size_t i = 0; i < t->ncols; i++)
        free(t->headers[i]);
    for (size_t i = 0; i < t->nrows * t->ncols; i++)
        free(t->cells[i]);
    free(t->headers);
    free(t->cells);
    free(t->text);
    free(t);
}

static size_t utf8_width(const char *s)
{
    size_t w = 0;
    for (; *s; s++)
        if (((unsigned char)*s & 0xC0) != 0x80)
            w++;
    return w;
}

static bool looks_numeric(const char *s)
{
    if (!*s)
        return false;
    char *end;
    strtod(s, &end);
    return *end == '\0';
}

static void csv_cell(FILE *out, const char *s)
{
    if (strpbrk(s, ",\"\n\r")) {
        fputc('"', out);
        for (; *s; s++) {
            if (*s == '"')
                fputc('"', out);
            fputc(*s, out);
        }
        fputc('"', out);
    } else {
        fputs(s, out);
    }
}

/* A number as JSON writes it: -?(0|[1-9][0-9]*)(.[0-9]+)?([eE][+-]?[0-9]+)? (so never "0x10",
 * "nan", "inf", " 5" or "1."). */
static bool is_json_number(const char *s)
{
    if (*s == '-')
        s++;
    if (*s == '0')
        s++;
    else if (*s >= '1' && *s <= '9')
        while (isdigit((unsigned char)*s))
            s++;
    else
        return false;
    if (*s == '.') {
        if (!isdigit((unsigned char)*++s))
            return false;
        while (isdigit((unsigned char)*s))
            s++;
    }
    if (*s == 'e' || *s == 'E') {
        s++;
        if (*s == '+' || *s == '-')
            s++;
        if (!isdigit((unsigned char)*s))
            return false;
        while (isdigit((unsigned char)*s))
            s++;
    }
    return *s == '\0';
}

/* Typed by column, not by cell: a column is numbers when it is not declared text and every
 * cell it has is a JSON number (an empty cell is null); otherwise every cell is a string. */
cJSON *cli_table_json(const cli_table *t)
{
    bool *num = calloc(t->ncols ? t->ncols : 1, sizeof *num);
    if (!num)
        cli_out_of_memory();
    for (size_t c = 0; c < t->ncols; c++) {
        num[c] = !t->text[c];
        for (size_t r = 0; r < t->nrows && num[c]; r++) {
            const char *v = t->cells[r * t->ncols + c];
            num[c] = !*v || is_json_number(v);
        }
    }
    cJSON *arr = cJSON_CreateArray();
    for (size_t r = 0; r < t->nrows; r++) {
        cJSON *o = cJSON_CreateObject();
        for (size_t c = 0; c < t->ncols; c++) {
            const char *v = t->cells[r * t->ncols + c];
            if (!*v)
                cJSON_AddNullToObject(o, t->headers[c]);
            else if (num[c])
                cJSON_AddItemToObject(o, t->headers[c], cJSON_CreateRaw(v));
            else
                cJSON_AddStringToObject(o, t->headers[c], v);
        }
        cJSON_AddItemToArray(arr, o);
    }
    free(num);
    return arr;
}

void cli_table_print(const cli_table *t, out_format fmt, FILE *out)
{
    if (fmt == OUT_JSON) {
        cJSON *j = cli_table_json(t);
        cli_json_print(j, out);
        cJSON_Delete(j);
        return;
    }
    if (fmt == OUT_CSV) {
        for (size_t c = 0; c < t->ncols; c++) {
            if (c)
                fputc(',', out);
            csv_cell(out, t->headers[c]);
        }
        fputc('\n', out);
        for (size_t r = 0; r < t->nrows; r++) {
            for (size_t c = 0; c < t->ncols; c++) {
                if (c)
                    fputc(',', out);
                csv_cell(out, t->cells[r * t->ncols + c]);
            }
            fputc('\n', out);
        }
        return;
    }
    size_t *w = calloc(t->ncols, sizeof *w);
    bool *num = calloc(t->ncols, sizeof *num);
    if (!w || !num)
        cli_out_of_memory();
    for (size_t c = 0; c < t->ncols; c++) {
        w[c] = utf8_width(t->headers[c]);
        num[c] = t->nrows > 0;
        for (size_t r = 0; r < t->nrows; r++) {
            const char *v = t->cells[r * t->ncols + c];
            size_t k = utf8_width(v);
            if (k > w[c])
                w[c] = k;
            if (*v && !looks_numeric(v) && !(strchr(v, ',') && isdigit((unsigned char)v[0])) &&
                v[strlen(v) - 1] != '%')
                num[c] = false;
        }
    }
    for (size_t c = 0; c < t->ncols; c++)
        fprintf(out, "%s%s%*s", c ? "  " : "", t->headers[c],
                c + 1 < t->ncols ? (int)(w[c] - utf8_width(t->headers[c])) : 0, "");
    fputc('\n', out);
    for (size_t r = 0; r < t->nrows; r++) {
        for (size_t c = 0; c < t->ncols; c++) {
            const char *v = t->cells[r * t->ncols + c];
            int pad = (int)(w[c] - utf8_width(v));
            if (c)
                fputs("  ", out);
            if (num[c])
                fprintf(out, "%*s%s", pad, "", v);
            else
                fprintf(out, "%s%*s", v, c + 1 < t->ncols ? pad : 0, "");
        }
        fputc('\n', out);
    }
    free(w);
    free(num);
}

const char *cli_num(char *buf, size_t cap, double v, int decimals)
{
    if (isnan(v))
        buf[0] = '\0';
    else
        snprintf(buf, cap, "%.*f", decimals, v);
    return buf;
}

const char *cli_grouped(char *buf, size_t cap, double v)
{
    if (isnan(v)) {
        buf[0] = '\0';
        return buf;
    }
    char raw[64];
    snprintf(raw, sizeof raw, "%.0f", fabs(v));
    size_t n = strlen(raw), j = 0;
    if (v < 0 && j + 1 < cap)
        buf[j++] = '-';
    for (size_t i = 0; i < n && j + 2 < cap; i++) {
        if (i && (n - i) % 3 == 0)
            buf[j++] = ',';
        buf[j++] = raw[i];
    }
    buf[j] = '\0';
    return buf;
}

/* Always well-formed UTF-8: a byte of a name or file name that is not (Latin-1 text, a file
 * name in another encoding) is written as U+FFFD, and a note on stderr says how many. */
void cli_json_print(cJSON *j, FILE *out)
{
    size_t bad = 0;
    char *u = present_json_text(j, true, &bad);
    if (!u)
        cli_out_of_memory();
    fputs(u, out);
    fputc('\n', out);
    if (bad)
        fprintf(stderr, "migdip: note: %zu byte(s) that were not UTF-8 written as U+FFFD in the JSON output\n", bad);
    migdip_free(u);
}

int cli_svg_set(const char **svg, const char *cmd, const char *val)
{
    if (!val[0]) {
        cli_usage_error(cmd, "--svg needs a file name");
        return -1;
    }
    *svg = val;
    return 0;
}

int cli_write_doc(const char *path, char *doc)
{
    if (!doc) {
        fprintf(stderr, "migdip: error: %s: out of memory\n", path);
        return EXIT_SYSTEM;
    }
    FILE *f = fopen(path, "w");
    int code = EXIT_OK;
    if (!f || fputs(doc, f) < 0 || fclose(f)) {
        fprintf(stderr, "migdip: error: %s: cannot write: %s\n", path, strerror(errno));
        code = EXIT_SYSTEM;
    }
    free(doc);
    return code;
}

/* ------------------------------------------------------------------ prose */

static size_t term_width(void)
{
    struct winsize ws;
    if (ioctl(STDOUT_FILENO, TIOCGWINSZ, &ws) == 0 && ws.ws_col >= 20)
        return ws.ws_col;
    const char *cols = getenv("COLUMNS");
    long n = cols ? strtol(cols, NULL, 10) : 0;
    return n >= 20 && n <= 1000 ? (size_t)n : 80;
}

/* Columns a UTF-8 string of len bytes takes (one a code point). */
static size_t text_cols(const char *s, size_t len)
{
    size_t n = 0;
    for (size_t i = 0; i < len; i++)
        n += ((unsigned char)s[i] & 0xC0) != 0x80;
    return n;
}

static void wrap_line(const char *line, size_t len, size_t width)
{
    /* continuation lines start under the text: after the indentation and a "- " marker */
    size_t indent = 0;
    while (indent < len && line[indent] == ' ')
        indent++;
    size_t hang = indent + (len - indent >= 2 && line[indent] == '-' && line[indent + 1] == ' ' ? 2 : 0);
    if (hang > width / 2)
        hang = 0;
    size_t col = 0, i = 0;
    bool first = true;
    while (i < len) {
        size_t sp = i;
        while (sp < len && line[sp] == ' ')
            sp++;
        size_t we = sp;
        while (we < len && line[we] != ' ')
            we++;
        size_t wcols = text_cols(line + sp, we - sp), scols = sp - i;
        if (!first && col + scols + wcols > width && col > hang) {
            fputc('\n', stdout);
            for (size_t k = 0; k < hang; k++)
                fputc(' ', stdout);
            col = hang;
        } else {
            fwrite(line + i, 1, sp - i, stdout);
            col += scols;
        }
        fwrite(line + sp, 1, we - sp, stdout);
        col += wcols;
        first = false;
        i = we;
    }
}

void cli_print_prose(const cli_common *c, const char *text)
{
    if (!text)
        return;
    if (c->wide || !isatty(STDOUT_FILENO)) {
        fputs(text, stdout);
        return;
    }
    size_t width = term_width();
    for (const char *p = text; *p;) {
        size_t len = strcspn(p, "\n");
        if (text_cols(p, len) <= width)
            fwrite(p, 1, len, stdout);
        else
            wrap_line(p, len, width);
        if (p[len] == '\n')
            fputc('\n', stdout);
        p += len + (p[len] == '\n');
    }
}
