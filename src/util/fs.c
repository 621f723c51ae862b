/* fs.c - file heads and directory walks. */
#include "util/fs.h"

#include <dirent.h>
#include <errno.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/stat.h>

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

static migdip_status walk(const char *dir, path_list *out, int depth, mg_err *err)
{
    if (depth > 16)
        return MIGDIP_OK;
    DIR *d = opendir(dir);
    if (!d)
        return mg_err_set(err, MIGDIP_ERR_IO, "%s: cannot open directory: %s", dir, strerror(errno));
    migdip_status rc = MIGDIP_OK;
    struct dirent *e;
    while ((e = readdir(d)) != NULL) {
        if (e->d_name[0] == '.')
            continue;
        mg_strbuf p;
        mg_strbuf_init(&p);
        if (mg_strbuf_printf(&p, "%s/%s", dir, e->d_name) != MIGDIP_OK) {
            rc = mg_err_set(err, MIGDIP_ERR_NOMEM, "out of memory");
            break;
        }
        struct stat st;
        if (stat(p.p, &st) != 0) {
            mg_strbuf_cleanup(&p);
            continue;
        }
        if (S_ISDIR(st.st_mode)) {
            rc = walk(p.p, out, depth + 1, err);
            mg_strbuf_cleanup(&p);
            if (rc)
                break;
        } else if (S_ISREG(st.st_mode)) {
            if (list_push(out, mg_strbuf_detach(&p)) != MIGDIP_OK) {
                rc = mg_err_set(err, MIGDIP_ERR_NOMEM, "out of memory");
                break;
            }
        } else {
            mg_strbuf_cleanup(&p);
        }
    }
    closedir(d);
    return rc;
}

static int cmp_str(const void *a, const void *b)
{
    return strcmp(*(char *const *)a, *(char *const *)b);
}

migdip_status mg_fs_list_files(const char *dir, char ***paths, size_t *n, mg_err *err)
{
    path_list l = {0};
    migdip_status rc = walk(dir, &l, 0, err);
    if (rc) {
        mg_fs_free_list(l.v, l.n);
        return rc;
    }
    if (l.n)
        qsort(l.v, l.n, sizeof *l.v, cmp_str);
    *paths = l.v;
    *n = l.n;
    return MIGDIP_OK;
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
