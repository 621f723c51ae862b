/* fuzz_dta.c - libFuzzer target for the Stata .dta reader alone (formats/dta.c): the input is
 * read from memory, checking the invariants the callback contract promises (the variables
 * once and first, cells as many as variables, strings as long as they say, observations
 * counted from 0 in order) and that a failed read leaves a message. Built with
 * -DMG_FUZZ_STANDALONE it replays the files named on its command line, or with no arguments
 * .dta files written with ReadStat's writer (formats 118, 117, 114), their truncations and
 * deterministic byte mutations, so that it runs as a test under ctest. */
#include <stdint.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "formats/dta.h"
#include "../tests/dtautil.h"

typedef struct fuzz_state {
    bool vars_seen;
    size_t n_vars;
    long next_obs;
    long stop_at;
} fuzz_state;

static migdip_status on_vars(void *ud, const mg_dta_info *in, mg_err *err)
{
    fuzz_state *st = ud;
    if (st->vars_seen || in->n_vars > MG_DTA_MAX_VARS || (in->n_vars && !in->vars))
        abort();
    for (size_t i = 0; i < in->n_vars; i++)
        if (!in->vars[i].name || !in->vars[i].label)
            abort();
    st->vars_seen = true;
    st->n_vars = in->n_vars;
    return MIGDIP_OK;
}

static migdip_status on_row(void *ud, long obs, const mg_dta_cell *c, size_t n, mg_err *err)
{
    fuzz_state *st = ud;
    if (!st->vars_seen || n != st->n_vars || obs != st->next_obs)
        abort();
    for (size_t i = 0; i < n; i++)
        if (!c[i].str || strlen(c[i].str) > c[i].len)
            abort();
    st->next_obs++;
    if (obs == st->stop_at)
        return mg_err_set(err, MIGDIP_ERR_RANGE, "stop");
    return MIGDIP_OK;
}

int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size);
int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size)
{
    static const mg_dta_callbacks CB = {on_vars, on_row};
    fuzz_state st = {.stop_at = size > 0 && (data[size - 1] & 1) ? 1 : -1};
    mg_err err = {0};
    (void)mg_dta_sniff(data, size);
    migdip_status rc = mg_dta_read_mem("fuzz.dta", data, size, &CB, &st, &err);
    if (rc != MIGDIP_OK && err.msg[0] == '\0')
        abort();
    if (rc == MIGDIP_OK && !st.vars_seen)
        abort();
    return 0;
}

#ifdef MG_FUZZ_STANDALONE
#include "fuzz_replay.h"

static int run_builtin(void)
{
    static const dta_col COLS[] = {{"countrycode", 's', "ISO3"}, {"year", 'i', "Year"}, {"rgdpe", 'f', "GDP"},
                                   {"pop", 'd', NULL}, {"i_x", 'b', "flag"}};
    static const char *const CELLS[] = {"TWN", "2019", "1153761.1", "23.596027", "1",
                                        "NPL", "2019", NULL, "28.6", "0",
                                        "", "2020", "0.1", NULL, NULL};
    static const int VERSIONS[] = {118, 117, 114};
    static const uint8_t SPECIAL[] = {0x00, 0xff, 0x7f, 0x80, '<', '>', 0x01, 0x02, 'A', 0xfe};
    uint32_t lcg = 12345;
    int n = 0;
    for (size_t v = 0; v < 3; v++) {
        size_t len = 0;
        unsigned char *buf = dta_make(VERSIONS[v], COLS, 5, CELLS, 3, &len);
        if (!buf)
            return 1;
        unsigned char *mut = malloc(len);
        if (!mut)
            return 1;
        LLVMFuzzerTestOneInput(buf, len), n++;
        for (size_t cut = 0; cut < len; cut += len / 29 + 1)
            LLVMFuzzerTestOneInput(buf, cut), n++;
        for (int m = 0; m < 200; m++) {
            memcpy(mut, buf, len);
            for (int k = 0; k < 1 + m % 4; k++) {
                lcg = lcg * 1664525u + 1013904223u;
                mut[(lcg >> 8) % len] = SPECIAL[(lcg >> 20) % sizeof SPECIAL];
            }
            LLVMFuzzerTestOneInput(mut, len), n++;
        }
        free(mut);
        free(buf);
    }
    printf("ran %d built-in input(s)\n", n);
    return 0;
}

int main(int argc, char **argv) { return fuzz_replay_main(argc, argv, LLVMFuzzerTestOneInput, run_builtin); }
#endif
