/* cache.h - a directory of built results keyed by what they were built from (the model's
 * panels: api/model.c). A cache is never needed: every failure to read or write one is a miss,
 * silent, and the caller builds the result from the store as without it. Entries are written
 * whole (a temporary file renamed) and checked when read (length and checksum), so an
 * interrupted write or a damaged file is a miss too. docs/store.md, "The model cache". */
#ifndef MG_STORE_CACHE_H
#define MG_STORE_CACHE_H

#include <stdbool.h>
#include <stddef.h>

/* Entries kept in one cache directory; the oldest beyond it are removed when one is added. */
enum { MG_CACHE_MAX_ENTRIES = 80 };

/* The cache directory of the store at db_path: $MIGDIP_CACHE when set ("off" or "" disables
 * the cache: NULL), else db_path with ".cache" appended. Owned string, NULL when disabled or
 * out of memory. */
char *mg_cache_dir(const char *db_path);

/* The entry `key` (hex digits) of dir: *buf (malloc'd) and *len. False on a miss. */
bool mg_cache_get(const char *dir, const char *key, void **buf, size_t *len);

/* Store buf as the entry `key` of dir (created if missing), best effort. */
void mg_cache_put(const char *dir, const char *key, const void *buf, size_t len);

/* Remove every entry of dir (an import changes what they were built from). */
void mg_cache_clear(const char *dir);

#endif
