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

side  exposure  as_sender  as_host  remit_dep  valve  concentration  labour  pool   substitution  control  institutions  quadrant
QAT      0.225      0.000    0.225      0.000  0.000          0.000   0.500  0.441        -0.492   -0.225         0.000  II
NPL      0.700      0.700    0.000      0.500  0.064          0.136   0.000  0.000         0.000    0.000         0.000  III

Power (the composite 0.75 ln GDP per head + 0.25 ln GDP (PPP)): Qatar (QAT) GDP per head $90000, GDP $252 billion (PPP; WDI); Nepal (NPL) GDP per head $4000, GDP $116 billion (PPP; WDI). Qatar (QAT) is the stronger by 2.53 log points (about 1154%).
Qatar (QAT): exposure 0.22 (moderate). As a host (0.22): about 250,000 labour migrants from Nepal (NPL) are 12.5% of its labour force (contribution 0.50) and 29% of its migrants (contribution 0.44); other senders that fit as well could supply 1.9 times as many workers (substitutability 0.65 lowers the exposure by 0.49); Nepal (NPL) controls no deployment channel for some or all of them (no labour agreement or scheme in force), so it could withhold about 50% of them (lowers the exposure by 0.22).
Nepal (NPL): exposure 0.70 (high). As a sender (0.70): remittances are 24.2% of GDP and 92% of them come from Qatar (QAT), so 22.3% of GDP depends on it (contribution 0.50) [share modelled from migrant stocks and incomes]; about 250,000 of its emigrants, 45% of them, live in Qatar (QAT) (2.0 effective destinations; contribution 0.14), equal to 3.2% of its labour force (contribution 0.06).
Institutions: none recorded between them.
Verdict: the exposure disadvantages the weaker state: Qatar (QAT) II (Coercion), Nepal (NPL) III (Constrained accommodation).
Robustness (margin 0.075 to the mutual exposure boundary): moderately robust: it would become mutual exposure if Qatar (QAT)'s exposure before institutions rose by 0.08 (to 0.30); over 100 draws of the parameters within their prior ranges the verdict holds in 84% of them.
Inputs not observed in 2020: Nepal (NPL)'s remittance share modelled.
What the data cannot see: how many of the workers from Nepal (NPL) in Qatar (QAT) came irregularly or stay without papers (no channel covers them all); and, for every pair, seasonal and short-term workers absent from census-based stocks, reliance concentrated in one sector (domestic work, care, construction, farms), irregular workers, and the politics of the moment (a war, a crisis, a campaign).
$ migdip dyad QAT NPL --csv
side,exposure,as_sender,as_host,remit_dep,valve,concentration,labour,pool,substitution,control,institutions,quadrant
QAT,0.22471349217150993,0,0.22471349217151,0,0,0,0.4999999999999999,0.4411764705882352,-0.4917494862452152,-0.22471349217150993,0,II
NPL,0.7004662004662005,0.7004662004662005,0,0.5,0.0641025641025641,0.13636363636363635,0,0,0,0,0,III
$ migdip country NPL --csv
iso3,year,direction,partner,partner_name,stock,share
NPL,2020,emigrants,IND,India,300000,0.5454545454545454
NPL,2020,emigrants,QAT,Qatar,250000,0.45454545454545453
$ migdip screen --min-stock 1 --csv
rank,a,b,volume,exposure_a,exposure_b,gap,stronger,quadrant_a,quadrant_b,margin,stake,flags
1,IND,NPL,300000,0.0031914893617021045,0.3372316844709482,0.3340401951092461,IND,II,III,0.1872316844709482,300000,
2,NPL,QAT,250000,0.7004662004662005,0.22471349217150993,0.4757527082946905,QAT,III,II,0.07528650782849006,250000,
3,IND,QAT,600000,0.6051063829787234,0.38235294117647056,0.22275344180225287,QAT,mutual,mutual,0.08235294117647057,600000,contested
# a filter on II keeps the two dyads where a state coerces
$ migdip screen --min-stock 1 --quadrant II --csv
rank,a,b,volume,exposure_a,exposure_b,gap,stronger,quadrant_a,quadrant_b,margin,stake,flags
1,IND,NPL,300000,0.0031914893617021045,0.3372316844709482,0.3340401951092461,IND,II,III,0.1872316844709482,300000,
2,NPL,QAT,250000,0.7004662004662005,0.22471349217150993,0.4757527082946905,QAT,III,II,0.07528650782849006,250000,
# country classifies its main corridors with the engine's options, as dyad would: with the mutual
# threshold at 0.2 Nepal and Qatar (0.70 and 0.22 before institutions) are mutually exposed
$ migdip country NPL --param mutual_min=0.2 --json
{
	"iso3":	"NPL",
	"name":	"Nepal",
	"year":	2020,
	"stock_year":	2020,
	"population":	29000000,
	"labour_force":	7800000,
	"gdp_usd":	33000000000,
	"gdp_pc_usd":	null,
	"gdp_pc_ppp":	4000,
	"remittances_usd":	8000000000,
	"remittances_pct_gdp":	24.242424242424242,
	"cinc":	null,
	"emigrants_total":	550000,
	"hhi_destinations":	0.50413223140495855,
	"effective_destinations":	1.9836065573770496,
	"destinations":	[{
			"iso3":	"IND",
			"name":	"India",
			"stock":	300000,
			"share":	0.545455
		}, {
			"iso3":	"QAT",
			"name":	"Qatar",
			"stock":	250000,
			"share":	0.454545
		}],
	"immigrants_total":	null,
	"hhi_origins":	null,
	"effective_origins":	null,
	"origins":	[],
	"agreements":	[],
	"corridors":	[{
			"partner":	"IND",
			"volume":	300000,
			"exposure":	0.337232,
			"partner_exposure":	0.003191,
			"stronger":	"IND",
			"quadrant":	"III",
			"partner_quadrant":	"II",
			"margin":	0.187232
		}, {
			"partner":	"QAT",
			"volume":	250000,
			"exposure":	0.700466,
			"partner_exposure":	0.224713,
			"stronger":	"QAT",
			"quadrant":	"mutual",
			"partner_quadrant":	"mutual",
			"margin":	0.024713
		}],
	"values":	{
		"population":	{
			"value":	29000000,
			"year":	2020,
			"flag":	"observed"
		},
		"labour_force":	{
			"value":	7800000,
			"year":	2020,
			"flag":	"observed"
		},
		"gdp_usd":	{
			"value":	33000000000,
			"year":	2020,
			"flag":	"observed"
		},
		"gdp_pc_usd":	{
			"value":	null,
			"year":	2020,
			"flag":	"missing"
		},
		"gdp_pc_ppp":	{
			"value":	4000,
			"year":	2020,
			"flag":	"observed"
		},
		"remittances_usd":	{
			"value":	8000000000,
			"year":	2020,
			"flag":	"observed"
		},
		"remittances_pct_gdp":	{
			"value":	24.242424242424242,
			"year":	2020,
			"flag":	"derived"
		},
		"cinc":	{
			"value":	null,
			"year":	2020,
			"flag":	"missing"
		}
	}
}
