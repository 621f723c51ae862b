/* vector.h - functions built twice, for AVX2 and for any x86-64, the one to run chosen when the
 * program starts (GCC's target_clones): the same machine always takes the same version, so
 * threads and processes on it agree bit for bit. Not under the sanitizers (their runtime
 * cannot resolve the clones) nor with Clang. A cloned function is kept static: a global one
 * would export its resolver. */
#ifndef MG_VECTOR_H
#define MG_VECTOR_H

#if defined(__x86_64__) && defined(__GNUC__) && !defined(__clang__) && !defined(__SANITIZE_ADDRESS__)
#define MG_CLONES __attribute__((target_clones("avx2", "default")))
#else
#define MG_CLONES
#endif

#endif
