/* imp_pwt.c - importer for the Penn World Table (Groningen Growth and Development Centre),
 * the publisher's Stata file pwt1001.dta: one observation per country-year, `countrycode`
 * (ISO3) and `year`, then PWT's variables. The size and power variables go to `series` as
 * PWT.<VAR> in PWT's own units (millions of 2017 US$, millions of persons: series_info.unit
 * says which), keyed by ISO3; Stata's missing values stay missing (NULL, flag 0). Read with
 * the .dta reader (formats/dta.c). Layout and quirks: docs/importers.md "Penn World Table". */
#include <ctype.h>
#include <math.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <strings.h>

#include "formats/dta.h"
#include "import/importer.h"
#include "util/keyset.h"
#include "util/text.h"

/* The variables stored, with the unit they keep (PWT's own). Required ones must be in the
 * file; the others are stored when present. The series name is the file's variable label. */
static const struct pwt_var {
    const char *var, *code, *name, *unit;
    bool required;
} PWT_VARS[] = {
    {"rgdpe", "PWT.RGDPE", "Expenditure-side real GDP at chained PPPs (PWT)", "millions of 2017 US$ (chained PPPs)", true},
    {"rgdpo", "PWT.RGDPO", "Output-side real GDP at chained PPPs (PWT)", "millions of 2017 US$ (chained PPPs)", true},
    {"cgdpe", "PWT.CGDPE", "Expenditure-side real GDP at current PPPs (PWT)", "millions of 2017 US$ (current PPPs)", false},
    {"cgdpo", "PWT.CGDPO", "Output-side real GDP at current PPPs (PWT)", "millions of 2017 US$ (current PPPs)", false},
    {"rgdpna", "PWT.RGDPNA", "Real GDP at constant 2017 national prices (PWT)", "millions of 2017 US$ (constant national prices)", false},
    {"pop", "PWT.POP", "Population (PWT)", "millions of persons", true},
    {"emp", "PWT.EMP", "Number of persons engaged (PWT)", "millions of persons", false},
    {"hc", "PWT.HC", "Human capital index (PWT)", "index (years of schooling and returns to education)", false},
    {"cn", "PWT.CN", "Capital stock at current PPPs (PWT)", "millions of 2017 US$ (current PPPs)", false},
    {"rnna", "PWT.RNNA", "Capital stock at constant 2017 national prices (PWT)", "millions of 2017 US$ (constant national prices)", false},
};
enum { PWT_NVARS = sizeof PWT_VARS / sizeof *PWT_VARS };

#define PWT_MAX_OBS 2000000

typedef struct pwt_state {
    mg_importer_job *r;
    long c_code, c_name, c_year, col[PWT_NVARS];
    mg_importer_series w;
    mg_keyset seen;
    long obs;
} pwt_state;

/* The .dta header, then PWT's identifying variables by name. In formats 117-119 names sit in
 * fixed NUL-padded fields of the <varnames> block near the start, in 104-115 likewise (after
 * the type bytes): a name is the bytes NUL-terminated, not preceded by a name character. */
static bool has_name(const unsigned char *head, size_t n, const char *var)
{
    size_t k = strlen(var);
    if (n <= k)
        return false;
    /* candidates by memchr: a byte-by-byte loop over a head of 64 KB, eight times a file, was a
     * twentieth of an import fuzzer's time (once the fuzzer had learnt the .dta signature) */
    const unsigned char *end = head + (n - k); /* the name and its NUL inside the head */
    for (const unsigned char *p = head; p < end && (p = memchr(p, (unsigned char)var[0], (size_t)(end - p))); p++)
        if (memcmp(p, var, k) == 0 && p[k] == '\0' && (p == head || !(isalnum(p[-1]) || p[-1] == '_')))
            return true;
    return false;
}

static bool pwt_sniff(const char *path, const char *name, const unsigned char *head, size_t n)
{
    if (!mg_dta_sniff(head, n))
        return false;
    static const char *const NAMES[] = {"countrycode", "year", "rgdpe", "rgdpo", "pop", "cgdpe", "rgdpna"};
    int found = 0;
    for (size_t i = 0; i < sizeof NAMES / sizeof *NAMES; i++)
        found += has_name(head, n, NAMES[i]);
    return has_name(head, n, "countrycode") && found >= 4;
}

static long find_var(const mg_dta_info *in, const char *name)
{
    for (size_t i = 0; i < in->n_vars; i++)
        if (mg_text_casecmp(in->vars[i].name, name) == 0)
            return (long)i;
    return -1;
}

static migdip_status pwt_vars(void *ud, const mg_dta_info *in, mg_err *err)
{
    pwt_state *st = ud;
    mg_importer_job *r = st->r;
    st->c_code = find_var(in, "countrycode");
    st->c_name = find_var(in, "country");
    st->c_year = find_var(in, "year");
    if (st->c_code < 0 || st->c_year < 0)
        return mg_err_set(err, MIGDIP_ERR_SCHEMA, "%s: missing variable \"%s\" (expected countrycode, year, rgdpe, rgdpo, pop)",
                          r->name, st->c_code < 0 ? "countrycode" : "year");
    if (!in->vars[st->c_code].is_string || in->vars[st->c_year].is_string)
        return mg_err_set(err, MIGDIP_ERR_SCHEMA, "%s: variable %s: expected %s", r->name,
                          in->vars[st->c_code].is_string ? "year" : "countrycode",
                          in->vars[st->c_code].is_string ? "a number" : "a string (ISO3 code)");
    if (in->n_obs > PWT_MAX_OBS)
        return mg_err_set(err, MIGDIP_ERR_RANGE, "%s: %ld observations (at most %d)", r->name, in->n_obs, PWT_MAX_OBS);
    migdip_status rc = MIGDIP_OK;
    for (int k = 0; !rc && k < PWT_NVARS; k++) {
        st->col[k] = find_var(in, PWT_VARS[k].var);
        if (st->col[k] < 0) {
            if (PWT_VARS[k].required)
                rc = mg_err_set(err, MIGDIP_ERR_SCHEMA, "%s: missing variable \"%s\" (expected countrycode, year, rgdpe, rgdpo, pop)",
                                r->name, PWT_VARS[k].var);
            continue;
        }
        if (in->vars[st->col[k]].is_string) {
            rc = mg_err_set(err, MIGDIP_ERR_SCHEMA, "%s: variable %s: expected a number, found a string variable", r->name,
                            PWT_VARS[k].var);
            break;
        }
        rc = mg_importer_series_info(&st->w, PWT_VARS[k].code, PWT_VARS[k].name, PWT_VARS[k].unit);
    }
    return rc;
}

/* One observation: its line in messages is the observation number (1-based). */
static migdip_status pwt_row(void *ud, long obs, const mg_dta_cell *c, size_t n, mg_err *err)
{
    pwt_state *st = ud;
    mg_importer_job *r = st->r;
    long line = obs + 1;
    st->obs = line;
    const mg_dta_cell *yc = &c[st->c_year];
    if (yc->missing || yc->num != floor(yc->num) || yc->num < 1800 || yc->num > 2100)
        return mg_err_set(err, MIGDIP_ERR_RANGE, "%s: observation %ld: variable year: expected a year in 1800-2100, got %s",
                          r->name, line, yc->missing ? "missing" : "another number");
    int year = (int)yc->num;
    size_t len = c[st->c_code].len;
    const char *code = mg_text_trim(c[st->c_code].str, &len);
    char iso[8];
    snprintf(iso, sizeof iso, "%.*s", (int)(len < 7 ? len : 7), code);
    const char *iso3 = len == 3 ? mg_country_by_code(r->cm, "iso3", iso, year) : NULL;
    if (!iso3) {
        char what[96];
        snprintf(what, sizeof what, "%s (%.60s)", iso, st->c_name >= 0 ? c[st->c_name].str : "");
        return mg_importer_unmapped(r, line, "countrycode", what);
    }
    char key[16];
    snprintf(key, sizeof key, "%s|%d", iso3, year);
    long first = 0;
    if (mg_keyset_add(&st->seen, key, line, &first))
        return mg_err_set(err, MIGDIP_ERR_NOMEM, "%s: out of memory", r->name);
    if (first)
        return mg_err_set(err, MIGDIP_ERR_DUPLICATE, "%s: observation %ld: duplicate country-year %s %d (first in observation %ld)",
                          r->name, line, iso3, year, first);
    for (int k = 0; k < PWT_NVARS; k++) {
        if (st->col[k] < 0)
            continue;
        const mg_dta_cell *v = &c[st->col[k]];
        if (!v->missing && (!isfinite(v->num) || v->num < 0))
            return mg_err_set(err, MIGDIP_ERR_RANGE, "%s: observation %ld: variable %s: expected a non-negative number or missing, got %g",
                              r->name, line, PWT_VARS[k].var, v->num);
        int flag = v->missing ? MIGDIP_FLAG_MISSING : MIGDIP_FLAG_OBSERVED;
        migdip_status rc = mg_importer_series_put(&st->w, false, PWT_VARS[k].code, iso3, year, v->num, flag);
        if (rc) {
            mg_err_prefix(err, "%s: observation %ld", r->name, line);
            return rc;
        }
    }
    return MIGDIP_OK;
}

/* The edition: the file carries no label saying it, so it is known by its sha256 (the
 * publisher's file as DataverseNL distributes it), else from PWT's file name, pwtDDdd.dta ->
 * "DD.dd" (pwt1001 -> 10.01). Static: the dispatcher reads it after run returns. */
static const struct pwt_known {
    const char *sha256, *edition;
} PWT_KNOWN[] = {
    {"746a483666a5371f8e686f8bfea6c20e211e5ecdd928842c6e01d2bd623ffb4c", "10.01"},
};
static _Thread_local char pwt_edition[16];

static const char *edition_of(mg_importer_job *r)
{
    sqlite3_stmt *st = NULL;
    const char *ed = NULL;
    if (sqlite3_prepare_v2(r->db, "SELECT sha256 FROM vintage WHERE id=?", -1, &st, NULL) == SQLITE_OK) {
        sqlite3_bind_int64(st, 1, r->vintage_id);
        const char *sha = sqlite3_step(st) == SQLITE_ROW ? (const char *)sqlite3_column_text(st, 0) : NULL;
        for (size_t i = 0; sha && i < sizeof PWT_KNOWN / sizeof *PWT_KNOWN; i++)
            if (strcmp(sha, PWT_KNOWN[i].sha256) == 0)
                ed = PWT_KNOWN[i].edition;
    }
    sqlite3_finalize(st);
    if (ed)
        return ed;
    const char *base = strrchr(r->name, '/');
    base = base ? base + 1 : r->name;
    if (strncasecmp(base, "pwt", 3) == 0 && isdigit((unsigned char)base[3]) && isdigit((unsigned char)base[4]) &&
        isdigit((unsigned char)base[5]) && isdigit((unsigned char)base[6]) && base[7] == '.') {
        snprintf(pwt_edition, sizeof pwt_edition, "%d.%c%c", (base[3] - '0') * 10 + (base[4] - '0'), base[5], base[6]);
        return pwt_edition;
    }
    return "10 (edition not in the file name)";
}

static migdip_status pwt_run(mg_importer_job *r)
{
    pwt_state st = {.r = r};
    mg_importer_series_open(&st.w, r, MG_IMPORTER_INFO_KEEP);
    mg_dta_callbacks cb = {pwt_vars, pwt_row};
    migdip_status rc = r->path ? mg_dta_read_file(r->path, r->name, &cb, &st, r->err)
                               : mg_dta_read_mem(r->name, r->mem, r->len, &cb, &st, r->err);
    if (!rc && mg_keyset_count(&st.seen) == 0 && st.obs == 0)
        rc = mg_err_set(r->err, MIGDIP_ERR_SCHEMA, "%s: no observations", r->name);
    mg_importer_series_close(&st.w);
    mg_keyset_free(&st.seen);
    if (rc)
        return rc;
    r->meta.dataset = "pwt";
    r->meta.source = "Groningen Growth and Development Centre, Penn World Table";
    r->meta.edition = edition_of(r);
    /* release dates of the editions known here (GGDC); another keeps the dispatcher's default */
    if (strcmp(r->meta.edition, "10.01") == 0)
        r->meta.released = "2023-01";
    else if (strcmp(r->meta.edition, "10.00") == 0)
        r->meta.released = "2021-06";
    r->meta.citation =
        "Feenstra, Robert C., Robert Inklaar and Marcel P. Timmer (2015). The Next Generation of the "
        "Penn World Table. American Economic Review 105(10), 3150-3182. Data: Penn World Table, "
        "Groningen Growth and Development Centre, DOI 10.34894/QT5BCC.";
    return MIGDIP_OK;
}

const mg_importer mg_imp_pwt = {"pwt", MG_IMPORTER_STAGE_DATA, pwt_sniff, pwt_run};
