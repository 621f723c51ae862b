/* fuzz_undesa.c - libFuzzer target for the UN DESA importers: the input is written to a temp
 * file named like a 2019 Table 1 CSV (so that the wide importer can tell its sex) and imported
 * through the public API into a fresh in-memory store seeded with a few countries (so that
 * rows get past the identity lookups and reach the store). Errors are fine; crashes, leaks
 * and an error without a message are not.
 * Built with -DMG_FUZZ_STANDALONE it replays the files named on its command line, or with no
 * arguments runs mutations of built-in seeds (the three CSV layouts and a bilateral xlsx). */
#include <stdint.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <unistd.h>
#include <zip.h>

#include "migdip/migdip.h"

static char g_dir[64];

static const char SEED_ISO[] =
    "name,alpha-2,alpha-3,country-code,iso_3166-2,region,sub-region,intermediate-region,region-code,"
    "sub-region-code,intermediate-region-code\n"
    "Nepal,NP,NPL,524,ISO 3166-2:NP,Asia,Southern Asia,,142,034,\n"
    "Qatar,QA,QAT,634,ISO 3166-2:QA,Asia,Western Asia,,142,145,\n"
    "Malaysia,MY,MYS,458,ISO 3166-2:MY,Asia,South-eastern Asia,,142,035,\n"
    "Indonesia,ID,IDN,360,ISO 3166-2:ID,Asia,South-eastern Asia,,142,035,\n";

static int write_file(const char *path, const uint8_t *data, size_t size)
{
    FILE *f = fopen(path, "wb");
    if (!f)
        return -1;
    size_t put = size ? fwrite(data, 1, size, f) : 0;
    return fclose(f) == 0 && put == size ? 0 : -1;
}

static migdip_status import_or_die(migdip_ctx *ctx, const char *path, int must_succeed)
{
    const char *files[] = {path};
    migdip_import_opts o = {.files = files, .n_files = 1};
    migdip_import_report *rep = NULL;
    migdip_status st = migdip_import_run(ctx, &o, &rep);
    if (st == MIGDIP_OK && !rep)
        abort();
    if (st != MIGDIP_OK && (rep || migdip_ctx_errmsg(ctx)[0] == '\0'))
        abort(); /* an error always explains itself */
    if (must_succeed && st != MIGDIP_OK) {
        fprintf(stderr, "seed import failed: %s\n", migdip_ctx_errmsg(ctx));
        abort();
    }
    migdip_import_report_free(rep);
    return st;
}

/* One input into a fresh store; returns the import's status. */
static migdip_status fuzz_one(const uint8_t *data, size_t size)
{
    if (!g_dir[0]) {
        snprintf(g_dir, sizeof g_dir, "/tmp/migdip-fuzz-undesa-XXXXXX");
        if (!mkdtemp(g_dir))
            abort();
    }
    char iso[128], input[128];
    snprintf(iso, sizeof iso, "%s/iso3166_seed.csv", g_dir);
    snprintf(input, sizeof input, "%s/migrants_by_origin_and_destination_total.csv", g_dir);
    if (write_file(iso, (const uint8_t *)SEED_ISO, sizeof SEED_ISO - 1) || write_file(input, data, size))
        abort();
    migdip_ctx *ctx = NULL;
    if (migdip_ctx_open(":memory:", &ctx) != MIGDIP_OK)
        abort();
    import_or_die(ctx, iso, 1);
    migdip_status st = import_or_die(ctx, input, 0);
    migdip_ctx_close(ctx);
    unlink(input);
    unlink(iso);
    return st;
}

int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size);
int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size)
{
    fuzz_one(data, size);
    return 0;
}

#ifdef MG_FUZZ_STANDALONE
#include "fuzz_replay.h"

static const char SEED_LONG[] =
    "dest_iso3,orig_iso3,year,sex,stock\nMYS,IDN,2020,Male,788858\nMYS,IDN,2020,Female,452776\n"
    "QAT,NPL,2020,Male,300000\nQAT,XXX,2020,Female,NA\nQAT,ZZZ,1990,Female,3\n";
static const char SEED_WIDE[] =
    "Year,Destination,Total,Other South,Other North,Indonesia,Nepal,Atlantis\n"
    "2019,WORLD,10,1,1,5,3,0\n2019,UN development groups,..,..,..,..,..,..\n"
    "2019,Malaysia,1225200,1,1,1225156,,\n2019,Qatar,400,0,0,,350,..\n1990,Nepal,-,-,-,-,,\n";

/* A bilateral workbook in the 2024 layout, built with libzip into memory. */
static uint8_t *seed_xlsx(size_t *len)
{
    static const char *const parts[][2] = {
        {"[Content_Types].xml",
         "<?xml version=\"1.0\"?><Types xmlns=\"http://schemas.openxmlformats.org/package/2006/content-types\">"
         "<Default Extension=\"rels\" ContentType=\"application/vnd.openxmlformats-package.relationships+xml\"/>"
         "<Default Extension=\"xml\" ContentType=\"application/xml\"/></Types>"},
        {"_rels/.rels",
         "<?xml version=\"1.0\"?><Relationships xmlns=\"http://schemas.openxmlformats.org/package/2006/relationships\">"
         "<Relationship Id=\"rId1\" Type=\"http://schemas.openxmlformats.org/officeDocument/2006/relationships/officeDocument\" Target=\"xl/workbook.xml\"/></Relationships>"},
        {"xl/workbook.xml",
         "<?xml version=\"1.0\"?><workbook xmlns=\"http://schemas.openxmlformats.org/spreadsheetml/2006/main\" "
         "xmlns:r=\"http://schemas.openxmlformats.org/officeDocument/2006/relationships\"><sheets>"
         "<sheet name=\"Table 1\" sheetId=\"1\" r:id=\"rId1\"/></sheets></workbook>"},
        {"xl/_rels/workbook.xml.rels",
         "<?xml version=\"1.0\"?><Relationships xmlns=\"http://schemas.openxmlformats.org/package/2006/relationships\">"
         "<Relationship Id=\"rId1\" Type=\"http://schemas.openxmlformats.org/officeDocument/2006/relationships/worksheet\" Target=\"worksheets/sheet1.xml\"/></Relationships>"},
        {"xl/worksheets/sheet1.xml",
         "<?xml version=\"1.0\"?><worksheet xmlns=\"http://schemas.openxmlformats.org/spreadsheetml/2006/main\"><sheetData>"
         "<row r=\"1\"><c r=\"E1\" t=\"inlineStr\"><is><t>International Migrant Stock 2024: Destination and origin</t></is></c></row>"
         "<row r=\"2\"><c r=\"E2\" t=\"inlineStr\"><is><t>Both sexes</t></is></c><c r=\"F2\" t=\"inlineStr\"><is><t>Males</t></is></c>"
         "<c r=\"G2\" t=\"inlineStr\"><is><t>Females</t></is></c></row>"
         "<row r=\"3\"><c r=\"A3\" t=\"inlineStr\"><is><t>Region, development group, country or area of destination</t></is></c>"
         "<c r=\"B3\" t=\"inlineStr\"><is><t>Location code of destination</t></is></c>"
         "<c r=\"C3\" t=\"inlineStr\"><is><t>Region, development group, country or area of origin</t></is></c>"
         "<c r=\"D3\" t=\"inlineStr\"><is><t>Location code of origin</t></is></c>"
         "<c r=\"E3\"><v>2024</v></c><c r=\"F3\"><v>2024</v></c><c r=\"G3\"><v>2024</v></c></row>"
         "<row r=\"4\"><c r=\"A4\" t=\"inlineStr\"><is><t>Malaysia</t></is></c><c r=\"B4\"><v>458</v></c>"
         "<c r=\"C4\" t=\"inlineStr\"><is><t>Indonesia</t></is></c><c r=\"D4\"><v>360</v></c>"
         "<c r=\"E4\"><v>1300000</v></c><c r=\"F4\"><v>800000</v></c><c r=\"G4\" t=\"inlineStr\"><is><t>..</t></is></c></row>"
         "<row r=\"5\"><c r=\"A5\" t=\"inlineStr\"><is><t>WORLD</t></is></c><c r=\"B5\"><v>900</v></c>"
         "<c r=\"C5\" t=\"inlineStr\"><is><t>Nepal</t></is></c><c r=\"D5\"><v>524</v></c>"
         "<c r=\"E5\"><v>3</v></c><c r=\"F5\"><v>2</v></c><c r=\"G5\"><v>1</v></c></row>"
         "</sheetData></worksheet>"},
    };
    zip_error_t zerr;
    zip_error_init(&zerr);
    zip_source_t *mem = zip_source_buffer_create(NULL, 0, 0, &zerr);
    zip_t *z = mem ? zip_open_from_source(mem, ZIP_TRUNCATE, &zerr) : NULL;
    if (!z)
        abort();
    zip_source_keep(mem);
    for (size_t i = 0; i < sizeof parts / sizeof *parts; i++) {
        zip_source_t *s = zip_source_buffer(z, parts[i][1], strlen(parts[i][1]), 0);
        if (!s || zip_file_add(z, parts[i][0], s, ZIP_FL_OVERWRITE) < 0)
            abort();
    }
    if (zip_close(z) < 0)
        abort();
    zip_stat_t st;
    if (zip_source_stat(mem, &st) < 0 || zip_source_open(mem) < 0)
        abort();
    uint8_t *buf = malloc(st.size ? st.size : 1);
    if (!buf || zip_source_read(mem, buf, st.size) != (zip_int64_t)st.size)
        abort();
    zip_source_close(mem);
    zip_source_free(mem);
    zip_error_fini(&zerr);
    *len = st.size;
    return buf;
}

/* Truncations and byte flips of one seed (a deterministic xorshift decides where). */
static size_t mutate_seed(const uint8_t *seed, size_t len, unsigned rounds)
{
    uint8_t *buf = malloc(len + 1);
    uint32_t x = 2463534242u;
    size_t n = 0;
    if (!buf)
        abort();
    if (fuzz_one(seed, len) != MIGDIP_OK)
        abort(); /* the seeds themselves must import */
    n++;
    for (unsigned i = 0; i < rounds; i++) {
        memcpy(buf, seed, len);
        x ^= x << 13, x ^= x >> 17, x ^= x << 5;
        size_t cut = len ? x % (len + 1) : 0;
        LLVMFuzzerTestOneInput(buf, cut); /* truncated */
        x ^= x << 13, x ^= x >> 17, x ^= x << 5;
        static const uint8_t junk[] = {',', '"', '\n', '-', '.', '9', 0, 0xFF, 'x', '<'};
        if (len)
            buf[x % len] = junk[(x >> 8) % sizeof junk];
        LLVMFuzzerTestOneInput(buf, len); /* one byte changed */
        n += 2;
    }
    free(buf);
    return n;
}

static int undesa_builtin(void)
{
    size_t n = 0;
    n += mutate_seed((const uint8_t *)SEED_LONG, sizeof SEED_LONG - 1, 40);
    n += mutate_seed((const uint8_t *)SEED_WIDE, sizeof SEED_WIDE - 1, 40);
    size_t xl = 0;
    uint8_t *x = seed_xlsx(&xl);
    n += mutate_seed(x, xl, 40);
    free(x);
    printf("replayed %zu input(s)\n", n);
    return 0;
}

int main(int argc, char **argv)
{
    int rc = fuzz_replay_main(argc, argv, LLVMFuzzerTestOneInput, undesa_builtin);
    if (g_dir[0])
        rmdir(g_dir);
    return rc;
}
#endif
