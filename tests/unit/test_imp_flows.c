/* test_imp_flows.c - the sending-country flow importers (imp_flows.c: the user table and the
 * shared writer; imp_dofe.c, imp_slbfe.c, imp_cfo.c and the CFO workbooks) on small hand-made files: stored values,
 * periods and flags, the Bikram Sambat conversion, aliases and merged spellings, totals kept as
 * channels, suspect rows reported, re-import, and bad input that leaves the store unchanged. */
#include "testutil.h"

#include "import/imp_flows.h"
#include "import/importer.h"

extern const mg_importer mg_imp_flows_table, mg_imp_dofe, mg_imp_slbfe, mg_imp_cfo, mg_imp_cfo_xlsx;

#define SEED "NPL=Nepal;LKA=Sri Lanka;PHL=Philippines;QAT=Qatar;SAU=Saudi Arabia;ARE=United Arab Emirates;" \
             "MYS=Malaysia;KHM=Cambodia;USA=United States of America;SUN=Soviet Union;RUS=Russian Federation;" \
             "KOR=Korea, Republic of;IRQ=Iraq"

typedef tu_fx fx;
static fx fx_open(void) { return tu_fx_open(SEED); }
static double q(fx *f, const char *sql) { return tu_query_double(f->db, sql); }

/* ---- user table */

#define USER_HEADER "origin,destination,period_from,period_to,measure,channel,sex,value,source,note\n"
static const char USER_GOOD[] =
    USER_HEADER
    "NPL,QAT,2022-04-14,2022-05-14,labour_approvals,Recruiting Agency,M,11000,\"DoFE, Baishakh 2079\",\n"
    "Nepal,Qatar,2022-04-14,2022-05-14,labour_approvals,Recruiting Agency,F,417,\"DoFE, Baishakh 2079\",BS month\n"
    "NPL,MYS,2022-04-14,2022-05-14,labour_approvals,,T,..,\"DoFE, Baishakh 2079\",not yet published\n"
    "NPL,Atlantis,2022-04-14,2022-05-14,labour_approvals,,T,5,\"DoFE, Baishakh 2079\",\n"
    "LKA,SAU,2021-01-01,2021-12-31,departures,,T,,SLBFE 2021,\n";

static void test_user_table(void **state)
{
    (void)state;
    fx f = fx_open();
    migdip_import_report *rep = NULL;
    assert_int_equal(tu_import_text(&f, "mine/flows.csv", USER_GOOD, &rep), MIGDIP_OK);
    assert_string_equal(rep->files[0].importer, "flows-table");
    assert_int_equal(rep->files[0].rows, 4);
    assert_int_equal(rep->n_unmapped, 1);
    assert_string_equal(rep->unmapped[0].name, "Atlantis");
    assert_string_equal(rep->unmapped[0].cell, "destination");
    assert_int_equal(rep->unmapped[0].line, 5);
    migdip_import_report_free(rep);
    assert_near(q(&f, "SELECT value FROM flow WHERE orig='NPL' AND dest='QAT' AND sex='M' AND channel='Recruiting Agency'"
                      " AND period_from='2022-04-14' AND period_to='2022-05-14' AND measure='labour_approvals' AND flag=1"),
                11000, 0);
    assert_near(q(&f, "SELECT value FROM flow WHERE dest='QAT' AND sex='F'"), 417, 0);
    /* missing is NULL with flag 0, never zero */
    assert_near(q(&f, "SELECT count(*) FROM flow WHERE dest='MYS' AND value IS NULL AND flag=0"), 1, 0);
    assert_near(q(&f, "SELECT count(*) FROM flow WHERE dest='SAU' AND value IS NULL AND flag=0"), 1, 0);
    tu_assert_text(f.db, "SELECT note FROM flow WHERE dest='QAT' AND sex='F'", "source: DoFE, Baishakh 2079; BS month");
    assert_near(q(&f, "SELECT count(*) FROM vintage WHERE dataset='flows-table' AND edition='2022-05-14'"
                      " AND source='User flow table: DoFE, Baishakh 2079; SLBFE 2021'"), 1, 0);
    assert_near(q(&f, "SELECT n_values FROM coverage WHERE series='flow.labour_approvals'"), 2, 0);
    assert_near(q(&f, "SELECT n_missing FROM coverage WHERE series='flow.labour_approvals'"), 1, 0);
    tu_fx_close(&f);
}

static void test_user_quality(void **state)
{
    (void)state;
    fx f = fx_open();
    assert_int_equal(tu_import_text(&f, "q.csv",
                                    "origin,destination,period_from,period_to,measure,channel,sex,value,source,quality\n"
                                    "LKA,ARE,2019-01-01,2019-12-31,departures,,T,328690,SLBFE 2019,suspect\n"
                                    "LKA,QAT,2019-01-01,2019-12-31,departures,,T,40783,SLBFE 2019,observed\n", NULL),
                     MIGDIP_OK);
    assert_near(q(&f, "SELECT flag FROM flow WHERE dest='ARE'"), MIGDIP_FLAG_SUSPECT, 0);
    assert_near(q(&f, "SELECT flag FROM flow WHERE dest='QAT'"), MIGDIP_FLAG_OBSERVED, 0);
    tu_fx_close(&f);
}

static void expect_bad(const char *good, const char *bad, migdip_status st, const char *p1, const char *p2)
{
    tu_expect_bad_import(SEED, good, bad, st, p1, p2);
}

static void test_user_bad(void **state)
{
    (void)state;
    expect_bad(USER_GOOD, USER_HEADER "NPL,QAT,2079-01-01,2079-01-31,labour_approvals,,T,5,x,\n", MIGDIP_ERR_PARSE,
               "bad.csv:2: column period_from", "Gregorian date");
    expect_bad(USER_GOOD, USER_HEADER "NPL,QAT,2022-02-30,2022-03-01,labour_approvals,,T,5,x,\n", MIGDIP_ERR_PARSE,
               "bad.csv:2: column period_from", NULL);
    expect_bad(USER_GOOD, USER_HEADER "NPL,QAT,2022-05-01,2022-04-01,labour_approvals,,T,5,x,\n", MIGDIP_ERR_RANGE,
               "bad.csv:2: period_from 2022-05-01 is after period_to 2022-04-01", NULL);
    expect_bad(USER_GOOD, USER_HEADER "NPL,QAT,2022-04-01,2022-04-30,Labour Approvals,,T,5,x,\n", MIGDIP_ERR_PARSE,
               "bad.csv:2: column measure", NULL);
    expect_bad(USER_GOOD, USER_HEADER "NPL,QAT,2022-04-01,2022-04-30,departures,,X,5,x,\n", MIGDIP_ERR_PARSE,
               "bad.csv:2: column sex: expected T, M or F", NULL);
    expect_bad(USER_GOOD, USER_HEADER "NPL,QAT,2022-04-01,2022-04-30,departures,,T,-5,x,\n", MIGDIP_ERR_PARSE,
               "bad.csv:2: column value", NULL);
    expect_bad(USER_GOOD, USER_HEADER "NPL,QAT,2022-04-01,2022-04-30,departures,,T,5,,\n", MIGDIP_ERR_PARSE,
               "bad.csv:2: column source", NULL);
    /* a valid first row, then a repeat of its key: nothing of the file is kept */
    expect_bad(USER_GOOD,
               USER_HEADER "NPL,QAT,2022-04-01,2022-04-30,departures,,T,5,x,\n"
                           "Nepal,Qatar,2022-04-01,2022-04-30,departures,,T,6,x,\n",
               MIGDIP_ERR_DUPLICATE, "bad.csv:3: duplicate flow: NPL to QAT from 2022-04-01", "first on line 2");
    expect_bad(USER_GOOD, "origin,destination,period_from,period_to,measure,channel,sex,value\nNPL,QAT,2022-04-01,"
                          "2022-04-30,departures,,T,5\n",
               MIGDIP_ERR_SCHEMA, "bad.csv:1: missing column \"source\"", NULL);
    expect_bad(USER_GOOD, USER_HEADER, MIGDIP_ERR_SCHEMA, "no data rows", NULL);
    expect_bad(USER_GOOD, USER_HEADER "NPL,QAT,2022-04-01,2022-04-30,departures,,T,5,x\n", MIGDIP_ERR_PARSE,
               "bad.csv:2:", NULL);
}

/* ---- Nepal DoFE */

#define DOFE_HEADER "source_pdf,pdf_title,destination,channel,sex,labour_approvals\n"
#define T_BAI "Countrywise Labour Approval for 2079 Baishak (2022-04-14 to 2022-05-14)"
#define T_KAR "Countrywise Labour Approval for Kartik 2079"
static const char DOFE_GOOD[] =
    DOFE_HEADER
    "baisakh-2079.pdf," T_BAI ",Qatar,Recruiting Agency,Male,11000\n"
    "baisakh-2079.pdf," T_BAI ",Qatar,Recruiting Agency,Female,417\n"
    "baisakh-2079.pdf," T_BAI ",Qatar,Recruiting Agency,Total,11417\n"
    "baisakh-2079.pdf," T_BAI ",Qatar,Total with ReEntry,Total,11417\n"
    "baisakh-2079.pdf," T_BAI ",Cambodia,Recruiting Agency,Total,2\n"
    "baisakh-2079.pdf," T_BAI ",Combodia,Recruiting Agency,Total,3\n"
    "baisakh-2079.pdf," T_BAI ",West-Indies,Recruiting Agency,Total,1\n"
    "kartik-2079.pdf," T_KAR ",Malaysia,G-to-G,Total,30540\n"
    "kartik-2079.pdf," T_KAR ",UAE,G-to-G,Male,\n";

static void test_dofe(void **state)
{
    (void)state;
    fx f = fx_open();
    migdip_import_report *rep = NULL;
    assert_int_equal(tu_import_text(&f, "flows/dofe_long.csv", DOFE_GOOD, &rep), MIGDIP_OK);
    assert_string_equal(rep->files[0].importer, "nepal-dofe");
    assert_int_equal(rep->files[0].rows, 7);
    assert_int_equal(rep->n_unmapped, 1);
    assert_string_equal(rep->unmapped[0].name, "West-Indies");
    assert_int_equal(rep->unmapped[0].line, 8);
    migdip_import_report_free(rep);
    assert_near(q(&f, "SELECT value FROM flow WHERE orig='NPL' AND dest='QAT' AND sex='M' AND measure='labour_approvals'"
                      " AND channel='Recruiting Agency' AND period_from='2022-04-14' AND period_to='2022-05-14'"), 11000, 0);
    /* the totals are their own channel, never summed into the others */
    assert_near(q(&f, "SELECT value FROM flow WHERE dest='QAT' AND channel='Total with ReEntry' AND sex='T'"), 11417, 0);
    /* Kartik 2079 has no AD range in its title: converted through the table */
    assert_near(q(&f, "SELECT value FROM flow WHERE dest='MYS' AND period_from='2022-10-18' AND period_to='2022-11-16'"),
                30540, 0);
    /* two DoFE spellings of Cambodia: summed, derived, with a note */
    assert_near(q(&f, "SELECT value FROM flow WHERE dest='KHM' AND flag=2 AND note LIKE 'sum of the rows on lines 6, 7%'"),
                5, 0);
    assert_near(q(&f, "SELECT count(*) FROM flow WHERE dest='ARE' AND value IS NULL AND flag=0"), 1, 0);
    assert_near(q(&f, "SELECT count(*) FROM vintage WHERE dataset='nepal-dofe' AND citation LIKE "
                      "'Government of Nepal, Department of Foreign Employment%'"), 1, 0);
    tu_fx_close(&f);
}

static void test_bs_calendar(void **state)
{
    (void)state;
    static const struct {
        int m;
        const char *from, *to;
    } want[] = {{1, "2022-04-14", "2022-05-14"}, {2, "2022-05-15", "2022-06-14"}, {3, "2022-06-15", "2022-07-16"},
                {4, "2022-07-17", "2022-08-16"}, {5, "2022-08-17", "2022-09-16"}, {6, "2022-09-17", "2022-10-17"},
                {7, "2022-10-18", "2022-11-16"}, {8, "2022-11-17", "2022-12-15"}, {9, "2022-12-16", "2023-01-14"},
                {10, "2023-01-15", "2023-02-12"}, {11, "2023-02-13", "2023-03-14"}, {12, "2023-03-15", "2023-04-13"}};
    char a[11], b[11];
    for (size_t i = 0; i < sizeof want / sizeof *want; i++) {
        assert_true(mg_imp_flows_bs_to_ad(2079, want[i].m, a, b));
        assert_string_equal(a, want[i].from);
        assert_string_equal(b, want[i].to);
    }
    assert_true(mg_imp_flows_bs_to_ad(2080, 1, a, b));
    assert_string_equal(a, "2023-04-14");
    assert_string_equal(b, "2023-05-14");
    assert_false(mg_imp_flows_bs_to_ad(2080, 2, a, b));
    assert_false(mg_imp_flows_bs_to_ad(2078, 12, a, b));
    assert_int_equal(mg_imp_flows_bs_month("Flagun", 6), 11);
    assert_int_equal(mg_imp_flows_bs_month("Asar", 4), 3);
    assert_int_equal(mg_imp_flows_bs_month("Shrawn", 6), 4);
    assert_int_equal(mg_imp_flows_bs_month("Ashoj", 5), 6);
    assert_int_equal(mg_imp_flows_bs_month("March", 5), 0);
    assert_true(mg_imp_flows_iso_date("2024-02-29", 10, a));
    assert_false(mg_imp_flows_iso_date("2023-02-29", 10, a));
    assert_false(mg_imp_flows_iso_date("2023-13-01", 10, a));
}

static void test_dofe_bad(void **state)
{
    (void)state;
    /* the title's AD range disagrees with the Bikram Sambat table */
    expect_bad(DOFE_GOOD,
               DOFE_HEADER "x.pdf,Countrywise Labour Approval for Ashad 2079 (2022-06-16 to 2022-07-16),Qatar,G-to-G,Total,1\n",
               MIGDIP_ERR_RANGE, "bad.csv:2: column pdf_title: Ashadh 2079 is 2022-06-15 to 2022-07-16", "2022-06-16");
    /* no AD range and a month outside the table */
    expect_bad(DOFE_GOOD, DOFE_HEADER "x.pdf,Countrywise Labour Approval for Jestha 2080,Qatar,G-to-G,Total,1\n",
               MIGDIP_ERR_RANGE, "bad.csv:2: column pdf_title: no Gregorian range", "Jestha 2080");
    expect_bad(DOFE_GOOD, DOFE_HEADER "x.pdf,Countrywise Labour Approval for Octember 2079,Qatar,G-to-G,Total,1\n",
               MIGDIP_ERR_PARSE, "bad.csv:2: column pdf_title", NULL);
    expect_bad(DOFE_GOOD, DOFE_HEADER "x.pdf," T_KAR ",Qatar,G-to-G,Both,1\n", MIGDIP_ERR_PARSE,
               "bad.csv:2: column sex: expected Male, Female or Total", NULL);
    expect_bad(DOFE_GOOD, DOFE_HEADER "x.pdf," T_KAR ",Qatar,G-to-G,Total,1\nx.pdf," T_KAR ",Qatar,G-to-G,Total,1.5\n",
               MIGDIP_ERR_PARSE, "bad.csv:3: column labour_approvals", NULL);
    expect_bad(DOFE_GOOD, DOFE_HEADER "x.pdf," T_KAR ",Qatar,G-to-G,Total\n", MIGDIP_ERR_PARSE, "bad.csv:2:", NULL);
}

/* ---- Sri Lanka SLBFE */

#define SLBFE_HEADER "year,ldflk_table,destination,column,value,source_pdf_url,source_table,ldflk_verified_by\n"
static const char SLBFE_GOOD[] =
    SLBFE_HEADER
    "2019,SLBFE_registration_by_country,U.A.E.,Number,328690,u,,\n"
    "2019,SLBFE_registration_by_country,Qatar,Number,40783,u,,\n"
    "2021,SLBFE_registration_by_country,U A E,Number,27000,u,,Lanka Data Foundation\n"
    "2021,SLBFE_registration_by_country,Qatar,Number,30000,u,,Lanka Data Foundation\n"
    "2021,SLBFE_registration_by_country,Qatar,Percentage,24.02,u,,Lanka Data Foundation\n"
    "2021,SLBFE_registration_by_country,Other,Number,490,u,,Lanka Data Foundation\n"
    "2021,SLBFE_Registration_through_Private_Sources_by_Country,Qatar,Number,20000,u,,Lanka Data Foundation\n"
    "2023,SLBFE_Registration_by_Country_vs_Manpower_Level,Qatar,Skilled Male,100,u,Table 6,Lanka Data Foundation\n"
    "2023,SLBFE_Registration_by_Country_vs_Manpower_Level,Qatar,Low Skilled Female,7,u,Table 6,Lanka Data Foundation\n";

static void test_slbfe(void **state)
{
    (void)state;
    fx f = fx_open();
    migdip_import_report *rep = NULL;
    assert_int_equal(tu_import_text(&f, "slbfe.csv", SLBFE_GOOD, &rep), MIGDIP_OK);
    assert_string_equal(rep->files[0].importer, "slbfe");
    assert_int_equal(rep->files[0].rows, 7);
    /* "Other" is reported, and so is 2019: visible, not silent */
    assert_int_equal(rep->n_unmapped, 2);
    bool saw_2019 = false;
    for (size_t i = 0; i < rep->n_unmapped; i++)
        if (strstr(rep->unmapped[i].name, "2019: 2 rows stored as suspect (flag 6), never used") &&
            strstr(rep->unmapped[i].name, "328,690") && rep->unmapped[i].line == 2)
            saw_2019 = true;
    assert_true(saw_2019);
    migdip_import_report_free(rep);
    assert_near(q(&f, "SELECT value FROM flow WHERE orig='LKA' AND dest='ARE' AND period_from='2019-01-01'"
                      " AND period_to='2019-12-31' AND measure='departures' AND channel='' AND flag=6"
                      " AND note LIKE '%extra digit%'"), 328690, 0);
    assert_near(q(&f, "SELECT count(*) FROM flow WHERE period_from LIKE '2019%' AND flag<>6"), 0, 0);
    assert_near(q(&f, "SELECT sum(value) FROM flow WHERE period_from='2021-01-01' AND channel='' AND flag=1"), 57000, 0);
    assert_near(q(&f, "SELECT value FROM flow WHERE period_from='2021-01-01' AND channel='Private sources'"), 20000, 0);
    assert_near(q(&f, "SELECT value FROM flow WHERE period_from='2023-01-01' AND channel='Manpower: Skilled' AND sex='M'"),
                100, 0);
    assert_near(q(&f, "SELECT value FROM flow WHERE channel='Manpower: Low Skilled' AND sex='F'"), 7, 0);
    assert_near(q(&f, "SELECT count(*) FROM flow WHERE value<1"), 0, 0); /* no percentages */
    tu_fx_close(&f);
}

static void test_slbfe_bad(void **state)
{
    (void)state;
    expect_bad(SLBFE_GOOD, SLBFE_HEADER "2021,SLBFE_registration_by_country,Qatar,Number,3O000,u,,L\n", MIGDIP_ERR_PARSE,
               "bad.csv:2: column value", NULL);
    expect_bad(SLBFE_GOOD, SLBFE_HEADER "21,SLBFE_registration_by_country,Qatar,Number,3,u,,L\n", MIGDIP_ERR_PARSE,
               "bad.csv:2: column year", NULL);
    expect_bad(SLBFE_GOOD, SLBFE_HEADER "2021,SLBFE_Registration_by_Country_vs_Manpower_Level,Qatar,Skilled,3,u,,L\n",
               MIGDIP_ERR_PARSE, "bad.csv:2: column column", NULL);
    expect_bad(SLBFE_GOOD, SLBFE_HEADER "2021,SLBFE_registration_by_country,Qatar,Count,3,u,,L\n", MIGDIP_ERR_PARSE,
               "bad.csv:2: column column: expected Number or Percentage", NULL);
}

/* ---- Philippines CFO */

static const char CFO_GOOD[] = "year,destination_cfo_name,registered_emigrants\n"
                               "1981,UNITED STATES OF AMERICA,40307\n"
                               "1990,RUSSIAN FEDERATION / USSR,3\n"
                               "1997,RUSSIAN FEDERATION / USSR,4\n"
                               "2020,SOUTH KOREA,1000\n"
                               "2020,PACIFIC ISLANDS,2\n";

static void test_cfo(void **state)
{
    (void)state;
    fx f = fx_open();
    migdip_import_report *rep = NULL;
    assert_int_equal(tu_import_text(&f, "cfo.csv", CFO_GOOD, &rep), MIGDIP_OK);
    assert_string_equal(rep->files[0].importer, "cfo-emigrants");
    assert_int_equal(rep->files[0].rows, 4);
    assert_int_equal(rep->n_unmapped, 1);
    assert_string_equal(rep->unmapped[0].name, "PACIFIC ISLANDS");
    migdip_import_report_free(rep);
    assert_near(q(&f, "SELECT value FROM flow WHERE orig='PHL' AND dest='USA' AND measure='registered_emigrants'"
                      " AND period_from='1981-01-01' AND period_to='1981-12-31' AND sex='T' AND channel=''"), 40307, 0);
    assert_near(q(&f, "SELECT value FROM flow WHERE dest='SUN'"), 3, 0);
    assert_near(q(&f, "SELECT value FROM flow WHERE dest='RUS'"), 4, 0);
    assert_near(q(&f, "SELECT value FROM flow WHERE dest='KOR'"), 1000, 0);
    tu_fx_close(&f);
}

static void test_cfo_bad(void **state)
{
    (void)state;
    expect_bad(CFO_GOOD, "year,destination_cfo_name,registered_emigrants\n1981,JAPAN,-1\n", MIGDIP_ERR_PARSE,
               "bad.csv:2: column registered_emigrants", NULL);
    expect_bad(CFO_GOOD, "year,destination_cfo_name,registered_emigrants\n1981,QATAR,1\n1981,QATAR,2\n",
               MIGDIP_ERR_DUPLICATE, "bad.csv:3: duplicate flow: PHL to QAT from 1981-01-01", "first on line 2");
}

/* ---- Philippines CFO, the original workbooks */

/* The AllCountries layout: COUNTRY x years, a TOTAL column, a GRAND TOTAL row, blank cells. */
#define GRID_COLS 5
static const char *const CFO_GRID[] = {
    "NUMBER OF REGISTERED FILIPINO EMIGRANTS BY YEAR AND COUNTRY OF DESTINATION : 1981 - 2020", "", "", "", "",
    "", "", "", "", "",
    "COUNTRY", "", "'1981", "'2020", "TOTAL",
    "UNITED STATES OF AMERICA", "", "40307", "6539", "46846",
    "RUSSIAN FEDERATION / USSR", "", "3", "4", "7",
    "SOUTH KOREA", "", "' ", "219", "219",
    "PACIFIC ISLANDS", "", "2", "", "2",
    "GRAND TOTAL", "", "40312", "6762", "47074",
    "QATAR", "", "999", "999", "1998", /* after the table: not read */
};
/* The MajorCountry layout: YEAR x destinations, a name over two header rows, USA*, OTHERS,
 * TOTAL, % Inc., then a TOTAL row. */
#define MAJOR_COLS 7
static const char *const CFO_MAJOR[] = {
    "NUMBER OF REGISTERED FILIPINO EMIGRANTS BY MAJOR COUNTRY OF DESTINATION:  1981 - 2022", "", "", "", "", "", "",
    "", "", "", "SOUTH", "", "", "% Inc.",
    "YEAR", "USA*", "QATAR", "KOREA", "OTHERS", "TOTAL", "(Dec.)",
    "'2021", "7122", "", "192", "858", "8172", "",
    "2022", "18560", "5", "343", "2958", "21866", "1.67",
    "TOTAL", "25682", "5", "535", "3816", "30038", "",
};

static char *write_cfo(fx *f, const char *name, const char *const *cells, size_t rows, size_t cols)
{
    tu_sheet sheet[] = {{"all countries", rows, cols, cells}};
    return tu_write_xlsx(f->dir, name, sheet, 1);
}

static void test_cfo_xlsx(void **state)
{
    (void)state;
    fx f = fx_open();
    char *grid = write_cfo(&f, "Emigrant-grid.xlsx", CFO_GRID, sizeof CFO_GRID / sizeof *CFO_GRID / GRID_COLS,
                           GRID_COLS);
    char *major = write_cfo(&f, "Emigrant-major.xlsx", CFO_MAJOR, sizeof CFO_MAJOR / sizeof *CFO_MAJOR / MAJOR_COLS,
                            MAJOR_COLS);
    migdip_import_report *rep = NULL;
    assert_int_equal(tu_import_file(f.ctx, grid, &rep), MIGDIP_OK);
    assert_string_equal(rep->files[0].importer, "cfo-emigrants-xlsx");
    assert_int_equal(rep->files[0].rows, 5); /* USA x2, SUN 1981, RUS 2020, KOR 2020 */
    assert_int_equal(rep->n_unmapped, 1);
    assert_string_equal(rep->unmapped[0].name, "PACIFIC ISLANDS");
    assert_string_equal(rep->unmapped[0].cell, "A7");
    migdip_import_report_free(rep);
    assert_near(q(&f, "SELECT value FROM flow WHERE orig='PHL' AND dest='USA' AND measure='registered_emigrants'"
                      " AND period_from='1981-01-01' AND period_to='1981-12-31' AND sex='T' AND channel='' AND flag=1"),
                40307, 0);
    assert_near(q(&f, "SELECT value FROM flow WHERE dest='SUN' AND period_from='1981-01-01'"), 3, 0);
    assert_near(q(&f, "SELECT value FROM flow WHERE dest='RUS' AND period_from='2020-01-01'"), 4, 0);
    /* a blank cell is no value (not a zero), the TOTAL column and the GRAND TOTAL row are not
     * stored, and nothing after the table is read */
    assert_near(q(&f, "SELECT count(*) FROM flow WHERE dest='KOR'"), 1, 0);
    assert_near(q(&f, "SELECT count(*) FROM flow WHERE dest='QAT'"), 0, 0);
    tu_assert_text(f.db, "SELECT dataset||'|'||edition||'|'||released FROM vintage WHERE importer='cfo-emigrants-xlsx'",
                   "cfo-emigrants|1981-2020|2021-01-01");
    assert_int_equal(tu_import_file(f.ctx, major, &rep), MIGDIP_OK);
    assert_int_equal(rep->files[0].rows, 5); /* USA x2, QAT 2022, KOR x2 */
    assert_int_equal(rep->n_unmapped, 1);
    assert_string_equal(rep->unmapped[0].name, "OTHERS");
    migdip_import_report_free(rep);
    const char *v2 = "(SELECT id FROM vintage WHERE edition='2021-2022')";
    char sql[512];
    snprintf(sql, sizeof sql, "SELECT value FROM flow WHERE vintage_id=%s AND dest='KOR' AND period_from='2022-01-01'",
             v2);
    assert_near(q(&f, sql), 343, 0); /* SOUTH over KOREA: one name */
    snprintf(sql, sizeof sql, "SELECT value FROM flow WHERE vintage_id=%s AND dest='USA' AND period_from='2022-01-01'"
             " AND note LIKE 'USA*: the United States and its insular areas%%'", v2);
    assert_near(q(&f, sql), 18560, 0);
    snprintf(sql, sizeof sql, "SELECT count(*) FROM flow WHERE vintage_id=%s AND dest='QAT'", v2);
    assert_near(q(&f, sql), 1, 0); /* the blank 2021 cell is no value */
    tu_fx_close(&f);
    free(grid);
    free(major);
}

/* Bad workbooks: an error naming the sheet and cell, and the store as it was. */
static void test_cfo_xlsx_bad(void **state)
{
    (void)state;
    static const struct {
        const char *cell, *value, *msg;
    } BAD[] = {
        {"D4", "-5", "sheet \"all countries\" cell D4: expected a count of persons (0 or more), got \"-5\""},
        {"C5", "many", "sheet \"all countries\" cell C5: expected a count of persons (0 or more), got \"many\""},
        {"C6", "2.5", "cell C6: expected a count of persons"},
        {"A3", "NATION", "no header row"},
    };
    for (size_t k = 0; k < sizeof BAD / sizeof *BAD; k++) {
        fx f = fx_open();
        const char *cells[sizeof CFO_GRID / sizeof *CFO_GRID];
        memcpy(cells, CFO_GRID, sizeof cells);
        size_t col = (size_t)(BAD[k].cell[0] - 'A'), row = (size_t)(BAD[k].cell[1] - '1');
        cells[row * GRID_COLS + col] = BAD[k].value;
        char *path = write_cfo(&f, "Emigrant-bad.xlsx", cells, sizeof cells / sizeof *cells / GRID_COLS, GRID_COLS);
        char *before = tu_store_fingerprint(f.db);
        assert_int_not_equal(tu_import_file(f.ctx, path, NULL), MIGDIP_OK);
        if (!strstr(migdip_ctx_errmsg(f.ctx), BAD[k].msg) || !strstr(migdip_ctx_errmsg(f.ctx), "Emigrant-bad.xlsx"))
            fail_msg("%s = %s: got \"%s\", want \"%s\"", BAD[k].cell, BAD[k].value, migdip_ctx_errmsg(f.ctx),
                     BAD[k].msg);
        char *after = tu_store_fingerprint(f.db);
        assert_string_equal(before, after);
        free(before);
        free(after);
        free(path);
        tu_fx_close(&f);
    }
}

static void test_reimport(void **state)
{
    (void)state;
    tu_expect_reimport_unchanged(SEED, (const char *const[]){"a.csv", "b.csv", "c.csv", "d.csv"},
                                 (const char *const[]){USER_GOOD, DOFE_GOOD, SLBFE_GOOD, CFO_GOOD}, 4);
}

static void test_sniff(void **state)
{
    (void)state;
    const char *heads[] = {USER_GOOD, DOFE_GOOD, SLBFE_GOOD, CFO_GOOD, "Country Name,Country Code,Year,Value\n", ""};
    const mg_importer *imps[] = {&mg_imp_flows_table, &mg_imp_dofe, &mg_imp_slbfe, &mg_imp_cfo};
    for (size_t h = 0; h < sizeof heads / sizeof *heads; h++)
        for (size_t i = 0; i < 4; i++)
            assert_int_equal(imps[i]->sniff("x.csv", "x.csv", (const unsigned char *)heads[h], strlen(heads[h])),
                             h == i);
}

int main(void)
{
    const struct CMUnitTest tests[] = {
        cmocka_unit_test(test_user_table), cmocka_unit_test(test_user_quality), cmocka_unit_test(test_user_bad),
        cmocka_unit_test(test_dofe),       cmocka_unit_test(test_bs_calendar),  cmocka_unit_test(test_dofe_bad),
        cmocka_unit_test(test_slbfe),      cmocka_unit_test(test_slbfe_bad),    cmocka_unit_test(test_cfo),
        cmocka_unit_test(test_cfo_bad),    cmocka_unit_test(test_cfo_xlsx),     cmocka_unit_test(test_cfo_xlsx_bad),
        cmocka_unit_test(test_reimport),   cmocka_unit_test(test_sniff),
    };
    return cmocka_run_group_tests(tests, NULL, NULL);
}
