/* test_model_cache.c - the cache of built panels (api/model.c, store/cache.h): a panel read
 * from the cache is byte for byte the panel built from the store, for observed, interpolated
 * and latest years, editions and carried stocks; every parameter read while a panel is built
 * keys it (a warm cache never answers for another value); a damaged, truncated or foreign
 * entry is a miss; an import empties the cache; MIGDIP_CACHE=off writes nothing. */
#include "testutil.h"

#include <dirent.h>
#include <sys/stat.h>

#include "api/model.h"
#include "core/panel.h"
#include "store/cache.h"

/* Three states and a territory; stocks in 2015 and 2020 (2017 interpolated), a refugee
 * corridor, a legacy corridor, a country of first asylum, an unknown origin, two editions, a
 * sending state's records, an agreement; series for power and labour forces. */
static const char SEED_SQL[] =
    "INSERT INTO vintage(id,dataset,source,edition,released,file,sha256,importer,imported_at) VALUES"
    " (1,'undesa-ims','UN DESA','2020','2021-01-15','s.csv','11','undesa-tidy','2026-01-01T00:00:00Z'),"
    " (2,'wdi','WDI','2026','2026-07-01','w.csv','22','wdi-tidy','2026-01-01T00:00:00Z'),"
    " (3,'undesa-ims','UN DESA','2019','2019-09-01','s19.csv','33','undesa-tidy','2026-01-01T00:00:00Z'),"
    " (4,'unhcr','UNHCR','2024','2024-06-01','u.csv','44','unhcr-tidy','2026-01-01T00:00:00Z');"
    "INSERT INTO stock VALUES"
    " (1,'NPL','QAT',2020,'T',400000,1),(1,'NPL','IND',2020,'T',500000,1),(1,'IND','NPL',2020,'T',450000,1),"
    " (1,'IND','QAT',2020,'T',700000,1),(1,'QAT','IND',2020,'T',500,1),(1,'XXX','QAT',2020,'T',90000,1),"
    " (1,'NPL','QAT',2020,'F',40000,1),(1,'BTN','NPL',2020,'T',30000,1),"
    " (1,'NPL','QAT',2015,'T',300000,1),(1,'NPL','IND',2015,'T',500000,1),(1,'IND','NPL',2015,'T',450000,1),"
    " (1,'IND','QAT',2015,'T',600000,1),(1,'BTN','NPL',2015,'T',60000,1),"
    " (3,'NPL','QAT',2019,'T',350000,1),(3,'IND','QAT',2019,'T',650000,1),(3,'NPL','IND',2019,'T',480000,1);"
    "INSERT INTO protection VALUES (4,'BTN','NPL',2020,'refugees',20000,1),(4,'BTN','NPL',2015,'refugees',50000,1);"
    /* a legacy corridor (India-born in Qatar: 1.2 million in 1995, 700,000 in 2020) */
    "INSERT INTO stock VALUES (1,'IND','QAT',1995,'T',1200000,1);"
    /* Nepal's own records of departures to Qatar (flow_stay), an agreement of 2008 with India
     * (inst_half_life) */
    "INSERT INTO flow VALUES (2,'NPL','QAT','2019-07-16','2020-07-15','labour_approvals','','T',200000,1,NULL);"
    "INSERT INTO institution VALUES (2,'IND-QAT-2008','agreement','Labour agreement','IND','QAT',2008,NULL,0.8,'test');"
    /* neighbours: Nepal is Bhutan's country of first asylum (model.md §1.1) */
    "INSERT INTO dist(vintage_id,iso_o,iso_d,contig) VALUES (2,'BTN','NPL',1),(2,'NPL','BTN',1);"
    "INSERT INTO series VALUES"
    " (2,'SL.TLF.TOTL.IN','NPL',2020,8e6,1),(2,'SL.TLF.TOTL.IN','QAT',2020,2e6,1),"
    " (2,'SL.TLF.TOTL.IN','IND',2020,5e8,1),(2,'NY.GDP.MKTP.CD','NPL',2020,33e9,1),"
    " (2,'BX.TRF.PWKR.CD.DT','NPL',2020,8.25e9,1),(2,'NY.GDP.PCAP.PP.CD','NPL',2020,4000,1),"
    " (2,'SP.POP.TOTL','NPL',2020,30e6,1),(2,'NY.GDP.PCAP.PP.CD','QAT',2020,100000,1),"
    " (2,'SP.POP.TOTL','QAT',2020,3e6,1),(2,'NY.GDP.PCAP.PP.CD','IND',2020,7000,1),"
    " (2,'SP.POP.TOTL','IND',2020,1.4e9,1),(2,'SL.TLF.TOTL.IN','NPL',2015,7e6,1);";

typedef struct fx {
    char *dir, *db, *cache;
    migdip_ctx *ctx;
} fx;

static int fx_setup(void **state)
{
    fx *f = calloc(1, sizeof *f);
    f->dir = tu_tmpdir();
    f->ctx = tu_store(f->dir, &f->db);
    tu_seed_countries(f->db, "IND=India;NPL=Nepal;QAT=Qatar;BTN=Bhutan");
    tu_exec_sql(f->db, "INSERT INTO country(iso3,name,kind) VALUES('ABW','Aruba','territory')");
    tu_exec_sql(f->db, SEED_SQL);
    f->cache = tu_path(f->dir, "cache");
    *state = f;
    return 0;
}

static int fx_teardown(void **state)
{
    fx *f = *state;
    migdip_ctx_close(f->ctx);
    unsetenv("MIGDIP_CACHE");
    tu_rmdir(f->dir);
    free(f->dir);
    free(f->db);
    free(f->cache);
    free(f);
    return 0;
}

/* Entries in dir and its subdirectories (the builds' directories). */
static size_t cache_entries(const char *dir)
{
    DIR *d = opendir(dir);
    size_t n = 0;
    for (struct dirent *e; d && (e = readdir(d));) {
        if (e->d_name[0] == '.')
            continue;
        char *sub = tu_path(dir, e->d_name);
        struct stat st;
        if (stat(sub, &st) == 0 && S_ISDIR(st.st_mode))
            n += cache_entries(sub);
        else
            n += strstr(e->d_name, ".entry") != NULL;
        free(sub);
    }
    if (d)
        closedir(d);
    return n;
}

static migdip_model *load(fx *f, const char *cache, const migdip_model_opts *o)
{
    if (cache)
        setenv("MIGDIP_CACHE", cache, 1);
    else
        setenv("MIGDIP_CACHE", "off", 1);
    migdip_model *m = NULL;
    if (migdip_model_load(f->ctx, o, &m) != MIGDIP_OK)
        fail_msg("model: %s", migdip_ctx_errmsg(f->ctx));
    return m;
}

/* The two models' panels, names and stock flags are the same bytes. */
static void assert_same_model(const migdip_model *a, const migdip_model *b)
{
    size_t la = 0, lb = 0;
    void *pa = mg_panel_pack(mg_model_panel(a), &la), *pb = mg_panel_pack(mg_model_panel(b), &lb);
    assert_non_null(pa);
    assert_non_null(pb);
    assert_int_equal(la, lb);
    assert_memory_equal(pa, pb, la);
    free(pa);
    free(pb);
    assert_int_equal(mg_model_n_states(a), mg_model_n_states(b));
    for (size_t i = 0; i < mg_model_n_states(a); i++) {
        assert_string_equal(mg_model_state_name(a, i), mg_model_state_name(b, i));
        assert_int_equal(mg_model_state_is_actor(a, i), mg_model_state_is_actor(b, i));
    }
    /* and every dyad evaluates the same (a field the pack left out would show here) */
    size_t n = mg_model_n_states(a);
    for (size_t i = 0; i < n; i++)
        for (size_t j = 0; j < n; j++) {
            if (i == j)
                continue;
            migdip_dyad x, y;
            mg_model_dyad_at(a, i, j, &x);
            mg_model_dyad_at(b, i, j, &y);
            double vx[] = {x.side[0].exposure, x.side[1].exposure, x.side[0].exposure_raw, x.side[1].exposure_raw,
                           x.power_diff, x.forced_share, x.registered, x.volume, x.volume_born, x.inst, x.margin};
            double vy[] = {y.side[0].exposure, y.side[1].exposure, y.side[0].exposure_raw, y.side[1].exposure_raw,
                           y.power_diff, y.forced_share, y.registered, y.volume, y.volume_born, y.inst, y.margin};
            assert_memory_equal(vx, vy, sizeof vx);
            assert_int_equal(x.quadrant[0], y.quadrant[0]);
            assert_int_equal(x.quadrant[1], y.quadrant[1]);
            assert_int_equal(x.scope, y.scope);
            assert_int_equal(x.first_asylum, y.first_asylum);
        }
    migdip_flag ha, hb;
    assert_int_equal(migdip_model_stock_year(a, &ha), migdip_model_stock_year(b, &hb));
    assert_int_equal(ha, hb);
    assert_int_equal(migdip_model_year(a), migdip_model_year(b));
}

/* Built from the store, then written to the cache, then read from it: the same panel. */
static void test_cached_equals_built(void **state)
{
    fx *f = *state;
    static const char *const EDITIONS[] = {NULL, "2019"};
    static const int YEARS[] = {0, 2020, 2017, 2015, 2019};
    for (size_t e = 0; e < 2; e++)
        for (size_t y = 0; y < sizeof YEARS / sizeof *YEARS; y++)
            for (int carry = 0; carry < 2; carry++) {
                if (e == 1 && YEARS[y] != 2019)
                    continue; /* the 2019 edition has that year only */
                migdip_model_opts o = {.year = YEARS[y], .stock_edition = EDITIONS[e], .carry_stocks = carry};
                migdip_model *fresh = load(f, NULL, &o);
                size_t before = cache_entries(f->cache);
                migdip_model *miss = load(f, f->cache, &o);
                assert_int_equal(cache_entries(f->cache), before + 1);
                migdip_model *hit = load(f, f->cache, &o);
                assert_int_equal(cache_entries(f->cache), before + 1);
                assert_same_model(fresh, miss);
                assert_same_model(fresh, hit);
                migdip_model_free(fresh);
                migdip_model_free(miss);
                migdip_model_free(hit);
            }
}

/* Every parameter, changed, gives with a warm cache the panel a cold build gives: those read
 * while the panel is built key the cache; the others do not change the panel. */
static void test_every_parameter_keys_the_panel(void **state)
{
    fx *f = *state;
    migdip_model_opts o = {.year = 2020};
    migdip_model_free(load(f, f->cache, &o)); /* warm: the default parameters' panel */
    static const char *const NAMES[] = {
        "rd_scale",      "valve_scale",    "w_rd",          "w_valve",         "w_conc",        "lf_scale",
        "pool_scale",    "w_lf",           "w_pool",        "subst_max",       "subst_half",    "cap_region",
        "fit_lang",      "fit_region",     "fit_scheme",    "fit_dist_exp",    "fit_income_exp", "inst_moderation",
        "inst_half_life", "scope_min_stock", "scope_min_exposure", "mutual_min", "mutual_gap",   "w_power_pc",
        "parity_band",   "min_role",       "pool_lf_scale", "control_base",    "control_border", "legacy_span",
        "legacy_decline", "legacy_weight", "flow_stay",     "forced_max",      "fit_sex",
    };
    for (size_t i = 0; i < sizeof NAMES / sizeof *NAMES; i++) {
        double v = 0;
        assert_true(mg_params_default_of(NAMES[i], &v));
        /* a value inside every domain that differs from the default */
        double changed = !strcmp(NAMES[i], "legacy_span") ? 5 : !strcmp(NAMES[i], "scope_min_stock") ? 50000
                                                                                              : v > 0.5 ? v / 2
                                                                                              : v + 0.25;
        migdip_param prm = {.value = changed};
        snprintf(prm.name, sizeof prm.name, "%s", NAMES[i]);
        o.params = &prm;
        o.n_params = 1;
        size_t before = cache_entries(f->cache);
        migdip_model *fresh = load(f, NULL, &o);
        migdip_model *cached = load(f, f->cache, &o);
        assert_same_model(fresh, cached);
        assert_int_equal(cache_entries(f->cache), before); /* not written for other values */
        migdip_model_free(fresh);
        migdip_model_free(cached);
    }
}

/* The entry's file, damaged in any of these ways, is a miss: the panel is built again. */
static void test_damaged_entry_is_a_miss(void **state)
{
    fx *f = *state;
    migdip_model_opts o = {.year = 2020};
    migdip_model *fresh = load(f, NULL, &o);
    migdip_model_free(load(f, f->cache, &o));
    char *entry = NULL, *build = NULL;
    DIR *d = opendir(f->cache);
    assert_non_null(d);
    for (struct dirent *e; (e = readdir(d));)
        if (e->d_name[0] != '.')
            build = tu_path(f->cache, e->d_name); /* the one build's directory */
    closedir(d);
    assert_non_null(build);
    d = opendir(build);
    assert_non_null(d);
    for (struct dirent *e; (e = readdir(d));)
        if (strstr(e->d_name, ".entry"))
            entry = tu_path(build, e->d_name);
    closedir(d);
    free(build);
    assert_non_null(entry);
    struct stat st;
    assert_int_equal(stat(entry, &st), 0);
    for (int how = 0; how < 4; how++) {
        FILE *fp = fopen(entry, "r+b");
        assert_non_null(fp);
        if (how == 0) { /* a flipped byte in the model's layout (its first word, 64 bytes in) */
            fseek(fp, 64, SEEK_SET);
            int c = fgetc(fp);
            fseek(fp, 64, SEEK_SET);
            fputc(c ^ 0x40, fp);
        } else if (how == 1) { /* a damaged header */
            fputs("XX", fp);
        }
        fclose(fp);
        if (how == 2)
            assert_int_equal(truncate(entry, st.st_size / 3), 0);
        if (how == 3)
            assert_int_equal(truncate(entry, 0), 0);
        migdip_model *m = load(f, f->cache, &o); /* a miss: built, and the entry rewritten */
        assert_same_model(fresh, m);
        migdip_model_free(m);
        m = load(f, f->cache, &o);
        assert_same_model(fresh, m);
        migdip_model_free(m);
    }
    free(entry);
    migdip_model_free(fresh);
}

/* A packed panel whose indices point outside their arrays (a damaged entry: the payload has no
 * checksum) is refused, never used. */
static void test_damaged_index_is_refused(void **state)
{
    fx *f = *state;
    migdip_model_opts o = {.year = 2020};
    migdip_model *m = load(f, NULL, &o);
    size_t len = 0;
    void *buf = mg_panel_pack(mg_model_panel(m), &len);
    mg_panel *c = mg_panel_unpack(buf, len, false); /* as packed: accepted, a copy of its own */
    assert_non_null(c);
    free(buf);
    for (int how = 0; how < 3; how++) {
        int sub = c->subregion[0];
        uint8_t src = c->power_src[0];
        if (how == 0)
            c->subregion[0] = (int)c->n_sub; /* one past cap_sub's columns */
        else if (how == 1)
            c->subregion[0] = -2;
        else
            c->power_src[0] = MG_SRC_COUNT;
        buf = mg_panel_pack(c, &len);
        assert_non_null(buf);
        assert_null(mg_panel_unpack(buf, len, false));
        assert_null(mg_panel_unpack(buf, len, true));
        free(buf);
        c->subregion[0] = sub;
        c->power_src[0] = src;
    }
    mg_panel_free(c);
    migdip_model_free(m);
}

/* Data imported after a panel was cached: the key (the vintages) changes, the import empties
 * the cache, and the new panel counts the new data. */
static void test_import_invalidates(void **state)
{
    fx *f = *state;
    migdip_model_opts o = {.year = 2020};
    migdip_model *before = load(f, NULL, &o);
    migdip_model_free(load(f, f->cache, &o));
    assert_true(cache_entries(f->cache) >= 1);
    /* the store as `migdip import` leaves it: a new vintage and its rows, the cache emptied */
    tu_exec_sql(f->db, "INSERT INTO vintage(id,dataset,source,edition,released,file,sha256,importer,imported_at)"
                       " VALUES (5,'wdi','WDI','2027','2027-07-01','w2.csv','55','wdi-tidy','2027-01-01T00:00:00Z');"
                       "INSERT INTO series VALUES (5,'SL.TLF.TOTL.IN','QAT',2020,4e6,1);");
    migdip_model *fresh = load(f, NULL, &o);
    migdip_model *cached = load(f, f->cache, &o);
    assert_same_model(fresh, cached);
    size_t la = 0, lb = 0;
    void *pa = mg_panel_pack(mg_model_panel(before), &la), *pb = mg_panel_pack(mg_model_panel(fresh), &lb);
    assert_true(la != lb || memcmp(pa, pb, la) != 0); /* the new labour force is in */
    free(pa);
    free(pb);
    mg_cache_clear(f->cache);
    assert_int_equal(cache_entries(f->cache), 0);
    migdip_model_free(before);
    migdip_model_free(fresh);
    migdip_model_free(cached);
}

/* MIGDIP_CACHE=off (or empty) writes nothing; the default is beside the store. */
static void test_cache_dir(void **state)
{
    fx *f = *state;
    setenv("MIGDIP_CACHE", "off", 1);
    assert_null(mg_cache_dir(f->db));
    setenv("MIGDIP_CACHE", "", 1);
    assert_null(mg_cache_dir(f->db));
    unsetenv("MIGDIP_CACHE");
    char *d = mg_cache_dir(f->db);
    char *want = malloc(strlen(f->db) + 8);
    sprintf(want, "%s.cache", f->db);
    assert_string_equal(d, want);
    free(d);
    free(want);
    /* a key that is not hex digits is refused (no path outside the directory) */
    mg_cache_put(f->cache, "../x", "abc", 3);
    mg_cache_blob blob;
    assert_false(mg_cache_get(f->cache, "../x", &blob));
    /* a round trip, and the oldest entries go beyond MG_CACHE_MAX_ENTRIES */
    char *dir = tu_path(f->dir, "evict");
    char key[16];
    for (int i = 0; i < MG_CACHE_MAX_ENTRIES + 5; i++) {
        snprintf(key, sizeof key, "%04x", i);
        mg_cache_put(dir, key, key, strlen(key));
    }
    assert_int_equal(cache_entries(dir), MG_CACHE_MAX_ENTRIES);
    assert_true(mg_cache_get(dir, key, &blob));
    assert_int_equal(blob.len, strlen(key));
    assert_memory_equal(blob.data, key, blob.len);
    mg_cache_release(&blob);
    mg_cache_release(&blob); /* twice is fine */
    free(dir);
}

/* A new build's entries replace the older builds' directories, and only those: a directory
 * of another name and files that are not entries stay. */
static void test_builds_replaced(void **state)
{
    fx *f = *state;
    char *base = tu_path(f->dir, "builds");
    char *old = tu_path(base, "0123456789abcdef"), *other = tu_path(base, "notes");
    assert_int_equal(mkdir(base, 0777), 0);
    assert_int_equal(mkdir(old, 0777), 0);
    assert_int_equal(mkdir(other, 0777), 0);
    mg_cache_put(old, "aa", "x", 1);
    free(tu_write_text(other, "keep.entry", "mine"));
    free(tu_write_text(base, "readme.txt", "mine"));
    assert_int_equal(cache_entries(base), 2);
    char *cur = tu_path(base, "fedcba9876543210");
    mg_cache_put(cur, "bb", "y", 1);
    struct stat st;
    assert_int_not_equal(stat(old, &st), 0); /* the older build is gone */
    assert_int_equal(cache_entries(base), 2); /* bb, and notes/keep.entry */
    char *readme = tu_path(base, "readme.txt");
    assert_int_equal(stat(readme, &st), 0);
    mg_cache_clear(base); /* an import: every build's entries go, nothing else */
    assert_int_equal(cache_entries(base), 1);
    assert_int_equal(stat(readme, &st), 0);
    free(readme);
    free(cur);
    free(old);
    free(other);
    free(base);
}

int main(void)
{
    const struct CMUnitTest tests[] = {
        cmocka_unit_test_setup_teardown(test_cached_equals_built, fx_setup, fx_teardown),
        cmocka_unit_test_setup_teardown(test_every_parameter_keys_the_panel, fx_setup, fx_teardown),
        cmocka_unit_test_setup_teardown(test_damaged_entry_is_a_miss, fx_setup, fx_teardown),
        cmocka_unit_test_setup_teardown(test_damaged_index_is_refused, fx_setup, fx_teardown),
        cmocka_unit_test_setup_teardown(test_import_invalidates, fx_setup, fx_teardown),
        cmocka_unit_test_setup_teardown(test_cache_dir, fx_setup, fx_teardown),
        cmocka_unit_test_setup_teardown(test_builds_replaced, fx_setup, fx_teardown),
    };
    return cmocka_run_group_tests(tests, NULL, NULL);
}
