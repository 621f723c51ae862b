/* series.h - an economic series (WDI, COW, series derived at import) of a state at a year, as
 * the store holds it: for each year the newest vintage wins, an observed value beats a derived
 * one of the same vintage, and the value at the asked year follows mg_series_value
 * (core/series.h: interpolated inside gaps, carried at most MG_SERIES_MAX_CARRY years). The
 * model's panel and the country profiles both read here, so `dyad` and `country` report the
 * same value, flag and reference year (docs/model.md §1). */
#ifndef MG_STORE_SERIES_H
#define MG_STORE_SERIES_H

#include <sqlite3.h>
#include <stddef.h>

#include "util/err.h"

/* Series `code` of state iso3 at year. A state without any observation gets a missing value. */
migdip_status mg_store_series_at(sqlite3 *db, const char *code, const char *iso3, int year, migdip_value *out,
                                 mg_err *err);

/* The same for n states at once, one read of the series: iso3[0..n) in ascending order
 * (strcmp), out[i] for iso3[i]. */
migdip_status mg_store_series_panel(sqlite3 *db, const char *code, int year, const char (*iso3)[4], size_t n,
                                    migdip_value *out, mg_err *err);

#endif
