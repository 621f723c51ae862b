/* derive.h - series computed from published ones where a publisher's files lack them. A rule
 * is target = k * a * b or target = k * a / b, over the values of one economy (or aggregate)
 * in one year; the WDI rules are stated in docs/importers.md ("Derived series"). Pure
 * computation: the import step (import/imp_wdi_derive.c) decides which values feed a rule
 * (observed ones of one vintage group) and stores what it gives. */
#ifndef MG_DERIVE_H
#define MG_DERIVE_H

#include <stdbool.h>
#include <stddef.h>

typedef enum mg_derive_op { MG_DERIVE_MUL, MG_DERIVE_DIV } mg_derive_op;

typedef struct mg_derive_rule {
    const char *target; /* series code computed */
    const char *a, *b;  /* series codes it is computed from */
    double k;
    mg_derive_op op;
} mg_derive_rule;

/* The rules for World Bank WDI series (GDP PPP = GDP PPP per head x population, ...): *n of
 * them, in static storage, in the order they are applied. */
const mg_derive_rule *mg_derive_wdi_rules(size_t *n);

/* The target's value from a and b under rule into *out; false when there is none (a ratio
 * whose divisor is 0). */
bool mg_derive_value(const mg_derive_rule *rule, double a, double b, double *out);

#endif
