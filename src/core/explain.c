/* explain.c - a plain-language explanation of a dyad, built from its decomposition: who is
 * stronger, what drives each side's exposure, what institutions did, and the verdict. */
#include "core/explain.h"

#include <math.h>
#include <stdio.h>
#include <stdlib.h>

static void side_text(mg_strbuf *b, const migdip_side *s, int year, const char *self, const char *other)
{
    mg_strbuf_printf(b, "%s: exposure %.2f", self, s->exposure);
    if (s->exposure_send > 0.005) {
        mg_strbuf_printf(b, "; as a sender (%.2f): ", s->exposure_send);
        if (!isnan(s->rd)) {
            mg_strbuf_printf(b, "remittances are %.1f%% of GDP, %.0f%% of them from %s (dependency %.1f%% of GDP%s)",
                          s->remit_pct_gdp, 100 * s->remit_share, other, 100 * s->rd,
                          s->remit_fallback ? ", shares estimated from migrant stocks" : "");
            if (s->remit_carried)
                mg_strbuf_printf(b, " [shares from the %d remittance matrix, %d years away: carried]",
                                 s->remit_matrix_year, abs(year - s->remit_matrix_year));
        } else
            mg_strbuf_printf(b, "remittance dependency unknown (data gap)");
        if (!isnan(s->emig_share))
            mg_strbuf_printf(b, "; %.0f%% of its emigrants live in %s (%.1f effective destinations)",
                          100 * s->emig_share, other, s->eff_destinations);
        if (!isnan(s->valve))
            mg_strbuf_printf(b, ", equal to %.1f%% of its labour force", 100 * s->valve);
    }
    if (s->exposure_host > 0.005 || s->partner_migrants > 0) {
        mg_strbuf_printf(b, "; as a host (%.2f): ", s->exposure_host);
        if (!isnan(s->lf_share))
            mg_strbuf_printf(b, "migrants from %s are %.1f%% of its labour force", other, 100 * s->lf_share);
        if (!isnan(s->pool_share))
            mg_strbuf_printf(b, " and %.1f%% of its migrants", 100 * s->pool_share);
        if (!isnan(s->substitutability))
            mg_strbuf_printf(b, "; alternative senders that fit as well offer about %.0f workers "
                             "(substitutability %.2f, which removes %.2f)",
                          s->alt_supply, s->substitutability, -s->contrib[MIGDIP_F_SUBST]);
    }
    if (s->data_gap)
        mg_strbuf_printf(b, " [data gap: %s]", s->gap_note);
    mg_strbuf_puts(b, ".\n");
}

void mg_explain_dyad(const migdip_dyad *d, const char *name_a, const char *name_b, mg_strbuf *b)
{
    const char *names[2] = {name_a, name_b};
    if (d->power_ok) {
        if (d->stronger < 0)
            mg_strbuf_printf(b, "Power: %s and %s are near parity (difference %.2f, inside the band): "
                             "neither is the stronger.\n", name_a, name_b, fabs(d->power_diff));
        else
            mg_strbuf_printf(b, "Power: %s is the stronger state (score %.2f above %s).\n", names[d->stronger],
                          fabs(d->power_diff), names[1 - d->stronger]);
    } else {
        mg_strbuf_printf(b, "Power: unknown for %s (data gap); treated as parity.\n",
                      !d->side[0].power_known ? name_a : name_b);
    }
    side_text(b, &d->side[0], d->year, name_a, name_b);
    side_text(b, &d->side[1], d->year, name_b, name_a);
    if (d->inst > 0.005)
        mg_strbuf_printf(b, "Institutions: index %.2f; they moved each exposure %.2f toward the other.\n", d->inst,
                      fabs(d->side[0].contrib[MIGDIP_F_INST]));
    else
        mg_strbuf_puts(b, "Institutions: none recorded between them.\n");
    if (!d->in_scope) {
        if (!d->volume_ok)
            mg_strbuf_printf(b, "Verdict: out of scope: %.0f persons in both corridors is below the framework's "
                             "high-volume threshold.\n", d->volume);
        else
            mg_strbuf_printf(b, "Verdict: out of scope: neither side is substantially exposed (highest %.2f).\n",
                          fmax(d->side[0].exposure, d->side[1].exposure));
        return;
    }
    if (d->quadrant[0] == MIGDIP_Q_MUTUAL) {
        mg_strbuf_printf(b, "Verdict: mutual exposure (%.2f and %.2f): both share incentives to avoid escalation, "
                         "so both cooperate.\n", d->side[0].exposure, d->side[1].exposure);
        return;
    }
    int more = d->side[0].exposure > d->side[1].exposure ? 0 : 1;
    if (d->stronger < 0)
        mg_strbuf_printf(b, "Verdict: %s is more exposed; at parity the less exposed %s holds the leverage: "
                         "%s %s, %s %s.\n", names[more], names[1 - more], names[1 - more],
                      migdip_quadrant_code(d->quadrant[1 - more]), names[more], migdip_quadrant_code(d->quadrant[more]));
    else if (d->stronger == more)
        mg_strbuf_printf(b, "Verdict: the exposure disadvantages the stronger state: %s %s (%s), %s %s (%s).\n",
                      names[d->stronger], migdip_quadrant_code(d->quadrant[d->stronger]),
                      migdip_quadrant_label(d->quadrant[d->stronger]), names[1 - d->stronger],
                      migdip_quadrant_code(d->quadrant[1 - d->stronger]), migdip_quadrant_label(d->quadrant[1 - d->stronger]));
    else
        mg_strbuf_printf(b, "Verdict: the exposure disadvantages the weaker state: %s %s (%s), %s %s (%s).\n",
                      names[d->stronger], migdip_quadrant_code(d->quadrant[d->stronger]),
                      migdip_quadrant_label(d->quadrant[d->stronger]), names[1 - d->stronger],
                      migdip_quadrant_code(d->quadrant[1 - d->stronger]), migdip_quadrant_label(d->quadrant[1 - d->stronger]));
    mg_strbuf_printf(b, "Margin: %.3f to the nearest boundary (%s).\n", d->margin, d->margin_boundary);
}
