/* test_util.c - text parsing, name keys, hashing, key sets, the CSV reader, series values and
 * portfolios. */
#include "testutil.h"

#include "core/portfolio.h"
#include "core/series.h"
#include "util/grow.h"
#include "util/hash.h"
#include "util/keyset.h"
#include "formats/csv.h"
#include "util/text.h"

static void test_parse_double(void **state)
{
    (void)state;
    double v;
    assert_true(mg_text_parse_double(" 1241634 ", 9, false, &v));
    assert_true(v == 1241634);
    assert_true(mg_text_parse_double("2,372.3", 7, true, &v));
    assert_true(v == 2372.3);
    assert_false(mg_text_parse_double("2,372.3", 7, false, &v));
    assert_false(mg_text_parse_double("n/a", 3, false, &v));
    assert_false(mg_text_parse_double("", 0, false, &v));
    assert_false(mg_text_parse_double("12abc", 5, false, &v));
    assert_true(mg_text_parse_double("-9", 2, false, &v) && v == -9);
    assert_true(mg_text_is_missing_marker("..", 2));
    assert_true(mg_text_is_missing_marker("  ", 2));
    assert_false(mg_text_is_missing_marker("0", 1));
}

/* Known answers (FIPS 180-2): the vintage key of every imported file. */
static void test_sha256_file(void **state)
{
    (void)state;
    char *dir = tu_tmpdir();
    char *abc = tu_write_text(dir, "abc.txt", "abc"), *empty = tu_write_text(dir, "empty.txt", "");
    char hex[65];
    mg_err err = {0};
    assert_int_equal(mg_hash_sha256_file(abc, hex, &err), MIGDIP_OK);
    assert_string_equal(hex, "ba7816bf8f01cfea414140de5dae2223b00361a396177a9cb410ff61f20015ad");
    assert_int_equal(mg_hash_sha256_file(empty, hex, &err), MIGDIP_OK);
    assert_string_equal(hex, "e3b0c44298fc1c149afbf4c8996fb92427ae41e4649b934ca495991b7852b855");
    char *missing = tu_path(dir, "missing.txt");
    assert_int_equal(mg_hash_sha256_file(missing, hex, &err), MIGDIP_ERR_IO);
    assert_non_null(strstr(err.msg, "missing.txt: cannot open"));
    free(abc);
    free(empty);
    free(missing);
    tu_rmdir(dir);
    free(dir);
}

/* The same answers from memory (the built-in registry is hashed there), and the 448-bit
 * message of FIPS 180-2, which takes a second block. */
static void test_sha256_mem(void **state)
{
    (void)state;
    char hex[65];
    mg_err err = {0};
    assert_int_equal(mg_hash_sha256_mem("abc", 3, hex, &err), MIGDIP_OK);
    assert_string_equal(hex, "ba7816bf8f01cfea414140de5dae2223b00361a396177a9cb410ff61f20015ad");
    assert_int_equal(mg_hash_sha256_mem(NULL, 0, hex, &err), MIGDIP_OK);
    assert_string_equal(hex, "e3b0c44298fc1c149afbf4c8996fb92427ae41e4649b934ca495991b7852b855");
    const char *two = "abcdbcdecdefdefgefghfghighijhijkijkljklmklmnlmnomnopnopq";
    assert_int_equal(mg_hash_sha256_mem(two, strlen(two), hex, &err), MIGDIP_OK);
    assert_string_equal(hex, "248d6a61d20638b8e5c026930c3e6039a33ce45964ff2167f6ecedd419db06c1");
}

/* A key stated twice gives the line it was first seen on; the set grows past its first
 * allocation without losing keys, and can be reused once freed. */
static void test_keyset(void **state)
{
    (void)state;
    mg_keyset ks = {0};
    long first = -1;
    assert_int_equal(mg_keyset_add(&ks, "NPL|2020", 3, &first), MIGDIP_OK);
    assert_int_equal(first, 0);
    assert_int_equal(mg_keyset_add(&ks, "NPL|2020", 9, &first), MIGDIP_OK);
    assert_int_equal(first, 3);
    assert_int_equal(mg_keyset_add(&ks, "", 10, &first), MIGDIP_OK); /* the empty key is a key */
    assert_int_equal(first, 0);
    char key[32];
    for (long i = 0; i < 5000; i++) {
        snprintf(key, sizeof key, "k%ld", i);
        assert_int_equal(mg_keyset_add(&ks, key, 100 + i, &first), MIGDIP_OK);
        assert_int_equal(first, 0);
    }
    assert_int_equal(mg_keyset_count(&ks), 5002);
    for (long i = 0; i < 5000; i += 499) {
        snprintf(key, sizeof key, "k%ld", i);
        assert_int_equal(mg_keyset_add(&ks, key, 1, &first), MIGDIP_OK);
        assert_int_equal(first, 100 + i);
    }
    assert_int_equal(mg_keyset_add(&ks, "NPL|2020", 11, &first), MIGDIP_OK);
    assert_int_equal(first, 3);
    mg_keyset_free(&ks);
    assert_int_equal(mg_keyset_count(&ks), 0);
    assert_int_equal(mg_keyset_add(&ks, "NPL|2020", 12, &first), MIGDIP_OK);
    assert_int_equal(first, 0);
    mg_keyset_free(&ks);
}

/* Growth by doubling from 16; an impossible size is refused with the array left as it was. */
static void test_grow(void **state)
{
    (void)state;
    size_t cap = 0;
    int *v = mg_grow(NULL, &cap, 1, sizeof *v);
    assert_non_null(v);
    assert_int_equal(cap, 16);
    for (int i = 0; i < 16; i++)
        v[i] = i;
    assert_ptr_equal(mg_grow(v, &cap, 16, sizeof *v), v); /* room already */
    int *w = mg_grow(v, &cap, 17, sizeof *v);
    assert_non_null(w);
    assert_int_equal(cap, 32);
    assert_int_equal(w[15], 15);
    w = mg_grow(w, &cap, 100, sizeof *w);
    assert_int_equal(cap, 128);
    assert_null(mg_grow(w, &cap, SIZE_MAX / 2, sizeof *w));
    assert_int_equal(cap, 128);
    assert_int_equal(w[15], 15);
    free(w);
}

static void test_name_key(void **state)
{
    (void)state;
    char k[128];
    assert_string_equal(mg_text_name_key("C\xc3\xb4te d'Ivoire", k, sizeof k), "cote divoire");
    assert_string_equal(mg_text_name_key("Cote d`Ivoire", k, sizeof k), "cote divoire");
    assert_string_equal(mg_text_name_key("  Bosnia & Herzegovina ", k, sizeof k), "bosnia and herzegovina");
    assert_string_equal(mg_text_name_key("Congo, Dem. Rep.", k, sizeof k), "congo dem rep");
    assert_string_equal(mg_text_name_key("T\xc3\xbcrkiye", k, sizeof k), "turkiye");
    assert_string_equal(mg_text_name_key("Cura\xc3\xa7" "ao", k, sizeof k), "curacao");
    /* a name whose key does not fit has none: two long names never meet on a truncated key */
    char longname[301], want[128];
    memset(longname, 'a', 300);
    longname[300] = '\0';
    assert_string_equal(mg_text_name_key(longname, k, sizeof k), "");
    memset(want, 'a', 123);
    want[123] = '\0';
    longname[123] = '\0';
    assert_string_equal(mg_text_name_key(longname, k, sizeof k), want);
    /* the first character of a key without building it, or 0 when only the key tells */
    static const char *const names[] = {"  Bosnia & Herzegovina ", "& Co", "'Cote", "(P.R.O.C.) China", "U.S.A.",
                                        "9 Islands", "C\xc3\xb4te", "\xc3\x89gypte", " , ", ""};
    for (size_t i = 0; i < sizeof names / sizeof *names; i++) {
        char f = mg_text_name_key_first(names[i]);
        mg_text_name_key(names[i], k, sizeof k);
        assert_true(f == 0 || f == k[0]);
    }
    assert_int_equal(mg_text_name_key_first("  Bosnia"), 'b');
    assert_int_equal(mg_text_name_key_first("&x"), 'a');
    assert_int_equal(mg_text_name_key_first("\xc3\x89gypte"), 0);
}

static void test_csv(void **state)
{
    (void)state;
    static const char data[] = "\xEF\xBB\xBF" "a,b,c\r\n1,\"x, \"\"y\"\"\",3\n\n\"multi\nline\",,\n";
    mg_csv_reader *r = NULL;
    mg_err err = {0};
    assert_int_equal(mg_csv_open_mem("t.csv", data, sizeof data - 1, &r, &err), MIGDIP_OK);
    assert_int_equal(mg_csv_next(r, &err), MIGDIP_OK);
    assert_int_equal(mg_csv_nfields(r), 3);
    assert_int_equal(mg_csv_find(r, "B"), 1);
    assert_int_equal(mg_csv_find(r, "z"), -1);
    assert_int_equal(mg_csv_next(r, &err), MIGDIP_OK);
    assert_string_equal(mg_csv_field(r, 1, NULL), "x, \"y\"");
    assert_int_equal(mg_csv_line(r), 2);
    assert_int_equal(mg_csv_next(r, &err), MIGDIP_OK);
    assert_string_equal(mg_csv_field(r, 0, NULL), "multi\nline");
    assert_int_equal(mg_csv_line(r), 4);
    assert_int_equal(mg_csv_nfields(r), 3);
    assert_int_equal(mg_csv_next(r, &err), MIGDIP_OK);
    assert_int_equal(mg_csv_nfields(r), 0);
    mg_csv_close(r);
}

static void test_csv_errors(void **state)
{
    (void)state;
    mg_csv_reader *r = NULL;
    mg_err err = {0};
    static const char open_quote[] = "a,b\n1,\"oops\n2,3\n";
    assert_int_equal(mg_csv_open_mem("q.csv", open_quote, sizeof open_quote - 1, &r, &err), MIGDIP_OK);
    assert_int_equal(mg_csv_next(r, &err), MIGDIP_OK);
    assert_int_equal(mg_csv_next(r, &err), MIGDIP_ERR_PARSE);
    assert_non_null(strstr(err.msg, "q.csv:"));
    assert_non_null(strstr(err.msg, "unterminated quoted field (opened on line 2)"));
    mg_csv_close(r);
    static const char after[] = "a,b\n\"x\"y,1\n";
    assert_int_equal(mg_csv_open_mem("a.csv", after, sizeof after - 1, &r, &err), MIGDIP_OK);
    assert_int_equal(mg_csv_next(r, &err), MIGDIP_OK);
    assert_int_equal(mg_csv_next(r, &err), MIGDIP_ERR_PARSE);
    assert_non_null(strstr(err.msg, "a.csv:2:"));
    mg_csv_close(r);
    static const char bin[] = "PK\x03\x04\0\0";
    assert_int_equal(mg_csv_open_mem("b.csv", bin, sizeof bin - 1, &r, &err), MIGDIP_ERR_SCHEMA);
    assert_null(r);
    static const char val[] = "Value\nn/a\n";
    assert_int_equal(mg_csv_open_mem("wdi.csv", val, sizeof val - 1, &r, &err), MIGDIP_OK);
    assert_int_equal(mg_csv_next(r, &err), MIGDIP_OK);
    assert_int_equal(mg_csv_next(r, &err), MIGDIP_OK);
    assert_int_equal(mg_csv_bad_value(r, 0, "Value", "a number", &err), MIGDIP_ERR_PARSE);
    assert_string_equal(err.msg, "wdi.csv:2: column Value: expected a number, got \"n/a\"");
    mg_csv_close(r);
}

static void test_series_at(void **state)
{
    (void)state;
    series_obs obs[] = {{2010, 100, MIGDIP_FLAG_OBSERVED}, {2015, 150, MIGDIP_FLAG_OBSERVED},
                        {2020, 250, MIGDIP_FLAG_DERIVED}};
    migdip_value v = mg_series_at(obs, 3, 2015, 1, 5);
    assert_true(v.value == 150 && v.flag == MIGDIP_FLAG_OBSERVED && v.year == 2015);
    v = mg_series_at(obs, 3, 2012, 1, 5);
    assert_true(v.value == 120 && v.flag == MIGDIP_FLAG_INTERPOLATED && v.year == 2012);
    v = mg_series_at(obs, 3, 2012, 0, 5);
    assert_int_equal(v.flag, MIGDIP_FLAG_MISSING); /* gaps inside are not carried when not interpolating */
    v = mg_series_at(obs, 3, 2023, 1, 5);
    assert_true(v.value == 250 && v.flag == MIGDIP_FLAG_CARRIED && v.year == 2020);
    v = mg_series_at(obs, 3, 2026, 1, 5);
    assert_int_equal(v.flag, MIGDIP_FLAG_MISSING);
    v = mg_series_at(obs, 3, 2000, 1, 5);
    assert_int_equal(v.flag, MIGDIP_FLAG_MISSING);
    v = mg_series_at(obs, 0, 2000, 1, 5);
    assert_int_equal(v.flag, MIGDIP_FLAG_MISSING);
}

static void test_portfolio(void **state)
{
    (void)state;
    /* shares .5 .3 .2 -> HHI = .25 + .09 + .04 = .38, effective number 2.63 */
    portfolio_entry e[] = {{"QAT", 30, 0}, {"IND", 50, 0}, {"MYS", 20, 0}, {"ZZZ", 0, 0}};
    portfolio_stats s = mg_portfolio_compute(e, 4);
    assert_true(s.total == 100);
    assert_near(s.hhi, 0.38, 1e-12);
    assert_near(s.eff_n, 1 / 0.38, 1e-12);
    assert_string_equal(e[0].code, "IND");
    assert_near(e[0].share, 0.5, 1e-12);
    assert_string_equal(e[3].code, "ZZZ");
    assert_true(e[3].share == 0);
    s = mg_portfolio_compute(e, 0);
    assert_true(isnan(s.total) && isnan(s.hhi));
}

int main(void)
{
    const struct CMUnitTest tests[] = {
        cmocka_unit_test(test_parse_double), cmocka_unit_test(test_sha256_file), cmocka_unit_test(test_sha256_mem), cmocka_unit_test(test_grow), cmocka_unit_test(test_keyset), cmocka_unit_test(test_name_key),
        cmocka_unit_test(test_csv),          cmocka_unit_test(test_csv_errors),
        cmocka_unit_test(test_series_at),    cmocka_unit_test(test_portfolio),
    };
    return cmocka_run_group_tests(tests, NULL, NULL);
}
