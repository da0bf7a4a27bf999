// Shared helpers: event-type colours, escaping, number and date formatting.

export const TYPE_COLORS = {
  "Battles": "#d1495b",
  "Explosions/Remote violence": "#edae49",
  "Violence against civilians": "#6a4c93",
};
export const OTHER_COLOR = "#7f8c8d";

export const TYPE_LABELS = {
  "Battles": "Combats",
  "Explosions/Remote violence": "Explosions / violence à distance",
  "Violence against civilians": "Violence contre des civils",
};

export const SUB_TYPES = {
  "Battles": ["Armed clash", "Government regains territory", "Non-state actor overtakes territory"],
  "Explosions/Remote violence": [
    "Air/drone strike", "Shelling/artillery/missile attack", "Remote explosive/landmine/IED",
    "Suicide bomb", "Chemical weapon", "Grenade",
  ],
  "Violence against civilians": ["Attack", "Abduction/forced disappearance", "Sexual violence"],
};

export function typeColor(type) {
  return TYPE_COLORS[type] || OTHER_COLOR;
}

export function esc(value) {
  return String(value ?? "").replace(/[&<>"']/g, (c) => ({
    "&": "&amp;", "<": "&lt;", ">": "&gt;", '"': "&quot;", "'": "&#39;",
  })[c]);
}

// A link target only for http(s) URLs: a stored "javascript:" or "data:" URL is never a link.
export function safeUrl(value) {
  if (typeof value !== "string" || !value.trim()) return null;
  try {
    const url = new URL(value.trim());
    return url.protocol === "http:" || url.protocol === "https:" ? url.href : null;
  } catch {
    return null;
  }
}

export function fmtInt(n) {
  return n === null || n === undefined ? "—" : Number(n).toLocaleString("fr-FR");
}

export function fatalitiesText(inc) {
  const best = inc.fatalities_best;
  if (best === null || best === undefined) return "—";
  const lo = inc.fatalities_min, hi = inc.fatalities_max;
  if (hi !== null && hi !== undefined && hi !== lo) return `${fmtInt(best)} (${fmtInt(lo)}–${fmtInt(hi)})`;
  return fmtInt(best);
}

export function dateText(inc) {
  if (!inc.date) return "date inconnue";
  return inc.date_max && inc.date_max !== inc.date ? `${inc.date} → ${inc.date_max}` : inc.date;
}

export function placeText(inc) {
  return [inc.location, inc.admin1, inc.country].filter(Boolean)
    .filter((v, i, all) => all.indexOf(v) === i).join(", ") || "lieu inconnu";
}

export function markerRadius(fatalities) {
  const n = Math.max(0, Number(fatalities) || 0);
  return Math.min(28, 4 + 2.2 * Math.sqrt(n));
}

export function gradeBadge(inc) {
  const labels = { weak: "une source", fair: "recoupé", contested: "contesté" };
  const g = inc.grade || "weak";
  let html = `<span class="badge ${esc(g)}" title="grade: ${esc(g)}">${esc(labels[g] || g)}</span>`;
  if (inc.disputed_figures) html += ` <span class="badge disputed" title="Les sources donnent des bilans différents">chiffres ≠</span>`;
  return html;
}
