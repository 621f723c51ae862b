"""Every command's --json output validated against its schema, docs/schema/<command>.schema.json
(python3-jsonschema), on the store run.sh imported; arguments other than those the schemas
were drafted from. An export's rows also hold the type its codebook declares for each column."""
import json
import subprocess
import sys

import jsonschema

migdip, db, src, work = sys.argv[1:5]
RUNS = [
    ("sources", []),
    ("country", ["IDN", "--year", "2015"]),
    ("country", ["SSD", "--year", "2020"]),
    ("dyad", ["PHL", "SAU", "--year", "2015"]),
    ("dyad", ["GCC", "NPL", "--year", "2020"]),
    ("screen", ["--year", "2005", "--top", "25"]),
    ("validate", []),
    ("plan", ["PHL", "--year", "2020"]),
    ("coalition", ["--members", "NPL,BGD,IND", "--against", "SAU", "--year", "2020"]),
    ("cite", []),
    ("simulate", ["PHL", "SAU", "--shock", "ban", "--year", "2020"]),
    ("credibility", ["PHL", "SAU", "--shock", "ban", "--year", "2020"]),
    ("trajectory", ["PHL", "SAU", "--years", "2010:2015"]),
    ("robust", ["PHL", "SAU", "--year", "2020", "--draws", "10"]),
    ("shifts", ["--since", "2018", "--to", "2020", "--state", "PHL"]),
    ("events", ["NPL"]),
    ("export", ["dyads", "--year", "2015", "--min-stock", "200000", "--with", "all"]),
    ("export", ["states", "--year", "2015", "--system", "gw"]),
]
fail = []
checked = set()
for cmd, args in RUNS:
    with open(f"{src}/docs/schema/{cmd}.schema.json", encoding="utf-8") as f:
        schema = json.load(f)
    out = subprocess.run([migdip, cmd, *args, "--json", "--db", db], capture_output=True, text=True)
    if out.returncode != 0:
        fail.append(f"{cmd} {' '.join(args)}: exit {out.returncode}: {out.stderr.strip()[:200]}")
        continue
    doc = json.loads(out.stdout)
    errors = sorted(jsonschema.Draft202012Validator(schema).iter_errors(doc), key=lambda e: list(e.path))
    for e in errors[:3]:
        fail.append(f"{cmd} {' '.join(args)}: at {'/'.join(map(str, e.path))}: {e.message[:200]}")
    if cmd == "export":
        types = {c["name"]: c["type"] for c in doc["columns"]}
        for row in doc["rows"]:
            for k, v in row.items():
                want = (int, float) if types[k] == "number" else str
                if v is not None and (not isinstance(v, want) or isinstance(v, bool)):
                    fail.append(f"export: column {k} ({types[k]}) holds {v!r}")
                    break
    checked.add(cmd)
# the import run.sh ran, with --json
with open(f"{src}/docs/schema/import.schema.json", encoding="utf-8") as f:
    schema = json.load(f)
with open(f"{work}/import.json", encoding="utf-8") as f:
    jsonschema.validate(json.load(f), schema)
checked.add("import")
# and the codebook beside a CSV has the export's schema (without rows)
with open(f"{src}/docs/schema/export.schema.json", encoding="utf-8") as f:
    schema = json.load(f)
with open(f"{work}/d.codebook.json", encoding="utf-8") as f:
    jsonschema.validate(json.load(f), schema)
with open(f"{work}/d.json", encoding="utf-8") as f:
    jsonschema.validate(json.load(f), schema)
if fail:
    print("schema_check.py:\n  " + "\n  ".join(fail), file=sys.stderr)
    sys.exit(1)
print(f"jsonschema: {len(RUNS)} outputs of {len(checked)} commands valid against docs/schema/")
