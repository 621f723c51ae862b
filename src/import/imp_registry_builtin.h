/* imp_registry_builtin.h - the curated registry compiled into the library: the bytes of each
 * data/registry/<file>.csv and the name it is imported under ("registry/<file>.csv"). The
 * definitions are generated at build time: cmake/embed_registry.cmake writes
 * imp_registry_builtin.c into the build tree, and editing a CSV rebuilds it. The dispatcher
 * (import.c) imports these from memory with every data directory unless told not to
 * (migdip_import_opts.no_registry); the same bytes give the same sha256 as the files. */
#ifndef MG_IMP_REGISTRY_BUILTIN_H
#define MG_IMP_REGISTRY_BUILTIN_H

#include <stddef.h>

typedef struct mg_imp_registry_builtin_file {
    const char *name;           /* "registry/blocs.csv" */
    const unsigned char *bytes; /* the file's bytes (followed by a NUL not counted in len) */
    size_t len;
} mg_imp_registry_builtin_file;

/* mg_imp_registry_builtin_count files, sorted by name, then an entry with name NULL. */
extern const mg_imp_registry_builtin_file mg_imp_registry_builtin_files[];
extern const size_t mg_imp_registry_builtin_count;

#endif
