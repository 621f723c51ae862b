/* test_imp_codes.c - the crosswalk importers on small hand-made fixtures: exact stored
 * rows, year-aware codes, aliases, vintages, re-import, and one test per kind of bad input
 * (status, message naming file/line/what, store unchanged). */
/* testutil.h's cell-reference snprintf trips -Wformat-truncation when inlined here */
#include "testutil.h"

#include "store/country.h"
#include "store/ctx.h"

/* A codelist with the columns the importer reads plus a few it ignores. */
#define CL_HEADER "ar5,continent,country.name.en,cow.name,cowc,cown,eu28,gwn,iso.name.en,iso2c,iso3c," \
                  "p4.name,region,un,un.name.en,un.region.name,un.regionsub.name,vdem.name,wb\n"
static const char CODELIST[] =
    CL_HEADER
    "ASIA,Asia,Nepal,Nepal,NEP,790,,790,Nepal,NP,NPL,Nepal,South Asia,524,Nepal,Asia,Southern Asia,Nepal,NPL\n"
    "OECD,Europe,Germany,Germany,GMY,255,EU,260,Germany,DE,DEU,Germany,Europe & Central Asia,276,Germany,Europe,Western Europe,Germany,DEU\n"
    "EIT,Europe,Czechia,Czech Republic,CZR,316,EU,316,Czechia,CZ,CZE,Czech Republic,Europe & Central Asia,203,Czechia,Europe,Eastern Europe,Czechia,CZE\n"
    ",Europe,Czechoslovakia,Czechoslovakia,CZE,315,,315,,,,Czechoslovakia,Europe & Central Asia,,,,,Czechoslovakia,\n"
    ",Europe,Yugoslavia,Yugoslavia,YUG,345,,345,,,,Yugoslavia,Europe & Central Asia,,,,,,\n"
    ",Europe,Kosovo,Kosovo,KOS,347,,347,,,,Kosovo,Europe & Central Asia,,,,,Kosovo,XKX\n"
    ",Americas,Aruba,,,,,,Aruba,AW,ABW,,Latin America & Caribbean,533,Aruba,Americas,Latin America and the Caribbean,,ABW\n"
    ",Europe,Prussia,,,,,,,,,Prussia,,,,,,,\n"
    "ASIA,Asia,Bahamas,Bahamas,BHM,31,,31,Bahamas (the),BS,BHS,Bahamas,Latin America & Caribbean,44,Bahamas,Americas,Caribbean,,BHS\n";

typedef tu_fx fx;

static int fx_setup(void **state)
{
    *state = tu_fx_new(NULL);
    return 0;
}

static int fx_teardown(void **state)
{
    tu_fx_free(*state);
    return 0;
}

static void import_text(fx *f, const char *name, const char *text)
{
    if (tu_import_text(f, name, text, NULL))
        fail_msg("%s: %s", name, migdip_ctx_errmsg(f->ctx));
}

static void assert_query(const char *db_path, const char *sql, const char *want)
{
    char *got = tu_query_text(db_path, sql);
    if (!want) {
        if (got)
            fail_msg("%s: expected NULL, got %s", sql, got);
        return;
    }
    if (!got || strcmp(got, want) != 0)
        fail_msg("%s: expected %s, got %s", sql, want, got ? got : "NULL");
    free(got);
}

static void assert_resolves(migdip_ctx *ctx, const char *name, const char *want)
{
    char iso3[4] = "";
    migdip_status st = migdip_country_resolve(ctx, name, iso3);
    if (st != MIGDIP_OK || strcmp(iso3, want) != 0)
        fail_msg("resolve \"%s\": expected %s, got %s (%s)", name, want, iso3, migdip_ctx_errmsg(ctx));
}

/* ---------------------------------------------------------------- codelist */

static void test_codelist_values(void **state)
{
    fx *f = *state;
    import_text(f, "codes/codelist.csv", CODELIST);
    /* 8 rows stored: Prussia (no COW code) is left out on purpose */
    assert_query(f->db, "SELECT count(*) FROM country WHERE vintage_id IS NOT NULL", "8");
    assert_query(f->db, "SELECT rows FROM vintage", "8");
    assert_query(f->db, "SELECT dataset FROM vintage", "countrycode-codelist");
    assert_query(f->db, "SELECT edition FROM vintage", "unversioned");
    assert_query(f->db, "SELECT source LIKE 'countrycode%' FROM vintage", "1");
    assert_query(f->db, "SELECT citation LIKE 'Arel-Bundock%' FROM vintage", "1");
    assert_query(f->db, "SELECT name||'|'||kind||'|'||iso2||'|'||m49||'|'||cown||'|'||cowc||'|'||gwn||'|'||"
                        "wb||'|'||continent||'|'||un_region||'|'||un_subregion||'|'||eu28 FROM country WHERE iso3='DEU'",
                 "Germany|country|DE|276|255|GMY|260|DEU|Europe|Europe|Western Europe|1");
    assert_query(f->db, "SELECT eu28 FROM country WHERE iso3='NPL'", "0");
    assert_query(f->db, "SELECT kind FROM country WHERE iso3='ABW'", "territory");
    assert_query(f->db, "SELECT kind||'|'||name||'|'||cowc FROM country WHERE iso3='CSK'",
                 "historical|Czechoslovakia|CZE");
    assert_query(f->db, "SELECT kind||'|'||wb FROM country WHERE iso3='XKX'", "country|XKX");
    assert_query(f->db, "SELECT count(*) FROM country WHERE name='Prussia'", "0");
    assert_query(f->db, "SELECT count(*) FROM unmapped", "0");
    /* codes of every scheme */
    assert_query(f->db, "SELECT iso3 FROM country_code WHERE scheme='iso2' AND code='NP'", "NPL");
    assert_query(f->db, "SELECT iso3 FROM country_code WHERE scheme='m49' AND code='524'", "NPL");
    assert_query(f->db, "SELECT iso3 FROM country_code WHERE scheme='cowc' AND code='CZR'", "CZE");
    assert_query(f->db, "SELECT iso3 FROM country_code WHERE scheme='gwn' AND code='790'", "NPL");
    /* aliases: COW, Polity, ISO "(the)" with and without the suffix */
    assert_resolves(f->ctx, "Czech Republic", "CZE");
    assert_resolves(f->ctx, "Bahamas (the)", "BHS");
    assert_resolves(f->ctx, "Czechoslovakia", "CSK");
    assert_resolves(f->ctx, "Kosovo", "XKX");
}

static void test_codelist_year_aware_codes(void **state)
{
    fx *f = *state;
    import_text(f, "codes/codelist.csv", CODELIST);
    mg_country_map *cm = NULL;
    mg_err err = {0};
    assert_int_equal(mg_country_map_load(f->ctx->db, &cm, &err), MIGDIP_OK);
    static const struct {
        const char *scheme, *code;
        int year;
        const char *want;
    } cases[] = {
        {.scheme = "cown", .code = "345", .year = 1990, .want = "YUG"},
        {.scheme = "cown", .code = "345", .year = 1999, .want = "SCG"},
        {.scheme = "cown", .code = "345", .year = 2010, .want = "SRB"},
        {.scheme = "cown", .code = "345", .year = 0, .want = "SRB"},
        {.scheme = "cown", .code = "365", .year = 1980, .want = "SUN"},
        {.scheme = "cown", .code = "365", .year = 2000, .want = "RUS"},
        {.scheme = "cown", .code = "315", .year = 1980, .want = "CSK"},
        {.scheme = "cown", .code = "315", .year = 1995, .want = NULL},
        {.scheme = "cown", .code = "316", .year = 1995, .want = "CZE"},
        {.scheme = "cowc", .code = "CZE", .year = 1980, .want = "CSK"},
        {.scheme = "cowc", .code = "CZR", .year = 0, .want = "CZE"},
        {.scheme = "cown", .code = "260", .year = 1970, .want = "DEU"},
        {.scheme = "cown", .code = "255", .year = 2000, .want = "DEU"},
        {.scheme = "gwn", .code = "260", .year = 2000, .want = "DEU"},
        {.scheme = "m49", .code = "004", .year = 0, .want = NULL},
        {.scheme = "m49", .code = "0524", .year = 0, .want = "NPL"},
        {.scheme = "cepii", .code = "ROM", .year = 0, .want = "ROU"},
        {.scheme = "cepii", .code = "NPL", .year = 0, .want = "NPL"},
        {.scheme = "wb", .code = "XKX", .year = 0, .want = "XKX"},
        {.scheme = "iso3", .code = "DEU", .year = 0, .want = "DEU"},
        {.scheme = "iso3", .code = "ZZZ", .year = 0, .want = NULL},
        {.scheme = "iso2", .code = "de", .year = 0, .want = "DEU"},
    };
    for (size_t i = 0; i < sizeof cases / sizeof *cases; i++) {
        const char *got = mg_country_by_code(cm, cases[i].scheme, cases[i].code, cases[i].year);
        if (cases[i].want == NULL ? got != NULL : (!got || strcmp(got, cases[i].want) != 0))
            fail_msg("%s:%s in %d: expected %s, got %s", cases[i].scheme, cases[i].code, cases[i].year,
                     cases[i].want ? cases[i].want : "NULL", got ? got : "NULL");
    }
    /* aggregates seeded before any CLASS file */
    assert_string_equal(mg_country_aggregate(cm, "Arab World"), "ARB");
    assert_string_equal(mg_country_aggregate(cm, "WLD"), "WLD");
    assert_string_equal(mg_country_aggregate(cm, "Other South"), "OTHER_SOUTH");
    assert_null(mg_country_aggregate(cm, "Nepal"));
    assert_null(mg_country_by_name(cm, "Arab World"));
    mg_country_map_free(cm);
}

/* file -> store -> query back -> compare with the fixture's own rows */
static void test_codelist_round_trip(void **state)
{
    fx *f = *state;
    import_text(f, "codes/codelist.csv", CODELIST);
    static const struct {
        const char *iso3, *name;
        int cown;
    } want[] = {{"NPL", "Nepal", 790}, {"DEU", "Germany", 255}, {"CZE", "Czechia", 316},
                {"CSK", "Czechoslovakia", 315}, {"YUG", "Yugoslavia", 345}, {"XKX", "Kosovo", 347},
                {"ABW", "Aruba", 0}, {"BHS", "Bahamas", 31}};
    for (size_t i = 0; i < sizeof want / sizeof *want; i++) {
        char sql[160];
        snprintf(sql, sizeof sql, "SELECT name FROM country WHERE iso3='%s'", want[i].iso3);
        assert_query(f->db, sql, want[i].name);
        snprintf(sql, sizeof sql, "SELECT coalesce(cown,0) FROM country WHERE iso3='%s'", want[i].iso3);
        assert_int_equal((int)tu_query_double(f->db, sql), want[i].cown);
        assert_resolves(f->ctx, want[i].name, want[i].iso3);
    }
}

static void test_codelist_reimport_unchanged(void **state)
{
    fx *f = *state;
    char *p = tu_write_text(f->dir, "codes/codelist.csv", CODELIST);
    const char *files[] = {p};
    assert_int_equal(tu_import(f->ctx, files, 1), MIGDIP_OK);
    char *before = tu_store_fingerprint(f->db);
    migdip_import_opts o = {.files = files, .n_files = 1};
    migdip_import_report *rep = NULL;
    assert_int_equal(migdip_import_run(f->ctx, &o, &rep), MIGDIP_OK);
    assert_int_equal(rep->n_files, 1);
    assert_int_equal(rep->files[0].skipped, 1);
    assert_int_equal(rep->rows, 0);
    migdip_import_report_free(rep);
    char *after = tu_store_fingerprint(f->db);
    assert_string_equal(before, after);
    free(before);
    free(after);
    free(p);
}

/* ---------------------------------------------------------------- bad input */

/* Import a good codelist, then the bad file: expect status and message parts, and an
 * unchanged store. */
static void expect_failure(fx *f, const char *name, const char *content, size_t len, migdip_status want,
                           const char *const *parts)
{
    import_text(f, "codes/good.csv", CODELIST);
    char *before = tu_store_fingerprint(f->db);
    char *p = tu_write(f->dir, name, content, len);
    const char *files[] = {p};
    migdip_status st = tu_import(f->ctx, files, 1);
    const char *msg = migdip_ctx_errmsg(f->ctx);
    if (st != want)
        fail_msg("%s: expected status %s, got %s: %s", name, migdip_status_str(want), migdip_status_str(st), msg);
    for (size_t i = 0; parts[i]; i++)
        if (!strstr(msg, parts[i]))
            fail_msg("%s: message \"%s\" lacks \"%s\"", name, msg, parts[i]);
    char *after = tu_store_fingerprint(f->db);
    assert_string_equal(before, after);
    free(before);
    free(after);
    free(p);
}

static void test_bad_missing_column(void **state)
{
    /* "iso3c" renamed: the file is still recognised as a codelist, and the column named */
    char *text = strdup(CODELIST);
    memcpy(strstr(text, "iso3c"), "iso3x", 5);
    const char *parts[] = {"codes/renamed.csv:1: missing column \"iso3c\"", NULL};
    expect_failure(*state, "codes/renamed.csv", text, strlen(text), MIGDIP_ERR_SCHEMA, parts);
    free(text);
}

static void test_bad_missing_column_cow(void **state)
{
    static const char text[] = "country,cowc,cown,cow.name,yr\nNepal,NEP,790,Nepal,1990\n";
    const char *parts[] = {"codes/cow.csv:1: missing column \"year\"", NULL};
    expect_failure(*state, "codes/cow.csv", text, strlen(text), MIGDIP_ERR_SCHEMA, parts);
}

static void test_bad_duplicate(void **state)
{
    static const char text[] =
        CL_HEADER
        "ASIA,Asia,Nepal,Nepal,NEP,790,,790,Nepal,NP,NPL,Nepal,South Asia,524,Nepal,Asia,Southern Asia,Nepal,NPL\n"
        "ASIA,Asia,Nepal again,Nepal,NEP,790,,790,Nepal,NP,NPL,Nepal,South Asia,524,Nepal,Asia,Southern Asia,Nepal,NPL\n";
    const char *parts[] = {"codes/dup.csv:3:", "iso3c", "NPL", "line 2", NULL};
    expect_failure(*state, "codes/dup.csv", text, strlen(text), MIGDIP_ERR_DUPLICATE, parts);
}

static void test_bad_text_in_number(void **state)
{
    static const char text[] =
        CL_HEADER
        "ASIA,Asia,Nepal,Nepal,NEP,seven,,790,Nepal,NP,NPL,Nepal,South Asia,524,Nepal,Asia,Southern Asia,Nepal,NPL\n";
    const char *parts[] = {"codes/text.csv:2: column cown: expected a numeric code, got \"seven\"", NULL};
    expect_failure(*state, "codes/text.csv", text, strlen(text), MIGDIP_ERR_PARSE, parts);
}

static void test_bad_empty_file(void **state)
{
    const char *parts[] = {"codes/empty.csv", "not a recognised data file", NULL};
    expect_failure(*state, "codes/empty.csv", "", 0, MIGDIP_ERR_SCHEMA, parts);
}

static void test_bad_header_only(void **state)
{
    const char *parts[] = {"codes/header.csv: no rows after the header", NULL};
    expect_failure(*state, "codes/header.csv", CL_HEADER, strlen(CL_HEADER), MIGDIP_ERR_SCHEMA, parts);
}

static void test_bad_truncated_row(void **state)
{
    static const char text[] =
        CL_HEADER
        "ASIA,Asia,Nepal,Nepal,NEP,790,,790,Nepal,NP,NPL,Nepal,South Asia,524,Nepal,Asia,Southern Asia,Nepal,NPL\n"
        "OECD,Europe,Germany,Germany,GMY,255,EU,260,Germ";
    const char *parts[] = {"codes/trunc.csv:3: expected 19 fields, got 9", NULL};
    expect_failure(*state, "codes/trunc.csv", text, strlen(text), MIGDIP_ERR_PARSE, parts);
}

static void test_bad_unterminated_quote(void **state)
{
    static const char text[] =
        CL_HEADER
        "ASIA,Asia,\"Nepal,Nepal,NEP,790,,790,Nepal,NP,NPL,Nepal,South Asia,524,Nepal,Asia,Southern Asia,Nepal,NPL\n";
    const char *parts[] = {"codes/quote.csv:", "unterminated quoted field", NULL};
    expect_failure(*state, "codes/quote.csv", text, strlen(text), MIGDIP_ERR_PARSE, parts);
}

static void test_bad_wrong_kind(void **state)
{
    static const char text[] = "Country Name,Country Code,Year,Value\nNepal,NPL,2020,1\n";
    const char *parts[] = {"codes/wdi.csv", "not a recognised data file", NULL};
    expect_failure(*state, "codes/wdi.csv", text, strlen(text), MIGDIP_ERR_SCHEMA, parts);
}

static void test_bad_binary(void **state)
{
    static const char text[] = CL_HEADER "ASIA,Asia,Ne\0pal\n";
    const char *parts[] = {"codes/bin.csv", "binary", NULL};
    expect_failure(*state, "codes/bin.csv", text, sizeof text - 1, MIGDIP_ERR_SCHEMA, parts);
}

static void test_bad_code_length(void **state)
{
    static const char text[] =
        CL_HEADER
        "ASIA,Asia,Nepal,Nepal,NEP,790,,790,Nepal,NP,NEPAL,Nepal,South Asia,524,Nepal,Asia,Southern Asia,Nepal,NPL\n";
    const char *parts[] = {"codes/len.csv:2: column iso3c: expected a three-letter code, got \"NEPAL\"", NULL};
    expect_failure(*state, "codes/len.csv", text, strlen(text), MIGDIP_ERR_PARSE, parts);
}

static void test_bad_cow_year_range(void **state)
{
    static const char text[] = "country,cowc,cown,cow.name,year\nNepal,NEP,790,Nepal,3000\n";
    const char *parts[] = {"codes/cow.csv:2: column year: expected a year in 1800-2100, got \"3000\"", NULL};
    expect_failure(*state, "codes/cow.csv", text, strlen(text), MIGDIP_ERR_RANGE, parts);
}

static void test_bad_cow_duplicate(void **state)
{
    static const char text[] = "country,cowc,cown,cow.name,year\nNepal,NEP,790,Nepal,1990\nNepal,NEP,790,Nepal,1990\n";
    const char *parts[] = {"codes/cow.csv:3: COW state 790 in 1990 already on line 2", NULL};
    expect_failure(*state, "codes/cow.csv", text, strlen(text), MIGDIP_ERR_DUPLICATE, parts);
}

static void test_bad_iso_duplicate(void **state)
{
    static const char text[] = "name,alpha-2,alpha-3,country-code\nNepal,NP,NPL,524\nNepal,NP,NPL,524\n";
    const char *parts[] = {"codes/iso.csv:3: column alpha-3: code NPL already on line 2", NULL};
    expect_failure(*state, "codes/iso.csv", text, strlen(text), MIGDIP_ERR_DUPLICATE, parts);
}

static void test_bad_iso_m49(void **state)
{
    static const char text[] = "name,alpha-2,alpha-3,country-code\nNepal,NP,NPL,five\n";
    const char *parts[] = {"codes/iso.csv:2: column country-code: expected a numeric code, got \"five\"", NULL};
    expect_failure(*state, "codes/iso.csv", text, strlen(text), MIGDIP_ERR_PARSE, parts);
}

/* ---------------------------------------------------------------- other CSV crosswalks */

static void test_cow_states(void **state)
{
    fx *f = *state;
    import_text(f, "codes/codelist.csv", CODELIST);
    import_text(f, "codes/cow.csv",
                "country,cowc,cown,cow.name,year\n"
                "Yugoslavia,YUG,345,Yugoslavia,1990\n"
                "Yugoslavia,YUG,345,Yugoslavia,1995\n"
                "Nepal,NEP,790,Kingdom of Nepal,2000\n"
                "Atlantis,ATL,999,Atlantis,2000\n");
    /* a new spelling becomes an alias; an unknown COW state is reported, not dropped */
    assert_resolves(f->ctx, "Kingdom of Nepal", "NPL");
    assert_query(f->db, "SELECT name||'@'||line||'@'||cell FROM unmapped", "Atlantis@5@cown");
    assert_query(f->db, "SELECT dataset||'|'||edition FROM vintage WHERE importer='cow-states'",
                 "cow-states|1990-2000");
    /* its rows: the three state-years mapped, and the new spelling */
    assert_query(f->db, "SELECT group_concat(iso3||year) FROM state_year", "YUG1990,SCG1995,NPL2000");
    assert_query(f->db, "SELECT rows FROM vintage WHERE importer='cow-states'", "4");
}

static void test_regions(void **state)
{
    fx *f = *state;
    tu_seed_countries(f->db, "NPL=Nepal;FRA=France");
    import_text(f, "codes/regions.csv",
                "country,continent,eu28,region23\n"
                "Nepal,Asia,\"\",Southern Asia\n"
                "France,Europe,EU,Western Europe\n"
                "Prussia,Europe,\"\",Western Europe\n"
                "Narnia,Europe,\"\",Western Europe\n");
    assert_query(f->db, "SELECT continent||'|'||eu28||'|'||un_subregion FROM country WHERE iso3='FRA'",
                 "Europe|1|Western Europe");
    assert_query(f->db, "SELECT eu28 FROM country WHERE iso3='NPL'", "0");
    /* Prussia is omitted on purpose; Narnia is reported */
    assert_query(f->db, "SELECT group_concat(name) FROM unmapped", "Narnia");
    assert_query(f->db, "SELECT rows FROM vintage", "2");
}

static void test_iso3166(void **state)
{
    fx *f = *state;
    import_text(f, "codes/iso.csv",
                "name,alpha-2,alpha-3,country-code,iso_3166-2,region,sub-region\n"
                "Afghanistan,AF,AFG,004,ISO 3166-2:AF,Asia,Southern Asia\n"
                "Namibia,NA,NAM,516,ISO 3166-2:NA,Africa,Sub-Saharan Africa\n"
                "\"Bolivia (Plurinational State of)\",BO,BOL,068,ISO 3166-2:BO,Americas,Latin America and the Caribbean\n");
    assert_query(f->db, "SELECT m49||'|'||iso2||'|'||un_region FROM country WHERE iso3='AFG'", "4|AF|Asia");
    assert_query(f->db, "SELECT iso3 FROM country_code WHERE scheme='iso2' AND code='NA'", "NAM");
    assert_query(f->db, "SELECT iso3 FROM country_code WHERE scheme='m49' AND code='68'", "BOL");
    assert_resolves(f->ctx, "Bolivia (Plurinational State of)", "BOL");
    assert_query(f->db, "SELECT rows FROM vintage", "3");
}

/* ---------------------------------------------------------------- xlsx crosswalks */

#define UN_COLS 10
static const char *const UN_CELLS[] = {
    "", "", "", "", "", "International Migrant Stock 2020", "", "", "", "",
    "", "Region, subregion, country or area*", "Notes", "Location code", "ISO3 Alpha-code", "Code", "Name",
    "Parent Location code", "Code", "Least developed countries\n941",
    "", "WORLD", "", "900", "", "", "", "", "", "",
    "", "  Least developed countries", "d", "941", "", "5", "Development group", "902", "", "",
    "", "   Nepal*", "", "524", "NPL", "4", "Country/Area", "5501", "900", "941",
    "", "   Qatar", "", "634", "QAT", "4", "Country/Area", "922", "900", "",
};

static char *write_un(fx *f, const char *name, const char *const *cells, size_t rows)
{
    tu_sheet sh[] = {{.name = "Annex", .rows = rows, .cols = UN_COLS, .cells = cells},
                     {.name = "Notes", .rows = 1, .cols = 1, .cells = (const char *const[]){"notes"}}};
    return tu_write_xlsx(f->dir, name, sh, 2);
}

static void test_undesa_aggregates(void **state)
{
    fx *f = *state;
    tu_seed_countries(f->db, "NPL=Nepal;QAT=Qatar");
    char *p = write_un(f, "un.xlsx", UN_CELLS, 6);
    const char *files[] = {p};
    assert_int_equal(tu_import(f->ctx, files, 1), MIGDIP_OK);
    assert_query(f->db, "SELECT name||'|'||scheme FROM aggregate WHERE code='UN:900'", "WORLD|un");
    assert_query(f->db, "SELECT name FROM aggregate WHERE code='UN:941'", "Least developed countries");
    assert_query(f->db, "SELECT group_concat(iso3) FROM (SELECT iso3 FROM aggregate_member WHERE code='UN:900' ORDER BY 1)",
                 "NPL,QAT");
    assert_query(f->db, "SELECT group_concat(iso3) FROM aggregate_member WHERE code='UN:941'", "NPL");
    assert_query(f->db, "SELECT m49 FROM country WHERE iso3='NPL'", "524");
    assert_query(f->db, "SELECT iso3 FROM country_code WHERE scheme='m49' AND code='634'", "QAT");
    assert_query(f->db, "SELECT dataset||'|'||edition||'|'||released FROM vintage",
                 "undesa-aggregates|2020|2020-01-01");
    /* 2 countries + 2 aggregates + 3 memberships */
    assert_query(f->db, "SELECT rows FROM vintage", "7");
    mg_country_map *cm = NULL;
    mg_err err = {0};
    assert_int_equal(mg_country_map_load(f->ctx->db, &cm, &err), MIGDIP_OK);
    assert_string_equal(mg_country_aggregate(cm, "World"), "UN:900");
    assert_string_equal(mg_country_aggregate(cm, "  Least developed countries"), "UN:941");
    assert_string_equal(mg_country_by_name(cm, "Nepal*"), "NPL");
    mg_country_map_free(cm);
    /* re-import: nothing changes */
    char *before = tu_store_fingerprint(f->db);
    assert_int_equal(tu_import(f->ctx, files, 1), MIGDIP_OK);
    char *after = tu_store_fingerprint(f->db);
    assert_string_equal(before, after);
    free(before);
    free(after);
    free(p);
}

/* Import the good UN table, then a bad workbook: status, message parts, unchanged store. */
static void expect_xlsx_failure(fx *f, char *bad_path, migdip_status want, const char *const *parts)
{
    char *good = write_un(f, "good.xlsx", UN_CELLS, 6);
    const char *g[] = {good};
    assert_int_equal(tu_import(f->ctx, g, 1), MIGDIP_OK);
    char *before = tu_store_fingerprint(f->db);
    const char *files[] = {bad_path};
    migdip_status st = tu_import(f->ctx, files, 1);
    const char *msg = migdip_ctx_errmsg(f->ctx);
    if (st != want)
        fail_msg("expected %s, got %s: %s", migdip_status_str(want), migdip_status_str(st), msg);
    for (size_t i = 0; parts[i]; i++)
        if (!strstr(msg, parts[i]))
            fail_msg("message \"%s\" lacks \"%s\"", msg, parts[i]);
    char *after = tu_store_fingerprint(f->db);
    assert_string_equal(before, after);
    free(before);
    free(after);
    free(good);
    free(bad_path);
}

static void test_bad_un_duplicate(void **state)
{
    fx *f = *state;
    tu_seed_countries(f->db, "NPL=Nepal;QAT=Qatar");
    const char *cells[7 * UN_COLS];
    memcpy(cells, UN_CELLS, sizeof UN_CELLS);
    memcpy(cells + 6 * UN_COLS, UN_CELLS + 4 * UN_COLS, UN_COLS * sizeof *cells); /* Nepal again */
    const char *parts[] = {"dup.xlsx: sheet \"Annex\" cell D7: location code 524 already in cell D5", NULL};
    expect_xlsx_failure(f, write_un(f, "dup.xlsx", cells, 7), MIGDIP_ERR_DUPLICATE, parts);
}

static void test_bad_un_text_code(void **state)
{
    fx *f = *state;
    tu_seed_countries(f->db, "NPL=Nepal;QAT=Qatar");
    const char *cells[6 * UN_COLS];
    memcpy(cells, UN_CELLS, sizeof UN_CELLS);
    cells[4 * UN_COLS + 3] = "five-two-four";
    const char *parts[] = {"text.xlsx: sheet \"Annex\" cell D5: expected a numeric location code, got \"five-two-four\"",
                           NULL};
    expect_xlsx_failure(f, write_un(f, "text.xlsx", cells, 6), MIGDIP_ERR_PARSE, parts);
}

static void test_bad_un_no_countries(void **state)
{
    fx *f = *state;
    tu_seed_countries(f->db, "NPL=Nepal;QAT=Qatar");
    const char *parts[] = {"empty.xlsx: sheet \"Annex\": no country rows after the header", NULL};
    expect_xlsx_failure(f, write_un(f, "empty.xlsx", UN_CELLS, 2), MIGDIP_ERR_SCHEMA, parts);
}

static void test_bad_un_truncated(void **state)
{
    fx *f = *state;
    tu_seed_countries(f->db, "NPL=Nepal;QAT=Qatar");
    char *p = write_un(f, "trunc.xlsx", UN_CELLS, 6);
    struct stat sb;
    assert_int_equal(stat(p, &sb), 0);
    assert_int_equal(truncate(p, sb.st_size / 2), 0);
    const char *parts[] = {"trunc.xlsx", "not a recognised data file", NULL};
    expect_xlsx_failure(f, p, MIGDIP_ERR_SCHEMA, parts);
}

#define ECON_COLS 4
static const char *const ECON_CELLS[] = {
    "Economy", "Code", "Region", "Income group",
    "Nepal", "NPL", "South Asia", "Lower middle income",
    "Venezuela, RB", "VEN", "Latin America & Caribbean", "",
    "Egypt, Arab Rep.", "EGY", "Middle East & North Africa", "Lower middle income",
};
#define GROUP_COLS 4
static const char *const GROUP_CELLS[] = {
    "GroupCode", "GroupName", "CountryCode", "CountryName",
    "SAS", "South Asia", "NPL", "Nepal",
    "LMC", "Lower middle income", "NPL", "Nepal",
    "LMC", "Lower middle income", "NPL", "Nepal",
    "LMC", "Lower middle income", "EGY", "Egypt, Arab Rep.",
    "LMC", "Lower middle income", "ZZZ", "Atlantis",
};
static const char *const NOTES_CELLS[] = {
    "Notes", "This table classifies ... divided among income groups according to 2022 gross national income (GNI) per capita."};

static char *write_class(fx *f, const char *name, const char *const *econ, size_t econ_rows,
                         const char *const *groups, size_t group_rows, bool with_groups)
{
    tu_sheet sh[] = {{.name = "List of economies", .rows = econ_rows, .cols = ECON_COLS, .cells = econ},
                     {.name = "Notes", .rows = 2, .cols = 1, .cells = NOTES_CELLS},
                     {.name = "Groups", .rows = group_rows, .cols = GROUP_COLS, .cells = groups}};
    return tu_write_xlsx(f->dir, name, sh, with_groups ? 3 : 2);
}

static void test_wb_class(void **state)
{
    fx *f = *state;
    tu_seed_countries(f->db, "NPL=Nepal;VEN=Venezuela;EGY=Egypt");
    char *p = write_class(f, "class.xlsx", ECON_CELLS, 4, GROUP_CELLS, 6, true);
    const char *files[] = {p};
    migdip_import_opts o = {.files = files, .n_files = 1};
    migdip_import_report *rep = NULL;
    assert_int_equal(migdip_import_run(f->ctx, &o, &rep), MIGDIP_OK);
    /* the unknown economy is reported with its cell, not dropped in silence */
    assert_int_equal(rep->n_unmapped, 1);
    assert_string_equal(rep->unmapped[0].name, "Atlantis");
    assert_string_equal(rep->unmapped[0].cell, "C6");
    migdip_import_report_free(rep);
    assert_query(f->db, "SELECT grp||'|'||fy FROM income_group WHERE iso3='NPL'", "LM|2024");
    assert_query(f->db, "SELECT count(*) FROM income_group WHERE iso3='VEN'", "0");
    assert_query(f->db, "SELECT income FROM country WHERE iso3='VEN'", NULL);
    assert_query(f->db, "SELECT income FROM country WHERE iso3='EGY'", "LM");
    assert_query(f->db, "SELECT name||'|'||scheme FROM aggregate WHERE code='LMC'", "Lower middle income|wb");
    assert_query(f->db, "SELECT group_concat(iso3) FROM (SELECT iso3 FROM aggregate_member WHERE code='LMC' ORDER BY 1)",
                 "EGY,NPL");
    assert_query(f->db, "SELECT edition||'|'||released||'|'||dataset FROM vintage", "FY24|2023-07-01|wb-class");
    /* 2 income rows + 3 distinct memberships */
    assert_query(f->db, "SELECT rows FROM vintage", "5");
    assert_resolves(f->ctx, "Venezuela, RB", "VEN");
    assert_resolves(f->ctx, "Egypt, Arab Rep.", "EGY");
    free(p);
}

static void test_bad_class_income(void **state)
{
    fx *f = *state;
    tu_seed_countries(f->db, "NPL=Nepal;VEN=Venezuela;EGY=Egypt;QAT=Qatar");
    const char *econ[4 * ECON_COLS];
    memcpy(econ, ECON_CELLS, sizeof ECON_CELLS);
    econ[1 * ECON_COLS + 3] = "Rich";
    const char *parts[] = {"inc.xlsx: sheet \"List of economies\" cell D2: expected an income group", "\"Rich\"", NULL};
    expect_xlsx_failure(f, write_class(f, "inc.xlsx", econ, 4, GROUP_CELLS, 5, true), MIGDIP_ERR_PARSE, parts);
}

static void test_bad_class_missing_sheet(void **state)
{
    fx *f = *state;
    tu_seed_countries(f->db, "NPL=Nepal;VEN=Venezuela;EGY=Egypt;QAT=Qatar");
    const char *parts[] = {"nogroups.xlsx: no sheet \"Groups\"", NULL};
    expect_xlsx_failure(f, write_class(f, "nogroups.xlsx", ECON_CELLS, 4, GROUP_CELLS, 5, false), MIGDIP_ERR_SCHEMA,
                        parts);
}

static void test_bad_class_duplicate(void **state)
{
    fx *f = *state;
    tu_seed_countries(f->db, "NPL=Nepal;VEN=Venezuela;EGY=Egypt;QAT=Qatar");
    const char *econ[5 * ECON_COLS];
    memcpy(econ, ECON_CELLS, sizeof ECON_CELLS);
    memcpy(econ + 4 * ECON_COLS, ECON_CELLS + ECON_COLS, ECON_COLS * sizeof *econ);
    const char *parts[] = {"dupe.xlsx: sheet \"List of economies\" cell B5: economy NPL already on row 2", NULL};
    expect_xlsx_failure(f, write_class(f, "dupe.xlsx", econ, 5, GROUP_CELLS, 5, true), MIGDIP_ERR_DUPLICATE, parts);
}

#define OG_COLS 4
static const char *const OG_CELLS[] = {
    "", "World Bank Analytical Classifications", "", "",
    "", "Bank's fiscal year:", "FY89", "FY90",
    "", "Data for calendar year :", "1987", "1988",
    "", "Low income (L)", "<= 480", "<= 545",
    "NPL", "Nepal", "L", "..",
    "YUGf", "Yugoslavia (former)", "UM", "LM*",
};

static char *write_og(fx *f, const char *name, const char *const *cells, size_t rows)
{
    tu_sheet sh[] = {{.name = "Parameters", .rows = 1, .cols = 1, .cells = (const char *const[]){"Label"}},
                     {.name = "Country Analytical History", .rows = rows, .cols = OG_COLS, .cells = cells}};
    return tu_write_xlsx(f->dir, name, sh, 2);
}

static void test_wb_oghist(void **state)
{
    fx *f = *state;
    tu_seed_countries(f->db, "NPL=Nepal");
    import_text(f, "codes/codelist.csv", CODELIST); /* YUG */
    char *p = write_og(f, "og.xlsx", OG_CELLS, 6);
    const char *files[] = {p};
    assert_int_equal(tu_import(f->ctx, files, 1), MIGDIP_OK);
    assert_query(f->db, "SELECT group_concat(iso3||fy||grp) FROM (SELECT * FROM income_group ORDER BY iso3, fy)",
                 "NPL1989L,YUG1989UM,YUG1990LM");
    assert_query(f->db, "SELECT edition||'|'||released FROM vintage WHERE dataset='wb-oghist'", "FY89-FY90|1989-07-01");
    free(p);
}

static void test_bad_oghist_value(void **state)
{
    fx *f = *state;
    tu_seed_countries(f->db, "NPL=Nepal;QAT=Qatar");
    const char *cells[6 * OG_COLS];
    memcpy(cells, OG_CELLS, sizeof OG_CELLS);
    cells[4 * OG_COLS + 3] = "Q";
    const char *parts[] = {"ogbad.xlsx: sheet \"Country Analytical History\" cell D5: expected an income group", NULL};
    expect_xlsx_failure(f, write_og(f, "ogbad.xlsx", cells, 6), MIGDIP_ERR_PARSE, parts);
}

int main(void)
{
    const struct CMUnitTest tests[] = {
        cmocka_unit_test_setup_teardown(test_codelist_values, fx_setup, fx_teardown),
        cmocka_unit_test_setup_teardown(test_codelist_year_aware_codes, fx_setup, fx_teardown),
        cmocka_unit_test_setup_teardown(test_codelist_round_trip, fx_setup, fx_teardown),
        cmocka_unit_test_setup_teardown(test_codelist_reimport_unchanged, fx_setup, fx_teardown),
        cmocka_unit_test_setup_teardown(test_bad_missing_column, fx_setup, fx_teardown),
        cmocka_unit_test_setup_teardown(test_bad_missing_column_cow, fx_setup, fx_teardown),
        cmocka_unit_test_setup_teardown(test_bad_duplicate, fx_setup, fx_teardown),
        cmocka_unit_test_setup_teardown(test_bad_text_in_number, fx_setup, fx_teardown),
        cmocka_unit_test_setup_teardown(test_bad_empty_file, fx_setup, fx_teardown),
        cmocka_unit_test_setup_teardown(test_bad_header_only, fx_setup, fx_teardown),
        cmocka_unit_test_setup_teardown(test_bad_truncated_row, fx_setup, fx_teardown),
        cmocka_unit_test_setup_teardown(test_bad_unterminated_quote, fx_setup, fx_teardown),
        cmocka_unit_test_setup_teardown(test_bad_wrong_kind, fx_setup, fx_teardown),
        cmocka_unit_test_setup_teardown(test_bad_binary, fx_setup, fx_teardown),
        cmocka_unit_test_setup_teardown(test_bad_code_length, fx_setup, fx_teardown),
        cmocka_unit_test_setup_teardown(test_bad_cow_year_range, fx_setup, fx_teardown),
        cmocka_unit_test_setup_teardown(test_bad_cow_duplicate, fx_setup, fx_teardown),
        cmocka_unit_test_setup_teardown(test_bad_iso_duplicate, fx_setup, fx_teardown),
        cmocka_unit_test_setup_teardown(test_bad_iso_m49, fx_setup, fx_teardown),
        cmocka_unit_test_setup_teardown(test_cow_states, fx_setup, fx_teardown),
        cmocka_unit_test_setup_teardown(test_regions, fx_setup, fx_teardown),
        cmocka_unit_test_setup_teardown(test_iso3166, fx_setup, fx_teardown),
        cmocka_unit_test_setup_teardown(test_undesa_aggregates, fx_setup, fx_teardown),
        cmocka_unit_test_setup_teardown(test_bad_un_duplicate, fx_setup, fx_teardown),
        cmocka_unit_test_setup_teardown(test_bad_un_text_code, fx_setup, fx_teardown),
        cmocka_unit_test_setup_teardown(test_bad_un_no_countries, fx_setup, fx_teardown),
        cmocka_unit_test_setup_teardown(test_bad_un_truncated, fx_setup, fx_teardown),
        cmocka_unit_test_setup_teardown(test_wb_class, fx_setup, fx_teardown),
        cmocka_unit_test_setup_teardown(test_bad_class_income, fx_setup, fx_teardown),
        cmocka_unit_test_setup_teardown(test_bad_class_missing_sheet, fx_setup, fx_teardown),
        cmocka_unit_test_setup_teardown(test_bad_class_duplicate, fx_setup, fx_teardown),
        cmocka_unit_test_setup_teardown(test_wb_oghist, fx_setup, fx_teardown),
        cmocka_unit_test_setup_teardown(test_bad_oghist_value, fx_setup, fx_teardown),
    };
    return cmocka_run_group_tests(tests, NULL, NULL);
}
