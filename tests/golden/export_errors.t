$ migdip export
? 2
$ migdip export tables
? 2
$ migdip export dyads --format xlsx
? 2
$ migdip export dyads --format dta
? 2
$ migdip export dyads --years 2030-2040
? 2
$ migdip export dyads --years 2040:2030
? 2
$ migdip export dyads --year 2020 --years 2019:2020
? 2
$ migdip export dyads --min-stock lots
? 2
$ migdip export dyads --years 2030:2040
? 1
$ migdip export dyads --year 2020 --format json
? 1
