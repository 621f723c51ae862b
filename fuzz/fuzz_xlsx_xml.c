/* fuzz_xlsx_xml.c - libFuzzer target for the xlsx reader's XML parsers: the input is one part
 * of a workbook, put inside a valid zip beside well-formed other parts, so that mutations
 * reach the XML (a fuzzer mutating a whole .xlsx mostly breaks the zip's checksums). The
 * first byte picks the part (0: the worksheet, 1: the shared strings, 2: the workbook with
 * its sheet list, 3: the workbook's relationships); the rest is its XML. The workbook is
 * opened from memory and every sheet read; errors are expected, crashes and sanitizer
 * reports are not. It found, in seconds, an empty first shared string (NULL + 0 in xlsx.c).
 * Built with -DMG_FUZZ_STANDALONE it replays files and directories (fuzz/corpus/fuzz_xlsx_xml). */
#include <stdint.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <zip.h>

#include "formats/xlsx.h"

#define NS_MAIN "http://schemas.openxmlformats.org/spreadsheetml/2006/main"
#define NS_REL "http://schemas.openxmlformats.org/officeDocument/2006/relationships"
#define NS_PKG "http://schemas.openxmlformats.org/package/2006/relationships"

static const char CONTENT_TYPES[] =
    "<?xml version=\"1.0\"?><Types xmlns=\"http://schemas.openxmlformats.org/package/2006/content-types\">"
    "<Default Extension=\"rels\" ContentType=\"application/vnd.openxmlformats-package.relationships+xml\"/>"
    "<Default Extension=\"xml\" ContentType=\"application/xml\"/></Types>";
static const char ROOT_RELS[] = "<?xml version=\"1.0\"?><Relationships xmlns=\"" NS_PKG "\">"
                                "<Relationship Id=\"rId1\" Type=\"" NS_REL "/officeDocument\" Target=\"xl/workbook.xml\"/>"
                                "</Relationships>";
static const char WORKBOOK[] = "<?xml version=\"1.0\"?><workbook xmlns=\"" NS_MAIN "\" xmlns:r=\"" NS_REL "\"><sheets>"
                               "<sheet name=\"Data\" sheetId=\"1\" r:id=\"rId1\"/></sheets></workbook>";
static const char WB_RELS[] = "<?xml version=\"1.0\"?><Relationships xmlns=\"" NS_PKG "\">"
                              "<Relationship Id=\"rId1\" Type=\"" NS_REL "/worksheet\" Target=\"worksheets/sheet1.xml\"/>"
                              "<Relationship Id=\"rId2\" Type=\"" NS_REL "/sharedStrings\" Target=\"sharedStrings.xml\"/>"
                              "</Relationships>";
static const char SHEET[] = "<?xml version=\"1.0\"?><worksheet xmlns=\"" NS_MAIN "\"><sheetData>"
                            "<row r=\"1\"><c r=\"A1\" t=\"s\"><v>0</v></c><c r=\"B1\"><v>1.5</v></c></row>"
                            "</sheetData></worksheet>";
static const char SST[] = "<?xml version=\"1.0\"?><sst xmlns=\"" NS_MAIN "\"><si><t>x</t></si></sst>";

/* The zip of the parts (stored, not compressed), built in memory; NULL on failure. */
static unsigned char *zip_parts(const char *const *names, const char *const *data, const size_t *lens, size_t n,
                                size_t *len)
{
    zip_error_t ze;
    zip_error_init(&ze);
    zip_source_t *src = zip_source_buffer_create(NULL, 0, 0, &ze);
    if (!src)
        return NULL;
    zip_source_keep(src);
    zip_t *z = zip_open_from_source(src, ZIP_TRUNCATE, &ze);
    unsigned char *out = NULL;
    if (!z)
        goto done;
    for (size_t i = 0; i < n; i++) {
        zip_source_t *part = zip_source_buffer(z, data[i], lens[i], 0);
        zip_int64_t idx = part ? zip_file_add(z, names[i], part, ZIP_FL_OVERWRITE) : -1;
        if (idx < 0) {
            zip_source_free(part);
            zip_discard(z);
            goto done;
        }
        zip_set_file_compression(z, (zip_uint64_t)idx, ZIP_CM_STORE, 0);
    }
    if (zip_close(z) != 0) {
        zip_discard(z);
        goto done;
    }
    zip_stat_t st;
    if (zip_source_stat(src, &st) == 0 && (st.valid & ZIP_STAT_SIZE) && zip_source_open(src) == 0) {
        if ((out = malloc(st.size ? st.size : 1)) && zip_source_read(src, out, st.size) != (zip_int64_t)st.size) {
            free(out);
            out = NULL;
        }
        *len = st.size;
        zip_source_close(src);
    }
done:
    zip_source_free(src);
    return out;
}

static int on_row(void *ud, uint32_t row, const xlsx_cell *cells, size_t ncells)
{
    size_t *rows = ud;
    if (ncells == 0 || row == 0 || row > XLSX_MAX_ROW)
        abort();
    for (size_t i = 0; i < ncells; i++)
        if ((cells[i].type == XLSX_STRING || cells[i].type == XLSX_ERROR) &&
            (!cells[i].str || strlen(cells[i].str) != cells[i].len))
            abort();
    (*rows)++;
    return 0;
}

int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size);
int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size)
{
    if (size < 1)
        return 0;
    const char *names[] = {"[Content_Types].xml", "_rels/.rels", "xl/workbook.xml", "xl/_rels/workbook.xml.rels",
                           "xl/worksheets/sheet1.xml", "xl/sharedStrings.xml"};
    const char *parts[] = {CONTENT_TYPES, ROOT_RELS, WORKBOOK, WB_RELS, SHEET, SST};
    size_t lens[6];
    for (int i = 0; i < 6; i++)
        lens[i] = strlen(parts[i]);
    static const int PICK[4] = {4, 5, 2, 3};
    int which = PICK[data[0] % 4];
    parts[which] = (const char *)data + 1;
    lens[which] = size - 1;
    size_t zlen = 0;
    unsigned char *zipped = zip_parts(names, parts, lens, 6, &zlen);
    if (!zipped)
        return 0;
    xlsx_book *book = NULL;
    mg_err err = {0};
    if (mg_xlsx_open_mem(zipped, zlen, &book, &err) != MIGDIP_OK) {
        if (book || err.msg[0] == '\0')
            abort();
        free(zipped);
        return 0;
    }
    for (size_t i = 0; i < mg_xlsx_sheet_count(book); i++) {
        size_t rows = 0;
        mg_err_clear(&err);
        if (mg_xlsx_read_sheet(book, i, on_row, &rows, &err) != MIGDIP_OK && err.msg[0] == '\0')
            abort();
    }
    mg_xlsx_close(book);
    free(zipped);
    return 0;
}

#ifdef MG_FUZZ_STANDALONE
#include "fuzz_replay.h"

int main(int argc, char **argv) { return fuzz_replay_main(argc, argv, LLVMFuzzerTestOneInput, NULL); }
#endif
