/* xlsx.c - streaming .xlsx reader on libzip + expat.
 *
 * Package parts are located through relationships (_rels/.rels -> workbook -> its .rels),
 * element names are matched on their local part (prefixes such as "x:" are stripped), and
 * every part is fed to expat in fixed chunks straight from zip_fread: only the shared
 * strings and the current row are held in memory. */
#ifndef _GNU_SOURCE
#define _GNU_SOURCE 1 /* strtod_l, newlocale: numbers must not depend on the caller's locale */
#endif
#include "formats/xlsx.h"

#include <expat.h>
#include <locale.h>
#include <math.h>
#include <stdarg.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <strings.h>
#include <zip.h>

#include "util/grow.h"
#include "util/text.h"

#define XML_CHUNK (64 * 1024)
#define MAX_SHARED_POOL_BYTES ((size_t)256 << 20) /* all shared strings together */
#define MAX_ROW_TEXT_BYTES ((size_t)64 << 20)     /* inline text held for one row */
#define MAX_PART_ENTRIES 100000                   /* sheets or relationships in one part */
#define MEMORY_NAME "<memory>"

typedef struct xlsx_sheet {
    char *name;
    char *rel_id; /* r:id in workbook.xml; NULL if absent */
    char *part;   /* zip entry name resolved through the workbook rels; NULL if unresolved */
} xlsx_sheet;

typedef struct xlsx_rel {
    char *id;
    char *type;
    char *part; /* resolved target */
} xlsx_rel;

struct xlsx_book {
    char *path;          /* as given to mg_xlsx_open, for messages */
    void *mem_copy;      /* mg_xlsx_open_mem: our copy of the caller's bytes */
    zip_t *zip;
    locale_t c_locale;   /* "C" numeric locale for strtod_l */
    xlsx_sheet *sheets;
    size_t n_sheets, sheets_cap;
    char *sst_pool;      /* shared strings, each NUL-terminated, back to back */
    size_t sst_pool_len, sst_pool_cap;
    size_t *sst_off;     /* sst_off[i] = start of string i; sst_off[n_sst] = end */
    size_t n_sst, sst_off_cap;
};

/* ---------------------------------------------------------------- small helpers */

/* Make room for need elements of size elem in *ptr (capacity *cap; mg_grow). 0 on success. */
static int grow(void **ptr, size_t *cap, size_t need, size_t elem)
{
    void *p = mg_grow(*ptr, cap, need, elem);
    if (!p)
        return -1;
    *ptr = p;
    return 0;
}

/* The element or attribute name without its namespace prefix ("x:row" -> "row"). */
static const char *local_name(const XML_Char *name)
{
    const char *colon = strrchr(name, ':');
    return colon ? colon + 1 : name;
}

/* Value of the attribute whose local name is want, or NULL. */
static const char *attr_get(const XML_Char **attrs, const char *want)
{
    for (size_t i = 0; attrs[i]; i += 2)
        if (strcmp(local_name(attrs[i]), want) == 0)
            return attrs[i + 1];
    return NULL;
}

static int ends_with(const char *s, const char *suffix)
{
    size_t ls = strlen(s), lx = strlen(suffix);
    return ls >= lx && strcmp(s + ls - lx, suffix) == 0;
}

static int is_space(char c)
{
    return c == ' ' || c == '\t' || c == '\n' || c == '\r';
}

static int hex_value(char c)
{
    if (c >= '0' && c <= '9')
        return c - '0';
    if (c >= 'a' && c <= 'f')
        return c - 'a' + 10;
    if (c >= 'A' && c <= 'F')
        return c - 'A' + 10;
    return -1;
}

/* Undo the OOXML "_xHHHH_" escapes (ST_Xstring) in place; returns the new length. Code
 * points 0 and surrogates are left as written, so the result never holds a NUL byte. */
static size_t unescape_xstring(char *s, size_t len)
{
    if (!memchr(s, '_', len))
        return len;
    size_t in = 0, out = 0;
    while (in < len) {
        if (s[in] == '_' && in + 7 <= len && s[in + 1] == 'x' && s[in + 6] == '_') {
            int h0 = hex_value(s[in + 2]), h1 = hex_value(s[in + 3]);
            int h2 = hex_value(s[in + 4]), h3 = hex_value(s[in + 5]);
            if (h0 >= 0 && h1 >= 0 && h2 >= 0 && h3 >= 0) {
                unsigned cp = (unsigned)(h0 << 12 | h1 << 8 | h2 << 4 | h3);
                if (cp != 0 && (cp < 0xD800 || cp > 0xDFFF)) {
                    if (cp < 0x80) {
                        s[out++] = (char)cp;
                    } else if (cp < 0x800) {
                        s[out++] = (char)(0xC0 | cp >> 6);
                        s[out++] = (char)(0x80 | (cp & 0x3F));
                    } else {
                        s[out++] = (char)(0xE0 | cp >> 12);
                        s[out++] = (char)(0x80 | ((cp >> 6) & 0x3F));
                        s[out++] = (char)(0x80 | (cp & 0x3F));
                    }
                    in += 7;
                    continue;
                }
            }
        }
        s[out++] = s[in++];
    }
    return out;
}

/* Resolve a relationship target against the directory of its source part ("xl/"):
 * "worksheets/a.xml" -> "xl/worksheets/a.xml", "/xl/a.xml" -> "xl/a.xml", ".." pops.
 * Returns a malloc'd string or NULL when out of memory. */
static char *resolve_target(const char *base_dir, const char *target)
{
    size_t cap = strlen(base_dir) + strlen(target) + 2;
    char *joined = malloc(cap);
    char *out = malloc(cap);
    if (!joined || !out) {
        free(joined);
        free(out);
        return NULL;
    }
    if (target[0] == '/')
        snprintf(joined, cap, "%s", target + 1);
    else
        snprintf(joined, cap, "%s%s", base_dir, target);
    size_t out_len = 0;
    for (char *seg = joined; seg;) {
        char *slash = strchr(seg, '/');
        if (slash)
            *slash = '\0';
        if (strcmp(seg, "..") == 0) {
            while (out_len > 0 && out[out_len - 1] != '/')
                out_len--;           /* drop the last segment ... */
            if (out_len > 0)
                out_len--;           /* ... and its slash */
        } else if (seg[0] != '\0' && strcmp(seg, ".") != 0) {
            if (out_len > 0)
                out[out_len++] = '/';
            size_t seg_len = strlen(seg);
            memcpy(out + out_len, seg, seg_len);
            out_len += seg_len;
        }
        seg = slash ? slash + 1 : NULL;
    }
    out[out_len] = '\0';
    free(joined);
    return out;
}

/* Directory part of a zip entry name including its trailing slash ("xl/workbook.xml" ->
 * "xl/"), malloc'd; "" for a top-level name. */
static char *dir_of(const char *part)
{
    const char *slash = strrchr(part, '/');
    size_t n = slash ? (size_t)(slash - part) + 1 : 0;
    char *dir = malloc(n + 1);
    if (dir) {
        memcpy(dir, part, n);
        dir[n] = '\0';
    }
    return dir;
}

/* Index of a part in the zip, matching case-insensitively when the exact name is absent
 * (OPC part names are case-insensitive). -1 if missing. */
static zip_int64_t locate_part(const xlsx_book *b, const char *part)
{
    zip_int64_t idx = zip_name_locate(b->zip, part, 0);
    if (idx < 0)
        idx = zip_name_locate(b->zip, part, ZIP_FL_NOCASE);
    return idx;
}

/* ---------------------------------------------------------------- streaming one part */

/* State shared by every part parser; each specific parser embeds it as its first member
 * and receives a pointer to itself as expat user data. */
typedef struct part_parser {
    XML_Parser xp;
    xlsx_book *book;
    const char *label;   /* what the messages call this part: "xl/workbook.xml", ... */
    mg_err *err;
    migdip_status rc;    /* set by fail() */
    int halted;          /* fail() or an early stop: ignore further events */
    int stopped_early;   /* the row callback asked to stop: not an error */
} part_parser;

/* Record an error "path: <message>", stop the parser. */
static void fail(part_parser *pp, migdip_status rc, const char *fmt, ...)
    __attribute__((format(printf, 3, 4)));
static void fail(part_parser *pp, migdip_status rc, const char *fmt, ...)
{
    if (pp->halted)
        return;
    char msg[MG_ERRMSG_MAX];
    va_list ap;
    va_start(ap, fmt);
    vsnprintf(msg, sizeof msg, fmt, ap);
    va_end(ap);
    mg_err_set(pp->err, rc, "%s: %s", pp->book->path, msg);
    pp->rc = rc;
    pp->halted = 1;
    XML_StopParser(pp->xp, XML_FALSE);
}

static void XMLCALL on_doctype(void *ud, const XML_Char *name, const XML_Char *sysid,
                               const XML_Char *pubid, int has_internal_subset)
{
    (void)name;
    (void)sysid;
    (void)pubid;
    (void)has_internal_subset;
    part_parser *pp = ud;
    fail(pp, MIGDIP_ERR_PARSE, "%s: DTD not allowed in an xlsx part", pp->label);
}

/* Feed zip entry index to expat in XML_CHUNK pieces, with the handlers given; pp is the
 * user data. Returns pp->rc when a handler failed, MIGDIP_OK on success or early stop. */
static migdip_status stream_part(xlsx_book *b, zip_int64_t index, part_parser *pp,
                                 XML_StartElementHandler on_start, XML_EndElementHandler on_end,
                                 XML_CharacterDataHandler on_text, mg_err *err)
{
    migdip_status rc = MIGDIP_OK;
    zip_file_t *zf = NULL;
    XML_Parser xp = XML_ParserCreate(NULL);
    if (!xp) {
        rc = mg_err_set(err, MIGDIP_ERR_NOMEM, "%s: %s: out of memory", b->path, pp->label);
        goto cleanup;
    }
    pp->xp = xp;
    pp->book = b;
    pp->err = err;
    XML_SetUserData(xp, pp);
    XML_SetElementHandler(xp, on_start, on_end);
    XML_SetCharacterDataHandler(xp, on_text);
    XML_SetStartDoctypeDeclHandler(xp, on_doctype);

    zf = zip_fopen_index(b->zip, (zip_uint64_t)index, 0);
    if (!zf) {
        rc = mg_err_set(err, MIGDIP_ERR_PARSE, "%s: %s: cannot open in the zip: %s", b->path,
                        pp->label, zip_strerror(b->zip));
        goto cleanup;
    }
    for (;;) {
        void *chunk = XML_GetBuffer(xp, XML_CHUNK);
        if (!chunk) {
            rc = mg_err_set(err, MIGDIP_ERR_NOMEM, "%s: %s: out of memory", b->path, pp->label);
            goto cleanup;
        }
        zip_int64_t got = zip_fread(zf, chunk, XML_CHUNK);
        if (got < 0) {
            /* the disk failing is not the archive being damaged */
            int why = zip_error_code_zip(zip_file_get_error(zf));
            if (why == ZIP_ER_READ || why == ZIP_ER_SEEK)
                rc = mg_err_set(err, MIGDIP_ERR_IO, "%s: %s: cannot read: %s", b->path, pp->label,
                                zip_file_strerror(zf));
            else
                rc = mg_err_set(err, MIGDIP_ERR_PARSE, "%s: %s: corrupted zip entry: %s", b->path,
                                pp->label, zip_file_strerror(zf));
            goto cleanup;
        }
        if (XML_ParseBuffer(xp, (int)got, got == 0) == XML_STATUS_ERROR) {
            if (pp->halted) {
                rc = pp->rc;
            } else {
                rc = mg_err_set(err, MIGDIP_ERR_PARSE, "%s: %s: XML error at line %lu: %s",
                                b->path, pp->label, (unsigned long)XML_GetCurrentLineNumber(xp),
                                XML_ErrorString(XML_GetErrorCode(xp)));
            }
            goto cleanup;
        }
        if (pp->halted) { /* stop requested from the last handler of a chunk */
            rc = pp->rc;
            goto cleanup;
        }
        if (got == 0)
            break;
    }

cleanup:
    if (zf)
        zip_fclose(zf);
    if (xp)
        XML_ParserFree(xp);
    pp->xp = NULL;
    return rc;
}

/* ---------------------------------------------------------------- relationships */

typedef struct rels_parser {
    part_parser pp;
    const char *base_dir; /* directory of the source part, for relative targets */
    xlsx_rel *rels;
    size_t n_rels, rels_cap;
} rels_parser;

static void rels_free(xlsx_rel *rels, size_t n)
{
    for (size_t i = 0; i < n; i++) {
        free(rels[i].id);
        free(rels[i].type);
        free(rels[i].part);
    }
    free(rels);
}

static void XMLCALL rels_on_start(void *ud, const XML_Char *name, const XML_Char **attrs)
{
    rels_parser *rp = ud;
    if (rp->pp.halted || strcmp(local_name(name), "Relationship") != 0)
        return;
    const char *id = attr_get(attrs, "Id");
    const char *type = attr_get(attrs, "Type");
    const char *target = attr_get(attrs, "Target");
    const char *mode = attr_get(attrs, "TargetMode");
    if (!id || !type || !target || (mode && strcmp(mode, "External") == 0))
        return;
    if (rp->n_rels >= MAX_PART_ENTRIES) {
        fail(&rp->pp, MIGDIP_ERR_LIMIT, "%s: more than %d relationships", rp->pp.label,
             MAX_PART_ENTRIES);
        return;
    }
    if (grow((void **)&rp->rels, &rp->rels_cap, rp->n_rels + 1, sizeof *rp->rels) != 0) {
        fail(&rp->pp, MIGDIP_ERR_NOMEM, "%s: out of memory", rp->pp.label);
        return;
    }
    xlsx_rel *rel = &rp->rels[rp->n_rels];
    rel->id = strdup(id);
    rel->type = strdup(type);
    rel->part = resolve_target(rp->base_dir, target);
    rp->n_rels++; /* counted even if incomplete so that rels_free releases it */
    if (!rel->id || !rel->type || !rel->part)
        fail(&rp->pp, MIGDIP_ERR_NOMEM, "%s: out of memory", rp->pp.label);
}

/* Parse the relationships part rels_part of source part source_part. A missing rels part
 * gives an empty list when optional, an error otherwise. */
static migdip_status read_rels(xlsx_book *b, const char *rels_part, const char *source_part,
                               int optional, xlsx_rel **rels_out, size_t *n_out, mg_err *err)
{
    migdip_status rc = MIGDIP_OK;
    rels_parser rp = {0};
    rp.pp.label = rels_part;
    rp.base_dir = dir_of(source_part);
    *rels_out = NULL;
    *n_out = 0;
    if (!rp.base_dir) {
        rc = mg_err_set(err, MIGDIP_ERR_NOMEM, "%s: out of memory", b->path);
        goto cleanup;
    }
    zip_int64_t idx = locate_part(b, rels_part);
    if (idx < 0) {
        if (!optional)
            rc = mg_err_set(err, MIGDIP_ERR_SCHEMA, "%s: %s: part missing from the archive",
                            b->path, rels_part);
        goto cleanup;
    }
    rc = stream_part(b, idx, &rp.pp, rels_on_start, NULL, NULL, err);
    if (rc != MIGDIP_OK)
        goto cleanup;
    *rels_out = rp.rels;
    *n_out = rp.n_rels;
    rp.rels = NULL;
    rp.n_rels = 0;

cleanup:
    rels_free(rp.rels, rp.n_rels);
    free((char *)rp.base_dir);
    return rc;
}

/* Name of the relationships part of a part: "xl/workbook.xml" -> "xl/_rels/workbook.xml.rels". */
static char *rels_name_of(const char *part)
{
    const char *slash = strrchr(part, '/');
    size_t dir_len = slash ? (size_t)(slash - part) + 1 : 0;
    size_t cap = strlen(part) + sizeof "_rels/" + sizeof ".rels";
    char *name = malloc(cap);
    if (name)
        snprintf(name, cap, "%.*s_rels/%s.rels", (int)dir_len, part, part + dir_len);
    return name;
}

/* ---------------------------------------------------------------- workbook.xml */

typedef struct workbook_parser {
    part_parser pp;
    int in_sheets;
} workbook_parser;

static void XMLCALL workbook_on_start(void *ud, const XML_Char *name, const XML_Char **attrs)
{
    workbook_parser *wp = ud;
    xlsx_book *b = wp->pp.book;
    if (wp->pp.halted)
        return;
    const char *local = local_name(name);
    if (strcmp(local, "sheets") == 0) {
        wp->in_sheets = 1;
        return;
    }
    if (!wp->in_sheets || strcmp(local, "sheet") != 0)
        return;
    if (b->n_sheets >= MAX_PART_ENTRIES) {
        fail(&wp->pp, MIGDIP_ERR_LIMIT, "%s: more than %d sheets", wp->pp.label,
             MAX_PART_ENTRIES);
        return;
    }
    if (grow((void **)&b->sheets, &b->sheets_cap, b->n_sheets + 1, sizeof *b->sheets) != 0) {
        fail(&wp->pp, MIGDIP_ERR_NOMEM, "%s: out of memory", wp->pp.label);
        return;
    }
    const char *sheet_name = attr_get(attrs, "name");
    const char *rel_id = attr_get(attrs, "id"); /* r:id */
    xlsx_sheet *sh = &b->sheets[b->n_sheets++];
    sh->name = strdup(sheet_name ? sheet_name : "");
    sh->rel_id = rel_id ? strdup(rel_id) : NULL;
    sh->part = NULL;
    if (!sh->name || (rel_id && !sh->rel_id))
        fail(&wp->pp, MIGDIP_ERR_NOMEM, "%s: out of memory", wp->pp.label);
}

static void XMLCALL workbook_on_end(void *ud, const XML_Char *name)
{
    workbook_parser *wp = ud;
    if (strcmp(local_name(name), "sheets") == 0)
        wp->in_sheets = 0;
}

/* ---------------------------------------------------------------- sharedStrings.xml */

typedef struct sst_parser {
    part_parser pp;
    int in_si;
    int in_t;
    int rph_depth;    /* inside <rPh> (phonetic run): its text is not part of the string */
    size_t cur_start; /* pool offset where the current <si> began */
} sst_parser;

static int sst_append(xlsx_book *b, const char *s, size_t len)
{
    if (grow((void **)&b->sst_pool, &b->sst_pool_cap, b->sst_pool_len + len, 1) != 0)
        return -1;
    memcpy(b->sst_pool + b->sst_pool_len, s, len);
    b->sst_pool_len += len;
    return 0;
}

static void XMLCALL sst_on_start(void *ud, const XML_Char *name, const XML_Char **attrs)
{
    (void)attrs;
    sst_parser *sp = ud;
    xlsx_book *b = sp->pp.book;
    if (sp->pp.halted)
        return;
    const char *local = local_name(name);
    if (strcmp(local, "si") == 0) {
        if (b->n_sst >= XLSX_MAX_SHARED_STRINGS) {
            fail(&sp->pp, MIGDIP_ERR_LIMIT, "%s: more than %u shared strings", sp->pp.label,
                 XLSX_MAX_SHARED_STRINGS);
            return;
        }
        sp->in_si = 1;
        sp->cur_start = b->sst_pool_len;
    } else if (strcmp(local, "rPh") == 0) {
        sp->rph_depth++;
    } else if (strcmp(local, "t") == 0 && sp->in_si && sp->rph_depth == 0) {
        sp->in_t = 1;
    }
}

static void XMLCALL sst_on_end(void *ud, const XML_Char *name)
{
    sst_parser *sp = ud;
    xlsx_book *b = sp->pp.book;
    if (sp->pp.halted)
        return;
    const char *local = local_name(name);
    if (strcmp(local, "t") == 0) {
        sp->in_t = 0;
    } else if (strcmp(local, "rPh") == 0) {
        if (sp->rph_depth > 0)
            sp->rph_depth--;
    } else if (strcmp(local, "si") == 0 && sp->in_si) {
        sp->in_si = 0;
        /* an empty string may come before any byte is in the pool (sst_pool still NULL) */
        size_t raw = b->sst_pool_len - sp->cur_start;
        size_t len = raw ? unescape_xstring(b->sst_pool + sp->cur_start, raw) : 0;
        b->sst_pool_len = sp->cur_start + len;
        if (sst_append(b, "", 1) != 0 ||
            grow((void **)&b->sst_off, &b->sst_off_cap, b->n_sst + 2, sizeof *b->sst_off) != 0) {
            fail(&sp->pp, MIGDIP_ERR_NOMEM, "%s: out of memory", sp->pp.label);
            return;
        }
        b->sst_off[b->n_sst] = sp->cur_start;
        b->sst_off[b->n_sst + 1] = b->sst_pool_len;
        b->n_sst++;
    }
}

static void XMLCALL sst_on_text(void *ud, const XML_Char *s, int len)
{
    sst_parser *sp = ud;
    xlsx_book *b = sp->pp.book;
    if (sp->pp.halted || !sp->in_t || len <= 0)
        return;
    if (b->sst_pool_len - sp->cur_start + (size_t)len > XLSX_MAX_STRING_BYTES) {
        fail(&sp->pp, MIGDIP_ERR_LIMIT, "%s: shared string %zu is longer than %u bytes",
             sp->pp.label, b->n_sst, XLSX_MAX_STRING_BYTES);
        return;
    }
    if (b->sst_pool_len + (size_t)len > MAX_SHARED_POOL_BYTES) {
        fail(&sp->pp, MIGDIP_ERR_LIMIT, "%s: shared strings exceed %zu MiB in total",
             sp->pp.label, MAX_SHARED_POOL_BYTES >> 20);
        return;
    }
    if (sst_append(b, s, (size_t)len) != 0)
        fail(&sp->pp, MIGDIP_ERR_NOMEM, "%s: out of memory", sp->pp.label);
}

/* ---------------------------------------------------------------- worksheets */

typedef enum cell_kind {
    KIND_NUMBER, KIND_SHARED, KIND_INLINE, KIND_STR, KIND_BOOL, KIND_ERROR, KIND_DATE
} cell_kind;

typedef struct pending_cell {
    uint32_t col;
    xlsx_type type;
    double num;
    const char *shared; /* points into the book's pool (stable), or NULL */
    size_t text_off;    /* otherwise: offset of the text in the row arena */
    size_t len;
} pending_cell;

typedef struct sheet_parser {
    part_parser pp;
    const char *sheet_name;
    xlsx_row_fn fn;
    void *fn_ud;
    int in_sheet_data, in_row, in_cell, in_v, in_is, in_t;
    int rph_depth;
    int collecting;          /* character data currently belongs to the cell's value */
    uint32_t row, prev_row;
    int row_from_ref;        /* row number came from <row r> or a cell reference */
    uint32_t col, prev_col;
    cell_kind kind;
    int has_value;
    size_t text_start;       /* arena offset where the current cell's text began */
    int sorted;              /* cells so far arrived in increasing column order */
    pending_cell *cells;
    size_t n_cells, cells_cap;
    char *arena;             /* text of the row's string cells, NUL-terminated */
    size_t arena_len, arena_cap;
    xlsx_cell *out;
    size_t out_cap;
} sheet_parser;

static void update_collecting(sheet_parser *sp)
{
    if (!sp->in_cell)
        sp->collecting = 0;
    else if (sp->kind == KIND_INLINE)
        sp->collecting = sp->in_is && sp->in_t && sp->rph_depth == 0;
    else
        sp->collecting = sp->in_v;
}

/* Parse "B17" into (row 17, col 2). 0 ok, -1 malformed, -2 beyond Excel's grid. */
static int parse_cellref(const char *ref, uint32_t *row, uint32_t *col)
{
    const char *p = ref;
    uint64_t c = 0, r = 0;
    int too_big = 0;
    while ((*p >= 'A' && *p <= 'Z') || (*p >= 'a' && *p <= 'z')) {
        int letter = (*p >= 'a' ? *p - 'a' : *p - 'A') + 1;
        c = c * 26 + (uint64_t)letter;
        if (c > XLSX_MAX_COL) {
            too_big = 1;
            c = XLSX_MAX_COL + 1;
        }
        p++;
    }
    if (p == ref || *p < '0' || *p > '9')
        return -1;
    for (; *p >= '0' && *p <= '9'; p++) {
        r = r * 10 + (uint64_t)(*p - '0');
        if (r > XLSX_MAX_ROW) {
            too_big = 1;
            r = XLSX_MAX_ROW + 1;
        }
    }
    if (*p != '\0' || r == 0)
        return -1;
    *row = (uint32_t)r;
    *col = (uint32_t)c;
    return too_big ? -2 : 0;
}

/* Parse a decimal row number. 0 ok, -1 malformed or zero, -2 over XLSX_MAX_ROW. */
static int parse_row_number(const char *s, uint32_t *row)
{
    uint64_t r = 0;
    const char *p = s;
    if (*p < '0' || *p > '9')
        return -1;
    for (; *p >= '0' && *p <= '9'; p++) {
        r = r * 10 + (uint64_t)(*p - '0');
        if (r > XLSX_MAX_ROW)
            return -2;
    }
    if (*p != '\0' || r == 0)
        return -1;
    *row = (uint32_t)r;
    return 0;
}

static void row_start(sheet_parser *sp, const XML_Char **attrs)
{
    const char *r = attr_get(attrs, "r");
    sp->in_row = 1;
    sp->n_cells = 0;
    sp->arena_len = 0;
    sp->prev_col = 0;
    sp->sorted = 1;
    if (r) {
        int bad = parse_row_number(r, &sp->row);
        if (bad == -2) {
            fail(&sp->pp, MIGDIP_ERR_LIMIT, "sheet \"%s\": row number %.20s is over %u",
                 sp->sheet_name, r, XLSX_MAX_ROW);
            return;
        }
        if (bad) {
            fail(&sp->pp, MIGDIP_ERR_PARSE, "sheet \"%s\": bad row number \"%.20s\" after row %u",
                 sp->sheet_name, r, sp->prev_row);
            return;
        }
        sp->row_from_ref = 1;
    } else {
        if (sp->prev_row >= XLSX_MAX_ROW) {
            fail(&sp->pp, MIGDIP_ERR_LIMIT, "sheet \"%s\": row number %u is over %u",
                 sp->sheet_name, sp->prev_row + 1, XLSX_MAX_ROW);
            return;
        }
        sp->row = sp->prev_row + 1;
        sp->row_from_ref = 0;
    }
}

static void cell_start(sheet_parser *sp, const XML_Char **attrs)
{
    char ref_buf[16];
    const char *r = attr_get(attrs, "r");
    const char *t = attr_get(attrs, "t");
    if (r) {
        uint32_t ref_row = 0, ref_col = 0;
        int bad = parse_cellref(r, &ref_row, &ref_col);
        if (bad == -2) {
            fail(&sp->pp, MIGDIP_ERR_LIMIT, "sheet \"%s\": cell reference \"%.20s\" beyond "
                 "%u rows x %u columns", sp->sheet_name, r, XLSX_MAX_ROW, XLSX_MAX_COL);
            return;
        }
        if (bad) {
            fail(&sp->pp, MIGDIP_ERR_PARSE, "sheet \"%s\" row %u: bad cell reference \"%.20s\"",
                 sp->sheet_name, sp->row, r);
            return;
        }
        if (!sp->row_from_ref) {
            sp->row = ref_row;
            sp->row_from_ref = 1;
        } else if (ref_row != sp->row) {
            fail(&sp->pp, MIGDIP_ERR_PARSE, "sheet \"%s\": cell %s is inside row %u",
                 sp->sheet_name, mg_xlsx_cellref(ref_buf, ref_row, ref_col), sp->row);
            return;
        }
        sp->col = ref_col;
    } else {
        if (sp->prev_col >= XLSX_MAX_COL) {
            fail(&sp->pp, MIGDIP_ERR_LIMIT, "sheet \"%s\" row %u: more than %u columns",
                 sp->sheet_name, sp->row, XLSX_MAX_COL);
            return;
        }
        sp->col = sp->prev_col + 1;
    }
    if (sp->col <= sp->prev_col)
        sp->sorted = 0;
    sp->prev_col = sp->col;

    if (!t || strcmp(t, "n") == 0)
        sp->kind = KIND_NUMBER;
    else if (strcmp(t, "s") == 0)
        sp->kind = KIND_SHARED;
    else if (strcmp(t, "inlineStr") == 0)
        sp->kind = KIND_INLINE;
    else if (strcmp(t, "str") == 0)
        sp->kind = KIND_STR;
    else if (strcmp(t, "b") == 0)
        sp->kind = KIND_BOOL;
    else if (strcmp(t, "e") == 0)
        sp->kind = KIND_ERROR;
    else if (strcmp(t, "d") == 0)
        sp->kind = KIND_DATE;
    else {
        fail(&sp->pp, MIGDIP_ERR_PARSE, "sheet \"%s\" cell %s: unknown cell type t=\"%.20s\"",
             sp->sheet_name, mg_xlsx_cellref(ref_buf, sp->row, sp->col), t);
        return;
    }
    sp->in_cell = 1;
    sp->has_value = 0;
    sp->text_start = sp->arena_len;
}

/* Text of the current cell, NUL-terminated in the arena (not counted in arena_len). */
static char *cell_text(sheet_parser *sp, size_t *len)
{
    if (grow((void **)&sp->arena, &sp->arena_cap, sp->arena_len + 1, 1) != 0)
        return NULL;
    sp->arena[sp->arena_len] = '\0';
    *len = sp->arena_len - sp->text_start;
    return sp->arena + sp->text_start;
}

/* Trim ASCII whitespace in place; returns the start and sets *len. */
static char *trim(char *s, size_t *len)
{
    size_t n = *len;
    while (n > 0 && is_space(*s)) {
        s++;
        n--;
    }
    while (n > 0 && is_space(s[n - 1]))
        n--;
    s[n] = '\0';
    *len = n;
    return s;
}

static void cell_end(sheet_parser *sp)
{
    char ref_buf[16], quote_buf[64];
    size_t len = 0;
    sp->in_cell = 0;
    sp->in_v = sp->in_is = sp->in_t = 0;
    sp->rph_depth = 0;
    sp->collecting = 0;
    char *text = cell_text(sp, &len);
    if (!text) {
        fail(&sp->pp, MIGDIP_ERR_NOMEM, "sheet \"%s\": out of memory", sp->sheet_name);
        return;
    }
    if (!sp->has_value) {
        sp->arena_len = sp->text_start;
        return;
    }
    pending_cell pc = {.col = sp->col, .type = XLSX_STRING, .text_off = sp->text_start};
    int keep_text = 0;
    switch (sp->kind) {
    case KIND_NUMBER: {
        size_t num_len = len;
        char *num_text = trim(text, &num_len);
        if (num_len == 0) { /* <v/>: no value */
            sp->arena_len = sp->text_start;
            return;
        }
        char *end = NULL;
        double value = strtod_l(num_text, &end, sp->pp.book->c_locale);
        if (end != num_text + num_len || !isfinite(value)) {
            fail(&sp->pp, MIGDIP_ERR_PARSE, "sheet \"%s\" cell %s: expected a number, got %s",
                 sp->sheet_name, mg_xlsx_cellref(ref_buf, sp->row, sp->col),
                 mg_err_quote(quote_buf, sizeof quote_buf, num_text, num_len));
            return;
        }
        pc.type = XLSX_NUMBER;
        pc.num = value;
        break;
    }
    case KIND_SHARED: {
        const xlsx_book *b = sp->pp.book;
        size_t idx_len = len;
        char *idx_text = trim(text, &idx_len);
        uint64_t idx = 0;
        int ok = idx_len > 0 && idx_len <= 12;
        for (size_t i = 0; ok && i < idx_len; i++) {
            if (idx_text[i] < '0' || idx_text[i] > '9')
                ok = 0;
            else
                idx = idx * 10 + (uint64_t)(idx_text[i] - '0');
        }
        if (!ok) {
            fail(&sp->pp, MIGDIP_ERR_PARSE, "sheet \"%s\" cell %s: expected a shared-string "
                 "index, got %s", sp->sheet_name, mg_xlsx_cellref(ref_buf, sp->row, sp->col),
                 mg_err_quote(quote_buf, sizeof quote_buf, idx_text, idx_len));
            return;
        }
        if (idx >= b->n_sst) {
            fail(&sp->pp, MIGDIP_ERR_PARSE, "sheet \"%s\" cell %s: shared-string index %llu out "
                 "of range (the workbook has %zu shared strings)", sp->sheet_name,
                 mg_xlsx_cellref(ref_buf, sp->row, sp->col), (unsigned long long)idx, b->n_sst);
            return;
        }
        pc.shared = b->sst_pool + b->sst_off[idx];
        pc.len = b->sst_off[idx + 1] - b->sst_off[idx] - 1;
        break;
    }
    case KIND_BOOL: {
        size_t bool_len = len;
        char *bool_text = trim(text, &bool_len);
        if (strcmp(bool_text, "1") == 0 || strcmp(bool_text, "true") == 0)
            pc.num = 1;
        else if (strcmp(bool_text, "0") == 0 || strcmp(bool_text, "false") == 0)
            pc.num = 0;
        else {
            fail(&sp->pp, MIGDIP_ERR_PARSE, "sheet \"%s\" cell %s: expected a boolean 0 or 1, "
                 "got %s", sp->sheet_name, mg_xlsx_cellref(ref_buf, sp->row, sp->col),
                 mg_err_quote(quote_buf, sizeof quote_buf, bool_text, bool_len));
            return;
        }
        pc.type = XLSX_BOOL;
        break;
    }
    case KIND_ERROR:
        pc.type = XLSX_ERROR;
        pc.len = len;
        keep_text = 1;
        break;
    case KIND_INLINE:
    case KIND_STR:
    case KIND_DATE:
        pc.len = unescape_xstring(text, len);
        keep_text = 1;
        break;
    }
    if (keep_text) {
        sp->arena_len = sp->text_start + pc.len + 1; /* keep the NUL */
        sp->arena[sp->arena_len - 1] = '\0';
    } else {
        sp->arena_len = sp->text_start;
    }
    if (sp->n_cells >= XLSX_MAX_COL) {
        fail(&sp->pp, MIGDIP_ERR_LIMIT, "sheet \"%s\" row %u: more than %u cells",
             sp->sheet_name, sp->row, XLSX_MAX_COL);
        return;
    }
    if (grow((void **)&sp->cells, &sp->cells_cap, sp->n_cells + 1, sizeof *sp->cells) != 0) {
        fail(&sp->pp, MIGDIP_ERR_NOMEM, "sheet \"%s\": out of memory", sp->sheet_name);
        return;
    }
    sp->cells[sp->n_cells++] = pc;
}

static int compare_pending(const void *a, const void *b)
{
    uint32_t ca = ((const pending_cell *)a)->col, cb = ((const pending_cell *)b)->col;
    return (ca > cb) - (ca < cb);
}

static void row_end(sheet_parser *sp)
{
    char ref_buf[16];
    sp->in_row = 0;
    sp->prev_row = sp->row;
    if (sp->n_cells == 0)
        return;
    if (!sp->sorted) {
        qsort(sp->cells, sp->n_cells, sizeof *sp->cells, compare_pending);
        for (size_t i = 1; i < sp->n_cells; i++) {
            if (sp->cells[i].col == sp->cells[i - 1].col) {
                fail(&sp->pp, MIGDIP_ERR_PARSE, "sheet \"%s\": cell %s appears twice",
                     sp->sheet_name, mg_xlsx_cellref(ref_buf, sp->row, sp->cells[i].col));
                return;
            }
        }
    }
    if (grow((void **)&sp->out, &sp->out_cap, sp->n_cells, sizeof *sp->out) != 0) {
        fail(&sp->pp, MIGDIP_ERR_NOMEM, "sheet \"%s\": out of memory", sp->sheet_name);
        return;
    }
    for (size_t i = 0; i < sp->n_cells; i++) {
        const pending_cell *pc = &sp->cells[i];
        xlsx_cell *cell = &sp->out[i];
        cell->row = sp->row;
        cell->col = pc->col;
        cell->type = pc->type;
        cell->num = pc->num;
        cell->len = pc->len;
        if (pc->type == XLSX_STRING || pc->type == XLSX_ERROR)
            cell->str = pc->shared ? pc->shared : sp->arena + pc->text_off;
        else
            cell->str = NULL;
    }
    if (sp->fn(sp->fn_ud, sp->row, sp->out, sp->n_cells) != 0) {
        sp->pp.stopped_early = 1;
        sp->pp.halted = 1;
        XML_StopParser(sp->pp.xp, XML_FALSE);
    }
    sp->n_cells = 0;
    sp->arena_len = 0;
}

static void XMLCALL sheet_on_start(void *ud, const XML_Char *name, const XML_Char **attrs)
{
    sheet_parser *sp = ud;
    if (sp->pp.halted)
        return;
    const char *local = local_name(name);
    if (sp->in_cell) {
        if (strcmp(local, "v") == 0) {
            sp->in_v = 1;
            if (sp->kind != KIND_INLINE)
                sp->has_value = 1;
        } else if (strcmp(local, "is") == 0) {
            sp->in_is = 1;
            if (sp->kind == KIND_INLINE)
                sp->has_value = 1;
        } else if (strcmp(local, "t") == 0) {
            sp->in_t = 1;
        } else if (strcmp(local, "rPh") == 0) {
            sp->rph_depth++;
        }
        update_collecting(sp);
    } else if (sp->in_row) {
        if (strcmp(local, "c") == 0)
            cell_start(sp, attrs);
    } else if (sp->in_sheet_data) {
        if (strcmp(local, "row") == 0)
            row_start(sp, attrs);
    } else if (strcmp(local, "sheetData") == 0) {
        sp->in_sheet_data = 1;
    }
}

static void XMLCALL sheet_on_end(void *ud, const XML_Char *name)
{
    sheet_parser *sp = ud;
    if (sp->pp.halted)
        return;
    const char *local = local_name(name);
    if (sp->in_cell) {
        if (strcmp(local, "c") == 0)
            cell_end(sp);
        else if (strcmp(local, "v") == 0)
            sp->in_v = 0;
        else if (strcmp(local, "is") == 0)
            sp->in_is = 0;
        else if (strcmp(local, "t") == 0)
            sp->in_t = 0;
        else if (strcmp(local, "rPh") == 0 && sp->rph_depth > 0)
            sp->rph_depth--;
        update_collecting(sp);
    } else if (sp->in_row) {
        if (strcmp(local, "row") == 0)
            row_end(sp);
    } else if (sp->in_sheet_data && strcmp(local, "sheetData") == 0) {
        sp->in_sheet_data = 0;
    }
}

static void XMLCALL sheet_on_text(void *ud, const XML_Char *s, int len)
{
    sheet_parser *sp = ud;
    char ref_buf[16];
    if (sp->pp.halted || !sp->collecting || len <= 0)
        return;
    if (sp->arena_len - sp->text_start + (size_t)len > XLSX_MAX_STRING_BYTES) {
        fail(&sp->pp, MIGDIP_ERR_LIMIT, "sheet \"%s\" cell %s: text longer than %u bytes",
             sp->sheet_name, mg_xlsx_cellref(ref_buf, sp->row, sp->col), XLSX_MAX_STRING_BYTES);
        return;
    }
    if (sp->arena_len + (size_t)len > MAX_ROW_TEXT_BYTES) {
        fail(&sp->pp, MIGDIP_ERR_LIMIT, "sheet \"%s\" row %u: text longer than %zu MiB",
             sp->sheet_name, sp->row, MAX_ROW_TEXT_BYTES >> 20);
        return;
    }
    if (grow((void **)&sp->arena, &sp->arena_cap, sp->arena_len + (size_t)len, 1) != 0) {
        fail(&sp->pp, MIGDIP_ERR_NOMEM, "sheet \"%s\": out of memory", sp->sheet_name);
        return;
    }
    memcpy(sp->arena + sp->arena_len, s, (size_t)len);
    sp->arena_len += (size_t)len;
}

/* Stream sheet index through fn row by row (see xlsx.h); MIGDIP_OK also after an early stop. */
migdip_status mg_xlsx_read_sheet(xlsx_book *b, size_t index, xlsx_row_fn fn, void *ud, mg_err *err)
{
    migdip_status rc = MIGDIP_OK;
    sheet_parser sp = {0};
    char *label = NULL;
    if (!b || !fn || index >= b->n_sheets) {
        rc = mg_err_set(err, MIGDIP_ERR_USAGE, "%s: no sheet %zu (the workbook has %zu)",
                        b ? b->path : "xlsx", index, b ? b->n_sheets : 0);
        goto cleanup;
    }
    const xlsx_sheet *sh = &b->sheets[index];
    if (!sh->part) {
        rc = mg_err_set(err, MIGDIP_ERR_SCHEMA, "%s: sheet \"%s\": relationship \"%s\" not found "
                        "in the workbook relationships", b->path, sh->name,
                        sh->rel_id ? sh->rel_id : "(no r:id)");
        goto cleanup;
    }
    zip_int64_t idx = locate_part(b, sh->part);
    if (idx < 0) {
        rc = mg_err_set(err, MIGDIP_ERR_SCHEMA, "%s: sheet \"%s\": part %s missing from the "
                        "archive", b->path, sh->name, sh->part);
        goto cleanup;
    }
    size_t label_cap = strlen(sh->name) + strlen(sh->part) + 16;
    label = malloc(label_cap);
    if (!label) {
        rc = mg_err_set(err, MIGDIP_ERR_NOMEM, "%s: out of memory", b->path);
        goto cleanup;
    }
    snprintf(label, label_cap, "sheet \"%s\" (%s)", sh->name, sh->part);
    sp.pp.label = label;
    sp.sheet_name = sh->name;
    sp.fn = fn;
    sp.fn_ud = ud;
    rc = stream_part(b, idx, &sp.pp, sheet_on_start, sheet_on_end, sheet_on_text, err);

cleanup:
    free(sp.cells);
    free(sp.arena);
    free(sp.out);
    free(label);
    return rc;
}

/* ---------------------------------------------------------------- opening */

/* Name of the main workbook part from _rels/.rels, or "xl/workbook.xml" without it. */
static migdip_status find_workbook_part(xlsx_book *b, char **part_out, mg_err *err)
{
    migdip_status rc = MIGDIP_OK;
    xlsx_rel *rels = NULL;
    size_t n_rels = 0;
    *part_out = NULL;
    rc = read_rels(b, "_rels/.rels", "", 1, &rels, &n_rels, err);
    if (rc != MIGDIP_OK)
        goto cleanup;
    const char *found = "xl/workbook.xml";
    for (size_t i = 0; i < n_rels; i++) {
        if (ends_with(rels[i].type, "/officeDocument") && locate_part(b, rels[i].part) >= 0) {
            found = rels[i].part;
            break;
        }
    }
    *part_out = strdup(found);
    if (!*part_out)
        rc = mg_err_set(err, MIGDIP_ERR_NOMEM, "%s: out of memory", b->path);

cleanup:
    rels_free(rels, n_rels);
    return rc;
}

static migdip_status load_shared_strings(xlsx_book *b, const char *part, mg_err *err)
{
    migdip_status rc = MIGDIP_OK;
    sst_parser sp = {0};
    zip_int64_t idx = locate_part(b, part);
    if (idx < 0)
        goto cleanup; /* optional */
    sp.pp.label = part;
    b->sst_off = malloc(2 * sizeof *b->sst_off);
    if (!b->sst_off) {
        rc = mg_err_set(err, MIGDIP_ERR_NOMEM, "%s: out of memory", b->path);
        goto cleanup;
    }
    b->sst_off_cap = 2;
    b->sst_off[0] = 0;
    rc = stream_part(b, idx, &sp.pp, sst_on_start, sst_on_end, sst_on_text, err);

cleanup:
    return rc;
}

/* Everything after the zip is open: workbook, its rels, sheets, shared strings. */
static migdip_status load_book(xlsx_book *b, mg_err *err)
{
    migdip_status rc = MIGDIP_OK;
    char *wb_part = NULL, *wb_rels_part = NULL, *sst_part = NULL;
    xlsx_rel *rels = NULL;
    size_t n_rels = 0;
    workbook_parser wp = {0};

    rc = find_workbook_part(b, &wb_part, err);
    if (rc != MIGDIP_OK)
        goto cleanup;
    zip_int64_t wb_idx = locate_part(b, wb_part);
    if (wb_idx < 0) {
        rc = mg_err_set(err, MIGDIP_ERR_SCHEMA, "%s: %s: part missing from the archive "
                        "(not an xlsx workbook?)", b->path, wb_part);
        goto cleanup;
    }
    wp.pp.label = wb_part;
    rc = stream_part(b, wb_idx, &wp.pp, workbook_on_start, workbook_on_end, NULL, err);
    if (rc != MIGDIP_OK)
        goto cleanup;

    wb_rels_part = rels_name_of(wb_part);
    if (!wb_rels_part) {
        rc = mg_err_set(err, MIGDIP_ERR_NOMEM, "%s: out of memory", b->path);
        goto cleanup;
    }
    rc = read_rels(b, wb_rels_part, wb_part, 0, &rels, &n_rels, err);
    if (rc != MIGDIP_OK)
        goto cleanup;
    for (size_t s = 0; s < b->n_sheets; s++) {
        xlsx_sheet *sh = &b->sheets[s];
        for (size_t i = 0; sh->rel_id && i < n_rels; i++) {
            if (strcmp(rels[i].id, sh->rel_id) == 0) {
                sh->part = strdup(rels[i].part);
                if (!sh->part) {
                    rc = mg_err_set(err, MIGDIP_ERR_NOMEM, "%s: out of memory", b->path);
                    goto cleanup;
                }
                break;
            }
        }
    }
    for (size_t i = 0; i < n_rels && !sst_part; i++) {
        if (ends_with(rels[i].type, "/sharedStrings")) {
            sst_part = strdup(rels[i].part);
            if (!sst_part) {
                rc = mg_err_set(err, MIGDIP_ERR_NOMEM, "%s: out of memory", b->path);
                goto cleanup;
            }
        }
    }
    if (!sst_part) { /* not in the rels: look beside the workbook */
        char *dir = dir_of(wb_part);
        sst_part = dir ? resolve_target(dir, "sharedStrings.xml") : NULL;
        free(dir);
        if (!sst_part) {
            rc = mg_err_set(err, MIGDIP_ERR_NOMEM, "%s: out of memory", b->path);
            goto cleanup;
        }
    }
    rc = load_shared_strings(b, sst_part, err);

cleanup:
    rels_free(rels, n_rels);
    free(wb_part);
    free(wb_rels_part);
    free(sst_part);
    return rc;
}

/* Explain a failed zip_open; head holds the file's first bytes when known. */
static migdip_status zip_open_error(const char *path, int zip_code, const unsigned char *head,
                                    size_t head_len, mg_err *err)
{
    static const unsigned char ole_magic[8] = {0xD0, 0xCF, 0x11, 0xE0, 0xA1, 0xB1, 0x1A, 0xE1};
    if (head_len >= sizeof ole_magic && memcmp(head, ole_magic, sizeof ole_magic) == 0)
        return mg_err_set(err, MIGDIP_ERR_PARSE, "%s: not a zip archive but an OLE2 file "
                          "(legacy .xls or a password-protected workbook; xlsx expected)", path);
    switch (zip_code) {
    case ZIP_ER_NOZIP:
        return mg_err_set(err, MIGDIP_ERR_PARSE, "%s: not a zip archive (xlsx expected), or "
                          "truncated", path);
    case ZIP_ER_NOENT:
    case ZIP_ER_OPEN:
    case ZIP_ER_READ:
    case ZIP_ER_SEEK: {
        zip_error_t ze;
        zip_error_init_with_code(&ze, zip_code);
        migdip_status rc = mg_err_set(err, MIGDIP_ERR_IO, "%s: cannot read: %s", path,
                                      zip_error_strerror(&ze));
        zip_error_fini(&ze);
        return rc;
    }
    case ZIP_ER_MEMORY:
        return mg_err_set(err, MIGDIP_ERR_NOMEM, "%s: out of memory", path);
    default: {
        zip_error_t ze;
        zip_error_init_with_code(&ze, zip_code);
        migdip_status rc = mg_err_set(err, MIGDIP_ERR_PARSE, "%s: corrupted zip archive: %s",
                                      path, zip_error_strerror(&ze));
        zip_error_fini(&ze);
        return rc;
    }
    }
}

static xlsx_book *book_new(const char *path)
{
    xlsx_book *b = calloc(1, sizeof *b);
    if (!b)
        return NULL;
    b->path = strdup(path);
    b->c_locale = newlocale(LC_NUMERIC_MASK, "C", (locale_t)0);
    if (!b->path || b->c_locale == (locale_t)0) {
        mg_xlsx_close(b);
        return NULL;
    }
    return b;
}

/* Open the workbook at path; *out is NULL on failure (see xlsx.h). */
migdip_status mg_xlsx_open(const char *path, xlsx_book **out, mg_err *err)
{
    migdip_status rc = MIGDIP_OK;
    xlsx_book *b = NULL;
    if (!out || !path) {
        rc = mg_err_set(err, MIGDIP_ERR_USAGE, "xlsx_open: path and out are required");
        goto cleanup;
    }
    *out = NULL;
    b = book_new(path);
    if (!b) {
        rc = mg_err_set(err, MIGDIP_ERR_NOMEM, "%s: out of memory", path);
        goto cleanup;
    }
    int zip_code = 0;
    b->zip = zip_open(path, ZIP_RDONLY, &zip_code);
    if (!b->zip) {
        unsigned char head[8] = {0};
        size_t head_len = 0;
        FILE *f = fopen(path, "rb");
        if (f) {
            head_len = fread(head, 1, sizeof head, f);
            fclose(f);
        }
        rc = zip_open_error(path, zip_code, head, head_len, err);
        goto cleanup;
    }
    rc = load_book(b, err);
    if (rc != MIGDIP_OK)
        goto cleanup;
    *out = b;
    b = NULL;

cleanup:
    mg_xlsx_close(b);
    return rc;
}

/* Open a workbook held in memory; buf is copied, so the caller keeps ownership of it. */
migdip_status mg_xlsx_open_mem(const void *buf, size_t len, xlsx_book **out, mg_err *err)
{
    migdip_status rc = MIGDIP_OK;
    xlsx_book *b = NULL;
    zip_source_t *src = NULL;
    if (!out || (!buf && len > 0)) {
        rc = mg_err_set(err, MIGDIP_ERR_USAGE, "xlsx_open_mem: buf and out are required");
        goto cleanup;
    }
    *out = NULL;
    b = book_new(MEMORY_NAME);
    if (!b || !(b->mem_copy = malloc(len ? len : 1))) {
        rc = mg_err_set(err, MIGDIP_ERR_NOMEM, "%s: out of memory", MEMORY_NAME);
        goto cleanup;
    }
    if (len)
        memcpy(b->mem_copy, buf, len);
    if (len < 22) { /* smaller than an end-of-central-directory record (libzip would
                       take 0 bytes for an empty archive) */
        rc = zip_open_error(MEMORY_NAME, ZIP_ER_NOZIP, b->mem_copy, len, err);
        goto cleanup;
    }
    zip_error_t ze;
    zip_error_init(&ze);
    src = zip_source_buffer_create(b->mem_copy, len, 0, &ze);
    if (src)
        b->zip = zip_open_from_source(src, ZIP_RDONLY, &ze);
    if (!b->zip) {
        rc = zip_open_error(MEMORY_NAME, zip_error_code_zip(&ze), b->mem_copy, len, err);
        zip_error_fini(&ze);
        goto cleanup;
    }
    zip_error_fini(&ze);
    src = NULL; /* owned by the archive now */
    rc = load_book(b, err);
    if (rc != MIGDIP_OK)
        goto cleanup;
    *out = b;
    b = NULL;

cleanup:
    if (src)
        zip_source_free(src);
    mg_xlsx_close(b);
    return rc;
}

/* Number of sheets in workbook order; 0 for NULL. */
size_t mg_xlsx_sheet_count(const xlsx_book *b)
{
    return b ? b->n_sheets : 0;
}

/* Borrowed name of sheet i, NULL when out of range. */
const char *mg_xlsx_sheet_name(const xlsx_book *b, size_t i)
{
    return b && i < b->n_sheets ? b->sheets[i].name : NULL;
}

/* Compare a and b ignoring surrounding whitespace and ASCII case. */
static int loose_equal(const char *a, const char *b)
{
    size_t la = strlen(a), lb = strlen(b);
    while (la > 0 && is_space(*a)) {
        a++;
        la--;
    }
    while (la > 0 && is_space(a[la - 1]))
        la--;
    while (lb > 0 && is_space(*b)) {
        b++;
        lb--;
    }
    while (lb > 0 && is_space(b[lb - 1]))
        lb--;
    return la == lb && strncasecmp(a, b, la) == 0;
}

/* Exact name first, then a unique trimmed case-insensitive match; -1 otherwise. */
long mg_xlsx_find_sheet(const xlsx_book *b, const char *name)
{
    if (!b || !name)
        return -1;
    for (size_t i = 0; i < b->n_sheets; i++)
        if (strcmp(b->sheets[i].name, name) == 0)
            return (long)i;
    long found = -1;
    for (size_t i = 0; i < b->n_sheets; i++) {
        if (loose_equal(b->sheets[i].name, name)) {
            if (found >= 0)
                return -1; /* ambiguous */
            found = (long)i;
        }
    }
    return found;
}

/* Release the book, its zip and its shared strings. NULL is fine. */
void mg_xlsx_close(xlsx_book *b)
{
    if (!b)
        return;
    if (b->zip)
        zip_discard(b->zip); /* read-only: nothing to write back */
    free(b->mem_copy);
    for (size_t i = 0; i < b->n_sheets; i++) {
        free(b->sheets[i].name);
        free(b->sheets[i].rel_id);
        free(b->sheets[i].part);
    }
    free(b->sheets);
    free(b->sst_pool);
    free(b->sst_off);
    if (b->c_locale != (locale_t)0)
        freelocale(b->c_locale);
    free(b->path);
    free(b);
}

/* See xlsx.h. Coordinates beyond Excel's grid are written as "?" so that the result always
 * fits in 16 bytes (at most "XFD1048576"). */
const char *mg_xlsx_cellref(char *buf, uint32_t row, uint32_t col)
{
    if (row == 0 || col == 0 || row > XLSX_MAX_ROW || col > XLSX_MAX_COL) {
        buf[0] = '?';
        buf[1] = '\0';
        return buf;
    }
    char letters[4];
    size_t n_letters = 0;
    for (uint32_t c = col; c > 0; c = (c - 1) / 26)
        letters[n_letters++] = (char)('A' + (c - 1) % 26);
    size_t pos = 0;
    while (n_letters > 0)
        buf[pos++] = letters[--n_letters];
    char digits[8];
    size_t n_digits = 0;
    for (uint32_t r = row; r > 0; r /= 10)
        digits[n_digits++] = (char)('0' + r % 10);
    while (n_digits > 0)
        buf[pos++] = digits[--n_digits];
    buf[pos] = '\0';
    return buf;
}

const xlsx_cell *mg_xlsx_cell_at(const xlsx_cell *cells, size_t n, uint32_t col)
{
    size_t lo = 0, hi = n;
    while (lo < hi) {
        size_t mid = (lo + hi) / 2;
        if (cells[mid].col < col)
            lo = mid + 1;
        else
            hi = mid;
    }
    return lo < n && cells[lo].col == col ? &cells[lo] : NULL;
}

const char *mg_xlsx_cell_text(const xlsx_cell *c, char *buf, size_t cap)
{
    buf[0] = '\0';
    if (!c)
        return buf;
    if (c->type == XLSX_NUMBER) {
        snprintf(buf, cap, "%.15g", c->num);
    } else if (c->type == XLSX_STRING) {
        size_t len = c->len;
        const char *t = mg_text_trim(c->str, &len);
        snprintf(buf, cap, "%.*s", (int)len, t);
    }
    return buf;
}
