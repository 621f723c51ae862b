/* fuzz_wdi.c - libFuzzer target for the World Bank WDI importers: the input is written to a
 * temporary file (named like a DataBank export when it is a zip, else like a per-indicator
 * CSV, whose sniffer wants the name; the bulk API layout is recognised by content) and
 * imported through the public API into a fresh store seeded with a few countries and the
 * World aggregate, so that the derived-series step runs too. Errors are fine; crashes, leaks
 * and sanitizer reports are not. Built with -DMG_FUZZ_STANDALONE it replays the files named
 * on its command line, or with no arguments built-in inputs and mutations of them. */
#include <stdbool.h>
#include <stdint.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sqlite3.h>
#include <unistd.h>
#include <zip.h>

#include "fuzz_import.h"
#include "fuzz_xlsx_seed.h"

static const char *wdi_name_for(const uint8_t *data, size_t size)
{
    bool zip = size >= 4 && memcmp(data, "PK\x03\x04", 4) == 0;
    return zip ? "wdi_databank_2021_part1.xlsx"
               : "bx.trf.pwkr.cd.dt.csv";
}

static const char SEED_SQL[] =
    "INSERT OR IGNORE INTO country(iso3,name,kind) VALUES('NPL','Nepal','country'),('TON','Tonga','country'),('TJK','Tajikistan','country');"
    "INSERT OR IGNORE INTO aggregate(code,name,scheme) VALUES('WLD','World','wb');";

static const fuzz_target TARGET = {.seed_sql = SEED_SQL, .name_for = wdi_name_for};

int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size);
int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size) { return fuzz_import_one(&TARGET, data, size); }

#ifdef MG_FUZZ_STANDALONE
static char g_dir[64];

static int fuzz_init(void)
{
    if (g_dir[0])
        return 0;
    snprintf(g_dir, sizeof g_dir, "/tmp/migdip-fuzz-wdi-XXXXXX");
    return mkdtemp(g_dir) ? 0 : -1;
}


static const char SEED_TIDY[] =
    "Country Name,Country Code,Year,Value\n"
    "Nepal,NPL,2021,8225960574.6612\n"
    "Nepal,NPL,2022,\n"
    "\"Bahamas, The\",BHS,2021,50805711\n"
    "World,WLD,2021,7.9e11\n";

static const char SEED_BULK[] =
    "\xEF\xBB\xBF\"Data Source\",\"World Development Indicators\",\n\n"
    "\"Last Updated Date\",\"2024-06-28\",\n\n"
    "\"Country Name\",\"Country Code\",\"Indicator Name\",\"Indicator Code\",\"1960\",\"1961\",\n"
    "\"Nepal\",\"NPL\",\"GDP (current US$)\",\"NY.GDP.MKTP.CD\",\"508334414.4\",\"\",\n"
    "\"World\",\"WLD\",\"GDP (current US$)\",\"NY.GDP.MKTP.CD\",\"1.38e+12\",\"1.43e+12\",\n";

/* A minimal DataBank workbook (inline strings), in memory. */
static unsigned char *seed_xlsx(size_t *len)
{
    static const char *const PARTS[][2] = {
        {"[Content_Types].xml",
         "<?xml version=\"1.0\"?><Types xmlns=\"http://schemas.openxmlformats.org/package/2006/content-types\">"
         "<Default Extension=\"rels\" ContentType=\"application/vnd.openxmlformats-package.relationships+xml\"/>"
         "<Default Extension=\"xml\" ContentType=\"application/xml\"/></Types>"},
        {"_rels/.rels",
         "<?xml version=\"1.0\"?><Relationships xmlns=\"http://schemas.openxmlformats.org/package/2006/relationships\">"
         "<Relationship Id=\"rId1\" Type=\"http://schemas.openxmlformats.org/officeDocument/2006/relationships/officeDocument\""
         " Target=\"xl/workbook.xml\"/></Relationships>"},
        {"xl/workbook.xml",
         "<?xml version=\"1.0\"?><workbook xmlns=\"http://schemas.openxmlformats.org/spreadsheetml/2006/main\""
         " xmlns:r=\"http://schemas.openxmlformats.org/officeDocument/2006/relationships\"><sheets>"
         "<sheet name=\"Data\" sheetId=\"1\" r:id=\"rId1\"/><sheet name=\"Series - Metadata\" sheetId=\"2\" r:id=\"rId2\"/>"
         "</sheets></workbook>"},
        {"xl/_rels/workbook.xml.rels",
         "<?xml version=\"1.0\"?><Relationships xmlns=\"http://schemas.openxmlformats.org/package/2006/relationships\">"
         "<Relationship Id=\"rId1\" Type=\"http://schemas.openxmlformats.org/officeDocument/2006/relationships/worksheet\""
         " Target=\"worksheets/sheet1.xml\"/><Relationship Id=\"rId2\""
         " Type=\"http://schemas.openxmlformats.org/officeDocument/2006/relationships/worksheet\""
         " Target=\"worksheets/sheet2.xml\"/></Relationships>"},
        {"xl/worksheets/sheet1.xml",
         "<?xml version=\"1.0\"?><worksheet xmlns=\"http://schemas.openxmlformats.org/spreadsheetml/2006/main\"><sheetData>"
         "<row r=\"1\"><c r=\"A1\" t=\"inlineStr\"><is><t>Time</t></is></c><c r=\"B1\" t=\"inlineStr\"><is><t>Time Code</t></is></c>"
         "<c r=\"C1\" t=\"inlineStr\"><is><t>Country Name</t></is></c><c r=\"D1\" t=\"inlineStr\"><is><t>Country Code</t></is></c>"
         "<c r=\"E1\" t=\"inlineStr\"><is><t>Population, total [SP.POP.TOTL]</t></is></c></row>"
         "<row r=\"2\"><c r=\"A2\"><v>2021</v></c><c r=\"B2\" t=\"inlineStr\"><is><t>YR2021</t></is></c>"
         "<c r=\"C2\" t=\"inlineStr\"><is><t>Nepal</t></is></c><c r=\"D2\" t=\"inlineStr\"><is><t>NPL</t></is></c>"
         "<c r=\"E2\"><v>30034989</v></c></row>"
         "<row r=\"3\"><c r=\"A3\"><v>2021</v></c><c r=\"B3\" t=\"inlineStr\"><is><t>YR2021</t></is></c>"
         "<c r=\"C3\" t=\"inlineStr\"><is><t>Tonga</t></is></c><c r=\"D3\" t=\"inlineStr\"><is><t>TON</t></is></c>"
         "<c r=\"E3\" t=\"inlineStr\"><is><t>..</t></is></c></row>"
         "<row r=\"7\"><c r=\"A7\" t=\"inlineStr\"><is><t>Data from database: World Development Indicators</t></is></c></row>"
         "<row r=\"8\"><c r=\"A8\" t=\"inlineStr\"><is><t>Last Updated: 03/28/2024</t></is></c></row>"
         "</sheetData></worksheet>"},
        {"xl/worksheets/sheet2.xml",
         "<?xml version=\"1.0\"?><worksheet xmlns=\"http://schemas.openxmlformats.org/spreadsheetml/2006/main\"><sheetData>"
         "<row r=\"1\"><c r=\"A1\" t=\"inlineStr\"><is><t>Code</t></is></c><c r=\"B1\" t=\"inlineStr\"><is><t>Indicator Name</t></is></c></row>"
         "<row r=\"2\"><c r=\"A2\" t=\"inlineStr\"><is><t>SP.POP.TOTL</t></is></c><c r=\"B2\" t=\"inlineStr\"><is><t>Population, total</t></is></c></row>"
         "</sheetData></worksheet>"},
    };
    return fuzz_seed_zip(PARTS, sizeof PARTS / sizeof *PARTS, len);
}

/* The built-in seeds (CSV and a generated workbook) and their mutations. */
static int wdi_builtin(void)
{
    if (fuzz_init())
        return 1;
    fuzz_mutate_and_run((const unsigned char *)SEED_TIDY, sizeof SEED_TIDY - 1, LLVMFuzzerTestOneInput);
    fuzz_mutate_and_run((const unsigned char *)SEED_BULK, sizeof SEED_BULK - 1, LLVMFuzzerTestOneInput);
    size_t xn = 0;
    unsigned char *x = seed_xlsx(&xn);
    if (x)
        fuzz_mutate_and_run(x, xn, LLVMFuzzerTestOneInput);
    free(x);
    rmdir(g_dir);
    return 0;
}

int main(int argc, char **argv) { return fuzz_replay_main(argc, argv, LLVMFuzzerTestOneInput, wdi_builtin); }
#endif
