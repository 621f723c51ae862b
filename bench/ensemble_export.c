/* ensemble_export.c - writes what the robustness screen of one year reads, for the numpy
 * version of the same computation (bench/numpy_screen.py): the panel's cells and states as raw
 * little-endian arrays, the dyads of `screen --min-stock 1` with their verdicts, the model's
 * parameters and the priors, in one folder with an index (meta.json).
 * usage: ensemble_export --db FILE --year Y --out DIR */
#include <errno.h>
#include <math.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/stat.h>

#include "api/model.h"
#include "core/robust.h"
#include "migdip/migdip.h"

static const char *out_dir;
static FILE *meta;

static void put(const char *name, const char *dtype, const void *v, size_t n, size_t size)
{
    char path[4096];
    snprintf(path, sizeof path, "%s/%s.bin", out_dir, name);
    FILE *f = fopen(path, "wb");
    if (!f || fwrite(v, size, n, f) != n || fclose(f)) {
        fprintf(stderr, "ensemble_export: %s: %s\n", path, strerror(errno));
        exit(3);
    }
    fprintf(meta, "  \"%s\": \"%s\",\n", name, dtype);
}

static double val(const migdip_value *v) { return v->flag == MIGDIP_FLAG_MISSING ? NAN : v->value; }

int main(int argc, char **argv)
{
    const char *db = NULL;
    int year = 2020;
    for (int i = 1; i + 1 < argc; i += 2) {
        if (!strcmp(argv[i], "--db"))
            db = argv[i + 1];
        else if (!strcmp(argv[i], "--year"))
            year = atoi(argv[i + 1]);
        else if (!strcmp(argv[i], "--out"))
            out_dir = argv[i + 1];
    }
    if (!db || !out_dir) {
        fprintf(stderr, "usage: ensemble_export --db FILE --year Y --out DIR\n");
        return 2;
    }
    mkdir(out_dir, 0755);
    migdip_ctx *ctx = NULL;
    migdip_model *m = NULL;
    migdip_model_opts mo = {.year = year};
    if (migdip_ctx_open(db, &ctx) || migdip_model_load(ctx, &mo, &m)) {
        fprintf(stderr, "ensemble_export: %s\n", migdip_ctx_errmsg(ctx));
        return 1;
    }
    const mg_panel *p = mg_model_panel(m);
    const mg_params *prm = mg_model_params(m);
    size_t n = p->n, nn = n * n;
    char path[4096];
    snprintf(path, sizeof path, "%s/meta.json", out_dir);
    meta = fopen(path, "w");
    if (!meta) {
        perror(path);
        return 3;
    }
    fprintf(meta, "{\n \"year\": %d, \"n\": %zu,\n \"arrays\": {\n", year, n);
    put("stock", "f8", p->stock, nn, 8);
    put("rshare", "f8", p->rshare, nn, 8);
    put("stock_born", "f8", p->stock_born, nn, 8);
    put("protection", "f8", p->protection, nn, 8);
    put("channel", "u1", p->channel, nn, 1);
    put("contig", "u1", p->contig, nn, 1);
    put("lang", "u1", p->lang, nn, 1);
    put("scheme", "u1", p->scheme, nn, 1);
    put("freemove", "u1", p->freemove, nn, 1);
    put("dist", "f4", p->dist, nn, 4);
    put("female", "f4", p->female, nn, 4);
    put("inst", "f4", p->inst, nn, 4);
    put("subregion", "i4", p->subregion, n, 4);
    put("territory", "u1", p->territory, n, 1);
    put("immigrants", "f8", p->immigrants, n, 8);
    double *v = malloc(n * sizeof *v);
    const migdip_value *series[] = {p->gdp_usd, p->remit_usd, p->lf, p->gdp_ppp, p->pop, p->gdppc_ppp};
    const char *names[] = {"gdp", "remit", "lf", "gdp_ppp", "pop", "gdppc_ppp"};
    for (size_t s = 0; s < 6; s++) {
        for (size_t i = 0; i < n; i++)
            v[i] = val(&series[s][i]);
        put(names[s], "f8", v, n, 8);
    }
    free(v);
    /* the screen's dyads (every pair of states with a migrant either way) and their verdicts */
    int32_t *pairs = malloc(nn * 2 * sizeof *pairs);
    uint8_t *base = malloc(nn * 2);
    size_t np = 0;
    for (size_t i = 0; i < n; i++)
        for (size_t j = i + 1; j < n; j++)
            if (mg_model_state_is_actor(m, i) && mg_model_state_is_actor(m, j) && mg_model_volume(m, i, j) >= 1) {
                migdip_dyad d;
                mg_model_dyad_at(m, i, j, &d);
                pairs[2 * np] = (int32_t)i;
                pairs[2 * np + 1] = (int32_t)j;
                base[2 * np] = (uint8_t)d.quadrant[0];
                base[2 * np + 1] = (uint8_t)d.quadrant[1];
                np++;
            }
    put("pairs", "i4", pairs, 2 * np, 4);
    put("base", "u1", base, 2 * np, 1);
    fprintf(meta, "  \"_\": \"\"\n },\n \"n_pairs\": %zu,\n", np);
    fprintf(meta, " \"iso3\": [");
    for (size_t i = 0; i < n; i++)
        fprintf(meta, "%s\"%s\"", i ? "," : "", p->iso3[i]);
    fprintf(meta, "],\n \"params\": {");
    const char *pn[] = {"rd_scale", "valve_scale", "w_rd", "w_valve", "w_conc", "lf_scale", "pool_scale", "w_lf",
                        "w_pool", "pool_lf_scale", "subst_max", "subst_half", "cap_region", "fit_lang", "fit_region",
                        "fit_scheme", "fit_dist_exp", "fit_income_exp", "fit_sex", "control_base", "control_border",
                        "inst_moderation", "scope_min_stock", "scope_min_exposure", "forced_max", "mutual_min",
                        "mutual_gap", "w_power_pc", "parity_band", "min_role"};
    for (size_t i = 0; i < sizeof pn / sizeof *pn; i++) {
        double x;
        mg_params_get(prm, pn[i], &x);
        fprintf(meta, "%s\"%s\": %.17g", i ? ", " : "", pn[i], x);
    }
    fprintf(meta, "},\n \"priors\": [");
    for (size_t i = 0; i < mg_params_n_priors; i++)
        fprintf(meta, "%s[\"%s\", %.17g, %.17g, %s]", i ? ", " : "", mg_params_priors[i].name, mg_params_priors[i].lo,
                mg_params_priors[i].hi, mg_params_shapes_panel(mg_params_priors[i].name) ? "true" : "false");
    fprintf(meta, "],\n \"sigma_stock\": %.17g, \"sigma_remit\": %.17g\n}\n", MG_ROBUST_SIGMA_STOCK,
            MG_ROBUST_SIGMA_REMIT);
    fclose(meta);
    fprintf(stderr, "%zu states, %zu dyads of %d written to %s\n", n, np, year, out_dir);
    free(pairs);
    free(base);
    migdip_model_free(m);
    migdip_ctx_close(ctx);
    return 0;
}
