// web/build.mjs - the dashboard's build: esbuild bundles src/main.js (d3) into dist/app.js;
// index.html and style.css are copied beside it, and the world map (world-atlas, 1:110m, read
// with topojson-client) is projected here once, Equal Earth fitted to 960 x 500 pixels, into
// dist/world-110m-paths.json (one SVG path a country, keyed by its M49 number): projecting
// it took the first load 60-290 ms in the browser. `migdip serve` serves dist/; nothing is
// fetched from elsewhere at run time.
import { build } from "esbuild";
import { geoEqualEarth, geoPath } from "d3";
import { feature } from "topojson-client";
import { cpSync, mkdirSync, readFileSync, rmSync, writeFileSync } from "node:fs";

rmSync("dist", { recursive: true, force: true });
mkdirSync("dist");
await build({
  entryPoints: ["src/main.js"],
  bundle: true,
  minify: true,
  sourcemap: false,
  format: "esm",
  target: ["es2020"],
  outfile: "dist/app.js",
  logLevel: "warning",
});
cpSync("src/index.html", "dist/index.html");
cpSync("src/style.css", "dist/style.css");
const world = JSON.parse(readFileSync("node_modules/world-atlas/countries-110m.json", "utf8"));
const countries = feature(world, world.objects.countries);
const [width, height] = [960, 500];
const path = geoPath(geoEqualEarth().fitSize([width, height], countries)).digits(1);
writeFileSync("dist/world-110m-paths.json", JSON.stringify({
  source: "world-atlas countries-110m (Natural Earth 1:110m), Equal Earth projection",
  width, height,
  features: countries.features.map((f) => ({ id: f.id ?? null, name: f.properties?.name ?? null, d: path(f) })),
}));
console.log("web/dist: app.js, index.html, style.css, world-110m-paths.json");
