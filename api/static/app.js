// Arkiv web page. Plain DOM, no build step. Document text is only ever set
// with textContent / text nodes, never parsed as HTML.
"use strict";

const KINDS = { minutes: "Referat", agenda: "Dagsorden", report: "Rapport", slides: "Præsentation", document: "Dokument" };
const MONTHS = ["januar", "februar", "marts", "april", "maj", "juni", "juli", "august",
  "september", "oktober", "november", "december"];
const docs = new Map(); // doc_id -> document entry from /documents

const $ = (id) => document.getElementById(id);

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
async function ask(question) {
  const button = $("ask-button");
  button.disabled = true;
  setStatus("Søger i dokumenterne …");
  try {
    const data = await getJSON("/ask", {
      method: "POST",
      headers: { "Content-Type": "application/json" },
      body: JSON.stringify({ question, k: 5 }),
    });
    showAnswer(data);
    setStatus("");
  } catch (err) {
    setStatus(`Der skete en fejl: ${err.message}`, true);
  } finally {
    button.disabled = false;
  }
}

function showAnswer(data) {
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
  }
  const conf = typeof data.confidence === "number" ? Math.round(data.confidence * 100) : null;
  $("confidence").textContent = conf === null ? "" : `Sikkerhed: ${conf} %`;

  const history = data.history || [];
  $("history").hidden = history.length === 0;
  $("history-list").replaceChildren(...history.map((h) => el("li", { text: h })));

  const citations = data.citations || [];
  $("citations-block").hidden = citations.length === 0;
  $("citations").replaceChildren(...citations.map(citationCard));

  const related = data.found ? [] : (data.related || []);
  $("related-block").hidden = related.length === 0;
  $("related").replaceChildren(...related.map(relatedCard));

  result.hidden = false;
  $("result-heading").focus();
}

function metaLine(item) {
  const bits = [];
  if (item.date) bits.push(danishDate(item.date));
  const doc = docs.get(item.doc_id);
  if (doc && doc.body) bits.push(doc.body);
  bits.push(pageText(item.page_label, item.page));
  if (item.section) bits.push(item.section);
  return bits.join(" · ");
}

function citationCard(c) {
  const open = () => showPage(c.doc_id, c.page, c.quote);
  return el("li", { id: `kilde-${c.n}`, class: "card", tabindex: "-1" },
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
  return el("li", { class: "card" },
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

async function showPage(docId, page, quote) {
  setStatus("Henter siden …");
  let data;
  try {
    data = await getJSON(`/documents/${encodeURIComponent(docId)}/pages/${encodeURIComponent(page)}`);
  } catch (err) {
    setStatus(`Siden kunne ikke hentes: ${err.message}`, true);
    return;
  }
  setStatus("");
  $("viewer-title").textContent = data.title;
  const doc = docs.get(docId);
  const bits = [`${pageText(data.label, data.page)} af ${data.pages}`];
  if (doc && doc.date) bits.push(danishDate(doc.date));
  if (doc && doc.body) bits.push(doc.body);
  $("viewer-meta").textContent = bits.join(" · ");
  $("viewer-pdf").href = `/documents/${encodeURIComponent(docId)}/file#page=${data.page}`;
  $("viewer-pdf").textContent = `Hent PDF (side ${data.page})`;

  const box = $("viewer-text");
  box.replaceChildren();
  const span = quote ? findQuote(data.text, quote) : null;
  const note = $("viewer-note");
  let mark = null;
  if (span) {
    mark = el("mark", { text: data.text.slice(span[0], span[1]) });
    box.append(document.createTextNode(data.text.slice(0, span[0])), mark,
      document.createTextNode(data.text.slice(span[1])));
    note.hidden = true;
  } else {
    box.textContent = data.text;
    note.textContent = quote ? "Uddraget fortsætter på en anden side og er ikke markeret her." : "";
    note.hidden = !quote;
  }
  const viewer = $("viewer");
  viewer.hidden = false;
  $("viewer-title").focus({ preventScroll: true });
  viewer.scrollIntoView({ block: "start" });
  // Scroll the page text box (not the window) so the quote sits in its upper third.
  box.scrollTop = mark ? Math.max(mark.offsetTop - box.clientHeight / 3, 0) : 0;
}

// ---------------------------------------------------------------- documents
async function loadDocuments() {
  const list = $("documents");
  try {
    const data = await getJSON("/documents");
    for (const d of data.documents) docs.set(d.doc_id, d);
    $("docs-status").textContent = `${data.documents.length} dokumenter er søgbare.`;
    list.replaceChildren(...data.documents.map((d) => {
      const meta = [KINDS[d.kind] || d.kind, danishDate(d.date), d.body, `${d.pages} sider`].filter(Boolean).join(" · ");
      return el("li", {},
        el("p", { class: "card-title", text: d.title }),
        el("p", { class: "muted", text: meta }),
        el("a", { href: `/documents/${encodeURIComponent(d.doc_id)}/file` }, "Hent PDF"));
    }));
  } catch (err) {
    $("docs-status").textContent = `Dokumentlisten kunne ikke hentes: ${err.message}`;
  }
}

document.addEventListener("DOMContentLoaded", () => {
  $("ask-form").addEventListener("submit", (e) => {
    e.preventDefault();
    const q = $("spoergsmaal").value.trim();
    if (!q) { setStatus("Skriv et spørgsmål først.", true); $("spoergsmaal").focus(); return; }
    ask(q);
  });
  $("viewer-close").addEventListener("click", () => {
    $("viewer").hidden = true;
    $("result-heading").focus();
  });
  loadDocuments();
});
