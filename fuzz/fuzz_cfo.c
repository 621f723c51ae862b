/* fuzz_cfo.c - libFuzzer target for the importer of the Commission on Filipinos Overseas'
 * workbooks (cfo-emigrants-xlsx): the input is written to a temporary file named like a CFO
 * workbook and imported through the public API into a fresh store seeded with a few countries.
 * Errors are fine; crashes, leaks and sanitizer reports are not. Built with
 * -DMG_FUZZ_STANDALONE it replays the files named on its command line, or with no arguments a
 * generated workbook (the year x destination layout, a name over two header rows) and
 * mutations of it. */
#include <stdint.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "fuzz_import.h"

static const char SEED_SQL[] =
    "INSERT OR IGNORE INTO country(iso3,name,kind) VALUES('PHL','Philippines','country'),"
    "('USA','United States of America','country'),('KOR','Korea, Republic of','country'),"
    "('NZL','New Zealand','country'),('SUN','Soviet Union','historical'),('RUS','Russian Federation','country');";

static const fuzz_target TARGET = {.file_name = "Emigrant-1981-2022-MajorCountry.xlsx", .seed_sql = SEED_SQL};

int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size);
int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size) { return fuzz_import_one(&TARGET, data, size); }

#ifdef MG_FUZZ_STANDALONE
#include "fuzz_xlsx_seed.h"
#define IS "t=\"inlineStr\"><is><t>"
#define IE "</t></is></c>"
static const char SHEET[] =
    "<?xml version=\"1.0\"?><worksheet xmlns=\"http://schemas.openxmlformats.org/spreadsheetml/2006/main\"><sheetData>"
    "<row r=\"1\"><c r=\"A1\" " IS "NUMBER OF REGISTERED FILIPINO EMIGRANTS BY MAJOR COUNTRY OF DESTINATION" IE "</row>"
    "<row r=\"3\"><c r=\"C3\" " IS "NEW" IE "<c r=\"D3\" " IS "SOUTH" IE "</row>"
    "<row r=\"4\"><c r=\"A4\" " IS "YEAR" IE "<c r=\"B4\" " IS "USA*" IE "<c r=\"C4\" " IS "ZEALAND" IE
    "<c r=\"D4\" " IS "KOREA" IE "<c r=\"E4\" " IS "OTHERS" IE "<c r=\"F4\" " IS "TOTAL" IE "</row>"
    "<row r=\"5\"><c r=\"A5\" " IS "1981" IE "<c r=\"B5\"><v>40307</v></c><c r=\"C5\"><v>12</v></c>"
    "<c r=\"D5\"><v>14</v></c><c r=\"E5\"><v>157</v></c><c r=\"F5\"><f>SUM(B5:E5)</f><v>40490</v></c></row>"
    "<row r=\"6\"><c r=\"A6\"><v>2022</v></c><c r=\"B6\"><v>18560</v></c><c r=\"C6\" " IS " " IE
    "<c r=\"D6\"><v>343</v></c></row>"
    "<row r=\"7\"><c r=\"A7\" " IS "TOTAL" IE "</row>"
    "</sheetData></worksheet>";

int main(int argc, char **argv)
{
    return fuzz_xlsx_seed_main(argc, argv, LLVMFuzzerTestOneInput, "MajorCountry", SHEET);
}
#endif
