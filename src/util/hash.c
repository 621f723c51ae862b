/* hash.c - sha256 through OpenSSL's EVP interface. OpenSSL's SHA-256 uses the CPU's SHA
 * instructions where there are some: hashing the reference files took 7% of an import with a
 * portable implementation (bench/README.md). */
#include "util/hash.h"

#include <errno.h>
#include <openssl/evp.h>
#include <stdio.h>
#include <string.h>

static void to_hex(const unsigned char *md, unsigned int n, char hex[65])
{
    static const char DIGITS[] = "0123456789abcdef";
    for (unsigned int i = 0; i < n && i < 32; i++) {
        hex[2 * i] = DIGITS[md[i] >> 4];
        hex[2 * i + 1] = DIGITS[md[i] & 15];
    }
    hex[64] = '\0';
}

migdip_status mg_hash_sha256_file(const char *path, char hex[65], mg_err *err)
{
    FILE *f = fopen(path, "rb");
    if (!f)
        return mg_err_set(err, MIGDIP_ERR_IO, "%s: cannot open: %s", path, strerror(errno));
    EVP_MD_CTX *sha = EVP_MD_CTX_new();
    if (!sha || !EVP_DigestInit_ex(sha, EVP_sha256(), NULL)) {
        EVP_MD_CTX_free(sha);
        fclose(f);
        return mg_err_set(err, MIGDIP_ERR_NOMEM, "%s: cannot start sha256", path);
    }
    unsigned char buf[1 << 16];
    size_t got;
    int ok = 1;
    while (ok && (got = fread(buf, 1, sizeof buf, f)) > 0)
        ok = EVP_DigestUpdate(sha, buf, got);
    int failed = ferror(f) || !ok;
    fclose(f);
    unsigned char md[EVP_MAX_MD_SIZE];
    unsigned int n = 0;
    if (!failed)
        failed = !EVP_DigestFinal_ex(sha, md, &n);
    EVP_MD_CTX_free(sha);
    if (failed || n != 32)
        return mg_err_set(err, MIGDIP_ERR_IO, "%s: read error", path);
    to_hex(md, n, hex);
    return MIGDIP_OK;
}

migdip_status mg_hash_sha256_mem(const void *buf, size_t len, char hex[65], mg_err *err)
{
    unsigned char md[EVP_MAX_MD_SIZE];
    unsigned int n = 0;
    /* EVP_Digest wants a pointer even for no bytes */
    if (!EVP_Digest(len ? buf : "", len, md, &n, EVP_sha256(), NULL) || n != 32)
        return mg_err_set(err, MIGDIP_ERR_NOMEM, "cannot compute sha256");
    to_hex(md, n, hex);
    return MIGDIP_OK;
}
