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

/* ---------------------------------------------------------------- args.c
 * The one option parser of every command, driven by tables of options; the usage lines,
 * `migdip help CMD`, the man page (`migdip help --man`) and bash completion (`migdip
 * completion bash`) are generated from the same tables, so that they cannot drift apart. */

/* One option: its name ("--year"), its argument's name ("Y"; NULL: a flag), one line of help. */
typedef struct cli_opt {
    const char *name, *arg, *help;
    const char *alias;   /* a short form ("-o", "-q") or NULL */
    const char *choices; /* the values it takes, space-separated (for completion), or NULL */
    unsigned bit;        /* the common options: which CLI_<option> bit of cli_cmd.takes it is */
    bool alt;            /* shown in the same brackets as the option before it ([--json|--csv]) */
} cli_opt;

/* An entry of a table: CLI_OPT("--year", "Y", "the year", .choices = ...). */
#define CLI_OPT(name_, arg_, help_, ...) {.name = (name_), .arg = (arg_), .help = (help_), __VA_ARGS__}

/* What a command takes besides its own options: common options one by one, whole groups. */
enum {
    CLI_DB = 1u << 0, CLI_DATA = 1u << 1, CLI_JSON = 1u << 2, CLI_CSV = 1u << 3, CLI_QUIET = 1u << 4,
    CLI_WIDE = 1u << 5,
    CLI_ENGINE = 1u << 8, CLI_SIM = 1u << 9, CLI_DRAWS = 1u << 10,
    CLI_OUT = CLI_DB | CLI_JSON | CLI_CSV | CLI_WIDE, /* what a command reading the store and printing tables takes */
};

/* A command: its name, operands ("A B", "[FILE...]"; NULL: none), the one-line summary of
 * `migdip help`, the text of `migdip help CMD` (paragraphs), its own options ({0}-ended;
 * NULL: none) and what else it takes. */
typedef struct cli_cmd {
    const char *name, *operands, *summary, *text;
    const cli_opt *opts;
    unsigned takes;
    const char *also;    /* another form of the command, printed under the usage line, or NULL */
    const char *without; /* options of its groups it does not take, space-separated ("--year"), or NULL */
} cli_cmd;

/* The shared tables, {0}-ended: common.c, engine_opts.c, sim_opts.c, draws.c. */
extern const cli_opt CLI_COMMON_OPTS[], CLI_ENGINE_OPTS[], CLI_SIM_OPTS[], CLI_DRAWS_OPTS[];

/* Where the parsed options go. own sees every option first (opt: its name, val: its value or
 * NULL for a flag) and every operand (opt NULL, val the operand): 1 taken, 0 not its own (a
 * shared option goes on to its group; an operand is then an unexpected argument), -1 a usage
 * error it has printed. */
typedef int (*cli_own_fn)(void *ud, const char *cmd, const char *opt, const char *val);
typedef struct cli_sink {
    struct cli_common *common;
    struct cli_engine *engine;
    struct cli_sim *sim;
    struct cli_draws *draws;
    cli_own_fn own;
    void *ud;
} cli_sink;

/* Parse argv[1..] for cmd: options from its tables (also --opt=value, and -h/--help), operands
 * to own. Returns 1 to go on; 0 when --help was printed (*code 0); -1 on a usage error, printed
 * with a suggestion when an option is mistyped (*code 2). */
int cli_parse(const cli_cmd *cmd, int argc, char **argv, const cli_sink *to, int *code);
/* `migdip help CMD` / `CMD --help`: the usage lines, the text, every option with its help. */
void cli_help(const cli_cmd *cmd, FILE *out);
/* The usage lines alone; one option's line(s) of help as `migdip help` lists them. */
void cli_usage_lines(const cli_cmd *cmd, FILE *out);
void cli_opt_help(FILE *out, const cli_opt *o);
/* The man page (roff) and bash completion of every command. */
void cli_man(const cli_cmd *const *cmds, size_t n, FILE *out);
void cli_completion_bash(const cli_cmd *const *cmds, size_t n, FILE *out);
/* Edit distance between two short words (for "did you mean"); 99 past 64 bytes. */
size_t cli_distance(const char *a, const char *b);
/* The table entry of a common option ("--db"), or NULL. */
const cli_opt *cli_common_find(const char *name);
/* Parse the arguments of a command that takes up to two sides (ISO3, names or blocs): to's own
 * (may be NULL) sees the options first, as in cli_parse; the operands are the sides. Returns as
 * cli_parse. */
int cli_parse_sides(const cli_cmd *cmd, int argc, char **argv, const cli_sink *to, const char *who[2], int *code);
/* The same for a command that needs both sides: initialises c and e (to's common and engine),
 * and returns true to go on; false when the command is over (help printed, a usage error, a side missing: the
 * message names `example`), with e cleaned up and *code the exit code. */
bool cli_two_sides(const cli_cmd *cmd, const char *example, int argc, char **argv, struct cli_common *c,
                   struct cli_engine *e, cli_sink to, const char *who[2], int *code);

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

/* Set the common option opt (an entry of CLI_COMMON_OPTS) to val: 0, or -1 on a usage error
 * (printed). */
int cli_common_set(cli_common *c, const char *cmd, const char *opt, const char *val);
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
/* Tab-separated cells. With --json or --csv (cli_output_format), a "%.Nf" gives its number in
 * full (the fewest digits that read back as it): the decimals are for tables on a screen. */
void cli_table_addf(cli_table *t, const char *fmt, ...);
void cli_output_format(out_format fmt);
/* As a table, numbers get thousands separators (a column whose integers reach five digits: all
 * its numbers of four digits or more; CSV and JSON keep them as they are) and, on a terminal,
 * the table fits its width (text columns cut with "…", then blocks of columns each led by the
 * first), unless cli_output_wide (--wide, set by cli_parse). Files and pipes get it whole. */
void cli_table_print(const cli_table *t, out_format fmt, FILE *out);
void cli_output_wide(bool wide);
cJSON *cli_table_json(const cli_table *t);
void cli_table_free(cli_table *t);

/* Print prose (paragraphs, "- " items): on a terminal, wrapped at word boundaries to its width
 * (the ioctl's, else $COLUMNS, else 80), continuation lines indented like the line's text;
 * as it is with --wide or when standard output is not a terminal (files, pipes, tests). */
void cli_print_prose(const cli_common *c, const char *text);
/* Fixed formats so that output is deterministic: numbers with a given number of decimals
 * ("" for NaN; in full with --json or --csv, as cli_table_addf), grouped thousands for a table. */
const char *cli_num(char *buf, size_t cap, double v, int decimals);
const char *cli_grouped(char *buf, size_t cap, double v);

/* --svg FILE (dyad, country, trajectory, simulate, robust, each with its own entry saying what
 * it draws): 0, or -1 on a usage error (printed). */
int cli_svg_set(const char **svg, const char *cmd, const char *val);
/* Write doc (an SVG or HTML document, freed here; NULL: out of memory) to path. Returns the
 * exit code: 0, or 3 with the error said. */
int cli_write_doc(const char *path, char *doc);

/* Print a cJSON tree with sorted keys kept in insertion order (we insert in a fixed order). */
void cli_json_print(cJSON *j, FILE *out);
/* The end of a JSON output streamed to out: its newline, and the note on bytes written as U+FFFD. */
void cli_json_done(FILE *out, size_t bad);

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
/* Like cli_common_set, for an entry of CLI_ENGINE_OPTS (--year, --power, --bloc, --param,
 * --edition, --territories, --carry). */
int cli_engine_set(cli_engine *e, const char *cmd, const char *opt, const char *val);
migdip_model *cli_engine_load(migdip_ctx *ctx, cli_engine *e, int *code);



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
int cli_sim_set(cli_sim *s, const char *cmd, const char *opt, const char *val);
/* The options to run: the scenario file, then the command line over it (a, b may be NULL);
 * a scenario's year goes into e unless --year was given. Errors are left on ctx. */
migdip_status cli_sim_resolve(migdip_ctx *ctx, cli_sim *s, cli_engine *e, const char *a, const char *b,
                              migdip_sim_opts *o);
void cli_sim_cleanup(cli_sim *s);

/* ---------------------------------------------------------------- cmd_*.c
 * Each command's table (CLI_CMD_<NAME>, listed by main.c) and its entry point. */
extern const cli_cmd CLI_CMD_IMPORT, CLI_CMD_SOURCES, CLI_CMD_COUNTRY, CLI_CMD_DYAD, CLI_CMD_SCREEN, CLI_CMD_VALIDATE,
    CLI_CMD_EXPORT, CLI_CMD_CITE, CLI_CMD_PLAN, CLI_CMD_COALITION, CLI_CMD_SIMULATE, CLI_CMD_CREDIBILITY,
    CLI_CMD_TRAJECTORY, CLI_CMD_EVENTS, CLI_CMD_SHIFTS, CLI_CMD_ROBUST, CLI_CMD_SERVE, CLI_CMD_REPORT;
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
/* `dyad A B --years FROM:TO`: the trajectory (cmd_trajectory.c), parsed with dyad's table. */
int cmd_dyad_years(const cli_cmd *dyad, int argc, char **argv);

/* ---------------------------------------------------------------- draws.c
 * The options of the robustness draws shared by robust and screen --robust (--seed, --threads,
 * --params-only, --data-only), the progress bar, and the draws shared among MPI processes. */
typedef struct cli_draws {
    uint64_t seed;
    int threads;
    bool params_only, data_only;
} cli_draws;
/* Set one of the options above (an entry of CLI_DRAWS_OPTS): 0, or -1 on a usage error (printed). */
int cli_draws_set(cli_draws *d, const char *cmd, const char *opt, const char *val);
/* A progress bar on stderr when stderr is a terminal and this is the first process, else NULL. */
void (*cli_draws_progress(void))(void *ud, size_t done, size_t total);
/* Under mpirun (a build with MIGDIP_MPI): MPI started, the draws split among the processes,
 * the output of all but the first sent to /dev/null; NULL when there is one process. */
const migdip_split *cli_draws_split(void);

#endif
