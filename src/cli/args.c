/* args.c - the one option parser of every command, and what is generated from the same tables
 * of options (cli.h): the usage lines and `migdip help CMD`, the man page (`migdip help --man`)
 * and bash completion (`migdip completion bash`). A command declares its own options and the
 * shared groups it takes (common.c, engine_opts.c, sim_opts.c, draws.c); nothing
 * else is accepted, so no option is accepted and ignored. */
#include <stdlib.h>
#include <string.h>

#include "cli.h"

/* The groups in the order help lists them, each with its heading and the bit that selects it. */
enum { G_OWN, G_SIM, G_DRAWS, G_ENGINE, G_COMMON, G_N };
static const struct group {
    const cli_opt *opts;
    unsigned bit;
    const char *title;
} GROUPS[G_N] = {
    [G_OWN] = {NULL, 0, "Options"},
    [G_SIM] = {CLI_SIM_OPTS, CLI_SIM, "Simulator options"},
    [G_DRAWS] = {CLI_DRAWS_OPTS, CLI_DRAWS, "Robustness draws"},
    [G_ENGINE] = {CLI_ENGINE_OPTS, CLI_ENGINE, "Engine options (docs/model.md)"},
    [G_COMMON] = {CLI_COMMON_OPTS, 0, "Common options"},
};

static const cli_opt *group_opts(const cli_cmd *cmd, int g)
{
    if (g == G_OWN)
        return cmd->opts;
    if (g == G_COMMON || (cmd->takes & GROUPS[g].bit))
        return GROUPS[g].opts;
    return NULL;
}

/* Whether the space-separated list has the word w. */
static bool listed(const char *list, const char *w)
{
    size_t n = strlen(w);
    for (const char *p = list; p && *p; p += strcspn(p, " "), p += *p == ' ')
        if (strcspn(p, " ") == n && !strncmp(p, w, n))
            return true;
    return false;
}

/* Whether cmd takes this entry of group g (a common option by its bit; a group's option unless
 * the command leaves it out). */
static bool takes(const cli_cmd *cmd, int g, const cli_opt *o)
{
    if (g == G_COMMON)
        return cmd->takes & o->bit;
    return g == G_OWN || !listed(cmd->without, o->name);
}

#define EACH_OPT(cmd, g, o)                                                                                            \
    for (int g = 0; g < G_N; g++)                                                                                      \
        for (const cli_opt *o = group_opts(cmd, g); o && o->name; o++)                                                 \
            if (takes(cmd, g, o))

static const cli_opt *find(const cli_cmd *cmd, const char *name, int *group)
{
    EACH_OPT(cmd, g, o)
    {
        if (!strcmp(o->name, name) || (o->alias && !strcmp(o->alias, name))) {
            *group = g;
            return o;
        }
    }
    return NULL;
}

size_t cli_distance(const char *a, const char *b)
{
    size_t la = strlen(a), lb = strlen(b);
    if (la > 64 || lb > 64)
        return 99;
    size_t row[65];
    for (size_t j = 0; j <= lb; j++)
        row[j] = j;
    for (size_t i = 1; i <= la; i++) {
        size_t prev = row[0];
        row[0] = i;
        for (size_t j = 1; j <= lb; j++) {
            size_t cur = row[j], sub = prev + (a[i - 1] != b[j - 1]);
            size_t best = row[j] + 1 < row[j - 1] + 1 ? row[j] + 1 : row[j - 1] + 1;
            row[j] = sub < best ? sub : best;
            prev = cur;
        }
    }
    return row[lb];
}

const cli_opt *cli_common_find(const char *name)
{
    for (const cli_opt *o = CLI_COMMON_OPTS; o->name; o++)
        if (!strcmp(o->name, name) || (o->alias && !strcmp(o->alias, name)))
            return o;
    return NULL;
}

/* Whether name is an option of some group (an option this command does not take). */
static bool known_elsewhere(const char *name)
{
    for (int g = 1; g < G_N; g++)
        for (const cli_opt *o = GROUPS[g].opts; o->name; o++)
            if (!strcmp(o->name, name))
                return true;
    return false;
}

static int unknown_option(const cli_cmd *cmd, const char *name)
{
    const char *best = NULL;
    size_t best_d = strlen(name) > 5 ? 3 : 2; /* suggest only a close name */
    EACH_OPT(cmd, g, o)
    {
        size_t d = cli_distance(name, o->name);
        if (d < best_d) {
            best_d = d;
            best = o->name;
        }
    }
    if (best)
        return cli_usage_error(cmd->name, "unknown option '%s'; did you mean '%s'?", name, best);
    if (known_elsewhere(name))
        return cli_usage_error(cmd->name, "%s takes no %s", cmd->name, name);
    return cli_usage_error(cmd->name, "unknown option '%s'", name);
}

static int dispatch(const cli_cmd *cmd, int g, const cli_opt *o, const char *val, const cli_sink *to)
{
    if (to->own) {
        int r = to->own(to->ud, cmd->name, o->name, val);
        if (r)
            return r < 0 ? -1 : 0;
    }
    switch (g) {
    case G_COMMON: return to->common ? cli_common_set(to->common, cmd->name, o->name, val) : 0;
    case G_ENGINE: return to->engine ? cli_engine_set(to->engine, cmd->name, o->name, val) : 0;
    case G_SIM: return to->sim ? cli_sim_set(to->sim, cmd->name, o->name, val) : 0;
    case G_DRAWS: return to->draws ? cli_draws_set(to->draws, cmd->name, o->name, val) : 0;
    default: return 0; /* the command's own, taken by own */
    }
}

int cli_parse(const cli_cmd *cmd, int argc, char **argv, const cli_sink *to, int *code)
{
    *code = EXIT_OK;
    for (int i = 1; i < argc; i++) {
        const char *a = argv[i];
        if (a[0] != '-' || !a[1]) { /* an operand ("-" is one: standard input or output) */
            int r = to->own ? to->own(to->ud, cmd->name, NULL, a) : 0;
            if (r < 0 || (!r && cli_usage_error(cmd->name, "unexpected argument '%s'", a))) {
                *code = EXIT_USAGE;
                return -1;
            }
            continue;
        }
        if (!strcmp(a, "--help") || !strcmp(a, "-h")) {
            cli_help(cmd, stdout);
            return 0;
        }
        /* --opt=value is --opt value */
        char name[80];
        const char *eq = a[1] == '-' ? strchr(a, '=') : NULL, *val = NULL;
        snprintf(name, sizeof name, "%.*s", eq ? (int)(eq - a) : (int)strlen(a), a);
        int g = 0;
        const cli_opt *o = find(cmd, name, &g);
        if (!o) {
            *code = unknown_option(cmd, name);
            return -1;
        }
        if (!o->arg && eq) {
            *code = cli_usage_error(cmd->name, "%s takes no value (got '%s')", o->name, a);
            return -1;
        }
        if (o->arg) {
            if (eq)
                val = eq + 1;
            else if (i + 1 < argc)
                val = argv[++i];
            else {
                *code = cli_usage_error(cmd->name, "%s needs a value (%s %s)", o->name, o->name, o->arg);
                return -1;
            }
        }
        if (dispatch(cmd, g, o, val, to) < 0) {
            *code = EXIT_USAGE;
            return -1;
        }
    }
    if (to->common) {
        cli_output_wide(to->common->wide);
        cli_output_format(to->common->fmt);
    }
    return 1;
}

/* The operands of a command taking sides (ISO3 codes, names or blocs): the first two. */
typedef struct sides {
    const char **who;
    cli_own_fn own;
    void *ud;
} sides;

static int side_or_own(void *ud, const char *cmd, const char *opt, const char *val)
{
    sides *s = ud;
    int r = s->own ? s->own(s->ud, cmd, opt, val) : 0;
    if (r || opt)
        return r;
    if (s->who[1]) /* a third operand: unexpected */
        return 0;
    s->who[s->who[0] ? 1 : 0] = val;
    return 1;
}

int cli_parse_sides(const cli_cmd *cmd, int argc, char **argv, const cli_sink *to, const char *who[2], int *code)
{
    who[0] = who[1] = NULL;
    sides s = {who, to->own, to->ud};
    cli_sink t = *to;
    t.own = side_or_own;
    t.ud = &s;
    return cli_parse(cmd, argc, argv, &t, code);
}

bool cli_two_sides(const cli_cmd *cmd, const char *example, int argc, char **argv, cli_common *c, cli_engine *e,
                   cli_sink to, const char *who[2], int *code)
{
    cli_common_init(c);
    cli_engine_init(e);
    to.common = c;
    to.engine = e;
    if (cli_parse_sides(cmd, argc, argv, &to, who, code) <= 0) {
        cli_engine_cleanup(e);
        return false;
    }
    if (!who[1]) {
        cli_engine_cleanup(e);
        *code = cli_usage_error(cmd->name, "two sides are needed, e.g. `%s`", example);
        return false;
    }
    return true;
}

/* ---------------------------------------------------------------- help */

enum { WIDTH = 80, COL = 24 };

static size_t opt_usage(const cli_opt *o, char *buf, size_t cap)
{
    int n = snprintf(buf, cap, "%s%s%s", o->name, o->arg ? " " : "", o->arg ? o->arg : "");
    return n > 0 ? (size_t)n : 0;
}

void cli_usage_lines(const cli_cmd *cmd, FILE *out)
{
    char head[64];
    int indent = snprintf(head, sizeof head, "usage: migdip %s", cmd->name);
    fputs(head, out);
    size_t col = (size_t)indent;
    if (cmd->operands) {
        fprintf(out, " %s", cmd->operands);
        col += 1 + strlen(cmd->operands);
    }
    /* the options in brackets, alternatives together ([--json|--csv]), wrapped under the first */
    EACH_OPT(cmd, g, o)
    {
        if (o->alt)
            continue;
        char item[256];
        size_t n = 1;
        item[0] = '[';
        n += opt_usage(o, item + n, sizeof item - n);
        for (const cli_opt *p = o + 1; p->name && p->alt; p++) {
            if (!takes(cmd, g, p))
                continue;
            item[n++] = '|';
            n += opt_usage(p, item + n, sizeof item - n);
        }
        snprintf(item + n, sizeof item - n, "]");
        n++;
        if (col + 1 + n > WIDTH) {
            fprintf(out, "\n%*s", indent, "");
            col = (size_t)indent;
        }
        fprintf(out, " %s", item);
        col += 1 + n;
    }
    fputc('\n', out);
    if (cmd->also)
        fprintf(out, "       migdip %s\n", cmd->also);
}

/* text wrapped at WIDTH, continuation lines at column at (the cursor is at column col) */
static void wrapped(FILE *out, const char *text, size_t col, size_t at)
{
    const char *p = text;
    bool first = true;
    while (*p) {
        size_t w = strcspn(p, " ");
        if (!first && col + 1 + w > WIDTH) {
            fprintf(out, "\n%*s", (int)at, "");
            col = at;
        } else if (!first) {
            fputc(' ', out);
            col++;
        }
        fwrite(p, 1, w, out);
        col += w;
        first = false;
        p += w;
        while (*p == ' ')
            p++;
    }
    fputc('\n', out);
}

void cli_opt_help(FILE *out, const cli_opt *o)
{
    char left[128];
    int n = snprintf(left, sizeof left, "  %s%s%s%s%s", o->alias ? o->alias : "", o->alias ? ", " : "", o->name,
                     o->arg ? " " : "", o->arg ? o->arg : "");
    fputs(left, out);
    size_t col = (size_t)n;
    if (col + 2 > COL) {
        fprintf(out, "\n%*s", COL, "");
    } else {
        fprintf(out, "%*s", (int)(COL - col), "");
    }
    wrapped(out, o->help, COL, COL);
}

void cli_help(const cli_cmd *cmd, FILE *out)
{
    cli_usage_lines(cmd, out);
    fprintf(out, "\n%s", cmd->text);
    for (int g = 0; g < G_N; g++) {
        bool any = false;
        for (const cli_opt *o = group_opts(cmd, g); o && o->name; o++)
            if (takes(cmd, g, o)) {
                if (!any)
                    fprintf(out, "\n%s:\n", GROUPS[g].title);
                any = true;
                cli_opt_help(out, o);
            }
        if (g == G_COMMON) {
            static const cli_opt HELP_OPT = CLI_OPT("--help", NULL, "this help (also `migdip help COMMAND`)", .alias = "-h");
            if (!any)
                fprintf(out, "\n%s:\n", GROUPS[g].title);
            cli_opt_help(out, &HELP_OPT);
        }
    }
}

/* ---------------------------------------------------------------- man page */

/* roff-safe text: a backslash doubled, a leading dot or quote escaped, '-' as \- in names */
static void roff(FILE *out, const char *s, bool dashes)
{
    if (*s == '.' || *s == '\'')
        fputs("\\&", out);
    for (; *s; s++) {
        if (*s == '\\')
            fputs("\\e", out);
        else if (*s == '-' && dashes)
            fputs("\\-", out);
        else
            fputc(*s, out);
    }
}

/* paragraphs of text: a blank line is .PP, an indented line keeps its line (.br) */
static void roff_text(FILE *out, const char *text)
{
    const char *p = text;
    bool para = false;
    while (*p) {
        size_t len = strcspn(p, "\n");
        if (!len) {
            if (para)
                fputs(".PP\n", out);
            para = false;
        } else {
            char line[512];
            snprintf(line, sizeof line, "%.*s", (int)(len < sizeof line ? len : sizeof line - 1), p);
            if (line[0] == ' ' && para)
                fputs(".br\n", out);
            const char *t = line;
            while (*t == ' ')
                t++;
            roff(out, t, false);
            fputc('\n', out);
            para = true;
        }
        p += len + (p[len] == '\n');
    }
}

static void man_opt(FILE *out, const cli_opt *o)
{
    fputs(".TP\n", out);
    if (o->alias) {
        fputs("\\fB", out);
        roff(out, o->alias, true);
        fputs("\\fR, ", out);
    }
    fputs("\\fB", out);
    roff(out, o->name, true);
    fputs("\\fR", out);
    if (o->arg) {
        fputs(" \\fI", out);
        roff(out, o->arg, false);
        fputs("\\fR", out);
    }
    fputc('\n', out);
    roff(out, o->help, false);
    fputc('\n', out);
}

void cli_man(const cli_cmd *const *cmds, size_t n, FILE *out)
{
    fprintf(out, ".\\\" migdip.1 - generated by `migdip help --man` from the option tables of src/cli\n"
                 ".TH MIGDIP 1 \"\" \"migdip %s\" \"User Commands\"\n"
                 ".SH NAME\nmigdip \\- migration interdependence between states, from official data\n"
                 ".SH SYNOPSIS\n.B migdip\n[\\fIcommon options\\fR] \\fICOMMAND\\fR [\\fIOPTIONS\\fR] [\\fIOPERANDS\\fR]\n"
                 ".br\n.B migdip help\n[\\fICOMMAND\\fR | \\fB\\-\\-man\\fR]\n"
                 ".br\n.B migdip completion bash\n.br\n.B migdip \\-\\-version\n[\\fB\\-\\-db\\fR \\fIFILE\\fR]\n"
                 ".SH DESCRIPTION\nmigdip measures migration interdependence between states from official data:\n"
                 "each side's exposure to a disruption of the migration between two states, which side is\n"
                 "stronger, and each side's strategic logic. Options may be written \\fB\\-\\-opt=value\\fR;\n"
                 "the common options may also come before the command.\n",
            MIGDIP_VERSION);
    fputs(".SH COMMON OPTIONS\n", out);
    for (const cli_opt *o = CLI_COMMON_OPTS; o->name; o++)
        man_opt(out, o);
    fputs(".TP\n\\fB\\-h\\fR, \\fB\\-\\-help\\fR\nthe command's help\n", out);
    fputs(".SH COMMANDS\n", out);
    for (size_t i = 0; i < n; i++) {
        const cli_cmd *c = cmds[i];
        fputs(".SS ", out);
        roff(out, c->name, true);
        fputc('\n', out);
        fputs(".nf\n", out);
        char *buf = NULL;
        size_t len = 0;
        FILE *m = open_memstream(&buf, &len);
        if (!m)
            cli_out_of_memory();
        cli_usage_lines(c, m);
        fclose(m);
        /* the usage lines without their "usage: " and its indentation */
        for (char *p = buf + strlen("usage: "), *nl; *p; p = nl + 1) {
            nl = strchr(p, '\n');
            if (!nl)
                break;
            *nl = '\0';
            if (p != buf + strlen("usage: ") && !strncmp(p, "       ", 7))
                p += 7;
            roff(out, p, true);
            fputc('\n', out);
        }
        free(buf);
        fputs(".fi\n", out);
        roff_text(out, c->text);
        for (int g = 0; g < G_N; g++) {
            if (g == G_COMMON)
                continue;
            for (const cli_opt *o = group_opts(c, g); o && o->name; o++)
                if (takes(c, g, o))
                    man_opt(out, o);
        }
        bool any = false;
        for (const cli_opt *o = CLI_COMMON_OPTS; o->name; o++)
            if (c->takes & o->bit) {
                fputs(any ? ", " : ".TP\nCommon options:\n", out);
                fputs("\\fB", out);
                roff(out, o->name, true);
                fputs("\\fR", out);
                any = true;
            }
        if (any)
            fputc('\n', out);
    }
    fputs(".SH EXIT STATUS\n0 ok, 1 data error, 2 usage error, 3 system error.\n"
          ".SH ENVIRONMENT\n.TP\n.B MIGDIP_DB\nthe store (default: \\fI$XDG_DATA_HOME/migdip/migdip.db\\fR, "
          "\\fIXDG_DATA_HOME\\fR being \\fI~/.local/share\\fR when unset)\n"
          ".TP\n.B MIGDIP_DATA\nthe data directory of \\fBimport\\fR (default: \\fI../shared/data\\fR)\n"
          ".TP\n.B COLUMNS\nthe width of tables and prose on a terminal whose width cannot be asked\n"
          ".SH SEE ALSO\nREADME.md and docs/ of the source tree; \\fBmigdip help\\fR \\fICOMMAND\\fR.\n",
          out);
}

/* ---------------------------------------------------------------- bash completion */

static bool takes_path(const cli_opt *o, const char *kind)
{
    return o->arg && strstr(o->arg, kind);
}

void cli_completion_bash(const cli_cmd *const *cmds, size_t n, FILE *out)
{
    fputs("# bash completion for migdip, generated by `migdip completion bash` from its option tables\n"
          "_migdip()\n{\n"
          "    local cur prev cmd i\n"
          "    cur=\"${COMP_WORDS[COMP_CWORD]}\"\n"
          "    prev=\"${COMP_WORDS[COMP_CWORD-1]}\"\n"
          "    cmd=\"\"\n"
          "    for ((i = 1; i < COMP_CWORD; i++)); do\n"
          "        case \"${COMP_WORDS[i]}\" in\n",
          out);
    /* the common options taking a value may come before the command: skip their value */
    fputs("            ", out);
    bool first = true;
    for (const cli_opt *o = CLI_COMMON_OPTS; o->name; o++)
        if (o->arg) {
            fprintf(out, "%s%s", first ? "" : "|", o->name);
            first = false;
        }
    fputs(") ((i++)) ;;\n"
          "            -*) ;;\n"
          "            *) cmd=\"${COMP_WORDS[i]}\"; break ;;\n"
          "        esac\n"
          "    done\n"
          "    if [[ -z $cmd ]]; then\n"
          "        if [[ $cur == -* ]]; then\n"
          "            COMPREPLY=($(compgen -W \"--help --version",
          out);
    for (const cli_opt *o = CLI_COMMON_OPTS; o->name; o++)
        fprintf(out, " %s", o->name);
    fputs("\" -- \"$cur\"))\n"
          "        else\n"
          "            COMPREPLY=($(compgen -W \"help completion",
          out);
    for (size_t i = 0; i < n; i++)
        fprintf(out, " %s", cmds[i]->name);
    fputs("\" -- \"$cur\"))\n"
          "        fi\n"
          "        return\n"
          "    fi\n"
          "    case \"$cmd\" in\n"
          "    help) COMPREPLY=($(compgen -W \"--man",
          out);
    for (size_t i = 0; i < n; i++)
        fprintf(out, " %s", cmds[i]->name);
    fputs("\" -- \"$cur\")); return ;;\n"
          "    completion) COMPREPLY=($(compgen -W \"bash\" -- \"$cur\")); return ;;\n",
          out);
    for (size_t i = 0; i < n; i++) {
        const cli_cmd *c = cmds[i];
        fprintf(out, "    %s)\n        case \"$prev\" in\n", c->name);
        /* the values of its options: choices, files, folders, anything else left to the user */
        EACH_OPT(c, g, o)
        {
            if (!o->arg)
                continue;
            fprintf(out, "        %s%s%s) ", o->name, o->alias ? "|" : "", o->alias ? o->alias : "");
            if (o->choices)
                fprintf(out, "COMPREPLY=($(compgen -W \"%s\" -- \"$cur\")); return ;;\n", o->choices);
            else if (takes_path(o, "DIR"))
                fputs("COMPREPLY=($(compgen -d -- \"$cur\")); return ;;\n", out);
            else if (takes_path(o, "FILE"))
                fputs("COMPREPLY=($(compgen -f -- \"$cur\")); return ;;\n", out);
            else
                fputs("return ;;\n", out);
        }
        fputs("        esac\n        COMPREPLY=($(compgen -W \"--help", out);
        EACH_OPT(c, g, o)
        {
            fprintf(out, " %s", o->name);
        }
        fputs("\" -- \"$cur\"))\n", out);
        if (c->operands && strstr(c->operands, "FILE"))
            fputs("        [[ $cur == -* ]] || COMPREPLY+=($(compgen -f -- \"$cur\"))\n", out);
        fputs("        ;;\n", out);
    }
    fputs("    esac\n}\ncomplete -F _migdip migdip\n", out);
}
