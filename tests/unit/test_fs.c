/* test_fs.c - output files written whole and never replacing what their path is
 * (mg_fs_out, util/fs.h), through the helper and through simulate --save
 * (migdip_scenario_save); export --out is checked in test_export.c. */
#include "testutil.h"

#include <dirent.h>
#include <errno.h>
#include <fcntl.h>
#include <sys/stat.h>
#include <sys/wait.h>
#include <unistd.h>

#include "util/fs.h"

static char *read_all(const char *path)
{
    FILE *f = fopen(path, "rb");
    assert_non_null(f);
    char *buf = calloc(1, 1 << 16);
    assert_non_null(buf);
    size_t n = fread(buf, 1, (1 << 16) - 1, f);
    buf[n] = '\0';
    fclose(f);
    return buf;
}

static int count_entries(const char *dir)
{
    DIR *d = opendir(dir);
    assert_non_null(d);
    int n = 0;
    struct dirent *e;
    while ((e = readdir(d)))
        n += strcmp(e->d_name, ".") && strcmp(e->d_name, "..");
    closedir(d);
    return n;
}

static migdip_status write_text(const char *path, const char *text, mg_err *err)
{
    mg_fs_out o;
    migdip_status rc = mg_fs_out_open(&o, path, err);
    if (rc)
        return rc;
    fputs(text, o.f);
    rc = mg_fs_out_commit(&o, err);
    mg_fs_out_abort(&o);
    return rc;
}

/* A regular file is replaced whole, keeps its permissions, and no temporary file stays. */
static void test_regular(void **state)
{
    (void)state;
    char *dir = tu_tmpdir(), *p = tu_write_text(dir, "out.csv", "old\n");
    mg_err err = {0};
    assert_int_equal(chmod(p, 0640), 0);
    assert_int_equal(write_text(p, "new\n", &err), MIGDIP_OK);
    char *got = read_all(p);
    assert_string_equal(got, "new\n");
    struct stat st;
    assert_int_equal(stat(p, &st), 0);
    assert_int_equal(st.st_mode & 0777, 0640);
    assert_int_equal(count_entries(dir), 1);
    /* given up: the old content stays, the temporary file goes */
    mg_fs_out o;
    assert_int_equal(mg_fs_out_open(&o, p, &err), MIGDIP_OK);
    fputs("half", o.f);
    mg_fs_out_abort(&o);
    free(got);
    got = read_all(p);
    assert_string_equal(got, "new\n");
    assert_int_equal(count_entries(dir), 1);
    free(got);
    free(p);
    tu_rmdir(dir);
    free(dir);
}

/* A symbolic link is written through (the link stays), also a dangling one and a chain. */
static void test_symlink(void **state)
{
    (void)state;
    char *dir = tu_tmpdir(), *real = tu_write_text(dir, "real.csv", "old\n");
    char *link = tu_path(dir, "out.csv"), *link2 = tu_path(dir, "out2.csv"), *dangling = tu_path(dir, "d.csv");
    char *target = tu_path(dir, "new.csv");
    assert_int_equal(symlink("real.csv", link), 0);
    assert_int_equal(symlink(link, link2), 0);
    assert_int_equal(symlink("new.csv", dangling), 0);
    mg_err err = {0};
    assert_int_equal(write_text(link2, "through\n", &err), MIGDIP_OK);
    struct stat st;
    assert_int_equal(lstat(link, &st), 0);
    assert_true(S_ISLNK(st.st_mode));
    assert_int_equal(lstat(link2, &st), 0);
    assert_true(S_ISLNK(st.st_mode));
    char *got = read_all(real);
    assert_string_equal(got, "through\n");
    free(got);
    assert_int_equal(write_text(dangling, "created\n", &err), MIGDIP_OK);
    assert_int_equal(lstat(dangling, &st), 0);
    assert_true(S_ISLNK(st.st_mode));
    got = read_all(target);
    assert_string_equal(got, "created\n");
    free(got);
    assert_int_equal(count_entries(dir), 5);
    free(real), free(link), free(link2), free(dangling), free(target);
    tu_rmdir(dir);
    free(dir);
}

/* A link planted where the old code wrote its temporary file ("<path>.partial") is never
 * followed: the file it points to is untouched. */
static void test_planted_partial(void **state)
{
    (void)state;
    char *dir = tu_tmpdir(), *victim = tu_write_text(dir, "victim", "keep\n");
    char *out = tu_path(dir, "out.json"), *planted = tu_path(dir, "out.json.partial");
    assert_int_equal(symlink(victim, planted), 0);
    mg_err err = {0};
    assert_int_equal(write_text(out, "{}\n", &err), MIGDIP_OK);
    char *got = read_all(victim);
    assert_string_equal(got, "keep\n");
    free(got);
    got = read_all(out);
    assert_string_equal(got, "{}\n");
    free(got);
    free(victim), free(out), free(planted);
    tu_rmdir(dir);
    free(dir);
}

/* A FIFO is written in place (a reader gets the bytes) and stays a FIFO; a directory is
 * refused; /dev/full reports the full disk and stays a device. */
static void test_not_regular(void **state)
{
    (void)state;
    char *dir = tu_tmpdir(), *fifo = tu_path(dir, "pipe"), *got_path = tu_path(dir, "got");
    assert_int_equal(mkfifo(fifo, 0600), 0);
    pid_t pid = fork();
    assert_true(pid >= 0);
    if (pid == 0) {
        char cmd[512];
        snprintf(cmd, sizeof cmd, "cat '%s' > '%s'", fifo, got_path);
        _exit(system(cmd) == 0 ? 0 : 1);
    }
    mg_err err = {0};
    assert_int_equal(write_text(fifo, "piped\n", &err), MIGDIP_OK);
    int status = 0;
    assert_int_equal(waitpid(pid, &status, 0), pid);
    assert_true(WIFEXITED(status) && WEXITSTATUS(status) == 0);
    char *got = read_all(got_path);
    assert_string_equal(got, "piped\n");
    free(got);
    struct stat st;
    assert_int_equal(lstat(fifo, &st), 0);
    assert_true(S_ISFIFO(st.st_mode));
    assert_int_equal(count_entries(dir), 2);

    assert_int_equal(write_text(dir, "x", &err), MIGDIP_ERR_IO);
    assert_non_null(strstr(err.msg, "is a directory"));

    if (access("/dev/full", W_OK) == 0) {
        assert_int_equal(write_text("/dev/full", "x", &err), MIGDIP_ERR_IO);
        if (!strstr(err.msg, "/dev/full: cannot write: No space left on device"))
            fail_msg("%s", err.msg);
        assert_int_equal(stat("/dev/full", &st), 0);
        assert_true(S_ISCHR(st.st_mode));
    }
    if (access("/dev/null", W_OK) == 0) {
        assert_int_equal(write_text("/dev/null", "x", &err), MIGDIP_OK);
        assert_int_equal(stat("/dev/null", &st), 0);
        assert_true(S_ISCHR(st.st_mode));
    }
    free(fifo), free(got_path);
    tu_rmdir(dir);
    free(dir);
}

/* simulate --save goes through the same helper: a link is written through, a planted
 * ".partial" link is not followed. */
static void test_scenario_save(void **state)
{
    (void)state;
    char *dir = tu_tmpdir(), *db = NULL;
    migdip_ctx *ctx = tu_store(dir, &db);
    char *real = tu_write_text(dir, "real.json", "old\n"), *link = tu_path(dir, "s.json");
    char *victim = tu_write_text(dir, "victim", "keep\n"), *planted = tu_path(dir, "s.json.partial");
    assert_int_equal(symlink("real.json", link), 0);
    assert_int_equal(symlink(victim, planted), 0);

    migdip_sim_opts o = {0};
    migdip_sim_params_default(&o.params);
    o.a = "IDN";
    o.b = "MYS";
    assert_int_equal(migdip_scenario_save(ctx, link, &o, 2020), MIGDIP_OK);
    struct stat st;
    assert_int_equal(lstat(link, &st), 0);
    assert_true(S_ISLNK(st.st_mode));
    char *got = read_all(real);
    assert_non_null(strstr(got, "\"a\":\t\"IDN\""));
    free(got);
    got = read_all(victim);
    assert_string_equal(got, "keep\n");
    free(got);
    assert_int_equal(migdip_scenario_save(ctx, dir, &o, 2020), MIGDIP_ERR_IO);
    assert_non_null(strstr(migdip_ctx_errmsg(ctx), "is a directory"));
    migdip_ctx_close(ctx);
    free(real), free(link), free(victim), free(planted), free(db);
    tu_rmdir(dir);
    free(dir);
}

/* The walk lists each file once whatever links loop back (a link to ".", to ".."), and says
 * of every other entry why it is not read; an import reports them. */
static void test_walk_links(void **state)
{
    (void)state;
    char *dir = tu_tmpdir();
    free(tu_write_text(dir, "a.csv", "x\n"));
    free(tu_write_text(dir, "sub/b.csv", "y\n"));
    char *p;
    assert_int_equal(symlink(".", p = tu_path(dir, "loop")), 0), free(p);
    assert_int_equal(symlink("..", p = tu_path(dir, "sub/up")), 0), free(p);
    assert_int_equal(symlink("../sub", p = tu_path(dir, "sub/again")), 0), free(p);
    assert_int_equal(symlink("nowhere", p = tu_path(dir, "dangling")), 0), free(p);
    assert_int_equal(mkfifo(p = tu_path(dir, "fifo"), 0600), 0), free(p);
    char **paths = NULL, **skipped = NULL;
    size_t n = 0, n_skipped = 0;
    mg_err err = {0};
    assert_int_equal(mg_fs_walk(dir, &paths, &n, &skipped, &n_skipped, &err), MIGDIP_OK);
    assert_int_equal(n, 2);
    assert_string_equal(mg_fs_relative(paths[0], dir), "a.csv");
    assert_string_equal(mg_fs_relative(paths[1], dir), "sub/b.csv");
    assert_int_equal(n_skipped, 5);
    assert_string_equal(mg_fs_relative(skipped[0], dir), "dangling: dangling symbolic link");
    assert_string_equal(mg_fs_relative(skipped[1], dir), "fifo: a FIFO, not read");
    assert_non_null(strstr(skipped[2], "loop: directory not walked again: it is the top directory"));
    assert_non_null(strstr(skipped[3], "sub/again: directory not walked again: it is sub"));
    assert_non_null(strstr(skipped[4], "sub/up: directory not walked again: it is the top directory"));
    mg_fs_free_list(paths, n);
    mg_fs_free_list(skipped, n_skipped);

    char *store_dir = tu_tmpdir(), *db = NULL;
    migdip_ctx *ctx = tu_store(store_dir, &db);
    migdip_import_opts o = {.data_dir = dir, .no_registry = true};
    migdip_import_report *rep = NULL;
    if (migdip_import_run(ctx, &o, &rep) != MIGDIP_OK)
        fail_msg("%s", migdip_ctx_errmsg(ctx));
    assert_int_equal(rep->n_ignored, 2);
    assert_int_equal(rep->n_not_read, 5);
    assert_string_equal(rep->not_read[0], "dangling: dangling symbolic link");
    assert_string_equal(rep->not_read[1], "fifo: a FIFO, not read");
    migdip_import_report_free(rep);
    migdip_ctx_close(ctx);
    tu_rmdir(store_dir);
    free(store_dir), free(db);
    tu_rmdir(dir);
    free(dir);
}

int main(void)
{
    const struct CMUnitTest tests[] = {
        cmocka_unit_test(test_regular),          cmocka_unit_test(test_symlink),
        cmocka_unit_test(test_planted_partial),  cmocka_unit_test(test_not_regular),
        cmocka_unit_test(test_scenario_save),    cmocka_unit_test(test_walk_links),
    };
    return cmocka_run_group_tests(tests, NULL, NULL);
}
