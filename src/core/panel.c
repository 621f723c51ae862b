/* panel.c - allocation, copy and stock totals of the one-year panel (docs/model.md §1, §2.3). */
#include "core/panel.h"

#include <math.h>
#include <stdbool.h>
#include <stddef.h>
#include <stdint.h>
#include <stdlib.h>
#include <string.h>

mg_panel *mg_panel_new(size_t n, int year)
{
    mg_panel *p = calloc(1, sizeof *p);
    if (!p)
        return NULL;
    p->n = n;
    p->year = year;
    p->stock_year = year;
    size_t nn = n * n;
    p->iso3 = calloc(n ? n : 1, sizeof *p->iso3);
    p->name = calloc(n ? n : 1, sizeof *p->name);
    p->subregion = malloc((n ? n : 1) * sizeof *p->subregion);
    p->stock = calloc(nn ? nn : 1, sizeof *p->stock);
    p->stock_flag = calloc(nn ? nn : 1, 1);
    p->rshare = malloc((nn ? nn : 1) * sizeof *p->rshare);
    p->rshare_flag = calloc(nn ? nn : 1, 1);
    p->lang = calloc(nn ? nn : 1, 1);
    p->dist = malloc((nn ? nn : 1) * sizeof *p->dist);
    p->inst = calloc(nn ? nn : 1, sizeof *p->inst);
    p->scheme = calloc(nn ? nn : 1, 1);
    p->stock_born = calloc(nn ? nn : 1, sizeof *p->stock_born);
    p->stock_ref = malloc((nn ? nn : 1) * sizeof *p->stock_ref);
    p->refugee_ref = malloc((nn ? nn : 1) * sizeof *p->refugee_ref);
    p->protection = calloc(nn ? nn : 1, sizeof *p->protection);
    p->recorded = calloc(nn ? nn : 1, sizeof *p->recorded);
    p->legacy = calloc(nn ? nn : 1, 1);
    p->asylum = calloc(nn ? nn : 1, 1);
    p->channel = calloc(nn ? nn : 1, 1);
    p->freemove = calloc(nn ? nn : 1, 1);
    p->seasonal = calloc(nn ? nn : 1, 1);
    p->contig = calloc(nn ? nn : 1, 1);
    p->female = malloc((nn ? nn : 1) * sizeof *p->female);
    p->territory = calloc(n ? n : 1, 1);
    p->power_src = calloc(n ? n : 1, 1);
    migdip_value **vals[] = {&p->remit_usd, &p->gdp_usd, &p->gdp_ppp, &p->gdppc_ppp, &p->lf, &p->pop, &p->cinc};
    bool ok = p->iso3 && p->name && p->subregion && p->stock && p->stock_flag && p->rshare &&
              p->rshare_flag && p->lang && p->dist && p->inst && p->scheme && p->stock_born && p->stock_ref && p->refugee_ref &&
              p->protection && p->recorded && p->legacy && p->asylum && p->channel && p->freemove && p->seasonal && p->contig && p->female &&
              p->territory && p->power_src;
    for (size_t k = 0; k < sizeof vals / sizeof *vals; k++) {
        *vals[k] = malloc((n ? n : 1) * sizeof **vals[k]);
        ok = ok && *vals[k];
    }
    p->emigrants = calloc(n ? n : 1, sizeof *p->emigrants);
    p->immigrants = calloc(n ? n : 1, sizeof *p->immigrants);
    p->has_stock = calloc(n ? n : 1, sizeof *p->has_stock);
    p->eff_dest = calloc(n ? n : 1, sizeof *p->eff_dest);
    p->eff_orig = calloc(n ? n : 1, sizeof *p->eff_orig);
    ok = ok && p->emigrants && p->immigrants && p->has_stock && p->eff_dest && p->eff_orig;
    if (!ok) {
        mg_panel_free(p);
        return NULL;
    }
    for (size_t i = 0; i < n; i++) {
        p->subregion[i] = -1;
        for (size_t k = 0; k < sizeof vals / sizeof *vals; k++)
            (*vals[k])[i] = (migdip_value){NAN, MIGDIP_FLAG_MISSING, year};
    }
    for (size_t i = 0; i < nn; i++) {
        p->rshare[i] = NAN;
        p->dist[i] = NAN;
        p->stock_ref[i] = NAN;
        p->refugee_ref[i] = NAN;
        p->female[i] = NAN;
    }
    return p;
}

static void free_fields(mg_panel *p);

void mg_panel_free(mg_panel *p)
{
    if (!p)
        return;
    if (p->shared) {
        free(p->stock);
        free(p->rshare);
    } else if (!p->view)
        free_fields(p);
    if (!p->view) {
        free(p->emigrants);
        free(p->immigrants);
        free(p->has_stock);
        free(p->eff_dest);
        free(p->eff_orig);
        free(p->cap_sub);
    }
    free(p->name);
    free(p);
}

/* The panel's arrays that hold data (not the totals mg_panel_totals derives, nor the borrowed
 * names): what a clone copies and a packed panel carries. per: 1 per state, 2 per pair. */
typedef struct panel_field {
    size_t off;   /* offsetof(mg_panel, array pointer) */
    size_t size;  /* bytes per element */
    int per;
} panel_field;

#define PF(f, per) {offsetof(mg_panel, f), sizeof *((mg_panel *)0)->f, per}
static const panel_field PANEL_FIELDS[] = {
    PF(iso3, 1),        PF(subregion, 1),  PF(territory, 1),   PF(power_src, 1),  PF(remit_usd, 1),
    PF(gdp_usd, 1),     PF(gdp_ppp, 1),    PF(gdppc_ppp, 1),   PF(lf, 1),         PF(pop, 1),
    PF(cinc, 1),        PF(stock, 2),      PF(stock_flag, 2),  PF(stock_born, 2), PF(refugee_ref, 2),
    PF(stock_ref, 2),   PF(protection, 2), PF(recorded, 2),    PF(legacy, 2),     PF(asylum, 2),
    PF(channel, 2),     PF(freemove, 2),   PF(seasonal, 2),    PF(contig, 2),     PF(female, 2),
    PF(rshare, 2),      PF(rshare_flag, 2), PF(lang, 2),       PF(dist, 2),       PF(inst, 2),
    PF(scheme, 2),
};
#undef PF
enum { N_PANEL_FIELDS = sizeof PANEL_FIELDS / sizeof *PANEL_FIELDS };

static void *field_ptr(const mg_panel *p, const panel_field *f) { return *(void *const *)((const char *)p + f->off); }

static size_t field_bytes(const mg_panel *p, const panel_field *f) { return f->size * (f->per == 2 ? p->n * p->n : p->n); }

static void free_fields(mg_panel *p)
{
    for (size_t k = 0; k < N_PANEL_FIELDS; k++)
        free(field_ptr(p, &PANEL_FIELDS[k]));
}

/* cap_sub's length: n rows of n_sub subregions, one when there is none (mg_ensemble_totals
 * clears that many) */
static size_t cap_sub_len(size_t n, size_t n_sub) { return n * (n_sub ? n_sub : 1); }

mg_panel *mg_panel_clone(const mg_panel *p)
{
    size_t n = p->n, nn = n * n, ns = cap_sub_len(n, p->n_sub);
    mg_panel *c = malloc(sizeof *c);
    if (!c)
        return NULL;
    *c = *p; /* the scalars, and the arrays a counterfactual only reads: the original's */
    c->view = false;
    c->shared = true;
    c->name = malloc((n ? n : 1) * sizeof *c->name);
    c->stock = malloc((nn ? nn : 1) * sizeof *c->stock);
    c->rshare = malloc((nn ? nn : 1) * sizeof *c->rshare);
    c->emigrants = malloc((n ? n : 1) * sizeof *c->emigrants);
    c->immigrants = malloc((n ? n : 1) * sizeof *c->immigrants);
    c->has_stock = malloc((n ? n : 1) * sizeof *c->has_stock);
    c->eff_dest = malloc((n ? n : 1) * sizeof *c->eff_dest);
    c->eff_orig = malloc((n ? n : 1) * sizeof *c->eff_orig);
    c->cap_sub = p->cap_sub ? malloc((ns ? ns : 1) * sizeof *c->cap_sub) : NULL;
    if (!c->name || !c->stock || !c->rshare || !c->emigrants || !c->immigrants || !c->has_stock || !c->eff_dest ||
        !c->eff_orig || (p->cap_sub && !c->cap_sub)) {
        mg_panel_free(c);
        return NULL;
    }
    memcpy(c->name, p->name, n * sizeof *p->name);
    memcpy(c->stock, p->stock, nn * sizeof *p->stock);
    memcpy(c->rshare, p->rshare, nn * sizeof *p->rshare);
    /* the totals as mg_panel_totals left them for these stocks, with p's immigrants of unknown
     * origin */
    memcpy(c->emigrants, p->emigrants, n * sizeof *p->emigrants);
    memcpy(c->immigrants, p->immigrants, n * sizeof *p->immigrants);
    memcpy(c->has_stock, p->has_stock, n * sizeof *p->has_stock);
    memcpy(c->eff_dest, p->eff_dest, n * sizeof *p->eff_dest);
    memcpy(c->eff_orig, p->eff_orig, n * sizeof *p->eff_orig);
    if (p->cap_sub) { /* what p holds (a packed panel without subregions holds none), zeros past it */
        memset(c->cap_sub, 0, ns * sizeof *c->cap_sub);
        memcpy(c->cap_sub, p->cap_sub, n * p->n_sub * sizeof *p->cap_sub);
    }
    return c;
}

/* The totals mg_panel_totals derives (state arrays; cap_sub apart, n * n_sub), packed too so
 * that a cached panel is used without a pass over its stocks. */
#define TF(f) {offsetof(mg_panel, f), sizeof *((mg_panel *)0)->f, 1}
static const panel_field TOTAL_FIELDS[] = {TF(immigrants), TF(emigrants), TF(has_stock), TF(eff_dest), TF(eff_orig)};
#undef TF
enum { N_TOTAL_FIELDS = sizeof TOTAL_FIELDS / sizeof *TOTAL_FIELDS, MAX_SUBREGIONS = 4096 };

/* The packed layout: a header of PACK_HEAD 64-bit words (magic, n, year, stock_year,
 * remit_year, the total bytes, n_sub), then the fields in PANEL_FIELDS order, the totals in
 * TOTAL_FIELDS order and cap_sub; the header and each field padded to PACK_ALIGN bytes, so that
 * a packed panel at an aligned address can be used where it lies (mg_panel_unpack's view). */
enum { PACK_HEAD = 7, PACK_ALIGN = 64 };
#define PACK_MAGIC 0x334c454e4150474dULL /* "MGPANEL3" */

static size_t padded(size_t b) { return (b + PACK_ALIGN - 1) / PACK_ALIGN * PACK_ALIGN; }

static size_t pack_bytes(const mg_panel *p, size_t n_sub)
{
    size_t b = padded(PACK_HEAD * sizeof(uint64_t));
    for (size_t k = 0; k < N_PANEL_FIELDS; k++)
        b += padded(field_bytes(p, &PANEL_FIELDS[k]));
    for (size_t k = 0; k < N_TOTAL_FIELDS; k++)
        b += padded(field_bytes(p, &TOTAL_FIELDS[k]));
    return b + padded(p->n * n_sub * sizeof *p->cap_sub);
}

void *mg_panel_pack(const mg_panel *p, size_t *len)
{
    if (!p->cap_sub)
        return NULL;
    size_t total = pack_bytes(p, p->n_sub);
    unsigned char *buf = calloc(1, total), *w = buf;
    if (!buf)
        return NULL;
    uint64_t head[PACK_HEAD] = {PACK_MAGIC, p->n, (uint64_t)(int64_t)p->year, (uint64_t)(int64_t)p->stock_year,
                                (uint64_t)(int64_t)p->remit_year, total, p->n_sub};
    memcpy(w, head, sizeof head);
    w += padded(sizeof head);
    for (size_t k = 0; k < N_PANEL_FIELDS + N_TOTAL_FIELDS; k++) {
        const panel_field *f = k < N_PANEL_FIELDS ? &PANEL_FIELDS[k] : &TOTAL_FIELDS[k - N_PANEL_FIELDS];
        size_t b = field_bytes(p, f);
        memcpy(w, field_ptr(p, f), b);
        w += padded(b);
    }
    memcpy(w, p->cap_sub, p->n * p->n_sub * sizeof *p->cap_sub);
    *len = total;
    return buf;
}

/* A panel whose data arrays are not its own (a view) has them freed by its owner. */
static void set_field(mg_panel *p, const panel_field *f, const void *at)
{
    *(const void **)((char *)p + f->off) = at;
}

/* What an index is read from must hold an index: a damaged entry gives wrong figures at worst,
 * never a read out of bounds. */
static bool panel_indices_valid(const mg_panel *p)
{
    for (size_t i = 0; i < p->n; i++)
        if (p->subregion[i] < -1 || p->subregion[i] >= (int)p->n_sub || p->power_src[i] >= MG_SRC_COUNT)
            return false;
    return true;
}

mg_panel *mg_panel_unpack(const void *buf, size_t len, bool view)
{
    uint64_t head[PACK_HEAD];
    if (len < sizeof head)
        return NULL;
    memcpy(head, buf, sizeof head);
    if (head[0] != PACK_MAGIC || head[1] > 100000 || head[5] != len || head[6] > MAX_SUBREGIONS)
        return NULL;
    size_t n = (size_t)head[1], n_sub = (size_t)head[6];
    int year = (int)(int64_t)head[2];
    mg_panel *p;
    view = view && (uintptr_t)buf % _Alignof(max_align_t) == 0;
    if (view) {
        /* the arrays where they lie; only the names are allocated */
        p = calloc(1, sizeof *p);
        if (!p)
            return NULL;
        p->n = n;
        p->year = year;
        p->view = true;
        if (!(p->name = calloc(n ? n : 1, sizeof *p->name))) {
            mg_panel_free(p);
            return NULL;
        }
    } else if (!(p = mg_panel_new(n, year)))
        return NULL;
    if (pack_bytes(p, n_sub) != len || (!view && !(p->cap_sub = calloc(cap_sub_len(n, n_sub), sizeof *p->cap_sub)))) {
        mg_panel_free(p);
        return NULL;
    }
    p->n_sub = n_sub;
    p->stock_year = (int)(int64_t)head[3];
    p->remit_year = (int)(int64_t)head[4];
    const unsigned char *r = (const unsigned char *)buf + padded(sizeof head);
    for (size_t k = 0; k < N_PANEL_FIELDS + N_TOTAL_FIELDS; k++) {
        const panel_field *f = k < N_PANEL_FIELDS ? &PANEL_FIELDS[k] : &TOTAL_FIELDS[k - N_PANEL_FIELDS];
        size_t b = field_bytes(p, f);
        if (view)
            set_field(p, f, r);
        else
            memcpy(field_ptr(p, f), r, b);
        r += padded(b);
    }
    if (view)
        p->cap_sub = (double *)(uintptr_t)r;
    else
        memcpy(p->cap_sub, r, n * n_sub * sizeof *p->cap_sub);
    if (!panel_indices_valid(p)) {
        mg_panel_free(p);
        return NULL;
    }
    return p;
}

void mg_panel_totals(mg_panel *p)
{
    size_t n = p->n;
    int max_sub = -1;
    for (size_t i = 0; i < n; i++) {
        p->emigrants[i] = p->immigrants[i] = 0;
        if (p->subregion[i] > max_sub)
            max_sub = p->subregion[i];
    }
    for (size_t o = 0; o < n; o++)
        for (size_t d = 0; d < n; d++) {
            double s = p->stock[o * n + d];
            if (o == d || !(s > 0))
                continue;
            p->emigrants[o] += s;
            p->immigrants[d] += s;
            p->has_stock[o] = p->has_stock[d] = true;
        }
    for (size_t i = 0; i < n; i++) {
        double hd = 0, ho = 0;
        for (size_t j = 0; j < n; j++) {
            if (i == j)
                continue;
            if (p->emigrants[i] > 0) {
                double s = p->stock[i * n + j] / p->emigrants[i];
                hd += s * s;
            }
            if (p->immigrants[i] > 0) {
                double s = p->stock[j * n + i] / p->immigrants[i];
                ho += s * s;
            }
        }
        p->eff_dest[i] = hd > 0 ? 1 / hd : NAN;
        p->eff_orig[i] = ho > 0 ? 1 / ho : NAN;
    }
    /* §2.3: an alternative sender's capacity for host h = its emigrants living anywhere in
     * h's subregion (the recruitment channels it already has into that labour market) */
    free(p->cap_sub);
    p->n_sub = (size_t)(max_sub + 1);
    p->cap_sub = calloc(cap_sub_len(n, p->n_sub), sizeof *p->cap_sub);
    if (!p->cap_sub)
        return;
    for (size_t o = 0; o < n; o++)
        for (size_t d = 0; d < n; d++)
            if (o != d && p->subregion[d] >= 0 && p->stock[o * n + d] > 0)
                p->cap_sub[o * p->n_sub + (size_t)p->subregion[d]] += p->stock[o * n + d];
}

const char *mg_panel_source_name(int src)
{
    static const char *const names[MG_SRC_COUNT] = {"none", "WDI", "IMF WEO", "Penn World Table",
                                                     "Maddison Project", "UN Statistics Division"};
    return src >= 0 && src < MG_SRC_COUNT ? names[src] : "none";
}

long mg_panel_find(const mg_panel *p, const char *iso3)
{
    for (size_t i = 0; i < p->n; i++)
        if (strcmp(p->iso3[i], iso3) == 0)
            return (long)i;
    return -1;
}
