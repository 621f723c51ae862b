/* test_importer.c - inputs held in memory, as the built-in registry is (import/importer.c and
 * the dispatcher's mg_import_inputs): every importer's sniffer shown an input with no path (the
 * whole input as its head) picks the importer it picks for the same bytes in a file; a CSV and
 * an xlsx import from memory store what the file stores, under the bytes' sha256; messages
 * name the input as the user knows it, never "<memory>". */
#include "testutil.h"

#include <ctype.h>

#include "import/import.h"
#include "import/importer.h"
#include "util/hash.h"

#define IMPORTER(x) extern const mg_importer x;
#include "import/importers.def"
static const mg_importer *const IMPORTERS[] = {
#define IMPORTER(x) &x,
#include "import/importers.def"
    NULL};

static const char BLOCS[] = "bloc,title,kind,source\n"
                            "GCC,Gulf Cooperation Council,regional-organisation,\"GCC Charter, 25 May 1981\"\n"
                            "EU,European Union,regional-organisation,european-union.europa.eu\n";

static const char WDI_TIDY[] = "Country Name,Country Code,Year,Value\nNepal,NPL,2020,29136808\n";

#define ECON_COLS 4
static const char *const ECON_CELLS[] = {
    "Economy", "Code", "Region", "Income group",
    "Nepal", "NPL", "South Asia", "Lower middle income",
    "Qatar", "QAT", "Middle East & North Africa", "High income",
};
static const char *const GROUP_CELLS[] = {
    "GroupCode", "GroupName", "CountryCode", "CountryName",
    "LMC", "Lower middle income", "NPL", "Nepal",
};
static const char *const NOTES_CELLS[] = {
    "Notes", "... divided among income groups according to 2022 gross national income (GNI) per capita."};

/* A DataBank export's sheets (its sniffer reads only the workbook's sheet names). */
static const char *const DBK_CELLS[] = {"Time", "Country Code", "Population, total [SP.POP.TOTL]"};
static const char *const DBK_META_CELLS[] = {"Code", "Indicator Name"};

/* The workbook sh[0..n) written to dir/name (*path); its bytes into *len (owned). */
static unsigned char *workbook(const char *dir, const char *name, const tu_sheet *sh, size_t n, char **path,
                               size_t *len)
{
    *path = tu_write_xlsx(dir, name, sh, n);
    FILE *f = fopen(*path, "rb");
    assert_non_null(f);
    unsigned char *buf = malloc(1 << 20);
    assert_non_null(buf);
    *len = fread(buf, 1, 1 << 20, f);
    assert_true(*len > 0 && *len < (1 << 20));
    fclose(f);
    return buf;
}

/* CLASS.xlsx written to dir; its bytes into *len (owned). */
static unsigned char *class_workbook(const char *dir, char **path, size_t *len)
{
    tu_sheet sh[] = {{.name = "List of economies", .rows = 3, .cols = ECON_COLS, .cells = ECON_CELLS},
                     {.name = "Notes", .rows = 2, .cols = 1, .cells = NOTES_CELLS},
                     {.name = "Groups", .rows = 2, .cols = 4, .cells = GROUP_CELLS}};
    return workbook(dir, "CLASS.xlsx", sh, 3, path, len);
}

/* The first importer whose sniffer accepts the input (NULL if none). */
static const mg_importer *sniffed(const char *path, const char *name, const unsigned char *head, size_t n)
{
    for (size_t i = 0; IMPORTERS[i]; i++)
        if (IMPORTERS[i]->sniff(path, name, head, n))
            return IMPORTERS[i];
    return NULL;
}

/* Import bytes in memory under name through the dispatcher (mg_import_inputs). */
static migdip_status import_memory(tu_fx *f, const char *name, const void *bytes, size_t len,
                                   migdip_import_report **rep)
{
    mg_import_input in = {.mem = bytes, .len = len, .name = name};
    migdip_import_report *r = NULL;
    migdip_status rc = mg_import_inputs(f->ctx, &in, 1, true, NULL, NULL, &r);
    if (rep)
        *rep = r;
    else
        migdip_import_report_free(r);
    return rc;
}

/* Shown from memory (no path) or from a file, each input goes to the same importer. */
static void test_sniff_memory(void **state)
{
    (void)state;
    char *dir = tu_tmpdir();
    char *xlsx_path = NULL;
    size_t xlsx_len = 0;
    unsigned char *xlsx = class_workbook(dir, &xlsx_path, &xlsx_len);
    tu_sheet dbk_sheets[] = {{.name = "Data", .rows = 1, .cols = 3, .cells = DBK_CELLS},
                             {.name = "Series - Metadata", .rows = 1, .cols = 2, .cells = DBK_META_CELLS}};
    char *dbk_path = NULL;
    size_t dbk_len = 0;
    unsigned char *dbk = workbook(dir, "wdi_databank.xlsx", dbk_sheets, 2, &dbk_path, &dbk_len);
    const struct {
        const char *name;
        const unsigned char *bytes;
        size_t len;
        const char *want; /* importer id, NULL: none */
    } cases[] = {
        {"registry/blocs.csv", (const unsigned char *)BLOCS, sizeof BLOCS - 1, "registry-blocs"},
        {"wdi/sp.pop.totl.csv", (const unsigned char *)WDI_TIDY, sizeof WDI_TIDY - 1, "wdi-tidy"},
        {"codes/CLASS.xlsx", xlsx, xlsx_len, "wb-class"},
        {"wdi/wdi_databank.xlsx", dbk, dbk_len, "wdi-databank"},
        {"notes.txt", (const unsigned char *)"just some text\n", 15, NULL},
    };
    for (size_t i = 0; i < sizeof cases / sizeof *cases; i++) {
        const mg_importer *m = sniffed(NULL, cases[i].name, cases[i].bytes, cases[i].len);
        if (!cases[i].want) {
            assert_null(m);
            continue;
        }
        assert_non_null(m);
        assert_string_equal(m->id, cases[i].want);
        /* the same bytes in a file named alike */
        char *p = cases[i].bytes == xlsx  ? strdup(xlsx_path)
                  : cases[i].bytes == dbk ? strdup(dbk_path)
                                          : tu_write(dir, cases[i].name, (const char *)cases[i].bytes, cases[i].len);
        assert_ptr_equal(sniffed(p, cases[i].name, cases[i].bytes, cases[i].len), m);
        free(p);
    }
    /* a workbook cut short is nobody's from memory either */
    assert_null(sniffed(NULL, "codes/CLASS.xlsx", xlsx, xlsx_len / 2));
    free(xlsx);
    free(xlsx_path);
    free(dbk);
    free(dbk_path);
    tu_rmdir(dir);
    free(dir);
}

static void test_csv_from_memory(void **state)
{
    (void)state;
    tu_fx f = tu_fx_open("NPL=Nepal");
    migdip_import_report *rep = NULL;
    assert_int_equal(import_memory(&f, "registry/blocs.csv", BLOCS, sizeof BLOCS - 1, &rep), MIGDIP_OK);
    assert_int_equal(rep->n_files, 1);
    assert_string_equal(rep->files[0].file, "registry/blocs.csv");
    assert_string_equal(rep->files[0].importer, "registry-blocs");
    assert_int_equal(rep->rows, 2);
    migdip_import_report_free(rep);
    tu_assert_text(f.db, "SELECT group_concat(name||'='||title, ';') FROM (SELECT * FROM bloc ORDER BY name)",
                   "EU=European Union;GCC=Gulf Cooperation Council");
    /* the vintage: the bytes' sha256 and size, as the same file would give */
    char sha[65], want[160];
    mg_err err = {0};
    assert_int_equal(mg_hash_sha256_mem(BLOCS, sizeof BLOCS - 1, sha, &err), MIGDIP_OK);
    snprintf(want, sizeof want, "registry/blocs.csv|%s|%zu|2", sha, sizeof BLOCS - 1);
    tu_assert_text(f.db, "SELECT file||'|'||sha256||'|'||bytes||'|'||rows FROM vintage", want);
    /* the same bytes again: known, skipped */
    assert_int_equal(import_memory(&f, "elsewhere/blocs.csv", BLOCS, sizeof BLOCS - 1, &rep), MIGDIP_OK);
    assert_int_equal(rep->files[0].skipped, 1);
    migdip_import_report_free(rep);
    /* a broken record: the message names the input and its lines */
    static const char BAD[] = "bloc,title,kind,source\nGCC,Gulf,regional-organisation,\"unterminated\n";
    assert_int_not_equal(import_memory(&f, "registry/bad.csv", BAD, sizeof BAD - 1, NULL), MIGDIP_OK);
    assert_string_equal(migdip_ctx_errmsg(f.ctx), "registry/bad.csv:3: unterminated quoted field (opened on line 2)");
    /* bytes no importer reads, named one by one: refused by name */
    assert_int_equal(import_memory(&f, "notes.txt", "just text\n", 10, NULL), MIGDIP_ERR_SCHEMA);
    assert_non_null(strstr(migdip_ctx_errmsg(f.ctx), "notes.txt: not a recognised data file"));
    tu_fx_close(&f);
}

static void test_xlsx_from_memory(void **state)
{
    (void)state;
    tu_fx mem = tu_fx_open("NPL=Nepal;QAT=Qatar"), file = tu_fx_open("NPL=Nepal;QAT=Qatar");
    char *xlsx_path = NULL;
    size_t len = 0;
    unsigned char *xlsx = class_workbook(mem.dir, &xlsx_path, &len);
    assert_int_equal(import_memory(&mem, "codes/CLASS.xlsx", xlsx, len, NULL), MIGDIP_OK);
    assert_int_equal(tu_import_file(file.ctx, xlsx_path, NULL), MIGDIP_OK);
    /* what the file gives, the memory gives */
    static const char *const QUERIES[] = {
        "SELECT group_concat(iso3||grp||fy, ';') FROM (SELECT * FROM income_group ORDER BY iso3)",
        "SELECT group_concat(code||iso3, ';') FROM (SELECT * FROM aggregate_member ORDER BY 1, 2)",
        "SELECT edition||'|'||released||'|'||dataset||'|'||sha256||'|'||bytes||'|'||rows FROM vintage",
    };
    for (size_t i = 0; i < sizeof QUERIES / sizeof *QUERIES; i++) {
        char *a = tu_query_text(mem.db, QUERIES[i]), *b = tu_query_text(file.db, QUERIES[i]);
        assert_non_null(a);
        assert_non_null(b);
        assert_string_equal(a, b);
        free(a);
        free(b);
    }
    tu_assert_text(mem.db, "SELECT group_concat(iso3||grp, ';') FROM (SELECT * FROM income_group ORDER BY iso3)",
                   "NPLLM;QATH");
    /* a workbook that does not open: named as the user knows it, not "<memory>" */
    mg_err err = {0};
    mg_importer_job cut = {.mem = xlsx, .len = len / 2, .name = "codes/CLASS2.xlsx", .err = &err};
    xlsx_book *book = NULL;
    assert_int_not_equal(mg_importer_open_xlsx(&cut, &book), MIGDIP_OK);
    assert_null(book);
    assert_true(strncmp(err.msg, "codes/CLASS2.xlsx: ", 19) == 0);
    assert_null(strstr(err.msg, "<memory>"));
    /* the sniffers of one input share one opening of the workbook, which the importer then
     * reads without opening it again; outside begin/end each sniffer gets its own */
    mg_importer_sniff_begin(NULL, xlsx, len);
    xlsx_book *s1 = mg_importer_sniff_xlsx(NULL, xlsx, len), *s2 = mg_importer_sniff_xlsx(NULL, xlsx, len);
    assert_non_null(s1);
    assert_ptr_equal(s1, s2);
    mg_importer_sniff_release(s1); /* shared: still open */
    assert_true(mg_xlsx_sheet_count(s2) > 0);
    mg_importer_job whole = {.mem = xlsx, .len = len, .name = "codes/CLASS.xlsx", .err = &err,
                             .book = mg_importer_sniff_end(true)};
    assert_ptr_equal(whole.book, s1);
    assert_int_equal(mg_importer_open_xlsx(&whole, &book), MIGDIP_OK);
    assert_ptr_equal(book, s1);
    assert_null(whole.book); /* the importer's now */
    mg_xlsx_close(book);
    xlsx_book *own = mg_importer_sniff_xlsx(NULL, xlsx, len), *other = mg_importer_sniff_xlsx(NULL, xlsx, len);
    assert_non_null(own);
    assert_ptr_not_equal(own, other);
    mg_importer_sniff_release(own); /* not shared: closed (LeakSanitizer in the ASan build) */
    mg_importer_sniff_release(other);
    mg_importer_sniff_begin(NULL, xlsx, len);
    assert_non_null(mg_importer_sniff_xlsx(NULL, xlsx, len));
    assert_null(mg_importer_sniff_end(false)); /* no importer reads it: closed */
    free(xlsx);
    free(xlsx_path);
    tu_fx_close(&mem);
    tu_fx_close(&file);
}

/* The job helpers read whichever the input is. */
static void test_job_helpers(void **state)
{
    (void)state;
    char *dir = tu_tmpdir();
    char *p = tu_write_text(dir, "blocs.csv", BLOCS);
    mg_err err = {0};
    mg_importer_job in_file = {.path = p, .name = "blocs.csv", .err = &err};
    mg_importer_job in_mem = {.mem = (const unsigned char *)BLOCS, .len = sizeof BLOCS - 1, .name = "blocs.csv",
                              .err = &err};
    mg_importer_job *jobs[] = {&in_file, &in_mem};
    for (size_t j = 0; j < 2; j++) {
        uint64_t bytes = 0;
        assert_int_equal(mg_importer_size(jobs[j], &bytes), MIGDIP_OK);
        assert_int_equal(bytes, sizeof BLOCS - 1);
        unsigned char head[8];
        size_t n = 0;
        assert_int_equal(mg_importer_read_head(jobs[j], head, sizeof head, &n), MIGDIP_OK);
        assert_int_equal(n, 8);
        assert_memory_equal(head, "bloc,tit", 8);
        mg_csv_reader *cr = NULL;
        assert_int_equal(mg_importer_open_csv(jobs[j], &cr), MIGDIP_OK);
        size_t nh = 0;
        bool end = false;
        assert_int_equal(mg_importer_read_header(jobs[j], cr, "bloc,title,kind,source", &nh), MIGDIP_OK);
        assert_int_equal(nh, 4);
        assert_int_equal(mg_importer_next_record(jobs[j], cr, nh, &end), MIGDIP_OK);
        assert_false(end);
        assert_string_equal(mg_csv_field(cr, 3, NULL), "GCC Charter, 25 May 1981");
        assert_string_equal(mg_csv_name(cr), "blocs.csv");
        mg_csv_close(cr);
    }
    mg_importer_job gone = {.path = "/nonexistent/blocs.csv", .name = "blocs.csv", .err = &err};
    uint64_t bytes = 0;
    assert_int_equal(mg_importer_size(&gone, &bytes), MIGDIP_ERR_IO);
    assert_string_equal(err.msg, "blocs.csv: cannot read the file");
    /* not a workbook: no book and no message for a sniffer */
    assert_null(mg_importer_sniff_xlsx(NULL, (const unsigned char *)BLOCS, sizeof BLOCS - 1));
    free(p);
    tu_rmdir(dir);
    free(dir);
}

/* The columns of a header counted the plain way (the reference for the indexed
 * mg_importer_head_columns): every field trimmed of blanks and quotes (and a CR at its end),
 * compared with every wanted name, ASCII case ignored. */
static size_t naive_head_columns(const unsigned char *head, size_t n, const char *const *cols)
{
    if (n >= 3 && memcmp(head, "\xEF\xBB\xBF", 3) == 0)
        head += 3, n -= 3;
    size_t end = 0, count = 0;
    while (end < n && head[end] != '\n')
        end++;
    for (; *cols; cols++) {
        size_t k = strlen(*cols);
        bool found = false;
        for (size_t p = 0; !found;) {
            size_t q = p;
            while (q < end && head[q] != ',')
                q++;
            size_t a = p, b = q;
            while (a < b && (head[a] == ' ' || head[a] == '"'))
                a++;
            while (b > a && (head[b - 1] == ' ' || head[b - 1] == '"' || head[b - 1] == '\r'))
                b--;
            if (b - a == k) {
                size_t i = 0;
                while (i < k && tolower(head[a + i]) == tolower((unsigned char)(*cols)[i]))
                    i++;
                found = i == k;
            }
            if (q >= end)
                break;
            p = q + 1;
        }
        count += found;
    }
    return count;
}

/* mg_importer_head_columns answers as the plain count does, in a sniffing session (the head
 * indexed once) and outside one, for wide headers, repeated and empty fields, quotes, blanks,
 * case, a BOM, CRs and bytes that are not text. */
static void test_head_columns(void **state)
{
    (void)state;
    static const char *const WORDS[] = {"year", "Year", "coo", "coa_iso", "", " ", "\"origin\"", "Nepal",
                                        "YEAR\r", "iso_code", "a", "b\x01", "destination", "x,y"};
    static const char *const COLS[] = {"year", "coo", "coa_iso", "origin", "nepal", "iso_code", "a", "",
                                       "destination", "missing", "year", NULL};
    static const char *const NONE[] = {NULL};
    uint32_t lcg = 7;
    unsigned char *buf = malloc(70000);
    assert_non_null(buf);
    for (int t = 0; t < 300; t++) {
        size_t n = 0;
        if (t % 5 == 0)
            memcpy(buf, "\xEF\xBB\xBF", 3), n = 3;
        size_t nf = t < 10 ? (size_t)t : 1 + (size_t)(t * 7 % 600); /* up to 600 fields */
        for (size_t f = 0; f < nf; f++) {
            lcg = lcg * 1664525u + 1013904223u;
            const char *w = WORDS[(lcg >> 16) % (sizeof WORDS / sizeof *WORDS)];
            if (f)
                buf[n++] = ',';
            memcpy(buf + n, w, strlen(w));
            n += strlen(w);
        }
        if (t % 3 == 0) {
            memcpy(buf + n, "\nyear,coo\n", 10);
            n += 10;
        }
        size_t want = naive_head_columns(buf, n, COLS);
        assert_int_equal(mg_importer_head_columns(buf, n, COLS), want);
        assert_int_equal(mg_importer_head_columns(buf, n, NONE), 0);
        mg_importer_sniff_begin(NULL, buf, n);
        assert_int_equal(mg_importer_head_columns(buf, n, COLS), want);
        assert_int_equal(mg_importer_head_columns(buf, n, COLS + 3), naive_head_columns(buf, n, COLS + 3));
        /* another head during the session is read for itself */
        static const unsigned char OTHER[] = "coo,year\n";
        static const char *const TWO[] = {"year", "coo", NULL};
        assert_int_equal(mg_importer_head_columns(OTHER, sizeof OTHER - 1, TWO), 2);
        assert_null(mg_importer_sniff_end(false));
        assert_int_equal(mg_importer_sniff_failed(), MIGDIP_OK);
    }
    free(buf);
}

/* Unmapped names: a name repeated in a file is listed once, with its first line; the same name
 * in another file again; the list keeps its order through the growth of its index, and
 * mg_importer_unmapped_write stores a file's entries in that order, cells and all, whatever
 * their number (batches and single rows). */
static void test_unmapped_list(void **state)
{
    (void)state;
    sqlite3 *db = NULL;
    assert_int_equal(sqlite3_open(":memory:", &db), SQLITE_OK);
    assert_int_equal(sqlite3_exec(db,
                                  "CREATE TABLE unmapped(vintage_id INTEGER NOT NULL, file TEXT NOT NULL,"
                                  " line INTEGER, cell TEXT, name TEXT NOT NULL)",
                                  NULL, NULL, NULL),
                     SQLITE_OK);
    mg_err err = {0};
    mg_importer_unmapped_list l = {0};
    mg_importer_job a = {.db = db, .name = "a.csv", .err = &err, .unmapped = &l, .vintage_id = 1};
    char name[32];
    for (int i = 0; i < 1000; i++) { /* 300 names, each met again */
        snprintf(name, sizeof name, "name %d", i % 300);
        assert_int_equal(mg_importer_unmapped(&a, i + 1, i % 2 ? "B7" : NULL, name), MIGDIP_OK);
    }
    assert_int_equal(l.n, 300);
    assert_string_equal(l.v[299].name, "name 299");
    assert_int_equal(l.v[299].line, 300);
    assert_null(l.v[0].cell);
    assert_string_equal(l.v[1].cell, "B7");
    assert_string_equal(l.v[1].file, "a.csv");
    assert_int_equal(mg_importer_unmapped_write(&a, 0), MIGDIP_OK);
    mg_importer_job b = {.db = db, .name = "b.csv", .err = &err, .unmapped = &l, .vintage_id = 2};
    for (int i = 0; i < 37; i++) { /* one batch of 32 and five single rows */
        snprintf(name, sizeof name, "name %d", i);
        assert_int_equal(mg_importer_unmapped(&b, 10 + i, NULL, name), MIGDIP_OK);
    }
    assert_int_equal(mg_importer_unmapped(&b, 99, NULL, "name 0"), MIGDIP_OK);
    assert_int_equal(l.n, 337);
    assert_int_equal(mg_importer_unmapped_write(&b, 300), MIGDIP_OK);
    sqlite3_stmt *st = NULL;
    assert_int_equal(sqlite3_prepare_v2(db, "SELECT vintage_id, file, line, cell, name FROM unmapped ORDER BY rowid",
                                        -1, &st, NULL),
                     SQLITE_OK);
    for (size_t i = 0; i < l.n; i++) {
        assert_int_equal(sqlite3_step(st), SQLITE_ROW);
        assert_int_equal(sqlite3_column_int64(st, 0), i < 300 ? 1 : 2);
        assert_string_equal((const char *)sqlite3_column_text(st, 1), l.v[i].file);
        assert_int_equal(sqlite3_column_int64(st, 2), l.v[i].line);
        if (l.v[i].cell)
            assert_string_equal((const char *)sqlite3_column_text(st, 3), l.v[i].cell);
        else
            assert_int_equal(sqlite3_column_type(st, 3), SQLITE_NULL);
        assert_string_equal((const char *)sqlite3_column_text(st, 4), l.v[i].name);
    }
    assert_int_equal(sqlite3_step(st), SQLITE_DONE);
    sqlite3_finalize(st);
    mg_importer_unmapped_free(&l);
    assert_int_equal(l.n, 0);
    sqlite3_close(db);
}

int main(void)
{
    const struct CMUnitTest tests[] = {
        cmocka_unit_test(test_sniff_memory),
        cmocka_unit_test(test_csv_from_memory),
        cmocka_unit_test(test_xlsx_from_memory),
        cmocka_unit_test(test_job_helpers),
        cmocka_unit_test(test_head_columns),
        cmocka_unit_test(test_unmapped_list),
    };
    return cmocka_run_group_tests(tests, NULL, NULL);
}
