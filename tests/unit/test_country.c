/* test_country.c - the country map on the built-in entities alone: seeding is idempotent,
 * lookups by name and code (year-aware, normalised), aggregates kept apart from countries,
 * and the documented omissions. */
#include "testutil.h"

#include "store/country.h"
#include "store/store.h"

typedef struct cfx {
    char *dir;
    sqlite3 *db;
    mg_country_map *cm;
} cfx;

static int setup(void **state)
{
    cfx *f = calloc(1, sizeof *f);
    f->dir = tu_tmpdir();
    char *p = tu_path(f->dir, "c.db");
    mg_err err = {0};
    assert_int_equal(mg_store_open(p, &f->db, &err), MIGDIP_OK);
    free(p);
    assert_int_equal(mg_country_seed_builtin(f->db, &err), MIGDIP_OK);
    assert_int_equal(mg_country_map_load(f->db, &f->cm, &err), MIGDIP_OK);
    *state = f;
    return 0;
}

static int teardown(void **state)
{
    cfx *f = *state;
    mg_country_map_free(f->cm);
    mg_store_close(f->db);
    tu_rmdir(f->dir);
    free(f->dir);
    free(f);
    return 0;
}

static long count(sqlite3 *db, const char *table)
{
    char sql[128];
    snprintf(sql, sizeof sql, "SELECT count(*) FROM %s", table);
    sqlite3_stmt *st = NULL;
    assert_int_equal(sqlite3_prepare_v2(db, sql, -1, &st, NULL), SQLITE_OK);
    assert_int_equal(sqlite3_step(st), SQLITE_ROW);
    long n = sqlite3_column_int64(st, 0);
    sqlite3_finalize(st);
    return n;
}

static void test_seed_idempotent(void **state)
{
    cfx *f = *state;
    static const char *const tables[] = {"country", "country_code", "country_alias", "aggregate", "aggregate_alias"};
    long before[5];
    for (size_t i = 0; i < 5; i++)
        before[i] = count(f->db, tables[i]);
    mg_err err = {0};
    assert_int_equal(mg_country_seed_builtin(f->db, &err), MIGDIP_OK);
    for (size_t i = 0; i < 5; i++)
        assert_int_equal(count(f->db, tables[i]), before[i]);
    assert_true(before[3] >= 49); /* the WB aggregates and the pseudo origins */
}

static void test_builtin_lookups(void **state)
{
    cfx *f = *state;
    static const struct {
        const char *scheme, *code;
        int year;
        const char *want;
    } codes[] = {
        {.scheme = "cown", .code = "345", .year = 1900, .want = "SRB"},
        {.scheme = "cown", .code = "345", .year = 1950, .want = "YUG"},
        {.scheme = "cown", .code = "345", .year = 2003, .want = "SCG"},
        {.scheme = "cown", .code = "345", .year = 0, .want = "SRB"},
        {.scheme = "cown", .code = "365", .year = 1950, .want = "SUN"},
        {.scheme = "cown", .code = "365", .year = 1900, .want = "RUS"},
        {.scheme = "cown", .code = "365", .year = 0, .want = "RUS"},
        {.scheme = "cown", .code = "678", .year = 1980, .want = "YAR"},
        {.scheme = "cown", .code = "678", .year = 1995, .want = NULL},
        {.scheme = "gwn", .code = "678", .year = 1995, .want = "YEM"},
        {.scheme = "cown", .code = "0817", .year = 1970, .want = "XRV"},
        {.scheme = "cown", .code = " 711 ", .year = 2013, .want = "HKG"},
        {.scheme = "cepii", .code = "rom", .year = 0, .want = "ROU"},
        {.scheme = "cepii", .code = "ZAR", .year = 0, .want = "COD"},
        {.scheme = "wb", .code = "YUGf", .year = 0, .want = "YUG"},
        {.scheme = "m49", .code = "0830", .year = 0, .want = "CHI"},
        {.scheme = "cown", .code = "", .year = 0, .want = NULL},
        {.scheme = "nonsense", .code = "X", .year = 0, .want = NULL},
    };
    for (size_t i = 0; i < sizeof codes / sizeof *codes; i++) {
        const char *got = mg_country_by_code(f->cm, codes[i].scheme, codes[i].code, codes[i].year);
        if (codes[i].want == NULL ? got != NULL : (!got || strcmp(got, codes[i].want) != 0))
            fail_msg("%s:%s in %d: expected %s, got %s", codes[i].scheme, codes[i].code, codes[i].year,
                     codes[i].want ? codes[i].want : "NULL", got ? got : "NULL");
    }
    /* names: built-in entities and curated aliases */
    assert_string_equal(mg_country_by_name(f->cm, "Czechoslovakia"), "CSK");
    assert_string_equal(mg_country_by_name(f->cm, "  SWAZILAND "), "SWZ");
    assert_string_equal(mg_country_by_name(f->cm, "Macedonia, FYR"), "MKD");
    assert_string_equal(mg_country_by_name(f->cm, "Cura\xc3\xa7" "ao"), "CUW");
    assert_string_equal(mg_country_by_name(f->cm, "Curacao"), "CUW");
    assert_string_equal(mg_country_by_name(f->cm, "W\xc3\xbcrtemberg"), "XWU");
    assert_null(mg_country_by_name(f->cm, ""));
    assert_null(mg_country_by_name(f->cm, "Narnia"));
    assert_string_equal(mg_country_name(f->cm, "XKX"), "Kosovo");
    /* short names a user types: for user input only, never for data files; a country the
     * store does not hold is not named */
    assert_null(mg_country_by_common_name(f->cm, "DR Congo"));
    mg_err err = {0};
    assert_int_equal(sqlite3_exec(f->db, "INSERT INTO country(iso3,name,kind) VALUES('COD','Congo - Kinshasa',"
                                         "'country'),('PSE','Palestinian Territories','territory')",
                                  NULL, NULL, NULL), SQLITE_OK);
    mg_country_map_free(f->cm);
    assert_int_equal(mg_country_map_load(f->db, &f->cm, &err), MIGDIP_OK);
    assert_string_equal(mg_country_by_common_name(f->cm, "DR Congo"), "COD");
    assert_string_equal(mg_country_by_common_name(f->cm, "palestine"), "PSE");
    assert_null(mg_country_by_name(f->cm, "Palestine"));
    assert_null(mg_country_by_common_name(f->cm, "Narnia"));
    /* suggestions on a miss: a typo, then the words of a name */
    char sugg[3][4];
    assert_int_equal(mg_country_suggest(f->cm, "Czechoslovakya", sugg, 3), 1);
    assert_string_equal(sugg[0], "CSK");
    size_t ns = mg_country_suggest(f->cm, "Yemen Republic", sugg, 3);
    assert_true(ns >= 2);
    assert_int_equal(mg_country_suggest(f->cm, "qqqqqq", sugg, 3), 0);
    /* aggregates by name, code and older names; never countries */
    assert_string_equal(mg_country_aggregate(f->cm, "Euro area"), "EMU");
    assert_string_equal(mg_country_aggregate(f->cm, "Middle East & North Africa"), "MEA");
    assert_string_equal(mg_country_aggregate(f->cm, "lmy"), "LMY");
    assert_string_equal(mg_country_aggregate(f->cm, "Other North"), "OTHER_NORTH");
    assert_string_equal(mg_country_aggregate(f->cm, "Australia / New Zealand"), "UN:927");
    assert_null(mg_country_aggregate(f->cm, "Nepal"));
    assert_null(mg_country_by_name(f->cm, "World"));
    assert_null(mg_country_by_code(f->cm, "wb", "WLD", 0));
}

static void test_code_norm_and_omitted(void **state)
{
    (void)state;
    char buf[16];
    assert_string_equal(mg_country_code_norm("m49", "004", buf, sizeof buf), "4");
    assert_string_equal(mg_country_code_norm("cown", "2.0", buf, sizeof buf), "2");
    assert_string_equal(mg_country_code_norm("cepii", " rom ", buf, sizeof buf), "ROM");
    assert_string_equal(mg_country_code_norm("iso2", "na", buf, sizeof buf), "NA");
    assert_true(mg_country_is_omitted("Prussia"));
    assert_true(mg_country_is_omitted("  stateless"));
    assert_false(mg_country_is_omitted("Yugoslavia"));
}

int main(void)
{
    const struct CMUnitTest tests[] = {
        cmocka_unit_test_setup_teardown(test_seed_idempotent, setup, teardown),
        cmocka_unit_test_setup_teardown(test_builtin_lookups, setup, teardown),
        cmocka_unit_test(test_code_norm_and_omitted),
    };
    return cmocka_run_group_tests(tests, NULL, NULL);
}
