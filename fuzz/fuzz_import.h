/* fuzz_import.h - the harness the importer fuzz targets share: the input is written to a
 * temporary file under the target's file name and imported through the public API into a
 * fresh store seeded with a few countries; then the same bytes are imported from memory (as
 * the built-in registry is, through the dispatcher's mg_import_inputs) into a second fresh
 * store, which must end the same way: same success, rows, files and unmapped names. Errors are
 * expected; crashes, leaks, a failed import that leaves no message, and a file and its bytes
 * that import differently are not. Built with -DMG_FUZZ_STANDALONE, fuzz_main replays
 * the files named on the command line, or with no arguments the target's built-in inputs and
 * deterministic mutations of them (truncations, and bytes replaced by characters that
 * matter to a parser), so that every target runs as a test under ctest. */
#ifndef MG_FUZZ_IMPORT_H
#define MG_FUZZ_IMPORT_H

#include <stdint.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <unistd.h>

#include <sqlite3.h>

#include "import/import.h"
#include "import/importer.h"
#include "migdip/migdip.h"

typedef struct fuzz_target {
    const char *file_name;        /* the input's name in the temp directory (importers sniff it) */
    const char *seed_sql;         /* run on the fresh store before the import (may be NULL) */
    const char *const *samples;   /* built-in inputs (NUL-terminated text) */
    size_t n_samples;
    const char *special;          /* bytes the mutations write */
    size_t n_special;
    /* or the name by content (a format read from a zip or from a CSV); NULL: file_name */
    const char *(*name_for)(const uint8_t *data, size_t size);
} fuzz_target;

static inline void fuzz_rm_rf(const char *dir, const char *file_name)
{
    const char *names[] = {file_name,   "migdip.db",     "migdip.db-wal",     "migdip.db-shm",
                           "migdip.db-journal", "memory.db", "memory.db-wal", "memory.db-shm",
                           "memory.db-journal"};
    char p[256];
    for (size_t i = 0; i < sizeof names / sizeof *names; i++) {
        snprintf(p, sizeof p, "%s/%s", dir, names[i]);
        unlink(p);
    }
    rmdir(dir);
}

/* A fresh store at db_path, seeded with t->seed_sql. */
static migdip_ctx *fuzz_store(const fuzz_target *t, const char *db_path)
{
    migdip_ctx *ctx = NULL;
    if (migdip_ctx_open(db_path, &ctx) != MIGDIP_OK)
        abort();
    if (t->seed_sql) {
        sqlite3 *db = NULL;
        if (sqlite3_open(db_path, &db) != SQLITE_OK || sqlite3_exec(db, t->seed_sql, NULL, NULL, NULL) != SQLITE_OK)
            abort();
        sqlite3_close(db);
    }
    return ctx;
}

/* The bytes of the file at path imported from memory, under the same name (path), into a fresh
 * store beside it: the outcome must be the file's (st, and rep when it succeeded). Only for
 * inputs that fit in a sniffer's head, so that both ways show the sniffers the same bytes. */
static inline void fuzz_memory_agrees(const fuzz_target *t, const char *dir, const char *path, const uint8_t *data,
                               size_t size, migdip_status st, const migdip_import_report *rep)
{
    if (size > MG_IMPORTER_HEAD_BYTES)
        return;
    char db_path[96];
    snprintf(db_path, sizeof db_path, "%s/memory.db", dir);
    migdip_ctx *ctx = fuzz_store(t, db_path);
    mg_import_input in = {.mem = data, .len = size, .name = path};
    migdip_import_report *mrep = NULL;
    migdip_status mst = mg_import_inputs(ctx, &in, 1, true, NULL, NULL, &mrep);
    if ((mst == MIGDIP_OK) != (st == MIGDIP_OK) || (mst != MIGDIP_OK && migdip_ctx_errmsg(ctx)[0] == '\0'))
        abort();
    if (mst == MIGDIP_OK && (mrep->rows != rep->rows || mrep->n_files != rep->n_files ||
                             mrep->n_unmapped != rep->n_unmapped))
        abort();
    migdip_import_report_free(mrep);
    migdip_ctx_close(ctx);
}

static inline int fuzz_import_one(const fuzz_target *t, const uint8_t *data, size_t size)
{
    const char *name = t->name_for ? t->name_for(data, size) : t->file_name;
    /* a memory file system when there is one: two stores are created per input */
    char dir[64];
    snprintf(dir, sizeof dir, "%s/migdip-fuzz-XXXXXX", access("/dev/shm", W_OK) == 0 ? "/dev/shm" : "/tmp");
    if (!mkdtemp(dir))
        return 0;
    char path[256], db_path[96];
    snprintf(path, sizeof path, "%s/%s", dir, name);
    snprintf(db_path, sizeof db_path, "%s/migdip.db", dir);
    FILE *f = fopen(path, "wb");
    if (!f || fwrite(data, 1, size, f) != size) {
        if (f)
            fclose(f);
        fuzz_rm_rf(dir, name);
        return 0;
    }
    fclose(f);
    migdip_ctx *ctx = fuzz_store(t, db_path);
    const char *files[] = {path};
    migdip_import_opts o = {.files = files, .n_files = 1};
    migdip_import_report *rep = NULL;
    migdip_status st = migdip_import_run(ctx, &o, &rep);
    if (st != MIGDIP_OK && (rep || migdip_ctx_errmsg(ctx)[0] == '\0'))
        abort();
    if (st == MIGDIP_OK && !rep)
        abort();
    fuzz_memory_agrees(t, dir, path, data, size, st, rep);
    migdip_import_report_free(rep);
    migdip_ctx_close(ctx);
    fuzz_rm_rf(dir, name);
    return 0;
}

#ifdef MG_FUZZ_STANDALONE
/* Read a whole file into a malloc'ed buffer (NULL on failure). */
static uint8_t *fuzz_read_file(const char *path, size_t *len)
{
    FILE *f = fopen(path, "rb");
    if (!f)
        return NULL;
    size_t cap = 1 << 16, got;
    uint8_t *buf = malloc(cap);
    *len = 0;
    while (buf && (got = fread(buf + *len, 1, cap - *len, f)) > 0) {
        *len += got;
        if (*len == cap) {
            uint8_t *bigger = realloc(buf, cap *= 2);
            if (!bigger) {
                free(buf);
                buf = NULL;
            }
            buf = bigger;
        }
    }
    fclose(f);
    return buf;
}

/* Replay argv[1..] with fn, or with no arguments run `builtin`. */
static inline int fuzz_replay_main(int argc, char **argv, int (*fn)(const uint8_t *, size_t), int (*builtin)(void))
{
    if (argc < 2)
        return builtin();
    for (int i = 1; i < argc; i++) {
        size_t len = 0;
        uint8_t *buf = fuzz_read_file(argv[i], &len);
        if (!buf) {
            perror(argv[i]);
            return 1;
        }
        fn(buf, len);
        free(buf);
    }
    printf("replayed %d input(s)\n", argc - 1);
    return 0;
}

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
