/* json.c - numbers and text of the JSON every presenting program writes. */
#include <math.h>

#include "present.h"

void present_json_num(cJSON *o, const char *k, double v)
{
    if (isnan(v) || isinf(v))
        cJSON_AddNullToObject(o, k);
    else
        cJSON_AddNumberToObject(o, k, v == 0 ? 0 : v); /* full precision; no "-0" */
}

char *present_json_text(const cJSON *j, bool pretty, size_t *n_bad)
{
    char *s = pretty ? cJSON_Print(j) : cJSON_PrintUnformatted(j);
    if (!s)
        return NULL;
    size_t bad = 0;
    char *u = migdip_utf8_repair(s, &bad);
    cJSON_free(s);
    if (n_bad)
        *n_bad = bad;
    return u;
}
