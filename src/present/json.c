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

/* The bytes a JSON string holds as they are: printable ASCII but the quote and the backslash. */
static const bool PLAIN[256] = {
    0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0,
    0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0,
    1, 1, 0, 1, 1, 1, 1, 1, 1, 1, 1, 1, 1, 1, 1, 1,
    1, 1, 1, 1, 1, 1, 1, 1, 1, 1, 1, 1, 1, 1, 1, 1,
    1, 1, 1, 1, 1, 1, 1, 1, 1, 1, 1, 1, 1, 1, 1, 1,
    1, 1, 1, 1, 1, 1, 1, 1, 1, 1, 1, 1, 0, 1, 1, 1,
    1, 1, 1, 1, 1, 1, 1, 1, 1, 1, 1, 1, 1, 1, 1, 1,
    1, 1, 1, 1, 1, 1, 1, 1, 1, 1, 1, 1, 1, 1, 1, 1,
    /* 0x80 and above: 0 */
};

typedef struct jbuf {
    char *p;
    size_t n, cap;
    size_t bad; /* bytes that were not UTF-8, written as U+FFFD */
    bool oom;
} jbuf;

static bool grow(jbuf *b, size_t n)
{
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

/* Room for n more bytes and a NUL. */
static inline bool reserve(jbuf *b, size_t n) { return b->n + n + 1 <= b->cap || grow(b, n); }

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
    while (PLAIN[*q])
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

/* ---------------------------------------------------------------- the writer
 * Text: the bytes put_value gives for the tree the same calls build. An object at depth D (of
 * put_value) is "{", then each member as ",\n" (no comma before the first) D+1 tabs, key,
 * ":\t", value, then "\n" D tabs "}"; compact: no newlines nor tabs. */

struct present_jtext {
    jbuf b;
};

void present_jw_tree(present_jw *w) { *w = (present_jw){0}; }

cJSON *present_jw_tree_done(present_jw *w)
{
    if (w->oom || w->n) {
        cJSON_Delete(w->root);
        w->root = NULL;
        return NULL;
    }
    return w->root;
}

/* Text: what comes before a member of the open object: the separator, the indent and the key
 * (nothing for the root). */
static void text_key(present_jw *w, const char *key)
{
    if (!w->n)
        return;
    jbuf *b = &w->text->b;
    size_t lvl = (size_t)w->base + (size_t)w->n;
    bool any = w->any[w->n - 1];
    w->any[w->n - 1] = true;
    const unsigned char *q = (const unsigned char *)key;
    while (PLAIN[*q])
        q++;
    size_t n = (size_t)(q - (const unsigned char *)key);
    if (*q || lvl > 8 || !reserve(b, n + 16)) { /* a key to escape or repair, deep, out of memory */
        if (any)
            put_c(b, ',');
        if (w->pretty) {
            put_c(b, '\n');
            put_tabs(b, lvl);
        }
        put_string(b, key);
        put(b, ":\t", w->pretty ? 2 : 1);
        return;
    }
    char *o = b->p + b->n;
    if (any)
        *o++ = ',';
    if (w->pretty) {
        *o++ = '\n';
        memcpy(o, "\t\t\t\t\t\t\t\t", 8); /* lvl <= 8 of them */
        o += lvl;
    }
    *o++ = '"';
    memcpy(o, key, n);
    o += n;
    *o++ = '"';
    *o++ = ':';
    if (w->pretty)
        *o++ = '\t';
    b->n = (size_t)(o - b->p);
}

/* Tree: v added under key to the open object (the root if none is open). */
static void tree_add(present_jw *w, const char *key, cJSON *v)
{
    if (!v) {
        w->oom = true;
        return;
    }
    if (!w->n) {
        if (w->root) { /* one root only */
            cJSON_Delete(v);
            w->oom = true;
            return;
        }
        w->root = v;
    } else if (!w->obj[w->n - 1] || !cJSON_AddItemToObject(w->obj[w->n - 1], key, v)) {
        cJSON_Delete(v);
        w->oom = true;
    }
}

void present_jw_begin(present_jw *w, const char *key)
{
    if (w->n >= PRESENT_JW_DEPTH) { /* a builder's bug: the shapes are shallow */
        w->oom = true;
        return;
    }
    if (w->text) {
        text_key(w, key);
        put_c(&w->text->b, '{');
        w->any[w->n] = false;
    } else {
        cJSON *o = cJSON_CreateObject();
        tree_add(w, key, o);
        w->obj[w->n] = w->oom ? NULL : o;
    }
    w->n++;
}

void present_jw_end(present_jw *w)
{
    if (!w->n)
        return;
    w->n--;
    if (w->text) {
        jbuf *b = &w->text->b;
        if (w->pretty) {
            put_c(b, '\n');
            put_tabs(b, (size_t)w->base + (size_t)w->n);
        }
        put_c(b, '}');
    }
}

/* v as cJSON_AddNumberToObject's number prints (NaN and infinities as null) */
static void text_number(present_jw *w, double v)
{
    jbuf *b = &w->text->b;
    if (reserve(b, 32)) {
        migdip_number_format(b->p + b->n, 32, v, MIGDIP_NUMBER_JSON);
        b->n += strlen(b->p + b->n);
    }
}

void present_jw_number(present_jw *w, const char *key, double v)
{
    if (w->text) {
        text_key(w, key);
        text_number(w, v);
    } else
        tree_add(w, key, cJSON_CreateNumber(v));
}

void present_jw_num(present_jw *w, const char *key, double v)
{
    if (isnan(v) || isinf(v))
        present_jw_null(w, key);
    else
        present_jw_number(w, key, v == 0 ? 0 : v);
}

void present_jw_str(present_jw *w, const char *key, const char *s)
{
    if (!s) /* as cJSON_AddStringToObject: no string, no member */
        return;
    if (w->text) {
        text_key(w, key);
        put_string(&w->text->b, s);
    } else
        tree_add(w, key, cJSON_CreateString(s));
}

void present_jw_null(present_jw *w, const char *key)
{
    if (w->text) {
        text_key(w, key);
        put(&w->text->b, "null", 4);
    } else
        tree_add(w, key, cJSON_CreateNull());
}

void present_jw_bool(present_jw *w, const char *key, bool v)
{
    if (w->text) {
        text_key(w, key);
        put(&w->text->b, v ? "true" : "false", v ? 4 : 5);
    } else
        tree_add(w, key, cJSON_CreateBool(v));
}

/* ---------------------------------------------------------------- the streamed array */

struct present_json_stream {
    FILE *f; /* NULL: the text is kept in memory */
    bool pretty, any, failed;
    struct present_jtext t; /* the item being written (f), or the whole text */
    size_t item;            /* where the item being written starts */
    present_jw w;
};

present_json_stream *present_json_stream_open(FILE *f, bool pretty)
{
    present_json_stream *s = calloc(1, sizeof *s);
    if (!s)
        return NULL;
    s->f = f;
    s->pretty = pretty;
    if (f)
        fputc('[', f);
    else
        put_c(&s->t.b, '[');
    return s;
}

present_jw *present_json_stream_next(present_json_stream *s)
{
    jbuf *b = &s->t.b;
    if (s->f)
        b->n = 0;
    s->item = b->n;
    if (s->any)
        put(b, ", ", s->pretty ? 2 : 1);
    s->w = (present_jw){.text = &s->t, .pretty = s->pretty, .base = 1};
    return &s->w;
}

bool present_json_stream_done(present_json_stream *s)
{
    jbuf *b = &s->t.b;
    if (b->oom || s->w.oom || s->w.n) {
        b->n = s->item;
        return !(s->failed = true);
    }
    s->any = true;
    if (s->f) {
        fwrite(b->p, 1, b->n, s->f);
        b->n = 0;
    }
    return true;
}

bool present_json_stream_close(present_json_stream *s, size_t *n_bad)
{
    if (!s)
        return false;
    bool ok = !s->failed;
    if (s->f) {
        fputc(']', s->f);
        ok = ok && !ferror(s->f);
    }
    if (n_bad)
        *n_bad = s->t.b.bad;
    free(s->t.b.p);
    free(s);
    return ok;
}

present_json_stream *present_json_part_open(bool pretty)
{
    present_json_stream *p = calloc(1, sizeof *p);
    if (p)
        p->pretty = pretty;
    return p;
}

void present_json_part_reset(present_json_stream *p, bool after_items)
{
    p->t.b.n = 0;
    p->t.b.bad = 0;
    p->any = after_items;
    p->failed = false;
}

bool present_json_part_append(present_json_stream *s, present_json_stream *p)
{
    if (!s)
        return false;
    if (!p || p->failed || p->t.b.oom) {
        s->failed = true;
        return false;
    }
    if (s->f)
        fwrite(p->t.b.p, 1, p->t.b.n, s->f);
    else
        put(&s->t.b, p->t.b.p, p->t.b.n);
    s->t.b.bad += p->t.b.bad;
    s->any = s->any || (p->t.b.n > 0);
    return !s->t.b.oom;
}

void present_json_part_free(present_json_stream *p)
{
    if (p)
        free(p->t.b.p);
    free(p);
}

char *present_json_stream_text(present_json_stream *s, size_t *n_bad)
{
    if (!s)
        return NULL;
    jbuf *b = &s->t.b;
    put_c(b, ']');
    char *text = NULL;
    if (!s->failed && !b->oom && reserve(b, 0)) {
        b->p[b->n] = '\0';
        text = b->p;
        b->p = NULL;
    }
    if (n_bad)
        *n_bad = b->bad;
    free(b->p);
    free(s);
    return text;
}
