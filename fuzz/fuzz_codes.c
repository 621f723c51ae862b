/* fuzz_codes.c - libFuzzer target for the crosswalk importers (imp_codes_*.c): the input is
 * written to a file in a fresh temporary directory and imported through the public API into a
 * fresh store, then imported from memory into another (fuzz_memory_agrees: both must end the
 * same way). Errors are fine; crashes, sanitizer reports and leaks are not. Built with
 * -DMG_FUZZ_STANDALONE it replays the files named on its command line, or, with none, a
 * set of built-in inputs and their truncations and byte flips. */
#include <stdint.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <unistd.h>

#include "fuzz_import.h"

static void remove_tree(const char *dir, const char *file)
{
    char p[512];
    static const char *const extra[] = {"migdip.db", "migdip.db-wal", "migdip.db-shm", "migdip.db-journal",
                                        "memory.db", "memory.db-wal", "memory.db-shm", "memory.db-journal"};
    snprintf(p, sizeof p, "%s/%s", dir, file);
    unlink(p);
    for (size_t i = 0; i < sizeof extra / sizeof *extra; i++) {
        snprintf(p, sizeof p, "%s/%s", dir, extra[i]);
        unlink(p);
    }
    rmdir(dir);
}

int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size);
int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size)
{
    char dir[] = "/tmp/migdip-fuzz-XXXXXX";
    if (!mkdtemp(dir))
        return 0;
    char file[512], db[512];
    snprintf(file, sizeof file, "%s/input", dir);
    snprintf(db, sizeof db, "%s/migdip.db", dir);
    FILE *f = fopen(file, "wb");
    if (!f) {
        remove_tree(dir, "input");
        return 0;
    }
    if (size)
        fwrite(data, 1, size, f);
    fclose(f);
    migdip_ctx *ctx = NULL;
    if (migdip_ctx_open(db, &ctx) == MIGDIP_OK) {
        const char *files[] = {file};
        migdip_import_opts o = {.files = files, .n_files = 1};
        migdip_import_report *rep = NULL;
        migdip_status st = migdip_import_run(ctx, &o, &rep);
        if (st != MIGDIP_OK && migdip_ctx_errmsg(ctx)[0] == '\0')
            abort(); /* every failure must explain itself */
        static const fuzz_target CODES = {.file_name = "input"};
        fuzz_memory_agrees(&CODES, dir, file, data, size, st, rep);
        migdip_import_report_free(rep);
    }
    migdip_ctx_close(ctx);
    remove_tree(dir, "input");
    return 0;
}

#ifdef MG_FUZZ_STANDALONE
static const char *const SEEDS[] = {
    /* (parentheses: one seed over several lines, not several seeds) */
    ("ar5,continent,country.name.en,cow.name,cowc,cown,eu28,gwn,iso.name.en,iso2c,iso3c,p4.name,region,un,"
     "un.name.en,un.region.name,un.regionsub.name,vdem.name,wb\n"
     "ASIA,Asia,Nepal,Nepal,NEP,790,,790,Nepal,NP,NPL,Nepal,South Asia,524,Nepal,Asia,Southern Asia,Nepal,NPL\n"
     ",Europe,Yugoslavia,Yugoslavia,YUG,345,,345,,,,Yugoslavia,Europe & Central Asia,,,,,,\n"
     ",Europe,Kosovo,Kosovo,KOS,347,,347,,,,Kosovo,Europe & Central Asia,,,,,Kosovo,XKX\n"),
    "country,cowc,cown,cow.name,year\nYugoslavia,YUG,345,Yugoslavia,1990\nNepal,NEP,790,Nepal,2000\n",
    "country,continent,eu28,region23\nNepal,Asia,\"\",Southern Asia\nFrance,Europe,EU,Western Europe\n",
    ("name,alpha-2,alpha-3,country-code,iso_3166-2,region,sub-region\n"
     "Afghanistan,AF,AFG,004,ISO 3166-2:AF,Asia,Southern Asia\nNamibia,NA,NAM,516,x,Africa,y\n"),
    "PK\x03\x04 not really a zip",
};

static int replay(const char *path)
{
    FILE *f = fopen(path, "rb");
    if (!f) {
        perror(path);
        return 1;
    }
    size_t cap = 1 << 16, n = 0;
    uint8_t *buf = malloc(cap);
    size_t k;
    while (buf && (k = fread(buf + n, 1, cap - n, f)) > 0) {
        n += k;
        if (n == cap) {
            uint8_t *b = realloc(buf, cap *= 2);
            if (!b) {
                free(buf);
                buf = NULL;
            }
            buf = b;
        }
    }
    fclose(f);
    if (!buf)
        return 1;
    LLVMFuzzerTestOneInput(buf, n);
    free(buf);
    return 0;
}

int main(int argc, char **argv)
{
    if (argc > 1) {
        for (int i = 1; i < argc; i++)
            if (replay(argv[i]))
                return 1;
        return 0;
    }
    /* no arguments: the seeds, every truncation at a few points, and byte flips */
    size_t runs = 0;
    for (size_t s = 0; s < sizeof SEEDS / sizeof *SEEDS; s++) {
        size_t len = strlen(SEEDS[s]);
        uint8_t *buf = malloc(len + 1);
        if (!buf)
            return 1;
        memcpy(buf, SEEDS[s], len);
        LLVMFuzzerTestOneInput(buf, len), runs++;
        for (size_t cut = 1; cut < len; cut += len / 7 + 1)
            LLVMFuzzerTestOneInput(buf, cut), runs++;
        static const uint8_t flips[] = {',', '"', '\n', '\0', '9', 'x', 0xC3};
        for (size_t i = 0; i < sizeof flips; i++) {
            size_t at = (i * 37 + s * 11) % len;
            uint8_t old = buf[at];
            buf[at] = flips[i];
            LLVMFuzzerTestOneInput(buf, len), runs++;
            buf[at] = old;
        }
        free(buf);
    }
    printf("fuzz_codes: %zu inputs replayed\n", runs);
    return 0;
}
#endif
