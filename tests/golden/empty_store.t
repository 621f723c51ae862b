$ migdip sources
Vintages (0 files)
id  dataset  edition  source  file  rows  sha256  imported_at

Coverage (0 of 0 series and editions; --series TEXT to filter)
series  dataset  countries  year_min  year_max  years  values  missing

The store is empty: run `migdip import`.
$ migdip country ZZZ
? 1
$ migdip frobnicate
? 2
$ migdip country NPL --year 99
? 2
