/* charts.c - the charts of `--svg` and `migdip report`, drawn from the library's results (the
 * same values --json prints, each mark carrying its value in a data-value attribute): a dyad's
 * decomposition beside its place on the typology plane (the article's Figure 1), a trajectory,
 * the two cost paths of a simulation, the robustness probabilities and a state's portfolio.
 * Every chart names its units on the axes, the data vintage and the power measure in its
 * footer, draws a missing value as missing (a gap, a hatched band, "n/a"), and says what it
 * shows in its <title> and <desc>. */
#include <math.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "present.h"

#define BLUE present_palette[0]
#define ORANGE present_palette[1]
#define GREEN present_palette[2]
#define PURPLE present_palette[3]
#define GREY "#767676"

typedef struct plot {
    double x, y, w, h;       /* the plotting area, pixels */
    double x0, x1, y0, y1;   /* the data range */
} plot;

static double px(const plot *p, double v) { return p->x + (v - p->x0) / (p->x1 - p->x0) * p->w; }
static double py(const plot *p, double v) { return p->y + p->h - (v - p->y0) / (p->y1 - p->y0) * p->h; }

/* Gridlines, ticks and the axes' titles (with their units). */
static void axes(present_svg *s, const plot *p, const char *xlabel, const char *ylabel, bool xticks, bool yticks)
{
    char t[32];
    if (yticks) {
        double st = present_svg_step(p->y0, p->y1, 5);
        for (double v = ceil(p->y0 / st) * st; v <= p->y1 + st * 1e-9; v += st) {
            double y = py(p, v);
            present_svg_raw(s, "<line x1=\"%.1f\" x2=\"%.1f\" y1=\"%.1f\" y2=\"%.1f\" stroke=\"#e0e0e0\"/>\n", p->x,
                            p->x + p->w, y, y);
            present_svg_tick(t, sizeof t, fabs(v) < st * 1e-9 ? 0 : v);
            present_svg_text(s, p->x - 6, y + 4, "text-anchor=\"end\" fill=\"#333\"", "%s", t);
        }
    }
    if (xticks) {
        double st = present_svg_step(p->x0, p->x1, 8);
        if (st < 1 && p->x1 - p->x0 > 4)
            st = 1;
        for (double v = ceil(p->x0 / st) * st; v <= p->x1 + st * 1e-9; v += st) {
            double x = px(p, v);
            present_svg_raw(s, "<line x1=\"%.1f\" x2=\"%.1f\" y1=\"%.1f\" y2=\"%.1f\" stroke=\"#333\"/>\n", x, x,
                            p->y + p->h, p->y + p->h + 4);
            present_svg_tick(t, sizeof t, fabs(v) < st * 1e-9 ? 0 : v);
            present_svg_text(s, x, p->y + p->h + 16, "text-anchor=\"middle\" fill=\"#333\"", "%s", t);
        }
    }
    present_svg_raw(s, "<path d=\"M%.1f %.1fV%.1fH%.1f\" fill=\"none\" stroke=\"#333\"/>\n", p->x, p->y, p->y + p->h,
                    p->x + p->w);
    if (xlabel)
        present_svg_text(s, p->x + p->w / 2, p->y + p->h + 34,
                         "text-anchor=\"middle\" font-weight=\"bold\" class=\"axis-title\"", "%s", xlabel);
    if (ylabel)
        present_svg_raw(s, "<text transform=\"translate(%.1f %.1f) rotate(-90)\" text-anchor=\"middle\" "
                           "font-weight=\"bold\" class=\"axis-title\">%s</text>\n", p->x - 44, p->y + p->h / 2, ylabel);
}

static void footer(present_svg *s, double w, double h, const char *text)
{
    present_svg_text(s, 10, h - 10, "fill=\"#444\" font-size=\"11\" class=\"vintage\"", "%s", text);
    (void)w;
}

static void legend(present_svg *s, double x, double y, const char *colour, const char *dash, const char *marker,
                   const char *label)
{
    present_svg_raw(s, "<line x1=\"%.1f\" x2=\"%.1f\" y1=\"%.1f\" y2=\"%.1f\" stroke=\"%s\" stroke-width=\"3\"%s%s%s/>\n",
                    x, x + 24, y - 4, y - 4, colour, dash ? " stroke-dasharray=\"" : "", dash ? dash : "",
                    dash ? "\"" : "");
    if (marker && !strcmp(marker, "square"))
        present_svg_raw(s, "<rect x=\"%.1f\" y=\"%.1f\" width=\"7\" height=\"7\" fill=\"%s\"/>\n", x + 8.5, y - 7.5,
                        colour);
    else if (marker)
        present_svg_raw(s, "<circle cx=\"%.1f\" cy=\"%.1f\" r=\"3.5\" fill=\"%s\"/>\n", x + 12, y - 4, colour);
    present_svg_text(s, x + 30, y, "", "%s", label);
}

static const char *stock_how(migdip_flag f)
{
    return f == MIGDIP_FLAG_OBSERVED ? "observed" : f == MIGDIP_FLAG_INTERPOLATED ? "interpolated"
                                                : f == MIGDIP_FLAG_CARRIED        ? "carried"
                                                                                  : "none";
}

/* ---------------------------------------------------------------- the typology plane */

void present_chart_plane(present_svg *s, double x, double y, double size, const char *const name[2],
                         const migdip_dyad *d)
{
    /* each side at (own exposure - partner's, own power - partner's): Figure 1's quadrants */
    double gx = d->side[0].exposure - d->side[1].exposure, gy = d->power_diff;
    double rx = fmax(0.5, ceil(fabs(gx) * 10 + 1) / 10), ry = fmax(1.0, ceil(isnan(gy) ? 1 : fabs(gy) * 2 + 1) / 2);
    plot p = {x + 50, y + 10, size - 60, size - 60, -rx, rx, -ry, ry};
    static const struct { double sx, sy; const char *code, *label; } Q[] = {
        {1, 1, "I", "Cooperation"}, {-1, 1, "II", "Coercion"},
        {1, -1, "III", "Constrained accommodation"}, {-1, -1, "IV", "Coercive assertion"}};
    for (int k = 0; k < 4; k++) {
        double qx = Q[k].sx > 0 ? px(&p, 0) : p.x, qy = Q[k].sy > 0 ? p.y : py(&p, 0);
        present_svg_raw(s, "<rect x=\"%.1f\" y=\"%.1f\" width=\"%.1f\" height=\"%.1f\" fill=\"%s\" fill-opacity=\"0.08\"/>\n",
                        qx, qy, p.w / 2, p.h / 2, present_palette[k == 0 ? 2 : k == 1 ? 5 : k == 2 ? 1 : 3]);
        present_svg_text(s, qx + p.w / 4, qy + 14, "text-anchor=\"middle\" font-size=\"10\" fill=\"#333\"", "%s %s",
                         Q[k].code, Q[k].label);
    }
    present_svg_raw(s, "<rect x=\"%.1f\" y=\"%.1f\" width=\"%.1f\" height=\"%.1f\" fill=\"#999\" fill-opacity=\"0.15\">"
                       "<title>parity band: |power difference| under 0.10 log points</title></rect>\n",
                    p.x, py(&p, 0.1), p.w, py(&p, -0.1) - py(&p, 0.1));
    axes(s, &p, "own exposure minus partner's (index points)", "own power minus partner's (log points)", true, true);
    if (isnan(gy)) {
        present_svg_text(s, p.x + p.w / 2, p.y + p.h / 2, "text-anchor=\"middle\" fill=\"#b00\"",
                         "power unknown: no place on the plane");
        return;
    }
    for (int side = 0; side < 2; side++) {
        double sx = side ? -gx : gx, sy = side ? -gy : gy;
        present_svg_raw(s, "<g class=\"plane-point\" data-side=\"%s\" data-exposure-gap=\"%.6f\" data-power-diff=\"%.6f\">",
                        name[side], sx, sy);
        if (side)
            present_svg_raw(s, "<rect x=\"%.1f\" y=\"%.1f\" width=\"10\" height=\"10\" fill=\"%s\" stroke=\"#000\"/>",
                            px(&p, sx) - 5, py(&p, sy) - 5, ORANGE);
        else
            present_svg_raw(s, "<circle cx=\"%.1f\" cy=\"%.1f\" r=\"6\" fill=\"%s\" stroke=\"#000\"/>", px(&p, sx),
                            py(&p, sy), BLUE);
        present_svg_raw(s, "<title>%s: exposure gap %.3f, power difference %.3f, quadrant %s</title></g>\n", name[side],
                        sx, sy, migdip_quadrant_code(d->quadrant[side]));
        present_svg_text(s, px(&p, sx) + 9, py(&p, sy) - 7, "font-weight=\"bold\"", "%s (%s)", name[side],
                         migdip_quadrant_code(d->quadrant[side]));
    }
}

/* ---------------------------------------------------------------- a dyad */

char *present_chart_dyad(const migdip_actor *a, const migdip_actor *b, const migdip_dyad *d, const char *power)
{
    const char *name[2] = {a->name, b->name};
    char title[160], desc[1200], foot[400];
    snprintf(title, sizeof title, "%s and %s, %d: exposure, its decomposition and the typology plane", a->name,
             b->name, d->year);
    snprintf(desc, sizeof desc,
             "Exposure of %s %.3f (quadrant %s), of %s %.3f (quadrant %s); power difference %s%.3f log points "
             "(%s); margin %.3f to the %s boundary. Bars: each factor's contribution to each side's exposure.",
             a->name, d->side[0].exposure, migdip_quadrant_code(d->quadrant[0]), b->name, d->side[1].exposure,
             migdip_quadrant_code(d->quadrant[1]), isnan(d->power_diff) ? "unknown " : "",
             isnan(d->power_diff) ? 0 : d->power_diff, power, d->margin, d->margin_boundary ? d->margin_boundary : "");
    double W = 980, H = 470;
    present_svg *s = present_svg_new(W, H, title, desc);
    if (!s)
        return NULL;
    present_svg_text(s, 10, 22, "font-size=\"15\" font-weight=\"bold\"", "%s", title);
    /* bars: one row a factor, then the exposure */
    int nrows = MIGDIP_F_COUNT + 1;
    double lo = 0, hi = 0;
    for (int side = 0; side < 2; side++) {
        for (int k = 0; k < MIGDIP_F_COUNT; k++) {
            double v = d->side[side].contrib[k];
            if (!isnan(v))
                lo = fmin(lo, v), hi = fmax(hi, v);
        }
        if (!isnan(d->side[side].exposure))
            hi = fmax(hi, d->side[side].exposure);
    }
    hi = hi > 0 ? hi * 1.1 : 1;
    plot p = {190, 50, 330, (double)nrows * 30, lo < 0 ? lo * 1.1 : 0, hi, 0, (double)nrows};
    for (int r = 0; r < nrows; r++) {
        const char *label = r < MIGDIP_F_COUNT ? migdip_factor_name((migdip_factor)r) : "exposure (total)";
        double ry = p.y + r * 30;
        present_svg_text(s, p.x - 6, ry + 19, "text-anchor=\"end\"", "%s", label);
        for (int side = 0; side < 2; side++) {
            double v = r < MIGDIP_F_COUNT ? d->side[side].contrib[r] : d->side[side].exposure;
            double by = ry + 4 + side * 12;
            if (isnan(v)) {
                present_svg_text(s, px(&p, 0) + 4, by + 9, "fill=\"#b00\" font-size=\"10\"", "n/a (missing)");
                continue;
            }
            double x0 = px(&p, fmin(0, v)), x1 = px(&p, fmax(0, v));
            present_svg_raw(s, "<rect class=\"bar\" data-side=\"%s\" data-factor=\"%s\" data-value=\"%.6f\" x=\"%.1f\" "
                               "y=\"%.1f\" width=\"%.1f\" height=\"10\" fill=\"%s\"%s><title>%s, %s: %.3f</title></rect>\n",
                            name[side], r < MIGDIP_F_COUNT ? migdip_factor_name((migdip_factor)r) : "exposure", v, x0,
                            by, fmax(x1 - x0, 0.5), side ? ORANGE : BLUE, side ? " stroke=\"#000\" stroke-width=\"0.5\"" : "",
                            name[side], label, v);
            present_svg_text(s, x1 + 4, by + 9, "font-size=\"10\"", "%.3f", v);
        }
    }
    plot ax = p;
    ax.y0 = 0;
    ax.y1 = 1;
    axes(s, &ax, "contribution to exposure (index, 0 to 1)", NULL, true, false);
    legend(s, p.x, p.y + p.h + 56, BLUE, NULL, NULL, a->name);
    legend(s, p.x + 120, p.y + p.h + 56, ORANGE, NULL, NULL, b->name);
    present_chart_plane(s, 590, 40, 380, name, d);
    snprintf(foot, sizeof foot,
             "Data: UN DESA migrant stocks %d (%s); power: %s (%s: %s; %s: %s); margin %.3f (%s). migdip %s",
             d->stock_year, stock_how(d->stock_flag), power, a->name,
             d->side[0].power_source[0] ? d->side[0].power_source : "n/a", b->name,
             d->side[1].power_source[0] ? d->side[1].power_source : "n/a", d->margin,
             d->margin_boundary ? d->margin_boundary : "", MIGDIP_VERSION);
    footer(s, W, H, foot);
    return present_svg_finish(s);
}

/* ---------------------------------------------------------------- a trajectory */

char *present_chart_trajectory(const migdip_trajectory *t, const char *power)
{
    char title[160], desc[2000], foot[300];
    snprintf(title, sizeof title, "%s and %s, %d-%d: exposure year by year", t->a, t->b,
             t->n ? t->rows[0].year : 0, t->n ? t->rows[t->n - 1].year : 0);
    size_t n_eval = 0, n_change = 0;
    double hi = 0.5;
    int stock_year = 0;
    migdip_flag flag = MIGDIP_FLAG_MISSING;
    for (size_t k = 0; k < t->n; k++)
        if (t->rows[k].evaluated) {
            n_eval++;
            n_change += t->rows[k].changed;
            hi = fmax(hi, fmax(t->rows[k].d.side[0].exposure, t->rows[k].d.side[1].exposure));
            stock_year = t->rows[k].d.stock_year;
            flag = t->rows[k].d.stock_flag;
        }
    snprintf(desc, sizeof desc,
             "Line chart of the exposure of %s (solid, circles) and %s (dashed, squares) over %zu years, %zu of them "
             "evaluated, %zu changes of logic marked, %zu documented episodes on the time axis.",
             t->a, t->b, t->n, n_eval, n_change, t->events ? t->events->n : 0);
    double W = 900, H = 420;
    present_svg *s = present_svg_new(W, H, title, desc);
    if (!s)
        return NULL;
    present_svg_text(s, 10, 22, "font-size=\"15\" font-weight=\"bold\"", "%s", title);
    double y0 = t->n ? t->rows[0].year - 0.5 : 0, y1 = t->n ? t->rows[t->n - 1].year + 0.5 : 1;
    plot p = {70, 50, 800, 260, y0, y1, 0, ceil(hi * 10) / 10};
    /* years without a panel: hatched, "no data" */
    present_svg_raw(s, "<defs><pattern id=\"hatch\" width=\"6\" height=\"6\" patternUnits=\"userSpaceOnUse\" "
                       "patternTransform=\"rotate(45)\"><line x1=\"0\" y1=\"0\" x2=\"0\" y2=\"6\" stroke=\"#bbb\" "
                       "stroke-width=\"2\"/></pattern></defs>\n");
    for (size_t k = 0; k < t->n; k++)
        if (!t->rows[k].evaluated)
            present_svg_raw(s, "<rect class=\"missing\" data-year=\"%d\" x=\"%.1f\" y=\"%.1f\" width=\"%.1f\" height=\"%.1f\" "
                               "fill=\"url(#hatch)\"><title>%d: no data (%s)</title></rect>\n",
                            t->rows[k].year, px(&p, t->rows[k].year - 0.5), p.y,
                            px(&p, t->rows[k].year + 0.5) - px(&p, t->rows[k].year - 0.5), p.h, t->rows[k].year,
                            t->rows[k].note);
    axes(s, &p, "year (calendar)", "exposure (index, 0 to 1)", true, true);
    for (int side = 0; side < 2; side++) {
        /* a path broken at every missing year: missing is drawn as missing */
        present_svg_raw(s, "<path fill=\"none\" stroke=\"%s\" stroke-width=\"2.5\"%s d=\"", side ? ORANGE : BLUE,
                        side ? " stroke-dasharray=\"6 4\"" : "");
        bool pen = false;
        for (size_t k = 0; k < t->n; k++) {
            const migdip_trajectory_row *r = &t->rows[k];
            double v = r->evaluated ? r->d.side[side].exposure : NAN;
            if (isnan(v)) {
                pen = false;
                continue;
            }
            present_svg_raw(s, "%c%.1f %.1f", pen ? 'L' : 'M', px(&p, r->year), py(&p, v));
            pen = true;
        }
        present_svg_raw(s, "\"/>\n");
        for (size_t k = 0; k < t->n; k++) {
            const migdip_trajectory_row *r = &t->rows[k];
            if (!r->evaluated || isnan(r->d.side[side].exposure))
                continue;
            double x = px(&p, r->year), y = py(&p, r->d.side[side].exposure);
            const char *q = migdip_quadrant_code(r->d.quadrant[side]);
            if (side)
                present_svg_raw(s, "<rect class=\"point\" data-side=\"%s\" data-year=\"%d\" data-value=\"%.6f\" "
                                   "data-quadrant=\"%s\" x=\"%.1f\" y=\"%.1f\" width=\"7\" height=\"7\" fill=\"%s\">",
                                t->b, r->year, r->d.side[1].exposure, q, x - 3.5, y - 3.5, ORANGE);
            else
                present_svg_raw(s, "<circle class=\"point\" data-side=\"%s\" data-year=\"%d\" data-value=\"%.6f\" "
                                   "data-quadrant=\"%s\" cx=\"%.1f\" cy=\"%.1f\" r=\"3.5\" fill=\"%s\">",
                                t->a, r->year, r->d.side[0].exposure, q, x, y, BLUE);
            present_svg_raw(s, "<title>%s %d: exposure %.3f, quadrant %s</title></%s>\n", side ? t->b : t->a, r->year,
                            r->d.side[side].exposure, q, side ? "rect" : "circle");
        }
    }
    for (size_t k = 0; k < t->n; k++) /* changes of logic */
        if (t->rows[k].evaluated && t->rows[k].changed) {
            double x = px(&p, t->rows[k].year);
            present_svg_raw(s, "<line x1=\"%.1f\" x2=\"%.1f\" y1=\"%.1f\" y2=\"%.1f\" stroke=\"%s\" stroke-dasharray=\"2 3\"/>\n",
                            x, x, p.y, p.y + p.h, GREY);
            present_svg_text(s, x + 2, p.y + 10, "font-size=\"9\" fill=\"#333\"", "%s/%s",
                             migdip_quadrant_code(t->rows[k].d.quadrant[0]), migdip_quadrant_code(t->rows[k].d.quadrant[1]));
        }
    for (size_t i = 0; t->events && i < t->events->n; i++) { /* documented episodes */
        const migdip_event *e = &t->events->v[i];
        if (e->year < p.x0 || e->year > p.x1)
            continue;
        double x = px(&p, e->year), y = p.y + p.h + 40;
        present_svg_raw(s, "<path class=\"event\" data-year=\"%d\" d=\"M%.1f %.1fl5 9h-10z\" fill=\"%s\"><title>", e->year,
                        x, y, PURPLE);
        present_svg_escape(present_svg_stream(s), e->event);
        present_svg_raw(s, " (%d; %s)</title></path>\n", e->year, e->kind);
    }
    legend(s, 70, H - 40, BLUE, NULL, "circle", t->a);
    legend(s, 200, H - 40, ORANGE, "6 4", "square", t->b);
    present_svg_raw(s, "<path d=\"M340 %.1fl5 9h-10z\" fill=\"%s\"/>\n", H - 50, PURPLE);
    present_svg_text(s, 352, H - 40, "", "documented episode");
    present_svg_raw(s, "<rect x=\"500\" y=\"%.1f\" width=\"16\" height=\"10\" fill=\"url(#hatch)\" stroke=\"#999\"/>\n",
                    H - 49);
    present_svg_text(s, 522, H - 40, "", "no data for the year");
    snprintf(foot, sizeof foot, "Data: UN DESA migrant stocks (last year drawn: %d, %s); power: %s. migdip %s",
             stock_year, stock_how(flag), power, MIGDIP_VERSION);
    footer(s, W, H, foot);
    return present_svg_finish(s);
}

/* ---------------------------------------------------------------- a simulation */

char *present_chart_sim(const migdip_sim_result *r, const migdip_sim_params *prm, const char *power)
{
    char title[160], desc[600], foot[600];
    const migdip_sim_month *e = r->months ? &r->month[r->months - 1] : NULL;
    snprintf(title, sizeof title, "Disruption %s -> %s, %d: cumulated costs month by month", r->sender, r->host,
             r->year);
    snprintf(desc, sizeof desc,
             "Two lines over %d months: the sender %s's remittances lost (cumulated, %% of its annual GDP) ending at "
             "%.4f, the host %s's output lost (cumulated, %% of its annual GDP) ending at %.4f; the dashed line is the "
             "tolerance, %.2f%% of GDP.",
             r->months, r->sender, e ? e->cum_remit_lost_pct_gdp : NAN, r->host, e ? e->cum_output_lost_pct_gdp : NAN,
             prm->tolerance_pct);
    double W = 900, H = 400;
    present_svg *s = present_svg_new(W, H, title, desc);
    if (!s)
        return NULL;
    present_svg_text(s, 10, 22, "font-size=\"15\" font-weight=\"bold\"", "%s", title);
    double hi = prm->tolerance_pct * 1.05;
    for (int t = 0; t < r->months; t++) {
        if (!isnan(r->month[t].cum_remit_lost_pct_gdp))
            hi = fmax(hi, r->month[t].cum_remit_lost_pct_gdp);
        if (!isnan(r->month[t].cum_output_lost_pct_gdp))
            hi = fmax(hi, r->month[t].cum_output_lost_pct_gdp);
    }
    plot p = {80, 50, 780, 250, 0, r->months > 0 ? r->months : 1, 0, hi * 1.08};
    axes(s, &p, "month of the disruption (1: the first)", "cumulated cost (% of own annual GDP)", true, true);
    double ty = py(&p, prm->tolerance_pct);
    present_svg_raw(s, "<line class=\"tolerance\" data-value=\"%.6f\" x1=\"%.1f\" x2=\"%.1f\" y1=\"%.1f\" y2=\"%.1f\" "
                       "stroke=\"#000\" stroke-dasharray=\"2 4\"/>\n", prm->tolerance_pct, p.x, p.x + p.w, ty, ty);
    present_svg_text(s, p.x + p.w - 4, ty - 4, "text-anchor=\"end\" font-size=\"10\"", "tolerance %.2f%% of GDP",
                     prm->tolerance_pct);
    for (int side = 0; side < 2; side++) {
        present_svg_raw(s, "<path fill=\"none\" stroke=\"%s\" stroke-width=\"2.5\"%s d=\"", side ? ORANGE : BLUE,
                        side ? " stroke-dasharray=\"6 4\"" : "");
        bool pen = false;
        present_svg_raw(s, "M%.1f %.1f", px(&p, 0), py(&p, 0));
        pen = true;
        for (int t = 0; t < r->months; t++) {
            double v = side ? r->month[t].cum_output_lost_pct_gdp : r->month[t].cum_remit_lost_pct_gdp;
            if (isnan(v)) {
                pen = false;
                continue;
            }
            present_svg_raw(s, "%c%.1f %.1f", pen ? 'L' : 'M', px(&p, r->month[t].month), py(&p, v));
            pen = true;
        }
        present_svg_raw(s, "\"/>\n");
        for (int t = 0; t < r->months; t++) {
            double v = side ? r->month[t].cum_output_lost_pct_gdp : r->month[t].cum_remit_lost_pct_gdp;
            if (isnan(v))
                continue;
            present_svg_raw(s, "<circle class=\"point\" data-side=\"%s\" data-month=\"%d\" data-value=\"%.6f\" cx=\"%.1f\" "
                               "cy=\"%.1f\" r=\"2.5\" fill=\"%s\"><title>%s, month %d: %.4f%% of GDP</title></circle>\n",
                            side ? "host" : "sender", r->month[t].month, v, px(&p, r->month[t].month), py(&p, v),
                            side ? ORANGE : BLUE, side ? r->host : r->sender, r->month[t].month, v);
        }
    }
    char l[96];
    snprintf(l, sizeof l, "%s (sender): remittances lost", r->sender);
    legend(s, 80, H - 40, BLUE, NULL, "circle", l);
    snprintf(l, sizeof l, "%s (host): output lost", r->host);
    legend(s, 380, H - 40, ORANGE, "6 4", "circle", l);
    snprintf(foot, sizeof foot, "Data: UN DESA migrant stocks, World Bank remittances and GDP, %d%s%s; power: %s. migdip %s",
             r->year, r->note[0] ? "; gaps: " : "", r->note, power, MIGDIP_VERSION);
    footer(s, W, H, foot);
    return present_svg_finish(s);
}

/* ---------------------------------------------------------------- robustness */

char *present_chart_robust(const migdip_actor *a, const migdip_actor *b, const migdip_robust *r, const char *power)
{
    char title[160], desc[600], foot[300];
    snprintf(title, sizeof title, "%s and %s, %d: probability of each logic over %zu draws", a->name, b->name,
             r->base.year, r->draws);
    snprintf(desc, sizeof desc,
             "Grouped bars: for each logic, the share of draws in which %s (blue) and %s (orange) take it. The verdict "
             "%s/%s holds in %.1f%% of the draws.",
             a->name, b->name, migdip_quadrant_code(r->base.quadrant[0]), migdip_quadrant_code(r->base.quadrant[1]),
             100 * r->p_same);
    double W = 760, H = 380;
    present_svg *s = present_svg_new(W, H, title, desc);
    if (!s)
        return NULL;
    present_svg_text(s, 10, 22, "font-size=\"15\" font-weight=\"bold\"", "%s", title);
    static const migdip_quadrant ORDER[] = {MIGDIP_Q_I, MIGDIP_Q_II, MIGDIP_Q_III, MIGDIP_Q_IV, MIGDIP_Q_MUTUAL,
                                            MIGDIP_Q_OUT, MIGDIP_Q_NONE};
    plot p = {70, 50, 660, 230, 0, 7, 0, 1};
    axes(s, &p, "logic (quadrant)", "probability (share of draws)", false, true);
    const double *pr[2] = {r->p_a, r->p_b};
    const char *name[2] = {a->name, b->name};
    for (int k = 0; k < 7; k++) {
        double cx = px(&p, k + 0.5);
        present_svg_text(s, cx, p.y + p.h + 16, "text-anchor=\"middle\"", "%s", migdip_quadrant_code(ORDER[k]));
        for (int side = 0; side < 2; side++) {
            double v = pr[side][ORDER[k]], x = cx - 28 + side * 28, y = py(&p, v);
            present_svg_raw(s, "<rect class=\"bar\" data-side=\"%s\" data-quadrant=\"%s\" data-value=\"%.6f\" x=\"%.1f\" "
                               "y=\"%.1f\" width=\"26\" height=\"%.1f\" fill=\"%s\"%s><title>%s, %s: %.3f</title></rect>\n",
                            name[side], migdip_quadrant_code(ORDER[k]), v, x, y, p.y + p.h - y, side ? ORANGE : BLUE,
                            side ? " stroke=\"#000\" stroke-width=\"0.5\"" : "", name[side],
                            migdip_quadrant_code(ORDER[k]), v);
            if (v > 0)
                present_svg_text(s, x + 13, y - 3, "text-anchor=\"middle\" font-size=\"9\"", "%.2f", v);
        }
    }
    legend(s, 70, H - 40, BLUE, NULL, NULL, a->name);
    legend(s, 200, H - 40, ORANGE, NULL, NULL, b->name);
    snprintf(foot, sizeof foot,
             "Data: UN DESA migrant stocks %d (%s), errors drawn: stocks %.2f, remittance shares %.2f; power: %s; "
             "verdict holds in %.1f%%. migdip %s",
             r->base.stock_year, stock_how(r->base.stock_flag), r->sigma_stock, r->sigma_remit, power, 100 * r->p_same,
             MIGDIP_VERSION);
    footer(s, W, H, foot);
    return present_svg_finish(s);
}

/* ---------------------------------------------------------------- a state's portfolio */

static void partner_bars(present_svg *s, double x, double y, const char *head, const migdip_partner *v, size_t n,
                         const char *dir)
{
    size_t k = n < 10 ? n : 10;
    double hi = 0;
    for (size_t i = 0; i < k; i++)
        hi = fmax(hi, v[i].stock);
    present_svg_text(s, x, y, "font-weight=\"bold\"", "%s", head);
    if (!k) {
        present_svg_text(s, x, y + 24, "fill=\"#b00\"", "no data (no bilateral stocks for the year)");
        return;
    }
    plot p = {x + 50, y + 10, 300, (double)k * 22, 0, hi > 0 ? hi * 1.25 : 1, 0, 1};
    for (size_t i = 0; i < k; i++) {
        double by = p.y + i * 22 + 4;
        present_svg_text(s, p.x - 6, by + 11, "text-anchor=\"end\"", "%s", v[i].iso3);
        present_svg_raw(s, "<rect class=\"bar\" data-direction=\"%s\" data-partner=\"%s\" data-value=\"%.0f\" x=\"%.1f\" "
                           "y=\"%.1f\" width=\"%.1f\" height=\"14\" fill=\"%s\"><title>%s: %.0f persons (%.1f%%)</title></rect>\n",
                        dir, v[i].iso3, v[i].stock, p.x, by, fmax(px(&p, v[i].stock) - p.x, 0.5),
                        !strcmp(dir, "emigrants") ? BLUE : GREEN, v[i].name, v[i].stock, 100 * v[i].share);
        present_svg_text(s, px(&p, v[i].stock) + 4, by + 11, "font-size=\"10\"", "%.0f (%.1f%%)", v[i].stock,
                         100 * v[i].share);
    }
    axes(s, &p, "persons (migrant stock)", NULL, true, false);
}

char *present_chart_country(const migdip_profile *pr)
{
    char title[200], desc[600], foot[300];
    snprintf(title, sizeof title, "%s (%s), %d: where its emigrants live, where its immigrants come from", pr->name,
             pr->iso3, pr->year);
    char remd[48] = "n/a (missing)";
    if (pr->remittances_pct_gdp.flag != MIGDIP_FLAG_MISSING)
        snprintf(remd, sizeof remd, "%.2f%% of GDP", pr->remittances_pct_gdp.value);
    snprintf(desc, sizeof desc,
             "Two bar charts of persons: the top %zu destinations of %s's emigrants (of %zu) and the top %zu origins of "
             "its immigrants (of %zu), migrant stocks of %d. Remittances received: %s.",
             pr->n_destinations < 10 ? pr->n_destinations : 10, pr->iso3, pr->n_destinations,
             pr->n_origins < 10 ? pr->n_origins : 10, pr->n_origins, pr->stock_year, remd);
    double W = 900, H = 380;
    present_svg *s = present_svg_new(W, H, title, desc);
    if (!s)
        return NULL;
    present_svg_text(s, 10, 22, "font-size=\"15\" font-weight=\"bold\"", "%s", title);
    partner_bars(s, 20, 50, "Emigrants by destination (persons)", pr->destinations, pr->n_destinations, "emigrants");
    partner_bars(s, 470, 50, "Immigrants by origin (persons)", pr->origins, pr->n_origins, "immigrants");
    char rem[64];
    if (pr->remittances_pct_gdp.flag == MIGDIP_FLAG_MISSING)
        snprintf(rem, sizeof rem, "n/a (missing)");
    else
        snprintf(rem, sizeof rem, "%.2f%% of GDP (%d, %s)", pr->remittances_pct_gdp.value, pr->remittances_pct_gdp.year,
                 migdip_flag_str(pr->remittances_pct_gdp.flag));
    snprintf(foot, sizeof foot, "Data: UN DESA migrant stocks %d; remittances received %s; power: none (persons only). "
             "migdip %s", pr->stock_year, rem, MIGDIP_VERSION);
    footer(s, W, H, foot);
    return present_svg_finish(s);
}
