/* inject.c - fault injection for the migdip-faults program (cmake -DMIGDIP_FAULTS=ON).
 *
 * migdip-faults is the CLI linked with `-Wl,--wrap=SYMBOL` for every allocation and every
 * stdio/libzip read or write our code calls (the list is MIGDIP_FAULT_WRAP in
 * CMakeLists.txt): each call from libmigdip.a or the CLI goes through __wrap_SYMBOL below,
 * which counts it and fails the Nth. Allocations made inside SQLite, libzip, expat, cJSON or
 * ReadStat are theirs, not ours, and are not counted (shared libraries are not wrapped).
 *
 * Environment:
 *   MIGDIP_FAULT_ALLOC=N   the Nth allocation (malloc, calloc, realloc, strdup; 1 = the
 *                          first) returns NULL with errno ENOMEM; N+ fails it and every later one
 *   MIGDIP_FAULT_IO=N      the Nth read or write fails: fopen/fdopen/tmpfile/zip_open return
 *                          NULL (EIO), fread/zip_fread fail with EIO, a write (fwrite, fputs,
 *                          fputc, fprintf, ...), fflush, fclose (of a stream with data
 *                          waiting) or fsync fails with ENOSPC (a full disk), rename with
 *                          EIO; N+ as above. Writes to stderr are
 *                          neither counted nor failed (the error message must get out).
 *   MIGDIP_FAULT_LOG=PATH  at exit, append to PATH one line per call site reached:
 *                          "alloc|io FIRST_N OFFSET" (OFFSET: the return address in the
 *                          program, for addr2line), and "fired alloc|io N OFFSET" for the fault.
 * Counting is deterministic with one thread (OMP_NUM_THREADS=1). */
#define _GNU_SOURCE 1
#include <dlfcn.h>
#include <errno.h>
#include <fcntl.h>
#include <pthread.h>
#include <stdarg.h>
#include <stdint.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <unistd.h>
#include <zip.h>

void *__real_malloc(size_t n);
void *__real_calloc(size_t n, size_t size);
void *__real_realloc(void *p, size_t n);
char *__real_strdup(const char *s);
FILE *__real_fopen(const char *path, const char *mode);
FILE *__real_fdopen(int fd, const char *mode);
FILE *__real_tmpfile(void);
size_t __real_fread(void *p, size_t size, size_t n, FILE *f);
size_t __real_fwrite(const void *p, size_t size, size_t n, FILE *f);
int __real_fputs(const char *s, FILE *f);
int __real_fputc(int c, FILE *f);
int __real_puts(const char *s);
int __real_vfprintf(FILE *f, const char *fmt, va_list ap);
int __real_fflush(FILE *f);
int __real_fclose(FILE *f);
int __real_fsync(int fd);
int __real_rename(const char *from, const char *to);
zip_t *__real_zip_open(const char *path, int flags, int *errorp);
zip_int64_t __real_zip_fread(zip_file_t *zf, void *buf, zip_uint64_t n);

enum { K_ALLOC, K_IO, N_KINDS };
static const char *const kind_name[N_KINDS] = {"alloc", "io"};

static pthread_once_t once = PTHREAD_ONCE_INIT;
static long fail_at[N_KINDS];     /* 0: never */
static int fail_after[N_KINDS];   /* N+: every call from the Nth on */
static long count[N_KINDS];       /* atomic */
static int logging;
static pthread_mutex_t lock = PTHREAD_MUTEX_INITIALIZER;

/* call sites reached: open addressing on the return address */
#define SITES 8192
static struct site {
    uintptr_t ra;
    long first;
    int kind;
} sites[SITES];
static char log_path[4096];

static uintptr_t offset_of(uintptr_t ra)
{
    Dl_info info;
    if (dladdr((void *)ra, &info) && info.dli_fbase)
        return ra - (uintptr_t)info.dli_fbase;
    return ra;
}

/* fprintf through the real vfprintf: this file's own calls are wrapped too */
static void log_line(FILE *f, const char *fmt, ...) __attribute__((format(printf, 2, 3)));
static void log_line(FILE *f, const char *fmt, ...)
{
    va_list ap;
    va_start(ap, fmt);
    __real_vfprintf(f, fmt, ap);
    va_end(ap);
}

static void write_log(void)
{
    FILE *f = __real_fopen(log_path, "a");
    if (!f)
        return;
    for (size_t i = 0; i < SITES; i++)
        if (sites[i].ra)
            log_line(f, "%s %ld 0x%lx\n", kind_name[sites[i].kind], sites[i].first,
                     (unsigned long)offset_of(sites[i].ra));
    __real_fclose(f);
}

static void parse(int k, const char *name)
{
    const char *v = getenv(name);
    if (!v || !*v)
        return;
    char *end;
    fail_at[k] = strtol(v, &end, 10);
    fail_after[k] = *end == '+';
}

static void init(void)
{
    parse(K_ALLOC, "MIGDIP_FAULT_ALLOC");
    parse(K_IO, "MIGDIP_FAULT_IO");
    const char *p = getenv("MIGDIP_FAULT_LOG");
    if (p && *p && strlen(p) < sizeof log_path) {
        strcpy(log_path, p);
        logging = 1;
        atexit(write_log);
    }
}

static void note_site(int k, long n, uintptr_t ra)
{
    size_t h = (size_t)((ra * 0x9E3779B97F4A7C15u) >> 51) % SITES;
    pthread_mutex_lock(&lock);
    for (size_t i = 0; i < SITES; i++, h = (h + 1) % SITES) {
        if (sites[h].ra == ra)
            break;
        if (!sites[h].ra) {
            sites[h].ra = ra;
            sites[h].first = n;
            sites[h].kind = k;
            break;
        }
    }
    pthread_mutex_unlock(&lock);
}

/* Count one call of kind k from return address ra; nonzero if it is to fail. */
static int should_fail(int k, uintptr_t ra)
{
    pthread_once(&once, init);
    long n = __atomic_add_fetch(&count[k], 1, __ATOMIC_RELAXED);
    if (logging)
        note_site(k, n, ra);
    int fail = fail_at[k] > 0 && (n == fail_at[k] || (fail_after[k] && n > fail_at[k]));
    if (fail && logging) {
        /* written at once: the log at exit is lost if the program crashes */
        int fd = open(log_path, O_WRONLY | O_APPEND | O_CREAT | O_CLOEXEC, 0644);
        if (fd >= 0) {
            dprintf(fd, "fired %s %ld 0x%lx\n", kind_name[k], n, (unsigned long)offset_of(ra));
            close(fd);
        }
    }
    return fail;
}

#define RA ((uintptr_t)__builtin_return_address(0))
#define ALLOC_FAULT() (should_fail(K_ALLOC, RA) ? (errno = ENOMEM, 1) : 0)
/* a stream write or read is not counted on stderr */
#define IO_FAULT(f) ((f) != stderr && should_fail(K_IO, RA))

/* data waiting in a stream's buffer (glibc): flushing or closing a stream with none cannot
 * fail for want of space, so such a call is neither counted nor failed */
static int pending(FILE *f)
{
    return f->_IO_write_ptr > f->_IO_write_base;
}

/* mark a stream as failed, as a real error would (glibc: the flag ferror() reads) */
static void set_error(FILE *f, int e)
{
    f->_flags |= _IO_ERR_SEEN;
    errno = e;
}

void *__wrap_malloc(size_t n)
{
    return ALLOC_FAULT() ? NULL : __real_malloc(n);
}

void *__wrap_calloc(size_t n, size_t size)
{
    return ALLOC_FAULT() ? NULL : __real_calloc(n, size);
}

void *__wrap_realloc(void *p, size_t n)
{
    return ALLOC_FAULT() ? NULL : __real_realloc(p, n);
}

char *__wrap_strdup(const char *s)
{
    return ALLOC_FAULT() ? NULL : __real_strdup(s);
}

FILE *__wrap_fopen(const char *path, const char *mode)
{
    if (should_fail(K_IO, RA)) {
        errno = EIO;
        return NULL;
    }
    return __real_fopen(path, mode);
}

FILE *__wrap_fdopen(int fd, const char *mode)
{
    if (should_fail(K_IO, RA)) {
        errno = EIO;
        return NULL;
    }
    return __real_fdopen(fd, mode);
}

FILE *__wrap_tmpfile(void)
{
    if (should_fail(K_IO, RA)) {
        errno = ENOSPC;
        return NULL;
    }
    return __real_tmpfile();
}

size_t __wrap_fread(void *p, size_t size, size_t n, FILE *f)
{
    if (IO_FAULT(f)) {
        set_error(f, EIO);
        return 0;
    }
    return __real_fread(p, size, n, f);
}

size_t __wrap_fwrite(const void *p, size_t size, size_t n, FILE *f)
{
    if (IO_FAULT(f)) {
        set_error(f, ENOSPC);
        return 0;
    }
    return __real_fwrite(p, size, n, f);
}

int __wrap_fputs(const char *s, FILE *f)
{
    if (IO_FAULT(f)) {
        set_error(f, ENOSPC);
        return EOF;
    }
    return __real_fputs(s, f);
}

int __wrap_fputc(int c, FILE *f)
{
    if (IO_FAULT(f)) {
        set_error(f, ENOSPC);
        return EOF;
    }
    return __real_fputc(c, f);
}

int __wrap_puts(const char *s)
{
    if (IO_FAULT(stdout)) {
        set_error(stdout, ENOSPC);
        return EOF;
    }
    return __real_puts(s);
}

int __wrap_vfprintf(FILE *f, const char *fmt, va_list ap)
{
    if (IO_FAULT(f)) {
        set_error(f, ENOSPC);
        return -1;
    }
    return __real_vfprintf(f, fmt, ap);
}

int __wrap_fprintf(FILE *f, const char *fmt, ...)
{
    if (IO_FAULT(f)) {
        set_error(f, ENOSPC);
        return -1;
    }
    va_list ap;
    va_start(ap, fmt);
    int r = __real_vfprintf(f, fmt, ap);
    va_end(ap);
    return r;
}

int __wrap_printf(const char *fmt, ...)
{
    if (IO_FAULT(stdout)) {
        set_error(stdout, ENOSPC);
        return -1;
    }
    va_list ap;
    va_start(ap, fmt);
    int r = __real_vfprintf(stdout, fmt, ap);
    va_end(ap);
    return r;
}

int __wrap_fflush(FILE *f)
{
    if (f && pending(f) && IO_FAULT(f)) {
        set_error(f, ENOSPC);
        return EOF;
    }
    return __real_fflush(f);
}

int __wrap_fclose(FILE *f)
{
    if (pending(f) && IO_FAULT(f)) {
        /* the data written could not be flushed: the stream is closed all the same */
        __real_fclose(f);
        errno = ENOSPC;
        return EOF;
    }
    return __real_fclose(f);
}

int __wrap_fsync(int fd)
{
    if (should_fail(K_IO, RA)) {
        errno = ENOSPC;
        return -1;
    }
    return __real_fsync(fd);
}

int __wrap_rename(const char *from, const char *to)
{
    if (should_fail(K_IO, RA)) {
        errno = EIO;
        return -1;
    }
    return __real_rename(from, to);
}

zip_t *__wrap_zip_open(const char *path, int flags, int *errorp)
{
    if (should_fail(K_IO, RA)) {
        if (errorp)
            *errorp = ZIP_ER_READ;
        return NULL;
    }
    return __real_zip_open(path, flags, errorp);
}

zip_int64_t __wrap_zip_fread(zip_file_t *zf, void *buf, zip_uint64_t n)
{
    if (should_fail(K_IO, RA)) {
        zip_error_set(zip_file_get_error(zf), ZIP_ER_READ, EIO); /* as libzip reports a failed read */
        return -1;
    }
    return __real_zip_fread(zf, buf, n);
}
