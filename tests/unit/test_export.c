/* test_export.c - exports and citations on a four-state store: values checked by hand and
 * against the engine, CSV/JSON/.dta round trips (NA stays NA, never 0; the .dta is read back
 * with ReadStat's own parser), year ranges, error paths, the CLI's CSV output against a
 * golden file, and the citation list built from the vintage table.
 *
 * The store is seeded with SQL rather than by importing fixture files: this branch has no
 * UN DESA or WDI importer yet, and the export only reads the tables (vintage, country,
 * country_code, stock, series) whose layout store.c fixes. */
#include "testutil.h"

#include <cjson/cJSON.h>
#include <readstat.h>

#include "formats/csv.h"
#include "export/table.h"

/* ------------------------------------------------------------------ fixture */

/* Stocks in 2015 and 2020 (2017 is interpolated, 2021 carried, 2014 has none); NPL's
 * remittances and GDP; labour forces; GDP per head PPP and population for power (XKX has
 * none: its power is NA); no KNOMAD matrix, so NPL's remittance shares are the fallback. */
static const char SEED_SQL[] =
    "INSERT INTO vintage(id,dataset,source,edition,released,file,sha256,importer,imported_at,citation) VALUES"
    " (1,'undesa-ims','UN DESA International Migrant Stock 2020 (tidy)','2020','2021-01-15',"
    "  'undesa_ims/stock_long.csv','1111111111111111111111111111111111111111111111111111111111111111',"
    "  'undesa-tidy','2026-01-01T00:00:00Z','United Nations (2020). International Migrant Stock 2020.'),"
    " (2,'wdi','World Bank, World Development Indicators','2026-07-01','2026-07-01','wdi/sl.tlf.totl.in.csv',"
    "  '2222222222222222222222222222222222222222222222222222222222222222','wdi-tidy','2026-01-01T00:00:00Z',NULL),"
    " (3,'wdi','World Bank, World Development Indicators','2026-07-01','2026-07-01','wdi/ny.gdp.mktp.cd.csv',"
    "  '3333333333333333333333333333333333333333333333333333333333333333','wdi-tidy','2026-01-01T00:00:00Z',NULL),"
    " (4,'cow-nmc','Correlates of War Project, National Material Capabilities v6.0','6.0','2021-01-01',"
    "  'cow_nmc/NMC-60-abridged.csv','4444444444444444444444444444444444444444444444444444444444444444',"
    "  'cow-nmc','2026-01-01T00:00:00Z',NULL),"
    " (5,'home-made','Survey of 100% & more_data','v2','2024-05-01','extra/survey.csv',"
    "  '5555555555555555555555555555555555555555555555555555555555555555','x','2026-01-01T00:00:00Z',"
    "  'Someone (2024). A survey.'),"
    " (6,'wdi','World Bank, WDI: series derived by migdip','2026-07-01','2026-07-01','(derived)',"
    "  'derived:wdi:2026-07-01','wdi-derive','2026-01-01T00:00:00Z',NULL),"
    " (7,'wb-class','World Bank country and lending groups (CLASS.xlsx)','FY24','2023-07-01','codes/CLASS.xlsx',"
    "  '7777777777777777777777777777777777777777777777777777777777777777','wb-class','2026-01-01T00:00:00Z',NULL);"
    "INSERT INTO stock VALUES"
    " (1,'NPL','QAT',2020,'T',400000,1),(1,'NPL','IND',2020,'T',500000,1),(1,'IND','NPL',2020,'T',450000,1),"
    " (1,'IND','QAT',2020,'T',700000,1),(1,'XKX','QAT',2020,'T',900,1),(1,'QAT','IND',2020,'T',500,1),"
    " (1,'NPL','QAT',2015,'T',300000,1),(1,'NPL','IND',2015,'T',500000,1),(1,'IND','NPL',2015,'T',450000,1),"
    " (1,'IND','QAT',2015,'T',600000,1);"
    "INSERT INTO series VALUES"
    " (2,'SL.TLF.TOTL.IN','NPL',2015,8e6,1),(2,'SL.TLF.TOTL.IN','NPL',2020,8e6,1),"
    " (2,'SL.TLF.TOTL.IN','QAT',2015,2e6,1),(2,'SL.TLF.TOTL.IN','QAT',2020,2e6,1),"
    " (2,'SL.TLF.TOTL.IN','IND',2015,5e8,1),(2,'SL.TLF.TOTL.IN','IND',2020,5e8,1),"
    " (3,'NY.GDP.MKTP.CD','NPL',2020,33e9,1),(3,'BX.TRF.PWKR.CD.DT','NPL',2020,8.25e9,1),"
    " (3,'NY.GDP.PCAP.PP.CD','NPL',2020,4000,1),(3,'SP.POP.TOTL','NPL',2020,30e6,1),"
    " (3,'NY.GDP.PCAP.PP.CD','QAT',2020,100000,1),(3,'SP.POP.TOTL','QAT',2020,3e6,1),"
    " (3,'NY.GDP.PCAP.PP.CD','IND',2020,7000,1),(3,'SP.POP.TOTL','IND',2020,1.4e9,1);";

typedef struct fx {
    char *dir;
    char *db;
    migdip_ctx *ctx;
    char notes[4096];
    int n_notes;
} fx;

static void seed(const char *db_path)
{
    /* QAT's COW code only in country_code (as the crosswalk stores year-aware codes) */
    tu_seed_countries(db_path, "IND=India;NPL=Nepal;QAT=Qatar@694;XKX=Kosovo");
    sqlite3 *db = NULL;
    assert_int_equal(sqlite3_open(db_path, &db), SQLITE_OK);
    char *msg = NULL;
    /* the COW state list: IND, NPL and QAT 2015-2021, Kosovo only in 2021 (so that 2020 has a
     * state outside the system); GW codes in the country table, QAT without one */
    if (sqlite3_exec(db, "UPDATE country SET cown=750, gwn=750 WHERE iso3='IND'; UPDATE country SET cown=790, gwn=790"
                         " WHERE iso3='NPL';"
                         "WITH RECURSIVE y(v) AS (SELECT 2015 UNION ALL SELECT v+1 FROM y WHERE v<2021)"
                         " INSERT INTO state_year SELECT 'cow', v, iso3, code, 8 FROM y,"
                         " (SELECT 'IND' AS iso3, 750 AS code UNION ALL SELECT 'NPL', 790 UNION ALL SELECT 'QAT', 694);"
                         "INSERT INTO state_year VALUES('cow', 2021, 'XKX', 347, 8);",
                     NULL, NULL, &msg) != SQLITE_OK ||
        sqlite3_exec(db, SEED_SQL, NULL, NULL, &msg) != SQLITE_OK)
        fail_msg("seed: %s", msg);
    sqlite3_close(db);
}

static int fx_setup(void **state)
{
    fx *f = calloc(1, sizeof *f);
    f->dir = tu_tmpdir();
    f->ctx = tu_store(f->dir, &f->db);
    seed(f->db);
    *state = f;
    return 0;
}

static int fx_teardown(void **state)
{
    fx *f = *state;
    migdip_ctx_close(f->ctx);
    tu_rmdir(f->dir);
    free(f->dir);
    free(f->db);
    free(f);
    return 0;
}

static void collect_note(void *ud, const char *note)
{
    fx *f = ud;
    size_t len = strlen(f->notes);
    snprintf(f->notes + len, sizeof f->notes - len, "%s\n", note);
    f->n_notes++;
}

static migdip_export_opts opts(fx *f, int from, int to, migdip_export_format fmt, const char *path)
{
    migdip_export_opts o;
    migdip_export_opts_init(&o);
    o.year_from = from;
    o.year_to = to;
    o.format = fmt;
    o.path = path;
    o.note = collect_note;
    o.note_ud = f;
    o.model.carry_stocks = true; /* 2021: carried from 2020 (test_no_carry: not by default) */
    return o;
}

/* ------------------------------------------------------------------ a table read back */

typedef struct table {
    size_t ncols, nrows;
    char **names;
    char **cells;      /* text formats: the cell as written */
    double *num;       /* .dta: numbers (NAN = system missing), cells for strings */
    bool *is_num;
} table;

static void table_free(table *t)
{
    for (size_t i = 0; i < t->ncols; i++)
        free(t->names[i]);
    for (size_t i = 0; i < t->ncols * t->nrows; i++)
        free(t->cells[i]);
    free(t->names);
    free(t->cells);
    free(t->num);
    free(t->is_num);
    memset(t, 0, sizeof *t);
}

static long col_of(const table *t, const char *name)
{
    for (size_t i = 0; i < t->ncols; i++)
        if (!strcmp(t->names[i], name))
            return (long)i;
    fail_msg("no column %s", name);
    return -1;
}

static const char *cell(const table *t, size_t row, const char *name)
{
    return t->cells[row * t->ncols + (size_t)col_of(t, name)];
}

/* A number cell of a CSV table: NAN if empty. */
static double num(const table *t, size_t row, const char *name)
{
    const char *s = cell(t, row, name);
    if (!*s)
        return NAN;
    char *end;
    double v = strtod(s, &end);
    if (*end)
        fail_msg("%s row %zu: not a number: \"%s\"", name, row, s);
    return v;
}

static void read_csv(const char *path, table *t)
{
    memset(t, 0, sizeof *t);
    mg_err err = {0};
    mg_csv_reader *r = NULL;
    assert_int_equal(mg_csv_open(path, NULL, &r, &err), MIGDIP_OK);
    assert_int_equal(mg_csv_next(r, &err), MIGDIP_OK);
    t->ncols = mg_csv_nfields(r);
    t->names = calloc(t->ncols, sizeof *t->names);
    for (size_t i = 0; i < t->ncols; i++)
        t->names[i] = strdup(mg_csv_field(r, i, NULL));
    for (;;) {
        assert_int_equal(mg_csv_next(r, &err), MIGDIP_OK);
        if (mg_csv_nfields(r) == 0)
            break;
        assert_int_equal(mg_csv_nfields(r), t->ncols);
        t->cells = realloc(t->cells, (t->nrows + 1) * t->ncols * sizeof *t->cells);
        for (size_t i = 0; i < t->ncols; i++)
            t->cells[t->nrows * t->ncols + i] = strdup(mg_csv_field(r, i, NULL));
        t->nrows++;
    }
    mg_csv_close(r);
}

/* .dta read back with ReadStat's parser */
typedef struct dta_read {
    table *t;
    long rows;
    char labels[128][96];
    char val_labels[128][40];   /* the label set of each variable, "" none */
    char flag_names[8][32];     /* the value labels of set migdip_flag, by code */
    char file_label[128];
    char notes[8192];           /* the notes, one a line */
    int n_notes;
} dta_read;

static int dta_note(int index, const char *note, void *ud)
{
    (void)index;
    dta_read *d = ud;
    size_t len = strlen(d->notes);
    snprintf(d->notes + len, sizeof d->notes - len, "%s\n", note);
    d->n_notes++;
    return READSTAT_HANDLER_OK;
}

static int dta_value_label(const char *set, readstat_value_t value, const char *label, void *ud)
{
    dta_read *d = ud;
    int code = readstat_int32_value(value);
    if (!strcmp(set, "migdip_flag") && code >= 0 && code < 8)
        snprintf(d->flag_names[code], sizeof d->flag_names[code], "%s", label);
    return READSTAT_HANDLER_OK;
}

static int dta_meta(readstat_metadata_t *m, void *ud)
{
    dta_read *d = ud;
    d->rows = readstat_get_row_count(m);
    const char *label = readstat_get_file_label(m);
    snprintf(d->file_label, sizeof d->file_label, "%s", label ? label : "");
    return READSTAT_HANDLER_OK;
}

static int dta_var(int index, readstat_variable_t *v, const char *val_labels, void *ud)
{
    dta_read *d = ud;
    table *t = d->t;
    t->ncols = (size_t)index + 1;
    t->names = realloc(t->names, t->ncols * sizeof *t->names);
    t->is_num = realloc(t->is_num, t->ncols * sizeof *t->is_num);
    t->names[index] = strdup(readstat_variable_get_name(v));
    t->is_num[index] = readstat_variable_get_type_class(v) == READSTAT_TYPE_CLASS_NUMERIC;
    const char *label = readstat_variable_get_label(v);
    assert_true(index < 128);
    snprintf(d->labels[index], sizeof d->labels[index], "%s", label ? label : "");
    snprintf(d->val_labels[index], sizeof d->val_labels[index], "%s", val_labels ? val_labels : "");
    return READSTAT_HANDLER_OK;
}

static int dta_value(int obs, readstat_variable_t *v, readstat_value_t value, void *ud)
{
    dta_read *d = ud;
    table *t = d->t;
    if (!t->cells) {
        t->nrows = (size_t)d->rows;
        t->cells = calloc(t->nrows * t->ncols, sizeof *t->cells);
        t->num = calloc(t->nrows * t->ncols, sizeof *t->num);
    }
    size_t k = (size_t)obs * t->ncols + (size_t)readstat_variable_get_index(v);
    if (readstat_value_type_class(value) == READSTAT_TYPE_CLASS_STRING) {
        const char *s = readstat_string_value(value);
        t->cells[k] = strdup(s ? s : "");
    } else {
        t->num[k] = readstat_value_is_system_missing(value) ? NAN : readstat_double_value(value);
    }
    return READSTAT_HANDLER_OK;
}

static void read_dta(const char *path, table *t, dta_read *d)
{
    memset(t, 0, sizeof *t);
    memset(d, 0, sizeof *d);
    d->t = t;
    readstat_parser_t *p = readstat_parser_init();
    readstat_set_metadata_handler(p, dta_meta);
    readstat_set_variable_handler(p, dta_var);
    readstat_set_value_handler(p, dta_value);
    readstat_set_value_label_handler(p, dta_value_label);
    readstat_set_note_handler(p, dta_note);
    readstat_error_t e = readstat_parse_dta(p, path, d);
    readstat_parser_free(p);
    if (e != READSTAT_OK)
        fail_msg("readstat_parse_dta: %s", readstat_error_message(e));
}

/* ------------------------------------------------------------------ exports */

/* The engine's own evaluation of (a, b) in year, to compare rows with. */
static migdip_dyad engine_dyad(migdip_ctx *ctx, int year, const char *a, const char *b)
{
    migdip_model_opts mo = {.year = year};
    migdip_model *m = NULL;
    assert_int_equal(migdip_model_load(ctx, &mo, &m), MIGDIP_OK);
    migdip_actor xa, xb;
    migdip_dyad d;
    assert_int_equal(migdip_actor_resolve(ctx, m, a, &xa), MIGDIP_OK);
    assert_int_equal(migdip_actor_resolve(ctx, m, b, &xb), MIGDIP_OK);
    assert_int_equal(migdip_dyad_eval(ctx, m, &xa, &xb, &d), MIGDIP_OK);
    migdip_model_free(m);
    return d;
}

/* v equals x to the 10 significant digits of the text formats; NaN only matches NaN. */
static void assert_same(double v, double x, const char *what)
{
    if (isnan(x) || isnan(v)) {
        if (!(isnan(x) && isnan(v)))
            fail_msg("%s: got %.12g, expected %.12g (NA must stay NA, and only NA)", what, v, x);
        return;
    }
    if (fabs(v - x) > 1e-9 * fmax(1, fabs(x)))
        fail_msg("%s: got %.12g, expected %.12g", what, v, x);
}

static void test_csv_values_and_order(void **state)
{
    fx *f = *state;
    char *out = tu_path(f->dir, "dyads.csv");
    migdip_export_opts o = opts(f, 2020, 2020, MIGDIP_EXPORT_CSV, out);
    migdip_export_summary sum;
    assert_int_equal(migdip_export_dyads(f->ctx, &o, &sum), MIGDIP_OK);
    table t;
    read_csv(out, &t);
    /* pairs >= 1000 persons: IND-NPL, IND-QAT, NPL-QAT (XKX-QAT has 900) -> 6 directed rows */
    assert_int_equal(t.nrows, 6);
    assert_int_equal(sum.rows, 6);
    assert_int_equal(sum.years_written, 1);
    static const char *const ORDER[6][2] = {{"IND", "NPL"}, {"IND", "QAT"}, {"NPL", "IND"},
                                            {"NPL", "QAT"}, {"QAT", "IND"}, {"QAT", "NPL"}};
    for (size_t r = 0; r < 6; r++) {
        assert_string_equal(cell(&t, r, "a_iso3"), ORDER[r][0]);
        assert_string_equal(cell(&t, r, "b_iso3"), ORDER[r][1]);
        assert_string_equal(cell(&t, r, "year"), "2020");
    }
    /* NPL -> QAT (row 3), by hand */
    assert_string_equal(cell(&t, 3, "a_name"), "Nepal");
    assert_string_equal(cell(&t, 3, "ccode1"), "790");
    assert_string_equal(cell(&t, 3, "ccode2"), "694"); /* the state list's code, not the country table's */
    assert_string_equal(cell(&t, 3, "gwcode1"), "790");
    assert_string_equal(cell(&t, 3, "gwcode2"), ""); /* no GW code: NA */
    assert_near(num(&t, 3, "volume"), 400000, 0);
    assert_near(num(&t, 3, "emig_in_partner"), 400000, 0);
    assert_near(num(&t, 3, "emig_share"), 4.0 / 9, 1e-10);
    assert_near(num(&t, 3, "valve"), 0.05, 1e-12);
    assert_near(num(&t, 3, "remit_pct_gdp"), 25, 1e-9);
    /* no KNOMAD: shares ~ stock x income per head of the destination (QAT 4e10, IND 3.5e9) */
    assert_near(num(&t, 3, "remit_share"), 4e10 / 4.35e10, 1e-9);
    assert_near(num(&t, 3, "remittance_share_estimated"), 1, 0);
    assert_near(num(&t, 3, "rd"), 0.25 * 4e10 / 4.35e10, 1e-9);
    assert_near(num(&t, 3, "partner_migrants"), 0, 0);
    /* NPL hosts nobody from QAT: substitutability and the fitted supply are NA, not 0 */
    assert_string_equal(cell(&t, 3, "substitutability"), "");
    assert_string_equal(cell(&t, 3, "alt_supply"), "");
    double pnpl = 0.75 * log(4000) + 0.25 * log(4000 * 30e6), pqat = 0.75 * log(100000) + 0.25 * log(100000 * 3e6);
    assert_near(num(&t, 3, "power"), pnpl, 1e-8);
    assert_near(num(&t, 3, "b_power"), pqat, 1e-8);
    assert_near(num(&t, 3, "power_difference"), pnpl - pqat, 1e-8);
    assert_string_equal(cell(&t, 3, "stronger"), "b");
    /* IND has no GDP or remittances: its share from NPL is the fallback's (stock x income),
     * but the share of GDP and the dependency are NA (row 0) */
    assert_string_equal(cell(&t, 0, "remit_pct_gdp"), "");
    assert_string_equal(cell(&t, 0, "rd"), "");
    assert_near(num(&t, 0, "remit_share"), 450000.0 * 4000 / (450000.0 * 4000 + 700000.0 * 100000), 1e-9);
    assert_string_equal(cell(&t, 0, "remittance_share_estimated"), "1");
    /* every row equals the engine's evaluation of that directed dyad */
    for (size_t r = 0; r < t.nrows; r++) {
        migdip_dyad d = engine_dyad(f->ctx, 2020, cell(&t, r, "a_iso3"), cell(&t, r, "b_iso3"));
        assert_same(num(&t, r, "exposure"), d.side[0].exposure, "exposure");
        assert_same(num(&t, r, "exposure_raw"), d.side[0].exposure_raw, "exposure_raw");
        assert_same(num(&t, r, "exposure_as_sender"), d.side[0].exposure_send, "exposure_as_sender");
        assert_same(num(&t, r, "exposure_as_host"), d.side[0].exposure_host, "exposure_as_host");
        assert_same(num(&t, r, "b_exposure"), d.side[1].exposure, "b_exposure");
        assert_same(num(&t, r, "lf_share"), d.side[0].lf_share, "lf_share");
        assert_same(num(&t, r, "pool_share"), d.side[0].pool_share, "pool_share");
        assert_same(num(&t, r, "eff_destinations"), d.side[0].eff_destinations, "eff_destinations");
        assert_same(num(&t, r, "eff_origins"), d.side[0].eff_origins, "eff_origins");
        assert_same(num(&t, r, "institutionalisation"), d.inst, "institutionalisation");
        /* the margin in its unit's column, the others NA (docs/exports.md, "Margin") */
        const char *unit = !strcmp(d.margin_boundary, "power parity") ? "margin_power"
                           : strstr(d.margin_boundary, "volume")      ? "margin_volume"
                           : strstr(d.margin_boundary, "forced")      ? "margin_forced_share"
                                                                      : "margin";
        static const char *const UNITS[] = {"margin", "margin_power", "margin_volume", "margin_forced_share"};
        for (int u = 0; u < 4; u++)
            assert_same(num(&t, r, UNITS[u]), strcmp(UNITS[u], unit) ? NAN : d.margin, UNITS[u]);
        char name[64];
        double sum_c = 0;
        for (int k = 0; k < MIGDIP_F_COUNT; k++) {
            snprintf(name, sizeof name, "dec_%s", migdip_factor_name((migdip_factor)k));
            assert_same(num(&t, r, name), d.side[0].contrib[k], name);
            sum_c += num(&t, r, name);
        }
        assert_near(sum_c, num(&t, r, "exposure"), 1e-8); /* contributions add up (§3.2) */
        assert_string_equal(cell(&t, r, "quadrant_a"), migdip_quadrant_code(d.quadrant[0]));
        assert_string_equal(cell(&t, r, "quadrant_b"), migdip_quadrant_code(d.quadrant[1]));
        assert_string_equal(cell(&t, r, "margin_boundary"), d.margin_boundary);
        assert_string_equal(cell(&t, r, "in_scope"), d.in_scope ? "1" : "0");
    }
    table_free(&t);
    free(out);
}

static void test_min_stock_and_missing_cown(void **state)
{
    fx *f = *state;
    char *out = tu_path(f->dir, "all.csv");
    migdip_export_opts o = opts(f, 2020, 2020, MIGDIP_EXPORT_CSV, out);
    o.min_stock = 500;
    assert_int_equal(migdip_export_dyads(f->ctx, &o, NULL), MIGDIP_OK);
    table t;
    read_csv(out, &t);
    assert_int_equal(t.nrows, 6); /* QAT-XKX holds 900 persons, but Kosovo is outside the system in 2020 */
    table_free(&t);
    o.non_members = true;
    assert_int_equal(migdip_export_dyads(f->ctx, &o, NULL), MIGDIP_OK);
    read_csv(out, &t);
    assert_int_equal(t.nrows, 8); /* + QAT-XKX both ways */
    size_t last = t.nrows - 1;
    assert_string_equal(cell(&t, last, "a_iso3"), "XKX");
    assert_string_equal(cell(&t, last, "ccode1"), ""); /* not a COW member this year: NA, not 0 */
    assert_string_equal(cell(&t, last, "gwcode1"), "");
    assert_string_equal(cell(&t, last, "power"), "");
    assert_string_equal(cell(&t, last, "stronger"), ""); /* power unknown is not parity */
    assert_string_equal(cell(&t, last, "power_difference"), "");
    table_free(&t);
    free(out);
}

static void test_json(void **state)
{
    fx *f = *state;
    char *buf = NULL;
    size_t len = 0;
    FILE *mem = open_memstream(&buf, &len);
    migdip_export_opts o = opts(f, 2020, 2020, MIGDIP_EXPORT_JSON, NULL);
    o.out = mem;
    assert_int_equal(migdip_export_dyads(f->ctx, &o, NULL), MIGDIP_OK);
    fclose(mem);
    cJSON *root = cJSON_Parse(buf), *j = cJSON_GetObjectItem(root, "rows");
    assert_non_null(j);
    assert_int_equal(cJSON_GetArraySize(j), 6);
    /* the metadata before the rows: version, options, vintages; the columns with their labels */
    cJSON *meta = cJSON_GetObjectItem(root, "metadata");
    assert_string_equal(cJSON_GetObjectItem(meta, "migdip_version")->valuestring, MIGDIP_VERSION);
    assert_string_equal(cJSON_GetObjectItem(meta, "min_stock")->valuestring, "1000");
    assert_string_equal(cJSON_GetObjectItem(meta, "stock_edition")->valuestring, "2020");
    assert_int_equal(cJSON_GetArraySize(cJSON_GetObjectItem(meta, "vintages")), 7);
    cJSON *cols = cJSON_GetObjectItem(root, "columns");
    assert_int_equal(cJSON_GetArraySize(cols), cJSON_GetArraySize(cJSON_GetArrayItem(j, 0)));
    assert_string_equal(cJSON_GetObjectItem(cJSON_GetArrayItem(cols, 0), "name")->valuestring, "year");
    cJSON *row0 = cJSON_GetArrayItem(j, 0), *row3 = cJSON_GetArrayItem(j, 3);
    assert_string_equal(cJSON_GetObjectItem(row0, "a_iso3")->valuestring, "IND");
    assert_true(cJSON_IsNull(cJSON_GetObjectItem(row0, "remit_pct_gdp")));
    assert_true(cJSON_IsNull(cJSON_GetObjectItem(row3, "substitutability")));
    assert_true(cJSON_IsNull(cJSON_GetObjectItem(row3, "data_gap_note")));
    assert_near(cJSON_GetObjectItem(row3, "valve")->valuedouble, 0.05, 1e-12);
    assert_near(cJSON_GetObjectItem(row3, "ccode1")->valuedouble, 790, 0);
    assert_string_equal(cJSON_GetObjectItem(row3, "stronger")->valuestring, "b");
    cJSON_Delete(root);
    free(buf);
}

/* The JSON export holds what the CSV holds, cell for cell and in the same column order: the
 * same numbers (provenance flags and years included), null where the CSV cell is empty. */
static void test_json_equals_csv(void **state)
{
    fx *f = *state;
    char *csv = tu_path(f->dir, "j.csv"), *text = NULL;
    size_t len = 0;
    migdip_export_opts o = opts(f, 2015, 2021, MIGDIP_EXPORT_CSV, csv);
    assert_int_equal(migdip_export_dyads(f->ctx, &o, NULL), MIGDIP_OK);
    FILE *mem = open_memstream(&text, &len);
    o = opts(f, 2015, 2021, MIGDIP_EXPORT_JSON, NULL);
    o.out = mem;
    assert_int_equal(migdip_export_dyads(f->ctx, &o, NULL), MIGDIP_OK);
    fclose(mem);
    table c;
    read_csv(csv, &c);
    cJSON *root = cJSON_Parse(text), *j = cJSON_GetObjectItem(root, "rows");
    assert_non_null(j);
    assert_int_equal((size_t)cJSON_GetArraySize(j), c.nrows);
    for (size_t r = 0; r < c.nrows; r++) {
        const cJSON *row = cJSON_GetArrayItem(j, (int)r), *v = row ? row->child : NULL;
        for (size_t k = 0; k < c.ncols; k++, v = v ? v->next : NULL) {
            const char *text_cell = c.cells[r * c.ncols + k];
            assert_non_null(v);
            assert_string_equal(v->string, c.names[k]);
            if (!*text_cell)
                assert_true(cJSON_IsNull(v));
            else if (cJSON_IsNumber(v))
                assert_same(v->valuedouble, strtod(text_cell, NULL), c.names[k]);
            else
                assert_string_equal(cJSON_GetStringValue(v), text_cell);
        }
    }
    cJSON_Delete(root);
    free(text);
    table_free(&c);
    free(csv);
}

/* The .dta read back with ReadStat's parser equals the CSV cell by cell, and NA is a system
 * missing (never 0). */
static void test_dta_round_trip(void **state)
{
    fx *f = *state;
    char *csv = tu_path(f->dir, "d.csv"), *dta = tu_path(f->dir, "d.dta");
    migdip_export_opts o = opts(f, 2015, 2020, MIGDIP_EXPORT_CSV, csv);
    o.min_stock = 100;
    assert_int_equal(migdip_export_dyads(f->ctx, &o, NULL), MIGDIP_OK);
    o = opts(f, 2015, 2020, MIGDIP_EXPORT_DTA, dta);
    o.min_stock = 100;
    assert_int_equal(migdip_export_dyads(f->ctx, &o, NULL), MIGDIP_OK);
    table c, d;
    dta_read rd;
    read_csv(csv, &c);
    read_dta(dta, &d, &rd);
    assert_int_equal(d.ncols, c.ncols);
    assert_int_equal(d.nrows, c.nrows);
    assert_true(c.nrows > 6 * 5); /* 2015-2020, 6 rows a year at least */
    size_t missing = 0;
    for (size_t k = 0; k < c.ncols; k++) {
        assert_string_equal(d.names[k], c.names[k]);
        assert_true(strlen(rd.labels[k]) > 0); /* every variable is labelled */
        for (size_t r = 0; r < c.nrows; r++) {
            const char *text = c.cells[r * c.ncols + k];
            if (!d.is_num[k]) {
                assert_string_equal(d.cells[r * d.ncols + k], text);
                continue;
            }
            double v = d.num[r * d.ncols + k];
            if (!*text) {
                if (!isnan(v))
                    fail_msg("%s row %zu: NA in the CSV, %.12g in the .dta", c.names[k], r, v);
                missing++;
                continue;
            }
            assert_same(v, strtod(text, NULL), c.names[k]);
        }
    }
    assert_true(missing > 0); /* the fixture has NA cells, and they came back missing */
    assert_string_equal(rd.labels[col_of(&c, "exposure")],
                        "Exposure of a to a disruption, after institutional moderation, 0-1");
    /* the flag columns carry the value labels of migdip_flag, the same codes as the CSV */
    assert_string_equal(rd.val_labels[col_of(&c, "stock_flag")], "migdip_flag");
    assert_string_equal(rd.val_labels[col_of(&c, "emig_in_partner_flag")], "migdip_flag");
    assert_string_equal(rd.val_labels[col_of(&c, "stock_year")], "");
    for (int code = 0; code <= MIGDIP_FLAG_SUSPECT; code++)
        assert_string_equal(rd.flag_names[code], migdip_flag_str((migdip_flag)code));
    table_free(&c);
    table_free(&d);
    free(csv);
    free(dta);
}

/* Without carry_stocks (--carry) the years after the last UN year have no panel: skipped with
 * a note that says how to have them. */
static void test_no_carry(void **state)
{
    fx *f = *state;
    char *out = tu_path(f->dir, "nocarry.csv");
    migdip_export_opts o = opts(f, 2019, 2022, MIGDIP_EXPORT_CSV, out);
    o.model.carry_stocks = false;
    migdip_export_summary sum;
    assert_int_equal(migdip_export_dyads(f->ctx, &o, &sum), MIGDIP_OK);
    assert_int_equal(sum.years_written, 2); /* 2019 (interpolated), 2020 */
    assert_int_equal(sum.years_skipped, 2);
    assert_non_null(strstr(f->notes, "2021 skipped: no migrant-stock data for 2021"));
    assert_non_null(strstr(f->notes, "only with carried stocks"));
    o = opts(f, 2021, 2022, MIGDIP_EXPORT_CSV, out);
    o.model.carry_stocks = false;
    assert_int_equal(migdip_export_dyads(f->ctx, &o, &sum), MIGDIP_ERR_NOTFOUND);
    assert_non_null(strstr(migdip_ctx_errmsg(f->ctx), "only with carried stocks"));
    free(out);
}

static void test_year_range(void **state)
{
    fx *f = *state;
    char *out = tu_path(f->dir, "range.csv");
    migdip_export_opts o = opts(f, 2014, 2021, MIGDIP_EXPORT_CSV, out);
    migdip_export_summary sum;
    assert_int_equal(migdip_export_dyads(f->ctx, &o, &sum), MIGDIP_OK);
    /* 2014 precedes the first UN year: skipped with a note; 2021 is carried from 2020 */
    assert_int_equal(sum.years_skipped, 1);
    assert_int_equal(sum.years_written, 7);
    assert_int_equal(f->n_notes, 1);
    assert_non_null(strstr(f->notes, "2014 skipped: no migrant-stock data for 2014"));
    table t;
    read_csv(out, &t);
    assert_int_equal((long)t.nrows, sum.rows);
    int prev = 0;
    bool saw_2017 = false;
    for (size_t r = 0; r < t.nrows; r++) {
        int y = atoi(cell(&t, r, "year"));
        assert_true(y >= prev);
        if (y == prev)
            assert_true(strcmp(cell(&t, r - 1, "a_iso3"), cell(&t, r, "a_iso3")) < 0 ||
                        (!strcmp(cell(&t, r - 1, "a_iso3"), cell(&t, r, "a_iso3")) &&
                         strcmp(cell(&t, r - 1, "b_iso3"), cell(&t, r, "b_iso3")) < 0));
        prev = y;
        /* 2017: NPL -> QAT interpolated 300,000 + 0.4 x 100,000 */
        if (y == 2017 && !strcmp(cell(&t, r, "a_iso3"), "NPL") && !strcmp(cell(&t, r, "b_iso3"), "QAT")) {
            assert_near(num(&t, r, "volume"), 340000, 1e-6);
            saw_2017 = true;
        }
    }
    assert_true(saw_2017);
    assert_int_equal(prev, 2021);
    table_free(&t);
    free(out);
}

/* Provenance beside the values: an interpolated year (2017, between the UN years 2015 and
 * 2020) and a carried one (2021, from 2020) are flagged as such, stocks and series alike;
 * a second UN edition that observed a year shows its (revised) figures beside the ones used. */
static void test_provenance(void **state)
{
    fx *f = *state;
    /* an older edition, 2019, with a different 2015 figure for NPL -> QAT */
    tu_exec_sql(f->db,
                "INSERT INTO vintage(id,dataset,source,edition,released,file,sha256,importer,imported_at,citation)"
                " VALUES (8,'undesa-ims','UN DESA International Migrant Stock 2019','2019','2019-09-01',"
                "  'undesa_ims/old.csv','8888888888888888888888888888888888888888888888888888888888888888',"
                "  'undesa-tidy','2026-01-01T00:00:00Z',NULL);"
                "INSERT INTO stock VALUES (8,'NPL','QAT',2015,'T',290000,1);");
    /* the row NPL -> QAT of each year: column, expected cell */
    static const struct {
        int year;
        const char *col, *want;
    } WANT[] = {
        /* 2015: observed, and revised: 290,000 in the 2019 edition, 300,000 in 2020 */
        {2015, "stock_edition", "2020"}, {2015, "stock_flag", "1"}, {2015, "stock_year", "2015"},
        {2015, "stock_year_next", ""}, {2015, "emig_in_partner_flag", "1"}, {2015, "emig_in_partner", "300000"},
        {2015, "stock_other_edition", "2019"}, {2015, "emig_in_partner_other", "290000"},
        {2015, "partner_migrants_other", ""}, /* no figure is not 0 */
        /* 2017: interpolated between 2015 and 2020, stocks and the labour force */
        {2017, "stock_flag", "3"}, {2017, "stock_year", "2015"}, {2017, "stock_year_next", "2020"},
        {2017, "emig_in_partner_flag", "3"}, {2017, "lf_flag", "3"}, {2017, "stock_other_edition", ""},
        {2017, "emig_in_partner_other", ""},
        /* NPL hosts nobody from QAT: no UN figure, read as 0 and flagged missing */
        {2017, "partner_migrants", "0"}, {2017, "partner_migrants_flag", "0"},
        /* 2020: observed; power from GDP per head x population (derived); the fallback shares */
        {2020, "stock_flag", "1"}, {2020, "remit_flag", "1"}, {2020, "remit_year", "2020"}, {2020, "power_flag", "2"},
        {2020, "remit_share_flag", "2"}, {2020, "remit_matrix_year", ""}, {2020, "remit_carried", ""},
        /* 2021: carried from 2020, stocks and series; power from carried inputs */
        {2021, "stock_flag", "4"}, {2021, "stock_year", "2020"}, {2021, "emig_in_partner_flag", "4"},
        {2021, "lf_flag", "4"}, {2021, "lf_year", "2020"}, {2021, "remit_flag", "4"}, {2021, "gdp_year", "2020"},
        {2021, "power_flag", "4"}, {2021, "power_year", "2020"},
        /* the vintage of each economic figure: the WDI release that holds its reference year,
         * also for an interpolated (2017) or carried (2021) figure */
        {2020, "remit_vintage", "wdi 2026-07-01"}, {2020, "lf_vintage", "wdi 2026-07-01"},
        {2017, "lf_vintage", "wdi 2026-07-01"}, {2021, "gdp_vintage", "wdi 2026-07-01"},
    };
    char *out = tu_path(f->dir, "prov.csv");
    migdip_export_opts o = opts(f, 2015, 2021, MIGDIP_EXPORT_CSV, out);
    assert_int_equal(migdip_export_dyads(f->ctx, &o, NULL), MIGDIP_OK);
    table t;
    read_csv(out, &t);
    size_t checked = 0;
    for (size_t r = 0; r < t.nrows; r++) {
        if (strcmp(cell(&t, r, "a_iso3"), "NPL") || strcmp(cell(&t, r, "b_iso3"), "QAT"))
            continue;
        int y = atoi(cell(&t, r, "year"));
        for (size_t k = 0; k < sizeof WANT / sizeof *WANT; k++) {
            if (WANT[k].year != y)
                continue;
            if (strcmp(cell(&t, r, WANT[k].col), WANT[k].want))
                fail_msg("%d %s: got \"%s\", want \"%s\"", y, WANT[k].col, cell(&t, r, WANT[k].col), WANT[k].want);
            checked++;
        }
    }
    assert_int_equal(checked, sizeof WANT / sizeof *WANT);
    table_free(&t);
    /* XKX has no power inputs: its flag is missing, with no year */
    o = opts(f, 2020, 2020, MIGDIP_EXPORT_CSV, out);
    o.min_stock = 500;
    o.non_members = true;
    assert_int_equal(migdip_export_dyads(f->ctx, &o, NULL), MIGDIP_OK);
    read_csv(out, &t);
    size_t last = t.nrows - 1;
    assert_string_equal(cell(&t, last, "a_iso3"), "XKX");
    assert_string_equal(cell(&t, last, "power_flag"), "0");
    assert_string_equal(cell(&t, last, "power_year"), "");
    table_free(&t);
    free(out);
}

/* State systems (issue 12): who is kept, under which codes; undirected rows; the state-year
 * table; variables added with --with. */
static void test_systems_and_tables(void **state)
{
    fx *f = *state;
    char *out = tu_path(f->dir, "sys.csv");
    table t;
    /* gw: QAT has no GW code, so only IND-NPL remains, keyed by GW codes */
    migdip_export_opts o = opts(f, 2020, 2020, MIGDIP_EXPORT_CSV, out);
    o.system = MIGDIP_SYSTEM_GW;
    assert_int_equal(migdip_export_dyads(f->ctx, &o, NULL), MIGDIP_OK);
    read_csv(out, &t);
    assert_int_equal(t.nrows, 2);
    assert_string_equal(cell(&t, 0, "gwcode1"), "750");
    assert_string_equal(cell(&t, 0, "gwcode2"), "790");
    table_free(&t);
    /* cow, undirected: one row a pair, the smaller COW code first (QAT 694 before IND 750) */
    o.system = MIGDIP_SYSTEM_COW;
    o.undirected = true;
    assert_int_equal(migdip_export_dyads(f->ctx, &o, NULL), MIGDIP_OK);
    read_csv(out, &t);
    assert_int_equal(t.nrows, 3);
    for (size_t r = 0; r < t.nrows; r++)
        assert_true(num(&t, r, "ccode1") < num(&t, r, "ccode2"));
    assert_string_equal(cell(&t, 0, "a_iso3"), "IND");
    assert_string_equal(cell(&t, 0, "b_iso3"), "NPL");
    table_free(&t);
    /* 2021: Kosovo joins the list, so its pair with Qatar (900 persons) appears at 500 */
    o = opts(f, 2021, 2021, MIGDIP_EXPORT_CSV, out);
    o.system = MIGDIP_SYSTEM_COW;
    o.min_stock = 500;
    assert_int_equal(migdip_export_dyads(f->ctx, &o, NULL), MIGDIP_OK);
    read_csv(out, &t);
    assert_int_equal(t.nrows, 8);
    assert_string_equal(cell(&t, 7, "ccode1"), "347");
    table_free(&t);
    /* --with: agreements and income groups from the store; distance missing, not 0 */
    tu_exec_sql(f->db, "INSERT INTO agreement VALUES(9,1,'NPL','QAT',2005,NULL,NULL,NULL,'test'),"
                       "(9,2,'QAT','NPL',2019,NULL,NULL,NULL,'test'),(9,3,'QAT','NPL',2021,NULL,NULL,NULL,'test');"
                       "INSERT INTO income_group VALUES('NPL',2022,'L',7),('QAT',2022,'H',7);");
    o = opts(f, 2020, 2020, MIGDIP_EXPORT_CSV, out);
    assert_int_equal(migdip_export_with_parse("agreements,income_group,distance", &o.with, NULL, 0), MIGDIP_OK);
    assert_int_equal(migdip_export_dyads(f->ctx, &o, NULL), MIGDIP_OK);
    read_csv(out, &t);
    assert_string_equal(cell(&t, 3, "a_iso3"), "NPL");
    assert_string_equal(cell(&t, 3, "b_iso3"), "QAT");
    assert_string_equal(cell(&t, 3, "bla_signed"), "2"); /* 2021's not yet */
    assert_string_equal(cell(&t, 3, "bla_first_year"), "2005");
    assert_string_equal(cell(&t, 3, "income_group1"), "L"); /* FY22: the 2020 GNI */
    assert_string_equal(cell(&t, 3, "income_group2"), "H");
    assert_string_equal(cell(&t, 0, "income_group1"), "");
    assert_string_equal(cell(&t, 3, "distw"), "");
    assert_string_equal(cell(&t, 0, "bla_signed"), "0");
    table_free(&t);
    char bad[32];
    unsigned w;
    assert_int_equal(migdip_export_with_parse("distance,weather", &w, bad, sizeof bad), MIGDIP_ERR_USAGE);
    assert_string_equal(bad, "weather");
    /* the state-year table: one row a member state, its indicators and its dyads summed up */
    o = opts(f, 2020, 2020, MIGDIP_EXPORT_CSV, out);
    o.table = MIGDIP_TABLE_STATES;
    o.with = MIGDIP_WITH_AGREEMENTS;
    assert_int_equal(migdip_export_run(f->ctx, &o, NULL), MIGDIP_OK);
    read_csv(out, &t);
    assert_int_equal(t.nrows, 3); /* IND, NPL, QAT; Kosovo is not a member in 2020 */
    assert_string_equal(cell(&t, 1, "iso3"), "NPL");
    assert_string_equal(cell(&t, 1, "ccode"), "790");
    assert_near(num(&t, 1, "pop"), 30e6, 0);
    assert_string_equal(cell(&t, 1, "pop_flag"), "1");
    assert_string_equal(cell(&t, 1, "partners"), "2");
    assert_string_equal(cell(&t, 1, "bla_signed"), "2");
    assert_string_equal(cell(&t, 0, "gdp_usd"), ""); /* IND has none: NA */
    table_free(&t);
    /* pair variables and --undirected make no sense for states: refused */
    o.with = MIGDIP_WITH_DISTANCE;
    assert_int_equal(migdip_export_run(f->ctx, &o, NULL), MIGDIP_ERR_USAGE);
    o.with = 0;
    o.undirected = true;
    assert_int_equal(migdip_export_run(f->ctx, &o, NULL), MIGDIP_ERR_USAGE);
    free(out);
}

/* Every file says what made it: the codebook beside a CSV, the notes and data label of a
 * .dta (read back by ReadStat), with the version, the command line, options and vintages. */
static void test_metadata_in_files(void **state)
{
    fx *f = *state;
    char *csv = tu_path(f->dir, "m.csv"), *book = tu_path(f->dir, "m.codebook.json"), *dta = tu_path(f->dir, "m.dta");
    const migdip_param params[] = {{"mutual_min", 0.2}};
    migdip_export_opts o = opts(f, 2020, 2020, MIGDIP_EXPORT_CSV, csv);
    o.command_line = "migdip export dyads --param mutual_min=0.2";
    o.model.params = params;
    o.model.n_params = 1;
    migdip_export_summary sum;
    assert_int_equal(migdip_export_dyads(f->ctx, &o, &sum), MIGDIP_OK);
    assert_int_equal(sum.codebook, 1);
    FILE *in = fopen(book, "rb");
    assert_non_null(in);
    char buf[65536];
    size_t n = fread(buf, 1, sizeof buf - 1, in);
    buf[n] = '\0';
    fclose(in);
    cJSON *j = cJSON_Parse(buf), *meta = cJSON_GetObjectItem(j, "metadata");
    assert_non_null(meta);
    assert_string_equal(cJSON_GetObjectItem(meta, "command")->valuestring, o.command_line);
    assert_string_equal(cJSON_GetObjectItem(meta, "params")->valuestring, "mutual_min=0.20000000000000001");
    assert_string_equal(cJSON_GetObjectItem(meta, "system")->valuestring, "iso");
    cJSON *v0 = cJSON_GetArrayItem(cJSON_GetObjectItem(meta, "vintages"), 0);
    assert_string_equal(cJSON_GetObjectItem(v0, "dataset")->valuestring, "undesa-ims");
    assert_string_equal(cJSON_GetObjectItem(v0, "sha256")->valuestring,
                        "1111111111111111111111111111111111111111111111111111111111111111");
    cJSON *cols = cJSON_GetObjectItem(j, "columns");
    table t;
    read_csv(csv, &t);
    assert_int_equal((size_t)cJSON_GetArraySize(cols), t.ncols); /* a codebook entry for every column */
    const cJSON *flag = NULL;
    for (int k = 0; k < cJSON_GetArraySize(cols); k++)
        if (!strcmp(cJSON_GetObjectItem(cJSON_GetArrayItem(cols, k), "name")->valuestring, "stock_flag"))
            flag = cJSON_GetArrayItem(cols, k);
    assert_non_null(flag);
    assert_string_equal(cJSON_GetObjectItem(cJSON_GetObjectItem(flag, "codes"), "3")->valuestring, "interpolated");
    table_free(&t);
    cJSON_Delete(j);
    /* the .dta: data label and notes; no codebook beside it unless asked */
    o.format = MIGDIP_EXPORT_DTA;
    o.path = dta;
    assert_int_equal(migdip_export_dyads(f->ctx, &o, &sum), MIGDIP_OK);
    assert_int_equal(sum.codebook, 0);
    dta_read d;
    read_dta(dta, &t, &d);
    assert_string_equal(d.file_label, "migdip " MIGDIP_VERSION ": directed dyad-years, 2020 (docs/exports.md)");
    assert_non_null(strstr(d.notes, "migdip_version: " MIGDIP_VERSION "\n"));
    assert_non_null(strstr(d.notes, "command: migdip export dyads --param mutual_min=0.2\n"));
    assert_non_null(strstr(d.notes, "params: mutual_min=0.20000000000000001\n"));
    assert_non_null(strstr(d.notes, "vintage: wdi 2026-07-01, released 2026-07-01, file wdi/sl.tlf.totl.in.csv, sha256 "
                                    "2222222222222222222222222222222222222222222222222222222222222222\n"));
    table_free(&t);
    free(csv);
    free(book);
    free(dta);
}

static bool exists(const char *path)
{
    struct stat st;
    return stat(path, &st) == 0;
}

static void test_errors(void **state)
{
    fx *f = *state;
    migdip_export_format fmt;
    assert_int_equal(migdip_export_format_parse("DTA", &fmt), MIGDIP_OK);
    assert_int_equal(fmt, MIGDIP_EXPORT_DTA);
    assert_int_equal(migdip_export_format_parse("xlsx", &fmt), MIGDIP_ERR_USAGE);
    char *out = tu_path(f->dir, "none.csv");
    char partial[600];
    snprintf(partial, sizeof partial, "%s.partial", out);
    /* no data in any year of the range: an error, no file */
    migdip_export_opts o = opts(f, 2030, 2040, MIGDIP_EXPORT_CSV, out);
    assert_int_equal(migdip_export_dyads(f->ctx, &o, NULL), MIGDIP_ERR_NOTFOUND);
    assert_non_null(strstr(migdip_ctx_errmsg(f->ctx), "no migrant-stock data for any year from 2030 to 2040"));
    assert_non_null(strstr(migdip_ctx_errmsg(f->ctx), "cover 2015-2020"));
    assert_int_equal(f->n_notes, 11);
    assert_false(exists(out));
    assert_false(exists(partial));
    /* a single year without data: the model's own message */
    o = opts(f, 2035, 2035, MIGDIP_EXPORT_CSV, out);
    assert_int_equal(migdip_export_dyads(f->ctx, &o, NULL), MIGDIP_ERR_NOTFOUND);
    assert_non_null(strstr(migdip_ctx_errmsg(f->ctx), "no migrant-stock data for 2035"));
    assert_false(exists(out));
    /* .dta needs a file */
    o = opts(f, 2020, 2020, MIGDIP_EXPORT_DTA, NULL);
    assert_int_equal(migdip_export_dyads(f->ctx, &o, NULL), MIGDIP_ERR_USAGE);
    assert_non_null(strstr(migdip_ctx_errmsg(f->ctx), "needs an output file"));
    o = opts(f, 2020, 2020, MIGDIP_EXPORT_DTA, "-");
    assert_int_equal(migdip_export_dyads(f->ctx, &o, NULL), MIGDIP_ERR_USAGE);
    /* reversed or partial ranges, unknown format, negative threshold */
    o = opts(f, 2020, 2010, MIGDIP_EXPORT_CSV, out);
    assert_int_equal(migdip_export_dyads(f->ctx, &o, NULL), MIGDIP_ERR_USAGE);
    o = opts(f, 0, 2010, MIGDIP_EXPORT_CSV, out);
    assert_int_equal(migdip_export_dyads(f->ctx, &o, NULL), MIGDIP_ERR_USAGE);
    o = opts(f, 2020, 2020, (migdip_export_format)7, out);
    assert_int_equal(migdip_export_dyads(f->ctx, &o, NULL), MIGDIP_ERR_USAGE);
    o = opts(f, 2020, 2020, MIGDIP_EXPORT_CSV, out);
    o.min_stock = -1;
    assert_int_equal(migdip_export_dyads(f->ctx, &o, NULL), MIGDIP_ERR_USAGE);
    /* a bad model option is the model's usage error, and leaves no file */
    const migdip_param params[] = {{"no_such_param", 1}};
    o = opts(f, 2020, 2020, MIGDIP_EXPORT_CSV, out);
    o.model.params = params;
    o.model.n_params = 1;
    assert_int_equal(migdip_export_dyads(f->ctx, &o, NULL), MIGDIP_ERR_USAGE);
    assert_false(exists(out));
    /* an unwritable path is an I/O error */
    o = opts(f, 2020, 2020, MIGDIP_EXPORT_CSV, "/nonexistent-dir/x.csv");
    assert_int_equal(migdip_export_dyads(f->ctx, &o, NULL), MIGDIP_ERR_IO);
    free(out);
}

/* The table writer alone: quoting, missing values, invalid names, long strings. */
static void test_table_writer(void **state)
{
    (void)state;
    static const export_column COLS[] = {{"x", EXPORT_NUMBER, "a number", NULL, NULL},
                                         {"s", EXPORT_STRING, NULL, NULL, NULL}};
    char *buf = NULL;
    size_t len = 0;
    FILE *mem = open_memstream(&buf, &len);
    mg_err err = {0};
    mg_table *t = NULL;
    assert_int_equal(mg_table_open(mem, MIGDIP_EXPORT_CSV, COLS, 2, NULL, &err, &t), MIGDIP_OK);
    export_value r1[] = {{.num = 1.5, .str = NULL}, {.num = 0, .str = "a \"quoted\", text"}};
    export_value r2[] = {{.num = NAN}, {.str = NULL}};
    export_value r3[] = {{.num = -0.0}, {.str = "line\nbreak"}};
    assert_int_equal(mg_table_row(t, r1), MIGDIP_OK);
    assert_int_equal(mg_table_row(t, r2), MIGDIP_OK);
    assert_int_equal(mg_table_row(t, r3), MIGDIP_OK);
    assert_int_equal(mg_table_close(t), MIGDIP_OK);
    fclose(mem);
    assert_string_equal(buf, "x,s\n1.5,\"a \"\"quoted\"\", text\"\n,\n0,\"line\nbreak\"\n");
    free(buf);
    buf = NULL;
    mem = open_memstream(&buf, &len);
    assert_int_equal(mg_table_open(mem, MIGDIP_EXPORT_JSON, COLS, 2, NULL, &err, &t), MIGDIP_OK);
    assert_int_equal(mg_table_row(t, r2), MIGDIP_OK);
    assert_int_equal(mg_table_row(t, r3), MIGDIP_OK);
    assert_int_equal(mg_table_close(t), MIGDIP_OK);
    fclose(mem);
    assert_string_equal(buf, "{\"metadata\":{\n \"vintages\":[]},\n\"columns\":[\n"
                             " {\"name\":\"x\",\"type\":\"number\",\"label\":\"a number\"},\n"
                             " {\"name\":\"s\",\"type\":\"string\",\"label\":\"\"}],\n\"rows\":[\n"
                             "{\"x\":null,\"s\":null},\n{\"x\":0,\"s\":\"line\\nbreak\"}\n]}\n");
    free(buf);
    /* names Stata would refuse are refused in every format */
    static const export_column BAD[] = {{"1st", EXPORT_NUMBER, NULL, NULL, NULL}};
    static const export_column LONG[] = {{"a_name_that_is_far_too_long_for_stata", EXPORT_NUMBER, NULL, NULL, NULL}};
    static const char *const CODES[] = {"no", "yes", NULL};
    static const export_column NOSET[] = {{"f", EXPORT_NUMBER, NULL, CODES, NULL}};
    static const export_column STRCODE[] = {{"f", EXPORT_STRING, NULL, CODES, "yesno"}};
    assert_int_equal(mg_table_open(stdout, MIGDIP_EXPORT_CSV, NOSET, 1, NULL, &err, &t), MIGDIP_ERR_USAGE);
    assert_int_equal(mg_table_open(stdout, MIGDIP_EXPORT_CSV, STRCODE, 1, NULL, &err, &t), MIGDIP_ERR_USAGE);
    assert_int_equal(mg_table_open(stdout, MIGDIP_EXPORT_CSV, BAD, 1, NULL, &err, &t), MIGDIP_ERR_USAGE);
    assert_int_equal(mg_table_open(stdout, MIGDIP_EXPORT_DTA, LONG, 1, NULL, &err, &t), MIGDIP_ERR_USAGE);
    assert_null(t);
    /* a string longer than a Stata str# */
    char *big = malloc(EXPORT_DTA_STR_MAX + 2);
    memset(big, 'x', EXPORT_DTA_STR_MAX + 1);
    big[EXPORT_DTA_STR_MAX + 1] = '\0';
    FILE *sink = tmpfile();
    assert_int_equal(mg_table_open(sink, MIGDIP_EXPORT_DTA, COLS, 2, "t", &err, &t), MIGDIP_OK);
    export_value rb[] = {{.num = 1}, {.str = big}};
    assert_int_equal(mg_table_row(t, rb), MIGDIP_ERR_RANGE);
    assert_non_null(strstr(err.msg, "column s"));
    mg_table_free(t);
    fclose(sink);
    free(big);
}

/* The format follows the --out file's extension when --format is not given: x.dta is Stata,
 * x.json is JSON (issue 12: a .dta file holding CSV was a trap). */
static void test_cli_format_from_extension(void **state)
{
    fx *f = *state;
    static const struct {
        const char *name, *starts;
    } CASES[] = {{"x.dta", "<stata_dta>"}, {"x.json", "{\"metadata\""}, {"x.csv", "year,"}};
    for (size_t k = 0; k < 3; k++) {
        char *out = tu_path(f->dir, CASES[k].name), cmd[2048];
        snprintf(cmd, sizeof cmd, "'%s' export dyads --year 2020 --out '%s' --db '%s' 2>/dev/null", MIGDIP_CLI, out,
                 f->db);
        assert_int_equal(system(cmd), 0);
        FILE *in = fopen(out, "rb");
        assert_non_null(in);
        char head[16] = {0};
        size_t got = fread(head, 1, strlen(CASES[k].starts), in);
        fclose(in);
        assert_int_equal(got, strlen(CASES[k].starts));
        assert_memory_equal(head, CASES[k].starts, got);
        free(out);
    }
}

/* The CLI's CSV for the fixture equals tests/golden/export_dyads_2020.csv byte for byte. */
static void test_cli_golden_csv(void **state)
{
    fx *f = *state;
    char cmd[2048], *golden = NULL;
    snprintf(cmd, sizeof cmd, "'%s' export dyads --year 2020 --format csv --min-stock 500 --db '%s' 2>/dev/null",
             MIGDIP_CLI, f->db);
    FILE *p = popen(cmd, "r");
    assert_non_null(p);
    char *got = NULL;
    size_t got_len = 0;
    FILE *mem = open_memstream(&got, &got_len);
    char chunk[4096];
    size_t n;
    while ((n = fread(chunk, 1, sizeof chunk, p)) > 0)
        fwrite(chunk, 1, n, mem);
    fclose(mem);
    assert_int_equal(pclose(p), 0);
    FILE *g = fopen(MIGDIP_SOURCE_DIR "/tests/golden/export_dyads_2020.csv", "rb");
    assert_non_null(g);
    size_t glen = 0;
    mem = open_memstream(&golden, &glen);
    while ((n = fread(chunk, 1, sizeof chunk, g)) > 0)
        fwrite(chunk, 1, n, mem);
    fclose(mem);
    fclose(g);
    /* MIGDIP_GOLDEN_WRITE=1 rewrites the golden file after a deliberate change: review its diff */
    if (getenv("MIGDIP_GOLDEN_WRITE")) {
        g = fopen(MIGDIP_SOURCE_DIR "/tests/golden/export_dyads_2020.csv", "wb");
        assert_non_null(g);
        fwrite(got, 1, got_len, g);
        fclose(g);
    } else if (got_len != glen || memcmp(got, golden, glen) != 0)
        fail_msg("CLI output differs from tests/golden/export_dyads_2020.csv:\n%s", got);
    free(got);
    free(golden);
}

/* ------------------------------------------------------------------ citations */

static const migdip_citation *find_cite(const migdip_citations *c, const char *key)
{
    for (size_t i = 0; i < c->n; i++)
        if (!strcmp(c->v[i].key, key))
            return &c->v[i];
    return NULL;
}

static void test_cite(void **state)
{
    fx *f = *state;
    migdip_citations *c = NULL;
    assert_int_equal(migdip_citations_get(f->ctx, &c), MIGDIP_OK);
    /* framework, migdip, UN 2020, WDI (two files and derived series, one entry), COW NMC and its
     * companion, World Bank CLASS, unknown */
    assert_int_equal(c->n, 8);
    assert_string_equal(c->v[0].key, "tsourapas_migration_interdependence");
    assert_non_null(strstr(c->v[0].bibtex, "International Migration Review"));
    assert_string_equal(c->v[1].key, "migdip");
    assert_non_null(strstr(c->v[1].bibtex, "version = {" MIGDIP_VERSION "}"));
    assert_string_equal(c->v[2].key, "undesa_ims_2020");
    assert_non_null(strstr(c->v[2].bibtex, "title = {International Migrant Stock 2020}"));
    assert_non_null(strstr(c->v[2].bibtex, "note = {Edition 2020; imported from undesa\\_ims/stock\\_long.csv "
                                           "(sha256 1111111111111111111111111111111111111111111111111111111111111111)}"));
    const migdip_citation *w = find_cite(c, "wdi_2026_07_01");
    assert_non_null(w);
    assert_int_equal(w->n_files, 3);
    assert_string_equal(w->dataset, "wdi");
    assert_non_null(strstr(w->bibtex, ", with series migdip derived from them}"));
    assert_null(strstr(w->bibtex, "(derived)"));
    /* an edition that is not a year ("FY24") takes its year from the release date */
    const migdip_citation *cls = find_cite(c, "wb_class_fy24");
    assert_non_null(cls);
    assert_non_null(strstr(cls->bibtex, "year = {2023}"));
    assert_non_null(strstr(w->bibtex, "year = {2026}"));
    assert_non_null(strstr(w->bibtex, "2222222222222222222222222222222222222222222222222222222222222222"));
    assert_non_null(strstr(w->bibtex, "3333333333333333333333333333333333333333333333333333333333333333"));
    const migdip_citation *cow = find_cite(c, "cow_nmc_6_0");
    assert_non_null(cow);
    assert_non_null(strstr(cow->bibtex, "Greig, J. Michael and Enterline, Andrew J."));
    assert_non_null(strstr(cow->bibtex, "Version 6.0"));
    const migdip_citation *singer = find_cite(c, "singer_bremer_stuckey_1972");
    assert_non_null(singer);
    assert_int_equal(singer->n_files, 0);
    assert_true(singer == cow + 1); /* right after the data entry */
    /* an unknown dataset: its own source and citation, escaped for BibTeX */
    const migdip_citation *u = find_cite(c, "home_made_v2");
    assert_non_null(u);
    assert_non_null(strstr(u->bibtex, "title = {Survey of 100\\% \\& more\\_data}"));
    assert_non_null(strstr(u->bibtex, "Someone (2024). A survey."));
    assert_string_equal(u->text, "Someone (2024). A survey.");
    assert_string_equal(u->edition, "v2");
    migdip_citations_free(c);
}

static void test_cite_empty_store(void **state)
{
    (void)state;
    char *dir = tu_tmpdir();
    migdip_ctx *ctx = tu_store(dir, NULL);
    migdip_citations *c = NULL;
    assert_int_equal(migdip_citations_get(ctx, &c), MIGDIP_OK);
    assert_int_equal(c->n, 2); /* the framework and migdip */
    assert_int_equal(c->v[0].n_files, 0);
    assert_int_equal(c->v[1].n_files, 0);
    migdip_citations_free(c);
    migdip_ctx_close(ctx);
    tu_rmdir(dir);
    free(dir);
}

/* export --out writes through a symbolic link (the link stays), never follows a link planted
 * at "<path>.partial", and writes a device in place (util/fs.h, mg_fs_out). */
static void test_safe_out(void **state)
{
    fx *f = *state;
    char *real = tu_write_text(f->dir, "real.csv", "old\n"), *link = tu_path(f->dir, "out.csv");
    char *victim = tu_write_text(f->dir, "victim", "keep\n"), *planted = tu_path(f->dir, "out.csv.partial");
    assert_int_equal(symlink("real.csv", link), 0);
    assert_int_equal(symlink(victim, planted), 0);
    migdip_export_opts o = opts(f, 2020, 2020, MIGDIP_EXPORT_CSV, link);
    assert_int_equal(migdip_export_dyads(f->ctx, &o, NULL), MIGDIP_OK);
    struct stat st;
    assert_int_equal(lstat(link, &st), 0);
    assert_true(S_ISLNK(st.st_mode));
    table t;
    read_csv(real, &t);
    assert_true(t.nrows > 0);
    table_free(&t);
    FILE *v = fopen(victim, "r");
    char buf[16] = {0};
    assert_non_null(v);
    assert_non_null(fgets(buf, sizeof buf, v));
    fclose(v);
    assert_string_equal(buf, "keep\n");
    if (access("/dev/full", W_OK) == 0) {
        o = opts(f, 2020, 2020, MIGDIP_EXPORT_CSV, "/dev/full");
        assert_int_equal(migdip_export_dyads(f->ctx, &o, NULL), MIGDIP_ERR_IO);
        assert_non_null(strstr(migdip_ctx_errmsg(f->ctx), "/dev/full: cannot write: No space left on device"));
        assert_int_equal(stat("/dev/full", &st), 0);
        assert_true(S_ISCHR(st.st_mode));
    }
    free(real), free(link), free(victim), free(planted);
}

int main(void)
{
    const struct CMUnitTest tests[] = {
        cmocka_unit_test_setup_teardown(test_csv_values_and_order, fx_setup, fx_teardown),
        cmocka_unit_test_setup_teardown(test_min_stock_and_missing_cown, fx_setup, fx_teardown),
        cmocka_unit_test_setup_teardown(test_json, fx_setup, fx_teardown),
        cmocka_unit_test_setup_teardown(test_systems_and_tables, fx_setup, fx_teardown),
        cmocka_unit_test_setup_teardown(test_metadata_in_files, fx_setup, fx_teardown),
        cmocka_unit_test_setup_teardown(test_json_equals_csv, fx_setup, fx_teardown),
        cmocka_unit_test_setup_teardown(test_dta_round_trip, fx_setup, fx_teardown),
        cmocka_unit_test_setup_teardown(test_no_carry, fx_setup, fx_teardown),
        cmocka_unit_test_setup_teardown(test_year_range, fx_setup, fx_teardown),
        cmocka_unit_test_setup_teardown(test_provenance, fx_setup, fx_teardown),
        cmocka_unit_test_setup_teardown(test_errors, fx_setup, fx_teardown),
        cmocka_unit_test_setup_teardown(test_safe_out, fx_setup, fx_teardown),
        cmocka_unit_test(test_table_writer),
        cmocka_unit_test_setup_teardown(test_cli_format_from_extension, fx_setup, fx_teardown),
        cmocka_unit_test_setup_teardown(test_cli_golden_csv, fx_setup, fx_teardown),
        cmocka_unit_test_setup_teardown(test_cite, fx_setup, fx_teardown),
        cmocka_unit_test(test_cite_empty_store),
    };
    return cmocka_run_group_tests(tests, NULL, NULL);
}
