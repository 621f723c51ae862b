/* fuzz_knomad.c - libFuzzer target for the World Bank/KNOMAD importers: the input is written
 * to a temporary file (named like the 2018 CSV, or like the 2021 workbook when it is a zip, so
 * both readers are reached) and imported through the public API into a fresh store seeded
 * with a few countries. Errors are fine; crashes, leaks and sanitizer reports are not.
 * Built with -DMG_FUZZ_STANDALONE it replays the files named on its command line, or with no
 * arguments a set of built-in inputs and mutations of them. */
#include <stdbool.h>
#include <stdint.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sqlite3.h>
#include <unistd.h>
#include <zip.h>

#include "fuzz_import.h"

static const char *knomad_name_for(const uint8_t *data, size_t size)
{
    bool zip = size >= 4 && memcmp(data, "PK\x03\x04", 4) == 0;
    return zip ? "bilateral_remittance_matrix_2021.xlsx"
               : "Bilateralremittancematrix2018Oct2019_trimmed.csv";
}

static const char SEED_SQL[] =
    "INSERT INTO country(iso3,name,kind) VALUES('IDN','Indonesia','country'),('NPL','Nepal','country'),('MYS','Malaysia','country'),('QAT','Qatar','country');";

static const fuzz_target TARGET = {.seed_sql = SEED_SQL, .name_for = knomad_name_for};

int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size);
int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size) { return fuzz_import_one(&TARGET, data, size); }

#ifdef MG_FUZZ_STANDALONE
static char g_dir[64];

static void path_in(char *buf, size_t cap, const char *name)
{
    snprintf(buf, cap, "%s/%s", g_dir, name);
}

static int fuzz_init(void)
{
    if (g_dir[0])
        return 0;
    snprintf(g_dir, sizeof g_dir, "/tmp/migdip-fuzz-knomad-XXXXXX");
    return mkdtemp(g_dir) ? 0 : -1;
}

static const char SEED_CSV[] = "\xEF\xBB\xBF,Indonesia,Nepal,Malaysia\r\n"
                               "Indonesia,0,0,0\r\n"
                               "Nepal,0,0,N/A\r\n"
                               "Malaysia,2372.3,\"1,234.5\",0\r\n";

/* A small 2021-style remittance workbook, stored uncompressed so that mutations hit the XML. */
static uint8_t *seed_xlsx(size_t *len)
{
    static const char *const parts[][2] = {
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
         "<sheet name=\"FINAL BRM 2021 \" sheetId=\"1\" r:id=\"rId1\"/></sheets></workbook>"},
        {"xl/_rels/workbook.xml.rels",
         "<?xml version=\"1.0\"?><Relationships xmlns=\"http://schemas.openxmlformats.org/package/2006/relationships\">"
         "<Relationship Id=\"rId1\" Type=\"http://schemas.openxmlformats.org/officeDocument/2006/relationships/worksheet\""
         " Target=\"worksheets/sheet1.xml\"/></Relationships>"},
        {"xl/worksheets/sheet1.xml",
         "<?xml version=\"1.0\"?><worksheet xmlns=\"http://schemas.openxmlformats.org/spreadsheetml/2006/main\"><sheetData>"
         "<row r=\"1\"><c r=\"A1\" t=\"inlineStr\"><is><t>Bilateral Remittance Estimates for 2021 (millions of US$)"
         " (December 2022 Version)</t></is></c></row>"
         "<row r=\"2\"><c r=\"A2\" t=\"inlineStr\"><is><t>Remittance-receiving country (across) - Remittance-sending"
         " country (down)</t></is></c><c r=\"B2\" t=\"inlineStr\"><is><t>Indonesia</t></is></c>"
         "<c r=\"C2\" t=\"inlineStr\"><is><t>Nepal</t></is></c><c r=\"D2\" t=\"inlineStr\"><is><t>WORLD</t></is></c></row>"
         "<row r=\"3\"><c r=\"A3\" t=\"inlineStr\"><is><t>Malaysia</t></is></c><c r=\"B3\"><v>2372.3</v></c>"
         "<c r=\"C3\"><v>0</v></c><c r=\"D3\"><v>2372.3</v></c></row>"
         "<row r=\"4\"><c r=\"A4\" t=\"inlineStr\"><is><t>Qatar</t></is></c><c r=\"B4\" t=\"inlineStr\"><is><t>-</t></is></c>"
         "<c r=\"C4\"><v>500</v></c><c r=\"D4\"><v>500</v></c></row>"
         "<row r=\"5\"><c r=\"A5\" t=\"inlineStr\"><is><t>WORLD</t></is></c><c r=\"B5\"><v>2372.3</v></c>"
         "<c r=\"C5\"><v>500</v></c><c r=\"D5\"><v>2872.3</v></c></row>"
         "<row r=\"7\"><c r=\"A7\" t=\"inlineStr\"><is><t>When using the data, please cite: KNOMAD/World Bank Bilateral"
         " Remittance Matrix 2021, December 2022.</t></is></c></row></sheetData></worksheet>"},
    };
    char path[128];
    path_in(path, sizeof path, "seed.xlsx");
    int zerr = 0;
    zip_t *z = zip_open(path, ZIP_CREATE | ZIP_TRUNCATE, &zerr);
    if (!z)
        return NULL;
    for (size_t i = 0; i < sizeof parts / sizeof *parts; i++) {
        zip_source_t *src = zip_source_buffer(z, parts[i][1], strlen(parts[i][1]), 0);
        zip_int64_t idx = src ? zip_file_add(z, parts[i][0], src, ZIP_FL_OVERWRITE) : -1;
        if (idx < 0) {
            zip_source_free(src);
            zip_discard(z);
            return NULL;
        }
        zip_set_file_compression(z, (zip_uint64_t)idx, ZIP_CM_STORE, 0);
    }
    if (zip_close(z) != 0) {
        zip_discard(z);
        return NULL;
    }
    FILE *f = fopen(path, "rb");
    uint8_t *buf = NULL;
    if (f && fseek(f, 0, SEEK_END) == 0) {
        long n = ftell(f);
        rewind(f);
        buf = n > 0 ? malloc((size_t)n) : NULL;
        if (buf && fread(buf, 1, (size_t)n, f) != (size_t)n) {
            free(buf);
            buf = NULL;
        }
        *len = buf ? (size_t)n : 0;
    }
    if (f)
        fclose(f);
    unlink(path);
    return buf;
}

/* The seed, then truncations and byte substitutions of it (deterministic). */
static size_t run_mutations(const uint8_t *seed, size_t len)
{
    static const uint8_t subst[] = {'\0', '"', ',', '\n', '-', '9', 'x', '<', 0xFF};
    uint8_t *buf = malloc(len ? len : 1);
    size_t runs = 0;
    if (!buf)
        return 0;
    LLVMFuzzerTestOneInput(seed, len), runs++;
    for (size_t cut = 0; cut < len; cut += len / 16 + 1)
        LLVMFuzzerTestOneInput(seed, cut), runs++;
    uint32_t x = 2463534242u;
    for (int i = 0; i < 120; i++) {
        memcpy(buf, seed, len);
        for (int k = 0; k < 1 + i % 3; k++) {
            x ^= x << 13, x ^= x >> 17, x ^= x << 5; /* xorshift32 */
            buf[x % len] = subst[(x >> 8) % sizeof subst];
        }
        LLVMFuzzerTestOneInput(buf, len), runs++;
    }
    free(buf);
    return runs;
}

/* Replay each file given on the command line once; with none, the built-in inputs. */
/* The built-in seeds (CSV and a generated workbook) and their mutations. */
static int knomad_builtin(void)
{
    if (fuzz_init())
        return 1;
    size_t runs = 0;
    runs += run_mutations((const uint8_t *)SEED_CSV, sizeof SEED_CSV - 1);
    size_t len = 0;
    uint8_t *xlsx = seed_xlsx(&len);
    if (!xlsx) {
        fprintf(stderr, "fuzz_knomad: cannot build the seed workbook\n");
        return 1;
    }
    runs += run_mutations(xlsx, len);
    free(xlsx);
    printf("ran %zu built-in input(s)\n", runs);
    rmdir(g_dir);
    return 0;
}

int main(int argc, char **argv) { return fuzz_replay_main(argc, argv, LLVMFuzzerTestOneInput, knomad_builtin); }
#endif
