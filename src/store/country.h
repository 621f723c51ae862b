/* country.h - country identity: ISO3 is the key; names (in UN, World Bank, COW, CEPII
 * spellings) and codes of other schemes (cown, cowc, gwn, m49, wb, iso2, cepii) map to it.
 * The map is an in-memory snapshot of the country/country_code/country_alias/aggregate
 * tables, reloaded by the importer after each crosswalk file. Built-in special and
 * historical entities (XXX, XKX, CHI, CSK, YUG, ...) are seeded by mg_country_seed_builtin. */
#ifndef MG_COUNTRY_H
#define MG_COUNTRY_H

#include <sqlite3.h>
#include <stdbool.h>
#include <stddef.h>
#include "util/err.h"

typedef struct mg_country_map mg_country_map;

migdip_status mg_country_map_load(sqlite3 *db, mg_country_map **out, mg_err *err);
void mg_country_map_free(mg_country_map *cm);

/* ISO3 (borrowed, valid until mg_country_map_free) of a country name in any known spelling,
 * or NULL. Matching uses mg_text_name_key (case, accents and punctuation folded). */
const char *mg_country_by_name(const mg_country_map *cm, const char *name);
/* The same for a name already made a key by mg_text_name_key (a caller that looks one name up
 * several ways makes its key once); "" finds nothing. */
const char *mg_country_by_key(const mg_country_map *cm, const char *key);
/* A short name a user may type that no crosswalk spells ("DR Congo", "Palestine", "UK"):
 * for user input only, never for data files. NULL if none. */
const char *mg_country_by_common_name(const mg_country_map *cm, const char *name);
/* Up to max (at most 8) countries whose names are closest to name, best first: the words of
 * name that begin a word of a country's name or alias, then a typo's distance. Returns how
 * many were written to out. */
size_t mg_country_suggest(const mg_country_map *cm, const char *name, char (*out)[4], size_t max);

/* ISO3 for a code of a scheme ("iso3", "cown", "cowc", "gwn", "m49", "wb", "iso2", "cepii",
 * "imf") valid in year, or NULL. Year 0 means "no year known": a reused code (COW 345) then gives
 * its present holder (SRB). "iso3" checks that the country exists; "cepii", "wb" and "imf" fall
 * back to ISO3 where the scheme has no code of its own. Numeric codes may carry leading
 * zeros ("004"). */
const char *mg_country_by_code(const mg_country_map *cm, const char *scheme, const char *code, int year);
/* Whether code (three upper-case letters) is a state's own ISO3 code in the store's country
 * table with no crosswalk row giving the code another holder: mg_country_by_code(map,
 * "iso3", code, 0) then returns code itself. One indexed query, for callers that would load
 * the whole map (3,000 rows) to resolve a code. */
migdip_status mg_country_iso3_own(sqlite3 *db, const char *code, bool *own, mg_err *err);

/* The stored form of a code: numeric schemes (m49, cown, gwn) without leading zeros
 * ("004" -> "4"), letter codes trimmed and upper-cased. Writes at most cap bytes to out. */
char *mg_country_code_norm(const char *scheme, const char *code, char *out, size_t cap);
bool mg_country_code_is_numeric(const char *scheme);

/* Aggregate code (e.g. "WLD", "UN:900") for an aggregate's name or code, or NULL. */
const char *mg_country_aggregate(const mg_country_map *cm, const char *name_or_code);
/* The same for a name or code already made a key by mg_text_name_key. */
const char *mg_country_aggregate_by_key(const mg_country_map *cm, const char *key);

/* Display name of an ISO3 code, or NULL if unknown. */
const char *mg_country_name(const mg_country_map *cm, const char *iso3);
size_t mg_country_count(const mg_country_map *cm);

/* True for the entities of the countrycode files that are left out on purpose (pre-1900
 * German/Italian states without a COW code, "Stateless", "Unknown", ...: docs/countries.md). */
bool mg_country_is_omitted(const char *name);

/* Insert the built-in special and historical entities and their codes (idempotent). */
migdip_status mg_country_seed_builtin(sqlite3 *db, mg_err *err);

#endif
