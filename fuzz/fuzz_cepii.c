/* fuzz_cepii.c - libFuzzer target for the CEPII GeoDist importers (imp_cepii.c): the input is written to a temporary
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
    "\xEF\xBB\xBF" "iso_o,iso_d,contig,comlang_off,comlang_ethno,colony,comcol,curcol,col45,smctry,dist,distcap,distw,distwces\n"
    "NPL,QAT,0,0,0,0,0,0,0,0,3366.389,3366.389,3322.684,3312.038\n"
    "ROM,ZAR,0,0,1,0,0,0,0,0,5835.1,5835.1,.,.\n"
    "QAT,,0,0,0,0,0,0,0,0,2,2,2,2\n"
    "XYZ,NPL,0,0,0,0,0,0,0,0,1,1,1,1",
    "iso2,iso3,cnum,country,pays,area,dis_int,landlocked,continent,city_en,city_fr,lat,lon,cap,maincity,citynum,langoff_1,langoff_2,langoff_3,colonizer1,colonizer2,colonizer3,colonizer4\n"
    "QA,QAT,634,Qatar,Qatar,11437,40.1,0,Asia,Al Rayyan,Al Rayyan,25.3,51.4,0,1,25,Arabic,.,.,GBR,.,.,.\n"
    "QA,QAT,634,Qatar,Qatar,11437,40.1,0,Asia,Doha,Doha,25.28,51.53,1,1,25,Arabic,English,.,GBR,TUR,.,.\n"
    "ZR,ZAR,180,\"Congo, Dem. Rep.\",\"Congo, Rép.\",2345410,576,0,Africa,Kinshasa,Kinshasa,-4.3,15.3,.,1,25,French,.,.,BEL,.,.,.\n"
    "",
};

static const fuzz_target TARGET = {
    .file_name = "cepii.csv", .seed_sql = SEED_SQL, .samples = SAMPLES,
    .n_samples = sizeof SAMPLES / sizeof *SAMPLES, .special = ",\"\n\r.-9 \0x", .n_special = 10};

FUZZ_IMPORT_TARGET(TARGET)
