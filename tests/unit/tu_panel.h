/* tu_panel.h - hand-computed panels of the unit tests written before the rules of session 4
 * (docs/model.md §2.2 pool weight, §2.5 sender control): those tests pin other factors, so
 * their panels give every sender a controlled channel and their parameters count the pool
 * share fully. The new rules have tests of their own (test_rules.c). */
#ifndef TU_PANEL_H
#define TU_PANEL_H

#include <string.h>

#include "core/panel.h"
#include "core/params.h"

static inline void tu_panel_plain(mg_panel *p) { memset(p->channel, 1, p->n * p->n); }

static inline void tu_params_plain(mg_params *prm)
{
    mg_params_default(prm);
    prm->pool_lf_scale = 1e-9;
}

#endif
