/* lognormal.h - standard normals by Box-Muller and lognormal factors, vectorised (lognormal.c). */
#ifndef MG_LOGNORMAL_H
#define MG_LOGNORMAL_H

#include <stddef.h>

/* z[2i] = r cos t, z[2i + 1] = r sin t with r = sqrt(-2 ln u[2i]) (2^-53 for u = 0) and
 * t = 2 pi u[2i + 1]: 2 * pairs normals from 2 * pairs uniforms, in the generator's order;
 * r is scratch of pairs doubles. */
void mg_lognormal_normals(double *restrict z, double *restrict r, const double *restrict u, size_t pairs);
/* f[i] = exp(sigma z[i]): the lognormal factors, and the distance factors of the screen (ensemble.c) */
void mg_exp_scaled(double *restrict f, const double *restrict z, double sigma, size_t n);

#endif
