/* fuzz_params.c - libFuzzer target for the option parsers every engine command shares:
 * --param NAME=VALUE (migdip_param_parse), --shock KIND:key=value,... (migdip_shock_parse),
 * --power and --quadrant. The first byte picks the parser, the rest is the text (cut at a NUL).
 * Invariants: a parse that succeeds gives a finite value (a parameter, a shock's share and
 * months) and one that fails says why. Built with -DMG_FUZZ_STANDALONE it replays files and
 * directories (fuzz/corpus/fuzz_params). */
#include <math.h>
#include <stdint.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "migdip/migdip.h"

int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size);
int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size)
{
    if (size < 1 || size > 4096)
        return 0;
    char *text = malloc(size);
    if (!text)
        return 0;
    memcpy(text, data + 1, size - 1);
    text[size - 1] = '\0';
    char msg[200] = "";
    switch (data[0] % 4) {
    case 0: {
        migdip_param p;
        if (migdip_param_parse(text, &p, msg, sizeof msg) == MIGDIP_OK) {
            if (!isfinite(p.value) || !p.name[0])
                abort();
        } else if (!msg[0]) {
            abort();
        }
        break;
    }
    case 1: {
        migdip_shock s;
        if (migdip_shock_parse(text, &s, msg, sizeof msg) == MIGDIP_OK) {
            if (!isfinite(s.share) || !isfinite(s.per_month) || s.months < 0 || s.start < 0)
                abort();
        } else if (!msg[0]) {
            abort();
        }
        break;
    }
    case 2: {
        migdip_power pw;
        if (migdip_power_parse(text, &pw) == MIGDIP_OK && !migdip_power_name(pw))
            abort();
        break;
    }
    default: {
        migdip_quadrant q;
        migdip_quadrant_parse(text, &q);
        break;
    }
    }
    free(text);
    return 0;
}

#ifdef MG_FUZZ_STANDALONE
#include "fuzz_replay.h"

int main(int argc, char **argv) { return fuzz_replay_main(argc, argv, LLVMFuzzerTestOneInput, NULL); }
#endif
