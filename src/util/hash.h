/* hash.h - sha256 of a file or of bytes in memory, as 64 lower-case hex digits: the key of
 * every imported file's vintage (the same bytes give the same key wherever they come from). */
#ifndef MG_HASH_H
#define MG_HASH_H

#include <stddef.h>

#include "util/err.h"

/* Hex sha256 of the file at path into hex[65]. */
migdip_status mg_hash_sha256_file(const char *path, char hex[65], mg_err *err);

/* Hex sha256 of the len bytes at buf into hex[65] (buf may be NULL when len is 0). */
migdip_status mg_hash_sha256_mem(const void *buf, size_t len, char hex[65], mg_err *err);

#endif
