/* fuzz_replay.h - the standalone replay every fuzz target shares (built with
 * -DMG_FUZZ_STANDALONE): each argument is a file, or a directory whose files (not
 * recursively, hidden ones left out) are replayed in name order. Replaying nothing is a
 * failure, so that a ctest entry pointed at a missing or empty corpus cannot pass. */
#ifndef MG_FUZZ_REPLAY_H
#define MG_FUZZ_REPLAY_H

#include <dirent.h>
#include <stdint.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/stat.h>

/* Read a whole file into a malloc'ed buffer (NULL on failure; never NULL for an empty file). */
static inline uint8_t *fuzz_read_file(const char *path, size_t *len)
{
    FILE *f = fopen(path, "rb");
    if (!f)
        return NULL;
    size_t cap = 1 << 16, got;
    uint8_t *buf = malloc(cap);
    *len = 0;
    while (buf && (got = fread(buf + *len, 1, cap - *len, f)) > 0) {
        *len += got;
        if (*len == cap) {
            uint8_t *bigger = realloc(buf, cap *= 2);
            if (!bigger)
                free(buf);
            buf = bigger;
        }
    }
    fclose(f);
    return buf;
}

static inline int fuzz_replay_cmp(const void *a, const void *b)
{
    return strcmp(*(char *const *)a, *(char *const *)b);
}

/* Replay one file with fn; 0, or 1 (said on stderr) when it cannot be read. */
static inline int fuzz_replay_file(const char *path, int (*fn)(const uint8_t *, size_t))
{
    size_t len = 0;
    uint8_t *buf = fuzz_read_file(path, &len);
    if (!buf) {
        perror(path);
        return 1;
    }
    fn(buf, len);
    free(buf);
    return 0;
}

/* Replay argv[1..] (files or directories); the number replayed in *n. */
static inline int fuzz_replay_args(int argc, char **argv, int (*fn)(const uint8_t *, size_t), size_t *n)
{
    *n = 0;
    for (int i = 1; i < argc; i++) {
        struct stat st;
        if (stat(argv[i], &st) != 0) {
            perror(argv[i]);
            return 1;
        }
        if (!S_ISDIR(st.st_mode)) {
            if (fuzz_replay_file(argv[i], fn))
                return 1;
            (*n)++;
            continue;
        }
        DIR *d = opendir(argv[i]);
        if (!d) {
            perror(argv[i]);
            return 1;
        }
        char **names = NULL;
        size_t k = 0, cap = 0;
        struct dirent *e;
        while ((e = readdir(d)) != NULL) {
            if (e->d_name[0] == '.')
                continue;
            if (k == cap) {
                char **bigger = realloc(names, (cap = cap ? cap * 2 : 64) * sizeof *names);
                if (!bigger)
                    abort();
                names = bigger;
            }
            size_t need = strlen(argv[i]) + strlen(e->d_name) + 2;
            if (!(names[k] = malloc(need)))
                abort();
            snprintf(names[k++], need, "%s/%s", argv[i], e->d_name);
        }
        closedir(d);
        if (k)
            qsort(names, k, sizeof *names, fuzz_replay_cmp);
        int rc = 0;
        for (size_t j = 0; j < k; j++) {
            if (!rc && fuzz_replay_file(names[j], fn))
                rc = 1;
            else if (!rc)
                (*n)++;
            free(names[j]);
        }
        free(names);
        if (rc)
            return 1;
    }
    return 0;
}

/* main's body: with arguments, replay them (at least one input, else a failure); without,
 * run builtin (may be NULL: then arguments are required). */
static inline int fuzz_replay_main(int argc, char **argv, int (*fn)(const uint8_t *, size_t), int (*builtin)(void))
{
    if (argc < 2) {
        if (builtin)
            return builtin();
        fprintf(stderr, "usage: %s FILE|DIR...\n", argv[0]);
        return 2;
    }
    size_t n = 0;
    if (fuzz_replay_args(argc, argv, fn, &n))
        return 1;
    if (n == 0) {
        fprintf(stderr, "%s: replayed 0 inputs: the corpus is missing or empty\n", argv[0]);
        return 1;
    }
    printf("replayed %zu input(s)\n", n);
    return 0;
}

#endif
