/* importer.c - the helpers importer.h declares for the importers: sniffing a file's head and
 * name, reading CSV headers and records with messages that name the file and line, bounded
 * growth, the list of names the crosswalks cannot map, and opening an input that is a file
 * or bytes in memory. The dispatcher is import.c. */
#include <stdint.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <strings.h>
#include <sys/stat.h>

#include "import/importer.h"
#include "util/fs.h"
#include "util/grow.h"
#include "util/text.h"

bool mg_importer_head_starts(const unsigned char *head, size_t n, const char *prefix)
{
    if (n >= 3 && memcmp(head, "\xEF\xBB\xBF", 3) == 0)
        head += 3, n -= 3;
    size_t k = strlen(prefix);
    return n >= k && strncasecmp((const char *)head, prefix, k) == 0;
}

/* The header line of a head indexed by its fields (blanks and quotes around them trimmed, ASCII
 * case ignored): every sniffer asks it for its columns (mg_importer_head_columns), and a wide
 * header (a KNOMAD matrix names 200 countries across, COW IGO has hundreds of columns) was read
 * again by each of them, once per column for the crosswalks' sniffers. Between
 * mg_importer_sniff_begin and _end the index of the input's head is built once and shared. */
typedef struct head_slot {
    size_t off;          /* the field's first byte, from the head */
    uint32_t len1, hash; /* its length + 1 (0: an empty slot), its hash */
} head_slot;

typedef struct head_index {
    const unsigned char *line; /* the head after a BOM */
    head_slot *slot;           /* open addressing, at most half full */
    size_t cap;                /* a power of two */
    bool owned;                /* slot allocated (else the caller's array) */
} head_index;

static unsigned char fold(unsigned char c) { return c >= 'A' && c <= 'Z' ? (unsigned char)(c - 'A' + 'a') : c; }

/* A field's key: its length and four of its bytes (folded), mixed; not every byte, so that
 * indexing a header costs a few operations a field whatever their length. */
static uint32_t field_key(const unsigned char *s, size_t k)
{
    uint32_t h = (uint32_t)k * 0x9E3779B1u;
    if (k)
        h ^= (uint32_t)fold(s[0]) | (uint32_t)fold(s[k / 2]) << 8 | (uint32_t)fold(s[k - 1]) << 16 |
             (uint32_t)fold(s[k / 4]) << 24;
    h ^= h >> 15;
    h *= 0x2C1B3C6Du;
    return h ^ h >> 12;
}

static void head_index_free(head_index *x)
{
    if (x->owned)
        free(x->slot);
    memset(x, 0, sizeof *x);
}

/* Index head's first line into x, its slots in small (small_cap of them) when they fit. */
static bool head_index_build(head_index *x, const unsigned char *head, size_t n, head_slot *small, size_t small_cap)
{
    memset(x, 0, sizeof *x);
    if (n >= 3 && memcmp(head, "\xEF\xBB\xBF", 3) == 0)
        head += 3, n -= 3;
    const unsigned char *eol = n ? memchr(head, '\n', n) : NULL;
    const unsigned char *end = eol ? eol : head + n;
    size_t nf = 1;
    for (const unsigned char *p = head; p < end && (p = memchr(p, ',', (size_t)(end - p))); p++)
        nf++;
    size_t cap = 16;
    while (cap < 2 * nf)
        cap *= 2;
    if (cap <= small_cap)
        x->slot = memset(small, 0, cap * sizeof *small);
    else if (!(x->slot = calloc(cap, sizeof *x->slot)))
        return false;
    x->owned = x->slot != small;
    x->line = head;
    x->cap = cap;
    for (const unsigned char *p = head;;) {
        const unsigned char *q = p < end ? memchr(p, ',', (size_t)(end - p)) : NULL;
        if (!q)
            q = end;
        const unsigned char *a = p, *b = q;
        while (a < b && (*a == ' ' || *a == '"'))
            a++;
        while (b > a && (b[-1] == ' ' || b[-1] == '"' || b[-1] == '\r'))
            b--;
        size_t k = (size_t)(b - a);
        if (k < UINT32_MAX) { /* longer: no column is named like it */
            uint32_t h = field_key(a, k);
            size_t j = h & (cap - 1);
            /* a field named again is not indexed again: a header of hundreds of empty or equal
             * fields would make one long chain */
            while (x->slot[j].len1 && !(x->slot[j].hash == h && x->slot[j].len1 == k + 1 &&
                                        memcmp(head + x->slot[j].off, a, k) == 0))
                j = (j + 1) & (cap - 1);
            if (!x->slot[j].len1)
                x->slot[j] = (head_slot){(size_t)(a - head), (uint32_t)(k + 1), h};
        }
        if (q == end)
            break;
        p = q + 1;
    }
    return true;
}

static bool head_index_has(const head_index *x, const char *col)
{
    size_t k = strlen(col);
    uint32_t h = field_key((const unsigned char *)col, k);
    for (size_t j = h & (x->cap - 1); x->slot[j].len1; j = (j + 1) & (x->cap - 1)) {
        const head_slot *s = &x->slot[j];
        if (s->hash != h || s->len1 != k + 1)
            continue;
        size_t i = 0;
        while (i < k && fold(x->line[s->off + i]) == fold((unsigned char)col[i]))
            i++;
        if (i == k)
            return true;
    }
    return false;
}

/* The index of the head the sniffers of one input are shown (per thread, as the workbook they
 * share below): built by the first mg_importer_head_columns. */
static _Thread_local struct {
    bool active, built;
    const unsigned char *head;
    size_t n;
    head_index idx;
    head_slot small[512]; /* the slots of a header of up to 256 fields (no allocation) */
} shared_header;

size_t mg_importer_head_columns(const unsigned char *head, size_t n, const char *const *cols)
{
    head_index local, *x = &local;
    bool shared = shared_header.active && shared_header.head == head && shared_header.n == n;
    if (shared) {
        x = &shared_header.idx;
        if (!shared_header.built &&
            !(shared_header.built = head_index_build(x, head, n, shared_header.small, 512))) {
            mg_importer_sniff_nomem();
            return 0;
        }
    } else if (!head_index_build(x, head, n, NULL, 0)) {
        mg_importer_sniff_nomem();
        return 0;
    }
    size_t count = 0;
    for (; *cols; cols++)
        count += head_index_has(x, *cols);
    if (!shared)
        head_index_free(x);
    return count;
}

size_t mg_importer_head_fields(const unsigned char *head, size_t n, char fields[][64], size_t max)
{
    size_t i = 0, k = 0;
    if (n >= 3 && memcmp(head, "\xEF\xBB\xBF", 3) == 0)
        i = 3;
    while (k < max && i < n && head[i] != '\n' && head[i] != '\r') {
        size_t len = 0;
        bool quoted = head[i] == '"';
        if (quoted)
            i++;
        while (i < n) {
            unsigned char c = head[i];
            if (quoted && c == '"') {
                if (i + 1 < n && head[i + 1] == '"') {
                    i++;
                } else {
                    quoted = false;
                    i++;
                    continue;
                }
            } else if (!quoted && (c == ',' || c == '\n' || c == '\r')) {
                break;
            }
            if (len < 63)
                fields[k][len++] = (char)c;
            i++;
        }
        fields[k][len] = '\0';
        size_t tl = len;
        const char *t = mg_text_trim(fields[k], &tl);
        memmove(fields[k], t, tl);
        fields[k][tl] = '\0';
        k++;
        if (i < n && head[i] == ',')
            i++;
        else
            break;
    }
    return k;
}

bool mg_importer_head_is_zip(const unsigned char *head, size_t n)
{
    return n >= 4 && memcmp(head, "PK\x03\x04", 4) == 0;
}

bool mg_importer_name_ends(const char *name, const char *suffix)
{
    size_t a = strlen(name), b = strlen(suffix);
    return a >= b && strcasecmp(name + a - b, suffix) == 0;
}

bool mg_importer_name_has(const char *name, const char *needle)
{
    size_t k = strlen(needle);
    for (; *name; name++)
        if (strncasecmp(name, needle, k) == 0)
            return true;
    return k == 0;
}

migdip_status mg_importer_read_header(mg_importer_job *r, mg_csv_reader *cr, const char *expected, size_t *n_header)
{
    migdip_status rc = mg_csv_next(cr, r->err);
    if (rc)
        return rc;
    if ((*n_header = mg_csv_nfields(cr)) == 0)
        return mg_err_set(r->err, MIGDIP_ERR_SCHEMA, "%s: empty file (expected %s)", r->name, expected);
    return MIGDIP_OK;
}

migdip_status mg_importer_find_columns(mg_importer_job *r, const mg_csv_reader *cr, const char *const *names, size_t n, long *cols,
                               const char *expected, size_t *width)
{
    size_t w = 0;
    for (size_t i = 0; i < n; i++) {
        if ((cols[i] = mg_csv_find(cr, names[i])) < 0)
            return mg_err_set(r->err, MIGDIP_ERR_SCHEMA, "%s:%ld: missing column \"%s\"%s%s%s", r->name,
                              mg_csv_line(cr), names[i], expected ? " (expected " : "", expected ? expected : "",
                              expected ? ")" : "");
        if ((size_t)cols[i] + 1 > w)
            w = (size_t)cols[i] + 1;
    }
    if (width)
        *width = w;
    return MIGDIP_OK;
}

/* The next record into cr, which must have n fields (exact) or at least n. */
static migdip_status next_record(mg_importer_job *r, mg_csv_reader *cr, size_t n, bool exact, bool *end)
{
    migdip_status rc = mg_csv_next(cr, r->err);
    *end = !rc && mg_csv_nfields(cr) == 0;
    if (rc || *end)
        return rc;
    size_t got = mg_csv_nfields(cr);
    if (exact ? got != n : got < n)
        return mg_err_set(r->err, MIGDIP_ERR_PARSE, "%s:%ld: expected %s%zu fields, got %zu (truncated line?)",
                          r->name, mg_csv_line(cr), exact ? "" : "at least ", n, got);
    return MIGDIP_OK;
}

migdip_status mg_importer_next_record(mg_importer_job *r, mg_csv_reader *cr, size_t n_header, bool *end)
{
    return next_record(r, cr, n_header, true, end);
}

migdip_status mg_importer_next_record_min(mg_importer_job *r, mg_csv_reader *cr, size_t need, bool *end)
{
    return next_record(r, cr, need, false, end);
}

migdip_status mg_importer_grow(mg_importer_job *r, long line, void **v, size_t *cap, size_t n, size_t elem, size_t max)
{
    if (n >= max)
        return mg_err_set(r->err, MIGDIP_ERR_LIMIT, "%s:%ld: more than %zu rows", r->name, line, max);
    void *p = mg_grow(*v, cap, n + 1, elem);
    if (!p)
        return mg_err_set(r->err, MIGDIP_ERR_NOMEM, "%s: out of memory", r->name);
    *v = p;
    return MIGDIP_OK;
}

/* FNV-1a of (file, name): the key of an unmapped entry; of the file and a separator only
 * when name is NULL, to go on from with name (unmapped_hash_more) */
static uint64_t unmapped_hash_more(uint64_t h, const char *s)
{
    for (; *s; s++)
        h = (h ^ (unsigned char)*s) * 1099511628211ull;
    return h;
}

static uint64_t unmapped_hash(const char *file, const char *name)
{
    uint64_t h = (unmapped_hash_more(1469598103934665603ull, file) ^ 0x1f) * 1099511628211ull;
    return name ? unmapped_hash_more(h, name) : h;
}

static bool unmapped_index_grow(mg_importer_unmapped_list *l)
{
    size_t cap = l->index_cap ? l->index_cap * 2 : 64;
    uint32_t *index = cap <= UINT32_MAX ? calloc(cap, sizeof *index) : NULL;
    if (!index)
        return false;
    for (size_t i = 0; i < l->n; i++) {
        size_t j = unmapped_hash(l->v[i].file, l->v[i].name) & (cap - 1);
        while (index[j])
            j = (j + 1) & (cap - 1);
        index[j] = (uint32_t)(i + 1);
    }
    free(l->index);
    l->index = index;
    l->index_cap = cap;
    return true;
}

migdip_status mg_importer_unmapped(mg_importer_job *r, long line, const char *cell, const char *name)
{
    mg_importer_unmapped_list *l = r->unmapped;
    if ((l->n + 1) * 2 > l->index_cap && !unmapped_index_grow(l))
        return mg_err_set(r->err, MIGDIP_ERR_NOMEM, "out of memory");
    if (l->hashed_file != r->name) { /* the file's part of the hash, once a file */
        l->hashed_file = r->name;
        l->file_hash = unmapped_hash(r->name, NULL);
    }
    size_t j = unmapped_hash_more(l->file_hash, name) & (l->index_cap - 1);
    for (; l->index[j]; j = (j + 1) & (l->index_cap - 1)) {
        const migdip_unmapped *u = &l->v[l->index[j] - 1];
        if (strcmp(u->name, name) == 0 && strcmp(u->file, r->name) == 0)
            return MIGDIP_OK; /* listed already */
    }
    migdip_unmapped *v = mg_grow(l->v, &l->cap, l->n + 1, sizeof *v);
    if (!v)
        return mg_err_set(r->err, MIGDIP_ERR_NOMEM, "out of memory");
    l->v = v;
    /* file, name and cell in one allocation, at file */
    size_t lf = strlen(r->name) + 1, ln = strlen(name) + 1, lc = cell ? strlen(cell) + 1 : 0;
    char *block = malloc(lf + ln + lc);
    if (!block)
        return mg_err_set(r->err, MIGDIP_ERR_NOMEM, "out of memory");
    migdip_unmapped *u = &l->v[l->n];
    u->file = memcpy(block, r->name, lf);
    u->name = memcpy(block + lf, name, ln);
    u->cell = cell ? memcpy(block + lf + ln, cell, lc) : NULL;
    u->line = line;
    l->index[j] = (uint32_t)++l->n;
    return MIGDIP_OK;
}

/* A multi-row INSERT: its rows, each (vintage_id, file, line, cell, name) */
#define UNMAPPED_INSERT "INSERT INTO unmapped(vintage_id,file,line,cell,name) VALUES"
#define UNMAPPED_ROW "(?,?,?,?,?)"
#define UNMAPPED_ROWS4 UNMAPPED_ROW "," UNMAPPED_ROW "," UNMAPPED_ROW "," UNMAPPED_ROW
#define UNMAPPED_ROWS16 UNMAPPED_ROWS4 "," UNMAPPED_ROWS4 "," UNMAPPED_ROWS4 "," UNMAPPED_ROWS4
enum { UNMAPPED_BATCH = 32 };

migdip_status mg_importer_unmapped_write(mg_importer_job *r, size_t from)
{
    static const char ONE[] = UNMAPPED_INSERT UNMAPPED_ROW;
    static const char MANY[] = UNMAPPED_INSERT UNMAPPED_ROWS16 "," UNMAPPED_ROWS16;
    mg_importer_unmapped_list *l = r->unmapped;
    l->hashed_file = NULL; /* the file is done: the next may have its name at the same address */
    migdip_status rc = MIGDIP_OK;
    for (size_t i = from; !rc && i < l->n;) {
        size_t k = l->n - i >= UNMAPPED_BATCH ? UNMAPPED_BATCH : 1;
        sqlite3_stmt *ins = NULL;
        if ((rc = mg_store_cached(r->stmts, r->db, k == 1 ? ONE : MANY, &ins, r->err)))
            return rc;
        for (size_t b = 0; b < k; b++) {
            const migdip_unmapped *u = &l->v[i + b];
            int p = (int)(5 * b);
            sqlite3_bind_int64(ins, p + 1, r->vintage_id);
            sqlite3_bind_text(ins, p + 2, u->file, -1, SQLITE_STATIC);
            sqlite3_bind_int64(ins, p + 3, u->line);
            if (u->cell)
                sqlite3_bind_text(ins, p + 4, u->cell, -1, SQLITE_STATIC);
            else
                sqlite3_bind_null(ins, p + 4);
            sqlite3_bind_text(ins, p + 5, u->name, -1, SQLITE_STATIC);
        }
        rc = mg_store_step_done(r->db, ins, r->err); /* reset and cleared */
        mg_store_uncache(r->stmts, ins);
        i += k;
    }
    return rc;
}

void mg_importer_unmapped_free(mg_importer_unmapped_list *l)
{
    for (size_t i = 0; i < l->n; i++)
        free(l->v[i].file); /* name and cell are in the same allocation */
    free(l->v);
    free(l->index);
    memset(l, 0, sizeof *l);
}

/* ------------------------------------------------------------------ the job's input */

migdip_status mg_importer_open_csv(mg_importer_job *r, mg_csv_reader **out)
{
    if (!r->path)
        return mg_csv_open_mem(r->name, r->mem, r->len, out, r->err);
    return mg_csv_open(r->path, r->name, out, r->err);
}

void mg_importer_xlsx_message(mg_importer_job *r)
{
    const char *given = r->path ? r->path : "<memory>";
    size_t k = strlen(given);
    if (strcmp(given, r->name) == 0 || strncmp(r->err->msg, given, k) != 0)
        return;
    char buf[MG_ERRMSG_MAX];
    snprintf(buf, sizeof buf, "%s%s", r->name, r->err->msg + k);
    memcpy(r->err->msg, buf, sizeof buf);
}

migdip_status mg_importer_open_xlsx(mg_importer_job *r, xlsx_book **out)
{
    if (r->book) { /* the sniffers' workbook: the same bytes, opened already */
        *out = r->book;
        r->book = NULL;
        return MIGDIP_OK;
    }
    migdip_status rc = r->path ? mg_xlsx_open(r->path, out, r->err) : mg_xlsx_open_mem(r->mem, r->len, out, r->err);
    if (rc)
        mg_importer_xlsx_message(r);
    return rc;
}

migdip_status mg_importer_read_head(mg_importer_job *r, unsigned char *buf, size_t cap, size_t *n)
{
    if (!r->path) {
        *n = r->len < cap ? r->len : cap;
        if (*n)
            memcpy(buf, r->mem, *n);
        return MIGDIP_OK;
    }
    migdip_status rc = mg_fs_read_head(r->path, buf, cap, n, r->err);
    if (rc)
        rc = mg_err_set(r->err, rc, "%s: cannot open", r->name);
    return rc;
}

migdip_status mg_importer_size(mg_importer_job *r, uint64_t *bytes)
{
    if (!r->path) {
        *bytes = r->len;
        return MIGDIP_OK;
    }
    struct stat st;
    if (stat(r->path, &st) != 0)
        return mg_err_set(r->err, MIGDIP_ERR_IO, "%s: cannot read the file", r->name);
    *bytes = (uint64_t)st.st_size;
    return MIGDIP_OK;
}

/* per thread, as imports in different contexts may run side by side */
static _Thread_local migdip_status sniff_status;

void mg_importer_sniff_nomem(void) { sniff_status = MIGDIP_ERR_NOMEM; }

/* a sniffer's look failed for a reason other than the content: out of memory or a read error */
static void sniff_could_not_decide(migdip_status st)
{
    if (st == MIGDIP_ERR_NOMEM || st == MIGDIP_ERR_IO)
        sniff_status = st;
}

migdip_status mg_importer_sniff_failed(void)
{
    migdip_status failed = sniff_status;
    sniff_status = MIGDIP_OK;
    return failed;
}

/* The workbook the sniffers of one input share (per thread, as sniff_status): opened by the
 * first sniffer that asks, for the input (path, head, n) it was asked about. */
static _Thread_local struct {
    bool active, tried;
    migdip_status failed; /* why the one opening failed, if not for the content */
    const char *path;
    const unsigned char *head;
    size_t n;
    xlsx_book *book;
} shared_book;

static xlsx_book *sniff_open(const char *path, const unsigned char *head, size_t n, migdip_status *failed)
{
    xlsx_book *b = NULL;
    mg_err scratch = {0};
    *failed = MIGDIP_OK;
    if ((path ? mg_xlsx_open(path, &b, &scratch) : mg_xlsx_open_mem(head, n, &b, &scratch)) != MIGDIP_OK) {
        /* a workbook that cannot be read (memory, the disk) is not one that is not a workbook:
         * since every sniffer shares this one opening, none may answer "not mine" for it */
        if (scratch.status == MIGDIP_ERR_NOMEM || scratch.status == MIGDIP_ERR_IO)
            *failed = scratch.status;
        return NULL;
    }
    return b;
}

void mg_importer_sniff_begin(const char *path, const unsigned char *head, size_t n)
{
    mg_xlsx_close(shared_book.book);
    memset(&shared_book, 0, sizeof shared_book);
    shared_book.active = true;
    shared_book.path = path;
    shared_book.head = head;
    shared_book.n = n;
    head_index_free(&shared_header.idx);
    shared_header.built = false;
    shared_header.active = true;
    shared_header.head = head;
    shared_header.n = n;
}

xlsx_book *mg_importer_sniff_end(bool keep)
{
    head_index_free(&shared_header.idx);
    shared_header.built = shared_header.active = false;
    shared_header.head = NULL;
    shared_header.n = 0;
    xlsx_book *b = shared_book.book;
    memset(&shared_book, 0, sizeof shared_book);
    if (keep)
        return b;
    mg_xlsx_close(b);
    return NULL;
}

xlsx_book *mg_importer_sniff_xlsx(const char *path, const unsigned char *head, size_t n)
{
    if (!mg_importer_head_is_zip(head, n))
        return NULL;
    migdip_status failed = MIGDIP_OK;
    if (!shared_book.active || shared_book.path != path || shared_book.head != head || shared_book.n != n) {
        xlsx_book *b = sniff_open(path, head, n, &failed);
        sniff_could_not_decide(failed);
        return b;
    }
    if (!shared_book.tried) {
        shared_book.tried = true;
        shared_book.book = sniff_open(path, head, n, &shared_book.failed);
    }
    sniff_could_not_decide(shared_book.failed);
    return shared_book.book;
}

void mg_importer_sniff_release(xlsx_book *b)
{
    if (b && b != shared_book.book)
        mg_xlsx_close(b);
}

bool mg_importer_sniff_xlsx_first_sheet(const char *path, const char *name, const unsigned char *head, size_t n,
                                        xlsx_row_fn fn, void *ud)
{
    if (!mg_importer_name_ends(name, ".xlsx"))
        return false;
    xlsx_book *b = mg_importer_sniff_xlsx(path, head, n);
    if (!b)
        return false;
    mg_err scratch = {0};
    bool read = mg_xlsx_sheet_count(b) > 0 && mg_xlsx_read_sheet(b, 0, fn, ud, &scratch) == MIGDIP_OK;
    sniff_could_not_decide(scratch.status);
    mg_importer_sniff_release(b);
    return read;
}

typedef struct sheet_pass {
    mg_importer_sheet_fn fn;
    void *ud;
    migdip_status rc;
} sheet_pass;

static int sheet_pass_row(void *ud, uint32_t row, const xlsx_cell *cells, size_t n)
{
    sheet_pass *p = ud;
    bool stop = false;
    p->rc = p->fn(p->ud, row, cells, n, &stop);
    return p->rc != MIGDIP_OK || stop;
}

migdip_status mg_importer_read_first_sheet(mg_importer_job *r, xlsx_book **book, const char **sheet,
                                           mg_importer_sheet_fn fn, void *ud)
{
    migdip_status rc = mg_importer_open_xlsx(r, book);
    if (rc)
        return rc;
    if (mg_xlsx_sheet_count(*book) < 1)
        return mg_err_set(r->err, MIGDIP_ERR_SCHEMA, "%s: no sheet", r->name);
    *sheet = mg_xlsx_sheet_name(*book, 0);
    sheet_pass p = {.fn = fn, .ud = ud};
    if ((rc = mg_xlsx_read_sheet(*book, 0, sheet_pass_row, &p, r->err))) {
        mg_importer_xlsx_message(r);
        return rc;
    }
    return p.rc;
}

int mg_importer_xlsx_value(const xlsx_cell *c, const char *const *extra, double *v)
{
    *v = 0;
    if (!c)
        return MIGDIP_FLAG_MISSING;
    if (c->type == XLSX_NUMBER) {
        *v = c->num;
        return MIGDIP_FLAG_OBSERVED;
    }
    if (c->type != XLSX_STRING)
        return -1;
    if (mg_text_is_missing_marker(c->str, c->len))
        return MIGDIP_FLAG_MISSING;
    for (size_t i = 0; extra && extra[i]; i++)
        if (strcasecmp(c->str, extra[i]) == 0)
            return MIGDIP_FLAG_MISSING;
    return mg_text_parse_double(c->str, c->len, true, v) ? MIGDIP_FLAG_OBSERVED : -1;
}

const xlsx_cell *mg_importer_xlsx_beyond(const xlsx_cell *cells, size_t n, uint32_t ncols)
{
    for (size_t k = 0; k < n; k++)
        if (cells[k].col > ncols)
            return &cells[k];
    return NULL;
}

/* ---- the series writer */

void mg_importer_series_open(mg_importer_series *w, mg_importer_job *r, mg_importer_info_mode info_mode)
{
    *w = (mg_importer_series){.r = r, .info_mode = info_mode};
}

migdip_status mg_importer_series_put(mg_importer_series *w, bool agg, const char *code, const char *key, int year,
                                     double v, int flag)
{
    mg_importer_job *r = w->r;
    sqlite3_stmt **st = agg ? &w->ins_agg : &w->ins;
    migdip_status rc;
    if (!*st && (rc = mg_store_prepare(r->db,
                                       agg ? "INSERT INTO aggregate_series(vintage_id,code,agg,year,value,flag)"
                                             " VALUES(?,?,?,?,?,?)"
                                           : "INSERT INTO series(vintage_id,code,iso3,year,value,flag) VALUES(?,?,?,?,?,?)",
                                       st, r->err)))
        return rc;
    /* STATIC: the statement is stepped, reset and cleared before this returns */
    sqlite3_bind_int64(*st, 1, r->vintage_id);
    sqlite3_bind_text(*st, 2, code, -1, SQLITE_STATIC);
    sqlite3_bind_text(*st, 3, key, -1, SQLITE_STATIC);
    sqlite3_bind_int(*st, 4, year);
    mg_store_bind_value(*st, 5, v, flag);
    sqlite3_bind_int(*st, 6, flag);
    if ((rc = mg_store_step_done(r->db, *st, r->err)))
        return rc;
    r->rows++;
    return MIGDIP_OK;
}

migdip_status mg_importer_series_info(mg_importer_series *w, const char *code, const char *name, const char *unit)
{
    mg_importer_job *r = w->r;
    migdip_status rc;
    if (!w->ins_info &&
        (rc = mg_store_prepare(r->db,
                               w->info_mode == MG_IMPORTER_INFO_UPDATE
                                   ? "INSERT INTO series_info(code,name,unit) VALUES(?1,?2,?3) ON CONFLICT(code) DO UPDATE"
                                     " SET name=excluded.name, unit=excluded.unit"
                                   : "INSERT OR IGNORE INTO series_info(code,name,unit) VALUES(?,?,?)",
                               &w->ins_info, r->err)))
        return rc;
    sqlite3_bind_text(w->ins_info, 1, code, -1, SQLITE_STATIC);
    sqlite3_bind_text(w->ins_info, 2, name, -1, SQLITE_STATIC);
    sqlite3_bind_text(w->ins_info, 3, unit, -1, SQLITE_STATIC);
    return mg_store_step_done(r->db, w->ins_info, r->err);
}

void mg_importer_series_close(mg_importer_series *w)
{
    sqlite3_finalize(w->ins);
    sqlite3_finalize(w->ins_agg);
    sqlite3_finalize(w->ins_info);
    w->ins = w->ins_agg = w->ins_info = NULL;
}
