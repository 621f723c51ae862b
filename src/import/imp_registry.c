/* imp_registry.c - the curated registry: blocs (named sets of states with membership years)
 * and institutions (agreements, MoUs, schemes, regional frameworks) between two sides, each an
 * ISO3 code or a bloc, and documented episodes of migration diplomacy (the development set of
 * docs/validation.md). Four CSV layouts recognised by their header line, so that users can
 * import files of their own beside the built-in ones (data/registry, compiled into the
 * library: imp_registry_builtin.h). Layouts, weight scale, replacement rules and sources:
 * docs/registry.md. */
#include "import/imp_registry.h"

#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <strings.h>

#include "formats/csv.h"
#include "import/importer.h"
#include "util/text.h"

#define REG_MAX_BYTES ((long)16 << 20) /* a registry file is hand-written: 16 MiB is plenty */
#define REG_MAX_ROWS 100000L
#define REG_MAX_KEY 64     /* bloc names and institution ids */
#define REG_MAX_TEXT 2048  /* titles, names, citations */
#define REG_YEAR_MIN 1800
#define REG_YEAR_MAX 2100
#define REG_OPEN_FROM 0    /* bloc_member's stored bounds of an open period (schema defaults) */
#define REG_OPEN_TO 9999

typedef enum reg_layout { REG_BLOCS, REG_MEMBERS, REG_INSTITUTIONS, REG_EPISODES } reg_layout;

#define ID_BLOCS "registry-blocs"
#define ID_MEMBERS "registry-members"
#define ID_INSTITUTIONS "registry-institutions"
#define ID_EPISODES "registry-episodes"
static const char *const IMPORTER_IDS[] = {ID_BLOCS, ID_MEMBERS, ID_INSTITUTIONS, ID_EPISODES};

typedef struct reg_spec {
    const char *header;       /* the layout's exact header line */
    const char *cols[12];
    size_t ncols;
    const char *sniff_prefix; /* its first columns, enough to tell the layout apart */
    const char *table;        /* the store table it fills */
    const char *source;       /* vintage title */
} reg_spec;

static const reg_spec SPECS[] = {
    [REG_BLOCS] = {"bloc,title,kind,source", {"bloc", "title", "kind", "source"}, 4,
                   "bloc,title,kind", "bloc", "migdip curated registry: blocs"},
    [REG_MEMBERS] = {"bloc,iso3,year_from,year_to,role,source",
                     {"bloc", "iso3", "year_from", "year_to", "role", "source"}, 6,
                     "bloc,iso3,year_from", "bloc_member", "migdip curated registry: bloc membership"},
    [REG_INSTITUTIONS] = {"id,kind,name,a,b,year_from,year_to,weight,source",
                          {"id", "kind", "name", "a", "b", "year_from", "year_to", "weight", "source"},
                          9, "id,kind,name", "institution",
                          "migdip curated registry: migration institutions"},
    [REG_EPISODES] = {"id,year,a,b,expect_a,expect_b,kind,event,outcome,source,url,verified",
                      {"id", "year", "a", "b", "expect_a", "expect_b", "kind", "event", "outcome", "source",
                       "url", "verified"},
                      12, "id,year,a,b,expect_a", "episode",
                      "migdip curated registry: documented episodes (development set)"},
};

/* What an episode records (docs/registry.md, "Episodes"). */
static const char *const EPISODE_KINDS[] = {"ban", "moratorium", "visa-freeze", "recruitment-suspension",
                                            "deportation", "expulsion", "agreement", "cooperation", "refugee",
                                            "free-movement", "territory", "war", "irregular", NULL};
static const char *const EPISODE_LOGICS[] = {"I", "II", "III", "IV", "mutual", "out-of-scope", NULL};
static const char *const YES_NO[] = {"no", "yes", NULL};

static const char *const BLOC_KINDS[] = {"regional-organisation", "scheme", "framework", "analytic", NULL};
static const char *const ROLES[] = {"member", "host", "sender", NULL};

/* Institution kinds and the weight an empty weight cell stands for (docs/registry.md,
 * "Weight"): how binding and deep the arrangement is, in [0,1]. */
static const struct inst_kind {
    const char *kind;
    double weight;
} INST_KINDS[] = {
    {"agreement", 0.6},
    {"mou", 0.6},
    {"scheme", 0.8},
    {"seasonal", 0.8}, /* a seasonal labour scheme: a is the host, b the sender(s) */
    {"free-movement", 0.8}, /* treaty rights of residence and work across an area */
    {"framework", 0.3},
    {NULL, 0},
};

static const char BOOKKEEPING_SQL[] =
    /* per import: keys seen in each file (duplicate detection with both lines) and every bloc
     * reference, checked by mg_imp_registry_post_check once all files are in */
    "CREATE TEMP TABLE IF NOT EXISTS registry_key(vintage_id INTEGER NOT NULL, key TEXT NOT NULL,"
    "  line INTEGER NOT NULL, PRIMARY KEY(vintage_id, key));"
    "CREATE TEMP TABLE IF NOT EXISTS registry_ref(file TEXT NOT NULL, line INTEGER NOT NULL,"
    "  col TEXT NOT NULL, bloc TEXT NOT NULL);";

migdip_status mg_imp_registry_bookkeeping(sqlite3 *db, mg_err *err)
{
    return mg_store_exec(db, BOOKKEEPING_SQL, err);
}

/* ------------------------------------------------------------------ sniff */

/* True if the first line of head, lowercased, without quotes, blanks or a BOM, begins with
 * prefix followed by a comma or the end of the line: read only as far as the prefix goes, as
 * four sniffers ask of every input. */
static bool sniff_layout(reg_layout layout, const unsigned char *head, size_t n)
{
    const char *prefix = SPECS[layout].sniff_prefix;
    size_t i = 0;
    if (n >= 3 && memcmp(head, "\xEF\xBB\xBF", 3) == 0)
        i = 3;
    /* the first columns identify the layout; run() then insists on the rest of the header so
     * that a renamed or missing column gets a message rather than "not recognised" */
    for (;; i++) {
        unsigned char ch = i < n ? head[i] : '\0';
        if (ch == '\n' || ch == '\r')
            ch = '\0';
        if (ch == '"' || ch == ' ' || ch == '\t')
            continue;
        if (!*prefix)
            return ch == ',' || ch == '\0';
        if (ch == '\0' || (char)(ch >= 'A' && ch <= 'Z' ? ch - 'A' + 'a' : ch) != *prefix)
            return false;
        prefix++;
    }
}

static bool sniff_blocs(const char *path, const char *name, const unsigned char *head, size_t n)
{
    (void)path, (void)name;
    return sniff_layout(REG_BLOCS, head, n);
}

static bool sniff_members(const char *path, const char *name, const unsigned char *head, size_t n)
{
    (void)path, (void)name;
    return sniff_layout(REG_MEMBERS, head, n);
}

static bool sniff_institutions(const char *path, const char *name, const unsigned char *head, size_t n)
{
    (void)path, (void)name;
    return sniff_layout(REG_INSTITUTIONS, head, n);
}

static bool sniff_episodes(const char *path, const char *name, const unsigned char *head, size_t n)
{
    (void)path, (void)name;
    return sniff_layout(REG_EPISODES, head, n);
}

/* ------------------------------------------------------------------ one run */

typedef struct reg_ctx {
    mg_importer_job *r;
    mg_csv_reader *csv;
    reg_layout layout;
    long line;
    sqlite3_stmt *ins;        /* the row into the layout's table */
    sqlite3_stmt *replace;    /* delete what other files said under the same key */
    sqlite3_stmt *key_add;    /* temp.registry_key */
    sqlite3_stmt *key_line;
    sqlite3_stmt *ref_add;    /* temp.registry_ref */
    sqlite3_stmt *bloc_has;   /* is a bloc defined (so far) */
    sqlite3_stmt *overlap;    /* members: an overlapping period of the same state in this file */
    sqlite3_stmt *first_bloc; /* members: first time this file lists a bloc */
} reg_ctx;

/* A trimmed cell: pointer into the reader's record, and its length. */
typedef struct cell {
    const char *s;
    size_t len;
} cell;

static cell get_cell(const reg_ctx *c, size_t i)
{
    cell v;
    v.s = mg_text_trim(mg_csv_field(c->csv, i, &v.len), &v.len);
    return v;
}

/* The standard `file:line: column X: expected WHAT, got "V"` with status st. */
static migdip_status bad(const reg_ctx *c, size_t i, const char *what, migdip_status st)
{
    mg_csv_bad_value(c->csv, i, SPECS[c->layout].cols[i], what, c->r->err);
    c->r->err->status = st;
    return st;
}

static bool is_key_char(char ch, bool dots)
{
    return (ch >= 'A' && ch <= 'Z') || (ch >= '0' && ch <= '9') || ch == '-' || ch == '_' ||
           (dots && (ch == '.' || (ch >= 'a' && ch <= 'z')));
}

/* A bloc name (upper-case letters, digits, '-', '_') or, with dots, an institution id (also
 * lower case and '.'), copied NUL-terminated into out[REG_MAX_KEY + 1]. */
static migdip_status get_key(const reg_ctx *c, size_t i, bool dots, char *out)
{
    cell v = get_cell(c, i);
    bool ok = v.len > 0 && v.len <= REG_MAX_KEY;
    for (size_t k = 0; ok && k < v.len; k++)
        ok = is_key_char(v.s[k], dots);
    if (!ok)
        return bad(c, i,
                   dots ? "an id of letters, digits, '.', '-' or '_' (at most 64)"
                        : "a bloc name of capital letters, digits, '-' or '_' (at most 64)",
                   MIGDIP_ERR_PARSE);
    memcpy(out, v.s, v.len);
    out[v.len] = '\0';
    return MIGDIP_OK;
}

static migdip_status get_text(const reg_ctx *c, size_t i, const char *what, cell *out)
{
    *out = get_cell(c, i);
    if (out->len == 0 || out->len > REG_MAX_TEXT)
        return bad(c, i, what, MIGDIP_ERR_PARSE);
    return MIGDIP_OK;
}

/* One of the words in list (exact, lower case); *idx its index. */
static migdip_status get_word(const reg_ctx *c, size_t i, const char *const *list, size_t stride,
                              const char *what, size_t *idx)
{
    cell v = get_cell(c, i);
    for (size_t k = 0;; k++) {
        const char *w = *(const char *const *)((const char *)list + k * stride);
        if (!w)
            break;
        if (strlen(w) == v.len && memcmp(w, v.s, v.len) == 0) {
            *idx = k;
            return MIGDIP_OK;
        }
    }
    return bad(c, i, what, MIGDIP_ERR_PARSE);
}

/* A year in [REG_YEAR_MIN, REG_YEAR_MAX]; an empty cell gives *open = true when allowed. */
static migdip_status get_year(const reg_ctx *c, size_t i, bool empty_ok, long *year, bool *open)
{
    cell v = get_cell(c, i);
    *open = v.len == 0;
    if (*open) {
        if (empty_ok)
            return MIGDIP_OK;
        return bad(c, i, "a year (e.g. 2007)", MIGDIP_ERR_PARSE);
    }
    if (!mg_text_parse_long(v.s, v.len, year))
        return bad(c, i, empty_ok ? "a year (e.g. 2007) or an empty cell" : "a year (e.g. 2007)",
                   MIGDIP_ERR_PARSE);
    if (*year < REG_YEAR_MIN || *year > REG_YEAR_MAX)
        return bad(c, i, "a year between 1800 and 2100", MIGDIP_ERR_RANGE);
    return MIGDIP_OK;
}

/* An ISO3 code (three letters, case folded to upper) into out[4]; false if not that shape. */
static bool iso3_shape(cell v, char out[4])
{
    if (v.len != 3)
        return false;
    for (size_t k = 0; k < 3; k++) {
        char ch = v.s[k];
        if (ch >= 'a' && ch <= 'z')
            ch = (char)(ch - 'a' + 'A');
        if (ch < 'A' || ch > 'Z')
            return false;
        out[k] = ch;
    }
    out[3] = '\0';
    return true;
}

/* Remember key for this file; a repeat is MIGDIP_ERR_DUPLICATE naming both lines. */
static migdip_status remember(reg_ctx *c, const char *key, const char *what)
{
    mg_importer_job *r = c->r;
    sqlite3_bind_int64(c->key_add, 1, r->vintage_id);
    sqlite3_bind_text(c->key_add, 2, key, -1, SQLITE_STATIC);
    sqlite3_bind_int64(c->key_add, 3, c->line);
    int step = sqlite3_step(c->key_add);
    sqlite3_reset(c->key_add);
    sqlite3_clear_bindings(c->key_add);
    if (step == SQLITE_DONE)
        return MIGDIP_OK;
    if (step != SQLITE_CONSTRAINT)
        return mg_store_db_error(r->db, r->err, "registry keys");
    long first = 0;
    sqlite3_bind_int64(c->key_line, 1, r->vintage_id);
    sqlite3_bind_text(c->key_line, 2, key, -1, SQLITE_STATIC);
    if (sqlite3_step(c->key_line) == SQLITE_ROW)
        first = sqlite3_column_int64(c->key_line, 0);
    sqlite3_reset(c->key_line);
    sqlite3_clear_bindings(c->key_line);
    return mg_err_set(r->err, MIGDIP_ERR_DUPLICATE, "%s:%ld: %s (first on line %ld)", r->name,
                      c->line, what, first);
}

/* Record a bloc reference for mg_imp_registry_post_check. */
static migdip_status add_ref(reg_ctx *c, const char *col, const char *bloc)
{
    sqlite3_bind_text(c->ref_add, 1, c->r->name, -1, SQLITE_STATIC);
    sqlite3_bind_int64(c->ref_add, 2, c->line);
    sqlite3_bind_text(c->ref_add, 3, col, -1, SQLITE_STATIC);
    sqlite3_bind_text(c->ref_add, 4, bloc, -1, SQLITE_STATIC);
    return mg_store_step_done(c->r->db, c->ref_add, c->r->err);
}

static bool bloc_defined(reg_ctx *c, const char *bloc)
{
    sqlite3_bind_text(c->bloc_has, 1, bloc, -1, SQLITE_STATIC);
    bool found = sqlite3_step(c->bloc_has) == SQLITE_ROW;
    sqlite3_reset(c->bloc_has);
    sqlite3_clear_bindings(c->bloc_has);
    return found;
}

/* Delete what other files stored under this key (a later file replaces an earlier one). */
static migdip_status replace_other(reg_ctx *c, const char *key)
{
    sqlite3_bind_text(c->replace, 1, key, -1, SQLITE_STATIC);
    sqlite3_bind_int64(c->replace, 2, c->r->vintage_id);
    return mg_store_step_done(c->r->db, c->replace, c->r->err);
}

static migdip_status row_bloc(reg_ctx *c)
{
    char bloc[REG_MAX_KEY + 1], key[REG_MAX_KEY + 8], what[REG_MAX_KEY + 48];
    cell title, source;
    size_t kind;
    migdip_status rc;
    if ((rc = get_key(c, 0, false, bloc)) ||
        (rc = get_text(c, 1, "a title (at most 2048 bytes)", &title)) ||
        (rc = get_word(c, 2, BLOC_KINDS, sizeof *BLOC_KINDS,
                       "regional-organisation, scheme, framework or analytic", &kind)) ||
        (rc = get_text(c, 3, "a citation a reader can follow (at most 2048 bytes)", &source)))
        return rc;
    snprintf(key, sizeof key, "bloc\t%s", bloc);
    snprintf(what, sizeof what, "bloc \"%s\" is defined twice", bloc);
    if ((rc = remember(c, key, what)) || (rc = replace_other(c, bloc)))
        return rc;
    sqlite3_stmt *st = c->ins;
    sqlite3_bind_text(st, 1, bloc, -1, SQLITE_TRANSIENT);
    sqlite3_bind_text(st, 2, title.s, (int)title.len, SQLITE_TRANSIENT);
    sqlite3_bind_text(st, 3, BLOC_KINDS[kind], -1, SQLITE_STATIC);
    sqlite3_bind_text(st, 4, source.s, (int)source.len, SQLITE_TRANSIENT);
    sqlite3_bind_int64(st, 5, c->r->vintage_id);
    if ((rc = mg_store_step_done(c->r->db, st, c->r->err)))
        return rc;
    c->r->rows++;
    return MIGDIP_OK;
}

static migdip_status row_member(reg_ctx *c)
{
    mg_importer_job *r = c->r;
    char bloc[REG_MAX_KEY + 1], iso3[4], key[REG_MAX_KEY + 48], what[REG_MAX_KEY + 96];
    long y0 = REG_OPEN_FROM, y1 = REG_OPEN_TO;
    bool open0, open1;
    size_t role = 0;
    cell source;
    migdip_status rc;
    if ((rc = get_key(c, 0, false, bloc)))
        return rc;
    cell code = get_cell(c, 1);
    if (!iso3_shape(code, iso3))
        return bad(c, 1, "an ISO3 code (three letters)", MIGDIP_ERR_PARSE);
    if ((rc = get_year(c, 2, true, &y0, &open0)) || (rc = get_year(c, 3, true, &y1, &open1)))
        return rc;
    if (open0)
        y0 = REG_OPEN_FROM;
    if (open1)
        y1 = REG_OPEN_TO;
    if (y1 < y0)
        return mg_err_set(r->err, MIGDIP_ERR_RANGE,
                          "%s:%ld: column year_to: expected a year not before year_from (%ld), got %ld",
                          r->name, c->line, y0, y1);
    if (get_cell(c, 4).len && (rc = get_word(c, 4, ROLES, sizeof *ROLES,
                                             "member, host, sender or an empty cell (member)", &role)))
        return rc;
    if ((rc = get_text(c, 5, "a citation a reader can follow (at most 2048 bytes)", &source)))
        return rc;
    if ((rc = add_ref(c, "bloc", bloc)))
        return rc;
    /* the first row of a bloc in this file: this file's list of its members replaces any other
     * file's (docs/registry.md, "Replacing") */
    snprintf(key, sizeof key, "members\t%s", bloc);
    sqlite3_bind_int64(c->first_bloc, 1, r->vintage_id);
    sqlite3_bind_text(c->first_bloc, 2, key, -1, SQLITE_STATIC);
    sqlite3_bind_int64(c->first_bloc, 3, c->line);
    if ((rc = mg_store_step_done(r->db, c->first_bloc, r->err)))
        return rc;
    if (sqlite3_changes(r->db) > 0 && (rc = replace_other(c, bloc)))
        return rc;
    if (!mg_country_by_code(r->cm, "iso3", iso3, 0))
        return mg_importer_unmapped(r, c->line, "iso3", iso3);
    snprintf(key, sizeof key, "member\t%s\t%s\t%ld", bloc, iso3, y0);
    snprintf(what, sizeof what, "%s is listed twice in bloc %s from the same year", iso3, bloc);
    if ((rc = remember(c, key, what)))
        return rc;
    sqlite3_bind_int64(c->overlap, 1, r->vintage_id);
    sqlite3_bind_text(c->overlap, 2, bloc, -1, SQLITE_STATIC);
    sqlite3_bind_text(c->overlap, 3, iso3, -1, SQLITE_STATIC);
    sqlite3_bind_int64(c->overlap, 4, y1);
    sqlite3_bind_int64(c->overlap, 5, y0);
    long other_line = -1;
    if (sqlite3_step(c->overlap) == SQLITE_ROW)
        other_line = sqlite3_column_int64(c->overlap, 0);
    sqlite3_reset(c->overlap);
    sqlite3_clear_bindings(c->overlap);
    if (other_line >= 0)
        return mg_err_set(r->err, MIGDIP_ERR_DUPLICATE,
                          "%s:%ld: %s's membership of %s overlaps the one on line %ld", r->name,
                          c->line, iso3, bloc, other_line);
    sqlite3_stmt *st = c->ins;
    sqlite3_bind_text(st, 1, bloc, -1, SQLITE_TRANSIENT);
    sqlite3_bind_text(st, 2, iso3, -1, SQLITE_TRANSIENT);
    sqlite3_bind_int64(st, 3, y0);
    sqlite3_bind_int64(st, 4, y1);
    sqlite3_bind_text(st, 5, ROLES[role], -1, SQLITE_STATIC);
    sqlite3_bind_int64(st, 6, r->vintage_id);
    if ((rc = mg_store_step_done(r->db, st, r->err)))
        return rc;
    r->rows++;
    return MIGDIP_OK;
}

/* Side a or b of an institution: a country's ISO3 code, or a bloc. A three-letter value that
 * is neither a country nor an already defined bloc is reported as unmapped (*skip); any other
 * bloc name is checked once every file is in (mg_imp_registry_post_check). */
static migdip_status get_side(reg_ctx *c, size_t i, char *out, bool *is_bloc, bool *skip)
{
    cell v = get_cell(c, i);
    char iso3[4];
    *is_bloc = false;
    if (iso3_shape(v, iso3) && mg_country_by_code(c->r->cm, "iso3", iso3, 0)) {
        memcpy(out, iso3, 4);
        return MIGDIP_OK;
    }
    bool ok = v.len > 0 && v.len <= REG_MAX_KEY;
    for (size_t k = 0; ok && k < v.len; k++)
        ok = is_key_char(v.s[k], false);
    if (!ok)
        return bad(c, i, "an ISO3 code or a bloc name", MIGDIP_ERR_PARSE);
    memcpy(out, v.s, v.len);
    out[v.len] = '\0';
    if (v.len == 3 && !bloc_defined(c, out)) {
        *skip = true;
        return mg_importer_unmapped(c->r, c->line, SPECS[c->layout].cols[i], out);
    }
    *is_bloc = true;
    return MIGDIP_OK;
}

static migdip_status row_institution(reg_ctx *c)
{
    mg_importer_job *r = c->r;
    char id[REG_MAX_KEY + 1], a[REG_MAX_KEY + 1], b[REG_MAX_KEY + 1];
    char key[REG_MAX_KEY + 8], what[REG_MAX_KEY + 48];
    cell name, source;
    size_t kind;
    long y0 = 0, y1 = 0;
    bool open0, open1, a_bloc, b_bloc, skip = false;
    double weight;
    migdip_status rc;
    if ((rc = get_key(c, 0, true, id)) ||
        (rc = get_word(c, 1, &INST_KINDS[0].kind, sizeof *INST_KINDS,
                       "agreement, mou, scheme, seasonal, free-movement or framework", &kind)) ||
        (rc = get_text(c, 2, "a name (at most 2048 bytes)", &name)) ||
        (rc = get_side(c, 3, a, &a_bloc, &skip)) || (rc = get_side(c, 4, b, &b_bloc, &skip)) ||
        (rc = get_year(c, 5, false, &y0, &open0)) || (rc = get_year(c, 6, true, &y1, &open1)))
        return rc;
    if (!open1 && y1 < y0)
        return mg_err_set(r->err, MIGDIP_ERR_RANGE,
                          "%s:%ld: column year_to: expected a year not before year_from (%ld), got %ld",
                          r->name, c->line, y0, y1);
    cell w = get_cell(c, 7);
    if (w.len == 0) {
        weight = INST_KINDS[kind].weight;
    } else if (!mg_text_parse_double(w.s, w.len, false, &weight)) {
        return bad(c, 7, "a weight between 0 and 1, or an empty cell (the kind's default)",
                   MIGDIP_ERR_PARSE);
    } else if (!(weight >= 0 && weight <= 1)) {
        return bad(c, 7, "a weight between 0 and 1", MIGDIP_ERR_RANGE);
    }
    if ((rc = get_text(c, 8, "a citation a reader can follow (at most 2048 bytes)", &source)))
        return rc;
    if (!a_bloc && !b_bloc && !skip && strcmp(a, b) == 0)
        return mg_err_set(r->err, MIGDIP_ERR_RANGE,
                          "%s:%ld: columns a and b: expected two different states (a = b is "
                          "allowed only for a bloc), got \"%s\" twice", r->name, c->line, a);
    snprintf(key, sizeof key, "id\t%s", id);
    snprintf(what, sizeof what, "institution id \"%s\" is used twice", id);
    if ((rc = remember(c, key, what)))
        return rc;
    if (skip)
        return MIGDIP_OK;
    if ((a_bloc && (rc = add_ref(c, "a", a))) || (b_bloc && (rc = add_ref(c, "b", b))) ||
        (rc = replace_other(c, id)))
        return rc;
    sqlite3_stmt *st = c->ins;
    sqlite3_bind_int64(st, 1, r->vintage_id);
    sqlite3_bind_text(st, 2, id, -1, SQLITE_TRANSIENT);
    sqlite3_bind_text(st, 3, INST_KINDS[kind].kind, -1, SQLITE_STATIC);
    sqlite3_bind_text(st, 4, name.s, (int)name.len, SQLITE_TRANSIENT);
    sqlite3_bind_text(st, 5, a, -1, SQLITE_TRANSIENT);
    sqlite3_bind_text(st, 6, b, -1, SQLITE_TRANSIENT);
    sqlite3_bind_int64(st, 7, y0);
    if (open1)
        sqlite3_bind_null(st, 8);
    else
        sqlite3_bind_int64(st, 8, y1);
    sqlite3_bind_double(st, 9, weight);
    sqlite3_bind_text(st, 10, source.s, (int)source.len, SQLITE_TRANSIENT);
    if ((rc = mg_store_step_done(r->db, st, r->err)))
        return rc;
    r->rows++;
    return MIGDIP_OK;
}

/* Expected logics: one or more of EPISODE_LOGICS separated by '|', copied into out[32]. */
static migdip_status get_logics(const reg_ctx *c, size_t i, char *out)
{
    cell v = get_cell(c, i);
    bool ok = v.len > 0 && v.len < 32;
    for (size_t a = 0; ok && a < v.len;) {
        size_t b = a;
        while (b < v.len && v.s[b] != '|')
            b++;
        bool known = false;
        for (size_t k = 0; EPISODE_LOGICS[k] && !known; k++)
            known = strlen(EPISODE_LOGICS[k]) == b - a && memcmp(EPISODE_LOGICS[k], v.s + a, b - a) == 0;
        ok = known;
        a = b + 1;
        if (b < v.len && a == v.len)
            ok = false; /* a trailing '|' */
    }
    if (!ok)
        return bad(c, i, "I, II, III, IV, mutual or out-of-scope, several joined by '|'", MIGDIP_ERR_PARSE);
    memcpy(out, v.s, v.len);
    out[v.len] = '\0';
    return MIGDIP_OK;
}

static migdip_status row_episode(reg_ctx *c)
{
    mg_importer_job *r = c->r;
    char id[REG_MAX_KEY + 1], a[REG_MAX_KEY + 1], b[REG_MAX_KEY + 1], ea[32], eb[32];
    char key[REG_MAX_KEY + 8], what[REG_MAX_KEY + 48];
    cell event, outcome, source, url;
    size_t kind, verified;
    long year = 0;
    bool open, a_bloc, b_bloc, skip = false;
    migdip_status rc;
    if ((rc = get_key(c, 0, true, id)) || (rc = get_year(c, 1, false, &year, &open)) ||
        (rc = get_side(c, 2, a, &a_bloc, &skip)) || (rc = get_side(c, 3, b, &b_bloc, &skip)) ||
        (rc = get_logics(c, 4, ea)) || (rc = get_logics(c, 5, eb)) ||
        (rc = get_word(c, 6, EPISODE_KINDS, sizeof *EPISODE_KINDS,
                       "ban, moratorium, visa-freeze, recruitment-suspension, deportation, expulsion, "
                       "agreement, cooperation, refugee, free-movement, territory, war or irregular",
                       &kind)) ||
        (rc = get_text(c, 7, "what happened (at most 2048 bytes)", &event)) ||
        (rc = get_text(c, 8, "how it ended (at most 2048 bytes)", &outcome)) ||
        (rc = get_text(c, 9, "a citation a reader can follow (at most 2048 bytes)", &source)) ||
        (rc = get_text(c, 10, "a URL or DOI of the source (at most 2048 bytes)", &url)) ||
        (rc = get_word(c, 11, YES_NO, sizeof *YES_NO, "yes or no", &verified)))
        return rc;
    if (!a_bloc && !b_bloc && !skip && strcmp(a, b) == 0)
        return mg_err_set(r->err, MIGDIP_ERR_RANGE,
                          "%s:%ld: columns a and b: expected two different sides, got \"%s\" twice", r->name,
                          c->line, a);
    snprintf(key, sizeof key, "id\t%s", id);
    snprintf(what, sizeof what, "episode id \"%s\" is used twice", id);
    if ((rc = remember(c, key, what)))
        return rc;
    if (skip)
        return MIGDIP_OK;
    if ((a_bloc && (rc = add_ref(c, "a", a))) || (b_bloc && (rc = add_ref(c, "b", b))) ||
        (rc = replace_other(c, id)))
        return rc;
    sqlite3_stmt *st = c->ins;
    sqlite3_bind_int64(st, 1, r->vintage_id);
    sqlite3_bind_text(st, 2, id, -1, SQLITE_TRANSIENT);
    sqlite3_bind_int64(st, 3, year);
    sqlite3_bind_text(st, 4, a, -1, SQLITE_TRANSIENT);
    sqlite3_bind_text(st, 5, b, -1, SQLITE_TRANSIENT);
    sqlite3_bind_text(st, 6, ea, -1, SQLITE_TRANSIENT);
    sqlite3_bind_text(st, 7, eb, -1, SQLITE_TRANSIENT);
    sqlite3_bind_text(st, 8, EPISODE_KINDS[kind], -1, SQLITE_STATIC);
    sqlite3_bind_text(st, 9, event.s, (int)event.len, SQLITE_TRANSIENT);
    sqlite3_bind_text(st, 10, outcome.s, (int)outcome.len, SQLITE_TRANSIENT);
    sqlite3_bind_text(st, 11, source.s, (int)source.len, SQLITE_TRANSIENT);
    sqlite3_bind_text(st, 12, url.s, (int)url.len, SQLITE_TRANSIENT);
    sqlite3_bind_int(st, 13, (int)verified);
    if ((rc = mg_store_step_done(r->db, st, r->err)))
        return rc;
    r->rows++;
    return MIGDIP_OK;
}

/* The header must be the layout's, column for column. */
static migdip_status check_header(reg_ctx *c)
{
    const reg_spec *sp = &SPECS[c->layout];
    size_t n = mg_csv_nfields(c->csv);
    for (size_t i = 0; i < sp->ncols; i++) {
        if (i >= n)
            return mg_err_set(c->r->err, MIGDIP_ERR_SCHEMA,
                              "%s:%ld: missing column %s (expected the header %s)", c->r->name,
                              c->line, sp->cols[i], sp->header);
        cell v = get_cell(c, i);
        if (strlen(sp->cols[i]) != v.len || strncasecmp(v.s, sp->cols[i], v.len) != 0) {
            char q[64];
            return mg_err_set(c->r->err, MIGDIP_ERR_SCHEMA,
                              "%s:%ld: column %zu: expected %s, got %s (expected the header %s)",
                              c->r->name, c->line, i + 1, sp->cols[i],
                              mg_err_quote(q, sizeof q, v.s, v.len), sp->header);
        }
    }
    if (n > sp->ncols) {
        char q[64];
        cell v = get_cell(c, sp->ncols);
        return mg_err_set(c->r->err, MIGDIP_ERR_SCHEMA,
                          "%s:%ld: unexpected column %zu %s (expected the header %s)", c->r->name,
                          c->line, sp->ncols + 1, mg_err_quote(q, sizeof q, v.s, v.len), sp->header);
    }
    return MIGDIP_OK;
}

static migdip_status prepare_all(reg_ctx *c)
{
    sqlite3 *db = c->r->db;
    mg_err *err = c->r->err;
    static const char *const INS[] = {
        [REG_BLOCS] = "INSERT INTO bloc(name,title,kind,source,vintage_id) VALUES(?,?,?,?,?)",
        [REG_MEMBERS] = "INSERT INTO bloc_member(bloc,iso3,year_from,year_to,role,vintage_id)"
                        " VALUES(?,?,?,?,?,?)",
        [REG_INSTITUTIONS] = "INSERT INTO institution(vintage_id,id,kind,name,a,b,year_from,"
                             "year_to,weight,source) VALUES(?,?,?,?,?,?,?,?,?,?)",
        [REG_EPISODES] = "INSERT INTO episode(vintage_id,id,year,a,b,expect_a,expect_b,kind,event,outcome,"
                         "source,url,verified) VALUES(?,?,?,?,?,?,?,?,?,?,?,?,?)",
    };
    static const char *const REPLACE[] = {
        [REG_BLOCS] = "DELETE FROM bloc WHERE name=?1 AND coalesce(vintage_id,-1)<>?2",
        [REG_MEMBERS] = "DELETE FROM bloc_member WHERE bloc=?1 AND coalesce(vintage_id,-1)<>?2",
        [REG_INSTITUTIONS] = "DELETE FROM institution WHERE id=?1 AND vintage_id<>?2",
        [REG_EPISODES] = "DELETE FROM episode WHERE id=?1 AND vintage_id<>?2",
    };
    migdip_status rc;
    if ((rc = mg_store_prepare(db, INS[c->layout], &c->ins, err)) ||
        (rc = mg_store_prepare(db, REPLACE[c->layout], &c->replace, err)) ||
        (rc = mg_store_prepare(db, "INSERT INTO temp.registry_key(vintage_id,key,line) VALUES(?,?,?)",
                            &c->key_add, err)) ||
        (rc = mg_store_prepare(db, "SELECT line FROM temp.registry_key WHERE vintage_id=? AND key=?",
                            &c->key_line, err)) ||
        (rc = mg_store_prepare(db, "INSERT INTO temp.registry_ref(file,line,col,bloc) VALUES(?,?,?,?)",
                            &c->ref_add, err)) ||
        (rc = mg_store_prepare(db, "SELECT 1 FROM main.bloc WHERE name=?", &c->bloc_has, err)) ||
        (rc = mg_store_prepare(db,
                            "SELECT k.line FROM main.bloc_member m JOIN temp.registry_key k"
                            " ON k.vintage_id=m.vintage_id"
                            " AND k.key='member'||char(9)||m.bloc||char(9)||m.iso3||char(9)||m.year_from"
                            " WHERE m.vintage_id=?1 AND m.bloc=?2 AND m.iso3=?3"
                            " AND m.year_from<=?4 AND m.year_to>=?5 LIMIT 1",
                            &c->overlap, err)) ||
        (rc = mg_store_prepare(db,
                            "INSERT OR IGNORE INTO temp.registry_key(vintage_id,key,line) VALUES(?,?,?)",
                            &c->first_bloc, err)))
        return rc;
    return MIGDIP_OK;
}

/* Rows of earlier imports of this same file (same relative path) go: a new edition of a
 * registry file replaces the old one, including the rows it no longer has. */
static migdip_status drop_earlier_editions(reg_ctx *c)
{
    char sql[256];
    snprintf(sql, sizeof sql,
             "DELETE FROM %s WHERE vintage_id IN (SELECT id FROM vintage WHERE file=?1"
             " AND dataset='registry' AND importer=?2 AND id<>?3)",
             SPECS[c->layout].table);
    sqlite3_stmt *st = NULL;
    migdip_status rc = mg_store_prepare(c->r->db, sql, &st, c->r->err);
    if (rc)
        return rc;
    sqlite3_bind_text(st, 1, c->r->name, -1, SQLITE_STATIC);
    sqlite3_bind_text(st, 2, IMPORTER_IDS[c->layout], -1, SQLITE_STATIC);
    sqlite3_bind_int64(st, 3, c->r->vintage_id);
    rc = mg_store_step_done(c->r->db, st, c->r->err);
    sqlite3_finalize(st);
    return rc;
}

/* The vintage's edition is the file's sha256 prefix and released is the day of import (the
 * registry has no publisher's date); written here because run cannot hand mg_store_vintage_update
 * strings that outlive it. */
static migdip_status set_edition(mg_importer_job *r)
{
    sqlite3_stmt *st = NULL;
    migdip_status rc = mg_store_prepare(r->db,
        "UPDATE vintage SET edition='sha256:'||substr(sha256,1,12), released=date('now') WHERE id=?",
        &st, r->err);
    if (rc)
        return rc;
    sqlite3_bind_int64(st, 1, r->vintage_id);
    rc = mg_store_step_done(r->db, st, r->err);
    sqlite3_finalize(st);
    return rc;
}

static migdip_status reg_run(mg_importer_job *r, reg_layout layout)
{
    reg_ctx c = {.r = r, .layout = layout};
    migdip_status rc = MIGDIP_OK;
    uint64_t bytes = 0;
    if ((rc = mg_importer_size(r, &bytes)))
        goto cleanup;
    if (bytes > (uint64_t)REG_MAX_BYTES) {
        rc = mg_err_set(r->err, MIGDIP_ERR_LIMIT,
                        "%s: %llu bytes is more than a registry file may hold (%ld)", r->name,
                        (unsigned long long)bytes, REG_MAX_BYTES);
        goto cleanup;
    }
    r->meta.dataset = "registry";
    r->meta.source = SPECS[layout].source;
    r->meta.citation = "migdip project, curated registry of blocs and migration institutions "
                       "(docs/registry.md); every row cites its own source";
    if ((rc = mg_importer_open_csv(r, &c.csv)) || (rc = mg_csv_next(c.csv, r->err)))
        goto cleanup;
    if (mg_csv_nfields(c.csv) == 0) {
        rc = mg_err_set(r->err, MIGDIP_ERR_SCHEMA, "%s: empty file, expected the header %s",
                        r->name, SPECS[layout].header);
        goto cleanup;
    }
    c.line = mg_csv_line(c.csv);
    if ((rc = check_header(&c)) || (rc = mg_imp_registry_bookkeeping(r->db, r->err)) ||
        (rc = prepare_all(&c)) || (rc = drop_earlier_editions(&c)) || (rc = set_edition(r)))
        goto cleanup;
    static migdip_status (*const ROW[])(reg_ctx *) = {
        [REG_BLOCS] = row_bloc, [REG_MEMBERS] = row_member, [REG_INSTITUTIONS] = row_institution,
        [REG_EPISODES] = row_episode};
    for (long n = 0;; n++) {
        if ((rc = mg_csv_next(c.csv, r->err)))
            goto cleanup;
        size_t nf = mg_csv_nfields(c.csv);
        if (nf == 0)
            break;
        c.line = mg_csv_line(c.csv);
        if (n >= REG_MAX_ROWS) {
            rc = mg_err_set(r->err, MIGDIP_ERR_LIMIT, "%s:%ld: more than %ld rows; a registry file is capped there",
                            r->name, c.line, REG_MAX_ROWS);
            goto cleanup;
        }
        if (nf != SPECS[layout].ncols) {
            rc = mg_err_set(r->err, MIGDIP_ERR_PARSE, "%s:%ld: expected %zu fields (%s), got %zu",
                            r->name, c.line, SPECS[layout].ncols, SPECS[layout].header, nf);
            goto cleanup;
        }
        if ((rc = ROW[layout](&c)))
            goto cleanup;
    }

cleanup:
    sqlite3_finalize(c.ins);
    sqlite3_finalize(c.replace);
    sqlite3_finalize(c.key_add);
    sqlite3_finalize(c.key_line);
    sqlite3_finalize(c.ref_add);
    sqlite3_finalize(c.bloc_has);
    sqlite3_finalize(c.overlap);
    sqlite3_finalize(c.first_bloc);
    mg_csv_close(c.csv);
    return rc;
}

static migdip_status run_blocs(mg_importer_job *r) { return reg_run(r, REG_BLOCS); }
static migdip_status run_members(mg_importer_job *r) { return reg_run(r, REG_MEMBERS); }
static migdip_status run_institutions(mg_importer_job *r) { return reg_run(r, REG_INSTITUTIONS); }
static migdip_status run_episodes(mg_importer_job *r) { return reg_run(r, REG_EPISODES); }

/* Crosswalk stage: blocs are known before the data files, and the country map they are
 * checked against is reloaded after every crosswalk file that sorts before them. */
const mg_importer mg_imp_registry_blocs = {ID_BLOCS, MG_IMPORTER_STAGE_CODES, sniff_blocs, run_blocs};
const mg_importer mg_imp_registry_members = {ID_MEMBERS, MG_IMPORTER_STAGE_CODES, sniff_members, run_members};
const mg_importer mg_imp_registry_institutions = {ID_INSTITUTIONS, MG_IMPORTER_STAGE_CODES, sniff_institutions,
                                            run_institutions};
const mg_importer mg_imp_registry_episodes = {ID_EPISODES, MG_IMPORTER_STAGE_CODES, sniff_episodes, run_episodes};

/* ------------------------------------------------------------------ after the import */

migdip_status mg_imp_registry_post_check(sqlite3 *db, mg_err *err)
{
    sqlite3_stmt *st = NULL;
    migdip_status rc = mg_store_prepare(db,
        "SELECT count(*) FROM sqlite_temp_master WHERE type='table' AND name='registry_ref'", &st, err);
    if (rc)
        return rc;
    bool have_refs = sqlite3_step(st) == SQLITE_ROW && sqlite3_column_int(st, 0) > 0;
    sqlite3_finalize(st);
    st = NULL;
    if (have_refs) {
        if ((rc = mg_store_prepare(db,
                 "SELECT file, line, col, bloc FROM temp.registry_ref"
                 " WHERE bloc NOT IN (SELECT name FROM main.bloc) ORDER BY file, line LIMIT 1",
                 &st, err)))
            return rc;
        if (sqlite3_step(st) == SQLITE_ROW) {
            char q[64];
            const char *bloc = (const char *)sqlite3_column_text(st, 3);
            rc = mg_err_set(err, MIGDIP_ERR_PARSE,
                            "%s:%lld: column %s: expected a bloc defined in a blocs file "
                            "(bloc,title,kind,source), got %s",
                            (const char *)sqlite3_column_text(st, 0),
                            (long long)sqlite3_column_int64(st, 1),
                            (const char *)sqlite3_column_text(st, 2),
                            mg_err_quote(q, sizeof q, bloc, strlen(bloc)));
        }
        sqlite3_finalize(st);
        st = NULL;
        if (rc)
            return rc;
    }
    /* a new edition of a blocs file may drop a bloc that another file still lists members of */
    if ((rc = mg_store_prepare(db,
             "SELECT m.bloc, coalesce(v.file,'?') FROM bloc_member m LEFT JOIN vintage v"
             " ON v.id=m.vintage_id WHERE m.bloc NOT IN (SELECT name FROM bloc) LIMIT 1",
             &st, err)))
        return rc;
    if (sqlite3_step(st) == SQLITE_ROW)
        rc = mg_err_set(err, MIGDIP_ERR_PARSE,
                        "%s: bloc \"%s\" has members but no blocs file defines it any more",
                        (const char *)sqlite3_column_text(st, 1),
                        (const char *)sqlite3_column_text(st, 0));
    sqlite3_finalize(st);
    if (rc)
        return rc;
    return mg_store_exec(db, "DROP TABLE IF EXISTS temp.registry_ref; DROP TABLE IF EXISTS temp.registry_key;",
                      err);
}
