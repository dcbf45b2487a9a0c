// The OptimizationWorkflow on real pages, judged by Lighthouse: every page of the corpus
// (the MIT-licensed Start Bootstrap templates and HTML5 Boilerplate pinned in
// .ci/package.json) is served on 127.0.0.1, optimized through `code24 serve`'s
// POST /trigger/optimize, and the original and the optimized version are both audited by
// Lighthouse. An audit fails when its score is under 0.9. The pass/fail ("binary") audits
// are the measure: they do not vary from run to run. The metric-savings audits
// (unsized-images, render-blocking-resources, offscreen-images, ...) are reported beside
// them, not judged: they come from simulated timings, and a page's score on some of them
// flips between runs; the timing metrics themselves are left out.
//
// usage: node optimize_corpus.mjs CODE24_BINARY OUT_DIR
// Writes OUT_DIR/optimize.json and prints a table; exits 1 when an optimization fails or
// an optimized page does not fail fewer audits than its original.

import { createRequire } from "node:module";
import { spawn } from "node:child_process";
import fs from "node:fs";
import net from "node:net";
import os from "node:os";
import path from "node:path";
import { corpusPages, serveDir } from "./corpus.mjs";

const modules = path.resolve(process.env.CODE24_NODE_MODULES || ".ci/node_modules");
const require = createRequire(modules + "/");
const lighthouse = (await import(require.resolve("lighthouse"))).default;
const chromeLauncher = await import(require.resolve("chrome-launcher"));

const [code24, outDir] = process.argv.slice(2);
if (!code24 || !outDir) {
  console.error("usage: node optimize_corpus.mjs CODE24_BINARY OUT_DIR");
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
let chrome;
try {
  await waitForListen(port);
  chrome = await chromeLauncher.launch({ chromePath: process.env.CHROME_PATH || "/usr/lib/chromium/chromium", chromeFlags });
  const audit = async (url) => (await lighthouse(url, { port: chrome.port, output: "json", logLevel: "error", onlyCategories: ["performance", "accessibility", "best-practices", "seo"] })).lhr;
  for (const page of pages) {
    const server = await serveDir(page.root);
    const url = `http://127.0.0.1:${server.address().port}/${page.file}`;
    try {
      const status = await optimize(api, url);
      if (status.status !== "completed") {
        results.push({ page: page.name, error: status.error });
        console.log(`${page.name}: optimization ${status.status}: ${JSON.stringify(status.error)}`);
        continue;
      }
      const optimizedUrl = status.output.implementation.optimized.url;
      const [original, optimized] = [await audit(url), await audit(optimizedUrl)];
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
const improved = results.filter((r) => r.after && r.after.length < r.before.length).length;
const totalBefore = results.reduce((n, r) => n + (r.before?.length ?? 0), 0);
const totalAfter = results.reduce((n, r) => n + (r.after?.length ?? 0), 0);
const savingsBefore = results.reduce((n, r) => n + (r.savingsBefore?.length ?? 0), 0);
const savingsAfter = results.reduce((n, r) => n + (r.savingsAfter?.length ?? 0), 0);
console.log(`\n${improved} of ${pages.length} pages fail fewer Lighthouse pass/fail audits after optimization: ${totalBefore} → ${totalAfter} in all; metric-savings audits ${savingsBefore} → ${savingsAfter}`);
fs.writeFileSync(path.join(outDir, "optimize.json"), JSON.stringify({ judged: "binary", pages: results, improved, totalBefore, totalAfter, savingsBefore, savingsAfter }, null, 2));
console.log(`report: ${path.resolve(outDir, "optimize.json")}`);
if (pages.length < 15 || improved !== pages.length) process.exit(1);
