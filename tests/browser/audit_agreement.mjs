// How often `code24 audit` agrees with Lighthouse, audit by audit, on a corpus of real
// static pages: the MIT-licensed Start Bootstrap templates and HTML5 Boilerplate pinned in
// .ci/package.json, each served from its `dist/` folder on 127.0.0.1.
//
// usage: node audit_agreement.mjs CODE24_BINARY OUT_DIR
// Writes OUT_DIR/agreement.json and prints a table; exits 1 below MIN_AGREEMENT overall.

import { createRequire } from "node:module";
import { execFile } from "node:child_process";
import { promisify } from "node:util";
import fs from "node:fs";
import path from "node:path";
import { corpusPages, serveDir } from "./corpus.mjs";

const modules = path.resolve(process.env.CODE24_NODE_MODULES || ".ci/node_modules");
const require = createRequire(modules + "/");
const lighthouse = (await import(require.resolve("lighthouse"))).default;
const chromeLauncher = await import(require.resolve("chrome-launcher"));

const MIN_AGREEMENT = Number(process.env.CODE24_MIN_AGREEMENT || "0.9");
const [code24, outDir] = process.argv.slice(2);
if (!code24 || !outDir) {
  console.error("usage: node audit_agreement.mjs CODE24_BINARY OUT_DIR");
  process.exit(2);
}
fs.mkdirSync(outDir, { recursive: true });

const pages = corpusPages(modules);

const chromeFlags = ["--headless", "--no-sandbox", "--disable-gpu", "--disable-background-networking", "--disable-component-update", "--disable-sync", "--no-first-run", "--disable-quic", "--host-resolver-rules=MAP * ~NOTFOUND, EXCLUDE 127.0.0.1"];
const chrome = await chromeLauncher.launch({ chromePath: process.env.CHROME_PATH || "/usr/lib/chromium/chromium", chromeFlags });
const perAudit = {};
const disagreements = [];
try {
  for (const page of pages) {
    const server = await serveDir(page.root);
    const url = `http://127.0.0.1:${server.address().port}/${page.file}`;
    // Asynchronously: the page's server runs in this process.
    const ours = JSON.parse((await promisify(execFile)(code24, ["audit", url, "--json", "--allow-loopback"])).stdout);
    const run = await lighthouse(url, { port: chrome.port, output: "json", logLevel: "error", onlyCategories: ["performance", "accessibility", "best-practices", "seo"] });
    server.close();
    let compared = 0;
    for (const audit of ours.audits) {
      const lh = run.lhr.audits[audit.id];
      if (!lh || ["manual", "informative", "error"].includes(lh.scoreDisplayMode)) continue;
      const lhPass = lh.scoreDisplayMode === "notApplicable" || (lh.score ?? 0) >= 0.9;
      const entry = (perAudit[audit.id] ??= { agree: 0, total: 0 });
      entry.total++;
      compared++;
      if (lhPass === audit.pass) entry.agree++;
      else disagreements.push({ page: page.name, id: audit.id, code24: audit.pass, lighthouse: lhPass, details: audit.details, lighthouseTitle: lh.title });
    }
    console.log(`${page.name}: ${compared} audits compared`);
  }
} finally {
  await chrome.kill();
}
const agree = Object.values(perAudit).reduce((n, e) => n + e.agree, 0);
const total = Object.values(perAudit).reduce((n, e) => n + e.total, 0);
const overall = total ? agree / total : 0;
console.log("\naudit                        agreement");
for (const [id, e] of Object.entries(perAudit).sort()) console.log(`${id.padEnd(28)} ${e.agree}/${e.total}`);
console.log(`overall: ${agree}/${total} = ${(overall * 100).toFixed(1)}% on ${pages.length} pages`);
fs.writeFileSync(path.join(outDir, "agreement.json"), JSON.stringify({ pages: pages.map((p) => ({ page: p.name, license: p.license })), perAudit, overall, disagreements }, null, 2));
console.log(`report: ${path.resolve(outDir, "agreement.json")}`);
if (pages.length < 15) {
  console.log(`the corpus has ${pages.length} pages; at least 15 are needed`);
  process.exit(1);
}
if (overall < MIN_AGREEMENT) {
  console.log(`agreement ${(overall * 100).toFixed(1)}% is under ${MIN_AGREEMENT * 100}%`);
  process.exit(1);
}
