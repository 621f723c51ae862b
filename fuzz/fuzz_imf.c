/* fuzz_imf.c - libFuzzer target for the IMF World Economic Outlook importer (imf-weo): the
 * input is written to a temporary file named like a WEO workbook and imported through the
 * public API into a fresh store seeded with a few countries. Errors are fine; crashes, leaks
 * and sanitizer reports are not. Built with -DMG_FUZZ_STANDALONE it replays the files named
 * on its command line, or with no arguments a generated workbook and mutations of it. */
#include <stdint.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <unistd.h>
#include <zip.h>

#include "fuzz_import.h"

static const char SEED_SQL[] =
    "INSERT OR IGNORE INTO country(iso3,name,kind) VALUES('NPL','Nepal','country'),('TWN','Taiwan','country'),"
    "('PSE','Palestine','territory');";

static const fuzz_target TARGET = {.file_name = "WEOApr2024all.xlsx", .seed_sql = SEED_SQL};

int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size);
int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size) { return fuzz_import_one(&TARGET, data, size); }

#ifdef MG_FUZZ_STANDALONE
#define IS "t=\"inlineStr\"><is><t>"
#define IE "</t></is></c>"
static const char SHEET[] =
    "<?xml version=\"1.0\"?><worksheet xmlns=\"http://schemas.openxmlformats.org/spreadsheetml/2006/main\"><sheetData>"
    "<row r=\"1\"><c r=\"A1\" " IS "WEO Country Code" IE "<c r=\"B1\" " IS "ISO" IE "<c r=\"C1\" " IS "WEO Subject Code" IE
    "<c r=\"D1\" " IS "Country" IE "<c r=\"E1\" " IS "Units" IE "<c r=\"F1\" " IS "Scale" IE
    "<c r=\"G1\"><v>2023</v></c><c r=\"H1\"><v>2024</v></c><c r=\"I1\" " IS "Estimates Start After" IE "</row>"
    "<row r=\"2\"><c r=\"A2\"><v>558</v></c><c r=\"B2\" " IS "NPL" IE "<c r=\"C2\" " IS "PPPGDP" IE
    "<c r=\"D2\" " IS "Nepal" IE "<c r=\"E2\" " IS "Purchasing power parity; international dollars" IE
    "<c r=\"F2\" " IS "Billions" IE "<c r=\"G2\"><v>140.25</v></c><c r=\"H2\" " IS "n/a" IE
    "<c r=\"I2\"><v>2023</v></c></row>"
    "<row r=\"3\"><c r=\"A3\"><v>967</v></c><c r=\"B3\" " IS "UVK" IE "<c r=\"C3\" " IS "LP" IE
    "<c r=\"D3\" " IS "Kosovo" IE "<c r=\"E3\" " IS "Persons" IE "<c r=\"F3\" " IS "Millions" IE
    "<c r=\"G3\"><v>1.7</v></c><c r=\"H3\" " IS "--" IE "<c r=\"I3\"><v>2022</v></c></row>"
    "<row r=\"5\"><c r=\"A5\" " IS "International Monetary Fund, World Economic Outlook Database, April 2024" IE "</row>"
    "</sheetData></worksheet>";
#include "fuzz_xlsx_seed.h"

int main(int argc, char **argv)
{
    return fuzz_xlsx_seed_main(argc, argv, LLVMFuzzerTestOneInput, "Sheet1", SHEET);
}
#endif
