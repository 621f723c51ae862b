/* imp_registry.h - the curated registry of blocs and migration institutions (imp_registry.c):
 * where the built-in registry lives, and the check run after every import that each bloc a
 * registry file names is defined. The layouts and the weight scale are in docs/registry.md. */
#ifndef MG_IMP_REGISTRY_H
#define MG_IMP_REGISTRY_H

#include <sqlite3.h>
#include <stddef.h>

#include "util/err.h"

/* Write the directory of the built-in registry (MIGDIP_SOURCE_DIR "/data/registry") into
 * buf (cap bytes). MIGDIP_ERR_USAGE if it does not fit, MIGDIP_ERR_NOTFOUND if the directory
 * is absent (an installed binary without its source tree). The importer walks it like a data
 * directory; its files should sort after the crosswalk files (name them "registry/...") so
 * that their ISO3 codes map. */
migdip_status mg_imp_registry_builtin_dir(char *buf, size_t cap);

/* Post-import step: every bloc that a registry file of this import referred to (bloc column
 * of a membership file, a or b of an institution) must be defined in the store once all files
 * are in, whatever order they came in; the first that is not is an error naming its file,
 * line and column. Also refuses memberships left without their bloc. Drops the bookkeeping
 * tables the registry importers keep for the length of one import. */
migdip_status mg_imp_registry_post_check(sqlite3 *db, mg_err *err);

#endif
