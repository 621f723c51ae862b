/* grow.h - arrays that grow by doubling. */
#ifndef MG_GROW_H
#define MG_GROW_H

#include <stddef.h>

/* p, an array of elements of elem bytes with *cap of them allocated, with room for at least
 * need elements (need >= 1): p itself when it has room, else p reallocated to twice its
 * capacity (16 at first) or more, and *cap updated. NULL when out of memory or when the size
 * would overflow; p and *cap are then unchanged and p is still the caller's to free. */
void *mg_grow(void *p, size_t *cap, size_t need, size_t elem);

#endif
