/* panel.h - the engine's one-year panel of states (docs/model.md §1): per-state series, the
 * bilateral matrices (stocks, remittance shares, languages, distances, institutions) and the
 * totals derived from the stocks. Built by the model loader (api/model.c), read by the engine,
 * the planner and the simulator; cloned for counterfactuals. Pure computation: no I/O. */
#ifndef MG_PANEL_H
#define MG_PANEL_H

#include <stdbool.h>
#include <stddef.h>
#include <stdint.h>

#include "migdip/migdip.h"

enum { MG_LANG_OFFICIAL = 1, MG_LANG_ETHNO = 2 };

/* The source of a state's power figures (docs/model.md §3.4): the WDI, else the first of the
 * fallback sources that has them, bridged to the WDI's level. */
enum { MG_SRC_NONE = 0, MG_SRC_WDI, MG_SRC_WEO, MG_SRC_PWT, MG_SRC_MPD, MG_SRC_UNSD, MG_SRC_COUNT };
/* "WDI", "IMF WEO", "Penn World Table", "Maddison Project", "UN Statistics Division", "none". */
const char *mg_panel_source_name(int src);

typedef struct mg_panel {
    int year;
    size_t n;                /* states */
    char (*iso3)[4];         /* [n] */
    char **name;             /* [n] display names (borrowed from the loader) */
    int *subregion;          /* [n] UN subregion id, -1 unknown */
    uint8_t *territory;      /* [n] 1: a non-sovereign territory (§4.1) */
    uint8_t *power_src;      /* [n] MG_SRC_* of gdp_ppp and pop (§3.4) */
    /* bilateral, row = origin o, column = destination d: index o * n + d */
    double *stock;           /* labour migrants from o in d (docs/model.md §1.1): what the
                              * engine uses; built by mg_labour_stock from the cells below */
    uint8_t *stock_flag;     /* migdip_flag of the stock cell (observed/interpolated/carried) */
    double *stock_born;      /* persons born in o living in d (UN DESA); 0 = none recorded */
    double *refugee_ref;     /* the largest UN stock o->d of a year at least legacy_span years
                              * before the panel year in which those in need of protection
                              * were forced_max of it or more, NAN none (§1.1) */
    double *stock_ref;       /* the largest UN stock o->d at least legacy_span years before the
                              * panel year, NAN unknown (the legacy rule, §1.1) */
    double *protection;      /* persons from o in need of international protection in d
                              * (UNHCR refugees, asylum seekers, others; UNRWA), 0 none */
    double *recorded;        /* workers from o in d by o's own deployment records, 0 none */
    uint8_t *legacy;         /* o->d is a legacy corridor (discounted, §1.1): 1 shrunk for
                              * decades, 2 a former refugee corridor that has not grown since */
    uint8_t *asylum;         /* 1: d is a country of first asylum of o in a refugee context
                              * (mg_labour_stock): the whole corridor is forced migration (§1.1) */
    uint8_t *channel;        /* 1: o controls a channel of workers into d: a labour agreement,
                              * MoU or scheme in force, or o's own deployment records (§2.5) */
    uint8_t *freemove;       /* 1: enforceable free movement between o and d (§4.1) */
    uint8_t *seasonal;       /* 1: o sends seasonal workers to d under a scheme in force, whom
                              * census-based stocks miss (§4.2) */
    uint8_t *contig;         /* 1: o and d share a land border (CEPII) */
    float *female;           /* share of women among those born in o living in d, NAN unknown
                              * (the labour segment of §2.3) */
    double *rshare;          /* share of o's remittances that come from d, NAN unknown */
    uint8_t *rshare_flag;    /* observed (KNOMAD), carried (KNOMAD matrix far from the panel
                              * year), derived (fallback allocation), missing */
    uint8_t *lang;           /* MG_LANG_* bits: o and d share a language (CEPII) */
    float *dist;             /* population-weighted distance o-d, km (CEPII distw), NAN unknown */
    float *inst;             /* institutionalisation index of the pair in [0,1] (§2.4) */
    uint8_t *scheme;         /* 1: o and d are in a labour scheme or free-movement area */
    /* per state: migdip_value (value, flag, year) */
    migdip_value *remit_usd, *gdp_usd, *gdp_ppp, *gdppc_ppp, *lf, *pop, *cinc;
    double *emigrants;       /* row sums of stock (excluding o = d) */
    double *immigrants;      /* column sums */
    bool *has_stock;         /* the state appears in the bilateral stock data */
    double *eff_dest;        /* 1 / HHI of each state's emigrants' destinations */
    double *eff_orig;        /* 1 / HHI of each state's immigrants' origins */
    size_t n_sub;            /* number of subregion ids */
    double *cap_sub;         /* [n * n_sub]: emigrants of o living in each subregion (§2.3) */
    int stock_year;          /* UN year(s) the stocks come from (the panel year if observed) */
    int remit_year;          /* year of the KNOMAD matrix behind rshare, 0 none (core/remit.h) */
    bool view;               /* the data arrays lie in a packed panel the panel does not own
                              * (mg_panel_unpack): mg_panel_free leaves them */
    bool shared;             /* a clone: only stock, rshare and the totals are its own */
} mg_panel;

/* Allocate a panel for n states (all values missing, stocks 0). NULL on failure. */
mg_panel *mg_panel_new(size_t n, int year);
void mg_panel_free(mg_panel *p);
/* A copy of p for counterfactuals: its stocks, remittance shares and totals are its own (change
 * them, call mg_panel_totals, evaluate); every other array is p's, read only, and p must
 * outlive the clone (names are borrowed from p's owner). Copying the 5 MB of a whole panel was
 * a quarter of a plan's time. NULL on allocation failure. */
mg_panel *mg_panel_clone(const mg_panel *p);
/* The panel's data as one buffer (malloc'd, *len bytes) and back, for a cache of built panels:
 * the same machine and build only (raw doubles, no byte order conversion; the cache's key
 * names the build). Names are not packed (the owner sets p->name). Unpack checks the layout
 * and returns NULL on a buffer that does not match it, or out of memory. */
void *mg_panel_pack(const mg_panel *p, size_t *len);
/* view: when buf is aligned, the panel's data arrays point into buf (which must outlive the
 * panel, and may be read-only memory: the model's panel is never written once built; a
 * counterfactual works on mg_panel_clone), else they are copies. */
mg_panel *mg_panel_unpack(const void *buf, size_t len, bool view);
/* Row and column sums of the stock matrix (call after filling stocks). */
void mg_panel_totals(mg_panel *p);
/* Index of iso3, or -1. Linear scan is fine: called a few times per command. */
long mg_panel_find(const mg_panel *p, const char *iso3);

#endif
