# New Zealand hosts Tonga's seasonal workers under a scheme of kind "seasonal" (docs/model.md 4.2):
# Tonga is far more exposed on the stocks, New Zealand less, and the census cannot see the scheme's
# workers, so the II/III verdict is low confidence and the explanation says why. Checked by hand:
# NZL lf share 28,000/2.8M = 1% -> 0.5 x 0.1; pool 100% x pool weight (1%/10%) -> 0.5 x 0.1;
# TON remittances 38% of GDP, all from NZL (allocation rule) -> 0.5, valve 77.8% -> 0.2, one
# destination -> 0.3; institutions 0.9 x 0.5^(13/15) = 0.49, each side moved 0.5 x 0.49 x 0.45.
<<< data/codes/codelist.csv
ar5,continent,country.name.en,cow.name,cowc,cown,eu28,gwn,iso.name.en,iso2c,iso3c,p4.name,region,un,un.name.en,un.region.name,un.regionsub.name,vdem.name,wb
OECD,Oceania,New Zealand,New Zealand,NEW,920,,920,New Zealand,NZ,NZL,New Zealand,East Asia & Pacific,554,New Zealand,Oceania,Australia and New Zealand,New Zealand,NZL
ASIA,Oceania,Tonga,Tonga,TON,955,,955,Tonga,TO,TON,Tonga,East Asia & Pacific,776,Tonga,Oceania,Polynesia,Tonga,TON
>>>
<<< data/un/undesa_ims2020_bilateral_by_sex_long.csv
dest_iso3,orig_iso3,year,sex,stock
NZL,TON,2020,Female,14000
NZL,TON,2020,Male,14000
>>>
<<< data/wdi/bx.trf.pwkr.cd.dt.csv
Country Name,Country Code,Year,Value
Tonga,TON,2020,190000000
>>>
<<< data/wdi/ny.gdp.mktp.cd.csv
Country Name,Country Code,Year,Value
Tonga,TON,2020,500000000
New Zealand,NZL,2020,210000000000
>>>
<<< data/wdi/sl.tlf.totl.in.csv
Country Name,Country Code,Year,Value
Tonga,TON,2020,36000
New Zealand,NZL,2020,2800000
>>>
<<< data/wdi/ny.gdp.pcap.pp.cd.csv
Country Name,Country Code,Year,Value
Tonga,TON,2020,6700
New Zealand,NZL,2020,45000
>>>
<<< data/wdi/sp.pop.totl.csv
Country Name,Country Code,Year,Value
Tonga,TON,2020,105000
New Zealand,NZL,2020,5100000
>>>
<<< data/registry/institutions.csv
id,kind,name,a,b,year_from,year_to,weight,source
NZL-TON-RSE,seasonal,Recognised Seasonal Employer scheme,NZL,TON,2007,,0.9,fixture
>>>
$ migdip import --no-registry --data {DIR}/data
file                                         importer               rows  status
codes/codelist.csv                           countrycode-codelist      2  imported
registry/institutions.csv                    registry-institutions     1  imported
un/undesa_ims2020_bilateral_by_sex_long.csv  undesa-ims-long           3  imported
wdi/bx.trf.pwkr.cd.dt.csv                    wdi-tidy                  1  imported
wdi/ny.gdp.mktp.cd.csv                       wdi-tidy                  2  imported
wdi/ny.gdp.pcap.pp.cd.csv                    wdi-tidy                  2  imported
wdi/sl.tlf.totl.in.csv                       wdi-tidy                  2  imported
wdi/sp.pop.totl.csv                          wdi-tidy                  2  imported

8 files imported, 0 unchanged, 15 values stored.
Every name and code was mapped.
$ migdip dyad NZL TON --year 2020
New Zealand (NZL) and Tonga (TON), 2020

side  exposure  as_sender  as_host  remit_dep  valve  concentration  labour  pool   substitution  control  institutions  quadrant
NZL      0.211      0.000    0.100      0.000  0.000          0.000   0.050  0.050        -0.000   -0.000         0.111  II
TON      0.889      1.000    0.000      0.500  0.200          0.300   0.000  0.000         0.000    0.000        -0.111  III

Power (the composite 0.75 ln GDP per head + 0.25 ln GDP (PPP)): New Zealand (NZL) GDP per head $45000, GDP $230 billion (PPP; WDI); Tonga (TON) GDP per head $6700, GDP $704 million (PPP; WDI). New Zealand (NZL) is the stronger by 2.88 log points (about 1673%).
New Zealand (NZL): exposure 0.10 (low), 0.21 after institutions narrow the gap. As a host (0.10): about 28,000 labour migrants from Tonga (TON) are 1.0% of its labour force (contribution 0.05) and 100% of its migrants (contribution 0.05, a small pool against the labour force); other senders that fit as well could supply 0.0 times as many workers (substitutability 0.00 lowers the exposure by 0.00).
Tonga (TON): exposure 1.00 (high), 0.89 after institutions narrow the gap. As a sender (1.00): remittances are 38.0% of GDP and 100% of them come from New Zealand (NZL), so 38.0% of GDP depends on it (contribution 0.50) [share modelled from migrant stocks and incomes]; about 28,000 of its emigrants, 100% of them, live in New Zealand (NZL) (1.0 effective destinations; contribution 0.30), equal to 77.8% of its labour force (contribution 0.20).
Institutions: index 0.49; they narrow the gap between the two exposures by 0.22 (each side 0.11 toward the other): rules stabilise expectations, they do not add exposure.
Verdict: the exposure disadvantages the weaker state: New Zealand (NZL) II (Coercion), Tonga (TON) III (Constrained accommodation).
Low confidence: New Zealand (NZL) takes seasonal workers from Tonga (TON) under a scheme in force; they stay a season and are missing from census-based stocks, so New Zealand (NZL)'s exposure is understated and it may not be the less exposed side.
Robustness (margin 0.200 to the mutual exposure boundary): robust: it would become mutual exposure if New Zealand (NZL)'s exposure before institutions rose by 0.20 (to 0.30); over 100 draws of the parameters within their prior ranges the verdict holds in 100% of them.
Inputs not observed in 2020: Tonga (TON)'s remittance share modelled.
What the data cannot see: the seasonal workers New Zealand (NZL) takes from Tonga (TON) under the scheme in force, absent from census-based stocks; and, for every pair, seasonal and short-term workers absent from census-based stocks, reliance concentrated in one sector (domestic work, care, construction, farms), irregular workers, and the politics of the moment (a war, a crisis, a campaign).
