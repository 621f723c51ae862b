"""`migdip cite` read by an independent BibTeX parser (bibtexparser): every entry has a title,
an author or publisher, a year and a URL or DOI (migdip's own entries: CITATION.cff's url, the
project's public address, when it has one), every data vintage of the store is named in an entry, and CITATION.cff names the
version `migdip --version` prints (tests/roundtrip/run.sh)."""
import re
import sqlite3
import sys

import bibtexparser
import yaml

bib_path, db, cff_path, version = sys.argv[1:5]
fail = []
with open(bib_path, encoding="utf-8") as f:
    text = f.read()
entries = bibtexparser.loads(text).entries
check = lambda ok, what: ok or fail.append(what)
check(len(entries) == text.count("\n@") + text.startswith("@"), "bibtexparser did not read every entry")
keys = [e["ID"] for e in entries]
check(len(keys) == len(set(keys)), "duplicate keys")
with open(cff_path, encoding="utf-8") as f:
    cff = yaml.safe_load(f)
# The project's own entries carry its public address, CITATION.cff's url (the build reads it
# from there); while the project has none, they are the only entries without a URL or DOI.
OWN = {"migdip", "migdip_registry"}
home = cff.get("url")
for e in entries:
    k = e["ID"]
    check(e.get("title"), f"{k}: no title")
    check(any(e.get(f) for f in ("author", "publisher", "institution", "organization")), f"{k}: no author")
    check(re.fullmatch(r"\d{4}", e.get("year", "")), f"{k}: year {e.get('year')!r}")
    if k in OWN:
        check(e.get("url") == home if home else not e.get("url"), f"{k}: url {e.get('url')!r}, CITATION.cff {home!r}")
    else:
        check(e.get("url") or e.get("doi"), f"{k}: no URL or DOI")
# the framework's article by its DOI, as CITATION.cff gives it
art = entries[keys.index("tsourapas_migration_interdependence")] if "tsourapas_migration_interdependence" in keys else {}
refs = [r for r in cff.get("references", []) if r.get("journal") == "International Migration Review"]
check(art.get("doi") and refs and art.get("doi") == str(refs[0].get("doi")) and art.get("year") == str(refs[0].get("year")),
      "the framework's article: DOI and year as in CITATION.cff")
check("migdip" in keys and entries[keys.index("migdip")].get("version") == version, "no migdip entry with the version")
check(sum(1 for e in entries if "Registry" in e["title"]) == 1, "the registry is one entry")
# every vintage of the store is in an entry (its file's sha256 in a note), derived ones aside
con = sqlite3.connect(db)
for dataset, sha in con.execute("SELECT dataset, sha256 FROM vintage WHERE file NOT LIKE '(%'"):
    check(sha in text, f"vintage {dataset} {sha[:12]} cited nowhere")
check(cff.get("cff-version") == "1.2.0" and cff.get("version") == version, "CITATION.cff: version")
check(cff.get("title", "").startswith("migdip"), "CITATION.cff: title")
if fail:
    print("cite_check.py: " + "\n  ".join(f for f in fail if f), file=sys.stderr)
    sys.exit(1)
own = "with" if home else "without (CITATION.cff has no url)"
print(f"bibtexparser: {len(entries)} entries, each with a year and a URL or DOI; migdip's own {own} the project's url")
