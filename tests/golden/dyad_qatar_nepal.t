# Qatar-Nepal on a three-state fixture; every figure below was checked by hand (see test_engine.c for the formulas):
# Nepal's remittance share from Qatar 22.5e9/24.45e9 = 0.920 (stock x income per head), dependency 22.3% of GDP;
# India's fit 0.7845 (income), alternative supply 470,679, S = 0.653; power gap 2.53.
<<< data/codes/codelist.csv
ar5,continent,country.name.en,cow.name,cowc,cown,eu28,gwn,iso.name.en,iso2c,iso3c,p4.name,region,un,un.name.en,un.region.name,un.regionsub.name,vdem.name,wb
ASIA,Asia,Nepal,Nepal,NEP,790,,790,Nepal,NP,NPL,Nepal,South Asia,524,Nepal,Asia,Southern Asia,Nepal,NPL
ASIA,Asia,Qatar,Qatar,QAT,694,,694,Qatar,QA,QAT,Qatar,Middle East & North Africa,634,Qatar,Asia,Western Asia,Qatar,QAT
ASIA,Asia,India,India,IND,750,,750,India,IN,IND,India,South Asia,356,India,Asia,Southern Asia,India,IND
>>>
<<< data/un/undesa_ims2020_bilateral_by_sex_long.csv
dest_iso3,orig_iso3,year,sex,stock
QAT,NPL,2020,Female,50000
QAT,NPL,2020,Male,200000
QAT,IND,2020,Male,600000
IND,NPL,2020,Male,300000
>>>
<<< data/wdi/bx.trf.pwkr.cd.dt.csv
Country Name,Country Code,Year,Value
Nepal,NPL,2020,8000000000
>>>
<<< data/wdi/ny.gdp.mktp.cd.csv
Country Name,Country Code,Year,Value
Nepal,NPL,2020,33000000000
Qatar,QAT,2020,144000000000
India,IND,2020,2670000000000
>>>
<<< data/wdi/sl.tlf.totl.in.csv
Country Name,Country Code,Year,Value
Nepal,NPL,2020,7800000
Qatar,QAT,2020,2000000
India,IND,2020,470000000
>>>
<<< data/wdi/ny.gdp.pcap.pp.cd.csv
Country Name,Country Code,Year,Value
Nepal,NPL,2020,4000
Qatar,QAT,2020,90000
India,IND,2020,6500
>>>
<<< data/wdi/sp.pop.totl.csv
Country Name,Country Code,Year,Value
Nepal,NPL,2020,29000000
Qatar,QAT,2020,2800000
India,IND,2020,1380000000
>>>
$ migdip import --no-registry --data {DIR}/data
file                                         importer              rows  status
codes/codelist.csv                           countrycode-codelist     3  imported
un/undesa_ims2020_bilateral_by_sex_long.csv  undesa-ims-long          7  imported
wdi/bx.trf.pwkr.cd.dt.csv                    wdi-tidy                 1  imported
wdi/ny.gdp.mktp.cd.csv                       wdi-tidy                 3  imported
wdi/ny.gdp.pcap.pp.cd.csv                    wdi-tidy                 3  imported
wdi/sl.tlf.totl.in.csv                       wdi-tidy                 3  imported
wdi/sp.pop.totl.csv                          wdi-tidy                 3  imported

7 files imported, 0 unchanged, 23 values stored.
Every name and code was mapped.
$ migdip dyad QAT NPL
Qatar (QAT) and Nepal (NPL), 2020

side  exposure  as_sender  as_host  remit_dep  valve  concentration  labour  pool   substitution  institutions  quadrant
QAT      0.449      0.000    0.449      0.000  0.000          0.000   0.500  0.441        -0.492         0.000  mutual
NPL      0.700      0.700    0.000      0.500  0.064          0.136   0.000  0.000         0.000         0.000  mutual

Power: Qatar (QAT) is the stronger state (score 2.53 above Nepal (NPL)).
Qatar (QAT): exposure 0.45; as a host (0.45): migrants from Nepal (NPL) are 12.5% of its labour force and 29.4% of its migrants; alternative senders that fit as well offer about 470679 workers (substitutability 0.65, which removes 0.49).
Nepal (NPL): exposure 0.70; as a sender (0.70): remittances are 24.2% of GDP, 92% of them from Qatar (QAT) (dependency 22.3% of GDP, shares estimated from migrant stocks); 45% of its emigrants live in Qatar (QAT) (2.0 effective destinations), equal to 3.2% of its labour force.
Institutions: none recorded between them.
Verdict: mutual exposure (0.45 and 0.70): both share incentives to avoid escalation, so both cooperate.
$ migdip dyad QAT NPL --csv
side,exposure,as_sender,as_host,remit_dep,valve,concentration,labour,pool,substitution,institutions,quadrant
QAT,0.449,0.000,0.449,0.000,0.000,0.000,0.500,0.441,-0.492,0.000,mutual
NPL,0.700,0.700,0.000,0.500,0.064,0.136,0.000,0.000,0.000,0.000,mutual
$ migdip country NPL --csv
iso3,year,direction,partner,partner_name,stock,share
NPL,2020,emigrants,IND,India,300000,0.545455
NPL,2020,emigrants,QAT,Qatar,250000,0.454545
$ migdip screen --min-stock 1 --csv
rank,a,b,volume,exposure_a,exposure_b,gap,stronger,quadrant_a,quadrant_b,margin
1,NPL,QAT,250000,0.700,0.449,0.251,QAT,mutual,mutual,0.149
2,IND,NPL,300000,0.503,0.337,0.166,IND,mutual,mutual,0.037
3,IND,QAT,600000,0.605,0.765,0.160,QAT,mutual,mutual,0.305
# every pair of the fixture is mutual: a filter on II keeps none of them
$ migdip screen --min-stock 1 --quadrant II --csv
rank,a,b,volume,exposure_a,exposure_b,gap,stronger,quadrant_a,quadrant_b,margin
