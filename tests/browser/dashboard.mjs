// The `code24 serve` dashboard as a person uses it, in Chromium with playwright-core:
// start a build from the form, watch its execution page update live over Server-Sent
// Events (a state turns succeeded while the execution still runs, without a reload),
// see it reach completed with its outputs, open the site preview, and check every page
// with axe-core. Screenshots go to OUT_DIR, with report.json.
//
//   node tests/browser/dashboard.mjs BASE_URL OUT_DIR
import { createRequire } from "node:module";
import fs from "node:fs";
import path from "node:path";

const require = createRequire(path.resolve(process.env.CODE24_NODE_MODULES || ".ci/node_modules") + "/");
const { chromium } = require("playwright-core");
const axePath = require.resolve("axe-core/axe.min.js");

const [base, outDir] = process.argv.slice(2);
if (!base || !outDir) {
  console.error("usage: node dashboard.mjs BASE_URL OUT_DIR");
  process.exit(2);
}
fs.mkdirSync(outDir, { recursive: true });
const report = { screenshots: [], axe: {}, failures: [] };
const fail = (what) => {
  report.failures.push(what);
  console.log(`  FAIL ${what}`);
};
const shot = async (page, name) => {
  const file = path.join(outDir, name);
  await page.screenshot({ path: file, fullPage: true });
  report.screenshots.push(file);
};
const axe = async (page, name) => {
  await page.addScriptTag({ path: axePath });
  const violations = await page.evaluate(async () => (await window.axe.run(document)).violations.map((v) => `${v.id} (${v.nodes.length})`));
  report.axe[name] = violations;
  if (violations.length) fail(`axe on ${name}: ${violations.join(", ")}`);
};

const browser = await chromium.launch({
  executablePath: process.env.CHROME_PATH || "/usr/lib/chromium/chromium",
  args: ["--no-sandbox", "--disable-gpu", "--disable-background-networking", "--disable-component-update",
    "--disable-sync", "--no-first-run", "--disable-quic", "--host-resolver-rules=MAP * ~NOTFOUND, EXCLUDE 127.0.0.1"],
});
try {
  const page = await browser.newPage({ viewport: { width: 1280, height: 900 } });
  await page.goto(base + "/");
  await axe(page, "dashboard (empty)");

  // Start a build from the form.
  await page.fill("#name", "Harbour Lane Books");
  await page.fill("#description", "Independent bookshop in Whitby with a reading cafe and author evenings");
  await page.fill("#businessType", "retail");
  await page.fill("#primaryGoal", "sales");
  await Promise.all([page.waitForURL(/\/executions\/build-/), page.click("#build-form button[type=submit]")]);
  report.executionUrl = page.url();
  report.statusOnOpen = await page.getAttribute("#status", "data-status");
  if (report.statusOnOpen !== "running") fail(`the new execution opened as ${report.statusOnOpen}, not running`);
  await page.evaluate(() => { window.sameDocument = true; });

  // Live: the Designer state succeeds while the execution is still running, in this
  // document (no reload), and history rows are added.
  const rowsBefore = await page.locator("#history tr").count();
  try {
    await page.waitForFunction(() => {
      const designer = document.querySelector('.graph [data-state="Designer"]');
      return window.sameDocument && designer && designer.dataset.status === "succeeded"
        && document.getElementById("status").dataset.status === "running";
    }, null, { timeout: 60000 });
    report.liveRowsAdded = (await page.locator("#history tr").count()) - rowsBefore;
    if (report.liveRowsAdded <= 0) fail("no history rows were added live");
    await shot(page, "execution-running.png");
  } catch (e) {
    fail(`the page did not show Designer succeeded while the build ran: ${e.message.split("\n")[0]}`);
  }

  // Completed: the page reloads to show the outputs.
  await page.waitForSelector('#status[data-status="completed"]', { timeout: 120000 });
  for (const state of ["MarketResearch", "CompetitiveAnalysis", "Brand", "Designer", "Developer", "Deploy", "AnalyticsSetup", "RecordResult"]) {
    const status = await page.getAttribute(`.graph [data-state="${state}"]`, "data-status");
    if (status !== "succeeded") fail(`${state} is drawn ${status}, not succeeded`);
  }
  const failedDrawn = await page.locator('.graph [data-status="failed"]').count();
  if (failedDrawn) fail(`${failedDrawn} states are drawn failed after a successful build`);
  report.steps = await page.locator("#steps tbody tr").count();
  report.historyRows = await page.locator("#history tr").count();
  const outputs = await page.textContent("#outputs");
  for (const part of ["Market intelligence", "Brand", "Design"]) {
    if (!outputs.includes(part)) fail(`the outputs do not show ${part}`);
  }
  await shot(page, "execution-completed.png");
  await axe(page, "execution page");

  // The site preview.
  const href = await page.getAttribute("#preview", "href");
  report.previewUrl = href;
  const [response] = await Promise.all([page.waitForNavigation(), page.click("#preview")]);
  if (response.status() !== 200) fail(`the preview answered ${response.status()}`);
  const heading = await page.textContent("h1");
  if (!heading.includes("Harbour Lane Books")) fail(`the preview's h1 is "${heading}"`);
  await shot(page, "site-preview.png");

  // The dashboard lists it.
  await page.goto(base + "/");
  const listed = await page.locator("table.executions tbody tr").first().textContent();
  if (!listed.includes("completed")) fail(`the dashboard lists the build as: ${listed}`);
  await shot(page, "dashboard.png");
  await axe(page, "dashboard");

  // A refused form says which field is wrong.
  await page.fill("#url", "ftp://example.org/");
  await page.evaluate(() => { document.getElementById("url").type = "text"; });
  await page.fill("#opt-businessType", "retail");
  await page.fill("#opt-primaryGoal", "sales");
  const [refused] = await Promise.all([page.waitForNavigation(), page.click("#optimize-form button[type=submit]")]);
  report.refusedStatus = refused.status();
  const alert = await page.textContent("[role=alert]");
  if (refused.status() !== 400 || !alert.startsWith("url:")) fail(`a bad url answered ${refused.status()}: ${alert}`);
} finally {
  await browser.close();
  fs.writeFileSync(path.join(outDir, "report.json"), JSON.stringify(report, null, 2));
}
console.log(`dashboard: ${report.screenshots.length} screenshots in ${outDir}; ${report.failures.length} failures`);
process.exit(report.failures.length ? 1 : 0);
