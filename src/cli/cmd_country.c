/* cmd_country.c - `migdip country ISO3`: a state's profile. */
#include <math.h>
#include <stdlib.h>
#include <string.h>

#include "cli.h"

static const cli_opt OPTS[] = {
    CLI_OPT("--top", "K", "the K first destinations and origins (default 10)"),
    CLI_OPT("--svg", "FILE", "also draw the top destinations and origins (persons) as SVG"),
    {0},
};

const cli_cmd CLI_CMD_COUNTRY = {
    "country", "ISO3|NAME", "profile of one state: economy, emigrants, immigrants, agreements",
    "Profile of one state for year Y (default: the latest year with migrant-stock data):\n"
    "population, labour force, GDP and GDP per head, remittances received (US$, % of GDP),\n"
    "emigrants with their top destinations, the concentration of destinations (HHI and\n"
    "effective number), immigrants with their top origins, CINC, and labour agreements.\n"
    "Each economic value shows the year it refers to and how it was obtained (observed,\n"
    "derived, carried forward); a gap is shown as a gap, never as zero. The state's position\n"
    "in its five main corridors (dyad exposures and quadrants) follows, classified with the\n"
    "engine options as `dyad` would. The state may be named by ISO3 or ISO2 code, COW or GW\n"
    "number, M49 code or name. --csv prints the destinations and origins as one table.\n",
    OPTS, CLI_OUT | CLI_ENGINE, NULL, NULL};

typedef struct country_args {
    const char *who, *svg;
    long top;
} country_args;

static int own(void *ud, const char *cmd, const char *opt, const char *val)
{
    country_args *ca = ud;
    if (!opt) {
        if (ca->who) {
            cli_usage_error(cmd, "one country at a time (got '%s' and '%s')", ca->who, val);
            return -1;
        }
        ca->who = val;
        return 1;
    }
    if (!strcmp(opt, "--svg"))
        return cli_svg_set(&ca->svg, cmd, val) < 0 ? -1 : 1;
    if (!strcmp(opt, "--top")) {
        char *end;
        long v = strtol(val, &end, 10);
        if (*end || v <= 0) {
            cli_usage_error(cmd, "--top: expected a positive number, got \"%s\"", val);
            return -1;
        }
        ca->top = v;
        return 1;
    }
    return 0;
}

static void value_row(cli_table *t, const char *label, migdip_value v, double scale, int dec, const char *unit)
{
    char num[64] = "", note[64] = "";
    if (v.flag != MIGDIP_FLAG_MISSING) {
        if (dec < 0)
            cli_grouped(num, sizeof num, v.value * scale);
        else
            cli_num(num, sizeof num, v.value * scale, dec);
        snprintf(note, sizeof note, "%d, %s", v.year, migdip_flag_str(v.flag));
    } else {
        snprintf(num, sizeof num, "n/a");
        snprintf(note, sizeof note, "no data");
    }
    const char *cells[] = {label, num, unit, note};
    cli_table_add(t, cells);
}

static void partners_table(const cli_common *c, const char *title, const migdip_partner *p, size_t n, size_t top,
                           double total, double hhi, double eff)
{
    char tot[32], h[32], e[32], head[256];
    snprintf(head, sizeof head, "\n%s: %s persons; HHI %s, effective number %s\n", title,
             cli_grouped(tot, sizeof tot, total), cli_num(h, sizeof h, hhi, 3), cli_num(e, sizeof e, eff, 1));
    cli_print_prose(c, head); /* wrapped on a terminal */
    static const char *const H[] = {"rank", "iso3", "name", "stock", "share"};
    cli_table *t = cli_table_new(5, H);
    for (size_t i = 0; i < n && i < top; i++) {
        char stock[32], share[32];
        cli_grouped(stock, sizeof stock, p[i].stock);
        snprintf(share, sizeof share, "%.1f%%", 100 * p[i].share);
        cli_table_addf(t, "%zu\t%s\t%s\t%s\t%s", i + 1, p[i].iso3, p[i].name, stock, share);
    }
    cli_table_print(t, OUT_TABLE, stdout);
    cli_table_free(t);
}

int cmd_country(int argc, char **argv)
{
    cli_common c;
    cli_common_init(&c);
    cli_engine e;
    cli_engine_init(&e);
    country_args ca = {.top = 10};
    int code = EXIT_OK;
    cli_sink to = {.common = &c, .engine = &e, .own = own, .ud = &ca};
    if (cli_parse(&CLI_CMD_COUNTRY, argc, argv, &to, &code) <= 0) {
        cli_engine_cleanup(&e);
        return code;
    }
    const char *who = ca.who, *svg = ca.svg;
    long top = ca.top;
    if (!who) {
        cli_engine_cleanup(&e);
        return cli_usage_error("country", "which country? e.g. `migdip country NPL`");
    }
    const char *edition = e.opts.stock_edition;
    long year = e.opts.year;
    migdip_ctx *ctx = cli_open(&c, &code);
    if (!ctx) {
        cli_engine_cleanup(&e);
        return code;
    }
    migdip_profile *p = NULL;
    migdip_status st = migdip_profile_get_edition(ctx, who, (int)year, edition, &p);
    if (st) {
        code = cli_fail_ctx(ctx, st);
        migdip_ctx_close(ctx);
        cli_engine_cleanup(&e);
        return code;
    }
    present_corridor *cor = NULL;
    migdip_model *model = NULL;
    size_t n_cor = c.fmt == OUT_CSV ? 0 : present_main_corridors(ctx, p, &e.opts, 5, &cor, &model);
    if (svg && (code = cli_write_doc(svg, present_chart_country(p)))) {
    } else if (c.fmt == OUT_JSON) {
        cJSON *j = present_country_json(p, cor, n_cor);
        cli_json_print(j, stdout);
        cJSON_Delete(j);
    } else if (c.fmt == OUT_CSV) {
        static const char *const H[] = {"iso3", "year", "direction", "partner", "partner_name", "stock", "share"};
        cli_table *t = cli_table_new(7, H);
        for (size_t i = 0; i < p->n_destinations; i++)
            cli_table_addf(t, "%s\t%d\temigrants\t%s\t%s\t%.0f\t%.6f", p->iso3, p->stock_year,
                           p->destinations[i].iso3, p->destinations[i].name, p->destinations[i].stock,
                           p->destinations[i].share);
        for (size_t i = 0; i < p->n_origins; i++)
            cli_table_addf(t, "%s\t%d\timmigrants\t%s\t%s\t%.0f\t%.6f", p->iso3, p->stock_year,
                           p->origins[i].iso3, p->origins[i].name, p->origins[i].stock, p->origins[i].share);
        cli_table_print(t, OUT_CSV, stdout);
        cli_table_free(t);
    } else {
        printf("%s (%s), %d\n\n", p->name, p->iso3, p->year);
        static const char *const H[] = {"indicator", "value", "unit", "year, how"};
        cli_table *t = cli_table_new(4, H);
        value_row(t, "population", p->population, 1, -1, "persons");
        value_row(t, "labour force", p->labour_force, 1, -1, "persons");
        value_row(t, "GDP", p->gdp_usd, 1e-9, 2, "US$ bn");
        value_row(t, "GDP per head", p->gdp_pc_usd, 1, -1, "US$");
        value_row(t, "GDP per head, PPP", p->gdp_pc_ppp, 1, -1, "intl $");
        value_row(t, "remittances received", p->remittances_usd, 1e-6, 1, "US$ m");
        value_row(t, "remittances received", p->remittances_pct_gdp, 1, 1, "% of GDP");
        value_row(t, "CINC", p->cinc, 1, 4, "share of world");
        cli_table_print(t, OUT_TABLE, stdout);
        cli_table_free(t);
        if (!p->stock_year) {
            printf("\nNo migrant-stock data in the store.\n");
        } else {
            char title[64];
            snprintf(title, sizeof title, "Emigrants (born here, living abroad), %d", p->stock_year);
            partners_table(&c, title, p->destinations, p->n_destinations, (size_t)top, p->emigrants_total,
                           p->hhi_destinations, p->eff_destinations);
            snprintf(title, sizeof title, "Immigrants (born abroad, living here), %d", p->stock_year);
            partners_table(&c, title, p->origins, p->n_origins, (size_t)top, p->immigrants_total,
                           p->hhi_origins, p->eff_origins);
        }
        if (n_cor) {
            printf("\nPosition in its main corridors (%d):\n", migdip_model_year(model));
            static const char *const CH[] = {"partner", "volume", "exposure", "partner_exposure", "stronger",
                                             "quadrant", "partner_quadrant", "margin"};
            cli_table *ct = cli_table_new(8, CH);
            for (size_t i = 0; i < n_cor; i++) {
                const migdip_dyad *d = &cor[i].d;
                char vol[32];
                cli_table_addf(ct, "%s\t%s\t%.3f\t%.3f\t%s\t%s\t%s\t%.3f", cor[i].iso3,
                               cli_grouped(vol, sizeof vol, cor[i].volume), d->side[0].exposure, d->side[1].exposure,
                               d->stronger < 0 ? "parity" : d->stronger == 0 ? p->iso3 : cor[i].iso3,
                               migdip_quadrant_code(d->quadrant[0]), migdip_quadrant_code(d->quadrant[1]), d->margin);
            }
            cli_table_print(ct, OUT_TABLE, stdout);
            cli_table_free(ct);
        }
        printf("\nLabour agreements (%zu)\n", p->n_agreements);
        for (size_t i = 0; i < p->n_agreements; i++) {
            char y[16] = "year unknown";
            if (p->agreements[i].year)
                snprintf(y, sizeof y, "%d", p->agreements[i].year);
            printf("  %-12s %s (%s), %s\n", y, p->agreements[i].partner_name, p->agreements[i].partner,
                   p->agreements[i].source);
        }
    }
    free(cor);
    migdip_model_free(model);
    migdip_profile_free(p);
    migdip_ctx_close(ctx);
    cli_engine_cleanup(&e);
    return code;
}
