"""Make the shipped reference document's headings, title, captions and tables black and grey.

    python tools/black_reference_docx.py qualcode/report/reference.docx

python-docx's default template colours them Word-blue (accent 1, text 2). A thesis is printed
in black, and a student pastes the report's chapter into one, so the shipped reference
document uses black for text styles and a dark grey accent (which the table style's grid and
banding take their tints of). A user's own reference document is never touched. Idempotent.
"""

from __future__ import annotations

import io
import re
import sys
import zipfile

import docx
from docx.shared import RGBColor

BLACK = RGBColor(0, 0, 0)
THEME = "word/theme/theme1.xml"
STYLES = "word/styles.xml"
ACCENT = "7F7F7F"  # the tables' grid; their banding is its tints
# the theme's accent 1 (tables' grid and banding) and dark 2 (Title's text), both blue
THEME_COLOURS = {"accent1": ACCENT, "dk2": "000000"}
_ACCENT_TAG = re.compile(r'<w:\w+ [^>]*w:theme(?:Color|Fill)="accent1"[^>]*/>')


def blacken_styles(data: bytes) -> bytes:
    document = docx.Document(io.BytesIO(data))
    for style in document.styles:
        font = getattr(style, "font", None)
        if font is None or font.color is None or font.color.type is None:
            continue
        if style.name.startswith(("Heading", "Title", "Subtitle", "Caption", "Intense Quote", "TOC")):
            font.color.rgb = BLACK  # replaces the theme colour it named
    out = io.BytesIO()
    document.save(out)
    return out.getvalue()


def _accent_tinted(tag: str) -> str:
    """A style's border or shading of accent 1: its written colour, which LibreOffice reads
    instead of the theme's, made the new accent with the tint or shade the tag names."""
    grey = int(ACCENT[:2], 16)
    tint = re.search(r'w:theme(?:Fill)?Tint="([0-9A-F]{2})"', tag)
    shade = re.search(r'w:theme(?:Fill)?Shade="([0-9A-F]{2})"', tag)
    if tint:
        level = round(grey * int(tint[1], 16) / 255 + 255 * (1 - int(tint[1], 16) / 255))
    elif shade:
        level = round(grey * int(shade[1], 16) / 255)
    else:
        level = grey
    colour = f"{level:02X}" * 3
    attribute = "w:fill" if 'w:themeFill="accent1"' in tag else "w:color"
    return re.sub(rf'{attribute}="[0-9A-Fa-f]{{6}}"', f'{attribute}="{colour}"', tag)


def grey_theme(data: bytes) -> bytes:
    source = zipfile.ZipFile(io.BytesIO(data))
    out = io.BytesIO()
    with zipfile.ZipFile(out, "w", zipfile.ZIP_DEFLATED) as target:
        for item in source.infolist():
            content = source.read(item.filename)
            if item.filename == THEME:
                text = content.decode("utf-8")
                for name, value in THEME_COLOURS.items():
                    text = re.sub(rf"(<a:{name}>\s*<a:srgbClr val=\")[0-9A-Fa-f]{{6}}", rf"\g<1>{value}", text)
                content = text.encode("utf-8")
            elif item.filename == STYLES:
                content = _ACCENT_TAG.sub(lambda m: _accent_tinted(m[0]), content.decode("utf-8")).encode("utf-8")
            target.writestr(item, content)
    return out.getvalue()


def main(path: str) -> None:
    with open(path, "rb") as handle:
        data = handle.read()
    data = grey_theme(blacken_styles(data))
    with open(path, "wb") as handle:
        handle.write(data)


if __name__ == "__main__":
    main(sys.argv[1])
