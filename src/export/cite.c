/* cite.c - citations (migdip_citations_get): one for every dataset edition in the store, built from the
 * vintage table (the files really imported, with their sha256) and a template per known
 * dataset, plus the article whose framework migdip implements. Citation policy:
 * docs/exports.md. */
#include <ctype.h>
#include <stdlib.h>
#include <string.h>

#include "store/ctx.h"
#include "util/grow.h"
#include "store/store.h"
#include "util/strbuf.h"

/* The project's public address, CITATION.cff's `url` (CMake reads it into MIGDIP_HOMEPAGE): the
 * url of migdip's own entries (migdip, its registry); left out while CITATION.cff has none. */
#ifndef MIGDIP_HOMEPAGE
#define MIGDIP_HOMEPAGE ""
#endif

/* A BibTeX entry for one publisher's dataset. Field values are BibTeX as written (braces
 * and all); $E is replaced by the edition, $Y by the year of the edition (or release) and
 * $S by the vintage's own source text, each escaped for BibTeX. `text` is the reference in
 * plain words, with the same tokens unescaped. */
typedef struct cite_template {
    const char *datasets;  /* '|'-separated vintage dataset keys one entry covers */
    const char *key;       /* BibTeX key; $E is made key-safe */
    const char *type;
    const char *fields[24]; /* name, value, name, value, ..., NULL */
    const char *text;
    const struct cite_template *companion; /* a second work the publisher asks to cite too */
    bool one_entry;        /* every edition in one entry (files of one project, not editions) */
} cite_template;

static const cite_template SINGER_1972 = {
    .datasets = "",
    .key = "singer_bremer_stuckey_1972",
    .type = "incollection",
    .fields = {"author", "{Singer, J. David and Bremer, Stuart and Stuckey, John}",
               "title", "{Capability Distribution, Uncertainty, and Major Power War, 1820--1965}",
               "booktitle", "{Peace, War, and Numbers}", "editor", "{Russett, Bruce}",
               "publisher", "{Sage}", "address", "{Beverly Hills}", "year", "{1972}", "pages", "{19--48}",
               "url", "{https://correlatesofwar.org/data-sets/national-material-capabilities/}", NULL},
    .text = "Singer, J. David, Stuart Bremer and John Stuckey (1972). Capability Distribution, Uncertainty, and "
            "Major Power War, 1820-1965. In Bruce Russett (ed.), Peace, War, and Numbers. Beverly Hills: Sage, 19-48.",
};

static const cite_template FEENSTRA_2015 = {
    .datasets = "",
    .key = "feenstra_inklaar_timmer_2015",
    .type = "article",
    .fields = {"author", "{Feenstra, Robert C. and Inklaar, Robert and Timmer, Marcel P.}",
               "title", "{The Next Generation of the {Penn World Table}}", "journal", "{American Economic Review}",
               "volume", "{105}", "number", "{10}", "pages", "{3150--3182}", "year", "{2015}",
               "doi", "{10.1257/aer.20130954}", NULL},
    .text = "Feenstra, Robert C., Robert Inklaar and Marcel P. Timmer (2015). The Next Generation of the Penn World "
            "Table. American Economic Review 105(10), 3150-3182.",
};

static const cite_template BOLT_VAN_ZANDEN_2024 = {
    .datasets = "",
    .key = "bolt_van_zanden_2024",
    .type = "article",
    .fields = {"author", "{Bolt, Jutta and van Zanden, Jan Luiten}",
               "title", "{Maddison-style estimates of the evolution of the world economy: A new 2023 update}",
               "journal", "{Journal of Economic Surveys}", "year", "{2024}", "doi", "{10.1111/joes.12618}", NULL},
    .text = "Bolt, Jutta and Jan Luiten van Zanden (2024). Maddison-style estimates of the evolution of the world "
            "economy: A new 2023 update. Journal of Economic Surveys.",
};

static const cite_template TEMPLATES[] = {
    {.datasets = "undesa-ims|undesa-aggregates",
     .key = "undesa_ims_$E",
     .type = "misc",
     .fields = {"author", "{{United Nations, Department of Economic and Social Affairs, Population Division}}",
                "title", "{International Migrant Stock $E}", "edition", "{$E}", "number", "{POP/DB/MIG/Stock/Rev.$E}",
                "year", "{$Y}", "publisher", "{United Nations}",
                "address", "{New York}",
                "url", "{https://www.un.org/development/desa/pd/content/international-migrant-stock}", NULL},
     .text = "United Nations, Department of Economic and Social Affairs, Population Division ($Y). "
             "International Migrant Stock $E (POP/DB/MIG/Stock/Rev.$E). New York: United Nations."},
    {.datasets = "wdi",
     .key = "wdi_$E",
     .type = "misc",
     .fields = {"author", "{{World Bank}}", "title", "{World Development Indicators}", "year", "{$Y}",
                "publisher", "{The World Bank}", "address", "{Washington, DC}",
                "url", "{https://databank.worldbank.org/source/world-development-indicators}", NULL},
     .text = "World Bank ($Y). World Development Indicators (vintage $E). Washington, DC: The World Bank. "
             "Licence: CC BY 4.0."},
    {.datasets = "knomad-remit",
     .key = "knomad_remittances_$E",
     .type = "misc",
     .fields = {"author", "{{World Bank} and {KNOMAD}}", "title", "{$S}", "year", "{$Y}",
                "publisher", "{The World Bank}", "address", "{Washington, DC}",
                "url", "{https://www.knomad.org/data/remittances}", NULL},
     .text = "World Bank and KNOMAD ($Y). $S. Washington, DC: The World Bank. https://www.knomad.org/data/remittances"},
    {.datasets = "knomad-migration",
     .key = "knomad_migration_$E",
     .type = "misc",
     .fields = {"author", "{{World Bank} and {KNOMAD}}", "title", "{$S}", "year", "{$Y}",
                "publisher", "{The World Bank}", "address", "{Washington, DC}",
                "url", "{https://www.knomad.org/data/migration/emigration}", NULL},
     .text = "World Bank and KNOMAD ($Y). $S. Washington, DC: The World Bank. "
             "https://www.knomad.org/data/migration/emigration"},
    {.datasets = "cow-nmc",
     .key = "cow_nmc_$E",
     .type = "manual",
     .fields = {"author", "{Greig, J. Michael and Enterline, Andrew J.}",
                "title", "{Correlates of War Project National Material Capabilities ({NMC}) Data Documentation, "
                         "Version $E}",
                "organization", "{Correlates of War Project}", "year", "{2021}",
                "url", "{https://correlatesofwar.org/data-sets/national-material-capabilities/}", NULL},
     .text = "Greig, J. Michael and Andrew J. Enterline (2021). Correlates of War Project National Material "
             "Capabilities (NMC) Data Documentation, Version $E.",
     .companion = &SINGER_1972},
    {.datasets = "cow-states",
     .key = "cow_states_2016",
     .type = "misc",
     .fields = {"author", "{{Correlates of War Project}}", "title", "{State System Membership List, v2016}",
                "year", "{2017}", "url", "{https://correlatesofwar.org/data-sets/state-system-membership/}", NULL},
     .text = "Correlates of War Project (2017). State System Membership List, v2016 ($E)."},
    /* UNHCR and COW IGO (imp_unhcr.c, imp_cow_igo.c) */
    {.datasets = "unhcr-population|unhcr-unrwa|unhcr-countries",
     .key = "unhcr_refugee_data_finder_$E",
     .type = "misc",
     .fields = {"author", "{{UNHCR, the UN Refugee Agency}}", "title", "{Refugee Data Finder}",
                "edition", "{$E}", "year", "{2025}", "publisher", "{UNHCR}", "address", "{Geneva}",
                "url", "{https://www.unhcr.org/refugee-statistics/}",
                "note", "{R package refugees, version $E; CC BY 4.0}", NULL},
     .text = "UNHCR (2025). Refugee Data Finder (edition $E). Geneva: UNHCR. "
             "https://www.unhcr.org/refugee-statistics/. Licence: CC BY 4.0."},
    {.datasets = "cow-igo",
     .key = "pevehouse_2020_cow_igo_$E",
     .type = "article",
     .fields = {"author", "{Pevehouse, Jon C. W. and Nordstrom, Timothy and McManus, Roseanne W. and "
                          "Jamison, Anne Spencer}",
                "title", "{Tracking Organizations in the World: The {Correlates of War} {IGO} Version 3.0 Datasets}",
                "journal", "{Journal of Peace Research}", "volume", "{57}", "number", "{3}", "pages", "{492--503}",
                "year", "{2020}", "doi", "{10.1177/0022343319881175}", "edition", "{$E}",
                "note", "{Data: Correlates of War Intergovernmental Organizations, version $E, state-year format}", NULL},
     .text = "Pevehouse, Jon C. W., Timothy Nordstrom, Roseanne W. McManus and Anne Spencer Jamison (2020). "
             "Tracking Organizations in the World: The Correlates of War IGO Version 3.0 Datasets. Journal of "
             "Peace Research 57(3), 492-503. doi:10.1177/0022343319881175. Data version $E."},
    {.datasets = "cepii-dist|cepii-geo",
     .key = "mayer_zignago_2011",
     .type = "techreport",
     .fields = {"author", "{Mayer, Thierry and Zignago, Soledad}",
                "title", "{Notes on {CEPII}'s Distances Measures: The {GeoDist} Database}",
                "institution", "{CEPII}", "type", "{Working Paper}", "number", "{2011-25}", "year", "{2011}",
                "url", "{http://www.cepii.fr/CEPII/en/publications/wp/abstract.asp?NoDoc=3877}", NULL},
     .text = "Mayer, Thierry and Soledad Zignago (2011). Notes on CEPII's Distances Measures: The GeoDist "
             "Database. CEPII Working Paper 2011-25."},
    {.datasets = "bla-formation|bla-coding",
     .key = "chilton_woda_2022",
     .type = "misc",
     .fields = {"author", "{Chilton, Adam S. and Woda, Bartosz}",
                "title", "{The Expanding Universe of Bilateral Labor Agreements}", "year", "{2022}",
                "howpublished", "{Harvard Dataverse (BLA dataverse)}",
                "url", "{https://github.com/NarcisseChangom/BLAs-Migration-repo}",
                "note", "{The copy imported: the replication package of Adhikari, Cha'ngom, Kaila and Shrestha}", NULL},
     .text = "Chilton, Adam S. and Bartosz Woda (2022). The Expanding Universe of Bilateral Labor Agreements. "
             "Data: Harvard Dataverse (BLA dataverse)."},
    {.datasets = "countrycode-codelist|countrycode-regions",
     .key = "arel_bundock_2018",
     .type = "article",
     .fields = {"author", "{Arel-Bundock, Vincent and Enevoldsen, Nils and Yetman, CJ}",
                "title", "{countrycode: An {R} package to convert country names and country codes}",
                "journal", "{Journal of Open Source Software}", "volume", "{3}", "number", "{28}",
                "pages", "{848}", "year", "{2018}", "doi", "{10.21105/joss.00848}", NULL},
     .text = "Arel-Bundock, Vincent, Nils Enevoldsen and CJ Yetman (2018). countrycode: An R package to convert "
             "country names and country codes. Journal of Open Source Software 3(28), 848."},
    {.datasets = "iso3166",
     .key = "iso3166_regional_codes",
     .type = "misc",
     .fields = {"author", "{{lukes (GitHub)}}", "title", "{{ISO}-3166 Countries with Regional Codes}",
                "year", "{$A}", "url", "{https://github.com/lukes/ISO-3166-Countries-with-Regional-Codes}",
                "note", "{ISO 3166-1 codes with UN M49 regions; no release: the year is the year migdip imported it}",
                NULL},
     .text = "ISO-3166 Countries with Regional Codes (lukes/ISO-3166-Countries-with-Regional-Codes on GitHub): "
             "ISO 3166-1 codes with UN M49 regions."},
    {.datasets = "wb-class",
     .key = "wb_class_$E",
     .type = "misc",
     .fields = {"author", "{{World Bank}}", "title", "{World Bank Country and Lending Groups}", "year", "{$Y}",
                "publisher", "{The World Bank}", "address", "{Washington, DC}",
                "url", "{https://datahelpdesk.worldbank.org/knowledgebase/articles/906519}", NULL},
     .text = "World Bank ($Y). World Bank Country and Lending Groups ($E). Licence: CC BY 4.0."},
    {.datasets = "wb-oghist",
     .key = "wb_oghist_$E",
     .type = "misc",
     .fields = {"author", "{{World Bank}}", "title", "{Historical Classification by Income}", "year", "{$Y}",
                "publisher", "{The World Bank}", "address", "{Washington, DC}",
                "url", "{https://datahelpdesk.worldbank.org/knowledgebase/articles/906519}", NULL},
     .text = "World Bank ($Y). Historical Classification by Income (OGHIST, $E). Licence: CC BY 4.0."},
    {.datasets = "imf-weo",
     .key = "imf_weo_$E",
     .type = "misc",
     .fields = {"author", "{{International Monetary Fund}}", "title", "{World Economic Outlook Database}",
                "edition", "{$E}", "year", "{$Y}", "publisher", "{International Monetary Fund}",
                "address", "{Washington, DC}",
                "url", "{https://www.imf.org/en/Publications/WEO/weo-database}", NULL},
     .text = "International Monetary Fund ($Y). World Economic Outlook Database, $E edition. Washington, DC: "
             "International Monetary Fund. https://www.imf.org/en/Publications/WEO/weo-database"},
    {.datasets = "unsd-ama",
     .key = "unsd_ama_$E",
     .type = "misc",
     .fields = {"author", "{{United Nations Statistics Division}}",
                "title", "{National Accounts -- Analysis of Main Aggregates ({AMA}): {GDP} and its breakdown at "
                         "current prices in {US} dollars}",
                "edition", "{release covering $E}", "year", "{$Y}", "publisher", "{United Nations}",
                "address", "{New York}", "url", "{https://unstats.un.org/unsd/snaama/}", NULL},
     .text = "United Nations Statistics Division ($Y). National Accounts - Analysis of Main Aggregates (AMA): GDP "
             "and its breakdown at current prices in US dollars, release covering $E. New York: United Nations. "
             "https://unstats.un.org/unsd/snaama/"},
    /* power and size beyond the WDI (issue 9): the data's DOIs are those of these editions
     * (PWT 10.01, MPD 2023), with the article each publisher asks users to cite */
    {.datasets = "pwt",
     .key = "pwt_$E",
     .type = "misc",
     .fields = {"author", "{Feenstra, Robert C. and Inklaar, Robert and Timmer, Marcel P.}",
                "title", "{Penn World Table, version $E}", "year", "{2023}",
                "publisher", "{Groningen Growth and Development Centre, University of Groningen}",
                "doi", "{10.34894/QT5BCC}", "url", "{https://www.rug.nl/ggdc/productivity/pwt/}",
                "note", "{Licence: CC BY 4.0}", NULL},
     .text = "Feenstra, Robert C., Robert Inklaar and Marcel P. Timmer (2023). Penn World Table, version $E. "
             "Groningen Growth and Development Centre. DOI 10.34894/QT5BCC. Licence: CC BY 4.0.",
     .companion = &FEENSTRA_2015},
    {.datasets = "maddison|maddison-countries",
     .key = "maddison_$E",
     .type = "misc",
     .fields = {"author", "{Bolt, Jutta and van Zanden, Jan Luiten}",
                "title", "{Maddison Project Database, version $E}", "year", "{2024}",
                "publisher", "{Groningen Growth and Development Centre, University of Groningen}",
                "doi", "{10.34894/INZBF2}",
                "url", "{https://www.rug.nl/ggdc/historicaldevelopment/maddison/}",
                "note", "{Licence: CC BY 4.0}", NULL},
     .text = "Bolt, Jutta and Jan Luiten van Zanden (2024). Maddison Project Database, version $E. Groningen "
             "Growth and Development Centre. DOI 10.34894/INZBF2. Licence: CC BY 4.0.",
     .companion = &BOLT_VAN_ZANDEN_2024},
    {.datasets = "registry",
     .key = "migdip_registry",
     .type = "misc",
     .one_entry = true,
     .fields = {"author", "{{migdip project}}", "title", "{Curated Registry of Blocs and Migration Institutions}",
                "year", "{$Y}", "howpublished", "{Part of migdip (data/registry, docs/registry.md)}",
                "url", "{" MIGDIP_HOMEPAGE "}",
                "note", "{Every row cites its own source; see the migdip entry}", NULL},
     .text = "migdip project. Curated registry of blocs and migration institutions (docs/registry.md); every "
             "row cites its own source."},
    /* sending-country flows (docs/flows.md) */
    {.datasets = "nepal-dofe",
     .key = "nepal_dofe_labour_approvals_$E",
     .type = "misc",
     .fields = {"author", "{{Government of Nepal, Department of Foreign Employment}}",
                "title", "{Countrywise Labour Approval: Monthly Reports}", "edition", "{Baishakh 2079 to Baishakh 2080 "
                "(2022-04-14 to 2023-05-14)}", "year", "{2023}",
                "publisher", "{Department of Foreign Employment}", "address", "{Kathmandu}",
                "url", "{https://dofe.gov.np/}",
                "note", "{Long form of the monthly PDFs; copy: github.com/BibekRai44/Foreign-Employment-Data-Nepal}",
                NULL},
     .text = "Government of Nepal, Department of Foreign Employment (2023). Countrywise Labour Approval: monthly "
             "reports, Baishakh 2079 to Baishakh 2080 (2022-04-14 to 2023-05-14). Kathmandu: Department of Foreign "
             "Employment. https://dofe.gov.np/"},
    {.datasets = "slbfe",
     .key = "slbfe_annual_statistical_reports_$E",
     .type = "misc",
     .fields = {"author", "{{Sri Lanka Bureau of Foreign Employment}}",
                "title", "{Annual Statistical Report of Foreign Employment}", "edition", "{$E}", "year", "{2025}",
                "publisher", "{Sri Lanka Bureau of Foreign Employment}", "address", "{Battaramulla}",
                "url", "{https://www.slbfe.lk/}",
                "note", "{Registrations for foreign employment by destination, extracted by Lanka Data Foundation "
                "(github.com/LDFLK/datasets); the 2019 table is known to be wrong}", NULL},
     .text = "Sri Lanka Bureau of Foreign Employment (2020-2025). Annual Statistical Reports of Foreign Employment, "
             "$E. Battaramulla: SLBFE. https://www.slbfe.lk/ (extracted by Lanka Data Foundation)."},
    {.datasets = "cfo-emigrants",
     .key = "cfo_registered_emigrants_$E",
     .type = "misc",
     .fields = {"author", "{{Commission on Filipinos Overseas}}",
                "title", "{Number of Registered Filipino Emigrants by Country of Destination}", "edition", "{$E}",
                "year", "{$Y}", "publisher", "{Commission on Filipinos Overseas}", "address", "{Manila}",
                "url", "{https://cfo.gov.ph/}",
                "note", "{Permanent emigrants, not overseas-worker deployments}", NULL},
     .text = "Commission on Filipinos Overseas ($Y). Number of Registered Filipino Emigrants by Country of "
             "Destination, $E. Manila: Commission on Filipinos Overseas. https://cfo.gov.ph/"},
    {.datasets = "flows-table",
     .key = "flows_table_$E",
     .type = "misc",
     .fields = {"title", "{$S}", "edition", "{$E}", "year", "{$Y}",
                "note", "{A user's own flow table (migdip docs/flows.md): cite the sources it names}", NULL},
     .text = "$S (user flow table, periods to $E; cite the sources it names)."},
};

/* The framework the whole model implements (docs/model.md). The copy the project holds is
 * the journal's online-first version (volume 0, issue 0): no volume or pages; its year is that
 * of its DOI (Sage's DOIs carry the two-digit year they were registered: ...25...). */
static const cite_template FRAMEWORK = {
    .datasets = "",
    .key = "tsourapas_migration_interdependence",
    .type = "article",
    .fields = {"author", "{Tsourapas, Gerasimos}",
               "title", "{The Strategic Politics of Cross-Border Mobility: A Typology of Migration Interdependence}",
               "journal", "{International Migration Review}", "year", "{2025}",
               "doi", "{10.1177/01979183251369832}", "url", "{https://doi.org/10.1177/01979183251369832}",
               "note", "{Online first. The framework migdip implements (docs/model.md)}", NULL},
    .text = "Tsourapas, Gerasimos (2025). The Strategic Politics of Cross-Border Mobility: A Typology of Migration "
            "Interdependence. International Migration Review (online first). doi:10.1177/01979183251369832.",
};

/* migdip itself, with its version (CITATION.cff says the same). */
#define MIGDIP_RELEASE_YEAR "2026"
static const cite_template MIGDIP = {
    .datasets = "",
    .key = "migdip",
    .type = "misc",
    .fields = {"author", "{{migdip contributors}}",
               "title", "{migdip: Migration Interdependence between States, Computed on Official Data}",
               "version", "{" MIGDIP_VERSION "}", "year", "{" MIGDIP_RELEASE_YEAR "}",
               "howpublished", "{Software, version " MIGDIP_VERSION "}", "url", "{" MIGDIP_HOMEPAGE "}",
               "note", "{C library and command-line program; see CITATION.cff}", NULL},
    .text = "migdip contributors (" MIGDIP_RELEASE_YEAR "). migdip: Migration Interdependence between States, "
            "Computed on Official Data. Software, version " MIGDIP_VERSION ".",
};

enum { N_TEMPLATES = sizeof TEMPLATES / sizeof *TEMPLATES };

/* ------------------------------------------------------------------ helpers */

static bool in_list(const char *list, const char *key)
{
    size_t n = strlen(key);
    for (const char *p = list; *p;) {
        const char *bar = strchr(p, '|');
        size_t len = bar ? (size_t)(bar - p) : strlen(p);
        if (len == n && strncmp(p, key, n) == 0)
            return true;
        p += len + (bar ? 1 : 0);
    }
    return false;
}

static long template_of(const char *dataset)
{
    for (size_t i = 0; i < N_TEMPLATES; i++)
        if (in_list(TEMPLATES[i].datasets, dataset))
            return (long)i;
    return -1;
}

static void bib_escape(mg_strbuf *sb, const char *s)
{
    for (; *s; s++) {
        switch (*s) {
        case '\\': mg_strbuf_puts(sb, "\\textbackslash{}"); break;
        case '{': case '}': case '&': case '%': case '$': case '#': case '_':
            mg_strbuf_putc(sb, '\\');
            mg_strbuf_putc(sb, *s);
            break;
        case '~': mg_strbuf_puts(sb, "\\textasciitilde{}"); break;
        case '^': mg_strbuf_puts(sb, "\\textasciicircum{}"); break;
        default: mg_strbuf_putc(sb, *s);
        }
    }
}

/* Key-safe form of s: letters and digits kept (lower-cased), anything else one '_'. */
static void key_safe(mg_strbuf *sb, const char *s)
{
    bool sep = false;
    for (; *s; s++) {
        if (isalnum((unsigned char)*s)) {
            if (sep && sb->n && sb->p[sb->n - 1] != '_')
                mg_strbuf_putc(sb, '_');
            mg_strbuf_putc(sb, (char)tolower((unsigned char)*s));
            sep = false;
        } else {
            sep = true;
        }
    }
}

/* "YYYY" or "YYYY-MM-DD". */
static bool is_year_or_date(const char *s)
{
    size_t n = strlen(s);
    if (n != 4 && n != 10)
        return false;
    for (size_t i = 0; i < n; i++)
        if (!(i == 4 || i == 7 ? s[i] == '-' : isdigit((unsigned char)s[i])))
            return false;
    return true;
}

typedef struct tokens {
    const char *edition, *year, *source, *imported;
} tokens;

/* Copy pattern to sb with $E/$Y/$S replaced (escaped for BibTeX if bib, key-safe if key). */
static void expand(mg_strbuf *sb, const char *pattern, const tokens *tk, int mode)
{
    enum { PLAIN = 0, BIB = 1, KEY = 2 };
    for (const char *p = pattern; *p; p++) {
        const char *val = NULL;
        if (p[0] == '$' && (p[1] == 'E' || p[1] == 'Y' || p[1] == 'S' || p[1] == 'A')) {
            val = p[1] == 'E' ? tk->edition : p[1] == 'Y' ? tk->year : p[1] == 'A' ? tk->imported : tk->source;
            p++;
        }
        if (!val)
            mg_strbuf_putc(sb, *p);
        else if (mode == BIB)
            bib_escape(sb, val);
        else if (mode == KEY)
            key_safe(sb, val);
        else
            mg_strbuf_puts(sb, val);
    }
}

/* ------------------------------------------------------------------ building the list */

typedef struct vrow {
    char *dataset, *source, *edition, *released, *file, *sha256, *citation, *imported;
    long tmpl;       /* index into TEMPLATES, -1 unknown */
} vrow;

static void vrow_free(vrow *v)
{
    free(v->dataset);
    free(v->source);
    free(v->edition);
    free(v->released);
    free(v->file);
    free(v->sha256);
    free(v->citation);
    free(v->imported);
}

static char *col(sqlite3_stmt *st, int i)
{
    const char *s = (const char *)sqlite3_column_text(st, i);
    return strdup(s ? s : "");
}

/* Entries come in template order, then unknown datasets by name; editions by release. */
static int cmp_vrow(const void *x, const void *y)
{
    const vrow *a = x, *b = y;
    long ta = a->tmpl < 0 ? N_TEMPLATES : a->tmpl, tb = b->tmpl < 0 ? N_TEMPLATES : b->tmpl;
    if (ta != tb)
        return ta < tb ? -1 : 1;
    int c;
    if (a->tmpl < 0 && (c = strcmp(a->dataset, b->dataset)) != 0)
        return c;
    if ((c = strcmp(a->released, b->released)) != 0)
        return c;
    if ((c = strcmp(a->edition, b->edition)) != 0)
        return c;
    if ((c = strcmp(a->dataset, b->dataset)) != 0)
        return c;
    return strcmp(a->file, b->file);
}

/* Same entry: same template (or same unknown dataset) and the same edition. */
static bool same_entry(const vrow *a, const vrow *b)
{
    if (a->tmpl == b->tmpl && a->tmpl >= 0 && TEMPLATES[a->tmpl].one_entry)
        return true;
    if (a->tmpl != b->tmpl || strcmp(a->edition, b->edition) != 0)
        return false;
    return a->tmpl >= 0 || strcmp(a->dataset, b->dataset) == 0;
}

typedef struct cite_list {
    migdip_citations *c;
    size_t cap;
} cite_list;

static migdip_citation *push(cite_list *l)
{
    migdip_citation *v = mg_grow(l->c->v, &l->cap, l->c->n + 1, sizeof *v);
    if (!v)
        return NULL;
    l->c->v = v;
    migdip_citation *e = &l->c->v[l->c->n++];
    memset(e, 0, sizeof *e);
    return e;
}

static bool key_taken(const migdip_citations *c, const char *key)
{
    for (size_t i = 0; i < c->n; i++)
        if (c->v[i].key && strcmp(c->v[i].key, key) == 0)
            return true;
    return false;
}

/* Fill e from template t for the vintages g[0..n) (n may be 0: no data files). */
static bool build(migdip_citation *e, const cite_template *t, const vrow *g, size_t n, const migdip_citations *all)
{
    char year[8] = "";
    const char *edition = n ? g[0].edition : "";
    /* the year of an edition: the edition itself when it is a year or a date ("2020",
     * "2026-07-01"), else the release date (an edition "FY24" or "1816-2016" is not a year) */
    const char *ysrc = n ? (is_year_or_date(edition) ? edition : g[0].released) : "";
    if (is_year_or_date(ysrc))
        snprintf(year, sizeof year, "%.4s", ysrc);
    char imported[8] = "";
    if (n && strlen(g[0].imported) >= 4)
        snprintf(imported, sizeof imported, "%.4s", g[0].imported);
    if (t && t->one_entry) /* the newest release of the files stands for the entry */
        for (size_t i = 0; i < n; i++)
            if (is_year_or_date(g[i].released) && strncmp(g[i].released, year, 4) > 0)
                snprintf(year, sizeof year, "%.4s", g[i].released);
    tokens tk = {edition, year, n ? g[0].source : "", imported};
    mg_strbuf key, bib, text, dsets;
    mg_strbuf_init(&key);
    mg_strbuf_init(&bib);
    mg_strbuf_init(&text);
    mg_strbuf_init(&dsets);
    if (t) {
        expand(&key, t->key, &tk, 2);
    } else {
        key_safe(&key, g[0].dataset);
        mg_strbuf_putc(&key, '_');
        key_safe(&key, edition);
    }
    /* two editions that collapse to one key stay apart */
    for (int k = 2; key_taken(all, key.p ? key.p : ""); k++) {
        size_t base = key.n;
        char suffix[16];
        snprintf(suffix, sizeof suffix, "_%d", k);
        mg_strbuf_puts(&key, suffix);
        if (!key_taken(all, key.p))
            break;
        key.n = base;
        key.p[base] = '\0';
    }
    const char *type = t ? t->type : "misc";
    mg_strbuf_puts(&bib, "@");
    mg_strbuf_puts(&bib, type);
    mg_strbuf_puts(&bib, "{");
    mg_strbuf_puts(&bib, key.p ? key.p : "");
    bool has_note = false;
    if (t) {
        for (size_t i = 0; t->fields[i]; i += 2) {
            if (!strcmp(t->fields[i + 1], "{}")) /* a field left empty by the build (url without MIGDIP_HOMEPAGE) */
                continue;
            mg_strbuf_puts(&bib, ",\n  ");
            mg_strbuf_puts(&bib, t->fields[i]);
            mg_strbuf_puts(&bib, " = ");
            expand(&bib, t->fields[i + 1], &tk, 1);
            has_note |= strcmp(t->fields[i], "note") == 0;
        }
        expand(&text, t->text, &tk, 0);
    } else {
        /* unknown dataset: the vintage's own words */
        mg_strbuf_puts(&bib, ",\n  title = {");
        bib_escape(&bib, g[0].source);
        mg_strbuf_puts(&bib, "}");
        if (year[0]) {
            mg_strbuf_puts(&bib, ",\n  year = {");
            mg_strbuf_puts(&bib, year);
            mg_strbuf_puts(&bib, "}");
        }
        mg_strbuf_puts(&text, g[0].citation[0] ? g[0].citation : g[0].source);
    }
    if (n) {
        /* the note: edition, then every file with its sha256 */
        mg_strbuf note;
        mg_strbuf_init(&note);
        mg_strbuf_puts(&note, "Edition ");
        mg_strbuf_puts(&note, edition);
        mg_strbuf_puts(&note, "; imported from ");
        size_t listed = 0, derived = 0;
        for (size_t i = 0; i < n; i++) {
            if (g[i].file[0] == '(') { /* "(derived)": series migdip computed, no file of their own */
                derived++;
                continue;
            }
            if (listed++)
                mg_strbuf_puts(&note, ", ");
            mg_strbuf_puts(&note, g[i].file);
            mg_strbuf_puts(&note, " (sha256 ");
            mg_strbuf_puts(&note, g[i].sha256);
            mg_strbuf_puts(&note, ")");
        }
        if (derived)
            mg_strbuf_puts(&note, listed ? ", with series migdip derived from them" : "series migdip derived");
        if (!t && g[0].citation[0]) {
            mg_strbuf_puts(&note, ". ");
            mg_strbuf_puts(&note, g[0].citation);
        }
        mg_strbuf_puts(&bib, ",\n  ");
        mg_strbuf_puts(&bib, has_note ? "addendum" : "note");
        mg_strbuf_puts(&bib, " = {");
        bib_escape(&bib, note.p ? note.p : "");
        mg_strbuf_puts(&bib, "}");
        mg_strbuf_cleanup(&note);
    }
    mg_strbuf_puts(&bib, "\n}\n");
    for (size_t i = 0; i < n; i++) {
        bool seen = false;
        for (size_t k = 0; k < i; k++)
            seen |= strcmp(g[k].dataset, g[i].dataset) == 0;
        if (seen)
            continue;
        if (dsets.n)
            mg_strbuf_putc(&dsets, '|');
        mg_strbuf_puts(&dsets, g[i].dataset);
    }
    e->key = mg_strbuf_detach(&key);
    e->type = strdup(type);
    e->dataset = mg_strbuf_detach(&dsets);
    e->edition = strdup(edition);
    e->text = mg_strbuf_detach(&text);
    e->bibtex = mg_strbuf_detach(&bib);
    if (n && (e->files = calloc(n, sizeof *e->files)) != NULL) {
        for (size_t i = 0; i < n; i++) {
            e->files[i].file = strdup(g[i].file);
            e->files[i].sha256 = strdup(g[i].sha256);
            if (!e->files[i].file || !e->files[i].sha256)
                return false;
            e->n_files++;
        }
    }
    return e->key && e->type && e->dataset && e->edition && e->text && e->bibtex && (!n || e->files);
}

void migdip_citations_free(migdip_citations *c)
{
    if (!c)
        return;
    for (size_t i = 0; i < c->n; i++) {
        migdip_citation *e = &c->v[i];
        free(e->key);
        free(e->type);
        free(e->dataset);
        free(e->edition);
        free(e->text);
        free(e->bibtex);
        for (size_t k = 0; k < e->n_files; k++) {
            free(e->files[k].file);
            free(e->files[k].sha256);
        }
        free(e->files);
    }
    free(c->v);
    free(c);
}

migdip_status migdip_citations_get(migdip_ctx *ctx, migdip_citations **out)
{
    mg_err *err = &ctx->err;
    mg_err_clear(err);
    *out = NULL;
    sqlite3_stmt *st = NULL;
    vrow *rows = NULL;
    size_t n = 0, cap = 0;
    cite_list l = {0};
    migdip_status rc = mg_store_prepare(ctx->db,
        "SELECT dataset, source, edition, released, file, sha256, coalesce(citation, ''), imported_at FROM vintage",
        &st, err);
    if (rc)
        goto cleanup;
    int step;
    while ((step = sqlite3_step(st)) == SQLITE_ROW) {
        vrow *v = mg_grow(rows, &cap, n + 1, sizeof *v);
        if (!v) {
            rc = mg_err_set(err, MIGDIP_ERR_NOMEM, "out of memory");
            goto cleanup;
        }
        rows = v;
        vrow *r = &rows[n++];
        *r = (vrow){col(st, 0), col(st, 1), col(st, 2), col(st, 3), col(st, 4), col(st, 5), col(st, 6), col(st, 7), -1};
        if (!r->dataset || !r->source || !r->edition || !r->released || !r->file || !r->sha256 || !r->citation ||
            !r->imported) {
            rc = mg_err_set(err, MIGDIP_ERR_NOMEM, "out of memory");
            goto cleanup;
        }
        r->tmpl = template_of(r->dataset);
    }
    if (step != SQLITE_DONE) {
        rc = mg_store_db_error(ctx->db, err, "reading vintages");
        goto cleanup;
    }
    if (n)
        qsort(rows, n, sizeof *rows, cmp_vrow);
    if (!(l.c = calloc(1, sizeof *l.c))) {
        rc = mg_err_set(err, MIGDIP_ERR_NOMEM, "out of memory");
        goto cleanup;
    }
    migdip_citation *e = push(&l);
    if (!e || !build(e, &FRAMEWORK, NULL, 0, l.c) || !(e = push(&l)) || !build(e, &MIGDIP, NULL, 0, l.c)) {
        rc = mg_err_set(err, MIGDIP_ERR_NOMEM, "out of memory");
        goto cleanup;
    }
    for (size_t i = 0; i < n;) {
        size_t j = i + 1;
        while (j < n && same_entry(&rows[i], &rows[j]))
            j++;
        const cite_template *t = rows[i].tmpl >= 0 ? &TEMPLATES[rows[i].tmpl] : NULL;
        if (!(e = push(&l)) || !build(e, t, &rows[i], j - i, l.c)) {
            rc = mg_err_set(err, MIGDIP_ERR_NOMEM, "out of memory");
            goto cleanup;
        }
        if (t && t->companion && !key_taken(l.c, t->companion->key) &&
            (!(e = push(&l)) || !build(e, t->companion, NULL, 0, l.c))) {
            rc = mg_err_set(err, MIGDIP_ERR_NOMEM, "out of memory");
            goto cleanup;
        }
        i = j;
    }
    *out = l.c;
    l.c = NULL;
cleanup:
    sqlite3_finalize(st);
    for (size_t i = 0; i < n; i++)
        vrow_free(&rows[i]);
    free(rows);
    migdip_citations_free(l.c);
    return rc;
}
