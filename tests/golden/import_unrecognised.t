<<< notes/readme.txt
not data
>>>
$ migdip import --no-registry --data {DIR}/notes
file  importer  rows  status

0 files imported, 0 unchanged, 0 values stored.
1 files not recognised (documentation, metadata, or legacy formats):
  readme.txt
Every name and code was mapped.
$ migdip import {DIR}/notes/readme.txt
? 1
