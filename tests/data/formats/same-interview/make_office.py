#!/usr/bin/env python3
"""Writes same-interview.txt and the same interview as .docx and .odt.

Run from anywhere: python3 make_office.py. Python 3 standard library only
(the Word and OpenDocument writers are those of ../office/make_fixtures.py).
tests/corpus/office_test.cpp checks that the three give the same text,
modulo white space, and the same turns.

  same-interview.txt   ten turns, one a line: "[00:00:05] 访谈者：..." and
                       "[00:00:12] Li Ming: ...", Chinese and English mixed.
  same-interview.docx  one paragraph a line, as Word saves it: the time in a
                       grey run, the label in a bold run, the text in a
                       third (split in two where Word splits on language).
  same-interview.odt   the same in LibreOffice's shape: spans, and the space
                       between label and text written between spans.
"""
import os
import sys

HERE = os.path.dirname(os.path.abspath(__file__))
sys.path.insert(0, os.path.join(HERE, "..", "office"))
import make_fixtures as office  # noqa: E402

TURNS = [
    ("00:00:05", "访谈者", "：", "谢谢您今天接受访谈。您在图书馆做什么工作？"),
    ("00:00:12", "Li Ming", ": ",
     "I'm the digital services librarian. 我负责电脑室和电子书平台。"),
    ("00:00:31", "访谈者", "：", "数字技能课程是怎么开始的？"),
    ("00:00:36", "Li Ming", ": ",
     "During the pandemic. 很多老人第一次需要用视频通话看医生。"),
    ("00:01:02", "访谈者", "：", "What do people most want to learn?"),
    ("00:01:07", "Li Ming", ": ",
     "现在最多的是防诈骗。Everybody wants to know how to spot a scam message."),
    ("00:01:40", "访谈者", "：", "志愿者都是什么人？"),
    ("00:01:45", "Li Ming", ": ",
     "Mostly retired teachers, and a few high-school students in summer."),
    ("00:02:20", "访谈者", "：", "最后，您希望明年有什么变化？"),
    ("00:02:26", "Li Ming", ": ", "更多的课，更小的班。Smaller classes, that's the main thing."),
]


def line(time, label, colon, text):
    return f"[{time}] {label}{colon}{text}"


def split_language(text):
    """Splits mixed text where Word would start a new run (at a change
    between Han and Latin script)."""
    for i in range(1, len(text)):
        if (ord(text[i - 1]) > 0x2e80) != (ord(text[i]) > 0x2e80) and text[i] != " ":
            return [text[:i], text[i:]]
    return [text]


def main():
    with open(os.path.join(HERE, "same-interview.txt"), "w", encoding="utf-8",
              newline="\n") as f:
        for t in TURNS:
            f.write(line(*t) + "\n")

    body = []
    for time, label, colon, text in TURNS:
        runs = (office.run(f"[{time}] ", '<w:color w:val="808080"/>') +
                office.run(label + colon.rstrip(), "<w:b/>"))
        pieces = split_language(text)
        if colon.endswith(" "):
            pieces[0] = " " + pieces[0]
        runs += "".join(office.run(p, '<w:lang w:eastAsia="zh-CN"/>') for p in pieces)
        body.append(office.para(runs))
    office.docx(os.path.join(HERE, "same-interview.docx"), "".join(body),
                title="Same interview", creator="Margin tests")

    body = []
    for time, label, colon, text in TURNS:
        content = (office.span(f"[{time}]", "T2") + " " +
                   office.span(label + colon.rstrip(), "T1") +
                   (" " if colon.endswith(" ") else "") + office.esc(text))
        body.append(office.tp(content))
    office.odt(os.path.join(HERE, "same-interview.odt"), "".join(body), office.ODT_STYLES)


if __name__ == "__main__":
    main()
