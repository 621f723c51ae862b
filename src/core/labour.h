/* labour.h - labour migrants, not all foreign-born persons (docs/model.md §1.1): the panel's
 * engine stock built from the UN stocks, UNHCR's protection figures, the legacy rule and the
 * sending states' own deployment records; and the remittance shares of the World Bank matrix
 * rescaled to it. Pure computation on the panel (core/panel.h). */
#ifndef MG_LABOUR_H
#define MG_LABOUR_H

#include "core/panel.h"
#include "core/params.h"

/* Fill p->asylum, p->stock and p->legacy from p->stock_born, p->protection, p->contig,
 * p->stock_ref and p->recorded: foreign-born persons less those in need of protection (all of
 * them in a country of first asylum of an origin in a refugee context); a corridor that shrank
 * below legacy_decline of its size legacy_span years earlier counts legacy_weight of them;
 * a sending state's recorded workers replace the result where they are more. Call
 * mg_panel_totals afterwards. */
void mg_labour_stock(mg_panel *p, const mg_params *prm);

/* Persons of corridor k (o * n + d) read as in need of protection: UNHCR's and UNRWA's figures
 * (at most the UN stock), or the whole stock where d is o's country of first asylum in a
 * refugee context (p->asylum, set by mg_labour_stock). */
double mg_labour_forced(const mg_panel *p, size_t k);

/* The World Bank matrix allocates a receiver's remittances by migrant stocks: a corridor's
 * matrix share (flag observed or carried) is scaled by labour migrants / foreign-born persons
 * when that is below 1, so that refugees and legacy populations do not stand for senders of
 * remittances. Shares from the allocation rule are already computed on labour migrants. */
void mg_labour_remit_adjust(mg_panel *p);

/* A labour force the WDI lacks (Taiwan): another source's employment (PWT persons engaged)
 * times the median ratio of the WDI's labour force to it over the states that have both,
 * flagged derived, as the power chain bridges its sources (docs/model.md §2.2). */
void mg_labour_force_fill(mg_panel *p, const double *employment);

/* Workers present from a sending state's records: a yearly deployment rate times the years a
 * worker stays (flow_stay). */
double mg_labour_recorded(double per_year, const mg_params *prm);

#endif
