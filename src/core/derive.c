/* derive.c - the derived-series rules and their arithmetic. */
#include "core/derive.h"

/* target = k * a * b (MUL) or k * a / b (DIV), docs/importers.md "Derived series". */
static const mg_derive_rule WDI_RULES[] = {
    /* GDP PPP (current international $) = GDP PPP per head x population */
    {"NY.GDP.MKTP.PP.CD", "NY.GDP.PCAP.PP.CD", "SP.POP.TOTL", 1.0, MG_DERIVE_MUL},
    /* military expenditure (current US$) = % of GDP / 100 x GDP */
    {"MS.MIL.XPND.CD", "MS.MIL.XPND.GD.ZS", "NY.GDP.MKTP.CD", 0.01, MG_DERIVE_MUL},
    /* personal remittances received (% of GDP) = 100 x remittances / GDP */
    {"BX.TRF.PWKR.DT.GD.ZS", "BX.TRF.PWKR.CD.DT", "NY.GDP.MKTP.CD", 100.0, MG_DERIVE_DIV},
    /* international migrant stock (% of population) = 100 x migrant stock / population */
    {"SM.POP.TOTL.ZS", "SM.POP.TOTL", "SP.POP.TOTL", 100.0, MG_DERIVE_DIV},
};

const mg_derive_rule *mg_derive_wdi_rules(size_t *n)
{
    *n = sizeof WDI_RULES / sizeof *WDI_RULES;
    return WDI_RULES;
}

bool mg_derive_value(const mg_derive_rule *rule, double a, double b, double *out)
{
    /* (k * a) first, then b: the order the values were always computed in, so that stored
     * values do not move in the last bit */
    if (rule->op == MG_DERIVE_DIV) {
        if (b == 0)
            return false;
        *out = rule->k * a / b;
    } else {
        *out = rule->k * a * b;
    }
    return true;
}
