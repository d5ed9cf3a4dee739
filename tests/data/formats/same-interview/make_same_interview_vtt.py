#!/usr/bin/env python3
"""Writes same-interview.vtt: the interview of same-interview.txt as WebVTT.

Run from anywhere: python3 make_same_interview_vtt.py (after the .txt).
Python 3 standard library only.

Each "[hh:mm:ss] Label：text" turn of the .txt becomes cues as a captioner
would write them: the turn's text cut into cues at the ends of sentences and
clauses, the first cue at the turn's time with a voice tag <v Label>, the
cues that continue the same speaker without one. Cuts are made only where
joining the cues back (a space, or nothing between CJK and next to
full-width punctuation: corpus/subtitles.cpp) gives the turn's text again,
so tests/corpus/subtitles_test.cpp can ask for the very same turns.
"""
import os
import re
import unicodedata

HERE = os.path.dirname(os.path.abspath(__file__))
LINE = re.compile(r"^\[(\d\d):(\d\d):(\d\d)\] ([^:：]+?)\s*[:：]\s*(.*)$")


def wide(c):
    return unicodedata.east_asian_width(c) in ("W", "F")


def punct(c):
    return unicodedata.category(c).startswith("P")


def joined(left, right):
    a, b = left[-1], right[0]
    tight = (wide(a) and wide(b)) or (wide(a) and punct(a)) or (wide(b) and punct(b))
    return left + ("" if tight else " ") + right


def cues_of(text):
    pieces, start = [], 0
    for i, c in enumerate(text):
        if c not in "。？！，.?!," or i + 1 >= len(text):
            continue
        left, right = text[start:i + 1].strip(), text[i + 1:].strip()
        if len(left) < 8 or len(right) < 8 or joined(left, right) != text[start:].strip():
            continue
        pieces.append(left)
        start = i + 1
    pieces.append(text[start:].strip())
    return pieces


def stamp(ms):
    return "%02d:%02d:%02d.%03d" % (ms // 3600000, ms // 60000 % 60, ms // 1000 % 60, ms % 1000)


def main():
    with open(os.path.join(HERE, "same-interview.txt"), encoding="utf-8") as f:
        turns = []
        for line in f:
            m = LINE.match(line.strip())
            if m:
                h, mi, s, label, text = m.groups()
                turns.append(((int(h) * 60 + int(mi)) * 60 + int(s), label, text))
    out = ["WEBVTT - same-interview, captions by hand", ""]
    n = 0
    for k, (seconds, label, text) in enumerate(turns):
        begin = seconds * 1000
        end = turns[k + 1][0] * 1000 - 500 if k + 1 < len(turns) else begin + 8000
        pieces = cues_of(text)
        step = (end - begin) // len(pieces)
        for j, piece in enumerate(pieces):
            n += 1
            voice = "<v %s>" % label if j == 0 else ""
            out += [str(n), "%s --> %s" % (stamp(begin + j * step), stamp(begin + (j + 1) * step)),
                    voice + piece, ""]
    with open(os.path.join(HERE, "same-interview.vtt"), "w", encoding="utf-8", newline="\n") as f:
        f.write("\n".join(out))


main()
