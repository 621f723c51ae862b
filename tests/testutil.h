/* testutil.h - helpers shared by the unit and integration tests: temporary directories and
 * stores, fixture files written by the test itself (CSV text, small xlsx workbooks built
 * with libzip), a fingerprint of a whole store to prove that a failed import changed
 * nothing, and seeding countries without the crosswalk files. Header-only (static). */
#ifndef MIGDIP_TESTUTIL_H
#define MIGDIP_TESTUTIL_H

#include <stdarg.h>
#include <stddef.h>
#include <setjmp.h>
#include <stdint.h>
#include <cmocka.h>
#include <math.h>
#include <openssl/evp.h>
#include <sqlite3.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/stat.h>
#include <unistd.h>
#include <zip.h>

#include "migdip/migdip.h"

/* cmocka 1.1's assert_float_equal works in float precision: compare doubles instead. */
#define assert_near(a, b, eps)                                                                  \
    do {                                                                                        \
        double tu_a_ = (double)(a), tu_b_ = (double)(b);                                        \
        if (!(fabs(tu_a_ - tu_b_) <= (eps)))                                                    \
            fail_msg("%s = %.12g, expected %s = %.12g (within %g)", #a, tu_a_, #b, tu_b_, (double)(eps)); \
    } while (0)

/* A fresh temporary directory (owned; free it). Removed by tu_rmdir. */
static inline char *tu_tmpdir(void)
{
    char *d = strdup("/tmp/migdip-test-XXXXXX");
    assert_non_null(d);
    assert_non_null(mkdtemp(d));
    return d;
}

static inline void tu_rmdir(const char *dir)
{
    char cmd[512];
    snprintf(cmd, sizeof cmd, "rm -rf '%s'", dir);
    assert_int_equal(system(cmd), 0);
}

/* dir/name (owned). */
static inline char *tu_path(const char *dir, const char *name)
{
    size_t n = strlen(dir) + strlen(name) + 2;
    char *p = malloc(n);
    assert_non_null(p);
    snprintf(p, n, "%s/%s", dir, name);
    return p;
}

/* Write content to dir/name, creating subdirectories; returns the path (owned). */
static inline char *tu_write(const char *dir, const char *name, const char *content, size_t len)
{
    char *p = tu_path(dir, name);
    for (char *s = p + strlen(dir) + 1; (s = strchr(s, '/')) != NULL; s++) {
        *s = '\0';
        mkdir(p, 0755);
        *s = '/';
    }
    FILE *f = fopen(p, "wb");
    assert_non_null(f);
    assert_int_equal(fwrite(content, 1, len, f), len);
    fclose(f);
    return p;
}

static inline char *tu_write_text(const char *dir, const char *name, const char *text)
{
    return tu_write(dir, name, text, strlen(text));
}

/* One sheet of a generated workbook: rows x cols cells, row-major. A cell is "" (empty),
 * a number if it parses fully as one, else an inline string; a leading "'" forces text. */
typedef struct tu_sheet {
    const char *name;
    size_t rows, cols;
    const char *const *cells;
} tu_sheet;

static inline void tu_xml_escape(FILE *f, const char *s)
{
    for (; *s; s++) {
        switch (*s) {
        case '<': fputs("&lt;", f); break;
        case '>': fputs("&gt;", f); break;
        case '&': fputs("&amp;", f); break;
        case '"': fputs("&quot;", f); break;
        default: fputc(*s, f);
        }
    }
}

static inline void tu_zip_add(zip_t *z, const char *name, char *buf, size_t len)
{
    zip_source_t *src = zip_source_buffer(z, buf, len, 1);
    assert_non_null(src);
    assert_true(zip_file_add(z, name, src, ZIP_FL_OVERWRITE) >= 0);
}

static inline char *tu_memfile(FILE **f, size_t *len)
{
    char *buf = NULL;
    *f = open_memstream(&buf, len);
    assert_non_null(*f);
    return buf;
}

/* Write a workbook with the given sheets to dir/name; returns the path (owned). */
static inline char *tu_write_xlsx(const char *dir, const char *name, const tu_sheet *sheets, size_t n)
{
    char *path = tu_path(dir, name);
    int zerr = 0;
    zip_t *z = zip_open(path, ZIP_CREATE | ZIP_TRUNCATE, &zerr);
    assert_non_null(z);
    FILE *f;
    size_t len;
    char *buf;
    /* content types */
    buf = NULL;
    f = open_memstream(&buf, &len);
    fputs("<?xml version=\"1.0\" encoding=\"UTF-8\"?><Types xmlns=\"http://schemas.openxmlformats.org/package/2006/content-types\">"
          "<Default Extension=\"rels\" ContentType=\"application/vnd.openxmlformats-package.relationships+xml\"/>"
          "<Default Extension=\"xml\" ContentType=\"application/xml\"/>"
          "<Override PartName=\"/xl/workbook.xml\" ContentType=\"application/vnd.openxmlformats-officedocument.spreadsheetml.sheet.main+xml\"/>", f);
    for (size_t i = 0; i < n; i++)
        fprintf(f, "<Override PartName=\"/xl/worksheets/sheet%zu.xml\" ContentType=\"application/vnd.openxmlformats-officedocument.spreadsheetml.worksheet+xml\"/>", i + 1);
    fputs("</Types>", f);
    fclose(f);
    tu_zip_add(z, "[Content_Types].xml", buf, len);
    buf = NULL;
    f = open_memstream(&buf, &len);
    fputs("<?xml version=\"1.0\" encoding=\"UTF-8\"?><Relationships xmlns=\"http://schemas.openxmlformats.org/package/2006/relationships\">"
          "<Relationship Id=\"rId1\" Type=\"http://schemas.openxmlformats.org/officeDocument/2006/relationships/officeDocument\" Target=\"xl/workbook.xml\"/></Relationships>", f);
    fclose(f);
    tu_zip_add(z, "_rels/.rels", buf, len);
    buf = NULL;
    f = open_memstream(&buf, &len);
    fputs("<?xml version=\"1.0\" encoding=\"UTF-8\"?><workbook xmlns=\"http://schemas.openxmlformats.org/spreadsheetml/2006/main\" "
          "xmlns:r=\"http://schemas.openxmlformats.org/officeDocument/2006/relationships\"><sheets>", f);
    for (size_t i = 0; i < n; i++) {
        fputs("<sheet name=\"", f);
        tu_xml_escape(f, sheets[i].name);
        fprintf(f, "\" sheetId=\"%zu\" r:id=\"rId%zu\"/>", i + 1, i + 1);
    }
    fputs("</sheets></workbook>", f);
    fclose(f);
    tu_zip_add(z, "xl/workbook.xml", buf, len);
    buf = NULL;
    f = open_memstream(&buf, &len);
    fputs("<?xml version=\"1.0\" encoding=\"UTF-8\"?><Relationships xmlns=\"http://schemas.openxmlformats.org/package/2006/relationships\">", f);
    for (size_t i = 0; i < n; i++)
        fprintf(f, "<Relationship Id=\"rId%zu\" Type=\"http://schemas.openxmlformats.org/officeDocument/2006/relationships/worksheet\" Target=\"worksheets/sheet%zu.xml\"/>", i + 1, i + 1);
    fputs("</Relationships>", f);
    fclose(f);
    tu_zip_add(z, "xl/_rels/workbook.xml.rels", buf, len);
    for (size_t s = 0; s < n; s++) {
        buf = NULL;
        f = open_memstream(&buf, &len);
        fputs("<?xml version=\"1.0\" encoding=\"UTF-8\"?><worksheet xmlns=\"http://schemas.openxmlformats.org/spreadsheetml/2006/main\"><sheetData>", f);
        for (size_t r = 0; r < sheets[s].rows; r++) {
            fprintf(f, "<row r=\"%zu\">", r + 1);
            for (size_t c = 0; c < sheets[s].cols; c++) {
                const char *v = sheets[s].cells[r * sheets[s].cols + c];
                if (!v || !*v)
                    continue;
                char ref[32], letters[8] = {0};
                size_t col = c + 1, k = 0;
                while (col && k < 7) {
                    letters[6 - k++] = (char)('A' + (col - 1) % 26);
                    col = (col - 1) / 26;
                }
                snprintf(ref, sizeof ref, "%s%u", letters + 7 - k, (unsigned)((r + 1) % 10000000u));
                char *end;
                strtod(v, &end);
                if (v[0] != '\'' && *end == '\0') {
                    fprintf(f, "<c r=\"%s\"><v>%s</v></c>", ref, v);
                } else {
                    fprintf(f, "<c r=\"%s\" t=\"inlineStr\"><is><t xml:space=\"preserve\">", ref);
                    tu_xml_escape(f, v[0] == '\'' ? v + 1 : v);
                    fputs("</t></is></c>", f);
                }
            }
            fputs("</row>", f);
        }
        fputs("</sheetData></worksheet>", f);
        fclose(f);
        char part[64];
        snprintf(part, sizeof part, "xl/worksheets/sheet%zu.xml", s + 1);
        tu_zip_add(z, part, buf, len);
    }
    assert_int_equal(zip_close(z), 0);
    return path;
}

/* A fingerprint of every row of every table (sha256 hex, owned): equal fingerprints mean
 * an unchanged store. */
static inline char *tu_store_fingerprint(const char *db_path)
{
    sqlite3 *db = NULL;
    assert_int_equal(sqlite3_open_v2(db_path, &db, SQLITE_OPEN_READONLY, NULL), SQLITE_OK);
    EVP_MD_CTX *sha = EVP_MD_CTX_new();
    assert_non_null(sha);
    assert_int_equal(EVP_DigestInit_ex(sha, EVP_sha256(), NULL), 1);
    sqlite3_stmt *tables = NULL;
    assert_int_equal(sqlite3_prepare_v2(db, "SELECT name FROM sqlite_master WHERE type='table' ORDER BY name",
                                        -1, &tables, NULL), SQLITE_OK);
    while (sqlite3_step(tables) == SQLITE_ROW) {
        char sql[256];
        const char *t = (const char *)sqlite3_column_text(tables, 0);
        snprintf(sql, sizeof sql, "SELECT * FROM \"%s\" ORDER BY 1,2,3", t);
        EVP_DigestUpdate(sha, t, strlen(t));
        sqlite3_stmt *st = NULL;
        if (sqlite3_prepare_v2(db, sql, -1, &st, NULL) != SQLITE_OK) {
            snprintf(sql, sizeof sql, "SELECT * FROM \"%s\"", t);
            assert_int_equal(sqlite3_prepare_v2(db, sql, -1, &st, NULL), SQLITE_OK);
        }
        while (sqlite3_step(st) == SQLITE_ROW) {
            for (int c = 0; c < sqlite3_column_count(st); c++) {
                const unsigned char *v = sqlite3_column_text(st, c);
                if (!strcmp(t, "vintage") && !strcmp(sqlite3_column_name(st, c), "imported_at"))
                    continue;
                EVP_DigestUpdate(sha, v ? v : (const unsigned char *)"\x01NULL", v ? strlen((const char *)v) : 5);
                EVP_DigestUpdate(sha, "|", 1);
            }
        }
        sqlite3_finalize(st);
    }
    sqlite3_finalize(tables);
    sqlite3_close(db);
    unsigned char md[EVP_MAX_MD_SIZE];
    unsigned int n = 0;
    assert_int_equal(EVP_DigestFinal_ex(sha, md, &n), 1);
    EVP_MD_CTX_free(sha);
    char *hex = malloc(2 * n + 1);
    assert_non_null(hex);
    for (unsigned int i = 0; i < n; i++)
        snprintf(hex + 2 * i, 3, "%02x", md[i]);
    return hex;
}

/* Open a new store at dir/migdip.db (the path is written to *db_path, owned). */
static inline migdip_ctx *tu_store(const char *dir, char **db_path)
{
    char *p = tu_path(dir, "migdip.db");
    migdip_ctx *ctx = NULL;
    assert_int_equal(migdip_ctx_open(p, &ctx), MIGDIP_OK);
    if (db_path)
        *db_path = p;
    else
        free(p);
    return ctx;
}

/* Seed countries without the crosswalk files: "NPL=Nepal;QAT=Qatar@694;..." (a cown code
 * after "@" is added to country_code too). */
static inline void tu_seed_countries(const char *db_path, const char *spec)
{
    sqlite3 *db = NULL;
    assert_int_equal(sqlite3_open(db_path, &db), SQLITE_OK);
    char *copy = strdup(spec), *save = NULL;
    for (char *tok = strtok_r(copy, ";", &save); tok; tok = strtok_r(NULL, ";", &save)) {
        char *eq = strchr(tok, '=');
        assert_non_null(eq);
        *eq = '\0';
        char *at = strchr(eq + 1, '@');
        if (at)
            *at++ = '\0';
        char *sql = sqlite3_mprintf("INSERT OR REPLACE INTO country(iso3,name,kind) VALUES(%Q,%Q,'country')",
                                    tok, eq + 1);
        char *msg = NULL;
        if (sqlite3_exec(db, sql, NULL, NULL, &msg) != SQLITE_OK)
            fail_msg("seed: %s", msg);
        sqlite3_free(sql);
        if (at) {
            sql = sqlite3_mprintf("INSERT OR REPLACE INTO country_code(scheme,code,iso3) VALUES('cown',%Q,%Q)",
                                  at, tok);
            if (sqlite3_exec(db, sql, NULL, NULL, &msg) != SQLITE_OK)
                fail_msg("seed: %s", msg);
            sqlite3_free(sql);
        }
    }
    free(copy);
    sqlite3_close(db);
}

/* Run sql on the store at db_path; a failure fails the test. */
static inline void tu_exec_sql(const char *db_path, const char *sql)
{
    sqlite3 *db = NULL;
    char *msg = NULL;
    assert_int_equal(sqlite3_open(db_path, &db), SQLITE_OK);
    if (sqlite3_exec(db, sql, NULL, NULL, &msg) != SQLITE_OK)
        fail_msg("%s: %s", sql, msg);
    sqlite3_close(db);
}

/* Import one file; *rep (if given) receives the report, to be freed by the caller. */
static inline migdip_status tu_import_file(migdip_ctx *ctx, const char *path, migdip_import_report **rep)
{
    const char *files[] = {path};
    migdip_import_opts o = {.files = files, .n_files = 1};
    migdip_import_report *r = NULL;
    migdip_status st = migdip_import_run(ctx, &o, &r);
    if (rep)
        *rep = r;
    else
        migdip_import_report_free(r);
    return st;
}

/* Import the given files; returns the status and (if ok) frees the report. */
static inline migdip_status tu_import(migdip_ctx *ctx, const char *const *files, size_t n)
{
    migdip_import_opts o = {.files = files, .n_files = n};
    migdip_import_report *rep = NULL;
    migdip_status st = migdip_import_run(ctx, &o, &rep);
    migdip_import_report_free(rep);
    return st;
}

/* One number from the store (NAN if no row). */
static inline double tu_query_double(const char *db_path, const char *sql)
{
    sqlite3 *db = NULL;
    assert_int_equal(sqlite3_open_v2(db_path, &db, SQLITE_OPEN_READONLY, NULL), SQLITE_OK);
    sqlite3_stmt *st = NULL;
    if (sqlite3_prepare_v2(db, sql, -1, &st, NULL) != SQLITE_OK)
        fail_msg("%s: %s", sql, sqlite3_errmsg(db));
    double v = sqlite3_step(st) == SQLITE_ROW && sqlite3_column_type(st, 0) != SQLITE_NULL
                   ? sqlite3_column_double(st, 0)
                   : (double)NAN;
    sqlite3_finalize(st);
    sqlite3_close(db);
    return v;
}

/* The first column of the first row as text (owned), NULL if no row or a NULL value. */
static inline char *tu_query_text(const char *db_path, const char *sql)
{
    sqlite3 *db = NULL;
    assert_int_equal(sqlite3_open_v2(db_path, &db, SQLITE_OPEN_READONLY, NULL), SQLITE_OK);
    sqlite3_stmt *st = NULL;
    if (sqlite3_prepare_v2(db, sql, -1, &st, NULL) != SQLITE_OK)
        fail_msg("%s: %s", sql, sqlite3_errmsg(db));
    char *out = NULL;
    if (sqlite3_step(st) == SQLITE_ROW && sqlite3_column_text(st, 0))
        out = strdup((const char *)sqlite3_column_text(st, 0));
    sqlite3_finalize(st);
    sqlite3_close(db);
    return out;
}

/* sql gives the text want (want NULL: no row or a NULL value). */
static inline void tu_assert_text(const char *db_path, const char *sql, const char *want)
{
    char *got = tu_query_text(db_path, sql);
    if (want ? !got || strcmp(got, want) != 0 : got != NULL)
        fail_msg("%s: got \"%s\", expected \"%s\"", sql, got ? got : "(none)", want ? want : "(none)");
    free(got);
}

/* A fixture: a temporary directory with a fresh store, seeded with tu_seed_countries. */
typedef struct tu_fx {
    char *dir, *db;
    migdip_ctx *ctx;
} tu_fx;

static inline tu_fx tu_fx_open(const char *seed)
{
    tu_fx f;
    f.dir = tu_tmpdir();
    f.ctx = tu_store(f.dir, &f.db);
    if (seed)
        tu_seed_countries(f.db, seed);
    return f;
}

static inline void tu_fx_close(tu_fx *f)
{
    migdip_ctx_close(f->ctx);
    tu_rmdir(f->dir);
    free(f->dir);
    free(f->db);
}

/* The same fixture on the heap, for cmocka setup and teardown functions. */
static inline tu_fx *tu_fx_new(const char *seed)
{
    tu_fx *f = malloc(sizeof *f);
    assert_non_null(f);
    *f = tu_fx_open(seed);
    return f;
}

static inline void tu_fx_free(tu_fx *f)
{
    tu_fx_close(f);
    free(f);
}

/* Write text to the fixture's dir/name and import that one file; *rep (if given) receives
 * the report, to be freed by the caller. */
static inline migdip_status tu_import_text(tu_fx *f, const char *name, const char *text, migdip_import_report **rep)
{
    char *path = tu_write_text(f->dir, name, text);
    migdip_status st = tu_import_file(f->ctx, path, rep);
    free(path);
    return st;
}

/* Import good, then bad: the second must fail with st, a message holding part1 (and part2
 * if given), and leave the store exactly as it was. */
static inline void tu_expect_bad_import(const char *seed, const char *good, const char *bad, migdip_status st,
                                        const char *part1, const char *part2)
{
    tu_fx f = tu_fx_open(seed);
    assert_int_equal(tu_import_text(&f, "good.csv", good, NULL), MIGDIP_OK);
    char *before = tu_store_fingerprint(f.db);
    assert_int_equal(tu_import_text(&f, "bad.csv", bad, NULL), st);
    const char *msg = migdip_ctx_errmsg(f.ctx);
    if (!strstr(msg, part1) || (part2 && !strstr(msg, part2)))
        fail_msg("message \"%s\" lacks \"%s\" / \"%s\"", msg, part1, part2 ? part2 : "");
    char *after = tu_store_fingerprint(f.db);
    assert_string_equal(before, after);
    free(before);
    free(after);
    tu_fx_close(&f);
}

/* Import n files (names[i] with texts[i]) into a fresh fixture, then import them again: each
 * must be skipped, no row added, and the store's fingerprint unchanged. */
static inline void tu_expect_reimport_unchanged(const char *seed, const char *const *names, const char *const *texts,
                                                size_t n)
{
    tu_fx f = tu_fx_open(seed);
    for (size_t i = 0; i < n; i++)
        assert_int_equal(tu_import_text(&f, names[i], texts[i], NULL), MIGDIP_OK);
    char *before = tu_store_fingerprint(f.db);
    for (size_t i = 0; i < n; i++) {
        migdip_import_report *rep = NULL;
        assert_int_equal(tu_import_text(&f, names[i], texts[i], &rep), MIGDIP_OK);
        assert_int_equal(rep->n_files, 1);
        assert_int_equal(rep->files[0].skipped, 1);
        assert_int_equal(rep->rows, 0);
        migdip_import_report_free(rep);
    }
    char *after = tu_store_fingerprint(f.db);
    assert_string_equal(before, after);
    free(before);
    free(after);
    tu_fx_close(&f);
}

/* The reference data directory ($MIGDIP_DATA, else ../shared/data beside the repository),
 * or NULL if absent (integration tests then skip). */
static inline const char *tu_data_dir(void)
{
    static char buf[4096];
    const char *env = getenv("MIGDIP_DATA");
    if (env && *env)
        snprintf(buf, sizeof buf, "%s", env);
    else
        snprintf(buf, sizeof buf, "%s/../shared/data", MIGDIP_SOURCE_DIR);
    struct stat st;
    return stat(buf, &st) == 0 && S_ISDIR(st.st_mode) ? buf : NULL;
}

/* A store for the integration tests on the real data (tests/integration/test_real_*.c): a temp
 * store, the crosswalks, then files (paths relative to the data directory) in one import whose
 * report is rep. The crosswalks are the whole codes/ folder when seed is NULL (at least 200
 * countries expected), else the files listed in seed. NULL without data: the tests then skip.
 * MIGDIP_TEST_VERBOSE=1 lists the unmapped names of the import on stderr. */
typedef struct tu_real_fx {
    char *dir;
    char *db_path;
    migdip_ctx *ctx;
    migdip_import_report *rep;
} tu_real_fx;

static inline void tu_real_fx_import(tu_real_fx *fx, const char *data, const char *const *rel, size_t n,
                                     migdip_import_report **rep)
{
    char **paths = calloc(n ? n : 1, sizeof *paths);
    assert_non_null(paths);
    for (size_t i = 0; i < n; i++)
        paths[i] = tu_path(data, rel[i]);
    migdip_import_opts o = {.files = (const char *const *)paths, .n_files = n};
    if (migdip_import_run(fx->ctx, &o, rep) != MIGDIP_OK)
        fail_msg("import: %s", migdip_ctx_errmsg(fx->ctx));
    for (size_t i = 0; i < n; i++)
        free(paths[i]);
    free(paths);
}

static inline tu_real_fx *tu_real_fx_setup(const char *const *seed, size_t n_seed, const char *const *files, size_t n)
{
    const char *data = tu_data_dir();
    if (!data)
        return NULL;
    tu_real_fx *fx = calloc(1, sizeof *fx);
    assert_non_null(fx);
    fx->dir = tu_tmpdir();
    fx->ctx = tu_store(fx->dir, &fx->db_path);
    migdip_import_report *rep = NULL;
    if (seed) {
        tu_real_fx_import(fx, data, seed, n_seed, &rep);
    } else {
        char *codes = tu_path(fx->dir, "codes");
        char cmd[4096];
        snprintf(cmd, sizeof cmd, "mkdir -p '%s' && ln -s '%s'/codes/* '%s'/", codes, data, codes);
        assert_int_equal(system(cmd), 0);
        migdip_import_opts o = {.data_dir = codes};
        if (migdip_import_run(fx->ctx, &o, &rep) != MIGDIP_OK)
            fail_msg("crosswalk import: %s", migdip_ctx_errmsg(fx->ctx));
        free(codes);
        assert_true(tu_query_double(fx->db_path, "SELECT count(*) FROM country") > 200);
    }
    migdip_import_report_free(rep);
    tu_real_fx_import(fx, data, files, n, &fx->rep);
    if (getenv("MIGDIP_TEST_VERBOSE")) {
        for (size_t i = 0; i < fx->rep->n_unmapped; i++)
            fprintf(stderr, "unmapped: %s:%ld %s: %s\n", fx->rep->unmapped[i].file, fx->rep->unmapped[i].line,
                    fx->rep->unmapped[i].cell ? fx->rep->unmapped[i].cell : "", fx->rep->unmapped[i].name);
    }
    return fx;
}

static inline void tu_real_fx_teardown(tu_real_fx *fx)
{
    if (!fx)
        return;
    migdip_import_report_free(fx->rep);
    migdip_ctx_close(fx->ctx);
    tu_rmdir(fx->dir);
    free(fx->dir);
    free(fx->db_path);
    free(fx);
}

/* A group teardown for a fixture tu_real_fx_setup put in the group state. */
static inline int tu_real_fx_group_teardown(void **state)
{
    tu_real_fx_teardown(*state);
    *state = NULL;
    return 0;
}

#endif
