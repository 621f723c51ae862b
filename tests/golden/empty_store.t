$ migdip sources
Vintages (0 files)
id  dataset  edition  source  file  rows  sha256  imported_at

Coverage
series  dataset  countries  year_min  year_max  years  values  missing

The store is empty: run `migdip import`.
$ migdip country ZZZ
? 1
$ migdip frobnicate
? 2
$ migdip country NPL --year 99
? 2
