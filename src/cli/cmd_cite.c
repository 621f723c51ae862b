/* cmd_cite.c - `migdip cite`: BibTeX (or JSON) for every source and edition in the store and
 * for the framework article, so that a result can be cited with the data behind it. */
#include <string.h>

#include "cli.h"

static const char HELP[] =
    "usage: migdip cite [--json]\n\n"
    "Prints a BibTeX entry for the article whose framework migdip implements and for every\n"
    "dataset edition imported into the store (one entry per edition), with the edition and\n"
    "the sha256 of each imported file in the note. --json gives the same as an array of\n"
    "objects (key, type, datasets, edition, citation, files, bibtex).\n";

int cmd_cite(int argc, char **argv)
{
    cli_common c;
    cli_common_init(&c);
    int code = EXIT_OK;
    for (int i = 1; i < argc; i++) {
        int used = cli_common_opt(&c, argc, argv, &i);
        if (used < 0)
            return EXIT_USAGE;
        if (used)
            continue;
        if (!strcmp(argv[i], "--help") || !strcmp(argv[i], "-h")) {
            fputs(HELP, stdout);
            return EXIT_OK;
        }
        return cli_usage_error("cite", "unexpected argument '%s'", argv[i]);
    }
    if (c.fmt == OUT_CSV) /* no option accepted and ignored */
        return cli_usage_error("cite", "--csv: citations are BibTeX, or JSON with --json");
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
