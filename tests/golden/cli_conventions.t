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
# the command line's conventions (docs/building.md): help COMMAND, --opt=value, the options
# every command takes before the command, a mistyped command refused (with a suggestion on
# standard error)
$ migdip help events
usage: migdip events [A [B]] [--json|--csv]

The documented episodes of the registry (data/registry/episodes.csv, docs/episodes.md): bans,
moratoria, visa freezes, deportations, agreements won, with the year, what happened, the
outcome, the logic the record shows for each side and a source. With A, the episodes of
that state or bloc; with A and B, those of the dyad.
$ migdip --csv events
year,a,b,kind,record_a,record_b,event,outcome,source
$ migdip events --csv=1
? 1
$ migdip help frobnicate
? 2
$ migdip dyda MYS IDN
? 2
$ migdip screen --top=x
? 2
# --version takes only --db (its store's editions: tests/unit/test_cli_output.c)
$ migdip --version --json
? 2
