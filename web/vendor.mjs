// Copy the front-end libraries the page needs from web/node_modules (installed from the npm
// registry by `npm ci --prefix web`, pinned by web/package-lock.json) into
// src/veille/api/static/vendor/ (gitignored), with their licences and a VERSIONS.json.
// No bundler, no network: plain file copies.
//
// Usage: npm ci --prefix web && node web/vendor.mjs
import { cpSync, existsSync, mkdirSync, readFileSync, rmSync, writeFileSync } from "node:fs";
import path from "node:path";
import { fileURLToPath } from "node:url";

const HERE = path.dirname(fileURLToPath(import.meta.url));
const MODULES = path.join(HERE, "node_modules");
const OUT = path.resolve(HERE, "..", "src", "veille", "api", "static", "vendor");

// package -> [source path inside the package, destination path inside vendor/<dir>]
const FILES = {
  leaflet: {
    dir: "leaflet",
    copy: [["dist/leaflet.js"], ["dist/leaflet.css"], ["dist/images", "images"], ["LICENSE"]],
  },
  "chart.js": {
    dir: "chart.js",
    copy: [["dist/chart.umd.min.js"], ["LICENSE.md"]],
  },
  "topojson-client": {
    dir: "topojson-client",
    copy: [["dist/topojson-client.min.js"], ["LICENSE"]],
  },
  "leaflet.markercluster": {
    dir: "leaflet.markercluster",
    copy: [["dist/leaflet.markercluster.js"], ["dist/MarkerCluster.css"], ["MIT-LICENCE.txt"]],
  },
  // Natural Earth 1:50m countries as TopoJSON (world coverage under the detailed basemap).
  "world-atlas": {
    dir: "world-atlas",
    copy: [["countries-50m.json"], ["LICENSE"]],
  },
  "swagger-ui-dist": {
    dir: "swagger-ui",
    copy: [["swagger-ui-bundle.js"], ["swagger-ui.css"], ["favicon-32x32.png"], ["LICENSE"]],
  },
};

function main() {
  if (!existsSync(MODULES)) {
    process.stderr.write(`vendor: ${MODULES} is missing; run \`npm ci --prefix web\` first\n`);
    process.exit(1);
  }
  rmSync(OUT, { recursive: true, force: true });
  const versions = {};
  for (const [name, spec] of Object.entries(FILES)) {
    const root = path.join(MODULES, name);
    const pkg = JSON.parse(readFileSync(path.join(root, "package.json"), "utf8"));
    versions[name] = pkg.version;
    for (const [from, to] of spec.copy) {
      const src = path.join(root, from);
      const dest = path.join(OUT, spec.dir, to || path.basename(from));
      if (!existsSync(src)) {
        process.stderr.write(`vendor: ${name}@${pkg.version} has no ${from}\n`);
        process.exit(1);
      }
      mkdirSync(path.dirname(dest), { recursive: true });
      cpSync(src, dest, { recursive: true });
    }
  }
  writeFileSync(path.join(OUT, "VERSIONS.json"), JSON.stringify(versions, null, 2) + "\n");
  process.stdout.write(
    `vendor: ${Object.entries(versions).map(([n, v]) => `${n}@${v}`).join(", ")} -> ${OUT}\n`,
  );
}

main();
