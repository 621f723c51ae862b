/* cmd_export.c - `migdip export dyads`: every directed dyad-year with every indicator, as CSV,
 * JSON or Stata .dta, for analysis elsewhere. The library does the work (migdip_export_dyads);
 * this file parses options and prints notes. */
#include <math.h>
#include <stdlib.h>
#include <string.h>
#include <strings.h>
#include <unistd.h>

#include "cli.h"

static const cli_opt OPTS[] = {
    CLI_OPT("--years", "A:B", "every year from A to B (instead of --year)"),
    CLI_OPT("--format", "F", "csv, json or dta (Stata 14+); default: the --out file's extension (.csv, .json, .dta), else "
                      "csv; a format and an extension that disagree are refused", .choices = "csv json dta"),
    CLI_OPT("--out", "FILE", "write to FILE (default: standard output; dta needs a file)"),
    CLI_OPT("--system", "S", "iso (default): the sovereign states of the year; cow: Correlates of War members; gw: members "
                      "with a Gleditsch-Ward code", .choices = "iso cow gw"),
    CLI_OPT("--undirected", NULL, "one row per pair (dyads)"),
    CLI_OPT("--non-members", NULL, "keep territories and state-years outside the system"),
    CLI_OPT("--with", "LIST", "add variables: distance, language, colony, income_group, agreements, igo, or all "
                       "(comma-separated; states: income_group, agreements, igo)"),
    CLI_OPT("--codebook", "FILE", "write the codebook (JSON: metadata and columns) to FILE"),
    CLI_OPT("--min-stock", "N", "corridor volume threshold, persons (default 1000)"),
    {0},
};

const cli_cmd CLI_CMD_EXPORT = {
    "export", "dyads|states", "every directed dyad-year with every indicator, as CSV, JSON or Stata",
    "dyads: one row per directed dyad-year (a, b) of states whose corridors (both directions)\n"
    "hold at least N persons (default 1000): the rows (a,b) and (b,a), in the order year, a, b\n"
    "(with --undirected, only the row whose a has the smaller code). Each row carries a's\n"
    "exposure with its decomposition and every indicator behind it, b's exposure and power,\n"
    "both quadrants, the margin, scope and data gaps (docs/exports.md lists the columns).\n"
    "states: one row per state-year with its indicators and its dyads summed up.\n"
    "Rows keep the states of the year's state system: territories and states not yet (or no\n"
    "longer) independent are left out unless --non-members. ccode1/ccode2 are COW codes,\n"
    "gwcode1/gwcode2 Gleditsch-Ward codes, a_iso3/b_iso3 ISO 3166 codes: the merge keys of\n"
    "peacesciencer's dyad-years. Missing values stay missing: an empty CSV cell, a JSON null,\n"
    "a Stata system missing. Every file says what made it: a JSON \"metadata\" object, Stata\n"
    "notes (`notes` in Stata), and for CSV a codebook beside the file (NAME.codebook.json):\n"
    "the migdip version, the command line, the options and the data vintages of the store.\n"
    "With --years one model is built per year; years without migrant-stock data are skipped\n"
    "with a note.\n",
    OPTS, CLI_DB | CLI_JSON | CLI_CSV | CLI_QUIET | CLI_ENGINE, NULL, NULL};

typedef struct export_args {
    migdip_export_opts *o;
    const char *table, *format, *years;
} export_args;

static int own(void *ud, const char *cmd, const char *a, const char *v)
{
    export_args *x = ud;
    migdip_export_opts *o = x->o;
    if (!a) {
        if (x->table)
            return 0;
        x->table = v;
        return 1;
    }
    if (!strcmp(a, "--undirected") || !strcmp(a, "--non-members")) {
        *(a[2] == 'u' ? &o->undirected : &o->non_members) = true;
    } else if (!strcmp(a, "--years")) {
        x->years = v;
    } else if (!strcmp(a, "--format")) {
        x->format = v;
    } else if (!strcmp(a, "--out")) {
        o->path = v;
    } else if (!strcmp(a, "--codebook")) {
        o->codebook_path = v;
    } else if (!strcmp(a, "--system")) {
        if (migdip_export_system_parse(v, &o->system)) {
            cli_usage_error(cmd, "--system %s: expected iso, cow or gw", v);
            return -1;
        }
    } else if (!strcmp(a, "--with")) {
        char bad[64];
        unsigned w;
        if (migdip_export_with_parse(v, &w, bad, sizeof bad)) {
            cli_usage_error(cmd, "--with: unknown variable group '%s': expected distance, language, colony, "
                                 "income_group, agreements, igo or all", bad);
            return -1;
        }
        o->with |= w;
    } else if (!strcmp(a, "--min-stock")) {
        char *end;
        o->min_stock = strtod(v, &end);
        if (end == v || *end || !(o->min_stock >= 0) || !isfinite(o->min_stock)) {
            cli_usage_error(cmd, "--min-stock: expected a number of persons >= 0, got \"%s\"", v);
            return -1;
        }
    } else {
        return 0;
    }
    return 1;
}

static void print_note(void *ud, const char *note)
{
    if (!*(const bool *)ud)
        fprintf(stderr, "migdip: note: %s\n", note);
}

/* Progress on a terminal's standard error for exports of several years. */
static void print_progress(void *ud, int done, int total)
{
    if (*(const bool *)ud || total < 2 || !isatty(fileno(stderr)))
        return;
    fprintf(stderr, "\rmigdip: export: %d of %d years", done, total);
    if (done == total)
        fputs("\r\033[K", stderr);
    fflush(stderr);
}

/* The command line as a shell would read it back: "migdip export ..." with quoted words. */
static char *command_line(int argc, char **argv)
{
    size_t cap = 16;
    for (int i = 0; i < argc; i++)
        cap += 4 * strlen(argv[i]) + 3;
    char *s = malloc(cap), *p = s;
    if (!s)
        return NULL;
    p += sprintf(p, "migdip");
    for (int i = 0; i < argc; i++) {
        const char *a = argv[i];
        bool plain = *a && strspn(a, "abcdefghijklmnopqrstuvwxyzABCDEFGHIJKLMNOPQRSTUVWXYZ0123456789-_=:,./+@%") ==
                               strlen(a);
        *p++ = ' ';
        if (plain) {
            p += sprintf(p, "%s", a);
            continue;
        }
        *p++ = '\'';
        for (; *a; a++) {
            if (*a == '\'') {
                memcpy(p, "'\\''", 4);
                p += 4;
            } else {
                *p++ = *a;
            }
        }
        *p++ = '\'';
        *p = '\0';
    }
    return s;
}

/* "A:B" with 1960 <= A <= B <= 2100. */
static bool parse_years(const char *s, int *from, int *to)
{
    char *end;
    long a = strtol(s, &end, 10);
    if (end == s || *end != ':')
        return false;
    const char *rest = end + 1;
    long b = strtol(rest, &end, 10);
    if (end == rest || *end || a < 1960 || b > 2100 || a > b)
        return false;
    *from = (int)a;
    *to = (int)b;
    return true;
}

int cmd_export(int argc, char **argv)
{
    cli_common c;
    cli_engine e;
    cli_common_init(&c);
    cli_engine_init(&e);
    migdip_export_opts o;
    migdip_export_opts_init(&o);
    const char *table = NULL, *format = NULL, *years = NULL;
    char *cmdline = NULL;
    int code = EXIT_OK;
    migdip_ctx *ctx = NULL;
    export_args xa = {.o = &o};
    cli_sink to = {.common = &c, .engine = &e, .own = own, .ud = &xa};
    if (cli_parse(&CLI_CMD_EXPORT, argc, argv, &to, &code) <= 0)
        goto done;
    table = xa.table, format = xa.format, years = xa.years;
    if (!table) {
        code = cli_usage_error("export", "what to export? `migdip export dyads ...`");
        goto done;
    }
    if (!strcmp(table, "states")) {
        o.table = MIGDIP_TABLE_STATES;
    } else if (strcmp(table, "dyads") != 0) {
        code = cli_usage_error("export", "unknown table '%s': expected dyads or states", table);
        goto done;
    }
    /* the format: --format, --json/--csv, or the file's extension; they must agree */
    const char *ext = NULL;
    if (o.path && strcmp(o.path, "-")) {
        const char *dot = strrchr(o.path, '.'), *slash = strrchr(o.path, '/');
        if (dot && (!slash || dot > slash) && (!strcasecmp(dot, ".csv") || !strcasecmp(dot, ".json") ||
                                               !strcasecmp(dot, ".dta")))
            ext = dot + 1;
    }
    const char *flag = c.fmt == OUT_JSON ? "json" : c.fmt == OUT_CSV ? "csv" : NULL;
    if (format && flag && strcasecmp(format, flag)) {
        code = cli_usage_error("export", "--format %s and --%s disagree: give one of them", format, flag);
        goto done;
    }
    if (!format)
        format = flag;
    if (format && ext && strcasecmp(format, ext)) {
        code = cli_usage_error("export", "%s is a .%s file but the format asked is %s: change one of them", o.path,
                               ext, format);
        goto done;
    }
    if (!format)
        format = ext ? ext : "csv";
    if (migdip_export_format_parse(format, &o.format)) {
        code = cli_usage_error("export", "--format %s: expected csv, json or dta", format);
        goto done;
    }
    if (o.format == MIGDIP_EXPORT_DTA && (!o.path || !strcmp(o.path, "-"))) {
        code = cli_usage_error("export", "--format dta writes a binary file: give it a name with --out FILE.dta");
        goto done;
    }
    if (years && e.opts.year) {
        code = cli_usage_error("export", "--year and --years exclude each other");
        goto done;
    }
    if (years && !parse_years(years, &o.year_from, &o.year_to)) {
        code = cli_usage_error("export", "--years: expected FROM:TO with 1960 <= FROM <= TO <= 2100, got \"%s\"",
                               years);
        goto done;
    }
    if (!years)
        o.year_from = o.year_to = e.opts.year;
    o.model = e.opts;
    o.out = stdout;
    o.note = print_note;
    o.note_ud = &c.quiet;
    o.progress = print_progress;
    if (!(o.command_line = cmdline = command_line(argc, argv)))
        cli_out_of_memory();
    if (!(ctx = cli_open(&c, &code)))
        goto done;
    migdip_export_summary sum;
    migdip_status st = migdip_export_run(ctx, &o, &sum);
    if (st) {
        code = cli_fail_ctx(ctx, st);
        goto done;
    }
    char rows[32];
    if (o.path && strcmp(o.path, "-") != 0 && !c.quiet)
        fprintf(stderr, "migdip: wrote %s rows (%d year%s) to %s\n", cli_grouped(rows, sizeof rows, (double)sum.rows),
                sum.years_written, sum.years_written == 1 ? "" : "s", o.path);
done:
    free(cmdline);
    migdip_ctx_close(ctx);
    cli_engine_cleanup(&e);
    return code;
}
