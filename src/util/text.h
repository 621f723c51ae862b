/* text.h - small text utilities: strict number parsing, trimming, and the normalised form
 * of country names that every crosswalk lookup uses (case, accents, punctuation folded). */
#ifndef MG_TEXT_H
#define MG_TEXT_H

#include <stdbool.h>
#include <stddef.h>

/* Parse the whole of s[0..len) as a finite decimal number (leading/trailing blanks allowed,
 * thousands separators "," allowed only when allow_commas). false on anything else,
 * including an empty string. */
bool mg_text_parse_double(const char *s, size_t len, bool allow_commas, double *out);

/* Parse an integer year-like value ("2020", "2020.0"). */
bool mg_text_parse_long(const char *s, size_t len, long *out);

/* Trim ASCII blanks (and NBSP U+00A0) from both ends: returns the start, sets *len. */
const char *mg_text_trim(const char *s, size_t *len);

/* True if s[0..len) is blank or one of the missing markers the UN DESA, World Bank DataBank
 * and CEPII files use: "..", "-", ".". Other markers ("N/A", "NA") belong to a format and are
 * accepted only by its importer; anywhere else they are text in a number cell. */
bool mg_text_is_missing_marker(const char *s, size_t len);

/* True if s[0..len) holds only blanks. */
bool mg_text_is_blank(const char *s, size_t len);

/* Normalised name key into out (cap bytes): ASCII lowercase, Latin accents folded
 * (é->e, ô->o, ç->c, ...), "&" -> "and", every other non-alphanumeric run -> one space,
 * trimmed. "Côte d'Ivoire" -> "cote d ivoire". Returns out. A name whose key does not fit in
 * cap bytes gets the empty key (it matches nothing), never a truncated one. */
char *mg_text_name_key(const char *s, char *out, size_t cap);
/* The first character of s's name key when s is ASCII up to it, else 0 (only the whole key
 * tells): a test that spares building the keys of most entries of a list a key is looked up
 * in (two names whose first characters differ never have the same key, unless one is 0). */
char mg_text_name_key_first(const char *s);

/* The length (1 to 4) of the well-formed UTF-8 sequence at s (n bytes left), or 0 if the byte
 * at s does not start one (a stray continuation byte, an overlong form, a surrogate, a code
 * point above U+10FFFF, a sequence cut short). */
size_t mg_text_utf8_seq(const unsigned char *s, size_t n);

/* Case-insensitive ASCII comparison. */
int mg_text_casecmp(const char *a, const char *b);

/* strdup that returns NULL on NULL. */
char *mg_text_dup(const char *s);
char *mg_text_ndup(const char *s, size_t n);

#endif
