// web/build.mjs - the dashboard's build: esbuild bundles src/main.js (d3, topojson-client) into
// dist/app.js; index.html, style.css and the world map (world-atlas, 1:110m) are copied beside
// it. `migdip serve` serves dist/; nothing is fetched from elsewhere at run time.
import { build } from "esbuild";
import { cpSync, mkdirSync, rmSync } from "node:fs";

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
cpSync("node_modules/world-atlas/countries-110m.json", "dist/countries-110m.json");
console.log("web/dist: app.js, index.html, style.css, countries-110m.json");
