/* no_store_shim.c - a measuring device, not part of migdip: preloaded into `migdip import`
 * (LD_PRELOAD), it turns every INSERT into the value tables into a no-op, so that the import
 * still reads, maps and checks every file and writes vintages, crosswalks and reports, but
 * stores no value. bench/import.sh uses it to show what the import costs without the store. */
#define _GNU_SOURCE
#include <dlfcn.h>
#include <sqlite3.h>
#include <stdbool.h>
#include <string.h>

static bool writes_values(const char *sql)
{
    static const char *const TABLES[] = {"INTO stock(", "INTO stock_total(", "INTO remit(", "INTO series(",
                                         "INTO aggregate_series(", "INTO dist(", "INTO agreement_provision("};
    if (!sql || strncmp(sql, "INSERT", 6) != 0)
        return false;
    for (size_t i = 0; i < sizeof TABLES / sizeof *TABLES; i++)
        if (strstr(sql, TABLES[i]))
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
