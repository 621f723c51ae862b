/* store.c - SQLite store: schema and vintages. */
#include "store/store.h"

#include <pthread.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <time.h>

/* The preferred edition of the UN DESA bilateral stocks as schema 2 defined it (the newest
 * released); version 3 replaces it (MIGRATE_V3). Queries read this view (docs/store.md). */
#define STOCK_PREF_VIEW                                                                            \
    "CREATE VIEW stock_pref AS SELECT * FROM stock WHERE vintage_id IN ("                          \
    "  SELECT id FROM vintage WHERE dataset='undesa-ims' AND edition=("                            \
    "    SELECT edition FROM vintage WHERE dataset='undesa-ims' ORDER BY released DESC, id DESC LIMIT 1));"

/* Version 1. Every value table carries the vintage it came from and a migdip_flag; a missing
 * cell is a row with value NULL and flag 0, never a zero. Countries are keyed by ISO3 (or
 * the documented special code: XKX, CHI, XXX, CSK, ...), see docs/store.md. */
static const char SCHEMA_V1[] =
    "CREATE TABLE meta(key TEXT PRIMARY KEY, value TEXT);"
    "CREATE TABLE vintage("
    "  id INTEGER PRIMARY KEY, dataset TEXT NOT NULL, source TEXT NOT NULL,"
    "  edition TEXT NOT NULL, released TEXT NOT NULL, file TEXT NOT NULL,"
    "  sha256 TEXT NOT NULL UNIQUE, bytes INTEGER, rows INTEGER NOT NULL DEFAULT 0,"
    "  importer TEXT NOT NULL, imported_at TEXT NOT NULL, citation TEXT);"
    "CREATE TABLE flag(id INTEGER PRIMARY KEY, name TEXT NOT NULL);"
    "INSERT INTO flag VALUES(0,'missing'),(1,'observed'),(2,'derived'),(3,'interpolated'),"
    "  (4,'carried'),(5,'assumed-zero');"
    /* identity */
    "CREATE TABLE country("
    "  iso3 TEXT PRIMARY KEY, name TEXT NOT NULL,"
    "  kind TEXT NOT NULL CHECK(kind IN ('country','territory','historical','special')),"
    "  iso2 TEXT, m49 INTEGER, cown INTEGER, cowc TEXT, gwn INTEGER, wb TEXT,"
    "  region TEXT, continent TEXT, un_region TEXT, un_subregion TEXT, eu28 INTEGER,"
    "  income TEXT, vintage_id INTEGER);"
    "CREATE TABLE country_code("
    "  scheme TEXT NOT NULL, code TEXT NOT NULL, iso3 TEXT NOT NULL,"
    "  year_from INTEGER NOT NULL DEFAULT 0, year_to INTEGER NOT NULL DEFAULT 9999,"
    "  vintage_id INTEGER, PRIMARY KEY(scheme, code, year_from));"
    "CREATE TABLE country_alias("
    "  key TEXT PRIMARY KEY, alias TEXT NOT NULL, iso3 TEXT NOT NULL, source TEXT NOT NULL);"
    "CREATE TABLE aggregate("
    "  code TEXT PRIMARY KEY, name TEXT NOT NULL, scheme TEXT NOT NULL);"
    "CREATE TABLE aggregate_alias(key TEXT PRIMARY KEY, code TEXT NOT NULL);"
    "CREATE TABLE aggregate_member(code TEXT NOT NULL, iso3 TEXT NOT NULL,"
    "  vintage_id INTEGER, PRIMARY KEY(code, iso3));"
    "CREATE TABLE income_group(iso3 TEXT NOT NULL, fy INTEGER NOT NULL, grp TEXT NOT NULL,"
    "  vintage_id INTEGER NOT NULL, PRIMARY KEY(vintage_id, iso3, fy)) WITHOUT ROWID;"
    /* values */
    "CREATE TABLE stock("
    "  vintage_id INTEGER NOT NULL, orig TEXT NOT NULL, dest TEXT NOT NULL, year INTEGER NOT NULL,"
    "  sex TEXT NOT NULL CHECK(sex IN ('T','M','F')), value REAL, flag INTEGER NOT NULL,"
    "  PRIMARY KEY(vintage_id, orig, dest, year, sex)) WITHOUT ROWID;"
    "CREATE TABLE stock_total("
    "  vintage_id INTEGER NOT NULL, iso3 TEXT NOT NULL, year INTEGER NOT NULL,"
    "  sex TEXT NOT NULL CHECK(sex IN ('T','M','F')), value REAL, flag INTEGER NOT NULL,"
    "  PRIMARY KEY(vintage_id, iso3, year, sex)) WITHOUT ROWID;"
    "CREATE TABLE remit("
    "  vintage_id INTEGER NOT NULL, sender TEXT NOT NULL, receiver TEXT NOT NULL,"
    "  year INTEGER NOT NULL, value REAL, flag INTEGER NOT NULL,"
    "  PRIMARY KEY(vintage_id, sender, receiver, year)) WITHOUT ROWID;"
    "CREATE TABLE series("
    "  vintage_id INTEGER NOT NULL, code TEXT NOT NULL, iso3 TEXT NOT NULL, year INTEGER NOT NULL,"
    "  value REAL, flag INTEGER NOT NULL,"
    "  PRIMARY KEY(vintage_id, code, iso3, year)) WITHOUT ROWID;"
    "CREATE TABLE aggregate_series("
    "  vintage_id INTEGER NOT NULL, code TEXT NOT NULL, agg TEXT NOT NULL, year INTEGER NOT NULL,"
    "  value REAL, flag INTEGER NOT NULL,"
    "  PRIMARY KEY(vintage_id, code, agg, year)) WITHOUT ROWID;"
    "CREATE TABLE series_info(code TEXT PRIMARY KEY, name TEXT NOT NULL, unit TEXT);"
    "CREATE TABLE dist("
    "  vintage_id INTEGER NOT NULL, iso_o TEXT NOT NULL, iso_d TEXT NOT NULL, contig INTEGER,"
    "  comlang_off INTEGER, comlang_ethno INTEGER, colony INTEGER, comcol INTEGER, smctry INTEGER,"
    "  dist REAL, distcap REAL, distw REAL, PRIMARY KEY(vintage_id, iso_o, iso_d)) WITHOUT ROWID;"
    "CREATE TABLE geo("
    "  vintage_id INTEGER NOT NULL, iso3 TEXT NOT NULL, area REAL, landlocked INTEGER,"
    "  continent TEXT, lat REAL, lon REAL, languages TEXT, colonizers TEXT,"
    "  PRIMARY KEY(vintage_id, iso3));"
    "CREATE TABLE agreement("
    "  vintage_id INTEGER NOT NULL, treaty_id INTEGER NOT NULL, a TEXT NOT NULL, b TEXT NOT NULL,"
    "  year INTEGER, date_signed TEXT, ratified TEXT, title TEXT, source TEXT NOT NULL,"
    "  PRIMARY KEY(vintage_id, treaty_id));"
    "CREATE TABLE agreement_provision("
    "  vintage_id INTEGER NOT NULL, treaty_id INTEGER NOT NULL, provision TEXT NOT NULL,"
    "  value REAL, PRIMARY KEY(vintage_id, treaty_id, provision)) WITHOUT ROWID;"
    /* Curated registry (CSV files under data/registry, user files in the same layout): blocs with
     * membership years, and institutions (agreements, MoUs, schemes, regional frameworks)
     * between two sides, each an ISO3 code or a bloc name; a = b = bloc means every pair
     * of the bloc's members. docs/registry.md. */
    "CREATE TABLE bloc(name TEXT PRIMARY KEY, title TEXT NOT NULL, kind TEXT NOT NULL,"
    "  source TEXT NOT NULL, vintage_id INTEGER);"
    "CREATE TABLE bloc_member(bloc TEXT NOT NULL, iso3 TEXT NOT NULL,"
    "  year_from INTEGER NOT NULL DEFAULT 0, year_to INTEGER NOT NULL DEFAULT 9999,"
    "  role TEXT NOT NULL DEFAULT 'member' CHECK(role IN ('member','host','sender')),"
    "  vintage_id INTEGER, PRIMARY KEY(bloc, iso3, year_from));"
    "CREATE TABLE institution("
    "  vintage_id INTEGER NOT NULL, id TEXT NOT NULL,"
    "  kind TEXT NOT NULL CHECK(kind IN ('agreement','mou','scheme','framework')),"
    "  name TEXT NOT NULL, a TEXT NOT NULL, b TEXT NOT NULL, year_from INTEGER, year_to INTEGER,"
    "  weight REAL, source TEXT NOT NULL, PRIMARY KEY(vintage_id, id));"
    STOCK_PREF_VIEW
    "CREATE TABLE unmapped("
    "  vintage_id INTEGER NOT NULL, file TEXT NOT NULL, line INTEGER, cell TEXT, name TEXT NOT NULL);";

/* Version 2: the same tables, built for a faster bulk load (bench/README.md).
 * - stock and stock_total test sex with equalities: a CHECK with an IN list makes SQLite build
 *   a temporary table on every INSERT, which was half the cost of writing a stock row.
 * - stock is keyed by year and sex first: the engine reads a year's panel, the profile one
 *   country's partners in one year; both are ranges of that key, and the stock_dest index
 *   (0.2 s to build, 10 MB) is gone.
 * - series and aggregate_series are keyed by code first: every reader and the derive step ask
 *   for a code across vintages, so the key serves them and the series_code index (0.2 s to
 *   build, 14 MB) is gone. */
static const char MIGRATE_V2[] =
    "DROP VIEW stock_pref;"
    "DROP INDEX IF EXISTS stock_dest;"
    "DROP INDEX IF EXISTS series_code;"
    "ALTER TABLE stock RENAME TO stock_v1;"
    "ALTER TABLE stock_total RENAME TO stock_total_v1;"
    "ALTER TABLE series RENAME TO series_v1;"
    "ALTER TABLE aggregate_series RENAME TO aggregate_series_v1;"
    "CREATE TABLE stock("
    "  vintage_id INTEGER NOT NULL, orig TEXT NOT NULL, dest TEXT NOT NULL, year INTEGER NOT NULL,"
    "  sex TEXT NOT NULL CHECK(sex = 'T' OR sex = 'M' OR sex = 'F'), value REAL, flag INTEGER NOT NULL,"
    "  PRIMARY KEY(vintage_id, year, sex, orig, dest)) WITHOUT ROWID;"
    "CREATE TABLE stock_total("
    "  vintage_id INTEGER NOT NULL, iso3 TEXT NOT NULL, year INTEGER NOT NULL,"
    "  sex TEXT NOT NULL CHECK(sex = 'T' OR sex = 'M' OR sex = 'F'), value REAL, flag INTEGER NOT NULL,"
    "  PRIMARY KEY(vintage_id, iso3, year, sex)) WITHOUT ROWID;"
    "CREATE TABLE series("
    "  vintage_id INTEGER NOT NULL, code TEXT NOT NULL, iso3 TEXT NOT NULL, year INTEGER NOT NULL,"
    "  value REAL, flag INTEGER NOT NULL,"
    "  PRIMARY KEY(code, iso3, year, vintage_id)) WITHOUT ROWID;"
    "CREATE TABLE aggregate_series("
    "  vintage_id INTEGER NOT NULL, code TEXT NOT NULL, agg TEXT NOT NULL, year INTEGER NOT NULL,"
    "  value REAL, flag INTEGER NOT NULL,"
    "  PRIMARY KEY(code, agg, year, vintage_id)) WITHOUT ROWID;"
    "INSERT INTO stock SELECT * FROM stock_v1;"
    "INSERT INTO stock_total SELECT * FROM stock_total_v1;"
    "INSERT INTO series SELECT * FROM series_v1;"
    "INSERT INTO aggregate_series SELECT * FROM aggregate_series_v1;"
    "DROP TABLE stock_v1;"
    "DROP TABLE stock_total_v1;"
    "DROP TABLE series_v1;"
    "DROP TABLE aggregate_series_v1;"
    STOCK_PREF_VIEW;

/* Version 3. The preferred edition is the newest one that holds bilateral stocks: an edition
 * imported only as totals by destination (the 2024 destination and origin workbooks) must not
 * hide the bilateral table of an older one. */
static const char MIGRATE_V3[] =
    "DROP VIEW stock_pref;"
    "CREATE VIEW stock_pref AS SELECT * FROM stock WHERE vintage_id IN ("
    "  SELECT id FROM vintage WHERE dataset='undesa-ims' AND edition=("
    "    SELECT v.edition FROM vintage v WHERE v.dataset='undesa-ims'"
    "      AND EXISTS(SELECT 1 FROM stock s WHERE s.vintage_id=v.id)"
    "    ORDER BY v.released DESC, v.id DESC LIMIT 1));";

/* Version 4. The registry's free-movement areas have their own kind, "free-movement": the
 * scheme tie (docs/model.md §2.3) is read from the kind alone. Before, the model found those
 * rows by the words "ree movement" in their name; rows stored that way are converted once here
 * by the same test, so an existing store gives the same results. */
static const char MIGRATE_V4[] =
    "ALTER TABLE institution RENAME TO institution_v3;"
    "CREATE TABLE institution("
    "  vintage_id INTEGER NOT NULL, id TEXT NOT NULL,"
    "  kind TEXT NOT NULL CHECK(kind IN ('agreement','mou','scheme','free-movement','framework')),"
    "  name TEXT NOT NULL, a TEXT NOT NULL, b TEXT NOT NULL, year_from INTEGER, year_to INTEGER,"
    "  weight REAL, source TEXT NOT NULL, PRIMARY KEY(vintage_id, id));"
    "INSERT INTO institution SELECT vintage_id, id,"
    "  CASE WHEN kind<>'scheme' AND name GLOB '*ree movement*' THEN 'free-movement' ELSE kind END,"
    "  name, a, b, year_from, year_to, weight, source FROM institution_v3;"
    "DROP TABLE institution_v3;";

/* Version 5: tables for the data of the second stage (docs/store.md), one row per value as
 * everywhere else, and the flag "suspect" for published values known to be wrong.
 * - emigrant_total: UN DESA totals by origin (the 2024 origin workbook), apart from the totals
 *   by destination in stock_total.
 * - protection: people in need of international protection by origin and host (UNHCR's
 *   refugees, asylum seekers and other people in need of protection; UNRWA's Palestine
 *   refugees), so that labour stocks can be told from forced migration.
 * - igo, igo_member: intergovernmental organisations and their state-year memberships (COW
 *   IGO; status 0 none, 1 full, 2 associate, 3 observer; NULL with flag missing).
 * - flow: what states count themselves (labour approvals, departures, registered emigrants) by
 *   origin, destination, period (ISO dates, Gregorian), measure, channel and sex.
 * - coverage: per vintage and series, kept at import so that `sources` need not scan values.
 * - episode: documented episodes of migration diplomacy with the logic the record shows for
 *   each side (the development set of docs/validation.md; registry layout in docs/registry.md).
 * New tables only (IF NOT EXISTS): a store that has them already is left as it is. */
static const char MIGRATE_V5[] =
    "INSERT OR IGNORE INTO flag VALUES(6,'suspect');"
    "CREATE TABLE IF NOT EXISTS emigrant_total("
    "  vintage_id INTEGER NOT NULL, iso3 TEXT NOT NULL, year INTEGER NOT NULL,"
    "  sex TEXT NOT NULL CHECK(sex = 'T' OR sex = 'M' OR sex = 'F'), value REAL, flag INTEGER NOT NULL,"
    "  PRIMARY KEY(vintage_id, iso3, year, sex)) WITHOUT ROWID;"
    "CREATE TABLE IF NOT EXISTS protection("
    "  vintage_id INTEGER NOT NULL, orig TEXT NOT NULL, dest TEXT NOT NULL, year INTEGER NOT NULL,"
    "  kind TEXT NOT NULL CHECK(kind = 'refugees' OR kind = 'asylum_seekers' OR kind = 'oip' OR kind = 'unrwa'),"
    "  value REAL, flag INTEGER NOT NULL,"
    "  PRIMARY KEY(vintage_id, year, kind, orig, dest)) WITHOUT ROWID;"
    "CREATE TABLE IF NOT EXISTS igo(vintage_id INTEGER NOT NULL, code TEXT NOT NULL, name TEXT,"
    "  PRIMARY KEY(vintage_id, code));"
    "CREATE TABLE IF NOT EXISTS igo_member("
    "  vintage_id INTEGER NOT NULL, igo TEXT NOT NULL, iso3 TEXT NOT NULL, year INTEGER NOT NULL,"
    "  status INTEGER CHECK(status BETWEEN 0 AND 3), flag INTEGER NOT NULL,"
    "  PRIMARY KEY(vintage_id, igo, year, iso3)) WITHOUT ROWID;"
    "CREATE TABLE IF NOT EXISTS flow("
    "  vintage_id INTEGER NOT NULL, orig TEXT NOT NULL, dest TEXT NOT NULL,"
    "  period_from TEXT NOT NULL, period_to TEXT NOT NULL, measure TEXT NOT NULL,"
    "  channel TEXT NOT NULL DEFAULT '', sex TEXT NOT NULL CHECK(sex = 'T' OR sex = 'M' OR sex = 'F'),"
    "  value REAL, flag INTEGER NOT NULL, note TEXT,"
    "  PRIMARY KEY(vintage_id, orig, dest, period_from, measure, channel, sex)) WITHOUT ROWID;"
    "CREATE TABLE IF NOT EXISTS coverage("
    "  vintage_id INTEGER NOT NULL, series TEXT NOT NULL, countries INTEGER NOT NULL,"
    "  year_min INTEGER, year_max INTEGER, years INTEGER NOT NULL, n_values INTEGER NOT NULL,"
    "  n_missing INTEGER NOT NULL, PRIMARY KEY(vintage_id, series));"
    "CREATE TABLE IF NOT EXISTS episode("
    "  vintage_id INTEGER NOT NULL, id TEXT NOT NULL, year INTEGER NOT NULL, a TEXT NOT NULL,"
    "  b TEXT NOT NULL, expect_a TEXT NOT NULL, expect_b TEXT NOT NULL, kind TEXT NOT NULL,"
    "  event TEXT NOT NULL, outcome TEXT NOT NULL, source TEXT NOT NULL, url TEXT NOT NULL,"
    "  verified INTEGER NOT NULL CHECK(verified = 0 OR verified = 1), PRIMARY KEY(vintage_id, id));";

/* Version 6. The registry's seasonal labour schemes have their own kind, "seasonal": their
 * workers come for a season and leave, so census-based stocks miss them (docs/model.md §4.2).
 * The table is rebuilt only to widen the CHECK of kind; the rows are kept as they are. */
static const char MIGRATE_V6[] =
    "ALTER TABLE institution RENAME TO institution_v5;"
    "CREATE TABLE institution("
    "  vintage_id INTEGER NOT NULL, id TEXT NOT NULL,"
    "  kind TEXT NOT NULL CHECK(kind IN ('agreement','mou','scheme','seasonal','free-movement','framework')),"
    "  name TEXT NOT NULL, a TEXT NOT NULL, b TEXT NOT NULL, year_from INTEGER, year_to INTEGER,"
    "  weight REAL, source TEXT NOT NULL, PRIMARY KEY(vintage_id, id));"
    "INSERT INTO institution SELECT * FROM institution_v5;"
    "DROP TABLE institution_v5;";

/* Version 7: state_year, the members of a state system by year (system 'cow': the Correlates
 * of War state list as the cow-states importer reads it, the COW code in code), so that exports
 * keep the states of a year and key them with the system's own codes (docs/exports.md,
 * "State systems"). A store imported before version 7 has the table empty until its COW list
 * is imported again into a new store. */
static const char MIGRATE_V7[] =
    "CREATE TABLE IF NOT EXISTS state_year("
    "  system TEXT NOT NULL, year INTEGER NOT NULL, iso3 TEXT NOT NULL, code INTEGER NOT NULL,"
    "  vintage_id INTEGER NOT NULL, PRIMARY KEY(system, year, iso3)) WITHOUT ROWID;";

/* Secondary indexes of the current version. */
static const char INDEXES[] =
    "CREATE INDEX IF NOT EXISTS agreement_a ON agreement(a);"
    "CREATE INDEX IF NOT EXISTS agreement_b ON agreement(b);";

migdip_status mg_store_db_error(sqlite3 *db, mg_err *err, const char *what)
{
    return mg_err_set(err, MIGDIP_ERR_DB, "store: %s: %s", what, sqlite3_errmsg(db));
}

migdip_status mg_store_exec(sqlite3 *db, const char *sql, mg_err *err)
{
    char *msg = NULL;
    if (sqlite3_exec(db, sql, NULL, NULL, &msg) != SQLITE_OK) {
        mg_err_set(err, MIGDIP_ERR_DB, "store: %s", msg ? msg : sqlite3_errmsg(db));
        sqlite3_free(msg);
        return MIGDIP_ERR_DB;
    }
    return MIGDIP_OK;
}

migdip_status mg_store_prepare(sqlite3 *db, const char *sql, sqlite3_stmt **st, mg_err *err)
{
    if (sqlite3_prepare_v2(db, sql, -1, st, NULL) != SQLITE_OK)
        return mg_store_db_error(db, err, "prepare");
    return MIGDIP_OK;
}

migdip_status mg_store_step_done(sqlite3 *db, sqlite3_stmt *st, mg_err *err)
{
    int rc = sqlite3_step(st);
    sqlite3_reset(st);
    sqlite3_clear_bindings(st);
    if (rc != SQLITE_DONE && rc != SQLITE_ROW) {
        if (rc == SQLITE_CONSTRAINT)
            return mg_err_set(err, MIGDIP_ERR_DUPLICATE, "store: %s", sqlite3_errmsg(db));
        return mg_store_db_error(db, err, "write");
    }
    return MIGDIP_OK;
}

migdip_status mg_store_stock_prepare(sqlite3 *db, const char *sql, const char *edition, sqlite3_stmt **st, mg_err *err)
{
    const char *from = edition
        ? "(SELECT * FROM stock WHERE vintage_id IN"
          " (SELECT id FROM vintage WHERE dataset='undesa-ims' AND edition=?99))"
        : "stock_pref";
    const char *at = strstr(sql, "%s");
    size_t head = at ? (size_t)(at - sql) : strlen(sql);
    size_t cap = strlen(sql) + strlen(from) + 1;
    char *q = malloc(cap);
    if (!q)
        return mg_err_set(err, MIGDIP_ERR_NOMEM, "out of memory");
    snprintf(q, cap, "%.*s%s%s", (int)head, sql, at ? from : "", at ? at + 2 : "");
    migdip_status rc = mg_store_prepare(db, q, st, err);
    free(q);
    if (!rc && edition)
        sqlite3_bind_text(*st, 99, edition, -1, SQLITE_TRANSIENT);
    return rc;
}

migdip_status mg_store_stock_years(sqlite3 *db, const char *edition, int *years, size_t cap, size_t *n, mg_err *err)
{
    /* Each vintage's years found by seeking the key (vintage_id, year, sex, ...) from one year
     * to the next: a scan of the stock rows (a million) took 40 ms, this takes well under 1. */
#define STOCK_YEARS_SQL(VINTAGES)                                                                  \
    "WITH RECURSIVE v(id) AS (" VINTAGES "),"                                                      \
    " y(id, year) AS (SELECT id, (SELECT min(year) FROM stock s WHERE s.vintage_id=v.id) FROM v"   \
    "  UNION ALL SELECT id, (SELECT min(year) FROM stock s WHERE s.vintage_id=y.id AND s.year>y.year)" \
    "  FROM y WHERE y.year IS NOT NULL)"                                                           \
    " SELECT DISTINCT year FROM y WHERE year IS NOT NULL AND EXISTS(SELECT 1 FROM stock s"         \
    "  WHERE s.vintage_id=y.id AND s.year=y.year AND s.sex='T') ORDER BY year"
    static const char given[] = STOCK_YEARS_SQL("SELECT id FROM vintage WHERE dataset='undesa-ims' AND edition=?1"),
                      preferred[] = STOCK_YEARS_SQL(
                          "SELECT id FROM vintage WHERE dataset='undesa-ims' AND edition=(SELECT v.edition FROM vintage v"
                          " WHERE v.dataset='undesa-ims' AND EXISTS(SELECT 1 FROM stock s WHERE s.vintage_id=v.id)"
                          " ORDER BY v.released DESC, v.id DESC LIMIT 1)");
#undef STOCK_YEARS_SQL
    sqlite3_stmt *st = NULL;
    migdip_status rc = mg_store_prepare(db, edition ? given : preferred, &st, err);
    if (rc)
        return rc;
    if (edition)
        sqlite3_bind_text(st, 1, edition, -1, SQLITE_TRANSIENT);
    *n = 0;
    int step;
    while ((step = sqlite3_step(st)) == SQLITE_ROW)
        if (*n < cap)
            years[(*n)++] = sqlite3_column_int(st, 0);
    if (step != SQLITE_DONE)
        rc = mg_store_db_error(db, err, "read");
    sqlite3_finalize(st);
    return rc;
}

migdip_status mg_store_stock_edition_check(sqlite3 *db, const char *edition, mg_err *err)
{
    if (!edition)
        return MIGDIP_OK;
    sqlite3_stmt *st = NULL;
    migdip_status rc = mg_store_prepare(db,
        "SELECT v.edition, max(v.edition=?1) FROM vintage v WHERE v.dataset='undesa-ims'"
        " AND EXISTS(SELECT 1 FROM stock s WHERE s.vintage_id=v.id) GROUP BY v.edition ORDER BY v.edition", &st, err);
    if (rc)
        return rc;
    sqlite3_bind_text(st, 1, edition, -1, SQLITE_STATIC);
    char have[160] = "";
    bool found = false;
    while (sqlite3_step(st) == SQLITE_ROW) {
        const char *e = (const char *)sqlite3_column_text(st, 0);
        found = found || sqlite3_column_int(st, 1);
        size_t len = strlen(have);
        snprintf(have + len, sizeof have - len, "%s%s", len ? ", " : "", e ? e : "");
    }
    sqlite3_finalize(st);
    if (found)
        return MIGDIP_OK;
    return mg_err_set(err, MIGDIP_ERR_NOTFOUND,
                      "UN DESA International Migrant Stock edition \"%s\" has no bilateral stocks in the store "
                      "(editions with bilateral stocks: %s)", edition, *have ? have : "none");
}

void mg_store_bind_value(sqlite3_stmt *st, int col, double value, int flag)
{
    if (flag == MIGDIP_FLAG_MISSING)
        sqlite3_bind_null(st, col);
    else
        sqlite3_bind_double(st, col, value);
}

static migdip_status migrate(sqlite3 *db, mg_err *err)
{
    sqlite3_stmt *st = NULL;
    migdip_status rc = mg_store_prepare(db, "PRAGMA user_version", &st, err);
    if (rc)
        return rc;
    int version = sqlite3_step(st) == SQLITE_ROW ? sqlite3_column_int(st, 0) : 0;
    sqlite3_finalize(st);
    if (version == MG_STORE_SCHEMA_VERSION)
        return MIGDIP_OK;
    if (version > MG_STORE_SCHEMA_VERSION)
        return mg_err_set(err, MIGDIP_ERR_SCHEMA,
                          "store: schema version %d is newer than this migdip understands (%d)",
                          version, MG_STORE_SCHEMA_VERSION);
    if ((rc = mg_store_exec(db, "BEGIN", err)))
        return rc;
    /* a new store is built as version 1 and migrated like an old one, so every migration
     * runs on every fresh store */
    if ((version < 1 && (rc = mg_store_exec(db, SCHEMA_V1, err))) || (version < 2 && (rc = mg_store_exec(db, MIGRATE_V2, err))) ||
        (version < 3 && (rc = mg_store_exec(db, MIGRATE_V3, err))) ||
        (version < 4 && (rc = mg_store_exec(db, MIGRATE_V4, err))) ||
        (version < 5 && (rc = mg_store_exec(db, MIGRATE_V5, err))) ||
        (version < 6 && (rc = mg_store_exec(db, MIGRATE_V6, err))) ||
        (version < 7 && (rc = mg_store_exec(db, MIGRATE_V7, err))) ||
        (rc = mg_store_exec(db, INDEXES, err)))
        goto fail;
    char sql[64];
    snprintf(sql, sizeof sql, "PRAGMA user_version=%d", MG_STORE_SCHEMA_VERSION);
    if ((rc = mg_store_exec(db, sql, err)))
        goto fail;
    return mg_store_exec(db, "COMMIT", err);
fail:
    sqlite3_exec(db, "ROLLBACK", NULL, NULL, NULL);
    return rc;
}

/* SQLite counts every allocation under a global mutex unless told not to (about 7% of an
 * import). It can only be told before it is initialised; if the program embedding migdip has
 * initialised it already, the call fails and nothing changes. */
static void sqlite_configure(void) { sqlite3_config(SQLITE_CONFIG_MEMSTATUS, 0); }

migdip_status mg_store_open(const char *path, sqlite3 **out, mg_err *err)
{
    static pthread_once_t configured = PTHREAD_ONCE_INIT;
    pthread_once(&configured, sqlite_configure);
    sqlite3 *db = NULL;
    *out = NULL;
    /* one context is used by one thread at a time (docs/store.md): no per-call mutexes */
    if (sqlite3_open_v2(path, &db, SQLITE_OPEN_READWRITE | SQLITE_OPEN_CREATE | SQLITE_OPEN_NOMUTEX, NULL) != SQLITE_OK) {
        mg_err_set(err, MIGDIP_ERR_IO, "%s: cannot open store: %s", path,
                   db ? sqlite3_errmsg(db) : "out of memory");
        sqlite3_close(db);
        return MIGDIP_ERR_IO;
    }
    sqlite3_busy_timeout(db, MG_STORE_BUSY_MS);
    migdip_status rc = mg_store_exec(db, "PRAGMA journal_mode=WAL; PRAGMA synchronous=NORMAL;"
                                      "PRAGMA foreign_keys=ON; PRAGMA temp_store=MEMORY; PRAGMA cache_size=-65536;", err);
    if (!rc)
        rc = migrate(db, err);
    if (rc) {
        mg_err_prefix(err, "%s", path);
        sqlite3_close(db);
        return rc;
    }
    *out = db;
    return MIGDIP_OK;
}

void mg_store_close(sqlite3 *db)
{
    if (db)
        sqlite3_close(db);
}

migdip_status mg_store_cached(mg_store_stmts *c, sqlite3 *db, const char *sql, sqlite3_stmt **st, mg_err *err)
{
    size_t i = 0;
    while (c && i < c->n && c->v[i].sql != sql)
        i++;
    if (c && i < c->n && !c->v[i].busy) {
        c->v[i].busy = 1;
        *st = c->v[i].st;
        return MIGDIP_OK;
    }
    migdip_status rc = mg_store_prepare(db, sql, st, err);
    if (!rc && c && i == c->n && c->n < MG_STORE_STMTS_MAX) {
        c->v[c->n].sql = sql;
        c->v[c->n].st = *st;
        c->v[c->n++].busy = 1;
    }
    return rc;
}

void mg_store_uncache(mg_store_stmts *c, sqlite3_stmt *st)
{
    for (size_t i = 0; c && st && i < c->n; i++)
        if (c->v[i].st == st) {
            sqlite3_reset(st);
            sqlite3_clear_bindings(st);
            c->v[i].busy = 0;
            return;
        }
    sqlite3_finalize(st);
}

void mg_store_stmts_free(mg_store_stmts *c)
{
    for (size_t i = 0; c && i < c->n; i++)
        sqlite3_finalize(c->v[i].st);
    if (c)
        c->n = 0;
}

migdip_status mg_store_vintage_find(mg_store_stmts *c, sqlite3 *db, const char *sha256, int64_t *id, mg_err *err)
{
    static const char SQL[] = "SELECT id FROM vintage WHERE sha256=?";
    sqlite3_stmt *st = NULL;
    migdip_status rc = mg_store_cached(c, db, SQL, &st, err);
    if (rc)
        return rc;
    sqlite3_bind_text(st, 1, sha256, -1, SQLITE_STATIC);
    *id = sqlite3_step(st) == SQLITE_ROW ? sqlite3_column_int64(st, 0) : 0;
    mg_store_uncache(c, st);
    return MIGDIP_OK;
}

static void bind_opt(sqlite3_stmt *st, int col, const char *s)
{
    if (s)
        sqlite3_bind_text(st, col, s, -1, SQLITE_TRANSIENT);
    else
        sqlite3_bind_null(st, col);
}

migdip_status mg_store_vintage_add(mg_store_stmts *c, sqlite3 *db, const mg_store_vintage *v, int64_t *id, mg_err *err)
{
    static const char SQL[] =
        "INSERT INTO vintage(dataset,source,edition,released,file,sha256,bytes,importer,imported_at,citation)"
        " VALUES(?,?,?,?,?,?,?,?,?,?)";
    sqlite3_stmt *st = NULL;
    migdip_status rc = mg_store_cached(c, db, SQL, &st, err);
    if (rc)
        return rc;
    char now[32];
    time_t t = time(NULL);
    struct tm tmv;
    gmtime_r(&t, &tmv);
    strftime(now, sizeof now, "%Y-%m-%dT%H:%M:%SZ", &tmv);
    bind_opt(st, 1, v->dataset ? v->dataset : "unknown");
    bind_opt(st, 2, v->source ? v->source : "unknown");
    bind_opt(st, 3, v->edition ? v->edition : "unknown");
    bind_opt(st, 4, v->released ? v->released : "0000-00-00");
    bind_opt(st, 5, v->file);
    bind_opt(st, 6, v->sha256);
    sqlite3_bind_int64(st, 7, v->bytes);
    bind_opt(st, 8, v->importer);
    bind_opt(st, 9, now);
    bind_opt(st, 10, v->citation);
    rc = mg_store_step_done(db, st, err);
    mg_store_uncache(c, st);
    if (!rc)
        *id = sqlite3_last_insert_rowid(db);
    return rc;
}

migdip_status mg_store_vintage_update(mg_store_stmts *c, sqlite3 *db, int64_t id, const mg_store_vintage *v, long rows,
                                      mg_err *err)
{
    static const char SQL[] =
        "UPDATE vintage SET dataset=coalesce(?1,dataset), source=coalesce(?2,source),"
        " edition=coalesce(?3,edition), released=coalesce(?4,released),"
        " citation=coalesce(?5,citation), rows=?6 WHERE id=?7";
    sqlite3_stmt *st = NULL;
    migdip_status rc = mg_store_cached(c, db, SQL, &st, err);
    if (rc)
        return rc;
    bind_opt(st, 1, v->dataset);
    bind_opt(st, 2, v->source);
    bind_opt(st, 3, v->edition);
    bind_opt(st, 4, v->released);
    bind_opt(st, 5, v->citation);
    sqlite3_bind_int64(st, 6, rows);
    sqlite3_bind_int64(st, 7, id);
    rc = mg_store_step_done(db, st, err);
    mg_store_uncache(c, st);
    return rc;
}

/* ---- coverage */

/* One step per value table, all keyed by vintage: the series names and counts `sources` has
 * always shown. Countries are the distinct keys (destinations for stocks, hosts for
 * protection, receivers for remittances, first parties for agreements, origins for
 * distances); values are the rows with a value (flag not 0), gaps the explicit missing rows
 * (flag 0); for agreements and distances, every row and the rows without a year or distance. */
static const char *const COVERAGE_STEPS[] = {
    "SELECT vintage_id, code, count(DISTINCT iso3), min(year), max(year), count(DISTINCT year),"
    "  sum(flag<>0), sum(flag=0) FROM series WHERE vintage_id IN (SELECT id FROM temp.coverage_todo)"
    "  GROUP BY vintage_id, code",
    "SELECT vintage_id, 'stock ('||sex||')', count(DISTINCT dest), min(year), max(year),"
    "  count(DISTINCT year), sum(flag<>0), sum(flag=0) FROM stock"
    "  WHERE vintage_id IN (SELECT id FROM temp.coverage_todo) GROUP BY vintage_id, sex",
    "SELECT vintage_id, 'stock_total ('||sex||')', count(DISTINCT iso3), min(year), max(year),"
    "  count(DISTINCT year), sum(flag<>0), sum(flag=0) FROM stock_total"
    "  WHERE vintage_id IN (SELECT id FROM temp.coverage_todo) GROUP BY vintage_id, sex",
    "SELECT vintage_id, 'emigrant_total ('||sex||')', count(DISTINCT iso3), min(year), max(year),"
    "  count(DISTINCT year), sum(flag<>0), sum(flag=0) FROM emigrant_total"
    "  WHERE vintage_id IN (SELECT id FROM temp.coverage_todo) GROUP BY vintage_id, sex",
    "SELECT vintage_id, 'remittances', count(DISTINCT receiver), min(year), max(year),"
    "  count(DISTINCT year), sum(flag<>0), sum(flag=0) FROM remit"
    "  WHERE vintage_id IN (SELECT id FROM temp.coverage_todo) GROUP BY vintage_id",
    "SELECT vintage_id, 'protection.'||kind, count(DISTINCT dest), min(year), max(year),"
    "  count(DISTINCT year), sum(flag<>0), sum(flag=0) FROM protection"
    "  WHERE vintage_id IN (SELECT id FROM temp.coverage_todo) GROUP BY vintage_id, kind",
    "SELECT vintage_id, 'igo_member', count(DISTINCT iso3), min(year), max(year),"
    "  count(DISTINCT year), sum(flag<>0), sum(flag=0) FROM igo_member"
    "  WHERE vintage_id IN (SELECT id FROM temp.coverage_todo) GROUP BY vintage_id",
    "SELECT vintage_id, 'flow.'||measure, count(DISTINCT dest),"
    "  min(CAST(substr(period_from,1,4) AS INTEGER)), max(CAST(substr(period_from,1,4) AS INTEGER)),"
    "  count(DISTINCT substr(period_from,1,4)), sum(flag<>0), sum(flag=0) FROM flow"
    "  WHERE vintage_id IN (SELECT id FROM temp.coverage_todo) GROUP BY vintage_id, measure",
    "SELECT vintage_id, 'agreements', count(DISTINCT a), min(year), max(year), count(DISTINCT year),"
    "  count(*), sum(year IS NULL) FROM agreement"
    "  WHERE vintage_id IN (SELECT id FROM temp.coverage_todo) GROUP BY vintage_id",
    "SELECT vintage_id, 'distances', count(DISTINCT iso_o), NULL, NULL, 0, count(*),"
    "  sum(dist IS NULL) FROM dist WHERE vintage_id IN (SELECT id FROM temp.coverage_todo)"
    "  GROUP BY vintage_id",
    NULL};

migdip_status mg_store_coverage_fill(sqlite3 *db, const char *vintages_sql, mg_err *err)
{
    char todo[512];
    int n = snprintf(todo, sizeof todo, "INSERT INTO temp.coverage_todo %s",
                     vintages_sql ? vintages_sql : "SELECT id FROM vintage");
    if (n < 0 || (size_t)n >= sizeof todo)
        return mg_err_set(err, MIGDIP_ERR_USAGE, "store: coverage: selection too long");
    migdip_status rc;
    if ((rc = mg_store_exec(db, "CREATE TEMP TABLE IF NOT EXISTS coverage_todo(id INTEGER PRIMARY KEY);"
                                "DELETE FROM temp.coverage_todo", err)) ||
        (rc = mg_store_exec(db, todo, err)) ||
        (rc = mg_store_exec(db, "DELETE FROM coverage WHERE vintage_id IN (SELECT id FROM temp.coverage_todo)"
                                " OR vintage_id NOT IN (SELECT id FROM vintage)", err)))
        return rc;
    for (size_t i = 0; COVERAGE_STEPS[i] && !rc; i++) {
        char sql[1024];
        snprintf(sql, sizeof sql,
                 "INSERT OR REPLACE INTO coverage(vintage_id,series,countries,year_min,year_max,years,"
                 "n_values,n_missing) %s", COVERAGE_STEPS[i]);
        rc = mg_store_exec(db, sql, err);
    }
    if (!rc)
        rc = mg_store_exec(db, "DELETE FROM temp.coverage_todo;"
                               "INSERT OR REPLACE INTO meta(key, value) VALUES('coverage', 'kept')", err);
    return rc;
}

migdip_status mg_store_coverage_complete(sqlite3 *db, bool *complete, mg_err *err)
{
    sqlite3_stmt *st = NULL;
    migdip_status rc = mg_store_prepare(db, "SELECT 1 FROM meta WHERE key='coverage'", &st, err);
    if (rc)
        return rc;
    *complete = sqlite3_step(st) == SQLITE_ROW;
    sqlite3_finalize(st);
    return MIGDIP_OK;
}
