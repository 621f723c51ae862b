/* fuzz_mpd.c - libFuzzer target for the Maddison Project Database importers (imp_mpd.c): the
 * input is imported through the public API (as a file, then from memory) into a fresh store
 * seeded with a few countries (fuzz_import.h); its name follows its header, so that the data
 * and the countries list are both reached. Built with -DMG_FUZZ_STANDALONE it replays the
 * files named on its command line, or with no arguments the built-in inputs and deterministic
 * mutations of them. */
#include "fuzz_import.h"

static const char SEED_SQL[] =
    "INSERT OR IGNORE INTO country(iso3,name,kind) VALUES"
    " ('CUB','Cuba','country'),('RUS','Russian Federation','country'),('TWN','Taiwan','country');";

static const char *const SAMPLES[] = {
    "\"ISO\",\"year\",\"gdppc\",\"pop\"\n"
    "\"CUB\",1820,,553\n"
    "\"CUB\",2022,7648.70416432311,11002.5132918779\n"
    "\"SUN\",2022,19354.7080711856,294378.63\n"
    "\"RUS\",2022,25437.1080222891,146692.81\n"
    "\"XXY\",2022,1,1\n",
    "ISO,year,gdppc,pop\nCUB,2022,1,1\nCUB,2022,2,2\n",
    "\"ISO\",\"country\",\"region\"\n"
    "\"CUB\",\"Cuba\",\"Latin America\"\n"
    "\"SUN\",\"Former USSR\",\"Eastern Europe\"\n"
    "\"XXY\",\"Atlantis\",\"Nowhere\"\n",
};

static const char *mpd_name_for(const uint8_t *data, size_t size)
{
    const uint8_t *nl = memchr(data, '\n', size);
    size_t n = nl ? (size_t)(nl - data) : size;
    for (size_t i = 0; i + 6 <= n; i++)
        if (memcmp(data + i, "region", 6) == 0)
            return "MaddisonCountries_mpd2023.csv";
    return "MaddisonData_mpd2023.csv";
}

static const fuzz_target TARGET = {
    .seed_sql = SEED_SQL, .samples = SAMPLES, .n_samples = sizeof SAMPLES / sizeof *SAMPLES,
    .special = ",\"\n\r.-9 \0x", .n_special = 10, .name_for = mpd_name_for};

FUZZ_IMPORT_TARGET(TARGET)
