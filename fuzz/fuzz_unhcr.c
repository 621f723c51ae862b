/* fuzz_unhcr.c - libFuzzer target for the UNHCR importers (imp_unhcr.c: code list, populations,
 * UNRWA): the input is written to a temporary file and imported through the public API into a
 * fresh store seeded with a few countries and UNHCR codes. Errors are expected; crashes, leaks
 * and a failed import that leaves no message are not. Built with -DMG_FUZZ_STANDALONE it
 * replays the files named on its command line, or with no arguments a few built-in inputs and
 * deterministic mutations of them. */
#include "fuzz_import.h"

static const char SEED_SQL[] =
    "INSERT OR IGNORE INTO country(iso3,name,kind) VALUES"
    " ('AUT','Austria','country'),('AUS','Australia','country'),('SYR','Syria','country'),"
    " ('TUR','Turkiye','country'),('PSE','State of Palestine','country'),('JOR','Jordan','country'),"
    " ('XXX','Other or unknown origin','special');"
    "INSERT OR IGNORE INTO country_code(scheme,code,iso3) VALUES"
    " ('unhcr','AUS','AUT'),('unhcr','AUL','AUS'),('unhcr','SYR','SYR'),('unhcr','TUR','TUR'),"
    " ('unhcr','GAZ','PSE'),('unhcr','JOR','JOR'),('unhcr','UKN','XXX');";

static const char *const SAMPLES[] = {
    "\"iso_code\",\"unhcr_code\",\"name\",\"unhcr_region\"\n"
    "\"AUT\",\"AUS\",\"Austria\",\"Europe\"\n"
    "\"AUS\",\"AUL\",\"Australia\",\"Asia\"\n"
    ",\"TIB\",\"Tibetan\",\"Asia\"\n"
    ",\"CRB\",\"CRB\",,\n"
    "\"XXX\",\"UKN\",\"Unknown\",,\n",
    "\"year\",\"coo_name\",\"coo\",\"coo_iso\",\"coa_name\",\"coa\",\"coa_iso\",\"refugees\",\"asylum_seekers\","
    "\"returned_refugees\",\"idps\",\"returned_idps\",\"stateless\",\"ooc\",\"oip\",\"hst\"\n"
    "1951,\"Unknown\",\"UKN\",\"UNK\",\"Austria\",\"AUS\",\"AUT\",282000,0,0,0,0,0,0,,0\n"
    "2020,\"Syrian Arab Rep.\",\"SYR\",\"SYR\",\"Turkiye\",\"TUR\",\"TUR\",3641370,,0,0,0,0,0,,0\n"
    "2020,\"Syrian Arab Rep.\",\"SYR\",\"SYR\",\"Australia\",\"AUS\",\"AUS\",1,2,0,0,0,0,0,3,0\n"
    "2020,\"Syrian Arab Rep.\",\"SYR\",\"SYR\",\"Turkiye\",\"TUR\",\"TUR\",1,,0,0,0,0,0,,0\n",
    "\"year\",\"coo_name\",\"coo\",\"coo_iso\",\"coa_name\",\"coa\",\"coa_iso\",\"total\"\n"
    "1952,\"Palestinian\",\"GAZ\",\"PSE\",\"Jordan\",\"JOR\",\"JOR\",479243\n"
    "2025,\"Palestinian\",\"GAZ\",\"PSE\",\"Unknown\",\"UKN\",\"UNK\",495764\n",
};

static const fuzz_target TARGET = {
    .file_name = "population.csv", .seed_sql = SEED_SQL, .samples = SAMPLES,
    .n_samples = sizeof SAMPLES / sizeof *SAMPLES, .special = ",\"\n\r.-9 \0x", .n_special = 10};

FUZZ_IMPORT_TARGET(TARGET)
