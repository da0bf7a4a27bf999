// Shared helpers with no dependency (tests load this file alone in Node): event-type colours,
// sub-types, escaping, safe links, marker size. Language-dependent formatting is in format.js.

export const TYPE_COLORS = {
  "Battles": "#d1495b",
  "Explosions/Remote violence": "#edae49",
  "Violence against civilians": "#6a4c93",
};
export const OTHER_COLOR = "#7f8c8d";

export const SUB_TYPES = {
  "Battles": ["Armed clash", "Government regains territory", "Non-state actor overtakes territory"],
  "Explosions/Remote violence": [
    "Air/drone strike", "Shelling/artillery/missile attack", "Remote explosive/landmine/IED",
    "Suicide bomb", "Chemical weapon", "Grenade",
  ],
  "Violence against civilians": ["Attack", "Abduction/forced disappearance", "Sexual violence"],
};
export const GRADES = ["weak", "fair", "contested"];

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

export function markerRadius(fatalities) {
  const n = Math.max(0, Number(fatalities) || 0);
  return Math.min(28, 4 + 2.2 * Math.sqrt(n));
}

