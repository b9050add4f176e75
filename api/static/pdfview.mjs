// One page of a kept PDF as the PDF shows it: pdf.js (vendored in ./pdfjs, so nothing comes
// from another host) draws the page on a canvas and lays its text over it, transparent and
// selectable; the quote is marked on that text layer. Loaded by app.js only when a page is
// opened. Document text is only ever set with text nodes, never parsed as HTML.

import { getDocument, GlobalWorkerOptions, TextLayer } from "./pdfjs/pdf.min.mjs";

const BASE = new URL("./pdfjs/", import.meta.url).href;
GlobalWorkerOptions.workerSrc = `${BASE}pdf.worker.min.mjs`;

const MAX_WIDTH = 900; // CSS px: wider pages only make lines longer to read
const open = new Map(); // url -> Promise<PDFDocumentProxy>, the last few documents opened
const KEEP_OPEN = 3;

function load(url) {
  if (!open.has(url)) {
    const task = getDocument({
      url,
      standardFontDataUrl: `${BASE}standard_fonts/`,
      wasmUrl: `${BASE}wasm/`,
      isEvalSupported: false, // the page's CSP allows no eval
      enableXfa: false,
    });
    open.set(url, task.promise);
    task.promise.catch(() => open.delete(url));
    if (open.size > KEEP_OPEN) {
      const [oldest, doc] = open.entries().next().value;
      open.delete(oldest);
      doc.then((d) => d.destroy()).catch(() => {});
    }
  }
  return open.get(url);
}

// Letters and digits only, lower case, accents split off and dropped: the text layer and the
// cleaned text differ in hyphenation at line ends ("behand- ling"), spacing, ligatures ("ﬁ"),
// quotes and decomposed letters (a + combining ring); what is left of both is the same.
function fold(text, keep) {
  const out = [];
  const where = [];
  for (let i = 0; i < text.length; i++) {
    for (const ch of text[i].normalize("NFKD").toLowerCase()) {
      if (/[\p{L}\p{N}]/u.test(ch)) {
        out.push(ch);
        if (keep) where.push(i);
      }
    }
  }
  return { text: out.join(""), where };
}

// [first, last] folded positions of the quote on the page, or null. A quote the cleaned text
// joined across a table cell or a page furniture line may not be contiguous on the layer: then
// its start and its end are looked for separately and the span between them is marked, if it
// is not much longer than the quote.
function locate(page, quote) {
  if (!quote.length) return null;
  const at = page.indexOf(quote);
  if (at >= 0) return [at, at + quote.length - 1];
  const part = Math.min(40, Math.floor(quote.length / 3));
  if (part < 12) return null;
  const start = page.indexOf(quote.slice(0, part));
  if (start < 0) return null;
  const endAt = page.indexOf(quote.slice(-part), start);
  if (endAt < 0) return null;
  const last = endAt + part - 1;
  return last - start + 1 <= quote.length * 1.5 ? [start, last] : null;
}

// Wrap characters [from, to) of a text-layer span in <mark>, keeping its other text as is.
function markRange(span, from, to) {
  const text = span.textContent;
  const mark = document.createElement("mark");
  mark.className = "quote";
  mark.textContent = text.slice(from, to);
  span.replaceChildren(document.createTextNode(text.slice(0, from)), mark, document.createTextNode(text.slice(to)));
  return mark;
}

// A table row is one passage "Header: value | Header: value | …" (ingest/tables): the headers
// stand once at the top of the table, not beside each value, so a quote not found whole is
// looked for cell by cell without its headers: the longest value first, then each other value
// at its occurrence nearest to that one.
const NEAR = 4000; // folded characters: a row's cells lie within a page region, not pages apart

function cellValues(quote) {
  return quote.split(" | ").map((cell) => cell.replace(/^[^:|]{1,120}:\s+/, "")).filter((v) => fold(v, false).text.length >= 3);
}

function nearest(page, needle, anchor) {
  let best = -1;
  for (let at = page.indexOf(needle); at >= 0; at = page.indexOf(needle, at + 1)) {
    if (best < 0 || Math.abs(at - anchor) < Math.abs(best - anchor)) best = at;
  }
  return best >= 0 && Math.abs(best - anchor) <= NEAR ? best : -1;
}

function locateCells(page, quote) {
  const values = cellValues(quote).map((v) => fold(v, false).text).sort((a, b) => b.length - a.length);
  if (values.length === 1) { // one cell of a row, or a value quoted with its header
    const span = locate(page, values[0]);
    return span ? [span] : [];
  }
  const first = values.findIndex((v) => page.includes(v)); // the longest value on the page
  if (first < 0) return [];
  const anchor = page.indexOf(values[first]);
  const spans = [[anchor, anchor + values[first].length - 1]];
  for (const v of values.slice(first + 1)) {
    const at = nearest(page, v, anchor);
    if (at >= 0) spans.push([at, at + v.length - 1]);
  }
  return spans;
}

function highlight(divs, strings, quote) {
  // Folded text of the whole page, each character remembering its span and offset.
  let page = "";
  const owner = []; // folded position -> [span index, character offset in the span]
  strings.forEach((s, d) => {
    const f = fold(s, true);
    page += f.text;
    for (const i of f.where) owner.push([d, i]);
  });
  const whole = locate(page, fold(quote, false).text);
  const spans = whole ? [whole] : locateCells(page, quote);
  const ranges = new Map(); // span index -> [from, to)
  for (const [first, last] of spans) {
    for (let p = first; p <= last; p++) {
      const [d, i] = owner[p];
      const r = ranges.get(d);
      if (r) { r[0] = Math.min(r[0], i); r[1] = Math.max(r[1], i + 1); } else ranges.set(d, [i, i + 1]);
    }
  }
  // Marks run from a span's first letter to its last, so punctuation inside is marked too.
  return [...ranges].sort((a, b) => a[0] - b[0]).map(([d, [from, to]]) => markRange(divs[d], from, to));
}

/**
 * Render page `number` of the PDF at `url` into `box`, fitted to the box's width (times `zoom`:
 * the box then scrolls sideways), and mark
 * `quote` on its text layer. Resolves to {marks, pages}: the <mark> elements (empty when the
 * quote is not found on the layer, e.g. a scanned page without text) and the page count.
 * Rejects when the PDF cannot be read; the caller then shows the cleaned text instead.
 */
export async function renderPage(box, url, number, quote, zoom = 1) {
  const pdf = await load(url);
  const page = await pdf.getPage(number);
  const natural = page.getViewport({ scale: 1 });
  box.replaceChildren(); // measure the box itself, not a page drawn into it before
  const width = zoom * Math.min(Math.floor(box.getBoundingClientRect().width) || MAX_WIDTH, MAX_WIDTH);
  const viewport = page.getViewport({ scale: width / natural.width });
  const ratio = window.devicePixelRatio || 1;

  const sheet = document.createElement("div");
  sheet.className = "pdf-sheet";
  sheet.style.setProperty("--total-scale-factor", String(viewport.scale));
  sheet.style.setProperty("--scale-round-x", "1px");
  sheet.style.setProperty("--scale-round-y", "1px");
  sheet.style.width = `${Math.floor(viewport.width)}px`;
  sheet.style.height = `${Math.floor(viewport.height)}px`;

  const canvas = document.createElement("canvas");
  canvas.width = Math.floor(viewport.width * ratio);
  canvas.height = Math.floor(viewport.height * ratio);
  canvas.style.width = `${Math.floor(viewport.width)}px`;
  canvas.style.height = `${Math.floor(viewport.height)}px`;
  canvas.setAttribute("aria-hidden", "true"); // the cleaned text below is what a screen reader reads

  const layer = document.createElement("div");
  layer.className = "textLayer";
  layer.setAttribute("aria-hidden", "true");
  sheet.append(canvas, layer);
  box.replaceChildren(sheet);

  const drawing = page.render({
    canvasContext: canvas.getContext("2d"),
    canvas,
    viewport,
    transform: ratio !== 1 ? [ratio, 0, 0, ratio, 0, 0] : null,
  }).promise;
  const text = new TextLayer({ textContentSource: page.streamTextContent(), container: layer, viewport });
  await Promise.all([drawing, text.render()]);
  const marks = quote ? highlight(text.textDivs, text.textContentItemsStr, quote) : [];
  box.dataset.rendered = String(number);
  return { marks, pages: pdf.numPages };
}
