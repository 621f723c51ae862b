/* test_real_imf_unsd.c - the IMF WEO (imf-weo) and UN Statistics Division AMA (unsd-ama)
 * importers on the reference files in ../shared/data/imf_weo and ../shared/data/unsd_ama,
 * after the crosswalks. Figures read from the workbooks independently (Python zipfile + XML,
 * see docs/importers.md): Kosovo (UVK) and Taiwan in both WEO editions, which differ; Monaco's
 * GDP in 2024 from the 1970-2024 AMA release, absent from the 1970-2023 one; North Korea
 * present; former states under their own codes; the newest edition read. */
#include "testutil.h"

#include "store/series.h"

typedef tu_real_fx real; /* rep: that of the WEO and AMA files */

static const char *const FILES[] = {"imf_weo/WEOOct2024all.xlsx", "imf_weo/WEOApr2024all.xlsx",
                                    "unsd_ama/Download-GDPcurrent-USD-countries_1970-2024.xlsx",
                                    "unsd_ama/Download-GDPcurrent-USD-countries_1970-2023.xlsx"};

/* The whole codes/ folder, then FILES (tu_real_fx_setup). */
static int setup(void **state)
{
    real *r = tu_real_fx_setup(NULL, 0, FILES, sizeof FILES / sizeof *FILES);
    for (size_t i = 0; r && i < r->rep->n_unmapped; i++)
        print_message("unmapped: %s:%ld %s: %s\n", r->rep->unmapped[i].file, r->rep->unmapped[i].line,
                      r->rep->unmapped[i].cell ? r->rep->unmapped[i].cell : "", r->rep->unmapped[i].name);
    *state = r;
    return 0;
}

#define SKIP_IF_NO_DATA(r) \
    do {                   \
        if (!(r))          \
            skip();        \
    } while (0)

/* value and flag of one cell of a vintage (by edition); NAN / -1 when there is no row */
static double cell(real *r, const char *code, const char *iso3, int year, const char *edition, int *flag)
{
    char sql[512];
    snprintf(sql, sizeof sql, "SELECT s.%%s FROM series s JOIN vintage v ON v.id=s.vintage_id WHERE s.code='%s'"
             " AND s.iso3='%s' AND s.year=%d AND v.edition='%s'", code, iso3, year, edition);
    char q[600];
    snprintf(q, sizeof q, sql, "flag");
    double fl = tu_query_double(r->db_path, q);
    *flag = isnan(fl) ? -1 : (int)fl;
    snprintf(q, sizeof q, sql, "value");
    return tu_query_double(r->db_path, q);
}

static void test_weo(void **state)
{
    real *r = *state;
    SKIP_IF_NO_DATA(r);
    int flag;
    tu_assert_text(r->db_path, "SELECT group_concat(edition||'@'||released||'@'||rows,';') FROM (SELECT * FROM vintage"
                   " WHERE dataset='imf-weo' ORDER BY released)",
                   "April 2024@2024-04-01@68600;October 2024@2024-10-01@68600");
    /* Kosovo: UVK in the WEO, XKX in the store. PPP GDP 2024 (an IMF estimate in both) */
    assert_near(cell(r, "WEO.PPPGDP", "XKX", 2024, "April 2024", &flag), 29.719e9, 1);
    assert_int_equal(flag, MIGDIP_FLAG_DERIVED);
    assert_near(cell(r, "WEO.PPPGDP", "XKX", 2024, "October 2024", &flag), 29.723e9, 1);
    assert_int_equal(flag, MIGDIP_FLAG_DERIVED);
    /* 2023: an estimate in April (actual data to 2022), actual in October (to 2023) */
    assert_near(cell(r, "WEO.PPPGDP", "XKX", 2023, "April 2024", &flag), 27.957e9, 1);
    assert_int_equal(flag, MIGDIP_FLAG_DERIVED);
    assert_near(cell(r, "WEO.PPPGDP", "XKX", 2023, "October 2024", &flag), 27.966e9, 1);
    assert_int_equal(flag, MIGDIP_FLAG_OBSERVED);
    tu_assert_text(r->db_path, "SELECT count(*) FROM series WHERE code LIKE 'WEO.%' AND iso3 IN ('UVK','WBG')", "0");
    assert_true(cell(r, "WEO.NGDPD", "PSE", 2019, "October 2024", &flag) > 0);
    /* Taiwan: PPP GDP 2023, revised between the editions */
    assert_near(cell(r, "WEO.PPPGDP", "TWN", 2023, "April 2024", &flag), 1697.979e9, 1);
    assert_int_equal(flag, MIGDIP_FLAG_OBSERVED);
    assert_near(cell(r, "WEO.PPPGDP", "TWN", 2023, "October 2024", &flag), 1735.226e9, 1);
    assert_near(cell(r, "WEO.LP", "TWN", 2023, "October 2024", &flag), 23.32e6, 1e-3);
    /* the reader takes the newest edition */
    sqlite3 *db = NULL;
    mg_err err = {0};
    migdip_value v;
    assert_int_equal(sqlite3_open_v2(r->db_path, &db, SQLITE_OPEN_READONLY, NULL), SQLITE_OK);
    assert_int_equal(mg_store_series_at(db, "WEO.PPPGDP", "TWN", 2023, &v, &err), MIGDIP_OK);
    assert_near(v.value, 1735.226e9, 1);
    sqlite3_close(db);
    /* 196 economies in each edition, all mapped; no Cuba, North Korea or Monaco */
    tu_assert_text(r->db_path, "SELECT count(DISTINCT iso3) FROM series s JOIN vintage v ON v.id=s.vintage_id"
                   " WHERE v.edition='October 2024' AND s.code='WEO.NGDPD'", "196");
    tu_assert_text(r->db_path, "SELECT count(*) FROM series WHERE code LIKE 'WEO.%' AND iso3 IN ('CUB','PRK','MCO')", "0");
    for (size_t i = 0; i < r->rep->n_unmapped; i++)
        assert_null(strstr(r->rep->unmapped[i].file, "WEO"));
}

static void test_unsd(void **state)
{
    real *r = *state;
    SKIP_IF_NO_DATA(r);
    int flag;
    tu_assert_text(r->db_path, "SELECT group_concat(edition||'@'||released,';') FROM (SELECT * FROM vintage"
                   " WHERE dataset='unsd-ama' ORDER BY released)", "1970-2023@2025-03-25;1970-2024@2026-02-04");
    /* Monaco's GDP in 2024, current US$, as in the 1970-2024 release (cell BF2156) */
    assert_near(cell(r, "UNSD.GDP.CD", "MCO", 2024, "1970-2024", &flag), 11125788838.28126, 1e-3);
    assert_int_equal(flag, MIGDIP_FLAG_OBSERVED);
    /* absent from the 1970-2023 release; 2023 revised between the two */
    assert_true(isnan(cell(r, "UNSD.GDP.CD", "MCO", 2024, "1970-2023", &flag)));
    assert_int_equal(flag, -1);
    assert_near(cell(r, "UNSD.GDP.CD", "MCO", 2023, "1970-2023", &flag), 9995355319.0197849, 1e-3);
    assert_near(cell(r, "UNSD.GDP.CD", "MCO", 2023, "1970-2024", &flag), 10003897341.176659, 1e-3);
    /* North Korea ("D.P.R. of Korea", M49 408) */
    assert_near(cell(r, "UNSD.GDP.CD", "PRK", 2020, "1970-2024", &flag), 15847371619.83069, 1e-2);
    /* former states under their own codes, never summed with their successors */
    assert_true(cell(r, "UNSD.GDP.CD", "SUN", 1990, "1970-2024", &flag) > 7e11);
    assert_true(cell(r, "UNSD.GDP.CD", "CSK", 1990, "1970-2024", &flag) > 5e10);
    assert_true(cell(r, "UNSD.GDP.CD", "YUG", 1990, "1970-2024", &flag) > 8e10);
    /* the publisher's own periods: USSR 1970-1990, the Russian Federation from 1990 (both in 1990,
     * each under its own code: a reader must never add them) */
    tu_assert_text(r->db_path, "SELECT group_concat(iso3||':'||y0||'-'||y1,';') FROM (SELECT s.iso3, min(s.year) y0,"
                   " max(s.year) y1 FROM series s JOIN vintage v ON v.id=s.vintage_id WHERE v.edition='1970-2024'"
                   " AND s.iso3 IN ('SUN','RUS') AND s.value IS NOT NULL GROUP BY s.iso3 ORDER BY s.iso3)",
                   "RUS:1990-2024;SUN:1970-1990");
    /* 216 of 220 rows mapped; the four with no state of their own are reported, per release */
    tu_assert_text(r->db_path, "SELECT count(DISTINCT iso3) FROM series s JOIN vintage v ON v.id=s.vintage_id"
                   " WHERE v.edition='1970-2024'", "216");
    size_t n = 0;
    for (size_t i = 0; i < r->rep->n_unmapped; i++)
        if (strstr(r->rep->unmapped[i].file, "Download-GDPcurrent")) {
            const char *name = r->rep->unmapped[i].name;
            assert_true(strstr(name, "Ethiopia (Former)") || strstr(name, "Sudan (Former)") ||
                        strstr(name, "Tanzania: Mainland") || strstr(name, "Zanzibar"));
            n++;
        }
    assert_int_equal(n, 8);
    sqlite3 *db = NULL;
    mg_err err = {0};
    migdip_value v;
    assert_int_equal(sqlite3_open_v2(r->db_path, &db, SQLITE_OPEN_READONLY, NULL), SQLITE_OK);
    assert_int_equal(mg_store_series_at(db, "UNSD.GDP.CD", "MCO", 2023, &v, &err), MIGDIP_OK);
    assert_near(v.value, 10003897341.176659, 1e-3);
    sqlite3_close(db);
}

int main(void)
{
    const struct CMUnitTest tests[] = {
        cmocka_unit_test(test_weo),
        cmocka_unit_test(test_unsd),
    };
    return cmocka_run_group_tests(tests, setup, tu_real_fx_group_teardown);
}
