/* imp_registry.h - the curated registry of blocs and migration institutions (imp_registry.c):
 * the check run after every import that each bloc a registry file names is defined. The
 * built-in registry's bytes are in imp_registry_builtin.h; the layouts and the weight scale
 * are in docs/registry.md. */
#ifndef MG_IMP_REGISTRY_H
#define MG_IMP_REGISTRY_H

#include <sqlite3.h>

#include "util/err.h"

/* Post-import step: every bloc that a registry file of this import referred to (bloc column
 * of a membership file, a or b of an institution) must be defined in the store once all files
 * are in, whatever order they came in; the first that is not is an error naming its file,
 * line and column. Also refuses memberships left without their bloc. Drops the bookkeeping
 * tables the registry importers keep for the length of one import. */
migdip_status mg_imp_registry_post_check(sqlite3 *db, mg_err *err);

/* Create, if missing, those bookkeeping tables (temp tables of the connection; the importers
 * create them themselves when they start). mg_import_probe creates them before its savepoint:
 * created inside it, each rollback would undo a change of the schema, and SQLite would read
 * the whole schema again at the next statement (half the time of a registry probe). */
migdip_status mg_imp_registry_bookkeeping(sqlite3 *db, mg_err *err);

#endif
