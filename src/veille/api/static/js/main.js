// Wires the page: filters (kept in the URL hash), map, timeline, table, incident panel,
// downloads of the filtered view and the interface language.
// body[data-state] is "loading" while requests run and "ready" when the page shows their answers.
import { ApiError, getJSON, queryString } from "./api.js";
import { LANGS, applyStatic, lang, loadLang, preferredLang, t } from "./i18n.js";
import { IncidentMap } from "./map.js";
import { renderIncident } from "./panel.js";
import { markSelected, renderTable } from "./table.js";
import { Timeline } from "./timeline.js";
import { fmtInt, typeLabel } from "./format.js";
import { GRADES, SUB_TYPES, TYPE_COLORS, esc } from "./util.js";

const MAP_LIMIT = 1000;
const PAGE_SIZE = 50;
const FIELDS = ["since", "until", "country", "admin1", "type", "actor", "min_fatalities", "q"];
const DOWNLOADS = { "#dl-csv": "/api/incidents.csv", "#dl-geojson": "/api/incidents.geojson", "#dl-acled": "/api/export/acled.csv" };

const $ = (sel) => document.querySelector(sel);
const state = { page: 0, total: 0, selected: null, seq: 0, admin1: [], countries: [], lastPage: null, stats: null };

function setState(value) {
  document.body.dataset.state = value;
}

function showBanner(html) {
  const b = $("#banner");
  b.innerHTML = html;
  b.hidden = false;
}

function missingLibraries() {
  return [["Leaflet", window.L], ["Leaflet.markercluster", window.L && window.L.markerClusterGroup],
    ["Chart.js", window.Chart], ["topojson-client", window.topojson]]
    .filter(([, lib]) => !lib).map(([name]) => name);
}

function fillTypeSelect() {
  const select = $("#f-type");
  const keep = select.value;
  select.querySelectorAll("optgroup").forEach((g) => g.remove());
  for (const [type, subs] of Object.entries(SUB_TYPES)) {
    const group = document.createElement("optgroup");
    group.label = typeLabel(type);
    const all = new Option(t("filters.type_all", { type: typeLabel(type) }), type);
    group.append(all, ...subs.map((s) => new Option(s, s)));
    select.append(group);
  }
  select.value = keep;
}

function fillLegend() {
  $("#legend").innerHTML = Object.entries(TYPE_COLORS).map(([type, color]) =>
    `<li><span class="dot" style="background:${color}"></span>${esc(typeLabel(type))}</li>`).join("");
  $("#legend-grades").innerHTML = [...GRADES, "disputed"].map((g) =>
    `<dt><span class="badge ${g}" title="${esc(t(`grade.${g}.help`))}">${esc(t(`grade.${g}.label`))}</span></dt>` +
    `<dd>${esc(t(`grade.${g}.help`))}</dd>`).join("");
  $("#legend-precision").innerHTML = [1, 2, 3].map((p) =>
    `<dt><span class="badge precision" title="${esc(t(`precision.${p}`))}">${p}</span></dt><dd>${esc(t(`precision.${p}`))}</dd>`).join("");
}

// The country list: the countries that have incidents, named in the interface language.
function fillCountries() {
  const select = $("#f-country");
  const keep = select.value;
  const name = (c) => (lang() === "fr" ? c.name_fr : c.name_en) || c.name || c.cc;
  select.querySelectorAll("option:not([value=''])").forEach((o) => o.remove());
  for (const c of [...state.countries].sort((a, b) => name(a).localeCompare(name(b), lang()))) {
    select.append(new Option(c.incidents === null ? name(c) : `${name(c)} (${fmtInt(c.incidents)})`, c.cc));
  }
  // A country in the URL that has no incident still shows as chosen.
  if (keep && !state.countries.some((c) => c.cc === keep)) select.append(new Option(keep, keep));
  select.value = keep;
}

function updateAdmin1List() {
  const cc = $("#f-country").value;
  const names = state.admin1.filter((a) => !cc || a.cc === cc).map((a) => a.name).sort();
  $("#admin1-list").innerHTML = [...new Set(names)].map((n) => `<option value="${esc(n)}">`).join("");
}

function readForm() {
  const form = $("#filters");
  const params = {};
  for (const name of FIELDS) {
    const v = form.elements[name].value.trim();
    if (v) params[name] = v;
  }
  return params;
}

function writeForm(params) {
  const form = $("#filters");
  for (const name of FIELDS) {
    const el = form.elements[name];
    if (el.tagName === "SELECT" && params[name] && ![...el.options].some((o) => o.value === params[name])) {
      el.append(new Option(params[name], params[name]));
    }
    el.value = params[name] || "";
  }
  form.elements.in_view.checked = params.in_view === "1";
  $("#clear-period").hidden = !(params.since || params.until);
}

function hashParams() {
  const out = {};
  new URLSearchParams(location.hash.slice(1)).forEach((v, k) => { out[k] = v; });
  return out;
}

function saveHash(params) {
  const qs = new URLSearchParams(params);
  if ($("#f-inview").checked) qs.set("in_view", "1");
  history.replaceState(null, "", qs.toString() ? `#${qs}` : location.pathname);
}

// Point the download links at exactly the filters (and visible area) the page shows.
function updateDownloads(params) {
  for (const [sel, path] of Object.entries(DOWNLOADS)) $(sel).href = `${path}${queryString(params)}`;
}

function showFilterError(err) {
  const p = $("#filter-error");
  if (!err) {
    p.hidden = true;
    p.textContent = "";
    return;
  }
  p.hidden = false;
  p.textContent = err instanceof ApiError ? err.message : t("misc.error", { message: err.message || err });
}

function showStats() {
  const s = state.stats;
  if (!s) return;
  const span = s.date_min ? t("stats.span", { from: s.date_min, to: s.date_max }) : "";
  $("#stats").textContent = t("stats.line", {
    incidents: fmtInt(s.incidents), articles: fmtInt(s.articles),
    contested: fmtInt((s.grades || {}).contested || 0),
  }) + span;
}

async function loadStats() {
  try {
    state.stats = await getJSON("/api/stats");
    showStats();
  } catch {
    $("#stats").textContent = "";
  }
}

// /api/incidents/map lists each incident as an array of the values of `fields`.
function mapItems({ fields, items }) {
  return items.map((values) => Object.fromEntries(fields.map((f, i) => [f, values[i]])));
}

function mapNote(forMap, shown) {
  $("#map-note").textContent = forMap.total > forMap.items.length
    ? t("map.note_capped", { shown: fmtInt(shown), limit: fmtInt(MAP_LIMIT), total: fmtInt(forMap.total) })
    : t("map.note", { shown: fmtInt(shown), total: fmtInt(forMap.total) });
}

async function refresh({ keepView = false, resetPage = true } = {}) {
  const seq = ++state.seq;
  if (resetPage) state.page = 0;
  const params = readForm();
  saveHash(params);
  $("#clear-period").hidden = !(params.since || params.until);
  if ($("#f-inview").checked) params.bbox = map.bbox();
  updateDownloads(params);
  setState("loading");
  showFilterError(null);
  try {
    const [narrow, page, tl] = await Promise.all([
      getJSON("/api/incidents/map", { ...params, limit: MAP_LIMIT }),
      getJSON("/api/incidents", { ...params, limit: PAGE_SIZE, offset: state.page * PAGE_SIZE }),
      getJSON("/api/stats/timeline", { ...params, bucket: $("#bucket").value }),
    ]);
    if (seq !== state.seq) return;
    // The map's narrow answer (arrays in the order of `fields`); the total is the table's.
    const forMap = { items: mapItems(narrow), total: page.total };
    const shown = map.setIncidents(forMap.items, { keepView: keepView || $("#f-inview").checked });
    state.lastMap = { forMap, shown };
    mapNote(forMap, shown);
    showPage(page);
    state.lastTimeline = tl;
    timeline.update(tl.rows, tl.bucket);
    setState("ready");
  } catch (err) {
    if (seq !== state.seq) return;
    showFilterError(err);
    setState("error");
  }
}

function showPage(page) {
  state.lastPage = page;
  state.total = page.total;
  $("#count").textContent = `(${fmtInt(page.total)})`;
  const from = page.total ? page.offset + 1 : 0;
  const to = page.offset + page.items.length;
  $("#page-info").textContent = t("table.page_info", { from: fmtInt(from), to: fmtInt(to), total: fmtInt(page.total) });
  $("#prev").disabled = page.offset === 0;
  $("#next").disabled = to >= page.total;
  renderTable($("#incidents tbody"), page.items, { onSelect: openIncident, selected: state.selected });
}

async function turnPage(delta) {
  state.page = Math.max(0, state.page + delta);
  const params = readForm();
  if ($("#f-inview").checked) params.bbox = map.bbox();
  setState("loading");
  try {
    showPage(await getJSON("/api/incidents", { ...params, limit: PAGE_SIZE, offset: state.page * PAGE_SIZE }));
    setState("ready");
  } catch (err) {
    showFilterError(err);
    setState("error");
  }
}

// A period clicked or brushed on the timeline becomes the date filter of map and table.
function selectPeriod(since, until) {
  $("#f-since").value = since;
  $("#f-until").value = until;
  refresh();
}

// Width of the incident panel that lies over the map, in pixels.
function panelOverlap() {
  const panel = $("#panel").getBoundingClientRect();
  const mapBox = $("#map").getBoundingClientRect();
  return Math.max(0, mapBox.right - panel.left);
}

async function openIncident(id) {
  state.selected = id;
  const panel = $("#panel");
  const body = $("#panel-body");
  panel.hidden = false;
  map.highlight(id, panelOverlap());
  markSelected($("#incidents tbody"), id);
  panel.dataset.incident = String(id);
  delete panel.dataset.loaded;
  body.innerHTML = `<p class="sub">${esc(t("misc.loading"))}</p>`;
  try {
    await renderIncident(body, await getJSON(`/api/incidents/${id}`));
    panel.dataset.loaded = String(id);
  } catch (err) {
    body.innerHTML = `<p class="error">${esc(err.message)}</p>`;
  }
}

function closePanel() {
  $("#panel").hidden = true;
  state.selected = null;
  map.highlight(null);
  markSelected($("#incidents tbody"), null);
}

// Re-draw every text of the page in the interface language (no new request for the data).
function applyLanguage() {
  applyStatic();
  const other = LANGS.find((l) => l !== lang());
  $("#lang-switch").textContent = other.toUpperCase();
  $("#lang-switch").dataset.lang = lang();
  fillTypeSelect();
  fillLegend();
  fillCountries();
  showStats();
  if (map) map.setAttribution();
  if (state.lastPage) showPage(state.lastPage);
  if (state.lastMap) mapNote(state.lastMap.forMap, state.lastMap.shown);
  if (state.lastTimeline && timeline) timeline.update(state.lastTimeline.rows, state.lastTimeline.bucket);
  if (state.selected && !$("#panel").hidden) openIncident(state.selected);
}

async function switchLanguage() {
  const next = LANGS.find((l) => l !== lang());
  await loadLang(next);
  applyLanguage();
}

let map, timeline;

async function main() {
  setState("loading");
  try {
    await loadLang(preferredLang());
  } catch (err) {
    showBanner(esc(String(err.message || err)));
  }
  applyLanguage();
  $("#lang-switch").addEventListener("click", switchLanguage);
  const missing = missingLibraries();
  if (missing.length) {
    showBanner(`${esc(t("misc.missing_libraries", { names: missing.join(", ") }))} ` +
      "<code>npm ci --prefix web && node web/vendor.mjs</code>");
    setState("error");
    return;
  }
  if (window.matchMedia("(max-width: 700px)").matches) {
    $("#filters-box").open = false;
    $("#legend-box").open = false;
  }
  map = new IncidentMap($("#map"), { onSelect: openIncident });
  timeline = new Timeline($("#timeline-chart"), { onSelect: selectPeriod });
  const [world, topo, places, countries] = await Promise.allSettled([
    fetch("/static/vendor/world-atlas/countries-50m.json").then((r) => r.json()),
    fetch("/static/basemap.topo.json").then((r) => r.json()),
    fetch("/static/places.json").then((r) => r.json()),
    getJSON("/api/countries"),
  ]);
  if (world.status === "fulfilled") map.drawWorld(world.value);
  let covered = [];
  if (topo.status === "fulfilled") {
    const drawn = map.drawBasemap(topo.value);
    state.admin1 = drawn.admin1;
    covered = drawn.countries.map((c) => ({ cc: c.cc, name: c.name, name_en: c.name, name_fr: c.name_fr, incidents: null }));
  } else {
    showBanner(esc(t("misc.basemap_missing", { message: topo.reason.message })));
  }
  if (places.status === "fulfilled") map.setPlaces(places.value);
  // A store that cannot list its countries (an empty answer) falls back to the covered ones.
  state.countries = countries.status === "fulfilled" && countries.value.length ? countries.value : covered;
  fillCountries();
  const initial = hashParams();
  writeForm(initial);
  updateAdmin1List();

  $("#filters").addEventListener("submit", (ev) => {
    ev.preventDefault();
    refresh();
  });
  $("#reset").addEventListener("click", () => {
    writeForm({});
    refresh();
  });
  $("#clear-period").addEventListener("click", () => {
    $("#f-since").value = "";
    $("#f-until").value = "";
    refresh();
  });
  $("#f-country").addEventListener("change", updateAdmin1List);
  $("#bucket").addEventListener("change", () => refresh({ keepView: true }));
  $("#prev").addEventListener("click", () => turnPage(-1));
  $("#next").addEventListener("click", () => turnPage(1));
  $("#panel-close").addEventListener("click", closePanel);
  document.addEventListener("keydown", (ev) => { if (ev.key === "Escape") closePanel(); });
  let moveTimer = null;
  map.map.on("moveend", () => {
    if (!$("#f-inview").checked) return;
    clearTimeout(moveTimer);
    moveTimer = setTimeout(() => refresh({ keepView: true }), 300);
  });
  $("#f-inview").addEventListener("change", () => refresh({ keepView: true }));

  loadStats();
  await refresh();
  const wanted = Number(initial.incident);
  if (wanted) openIncident(wanted);
}

main();
