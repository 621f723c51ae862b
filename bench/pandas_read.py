#!/usr/bin/python3
"""Reads every reference file migdip imports with pandas/openpyxl, in one run: the baseline
for bench/import.sh. It only reads (into DataFrames), which is less than migdip does (migdip
also maps names, checks and writes the store), so the comparison flatters pandas."""
import glob, os, sys, time
import pandas as pd

data = sys.argv[1] if len(sys.argv) > 1 else os.path.join(os.path.dirname(__file__), "../../shared/data")
t0 = time.perf_counter()
frames = 0
def csv(path, **kw):
    global frames
    pd.read_csv(path, low_memory=False, **kw); frames += 1
def xlsx(path, **kw):
    global frames
    pd.read_excel(path, sheet_name=None, engine="openpyxl", **kw); frames += 1

for f in sorted(glob.glob(f"{data}/undesa_ims/**/*.csv", recursive=True)): csv(f)
for f in sorted(glob.glob(f"{data}/undesa_ims/original_xlsx/*.xlsx")): xlsx(f)
for f in sorted(glob.glob(f"{data}/wdi/datasets_wdi/*.csv")): csv(f)
for f in sorted(glob.glob(f"{data}/wdi/databank_2021_crosssection/*.xlsx")): xlsx(f)
for f in sorted(glob.glob(f"{data}/wb_knomad/*.xlsx")): xlsx(f)
for f in sorted(glob.glob(f"{data}/wb_knomad/*.csv")): csv(f)
csv(f"{data}/cow_nmc/NMC-60-abridged.csv")
for f in ("dist_cepii.csv", "geo_cepii.csv"): csv(f"{data}/cepii/{f}", encoding="latin-1")
for f in ("chilton_woda_BLAs_Formation_Data.csv", "chilton_woda_BLAs_Coding_Data.csv"): csv(f"{data}/bla/{f}")
for f in ("countrycode_codelist_without_cldr.csv", "countrycode_data_cow.csv", "countrycode_data_regions.csv",
          "iso3166_lukes_all.csv"): csv(f"{data}/codes/{f}")
for f in sorted(glob.glob(f"{data}/codes/*.xlsx")): xlsx(f)
print(f"pandas/openpyxl read {frames} files in {time.perf_counter() - t0:.2f} s")
