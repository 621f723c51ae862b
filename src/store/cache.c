/* cache.c - a directory of built results keyed by what they were built from. */
#include "store/cache.h"

#include <dirent.h>
#include <errno.h>
#include <fcntl.h>
#include <stdbool.h>
#include <stdint.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/mman.h>
#include <sys/stat.h>
#include <time.h>
#include <unistd.h>

#include "util/fs.h"
#include "util/grow.h"
#include "util/strbuf.h"

#define CACHE_MAGIC "MGCACHE3"
#define CACHE_SUFFIX ".entry"
/* magic, payload length, zeros: the payload starts 64 bytes into the file, aligned in the
 * mapping for what the reader keeps where it lies (the model's panel). There is no checksum of
 * the payload: reading all of it on every use was most of a 35-year trajectory's time. An
 * entry is written whole to a temporary file, synced and renamed (mg_fs_out), so it is never
 * seen half written; damage after that is the disk's, as it would be to the store itself, and
 * the reader checks what indexes memory (core/panel.c). */
enum { CACHE_HEAD = 64 };

char *mg_cache_dir(const char *db_path)
{
    const char *env = getenv("MIGDIP_CACHE");
    if (env)
        return *env && strcmp(env, "off") != 0 ? strdup(env) : NULL;
    if (!db_path || !*db_path || !strcmp(db_path, ":memory:"))
        return NULL;
    mg_strbuf b;
    mg_strbuf_init(&b);
    if (mg_strbuf_printf(&b, "%s.cache", db_path) != MIGDIP_OK) {
        mg_strbuf_cleanup(&b);
        return NULL;
    }
    return mg_strbuf_detach(&b);
}

/* dir/key.entry, or NULL (out of memory, or a key that is not a plain name). */
static char *entry_path(const char *dir, const char *key)
{
    if (!dir || !key || !*key || strspn(key, "0123456789abcdef") != strlen(key))
        return NULL;
    mg_strbuf b;
    mg_strbuf_init(&b);
    if (mg_strbuf_printf(&b, "%s/%s" CACHE_SUFFIX, dir, key) != MIGDIP_OK) {
        mg_strbuf_cleanup(&b);
        return NULL;
    }
    return mg_strbuf_detach(&b);
}

bool mg_cache_get(const char *dir, const char *key, mg_cache_blob *out)
{
    *out = (mg_cache_blob){0};
    char *path = entry_path(dir, key);
    if (!path)
        return false;
    int fd = open(path, O_RDONLY | O_CLOEXEC | O_NOFOLLOW);
    if (fd < 0) {
        free(path);
        return false;
    }
    /* mapped, not read: the pages come from the page cache without a copy */
    struct stat st;
    void *map = MAP_FAILED;
    if (fstat(fd, &st) == 0 && S_ISREG(st.st_mode) && st.st_size >= CACHE_HEAD)
        map = mmap(NULL, (size_t)st.st_size, PROT_READ, MAP_PRIVATE, fd, 0); /* the pages a command reads */
    close(fd);
    if (map == MAP_FAILED) {
        free(path);
        return false;
    }
    const unsigned char *head = map;
    uint64_t n;
    memcpy(&n, head + 8, 8);
    if (memcmp(head, CACHE_MAGIC, 8) != 0 || n != (uint64_t)st.st_size - CACHE_HEAD) {
        munmap(map, (size_t)st.st_size);
        free(path);
        return false;
    }
    *out = (mg_cache_blob){head + CACHE_HEAD, n, map, (size_t)st.st_size};
    utimensat(AT_FDCWD, path, NULL, 0); /* used now: the last to go (prune) */
    free(path);
    return true;
}

void mg_cache_release(mg_cache_blob *b)
{
    if (b->map)
        munmap(b->map, b->map_len);
    *b = (mg_cache_blob){0};
}

typedef struct cache_entry {
    char *path;
    struct timespec mtime;
} cache_entry;

static int by_age(const void *a, const void *b)
{
    const struct timespec *x = &((const cache_entry *)a)->mtime, *y = &((const cache_entry *)b)->mtime;
    if (x->tv_sec != y->tv_sec)
        return x->tv_sec < y->tv_sec ? -1 : 1;
    return x->tv_nsec < y->tv_nsec ? -1 : x->tv_nsec > y->tv_nsec;
}

/* Remove the entries of dir beyond keep (the oldest first); keep 0 removes every regular file
 * left there (entries and the temporary files of interrupted writes). */
static void prune(const char *dir, size_t keep)
{
    DIR *d = opendir(dir);
    if (!d)
        return;
    cache_entry *v = NULL;
    size_t n = 0, cap = 0;
    size_t suffix = strlen(CACHE_SUFFIX);
    for (struct dirent *e; (e = readdir(d));) {
        /* entries, and with keep 0 the temporary files of interrupted writes: nothing else */
        size_t l = strlen(e->d_name);
        bool entry = l > suffix && !strcmp(e->d_name + l - suffix, CACHE_SUFFIX);
        if (e->d_name[0] == '.' || !(entry || (!keep && strstr(e->d_name, CACHE_SUFFIX ".partial-"))))
            continue;
        mg_strbuf b;
        mg_strbuf_init(&b);
        struct stat st;
        cache_entry *g = mg_grow(v, &cap, n + 1, sizeof *v);
        if (!g || mg_strbuf_printf(&b, "%s/%s", dir, e->d_name) != MIGDIP_OK || lstat(b.p, &st) != 0 ||
            !S_ISREG(st.st_mode)) {
            mg_strbuf_cleanup(&b);
            if (g)
                v = g;
            continue;
        }
        v = g;
        v[n++] = (cache_entry){mg_strbuf_detach(&b), st.st_mtim};
    }
    closedir(d);
    if (n > keep) {
        qsort(v, n, sizeof *v, by_age);
        for (size_t i = 0; i < n - keep; i++)
            unlink(v[i].path);
    }
    for (size_t i = 0; i < n; i++)
        free(v[i].path);
    free(v);
}

/* A build's directory name: MG_CACHE_BUILD_DIGITS hex digits. */
static bool build_name(const char *name)
{
    return strlen(name) == MG_CACHE_BUILD_DIGITS && strspn(name, "0123456789abcdef") == MG_CACHE_BUILD_DIGITS;
}

/* Remove the builds' subdirectories of parent other than keep (NULL: all), with the entries
 * in them; nothing else is touched (a directory with other files in it stays). */
static void remove_builds(const char *parent, const char *keep)
{
    DIR *d = opendir(parent);
    if (!d)
        return;
    for (struct dirent *e; (e = readdir(d));) {
        if (!build_name(e->d_name) || (keep && !strcmp(e->d_name, keep)))
            continue;
        mg_strbuf b;
        mg_strbuf_init(&b);
        struct stat st;
        if (mg_strbuf_printf(&b, "%s/%s", parent, e->d_name) == MIGDIP_OK && lstat(b.p, &st) == 0 &&
            S_ISDIR(st.st_mode)) {
            prune(b.p, 0);
            rmdir(b.p);
        }
        mg_strbuf_cleanup(&b);
    }
    closedir(d);
}

void mg_cache_put(char *dir, const char *key, const void *buf, size_t len)
{
    char *path = entry_path(dir, key);
    if (!path)
        return;
    /* dir made now (with its parent if need be): a new build, whose entries replace the older
     * builds' (their keys name code that no longer runs) */
    int made = mkdir(dir, 0777);
    char *slash = strrchr(dir, '/');
    if (made != 0 && errno == ENOENT && slash && slash != dir) {
        *slash = '\0';
        mkdir(dir, 0777);
        *slash = '/';
        made = mkdir(dir, 0777);
    }
    if (made != 0 && errno != EEXIST) {
        free(path);
        return;
    }
    if (made == 0 && slash && slash != dir) {
        *slash = '\0';
        remove_builds(dir, slash + 1);
        *slash = '/';
    }
    prune(dir, MG_CACHE_MAX_ENTRIES - 1);
    unsigned char head[CACHE_HEAD] = {0};
    uint64_t n = len;
    memcpy(head, CACHE_MAGIC, 8);
    memcpy(head + 8, &n, 8);
    mg_err err;
    mg_err_clear(&err);
    mg_fs_out o;
    if (mg_fs_out_open(&o, path, &err) == MIGDIP_OK) {
        if (fwrite(head, 1, sizeof head, o.f) == sizeof head && fwrite(buf, 1, len, o.f) == len)
            (void)mg_fs_out_commit(&o, &err);
        mg_fs_out_abort(&o);
    }
    free(path);
}

void mg_cache_clear(const char *dir)
{
    if (dir) {
        prune(dir, 0);
        remove_builds(dir, NULL);
    }
}
