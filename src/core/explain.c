/* explain.c - a plain-language explanation of a dyad for an analyst (docs/model.md §4.4):
 * who is stronger by which measure and figures, each side's exposure with its band, the values
 * behind it in their units, what institutions did, the verdict, what would flip it, every
 * input that is not a plain observation, and what the data cannot see. */
#include "core/explain.h"

#include <math.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

const char *mg_explain_band(double e, const mg_params *prm)
{
    if (isnan(e))
        return "unknown";
    return e < prm->scope_min_exposure ? "low" : e < prm->mutual_min ? "moderate" : "high";
}

/* A count of persons rounded to what the data can tell: three significant figures. */
static void persons(mg_strbuf *b, double v)
{
    if (isnan(v)) {
        mg_strbuf_puts(b, "an unknown number of");
        return;
    }
    double r = v;
    if (v >= 1000) {
        double scale = pow(10, floor(log10(v)) - 2);
        r = round(v / scale) * scale;
    }
    if (r >= 1e6)
        mg_strbuf_printf(b, "about %.3g million", r / 1e6);
    else if (r >= 1000)
        mg_strbuf_printf(b, "about %.0f,%03.0f", floor(r / 1000), fmod(r, 1000));
    else
        mg_strbuf_printf(b, "%.0f", r);
}

static void money(mg_strbuf *b, double v)
{
    if (v >= 1e12)
        mg_strbuf_printf(b, "$%.3g trillion", v / 1e12);
    else if (v >= 1e9)
        mg_strbuf_printf(b, "$%.3g billion", v / 1e9);
    else
        mg_strbuf_printf(b, "$%.3g million", v / 1e6);
}

/* asylum_host: self is the other's country of first asylum, whose people there are all read as
 * forced migrants (§1.1). */
static void side_text(mg_strbuf *b, const migdip_side *s, int year, const mg_params *prm, const char *self,
                      const char *other, bool asylum_host)
{
    mg_strbuf_printf(b, "%s: exposure %.2f (%s)", self, s->exposure_raw, mg_explain_band(s->exposure_raw, prm));
    if (fabs(s->exposure - s->exposure_raw) >= 0.005)
        mg_strbuf_printf(b, ", %.2f after institutions narrow the gap", s->exposure);
    if (s->exposure_send > 0.005) {
        mg_strbuf_printf(b, ". As a sender (%.2f): ", s->exposure_send);
        if (!isnan(s->rd)) {
            mg_strbuf_printf(b, "remittances are %.1f%% of GDP and %.0f%% of them come from %s, so %.1f%% of GDP "
                                "depends on it (contribution %.2f)",
                             s->remit_pct_gdp, 100 * s->remit_share, other, 100 * s->rd, s->contrib[MIGDIP_F_REMIT]);
            if (s->remit_fallback)
                mg_strbuf_puts(b, " [share modelled from migrant stocks and incomes]");
            if (s->remit_carried)
                mg_strbuf_printf(b, " [share from the %d remittance matrix, %d years away: carried]",
                                 s->remit_matrix_year, abs(year - s->remit_matrix_year));
        } else
            mg_strbuf_puts(b, "remittance dependency unknown (data gap)");
        if (!isnan(s->emig_share)) {
            mg_strbuf_puts(b, "; ");
            persons(b, s->emig_in_partner);
            mg_strbuf_printf(b, " of its emigrants, %.0f%% of them, live in %s (%.1f effective destinations; "
                                "contribution %.2f)",
                             100 * s->emig_share, other, s->eff_destinations, s->contrib[MIGDIP_F_CONC]);
        }
        if (!isnan(s->valve))
            mg_strbuf_printf(b, ", equal to %.1f%% of its labour force (contribution %.2f)", 100 * s->valve,
                             s->contrib[MIGDIP_F_VALVE]);
        if (s->emig_recorded > 0) {
            mg_strbuf_puts(b, " [its own deployment records count ");
            persons(b, s->emig_recorded);
            mg_strbuf_puts(b, " more workers there than the census-based stocks]");
        }
    }
    if (s->exposure_host > 0.005 || s->partner_migrants > 0 || s->partner_born > 0) {
        mg_strbuf_printf(b, ". As a host (%.2f): ", s->exposure_host);
        persons(b, s->partner_migrants);
        mg_strbuf_printf(b, " labour migrants from %s", other);
        if (!isnan(s->lf_share))
            mg_strbuf_printf(b, " are %.1f%% of its labour force (contribution %.2f)", 100 * s->lf_share,
                             s->contrib[MIGDIP_F_LABOUR]);
        if (!isnan(s->pool_share))
            mg_strbuf_printf(b, " and %.0f%% of its migrants (contribution %.2f%s)", 100 * s->pool_share,
                             s->contrib[MIGDIP_F_POOL],
                             s->pool_weight < 1 ? ", a small pool against the labour force" : "");
        if (s->partner_protection > 0.5 || s->partner_legacy > 0.5) {
            mg_strbuf_puts(b, " [of ");
            persons(b, s->partner_born);
            mg_strbuf_puts(b, " persons born there");
            if (s->partner_protection > 0.5) {
                mg_strbuf_puts(b, ", ");
                persons(b, s->partner_protection);
                mg_strbuf_puts(b, asylum_host ? " are registered refugees or others in need of protection "
                                                "(UNHCR), and all are read as such in a country of first asylum"
                                              : " are refugees or others in need of protection (UNHCR)");
            }
            if (s->partner_legacy > 0.5) {
                mg_strbuf_puts(b, ", ");
                persons(b, s->partner_legacy);
                mg_strbuf_puts(b, s->partner_legacy_refugees
                                      ? " are discounted as a legacy population (mostly refugees at least two "
                                        "decades ago, the corridor has not grown since)"
                                      : " are discounted as a legacy population (the corridor has shrunk for decades)");
            }
            mg_strbuf_puts(b, "]");
        }
        if (s->partner_recorded > 0) {
            mg_strbuf_printf(b, " [%s's own deployment records add ", other);
            persons(b, s->partner_recorded);
            mg_strbuf_puts(b, " workers the census-based stocks miss]");
        }
        if (!isnan(s->substitutability))
            mg_strbuf_printf(b, "; other senders that fit as well could supply %.1f times as many workers "
                                "(substitutability %.2f lowers the exposure by %.2f)",
                             s->partner_migrants > 0 ? s->alt_supply / s->partner_migrants : 0, s->substitutability,
                             -s->contrib[MIGDIP_F_SUBST]);
        if (!isnan(s->control) && s->control < 1)
            mg_strbuf_printf(b, "; %s controls no deployment channel for some or all of them (no labour "
                                "agreement or scheme in force%s), so it could withhold about %.0f%% of them (lowers "
                                "the exposure by %.2f)",
                             other, s->control < prm->control_base ? ", a land border" : "", 100 * s->control,
                             -s->contrib[MIGDIP_F_CONTROL]);
    }
    if (s->data_gap)
        mg_strbuf_printf(b, " [data gap: %s]", s->gap_note);
    mg_strbuf_puts(b, ".\n");
}

static void power_text(const migdip_dyad *d, const mg_params *prm, const char *const names[2], mg_strbuf *b)
{
    const char *measure = prm->power == MIGDIP_POWER_GDP     ? "ln GDP (current US$)"
                          : prm->power == MIGDIP_POWER_GDPPC ? "ln GDP per head (PPP)"
                          : prm->power == MIGDIP_POWER_CINC  ? "ln CINC (COW)"
                                                              : "the composite 0.75 ln GDP per head + 0.25 ln GDP (PPP)";
    if (!d->power_ok) {
        mg_strbuf_printf(b, "Power (%s): unknown for %s: no source has its figures for %d, so no logic can be "
                            "named.\n",
                         measure, !d->side[0].power_known ? names[0] : names[1], d->year);
        return;
    }
    mg_strbuf_printf(b, "Power (%s): ", measure);
    for (int s = 0; s < 2; s++) {
        const migdip_side *x = &d->side[s];
        mg_strbuf_printf(b, "%s%s GDP per head $%.0f, GDP ", s ? "; " : "", names[s], x->gdppc_ppp);
        money(b, x->gdp_ppp);
        mg_strbuf_printf(b, " (PPP; %s", x->power_source[0] ? x->power_source : "WDI");
        if (x->power_members_missing)
            mg_strbuf_printf(b, "; %d member%s without figures left out", x->power_members_missing,
                             x->power_members_missing > 1 ? "s" : "");
        mg_strbuf_puts(b, ")");
    }
    if (d->stronger < 0)
        mg_strbuf_printf(b, ". They are near parity (difference %.2f, inside the band of %.2f).\n", fabs(d->power_diff),
                         prm->parity_band);
    else
        mg_strbuf_printf(b, ". %s is the stronger by %.2f log points (about %.0f%%).\n", names[d->stronger],
                         fabs(d->power_diff), 100 * (exp(fabs(d->power_diff)) - 1));
    if (d->power_contested)
        mg_strbuf_printf(b, "Contested call: by %s %s is the larger; the verdict rests on the measure chosen.\n",
                         prm->power == MIGDIP_POWER_GDP ? "income per head" : "economic size",
                         names[1 - d->stronger]);
}

void mg_explain_scope(const migdip_dyad *d, const mg_params *prm, const char *const names[2], mg_strbuf *b)
{
    switch (d->scope) {
    case MIGDIP_SCOPE_TERRITORY:
        mg_strbuf_puts(b, "a side is a non-sovereign territory: its migration is governed by its sovereign "
                          "(treat territories as actors with --territories)");
        break;
    case MIGDIP_SCOPE_FREE_MOVEMENT:
        mg_strbuf_printf(b, "%s and %s are in enforceable free movement in %d (docs/registry.md): no bilateral "
                            "migration diplomacy",
                         names[0], names[1], d->year);
        break;
    case MIGDIP_SCOPE_FORCED:
        if (d->first_asylum >= 0) {
            int h = d->first_asylum;
            mg_strbuf_printf(b, "the emigrants of %s are mostly refugees or others in need of protection (UNHCR) "
                                "and %s, its neighbour, is a country of first asylum for them, where "
                                "registrations undercount (",
                             names[1 - h], names[h]);
            persons(b, d->registered);
            mg_strbuf_puts(b, " registered of ");
            persons(b, d->volume_born);
            mg_strbuf_puts(b, " persons in the two corridors): a refugee context, which the framework does not cover");
        } else
            mg_strbuf_printf(b, "%.0f%% of the persons in the two corridors are refugees, asylum seekers or others "
                                "in need of protection (UNHCR): forced migration, which the framework does not "
                                "cover",
                             100 * d->forced_share);
        break;
    case MIGDIP_SCOPE_VOLUME:
        persons(b, d->volume);
        mg_strbuf_printf(b, " labour migrants in the two corridors, below the high-volume threshold of %.0f",
                         prm->scope_min_stock);
        break;
    case MIGDIP_SCOPE_EXPOSURE:
        mg_strbuf_printf(b, "neither side is substantially exposed (highest %.2f before institutions, below %.2f)",
                         fmax(d->side[0].exposure_raw, d->side[1].exposure_raw), prm->scope_min_exposure);
        break;
    default: mg_strbuf_puts(b, "in scope");
    }
}

void mg_explain_fragility(const migdip_dyad *d, const mg_params *prm, const char *const names[2], mg_strbuf *b)
{
    if (!d->in_scope) {
        if (d->scope == MIGDIP_SCOPE_VOLUME || d->scope == MIGDIP_SCOPE_EXPOSURE) {
            mg_strbuf_puts(b, "it would enter the scope if ");
            if (d->scope == MIGDIP_SCOPE_VOLUME) {
                persons(b, d->margin);
                mg_strbuf_puts(b, " more labour migrants were counted");
            } else
                mg_strbuf_printf(b, "the more exposed side's exposure before institutions rose by %.2f", d->margin);
        } else if (d->scope == MIGDIP_SCOPE_FORCED && d->first_asylum >= 0)
            mg_strbuf_printf(b, "it would enter the scope if fewer than half of the emigrants of %s were in need of "
                                "protection, or %s ceased to be a country of first asylum for them",
                             names[1 - d->first_asylum], names[d->first_asylum]);
        else if (d->scope == MIGDIP_SCOPE_FORCED)
            mg_strbuf_printf(b, "it would enter the scope if the share in need of protection fell by %.0f points",
                             100 * d->margin);
        else
            mg_strbuf_puts(b, "the rule is structural: no figure moves it");
        return;
    }
    int more = d->side[0].exposure > d->side[1].exposure ? 0 : 1;
    const char *bd = d->margin_boundary ? d->margin_boundary : "";
    const char *weight = d->margin < 0.05 ? "fragile" : d->margin < 0.15 ? "moderately robust" : "robust";
    mg_strbuf_printf(b, "%s: ", weight);
    if (!strcmp(bd, "mutual exposure")) {
        if (d->quadrant[0] == MIGDIP_Q_MUTUAL)
            mg_strbuf_printf(b, "it would stop being mutual if the less exposed side's exposure fell by %.2f "
                                "(below %.2f)", d->margin, prm->mutual_min);
        else
            mg_strbuf_printf(b, "it would become mutual exposure if %s's exposure before institutions rose by %.2f "
                                "(to %.2f)", names[1 - more], d->margin, prm->mutual_min);
    } else if (!strcmp(bd, "exposure order"))
        mg_strbuf_printf(b, "the roles would swap if the exposure gap of %.2f closed", d->margin);
    else if (!strcmp(bd, "power parity"))
        mg_strbuf_printf(b, "a change of %.2f log points (about %.0f%%) in relative power would %s", d->margin,
                         100 * (exp(d->margin) - 1), d->stronger < 0 ? "name a stronger state" : "make it parity");
    else
        mg_strbuf_printf(b, "it would leave the scope if %s's exposure before institutions fell by %.2f (below %.2f)",
                         names[d->side[0].exposure_raw >= d->side[1].exposure_raw ? 0 : 1], d->margin,
                         prm->scope_min_exposure);
}

/* The inputs that are not plain observations of the year. */
static void flags_text(const migdip_dyad *d, const char *const names[2], mg_strbuf *b)
{
    mg_strbuf sb;
    mg_strbuf_init(&sb);
    if (d->stock_flag == MIGDIP_FLAG_INTERPOLATED)
        mg_strbuf_printf(&sb, "; migrant stocks interpolated between UN years (from %d)", d->stock_year);
    else if (d->stock_flag == MIGDIP_FLAG_CARRIED)
        mg_strbuf_printf(&sb, "; migrant stocks carried from %d", d->stock_year);
    for (int s = 0; s < 2; s++) {
        const migdip_side *x = &d->side[s];
        if (x->remit_fallback)
            mg_strbuf_printf(&sb, "; %s's remittance share modelled", names[s]);
        if (x->remit_carried)
            mg_strbuf_printf(&sb, "; %s's remittance share carried from the %d matrix", names[s], x->remit_matrix_year);
        if (x->lf_derived)
            mg_strbuf_printf(&sb, "; %s's labour force from PWT employment (bridged)", names[s]);
        if (strstr(x->power_source, "bridged"))
            mg_strbuf_printf(&sb, "; %s's power figures from %s", names[s], x->power_source);
        if (x->data_gap)
            mg_strbuf_printf(&sb, "; missing: %s", x->gap_note);
    }
    const char *t = sb.p;
    if (t && *t)
        mg_strbuf_printf(b, "Inputs not observed in %d: %s.\n", d->year, t + 2);
    mg_strbuf_cleanup(&sb);
}

/* What the data cannot see: this pair's own blind spots first, then those of every pair. */
static void unseen_text(const migdip_dyad *d, const char *const names[2], mg_strbuf *b)
{
    mg_strbuf_puts(b, "What the data cannot see: ");
    if (d->seasonal_host >= 0)
        mg_strbuf_printf(b, "the seasonal workers %s takes from %s under the scheme in force, absent from "
                            "census-based stocks; ",
                         names[d->seasonal_host], names[1 - d->seasonal_host]);
    for (int s = 0; s < 2; s++) {
        const migdip_side *x = &d->side[s];
        if (!isnan(x->control) && x->control < 1 && x->partner_migrants >= 1)
            mg_strbuf_printf(b, "how many of the workers from %s in %s came irregularly or stay without papers "
                                "(no channel covers them all); ",
                             names[1 - s], names[s]);
        if (x->partner_protection > 0.5)
            mg_strbuf_printf(b, "whether the refugees from %s in %s (subtracted) work; ", names[1 - s], names[s]);
    }
    mg_strbuf_puts(b, "and, for every pair, seasonal and short-term workers absent from census-based stocks, "
                      "reliance concentrated in one sector (domestic work, care, construction, farms), irregular "
                      "workers, and the politics of the moment (a war, a crisis, a campaign).\n");
}

void mg_explain_dyad(const migdip_dyad *d, const mg_params *prm, const char *name_a, const char *name_b,
                     double p_verdict, mg_strbuf *b)
{
    const char *const names[2] = {name_a, name_b};
    power_text(d, prm, names, b);
    side_text(b, &d->side[0], d->year, prm, name_a, name_b, d->first_asylum == 0);
    side_text(b, &d->side[1], d->year, prm, name_b, name_a, d->first_asylum == 1);
    if (d->inst > 0.005)
        mg_strbuf_printf(b, "Institutions: index %.2f; they narrow the gap between the two exposures by %.2f "
                            "(each side %.2f toward the other): rules stabilise expectations, they do not add "
                            "exposure.\n",
                         d->inst, 2 * fabs(d->side[0].contrib[MIGDIP_F_INST]), fabs(d->side[0].contrib[MIGDIP_F_INST]));
    else
        mg_strbuf_puts(b, "Institutions: none recorded between them.\n");
    if (!d->in_scope) {
        mg_strbuf_puts(b, "Verdict: out of scope: ");
        mg_explain_scope(d, prm, names, b);
        mg_strbuf_puts(b, ".\nRobustness: ");
        mg_explain_fragility(d, prm, names, b);
        mg_strbuf_puts(b, ".\n");
    } else {
        int more = d->side[0].exposure > d->side[1].exposure ? 0 : 1;
        if (d->quadrant[0] == MIGDIP_Q_MUTUAL)
            mg_strbuf_printf(b, "Verdict: mutual exposure (both at least %.2f before institutions): both share "
                                "incentives to avoid escalation, so both cooperate.\n",
                             prm->mutual_min);
        else if (!d->power_ok)
            mg_strbuf_printf(b, "Verdict: none: %s is the more exposed, but with power unknown the typology names "
                                "no logic.\n",
                             names[more]);
        else if (d->stronger < 0)
            mg_strbuf_printf(b, "Verdict: %s is more exposed; at parity the less exposed %s holds the leverage: "
                                "%s %s, %s %s.\n",
                             names[more], names[1 - more], names[1 - more], migdip_quadrant_code(d->quadrant[1 - more]),
                             names[more], migdip_quadrant_code(d->quadrant[more]));
        else
            mg_strbuf_printf(b, "Verdict: the exposure disadvantages the %s state: %s %s (%s), %s %s (%s).\n",
                             d->stronger == more ? "stronger" : "weaker", names[d->stronger],
                             migdip_quadrant_code(d->quadrant[d->stronger]),
                             migdip_quadrant_label(d->quadrant[d->stronger]), names[1 - d->stronger],
                             migdip_quadrant_code(d->quadrant[1 - d->stronger]),
                             migdip_quadrant_label(d->quadrant[1 - d->stronger]));
        if (d->close_call)
            mg_strbuf_printf(b, "Low confidence: the exposure gap (%.2f) is under %.2f, within what the data can "
                                "tell apart.\n",
                             fabs(d->side[0].exposure - d->side[1].exposure), prm->mutual_gap);
        if (d->seasonal_unseen) {
            int host = d->side[0].exposure > d->side[1].exposure ? 1 : 0; /* the less exposed side */
            mg_strbuf_printf(b, "Low confidence: %s takes seasonal workers from %s under a scheme in force; they stay "
                                "a season and are missing from census-based stocks, so %s's exposure is understated "
                                "and it may not be the less exposed side.\n",
                             names[host], names[1 - host], names[host]);
        }
        mg_strbuf_printf(b, "Robustness (margin %.3f to the %s boundary): ", d->margin,
                         d->margin_boundary ? d->margin_boundary : "nearest");
        mg_explain_fragility(d, prm, names, b);
        if (!isnan(p_verdict))
            mg_strbuf_printf(b, "; over %d draws of the parameters within their prior ranges the verdict holds in "
                                "%.0f%% of them",
                             MG_EXPLAIN_DRAWS, 100 * p_verdict);
        mg_strbuf_puts(b, ".\n");
    }
    flags_text(d, names, b);
    unseen_text(d, names, b);
}
