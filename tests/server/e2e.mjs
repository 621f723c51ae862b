// tests/server/e2e.mjs - the dashboard end to end in headless Chromium (ctest label server):
// Debian's chromium driven by playwright-core (web/node_modules), the server started here on
// a free port over the test store with the built assets. Loads the dashboard, picks a country
// on the map, opens a dyad from the map, runs a scenario, walks the plane with the keyboard,
// opens the country and sources pages, and checks that the numbers shown equal the API's,
// that no request left the server and that the console stayed clean; opens an SVG chart and
// a report written by the CLI. Screenshots go to OUTDIR (test artefacts).
// usage: node e2e.mjs MIGDIP SOURCE_DIR STORE OUTDIR
import { spawn, execFileSync } from "node:child_process";
import { createRequire } from "node:module";
import { existsSync, mkdirSync, writeFileSync } from "node:fs";
import path from "node:path";

const [MIGDIP, SRC, STORE, OUT] = process.argv.slice(2);
if (!existsSync(STORE)) { console.log(`skipped: no store at ${STORE}`); process.exit(77); }
const ROOT = path.join(SRC, "web", "dist");
if (!existsSync(path.join(ROOT, "index.html"))) { console.log(`FAIL: no built dashboard at ${ROOT} (scripts/setup builds it)`); process.exit(1); }
const CHROMIUM = process.env.CHROMIUM || "/usr/bin/chromium";
if (!existsSync(CHROMIUM)) { console.log(`FAIL: no ${CHROMIUM} (Debian package chromium)`); process.exit(1); }
const require = createRequire(path.join(SRC, "web", "package.json"));
const { chromium } = require("playwright-core");
mkdirSync(OUT, { recursive: true });

let passed = 0;
const failures = [];
function check(cond, what) { if (cond) passed++; else { failures.push(what); console.log(`FAIL: ${what}`); } }
const f3 = (v) => (v === null ? "n/a" : v.toFixed(3));
const f4 = (v) => (v === null ? "n/a" : v.toFixed(4));

// ---------------------------------------------------------------- the server
const srv = spawn(MIGDIP, ["serve", "--db", STORE, "--port", "0", "--root", ROOT, "--quiet"], { stdio: ["ignore", "pipe", "inherit"] });
const base = await new Promise((resolve, reject) => {
  let buf = "";
  srv.stdout.on("data", (d) => { buf += d; const m = buf.match(/serving (http:\/\/127\.0\.0\.1:\d+)\//); if (m) resolve(m[1]); });
  srv.on("exit", (c) => reject(new Error(`the server exited (${c})`)));
  setTimeout(() => reject(new Error("the server did not start in 120 s")), 120000);
});
const api = async (p, body) => {
  for (let attempt = 0; ; attempt++) { // a kept-alive connection the server closed meanwhile: once more
    try {
      const r = await fetch(base + p, body ? { method: "POST", body: JSON.stringify(body) } : {});
      return await r.json();
    } catch (e) { if (attempt) throw e; }
  }
};

const browser = await chromium.launch({ executablePath: CHROMIUM, args: ["--no-sandbox", "--disable-gpu", "--disable-dev-shm-usage"] });
const page = await browser.newPage({ viewport: { width: 1280, height: 1000 } });
const consoleErrors = [], outside = [];
page.on("console", (m) => { if (m.type() === "error") consoleErrors.push(m.text()); });
page.on("pageerror", (e) => consoleErrors.push(String(e)));
page.on("request", (r) => { if (!r.url().startsWith(base) && !r.url().startsWith("data:")) outside.push(r.url()); });
// screenshots are artefacts, not checks: a tall page (the sources' coverage table) is taken as
// far as 4000 pixels, and a screenshot that times out on a loaded machine is said, not failed
const shot = async (name) => {
  try {
    const h = await page.evaluate(() => document.documentElement.scrollHeight);
    await page.screenshot({ path: path.join(OUT, `${name}.png`), fullPage: h <= 4000, timeout: 90000 });
  } catch (e) { console.log(`note: screenshot ${name}: ${e.message.split("\n")[0]}`); }
};
// Every chart of the page (issue 14, "accessible and honest"): an SVG with role img, a title and a
// description, in a figure whose caption names the data vintage and the power measure, with a
// table as its text alternative; every axis titled with its unit in parentheses; the colours
// of its marks from Okabe and Ito's palette or greys (the map's cividis and purple-orange
// scales are interpolated, rgb(), not listed here).
const OKABE_ITO = ["#0072b2", "#e69f00", "#009e73", "#cc79a7", "#56b4e9", "#d55e00", "#f0e442", "#000000"];
const colourOk = (v) => {
  v = v.toLowerCase();
  let h = v.slice(1);
  if (h.length === 3) h = [...h].map((c) => c + c).join("");
  return OKABE_ITO.includes(v) || (h.length === 6 && h.slice(0, 2) === h.slice(2, 4) && h.slice(2, 4) === h.slice(4, 6));
};
const a11y = async (where, atLeast) => {
  const charts = await page.evaluate(() => [...document.querySelectorAll("main svg")].filter((sv) => !sv.parentElement.closest("svg")).map((sv) => {
    const fig = sv.closest("figure");
    return {
      id: sv.getAttribute("data-testid") ?? sv.querySelector("title")?.textContent?.slice(0, 40),
      role: sv.getAttribute("role"), title: sv.querySelector("title")?.textContent ?? "", desc: sv.querySelector("desc")?.textContent ?? "",
      caption: fig?.querySelector(":scope > figcaption")?.textContent ?? "", table: !!fig?.querySelector("table"),
      axes: [...sv.querySelectorAll(".axis-title")].map((t) => t.textContent),
      colours: [...sv.querySelectorAll("*")].filter((e) => e.tagName !== "text").flatMap((e) => ["fill", "stroke"].map((a) => e.getAttribute(a))).filter((v) => v && v.startsWith("#")),
    };
  }));
  check(charts.length >= atLeast, `${where}: ${charts.length} charts, expected at least ${atLeast}`);
  for (const c of charts) {
    check(c.role === "img" && c.title && c.desc.length > 30, `${where}: ${c.id}: role img, a title and a description`);
    check(c.caption.includes("Data:") && c.caption.includes("power measure:"), `${where}: ${c.id}: the data vintage and the power measure in its caption ("${c.caption.slice(-160)}")`);
    check(c.table, `${where}: ${c.id}: a table as its text alternative`);
    check(c.axes.length > 0 && c.axes.every((t) => /\(.+\)/.test(t)), `${where}: ${c.id}: axes titled with their units (${c.axes.join(" | ")})`);
    const bad = [...new Set(c.colours.filter((v) => !colourOk(v)))];
    check(bad.length === 0, `${where}: ${c.id}: colours outside Okabe-Ito and greys: ${bad}`);
  }
};
const ready = async (pageName, timeout = 120000) =>
  page.waitForFunction((p) => document.body.dataset.ready === p, pageName, { timeout });

try {
  // ------------------------------------------------------------ first load: the map
  const t0 = Date.now();
  await page.goto(base + "/");
  await ready("map");
  await page.waitForSelector("path.country[data-iso3='IDN']");
  const firstLoad = Date.now() - t0;
  const timing = await page.evaluate(() => performance.getEntriesByType("resource").map((r) => `${r.name.replace(location.origin, "")} ${Math.round(r.startTime)}+${Math.round(r.duration)} ms`));
  writeFileSync(path.join(OUT, "first-load-ms.txt"), `${firstLoad}\n${timing.join("\n")}\n`);
  console.log(`first load of the dashboard (map drawn): ${firstLoad} ms`);
  check((await page.locator("path.country").count()) > 150, "the map draws the world's countries");
  const meta = await api("/api/meta");
  check((await page.textContent("#vintage")).includes(`migrant stocks ${meta.stock_year}`), "the footer names the data vintage");
  await a11y("map", 1);
  await page.focus("body");
  await page.keyboard.press("Tab");
  check((await page.evaluate(() => document.activeElement.textContent)) === "Skip to content", "keyboard: the first Tab reaches the skip link");
  const hashBefore = await page.evaluate(() => location.hash);
  await page.keyboard.press("Enter");
  check(await page.evaluate((h) => document.activeElement.id === "main" && location.hash === h, hashBefore),
    "keyboard: the skip link moves the focus to the content and leaves the page's route");
  await shot("1-map");

  // ------------------------------------------------------------ pick a country
  await page.selectOption("#map-state", "MYS");
  await page.waitForFunction(() => location.hash.includes("state=MYS"));
  await ready("map");
  await page.waitForSelector("path.country.self[data-iso3='MYS']");
  const scr = await api("/api/screen?state=MYS&top=0");
  const idnRow = scr.find((r) => (r.a === "MYS" && r.b === "IDN") || (r.a === "IDN" && r.b === "MYS"));
  const label = await page.getAttribute("path.country[data-iso3='IDN']", "aria-label");
  check(idnRow && label.includes(f3(idnRow.exposure.MYS)), `map: IDN's label "${label}" carries MYS's exposure ${idnRow && f3(idnRow.exposure.MYS)}`);
  const noData = await page.locator("path.country[fill='#f2f2f2']").count();
  check(noData > 0, "map: countries without a corridor drawn as missing");
  check((await page.textContent("figure figcaption")).includes("power measure: composite"), "map: the power measure in the caption");
  await shot("2-map-MYS");

  // ------------------------------------------------------------ open a dyad from the map (keyboard)
  await page.focus("path.country[data-iso3='IDN']");
  await page.keyboard.press("Enter");
  await page.waitForFunction(() => location.hash === "#/dyad/MYS/IDN");
  await ready("dyad");
  await page.waitForSelector("[data-testid='exposure-MYS']");
  const dyad = await api("/api/dyad?a=MYS&b=IDN");
  check((await page.textContent("[data-testid='exposure-MYS']")) === f3(dyad.exposure.MYS), "dyad: MYS's exposure equals the API's");
  check((await page.textContent("[data-testid='exposure-IDN']")) === f3(dyad.exposure.IDN), "dyad: IDN's exposure equals the API's");
  check((await page.textContent("[data-testid='quadrant-MYS']")).startsWith(dyad.quadrant.MYS + " "), "dyad: MYS's quadrant");
  check((await page.textContent("[data-testid='explanation']")) === dyad.explanation, "dyad: the explanation");
  await page.waitForSelector("svg[data-testid='robust']", { timeout: 120000 });
  await page.waitForSelector("svg[data-testid='trajectory']", { timeout: 240000 });
  await shot("3-dyad");

  // ------------------------------------------------------------ run a scenario
  await page.selectOption("#sim-kind", "freeze");
  await page.fill("#sim-months", "6");
  await page.fill("#sim-horizon", "12");
  await page.click("#sim-run");
  await page.waitForSelector("[data-testid='sim-remit-pct']", { timeout: 60000 });
  const body = { a: "MYS", b: "IDN", year: meta.year, power: "composite", months: 12, shocks: ["freeze:start=0,months=6"] };
  const sim = await api("/api/simulate", body), cred = await api("/api/credibility", body);
  check((await page.textContent("[data-testid='sim-remit-pct']")) === f4(sim.totals.remittances_lost_pct_gdp), "scenario: the sender's cost equals the API's");
  check((await page.textContent("[data-testid='sim-output-pct']")) === f4(sim.totals.output_lost_pct_gdp), "scenario: the host's cost equals the API's");
  check((await page.textContent("[data-testid='credible']")).startsWith(`Credible: ${cred.credible ? "yes" : "no"}.`), "scenario: the credibility reading");
  check((await page.locator("svg[data-testid='simulation'] circle").count()) === 12, "scenario: 12 months drawn for the sender");
  await a11y("dyad", 4);
  await shot("4-scenario");

  // ------------------------------------------------------------ a coalition ban: Nepal, Bangladesh and Pakistan on Saudi Arabia
  await page.goto(base + "/#/dyad/NPL/SAU");
  await ready("dyad");
  await page.waitForSelector("#sim-kind");
  await page.selectOption("#sim-kind", "coalition");
  await page.fill("#sim-members", "BGD, pak");
  await page.fill("#sim-months", "6");
  await page.fill("#sim-horizon", "12");
  await page.click("#sim-run");
  await page.waitForSelector("[data-testid='sim-remit-pct']", { timeout: 60000 });
  const cbody = { a: "NPL+BGD+PAK", b: "SAU", year: meta.year, power: "composite", months: 12, shocks: ["ban:share=1,start=0,months=6"] };
  const csim = await api("/api/simulate", cbody), ccred = await api("/api/credibility", cbody);
  check(csim.sender === "NPL+BGD+PAK", `coalition: the API's sender is the coalition (${csim.sender})`);
  check((await page.textContent("[data-testid='sim-remit-pct']")) === f4(csim.totals.remittances_lost_pct_gdp), "coalition: the senders' cost equals the API's");
  check((await page.textContent("[data-testid='sim-output-pct']")) === f4(csim.totals.output_lost_pct_gdp), "coalition: the host's cost equals the API's");
  check((await page.textContent("section[aria-labelledby='h-sim']")).includes("NPL+BGD+PAK (sender)"), "coalition: the table names the coalition as the sender");
  check((await page.textContent("[data-testid='credible']")).startsWith(`Credible: ${ccred.credible ? "yes" : "no"}.`), "coalition: the credibility reading");
  check((await page.locator("svg[data-testid='simulation'] circle").count()) === 12, "coalition: 12 months drawn for the senders");
  await shot("4b-coalition");

  // ------------------------------------------------------------ the map of a bloc, and a dyad opened from it by keyboard
  await page.goto(base + "/#/map?state=GCC");
  await ready("map");
  await page.waitForSelector("path.country.self[data-iso3='SAU']");
  const pg = await api("/api/partners?actor=GCC");
  const npl = pg.partners.find((r) => r.partner === "NPL");
  check(npl && (await page.getAttribute("path.country[data-iso3='NPL']", "aria-label")).includes(f3(npl.exposure)),
    `bloc map: Nepal's label carries the GCC's exposure ${npl && f3(npl.exposure)}`);
  check(npl && (await page.textContent("[data-testid='map-value-NPL']")) === f3(npl.exposure), "bloc map: the table's value equals the API's");
  check((await page.locator("path.country.self").count()) >= 5, "bloc map: the members drawn as the chosen side");
  check((await page.textContent("svg[data-testid='map'] .legend")).includes(`UN DESA stocks ${pg.stock_year}`), "bloc map: the legend names the vintage");
  await a11y("bloc map", 1);
  await shot("2b-map-GCC");
  await page.focus("path.country[data-iso3='NPL']");
  await page.keyboard.press("Enter");
  await page.waitForFunction(() => location.hash === "#/dyad/GCC/NPL");
  await ready("dyad");
  await page.waitForSelector("[data-testid='exposure-GCC']");
  const gd = await api("/api/dyad?a=GCC&b=NPL");
  check((await page.textContent("[data-testid='exposure-GCC']")) === f3(gd.exposure.GCC), "bloc dyad: the GCC's exposure equals the API's");

  // ------------------------------------------------------------ the typology plane, by keyboard
  await page.goto(base + "/#/plane?state=MYS");
  await ready("plane");
  await page.waitForSelector("circle.point");
  const n = await page.locator("circle.point").count();
  check(n > 3, `plane: ${n} dyads drawn`);
  const first = page.locator("circle.point").first();
  const dy = await first.getAttribute("data-dyad");
  await first.focus();
  check(!(await page.isHidden("#tooltip")), "plane: focusing a point shows its numbers");
  await a11y("plane", 1);
  await shot("5-plane");
  await page.keyboard.press("Enter");
  await page.waitForFunction((d) => location.hash === `#/dyad/${d.replace("-", "/")}`, dy);
  check(true, "plane: Enter on a point opens its dyad");
  await ready("dyad");

  // ------------------------------------------------------------ country and sources
  await page.goto(base + "/#/country/PHL");
  await ready("country");
  await page.waitForSelector("[data-testid='value-remittances_pct_gdp']");
  const cty = await api("/api/country?code=PHL");
  check((await page.textContent("[data-testid='value-remittances_pct_gdp']")) === cty.values.remittances_pct_gdp.value.toFixed(2),
    "country: the remittance dependency equals the API's");
  await page.waitForFunction(() => !document.querySelector("main .status"), null, { timeout: 120000 });
  await a11y("country", 2);
  await shot("6-country");
  await page.goto(base + "/#/sources");
  await ready("sources");
  const src = await api("/api/sources");
  check((await page.locator("main table").first().locator("tbody tr").count()) === src.vintages.length, "sources: one row a vintage");
  await shot("7-sources");

  // ------------------------------------------------------------ an unknown code: an error shown, not a crash
  await page.goto(base + "/#/dyad/MYS/QQQ");
  await ready("dyad");
  check((await page.textContent("main")).includes("Error: unknown country or bloc"), "an unknown code is said as an error");
  const before = consoleErrors.length;
  // the failed request itself is logged by Chromium as a resource error: not the page's error
  consoleErrors.splice(0, consoleErrors.length, ...consoleErrors.filter((e) => !e.includes("404")));
  check(before >= consoleErrors.length, "404s aside");

  // ------------------------------------------------------------ the CLI's SVG and report open in Chromium
  const svgPath = path.join(OUT, "dyad.svg"), htmlPath = path.join(OUT, "report.html");
  execFileSync(MIGDIP, ["dyad", "MYS", "IDN", "--db", STORE, "--svg", svgPath], { stdio: "ignore" });
  execFileSync(MIGDIP, ["report", "MYS", "IDN", "--db", STORE, "-o", htmlPath, "--draws", "20", "--from", String(meta.year - 2), "--quiet"]);
  for (const [file, name] of [[svgPath, "8-cli-svg"], [htmlPath, "9-cli-report"]]) {
    const p2 = await browser.newPage({ viewport: { width: 1100, height: 900 } });
    const errs = [], reqs = [];
    p2.on("console", (m) => { if (m.type() === "error") errs.push(m.text()); });
    p2.on("request", (r) => { if (!r.url().startsWith("file://")) reqs.push(r.url()); });
    await p2.goto("file://" + file);
    const box = await p2.locator("svg").first().boundingBox();
    check(box && box.width > 300, `${path.basename(file)}: the chart renders in Chromium`);
    check(errs.length === 0 && reqs.length === 0, `${path.basename(file)}: no error, no request (${errs} ${reqs})`);
    await p2.screenshot({ path: path.join(OUT, `${name}.png`) });
    await p2.close();
  }
} catch (e) {
  check(false, `the walk stopped: ${e.message} ${e.cause ? e.cause : ""} ${e.stack}`);
  await shot("error");
} finally {
  check(consoleErrors.length === 0, `no console errors (${consoleErrors.join(" | ")})`);
  check(outside.length === 0, `no request outside the server (${outside.join(", ")})`);
  await browser.close();
  srv.kill("SIGTERM");
}
console.log(`${passed} passed, ${failures.length} failed`);
process.exit(failures.length ? 1 : 0);
