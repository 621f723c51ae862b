/* present.h - what the programs presenting the library (src/cli, src/server) share: the JSON
 * of the library's results, one builder per result so that `migdip X --json` and the server's
 * /api/X answer with the same shape (json.c, dyad.c, results.c, country.c), and charts as
 * SVG (svg.c, charts.c). Like the CLI, this folder sees only the public API (migdip.h) and
 * cJSON. Names: present_<what>_<verb>. */
#ifndef MIGDIP_PRESENT_H
#define MIGDIP_PRESENT_H

#include <stdbool.h>
#include <stddef.h>
#include <stdint.h>
#include <stdio.h>
#include <cjson/cJSON.h>
#include "migdip/migdip.h"

/* ---------------------------------------------------------------- json.c */

/* Add number v under key k of o, rounded to 6 decimals; NaN and infinities (no value) as null. */
void present_json_num(cJSON *o, const char *k, double v);
/* The text of j, indented (pretty) or not, always well-formed UTF-8: a byte that is not (a
 * Latin-1 name, a file name in another encoding) is written as U+FFFD and counted in *n_bad
 * (may be NULL). Free with migdip_free; NULL when out of memory. */
char *present_json_text(const cJSON *j, bool pretty, size_t *n_bad);
/* A writer of JSON objects, so that one function writes a shape whether it is wanted as a
 * cJSON tree (present_jw_tree) or as text (an item of present_json_stream_next, no tree: the
 * bytes present_json_text gives for that tree). Members go to the object last begun and not
 * ended; a failure (out of memory) is remembered in oom. */
#define PRESENT_JW_DEPTH 8
struct present_jtext;
typedef struct present_jw {
    struct present_jtext *text; /* where the text goes; NULL: a tree */
    bool pretty;
    int base;                   /* text: the depth of the enclosing array */
    int n;                      /* objects begun and not ended */
    bool any[PRESENT_JW_DEPTH]; /* text: each open object has a member */
    cJSON *obj[PRESENT_JW_DEPTH], *root; /* tree: the open objects, the first one */
    bool oom;
} present_jw;
/* A writer building a tree; its root (the first object begun), or NULL when out of memory. */
void present_jw_tree(present_jw *w);
cJSON *present_jw_tree_done(present_jw *w);
/* An object, under key in the open object (key unused for the root), until present_jw_end. */
void present_jw_begin(present_jw *w, const char *key);
void present_jw_end(present_jw *w);
/* v as present_json_num writes it (no "-0"; NaN and infinities as null). */
void present_jw_num(present_jw *w, const char *key, double v);
/* v as cJSON_AddNumberToObject (a count, a year). */
void present_jw_number(present_jw *w, const char *key, double v);
/* s, or no member at all if s is NULL (as cJSON_AddStringToObject). */
void present_jw_str(present_jw *w, const char *key, const char *s);
void present_jw_null(present_jw *w, const char *key);
void present_jw_bool(present_jw *w, const char *key, bool v);

/* An array written an item at a time, the same bytes as the whole array's present_json_text:
 * open writes "[" to f (f NULL: into memory), next gives the writer of an item (its one
 * object), done ends it (false: out of memory; the item is then left out and the array failed)
 * and sends it to f; close writes "]" with *n_bad the bytes written as U+FFFD (false: an item
 * failed or f has an error), or for an array in memory, stream_text closes it and gives its
 * text (free with migdip_free; NULL when out of memory). */
typedef struct present_json_stream present_json_stream;
present_json_stream *present_json_stream_open(FILE *f, bool pretty);
present_jw *present_json_stream_next(present_json_stream *s);
bool present_json_stream_done(present_json_stream *s);
bool present_json_stream_close(present_json_stream *s, size_t *n_bad);
char *present_json_stream_text(present_json_stream *s, size_t *n_bad);
/* A part of an array written apart (on another thread) and appended to it in order: items as
 * the stream's (present_json_stream_next and _done on the part), kept in memory. reset empties
 * it (after_items: its first item follows others, after ", "); append adds its items to s
 * (false: an item of the part failed, or s is out of memory: s then fails). */
present_json_stream *present_json_part_open(bool pretty);
void present_json_part_reset(present_json_stream *p, bool after_items);
bool present_json_part_append(present_json_stream *s, present_json_stream *p);
void present_json_part_free(present_json_stream *p);

/* ---------------------------------------------------------------- dyad.c */

/* JSON of one evaluated dyad, keyed by the two sides' names (`migdip dyad --json`). */
/* explain: with the plain-language explanation (its robustness sentence draws parameters).
 * NULL when memory runs out. */
cJSON *present_dyad_json(const migdip_model *m, const migdip_actor *a, const migdip_actor *b, const migdip_dyad *d,
                         bool explain);
/* The same written with w as an object under key (the root if none is open), without ending
 * it: the one source of the dyad's shape (a screen row adds its members). false when out of
 * memory (the explanation's). */
bool present_dyad_write(present_jw *w, const char *key, const migdip_model *m, const migdip_actor *a,
                        const migdip_actor *b, const migdip_dyad *d, bool explain);
/* Each member of a bloc side against the other side (docs/model.md §3.3), appended to arr. */
void present_members_json(migdip_ctx *ctx, const migdip_model *m, const migdip_actor *bloc,
                          const migdip_actor *other, cJSON *arr);

/* ---------------------------------------------------------------- results.c */

/* `migdip screen --json`: one dyad object a row, with its stake and p_verdict, written
 * straight as text a row at a time (no tree) to f (memory stays one row). explain: each row
 * with its explanation (the sides then resolved; without, the rows name them by code only,
 * which is most of the speed of --json). false when out of memory or f has an error; *n_bad
 * as present_json_stream_close. */
bool present_screen_json_write(FILE *f, migdip_ctx *ctx, const migdip_model *m, const migdip_screen *s,
                               bool explain, size_t *n_bad);
/* The same array's text, compact or pretty (the server's /api/screen), to free with
 * migdip_free; NULL when out of memory. */
char *present_screen_json_text(migdip_ctx *ctx, const migdip_model *m, const migdip_screen *s, bool explain,
                               bool pretty, size_t *n_bad);
cJSON *present_event_json(const migdip_event *e);
cJSON *present_events_json(const migdip_events *ev);
/* "observed", "interpolated", "carried" or "none": how a dyad's stocks were obtained. */
const char *present_stock_how(const migdip_dyad *d);
cJSON *present_trajectory_json(const migdip_trajectory *tr);
/* {since, to, shifts: [...]}: the CLI's --json and the server's /api/shifts */
cJSON *present_shifts_json(const migdip_shifts *s);
/* processes: the MPI processes that shared the draws (1 without mpirun) */
cJSON *present_robust_json(const migdip_actor *a, const migdip_actor *b, const migdip_robust *r, uint64_t seed,
                           int processes);
cJSON *present_shock_json(const migdip_shock *s);
cJSON *present_sim_params_json(const migdip_sim_params *p);
cJSON *present_sim_json(const migdip_sim_result *r, const migdip_sim_opts *o);
/* The month-by-month columns of a simulation, in the order of `simulate --csv`. */
extern const char *const present_sim_month_cols[];
extern const size_t present_sim_n_month_cols;
void present_sim_month_values(const migdip_sim_month *m, double *v);
cJSON *present_cred_json(const migdip_cred_result *r, const migdip_sim_params *p, int year);
cJSON *present_plan_json(const migdip_model *m, const migdip_plan *pl);
cJSON *present_coalition_json(const migdip_coalition *co);
cJSON *present_citations_json(const migdip_citations *cs);
/* Vintages and the coverage of each series (`migdip sources --json`); filter (or NULL) keeps
 * the coverage rows whose series or dataset contains it, case-insensitively. */
cJSON *present_sources_json(const migdip_sources *s, const char *filter);
bool present_contains(const char *hay, const char *needle);

/* ---------------------------------------------------------------- country.c */

/* A state's main corridors: partners ranked by persons in both directions, each evaluated. */
typedef struct present_corridor {
    char iso3[4];
    double volume;
    migdip_dyad d;
    bool ok;
} present_corridor;
/* The k largest corridors of p's state, evaluated on a model of p's year built with the engine
 * options base (--power, --param, --bloc, --edition...; NULL: the defaults) and returned in
 * *mout, to free with migdip_model_free; *out to free with free(). Returns how many. */
size_t present_main_corridors(migdip_ctx *ctx, const migdip_profile *p, const migdip_model_opts *base, size_t k,
                              present_corridor **out, migdip_model **mout);
/* The same on a model already loaded for p's year (the server's, kept in memory). */
size_t present_corridors_on(migdip_ctx *ctx, const migdip_profile *p, const migdip_model *m, size_t k,
                            present_corridor **out);
cJSON *present_country_json(const migdip_profile *p, const present_corridor *cor, size_t n_cor);
/* One corridor of self with partner (d: self as side a): exposures, quadrants, who is stronger
 * and the margin, volume as given (persons in both directions). */
cJSON *present_corridor_json(const char *self, const char *partner, double volume, const migdip_dyad *d);
/* The server's /api/partners: a state's or bloc's dyad with every partner above the volume
 * threshold (the states its screen pairs it with, or a bloc's members with, the members left
 * out), each as present_corridor_json with its scope; power: the model's measure, by name. NULL
 * with *st on error (left on ctx). */
cJSON *present_partners_json(migdip_ctx *ctx, const migdip_model *m, const migdip_actor *self, const char *power,
                            migdip_status *st);
/* The blocs of migdip_blocs_get: name, title, members. */
cJSON *present_blocs_json(const migdip_blocs *b);

/* ---------------------------------------------------------------- svg.c */

typedef struct present_svg present_svg;
/* Okabe and Ito's palette: blue, orange, green, purple, sky blue, vermilion, yellow, black. */
extern const char *const present_palette[8];
/* A document of w x h pixels whose <title> and <desc> (its text alternative) are given. */
present_svg *present_svg_new(double w, double h, const char *title, const char *desc);
/* Markup as given (attribute values the caller's own: numbers, codes). */
void present_svg_raw(present_svg *s, const char *fmt, ...) __attribute__((format(printf, 2, 3)));
/* A <text> element at (x, y) with attributes attrs (may be NULL); the text is escaped. */
void present_svg_text(present_svg *s, double x, double y, const char *attrs, const char *fmt, ...)
    __attribute__((format(printf, 5, 6)));
void present_svg_escape(FILE *f, const char *text);
FILE *present_svg_stream(present_svg *s);
/* Close the document: the text, owned (free()), or NULL when out of memory. */
char *present_svg_finish(present_svg *s);
void present_svg_tick(char *buf, size_t cap, double v);
double present_svg_step(double lo, double hi, int n);

/* ---------------------------------------------------------------- charts.c
 * Each returns a whole SVG document (free()), NULL when out of memory; power is the measure's
 * name (migdip_power_name). */
char *present_chart_dyad(const migdip_actor *a, const migdip_actor *b, const migdip_dyad *d, const char *power);
char *present_chart_trajectory(const migdip_trajectory *t, const char *power);
char *present_chart_sim(const migdip_sim_result *r, const migdip_sim_params *prm, const char *power);
char *present_chart_robust(const migdip_actor *a, const migdip_actor *b, const migdip_robust *r, const char *power);
char *present_chart_country(const migdip_profile *p);
/* The typology plane (Figure 1) of one dyad, drawn into s at (x, y), size pixels square. */
void present_chart_plane(present_svg *s, double x, double y, double size, const char *const name[2],
                         const migdip_dyad *d);

#endif
