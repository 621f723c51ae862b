/* cmd_import.c - `migdip import`: read every recognised official file into the store. */
#include <stdlib.h>
#include <string.h>
#include <unistd.h>

#include "cli.h"

static const cli_opt OPTS[] = {
    CLI_OPT("--no-registry", NULL, "do not import the repository's curated registry (data/registry)"),
    CLI_OPT("--wait", "SECONDS", "wait at most SECONDS (1-86400, default 600) for another import to end"),
    {0},
};

const cli_cmd CLI_CMD_IMPORT = {
    "import", "[FILE...]", "read the official data files into the store",
    "Imports every file of DIR (recursively) that migdip recognises, or the FILEs given, into\n"
    "the store, in one transaction: on any error the store is left exactly as it was.\n"
    "A file already imported (same sha256) is skipped, so importing twice changes nothing.\n"
    "Names and codes that cannot be mapped to a country are listed in the summary.\n"
    "With a data directory, the repository's curated registry of blocs and institutions\n"
    "(data/registry, see docs/registry.md) is imported too, unless --no-registry.\n"
    "Commands reading the store run normally during an import and see the store as it was\n"
    "until the import ends. A second import waits for the first (at most --wait SECONDS,\n"
    "default 600), then fails saying so.\n\n"
    "Formats read (recognised by content):\n"
    "  UN DESA International Migrant Stock: 2020 tidy bilateral CSV, 2019 Table 1 wide CSVs,\n"
    "    publisher xlsx (2019 and 2020 destination tables, bilateral workbooks incl. 2024)\n"
    "  World Bank WDI: per-indicator tidy CSVs, bulk API_<indicator>_DS2 CSVs, DataBank xlsx\n"
    "  World Bank/KNOMAD: bilateral remittance matrices (xlsx, CSV), bilateral migration matrix\n"
    "  COW National Material Capabilities; CEPII dist_cepii and geo_cepii;\n"
    "  Chilton & Woda labour agreements (formation and coding data);\n"
    "  IMF World Economic Outlook database (xlsx); UNSD National Accounts GDP in US$ (xlsx);\n"
    "  Penn World Table (the publisher's Stata .dta); Maddison Project Database (full-data\n"
    "    and countries CSVs);\n"
    "  UNHCR Refugee Data Finder (populations, UNRWA, country codes); COW IGO v3 memberships;\n"
    "  UN DESA 2024 Table 1 CSV; sending-country flows (Nepal DoFE, Sri Lanka SLBFE,\n"
    "    Philippines CFO) and the user flow table of docs/flows.md;\n"
    "  crosswalks: countrycode codelist/cow/regions, ISO 3166, UN correspondence table,\n"
    "    World Bank CLASS and OGHIST income groups\n"
    "  registry CSVs (blocs, bloc members, institutions, episodes) in the layouts of\n"
    "    docs/registry.md\n",
    OPTS, CLI_DB | CLI_DATA | CLI_JSON | CLI_CSV | CLI_WIDE | CLI_QUIET, NULL, NULL};

typedef struct import_args {
    const char **files;
    size_t n_files;
    bool no_registry;
    int wait_seconds;
} import_args;

static int own(void *ud, const char *cmd, const char *opt, const char *val)
{
    import_args *ia = ud;
    if (!opt) {
        ia->files[ia->n_files++] = val;
        return 1;
    }
    if (!strcmp(opt, "--no-registry")) {
        ia->no_registry = true;
        return 1;
    }
    if (!strcmp(opt, "--wait")) {
        char *end = NULL;
        long w = strtol(val, &end, 10);
        if (end == val || *end || w < 1 || w > 86400) {
            cli_usage_error(cmd, "--wait: expected a number of seconds from 1 to 86400, got '%s'", val);
            return -1;
        }
        ia->wait_seconds = (int)w;
        return 1;
    }
    return 0;
}

static void progress(void *ud, const char *file, size_t i, size_t n)
{
    (void)ud;
    fprintf(stderr, "\r\033[K[%zu/%zu] %s", i + 1, n, file);
    fflush(stderr);
}

int cmd_import(int argc, char **argv)
{
    cli_common c;
    cli_common_init(&c);
    import_args ia = {.files = calloc((size_t)argc, sizeof *ia.files)};
    const char **files = ia.files;
    if (!files)
        return cli_fail(MIGDIP_ERR_NOMEM, "out of memory");
    int code = EXIT_OK;
    cli_sink to = {.common = &c, .own = own, .ud = &ia};
    if (cli_parse(&CLI_CMD_IMPORT, argc, argv, &to, &code) <= 0) {
        free(files);
        return code;
    }
    size_t n_files = ia.n_files;
    bool no_registry = ia.no_registry;
    int wait_seconds = ia.wait_seconds;
    migdip_ctx *ctx = cli_create(&c, &code);
    if (!ctx) {
        free(files);
        return code;
    }
    migdip_import_opts o = {.data_dir = c.data, .files = files, .n_files = n_files, .no_registry = no_registry,
                            .wait_seconds = wait_seconds};
    if (isatty(STDERR_FILENO) && !c.quiet)
        o.progress = progress;
    migdip_import_report *rep = NULL;
    migdip_status st = migdip_import_run(ctx, &o, &rep);
    if (o.progress)
        fprintf(stderr, "\r\033[K");
    if (st) {
        code = cli_fail_ctx(ctx, st);
        goto done;
    }
    size_t imported = 0, skipped = 0;
    for (size_t i = 0; i < rep->n_files; i++)
        rep->files[i].skipped ? skipped++ : imported++;
    if (c.fmt == OUT_JSON) {
        cJSON *j = cJSON_CreateObject();
        cJSON *files_j = cJSON_AddArrayToObject(j, "files");
        for (size_t i = 0; i < rep->n_files; i++) {
            cJSON *f = cJSON_CreateObject();
            cJSON_AddStringToObject(f, "file", rep->files[i].file);
            cJSON_AddStringToObject(f, "importer", rep->files[i].importer);
            cJSON_AddNumberToObject(f, "rows", (double)rep->files[i].rows);
            cJSON_AddBoolToObject(f, "skipped", rep->files[i].skipped);
            cJSON_AddItemToArray(files_j, f);
        }
        cJSON_AddNumberToObject(j, "rows", (double)rep->rows);
        cJSON *ign = cJSON_AddArrayToObject(j, "ignored");
        for (size_t i = 0; i < rep->n_ignored; i++)
            cJSON_AddItemToArray(ign, cJSON_CreateString(rep->ignored[i]));
        cJSON *nr = cJSON_AddArrayToObject(j, "not_read");
        for (size_t i = 0; i < rep->n_not_read; i++)
            cJSON_AddItemToArray(nr, cJSON_CreateString(rep->not_read[i]));
        cJSON *un = cJSON_AddArrayToObject(j, "unmapped");
        for (size_t i = 0; i < rep->n_unmapped; i++) {
            cJSON *u = cJSON_CreateObject();
            cJSON_AddStringToObject(u, "file", rep->unmapped[i].file);
            cJSON_AddNumberToObject(u, "line", (double)rep->unmapped[i].line);
            if (rep->unmapped[i].cell)
                cJSON_AddStringToObject(u, "cell", rep->unmapped[i].cell);
            cJSON_AddStringToObject(u, "name", rep->unmapped[i].name);
            cJSON_AddItemToArray(un, u);
        }
        cli_json_print(j, stdout);
        cJSON_Delete(j);
        goto done;
    }
    static const char *const H[] = {"file", "importer", "rows", "status"};
    cli_table *t = cli_table_new(4, H);
    cli_table_text(t, "file");
    for (size_t i = 0; i < rep->n_files; i++) {
        char rows[32];
        snprintf(rows, sizeof rows, "%ld", rep->files[i].rows);
        const char *cells[] = {rep->files[i].file, rep->files[i].importer,
                               rep->files[i].skipped ? "" : rows,
                               rep->files[i].skipped ? "unchanged (already imported)" : "imported"};
        cli_table_add(t, cells);
    }
    cli_table_print(t, c.fmt, stdout);
    cli_table_free(t);
    if (c.fmt == OUT_CSV)
        goto done;
    char grouped[32];
    printf("\n%zu files imported, %zu unchanged, %s values stored.\n", imported, skipped,
           cli_grouped(grouped, sizeof grouped, (double)rep->rows));
    if (rep->n_ignored) {
        printf("%zu files not recognised (documentation, metadata, or legacy formats):\n", rep->n_ignored);
        for (size_t i = 0; i < rep->n_ignored; i++)
            printf("  %s\n", rep->ignored[i]);
    }
    if (rep->n_not_read) {
        printf("%zu entries not read (not files, or reached again through a link):\n", rep->n_not_read);
        for (size_t i = 0; i < rep->n_not_read; i++)
            printf("  %s\n", rep->not_read[i]);
    }
    if (rep->n_unmapped) {
        printf("%zu names or codes could not be mapped to a country (kept out of the store):\n",
               rep->n_unmapped);
        for (size_t i = 0; i < rep->n_unmapped; i++)
            printf("  %s:%ld%s%s: %s\n", rep->unmapped[i].file, rep->unmapped[i].line,
                   rep->unmapped[i].cell ? " " : "", rep->unmapped[i].cell ? rep->unmapped[i].cell : "",
                   rep->unmapped[i].name);
    } else {
        printf("Every name and code was mapped.\n");
    }
done:
    migdip_import_report_free(rep);
    migdip_ctx_close(ctx);
    free(files);
    return code;
}
