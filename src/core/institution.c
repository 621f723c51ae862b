/* institution.c - weights, recency and the noisy-or of docs/model.md §2.4. */
#include "core/institution.h"

#include <math.h>
#include <string.h>

const char *const mg_institution_rule_bound[MG_INSTITUTION_N_RULE_BOUND] = {
    "joint_commit", "disputes_emp_mig", "govt_agencies", "info_exch", "recruit_auth", "prot_equal",
};

double mg_institution_agreement_weight(int rule_bound, int coded)
{
    /* an uncoded agreement: signed, depth unknown, just under the coded median */
    return coded > 0 ? 0.3 + 0.5 * rule_bound / (double)MG_INSTITUTION_N_RULE_BOUND : 0.4;
}

double mg_institution_recency(double age, double half_life) { return pow(0.5, age / half_life); }

double mg_institution_strength(double weight, double age, double half_life)
{
    return weight * mg_institution_recency(age, half_life);
}

float mg_institution_combine(float index, double strength) { return (float)(1 - (1 - index) * (1 - strength)); }

bool mg_institution_privileged(const char *kind)
{
    return kind && (!strcmp(kind, "scheme") || !strcmp(kind, "seasonal") || !strcmp(kind, "free-movement"));
}

void mg_institution_add(mg_panel *p, size_t x, size_t y, double strength, bool privileged)
{
    size_t n = p->n;
    if (x == y)
        return;
    for (int k = 0; k < 2; k++) {
        size_t i = k ? y * n + x : x * n + y;
        p->inst[i] = mg_institution_combine(p->inst[i], strength);
        if (privileged)
            p->scheme[i] = 1;
    }
}

int mg_institution_marks(const char *kind)
{
    if (!kind)
        return 0;
    if (!strcmp(kind, "free-movement"))
        return MG_INSTITUTION_FREEMOVE;
    if (!strcmp(kind, "seasonal"))
        return MG_INSTITUTION_CHANNEL | MG_INSTITUTION_SEASONAL;
    if (!strcmp(kind, "agreement") || !strcmp(kind, "mou") || !strcmp(kind, "scheme"))
        return MG_INSTITUTION_CHANNEL;
    return 0;
}

void mg_institution_mark(mg_panel *p, size_t x, size_t y, int marks)
{
    size_t n = p->n;
    if (x == y)
        return;
    if (marks & MG_INSTITUTION_CHANNEL)
        p->channel[x * n + y] = p->channel[y * n + x] = 1;
    if (marks & MG_INSTITUTION_FREEMOVE)
        p->freemove[x * n + y] = p->freemove[y * n + x] = 1;
    if (marks & MG_INSTITUTION_SEASONAL)
        p->seasonal[y * n + x] = 1; /* y's workers come to x for a season */
}
