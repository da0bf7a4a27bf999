// Wires the page: filters (kept in the URL hash), map, timeline, table and incident panel.
// body[data-state] is "loading" while requests run and "ready" when the page shows their answers.
import { ApiError, getJSON } from "./api.js";
import { IncidentMap } from "./map.js";
import { renderIncident } from "./panel.js";
import { markSelected, renderTable } from "./table.js";
import { Timeline } from "./timeline.js";
import { SUB_TYPES, TYPE_COLORS, TYPE_LABELS, esc, fmtInt } from "./util.js";

const MAP_LIMIT = 1000;
const PAGE_SIZE = 50;
const FIELDS = ["since", "until", "country", "admin1", "type", "actor", "min_fatalities", "q"];

const $ = (sel) => document.querySelector(sel);
const state = { page: 0, total: 0, selected: null, seq: 0, admin1: [] };

function setState(value) {
  document.body.dataset.state = value;
}

function showBanner(html) {
  const b = $("#banner");
  b.innerHTML = html;
  b.hidden = false;
}

function missingLibraries() {
  return [["Leaflet", window.L], ["Chart.js", window.Chart], ["topojson-client", window.topojson]]
    .filter(([, lib]) => !lib).map(([name]) => name);
}

function fillTypeSelect() {
  const select = $("#f-type");
  for (const [type, subs] of Object.entries(SUB_TYPES)) {
    const group = document.createElement("optgroup");
    group.label = TYPE_LABELS[type] || type;
    const all = new Option(`${TYPE_LABELS[type] || type} (tous)`, type);
    group.append(all, ...subs.map((s) => new Option(s, s)));
    select.append(group);
  }
}

function fillLegend() {
  $("#legend").innerHTML = Object.entries(TYPE_COLORS).map(([type, color]) =>
    `<li><span class="dot" style="background:${color}"></span>${esc(TYPE_LABELS[type] || type)}</li>`).join("");
}

function fillPlaces({ countries, admin1 }) {
  const select = $("#f-country");
  for (const c of [...countries].sort((a, b) => (a.name_fr || a.name).localeCompare(b.name_fr || b.name, "fr"))) {
    select.append(new Option(`${c.name_fr || c.name} (${c.cc})`, c.cc));
  }
  state.admin1 = admin1;
  updateAdmin1List();
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
  for (const name of FIELDS) form.elements[name].value = params[name] || "";
  form.elements.in_view.checked = params.in_view === "1";
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

function showFilterError(err) {
  const p = $("#filter-error");
  if (!err) {
    p.hidden = true;
    p.textContent = "";
    return;
  }
  p.hidden = false;
  p.textContent = err instanceof ApiError ? err.message : `Erreur : ${err.message || err}`;
}

async function loadStats() {
  try {
    const s = await getJSON("/api/stats");
    const span = s.date_min ? ` · du ${s.date_min} au ${s.date_max}` : "";
    $("#stats").textContent = `${fmtInt(s.incidents)} incidents · ${fmtInt(s.articles)} articles · ` +
      `${fmtInt((s.grades || {}).contested || 0)} contestés${span}`;
  } catch {
    $("#stats").textContent = "";
  }
}

async function refresh({ keepView = false, resetPage = true } = {}) {
  const seq = ++state.seq;
  if (resetPage) state.page = 0;
  const params = readForm();
  saveHash(params);
  if ($("#f-inview").checked) params.bbox = map.bbox();
  setState("loading");
  showFilterError(null);
  try {
    const [forMap, page, tl] = await Promise.all([
      getJSON("/api/incidents", { ...params, limit: MAP_LIMIT }),
      getJSON("/api/incidents", { ...params, limit: PAGE_SIZE, offset: state.page * PAGE_SIZE }),
      getJSON("/api/stats/timeline", { ...params, bucket: $("#bucket").value }),
    ]);
    if (seq !== state.seq) return;
    const shown = map.setIncidents(forMap.items, { keepView: keepView || $("#f-inview").checked });
    $("#map-note").textContent = forMap.total > forMap.items.length
      ? `${fmtInt(shown)} points sur la carte (les ${fmtInt(MAP_LIMIT)} plus récents sur ${fmtInt(forMap.total)})`
      : `${fmtInt(shown)} incident(s) localisé(s) sur ${fmtInt(forMap.total)}`;
    showPage(page);
    timeline.update(tl.rows, tl.bucket);
    setState("ready");
  } catch (err) {
    if (seq !== state.seq) return;
    showFilterError(err);
    setState("error");
  }
}

function showPage(page) {
  state.total = page.total;
  $("#count").textContent = `(${fmtInt(page.total)})`;
  const from = page.total ? page.offset + 1 : 0;
  const to = page.offset + page.items.length;
  $("#page-info").textContent = `${fmtInt(from)}–${fmtInt(to)} sur ${fmtInt(page.total)}`;
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
  body.innerHTML = '<p class="sub">Chargement…</p>';
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

let map, timeline;

async function main() {
  setState("loading");
  fillTypeSelect();
  fillLegend();
  const missing = missingLibraries();
  if (missing.length) {
    showBanner(`Bibliothèques manquantes : ${esc(missing.join(", "))}. Installez-les avec ` +
      "<code>npm ci --prefix web && node web/vendor.mjs</code> puis rechargez la page.");
    setState("error");
    return;
  }
  map = new IncidentMap($("#map"), { onSelect: openIncident });
  timeline = new Timeline($("#timeline-chart"));
  try {
    const topo = await (await fetch("/static/basemap.topo.json")).json();
    fillPlaces(map.drawBasemap(topo));
  } catch (err) {
    showBanner(`Fond de carte indisponible (${esc(err.message)}).`);
  }
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
