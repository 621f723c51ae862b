# a store that is not there: refused (exit 1) by every command but import, the message on
# stderr naming the path and how to create it; nothing created
$ migdip sources
? 1
$ migdip dyad NPL QAT
? 1
$ migdip export dyads --year 2020
? 1
$ migdip cite
? 1
# an empty store (import creates it; every other command refuses a store that is not there)
<<< notes/readme.txt
not data
>>>
$ migdip import --no-registry --data {DIR}/notes
file  importer  rows  status

0 files imported, 0 unchanged, 0 values stored.
1 files not recognised (documentation, metadata, or legacy formats):
  readme.txt
Every name and code was mapped.
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
