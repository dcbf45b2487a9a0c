// The corpus of real static pages `corpus_checks.mjs` uses: the MIT-licensed Start
// Bootstrap templates and HTML5 Boilerplate pinned in .ci/package.json, each page served
// from its package's `dist/` folder on 127.0.0.1.

import fs from "node:fs";
import http from "node:http";
import path from "node:path";

/// Every `index.html` and `404.html` of the corpus packages under `modules`.
export function corpusPages(modules) {
  const packages = fs.readdirSync(modules).filter((p) => p.startsWith("startbootstrap-") || p === "html5-boilerplate").sort();
  const pages = [];
  for (const p of packages) {
    const dist = path.join(modules, p, "dist");
    for (const file of ["index.html", "404.html"]) {
      if (fs.existsSync(path.join(dist, file))) pages.push({ name: `${p}/${file}`, root: dist, file, license: JSON.parse(fs.readFileSync(path.join(modules, p, "package.json"))).license });
    }
  }
  return pages;
}

const TYPES = { ".html": "text/html; charset=utf-8", ".css": "text/css", ".js": "text/javascript", ".svg": "image/svg+xml", ".png": "image/png", ".jpg": "image/jpeg", ".jpeg": "image/jpeg", ".gif": "image/gif", ".ico": "image/x-icon", ".webp": "image/webp", ".woff2": "font/woff2", ".txt": "text/plain", ".json": "application/json", ".webmanifest": "application/manifest+json" };

/// A plain static file server for `root` on a free port of 127.0.0.1 (no compression, no
/// cache headers: as a simple host would serve the template).
export function serveDir(root) {
  return new Promise((resolve) => {
    const server = http.createServer((req, res) => {
      const url = decodeURIComponent(new URL(req.url, "http://x").pathname);
      const file = path.join(root, url.endsWith("/") ? url + "index.html" : url);
      if (!file.startsWith(root) || !fs.existsSync(file) || fs.statSync(file).isDirectory()) {
        res.writeHead(404, { "content-type": "text/plain" });
        return res.end("not found");
      }
      res.writeHead(200, { "content-type": TYPES[path.extname(file)] || "application/octet-stream" });
      fs.createReadStream(file).pipe(res);
    });
    server.listen(0, "127.0.0.1", () => resolve(server));
  });
}
