/* keyset.h - a set of string keys, each with the line (or row) where it was first seen: how an
 * importer finds a key stated twice in one file and names both places. */
#ifndef MG_KEYSET_H
#define MG_KEYSET_H

#include <stddef.h>

#include "util/err.h"

typedef struct mg_keyset_entry mg_keyset_entry;

/* Zero-initialise ({0}) before use; free with mg_keyset_free. */
typedef struct mg_keyset {
    mg_keyset_entry *v;
    size_t n, cap; /* cap is a power of two, or 0 */
} mg_keyset;

/* Add key (copied), seen at line. *first = 0 if the key is new, else the line it was first
 * seen on (the set keeps that one). MIGDIP_ERR_NOMEM when out of memory: err is not touched,
 * the caller names the file. */
migdip_status mg_keyset_add(mg_keyset *ks, const char *key, long line, long *first);

/* Number of distinct keys. */
size_t mg_keyset_count(const mg_keyset *ks);

/* Free every key; the set is empty again and can be reused. */
void mg_keyset_free(mg_keyset *ks);

#endif
