/* import.c - the import dispatcher: finds the files a directory holds, asks each importer
 * whether it reads them, and imports them in one transaction (all or nothing). A file whose
 * sha256 is already in the store is skipped, so importing twice changes nothing. */
#include <stdlib.h>
#include <string.h>
#include <strings.h>
#include <sys/stat.h>

#include "store/ctx.h"
#include "util/fs.h"
#include "util/grow.h"
#include "import/imp_registry.h"
#include "import/importer.h"
#include "util/strbuf.h"
#include "util/text.h"

/* Importers, in the order their sniffers are asked (the first that says yes wins). */
#define IMPORTER(x) extern const mg_importer x;
#include "import/importers.def"
static const mg_importer *const IMPORTERS[] = {
#define IMPORTER(x) &x,
#include "import/importers.def"
    NULL};

#define POST_STEP(x) extern migdip_status x(sqlite3 *db, mg_err *err);
#include "import/importers.def"
static const mg_importer_post_fn POST_STEPS[] = {
#define POST_STEP(x) x,
#include "import/importers.def"
    NULL};

struct mg_importer_unmapped_list {
    migdip_unmapped *v;
    size_t n, cap;
};

bool mg_importer_head_starts(const unsigned char *head, size_t n, const char *prefix)
{
    if (n >= 3 && memcmp(head, "\xEF\xBB\xBF", 3) == 0)
        head += 3, n -= 3;
    size_t k = strlen(prefix);
    return n >= k && strncasecmp((const char *)head, prefix, k) == 0;
}

size_t mg_importer_head_columns(const unsigned char *head, size_t n, const char *const *cols)
{
    size_t count = 0;
    if (n >= 3 && memcmp(head, "\xEF\xBB\xBF", 3) == 0)
        head += 3, n -= 3;
    const unsigned char *eol = memchr(head, '\n', n);
    size_t len = eol ? (size_t)(eol - head) : n;
    for (; *cols; cols++) {
        size_t k = strlen(*cols), i = 0;
        bool found = false;
        while (!found && i <= len) {
            size_t j = i;
            while (j < len && head[j] != ',')
                j++;
            size_t a = i, b = j;
            while (a < b && (head[a] == ' ' || head[a] == '"'))
                a++;
            while (b > a && (head[b - 1] == ' ' || head[b - 1] == '"' || head[b - 1] == '\r'))
                b--;
            found = b - a == k && strncasecmp((const char *)head + a, *cols, k) == 0;
            i = j + 1;
        }
        count += found;
    }
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
        return mg_err_set(r->err, MIGDIP_ERR_NOMEM, "%s:%ld: more than %zu rows", r->name, line, max);
    void *p = mg_grow(*v, cap, n + 1, elem);
    if (!p)
        return mg_err_set(r->err, MIGDIP_ERR_NOMEM, "%s: out of memory", r->name);
    *v = p;
    return MIGDIP_OK;
}

migdip_status mg_importer_unmapped(mg_importer_job *r, long line, const char *cell, const char *name)
{
    mg_importer_unmapped_list *l = r->unmapped;
    for (size_t i = 0; i < l->n; i++)
        if (strcmp(l->v[i].name, name) == 0 && strcmp(l->v[i].file, r->name) == 0)
            return MIGDIP_OK;
    migdip_unmapped *v = mg_grow(l->v, &l->cap, l->n + 1, sizeof *v);
    if (!v)
        return mg_err_set(r->err, MIGDIP_ERR_NOMEM, "out of memory");
    l->v = v;
    migdip_unmapped *u = &l->v[l->n];
    u->file = strdup(r->name);
    u->name = strdup(name);
    u->cell = cell ? strdup(cell) : NULL;
    u->line = line;
    if (!u->file || !u->name || (cell && !u->cell)) {
        free(u->file);
        free(u->name);
        free(u->cell);
        return mg_err_set(r->err, MIGDIP_ERR_NOMEM, "out of memory");
    }
    l->n++;
    sqlite3_stmt *st = NULL;
    migdip_status rc = mg_store_prepare(r->db,
        "INSERT INTO unmapped(vintage_id,file,line,cell,name) VALUES(?,?,?,?,?)", &st, r->err);
    if (rc)
        return rc;
    sqlite3_bind_int64(st, 1, r->vintage_id);
    sqlite3_bind_text(st, 2, r->name, -1, SQLITE_STATIC);
    sqlite3_bind_int64(st, 3, line);
    if (cell)
        sqlite3_bind_text(st, 4, cell, -1, SQLITE_STATIC);
    sqlite3_bind_text(st, 5, name, -1, SQLITE_STATIC);
    rc = mg_store_step_done(r->db, st, r->err);
    sqlite3_finalize(st);
    return rc;
}

typedef struct candidate {
    const char *path;
    const char *name;
    const mg_importer *imp;
} candidate;

static int cand_cmp(const void *a, const void *b)
{
    const candidate *x = a, *y = b;
    if (x->imp->stage != y->imp->stage)
        return x->imp->stage - y->imp->stage;
    return strcmp(x->name, y->name);
}

static const mg_importer *recognise(const char *path, const char *name, mg_err *err, migdip_status *rc)
{
    unsigned char *head = malloc(MG_IMPORTER_HEAD_BYTES);
    size_t n = 0;
    if (!head) {
        *rc = mg_err_set(err, MIGDIP_ERR_NOMEM, "out of memory");
        return NULL;
    }
    *rc = mg_fs_read_head(path, head, MG_IMPORTER_HEAD_BYTES, &n, err);
    const mg_importer *found = NULL;
    for (size_t i = 0; !*rc && IMPORTERS[i]; i++) {
        if (IMPORTERS[i]->sniff(path, name, head, n)) {
            found = IMPORTERS[i];
            break;
        }
    }
    free(head);
    return found;
}

void migdip_import_report_free(migdip_import_report *r)
{
    if (!r)
        return;
    for (size_t i = 0; i < r->n_files; i++) {
        free(r->files[i].file);
        free(r->files[i].importer);
    }
    free(r->files);
    for (size_t i = 0; i < r->n_ignored; i++)
        free(r->ignored[i]);
    free(r->ignored);
    for (size_t i = 0; i < r->n_unmapped; i++) {
        free(r->unmapped[i].file);
        free(r->unmapped[i].cell);
        free(r->unmapped[i].name);
    }
    free(r->unmapped);
    free(r);
}

/* Import one recognised file into the open transaction. */
static migdip_status import_one(migdip_ctx *ctx, const candidate *c, const mg_country_map *cm,
                                mg_importer_unmapped_list *unm, migdip_import_file *rep)
{
    mg_err *err = &ctx->err;
    char sha[65];
    migdip_status rc = mg_fs_sha256_file(c->path, sha, err);
    if (rc)
        return rc;
    rep->file = strdup(c->name);
    rep->importer = strdup(c->imp->id);
    if (!rep->file || !rep->importer)
        return mg_err_set(err, MIGDIP_ERR_NOMEM, "out of memory");
    int64_t existing = 0;
    if ((rc = mg_store_vintage_find(ctx->db, sha, &existing, err)))
        return rc;
    if (existing) {
        rep->skipped = 1;
        return MIGDIP_OK;
    }
    struct stat stv;
    mg_store_vintage v = {.file = c->name, .sha256 = sha, .importer = c->imp->id,
                       .bytes = stat(c->path, &stv) == 0 ? (long)stv.st_size : -1};
    mg_importer_job run = {.db = ctx->db, .path = c->path, .name = c->name, .cm = cm, .err = err,
                   .unmapped = unm};
    if ((rc = mg_store_vintage_add(ctx->db, &v, &run.vintage_id, err)))
        return rc;
    if ((rc = c->imp->run(&run)))
        return rc;
    rep->rows = run.rows;
    return mg_store_vintage_update(ctx->db, run.vintage_id, &run.meta, run.rows, err);
}

migdip_status migdip_import_run(migdip_ctx *ctx, const migdip_import_opts *opts, migdip_import_report **out)
{
    mg_err *err = &ctx->err;
    mg_err_clear(err);
    *out = NULL;
    char **paths = NULL;
    size_t n_paths = 0, n_data = 0;
    candidate *cands = NULL;
    size_t n_cands = 0;
    mg_country_map *cm = NULL;
    mg_importer_unmapped_list unm = {0};
    bool in_tx = false;
    migdip_status rc = MIGDIP_OK;
    migdip_import_report *rep = calloc(1, sizeof *rep);
    if (!rep)
        return mg_err_set(err, MIGDIP_ERR_NOMEM, "out of memory");

    if (opts->n_files) {
        paths = calloc(opts->n_files, sizeof *paths);
        if (!paths) {
            rc = mg_err_set(err, MIGDIP_ERR_NOMEM, "out of memory");
            goto cleanup;
        }
        for (; n_paths < opts->n_files; n_paths++) {
            struct stat st;
            if (stat(opts->files[n_paths], &st) != 0 || !S_ISREG(st.st_mode)) {
                rc = mg_err_set(err, MIGDIP_ERR_IO, "%s: no such file", opts->files[n_paths]);
                goto cleanup;
            }
            if (!(paths[n_paths] = strdup(opts->files[n_paths]))) {
                rc = mg_err_set(err, MIGDIP_ERR_NOMEM, "out of memory");
                goto cleanup;
            }
        }
    } else if (opts->data_dir) {
        if ((rc = mg_fs_list_files(opts->data_dir, &paths, &n_paths, err)))
            goto cleanup;
        n_data = n_paths;
        char regdir[4096];
        if (!opts->no_registry && mg_imp_registry_builtin_dir(regdir, sizeof regdir) == MIGDIP_OK) {
            char **reg = NULL;
            size_t n_reg = 0;
            if ((rc = mg_fs_list_files(regdir, &reg, &n_reg, err)))
                goto cleanup;
            char **all = realloc(paths, (n_paths + n_reg + 1) * sizeof *all);
            if (!all) {
                mg_fs_free_list(reg, n_reg);
                rc = mg_err_set(err, MIGDIP_ERR_NOMEM, "out of memory");
                goto cleanup;
            }
            paths = all;
            memcpy(paths + n_paths, reg, n_reg * sizeof *reg);
            n_paths += n_reg;
            free(reg);
        }
    } else {
        rc = mg_err_set(err, MIGDIP_ERR_USAGE, "import: no data directory and no files given");
        goto cleanup;
    }

    cands = calloc(n_paths ? n_paths : 1, sizeof *cands);
    rep->ignored = calloc(n_paths ? n_paths : 1, sizeof *rep->ignored);
    if (!cands || !rep->ignored) {
        rc = mg_err_set(err, MIGDIP_ERR_NOMEM, "out of memory");
        goto cleanup;
    }
    for (size_t i = 0; i < n_paths; i++) {
        /* files of the built-in registry are named "registry/..." (they sort after "codes/") */
        const char *name = opts->n_files ? paths[i]
                           : i < n_data  ? mg_fs_relative(paths[i], opts->data_dir)
                                         : mg_fs_relative(paths[i], MIGDIP_SOURCE_DIR "/data");
        const mg_importer *imp = recognise(paths[i], name, err, &rc);
        if (rc)
            goto cleanup;
        if (imp) {
            cands[n_cands++] = (candidate){paths[i], name, imp};
        } else if (!(rep->ignored[rep->n_ignored++] = strdup(name))) {
            rc = mg_err_set(err, MIGDIP_ERR_NOMEM, "out of memory");
            goto cleanup;
        }
    }
    if (opts->n_files && rep->n_ignored) {
        rc = mg_err_set(err, MIGDIP_ERR_SCHEMA,
                        "%s: not a recognised data file (docs/importers.md lists the formats read)",
                        rep->ignored[0]);
        goto cleanup;
    }
    qsort(cands, n_cands, sizeof *cands, cand_cmp);
    rep->files = calloc(n_cands ? n_cands : 1, sizeof *rep->files);
    if (!rep->files) {
        rc = mg_err_set(err, MIGDIP_ERR_NOMEM, "out of memory");
        goto cleanup;
    }

    /* A bulk load writes each page once with a rollback journal, twice with WAL (log, then
     * checkpoint); the journal mode goes back to WAL when the import ends (docs/store.md). */
    if ((rc = mg_store_exec(ctx->db, "PRAGMA journal_mode=DELETE", err)) ||
        (rc = mg_store_exec(ctx->db, "BEGIN IMMEDIATE", err)))
        goto cleanup;
    in_tx = true;
    if ((rc = mg_country_seed_builtin(ctx->db, err)))
        goto cleanup;
    for (size_t i = 0; i < n_cands; i++) {
        if (opts->progress)
            opts->progress(opts->progress_ud, cands[i].name, i, n_cands);
        /* crosswalk files change the map, so reload before every file that follows one */
        if (!cm || (i > 0 && cands[i - 1].imp->stage == MG_IMPORTER_STAGE_CODES)) {
            mg_country_map_free(cm);
            cm = NULL;
            if ((rc = mg_country_map_load(ctx->db, &cm, err)))
                goto cleanup;
        }
        rc = import_one(ctx, &cands[i], cm, &unm, &rep->files[rep->n_files++]);
        if (rc)
            goto cleanup;
        rep->rows += rep->files[rep->n_files - 1].rows;
    }
    for (size_t i = 0; POST_STEPS[i]; i++)
        if ((rc = POST_STEPS[i](ctx->db, err)))
            goto cleanup;
    if ((rc = mg_store_exec(ctx->db, "COMMIT", err)))
        goto cleanup;
    in_tx = false;
    rep->unmapped = unm.v;
    rep->n_unmapped = unm.n;
    unm.v = NULL;
    unm.n = 0;
    *out = rep;
    rep = NULL;

cleanup:
    if (in_tx)
        sqlite3_exec(ctx->db, "ROLLBACK", NULL, NULL, NULL);
    sqlite3_exec(ctx->db, "PRAGMA journal_mode=WAL", NULL, NULL, NULL);
    for (size_t i = 0; i < unm.n; i++) {
        free(unm.v[i].file);
        free(unm.v[i].cell);
        free(unm.v[i].name);
    }
    free(unm.v);
    mg_country_map_free(cm);
    free(cands);
    mg_fs_free_list(paths, n_paths);
    migdip_import_report_free(rep);
    return rc;
}
