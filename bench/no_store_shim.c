/* no_store_shim.c - a measuring device, not part of migdip: preloaded into `migdip import`
 * (LD_PRELOAD), it turns every INSERT into the value tables into a no-op, so that the import
 * still reads, maps and checks every file and writes vintages, crosswalks and reports, but
 * stores no value. bench/import.sh uses it to show what the import costs without the store. */
#define _GNU_SOURCE
#include <dlfcn.h>
#include <sqlite3.h>
#include <stdbool.h>
#include <string.h>

/* "INSERT [OR ...] INTO <table>(": the table named after the first INTO */
static bool writes_values(const char *sql)
{
    static const char *const TABLES[] = {"stock(", "stock_total(", "remit(", "series(", "aggregate_series(",
                                         "dist(", "agreement_provision("};
    if (!sql || strncmp(sql, "INSERT", 6) != 0)
        return false;
    const char *into = strstr(sql, "INTO ");
    if (!into)
        return false;
    into += 5;
    for (size_t i = 0; i < sizeof TABLES / sizeof *TABLES; i++)
        if (strncmp(into, TABLES[i], strlen(TABLES[i])) == 0)
            return true;
    return false;
}

int sqlite3_step(sqlite3_stmt *st)
{
    static int (*real_step)(sqlite3_stmt *);
    if (!real_step)
        *(void **)&real_step = dlsym(RTLD_NEXT, "sqlite3_step");
    return writes_values(sqlite3_sql(st)) ? SQLITE_DONE : real_step(st);
}
