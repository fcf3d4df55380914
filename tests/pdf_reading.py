"""Reading a PDF back the way a person would, with tools independent of the code that wrote it: poppler's
pdfinfo, pdftotext and pdftoppm (Debian's poppler-utils) and zbar's zbarimg (zbar-tools)."""

import re
import subprocess
import tempfile
from pathlib import Path

MM = 72 / 25.4


def _file(pdf, directory):
    path = Path(directory) / "document.pdf"
    path.write_bytes(pdf)
    return str(path)


def page_sizes(pdf):
    """[(width, height)] in points, one per page."""
    with tempfile.TemporaryDirectory() as directory:
        info = subprocess.run(["pdfinfo", "-f", "1", "-l", "100000", _file(pdf, directory)], capture_output=True,
                              text=True, check=True).stdout
    return [(float(w), float(h)) for w, h in re.findall(r"^Page +\d+ size: +([\d.]+) x ([\d.]+)", info, re.M)]


def text(pdf, first=None, last=None, layout=False):
    """The text of the pages (all, or first to last), whitespace folded to single spaces."""
    options = (["-f", str(first)] if first else []) + (["-l", str(last)] if last else []) + (["-layout"] if layout else [])
    with tempfile.TemporaryDirectory() as directory:
        out = subprocess.run(["pdftotext", *options, _file(pdf, directory), "-"], capture_output=True, check=True).stdout
    return " ".join(out.decode().split())


def qr_codes(pdf, page=None, bottom_pixels=None):
    """What zbarimg decodes from a page (the last one by default) rendered at 200 dpi; `bottom_pixels`
    renders only the bottom of a long page (zbar gives up on a 33,000-pixel-high one)."""
    page = page or len(page_sizes(pdf))
    with tempfile.TemporaryDirectory() as directory:
        command = ["pdftoppm", "-r", "200", "-png", "-f", str(page), "-l", str(page)]
        if bottom_pixels:
            height = int(page_sizes(pdf)[page - 1][1] * 200 / 72)
            command += ["-y", str(max(height - bottom_pixels, 0)), "-H", str(bottom_pixels), "-x", "0", "-W", "2000"]
        subprocess.run([*command, _file(pdf, directory), f"{directory}/page"], check=True)
        images = sorted(str(path) for path in Path(directory).glob("page*.png"))
        found = subprocess.run(["zbarimg", "--raw", "-q", *images], capture_output=True, text=True)
    return [line for line in found.stdout.splitlines() if line]
