// bench/first_load.mjs - the dashboard's first load in headless Chromium (bench/serve.sh):
// RUNS fresh browser contexts (no cache), each timed from navigation to the world map drawn
// (document.body.dataset.ready === "map" and the country shapes in place).
// usage: node bench/first_load.mjs BASE_URL RUNS
import { createRequire } from "node:module";
import path from "node:path";
import { fileURLToPath } from "node:url";

const [base, runsArg] = process.argv.slice(2);
const require = createRequire(path.join(path.dirname(fileURLToPath(import.meta.url)), "..", "web", "package.json"));
const { chromium } = require("playwright-core");
const browser = await chromium.launch({ executablePath: process.env.CHROMIUM || "/usr/bin/chromium",
  args: ["--no-sandbox", "--disable-gpu", "--disable-dev-shm-usage"] });
const times = [];
for (let i = 0; i < Number(runsArg || 5); i++) {
  const ctx = await browser.newContext();
  const page = await ctx.newPage();
  const t0 = Date.now();
  await page.goto(base + "/");
  await page.waitForFunction(() => document.body.dataset.ready === "map" && document.querySelectorAll("path.country").length > 100,
    null, { timeout: 60000 });
  times.push(Date.now() - t0);
  await ctx.close();
}
await browser.close();
const s = [...times].sort((a, b) => a - b);
console.log(`   runs (ms): ${times.join(", ")}; median ${s[Math.floor(s.length / 2)]} ms, max ${s[s.length - 1]} ms`);
