/* num.h - numbers as text, fast and byte for byte as the C library's printf writes them.
 * The digits come from Google's double-conversion (Debian's libdouble-conversion, through the
 * C++ shim num_dc.cc): the shortest digits that read back, or a given number of correctly
 * rounded ones; this file lays them out as "%.Ng" does. The snprintf loops these replace took
 * most of a large export's time (bench/README.md, "The 31-year export"). */
#ifndef MG_NUM_H
#define MG_NUM_H

#include <stddef.h>

/* Every function writes at most MG_NUM_MAX bytes (with the terminating NUL) and returns the
 * length written. */
#define MG_NUM_MAX 32

/* printf("%.*g", p, v), 1 <= p <= 17 ("nan", "inf" and "-0" included). */
size_t mg_num_g(char *buf, double v, int p);

/* The fewest significant digits N (1 to 17) for which "%.Ng" reads back as v; an integer
 * below 1e15 as "%.0f" (so -0 is "0"); NaN as "" (a missing cell). */
size_t mg_num_shortest(char *buf, double v);

/* cJSON's print_number (libcjson 1.7.15): "null" for NaN and infinities, else "%1.15g" when it
 * reads back within a relative DBL_EPSILON, "%1.17g" if not ("-0" stays "-0"). */
size_t mg_num_json(char *buf, double v);
/* The n characters of text (a number written by one of these) into buf of cap bytes, cut to fit
 * and NUL-terminated as snprintf would: buf. */
const char *mg_num_to_buf(char *buf, size_t cap, const char *text, size_t n);

/* The C++ shim (num_dc.cc): the digits of v > 0 (finite) into buf (at least 18 bytes), the
 * shortest that read back if precision is 0, else precision (1 to 17) correctly rounded ones
 * (halfway cases away from zero; trailing zeros may be left out). v = 0.DIGITS x 10^*point.
 * Returns the number of digits. */
int mg_num_dc_digits(double v, int precision, char *buf, int *point);

#endif
