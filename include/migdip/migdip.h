/* migdip.h - public API of the migration-interdependence library.
 *
 * Everything the CLI (and later the server) may touch is declared here: an opaque context
 * around one SQLite store, the importer entry point, and the read-side queries (sources,
 * country profiles). The library never prints and never exits; every fallible function
 * returns a migdip_status and leaves a readable message on the context (migdip_errmsg). */
#ifndef MIGDIP_H
#define MIGDIP_H

#include <stddef.h>
#include <stdint.h>

#ifdef __cplusplus
extern "C" {
#endif

#define MIGDIP_VERSION "0.1.0"

/* One status enum for the whole library (like readstat_error_t or CURLcode). */
typedef enum migdip_status {
    MIGDIP_OK = 0,
    MIGDIP_ERR_NOMEM,    /* allocation failed, or an input asked for more than the cap */
    MIGDIP_ERR_IO,       /* a file could not be opened, read or written */
    MIGDIP_ERR_PARSE,    /* malformed input: bad CSV/XML/zip, text in a number cell, ... */
    MIGDIP_ERR_SCHEMA,   /* a file lacks an expected column/sheet, or is of the wrong kind */
    MIGDIP_ERR_RANGE,    /* a value outside its domain: negative stock, year 3000, ... */
    MIGDIP_ERR_DB,       /* SQLite reported an error */
    MIGDIP_ERR_NOTFOUND, /* the country, year or series asked for is not in the store */
    MIGDIP_ERR_USAGE,    /* the caller passed invalid arguments */
    MIGDIP_ERR_DUPLICATE /* a key occurs twice in one input file */
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
    MIGDIP_FLAG_ASSUMED_ZERO = 5  /* KNOMAD corridor the publisher set to 0 by assumption */
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
 * version. On failure *out is still set when possible so that migdip_errmsg can explain;
 * free it with migdip_close in every case. */
migdip_status migdip_open(const char *db_path, migdip_ctx **out);
void migdip_close(migdip_ctx *ctx);

/* The last error's message, e.g. `wdi.csv:412: column Value: expected a number, got "n/a"`.
 * Borrowed: valid until the next call on ctx. */
const char *migdip_errmsg(const migdip_ctx *ctx);

/* Free memory the library handed out (strings, arrays in results). NULL is fine. */
void migdip_free(void *p);

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
} migdip_import_report;

/* Progress callback: called before each file (i of n). */
typedef void (*migdip_progress_fn)(void *ud, const char *file, size_t i, size_t n);

typedef struct migdip_import_opts {
    const char *data_dir;          /* directory walked recursively (required unless files) */
    const char *const *files;      /* or an explicit list of files (paths as given) */
    size_t n_files;
    migdip_progress_fn progress;   /* may be NULL */
    void *progress_ud;
} migdip_import_opts;

/* Import every recognised file. The whole call is one transaction: on any error the store
 * is exactly as before and the message names file, line and what was expected. *out (owned,
 * free with migdip_import_report_free) is set on success. */
migdip_status migdip_import(migdip_ctx *ctx, const migdip_import_opts *opts,
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
migdip_status migdip_country_profile(migdip_ctx *ctx, const char *country, int year,
                                     migdip_profile **out);
void migdip_profile_free(migdip_profile *p);

/* Resolve a code or name to ISO3 (writes 4 bytes). MIGDIP_ERR_NOTFOUND if unknown. */
migdip_status migdip_country_resolve(migdip_ctx *ctx, const char *code_or_name, char iso3[4]);

#ifdef __cplusplus
}
#endif
#endif
