/* fuzz_bla.c - libFuzzer target for the Chilton & Woda BLA importers (imp_bla.c): the input is written to a temporary
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
    "treatyID,countryA,countryB,codeA,codeB,dyadID,year,datesigned,ratified,copy_available\n"
    "771,Qatar,Nepal,694,790,5484.0,2005, 3/21/2005,,1\n"
    "1022,Nepal,Malaysia,790,820,6480.0,2018,10/29/2018,5/29/2019 or sooner,1\n"
    "1079,New Zealand,Ireland,920,205,2000.0,9999,,,0\n"
    "",
    "treatyID,countryA,countryB,codeA,codeB,dyadID,year,agreement_title,coded_orig_lang,quota,quota_num,recruit_cost_mig,social_security,bla_duration_years\n"
    "771,Qatar,Nepal,694,790,5484.0,2005,\"Agreement \"\"on\"\" manpower, Doha\",English,0.0,,0,1,\n"
    "976,Qatar,Nepal,694,790,5484.0,2008,Protocol,English,1.0,Set yearly,1,,3.0\n"
    "",
};

static const fuzz_target TARGET = {
    .file_name = "bla.csv", .seed_sql = SEED_SQL, .samples = SAMPLES,
    .n_samples = sizeof SAMPLES / sizeof *SAMPLES, .special = ",\"\n\r.-9 \0x", .n_special = 10};

FUZZ_IMPORT_TARGET(TARGET)
