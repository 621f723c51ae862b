/* test_real_undesa2024.c - the UN DESA International Migrant Stock 2024 edition on the real
 * files (skipped when the data directory is absent): the publisher's Table 1 re-saved as CSV,
 * the origin workbook (totals by origin, emigrant_total) and the 2020 tidy file beside them.
 * The figures are the and the publisher's (PROVENANCE.md): Nepal-born living abroad in
 * 2024 = 2,637,195; Indonesians in Malaysia 2024 = 1,761,502; in 2020 1,241,634 in the 2020
 * edition and 1,693,459 in the 2024 edition (its revision); country-to-country totals
 * 304,021,813 (2024) and 275,284,032 (2020), the edition's world totals. */
#include "testutil.h"

typedef tu_real_fx real;

static const char *const CODES[] = {
    "codes/countrycode_codelist_without_cldr.csv", "codes/countrycode_data_cow.csv",
    "codes/countrycode_data_regions.csv", "codes/iso3166_lukes_all.csv"};
static const char *const UNDESA[] = {
    "undesa_ims/ims2024_table1_csv/undesa_ims2024_table1_by_sex_dest_origin_resave.csv",
    "undesa_ims/original_xlsx/undesa_pd_2024_ims_stock_by_sex_and_origin.xlsx",
    "undesa_ims/ims2020_gdiviz_tidy/undesa_ims2020_bilateral_by_sex_long.csv"};
#define N_CODES (sizeof CODES / sizeof *CODES)
#define N_UNDESA (sizeof UNDESA / sizeof *UNDESA)

/* The crosswalk files CODES, then UNDESA (tu_real_fx_setup). */
static int setup(void **state)
{
    *state = tu_real_fx_setup(CODES, N_CODES, UNDESA, N_UNDESA);
    return 0;
}

#define NEED(state)                                                                                \
    real *x = *(state);                                                                            \
    if (!x)                                                                                        \
    skip()

static double q(real *x, const char *sql) { return tu_query_double(x->db_path, sql); }

static void test_files(void **state)
{
    NEED(state);
    assert_int_equal(x->rep->n_files, N_UNDESA);
    size_t seen = 0;
    for (size_t i = 0; i < x->rep->n_files; i++) {
        const migdip_import_file *fi = &x->rep->files[i];
        if (strstr(fi->file, "resave.csv")) {
            assert_string_equal(fi->importer, "undesa-ims-csv2024");
            assert_int_equal(fi->rows, 229944);
            seen++;
        } else if (strstr(fi->file, "by_sex_and_origin.xlsx")) {
            assert_string_equal(fi->importer, "undesa-ims-orig-xlsx");
            seen++;
        }
    }
    assert_int_equal(seen, 2);
    /* every code of the 2024 CSV maps (M49, Channel Islands 830, "Others" 2003) or is an aggregate */
    for (size_t i = 0; i < x->rep->n_unmapped; i++)
        if (strstr(x->rep->unmapped[i].file, "ims2024") || strstr(x->rep->unmapped[i].file, "2024_ims"))
            fail_msg("unmapped: %s:%ld %s", x->rep->unmapped[i].file, x->rep->unmapped[i].line, x->rep->unmapped[i].name);
    tu_assert_text(x->db_path, "SELECT edition FROM vintage WHERE importer='undesa-ims-csv2024'", "2024");
    tu_assert_text(x->db_path, "SELECT released FROM vintage WHERE importer='undesa-ims-csv2024'", "2025-01-10");
    /* the origin workbook holds totals by origin, not by destination */
    assert_true(q(x, "SELECT count(*) FROM stock_total") == 0);
    assert_true(q(x, "SELECT count(*) FROM emigrant_total") > 4000);
}

static void test_nepal_abroad_2024(void **state)
{
    NEED(state);
    assert_true(q(x, "SELECT sum(s.value) FROM stock s JOIN vintage v ON v.id=s.vintage_id WHERE "
                     "v.importer='undesa-ims-csv2024' AND s.orig='NPL' AND s.year=2024 AND s.sex='T'") == 2637195);
    assert_true(q(x, "SELECT value FROM emigrant_total WHERE iso3='NPL' AND year=2024 AND sex='T'") == 2637195);
    migdip_profile *p = NULL;
    assert_int_equal(migdip_profile_get_edition(x->ctx, "NPL", 2024, "2024", &p), MIGDIP_OK);
    assert_int_equal(p->stock_year, 2024);
    assert_true(p->emigrants_total == 2637195);
    migdip_profile_free(p);
}

static void test_idn_mys(void **state)
{
    NEED(state);
    /* the preferred edition is 2024 */
    assert_true(q(x, "SELECT value FROM stock_pref WHERE orig='IDN' AND dest='MYS' AND year=2024 AND sex='T'") == 1761502);
    assert_true(q(x, "SELECT flag FROM stock_pref WHERE orig='IDN' AND dest='MYS' AND year=2024 AND sex='T'") ==
                MIGDIP_FLAG_DERIVED);
    /* the 2020 figure as each edition has it */
    static const struct {
        const char *edition;
        double v;
    } ED[] = {{"2020", 1241634}, {"2024", 1693459}, {NULL, 1693459}};
    for (size_t k = 0; k < sizeof ED / sizeof *ED; k++) {
        migdip_profile *p = NULL;
        assert_int_equal(migdip_profile_get_edition(x->ctx, "IDN", 2020, ED[k].edition, &p), MIGDIP_OK);
        double v = 0;
        for (size_t i = 0; i < p->n_destinations; i++)
            if (!strcmp(p->destinations[i].iso3, "MYS"))
                v = p->destinations[i].stock;
        if (v != ED[k].v)
            fail_msg("IDN->MYS 2020, edition %s: %.0f, want %.0f", ED[k].edition ? ED[k].edition : "(preferred)", v,
                     ED[k].v);
        migdip_profile_free(p);
    }
}

/* The revision shows in an export: the 2020 row of Indonesia -> Malaysia uses the preferred
 * (2024) edition's 1,693,459 and gives the 2020 edition's 1,241,634 beside it; 2025 is carried
 * from 2024 (1,761,502) when asked for (--carry) and flagged so; not asked for, it has no panel. */
static void test_idn_mys_export(void **state)
{
    NEED(state);
    char *out = tu_path(x->dir, "idn_mys.csv");
    static const struct {
        int year;
        const char *flag, *stock_year, *value, *other_edition, *other;
    } Y[] = {{2020, "1", "2020", "1693459", "2020", "1241634"}, {2025, "4", "2024", "1761502", "", ""}};
    for (size_t k = 0; k < sizeof Y / sizeof *Y; k++) {
        migdip_export_opts o;
        migdip_export_opts_init(&o);
        o.year_from = o.year_to = Y[k].year;
        o.path = out;
        if (Y[k].year > 2024)
            assert_int_equal(migdip_export_dyads(x->ctx, &o, NULL), MIGDIP_ERR_NOTFOUND);
        o.model.carry_stocks = true;
        assert_int_equal(migdip_export_dyads(x->ctx, &o, NULL), MIGDIP_OK);
        FILE *f = fopen(out, "r");
        assert_non_null(f);
        char line[8192], head[8192];
        assert_non_null(fgets(head, sizeof head, f));
        bool found = false;
        while (!found && fgets(line, sizeof line, f))
            found = !strncmp(strchr(line, ',') + 1, "IDN,MYS,", 8);
        fclose(f);
        assert_true(found);
        /* the cells of the named columns (no quoted field precedes them in these rows) */
        const char *want[][2] = {{"stock_edition", "2024"},         {"stock_flag", Y[k].flag},
                                 {"stock_year", Y[k].stock_year},   {"emig_in_partner", Y[k].value},
                                 {"emig_in_partner_flag", Y[k].flag}, {"stock_other_edition", Y[k].other_edition},
                                 {"emig_in_partner_other", Y[k].other}};
        for (size_t w = 0; w < sizeof want / sizeof *want; w++) {
            char *h = strdup(head), *l = strdup(line), *hp = h, *lp = l;
            const char *cell = NULL;
            for (char *hn = strsep(&hp, ",\n"), *ln = strsep(&lp, ",\n"); hn && ln;
                 hn = strsep(&hp, ",\n"), ln = strsep(&lp, ",\n"))
                if (!strcmp(hn, want[w][0])) {
                    cell = ln;
                    break;
                }
            if (!cell || strcmp(cell, want[w][1]))
                fail_msg("IDN->MYS %d: %s = %s, want %s", Y[k].year, want[w][0], cell ? cell : "(none)", want[w][1]);
            free(h);
            free(l);
        }
    }
    free(out);
}

static void test_world_totals(void **state)
{
    NEED(state);
    assert_true(q(x, "SELECT sum(s.value) FROM stock s JOIN vintage v ON v.id=s.vintage_id WHERE "
                     "v.importer='undesa-ims-csv2024' AND s.year=2024 AND s.sex='T'") == 304021813);
    assert_true(q(x, "SELECT sum(s.value) FROM stock s JOIN vintage v ON v.id=s.vintage_id WHERE "
                     "v.importer='undesa-ims-csv2024' AND s.year=2020 AND s.sex='T'") == 275284032);
    /* and M + F = T wherever both sexes are observed */
    assert_true(q(x, "SELECT count(*) FROM stock t JOIN vintage v ON v.id=t.vintage_id"
                     " JOIN stock m ON m.vintage_id=t.vintage_id AND m.year=t.year AND m.orig=t.orig AND m.dest=t.dest AND m.sex='M'"
                     " JOIN stock f ON f.vintage_id=t.vintage_id AND f.year=t.year AND f.orig=t.orig AND f.dest=t.dest AND f.sex='F'"
                     " WHERE v.importer='undesa-ims-csv2024' AND t.sex='T' AND m.flag=1 AND f.flag=1"
                     " AND t.value<>m.value+f.value") == 0);
}

int main(void)
{
    const struct CMUnitTest tests[] = {
        cmocka_unit_test(test_files),
        cmocka_unit_test(test_nepal_abroad_2024),
        cmocka_unit_test(test_idn_mys),
        cmocka_unit_test(test_idn_mys_export),
        cmocka_unit_test(test_world_totals),
    };
    return cmocka_run_group_tests(tests, setup, tu_real_fx_group_teardown);
}
