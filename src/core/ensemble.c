/* ensemble.c - the verdicts of many state dyads under many draws (core/ensemble.h). Every
 * formula is engine.c's (docs/model.md §2-§4), restructured: the comments name the function
 * of engine.c each part follows. */
#include "core/ensemble.h"

#include "core/labour.h"
#include "core/lognormal.h"
#include "core/vector.h"

#include <math.h>
#include <stdlib.h>
#include <string.h>

struct mg_ensemble {
    const mg_panel *p;  /* the base panel: ties, distances, shares of women, economies */
    mg_params base;
    size_t n, n_pairs;
    size_t (*pairs)[2];
    uint8_t *scope;      /* [n_pairs] structural_scope: territory, free movement or in scope */
    double *forced;      /* [n_pairs] forced_persons: share in need of protection, NAN none */
    /* per state: actor_power's logarithms and whether the measure is known */
    double *pow_a, *pow_b; /* composite: ln(GDP PPP / pop), ln(GDP PPP); else the measure's log */
    uint8_t *pow_ok;
    double *pc;          /* GDP per head PPP (substitutability's income term), NAN unknown */
    /* per host h with senders: the alternatives that can have capacity in h (a != h with
     * workers in h or in h's subregion; a draw never makes a zero stock positive) */
    size_t *alt_off;     /* [n + 1] */
    uint32_t *alt_idx;
    double *alt_sub, *alt_d, *alt_logd, *alt_pc, *alt_fa; /* subregion (-2 unknown), distance,
                                                            its log, income, women's share */
    double *alt_lang, *alt_scheme; /* 1: the alternative shares the tie with h, else 0 */
    uint32_t *alt_cs;    /* its place in cap_sub for h's subregion (0 when h has none) */
    size_t max_alt;
    /* the senders of each host: pair k, side s (the host is side s of pair k) */
    size_t *snd_off;     /* [n + 1] */
    uint32_t *snd_pair;
    uint8_t *snd_side;
    /* and what the incumbent r brings to the host's sum: its place among the alternatives
     * (n_alt: none), its ties (bit 0 language, bit 1 scheme), subregion (-1 unknown), distance
     * (INFINITY unknown) and women's share (NAN unknown) */
    uint32_t *snd_pos, *snd_r;
    uint8_t *snd_ties;
    double *snd_sr, *snd_rd, *snd_rf;
    /* member_exposure's inputs that no draw changes */
    double *gdp, *remit, *lf; /* [n] */
    uint8_t (*ctl)[2];   /* [n_pairs][side]: 0 the partner has a channel, 1 a border, 2 neither */
    double *inst;        /* [n_pairs] the pair's institutionalisation */
    uint32_t *ord;       /* the pairs by their states' panel order, so that the cells read from
                          * one pair to the next are near each other in memory */
    /* a draw's cells gathered once, in cell order, into arrays read in order: every positive
     * stock a->h into its place among h's alternatives (the host's column, contiguous), and
     * every positive remittance share a pair side reads into that side's place */
    uint32_t *sg_cell, *sg_slot, *rg_cell, *rg_slot;
    size_t n_sg, n_rg;
    uint32_t (*pin)[2];  /* [n_pairs][side]: the place of the partner's workers in this side
                          * (UINT32_MAX: none) */
};

struct mg_ensemble_work {
    double (*S)[2];      /* substitutability of each pair's sides */
    double *cw[4];       /* capacity times the language and scheme fits (none, lang, scheme, both) */
    double *dn, *pn;     /* [alternatives of every host] distance^-e and income^-e */
    double *here;        /* [alternatives of every host] their workers in the host */
    double *rs;          /* [2 n_pairs] each side's share of its remittances from the partner */
    double *pcn;         /* [n] income^-e of each state */
    uint8_t *need;       /* [n_pairs] the draw can put the pair in scope: its sides' exposures
                          * (and substitutability) are computed */
};

static double val(const migdip_value *v) { return v->flag == MIGDIP_FLAG_MISSING ? NAN : v->value; }

static double saturate(double x, double scale) { return x >= scale ? 1.0 : x / scale; }

size_t mg_ensemble_n_pairs(const mg_ensemble *e) { return e->n_pairs; }

void mg_ensemble_free(mg_ensemble *e)
{
    if (!e)
        return;
    free(e->pairs);
    free(e->scope);
    free(e->forced);
    free(e->pow_a);
    free(e->pow_b);
    free(e->pow_ok);
    free(e->pc);
    free(e->alt_off);
    free(e->alt_idx);
    free(e->alt_sub);
    free(e->alt_d);
    free(e->alt_logd);
    free(e->alt_pc);
    free(e->alt_fa);
    free(e->alt_lang);
    free(e->alt_scheme);
    free(e->alt_cs);
    free(e->snd_off);
    free(e->snd_pair);
    free(e->snd_side);
    free(e->snd_pos);
    free(e->snd_r);
    free(e->snd_ties);
    free(e->snd_sr);
    free(e->snd_rd);
    free(e->snd_rf);
    free(e->gdp);
    free(e->remit);
    free(e->lf);
    free(e->ctl);
    free(e->inst);
    free(e->ord);
    free(e->sg_cell);
    free(e->sg_slot);
    free(e->rg_cell);
    free(e->rg_slot);
    free(e->pin);
    free(e);
}

/* actor_power of one state, without the strings */
static void state_power(const mg_panel *p, const mg_params *prm, size_t i, double *a, double *b, uint8_t *ok)
{
    double g = val(&p->gdp_usd[i]), gp = val(&p->gdp_ppp[i]), po = val(&p->pop[i]), c = val(&p->cinc[i]);
    double pc = val(&p->gdppc_ppp[i]);
    if (isnan(gp) && pc > 0 && po > 0)
        gp = pc * po;
    *ok = prm->power == MIGDIP_POWER_GDP ? g > 0 : prm->power == MIGDIP_POWER_CINC ? c > 0 : gp > 0 && po > 0;
    *a = *b = NAN;
    if (!*ok)
        return;
    switch (prm->power) {
    case MIGDIP_POWER_GDP: *a = log(g); break;
    case MIGDIP_POWER_CINC: *a = log(c); break;
    case MIGDIP_POWER_GDPPC: *a = log(gp / po); break;
    default: *a = log(gp / po); *b = log(gp);
    }
}

mg_ensemble *mg_ensemble_new(const mg_panel *p, const mg_params *base, const size_t (*pairs)[2], size_t n_pairs)
{
    mg_ensemble *e = calloc(1, sizeof *e);
    if (!e)
        return NULL;
    size_t n = p->n, np1 = n + 1, m = n_pairs ? n_pairs : 1;
    e->p = p;
    e->base = *base;
    e->n = n;
    e->n_pairs = n_pairs;
    e->pairs = malloc(m * sizeof *e->pairs);
    e->scope = calloc(m, 1);
    e->forced = malloc(m * sizeof *e->forced);
    e->pow_a = malloc(np1 * sizeof *e->pow_a);
    e->pow_b = malloc(np1 * sizeof *e->pow_b);
    e->pow_ok = calloc(np1, 1);
    e->pc = malloc(np1 * sizeof *e->pc);
    e->alt_off = calloc(np1, sizeof *e->alt_off);
    e->snd_off = calloc(np1 + 1, sizeof *e->snd_off);
    e->snd_pair = malloc(2 * m * sizeof *e->snd_pair);
    e->snd_side = malloc(2 * m);
    e->snd_pos = malloc(2 * m * sizeof *e->snd_pos);
    e->snd_r = malloc(2 * m * sizeof *e->snd_r);
    e->snd_ties = malloc(2 * m);
    e->snd_sr = malloc(2 * m * sizeof *e->snd_sr);
    e->snd_rd = malloc(2 * m * sizeof *e->snd_rd);
    e->snd_rf = malloc(2 * m * sizeof *e->snd_rf);
    e->gdp = malloc(np1 * sizeof *e->gdp);
    e->remit = malloc(np1 * sizeof *e->remit);
    e->lf = malloc(np1 * sizeof *e->lf);
    e->ctl = malloc(m * sizeof *e->ctl);
    e->inst = malloc(m * sizeof *e->inst);
    e->ord = malloc(m * sizeof *e->ord);
    e->pin = malloc(m * sizeof *e->pin);
    if (!e->pairs || !e->scope || !e->forced || !e->pow_a || !e->pow_b || !e->pow_ok || !e->pc || !e->alt_off ||
        !e->snd_off || !e->snd_pair || !e->snd_side || !e->snd_pos || !e->snd_r || !e->snd_ties || !e->snd_sr || !e->snd_rd ||
        !e->snd_rf || !e->gdp || !e->remit || !e->lf || !e->ctl || !e->inst || !e->ord || !e->pin)
        goto fail;
    if (n_pairs)
        memcpy(e->pairs, pairs, n_pairs * sizeof *pairs);
    for (size_t i = 0; i < n; i++) {
        state_power(p, base, i, &e->pow_a[i], &e->pow_b[i], &e->pow_ok[i]);
        e->pc[i] = val(&p->gdppc_ppp[i]);
        e->gdp[i] = val(&p->gdp_usd[i]);
        e->remit[i] = val(&p->remit_usd[i]);
        e->lf[i] = val(&p->lf[i]);
    }
    /* the order of evaluation: by the first state, then the second (a counting sort) */
    {
        size_t *cnt = calloc(np1 + 1, sizeof *cnt);
        if (!cnt)
            goto fail;
        for (size_t k = 0; k < n_pairs; k++)
            cnt[pairs[k][1] + 1]++;
        for (size_t i = 0; i < n; i++)
            cnt[i + 1] += cnt[i];
        uint32_t *tmp = malloc(m * sizeof *tmp);
        if (!tmp) {
            free(cnt);
            goto fail;
        }
        for (size_t k = 0; k < n_pairs; k++)
            tmp[cnt[pairs[k][1]]++] = (uint32_t)k;
        memset(cnt, 0, (np1 + 1) * sizeof *cnt);
        for (size_t k = 0; k < n_pairs; k++)
            cnt[pairs[k][0] + 1]++;
        for (size_t i = 0; i < n; i++)
            cnt[i + 1] += cnt[i];
        for (size_t t = 0; t < n_pairs; t++)
            e->ord[cnt[pairs[tmp[t]][0]]++] = tmp[t];
        free(tmp);
        free(cnt);
    }
    /* the pairs: structural_scope and forced_persons, and each host's senders */
    for (size_t k = 0; k < n_pairs; k++) {
        size_t x = pairs[k][0], y = pairs[k][1];
        uint8_t sc = MIGDIP_SCOPE_IN;
        if (!base->territories && (p->territory[x] || p->territory[y]))
            sc = MIGDIP_SCOPE_TERRITORY;
        else if (p->freemove[x * n + y])
            sc = MIGDIP_SCOPE_FREE_MOVEMENT;
        e->scope[k] = sc;
        double born = p->stock_born[x * n + y] + p->stock_born[y * n + x];
        double prot = mg_labour_forced(p, x * n + y) + mg_labour_forced(p, y * n + x);
        e->forced[k] = born > 0 ? prot / born : NAN;
        e->inst[k] = p->inst[x * n + y];
        for (int sd = 0; sd < 2; sd++) {
            size_t in = sd ? x * n + y : y * n + x; /* the partner's workers in this side */
            e->ctl[k][sd] = p->channel[in] ? 0 : p->contig[in] ? 1 : 2;
        }
        e->snd_off[x + 2]++;
        e->snd_off[y + 2]++;
    }
    for (size_t h = 0; h < n; h++)
        e->snd_off[h + 2] += e->snd_off[h + 1];
    for (size_t k = 0; k < n_pairs; k++)
        for (int s = 0; s < 2; s++) {
            size_t at = e->snd_off[pairs[k][s] + 1]++;
            e->snd_pair[at] = (uint32_t)k;
            e->snd_side[at] = (uint8_t)s;
        }
    /* the alternatives of every host that has senders */
    size_t total = 0;
    for (size_t h = 0; h < n; h++) {
        e->alt_off[h] = total;
        if (e->snd_off[h + 1] == e->snd_off[h])
            continue;
        int sub = p->subregion[h];
        size_t c = 0;
        for (size_t a = 0; a < n; a++)
            if (a != h && (p->stock[a * n + h] > 0 || (sub >= 0 && p->cap_sub && p->cap_sub[a * p->n_sub + (size_t)sub] > 0)))
                c++;
        total += c;
        if (c > e->max_alt)
            e->max_alt = c;
    }
    e->alt_off[n] = total;
    size_t t1 = total ? total : 1;
    e->alt_idx = malloc(t1 * sizeof *e->alt_idx);
    e->alt_sub = malloc(t1 * sizeof *e->alt_sub);
    e->alt_d = malloc(t1 * sizeof *e->alt_d);
    e->alt_logd = malloc(t1 * sizeof *e->alt_logd);
    e->alt_pc = malloc(t1 * sizeof *e->alt_pc);
    e->alt_fa = malloc(t1 * sizeof *e->alt_fa);
    e->alt_lang = malloc(t1 * sizeof *e->alt_lang);
    e->alt_scheme = malloc(t1 * sizeof *e->alt_scheme);
    e->alt_cs = malloc(t1 * sizeof *e->alt_cs);
    if (!e->alt_idx || !e->alt_sub || !e->alt_d || !e->alt_logd || !e->alt_pc || !e->alt_fa || !e->alt_lang ||
        !e->alt_scheme || !e->alt_cs)
        goto fail;
    for (size_t h = 0; h < n; h++) {
        if (e->snd_off[h + 1] == e->snd_off[h])
            continue;
        int sub = p->subregion[h];
        size_t c = e->alt_off[h];
        for (size_t a = 0; a < n; a++) {
            if (a == h || !(p->stock[a * n + h] > 0 ||
                             (sub >= 0 && p->cap_sub && p->cap_sub[a * p->n_sub + (size_t)sub] > 0)))
                continue;
            double d = p->dist[a * n + h];
            e->alt_idx[c] = (uint32_t)a;
            e->alt_sub[c] = p->subregion[a] >= 0 ? p->subregion[a] : -2; /* unknown matches none */
            e->alt_d[c] = d;
            e->alt_logd[c] = d > 0 ? log(d) : 0;
            e->alt_pc[c] = e->pc[a];
            e->alt_fa[c] = p->female[a * n + h];
            e->alt_lang[c] = p->lang[a * n + h] != 0;
            e->alt_scheme[c] = p->scheme[a * n + h] != 0;
            e->alt_cs[c] = sub >= 0 && p->cap_sub ? (uint32_t)(a * p->n_sub + (size_t)sub) : 0;
            c++;
        }
        for (size_t t = e->snd_off[h]; t < e->snd_off[h + 1]; t++) {
            size_t r = pairs[e->snd_pair[t]][1 - e->snd_side[t]], na = e->alt_off[h + 1] - e->alt_off[h];
            const uint32_t *idx = e->alt_idx + e->alt_off[h];
            size_t lo = 0, hi = na;
            while (lo < hi) {
                size_t mid = (lo + hi) / 2;
                if (idx[mid] < r)
                    lo = mid + 1;
                else
                    hi = mid;
            }
            double r_dist = p->dist[r * n + h];
            e->snd_pos[t] = (uint32_t)(lo < na && idx[lo] == r ? lo : na);
            e->snd_r[t] = (uint32_t)r;
            e->snd_ties[t] = (uint8_t)((p->lang[r * n + h] != 0) | (p->scheme[r * n + h] != 0) << 1);
            e->snd_sr[t] = p->subregion[r] >= 0 ? p->subregion[r] : -1;
            e->snd_rd[t] = r_dist > 0 ? r_dist : INFINITY;
            e->snd_rf[t] = p->female[r * n + h];
            uint32_t pos = e->snd_pos[t];
            e->pin[e->snd_pair[t]][e->snd_side[t]] = pos < na ? (uint32_t)(e->alt_off[h] + pos) : UINT32_MAX;
        }
    }
    /* the gathers, in cell order */
    e->sg_cell = malloc(t1 * sizeof *e->sg_cell);
    e->sg_slot = malloc(t1 * sizeof *e->sg_slot);
    e->rg_cell = malloc(2 * m * sizeof *e->rg_cell);
    e->rg_slot = malloc(2 * m * sizeof *e->rg_slot);
    size_t nn = n * n;
    uint32_t *side_of = malloc((nn ? nn : 1) * sizeof *side_of);
    if (!e->sg_cell || !e->sg_slot || !e->rg_cell || !e->rg_slot || !side_of) {
        free(side_of);
        goto fail;
    }
    for (size_t h = 0; h < n; h++)
        for (size_t k = e->alt_off[h]; k < e->alt_off[h + 1]; k++) {
            size_t c = (size_t)e->alt_idx[k] * n + h;
            if (p->stock[c] > 0)
                side_of[c] = (uint32_t)k; /* temporarily: the slot of cell c */
        }
    for (size_t c = 0; c < n * n; c++)
        if (p->stock[c] > 0 && c / n != c % n && e->snd_off[c % n + 1] > e->snd_off[c % n]) {
            e->sg_cell[e->n_sg] = (uint32_t)c;
            e->sg_slot[e->n_sg++] = side_of[c];
        }
    for (size_t c = 0; c < n * n; c++)
        side_of[c] = UINT32_MAX;
    for (size_t k = 0; k < n_pairs; k++) {
        side_of[pairs[k][0] * n + pairs[k][1]] = (uint32_t)(2 * k);     /* side a's own share from b */
        side_of[pairs[k][1] * n + pairs[k][0]] = (uint32_t)(2 * k + 1);
    }
    for (size_t c = 0; c < n * n; c++)
        if (side_of[c] != UINT32_MAX && p->rshare[c] > 0) {
            e->rg_cell[e->n_rg] = (uint32_t)c;
            e->rg_slot[e->n_rg++] = side_of[c];
        }
    free(side_of);
    return e;
fail:
    mg_ensemble_free(e);
    return NULL;
}

void mg_ensemble_work_free(mg_ensemble_work *w)
{
    if (!w)
        return;
    free(w->S);
    for (int i = 0; i < 4; i++)
        free(w->cw[i]);
    free(w->dn);
    free(w->pn);
    free(w->here);
    free(w->rs);
    free(w->pcn);
    free(w->need);
    free(w);
}

mg_ensemble_work *mg_ensemble_work_new(const mg_ensemble *e)
{
    mg_ensemble_work *w = calloc(1, sizeof *w);
    if (!w)
        return NULL;
    size_t a = e->max_alt ? e->max_alt : 1;
    w->S = malloc((e->n_pairs ? e->n_pairs : 1) * sizeof *w->S);
    for (int i = 0; i < 4; i++)
        w->cw[i] = malloc(a * sizeof *w->cw[i]);
    w->dn = malloc((e->alt_off[e->n] ? e->alt_off[e->n] : 1) * sizeof *w->dn);
    w->pn = malloc((e->alt_off[e->n] ? e->alt_off[e->n] : 1) * sizeof *w->pn);
    size_t all = e->alt_off[e->n] ? e->alt_off[e->n] : 1;
    w->here = calloc(all, sizeof *w->here);
    w->rs = malloc(2 * (e->n_pairs ? e->n_pairs : 1) * sizeof *w->rs);
    w->pcn = malloc((e->n ? e->n : 1) * sizeof *w->pcn);
    w->need = malloc(e->n_pairs ? e->n_pairs : 1);
    if (!w->S || !w->cw[0] || !w->cw[1] || !w->cw[2] || !w->cw[3] || !w->dn || !w->pn || !w->here || !w->rs || !w->pcn ||
        !w->need) {
        mg_ensemble_work_free(w);
        return NULL;
    }
    /* the cells no draw changes (zero or unknown) keep the panel's values */
    for (size_t k = 0; k < e->n_pairs; k++) {
        size_t x = e->pairs[k][0], y = e->pairs[k][1];
        w->rs[2 * k] = e->p->rshare[x * e->n + y];
        w->rs[2 * k + 1] = e->p->rshare[y * e->n + x];
    }
    return w;
}

/* mg_engine_substitutability's sum over the alternatives lo..hi of one host for one incumbent:
 * the fits as factors (1 where a tie is shared or a ratio does not apply), every operand loaded
 * and every factor computed, then selected, so that the loop has no branch and vectorises;
 * built for AVX2 as well (core/vector.h). */
MG_CLONES
static double alt_sum(const double *restrict cw, const double *restrict sub, double sr, double fr,
                      const double *restrict dd, const double *restrict dn, double rd, double rde,
                      const double *restrict pc, const double *restrict pn, double rpc, double rpce,
                      const double *restrict fa, double rf, double fsx, size_t lo, size_t hi)
{
    double s = 0;
#pragma omp simd reduction(+ : s)
    for (size_t k = lo; k < hi; k++) {
        double c = cw[k], sb = sub[k], d = dd[k], dv = rde * dn[k], p = pc[k], pv = rpce * pn[k], w = fa[k];
        double xv = 1.0 - fsx * fabs(rf - w);
        double f1 = sb == sr ? 1.0 : fr;
        double f2 = d > rd ? dv : 1.0;
        double f3 = p > rpc ? pv : 1.0;
        double f4 = w == w ? xv : 1.0;
        s += c * f1 * f2 * f3 * f4;
    }
    return s;
}

/* Substitutability of every host side of every pair, host by host (mg_engine_substitutability). */
static void substitutability(const mg_ensemble *e, mg_ensemble_work *w, const mg_panel *d, const mg_params *prm)
{
    const mg_panel *p = e->p;
    size_t n = e->n;
    for (size_t i = 0; i < n; i++)
        w->pcn[i] = e->pc[i] > 0 ? pow(e->pc[i], -prm->fit_income_exp) : 1;
    double e1 = prm->fit_dist_exp;
    double fl = prm->fit_lang, fs = prm->fit_scheme, c = prm->cap_region;
    for (size_t h = 0; h < n; h++) {
        size_t s0 = e->snd_off[h], s1 = e->snd_off[h + 1], needed = 0;
        for (size_t t = s0; t < s1; t++)
            needed += w->need[e->snd_pair[t]];
        if (!needed)
            continue;
        size_t off = e->alt_off[h], na = e->alt_off[h + 1] - off;
        /* only the hosts needed, in vectors (lognormal.c): d^-e as exp(-e ln d), 1 where the
         * distance is unknown (its log is kept as 0) */
        mg_exp_scaled(w->dn + off, e->alt_logd + off, -e1, na);
        for (size_t j = off; j < off + na; j++)
            w->pn[j] = w->pcn[e->alt_idx[j]];
        const double *hr = w->here + off, *lm = e->alt_lang + off, *sm = e->alt_scheme + off;
        const uint32_t *cs = e->alt_cs + off;
        double *restrict c0 = w->cw[0], *restrict c1 = w->cw[1], *restrict c2 = w->cw[2], *restrict c3 = w->cw[3];
        if (prm->cap_region > 0 && p->subregion[h] >= 0 && d->cap_sub) {
            const double *csub = d->cap_sub;
#pragma omp simd
            for (size_t k = 0; k < na; k++) {
                double here = hr[k], cap = here + c * (csub[cs[k]] - here);
                cap = cap > 0 ? cap : 0;
                double lf = lm[k] != 0 ? 1.0 : fl, sf = sm[k] != 0 ? 1.0 : fs;
                c0[k] = cap;
                c1[k] = cap * lf;
                c2[k] = cap * sf;
                c3[k] = cap * lf * sf;
            }
        } else {
#pragma omp simd
            for (size_t k = 0; k < na; k++) {
                double cap = hr[k] > 0 ? hr[k] : 0;
                double lf = lm[k] != 0 ? 1.0 : fl, sf = sm[k] != 0 ? 1.0 : fs;
                c0[k] = cap;
                c1[k] = cap * lf;
                c2[k] = cap * sf;
                c3[k] = cap * lf * sf;
            }
        }
        const double *sb = e->alt_sub + off, *dd = e->alt_d + off, *pc = e->alt_pc + off, *fa = e->alt_fa + off;
        const double *dn = w->dn + off, *pn = w->pn + off;
        for (size_t t = s0; t < s1; t++) {
            size_t k = e->snd_pair[t], s = e->snd_side[t], r = e->snd_r[t], pos = e->snd_pos[t];
            /* the incumbent has workers in h only if it is one of h's alternatives */
            double inc = pos < na ? hr[pos] : 0;
            if (!(inc > 0) || !w->need[k]) {
                w->S[k][s] = NAN;
                continue;
            }
            /* (r_dist / d)^e as r_dist^e d^-e, r_dist^e = 1 / r_dist^-e; the same for incomes */
            double rd = e->snd_rd[t], rde = isfinite(rd) ? 1 / dn[pos] : 1;
            double r_pc = e->pc[r], rpc = r_pc > 0 ? r_pc : INFINITY, rpce = r_pc > 0 ? 1 / w->pcn[r] : 1;
            double r_female = e->snd_rf[t];
            bool sex = !isnan(r_female);
            double rf = sex ? r_female : 0, fsx = sex ? prm->fit_sex : 0;
            const double *cw = w->cw[e->snd_ties[t]];
            /* the incumbent itself is no alternative: the sum skips its place */
            double alt = alt_sum(cw, sb, e->snd_sr[t], prm->fit_region, dd, dn, rd, rde, pc, pn, rpc, rpce, fa, rf, fsx,
                                 0, pos) +
                         alt_sum(cw, sb, e->snd_sr[t], prm->fit_region, dd, dn, rd, rde, pc, pn, rpc, rpce, fa, rf, fsx,
                                 pos + 1, na);
            double ratio = alt / inc;
            w->S[k][s] = ratio / (ratio + prm->subst_half);
        }
    }
}

/* member_exposure of state s towards state j, the exposure before institutions only */
static double side_exposure(const mg_ensemble *e, const mg_panel *d, const mg_params *prm, size_t s,
                            double emig_in, double partner_mig, double sh, int ctl, double S)
{
    double gdp = e->gdp[s], remit = e->remit[s], lf = e->lf[s];
    double controlled = partner_mig * (ctl == 0 ? 1.0 : ctl == 1 ? prm->control_border : prm->control_base);
    double remit_pct_gdp = gdp > 0 && !isnan(remit) ? 100 * remit / gdp : NAN;
    double rd = remit_pct_gdp / 100 * (isnan(sh) ? NAN : sh);
    double emig_share = d->emigrants[s] > 0 ? emig_in / d->emigrants[s] : NAN;
    double valve = lf > 0 ? emig_in / lf : NAN;
    double lf_share = lf > 0 ? partner_mig / lf : NAN;
    double pool_share = d->immigrants[s] > 0 ? partner_mig / d->immigrants[s] : NAN;
    double pool_weight = lf > 0 ? saturate(d->immigrants[s] / lf, prm->pool_lf_scale) : 1.0;
    double control = partner_mig > 0 ? controlled / partner_mig : NAN;
    double send = 0, host = 0;
    if (emig_in > 0) {
        double wsum = 0, cr = 0, cv = 0, cc;
        if (!isnan(rd)) {
            cr = prm->w_rd * saturate(rd, prm->rd_scale);
            wsum += prm->w_rd;
        }
        if (!isnan(valve)) {
            cv = prm->w_valve * saturate(valve, prm->valve_scale);
            wsum += prm->w_valve;
        }
        cc = prm->w_conc * (isnan(emig_share) ? 0 : emig_share);
        wsum += prm->w_conc;
        cr = wsum > 0 ? cr / wsum : 0;
        cv = wsum > 0 ? cv / wsum : 0;
        cc = wsum > 0 ? cc / wsum : 0;
        send = cr + cv + cc;
    }
    if (partner_mig > 0) {
        double x_lf = isnan(lf_share) ? NAN : saturate(lf_share, prm->lf_scale);
        double x_pool = isnan(pool_share) ? NAN : saturate(pool_share, prm->pool_scale) * pool_weight;
        double w = 0, cl = 0, cp = 0;
        if (!isnan(x_lf)) {
            cl = prm->w_lf * x_lf;
            w += prm->w_lf;
        }
        if (!isnan(x_pool)) {
            cp = prm->w_pool * x_pool;
            w += prm->w_pool;
        }
        cl = w > 0 ? cl / w : 0;
        cp = w > 0 ? cp / w : 0;
        double rel = cl + cp;
        double sub = -rel * prm->subst_max * (isnan(S) ? 0 : S);
        double withheld = -(rel + sub) * (1 - control);
        host = rel + sub + withheld;
    }
    if (host < 0)
        host = 0;
    return 1 - (1 - send) * (1 - host);
}

void mg_ensemble_eval(const mg_ensemble *e, mg_ensemble_work *w, const mg_panel *d, const mg_params *prm,
                      uint8_t (*q)[2], double (*exposure)[2])
{
    for (size_t i = 0; i < e->n_sg; i++)
        w->here[e->sg_slot[i]] = d->stock[e->sg_cell[i]];
    for (size_t i = 0; i < e->n_rg; i++)
        w->rs[e->rg_slot[i]] = d->rshare[e->rg_cell[i]];
    /* §4.1: a pair outside the scope whatever its exposures (a territory, free movement, forced
     * migration, too few persons in this draw) needs neither its substitutability nor its
     * exposures, unless these are asked for: most pairs of a screen of every corridor */
    for (size_t k = 0; k < e->n_pairs; k++) {
        double xy = e->pin[k][1] != UINT32_MAX ? w->here[e->pin[k][1]] : 0;
        double yx = e->pin[k][0] != UINT32_MAX ? w->here[e->pin[k][0]] : 0;
        w->need[k] = exposure || (!e->scope[k] && !(e->forced[k] >= prm->forced_max) && xy + yx >= prm->scope_min_stock);
        if (!w->need[k])
            q[k][0] = q[k][1] = MIGDIP_Q_OUT;
    }
    substitutability(e, w, d, prm);
    for (size_t t = 0; t < e->n_pairs; t++) {
        size_t k = e->ord[t];
        if (!w->need[k])
            continue;
        size_t x = e->pairs[k][0], y = e->pairs[k][1];
        double raw[2], ex[2];
        /* x's workers in y (x's emigrants in the partner) and y's in x */
        double xy = e->pin[k][1] != UINT32_MAX ? w->here[e->pin[k][1]] : 0;
        double yx = e->pin[k][0] != UINT32_MAX ? w->here[e->pin[k][0]] : 0;
        raw[0] = side_exposure(e, d, prm, x, xy, yx, w->rs[2 * k], e->ctl[k][0], w->S[k][0]);
        raw[1] = side_exposure(e, d, prm, y, yx, xy, w->rs[2 * k + 1], e->ctl[k][1], w->S[k][1]);
        double volume = xy + yx;
        /* actor_inst of two states */
        double v = e->inst[k], inst = volume > 0 ? volume * v / volume : v > 0 ? v : 0;
        double mean = (raw[0] + raw[1]) / 2;
        for (int s = 0; s < 2; s++)
            ex[s] = raw[s] + -prm->inst_moderation * inst * (raw[s] - mean);
        if (exposure) {
            exposure[k][0] = ex[0];
            exposure[k][1] = ex[1];
        }
        /* actor_power */
        bool power_ok = e->pow_ok[x] && e->pow_ok[y];
        double pw[2] = {e->pow_a[x], e->pow_a[y]};
        if (prm->power == MIGDIP_POWER_COMPOSITE) {
            pw[0] = prm->w_power_pc * e->pow_a[x] + (1 - prm->w_power_pc) * e->pow_b[x];
            pw[1] = prm->w_power_pc * e->pow_a[y] + (1 - prm->w_power_pc) * e->pow_b[y];
        }
        double diff = power_ok ? pw[0] - pw[1] : NAN;
        int stronger = !power_ok || fabs(diff) < prm->parity_band ? -1 : diff > 0 ? 0 : 1;
        /* §4 as mg_engine_dyad_eval classifies */
        /* §4.1, §4.2: scope and mutual exposure are read before institutions */
        double emax = fmax(raw[0], raw[1]), emin = fmin(raw[0], raw[1]);
        int scope = e->scope[k];
        if (!scope && e->forced[k] >= prm->forced_max)
            scope = MIGDIP_SCOPE_FORCED;
        if (!scope && !(volume >= prm->scope_min_stock))
            scope = MIGDIP_SCOPE_VOLUME;
        if (!scope && !(emax >= prm->scope_min_exposure))
            scope = MIGDIP_SCOPE_EXPOSURE;
        if (scope) {
            q[k][0] = q[k][1] = MIGDIP_Q_OUT;
            continue;
        }
        if (emin - prm->mutual_min >= 0) {
            q[k][0] = q[k][1] = MIGDIP_Q_MUTUAL;
            continue;
        }
        int more = ex[0] > ex[1] ? 0 : 1, less = 1 - more;
        if (!power_ok) {
            q[k][0] = q[k][1] = MIGDIP_Q_NONE;
        } else if (stronger < 0 || stronger != more) {
            q[k][less] = MIGDIP_Q_II;
            q[k][more] = MIGDIP_Q_III;
        } else {
            q[k][more] = MIGDIP_Q_I;
            q[k][less] = MIGDIP_Q_IV;
        }
    }
}

void mg_ensemble_totals(mg_panel *d, const uint32_t *cells, size_t n_cells)
{
    size_t n = d->n, ns = d->n_sub;
    for (size_t i = 0; i < n; i++)
        d->emigrants[i] = d->immigrants[i] = 0;
    if (d->cap_sub)
        memset(d->cap_sub, 0, n * (ns ? ns : 1) * sizeof *d->cap_sub);
    size_t end = cells ? n_cells : n * n;
    for (size_t i = 0; i < end; i++) {
        size_t c = cells ? cells[i] : i, o = c / n, t = c % n;
        double s = d->stock[c];
        if (o == t || !(s > 0))
            continue;
        d->emigrants[o] += s;
        d->immigrants[t] += s;
        if (d->cap_sub && d->subregion[t] >= 0)
            d->cap_sub[o * ns + (size_t)d->subregion[t]] += s;
    }
}
