/* svg.c - a small SVG writer: a document with its title and description (the chart's text
 * alternative), elements written with printf formats, text always escaped, and the palette
 * every chart uses (Okabe and Ito's, told apart with the common colour-vision deficiencies;
 * the series differ by marker and dash as well as by colour). */
#include <math.h>
#include <stdarg.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "present.h"

struct present_svg {
    char *buf;
    size_t len;
    FILE *f;
};

/* ids of the <title> and <desc> elements, distinct when several charts share a page */
static unsigned long n_docs;

const char *const present_palette[8] = {"#0072B2", "#E69F00", "#009E73", "#CC79A7",
                                        "#56B4E9", "#D55E00", "#F0E442", "#000000"};

void present_svg_escape(FILE *f, const char *s)
{
    for (; s && *s; s++) {
        switch (*s) {
        case '&': fputs("&amp;", f); break;
        case '<': fputs("&lt;", f); break;
        case '>': fputs("&gt;", f); break;
        case '"': fputs("&quot;", f); break;
        case '\'': fputs("&#39;", f); break;
        default:
            if ((unsigned char)*s < 0x20 && *s != '\n' && *s != '\t')
                fputc(' ', f); /* not allowed in XML 1.0 */
            else
                fputc(*s, f);
        }
    }
}

present_svg *present_svg_new(double w, double h, const char *title, const char *desc)
{
    present_svg *s = calloc(1, sizeof *s);
    if (!s || !(s->f = open_memstream(&s->buf, &s->len))) {
        free(s);
        return NULL;
    }
    fprintf(s->f,
            "<svg xmlns=\"http://www.w3.org/2000/svg\" width=\"%g\" height=\"%g\" viewBox=\"0 0 %g %g\" "
            "role=\"img\" aria-labelledby=\"title-%lu desc-%lu\" font-family=\"DejaVu Sans, Arial, sans-serif\" "
            "font-size=\"12\">\n<title id=\"title-%lu\">",
            w, h, w, h, n_docs, n_docs, n_docs);
    present_svg_escape(s->f, title);
    fprintf(s->f, "</title>\n<desc id=\"desc-%lu\">", n_docs++);
    present_svg_escape(s->f, desc);
    fprintf(s->f, "</desc>\n<rect width=\"%g\" height=\"%g\" fill=\"#ffffff\"/>\n", w, h);
    return s;
}

void present_svg_raw(present_svg *s, const char *fmt, ...)
{
    va_list ap;
    va_start(ap, fmt);
    vfprintf(s->f, fmt, ap);
    va_end(ap);
}

void present_svg_text(present_svg *s, double x, double y, const char *attrs, const char *fmt, ...)
{
    char text[1024];
    va_list ap;
    va_start(ap, fmt);
    vsnprintf(text, sizeof text, fmt, ap);
    va_end(ap);
    fprintf(s->f, "<text x=\"%.1f\" y=\"%.1f\"%s%s>", x, y, attrs && *attrs ? " " : "", attrs ? attrs : "");
    present_svg_escape(s->f, text);
    fputs("</text>\n", s->f);
}

FILE *present_svg_stream(present_svg *s) { return s->f; }

char *present_svg_finish(present_svg *s)
{
    if (!s)
        return NULL;
    fputs("</svg>\n", s->f);
    fclose(s->f);
    char *out = s->buf;
    free(s);
    return out;
}

/* A number for an axis tick: at most 3 significant decimals, no trailing zeros. */
void present_svg_tick(char *buf, size_t cap, double v)
{
    if (fabs(v) >= 1e9)
        snprintf(buf, cap, "%gbn", v / 1e9);
    else if (fabs(v) >= 1e6)
        snprintf(buf, cap, "%gm", v / 1e6);
    else if (fabs(v) >= 1e4)
        snprintf(buf, cap, "%gk", v / 1e3);
    else
        snprintf(buf, cap, "%g", round(v * 1000) / 1000);
}

/* Ticks of a "nice" step covering [lo, hi]: at most about n of them. */
double present_svg_step(double lo, double hi, int n)
{
    double span = hi - lo;
    if (!(span > 0))
        return 1;
    double raw = span / n, mag = pow(10, floor(log10(raw))), r = raw / mag;
    return (r < 1.5 ? 1 : r < 3 ? 2 : r < 7 ? 5 : 10) * mag;
}
