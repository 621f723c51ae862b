/* institution.h - the institutionalisation index of a pair (docs/model.md §2.4): the weight of a
 * Chilton & Woda agreement from the rule-bound provisions it codes, the recency factor, the
 * noisy-or that combines every institution in force, and which registry kinds give the
 * partner's workers privileged access (the scheme tie of §2.3). Pure computation: the model
 * loader (api/model.c) reads the rows and calls these. */
#ifndef MG_INSTITUTION_H
#define MG_INSTITUTION_H

#include <stdbool.h>
#include <stddef.h>

#include "core/panel.h"

/* The six Chilton & Woda provisions that carry the article's rule-bound institutions: joint
 * committee, dispute mechanisms, responsibilities of the parties, information exchange,
 * authorised recruiters, equal treatment (their column names in agreement_provision). */
#define MG_INSTITUTION_N_RULE_BOUND 6
extern const char *const mg_institution_rule_bound[MG_INSTITUTION_N_RULE_BOUND];

/* Weight of an agreement with `rule_bound` of the six provisions present among the `coded`
 * provisions coded for it: 0.3 + 0.5 x rule_bound / 6; 0.4 when its text was not coded. */
double mg_institution_agreement_weight(int rule_bound, int coded);

/* Recency factor of an institution `age` years old: 0.5^(age / half_life). */
double mg_institution_recency(double age, double half_life);

/* Strength of one institution in the noisy-or: weight x recency. */
double mg_institution_strength(double weight, double age, double half_life);

/* Noisy-or of an index and one more institution: 1 - (1 - index)(1 - strength). The index is
 * stored as a float (mg_panel.inst); 1 - index is taken in float, as the model always has. */
float mg_institution_combine(float index, double strength);

/* Whether an institution of this registry kind gives privileged access to the partner's
 * workers: "scheme" and "seasonal" (labour schemes) and "free-movement" (a free-movement area)
 * do. */
bool mg_institution_privileged(const char *kind);

/* Add an institution of this strength to the pair {x, y} of p (both directions; nothing when
 * x == y); a privileged one also sets the pair's scheme tie. */
void mg_institution_add(mg_panel *p, size_t x, size_t y, double strength, bool privileged);

/* What an institution of a registry kind says beyond its strength: a labour agreement, MoU or
 * scheme is a channel the sending state controls (§2.5); free movement (kind `free-movement`,
 * enforceable rights only: docs/registry.md) takes the pair out of bilateral migration
 * diplomacy (§4.1). Chilton & Woda agreements are channels. */
/* A seasonal scheme (kind `seasonal`) is also a channel; its workers stay for a season and are
 * missing from census-based stocks, which makes a verdict that reads its host as the less
 * exposed side low confidence (§4.2). */
enum { MG_INSTITUTION_CHANNEL = 1, MG_INSTITUTION_FREEMOVE = 2, MG_INSTITUTION_SEASONAL = 4 };
int mg_institution_marks(const char *kind);
/* Set those marks on the pair {x, y} (both directions; nothing when x == y), x being the host
 * of a seasonal scheme and y its sender. */
void mg_institution_mark(mg_panel *p, size_t x, size_t y, int marks);

#endif
