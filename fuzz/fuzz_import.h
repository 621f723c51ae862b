/* fuzz_import.h - the harness the importer fuzz targets share: the input is imported from
 * memory under the target's file name (as the built-in registry is, through the dispatcher's
 * mg_import_inputs) into a fresh SQLite store in memory seeded with a few countries; in
 * replays (ctest) the same bytes are also imported as a file through the public API into a
 * second store, which must end the same way: same success, rows, files and unmapped names. Errors are
 * expected; crashes, leaks, a failed import that leaves no message, and a file and its bytes
 * that import differently are not. Built with -DMG_FUZZ_STANDALONE, fuzz_main replays
 * the files named on the command line, or with no arguments the target's built-in inputs and
 * deterministic mutations of them (truncations, and bytes replaced by characters that
 * matter to a parser), so that every target runs as a test under ctest. */
#ifndef MG_FUZZ_IMPORT_H
#define MG_FUZZ_IMPORT_H

#include <stdbool.h>
#include <stdint.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <unistd.h>

#include <sqlite3.h>

#include "import/import.h"
#include "import/importer.h"
#include "migdip/migdip.h"
#include "store/ctx.h"
#include "store/country.h"

#include "fuzz_replay.h"

typedef struct fuzz_target {
    const char *file_name;        /* the input's name in the temp directory (importers sniff it) */
    const char *seed_sql;         /* run on the fresh store before the import (may be NULL) */
    const char *const *samples;   /* built-in inputs (NUL-terminated text) */
    size_t n_samples;
    const char *special;          /* bytes the mutations write */
    size_t n_special;
    /* or the name by content (a format read from a zip or from a CSV); NULL: file_name */
    const char *(*name_for)(const uint8_t *data, size_t size);
    bool reimport_unchanged;      /* also import a success a second time: it must store nothing */
} fuzz_target;

/* The store every input of this process starts from: in memory, migrated, seeded with
 * t->seed_sql and the built-in countries, and its country map (one target per process). */
static migdip_ctx *fuzz_template;
static mg_country_map *fuzz_template_cm;

static inline void fuzz_template_open(const fuzz_target *t)
{
    if (fuzz_template)
        return;
    if (migdip_ctx_open(":memory:", &fuzz_template) != MIGDIP_OK)
        abort();
    if (t->seed_sql && sqlite3_exec(fuzz_template->db, t->seed_sql, NULL, NULL, NULL) != SQLITE_OK)
        abort();
    if (mg_country_seed_builtin(fuzz_template->db, &fuzz_template->err) != MIGDIP_OK ||
        mg_country_map_load(fuzz_template->db, &fuzz_template_cm, &fuzz_template->err) != MIGDIP_OK)
        abort();
}

/* A fresh store in memory: a copy (sqlite3_backup) of the template, since building the
 * schema costs ten times an import of a small input. */
static inline migdip_ctx *fuzz_store(const fuzz_target *t)
{
    fuzz_template_open(t);
    migdip_ctx *ctx = calloc(1, sizeof *ctx);
    if (!ctx || !(ctx->db_path = strdup(":memory:")) ||
        sqlite3_open_v2(":memory:", &ctx->db, SQLITE_OPEN_READWRITE | SQLITE_OPEN_NOMUTEX, NULL) != SQLITE_OK)
        abort();
    sqlite3_backup *b = sqlite3_backup_init(ctx->db, "main", fuzz_template->db, "main");
    if (!b || sqlite3_backup_step(b, -1) != SQLITE_DONE || sqlite3_backup_finish(b) != SQLITE_OK ||
        sqlite3_exec(ctx->db, "PRAGMA foreign_keys=ON; PRAGMA temp_store=MEMORY;", NULL, NULL, NULL) != SQLITE_OK)
        abort();
    return ctx;
}

/* The fast path libFuzzer runs: the input read by its importer inside a savepoint of the
 * template store, always rolled back (mg_import_probe). A failure must say why. */
static inline migdip_status fuzz_probe(const fuzz_target *t, const mg_import_input *in, long *rows)
{
    fuzz_template_open(t);
    const char *importer = NULL;
    size_t n_unmapped = 0;
    migdip_status st = mg_import_probe(fuzz_template, in, fuzz_template_cm, &importer, rows, &n_unmapped);
    if (st != MIGDIP_OK && migdip_ctx_errmsg(fuzz_template)[0] == '\0')
        abort();
    return st;
}

#ifdef MG_FUZZ_STANDALONE
/* The same bytes as a file, imported through the public API (migdip_import_run) into another
 * store in memory: the outcome must be the one from memory (st, and rep when it succeeded).
 * Only for inputs that fit in a sniffer's head, so that both ways show the sniffers the same
 * bytes; only in replays (ctest), as it costs a file per input. */
static inline void fuzz_file_agrees(const fuzz_target *t, const char *name, const uint8_t *data, size_t size,
                                    migdip_status st, const migdip_import_report *rep)
{
    if (size > MG_IMPORTER_HEAD_BYTES)
        return;
    char dir[64], path[320];
    snprintf(dir, sizeof dir, "%s/migdip-fuzz-XXXXXX", access("/dev/shm", W_OK) == 0 ? "/dev/shm" : "/tmp");
    if (!mkdtemp(dir))
        return;
    snprintf(path, sizeof path, "%s/%s", dir, name);
    FILE *f = fopen(path, "wb");
    if (!f || fwrite(data, 1, size, f) != size) {
        if (f)
            fclose(f);
        unlink(path);
        rmdir(dir);
        return;
    }
    fclose(f);
    migdip_ctx *ctx = fuzz_store(t);
    const char *files[] = {path};
    migdip_import_opts o = {.files = files, .n_files = 1};
    migdip_import_report *frep = NULL;
    migdip_status fst = migdip_import_run(ctx, &o, &frep);
    if ((fst == MIGDIP_OK) != (st == MIGDIP_OK) || (fst != MIGDIP_OK && migdip_ctx_errmsg(ctx)[0] == '\0'))
        abort();
    if (fst == MIGDIP_OK && (frep->rows != rep->rows || frep->n_files != rep->n_files ||
                             frep->n_unmapped != rep->n_unmapped))
        abort();
    migdip_import_report_free(frep);
    migdip_ctx_close(ctx);
    unlink(path);
    rmdir(dir);
}
#endif

/* One input, imported from memory under the target's file name. Under libFuzzer: the fast
 * path (fuzz_probe, thousands a second). In replays (ctest): also the whole import into a
 * fresh store copied from the template (dispatcher, post-import steps, coverage) and, for
 * inputs that fit in a sniffer's head, as a file through the public API; the three must
 * agree. Errors are expected; a crash, a leak, a failed import without a message, or a
 * success without a report are not. */
static inline int fuzz_import_one(const fuzz_target *t, const uint8_t *data, size_t size)
{
    const char *name = t->name_for ? t->name_for(data, size) : t->file_name;
    mg_import_input in = {.mem = data, .len = size, .name = name};
    long probe_rows = 0;
    migdip_status pst = fuzz_probe(t, &in, &probe_rows);
#ifdef MG_FUZZ_STANDALONE
    migdip_ctx *ctx = fuzz_store(t);
    migdip_import_report *rep = NULL;
    migdip_status st = mg_import_inputs(ctx, &in, 1, true, NULL, NULL, &rep);
    if (st != MIGDIP_OK && (rep || migdip_ctx_errmsg(ctx)[0] == '\0'))
        abort();
    if (st == MIGDIP_OK && (!rep || pst != MIGDIP_OK || rep->rows != probe_rows))
        abort(); /* the probe must read what the import reads */
    fuzz_file_agrees(t, name, data, size, st, rep);
    if (st == MIGDIP_OK && t->reimport_unchanged) {
        migdip_import_report *again = NULL;
        if (mg_import_inputs(ctx, &in, 1, true, NULL, NULL, &again) == MIGDIP_OK && again->rows != 0)
            abort();
        migdip_import_report_free(again);
    }
    migdip_import_report_free(rep);
    migdip_ctx_close(ctx);
#else
    (void)pst;
#endif
    return 0;
}

#ifdef MG_FUZZ_STANDALONE
/* The built-in inputs, every prefix length in steps, and 24 mutations of each (a
 * deterministic LCG picks where and what). */
static inline int fuzz_builtin(const fuzz_target *t)
{
    uint32_t lcg = 12345;
    int n = 0;
    for (size_t s = 0; s < t->n_samples; s++) {
        size_t len = strlen(t->samples[s]);
        uint8_t *buf = malloc(len + 1);
        if (!buf)
            return 1;
        fuzz_import_one(t, (const uint8_t *)t->samples[s], len), n++;
        for (size_t cut = 0; cut < len; cut += len / 7 + 1)
            fuzz_import_one(t, (const uint8_t *)t->samples[s], cut), n++;
        for (int m = 0; m < 24 && len; m++) {
            memcpy(buf, t->samples[s], len);
            for (int k = 0; k < 1 + m % 3; k++) {
                lcg = lcg * 1664525u + 1013904223u;
                buf[(lcg >> 8) % len] = (uint8_t)t->special[(lcg >> 20) % t->n_special];
            }
            fuzz_import_one(t, buf, len), n++;
        }
        free(buf);
    }
    printf("ran %d built-in input(s)\n", n);
    return 0;
}
#endif

/* Define the libFuzzer entry point (and the standalone main) for target T. */
#ifdef MG_FUZZ_STANDALONE
#define FUZZ_IMPORT_TARGET(T)                                                                      \
    int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size);                                  \
    int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size) { return fuzz_import_one(&T, data, size); } \
    static int fuzz_builtin_T(void) { return fuzz_builtin(&T); }                                   \
    int main(int argc, char **argv) { return fuzz_replay_main(argc, argv, LLVMFuzzerTestOneInput, fuzz_builtin_T); }
#else
#define FUZZ_IMPORT_TARGET(T)                                                                      \
    int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size);                                  \
    int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size) { return fuzz_import_one(&T, data, size); }
#endif

#endif
