/* cli.h - the pieces the commands of the migdip program share, one section per file:
 * common.c (options every command takes, opening the store, errors and exit codes:
 * 0 ok, 1 data error, 2 usage, 3 system), output.c (tables and JSON), engine_opts.c (the
 * engine's options), sim_opts.c (the simulator's options),
 * and the commands themselves (cmd_*.c). Commands use only the public API (migdip.h) and the
 * JSON and charts they share with the server (src/present). */
#ifndef MIGDIP_CLI_H
#define MIGDIP_CLI_H

#include <stdbool.h>
#include <stdio.h>
#include <cjson/cJSON.h>
#include "migdip/migdip.h"
#include "present/present.h"

enum { EXIT_OK = 0, EXIT_DATA = 1, EXIT_USAGE = 2, EXIT_SYSTEM = 3 };

typedef enum out_format { OUT_TABLE, OUT_JSON, OUT_CSV } out_format;

/* ---------------------------------------------------------------- common.c */

typedef struct cli_common {
    const char *db;        /* --db, $MIGDIP_DB, or ${XDG_DATA_HOME:-~/.local/share}/migdip/migdip.db
                              (./migdip.db with neither HOME nor XDG_DATA_HOME) */
    bool db_is_default;    /* the per-user store: cli_open creates its folder */
    const char *data;      /* --data, $MIGDIP_DATA, or ../shared/data (from the current directory) */
    out_format fmt;        /* --json / --csv; table otherwise */
    bool quiet;
    bool wide;             /* --wide: prose not wrapped to the terminal's width */
} cli_common;

/* Parse the options every command shares at argv[*i]; returns 1 if consumed (advancing *i),
 * 0 if not a common option, -1 on a usage error (message printed). */
int cli_common_opt(cli_common *c, int argc, char **argv, int *i);
void cli_common_init(cli_common *c);

/* Print "migdip: error: msg" and return the exit code for st. */
int cli_fail(migdip_status st, const char *msg);
/* Out of memory where the CLI cannot go on (its own tables and JSON): "migdip: error: out of
 * memory" and exit 3, the system error the README promises (never an abort). */
_Noreturn void cli_out_of_memory(void);
/* cli_fail with the context's message, and the hint to import when something was not found
 * in an empty store. */
int cli_fail_ctx(migdip_ctx *ctx, migdip_status st);
int cli_usage_error(const char *cmd, const char *fmt, ...) __attribute__((format(printf, 2, 3)));
int cli_exit_code(migdip_status st);

/* Open the store named by c (prints the error). NULL on failure with *code set: EXIT_DATA
 * when there is no store at that path (the message says how to create it). */
migdip_ctx *cli_open(const cli_common *c, int *code);
/* The same, creating the store when it is not there (import). */
migdip_ctx *cli_create(const cli_common *c, int *code);

/* ---------------------------------------------------------------- output.c */

/* A simple table of strings that prints as an aligned table, CSV, or a JSON array of
 * objects (numeric-looking cells become JSON numbers; "" becomes null). */
typedef struct cli_table cli_table;
cli_table *cli_table_new(size_t ncols, const char *const *headers);
/* Declare the column named header text: its cells are JSON strings even when they read as
 * numbers (a file named "2020"). Other columns are numbers when every cell is one. */
void cli_table_text(cli_table *t, const char *header);
void cli_table_add(cli_table *t, const char *const *cells); /* ncols cells, copied */
void cli_table_addf(cli_table *t, const char *fmt, ...);    /* tab-separated cells */
void cli_table_print(const cli_table *t, out_format fmt, FILE *out);
cJSON *cli_table_json(const cli_table *t);
void cli_table_free(cli_table *t);

/* Print prose (paragraphs, "- " items): on a terminal, wrapped at word boundaries to its width
 * (the ioctl's, else $COLUMNS, else 80), continuation lines indented like the line's text;
 * as it is with --wide or when standard output is not a terminal (files, pipes, tests). */
void cli_print_prose(const cli_common *c, const char *text);
/* Fixed formats so that output is deterministic: numbers with a given number of decimals
 * ("" for NaN), grouped thousands for a table. */
const char *cli_num(char *buf, size_t cap, double v, int decimals);
const char *cli_grouped(char *buf, size_t cap, double v);

/* --svg FILE (dyad, country, trajectory, simulate, robust): 1 if argv[*i] is it (advancing *i,
 * *svg set), 0 if not, -1 on a usage error (printed). */
int cli_svg_opt(const char **svg, const char *cmd, int argc, char **argv, int *i);
/* As a cli_extra_opt whose ud is the const char ** to set. */
int cli_svg_opt_fn(void *ud, const char *cmd, int argc, char **argv, int *i);
/* Write doc (an SVG or HTML document, freed here; NULL: out of memory) to path. Returns the
 * exit code: 0, or 3 with the error said. */
int cli_write_doc(const char *path, char *doc);

/* Print a cJSON tree with sorted keys kept in insertion order (we insert in a fixed order). */
void cli_json_print(cJSON *j, FILE *out);

/* ---------------------------------------------------------------- engine_opts.c
 * Engine options shared by dyad, screen, validate, export, plan, coalition, simulate and
 * credibility. */
typedef struct cli_engine {
    migdip_model_opts opts;
    const char **blocs;    /* opts.blocs and opts.params, owned */
    migdip_param *params;
} cli_engine;
void cli_engine_init(cli_engine *e);
void cli_engine_cleanup(cli_engine *e);
/* Like cli_common_opt, for --year, --power, --bloc, --param and --edition. */
int cli_engine_opt(cli_engine *e, const char *cmd, int argc, char **argv, int *i);
migdip_model *cli_engine_load(migdip_ctx *ctx, cli_engine *e, int *code);
#define CLI_ENGINE_HELP \
    "  --year Y            the year (default: the latest with migrant-stock data)\n" \
    "  --power M           composite (default), gdp, gdppc or cinc\n" \
    "  --bloc NAME=A,B,... a bloc of your own (usable as a side)\n" \
    "  --param NAME=VALUE  change a default of docs/model.md section 5\n" \
    "  --edition Y         the UN DESA migrant-stock edition to read (2019, 2020, 2024; default:\n" \
    "                      the newest in the store with bilateral stocks)\n" \
    "  --territories       treat non-sovereign territories as actors (default: out of scope)\n" \
    "  --carry             carry the last UN year's stocks up to 5 years past it, flagged carried\n" \
    "                      (default: no panel after the last UN year)\n"

/* Parse the arguments of a command that takes up to two sides (ISO3, names or blocs) and the
 * common and engine options, plus its own options through extra (may be NULL; same contract
 * as cli_common_opt). Returns 1 to go on, 0 when --help was printed, -1 on a usage error
 * (message printed); *code is the exit code for 0 and -1. */
typedef int (*cli_extra_opt)(void *ud, const char *cmd, int argc, char **argv, int *i);
int cli_parse_sides(const char *cmd, const char *help, int argc, char **argv, cli_common *c, cli_engine *e,
                    cli_extra_opt extra, void *ud, const char *who[2], int *code);
/* The same for a command that needs both sides: initialises c and e, and returns true to go
 * on; false when the command is over (help printed, a usage error, a side missing: the
 * message names `example`), with e cleaned up and *code the exit code. */
bool cli_two_sides(const char *cmd, const char *help, const char *example, int argc, char **argv, cli_common *c,
                   cli_engine *e, cli_extra_opt extra, void *ud, const char *who[2], int *code);

/* ---------------------------------------------------------------- sim_opts.c
 * Simulator options shared by simulate and credibility: --shock SPEC (repeatable),
 * --months T, --scenario FILE, --save FILE. */
typedef struct cli_sim {
    migdip_shock shocks[16];
    size_t n_shocks;
    int months;             /* 0: the scenario's or the default */
    const char *scenario, *save;
    migdip_sim_opts file;   /* the loaded scenario (owned when loaded) */
    bool loaded;
} cli_sim;
int cli_sim_opt(cli_sim *s, const char *cmd, int argc, char **argv, int *i);
/* cli_sim_opt as a cli_extra_opt (ud is the cli_sim). */
int cli_sim_opt_fn(void *ud, const char *cmd, int argc, char **argv, int *i);
/* The options to run: the scenario file, then the command line over it (a, b may be NULL);
 * a scenario's year goes into e unless --year was given. Errors are left on ctx. */
migdip_status cli_sim_resolve(migdip_ctx *ctx, cli_sim *s, cli_engine *e, const char *a, const char *b,
                              migdip_sim_opts *o);
void cli_sim_cleanup(cli_sim *s);

/* ---------------------------------------------------------------- cmd_*.c */
int cmd_import(int argc, char **argv);
int cmd_sources(int argc, char **argv);
int cmd_country(int argc, char **argv);
int cmd_dyad(int argc, char **argv);
int cmd_screen(int argc, char **argv);
int cmd_validate(int argc, char **argv);
int cmd_export(int argc, char **argv);
int cmd_cite(int argc, char **argv);
int cmd_plan(int argc, char **argv);
int cmd_coalition(int argc, char **argv);
int cmd_simulate(int argc, char **argv);
int cmd_credibility(int argc, char **argv);
int cmd_trajectory(int argc, char **argv);
int cmd_events(int argc, char **argv);
int cmd_shifts(int argc, char **argv);
int cmd_robust(int argc, char **argv);
int cmd_serve(int argc, char **argv);
int cmd_report(int argc, char **argv);
/* `dyad A B --years FROM:TO`: the trajectory (cmd_trajectory.c). */
int cmd_dyad_years(int argc, char **argv);

/* ---------------------------------------------------------------- draws.c
 * The options of the robustness draws shared by robust and screen --robust (--seed, --threads,
 * --params-only, --data-only), the progress bar, and the draws shared among MPI processes. */
typedef struct cli_draws {
    uint64_t seed;
    int threads;
    bool params_only, data_only;
} cli_draws;
/* Parse one of the options above at argv[*i]: 1 consumed, 0 not one, -1 usage error (printed). */
int cli_draws_opt(cli_draws *d, const char *cmd, int argc, char **argv, int *i);
/* A progress bar on stderr when stderr is a terminal and this is the first process, else NULL. */
void (*cli_draws_progress(void))(void *ud, size_t done, size_t total);
/* Under mpirun (a build with MIGDIP_MPI): MPI started, the draws split among the processes,
 * the output of all but the first sent to /dev/null; NULL when there is one process. */
const migdip_split *cli_draws_split(void);

#endif
