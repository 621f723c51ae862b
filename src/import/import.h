/* import.h - the dispatcher (import.c) for callers inside the library and for its tests and
 * fuzz targets: import a list of inputs, each a file or bytes in memory, the way
 * migdip_import imports the files of a directory and the built-in registry. */
#ifndef MG_IMPORT_H
#define MG_IMPORT_H

#include <stdbool.h>
#include <stddef.h>

#include "migdip/migdip.h"

/* One input: a file (path), or bytes in memory (mem, len; path NULL). name is how reports,
 * messages and vintage.file call it; importers may read it (a file's name can say what it
 * holds). All borrowed for the length of the call. */
typedef struct mg_import_input {
    const char *path;
    const unsigned char *mem;
    size_t len;
    const char *name;
} mg_import_input;

/* Import in[0..n) in one transaction: each input goes to the first importer whose sniffer
 * accepts it (importers.def), inputs run crosswalks first and then by name, an input whose
 * sha256 is in the store already is skipped, and the post-import steps run at the end. With
 * strict, an input no importer reads is an error; without, it is listed in the report's
 * ignored. progress (may be NULL) is called before each input. *out as for migdip_import. */
migdip_status mg_import_inputs(migdip_ctx *ctx, const mg_import_input *in, size_t n, bool strict,
                               migdip_progress_fn progress, void *progress_ud, migdip_import_report **out);

/* For fuzzing, thousands of inputs a second: the input recognised and read by its importer as
 * an import would (sha256, vintage, rows) inside a savepoint that is always rolled back, with
 * the country map cm loaded once by the caller, no post-import steps. *importer (borrowed),
 * *rows and *n_unmapped as the import would report them; an unrecognised input is
 * MIGDIP_ERR_SCHEMA. The store is left as it was (the registry importers' temp tables, empty,
 * stay on the connection: mg_imp_registry_bookkeeping). */
typedef struct mg_country_map mg_country_map;
migdip_status mg_import_probe(migdip_ctx *ctx, const mg_import_input *in, const mg_country_map *cm,
                              const char **importer, long *rows, size_t *n_unmapped);

/* How long an import waits for another import's write lock by default, in seconds. */
#define MG_IMPORT_WAIT_DEFAULT 600

/* mg_import_inputs, waiting up to wait_seconds (0: MG_IMPORT_WAIT_DEFAULT) for the write lock
 * held by another import; then MIGDIP_ERR_DB with a message saying so. */
migdip_status mg_import_inputs_wait(migdip_ctx *ctx, const mg_import_input *in, size_t n, bool strict,
                                    int wait_seconds, migdip_progress_fn progress, void *progress_ud,
                                    migdip_import_report **out);

#endif
