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
<<< bad.json
{"a": "NPL", "b": "GCC", "months": 24, "shocks": [{"kind": "ban", "share": 1.5, "start": 0, "months": 12}]}
>>>
<<< badkey.json
{"a": "NPL", "b": "GCC", "shocks": [{"kind": "ban"}], "params": {"eta": 0.2}}
>>>
$ migdip simulate
? 2
$ migdip simulate IDN MYS
? 2
$ migdip simulate IDN MYS --shock bam
? 2
$ migdip simulate IDN MYS --shock ban:share=2
? 2
$ migdip simulate IDN MYS --shock quota:months=3
? 2
$ migdip simulate IDN MYS --shock ban:months=1.5
? 2
$ migdip simulate IDN MYS --shock ban --months 0
? 2
$ migdip simulate --scenario {DIR}/bad.json
? 1
$ migdip simulate --scenario {DIR}/badkey.json
? 1
$ migdip simulate --scenario {DIR}/missing.json
? 3
$ migdip simulate IDN MYS --shock ban
? 1
$ migdip credibility IDN
? 2
$ migdip credibility IDN MYS --save x.json
? 2
