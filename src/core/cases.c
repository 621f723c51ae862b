/* cases.c - the seeds' classified cases (seed 001 unless said otherwise; MODEL.md §5). */
#include "core/cases.h"

#include <string.h>

#define COOP "I|mutual"
#define ASSERT_OR_MUTUAL "IV|mutual"

const mg_case mg_cases[] = {
    /* Quadrant I / mutual: "Cooperation Under Mutual Exposure" */
    {.id = "nz-pacific", .group = "I: New Zealand-Pacific Islands", .a = "NZL", .b = "PACIFIC-RSE", .year = 2020,
     .expect_a = COOP, .expect_b = ASSERT_OR_MUTUAL, .article = true,
     .source = "seed 001, Cooperation Under Mutual Exposure"},
    {.id = "nz-tonga", .group = "member of New Zealand-Pacific Islands", .a = "NZL", .b = "TON", .year = 2020,
     .expect_a = COOP, .expect_b = ASSERT_OR_MUTUAL, .source = "seed 001"},
    {.id = "nz-samoa", .group = "member of New Zealand-Pacific Islands", .a = "NZL", .b = "WSM", .year = 2020,
     .expect_a = COOP, .expect_b = ASSERT_OR_MUTUAL, .source = "seed 001"},
    {.id = "nz-fiji", .group = "member of New Zealand-Pacific Islands", .a = "NZL", .b = "FJI", .year = 2020,
     .expect_a = COOP, .expect_b = ASSERT_OR_MUTUAL, .source = "seed 001"},
    {.id = "nz-vanuatu", .group = "member of New Zealand-Pacific Islands", .a = "NZL", .b = "VUT", .year = 2020,
     .expect_a = COOP, .expect_b = ASSERT_OR_MUTUAL, .source = "seed 001"},
    {.id = "nz-cook", .group = "member of New Zealand-Pacific Islands", .a = "NZL", .b = "COK", .year = 2020,
     .expect_a = COOP, .expect_b = ASSERT_OR_MUTUAL, .source = "seed 001"},
    /* II/III: "Coercion Under Asymmetric Interdependence" */
    {.id = "ru-tajikistan", .group = "II: Russia-Central Asia", .a = "RUS", .b = "TJK", .year = 2020,
     .expect_a = "II", .expect_b = "III", .article = true, .source = "seed 001, Coercion Under Asymmetric Interdependence"},
    {.id = "ru-kyrgyzstan", .group = "II: Russia-Central Asia", .a = "RUS", .b = "KGZ", .year = 2020,
     .expect_a = "II", .expect_b = "III", .article = true, .source = "seed 001"},
    {.id = "ru-uzbekistan", .group = "II: Russia-Central Asia", .a = "RUS", .b = "UZB", .year = 2020,
     .expect_a = "II", .expect_b = "III", .article = true, .source = "seed 001"},
    /* III: "Constrained Accommodation Under Structural Exposure" */
    {.id = "gcc-nepal", .group = "III: GCC-Nepal", .a = "GCC", .b = "NPL", .year = 2020,
     .expect_a = "II", .expect_b = "III", .article = true,
     .source = "seed 001, Constrained Accommodation Under Structural Exposure"},
    {.id = "qatar-nepal", .group = "member of GCC-Nepal", .a = "QAT", .b = "NPL", .year = 2020, .expect_a = "II",
     .expect_b = "III", .source = "seed 001"},
    {.id = "uae-nepal", .group = "member of GCC-Nepal", .a = "ARE", .b = "NPL", .year = 2020, .expect_a = "II",
     .expect_b = "III", .source = "seed 001"},
    {.id = "saudi-nepal", .group = "member of GCC-Nepal", .a = "SAU", .b = "NPL", .year = 2020, .expect_a = "II",
     .expect_b = "III", .source = "seed 001"},
    {.id = "kuwait-nepal", .group = "member of GCC-Nepal", .a = "KWT", .b = "NPL", .year = 2020, .expect_a = "II",
     .expect_b = "III", .source = "seed 001"},
    {.id = "oman-nepal", .group = "member of GCC-Nepal", .a = "OMN", .b = "NPL", .year = 2020, .expect_a = "II",
     .expect_b = "III", .source = "seed 001"},
    {.id = "bahrain-nepal", .group = "member of GCC-Nepal", .a = "BHR", .b = "NPL", .year = 2020, .expect_a = "II",
     .expect_b = "III", .source = "seed 001"},
    /* IV: "Coercive Assertion From a Less Dependent Weaker State" */
    {.id = "malaysia-indonesia", .group = "IV: Malaysia-Indonesia", .a = "MYS", .b = "IDN", .year = 2020,
     .expect_a = "I", .expect_b = "IV", .article = true,
     .source = "seed 001, Coercive Assertion From a Less Dependent Weaker State"},
    /* illustrative cases of the Discussion and of seeds 000 and 002 */
    {.id = "saudi-yemen", .group = "illustrative: coercion", .a = "SAU", .b = "YEM", .year = 2020,
     .expect_a = "II", .expect_b = "III", .source = "seed 001, Discussion"},
    {.id = "us-el-salvador", .group = "illustrative: coercion", .a = "USA", .b = "SLV", .year = 2019,
     .expect_a = "II", .expect_b = "III", .source = "seed 001, Discussion; seed 002 (2019 agreements)"},
    {.id = "us-guatemala", .group = "illustrative: coercion", .a = "USA", .b = "GTM", .year = 2019,
     .expect_a = "II", .expect_b = "III", .source = "seed 001, Discussion; seed 002"},
    {.id = "us-honduras", .group = "illustrative: coercion", .a = "USA", .b = "HND", .year = 2019,
     .expect_a = "II", .expect_b = "III", .source = "seed 001 (remittances >20% of GDP), seed 002"},
    {.id = "us-mexico", .group = "illustrative: coercion", .a = "USA", .b = "MEX", .year = 2019,
     .expect_a = "II", .expect_b = "III", .source = "seed 002 (2019 tariff threat)"},
    {.id = "us-korea", .group = "illustrative: coercion", .a = "USA", .b = "KOR", .year = 2025,
     .expect_a = "II", .expect_b = "III", .source = "seed 002 (2025 Hyundai-LG raid)"},
    {.id = "philippines-saudi", .group = "illustrative: assertion", .a = "SAU", .b = "PHL", .year = 2020,
     .expect_a = "I", .expect_b = "IV", .source = "seed 000 (deployment bans)"},
    {.id = "philippines-kuwait", .group = "illustrative: assertion", .a = "KWT", .b = "PHL", .year = 2020,
     .expect_a = "I", .expect_b = "IV", .source = "seed 000 (deployment bans)"},
    {.id = "philippines-qatar", .group = "illustrative: assertion", .a = "QAT", .b = "PHL", .year = 2020,
     .expect_a = "I", .expect_b = "IV", .source = "seed 000 (deployment bans)"},
    {.id = "india-nepal", .group = "illustrative: cooperation", .a = "IND", .b = "NPL", .year = 2020,
     .expect_a = "mutual|out-of-scope", .expect_b = "mutual|out-of-scope",
     .source = "seed 001, Discussion ('symmetric interdependence') and note 5 (the open border 'is not structured "
               "through formal bilateral labor agreements', so outside the corridors the article analyses)"},
    {.id = "uae-turkey", .group = "illustrative: cooperation", .a = "ARE", .b = "TUR", .year = 2020,
     .expect_a = COOP, .expect_b = ASSERT_OR_MUTUAL, .source = "seed 001, Discussion"},
    {.id = "uae-philippines", .group = "illustrative: cooperation", .a = "ARE", .b = "PHL", .year = 2020,
     .expect_a = COOP, .expect_b = ASSERT_OR_MUTUAL, .source = "seed 001, factor 4 (institutionalised)"},
    {.id = "taiwan-philippines", .group = "illustrative: cooperation", .a = "TWN", .b = "PHL", .year = 2020,
     .expect_a = "mutual", .expect_b = "mutual", .source = "seed 000 (mutual dependence)"},
    {.id = "qatar-egypt-2010", .group = "shifting", .a = "QAT", .b = "EGY", .year = 2010,
     .expect_a = COOP, .expect_b = ASSERT_OR_MUTUAL, .source = "seed 001, Discussion (once symmetric)"},
    {.id = "malaysia-bangladesh", .group = "shifting", .a = "MYS", .b = "BGD", .year = 2020,
     .expect_a = "II|I", .expect_b = "III|IV", .source = "seed 001, Discussion (from III toward IV)"},
    {.id = "malaysia-nepal-2018", .group = "shifting", .a = "MYS", .b = "NPL", .year = 2018,
     .expect_a = "II|I", .expect_b = "III|IV", .source = "seed 001, note 6 (2018-19 suspension, an outlier)"},
};

const size_t mg_cases_count = sizeof mg_cases / sizeof *mg_cases;

bool mg_cases_accepts(const char *accepted, const char *code)
{
    size_t n = strlen(code);
    for (const char *p = accepted; p && *p;) {
        const char *bar = strchr(p, '|');
        size_t len = bar ? (size_t)(bar - p) : strlen(p);
        if (len == n && strncmp(p, code, n) == 0)
            return true;
        p = bar ? bar + 1 : NULL;
    }
    return false;
}
