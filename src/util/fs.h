/* fs.h - files and directories: reading a file's head, walking a directory tree in a stable
 * (sorted) order. sha256 is in hash.h. */
#ifndef MG_FSUTIL_H
#define MG_FSUTIL_H

#include <stddef.h>
#include "util/err.h"

/* Read up to cap bytes from the start of path into buf; *got = bytes read. */
migdip_status mg_fs_read_head(const char *path, unsigned char *buf, size_t cap, size_t *got, mg_err *err);

/* All regular files below dir (recursively, hidden entries skipped), sorted by path.
 * *paths is an owned array of owned strings: free with mg_fs_free_list. */
migdip_status mg_fs_list_files(const char *dir, char ***paths, size_t *n, mg_err *err);
void mg_fs_free_list(char **paths, size_t n);

/* The part of path after dir + "/" if path lies below dir, else path itself. Borrowed. */
const char *mg_fs_relative(const char *path, const char *dir);

#endif
