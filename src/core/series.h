/* series.h - a sparse annual series (year, value, flag) and the value it gives at any year:
 * observed, linearly interpolated between two observations, carried forward from the last
 * one (up to a limit), or missing. The rules are stated in docs/model.md §1. */
#ifndef MG_SERIES_H
#define MG_SERIES_H

#include <stddef.h>
#include "migdip/migdip.h"

typedef struct series_obs {
    int year;
    double value;
    migdip_flag flag; /* of the observation: observed, derived, assumed-zero */
} series_obs;

/* Value at year from obs[0..n) sorted by year (distinct years, no missing entries).
 * interpolate: fill years between two observations linearly (flag INTERPOLATED);
 * max_carry: carry the last observation forward at most this many years (flag CARRIED);
 * the returned .year is the year the value refers to (the asked year when interpolated). */
migdip_value mg_series_at(const series_obs *obs, size_t n, int year, int interpolate, int max_carry);

/* How far a series is carried past its last observation (docs/model.md §1): a UN edition's
 * figures serve the five years until the next one, and carried economic values the same span. */
#define MG_SERIES_MAX_CARRY 5

/* The value at year by the rule of docs/model.md §1, the one every reader uses (the model's
 * panel and the profiles, through store/series.h): observed; linear inside a gap; carried at
 * most MG_SERIES_MAX_CARRY years past the last observation; never extrapolated backwards. */
migdip_value mg_series_value(const series_obs *obs, size_t n, int year);

#endif
