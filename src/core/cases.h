/* cases.h - the dyads the seed documents classify (docs/validation.md): expected strategic
 * logic of each side, the source, and what the data cannot see where the seeds say so. */
#ifndef MG_CASES_H
#define MG_CASES_H

#include <stdbool.h>
#include <stddef.h>

typedef struct mg_case {
    const char *id;
    const char *group;      /* the article's heading or the seed's grouping */
    const char *a, *b;      /* ISO3 codes or bloc names */
    int year;
    const char *expect_a;   /* accepted quadrant codes, separated by '|' */
    const char *expect_b;
    bool article;           /* one of the article's four cases */
    const char *source;
} mg_case;

extern const mg_case mg_cases[];
extern const size_t mg_cases_count;

/* True if code is one of the '|'-separated accepted codes. */
bool mg_cases_accepts(const char *accepted, const char *code);

#endif
