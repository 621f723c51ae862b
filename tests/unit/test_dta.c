/* test_dta.c - the Stata .dta reader (formats/dta.c) on files the test writes with ReadStat's
 * writer: variables, labels, string and numeric cells of every storage type, missing values,
 * floats as their shortest decimal, formats 114/117/118, from memory and from a file, no
 * observation, callbacks that stop the read, truncated and foreign bytes, and the sniffer. */
#include "testutil.h"
#include "dtautil.h"

#include "formats/dta.h"

static const dta_col COLS[] = {
    {"countrycode", 's', "3-letter ISO country code"},
    {"year", 'i', "Year"},
    {"rgdpe", 'f', "Expenditure-side real GDP (in mil. 2017US$)"},
    {"pop", 'd', NULL},
    {"i_flag", 'b', "0/1"},
};
enum { NC = sizeof COLS / sizeof *COLS };
static const char *const CELLS[] = {
    "TWN", "2019", "1153761.1", "23.596027", "1",
    "NPL", "2019", NULL, "28.608715", "0",
    "", "2020", "0.1", NULL, NULL,
};
enum { NR = 3 };

typedef struct got {
    int version;
    long n_obs;
    size_t n_vars, rows;
    char names[8][32], labels[8][64];
    bool is_string[8];
    char code[4][8];
    double num[4][NC];
    bool missing[4][NC];
    long stop_at; /* stop with an error at this observation (-1: never) */
} got;

static migdip_status on_vars(void *ud, const mg_dta_info *in, mg_err *err)
{
    got *g = ud;
    g->version = in->version;
    g->n_obs = in->n_obs;
    g->n_vars = in->n_vars;
    for (size_t i = 0; i < in->n_vars && i < 8; i++) {
        snprintf(g->names[i], sizeof g->names[i], "%s", in->vars[i].name);
        snprintf(g->labels[i], sizeof g->labels[i], "%s", in->vars[i].label);
        g->is_string[i] = in->vars[i].is_string;
    }
    return MIGDIP_OK;
}

static migdip_status on_row(void *ud, long obs, const mg_dta_cell *c, size_t n, mg_err *err)
{
    got *g = ud;
    assert_int_equal(obs, (long)g->rows);
    assert_int_equal(n, g->n_vars);
    if (obs == g->stop_at)
        return mg_err_set(err, MIGDIP_ERR_RANGE, "stopped at %ld", obs);
    if (obs < 4) {
        snprintf(g->code[obs], sizeof g->code[obs], "%s", c[0].str);
        assert_int_equal(c[0].len, strlen(c[0].str));
        for (size_t i = 1; i < n && i < NC; i++) {
            g->num[obs][i] = c[i].num;
            g->missing[obs][i] = c[i].missing;
        }
    }
    g->rows++;
    return MIGDIP_OK;
}

static const mg_dta_callbacks CB = {on_vars, on_row};

static void check_fixture(const got *g, int version)
{
    assert_int_equal(g->version, version);
    assert_int_equal(g->n_obs, NR);
    assert_int_equal(g->n_vars, NC);
    assert_int_equal(g->rows, NR);
    for (int i = 0; i < NC; i++) {
        assert_string_equal(g->names[i], COLS[i].name);
        assert_int_equal(g->is_string[i], COLS[i].type == 's');
    }
    assert_string_equal(g->labels[0], "3-letter ISO country code");
    assert_string_equal(g->labels[3], "");
    assert_string_equal(g->code[0], "TWN");
    assert_string_equal(g->code[2], "");
    assert_near(g->num[0][1], 2019, 0);
    /* a float is its shortest decimal: 1153761.1, not 1153761.125; 0.1, not 0.100000001 */
    assert_near(g->num[0][2], 1153761.1, 0);
    assert_near(g->num[2][2], 0.1, 0);
    assert_near(g->num[0][3], 23.596027, 0);
    assert_near(g->num[0][4], 1, 0);
    assert_false(g->missing[0][2]);
    assert_true(g->missing[1][2]);
    assert_true(g->missing[2][3]);
    assert_true(g->missing[2][4]);
    assert_false(g->missing[1][4]);
    assert_near(g->num[1][4], 0, 0);
}

static void test_memory_and_file(void **state)
{
    (void)state;
    static const int VERSIONS[] = {118, 117, 114};
    for (size_t v = 0; v < 3; v++) {
        size_t len = 0;
        unsigned char *buf = dta_make(VERSIONS[v], COLS, NC, CELLS, NR, &len);
        assert_non_null(buf);
        assert_true(mg_dta_sniff(buf, len));
        got g = {.stop_at = -1};
        mg_err err = {0};
        assert_int_equal(mg_dta_read_mem("x.dta", buf, len, &CB, &g, &err), MIGDIP_OK);
        check_fixture(&g, VERSIONS[v]);

        char *dir = tu_tmpdir();
        char *path = tu_write(dir, "x.dta", (const char *)buf, len);
        got h = {.stop_at = -1};
        assert_int_equal(mg_dta_read_file(path, "pwt/x.dta", &CB, &h, &err), MIGDIP_OK);
        check_fixture(&h, VERSIONS[v]);
        free(path);
        tu_rmdir(dir);
        free(dir);
        free(buf);
    }
}

static void test_no_observation(void **state)
{
    (void)state;
    size_t len = 0;
    unsigned char *buf = dta_make(118, COLS, NC, CELLS, 0, &len);
    assert_non_null(buf);
    got g = {.stop_at = -1};
    mg_err err = {0};
    assert_int_equal(mg_dta_read_mem("empty.dta", buf, len, &CB, &g, &err), MIGDIP_OK);
    assert_int_equal(g.n_vars, NC); /* the variables are announced all the same */
    assert_int_equal(g.rows, 0);
    free(buf);
}

static void test_callback_stops(void **state)
{
    (void)state;
    size_t len = 0;
    unsigned char *buf = dta_make(118, COLS, NC, CELLS, NR, &len);
    got g = {.stop_at = 1};
    mg_err err = {0};
    assert_int_equal(mg_dta_read_mem("x.dta", buf, len, &CB, &g, &err), MIGDIP_ERR_RANGE);
    assert_string_equal(err.msg, "stopped at 1");
    assert_int_equal(g.rows, 1);
    free(buf);
}

static void test_bad_bytes(void **state)
{
    (void)state;
    size_t len = 0;
    unsigned char *buf = dta_make(118, COLS, NC, CELLS, NR, &len);
    mg_err err = {0};
    /* every truncation before the data ends fails with a message naming the input (what
     * follows the data, value labels and the closing tag, may be cut without loss) */
    for (size_t cut = 0; cut < len; cut += 3) {
        got g = {.stop_at = -1};
        mg_err_clear(&err);
        migdip_status st = mg_dta_read_mem("cut.dta", buf, cut, &CB, &g, &err);
        if (st != MIGDIP_OK)
            assert_non_null(strstr(err.msg, "cut.dta"));
        else
            assert_int_equal(g.rows, NR);
    }
    got g = {.stop_at = -1};
    mg_err_clear(&err);
    static const char TEXT[] = "countrycode,year\nTWN,2019\n";
    assert_int_not_equal(mg_dta_read_mem("text.dta", TEXT, sizeof TEXT - 1, &CB, &g, &err), MIGDIP_OK);
    assert_non_null(strstr(err.msg, "text.dta: not a readable Stata .dta file"));
    mg_err_clear(&err);
    assert_int_equal(mg_dta_read_file("/nonexistent/pwt.dta", NULL, &CB, &g, &err), MIGDIP_ERR_IO);
    assert_non_null(strstr(err.msg, "/nonexistent/pwt.dta"));
    free(buf);
}

static void test_sniff(void **state)
{
    (void)state;
    assert_true(mg_dta_sniff((const unsigned char *)"<stata_dta><header>", 19));
    assert_true(mg_dta_sniff((const unsigned char *)"\x72\x02\x01\x00", 4));  /* 114, LSF */
    assert_true(mg_dta_sniff((const unsigned char *)"\x71\x01\x01\x00", 4));  /* 113, MSF */
    assert_false(mg_dta_sniff((const unsigned char *)"\x72\x03\x01\x00", 4));
    assert_false(mg_dta_sniff((const unsigned char *)"ISO,year,gdppc,pop\n", 19));
    assert_false(mg_dta_sniff((const unsigned char *)"PK\x03\x04", 4));
    assert_false(mg_dta_sniff((const unsigned char *)"<stata", 6));
    assert_false(mg_dta_sniff(NULL, 0));
}

int main(void)
{
    const struct CMUnitTest tests[] = {
        cmocka_unit_test(test_memory_and_file),
        cmocka_unit_test(test_no_observation),
        cmocka_unit_test(test_callback_stops),
        cmocka_unit_test(test_bad_bytes),
        cmocka_unit_test(test_sniff),
    };
    return cmocka_run_group_tests(tests, NULL, NULL);
}
