/* test_imp_registry.c - the curated registry importer on hand-made fixtures: exact stored
 * values and membership years, a = b bloc frameworks, default weights, vintage fields, a
 * round trip, re-import, replacement by a new edition, order independence, unmapped codes, the
 * registry compiled into the library, and one test per kind of bad input (status, message,
 * store unchanged). */
#include "testutil.h"

#include <sys/stat.h>

#include "import/imp_registry_builtin.h"
#include "import/importer.h"
#include "util/fs.h"
#include "util/hash.h"

extern const mg_importer mg_imp_registry_blocs, mg_imp_registry_members, mg_imp_registry_institutions,
    mg_imp_registry_episodes;

static const char COUNTRIES[] = "NPL=Nepal;QAT=Qatar;ARE=United Arab Emirates;MYS=Malaysia;"
                                "BHR=Bahrain;SAU=Saudi Arabia;NZL=New Zealand;TON=Tonga;"
                                "WSM=Samoa;FRA=France;GBR=United Kingdom";

static const char BLOCS[] =
    "bloc,title,kind,source\n"
    "GCC,Gulf Cooperation Council,regional-organisation,\"GCC Charter, 25 May 1981\"\n"
    "PACIFIC-RSE,Pacific states in the RSE scheme,scheme,Immigration New Zealand\n"
    "EU,European Union,regional-organisation,european-union.europa.eu\n";

static const char MEMBERS[] =
    "bloc,iso3,year_from,year_to,role,source\n"
    "GCC,BHR,1981,,member,GCC Charter\n"
    "GCC,QAT,1981,,,GCC Charter\n"
    "GCC,sau,1981,,member,GCC Charter\n"
    "PACIFIC-RSE,TON,2007,,sender,INZ\n"
    "PACIFIC-RSE,WSM,2007,,sender,INZ\n"
    "EU,FRA,1958,,member,Treaty of Rome\n"
    "EU,GBR,1973,2020,member,Withdrawal Agreement\n"
    "EU,GBR,2030,,member,hypothetical return (a second period)\n";

static const char INSTITUTIONS[] =
    "id,kind,name,a,b,year_from,year_to,weight,source\n"
    "NZL-RSE,scheme,RSE scheme,NZL,PACIFIC-RSE,2007,,0.9,INZ; seed 001\n"
    "NPL-QAT-2005,agreement,Manpower agreement,NPL,QAT,2005,,,seed 001\n"
    "NPL-ARE-2007,mou,MoU in the Field of Manpower,NPL,ARE,2007,2019,0.4,Republica 2019\n"
    "GCC-CM,framework,GCC Common Market,GCC,GCC,2008,,,GCC Secretariat\n"
    "NPL-SCHEME,scheme,Unweighted scheme,NPL,MYS,2018,,,test default\n";

typedef tu_fx fx;

static fx fx_open(void) { return tu_fx_open(COUNTRIES); }

static void fx_close(fx *f) { tu_fx_close(f); }

/* Write the three good fixtures and import them in one call. */
static void import_good(fx *f)
{
    char *p[3] = {tu_write_text(f->dir, "reg/blocs.csv", BLOCS),
                  tu_write_text(f->dir, "reg/bloc_members.csv", MEMBERS),
                  tu_write_text(f->dir, "reg/institutions.csv", INSTITUTIONS)};
    const char *files[3] = {p[0], p[1], p[2]};
    migdip_status st = tu_import(f->ctx, files, 3);
    if (st)
        fail_msg("%s", migdip_ctx_errmsg(f->ctx));
    for (int i = 0; i < 3; i++)
        free(p[i]);
}

static double q(const fx *f, const char *sql) { return tu_query_double(f->db, sql); }

/* One text value from the store (owned), or NULL. */
/* ------------------------------------------------------------------ sniff */

static bool sniff(const mg_importer *imp, const char *head)
{
    return imp->sniff("x.csv", "x.csv", (const unsigned char *)head, strlen(head));
}

static void test_sniff(void **state)
{
    (void)state;
    assert_true(sniff(&mg_imp_registry_blocs, "bloc,title,kind,source\nGCC,x,analytic,y\n"));
    assert_true(sniff(&mg_imp_registry_blocs, "\xEF\xBB\xBF\"Bloc\",\"Title\",\"Kind\",\"Source\"\r\n"));
    assert_true(sniff(&mg_imp_registry_blocs, "bloc,title,kind,sources\n")); /* run() names the column */
    assert_true(sniff(&mg_imp_registry_members, "bloc,iso3,year_from,year_to,role,source\n"));
    assert_true(sniff(&mg_imp_registry_institutions, "id,kind,name,a,b,year_from,year_to,weight,source\n"));
    static const char *const others[] = {
        "",
        "PK\x03\x04\x14\x00",
        "Country Name,Country Code,Year,Value\n",
        "dest_iso3,orig_iso3,year,sex,stock\n",
        "treatyID,countryA,countryB,codeA,codeB,dyadID,year\n",
        "country,cowc,cown,cow.name,year\n",
        "bloc,titles,kind,source\n",
        "id,kinds,name\n",
        "blocs.csv\n",
    };
    for (size_t i = 0; i < sizeof others / sizeof *others; i++) {
        assert_false(sniff(&mg_imp_registry_blocs, others[i]));
        assert_false(sniff(&mg_imp_registry_members, others[i]));
        assert_false(sniff(&mg_imp_registry_institutions, others[i]));
    }
    /* each layout only its own */
    assert_false(sniff(&mg_imp_registry_members, "bloc,title,kind,source\n"));
    assert_false(sniff(&mg_imp_registry_institutions, "bloc,iso3,year_from,year_to,role,source\n"));
    assert_false(sniff(&mg_imp_registry_blocs, "id,kind,name,a,b,year_from,year_to,weight,source\n"));
}

/* ------------------------------------------------------------------ values */

static void test_values(void **state)
{
    (void)state;
    fx f = fx_open();
    import_good(&f);
    /* blocs */
    assert_true(q(&f, "SELECT count(*) FROM bloc") == 3);
    tu_assert_text(f.db, "SELECT title||'|'||kind||'|'||source FROM bloc WHERE name='GCC'",
                "Gulf Cooperation Council|regional-organisation|GCC Charter, 25 May 1981");
    tu_assert_text(f.db, "SELECT kind FROM bloc WHERE name='PACIFIC-RSE'", "scheme");
    /* memberships: open years are stored as 0 / 9999, an empty role is member, iso3 upper-cased */
    assert_true(q(&f, "SELECT count(*) FROM bloc_member WHERE bloc='GCC'") == 3);
    tu_assert_text(f.db, "SELECT group_concat(iso3,' ') FROM (SELECT iso3 FROM bloc_member WHERE bloc='GCC' ORDER BY iso3)",
                "BHR QAT SAU");
    tu_assert_text(f.db, "SELECT year_from||'-'||year_to||' '||role FROM bloc_member WHERE bloc='GCC' AND iso3='QAT'",
                "1981-9999 member");
    tu_assert_text(f.db, "SELECT role FROM bloc_member WHERE bloc='PACIFIC-RSE' AND iso3='TON'", "sender");
    tu_assert_text(f.db, "SELECT group_concat(year_from||'-'||year_to,' ') FROM (SELECT * FROM bloc_member"
                    " WHERE bloc='EU' AND iso3='GBR' ORDER BY year_from)",
                "1973-2020 2030-9999");
    /* membership in a year */
    assert_true(q(&f, "SELECT count(*) FROM bloc_member WHERE bloc='EU' AND 2021 BETWEEN year_from AND year_to") == 1);
    assert_true(q(&f, "SELECT count(*) FROM bloc_member WHERE bloc='EU' AND 2020 BETWEEN year_from AND year_to") == 2);
    /* institutions: exact values, default weights by kind, open end NULL */
    tu_assert_text(f.db, "SELECT kind||'|'||name||'|'||a||'|'||b||'|'||year_from||'|'||ifnull(year_to,'-')||'|'||weight"
                    " FROM institution WHERE id='NZL-RSE'",
                "scheme|RSE scheme|NZL|PACIFIC-RSE|2007|-|0.9");
    assert_true(q(&f, "SELECT weight FROM institution WHERE id='NPL-QAT-2005'") == 0.6);
    assert_true(q(&f, "SELECT weight FROM institution WHERE id='NPL-ARE-2007'") == 0.4);
    assert_true(q(&f, "SELECT year_to FROM institution WHERE id='NPL-ARE-2007'") == 2019);
    assert_true(q(&f, "SELECT weight FROM institution WHERE id='GCC-CM'") == 0.3);
    assert_true(q(&f, "SELECT weight FROM institution WHERE id='NPL-SCHEME'") == 0.8);
    assert_true(isnan(q(&f, "SELECT year_to FROM institution WHERE id='GCC-CM'")));
    /* a = b = bloc: every pair of the bloc's members */
    tu_assert_text(f.db, "SELECT a||'='||b FROM institution WHERE id='GCC-CM'", "GCC=GCC");
    assert_true(q(&f, "SELECT count(*) FROM institution i JOIN bloc_member x ON x.bloc=i.a"
                      " JOIN bloc_member y ON y.bloc=i.b AND y.iso3>x.iso3 WHERE i.id='GCC-CM'") == 3);
    /* vintages: dataset, importer, edition = sha256 prefix, released = today, rows */
    assert_true(q(&f, "SELECT count(*) FROM vintage WHERE dataset='registry'") == 3);
    tu_assert_text(f.db, "SELECT group_concat(importer||':'||rows,' ') FROM (SELECT * FROM vintage ORDER BY importer)",
                "registry-blocs:3 registry-institutions:5 registry-members:8");
    assert_true(q(&f, "SELECT count(*) FROM vintage WHERE edition='sha256:'||substr(sha256,1,12)"
                      " AND released=date('now') AND source LIKE 'migdip curated registry%'"
                      " AND citation LIKE '%docs/registry.md%'") == 3);
    assert_true(q(&f, "SELECT count(*) FROM bloc WHERE vintage_id=(SELECT id FROM vintage WHERE importer='registry-blocs')") == 3);
    /* the bookkeeping tables do not outlive the import */
    assert_true(q(&f, "SELECT count(*) FROM sqlite_master WHERE name LIKE 'registry_%'") == 0);
    fx_close(&f);
}

/* file -> store -> query back -> the same CSV text */
static void test_round_trip(void **state)
{
    (void)state;
    static const char text[] =
        "id,kind,name,a,b,year_from,year_to,weight,source\n"
        "NZL-RSE,scheme,RSE scheme,NZL,PACIFIC-RSE,2007,,0.9,INZ\n"
        "NPL-QAT-2005,agreement,Manpower agreement,NPL,QAT,2005,,0.4,seed 001\n"
        "NPL-ARE-2007,mou,MoU in the Field of Manpower,NPL,ARE,2007,2019,0.4,Republica\n"
        "GCC-CM,framework,GCC Common Market,GCC,GCC,2008,,0.3,GCC Secretariat\n";
    fx f = fx_open();
    char *pb = tu_write_text(f.dir, "b/blocs.csv", BLOCS);
    char *pi = tu_write_text(f.dir, "b/institutions.csv", text);
    const char *files[2] = {pb, pi};
    assert_int_equal(tu_import(f.ctx, files, 2), MIGDIP_OK);
    sqlite3 *db = NULL;
    assert_int_equal(sqlite3_open_v2(f.db, &db, SQLITE_OPEN_READONLY, NULL), SQLITE_OK);
    sqlite3_stmt *st = NULL;
    assert_int_equal(sqlite3_prepare_v2(db, "SELECT id,kind,name,a,b,year_from,year_to,weight,source"
                                            " FROM institution ORDER BY rowid", -1, &st, NULL), SQLITE_OK);
    char back[2048];
    size_t k = (size_t)snprintf(back, sizeof back, "id,kind,name,a,b,year_from,year_to,weight,source\n");
    while (sqlite3_step(st) == SQLITE_ROW) {
        char year_to[16] = "";
        if (sqlite3_column_type(st, 6) != SQLITE_NULL)
            snprintf(year_to, sizeof year_to, "%d", sqlite3_column_int(st, 6));
        k += (size_t)snprintf(back + k, sizeof back - k, "%s,%s,%s,%s,%s,%d,%s,%g,%s\n",
                              sqlite3_column_text(st, 0), sqlite3_column_text(st, 1),
                              sqlite3_column_text(st, 2), sqlite3_column_text(st, 3),
                              sqlite3_column_text(st, 4), sqlite3_column_int(st, 5), year_to,
                              sqlite3_column_double(st, 7), sqlite3_column_text(st, 8));
    }
    sqlite3_finalize(st);
    sqlite3_close(db);
    assert_string_equal(back, text);
    free(pb);
    free(pi);
    fx_close(&f);
}

static void test_reimport_unchanged(void **state)
{
    (void)state;
    fx f = fx_open();
    import_good(&f);
    char *before = tu_store_fingerprint(f.db);
    char *p = tu_path(f.dir, "reg/bloc_members.csv");
    migdip_import_opts o = {.files = (const char *const *)&p, .n_files = 1};
    migdip_import_report *rep = NULL;
    assert_int_equal(migdip_import_run(f.ctx, &o, &rep), MIGDIP_OK);
    assert_int_equal(rep->n_files, 1);
    assert_int_equal(rep->files[0].skipped, 1);
    assert_int_equal(rep->rows, 0);
    migdip_import_report_free(rep);
    /* the whole directory again, too */
    char *dir = tu_path(f.dir, "reg");
    migdip_import_opts od = {.data_dir = dir, .no_registry = true};
    assert_int_equal(migdip_import_run(f.ctx, &od, &rep), MIGDIP_OK);
    assert_int_equal(rep->n_files, 3);
    for (size_t i = 0; i < 3; i++)
        assert_int_equal(rep->files[i].skipped, 1);
    migdip_import_report_free(rep);
    char *after = tu_store_fingerprint(f.db);
    assert_string_equal(before, after);
    free(before);
    free(after);
    free(p);
    free(dir);
    fx_close(&f);
}

/* bloc_members.csv sorts before blocs.csv: references are checked once all files are in */
static void test_order_independent(void **state)
{
    (void)state;
    fx f = fx_open();
    char *pm = tu_write_text(f.dir, "a_members.csv", MEMBERS);
    char *pi = tu_write_text(f.dir, "b_institutions.csv",
                             "id,kind,name,a,b,year_from,year_to,weight,source\n"
                             "RSE,scheme,RSE,NZL,PACIFIC-RSE,2007,,,INZ\n");
    char *pb = tu_write_text(f.dir, "z_blocs.csv", BLOCS);
    const char *files[3] = {pm, pi, pb};
    if (tu_import(f.ctx, files, 3))
        fail_msg("%s", migdip_ctx_errmsg(f.ctx));
    assert_true(q(&f, "SELECT count(*) FROM bloc_member") == 8);
    assert_true(q(&f, "SELECT count(*) FROM institution WHERE b='PACIFIC-RSE'") == 1);
    free(pm);
    free(pi);
    free(pb);
    fx_close(&f);
}

/* A new edition of a file replaces the old one's rows; a later file replaces a bloc's member
 * list and an institution id given by another file. */
static void test_new_edition_replaces(void **state)
{
    (void)state;
    fx f = fx_open();
    import_good(&f);
    char *pb = tu_write_text(f.dir, "reg/blocs.csv",
                             "bloc,title,kind,source\n"
                             "GCC,Cooperation Council for the Arab States of the Gulf,regional-organisation,Charter\n"
                             "PACIFIC-RSE,RSE states,scheme,INZ\n"
                             "EU,European Union,regional-organisation,EU\n");
    const char *files[1] = {pb};
    assert_int_equal(tu_import(f.ctx, files, 1), MIGDIP_OK);
    assert_true(q(&f, "SELECT count(*) FROM bloc") == 3);
    tu_assert_text(f.db, "SELECT title FROM bloc WHERE name='GCC'", "Cooperation Council for the Arab States of the Gulf");
    /* another file: GCC's member list and one institution */
    char *pm = tu_write_text(f.dir, "user/gcc.csv",
                             "bloc,iso3,year_from,year_to,role,source\n"
                             "GCC,ARE,1981,,host,user\n");
    char *pi = tu_write_text(f.dir, "user/inst.csv",
                             "id,kind,name,a,b,year_from,year_to,weight,source\n"
                             "NPL-QAT-2005,agreement,Manpower agreement (revised view),NPL,QAT,2005,,0.4,user\n");
    const char *files2[2] = {pm, pi};
    assert_int_equal(tu_import(f.ctx, files2, 2), MIGDIP_OK);
    tu_assert_text(f.db, "SELECT group_concat(iso3||':'||role,' ') FROM bloc_member WHERE bloc='GCC'", "ARE:host");
    assert_true(q(&f, "SELECT count(*) FROM bloc_member WHERE bloc='EU'") == 3);
    assert_true(q(&f, "SELECT count(*) FROM institution WHERE id='NPL-QAT-2005'") == 1);
    assert_true(q(&f, "SELECT weight FROM institution WHERE id='NPL-QAT-2005'") == 0.4);
    /* a new edition that drops a bloc still listed by another file is refused, store unchanged */
    char *before = tu_store_fingerprint(f.db);
    char *pb2 = tu_write_text(f.dir, "reg/blocs.csv",
                              "bloc,title,kind,source\n"
                              "PACIFIC-RSE,RSE states,scheme,INZ\n"
                              "EU,European Union,regional-organisation,EU\n");
    assert_int_equal(tu_import(f.ctx, files, 1), MIGDIP_ERR_PARSE);
    assert_non_null(strstr(migdip_ctx_errmsg(f.ctx), "bloc \"GCC\" has members but no blocs file defines it"));
    char *after = tu_store_fingerprint(f.db);
    assert_string_equal(before, after);
    free(before);
    free(after);
    free(pb);
    free(pb2);
    free(pm);
    free(pi);
    fx_close(&f);
}

static void test_unmapped(void **state)
{
    (void)state;
    fx f = fx_open();
    char *pb = tu_write_text(f.dir, "blocs.csv", BLOCS);
    char *pm = tu_write_text(f.dir, "m.csv",
                             "bloc,iso3,year_from,year_to,role,source\n"
                             "GCC,QAT,1981,,,Charter\n"
                             "GCC,XYZ,1981,,,Charter\n");
    char *pi = tu_write_text(f.dir, "i.csv",
                             "id,kind,name,a,b,year_from,year_to,weight,source\n"
                             "A,mou,ok,NPL,QAT,2005,,,s\n"
                             "B,mou,unknown side,NPL,ZZZ,2005,,,s\n");
    const char *files[3] = {pb, pm, pi};
    migdip_import_opts o = {.files = files, .n_files = 3};
    migdip_import_report *rep = NULL;
    assert_int_equal(migdip_import_run(f.ctx, &o, &rep), MIGDIP_OK);
    assert_int_equal(rep->n_unmapped, 2);
    bool saw_xyz = false, saw_zzz = false;
    for (size_t i = 0; i < rep->n_unmapped; i++) {
        const migdip_unmapped *u = &rep->unmapped[i];
        if (!strcmp(u->name, "XYZ")) {
            saw_xyz = u->line == 3 && u->cell && !strcmp(u->cell, "iso3") && strstr(u->file, "m.csv");
        } else if (!strcmp(u->name, "ZZZ")) {
            saw_zzz = u->line == 3 && u->cell && !strcmp(u->cell, "b") && strstr(u->file, "i.csv");
        }
    }
    assert_true(saw_xyz);
    assert_true(saw_zzz);
    assert_int_equal(rep->rows, 3 + 1 + 1);
    migdip_import_report_free(rep);
    assert_true(q(&f, "SELECT count(*) FROM bloc_member") == 1);
    assert_true(q(&f, "SELECT count(*) FROM institution") == 1);
    assert_true(q(&f, "SELECT count(*) FROM unmapped") == 2);
    free(pb);
    free(pm);
    free(pi);
    fx_close(&f);
}

static void test_header_only(void **state)
{
    (void)state;
    fx f = fx_open();
    char *p = tu_write_text(f.dir, "empty_blocs.csv", "bloc,title,kind,source\n");
    const char *files[1] = {p};
    assert_int_equal(tu_import(f.ctx, files, 1), MIGDIP_OK);
    assert_true(q(&f, "SELECT rows FROM vintage") == 0);
    free(p);
    fx_close(&f);
}

/* The registry compiled into the library is data/registry byte for byte, under the names
 * "registry/<file>.csv", and a data directory import brings it in from memory with the
 * sha256 and size of the files (so a store is the same whether it was read from disk or not). */
static void test_builtin_embedded(void **state)
{
    (void)state;
    char **paths = NULL;
    size_t n = 0;
    mg_err err = {0};
    assert_int_equal(mg_fs_list_files(MIGDIP_SOURCE_DIR "/data/registry", &paths, &n, &err), MIGDIP_OK);
    size_t n_csv = 0;
    for (size_t i = 0; i < n; i++)
        n_csv += mg_importer_name_ends(paths[i], ".csv");
    assert_true(n_csv >= 3);
    assert_int_equal(mg_imp_registry_builtin_count, n_csv);
    assert_null(mg_imp_registry_builtin_files[n_csv].name);
    fx f = fx_open();
    char *empty = tu_path(f.dir, "empty");
    assert_int_equal(mkdir(empty, 0700), 0);
    migdip_import_opts o = {.data_dir = empty};
    migdip_import_report *rep = NULL;
    if (migdip_import_run(f.ctx, &o, &rep) != MIGDIP_OK)
        fail_msg("%s", migdip_ctx_errmsg(f.ctx));
    assert_int_equal(rep->n_files, n_csv);
    assert_int_equal(rep->n_ignored, 0);
    for (size_t i = 0, k = 0; i < n; i++) {
        if (!mg_importer_name_ends(paths[i], ".csv"))
            continue;
        const mg_imp_registry_builtin_file *b = &mg_imp_registry_builtin_files[k++];
        char want[256];
        snprintf(want, sizeof want, "registry/%s", mg_fs_relative(paths[i], MIGDIP_SOURCE_DIR "/data/registry"));
        assert_string_equal(b->name, want);
        FILE *fp = fopen(paths[i], "rb");
        assert_non_null(fp);
        char *buf = malloc(b->len + 1);
        assert_non_null(buf);
        assert_int_equal(fread(buf, 1, b->len + 1, fp), b->len);
        fclose(fp);
        assert_memory_equal(buf, b->bytes, b->len);
        assert_int_equal(b->bytes[b->len], 0);
        free(buf);
        char sha[65], sql[512];
        assert_int_equal(mg_hash_sha256_file(paths[i], sha, &err), MIGDIP_OK);
        snprintf(sql, sizeof sql, "SELECT count(*) FROM vintage WHERE file='%s' AND sha256='%s' AND bytes=%zu"
                 " AND importer LIKE 'registry-%%'"
                 /* the episodes name states this fixture's country list lacks: reported, not stored */
                 " AND (rows > 0 OR importer='registry-episodes')", want, sha, b->len);
        assert_true(q(&f, sql) == 1);
    }
    migdip_import_report_free(rep);
    /* without the registry: nothing */
    migdip_import_opts none = {.data_dir = empty, .no_registry = true};
    assert_int_equal(migdip_import_run(f.ctx, &none, &rep), MIGDIP_OK);
    assert_int_equal(rep->n_files, 0);
    migdip_import_report_free(rep);
    mg_fs_free_list(paths, n);
    free(empty);
    fx_close(&f);
}

/* ------------------------------------------------------------------ episodes */

static const char EPISODES[] =
    "id,year,a,b,expect_a,expect_b,kind,event,outcome,source,url,verified\n"
    "qa-np-2014,2014,QAT,NPL,II,III,deportation,\"Qatar deported workers, then more\",Nepal accommodated,"
    "\"Reuters, A title, 2014-05-01\",https://example.org/a,yes\n"
    "gcc-np-2015,2015,GCC,NPL,I|mutual,IV|mutual,agreement,An agreement,Both kept it,Some paper,doi:10.1/x,no\n"
    "fr-gb-2019,2019,FRA,GBR,out-of-scope,out-of-scope,free-movement,EU free movement,n/a,Treaty,https://e.u,yes\n";

/* The episode layout: every column stored as written, blocs as sides, '|' alternatives, the
 * verified flag as 0/1; and the layout is told apart from the other three by its header. */
static void test_episodes(void **state)
{
    (void)state;
    fx f = fx_open();
    import_good(&f);
    assert_true(sniff(&mg_imp_registry_episodes, EPISODES));
    assert_false(sniff(&mg_imp_registry_institutions, EPISODES));
    assert_false(sniff(&mg_imp_registry_episodes, INSTITUTIONS));
    char *p = tu_write_text(f.dir, "reg/episodes.csv", EPISODES);
    const char *files[1] = {p};
    if (tu_import(f.ctx, files, 1) != MIGDIP_OK)
        fail_msg("%s", migdip_ctx_errmsg(f.ctx));
    assert_true(q(&f, "SELECT count(*) FROM episode") == 3);
    assert_true(q(&f, "SELECT count(*) FROM episode WHERE id='qa-np-2014' AND year=2014 AND a='QAT' AND b='NPL'"
                      " AND expect_a='II' AND expect_b='III' AND kind='deportation'"
                      " AND event='Qatar deported workers, then more' AND source='Reuters, A title, 2014-05-01'"
                      " AND url='https://example.org/a' AND verified=1") == 1);
    assert_true(q(&f, "SELECT count(*) FROM episode WHERE id='gcc-np-2015' AND a='GCC' AND expect_a='I|mutual'"
                      " AND verified=0") == 1);
    assert_true(q(&f, "SELECT rows FROM vintage WHERE importer='registry-episodes'") == 3);
    free(p);
    fx_close(&f);
}

/* ------------------------------------------------------------------ bad input */

typedef struct bad_case {
    const char *name;     /* file name to write */
    const char *content;  /* NULL: a generated oversized file */
    migdip_status status;
    const char *msg1, *msg2; /* parts of the message (msg2 may be NULL) */
} bad_case;

static void check_bad(const bad_case *c)
{
    fx f = fx_open();
    import_good(&f);
    char *before = tu_store_fingerprint(f.db);
    char *p;
    if (c->content) {
        p = tu_write_text(f.dir, c->name, c->content);
    } else {
        size_t n = ((size_t)16 << 20) + 100;
        char *big = malloc(n);
        assert_non_null(big);
        memset(big, 'x', n);
        memcpy(big, "bloc,title,kind,source\n", 23);
        p = tu_write(f.dir, c->name, big, n);
        free(big);
    }
    const char *files[1] = {p};
    migdip_status st = tu_import(f.ctx, files, 1);
    const char *msg = migdip_ctx_errmsg(f.ctx);
    if (st != c->status)
        fail_msg("%s: status %s, expected %s: %s", c->name, migdip_status_str(st),
                 migdip_status_str(c->status), msg);
    if (!strstr(msg, c->msg1) || (c->msg2 && !strstr(msg, c->msg2)))
        fail_msg("%s: message \"%s\" lacks \"%s\" / \"%s\"", c->name, msg, c->msg1, c->msg2 ? c->msg2 : "");
    char *after = tu_store_fingerprint(f.db);
    assert_string_equal(before, after);
    free(before);
    free(after);
    free(p);
    fx_close(&f);
}

#define BAD_TEST(fn, ...)                                                                          \
    static void fn(void **state)                                                                   \
    {                                                                                              \
        (void)state;                                                                               \
        static const bad_case c = __VA_ARGS__;                                                     \
        check_bad(&c);                                                                             \
    }

/* malformed or truncated CSV */
BAD_TEST(test_bad_unterminated_quote,
         {.name = "bad/blocs.csv", .content = "bloc,title,kind,source\nASEAN,\"Association,regional-organisation,x\n",
          .status = MIGDIP_ERR_PARSE, .msg1 = "bad/blocs.csv:3: unterminated quoted field (opened on line 2)", .msg2 = NULL})
BAD_TEST(test_bad_truncated_row,
         {.name = "bad/inst.csv", .content = "id,kind,name,a,b,year_from,year_to,weight,source\nX,mou,MoU,NPL,QAT\n",
          .status = MIGDIP_ERR_PARSE, .msg1 = "bad/inst.csv:2: expected 9 fields", .msg2 = "got 5"})
/* missing or renamed columns */
BAD_TEST(test_bad_renamed_column,
         {.name = "bad/blocs.csv", .content = "bloc,title,kind,sources\nASEAN,ASEAN,regional-organisation,x\n",
          .status = MIGDIP_ERR_SCHEMA, .msg1 = "bad/blocs.csv:1: column 4: expected source, got \"sources\"",
          .msg2 = "bloc,title,kind,source"})
BAD_TEST(test_bad_missing_column,
         {.name = "bad/members.csv", .content = "bloc,iso3,year_from,year_to,role\nGCC,QAT,1981,,member\n",
          .status = MIGDIP_ERR_SCHEMA, .msg1 = "bad/members.csv:1: missing column source", .msg2 = NULL})
BAD_TEST(test_bad_extra_column,
         {.name = "bad/blocs.csv", .content = "bloc,title,kind,source,note\nASEAN,ASEAN,analytic,x,y\n",
          .status = MIGDIP_ERR_SCHEMA, .msg1 = "bad/blocs.csv:1: unexpected column 5 \"note\"", .msg2 = NULL})
/* duplicate keys: both lines named */
BAD_TEST(test_bad_duplicate_bloc,
         {.name = "bad/blocs.csv",
          .content = "bloc,title,kind,source\nASEAN,A,analytic,x\nSAARC,S,analytic,x\nASEAN,B,analytic,y\n",
          .status = MIGDIP_ERR_DUPLICATE, .msg1 = "bad/blocs.csv:4: bloc \"ASEAN\" is defined twice (first on line 2)",
          .msg2 = NULL})
BAD_TEST(test_bad_duplicate_id,
         {.name = "bad/inst.csv",
          .content = "id,kind,name,a,b,year_from,year_to,weight,source\n"
                     "X-1,mou,one,NPL,QAT,2005,,,s\nX-1,mou,two,NPL,ARE,2007,,,s\n",
          .status = MIGDIP_ERR_DUPLICATE, .msg1 = "bad/inst.csv:3: institution id \"X-1\" is used twice (first on line 2)",
          .msg2 = NULL})
BAD_TEST(test_bad_duplicate_member,
         {.name = "bad/members.csv",
          .content = "bloc,iso3,year_from,year_to,role,source\nGCC,QAT,1981,,,s\nGCC,QAT,1981,,host,s\n",
          .status = MIGDIP_ERR_DUPLICATE, .msg1 = "bad/members.csv:3: QAT is listed twice in bloc GCC",
          .msg2 = "(first on line 2)"})
BAD_TEST(test_bad_overlapping_member,
         {.name = "bad/members.csv",
          .content = "bloc,iso3,year_from,year_to,role,source\nEU,GBR,1973,2020,,s\nEU,FRA,1958,,,s\nEU,GBR,2000,,,s\n",
          .status = MIGDIP_ERR_DUPLICATE, .msg1 = "bad/members.csv:4: GBR's membership of EU overlaps the one on line 2",
          .msg2 = NULL})
/* values out of their domain */
BAD_TEST(test_bad_weight_range,
         {.name = "bad/inst.csv",
          .content = "id,kind,name,a,b,year_from,year_to,weight,source\nX,mou,MoU,NPL,QAT,2005,,1.5,s\n",
          .status = MIGDIP_ERR_RANGE, .msg1 = "bad/inst.csv:2: column weight: expected a weight between 0 and 1, got \"1.5\"",
          .msg2 = NULL})
BAD_TEST(test_bad_negative_weight,
         {.name = "bad/inst.csv",
          .content = "id,kind,name,a,b,year_from,year_to,weight,source\nX,mou,MoU,NPL,QAT,2005,,-0.2,s\n",
          .status = MIGDIP_ERR_RANGE, .msg1 = "bad/inst.csv:2: column weight", .msg2 = "got \"-0.2\""})
BAD_TEST(test_bad_year_range,
         {.name = "bad/members.csv",
          .content = "bloc,iso3,year_from,year_to,role,source\nGCC,QAT,3000,,,s\n",
          .status = MIGDIP_ERR_RANGE, .msg1 = "bad/members.csv:2: column year_from: expected a year between 1800 and 2100, got \"3000\"",
          .msg2 = NULL})
BAD_TEST(test_bad_year_order,
         {.name = "bad/inst.csv",
          .content = "id,kind,name,a,b,year_from,year_to,weight,source\nX,mou,MoU,NPL,QAT,2019,2007,,s\n",
          .status = MIGDIP_ERR_RANGE, .msg1 = "bad/inst.csv:2: column year_to: expected a year not before year_from (2019), got 2007",
          .msg2 = NULL})
BAD_TEST(test_bad_same_country,
         {.name = "bad/inst.csv",
          .content = "id,kind,name,a,b,year_from,year_to,weight,source\nX,mou,MoU,NPL,NPL,2019,,,s\n",
          .status = MIGDIP_ERR_RANGE, .msg1 = "bad/inst.csv:2: columns a and b", .msg2 = "got \"NPL\" twice"})
/* text in numeric cells */
BAD_TEST(test_bad_text_weight,
         {.name = "bad/inst.csv",
          .content = "id,kind,name,a,b,year_from,year_to,weight,source\nX,mou,MoU,NPL,QAT,2005,,high,s\n",
          .status = MIGDIP_ERR_PARSE, .msg1 = "bad/inst.csv:2: column weight: expected a weight between 0 and 1",
          .msg2 = "got \"high\""})
BAD_TEST(test_bad_text_year,
         {.name = "bad/inst.csv",
          .content = "id,kind,name,a,b,year_from,year_to,weight,source\nX,mou,MoU,NPL,QAT,c. 2005,,,s\n",
          .status = MIGDIP_ERR_PARSE, .msg1 = "bad/inst.csv:2: column year_from: expected a year (e.g. 2007), got \"c. 2005\"",
          .msg2 = NULL})
BAD_TEST(test_bad_missing_year,
         {.name = "bad/inst.csv",
          .content = "id,kind,name,a,b,year_from,year_to,weight,source\nX,mou,MoU,NPL,QAT,,,,s\n",
          .status = MIGDIP_ERR_PARSE, .msg1 = "bad/inst.csv:2: column year_from: expected a year", .msg2 = NULL})
/* words outside their list, empty citations, malformed codes */
BAD_TEST(test_bad_kind,
         {.name = "bad/inst.csv",
          .content = "id,kind,name,a,b,year_from,year_to,weight,source\nX,treaty,T,NPL,QAT,2005,,,s\n",
          .status = MIGDIP_ERR_PARSE, .msg1 = "bad/inst.csv:2: column kind: expected agreement, mou, scheme, seasonal, free-movement or framework, got \"treaty\"",
          .msg2 = NULL})
#define EP_HEAD "id,year,a,b,expect_a,expect_b,kind,event,outcome,source,url,verified\n"
BAD_TEST(test_bad_episode_logic,
         {.name = "bad/ep.csv", .content = EP_HEAD "x,2014,QAT,NPL,II,V,ban,e,o,s,u,yes\n",
          .status = MIGDIP_ERR_PARSE, .msg1 = "bad/ep.csv:2: column expect_b: expected I, II, III, IV, mutual or out-of-scope",
          .msg2 = "got \"V\""})
BAD_TEST(test_bad_episode_trailing_bar,
         {.name = "bad/ep.csv", .content = EP_HEAD "x,2014,QAT,NPL,II|,III,ban,e,o,s,u,yes\n",
          .status = MIGDIP_ERR_PARSE, .msg1 = "bad/ep.csv:2: column expect_a", .msg2 = "got \"II|\""})
BAD_TEST(test_bad_episode_kind,
         {.name = "bad/ep.csv", .content = EP_HEAD "x,2014,QAT,NPL,II,III,sanction,e,o,s,u,yes\n",
          .status = MIGDIP_ERR_PARSE, .msg1 = "bad/ep.csv:2: column kind", .msg2 = "got \"sanction\""})
BAD_TEST(test_bad_episode_no_url,
         {.name = "bad/ep.csv", .content = EP_HEAD "x,2014,QAT,NPL,II,III,ban,e,o,s,,yes\n",
          .status = MIGDIP_ERR_PARSE, .msg1 = "bad/ep.csv:2: column url: expected a URL or DOI", .msg2 = NULL})
BAD_TEST(test_bad_episode_verified,
         {.name = "bad/ep.csv", .content = EP_HEAD "x,2014,QAT,NPL,II,III,ban,e,o,s,u,maybe\n",
          .status = MIGDIP_ERR_PARSE, .msg1 = "bad/ep.csv:2: column verified: expected yes or no", .msg2 = NULL})
BAD_TEST(test_bad_episode_duplicate,
         {.name = "bad/ep.csv", .content = EP_HEAD "x,2014,QAT,NPL,II,III,ban,e,o,s,u,yes\nx,2015,QAT,NPL,II,III,ban,e,o,s,u,yes\n",
          .status = MIGDIP_ERR_DUPLICATE, .msg1 = "episode id \"x\" is used twice", .msg2 = NULL})
BAD_TEST(test_bad_bloc_kind,
         {.name = "bad/blocs.csv", .content = "bloc,title,kind,source\nX,T,union,s\n",
          .status = MIGDIP_ERR_PARSE, .msg1 = "bad/blocs.csv:2: column kind", .msg2 = "got \"union\""})
BAD_TEST(test_bad_role,
         {.name = "bad/members.csv", .content = "bloc,iso3,year_from,year_to,role,source\nGCC,QAT,1981,,observer,s\n",
          .status = MIGDIP_ERR_PARSE, .msg1 = "bad/members.csv:2: column role", .msg2 = "got \"observer\""})
BAD_TEST(test_bad_empty_source,
         {.name = "bad/blocs.csv", .content = "bloc,title,kind,source\nX,T,analytic,  \n",
          .status = MIGDIP_ERR_PARSE, .msg1 = "bad/blocs.csv:2: column source: expected a citation", .msg2 = NULL})
BAD_TEST(test_bad_iso3_shape,
         {.name = "bad/members.csv", .content = "bloc,iso3,year_from,year_to,role,source\nGCC,Qatar,1981,,,s\n",
          .status = MIGDIP_ERR_PARSE, .msg1 = "bad/members.csv:2: column iso3: expected an ISO3 code (three letters), got \"Qatar\"",
          .msg2 = NULL})
BAD_TEST(test_bad_bloc_name,
         {.name = "bad/blocs.csv", .content = "bloc,title,kind,source\nGulf states,T,analytic,s\n",
          .status = MIGDIP_ERR_PARSE, .msg1 = "bad/blocs.csv:2: column bloc: expected a bloc name", .msg2 = NULL})
/* a bloc referenced but not defined */
BAD_TEST(test_bad_undefined_bloc_member,
         {.name = "bad/members.csv", .content = "bloc,iso3,year_from,year_to,role,source\nGCC,QAT,1981,,,s\nASEAN,MYS,1967,,,s\n",
          .status = MIGDIP_ERR_PARSE,
          .msg1 = "bad/members.csv:3: column bloc: expected a bloc defined in a blocs file", .msg2 = "got \"ASEAN\""})
BAD_TEST(test_bad_undefined_bloc_side,
         {.name = "bad/inst.csv",
          .content = "id,kind,name,a,b,year_from,year_to,weight,source\nX,framework,F,ASEAN,ASEAN,2017,,,s\n",
          .status = MIGDIP_ERR_PARSE, .msg1 = "bad/inst.csv:2: column a: expected a bloc defined in a blocs file",
          .msg2 = "got \"ASEAN\""})
/* an empty file, and a file of another kind named like ours */
BAD_TEST(test_bad_empty_file,
         {.name = "bad/blocs.csv", .content = "",
          .status = MIGDIP_ERR_SCHEMA, .msg1 = "bad/blocs.csv: not a recognised data file", .msg2 = NULL})
BAD_TEST(test_bad_wrong_kind,
         {.name = "bad/institutions.csv", .content = "Country Name,Country Code,Year,Value\nNepal,NPL,2020,1\n",
          .status = MIGDIP_ERR_SCHEMA, .msg1 = "bad/institutions.csv: not a recognised data file", .msg2 = NULL})
/* caps: sizes from the input are bounded */
BAD_TEST(test_bad_oversized_file,
         {.name = "bad/blocs.csv", .content = NULL,
          .status = MIGDIP_ERR_LIMIT, .msg1 = "bad/blocs.csv:", .msg2 = "more than a registry file may hold"})
BAD_TEST(test_bad_long_id,
         {.name = "bad/inst.csv",
          .content = "id,kind,name,a,b,year_from,year_to,weight,source\n"
                     "AN-ID-THAT-IS-FAR-LONGER-THAN-SIXTY-FOUR-CHARACTERS-WHICH-IS-THE-CAP-x,mou,M,NPL,QAT,2005,,,s\n",
          .status = MIGDIP_ERR_PARSE, .msg1 = "bad/inst.csv:2: column id: expected an id", .msg2 = NULL})

int main(void)
{
    const struct CMUnitTest tests[] = {
        cmocka_unit_test(test_sniff),
        cmocka_unit_test(test_values),
        cmocka_unit_test(test_round_trip),
        cmocka_unit_test(test_reimport_unchanged),
        cmocka_unit_test(test_order_independent),
        cmocka_unit_test(test_new_edition_replaces),
        cmocka_unit_test(test_unmapped),
        cmocka_unit_test(test_header_only),
        cmocka_unit_test(test_builtin_embedded),
        cmocka_unit_test(test_bad_unterminated_quote),
        cmocka_unit_test(test_bad_truncated_row),
        cmocka_unit_test(test_bad_renamed_column),
        cmocka_unit_test(test_bad_missing_column),
        cmocka_unit_test(test_bad_extra_column),
        cmocka_unit_test(test_bad_duplicate_bloc),
        cmocka_unit_test(test_bad_duplicate_id),
        cmocka_unit_test(test_bad_duplicate_member),
        cmocka_unit_test(test_bad_overlapping_member),
        cmocka_unit_test(test_bad_weight_range),
        cmocka_unit_test(test_bad_negative_weight),
        cmocka_unit_test(test_bad_year_range),
        cmocka_unit_test(test_bad_year_order),
        cmocka_unit_test(test_bad_same_country),
        cmocka_unit_test(test_bad_text_weight),
        cmocka_unit_test(test_bad_text_year),
        cmocka_unit_test(test_bad_missing_year),
        cmocka_unit_test(test_bad_kind),
        cmocka_unit_test(test_bad_bloc_kind),
        cmocka_unit_test(test_episodes),
        cmocka_unit_test(test_bad_episode_logic),
        cmocka_unit_test(test_bad_episode_trailing_bar),
        cmocka_unit_test(test_bad_episode_kind),
        cmocka_unit_test(test_bad_episode_no_url),
        cmocka_unit_test(test_bad_episode_verified),
        cmocka_unit_test(test_bad_episode_duplicate),
        cmocka_unit_test(test_bad_role),
        cmocka_unit_test(test_bad_empty_source),
        cmocka_unit_test(test_bad_iso3_shape),
        cmocka_unit_test(test_bad_bloc_name),
        cmocka_unit_test(test_bad_undefined_bloc_member),
        cmocka_unit_test(test_bad_undefined_bloc_side),
        cmocka_unit_test(test_bad_empty_file),
        cmocka_unit_test(test_bad_wrong_kind),
        cmocka_unit_test(test_bad_oversized_file),
        cmocka_unit_test(test_bad_long_id),
    };
    return cmocka_run_group_tests(tests, NULL, NULL);
}
