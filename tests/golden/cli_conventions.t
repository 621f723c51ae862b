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
usage: migdip events [A [B]] [--db FILE] [--json|--csv] [--wide]

The documented episodes of the registry (data/registry/episodes.csv, docs/episodes.md): bans,
moratoria, visa freezes, deportations, agreements won, with the year, what happened, the
outcome, the logic the record shows for each side and a source. With A, the episodes of
that state or bloc; with A and B, those of the dyad.

Common options:
  --db FILE             the store (default: $MIGDIP_DB, else the per-user store
                        $XDG_DATA_HOME/migdip/migdip.db, XDG_DATA_HOME being
                        ~/.local/share when unset)
  --json                output as JSON (docs/exports.md, docs/schema)
  --csv                 output as CSV
  --wide                tables and prose as they are, not fitted to the
                        terminal's width
  -h, --help            this help (also `migdip help COMMAND`)
$ migdip --csv events
year,a,b,kind,record_a,record_b,event,outcome,source
# a flag takes no value: --csv=1 is a usage error (the option table knows --csv is a flag)
$ migdip events --csv=1
? 2
$ migdip help frobnicate
? 2
$ migdip dyda MYS IDN
? 2
$ migdip screen --top=x
? 2
# --version takes only --db (its store's editions: tests/unit/test_cli_output.c)
$ migdip --version --json
? 2
