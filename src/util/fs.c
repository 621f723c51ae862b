/* fs.c - file heads and directory walks. */
#define _GNU_SOURCE /* sync_file_range (Linux): an export's writeback started early */
#include "util/fs.h"

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

#include "util/grow.h"
#include "util/strbuf.h"

migdip_status mg_fs_read_head(const char *path, unsigned char *buf, size_t cap, size_t *got, mg_err *err)
{
    FILE *f = fopen(path, "rb");
    if (!f)
        return mg_err_set(err, MIGDIP_ERR_IO, "%s: cannot open: %s", path, strerror(errno));
    *got = fread(buf, 1, cap, f);
    int failed = ferror(f);
    fclose(f);
    if (failed)
        return mg_err_set(err, MIGDIP_ERR_IO, "%s: read error", path);
    return MIGDIP_OK;
}

typedef struct path_list {
    char **v;
    size_t n, cap;
} path_list;

static migdip_status list_push(path_list *l, char *s)
{
    char **v = mg_grow(l->v, &l->cap, l->n + 1, sizeof *v);
    if (!v)
        return MIGDIP_ERR_NOMEM;
    l->v = v;
    l->v[l->n++] = s;
    return MIGDIP_OK;
}

/* A directory walked already (device and inode), and the path it was walked as. */
typedef struct seen_dir {
    dev_t dev;
    ino_t ino;
    char *path;
} seen_dir;

typedef struct walk_state {
    path_list files, skipped;
    seen_dir *seen;
    size_t n_seen, cap_seen;
    mg_err *err;
    const char *root;
} walk_state;

/* Note "path: why" among the entries not read. */
static migdip_status skip(walk_state *w, const char *path, const char *fmt, const char *arg)
{
    mg_strbuf b;
    mg_strbuf_init(&b);
    if (mg_strbuf_printf(&b, "%s: ", path) || mg_strbuf_printf(&b, fmt, arg) ||
        list_push(&w->skipped, mg_strbuf_detach(&b)) != MIGDIP_OK) {
        mg_strbuf_cleanup(&b);
        return mg_err_set(w->err, MIGDIP_ERR_NOMEM, "out of memory");
    }
    return MIGDIP_OK;
}

static const char *kind_of(mode_t m)
{
    return S_ISFIFO(m) ? "a FIFO" : S_ISCHR(m) ? "a character device" : S_ISBLK(m) ? "a block device"
         : S_ISSOCK(m) ? "a socket" : "not a regular file";
}

static migdip_status walk(walk_state *w, const char *dir, const struct stat *dst, int depth)
{
    /* a directory reached again (a link to it or to one of its parents) is walked once */
    for (size_t i = 0; i < w->n_seen; i++)
        if (w->seen[i].dev == dst->st_dev && w->seen[i].ino == dst->st_ino)
            return skip(w, dir, "directory not walked again: it is %s (a symbolic link loop or a second link)",
                        strcmp(w->seen[i].path, w->root) ? mg_fs_relative(w->seen[i].path, w->root)
                                                         : "the top directory");
    if (depth > 16)
        return skip(w, dir, "directory not walked: deeper than 16 levels%s", "");
    seen_dir *v = mg_grow(w->seen, &w->cap_seen, w->n_seen + 1, sizeof *v);
    char *copy = strdup(dir);
    if (!v || !copy) {
        if (v)
            w->seen = v;
        free(copy);
        return mg_err_set(w->err, MIGDIP_ERR_NOMEM, "out of memory");
    }
    w->seen = v;
    w->seen[w->n_seen++] = (seen_dir){dst->st_dev, dst->st_ino, copy};
    DIR *d = opendir(dir);
    if (!d)
        return mg_err_set(w->err, MIGDIP_ERR_IO, "%s: cannot open directory: %s", dir, strerror(errno));
    migdip_status rc = MIGDIP_OK;
    struct dirent *e;
    while ((e = readdir(d)) != NULL) {
        if (e->d_name[0] == '.')
            continue;
        mg_strbuf p;
        mg_strbuf_init(&p);
        if (mg_strbuf_printf(&p, "%s/%s", dir, e->d_name) != MIGDIP_OK) {
            rc = mg_err_set(w->err, MIGDIP_ERR_NOMEM, "out of memory");
            break;
        }
        struct stat st;
        if (stat(p.p, &st) != 0) {
            struct stat lst;
            int e2 = errno;
            bool dangling = e2 == ENOENT && lstat(p.p, &lst) == 0 && S_ISLNK(lst.st_mode);
            rc = dangling ? skip(w, p.p, "dangling symbolic link%s", "")
                          : skip(w, p.p, "cannot read: %s", strerror(e2));
        } else if (S_ISDIR(st.st_mode)) {
            rc = walk(w, p.p, &st, depth + 1);
        } else if (S_ISREG(st.st_mode)) {
            if (list_push(&w->files, mg_strbuf_detach(&p)) != MIGDIP_OK)
                rc = mg_err_set(w->err, MIGDIP_ERR_NOMEM, "out of memory");
        } else {
            rc = skip(w, p.p, "%s, not read", kind_of(st.st_mode));
        }
        mg_strbuf_cleanup(&p);
        if (rc)
            break;
    }
    closedir(d);
    return rc;
}

static int cmp_str(const void *a, const void *b)
{
    return strcmp(*(char *const *)a, *(char *const *)b);
}

migdip_status mg_fs_walk(const char *dir, char ***paths, size_t *n, char ***skipped, size_t *n_skipped, mg_err *err)
{
    walk_state w = {.err = err, .root = dir};
    struct stat st;
    migdip_status rc = MIGDIP_OK;
    if (stat(dir, &st) != 0)
        rc = mg_err_set(err, MIGDIP_ERR_IO, "%s: cannot open directory: %s", dir, strerror(errno));
    else if (!S_ISDIR(st.st_mode))
        rc = mg_err_set(err, MIGDIP_ERR_IO, "%s: cannot open directory: %s", dir, strerror(ENOTDIR));
    else
        rc = walk(&w, dir, &st, 0);
    for (size_t i = 0; i < w.n_seen; i++)
        free(w.seen[i].path);
    free(w.seen);
    if (rc) {
        mg_fs_free_list(w.files.v, w.files.n);
        mg_fs_free_list(w.skipped.v, w.skipped.n);
        return rc;
    }
    if (w.files.n)
        qsort(w.files.v, w.files.n, sizeof *w.files.v, cmp_str);
    if (w.skipped.n)
        qsort(w.skipped.v, w.skipped.n, sizeof *w.skipped.v, cmp_str);
    *paths = w.files.v;
    *n = w.files.n;
    if (skipped) {
        *skipped = w.skipped.v;
        *n_skipped = w.skipped.n;
    } else {
        mg_fs_free_list(w.skipped.v, w.skipped.n);
    }
    return MIGDIP_OK;
}

migdip_status mg_fs_list_files(const char *dir, char ***paths, size_t *n, mg_err *err)
{
    return mg_fs_walk(dir, paths, n, NULL, NULL, err);
}

void mg_fs_free_list(char **paths, size_t n)
{
    if (!paths)
        return;
    for (size_t i = 0; i < n; i++)
        free(paths[i]);
    free(paths);
}

const char *mg_fs_relative(const char *path, const char *dir)
{
    if (!dir)
        return path;
    size_t n = strlen(dir);
    while (n && dir[n - 1] == '/')
        n--;
    if (strncmp(path, dir, n) == 0 && path[n] == '/')
        return path + n + 1;
    return path;
}

/* ------------------------------------------------------------------ output files */

/* path with every symbolic link of its last component followed (a dangling link gives the
 * path it points to). Owned; NULL with err set. */
static char *resolve_links(const char *path, mg_err *err)
{
    char *cur = strdup(path);
    for (int hops = 0; cur; hops++) {
        struct stat st;
        if (lstat(cur, &st) != 0) {
            if (errno == ENOENT)
                return cur;
            mg_err_set(err, MIGDIP_ERR_IO, "%s: cannot write: %s", path, strerror(errno));
            free(cur);
            return NULL;
        }
        if (!S_ISLNK(st.st_mode))
            return cur;
        if (hops == 40) {
            mg_err_set(err, MIGDIP_ERR_IO, "%s: cannot write: %s", path, strerror(ELOOP));
            free(cur);
            return NULL;
        }
        mg_strbuf link;
        mg_strbuf_init(&link);
        char buf[4096];
        ssize_t n = readlink(cur, buf, sizeof buf - 1);
        if (n < 0) {
            mg_err_set(err, MIGDIP_ERR_IO, "%s: cannot write: %s", path, strerror(errno));
            free(cur);
            return NULL;
        }
        buf[n] = '\0';
        const char *slash = strrchr(cur, '/');
        migdip_status rc = buf[0] == '/' || !slash ? mg_strbuf_printf(&link, "%s", buf)
                                                   : mg_strbuf_printf(&link, "%.*s/%s", (int)(slash - cur), cur, buf);
        free(cur);
        cur = rc ? NULL : mg_strbuf_detach(&link);
        mg_strbuf_cleanup(&link);
    }
    mg_err_set(err, MIGDIP_ERR_NOMEM, "out of memory");
    return NULL;
}

migdip_status mg_fs_out_open(mg_fs_out *o, const char *path, mg_err *err)
{
    *o = (mg_fs_out){0};
    if (!path || !strcmp(path, "-")) {
        o->f = stdout;
        return MIGDIP_OK;
    }
    if (!(o->target = resolve_links(path, err)))
        return err->status;
    struct stat st;
    bool exists = stat(o->target, &st) == 0;
    if (exists && S_ISDIR(st.st_mode)) {
        mg_fs_out_abort(o);
        return mg_err_set(err, MIGDIP_ERR_IO, "%s: cannot write: is a directory", path);
    }
    if (exists && !S_ISREG(st.st_mode)) {
        /* a device or a FIFO: written in place, never replaced */
        int fd = open(o->target, O_WRONLY | O_NOCTTY | O_CLOEXEC);
        if (fd < 0 || !(o->f = fdopen(fd, "wb"))) {
            int e = errno;
            if (fd >= 0)
                close(fd);
            mg_fs_out_abort(o);
            return mg_err_set(err, MIGDIP_ERR_IO, "%s: cannot write: %s", path, strerror(e));
        }
        return MIGDIP_OK;
    }
    mg_strbuf tmp;
    mg_strbuf_init(&tmp);
    unsigned long seed = (unsigned long)getpid() * 2654435761u ^ (unsigned long)time(NULL) ^ (unsigned long)(uintptr_t)o;
    for (int attempt = 0; attempt < 100; attempt++) {
        seed = seed * 6364136223846793005u + 1442695040888963407u;
        mg_strbuf_reset(&tmp);
        if (mg_strbuf_printf(&tmp, "%s.partial-%06lx", o->target, (seed >> 24) & 0xffffff) != MIGDIP_OK) {
            mg_strbuf_cleanup(&tmp);
            mg_fs_out_abort(o);
            return mg_err_set(err, MIGDIP_ERR_NOMEM, "out of memory");
        }
        int fd = open(tmp.p, O_WRONLY | O_CREAT | O_EXCL | O_NOFOLLOW | O_CLOEXEC, 0666);
        if (fd < 0 && errno == EEXIST)
            continue;
        if (fd < 0) {
            int e = errno;
            mg_strbuf_cleanup(&tmp);
            mg_fs_out_abort(o);
            return mg_err_set(err, MIGDIP_ERR_IO, "%s: cannot write: %s", path, strerror(e));
        }
        o->tmp = mg_strbuf_detach(&tmp);
        if ((exists && fchmod(fd, st.st_mode & 07777) != 0) || !(o->f = fdopen(fd, "wb"))) {
            int e = errno;
            close(fd);
            mg_fs_out_abort(o);
            return mg_err_set(err, MIGDIP_ERR_IO, "%s: cannot write: %s", path, strerror(e));
        }
        return MIGDIP_OK;
    }
    mg_strbuf_cleanup(&tmp);
    mg_fs_out_abort(o);
    return mg_err_set(err, MIGDIP_ERR_IO, "%s: cannot write: no free temporary name beside it", path);
}

migdip_status mg_fs_out_commit(mg_fs_out *o, mg_err *err)
{
    const char *name = o->target ? o->target : "standard output";
    if (o->f == stdout) {
        o->f = NULL;
        if (fflush(stdout) != 0 || ferror(stdout))
            return mg_err_set(err, MIGDIP_ERR_IO, "%s: cannot write: %s", name, strerror(errno ? errno : EIO));
        return MIGDIP_OK;
    }
    FILE *f = o->f;
    o->f = NULL;
    int e = 0;
    if (fflush(f) != 0 || ferror(f))
        e = errno ? errno : EIO;
    if (!e && o->tmp && fsync(fileno(f)) != 0)
        e = errno;
    if (fclose(f) != 0 && !e)
        e = errno;
    if (!e && o->tmp && rename(o->tmp, o->target) != 0)
        e = errno;
    if (e) {
        mg_err_set(err, MIGDIP_ERR_IO, "%s: cannot write: %s", name, strerror(e));
        mg_fs_out_abort(o);
        return MIGDIP_ERR_IO;
    }
    if (o->tmp) {
        /* the rename itself made durable: sync the directory (best effort) */
        char *slash = strrchr(o->target, '/');
        int dfd = -1;
        if (slash) {
            *slash = '\0';
            dfd = open(slash == o->target ? "/" : o->target, O_RDONLY | O_DIRECTORY | O_CLOEXEC);
            *slash = '/';
        } else {
            dfd = open(".", O_RDONLY | O_DIRECTORY | O_CLOEXEC);
        }
        if (dfd >= 0) {
            fsync(dfd);
            close(dfd);
        }
        free(o->tmp);
        o->tmp = NULL;
    }
    free(o->target);
    o->target = NULL;
    return MIGDIP_OK;
}

void mg_fs_out_abort(mg_fs_out *o)
{
    if (o->f && o->f != stdout)
        fclose(o->f);
    o->f = NULL;
    if (o->tmp)
        unlink(o->tmp);
    free(o->tmp);
    free(o->target);
    o->tmp = o->target = NULL;
}

void mg_fs_out_writeback(mg_fs_out *o)
{
#ifdef SYNC_FILE_RANGE_WRITE
    /* a temporary file only: a device or a pipe written in place has nothing to sync */
    if (!o->f || !o->tmp || fflush(o->f) != 0)
        return;
    (void)sync_file_range(fileno(o->f), 0, 0, SYNC_FILE_RANGE_WRITE);
#else
    (void)o;
#endif
}
