// Arkiv web page. Plain DOM, no build step. Document text is only ever set
// with textContent / text nodes, never parsed as HTML.
"use strict";

const KINDS = { minutes: "Referat", agenda: "Dagsorden", notat: "Notat", report: "Rapport", status: "Status",
  slides: "Præsentation", policy: "Politik", standard: "Standard", table: "Liste", letter: "Brev", document: "Dokument" };
const MONTHS = ["januar", "februar", "marts", "april", "maj", "juni", "juli", "august",
  "september", "oktober", "november", "december"];
const docs = new Map(); // doc_id -> document entry from /documents
const POLL_MS = 2000; // /health while an ingest job runs
let ingestJob = null; // the job /health last reported, or null
let pollTimer = null;
let docsLoaded = false;
let checking = false; // a /health round is under way

const $ = (id) => document.getElementById(id);

let lastQuestion = "";

function el(tag, props, ...children) {
  const node = document.createElement(tag);
  for (const [k, v] of Object.entries(props || {})) {
    if (k === "class") node.className = v;
    else if (k === "text") node.textContent = v;
    else if (k.startsWith("on")) node.addEventListener(k.slice(2), v);
    else node.setAttribute(k, v);
  }
  for (const c of children) if (c != null) node.append(c);
  return node;
}

function danishDate(d) {
  if (!d) return "";
  const m = /^(\d{4})(?:-(\d{2}))?(?:-(\d{2}))?$/.exec(d);
  if (!m) return d;
  if (m[3]) return `${Number(m[3])}. ${MONTHS[Number(m[2]) - 1]} ${m[1]}`;
  if (m[2]) return `${MONTHS[Number(m[2]) - 1]} ${m[1]}`;
  return m[1];
}

// 1079 -> "1.079"
function num(n) {
  return String(n).replace(/\B(?=(\d{3})+(?!\d))/g, ".");
}

function plural(n, one, many) {
  return `${num(n)} ${n === 1 ? one : many}`;
}

// "de 3 dokumenter, der allerede er søgbare" / "det ene dokument, der allerede er søgbart"
function searchable(n) {
  return n === 1 ? "det ene dokument, der allerede er søgbart" : `de ${num(n)} dokumenter, der allerede er søgbare`;
}

// "1 dokument er søgbart" / "3 dokumenter er søgbare"
function countSearchable(n) {
  return n === 1 ? "1 dokument er søgbart" : `${num(n)} dokumenter er søgbare`;
}

function pageText(label, page) {
  let s = `s. ${label || page}`;
  if (label && String(label) !== String(page)) s += ` (PDF-side ${page})`;
  return s;
}

async function getJSON(url, options) {
  const res = await fetch(url, options);
  let body = null;
  try { body = await res.json(); } catch (_) { /* not JSON */ }
  if (!res.ok) {
    const detail = body && body.detail;
    throw new Error(typeof detail === "string" ? detail : `HTTP ${res.status}`);
  }
  return body;
}

function setStatus(text, isError) {
  const s = $("status");
  s.textContent = text;
  s.classList.toggle("error", Boolean(isError));
}

// ---------------------------------------------------------------- asking
async function ask(question, filters) {
  const button = $("ask-button");
  button.disabled = true;
  setStatus("Søger i dokumenterne …");
  const body = { question, k: 5 };
  if (filters) body.filters = filters;
  try {
    const data = await getJSON("/ask", {
      method: "POST",
      headers: { "Content-Type": "application/json" },
      body: JSON.stringify(body),
    });
    showAnswer(data, filters);
    setStatus("");
  } catch (err) {
    setStatus(`Der skete en fejl: ${err.message}`, true);
  } finally {
    button.disabled = false;
  }
  if (!pollTimer && !checking) checkIngest(); // an upload may have started a job since the page loaded
}

// ---------------------------------------------------------------- filters
// The chosen filters as the API wants them, or null when none is set.
function currentFilters() {
  const f = {};
  const kind = $("f-kind").value, body = $("f-body").value, docId = $("f-doc").value;
  const from = $("f-from").value, to = $("f-to").value;
  if (kind) f.kind = kind;
  if (body) f.body = body;
  if (from) f.date_from = from;
  if (to) f.date_to = to;
  if (docId) f.doc_id = docId;
  return Object.keys(f).length ? f : null;
}

// "Rapport · Danske Regioner · 1. november 2024 – 31. december 2024"
function describeFilters(f) {
  const bits = [];
  if (f.kind) bits.push(KINDS[f.kind] || f.kind);
  if (f.body) bits.push(f.body);
  if (f.date_from && f.date_to) bits.push(`${danishDate(f.date_from)} – ${danishDate(f.date_to)}`);
  else if (f.date_from) bits.push(`fra ${danishDate(f.date_from)}`);
  else if (f.date_to) bits.push(`til ${danishDate(f.date_to)}`);
  if (f.doc_id) bits.push(`»${docs.has(f.doc_id) ? docs.get(f.doc_id).title : f.doc_id}«`);
  return bits.join(" · ");
}

// Same rule as the API for kind/body/document; a document's own date stands in for its passages' dates.
function docMatches(d, f, withDates) {
  if (f.kind && d.kind !== f.kind) return false;
  if (f.body && d.body !== f.body) return false;
  if (f.doc_id && d.doc_id !== f.doc_id) return false;
  if (withDates && d.date) {
    const start = (d.date + "-01-01").slice(0, 10);
    const end = d.date.length === 4 ? `${d.date}-12-31` : d.date.length === 7 ? `${d.date}-31` : d.date;
    if (f.date_from && end < f.date_from) return false;
    if (f.date_to && start > f.date_to) return false;
  }
  return true;
}

function filterProblem() {
  const from = $("f-from").value, to = $("f-to").value;
  if (from && to && from > to) return "»Dato fra« ligger efter »Dato til«. Ret en af datoerne.";
  return "";
}

function updateFilterInfo() {
  const f = currentFilters();
  const n = f ? Object.keys(f).length : 0;
  $("filter-count").textContent = n ? `(${n} valgt)` : "";
  const match = $("f-match");
  const problem = filterProblem();
  if (problem) {
    match.textContent = problem;
    match.classList.add("error");
    return;
  }
  match.classList.remove("error");
  if (!f || docs.size === 0) { match.textContent = ""; return; }
  const hits = [...docs.values()].filter((d) => docMatches(d, f, true)).length;
  // The date fields show the browser's own format; the period in words removes any doubt.
  const period = f.date_from || f.date_to ? `Periode: ${describeFilters({ date_from: f.date_from, date_to: f.date_to })}. ` : "";
  match.textContent = period + (hits === 0
    ? "Ingen dokumenter i arkivet passer til afgrænsningen."
    : `${plural(hits, "dokument", "dokumenter")} af ${num(docs.size)} passer til afgrænsningen.`);
}

function setOptions(select, items, emptyLabel) {
  const keep = select.value;
  select.replaceChildren(el("option", { value: "" }, emptyLabel),
    ...items.map(([value, label]) => el("option", { value }, label)));
  select.value = items.some(([value]) => value === keep) ? keep : "";
}

// Choices come from the documents in the index: only kinds and bodies that exist.
function buildFilterChoices() {
  const all = [...docs.values()];
  const count = (key, value) => all.filter((d) => d[key] === value).length;
  const kinds = [...new Set(all.map((d) => d.kind).filter(Boolean))]
    .sort((a, b) => (KINDS[a] || a).localeCompare(KINDS[b] || b, "da"));
  setOptions($("f-kind"), kinds.map((k) => [k, `${KINDS[k] || k} (${count("kind", k)})`]), "Alle typer");
  const bodies = [...new Set(all.map((d) => d.body).filter(Boolean))].sort((a, b) => a.localeCompare(b, "da"));
  setOptions($("f-body"), bodies.map((b) => [b, `${b} (${count("body", b)})`]), "Alle afsendere");
  buildDocumentChoices();
}

// The document list follows the chosen kind and body.
function buildDocumentChoices() {
  const f = { kind: $("f-kind").value, body: $("f-body").value };
  const items = [...docs.values()].filter((d) => docMatches(d, f, false))
    .map((d) => [d.doc_id, d.date ? `${d.title} (${danishDate(d.date)})` : d.title]);
  setOptions($("f-doc"), items, "Alle dokumenter");
  updateFilterInfo();
}

function clearFilters() {
  for (const id of ["f-kind", "f-body", "f-doc", "f-from", "f-to"]) $(id).value = "";
  buildDocumentChoices();
}

function showAnswer(data, filters) {
  $("viewer").hidden = true;
  const result = $("result");
  const answer = $("answer");
  answer.replaceChildren();
  result.classList.toggle("not-found", !data.found);

  if (data.found) {
    $("result-heading").textContent = "Svar";
    // "sentence [1] sentence [2]": markers become links to the citation.
    const parts = data.answer.split(/(\[\d+\])/);
    for (const part of parts) {
      const m = /^\[(\d+)\]$/.exec(part);
      if (m) {
        answer.append(el("a", { href: `#kilde-${m[1]}`, class: "ref", "aria-label": `kilde ${m[1]}`,
          onclick: (e) => { e.preventDefault(); jumpToCitation(m[1]); } }, `[${m[1]}]`));
      } else if (part) {
        answer.append(document.createTextNode(part));
      }
    }
  } else {
    $("result-heading").textContent = "Det kan jeg ikke finde i dokumenterne";
    // The heading already says it; keep only the advice that follows.
    answer.textContent = data.answer.replace(/^Det kan jeg ikke finde i dokumenterne\.\s*/, "") || data.answer;
    // With filters and not even a near passage, the filters are the reason: say that instead.
    if (filters && (data.related || []).length === 0) {
      answer.textContent = "Intet i arkivet passer til afgrænsningen, så der var ingen tekst at svare ud fra. " +
        "Udvid afgrænsningen, eller spørg uden den.";
    }
  }
  const scope = $("scope");
  scope.textContent = filters ? `Afgrænset til: ${describeFilters(filters)}` : "";
  scope.hidden = !filters;
  showResultNote(data, filters);

  const conf = typeof data.confidence === "number" ? Math.round(data.confidence * 100) : null;
  // A "certainty" beside "cannot find" only confuses: shown for answers only.
  $("confidence").textContent = conf === null || !data.found ? "" : `Sikkerhed: ${conf}\u00a0%`;

  const history = data.history || [];
  $("history").hidden = history.length === 0;
  $("history-list").replaceChildren(...history.map((h) => el("li", { text: h })));

  const citations = data.citations || [];
  $("citations-block").hidden = citations.length === 0;
  $("citations").replaceChildren(...citations.map(citationCard));

  const related = data.found ? [] : (data.related || []);
  $("related-block").hidden = related.length === 0;
  $("related").replaceChildren(...related.map(relatedCard));

  const button = $("timeline-button");
  button.hidden = !data.found;
  button.onclick = () => showTimeline(lastQuestion, filters);
  $("timeline").hidden = true;

  result.hidden = false;
  $("result-heading").focus();
}

// Where an entry's date comes from: a time the passage names, its meeting, or its document.
const DATE_SOURCE = { stated: "tidspunkt nævnt i teksten", meeting: "mødedato", document: "dokumentets dato" };
const STATEMENT = { decision: "Beslutning", recommendation: "Anbefaling", money: "Økonomi", plan: "Plan/forventning",
  status: "Status", discussion: "Drøftelse" };

// "Se hele forløbet" and the topic box: every dated statement about a topic, oldest first,
// grouped by date; each with its kind, quote, the places it stands and a link to the page.
async function showTimeline(topic, filters) {
  const params = new URLSearchParams({ topic });
  for (const [k, v] of Object.entries(filters || {})) if (v) params.set(k, v);
  setStatus("Henter forløbet …");
  let data;
  try {
    data = await getJSON(`/timeline?${params}`);
  } catch (err) {
    setStatus(`Der skete en fejl: ${err.message}`, true);
    return;
  }
  setStatus("");
  const entries = data.entries || [];
  const scope = filters ? ` Afgrænset til: ${describeFilters(filters)}.` : "";
  $("timeline-note").textContent = (entries.length
    ? `${plural(entries.length, "dateret udsagn", "daterede udsagn")} om «${data.topic}», ældste først.`
    : `Ingen daterede udsagn om «${data.topic}» i dokumenterne.`) + scope;
  const groups = [];
  for (const e of entries) {
    const key = `${e.date}|${e.date_source}`;
    if (!groups.length || groups[groups.length - 1].key !== key) groups.push({ key, entries: [] });
    groups[groups.length - 1].entries.push(e);
  }
  $("timeline-list").replaceChildren(...groups.map((g) => {
    const e = g.entries[0];
    const when = `${danishDate(e.date)} (${DATE_SOURCE[e.date_source] || e.date_source})`;
    return el("li", { class: "tl-group" },
      el("h3", { class: "tl-date", text: when }),
      el("ol", { class: "cards" }, ...g.entries.map(timelineCard)));
  }));
  $("timeline").hidden = false;
  $("timeline-heading").focus();
}

function timelineCard(e) {
  const first = e.sources[0];
  const open = () => showPage(first.doc_id, first.page, e.quote);
  const place = (s) => [s.title, s.body && !(s.title || "").includes(s.body) ? s.body : "",
    pageText(s.page_label, s.page), s.section].filter(Boolean).join(" · ");
  return el("li", { class: "card", "data-doc": first.doc_id, "data-kind": e.kind, "data-date": e.date },
    el("p", { class: "card-title", text: STATEMENT[e.kind] || e.kind }),
    el("blockquote", { text: e.quote }),
    el("p", { class: "muted", text: place(first) }),
    e.sources.length > 1
      ? el("p", { class: "muted", text: `Også i: ${e.sources.slice(1).map(place).join("; ")}` }) : null,
    el("button", { type: "button", class: "secondary", onclick: open }, "Vis siden"));
}

// Under the answer: what the filters did, and whether the index was still being built.
function showResultNote(data, filters) {
  const note = $("result-note");
  note.replaceChildren();
  const bits = [];
  if (!data.found && filters && (data.related || []).length) bits.push("Der blev kun søgt inden for afgrænsningen.");
  if (ingestJob) {
    bits.push(`Indekset bygges stadig: svaret bygger kun på ${searchable(docs.size)}.`);
    note.dataset.partial = "1";
  } else {
    delete note.dataset.partial;
  }
  if (bits.length) note.append(document.createTextNode(bits.join(" ")));
  if (!data.found && filters) {
    note.append(" ", el("button", { type: "button", class: "secondary", onclick: () => {
      clearFilters();
      const q = $("spoergsmaal").value.trim();
      if (q) ask(q, null);
    } }, "Spørg igen uden afgrænsning"));
  }
  note.hidden = note.childNodes.length === 0;
}

function metaLine(item) {
  const bits = [];
  const doc = docs.get(item.doc_id);
  const kind = item.kind || (doc && doc.kind);
  if (kind && KINDS[kind]) bits.push(KINDS[kind]);
  if (item.date) bits.push(danishDate(item.date));
  const body = item.body || (doc && doc.body);
  if (body) bits.push(body);
  bits.push(pageText(item.page_label, item.page));
  if (item.section) bits.push(item.section);
  return bits.join(" · ");
}

function citationCard(c) {
  const open = () => showPage(c.doc_id, c.page, c.quote);
  return el("li", { id: `kilde-${c.n}`, class: "card", tabindex: "-1", "data-doc": c.doc_id },
    el("p", { class: "card-title" },
      el("span", { class: "num", text: `[${c.n}] ` }),
      el("a", { href: `#side-${c.doc_id}-${c.page}`, onclick: (e) => { e.preventDefault(); open(); }, text: c.title })),
    el("p", { class: "muted", text: metaLine(c) }),
    el("blockquote", { text: c.quote }),
    el("button", { type: "button", class: "secondary", onclick: open }, "Vis siden"));
}

function relatedCard(r) {
  const open = () => showPage(r.doc_id, r.page, r.text);
  const flat = r.text.replace(/\s+/g, " ").trim(); // PDF line breaks are not paragraphs
  const excerpt = flat.length > 360 ? `${flat.slice(0, 360).replace(/\s\S*$/, "")} …` : flat;
  return el("li", { class: "card", "data-doc": r.doc_id },
    el("p", { class: "card-title", text: r.title }),
    el("p", { class: "muted", text: metaLine(r) }),
    el("p", { class: "excerpt", text: excerpt }),
    el("button", { type: "button", class: "secondary", onclick: open }, "Vis siden"));
}

function jumpToCitation(n) {
  const card = $(`kilde-${n}`);
  if (!card) return;
  card.scrollIntoView({ block: "center" });
  card.focus({ preventScroll: true });
  card.classList.add("flash");
  setTimeout(() => card.classList.remove("flash"), 1200);
}

// ---------------------------------------------------------------- page viewer
// Map whitespace-normalised text back to the original: norm[i] came from text[map[i]].
function normaliseWithMap(text) {
  let norm = "";
  const map = [];
  let inSpace = false;
  for (let i = 0; i < text.length; i++) {
    const ch = text[i];
    if (/\s/.test(ch)) {
      if (!inSpace && norm.length) { norm += " "; map.push(i); }
      inSpace = true;
    } else {
      norm += ch;
      map.push(i);
      inSpace = false;
    }
  }
  return { norm, map };
}

// [start, end) of the quote in the original text, or null.
function findQuote(text, quote) {
  const q = quote.replace(/\s+/g, " ").trim();
  if (!q) return null;
  const { norm, map } = normaliseWithMap(text);
  let at = norm.indexOf(q);
  if (at < 0) at = norm.toLowerCase().indexOf(q.toLowerCase());
  if (at < 0) return null;
  return [map[at], map[at + q.length - 1] + 1];
}

let pageRequest = 0; // the latest showPage call; an older one that finishes later is dropped
let pdfView = null; // pdfview.mjs, loaded the first time a page is opened
let pageZoom = 1; // 1: the page fits the width; 2: twice that, scrolled sideways (small screens)
let shownPage = null; // {fileUrl, page, quote} of the PDF page on show

// "Forstør siden" / "Formindsk siden": draw the page shown again at the other size, quote marked.
async function toggleZoom() {
  if (!shownPage || !pdfView) return;
  pageZoom = pageZoom === 1 ? 2 : 1;
  const button = $("viewer-zoom");
  button.textContent = pageZoom === 1 ? "Forstør siden" : "Formindsk siden";
  button.setAttribute("aria-pressed", String(pageZoom !== 1));
  // Drawn once already: if it cannot be drawn again, the cleaned text is the fallback.
  const drawn = await drawPage(++pageRequest, shownPage.fileUrl, shownPage.page, shownPage.quote);
  if (drawn && drawn.marks && drawn.marks.length) drawn.marks[0].scrollIntoView({ block: "center", inline: "start" });
}

// Draw a PDF page into the viewer at the current zoom: {marks} (the quote's highlights) when drawn,
// {error} when it cannot be (the viewer then shows the page's text), null when a newer request took over.
async function drawPage(request, fileUrl, page, quote) {
  const viewer = $("viewer");
  viewer.dataset.view = "loading";
  try {
    pdfView = pdfView || await import("/static/pdfview.mjs");
    const { marks } = await pdfView.renderPage($("viewer-page"), fileUrl, page, quote, pageZoom);
    if (request !== pageRequest) return null;
    viewer.dataset.view = "pdf";
    return { marks };
  } catch (error) {
    if (request !== pageRequest) return null;
    viewer.dataset.view = "text";
    $("viewer-textbox").open = true;
    return { error };
  }
}

async function showPage(docId, page, quote) {
  const request = ++pageRequest;
  setStatus("Henter siden …");
  let data;
  try {
    data = await getJSON(`/documents/${encodeURIComponent(docId)}/pages/${encodeURIComponent(page)}`);
  } catch (err) {
    setStatus(`Siden kunne ikke hentes: ${err.message}`, true);
    return;
  }
  if (request !== pageRequest) return;
  setStatus("");
  $("viewer-title").textContent = data.title;
  const doc = docs.get(docId);
  const bits = [`${pageText(data.label, data.page)} af ${data.pages}`];
  if (doc && doc.date) bits.push(danishDate(doc.date));
  if (doc && doc.body) bits.push(doc.body);
  $("viewer-meta").textContent = bits.join(" · ");
  const fileUrl = `/documents/${encodeURIComponent(docId)}/file`;
  $("viewer-pdf").href = `${fileUrl}#page=${data.page}`;
  $("viewer-pdf").textContent = `Hent PDF (side ${data.page})`;

  // The cleaned text, with the quote marked: what quotes are checked against, what a screen
  // reader reads, and the fallback when the PDF page cannot be drawn.
  const box = $("viewer-text");
  box.replaceChildren();
  const span = quote ? findQuote(data.text, quote) : null;
  let textMark = null;
  if (span) {
    textMark = el("mark", { text: data.text.slice(span[0], span[1]) });
    box.append(document.createTextNode(data.text.slice(0, span[0])), textMark,
      document.createTextNode(data.text.slice(span[1])));
  } else {
    box.textContent = data.text;
  }
  const note = $("viewer-note");
  const say = (text) => { note.textContent = text; note.hidden = !text; };
  say("");
  const viewer = $("viewer");
  const pageBox = $("viewer-page");
  pageBox.replaceChildren();
  viewer.hidden = false;
  $("viewer-title").focus({ preventScroll: true });
  viewer.scrollIntoView({ block: "start" });

  $("viewer-zoom").hidden = true;
  const drawn = await drawPage(request, fileUrl, data.page, quote);
  if (!drawn) return;
  if (drawn.error) {
    const err = drawn.error;
    pageBox.replaceChildren();
    say(`PDF-siden kan ikke vises her (${err.message || err}); nedenfor er sidens tekst.` +
      (quote && !span ? " Uddraget fortsætter på en anden side og er ikke markeret her." : ""));
    box.scrollTop = textMark ? Math.max(textMark.offsetTop - box.clientHeight / 3, 0) : 0;
    return;
  }
  const { marks } = drawn;
  shownPage = { fileUrl, page: data.page, quote };
  $("viewer-zoom").hidden = false;
  $("viewer-textbox").open = false;
  if (quote && !marks.length) {
    say(span ? "Citatet kunne ikke markeres på PDF-siden; det er markeret i sidens tekst nedenfor."
      : "Uddraget fortsætter på en anden side og er ikke markeret her.");
    if (span) $("viewer-textbox").open = true;
  }
  if (marks.length) marks[0].scrollIntoView({ block: "center" });
  if (textMark) box.scrollTop = Math.max(textMark.offsetTop - box.clientHeight / 3, 0);
}

// ---------------------------------------------------------------- documents
// What Arkiv understood of a document's structure, in one line.
function structureLine(d) {
  const parts = [];
  if (d.sections) {
    const heads = (d.headings || []).slice(0, 3).join(" · ");
    parts.push(`${plural(d.sections, "afsnit", "afsnit")}${heads ? `: ${heads}` : ""}`);
  } else {
    parts.push("Ingen struktur fundet – søges som hele sider");
  }
  if (d.tables) parts.push(plural(d.tables, "tabel", "tabeller") + " læst række for række");
  return parts.join(" · ");
}

async function loadDocuments() {
  const list = $("documents");
  try {
    const data = await getJSON("/documents");
    docs.clear();
    for (const d of data.documents) docs.set(d.doc_id, d);
    docsLoaded = true;
    const n = data.documents.length;
    $("docs-status").textContent = n === 0
      ? (ingestJob ? "Endnu er ingen dokumenter søgbare – indekset bygges." : "Der er endnu ingen dokumenter i arkivet.")
      : `${countSearchable(n)}.`;
    list.replaceChildren(...data.documents.map((d) => {
      const meta = [KINDS[d.kind] || d.kind, danishDate(d.date), d.body, plural(d.pages, "side", "sider")].filter(Boolean).join(" · ");
      const confirmBox = el("div", { class: "doc-confirm", hidden: "" },
        el("p", { text: `Slet «${d.title}» fra arkivet? Dens tekst forsvinder fra søgning og svar med det samme.` }),
        el("button", { type: "button", class: "danger", onclick: () => deleteDocument(d) }, "Ja, slet dokumentet"),
        " ",
        el("button", { type: "button", class: "secondary", onclick: () => {
          confirmBox.hidden = true;
          confirmBox.previousElementSibling.querySelector(".doc-delete").focus();
        } }, "Fortryd"));
      return el("li", { "data-doc": d.doc_id },
        el("p", { class: "card-title", text: d.title }),
        el("p", { class: "muted", text: meta }),
        el("p", { class: "muted doc-structure", text: structureLine(d) }),
        el("p", { class: "doc-actions" },
          el("a", { href: `/documents/${encodeURIComponent(d.doc_id)}/file` }, "Hent PDF"),
          el("button", { type: "button", class: "secondary", "aria-label": `Spørg kun i ${d.title}`,
            onclick: () => askInDocument(d.doc_id) }, "Spørg kun i dette dokument"),
          el("button", { type: "button", class: "secondary doc-delete", "aria-label": `Slet ${d.title}`,
            onclick: () => { confirmBox.hidden = false; confirmBox.querySelector(".danger").focus(); } }, "Slet")),
        confirmBox);
    }));
    buildFilterChoices();
  } catch (err) {
    $("docs-status").textContent = `Dokumentlisten kunne ikke hentes: ${err.message}`;
  }
}

function askInDocument(docId) {
  clearFilters();
  $("f-doc").value = docId;
  updateFilterInfo();
  $("filters").open = true;
  const box = $("spoergsmaal");
  box.scrollIntoView({ block: "center" });
  box.focus();
}

// ---------------------------------------------------------------- ingest progress
function ingestLine(job) {
  const verb = job.kind === "reindex" ? "Indekset genopbygges" : "Indekset bygges";
  if (job.state === "queued") return `${verb}: venter på at gå i gang …`;
  if (!job.total) {
    const files = job.files || [];
    return `${verb}: læser ${files.length === 1 ? files[0] : plural(files.length, "fil", "filer")} …`;
  }
  let pct = Math.round((100 * job.done) / job.total);
  if (job.done < job.total) pct = Math.min(pct, 99);
  return `${verb}: ${num(job.done)} af ${num(job.total)} afsnit (${pct}\u00a0%)`;
}

function showIngest(job) {
  const box = $("ingest");
  box.classList.remove("finished", "failed");
  $("ingest-text").textContent = ingestLine(job);
  const bar = $("ingest-bar");
  bar.hidden = false;
  if (job.total) bar.value = Math.min((100 * job.done) / job.total, 100);
  else bar.removeAttribute("value"); // indeterminate while the files are read
  $("ingest-note").textContent = docs.size
    ? `Du kan godt spørge imens: svarene kommer fra ${searchable(docs.size)}. ` +
      "Listen nederst opdateres, når der kommer flere."
    : "Du kan godt spørge imens, men endnu er ingen dokumenter søgbare. Listen nederst opdateres undervejs.";
  box.hidden = false;
}

// The job has left /health: say how it ended (GET /jobs/{id} keeps it).
async function showFinished(job) {
  let final = job;
  try { final = await getJSON(job.url || `/jobs/${encodeURIComponent(job.id)}`); } catch (_) { /* keep the last view */ }
  await loadDocuments();
  const box = $("ingest");
  $("ingest-bar").hidden = true;
  const results = final.results || [];
  const skipped = results.filter((r) => r.status === "skipped");
  let text;
  if (final.state === "failed") {
    text = `Indekseringen stoppede med en fejl: ${final.error || "ukendt fejl"}`;
  } else if (final.state === "cancelled") {
    text = "Indekseringen blev afbrudt, fordi serveren stoppede. Den fortsætter, når serveren starter igen.";
  } else {
    text = `Indekset er færdigt: ${countSearchable(docs.size)}.`;
  }
  box.classList.toggle("failed", final.state !== "done" || skipped.length > 0);
  box.classList.toggle("finished", final.state === "done" && skipped.length === 0);
  $("ingest-text").textContent = text;
  $("ingest-note").textContent = skipped.length
    ? `Sprunget over: ${skipped.map((r) => `${r.file.split("/").pop()} (${(SKIPPED[r.problem] || r.reason || "ukendt grund").replace(/\.$/, "")})`).join("; ")}`
    : "";
  $("ingest-live").textContent = text;
  box.hidden = false;
  const note = $("result-note");
  if (note.dataset.partial) {
    note.textContent = "Svaret blev givet, mens indekset blev bygget. Spørg igen for at søge i alle dokumenter.";
    delete note.dataset.partial;
  }
}

async function checkIngest() {
  pollTimer = null;
  checking = true;
  try {
    await pollOnce();
  } finally {
    checking = false;
  }
}

async function pollOnce() {
  let health;
  try {
    health = await getJSON("/health");
  } catch (_) {
    if (ingestJob) pollTimer = setTimeout(checkIngest, POLL_MS * 2); // the server may be restarting
    return;
  }
  if (health.writes !== writes) {
    writes = health.writes || "off";
    showManage();
  }
  const job = health.ingest;
  const previous = ingestJob;
  ingestJob = job || null;
  if (previous && (!job || job.id !== previous.id)) await showFinished(previous);
  if (job) {
    if (!previous || previous.id !== job.id) $("ingest-live").textContent = ingestLine(job);
    // Documents become searchable one by one while the job runs.
    if (!docsLoaded || health.documents !== docs.size) await loadDocuments();
    showIngest(job);
    pollTimer = setTimeout(checkIngest, POLL_MS);
  }
}

// ---------------------------------------------------------------- managing the archive
// /health says how this server lets the page write: "open" (loopback, no token), "token"
// (ask for ARKIV_API_TOKEN once; sessionStorage keeps it until the tab is closed) or "off"
// (writes are hidden). The server checks every write; the page only hides what would fail.
const TOKEN_KEY = "arkiv-token";
let writes = "off";
const UPLOAD_POLL_MS = 1000;
let uploadTimer = null;
const uploads = []; // {name, line, job: id or null, final: true once the outcome is shown}

function token() {
  try { return sessionStorage.getItem(TOKEN_KEY) || ""; } catch (_) { return ""; }
}

function canWrite() {
  return writes === "open" || (writes === "token" && Boolean(token()));
}

function writeHeaders() {
  const t = writes === "token" ? token() : "";
  return t ? { Authorization: `Bearer ${t}` } : {};
}

function showManage() {
  $("login").hidden = !(writes === "token" && !token());
  $("manage").hidden = !canWrite();
  $("logout").hidden = !(writes === "token" && token());
  $("documents-section").classList.toggle("can-write", canWrite());
}

async function login(e) {
  e.preventDefault();
  const given = $("token").value.trim();
  const error = $("login-error");
  if (!given) { error.textContent = "Skriv adgangsnøglen først."; $("token").focus(); return; }
  $("login-button").disabled = true;
  try {
    const res = await fetch("/auth", { headers: { Authorization: `Bearer ${given}` } });
    if (!res.ok) {
      error.textContent = res.status === 401 ? "Adgangsnøglen er forkert." : `Serveren afviste: HTTP ${res.status}`;
      $("token").select();
      return;
    }
    sessionStorage.setItem(TOKEN_KEY, given);
    $("token").value = "";
    error.textContent = "";
    showManage();
    $("upload-button").focus();
  } catch (err) {
    error.textContent = `Serveren svarer ikke: ${err.message}`;
  } finally {
    $("login-button").disabled = false;
  }
}

function logout() {
  sessionStorage.removeItem(TOKEN_KEY);
  showManage();
  $("token").focus();
}

// A write came back 401: the kept token is no longer right (changed on the server).
function tokenRefused() {
  sessionStorage.removeItem(TOKEN_KEY);
  showManage();
  $("login-error").textContent = "Adgangsnøglen blev ikke godkendt. Skriv den igen.";
}

function setLine(item, text, state) {
  item.line.className = state || "";
  item.state.textContent = text;
}

// A file is refused here, before sending, only for what the server would refuse at once: it
// is empty, or its first kilobyte has no "%PDF-" marker. The server checks again.
async function notAPdf(file) {
  if (file.size === 0) return "Filen er tom.";
  const head = new Uint8Array(await file.slice(0, 1024).arrayBuffer());
  const marker = [37, 80, 68, 70, 45]; // "%PDF-"
  for (let i = 0; i + marker.length <= head.length; i++) {
    if (marker.every((b, j) => head[i + j] === b)) return "";
  }
  return "Det er ikke en PDF-fil. Kun PDF-filer kan lægges i arkivet.";
}

// One request per file, so that one refused file does not stop the others; each becomes its
// own ingest job, whose state /jobs reports.
async function uploadFiles(files) {
  const items = [...files].map((file) => {
    const state = el("span", { class: "state" });
    const line = el("li", {}, el("span", { class: "file", text: file.name }), ": ", state);
    const item = { name: file.name, file, line, state, job: null, final: false };
    $("uploads").append(line);
    uploads.push(item);
    setLine(item, "venter på at blive sendt …");
    return item;
  });
  for (const item of items) {
    const problem = await notAPdf(item.file);
    if (problem) { setLine(item, `Afvist. ${problem}`, "failed"); item.final = true; continue; }
    setLine(item, "sendes …");
    const form = new FormData();
    form.append("files", item.file, item.name);
    try {
      const res = await fetch("/documents", { method: "POST", headers: writeHeaders(), body: form });
      let body = null;
      try { body = await res.json(); } catch (_) { /* not JSON */ }
      if (res.status === 401) {
        tokenRefused();
        setLine(item, "Ikke sendt: log ind igen, og vælg filen på ny.", "failed");
        item.final = true;
        continue;
      }
      if (!res.ok) {
        const detail = body && typeof body.detail === "string" ? body.detail : `HTTP ${res.status}`;
        setLine(item, `Afvist af serveren: ${detail}`, "failed");
        item.final = true;
        continue;
      }
      item.job = body.job.id;
      setLine(item, "modtaget, venter på at blive indekseret …");
    } catch (err) {
      setLine(item, `Ikke sendt: ${err.message}`, "failed");
      item.final = true;
    }
  }
  $("manage-live").textContent = `${plural(items.length, "fil", "filer")} sendt til arkivet.`;
  if (!uploadTimer) pollUploads();
  if (!pollTimer && !checking) checkIngest();
}

const OUTCOME = {
  added: (r) => [`Tilføjet: ${plural(r.chunks, "afsnit", "afsnit")} er ${r.chunks === 1 ? "søgbart" : "søgbare"}.`, "done"],
  replaced: (r) => [`Erstattet: den nye udgave er søgbar (${plural(r.chunks, "afsnit", "afsnit")}), den gamle er fjernet.`, "done"],
  unchanged: () => ["Uændret: filen findes allerede i arkivet.", "done"],
  skipped: (r) => [`Sprunget over: ${SKIPPED[r.problem] || r.reason || "ukendt grund"}`, "failed"],
};

// Why a file was skipped (`problem` in /jobs), said in Danish; the server's own words otherwise.
const SKIPPED = {
  not_pdf: "det er ikke en PDF-fil.",
  damaged: "PDF-filen er beskadiget eller afkortet og kan ikke læses.",
  encrypted: "PDF-filen er beskyttet med adgangskode. Gem en ubeskyttet kopi, og læg den ind.",
  no_text: "PDF-filen har ingen tekst at søge i (er den scannet uden tekstlag?).",
  too_large: "filen er større end serverens grænse (ARKIV_INGEST__MAX_FILE_MB).",
  unreadable: "filen kunne ikke læses.",
};

function jobLine(item, job) {
  const result = (job.results || []).find((r) => r.file === item.name) || (job.results || [])[0];
  if (result && OUTCOME[result.status]) return [...OUTCOME[result.status](result), true];
  if (job.state === "queued") return ["modtaget, venter på at blive indekseret …", "", false];
  if (job.state === "running") {
    if (!job.total) return ["læses …", "", false];
    const pct = Math.min(Math.round((100 * job.done) / job.total), job.done < job.total ? 99 : 100);
    return [`indekseres: ${num(job.done)} af ${num(job.total)} afsnit (${pct}\u00a0%)`, "", false];
  }
  if (job.state === "failed") return [`Fejl: ${job.error || "ukendt fejl"}`, "failed", true];
  if (job.state === "cancelled") return ["Afbrudt, fordi serveren stoppede. Filen indekseres, når den starter igen.", "failed", true];
  return ["færdig.", "done", true];
}

async function pollUploads() {
  uploadTimer = null;
  const open = uploads.filter((u) => u.job && !u.final);
  if (!open.length) return;
  let jobs;
  try {
    jobs = new Map((await getJSON("/jobs")).jobs.map((j) => [j.id, j]));
  } catch (_) {
    uploadTimer = setTimeout(pollUploads, UPLOAD_POLL_MS * 3); // the server may be restarting
    return;
  }
  const finished = [];
  for (const item of open) {
    const job = jobs.get(item.job);
    if (!job) continue;
    const [text, state, final] = jobLine(item, job);
    if (final) finished.push([item, text, state]);
    else setLine(item, text, state);
  }
  if (finished.length) {
    // The list is fetched first, so a file said to be added is already in it when the line says so.
    await loadDocuments();
    for (const [item, text, state] of finished) {
      setLine(item, text, state);
      item.final = true;
      $("manage-live").textContent = `${item.name}: ${text}`;
    }
    // The banner above the question box follows /health; bring it up to date now, not at its next poll.
    if (!checking) { clearTimeout(pollTimer); checkIngest(); }
  }
  if (uploads.some((u) => u.job && !u.final)) uploadTimer = setTimeout(pollUploads, UPLOAD_POLL_MS);
}

async function deleteDocument(d) {
  const status = $("docs-status");
  try {
    const res = await fetch(`/documents/${encodeURIComponent(d.doc_id)}`, { method: "DELETE", headers: writeHeaders() });
    if (res.status === 401) { tokenRefused(); status.textContent = "Ikke slettet: log ind igen."; return; }
    if (!res.ok && res.status !== 404) {
      let detail = `HTTP ${res.status}`;
      try { detail = (await res.json()).detail || detail; } catch (_) { /* not JSON */ }
      status.textContent = `«${d.title}» kunne ikke slettes: ${detail}`;
      return;
    }
  } catch (err) {
    status.textContent = `«${d.title}» kunne ikke slettes: ${err.message}`;
    return;
  }
  await loadDocuments();
  const said = `«${d.title}» er slettet fra arkivet. ${$("docs-status").textContent}`;
  $("docs-status").textContent = said;
  $("manage-live").textContent = said;
  $("docs-heading").setAttribute("tabindex", "-1");
  $("docs-heading").focus();
}

function wireUploads() {
  $("login").addEventListener("submit", login);
  $("logout").addEventListener("click", logout);
  const input = $("upload-input");
  $("upload-button").addEventListener("click", () => input.click());
  input.addEventListener("change", () => {
    if (input.files.length) uploadFiles(input.files);
    input.value = ""; // the same file may be chosen again
  });
  const zone = $("dropzone");
  zone.addEventListener("dragover", (e) => { e.preventDefault(); zone.classList.add("over"); });
  zone.addEventListener("dragleave", () => zone.classList.remove("over"));
  zone.addEventListener("drop", (e) => {
    e.preventDefault();
    zone.classList.remove("over");
    if (e.dataTransfer && e.dataTransfer.files.length) uploadFiles(e.dataTransfer.files);
  });
  // A file dropped beside the zone would make the browser leave the page to show it.
  window.addEventListener("dragover", (e) => e.preventDefault());
  window.addEventListener("drop", (e) => e.preventDefault());
}

// The text of a search box, or null after saying why not: the box is empty, or the filters
// (which apply to the question and the topic box alike) are contradictory.
function submitted(boxId, emptyMessage) {
  const text = $(boxId).value.trim();
  if (!text) { setStatus(emptyMessage, true); $(boxId).focus(); return null; }
  const problem = filterProblem();
  if (problem) { setStatus(problem, true); $("filters").open = true; $("f-from").focus(); return null; }
  return text;
}

document.addEventListener("DOMContentLoaded", () => {
  $("ask-form").addEventListener("submit", (e) => {
    e.preventDefault();
    const q = submitted("spoergsmaal", "Skriv et spørgsmål først.");
    if (q === null) return;
    lastQuestion = q;
    ask(q, currentFilters());
  });
  wireUploads();
  $("follow-form").addEventListener("submit", (e) => {
    e.preventDefault();
    const topic = submitted("emne", "Skriv et emne først, fx «akuttelefonen».");
    if (topic === null) return;
    $("result").hidden = true; // a topic of its own, not the course behind the answer above
    showTimeline(topic, currentFilters());
  });
  $("f-kind").addEventListener("change", buildDocumentChoices);
  $("f-body").addEventListener("change", buildDocumentChoices);
  for (const id of ["f-doc", "f-from", "f-to"]) $(id).addEventListener("change", updateFilterInfo);
  $("f-clear").addEventListener("click", () => { clearFilters(); $("f-kind").focus(); });
  $("viewer-zoom").addEventListener("click", toggleZoom);
  $("viewer-close").addEventListener("click", () => {
    $("viewer").hidden = true;
    $("result-heading").focus();
  });
  // /health first, so the document list can say whether the index is still being built.
  checkIngest().then(() => { if (!docsLoaded) loadDocuments(); });
});
