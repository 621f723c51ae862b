/* fuzz_undesa_csv2024.c - libFuzzer target for the UN DESA 2024 Table 1 CSV importer
 * (imp_undesa_csv2024.c): the input is written to a temporary file and imported through the
 * public API into a fresh store seeded with a few countries and their M49 codes. Errors are
 * expected; crashes, leaks and a failed import that leaves no message are not.
 * Built with -DMG_FUZZ_STANDALONE it replays the files named on its command line, or with no
 * arguments a few built-in inputs and deterministic mutations of them. */
#include "fuzz_import.h"

static const char SEED_SQL[] =
    "INSERT OR IGNORE INTO country(iso3,name,kind) VALUES"
    " ('NPL','Nepal','country'),('QAT','Qatar','country'),('MYS','Malaysia','country'),"
    " ('IDN','Indonesia','country');"
    "INSERT OR IGNORE INTO country_code(scheme,code,iso3) VALUES"
    " ('m49','524','NPL'),('m49','634','QAT'),('m49','458','MYS'),('m49','360','IDN');";

static const char *const SAMPLES[] = {
    "\xEF\xBB\xBFindex,destination,coverage,type,destination_code,origin,origin_code,gender,1990,2020,2024\r\n"
    "1,World,,,900,World,900,male,77 772 082,143 223 497,158 009 795\r\n"
    "2,World,,,900,Nepal,524,male, 100,1 000, 2 000\r\n"
    "3,Malaysia*,,B R,458,Indonesia,360,male, 243 921,1 254 152,1 594 995\r\n"
    "3,Malaysia*,,B R,458,Indonesia,360,female, 123 880, 439 307, 166 507\r\n"
    "4,Qatar,,B R,634,Nepal,524,male,..,  16,..\r\n"
    "4,Qatar,,B R,634,Nepal,524,female,..,..,..\r\n"
    "5,Qatar,,B R,634,Others,2003,male,1,2,3\r\n"
    "6,Qatar,,B R,634,\"China, Hong Kong SAR\",344,female,1,2,3\r\n"
    "",
    "index,destination,coverage,type,destination_code,origin,origin_code,gender,2024\n"
    "1,Qatar,,B R,634,Nepal,524,male,1 0000\n"
    "2,Qatar,,B R,634,Nepal,524,male,5\n"
    "",
};

static const fuzz_target TARGET = {
    .file_name = "undesa_ims2024_table1_by_sex_dest_origin_resave.csv", .seed_sql = SEED_SQL, .samples = SAMPLES,
    .n_samples = sizeof SAMPLES / sizeof *SAMPLES, .special = ",\"\n\r. *0-\xC2", .n_special = 10};

FUZZ_IMPORT_TARGET(TARGET)
