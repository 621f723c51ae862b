/* test_coverage.c - coverage kept with the vintage (table coverage, mg_store_coverage_fill):
 * an import fills one row per series with its countries, years, values and explicit gaps;
 * `sources` reads those rows (it does not scan the values); a store imported before coverage
 * was kept gets its rows once, at the first `sources`. */
#include "testutil.h"

/* UN DESA tidy long CSV (2020): stocks by sex (the importer adds the totals, T); NA is a gap,
 * an origin code it does not know (XXX) is kept. */
static const char LONG[] =
    "dest_iso3,orig_iso3,year,sex,stock\n"
    "MYS,IDN,2020,Male,700000\n"
    "MYS,IDN,2020,Female,541634\n"
    "QAT,NPL,2020,Male,300000\n"
    "QAT,XXX,2020,Female,5\n"
    "QAT,IND,2020,Female,NA\n"
    "QAT,IND,2020,Male,10\n"
    "MYS,IDN,1990,Female,0\n";

/* WDI tidy CSV: one series; World is an aggregate, kept apart (not covered). */
static const char WDI[] =
    "Country Name,Country Code,Year,Value\n"
    "Nepal,NPL,2020,29348627\n"
    "Nepal,NPL,2021,30034989\n"
    "Qatar,QAT,2019,\n"
    "Qatar,QAT,2021,2688235\n"
    "World,WLD,2021,7888408686\n";

static tu_fx import_fixture(void)
{
    tu_fx f = tu_fx_open("NPL=Nepal;QAT=Qatar;MYS=Malaysia;IDN=Indonesia;IND=India");
    tu_exec_sql(f.db, "INSERT INTO aggregate(code,name,scheme) VALUES('WLD','World','wb')");
    char *p1 = tu_write_text(f.dir, "undesa_ims2020_bilateral_by_sex_long.csv", LONG);
    char *p2 = tu_write_text(f.dir, "sp.pop.totl.csv", WDI);
    assert_int_equal(tu_import_file(f.ctx, p1, NULL), MIGDIP_OK);
    assert_int_equal(tu_import_file(f.ctx, p2, NULL), MIGDIP_OK);
    free(p1);
    free(p2);
    return f;
}

static const migdip_coverage *find(const migdip_sources *s, const char *series)
{
    for (size_t i = 0; i < s->n_coverage; i++)
        if (strcmp(s->coverage[i].series, series) == 0)
            return &s->coverage[i];
    fail_msg("no coverage row for %s", series);
    return NULL;
}

static void check_counts(const migdip_coverage *c, const char *dataset, int countries, int y0, int y1, int years,
                         int values, int missing)
{
    assert_string_equal(c->dataset, dataset);
    assert_int_equal(c->countries, countries);
    assert_int_equal(c->year_min, y0);
    assert_int_equal(c->year_max, y1);
    assert_int_equal(c->years, years);
    assert_int_equal(c->values, values);
    assert_int_equal(c->missing, missing);
}

static void check_sources(tu_fx *f)
{
    migdip_sources *s = NULL;
    assert_int_equal(migdip_sources_get(f->ctx, &s), MIGDIP_OK);
    assert_int_equal(s->n_coverage, 4);
    /* stocks: countries are destinations; 0 is a value, NA a gap */
    check_counts(find(s, "stock (F)"), "undesa-ims 2020", 2, 1990, 2020, 2, 3, 1);
    check_counts(find(s, "stock (T)"), "undesa-ims 2020", 2, 1990, 2020, 2, 4, 1);
    check_counts(find(s, "stock (M)"), "undesa-ims 2020", 2, 2020, 2020, 1, 3, 0);
    /* series: Qatar 2019 is an explicit gap; the World aggregate is not a country */
    check_counts(find(s, "SP.POP.TOTL"), "wdi 2026-07-01", 2, 2019, 2021, 3, 3, 1);
    migdip_sources_free(s);
}

/* The import fills the table; the numbers are those of the value rows. */
static void test_import_fills(void **state)
{
    (void)state;
    tu_fx f = import_fixture();
    assert_int_equal((int)tu_query_double(f.db, "SELECT count(*) FROM coverage"), 4);
    assert_int_equal((int)tu_query_double(f.db, "SELECT n_values FROM coverage WHERE series='stock (M)'"), 3);
    assert_int_equal((int)tu_query_double(f.db, "SELECT n_missing FROM coverage WHERE series='SP.POP.TOTL'"), 1);
    tu_assert_text(f.db, "SELECT value FROM meta WHERE key='coverage'", "kept");
    check_sources(&f);
    tu_fx_close(&f);
}

/* sources answers from the table: a changed row shows, the values are not rescanned. */
static void test_sources_reads_table(void **state)
{
    (void)state;
    tu_fx f = import_fixture();
    tu_exec_sql(f.db, "UPDATE coverage SET countries=99 WHERE series='SP.POP.TOTL'");
    migdip_sources *s = NULL;
    assert_int_equal(migdip_sources_get(f.ctx, &s), MIGDIP_OK);
    assert_int_equal(find(s, "SP.POP.TOTL")->countries, 99);
    migdip_sources_free(s);
    tu_fx_close(&f);
}

/* A store imported before coverage was kept: the first sources fills every vintage once. */
static void test_old_store(void **state)
{
    (void)state;
    tu_fx f = import_fixture();
    tu_exec_sql(f.db, "DELETE FROM coverage; DELETE FROM meta WHERE key='coverage'");
    check_sources(&f);
    assert_int_equal((int)tu_query_double(f.db, "SELECT count(*) FROM coverage"), 4);
    tu_assert_text(f.db, "SELECT value FROM meta WHERE key='coverage'", "kept");
    tu_fx_close(&f);
}

/* A later import adds the new vintage's rows and keeps the others. */
static void test_later_import(void **state)
{
    (void)state;
    tu_fx f = import_fixture();
    char *p = tu_write_text(f.dir, "sl.tlf.totl.in.csv",
                            "Country Name,Country Code,Year,Value\nNepal,NPL,2020,8000000\n");
    assert_int_equal(tu_import_file(f.ctx, p, NULL), MIGDIP_OK);
    free(p);
    assert_int_equal((int)tu_query_double(f.db, "SELECT count(*) FROM coverage"), 5);
    assert_int_equal((int)tu_query_double(f.db, "SELECT countries FROM coverage WHERE series='SL.TLF.TOTL.IN'"), 1);
    assert_int_equal((int)tu_query_double(f.db, "SELECT n_values FROM coverage WHERE series='stock (M)'"), 3);
    tu_fx_close(&f);
}

int main(void)
{
    const struct CMUnitTest tests[] = {
        cmocka_unit_test(test_import_fills),
        cmocka_unit_test(test_sources_reads_table),
        cmocka_unit_test(test_old_store),
        cmocka_unit_test(test_later_import),
    };
    return cmocka_run_group_tests(tests, NULL, NULL);
}
