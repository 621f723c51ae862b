/* test_xlsx.c - unit and integration tests of the streaming xlsx reader (src/formats/xlsx.c).
 *
 * Small workbooks are written at run time with libzip (no binary fixtures); the publisher
 * files under the shared data directory are read when present and skipped otherwise.
 * XLSX_TEST_CORPUS_DIR=dir also copies every generated workbook there (fuzz seeds). */
#ifndef _POSIX_C_SOURCE
#define _POSIX_C_SOURCE 200809L /* mkdtemp */
#endif
#include <setjmp.h> /* cmocka needs these first */
#include <stdarg.h>
#include <stddef.h>
#include <stdint.h>
#include <cmocka.h>

#include <math.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/stat.h>
#include <unistd.h>
#include <zip.h>

#include "formats/xlsx.h"

#define NS_MAIN "http://schemas.openxmlformats.org/spreadsheetml/2006/main"
#define NS_R "http://schemas.openxmlformats.org/officeDocument/2006/relationships"
#define NS_PKG "http://schemas.openxmlformats.org/package/2006/relationships"
#define XML_DECL "<?xml version=\"1.0\" encoding=\"UTF-8\" standalone=\"yes\"?>\n"
#define REL(id, type, target) \
    "<Relationship Id=\"" id "\" Type=\"" NS_R "/" type "\" Target=\"" target "\"/>"
#define SHEET_XML(rows) \
    XML_DECL "<worksheet xmlns=\"" NS_MAIN "\" xmlns:r=\"" NS_R "\"><sheetData>" rows \
    "</sheetData></worksheet>"

static const char CONTENT_TYPES[] =
    XML_DECL "<Types xmlns=\"http://schemas.openxmlformats.org/package/2006/content-types\">"
    "<Default Extension=\"xml\" ContentType=\"application/xml\"/></Types>";
static const char ROOT_RELS[] =
    XML_DECL "<Relationships xmlns=\"" NS_PKG "\">" REL("rId1", "officeDocument", "xl/workbook.xml")
    "</Relationships>";

typedef struct part {
    const char *name;
    const char *xml;
} part;

static char g_tmpdir[64];
static char g_book_path[128]; /* g_tmpdir/book.xlsx */
static unsigned g_corpus_seq;

/* ---------------------------------------------------------------- building workbooks */

static void write_bytes(const char *path, const void *data, size_t len)
{
    FILE *f = fopen(path, "wb");
    assert_non_null(f);
    assert_int_equal(fwrite(data, 1, len, f), len);
    assert_int_equal(fclose(f), 0);
}

static void *read_bytes(const char *path, size_t *len)
{
    FILE *f = fopen(path, "rb");
    assert_non_null(f);
    assert_int_equal(fseek(f, 0, SEEK_END), 0);
    long size = ftell(f);
    assert_true(size >= 0);
    rewind(f);
    void *data = malloc((size_t)size + 1);
    assert_non_null(data);
    assert_int_equal(fread(data, 1, (size_t)size, f), (size_t)size);
    fclose(f);
    *len = (size_t)size;
    return data;
}

/* Write the parts as a zip to path (deflated, or stored when store is set). */
static void write_zip_mode(const char *path, const part *parts, size_t n, int store)
{
    int zip_code = 0;
    zip_t *za = zip_open(path, ZIP_CREATE | ZIP_TRUNCATE, &zip_code);
    assert_non_null(za);
    for (size_t i = 0; i < n; i++) {
        zip_source_t *src = zip_source_buffer(za, parts[i].xml, strlen(parts[i].xml), 0);
        assert_non_null(src);
        zip_int64_t idx = zip_file_add(za, parts[i].name, src, ZIP_FL_OVERWRITE);
        assert_true(idx >= 0);
        if (store)
            assert_int_equal(zip_set_file_compression(za, (zip_uint64_t)idx, ZIP_CM_STORE, 0), 0);
    }
    assert_int_equal(zip_close(za), 0);
}

static void write_zip(const char *path, const part *parts, size_t n)
{
    write_zip_mode(path, parts, n, 0);
    const char *corpus = getenv("XLSX_TEST_CORPUS_DIR");
    if (corpus && *corpus) {
        char seed[512];
        snprintf(seed, sizeof seed, "%s/seed_%03u_deflate.xlsx", corpus, g_corpus_seq);
        write_zip_mode(seed, parts, n, 0);
        snprintf(seed, sizeof seed, "%s/seed_%03u_store.xlsx", corpus, g_corpus_seq++);
        write_zip_mode(seed, parts, n, 1);
    }
}

/* A conventional workbook: sheets named names[i] in xl/worksheets/sheet<i+1>.xml, optional
 * shared strings. */
static void write_book(const char *path, size_t n_sheets, const char *const *names,
                       const char *const *sheet_xml, const char *sst_xml)
{
    static char workbook[4096], rels[4096], sheet_names[8][64];
    part parts[16];
    size_t n = 0;
    int wb_len = snprintf(workbook, sizeof workbook,
                          XML_DECL "<workbook xmlns=\"" NS_MAIN "\" xmlns:r=\"" NS_R "\"><sheets>");
    int rels_len = snprintf(rels, sizeof rels, XML_DECL "<Relationships xmlns=\"" NS_PKG "\">");
    assert_true(n_sheets <= 8);
    for (size_t i = 0; i < n_sheets; i++) {
        wb_len += snprintf(workbook + wb_len, sizeof workbook - (size_t)wb_len,
                           "<sheet name=\"%s\" sheetId=\"%zu\" r:id=\"rId%zu\"/>", names[i],
                           i + 1, i + 1);
        rels_len += snprintf(rels + rels_len, sizeof rels - (size_t)rels_len,
                             "<Relationship Id=\"rId%zu\" Type=\"" NS_R "/worksheet\" "
                             "Target=\"worksheets/sheet%zu.xml\"/>", i + 1, i + 1);
        snprintf(sheet_names[i], sizeof sheet_names[i], "xl/worksheets/sheet%zu.xml", i + 1);
        parts[n++] = (part){sheet_names[i], sheet_xml[i]};
    }
    snprintf(workbook + wb_len, sizeof workbook - (size_t)wb_len, "</sheets></workbook>");
    if (sst_xml) {
        rels_len += snprintf(rels + rels_len, sizeof rels - (size_t)rels_len,
                             REL("rIdS", "sharedStrings", "sharedStrings.xml"));
        parts[n++] = (part){"xl/sharedStrings.xml", sst_xml};
    }
    snprintf(rels + rels_len, sizeof rels - (size_t)rels_len, "</Relationships>");
    parts[n++] = (part){"[Content_Types].xml", CONTENT_TYPES};
    parts[n++] = (part){"_rels/.rels", ROOT_RELS};
    parts[n++] = (part){"xl/workbook.xml", workbook};
    parts[n++] = (part){"xl/_rels/workbook.xml.rels", rels};
    write_zip(path, parts, n);
}

/* One sheet called "Sheet1". */
static void write_simple(const char *sheet_xml, const char *sst_xml)
{
    const char *names[] = {"Sheet1"};
    write_book(g_book_path, 1, names, &sheet_xml, sst_xml);
}

/* ---------------------------------------------------------------- collecting rows */

typedef struct collector {
    char text[16384]; /* "1: A1=n:1 B1=s:x\n" per row */
    size_t len;
    size_t rows;
    size_t stop_after; /* 0: never */
} collector;

static int collect_row(void *ud, uint32_t row, const xlsx_cell *cells, size_t ncells)
{
    collector *c = ud;
    char ref[16];
    c->len += (size_t)snprintf(c->text + c->len, sizeof c->text - c->len, "%u:", row);
    for (size_t i = 0; i < ncells; i++) {
        const xlsx_cell *cell = &cells[i];
        assert_int_equal(cell->row, row);
        if (i > 0)
            assert_true(cell->col > cells[i - 1].col);
        mg_xlsx_cellref(ref, cell->row, cell->col);
        switch (cell->type) {
        case XLSX_NUMBER:
            c->len += (size_t)snprintf(c->text + c->len, sizeof c->text - c->len, " %s=n:%.15g",
                                       ref, cell->num);
            break;
        case XLSX_BOOL:
            c->len += (size_t)snprintf(c->text + c->len, sizeof c->text - c->len, " %s=b:%g",
                                       ref, cell->num);
            break;
        case XLSX_STRING:
        case XLSX_ERROR:
            assert_non_null(cell->str);
            assert_int_equal(strlen(cell->str), cell->len);
            c->len += (size_t)snprintf(c->text + c->len, sizeof c->text - c->len, " %s=%c:%s",
                                       ref, cell->type == XLSX_STRING ? 's' : 'e', cell->str);
            break;
        case XLSX_EMPTY:
            fail_msg("empty cell delivered at %s", ref);
        }
    }
    c->len += (size_t)snprintf(c->text + c->len, sizeof c->text - c->len, "\n");
    assert_true(c->len < sizeof c->text - 1);
    c->rows++;
    return c->stop_after && c->rows >= c->stop_after;
}

/* Open g_book_path and read sheet 0 into c; returns the status of the first failing step. */
static migdip_status read_first_sheet(collector *c, mg_err *err)
{
    xlsx_book *b = NULL;
    memset(c->text, 0, sizeof c->text);
    c->len = 0;
    c->rows = 0;
    migdip_status rc = mg_xlsx_open(g_book_path, &b, err);
    if (rc == MIGDIP_OK)
        rc = mg_xlsx_read_sheet(b, 0, collect_row, c, err);
    mg_xlsx_close(b);
    return rc;
}

/* Expected message: "<g_book_path>: <rest>". */
static void assert_msg(const mg_err *err, const char *rest)
{
    char want[1024];
    snprintf(want, sizeof want, "%s: %s", g_book_path, rest);
    assert_string_equal(err->msg, want);
}

/* ---------------------------------------------------------------- unit tests */

static void test_cell_types(void **state)
{
    (void)state;
    const char *sst =
        XML_DECL "<sst xmlns=\"" NS_MAIN "\" count=\"6\" uniqueCount=\"6\">"
        "<si><t>Plain</t></si>"
        "<si><r><rPr><b/></rPr><t>Rich</t></r><r><t xml:space=\"preserve\"> text</t></r>"
        "<rPh sb=\"0\" eb=\"1\"><t>PHONETIC</t></rPh></si>"
        "<si><t>A &amp; B &lt;c&gt; &#233;</t></si>"
        "<si><t xml:space=\"preserve\">  padded  </t></si>"
        "<si><t/></si>"
        "<si><t>line_x000D_break_x005F_x</t></si>"
        "</sst>";
    const char *sheet = SHEET_XML(
        "<row r=\"1\" spans=\"1:9\">"
        "<c r=\"A1\" t=\"s\"><v>0</v></c>"
        "<c r=\"B1\" t=\"s\"><v>1</v></c>"
        "<c r=\"C1\" s=\"3\"/>" /* styled but empty: not delivered */
        "<c r=\"D1\" t=\"s\"><v>2</v></c>"
        "<c r=\"E1\" t=\"s\"><v>3</v></c>"
        "<c r=\"F1\" t=\"s\"><v>4</v></c>"
        "<c r=\"G1\" t=\"s\"><v>5</v></c>"
        "</row>"
        "<row r=\"2\">"
        "<c r=\"A2\"><v>42</v></c>"
        "<c r=\"B2\" t=\"n\"><v>-1.5E-3</v></c>"
        "<c r=\"C2\" t=\"b\"><v>1</v></c>"
        "<c r=\"D2\" t=\"b\"><v>0</v></c>"
        "<c r=\"E2\" t=\"e\"><v>#N/A</v></c>"
        "<c r=\"F2\" t=\"str\"><f>CONCAT(\"a\",\"b\")</f><v>ab</v></c>"
        "<c r=\"G2\" t=\"inlineStr\"><is><r><t>in</t></r><r><t>line</t></r>"
        "<rPh><t>X</t></rPh></is></c>"
        "<c r=\"H2\" t=\"d\"><v>2021-06-30T00:00:00</v></c>"
        "<c r=\"I2\"><f>1+1</f><v>2</v></c>"
        "<c r=\"J2\"><v></v></c>" /* empty value: not delivered */
        "</row>");
    write_simple(sheet, sst);
    collector c = {0};
    mg_err err = {0};
    assert_int_equal(read_first_sheet(&c, &err), MIGDIP_OK);
    assert_string_equal(c.text,
                        "1: A1=s:Plain B1=s:Rich text D1=s:A & B <c> \xC3\xA9 E1=s:  padded   "
                        "F1=s: G1=s:line\rbreak_x\n"
                        "2: A2=n:42 B2=n:-0.0015 C2=b:1 D2=b:0 E2=e:#N/A F2=s:ab G2=s:inline "
                        "H2=s:2021-06-30T00:00:00 I2=n:2\n");
}

/* An empty first shared string (<si><t/></si>, the pool still empty): read as "", with no
 * pointer arithmetic on the empty pool (undefined behaviour the sanitizer build aborts on). */
static void test_empty_first_shared_string(void **state)
{
    (void)state;
    const char *sst = XML_DECL "<sst xmlns=\"" NS_MAIN "\" count=\"3\" uniqueCount=\"3\">"
                      "<si><t/></si><si><t></t></si><si><t>x_x0041_</t></si></sst>";
    const char *sheet = SHEET_XML("<row r=\"1\"><c r=\"A1\" t=\"s\"><v>0</v></c>"
                                  "<c r=\"B1\" t=\"s\"><v>1</v></c><c r=\"C1\" t=\"s\"><v>2</v></c></row>");
    write_simple(sheet, sst);
    collector c = {0};
    mg_err err = {0};
    assert_int_equal(read_first_sheet(&c, &err), MIGDIP_OK);
    assert_string_equal(c.text, "1: A1=s: B1=s: C1=s:xA\n");
}

static void test_missing_refs(void **state)
{
    (void)state;
    const char *sheet = SHEET_XML(
        "<row><c><v>1</v></c><c t=\"inlineStr\"><is><t>x</t></is></c></row>"
        "<row r=\"5\"><c r=\"C5\"><v>3</v></c><c><v>4</v></c></row>"
        "<row><c><v>5</v></c><c/><c><v>7</v></c></row>"
        "<row><c r=\"B9\"><v>9</v></c><c><v>10</v></c></row>"
        "<row r=\"10\"/>" /* no cells: no callback */
        "<row><c><v>11</v></c></row>");
    write_simple(sheet, NULL);
    collector c = {0};
    mg_err err = {0};
    assert_int_equal(read_first_sheet(&c, &err), MIGDIP_OK);
    assert_string_equal(c.text, "1: A1=n:1 B1=s:x\n"
                                "5: C5=n:3 D5=n:4\n"
                                "6: A6=n:5 C6=n:7\n"
                                "9: B9=n:9 C9=n:10\n"
                                "11: A11=n:11\n");
}

static void test_unsorted_and_duplicate_cells(void **state)
{
    (void)state;
    collector c = {0};
    mg_err err = {0};
    write_simple(SHEET_XML("<row r=\"1\"><c r=\"C1\"><v>3</v></c><c r=\"A1\"><v>1</v></c>"
                           "<c r=\"B1\"><v>2</v></c></row>"), NULL);
    assert_int_equal(read_first_sheet(&c, &err), MIGDIP_OK);
    assert_string_equal(c.text, "1: A1=n:1 B1=n:2 C1=n:3\n");

    write_simple(SHEET_XML("<row r=\"1\"><c r=\"B1\"><v>2</v></c><c r=\"A1\"><v>1</v></c>"
                           "<c r=\"B1\"><v>3</v></c></row>"), NULL);
    assert_int_equal(read_first_sheet(&c, &err), MIGDIP_ERR_PARSE);
    assert_msg(&err, "sheet \"Sheet1\": cell B1 appears twice");

    write_simple(SHEET_XML("<row r=\"4\"><c r=\"A5\"><v>1</v></c></row>"), NULL);
    assert_int_equal(read_first_sheet(&c, &err), MIGDIP_ERR_PARSE);
    assert_msg(&err, "sheet \"Sheet1\": cell A5 is inside row 4");
}

static void test_find_sheet(void **state)
{
    (void)state;
    const char *names[] = {"Table 1", "FINAL BRM 2021 ", "data", "Data ", "Notes"};
    const char *sheets[5];
    for (size_t i = 0; i < 5; i++)
        sheets[i] = SHEET_XML("");
    write_book(g_book_path, 5, names, sheets, NULL);
    xlsx_book *b = NULL;
    mg_err err = {0};
    assert_int_equal(mg_xlsx_open(g_book_path, &b, &err), MIGDIP_OK);
    assert_int_equal(mg_xlsx_sheet_count(b), 5);
    assert_string_equal(mg_xlsx_sheet_name(b, 1), "FINAL BRM 2021 ");
    assert_null(mg_xlsx_sheet_name(b, 5));
    assert_int_equal(mg_xlsx_find_sheet(b, "Table 1"), 0);
    assert_int_equal(mg_xlsx_find_sheet(b, "FINAL BRM 2021 "), 1);
    assert_int_equal(mg_xlsx_find_sheet(b, "FINAL BRM 2021"), 1);
    assert_int_equal(mg_xlsx_find_sheet(b, " final brm 2021"), 1);
    assert_int_equal(mg_xlsx_find_sheet(b, "data"), 2);   /* exact beats fallback */
    assert_int_equal(mg_xlsx_find_sheet(b, "Data "), 3);
    assert_int_equal(mg_xlsx_find_sheet(b, "DATA"), -1);  /* two loose matches: ambiguous */
    assert_int_equal(mg_xlsx_find_sheet(b, "notes "), 4);
    assert_int_equal(mg_xlsx_find_sheet(b, "Table"), -1);
    assert_int_equal(mg_xlsx_find_sheet(b, NULL), -1);
    assert_int_equal(mg_xlsx_read_sheet(b, 5, collect_row, NULL, &err), MIGDIP_ERR_USAGE);
    mg_xlsx_close(b);
    assert_int_equal(mg_xlsx_sheet_count(NULL), 0);
    assert_int_equal(mg_xlsx_find_sheet(NULL, "x"), -1);
    mg_xlsx_close(NULL);
}

/* Rels with absolute and "../" targets, unusual part names, workbook order != rels order. */
static void test_rels_targets(void **state)
{
    (void)state;
    const part parts[] = {
        {"[Content_Types].xml", CONTENT_TYPES},
        {"_rels/.rels", ROOT_RELS},
        {"xl/workbook.xml",
         XML_DECL "<workbook xmlns=\"" NS_MAIN "\" xmlns:r=\"" NS_R "\"><sheets>"
         "<sheet name=\"First\" sheetId=\"3\" r:id=\"rId9\"/>"
         "<sheet name=\"Second\" sheetId=\"1\" r:id=\"rId2\"/>"
         "</sheets></workbook>"},
        {"xl/_rels/workbook.xml.rels",
         XML_DECL "<Relationships xmlns=\"" NS_PKG "\">"
         REL("rId2", "worksheet", "../xl/tables/./second.xml")
         REL("rId5", "sharedStrings", "/xl/strings.xml")
         REL("rId9", "worksheet", "/xl/tables/first.xml")
         "<Relationship Id=\"rId3\" Type=\"" NS_R "/hyperlink\" Target=\"https://x.org/\" "
         "TargetMode=\"External\"/></Relationships>"},
        {"xl/strings.xml", XML_DECL "<sst xmlns=\"" NS_MAIN "\"><si><t>one</t></si>"
                           "<si><t>two</t></si></sst>"},
        {"xl/tables/first.xml", SHEET_XML("<row r=\"1\"><c r=\"A1\" t=\"s\"><v>0</v></c></row>")},
        {"xl/tables/second.xml", SHEET_XML("<row r=\"2\"><c r=\"B2\" t=\"s\"><v>1</v></c></row>")},
    };
    write_zip(g_book_path, parts, sizeof parts / sizeof parts[0]);
    xlsx_book *b = NULL;
    mg_err err = {0};
    collector c = {0};
    assert_int_equal(mg_xlsx_open(g_book_path, &b, &err), MIGDIP_OK);
    assert_int_equal(mg_xlsx_sheet_count(b), 2);
    assert_string_equal(mg_xlsx_sheet_name(b, 0), "First");
    assert_int_equal(mg_xlsx_read_sheet(b, 0, collect_row, &c, &err), MIGDIP_OK);
    assert_int_equal(mg_xlsx_read_sheet(b, 1, collect_row, &c, &err), MIGDIP_OK);
    assert_string_equal(c.text, "1: A1=s:one\n2: B2=s:two\n");
    mg_xlsx_close(b);
}

/* Every element prefixed (x:, pr:), workbook at a non-default path found via _rels/.rels. */
static void test_prefixed_namespaces(void **state)
{
    (void)state;
    const part parts[] = {
        {"[Content_Types].xml", CONTENT_TYPES},
        {"_rels/.rels", XML_DECL "<pr:Relationships xmlns:pr=\"" NS_PKG "\">"
                        "<pr:Relationship Id=\"rId1\" Type=\"" NS_R "/officeDocument\" "
                        "Target=\"/book/main.xml\"/></pr:Relationships>"},
        {"book/main.xml",
         XML_DECL "<x:workbook xmlns:x=\"" NS_MAIN "\" xmlns:rel=\"" NS_R "\"><x:sheets>"
         "<x:sheet name=\"Pref\" sheetId=\"1\" rel:id=\"R1\"/></x:sheets></x:workbook>"},
        {"book/_rels/main.xml.rels",
         XML_DECL "<pr:Relationships xmlns:pr=\"" NS_PKG "\">"
         "<pr:Relationship Id=\"R1\" Type=\"" NS_R "/worksheet\" Target=\"s/one.xml\"/>"
         "<pr:Relationship Id=\"R2\" Type=\"" NS_R "/sharedStrings\" Target=\"sst.xml\"/>"
         "</pr:Relationships>"},
        {"book/sst.xml", XML_DECL "<x:sst xmlns:x=\"" NS_MAIN "\"><x:si><x:r><x:t>pre</x:t>"
                         "</x:r><x:r><x:t>fixed</x:t></x:r></x:si></x:sst>"},
        {"book/s/one.xml",
         XML_DECL "<x:worksheet xmlns:x=\"" NS_MAIN "\"><x:sheetData><x:row x:r=\"3\">"
         "<x:c r=\"A3\" t=\"s\"><x:v>0</x:v></x:c><x:c t=\"inlineStr\"><x:is><x:t>in</x:t>"
         "</x:is></x:c><x:c><x:v>2.5</x:v></x:c></x:row></x:sheetData></x:worksheet>"},
    };
    write_zip(g_book_path, parts, sizeof parts / sizeof parts[0]);
    collector c = {0};
    mg_err err = {0};
    assert_int_equal(read_first_sheet(&c, &err), MIGDIP_OK);
    assert_string_equal(c.text, "3: A3=s:prefixed B3=s:in C3=n:2.5\n");
}

static void test_early_stop(void **state)
{
    (void)state;
    write_simple(SHEET_XML("<row r=\"1\"><c><v>1</v></c></row><row r=\"2\"><c><v>2</v></c></row>"
                           "<row r=\"3\"><c><v>3</v></c></row><row r=\"4\"><c t=\"x\"/></row>"),
                 NULL);
    collector c = {.stop_after = 2};
    mg_err err = {0};
    assert_int_equal(read_first_sheet(&c, &err), MIGDIP_OK);
    assert_int_equal(c.rows, 2);
    assert_string_equal(c.text, "1: A1=n:1\n2: A2=n:2\n");
}

static void test_empty_sheet(void **state)
{
    (void)state;
    const char *names[] = {"Empty", "NoData", "Blank rows"};
    const char *sheets[] = {
        SHEET_XML(""),
        XML_DECL "<worksheet xmlns=\"" NS_MAIN "\"><dimension ref=\"A1\"/></worksheet>",
        SHEET_XML("<row r=\"1\"><c r=\"A1\" s=\"1\"/></row><row r=\"2\"/>"),
    };
    write_book(g_book_path, 3, names, sheets, NULL);
    xlsx_book *b = NULL;
    mg_err err = {0};
    collector c = {0};
    assert_int_equal(mg_xlsx_open(g_book_path, &b, &err), MIGDIP_OK);
    for (size_t i = 0; i < 3; i++)
        assert_int_equal(mg_xlsx_read_sheet(b, i, collect_row, &c, &err), MIGDIP_OK);
    assert_int_equal(c.rows, 0);
    mg_xlsx_close(b);
}

static void test_missing_shared_strings(void **state)
{
    (void)state;
    collector c = {0};
    mg_err err = {0};
    write_simple(SHEET_XML("<row r=\"1\"><c><v>1</v></c><c t=\"inlineStr\"><is><t>x</t></is></c>"
                           "</row>"), NULL);
    assert_int_equal(read_first_sheet(&c, &err), MIGDIP_OK);
    assert_string_equal(c.text, "1: A1=n:1 B1=s:x\n");

    write_simple(SHEET_XML("<row r=\"2\"><c r=\"C2\" t=\"s\"><v>0</v></c></row>"), NULL);
    assert_int_equal(read_first_sheet(&c, &err), MIGDIP_ERR_PARSE);
    assert_msg(&err, "sheet \"Sheet1\" cell C2: shared-string index 0 out of range (the "
                     "workbook has 0 shared strings)");

    write_simple(SHEET_XML("<row r=\"2\"><c r=\"C2\" t=\"s\"><v>1</v></c></row>"),
                 XML_DECL "<sst xmlns=\"" NS_MAIN "\"><si><t>only</t></si></sst>");
    assert_int_equal(read_first_sheet(&c, &err), MIGDIP_ERR_PARSE);
    assert_msg(&err, "sheet \"Sheet1\" cell C2: shared-string index 1 out of range (the "
                     "workbook has 1 shared strings)");

    write_simple(SHEET_XML("<row r=\"2\"><c r=\"C2\" t=\"s\"><v>x1</v></c></row>"),
                 XML_DECL "<sst xmlns=\"" NS_MAIN "\"><si><t>only</t></si></sst>");
    assert_int_equal(read_first_sheet(&c, &err), MIGDIP_ERR_PARSE);
    assert_msg(&err, "sheet \"Sheet1\" cell C2: expected a shared-string index, got \"x1\"");
}

static void test_bad_values(void **state)
{
    (void)state;
    collector c = {0};
    mg_err err = {0};
    const char *names[] = {"Table 1"};
    const char *sheet = SHEET_XML("<row r=\"12\"><c r=\"B12\"><v>1</v></c><c r=\"C12\"><v>abc</v>"
                                  "</c></row>");
    write_book(g_book_path, 1, names, &sheet, NULL);
    assert_int_equal(read_first_sheet(&c, &err), MIGDIP_ERR_PARSE);
    assert_msg(&err, "sheet \"Table 1\" cell C12: expected a number, got \"abc\"");
    assert_int_equal(c.rows, 0);

    const char *bad[] = {"<v>1.5x</v>", "<v>nan</v>", "<v>1e999</v>", "<v>1,5</v>"};
    for (size_t i = 0; i < 4; i++) {
        char xml[512];
        snprintf(xml, sizeof xml, SHEET_XML("<row r=\"1\"><c r=\"A1\">%s</c></row>"), bad[i]);
        write_simple(xml, NULL);
        assert_int_equal(read_first_sheet(&c, &err), MIGDIP_ERR_PARSE);
        assert_non_null(strstr(err.msg, "cell A1: expected a number"));
    }
    write_simple(SHEET_XML("<row r=\"1\"><c r=\"A1\"><v> 7 </v></c></row>"), NULL);
    assert_int_equal(read_first_sheet(&c, &err), MIGDIP_OK);
    assert_string_equal(c.text, "1: A1=n:7\n");

    write_simple(SHEET_XML("<row r=\"1\"><c r=\"A1\" t=\"b\"><v>yes</v></c></row>"), NULL);
    assert_int_equal(read_first_sheet(&c, &err), MIGDIP_ERR_PARSE);
    assert_msg(&err, "sheet \"Sheet1\" cell A1: expected a boolean 0 or 1, got \"yes\"");

    write_simple(SHEET_XML("<row r=\"1\"><c r=\"A1\" t=\"zz\"><v>1</v></c></row>"), NULL);
    assert_int_equal(read_first_sheet(&c, &err), MIGDIP_ERR_PARSE);
    assert_msg(&err, "sheet \"Sheet1\" cell A1: unknown cell type t=\"zz\"");

    write_simple(SHEET_XML("<row r=\"1\"><c r=\"1A\"><v>1</v></c></row>"), NULL);
    assert_int_equal(read_first_sheet(&c, &err), MIGDIP_ERR_PARSE);
    assert_msg(&err, "sheet \"Sheet1\" row 1: bad cell reference \"1A\"");
}

static void test_caps(void **state)
{
    (void)state;
    collector c = {0};
    mg_err err = {0};
    write_simple(SHEET_XML("<row r=\"1048577\"><c><v>1</v></c></row>"), NULL);
    assert_int_equal(read_first_sheet(&c, &err), MIGDIP_ERR_LIMIT);
    assert_msg(&err, "sheet \"Sheet1\": row number 1048577 is over 1048576");

    write_simple(SHEET_XML("<row r=\"1048576\"><c r=\"XFD1048576\"><v>1</v></c></row>"), NULL);
    assert_int_equal(read_first_sheet(&c, &err), MIGDIP_OK);
    assert_string_equal(c.text, "1048576: XFD1048576=n:1\n");

    write_simple(SHEET_XML("<row r=\"1\"><c r=\"XFE1\"><v>1</v></c></row>"), NULL);
    assert_int_equal(read_first_sheet(&c, &err), MIGDIP_ERR_LIMIT);
    assert_non_null(strstr(err.msg, "cell reference \"XFE1\" beyond 1048576 rows x 16384 columns"));

    /* 16385 cells without r in one row */
    size_t cell_len = strlen("<c><v>1</v></c>");
    size_t cap = 16385 * cell_len + 1024;
    char *xml = malloc(cap);
    assert_non_null(xml);
    size_t len = (size_t)snprintf(xml, cap, XML_DECL "<worksheet xmlns=\"" NS_MAIN "\">"
                                  "<sheetData><row r=\"1\">");
    for (size_t i = 0; i < 16385; i++) {
        memcpy(xml + len, "<c><v>1</v></c>", cell_len);
        len += cell_len;
    }
    snprintf(xml + len, cap - len, "</row></sheetData></worksheet>");
    write_simple(xml, NULL);
    assert_int_equal(read_first_sheet(&c, &err), MIGDIP_ERR_LIMIT);
    assert_msg(&err, "sheet \"Sheet1\" row 1: more than 16384 columns");
    free(xml);

    /* one shared string over 1 MiB; counts in attributes are not trusted */
    size_t big = XLSX_MAX_STRING_BYTES + 1;
    cap = big + 1024;
    xml = malloc(cap);
    assert_non_null(xml);
    len = (size_t)snprintf(xml, cap, XML_DECL "<sst xmlns=\"" NS_MAIN "\" count=\"4000000000\" "
                           "uniqueCount=\"4000000000\"><si><t>");
    memset(xml + len, 'a', big);
    len += big;
    snprintf(xml + len, cap - len, "</t></si></sst>");
    write_simple(SHEET_XML(""), xml);
    assert_int_equal(read_first_sheet(&c, &err), MIGDIP_ERR_LIMIT);
    assert_msg(&err, "xl/sharedStrings.xml: shared string 0 is longer than 1048576 bytes");
    free(xml);

    write_simple(SHEET_XML("<row r=\"1\"><c r=\"A1\" t=\"s\"><v>0</v></c></row>"),
                 XML_DECL "<sst xmlns=\"" NS_MAIN "\" count=\"4000000000\" "
                 "uniqueCount=\"4000000000\"><si><t>ok</t></si></sst>");
    assert_int_equal(read_first_sheet(&c, &err), MIGDIP_OK);
    assert_string_equal(c.text, "1: A1=s:ok\n");
}

static void test_xml_errors(void **state)
{
    (void)state;
    collector c = {0};
    mg_err err = {0};
    const part parts[] = {
        {"[Content_Types].xml", CONTENT_TYPES},
        {"_rels/.rels", ROOT_RELS},
        {"xl/workbook.xml", XML_DECL "<workbook xmlns=\"" NS_MAIN "\"><sheets>\n"
                            "<sheet name=\"a\"></sheets>\n</workbook>"},
    };
    write_zip(g_book_path, parts, 3);
    assert_int_equal(read_first_sheet(&c, &err), MIGDIP_ERR_PARSE);
    assert_msg(&err, "xl/workbook.xml: XML error at line 3: mismatched tag");

    write_simple(SHEET_XML("<row r=\"1\"><c r=\"A1\"><v>1</v></c></row><row>"), NULL);
    assert_int_equal(read_first_sheet(&c, &err), MIGDIP_ERR_PARSE);
    assert_non_null(strstr(err.msg, "sheet \"Sheet1\" (xl/worksheets/sheet1.xml): XML error at "
                                    "line 2: mismatched tag"));
    assert_int_equal(c.rows, 1); /* rows before the error were delivered */

    write_simple(XML_DECL "<!DOCTYPE x [<!ENTITY a \"aaaa\">]><worksheet/>", NULL);
    assert_int_equal(read_first_sheet(&c, &err), MIGDIP_ERR_PARSE);
    assert_msg(&err, "sheet \"Sheet1\" (xl/worksheets/sheet1.xml): DTD not allowed in an xlsx part");
}

static void test_missing_parts(void **state)
{
    (void)state;
    collector c = {0};
    mg_err err = {0};
    const char *workbook = XML_DECL "<workbook xmlns=\"" NS_MAIN "\" xmlns:r=\"" NS_R "\"><sheets>"
                           "<sheet name=\"Gone\" sheetId=\"1\" r:id=\"rId1\"/>"
                           "<sheet name=\"Unlinked\" sheetId=\"2\" r:id=\"rId7\"/></sheets></workbook>";
    const part parts[] = {
        {"[Content_Types].xml", CONTENT_TYPES},
        {"_rels/.rels", ROOT_RELS},
        {"xl/workbook.xml", workbook},
        {"xl/_rels/workbook.xml.rels", XML_DECL "<Relationships xmlns=\"" NS_PKG "\">"
                                       REL("rId1", "worksheet", "worksheets/gone.xml")
                                       "</Relationships>"},
    };
    write_zip(g_book_path, parts, 4);
    xlsx_book *b = NULL;
    assert_int_equal(mg_xlsx_open(g_book_path, &b, &err), MIGDIP_OK);
    assert_int_equal(mg_xlsx_read_sheet(b, 0, collect_row, &c, &err), MIGDIP_ERR_SCHEMA);
    assert_msg(&err, "sheet \"Gone\": part xl/worksheets/gone.xml missing from the archive");
    assert_int_equal(mg_xlsx_read_sheet(b, 1, collect_row, &c, &err), MIGDIP_ERR_SCHEMA);
    assert_msg(&err, "sheet \"Unlinked\": relationship \"rId7\" not found in the workbook "
                     "relationships");
    mg_xlsx_close(b);

    write_zip(g_book_path, parts, 3); /* no workbook rels */
    assert_int_equal(read_first_sheet(&c, &err), MIGDIP_ERR_SCHEMA);
    assert_msg(&err, "xl/_rels/workbook.xml.rels: part missing from the archive");

    write_zip(g_book_path, parts, 1); /* a zip that is not a workbook */
    assert_int_equal(read_first_sheet(&c, &err), MIGDIP_ERR_SCHEMA);
    assert_msg(&err, "xl/workbook.xml: part missing from the archive (not an xlsx workbook?)");
}

static void test_not_a_zip(void **state)
{
    (void)state;
    collector c = {0};
    mg_err err = {0};
    write_bytes(g_book_path, "Country,Value\nFrance,1\n", 23);
    assert_int_equal(read_first_sheet(&c, &err), MIGDIP_ERR_PARSE);
    assert_msg(&err, "not a zip archive (xlsx expected), or truncated");

    static const unsigned char ole[16] = {0xD0, 0xCF, 0x11, 0xE0, 0xA1, 0xB1, 0x1A, 0xE1};
    write_bytes(g_book_path, ole, sizeof ole);
    assert_int_equal(read_first_sheet(&c, &err), MIGDIP_ERR_PARSE);
    assert_non_null(strstr(err.msg, "OLE2"));

    xlsx_book *b = (xlsx_book *)&c; /* must be reset to NULL on failure */
    assert_int_equal(mg_xlsx_open_mem("PK\3\4junk", 9, &b, &err), MIGDIP_ERR_PARSE);
    assert_null(b);
    assert_string_equal(err.msg, "<memory>: not a zip archive (xlsx expected), or truncated");
    assert_int_equal(mg_xlsx_open_mem(NULL, 0, &b, &err), MIGDIP_ERR_PARSE);

    char missing[160];
    snprintf(missing, sizeof missing, "%s/no-such.xlsx", g_tmpdir);
    assert_int_equal(mg_xlsx_open(missing, &b, &err), MIGDIP_ERR_IO);
    assert_non_null(strstr(err.msg, "no-such.xlsx: cannot read"));
}

/* A workbook big enough that its sheet spans several deflate blocks. */
static void write_sample_book(void)
{
    static char sheet[64 * 1024];
    size_t len = (size_t)snprintf(sheet, sizeof sheet, XML_DECL "<worksheet xmlns=\"" NS_MAIN
                                  "\"><sheetData>");
    for (int r = 1; r <= 300; r++)
        len += (size_t)snprintf(sheet + len, sizeof sheet - len,
                                "<row r=\"%d\"><c r=\"A%d\" t=\"s\"><v>%d</v></c><c r=\"B%d\">"
                                "<v>%d.25</v></c></row>", r, r, r % 3, r, r * 7919 % 1000);
    snprintf(sheet + len, sizeof sheet - len, "</sheetData></worksheet>");
    write_simple(sheet, XML_DECL "<sst xmlns=\"" NS_MAIN "\"><si><t>a</t></si><si><t>b</t></si>"
                        "<si><r><t>c</t></r></si></sst>");
}

static migdip_status read_all_mem(const void *data, size_t len, size_t *rows, mg_err *err)
{
    xlsx_book *b = NULL;
    collector *c = calloc(1, sizeof *c);
    assert_non_null(c);
    migdip_status rc = mg_xlsx_open_mem(data, len, &b, err);
    for (size_t i = 0; rc == MIGDIP_OK && i < mg_xlsx_sheet_count(b); i++) {
        c->len = 0; /* keep only the last row's text: big sheets */
        rc = mg_xlsx_read_sheet(b, i, collect_row, c, err);
    }
    *rows = c->rows;
    free(c);
    mg_xlsx_close(b);
    return rc;
}

static void test_open_mem_copies(void **state)
{
    (void)state;
    write_sample_book();
    size_t len = 0, rows = 0;
    unsigned char *data = read_bytes(g_book_path, &len);
    xlsx_book *b = NULL;
    mg_err err = {0};
    assert_int_equal(mg_xlsx_open_mem(data, len, &b, &err), MIGDIP_OK);
    memset(data, 0, len); /* the book holds its own copy */
    free(data);
    collector *c = calloc(1, sizeof *c);
    assert_non_null(c);
    c->stop_after = 3;
    assert_int_equal(mg_xlsx_read_sheet(b, 0, collect_row, c, &err), MIGDIP_OK);
    assert_string_equal(c->text, "1: A1=s:b B1=n:919.25\n2: A2=s:c B2=n:838.25\n"
                                 "3: A3=s:a B3=n:757.25\n");
    free(c);
    mg_xlsx_close(b);
    (void)rows;
}

static void test_truncated(void **state)
{
    (void)state;
    write_sample_book();
    size_t len = 0, rows = 0;
    unsigned char *data = read_bytes(g_book_path, &len);
    mg_err err = {0};
    assert_int_equal(read_all_mem(data, len, &rows, &err), MIGDIP_OK);
    assert_int_equal(rows, 300);

    /* truncated files on disk: the central directory is gone */
    const size_t cuts[] = {0, 1, 4, 100, len / 2, len - 22, len - 1};
    for (size_t i = 0; i < sizeof cuts / sizeof cuts[0]; i++) {
        collector c = {0};
        write_bytes(g_book_path, data, cuts[i]);
        mg_err_clear(&err);
        assert_int_equal(read_first_sheet(&c, &err), MIGDIP_ERR_PARSE);
        assert_msg(&err, "not a zip archive (xlsx expected), or truncated");
    }
    /* every prefix in memory fails cleanly */
    for (size_t cut = 0; cut < len; cut++) {
        mg_err_clear(&err);
        assert_int_not_equal(read_all_mem(data, cut, &rows, &err), MIGDIP_OK);
        assert_true(err.msg[0] != '\0');
    }
    free(data);
}

static void test_corrupted_bytes(void **state)
{
    (void)state;
    write_sample_book();
    size_t len = 0, rows = 0, failures = 0;
    unsigned char *data = read_bytes(g_book_path, &len);
    mg_err err = {0};
    /* flip each byte in turn: never a crash or leak; most flips are detected */
    for (size_t i = 0; i < len; i++) {
        data[i] ^= 0x5A;
        mg_err_clear(&err);
        migdip_status rc = read_all_mem(data, len, &rows, &err);
        if (rc != MIGDIP_OK) {
            failures++;
            assert_true(err.msg[0] != '\0');
        }
        data[i] ^= 0x5A;
    }
    assert_true(failures > len / 2);
    free(data);
}

static void test_cellref(void **state)
{
    (void)state;
    char buf[16];
    assert_string_equal(mg_xlsx_cellref(buf, 17, 2), "B17");
    assert_string_equal(mg_xlsx_cellref(buf, 1, 1), "A1");
    assert_string_equal(mg_xlsx_cellref(buf, 1, 26), "Z1");
    assert_string_equal(mg_xlsx_cellref(buf, 1, 27), "AA1");
    assert_string_equal(mg_xlsx_cellref(buf, 9, 702), "ZZ9");
    assert_string_equal(mg_xlsx_cellref(buf, 9, 703), "AAA9");
    assert_string_equal(mg_xlsx_cellref(buf, 1048576, 16384), "XFD1048576");
    assert_string_equal(mg_xlsx_cellref(buf, 0, 1), "?");
    assert_string_equal(mg_xlsx_cellref(buf, 1, 16385), "?");
    assert_string_equal(mg_xlsx_cellref(buf, UINT32_MAX, UINT32_MAX), "?");
}

/* ---------------------------------------------------------------- publisher files */

static char g_data_dir[512];

static int dir_exists(const char *path)
{
    struct stat st;
    return stat(path, &st) == 0 && S_ISDIR(st.st_mode);
}

/* $MIGDIP_DATA, else ../shared/data from the working directory or from the build
 * directory, else relative to the repository root derived from __FILE__. */
static const char *data_dir(void)
{
    if (g_data_dir[0])
        return g_data_dir;
    const char *env = getenv("MIGDIP_DATA");
    if (env && *env) {
        snprintf(g_data_dir, sizeof g_data_dir, "%s", env);
        return g_data_dir;
    }
    const char *candidates[] = {"../shared/data", "../../shared/data"};
    for (size_t i = 0; i < 2; i++) {
        if (dir_exists(candidates[i])) {
            snprintf(g_data_dir, sizeof g_data_dir, "%s", candidates[i]);
            return g_data_dir;
        }
    }
    char root[400]; /* __FILE__ = <root>/tests/unit/test_xlsx.c */
    snprintf(root, sizeof root, "%s", __FILE__);
    for (int up = 0; up < 3; up++) {
        char *slash = strrchr(root, '/');
        if (!slash) {
            root[0] = '\0';
            break;
        }
        *slash = '\0';
    }
    if (root[0]) {
        snprintf(g_data_dir, sizeof g_data_dir, "%s/../shared/data", root);
        if (dir_exists(g_data_dir))
            return g_data_dir;
    }
    g_data_dir[0] = '\0';
    return NULL;
}

/* Open <data dir>/rel, or skip the test when the file is absent. */
static xlsx_book *open_data_file(const char *rel)
{
    const char *dir = data_dir();
    char path[1024];
    if (!dir) {
        print_message("shared data directory not found: skipped\n");
        skip();
    }
    snprintf(path, sizeof path, "%s/%s", dir, rel);
    if (access(path, R_OK) != 0) {
        print_message("%s absent: skipped\n", path);
        skip();
    }
    xlsx_book *b = NULL;
    mg_err err = {0};
    if (mg_xlsx_open(path, &b, &err) != MIGDIP_OK)
        fail_msg("%s", err.msg);
    return b;
}

typedef struct undesa_probe {
    uint32_t header_row, col_2020, world_row;
    double world_2020;
} undesa_probe;

static int undesa_row(void *ud, uint32_t row, const xlsx_cell *cells, size_t ncells)
{
    undesa_probe *p = ud;
    const char *label = NULL;
    for (size_t i = 0; i < ncells; i++)
        if (cells[i].col == 2 && cells[i].type == XLSX_STRING)
            label = cells[i].str;
    if (label && strcmp(label, "Region, development group, country or area") == 0) {
        p->header_row = row;
        for (size_t i = 0; i < ncells && !p->col_2020; i++)
            if (cells[i].type == XLSX_NUMBER && cells[i].num == 2020)
                p->col_2020 = cells[i].col; /* first 2020 column: both sexes */
        return 0;
    }
    if (p->header_row && label && strcmp(label, "WORLD") == 0) {
        p->world_row = row;
        for (size_t i = 0; i < ncells; i++)
            if (cells[i].col == p->col_2020 && cells[i].type == XLSX_NUMBER)
                p->world_2020 = cells[i].num;
        return 1;
    }
    return 0;
}

static void test_real_undesa(void **state)
{
    (void)state;
    xlsx_book *b = open_data_file(
        "undesa_ims/original_xlsx/undesa_pd_2020_ims_stock_by_sex_and_destination.xlsx");
    long idx = mg_xlsx_find_sheet(b, "Table 1");
    assert_int_equal(idx, 1);
    undesa_probe p = {0};
    mg_err err = {0};
    assert_int_equal(mg_xlsx_read_sheet(b, (size_t)idx, undesa_row, &p, &err), MIGDIP_OK);
    assert_int_equal(p.header_row, 11);
    assert_int_equal(p.col_2020, 12); /* column L */
    assert_int_equal(p.world_row, 12);
    assert_true(p.world_2020 == 280598105.0); /* openpyxl: 280598105 */
    mg_xlsx_close(b);
}

typedef struct knomad_probe {
    uint32_t col_indonesia, malaysia_row;
    double value;
} knomad_probe;

static int knomad_row(void *ud, uint32_t row, const xlsx_cell *cells, size_t ncells)
{
    knomad_probe *p = ud;
    for (size_t i = 0; i < ncells; i++) {
        const xlsx_cell *cell = &cells[i];
        if (row == 2 && cell->type == XLSX_STRING && strcmp(cell->str, "Indonesia") == 0)
            p->col_indonesia = cell->col;
    }
    if (ncells > 0 && cells[0].col == 1 && cells[0].type == XLSX_STRING &&
        strcmp(cells[0].str, "Malaysia") == 0) {
        p->malaysia_row = row;
        for (size_t i = 0; i < ncells; i++)
            if (cells[i].col == p->col_indonesia && cells[i].type == XLSX_NUMBER)
                p->value = cells[i].num;
    }
    return 0;
}

static void test_real_knomad(void **state)
{
    (void)state;
    xlsx_book *b = open_data_file("wb_knomad/bilateral_remittance_matrix_2021.xlsx");
    long idx = mg_xlsx_find_sheet(b, "FINAL BRM 2021"); /* the sheet is "FINAL BRM 2021 " */
    assert_int_equal(idx, 0);
    assert_string_equal(mg_xlsx_sheet_name(b, 0), "FINAL BRM 2021 ");
    knomad_probe p = {0};
    mg_err err = {0};
    assert_int_equal(mg_xlsx_read_sheet(b, (size_t)idx, knomad_row, &p, &err), MIGDIP_OK);
    assert_int_equal(p.col_indonesia, 90); /* CL */
    assert_int_equal(p.malaysia_row, 121);
    assert_true(fabs(p.value - 2372.297049572062) < 1e-9); /* openpyxl */
    mg_xlsx_close(b);
}

typedef struct count_probe {
    size_t rows, cells, numbers, strings;
    uint32_t last_row;
    char first[64], last[64];
} count_probe;

static int count_row(void *ud, uint32_t row, const xlsx_cell *cells, size_t ncells)
{
    count_probe *p = ud;
    p->rows++;
    p->cells += ncells;
    p->last_row = row;
    for (size_t i = 0; i < ncells; i++) {
        p->numbers += cells[i].type == XLSX_NUMBER;
        p->strings += cells[i].type == XLSX_STRING;
    }
    if (cells[0].type == XLSX_STRING) {
        if (p->rows == 1)
            snprintf(p->first, sizeof p->first, "%s", cells[0].str);
        snprintf(p->last, sizeof p->last, "%s", cells[0].str);
    }
    return 0;
}

static void test_real_wdi(void **state)
{
    (void)state;
    xlsx_book *b = open_data_file("wdi/databank_2021_crosssection/wdi_databank_2021_part1.xlsx");
    long idx = mg_xlsx_find_sheet(b, "Data");
    assert_int_equal(idx, 0);
    count_probe p = {0};
    mg_err err = {0};
    assert_int_equal(mg_xlsx_read_sheet(b, (size_t)idx, count_row, &p, &err), MIGDIP_OK);
    /* openpyxl (read_only, data_only): 221 non-empty rows of 224, 171698 values */
    assert_int_equal(p.rows, 221);
    assert_int_equal(p.cells, 171698);
    assert_int_equal(p.numbers, 91216);
    assert_int_equal(p.strings, 80482);
    assert_int_equal(p.last_row, 224);
    assert_string_equal(p.first, "Time");
    assert_string_equal(p.last, "Last Updated: 03/28/2024");
    mg_xlsx_close(b);
}

static void test_real_wb_class(void **state)
{
    (void)state;
    xlsx_book *b = open_data_file("codes/wb_CLASS_FY24.xlsx");
    long idx = mg_xlsx_find_sheet(b, "List of economies");
    assert_int_equal(idx, 0);
    count_probe p = {0};
    mg_err err = {0};
    assert_int_equal(mg_xlsx_read_sheet(b, (size_t)idx, count_row, &p, &err), MIGDIP_OK);
    /* openpyxl: 219 rows, "Economy" header to "Zimbabwe", 1080 values */
    assert_int_equal(p.rows, 219);
    assert_int_equal(p.cells, 1080);
    assert_string_equal(p.first, "Economy");
    assert_string_equal(p.last, "Zimbabwe");
    mg_xlsx_close(b);
}

/* ---------------------------------------------------------------- fixtures */

static int setup_tmpdir(void **state)
{
    (void)state;
    snprintf(g_tmpdir, sizeof g_tmpdir, "/tmp/test_xlsx.XXXXXX");
    if (!mkdtemp(g_tmpdir))
        return -1;
    snprintf(g_book_path, sizeof g_book_path, "%s/book.xlsx", g_tmpdir);
    return 0;
}

static int teardown_tmpdir(void **state)
{
    (void)state;
    unlink(g_book_path);
    return rmdir(g_tmpdir);
}

int main(void)
{
    const struct CMUnitTest tests[] = {
        cmocka_unit_test(test_cell_types),
        cmocka_unit_test(test_empty_first_shared_string),
        cmocka_unit_test(test_missing_refs),
        cmocka_unit_test(test_unsorted_and_duplicate_cells),
        cmocka_unit_test(test_find_sheet),
        cmocka_unit_test(test_rels_targets),
        cmocka_unit_test(test_prefixed_namespaces),
        cmocka_unit_test(test_early_stop),
        cmocka_unit_test(test_empty_sheet),
        cmocka_unit_test(test_missing_shared_strings),
        cmocka_unit_test(test_bad_values),
        cmocka_unit_test(test_caps),
        cmocka_unit_test(test_xml_errors),
        cmocka_unit_test(test_missing_parts),
        cmocka_unit_test(test_not_a_zip),
        cmocka_unit_test(test_open_mem_copies),
        cmocka_unit_test(test_truncated),
        cmocka_unit_test(test_corrupted_bytes),
        cmocka_unit_test(test_cellref),
        cmocka_unit_test(test_real_undesa),
        cmocka_unit_test(test_real_knomad),
        cmocka_unit_test(test_real_wdi),
        cmocka_unit_test(test_real_wb_class),
    };
    return cmocka_run_group_tests_name("xlsx", tests, setup_tmpdir, teardown_tmpdir);
}
