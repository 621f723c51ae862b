/* draws.c - what robust and screen --robust share: the options of the draws, the progress bar
 * and, in a build with MIGDIP_MPI, the draws shared among the processes mpirun starts
 * (docs/scale.md). MPI lives here, in the program: the library only takes a migdip_split. */
#include <stdint.h>
#include <stdlib.h>
#include <string.h>
#include <unistd.h>

#include "cli.h"

#ifdef MIGDIP_MPI
#include <limits.h>
#include <mpi.h>
#endif

const cli_opt CLI_DRAWS_OPTS[] = {
    CLI_OPT("--seed", "S", "the generator's seed (default 1): the same seed gives the same figures on any number of "
                    "threads"),
    CLI_OPT("--threads", "T", "OpenMP threads (default: all cores); under mpirun (a build with MIGDIP_MPI) the draws are "
                       "shared among the processes (docs/scale.md)"),
    CLI_OPT("--params-only", NULL, "draw the parameters only"),
    CLI_OPT("--data-only", NULL, "draw the data only", .alt = true),
    {0},
};

int cli_draws_set(cli_draws *d, const char *cmd, const char *a, const char *v)
{
    if (!strcmp(a, "--params-only") || !strcmp(a, "--data-only")) {
        if (!strcmp(a, "--params-only"))
            d->params_only = true;
        else
            d->data_only = true;
        if (d->params_only && d->data_only) {
            cli_usage_error(cmd, "--params-only and --data-only exclude each other");
            return -1;
        }
        return 0;
    }
    bool seed = !strcmp(a, "--seed");
    char *end;
    unsigned long long x = strtoull(v, &end, 10);
    unsigned long long cap = seed ? ~0ull : 256ull;
    if (*end || v[0] == '-' || !v[0] || x > cap || (x == 0 && !seed)) {
        cli_usage_error(cmd, "%s: expected a whole number from %s to %llu, got \"%s\"", a, seed ? "0" : "1", cap, v);
        return -1;
    }
    if (seed)
        d->seed = x;
    else
        d->threads = (int)x;
    return 0;
}

static void progress(void *ud, size_t done, size_t total)
{
    (void)ud;
    int width = 40, filled = (int)(width * done / (total ? total : 1));
    fprintf(stderr, "\r[%.*s%*s] %zu/%zu draws", filled, "########################################", width - filled,
            "", done, total);
    if (done == total)
        fputc('\n', stderr);
}

static migdip_split split;
static bool split_on;

/* a launcher's environment: Open MPI, MPICH/Hydra, PMIx */
static int launched_size(void)
{
    const char *v = getenv("OMPI_COMM_WORLD_SIZE");
    if (!v)
        v = getenv("PMI_SIZE");
    return v ? atoi(v) : 0;
}

#ifdef MIGDIP_MPI
static int mpi_sum(void *ud, uint64_t *v, size_t n)
{
    (void)ud;
    while (n > 0) {
        int c = n > (size_t)(INT_MAX / 2) ? INT_MAX / 2 : (int)n;
        if (MPI_Allreduce(MPI_IN_PLACE, v, c, MPI_UINT64_T, MPI_SUM, MPI_COMM_WORLD) != MPI_SUCCESS)
            return -1;
        v += c;
        n -= (size_t)c;
    }
    return 0;
}

static void mpi_end(void) { MPI_Finalize(); }
#endif

const migdip_split *cli_draws_split(void)
{
    if (split_on)
        return split.size > 1 ? &split : NULL;
    split_on = true;
    split.size = 1;
    int size = launched_size();
#ifdef MIGDIP_MPI
    if (size > 0) {
        int up = 0;
        MPI_Initialized(&up);
        if (!up && MPI_Init(NULL, NULL) != MPI_SUCCESS)
            return NULL;
        atexit(mpi_end);
        MPI_Comm_rank(MPI_COMM_WORLD, &split.rank);
        MPI_Comm_size(MPI_COMM_WORLD, &split.size);
        split.sum = mpi_sum;
        if (split.rank != 0 && !freopen("/dev/null", "w", stdout))
            return NULL;
    }
#else
    if (size > 1 && getenv("OMPI_COMM_WORLD_RANK") && !strcmp(getenv("OMPI_COMM_WORLD_RANK"), "0"))
        fprintf(stderr, "migdip: note: built without MIGDIP_MPI: each of the %d processes computes every draw\n",
                size);
#endif
    return split.size > 1 ? &split : NULL;
}

void (*cli_draws_progress(void))(void *ud, size_t done, size_t total)
{
    const migdip_split *s = cli_draws_split();
    return isatty(STDERR_FILENO) && (!s || s->rank == 0) ? progress : NULL;
}
