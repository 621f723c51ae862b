/* test_num.c - numbers as text (util/num.c): every layout byte for byte against what it
 * replaces, the C library's snprintf (and the shortest-digits search the CLI ran on it) and
 * cJSON's own printer, on edge values and on random doubles of every kind. */
#include "testutil.h"

#include "util/num.h"

#include <cjson/cJSON.h>
#include <float.h>
#include <math.h>
#include <stdint.h>

/* The search the CLI ran before num.c: the fewest digits of "%.Ng" that read back. */
static void search_shortest(char *buf, size_t cap, double v)
{
    if (isnan(v)) {
        buf[0] = '\0';
        return;
    }
    if (v == floor(v) && fabs(v) < 1e15) {
        snprintf(buf, cap, "%.0f", v == 0 ? 0.0 : v);
        return;
    }
    int lo = 1, hi = 17;
    for (int p = 15; lo < hi; p = lo + (hi - lo) / 2) {
        snprintf(buf, cap, "%.*g", p, v);
        if (strtod(buf, NULL) == v)
            hi = p;
        else
            lo = p + 1;
    }
    snprintf(buf, cap, "%.*g", hi, v);
}

static long mismatches;

static void same(const char *what, double v, int p, const char *got, const char *want)
{
    if (strcmp(got, want) && mismatches++ < 10)
        print_error("%s (p=%d) of %.17g: got \"%s\", expected \"%s\"\n", what, p, v, got, want);
}

static void check(double v)
{
    char got[MG_NUM_MAX], want[64];
    for (int p = 1; p <= 17; p++) {
        size_t n = mg_num_g(got, v, p);
        snprintf(want, sizeof want, "%.*g", p, v);
        same("%.Ng", v, p, got, want);
        assert_int_equal(n, strlen(got));
    }
    mg_num_shortest(got, v);
    search_shortest(want, sizeof want, v);
    same("shortest", v, 0, got, want);
    cJSON *j = cJSON_CreateNumber(v);
    char *c = cJSON_PrintUnformatted(j);
    assert_non_null(c);
    mg_num_json(got, v);
    same("cJSON", v, 0, got, c);
    cJSON_free(c);
    cJSON_Delete(j);
}

static uint64_t rng = 88172645463325252ULL;
static uint64_t next(void)
{
    rng ^= rng << 13;
    rng ^= rng >> 7;
    rng ^= rng << 17;
    return rng;
}

static void test_edges(void **state)
{
    (void)state;
    const double edge[] = {0.0, 1e-5, 1e-4, 9.9999e-5, 0.0001234, 1e21, 1e22, 1e23, 8.41e21, 1e15, 1e16, 1e17,
                           123456789012345678.0, 0.1, 0.2, 0.3, 0.1 + 0.2, 1.0 / 3, 2.0 / 3, 4.35, 0.15, 100, 1e100,
                           1e300, 1e-300, 5e-324, 5e-310, DBL_MIN, 2.2250738585072009e-308, DBL_MAX,
                           9007199254740991.0, 9007199254740992.0, 9007199254740994.0,
                           /* halfway cases: glibc rounds them to even */
                           1000000000000000.25, 1000000000000000.75, 0.5, 0.25, 0.125, 1.5, 2.5, 9.5, 0.95,
                           1234567890.5, 12345678.125, 1.25e20, 99999999995.0, 9999999999.5, 999999999999999.5,
                           2147483647.0, 2147483648.0, 2147483648.5, 0.2247134921715099, 28966574, 317003,
                           NAN, INFINITY};
    for (size_t i = 0; i < sizeof edge / sizeof *edge; i++) {
        check(edge[i]);
        check(-edge[i]);
    }
    for (int e = -1074; e <= 1023; e++) { /* powers of two, where the interval is cut, and neighbours */
        double t = ldexp(1, e);
        check(t);
        check(nextafter(t, 0));
        check(nextafter(t, INFINITY));
        check(ldexp(3, e));
    }
    for (uint64_t i = 1; i <= ((uint64_t)1 << 53); i = i * 3 + 1) /* integers up to 2^53 */
        check((double)i);
    /* exact halfway cases at 11 to 17 digits, which "%1.15g" and "%1.17g" round to even: (2^j + m)
     * x 2^-j has j + 1 digits ending in 5 (1 + 2^-15 = 1.000030517578125), scaled by powers of two
     * (exactly) to put the boundary anywhere in the fast range; and their neighbours */
    for (int j = 10; j <= 17; j++)
        for (int m = 1; m < 64; m += 2)
            for (int e = -30; e <= 50; e++) {
                double t = ldexp(ldexp(1, j) + m, e - j);
                check(t);
                check(nextafter(t, 0));
                check(nextafter(t, INFINITY));
            }
    assert_int_equal(mismatches, 0);
}

static void test_random(void **state)
{
    (void)state;
    for (int i = 0; i < 20000; i++) {
        uint64_t u = next();
        double v;
        memcpy(&v, &u, sizeof v); /* any bit pattern: subnormals, huge, tiny */
        if (!isnan(v))
            check(v);
        check((double)(next() % 100000000) / (double)(1 + next() % 10000)); /* ratios, as computed */
        check((double)(int64_t)(next() >> (next() % 64)));                 /* integers */
        check((double)(next() % 1000000) / 1000.0);                          /* data with decimals */
        check((double)(next() % 100000) * pow(10, (int)(next() % 40) - 20)); /* short decimals */
        check(ldexp((double)(next() >> 11), (int)(next() % 200) - 150));     /* few binary digits */
        /* near a 10-digit rounding boundary, where "%.10g" must decide as printf does */
        double half = ((double)(next() % 9000000000ULL) + 1000000000.5) * pow(10, (int)(next() % 30) - 20);
        check(half);
        check(nextafter(half, 0));
        check(nextafter(half, INFINITY));
        /* near a 15- and a 17-digit rounding boundary (cJSON's two precisions) */
        for (int p = 15; p <= 17; p += 2) {
            double n = (double)(next() % 900000000000000ULL) + 100000000000000.0;
            double b = (p == 15 ? n + 0.5 : (n * 100 + 50)) * pow(10, (int)(next() % 30) - 20 - (p - 15));
            check(b);
            check(nextafter(b, 0));
            check(nextafter(b, INFINITY));
        }
    }
    assert_int_equal(mismatches, 0);
}

static void test_known(void **state)
{
    (void)state;
    char buf[MG_NUM_MAX];
    mg_num_shortest(buf, 0.2247134921715099);
    assert_string_equal(buf, "0.2247134921715099");
    mg_num_shortest(buf, -0.0);
    assert_string_equal(buf, "0");
    mg_num_shortest(buf, NAN);
    assert_string_equal(buf, "");
    mg_num_shortest(buf, 1e21);
    assert_string_equal(buf, "1e+21");
    mg_num_g(buf, 0.00001, 10);
    assert_string_equal(buf, "1e-05");
    mg_num_g(buf, 1234567890.5, 10);
    assert_string_equal(buf, "1234567890");
    mg_num_json(buf, 0.1);
    assert_string_equal(buf, "0.1");
    mg_num_json(buf, INFINITY);
    assert_string_equal(buf, "null");
    char small[5];
    assert_string_equal(migdip_number_format(small, sizeof small, 0.125, MIGDIP_NUMBER_SHORTEST), "0.12");
    assert_string_equal(migdip_number_format(buf, sizeof buf, 1.0 / 3, MIGDIP_NUMBER_JSON), "0.33333333333333331");
}

int main(void)
{
    const struct CMUnitTest tests[] = {
        cmocka_unit_test(test_known),
        cmocka_unit_test(test_edges),
        cmocka_unit_test(test_random),
    };
    return cmocka_run_group_tests(tests, NULL, NULL);
}
