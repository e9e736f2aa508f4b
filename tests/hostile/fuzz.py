"""Seeded mutations of valid reference files for the fuzz test of issue 11.

Byte-level for every format (bit flips, truncation, chunk duplication, an integer field smashed to
0xFF…/0x00…), plus edits inside one zip member for .xlsx/.ods (the member's bytes mutated, a number or
a size attribute inflated, a tag dropped, the member removed) and inside the text of SpreadsheetML
2003 and CSV files (numbers, ss:Index/MergeAcross/MergeDown, quotes). The same seed gives the same
cases, so a failure can be replayed: `python -m tests.hostile.fuzz FORMAT OUT_DIR [N] [SEED]`.
"""

from __future__ import annotations

import io
import random
import re
import zipfile
from pathlib import Path

from tests.hostile import build

FORMATS = ("xlsx", "xls", "xml2003", "ods", "csv")
CASES_PER_FORMAT = 80
SEED = 11


def reference(fmt: str, folder: Path) -> Path:
    """The valid reference file of a format (the .ods is built, the others are tests/quirks samples)."""
    if fmt == "ods":
        return build.reference_ods(folder)[0]
    return {"xlsx": build.XLSX_SEED, "xls": build.XLS_SEED, "xml2003": build.XML_SEED, "csv": build.CSV_SEED}[fmt]


# ---------------------------------------------------------------------------------------------
# byte level

_HUGE_NUMBERS = ("1E+308", "99999999999999999999999999999999999999", "-1", "1e33", "NaN", "inf", "0.0000001", "4294967296",
                 "2147483648", "-2147483649", "1048577", "16385")


def bitflip(rng: random.Random, data: bytes) -> tuple[str, bytes]:
    b = bytearray(data)
    k = rng.randint(1, 16)
    for _ in range(k):
        i = rng.randrange(len(b))
        b[i] ^= 1 << rng.randrange(8)
    return f"bitflip{k}", bytes(b)


def truncate(rng: random.Random, data: bytes) -> tuple[str, bytes]:
    cut = rng.randrange(1, len(data))
    return f"truncate{cut}", data[:cut]


def dup_chunk(rng: random.Random, data: bytes) -> tuple[str, bytes]:
    a = rng.randrange(len(data))
    n = rng.randint(1, min(4096, len(data) - a))
    at = rng.randrange(len(data) + 1)
    times = rng.choice((1, 1, 2, 8))
    return f"dup{n}x{times}", data[:at] + data[a:a + n] * times + data[at:]


def smash(rng: random.Random, data: bytes) -> tuple[str, bytes]:
    """An integer field (a record length, a row number, a count) overwritten with an extreme value."""
    word = rng.choice((b"\xff\xff", b"\xff\xff\xff\xff", b"\x00\x00\x00\x00", b"\xff\x7f", b"\xff\xff\xff\x7f"))
    at = rng.randrange(max(1, len(data) - len(word)))
    return f"smash{at}", data[:at] + word + data[at + len(word):]


BYTE_OPS = (bitflip, truncate, dup_chunk, smash)


def byte_mutation(rng: random.Random, data: bytes) -> tuple[str, bytes]:
    return rng.choice(BYTE_OPS)(rng, data)


# ---------------------------------------------------------------------------------------------
# inside the text (XML parts, SpreadsheetML 2003, CSV)


def inflate_number(rng: random.Random, text: str) -> tuple[str, str]:
    spots = list(re.finditer(r"(?<=[>\",])-?\d+(?:\.\d+)?(?=[<\",\n])", text))
    if not spots:
        return "nonumber", text
    m = rng.choice(spots)
    new = rng.choice(_HUGE_NUMBERS)
    return f"number{new}", text[:m.start()] + new + text[m.end():]


_SIZE_ATTRS = re.compile(
    r'((?:\br|ref|sqref|spans|count|uniqueCount|ss:Index|ss:MergeAcross|ss:MergeDown|ss:ExpandedRowCount|ss:ExpandedColumnCount'
    r'|table:number-columns-repeated|table:number-rows-repeated|table:number-columns-spanned|table:number-rows-spanned)=")([^"]*)(")')
_BIG_VALUES = ("XFD1048576", "A1:XFD1048576", "1:16384", "100000000", "2147483647", "-1", "0", "abc", "", "1048576", "16384", "1e9")


def inflate_attribute(rng: random.Random, text: str) -> tuple[str, str]:
    spots = list(_SIZE_ATTRS.finditer(text))
    if not spots:
        return "noattr", text
    m = rng.choice(spots)
    new = rng.choice(_BIG_VALUES)
    attr = m.group(1).rstrip('="')
    return f"attr_{attr}={new}", text[:m.start(2)] + new + text[m.end(2):]


def add_attribute(rng: random.Random, text: str) -> tuple[str, str]:
    """A size attribute added where the format allows one (rows, cells)."""
    choices = [(r"<Row\b", ' ss:Index="{v}"'), (r"<Cell\b", ' ss:Index="{v}"'), (r"<Cell\b", ' ss:MergeAcross="{v}"'),
               (r"<Cell\b", ' ss:MergeDown="{v}"'), (r"<table:table-row\b", ' table:number-rows-repeated="{v}"'),
               (r"<table:table-cell\b", ' table:number-columns-repeated="{v}"'), (r"<table:table-cell\b", ' table:number-rows-spanned="{v}"')]
    rng.shuffle(choices)
    for tag, attr in choices:
        spots = list(re.finditer(tag, text))
        if spots:
            m = rng.choice(spots)
            v = rng.choice(("100000000", "1048576", "16384", "2147483647", "-5", "abc"))
            return f"add{attr.split('=')[0].strip()}={v}", text[:m.end()] + attr.format(v=v) + text[m.end():]
    return "noplace", text


def drop_tag(rng: random.Random, text: str) -> tuple[str, str]:
    spots = list(re.finditer(r"<[^<>]+>", text))
    if not spots:
        return "notag", text
    m = rng.choice(spots)
    return "droptag", text[:m.start()] + text[m.end():]


def csv_quote(rng: random.Random, text: str) -> tuple[str, str]:
    at = rng.randrange(len(text))
    return "quote", text[:at] + '"' + text[at:]


def long_field(rng: random.Random, text: str) -> tuple[str, str]:
    at = rng.randrange(len(text))
    n = rng.choice((40_000, 140_000))
    return f"longtext{n}", text[:at] + "长" * n + text[at:]


TEXT_OPS = (inflate_number, inflate_attribute, add_attribute, drop_tag)


def text_mutation(rng: random.Random, data: bytes, fmt: str) -> tuple[str, bytes]:
    encoding = "utf-8-sig" if fmt == "csv" else "utf-8"
    text = data.decode(encoding)
    ops = (inflate_number, csv_quote, long_field) if fmt == "csv" else TEXT_OPS
    op, new = rng.choice(ops)(rng, text)
    return op, new.encode(encoding)


# ---------------------------------------------------------------------------------------------
# inside a zip


def zip_mutation(rng: random.Random, data: bytes) -> tuple[str, bytes]:
    with zipfile.ZipFile(io.BytesIO(data)) as z:
        members = [(i.filename, z.read(i)) for i in z.infolist()]
    weights = [8 if re.search(r"sheet\d*\.xml$|content\.xml$|sharedStrings", n) else 2 if n.endswith((".xml", ".rels")) else 1
               for n, _ in members]
    k = rng.choices(range(len(members)), weights)[0]
    name, part = members[k]
    how = rng.choice(("bytes", "text", "text", "text", "drop"))
    if how == "drop":
        op, members = f"drop:{name}", members[:k] + members[k + 1:]
    elif how == "bytes" or not name.endswith((".xml", ".rels")):
        op, new = byte_mutation(rng, part) if part else ("empty", part)
        members[k] = (name, new)
    else:
        op, new_text = rng.choice(TEXT_OPS)(rng, part.decode("utf-8", "replace"))
        members[k] = (name, new_text.encode())
    out = io.BytesIO()
    with zipfile.ZipFile(out, "w", zipfile.ZIP_DEFLATED) as z:
        for n, d in members:
            z.writestr(n, d, compress_type=zipfile.ZIP_STORED if n == "mimetype" else zipfile.ZIP_DEFLATED)
    return f"{name.split('/')[-1]}:{op}", out.getvalue()


def mutate(rng: random.Random, data: bytes, fmt: str) -> tuple[str, bytes]:
    """One case: for zip formats mostly edits of a member, else mostly bytes; text formats get both."""
    roll = rng.random()
    if fmt in ("xlsx", "ods") and roll < 0.65:
        return zip_mutation(rng, data)
    if fmt in ("xml2003", "csv") and roll < 0.5:
        return text_mutation(rng, data, fmt)
    return byte_mutation(rng, data)


def cases(fmt: str, folder: Path, n: int = CASES_PER_FORMAT, seed: int = SEED) -> list[Path]:
    """The unmutated reference first (it must pass), then n seeded mutations of it, as files."""
    folder.mkdir(parents=True, exist_ok=True)
    ref = reference(fmt, folder / "reference")
    data = ref.read_bytes()
    rng = random.Random(f"{seed}-{fmt}")
    suffix = ref.suffix
    out = [folder / f"000_reference__东湖区2025Q3{suffix}"]
    out[0].write_bytes(data)
    for i in range(1, n + 1):
        op, new = mutate(rng, data, fmt)
        safe = re.sub(r"[^\w.=:+-]", "_", op)[:60].replace(":", "_")
        path = folder / f"{i:03d}_{safe}__东湖区2025Q3{suffix}"
        path.write_bytes(new or b"\0")
        out.append(path)
    return out


if __name__ == "__main__":
    import sys

    fmt, target = sys.argv[1], Path(sys.argv[2])
    n = int(sys.argv[3]) if len(sys.argv) > 3 else CASES_PER_FORMAT
    seed = int(sys.argv[4]) if len(sys.argv) > 4 else SEED
    for p in cases(fmt, target, n, seed):
        print(p.name)
