/* test_real_cfo.c - the Commission on Filipinos Overseas' own workbooks on the real files
 * (skipped when the data directory is absent): the AllCountries workbook, the two MajorCountry
 * workbooks (1981-2020 and 1981-2022) and, beside them, the long CSV made from AllCountries.
 * Figures a reader can check in the workbooks (docs/flows.md): registered emigrants to the USA
 * (with its insular areas) 18,560 and to Canada 7,195 in 2022; 40,307 to the USA in 1981; the
 * AllCountries workbook gives, value for value, what the long CSV gives. */
#include "testutil.h"

static const char *const FILES[] = {"flows/cfo_ph/Emigrant-1981-2020-AllCountries.xlsx",
                                    "flows/cfo_ph/Emigrant-1981-2020-MajorCountry.xlsx",
                                    "flows/cfo_ph/Emigrant-1981-2022-MajorCountry.xlsx",
                                    "flows/cfo_ph/cfo_registered_emigrants_by_destination_1981_2020_long.csv"};

static tu_real_fx *g_fx;

/* The whole codes/ folder, then FILES (tu_real_fx_setup). */
static int setup(void **state)
{
    g_fx = tu_real_fx_setup(NULL, 0, FILES, sizeof FILES / sizeof *FILES);
    *state = g_fx;
    return 0;
}

#define NEED_DATA()          \
    do {                     \
        if (!g_fx)           \
            skip();          \
    } while (0)

static double q(const char *sql) { return tu_query_double(g_fx->db_path, sql); }

#define OF(file) "vintage_id=(SELECT id FROM vintage WHERE file LIKE '%" file "')"

static void test_major_2022(void **state)
{
    (void)state;
    NEED_DATA();
    assert_near(q("SELECT value FROM flow WHERE " OF("1981-2022-MajorCountry.xlsx") " AND orig='PHL' AND dest='USA'"
                  " AND measure='registered_emigrants' AND period_from='2022-01-01' AND period_to='2022-12-31'"
                  " AND sex='T' AND channel=''"), 18560, 0);
    assert_near(q("SELECT value FROM flow WHERE " OF("1981-2022-MajorCountry.xlsx") " AND dest='CAN'"
                  " AND period_from='2022-01-01'"), 7195, 0);
    /* NEW / ZEALAND and SOUTH / KOREA: names over two header rows */
    assert_near(q("SELECT value FROM flow WHERE " OF("1981-2022-MajorCountry.xlsx") " AND dest='NZL'"
                  " AND period_from='2022-01-01'"), 5579, 0);
    assert_near(q("SELECT value FROM flow WHERE " OF("1981-2022-MajorCountry.xlsx") " AND dest='KOR'"
                  " AND period_from='2022-01-01'"), 343, 0);
    /* 10 destinations (OTHERS, TOTAL, % not stored) x 42 years */
    assert_near(q("SELECT count(*) FROM flow WHERE " OF("1981-2022-MajorCountry.xlsx")), 10 * 42 - 2, 0);
    assert_near(q("SELECT count(*) FROM vintage WHERE file LIKE '%1981-2022-MajorCountry.xlsx'"
                  " AND dataset='cfo-emigrants' AND edition='1981-2022'"), 1, 0);
}

/* The AllCountries workbook equals the long CSV made from it, value for value. */
static void test_all_countries(void **state)
{
    (void)state;
    NEED_DATA();
    assert_near(q("SELECT count(*) FROM flow WHERE " OF("AllCountries.xlsx")), 1784, 0);
    assert_near(q("SELECT count(*) FROM flow a JOIN flow b ON a.dest=b.dest AND a.period_from=b.period_from"
                  " WHERE a." OF("AllCountries.xlsx") " AND b." OF("long.csv") " AND a.value=b.value"), 1784, 0);
    assert_near(q("SELECT sum(value) FROM flow WHERE " OF("AllCountries.xlsx") " AND period_from='1981-01-01'"),
                48867, 0);
    assert_near(q("SELECT value FROM flow WHERE " OF("AllCountries.xlsx") " AND dest='USA'"
                  " AND period_from='1981-01-01'"), 40307, 0);
}

/* Left out and named: the two places that are not states, OTHERS of the two MajorCountry
 * workbooks; the by-sex workbook (no destination) is not among the files read. */
static void test_unmapped_and_cite(void **state)
{
    (void)state;
    NEED_DATA();
    size_t others = 0;
    for (size_t i = 0; i < g_fx->rep->n_unmapped; i++)
        others += strcmp(g_fx->rep->unmapped[i].name, "OTHERS") == 0;
    assert_int_equal(others, 2);
    migdip_citations *c = NULL;
    assert_int_equal(migdip_citations_get(g_fx->ctx, &c), MIGDIP_OK);
    bool y2023 = false;
    for (size_t i = 0; i < c->n; i++)
        if (!strcmp(c->v[i].dataset, "cfo-emigrants") && strstr(c->v[i].bibtex, "edition = {1981-2022}"))
            y2023 = strstr(c->v[i].bibtex, "year = {2023}") && strstr(c->v[i].bibtex, "author = {{Commission");
    assert_true(y2023);
    migdip_citations_free(c);
}

int main(void)
{
    const struct CMUnitTest tests[] = {
        cmocka_unit_test(test_major_2022),
        cmocka_unit_test(test_all_countries),
        cmocka_unit_test(test_unmapped_and_cite),
    };
    return cmocka_run_group_tests(tests, setup, tu_real_fx_group_teardown);
}
