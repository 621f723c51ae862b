/* fuzz_cow_igo.c - libFuzzer target for the COW IGO v3 state-year importer (imp_cow_igo.c):
 * the input is written to a temporary file and imported through the public API into a fresh
 * store seeded with a few countries. Errors are expected; crashes, leaks and a failed import
 * that leaves no message are not. Built with -DMG_FUZZ_STANDALONE it replays the files named
 * on its command line, or with no arguments a few built-in inputs and deterministic mutations
 * of them. */
#include "fuzz_import.h"

static const char SEED_SQL[] =
    "INSERT OR IGNORE INTO country(iso3,name,kind) VALUES"
    " ('SAU','Saudi Arabia','country'),('QAT','Qatar','country'),('DEU','Germany','country');"
    "INSERT OR IGNORE INTO country_code(scheme,code,iso3) VALUES"
    " ('cown','670','SAU'),('cown','694','QAT'),('cown','255','DEU'),('cown','260','DEU');";

static const char *const SAMPLES[] = {
    "ccode,year,state,asean,gcc,eec\n"
    "670,1980,saudiarabia,-1,-1,0\n"
    "670,1981,saudiarabia,-1,1,0\n"
    "694,1981,qatar,-1,1,-9\n"
    "255,1990,germany,0,-1,1\n"
    "260,1990,wgermany,0,-1,2\n"
    "240,1850,hanover,-1,-1,3\n",
    "ccode,year,state,gcc,gcc\n670,1995,saudiarabia,1,1\n670,1995,saudiarabia,1,1\n",
};

static const fuzz_target TARGET = {
    .file_name = "cow_igo_v3_state_year_format3.csv", .seed_sql = SEED_SQL, .samples = SAMPLES,
    .n_samples = sizeof SAMPLES / sizeof *SAMPLES, .special = ",\"\n\r-9123\0", .n_special = 10};

FUZZ_IMPORT_TARGET(TARGET)
