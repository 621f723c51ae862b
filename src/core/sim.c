/* scenario.c - the disruption simulator and the threat-credibility reading on a panel.
 * Every equation and default is in docs/scenarios.md ("Disruption simulator", "Threat
 * credibility"); the comments below name the step they implement. */
#include "core/sim.h"

#include <math.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <strings.h>

void migdip_sim_params_default(migdip_sim_params *p)
{
    p->months = 24;
    p->contract_months = 24; /* the GCC and Malaysian two-year contracts */
    p->recruit_lag = 3;
    p->redirect_rate = 1.0 / 6; /* half a year to find another placement */
    p->absorb_growth = 0.02;
    p->absorb_mult = 1;
    p->subst_lag = 3;
    p->alt_growth = 0.02;
    p->alt_mult = 1;
    p->productivity = 0.5; /* migrant workers fill lower-wage jobs */
    p->tolerance_pct = 1;
}

const char *migdip_shock_kind_str(migdip_shock_kind k)
{
    switch (k) {
    case MIGDIP_SHOCK_BAN: return "ban";
    case MIGDIP_SHOCK_DEPORT: return "deport";
    case MIGDIP_SHOCK_FREEZE: return "freeze";
    case MIGDIP_SHOCK_QUOTA: return "quota";
    }
    return "?";
}

migdip_status migdip_shock_kind_parse(const char *name, migdip_shock_kind *out)
{
    for (migdip_shock_kind k = MIGDIP_SHOCK_BAN; k <= MIGDIP_SHOCK_QUOTA; k++)
        if (name && strcasecmp(name, migdip_shock_kind_str(k)) == 0) {
            *out = k;
            return MIGDIP_OK;
        }
    return MIGDIP_ERR_USAGE;
}

static double known(const migdip_value *v) { return v->flag == MIGDIP_FLAG_MISSING ? NAN : v->value; }

double mg_sim_actor_sum(const mg_panel *p, const migdip_value *v, const mg_actor *a)
{
    double s = 0;
    bool any = false;
    for (size_t k = 0; k < a->n; k++) {
        double x = known(&v[a->idx[k]]);
        if (!isnan(x)) {
            s += x;
            any = true;
        }
    }
    return any ? s : NAN;
}

int mg_sim_sender_side(const mg_shock *shocks, size_t n_shocks)
{
    return n_shocks > 0 && shocks[0].kind != MIGDIP_SHOCK_BAN ? 1 : 0;
}

static void gap_add(char *gap, size_t cap, const char *what, const char *iso3)
{
    if (!gap || !cap)
        return;
    size_t len = strlen(gap);
    if (strstr(gap, what) && strstr(gap, iso3))
        return;
    snprintf(gap + len, cap - len, "%s%s %s", len ? "; " : "", what, iso3);
}

size_t mg_sim_corridors(const mg_panel *p, const mg_params *prm, const mg_actor *s, const mg_actor *h,
                        mg_corridor **out, char *gap, size_t cap)
{
    size_t n = p->n, count = 0;
    *out = NULL;
    if (gap && cap)
        gap[0] = '\0';
    for (size_t i = 0; i < s->n; i++)
        for (size_t j = 0; j < h->n; j++)
            if (s->idx[i] != h->idx[j] && p->stock[s->idx[i] * n + h->idx[j]] > 0)
                count++;
    if (!count)
        return 0;
    mg_corridor *c = calloc(count, sizeof *c);
    if (!c)
        return (size_t)-1;
    size_t k = 0;
    for (size_t i = 0; i < s->n; i++) {
        size_t o = s->idx[i];
        /* o's emigrants in the host actor, and elsewhere (the absorption base) */
        double in_host = 0;
        for (size_t j = 0; j < h->n; j++)
            if (h->idx[j] != o)
                in_host += p->stock[o * n + h->idx[j]];
        double elsewhere = p->emigrants[o] - in_host;
        if (elsewhere < 0)
            elsewhere = 0;
        for (size_t j = 0; j < h->n; j++) {
            size_t d = h->idx[j];
            double s0 = p->stock[o * n + d];
            if (o == d || !(s0 > 0))
                continue;
            mg_corridor *x = &c[k++];
            x->o = o;
            x->d = d;
            x->s0 = s0;
            double remit = known(&p->remit_usd[o]), share = p->rshare[o * n + d];
            if (isnan(remit) || isnan(share)) {
                x->remit_pw = 0;
                gap_add(gap, cap, isnan(remit) ? "remittances of" : "remittance share of", p->iso3[o]);
            } else {
                x->remit_pw = remit * share / s0 / 12;
            }
            x->absorb = elsewhere * s0 / in_host; /* shared in proportion to the corridors */
            double incumbent = 0, alt = 0;
            for (size_t t = 0; t < s->n; t++)
                if (s->idx[t] != d)
                    incumbent += p->stock[s->idx[t] * n + d];
            double sub = mg_engine_substitutability(p, prm, s, d, incumbent, &alt);
            x->subst = isnan(sub) ? 0 : sub;
            x->alt_supply = incumbent > 0 ? alt * s0 / incumbent : 0;
        }
    }
    *out = c;
    return count;
}

/* Share of baseline deployments still allowed in month t by one ban or freeze (1 = all):
 * 1 - s during the shock, then back to 1 linearly over the recruitment lag. */
static double ban_factor(const mg_shock *k, int t, double lag)
{
    double s = k->kind == MIGDIP_SHOCK_FREEZE ? 1 : k->share;
    int end = k->start + k->months;
    if (k->months <= 0 || t < k->start)
        return 1;
    if (t < end)
        return 1 - s;
    double back = lag > 0 ? (t - end) / lag : 1;
    return back >= 1 ? 1 : 1 - s * (1 - back);
}

/* Monthly cap a capacity grows by: growth x base, where an infinite growth is no cap (and a
 * zero base stays zero: nothing to grow from). */
static double growth_cap(double growth, double base)
{
    if (!(base > 0))
        return 0;
    return isinf(growth) ? INFINITY : growth * base;
}

void mg_sim_run(const mg_corridor *c, size_t n, const mg_sim_params *sp, const mg_shock *shocks, size_t n_shocks,
                double sender_gdp, double host_gdp, double host_lf, mg_sim_month *month)
{
    mg_sim_run_state(c, n, sp, shocks, n_shocks, sender_gdp, host_gdp, host_lf, month, NULL);
}

void mg_sim_run_state(const mg_corridor *c, size_t n, const mg_sim_params *sp, const mg_shock *shocks,
                      size_t n_shocks, double sender_gdp, double host_gdp, double host_lf, mg_sim_month *month,
                      double *end_state)
{
    int T = sp->months;
    double L = sp->contract_months, total0 = 0;
    for (size_t i = 0; i < n; i++)
        total0 += c[i].s0;
    for (int t = 0; t < T; t++)
        memset(&month[t], 0, sizeof month[t]);
    double per_worker_output = host_gdp / host_lf * sp->productivity / 12;
    for (size_t i = 0; i < n; i++) {
        const mg_corridor *x = &c[i];
        double W = x->s0, H = 0, R = 0, U = 0, D = x->s0 / L, expected = x->s0;
        double absorb = x->absorb * sp->absorb_mult, alt_cap = growth_cap(sp->alt_growth, x->alt_supply * sp->alt_mult);
        for (int t = 0; t < T; t++) {
            /* deployments: bans and freezes scale them, quotas cap them (this corridor's share) */
            double mult = 1, cap = INFINITY, deport = 0;
            for (size_t k = 0; k < n_shocks; k++) {
                const mg_shock *s = &shocks[k];
                if (s->months <= 0)
                    continue;
                int end = s->start + s->months;
                if (s->kind == MIGDIP_SHOCK_BAN || s->kind == MIGDIP_SHOCK_FREEZE) {
                    mult *= ban_factor(s, t, sp->recruit_lag);
                } else if (s->kind == MIGDIP_SHOCK_QUOTA && t >= s->start) {
                    double q = s->per_month * x->s0 / total0, qc = q;
                    if (t >= end && q < D) {
                        double back = sp->recruit_lag > 0 ? (t - end) / sp->recruit_lag : 1;
                        qc = back >= 1 ? INFINITY : q + (D - q) * back;
                    }
                    if (qc < cap)
                        cap = qc;
                } else if (s->kind == MIGDIP_SHOCK_DEPORT && t >= s->start && t < end) {
                    deport += s->share * x->s0 / s->months;
                }
            }
            double a = D * mult;
            if (a > cap)
                a = cap;
            /* terms end at 1/L a month in every compartment: workers return from the host
             * (r), the stranded stop waiting and the redirected come home (docs/scenarios.md) */
            double r = W / L, eh = H / L, er = R / L;
            expected += D - (W + H + R) / L;
            double avail = W + a - r;
            if (deport > avail)
                deport = avail;
            W = avail - deport;
            /* the stranded: deployments that did not happen and the deported */
            double Hm = H - eh + (D - a) + deport;
            double y = sp->redirect_rate * Hm, ycap = growth_cap(sp->absorb_growth, absorb + R);
            if (y > ycap)
                y = ycap;
            H = Hm - y;
            R += y - er;
            /* the host's substitutes: a linear fill over subst_lag, at most S x G and the cap */
            double G = x->s0 - W;
            if (G < 0)
                G = 0;
            double target = x->subst * G, du = target - U;
            if (du > 0) {
                double step = sp->subst_lag > 0 ? G / sp->subst_lag : INFINITY;
                if (du > step)
                    du = step;
                if (du > alt_cap)
                    du = alt_cap;
                U += du;
            } else {
                U = target;
            }
            mg_sim_month *m = &month[t];
            m->in_host += W;
            m->stranded += H;
            m->redirected += R;
            m->replaced += U;
            m->shortfall += G - U;
            m->deployed += a;
            m->returned += r;
            m->deported += deport;
            m->redirect_flow += y;
            double lost = x->s0 - W - R; /* = H: the pool holds W0 */
            m->remit_lost_usd += (lost > 0 ? lost : 0) * x->remit_pw;
            m->pool += W + H + R;
            m->pool_expected += expected;
        }
        if (end_state) {
            end_state[2 * i] = W;
            end_state[2 * i + 1] = R;
        }
    }
    double cum_r = 0, cum_o = 0;
    for (int t = 0; t < T; t++) {
        mg_sim_month *m = &month[t];
        m->month = t + 1;
        m->shortfall_pct_lf = m->shortfall / host_lf * 100;
        m->output_lost_usd = m->shortfall * per_worker_output;
        m->remit_lost_pct_gdp = m->remit_lost_usd / (sender_gdp / 12) * 100;
        m->output_lost_pct_gdp = m->output_lost_usd / (host_gdp / 12) * 100;
        cum_r += m->remit_lost_usd;
        cum_o += m->output_lost_usd;
        m->cum_remit_lost_usd = cum_r;
        m->cum_output_lost_usd = cum_o;
        m->cum_remit_lost_pct_gdp = cum_r / sender_gdp * 100;
        m->cum_output_lost_pct_gdp = cum_o / host_gdp * 100;
    }
}

/* The panel after the shock: stock(o->d) = W_T, R moved onto o's other destinations
 * (outside the host actor) in proportion to their stocks; immigrant totals keep the
 * unknown origins of the original. NULL on allocation failure. */
static mg_panel *panel_after(const mg_panel *p, const mg_actor *host, const mg_corridor *c, size_t nc,
                             const double *end_state)
{
    size_t n = p->n;
    mg_panel *q = mg_panel_clone(p);
    double *delta = calloc(n, sizeof *delta);
    if (!q || !delta) {
        mg_panel_free(q);
        free(delta);
        return NULL;
    }
    for (size_t i = 0; i < nc; i++) {
        size_t o = c[i].o, d = c[i].d;
        double W = end_state[2 * i], R = end_state[2 * i + 1];
        delta[d] += W - q->stock[o * n + d];
        q->stock[o * n + d] = W;
        double base = 0;
        for (size_t j = 0; j < n; j++)
            if (j != o && !mg_engine_actor_has(host, j))
                base += p->stock[o * n + j];
        if (!(base > 0) || !(R > 0))
            continue;
        for (size_t j = 0; j < n; j++) {
            if (j == o || mg_engine_actor_has(host, j) || !(p->stock[o * n + j] > 0))
                continue;
            double add = R * p->stock[o * n + j] / base;
            q->stock[o * n + j] += add;
            delta[j] += add;
        }
    }
    mg_panel_totals(q);
    for (size_t j = 0; j < n; j++)
        q->immigrants[j] = p->immigrants[j] + delta[j];
    free(delta);
    if (!q->cap_sub) {
        mg_panel_free(q);
        return NULL;
    }
    return q;
}

migdip_status mg_sim_simulate(const mg_panel *p, const mg_params *prm, const mg_sim_params *sp, const mg_actor *a,
                          const mg_actor *b, const mg_shock *shocks, size_t n_shocks, mg_sim_result *r)
{
    migdip_status rc = MIGDIP_OK;
    mg_corridor *c = NULL;
    double *end_state = NULL;
    mg_panel *q = NULL;
    r->month = NULL;
    r->year = p->year;
    r->months = sp->months;
    r->sender_side = mg_sim_sender_side(shocks, n_shocks);
    const mg_actor *snd = r->sender_side == 0 ? a : b, *hst = r->sender_side == 0 ? b : a;
    snprintf(r->sender, sizeof r->sender, "%s", snd->name);
    snprintf(r->host, sizeof r->host, "%s", hst->name);
    size_t nc = mg_sim_corridors(p, prm, snd, hst, &c, r->note, sizeof r->note);
    if (nc == (size_t)-1) {
        rc = MIGDIP_ERR_NOMEM;
        goto cleanup;
    }
    if (nc == 0) {
        rc = MIGDIP_ERR_NOTFOUND;
        goto cleanup;
    }
    r->n_corridors = nc;
    r->month = calloc((size_t)sp->months, sizeof *r->month);
    end_state = calloc(2 * nc, sizeof *end_state);
    if (!r->month || !end_state) {
        rc = MIGDIP_ERR_NOMEM;
        goto cleanup;
    }
    r->stock0 = r->absorb_capacity = r->alt_supply = r->remit_per_worker = r->substitutability = 0;
    for (size_t i = 0; i < nc; i++) {
        r->stock0 += c[i].s0;
        r->absorb_capacity += c[i].absorb;
        r->alt_supply += c[i].alt_supply;
        r->remit_per_worker += c[i].remit_pw * c[i].s0;
        r->substitutability += c[i].subst * c[i].s0;
    }
    r->remit_per_worker /= r->stock0;
    r->substitutability /= r->stock0;
    r->deploy_base = r->stock0 / sp->contract_months;
    r->sender_gdp = mg_sim_actor_sum(p, p->gdp_usd, snd);
    r->host_gdp = mg_sim_actor_sum(p, p->gdp_usd, hst);
    r->host_lf = mg_sim_actor_sum(p, p->lf, hst);
    mg_sim_run_state(c, nc, sp, shocks, n_shocks, r->sender_gdp, r->host_gdp, r->host_lf, r->month, end_state);
    mg_engine_dyad_eval(p, prm, a, b, &r->before);
    q = panel_after(p, hst, c, nc, end_state);
    if (!q) {
        rc = MIGDIP_ERR_NOMEM;
        goto cleanup;
    }
    mg_engine_dyad_eval(q, prm, a, b, &r->after);
cleanup:
    if (rc) {
        free(r->month);
        r->month = NULL;
    }
    mg_panel_free(q);
    free(end_state);
    free(c);
    return rc;
}

/* ---------------------------------------------------------------- credibility */

int mg_sim_holdout(const double *cum_pct, int months, double tol, bool *beyond)
{
    for (int t = 0; t < months; t++)
        if (cum_pct[t] >= tol) {
            *beyond = false;
            return t + 1;
        }
    *beyond = true;
    return months;
}

/* One reading: cumulated cost paths of both sides (threatener first) and the verdict. */
typedef struct cred_read {
    double cost[2];
    int hold[2];
    bool beyond[2];
    double est[2]; /* both beyond: extrapolated holdouts (months), else NAN */
    bool credible;
} cred_read;

static void read_paths(const mg_sim_month *m, int T, int sender_side, double *path0, double *path1)
{
    /* side 0 is the threatener (actor a); a is the sender when sender_side == 0 */
    for (int t = 0; t < T; t++) {
        double send = m[t].cum_remit_lost_pct_gdp, host = m[t].cum_output_lost_pct_gdp;
        path0[t] = sender_side == 0 ? send : host;
        path1[t] = sender_side == 0 ? host : send;
    }
}

double mg_sim_holdout_extrapolated(const double *cum_pct, int months, double tol)
{
    if (months < 1 || isnan(cum_pct[months - 1]))
        return NAN;
    int k = months > 12 ? 12 : months - 1;
    double rate = k > 0 ? (cum_pct[months - 1] - cum_pct[months - 1 - k]) / k : cum_pct[0];
    return rate > 0 ? months + fmax(0, tol - cum_pct[months - 1]) / rate : INFINITY;
}

static void verdict(const double *path0, const double *path1, int T, double tol, cred_read *out)
{
    out->cost[0] = path0[T - 1];
    out->cost[1] = path1[T - 1];
    out->hold[0] = mg_sim_holdout(path0, T, tol, &out->beyond[0]);
    out->hold[1] = mg_sim_holdout(path1, T, tol, &out->beyond[1]);
    /* the target gives in first, and the threat costs it more relative to its GDP. The horizon
     * cuts the war of attrition, it does not end it: when neither side reaches its tolerance
     * within it, who would give in first is read from the rates of the horizon's last year */
    double h0 = out->beyond[0] ? T + 1 : out->hold[0], h1 = out->beyond[1] ? T + 1 : out->hold[1];
    out->est[0] = out->est[1] = NAN;
    if (out->beyond[0] && out->beyond[1]) {
        h0 = out->est[0] = mg_sim_holdout_extrapolated(path0, T, tol);
        h1 = out->est[1] = mg_sim_holdout_extrapolated(path1, T, tol);
    }
    out->credible = !isnan(out->cost[0]) && !isnan(out->cost[1]) && h0 > h1 && out->cost[1] > out->cost[0];
}

/* Simulate corridors c with parameters sp and read the verdict (no quadrants). */
static void cred_run(const mg_corridor *c, size_t nc, const mg_sim_params *sp, const mg_shock *shocks, size_t ns,
                     double sgdp, double hgdp, double hlf, int sender_side, mg_sim_month *m, double *p0, double *p1,
                     cred_read *out)
{
    mg_sim_run(c, nc, sp, shocks, ns, sgdp, hgdp, hlf, m);
    read_paths(m, sp->months, sender_side, p0, p1);
    verdict(p0, p1, sp->months, sp->tolerance_pct, out);
}

static double actor_stock(const mg_panel *p, const mg_actor *from, const mg_actor *to)
{
    double s = 0;
    for (size_t i = 0; i < from->n; i++)
        for (size_t j = 0; j < to->n; j++)
            if (from->idx[i] != to->idx[j])
                s += p->stock[from->idx[i] * p->n + to->idx[j]];
    return s;
}

static void fmt_hold(char *buf, size_t cap, int hold, bool beyond)
{
    if (beyond)
        snprintf(buf, cap, "beyond the horizon");
    else
        snprintf(buf, cap, "%d month%s", hold, hold == 1 ? "" : "s");
}

static void fmt_extrapolated(char *buf, size_t cap, double months)
{
    if (isinf(months))
        snprintf(buf, cap, "never (its cost stops growing)");
    else
        snprintf(buf, cap, "after about %.0f months", months);
}

migdip_status mg_sim_credibility(const mg_panel *p, const mg_params *prm, const mg_sim_params *sp, const mg_actor *a,
                             const mg_actor *b, const mg_shock *shocks, size_t n_shocks, mg_cred_result *out)
{
    migdip_status rc = MIGDIP_OK;
    mg_corridor *c = NULL, *c2 = NULL;
    mg_sim_month *m = NULL;
    double *p0 = NULL, *p1 = NULL, *thr_path = NULL;
    int T = sp->months;
    memset(out, 0, sizeof *out);
    snprintf(out->threatener, sizeof out->threatener, "%s", a->name);
    snprintf(out->target, sizeof out->target, "%s", b->name);
    out->months = T;
    mg_shock def;
    if (n_shocks == 0) {
        /* default threat: a ban if a sends the larger corridor, else a visa freeze */
        bool sender = actor_stock(p, a, b) >= actor_stock(p, b, a);
        def = (mg_shock){.kind = sender ? MIGDIP_SHOCK_BAN : MIGDIP_SHOCK_FREEZE, .share = 1, .start = 0,
                         .months = T};
        shocks = &def;
        n_shocks = 1;
    }
    out->shock = shocks[0];
    int ss = mg_sim_sender_side(shocks, n_shocks);
    const mg_actor *snd = ss == 0 ? a : b, *hst = ss == 0 ? b : a;
    size_t nc = mg_sim_corridors(p, prm, snd, hst, &c, NULL, 0);
    if (nc == (size_t)-1) {
        rc = MIGDIP_ERR_NOMEM;
        goto cleanup;
    }
    if (nc == 0) {
        rc = MIGDIP_ERR_NOTFOUND;
        goto cleanup;
    }
    m = calloc((size_t)T, sizeof *m);
    p0 = calloc((size_t)T, sizeof *p0);
    p1 = calloc((size_t)T, sizeof *p1);
    thr_path = calloc((size_t)T, sizeof *thr_path);
    if (!m || !p0 || !p1 || !thr_path) {
        rc = MIGDIP_ERR_NOMEM;
        goto cleanup;
    }
    double sgdp = mg_sim_actor_sum(p, p->gdp_usd, snd), hgdp = mg_sim_actor_sum(p, p->gdp_usd, hst);
    double hlf = mg_sim_actor_sum(p, p->lf, hst);
    cred_read base;
    cred_run(c, nc, sp, shocks, n_shocks, sgdp, hgdp, hlf, ss, m, p0, p1, &base);
    memcpy(thr_path, p0, (size_t)T * sizeof *thr_path);
    for (int k = 0; k < 2; k++) {
        out->cost_pct[k] = base.cost[k];
        out->holdout[k] = base.hold[k];
        out->beyond[k] = base.beyond[k];
        out->holdout_extrapolated[k] = base.est[k];
    }
    out->credible = base.credible;

    /* lever 1: diversification: the threatener's capacity elsewhere x k (a sender's
     * absorption capacity, a host's alternative supply) */
    migdip_cred_lever *lv = &out->lever[out->n_levers++];
    snprintf(lv->name, sizeof lv->name, "diversification");
    if (base.credible) {
        snprintf(lv->note, sizeof lv->note, "not needed: the threat is credible as it stands");
    } else {
        static const double grid[] = {1.25, 1.5, 2, 3, 5, 10, 20, 50, 100};
        double lo = 1, hi = 0;
        for (size_t g = 0; g < sizeof grid / sizeof *grid && !hi; g++) {
            mg_sim_params sk = *sp;
            if (ss == 0)
                sk.absorb_mult *= grid[g];
            else
                sk.alt_mult *= grid[g];
            cred_read rd;
            cred_run(c, nc, &sk, shocks, n_shocks, sgdp, hgdp, hlf, ss, m, p0, p1, &rd);
            if (rd.credible)
                hi = grid[g];
            else
                lo = grid[g];
        }
        if (hi) {
            for (int it = 0; it < 12; it++) {
                double mid = (lo + hi) / 2;
                mg_sim_params sk = *sp;
                if (ss == 0)
                    sk.absorb_mult *= mid;
                else
                    sk.alt_mult *= mid;
                cred_read rd;
                cred_run(c, nc, &sk, shocks, n_shocks, sgdp, hgdp, hlf, ss, m, p0, p1, &rd);
                if (rd.credible)
                    hi = mid;
                else
                    lo = mid;
            }
            lv->found = true;
            lv->amount = hi;
            snprintf(lv->note, sizeof lv->note, "%s x%.2f makes the threat credible",
                     ss == 0 ? "absorption capacity of the threatener's other destinations"
                             : "alternative supply the threatener can recruit from",
                     hi);
        } else {
            lv->amount = NAN;
            /* the target's cost does not depend on the threatener's capacity elsewhere */
            if (base.beyond[1])
                snprintf(lv->note, sizeof lv->note,
                         "none within range: the target's cost (%.3f%% of GDP) stays under the tolerance within the "
                         "horizon, whatever the threatener's capacity elsewhere",
                         base.cost[1]);
            else
                snprintf(lv->note, sizeof lv->note, "none within range (x100 is not enough)");
        }
    }

    /* lever 2: a coalition partner from the threatener's subregion making the same threat:
     * the one adding the most cost to the target */
    lv = &out->lever[out->n_levers++];
    snprintf(lv->name, sizeof lv->name, "coalition");
    if (base.credible) {
        snprintf(lv->note, sizeof lv->note, "not needed: the threat is credible as it stands");
    } else if (a->n >= MG_ACTOR_MAX) {
        snprintf(lv->note, sizeof lv->note, "none: the threatener is already a full bloc");
    } else {
        /* the threatener's subregion is that of its largest member in the corridor */
        size_t lead = a->idx[0];
        for (size_t k = 1; k < a->n; k++)
            if (p->emigrants[a->idx[k]] + p->immigrants[a->idx[k]] > p->emigrants[lead] + p->immigrants[lead])
                lead = a->idx[k];
        int sub = p->subregion[lead];
        double best = -1, best_stock = 0;
        long best_i = -1;
        for (size_t i = 0; i < p->n && sub >= 0; i++) {
            if (p->subregion[i] != sub || mg_engine_actor_has(a, i) || mg_engine_actor_has(b, i))
                continue;
            mg_actor one = {.n = 1, .idx = {i}};
            double st = ss == 0 ? actor_stock(p, &one, b) : actor_stock(p, b, &one);
            if (!(st > 0))
                continue;
            mg_actor u = *a;
            u.idx[u.n++] = i;
            size_t nc2 = mg_sim_corridors(p, prm, ss == 0 ? &u : b, ss == 0 ? b : &u, &c2, NULL, 0);
            if (nc2 == (size_t)-1) {
                rc = MIGDIP_ERR_NOMEM;
                goto cleanup;
            }
            if (nc2 == 0)
                continue;
            double sg2 = ss == 0 ? mg_sim_actor_sum(p, p->gdp_usd, &u) : sgdp;
            double hg2 = ss == 0 ? hgdp : mg_sim_actor_sum(p, p->gdp_usd, &u);
            double hl2 = ss == 0 ? hlf : mg_sim_actor_sum(p, p->lf, &u);
            mg_sim_run(c2, nc2, sp, shocks, n_shocks, sg2, hg2, hl2, m);
            free(c2);
            c2 = NULL;
            /* the target's cost with the partner; the threatener's own cost is unchanged */
            double tc = ss == 0 ? m[T - 1].cum_output_lost_pct_gdp : m[T - 1].cum_remit_lost_pct_gdp;
            if (!(tc > best))
                continue;
            best = tc;
            best_i = (long)i;
            best_stock = st;
            for (int t = 0; t < T; t++)
                p1[t] = ss == 0 ? m[t].cum_output_lost_pct_gdp : m[t].cum_remit_lost_pct_gdp;
        }
        cred_read best_rd = {0};
        if (best_i >= 0)
            verdict(thr_path, p1, T, sp->tolerance_pct, &best_rd);
        if (best_i < 0) {
            snprintf(lv->note, sizeof lv->note, "none: no other state of the threatener's subregion %s the target",
                     ss == 0 ? "supplies workers to" : "hosts workers of");
        } else {
            snprintf(lv->partner, sizeof lv->partner, "%s", p->iso3[best_i]);
            lv->amount = best_stock;
            lv->found = best_rd.credible;
            snprintf(lv->note, sizeof lv->note,
                     "%s (%.0f persons in its corridor with the target) joining the threat: target's cost %.3f%% of "
                     "GDP; %s",
                     p->iso3[best_i], best_stock, best_rd.cost[1],
                     best_rd.credible ? "the threat becomes credible" : "still not credible");
        }
    }

    /* lever 3: an agreement does not change costs in this model */
    lv = &out->lever[out->n_levers++];
    snprintf(lv->name, sizeof lv->name, "agreement");
    lv->amount = NAN;
    snprintf(lv->note, sizeof lv->note,
             "not modelled: an agreement changes the institutionalisation index (the quadrants), not the "
             "cost paths; a guaranteed redirection is the diversification lever");

    char h0[32], h1[32];
    fmt_hold(h0, sizeof h0, out->holdout[0], out->beyond[0]);
    fmt_hold(h1, sizeof h1, out->holdout[1], out->beyond[1]);
    const char *what = migdip_shock_kind_str(shocks[0].kind);
    if (isnan(out->cost_pct[0]) || isnan(out->cost_pct[1]))
        snprintf(out->explanation, sizeof out->explanation,
                 "%s's %s against %s cannot be read: a GDP or labour force is missing, so the costs are unknown.",
                 a->name, what, b->name);
    else {
        char beyond[320] = "";
        if (!isnan(out->holdout_extrapolated[0])) {
            char e0[32], e1[32];
            fmt_extrapolated(e0, sizeof e0, out->holdout_extrapolated[0]);
            fmt_extrapolated(e1, sizeof e1, out->holdout_extrapolated[1]);
            snprintf(beyond, sizeof beyond,
                     "Neither reaches it within the horizon; at the rates of its last year %s would reach it %s and "
                     "%s %s. ",
                     a->name, e0, b->name, e1);
        }
        snprintf(out->explanation, sizeof out->explanation,
                 "Over %d months, %s's %s costs %s %.3f%% of its GDP and %s %.3f%% of its GDP (cumulated). "
                 "At a tolerance of %g%% of GDP, %s holds out %s and %s %s. %s%s",
                 T, a->name, what, a->name, out->cost_pct[0], b->name, out->cost_pct[1], sp->tolerance_pct, a->name,
                 h0, b->name, h1, beyond,
                 out->credible ? (beyond[0] ? "The target would give in first and pays more relative to its economy: "
                                              "the threat is credible, over a longer war of attrition than the horizon."
                                            : "The target gives in first and pays more relative to its economy: the "
                                              "threat is credible.")
                 : out->cost_pct[1] > out->cost_pct[0]
                     ? "The target pays more but does not give in first: the threat is not credible."
                     : "The threat costs the threatener more than the target: it is not credible.");
    }
cleanup:
    free(c);
    free(c2);
    free(m);
    free(p0);
    free(p1);
    free(thr_path);
    return rc;
}
