/* engine.c - exposure, substitutability, power and the classification of a dyad.
 * docs/model.md is the specification; the section numbers in comments refer to it. */
#include "core/engine.h"

#include "core/labour.h"

#include <math.h>
#include <stdlib.h>
#include <stdio.h>
#include <string.h>
#include <strings.h>

const char *migdip_factor_name(migdip_factor f)
{
    static const char *const names[MIGDIP_F_COUNT] = {
        "remittance_dependency", "safety_valve", "destination_concentration",
        "labour_market_reliance", "migrant_pool_share", "substitutability", "sender_control",
        "institutionalisation"};
    return f < MIGDIP_F_COUNT ? names[f] : "?";
}

const char *migdip_quadrant_code(migdip_quadrant q)
{
    switch (q) {
    case MIGDIP_Q_I: return "I";
    case MIGDIP_Q_II: return "II";
    case MIGDIP_Q_III: return "III";
    case MIGDIP_Q_IV: return "IV";
    case MIGDIP_Q_MUTUAL: return "mutual";
    case MIGDIP_Q_OUT: return "out-of-scope";
    default: return "none";
    }
}

const char *migdip_quadrant_label(migdip_quadrant q)
{
    switch (q) {
    case MIGDIP_Q_I: return "Cooperation";
    case MIGDIP_Q_II: return "Coercion";
    case MIGDIP_Q_III: return "Constrained accommodation";
    case MIGDIP_Q_IV: return "Coercive assertion";
    case MIGDIP_Q_MUTUAL: return "Mutual exposure (cooperation)";
    case MIGDIP_Q_OUT: return "Out of scope";
    default: return "Unclassified";
    }
}

const char *migdip_scope_code(migdip_scope s)
{
    static const char *const codes[] = {"in-scope", "territory", "free-movement", "forced-migration", "volume",
                                        "exposure"};
    return (size_t)s < sizeof codes / sizeof *codes ? codes[s] : "?";
}

migdip_status migdip_quadrant_parse(const char *code, migdip_quadrant *out)
{
    for (migdip_quadrant q = MIGDIP_Q_I; q <= MIGDIP_Q_OUT; q++)
        if (code && strcasecmp(code, migdip_quadrant_code(q)) == 0) {
            *out = q;
            return MIGDIP_OK;
        }
    return MIGDIP_ERR_USAGE;
}

static double saturate(double x, double scale) { return x >= scale ? 1.0 : x / scale; }

static double val(const migdip_value *v) { return v->flag == MIGDIP_FLAG_MISSING ? NAN : v->value; }

double mg_engine_fit_pow(double ratio, double e)
{
    /* the default exponent (a square root) by sqrt: correctly rounded where pow may be off by
     * one unit in the last place, and a tenth of a plan's time */
    return e == 0.5 ? sqrt(ratio) : pow(ratio, e);
}

/* §2.3: substitutability from the fitted alternative supply and the incumbent's workers */
static double subst_of_supply(const mg_params *prm, double alt, double incumbent)
{
    double ratio = alt / incumbent;
    return ratio / (ratio + prm->subst_half);
}

double mg_engine_substitutability(const mg_panel *p, const mg_params *prm, const mg_actor *sender,
                           size_t h, double incumbent, double *alt_supply)
{
    size_t n = p->n;
    *alt_supply = 0;
    if (!(incumbent > 0))
        return NAN;
    /* the incumbent's ties are those of its largest member in h */
    size_t r = sender->idx[0];
    for (size_t k = 1; k < sender->n; k++)
        if (p->stock[sender->idx[k] * n + h] > p->stock[r * n + h])
            r = sender->idx[k];
    bool r_lang = p->lang[r * n + h] != 0, r_scheme = p->scheme[r * n + h] != 0;
    double r_dist = p->dist[r * n + h], r_pc = val(&p->gdppc_ppp[r]);
    double r_female = p->female[r * n + h];
    int sub = p->subregion[h];
    /* The alternatives are every state but h and the sender's members: the loop runs over the
     * stretches between these, in ascending order, with no test of membership inside (testing
     * every state was a seventh of a plan's time). */
    size_t skip[MG_ACTOR_MAX + 1], ns = 0;
    for (size_t k = 0; k <= sender->n && k <= MG_ACTOR_MAX; k++) {
        size_t v = k < sender->n ? sender->idx[k] : h, at = ns++;
        for (; at > 0 && skip[at - 1] > v; at--)
            skip[at] = skip[at - 1];
        skip[at] = v;
    }
    /* §2.3: the capacity in h's subregion, when it counts */
    const double *csub = prm->cap_region > 0 && sub >= 0 && p->cap_sub ? p->cap_sub + sub : NULL;
    size_t cstride = p->n_sub;
    double creg = prm->cap_region, alt = 0;
    size_t a = 0;
    for (size_t e = 0; e <= ns; e++) {
        size_t end = e < ns ? skip[e] : n;
        for (; a < end; a++) {
            double here = p->stock[a * n + h], cap = here;
            if (csub)
                cap += creg * (csub[a * cstride] - here);
            if (!(cap > 0))
                continue;
            double fit = 1;
            if (r_lang && !p->lang[a * n + h])
                fit *= prm->fit_lang;
            if (r_scheme && !p->scheme[a * n + h])
                fit *= prm->fit_scheme;
            if (p->subregion[a] != p->subregion[r] || p->subregion[a] < 0)
                fit *= prm->fit_region;
            double d = p->dist[a * n + h];
            if (r_dist > 0 && d > r_dist)
                fit *= mg_engine_fit_pow(r_dist / d, prm->fit_dist_exp);
            double pc = val(&p->gdppc_ppp[a]);
            if (r_pc > 0 && pc > r_pc)
                fit *= mg_engine_fit_pow(r_pc / pc, prm->fit_income_exp);
            /* the labour segment: women's share of the alternative's workers here against the
             * incumbent's (domestic and care work against construction and services) */
            float fa = p->female[a * n + h];
            if (!isnan(r_female) && !isnan(fa))
                fit *= 1 - prm->fit_sex * fabs(r_female - (double)fa);
            alt += fit * cap;
        }
        if (a <= end) /* past the state left out (a member listed twice leaves a beyond it) */
            a = end + 1;
    }
    *alt_supply = alt;
    return subst_of_supply(prm, alt, incumbent);
}

/* Exposure of member state s towards the partner actor (§2, §3.2). */
static void member_exposure(const mg_panel *p, const mg_params *prm, size_t s, const mg_actor *partner,
                            mg_engine_alt_memo *alt_memo, double *pair_supply, migdip_side *o)
{
    size_t n = p->n;
    memset(o, 0, sizeof *o);
    double gdp = val(&p->gdp_usd[s]), remit = val(&p->remit_usd[s]), lf = val(&p->lf[s]);
    o->lf_derived = p->lf[s].flag == MIGDIP_FLAG_DERIVED && lf > 0;
    double emig_in = 0, partner_mig = 0, share = 0, controlled = 0;
    bool share_known = false;
    for (size_t k = 0; k < partner->n; k++) {
        size_t j = partner->idx[k];
        if (j == s)
            continue;
        size_t in = j * n + s, out = s * n + j;
        emig_in += p->stock[out];
        partner_mig += p->stock[in];
        /* §1.1: where the persons come from */
        o->partner_born += p->stock_born[in];
        o->partner_protection += fmin(p->protection[in], p->stock_born[in]);
        double net = fmax(0, p->stock_born[in] - p->protection[in]);
        double kept = p->legacy[in] ? net * prm->legacy_weight : net;
        if (p->legacy[in] && p->stock[in] <= kept) {
            o->partner_legacy += net - kept;
            o->partner_legacy_refugees |= p->legacy[in] == 2 && net > kept;
        }
        if (p->stock[in] > kept)
            o->partner_recorded += p->stock[in] - kept;
        o->emig_born += p->stock_born[out];
        double net_out = fmax(0, p->stock_born[out] - p->protection[out]);
        double kept_out = p->legacy[out] ? net_out * prm->legacy_weight : net_out;
        if (p->stock[out] > kept_out)
            o->emig_recorded += p->stock[out] - kept_out;
        /* §2.5: the part of j's workers here that j can withhold */
        controlled += p->stock[in] * (p->channel[in]  ? 1.0
                                      : p->contig[in] ? prm->control_border
                                                      : prm->control_base);
        double sh = p->rshare[s * n + j];
        if (!isnan(sh)) {
            share += sh;
            share_known = true;
            if (p->rshare_flag[s * n + j] == MIGDIP_FLAG_DERIVED)
                o->remit_fallback = true;
            else if (p->rshare_flag[s * n + j] == MIGDIP_FLAG_OBSERVED ||
                     p->rshare_flag[s * n + j] == MIGDIP_FLAG_CARRIED)
                o->remit_matrix_year = p->remit_year;
            if (p->rshare_flag[s * n + j] == MIGDIP_FLAG_CARRIED)
                o->remit_carried = true;
        }
    }
    o->emig_in_partner = emig_in;
    o->partner_migrants = partner_mig;
    o->remit_pct_gdp = gdp > 0 && !isnan(remit) ? 100 * remit / gdp : NAN;
    o->remit_share = share_known ? share : NAN;
    o->rd = o->remit_pct_gdp / 100 * o->remit_share;
    o->emig_share = p->emigrants[s] > 0 ? emig_in / p->emigrants[s] : NAN;
    o->valve = lf > 0 ? emig_in / lf : NAN;
    o->lf_share = lf > 0 ? partner_mig / lf : NAN;
    o->pool_share = p->immigrants[s] > 0 ? partner_mig / p->immigrants[s] : NAN;
    /* §2.2: a partner's share of a pool that is small against the labour force says little */
    o->pool_weight = lf > 0 ? saturate(p->immigrants[s] / lf, prm->pool_lf_scale) : 1.0;
    o->control = partner_mig > 0 ? controlled / partner_mig : NAN;
    o->eff_destinations = p->eff_dest[s];
    o->eff_origins = p->eff_orig[s];

    /* sending role: weights of missing factors are left out and the rest renormalised */
    double send = 0, wsum = 0, c[MIGDIP_F_COUNT] = {0};
    bool send_matters = emig_in >= prm->min_role, host_matters = partner_mig >= prm->min_role;
    if (emig_in > 0) {
        if (!isnan(o->rd)) {
            c[MIGDIP_F_REMIT] = prm->w_rd * saturate(o->rd, prm->rd_scale);
            wsum += prm->w_rd;
        } else if (send_matters) {
            o->data_gap = true;
            snprintf(o->gap_note, sizeof o->gap_note, "remittances or GDP of %s", p->iso3[s]);
        }
        if (!isnan(o->valve)) {
            c[MIGDIP_F_VALVE] = prm->w_valve * saturate(o->valve, prm->valve_scale);
            wsum += prm->w_valve;
        } else if (send_matters) {
            o->data_gap = true;
            snprintf(o->gap_note, sizeof o->gap_note, "labour force of %s", p->iso3[s]);
        }
        c[MIGDIP_F_CONC] = prm->w_conc * (isnan(o->emig_share) ? 0 : o->emig_share);
        wsum += prm->w_conc;
        for (int f = MIGDIP_F_REMIT; f <= MIGDIP_F_CONC; f++)
            c[f] = wsum > 0 ? c[f] / wsum : 0;
        send = c[MIGDIP_F_REMIT] + c[MIGDIP_F_VALVE] + c[MIGDIP_F_CONC];
    }
    /* host role */
    double host = 0;
    if (partner_mig > 0) {
        double x_lf = isnan(o->lf_share) ? NAN : saturate(o->lf_share, prm->lf_scale);
        double x_pool = isnan(o->pool_share) ? NAN : saturate(o->pool_share, prm->pool_scale) * o->pool_weight;
        double w = 0, rel = 0;
        if (!isnan(x_lf)) {
            c[MIGDIP_F_LABOUR] = prm->w_lf * x_lf;
            w += prm->w_lf;
        } else if (host_matters) {
            o->data_gap = true;
            snprintf(o->gap_note, sizeof o->gap_note, "labour force of %s", p->iso3[s]);
        }
        if (!isnan(x_pool)) {
            c[MIGDIP_F_POOL] = prm->w_pool * x_pool;
            w += prm->w_pool;
        }
        c[MIGDIP_F_LABOUR] = w > 0 ? c[MIGDIP_F_LABOUR] / w : 0;
        c[MIGDIP_F_POOL] = w > 0 ? c[MIGDIP_F_POOL] / w : 0;
        rel = c[MIGDIP_F_LABOUR] + c[MIGDIP_F_POOL];
        double *cell = pair_supply && partner->n == 1 ? &pair_supply[s * n + partner->idx[0]] : NULL, known = NAN;
        if (alt_memo && alt_memo->known)
            known = alt_memo->supply;
        else if (cell)
            __atomic_load(cell, &known, __ATOMIC_RELAXED);
        if (!isnan(known)) {
            o->alt_supply = known;
            o->substitutability = subst_of_supply(prm, o->alt_supply, partner_mig);
        } else {
            o->substitutability = mg_engine_substitutability(p, prm, partner, s, partner_mig, &o->alt_supply);
            if (alt_memo)
                *alt_memo = (mg_engine_alt_memo){.known = true, .supply = o->alt_supply};
            if (cell)
                __atomic_store(cell, &o->alt_supply, __ATOMIC_RELAXED);
        }
        double S = isnan(o->substitutability) ? 0 : o->substitutability;
        c[MIGDIP_F_SUBST] = -rel * prm->subst_max * S;
        /* §2.5: exposed only to what the partner can withhold */
        c[MIGDIP_F_CONTROL] = -(rel + c[MIGDIP_F_SUBST]) * (1 - o->control);
        host = rel + c[MIGDIP_F_SUBST] + c[MIGDIP_F_CONTROL];
    } else {
        o->substitutability = NAN;
    }
    if (host < 0)
        host = 0;
    o->exposure_send = send;
    o->exposure_host = host;
    /* §3.2: exposed in either role; the interaction term is shared out proportionally so
     * that the contributions still sum to the exposure */
    double e = 1 - (1 - send) * (1 - host);
    double k = send + host > 0 ? e / (send + host) : 0;
    for (int f = 0; f < MIGDIP_F_COUNT; f++)
        o->contrib[f] = c[f] * k;
    o->exposure_raw = o->exposure = e;
}

/* §3.3: a bloc's exposure is its members' exposures weighted by the square root of each
 * member's stake in the dyad (persons in both corridors), so that no large member swamps
 * the rest; flows are summed. */
static void actor_exposure(const mg_panel *p, const mg_params *prm, const mg_actor *x, const mg_actor *y,
                           mg_engine_alt_memo *alt_memo, double *pair_supply, migdip_side *out)
{
    memset(out, 0, sizeof *out);
    if (x->n == 1) {
        member_exposure(p, prm, x->idx[0], y, alt_memo, pair_supply, out);
        return;
    }
    double wsum = 0;
    migdip_side m;
    double *acc[] = {&out->remit_pct_gdp, &out->remit_share, &out->rd, &out->emig_share, &out->valve,
                     &out->lf_share, &out->pool_share, &out->eff_destinations, &out->eff_origins,
                     &out->substitutability, &out->exposure_send, &out->exposure_host, &out->pool_weight,
                     &out->control};
    double accw[sizeof acc / sizeof *acc] = {0};
    for (size_t k = 0; k < x->n; k++) {
        member_exposure(p, prm, x->idx[k], y, alt_memo ? &alt_memo[k] : NULL, pair_supply, &m);
        double w = sqrt(m.emig_in_partner + m.partner_migrants);
        out->emig_in_partner += m.emig_in_partner;
        out->partner_migrants += m.partner_migrants;
        out->partner_born += m.partner_born;
        out->partner_protection += m.partner_protection;
        out->partner_legacy += m.partner_legacy;
        out->partner_legacy_refugees |= m.partner_legacy_refugees;
        out->partner_recorded += m.partner_recorded;
        out->emig_born += m.emig_born;
        out->emig_recorded += m.emig_recorded;
        out->alt_supply += m.alt_supply;
        if (m.data_gap && !out->data_gap) {
            out->data_gap = true;
            memcpy(out->gap_note, m.gap_note, sizeof out->gap_note);
        }
        out->remit_fallback |= m.remit_fallback;
        out->remit_carried |= m.remit_carried;
        out->lf_derived |= m.lf_derived;
        if (m.remit_matrix_year)
            out->remit_matrix_year = m.remit_matrix_year;
        if (w <= 0)
            continue;
        wsum += w;
        out->exposure_raw += w * m.exposure_raw;
        for (int f = 0; f < MIGDIP_F_COUNT; f++)
            out->contrib[f] += w * m.contrib[f];
        double *mv[] = {&m.remit_pct_gdp, &m.remit_share, &m.rd, &m.emig_share, &m.valve,
                        &m.lf_share, &m.pool_share, &m.eff_destinations, &m.eff_origins,
                        &m.substitutability, &m.exposure_send, &m.exposure_host, &m.pool_weight,
                        &m.control};
        for (size_t i = 0; i < sizeof acc / sizeof *acc; i++)
            if (!isnan(*mv[i])) {
                *acc[i] += w * *mv[i];
                accw[i] += w;
            }
    }
    for (size_t i = 0; i < sizeof acc / sizeof *acc; i++)
        *acc[i] = accw[i] > 0 ? *acc[i] / accw[i] : NAN;
    if (wsum > 0) {
        out->exposure_raw /= wsum;
        for (int f = 0; f < MIGDIP_F_COUNT; f++)
            out->contrib[f] /= wsum;
    }
    out->exposure = out->exposure_raw;
}

/* s appended to buf (holding len characters, cap bytes), cut to fit as snprintf would; the new
 * length. */
static size_t append_text(char *buf, size_t cap, size_t len, const char *s)
{
    size_t n = strlen(s);
    if (len + 1 >= cap)
        return len;
    if (n > cap - 1 - len)
        n = cap - 1 - len;
    memcpy(buf + len, s, n);
    buf[len + n] = '\0';
    return len + n;
}

/* §3.4: an actor's power figures from the members that have them (a bloc sums its members'
 * economies; members without figures are left out and counted). False if no member has them. */
static bool actor_power(const mg_panel *p, const mg_params *prm, const mg_actor *a, migdip_side *sd)
{
    double gdp = 0, gdp_ppp = 0, pop = 0, cinc = 0;
    int missing = 0, used = 0;
    bool src_seen[MG_SRC_COUNT] = {false};
    for (size_t k = 0; k < a->n; k++) {
        size_t i = a->idx[k];
        double g = val(&p->gdp_usd[i]), gp = val(&p->gdp_ppp[i]), po = val(&p->pop[i]), c = val(&p->cinc[i]);
        double pc = val(&p->gdppc_ppp[i]);
        if (isnan(gp) && pc > 0 && po > 0)
            gp = pc * po;
        bool ok = prm->power == MIGDIP_POWER_GDP ? g > 0 : prm->power == MIGDIP_POWER_CINC ? c > 0 : gp > 0 && po > 0;
        if (!ok) {
            missing++;
            continue;
        }
        used++;
        gdp += g > 0 ? g : 0;
        cinc += c > 0 ? c : 0;
        if (gp > 0 && po > 0) {
            gdp_ppp += gp;
            pop += po;
        }
        src_seen[p->power_src[i]] = true;
    }
    sd->power_members_missing = a->n > 1 ? missing : 0;
    sd->gdp_ppp = gdp_ppp > 0 ? gdp_ppp : NAN;
    sd->gdppc_ppp = gdp_ppp > 0 && pop > 0 ? gdp_ppp / pop : NAN;
    /* appended, not printed: a plan evaluates tens of thousands of sides, and snprintf here
     * was a seventh of its time */
    sd->power_source[0] = 0;
    size_t len = 0;
    if (prm->power == MIGDIP_POWER_CINC)
        len = append_text(sd->power_source, sizeof sd->power_source, len, "COW NMC");
    else
        for (int k = 1; k < MG_SRC_COUNT; k++)
            if (src_seen[k]) {
                if (len)
                    len = append_text(sd->power_source, sizeof sd->power_source, len, ", ");
                len = append_text(sd->power_source, sizeof sd->power_source, len, mg_panel_source_name(k));
                if (k != MG_SRC_WDI)
                    len = append_text(sd->power_source, sizeof sd->power_source, len, " (bridged)");
            }
    if (used == 0)
        return false;
    switch (prm->power) {
    case MIGDIP_POWER_GDP: sd->power = log(gdp); break;
    case MIGDIP_POWER_CINC: sd->power = log(cinc); break;
    case MIGDIP_POWER_GDPPC: sd->power = log(gdp_ppp / pop); break;
    default: sd->power = prm->w_power_pc * log(gdp_ppp / pop) + (1 - prm->w_power_pc) * log(gdp_ppp);
    }
    return isfinite(sd->power);
}

bool mg_engine_power_score(const mg_panel *p, const mg_params *prm, const mg_actor *a, double *out)
{
    migdip_side sd;
    memset(&sd, 0, sizeof sd);
    bool ok = actor_power(p, prm, a, &sd);
    *out = ok ? sd.power : NAN;
    return ok;
}

/* §2.4: the pair's institutionalisation, weighted over member pairs by their volume. */
static double actor_inst(const mg_panel *p, const mg_actor *a, const mg_actor *b)
{
    size_t n = p->n;
    double num = 0, den = 0, best = 0;
    for (size_t i = 0; i < a->n; i++)
        for (size_t j = 0; j < b->n; j++) {
            size_t x = a->idx[i], y = b->idx[j];
            double w = p->stock[x * n + y] + p->stock[y * n + x];
            double v = p->inst[x * n + y];
            if (v > best)
                best = v;
            num += w * v;
            den += w;
        }
    return den > 0 ? num / den : best;
}

/* §4.1: why {a, b} is outside the framework before any exposure is read, or MIGDIP_SCOPE_IN. */
static migdip_scope structural_scope(const mg_panel *p, const mg_params *prm, const mg_actor *a, const mg_actor *b)
{
    size_t n = p->n;
    if (!prm->territories) {
        const mg_actor *act[2] = {a, b};
        for (int s = 0; s < 2; s++)
            for (size_t k = 0; k < act[s]->n; k++)
                if (p->territory[act[s]->idx[k]])
                    return MIGDIP_SCOPE_TERRITORY;
    }
    bool all_free = a->n > 0 && b->n > 0;
    for (size_t i = 0; i < a->n && all_free; i++)
        for (size_t j = 0; j < b->n && all_free; j++)
            all_free = p->freemove[a->idx[i] * n + b->idx[j]] != 0;
    return all_free ? MIGDIP_SCOPE_FREE_MOVEMENT : MIGDIP_SCOPE_IN;
}

/* Whether host (a state or any member of a bloc) takes seasonal workers from any member of
 * sender under a scheme in force (§4.2). */
static bool hosts_seasonal(const mg_panel *p, const mg_actor *host, const mg_actor *sender)
{
    for (size_t i = 0; i < host->n; i++)
        for (size_t j = 0; j < sender->n; j++)
            if (p->seasonal[sender->idx[j] * p->n + host->idx[i]])
                return true;
    return false;
}

/* Persons born in the other side and, of them, those in need of protection (both corridors):
 * read as such (a country of first asylum's whole corridor) and registered (UNHCR, UNRWA).
 * *asylum_host: the side (0 a, 1 b) that is the other's country of first asylum, -1 none. */
static void forced_persons(const mg_panel *p, const mg_actor *a, const mg_actor *b, double *born, double *prot,
                           double *registered, int *asylum_host)
{
    size_t n = p->n;
    *born = *prot = *registered = 0;
    *asylum_host = -1;
    for (size_t i = 0; i < a->n; i++)
        for (size_t j = 0; j < b->n; j++) {
            size_t ab = a->idx[i] * n + b->idx[j], ba = b->idx[j] * n + a->idx[i];
            *born += p->stock_born[ab] + p->stock_born[ba];
            *prot += mg_labour_forced(p, ab) + mg_labour_forced(p, ba);
            *registered += fmin(p->protection[ab], p->stock_born[ab]) + fmin(p->protection[ba], p->stock_born[ba]);
            if (*asylum_host < 0 && (p->asylum[ba] || p->asylum[ab]))
                *asylum_host = p->asylum[ba] ? 0 : 1;
        }
}

static void dyad_eval(const mg_panel *p, const mg_params *prm, const mg_actor *a, const mg_actor *b,
                      mg_engine_memo *memo, double *pair_supply, migdip_dyad *out);

void mg_engine_dyad_eval(const mg_panel *p, const mg_params *prm, const mg_actor *a, const mg_actor *b, migdip_dyad *out)
{
    dyad_eval(p, prm, a, b, NULL, NULL, out);
}

void mg_engine_dyad_eval_memo(const mg_panel *p, const mg_params *prm, const mg_actor *a, const mg_actor *b,
                              mg_engine_memo *memo, migdip_dyad *out)
{
    dyad_eval(p, prm, a, b, memo, NULL, out);
}

void mg_engine_dyad_eval_shared(const mg_panel *p, const mg_params *prm, const mg_actor *a, const mg_actor *b,
                                double *pair_supply, migdip_dyad *out)
{
    dyad_eval(p, prm, a, b, NULL, pair_supply, out);
}

/* a side's power figures, as actor_power wrote them */
static void power_copy(migdip_side *to, const migdip_side *from)
{
    to->power_known = from->power_known;
    to->power = from->power;
    to->gdp_ppp = from->gdp_ppp;
    to->gdppc_ppp = from->gdppc_ppp;
    to->power_members_missing = from->power_members_missing;
    memcpy(to->power_source, from->power_source, sizeof to->power_source);
}

static void dyad_eval(const mg_panel *p, const mg_params *prm, const mg_actor *a, const mg_actor *b,
                      mg_engine_memo *memo, double *pair_supply, migdip_dyad *out)
{
    memset(out, 0, sizeof *out);
    out->year = p->year;
    out->stock_year = p->stock_year;
    out->stock_flag = MIGDIP_FLAG_MISSING;
    for (size_t i = 0; i < a->n && out->stock_flag == MIGDIP_FLAG_MISSING; i++)
        for (size_t j = 0; j < b->n; j++) {
            size_t x = a->idx[i], y = b->idx[j], n = p->n;
            uint8_t f = p->stock_flag[x * n + y] ? p->stock_flag[x * n + y] : p->stock_flag[y * n + x];
            if (f) {
                out->stock_flag = (migdip_flag)f;
                break;
            }
        }
    bool keep_alt = memo && memo->keep_alt;
    actor_exposure(p, prm, a, b, keep_alt ? memo->alt[0] : NULL, pair_supply, &out->side[0]);
    actor_exposure(p, prm, b, a, keep_alt ? memo->alt[1] : NULL, pair_supply, &out->side[1]);
    out->volume = out->side[0].emig_in_partner + out->side[0].partner_migrants;
    double prot;
    forced_persons(p, a, b, &out->volume_born, &prot, &out->registered, &out->first_asylum);
    out->forced_share = out->volume_born > 0 ? prot / out->volume_born : NAN;

    /* §3.1: institutions shrink the gap toward the mean; they do not erase exposure */
    out->inst = actor_inst(p, a, b);
    double mean = (out->side[0].exposure_raw + out->side[1].exposure_raw) / 2;
    for (int s = 0; s < 2; s++) {
        migdip_side *sd = &out->side[s];
        double shift = -prm->inst_moderation * out->inst * (sd->exposure_raw - mean);
        if (shift == 0)
            shift = 0; /* no negative zero in the output */
        sd->exposure = sd->exposure_raw + shift;
        sd->contrib[MIGDIP_F_INST] = shift;
    }

    /* §3.4: power, never unknown read as parity; the call contested when economic size (or,
     * for the size measure itself, income per head) says the opposite */
    const mg_actor *act[2] = {a, b};
    for (int s = 0; s < 2; s++) {
        if (memo && memo->power_known) {
            power_copy(&out->side[s], &memo->power[s]);
            continue;
        }
        out->side[s].power_known = actor_power(p, prm, act[s], &out->side[s]);
        if (memo)
            power_copy(&memo->power[s], &out->side[s]);
    }
    if (memo)
        memo->power_known = true;
    out->power_ok = out->side[0].power_known && out->side[1].power_known;
    out->power_diff = out->power_ok ? out->side[0].power - out->side[1].power : NAN;
    out->stronger = !out->power_ok || fabs(out->power_diff) < prm->parity_band ? -1
                    : out->power_diff > 0                                      ? 0
                                                                               : 1;
    double ga = out->side[0].gdp_ppp, gb = out->side[1].gdp_ppp;
    out->size_diff = ga > 0 && gb > 0 ? log(ga) - log(gb) : NAN;
    if (out->stronger >= 0) {
        double other = prm->power == MIGDIP_POWER_GDP
                           ? log(out->side[0].gdppc_ppp) - log(out->side[1].gdppc_ppp)
                           : out->size_diff;
        double signed_other = out->stronger == 0 ? other : -other;
        out->power_contested = isfinite(signed_other) && signed_other <= -prm->parity_band;
    }

    /* §4: classification */
    double ea = out->side[0].exposure, eb = out->side[1].exposure;
    double gap = fabs(ea - eb);
    /* §4.1, §4.2: significance (in scope, mutual) is read before institutions: they narrow the
     * gap, they do not make a state more or less exposed */
    double emin = fmin(out->side[0].exposure_raw, out->side[1].exposure_raw);
    double emax = fmax(out->side[0].exposure_raw, out->side[1].exposure_raw);
    out->volume_ok = out->volume >= prm->scope_min_stock;
    out->exposure_ok = emax >= prm->scope_min_exposure;
    out->scope = structural_scope(p, prm, a, b);
    if (!out->scope && out->forced_share >= prm->forced_max)
        out->scope = MIGDIP_SCOPE_FORCED;
    if (!out->scope && !out->volume_ok)
        out->scope = MIGDIP_SCOPE_VOLUME;
    if (!out->scope && !out->exposure_ok)
        out->scope = MIGDIP_SCOPE_EXPOSURE;
    out->in_scope = out->scope == MIGDIP_SCOPE_IN;
    out->seasonal_host = hosts_seasonal(p, a, b) ? 0 : hosts_seasonal(p, b, a) ? 1 : -1;
    double mutual_score = emin - prm->mutual_min;
    out->margin = fabs(emax - prm->scope_min_exposure);
    out->margin_boundary = "scope (exposure)";
    if (!out->in_scope) {
        out->quadrant[0] = out->quadrant[1] = MIGDIP_Q_OUT;
        if (out->scope == MIGDIP_SCOPE_VOLUME) {
            out->margin = prm->scope_min_stock - out->volume;
            out->margin_boundary = "scope (volume, persons)";
        } else if (out->scope == MIGDIP_SCOPE_FORCED) {
            out->margin = out->forced_share - prm->forced_max;
            out->margin_boundary = "scope (forced-migration share)";
        } else if (out->scope == MIGDIP_SCOPE_TERRITORY || out->scope == MIGDIP_SCOPE_FREE_MOVEMENT) {
            out->margin = NAN;
            out->margin_boundary = migdip_scope_code(out->scope);
        }
        return;
    }
    if (fabs(mutual_score) < out->margin) {
        out->margin = fabs(mutual_score);
        out->margin_boundary = "mutual exposure";
    }
    if (mutual_score >= 0) {
        out->quadrant[0] = out->quadrant[1] = MIGDIP_Q_MUTUAL;
        return;
    }
    /* §4.2: which side is the more exposed is itself a boundary */
    if (gap < out->margin) {
        out->margin = gap;
        out->margin_boundary = "exposure order";
    }
    if (out->power_ok && fabs(fabs(out->power_diff) - prm->parity_band) < out->margin) {
        out->margin = fabs(fabs(out->power_diff) - prm->parity_band);
        out->margin_boundary = "power parity";
    }
    out->close_call = gap < prm->mutual_gap;
    int more = ea > eb ? 0 : 1, less = 1 - more;
    out->seasonal_unseen = hosts_seasonal(p, act[less], act[more]);
    out->low_confidence = out->close_call || out->seasonal_unseen;
    if (!out->power_ok) {
        /* §4.3: unknown power names no logic; the explanation says who is more exposed */
        out->quadrant[0] = out->quadrant[1] = MIGDIP_Q_NONE;
    } else if (out->stronger < 0) {
        /* near parity the typology's rows do not separate the two: the less exposed state
         * holds the leverage (§4.3) */
        out->quadrant[less] = MIGDIP_Q_II;
        out->quadrant[more] = MIGDIP_Q_III;
    } else if (out->stronger == more) {
        out->quadrant[more] = MIGDIP_Q_I;
        out->quadrant[less] = MIGDIP_Q_IV;
    } else {
        out->quadrant[less] = MIGDIP_Q_II;
        out->quadrant[more] = MIGDIP_Q_III;
    }
}
