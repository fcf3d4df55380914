"""The fonts a printout uses: their metrics for the layout, and their PDF objects, made once per process.

Families: "vera" (Bitstream Vera Sans, shipped inside the reportlab wheel and embedded; its licence allows
embedding), "helvetica" (a PDF standard font: not embedded, so the viewer or printer supplies it; WinAnsi
encoding, which covers Spanish), "dejavu" (Debian's fonts-dejavu-core), or the path of a TrueType file.

An embedded font is a subset: the glyphs a document uses. Every document's subset starts with the same
characters (ASCII, then SEED_EXTRA), so the subset of an ordinary Spanish document is always the same,
and its PDF objects (font program, widths, ToUnicode map, descriptor) are built once per process and
kept (`Font.objects`). A document with other characters gets them appended, up to the 256 codes a simple
font has; beyond that a character prints as "?". reportlab parses the TrueType files, measures text and
cuts the subset (`TTFontFile.makeSubset`); the PDF itself is written by printing/pdf.py.
"""

import hashlib
import os
import threading
import zlib

import reportlab
from reportlab.pdfbase import pdfmetrics
from reportlab.pdfbase.ttfonts import TTFont
from reportlab.pdfbase.ttfonts import makeToUnicodeCMap

_REPORTLAB_FONTS = os.path.join(os.path.dirname(reportlab.__file__), "fonts")
_DEJAVU = "/usr/share/fonts/truetype/dejavu"
FAMILIES = {
    "vera": (os.path.join(_REPORTLAB_FONTS, "Vera.ttf"), os.path.join(_REPORTLAB_FONTS, "VeraBd.ttf")),
    "dejavu": (os.path.join(_DEJAVU, "DejaVuSans.ttf"), os.path.join(_DEJAVU, "DejaVuSans-Bold.ttf")),
}
STANDARD = {"helvetica": ("Helvetica", "Helvetica-Bold")}

ASCII = 127  # codes 0–126 are the ASCII characters themselves, so the text stays readable in the file
SEED_EXTRA = "ÁÉÍÓÚÜÑáéíóúüñ¿¡°ºª€—–“”‘’…•·×"
CODES = 256
OBJECTS_KEPT = 64  # subsets whose objects are kept (~50 KB each)


class UnknownFont(ValueError):
    pass


class Font:
    """One face (regular or bold) of a family: metrics, encoding and PDF objects."""

    def __init__(self, name, path=None):
        self.name = name  # reportlab's registered name, for its metrics
        self.face = None
        if path is not None:
            font = TTFont(name, path)
            pdfmetrics.registerFont(font)
            self.face = font.face
        # reportlab's measuring method itself (pdfmetrics.stringWidth looks the font up on every call)
        self._measure = pdfmetrics.getFont(name).stringWidth
        self._objects = {}
        self._lock = threading.Lock()

    @property
    def embedded(self):
        return self.face is not None

    def width(self, text, size):
        return self._measure(text, size)

    def codes(self, characters):
        """The subset for a document that uses `characters`: a tuple of code points, code i printing
        subset[i]. None for a standard font (WinAnsi)."""
        if not self.embedded:
            return None
        extra = sorted(set(characters) - _BASE_SET)
        return _BASE + tuple(ord(c) for c in extra[:CODES - len(_BASE)])

    def encoder(self, subset):
        """A function from text to the bytes that print it with this subset."""
        if subset is None:
            return lambda text: text.encode("cp1252", "replace")
        table = {code: number for number, code in enumerate(subset) if code >= ASCII or code < 32}
        table[0xA0] = 32  # a no-break space prints as a space
        known = frozenset(map(chr, subset)) | {"\xa0"}

        def encode(text):
            if not known.issuperset(text):
                text = "".join(c if c in known else "?" for c in text)
            return text.translate(table).encode("latin-1")

        return encode

    def objects(self, subset, first):
        """The PDF objects of this font for `subset`, numbered from `first`: a list of bytes, the font
        dictionary first. Made once per subset and first number, then kept."""
        key = (subset, first)
        found = self._objects.get(key)
        if found is None:
            found = self._standard_objects() if subset is None else self._embedded_objects(subset, first)
            with self._lock:
                if len(self._objects) >= OBJECTS_KEPT:
                    self._objects.clear()
                self._objects[key] = found
        return found

    def _standard_objects(self):
        return [f"<< /Type /Font /Subtype /Type1 /BaseFont /{self.name} /Encoding /WinAnsiEncoding >>".encode()]

    def _embedded_objects(self, subset, first):
        face = self.face
        tag = "".join(chr(65 + byte % 26) for byte in hashlib.sha256(face.name + repr(subset).encode()).digest()[:6])
        base_name = f"{tag}+{face.name.decode('latin-1')}"
        widths = " ".join(f"{face.getCharWidth(code):g}" for code in subset)
        program = face.makeSubset(list(subset))
        compressed = zlib.compress(program)
        unicode_map = zlib.compress(makeToUnicodeCMap(base_name, list(subset)).encode("latin-1"))
        flags = (face.flags & ~32) | 4  # symbolic, as a subset with its own codes must be
        bbox = " ".join(f"{value:g}" for value in face.bbox)
        font = (f"<< /Type /Font /Subtype /TrueType /BaseFont /{base_name} /FirstChar 0 /LastChar {len(subset) - 1} "
                f"/Widths [{widths}] /FontDescriptor {first + 1} 0 R /ToUnicode {first + 3} 0 R >>").encode()
        descriptor = (f"<< /Type /FontDescriptor /FontName /{base_name} /Ascent {face.ascent:g} "
                      f"/CapHeight {face.capHeight:g} /Descent {face.descent:g} /Flags {flags} /FontBBox [{bbox}] "
                      f"/ItalicAngle {face.italicAngle:g} /StemV {face.stemV:g} /MissingWidth {face.defaultWidth:g} "
                      f"/FontFile2 {first + 2} 0 R >>").encode()
        return [font, descriptor, stream(compressed, f"/Length1 {len(program)} /Filter /FlateDecode"),
                stream(unicode_map, "/Filter /FlateDecode")]


def stream(data, entries=""):
    """A PDF stream object's bytes."""
    return b"<< /Length %d %s >>\nstream\n%s\nendstream" % (len(data), entries.encode(), data)


_BASE = tuple(range(ASCII)) + tuple(ord(c) for c in SEED_EXTRA)
_BASE_SET = frozenset(map(chr, _BASE))
_families = {}
_lock = threading.Lock()


def family(name):
    """(regular, bold) Fonts of a family or a TTF path, made on first use and kept for the process."""
    with _lock:
        if name not in _families:
            if name in STANDARD:
                _families[name] = tuple(Font(face) for face in STANDARD[name])
            else:
                files = FAMILIES.get(name) or ((name, name) if name.lower().endswith(".ttf") else None)
                if files is None or not all(os.path.exists(path) for path in files):
                    raise UnknownFont(f"fuente {name!r}: use vera, helvetica, dejavu o la ruta de un archivo .ttf")
                _families[name] = (Font(f"{name}-regular", files[0]), Font(f"{name}-bold", files[1]))
        return _families[name]
