#!/usr/bin/python3
"""The baseline of the import benchmark (bench/import.sh, issue 9): a pandas pipeline doing the
job of `migdip import` on every reference file of the data directory that migdip reads:
read each file (pandas; openpyxl for xlsx, read_stata for the PWT), map its names and codes to
ISO3, drop aggregates and what maps to no state, and write the rows to a SQLite store with
migdip's schema, in one transaction (all or nothing).

usage: bench/pandas_import.py DATA_DIR CROSSWALK_DIR OUT_DB [REGISTRY_DIR]

CROSSWALK_DIR holds what the C importer's crosswalk knows, exported from a store built by
`migdip import` (bench/import.sh does it before timing, untimed): schema.sql (migdip's
schema), country.csv, country_alias.csv, country_code.csv. The pipeline still reads the
crosswalk files themselves (codes/) and writes their rows, as migdip does; it uses the
exported tables only to map names and codes, where migdip uses its own crosswalk importers.

What it does not do that migdip does (so the comparison flatters pandas): recognise files by
content (it dispatches on paths), check every cell and report bad ones with line and column,
keep year-aware codes (COW codes map whatever the year), report each unmapped name, derive
series, compute coverage. Values it cannot parse become missing (NULL), never zero."""
import glob, hashlib, os, re, sqlite3, sys, time

import numpy as np
import pandas as pd

pd.options.mode.chained_assignment = None

DATA, XW, OUT = sys.argv[1], sys.argv[2], sys.argv[3]
REGISTRY = sys.argv[4] if len(sys.argv) > 4 else os.path.join(os.path.dirname(__file__), "../data/registry")
t0 = time.perf_counter()

# ---------------------------------------------------------------- the crosswalk
country = pd.read_csv(f"{XW}/country.csv", keep_default_na=False)
alias = pd.read_csv(f"{XW}/country_alias.csv", keep_default_na=False)
codes = pd.read_csv(f"{XW}/country_code.csv", keep_default_na=False, dtype=str)
ISO3 = set(country.iso3)


def norm(s):
    """Names as keys: case, blanks, footnote marks and punctuation differences removed."""
    return (s.astype(str).str.replace(r"[\*\u00b9\u00b2\u00b3]+|\s*\(\d+\)$|\s+\d+$", "", regex=True)
            .str.strip().str.casefold().str.replace(r"[\s,.'’]+", " ", regex=True).str.strip())


NAME = dict(zip(norm(country.name), country.iso3))
NAME.update(zip(norm(alias.alias), alias.iso3))
NAME.update(zip(norm(country.iso3), country.iso3))
CODE = {}
for scheme, grp in codes.groupby("scheme"):
    CODE[scheme] = dict(zip(grp.code.str.strip(), grp.iso3))


def by_name(s):
    return norm(pd.Series(s)).map(NAME)


def by_code(s, scheme):
    s = pd.Series(s).astype(str).str.strip().str.replace(r"\.0$", "", regex=True)
    if scheme == "iso3":
        return s.where(s.isin(ISO3))
    if scheme == "m49":
        s = s.str.lstrip("0")
    return s.map(CODE.get(scheme, {}))


def num(s):
    """Numbers as publishers write them: blanks as thousands separators, '..' and '-' missing."""
    if s.dtype.kind in "if":
        return s.astype(float)
    return pd.to_numeric(s.astype(str).str.replace(r"[\s\u00a0,]", "", regex=True), errors="coerce")


# ---------------------------------------------------------------- the store
if os.path.exists(OUT):
    os.remove(OUT)
db = sqlite3.connect(OUT, isolation_level=None)
db.executescript(open(f"{XW}/schema.sql").read())
db.execute("PRAGMA journal_mode=WAL")
db.execute("PRAGMA synchronous=NORMAL")
db.execute("BEGIN")
rows = 0
vintage_id = 0


def vintage(path, dataset, edition=""):
    global vintage_id
    vintage_id += 1
    h = hashlib.sha256(open(path, "rb").read()).hexdigest()
    db.execute("INSERT INTO vintage(id,dataset,source,edition,released,file,sha256,importer,imported_at)"
               " VALUES(?,?,?,?,?,?,?,?,datetime('now'))",
               (vintage_id, dataset, dataset, edition, edition, os.path.relpath(path, DATA), h, "pandas"))
    return vintage_id


TABLE_COLS = {}


def put(table, df, cols):
    """Rows of df into table: cols are df's columns for the table's columns (vintage_id aside),
    in the table's order; NaN is NULL."""
    global rows
    if table not in TABLE_COLS:
        TABLE_COLS[table] = [r[1] for r in db.execute(f"PRAGMA table_info({table})") if r[1] != "vintage_id"]
    names = ["vintage_id", *TABLE_COLS[table][:len(cols)]]
    df = df[cols].astype(object).where(pd.notna(df[cols]), None)
    q = f"INSERT OR REPLACE INTO {table}({','.join(names)}) VALUES(?{',?' * len(cols)})"
    db.executemany(q, ((vintage_id, *r) for r in df.itertuples(index=False, name=None)))
    rows += len(df)


def flagged(df, col="value"):
    df["flag"] = np.where(df[col].notna(), 1, 0)
    return df


def with_totals(df):
    """Both sexes = M + F where a file gives the sexes only (flag 2, derived), as migdip does."""
    if (df.sex == "T").any():
        return df
    t = df.groupby(["orig", "dest", "year"], as_index=False)["value"].sum(min_count=1).assign(sex="T")
    t["flag"] = np.where(t.value.notna(), 2, 0)
    return pd.concat([df, t], ignore_index=True)


def xlsx(path, sheet=0, **kw):
    return pd.read_excel(path, sheet_name=sheet, header=None, engine="openpyxl", **kw)


def header_row(df, first, limit=30):
    for i in range(min(limit, len(df))):
        if str(df.iat[i, 0]).strip().casefold() == first or first in [str(v).strip().casefold() for v in df.iloc[i]]:
            return i
    raise ValueError(f"no header row starting {first!r}")


# ---------------------------------------------------------------- crosswalk files (codes/)
p = f"{DATA}/codes/countrycode_codelist_without_cldr.csv"
vintage(p, "countrycode-codelist")
cl = pd.read_csv(p, keep_default_na=False, dtype=str)
cl = cl[cl["iso3c"] != ""]
cl["cown_n"] = pd.to_numeric(cl["cown"], errors="coerce")
cl["gwn_n"] = pd.to_numeric(cl["gwn"], errors="coerce")
cl["m49"] = pd.to_numeric(cl["iso3n"], errors="coerce")
cl["kind"] = "country"
for c in ("region", "continent", "wb", "eu28", "un.region.name", "un.regionsub.name"):
    if c not in cl:
        cl[c] = None
put("country", cl, ["iso3c", "country.name.en", "kind", "iso2c", "m49", "cown_n", "cowc", "gwn_n", "wb", "region",
                    "continent", "un.region.name", "un.regionsub.name", "eu28"])
db.execute("UPDATE country SET income=NULL")
cc = pd.concat([pd.DataFrame({"scheme": s, "code": cl[c], "iso3": cl["iso3c"]})
                for s, c in (("iso2", "iso2c"), ("m49", "iso3n"), ("cown", "cown"), ("cowc", "cowc"), ("imf", "imf"),
                             ("wb", "wb"), ("gwn", "gwn"))])
cc = cc[cc.code != ""]
cc["year_from"], cc["year_to"] = 0, 9999
db.executemany("INSERT OR IGNORE INTO country_code VALUES(?,?,?,?,?,?)",
               ((*r, vintage_id) for r in cc[["scheme", "code", "iso3", "year_from", "year_to"]].itertuples(False, None)))
rows += len(cc)
p = f"{DATA}/codes/countrycode_data_cow.csv"
vintage(p, "cow-states")
cow = pd.read_csv(p)
cow = cow.groupby(["cowc", "cown"], as_index=False)["year"].agg(["min", "max"]).reset_index()
cow["iso3"] = by_code(cow["cown"].astype(str), "cown")
cow = cow.dropna(subset=["iso3"])
db.executemany("INSERT OR IGNORE INTO country_code VALUES('cown',?,?,?,?,?)",
               ((str(r.cown), r.iso3, int(r["min"]), int(r["max"]), vintage_id) for _, r in cow.iterrows()))
p = f"{DATA}/codes/countrycode_data_regions.csv"
vintage(p, "countrycode-regions")
rg = pd.read_csv(p, keep_default_na=False)
rg["iso3"] = by_name(rg.country)
for r in rg.dropna(subset=["iso3"]).itertuples():
    db.execute("UPDATE country SET continent=?, un_subregion=? WHERE iso3=?", (r.continent, r.region23, r.iso3))
rows += len(rg)
p = f"{DATA}/codes/iso3166_lukes_all.csv"
vintage(p, "iso3166")
iso = pd.read_csv(p, keep_default_na=False, dtype=str)
db.executemany("INSERT OR IGNORE INTO country(iso3,name,kind,iso2,m49,un_region,un_subregion,vintage_id)"
               " VALUES(?,?,'country',?,?,?,?,?)",
               ((r["alpha-3"], r["name"], r["alpha-2"], int(r["country-code"]), r["region"], r["sub-region"], vintage_id)
                for _, r in iso.iterrows()))
rows += len(iso)
p = f"{DATA}/unhcr/countries.csv"
vintage(p, "unhcr-countries")
un = pd.read_csv(p, keep_default_na=False)
un["iso3"] = by_code(un.iso_code, "iso3")
un = un.dropna(subset=["iso3"])
db.executemany("INSERT OR IGNORE INTO country_code VALUES('unhcr',?,?,0,9999,?)",
               ((r.unhcr_code, r.iso3, vintage_id) for r in un.itertuples()))
rows += len(un)
p = f"{DATA}/codes/undesa_aggregates_correspondence_table_2020_1.xlsx"
vintage(p, "undesa-aggregates")
ag = xlsx(p, "Annex")
h = header_row(ag, "location code")
ag = ag.iloc[h + 1:]
ag["iso3"] = by_code(ag.iloc[:, 3], "m49")
put("aggregate_member", ag[ag.iso3.isna() & ag.iloc[:, 3].notna()].assign(code=ag.iloc[:, 3].astype(str), iso="WLD"),
    ["code", "iso"])
p = f"{DATA}/codes/wb_CLASS_FY24.xlsx"
vintage(p, "wb-class")
econ = pd.read_excel(p, sheet_name="List of economies", engine="openpyxl")
econ["iso3"] = by_code(econ["Code"], "iso3")
econ = econ.dropna(subset=["iso3", "Income group"]).assign(fy=2024)
put("income_group", econ, ["iso3", "fy", "Income group"])
groups = pd.read_excel(p, sheet_name="Groups", engine="openpyxl")
groups["iso3"] = by_code(groups.CountryCode, "iso3")
put("aggregate_member", groups.dropna(subset=["iso3"]), ["GroupCode", "iso3"])
p = f"{DATA}/codes/wb_OGHIST_FY21.xlsx"
vintage(p, "wb-oghist")
og = xlsx(p, "Country Analytical History")
fy = og.iloc[4]
og = og.iloc[11:]
og["iso3"] = by_code(og.iloc[:, 0], "iso3")
og = og.dropna(subset=["iso3"]).melt(id_vars=["iso3"], value_vars=list(og.columns[2:-1]), var_name="col", value_name="grp")
og["fy"] = pd.to_numeric(og.col.map(fy).astype(str).str.replace("FY", ""), errors="coerce") + 1900
og["fy"] = np.where(og.fy < 1950, og.fy + 100, og.fy)
og = og[og.grp.isin(["L", "LM", "UM", "H"])].drop_duplicates(["iso3", "fy"])
put("income_group", og, ["iso3", "fy", "grp"])

# ---------------------------------------------------------------- registry (the repository's data/registry)
for name, table, cols in (("blocs", "bloc", None), ("bloc_members", "bloc_member", None),
                          ("institutions", "institution", None), ("episodes", "episode", None)):
    p = f"{REGISTRY}/{name}.csv"
    vintage(p, f"registry-{name}")
    df = pd.read_csv(p, keep_default_na=False)
    rows += len(df)  # read and checked; the registry tables' layouts are migdip's own

# ---------------------------------------------------------------- UN DESA International Migrant Stock
SEX = {"female": "F", "male": "M", "total": "T", "both sexes": "T", "f": "F", "m": "M", "t": "T"}
for p in sorted(glob.glob(f"{DATA}/undesa_ims/ims2019_table1_csv/*.csv")):
    vintage(p, "undesa-ims", "2019")
    df = pd.read_csv(p, dtype=str, keep_default_na=False)
    sex = SEX[re.search(r"_(female|male|total)\.csv$", p).group(1)]
    origins = [c for c in df.columns[2:] if c not in ("Total", "Other South", "Other North")]
    omap = dict(zip(origins, by_name(origins)))
    df["dest"] = by_name(df.Destination)
    df = df.dropna(subset=["dest"]).melt(id_vars=["Year", "dest"], value_vars=origins, var_name="o", value_name="v")
    df = df[df.v.str.strip() != ""]  # an empty cell is no figure; ".." is a missing one
    df["orig"] = df.o.map(omap)
    df["value"] = num(df.v)
    df = flagged(df.dropna(subset=["orig"]).assign(year=pd.to_numeric(df.Year), sex=sex))
    put("stock", df, ["orig", "dest", "year", "sex", "value", "flag"])
p = f"{DATA}/undesa_ims/ims2020_gdiviz_tidy/undesa_ims2020_bilateral_by_sex_long.csv"
vintage(p, "undesa-ims", "2020")
df = pd.read_csv(p, keep_default_na=False)
df["orig"], df["dest"] = by_code(df.orig_iso3, "iso3"), by_code(df.dest_iso3, "iso3")
df["sex"] = df.sex.str.casefold().map(SEX)
df["value"] = num(df.stock)
df = with_totals(flagged(df.dropna(subset=["orig", "dest", "sex"])))
put("stock", df, ["orig", "dest", "year", "sex", "value", "flag"])
p = f"{DATA}/undesa_ims/ims2024_table1_csv/undesa_ims2024_table1_by_sex_dest_origin_resave.csv"
vintage(p, "undesa-ims", "2024")
df = pd.read_csv(p, dtype=str, keep_default_na=False, encoding="utf-8-sig")
df["dest"], df["orig"] = by_code(df.destination_code, "m49"), by_code(df.origin_code, "m49")
df["sex"] = df.gender.str.casefold().map(SEX)
years = [c for c in df.columns if c.isdigit()]
df = df.dropna(subset=["dest", "orig", "sex"]).melt(id_vars=["orig", "dest", "sex"], value_vars=years, var_name="year",
                                                   value_name="v")
df = df[df.v.str.strip() != ""]
df["value"] = num(df.v)
df["year"] = df.year.astype(int)
put("stock", with_totals(flagged(df)), ["orig", "dest", "year", "sex", "value", "flag"])
for p in sorted(glob.glob(f"{DATA}/undesa_ims/original_xlsx/*.xlsx")):
    vintage(p, "undesa-ims", re.search(r"_(\d{4})_", p).group(1))
    df = xlsx(p, "Table 1")
    h = next(i for i in range(30) if any(str(v).strip() in ("Code", "Location code") for v in df.iloc[i]))
    code_col = next(j for j, v in enumerate(df.iloc[h]) if str(v).strip() in ("Code", "Location code"))
    def ycols_of(r):
        return [j for j in range(code_col + 1, df.shape[1]) if re.fullmatch(r"(19|20)\d\d", str(df.iat[r, j]).split(".")[0])]
    yrow = h if ycols_of(h) else h + 1
    ycols = ycols_of(yrow)
    body = df.iloc[yrow + 1:]
    iso3 = by_code(body.iloc[:, code_col], "m49")
    n = len(ycols) // 3 if len(ycols) >= 3 else len(ycols)
    parts = []
    for k, sex in enumerate("TMF"[: max(1, len(ycols) // max(n, 1))]):
        for j in ycols[k * n:(k + 1) * n]:
            parts.append(pd.DataFrame({"iso3": iso3.values, "year": int(str(df.iat[yrow, j]).split(".")[0]), "sex": sex,
                                       "value": num(body.iloc[:, j]).values}))
    out = flagged(pd.concat(parts).dropna(subset=["iso3"]))
    put("emigrant_total" if "_origin" in os.path.basename(p) else "stock_total", out, ["iso3", "year", "sex", "value", "flag"])

# ---------------------------------------------------------------- World Bank WDI
for p in sorted(glob.glob(f"{DATA}/wdi/datasets_wdi/*.csv")):
    vintage(p, "wdi", "2026-07-01")
    df = pd.read_csv(p, keep_default_na=False)
    df["iso3"] = by_code(df["Country Code"], "iso3")
    df["value"] = num(df.Value)
    df = flagged(df.dropna(subset=["iso3"]).assign(code=os.path.basename(p)[:-4].upper()))
    put("series", df, ["code", "iso3", "Year", "value", "flag"])
for p in sorted(glob.glob(f"{DATA}/wdi/databank_2021_crosssection/*.xlsx")):
    vintage(p, "wdi", "2021")
    df = pd.read_excel(p, sheet_name="Data", engine="openpyxl")
    df["iso3"] = by_code(df["Country Code"], "iso3")
    scols = [c for c in df.columns if re.search(r"\[[A-Z0-9._]+\]$", str(c))]
    df = df.dropna(subset=["iso3"]).melt(id_vars=["iso3", "Time"], value_vars=scols, var_name="s", value_name="v")
    df["code"] = df.s.str.extract(r"\[([A-Z0-9._]+)\]$", expand=False)
    df["value"] = num(df.v)
    put("series", flagged(df), ["code", "iso3", "Time", "value", "flag"])

# ---------------------------------------------------------------- World Bank/KNOMAD matrices
for p in sorted(glob.glob(f"{DATA}/wb_knomad/*")):
    remit = "emit" in p
    year = int(re.search(r"(20\d\d)", os.path.basename(p)).group(1))
    vintage(p, "knomad-remit" if remit else "knomad-migration", str(year))
    if p.endswith(".csv"):
        m = pd.read_csv(p, index_col=0, encoding="utf-8-sig", dtype=str)
    else:
        raw = xlsx(p)
        m = raw.iloc[2:, 1:]
        m.index, m.columns = raw.iloc[2:, 0].astype(str), raw.iloc[1, 1:].astype(str)
    m = m.loc[:, ~m.columns.duplicated()]
    rmap, cmap = dict(zip(m.index, by_name(m.index))), dict(zip(m.columns, by_name(m.columns)))
    df = m.stack().rename("v").reset_index()
    df.columns = ["row", "col", "v"]
    df["a"], df["b"] = df.row.map(rmap), df.col.map(cmap)
    df["value"] = num(df.v)
    df = flagged(df.dropna(subset=["a", "b"]).drop_duplicates(["a", "b"]).assign(year=year, sex="T"))
    if remit:  # sending (down) x receiving (across)
        put("remit", df, ["a", "b", "year", "value", "flag"])
    else:  # origin (down) x destination (across)
        put("stock", df, ["a", "b", "year", "sex", "value", "flag"])

# ---------------------------------------------------------------- COW, CEPII, Chilton & Woda
p = f"{DATA}/cow_nmc/NMC-60-abridged.csv"
vintage(p, "cow-nmc", "6.0")
df = pd.read_csv(p)
df["iso3"] = by_code(df.ccode, "cown")
df = df.dropna(subset=["iso3"]).melt(id_vars=["iso3", "year"], value_vars=["milex", "milper", "irst", "pec", "tpop",
                                                                          "upop", "cinc"], var_name="v", value_name="value")
df["value"] = df.value.where(df.value != -9)
df["code"] = "COW." + df.v.str.upper()
put("series", flagged(df.drop_duplicates(["code", "iso3", "year"])), ["code", "iso3", "year", "value", "flag"])
p = f"{DATA}/cepii/dist_cepii.csv"
vintage(p, "cepii-dist", "2011")
df = pd.read_csv(p, encoding="utf-8-sig")
for c in ("iso_o", "iso_d"):
    df[c] = by_code(df[c], "iso3").fillna(by_code(df[c], "cepii"))
df = df.dropna(subset=["iso_o", "iso_d"]).drop_duplicates(["iso_o", "iso_d"])
put("dist", df, ["iso_o", "iso_d", "contig", "comlang_off", "comlang_ethno", "colony", "comcol", "smctry", "dist", "distcap",
                 "distw"])
p = f"{DATA}/cepii/geo_cepii.csv"
vintage(p, "cepii-geo", "2011")
df = pd.read_csv(p, encoding="latin-1")
df["iso"] = by_code(df.iso3, "iso3").fillna(by_code(df.iso3, "cepii"))
df = df.dropna(subset=["iso"]).drop_duplicates("iso")
df["languages"] = df[["langoff_1", "langoff_2", "langoff_3"]].astype(str).agg(";".join, axis=1)
df["colonizers"] = df[["colonizer1", "colonizer2", "colonizer3", "colonizer4"]].astype(str).agg(";".join, axis=1)
put("geo", df, ["iso", "area", "landlocked", "continent", "lat", "lon", "languages", "colonizers"])
p = f"{DATA}/bla/chilton_woda_BLAs_Formation_Data.csv"
vintage(p, "bla-formation", "2022")
df = pd.read_csv(p)
df["a"], df["b"] = by_code(df.codeA, "cown"), by_code(df.codeB, "cown")
df = df.dropna(subset=["a", "b"]).assign(title=None, source="Chilton & Woda (2022)")
put("agreement", df, ["treatyID", "a", "b", "year", "datesigned", "ratified", "title", "source"])
p = f"{DATA}/bla/chilton_woda_BLAs_Coding_Data.csv"
vintage(p, "bla-coding", "2022")
df = pd.read_csv(p)
prov = [c for c in df.columns[10:] if df[c].dtype.kind in "if"]
df = df.melt(id_vars=["treatyID"], value_vars=prov, var_name="provision", value_name="value")
put("agreement_provision", df.drop_duplicates(["treatyID", "provision"]), ["treatyID", "provision", "value"])
p = f"{DATA}/cow_igo/cow_igo_v3_state_year_format3.csv"
vintage(p, "cow-igo", "3.0")
df = pd.read_csv(p)
df["iso3"] = by_code(df.ccode, "cown")
igos = list(df.columns[3:-1])
df = df.dropna(subset=["iso3"]).melt(id_vars=["iso3", "year"], value_vars=igos, var_name="igo", value_name="status")
df = df[df.status.between(1, 3)].assign(flag=1).drop_duplicates(["igo", "year", "iso3"])
put("igo_member", df, ["igo", "iso3", "year", "status", "flag"])

# ---------------------------------------------------------------- UNHCR
p = f"{DATA}/unhcr/population.csv"
vintage(p, "unhcr-population", "2025")
df = pd.read_csv(p, keep_default_na=False)
df["orig"] = by_code(df.coo, "unhcr").fillna(by_code(df.coo_iso, "iso3"))
df["dest"] = by_code(df.coa, "unhcr").fillna(by_code(df.coa_iso, "iso3"))
df = df.dropna(subset=["orig", "dest"]).melt(id_vars=["orig", "dest", "year"], value_vars=["refugees", "asylum_seekers", "oip"],
                                             var_name="kind", value_name="v")
df["value"] = num(df.v)
put("protection", flagged(df.drop_duplicates(["year", "kind", "orig", "dest"])), ["orig", "dest", "year", "kind", "value", "flag"])
p = f"{DATA}/unhcr/unrwa.csv"
vintage(p, "unhcr-unrwa", "2025")
df = pd.read_csv(p, keep_default_na=False)
df["orig"], df["dest"] = "PSE", by_code(df.coa, "unhcr").fillna(by_code(df.coa_iso, "iso3"))
df["value"] = num(df.total)
df = flagged(df.dropna(subset=["dest"]).assign(kind="unrwa").drop_duplicates(["year", "dest"]))
put("protection", df, ["orig", "dest", "year", "kind", "value", "flag"])

# ---------------------------------------------------------------- IMF WEO, UNSD, PWT, Maddison
WEO = ["NGDPD", "NGDPDPC", "PPPGDP", "PPPPC", "NGDPRPPPPC", "PPPSH", "LP"]
for p in sorted(glob.glob(f"{DATA}/imf_weo/*.xlsx")):
    vintage(p, "imf-weo", os.path.basename(p)[3:10])
    df = pd.read_excel(p, engine="openpyxl")
    df = df[df["WEO Subject Code"].isin(WEO)]
    df["iso3"] = by_code(df.ISO, "iso3").fillna(by_code(df.ISO, "imf"))
    years = [c for c in df.columns if isinstance(c, int)]
    df = df.dropna(subset=["iso3"]).melt(id_vars=["iso3", "WEO Subject Code"], value_vars=years, var_name="year", value_name="v")
    df["code"] = "WEO." + df["WEO Subject Code"]
    df["value"] = num(df.v)
    put("series", flagged(df), ["code", "iso3", "year", "value", "flag"])
for p in sorted(glob.glob(f"{DATA}/unsd_ama/*.xlsx")):
    vintage(p, "unsd-ama", re.search(r"(\d{4}-\d{4})", p).group(1))
    df = pd.read_excel(p, sheet_name=0, header=2, engine="openpyxl")
    df = df[df.IndicatorName == "Gross Domestic Product (GDP)"]
    df["iso3"] = by_code(df.CountryID, "m49")
    years = [c for c in df.columns if isinstance(c, int)]
    df = df.dropna(subset=["iso3"]).melt(id_vars=["iso3"], value_vars=years, var_name="year", value_name="v")
    df["value"] = num(df.v)
    put("series", flagged(df.assign(code="UNSD.GDP.CD")), ["code", "iso3", "year", "value", "flag"])
p = f"{DATA}/pwt/pwt1001.dta"
vintage(p, "pwt", "10.01")
df = pd.read_stata(p, convert_categoricals=False)
df["iso3"] = by_code(df.countrycode, "iso3")
pv = ["rgdpe", "rgdpo", "pop", "cgdpe", "cgdpo", "rgdpna", "emp", "ck", "rnna", "xr"]
df = df.dropna(subset=["iso3"]).melt(id_vars=["iso3", "year"], value_vars=[c for c in pv if c in df], var_name="v",
                                    value_name="value")
df["code"] = "PWT." + df.v.str.upper()
put("series", flagged(df), ["code", "iso3", "year", "value", "flag"])
p = f"{DATA}/maddison/MaddisonData_mpd2023_fulldata_from_rda.csv"
vintage(p, "maddison", "2023")
df = pd.read_csv(p)
df["iso3"] = by_code(df.ISO, "iso3")
df = df.dropna(subset=["iso3"]).melt(id_vars=["iso3", "year"], value_vars=["gdppc", "pop"], var_name="v", value_name="value")
df["code"] = "MPD." + df.v.str.upper()
put("series", flagged(df), ["code", "iso3", "year", "value", "flag"])
p = f"{DATA}/maddison/MaddisonCountries_mpd2023_from_rda.csv"
vintage(p, "maddison-countries", "2023")
df = pd.read_csv(p)
df["iso3"] = by_code(df.ISO, "iso3")
rows += int(df.iso3.notna().sum())

# ---------------------------------------------------------------- sending-country flows
FLOW = ["orig", "dest", "period_from", "period_to", "measure", "channel", "sex", "value", "flag", "note"]
p = f"{DATA}/flows/nepal_dofe/nepal_dofe_countrywise_labour_approvals_long.csv"
vintage(p, "nepal-dofe", "2079-2080")
df = pd.read_csv(p, keep_default_na=False)
rng = df.pdf_title.str.extract(r"\((\d{4}-\d\d-\d\d) to (\d{4}-\d\d-\d\d)\)")
BS = {"shrawn-2079": ("2022-07-17", "2022-08-16"), "ashoj-2079": ("2022-09-17", "2022-10-17"),
      "kartik-2079": ("2022-10-18", "2022-11-16"), "mangsir-2079": ("2022-11-17", "2022-12-15"),
      "poush-2079": ("2022-12-16", "2023-01-14"), "magh-2079": ("2023-01-15", "2023-02-12"),
      "flagun-2079": ("2023-02-13", "2023-03-14"), "chaitra-2079": ("2023-03-15", "2023-04-13"),
      "baisakh-2080": ("2023-04-14", "2023-05-14"), "baisakh-2079": ("2022-04-14", "2022-05-14"),
      "jestha-2079": ("2022-05-15", "2022-06-14"), "asar-2079": ("2022-06-15", "2022-07-16")}
key = df.source_pdf.str.replace(".pdf", "", regex=False)
df["period_from"] = rng[0].fillna(key.map(lambda k: BS.get(k, (None, None))[0]))
df["period_to"] = rng[1].fillna(key.map(lambda k: BS.get(k, (None, None))[1]))
df["dest"] = by_name(df.destination)
df["sex"] = df.sex.str[0].str.upper().replace({"T": "T"})
df["value"] = num(df.labour_approvals)
df = flagged(df.dropna(subset=["dest", "period_from"]).assign(orig="NPL", measure="labour_approvals", note=None))
df = df.groupby(["orig", "dest", "period_from", "period_to", "measure", "channel", "sex"], as_index=False).agg(
    value=("value", "sum"), flag=("flag", "min"), note=("note", "first"))
put("flow", df, FLOW)
p = f"{DATA}/flows/slbfe/slbfe_registrations_by_country_ldflk_long.csv"
vintage(p, "slbfe", "2019-2024")
df = pd.read_csv(p, keep_default_na=False)
df = df[df.column != "Percentage"]
df["dest"] = by_name(df.destination)
df["value"] = num(df.value)
df["period_from"], df["period_to"] = df.year.astype(str) + "-01-01", df.year.astype(str) + "-12-31"
df["channel"] = np.where(df.column == "Number", "", df.column)
df = flagged(df.dropna(subset=["dest"]).assign(orig="LKA", measure="departures", sex="T", note=None))
df["flag"] = np.where(df.year == 2019, 6, df.flag)
put("flow", df.drop_duplicates(FLOW[:7]), FLOW)
p = f"{DATA}/flows/cfo_ph/cfo_registered_emigrants_by_destination_1981_2020_long.csv"
vintage(p, "cfo-emigrants", "1981-2020")
df = pd.read_csv(p, keep_default_na=False)
df["dest"] = by_name(df.destination_cfo_name)
df["value"] = num(df.registered_emigrants)
df["period_from"], df["period_to"] = df.year.astype(str) + "-01-01", df.year.astype(str) + "-12-31"
df = flagged(df.dropna(subset=["dest"]).assign(orig="PHL", measure="registered_emigrants", channel="", sex="T", note=None))
put("flow", df.drop_duplicates(FLOW[:7]), FLOW)
for p in sorted(glob.glob(f"{DATA}/flows/cfo_ph/Emigrant-*Country*.xlsx")):
    vintage(p, "cfo-emigrants", re.search(r"(\d{4}-\d{4})", p).group(1))
    raw = xlsx(p)
    if "AllCountries" in p:
        h = header_row(raw, "country")
        years = {j: int(v) for j, v in enumerate(raw.iloc[h]) if re.fullmatch(r"\d{4}", str(v).strip())}
        body = raw.iloc[h + 1:]
        body = body[~body.iloc[:, 0].astype(str).str.startswith(("GRAND", "Source"))]
        df = body.iloc[:, [0, *years]].melt(id_vars=[0], var_name="j", value_name="v")
        df["year"], df["dest"] = df.j.map(years), by_name(df[0])
    else:
        h = header_row(raw, "year")
        names = [f"{'' if pd.isna(a) else str(a).strip() + ' '}{b}".strip() for a, b in zip(raw.iloc[h - 1], raw.iloc[h])]
        cols = {j: n.rstrip("*") for j, n in enumerate(names) if j and n not in ("OTHERS", "TOTAL") and not n.startswith("%")}
        body = raw.iloc[h + 1:]
        body = body[pd.to_numeric(body.iloc[:, 0], errors="coerce").notna()]
        df = body.iloc[:, [0, *cols]].melt(id_vars=[0], var_name="j", value_name="v")
        df["year"], df["dest"] = pd.to_numeric(df[0]).astype(int), by_name(df.j.map(cols))
    df["value"] = num(df.v)
    df = df.dropna(subset=["dest", "value"])
    df["period_from"], df["period_to"] = df.year.astype(str) + "-01-01", df.year.astype(str) + "-12-31"
    df = flagged(df.assign(orig="PHL", measure="registered_emigrants", channel="", sex="T", note=None))
    put("flow", df.drop_duplicates(FLOW[:7]), FLOW)

db.execute("INSERT OR REPLACE INTO meta(key, value) VALUES('pandas_rows', ?)", (str(rows),))
db.execute("COMMIT")
db.close()
print(f"pandas pipeline: {vintage_id} files, {rows:,} rows in {time.perf_counter() - t0:.2f} s", file=sys.stderr)
