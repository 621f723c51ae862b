/* fuzz_codes.c - libFuzzer target for the crosswalk importers (imp_codes_*.c), through the
 * shared harness (fuzz_import.h: from memory into a store in memory; in replays also as a
 * file, and both must end the same way). Errors are fine; crashes, sanitizer reports and leaks are not. Built with
 * -DMG_FUZZ_STANDALONE it replays the files named on its command line, or, with none, a
 * set of built-in inputs and their truncations and byte flips. */
#include <stdint.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <unistd.h>

#include "fuzz_import.h"

static const fuzz_target CODES = {.file_name = "input"};

int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size);
int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size) { return fuzz_import_one(&CODES, data, size); }

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

/* no arguments: the seeds, every truncation at a few points, and byte flips */
static int codes_builtin(void)
{
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

int main(int argc, char **argv) { return fuzz_replay_main(argc, argv, LLVMFuzzerTestOneInput, codes_builtin); }
#endif
