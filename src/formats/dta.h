/* dta.h - a streaming reader for Stata .dta files (formats 104-119, Stata 2 to 18) over
 * ReadStat's parser: the variables once, then one callback per observation with its cells.
 * From a file (read as it goes) or from bytes in memory; it knows nothing of stores or
 * countries, so it can be fuzzed alone (fuzz/fuzz_dta.c).
 *
 * Cells: every missing value (system `.` and the tagged `.a`-`.z`) is missing, never 0.
 * Numbers of every storage type come as double; a float (4-byte) is given as the shortest
 * decimal that reads back as the same float (1153761.375f stays 1153761.375; 0.1f is 0.1,
 * not 0.100000001490116), which is what Stata displays and what a user would type. */
#ifndef MG_DTA_H
#define MG_DTA_H

#include <stdbool.h>
#include <stddef.h>
#include "util/err.h"

/* Stata's own limits (Stata/MP: 120,000 variables); larger headers are refused. */
#define MG_DTA_MAX_VARS 120000
#define MG_DTA_MAX_STRING 2000000

typedef struct mg_dta_var {
    const char *name;  /* as in the file (case kept) */
    const char *label; /* variable label, "" if none */
    bool is_string;
} mg_dta_var;

typedef struct mg_dta_info {
    int version;       /* file format: 118 for Stata 14-18, 114/115 for older ones, ... */
    long n_obs;        /* observations the header announces (-1 if unknown) */
    size_t n_vars;
    const mg_dta_var *vars;
    const char *file_label; /* "" if none */
} mg_dta_info;

typedef struct mg_dta_cell {
    bool missing;
    double num;      /* numeric variables, when not missing */
    const char *str; /* string variables ("" when empty; a string is never missing) */
    size_t len;
} mg_dta_cell;

/* Callbacks return MIGDIP_OK to go on, or an error status (with err set) to stop the read,
 * which then returns that status. vars is called once, before the first row (also when the
 * file has no observation); cells[i] belongs to info->vars[i]; everything is borrowed until
 * the callback returns. obs counts from 0. */
typedef struct mg_dta_callbacks {
    migdip_status (*vars)(void *ud, const mg_dta_info *info, mg_err *err);
    migdip_status (*row)(void *ud, long obs, const mg_dta_cell *cells, size_t n, mg_err *err);
} mg_dta_callbacks;

/* Read the file at path; name is used in messages (NULL: path). */
migdip_status mg_dta_read_file(const char *path, const char *name, const mg_dta_callbacks *cb, void *ud, mg_err *err);
/* Read len bytes at buf (borrowed, not copied); name is used in messages (NULL: "<memory>"). */
migdip_status mg_dta_read_mem(const char *name, const void *buf, size_t len, const mg_dta_callbacks *cb, void *ud,
                              mg_err *err);

/* True if head (the first n bytes of a file) looks like a .dta file: "<stata_dta>" (formats
 * 117-119), or the binary header of formats 104-115 (release byte, byte order 1|2, type 1). */
bool mg_dta_sniff(const unsigned char *head, size_t n);

#endif
