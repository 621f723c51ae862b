/* keyset.c - open addressing with linear probing over FNV-1a hashes, kept at most half full. */
#include "util/keyset.h"

#include <stdint.h>
#include <stdlib.h>
#include <string.h>

struct mg_keyset_entry {
    char *key;
    long line;
};

static uint64_t key_hash(const char *s)
{
    uint64_t h = 1469598103934665603ull;
    for (; *s; s++)
        h = (h ^ (unsigned char)*s) * 1099511628211ull;
    return h;
}

static migdip_status grow(mg_keyset *ks)
{
    if (ks->cap > SIZE_MAX / 2 / sizeof *ks->v)
        return MIGDIP_ERR_NOMEM;
    size_t cap = ks->cap ? ks->cap * 2 : 512;
    mg_keyset_entry *v = calloc(cap, sizeof *v);
    if (!v)
        return MIGDIP_ERR_NOMEM;
    for (size_t i = 0; i < ks->cap; i++) {
        if (!ks->v[i].key)
            continue;
        size_t j = key_hash(ks->v[i].key) & (cap - 1);
        while (v[j].key)
            j = (j + 1) & (cap - 1);
        v[j] = ks->v[i];
    }
    free(ks->v);
    ks->v = v;
    ks->cap = cap;
    return MIGDIP_OK;
}

migdip_status mg_keyset_add(mg_keyset *ks, const char *key, long line, long *first)
{
    *first = 0;
    if ((ks->n + 1) * 2 > ks->cap && grow(ks))
        return MIGDIP_ERR_NOMEM;
    size_t j = key_hash(key) & (ks->cap - 1);
    while (ks->v[j].key) {
        if (strcmp(ks->v[j].key, key) == 0) {
            *first = ks->v[j].line;
            return MIGDIP_OK;
        }
        j = (j + 1) & (ks->cap - 1);
    }
    if (!(ks->v[j].key = strdup(key)))
        return MIGDIP_ERR_NOMEM;
    ks->v[j].line = line;
    ks->n++;
    return MIGDIP_OK;
}

size_t mg_keyset_count(const mg_keyset *ks) { return ks->n; }

void mg_keyset_free(mg_keyset *ks)
{
    for (size_t i = 0; i < ks->cap; i++)
        free(ks->v[i].key);
    free(ks->v);
    ks->v = NULL;
    ks->n = ks->cap = 0;
}
