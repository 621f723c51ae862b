/* fuzz_registry.c - fuzz target for the registry importers, through the shared harness
 * (fuzz_import.h) into a store in memory that already knows a few countries and blocs, so
 * that every layout's row code runs; a success imported again must store nothing.
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

static const fuzz_target REGISTRY = {.file_name = "input.csv", .seed_sql = SEED_SQL, .reimport_unchanged = true};

int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size);
int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size) { return fuzz_import_one(&REGISTRY, data, size); }

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

static int registry_builtin(void)
{
    run_mutations();
    return 0;
}

int main(int argc, char **argv) { return fuzz_replay_main(argc, argv, LLVMFuzzerTestOneInput, registry_builtin); }
#endif
