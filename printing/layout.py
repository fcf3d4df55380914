"""Pages of drawing operations, laid out before anything is drawn.

A layout measures text with the font's metrics and wraps it, placing operations with y measured down from
the page's top; only when it is done is each page's height known, which is what a ticket "as long as its
content" needs. printing/pdf.py then writes the pages.
"""

from printing import fonts

MM = 72 / 25.4
MAX_PAGE_HEIGHT = 14400.0  # 200 in: the largest page Acrobat and many printer drivers accept


def wrap(text, font, size, width):
    """Greedy word wrap by the font's metrics; a word longer than the width is cut."""
    lines = []
    for paragraph in str(text).split("\n"):
        line = ""
        for word in paragraph.split():
            candidate = f"{line} {word}" if line else word
            if font.width(candidate, size) <= width:
                line = candidate
                continue
            if line:
                lines.append(line)
            while font.width(word, size) > width:
                cut = len(word) - 1
                while cut > 1 and font.width(word[:cut], size) > width:
                    cut -= 1
                lines.append(word[:cut])
                word = word[cut:]
            line = word
        lines.append(line)
    return lines


class Layout:
    """Pages of drawing operations, y measured down from the page's top edge; `y` is where the next goes."""

    def __init__(self, font_family, width, height, margin_top, margin_bottom):
        self.regular, self.bold = fonts.family(font_family)
        self.width = width
        self.height = height  # None: the page grows with its content (a ticket)
        self.top = margin_top
        self.bottom = margin_bottom
        self.pages = []
        self.ops = None
        self.y = 0.0

    def new_page(self):
        self.ops = []
        self.pages.append(self.ops)
        self.y = self.top

    def room(self):
        return (self.height if self.height is not None else MAX_PAGE_HEIGHT) - self.bottom - self.y

    def font(self, bold):
        return self.bold if bold else self.regular

    def text(self, x, y, text, size, bold=False, align="l"):
        """One line at baseline y; `align` l, r (x is its right end) or c (x is its centre)."""
        self.ops.append(("t", x, y, text, self.font(bold), size, align))

    def line(self, x1, y1, x2, y2, width=0.5):
        self.ops.append(("l", x1, y1, x2, y2, width))

    def rect(self, x, y, w, h, width=0.5, fill=None):
        self.ops.append(("r", x, y, w, h, width, fill))

    def image(self, logo, x, y, w, h):
        self.ops.append(("i", logo, x, y, w, h))

    def qr(self, text, x, y, size):
        self.ops.append(("q", text, x, y, size))

    def paragraph(self, x, width, text, size, bold=False, align="l", leading=None):
        """Wrapped text from `y` down; moves `y` below it."""
        leading = leading or size * 1.25
        for part in wrap(text, self.font(bold), size, width):
            self.y += leading
            at = x if align == "l" else x + width if align == "r" else x + width / 2
            self.text(at, self.y - leading * 0.22, part, size, bold, align)

    def measure(self, width, text, size, bold=False, leading=None):
        """The height `paragraph` would take."""
        return len(wrap(text, self.font(bold), size, width)) * (leading or size * 1.25)

    def string_width(self, text, size, bold=False):
        return self.font(bold).width(text, size)
