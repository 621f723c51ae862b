/* cache.h - a directory of built results keyed by what they were built from (the model's
 * panels: api/model.c). A cache is never needed: every failure to read or write one is a miss,
 * silent, and the caller builds the result from the store as without it. Entries are written
 * whole (a temporary file renamed) and checked when read (length and checksum), so an
 * interrupted write or a damaged file is a miss too. docs/store.md, "The model cache". */
#ifndef MG_STORE_CACHE_H
#define MG_STORE_CACHE_H

#include <stdbool.h>
#include <stddef.h>

/* Entries kept in one cache directory; the oldest beyond it are removed when one is added.
 * A build's directory is named by MG_CACHE_BUILD_DIGITS hex digits of its sources' identity. */
enum { MG_CACHE_MAX_ENTRIES = 80, MG_CACHE_BUILD_DIGITS = 16 };

/* The cache directory of the store at db_path: $MIGDIP_CACHE when set ("off" or "" disables
 * the cache: NULL), else db_path with ".cache" appended. Owned string, NULL when disabled or
 * out of memory. */
char *mg_cache_dir(const char *db_path);

/* An entry read: its bytes (valid until mg_cache_release; aligned to 64 bytes; mapped read
 * only: a write through them faults, it never reaches the file). */
typedef struct mg_cache_blob {
    const unsigned char *data;
    size_t len;
    void *map;      /* the file's mapping */
    size_t map_len;
} mg_cache_blob;

/* The entry `key` (hex digits) of dir into *out. False on a miss (*out empty). */
bool mg_cache_get(const char *dir, const char *key, mg_cache_blob *out);
/* Let an entry go (an empty one is fine). */
void mg_cache_release(mg_cache_blob *b);

/* Store buf as the entry `key` of dir, best effort. dir is created if missing, with its parent;
 * when dir is new, the other subdirectories of its parent are removed (dir is one build's
 * cache in a cache of builds: the older builds' entries are never read again). dir is
 * modified while the call runs and restored. */
void mg_cache_put(char *dir, const char *key, const void *buf, size_t len);

/* Remove every entry of dir and of its builds' subdirectories (an import changes what they
 * were built from). */
void mg_cache_clear(const char *dir);

#endif
