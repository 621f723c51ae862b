/* test_store.c - the store's schema versions: a fresh store is at the current version with the
 * version-2 tables, a version-1 store holding values is migrated on open with every value
 * kept and the constraints still enforced, and a version-3 store's free-movement institutions
 * get their own kind. */
#include "testutil.h"

#include "store/store.h"

/* The four value tables as version 1 defined them (src/store/store.c history), with the indexes
 * version 2 dropped. */
static const char V1_TABLES[] =
    "DROP VIEW stock_pref; DROP TABLE stock; DROP TABLE stock_total; DROP TABLE series;"
    "DROP TABLE aggregate_series;"
    "CREATE TABLE stock(vintage_id INTEGER NOT NULL, orig TEXT NOT NULL, dest TEXT NOT NULL,"
    "  year INTEGER NOT NULL, sex TEXT NOT NULL CHECK(sex IN ('T','M','F')), value REAL,"
    "  flag INTEGER NOT NULL, PRIMARY KEY(vintage_id, orig, dest, year, sex)) WITHOUT ROWID;"
    "CREATE TABLE stock_total(vintage_id INTEGER NOT NULL, iso3 TEXT NOT NULL, year INTEGER NOT NULL,"
    "  sex TEXT NOT NULL CHECK(sex IN ('T','M','F')), value REAL, flag INTEGER NOT NULL,"
    "  PRIMARY KEY(vintage_id, iso3, year, sex)) WITHOUT ROWID;"
    "CREATE TABLE series(vintage_id INTEGER NOT NULL, code TEXT NOT NULL, iso3 TEXT NOT NULL,"
    "  year INTEGER NOT NULL, value REAL, flag INTEGER NOT NULL,"
    "  PRIMARY KEY(vintage_id, code, iso3, year)) WITHOUT ROWID;"
    "CREATE TABLE aggregate_series(vintage_id INTEGER NOT NULL, code TEXT NOT NULL, agg TEXT NOT NULL,"
    "  year INTEGER NOT NULL, value REAL, flag INTEGER NOT NULL,"
    "  PRIMARY KEY(vintage_id, code, agg, year)) WITHOUT ROWID;"
    "CREATE INDEX series_code ON series(code, iso3, year);"
    "CREATE INDEX stock_dest ON stock(vintage_id, dest, year);"
    "CREATE VIEW stock_pref AS SELECT * FROM stock WHERE vintage_id IN ("
    "  SELECT id FROM vintage WHERE dataset='undesa-ims' AND edition=("
    "    SELECT edition FROM vintage WHERE dataset='undesa-ims' ORDER BY released DESC, id DESC LIMIT 1));"
    "PRAGMA user_version=1;";

/* A few values of each kind, missing and derived ones among them. */
static const char VALUES[] =
    "INSERT INTO vintage(id,dataset,source,edition,released,file,sha256,rows,importer,imported_at)"
    "  VALUES(1,'undesa-ims','UN DESA','2020','2020-12-01','a.csv','aa',3,'undesa-ims-long','now'),"
    "        (2,'wdi','WDI','2026','2026-07-01','b.csv','bb',3,'wdi-tidy','now');"
    "INSERT INTO stock VALUES(1,'IDN','MYS',2020,'T',1241634,1),(1,'IDN','MYS',2020,'F',600000,1),"
    "  (1,'NPL','QAT',2020,'T',NULL,0);"
    "INSERT INTO stock_total VALUES(1,'MYS',2020,'T',3476560,1);"
    "INSERT INTO series VALUES(2,'SP.POP.TOTL','NPL',2023,30896590,1),(2,'SP.POP.TOTL','NPL',2024,NULL,0),"
    "  (2,'NY.GDP.MKTP.PP.CD','NPL',2023,1.5e11,2);"
    "INSERT INTO aggregate_series VALUES(2,'SP.POP.TOTL','WLD',2023,8.06e9,1);";

static long one_int(sqlite3 *db, const char *sql)
{
    sqlite3_stmt *st = NULL;
    assert_int_equal(sqlite3_prepare_v2(db, sql, -1, &st, NULL), SQLITE_OK);
    assert_int_equal(sqlite3_step(st), SQLITE_ROW);
    long v = sqlite3_column_int64(st, 0);
    sqlite3_finalize(st);
    return v;
}

/* What versions 2 to 6 promise, on an open store. */
static void assert_v2(sqlite3 *db)
{
    assert_int_equal(one_int(db, "PRAGMA user_version"), MG_STORE_SCHEMA_VERSION);
    assert_int_equal(MG_STORE_SCHEMA_VERSION, 6);
    /* version 5: the tables of the second stage, and the flag "suspect" */
    assert_int_equal(one_int(db, "SELECT count(*) FROM sqlite_master WHERE type='table' AND name IN"
                                 " ('emigrant_total','protection','igo','igo_member','flow','coverage')"), 6);
    assert_int_equal(one_int(db, "SELECT count(*) FROM flag WHERE id=6 AND name='suspect'"), 1);
    assert_int_not_equal(sqlite3_exec(db, "INSERT INTO protection VALUES(1,'SYR','TUR',2020,'migrants',1,1)",
                                      NULL, NULL, NULL), SQLITE_OK);
    /* no IN list left in the value tables' checks */
    assert_int_equal(one_int(db, "SELECT count(*) FROM sqlite_master WHERE name IN ('stock','stock_total')"
                                 " AND sql LIKE '%sex IN%'"), 0);
    assert_int_equal(one_int(db, "SELECT count(*) FROM sqlite_master WHERE name IN ('series_code','stock_dest')"), 0);
    /* stock is keyed by vintage, year, sex first; series and aggregate_series by code first */
    {
        sqlite3_stmt *st = NULL;
        assert_int_equal(sqlite3_prepare_v2(db, "SELECT group_concat(name, ',') FROM (SELECT name FROM"
                                                " pragma_index_info('sqlite_autoindex_stock_1') ORDER BY seqno)",
                                            -1, &st, NULL), SQLITE_OK);
        assert_int_equal(sqlite3_step(st), SQLITE_ROW);
        assert_string_equal((const char *)sqlite3_column_text(st, 0), "vintage_id,year,sex,orig,dest");
        sqlite3_finalize(st);
    }
    assert_int_equal(one_int(db, "SELECT count(*) FROM pragma_index_info('sqlite_autoindex_series_1')"
                                 " WHERE seqno=0 AND name='code'"), 1);
    assert_int_equal(one_int(db, "SELECT count(*) FROM pragma_index_info('sqlite_autoindex_aggregate_series_1')"
                                 " WHERE seqno=0 AND name='code'"), 1);
    /* the checks still hold */
    assert_int_not_equal(sqlite3_exec(db, "INSERT INTO stock VALUES(1,'IDN','SGP',2020,'X',1,1)", NULL, NULL, NULL),
                         SQLITE_OK);
    assert_int_not_equal(sqlite3_exec(db, "INSERT INTO stock_total VALUES(1,'SGP',2020,'',1,1)", NULL, NULL, NULL),
                         SQLITE_OK);
    assert_int_not_equal(
        sqlite3_exec(db, "INSERT INTO series VALUES(2,'SP.POP.TOTL','NPL',2023,1,1)", NULL, NULL, NULL), SQLITE_OK);
    assert_int_equal(one_int(db, "SELECT count(*) FROM stock_pref"), 3);
    /* version 4: institution kinds, free-movement among them; version 6: seasonal */
    assert_int_equal(sqlite3_exec(db, "INSERT INTO institution VALUES(2,'X','free-movement','X','EU','EU',1968,NULL,1,'s')",
                                  NULL, NULL, NULL), SQLITE_OK);
    assert_int_equal(sqlite3_exec(db, "INSERT INTO institution VALUES(2,'Z','seasonal','Z','NZL','TON',2007,NULL,1,'s')",
                                  NULL, NULL, NULL), SQLITE_OK);
    assert_int_not_equal(sqlite3_exec(db, "INSERT INTO institution VALUES(2,'Y','treaty','Y','EU','EU',1968,NULL,1,'s')",
                                      NULL, NULL, NULL), SQLITE_OK);
    assert_int_equal(sqlite3_exec(db, "DELETE FROM institution", NULL, NULL, NULL), SQLITE_OK);
}

static void test_fresh_store_is_current(void **state)
{
    (void)state;
    char *dir = tu_tmpdir(), *path = tu_path(dir, "s.db");
    mg_err err = {0};
    sqlite3 *db = NULL;
    assert_int_equal(mg_store_open(path, &db, &err), MIGDIP_OK);
    assert_int_equal(sqlite3_exec(db, VALUES, NULL, NULL, NULL), SQLITE_OK);
    assert_v2(db);
    mg_store_close(db);
    tu_rmdir(dir);
    free(path);
    free(dir);
}

static void test_v1_store_migrates_with_values(void **state)
{
    (void)state;
    char *dir = tu_tmpdir(), *path = tu_path(dir, "s.db");
    mg_err err = {0};
    sqlite3 *db = NULL;
    assert_int_equal(mg_store_open(path, &db, &err), MIGDIP_OK);
    assert_int_equal(sqlite3_exec(db, V1_TABLES, NULL, NULL, NULL), SQLITE_OK);
    assert_int_equal(sqlite3_exec(db, VALUES, NULL, NULL, NULL), SQLITE_OK);
    assert_int_equal(one_int(db, "PRAGMA user_version"), 1);
    mg_store_close(db);
    char *before = tu_store_fingerprint(path);

    assert_int_equal(mg_store_open(path, &db, &err), MIGDIP_OK);
    assert_v2(db);
    mg_store_close(db);
    char *after = tu_store_fingerprint(path);
    /* the fingerprint hashes table names and rows, not definitions: every value survived */
    assert_string_equal(before, after);
    free(before);
    free(after);
    tu_rmdir(dir);
    free(path);
    free(dir);
}

/* Version 3: a newer edition that holds only totals by destination (the 2024 destination
 * workbooks) does not hide the bilateral table of an older edition; a newer edition that
 * holds bilateral rows does. */
static void test_stock_pref_prefers_newest_bilateral_edition(void **state)
{
    (void)state;
    char *dir = tu_tmpdir(), *path = tu_path(dir, "s.db");
    mg_err err = {0};
    sqlite3 *db = NULL;
    assert_int_equal(mg_store_open(path, &db, &err), MIGDIP_OK);
    assert_int_equal(sqlite3_exec(db, VALUES, NULL, NULL, NULL), SQLITE_OK);
    assert_int_equal(sqlite3_exec(db,
        "INSERT INTO vintage(id,dataset,source,edition,released,file,sha256,rows,importer,imported_at)"
        "  VALUES(3,'undesa-ims','UN DESA','2024','2025-01-15','dest2024.xlsx','cc',1,'undesa-ims-dest-xlsx','now');"
        "INSERT INTO stock_total VALUES(3,'MYS',2024,'T',3600000,1);", NULL, NULL, NULL), SQLITE_OK);
    assert_int_equal(one_int(db, "SELECT count(*) FROM stock_pref WHERE vintage_id=1"), 3);
    assert_int_equal(sqlite3_exec(db,
        "INSERT INTO vintage(id,dataset,source,edition,released,file,sha256,rows,importer,imported_at)"
        "  VALUES(4,'undesa-ims','UN DESA','2024','2025-01-15','bilat2024.csv','dd',1,'undesa-ims-long','now');"
        "INSERT INTO stock VALUES(4,'IDN','MYS',2024,'T',1761502,1);", NULL, NULL, NULL), SQLITE_OK);
    assert_int_equal(one_int(db, "SELECT count(*) FROM stock_pref"), 1);
    assert_int_equal(one_int(db, "SELECT value FROM stock_pref"), 1761502);
    mg_store_close(db);
    tu_rmdir(dir);
    free(path);
    free(dir);
}

/* Version 4: a version-3 store's institutions keep every value; the rows whose name the model
 * used to match ("ree movement", any kind but scheme) become kind free-movement, the others
 * keep theirs. */
static void test_v3_institutions_get_free_movement_kind(void **state)
{
    (void)state;
    char *dir = tu_tmpdir(), *path = tu_path(dir, "s.db");
    mg_err err = {0};
    sqlite3 *db = NULL;
    assert_int_equal(mg_store_open(path, &db, &err), MIGDIP_OK);
    assert_int_equal(sqlite3_exec(db,
        "DROP TABLE institution;"
        "CREATE TABLE institution(vintage_id INTEGER NOT NULL, id TEXT NOT NULL,"
        "  kind TEXT NOT NULL CHECK(kind IN ('agreement','mou','scheme','framework')),"
        "  name TEXT NOT NULL, a TEXT NOT NULL, b TEXT NOT NULL, year_from INTEGER, year_to INTEGER,"
        "  weight REAL, source TEXT NOT NULL, PRIMARY KEY(vintage_id, id));"
        "INSERT INTO institution VALUES"
        " (7,'EAEU-FMW-2015','framework','EAEU free movement of workers','EAEU','EAEU',2015,NULL,0.5,'treaty'),"
        " (7,'EU-FMW-1968','framework','Free movement of workers (Treaty of Rome)','EU','EU',1968,NULL,1.0,'reg'),"
        " (7,'NZL-RSE-2007','scheme','RSE scheme (free movement of seasonal workers)','NZL','PACIFIC-RSE',2007,NULL,0.9,'inz'),"
        " (7,'GCC-CM-2008','framework','GCC Common Market','GCC','GCC',2008,NULL,0.3,'gcc'),"
        " (7,'NPL-QAT-2005','agreement','Manpower agreement','NPL','QAT',2005,2019,0.4,'seed');"
        "PRAGMA user_version=3;", NULL, NULL, NULL), SQLITE_OK);
    mg_store_close(db);
    char *before = tu_store_fingerprint(path);

    assert_int_equal(mg_store_open(path, &db, &err), MIGDIP_OK);
    assert_int_equal(one_int(db, "PRAGMA user_version"), MG_STORE_SCHEMA_VERSION);
    mg_store_close(db);
    tu_assert_text(path, "SELECT group_concat(id||':'||kind, ' ') FROM (SELECT * FROM institution ORDER BY id)",
                   "EAEU-FMW-2015:free-movement EU-FMW-1968:free-movement GCC-CM-2008:framework"
                   " NPL-QAT-2005:agreement NZL-RSE-2007:scheme");
    tu_assert_text(path, "SELECT group_concat(weight||'|'||ifnull(year_to,'-')||'|'||source, ' ') FROM"
                         " (SELECT * FROM institution ORDER BY id)",
                   "0.5|-|treaty 1.0|-|reg 0.3|-|gcc 0.4|2019|seed 0.9|-|inz");
    /* the kind is the only change: with it set back, the store is what it was */
    tu_exec_sql(path, "UPDATE institution SET kind='framework' WHERE kind='free-movement'");
    char *after = tu_store_fingerprint(path);
    assert_string_equal(before, after);
    free(before);
    free(after);
    tu_rmdir(dir);
    free(path);
    free(dir);
}

int main(void)
{
    const struct CMUnitTest tests[] = {
        cmocka_unit_test(test_fresh_store_is_current),
        cmocka_unit_test(test_v1_store_migrates_with_values),
        cmocka_unit_test(test_stock_pref_prefers_newest_bilateral_edition),
        cmocka_unit_test(test_v3_institutions_get_free_movement_kind),
    };
    return cmocka_run_group_tests(tests, NULL, NULL);
}
