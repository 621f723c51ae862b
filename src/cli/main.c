/* main.c - the migdip command: dispatches to one file per command (cmd_*.c). */
#include <errno.h>
#include <stdio.h>
#include <string.h>

#include "cli.h"

static const struct command {
    const char *name;
    int (*run)(int argc, char **argv);
    const char *summary;
} COMMANDS[] = {
    {"import", cmd_import, "read the official data files into the store"},
    {"sources", cmd_sources, "list imported vintages and the coverage of each series"},
    {"country", cmd_country, "profile of one state: economy, emigrants, immigrants, agreements"},
    {"dyad", cmd_dyad, "exposure, power and strategic logic of two states or blocs"},
    {"screen", cmd_screen, "every dyad of a year, ranked: where leverage lies"},
    {"validate", cmd_validate, "the seeds' cases: expected and computed quadrants"},
    {"export", cmd_export, "every directed dyad-year with every indicator, as CSV, JSON or Stata"},
    {"plan", cmd_plan, "diversification: which corridors would cut a state's exposure most"},
    {"coalition", cmd_coalition, "states acting together: leverage as a bloc, Shapley shares"},
    {"cite", cmd_cite, "BibTeX for the framework and every data edition in the store"},
    {"simulate", cmd_simulate, "month-by-month costs of a ban, deportations, a visa freeze or a quota"},
    {"credibility", cmd_credibility, "whether a threat is credible, and what would make it so"},
    {"trajectory", cmd_trajectory, "a dyad year by year: logics, changes, flags, documented episodes"},
    {"robust", cmd_robust, "Monte Carlo robustness of a verdict: probability of each logic"},
    {"shifts", cmd_shifts, "every dyad whose logic changed over the years, with a persistence rule"},
    {"events", cmd_events, "the documented episodes: bans, freezes, deportations, agreements won"},
};

static void usage(FILE *out)
{
    fprintf(out,
            "usage: migdip COMMAND [OPTIONS]\n\n"
            "migdip measures migration interdependence between states from official data.\n\n"
            "Commands:\n");
    for (size_t i = 0; i < sizeof COMMANDS / sizeof *COMMANDS; i++)
        fprintf(out, "  %-10s %s\n", COMMANDS[i].name, COMMANDS[i].summary);
    fprintf(out,
            "\nOptions every command takes:\n"
            "  --db FILE     the store (default: $MIGDIP_DB, else the per-user store\n"
            "                $XDG_DATA_HOME/migdip/migdip.db, XDG_DATA_HOME being ~/.local/share\n"
            "                when unset; ./migdip.db when neither HOME nor XDG_DATA_HOME is set)\n"
            "  --data DIR    the data directory (default: $MIGDIP_DATA, else ../shared/data from\n"
            "                the current directory)\n"
            "  --json, --csv output format (default: a table)\n\n"
            "Exit status: 0 ok, 1 data error, 2 usage error, 3 system error.\n"
            "`migdip COMMAND --help` describes each command.\n");
}

/* Whatever a command printed must have reached standard output: a write error (a full disk,
 * a closed pipe's reader gone, /dev/full) is a system error, said on stderr, never a silent
 * success with a truncated file. */
static int finish(int code)
{
    errno = 0;
    if (fflush(stdout) != 0 || ferror(stdout)) {
        int e = errno ? errno : EIO;
        if (code)
            return code; /* the command has said what went wrong */
        fprintf(stderr, "migdip: error: standard output: cannot write: %s\n", strerror(e));
        return EXIT_SYSTEM;
    }
    return code;
}

static int run(int argc, char **argv);

int main(int argc, char **argv) { return finish(run(argc, argv)); }

static int run(int argc, char **argv)
{
    if (argc < 2) {
        usage(stderr);
        return EXIT_USAGE;
    }
    if (!strcmp(argv[1], "--help") || !strcmp(argv[1], "-h") || !strcmp(argv[1], "help")) {
        usage(stdout);
        return EXIT_OK;
    }
    if (!strcmp(argv[1], "--version")) {
        printf("migdip %s\n", MIGDIP_VERSION);
        return EXIT_OK;
    }
    for (size_t i = 0; i < sizeof COMMANDS / sizeof *COMMANDS; i++)
        if (!strcmp(argv[1], COMMANDS[i].name))
            return COMMANDS[i].run(argc - 1, argv + 1);
    fprintf(stderr, "migdip: error: unknown command '%s'\n\n", argv[1]);
    usage(stderr);
    return EXIT_USAGE;
}
