# Read migdip's Stata export with haven and check it against what pandas read (run.sh).
suppressPackageStartupMessages(library(haven))
args <- commandArgs(trailingOnly = TRUE)
work <- args[1]
d <- read_dta(file.path(work, "d.dta"))
expect <- as.numeric(readLines(file.path(work, "expect.txt")))
fail <- character()
check <- function(ok, what) if (!isTRUE(ok)) fail <<- c(fail, what)
check(nrow(d) == expect[1], sprintf("haven reads %d rows, pandas %d", nrow(d), expect[1]))
check(sum(is.na(d$remit_pct_gdp)) == expect[2], "remit_pct_gdp: NA count differs from the CSV's")
check(all(!is.na(d$a_name)) && all(nzchar(d$a_name)), "a_name: every row named")
check(is.numeric(d$exposure) && all(d$exposure >= 0 & d$exposure <= 1, na.rm = TRUE), "exposure in [0, 1]")
check(startsWith(attr(d, "label"), "migdip "), "data label")
check(nzchar(attr(d$gwcode1, "label")), "variable labels")
check(identical(attr(d$stock_flag, "labels")[["observed"]], 1), "value labels of the flags")
check(!anyDuplicated(d[, c("gwcode1", "gwcode2", "year")]), "gwcode1, gwcode2, year is not a key")
s <- read_dta(file.path(work, "s.dta"))
check(nrow(s) > 150 && !anyNA(s$ccode), "state-years: a COW code on every row")
if (length(fail)) {
  cat("roundtrip.R:", paste(fail, collapse = "\n  "), "\n", file = stderr())
  quit(status = 1)
}
cat(sprintf("haven: %d rows, %d columns, labels and NA as pandas read them\n", nrow(d), ncol(d)))
