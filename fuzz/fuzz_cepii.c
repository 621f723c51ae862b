/* fuzz_cepii.c - libFuzzer target for the CEPII GeoDist importers (imp_cepii.c): the input is written to a temporary
 * file and imported through the public API into a fresh store seeded with a few countries.
 * Errors are expected; crashes, leaks and a failed import that leaves no message are not.
 * Built with -DMG_FUZZ_STANDALONE it replays the files named on its command line, or with no
 * arguments a few built-in inputs and deterministic mutations of them. */
#include <stdint.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <unistd.h>

#include <sqlite3.h>

#include "migdip/migdip.h"

static const char SEED_SQL[] =
    "INSERT OR IGNORE INTO country(iso3,name,kind) VALUES"
    " ('NPL','Nepal','country'),('QAT','Qatar','country'),('MYS','Malaysia','country'),"
    " ('ROU','Romania','country'),('COD','Congo, Dem. Rep.','country'),('DEU','Germany','country'),"
    " ('SRB','Serbia','country');"
    "INSERT OR IGNORE INTO country_code(scheme,code,iso3) VALUES"
    " ('cown','790','NPL'),('cown','694','QAT'),('cown','820','MYS'),('cown','255','DEU'),"
    " ('cowc','NEP','NPL'),('cowc','MAL','MYS');";

static const char *const SAMPLES[] = {
    "\xEF\xBB\xBF" "iso_o,iso_d,contig,comlang_off,comlang_ethno,colony,comcol,curcol,col45,smctry,dist,distcap,distw,distwces\n"
    "NPL,QAT,0,0,0,0,0,0,0,0,3366.389,3366.389,3322.684,3312.038\n"
    "ROM,ZAR,0,0,1,0,0,0,0,0,5835.1,5835.1,.,.\n"
    "QAT,,0,0,0,0,0,0,0,0,2,2,2,2\n"
    "XYZ,NPL,0,0,0,0,0,0,0,0,1,1,1,1",
    "iso2,iso3,cnum,country,pays,area,dis_int,landlocked,continent,city_en,city_fr,lat,lon,cap,maincity,citynum,langoff_1,langoff_2,langoff_3,colonizer1,colonizer2,colonizer3,colonizer4\n"
    "QA,QAT,634,Qatar,Qatar,11437,40.1,0,Asia,Al Rayyan,Al Rayyan,25.3,51.4,0,1,25,Arabic,.,.,GBR,.,.,.\n"
    "QA,QAT,634,Qatar,Qatar,11437,40.1,0,Asia,Doha,Doha,25.28,51.53,1,1,25,Arabic,English,.,GBR,TUR,.,.\n"
    "ZR,ZAR,180,\"Congo, Dem. Rep.\",\"Congo, Rép.\",2345410,576,0,Africa,Kinshasa,Kinshasa,-4.3,15.3,.,1,25,French,.,.,BEL,.,.,.\n"
    "",
};

/* Remove the input, the store and its WAL files, then the directory (no fork: fast). */
static void rm_rf(const char *dir)
{
    static const char *const names[] = {"cepii.csv", "migdip.db", "migdip.db-wal", "migdip.db-shm",
                                        "migdip.db-journal"};
    char p[128];
    for (size_t i = 0; i < sizeof names / sizeof *names; i++) {
        snprintf(p, sizeof p, "%s/%s", dir, names[i]);
        unlink(p);
    }
    rmdir(dir);
}

int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size);
int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size)
{
    char dir[] = "/tmp/migdip-fuzz-XXXXXX";
    if (!mkdtemp(dir))
        return 0;
    char path[64], db_path[64];
    snprintf(path, sizeof path, "%s/cepii.csv", dir);
    snprintf(db_path, sizeof db_path, "%s/migdip.db", dir);
    FILE *f = fopen(path, "wb");
    if (!f || fwrite(data, 1, size, f) != size) {
        if (f)
            fclose(f);
        rm_rf(dir);
        return 0;
    }
    fclose(f);
    migdip_ctx *ctx = NULL;
    if (migdip_open(db_path, &ctx) != MIGDIP_OK)
        abort();
    sqlite3 *db = NULL;
    if (sqlite3_open(db_path, &db) != SQLITE_OK || sqlite3_exec(db, SEED_SQL, NULL, NULL, NULL) != SQLITE_OK)
        abort();
    sqlite3_close(db);
    const char *files[] = {path};
    migdip_import_opts o = {.files = files, .n_files = 1};
    migdip_import_report *rep = NULL;
    migdip_status st = migdip_import(ctx, &o, &rep);
    if (st != MIGDIP_OK && (rep || migdip_errmsg(ctx)[0] == '\0'))
        abort();
    if (st == MIGDIP_OK && !rep)
        abort();
    migdip_import_report_free(rep);
    migdip_close(ctx);
    rm_rf(dir);
    return 0;
}

#ifdef MG_FUZZ_STANDALONE
/* Built-in inputs and mutations of them: every prefix length in steps, and bytes replaced
 * by characters that matter to a CSV reader (a deterministic LCG picks where). */
static int run_builtin(void)
{
    static const char special[] = ",\"\n\r.-9 \0x";
    uint32_t lcg = 12345;
    int n = 0;
    for (size_t s = 0; s < sizeof SAMPLES / sizeof *SAMPLES; s++) {
        size_t len = strlen(SAMPLES[s]);
        uint8_t *buf = malloc(len + 1);
        if (!buf)
            return 1;
        LLVMFuzzerTestOneInput((const uint8_t *)SAMPLES[s], len), n++;
        for (size_t cut = 0; cut < len; cut += len / 7 + 1)
            LLVMFuzzerTestOneInput((const uint8_t *)SAMPLES[s], cut), n++;
        for (int m = 0; m < 24; m++) {
            memcpy(buf, SAMPLES[s], len);
            for (int k = 0; k < 1 + m % 3; k++) {
                lcg = lcg * 1664525u + 1013904223u;
                buf[(lcg >> 8) % len] = (uint8_t)special[(lcg >> 20) % (sizeof special - 1)];
            }
            LLVMFuzzerTestOneInput(buf, len), n++;
        }
        free(buf);
    }
    printf("ran %d built-in input(s)\n", n);
    return 0;
}

/* Replay each file given on the command line once (or the built-in inputs). */
int main(int argc, char **argv)
{
    if (argc < 2)
        return run_builtin();
    for (int i = 1; i < argc; i++) {
        FILE *f = fopen(argv[i], "rb");
        if (!f) {
            perror(argv[i]);
            return 1;
        }
        size_t cap = 1 << 16, len = 0, got;
        uint8_t *buf = malloc(cap);
        while (buf && (got = fread(buf + len, 1, cap - len, f)) > 0) {
            len += got;
            if (len == cap) {
                uint8_t *bigger = realloc(buf, cap *= 2);
                if (!bigger) {
                    free(buf);
                    buf = NULL;
                    break;
                }
                buf = bigger;
            }
        }
        fclose(f);
        if (!buf) {
            fprintf(stderr, "%s: out of memory\n", argv[i]);
            return 1;
        }
        LLVMFuzzerTestOneInput(buf, len);
        free(buf);
    }
    printf("replayed %d input(s)\n", argc - 1);
    return 0;
}
#endif
