# --edition takes the year of a UN DESA edition; one the store lacks is a data error
$ migdip dyad NPL QAT --edition 20x0
? 2
$ migdip dyad NPL QAT --edition
? 2
$ migdip country NPL --edition latest
? 2
$ migdip validate --edition 1985
? 2
$ migdip screen --edition 2031
? 1
