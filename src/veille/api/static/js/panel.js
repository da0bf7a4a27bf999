// The incident panel: what happened, each source's own figures, and the evidence sentence of
// each report highlighted in its article.
import { getJSON } from "./api.js";
import { esc, dateText, fatalitiesText, fmtInt, gradeBadge, placeText, safeUrl, typeColor } from "./util.js";

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
  return sentence ? `<mark>${markedSentence(sentence)}</mark>` : '<span class="sub">(pas de phrase de preuve)</span>';
}

function perSourceTable(inc) {
  const rows = inc.per_source || [];
  if (!rows.length) return '<p class="sub">Aucune source.</p>';
  const best = inc.fatalities_best;
  return `<table class="per-source"><thead><tr><th>Source</th><th class="num">Morts</th>
    <th class="num">Civils</th><th>Auteur</th><th>Selon</th></tr></thead><tbody>${rows.map((r) => {
      const differs = r.fatalities !== null && r.fatalities !== undefined && best !== null && r.fatalities !== best;
      return `<tr class="${differs ? "differs" : ""}"><td>${esc(r.source || "—")}</td>
        <td class="num fig">${fmtInt(r.fatalities)}</td><td class="num">${fmtInt(r.civilian_fatalities)}</td>
        <td>${esc(r.actor1 || "—")}</td><td>${esc((r.claimed_by || []).join(", ") || "—")}</td></tr>`;
    }).join("")}</tbody></table>`;
}

export async function renderIncident(body, inc) {
  const contested = inc.grade === "contested" || inc.disputed_attribution;
  const flags = [gradeBadge(inc)];
  if (inc.disputed_attribution) flags.push('<span class="badge contested">auteur contesté</span>');
  if (inc.date_estimated) flags.push('<span class="badge estimated">date estimée</span>');
  body.innerHTML = `
    <h3 id="panel-title"><span class="swatch" style="background:${typeColor(inc.event_type)}"></span>${esc(inc.sub_event_type || inc.event_type)}</h3>
    <div class="sub">${esc(inc.event_type)} · incident n° ${inc.id}</div>
    <div class="flags">${flags.join(" ")}</div>
    ${contested ? '<p class="error">⚠ Les sources attribuent cet incident à des auteurs différents.</p>' : ""}
    <dl>
      <dt>Date</dt><dd>${esc(dateText(inc))}</dd>
      <dt>Lieu</dt><dd>${esc(placeText(inc))}${inc.geo_precision ? ` <span class="sub">(précision ${esc(inc.geo_precision)})</span>` : ""}</dd>
      <dt>Acteurs</dt><dd>${esc(inc.actor1 || "—")}${inc.actor2 ? ` → ${esc(inc.actor2)}` : ""}</dd>
      <dt>Morts</dt><dd>${esc(fatalitiesText(inc))}${inc.civilian_fatalities !== null && inc.civilian_fatalities !== undefined ? ` <span class="sub">dont ${fmtInt(inc.civilian_fatalities)} civils</span>` : ""}</dd>
      <dt>Sources</dt><dd>${esc(inc.independent_sources ?? "—")} indépendante(s), ${esc(inc.n_reports)} rapport(s)</dd>
      <dt>Selon</dt><dd>${esc((inc.claimants || []).join(", ") || "—")}</dd>
    </dl>
    <h4>Chiffres par source</h4>
    ${perSourceTable(inc)}
    <h4>Preuves</h4>
    <div id="evidence-list">${(inc.events || []).map((e, i) => `
      <blockquote class="evidence" data-event="${i}">
        <span class="who">${esc(e.source || e.article_doc_id || "source inconnue")} · ${esc(e.published || e.date || "")}
          ${safeUrl(e.url) ? ` · <a href="${esc(safeUrl(e.url))}" target="_blank" rel="noopener noreferrer">article</a>` : ""}</span>
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
