// The corpus checks, on real pages, against Lighthouse itself: every page of the corpus
// (the MIT-licensed Start Bootstrap templates and HTML5 Boilerplate pinned in
// .ci/package.json, see corpus.mjs) is served on 127.0.0.1, and
//
// 1. `code24 audit` is compared with Lighthouse on the original, audit by audit
//    (agreement.json; the run fails under MIN_AGREEMENT overall);
// 2. the page is optimized through `code24 serve`'s POST /trigger/optimize, and
//    Lighthouse audits the optimized version too (optimize.json; the run fails when an
//    optimization fails or an optimized page does not fail fewer audits). An audit fails
//    when its score is under 0.9. The pass/fail ("binary") audits are the measure: they
//    do not vary from run to run. The metric-savings audits (unsized-images,
//    render-blocking-resources, offscreen-images, ...) are reported beside them, not
//    judged: they come from simulated timings, and a page's score on some of them flips
//    between runs; the timing metrics themselves are left out.
//
// One Lighthouse run of each original serves both checks.
//
// usage: node corpus_checks.mjs CODE24_BINARY OUT_DIR

import { createRequire } from "node:module";
import { execFile, spawn } from "node:child_process";
import { promisify } from "node:util";
import fs from "node:fs";
import net from "node:net";
import os from "node:os";
import path from "node:path";
import { corpusPages, serveDir } from "./corpus.mjs";

const modules = path.resolve(process.env.CODE24_NODE_MODULES || ".ci/node_modules");
const require = createRequire(modules + "/");
const lighthouse = (await import(require.resolve("lighthouse"))).default;
const chromeLauncher = await import(require.resolve("chrome-launcher"));

const MIN_AGREEMENT = Number(process.env.CODE24_MIN_AGREEMENT || "0.9");
const [code24, outDir] = process.argv.slice(2);
if (!code24 || !outDir) {
  console.error("usage: node corpus_checks.mjs CODE24_BINARY OUT_DIR");
  process.exit(2);
}
fs.mkdirSync(outDir, { recursive: true });

const pages = corpusPages(modules);

function freePort() {
  return new Promise((resolve) => {
    const s = net.createServer();
    s.listen(0, "127.0.0.1", () => {
      const { port } = s.address();
      s.close(() => resolve(port));
    });
  });
}

async function waitForListen(port) {
  const deadline = Date.now() + 20000;
  while (Date.now() < deadline) {
    try {
      await fetch(`http://127.0.0.1:${port}/status/none`);
      return;
    } catch {
      await new Promise((r) => setTimeout(r, 100));
    }
  }
  throw new Error("code24 serve never listened");
}

async function optimize(api, url) {
  const started = await fetch(`${api}/trigger/optimize`, {
    method: "POST",
    headers: { "content-type": "application/json" },
    body: JSON.stringify({ url, businessType: "professional services", primaryGoal: "lead_generation", optimizationType: "full" }),
  });
  const body = await started.json();
  if (started.status !== 202) throw new Error(`trigger: ${started.status} ${JSON.stringify(body)}`);
  const deadline = Date.now() + 120000;
  for (;;) {
    const status = await (await fetch(`${api}/status/${body.workflowId}`)).json();
    if (status.status !== "running") return status;
    if (Date.now() > deadline) throw new Error(`${body.workflowId} still running`);
    await new Promise((r) => setTimeout(r, 100));
  }
}

function failing(lhr, mode) {
  return Object.values(lhr.audits)
    .filter((a) => a.scoreDisplayMode === mode && a.score !== null && a.score < 0.9)
    .map((a) => a.id)
    .sort();
}

const data = fs.mkdtempSync(path.join(os.tmpdir(), "code24-optimize-"));
const port = await freePort();
const serve = spawn(code24, ["serve", "--port", String(port), "--allow-loopback", "--data-dir", data], { stdio: ["ignore", "ignore", "inherit"] });
const api = `http://127.0.0.1:${port}`;
const chromeFlags = ["--headless", "--no-sandbox", "--disable-gpu", "--disable-background-networking", "--disable-component-update", "--disable-sync", "--no-first-run", "--disable-quic", "--host-resolver-rules=MAP * ~NOTFOUND, EXCLUDE 127.0.0.1"];
const results = [];
const perAudit = {};
const disagreements = [];
let chrome;
try {
  await waitForListen(port);
  chrome = await chromeLauncher.launch({ chromePath: process.env.CHROME_PATH || "/usr/lib/chromium/chromium", chromeFlags });
  const audit = async (url) => (await lighthouse(url, { port: chrome.port, output: "json", logLevel: "error", onlyCategories: ["performance", "accessibility", "best-practices", "seo"] })).lhr;
  for (const page of pages) {
    const server = await serveDir(page.root);
    const url = `http://127.0.0.1:${server.address().port}/${page.file}`;
    try {
      // 1. code24 audit against Lighthouse on the original. Asynchronously: the page's
      // server runs in this process.
      const ours = JSON.parse((await promisify(execFile)(code24, ["audit", url, "--json", "--allow-loopback"])).stdout);
      const original = await audit(url);
      let compared = 0;
      for (const a of ours.audits) {
        const lh = original.audits[a.id];
        if (!lh || ["manual", "informative", "error"].includes(lh.scoreDisplayMode)) continue;
        const lhPass = lh.scoreDisplayMode === "notApplicable" || (lh.score ?? 0) >= 0.9;
        const entry = (perAudit[a.id] ??= { agree: 0, total: 0 });
        entry.total++;
        compared++;
        if (lhPass === a.pass) entry.agree++;
        else disagreements.push({ page: page.name, id: a.id, code24: a.pass, lighthouse: lhPass, details: a.details, lighthouseTitle: lh.title });
      }
      console.log(`${page.name}: ${compared} audits compared with Lighthouse`);
      // 2. The optimization, and Lighthouse on its result.
      const status = await optimize(api, url);
      if (status.status !== "completed") {
        results.push({ page: page.name, error: status.error });
        console.log(`${page.name}: optimization ${status.status}: ${JSON.stringify(status.error)}`);
        continue;
      }
      const optimizedUrl = status.output.implementation.optimized.url;
      const optimized = await audit(optimizedUrl);
      const [before, after] = [failing(original, "binary"), failing(optimized, "binary")];
      const [savingsBefore, savingsAfter] = [failing(original, "metricSavings"), failing(optimized, "metricSavings")];
      const result = {
        page: page.name,
        optimizedUrl,
        before,
        after,
        fixed: before.filter((a) => !after.includes(a)),
        regressions: after.filter((a) => !before.includes(a)),
        savingsBefore,
        savingsAfter,
        savingsFixed: savingsBefore.filter((a) => !savingsAfter.includes(a)),
        savingsRegressed: savingsAfter.filter((a) => !savingsBefore.includes(a)),
        changes: status.output.implementation.changes.map((c) => c.auditId),
      };
      results.push(result);
      console.log(`${page.name.padEnd(44)} ${String(before.length).padStart(2)} → ${String(after.length).padStart(2)} failing; fixed ${result.fixed.join(", ") || "-"}${result.regressions.length ? "; REGRESSED " + result.regressions.join(", ") : ""} | metric savings ${savingsBefore.length} → ${savingsAfter.length}: fixed ${result.savingsFixed.join(", ") || "-"}${result.savingsRegressed.length ? "; worse " + result.savingsRegressed.join(", ") : ""}`);
    } finally {
      server.close();
    }
  }
} finally {
  if (chrome) await chrome.kill();
  serve.kill();
  fs.rmSync(data, { recursive: true, force: true });
}
const agree = Object.values(perAudit).reduce((n, e) => n + e.agree, 0);
const total = Object.values(perAudit).reduce((n, e) => n + e.total, 0);
const overall = total ? agree / total : 0;
console.log("\naudit                        agreement with Lighthouse");
for (const [id, e] of Object.entries(perAudit).sort()) console.log(`${id.padEnd(28)} ${e.agree}/${e.total}`);
console.log(`overall: ${agree}/${total} = ${(overall * 100).toFixed(1)}% on ${pages.length} pages`);
fs.writeFileSync(path.join(outDir, "agreement.json"), JSON.stringify({ pages: pages.map((p) => ({ page: p.name, license: p.license })), perAudit, overall, disagreements }, null, 2));
console.log(`report: ${path.resolve(outDir, "agreement.json")}`);

const improved = results.filter((r) => r.after && r.after.length < r.before.length).length;
const totalBefore = results.reduce((n, r) => n + (r.before?.length ?? 0), 0);
const totalAfter = results.reduce((n, r) => n + (r.after?.length ?? 0), 0);
const savingsBefore = results.reduce((n, r) => n + (r.savingsBefore?.length ?? 0), 0);
const savingsAfter = results.reduce((n, r) => n + (r.savingsAfter?.length ?? 0), 0);
console.log(`\n${improved} of ${pages.length} pages fail fewer Lighthouse pass/fail audits after optimization: ${totalBefore} → ${totalAfter} in all; metric-savings audits ${savingsBefore} → ${savingsAfter}`);
fs.writeFileSync(path.join(outDir, "optimize.json"), JSON.stringify({ judged: "binary", pages: results, improved, totalBefore, totalAfter, savingsBefore, savingsAfter }, null, 2));
console.log(`report: ${path.resolve(outDir, "optimize.json")}`);
if (pages.length < 15) {
  console.log(`the corpus has ${pages.length} pages; at least 15 are needed`);
  process.exit(1);
}
if (overall < MIN_AGREEMENT) {
  console.log(`agreement ${(overall * 100).toFixed(1)}% is under ${MIN_AGREEMENT * 100}%`);
  process.exit(1);
}
if (improved !== pages.length) process.exit(1);
