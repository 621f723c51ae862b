// web/src/main.js - the migdip dashboard: a world map of one state's exposure or leverage toward
// every partner, the typology plane (the article's Figure 1), a dyad page (decomposition,
// power, quadrants and explanation, trajectory with episodes, robustness, a scenario runner
// with the credibility reading), a country page and a sources page. Every figure comes from
// the JSON API of `migdip serve` (docs/api.md); charts name their units, the data vintage and
// the power measure; missing values are drawn as missing; colours are Okabe-Ito (categories),
// cividis (sequential) and purple-orange (diverging), all told apart with colour-vision
// deficiencies; every mark can be reached with the keyboard and every chart has a table.
import * as d3 from "d3";

const OI = { blue: "#0072B2", orange: "#E69F00", green: "#009E73", purple: "#CC79A7", sky: "#56B4E9",
  red: "#D55E00", yellow: "#F0E442", black: "#000000" };
const QCOLOUR = { I: OI.green, II: OI.red, III: OI.orange, IV: OI.purple, mutual: OI.sky,
  "out-of-scope": "#999999", none: "#cccccc" };
const f3 = d3.format(".3f"), f2 = d3.format(".2f"), fint = d3.format(",.0f"), fpct = d3.format(".1%");
const S = { year: null, power: "composite", meta: null, countries: [], byIso: new Map(), byM49: new Map(),
  blocs: [], blocByName: new Map(), world: null, state: "PHL", defaultYear: null };
const main = document.getElementById("main");
const tip = document.getElementById("tooltip");

// ---------------------------------------------------------------- the API
async function api(path, body) {
  const opts = body ? { method: "POST", body: JSON.stringify(body), headers: { "Content-Type": "application/json" } } : {};
  const r = await fetch(path, opts);
  const j = await r.json();
  if (!r.ok) throw new Error(j.error ? `${j.error.message} (HTTP ${j.error.status})` : `HTTP ${r.status}`);
  return j;
}
const q = (o) => Object.entries(o).filter(([, v]) => v !== undefined && v !== null && v !== "")
  .map(([k, v]) => `${k}=${encodeURIComponent(v)}`).join("&");
// the default year and power are left out of the URLs, so that the first load's requests are
// those index.html preloads (fetched while app.js still loads and runs)
const common = () => ({ year: S.year === S.defaultYear ? null : S.year, power: S.power === "composite" ? null : S.power });
const withQ = (path, o) => { const s = q(o); return s ? `${path}?${s}` : path; };

// ---------------------------------------------------------------- helpers
function el(tag, attrs = {}, ...kids) {
  const e = document.createElement(tag);
  for (const [k, v] of Object.entries(attrs)) {
    if (k === "text") e.textContent = v;
    else if (k.startsWith("on")) e.addEventListener(k.slice(2), v);
    else if (v !== undefined && v !== null) e.setAttribute(k, v);
  }
  for (const k of kids) if (k) e.append(k);
  return e;
}
const num = (v, f = f3) => (v === null || v === undefined || Number.isNaN(v) ? "n/a" : f(v));
function cell(v, f = f3, attrs = {}) {
  const td = el("td", { class: v === null || v === undefined ? "n na" : "n", ...attrs });
  td.textContent = num(v, f);
  return td;
}
function table(headers, rows, caption) {
  const t = el("table");
  if (caption) t.append(el("caption", { text: caption }));
  t.append(el("thead", {}, el("tr", {}, ...headers.map((h) => el("th", { scope: "col", text: h })))));
  const tb = el("tbody");
  for (const r of rows) tb.append(el("tr", {}, ...r.map((c) => (c instanceof Node ? c : el("td", { text: c ?? "" })))));
  t.append(tb);
  return t;
}
function vintage(extra = "") {
  const m = S.meta;
  return m ? `Data: UN DESA migrant stocks ${m.stock_year} (${m.stock_flag}); model year ${m.year}; power measure: ${S.power}${extra}. migdip ${m.version}.` : "";
}
// Every chart is a figure: the SVG (role img, its title and description), a caption naming the
// data vintage and the power measure, and a table as its text alternative.
function figure(svgNode, caption, alt, vint = vintage()) {
  const fig = el("figure");
  fig.append(svgNode);
  fig.append(el("figcaption", { text: `${caption} ${vint}` }));
  if (alt) fig.append(alt);
  return fig;
}
function svg(w, h, title, desc) {
  const id = `c${Math.random().toString(36).slice(2, 8)}`;
  const s = d3.create("svg").attr("viewBox", `0 0 ${w} ${h}`).attr("width", w).attr("height", h)
    .attr("role", "img").attr("aria-labelledby", `${id}t ${id}d`);
  s.append("title").attr("id", `${id}t`).text(title);
  s.append("desc").attr("id", `${id}d`).text(desc);
  return s;
}
function showTip(ev, html) {
  tip.hidden = false;
  tip.textContent = html;
  const x = ev.clientX ?? ev.target.getBoundingClientRect().x, y = ev.clientY ?? ev.target.getBoundingClientRect().y;
  tip.style.left = `${x + 12}px`;
  tip.style.top = `${y + 12}px`;
}
const hideTip = () => { tip.hidden = true; };
function activate(sel, fn) { // click and Enter/Space: every mark that opens something is keyboard-reachable
  sel.attr("tabindex", 0).attr("role", "link")
    .on("click", fn).on("keydown", (ev, d) => { if (ev.key === "Enter" || ev.key === " ") { ev.preventDefault(); fn(ev, d); } });
}
function status(text) { return el("p", { class: "status", text }); }
function errorBox(e) { return el("p", { class: "error", role: "alert", text: `Error: ${e.message}` }); }
function name(iso) { return S.byIso.get(iso)?.name ?? iso; }
function countrySelect(id, value, label, withBlocs = false) {
  const s = el("select", { id, "aria-label": label });
  const states = withBlocs ? el("optgroup", { label: "States" }) : s;
  for (const c of S.countries) states.append(el("option", { value: c.iso3, text: `${c.name} (${c.iso3})` }));
  if (withBlocs) {
    const blocs = el("optgroup", { label: "Blocs" });
    for (const b of S.blocs) blocs.append(el("option", { value: b.name, text: `${b.name}: ${b.title} (${b.members.length} members)` }));
    s.append(states, blocs);
  }
  s.value = value;
  return s;
}
const isBloc = (code) => S.blocByName.has(code);
function axisTitle(g, x, y, text, rotate) {
  g.append("text").attr("class", "axis-title").attr("text-anchor", "middle")
    .attr("transform", `translate(${x},${y})${rotate ? " rotate(-90)" : ""}`).text(text);
}
function hatch(s, id) {
  const p = s.append("defs").append("pattern").attr("id", id).attr("width", 6).attr("height", 6)
    .attr("patternUnits", "userSpaceOnUse").attr("patternTransform", "rotate(45)");
  p.append("rect").attr("width", 6).attr("height", 6).attr("fill", "#e8e8e8");
  p.append("line").attr("y2", 6).attr("stroke", "#999").attr("stroke-width", 2);
}

// ---------------------------------------------------------------- start
async function loadMeta() {
  const [meta, c, b] = await Promise.all([api(withQ("/api/meta", common())), api(withQ("/api/countries", common())),
    api(withQ("/api/blocs", common()))]);
  S.meta = meta;
  S.blocs = b.blocs;
  S.blocByName = new Map(b.blocs.map((x) => [x.name, x]));
  S.countries = c.countries;
  S.byIso = new Map(c.countries.map((x) => [x.iso3, x]));
  S.byM49 = new Map(c.countries.filter((x) => x.m49).map((x) => [x.m49, x]));
  document.getElementById("vintage").textContent = vintage();
}
// the skip link moves the focus to the content without touching the hash (the page's route)
document.querySelector("a.skip").addEventListener("click", (e) => { e.preventDefault(); main.focus(); });
async function start() {
  const year = document.getElementById("year"), power = document.getElementById("power");
  try { await loadMeta(); } catch (e) { main.replaceChildren(errorBox(e)); return; }
  S.year = S.defaultYear = S.meta.year;
  year.value = S.year;
  for (const p of S.meta.power_measures) power.append(el("option", { value: p, text: p }));
  power.value = S.power;
  const change = async () => {
    const y = Number(year.value);
    if (!Number.isInteger(y) || y < 1990 || y > 2100) { year.setCustomValidity("a year from 1990 to 2100"); year.reportValidity(); return; }
    year.setCustomValidity("");
    S.year = y; S.power = power.value;
    try { await loadMeta(); route(); } catch (e) { main.replaceChildren(errorBox(e)); }
  };
  year.addEventListener("change", change);
  power.addEventListener("change", change);
  document.getElementById("controls").addEventListener("submit", (e) => { e.preventDefault(); change(); });
  window.addEventListener("hashchange", route);
  route();
}

const PAGES = { map: pageMap, plane: pagePlane, dyad: pageDyad, country: pageCountry, sources: pageSources };
let renderId = 0;
async function route() {
  const h = location.hash.replace(/^#\/?/, "") || "map";
  const [path, query] = h.split("?");
  const [page, ...args] = path.split("/").map(decodeURIComponent);
  const fn = PAGES[page] ?? pageMap;
  for (const a of document.querySelectorAll("nav a")) a.toggleAttribute("aria-current", a.dataset.page === page) || a.removeAttribute("aria-current");
  for (const a of document.querySelectorAll("nav a")) if (a.dataset.page === page) a.setAttribute("aria-current", "page");
  const id = ++renderId;
  const root = el("div");
  main.replaceChildren(root);
  hideTip();
  try {
    await fn(root, args, new URLSearchParams(query ?? ""), () => id === renderId);
  } catch (e) {
    if (id === renderId) root.append(errorBox(e));
  }
  document.body.dataset.ready = page; // tests wait for this
}

// ---------------------------------------------------------------- world map
async function pageMap(root, args, qs, live) {
  const iso = qs.get("state") || S.state, metric = qs.get("metric") || "exposure";
  S.state = iso;
  // the shapes come projected (Equal Earth, 960 x 500) by the build (web/build.mjs): no
  // projection to compute on the first load
  const worldP = S.world ? Promise.resolve(S.world) : fetch("world-110m-paths.json").then((r) => r.json());
  const dataP = api(withQ("/api/partners", { ...common(), actor: iso }));
  const bloc = isBloc(iso);
  root.append(el("h2", { text: `Exposure and leverage of ${bloc ? `the bloc ${iso}` : name(iso)}, ${S.meta.year}` }));
  const pick = countrySelect("map-state", iso, "State or bloc", true);
  const met = el("select", { id: "map-metric", "aria-label": "Measure" },
    el("option", { value: "exposure", text: "its exposure to each partner" }),
    el("option", { value: "leverage", text: "its leverage: the partner's exposure minus its own" }));
  met.value = metric;
  const go = () => { location.hash = `#/map?${q({ state: pick.value, metric: met.value })}`; };
  pick.addEventListener("change", go); met.addEventListener("change", go);
  root.append(el("form", { class: "inline", onsubmit: (e) => e.preventDefault() },
    el("label", { text: "State or bloc " }, pick), el("label", { text: "Colour by " }, met)));
  const wait = status("Loading…");
  root.append(wait);
  const [world, data] = await Promise.all([worldP, dataP]);
  S.world = world;
  if (!live()) return;
  wait.remove();
  const self = data.actor, members = new Set(data.members);
  const byPartner = new Map();
  for (const r of data.partners) {
    const value = metric === "exposure" ? r.exposure : r.partner_exposure - r.exposure;
    byPartner.set(r.partner, { row: r, own: r.exposure, other: r.partner_exposure, value, inScope: r.in_scope, quadrant: r.quadrant, reason: r.reason });
  }
  const vals = [...byPartner.values()].filter((d) => d.inScope && Number.isFinite(d.value)).map((d) => d.value);
  const ext = d3.max(vals, Math.abs) || 1;
  const colour = metric === "exposure"
    ? d3.scaleSequential(d3.interpolateCividis).domain([0, Math.max(ext, 0.1)])
    : d3.scaleDiverging(d3.interpolatePuOr).domain([-ext, 0, ext]);
  const W = S.world.width, H = S.world.height;
  const who = bloc ? `${self} (${data.members.length} members, dark)` : self;
  const s = svg(W, H + 70, `World map: ${metric === "exposure" ? "exposure" : "leverage"} of ${who} toward every partner, ${S.meta.year}`,
    `${byPartner.size} partners above the volume threshold, ${vals.length} in scope; hatched: out of scope; light grey: no corridor above the threshold or no data. The table below lists every value.`);
  s.attr("data-testid", "map");
  hatch(s, "oos");
  const mine = (f) => members.has(S.byM49.get(f.id)?.iso3);
  const paths = s.append("g").selectAll("path").data(S.world.features).join("path")
    .attr("class", (f) => `country${mine(f) ? " self" : ""}`)
    .attr("d", (f) => f.d)
    .attr("data-iso3", (f) => S.byM49.get(f.id)?.iso3 ?? "")
    .attr("fill", (f) => {
      const c = S.byM49.get(f.id);
      if (mine(f)) return "#444";
      const d = c && byPartner.get(c.iso3);
      if (!d || !Number.isFinite(d.value)) return "#f2f2f2";
      return d.inScope ? colour(d.value) : "url(#oos)";
    })
    .attr("aria-label", (f) => {
      const c = S.byM49.get(f.id);
      const nm = c ? c.name : (f.name ?? f.id);
      const d = c && byPartner.get(c.iso3);
      if (mine(f)) return bloc ? `${nm}: a member of ${self}` : `${nm}: the chosen state`;
      if (!d) return `${nm}: no corridor above the volume threshold, or no data`;
      return `${nm}: ${metric} ${num(d.value)}${d.inScope ? `, quadrant of ${self} ${d.quadrant}` : `, out of scope (${d.reason})`}`;
    })
    .on("mousemove", (ev, f) => showTip(ev, ev.currentTarget.getAttribute("aria-label")))
    .on("mouseleave", hideTip);
  // keyboard: the partners only, one tab stop each
  activate(paths.filter((f) => { const c = S.byM49.get(f.id); return c && byPartner.has(c.iso3); }),
    (ev, f) => { location.hash = `#/dyad/${self}/${S.byM49.get(f.id).iso3}`; });
  // legend: the scale with its unit, and the two kinds of missing
  const lg = s.append("g").attr("class", "legend").attr("transform", `translate(20,${H + 15})`);
  const lw = 300, ls = d3.scaleLinear().domain(metric === "exposure" ? [0, Math.max(ext, 0.1)] : [-ext, ext]).range([0, lw]);
  const steps = d3.range(0, 1.0001, 1 / 60);
  lg.selectAll("rect.s").data(steps).join("rect").attr("x", (t) => t * lw).attr("width", lw / 60 + 0.5).attr("height", 12)
    .attr("fill", (t) => colour(ls.invert(t * lw)));
  lg.append("g").attr("transform", "translate(0,12)").call(d3.axisBottom(ls).ticks(5));
  lg.append("text").attr("class", "axis-title").attr("x", 0).attr("y", 44).text(metric === "exposure"
    ? `exposure of ${self} to the partner (index, 0 to 1)` : `leverage of ${self}: partner's exposure minus ${self}'s (index points)`);
  lg.append("rect").attr("x", 420).attr("width", 18).attr("height", 12).attr("fill", "url(#oos)").attr("stroke", "#999");
  lg.append("text").attr("x", 444).attr("y", 10).text("out of scope");
  lg.append("rect").attr("x", 560).attr("width", 18).attr("height", 12).attr("fill", "#f2f2f2").attr("stroke", "#999");
  lg.append("text").attr("x", 584).attr("y", 10).text("no corridor above the threshold / no data");
  lg.append("text").attr("x", 420).attr("y", 44).text(`power: ${data.power}; UN DESA stocks ${data.stock_year} (${data.stock_flag})`);
  const list = [...byPartner.entries()].sort((a, b) => (b[1].value || -9) - (a[1].value || -9));
  const alt = el("details", {}, el("summary", { text: "The map as a table" }),
    table(["partner", metric, `exposure of ${self}`, "partner's exposure", `quadrant of ${self}`, "persons (both ways)", "scope"],
      list.map(([p, d]) => [el("td", {}, el("a", { href: `#/dyad/${self}/${p}`, text: `${name(p)} (${p})` })),
        cell(d.value, f3, { "data-testid": `map-value-${p}` }), cell(d.own), cell(d.other), d.quadrant, cell(d.row.volume, fint), d.inScope ? "in scope" : d.reason])));
  const note = bloc ? el("p", { text: `${self}: ${data.title}. Members (${data.members.length}, dark on the map): ${data.members.map(name).join(", ")}. The bloc acts as one actor against each partner (docs/model.md §3.3); partners are the states with a corridor above the volume threshold to a member.` }) : null;
  if (note) root.append(note);
  root.append(figure(s.node(), `Click or press Enter on a country to open the dyad.`, alt));
}

// ---------------------------------------------------------------- typology plane
async function pagePlane(root, args, qs, live) {
  const iso = qs.get("state") || "";
  const top = Number(qs.get("top") || 150);
  root.append(el("h2", { text: `The typology plane, ${S.meta.year}` }));
  root.append(el("p", { text: "Each point is a dyad seen from one side: its exposure minus the partner's (across), its power minus the partner's (up). The quadrants are the article's Figure 1; the point's size is the probability that the verdict holds over 20 draws of the parameters (larger: more robust); hollow points are close calls." }));
  const pick = countrySelect("plane-state", iso, "Seen from");
  pick.prepend(el("option", { value: "", text: "each dyad's first side (all dyads)" }));
  pick.value = iso;
  pick.addEventListener("change", () => { location.hash = `#/plane?${q({ state: pick.value })}`; });
  root.append(el("form", { class: "inline", onsubmit: (e) => e.preventDefault() }, el("label", { text: "Seen from " }, pick)));
  const wait = status("Loading (the robustness draws take a second)…");
  root.append(wait);
  const rows = await api(`/api/screen?${q({ ...common(), state: iso, top: iso ? 0 : top, robust: 20 })}`);
  if (!live()) return;
  wait.remove();
  const pts = [];
  let unknown = 0;
  for (const r of rows) {
    if (!r.scope.in_scope) continue;
    const me = iso || r.a, other = me === r.a ? r.b : r.a;
    if (r.power_difference === null) { unknown++; continue; }
    const x = r.exposure[me] - r.exposure[other], y = (me === r.a ? 1 : -1) * r.power_difference;
    pts.push({ me, other, x, y, q: r.quadrant[me], p: r.p_verdict, close: r.close_call, row: r });
  }
  const W = 900, H = 560, M = { l: 70, r: 20, t: 20, b: 60 };
  const rx = Math.max(0.2, d3.max(pts, (d) => Math.abs(d.x)) || 0.2) * 1.1, ry = Math.max(0.5, d3.max(pts, (d) => Math.abs(d.y)) || 0.5) * 1.1;
  const x = d3.scaleLinear().domain([-rx, rx]).range([M.l, W - M.r]), y = d3.scaleLinear().domain([-ry, ry]).range([H - M.b, M.t]);
  const s = svg(W, H, `Typology plane, ${S.meta.year}: ${pts.length} dyads in scope`,
    `Scatter plot of ${pts.length} dyads in scope with known power (${unknown} more have unknown power and no place). Across: own exposure minus partner's; up: own power minus partner's (${S.power}). The table below lists every point.`);
  const quads = [["I", "Cooperation", 1, 1], ["II", "Coercion", -1, 1], ["III", "Constrained accommodation", 1, -1], ["IV", "Coercive assertion", -1, -1]];
  for (const [code, label, sx, sy] of quads) {
    s.append("rect").attr("x", sx > 0 ? x(0) : M.l).attr("y", sy > 0 ? M.t : y(0)).attr("width", x(0) - M.l).attr("height", y(0) - M.t)
      .attr("fill", QCOLOUR[code]).attr("fill-opacity", 0.1);
    s.append("text").attr("x", sx > 0 ? W - M.r - 8 : M.l + 8).attr("y", sy > 0 ? M.t + 16 : H - M.b - 8)
      .attr("text-anchor", sx > 0 ? "end" : "start").attr("font-weight", "bold").text(`${code} ${label}`);
  }
  s.append("rect").attr("x", M.l).attr("width", W - M.l - M.r).attr("y", y(0.1)).attr("height", y(-0.1) - y(0.1))
    .attr("fill", "#999").attr("fill-opacity", 0.15).append("title").text("parity band: |power difference| under 0.10 log points");
  s.append("g").attr("transform", `translate(0,${H - M.b})`).call(d3.axisBottom(x));
  s.append("g").attr("transform", `translate(${M.l},0)`).call(d3.axisLeft(y));
  axisTitle(s, (M.l + W - M.r) / 2, H - 20, "own exposure minus partner's (index points)");
  axisTitle(s, 22, (M.t + H - M.b) / 2, `own power minus partner's (log points, ${S.power})`, true);
  const r = d3.scaleSqrt().domain([0, 1]).range([2, 9]);
  const dots = s.append("g").selectAll("circle").data(pts).join("circle").attr("class", "point")
    .attr("cx", (d) => x(d.x)).attr("cy", (d) => y(d.y)).attr("r", (d) => r(d.p ?? 0.5))
    .attr("fill", (d) => (d.close ? "none" : QCOLOUR[d.q] ?? "#ccc")).attr("stroke", (d) => QCOLOUR[d.q] ?? "#333")
    .attr("stroke-width", 1.5).attr("fill-opacity", 0.75)
    .attr("data-dyad", (d) => `${d.me}-${d.other}`)
    .attr("aria-label", (d) => `${d.me} with ${d.other}: exposure gap ${f3(d.x)}, power difference ${f3(d.y)}, quadrant ${d.q}, verdict holds in ${d.p === null ? "n/a" : fpct(d.p)} of draws${d.close ? ", a close call" : ""}`)
    .on("mousemove", (ev) => showTip(ev, ev.currentTarget.getAttribute("aria-label"))).on("mouseleave", hideTip)
    .on("focus", (ev) => showTip(ev, ev.currentTarget.getAttribute("aria-label"))).on("blur", hideTip);
  activate(dots, (ev, d) => { location.hash = `#/dyad/${d.me}/${d.other}`; });
  const alt = el("details", {}, el("summary", { text: "The plane as a table" }),
    table(["dyad", "exposure gap", "power difference", "quadrant", "p(verdict)"],
      pts.map((d) => [el("td", {}, el("a", { href: `#/dyad/${d.me}/${d.other}`, text: `${d.me}–${d.other}` })), cell(d.x), cell(d.y), d.q, cell(d.p)])));
  root.append(figure(s.node(), "Hover or focus a point for its numbers; click or press Enter to open the dyad.", alt));
}

// ---------------------------------------------------------------- dyad
function decompositionChart(d, A, B) {
  const factors = Object.keys(d.decomposition[A]);
  const rows = [...factors, "exposure"];
  const val = (side, f) => (f === "exposure" ? d.exposure[side] : d.decomposition[side][f]);
  const all = rows.flatMap((f) => [val(A, f), val(B, f)]).filter((v) => v !== null);
  const W = 620, H = rows.length * 34 + 70, M = { l: 200, r: 60, t: 10 };
  const x = d3.scaleLinear().domain([Math.min(0, d3.min(all)), Math.max(0.1, d3.max(all)) * 1.1]).range([M.l, W - M.r]);
  const s = svg(W, H, `Decomposition of the exposure of ${A} and ${B}`,
    `Bars: each factor's contribution to the exposure of ${A} (blue) and ${B} (orange, outlined); the last row is the exposure. The table below lists every value.`);
  rows.forEach((f, i) => {
    const y0 = M.t + i * 34;
    s.append("text").attr("x", M.l - 6).attr("y", y0 + 17).attr("text-anchor", "end").text(f);
    [A, B].forEach((side, k) => {
      const v = val(side, f);
      if (v === null) { s.append("text").attr("x", x(0) + 4).attr("y", y0 + 12 + k * 13).attr("class", "na").text("n/a (missing)"); return; }
      s.append("rect").attr("x", x(Math.min(0, v))).attr("y", y0 + 3 + k * 13).attr("height", 11)
        .attr("width", Math.max(0.5, Math.abs(x(v) - x(0)))).attr("fill", k ? OI.orange : OI.blue).attr("stroke", k ? "#000" : "none")
        .attr("stroke-width", 0.5).append("title").text(`${side}, ${f}: ${f3(v)}`);
      s.append("text").attr("x", x(Math.max(0, v)) + 4).attr("y", y0 + 12 + k * 13).attr("font-size", 10).text(f3(v));
    });
  });
  const yb = M.t + rows.length * 34;
  s.append("g").attr("transform", `translate(0,${yb})`).call(d3.axisBottom(x).ticks(6));
  axisTitle(s, (M.l + W - M.r) / 2, yb + 36, "contribution to exposure (index, 0 to 1)");
  s.append("rect").attr("x", M.l).attr("y", yb + 46).attr("width", 12).attr("height", 10).attr("fill", OI.blue);
  s.append("text").attr("x", M.l + 16).attr("y", yb + 55).text(A);
  s.append("rect").attr("x", M.l + 90).attr("y", yb + 46).attr("width", 12).attr("height", 10).attr("fill", OI.orange).attr("stroke", "#000");
  s.append("text").attr("x", M.l + 106).attr("y", yb + 55).text(B);
  const alt = el("details", {}, el("summary", { text: "The decomposition as a table" }),
    table(["factor", A, B], rows.map((f) => [f, cell(val(A, f)), cell(val(B, f))])));
  return figure(s.node(), "Each factor's contribution (docs/model.md section 2).", alt);
}

function lineChart({ title, desc, xs, series, xlabel, ylabel, events = [], gaps = [], hline, testid }) {
  const W = 900, H = 340, M = { l: 70, r: 20, t: 14, b: 64 };
  const x = d3.scaleLinear().domain(d3.extent(xs)).range([M.l, W - M.r]);
  const ymax = Math.max(hline?.value ?? 0, d3.max(series.flatMap((s) => s.values.filter((v) => v !== null))) ?? 1) * 1.08 || 1;
  const y = d3.scaleLinear().domain([0, ymax]).nice().range([H - M.b, M.t]);
  const s = svg(W, H, title, desc);
  if (testid) s.attr("data-testid", testid);
  hatch(s, `gap${testid}`);
  for (const g of gaps) s.append("rect").attr("x", x(g - 0.5)).attr("width", x(g + 0.5) - x(g - 0.5)).attr("y", M.t)
    .attr("height", H - M.b - M.t).attr("fill", `url(#gap${testid})`).append("title").text(`${g}: no data`);
  s.append("g").attr("transform", `translate(0,${H - M.b})`).call(d3.axisBottom(x).tickFormat(d3.format("d")));
  s.append("g").attr("transform", `translate(${M.l},0)`).call(d3.axisLeft(y));
  axisTitle(s, (M.l + W - M.r) / 2, H - 30, xlabel);
  axisTitle(s, 20, (M.t + H - M.b) / 2, ylabel, true);
  if (hline) {
    s.append("line").attr("x1", M.l).attr("x2", W - M.r).attr("y1", y(hline.value)).attr("y2", y(hline.value)).attr("stroke", "#000").attr("stroke-dasharray", "2 4");
    s.append("text").attr("x", W - M.r - 4).attr("y", y(hline.value) - 4).attr("text-anchor", "end").text(hline.label);
  }
  series.forEach((se, k) => {
    const line = d3.line().defined((d) => d[1] !== null).x((d) => x(d[0])).y((d) => y(d[1]));
    const data = xs.map((xv, i) => [xv, se.values[i]]);
    s.append("path").attr("fill", "none").attr("stroke", se.colour).attr("stroke-width", 2.5)
      .attr("stroke-dasharray", k ? "6 4" : null).attr("d", line(data));
    const pts = s.append("g").selectAll(k ? "rect" : "circle").data(data.filter((d) => d[1] !== null)).join(k ? "rect" : "circle");
    if (k) pts.attr("x", (d) => x(d[0]) - 3.5).attr("y", (d) => y(d[1]) - 3.5).attr("width", 7).attr("height", 7);
    else pts.attr("cx", (d) => x(d[0])).attr("cy", (d) => y(d[1])).attr("r", 3.5);
    pts.attr("fill", se.colour).attr("tabindex", 0).attr("aria-label", (d) => `${se.label}, ${d[0]}: ${f3(d[1])}`)
      .on("mousemove focus", (ev) => showTip(ev, ev.currentTarget.getAttribute("aria-label"))).on("mouseleave blur", hideTip);
    const lx = M.l + k * 300;
    s.append("line").attr("x1", lx).attr("x2", lx + 24).attr("y1", H - 8).attr("y2", H - 8).attr("stroke", se.colour).attr("stroke-width", 3).attr("stroke-dasharray", k ? "6 4" : null);
    s.append("text").attr("x", lx + 30).attr("y", H - 4).text(se.label);
  });
  for (const e of events) {
    s.append("path").attr("d", `M${x(e.year)},${H - M.b + 22}l5,9h-10z`).attr("fill", OI.purple).attr("tabindex", 0)
      .attr("aria-label", `${e.year}: ${e.event} (${e.kind})`)
      .on("mousemove focus", (ev) => showTip(ev, ev.currentTarget.getAttribute("aria-label"))).on("mouseleave blur", hideTip);
  }
  return s.node();
}

async function pageDyad(root, args, qs, live) {
  let [A, B] = args;
  const pa = countrySelect("dyad-a", A || S.state, "First side", true), pb = countrySelect("dyad-b", B || "SAU", "Second side", true);
  root.append(el("form", { class: "inline", onsubmit: (e) => { e.preventDefault(); location.hash = `#/dyad/${pa.value}/${pb.value}`; } },
    el("label", { text: "Dyad " }, pa), el("label", { text: " and " }, pb), el("button", { type: "submit", text: "Open" })));
  if (!A || !B) return;
  const d = await api(`/api/dyad?${q({ ...common(), a: A, b: B })}`);
  if (!live()) return;
  A = d.a; B = d.b;
  root.append(el("h2", { text: `${name(A)} (${A}) and ${name(B)} (${B}), ${d.year}` }));
  const ind = d.indicators;
  root.append(table(["side", "exposure (0-1)", "as sender", "as host", "quadrant", `power (${S.power}, log)`, "power source", "GDP per head (PPP, US$)"],
    [A, B].map((s) => [el("th", { scope: "row", text: s }), cell(d.exposure[s], f3, { "data-testid": `exposure-${s}` }),
      cell(ind[s].exposure_as_sender), cell(ind[s].exposure_as_host),
      el("td", { "data-testid": `quadrant-${s}`, text: `${d.quadrant[s]} ${S.meta.quadrants.find((x) => x.code === d.quadrant[s])?.label ?? ""}` }),
      cell(ind[s].power), ind[s].power_source ?? "n/a", cell(ind[s].gdp_per_head_ppp, fint)]),
    `Stronger: ${d.stronger ?? "parity or unknown"}; power difference ${num(d.power_difference)} log points${d.power_contested ? " (contested)" : ""}; margin ${num(d.margin)} to the ${d.margin_boundary} boundary${d.close_call ? "; a close call" : ""}; ${d.scope.in_scope ? "in scope" : `out of scope (${d.scope.reason})`}.`));
  root.append(el("h3", { text: "Why" }), el("div", { class: "explanation", "data-testid": "explanation", text: d.explanation }));
  root.append(el("h3", { text: "Exposure and its decomposition" }), decompositionChart(d, A, B));
  const pageOf = (x) => (isBloc(x) ? el("a", { href: `#/map?state=${x}`, text: `Map of the bloc ${x}` }) : el("a", { href: `#/country/${x}`, text: `Country page of ${x}` }));
  const links = el("p", {}, pageOf(A), " · ", pageOf(B));
  root.append(links);

  // trajectory, robustness and the scenario runner load side by side
  const trajBox = el("section", { "aria-labelledby": "h-traj" }, el("h3", { id: "h-traj", text: "Year by year" }), status("Loading the trajectory (a model a year)…"));
  const robBox = el("section", { "aria-labelledby": "h-rob" }, el("h3", { id: "h-rob", text: "Robustness" }), status("Loading 200 draws…"));
  const simBox = el("section", { "aria-labelledby": "h-sim" }, el("h3", { id: "h-sim", text: "Scenario" }));
  root.append(trajBox, robBox, simBox);
  scenarioRunner(simBox, A, B, live);
  const from = Math.max(1990, d.year - 10);
  api(`/api/trajectory?${q({ a: A, b: B, from, to: d.year, power: S.power })}`).then((t) => {
    if (!live()) return;
    const xs = t.years.map((r) => r.year);
    const trajVintage = `Data: UN DESA migrant stocks, each year's interpolated or carried between the UN years (the table says which); model years ${from}-${d.year}; power measure: ${S.power}. migdip ${S.meta.version}.`;
    trajBox.lastChild.replaceWith(el("div", {}, figure(
      lineChart({ title: `${A} and ${B}, ${from}-${d.year}: exposure year by year`, desc: `Exposure of ${A} (solid) and ${B} (dashed) each year; hatched years have no data; triangles are documented episodes.`,
        xs, series: [{ label: A, colour: OI.blue, values: t.years.map((r) => (r.evaluated ? r.exposure_a : null)) },
          { label: B, colour: OI.orange, values: t.years.map((r) => (r.evaluated ? r.exposure_b : null)) }],
        xlabel: "year (calendar)", ylabel: "exposure (index, 0 to 1)", events: t.events, gaps: t.years.filter((r) => !r.evaluated).map((r) => r.year), testid: "trajectory" }),
      "Hover or focus a point or an episode for its numbers.",
      el("details", {}, el("summary", { text: "Year by year as a table, with the episodes" }),
        table(["year", A, B, `quadrants`, "change", "stocks"], t.years.map((r) => [String(r.year), cell(r.evaluated ? r.exposure_a : null), cell(r.evaluated ? r.exposure_b : null),
          r.evaluated ? `${r.quadrant_a}/${r.quadrant_b}` : (r.note ?? "no data"), r.changed ? "changed" : "", r.stocks ?? ""])),
        table(["year", "episode", "outcome", "source"], t.events.map((e) => [String(e.year), e.event, e.outcome, e.source]))), trajVintage)));
  }).catch((e) => { if (live()) trajBox.lastChild.replaceWith(errorBox(e)); });
  api(`/api/robust?${q({ ...common(), a: A, b: B, draws: 200 })}`).then((r) => {
    if (!live()) return;
    const qs2 = ["I", "II", "III", "IV", "mutual", "out-of-scope", "none"];
    const W = 700, H = 300, M = { l: 60, b: 60, t: 10 };
    const x = d3.scaleBand().domain(qs2).range([M.l, W - 10]).padding(0.2), y = d3.scaleLinear().domain([0, 1]).range([H - M.b, M.t]);
    const s = svg(W, H, `Probability of each logic over ${r.draws} draws`, `Grouped bars for ${A} (blue) and ${B} (orange): the share of draws in which each takes each logic. The verdict holds in ${fpct(r.p_verdict)}.`);
    s.attr("data-testid", "robust");
    s.append("g").attr("transform", `translate(0,${H - M.b})`).call(d3.axisBottom(x));
    s.append("g").attr("transform", `translate(${M.l},0)`).call(d3.axisLeft(y));
    axisTitle(s, W / 2, H - 24, "logic (quadrant)");
    axisTitle(s, 18, (H - M.b + M.t) / 2, "probability (share of draws)", true);
    [A, B].forEach((side, k) => {
      s.append("g").selectAll("rect").data(qs2).join("rect").attr("x", (c) => x(c) + k * x.bandwidth() / 2).attr("width", x.bandwidth() / 2 - 1)
        .attr("y", (c) => y(r.probability[side][c])).attr("height", (c) => y(0) - y(r.probability[side][c]))
        .attr("fill", k ? OI.orange : OI.blue).attr("stroke", k ? "#000" : null).attr("stroke-width", 0.5)
        .append("title").text((c) => `${side}, ${c}: ${f3(r.probability[side][c])}`);
    });
    robBox.lastChild.replaceWith(el("div", {}, figure(s.node(), `The verdict ${r.verdict_a}/${r.verdict_b} holds in ${fpct(r.p_verdict)} of ${r.draws} draws (seed ${r.seed}); most sensitive to ${r.most_sensitive.map((m) => m.parameter).join(", ") || "nothing"}.`,
      el("details", {}, el("summary", { text: "As a table" }), table(["logic", A, B], qs2.map((c) => [c, cell(r.probability[A][c]), cell(r.probability[B][c])]))))));
  }).catch((e) => { if (live()) robBox.lastChild.replaceWith(errorBox(e)); });
}

function scenarioRunner(box, A, B, live) {
  const kind = el("select", { id: "sim-kind" }, ...["ban", "deport", "freeze", "quota"].map((k) => el("option", { value: k, text: k })),
    el("option", { value: "coalition", text: "coalition ban" }));
  const members = el("input", { id: "sim-members", type: "text", size: 16, placeholder: "e.g. BGD,PAK", "aria-describedby": "sim-members-help" });
  const share = el("input", { id: "sim-share", type: "number", min: 0, max: 1, step: 0.05, value: 1 });
  const per = el("input", { id: "sim-per", type: "number", min: 0, step: 100, value: 1000 });
  const start = el("input", { id: "sim-start", type: "number", min: 0, max: 239, step: 1, value: 0 });
  const months = el("input", { id: "sim-months", type: "number", min: 1, max: 240, step: 1, value: 12 });
  const horizon = el("input", { id: "sim-horizon", type: "number", min: 1, max: 240, step: 1, value: 24 });
  const out = el("div", { "aria-live": "polite" });
  const form = el("form", { class: "inline", id: "sim-form" },
    el("p", { text: `${A} imposes the shock: with a ban ${A} is the sender; with deport, freeze or quota ${A} is the host. A coalition ban: ${A} and the states named below stop deployments to ${B} together.` }),
    el("label", { text: "Shock " }, kind), el("label", { text: "Joined by (coalition) " }, members),
    el("span", { id: "sim-members-help", class: "small", text: "ISO3 codes separated by commas, up to 7 states" }), el("label", { text: "Share (0-1) " }, share), el("label", { text: "Quota a month " }, per),
    el("label", { text: "From month " }, start), el("label", { text: "For months " }, months), el("label", { text: "Horizon (months) " }, horizon),
    el("button", { type: "submit", id: "sim-run", text: "Run" }));
  box.append(form, out);
  form.addEventListener("submit", async (ev) => {
    ev.preventDefault();
    const coal = kind.value === "coalition";
    const k = coal ? "ban" : kind.value;
    const spec = `${k}:${k === "ban" || k === "deport" ? `share=${share.value},` : ""}${k === "quota" ? `per_month=${per.value},` : ""}start=${start.value},months=${months.value}`;
    const joined = members.value.split(/[\s,+]+/).map((x) => x.trim().toUpperCase()).filter(Boolean);
    if (coal && !joined.length) { out.replaceChildren(errorBox(new Error("a coalition ban needs the states that join it"))); return; }
    const a = coal ? [A, ...joined].join("+") : A;
    const body = { a, b: B, year: S.year, power: S.power, months: Number(horizon.value), shocks: [spec] };
    out.replaceChildren(status("Simulating…"));
    try {
      const [sim, cred] = await Promise.all([api("/api/simulate", body), api("/api/credibility", body)]);
      if (!live()) return;
      const xs = sim.months.map((m) => m.month);
      const tot = sim.totals;
      const chart = lineChart({ title: `${coal ? `coalition ${a}, ` : ""}${spec}: cumulated costs month by month`, desc: `Cumulated cost to the sender ${sim.sender} (remittances lost, solid) and to the host ${sim.host} (output lost, dashed), % of own annual GDP, over ${sim.months.length} months; dotted: the tolerance.`,
          xs, series: [{ label: `${sim.sender} (sender): remittances lost`, colour: OI.blue, values: sim.months.map((m) => m.cum_remit_lost_pct_gdp) },
            { label: `${sim.host} (host): output lost`, colour: OI.orange, values: sim.months.map((m) => m.cum_output_lost_pct_gdp) }],
          xlabel: "month of the disruption (1: the first)", ylabel: "cumulated cost (% of own annual GDP)", hline: { value: sim.params.tolerance_pct, label: `tolerance ${f2(sim.params.tolerance_pct)}% of GDP` }, testid: "simulation" });
      const monthly = el("details", {}, el("summary", { text: "Month by month as a table" }),
        table(["month", "sender: remittances lost, cumulated (% GDP)", "host: output lost, cumulated (% GDP)"],
          sim.months.map((m) => [String(m.month), cell(m.cum_remit_lost_pct_gdp, d3.format(".4f")), cell(m.cum_output_lost_pct_gdp, d3.format(".4f"))])));
      out.replaceChildren(
        figure(chart, "Hover or focus a month for its numbers.", monthly, vintage(sim.inputs.data_gap ? `; data gaps: ${sim.inputs.data_gap}` : "")),
        table(["side", "cost at the horizon", "% of own GDP", "holds out (months)"], [
          [`${sim.sender} (sender)`, cell(tot.remittances_lost_usd, fint, { "data-testid": "sim-remit-usd" }), cell(tot.remittances_lost_pct_gdp, d3.format(".4f"), { "data-testid": "sim-remit-pct" }), cell(cred.holdout_months[sim.sender] ?? null, fint)],
          [`${sim.host} (host)`, cell(tot.output_lost_usd, fint, { "data-testid": "sim-output-usd" }), cell(tot.output_lost_pct_gdp, d3.format(".4f"), { "data-testid": "sim-output-pct" }), cell(cred.holdout_months[sim.host] ?? null, fint)]],
        "Costs in US$ and % of own annual GDP (a coalition's or a bloc's: of its members' summed GDP), cumulated over the horizon."),
        el("h4", { text: "Credibility" }),
        el("p", { "data-testid": "credible", text: `Credible: ${cred.credible ? "yes" : "no"}. ${cred.explanation}` }),
        el("ul", {}, ...cred.levers.map((l) => el("li", { text: `${l.lever}: ${l.note}` }))));
    } catch (e) { out.replaceChildren(errorBox(e)); }
  });
}

// ---------------------------------------------------------------- country
function partnerBars(list, title, colour, unit) {
  const top = list.slice(0, 10), W = 440, H = top.length * 24 + 50, M = { l: 50, r: 90, t: 4 };
  const x = d3.scaleLinear().domain([0, d3.max(top, (d) => d.stock) || 1]).range([M.l, W - M.r]);
  const s = svg(W, H, title, `Bars of persons for the top ${top.length} partners; the table below has them all.`);
  top.forEach((d, i) => {
    s.append("text").attr("x", M.l - 4).attr("y", M.t + i * 24 + 14).attr("text-anchor", "end").text(d.iso3);
    s.append("rect").attr("x", M.l).attr("y", M.t + i * 24 + 3).attr("height", 14).attr("width", Math.max(0.5, x(d.stock) - M.l)).attr("fill", colour)
      .append("title").text(`${d.name}: ${fint(d.stock)} persons (${fpct(d.share)})`);
    s.append("text").attr("x", x(d.stock) + 4).attr("y", M.t + i * 24 + 14).attr("font-size", 10).text(`${fint(d.stock)} (${fpct(d.share)})`);
  });
  if (!top.length) s.append("text").attr("x", M.l).attr("y", 20).attr("class", "na").text("no data");
  s.append("g").attr("transform", `translate(0,${M.t + top.length * 24 + 4})`).call(d3.axisBottom(x).ticks(4, "~s"));
  axisTitle(s, (M.l + W - M.r) / 2, H - 8, unit);
  return s.node();
}

async function pageCountry(root, args, qs, live) {
  const iso = args[0] || S.state;
  const pick = countrySelect("country-pick", iso, "Country");
  pick.addEventListener("change", () => { location.hash = `#/country/${pick.value}`; });
  root.append(el("form", { class: "inline", onsubmit: (e) => e.preventDefault() }, el("label", { text: "Country " }, pick)));
  const c = await api(`/api/country?${q({ code: iso, year: S.year })}`);
  if (!live()) return;
  S.state = c.iso3;
  root.append(el("h2", { text: `${c.name} (${c.iso3}), ${c.year}` }));
  const v = c.values;
  const vrow = (label, key, f, unit) => [label, cell(v[key].value, f, { "data-testid": `value-${key}` }), unit, v[key].value === null ? "no data" : `${v[key].year}, ${v[key].flag}`];
  root.append(el("h3", { text: "Remittance dependency and economy" }),
    table(["indicator", "value", "unit", "year, how"], [vrow("remittances received", "remittances_pct_gdp", f2, "% of GDP"),
      vrow("remittances received", "remittances_usd", fint, "US$"), vrow("GDP", "gdp_usd", fint, "US$"),
      vrow("GDP per head (PPP)", "gdp_pc_ppp", fint, "US$"), vrow("population", "population", fint, "persons"),
      vrow("labour force", "labour_force", fint, "persons"), vrow("CINC", "cinc", d3.format(".5f"), "share of world capabilities")]));
  root.append(el("h3", { text: "Portfolio" }),
    el("p", { text: `${fint(c.emigrants_total ?? 0)} emigrants in ${c.destinations.length} destinations (effective number ${num(c.effective_destinations, f2)}); ${fint(c.immigrants_total ?? 0)} immigrants from ${c.origins.length} origins (effective number ${num(c.effective_origins, f2)}). UN DESA stocks of ${c.stock_year}.` }),
    el("div", { class: "row" },
      el("div", { class: "card" }, figure(partnerBars(c.destinations, `Emigrants of ${c.iso3} by destination`, OI.blue, "persons (migrant stock)"), "Where its emigrants live.",
        el("details", {}, el("summary", { text: "All destinations" }), table(["partner", "persons", "share"], c.destinations.map((d) => [`${d.name} (${d.iso3})`, cell(d.stock, fint), cell(d.share, fpct)]))))),
      el("div", { class: "card" }, figure(partnerBars(c.origins, `Immigrants in ${c.iso3} by origin`, OI.green, "persons (migrant stock)"), "Where its immigrants come from.",
        el("details", {}, el("summary", { text: "All origins" }), table(["partner", "persons", "share"], c.origins.map((d) => [`${d.name} (${d.iso3})`, cell(d.stock, fint), cell(d.share, fpct)])))))));
  root.append(el("h3", { text: "Positions in its main corridors" }),
    table(["partner", "persons (both ways)", `exposure of ${c.iso3}`, "partner's exposure", "stronger", `quadrant of ${c.iso3}`, "partner's quadrant", "margin"],
      c.corridors.map((k) => [el("td", {}, el("a", { href: `#/dyad/${c.iso3}/${k.partner}`, text: `${name(k.partner)} (${k.partner})` })), cell(k.volume, fint),
        cell(k.exposure), cell(k.partner_exposure), k.stronger ?? "parity/unknown", k.quadrant, k.partner_quadrant, cell(k.margin)])));
  root.append(el("h3", { text: "Labour agreements" }), c.agreements.length
    ? table(["partner", "year", "source"], c.agreements.map((a) => [`${a.partner_name} (${a.partner})`, a.year === null ? "year unknown" : String(a.year), a.source]))
    : el("p", { text: "None recorded." }));
  const planBox = el("section", {}, el("h3", { text: "Diversification plan" }), status("Planning…"));
  root.append(planBox);
  try {
    const p = await api(`/api/plan?${q({ ...common(), state: c.iso3, top: 10 })}`);
    if (!live()) return;
    const w = p.whole_plan, qc = p.quadrant_change;
    planBox.lastChild.replaceWith(el("div", {},
      el("p", { text: `Against ${name(p.against)} (${p.against}), as the ${p.role}: moving ${fint(w.moved)} persons (${num(w.share_of_corridor, fpct)} of the corridor of ${fint(p.corridor)}) to ${w.destinations} destinations takes the exposure of ${p.state} from ${f3(w.exposure_before)} to ${f3(w.exposure_after)}. ${qc.found ? `The smallest move that changes a quadrant: ${fint(qc.persons)} persons (${fpct(qc.share_of_corridor)}).` : "No move within the limits changes a quadrant."}` }),
      table(["destination", "fit", "capacity (persons)", "moved (persons)", "exposure cut", "exposure after"],
        p.destinations.map((d) => [`${d.name} (${d.iso3})`, cell(d.fit), cell(d.capacity, fint), cell(d.moved, fint), cell(d.reduction), cell(d.exposure_after)]))));
  } catch (e) { if (live()) planBox.lastChild.replaceWith(errorBox(e)); }
}

// ---------------------------------------------------------------- sources
async function pageSources(root, args, qs, live) {
  const [s, cites] = await Promise.all([api("/api/sources"), api("/api/citations")]);
  if (!live()) return;
  root.append(el("h2", { text: "Sources: every data vintage in the store" }),
    table(["data set", "edition", "source", "file", "rows", "sha256", "imported"],
      s.vintages.map((v) => [v.dataset, v.edition, v.source, v.file, cell(v.rows, fint), el("td", {}, el("code", { text: (v.sha256 ?? "").slice(0, 12) })), v.imported_at])),
    el("h3", { text: "Coverage" }),
    table(["series", "data set", "countries", "years", "from", "to", "values", "missing"],
      s.coverage.map((c) => [c.series, c.dataset, cell(c.countries, fint), cell(c.years, fint), c.year_min === null ? "n/a" : String(c.year_min), c.year_max === null ? "n/a" : String(c.year_max), cell(c.values, fint), cell(c.missing, fint)])),
    el("h3", { text: "Citations" }),
    el("ol", {}, ...cites.map((c) => el("li", {}, el("span", { text: c.citation }), el("details", {}, el("summary", { text: "BibTeX" }), el("pre", { text: c.bibtex }))))));
}

start();
