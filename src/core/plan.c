/* plan.c - the diversification planner: greedy reallocation of a corridor's workers under
 * absorption limits, and the bisection for the smallest move that changes a quadrant.
 * docs/scenarios.md ("Diversification planner") states every rule and default used here. */
#include "core/plan.h"

#include <math.h>
#include <stdlib.h>
#include <string.h>
#include <strings.h>

#include "util/grow.h"

migdip_status migdip_plan_role_parse(const char *name, migdip_plan_role *out)
{
    static const char *const NAMES[] = {"auto", "sender", "host"};
    for (int i = 0; i < 3; i++)
        if (name && strcasecmp(name, NAMES[i]) == 0) {
            *out = (migdip_plan_role)i;
            return MIGDIP_OK;
        }
    return MIGDIP_ERR_USAGE;
}

void mg_plan_opts_default(mg_plan_opts *o)
{
    *o = (mg_plan_opts){
        .role = MIGDIP_PLAN_AUTO,
        .lf_cap = 0.01,     /* a host takes at most 1% of its labour force in new workers */
        .growth_cap = 0.5,  /* a corridor grows by at most half of what it holds */
        .step_share = 0.05, /* 20 greedy steps move the whole corridor */
    };
}

typedef struct undo_ent {
    double *ptr;
    double old;
} undo_ent;

#define UNDO_MAX (4 * MG_ACTOR_MAX + 16)

/* The corridor being emptied: for each partner member k, its cell and share of the corridor. */
typedef struct planner {
    const mg_panel *base;
    const mg_params *prm;
    size_t s;
    const mg_actor *partner;
    bool sender;
    double corridor;
    double w0[MG_ACTOR_MAX];   /* member k's share of the corridor */
    double cell0[MG_ACTOR_MAX]; /* member k's corridor stock */
    double rs0[MG_ACTOR_MAX];  /* remittance share of the corridor cell, NAN unknown */
    bool logging;
    bool use_memo;
    /* carried between evaluations: power always; in the sender role also the hosts'
     * alternative supplies, as no move touches another origin's cell (engine.h) */
    mg_engine_memo memo;
    undo_ent undo[UNDO_MAX];
    size_t n_undo;
} planner;

static bool in_actor(const mg_actor *a, size_t i)
{
    for (size_t k = 0; k < a->n; k++)
        if (a->idx[k] == i)
            return true;
    return false;
}

/* cell (o, d) of the corridor between s and member/candidate j, in the role planned */
static size_t cell_of(const mg_panel *p, bool sender, size_t s, size_t j)
{
    return sender ? s * p->n + j : j * p->n + s;
}

static void setup(planner *pl, const mg_panel *p, const mg_params *prm, size_t s, const mg_actor *partner, bool sender)
{
    memset(pl, 0, sizeof *pl);
    pl->base = p;
    pl->prm = prm;
    pl->s = s;
    pl->partner = partner;
    pl->sender = sender;
    for (size_t k = 0; k < partner->n; k++) {
        size_t c = cell_of(p, sender, s, partner->idx[k]);
        pl->cell0[k] = p->stock[c] > 0 ? p->stock[c] : 0;
        pl->rs0[k] = sender ? p->rshare[c] : p->rshare[partner->idx[k] * p->n + s];
        pl->corridor += pl->cell0[k];
    }
    for (size_t k = 0; k < partner->n; k++)
        pl->w0[k] = pl->corridor > 0 ? pl->cell0[k] / pl->corridor : 0;
}

static void put(planner *pl, double *ptr, double v)
{
    if (pl->logging && pl->n_undo < UNDO_MAX)
        pl->undo[pl->n_undo++] = (undo_ent){ptr, *ptr};
    *ptr = v;
}

static void undo_all(planner *pl)
{
    while (pl->n_undo) {
        undo_ent *u = &pl->undo[--pl->n_undo];
        *u->ptr = u->old;
    }
}

/* Add x persons to cell (o, d) of the working panel, keeping the row and column sums and the
 * subregional capacities (§2.3) in step, as mg_panel_totals would. */
static void cell_add(planner *pl, mg_panel *w, size_t o, size_t d, double x)
{
    size_t i = o * w->n + d;
    double v = w->stock[i] + x;
    if (v < 0) { /* rounding when a corridor is emptied */
        x -= v;
        v = 0;
    }
    put(pl, &w->stock[i], v);
    put(pl, &w->emigrants[o], w->emigrants[o] + x);
    put(pl, &w->immigrants[d], w->immigrants[d] + x);
    if (w->cap_sub && w->subregion[d] >= 0 && (size_t)w->subregion[d] < w->n_sub) {
        double *cs = &w->cap_sub[o * w->n_sub + (size_t)w->subregion[d]];
        put(pl, cs, *cs + x);
    }
}

/* Move delta persons out of the corridor (spread over the partner's members in proportion to
 * their corridor stock now) into the corridor with candidate c. Remittances follow the
 * workers: the partner cells' shares shrink in proportion; in the sender role the share they
 * carried is added to c's (remittances / GDP unchanged). */
static void move(planner *pl, mg_panel *w, size_t c, double delta)
{
    size_t s = pl->s, n = w->n;
    double carried = 0;
    for (size_t k = 0; k < pl->partner->n; k++) {
        if (!(pl->w0[k] > 0))
            continue;
        size_t j = pl->partner->idx[k];
        double dj = delta * pl->w0[k];
        if (pl->sender)
            cell_add(pl, w, s, j, -dj);
        else
            cell_add(pl, w, j, s, -dj);
        size_t rc = pl->sender ? s * n + j : j * n + s;
        if (!isnan(pl->rs0[k]) && pl->cell0[k] > 0) {
            double cut = pl->rs0[k] * dj / pl->cell0[k];
            put(pl, &w->rshare[rc], fmax(0, w->rshare[rc] - cut));
            carried += cut;
        }
    }
    if (pl->sender) {
        cell_add(pl, w, s, c, delta);
        if (carried > 0) {
            double *r = &w->rshare[s * n + c];
            put(pl, r, (isnan(*r) ? 0 : *r) + carried);
        }
    } else {
        cell_add(pl, w, c, s, delta);
    }
}

static void eval(planner *pl, const mg_panel *w, const mg_actor *self, migdip_dyad *d)
{
    mg_engine_dyad_eval_memo(w, pl->prm, self, pl->partner, pl->use_memo ? &pl->memo : NULL, d);
}

static double val(const migdip_value *v) { return v->flag == MIGDIP_FLAG_MISSING ? NAN : v->value; }

double mg_plan_fit(const mg_panel *p, const mg_params *prm, size_t s, size_t r, size_t c, bool sender)
{
    size_t n = p->n;
    double fit = 1;
    if (sender) {
        /* s's workers in host c instead of host r: the ties s has with r that c lacks */
        if (p->lang[s * n + r] && !p->lang[s * n + c])
            fit *= prm->fit_lang;
        if (p->scheme[s * n + r] && !p->scheme[s * n + c])
            fit *= prm->fit_scheme;
        if (p->subregion[c] != p->subregion[r] || p->subregion[c] < 0)
            fit *= prm->fit_region;
        double dr = p->dist[s * n + r], dc = p->dist[s * n + c];
        if (dr > 0 && dc > dr)
            fit *= mg_engine_fit_pow(dr / dc, prm->fit_dist_exp);
        /* a poorer host pays less: fewer workers take it instead */
        double pr = val(&p->gdppc_ppp[r]), pc = val(&p->gdppc_ppp[c]);
        if (pr > 0 && pc > 0 && pc < pr)
            fit *= mg_engine_fit_pow(pc / pr, prm->fit_income_exp);
    } else {
        /* workers from sender c instead of sender r in host s: the §2.3 fit factors */
        if (p->lang[r * n + s] && !p->lang[c * n + s])
            fit *= prm->fit_lang;
        if (p->scheme[r * n + s] && !p->scheme[c * n + s])
            fit *= prm->fit_scheme;
        if (p->subregion[c] != p->subregion[r] || p->subregion[c] < 0)
            fit *= prm->fit_region;
        double dr = p->dist[r * n + s], dc = p->dist[c * n + s];
        if (dr > 0 && dc > dr)
            fit *= mg_engine_fit_pow(dr / dc, prm->fit_dist_exp);
        double pr = val(&p->gdppc_ppp[r]), pc = val(&p->gdppc_ppp[c]);
        if (pr > 0 && pc > 0 && pc > pr)
            fit *= mg_engine_fit_pow(pr / pc, prm->fit_income_exp);
    }
    return fit;
}

static bool quadrant_changed(const migdip_dyad *a, const migdip_dyad *b)
{
    return a->quadrant[0] != b->quadrant[0] || a->quadrant[1] != b->quadrant[1];
}

static int by_reduction(const void *x, const void *y)
{
    const mg_plan_dest *a = x, *b = y;
    if (a->reduction != b->reduction)
        return a->reduction < b->reduction ? 1 : -1;
    return a->idx < b->idx ? -1 : a->idx > b->idx;
}

void mg_plan_cleanup(mg_plan *pl)
{
    if (!pl)
        return;
    free(pl->move);
    free(pl->dest);
    memset(pl, 0, sizeof *pl);
}

int mg_plan_run(const mg_panel *p, const mg_params *prm, size_t s, const mg_actor *partner,
                const mg_plan_opts *o, mg_plan *out)
{
    int rc = -1;
    size_t n = p->n;
    mg_panel *w = NULL;
    double *cap = NULL, *rem = NULL, *fit = NULL;
    planner *pl = NULL;
    memset(out, 0, sizeof *out);
    out->state = s;
    out->self = (mg_actor){.n = 1, .idx = {s}};
    memcpy(out->self.name, p->iso3[s], 4);
    out->partner = *partner;
    mg_engine_dyad_eval(p, prm, &out->self, partner, &out->before);
    out->after = out->before;

    bool sender = o->role == MIGDIP_PLAN_SENDER;
    if (o->role == MIGDIP_PLAN_AUTO)
        sender = out->before.side[0].emig_in_partner >= out->before.side[0].partner_migrants;
    out->sender = sender;

    pl = malloc(sizeof *pl);
    cap = calloc(n, sizeof *cap);
    rem = calloc(n, sizeof *rem);
    fit = calloc(n, sizeof *fit);
    out->dest = calloc(n ? n : 1, sizeof *out->dest);
    if (!pl || !cap || !rem || !fit || !out->dest)
        goto cleanup;
    setup(pl, p, prm, s, partner, sender);
    pl->use_memo = !o->exhaustive;
    pl->memo.keep_alt = sender;
    out->corridor = pl->corridor;

    /* the partner member with the largest corridor carries the ties candidates are fitted
     * against (as the incumbent's largest member does in §2.3) */
    size_t r = partner->idx[0];
    for (size_t k = 1, kr = 0; k < partner->n; k++)
        if (pl->cell0[k] > pl->cell0[kr]) {
            kr = k;
            r = partner->idx[k];
        }
    for (size_t c = 0; c < n; c++) {
        if (c == s || in_actor(partner, c))
            continue;
        double lf = val(&p->lf[c]), corr = p->stock[cell_of(p, sender, s, c)];
        if (!(lf > 0) || !(corr > 0))
            continue;
        fit[c] = mg_plan_fit(p, prm, s, r, c, sender);
        cap[c] = fit[c] * fmin(o->lf_cap * lf, o->growth_cap * corr);
        rem[c] = cap[c];
        if (cap[c] >= 1)
            out->n_candidates++;
    }
    if (!(pl->corridor > 0) || out->n_candidates == 0) {
        rc = 0;
        goto cleanup;
    }
    if (!(w = mg_panel_clone(p)))
        goto cleanup;

    double step = fmax(1, o->step_share * pl->corridor), left = pl->corridor;
    double e_cur = out->before.side[0].exposure;
    size_t cap_moves = 0;
    migdip_dyad d;
    while (left >= 1) {
        long best = -1;
        double best_rate = 0, best_delta = 0;
        for (size_t c = 0; c < n; c++) {
            if (rem[c] < 1)
                continue;
            double delta = fmin(step, fmin(rem[c], left));
            pl->logging = true;
            move(pl, w, c, delta);
            eval(pl, w, &out->self, &d);
            undo_all(pl);
            pl->logging = false;
            double rate = (e_cur - d.side[0].exposure) / delta;
            if (rate > best_rate + 1e-15) {
                best_rate = rate;
                best = (long)c;
                best_delta = delta;
            }
        }
        if (best < 0)
            break; /* no corridor lowers the exposure any further */
        size_t c = (size_t)best;
        /* commit, keeping the undo log so that a quadrant change can be bisected */
        pl->logging = true;
        move(pl, w, c, best_delta);
        eval(pl, w, &out->self, &d);
        if (!out->shift_found && quadrant_changed(&d, &out->before)) {
            /* the smallest part of this step at which a quadrant changes */
            undo_all(pl);
            double lo = 0, hi = best_delta;
            migdip_dyad dm;
            while (hi - lo > 1) {
                double mid = (lo + hi) / 2;
                move(pl, w, c, mid);
                eval(pl, w, &out->self, &dm);
                undo_all(pl);
                if (quadrant_changed(&dm, &out->before))
                    hi = mid;
                else
                    lo = mid;
            }
            move(pl, w, c, hi);
            eval(pl, w, &out->self, &out->shift);
            undo_all(pl);
            out->shift_found = true;
            out->shift_delta = out->moved + hi;
            move(pl, w, c, best_delta);
            eval(pl, w, &out->self, &d);
        }
        pl->n_undo = 0;
        pl->logging = false;
        mg_plan_move *mv = mg_grow(out->move, &cap_moves, out->n_move + 1, sizeof *mv);
        if (!mv)
            goto cleanup;
        out->move = mv;
        out->move[out->n_move++] = (mg_plan_move){c, best_delta, d.side[0].exposure, {d.quadrant[0], d.quadrant[1]}};
        size_t k = 0;
        while (k < out->n_dest && out->dest[k].idx != c)
            k++;
        if (k == out->n_dest) {
            out->dest[out->n_dest++] = (mg_plan_dest){.idx = c, .fit = fit[c], .capacity = cap[c],
                                                      .per_worker = 1000 * best_rate};
        }
        out->dest[k].moved += best_delta;
        out->dest[k].reduction += e_cur - d.side[0].exposure;
        out->dest[k].exposure_after = d.side[0].exposure;
        e_cur = d.side[0].exposure;
        rem[c] -= best_delta;
        left -= best_delta;
        out->moved += best_delta;
    }
    /* each corridor's moves alone, on the base panel (undone after each) */
    mg_panel_free(w);
    if (!(w = mg_panel_clone(p)))
        goto cleanup;
    pl->logging = true;
    for (size_t k = 0; k < out->n_dest; k++) {
        move(pl, w, out->dest[k].idx, out->dest[k].moved);
        eval(pl, w, &out->self, &d);
        undo_all(pl);
        out->dest[k].exposure_alone = d.side[0].exposure;
    }
    pl->logging = false;
    qsort(out->dest, out->n_dest, sizeof *out->dest, by_reduction);
    /* the dyad after the whole plan, recomputed in full from the base panel */
    mg_panel_free(w);
    w = NULL;
    if (out->n_move) {
        if (!(w = mg_plan_apply(p, out, out->moved)))
            goto cleanup;
        mg_engine_dyad_eval(w, prm, &out->self, partner, &out->after);
    }
    rc = 0;
cleanup:
    if (rc)
        mg_plan_cleanup(out);
    mg_panel_free(w);
    free(pl);
    free(cap);
    free(rem);
    free(fit);
    return rc;
}

mg_panel *mg_plan_apply(const mg_panel *p, const mg_plan *plan, double upto)
{
    size_t n = p->n;
    mg_panel *c = mg_panel_clone(p);
    double *unknown = calloc(n ? n : 1, sizeof *unknown);
    planner *pl = malloc(sizeof *pl);
    if (!c || !unknown || !pl) {
        mg_panel_free(c);
        c = NULL;
        goto cleanup;
    }
    /* immigrants of unknown or historical origin are not in the matrix: keep them */
    for (size_t i = 0; i < n; i++) {
        double col = 0;
        for (size_t o = 0; o < n; o++)
            if (o != i && p->stock[o * n + i] > 0)
                col += p->stock[o * n + i];
        unknown[i] = p->immigrants[i] - col;
    }
    setup(pl, p, NULL, plan->state, &plan->partner, plan->sender);
    double done = 0;
    for (size_t k = 0; k < plan->n_move && done < upto; k++) {
        double delta = fmin(plan->move[k].delta, upto - done);
        move(pl, c, plan->move[k].cand, delta);
        done += delta;
    }
    mg_panel_totals(c);
    if (!c->cap_sub) {
        mg_panel_free(c);
        c = NULL;
        goto cleanup;
    }
    for (size_t i = 0; i < n; i++)
        c->immigrants[i] += unknown[i];
cleanup:
    free(unknown);
    free(pl);
    return c;
}
