/* series.c - values of a sparse annual series at any year. */
#include "core/series.h"

#include <math.h>

migdip_value mg_series_at(const series_obs *obs, size_t n, int year, int interpolate, int max_carry)
{
    migdip_value out = {NAN, MIGDIP_FLAG_MISSING, year};
    size_t lo = 0, hi = n;
    while (lo < hi) { /* first observation with obs.year >= year */
        size_t mid = (lo + hi) / 2;
        if (obs[mid].year < year)
            lo = mid + 1;
        else
            hi = mid;
    }
    if (lo < n && obs[lo].year == year) {
        out.value = obs[lo].value;
        out.flag = obs[lo].flag;
        return out;
    }
    if (lo == 0)
        return out; /* before the first observation: never extrapolated backwards */
    const series_obs *prev = &obs[lo - 1];
    if (lo < n && interpolate) {
        const series_obs *next = &obs[lo];
        double t = (double)(year - prev->year) / (double)(next->year - prev->year);
        out.value = prev->value + t * (next->value - prev->value);
        out.flag = MIGDIP_FLAG_INTERPOLATED;
        return out;
    }
    if (lo == n && year - prev->year <= max_carry) {
        out.value = prev->value;
        out.flag = MIGDIP_FLAG_CARRIED;
        out.year = prev->year;
    }
    return out;
}

migdip_value mg_series_value(const series_obs *obs, size_t n, int year)
{
    return mg_series_at(obs, n, year, 1, MG_SERIES_MAX_CARRY);
}
