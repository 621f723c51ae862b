/* fuzz_xlsx_seed.h - for the standalone replay of xlsx importer targets: a one-sheet workbook
 * built in memory with libzip from a worksheet's XML (inline strings, no shared strings), and
 * deterministic mutations of it (truncations, bit flips, bytes that matter to a parser). */
#ifndef MG_FUZZ_XLSX_SEED_H
#define MG_FUZZ_XLSX_SEED_H

#include <stdint.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <unistd.h>
#include <zip.h>

/* A zip archive (malloc'ed, *len bytes) of n parts, each {name, text}; NULL on failure. */
static inline unsigned char *fuzz_seed_zip(const char *const (*parts)[2], size_t n_parts, size_t *len)
{
    char path[64];
    snprintf(path, sizeof path, "/tmp/migdip-fuzz-seed-%ld.xlsx", (long)getpid());
    int zerr = 0;
    zip_t *z = zip_open(path, ZIP_CREATE | ZIP_TRUNCATE, &zerr);
    if (!z)
        return NULL;
    for (size_t i = 0; i < n_parts; i++) {
        zip_source_t *src = zip_source_buffer(z, parts[i][1], strlen(parts[i][1]), 0);
        if (!src || zip_file_add(z, parts[i][0], src, ZIP_FL_OVERWRITE) < 0) {
            zip_source_free(src);
            zip_discard(z);
            return NULL;
        }
    }
    if (zip_close(z) != 0) {
        zip_discard(z);
        return NULL;
    }
    FILE *f = fopen(path, "rb");
    unsigned char *buf = NULL;
    long n = -1;
    if (f && fseek(f, 0, SEEK_END) == 0 && (n = ftell(f)) > 0 && fseek(f, 0, SEEK_SET) == 0 &&
        (buf = malloc((size_t)n)) && fread(buf, 1, (size_t)n, f) != (size_t)n) {
        free(buf);
        buf = NULL;
    }
    if (f)
        fclose(f);
    unlink(path);
    *len = buf ? (size_t)n : 0;
    return buf;
}

/* The workbook (malloc'ed, *len bytes) with one sheet called sheet_name holding sheet_xml. */
static inline unsigned char *fuzz_seed_xlsx(const char *sheet_name, const char *sheet_xml, size_t *len)
{
    char workbook[512];
    snprintf(workbook, sizeof workbook,
             "<?xml version=\"1.0\"?><workbook xmlns=\"http://schemas.openxmlformats.org/spreadsheetml/2006/main\""
             " xmlns:r=\"http://schemas.openxmlformats.org/officeDocument/2006/relationships\"><sheets>"
             "<sheet name=\"%s\" sheetId=\"1\" r:id=\"rId1\"/></sheets></workbook>", sheet_name);
    const char *const parts[][2] = {
        {"[Content_Types].xml",
         "<?xml version=\"1.0\"?><Types xmlns=\"http://schemas.openxmlformats.org/package/2006/content-types\">"
         "<Default Extension=\"rels\" ContentType=\"application/vnd.openxmlformats-package.relationships+xml\"/>"
         "<Default Extension=\"xml\" ContentType=\"application/xml\"/></Types>"},
        {"_rels/.rels",
         "<?xml version=\"1.0\"?><Relationships xmlns=\"http://schemas.openxmlformats.org/package/2006/relationships\">"
         "<Relationship Id=\"rId1\" Type=\"http://schemas.openxmlformats.org/officeDocument/2006/relationships/officeDocument\""
         " Target=\"xl/workbook.xml\"/></Relationships>"},
        {"xl/workbook.xml", workbook},
        {"xl/_rels/workbook.xml.rels",
         "<?xml version=\"1.0\"?><Relationships xmlns=\"http://schemas.openxmlformats.org/package/2006/relationships\">"
         "<Relationship Id=\"rId1\" Type=\"http://schemas.openxmlformats.org/officeDocument/2006/relationships/worksheet\""
         " Target=\"worksheets/sheet1.xml\"/></Relationships>"},
        {"xl/worksheets/sheet1.xml", sheet_xml},
    };
    return fuzz_seed_zip(parts, sizeof parts / sizeof *parts, len);
}

/* The seed, its truncations and 60 mutations (bit flips, bytes that matter to CSV and XML
 * parsers), each through fn. */
static inline void fuzz_mutate_and_run(const unsigned char *seed, size_t n, int (*fn)(const uint8_t *, size_t))
{
    static const unsigned char INTERESTING[] = {'"', ',', '\n', '\r', '<', '\0', '-', '.', 0xFF, '9', 'e'};
    unsigned char *buf = malloc(n + 1);
    if (!buf)
        return;
    fn(seed, n);
    for (size_t cut = 0; cut < n; cut += n / 23 + 1)
        fn(seed, cut);
    uint32_t rng = 2463534242u;
    for (int k = 0; k < 60; k++) {
        memcpy(buf, seed, n);
        for (int m = 0; m < 1 + k % 4; m++) {
            rng ^= rng << 13, rng ^= rng >> 17, rng ^= rng << 5;
            size_t at = rng % n;
            buf[at] = (k & 1) ? (unsigned char)(buf[at] ^ (1u << (rng % 8))) : INTERESTING[(rng >> 8) % sizeof INTERESTING];
        }
        fn(buf, n);
    }
    free(buf);
    printf("ran the seed, its truncations and 60 mutations\n");
}

/* The standalone main of an xlsx importer's target: the files named on the command line, or
 * with none the one-sheet workbook (sheet_name, sheet_xml), its truncations and mutations, each
 * through fn. Needs fuzz_import.h (fuzz_replay_main) included before. */
typedef struct fuzz_xlsx_seed_args {
    const char *sheet_name, *sheet_xml;
    int (*fn)(const uint8_t *, size_t);
} fuzz_xlsx_seed_args;

static inline fuzz_xlsx_seed_args *fuzz_xlsx_seed_the_args(void)
{
    static fuzz_xlsx_seed_args a;
    return &a;
}

static inline int fuzz_xlsx_seed_builtin(void)
{
    const fuzz_xlsx_seed_args *a = fuzz_xlsx_seed_the_args();
    size_t n = 0;
    unsigned char *x = fuzz_seed_xlsx(a->sheet_name, a->sheet_xml, &n);
    if (!x)
        return 1;
    fuzz_mutate_and_run(x, n, a->fn);
    free(x);
    return 0;
}

static inline int fuzz_xlsx_seed_main(int argc, char **argv, int (*fn)(const uint8_t *, size_t),
                                      const char *sheet_name, const char *sheet_xml)
{
    *fuzz_xlsx_seed_the_args() = (fuzz_xlsx_seed_args){sheet_name, sheet_xml, fn};
    return fuzz_replay_main(argc, argv, fn, fuzz_xlsx_seed_builtin);
}

#endif
