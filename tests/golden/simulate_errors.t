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
