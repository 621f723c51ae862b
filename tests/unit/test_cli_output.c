/* test_cli_output.c - what the built command promises about its output: the exit status of
 * the README (0 ok, 1 data error, 2 usage error, 3 system error) for standard output that
 * cannot be written, bad parameters and inputs over a limit whatever their size; and JSON that
 * is valid UTF-8 whatever bytes names hold, with table cells typed by column. */
#include "testutil.h"

#include <cjson/cJSON.h>

#include "util/text.h"

#include <sys/wait.h>
#include <unistd.h>

typedef struct fx {
    char *dir, *db;
} fx;

static int fx_setup(void **state)
{
    fx *f = calloc(1, sizeof *f);
    assert_non_null(f);
    f->dir = tu_tmpdir();
    migdip_ctx *ctx = tu_store(f->dir, &f->db);
    migdip_ctx_close(ctx);
    *state = f;
    return 0;
}

static int fx_teardown(void **state)
{
    fx *f = *state;
    tu_rmdir(f->dir);
    free(f->dir);
    free(f->db);
    free(f);
    return 0;
}

/* Run `migdip ARGS --db DB` with stdout to out (a path), stderr kept in dir/stderr; the exit
 * status. */
static int run(fx *f, const char *args, const char *out)
{
    char cmd[2048];
    snprintf(cmd, sizeof cmd, "'%s' %s --db '%s' >'%s' 2>'%s/stderr'", MIGDIP_CLI, args, f->db, out, f->dir);
    int st = system(cmd);
    assert_true(WIFEXITED(st));
    return WEXITSTATUS(st);
}

static void assert_stderr(fx *f, const char *needle)
{
    char *p = tu_path(f->dir, "stderr");
    FILE *in = fopen(p, "r");
    assert_non_null(in);
    char buf[4096] = {0};
    size_t n = fread(buf, 1, sizeof buf - 1, in);
    buf[n] = '\0';
    fclose(in);
    free(p);
    if (!strstr(buf, needle))
        fail_msg("stderr \"%s\" lacks \"%s\"", buf, needle);
}

/* Every command's output to a full disk: exit 3 with a message, never a silent success. */
static void test_stdout_full(void **state)
{
    fx *f = *state;
    if (access("/dev/full", W_OK) != 0)
        skip();
    const char *cmds[] = {"cite", "sources", "--help", "import --help", "validate --help", "cite --json"};
    for (size_t i = 0; i < sizeof cmds / sizeof *cmds; i++) {
        if (run(f, cmds[i], "/dev/full") != 3)
            fail_msg("migdip %s > /dev/full: not exit 3", cmds[i]);
        assert_stderr(f, "standard output: cannot write: No space left on device");
    }
    assert_int_equal(run(f, "cite", "/dev/null"), 0);
}

/* Bad parameters are usage errors (2), checked before anything is computed. */
static void test_bad_parameters(void **state)
{
    fx *f = *state;
    assert_int_equal(run(f, "validate --param nonsense", "/dev/null"), 2);
    assert_int_equal(run(f, "validate --power x", "/dev/null"), 2);
    assert_int_equal(run(f, "dyad MYS IDN --param w_power_pc=1e308", "/dev/null"), 2);
    assert_int_equal(run(f, "dyad MYS IDN --param w_power_pc=nan", "/dev/null"), 2);
    assert_int_equal(run(f, "screen --top 99999999999999999999", "/dev/null"), 2);
    assert_stderr(f, "--top: expected a whole number from 0 to 10000000");
    assert_int_equal(run(f, "screen --min-stock inf", "/dev/null"), 2);
    assert_int_equal(run(f, "export dyads --years 2020:2020 --min-stock inf", "/dev/null"), 2);
}

/* A store that is not there: every command but import refuses it (exit 1), naming the path
 * and how to create it, and creates nothing; import creates it. */
static void test_missing_store(void **state)
{
    fx *f = *state;
    char *missing = tu_path(f->dir, "typo.db"), cmd[4096];
    const char *cmds[] = {"sources", "cite", "dyad NPL QAT", "country NPL", "screen", "validate", "export dyads"};
    for (size_t i = 0; i < sizeof cmds / sizeof *cmds; i++) {
        snprintf(cmd, sizeof cmd, "'%s' %s --db '%s' >/dev/null 2>'%s/stderr'", MIGDIP_CLI, cmds[i], missing, f->dir);
        int st = system(cmd);
        assert_true(WIFEXITED(st));
        if (WEXITSTATUS(st) != 1)
            fail_msg("migdip %s on a missing store: exit %d, not 1", cmds[i], WEXITSTATUS(st));
        char want[1024];
        snprintf(want, sizeof want, "no store at %s: create it with `migdip import --data DIR --db %s`", missing,
                 missing);
        assert_stderr(f, want);
        assert_int_equal(access(missing, F_OK), -1);
    }
    snprintf(cmd, sizeof cmd, "'%s' import --no-registry --data '%s' --db '%s' >/dev/null 2>&1", MIGDIP_CLI, f->dir,
             missing);
    (void)system(cmd);
    assert_int_equal(access(missing, F_OK), 0);
    free(missing);
}

/* --version: the version, the store and its data editions (none here); --db before or after. */
static void test_version(void **state)
{
    fx *f = *state;
    char *out = tu_path(f->dir, "version.txt"), want[2048];
    assert_int_equal(run(f, "--version", out), 0);
    FILE *in = fopen(out, "r");
    assert_non_null(in);
    char buf[2048] = {0};
    size_t n = fread(buf, 1, sizeof buf - 1, in);
    buf[n] = '\0';
    fclose(in);
    snprintf(want, sizeof want, "migdip %s\nstore: %s\n  (no data imported)\n", MIGDIP_VERSION, f->db);
    assert_string_equal(buf, want);
    assert_int_equal(run(f, "--version --csv", out), 2);
    free(out);
}

/* Every command's help prints as written: no literal "%%" (a printf escape printed with fputs). */
static void test_help_texts(void **state)
{
    fx *f = *state;
    const char *cmds[] = {"import", "sources", "country", "dyad", "screen", "validate", "export", "plan", "coalition",
                          "cite", "simulate", "credibility", "trajectory", "robust", "shifts", "events", "report",
                          "serve"};
    char *out = tu_path(f->dir, "help.txt");
    for (size_t i = 0; i < sizeof cmds / sizeof *cmds; i++) {
        char args[64];
        snprintf(args, sizeof args, "help %s", cmds[i]);
        assert_int_equal(run(f, args, out), 0);
        FILE *in = fopen(out, "r");
        assert_non_null(in);
        char buf[16384] = {0};
        size_t n = fread(buf, 1, sizeof buf - 1, in);
        buf[n] = '\0';
        fclose(in);
        if (strstr(buf, "%%"))
            fail_msg("migdip help %s prints a literal %%%%", cmds[i]);
        if (strncmp(buf, "usage: migdip ", 14))
            fail_msg("migdip help %s does not start with its usage line", cmds[i]);
    }
    free(out);
}

/* The one option parser (src/cli/args.c): a mistyped option gets a suggestion, an option of
 * another command is named as such, --opt=value is --opt value, a flag takes no value, a
 * missing value is said; all usage errors (2), before the store is opened. */
static void test_option_parser(void **state)
{
    fx *f = *state;
    assert_int_equal(run(f, "dyad MYS IDN --yaer 2015", "/dev/null"), 2);
    assert_stderr(f, "unknown option '--yaer'; did you mean '--year'?");
    assert_int_equal(run(f, "screen --quadrnt I", "/dev/null"), 2);
    assert_stderr(f, "did you mean '--quadrant'?");
    assert_int_equal(run(f, "country NPL --frobnicate", "/dev/null"), 2);
    assert_stderr(f, "unknown option '--frobnicate'");
    assert_int_equal(run(f, "cite --csv", "/dev/null"), 2);
    assert_stderr(f, "cite takes no --csv");
    assert_int_equal(run(f, "validate --year 2010", "/dev/null"), 2);
    assert_stderr(f, "validate takes no --year");
    assert_int_equal(run(f, "credibility IDN MYS --save x.json", "/dev/null"), 2);
    assert_stderr(f, "credibility takes no --save");
    assert_int_equal(run(f, "sources --json=yes", "/dev/null"), 2);
    assert_stderr(f, "--json takes no value");
    char cmd[4096]; /* the option last on the command line (run() adds --db after it) */
    snprintf(cmd, sizeof cmd, "MIGDIP_DB='%s' '%s' sources --series 2>'%s/stderr'", f->db, MIGDIP_CLI, f->dir);
    int st = system(cmd);
    assert_true(WIFEXITED(st));
    assert_int_equal(WEXITSTATUS(st), 2);
    assert_stderr(f, "--series needs a value");
    assert_int_equal(run(f, "dyad MYS IDN --year=1900", "/dev/null"), 2);
    assert_stderr(f, "--year: expected a year such as 2020, got \"1900\"");
    assert_int_equal(run(f, "plan NPL --top=0", "/dev/null"), 2);
    assert_stderr(f, "--top 0: expected a number from 1 to 1000");
    /* --opt=value reaches the command: the store (empty) is read, the series filter applied */
    assert_int_equal(run(f, "sources --series=stock --csv", "/dev/null"), 0);
}

/* An input over a limit is a data error (1) naming the file, whatever its size. */
static void test_inputs_over_limits(void **state)
{
    fx *f = *state;
    /* a COW NMC file whose second record has 150,001 fields */
    char *p = tu_path(f->dir, "NMC-60-abridged.csv");
    FILE *out = fopen(p, "w");
    assert_non_null(out);
    fputs("stateabb,ccode,year,milex,milper,irst,pec,tpop,upop,cinc,version\n", out);
    for (int i = 0; i < 150000; i++)
        fputs("1,", out);
    fputs("1\n", out);
    fclose(out);
    char args[1024];
    snprintf(args, sizeof args, "import '%s'", p);
    assert_int_equal(run(f, args, "/dev/null"), 1);
    assert_stderr(f, "NMC-60-abridged.csv:2: more than 100000 fields in one record");
    free(p);
    /* a scenario file over 1 MiB */
    p = tu_path(f->dir, "big.json");
    out = fopen(p, "w");
    assert_non_null(out);
    fputc('{', out);
    for (int i = 0; i < (1 << 20); i++)
        fputc(' ', out);
    fputc('}', out);
    fclose(out);
    snprintf(args, sizeof args, "simulate --scenario '%s'", p);
    assert_int_equal(run(f, args, "/dev/null"), 1);
    assert_stderr(f, "big.json: over the 1048576-byte limit for a scenario file");
    free(p);
}

static char *slurp(const char *path, size_t *len)
{
    FILE *in = fopen(path, "rb");
    assert_non_null(in);
    char *buf = calloc(1, 1 << 20);
    assert_non_null(buf);
    *len = fread(buf, 1, (1 << 20) - 1, in);
    fclose(in);
    return buf;
}

/* Files named 0x10, nan and caf\xE9.csv (Latin-1): sources --json and import --json are
 * valid JSON and valid UTF-8, the names are strings, and a note says a byte was replaced. */
static void test_json_names(void **state)
{
    fx *f = *state;
    char *data = tu_path(f->dir, "data");
    const char *names[] = {"data/0x10", "data/nan", "data/caf\xE9.csv"};
    for (int i = 0; i < 3; i++) {
        char text[256];
        snprintf(text, sizeof text,
                 "stateabb,ccode,year,milex,milper,irst,pec,tpop,upop,cinc,version\nUSA,2,%d,1,1,1,1,1,1,0.1,2021\n",
                 2000 + i);
        free(tu_write_text(f->dir, names[i], text));
    }
    char args[1024], *out = tu_path(f->dir, "out.json");
    snprintf(args, sizeof args, "import --json --no-registry --data '%s'", data);
    const char *cmds[] = {args, "sources --json"};
    for (int k = 0; k < 2; k++) {
        assert_int_equal(run(f, cmds[k], out), 0);
        assert_stderr(f, "byte(s) that were not UTF-8 written as U+FFFD in the JSON output");
        size_t len = 0;
        char *buf = slurp(out, &len);
        for (size_t i = 0; i < len;) {
            size_t n = mg_text_utf8_seq((const unsigned char *)buf + i, len - i);
            if (!n)
                fail_msg("%s: byte %zu is not UTF-8", cmds[k], i);
            i += n;
        }
        cJSON *j = cJSON_Parse(buf);
        if (!j)
            fail_msg("%s: not JSON: %s", cmds[k], buf);
        cJSON *arr = cJSON_GetObjectItem(j, k == 0 ? "files" : "vintages");
        assert_int_equal(cJSON_GetArraySize(arr), 3);
        const char *want[] = {"0x10", "caf\xEF\xBF\xBD.csv", "nan"};
        for (int i = 0; i < 3; i++) {
            cJSON *file = cJSON_GetObjectItem(cJSON_GetArrayItem(arr, i), "file");
            assert_true(cJSON_IsString(file));
            assert_string_equal(file->valuestring, want[i]);
        }
        if (k == 1)
            assert_true(cJSON_IsNumber(cJSON_GetObjectItem(cJSON_GetArrayItem(arr, 0), "rows")));
        cJSON_Delete(j);
        free(buf);
    }
    free(out);
    free(data);
}

int main(void)
{
    const struct CMUnitTest tests[] = {
        cmocka_unit_test_setup_teardown(test_stdout_full, fx_setup, fx_teardown),
        cmocka_unit_test_setup_teardown(test_bad_parameters, fx_setup, fx_teardown),
        cmocka_unit_test_setup_teardown(test_missing_store, fx_setup, fx_teardown),
        cmocka_unit_test_setup_teardown(test_version, fx_setup, fx_teardown),
        cmocka_unit_test_setup_teardown(test_help_texts, fx_setup, fx_teardown),
        cmocka_unit_test_setup_teardown(test_option_parser, fx_setup, fx_teardown),
        cmocka_unit_test_setup_teardown(test_inputs_over_limits, fx_setup, fx_teardown),
        cmocka_unit_test_setup_teardown(test_json_names, fx_setup, fx_teardown),
    };
    return cmocka_run_group_tests(tests, NULL, NULL);
}
