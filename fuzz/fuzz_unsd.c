/* fuzz_unsd.c - libFuzzer target for the UN Statistics Division AMA importer (unsd-ama): the
 * input is written to a temporary file named like the AMA workbook and imported through the
 * public API into a fresh store seeded with a few countries and their M49 codes. Errors are
 * fine; crashes, leaks and sanitizer reports are not. Built with -DMG_FUZZ_STANDALONE it
 * replays the files named on its command line, or with no arguments a generated workbook and
 * mutations of it. */
#include <stdint.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "fuzz_import.h"

static const char SEED_SQL[] =
    "INSERT OR IGNORE INTO country(iso3,name,kind) VALUES('MCO','Monaco','country'),('PRK','North Korea','country');"
    "INSERT OR IGNORE INTO country_code(scheme,code,iso3) VALUES('m49','492','MCO'),('m49','408','PRK');";

static const fuzz_target TARGET = {.file_name = "Download-GDPcurrent-USD-countries.xlsx", .seed_sql = SEED_SQL};

int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size);
int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size) { return fuzz_import_one(&TARGET, data, size); }

#ifdef MG_FUZZ_STANDALONE
#include "fuzz_xlsx_seed.h"
#define IS "t=\"inlineStr\"><is><t>"
#define IE "</t></is></c>"
static const char SHEET[] =
    "<?xml version=\"1.0\"?><worksheet xmlns=\"http://schemas.openxmlformats.org/spreadsheetml/2006/main\"><sheetData>"
    "<row r=\"1\"><c r=\"A1\" " IS "GDP/breakdown at current prices in US Dollars (all countries)" IE "</row>"
    "<row r=\"3\"><c r=\"A3\" " IS "CountryID" IE "<c r=\"B3\" " IS "Country" IE "<c r=\"C3\" " IS "IndicatorName" IE
    "<c r=\"D3\"><v>2023</v></c><c r=\"E3\"><v>2024</v></c></row>"
    "<row r=\"4\"><c r=\"A4\"><v>492</v></c><c r=\"B4\" " IS "Monaco" IE "<c r=\"C4\" " IS "Gross Domestic Product (GDP)" IE
    "<c r=\"D4\"><v>10003897341.1767</v></c><c r=\"E4\"><v>11125788838.2813</v></c></row>"
    "<row r=\"5\"><c r=\"A5\"><v>408</v></c><c r=\"B5\" " IS "D.P.R. of Korea" IE "<c r=\"C5\" " IS "Gross Domestic Product (GDP)" IE
    "<c r=\"D5\"><v>15847371619.8307</v></c></row>"
    "<row r=\"6\"><c r=\"A6\"><v>810</v></c><c r=\"B6\" " IS "USSR (Former)" IE "<c r=\"C6\" " IS "Gross Domestic Product (GDP)" IE
    "</row>"
    "</sheetData></worksheet>";

int main(int argc, char **argv)
{
    return fuzz_xlsx_seed_main(argc, argv, LLVMFuzzerTestOneInput, "Download-GDPcurrent-USD-countr", SHEET);
}
#endif
