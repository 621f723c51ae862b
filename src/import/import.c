/* import.c - the import dispatcher: finds the files a directory holds, asks each importer
 * whether it reads them, and imports them in one transaction (all or nothing). A file whose
 * sha256 is already in the store is skipped, so importing twice changes nothing. */
#include <stdlib.h>
#include <string.h>
#include <sys/stat.h>

#include "import/imp_registry.h"
#include "import/importer.h"
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
    migdip_status rc = mg_hash_sha256_file(c->path, sha, err);
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

migdip_status migdip_import(migdip_ctx *ctx, const migdip_import_opts *opts, migdip_import_report **out)
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
                        "%s: not a recognised data file (see `migdip import --help` for the formats read)",
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
