/* test_real_pwt_mpd.c - the Penn World Table 10.01 (pwt/pwt1001.dta, read through ReadStat)
 * and Maddison Project Database 2023 importers on the real reference files. The issue's
 * figures: Taiwan's rgdpe 2019 = 1,153,761 million 2017 US$; Cuba's GDP per head 2022 =
 * 7,648.7 (2011 int. $). The others were checked independently: PWT with a plain Python
 * reader of the Stata 118 layout (no ReadStat), Maddison with awk on the CSV (docs/importers.md).
 * Skips when the data directory is absent. */
#include "testutil.h"

static const char *const FILES[] = {"pwt/pwt1001.dta", "maddison/MaddisonData_mpd2023_fulldata_from_rda.csv",
                                    "maddison/MaddisonCountries_mpd2023_from_rda.csv"};

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

static void test_report(void **state)
{
    (void)state;
    NEED_DATA();
    migdip_import_report *rep = g_fx->rep;
    assert_int_equal(rep->n_files, 3);
    /* every code of both publishers maps, the former states included */
    assert_int_equal(rep->n_unmapped, 0);
    assert_near(q("SELECT count(*) FROM vintage WHERE dataset='pwt' AND edition='10.01' AND released='2023-01'"
                  " AND importer='pwt' AND rows=128100"), 1, 0);
    assert_near(q("SELECT count(*) FROM vintage WHERE dataset='maddison' AND edition='2023' AND rows=46560"), 1, 0);
    assert_near(q("SELECT count(*) FROM vintage WHERE dataset='maddison-countries' AND edition='2023' AND rows=169"), 1, 0);
}

static void test_pwt(void **state)
{
    (void)state;
    NEED_DATA();
    /* the figure: Taiwan's rgdpe 2019 = 1,153,761 million 2017 US$ (the float is 1153761.125) */
    assert_near(q("SELECT value FROM series WHERE code='PWT.RGDPE' AND iso3='TWN' AND year=2019"), 1153761, 0.5);
    assert_near(q("SELECT value FROM series WHERE code='PWT.RGDPE' AND iso3='TWN' AND year=2019"), 1153761.125, 0.125);
    /* the plain Python reader: TWN 2019 rgdpo 1103379.75, pop 23.596027, emp 11.5, cgdpe 1151411.875;
     * USA 2019 rgdpe 20860506; NPL 2019 pop 28.60871; CHN 1990 emp 660.4765014648438 */
    assert_near(q("SELECT value FROM series WHERE code='PWT.RGDPO' AND iso3='TWN' AND year=2019"), 1103379.75, 0.125);
    assert_near(q("SELECT value FROM series WHERE code='PWT.POP' AND iso3='TWN' AND year=2019"), 23.596027, 0);
    assert_near(q("SELECT value FROM series WHERE code='PWT.EMP' AND iso3='TWN' AND year=2019"), 11.5, 0);
    assert_near(q("SELECT value FROM series WHERE code='PWT.CGDPE' AND iso3='TWN' AND year=2019"), 1151411.875, 0.125);
    assert_near(q("SELECT value FROM series WHERE code='PWT.RGDPE' AND iso3='USA' AND year=2019"), 20860506, 0);
    assert_near(q("SELECT value FROM series WHERE code='PWT.POP' AND iso3='NPL' AND year=2019"), 28.60871, 0);
    assert_near(q("SELECT value FROM series WHERE code='PWT.EMP' AND iso3='CHN' AND year=1990"), 660.4765014648438, 1e-4);
    /* 12,810 observations, 183 countries, 1950-2019; every observation has a row per series,
     * missing kept missing: 10,399 rgdpe and pop values, 9,529 emp values */
    assert_near(q("SELECT count(*) FROM series WHERE code='PWT.RGDPE'"), 12810, 0);
    assert_near(q("SELECT count(DISTINCT iso3) FROM series WHERE code='PWT.POP'"), 183, 0);
    assert_near(q("SELECT min(year) FROM series WHERE code='PWT.POP'"), 1950, 0);
    assert_near(q("SELECT max(year) FROM series WHERE code='PWT.POP'"), 2019, 0);
    assert_near(q("SELECT count(*) FROM series WHERE code='PWT.RGDPE' AND flag=1"), 10399, 0);
    assert_near(q("SELECT count(*) FROM series WHERE code='PWT.POP' AND flag=1"), 10399, 0);
    assert_near(q("SELECT count(*) FROM series WHERE code='PWT.EMP' AND flag=1"), 9529, 0);
    assert_near(q("SELECT count(*) FROM series WHERE code LIKE 'PWT.%' AND flag=0 AND value IS NOT NULL"), 0, 0);
    assert_near(q("SELECT count(*) FROM series_info WHERE code LIKE 'PWT.%'"), 10, 0);
    /* PWT does not cover Cuba, North Korea, Monaco (PROVENANCE) */
    assert_near(q("SELECT count(*) FROM series WHERE code LIKE 'PWT.%' AND iso3 IN ('CUB','PRK','MCO')"), 0, 0);
}

static void test_maddison(void **state)
{
    (void)state;
    NEED_DATA();
    /* the figure: Cuba's GDP per head 2022 = 7,648.7 (2011 int. $) */
    assert_near(q("SELECT value FROM series WHERE code='MPD.GDPPC' AND iso3='CUB' AND year=2022"), 7648.7, 0.05);
    /* awk on the CSV: 23,280 rows, 21,366 gdppc and 17,875 pop values, 169 codes */
    assert_near(q("SELECT count(*) FROM series WHERE code='MPD.GDPPC'"), 23280, 0);
    assert_near(q("SELECT count(*) FROM series WHERE code='MPD.GDPPC' AND flag=1"), 21366, 0);
    assert_near(q("SELECT count(*) FROM series WHERE code='MPD.POP' AND flag=1"), 17875, 0);
    assert_near(q("SELECT count(DISTINCT iso3) FROM series WHERE code='MPD.POP'"), 169, 0);
    /* pop in thousands as published: Taiwan 23,481.45 thousand in 2022; North Korea from 1990 */
    assert_near(q("SELECT value FROM series WHERE code='MPD.POP' AND iso3='TWN' AND year=2022"), 23481.45, 1e-9);
    assert_near(q("SELECT value FROM series WHERE code='MPD.GDPPC' AND iso3='PRK' AND year=1990"), 2455.81857694823, 1e-9);
    assert_near(q("SELECT count(*) FROM series WHERE code='MPD.GDPPC' AND iso3='PRK' AND year=1950 AND value IS NULL AND flag=0"), 1, 0);
    assert_near(q("SELECT value FROM series WHERE code='MPD.GDPPC' AND iso3='VEN' AND year=2022"), 5267.17530464425, 1e-9);
    /* the former states: the store's historical entities, 165 / 115 / 109 rows each, beside
     * their successors and never summed with them */
    assert_near(q("SELECT count(*) FROM series WHERE code='MPD.POP' AND iso3='SUN'"), 165, 0);
    assert_near(q("SELECT count(*) FROM series WHERE code='MPD.POP' AND iso3='CSK'"), 115, 0);
    assert_near(q("SELECT count(*) FROM series WHERE code='MPD.POP' AND iso3='YUG'"), 109, 0);
    assert_near(q("SELECT count(*) FROM country WHERE iso3 IN ('SUN','CSK','YUG') AND kind='historical'"), 3, 0);
    assert_near(q("SELECT value FROM series WHERE code='MPD.POP' AND iso3='SUN' AND year=2022"), 294378.63, 1e-9);
    assert_near(q("SELECT value FROM series WHERE code='MPD.POP' AND iso3='RUS' AND year=2022"), 146692.81, 1e-9);
    assert_near(q("SELECT value FROM series WHERE code='MPD.POP' AND iso3='YUG' AND year=1990"), 23016, 0);
    assert_near(q("SELECT value FROM series WHERE code='MPD.GDPPC' AND iso3='CSK' AND year=1950"), 5581, 0);
    /* Maddison's names are spellings of the store's countries */
    char iso3[4];
    assert_int_equal(migdip_country_resolve(g_fx->ctx, "Former USSR", iso3), MIGDIP_OK);
    assert_string_equal(iso3, "SUN");
}

/* The real file cut short (its first 2,000,000 bytes, as an interrupted download would
 * leave it) fails, names the file, and leaves the store exactly as it was. */
static void test_truncated_real_file(void **state)
{
    (void)state;
    NEED_DATA();
    char *src = tu_path(tu_data_dir(), "pwt/pwt1001.dta");
    FILE *f = fopen(src, "rb");
    assert_non_null(f);
    size_t cut = 2000000;
    char *buf = malloc(cut);
    assert_non_null(buf);
    assert_int_equal(fread(buf, 1, cut, f), cut);
    fclose(f);
    char *path = tu_write(g_fx->dir, "pwt1001_partial.dta", buf, cut);
    char *before = tu_store_fingerprint(g_fx->db_path);
    assert_int_equal(tu_import_file(g_fx->ctx, path, NULL), MIGDIP_ERR_PARSE);
    assert_non_null(strstr(migdip_ctx_errmsg(g_fx->ctx), "pwt1001_partial.dta"));
    char *after = tu_store_fingerprint(g_fx->db_path);
    assert_string_equal(before, after);
    free(before);
    free(after);
    free(path);
    free(buf);
    free(src);
}

static const migdip_citation *find_cite(const migdip_citations *c, const char *key)
{
    for (size_t i = 0; i < c->n; i++)
        if (!strcmp(c->v[i].key, key))
            return &c->v[i];
    return NULL;
}

/* `cite`: a complete entry per edition (author, title, edition, year, DOI) and the article */
static void test_cite(void **state)
{
    (void)state;
    NEED_DATA();
    migdip_citations *c = NULL;
    assert_int_equal(migdip_citations_get(g_fx->ctx, &c), MIGDIP_OK);
    const migdip_citation *pwt = find_cite(c, "pwt_10_01");
    assert_non_null(pwt);
    assert_string_equal(pwt->edition, "10.01");
    assert_non_null(strstr(pwt->bibtex, "author = {Feenstra, Robert C. and Inklaar, Robert and Timmer, Marcel P.}"));
    assert_non_null(strstr(pwt->bibtex, "title = {Penn World Table, version 10.01}"));
    assert_non_null(strstr(pwt->bibtex, "year = {2023}"));
    assert_non_null(strstr(pwt->bibtex, "doi = {10.34894/QT5BCC}"));
    assert_non_null(strstr(pwt->bibtex, "pwt/pwt1001.dta (sha256 746a4836"));
    const migdip_citation *aer = find_cite(c, "feenstra_inklaar_timmer_2015");
    assert_non_null(aer);
    assert_non_null(strstr(aer->bibtex, "journal = {American Economic Review}"));
    assert_non_null(strstr(aer->bibtex, "volume = {105}"));
    assert_non_null(strstr(aer->bibtex, "number = {10}"));
    const migdip_citation *mpd = find_cite(c, "maddison_2023");
    assert_non_null(mpd);
    assert_string_equal(mpd->edition, "2023");
    assert_int_equal(mpd->n_files, 2); /* the data and the countries list: one entry */
    assert_non_null(strstr(mpd->bibtex, "author = {Bolt, Jutta and van Zanden, Jan Luiten}"));
    assert_non_null(strstr(mpd->bibtex, "year = {2024}"));
    assert_non_null(strstr(mpd->bibtex, "doi = {10.34894/INZBF2}"));
    assert_non_null(find_cite(c, "bolt_van_zanden_2024"));
    migdip_citations_free(c);
}

int main(void)
{
    const struct CMUnitTest tests[] = {
        cmocka_unit_test(test_report),
        cmocka_unit_test(test_pwt),
        cmocka_unit_test(test_maddison),
        cmocka_unit_test(test_cite),
        cmocka_unit_test(test_truncated_real_file),
    };
    return cmocka_run_group_tests(tests, setup, tu_real_fx_group_teardown);
}
