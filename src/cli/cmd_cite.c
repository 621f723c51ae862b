/* cmd_cite.c - `migdip cite`: BibTeX (or JSON) for every source and edition in the store and
 * for the framework article, so that a result can be cited with the data behind it. */
#include <string.h>

#include "cli.h"

const cli_cmd CLI_CMD_CITE = {
    "cite", NULL, "BibTeX for the framework, migdip and every data edition in the store",
    "Prints a BibTeX entry for the article whose framework migdip implements, for migdip itself\n"
    "and for every dataset edition imported into the store (one entry per edition), with the\n"
    "edition and the sha256 of each imported file in the note. --json gives the same as an array\n"
    "of objects (key, type, datasets, edition, citation, files, bibtex).\n",
    NULL, CLI_DB | CLI_JSON | CLI_QUIET, NULL, NULL};

int cmd_cite(int argc, char **argv)
{
    cli_common c;
    cli_common_init(&c);
    int code = EXIT_OK;
    cli_sink to = {.common = &c};
    if (cli_parse(&CLI_CMD_CITE, argc, argv, &to, &code) <= 0)
        return code;
    migdip_ctx *ctx = cli_open(&c, &code);
    migdip_citations *cs = NULL;
    if (!ctx)
        return code;
    migdip_status st = migdip_citations_get(ctx, &cs);
    if (st) {
        code = cli_fail_ctx(ctx, st);
        goto done;
    }
    if (cs->n <= 1 && !c.quiet)
        fprintf(stderr, "migdip: note: the store holds no imported data yet: only the framework is cited\n");
    if (c.fmt == OUT_JSON) {
        cJSON *arr = present_citations_json(cs);
        cli_json_print(arr, stdout);
        cJSON_Delete(arr);
    } else {
        for (size_t i = 0; i < cs->n; i++)
            printf("%s%s", i ? "\n" : "", cs->v[i].bibtex);
    }
done:
    migdip_citations_free(cs);
    migdip_ctx_close(ctx);
    return code;
}
