"""Build the "Sarabun TL" fonts: Sarabun with a text layer that survives shaping.

Why: a PDF maps each *glyph* to one Unicode string (the ToUnicode CMap). Thai shaping breaks
the one-glyph-one-character assumption in one place that matters: HarfBuzz decomposes SARA AM
(ำ U+0E33) into NIKHAHIT (U+0E4D) + SARA AA (U+0E32), moves the nikhahit in front of any tone
mark, and Sarabun then ligates nikhahit + tone into one glyph. The SARA AA glyph is therefore
drawn both for "า" and for the second half of "ำ", and whichever the PDF writer saw first wins
for the whole document: "ว่าราชการ" comes back as "ว่ำรำชกำร" or "น้ำ" as "นา". See docs/pdf.md.

What this module does, once per font file and cached on disk (``ensure_fonts``):

1. Clones every glyph that a decomposed SARA AM can end up as (the SARA AA glyph, the
   nikhahit glyph and its narrow and nikhahit+tone ligature variants) to ``<name>.am``, with
   identical outlines, metrics and GPOS anchors, and appends two chained GSUB lookups to
   ``ccmp`` that swap in the clones when (and only when) the glyphs come from a SARA AM. The
   printed page is pixel-identical (a test checks this); only the glyph ids differ.
2. Computes what each glyph *means*: the character that the cmap maps to it, the text of the
   glyph it was substituted from, the joined text of a ligature's parts, and for the clones
   "ำ" (sara aa half) and the tone mark alone (nikhahit half). Every glyph has exactly one
   meaning and the meanings of a shaped run, read in glyph order, spell the input text.
3. Adds ☐ (U+2610) and ☒ (U+2612), which Sarabun lacks, so the agreement forms' component
   boxes come from the embedded font, not from whatever system font fontconfig finds.
4. Stores the meanings in a private ``bmTU`` table, which :mod:`documents.pdf.textlayer`
   hands to WeasyPrint's ToUnicode writer. HarfBuzz's subsetter drops unknown tables, so the
   table is not embedded in the PDFs.

Pure Python (fontTools); no Django. The fonts come from the ``fontpkg-sarabun`` package.
"""

from __future__ import annotations

import hashlib
import json
import os
import tempfile
import unicodedata
from copy import deepcopy
from pathlib import Path

from fontTools.pens.ttGlyphPen import TTGlyphPen
from fontTools.ttLib import TTFont, newTable
from fontTools.ttLib.tables import otTables as ot

__all__ = [
    "FAMILY",
    "STYLES",
    "TEXT_TABLE_TAG",
    "build_textlayer_font",
    "ensure_fonts",
    "read_text_table",
    "source_font",
]

#: Family name of the derived fonts (CSS ``font-family`` and the PDF ``/BaseFont``).
FAMILY = "Sarabun TL"
#: Bump when the builder changes: cached fonts are rebuilt.
BUILDER_VERSION = 4
TEXT_TABLE_TAG = "bmTU"
#: style key → (weight, css style)
STYLES = {
    "Regular": (400, "normal"),
    "Bold": (700, "normal"),
    "Italic": (400, "italic"),
    "BoldItalic": (700, "italic"),
}
#: Features HarfBuzz applies by default: only their substitutions can put a glyph on a page.
DEFAULT_FEATURES = {"ccmp", "locl", "rlig", "liga", "clig", "calt", "rclt"}

SARA_AM = "\u0e33"
NIKHAHIT = 0x0E4D
SARA_AA = 0x0E32
TONES = range(0x0E48, 0x0E4D)  # mai ek … thanthakhat
CHECKBOXES = {0x2610: "uni2610", 0x2612: "uni2612"}


def source_font(style: str = "Regular") -> Path:
    """Path of the original Sarabun file for *style* from the fontpkg-sarabun package."""
    import fontpkg

    weight, css_style = STYLES[style]
    return Path(fontpkg.path("sarabun", weight, css_style))


# --- GSUB helpers ---------------------------------------------------------------------------


def _subtables(lookup):
    for st in lookup.SubTable:
        if lookup.LookupType == 7:
            yield st.ExtensionLookupType, st.ExtSubTable
        else:
            yield lookup.LookupType, st


def _default_lookup_indices(gsub) -> set[int]:
    """Lookups reachable from the default-on features, including nested contextual ones."""
    todo = {
        i
        for fr in gsub.FeatureList.FeatureRecord
        if fr.FeatureTag in DEFAULT_FEATURES
        for i in fr.Feature.LookupListIndex
    }
    seen: set[int] = set()
    while todo:
        i = todo.pop()
        if i in seen:
            continue
        seen.add(i)
        for kind, st in _subtables(gsub.LookupList.Lookup[i]):
            if kind in (5, 6):
                records = getattr(st, "SubstLookupRecord", None) or []
                for rs in (
                    getattr(st, "ChainSubRuleSet", None) or getattr(st, "SubRuleSet", None) or []
                ):
                    for rule in (
                        rs.ChainSubRule if hasattr(rs, "ChainSubRule") else rs.SubRule
                    ) or []:
                        records = [*records, *rule.SubstLookupRecord]
                for cs in (
                    getattr(st, "ChainSubClassSet", None) or getattr(st, "SubClassSet", None) or []
                ):
                    if cs is None:
                        continue
                    rules = (
                        cs.ChainSubClassRule
                        if hasattr(cs, "ChainSubClassRule")
                        else cs.SubClassRule
                    )
                    for rule in rules or []:
                        records = [*records, *rule.SubstLookupRecord]
                todo |= {r.LookupListIndex for r in records}
    return seen


def glyph_meanings(font: TTFont) -> tuple[dict[str, str], list[str]]:
    """The Unicode text each glyph stands for, and the conflicts found (name: a vs b).

    cmap glyphs mean their (lowest) code point; a single substitution's output means what its
    input means; a ligature means its components joined; iterate to a fixed point over the
    lookups the default features can run. Multiple substitutions (SARA AM → NIKHAHIT SARA AA)
    are the case the clones handle and are skipped here.
    """
    meanings: dict[str, str] = {}
    for cp, name in sorted(font.getBestCmap().items()):
        meanings.setdefault(name, chr(cp))
    conflicts: list[str] = []
    gsub = font["GSUB"].table if "GSUB" in font else None
    if gsub is None:
        return meanings, conflicts
    lookups = [gsub.LookupList.Lookup[i] for i in sorted(_default_lookup_indices(gsub))]
    changed = True
    while changed:
        changed = False
        for lookup in lookups:
            for kind, st in _subtables(lookup):
                pairs = []
                if kind == 1:
                    pairs = [(dst, meanings.get(src)) for src, dst in st.mapping.items()]
                elif kind == 4:
                    for first, ligs in st.ligatures.items():
                        for lig in ligs:
                            parts = [meanings.get(g) for g in [first, *lig.Component]]
                            text = None if None in parts else "".join(parts)
                            pairs.append((lig.LigGlyph, text))
                for dst, text in pairs:
                    if text is None:
                        continue
                    if dst not in meanings:
                        meanings[dst] = text
                        changed = True
                    elif meanings[dst] == text:
                        continue
                    elif sorted(meanings[dst]) == sorted(text):
                        # A ligature reachable from its parts in either order (nikhahit + tone
                        # or tone + nikhahit): keep nikhahit first, the order HarfBuzz's own
                        # SARA AM decomposition produces. Anything else is a real conflict.
                        if text.startswith(chr(NIKHAHIT)) and meanings[dst] != text:
                            meanings[dst] = text
                            changed = True
                    elif unicodedata.normalize("NFKC", meanings[dst]) == text:
                        # A presentation form in the cmap (U+FB01 "ﬁ" for the fi ligature):
                        # the text a reader searches for is the letters it was made from.
                        meanings[dst] = text
                        changed = True
                    else:
                        conflicts.append(f"{dst}: {meanings[dst]!r} / {text!r}")
    return meanings, sorted(set(conflicts))


def _closure(font: TTFont, start: set[str]) -> set[str]:
    """*start* plus every glyph the default single substitutions and ligatures make of it."""
    gsub = font["GSUB"].table
    lookups = [gsub.LookupList.Lookup[i] for i in sorted(_default_lookup_indices(gsub))]
    result = set(start)
    changed = True
    while changed:
        changed = False
        for lookup in lookups:
            for kind, st in _subtables(lookup):
                if kind == 1:
                    new = {dst for src, dst in st.mapping.items() if src in result}
                elif kind == 4:
                    new = {
                        lig.LigGlyph
                        for first, ligs in st.ligatures.items()
                        for lig in ligs
                        if {first, *lig.Component} & result
                    }
                else:
                    new = set()
                if not new <= result:
                    result |= new
                    changed = True
    return result


# --- cloning --------------------------------------------------------------------------------


def _clone_glyph(font: TTFont, name: str, clone: str) -> None:
    glyf, hmtx = font["glyf"], font["hmtx"]
    glyf.glyphs[clone] = deepcopy(glyf[name])
    hmtx.metrics[clone] = hmtx.metrics[name]
    order = font.getGlyphOrder()
    order.append(clone)
    font.setGlyphOrder(order)
    glyf.glyphOrder = order
    if "GDEF" in font:
        gdef = font["GDEF"].table
        for attr in ("GlyphClassDef", "MarkAttachClassDef"):
            cd = getattr(gdef, attr, None)
            if cd is not None and name in cd.classDefs:
                cd.classDefs[clone] = cd.classDefs[name]
    if "post" in font and hasattr(font["post"], "extraNames"):
        font["post"].extraNames.append(clone)


def _append(coverage, records, name, clone) -> None:
    """Append *clone* after the last glyph of a coverage (clones have the highest ids, so
    the coverage stays sorted) together with a copy of *name*'s parallel record."""
    if coverage is None or name not in coverage.glyphs:
        return
    index = coverage.glyphs.index(name)
    coverage.glyphs.append(clone)
    if records is not None:
        records.append(deepcopy(records[index]))


def _clone_gpos(font: TTFont, name: str, clone: str) -> None:
    """Give *clone* the same positioning as *name* in every GPOS subtable that lists it."""
    if "GPOS" not in font:
        return
    for lookup in font["GPOS"].table.LookupList.Lookup:
        for st in lookup.SubTable:
            kind = lookup.LookupType
            if kind == 9:
                kind, st = st.ExtensionLookupType, st.ExtSubTable
            if kind == 4:  # mark to base
                _append(st.MarkCoverage, st.MarkArray.MarkRecord, name, clone)
                _append(st.BaseCoverage, st.BaseArray.BaseRecord, name, clone)
                st.MarkArray.MarkCount = len(st.MarkArray.MarkRecord)
                st.BaseArray.BaseCount = len(st.BaseArray.BaseRecord)
            elif kind == 6:  # mark to mark
                _append(st.Mark1Coverage, st.Mark1Array.MarkRecord, name, clone)
                _append(st.Mark2Coverage, st.Mark2Array.Mark2Record, name, clone)
                st.Mark1Array.MarkCount = len(st.Mark1Array.MarkRecord)
                st.Mark2Array.Mark2Count = len(st.Mark2Array.Mark2Record)
            elif kind == 5:  # mark to ligature
                _append(st.MarkCoverage, st.MarkArray.MarkRecord, name, clone)
                _append(st.LigatureCoverage, st.LigatureArray.LigatureAttach, name, clone)
                st.MarkArray.MarkCount = len(st.MarkArray.MarkRecord)
                st.LigatureArray.LigatureCount = len(st.LigatureArray.LigatureAttach)
            elif kind == 1 and st.Format == 2:
                _append(st.Coverage, st.Value, name, clone)
                st.ValueCount = len(st.Value)
            elif kind == 1:
                _append(st.Coverage, None, name, clone)
            elif kind == 2:
                if st.Format == 1:
                    _append(st.Coverage, st.PairSet, name, clone)
                    st.PairSetCount = len(st.PairSet)
                    for ps in st.PairSet:
                        for rec in list(ps.PairValueRecord):
                            if rec.SecondGlyph == name:
                                extra = deepcopy(rec)
                                extra.SecondGlyph = clone
                                ps.PairValueRecord.append(extra)
                        ps.PairValueCount = len(ps.PairValueRecord)
                else:
                    _append(st.Coverage, None, name, clone)
                    for cd in (st.ClassDef1, st.ClassDef2):
                        if name in cd.classDefs:
                            cd.classDefs[clone] = cd.classDefs[name]
            elif kind == 3:  # cursive
                _append(st.Coverage, st.EntryExitRecord, name, clone)
                st.EntryExitCount = len(st.EntryExitRecord)
            else:
                covs = [getattr(st, a, None) for a in ("Coverage",)]
                covs += list(getattr(st, "InputCoverage", None) or [])
                covs += list(getattr(st, "BacktrackCoverage", None) or [])
                covs += list(getattr(st, "LookAheadCoverage", None) or [])
                for cov in covs:
                    if cov is not None and name in cov.glyphs:
                        raise ValueError(f"GPOS lookup type {kind} lists {name}: not supported")


def _coverage(glyphs, font: TTFont):
    cov = ot.Coverage()
    cov.glyphs = sorted(glyphs, key=font.getGlyphID)
    return cov


def _single_lookup(mapping: dict[str, str]):
    st = ot.SingleSubst()
    st.mapping = dict(mapping)
    lookup = ot.Lookup()
    lookup.LookupType, lookup.LookupFlag, lookup.SubTable = 1, 0, [st]
    lookup.SubTableCount = 1
    return lookup


def _chain_lookup(font, rules):
    """rules: [(backtrack [sets, nearest first], input set, lookahead [sets], nested index)]."""
    lookup = ot.Lookup()
    lookup.LookupType, lookup.LookupFlag, lookup.SubTable = 6, 0, []
    for backtrack, inp, lookahead, nested in rules:
        st = ot.ChainContextSubst()
        st.Format = 3
        st.BacktrackCoverage = [_coverage(s, font) for s in backtrack]
        st.InputCoverage = [_coverage(inp, font)]
        st.LookAheadCoverage = [_coverage(s, font) for s in lookahead]
        rec = ot.SubstLookupRecord()
        rec.SequenceIndex, rec.LookupListIndex = 0, nested
        st.SubstLookupRecord = [rec]
        st.BacktrackGlyphCount = len(st.BacktrackCoverage)
        st.InputGlyphCount = 1
        st.LookAheadGlyphCount = len(st.LookAheadCoverage)
        st.SubstCount = 1
        lookup.SubTable.append(st)
    lookup.SubTableCount = len(lookup.SubTable)
    return lookup


def _add_sara_am_clones(font: TTFont, meanings: dict[str, str]) -> dict[str, str]:
    """Clone the glyphs a SARA AM becomes and route them through the clones (see module doc).

    Returns {clone: meaning}.
    """
    cmap = font.getBestCmap()
    gsub = font["GSUB"].table
    nikhahit = _closure(font, {cmap[NIKHAHIT]})
    sara_aa = _closure(font, {cmap[SARA_AA]}) - nikhahit
    tones = _closure(font, {cmap[cp] for cp in TONES if cp in cmap}) - nikhahit
    clones: dict[str, str] = {}
    for name in sorted(nikhahit | sara_aa, key=font.getGlyphID):
        clone = f"{name}.am"
        _clone_glyph(font, name, clone)
        _clone_gpos(font, name, clone)
        if name in sara_aa:
            clones[clone] = SARA_AM
        else:
            clones[clone] = meanings[name].replace(chr(NIKHAHIT), "")
    aa_clones = {f"{n}.am" for n in sara_aa}
    lookups = gsub.LookupList.Lookup
    base = len(lookups)
    lookups.append(_single_lookup({n: f"{n}.am" for n in sara_aa}))  # base
    lookups.append(_single_lookup({n: f"{n}.am" for n in nikhahit}))  # base + 1
    # SARA AA right after a nikhahit glyph (or after nikhahit + one unligated tone mark) …
    lookups.append(
        _chain_lookup(
            font, [([nikhahit], sara_aa, [], base), ([tones, nikhahit], sara_aa, [], base)]
        )
    )
    # … and then the nikhahit glyph in front of that SARA AA clone.
    lookups.append(
        _chain_lookup(
            font,
            [([], nikhahit, [aa_clones], base + 1), ([], nikhahit, [tones, aa_clones], base + 1)],
        )
    )
    gsub.LookupList.LookupCount = len(lookups)
    for fr in gsub.FeatureList.FeatureRecord:
        if fr.FeatureTag == "ccmp":
            fr.Feature.LookupListIndex = sorted({*fr.Feature.LookupListIndex, base + 2, base + 3})
            fr.Feature.LookupCount = len(fr.Feature.LookupListIndex)
    return clones


# --- checkbox glyphs ------------------------------------------------------------------------


def _rect(pen, x0, y0, x1, y1, clockwise=True):
    pts = [(x0, y0), (x0, y1), (x1, y1), (x1, y0)]
    if not clockwise:
        pts.reverse()
    pen.moveTo(pts[0])
    for p in pts[1:]:
        pen.lineTo(p)
    pen.closePath()


def _add_checkboxes(font: TTFont) -> dict[str, str]:
    """☐ and ☒ drawn as a square (and a cross) sized like Sarabun's capitals."""
    cap = getattr(font["OS/2"], "sCapHeight", 0) or 700
    size, stroke, side = int(cap * 1.05), max(48, int(cap * 0.07)), int(cap * 0.12)
    x0, y0 = side, -int(cap * 0.04)
    x1, y1 = x0 + size, y0 + size
    added = {}
    for cp, name in CHECKBOXES.items():
        if cp in font.getBestCmap():
            continue
        pen = TTGlyphPen(None)
        _rect(pen, x0, y0, x1, y1, clockwise=True)
        _rect(pen, x0 + stroke, y0 + stroke, x1 - stroke, y1 - stroke, clockwise=False)
        if cp == 0x2612:
            d, m = stroke * 0.75, stroke * 1.8
            for a, b in (
                ((x0 + m, y0 + m), (x1 - m, y1 - m)),
                ((x0 + m, y1 - m), (x1 - m, y0 + m)),
            ):
                (ax, ay), (bx, by) = a, b
                dx, dy = bx - ax, by - ay
                length = (dx * dx + dy * dy) ** 0.5
                nx, ny = -dy / length * d, dx / length * d
                quad = [
                    (ax + nx, ay + ny),
                    (bx + nx, by + ny),
                    (bx - nx, by - ny),
                    (ax - nx, ay - ny),
                ]
                # keep the winding of the outer square (clockwise in TrueType)
                area = sum(
                    p[0] * q[1] - q[0] * p[1]
                    for p, q in zip(quad, quad[1:] + quad[:1], strict=True)
                )
                if area > 0:
                    quad.reverse()
                pen.moveTo(tuple(map(round, quad[0])))
                for p in quad[1:]:
                    pen.lineTo(tuple(map(round, p)))
                pen.closePath()
        glyph = pen.glyph()
        order = font.getGlyphOrder()
        order.append(name)
        font.setGlyphOrder(order)
        font["glyf"].glyphOrder = order
        font["glyf"].glyphs[name] = glyph
        glyph.recalcBounds(font["glyf"])
        font["hmtx"].metrics[name] = (x1 + side, x0)
        if "post" in font and hasattr(font["post"], "extraNames"):
            font["post"].extraNames.append(name)
        for table in font["cmap"].tables:
            if table.isUnicode():
                table.cmap[cp] = name
        added[name] = chr(cp)
    return added


def _rename(font: TTFont, style_name: str) -> None:
    ps = f"{FAMILY.replace(' ', '')}-{style_name}"
    full = f"{FAMILY} {style_name}" if style_name != "Regular" else FAMILY
    plain_style = {"BoldItalic": "Bold Italic"}.get(style_name, style_name)
    for rec in list(font["name"].names):
        if rec.nameID in (16, 17, 21, 22):
            font["name"].removeNames(nameID=rec.nameID)
    for name_id, value in ((1, FAMILY), (2, plain_style), (3, f"bmaplan;{ps}"), (4, full), (6, ps)):
        font["name"].setName(value, name_id, 3, 1, 0x409)
        font["name"].setName(value, name_id, 1, 0, 0)


# --- build ----------------------------------------------------------------------------------


def build_textlayer_font(src: Path, dst: Path) -> dict[int, str]:
    """Write the text-layer variant of font *src* to *dst*; return {glyph id: meaning}."""
    font = TTFont(str(src))
    style_name = str(font["name"].getDebugName(2) or "Regular").replace(" ", "")
    meanings, conflicts = glyph_meanings(font)
    thai_conflicts = [c for c in conflicts if any("\u0e00" <= ch <= "\u0e7f" for ch in c)]
    if thai_conflicts:
        raise ValueError(f"Thai glyphs with two meanings in {src.name}: {thai_conflicts}")
    meanings.update(_add_sara_am_clones(font, meanings))
    meanings.update(_add_checkboxes(font))
    _rename(font, style_name)
    if "DSIG" in font:
        del font["DSIG"]
    gids = {font.getGlyphID(name): text for name, text in meanings.items()}
    table = newTable(TEXT_TABLE_TAG)
    table.data = json.dumps(
        {"version": BUILDER_VERSION, "glyphs": {str(k): v for k, v in sorted(gids.items())}},
        ensure_ascii=False,
        separators=(",", ":"),
    ).encode()
    font[TEXT_TABLE_TAG] = table
    dst.parent.mkdir(parents=True, exist_ok=True)
    fd, tmp = tempfile.mkstemp(dir=dst.parent, suffix=".ttf.tmp")
    os.close(fd)
    try:
        font.save(tmp)
        os.replace(tmp, dst)  # atomic: concurrent workers never see half a font
    finally:
        if os.path.exists(tmp):
            os.unlink(tmp)
    return gids


def read_text_table(data: bytes) -> dict[int, str] | None:
    """The {glyph id: text} map stored in font file *data*, or None (not one of ours)."""
    if len(data) < 12:
        return None
    count = int.from_bytes(data[4:6], "big")
    for i in range(count):
        rec = data[12 + 16 * i : 28 + 16 * i]
        if rec[:4] == TEXT_TABLE_TAG.encode():
            offset = int.from_bytes(rec[8:12], "big")
            length = int.from_bytes(rec[12:16], "big")
            payload = json.loads(data[offset : offset + length].decode())
            return {int(k): v for k, v in payload["glyphs"].items()}
    return None


def ensure_fonts(directory: Path) -> dict[str, Path]:
    """Build (once) and return the derived fonts per style, cached under *directory*.

    The file name carries a digest of the source font and the builder version, so a new
    fontpkg-sarabun release or builder change makes new files instead of reusing stale ones.
    """
    paths = {}
    for style in STYLES:
        src = source_font(style)
        digest = hashlib.sha256(src.read_bytes()).hexdigest()[:12]
        dst = Path(directory) / f"SarabunTL-{style}-{digest}-v{BUILDER_VERSION}.ttf"
        if not dst.exists():
            build_textlayer_font(src, dst)
        paths[style] = dst
    return paths
