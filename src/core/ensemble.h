/* ensemble.h - the engine's verdicts for many state dyads under many draws (docs/model.md §7,
 * the robustness screen): the same formulas as mg_engine_dyad_eval (core/engine.c), computed
 * for speed. What does not change from draw to draw is prepared once per panel (each host's
 * alternative senders with their ties, distances, incomes and women's shares; each state's
 * power logarithms; each dyad's scope and forced-migration share); what a draw changes is
 * prepared once per host and draw (capacities, the distance and income factors of every
 * alternative) rather than once per dyad; the substitutability sums are then branch-free
 * loops over arrays.
 *
 * The results equal mg_engine_dyad_eval's within rounding (powers are taken as products of
 * two powers, sums in another order): tests/integration/test_real_ensemble.c compares both
 * paths on the real panels, exposures to 1e-12 and every logic. A change to the formulas of
 * engine.c must be made here too; that test fails until it is.
 * Only dyads of two states (blocs go through the engine). Pure computation. */
#ifndef MG_ENSEMBLE_H
#define MG_ENSEMBLE_H

#include <stddef.h>
#include <stdint.h>

#include "core/engine.h"

typedef struct mg_ensemble mg_ensemble;
typedef struct mg_ensemble_work mg_ensemble_work;

/* Prepare the dyads pairs[k] = {i, j} (panel indices, i != j, side a = i) of panel p. The
 * panel's stocks, remittance shares and totals may change between calls of mg_ensemble_eval
 * (data draws, on a copy with the same states); everything else is read here once. base
 * gives the options that are not drawn (power measure, territories). NULL out of memory. */
mg_ensemble *mg_ensemble_new(const mg_panel *p, const mg_params *base, const size_t (*pairs)[2], size_t n_pairs);
void mg_ensemble_free(mg_ensemble *e);
size_t mg_ensemble_n_pairs(const mg_ensemble *e);

/* Scratch for one thread. NULL out of memory. */
mg_ensemble_work *mg_ensemble_work_new(const mg_ensemble *e);
void mg_ensemble_work_free(mg_ensemble_work *w);

/* Every dyad's logic per side (q[k][0], q[k][1], migdip_quadrant) with parameters prm on
 * the cells of panel d (p itself, or a copy whose stocks and shares were drawn and whose
 * totals were recomputed); exposure[k][side] (moderated, as migdip_side.exposure) when
 * exposure is not NULL. */
void mg_ensemble_eval(const mg_ensemble *e, mg_ensemble_work *w, const mg_panel *d, const mg_params *prm,
                      uint8_t (*q)[2], double (*exposure)[2]);

/* The totals a draw of the stocks changes (emigrants, immigrants, and the capacity of each
 * sender in each subregion), as mg_panel_totals computes them, without the concentration
 * figures the verdict does not read and without allocating; from the cells listed (in cell
 * order: every positive one), or from all when cells is NULL. */
void mg_ensemble_totals(mg_panel *d, const uint32_t *cells, size_t n_cells);

#endif
