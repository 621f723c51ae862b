/* fuzz_bloc.c - libFuzzer target for user-defined blocs (--bloc NAME=ISO3,ISO3,..., read by
 * migdip_model_load): the input is up to 8 specifications, one a line, given to a model
 * loaded once from one store in memory (three states with stocks, incomes and labour forces,
 * and the built-in registry's blocs) through mg_model_set_blocs, the code migdip_model_load
 * reads them with; then each NAME is resolved as an actor and evaluated against Nepal.
 * Invariants: a failure says why (a refusal has a message); a bloc that loads resolves to at
 * most 64 members, each a state of the panel; a dyad's exposures are finite or NaN, never
 * infinite. Loading a whole model per input ran 165 inputs a CPU second; the replays (ctest)
 * also load a model with the specifications through migdip_model_load, which must agree.
 * Built with -DMG_FUZZ_STANDALONE it replays files and directories (fuzz/corpus/fuzz_bloc),
 * or with no arguments its built-in inputs. */
#include <math.h>
#include <stdint.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "api/model.h"
#include "import/import.h"
#include "migdip/migdip.h"
#include "store/ctx.h"

static const char CODELIST[] =
    "ar5,continent,country.name.en,cow.name,cowc,cown,eu28,gwn,iso.name.en,iso2c,iso3c,p4.name,region,un,"
    "un.name.en,un.region.name,un.regionsub.name,vdem.name,wb\n"
    "ASIA,Asia,Nepal,Nepal,NEP,790,,790,Nepal,NP,NPL,Nepal,South Asia,524,Nepal,Asia,Southern Asia,Nepal,NPL\n"
    "ASIA,Asia,Qatar,Qatar,QAT,694,,694,Qatar,QA,QAT,Qatar,Middle East & North Africa,634,Qatar,Asia,Western Asia,Qatar,QAT\n"
    "ASIA,Asia,India,India,IND,750,,750,India,IN,IND,India,South Asia,356,India,Asia,Southern Asia,India,IND\n";
static const char STOCKS[] =
    "dest_iso3,orig_iso3,year,sex,stock\nQAT,NPL,2020,Female,50000\nQAT,NPL,2020,Male,200000\n"
    "QAT,IND,2020,Male,600000\nIND,NPL,2020,Male,300000\n";
static const char GDP[] = "Country Name,Country Code,Year,Value\nNepal,NPL,2020,33000000000\n"
                          "Qatar,QAT,2020,144000000000\nIndia,IND,2020,2670000000000\n";
static const char GDPPC[] = "Country Name,Country Code,Year,Value\nNepal,NPL,2020,4000\nQatar,QAT,2020,90000\n"
                            "India,IND,2020,6500\n";
static const char LF[] = "Country Name,Country Code,Year,Value\nNepal,NPL,2020,7800000\nQatar,QAT,2020,2000000\n"
                         "India,IND,2020,470000000\n";

static migdip_ctx *store;
static migdip_model *model; /* loaded once, without user-defined blocs */

static void store_open(void)
{
    if (store)
        return;
    const mg_import_input in[] = {
        {.mem = (const unsigned char *)CODELIST, .len = sizeof CODELIST - 1, .name = "codes/codelist.csv"},
        {.mem = (const unsigned char *)STOCKS, .len = sizeof STOCKS - 1,
         .name = "un/undesa_ims2020_bilateral_by_sex_long.csv"},
        {.mem = (const unsigned char *)GDP, .len = sizeof GDP - 1, .name = "wdi/ny.gdp.mktp.cd.csv"},
        {.mem = (const unsigned char *)GDPPC, .len = sizeof GDPPC - 1, .name = "wdi/ny.gdp.pcap.pp.cd.csv"},
        {.mem = (const unsigned char *)LF, .len = sizeof LF - 1, .name = "wdi/sl.tlf.totl.in.csv"},
    };
    migdip_import_report *rep = NULL;
    if (migdip_ctx_open(":memory:", &store) != MIGDIP_OK ||
        mg_import_inputs(store, in, sizeof in / sizeof *in, true, NULL, NULL, &rep) != MIGDIP_OK) {
        fprintf(stderr, "fuzz_bloc: the store: %s\n", store ? migdip_ctx_errmsg(store) : "?");
        abort();
    }
    migdip_import_report_free(rep);
    if (migdip_model_load(store, NULL, &model) != MIGDIP_OK) {
        fprintf(stderr, "fuzz_bloc: the model: %s\n", migdip_ctx_errmsg(store));
        abort();
    }
}

int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size);
int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size)
{
    if (size > 4096)
        return 0;
    store_open();
    char *text = malloc(size + 1);
    if (!text)
        return 0;
    memcpy(text, data, size);
    text[size] = '\0';
    const char *specs[8];
    size_t n = 0;
    for (char *p = text; n < 8 && p && *p;) {
        specs[n++] = p;
        p = strchr(p, '\n');
        if (p)
            *p++ = '\0';
    }
    migdip_status st = mg_model_set_blocs(store, model, specs, n);
#ifdef MG_FUZZ_STANDALONE
    /* the whole load with the same specifications succeeds or fails alike */
    migdip_model_opts o = {.blocs = specs, .n_blocs = n};
    migdip_model *whole = NULL;
    if ((migdip_model_load(store, &o, &whole) == MIGDIP_OK) != (st == MIGDIP_OK))
        abort();
    migdip_model_free(whole);
    if (st != MIGDIP_OK)
        st = mg_model_set_blocs(store, model, specs, n); /* its message again */
#endif
    if (st != MIGDIP_OK) {
        if (!migdip_ctx_errmsg(store)[0])
            abort(); /* a refusal says why */
        free(text);
        return 0;
    }
    const migdip_model *m = model;
    migdip_actor nepal;
    if (migdip_actor_resolve(store, m, "NPL", &nepal) != MIGDIP_OK)
        abort();
    for (size_t k = 0; k < n; k++) {
        const char *eq = strchr(specs[k], '=');
        if (!eq)
            abort(); /* the load accepted a bloc without a name */
        char name[64];
        snprintf(name, sizeof name, "%.*s", (int)(eq - specs[k]), specs[k]);
        migdip_actor a;
        if (migdip_actor_resolve(store, m, name, &a) != MIGDIP_OK) {
            if (!migdip_ctx_errmsg(store)[0])
                abort();
            continue;
        }
        if (a.n_members > 64)
            abort();
        migdip_dyad d;
        if (migdip_dyad_eval(store, m, &a, &nepal, &d) == MIGDIP_OK &&
            (isinf(d.side[0].exposure) || isinf(d.side[1].exposure)))
            abort();
    }
    free(text);
    return 0;
}

#ifdef MG_FUZZ_STANDALONE
#include "fuzz_replay.h"

static int bloc_builtin(void)
{
    static const char *const INPUTS[] = {
        "GULF=QAT,IND", "X=npl,qat\nY=IND", "GCC=QAT", "=QAT", "NOEQ", "Z=QAT,,IND,", "Z=ATL",
        "Z=QATX", "A=QAT\nA=IND", "AVERYLONGBLOCNAMEOVERTHIRTYTWOBYTES=QAT", "Q=\xff\xfe",
        "N=NPL\nM=NPL\nO=NPL\nP=NPL\nQ=NPL\nR=NPL\nS=NPL\nT=NPL\nU=NPL",
    };
    for (size_t i = 0; i < sizeof INPUTS / sizeof *INPUTS; i++)
        LLVMFuzzerTestOneInput((const uint8_t *)INPUTS[i], strlen(INPUTS[i]));
    printf("ran %zu built-in input(s)\n", sizeof INPUTS / sizeof *INPUTS);
    return 0;
}

int main(int argc, char **argv)
{
    int rc = fuzz_replay_main(argc, argv, LLVMFuzzerTestOneInput, bloc_builtin);
    migdip_model_free(model);
    model = NULL;
    if (store)
        migdip_ctx_close(store);
    store = NULL;
    return rc;
}
#endif
