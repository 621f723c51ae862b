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
#include <sys/stat.h>
#include <time.h>
#include <unistd.h>

#include "util/fs.h"
#include "util/grow.h"
#include "util/strbuf.h"

#define CACHE_MAGIC "MGCACHE1"
#define CACHE_SUFFIX ".entry"
enum { CACHE_HEAD = 24 }; /* magic, payload length, checksum */

/* A fast checksum of the payload (not cryptographic: it finds a damaged file, the key finds
 * the right one). */
static uint64_t checksum(const void *buf, size_t len)
{
    const unsigned char *p = buf;
    uint64_t h = 0x9e3779b97f4a7c15ULL ^ len;
    size_t i = 0;
    for (; i + 8 <= len; i += 8) {
        uint64_t w;
        memcpy(&w, p + i, 8);
        h = (h ^ w) * 0x100000001b3ULL;
        h ^= h >> 29;
    }
    for (; i < len; i++)
        h = (h ^ p[i]) * 0x100000001b3ULL;
    return h;
}

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

bool mg_cache_get(const char *dir, const char *key, void **buf, size_t *len)
{
    *buf = NULL;
    *len = 0;
    char *path = entry_path(dir, key);
    if (!path)
        return false;
    int fd = open(path, O_RDONLY | O_CLOEXEC | O_NOFOLLOW);
    free(path);
    if (fd < 0)
        return false;
    struct stat st;
    unsigned char head[CACHE_HEAD];
    void *data = NULL;
    bool ok = fstat(fd, &st) == 0 && S_ISREG(st.st_mode) && st.st_size >= CACHE_HEAD &&
              read(fd, head, CACHE_HEAD) == CACHE_HEAD && !memcmp(head, CACHE_MAGIC, 8);
    uint64_t n = 0, sum = 0;
    if (ok) {
        memcpy(&n, head + 8, 8);
        memcpy(&sum, head + 16, 8);
        ok = n == (uint64_t)st.st_size - CACHE_HEAD && (data = malloc(n ? n : 1)) != NULL;
    }
    for (size_t got = 0; ok && got < n;) {
        ssize_t r = read(fd, (char *)data + got, n - got);
        if (r < 0 && errno == EINTR)
            continue;
        ok = r > 0;
        got += ok ? (size_t)r : 0;
    }
    close(fd);
    if (!ok || checksum(data, n) != sum) {
        free(data);
        return false;
    }
    *buf = data;
    *len = n;
    return true;
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
        size_t l = strlen(e->d_name);
        if (e->d_name[0] == '.' || (keep && (l <= suffix || strcmp(e->d_name + l - suffix, CACHE_SUFFIX) != 0)))
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

void mg_cache_put(const char *dir, const char *key, const void *buf, size_t len)
{
    char *path = entry_path(dir, key);
    if (!path)
        return;
    if (mkdir(dir, 0777) != 0 && errno != EEXIST) {
        free(path);
        return;
    }
    prune(dir, MG_CACHE_MAX_ENTRIES - 1);
    unsigned char head[CACHE_HEAD];
    uint64_t n = len, sum = checksum(buf, len);
    memcpy(head, CACHE_MAGIC, 8);
    memcpy(head + 8, &n, 8);
    memcpy(head + 16, &sum, 8);
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
    if (dir)
        prune(dir, 0);
}
