"""A layout's pages written as PDF 1.4 bytes: our own short writer rather than reportlab's canvas.

Almost everything in a printout's PDF is the same for every document of a process: the fonts (their
subset, widths and ToUnicode map: printing/fonts.py) and the logo. Those objects are made once and their
bytes kept; a document adds only its pages and their content, compressed, plus the cross-reference table.
reportlab's canvas formatted every object of every document anew, which was half of a ticket's time (see
the README, "Printing"). The QR code is one filled path, the text one BT … ET block a page.

Objects: 1 catalog, 2 page tree, 3 information, then the fonts, the logo, and each page with its content.
The output is byte-stable: the same document gives the same bytes (its dates come from the document).
"""

import functools
import hashlib
import io
import re
import threading
import zlib

import zxingcpp
from PIL import Image

from printing.fonts import stream

QUIET_ZONE = 4  # modules of white around a QR code, as its standard requires
LOGOS_KEPT = 64
_ESCAPES = {ord("\\"): b"\\\\", ord("("): b"\\(", ord(")"): b"\\)", ord("\r"): b"\\r"}
_DARK_RUN = re.compile(b"\x00+")


def escape(raw):
    """Bytes as a PDF literal string's content."""
    if b"\\" in raw or b"(" in raw or b")" in raw or b"\r" in raw:
        return b"".join(_ESCAPES.get(byte, bytes((byte,))) for byte in raw)
    return raw


def text_string(text):
    """Text outside the page (title): UTF-16BE with its byte-order mark, in hex."""
    return "<FEFF" + text.encode("utf-16-be").hex().upper() + ">"


# -- the QR code --------------------------------------------------------------------------------------

def qr_rows(text):
    """The QR symbol of `text`, one bytes object per row (0 a dark module), without its quiet zone.

    Error correction level Q, byte mode (SUNAT's string is ASCII), the smallest version that fits
    (version 8, 49 × 49 modules, for the usual string), the mask chosen as the standard prescribes.
    """
    symbol = zxingcpp.create_barcode(text, zxingcpp.BarcodeFormat.QRCode, ec_level="Q")
    image = memoryview(symbol.to_image(scale=1, add_quiet_zones=False))
    side = image.shape[0]
    flat = image.tobytes()
    return [flat[row * side:(row + 1) * side] for row in range(side)]


@functools.lru_cache(maxsize=65536)
def _run(x, y, width):
    """One run's rectangle, formatted once per process (formatting was a fifth of a ticket's time)."""
    return f"{x} {y} {width} 1 re"


def qr_path(text, x, top, size):
    """The QR as one filled path (no seams between modules): a rectangle per run of dark modules, in module
    units under a scaling matrix. `size` includes the quiet zone; (x, top) is its top-left corner."""
    rows = qr_rows(text)
    module = size / (len(rows) + 2 * QUIET_ZONE)
    left, upper = x + QUIET_ZONE * module, top - QUIET_ZONE * module
    runs = " ".join([_run(run.start(), -number - 1, run.end() - run.start())
                     for number, row in enumerate(rows) for run in _DARK_RUN.finditer(row)])
    return f"q 0 g {module:.4f} 0 0 {module:.4f} {left:.3f} {upper:.3f} cm {runs} f Q"


# -- the logo -----------------------------------------------------------------------------------------

class Logo:
    """An image decoded and compressed once per process, as one image object (and its alpha mask)."""

    def __init__(self, image_bytes):
        with Image.open(io.BytesIO(image_bytes)) as image:
            image.load()
            alpha = image.convert("RGBA").getchannel("A") if "A" in image.getbands() or "transparency" in image.info \
                else None
            rgb = image.convert("RGB")
        self.size = rgb.size
        self.pixels = zlib.compress(rgb.tobytes())
        self.alpha = zlib.compress(alpha.tobytes()) if alpha is not None and alpha.getextrema() != (255, 255) else None
        self._objects = {}

    def fit(self, max_width, max_height):
        """(width, height) in points that keep the proportions inside the box."""
        width, height = self.size
        scale = min(max_width / width, max_height / height)
        return width * scale, height * scale

    def objects(self, first):
        """The image object (numbered `first`) and its mask (`first + 1`), when it has one."""
        found = self._objects.get(first)
        if found is None:
            width, height = self.size
            mask = f" /SMask {first + 1} 0 R" if self.alpha is not None else ""
            found = [stream(self.pixels, f"/Type /XObject /Subtype /Image /Width {width} /Height {height} "
                                         f"/ColorSpace /DeviceRGB /BitsPerComponent 8 /Filter /FlateDecode{mask}")]
            if self.alpha is not None:
                found.append(stream(self.alpha, f"/Type /XObject /Subtype /Image /Width {width} /Height {height} "
                                                "/ColorSpace /DeviceGray /BitsPerComponent 8 /Filter /FlateDecode"))
            self._objects[first] = found
        return found


_logos = {}
_logos_lock = threading.Lock()


def logo(image_bytes):
    """The Logo of these bytes, made once per process (a process serves few companies' logos)."""
    key = hashlib.sha256(image_bytes).digest()
    with _logos_lock:
        found = _logos.get(key)
        if found is None:
            if len(_logos) >= LOGOS_KEPT:
                _logos.clear()
            found = _logos[key] = Logo(image_bytes)
        return found


# -- writing ------------------------------------------------------------------------------------------

def characters(layout, font):
    used = set()
    for ops in layout.pages:
        for op in ops:
            if op[0] == "t" and op[4] is font:
                used.update(op[3])
    return used


def page_content(ops, height, names, encoders, logo_name):
    """One page's content stream: graphics, then its text."""
    graphics, text, current = [], ["BT"], None
    for op in ops:
        kind = op[0]
        if kind == "t":
            _, x, y, string, font, size, align = op
            if align == "r":
                x -= font.width(string, size)
            elif align == "c":
                x -= font.width(string, size) / 2
            if (font, size) != current:
                text.append(f"/{names[font]} {size:g} Tf")
                current = (font, size)
            shown = escape(encoders[font](string)).decode("latin-1")
            text.append(f"1 0 0 1 {x:.2f} {height - y:.2f} Tm ({shown}) Tj")
        elif kind == "l":
            _, x1, y1, x2, y2, width = op
            graphics.append(f"{width:g} w {x1:.2f} {height - y1:.2f} m {x2:.2f} {height - y2:.2f} l S")
        elif kind == "r":
            _, x, y, w, h, width, fill = op
            if fill is not None:
                graphics.append(f"{fill:g} g {x:.2f} {height - y - h:.2f} {w:.2f} {h:.2f} re f 0 g")
            else:
                graphics.append(f"{width:g} w {x:.2f} {height - y - h:.2f} {w:.2f} {h:.2f} re S")
        elif kind == "i":
            _, _, x, y, w, h = op
            graphics.append(f"q {w:.2f} 0 0 {h:.2f} {x:.2f} {height - y - h:.2f} cm /{logo_name} Do Q")
        elif kind == "q":
            _, value, x, y, size = op
            graphics.append(qr_path(value, x, height - y, size))
    if len(text) > 1:
        text.append("ET")
        graphics.append(" ".join(text))
    return "\n".join(graphics).encode("latin-1")


def write(layout, page_heights, title, created):
    """The layout's pages as PDF bytes. `created` (a datetime) becomes the file's creation date."""
    fonts_used = [font for font in (layout.regular, layout.bold) if characters(layout, font)] or [layout.regular]
    objects = {}
    number = 4
    names, encoders, resources = {}, {}, []
    for index, font in enumerate(fonts_used, start=1):
        subset = font.codes(characters(layout, font))
        names[font], encoders[font] = f"F{index}", font.encoder(subset)
        resources.append(f"/F{index} {number} 0 R")
        for body in font.objects(subset, number):
            objects[number] = body
            number += 1
    font_resources = " ".join(resources)
    logos = {op[1] for ops in layout.pages for op in ops if op[0] == "i"}
    xobjects, logo_name = "", "Im1"
    if logos:
        xobjects = f" /XObject << /{logo_name} {number} 0 R >>"
        for body in logos.pop().objects(number):
            objects[number] = body
            number += 1
    kids = []
    for ops, height in zip(layout.pages, page_heights):
        content = zlib.compress(page_content(ops, height, names, encoders, logo_name))
        objects[number] = (f"<< /Type /Page /Parent 2 0 R /MediaBox [0 0 {layout.width:.3f} {height:.3f}] "
                           f"/Resources << /Font << {font_resources} >>{xobjects} /ProcSet [/PDF /Text /ImageC] >> "
                           f"/Contents {number + 1} 0 R >>").encode()
        objects[number + 1] = stream(content, "/Filter /FlateDecode")
        kids.append(f"{number} 0 R")
        number += 2
    objects[1] = b"<< /Type /Catalog /Pages 2 0 R >>"
    objects[2] = f"<< /Type /Pages /Kids [{' '.join(kids)}] /Count {len(kids)} >>".encode()
    stamp = created.strftime("D:%Y%m%d%H%M%S-05'00'")
    objects[3] = (f"<< /Title {text_string(title)} /Producer (ERP gateway) /CreationDate ({stamp}) "
                  f"/ModDate ({stamp}) >>").encode()
    return assemble(objects, number)


def assemble(objects, count):
    out = [b"%PDF-1.4\n%\xe2\xe3\xcf\xd3\n"]
    size = len(out[0])
    offsets = [0] * count
    for number in range(1, count):
        offsets[number] = size
        chunk = b"%d 0 obj\n%s\nendobj\n" % (number, objects[number])
        out.append(chunk)
        size += len(chunk)
    identity = hashlib.md5(b"".join(out)).hexdigest()
    xref = [b"xref\n0 %d\n0000000000 65535 f \n" % count]
    xref += [b"%010d 00000 n \n" % offsets[number] for number in range(1, count)]
    out.append(b"".join(xref))
    out.append((f"trailer\n<< /Size {count} /Root 1 0 R /Info 3 0 R /ID [<{identity}> <{identity}>] >>\n"
                f"startxref\n{size}\n%%EOF\n").encode())
    return b"".join(out)
