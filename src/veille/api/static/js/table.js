// The incident table: one page of /api/incidents, click a row to open the incident.
import { t } from "./i18n.js";
import { dateText, fatalitiesText, gradeBadge, rangeText } from "./format.js";
import { esc, typeColor } from "./util.js";

export const COLUMNS = 8;

export function renderTable(tbody, incidents, { onSelect, selected }) {
  if (!incidents.length) {
    tbody.innerHTML = `<tr class="empty"><td colspan="${COLUMNS}" class="sub">${esc(t("table.empty"))}</td></tr>`;
    return;
  }
  tbody.innerHTML = incidents.map((inc) => {
    const actors = [inc.actor1, inc.actor2].filter(Boolean).map(esc).join(" → ") || "—";
    const contested = inc.grade === "contested" || inc.disputed_attribution;
    const injured = rangeText(inc.injured_min, inc.injured_max);
    const children = rangeText(inc.child_fatalities_min, inc.child_fatalities_max);
    return `<tr data-id="${inc.id}" class="${inc.id === selected ? "selected" : ""}${contested ? " contested" : ""}">
      <td data-label="${esc(t("table.date"))}">${esc(dateText(inc))}${inc.date_estimated ? ` <span class="badge estimated" title="${esc(t("misc.date_estimated_help"))}">≈</span>` : ""}</td>
      <td data-label="${esc(t("table.place"))}">${esc(inc.location || "—")}<div class="sub">${esc([inc.admin1, inc.country].filter(Boolean).join(", "))}</div></td>
      <td data-label="${esc(t("table.type"))}"><span class="swatch" style="background:${typeColor(inc.event_type)}"></span>${esc(inc.sub_event_type || inc.event_type)}</td>
      <td data-label="${esc(t("table.actors"))}">${actors}</td>
      <td class="num" data-label="${esc(t("table.deaths"))}">${esc(fatalitiesText(inc))}${children ? `<div class="sub">${esc(t("figures.children_short", { n: children }))}</div>` : ""}</td>
      <td class="num injured" data-label="${esc(t("table.injured"))}">${esc(injured ?? "—")}</td>
      <td class="num" data-label="${esc(t("table.sources"))}" title="${esc(t("table.sources_help"))}">${esc(inc.independent_sources ?? "—")} / ${esc(inc.n_reports ?? "—")}</td>
      <td data-label="${esc(t("table.grade"))}">${gradeBadge(inc)}${contested ? ` <span title="${esc(t("grade.contested.help"))}">⚠</span>` : ""}</td>
    </tr>`;
  }).join("");
  for (const tr of tbody.querySelectorAll("tr[data-id]")) {
    tr.addEventListener("click", () => onSelect(Number(tr.dataset.id)));
  }
}

export function markSelected(tbody, id) {
  for (const tr of tbody.querySelectorAll("tr[data-id]")) {
    tr.classList.toggle("selected", Number(tr.dataset.id) === id);
  }
}
