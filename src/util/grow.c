/* grow.c - arrays that grow by doubling. */
#include "util/grow.h"

#include <stdint.h>
#include <stdlib.h>

void *mg_grow(void *p, size_t *cap, size_t need, size_t elem)
{
    if (need == 0)
        need = 1;
    if (p && need <= *cap)
        return p;
    size_t ncap = *cap ? *cap : 16;
    while (ncap < need) {
        if (ncap > SIZE_MAX / 2)
            return NULL;
        ncap *= 2;
    }
    if (elem && ncap > SIZE_MAX / elem)
        return NULL;
    void *q = realloc(p, ncap * elem);
    if (!q)
        return NULL;
    *cap = ncap;
    return q;
}
