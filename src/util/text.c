/* text.c - strict number parsing and name normalisation. */
#include "util/text.h"

#include <ctype.h>
#include <errno.h>
#include <math.h>
#include <stdlib.h>
#include <string.h>

const char *mg_text_trim(const char *s, size_t *len)
{
    size_t n = *len;
    for (;;) {
        if (n && (*s == ' ' || *s == '\t' || *s == '\r' || *s == '\n')) {
            s++, n--;
        } else if (n >= 2 && (unsigned char)s[0] == 0xC2 && (unsigned char)s[1] == 0xA0) {
            s += 2, n -= 2;
        } else {
            break;
        }
    }
    for (;;) {
        if (n && (s[n - 1] == ' ' || s[n - 1] == '\t' || s[n - 1] == '\r' || s[n - 1] == '\n')) {
            n--;
        } else if (n >= 2 && (unsigned char)s[n - 2] == 0xC2 && (unsigned char)s[n - 1] == 0xA0) {
            n -= 2;
        } else {
            break;
        }
    }
    *len = n;
    return s;
}

bool mg_text_parse_double(const char *s, size_t len, bool allow_commas, double *out)
{
    char buf[64];
    s = mg_text_trim(s, &len);
    if (len == 0 || len >= sizeof buf)
        return false;
    size_t j = 0;
    for (size_t i = 0; i < len; i++) {
        char c = s[i];
        if (c == ',' && allow_commas)
            continue;
        if (!(isdigit((unsigned char)c) || c == '.' || c == '-' || c == '+' || c == 'e' || c == 'E'))
            return false;
        buf[j++] = c;
    }
    buf[j] = '\0';
    if (j == 0)
        return false;
    char *end = NULL;
    errno = 0;
    double v = strtod(buf, &end);
    if (end != buf + j || errno == ERANGE || !isfinite(v))
        return false;
    *out = v;
    return true;
}

bool mg_text_parse_long(const char *s, size_t len, long *out)
{
    double v;
    if (!mg_text_parse_double(s, len, false, &v))
        return false;
    if (v != floor(v) || v < -1e15 || v > 1e15)
        return false;
    *out = (long)v;
    return true;
}

bool mg_text_is_missing_marker(const char *s, size_t len)
{
    s = mg_text_trim(s, &len);
    if (len == 0)
        return true;
    static const char *const markers[] = {"..", "-", "."};
    for (size_t i = 0; i < sizeof markers / sizeof *markers; i++)
        if (strlen(markers[i]) == len && memcmp(markers[i], s, len) == 0)
            return true;
    return false;
}

bool mg_text_is_blank(const char *s, size_t len)
{
    mg_text_trim(s, &len);
    return len == 0;
}

/* Fold a two-byte UTF-8 Latin-1 supplement letter (C3 xx) to ASCII; 0 if not a letter. */
static char fold_latin1(unsigned char lead, unsigned char cont)
{
    if (lead != 0xC3)
        return 0;
    static const char map[64] = "AAAAAAACEEEEIIIIDNOOOOOxOUUUUYTsaaaaaaaceeeeiiiidnooooo/ouuuuyty";
    char c = map[cont & 0x3F];
    return (c == 'x' || c == '/') ? 0 : c;
}

char *mg_text_name_key(const char *s, char *out, size_t cap)
{
    size_t j = 0;
    bool space = false;
    if (cap == 0)
        return out;
    const unsigned char *p = (const unsigned char *)s;
    for (; *p && j + 4 < cap; p++) {
        char c = 0;
        if (*p < 0x80) {
            if (isalnum(*p))
                c = (char)tolower(*p);
            else if (*p == '&') {
                if (j && !space)
                    out[j++] = ' ';
                memcpy(out + j, "and", 3);
                j += 3;
                space = false;
                if (j + 1 < cap)
                    out[j++] = ' ', space = true;
                continue;
            } else if (*p == '\'' || *p == 0x60) {
                continue; /* "Cote d'Ivoire" and "Cote dIvoire" meet at "cote divoire" */
            }
        } else if (p[1]) {
            c = fold_latin1(p[0], p[1]);
            if (c) {
                c = (char)tolower((unsigned char)c);
                p++;
            } else if (p[0] == 0xE2 && p[1] == 0x80 && p[2] == 0x99) {
                p += 2; /* typographic apostrophe */
                continue;
            } else {
                while (p[1] && (p[1] & 0xC0) == 0x80)
                    p++; /* skip other multibyte characters */
            }
        }
        if (c) {
            out[j++] = c;
            space = false;
        } else if (j && !space) {
            out[j++] = ' ';
            space = true;
        }
    }
    /* a name longer than the key holds has no key: truncated, two long names would meet */
    if (*p) {
        out[0] = '\0';
        return out;
    }
    while (j && out[j - 1] == ' ')
        j--;
    out[j] = '\0';
    return out;
}

char mg_text_name_key_first(const char *s)
{
    for (const unsigned char *p = (const unsigned char *)s; *p; p++) {
        if (*p >= 0x80)
            return 0;
        if (isalnum(*p))
            return (char)tolower(*p);
        if (*p == '&')
            return 'a';
    }
    return 0;
}

int mg_text_casecmp(const char *a, const char *b)
{
    for (;; a++, b++) {
        int ca = tolower((unsigned char)*a), cb = tolower((unsigned char)*b);
        if (ca != cb || !ca)
            return ca - cb;
    }
}

char *mg_text_dup(const char *s) { return s ? strdup(s) : NULL; }

char *mg_text_ndup(const char *s, size_t n)
{
    char *p = malloc(n + 1);
    if (!p)
        return NULL;
    memcpy(p, s, n);
    p[n] = '\0';
    return p;
}

size_t mg_text_utf8_seq(const unsigned char *s, size_t n)
{
    if (n == 0)
        return 0;
    unsigned char c = s[0];
    if (c < 0x80)
        return 1;
    size_t len;
    unsigned char lo = 0x80, hi = 0xBF; /* the allowed range of the second byte */
    if (c >= 0xC2 && c <= 0xDF)
        len = 2;
    else if (c >= 0xE0 && c <= 0xEF) {
        len = 3;
        if (c == 0xE0)
            lo = 0xA0; /* overlong */
        else if (c == 0xED)
            hi = 0x9F; /* surrogates */
    } else if (c >= 0xF0 && c <= 0xF4) {
        len = 4;
        if (c == 0xF0)
            lo = 0x90;
        else if (c == 0xF4)
            hi = 0x8F; /* above U+10FFFF */
    } else
        return 0;
    if (n < len || s[1] < lo || s[1] > hi)
        return 0;
    for (size_t i = 2; i < len; i++)
        if ((s[i] & 0xC0) != 0x80)
            return 0;
    return len;
}

char *migdip_utf8_repair(const char *s, size_t *n_bad)
{
    size_t n = strlen(s), bad = 0;
    char *out = malloc(3 * n + 1);
    if (!out)
        return NULL;
    const unsigned char *p = (const unsigned char *)s;
    size_t j = 0;
    for (size_t i = 0; i < n;) {
        size_t k = mg_text_utf8_seq(p + i, n - i);
        if (k) {
            memcpy(out + j, p + i, k);
            j += k, i += k;
        } else {
            memcpy(out + j, "\xEF\xBF\xBD", 3);
            j += 3, i++, bad++;
        }
    }
    out[j] = '\0';
    if (n_bad)
        *n_bad = bad;
    return out;
}
