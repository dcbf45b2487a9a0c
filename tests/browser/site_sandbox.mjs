// A deployed site's own scripts against the server that serves it, in Chromium: each URL
// is opened as a visitor would, the page's script (an attack that tries to start a build,
// read the execution list and learn its origin) writes what happened into
// #attack-result, and this records it with a screenshot. The Rust test
// (crates/cli/tests/security.rs) then checks that nothing started.
//
//   node tests/browser/site_sandbox.mjs OUT_DIR URL...
import { createRequire } from "node:module";
import fs from "node:fs";
import path from "node:path";

const require = createRequire(path.resolve(process.env.CODE24_NODE_MODULES || ".ci/node_modules") + "/");
const { chromium } = require("playwright-core");

const [outDir, ...urls] = process.argv.slice(2);
if (!outDir || urls.length === 0) {
  console.error("usage: node site_sandbox.mjs OUT_DIR URL...");
  process.exit(2);
}
fs.mkdirSync(outDir, { recursive: true });
const browser = await chromium.launch({
  executablePath: process.env.CHROME_PATH || "/usr/lib/chromium/chromium",
  args: ["--no-sandbox", "--disable-gpu", "--disable-background-networking", "--disable-component-update",
    "--disable-sync", "--no-first-run", "--disable-quic", "--host-resolver-rules=MAP * ~NOTFOUND, EXCLUDE 127.0.0.1"],
});
const report = { pages: [] };
try {
  for (const [i, url] of urls.entries()) {
    const page = await browser.newPage();
    const console_ = [];
    page.on("console", (m) => console_.push(m.text()));
    const response = await page.goto(url, { waitUntil: "load" });
    let result = "";
    try {
      await page.waitForFunction(() => {
        const el = document.getElementById("attack-result");
        return el && el.textContent.includes("done");
      }, null, { timeout: 10000 });
    } catch (e) {
      console_.push(`waited: ${e.message}`);
    }
    result = await page.evaluate(() => document.getElementById("attack-result")?.textContent || "");
    const file = path.join(outDir, `site-${i}.png`);
    await page.screenshot({ path: file, fullPage: true });
    report.pages.push({ url, status: response.status(), csp: response.headers()["content-security-policy"] || "",
      result, console: console_, screenshot: file });
    console.log(`${url}: ${result}`);
    await page.close();
  }
} finally {
  await browser.close();
}
fs.writeFileSync(path.join(outDir, "report.json"), JSON.stringify(report, null, 2));
