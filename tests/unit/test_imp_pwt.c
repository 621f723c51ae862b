/* test_imp_pwt.c - the Penn World Table importer (imp_pwt.c) on small .dta files the test
 * writes with ReadStat's writer: stored values, units and flags, the edition from the file
 * name, an unmapped code, the same bytes from memory, re-import, the sniffer, and one test
 * per kind of bad input (each leaving the store as it was). */
#include "testutil.h"
#include "dtautil.h"

#include "import/import.h"
#include "import/importer.h"

extern const mg_importer mg_imp_pwt, mg_imp_mpd_data, mg_imp_cow;

#define SEED "TWN=Taiwan;NPL=Nepal;QAT=Qatar"

/* PWT's first columns (ids, then the size variables) and one flag variable */
static const dta_col COLS[] = {
    {"countrycode", 's', "3-letter ISO country code"},
    {"country", 's', "Country name"},
    {"currency_unit", 's', "Currency unit"},
    {"year", 'd', "Year"},
    {"rgdpe", 'f', "Expenditure-side real GDP at chained PPPs (in mil. 2017US$)"},
    {"rgdpo", 'f', "Output-side real GDP at chained PPPs (in mil. 2017US$)"},
    {"pop", 'd', "Population (in millions)"},
    {"emp", 'd', "Number of persons engaged (in millions)"},
    {"cgdpe", 'f', "Expenditure-side real GDP at current PPPs (in mil. 2017US$)"},
    {"i_outlier", 'b', "0/1, see note i_outlier"},
};
enum { NC = sizeof COLS / sizeof *COLS };

static const char *const GOOD[] = {
    "TWN", "Taiwan", "New Taiwan Dollar", "2019", "1153761.1", "1103379.8", "23.596027", "11.5", "1210000.5", "0",
    "NPL", "Nepal", "Nepalese Rupee", "2019", "102349.2", "97003.1", "28.608715", NULL, "104000", "0",
    "XYZ", "Nowhere", "None", "2019", "1", "1", "1", "1", "1", "0",
    "QAT", "Qatar", "Qatari Rial", "1950", NULL, NULL, NULL, NULL, NULL, NULL,
};
enum { NR = 4 };

typedef tu_fx fx;
static double q(fx *f, const char *sql) { return tu_query_double(f->db, sql); }

/* Write cells (nr rows of COLS, or of cols) as name in the fixture and import it. */
static migdip_status import_dta(fx *f, const char *name, const dta_col *cols, size_t nc, const char *const *cells,
                                size_t nr, migdip_import_report **rep)
{
    size_t len = 0;
    unsigned char *buf = dta_make(118, cols, nc, cells, nr, &len);
    assert_non_null(buf);
    char *path = tu_write(f->dir, name, (const char *)buf, len);
    migdip_status st = tu_import_file(f->ctx, path, rep);
    free(path);
    free(buf);
    return st;
}

static void test_values(void **state)
{
    (void)state;
    fx f = tu_fx_open(SEED);
    migdip_import_report *rep = NULL;
    assert_int_equal(import_dta(&f, "pwt/pwt1001.dta", COLS, NC, GOOD, NR, &rep), MIGDIP_OK);
    assert_int_equal(rep->n_files, 1);
    assert_string_equal(rep->files[0].importer, "pwt");
    /* 3 country-years mapped x 5 size variables present (rgdpe rgdpo pop emp cgdpe) */
    assert_int_equal(rep->files[0].rows, 3 * 5);
    assert_int_equal(rep->n_unmapped, 1);
    assert_string_equal(rep->unmapped[0].name, "XYZ (Nowhere)");
    assert_string_equal(rep->unmapped[0].cell, "countrycode");
    assert_int_equal(rep->unmapped[0].line, 3);
    migdip_import_report_free(rep);

    /* PWT's units kept: millions of 2017 US$, millions of persons; floats as PWT shows them */
    assert_near(q(&f, "SELECT value FROM series WHERE code='PWT.RGDPE' AND iso3='TWN' AND year=2019"), 1153761.1, 0);
    assert_near(q(&f, "SELECT value FROM series WHERE code='PWT.RGDPO' AND iso3='TWN' AND year=2019"), 1103379.8, 0);
    assert_near(q(&f, "SELECT value FROM series WHERE code='PWT.POP' AND iso3='NPL' AND year=2019"), 28.608715, 0);
    assert_near(q(&f, "SELECT value FROM series WHERE code='PWT.CGDPE' AND iso3='TWN' AND year=2019"), 1210000.5, 0);
    /* Stata's missing stays missing: NULL, flag 0 */
    assert_near(q(&f, "SELECT count(*) FROM series WHERE code='PWT.EMP' AND iso3='NPL' AND year=2019"
                      " AND value IS NULL AND flag=0"), 1, 0);
    assert_near(q(&f, "SELECT count(*) FROM series WHERE iso3='QAT' AND value IS NULL AND flag=0"), 5, 0);
    assert_near(q(&f, "SELECT count(*) FROM series WHERE flag=1"), 9, 0);
    /* the flags of PWT (i_*) and absent variables are not series */
    assert_near(q(&f, "SELECT count(*) FROM series WHERE code NOT IN ('PWT.RGDPE','PWT.RGDPO','PWT.POP','PWT.EMP','PWT.CGDPE')"), 0, 0);
    tu_assert_text(f.db, "SELECT unit FROM series_info WHERE code='PWT.RGDPE'", "millions of 2017 US$ (chained PPPs)");
    tu_assert_text(f.db, "SELECT unit FROM series_info WHERE code='PWT.POP'", "millions of persons");
    tu_assert_text(f.db, "SELECT unit FROM series_info WHERE code='PWT.EMP'", "millions of persons");
    assert_near(q(&f, "SELECT count(*) FROM series_info WHERE code LIKE 'PWT.%'"), 5, 0);
    assert_near(q(&f, "SELECT count(*) FROM vintage WHERE dataset='pwt' AND edition='10.01' AND released='2023-01'"
                      " AND importer='pwt' AND rows=15 AND citation LIKE '%Feenstra%10.34894/QT5BCC%'"), 1, 0);
    assert_near(q(&f, "SELECT count(*) FROM unmapped WHERE cell='countrycode' AND line=3"), 1, 0);
    tu_fx_close(&f);
}

/* The same bytes from memory (as the dispatcher reads an input without a path): same rows. */
static void test_from_memory(void **state)
{
    (void)state;
    fx f = tu_fx_open(SEED);
    size_t len = 0;
    unsigned char *buf = dta_make(118, COLS, NC, GOOD, NR, &len);
    mg_import_input in = {.mem = buf, .len = len, .name = "pwt1001.dta"};
    migdip_import_report *rep = NULL;
    assert_int_equal(mg_import_inputs(f.ctx, &in, 1, true, NULL, NULL, &rep), MIGDIP_OK);
    assert_int_equal(rep->rows, 15);
    assert_int_equal(rep->n_unmapped, 1);
    migdip_import_report_free(rep);
    assert_near(q(&f, "SELECT value FROM series WHERE code='PWT.RGDPE' AND iso3='TWN' AND year=2019"), 1153761.1, 0);
    free(buf);
    tu_fx_close(&f);
}

static void test_reimport_unchanged(void **state)
{
    (void)state;
    fx f = tu_fx_open(SEED);
    assert_int_equal(import_dta(&f, "pwt1001.dta", COLS, NC, GOOD, NR, NULL), MIGDIP_OK);
    char *before = tu_store_fingerprint(f.db);
    migdip_import_report *rep = NULL;
    assert_int_equal(import_dta(&f, "pwt1001.dta", COLS, NC, GOOD, NR, &rep), MIGDIP_OK);
    assert_int_equal(rep->files[0].skipped, 1);
    assert_int_equal(rep->rows, 0);
    migdip_import_report_free(rep);
    char *after = tu_store_fingerprint(f.db);
    assert_string_equal(before, after);
    free(before);
    free(after);
    tu_fx_close(&f);
}

/* The edition: from the name pwtDDdd.dta, else said to be unknown (the real 10.01 file is
 * known by its sha256: tests/integration/test_real_pwt_mpd.c) */
static void test_edition(void **state)
{
    (void)state;
    fx f = tu_fx_open(SEED);
    assert_int_equal(import_dta(&f, "pwt100.dta", COLS, NC, GOOD, 1, NULL), MIGDIP_OK);
    assert_int_equal(import_dta(&f, "penn.dta", COLS, NC, GOOD, 2, NULL), MIGDIP_OK);
    assert_int_equal(import_dta(&f, "PWT1000.dta", COLS, NC, GOOD, 3, NULL), MIGDIP_OK);
    tu_assert_text(f.db, "SELECT edition FROM vintage WHERE file LIKE '%/penn.dta'", "10 (edition not in the file name)");
    tu_assert_text(f.db, "SELECT edition FROM vintage WHERE file LIKE '%/pwt100.dta'", "10 (edition not in the file name)");
    tu_assert_text(f.db, "SELECT edition||' '||released FROM vintage WHERE file LIKE '%/PWT1000.dta'", "10.00 2021-06");
    tu_fx_close(&f);
}

static void test_sniff(void **state)
{
    (void)state;
    size_t len = 0;
    unsigned char *pwt = dta_make(118, COLS, NC, GOOD, NR, &len);
    assert_true(mg_imp_pwt.sniff("x.dta", "x.dta", pwt, len));
    /* also a PWT in the pre-2015 format (Stata 10-13) */
    size_t len114 = 0;
    unsigned char *old = dta_make(114, COLS, NC, GOOD, NR, &len114);
    assert_true(mg_imp_pwt.sniff("x.dta", "x.dta", old, len114));
    /* another .dta (not PWT's variables), CSV heads of other importers: not PWT */
    static const dta_col OTHER[] = {{"iso3", 's', NULL}, {"year", 'd', NULL}, {"gdp", 'd', NULL}};
    static const char *const OTHER_CELLS[] = {"NPL", "2019", "1"};
    size_t olen = 0;
    unsigned char *other = dta_make(118, OTHER, 3, OTHER_CELLS, 1, &olen);
    assert_false(mg_imp_pwt.sniff("x.dta", "x.dta", other, olen));
    static const char *const CSV[] = {"countrycode,year,rgdpe,rgdpo,pop\nTWN,2019,1,1,1\n",
                                      "ISO,year,gdppc,pop\nCUB,2022,7648.7,11002.5\n", ""};
    for (size_t i = 0; i < 3; i++)
        assert_false(mg_imp_pwt.sniff("x.csv", "x.csv", (const unsigned char *)CSV[i], strlen(CSV[i])));
    assert_false(mg_imp_mpd_data.sniff("x.dta", "x.dta", pwt, len));
    assert_false(mg_imp_cow.sniff("x.dta", "x.dta", pwt, len));
    free(pwt);
    free(old);
    free(other);
}

/* Import GOOD, then bad bytes as another file: it must fail with st and a message holding
 * part, and leave the store exactly as it was. */
static void expect_bad_bytes(const unsigned char *bad, size_t len, migdip_status st, const char *part)
{
    fx f = tu_fx_open(SEED);
    assert_int_equal(import_dta(&f, "pwt1001.dta", COLS, NC, GOOD, NR, NULL), MIGDIP_OK);
    char *before = tu_store_fingerprint(f.db);
    char *path = tu_write(f.dir, "bad.dta", (const char *)bad, len);
    assert_int_equal(tu_import_file(f.ctx, path, NULL), st);
    const char *msg = migdip_ctx_errmsg(f.ctx);
    if (!strstr(msg, part))
        fail_msg("message \"%s\" lacks \"%s\"", msg, part);
    char *after = tu_store_fingerprint(f.db);
    assert_string_equal(before, after);
    free(path);
    free(before);
    free(after);
    tu_fx_close(&f);
}

static void expect_bad(const dta_col *cols, size_t nc, const char *const *cells, size_t nr, migdip_status st,
                       const char *part)
{
    size_t len = 0;
    unsigned char *buf = dta_make(118, cols, nc, cells, nr, &len);
    assert_non_null(buf);
    expect_bad_bytes(buf, len, st, part);
    free(buf);
}

static void test_bad_truncated(void **state)
{
    (void)state;
    size_t len = 0;
    unsigned char *buf = dta_make(118, COLS, NC, GOOD, NR, &len);
    /* cut inside the data: the header announces 4 observations */
    expect_bad_bytes(buf, len - 120, MIGDIP_ERR_PARSE, "bad.dta");
    free(buf);
}

static void test_bad_missing_variable(void **state)
{
    (void)state;
    /* without rgdpo (columns 0-4, then pop) */
    static const dta_col C[] = {{"countrycode", 's', NULL}, {"year", 'd', NULL}, {"rgdpe", 'f', NULL},
                                {"pop", 'd', NULL}, {"cgdpe", 'd', NULL}};
    static const char *const CELLS[] = {"TWN", "2019", "1", "1", "1"};
    expect_bad(C, 5, CELLS, 1, MIGDIP_ERR_SCHEMA, "bad.dta: missing variable \"rgdpo\"");
}

static void test_bad_string_year(void **state)
{
    (void)state;
    static const dta_col C[] = {{"countrycode", 's', NULL}, {"year", 's', NULL}, {"rgdpe", 'f', NULL},
                                {"rgdpo", 'f', NULL}, {"pop", 'd', NULL}};
    static const char *const CELLS[] = {"TWN", "2019", "1", "1", "1"};
    expect_bad(C, 5, CELLS, 1, MIGDIP_ERR_SCHEMA, "bad.dta: variable year: expected a number");
}

static void test_bad_year(void **state)
{
    (void)state;
    static const char *const CELLS[] = {
        "TWN", "Taiwan", "TWD", "2019", "1", "1", "1", "1", "1", "0",
        "NPL", "Nepal", "NPR", "3019", "1", "1", "1", "1", "1", "0",
    };
    expect_bad(COLS, NC, CELLS, 2, MIGDIP_ERR_RANGE, "bad.dta: observation 2: variable year: expected a year in 1800-2100");
}

static void test_bad_duplicate(void **state)
{
    (void)state;
    static const char *const CELLS[] = {
        "TWN", "Taiwan", "TWD", "2019", "1", "1", "1", "1", "1", "0",
        "TWN", "Taiwan", "TWD", "2019", "2", "2", "2", "2", "2", "0",
    };
    expect_bad(COLS, NC, CELLS, 2, MIGDIP_ERR_DUPLICATE, "bad.dta: observation 2: duplicate country-year TWN 2019 (first in observation 1)");
}

static void test_bad_negative(void **state)
{
    (void)state;
    static const char *const CELLS[] = {"TWN", "Taiwan", "TWD", "2019", "1", "1", "-23.5", "1", "1", "0"};
    expect_bad(COLS, NC, CELLS, 1, MIGDIP_ERR_RANGE, "bad.dta: observation 1: variable pop: expected a non-negative number");
}

static void test_bad_garbage(void **state)
{
    (void)state;
    /* a .dta header then nothing a parser can read */
    static const unsigned char G[] = "<stata_dta><header><release>118</release>countrycode\0rgdpe\0rgdpo\0pop\0garbage";
    expect_bad_bytes(G, sizeof G - 1, MIGDIP_ERR_PARSE, "bad.dta: not a readable Stata .dta file");
}

int main(void)
{
    const struct CMUnitTest tests[] = {
        cmocka_unit_test(test_values),
        cmocka_unit_test(test_from_memory),
        cmocka_unit_test(test_reimport_unchanged),
        cmocka_unit_test(test_edition),
        cmocka_unit_test(test_sniff),
        cmocka_unit_test(test_bad_truncated),
        cmocka_unit_test(test_bad_missing_variable),
        cmocka_unit_test(test_bad_string_year),
        cmocka_unit_test(test_bad_year),
        cmocka_unit_test(test_bad_duplicate),
        cmocka_unit_test(test_bad_negative),
        cmocka_unit_test(test_bad_garbage),
    };
    return cmocka_run_group_tests(tests, NULL, NULL);
}
