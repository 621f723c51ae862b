/* cmd_report.c - `migdip report A B -o FILE.html`: one self-contained, printable page on a
 * dyad: the verdict and its explanation, the decomposition and the typology plane, the
 * trajectory with the documented episodes, the robustness probabilities, the default threat
 * simulated month by month with its credibility reading, and the provenance of every figure
 * (the vintages and citations of the store). Charts inline (src/present), no script, no
 * stylesheet, image or font fetched from anywhere. */
#include <math.h>
#include <stdlib.h>
#include <string.h>

#include "cli.h"

static const cli_opt OPTS[] = {
    CLI_OPT("--out", "FILE", "the page to write (required)", .alias = "-o"),
    CLI_OPT("--draws", "N", "robustness draws (1-100000, default 500)"),
    CLI_OPT("--from", "Y", "the first year of the trajectory (default: 15 years before the model's; each year is a model "
                    "to build)"),
    {0},
};

const cli_cmd CLI_CMD_REPORT = {
    "report", "A B", "a printable page on a dyad: charts, explanation, provenance (HTML)",
    "Writes one self-contained HTML page on the dyad of A and B, to print or to send: the\n"
    "verdict and its explanation, each side's exposure and its decomposition with the typology\n"
    "plane (Figure 1), the dyad year by year with the documented episodes, the probability of\n"
    "each logic over draws of the parameters and the data, the default threat (a ban if A sends\n"
    "the larger corridor, else a visa freeze) simulated month by month with its credibility\n"
    "reading, and where every figure comes from. Charts are inline SVG; the page fetches\n"
    "nothing.\n",
    OPTS, CLI_DB | CLI_QUIET | CLI_ENGINE, NULL, NULL};

typedef struct report_args {
    const char *out;
    size_t draws;
    int from;
} report_args;

static int report_opt(void *ud, const char *cmd, const char *a, const char *v)
{
    report_args *r = ud;
    if (!a)
        return 0;
    bool out = !strcmp(a, "--out"), from = !strcmp(a, "--from");
    if (!out && !from && strcmp(a, "--draws"))
        return 0;
    if (out) {
        r->out = v;
        return 1;
    }
    char *end;
    unsigned long long x = strtoull(v, &end, 10);
    if (from) {
        if (!v[0] || *end || x < 1960 || x > 2100) {
            cli_usage_error(cmd, "--from: expected a year from 1960 to 2100, got \"%s\"", v);
            return -1;
        }
        r->from = (int)x;
        return 1;
    }
    if (!v[0] || *end || v[0] == '-' || x < 1 || x > 100000) {
        cli_usage_error(cmd, "--draws: expected a whole number from 1 to 100000, got \"%s\"", v);
        return -1;
    }
    r->draws = (size_t)x;
    return 1;
}

static void esc(FILE *f, const char *s) { present_svg_escape(f, s); }

static void para(FILE *f, const char *text)
{
    /* the explanation's lines as paragraphs */
    fputs("<p>", f);
    for (const char *p = text; p && *p; p++) {
        if (*p == '\n') {
            if (p[1] && p[1] != '\n')
                fputs("</p>\n<p>", f);
            continue;
        }
        char c[2] = {*p, 0};
        esc(f, c);
    }
    fputs("</p>\n", f);
}

static void num(FILE *f, double v, int dec)
{
    if (isnan(v))
        fputs("<span class=\"na\">n/a</span>", f);
    else
        fprintf(f, "%.*f", dec, v);
}

static void figure(FILE *f, char *svg, const char *caption)
{
    fputs("<figure>\n", f);
    if (svg) {
        /* the document's own XML declaration-free <svg> element goes inline as it is */
        fputs(svg, f);
    } else {
        fputs("<p class=\"na\">chart not available</p>\n", f);
    }
    fputs("<figcaption>", f);
    esc(f, caption);
    fputs("</figcaption>\n</figure>\n", f);
    free(svg);
}

int cmd_report(int argc, char **argv)
{
    cli_common c;
    cli_engine e;
    const char *who[2];
    int code;
    report_args ra = {.draws = 500};
    if (!cli_two_sides(&CLI_CMD_REPORT, "migdip report MYS IDN -o mys-idn.html", argc, argv, &c, &e,
                       (cli_sink){.own = report_opt, .ud = &ra}, who, &code))
        return code;
    if (!ra.out) {
        cli_engine_cleanup(&e);
        return cli_usage_error("report", "-o FILE.html is needed: the page to write");
    }
    const char *power = migdip_power_name(e.opts.power);
    migdip_ctx *ctx = cli_open(&c, &code);
    migdip_model *m = ctx ? cli_engine_load(ctx, &e, &code) : NULL;
    migdip_trajectory *tr = NULL;
    migdip_sim_result *sim = NULL;
    migdip_sources *src = NULL;
    migdip_citations *cit = NULL;
    char *expl = NULL, *buf = NULL;
    size_t len = 0;
    FILE *f = NULL;
    migdip_actor a, b;
    migdip_dyad d;
    migdip_status st;
    if (!m)
        goto done;
    if ((st = migdip_actor_resolve(ctx, m, who[0], &a)) || (st = migdip_actor_resolve(ctx, m, who[1], &b)) ||
        (st = migdip_dyad_eval(ctx, m, &a, &b, &d))) {
        code = cli_fail_ctx(ctx, st);
        goto done;
    }
    migdip_dyad_explain(m, &a, &b, &d, &expl);
    migdip_trajectory_opts to = {.model = e.opts, .from = ra.from ? ra.from : d.year - 15, .to = d.year};
    to.model.year = 0;
    if (to.from > to.to)
        to.from = to.to;
    if (migdip_trajectory_run(ctx, a.name, b.name, &to, &tr))
        tr = NULL; /* a page without the trajectory says so */
    migdip_robust rob;
    migdip_robust_opts ro = {.draws = ra.draws, .seed = 1};
    bool have_rob = !migdip_robust_run(ctx, m, &a, &b, &ro, &rob);
    migdip_cred_result cred;
    migdip_sim_opts so = {.a = a.name, .b = b.name};
    migdip_sim_params_default(&so.params);
    bool have_cred = !migdip_credibility_run(ctx, m, &so, &cred);
    if (have_cred) {
        so.shocks = &cred.shock;
        so.n_shocks = 1;
        if (migdip_sim_run(ctx, m, &so, &sim))
            sim = NULL;
    }
    if ((st = migdip_sources_get(ctx, &src)) || (st = migdip_citations_get(ctx, &cit))) {
        code = cli_fail_ctx(ctx, st);
        goto done;
    }

    if (!(f = open_memstream(&buf, &len))) {
        code = cli_fail(MIGDIP_ERR_NOMEM, "out of memory");
        goto done;
    }
    const migdip_actor *act[2] = {&a, &b};
    fprintf(f, "<!DOCTYPE html>\n<html lang=\"en\">\n<head>\n<meta charset=\"utf-8\"/>\n"
               "<meta name=\"generator\" content=\"migdip %s\"/>\n<title>", MIGDIP_VERSION);
    fprintf(f, "%s and %s, %d: migration interdependence", a.name, b.name, d.year);
    fputs("</title>\n<style>\n"
          "body{font-family:'DejaVu Sans',Arial,sans-serif;max-width:1000px;margin:1em auto;color:#111;line-height:1.4}\n"
          "h1{font-size:1.5em}h2{font-size:1.2em;border-bottom:1px solid #999;margin-top:1.6em}\n"
          "table{border-collapse:collapse;margin:.5em 0}th,td{border:1px solid #bbb;padding:2px 6px;text-align:left}\n"
          "td.n{text-align:right;font-variant-numeric:tabular-nums}.na{color:#b00}\n"
          "figure{margin:1em 0}figcaption{font-size:.9em;color:#333}svg{max-width:100%;height:auto}\n"
          ".small{font-size:.85em;color:#333}code{font-size:.9em}\n"
          "@media print{body{margin:0;max-width:none}h2{break-after:avoid}figure,table{break-inside:avoid}}\n"
          "</style>\n</head>\n<body>\n", f);
    fprintf(f, "<h1>%s and %s, %d: migration interdependence</h1>\n", a.name, b.name, d.year);
    /* the titles, escaped: names from the store */
    fputs("<p class=\"small\">", f);
    esc(f, a.title);
    fputs(" and ", f);
    esc(f, b.title);
    fprintf(f, ". Power measure: <b>%s</b>. Migrant stocks of %d (%s). Written by migdip %s.</p>\n", power,
            d.stock_year, present_stock_how(&d), MIGDIP_VERSION);

    fputs("<h2>Verdict</h2>\n<table>\n<tr><th>side</th><th>exposure (0-1)</th><th>quadrant</th><th>power</th>"
          "<th>power source</th></tr>\n", f);
    for (int s = 0; s < 2; s++) {
        fprintf(f, "<tr><td>%s</td><td class=\"n\" data-value=\"%.6f\">", act[s]->name, d.side[s].exposure);
        num(f, d.side[s].exposure, 3);
        fprintf(f, "</td><td>%s %s</td><td class=\"n\">", migdip_quadrant_code(d.quadrant[s]),
                migdip_quadrant_label(d.quadrant[s]));
        num(f, d.side[s].power_known ? d.side[s].power : NAN, 3);
        fputs("</td><td>", f);
        esc(f, d.side[s].power_source[0] ? d.side[s].power_source : "n/a");
        fputs("</td></tr>\n", f);
    }
    fputs("</table>\n<p>Power difference ", f);
    num(f, d.power_diff, 3);
    fputs(" log points; margin ", f);
    num(f, d.margin, 3);
    fputs(" to the ", f);
    esc(f, d.margin_boundary ? d.margin_boundary : "");
    fprintf(f, " boundary; scope: %s%s.</p>\n", migdip_scope_code(d.scope), d.close_call ? "; a close call" : "");
    fputs("<h3>Why</h3>\n", f);
    para(f, expl ? expl : "");

    fputs("<h2>Exposure and the typology plane</h2>\n", f);
    figure(f, present_chart_dyad(&a, &b, &d, power),
           "Each factor's contribution to each side's exposure (docs/model.md section 2) and each side's place on the "
           "plane of Figure 1: own exposure minus the partner's against own power minus the partner's.");
    fputs("<table>\n<tr><th>factor</th>", f);
    for (int s = 0; s < 2; s++)
        fprintf(f, "<th>%s</th>", act[s]->name);
    fputs("</tr>\n", f);
    for (int k = 0; k < MIGDIP_F_COUNT; k++) {
        fprintf(f, "<tr><td>%s</td>", migdip_factor_name((migdip_factor)k));
        for (int s = 0; s < 2; s++) {
            fputs("<td class=\"n\">", f);
            num(f, d.side[s].contrib[k], 3);
            fputs("</td>", f);
        }
        fputs("</tr>\n", f);
    }
    fputs("</table>\n", f);

    fputs("<h2>Year by year</h2>\n", f);
    if (tr) {
        figure(f, present_chart_trajectory(tr, power),
               "Exposure of each side in every year with a panel; hatched years have none; triangles are the "
               "documented episodes (data/registry/episodes.csv).");
        if (tr->events && tr->events->n) {
            fputs("<table>\n<tr><th>year</th><th>episode</th><th>outcome</th><th>record</th><th>source</th></tr>\n", f);
            for (size_t i = 0; i < tr->events->n; i++) {
                const migdip_event *ev = &tr->events->v[i];
                fprintf(f, "<tr><td>%d</td><td>", ev->year);
                esc(f, ev->event);
                fputs("</td><td>", f);
                esc(f, ev->outcome);
                fputs("</td><td>", f);
                esc(f, ev->expect_a);
                fputs(" / ", f);
                esc(f, ev->expect_b);
                fputs("</td><td>", f);
                esc(f, ev->source);
                fputs("</td></tr>\n", f);
            }
            fputs("</table>\n", f);
        }
    } else {
        fputs("<p class=\"na\">No trajectory: ", f);
        esc(f, migdip_ctx_errmsg(ctx));
        fputs("</p>\n", f);
    }

    fputs("<h2>How robust the verdict is</h2>\n", f);
    if (have_rob) {
        figure(f, present_chart_robust(&a, &b, &rob, power),
               "Share of the draws (parameters within their prior ranges, stocks and remittance shares with their "
               "documented errors; seed 1) in which each side takes each logic.");
        fprintf(f, "<p>The verdict %s/%s holds in %.1f%% of %zu draws.", migdip_quadrant_code(rob.base.quadrant[0]),
                migdip_quadrant_code(rob.base.quadrant[1]), 100 * rob.p_same, rob.draws);
        if (rob.sensitive[0][0]) {
            fputs(" Most sensitive to:", f);
            for (int k = 0; k < 3 && rob.sensitive[k][0]; k++)
                fprintf(f, "%s <code>%s</code> (%.2f)", k ? "," : "", rob.sensitive[k], rob.effect[k]);
            fputs(".", f);
        }
        fputs("</p>\n", f);
    } else {
        fputs("<p class=\"na\">No robustness draws: ", f);
        esc(f, migdip_ctx_errmsg(ctx));
        fputs("</p>\n", f);
    }

    fputs("<h2>The default threat, month by month</h2>\n", f);
    if (have_cred && sim) {
        char cap[300];
        snprintf(cap, sizeof cap,
                 "%s threatens %s with a %s (months %d to %d of %d): both sides' cumulated costs, %% of their own "
                 "annual GDP, against the tolerance of %.2f%%.",
                 cred.threatener, cred.target, migdip_shock_kind_str(cred.shock.kind), cred.shock.start,
                 cred.shock.start + cred.shock.months - 1, cred.months, so.params.tolerance_pct);
        figure(f, present_chart_sim(sim, &so.params, power), cap);
        fprintf(f, "<p><b>Credible: %s.</b> ", cred.credible ? "yes" : "no");
        esc(f, cred.explanation);
        fputs("</p>\n<ul>\n", f);
        for (size_t k = 0; k < cred.n_levers; k++) {
            fputs("<li><b>", f);
            esc(f, cred.lever[k].name);
            fputs("</b>: ", f);
            esc(f, cred.lever[k].note);
            fputs("</li>\n", f);
        }
        fputs("</ul>\n", f);
    } else {
        fputs("<p class=\"na\">No simulation: ", f);
        esc(f, migdip_ctx_errmsg(ctx));
        fputs("</p>\n", f);
    }

    fputs("<h2>Where the figures come from</h2>\n<ul>\n", f);
    fprintf(f, "<li>Migrant stocks: UN DESA International Migrant Stock, the year %d (%s), bilateral.</li>\n",
            d.stock_year, present_stock_how(&d));
    for (int s = 0; s < 2; s++) {
        fprintf(f, "<li>%s: power from ", act[s]->name);
        esc(f, d.side[s].power_source[0] ? d.side[s].power_source : "no source (unknown)");
        fputs("; remittance shares from the ", f);
        if (d.side[s].remit_matrix_year)
            fprintf(f, "%d bilateral matrix%s%s", d.side[s].remit_matrix_year, d.side[s].remit_carried ? ", carried" : "",
                    d.side[s].remit_fallback ? ", estimated" : "");
        else
            fputs("(no matrix)", f);
        if (d.side[s].data_gap) {
            fputs("; gap: ", f);
            esc(f, d.side[s].gap_note);
        }
        fputs(".</li>\n", f);
    }
    fputs("</ul>\n<h3>Vintages in the store</h3>\n<table>\n<tr><th>data set</th><th>edition</th><th>file</th>"
          "<th>sha256</th><th>imported</th></tr>\n", f);
    for (size_t i = 0; i < src->n_vintages; i++) {
        const migdip_vintage *v = &src->vintages[i];
        fputs("<tr><td>", f);
        esc(f, v->source);
        fputs("</td><td>", f);
        esc(f, v->edition);
        fputs("</td><td>", f);
        esc(f, v->file);
        fprintf(f, "</td><td><code>%.12s</code></td><td>", v->sha256 ? v->sha256 : "");
        esc(f, v->imported_at);
        fputs("</td></tr>\n", f);
    }
    fputs("</table>\n<h3>Cite</h3>\n<ol>\n", f);
    for (size_t i = 0; i < cit->n; i++) {
        fputs("<li>", f);
        esc(f, cit->v[i].text);
        fputs("</li>\n", f);
    }
    fputs("</ol>\n</body>\n</html>\n", f);
    if (fclose(f)) {
        f = NULL;
        code = cli_fail(MIGDIP_ERR_NOMEM, "out of memory");
        goto done;
    }
    f = NULL;
    code = cli_write_doc(ra.out, buf);
    buf = NULL;
    if (!code && !c.quiet)
        fprintf(stderr, "migdip: wrote %s\n", ra.out);
done:
    if (f)
        fclose(f);
    free(buf);
    migdip_free(expl);
    migdip_trajectory_free(tr);
    migdip_sim_result_free(sim);
    migdip_sources_free(src);
    migdip_citations_free(cit);
    migdip_model_free(m);
    migdip_ctx_close(ctx);
    cli_engine_cleanup(&e);
    return code;
}
