/* fuzz_flows.c - libFuzzer target for the sending-country flow importers: the user table format
 * (imp_flows.c), Nepal DoFE (imp_dofe.c), Sri Lanka SLBFE (imp_slbfe.c) and Philippines CFO
 * (imp_cfo.c), all recognised by content from one file name. The input is imported through the
 * public API into a fresh store seeded with a few countries (fuzz_import.h). Errors are
 * expected; crashes, leaks and a failed import that leaves no message are not. Built with
 * -DMG_FUZZ_STANDALONE it replays the files named on its command line, or with no arguments
 * the built-in inputs and deterministic mutations of them. */
#include "fuzz_import.h"

static const char SEED_SQL[] =
    "INSERT OR IGNORE INTO country(iso3,name,kind) VALUES"
    " ('NPL','Nepal','country'),('LKA','Sri Lanka','country'),('PHL','Philippines','country'),"
    " ('QAT','Qatar','country'),('ARE','United Arab Emirates','country'),('MYS','Malaysia','country'),"
    " ('KHM','Cambodia','country'),('RUS','Russian Federation','country'),('SUN','Soviet Union','country');";

static const char *const SAMPLES[] = {
    "origin,destination,period_from,period_to,measure,channel,sex,value,source,note,quality\n"
    "NPL,QAT,2022-04-14,2022-05-14,labour_approvals,Recruiting Agency,M,11000,\"DoFE, 2079\",x,\n"
    "Nepal,Qatar,2022-04-14,2022-05-14,labour_approvals,,T,..,DoFE,,suspect\n"
    "LKA,ARE,2019-01-01,2019-12-31,departures,,F,3.5,SLBFE,,\n"
    "NPL,Atlantis,2024-02-29,2024-03-01,stock,,T,NA,me,,observed\n",
    "source_pdf,pdf_title,destination,channel,sex,labour_approvals\n"
    "b.pdf,Countrywise Labour Approval for 2079 Baishak (2022-04-14 to 2022-05-14),Qatar,Recruiting Agency,Male,11000\n"
    "b.pdf,Countrywise Labour Approval for 2079 Baishak (2022-04-14 to 2022-05-14),Cambodia,G-to-G,Total,2\n"
    "b.pdf,Countrywise Labour Approval for 2079 Baishak (2022-04-14 to 2022-05-14),Combodia,G-to-G,Total,3\n"
    "k.pdf,Countrywise Labour Approval for Kartik 2079,Malaysia,Total with ReEntry,Female,\n"
    "j.pdf,Countrywise Labour Approval for Jestha 2081 (2024-05-14 to 2024-06-14),UAE,G-to-G,Total,9\n",
    "year,ldflk_table,destination,column,value,source_pdf_url,source_table,ldflk_verified_by\n"
    "2019,SLBFE_registration_by_country,U.A.E.,Number,328690,u,,\n"
    "2021,SLBFE_registration_by_country,UAE,Number,27000,u,,L\n"
    "2021,SLBFE_registration_by_country,U A E,Number,1,u,,L\n"
    "2021,SLBFE_registration_by_country,Qatar,Percentage,24.02,u,,L\n"
    "2021,SLBFE_registration_by_country,Other,Number,490,u,,L\n"
    "2023,SLBFE_Registration_by_Country_vs_Manpower_Level,Qatar,Skilled Male,100,u,Table 6,L\n"
    "2023,SLBFE_Something_Else,Qatar,Number,1,u,,L\n",
    "year,destination_cfo_name,registered_emigrants\n"
    "1981,QATAR,40307\n"
    "1990,RUSSIAN FEDERATION / USSR,3\n"
    "1997,RUSSIAN FEDERATION / USSR,4\n"
    "2020,PACIFIC ISLANDS,2\n",
};

static const fuzz_target TARGET = {
    .file_name = "flows.csv", .seed_sql = SEED_SQL, .samples = SAMPLES,
    .n_samples = sizeof SAMPLES / sizeof *SAMPLES, .special = ",\"\n\r.-9 (0T", .n_special = 12};

FUZZ_IMPORT_TARGET(TARGET)
