# a country named by ISO2, a COW number, an M49 number or scheme:code (docs/countries.md)
<<< data/codes/codelist.csv
ar5,continent,country.name.en,cow.name,cowc,cown,eu28,gwn,iso.name.en,iso2c,iso3c,p4.name,region,un,un.name.en,un.region.name,un.regionsub.name,vdem.name,wb
ASIA,Asia,Nepal,Nepal,NEP,790,,790,Nepal,NP,NPL,Nepal,South Asia,524,Nepal,Asia,Southern Asia,Nepal,NPL
ASIA,Asia,Malaysia,Malaysia,MAL,820,,820,Malaysia,MY,MYS,Malaysia,East Asia & Pacific,458,Malaysia,Asia,South-Eastern Asia,Malaysia,MYS
>>>
<<< data/un/undesa_ims2020_bilateral_by_sex_long.csv
dest_iso3,orig_iso3,year,sex,stock
MYS,NPL,2020,Female,50000
MYS,NPL,2020,Male,300000
>>>
$ migdip import --no-registry --data {DIR}/data
file                                         importer              rows  status
codes/codelist.csv                           countrycode-codelist     2  imported
un/undesa_ims2020_bilateral_by_sex_long.csv  undesa-ims-long          3  imported

2 files imported, 0 unchanged, 5 values stored.
Every name and code was mapped.
$ migdip country MY --csv
iso3,year,direction,partner,partner_name,stock,share
MYS,2020,immigrants,NPL,Nepal,350000,1
$ migdip country 820 --csv
iso3,year,direction,partner,partner_name,stock,share
MYS,2020,immigrants,NPL,Nepal,350000,1
$ migdip country 458 --csv
iso3,year,direction,partner,partner_name,stock,share
MYS,2020,immigrants,NPL,Nepal,350000,1
$ migdip country m49:524 --csv
iso3,year,direction,partner,partner_name,stock,share
NPL,2020,emigrants,MYS,Malaysia,350000,1
$ migdip country iso2:np --csv
iso3,year,direction,partner,partner_name,stock,share
NPL,2020,emigrants,MYS,Malaysia,350000,1
$ migdip country 99999 --csv
? 1
