$ migdip plan
? 2
$ migdip plan NPL --top 0
? 2
$ migdip plan NPL --lf-cap -1
? 2
$ migdip plan NPL --growth-cap lots
? 2
$ migdip plan NPL IND
? 2
$ migdip plan NPL --against
? 2
$ migdip coalition --against GCC
? 2
$ migdip coalition --members NPL
? 2
$ migdip coalition --members NPL,BGD,PAK,LKA,IND,PHL,IDN,EGY,ETH,KEN,UGA,MMR,VNM --against GCC
? 2
$ migdip coalition --members NPL --against GCC --bogus
? 2
$ migdip plan NPL --against GCC
? 1
$ migdip coalition --members NPL,BGD --against GCC
? 1
