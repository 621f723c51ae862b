# Every command's help, generated from its option table (src/cli/args.c): the usage line names
# every option it takes, the options are listed with one line of help each. A change here is a
# change of the command line: review it, then tests/golden/update.sh build/migdip tests/golden/help.t
$ migdip help
usage: migdip [COMMON OPTIONS] COMMAND [OPTIONS]

migdip measures migration interdependence between states from official data.

Commands:
  import      read the official data files into the store
  sources     list imported vintages and the coverage of each series
  country     profile of one state: economy, emigrants, immigrants, agreements
  dyad        exposure, power and strategic logic of two states or blocs
  screen      every dyad of a year, ranked: where leverage lies
  validate    the seeds' cases: expected and computed quadrants
  export      every directed dyad-year with every indicator, as CSV, JSON or Stata
  plan        diversification: which corridors would cut a state's exposure most
  coalition   states acting together: leverage as a bloc, Shapley shares
  cite        BibTeX for the framework, migdip and every data edition in the store
  simulate    month-by-month costs of a ban, deportations, a visa freeze or a quota
  credibility whether a threat is credible, and what would make it so
  trajectory  a dyad year by year: logics, changes, flags, documented episodes
  robust      Monte Carlo robustness of a verdict: probability of each logic
  shifts      every dyad whose logic changed over the years, with a persistence rule
  events      the documented episodes: bans, freezes, deportations, agreements won
  report      a printable page on a dyad: charts, explanation, provenance (HTML)
  serve       the local dashboard and its JSON API (docs/api.md)

Common options (each command names those it takes in `migdip help COMMAND`):
  --db FILE             the store (default: $MIGDIP_DB, else the per-user store
                        $XDG_DATA_HOME/migdip/migdip.db, XDG_DATA_HOME being
                        ~/.local/share when unset)
  --data DIR            the data directory (default: $MIGDIP_DATA, else
                        ../shared/data from the current directory)
  --json                output as JSON (docs/exports.md, docs/schema)
  --csv                 output as CSV
  --wide                tables and prose as they are, not fitted to the
                        terminal's width
  -q, --quiet           no notes or progress on standard error

Options may be written --opt=value; the common options may also come before the
command (migdip --db F dyad MYS IDN).

Exit status: 0 ok, 1 data error, 2 usage error, 3 system error.
`migdip help COMMAND` or `migdip COMMAND --help` describes each command;
`migdip help --man` prints the manual page, `migdip completion bash` the shell completion.
$ migdip help import
usage: migdip import [FILE...] [--no-registry] [--wait SECONDS] [--db FILE]
                     [--data DIR] [--json|--csv] [--wide] [--quiet]

Imports every file of DIR (recursively) that migdip recognises, or the FILEs given, into
the store, in one transaction: on any error the store is left exactly as it was.
A file already imported (same sha256) is skipped, so importing twice changes nothing.
Names and codes that cannot be mapped to a country are listed in the summary.
With a data directory, the repository's curated registry of blocs and institutions
(data/registry, see docs/registry.md) is imported too, unless --no-registry.
Commands reading the store run normally during an import and see the store as it was
until the import ends. A second import waits for the first (at most --wait SECONDS,
default 600), then fails saying so.

Formats read (recognised by content):
  UN DESA International Migrant Stock: 2020 tidy bilateral CSV, 2019 Table 1 wide CSVs,
    publisher xlsx (2019 and 2020 destination tables, bilateral workbooks incl. 2024)
  World Bank WDI: per-indicator tidy CSVs, bulk API_<indicator>_DS2 CSVs, DataBank xlsx
  World Bank/KNOMAD: bilateral remittance matrices (xlsx, CSV), bilateral migration matrix
  COW National Material Capabilities; CEPII dist_cepii and geo_cepii;
  Chilton & Woda labour agreements (formation and coding data);
  IMF World Economic Outlook database (xlsx); UNSD National Accounts GDP in US$ (xlsx);
  Penn World Table (the publisher's Stata .dta); Maddison Project Database (full-data
    and countries CSVs);
  UNHCR Refugee Data Finder (populations, UNRWA, country codes); COW IGO v3 memberships;
  UN DESA 2024 Table 1 CSV; sending-country flows (Nepal DoFE, Sri Lanka SLBFE,
    Philippines CFO) and the user flow table of docs/flows.md;
  crosswalks: countrycode codelist/cow/regions, ISO 3166, UN correspondence table,
    World Bank CLASS and OGHIST income groups
  registry CSVs (blocs, bloc members, institutions, episodes) in the layouts of
    docs/registry.md

Options:
  --no-registry         do not import the repository's curated registry
                        (data/registry)
  --wait SECONDS        wait at most SECONDS (1-86400, default 600) for another
                        import to end

Common options:
  --db FILE             the store (default: $MIGDIP_DB, else the per-user store
                        $XDG_DATA_HOME/migdip/migdip.db, XDG_DATA_HOME being
                        ~/.local/share when unset)
  --data DIR            the data directory (default: $MIGDIP_DATA, else
                        ../shared/data from the current directory)
  --json                output as JSON (docs/exports.md, docs/schema)
  --csv                 output as CSV
  --wide                tables and prose as they are, not fitted to the
                        terminal's width
  -q, --quiet           no notes or progress on standard error
  -h, --help            this help (also `migdip help COMMAND`)
$ migdip help sources
usage: migdip sources [--series TEXT] [--db FILE] [--json|--csv] [--wide]

Lists every imported file (vintage: data set, edition, sha256, rows, import time) and,
for each series and edition, its coverage: countries x years, values, explicit gaps.

Options:
  --series TEXT         keep the coverage rows whose series or data set contains
                        TEXT (any case), e.g. --series stock, --series BX.TRF,
                        --series knomad

Common options:
  --db FILE             the store (default: $MIGDIP_DB, else the per-user store
                        $XDG_DATA_HOME/migdip/migdip.db, XDG_DATA_HOME being
                        ~/.local/share when unset)
  --json                output as JSON (docs/exports.md, docs/schema)
  --csv                 output as CSV
  --wide                tables and prose as they are, not fitted to the
                        terminal's width
  -h, --help            this help (also `migdip help COMMAND`)
$ migdip help country
usage: migdip country ISO3|NAME [--top K] [--svg FILE] [--year Y] [--edition Y]
                      [--power M] [--bloc NAME=A,B,...] [--param NAME=VALUE]
                      [--territories] [--carry] [--db FILE] [--json|--csv]
                      [--wide]

Profile of one state for year Y (default: the latest year with migrant-stock data):
population, labour force, GDP and GDP per head, remittances received (US$, % of GDP),
emigrants with their top destinations, the concentration of destinations (HHI and
effective number), immigrants with their top origins, CINC, and labour agreements.
Each economic value shows the year it refers to and how it was obtained (observed,
derived, carried forward); a gap is shown as a gap, never as zero. The state's position
in its five main corridors (dyad exposures and quadrants) follows, classified with the
engine options as `dyad` would. The state may be named by ISO3 or ISO2 code, COW or GW
number, M49 code or name. --csv prints the destinations and origins as one table.

Options:
  --top K               the K first destinations and origins (default 10)
  --svg FILE            also draw the top destinations and origins (persons) as
                        SVG

Engine options (docs/model.md):
  --year Y              the year (default: the latest with migrant-stock data)
  --edition Y           the UN DESA migrant-stock edition to read (2019, 2020,
                        2024; default: the newest in the store with bilateral
                        stocks)
  --power M             the power measure: composite (default), gdp, gdppc or
                        cinc
  --bloc NAME=A,B,...   a bloc of your own (usable as a side)
  --param NAME=VALUE    change a default of docs/model.md section 5
  --territories         treat non-sovereign territories as actors (default: out
                        of scope)
  --carry               carry the last UN year's stocks up to 5 years past it,
                        flagged carried (default: no panel after the last UN
                        year)

Common options:
  --db FILE             the store (default: $MIGDIP_DB, else the per-user store
                        $XDG_DATA_HOME/migdip/migdip.db, XDG_DATA_HOME being
                        ~/.local/share when unset)
  --json                output as JSON (docs/exports.md, docs/schema)
  --csv                 output as CSV
  --wide                tables and prose as they are, not fitted to the
                        terminal's width
  -h, --help            this help (also `migdip help COMMAND`)
$ migdip help dyad
usage: migdip dyad A B [--years FROM:TO] [--svg FILE] [--year Y] [--edition Y]
                   [--power M] [--bloc NAME=A,B,...] [--param NAME=VALUE]
                   [--territories] [--carry] [--db FILE] [--json|--csv] [--wide]

A and B are ISO3 codes, country names, or blocs (GCC, ASEAN, EAEU, CENTRAL-ASIA,
PACIFIC-RSE, EU, ... or your own with --bloc). Shows each side's exposure to a
disruption of the migration between them, what it is made of, which side is stronger,
each side's strategic logic (I Cooperation, II Coercion, III Constrained accommodation,
IV Coercive assertion, mutual exposure, or out of scope), the margin to the nearest
boundary, and why. A bloc's members are reported beside it. With --years FROM:TO, the
dyad year by year (as `migdip trajectory`).

Options:
  --years FROM:TO       the dyad year by year, as `migdip trajectory`
  --svg FILE            also draw the decomposition and the typology plane
                        (Figure 1) as SVG

Engine options (docs/model.md):
  --year Y              the year (default: the latest with migrant-stock data)
  --edition Y           the UN DESA migrant-stock edition to read (2019, 2020,
                        2024; default: the newest in the store with bilateral
                        stocks)
  --power M             the power measure: composite (default), gdp, gdppc or
                        cinc
  --bloc NAME=A,B,...   a bloc of your own (usable as a side)
  --param NAME=VALUE    change a default of docs/model.md section 5
  --territories         treat non-sovereign territories as actors (default: out
                        of scope)
  --carry               carry the last UN year's stocks up to 5 years past it,
                        flagged carried (default: no panel after the last UN
                        year)

Common options:
  --db FILE             the store (default: $MIGDIP_DB, else the per-user store
                        $XDG_DATA_HOME/migdip/migdip.db, XDG_DATA_HOME being
                        ~/.local/share when unset)
  --json                output as JSON (docs/exports.md, docs/schema)
  --csv                 output as CSV
  --wide                tables and prose as they are, not fitted to the
                        terminal's width
  -h, --help            this help (also `migdip help COMMAND`)
$ migdip help screen
usage: migdip screen [--min-stock N] [--quadrant Q] [--state ISO3]
                     [--region NAME] [--rank R] [--robust N] [--top K]
                     [--explain] [--seed S] [--threads T]
                     [--params-only|--data-only] [--year Y] [--edition Y]
                     [--power M] [--bloc NAME=A,B,...] [--param NAME=VALUE]
                     [--territories] [--carry] [--db FILE] [--json|--csv]
                     [--wide]

Evaluates every pair of states whose labour migrants (both corridors) number at least N
(default: the model's scope threshold, 10000) and lists them with the article's question
first: the dyads where a stronger state is constrained (I) and a weaker one holds leverage
(IV), then coercion (II/III), mutual exposure, no verdict, out of scope. Within each group
the dyads are ranked by what is at stake (docs/model.md section 4.5): persons (labour
migrants in both corridors, the default), gdp (the larger remittance dependency, share of
GDP), lf (the larger share of a labour force) or gap (the exposure gap).
--bloc NAME keeps the dyads with a side in the bloc (GCC, ASEAN, ...); NAME=A,B,...
defines a bloc of your own and keeps its dyads. The robustness draws go with --robust N;
they are shared among processes under mpirun (docs/scale.md).

Options:
  --min-stock N         corridor volume threshold, persons
  --quadrant Q          I, II, III, IV, mutual or out-of-scope
  --state ISO3          only dyads of this state
  --region NAME         only dyads with a side in this UN region or subregion
                        (Western Asia, Asia) or World Bank region (South Asia)
  --rank R              persons (default), gdp, lf or gap
  --robust N            per dyad shown, the probability of its verdict over N
                        draws of the parameters and the data (docs/model.md
                        section 7), as `migdip robust` draws them
  --top K               at most K rows (default 30 on a terminal, all with
                        --json/--csv)
  --explain             --json: each row with its plain-language explanation (as
                        dyad --json; slower)

Robustness draws:
  --seed S              the generator's seed (default 1): the same seed gives
                        the same figures on any number of threads
  --threads T           OpenMP threads (default: all cores); under mpirun (a
                        build with MIGDIP_MPI) the draws are shared among the
                        processes (docs/scale.md)
  --params-only         draw the parameters only
  --data-only           draw the data only

Engine options (docs/model.md):
  --year Y              the year (default: the latest with migrant-stock data)
  --edition Y           the UN DESA migrant-stock edition to read (2019, 2020,
                        2024; default: the newest in the store with bilateral
                        stocks)
  --power M             the power measure: composite (default), gdp, gdppc or
                        cinc
  --bloc NAME=A,B,...   a bloc of your own (usable as a side)
  --param NAME=VALUE    change a default of docs/model.md section 5
  --territories         treat non-sovereign territories as actors (default: out
                        of scope)
  --carry               carry the last UN year's stocks up to 5 years past it,
                        flagged carried (default: no panel after the last UN
                        year)

Common options:
  --db FILE             the store (default: $MIGDIP_DB, else the per-user store
                        $XDG_DATA_HOME/migdip/migdip.db, XDG_DATA_HOME being
                        ~/.local/share when unset)
  --json                output as JSON (docs/exports.md, docs/schema)
  --csv                 output as CSV
  --wide                tables and prose as they are, not fitted to the
                        terminal's width
  -h, --help            this help (also `migdip help COMMAND`)
$ migdip help validate
usage: migdip validate [--sensitivity] [--edition Y] [--power M]
                       [--bloc NAME=A,B,...] [--param NAME=VALUE]
                       [--territories] [--carry] [--db FILE] [--json|--csv]
                       [--wide]

Runs every dyad the seed documents classify (the article's four cases and its
illustrative cases) and every episode of the development set (documented bans, freezes,
deportations, agreements and out-of-scope relations, each with its source: the registry's
episodes.csv; docs/validation.md) and prints, for each state, the expected and the computed
strategic logic, whether the verdict agrees with the record, abstains or contradicts it,
the same for the naive baseline (the stronger state coerces, the weaker accommodates),
and for each disagreement the reason: a data gap, a factor the data cannot see, or a limit
of the model. Every case is evaluated in its own year: there is no --year.

Options:
  --sensitivity         instead, vary each default within a plausible range, one
                        at a time, and show the agreement and the cases whose
                        verdict changes

Engine options (docs/model.md):
  --edition Y           the UN DESA migrant-stock edition to read (2019, 2020,
                        2024; default: the newest in the store with bilateral
                        stocks)
  --power M             the power measure: composite (default), gdp, gdppc or
                        cinc
  --bloc NAME=A,B,...   a bloc of your own (usable as a side)
  --param NAME=VALUE    change a default of docs/model.md section 5
  --territories         treat non-sovereign territories as actors (default: out
                        of scope)
  --carry               carry the last UN year's stocks up to 5 years past it,
                        flagged carried (default: no panel after the last UN
                        year)

Common options:
  --db FILE             the store (default: $MIGDIP_DB, else the per-user store
                        $XDG_DATA_HOME/migdip/migdip.db, XDG_DATA_HOME being
                        ~/.local/share when unset)
  --json                output as JSON (docs/exports.md, docs/schema)
  --csv                 output as CSV
  --wide                tables and prose as they are, not fitted to the
                        terminal's width
  -h, --help            this help (also `migdip help COMMAND`)
$ migdip help export
usage: migdip export dyads|states [--years A:B] [--format F] [--out FILE]
                     [--system S] [--undirected] [--non-members] [--with LIST]
                     [--codebook FILE] [--min-stock N] [--year Y] [--edition Y]
                     [--power M] [--bloc NAME=A,B,...] [--param NAME=VALUE]
                     [--territories] [--carry] [--db FILE] [--json|--csv]
                     [--quiet]

dyads: one row per directed dyad-year (a, b) of states whose corridors (both directions)
hold at least N persons (default 1000): the rows (a,b) and (b,a), in the order year, a, b
(with --undirected, only the row whose a has the smaller code). Each row carries a's
exposure with its decomposition and every indicator behind it, b's exposure and power,
both quadrants, the margin, scope and data gaps (docs/exports.md lists the columns).
states: one row per state-year with its indicators and its dyads summed up.
Rows keep the states of the year's state system: territories and states not yet (or no
longer) independent are left out unless --non-members. ccode1/ccode2 are COW codes,
gwcode1/gwcode2 Gleditsch-Ward codes, a_iso3/b_iso3 ISO 3166 codes: the merge keys of
peacesciencer's dyad-years. Missing values stay missing: an empty CSV cell, a JSON null,
a Stata system missing. Every file says what made it: a JSON "metadata" object, Stata
notes (`notes` in Stata), and for CSV a codebook beside the file (NAME.codebook.json):
the migdip version, the command line, the options and the data vintages of the store.
With --years one model is built per year; years without migrant-stock data are skipped
with a note.

Options:
  --years A:B           every year from A to B (instead of --year)
  --format F            csv, json or dta (Stata 14+); default: the --out file's
                        extension (.csv, .json, .dta), else csv; a format and an
                        extension that disagree are refused
  --out FILE            write to FILE (default: standard output; dta needs a
                        file)
  --system S            iso (default): the sovereign states of the year; cow:
                        Correlates of War members; gw: members with a
                        Gleditsch-Ward code
  --undirected          one row per pair (dyads)
  --non-members         keep territories and state-years outside the system
  --with LIST           add variables: distance, language, colony, income_group,
                        agreements, igo, or all (comma-separated; states:
                        income_group, agreements, igo)
  --codebook FILE       write the codebook (JSON: metadata and columns) to FILE
  --min-stock N         corridor volume threshold, persons (default 1000)

Engine options (docs/model.md):
  --year Y              the year (default: the latest with migrant-stock data)
  --edition Y           the UN DESA migrant-stock edition to read (2019, 2020,
                        2024; default: the newest in the store with bilateral
                        stocks)
  --power M             the power measure: composite (default), gdp, gdppc or
                        cinc
  --bloc NAME=A,B,...   a bloc of your own (usable as a side)
  --param NAME=VALUE    change a default of docs/model.md section 5
  --territories         treat non-sovereign territories as actors (default: out
                        of scope)
  --carry               carry the last UN year's stocks up to 5 years past it,
                        flagged carried (default: no panel after the last UN
                        year)

Common options:
  --db FILE             the store (default: $MIGDIP_DB, else the per-user store
                        $XDG_DATA_HOME/migdip/migdip.db, XDG_DATA_HOME being
                        ~/.local/share when unset)
  --json                output as JSON (docs/exports.md, docs/schema)
  --csv                 output as CSV
  -q, --quiet           no notes or progress on standard error
  -h, --help            this help (also `migdip help COMMAND`)
$ migdip help plan
usage: migdip plan STATE [--against P] [--top K] [--as ROLE] [--lf-cap SHARE]
                   [--growth-cap SHARE] [--year Y] [--edition Y] [--power M]
                   [--bloc NAME=A,B,...] [--param NAME=VALUE] [--territories]
                   [--carry] [--db FILE] [--json|--csv] [--wide]

For a sender, which other destinations would cut its exposure to PARTNER (a state or a
bloc; default: the partner of its most exposed dyad) most if some of its emigrants worked
there instead; for a host, which other sources would. Each corridor takes at most
--lf-cap of the candidate's labour force (default 0.01) and --growth-cap of its current
stock (default 0.5), scaled by how well it fits (language, scheme, region, distance,
income). Moves are chosen greedily by exposure cut per worker. Also shows the smallest
move along the plan that changes either side's quadrant (docs/scenarios.md).

Options:
  --against P           the partner state or bloc
  --top K               destinations shown (1-1000, default 10)
  --as ROLE             plan as the sender or the host (default: the larger
                        corridor)
  --lf-cap SHARE        share of a candidate's labour force it can absorb
                        (default 0.01)
  --growth-cap SHARE    growth of a corridor as a share of its stock (default
                        0.5)

Engine options (docs/model.md):
  --year Y              the year (default: the latest with migrant-stock data)
  --edition Y           the UN DESA migrant-stock edition to read (2019, 2020,
                        2024; default: the newest in the store with bilateral
                        stocks)
  --power M             the power measure: composite (default), gdp, gdppc or
                        cinc
  --bloc NAME=A,B,...   a bloc of your own (usable as a side)
  --param NAME=VALUE    change a default of docs/model.md section 5
  --territories         treat non-sovereign territories as actors (default: out
                        of scope)
  --carry               carry the last UN year's stocks up to 5 years past it,
                        flagged carried (default: no panel after the last UN
                        year)

Common options:
  --db FILE             the store (default: $MIGDIP_DB, else the per-user store
                        $XDG_DATA_HOME/migdip/migdip.db, XDG_DATA_HOME being
                        ~/.local/share when unset)
  --json                output as JSON (docs/exports.md, docs/schema)
  --csv                 output as CSV
  --wide                tables and prose as they are, not fitted to the
                        terminal's width
  -h, --help            this help (also `migdip help COMMAND`)
$ migdip help coalition
usage: migdip coalition [--members A,B,...] [--against X] [--year Y]
                        [--edition Y] [--power M] [--bloc NAME=A,B,...]
                        [--param NAME=VALUE] [--territories] [--carry]
                        [--db FILE] [--json|--csv] [--wide]

States acting together (up to 12) against a state or bloc X: the coalition's exposure and
leverage as one bloc (X's exposure minus the coalition's; positive: the coalition holds
leverage), each member alone, and each member's share of the coalition's leverage by
exact Shapley values (they sum to the coalition's leverage).

Options:
  --members A,B,...     the member states (ISO3 codes or names; at most 12)
  --against X           the partner state or bloc

Engine options (docs/model.md):
  --year Y              the year (default: the latest with migrant-stock data)
  --edition Y           the UN DESA migrant-stock edition to read (2019, 2020,
                        2024; default: the newest in the store with bilateral
                        stocks)
  --power M             the power measure: composite (default), gdp, gdppc or
                        cinc
  --bloc NAME=A,B,...   a bloc of your own (usable as a side)
  --param NAME=VALUE    change a default of docs/model.md section 5
  --territories         treat non-sovereign territories as actors (default: out
                        of scope)
  --carry               carry the last UN year's stocks up to 5 years past it,
                        flagged carried (default: no panel after the last UN
                        year)

Common options:
  --db FILE             the store (default: $MIGDIP_DB, else the per-user store
                        $XDG_DATA_HOME/migdip/migdip.db, XDG_DATA_HOME being
                        ~/.local/share when unset)
  --json                output as JSON (docs/exports.md, docs/schema)
  --csv                 output as CSV
  --wide                tables and prose as they are, not fitted to the
                        terminal's width
  -h, --help            this help (also `migdip help COMMAND`)
$ migdip help cite
usage: migdip cite [--db FILE] [--json] [--quiet]

Prints a BibTeX entry for the article whose framework migdip implements, for migdip itself
and for every dataset edition imported into the store (one entry per edition), with the
edition and the sha256 of each imported file in the note. --json gives the same as an array
of objects (key, type, datasets, edition, citation, files, bibtex).

Common options:
  --db FILE             the store (default: $MIGDIP_DB, else the per-user store
                        $XDG_DATA_HOME/migdip/migdip.db, XDG_DATA_HOME being
                        ~/.local/share when unset)
  --json                output as JSON (docs/exports.md, docs/schema)
  -q, --quiet           no notes or progress on standard error
  -h, --help            this help (also `migdip help COMMAND`)
$ migdip help simulate
usage: migdip simulate A B [--svg FILE] [--shock SPEC] [--months T]
                       [--scenario FILE] [--save FILE] [--year Y] [--edition Y]
                       [--power M] [--bloc NAME=A,B,...] [--param NAME=VALUE]
                       [--territories] [--carry] [--db FILE] [--json|--csv]
                       [--wide]

Simulates a disruption of the migration between A and B month by month. A imposes the
first shock: with a ban A is the sender and B the host; with deport, freeze or quota
A is the host. Later shocks combine (a ban answered by deportations). Either side may
be a bloc, or up to 8 states joined by '+' acting together (a coalition: NPL+BGD+PAK):
each member corridor is simulated and the results are summed.

SPEC (months count from 0, the first month of the horizon):
  ban:share=S,start=M,months=N       the sender stops a share S of deployments (1: all)
  deport:share=Q,start=M,months=N    the host removes a share Q of the stock evenly
  freeze:start=M,months=N            the host issues no new visas
  quota:per_month=P,start=M,months=N the host caps deployments at P a month

Options:
  --svg FILE            also draw both sides' cumulated costs month by month as
                        SVG

Simulator options:
  --shock SPEC          a shock (SPEC: see `migdip help simulate`); more --shock
                        options combine
  --months T            horizon in months (1-600; default: the scenario's, else
                        24)
  --scenario FILE       read actors, year, horizon, shocks and parameters from
                        FILE (JSON); the command line goes over it
  --save FILE           write the scenario that was run to FILE (JSON)

Engine options (docs/model.md):
  --year Y              the year (default: the latest with migrant-stock data)
  --edition Y           the UN DESA migrant-stock edition to read (2019, 2020,
                        2024; default: the newest in the store with bilateral
                        stocks)
  --power M             the power measure: composite (default), gdp, gdppc or
                        cinc
  --bloc NAME=A,B,...   a bloc of your own (usable as a side)
  --param NAME=VALUE    change a default of docs/model.md section 5
  --territories         treat non-sovereign territories as actors (default: out
                        of scope)
  --carry               carry the last UN year's stocks up to 5 years past it,
                        flagged carried (default: no panel after the last UN
                        year)

Common options:
  --db FILE             the store (default: $MIGDIP_DB, else the per-user store
                        $XDG_DATA_HOME/migdip/migdip.db, XDG_DATA_HOME being
                        ~/.local/share when unset)
  --json                output as JSON (docs/exports.md, docs/schema)
  --csv                 output as CSV
  --wide                tables and prose as they are, not fitted to the
                        terminal's width
  -h, --help            this help (also `migdip help COMMAND`)
$ migdip help credibility
usage: migdip credibility A B [--shock SPEC] [--months T] [--scenario FILE]
                          [--year Y] [--edition Y] [--power M]
                          [--bloc NAME=A,B,...] [--param NAME=VALUE]
                          [--territories] [--carry] [--db FILE] [--json|--csv]
                          [--wide]

A threatens B. By default A threatens a deployment ban for the whole horizon if A sends
the larger corridor between them, and a visa freeze otherwise (see `migdip simulate
--help` for SPEC). Each side's cost is cumulated in % of its own GDP; its holdout is the
number of months until that cost reaches the tolerance (1% of GDP). The threat is credible
if the target gives in first and pays more relative to its economy. For a threat that is
not credible, the levers that could change that are searched: diversification (the
threatener's capacity elsewhere x k), a coalition partner from its subregion, an agreement.

Simulator options:
  --shock SPEC          a shock (SPEC: see `migdip help simulate`); more --shock
                        options combine
  --months T            horizon in months (1-600; default: the scenario's, else
                        24)
  --scenario FILE       read actors, year, horizon, shocks and parameters from
                        FILE (JSON); the command line goes over it

Engine options (docs/model.md):
  --year Y              the year (default: the latest with migrant-stock data)
  --edition Y           the UN DESA migrant-stock edition to read (2019, 2020,
                        2024; default: the newest in the store with bilateral
                        stocks)
  --power M             the power measure: composite (default), gdp, gdppc or
                        cinc
  --bloc NAME=A,B,...   a bloc of your own (usable as a side)
  --param NAME=VALUE    change a default of docs/model.md section 5
  --territories         treat non-sovereign territories as actors (default: out
                        of scope)
  --carry               carry the last UN year's stocks up to 5 years past it,
                        flagged carried (default: no panel after the last UN
                        year)

Common options:
  --db FILE             the store (default: $MIGDIP_DB, else the per-user store
                        $XDG_DATA_HOME/migdip/migdip.db, XDG_DATA_HOME being
                        ~/.local/share when unset)
  --json                output as JSON (docs/exports.md, docs/schema)
  --csv                 output as CSV
  --wide                tables and prose as they are, not fitted to the
                        terminal's width
  -h, --help            this help (also `migdip help COMMAND`)
$ migdip help trajectory
usage: migdip trajectory A B [--from Y] [--to Y] [--years FROM:TO] [--svg FILE]
                         [--edition Y] [--power M] [--bloc NAME=A,B,...]
                         [--param NAME=VALUE] [--territories] [--carry]
                         [--db FILE] [--json|--csv] [--wide]
       migdip dyad A B --years FROM:TO [options of dyad]

The dyad of A and B in every year from FROM (default: the first UN stock year) to TO
(default: the latest UN stock year; with --carry up to 5 years after it): each side's
exposure and logic, who is stronger, the scope, the years where a side's logic changes
(marked *), how the stocks of the year were obtained (observed in a UN year, interpolated
between two, or carried after the last), and the documented episodes of the registry in
those years (migdip events).

Options:
  --from Y              the first year to trace (default: the first UN stock
                        year)
  --to Y                the last year to trace (default: the latest UN stock
                        year)
  --years FROM:TO       both at once
  --svg FILE            also draw the exposures year by year with the episodes
                        as SVG

Engine options (docs/model.md):
  --edition Y           the UN DESA migrant-stock edition to read (2019, 2020,
                        2024; default: the newest in the store with bilateral
                        stocks)
  --power M             the power measure: composite (default), gdp, gdppc or
                        cinc
  --bloc NAME=A,B,...   a bloc of your own (usable as a side)
  --param NAME=VALUE    change a default of docs/model.md section 5
  --territories         treat non-sovereign territories as actors (default: out
                        of scope)
  --carry               carry the last UN year's stocks up to 5 years past it,
                        flagged carried (default: no panel after the last UN
                        year)

Common options:
  --db FILE             the store (default: $MIGDIP_DB, else the per-user store
                        $XDG_DATA_HOME/migdip/migdip.db, XDG_DATA_HOME being
                        ~/.local/share when unset)
  --json                output as JSON (docs/exports.md, docs/schema)
  --csv                 output as CSV
  --wide                tables and prose as they are, not fitted to the
                        terminal's width
  -h, --help            this help (also `migdip help COMMAND`)
$ migdip help robust
usage: migdip robust A B [--draws N] [--svg FILE] [--seed S] [--threads T]
                     [--params-only|--data-only] [--year Y] [--edition Y]
                     [--power M] [--bloc NAME=A,B,...] [--param NAME=VALUE]
                     [--territories] [--carry] [--db FILE] [--json|--csv]
                     [--wide]

Draws the model's parameters uniformly within their prior ranges (docs/model.md section 7)
and the data (migrant stocks and bilateral remittance shares, lognormal with the relative
errors documented there), evaluates the dyad once per draw, and reports each side's
probability of each logic, the probability of the verdict itself, and the three
parameters that move it most. The same --seed gives the same figures on any number of
threads; a progress bar shows on a terminal.

Options:
  --draws N             number of draws (1-1000000, default 1000)
  --svg FILE            also draw the probabilities as SVG

Robustness draws:
  --seed S              the generator's seed (default 1): the same seed gives
                        the same figures on any number of threads
  --threads T           OpenMP threads (default: all cores); under mpirun (a
                        build with MIGDIP_MPI) the draws are shared among the
                        processes (docs/scale.md)
  --params-only         draw the parameters only
  --data-only           draw the data only

Engine options (docs/model.md):
  --year Y              the year (default: the latest with migrant-stock data)
  --edition Y           the UN DESA migrant-stock edition to read (2019, 2020,
                        2024; default: the newest in the store with bilateral
                        stocks)
  --power M             the power measure: composite (default), gdp, gdppc or
                        cinc
  --bloc NAME=A,B,...   a bloc of your own (usable as a side)
  --param NAME=VALUE    change a default of docs/model.md section 5
  --territories         treat non-sovereign territories as actors (default: out
                        of scope)
  --carry               carry the last UN year's stocks up to 5 years past it,
                        flagged carried (default: no panel after the last UN
                        year)

Common options:
  --db FILE             the store (default: $MIGDIP_DB, else the per-user store
                        $XDG_DATA_HOME/migdip/migdip.db, XDG_DATA_HOME being
                        ~/.local/share when unset)
  --json                output as JSON (docs/exports.md, docs/schema)
  --csv                 output as CSV
  --wide                tables and prose as they are, not fitted to the
                        terminal's width
  -h, --help            this help (also `migdip help COMMAND`)
$ migdip help shifts
usage: migdip shifts [--since Y] [--to Y] [--persist K] [--state ISO3]
                     [--min-stock N] [--edition Y] [--power M]
                     [--bloc NAME=A,B,...] [--param NAME=VALUE] [--territories]
                     [--carry] [--db FILE] [--json|--csv] [--wide]

Every dyad of states whose logic changed between SINCE (default: the first UN stock year)
and TO (default: the last year with stocks), evaluated year by year on the annual panel.
A logic counts once it is held in K of K + 1 consecutive years (default K = 2: two of
three), so that a one-year blip is not a shift; a close call names no logic. Each shift
gives the year the new logic starts, the logics before and after, and the exposures then.
It takes --since and --to, not --year.

Options:
  --since Y             the first year to scan (default: the first UN stock
                        year)
  --to Y                the last year to scan (default: the last year with
                        stocks)
  --persist K           years a logic must hold in K + 1 (1-10, default 2)
  --state ISO3          only dyads of this state
  --min-stock N         corridor volume threshold, persons (default: the model's
                        scope)

Engine options (docs/model.md):
  --edition Y           the UN DESA migrant-stock edition to read (2019, 2020,
                        2024; default: the newest in the store with bilateral
                        stocks)
  --power M             the power measure: composite (default), gdp, gdppc or
                        cinc
  --bloc NAME=A,B,...   a bloc of your own (usable as a side)
  --param NAME=VALUE    change a default of docs/model.md section 5
  --territories         treat non-sovereign territories as actors (default: out
                        of scope)
  --carry               carry the last UN year's stocks up to 5 years past it,
                        flagged carried (default: no panel after the last UN
                        year)

Common options:
  --db FILE             the store (default: $MIGDIP_DB, else the per-user store
                        $XDG_DATA_HOME/migdip/migdip.db, XDG_DATA_HOME being
                        ~/.local/share when unset)
  --json                output as JSON (docs/exports.md, docs/schema)
  --csv                 output as CSV
  --wide                tables and prose as they are, not fitted to the
                        terminal's width
  -h, --help            this help (also `migdip help COMMAND`)
$ migdip help events
usage: migdip events [A [B]] [--db FILE] [--json|--csv] [--wide]

The documented episodes of the registry (data/registry/episodes.csv, docs/episodes.md): bans,
moratoria, visa freezes, deportations, agreements won, with the year, what happened, the
outcome, the logic the record shows for each side and a source. With A, the episodes of
that state or bloc; with A and B, those of the dyad.

Common options:
  --db FILE             the store (default: $MIGDIP_DB, else the per-user store
                        $XDG_DATA_HOME/migdip/migdip.db, XDG_DATA_HOME being
                        ~/.local/share when unset)
  --json                output as JSON (docs/exports.md, docs/schema)
  --csv                 output as CSV
  --wide                tables and prose as they are, not fitted to the
                        terminal's width
  -h, --help            this help (also `migdip help COMMAND`)
$ migdip help report
usage: migdip report A B [--out FILE] [--draws N] [--from Y] [--year Y]
                     [--edition Y] [--power M] [--bloc NAME=A,B,...]
                     [--param NAME=VALUE] [--territories] [--carry] [--db FILE]
                     [--quiet]

Writes one self-contained HTML page on the dyad of A and B, to print or to send: the
verdict and its explanation, each side's exposure and its decomposition with the typology
plane (Figure 1), the dyad year by year with the documented episodes, the probability of
each logic over draws of the parameters and the data, the default threat (a ban if A sends
the larger corridor, else a visa freeze) simulated month by month with its credibility
reading, and where every figure comes from. Charts are inline SVG; the page fetches
nothing.

Options:
  -o, --out FILE        the page to write (required)
  --draws N             robustness draws (1-100000, default 500)
  --from Y              the first year of the trajectory (default: 15 years
                        before the model's; each year is a model to build)

Engine options (docs/model.md):
  --year Y              the year (default: the latest with migrant-stock data)
  --edition Y           the UN DESA migrant-stock edition to read (2019, 2020,
                        2024; default: the newest in the store with bilateral
                        stocks)
  --power M             the power measure: composite (default), gdp, gdppc or
                        cinc
  --bloc NAME=A,B,...   a bloc of your own (usable as a side)
  --param NAME=VALUE    change a default of docs/model.md section 5
  --territories         treat non-sovereign territories as actors (default: out
                        of scope)
  --carry               carry the last UN year's stocks up to 5 years past it,
                        flagged carried (default: no panel after the last UN
                        year)

Common options:
  --db FILE             the store (default: $MIGDIP_DB, else the per-user store
                        $XDG_DATA_HOME/migdip/migdip.db, XDG_DATA_HOME being
                        ~/.local/share when unset)
  -q, --quiet           no notes or progress on standard error
  -h, --help            this help (also `migdip help COMMAND`)
$ migdip help serve
usage: migdip serve [--port P] [--bind ADDR] [--root DIR] [--max-connections N]
                    [--timeout S] [--db FILE] [--quiet]

Serves the dashboard (world map, typology plane, dyad, country and sources pages) and
its JSON API (docs/api.md) over the store, until Ctrl-C. Models are kept in memory per
year and power measure, so that a dyad answers in milliseconds. Nothing is written to the
store.

Options:
  --port P              TCP port (default 8420; 0: any free port, printed on
                        start)
  --bind ADDR           address to listen on (default 127.0.0.1: this machine
                        only)
  --root DIR            the dashboard's built assets (default: $MIGDIP_WEB, else
                        the web/dist of the source tree this program was built
                        from)
  --max-connections N   connections served at once (default 256)
  --timeout S           an idle connection is closed after S seconds (default
                        15)

Common options:
  --db FILE             the store (default: $MIGDIP_DB, else the per-user store
                        $XDG_DATA_HOME/migdip/migdip.db, XDG_DATA_HOME being
                        ~/.local/share when unset)
  -q, --quiet           no notes or progress on standard error
  -h, --help            this help (also `migdip help COMMAND`)
