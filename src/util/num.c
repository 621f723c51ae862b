/* num.c - numbers as text: the layouts of num.h from the digits double-conversion gives.
 *
 * Why the shortest digits S of v (k of them) are enough in the common cases, with no
 * snprintf: every decimal within the interval of the reals that read back as v (half an ulp,
 * at most 2^-53 |v|, on either side) reads back as v, and S is the closest to v of the
 * k-digit decimals in it.
 * - p <= 15 and k <= p: a p-digit step is at least 10^-15 |v|, far wider than the interval,
 *   so S (padded with zeros) is v rounded to p digits.
 * - k > p: a p-digit rounding boundary (a (p+1)-digit decimal ending in 5) lying between v
 *   and S would be in the interval, and shorter than S or as short and closer: so rounding S
 *   gives the rounding of v, unless S itself is such a boundary (k = p + 1, last digit 5).
 * Other cases (that boundary, p = 16 or 17 with k <= p) round the exact value: its decimal
 * expansion when it has at most 38 digits (exactly, halfway cases to even as glibc does),
 * else double-conversion's p digits (no halfway case is then possible). */
#include "util/num.h"
#include "migdip/migdip.h"

#include <float.h>
#include <limits.h>
#include <math.h>
#include <stdbool.h>
#include <stdint.h>
#include <stdlib.h>
#include <string.h>

/* Powers of ten a double holds exactly. */
static const double P10[] = {1e0,  1e1,  1e2,  1e3,  1e4,  1e5,  1e6,  1e7,  1e8,  1e9,  1e10, 1e11,
                             1e12, 1e13, 1e14, 1e15, 1e16, 1e17, 1e18, 1e19, 1e20, 1e21, 1e22};

typedef struct digits {
    char d[48]; /* significant digits, no trailing zeros */
    int n;      /* how many */
    int point;  /* the value is 0.d x 10^point */
} digits;

static size_t put(char *buf, const char *s)
{
    size_t n = strlen(s);
    memcpy(buf, s, n + 1);
    return n;
}

static void strip(digits *s)
{
    while (s->n > 1 && s->d[s->n - 1] == '0')
        s->n--;
}

/* s rounded to p >= 1 digits; a halfway case up, or to even if tie_even. */
static void round_at(digits *s, int p, bool tie_even)
{
    if (s->n <= p)
        return;
    char next = s->d[p];
    bool rest = false;
    for (int i = p + 1; i < s->n && !rest; i++)
        rest = s->d[i] != '0';
    bool up = next > '5' || (next == '5' && (rest || !tie_even || ((s->d[p - 1] - '0') & 1)));
    s->n = p;
    if (up) {
        int i = p - 1;
        while (i >= 0 && s->d[i] == '9')
            i--;
        if (i < 0) { /* 99.9 -> 100 */
            s->d[0] = '1';
            s->n = 1;
            s->point++;
        } else {
            s->d[i]++;
            s->n = i + 1;
        }
    }
    strip(s);
}

/* "00" to "99": two digits a division */
static const char D2[] = "00010203040506070809101112131415161718192021222324252627282930313233343536373839"
                         "40414243444546474849505152535455565758596061626364656667686970717273747576777879"
                         "8081828384858687888990919293949596979899";

/* The digits of u x 10^exp10, written from the last. */
static void from_u128(unsigned __int128 u, int exp10, digits *s)
{
    char tmp[48], *end = tmp + sizeof tmp, *o = end;
    for (; u >> 64; u /= 10) /* 128-bit divisions only while they are needed */
        *--o = (char)('0' + (int)(u % 10));
    uint64_t w = (uint64_t)u;
    for (; w >= 100; w /= 100) {
        o -= 2;
        memcpy(o, D2 + 2 * (w % 100), 2);
    }
    if (w >= 10) {
        o -= 2;
        memcpy(o, D2 + 2 * w, 2);
    } else
        *--o = (char)('0' + (int)w);
    int n = (int)(end - o);
    memcpy(s->d, o, (size_t)n);
    s->n = n;
    s->point = n + exp10;
    strip(s);
}

/* The digits of n x 10^-k, n of p digits (or n = 10^p), for fma_round's results: written two a
 * division straight into s, no 128-bit arithmetic. */
static void from_rounded(int64_t n, int p, int k, digits *s)
{
    uint64_t w = (uint64_t)n;
    if (w >= (uint64_t)P10[p]) { /* 9.99..95 rounded up */
        s->d[0] = '1';
        s->n = 1;
        s->point = p + 1 - k;
        return;
    }
    int i = p;
    for (; i >= 2; i -= 2, w /= 100)
        memcpy(s->d + i - 2, D2 + 2 * (w % 100), 2);
    if (i)
        s->d[0] = (char)('0' + (int)w);
    s->n = p;
    s->point = p - k;
    strip(s);
}

/* The exact decimal expansion of a > 0 (finite), if it has at most 38 digits. */
static bool exact_digits(double a, digits *s)
{
    int e2;
    uint64_t m = (uint64_t)ldexp(frexp(a, &e2), 53);
    int e = e2 - 53;
    int tz = __builtin_ctzll(m);
    m >>= tz;
    e += tz;
    if (e >= 0) {
        if (64 - __builtin_clzll(m) + e > 127)
            return false;
        from_u128((unsigned __int128)m << e, 0, s);
        return true;
    }
    if (-e > 40)
        return false;
    unsigned __int128 n = m, lim = ~(unsigned __int128)0 / 5;
    for (int i = 0; i < -e; i++) {
        if (n > lim)
            return false;
        n *= 5;
    }
    from_u128(n, e, s);
    return true;
}

/* a > 0 rounded to p digits exactly as glibc's printf rounds; p >= 10 or a subnormal (a
 * halfway case of fewer digits has a short expansion, but may lie beyond 38 digits). */
static void rounded(double a, int p, digits *s)
{
    if (exact_digits(a, s)) {
        round_at(s, p, true);
        return;
    }
    s->n = mg_num_dc_digits(a, p, s->d, &s->point);
    strip(s);
}

/* The double nearest the decimal s (what strtod gives), with a sign: one correctly rounded
 * product or quotient when the digits (at most 15) and the power of ten are exact doubles. */
static double read_back(const digits *s, bool neg, const char *text)
{
    int e = s->point - s->n; /* s = N x 10^e */
    if (s->n > 15 || e < -22 || e > 22)
        return strtod(text, NULL);
    uint64_t n = 0;
    for (int i = 0; i < s->n; i++)
        n = n * 10 + (uint64_t)(s->d[i] - '0');
    double x = e >= 0 ? (double)n * P10[e] : (double)n / P10[-e];
    return neg ? -x : x;
}

static void shortest(double a, digits *s)
{
    s->n = mg_num_dc_digits(a, 0, s->d, &s->point);
    strip(s);
}

/* a > 0 (not an integer below 2^53) rounded to p digits, given its shortest digits *s. */
static void round_from_shortest(double a, int p, digits *s)
{
    if (p <= 15 && s->n <= p && a >= DBL_MIN) /* a subnormal's interval is wider */
        return;
    if (s->n > p && !(s->n == p + 1 && s->d[p] == '5')) {
        round_at(s, p, false);
        return;
    }
    digits x;
    if (p == 17 && s->n == 17 && !exact_digits(a, &x))
        return; /* 17 rounded digits read back, so they are S unless v is halfway (then exact) */
    rounded(a, p, s);
}

/* "%.{p}g" of the digits: fixed if the exponent X is in [-4, p), else d.ddde+XX; no
 * trailing zeros. */
static size_t layout_g(char *buf, bool neg, const digits *s, int p)
{
    char *o = buf;
    if (neg)
        *o++ = '-';
    int x = s->point - 1;
    if (x < p && x >= -4) {
        if (x >= 0) {
            for (int i = 0; i <= x; i++)
                *o++ = i < s->n ? s->d[i] : '0';
            if (s->n > x + 1) {
                *o++ = '.';
                memcpy(o, s->d + x + 1, (size_t)(s->n - x - 1));
                o += s->n - x - 1;
            }
        } else {
            *o++ = '0';
            *o++ = '.';
            for (int i = 0; i < -x - 1; i++)
                *o++ = '0';
            memcpy(o, s->d, (size_t)s->n);
            o += s->n;
        }
    } else {
        *o++ = s->d[0];
        if (s->n > 1) {
            *o++ = '.';
            memcpy(o, s->d + 1, (size_t)(s->n - 1));
            o += s->n - 1;
        }
        *o++ = 'e';
        *o++ = x < 0 ? '-' : '+';
        int ax = abs(x);
        if (ax >= 100)
            *o++ = (char)('0' + ax / 100);
        *o++ = (char)('0' + ax / 10 % 10);
        *o++ = (char)('0' + ax % 10);
    }
    *o = '\0';
    return (size_t)(o - buf);
}

static size_t put_int(char *buf, long long v)
{
    char tmp[24];
    int n = 0;
    unsigned long long u = v < 0 ? 0ULL - (unsigned long long)v : (unsigned long long)v;
    do {
        tmp[n++] = (char)('0' + (int)(u % 10));
        u /= 10;
    } while (u);
    char *o = buf;
    if (v < 0)
        *o++ = '-';
    while (n)
        *o++ = tmp[--n];
    *o = '\0';
    return (size_t)(o - buf);
}

static bool small_integer(double a) { return a < 9007199254740992.0 && a == floor(a); }

/* a > 0 rounded to p <= 10 digits without double-conversion when one correctly rounded
 * product or quotient by an exact power of ten decides it: a * 10^k (below 10^p) is then off
 * by at most 10^p * 2^-53 < 1.2e-6, so a fraction farther than 3e-6 from one half rounds as
 * the exact value would. false when it cannot decide (or a is far from 1). */
static bool fast_round(double a, int p, digits *s)
{
    int x = (int)floor(log10(a)); /* may be one off near a power of ten: checked below */
    for (int tries = 0; tries < 2; tries++) {
        int k = p - 1 - x;
        if (k < -22 || k > 22)
            return false;
        double y = k >= 0 ? a * P10[k] : a / P10[-k], f = floor(y), frac = y - f;
        if (y < P10[p - 1]) { /* x one too high */
            x--;
            continue;
        }
        if (y >= P10[p]) {
            x++;
            continue;
        }
        if (fabs(frac - 0.5) < 3e-6)
            return false;
        uint64_t n = (uint64_t)f + (frac > 0.5);
        from_u128(n, 0, s); /* n = d x 10^(p-1-k)... */
        s->point = x + 1 + (n >= (uint64_t)P10[p]); /* 9.99..95 rounded up: 10^p */
        return true;
    }
    return false;
}

/* a > 0 rounded to 11 <= p <= 17 significant digits exactly, halfway cases to even as glibc's
 * printf: *n x 10^-*k with 10^(p-1) <= *n <= 10^p, when y = a x 10^k (k = p - 1 - floor(log10 a))
 * needs 0 <= k <= 22: 10^k is then an exact double, so y is exactly hi + lo, hi the rounded
 * product and lo its error (fma), and the integer part and the sign of (fraction - 1/2) follow
 * exactly from them. false out of that range (a below about 10^(p-23), or 10^p and above). */
static bool fma_round(double a, int p, int64_t *n_out, int *k_out)
{
    uint64_t bits;
    memcpy(&bits, &a, sizeof bits);
    int e2 = (int)(bits >> 52) - 1022; /* a in [2^(e2-1), 2^e2): floor(log10 a) is x or x + 1 */
    int x = (int)floor((e2 - 1) * 0.30102999566398120);
    for (int tries = 0; tries < 2; tries++) {
        int k = p - 1 - x;
        if (k < 0 || k > 22)
            return false;
        double t = P10[k], hi = a * t, lo = fma(a, t, -hi), f = floor(hi), d = hi - f;
        int64_t n;
        double c; /* the sign of (y - n) - 1/2 */
        if (d > 0) { /* hi below 2^52, a multiple of its ulp (at least 2^-6): |lo| < d, d + lo < 1 */
            n = (int64_t)f;
            c = (d - 0.5) + lo; /* d - 0.5 exact; a rounded sum keeps the sign of the exact one */
        } else {
            double fl = floor(lo); /* |lo| is at most half hi's ulp: a few units */
            n = (int64_t)f + (int64_t)fl;
            c = lo - (fl + 0.5);
        }
        if (n < (int64_t)P10[p - 1]) { /* x one too high */
            x--;
            continue;
        }
        if (n >= (int64_t)P10[p]) {
            x++;
            continue;
        }
        *n_out = n + (c > 0 || (c == 0 && (n & 1))); /* 9.99..95 rounded up: 10^p */
        *k_out = k;
        return true;
    }
    return false;
}

size_t mg_num_g(char *buf, double v, int p)
{
    if (isnan(v))
        return put(buf, signbit(v) ? "-nan" : "nan");
    if (isinf(v))
        return put(buf, v < 0 ? "-inf" : "inf");
    if (p < 1)
        p = 1;
    if (p > 17)
        p = 17;
    bool neg = signbit(v);
    double a = fabs(v);
    if (a == 0)
        return put(buf, neg ? "-0" : "0");
    digits s;
    if (a < 1e15 && a == floor(a) && (p >= 15 || a < P10[p])) /* all its digits: as they are */
        return put_int(buf, (long long)v);
    if (small_integer(a)) {
        from_u128((unsigned __int128)(uint64_t)a, 0, &s);
        round_at(&s, p, true);
    } else if (!(p <= 10 && fast_round(a, p, &s))) {
        shortest(a, &s);
        round_from_shortest(a, p, &s);
    }
    return layout_g(buf, neg, &s, p);
}

size_t mg_num_shortest(char *buf, double v)
{
    if (isnan(v)) {
        buf[0] = '\0';
        return 0;
    }
    if (isinf(v))
        return put(buf, v < 0 ? "-inf" : "inf");
    if (v == floor(v) && fabs(v) < 1e15)
        return put_int(buf, (long long)v); /* -0 is 0 */
    bool neg = v < 0;
    double a = fabs(v);
    digits s, r;
    shortest(a, &s);
    if (s.n <= 15 && a >= DBL_MIN) /* v rounded to k digits is S: k digits read back, fewer do not */
        return layout_g(buf, neg, &s, s.n);
    /* k digits of v rounded read back unless the interval is cut at a power of two (or v is
     * subnormal): then more may be needed */
    size_t len = 0;
    for (int p = s.n; p <= 17; p++) {
        r = s;
        round_from_shortest(a, p, &r);
        len = layout_g(buf, neg, &r, p);
        if (p == 17 || (r.n == s.n && r.point == s.point && !memcmp(r.d, s.d, (size_t)s.n)) ||
            read_back(&r, neg, buf) == v)
            break;
    }
    return len;
}

size_t mg_num_json(char *buf, double v)
{
    if (isnan(v) || isinf(v))
        return put(buf, "null");
    bool neg = signbit(v);
    double a = fabs(v);
    if (a < 1e15 && a == floor(a)) /* "%1.15g" of an integer below 1e15: all its digits */
        return neg && a == 0 ? put(buf, "-0") : put_int(buf, (long long)v);
    digits s, r;
    int64_t n;
    int k;
    if (fma_round(a, 15, &n, &k)) { /* most values: no shortest digits needed */
        /* what reading the 15 digits gives: one correctly rounded quotient of exact doubles */
        double test = (double)n / P10[k];
        if (fabs(test - a) <= (test > a ? test : a) * DBL_EPSILON) {
            from_rounded(n, 15, k, &r);
            return layout_g(buf, neg, &r, 15);
        }
        if (fma_round(a, 17, &n, &k)) {
            from_rounded(n, 17, k, &r);
            return layout_g(buf, neg, &r, 17);
        }
    }
    shortest(a, &s);
    r = s;
    round_from_shortest(a, 15, &r);
    size_t len = layout_g(buf, neg, &r, 15);
    if (s.n <= 15 && a >= DBL_MIN) /* then the 15 digits read back exactly */
        return len;
    double test = read_back(&r, neg, buf);
    double max = fabs(test) > fabs(v) ? fabs(test) : fabs(v);
    if (fabs(test - v) <= max * DBL_EPSILON)
        return len;
    round_from_shortest(a, 17, &s);
    return layout_g(buf, neg, &s, 17);
}

const char *mg_num_to_buf(char *buf, size_t cap, const char *text, size_t n)
{
    if (cap) {
        if (n >= cap)
            n = cap - 1;
        memcpy(buf, text, n);
        buf[n] = '\0';
    }
    return buf;
}

const char *migdip_number_format(char *buf, size_t cap, double v, migdip_number_style style)
{
    char tmp[MG_NUM_MAX];
    size_t n = style == MIGDIP_NUMBER_JSON ? mg_num_json(tmp, v) : mg_num_shortest(tmp, v);
    return mg_num_to_buf(buf, cap, tmp, n);
}
