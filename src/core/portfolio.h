/* portfolio.h - a state's migration portfolio: partners with their stocks, shares of the
 * total, the Herfindahl-Hirschman index of the shares and the effective number of partners
 * (1/HHI). docs/model.md §2.3 ("Migration Portfolio Diversification"). */
#ifndef MG_PORTFOLIO_H
#define MG_PORTFOLIO_H

#include <stddef.h>

typedef struct portfolio_entry {
    char code[8];
    double stock;
    double share;
} portfolio_entry;

typedef struct portfolio_stats {
    double total;   /* sum of stocks (NaN if n == 0) */
    double hhi;     /* sum of squared shares, in (0,1]; NaN if total is 0 */
    double eff_n;   /* 1 / hhi */
} portfolio_stats;

/* Fill shares, sort largest first (ties by code, so output is deterministic), and return
 * the total, HHI and effective number. Entries with stock <= 0 are kept with share 0. */
portfolio_stats mg_portfolio_compute(portfolio_entry *e, size_t n);

#endif
