/* cmd_sources.c - `migdip sources`: the vintages in the store and each series' coverage. */
#include <string.h>

#include "cli.h"

static const cli_opt OPTS[] = {
    CLI_OPT("--series", "TEXT", "keep the coverage rows whose series or data set contains TEXT (any case), e.g. "
                         "--series stock, --series BX.TRF, --series knomad"),
    {0},
};

const cli_cmd CLI_CMD_SOURCES = {
    "sources", NULL, "list imported vintages and the coverage of each series",
    "Lists every imported file (vintage: data set, edition, sha256, rows, import time) and,\n"
    "for each series and edition, its coverage: countries x years, values, explicit gaps.\n",
    OPTS, CLI_OUT, NULL, NULL};

static int own(void *ud, const char *cmd, const char *opt, const char *val)
{
    (void)cmd;
    if (!opt || strcmp(opt, "--series"))
        return 0;
    *(const char **)ud = val;
    return 1;
}

int cmd_sources(int argc, char **argv)
{
    cli_common c;
    cli_common_init(&c);
    const char *filter = NULL;
    int code = EXIT_OK;
    cli_sink to = {.common = &c, .own = own, .ud = &filter};
    if (cli_parse(&CLI_CMD_SOURCES, argc, argv, &to, &code) <= 0)
        return code;
    migdip_ctx *ctx = cli_open(&c, &code);
    if (!ctx)
        return code;
    migdip_sources *s = NULL;
    migdip_status st = migdip_sources_get(ctx, &s);
    if (st) {
        code = cli_fail_ctx(ctx, st);
        migdip_ctx_close(ctx);
        return code;
    }
    static const char *const VH[] = {"id", "dataset", "edition", "source", "file", "rows", "sha256", "imported_at"};
    cli_table *vt = cli_table_new(8, VH);
    static const char *const TEXT[] = {"dataset", "edition", "source", "file", "sha256", "imported_at"};
    for (size_t i = 0; i < sizeof TEXT / sizeof *TEXT; i++)
        cli_table_text(vt, TEXT[i]);
    for (size_t i = 0; i < s->n_vintages; i++) {
        const migdip_vintage *v = &s->vintages[i];
        char sha[13];
        snprintf(sha, sizeof sha, "%.12s", v->sha256);
        cli_table_addf(vt, "%lld\t%s\t%s\t%s\t%s\t%ld\t%s\t%s", (long long)v->id, v->dataset,
                       v->edition, v->source, v->file, v->rows,
                       c.fmt == OUT_TABLE ? sha : v->sha256, v->imported_at);
    }
    static const char *const CH[] = {"series", "dataset", "countries", "year_min", "year_max", "years", "values", "missing"};
    cli_table *ct = cli_table_new(8, CH);
    cli_table_text(ct, "series");
    cli_table_text(ct, "dataset");
    size_t shown = 0;
    for (size_t i = 0; i < s->n_coverage; i++) {
        const migdip_coverage *cv = &s->coverage[i];
        if (filter && !present_contains(cv->series, filter) && !present_contains(cv->dataset, filter))
            continue;
        shown++;
        char y0[16] = "", y1[16] = "";
        if (cv->years) {
            snprintf(y0, sizeof y0, "%d", cv->year_min);
            snprintf(y1, sizeof y1, "%d", cv->year_max);
        }
        cli_table_addf(ct, "%s\t%s\t%ld\t%s\t%s\t%ld\t%ld\t%ld", cv->series, cv->dataset,
                       cv->countries, y0, y1, cv->years, cv->values, cv->missing);
    }
    if (c.fmt == OUT_JSON) {
        cJSON *j = present_sources_json(s, filter);
        cli_json_print(j, stdout);
        cJSON_Delete(j);
    } else if (c.fmt == OUT_CSV) {
        cli_table_print(ct, OUT_CSV, stdout);
    } else {
        printf("Vintages (%zu files)\n", s->n_vintages);
        cli_table_print(vt, OUT_TABLE, stdout);
        char head[160];
        snprintf(head, sizeof head, "\nCoverage (%zu of %zu series and editions%s)\n", shown, s->n_coverage,
                 filter ? "" : "; --series TEXT to filter");
        cli_print_prose(&c, head);
        cli_table_print(ct, OUT_TABLE, stdout);
        if (s->n_vintages == 0)
            printf("\nThe store is empty: run `migdip import`.\n");
    }
    cli_table_free(vt);
    cli_table_free(ct);
    migdip_sources_free(s);
    migdip_ctx_close(ctx);
    return code;
}
