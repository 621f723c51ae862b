/* consumer.c - a program from outside the project, built against the installed library by
 * tests/install/run.sh: once with `pkg-config --cflags --libs migdip` (libmigdip.so) and once
 * with `pkg-config --static --cflags --libs migdip` (libmigdip.a). It sees <migdip/migdip.h>
 * only. usage: consumer DIR VERSION (DIR: an empty directory for the store; VERSION: what
 * `pkg-config --modversion migdip` says). Exit status 0 when every check holds, else 1. */
#include <migdip/migdip.h>

#include <stdio.h>
#include <string.h>

static int failures;

static void check(int ok, const char *what, const char *got)
{
    if (!ok) {
        fprintf(stderr, "consumer: %s (got \"%s\")\n", what, got ? got : "(null)");
        failures++;
    }
}

static void check_str(const char *got, const char *want, const char *what)
{
    char msg[160];
    snprintf(msg, sizeof msg, "%s: expected \"%s\"", what, want);
    check(got && strcmp(got, want) == 0, msg, got);
}

int main(int argc, char **argv)
{
    if (argc != 3) {
        fprintf(stderr, "usage: consumer DIR VERSION\n");
        return 2;
    }
    check_str(MIGDIP_VERSION, argv[2], "MIGDIP_VERSION in migdip.h against migdip.pc");

    check_str(migdip_status_str(MIGDIP_OK), "ok", "migdip_status_str(MIGDIP_OK)");
    check_str(migdip_status_str(MIGDIP_ERR_PARSE), "parse error", "migdip_status_str(MIGDIP_ERR_PARSE)");
    check_str(migdip_status_str(MIGDIP_ERR_NOTFOUND), "not found", "migdip_status_str(MIGDIP_ERR_NOTFOUND)");
    check_str(migdip_flag_str(MIGDIP_FLAG_MISSING), "missing", "migdip_flag_str(MIGDIP_FLAG_MISSING)");
    check_str(migdip_flag_str(MIGDIP_FLAG_OBSERVED), "observed", "migdip_flag_str(MIGDIP_FLAG_OBSERVED)");
    check_str(migdip_flag_str(MIGDIP_FLAG_INTERPOLATED), "interpolated",
              "migdip_flag_str(MIGDIP_FLAG_INTERPOLATED)");

    /* A fresh store: created, migrated, and holding nothing. */
    char path[4096];
    snprintf(path, sizeof path, "%s/consumer.db", argv[1]);
    migdip_ctx *ctx = NULL;
    migdip_status st = migdip_ctx_open(path, &ctx);
    check(st == MIGDIP_OK, "opening a fresh store", ctx ? migdip_ctx_errmsg(ctx) : migdip_status_str(st));
    if (st == MIGDIP_OK) {
        migdip_sources *src = NULL;
        st = migdip_sources_get(ctx, &src);
        check(st == MIGDIP_OK && src, "migdip_sources_get on an empty store", migdip_ctx_errmsg(ctx));
        if (st == MIGDIP_OK && src) {
            char n[64];
            snprintf(n, sizeof n, "%zu vintages, %zu coverage rows", src->n_vintages, src->n_coverage);
            check(src->n_vintages == 0 && src->n_coverage == 0,
                  "an empty store: expected 0 vintages, 0 coverage rows", n);
        }
        migdip_sources_free(src);
    }
    migdip_ctx_close(ctx);
    FILE *f = fopen(path, "rb");
    check(f != NULL, "the store file exists after closing", path);
    if (f)
        fclose(f);

    /* A store that cannot be created: an error status and a message that says why. */
    snprintf(path, sizeof path, "%s/no/such/dir/consumer.db", argv[1]);
    ctx = NULL;
    st = migdip_ctx_open(path, &ctx);
    check(st != MIGDIP_OK, "opening a store in a missing directory must fail", migdip_status_str(st));
    const char *msg = ctx ? migdip_ctx_errmsg(ctx) : NULL;
    check(msg && *msg, "a failed open leaves a message", msg);
    migdip_ctx_close(ctx);

    if (failures)
        fprintf(stderr, "consumer: %d check(s) failed\n", failures);
    return failures ? 1 : 0;
}
