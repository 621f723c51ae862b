<<< data/codes/codelist.csv
ar5,continent,country.name.en,cow.name,cowc,cown,eu28,gwn,iso.name.en,iso2c,iso3c,p4.name,region,un,un.name.en,un.region.name,un.regionsub.name,vdem.name,wb
ASIA,Asia,Nepal,Nepal,NEP,790,,790,Nepal,NP,NPL,Nepal,South Asia,524,Nepal,Asia,Southern Asia,Nepal,NPL
ASIA,Asia,Qatar,Qatar,QAT,694,,694,Qatar,QA,QAT,Qatar,Middle East & North Africa,634,Qatar,Asia,Western Asia,Qatar,QAT
>>>
$ migdip import --no-registry --data {DIR}/data
file                importer              rows  status
codes/codelist.csv  countrycode-codelist     2  imported

1 files imported, 0 unchanged, 2 values stored.
Every name and code was mapped.
$ migdip cite
@article{tsourapas_migration_interdependence,
  author = {Tsourapas, Gerasimos},
  title = {The Strategic Politics of Cross-Border Mobility: A Typology of Migration Interdependence},
  journal = {International Migration Review},
  year = {2025},
  doi = {10.1177/01979183251369832},
  url = {https://doi.org/10.1177/01979183251369832},
  note = {Online first. The framework migdip implements (docs/model.md)}
}

@misc{migdip,
  author = {{migdip contributors}},
  title = {migdip: Migration Interdependence between States, Computed on Official Data},
  version = {0.1.0},
  year = {2026},
  howpublished = {Software, version 0.1.0},
  note = {C library and command-line program; see CITATION.cff}
}

@article{arel_bundock_2018,
  author = {Arel-Bundock, Vincent and Enevoldsen, Nils and Yetman, CJ},
  title = {countrycode: An {R} package to convert country names and country codes},
  journal = {Journal of Open Source Software},
  volume = {3},
  number = {28},
  pages = {848},
  year = {2018},
  doi = {10.21105/joss.00848},
  note = {Edition unversioned; imported from codes/codelist.csv (sha256 289751a3e6c0a6db9124d5ce08bd0b5e3d6cd399d39d7fc448861cd69c2abf3d)}
}
$ migdip cite --json
[{
		"key":	"tsourapas_migration_interdependence",
		"type":	"article",
		"datasets":	"",
		"edition":	"",
		"citation":	"Tsourapas, Gerasimos (2025). The Strategic Politics of Cross-Border Mobility: A Typology of Migration Interdependence. International Migration Review (online first). doi:10.1177/01979183251369832.",
		"files":	[],
		"bibtex":	"@article{tsourapas_migration_interdependence,\n  author = {Tsourapas, Gerasimos},\n  title = {The Strategic Politics of Cross-Border Mobility: A Typology of Migration Interdependence},\n  journal = {International Migration Review},\n  year = {2025},\n  doi = {10.1177/01979183251369832},\n  url = {https://doi.org/10.1177/01979183251369832},\n  note = {Online first. The framework migdip implements (docs/model.md)}\n}\n"
	}, {
		"key":	"migdip",
		"type":	"misc",
		"datasets":	"",
		"edition":	"",
		"citation":	"migdip contributors (2026). migdip: Migration Interdependence between States, Computed on Official Data. Software, version 0.1.0.",
		"files":	[],
		"bibtex":	"@misc{migdip,\n  author = {{migdip contributors}},\n  title = {migdip: Migration Interdependence between States, Computed on Official Data},\n  version = {0.1.0},\n  year = {2026},\n  howpublished = {Software, version 0.1.0},\n  note = {C library and command-line program; see CITATION.cff}\n}\n"
	}, {
		"key":	"arel_bundock_2018",
		"type":	"article",
		"datasets":	"countrycode-codelist",
		"edition":	"unversioned",
		"citation":	"Arel-Bundock, Vincent, Nils Enevoldsen and CJ Yetman (2018). countrycode: An R package to convert country names and country codes. Journal of Open Source Software 3(28), 848.",
		"files":	[{
				"file":	"codes/codelist.csv",
				"sha256":	"289751a3e6c0a6db9124d5ce08bd0b5e3d6cd399d39d7fc448861cd69c2abf3d"
			}],
		"bibtex":	"@article{arel_bundock_2018,\n  author = {Arel-Bundock, Vincent and Enevoldsen, Nils and Yetman, CJ},\n  title = {countrycode: An {R} package to convert country names and country codes},\n  journal = {Journal of Open Source Software},\n  volume = {3},\n  number = {28},\n  pages = {848},\n  year = {2018},\n  doi = {10.21105/joss.00848},\n  note = {Edition unversioned; imported from codes/codelist.csv (sha256 289751a3e6c0a6db9124d5ce08bd0b5e3d6cd399d39d7fc448861cd69c2abf3d)}\n}\n"
	}]
$ migdip cite extra
? 2
