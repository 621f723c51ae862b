/* output.c - output shared by every command: tables printed aligned, as CSV or as JSON,
 * deterministic number formats, and JSON helpers. */
#include <errno.h>
#include "cli.h"

#include <unistd.h>

#include <sys/ioctl.h>

#include <ctype.h>
#include <math.h>
#include <stdarg.h>
#include <stddef.h>
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

/* CSV and JSON carry numbers at full precision (set by cli_parse from --json / --csv): the
 * decimals a command asks for ("%.3f", cli_num) are for tables on a screen. */
static bool full_precision;

void cli_output_format(out_format fmt) { full_precision = fmt != OUT_TABLE; }

/* v in the fewest digits that read back as v (an integer as one; -0 as 0); "" for NaN. */
static void shortest(char *buf, size_t cap, double v) { migdip_number_format(buf, cap, v, MIGDIP_NUMBER_SHORTEST); }

/* vsnprintf, but in full precision each "%.Nf" gives its number in full (shortest). The
 * conversions our tables use: d i u x c s p f g e with the h l ll z j t modifiers, and %%. */
static void format_cells(char *line, size_t cap, const char *fmt, va_list ap)
{
    if (!full_precision) {
        vsnprintf(line, cap, fmt, ap);
        return;
    }
    size_t n = 0;
    line[0] = '\0';
    for (const char *p = fmt; *p && n + 1 < cap;) {
        if (*p != '%') {
            line[n++] = *p++;
            line[n] = '\0';
            continue;
        }
        size_t len = 1 + strspn(p + 1, "-+ #0123456789.*");
        size_t mods = strspn(p + len, "hlzjtL");
        char conv = p[len + mods], spec[32];
        snprintf(spec, sizeof spec, "%.*s", (int)(len + mods + 1), p);
        char cell[512];
        bool l = mods && p[len] == 'l', ll = mods == 2 && p[len] == 'l', z = mods && p[len] == 'z';
        switch (conv) {
        case '%': snprintf(cell, sizeof cell, "%%"); break;
        case 'd':
        case 'i':
            if (ll)
                snprintf(cell, sizeof cell, spec, va_arg(ap, long long));
            else if (l)
                snprintf(cell, sizeof cell, spec, va_arg(ap, long));
            else if (z)
                snprintf(cell, sizeof cell, spec, va_arg(ap, ptrdiff_t));
            else
                snprintf(cell, sizeof cell, spec, va_arg(ap, int));
            break;
        case 'u':
        case 'x':
            if (ll)
                snprintf(cell, sizeof cell, spec, va_arg(ap, unsigned long long));
            else if (l)
                snprintf(cell, sizeof cell, spec, va_arg(ap, unsigned long));
            else if (z)
                snprintf(cell, sizeof cell, spec, va_arg(ap, size_t));
            else
                snprintf(cell, sizeof cell, spec, va_arg(ap, unsigned));
            break;
        case 'c': snprintf(cell, sizeof cell, spec, va_arg(ap, int)); break;
        case 's': snprintf(cell, sizeof cell, spec, va_arg(ap, const char *)); break;
        case 'p': snprintf(cell, sizeof cell, spec, va_arg(ap, void *)); break;
        case 'f': shortest(cell, sizeof cell, va_arg(ap, double)); break;
        case 'g':
        case 'e': snprintf(cell, sizeof cell, spec, va_arg(ap, double)); break;
        default: cell[0] = '\0'; break; /* none in our tables */
        }
        n += (size_t)snprintf(line + n, cap - n, "%s", cell);
        if (n >= cap)
            n = cap - 1;
        p += len + mods + (conv ? 1 : 0);
    }
}

void cli_table_addf(cli_table *t, const char *fmt, ...)
{
    char line[4096];
    va_list ap;
    va_start(ap, fmt);
    format_cells(line, sizeof line, fmt, ap);
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

/* ------------------------------------------------------------ tables on a terminal */

static bool wide_tables; /* --wide: tables printed whole, never fitted */

void cli_output_wide(bool wide) { wide_tables = wide; }

static size_t term_width(void);

/* A plain decimal number ("-1234567.5"): its integer part's digits, else 0. */
static size_t int_digits(const char *s)
{
    if (*s == '-')
        s++;
    size_t n = strspn(s, "0123456789");
    if (!n)
        return 0;
    const char *e = s + n;
    if (*e == '.') {
        size_t f = strspn(e + 1, "0123456789");
        if (!f)
            return 0;
        e += 1 + f;
    }
    return *e ? 0 : n;
}

/* A number grouped by thousands ("1,234,567" or "-1,234.5"). */
static bool is_grouped(const char *s)
{
    if (*s == '-')
        s++;
    size_t lead = strspn(s, "0123456789");
    if (!lead || lead > 3 || s[lead] != ',')
        return false;
    s += lead;
    while (*s == ',') {
        if (strspn(s + 1, "0123456789") < 3)
            return false;
        s += 4;
    }
    if (*s == '.')
        s += 1 + strspn(s + 1, "0123456789");
    return !*s;
}

/* cell with its integer part grouped by thousands into buf (the cell itself if it is not a
 * plain number) */
static const char *group_cell(const char *v, char *buf, size_t cap)
{
    size_t d = int_digits(v);
    if (d < 4 || cap < 64)
        return v;
    size_t neg = v[0] == '-', j = 0;
    if (neg)
        buf[j++] = '-';
    const char *p = v + neg;
    for (size_t i = 0; i < d; i++) {
        if (i && (d - i) % 3 == 0)
            buf[j++] = ',';
        buf[j++] = p[i];
        if (j + 8 >= cap)
            return v;
    }
    snprintf(buf + j, cap - j, "%s", p + d);
    return buf;
}

/* s in at most cols columns (UTF-8): cut with "…" in the last when it is wider. */
static void put_cut(FILE *out, const char *s, size_t cols)
{
    if (utf8_width(s) <= cols) {
        fputs(s, out);
        return;
    }
    size_t i = 0, cp = 0;
    for (; s[i]; i++)
        if (((unsigned char)s[i] & 0xC0) != 0x80 && cp++ == cols - 1)
            break;
    fwrite(s, 1, i, out);
    fputs("\xE2\x80\xA6", out); /* … */
}

/* Columns cols[0..n) of the table as aligned text: headers to the left, numbers to the right,
 * each cell in its column's width w (cut when wider), no padding after the last column. */
static void print_block(const cli_table *t, char **cells, const size_t *w, const bool *num, const size_t *cols,
                        size_t n, FILE *out)
{
    for (size_t k = 0; k < n; k++) {
        size_t c = cols[k], hw = utf8_width(t->headers[c]);
        if (k)
            fputs("  ", out);
        put_cut(out, t->headers[c], w[c]);
        if (k + 1 < n && hw < w[c])
            fprintf(out, "%*s", (int)(w[c] - hw), "");
    }
    fputc('\n', out);
    for (size_t r = 0; r < t->nrows; r++) {
        for (size_t k = 0; k < n; k++) {
            size_t c = cols[k];
            const char *v = cells[r * t->ncols + c];
            size_t vw = utf8_width(v);
            int pad = vw < w[c] ? (int)(w[c] - vw) : 0;
            if (k)
                fputs("  ", out);
            if (num[c]) {
                fprintf(out, "%*s", pad, "");
                put_cut(out, v, w[c]);
            } else {
                put_cut(out, v, w[c]);
                if (k + 1 < n)
                    fprintf(out, "%*s", pad, "");
            }
        }
        fputc('\n', out);
    }
}

/* The aligned table. Numbers get thousands separators (a column whose integers reach five
 * digits: all its numbers of four or more). On a terminal (unless --wide) it fits the width:
 * text columns are cut (with "…") down to 8 columns or their header's width, widest first; a
 * table still wider is wrapped into blocks of columns, each repeating the first. Files and pipes
 * get it whole. */
static void print_fitted(const cli_table *t, FILE *out)
{
    size_t nc = t->ncols, nr = t->nrows;
    size_t *w = calloc(nc ? nc : 1, sizeof *w), *cols = calloc(nc ? nc : 1, sizeof *cols);
    bool *num = calloc(nc ? nc : 1, sizeof *num), *grp = calloc(nc ? nc : 1, sizeof *grp);
    size_t ncells = nr * nc;
    char **cells = calloc(ncells ? ncells : 1, sizeof *cells);
    if (!w || !cols || !num || !grp || !cells)
        cli_out_of_memory();
    for (size_t c = 0; c < nc; c++) {
        num[c] = nr > 0;
        for (size_t r = 0; r < nr; r++) {
            const char *v = t->cells[r * nc + c];
            if (*v && !looks_numeric(v) && !(strchr(v, ',') && isdigit((unsigned char)v[0])) &&
                v[strlen(v) - 1] != '%')
                num[c] = false;
            if (!t->text[c] && (int_digits(v) >= 5 || is_grouped(v)))
                grp[c] = true;
        }
    }
    for (size_t r = 0; r < nr; r++)
        for (size_t c = 0; c < nc; c++) {
            const char *v = t->cells[r * nc + c];
            char buf[96];
            if (!(cells[r * nc + c] = strdup(grp[c] ? group_cell(v, buf, sizeof buf) : v)))
                cli_out_of_memory();
        }
    for (size_t c = 0; c < nc; c++) {
        w[c] = utf8_width(t->headers[c]);
        for (size_t r = 0; r < nr; r++) {
            size_t k = utf8_width(cells[r * nc + c]);
            if (k > w[c])
                w[c] = k;
        }
    }
    size_t width = !wide_tables && out == stdout && isatty(STDOUT_FILENO) ? term_width() : 0;
    size_t total = 0;
    for (size_t c = 0; c < nc; c++)
        total += w[c] + (c ? 2 : 0);
    /* cut the widest text column by a column at a time, down to 8 or its header's width */
    while (width && total > width) {
        size_t best = nc;
        for (size_t c = 0; c < nc; c++) {
            size_t hw = utf8_width(t->headers[c]), floor = hw > 8 ? hw : 8;
            if (!num[c] && w[c] > floor && (best == nc || w[c] > w[best]))
                best = c;
        }
        if (best == nc)
            break;
        w[best]--;
        total--;
    }
    if (!width || total <= width || nc < 2) {
        for (size_t c = 0; c < nc; c++)
            cols[c] = c;
        print_block(t, cells, w, num, cols, nc, out);
    } else {
        /* blocks of columns that fit, each led by the first column */
        size_t c = 1;
        bool first = true;
        while (c < nc) {
            size_t n = 0, used = w[0];
            cols[n++] = 0;
            while (c < nc && (n == 1 || used + 2 + w[c] <= width)) {
                used += 2 + w[c];
                cols[n++] = c++;
            }
            if (!first)
                fputc('\n', out);
            first = false;
            print_block(t, cells, w, num, cols, n, out);
        }
    }
    for (size_t i = 0; i < nr * nc; i++)
        free(cells[i]);
    free(cells);
    free(w);
    free(cols);
    free(num);
    free(grp);
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
    print_fitted(t, out);
}

const char *cli_num(char *buf, size_t cap, double v, int decimals)
{
    if (isnan(v))
        buf[0] = '\0';
    else if (full_precision)
        shortest(buf, cap, v);
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
    migdip_free(u);
    cli_json_done(out, bad);
}

void cli_json_done(FILE *out, size_t bad)
{
    fputc('\n', out);
    if (bad)
        fprintf(stderr, "migdip: note: %zu byte(s) that were not UTF-8 written as U+FFFD in the JSON output\n", bad);
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
