"""A plain text PDF for the documents the system files itself (a decision, a letter).

Written by hand, not by a PDF library: the documents are lines of text, and the
PDF 1.4 core font Helvetica with WinAnsiEncoding covers Swedish (å, ä, ö, é).
A character outside that encoding is replaced by "?".
"""

import textwrap

LINES_PER_PAGE = 50
WIDTH = 90  # characters per line at 10 pt on A4 with 2 cm margins


def _escape(line: str) -> bytes:
    raw = line.encode("cp1252", errors="replace")
    return raw.replace(b"\\", b"\\\\").replace(b"(", b"\\(").replace(b")", b"\\)")


def _page_stream(title: str, lines: list[str]) -> bytes:
    parts = [b"BT /F1 14 Tf 57 785 Td (" + _escape(title) + b") Tj ET"]
    parts.append(b"BT /F1 10 Tf 57 760 Td 14 TL")
    parts.extend(b"(" + _escape(line) + b") Tj T*" for line in lines)
    parts.append(b"ET")
    return b"\n".join(parts)


def text_pdf(title: str, paragraphs: list[str]) -> bytes:
    """A4 pages with `title` at the top of each and the paragraphs wrapped below."""
    lines: list[str] = []
    for paragraph in paragraphs:
        lines.extend(textwrap.wrap(paragraph, WIDTH) or [""])
    pages = [lines[i : i + LINES_PER_PAGE] for i in range(0, len(lines), LINES_PER_PAGE)] or [[]]
    # Objects: 1 catalog, 2 page tree, 3 font, then a page and its contents per page.
    kids = " ".join(f"{4 + 2 * i} 0 R" for i in range(len(pages)))
    objects = [
        b"<< /Type /Catalog /Pages 2 0 R >>",
        f"<< /Type /Pages /Kids [{kids}] /Count {len(pages)} >>".encode(),
        b"<< /Type /Font /Subtype /Type1 /BaseFont /Helvetica /Encoding /WinAnsiEncoding >>",
    ]
    for i, page in enumerate(pages):
        stream = _page_stream(title, page)
        objects.append(
            f"<< /Type /Page /Parent 2 0 R /MediaBox [0 0 595 842] "
            f"/Resources << /Font << /F1 3 0 R >> >> /Contents {5 + 2 * i} 0 R >>".encode()
        )
        objects.append(f"<< /Length {len(stream)} >>\nstream\n".encode() + stream + b"\nendstream")
    out = bytearray(b"%PDF-1.4\n%\xe5\xe4\xf6\n")
    offsets = []
    for number, body in enumerate(objects, start=1):
        offsets.append(len(out))
        out += f"{number} 0 obj\n".encode() + body + b"\nendobj\n"
    xref = len(out)
    out += f"xref\n0 {len(objects) + 1}\n0000000000 65535 f \n".encode()
    out += b"".join(f"{offset:010d} 00000 n \n".encode() for offset in offsets)
    out += (
        f"trailer\n<< /Size {len(objects) + 1} /Root 1 0 R >>\nstartxref\n{xref}\n%%EOF\n".encode()
    )
    return bytes(out)
