/* test_real_flows.c - the sending-country flow importers on the real files: Nepal DoFE labour
 * approvals, Sri Lanka SLBFE departures, Philippines CFO registered emigrants (the long CSV and
 * the CFO's own workbooks: AllCountries, MajorCountry 1981-2020 and 1981-2022). Figures were
 * read from the files with Python's csv module and in the workbooks (docs/flows.md): to the
 * USA (with its insular areas) 18,560 and to Canada 7,195 in 2022. Skips when the data
 * directory is absent. */
#include "testutil.h"

static const char *const FILES[] = {"flows/nepal_dofe/nepal_dofe_countrywise_labour_approvals_long.csv",
                                    "flows/slbfe/slbfe_registrations_by_country_ldflk_long.csv",
                                    "flows/cfo_ph/cfo_registered_emigrants_by_destination_1981_2020_long.csv",
                                    "flows/cfo_ph/Emigrant-1981-2020-AllCountries.xlsx",
                                    "flows/cfo_ph/Emigrant-1981-2020-MajorCountry.xlsx",
                                    "flows/cfo_ph/Emigrant-1981-2022-MajorCountry.xlsx"};

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

/* The rows of one file (the three CFO files of 1981-2020 overlap: never add them together). */
#define OF(file) "vintage_id=(SELECT id FROM vintage WHERE file LIKE '%" file "')"

/* Nepal: 12 months, Baishakh 2079 to Baishakh 2080 with Bhadra 2079 missing; labour approvals
 * (all channels with re-entry, both sexes) to the four main destinations. */
static void test_dofe(void **state)
{
    (void)state;
    NEED_DATA();
    assert_near(q("SELECT count(DISTINCT period_from) FROM flow WHERE orig='NPL' AND measure='labour_approvals'"), 12, 0);
    assert_near(q("SELECT count(*) FROM flow WHERE orig='NPL' AND period_from='2022-08-17'"), 0, 0); /* Bhadra 2079 */
    tu_assert_text(g_fx->db_path, "SELECT min(period_from)||' '||max(period_to) FROM flow WHERE orig='NPL'",
                   "2022-04-14 2023-05-14");
#define APPROVALS(dest, from) \
    "SELECT value FROM flow WHERE orig='NPL' AND dest='" dest "' AND measure='labour_approvals'" \
    " AND channel='Total with ReEntry' AND sex='T' AND flag=1 AND period_from='" from "'"
    assert_near(q(APPROVALS("QAT", "2022-04-14")), 11417, 0); /* Baishakh 2079, AD range in the title */
    assert_near(q(APPROVALS("SAU", "2022-05-15")), 12701, 0); /* Jestha 2079 */
    assert_near(q(APPROVALS("ARE", "2022-10-18")), 11600, 0); /* Kartik 2079, converted through the table */
    assert_near(q(APPROVALS("MYS", "2022-09-17")), 27062, 0); /* Ashoj 2079 */
    assert_near(q(APPROVALS("MYS", "2023-04-14")), 14637, 0); /* Baishakh 2080 */
#define TWELVE(dest) \
    "SELECT sum(value) FROM flow WHERE orig='NPL' AND dest='" dest "' AND measure='labour_approvals'" \
    " AND channel='Total with ReEntry' AND sex='T'"
    assert_near(q(TWELVE("QAT")), 139114, 0);
    assert_near(q(TWELVE("SAU")), 121676, 0);
    assert_near(q(TWELVE("ARE")), 115166, 0);
    assert_near(q(TWELVE("MYS")), 230139, 0);
    /* the totals equal the sum of the other channels (never added to them) */
    assert_near(q("SELECT count(*) FROM (SELECT t.dest, t.period_from, t.sex, t.value AS tot,"
                  " (SELECT sum(o.value) FROM flow o WHERE o.vintage_id=t.vintage_id AND o.dest=t.dest"
                  "  AND o.period_from=t.period_from AND o.sex=t.sex AND o.channel NOT LIKE 'Total%') AS parts"
                  " FROM flow t WHERE t.orig='NPL' AND t.channel='Total with ReEntry') WHERE tot<>parts"), 0, 0);
    /* DoFE spellings of one country in one month were summed, with a note */
    assert_true(q("SELECT count(*) FROM flow WHERE orig='NPL' AND dest='KHM' AND flag=2 AND note LIKE 'sum of%'") > 0);
}

/* Sri Lanka: 2019 stored as suspect and reported; 2021-2023 add up to the official totals with
 * the rows that are not countries ("Other", "Kurdistan"), which are reported, not stored. */
static void test_slbfe(void **state)
{
    (void)state;
    NEED_DATA();
    assert_near(q("SELECT value FROM flow WHERE orig='LKA' AND dest='ARE' AND period_from='2019-01-01' AND channel=''"
                  " AND flag=6 AND note LIKE '%extra digit%'"), 328690, 0);
    assert_near(q("SELECT count(*) FROM flow WHERE orig='LKA' AND period_from='2019-01-01' AND flag<>6"), 0, 0);
    bool reported = false;
    for (size_t i = 0; i < g_fx->rep->n_unmapped; i++)
        if (strstr(g_fx->rep->unmapped[i].file, "slbfe") &&
            strstr(g_fx->rep->unmapped[i].name, "2019: 54 rows stored as suspect (flag 6), never used"))
            reported = true;
    assert_true(reported);
    /* 2021: 122,264 official = 121,774 stored + 490 in "Other" and "Kurdistan" */
    assert_near(q("SELECT sum(value) FROM flow WHERE orig='LKA' AND measure='departures' AND channel=''"
                  " AND period_from='2021-01-01' AND flag=1"), 122264 - 490, 0);
    /* 2022: 311,056 = 309,982 + 1,074 */
    assert_near(q("SELECT sum(value) FROM flow WHERE orig='LKA' AND channel='' AND period_from='2022-01-01'"),
                311056 - 1074, 0);
    /* 2023, from the skill x sex table only: 297,656 = 296,495 + 1,161 */
    assert_near(q("SELECT sum(value) FROM flow WHERE orig='LKA' AND channel LIKE 'Manpower:%'"
                  " AND period_from='2023-01-01'"), 297656 - 1161, 0);
    assert_near(q("SELECT count(*) FROM flow WHERE orig='LKA' AND value<1 AND value>0"), 0, 0); /* no percentages */
}

/* Philippines: permanent emigrants, 1981-2020 (the long CSV). */
static void test_cfo(void **state)
{
    (void)state;
    NEED_DATA();
    assert_near(q("SELECT value FROM flow WHERE " OF("long.csv") " AND orig='PHL' AND dest='USA'"
                  " AND measure='registered_emigrants' AND period_from='1981-01-01'"), 40307, 0);
    assert_near(q("SELECT value FROM flow WHERE " OF("long.csv") " AND dest='USA' AND period_from='2020-01-01'"), 6539,
                0);
    /* every year's sum equals the workbook's GRAND TOTAL less the rows left unmapped */
    assert_near(q("SELECT sum(value) FROM flow WHERE " OF("long.csv") " AND period_from='1981-01-01'"), 48867, 0);
    assert_near(q("SELECT sum(value) FROM flow WHERE " OF("long.csv") " AND period_from='2020-01-01'"), 15703 - 1, 0);
    assert_near(q("SELECT count(DISTINCT period_from) FROM flow WHERE " OF("long.csv")), 40, 0);
}

/* The CFO's workbooks: the MajorCountry table to 2022, names over two header rows. */
static void test_cfo_major_2022(void **state)
{
    (void)state;
    NEED_DATA();
    assert_near(q("SELECT value FROM flow WHERE " OF("1981-2022-MajorCountry.xlsx") " AND orig='PHL' AND dest='USA'"
                  " AND measure='registered_emigrants' AND period_from='2022-01-01' AND period_to='2022-12-31'"
                  " AND sex='T' AND channel='' AND note LIKE 'USA*: the United States and its insular areas%'"),
                18560, 0);
    assert_near(q("SELECT value FROM flow WHERE " OF("1981-2022-MajorCountry.xlsx") " AND dest='CAN'"
                  " AND period_from='2022-01-01'"), 7195, 0);
    /* NEW / ZEALAND and SOUTH / KOREA */
    assert_near(q("SELECT value FROM flow WHERE " OF("1981-2022-MajorCountry.xlsx") " AND dest='NZL'"
                  " AND period_from='2022-01-01'"), 5579, 0);
    assert_near(q("SELECT value FROM flow WHERE " OF("1981-2022-MajorCountry.xlsx") " AND dest='KOR'"
                  " AND period_from='2022-01-01'"), 343, 0);
    /* 10 destinations x 42 years less 2 blank cells (OTHERS, TOTAL, % not stored) */
    assert_near(q("SELECT count(*) FROM flow WHERE " OF("1981-2022-MajorCountry.xlsx")), 10 * 42 - 2, 0);
    assert_near(q("SELECT count(*) FROM vintage WHERE file LIKE '%1981-2022-MajorCountry.xlsx'"
                  " AND dataset='cfo-emigrants' AND edition='1981-2022'"), 1, 0);
}

/* The AllCountries workbook gives, value for value, what the long CSV made from it gives. */
static void test_cfo_all_countries(void **state)
{
    (void)state;
    NEED_DATA();
    assert_near(q("SELECT count(*) FROM flow WHERE " OF("AllCountries.xlsx")), 1784, 0);
    assert_near(q("SELECT count(*) FROM flow a JOIN flow b ON a.dest=b.dest AND a.period_from=b.period_from"
                  " WHERE a." OF("AllCountries.xlsx") " AND b." OF("long.csv") " AND a.value=b.value"), 1784, 0);
}

/* What is left out is named, with its file and line, and nothing else. */
static void test_unmapped(void **state)
{
    (void)state;
    NEED_DATA();
    static const char *const want[] = {"West-Indies", "Kurdistan", "Africa", "PACIFIC ISLANDS",
                                       "YUGOSLAVIA (Serbia & Montenegro)", "OTHERS"};
    for (size_t k = 0; k < sizeof want / sizeof *want; k++) {
        bool found = false;
        for (size_t i = 0; i < g_fx->rep->n_unmapped; i++)
            if (strcmp(g_fx->rep->unmapped[i].name, want[k]) == 0 && g_fx->rep->unmapped[i].line > 1)
                found = true;
        if (!found)
            fail_msg("%s not reported", want[k]);
    }
    /* those, "Other" and the 2019 note; the two CFO places again in AllCountries, OTHERS in
     * both MajorCountry workbooks */
    assert_int_equal(g_fx->rep->n_unmapped, 7 + 2 + 2);
    assert_near(q("SELECT count(*) FROM vintage WHERE dataset IN ('nepal-dofe','slbfe','cfo-emigrants')"), 6, 0);
    assert_near(q("SELECT count(*) FROM coverage WHERE series IN ('flow.labour_approvals','flow.departures',"
                  "'flow.registered_emigrants')"), 6, 0);
}

/* A complete BibTeX entry for each: author, title, edition, year, URL. */
static void test_cite(void **state)
{
    (void)state;
    NEED_DATA();
    migdip_citations *c = NULL;
    assert_int_equal(migdip_citations_get(g_fx->ctx, &c), MIGDIP_OK);
    static const char *const want[][2] = {
        {"nepal-dofe", "Government of Nepal, Department of Foreign Employment"},
        {"slbfe", "Sri Lanka Bureau of Foreign Employment"},
        {"cfo-emigrants", "Commission on Filipinos Overseas"},
    };
    for (size_t k = 0; k < 3; k++) {
        const migdip_citation *e = NULL;
        for (size_t i = 0; i < c->n; i++)
            if (strcmp(c->v[i].dataset, want[k][0]) == 0)
                e = &c->v[i];
        assert_non_null(e);
        assert_non_null(strstr(e->bibtex, want[k][1]));
        static const char *const fields[] = {"author = {", "title = {", "edition = {", "year = {", "url = {"};
        for (size_t f = 0; f < 5; f++)
            if (!strstr(e->bibtex, fields[f]))
                fail_msg("%s lacks %s: %s", want[k][0], fields[f], e->bibtex);
    }
    /* the 1981-2022 workbook: its own entry, the year after its last */
    bool y2023 = false;
    for (size_t i = 0; i < c->n; i++)
        if (!strcmp(c->v[i].dataset, "cfo-emigrants") && strstr(c->v[i].bibtex, "edition = {1981-2022}"))
            y2023 = strstr(c->v[i].bibtex, "year = {2023}") != NULL;
    assert_true(y2023);
    migdip_citations_free(c);
}

int main(void)
{
    const struct CMUnitTest tests[] = {
        cmocka_unit_test(test_dofe),
        cmocka_unit_test(test_slbfe),
        cmocka_unit_test(test_cfo),
        cmocka_unit_test(test_cfo_major_2022),
        cmocka_unit_test(test_cfo_all_countries),
        cmocka_unit_test(test_unmapped),
        cmocka_unit_test(test_cite),
    };
    return cmocka_run_group_tests(tests, setup, tu_real_fx_group_teardown);
}
