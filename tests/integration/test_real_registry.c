/* test_real_registry.c - the built-in registry (data/registry of this repository, compiled
 * into the library) imported on top of the real country codes: every ISO3 code maps, every bloc named is defined, and the
 * facts the engine relies on (GCC members, the RSE scheme, Nepal's agreements, EAEU
 * membership) are there. Figures checked independently with pandas on the same CSV files. */
#include "testutil.h"

#include <time.h>

#include "formats/csv.h"
#include <sys/stat.h>

typedef struct reg_fx {
    char *dir;
    char *db_path;
    migdip_ctx *ctx;
    migdip_import_report *rep;
} reg_fx;

/* Countries: from the crosswalk importers when they read data/codes, else straight from the
 * countrycode code list (iso3c, country.name.en) so that the registry's codes can map. */
static void seed_countries(reg_fx *f, const char *data)
{
    char *codes = tu_path(data, "codes");
    migdip_import_opts o = {.data_dir = codes, .no_registry = true};
    migdip_import_report *rep = NULL;
    if (migdip_import_run(f->ctx, &o, &rep) != MIGDIP_OK)
        fail_msg("importing %s: %s", codes, migdip_ctx_errmsg(f->ctx));
    migdip_import_report_free(rep);
    free(codes);
    if (tu_query_double(f->db_path, "SELECT count(*) FROM country") >= 200)
        return;
    char *list = tu_path(data, "codes/countrycode_codelist_without_cldr.csv");
    mg_csv_reader *r = NULL;
    mg_err err = {0};
    assert_int_equal(mg_csv_open(list, NULL, &r, &err), MIGDIP_OK);
    assert_int_equal(mg_csv_next(r, &err), MIGDIP_OK);
    long ci = mg_csv_find(r, "iso3c"), cn = mg_csv_find(r, "country.name.en");
    assert_true(ci >= 0 && cn >= 0);
    sqlite3 *db = NULL;
    assert_int_equal(sqlite3_open(f->db_path, &db), SQLITE_OK);
    sqlite3_exec(db, "BEGIN", NULL, NULL, NULL);
    sqlite3_stmt *st = NULL;
    assert_int_equal(sqlite3_prepare_v2(db, "INSERT OR IGNORE INTO country(iso3,name,kind) VALUES(?,?,'country')",
                                        -1, &st, NULL), SQLITE_OK);
    while (mg_csv_next(r, &err) == MIGDIP_OK && mg_csv_nfields(r) > 0) {
        const char *iso3 = mg_csv_field(r, (size_t)ci, NULL), *name = mg_csv_field(r, (size_t)cn, NULL);
        if (strlen(iso3) != 3)
            continue;
        sqlite3_bind_text(st, 1, iso3, -1, SQLITE_TRANSIENT);
        sqlite3_bind_text(st, 2, name, -1, SQLITE_TRANSIENT);
        sqlite3_step(st);
        sqlite3_reset(st);
    }
    sqlite3_finalize(st);
    sqlite3_exec(db, "COMMIT", NULL, NULL, NULL);
    sqlite3_close(db);
    mg_csv_close(r);
    free(list);
}

static int setup(void **state)
{
    const char *data = tu_data_dir();
    if (!data)
        return 0;
    reg_fx *f = calloc(1, sizeof *f);
    assert_non_null(f);
    f->dir = tu_tmpdir();
    f->ctx = tu_store(f->dir, &f->db_path);
    seed_countries(f, data);
    /* an empty data directory: the import reads the built-in registry alone */
    char *empty = tu_path(f->dir, "empty");
    assert_int_equal(mkdir(empty, 0700), 0);
    migdip_import_opts o = {.data_dir = empty};
    if (migdip_import_run(f->ctx, &o, &f->rep) != MIGDIP_OK)
        fail_msg("importing the built-in registry: %s", migdip_ctx_errmsg(f->ctx));
    free(empty);
    *state = f;
    return 0;
}

static int teardown(void **state)
{
    reg_fx *f = *state;
    if (!f)
        return 0;
    migdip_import_report_free(f->rep);
    migdip_ctx_close(f->ctx);
    tu_rmdir(f->dir);
    free(f->dir);
    free(f->db_path);
    free(f);
    return 0;
}

#define NEED_DATA(f)                                                                               \
    reg_fx *f = *state;                                                                            \
    if (!f)                                                                                        \
    skip()

static double q(const reg_fx *f, const char *sql) { return tu_query_double(f->db_path, sql); }

static void test_all_mapped_and_sourced(void **state)
{
    NEED_DATA(f);
    assert_int_equal(f->rep->n_files, 4);
    for (size_t i = 0; i < f->rep->n_unmapped; i++)
        print_error("unmapped: %s:%ld %s %s\n", f->rep->unmapped[i].file, f->rep->unmapped[i].line,
                    f->rep->unmapped[i].cell ? f->rep->unmapped[i].cell : "", f->rep->unmapped[i].name);
    assert_int_equal(f->rep->n_unmapped, 0);
    /* counts checked with pandas on data/registry: 12 blocs, 147 memberships, 42 institutions,
     * 49 episodes (12 II/III, 11 I/IV, 12 mutual, 14 out of scope) */
    assert_true(q(f, "SELECT count(*) FROM bloc") == 12);
    assert_true(q(f, "SELECT count(*) FROM bloc_member") == 147);
    assert_true(q(f, "SELECT count(*) FROM institution") == 42);
    assert_true(q(f, "SELECT count(*) FROM episode") == 49);
    assert_true(q(f, "SELECT count(*) FROM episode WHERE expect_a='II' AND expect_b='III'") == 12);
    assert_true(q(f, "SELECT count(*) FROM episode WHERE expect_a='I' AND expect_b='IV'") == 11);
    assert_true(q(f, "SELECT count(*) FROM episode WHERE expect_a='mutual' AND expect_b='mutual'") == 12);
    assert_true(q(f, "SELECT count(*) FROM episode WHERE expect_a='out-of-scope'") == 14);
    assert_true(q(f, "SELECT count(*) FROM episode WHERE trim(source)='' OR trim(url)=''") == 0);
    assert_int_equal(f->rep->rows, 12 + 147 + 42 + 49);
    assert_true(q(f, "SELECT (SELECT count(*) FROM bloc WHERE trim(source)='')"
                     " + (SELECT count(*) FROM institution WHERE trim(source)='')") == 0);
    /* every side of an institution is a country or a defined bloc */
    assert_true(q(f, "SELECT count(*) FROM institution i, (SELECT a AS s, id FROM institution UNION ALL"
                     " SELECT b, id FROM institution) x WHERE x.id=i.id AND x.s NOT IN (SELECT iso3 FROM country)"
                     " AND x.s NOT IN (SELECT name FROM bloc)") == 0);
    /* speed is measured by bench/import.sh, not asserted here */
}

static void test_gcc(void **state)
{
    NEED_DATA(f);
    assert_true(q(f, "SELECT count(*) FROM bloc_member WHERE bloc='GCC' AND role='member'"
                     " AND iso3 IN ('BHR','KWT','OMN','QAT','SAU','ARE') AND year_from=1981 AND year_to=9999") == 6);
    assert_true(q(f, "SELECT count(*) FROM bloc_member WHERE bloc='GCC'") == 6);
}

static void test_rse(void **state)
{
    NEED_DATA(f);
    assert_true(q(f, "SELECT count(*) FROM institution WHERE a='NZL' AND b='PACIFIC-RSE'"
                     " AND kind='seasonal' AND year_from=2007 AND year_to IS NULL AND weight>=0.8") == 1);
    assert_true(q(f, "SELECT count(*) FROM bloc_member WHERE bloc='PACIFIC-RSE' AND role='sender'") == 9);
    assert_true(q(f, "SELECT year_from FROM bloc_member WHERE bloc='PACIFIC-RSE' AND iso3='FJI'") == 2014);
    assert_true(q(f, "SELECT count(*) FROM bloc_member WHERE bloc='PACIFIC-RSE' AND year_from=2007"
                     " AND iso3 IN ('KIR','WSM','TON','TUV','VUT')") == 5);
    /* the seed article's Pacific Islands add the Cook Islands and Niue */
    assert_true(q(f, "SELECT count(*) FROM bloc_member WHERE bloc='PACIFIC' AND iso3 IN ('COK','NIU')") == 2);
}

static void test_nepal(void **state)
{
    NEED_DATA(f);
#define NPL_WITH(partner)                                                                          \
    "SELECT group_concat(year_from,' ') FROM (SELECT year_from FROM institution WHERE"             \
    " ((a='NPL' AND b='" partner "') OR (b='NPL' AND a='" partner "')) ORDER BY year_from)"
    assert_true(q(f, NPL_WITH("QAT")) == 2005);
    sqlite3 *db = NULL;
    assert_int_equal(sqlite3_open_v2(f->db_path, &db, SQLITE_OPEN_READONLY, NULL), SQLITE_OK);
    sqlite3_stmt *st = NULL;
    assert_int_equal(sqlite3_prepare_v2(db, NPL_WITH("ARE"), -1, &st, NULL), SQLITE_OK);
    assert_int_equal(sqlite3_step(st), SQLITE_ROW);
    assert_string_equal((const char *)sqlite3_column_text(st, 0), "2007 2019");
    sqlite3_finalize(st);
    sqlite3_close(db);
    assert_true(q(f, NPL_WITH("MYS")) == 2018);
    assert_true(q(f, NPL_WITH("BHR")) == 2008);
    /* none with Saudi Arabia: the article says Nepal 'is in negotiation with Saudi Arabia' */
    assert_true(q(f, "SELECT count(*) FROM institution WHERE (a='NPL' AND b='SAU') OR (a='SAU' AND b='NPL')") == 0);
    /* through the Abu Dhabi Dialogue, Nepal and Saudi Arabia do share a consultative framework */
    assert_true(q(f, "SELECT count(*) FROM institution i JOIN bloc_member x ON x.bloc=i.a AND x.iso3='NPL'"
                     " JOIN bloc_member y ON y.bloc=i.b AND y.iso3='SAU' WHERE i.a=i.b") == 1);
#undef NPL_WITH
}

static void test_eaeu_and_frameworks(void **state)
{
    NEED_DATA(f);
    assert_true(q(f, "SELECT year_from FROM bloc_member WHERE bloc='EAEU' AND iso3='KGZ'") == 2015);
    assert_true(q(f, "SELECT count(*) FROM bloc_member WHERE bloc='EAEU'") == 5);
    assert_true(q(f, "SELECT count(*) FROM institution WHERE a='EAEU' AND b='EAEU' AND year_from=2015") == 1);
    assert_true(q(f, "SELECT count(*) FROM institution WHERE a='ASEAN' AND b='ASEAN' AND year_from=2017") == 1);
    assert_true(q(f, "SELECT count(*) FROM institution WHERE a='ABU-DHABI-DIALOGUE' AND b=a AND year_from=2008"
                     " AND weight=0.3") == 1);
    /* EU: 28 membership rows, 27 members in 2021 (the UK until 2020) */
    assert_true(q(f, "SELECT count(*) FROM bloc_member WHERE bloc='EU' AND 2021 BETWEEN year_from AND year_to") == 27);
    assert_true(q(f, "SELECT count(*) FROM bloc_member WHERE bloc='EU' AND 2020 BETWEEN year_from AND year_to") == 28);
    /* Russia's agreements with Central Asia are weighted low ('opaque and asymmetrical') */
    assert_true(q(f, "SELECT max(weight) FROM institution WHERE a='RUS' AND b IN ('TJK','UZB')") <= 0.3);
}

static void test_reimport_unchanged(void **state)
{
    NEED_DATA(f);
    char *before = tu_store_fingerprint(f->db_path);
    char *empty = tu_path(f->dir, "empty");
    migdip_import_opts o = {.data_dir = empty};
    migdip_import_report *rep = NULL;
    assert_int_equal(migdip_import_run(f->ctx, &o, &rep), MIGDIP_OK);
    assert_int_equal(rep->n_files, 4);
    for (size_t i = 0; i < rep->n_files; i++)
        assert_int_equal(rep->files[i].skipped, 1);
    migdip_import_report_free(rep);
    free(empty);
    char *after = tu_store_fingerprint(f->db_path);
    assert_string_equal(before, after);
    free(before);
    free(after);
}

int main(void)
{
    const struct CMUnitTest tests[] = {
        cmocka_unit_test(test_all_mapped_and_sourced),
        cmocka_unit_test(test_gcc),
        cmocka_unit_test(test_rse),
        cmocka_unit_test(test_nepal),
        cmocka_unit_test(test_eaeu_and_frameworks),
        cmocka_unit_test(test_reimport_unchanged),
    };
    return cmocka_run_group_tests(tests, setup, teardown);
}
