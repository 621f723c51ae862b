/* fuzz_xlsx.c - libFuzzer target for the xlsx reader: open the input as a workbook from
 * memory and read every sheet, checking the invariants the callback contract promises.
 * Built with -DMG_FUZZ_STANDALONE it becomes a small program that replays the files named on
 * its command line (a regression test that needs no libFuzzer). */
#include <stdint.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "formats/xlsx.h"

typedef struct fuzz_state {
    size_t rows;
    size_t stop_after; /* 0: read everything */
    uint32_t last_row;
} fuzz_state;

static int on_row(void *ud, uint32_t row, const xlsx_cell *cells, size_t ncells)
{
    fuzz_state *st = ud;
    char ref[16];
    if (ncells == 0 || row == 0 || row > XLSX_MAX_ROW)
        abort();
    for (size_t i = 0; i < ncells; i++) {
        const xlsx_cell *cell = &cells[i];
        if (cell->row != row || cell->col == 0 || cell->col > XLSX_MAX_COL)
            abort();
        if (i > 0 && cell->col <= cells[i - 1].col)
            abort();
        if (cell->type == XLSX_STRING || cell->type == XLSX_ERROR) {
            if (!cell->str || strlen(cell->str) != cell->len)
                abort();
        } else if (cell->type != XLSX_NUMBER && cell->type != XLSX_BOOL) {
            abort();
        }
        mg_xlsx_cellref(ref, cell->row, cell->col);
    }
    st->last_row = row;
    st->rows++;
    return st->stop_after && st->rows >= st->stop_after;
}

/* libFuzzer entry point: never fails, only crashes (abort) on a broken invariant. */
int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size);
int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size)
{
    xlsx_book *book = NULL;
    mg_err err = {0};
    if (mg_xlsx_open_mem(data, size, &book, &err) != MIGDIP_OK) {
        if (book || err.msg[0] == '\0')
            abort();
        return 0;
    }
    size_t n_sheets = mg_xlsx_sheet_count(book);
    for (size_t i = 0; i < n_sheets; i++) {
        const char *name = mg_xlsx_sheet_name(book, i);
        if (!name)
            abort();
        long found = mg_xlsx_find_sheet(book, name);
        if (found < 0 || (size_t)found >= n_sheets)
            abort();
        fuzz_state st = {.stop_after = size > 0 && (data[size - 1] & 1) ? 2 : 0};
        mg_err_clear(&err);
        if (mg_xlsx_read_sheet(book, i, on_row, &st, &err) != MIGDIP_OK && err.msg[0] == '\0')
            abort();
    }
    mg_xlsx_close(book);
    return 0;
}

#ifdef MG_FUZZ_STANDALONE
#include "fuzz_replay.h"

/* Replay the files and directories named (fuzz/corpus/fuzz_xlsx under ctest); none is an error. */
int main(int argc, char **argv) { return fuzz_replay_main(argc, argv, LLVMFuzzerTestOneInput, NULL); }
#endif
