/* portfolio.c - shares and concentration of a migration portfolio. */
#include "core/portfolio.h"

#include <math.h>
#include <stdlib.h>
#include <string.h>

static int by_stock_desc(const void *a, const void *b)
{
    const portfolio_entry *x = a, *y = b;
    if (x->stock != y->stock)
        return x->stock < y->stock ? 1 : -1;
    return strcmp(x->code, y->code);
}

portfolio_stats mg_portfolio_compute(portfolio_entry *e, size_t n)
{
    portfolio_stats s = {NAN, NAN, NAN};
    if (n == 0)
        return s;
    double total = 0;
    for (size_t i = 0; i < n; i++)
        if (e[i].stock > 0)
            total += e[i].stock;
    s.total = total;
    double hhi = 0;
    for (size_t i = 0; i < n; i++) {
        e[i].share = total > 0 && e[i].stock > 0 ? e[i].stock / total : 0;
        hhi += e[i].share * e[i].share;
    }
    qsort(e, n, sizeof *e, by_stock_desc);
    if (total > 0) {
        s.hhi = hhi;
        s.eff_n = 1.0 / hhi;
    }
    return s;
}
