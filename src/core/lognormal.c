/* lognormal.c - the robustness draws' lognormal factors (docs/model.md §7) in loops the
 * compiler turns into calls of glibc's vector math (libmvec): log, sin, cos and exp several at
 * a time. Built with -ffast-math (CMakeLists.txt), which is what makes <math.h> declare the
 * vector variants; the file holds nothing else, its inputs are finite (uniforms in [0, 1)) and
 * so are its outputs. The vector functions are not the scalar ones bit for bit (within a few
 * units in the last place): a draw's factors differ from scalar Box-Muller's at about 1e-16. */
#include "core/lognormal.h"
#include "core/vector.h"

#include <math.h>


/* one function a loop, so that no two are fused into a scalar sincos */
MG_CLONES
static void radii(double *restrict r, const double *restrict u, size_t pairs)
{
#pragma omp simd
    for (size_t i = 0; i < pairs; i++) {
        double a = u[2 * i];
        r[i] = sqrt(-2 * log(a > 0 ? a : 0x1.0p-53));
    }
}

MG_CLONES
static void cosines(double *restrict z, const double *restrict r, const double *restrict u, size_t pairs)
{
#pragma omp simd
    for (size_t i = 0; i < pairs; i++)
        z[2 * i] = r[i] * cos(2 * M_PI * u[2 * i + 1]);
}

MG_CLONES
static void sines(double *restrict z, const double *restrict r, const double *restrict u, size_t pairs)
{
#pragma omp simd
    for (size_t i = 0; i < pairs; i++)
        z[2 * i + 1] = r[i] * sin(2 * M_PI * u[2 * i + 1]);
}

void mg_lognormal_normals(double *restrict z, double *restrict r, const double *restrict u, size_t pairs)
{
    radii(r, u, pairs);
    cosines(z, r, u, pairs);
    sines(z, r, u, pairs);
}

MG_CLONES
static void exp_scaled(double *restrict f, const double *restrict z, double sigma, size_t n)
{
#pragma omp simd
    for (size_t i = 0; i < n; i++)
        f[i] = exp(sigma * z[i]);
}

/* the clones and their resolver stay local to this file (a cloned global function would export
 * its resolver) */
void mg_exp_scaled(double *restrict f, const double *restrict z, double sigma, size_t n) { exp_scaled(f, z, sigma, n); }
