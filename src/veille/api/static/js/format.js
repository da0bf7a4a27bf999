// Formatting that depends on the interface language: numbers, dates, places, grade badges.
import { locale, t } from "./i18n.js";
import { GRADES, esc } from "./util.js";

export function typeLabel(type) {
  const label = t(`types.${type}`);
  return label === `types.${type}` ? type : label;
}

export function fmtInt(n) {
  return n === null || n === undefined ? "—" : Number(n).toLocaleString(locale());
}

// "8 (8–11)": the best figure and the range when reports differ.
export function fatalitiesText(inc) {
  const best = inc.fatalities_best;
  if (best === null || best === undefined) return "—";
  const lo = inc.fatalities_min, hi = inc.fatalities_max;
  if (hi !== null && hi !== undefined && hi !== lo) return `${fmtInt(best)} (${fmtInt(lo)}–${fmtInt(hi)})`;
  return fmtInt(best);
}

// "10–14" or "30" for a min-max pair; null when no report gives the figure.
export function rangeText(lo, hi) {
  if (lo === null || lo === undefined) return null;
  return hi !== null && hi !== undefined && hi !== lo ? `${fmtInt(lo)}–${fmtInt(hi)}` : fmtInt(lo);
}

export function dateText(inc) {
  if (!inc.date) return t("misc.unknown_date");
  return inc.date_max && inc.date_max !== inc.date ? `${inc.date} → ${inc.date_max}` : inc.date;
}

export function placeText(inc) {
  return [inc.location, inc.admin1, inc.country].filter(Boolean)
    .filter((v, i, all) => all.indexOf(v) === i).join(", ") || t("misc.unknown_place");
}

export function gradeBadge(inc) {
  const g = GRADES.includes(inc.grade) ? inc.grade : "weak";
  let html = `<span class="badge ${g}" title="${esc(t(`grade.${g}.help`))}">${esc(t(`grade.${g}.label`))}</span>`;
  if (inc.disputed_figures) {
    html += ` <span class="badge disputed" title="${esc(t("grade.disputed.help"))}">${esc(t("grade.disputed.label"))}</span>`;
  }
  return html;
}

export function precisionText(p) {
  return p ? t(`precision.${p}`) : "";
}
