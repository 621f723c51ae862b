/* fuzz_cow.c - libFuzzer target for the COW NMC importer (imp_cow.c): the input is written to a temporary
 * file and imported through the public API into a fresh store seeded with a few countries.
 * Errors are expected; crashes, leaks and a failed import that leaves no message are not.
 * Built with -DMG_FUZZ_STANDALONE it replays the files named on its command line, or with no
 * arguments a few built-in inputs and deterministic mutations of them. */
#include "fuzz_import.h"

static const char SEED_SQL[] =
    "INSERT OR IGNORE INTO country(iso3,name,kind) VALUES"
    " ('NPL','Nepal','country'),('QAT','Qatar','country'),('MYS','Malaysia','country'),"
    " ('ROU','Romania','country'),('COD','Congo, Dem. Rep.','country'),('DEU','Germany','country'),"
    " ('SRB','Serbia','country');"
    "INSERT OR IGNORE INTO country_code(scheme,code,iso3) VALUES"
    " ('cown','790','NPL'),('cown','694','QAT'),('cown','820','MYS'),('cown','255','DEU'),"
    " ('cowc','NEP','NPL'),('cowc','MAL','MYS');";

static const char *const SAMPLES[] = {
    "stateabb,ccode,year,milex,milper,irst,pec,tpop,upop,cinc,version\n"
    "NEP,790,2016,338000,92,-9,3827,28983,1573,0.001718,2021\n"
    "QAT,694,2016,4404000,12,540,51760,2570,1610,0.001844,2021\n"
    "GMY,255,1990,37200000,545,38434,-9,79402,25673,0.029267116,2021\n"
    "GFR,260,1990,35610000,545,38433,366237,63253,21254,0.027701119,2021\n"
    "MAL,999,2016,1,1,1,1,1,1,4.3E-03,2021\n"
    "",
    "stateabb,ccode,year,milex,milper,irst,pec,tpop,upop,cinc\n"
    "NEP,790,2016,1,1,1,1,1,1,0.1\n"
    "NEP,790,2016,1,1,1,1,1,1,0.1\n"
    "",
};

static const fuzz_target TARGET = {
    .file_name = "NMC-60-abridged.csv", .seed_sql = SEED_SQL, .samples = SAMPLES,
    .n_samples = sizeof SAMPLES / sizeof *SAMPLES, .special = ",\"\n\r.-9 \0x", .n_special = 10};

FUZZ_IMPORT_TARGET(TARGET)
