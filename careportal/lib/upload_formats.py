"""What a file really is, read from its bytes: each accepted format is parsed, not just recognised.

Used only by `careportal.lib.uploads` (the one upload check). `identify` answers one of the accepted kinds
or raises `Refusal`, saying what the file really is or what inside it cannot be accepted.
"""

from __future__ import annotations

import codecs
import io
import re
import struct
import zipfile
import zlib
from xml.etree import ElementTree

import filetype
from pypdf import PasswordType, PdfReader
from pypdf.errors import DependencyError
from pypdf.generic import ArrayObject, DictionaryObject, IndirectObject

ADVICE = "Upload a PDF, Word, Excel, PNG, JPEG or text file."
MAX_PIXELS = 100_000_000  # a tiny file claiming a 10,000 × 10,000+ picture is a decompression bomb
MAX_PDF_OBJECTS = 100_000
MAX_ZIP_PARTS = 5_000  # a real .docx/.xlsx has tens to a few hundred parts
MAX_UNPACKED = 100 * 1024 * 1024  # zip bombs are refused from the sizes the archive declares
_MAX_XML_PART = 4 * 1024 * 1024

PDF_DAMAGED = "This PDF is damaged or incomplete, so it cannot be checked. Save or export it again and upload the new copy."
PDF_SCRIPT = (
    "This PDF contains JavaScript, which could run when it is opened. Print it to a new PDF (or export it "
    "again without scripts or interactive forms) and upload that copy."
)
PDF_LAUNCH = (
    "This PDF can start other programs when it is opened (a launch action), so it cannot be accepted. "
    "Print it to a new PDF and upload that copy."
)
PDF_EMBEDDED = (
    "This PDF carries other files inside it (attachments), which cannot be checked. "
    "Upload each document on its own."
)
PDF_LOCKED = (
    "This PDF is protected with a password, so it cannot be checked. Save a copy without the password "
    "and upload that."
)
OFFICE_MACROS = (
    "This Word or Excel file contains macros (code that runs when it is opened), so it cannot be accepted. "
    "Save it as a .docx or .xlsx without macros and upload that copy."
)
OFFICE_EXTERNAL = (
    "This Word or Excel file loads a template or object from the internet when it is opened, so it "
    "cannot be accepted. Save it as a new .docx or .xlsx and upload that copy."
)
HIDDEN_DATA = (
    "This file has other data hidden after its content (it is two kinds of file at once), so it cannot "
    "be accepted. Open it and save it again as a new file, then upload that."
)
IMAGE_DAMAGED = "This image is damaged or incomplete. Save it again as a PNG or JPEG and upload the new copy."
IMAGE_TOO_LARGE = "This image is too large in pixels to be accepted. Save a smaller copy and upload that."
ZIP_TOO_LARGE = (
    "This Word or Excel file unpacks to more than 100 MB, so it cannot be accepted. Save a smaller copy "
    "(for example with pictures compressed) and upload that."
)


class Refusal(Exception):
    """The content cannot be accepted: `what` it really is ("an executable program"), optionally `why`,
    or a whole `message`."""

    def __init__(self, *, what: str = "", why: str = "", message: str = "") -> None:
        self.what, self.why, self.message = what, why, message
        super().__init__(message or what)


def identify(data: bytes) -> str:
    """The accepted kind the bytes are (pdf, png, jpeg, docx, xlsx, text), fully inspected; else Refusal."""
    if data.startswith(b"PK\x03\x04"):
        return _office(data)
    if data.startswith(b"\xd0\xcf\x11\xe0\xa1\xb1\x1a\xe1"):
        # Legacy OLE (.doc/.xls/.ppt) is refused, not checked: VBA and Excel 4 macros hide in its streams.
        raise Refusal(
            what="an old-style Office file (.doc or .xls)",
            why="These can hide macros: save it as .docx or .xlsx.",
        )
    kind = _plain_kind(data)
    if _hides_a_zip(data):  # e.g. a PDF or JPEG with a zip (a JAR, an HTML page) appended: a polyglot
        raise Refusal(message=HIDDEN_DATA)
    {"pdf": _check_pdf, "png": _check_png, "jpeg": _check_jpeg, "text": _check_text}[kind](data)
    return kind


def _plain_kind(data: bytes) -> str:
    if data.startswith(b"%PDF-"):
        return "pdf"
    if data.startswith(b"\x89PNG\r\n\x1a\n"):
        return "png"
    if data.startswith(b"\xff\xd8\xff"):
        return "jpeg"
    guess = filetype.guess(data[:8192])
    if guess is not None:
        raise Refusal(what=_describe(guess.extension, guess.mime))
    return "text"


_EXECUTABLES = {"exe", "elf", "wasm", "crx", "deb", "rpm", "swf", "nes", "dex"}
_ARCHIVES = {"zip", "tar", "rar", "gz", "bz2", "7z", "xz", "zst", "lz", "lz4", "lzo", "cab", "Z", "br", "ar"}


def _describe(extension: str, mime: str) -> str:
    if extension in _EXECUTABLES:
        return "an executable program"
    if extension in _ARCHIVES:
        return "a compressed archive"
    if mime.startswith("image/"):
        return f"a {extension.upper()} image"
    if extension in ("odt", "ods", "odp"):
        return "an OpenDocument file"
    if extension == "rtf":
        return "a Rich Text (RTF) document"
    return f"a {extension.upper()} file"


def _hides_a_zip(data: bytes) -> bool:
    """A zip's directory sits at its end, so one appended to another file still opens as a zip."""
    if b"PK\x05\x06" not in data[-(65535 + 22) :]:
        return False
    try:
        with zipfile.ZipFile(io.BytesIO(data)) as archive:
            return bool(archive.infolist())
    except (zipfile.BadZipFile, OSError, ValueError, EOFError):
        return False


# --- PDF --------------------------------------------------------------------------------------------

_PDF_KEYS = {"/JS": PDF_SCRIPT, "/JavaScript": PDF_SCRIPT, "/XFA": PDF_SCRIPT, "/EmbeddedFiles": PDF_EMBEDDED,
             "/EF": PDF_EMBEDDED}  # fmt: skip
_PDF_VALUES = {
    ("/S", "/JavaScript"): PDF_SCRIPT,
    ("/S", "/RichMediaExecute"): PDF_SCRIPT,
    ("/S", "/Launch"): PDF_LAUNCH,
    ("/S", "/GoToE"): PDF_EMBEDDED,
    ("/S", "/ImportData"): PDF_EMBEDDED,
    ("/Type", "/EmbeddedFile"): PDF_EMBEDDED,
    ("/Subtype", "/FileAttachment"): PDF_EMBEDDED,
    ("/Subtype", "/RichMedia"): PDF_SCRIPT,
}


def _check_pdf(data: bytes) -> None:
    if b"%%EOF" not in data[-2048:]:
        raise Refusal(message=PDF_DAMAGED)  # cut short: readers would guess at what is missing
    try:
        reader = PdfReader(io.BytesIO(data), strict=False)
        if reader.is_encrypted and reader.decrypt("") == PasswordType.NOT_DECRYPTED:
            raise Refusal(message=PDF_LOCKED)
        if not isinstance(reader.trailer.get("/Root"), DictionaryObject | IndirectObject):
            raise Refusal(message=PDF_DAMAGED)
        problem = _pdf_problem(reader)
    except DependencyError:  # AES encryption needs a crypto library this check does not use
        raise Refusal(message=PDF_LOCKED) from None
    except Refusal:
        raise
    except Exception:  # noqa: BLE001 - any parser failure on hostile bytes means "cannot be checked"
        raise Refusal(message=PDF_DAMAGED) from None
    if problem:
        raise Refusal(message=problem)


def _pdf_problem(reader: PdfReader) -> str | None:
    """Walk every object (from the trailer and every xref entry, object streams included) for actions."""
    roots: list = [reader.trailer]
    for generation, numbers in reader.xref.items():
        roots += [IndirectObject(number, generation, reader) for number in numbers]
    roots += [IndirectObject(number, 0, reader) for number in reader.xref_objStm]
    seen: set[tuple[int, int]] = set()
    visited = 0
    while roots:
        node = roots.pop()
        if isinstance(node, IndirectObject):
            if (node.idnum, node.generation) in seen:
                continue
            seen.add((node.idnum, node.generation))
            node = node.get_object()
        visited += 1
        if visited > MAX_PDF_OBJECTS * 20:
            return PDF_DAMAGED
        if isinstance(node, DictionaryObject):  # streams are dictionaries too
            problem = _pdf_dict_problem(node)
            if problem:
                return problem
            roots.extend(dict.values(node))  # raw values: references stay unresolved, so cycles end
        elif isinstance(node, ArrayObject):
            roots.extend(list.__iter__(node))
    return None


def _pdf_dict_problem(node: DictionaryObject) -> str | None:
    for key in dict.keys(node):
        if key in _PDF_KEYS:
            return _PDF_KEYS[key]
    for (key, value), problem in _PDF_VALUES.items():
        found = dict.get(node, key)
        if isinstance(found, IndirectObject):
            found = found.get_object()
        if found == value:
            return problem
    return None


# --- Word and Excel (OOXML) -------------------------------------------------------------------------

_MAIN_TYPES = {
    "application/vnd.openxmlformats-officedocument.wordprocessingml.document.main+xml": "docx",
    "application/vnd.openxmlformats-officedocument.spreadsheetml.sheet.main+xml": "xlsx",
}
_MACRO_PARTS = re.compile(r"(vbaproject\.bin|vbadata\.xml|/activex/|/macrosheets/)", re.I)
_MACRO_TYPES = re.compile(r"(macroenabled|vbaproject|activex|macrosheet|vnd\.ms-office\.vba)", re.I)
_RELATIONSHIP = re.compile(rb"<Relationship\b[^>]*>", re.I)
_EXTERNAL = re.compile(rb"TargetMode\s*=\s*[\"']External[\"']", re.I)
# Hyperlinks may point outside; these fetch content (a macro template, an object) when the file opens.
_FETCHING = re.compile(rb"/(attachedTemplate|oleObject|subDocument|frame)[\"']", re.I)
_CT_NS = "{http://schemas.openxmlformats.org/package/2006/content-types}"


def _office(data: bytes) -> str:
    try:
        with zipfile.ZipFile(io.BytesIO(data)) as archive:
            return _office_kind(archive)
    except (zipfile.BadZipFile, OSError, ValueError, EOFError, KeyError, RuntimeError, NotImplementedError):
        raise Refusal(what="a damaged zip archive") from None
    except ElementTree.ParseError:
        raise Refusal(what="a damaged Office file") from None


def _office_kind(archive: zipfile.ZipFile) -> str:
    infos = archive.infolist()
    names = [info.filename for info in infos]
    if len(infos) > MAX_ZIP_PARTS or len(set(names)) != len(names):
        raise Refusal(what="a zip archive")
    if sum(info.file_size for info in infos) > MAX_UNPACKED:
        raise Refusal(message=ZIP_TOO_LARGE)
    if any(_MACRO_PARTS.search("/" + name) for name in names):
        raise Refusal(message=OFFICE_MACROS)
    if "[Content_Types].xml" not in names:
        is_odf = "mimetype" in names and _read(archive, "mimetype").startswith(b"application/vnd.oasis")
        raise Refusal(what="an OpenDocument file" if is_odf else "a zip archive")
    parts = _content_types(_read(archive, "[Content_Types].xml"))
    if any(_MACRO_TYPES.search(content_type) for content_type in parts.values()):
        raise Refusal(message=OFFICE_MACROS)
    kinds = {_MAIN_TYPES[t] for part, t in parts.items() if t in _MAIN_TYPES and part.lstrip("/") in names}
    if len(kinds) != 1:
        presentation = any("presentationml" in t for t in parts.values())
        raise Refusal(what="a PowerPoint presentation" if presentation else "an Office file of another kind")
    for name in names:
        if name.endswith(".rels") and _fetches_from_outside(_read(archive, name)):
            raise Refusal(message=OFFICE_EXTERNAL)
    return kinds.pop()


def _fetches_from_outside(rels: bytes) -> bool:
    links = (m.group() for m in _RELATIONSHIP.finditer(rels))
    return any(_EXTERNAL.search(link) and _FETCHING.search(link) for link in links)


def _read(archive: zipfile.ZipFile, name: str) -> bytes:
    with archive.open(name) as part:
        return part.read(_MAX_XML_PART)  # bounded even if the archive lies about the size


def _content_types(xml: bytes) -> dict[str, str]:
    """Part name (or `*.ext` for defaults) → content type, from [Content_Types].xml."""
    if b"<!DOCTYPE" in xml or b"<!ENTITY" in xml:  # OOXML never has a DTD; entities are an attack
        raise Refusal(what="a damaged Office file")
    root = ElementTree.fromstring(xml)  # noqa: S314 - no DTD (refused above), so no entity expansion
    parts = {e.get("PartName", ""): e.get("ContentType", "") for e in root.iter(f"{_CT_NS}Override")}
    parts |= {"*." + e.get("Extension", ""): e.get("ContentType", "") for e in root.iter(f"{_CT_NS}Default")}
    return parts


# --- PNG, JPEG --------------------------------------------------------------------------------------


def _check_png(data: bytes) -> None:
    """Every chunk whole with a correct CRC, IHDR first, nothing after IEND."""
    position, chunk = 8, b""
    while chunk != b"IEND":
        if position + 12 > len(data):
            raise Refusal(message=IMAGE_DAMAGED)
        length, chunk = struct.unpack(">I4s", data[position : position + 8])
        end = position + 12 + length
        header = position == 8
        if end > len(data) or header != (chunk == b"IHDR") or (header and length != 13):
            raise Refusal(message=IMAGE_DAMAGED)
        if zlib.crc32(data[position + 4 : end - 4]) != struct.unpack(">I", data[end - 4 : end])[0]:
            raise Refusal(message=IMAGE_DAMAGED)
        if header:
            _check_pixels(*struct.unpack(">II", data[position + 8 : position + 16]))
        position = end
    if data[position:]:
        raise Refusal(message=HIDDEN_DATA)


def _check_jpeg(data: bytes) -> None:
    """Segments walked from SOI to EOI; a frame and a scan are present; only more pictures follow."""
    position, framed, scanned = 2, False, False
    while True:
        if position + 2 > len(data) or data[position] != 0xFF:
            raise Refusal(message=IMAGE_DAMAGED)
        marker = data[position + 1]
        if marker == 0xFF or 0xD0 <= marker <= 0xD8 or marker == 0x01:
            position += 1 if marker == 0xFF else 2
            continue
        if marker == 0xD9:
            break
        if position + 4 > len(data):
            raise Refusal(message=IMAGE_DAMAGED)
        (length,) = struct.unpack(">H", data[position + 2 : position + 4])
        if length < 2:
            raise Refusal(message=IMAGE_DAMAGED)
        if 0xC0 <= marker <= 0xCF and marker not in (0xC4, 0xC8, 0xCC):
            height, width = struct.unpack(">HH", data[position + 5 : position + 9])
            _check_pixels(width, height)
            framed = True
        position += 2 + length
        if marker == 0xDA:
            scanned, position = True, _end_of_scan(data, position)
    trailer = data[position + 2 :]
    if not (framed and scanned):
        raise Refusal(message=IMAGE_DAMAGED)
    # Phones append further pictures (MPF) after the first; anything else is hidden data.
    if trailer.strip(b"\x00") and not trailer.startswith(b"\xff\xd8\xff"):
        raise Refusal(message=HIDDEN_DATA)


def _end_of_scan(data: bytes, position: int) -> int:
    """The next marker after entropy-coded data (0xFF00 is a stuffed byte, 0xFFD0-D7 restart markers)."""
    while True:
        position = data.find(b"\xff", position)
        if position < 0 or position + 1 >= len(data):
            raise Refusal(message=IMAGE_DAMAGED)
        following = data[position + 1]
        if following == 0 or 0xD0 <= following <= 0xD7 or following == 0xFF:
            position += 1
            continue
        return position


def _check_pixels(width: int, height: int) -> None:
    if width == 0 or height == 0:
        raise Refusal(message=IMAGE_DAMAGED)
    if width * height > MAX_PIXELS:
        raise Refusal(message=IMAGE_TOO_LARGE)


# --- plain text -------------------------------------------------------------------------------------

_MARKUP = re.compile(
    rb"<\s*/?\s*(script|html|head|body|iframe|frame|frameset|object|embed|applet|meta|link|style|base|form"
    rb"|img|svg|math|template|xml)\b|<!doctype|<\?xml|javascript:|vbscript:|data:text/html",
    re.I,
)
_CONTROL = re.compile(r"[\x00-\x08\x0b\x0e-\x1a\x1c-\x1f\x7f]")


def _check_text(data: bytes) -> None:
    """UTF-8 text with no markup a browser or viewer would run: HTML, SVG, XML, script URLs."""
    if data.startswith((codecs.BOM_UTF16_LE, codecs.BOM_UTF16_BE)):
        raise Refusal(what="a text file saved as UTF-16 (save it as UTF-8 text)")
    try:
        text = data.removeprefix(codecs.BOM_UTF8).decode("utf-8")
    except UnicodeDecodeError:
        raise Refusal(what="a kind of file that cannot be checked") from None
    if _CONTROL.search(text):
        raise Refusal(what="a kind of file that cannot be checked")
    markup = _MARKUP.search(data)
    if markup:
        svg = re.search(rb"<\s*svg\b", data, re.I)
        what = "an SVG image" if svg else "a web page (HTML)"
        raise Refusal(what=what, why="These can run scripts when opened.")
