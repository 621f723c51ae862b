/* fuzz_scenario.c - libFuzzer target for scenario files (migdip_scenario_load, docs/scenarios.md):
 * the input is written to a file in a memory file system (the loader reads a path) and loaded;
 * a file that loads is saved and loaded again, and must give the same actors, shocks and
 * parameters. Errors are expected; a failure without a message, a crash or a leak are not.
 * Built with -DMG_FUZZ_STANDALONE it replays files and directories (fuzz/corpus/fuzz_scenario). */
#include <stdint.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <unistd.h>

#include "migdip/migdip.h"

static char g_dir[64];

static int same(const migdip_sim_opts *a, const migdip_sim_opts *b)
{
    if (strcmp(a->a ? a->a : "", b->a ? b->a : "") || strcmp(a->b ? a->b : "", b->b ? b->b : "") ||
        a->n_shocks != b->n_shocks || memcmp(&a->params, &b->params, sizeof a->params) != 0)
        return 0;
    for (size_t i = 0; i < a->n_shocks; i++)
        if (a->shocks[i].kind != b->shocks[i].kind || a->shocks[i].share != b->shocks[i].share ||
            a->shocks[i].per_month != b->shocks[i].per_month || a->shocks[i].start != b->shocks[i].start ||
            a->shocks[i].months != b->shocks[i].months)
            return 0;
    return 1;
}

int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size);
int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size)
{
    if (!g_dir[0]) {
        snprintf(g_dir, sizeof g_dir, "%s/migdip-fuzz-XXXXXX", access("/dev/shm", W_OK) == 0 ? "/dev/shm" : "/tmp");
        if (!mkdtemp(g_dir))
            abort();
    }
    char path[96], saved[96];
    snprintf(path, sizeof path, "%s/s.json", g_dir);
    snprintf(saved, sizeof saved, "%s/saved.json", g_dir);
    FILE *f = fopen(path, "wb");
    if (!f || fwrite(data, 1, size, f) != size || fclose(f) != 0)
        abort();
    static migdip_ctx *ctx; /* the loader only reports errors on it: one store for every input */
    if (!ctx && migdip_ctx_open(":memory:", &ctx) != MIGDIP_OK)
        abort();
    migdip_sim_opts o = {0}, o2 = {0};
    int year = 0, year2 = 0;
    migdip_status st = migdip_scenario_load(ctx, path, &o, &year);
    if (st != MIGDIP_OK && migdip_ctx_errmsg(ctx)[0] == '\0')
        abort();
    if (st == MIGDIP_OK) {
        if (migdip_scenario_save(ctx, saved, &o, year) != MIGDIP_OK)
            abort();
        if (migdip_scenario_load(ctx, saved, &o2, &year2) != MIGDIP_OK || year2 != year || !same(&o, &o2))
            abort();
        migdip_sim_opts_cleanup(&o2);
        migdip_sim_opts_cleanup(&o);
    }
    unlink(path);
    unlink(saved);
    return 0;
}

#ifdef MG_FUZZ_STANDALONE
#include "fuzz_replay.h"

int main(int argc, char **argv)
{
    int rc = fuzz_replay_main(argc, argv, LLVMFuzzerTestOneInput, NULL);
    if (g_dir[0])
        rmdir(g_dir);
    return rc;
}
#endif
