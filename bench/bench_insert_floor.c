/* bench_insert_floor.c - the floor of the store design: how long SQLite takes to write N values
 * as rows of the stock table (the store's own schema and settings, one transaction, rows in
 * key order, nothing parsed), the same number of values a full reference import stores.
 * No importer can write its rows faster than this. Median of --runs runs, each into a fresh
 * store. usage: bench_insert_floor [--rows N] [--runs R] [--dir DIR] */
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <time.h>
#include <unistd.h>

#include "bench.h"

#include "store/store.h"

/* Write n stock rows in key order (vintage, year, sex, orig, dest); returns seconds. */
static double one_run(const char *path, long n)
{
    mg_err err = {0};
    sqlite3 *db = NULL;
    if (mg_store_open(path, &db, &err) || mg_store_exec(db, "PRAGMA journal_mode=DELETE; BEGIN IMMEDIATE;", &err) ||
        mg_store_exec(db, "INSERT INTO vintage(id,dataset,source,edition,released,file,sha256,importer,imported_at)"
                       " VALUES(1,'bench','bench','1','1','-','-','bench','-')", &err)) {
        fprintf(stderr, "bench_insert_floor: %s\n", err.msg);
        exit(1);
    }
    sqlite3_stmt *st = NULL;
    if (mg_store_prepare(db, "INSERT INTO stock(vintage_id,orig,dest,year,sex,value,flag) VALUES(1,?,?,?,?,?,1)", &st,
                      &err)) {
        fprintf(stderr, "bench_insert_floor: %s\n", err.msg);
        exit(1);
    }
    static const char SEX[] = "FMT";
    double t0 = bench_now();
    /* 250 x 250 countries, 3 sexes, as many years as n needs */
    for (long i = 0; i < n; i++) {
        long pair = i % 62500, k = i / 62500;
        char orig[4] = {(char)('A' + pair / 250 / 26), (char)('A' + pair / 250 % 26), 'X', 0};
        char dest[4] = {(char)('A' + pair % 250 / 26), (char)('A' + pair % 250 % 26), 'Y', 0};
        char sex[2] = {SEX[k % 3], 0};
        sqlite3_bind_text(st, 1, orig, 3, SQLITE_STATIC);
        sqlite3_bind_text(st, 2, dest, 3, SQLITE_STATIC);
        sqlite3_bind_int(st, 3, 1900 + (int)(k / 3));
        sqlite3_bind_text(st, 4, sex, 1, SQLITE_STATIC);
        sqlite3_bind_double(st, 5, (double)i);
        if (mg_store_step_done(db, st, &err)) {
            fprintf(stderr, "bench_insert_floor: %s\n", err.msg);
            exit(1);
        }
    }
    sqlite3_finalize(st);
    if (mg_store_exec(db, "COMMIT", &err)) {
        fprintf(stderr, "bench_insert_floor: %s\n", err.msg);
        exit(1);
    }
    double t = bench_now() - t0;
    mg_store_close(db);
    return t;
}

int main(int argc, char **argv)
{
    long rows = 1231343;
    int runs = 3;
    const char *dir = "/tmp";
    for (int i = 1; i + 1 < argc; i += 2) {
        if (!strcmp(argv[i], "--rows"))
            rows = atol(argv[i + 1]);
        else if (!strcmp(argv[i], "--runs"))
            runs = atoi(argv[i + 1]);
        else if (!strcmp(argv[i], "--dir"))
            dir = argv[i + 1];
    }
    if (rows < 1 || runs < 1 || runs > 99) {
        fprintf(stderr, "usage: bench_insert_floor [--rows N] [--runs R] [--dir DIR]\n");
        return 2;
    }
    double t[99];
    char path[4096];
    snprintf(path, sizeof path, "%s/bench_insert_floor.%ld.db", dir, (long)getpid());
    for (int r = 0; r < runs; r++) {
        unlink(path);
        t[r] = one_run(path, rows);
    }
    unlink(path);
    double med = bench_median(t, runs);
    printf("%ld stock rows in key order, one transaction: median %.3f s (%.2f us a row, %d runs)\n", rows, med,
           med / (double)rows * 1e6, runs);
    return 0;
}
