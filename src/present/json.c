/* json.c - numbers and text of the JSON every presenting program writes: a writer of cJSON
 * trees that gives the bytes cJSON_Print and cJSON_PrintUnformatted gave, with its numbers from
 * migdip_number_format (several times faster than cJSON's printf and sscanf), always
 * well-formed UTF-8, into memory or streamed to a file a piece at a time. */
#include <math.h>
#include <stdlib.h>
#include <string.h>

#include "present.h"

void present_json_num(cJSON *o, const char *k, double v)
{
    if (isnan(v) || isinf(v))
        cJSON_AddNullToObject(o, k);
    else
        cJSON_AddNumberToObject(o, k, v == 0 ? 0 : v); /* full precision; no "-0" */
}

typedef struct jbuf {
    char *p;
    size_t n, cap;
    size_t bad; /* bytes that were not UTF-8, written as U+FFFD */
    bool oom;
} jbuf;

static bool reserve(jbuf *b, size_t n)
{
    if (b->n + n + 1 <= b->cap)
        return true;
    if (b->oom)
        return false;
    size_t cap = b->cap ? b->cap : 4096;
    while (cap < b->n + n + 1)
        cap *= 2;
    char *p = realloc(b->p, cap);
    if (!p) {
        b->oom = true;
        return false;
    }
    b->p = p;
    b->cap = cap;
    return true;
}

static inline void put(jbuf *b, const char *s, size_t n)
{
    if (reserve(b, n)) {
        memcpy(b->p + b->n, s, n);
        b->n += n;
    }
}

static void put_c(jbuf *b, char c) { put(b, &c, 1); }

static void put_tabs(jbuf *b, size_t n)
{
    static const char tabs[] = "\t\t\t\t\t\t\t\t\t\t\t\t\t\t\t\t";
    for (; n > 16; n -= 16)
        put(b, tabs, 16);
    put(b, tabs, n);
}

/* A string as cJSON escapes it ("\\\"\b\f\n\r\t", other controls as \u00XX); a byte that is
 * not part of a UTF-8 sequence becomes U+FFFD (migdip_utf8_repair). */
static void put_string(jbuf *b, const char *s)
{
    if (!s) {
        put(b, "\"\"", 2);
        return;
    }
    const unsigned char *q = (const unsigned char *)s;
    while (*q >= 0x20 && *q < 0x80 && *q != '"' && *q != '\\')
        q++;
    if (!*q) { /* nothing to escape or repair: most keys and names */
        size_t n = (size_t)(q - (const unsigned char *)s);
        if (reserve(b, n + 2)) {
            b->p[b->n] = '"';
            memcpy(b->p + b->n + 1, s, n);
            b->p[b->n + n + 1] = '"';
            b->n += n + 2;
        }
        return;
    }
    char *fixed = NULL;
    for (; *q; q++)
        if (*q >= 0x80) {
            size_t bad = 0;
            if (!(fixed = migdip_utf8_repair(s, &bad))) {
                b->oom = true;
                return;
            }
            b->bad += bad;
            s = fixed;
            break;
        }
    put_c(b, '"');
    const char *run = s;
    for (const char *e = s;; e++) {
        unsigned char c = (unsigned char)*e;
        if (c >= 0x20 && c != '"' && c != '\\')
            continue;
        put(b, run, (size_t)(e - run));
        if (!c)
            break;
        char esc[8];
        switch (c) {
        case '"': put(b, "\\\"", 2); break;
        case '\\': put(b, "\\\\", 2); break;
        case '\b': put(b, "\\b", 2); break;
        case '\f': put(b, "\\f", 2); break;
        case '\n': put(b, "\\n", 2); break;
        case '\r': put(b, "\\r", 2); break;
        case '\t': put(b, "\\t", 2); break;
        default:
            snprintf(esc, sizeof esc, "\\u%04x", c);
            put(b, esc, 6);
        }
        run = e + 1;
    }
    put_c(b, '"');
    migdip_free(fixed);
}

/* cJSON's print_value: depth is the depth of the enclosing array or object. */
static void put_value(jbuf *b, const cJSON *j, bool pretty, size_t depth)
{
    char num[32];
    switch (j->type & 0xFF) {
    case cJSON_NULL: put(b, "null", 4); break;
    case cJSON_False: put(b, "false", 5); break;
    case cJSON_True: put(b, "true", 4); break;
    case cJSON_Number:
        migdip_number_format(num, sizeof num, j->valuedouble, MIGDIP_NUMBER_JSON);
        put(b, num, strlen(num));
        break;
    case cJSON_Raw:
        if (j->valuestring)
            put(b, j->valuestring, strlen(j->valuestring));
        break;
    case cJSON_String: put_string(b, j->valuestring); break;
    case cJSON_Array:
        put_c(b, '[');
        for (const cJSON *c = j->child; c; c = c->next) {
            put_value(b, c, pretty, depth + 1);
            if (c->next)
                put(b, ", ", pretty ? 2 : 1);
        }
        put_c(b, ']');
        break;
    case cJSON_Object:
        put(b, "{\n", pretty ? 2 : 1);
        for (const cJSON *c = j->child; c; c = c->next) {
            if (pretty)
                put_tabs(b, depth + 1);
            put_string(b, c->string);
            put(b, ":\t", pretty ? 2 : 1);
            put_value(b, c, pretty, depth + 1);
            if (c->next)
                put_c(b, ',');
            if (pretty)
                put_c(b, '\n');
        }
        if (pretty)
            put_tabs(b, depth);
        put_c(b, '}');
        break;
    default: break;
    }
}

char *present_json_text(const cJSON *j, bool pretty, size_t *n_bad)
{
    jbuf b = {0};
    put_value(&b, j, pretty, 0);
    if (b.oom || !reserve(&b, 0)) {
        free(b.p);
        return NULL;
    }
    b.p[b.n] = '\0';
    if (n_bad)
        *n_bad = b.bad;
    return b.p; /* migdip_free is free() */
}

/* The streamed array: its state between pieces. */
struct present_json_stream {
    FILE *f;
    bool pretty, any, failed;
    jbuf b; /* the item being written, kept for the next */
};

present_json_stream *present_json_stream_open(FILE *f, bool pretty)
{
    present_json_stream *s = calloc(1, sizeof *s);
    if (!s)
        return NULL;
    s->f = f;
    s->pretty = pretty;
    fputc('[', f);
    return s;
}

bool present_json_stream_item(present_json_stream *s, const cJSON *item)
{
    jbuf *b = &s->b;
    b->n = 0;
    if (s->any)
        put(b, ", ", s->pretty ? 2 : 1);
    put_value(b, item, s->pretty, 1);
    if (b->oom)
        return !(s->failed = true);
    s->any = true;
    fwrite(b->p, 1, b->n, s->f);
    return true;
}

bool present_json_stream_close(present_json_stream *s, size_t *n_bad)
{
    if (!s)
        return false;
    fputc(']', s->f);
    bool ok = !s->failed && !ferror(s->f);
    if (n_bad)
        *n_bad = s->b.bad;
    free(s->b.p);
    free(s);
    return ok;
}
