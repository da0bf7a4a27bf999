// The incident table: one page of /api/incidents, click a row to open the incident.
import { esc, dateText, fatalitiesText, gradeBadge, typeColor } from "./util.js";

export function renderTable(tbody, incidents, { onSelect, selected }) {
  if (!incidents.length) {
    tbody.innerHTML = `<tr class="empty"><td colspan="7" class="sub">Aucun incident ne correspond aux filtres.</td></tr>`;
    return;
  }
  tbody.innerHTML = incidents.map((inc) => {
    const actors = [inc.actor1, inc.actor2].filter(Boolean).map(esc).join(" → ") || "—";
    const contested = inc.grade === "contested" || inc.disputed_attribution;
    return `<tr data-id="${inc.id}" class="${inc.id === selected ? "selected" : ""}${contested ? " contested" : ""}">
      <td>${esc(dateText(inc))}${inc.date_estimated ? ' <span class="badge estimated" title="date de publication">≈</span>' : ""}</td>
      <td>${esc(inc.location || "—")}<div class="sub">${esc([inc.admin1, inc.country].filter(Boolean).join(", "))}</div></td>
      <td><span class="swatch" style="background:${typeColor(inc.event_type)}"></span>${esc(inc.sub_event_type || inc.event_type)}</td>
      <td>${actors}</td>
      <td class="num">${esc(fatalitiesText(inc))}</td>
      <td class="num" title="sources indépendantes / rapports">${esc(inc.independent_sources ?? "—")} / ${esc(inc.n_reports ?? "—")}</td>
      <td>${gradeBadge(inc)}${contested ? ' <span title="attribution contestée">⚠</span>' : ""}</td>
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
