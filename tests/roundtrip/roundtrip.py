"""Read migdip's CSV, JSON and Stata exports with pandas and check that they agree (tests/roundtrip/run.sh)."""
import json
import math
import sqlite3
import sys

import pandas as pd

work, db = sys.argv[1], sys.argv[2]
fail = []


def check(cond, what):
    if not cond:
        fail.append(what)


with open(f"{work}/d.codebook.json", encoding="utf-8") as f:
    book = json.load(f)
# the codebook says which columns are text (an edition "2024" is a string)
text = {c["name"]: str for c in book["columns"] if c["type"] == "string"}
csv = pd.read_csv(f"{work}/d.csv", keep_default_na=False, na_values=[""], dtype=text)
with open(f"{work}/d.json", encoding="utf-8") as f:
    js = json.load(f)
jrows = pd.DataFrame(js["rows"])
dta = pd.read_stata(f"{work}/d.dta", convert_categoricals=False)
reader = pd.io.stata.StataReader(f"{work}/d.dta")
reader.read()
label = reader.data_label

# the same columns in every format, in the same order, and in the codebook
names = list(csv.columns)
check(list(jrows.columns) == names, "JSON columns differ from CSV")
check(list(dta.columns) == names, "Stata columns differ from CSV")
check([c["name"] for c in book["columns"]] == names, "codebook columns differ from CSV")
check([c["name"] for c in js["columns"]] == names, "JSON's columns differ from CSV")
check(len(csv) == len(jrows) == len(dta) > 1000, f"row counts {len(csv)} {len(jrows)} {len(dta)}")

# cell for cell: numbers equal to 10 significant digits, strings equal, NA where NA
types = {c["name"]: c["type"] for c in book["columns"]}
for name in names:
    a, b, c = csv[name], jrows[name], dta[name]
    if types[name] == "number":
        check(pd.api.types.is_numeric_dtype(c), f"{name}: not numeric in Stata")
        na = a.isna()
        check((na == b.isna()).all(), f"{name}: NA differs CSV/JSON")
        check((na == c.isna()).all(), f"{name}: NA differs CSV/Stata")
        av, cv = a[~na].astype(float), c[~na].astype(float)
        close = [math.isclose(x, y, rel_tol=1e-9, abs_tol=1e-12) for x, y in zip(av, cv)]
        check(all(close), f"{name}: values differ CSV/Stata")
        check(all(math.isclose(x, y, rel_tol=1e-12) for x, y in zip(av, b[~na].astype(float))),
              f"{name}: values differ CSV/JSON")
    else:
        # Stata has no string missing: "" there, NA in CSV and JSON
        check((a.isna() == b.isna()).all(), f"{name}: NA differs CSV/JSON")
        check((a.fillna("") == c.fillna("")).all(), f"{name}: strings differ CSV/Stata")
        check((a.dropna() == b.dropna()).all(), f"{name}: strings differ CSV/JSON")

# metadata in every file
meta = js["metadata"]
check(meta["migdip_version"] == book["metadata"]["migdip_version"], "versions differ")
check("--system gw" in meta["command"] and "export dyads" in meta["command"], f"command: {meta['command']}")
check(meta["system"] == "gw" and meta["years"] == "2010-2011", "options missing from the metadata")
check(any(v["dataset"] == "undesa-ims" and len(v["sha256"]) == 64 for v in meta["vintages"]), "no UN DESA vintage")
check(label.startswith("migdip ") and "2010-2011" in label, f"Stata data label: {label!r}")
flag = next(c for c in book["columns"] if c["name"] == "stock_flag")
check(flag["codes"]["1"] == "observed", "codebook: flag codes")

# --system gw: members of the year only, under GW codes; no territory, no state before independence
con = sqlite3.connect(db)
territories = {r[0] for r in con.execute("SELECT iso3 FROM country WHERE kind<>'country'")}
members = {(r[0], r[1]) for r in con.execute("SELECT iso3, year FROM state_year WHERE system='cow'")}
for side in ("a_iso3", "b_iso3"):
    check(not set(csv[side]) & territories, f"{side}: territories {set(csv[side]) & territories}")
    bad = {(i, y) for i, y in zip(csv[side], csv["year"]) if (i, y) not in members}
    check(not bad, f"{side}: not COW members that year: {sorted(bad)[:5]}")
check(csv["gwcode1"].notna().all() and csv["gwcode2"].notna().all(), "a GW row without a GW code")
check(not csv.duplicated(["gwcode1", "gwcode2", "year"]).any(), "gwcode1, gwcode2, year is not a key")
ssd = csv[(csv.a_iso3 == "SSD")]
check(len(ssd) > 0 and set(ssd.year) == {2011}, "South Sudan: rows only from 2011 (independence)")
check(set(csv[csv.a_iso3 == "DEU"].gwcode1) == {260}, "Germany's GW code is 260")
check(csv["income_group1"].dropna().isin(["L", "LM", "UM", "H"]).all(), "income groups")
check(csv["distw"].notna().mean() > 0.9, "distances mostly present")

# the state-years and the undirected dyads
st = pd.read_stata(f"{work}/s.dta", convert_categoricals=False)
check(not st.duplicated(["ccode", "year"]).any() and st["ccode"].notna().all(), "states: ccode, year is not a key")
check("SSD" not in set(st.iso3) and "HKG" not in set(st.iso3), "states: SSD in 2010 or Hong Kong")
und = pd.read_csv(f"{work}/u.csv")
check((und.ccode1 < und.ccode2).all(), "undirected: ccode1 < ccode2")
check(not und.duplicated(["ccode1", "ccode2"]).any(), "undirected: a pair twice")
check((und.ccode1 != 711).all() and (und.ccode2 != 711).all(), "711 (Hong Kong in Chilton & Woda) as a COW code")

with open(f"{work}/expect.txt", "w") as f:
    f.write(f"{len(dta)}\n{int(csv['remit_pct_gdp'].isna().sum())}\n{int(csv['a_name'].isna().sum())}\n")
if fail:
    print("roundtrip.py: " + "\n  ".join(fail), file=sys.stderr)
    sys.exit(1)
print(f"pandas: {len(csv)} rows, {len(names)} columns agree in CSV, JSON and Stata")
