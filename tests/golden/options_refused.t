# options that would be ignored are refused (issue 12): the export format and the file's
# extension must agree, --json and --format must agree, cite has no CSV, validate no --year
$ migdip export dyads --year 2020 --format csv --out {DIR}/x.dta
? 2
$ migdip export dyads --year 2020 --json --format csv
? 2
$ migdip cite --csv
? 2
$ migdip validate --year 2010
? 2
