"""Write small text PDFs for tests (pypdf reads but cannot lay out text).

Helvetica (and Helvetica-Bold) in WinAnsiEncoding, so Danish letters (æ, ø, å) survive
the round trip through pypdf's text extraction. ``write_text_pdf`` sets plain lines;
``write_layout_pdf`` sets lines in given sizes and weights and draws ruled tables, for
tests of heading, title and table detection on layouts no shipped document has.
"""

from __future__ import annotations

from pathlib import Path


def _escape(line: str) -> bytes:
    raw = line.encode("cp1252")
    return raw.replace(b"\\", b"\\\\").replace(b"(", b"\\(").replace(b")", b"\\)")


def write_text_pdf(path: Path, pages: list[list[str]], title: str = "") -> Path:
    """A PDF with one page per entry of ``pages``, each a list of text lines."""
    streams = [b"BT /F1 11 Tf 14 TL 60 780 Td " + b" ".join(b"(" + _escape(line) + b") '" for line in lines) + b" ET"
               for lines in pages]
    return _write(path, streams, {"Title": title})


def write_layout_pdf(path: Path, pages: list[list[object]], metadata: dict[str, str] | None = None) -> Path:
    """Each page a list of items: ``"text"`` (11 pt regular), ``("text", size, bold)``, or
    ``("table", rows)``: a ruled table, one cell per string, drawn with lines; a row given as
    ``("bold", cells)`` is set in bold."""
    streams = []
    for items in pages:
        y = 790.0
        ops: list[bytes] = []
        for item in items:
            if isinstance(item, tuple) and item[0] == "table":
                rows: list = item[1]  # type: ignore[assignment]
                cells_of = [r[1] if isinstance(r, tuple) else r for r in rows]
                width = 480 / len(cells_of[0])
                for r, row in enumerate(rows):
                    top = y - 18 * r
                    font = b"/F2" if isinstance(row, tuple) and row[0] == "bold" else b"/F1"
                    for c, cell in enumerate(cells_of[r]):
                        x = 60 + c * width
                        ops.append(b"%.1f %.1f %.1f 18 re S" % (x, top - 18, width))
                        ops.append(b"BT " + font + b" 9 Tf %.1f %.1f Td (" % (x + 3, top - 13) + _escape(cell)
                                   + b") Tj ET")
                y -= 18 * len(rows) + 12
                continue
            text, size, bold = (item, 11.0, False) if isinstance(item, str) else item  # type: ignore[misc]
            y -= size * 1.4
            font = b"/F2" if bold else b"/F1"
            ops.append(b"BT " + font + b" %.1f Tf 60 %.1f Td (" % (size, y) + _escape(str(text)) + b") Tj ET")
        streams.append(b"\n".join(ops))
    return _write(path, streams, metadata or {})


def _write(path: Path, streams: list[bytes], info: dict[str, str]) -> Path:
    objects: list[bytes] = []
    n_pages = len(streams)
    first_page = 5
    kids = " ".join(f"{first_page + 2 * i} 0 R" for i in range(n_pages))
    objects.append(b"<< /Type /Catalog /Pages 2 0 R >>")
    objects.append(f"<< /Type /Pages /Kids [{kids}] /Count {n_pages} >>".encode())
    objects.append(b"<< /Type /Font /Subtype /Type1 /BaseFont /Helvetica /Encoding /WinAnsiEncoding >>")
    objects.append(b"<< /Type /Font /Subtype /Type1 /BaseFont /Helvetica-Bold /Encoding /WinAnsiEncoding >>")
    for i, stream in enumerate(streams):
        content_id = first_page + 2 * i + 1
        objects.append(f"<< /Type /Page /Parent 2 0 R /MediaBox [0 0 595 842] /Resources << /Font << /F1 3 0 R "
                       f"/F2 4 0 R >> >> /Contents {content_id} 0 R >>".encode())
        objects.append(b"<< /Length %d >>\nstream\n" % len(stream) + stream + b"\nendstream")
    info_id = len(objects) + 1
    objects.append(b"<< " + b" ".join(b"/" + k.encode() + b" (" + _escape(v) + b")" for k, v in info.items()) + b" >>")
    out = bytearray(b"%PDF-1.4\n%\xe2\xe3\xcf\xd3\n")
    offsets = []
    for number, body in enumerate(objects, 1):
        offsets.append(len(out))
        out += f"{number} 0 obj\n".encode() + body + b"\nendobj\n"
    xref = len(out)
    out += f"xref\n0 {len(objects) + 1}\n0000000000 65535 f \n".encode()
    out += b"".join(f"{o:010d} 00000 n \n".encode() for o in offsets)
    out += f"trailer\n<< /Size {len(objects) + 1} /Root 1 0 R /Info {info_id} 0 R >>\nstartxref\n{xref}\n%%EOF\n".encode()
    Path(path).write_bytes(bytes(out))
    return Path(path)
