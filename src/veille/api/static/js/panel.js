// The incident panel: what happened, each source's own figures, and the evidence sentence of
// each report highlighted in its article.
import { getJSON } from "./api.js";
import { t } from "./i18n.js";
import { dateText, fatalitiesText, fmtInt, gradeBadge, placeText, precisionText, rangeText, typeLabel } from "./format.js";
import { esc, safeUrl, typeColor } from "./util.js";

const CONTEXT = 220; // characters of article text shown around an evidence sentence

// Escape a sentence and bold the figures in it (digits, or French number words).
const NUMBER = /(\d[\d\u00a0 .,]*\d|\d|\b(?:deux|trois|quatre|cinq|six|sept|huit|neuf|dix(?:-sept|-huit|-neuf)?|onze|douze|treize|quatorze|quinze|seize|vingt|trente|quarante|cinquante|soixante|cent|mille|dizaine|douzaine|quinzaine|vingtaine|trentaine|centaine)s?\b)/giu;

function markedSentence(text) {
  return text.split(NUMBER).map((piece, i) => (i % 2 ? `<strong>${esc(piece)}</strong>` : esc(piece))).join("");
}

function evidenceHTML(event, text) {
  const sentence = event.evidence || "";
  let before = "", after = "";
  const start = event.evidence_start, end = event.evidence_end;
  if (text && Number.isInteger(start) && Number.isInteger(end) && end > start && end <= text.length) {
    before = text.slice(Math.max(0, start - CONTEXT), start);
    after = text.slice(end, end + CONTEXT);
    if (start - CONTEXT > 0) before = "…" + before;
    if (end + CONTEXT < text.length) after += "…";
    const marked = text.slice(start, end);
    return `${esc(before)}<mark>${markedSentence(marked)}</mark>${esc(after)}`;
  }
  return sentence ? `<mark>${markedSentence(sentence)}</mark>` : `<span class="sub">${esc(t("panel.no_evidence"))}</span>`;
}

function perSourceTable(inc) {
  const rows = inc.per_source || [];
  if (!rows.length) return `<p class="sub">${esc(t("panel.no_source"))}</p>`;
  const best = inc.fatalities_best;
  const injuredOf = new Map((inc.events || []).map((e) => [e.article_id, e]));
  return `<table class="per-source"><thead><tr><th>${esc(t("panel.source"))}</th><th class="num">${esc(t("table.deaths"))}</th>
    <th class="num">${esc(t("panel.civilians"))}</th><th class="num">${esc(t("table.injured"))}</th><th>${esc(t("panel.perpetrator"))}</th><th>${esc(t("panel.according_to"))}</th></tr></thead><tbody>${rows.map((r) => {
      const differs = r.fatalities !== null && r.fatalities !== undefined && best !== null && r.fatalities !== best;
      const ev = injuredOf.get(r.article_id) || {};
      return `<tr class="${differs ? "differs" : ""}"><td>${esc(r.source || "—")}</td>
        <td class="num fig">${fmtInt(r.fatalities)}</td><td class="num">${fmtInt(r.civilian_fatalities)}</td>
        <td class="num">${fmtInt(ev.injured)}</td>
        <td>${esc(r.actor1 || "—")}</td><td>${esc((r.claimed_by || []).join(", ") || "—")}</td></tr>`;
    }).join("")}</tbody></table>`;
}

// One line per article: outlet, date, link (http(s) only) and which article it copies.
function sourcesList(inc) {
  const articles = inc.articles || [];
  if (!articles.length) return `<p class="sub">${esc(t("panel.no_source"))}</p>`;
  const name = new Map(articles.map((a) => [a.id, a.source || a.doc_id]));
  return `<ul id="sources-list" class="sources">${articles.map((a) => {
    const url = safeUrl(a.url);
    const copies = (a.copy_of || []).map((id) => name.get(id) || `#${id}`);
    return `<li data-article="${a.id}"><strong>${esc(a.source || a.doc_id || "—")}</strong>
      <span class="sub">${esc(a.published || t("misc.unknown_date"))}</span>
      ${url ? `<a href="${esc(url)}" target="_blank" rel="noopener noreferrer">${esc(t("panel.link"))}</a>` : ""}
      ${copies.length ? `<span class="badge copy" title="${esc(t("panel.copy_help"))}">${esc(t("panel.copy_of", { names: copies.join(", ") }))}</span>` : ""}</li>`;
  }).join("")}</ul>`;
}

function figuresRows(inc) {
  const rows = [];
  const injured = rangeText(inc.injured_min, inc.injured_max);
  const children = rangeText(inc.child_fatalities_min, inc.child_fatalities_max);
  const women = rangeText(inc.women_fatalities_min, inc.women_fatalities_max);
  const civilians = inc.civilian_fatalities !== null && inc.civilian_fatalities !== undefined
    ? ` <span class="sub">${esc(t("figures.of_whom_civilians", { n: fmtInt(inc.civilian_fatalities) }))}</span>` : "";
  rows.push(`<dt>${esc(t("table.deaths"))}</dt><dd id="panel-deaths">${esc(fatalitiesText(inc))}${civilians}</dd>`);
  rows.push(`<dt>${esc(t("panel.children"))}</dt><dd id="panel-children">${esc(children ?? "—")}</dd>`);
  rows.push(`<dt>${esc(t("panel.women"))}</dt><dd id="panel-women">${esc(women ?? "—")}</dd>`);
  rows.push(`<dt>${esc(t("table.injured"))}</dt><dd id="panel-injured">${esc(injured ?? "—")}</dd>`);
  return rows.join("");
}

export async function renderIncident(body, inc) {
  const contested = inc.grade === "contested" || inc.disputed_attribution;
  const flags = [gradeBadge(inc)];
  if (inc.disputed_attribution) flags.push(`<span class="badge contested">${esc(t("panel.attribution_contested"))}</span>`);
  if (inc.date_estimated) flags.push(`<span class="badge estimated" title="${esc(t("misc.date_estimated_help"))}">${esc(t("misc.date_estimated"))}</span>`);
  const precision = inc.geo_precision
    ? ` <span class="sub precision" title="${esc(precisionText(inc.geo_precision))}">(${esc(t("panel.precision", { p: inc.geo_precision }))})</span>` : "";
  body.innerHTML = `
    <h3 id="panel-title"><span class="swatch" style="background:${typeColor(inc.event_type)}"></span>${esc(inc.sub_event_type || inc.event_type)}</h3>
    <div class="sub">${esc(typeLabel(inc.event_type))} · ${esc(t("panel.incident_no", { id: inc.id }))}</div>
    <div class="flags">${flags.join(" ")}</div>
    ${inc.summary ? `<p id="panel-summary" class="summary" lang="en">${esc(inc.summary)}</p>` : ""}
    ${contested ? `<p class="error">⚠ ${esc(t("panel.contested_warning"))}</p>` : ""}
    <dl>
      <dt>${esc(t("table.date"))}</dt><dd>${esc(dateText(inc))}</dd>
      <dt>${esc(t("table.place"))}</dt><dd>${esc(placeText(inc))}${precision}${inc.admin2 ? `<div class="sub" id="panel-admin2">${esc(t("panel.admin2", { name: inc.admin2 }))}</div>` : ""}</dd>
      <dt>${esc(t("table.actors"))}</dt><dd>${esc(inc.actor1 || "—")}${inc.actor2 ? ` → ${esc(inc.actor2)}` : ""}</dd>
      ${figuresRows(inc)}
      <dt>${esc(t("table.sources"))}</dt><dd>${esc(t("panel.sources_count", { independent: inc.independent_sources ?? "—", reports: inc.n_reports }))}</dd>
      <dt>${esc(t("panel.according_to"))}</dt><dd>${esc((inc.claimants || []).join(", ") || "—")}</dd>
    </dl>
    <h4>${esc(t("panel.sources"))}</h4>
    ${sourcesList(inc)}
    <h4>${esc(t("panel.per_source"))}</h4>
    ${perSourceTable(inc)}
    <h4>${esc(t("panel.evidence"))}</h4>
    <div id="evidence-list">${(inc.events || []).map((e, i) => `
      <blockquote class="evidence" data-event="${i}">
        <span class="who">${esc(e.source || e.article_doc_id || t("panel.unknown_source"))} · ${esc(e.published || e.date || "")}
          ${safeUrl(e.url) ? ` · <a href="${esc(safeUrl(e.url))}" target="_blank" rel="noopener noreferrer">${esc(t("panel.article"))}</a>` : ""}</span>
        <span class="text">${evidenceHTML(e, null)}</span>
      </blockquote>`).join("")}</div>`;
  // Then show each evidence sentence inside its article's text.
  const texts = new Map();
  await Promise.all((inc.events || []).map(async (e, i) => {
    if (!e.article_id) return;
    try {
      if (!texts.has(e.article_id)) texts.set(e.article_id, getJSON(`/api/articles/${e.article_id}`));
      const article = await texts.get(e.article_id);
      const node = body.querySelector(`blockquote[data-event="${i}"] .text`);
      if (node) node.innerHTML = evidenceHTML(e, article.text);
    } catch {
      // keep the sentence alone
    }
  }));
}
