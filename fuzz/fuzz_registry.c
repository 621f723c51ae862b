/* fuzz_registry.c - fuzz target for the registry importers: the input is written to a file
 * and imported through the public API into a fresh store that already knows a few countries
 * and blocs, so that every layout's row code runs; then imported from memory, as the built-in
 * registry is, into another such store (fuzz_memory_agrees: both must end the same way).
 * Errors are fine; crashes and leaks are not.
 * Built by CMake as a replay tool (MG_FUZZ_STANDALONE: replays the files named on the command
 * line, or with none runs mutations of built-in seeds); with clang:
 *   clang -fsanitize=fuzzer,address ... fuzz/fuzz_registry.c libmigdipcore.a */
#include <sqlite3.h>
#include <stdint.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <unistd.h>

#include "fuzz_import.h"

static const char SEED_SQL[] =
    "INSERT OR IGNORE INTO country(iso3,name,kind) VALUES('NPL','Nepal','country'),"
    "('QAT','Qatar','country'),('ARE','United Arab Emirates','country'),('MYS','Malaysia','country'),"
    "('NZL','New Zealand','country'),('TON','Tonga','country'),('GBR','United Kingdom','country');"
    "INSERT OR IGNORE INTO bloc(name,title,kind,source) VALUES('GCC','Gulf Cooperation Council',"
    "'regional-organisation','GCC Charter'),('PACIFIC-RSE','RSE states','scheme','INZ');";

static int write_file(const char *path, const uint8_t *data, size_t size)
{
    FILE *f = fopen(path, "wb");
    if (!f)
        return -1;
    size_t n = size ? fwrite(data, 1, size, f) : 0;
    int bad = fclose(f) != 0 || n != size;
    return bad ? -1 : 0;
}

int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size);

int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size)
{
    /* a memory file system when there is one: a store is created per input */
    char dir[64];
    snprintf(dir, sizeof dir, "%s/migdip-fuzz-XXXXXX", access("/dev/shm", W_OK) == 0 ? "/dev/shm" : "/tmp");
    if (!mkdtemp(dir))
        return 0;
    char input[96], db_path[96], wal[112], shm[112], mem[4][112];
    snprintf(input, sizeof input, "%s/input.csv", dir);
    snprintf(db_path, sizeof db_path, "%s/fuzz.db", dir);
    snprintf(wal, sizeof wal, "%s-wal", db_path);
    snprintf(shm, sizeof shm, "%s-shm", db_path);
    static const char *const MEM_FILES[] = {"memory.db", "memory.db-wal", "memory.db-shm", "memory.db-journal"};
    for (size_t i = 0; i < 4; i++)
        snprintf(mem[i], sizeof mem[i], "%s/%s", dir, MEM_FILES[i]);
    migdip_ctx *ctx = NULL;
    if (write_file(input, data, size) == 0 && migdip_ctx_open(db_path, &ctx) == MIGDIP_OK) {
        sqlite3 *db = NULL;
        if (sqlite3_open(db_path, &db) == SQLITE_OK)
            sqlite3_exec(db, SEED_SQL, NULL, NULL, NULL);
        sqlite3_close(db);
        const char *files[1] = {input};
        migdip_import_opts o = {.files = files, .n_files = 1};
        migdip_import_report *rep = NULL;
        migdip_status st = migdip_import_run(ctx, &o, &rep);
        static const fuzz_target REGISTRY = {.file_name = "input.csv", .seed_sql = SEED_SQL};
        fuzz_memory_agrees(&REGISTRY, dir, input, data, size, st, rep);
        if (st == MIGDIP_OK) {
            /* a second import of the same bytes must be a no-op */
            migdip_import_report_free(rep);
            rep = NULL;
            if (migdip_import_run(ctx, &o, &rep) == MIGDIP_OK && rep->rows != 0)
                abort();
        }
        migdip_import_report_free(rep);
    }
    migdip_ctx_close(ctx);
    unlink(input);
    unlink(db_path);
    unlink(wal);
    unlink(shm);
    for (size_t i = 0; i < 4; i++)
        unlink(mem[i]);
    rmdir(dir);
    return 0;
}

#ifdef MG_FUZZ_STANDALONE
static const char *const SEEDS[] = {
    "bloc,title,kind,source\nGCC,Gulf Cooperation Council,regional-organisation,\"Charter, 1981\"\n"
    "EU,European Union,regional-organisation,EU\n",
    "bloc,iso3,year_from,year_to,role,source\nGCC,QAT,1981,,member,Charter\nGCC,ARE,1981,,,Charter\n"
    "PACIFIC-RSE,TON,2007,,sender,INZ\nEU,GBR,1973,2020,member,EU\n",
    "id,kind,name,a,b,year_from,year_to,weight,source\nNZL-RSE,scheme,RSE,NZL,PACIFIC-RSE,2007,,0.9,INZ\n"
    "NPL-QAT-2005,agreement,Manpower,NPL,QAT,2005,,,seed 001\nGCC-CM,framework,Common market,GCC,GCC,2008,,,GCC\n"
    "NPL-ARE-2007,mou,MoU,NPL,ARE,2007,2019,0.4,Republica\n",
};

/* Deterministic xorshift, so that a failing built-in run can be reproduced. */
static uint32_t next_rand(uint32_t *s)
{
    uint32_t x = *s;
    x ^= x << 13;
    x ^= x >> 17;
    x ^= x << 5;
    return *s = x;
}

static void run_mutations(void)
{
    static const char ALPHABET[] = ",\"\n\r x0-9.GCCQATNPL\xEF\xBB\xBF\xff";
    uint32_t seed = 0x2545F491u;
    size_t runs = 0;
    for (size_t s = 0; s < sizeof SEEDS / sizeof *SEEDS; s++) {
        size_t len = strlen(SEEDS[s]);
        size_t cap = len * 2 + 16;
        uint8_t *buf = malloc(cap);
        if (!buf)
            return;
        LLVMFuzzerTestOneInput((const uint8_t *)SEEDS[s], len);
        runs++;
        for (int m = 0; m < 60; m++) {
            memcpy(buf, SEEDS[s], len);
            size_t n = len;
            int edits = 1 + (int)(next_rand(&seed) % 4);
            for (int e = 0; e < edits; e++) {
                uint32_t r = next_rand(&seed);
                size_t at = n ? r % n : 0;
                switch (r >> 28) {
                case 0: case 1: case 2: /* replace a byte */
                    if (n)
                        buf[at] = (uint8_t)ALPHABET[next_rand(&seed) % (sizeof ALPHABET - 1)];
                    break;
                case 3: case 4: /* truncate */
                    n = at;
                    break;
                case 5: case 6: /* delete a byte */
                    if (n) {
                        memmove(buf + at, buf + at + 1, n - at - 1);
                        n--;
                    }
                    break;
                case 7: case 8: /* insert a byte */
                    if (n < cap) {
                        memmove(buf + at + 1, buf + at, n - at);
                        buf[at] = (uint8_t)ALPHABET[next_rand(&seed) % (sizeof ALPHABET - 1)];
                        n++;
                    }
                    break;
                default: { /* duplicate the line that holds `at` (duplicate keys) */
                    size_t b = at, e2 = at;
                    while (b > 0 && buf[b - 1] != '\n')
                        b--;
                    while (e2 < n && buf[e2] != '\n')
                        e2++;
                    size_t k = e2 - b;
                    if (n + k + 1 <= cap) {
                        memmove(buf + b + k + 1, buf + b, n - b);
                        memcpy(buf + b, buf + b + k + 1, k);
                        buf[b + k] = '\n';
                        n += k + 1;
                    }
                    break;
                }
                }
            }
            LLVMFuzzerTestOneInput(buf, n);
            runs++;
        }
        free(buf);
    }
    printf("fuzz_registry: %zu built-in inputs ran\n", runs);
}

int main(int argc, char **argv)
{
    if (argc < 2) {
        run_mutations();
        return 0;
    }
    for (int i = 1; i < argc; i++) {
        FILE *f = fopen(argv[i], "rb");
        if (!f) {
            fprintf(stderr, "fuzz_registry: cannot open %s\n", argv[i]);
            return 1;
        }
        uint8_t *buf = NULL;
        size_t n = 0, cap = 0;
        int ch;
        while ((ch = fgetc(f)) != EOF) {
            if (n == cap) {
                cap = cap ? cap * 2 : 4096;
                uint8_t *nb = realloc(buf, cap);
                if (!nb) {
                    free(buf);
                    fclose(f);
                    return 1;
                }
                buf = nb;
            }
            buf[n++] = (uint8_t)ch;
        }
        fclose(f);
        LLVMFuzzerTestOneInput(buf ? buf : (const uint8_t *)"", n);
        free(buf);
    }
    return 0;
}
#endif
