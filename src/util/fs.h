/* fs.h - files and directories: reading a file's head, walking a directory tree in a stable
 * (sorted) order. sha256 is in hash.h. */
#ifndef MG_FSUTIL_H
#define MG_FSUTIL_H

#include <stddef.h>
#include <stdio.h>
#include "util/err.h"

/* Read up to cap bytes from the start of path into buf; *got = bytes read. */
migdip_status mg_fs_read_head(const char *path, unsigned char *buf, size_t cap, size_t *got, mg_err *err);

/* All regular files below dir (recursively, hidden entries skipped), sorted by path.
 * *paths is an owned array of owned strings: free with mg_fs_free_list. Symbolic links are
 * followed; a directory reached a second time (a link loop) is walked once. */
migdip_status mg_fs_list_files(const char *dir, char ***paths, size_t *n, mg_err *err);
/* The same, and (skipped may be NULL) every other entry that was not read, as "path: why",
 * sorted: dangling links, FIFOs, devices, sockets, unreadable entries, directories reached
 * again through a link, directories deeper than 16 levels. Free with mg_fs_free_list. */
migdip_status mg_fs_walk(const char *dir, char ***paths, size_t *n, char ***skipped, size_t *n_skipped,
                         mg_err *err);
void mg_fs_free_list(char **paths, size_t n);

/* The part of path after dir + "/" if path lies below dir, else path itself. Borrowed. */
const char *mg_fs_relative(const char *path, const char *dir);

/* An output file written whole (export --out, simulate --save), never left half written and
 * never replacing what the path is. NULL or "-" is standard output. Otherwise symbolic links
 * are followed to the final target (the links stay); a target that exists and is not a regular
 * file (a device such as /dev/null, a FIFO) is written in place, never replaced; a directory
 * is refused; a regular file (existing or not) is written to a temporary file created
 * exclusively (O_CREAT|O_EXCL|O_NOFOLLOW: a planted link is never followed) beside the target,
 * synced and renamed over it at commit (an existing file's permissions are kept). */
typedef struct mg_fs_out {
    FILE *f;       /* write here */
    char *target;  /* the resolved target (NULL: standard output) */
    char *tmp;     /* the temporary file renamed at commit (NULL: written in place) */
} mg_fs_out;

migdip_status mg_fs_out_open(mg_fs_out *o, const char *path, mg_err *err);
/* Flush, sync and close (rename the temporary file over the target): any write error seen
 * on the way is reported here, naming the target. Standard output is flushed, not closed. */
migdip_status mg_fs_out_commit(mg_fs_out *o, mg_err *err);
/* Give up: close and remove the temporary file (the target is untouched). Safe after commit. */
void mg_fs_out_abort(mg_fs_out *o);
/* For a large file written in parts (an export of many years): hand what is written so far
 * to the disk now, without waiting, so that the sync at commit finds little left to write.
 * Best effort and silent: errors are reported by the writes and by commit. */
void mg_fs_out_writeback(mg_fs_out *o);

#endif
