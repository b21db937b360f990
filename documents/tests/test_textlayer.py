"""Proof of the Thai text-layer fix (docs/pdf.md): text extracted from our PDFs is the text we
stored, for every Thai syllable shape, while the page looks exactly as before.

These tests need no database: they render with WeasyPrint directly.
"""

import shutil
import subprocess
import unicodedata

import pytest
from PIL import Image, ImageChops

from documents.pdf.fonts import (
    FAMILY,
    TEXT_TABLE_TAG,
    build_textlayer_font,
    glyph_meanings,
    read_text_table,
    source_font,
)
from documents.pdf.textlayer import install

pytestmark = pytest.mark.skipif(not shutil.which("pdftotext"), reason="poppler-utils missing")

CONSONANTS = [chr(c) for c in range(0x0E01, 0x0E2F)]  # ก … ฮ (with ฤ ฦ)
UPPER = ["", "\u0e31", "\u0e34", "\u0e35", "\u0e36", "\u0e37"]
LOWER = ["\u0e38", "\u0e39"]
TONES = ["", "\u0e48", "\u0e49", "\u0e4a", "\u0e4b"]
FINALS = ["", "\u0e33", "\u0e32", "\u0e30", "\u0e19"]
WORDS = [
    "ว่าราชการ",
    "น้ำ",
    "ผู้ว่าราชการกรุงเทพมหานคร",
    "สำนักพัฒนาสังคม",
    "กำหนด",
    "ดำเนินงาน",
    "ค่าเป้าหมาย",
    "ปีงบประมาณ",
    "ฤๅษี",
    "ฦๅ",
    "ญี่ปุ่น",
    "ฐานข้อมูล",
    "ปฏิบัติ",
    "ปั้นหม้อ",
    "ฝั่งธน",
    "ฟ้ำ",
    "ป่ำ",
    "ต่ำ",
    "ค้ำ",
    "จ๋ำ",
    "ก๊ำ",
    "สํ",
    "ที่ดิน",
    "เพื่อ",
    "ขึ้น",
    "ทำน้ำ",
    "กระทรวง",
    "ไม้มลาย",
    "ใหญ่",
    "โรงเรียน",
    "เกี่ยวข้อง",
    "ปู่ย่า",
    "สิ่งแวดล้อม",
    "๑๒๓๔๕๖๗๘๙๐",
    "☐",
    "☒",
    "ร้อยละ ๑๐๐",
    "BKK Food Bank",
    "Green Office",
    "fluffy",
    "Policy Mapping",
]


def syllables() -> list[str]:
    """Every consonant with every valid vowel/tone/final shape, including SARA AM after tones
    and after the ascender consonants (ป ฝ ฟ) that take the narrow mark variants."""
    out = []
    for c in CONSONANTS:
        for tone in TONES:
            for final in FINALS:
                out.append(c + tone + final)
            for upper in UPPER[1:]:
                out.append(c + upper + tone)
            for lower in LOWER:
                out.append(c + lower + tone)
        out.append(c + "\u0e4c")  # thanthakhat
    return out


@pytest.fixture(scope="module")
def fonts(tmp_path_factory):
    directory = tmp_path_factory.mktemp("fonts")
    fixed = directory / "SarabunTL-Regular.ttf"
    build_textlayer_font(source_font("Regular"), fixed)
    install()
    return {"fixed": fixed, "original": source_font("Regular")}


def render(path, font_file, text: str, size="14pt") -> None:
    import weasyprint

    html = f"""<html lang="th"><head><style>
    @font-face {{ font-family: T; src: url("{font_file.resolve().as_uri()}"); }}
    body {{ font-family: T; font-size: {size}; line-height: 1.5; }}
    </style></head><body><p>{text}</p></body></html>"""
    weasyprint.HTML(string=html).write_pdf(str(path))


def extract(path) -> str:
    return subprocess.run(
        ["pdftotext", "-raw", "-enc", "UTF-8", str(path), "-"],
        check=True,
        capture_output=True,
        text=True,
    ).stdout


def squash(text: str) -> str:
    """NFC, and line wraps / inter-word spaces removed (they are layout, not text)."""
    return "".join(unicodedata.normalize("NFC", text).split())


def test_every_thai_syllable_extracts_as_stored(fonts, tmp_path):
    words = syllables() + WORDS
    text = " ".join(words)
    pdf = tmp_path / "fixed.pdf"
    render(pdf, fonts["fixed"], text)
    got = squash(extract(pdf))
    assert got == squash(text), _first_difference(got, squash(text))


def test_original_font_reproduces_the_bug(fonts, tmp_path):
    """Without the fix the same text comes back wrong (sara aa / sara am share a glyph)."""
    text = "ว่าราชการ น้ำ ทำ"
    pdf = tmp_path / "original.pdf"
    render(pdf, fonts["original"], text)
    got = squash(extract(pdf))
    assert got != squash(text)
    fixed_pdf = tmp_path / "fixed.pdf"
    render(fixed_pdf, fonts["fixed"], text)
    assert squash(extract(fixed_pdf)) == squash(text)


def test_sara_am_first_also_correct(fonts, tmp_path):
    """Whichever of า / ำ the document shows first, both come back right."""
    for text in ("ทำ ว่าราชการ น้ำ", "น้ำ ทำ ว่าราชการ", "กำหนด กา กำ"):
        pdf = tmp_path / "order.pdf"
        render(pdf, fonts["fixed"], text)
        assert squash(extract(pdf)) == squash(text)


def test_pages_look_identical(fonts, tmp_path):
    """The clones are exact copies: the rasterised pages are pixel-identical."""
    # ☐ ☒ are not in the original Sarabun (a system font would draw them): leave them out.
    words = [w for w in WORDS if "☐" not in w and "☒" not in w]
    text = " ".join(words) + " " + " ".join(syllables()[::37])
    images = []
    for name in ("original", "fixed"):
        pdf = tmp_path / f"{name}.pdf"
        render(pdf, fonts[name], text)
        subprocess.run(
            ["pdftoppm", "-r", "110", "-png", "-f", "1", "-l", "1", str(pdf), str(tmp_path / name)],
            check=True,
        )
        png = next(tmp_path.glob(f"{name}*.png"))
        images.append(Image.open(png).convert("L"))
    assert images[0].size == images[1].size
    assert ImageChops.difference(images[0], images[1]).getbbox() is None


def test_font_table_gives_each_glyph_one_meaning(fonts):
    from fontTools.ttLib import TTFont

    font = TTFont(str(fonts["fixed"]))
    assert font["name"].getDebugName(1) == FAMILY
    table = read_text_table(fonts["fixed"].read_bytes())
    assert table is not None and TEXT_TABLE_TAG in font
    order = font.getGlyphOrder()
    by_name = {order[gid]: text for gid, text in table.items()}
    assert by_name["uni0E32"] == "\u0e32"  # sara aa
    assert by_name["uni0E32.am"] == "\u0e33"  # sara aa drawn for sara am
    assert by_name["uni0E4D.am"] == ""  # its nikhahit half carries nothing
    assert by_name["uni0E4D0E49.am"] == "\u0e49"  # nikhahit + mai tho ligature → the tone
    assert by_name["uni0E4D"] == "\u0e4d"  # a real nikhahit keeps its own meaning
    cmap = font.getBestCmap()
    assert cmap[0x2610] and cmap[0x2612]  # ☐ ☒ drawn into the font
    _, conflicts = glyph_meanings(TTFont(str(source_font("Regular"))))
    assert not [c for c in conflicts if any("\u0e00" <= ch <= "\u0e7f" for ch in c)]


def _first_difference(a: str, b: str) -> str:
    for i, (x, y) in enumerate(zip(a, b, strict=False)):
        if x != y:
            lo = max(0, i - 10)
            return f"at {i}: got {a[lo : i + 10]!r} expected {b[lo : i + 10]!r}"
    return f"lengths {len(a)} vs {len(b)}"
