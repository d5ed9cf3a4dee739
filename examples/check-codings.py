#!/usr/bin/env python3
"""Check examples/study/codings.csv against the transcripts and the codebook.

usage: python3 examples/check-codings.py [STUDY_DIR]

Every coding row must name a code that exists in codebook.csv and quote an
exact substring of its document's text (decoded, line endings normalised to
\\n). A quote that occurs more than once needs an occurrence; the occurrence
must not exceed the number of occurrences. Quotes must not span lines.

Prints a summary (codings per document, per code, unused codes) and the
cross-check figures for the enterprise data-analysis gap and for the
per-role participant counts of each predicament. Exits 1 on any error.
"""
import csv
import os
import sys
import unicodedata
from collections import Counter, defaultdict

HERE = os.path.dirname(os.path.abspath(__file__))
STUDY = sys.argv[1] if len(sys.argv) > 1 else os.path.join(HERE, "study")

# T03 is GBK, S03 is UTF-16LE with a BOM; everything else UTF-8.
ENCODINGS = {"T03": "gbk", "S03": "utf-16"}
CODEBOOK_HEADER = ["path", "color", "definition", "when_to_use",
                   "when_not_to_use", "example", "memo"]
CODINGS_HEADER = ["document", "code", "quote", "occurrence", "coder", "memo"]
DATA_CODE = "Predicaments/Curriculum–industry misalignment/Data-analysis gap"

errors = []


def err(msg):
    errors.append(msg)


def load_text(path, stem):
    raw = open(path, "rb").read()
    enc = ENCODINGS.get(stem, "utf-8")
    text = raw.decode(enc)
    if text.startswith("\ufeff"):
        text = text[1:]
    text = text.replace("\r\n", "\n").replace("\r", "\n")
    if not unicodedata.is_normalized("NFC", text):
        text = unicodedata.normalize("NFC", text)
    return text


def count_occurrences(text, quote):
    n, i = 0, text.find(quote)
    while i != -1:
        n += 1
        i = text.find(quote, i + 1)  # overlapping occurrences count too
    return n


def read_csv(path, header):
    raw = open(path, "rb").read()
    if raw.startswith(b"\xef\xbb\xbf"):
        err(f"{os.path.basename(path)}: has a UTF-8 BOM")
    rows = list(csv.reader(raw.decode("utf-8-sig").splitlines(keepends=True)))
    if not rows or rows[0] != header:
        err(f"{os.path.basename(path)}: header is {rows[0] if rows else None}, expected {header}")
    return rows[1:]


def main():
    tdir = os.path.join(STUDY, "transcripts")
    texts = {}
    for name in sorted(os.listdir(tdir)):
        if name.endswith(".txt"):
            stem = name[:-4]
            texts[stem] = load_text(os.path.join(tdir, name), stem)

    # participants: document -> role
    roles = {}
    with open(os.path.join(STUDY, "participants.csv"), encoding="utf-8", newline="") as f:
        for r in csv.DictReader(f):
            roles[r["document"]] = r["role:category"]

    # codebook
    codes = []
    for i, r in enumerate(read_csv(os.path.join(STUDY, "codebook.csv"), CODEBOOK_HEADER), 2):
        if len(r) != len(CODEBOOK_HEADER):
            err(f"codebook.csv:{i}: {len(r)} fields")
            continue
        path, color = r[0], r[1]
        if path in codes:
            err(f"codebook.csv:{i}: duplicate path {path!r}")
        parts = path.split("/")
        if any(not p.strip() for p in parts):
            err(f"codebook.csv:{i}: empty level in {path!r}")
        if len(parts) > 1 and "/".join(parts[:-1]) not in codes:
            err(f"codebook.csv:{i}: parent of {path!r} not listed before it")
        if not (len(color) == 7 and color[0] == "#" and all(c in "0123456789abcdefABCDEF" for c in color[1:])):
            err(f"codebook.csv:{i}: bad colour {color!r}")
        codes.append(path)
    code_set = set(codes)

    # codings
    per_doc, per_code = Counter(), Counter()
    doc_codes = defaultdict(set)
    for i, r in enumerate(read_csv(os.path.join(STUDY, "codings.csv"), CODINGS_HEADER), 2):
        where = f"codings.csv:{i}"
        if len(r) != len(CODINGS_HEADER):
            err(f"{where}: {len(r)} fields")
            continue
        doc, code, quote, occ, coder, memo = r
        if doc not in texts:
            err(f"{where}: unknown document {doc!r}")
            continue
        if code not in code_set:
            err(f"{where}: code not in codebook: {code!r}")
        if not quote:
            err(f"{where}: empty quote")
            continue
        if "\n" in quote or "\r" in quote:
            err(f"{where}: quote contains a line break")
        if not coder:
            err(f"{where}: empty coder")
        n = count_occurrences(texts[doc], quote)
        if n == 0:
            err(f"{where}: quote not found in {doc}: {quote[:60]!r}")
        elif occ == "":
            if n > 1:
                err(f"{where}: quote occurs {n} times in {doc} but occurrence is empty: {quote[:60]!r}")
        else:
            if not occ.isdigit() or int(occ) < 1:
                err(f"{where}: bad occurrence {occ!r}")
            elif int(occ) > n:
                err(f"{where}: occurrence {occ} but quote occurs {n} times in {doc}")
        per_doc[doc] += 1
        per_code[code] += 1
        doc_codes[doc].add(code)

    # summary
    total = sum(per_doc.values())
    print(f"codings: {total} in {len(per_doc)} of {len(texts)} documents; codes: {len(codes)}")
    print("\ncodings per document:")
    for d in sorted(texts, key=lambda s: ("TSE".index(s[0]), s)):
        print(f"  {d}  {per_doc[d]:4d}")
    print("\ncodings per code (direct):")
    for c in codes:
        print(f"  {per_code[c]:4d}  {c}")
    parents = {c.rsplit("/", 1)[0] for c in codes if "/" in c}
    unused = [c for c in codes if per_code[c] == 0]
    unused_leaves = [c for c in unused if c not in parents]
    print(f"\ncodes unused: {len(unused)} of {len(codes)} "
          f"({len(unused) - len(unused_leaves)} parent nodes that only aggregate their children, "
          f"{len(unused_leaves)} leaf codes)")
    for c in unused_leaves:
        print(f"  unused leaf: {c}")
    thin = [c for c in codes if c.startswith("Predicaments/") and c.count("/") == 2 and per_code[c] < 3]
    for c in thin:
        err(f"predicament sub-theme used fewer than 3 times: {c}")

    # cross-check figures (all codings, interviewer turns included)
    ent = sorted(d for d, role in roles.items() if role == "enterprise")
    with_data = [d for d in ent if DATA_CODE in doc_codes[d]]
    print(f"\nenterprise documents coded {DATA_CODE.split('/')[-1]}: {len(with_data)} of {len(ent)} "
          f"({', '.join(with_data)}) = {100 * len(with_data) / len(ent):.0f}%")

    print("\nparticipants coded with each predicament (counting sub-codes):")
    role_order = ["teacher", "student", "enterprise"]
    role_n = Counter(roles.values())
    tops = [c for c in codes if c.count("/") == 1 and c.startswith("Predicaments/")]
    print("  " + "predicament".ljust(40) + "".join(f"{r:>12}" for r in role_order))
    for t in tops:
        counts = Counter()
        for d, cs in doc_codes.items():
            if any(c == t or c.startswith(t + "/") for c in cs):
                counts[roles.get(d)] += 1
        print("  " + t.split("/")[1].ljust(40) +
              "".join(f"{f'{counts[r]}/{role_n[r]}':>12}" for r in role_order))

    for d in texts:
        if per_doc[d] < 5:
            err(f"{d}: only {per_doc[d]} codings (want at least 5)")

    if errors:
        print(f"\n{len(errors)} error(s):", file=sys.stderr)
        for e in errors:
            print("  " + e, file=sys.stderr)
        return 1
    print("\nOK: 0 errors")
    return 0


if __name__ == "__main__":
    sys.exit(main())
