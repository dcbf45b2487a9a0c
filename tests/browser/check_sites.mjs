// What a person sees, checked in a real browser on every site `code24 serve` serves:
// Playwright (Chromium) at 360, 768 and 1280 px (no horizontal overflow, the call to
// action above the fold on desktop, every navigation link lands, the contact form sends
// and reaches the thank-you page, the analytics beacon is counted), axe-core with 0
// violations on every page (the sitemap's, 404 and thanks), and Lighthouse (mobile and
// desktop) on the home page and the offer page.
//
// usage: node check_sites.mjs BASE_URL OUT_DIR SITE_ID...
// Writes screenshots and report.json to OUT_DIR; exits 1 when any check fails.
// Needs CHROME_PATH (Debian chromium) and the packages in .ci/package.json.

import { createRequire } from "node:module";
import fs from "node:fs";
import path from "node:path";

const require = createRequire(path.resolve(process.env.CODE24_NODE_MODULES || ".ci/node_modules") + "/");
const { chromium } = require("playwright-core");
const axePath = require.resolve("axe-core/axe.min.js");
const lighthouse = (await import(require.resolve("lighthouse"))).default;
const desktopConfig = (await import(require.resolve("lighthouse/core/config/desktop-config.js"))).default;
const chromeLauncher = await import(require.resolve("chrome-launcher"));

const [base, outDir, ...sites] = process.argv.slice(2);
if (!base || !outDir || sites.length === 0) {
  console.error("usage: node check_sites.mjs BASE_URL OUT_DIR SITE_ID...");
  process.exit(2);
}
const chromePath = process.env.CHROME_PATH || "/usr/lib/chromium/chromium";
const chromeFlags = [
  "--headless", "--no-sandbox", "--disable-gpu", "--disable-background-networking",
  "--disable-component-update", "--disable-sync", "--no-first-run", "--disable-quic",
  "--host-resolver-rules=MAP * ~NOTFOUND, EXCLUDE 127.0.0.1",
];
fs.mkdirSync(outDir, { recursive: true });
const failures = [];
const report = {};
const fail = (site, what) => {
  failures.push(`${site}: ${what}`);
  console.log(`  FAIL ${what}`);
};

const WIDTHS = [
  [360, 740],
  [768, 1024],
  [1280, 800],
];
// Every page of a site: those its sitemap lists, and the 404 and thank-you pages.
async function pagesOf(url) {
  const sitemap = await (await fetch(url + "sitemap.xml")).text();
  const listed = [...sitemap.matchAll(/<loc>([^<]*)<\/loc>/g)].map((m) => m[1].replace(/^.*\//, ""));
  return [...new Set([...listed, "404.html", "thanks.html"])];
}
// The page of what the business offers, named for its kind (design::offer_page_path).
const OFFER_PAGE = /^(services|menu|classes|work|products|product|our-work|rooms|projects|events|activities)\.html$/;
// The call to action: a link to the form, or a tap-to-call link when the goal is calls.
const CTA = 'main [data-goal="cta_click"], main a[href^="tel:"][data-goal="phone_click"]';

async function browserChecks(browser, site, url, result) {
  for (const [width, height] of WIDTHS) {
    const context = await browser.newContext({ viewport: { width, height } });
    const page = await context.newPage();
    const beacon = page.waitForRequest((r) => r.url().includes(`/collect/${encodeURIComponent(site)}`) && r.method() === "POST", { timeout: 5000 }).catch(() => null);
    const response = await page.goto(url, { waitUntil: "load" });
    if (response.status() !== 200) fail(site, `${width}px: home page answered ${response.status()}`);
    if (!(await beacon)) fail(site, `${width}px: no analytics beacon was sent on page load`);
    const overflow = await page.evaluate(() => document.documentElement.scrollWidth - window.innerWidth);
    if (overflow > 0) fail(site, `${width}px: the page is ${overflow}px wider than the viewport`);
    const shot = path.join(outDir, `${site}-${width}.png`);
    await page.screenshot({ path: shot, fullPage: true });
    if (width === 1280) {
      const cta = page.locator(CTA).first();
      const box = (await cta.count()) ? await cta.boundingBox() : null;
      if (!box || box.y + box.height > height || !(await cta.isVisible())) {
        fail(site, `1280px: the call to action is not visible above the fold (${JSON.stringify(box)})`);
      }
      result.ctaAboveFold = !!box && box.y + box.height <= height;
    }
    if (width === 360) {
      // Every navigation link lands: a section of this page, or another page answering 200.
      const links = await page.locator("header nav a").evaluateAll((as) => as.map((a) => a.getAttribute("href")));
      for (const href of links) {
        if (href.startsWith("#")) {
          await page.locator(`header nav a[href="${href}"]`).click();
          // The page scrolls smoothly: wait (up to 3 s) for the section to arrive.
          const landed = await page
            .waitForFunction((id) => {
              const el = document.getElementById(id);
              if (!el) return false;
              const r = el.getBoundingClientRect();
              return r.top < window.innerHeight && r.bottom > 0 && location.hash === "#" + id;
            }, href.slice(1), { timeout: 3000 })
            .then(() => true, () => false);
          if (!landed) fail(site, `nav link ${href} does not bring its section into view`);
        } else if (href.startsWith("tel:")) {
          if (!/^tel:\+?\d{7,15}$/.test(href)) fail(site, `nav link ${href} is not a dialable tel: URI`);
        } else {
          const r = await page.request.get(new URL(href, url).href);
          if (r.status() !== 200) fail(site, `nav link ${href} answers ${r.status()}`);
        }
      }
      result.navLinks = links.length;
    }
    await context.close();
  }
  // Do Not Track and Global Privacy Control: the snippet sends nothing at all.
  for (const [signal, init] of [
    ["Global Privacy Control", () => Object.defineProperty(Navigator.prototype, "globalPrivacyControl", { get: () => true })],
    ["Do Not Track", () => Object.defineProperty(Navigator.prototype, "doNotTrack", { get: () => "1" })],
  ]) {
    const context = await browser.newContext();
    await context.addInitScript(init);
    const page = await context.newPage();
    let sent = 0;
    page.on("request", (r) => r.url().includes("/collect/") && sent++);
    await page.goto(url, { waitUntil: "load" });
    await page.locator(CTA).first().click();
    await page.waitForTimeout(300);
    if (sent) fail(site, `with ${signal} on, ${sent} beacons were sent`);
    await context.close();
  }
  // A click on the call to action is a goal event.
  {
    const context = await browser.newContext();
    const page = await context.newPage();
    await page.goto(url, { waitUntil: "load" });
    const click = page.waitForRequest((r) => r.url().includes("/collect/") && /"(cta_click|phone_click)"/.test(r.postData() || ""), { timeout: 5000 }).catch(() => null);
    await page.locator(CTA).first().click();
    if (!(await click)) fail(site, "a click on the call to action sent no cta_click (or phone_click) beacon");
    await context.close();
  }
  // The contact form: fill what it requires, send it, land on the thank-you page.
  const context = await browser.newContext({ viewport: { width: 1280, height: 800 } });
  const page = await context.newPage();
  await page.goto(url);
  const form = page.locator("form").first();
  for (const field of await form.locator("input, textarea").all()) {
    const type = (await field.getAttribute("type")) || "text";
    if (type === "hidden") continue;
    // A plan is one of a group of radio buttons: choose each in turn, the last stays.
    if (type === "radio" || type === "checkbox") {
      await field.check();
      continue;
    }
    const value = { email: "visitor@example.org", tel: "+44 113 000 0000", date: "2026-12-24", time: "10:30", number: "2" }[type] ?? "A question from the browser test";
    await field.fill(value);
  }
  await Promise.all([page.waitForURL(/thanks\.html$/, { timeout: 10000 }).catch(() => null), form.locator('button[type="submit"], input[type="submit"]').first().click()]);
  if (!page.url().endsWith("/thanks.html")) fail(site, `sending the contact form ended at ${page.url()}, not thanks.html`);
  result.formLandsOn = page.url();
  // axe-core on every page.
  result.axeViolations = {};
  for (const p of result.pages) {
    await page.goto(url + p);
    await page.addScriptTag({ path: axePath });
    const violations = await page.evaluate(async () => (await window.axe.run(document)).violations.map((v) => `${v.id} (${v.nodes.length})`));
    result.axeViolations[p || "index.html"] = violations;
    if (violations.length) fail(site, `axe on ${p || "index.html"}: ${violations.join(", ")}`);
  }
  await context.close();
  const summary = await (await fetch(`${base}/sites/${site}/analytics`)).json();
  result.pageViewsCounted = summary.totals?.page_view ?? 0;
  result.goalEventsCounted = Object.fromEntries(Object.entries(summary.totals ?? {}).filter(([e]) => e !== "page_view"));
  if (!Object.keys(result.goalEventsCounted).some((e) => e.endsWith("_submit"))) {
    fail(site, `sending the form counted no *_submit goal event (${JSON.stringify(summary.totals)})`);
  }
  if (result.pageViewsCounted < WIDTHS.length) fail(site, `analytics counted ${result.pageViewsCounted} page views, expected at least ${WIDTHS.length}`);
}

// Lighthouse's performance metrics measured in time on this machine's main thread.
const TIMING_METRICS = new Set(["first-contentful-paint", "largest-contentful-paint", "total-blocking-time", "speed-index", "interactive", "max-potential-fid"]);

function scoresOf(run) {
  return Object.fromEntries(Object.entries(run.lhr.categories).map(([k, v]) => [k, Math.round(v.score * 100)]));
}

async function lighthouseScores(site, url, chrome, result, which) {
  result.lighthouse ??= {};
  for (const [device, config] of [["mobile", undefined], ["desktop", desktopConfig]]) {
    const formFactor = `${device} (${which})`;
    const flags = { port: chrome.port, output: "json", logLevel: "error", onlyCategories: ["performance", "accessibility", "best-practices", "seo"] };
    let run = await lighthouse(url, flags, config);
    // A run Lighthouse itself could not finish (no paint seen in time, a protocol
    // timeout) says nothing about the page: it is run once more, and reported if again.
    if (run.lhr.runtimeError) {
      console.log(`  lighthouse ${formFactor}: ${run.lhr.runtimeError.code} (${run.lhr.runtimeError.message}); running it again`);
      run = await lighthouse(url, flags, config);
      if (run.lhr.runtimeError) fail(site, `lighthouse ${formFactor} could not run: ${run.lhr.runtimeError.code} ${run.lhr.runtimeError.message}`);
    }
    let scores = scoresOf(run);
    // Performance is measured from timings on a shared machine: one run whose main
    // thread was slowed by something else (total blocking time on a 2-core CI box) is
    // noise. Lighthouse's own guidance on variability is the median of several runs, so
    // a score under 100 is measured twice more and the median of the three is judged.
    if (scores.performance < 100) {
      const runs = [run];
      for (let i = 0; i < 2; i++) {
        const again = await lighthouse(url, flags, config);
        if (!again.lhr.runtimeError) runs.push(again);
      }
      runs.sort((a, b) => scoresOf(a).performance - scoresOf(b).performance);
      console.log(`  lighthouse ${formFactor}: performance ${runs.map((r) => scoresOf(r).performance).join(", ")} over ${runs.length} runs; judging the median`);
      run = runs[Math.floor(runs.length / 2)];
      scores = scoresOf(run);
    }
    const weight = run.lhr.audits["total-byte-weight"]?.numericValue;
    result.lighthouse[formFactor] = { scores, totalByteWeight: weight };
    console.log(`  lighthouse ${formFactor}: ${JSON.stringify(scores)}, ${weight} bytes transferred`);
    for (const [category, score] of Object.entries(scores)) {
      if (score < 100) {
        const failed = Object.values(run.lhr.audits)
          .filter((a) => a.score !== null && a.score < 1 && run.lhr.categories[category].auditRefs.some((r) => r.id === a.id && r.weight > 0))
          .map((a) => a.id);
        // The timing metrics are what another process on the machine moves (a page
        // whose only misses are timings, scoring 90 or more, is noted, not failed); any
        // other audit, or a score under 90 (Lighthouse's "good"), fails the page.
        const other = failed.filter((id) => !TIMING_METRICS.has(id));
        if (category === "performance" && other.length === 0 && score >= 90) {
          console.log(`  note: lighthouse ${formFactor} ${category} ${score}, timing only (${failed.join(", ")})`);
          continue;
        }
        fail(site, `lighthouse ${formFactor} ${category} ${score}: ${failed.join(", ")}`);
      }
    }
  }
}

const browser = await chromium.launch({ executablePath: chromePath, args: chromeFlags.filter((f) => f !== "--headless") });
const chrome = await chromeLauncher.launch({ chromePath, chromeFlags });
try {
  for (const site of sites) {
    const url = `${base}/sites/${site}/`;
    console.log(`${site}: ${url}`);
    const result = {};
    report[site] = result;
    const html = await (await fetch(url)).text();
    result.homeHtmlBytes = Buffer.byteLength(html);
    result.pages = await pagesOf(url);
    const offer = result.pages.find((p) => OFFER_PAGE.test(p));
    if (!offer) fail(site, `no offer page in the sitemap (${result.pages.join(", ")})`);
    await browserChecks(browser, site, url, result);
    await lighthouseScores(site, url, chrome, result, "home");
    if (offer) await lighthouseScores(site, url + offer, chrome, result, offer);
  }
} finally {
  await browser.close();
  await chrome.kill();
}
fs.writeFileSync(path.join(outDir, "report.json"), JSON.stringify(report, null, 2));
console.log(`screenshots and report.json: ${path.resolve(outDir)}`);
if (failures.length) {
  console.log(`\n${failures.length} failed:\n${failures.join("\n")}`);
  process.exit(1);
}
console.log(`all browser checks passed on ${sites.length} sites`);
