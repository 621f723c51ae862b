/* test_present.c - the JSON writer of src/present (json.c): a shape written as text, straight
 * (present_json_stream_next, no tree), gives the bytes present_json_text gives for the tree the
 * same calls build (indented and compact; keys and strings that need escaping or are not UTF-8,
 * empty and nested objects, every kind of number), in memory, streamed to a file and in parts
 * appended in order, with the same count of bytes written as U+FFFD. */
#include "testutil.h"

#include <math.h>

#include "present/present.h"

/* One object with everything the builders write; v varies the numbers between items. */
static void shape(present_jw *w, double v)
{
    present_jw_begin(w, NULL);
    present_jw_number(w, "year", 2020);
    present_jw_str(w, "plain", "ARE");
    present_jw_str(w, "quote\"key", "a \"b\" \\ c\n\t\r\b\f\x01\x1f end");
    present_jw_str(w, "latin1 caf\xe9", "caf\xe9 and \xc3\xa9 and \xff\xfe");
    present_jw_str(w, "left out", NULL); /* as cJSON_AddStringToObject(o, k, NULL): no member */
    present_jw_str(w, "", "");
    present_jw_num(w, "nan", NAN);
    present_jw_num(w, "inf", -INFINITY);
    present_jw_num(w, "minus zero", -0.0);
    present_jw_number(w, "minus zero, raw", -0.0);
    present_jw_num(w, "third", v / 3);
    present_jw_num(w, "big", v * 1e300);
    present_jw_num(w, "small", v * 1e-300);
    present_jw_num(w, "integer", 123456789012345.0);
    present_jw_num(w, "tenth", 0.1);
    present_jw_bool(w, "yes", true);
    present_jw_bool(w, "no", false);
    present_jw_null(w, "nothing");
    present_jw_begin(w, "empty");
    present_jw_end(w);
    present_jw_begin(w, "nested");
    present_jw_begin(w, "ARE");
    present_jw_begin(w, "deeper");
    present_jw_begin(w, "deepest\x7f\xe9");
    present_jw_num(w, "x", v);
    present_jw_begin(w, "empty");
    present_jw_end(w);
    present_jw_begin(w, "6");
    present_jw_begin(w, "7");
    present_jw_begin(w, "8"); /* PRESENT_JW_DEPTH objects open: 9 tabs in an array */
    present_jw_num(w, "k", v);
    present_jw_str(w, "s\"", "\xe9");
    present_jw_end(w);
    present_jw_end(w);
    present_jw_end(w);
    present_jw_end(w);
    present_jw_end(w);
    present_jw_num(w, "after", -v);
    present_jw_end(w);
    present_jw_begin(w, "IND");
    present_jw_end(w);
    present_jw_end(w);
    present_jw_str(w, "last", "\xe2\x82\xac");
    present_jw_end(w);
}

/* The items' text as present_json_text prints the array of their trees. */
static char *expected(bool pretty, size_t n, size_t *bad)
{
    cJSON *arr = cJSON_CreateArray();
    for (size_t k = 0; k < n; k++) {
        present_jw w;
        present_jw_tree(&w);
        shape(&w, 1.0 + (double)k);
        cJSON *o = present_jw_tree_done(&w);
        assert_non_null(o);
        cJSON_AddItemToArray(arr, o);
    }
    char *t = present_json_text(arr, pretty, bad);
    cJSON_Delete(arr);
    assert_non_null(t);
    return t;
}

static void test_text_is_the_tree(void **state)
{
    (void)state;
    for (int pretty = 0; pretty < 2; pretty++)
        for (size_t n = 0; n <= 3; n++) {
            size_t bad_tree = 0, bad_text = 0, bad_file = 0;
            char *want = expected(pretty, n, &bad_tree);
            /* in memory */
            present_json_stream *s = present_json_stream_open(NULL, pretty);
            assert_non_null(s);
            for (size_t k = 0; k < n; k++) {
                shape(present_json_stream_next(s), 1.0 + (double)k);
                assert_true(present_json_stream_done(s));
            }
            char *got = present_json_stream_text(s, &bad_text);
            assert_non_null(got);
            assert_string_equal(got, want);
            assert_int_equal(bad_text, bad_tree);
            /* streamed to a file */
            FILE *f = tmpfile();
            assert_non_null(f);
            s = present_json_stream_open(f, pretty);
            for (size_t k = 0; k < n; k++) {
                shape(present_json_stream_next(s), 1.0 + (double)k);
                assert_true(present_json_stream_done(s));
            }
            assert_true(present_json_stream_close(s, &bad_file));
            long len = ftell(f);
            rewind(f);
            char *filed = calloc(1, (size_t)len + 1);
            assert_non_null(filed);
            assert_int_equal(fread(filed, 1, (size_t)len, f), (size_t)len);
            fclose(f);
            assert_string_equal(filed, want);
            assert_int_equal(bad_file, bad_tree);
            if (n)
                assert_true(bad_tree > 0); /* the shape has bytes that are not UTF-8 */
            /* in parts (rows formatted on other threads), each appended in order; a part
             * reused after reset */
            size_t bad_parts = 0;
            s = present_json_stream_open(NULL, pretty);
            present_json_stream *part = present_json_part_open(pretty);
            assert_non_null(part);
            for (size_t k = 0; k < n; k += 2) {
                present_json_part_reset(part, k > 0);
                for (size_t i = k; i < n && i < k + 2; i++) {
                    shape(present_json_stream_next(part), 1.0 + (double)i);
                    assert_true(present_json_stream_done(part));
                }
                assert_true(present_json_part_append(s, part));
            }
            present_json_part_free(part);
            char *parted = present_json_stream_text(s, &bad_parts);
            assert_non_null(parted);
            assert_string_equal(parted, want);
            assert_int_equal(bad_parts, bad_tree);
            free(parted);
            free(filed);
            free(got);
            free(want);
        }
}

/* An object left open is a failed item: the array fails, the item is not written. */
static void test_unfinished_item_fails(void **state)
{
    (void)state;
    present_json_stream *s = present_json_stream_open(NULL, true);
    present_jw *w = present_json_stream_next(s);
    present_jw_begin(w, NULL);
    present_jw_num(w, "x", 1);
    assert_false(present_json_stream_done(s));
    assert_null(present_json_stream_text(s, NULL));
    present_jw t;
    present_jw_tree(&t);
    present_jw_begin(&t, NULL);
    assert_null(present_jw_tree_done(&t));
}

int main(void)
{
    const struct CMUnitTest tests[] = {
        cmocka_unit_test(test_text_is_the_tree),
        cmocka_unit_test(test_unfinished_item_fails),
    };
    return cmocka_run_group_tests(tests, NULL, NULL);
}
