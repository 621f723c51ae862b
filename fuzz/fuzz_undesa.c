/* fuzz_undesa.c - libFuzzer target for the UN DESA importers (imp_undesa.c: the long and wide
 * CSV layouts, the 2024 destination/origin/bilateral workbooks): the input is read from memory
 * under the name of a 2019 Table 1 CSV (so that the wide importer can tell its sex), or of the
 * 2024 bilateral workbook when it is a zip, through the shared harness (fuzz_import.h: a
 * savepoint of one template store in memory seeded with a few countries and their M49 codes,
 * always rolled back). Errors are fine; crashes, leaks and an error without a message are not.
 * Built with -DMG_FUZZ_STANDALONE it replays the files named on its command line, or with no
 * arguments the built-in seeds (the two CSV layouts) and mutations of them. */
#include "fuzz_import.h"

static const char *undesa_name_for(const uint8_t *data, size_t size)
{
    bool zip = size >= 4 && memcmp(data, "PK\x03\x04", 4) == 0;
    return zip ? "undesa_pd_2024_ims_stock_by_sex_and_destination.xlsx"
               : "migrants_by_origin_and_destination_total.csv";
}

static const char SEED_SQL[] =
    "INSERT OR IGNORE INTO country(iso3,name,kind) VALUES"
    " ('NPL','Nepal','country'),('QAT','Qatar','country'),('MYS','Malaysia','country'),"
    " ('IDN','Indonesia','country');"
    "INSERT OR IGNORE INTO country_code(scheme,code,iso3) VALUES"
    " ('m49','524','NPL'),('m49','634','QAT'),('m49','458','MYS'),('m49','360','IDN');";

static const char *const SAMPLES[] = {
    "dest_iso3,orig_iso3,year,sex,stock\nMYS,IDN,2020,Male,788858\nMYS,IDN,2020,Female,452776\n"
    "QAT,NPL,2020,Male,300000\nQAT,XXX,2020,Female,NA\nQAT,ZZZ,1990,Female,3\n",
    "Year,Destination,Total,Other South,Other North,Indonesia,Nepal,Atlantis\n"
    "2019,WORLD,10,1,1,5,3,0\n2019,UN development groups,..,..,..,..,..,..\n"
    "2019,Malaysia,1225200,1,1,1225156,,\n2019,Qatar,400,0,0,,350,..\n1990,Nepal,-,-,-,-,,\n",
};

static const fuzz_target TARGET = {
    .seed_sql = SEED_SQL, .samples = SAMPLES, .n_samples = sizeof SAMPLES / sizeof *SAMPLES,
    .special = ",\"\n\r.-9 \0x", .n_special = 10, .name_for = undesa_name_for};

FUZZ_IMPORT_TARGET(TARGET)
