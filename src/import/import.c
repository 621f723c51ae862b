/* import.c - the import dispatcher: finds the files a directory holds (and, with a directory,
 * the built-in registry compiled into the library), asks each importer whether it reads them,
 * and imports them in one transaction (all or nothing). An input whose sha256 is already in
 * the store is skipped, so importing twice changes nothing. */
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/stat.h>

#include "import/import.h"

#include "import/imp_registry.h"
#include "import/imp_registry_builtin.h"
#include "import/importer.h"
#include "store/cache.h"
#include "store/ctx.h"
#include "util/fs.h"
#include "util/hash.h"

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

/* An input and the importer that reads it. */
typedef struct candidate {
    mg_import_input in;
    const mg_importer *imp;
    xlsx_book *book; /* the workbook its sniffers opened (owned), read by the importer; or NULL */
} candidate;

static int cand_cmp(const void *a, const void *b)
{
    const candidate *x = a, *y = b;
    if (x->imp->stage != y->imp->stage)
        return x->imp->stage - y->imp->stage;
    return strcmp(x->in.name, y->in.name);
}

/* The importer that reads c (the first whose sniff says yes), or NULL. A file's sniffers see
 * its first MG_IMPORTER_HEAD_BYTES; an input in memory is shown whole. The sniffers that look
 * inside a workbook share one opening of it, handed on in *book (owned by the caller; NULL
 * when none opened it or no importer reads it) so that the importer reads it without opening
 * it again. */
static const mg_importer *recognise(const mg_import_input *c, xlsx_book **book, mg_err *err, migdip_status *rc)
{
    *book = NULL;
    unsigned char *buf = NULL;
    const unsigned char *head = c->mem;
    size_t n = c->len;
    *rc = MIGDIP_OK;
    if (c->path) {
        if (!(buf = malloc(MG_IMPORTER_HEAD_BYTES))) {
            *rc = mg_err_set(err, MIGDIP_ERR_NOMEM, "out of memory");
            return NULL;
        }
        *rc = mg_fs_read_head(c->path, buf, MG_IMPORTER_HEAD_BYTES, &n, err);
        head = buf;
    }
    const mg_importer *found = NULL;
    mg_importer_sniff_failed();
    mg_importer_sniff_begin(c->path, head, n);
    for (size_t i = 0; !*rc && IMPORTERS[i]; i++) {
        bool yes = IMPORTERS[i]->sniff(c->path, c->name, head, n);
        migdip_status why = mg_importer_sniff_failed();
        if (why) {
            /* a sniffer could not decide: never "not recognised" for want of memory or a read */
            *rc = why == MIGDIP_ERR_NOMEM
                      ? mg_err_set(err, why, "%s: out of memory while recognising it", c->name)
                      : mg_err_set(err, why, "%s: cannot read it while recognising it", c->name);
            found = NULL;
            break;
        }
        if (yes) {
            found = IMPORTERS[i];
            break;
        }
    }
    *book = mg_importer_sniff_end(found != NULL);
    free(buf);
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
    for (size_t i = 0; i < r->n_not_read; i++)
        free(r->not_read[i]);
    free(r->not_read);
    for (size_t i = 0; i < r->n_unmapped; i++)
        free(r->unmapped[i].file); /* name and cell are in the same allocation (importer.h) */
    free(r->unmapped);
    free(r);
}

/* Import one recognised input into the open transaction. */
static migdip_status import_one(migdip_ctx *ctx, candidate *cand, const mg_country_map *cm,
                                mg_importer_unmapped_list *unm, migdip_import_file *rep)
{
    mg_err *err = &ctx->err;
    const mg_import_input *c = &cand->in;
    char sha[65];
    migdip_status rc = c->path ? mg_hash_sha256_file(c->path, sha, err) : mg_hash_sha256_mem(c->mem, c->len, sha, err);
    if (rc)
        return rc;
    rep->file = strdup(c->name);
    rep->importer = strdup(cand->imp->id);
    if (!rep->file || !rep->importer)
        return mg_err_set(err, MIGDIP_ERR_NOMEM, "out of memory");
    int64_t existing = 0;
    if ((rc = mg_store_vintage_find(&ctx->stmts, ctx->db, sha, &existing, err)))
        return rc;
    if (existing) {
        rep->skipped = 1;
        mg_xlsx_close(cand->book);
        cand->book = NULL;
        return MIGDIP_OK;
    }
    struct stat stv;
    long bytes = !c->path ? (long)c->len : stat(c->path, &stv) == 0 ? (long)stv.st_size : -1;
    mg_store_vintage v = {.file = c->name, .sha256 = sha, .importer = cand->imp->id, .bytes = bytes};
    mg_importer_job run = {.db = ctx->db, .path = c->path, .mem = c->mem, .len = c->len, .name = c->name,
                           .cm = cm, .err = err, .unmapped = unm, .book = cand->book,
                           .stmts = &ctx->stmts};
    cand->book = NULL; /* the job's now: the importer closes it once it opened it */
    size_t unmapped_from = unm->n;
    if (!(rc = mg_store_vintage_add(&ctx->stmts, ctx->db, &v, &run.vintage_id, err)))
        rc = cand->imp->run(&run);
    mg_xlsx_close(run.book); /* not taken by the importer */
    /* the names the importer could not map, written in one go rather than one by one */
    if (rc || (rc = mg_importer_unmapped_write(&run, unmapped_from)))
        return rc;
    rep->rows = run.rows;
    return mg_store_vintage_update(&ctx->stmts, ctx->db, run.vintage_id, &run.meta, run.rows, err);
}

/* One statement of the probe's savepoint, kept prepared in the context. */
static migdip_status probe_step(migdip_ctx *ctx, const char *sql, mg_err *err)
{
    sqlite3_stmt *st = NULL;
    migdip_status rc = mg_store_cached(&ctx->stmts, ctx->db, sql, &st, err);
    if (!rc)
        rc = mg_store_step_done(ctx->db, st, err);
    mg_store_uncache(&ctx->stmts, st);
    return rc;
}

migdip_status mg_import_probe(migdip_ctx *ctx, const mg_import_input *in, const mg_country_map *cm,
                              const char **importer, long *rows, size_t *n_unmapped)
{
    mg_err *err = &ctx->err;
    mg_err_clear(err);
    *importer = NULL;
    *rows = 0;
    *n_unmapped = 0;
    migdip_status rc = MIGDIP_OK;
    xlsx_book *book = NULL;
    const mg_importer *imp = recognise(in, &book, err, &rc);
    if (rc)
        return rc;
    if (!imp)
        return mg_err_set(err, MIGDIP_ERR_SCHEMA, "%s: not a recognised data file", in->name);
    *importer = imp->id;
    /* the registry's temp tables outside the savepoint: rolled back, their creation would
     * make SQLite read the schema again at every probe */
    if (sqlite3_table_column_metadata(ctx->db, "temp", "registry_ref", NULL, NULL, NULL, NULL, NULL, NULL) != SQLITE_OK &&
        (rc = mg_imp_registry_bookkeeping(ctx->db, err))) {
        mg_xlsx_close(book);
        return rc;
    }
    static const char SAVE[] = "SAVEPOINT probe", BACK[] = "ROLLBACK TO probe", RELEASE[] = "RELEASE probe";
    if ((rc = probe_step(ctx, SAVE, err))) {
        mg_xlsx_close(book);
        return rc;
    }
    candidate cand = {*in, imp, book};
    mg_importer_unmapped_list unm = {0};
    migdip_import_file f = {0};
    rc = import_one(ctx, &cand, cm, &unm, &f);
    mg_err scratch = {0}; /* the import's message stays */
    if (probe_step(ctx, BACK, &scratch) || probe_step(ctx, RELEASE, &scratch))
        sqlite3_exec(ctx->db, "ROLLBACK TO probe; RELEASE probe", NULL, NULL, NULL);
    *rows = f.rows;
    *n_unmapped = unm.n;
    mg_importer_unmapped_free(&unm);
    free(f.file);
    free(f.importer);
    return rc;
}

/* The id the next vintage will get (ids only grow within a store). */
static migdip_status next_vintage_id(sqlite3 *db, int64_t *id, mg_err *err)
{
    sqlite3_stmt *st = NULL;
    migdip_status rc = mg_store_prepare(db, "SELECT coalesce(max(id), 0) + 1 FROM vintage", &st, err);
    if (rc)
        return rc;
    *id = sqlite3_step(st) == SQLITE_ROW ? sqlite3_column_int64(st, 0) : 1;
    sqlite3_finalize(st);
    return MIGDIP_OK;
}

static migdip_status import_coverage(sqlite3 *db, int64_t first_id, mg_err *err)
{
    bool complete = false;
    migdip_status rc = mg_store_coverage_complete(db, &complete, err);
    if (rc)
        return rc;
    char sel[128];
    snprintf(sel, sizeof sel, "SELECT id FROM vintage WHERE id >= %lld OR file = '(derived)'", (long long)first_id);
    return mg_store_coverage_fill(db, complete ? sel : NULL, err);
}

/* BEGIN IMMEDIATE, waiting up to wait_seconds (0: MG_IMPORT_WAIT_DEFAULT) for another
 * writer (an import in another process) to finish; then a message that says so. */
static migdip_status begin_write(migdip_ctx *ctx, int wait_seconds)
{
    int wait = wait_seconds > 0 ? wait_seconds : MG_IMPORT_WAIT_DEFAULT;
    sqlite3_busy_timeout(ctx->db, wait * 1000);
    int src = sqlite3_exec(ctx->db, "BEGIN IMMEDIATE", NULL, NULL, NULL);
    sqlite3_busy_timeout(ctx->db, MG_STORE_BUSY_MS);
    if (src == SQLITE_BUSY || src == SQLITE_LOCKED)
        return mg_err_set(&ctx->err, MIGDIP_ERR_DB,
                          "store: another import is writing to it; waited %d s (import --wait SECONDS"
                          " waits longer); nothing was imported",
                          wait);
    if (src != SQLITE_OK)
        return mg_err_set(&ctx->err, MIGDIP_ERR_DB, "store: cannot start the import: %s", sqlite3_errmsg(ctx->db));
    return MIGDIP_OK;
}

migdip_status mg_import_inputs(migdip_ctx *ctx, const mg_import_input *in, size_t n, bool strict,
                               migdip_progress_fn progress, void *progress_ud, migdip_import_report **out)
{
    return mg_import_inputs_wait(ctx, in, n, strict, 0, progress, progress_ud, out);
}

migdip_status mg_import_inputs_wait(migdip_ctx *ctx, const mg_import_input *in, size_t n, bool strict,
                                    int wait_seconds, migdip_progress_fn progress, void *progress_ud,
                                    migdip_import_report **out)
{
    mg_err *err = &ctx->err;
    mg_err_clear(err);
    *out = NULL;
    candidate *cands = NULL;
    size_t n_cands = 0;
    mg_country_map *cm = NULL;
    mg_importer_unmapped_list unm = {0};
    bool in_tx = false;
    int64_t first_id = 0;
    migdip_status rc = MIGDIP_OK;
    migdip_import_report *rep = calloc(1, sizeof *rep);
    if (!rep)
        return mg_err_set(err, MIGDIP_ERR_NOMEM, "out of memory");
    cands = calloc(n ? n : 1, sizeof *cands);
    rep->ignored = calloc(n ? n : 1, sizeof *rep->ignored);
    if (!cands || !rep->ignored) {
        rc = mg_err_set(err, MIGDIP_ERR_NOMEM, "out of memory");
        goto cleanup;
    }
    for (size_t i = 0; i < n; i++) {
        xlsx_book *book = NULL;
        const mg_importer *imp = recognise(&in[i], &book, err, &rc);
        if (rc)
            goto cleanup;
        if (imp) {
            cands[n_cands++] = (candidate){in[i], imp, book};
        } else if (!(rep->ignored[rep->n_ignored++] = strdup(in[i].name))) {
            rc = mg_err_set(err, MIGDIP_ERR_NOMEM, "out of memory");
            goto cleanup;
        }
    }
    if (strict && rep->n_ignored) {
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

    /* The store stays in WAL mode, as every connection opens it: readers keep reading the
     * store as it was until the import commits (docs/store.md, "Readers during an import").
     * The write lock is taken once the inputs are recognised; a second import waits for it. */
    if ((rc = begin_write(ctx, wait_seconds)))
        goto cleanup;
    in_tx = true;
    if ((rc = mg_country_seed_builtin(ctx->db, err)) || (rc = next_vintage_id(ctx->db, &first_id, err)))
        goto cleanup;
    for (size_t i = 0; i < n_cands; i++) {
        if (progress)
            progress(progress_ud, cands[i].in.name, i, n_cands);
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
    /* Coverage kept with the vintage, once, from the value tables: the vintages of this run
     * and the derived ones the post steps rewrote; every vintage if the store was imported
     * before coverage was kept (sources reads the table, it does not scan values). */
    if ((rc = import_coverage(ctx->db, first_id, err)))
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
    mg_importer_unmapped_free(&unm);
    mg_country_map_free(cm);
    for (size_t i = 0; i < n_cands; i++)
        mg_xlsx_close(cands[i].book);
    free(cands);
    migdip_import_report_free(rep);
    return rc;
}

migdip_status migdip_import_run(migdip_ctx *ctx, const migdip_import_opts *opts, migdip_import_report **out)
{
    mg_err *err = &ctx->err;
    mg_err_clear(err);
    *out = NULL;
    char **paths = NULL, **not_read = NULL;
    size_t n_paths = 0, n_builtin = 0, n_not_read = 0;
    mg_import_input *in = NULL;
    migdip_status rc = MIGDIP_OK;
    if (opts->n_files) {
        if (!(paths = calloc(opts->n_files, sizeof *paths)))
            return mg_err_set(err, MIGDIP_ERR_NOMEM, "out of memory");
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
        if ((rc = mg_fs_walk(opts->data_dir, &paths, &n_paths, &not_read, &n_not_read, err)))
            goto cleanup;
        /* the built-in registry, from memory, named "registry/..." (its files sort after the
         * crosswalks of "codes/", so their ISO3 codes map) */
        if (!opts->no_registry)
            n_builtin = mg_imp_registry_builtin_count;
    } else {
        return mg_err_set(err, MIGDIP_ERR_USAGE, "import: no data directory and no files given");
    }
    size_t n = n_paths + n_builtin;
    if (!(in = calloc(n ? n : 1, sizeof *in))) {
        rc = mg_err_set(err, MIGDIP_ERR_NOMEM, "out of memory");
        goto cleanup;
    }
    for (size_t i = 0; i < n_paths; i++)
        in[i] = (mg_import_input){.path = paths[i],
                                  .name = opts->n_files ? paths[i] : mg_fs_relative(paths[i], opts->data_dir)};
    for (size_t i = 0; i < n_builtin; i++) {
        const mg_imp_registry_builtin_file *b = &mg_imp_registry_builtin_files[i];
        in[n_paths + i] = (mg_import_input){.mem = b->bytes, .len = b->len, .name = b->name};
    }
    /* files named one by one must all be read; a directory may hold others */
    rc = mg_import_inputs_wait(ctx, in, n, opts->n_files > 0, opts->wait_seconds, opts->progress,
                               opts->progress_ud, out);
    if (!rc) { /* the cached panels were built from the data before (their keys no longer match) */
        char *cache = mg_cache_dir(ctx->db_path);
        mg_cache_clear(cache);
        free(cache);
    }
    /* every entry of the directory that is not a file is said, never passed over in silence */
    if (!rc && n_not_read) {
        if (!((*out)->not_read = calloc(n_not_read, sizeof *(*out)->not_read))) {
            rc = mg_err_set(err, MIGDIP_ERR_NOMEM, "out of memory");
        } else {
            for (size_t i = 0; i < n_not_read && !rc; i++) {
                if (!((*out)->not_read[i] = strdup(mg_fs_relative(not_read[i], opts->data_dir))))
                    rc = mg_err_set(err, MIGDIP_ERR_NOMEM, "out of memory");
                else
                    (*out)->n_not_read++;
            }
        }
        if (rc) {
            migdip_import_report_free(*out);
            *out = NULL;
        }
    }

cleanup:
    free(in);
    mg_fs_free_list(paths, n_paths);
    mg_fs_free_list(not_read, n_not_read);
    return rc;
}
