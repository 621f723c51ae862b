/* store.h - the embedded SQLite store: schema (versioned with PRAGMA user_version),
 * transactions, vintages (one row per imported file, keyed by sha256) and small helpers
 * for prepared statements. Table layouts are documented in docs/store.md. */
#ifndef MG_STORE_H
#define MG_STORE_H

#include <sqlite3.h>
#include <stdbool.h>
#include <stdint.h>
#include "util/err.h"

#define MG_STORE_SCHEMA_VERSION 7

/* How long a statement waits for a lock another connection holds (a checkpoint, a writer
 * starting), in milliseconds: readers never wait for an import (WAL, docs/store.md). */
#define MG_STORE_BUSY_MS 5000

/* Open or create the store and migrate it to MG_STORE_SCHEMA_VERSION. */
migdip_status mg_store_open(const char *path, sqlite3 **out, mg_err *err);
void mg_store_close(sqlite3 *db);

migdip_status mg_store_exec(sqlite3 *db, const char *sql, mg_err *err);
migdip_status mg_store_prepare(sqlite3 *db, const char *sql, sqlite3_stmt **st, mg_err *err);
/* Step a write statement to completion and reset it (bindings are cleared). */
migdip_status mg_store_step_done(sqlite3 *db, sqlite3_stmt *st, mg_err *err);
migdip_status mg_store_db_error(sqlite3 *db, mg_err *err, const char *what);

/* Statements kept prepared between calls on one connection (migdip_ctx.stmts: one per
 * context, as the connection): the SQL of each is a string literal, looked up by its address.
 * mg_store_cached hands out the statement of sql (prepared the first time; a second one is
 * prepared, uncached, while the first is in use or the cache is full); mg_store_uncache gives
 * it back reset with its bindings cleared (one not from the cache is finalized);
 * mg_store_stmts_free finalizes them all, before the connection closes. With c NULL every
 * statement is prepared and finalized. Preparing is a tenth of the time of a small import. */
#define MG_STORE_STMTS_MAX 16
typedef struct mg_store_stmts {
    struct {
        const char *sql;
        sqlite3_stmt *st;
        int busy;
    } v[MG_STORE_STMTS_MAX];
    size_t n;
} mg_store_stmts;
migdip_status mg_store_cached(mg_store_stmts *c, sqlite3 *db, const char *sql, sqlite3_stmt **st, mg_err *err);
void mg_store_uncache(mg_store_stmts *c, sqlite3_stmt *st);
void mg_store_stmts_free(mg_store_stmts *c);

/* Bind a value that may be missing: flag MIGDIP_FLAG_MISSING binds NULL. */
void mg_store_bind_value(sqlite3_stmt *st, int col, double value, int flag);

/* The UN DESA bilateral stocks of one edition, for queries that read them: a FROM item that is
 * the view stock_pref (the newest edition holding bilateral stocks) when edition is NULL, else
 * a subquery on that edition's rows with the parameter ?99, which mg_store_stock_prepare binds
 * (numbered: a named one placed before the caller's ?1 would take index 1). sql holds one "%s"
 * where the FROM item goes, and numbers its own parameters ?1, ?2, ... below 99. */
migdip_status mg_store_stock_prepare(sqlite3 *db, const char *sql, const char *edition, sqlite3_stmt **st, mg_err *err);
/* The years (ascending, at most cap) for which the edition (the preferred one when NULL) holds
 * bilateral stocks of both sexes together. */
migdip_status mg_store_stock_years(sqlite3 *db, const char *edition, int *years, size_t cap, size_t *n, mg_err *err);
/* MIGDIP_OK if edition is NULL or an edition of dataset undesa-ims with bilateral stocks in the
 * store; else MIGDIP_ERR_NOTFOUND naming the editions there are. */
migdip_status mg_store_stock_edition_check(sqlite3 *db, const char *edition, mg_err *err);

/* Id of the vintage with this sha256 (0 if none). */
migdip_status mg_store_vintage_find(mg_store_stmts *c, sqlite3 *db, const char *sha256, int64_t *id, mg_err *err);

typedef struct mg_store_vintage {
    const char *dataset;  /* machine key: "undesa-ims", "wdi", ... */
    const char *source;   /* human title */
    const char *edition;  /* "2020", "2026-07-01" */
    const char *released; /* ISO date used to order editions of one dataset */
    const char *file;     /* path relative to the data directory */
    const char *sha256;
    const char *importer;
    const char *citation;
    long bytes;
} mg_store_vintage;

/* Insert a vintage row (rows = 0) and return its id. c: the statement cache (may be NULL). */
migdip_status mg_store_vintage_add(mg_store_stmts *c, sqlite3 *db, const mg_store_vintage *v, int64_t *id, mg_err *err);
/* Fill in what the importer learnt while reading (NULL fields are left as they are). */
migdip_status mg_store_vintage_update(mg_store_stmts *c, sqlite3 *db, int64_t id, const mg_store_vintage *v, long rows, mg_err *err);

/* Coverage kept with the vintage (table coverage, docs/store.md): recompute the rows of the
 * vintages whose ids the SELECT `vintages_sql` returns (one per series: countries, years,
 * values, explicit gaps), from every value table, and drop the rows of vintages that are gone.
 * NULL recomputes every vintage. Marks the store as complete (meta key 'coverage'). Call it
 * inside a transaction. */
migdip_status mg_store_coverage_fill(sqlite3 *db, const char *vintages_sql, mg_err *err);
/* Whether every vintage has its coverage rows (a store imported before coverage was kept
 * at import has not). */
migdip_status mg_store_coverage_complete(sqlite3 *db, bool *complete, mg_err *err);

#endif
