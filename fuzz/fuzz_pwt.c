/* fuzz_pwt.c - libFuzzer target for the Penn World Table importer (imp_pwt.c): the input is
 * imported through the public API as a file, then from memory, into fresh stores seeded with a
 * few countries (fuzz_import.h). Built with -DMG_FUZZ_STANDALONE it replays the files named on
 * its command line, or with no arguments small PWT-like .dta files written with ReadStat's
 * writer, their truncations and deterministic byte mutations. */
#include "fuzz_import.h"
#include "../tests/dtautil.h"

static const char SEED_SQL[] =
    "INSERT OR IGNORE INTO country(iso3,name,kind) VALUES"
    " ('TWN','Taiwan','country'),('NPL','Nepal','country'),('QAT','Qatar','country');";

static const fuzz_target TARGET = {.file_name = "pwt1001.dta", .seed_sql = SEED_SQL};

int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size);
int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size) { return fuzz_import_one(&TARGET, data, size); }

#ifdef MG_FUZZ_STANDALONE
static int run_builtin(void)
{
    static const dta_col COLS[] = {{"countrycode", 's', NULL}, {"country", 's', NULL}, {"year", 'd', NULL},
                                   {"rgdpe", 'f', NULL},       {"rgdpo", 'f', NULL},   {"pop", 'd', NULL},
                                   {"emp", 'd', NULL},         {"i_outlier", 'b', NULL}};
    static const char *const CELLS[] = {
        "TWN", "Taiwan", "2019", "1153761.1", "1103379.8", "23.596027", "11.5", "0",
        "NPL", "Nepal", "2019", "102349.2", NULL, "28.6", NULL, "1",
        "XYZ", "Nowhere", "2019", "1", "1", "1", "1", NULL,
        "TWN", "Taiwan", "2019", "1", "1", "1", "1", "0",
    };
    static const size_t ROWS[] = {3, 4, 0}; /* good; a duplicate; no observation */
    static const uint8_t SPECIAL[] = {0x00, 0xff, 0x7f, 0x80, '<', '>', 0x01, 'A', '9', 0xfe};
    uint32_t lcg = 4242;
    int n = 0;
    for (size_t s = 0; s < 3; s++) {
        size_t len = 0;
        unsigned char *buf = dta_make(s == 2 ? 114 : 118, COLS, 8, CELLS, ROWS[s], &len);
        unsigned char *mut = buf ? malloc(len) : NULL;
        if (!mut)
            return 1;
        fuzz_import_one(&TARGET, buf, len), n++;
        for (size_t cut = 0; cut < len; cut += len / 9 + 1)
            fuzz_import_one(&TARGET, buf, cut), n++;
        for (int m = 0; m < 24; m++) {
            memcpy(mut, buf, len);
            for (int k = 0; k < 1 + m % 3; k++) {
                lcg = lcg * 1664525u + 1013904223u;
                mut[(lcg >> 8) % len] = SPECIAL[(lcg >> 20) % sizeof SPECIAL];
            }
            fuzz_import_one(&TARGET, mut, len), n++;
        }
        free(mut);
        free(buf);
    }
    printf("ran %d built-in input(s)\n", n);
    return 0;
}

int main(int argc, char **argv) { return fuzz_replay_main(argc, argv, LLVMFuzzerTestOneInput, run_builtin); }
#endif
