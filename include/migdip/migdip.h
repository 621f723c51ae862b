/* migdip.h - public API of the migration-interdependence library.
 *
 * Everything a program (the migdip command, a server, a binding) may use is declared here:
 * an opaque context around one SQLite store, the importer, the read-side queries (sources,
 * country profiles, citations), the model (actors, dyads, screens), validation and
 * sensitivity, exports, the diversification planner, coalitions and the disruption
 * simulator with its scenario files. The library never prints and never exits.
 *
 * One way to return results and to free them:
 * - every call that can fail returns a migdip_status (MIGDIP_OK = 0) and hands its results
 *   through out-parameters; on failure a call that takes the context leaves a message on it
 *   (migdip_ctx_errmsg), the parse functions write theirs to a caller's buffer or none;
 * - a result the library allocates is freed with its migdip_<noun>_free (NULL is fine),
 *   e.g. migdip_screen_run -> migdip_screen_free;
 * - a caller-owned struct that the library filled with owned members is released with its
 *   migdip_<noun>_cleanup (migdip_sim_opts_cleanup); caller-owned structs without owned
 *   members (migdip_actor, migdip_dyad, migdip_coalition, ...) need nothing;
 * - a plain string the library allocates is freed with migdip_free.
 * Public names read migdip_<noun>_<verb>; closed sets cross the API as enums, each with one
 * parse function (migdip_<noun>_parse) from its documented names. */
#ifndef MIGDIP_H
#define MIGDIP_H

#include <stdbool.h>
#include <stddef.h>
#include <stdint.h>
#include <stdio.h>

#ifdef __cplusplus
extern "C" {
#endif

#define MIGDIP_VERSION "0.1.0"

/* One status enum for the whole library (like readstat_error_t or CURLcode). */
typedef enum migdip_status {
    MIGDIP_OK = 0,
    MIGDIP_ERR_NOMEM,    /* allocation failed */
    MIGDIP_ERR_IO,       /* a file could not be opened, read or written */
    MIGDIP_ERR_PARSE,    /* malformed input: bad CSV/XML/zip, text in a number cell, ... */
    MIGDIP_ERR_SCHEMA,   /* a file lacks an expected column/sheet, or is of the wrong kind */
    MIGDIP_ERR_RANGE,    /* a value outside its domain: negative stock, year 3000, ... */
    MIGDIP_ERR_DB,       /* SQLite reported an error */
    MIGDIP_ERR_NOTFOUND, /* the country, year or series asked for is not in the store */
    MIGDIP_ERR_USAGE,    /* the caller passed invalid arguments */
    MIGDIP_ERR_DUPLICATE, /* a key occurs twice in one input file */
    MIGDIP_ERR_LIMIT     /* an input beyond a cap (bytes, fields, rows, strings): a data error */
} migdip_status;

/* Static text for a status ("parse error", ...). Never NULL. */
const char *migdip_status_str(migdip_status st);

/* How a stored or computed value came about. Missing is never zero. */
typedef enum migdip_flag {
    MIGDIP_FLAG_MISSING = 0,      /* no value; the number beside it is meaningless */
    MIGDIP_FLAG_OBSERVED = 1,     /* as published */
    MIGDIP_FLAG_DERIVED = 2,      /* computed from published values (e.g. GDP PPP = pc x pop) */
    MIGDIP_FLAG_INTERPOLATED = 3, /* linear between two observed years */
    MIGDIP_FLAG_CARRIED = 4,      /* last observed value carried forward */
    MIGDIP_FLAG_ASSUMED_ZERO = 5, /* KNOMAD corridor the publisher set to 0 by assumption */
    MIGDIP_FLAG_SUSPECT = 6       /* published, but known to be wrong: kept and shown, never used */
} migdip_flag;

/* "observed", "derived", ... Never NULL. */
const char *migdip_flag_str(migdip_flag f);

/* A number with its provenance flag and the year it really refers to (which can differ from
 * the year asked for when carried forward). */
typedef struct migdip_value {
    double value;
    migdip_flag flag;
    int year;
} migdip_value;

typedef struct migdip_ctx migdip_ctx;

/* Open (creating if needed) the store at db_path and bring its schema to the current
 * version. On failure *out is still set when possible so that migdip_ctx_errmsg can explain;
 * free it with migdip_ctx_close in every case. */
migdip_status migdip_ctx_open(const char *db_path, migdip_ctx **out);
void migdip_ctx_close(migdip_ctx *ctx);

/* The last error's message, e.g. `wdi.csv:412: column Value: expected a number, got "n/a"`.
 * Borrowed: valid until the next call on ctx. */
const char *migdip_ctx_errmsg(const migdip_ctx *ctx);

/* Free a string the library handed out (migdip_dyad_explain). NULL is fine. */
void migdip_free(void *p);

/* s as well-formed UTF-8: every byte that does not belong to a valid sequence (a name in
 * Latin-1, a file name in another encoding) replaced by U+FFFD; *n_bad (may be NULL) counts
 * them. Owned: free with migdip_free; NULL if out of memory. JSON output goes through it. */
char *migdip_utf8_repair(const char *s, size_t *n_bad);

/* Numbers as text, byte for byte as printf would write them but several times faster:
 * MIGDIP_NUMBER_SHORTEST, the fewest significant digits N for which "%.Ng" reads back as v (an
 * integer below 1e15 as one, -0 as 0, NaN as ""); MIGDIP_NUMBER_JSON, cJSON's numbers ("null"
 * for NaN and infinities, "%1.15g" if it reads back within DBL_EPSILON, else "%1.17g").
 * Writes at most cap bytes (32 always suffice); returns buf. */
typedef enum migdip_number_style { MIGDIP_NUMBER_SHORTEST, MIGDIP_NUMBER_JSON } migdip_number_style;
const char *migdip_number_format(char *buf, size_t cap, double v, migdip_number_style style);

/* ---------------------------------------------------------------- import */

typedef struct migdip_unmapped {
    char *file;   /* path relative to the data directory */
    long line;    /* line (CSV) or row (xlsx) */
    char *cell;   /* xlsx cell reference ("B17") or column name; may be NULL */
    char *name;   /* the name or code that could not be mapped */
} migdip_unmapped;

typedef struct migdip_import_file {
    char *file;      /* relative path */
    char *importer;  /* which importer recognised it, e.g. "wdi-tidy" */
    long rows;       /* values stored */
    int skipped;     /* 1: same sha256 already in the store, nothing changed */
} migdip_import_file;

typedef struct migdip_import_report {
    migdip_import_file *files;
    size_t n_files;
    size_t n_ignored;     /* files in the directory no importer recognised */
    char **ignored;       /* their relative paths */
    migdip_unmapped *unmapped;
    size_t n_unmapped;
    long rows;            /* total values stored */
    size_t n_not_read;    /* entries of the directory that are not files: dangling links, */
    char **not_read;      /* FIFOs, devices, link loops, as "relative/path: why" */
} migdip_import_report;

/* Progress callback: called before each file (i of n). */
typedef void (*migdip_progress_fn)(void *ud, const char *file, size_t i, size_t n);

typedef struct migdip_import_opts {
    const char *data_dir;          /* directory walked recursively (required unless files) */
    const char *const *files;      /* or an explicit list of files (paths as given) */
    size_t n_files;
    migdip_progress_fn progress;   /* may be NULL */
    void *progress_ud;
    bool no_registry;              /* with data_dir: skip the built-in registry (data/registry) */
    int wait_seconds;              /* how long to wait for another import to finish (0: 600) */
} migdip_import_opts;

/* Import every recognised file (with data_dir, also the repository's built-in registry of
 * blocs and institutions, named "registry/..."). The whole call is one transaction: on any error the store
 * is exactly as before and the message names file, line and what was expected. *out (owned,
 * free with migdip_import_report_free) is set on success. */
migdip_status migdip_import_run(migdip_ctx *ctx, const migdip_import_opts *opts,
                                migdip_import_report **out);
void migdip_import_report_free(migdip_import_report *r);

/* ---------------------------------------------------------------- sources */

typedef struct migdip_vintage {
    int64_t id;
    char *source;     /* publisher and data set, e.g. "World Bank WDI" */
    char *dataset;    /* machine key: "undesa-ims", "wdi", "knomad-remit", ... */
    char *edition;    /* e.g. "2020", "2026-07-01" */
    char *file;       /* relative path at import */
    char *sha256;
    long rows;
    char *imported_at; /* ISO 8601 UTC */
    char *importer;
} migdip_vintage;

typedef struct migdip_coverage {
    char *series;     /* "stock", "remit", or an indicator code like NY.GDP.MKTP.CD */
    char *dataset;
    long countries;
    int year_min, year_max;
    long years;
    long values;      /* non-missing values */
    long missing;     /* explicit missing cells */
} migdip_coverage;

typedef struct migdip_sources {
    migdip_vintage *vintages;
    size_t n_vintages;
    migdip_coverage *coverage;
    size_t n_coverage;
} migdip_sources;

migdip_status migdip_sources_get(migdip_ctx *ctx, migdip_sources **out);
void migdip_sources_free(migdip_sources *s);

/* ---------------------------------------------------------------- country profile */

typedef struct migdip_partner {
    char iso3[4];
    char *name;
    double stock;   /* persons */
    double share;   /* of the state's total, in [0,1] */
} migdip_partner;

typedef struct migdip_agreement {
    char partner[4];
    char *partner_name;
    int year;       /* 0 = year unknown in the source */
    char *source;   /* "Chilton & Woda" or the registry's citation */
} migdip_agreement;

typedef struct migdip_profile {
    char iso3[4];
    char *name;
    int year;                      /* the year asked for (or defaulted) */
    int stock_year;                /* the migrant-stock year used */
    migdip_value population;
    migdip_value labour_force;
    migdip_value gdp_usd;
    migdip_value gdp_pc_usd;
    migdip_value gdp_pc_ppp;
    migdip_value remittances_usd;
    migdip_value remittances_pct_gdp;
    migdip_value cinc;
    double emigrants_total;        /* NaN when no stock data */
    double immigrants_total;
    double hhi_destinations;       /* Herfindahl over destination shares, [0,1] */
    double eff_destinations;       /* 1 / HHI */
    double hhi_origins;
    double eff_origins;
    migdip_partner *destinations;  /* all, largest first */
    size_t n_destinations;
    migdip_partner *origins;
    size_t n_origins;
    migdip_agreement *agreements;  /* by year, then partner */
    size_t n_agreements;
} migdip_profile;

/* Build the profile of iso3 (an ISO3 code or a name the store knows) for year (0 = the
 * latest year with migrant-stock data). MIGDIP_ERR_NOTFOUND if the country is unknown. */
migdip_status migdip_profile_get(migdip_ctx *ctx, const char *country, int year,
                                 migdip_profile **out);
/* The same on the bilateral stocks of one UN DESA edition ("2020", "2024"; NULL: the preferred
 * one, as migdip_model_opts.stock_edition). MIGDIP_ERR_NOTFOUND if the store has no bilateral
 * stocks of that edition. */
migdip_status migdip_profile_get_edition(migdip_ctx *ctx, const char *country, int year, const char *stock_edition,
                                         migdip_profile **out);
void migdip_profile_free(migdip_profile *p);

/* Resolve a code or name to ISO3 (writes 4 bytes). MIGDIP_ERR_NOTFOUND if unknown. */
migdip_status migdip_country_resolve(migdip_ctx *ctx, const char *code_or_name, char iso3[4]);

/* ---------------------------------------------------------------- engine results */

/* Factors of the decomposition, in the order of docs/model.md §2. */
typedef enum migdip_factor {
    MIGDIP_F_REMIT = 0,     /* sender: remittance dependency on the partner */
    MIGDIP_F_VALVE,         /* sender: emigrants in the partner / own labour force */
    MIGDIP_F_CONC,          /* sender: concentration of emigrants in the partner (1 - diversification) */
    MIGDIP_F_LABOUR,        /* host: partner's migrants / own labour force */
    MIGDIP_F_POOL,          /* host: partner's share of the own migrant pool */
    MIGDIP_F_SUBST,         /* host: reduction for substitutable workers (negative) */
    MIGDIP_F_CONTROL,       /* host: reduction for workers the partner cannot withhold (negative) */
    MIGDIP_F_INST,          /* moderation by institutions (either sign) */
    MIGDIP_F_COUNT
} migdip_factor;


typedef struct migdip_side {
    double exposure;            /* after institutional moderation, [0,1] */
    double exposure_raw;        /* before moderation */
    double exposure_send;       /* as a sending state */
    double exposure_host;       /* as a host */
    double contrib[MIGDIP_F_COUNT]; /* contributions that sum to exposure (§3.2) */
    /* indicators (NAN when unknown); persons are labour migrants (docs/model.md §1.1):
     * foreign-born persons less those in need of protection, legacy corridors discounted,
     * sending-country records where they count more */
    double remit_pct_gdp;       /* remittances received, % of GDP */
    double remit_share;         /* share of own remittances from the partner */
    double rd;                  /* remittance dependency on the partner, share of GDP */
    double emig_in_partner;     /* own emigrants (labour) living in the partner */
    double emig_share;          /* share of own emigrants living in the partner */
    double eff_destinations;    /* 1 / HHI of own emigrants' destinations */
    double valve;               /* emigrants in the partner / own labour force */
    double partner_migrants;    /* partner's (labour) emigrants living here */
    double lf_share;            /* partner's migrants / own labour force */
    double pool_share;          /* partner's share of own immigrants */
    double pool_weight;         /* own immigrants / own labour force, saturated: how much the
                                   pool share counts (§2.2) */
    double eff_origins;         /* 1 / HHI of own immigrants' origins */
    double substitutability;    /* S in [0,1] of the partner's workers for this host */
    double alt_supply;          /* fitted alternative supply, persons */
    double control;             /* share of the partner's workers here that the partner can
                                   withhold (§2.5), NAN when none */
    /* where the persons come from (both corridors seen from this side) */
    double partner_born;        /* foreign-born persons from the partner here (UN DESA) */
    double partner_protection;  /* of them, in need of international protection (UNHCR) */
    double partner_legacy;      /* persons discounted as a legacy population (§1.1) */
    bool partner_legacy_refugees; /* of them, a former refugee corridor that has not grown */
    double partner_recorded;    /* workers the partner's own records add here, 0 none */
    double emig_born;           /* own foreign-born emigrants in the partner (UN DESA) */
    double emig_recorded;       /* own workers the own records add in the partner, 0 none */
    double power;               /* power score (log scale) */
    bool power_known;
    double gdppc_ppp;           /* GDP per head, PPP (current international $), as used */
    double gdp_ppp;             /* GDP, PPP (current international $), as used */
    char power_source[48];      /* sources of the power figures, e.g. "WDI", "IMF WEO (bridged)" */
    int power_members_missing;  /* bloc: members without power data (left out) */
    bool remit_fallback;        /* remittance share from the stock-based fallback */
    int remit_matrix_year;      /* year of the KNOMAD matrix behind remit_share, 0 none */
    bool remit_carried;         /* that matrix is more than 5 years from the dyad's year */
    bool lf_derived;            /* own labour force from PWT employment, bridged (§2.2) */
    bool data_gap;              /* a needed indicator is missing */
    char gap_note[160];         /* which one */
} migdip_side;

typedef enum migdip_quadrant {
    MIGDIP_Q_NONE = 0,
    MIGDIP_Q_I,          /* cooperation */
    MIGDIP_Q_II,         /* coercion */
    MIGDIP_Q_III,        /* constrained accommodation */
    MIGDIP_Q_IV,         /* coercive assertion */
    MIGDIP_Q_MUTUAL,     /* mutual exposure: both cooperate */
    MIGDIP_Q_OUT         /* out of scope */
} migdip_quadrant;

/* Why a dyad is out of the framework's scope (docs/model.md §4.1), or MIGDIP_SCOPE_IN. */
typedef enum migdip_scope {
    MIGDIP_SCOPE_IN = 0,
    MIGDIP_SCOPE_TERRITORY,     /* a side is a non-sovereign territory */
    MIGDIP_SCOPE_FREE_MOVEMENT, /* enforceable free movement between the two */
    MIGDIP_SCOPE_FORCED,        /* the corridors are mostly forced migration (UNHCR) */
    MIGDIP_SCOPE_VOLUME,        /* too few labour migrants in both corridors */
    MIGDIP_SCOPE_EXPOSURE       /* neither side substantially exposed */
} migdip_scope;

/* "in-scope", "territory", "free-movement", "forced-migration", "volume", "exposure". */
const char *migdip_scope_code(migdip_scope s);


typedef struct migdip_dyad {
    int year;
    migdip_side side[2];            /* a, b */
    double volume;              /* labour migrants in both corridors (§1.1) */
    double volume_born;         /* foreign-born persons in both corridors (UN DESA) */
    double forced_share;        /* share of volume_born in need of protection, NAN unknown:
                                   registered, or the whole corridor in a country of first
                                   asylum (first_asylum) */
    double registered;          /* persons in the two corridors registered as in need of
                                   protection (UNHCR refugees, asylum seekers, others; UNRWA) */
    int first_asylum;           /* the side (0 a, 1 b) that is the other's country of first
                                   asylum in a refugee context (§1.1), -1 none */
    double inst;                /* institutionalisation index in [0,1] */
    double power_diff;          /* power(a) - power(b), NAN if unknown */
    double size_diff;           /* ln GDP PPP(a) - ln GDP PPP(b), NAN if unknown (§3.4) */
    int stronger;               /* 0 (a), 1 (b), -1 parity or unknown */
    bool power_contested;       /* the measure and economic size disagree on who is stronger */
    migdip_quadrant quadrant[2];    /* MIGDIP_Q_NONE when power is unknown (no verdict) */
    double margin;              /* distance to the nearest boundary (see margin_boundary) */
    const char *margin_boundary;
    migdip_scope scope;         /* why out of scope, or MIGDIP_SCOPE_IN */
    bool close_call;            /* in scope, not mutual, exposure gap under mutual_gap: the
                                   direction of the asymmetry is within the noise (§4.2) */
    bool seasonal_unseen;       /* in scope, not mutual, and the less exposed side hosts the
                                   other's seasonal workers under a scheme: census-based stocks
                                   miss them, so its exposure is understated (§4.2) */
    int seasonal_host;          /* the side (0 a, 1 b) that takes the other's seasonal workers
                                   under a scheme in force, -1 none (§4.2) */
    bool low_confidence;        /* close_call or seasonal_unseen: the verdict names no logic
                                   with confidence; validate counts it as abstaining */
    int stock_year;             /* UN year the migrant stocks come from */
    migdip_flag stock_flag;     /* observed, interpolated or carried */
    bool in_scope, volume_ok, exposure_ok, power_ok;
} migdip_dyad;


/* ---------------------------------------------------------------- engine */

/* A model: the one-year panel built from the store, the parameters, and the blocs. Load it
 * once and evaluate as many dyads as needed. */
typedef struct migdip_model migdip_model;

/* The measure of material power (docs/model.md §3.4). */
typedef enum migdip_power {
    MIGDIP_POWER_COMPOSITE = 0, /* 0.75 ln GDP per head (PPP) + 0.25 ln GDP (PPP); the default */
    MIGDIP_POWER_GDP,           /* ln GDP, current US$ */
    MIGDIP_POWER_GDPPC,         /* ln GDP per head, PPP */
    MIGDIP_POWER_CINC           /* ln CINC (COW) */
} migdip_power;

/* "composite", "gdp", "gdppc" or "cinc" (case-insensitive) to a measure; MIGDIP_ERR_USAGE if
 * unknown. */
migdip_status migdip_power_parse(const char *name, migdip_power *out);
/* The name migdip_power_parse reads ("composite", ...). Never NULL. */
const char *migdip_power_name(migdip_power p);

/* One default of docs/model.md §5 changed for a model, e.g. {"w_rd", 0.4}. */
typedef struct migdip_param {
    char name[32];
    double value;
} migdip_param;

/* Parse "name=value" into *out and check it as migdip_model_load will: MIGDIP_ERR_USAGE if
 * the form is wrong, the name unknown or the value not a number in the parameter's domain,
 * with what is wrong (not the name) in msg, at most cap bytes (msg may be NULL). */
migdip_status migdip_param_parse(const char *spec, migdip_param *out, char *msg, size_t cap);

typedef struct migdip_model_opts {
    int year;                   /* 0: the latest year with migrant-stock data */
    migdip_power power;         /* MIGDIP_POWER_COMPOSITE (0) by default */
    const char *const *blocs;   /* user-defined blocs "NAME=ISO,ISO,..." */
    size_t n_blocs;
    const migdip_param *params; /* parameter overrides, applied in order */
    size_t n_params;
    const char *stock_edition;  /* UN DESA International Migrant Stock edition of the bilateral
                                   stocks ("2020", "2024"); NULL: the preferred one, the newest
                                   holding bilateral stocks (view stock_pref, docs/store.md) */
    bool territories;           /* treat non-sovereign territories as actors (default: a dyad
                                   with a territory is out of scope, docs/model.md §4.1) */
    bool carry_stocks;          /* a year after the last UN stock year gets that year's stocks,
                                   for at most 5 years, flagged carried (docs/model.md §1);
                                   default: such a year has no panel */
} migdip_model_opts;

migdip_status migdip_model_load(migdip_ctx *ctx, const migdip_model_opts *o, migdip_model **out);
void migdip_model_free(migdip_model *m);
int migdip_model_year(const migdip_model *m);
/* The UN stock year the panel's stocks come from, and how (observed/interpolated/carried). */
int migdip_model_stock_year(const migdip_model *m, migdip_flag *how);

typedef struct migdip_actor {
    char name[32];       /* ISO3 code or bloc name */
    char title[96];      /* country name or bloc title */
    bool is_bloc;
    size_t n_members;    /* present in the panel for the model's year */
    char members[64][4];
} migdip_actor;

/* Resolve an ISO3 code, a country name or a bloc name (built-in, registry or user-defined). */
migdip_status migdip_actor_resolve(migdip_ctx *ctx, const migdip_model *m, const char *name,
                                   migdip_actor *out);

/* The store's blocs (the registry: GCC, ASEAN, PACIFIC-RSE, ...), each as migdip_actor_resolve
 * resolves it on m, in name order; a bloc without members in the model's year is left out.
 * *out owned: free with migdip_blocs_free. */
typedef struct migdip_blocs {
    migdip_actor *v;
    size_t n;
} migdip_blocs;
migdip_status migdip_blocs_get(migdip_ctx *ctx, const migdip_model *m, migdip_blocs **out);
void migdip_blocs_free(migdip_blocs *b);

/* Evaluate the dyad {a, b}. */
migdip_status migdip_dyad_eval(migdip_ctx *ctx, const migdip_model *m, const migdip_actor *a,
                               const migdip_actor *b, migdip_dyad *out);

/* A plain-language explanation of a dyad: *out owned, free with migdip_free. */
migdip_status migdip_dyad_explain(const migdip_model *m, const migdip_actor *a, const migdip_actor *b,
                                  const migdip_dyad *d, char **out);

const char *migdip_quadrant_code(migdip_quadrant q);   /* "I" ... "mutual", "out-of-scope" */
const char *migdip_quadrant_label(migdip_quadrant q);  /* "Cooperation", ... */
const char *migdip_factor_name(migdip_factor f);       /* "remittance_dependency", ... */
/* A quadrant code ("I", "II", "III", "IV", "mutual" or "out-of-scope", case-insensitive) to
 * its quadrant; MIGDIP_ERR_USAGE if unknown. */
migdip_status migdip_quadrant_parse(const char *code, migdip_quadrant *out);

/* What a screen ranks by (docs/model.md §4.5): what is at stake in the dyad. */
typedef enum migdip_rank {
    MIGDIP_RANK_PERSONS = 0, /* labour migrants in both corridors (the default) */
    MIGDIP_RANK_GDP,         /* the larger remittance dependency, share of GDP */
    MIGDIP_RANK_LF,          /* the larger share of a labour force: emigrants (valve) or migrants */
    MIGDIP_RANK_GAP          /* the exposure gap */
} migdip_rank;

/* "persons", "gdp", "lf" or "gap" to a ranking; MIGDIP_ERR_USAGE if unknown. */
migdip_status migdip_rank_parse(const char *name, migdip_rank *out);

/* Draws shared among processes (docs/scale.md): this process computes the draws
 * [draws * rank / size, draws * (rank + 1) / size) and counts their outcomes in integers; sum
 * adds n such counters element-wise over all the processes, leaving the totals in every one
 * (an MPI_Allreduce with MPI_SUM; 0 on success). Every process gets the result of the whole
 * run, the same as one process computing every draw. NULL or size <= 1: all draws here. */
typedef struct migdip_split {
    int rank, size;
    int (*sum)(void *ud, uint64_t *v, size_t n);
    void *ud;
} migdip_split;

typedef struct migdip_screen_opts {
    double min_stock;    /* corridor volume (both directions), persons; 0 = the model's scope */
    migdip_rank rank;    /* within each group, largest stake first */
    const char *region;  /* keep dyads with a side in this UN region or subregion (name), or NULL */
    const char *bloc;    /* keep dyads with a side in this bloc, or NULL */
    size_t robust_draws; /* > 0: draws of the parameters and the data (docs/model.md §7) for
                            p_verdict, p_a and p_b of every row; each draw is one draw of the
                            whole panel, the same as migdip_robust_run's draw of that number */
    uint64_t robust_seed;
    migdip_quadrant quadrant; /* keep dyads where either side is in this quadrant;
                                 MIGDIP_Q_NONE (0): no filter */
    const char *state;   /* keep dyads involving this ISO3, or NULL */
    size_t top;          /* at most this many rows (0 = all) */
    /* the robustness draws (with robust_draws): as migdip_robust_opts */
    int robust_threads;
    bool robust_fixed_params, robust_fixed_data;
    const migdip_split *robust_split;
    void (*robust_progress)(void *ud, size_t done, size_t total);
    void *robust_ud;
} migdip_screen_opts;

typedef struct migdip_screen_row {
    char a[4], b[4];
    double stake;        /* what the ranking measured (persons, share of GDP or of a labour
                            force, or the exposure gap) */
    double p_verdict;    /* with migdip_screen_opts.robust_draws: the probability of the
                            verdict over the draws (docs/model.md §7), else NAN */
    migdip_dyad d;
    double p_a[MIGDIP_Q_OUT + 1], p_b[MIGDIP_Q_OUT + 1]; /* with robust_draws: each side's
                            probability of each logic (index migdip_quadrant), else 0 */
} migdip_screen_row;

typedef struct migdip_screen {
    migdip_screen_row *rows;
    size_t n;
} migdip_screen;

/* Every dyad of states above the volume threshold, the article's question first: dyads where
 * a stronger state is constrained and a weaker one holds leverage (I/IV), then coercion
 * (II/III), mutual exposure, no verdict, out of scope; within each group by the stake of
 * opts->rank, largest first (docs/model.md §4.5).
 * *out owned: free with migdip_screen_free. */
migdip_status migdip_screen_run(migdip_ctx *ctx, const migdip_model *m, const migdip_screen_opts *o,
                                migdip_screen **out);
void migdip_screen_free(migdip_screen *s);

/* ---------------------------------------------------------------- time (docs/model.md §6) */

/* A documented episode of the registry (data/registry/episodes.csv): what a state did, the
 * year, and the logic the record shows for each side. Strings owned by the list. */
typedef struct migdip_event {
    char *id, *a, *b, *kind, *event, *outcome, *source, *url;
    char *expect_a, *expect_b; /* the record's logic of each side ("II", "out-of-scope", ...) */
    int year;
} migdip_event;

typedef struct migdip_events {
    migdip_event *v;
    size_t n;
} migdip_events;

/* The episodes of a dyad (a and b: ISO3 codes, names or blocs, either order), of one state
 * (b NULL) or all (a and b NULL), by year. *out owned: free with migdip_events_free. */
migdip_status migdip_events_get(migdip_ctx *ctx, const char *a, const char *b, migdip_events **out);
void migdip_events_free(migdip_events *e);

typedef struct migdip_trajectory_opts {
    migdip_model_opts model;  /* year is ignored: every year from..to is loaded */
    int from, to;             /* 0: the first UN stock year of the store; the latest year with
                                 stocks (observed, or carried at most 5 years) */
} migdip_trajectory_opts;

typedef struct migdip_trajectory_row {
    int year;
    bool evaluated;           /* false: no panel for the year (why in note) */
    char note[160];
    migdip_dyad d;
    bool changed;             /* a side's logic differs from the previous evaluated year */
} migdip_trajectory_row;

typedef struct migdip_trajectory {
    char a[32], b[32];
    migdip_trajectory_row *rows; /* one per year from..to */
    size_t n;
    migdip_events *events;    /* the dyad's documented episodes in from..to */
} migdip_trajectory;

/* The dyad {a, b} year by year: each side's exposure, power and logic, the years where a
 * logic changes marked, every interpolated or carried input flagged in the dyads, and the
 * documented episodes beside them. *out owned: free with migdip_trajectory_free. */
migdip_status migdip_trajectory_run(migdip_ctx *ctx, const char *a, const char *b, const migdip_trajectory_opts *o,
                                    migdip_trajectory **out);
void migdip_trajectory_free(migdip_trajectory *t);

typedef struct migdip_shifts_opts {
    migdip_model_opts model;  /* year is ignored */
    int since, to;            /* 0: the first UN stock year; the last year with stocks */
    int persist;              /* a logic counts once held in persist of persist + 1
                                 consecutive years (0: 2, i.e. 2 of 3) */
    double min_stock;         /* as migdip_screen_opts (0: the model's scope) */
    const char *state;        /* only dyads of this state, or NULL */
} migdip_shifts_opts;

typedef struct migdip_shift {
    char a[4], b[4];
    int year;                 /* the first year of the new logic */
    migdip_quadrant from[2], to[2]; /* the established logics before and after, a and b */
    double exposure_a, exposure_b;  /* in the year of the shift */
} migdip_shift;

typedef struct migdip_shifts {
    migdip_shift *v;
    size_t n;
    int since, to;
} migdip_shifts;

/* Every dyad of states whose established logic changed between since and to, with the
 * persistence rule above so that a one-year blip is not a shift (docs/model.md §6). *out
 * owned: free with migdip_shifts_free. */
migdip_status migdip_shifts_run(migdip_ctx *ctx, const migdip_shifts_opts *o, migdip_shifts **out);
void migdip_shifts_free(migdip_shifts *s);

/* ---------------------------------------------------------------- robustness (docs/model.md §7) */

typedef struct migdip_robust_opts {
    size_t draws;             /* 0: 1000 */
    uint64_t seed;            /* the same seed gives the same result on any number of threads */
    int threads;              /* 0: OpenMP's default */
    bool fixed_params;        /* draw the data only */
    bool fixed_data;          /* draw the parameters only */
    void (*progress)(void *ud, size_t done, size_t total); /* or NULL */
    void *ud;
    const migdip_split *split; /* draws shared among processes, or NULL */
} migdip_robust_opts;

typedef struct migdip_robust {
    migdip_dyad base;         /* the verdict with the model's parameters and data */
    size_t draws;
    double p_a[MIGDIP_Q_OUT + 1], p_b[MIGDIP_Q_OUT + 1]; /* probability of each logic
                                 (index migdip_quadrant: none, I, II, III, IV, mutual, out) */
    double p_same;            /* probability of the base verdict of both sides */
    char sensitive[3][32];    /* the parameters the verdict is most sensitive to */
    double effect[3];         /* how much each moves the base verdict's probability */
    double sigma_stock, sigma_remit; /* the data's relative errors drawn (lognormal) */
} migdip_robust;

/* Monte Carlo draws over the parameters (uniform in their prior ranges) and the data (stocks
 * and remittance shares with documented relative errors) for the dyad {a, b}. */
migdip_status migdip_robust_run(migdip_ctx *ctx, const migdip_model *m, const migdip_actor *a, const migdip_actor *b,
                                const migdip_robust_opts *o, migdip_robust *out);

/* ---------------------------------------------------------------- validation */

/* How a verdict on one state compares with the record: it agrees; it abstains (out of scope,
 * or no verdict for want of data, where the record has the relation in scope); or it
 * contradicts the record (an in-scope verdict the record refutes, or any verdict on a relation
 * the record puts out of scope). */
typedef enum migdip_verdict {
    MIGDIP_VERDICT_AGREE = 0,
    MIGDIP_VERDICT_ABSTAIN,
    MIGDIP_VERDICT_CONTRADICT
} migdip_verdict;

/* "agree", "abstain", "contradict". Never NULL. */
const char *migdip_verdict_str(migdip_verdict v);

typedef struct migdip_validation_row {
    char id[32];
    char set[8];                      /* "seeds" (the seeds' cases) or "dev" (the development set) */
    char group[48];
    char a[32], b[32];
    int year;
    char expect_a[24], expect_b[24];  /* accepted codes, '|'-separated */
    migdip_quadrant got_a, got_b;
    double exposure_a, exposure_b, margin;
    bool article;                     /* one of the article's four cases */
    bool evaluated;                   /* false if the dyad could not be evaluated at all */
    bool low_confidence;              /* a close call (docs/model.md §4.2): counted as abstaining */
    bool agree_a, agree_b;
    char reason[600];                 /* for a verdict that does not agree: what the computation
                                         shows moved it (scope rule, missing or carried input,
                                         the nearest boundary and what would cross it) */
    char source[96];
    migdip_verdict verdict_a, verdict_b;   /* the model against the record */
    migdip_quadrant naive_a, naive_b;      /* the naive baseline: the stronger state coerces (II),
                                              the weaker accommodates (III); NONE without power */
    migdip_verdict naive_verdict_a, naive_verdict_b;
} migdip_validation_row;

/* Verdicts on states, counted. */
typedef struct migdip_validation_tally {
    size_t states, agree, abstain, contradict;
} migdip_validation_tally;

typedef struct migdip_validation {
    migdip_validation_row *rows;  /* the seeds' cases in their order, then the development set */
    size_t n;
    size_t n_seeds;               /* rows[0, n_seeds) are the seeds' cases */
    size_t states, agree;         /* the seeds' cases: states classified (two a case), agreeing */
    size_t article_states, article_agree; /* the same over the article's four cases */
    migdip_validation_tally seeds, seeds_naive; /* the seeds' cases: the model, the baseline */
    migdip_validation_tally dev, dev_naive;     /* the development set: the model, the baseline */
} migdip_validation;

/* Evaluate every case the seeds classify and every episode of the development set in the
 * store (table episode, from the registry: docs/validation.md) with the options in base (may
 * be NULL; year is taken from each case). A case that cannot be evaluated is a row with its
 * reason, not an error. *out owned: free with migdip_validation_free. */
migdip_status migdip_validation_run(migdip_ctx *ctx, const migdip_model_opts *base, migdip_validation **out);
void migdip_validation_free(migdip_validation *v);

/* How the seeds' cases move when one default is varied within a plausible range
 * (docs/validation.md, "Sensitivity"). */
typedef struct migdip_sensitivity_row {
    char param[24];           /* parameter name, or "power" */
    char value[24];           /* the value tried ("default" for the baseline row) */
    size_t article_agree, article_states, all_agree, all_states;
    migdip_validation_tally dev; /* the development set: agree, abstain, contradict */
    char changed[1200];       /* cases whose verdict differs from the default run */
} migdip_sensitivity_row;

typedef struct migdip_sensitivity {
    migdip_sensitivity_row *rows; /* the baseline first, then one row per value tried */
    size_t n;
} migdip_sensitivity;

/* *out owned: free with migdip_sensitivity_free. */
migdip_status migdip_sensitivity_run(migdip_ctx *ctx, const migdip_model_opts *base, migdip_sensitivity **out);
void migdip_sensitivity_free(migdip_sensitivity *s);

/* ---------------------------------------------------------------- exports */

typedef enum migdip_export_format {
    MIGDIP_EXPORT_CSV = 0, /* RFC 4180, header row; NA = empty cell */
    MIGDIP_EXPORT_JSON,    /* {"metadata", "columns", "rows": [objects]}; NA = null */
    MIGDIP_EXPORT_DTA      /* Stata 14+ (.dta version 118, via ReadStat); NA = system missing */
} migdip_export_format;

/* "csv", "json" or "dta" (case-insensitive) to a format; MIGDIP_ERR_USAGE if unknown. */
migdip_status migdip_export_format_parse(const char *name, migdip_export_format *out);

/* Default corridor volume below which a pair of states is left out of a dyad export. */
#define MIGDIP_EXPORT_MIN_STOCK 1000.0

/* A note for the user (e.g. "2021: no migrant-stock data, year skipped"); the library never
 * prints, the caller decides where notes go. */
typedef void (*migdip_note_fn)(void *ud, const char *note);

/* The state system an export keeps and keys its rows by (docs/exports.md, "State systems"). */
typedef enum migdip_export_system {
    MIGDIP_SYSTEM_ISO = 0, /* the sovereign states of the year (members of the COW state list,
                              carried past its last year), keyed by ISO3 */
    MIGDIP_SYSTEM_COW,     /* the Correlates of War members of the year, keyed by their COW code */
    MIGDIP_SYSTEM_GW       /* the members of the year that have a Gleditsch-Ward code */
} migdip_export_system;

/* "iso", "cow" or "gw" (case-insensitive); MIGDIP_ERR_USAGE if unknown. */
migdip_status migdip_export_system_parse(const char *name, migdip_export_system *out);

/* Variables added to an export on request (--with), bits of migdip_export_opts.with. */
enum {
    MIGDIP_WITH_DISTANCE = 1u << 0,     /* CEPII population-weighted distance, distance between capitals, contiguity */
    MIGDIP_WITH_LANGUAGE = 1u << 1,     /* CEPII common official / ethnic language */
    MIGDIP_WITH_COLONY = 1u << 2,       /* CEPII colonial ties */
    MIGDIP_WITH_INCOME_GROUP = 1u << 3, /* World Bank income group of each side */
    MIGDIP_WITH_AGREEMENTS = 1u << 4,   /* labour agreements signed by the year (Chilton & Woda) */
    MIGDIP_WITH_IGO = 1u << 5           /* shared full memberships of intergovernmental organisations (COW IGO) */
};

/* A comma-separated list of distance, language, colony, income_group, agreements, igo (or
 * "all") to bits; MIGDIP_ERR_USAGE naming the first unknown word (the word is copied to bad,
 * which may be NULL). */
migdip_status migdip_export_with_parse(const char *list, unsigned *out, char *bad, size_t bad_cap);

typedef enum migdip_export_table {
    MIGDIP_TABLE_DYADS = 0, /* directed (or undirected) dyad-years */
    MIGDIP_TABLE_STATES     /* state-years */
} migdip_export_table;

typedef struct migdip_export_opts {
    int year_from, year_to;     /* inclusive; both 0: the latest year with migrant-stock data */
    migdip_export_format format;
    const char *path;           /* output file, written whole or not at all; NULL or "-": out */
    FILE *out;                  /* stream for csv/json when path is NULL or "-" (dta needs path) */
    double min_stock;           /* corridor volume (both directions), persons: pairs below are
                                   left out (migdip_export_opts_init sets MIGDIP_EXPORT_MIN_STOCK) */
    migdip_model_opts model;    /* power, blocs, params; model.year is ignored */
    migdip_note_fn note;        /* may be NULL */
    void *note_ud;
    migdip_export_table table;  /* MIGDIP_TABLE_DYADS (0) by default */
    migdip_export_system system; /* which states, keyed by which codes (default ISO) */
    bool undirected;            /* dyads: one row per pair, the one whose first code is smaller */
    bool non_members;           /* keep territories and state-years outside the system (their
                                   system codes missing); otherwise left out */
    unsigned with;              /* MIGDIP_WITH_* bits */
    const char *command_line;   /* written into the file's metadata as it is; may be NULL */
    const char *codebook_path;  /* write the codebook (metadata and columns, JSON) there; a CSV
                                   written to a file gets one beside it (NAME.codebook.json)
                                   when this is NULL */
    void (*progress)(void *ud, int done, int total); /* after each year (note_ud); may be NULL */
} migdip_export_opts;

/* Defaults: latest year, csv to stdout, min_stock MIGDIP_EXPORT_MIN_STOCK. */
void migdip_export_opts_init(migdip_export_opts *o);

/* What an export wrote. */
typedef struct migdip_export_summary {
    long rows;
    int years_written, years_skipped;
    int codebook;               /* 1: a codebook file was written */
} migdip_export_summary;

/* One row per directed dyad-year (a, b) of states whose corridors hold at least min_stock
 * persons, in (year, a, b) order, with every indicator of docs/exports.md; NaN stays NA in
 * every format. One model is loaded per year and freed before the next, so memory does not
 * grow with the number of years. A year without migrant-stock data is skipped with a note
 * when a range is asked for, and is an error (MIGDIP_ERR_NOTFOUND) when it is the only year
 * or every year of the range lacks data. A file output is written to a temporary file beside
 * it and renamed at the end, so that a failed export leaves no half file; a link is written
 * through, a device or FIFO written in place, a directory refused (docs/exports.md).
 * summary may be NULL. */
migdip_status migdip_export_dyads(migdip_ctx *ctx, const migdip_export_opts *o, migdip_export_summary *summary);

/* The table o->table asks for: migdip_export_dyads for dyads, else one row per state-year of
 * the system, with each state's indicators and its totals over its dyads. */
migdip_status migdip_export_run(migdip_ctx *ctx, const migdip_export_opts *o, migdip_export_summary *summary);

/* ---------------------------------------------------------------- citations */

typedef struct migdip_cite_file {
    char *file;     /* path relative to the data directory at import */
    char *sha256;
} migdip_cite_file;

typedef struct migdip_citation {
    char *key;      /* BibTeX key, unique within the list */
    char *type;     /* BibTeX entry type: "misc", "article", "techreport", ... */
    char *dataset;  /* vintage dataset key(s) the entry covers ("" for the framework article) */
    char *edition;  /* "" when the entry is not a data edition */
    char *text;     /* the reference as one line of plain text */
    char *bibtex;   /* the whole entry, ending in a newline */
    migdip_cite_file *files; /* the imported files of this edition, with their sha256 */
    size_t n_files;
} migdip_citation;

typedef struct migdip_citations {
    migdip_citation *v;
    size_t n;
} migdip_citations;

/* One citation per dataset edition in the store (built from the vintage table: known
 * datasets from the templates of docs/exports.md, unknown ones from the vintage's own source
 * and citation fields), the framework article first. Owned: free with migdip_citations_free. */
migdip_status migdip_citations_get(migdip_ctx *ctx, migdip_citations **out);
void migdip_citations_free(migdip_citations *c);

/* ---------------------------------------------------------------- diversification planner
 * docs/scenarios.md "Diversification planner": move a state's workers out of its corridor
 * with a partner into other corridors, within absorption limits, where each worker cuts the
 * state's exposure most; and the smallest such move that changes a quadrant. */

typedef enum migdip_plan_role {
    MIGDIP_PLAN_AUTO = 0, /* the sender if its emigrants in the partner outnumber the partner's here */
    MIGDIP_PLAN_SENDER,   /* move own emigrants from the partner to other hosts */
    MIGDIP_PLAN_HOST      /* replace the partner's workers here with workers from other senders */
} migdip_plan_role;

/* "auto", "sender" or "host" (case-insensitive) to a role; MIGDIP_ERR_USAGE if unknown. */
migdip_status migdip_plan_role_parse(const char *name, migdip_plan_role *out);

typedef struct migdip_plan_opts {
    const char *state;     /* ISO3 code or country name (a state, not a bloc) */
    const char *against;   /* partner state or bloc; NULL: the partner of the state's most
                              exposed dyad (in scope) */
    migdip_plan_role role; /* MIGDIP_PLAN_AUTO (0): the larger of the two corridors */
    size_t top;            /* destinations reported (0: 10) */
    double lf_cap;         /* share of a candidate's labour force it can absorb (0: 0.01) */
    double growth_cap;     /* growth of a corridor, share of its current stock (0: 0.5) */
} migdip_plan_opts;

typedef struct migdip_plan_row {
    char iso3[4];
    char name[96];
    double fit;            /* the engine's fit factors, (0,1] */
    double capacity;       /* persons the corridor can take (fit x the tighter limit) */
    double moved;          /* persons the plan moves there */
    double reduction_per_1000; /* exposure cut per 1,000 persons at its first step */
    double reduction;      /* exposure cut by its moves */
    double exposure_after; /* the state's exposure after its last move in the plan */
    double exposure_alone; /* the state's exposure if only these moves were made */
} migdip_plan_row;

typedef struct migdip_plan {
    migdip_actor state, partner;
    bool as_sender;        /* sender: own emigrants move; host: the partner's workers are replaced */
    double corridor;       /* persons in the corridor the plan moves out of */
    size_t n_candidates;   /* corridors with a positive capacity */
    migdip_dyad before;    /* now */
    migdip_dyad after;     /* after the whole plan */
    double moved;          /* persons moved by the whole plan */
    migdip_plan_row *rows; /* the top destinations, largest reduction first */
    size_t n_rows;
    size_t n_destinations; /* destinations the whole plan uses */
    bool shift_found;      /* some move within the limits changes a quadrant */
    double shift_persons;  /* the smallest such move along the plan (to one person) */
    double shift_share;    /* ... as a share of the corridor */
    migdip_dyad shift;     /* the dyad at that point */
} migdip_plan;

/* Plan for o->state on model m. *out is owned: free with migdip_plan_free. Errors: USAGE (no
 * state, a bloc as the state, the state in the partner bloc), NOTFOUND (unknown state or
 * partner, no dyad in scope to pick a partner from), NOMEM. */
migdip_status migdip_plan_run(migdip_ctx *ctx, const migdip_model *m, const migdip_plan_opts *o,
                              migdip_plan **out);
void migdip_plan_free(migdip_plan *pl);

/* ---------------------------------------------------------------- coalitions
 * docs/scenarios.md "Coalitions": states acting together as one bloc against a partner;
 * each member's exact Shapley share of the coalition's leverage. */

#define MIGDIP_COALITION_MAX 12

typedef struct migdip_coalition_member {
    char iso3[4];
    char name[96];
    double exposure;           /* alone against the partner */
    double partner_exposure;   /* the partner's, against this member alone */
    double leverage;           /* partner_exposure - exposure */
    migdip_quadrant quadrant;  /* alone */
    double shapley;            /* share of the coalition's leverage */
} migdip_coalition_member;

typedef struct migdip_coalition {
    migdip_actor partner;
    size_t n;
    migdip_coalition_member member[MIGDIP_COALITION_MAX];
    migdip_dyad dyad;          /* the coalition (side 0) as one bloc against the partner */
    double leverage;           /* partner's exposure minus the coalition's */
    double shapley_sum;        /* equals leverage (efficiency), reported as a check */
    double best_alone;         /* the largest leverage of a member alone */
} migdip_coalition;

/* Members are states (ISO3 or names), 1..12, distinct, none in `against`. Errors: USAGE,
 * NOTFOUND. */
migdip_status migdip_coalition_run(migdip_ctx *ctx, const migdip_model *m, const char *const *members,
                                   size_t n, const char *against, migdip_coalition *out);
/* ---------------------------------------------------------------- disruption simulator
 * Monthly stock-flow simulation of a disruption of the corridor(s) between two actors, the
 * war-of-attrition reading of a threat, and scenario files (docs/scenarios.md, sections
 * "Disruption simulator", "Threat credibility" and "Scenario files"). */

typedef enum migdip_shock_kind {
    MIGDIP_SHOCK_BAN = 0, /* sender: deployment ban / moratorium on a share of deployments */
    MIGDIP_SHOCK_DEPORT,  /* host: a share of the stock removed evenly over the period */
    MIGDIP_SHOCK_FREEZE,  /* host: visa freeze, no new deployments */
    MIGDIP_SHOCK_QUOTA    /* host: deployments capped at per_month persons a month */
} migdip_shock_kind;

typedef struct migdip_shock {
    migdip_shock_kind kind;
    double share;       /* ban: share of deployments stopped; deport: share of the stock removed */
    double per_month;   /* quota: deployments allowed a month */
    int start;          /* first month (0 = the first month of the horizon) */
    int months;         /* duration; 0 = no shock */
} migdip_shock;

/* "ban", "deport", "freeze" or "quota". Never NULL. */
const char *migdip_shock_kind_str(migdip_shock_kind k);
/* The inverse (case-insensitive); MIGDIP_ERR_USAGE if unknown. */
migdip_status migdip_shock_kind_parse(const char *name, migdip_shock_kind *out);
/* Parse "ban:share=1,start=0,months=12" (keys: share, per_month, start, months; defaults
 * share 1, start 0, months 12). MIGDIP_ERR_USAGE on error, with a message of at most cap bytes in msg
 * (may be NULL). */
migdip_status migdip_shock_parse(const char *spec, migdip_shock *out, char *msg, size_t cap);

/* Every default of the simulator and the credibility reading, with its reason in
 * docs/scenarios.md. */
typedef struct migdip_sim_params {
    int months;             /* horizon T, months (24) */
    double contract_months; /* L: contract length; returns at 1/L a month (24) */
    double recruit_lag;     /* months for deployments to ramp back after a shock (3) */
    double redirect_rate;   /* eta: share of the stranded redirected a month (1/6) */
    double absorb_growth;   /* monthly growth cap of o's other destinations (0.02) */
    double absorb_mult;     /* scale of that absorption capacity (1; the diversification lever) */
    double subst_lag;       /* months for the host to fill a gap from other senders (3) */
    double alt_growth;      /* monthly cap on substitutes, share of the fitted alternative supply (0.02) */
    double alt_mult;        /* scale of the alternative supply (1; a host's diversification lever) */
    double productivity;    /* migrant output per worker / average output per worker (0.5) */
    double tolerance_pct;   /* cumulated cost, % of own GDP, at which a side gives in (1) */
} migdip_sim_params;

void migdip_sim_params_default(migdip_sim_params *p);

/* One month of a simulation, summed over the corridors. Stocks at the end of the month. */
typedef struct migdip_sim_month {
    int month;                  /* 1..T */
    double in_host;             /* W: the sender's workers in the host */
    double stranded;            /* H: not deployed, deported or returned early, not placed */
    double redirected;          /* R: placed in the sender's other destinations */
    double replaced;            /* U: the host's substitutes from other senders */
    double shortfall;           /* G - U = W0 - W - U, persons */
    double shortfall_pct_lf;    /* % of the host's labour force */
    double deployed, returned, deported, redirect_flow; /* flows of the month */
    double remit_lost_usd, remit_lost_pct_gdp;   /* sender, this month (% of monthly GDP) */
    double output_lost_usd, output_lost_pct_gdp; /* host, this month (% of monthly GDP) */
    double cum_remit_lost_usd, cum_remit_lost_pct_gdp;   /* cumulated (% of annual GDP) */
    double cum_output_lost_usd, cum_output_lost_pct_gdp;
    double pool, pool_expected; /* W+H+R and W0 + cumulated (baseline deployments - returns) */
} migdip_sim_month;

typedef struct migdip_sim_result {
    int year, months;
    char a[32], b[32];          /* the actors as given: a imposes the first shock */
    int sender_side;            /* 0: a is the sender (o), 1: b is */
    char sender[32], host[32];
    size_t n_corridors;         /* member corridors simulated and summed */
    double stock0;              /* W0, persons (treated as the corridor's workforce) */
    double deploy_base;         /* D = W0 / L a month */
    double remit_per_worker;    /* US$ a month */
    double absorb_capacity;     /* o's emigrants in its other destinations */
    double substitutability;    /* S of o's workers for the host */
    double alt_supply;          /* fitted alternative supply, persons */
    double sender_gdp, host_gdp, host_lf; /* NaN when unknown */
    migdip_sim_month *month;    /* [months], owned by the result */
    migdip_dyad before, after;  /* side[0] = a, side[1] = b */
    char note[256];             /* data gaps, or "" */
} migdip_sim_result;

typedef struct migdip_sim_opts {
    const char *a, *b;          /* actor names (ISO3, country name or bloc), or 2 to 8 states
                                   joined by '+' acting together ("NPL+BGD+PAK", a coalition) */
    const migdip_shock *shocks; /* the first is imposed by a */
    size_t n_shocks;
    migdip_sim_params params;
} migdip_sim_opts;

/* Simulate on a loaded model. *out owned: free with migdip_sim_result_free. */
migdip_status migdip_sim_run(migdip_ctx *ctx, const migdip_model *m, const migdip_sim_opts *o,
                             migdip_sim_result **out);
void migdip_sim_result_free(migdip_sim_result *r);

typedef struct migdip_cred_lever {
    char name[24];              /* "diversification", "coalition", "agreement" */
    bool found;                 /* a change within range makes the threat credible */
    double amount;              /* diversification: factor k; coalition: partner's corridor, persons */
    char partner[32];           /* coalition partner (ISO3) or "" */
    char note[240];
} migdip_cred_lever;

typedef struct migdip_cred_result {
    char threatener[32], target[32];
    migdip_shock shock;         /* the threat simulated */
    int months;
    double cost_pct[2];         /* cumulated cost at the horizon, % of own GDP: [0] threatener */
    int holdout[2];             /* months until the cost reaches the tolerance (months if beyond) */
    bool beyond[2];             /* the tolerance is not reached within the horizon */
    double holdout_extrapolated[2]; /* both beyond: months until the tolerance at the rate of the
                                       horizon's last year (INFINITY if the cost stops growing);
                                       NAN otherwise */
    bool credible;
    migdip_cred_lever lever[3];
    size_t n_levers;
    char explanation[1024];
} migdip_cred_result;

/* A threatens B with o->shocks (or, with n_shocks 0, the default threat: a full ban for the
 * whole horizon if A sends the larger corridor, else a visa freeze). */
migdip_status migdip_credibility_run(migdip_ctx *ctx, const migdip_model *m, const migdip_sim_opts *o,
                                     migdip_cred_result *out);

/* Scenario files (JSON): actors, year, horizon, shocks and every parameter. Loading fills
 * *o (strings and shocks owned: free with migdip_sim_opts_cleanup) and *year; errors name
 * the file and the JSON path of the bad value. */
migdip_status migdip_scenario_load(migdip_ctx *ctx, const char *path, migdip_sim_opts *o, int *year);
migdip_status migdip_scenario_save(migdip_ctx *ctx, const char *path, const migdip_sim_opts *o, int year);
void migdip_sim_opts_cleanup(migdip_sim_opts *o);

#ifdef __cplusplus
}
#endif
#endif
