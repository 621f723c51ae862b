/* uncertainty.h - Monte Carlo robustness (docs/model.md §7) for migdip_robust_run and the rows
 * of migdip_screen_run (api/model.c): the draws, shared among processes when a migdip_split
 * says so. */
#ifndef MG_UNCERTAINTY_H
#define MG_UNCERTAINTY_H

#include "core/engine.h"
#include "store/ctx.h"

/* p_verdict, p_a and p_b of rows[0..n) (dyads of states of panel p) over o->robust_draws
 * draws, shared among processes when o->robust_split says so. */
migdip_status mg_uncertainty_screen(migdip_ctx *ctx, const mg_panel *p, const mg_params *prm,
                                    const migdip_screen_opts *o, migdip_screen_row *rows, size_t n);

/* migdip_robust_run's draws for the core actors a and b, out->base already evaluated. */
migdip_status mg_uncertainty_robust(migdip_ctx *ctx, const mg_panel *p, const mg_params *prm, const mg_actor *a,
                                    const mg_actor *b, const migdip_robust_opts *o, migdip_robust *out);

#endif
