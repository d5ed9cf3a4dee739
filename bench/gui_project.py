#!/usr/bin/env python3
"""The GUI open benchmark's data (bench/gui_open.sh).

  gui_project.py text OUT_DIR [--chars 300000] [--seed 1]
      writes OUT_DIR/B01.txt, an interview transcript of about --chars
      characters (code points), and OUT_DIR/A01.txt, one of about 1,000;
      and OUT_DIR/codes.csv, 20 codes (4 themes of 4 sub-codes) with colours
      (`margin codes import`).
  gui_project.py codings PROJECT DOCUMENT OUT.csv [--codings 5000] [--seed 1]
      reads DOCUMENT's stored text and speaker turns from PROJECT (the
      SQLite file, read-only) and writes OUT.csv for `margin codings import`
      (columns document, code, start, end: code points, end exclusive).

The transcripts look like the example study's (examples/study/transcripts):
a title and a date line, then speaker turns "访谈者：..." / "张老师：...",
each a paragraph, separated by blank lines, a participant's long answer
sometimes running on over several paragraphs. The text mixes Chinese and
English the way these interviews do: Chinese answers with English platform
and tool names, whole English answers, and Chinese sentences that switch to
English. The codings are what a coder makes: one to four whole sentences of
a participant's turn, or a clause of one (cut at a comma), with codes drawn
unevenly, so that codings nest, overlap and share spans.

Deterministic: the same arguments give the same files (random.Random with a
fixed seed; the generated text and spans do not depend on the machine).
"""
import argparse
import os
import random
import sqlite3
import sys

INTERVIEWER = "访谈者"
PARTICIPANT = "张老师"

ZH_CLAUSES = [
    "说实话当时就是加了一门课", "别的都没怎么动", "学生两头学", "脑子里是两张皮",
    "培养方案改一次要很长时间", "从系里提到学院论证", "再到教务处审批", "一轮下来顺利的话一年多",
    "等学生真正上到那门课", "又是两三年过去了", "行业三四年够它翻好几个跟头", "教材是写给昨天的",
    "学生是要去明天上班的", "年轻老师补得多", "会在课件里加点案例", "讲讲直播带货是怎么回事",
    "教学大纲有一定弹性", "不能什么火就追什么", "学校不是培训班", "最后手里剩下的就是一堆过时的操作截图",
    "我们也想请企业的人来上课", "可是企业的人没时间", "双师型教师说起来容易", "真正在企业干过的老师很少",
    "实习基地签了不少", "真正能让学生上手的不多", "企业怕学生把店铺做坏了", "账号是有权重的",
    "一个差评就能把排名拉下来", "学生去了以后主要是做客服", "回复邮件和站内信", "选品和广告他们碰不到",
    "数据分析这块是最缺的", "会看报表的人不多", "能从数据里看出问题的就更少了", "英语倒不是最大的问题",
    "写产品描述还是要练", "跟外国客户沟通要懂文化", "老板最看重的是肯干", "能吃苦比什么都重要",
    "很多学生毕业就去了大城市", "留在本地的不多", "工资待遇确实有差距", "企业自己也在培训新人",
    "新人从入职到能独立负责店铺", "平均要四到五个月", "快的三个月", "慢的半年了还上不了手",
    "我们内部做过一个统计", "这个要客观地说", "加总比不加好", "学生至少知道有这么个东西",
    "考核还是看论文和课题", "教学做得好不太算数", "老师们的精力有限", "评职称压力很大",
    "学院也在想办法", "去年跟两家企业建了工作室", "学生按项目分组", "真刀真枪地运营一个店铺",
    "效果比上课好得多", "但是能进工作室的学生很少", "一届也就二三十个", "大部分学生还是在教室里听",
]
ZH_ENDS = ["。", "。", "。", "。", "？", "！", "……"]
EN_TERMS = [
    "Amazon", "TikTok Shop", "AliExpress", "Shopify", "Excel", "Seller Central", "listing",
    "SKU", "ROI", "KPI", "PPT", "ERP", "ChatGPT", "Temu", "SHEIN", "Google Ads",
]
EN_WORDS = (
    "the students need more practice with real stores and real customers and the teachers "
    "know the theory but not the platforms so we bring in people from companies when we can "
    "but they are busy and the course plan changes slowly because every change has to be "
    "approved by the college and the university which takes a year or more and by then the "
    "platforms have changed their rules again so what we teach is always a little behind "
    "what the companies want is someone who can read the data write a good listing talk to "
    "customers in English and learn quickly on the job most graduates can do the customer "
    "service part but not the advertising or the product selection which is where the money is "
    "internships help if the company lets them touch the account but many companies are "
    "afraid that a new person will damage the ranking of the store"
).split()


def zh_sentence(rng):
    n = rng.choice([1, 2, 2, 3, 3, 4])
    parts = []
    for _ in range(n):
        clause = rng.choice(ZH_CLAUSES)
        if rng.random() < 0.15:  # code-switching: an English term after the clause
            clause += rng.choice(["，比如 ", "，特别是 ", "，像 "]) + rng.choice(EN_TERMS)
        parts.append(clause)
    return "，".join(parts) + rng.choice(ZH_ENDS)


def en_sentence(rng):
    n = rng.randrange(6, 22)
    start = rng.randrange(0, len(EN_WORDS) - n)
    words = EN_WORDS[start:start + n]
    if rng.random() < 0.3:
        words[rng.randrange(n)] = rng.choice(EN_TERMS)
    s = " ".join(words)
    if rng.random() < 0.3:
        cut = s.find(" ", len(s) // 2)
        if cut > 0:
            s = s[:cut] + "," + s[cut:]
    return s[0].upper() + s[1:] + rng.choice([".", ".", ".", "?"])


def turn_text(rng, sentences, english):
    out = []
    for _ in range(sentences):
        if english:
            out.append(en_sentence(rng) + " ")
        else:
            out.append(zh_sentence(rng))
    return "".join(out).rstrip()


def transcript(rng, name, chars):
    lines = [
        f"访谈 {name} — {PARTICIPANT}，国际经济与贸易专业教师（margin-gui 基准用的生成稿）",
        "2025年5月8日上午，经管学院办公室",
        "",
    ]
    size = sum(len(s) + 1 for s in lines)
    while size < chars:
        english = rng.random() < 0.25  # a quarter of the exchanges in English
        question = turn_text(rng, rng.randrange(1, 3), english)
        para = f"{INTERVIEWER}：{question}"
        lines += [para, ""]
        size += len(para) + 2
        # The answer: one to three paragraphs, the first one labelled.
        for k in range(rng.choice([1, 1, 1, 2, 3])):
            text = turn_text(rng, rng.randrange(2, 9), english or rng.random() < 0.1)
            para = f"{PARTICIPANT}：{text}" if k == 0 else text
            lines += [para, ""]
            size += len(para) + 2
    return "\n".join(lines).rstrip() + "\n"


CODES = [
    ("Curriculum", "#C0392B", ["Outdated content", "Slow revision", "Fragmented courses", "Textbooks"]),
    ("Faculty", "#2980B9", ["No industry experience", "Workload", "Evaluation", "Guest teachers"]),
    ("Practice", "#27AE60", ["Internships", "Studios", "Account access", "Customer service only"]),
    ("Skills", "#8E44AD", ["Data analysis", "English writing", "Platform rules", "Attitude"]),
]
SUB_COLORS = ["#E74C3C", "#F39C12", "#16A085", "#D35400", "#2C3E50", "#7F8C8D", "#1ABC9C",
              "#9B59B6", "#E67E22", "#3498DB", "#2ECC71", "#F1C40F", "#34495E", "#95A5A6",
              "#C0392B", "#27AE60"]


def code_paths():
    paths = []
    for theme, color, children in CODES:
        paths.append((theme, color))
        for child in children:
            paths.append((f"{theme}/{child}", SUB_COLORS[len(paths) % len(SUB_COLORS)]))
    return paths


def cmd_text(args):
    rng = random.Random(args.seed)
    os.makedirs(args.out_dir, exist_ok=True)
    for name, chars in (("B01", args.chars), ("A01", 1000)):
        with open(os.path.join(args.out_dir, f"{name}.txt"), "w", encoding="utf-8", newline="\n") as f:
            f.write(transcript(rng, name, chars))
    with open(os.path.join(args.out_dir, "codes.csv"), "w", encoding="utf-8", newline="") as f:
        f.write("path,color\n")
        for path, color in code_paths():
            f.write(f"{path},{color}\n")


def sentence_spans(text, start, end):
    """[start, end) cut after 。？！… . ? ! and the spaces after them."""
    spans = []
    s = start
    i = start
    while i < end:
        ch = text[i]
        if ch in "。？！…" or (ch in ".?!" and (i + 1 == end or text[i + 1] == " ")):
            j = i + 1
            while j < end and text[j] in "…":
                j += 1
            spans.append((s, j))
            while j < end and text[j] == " ":
                j += 1
            s = i = j
            continue
        i += 1
    if s < end:
        spans.append((s, end))
    return spans


def cmd_codings(args):
    db = sqlite3.connect(f"file:{args.project}?mode=ro", uri=True)
    row = db.execute("SELECT id, text FROM documents WHERE name = ?", (args.document,)).fetchone()
    if row is None:
        sys.exit(f"gui_project.py: no document {args.document!r} in {args.project}")
    doc_id, text = row
    turns = db.execute(
        "SELECT start, \"end\" FROM turns WHERE document_id = ? AND kind = 'participant' ORDER BY start",
        (doc_id,)).fetchall()
    if not turns:
        sys.exit("gui_project.py: the document has no participant turns")
    # Sentences, by turn: a coding never leaves its turn.
    by_turn = [sentence_spans(text, a, b) for a, b in turns]
    by_turn = [t for t in by_turn if t]
    rng = random.Random(args.seed)
    paths = [p for p, _ in code_paths()]
    # Uneven use of codes, as in real coding: a few codes carry most codings.
    weights = [1.0 / (k + 1) for k in range(len(paths))]
    rng.shuffle(weights)
    seen = set()
    rows = []
    while len(rows) < args.codings:
        turn = rng.choice(by_turn)
        first = rng.randrange(len(turn))
        r = rng.random()
        if r < 0.15:  # a clause: up to a comma
            a, b = turn[first]
            comma = -1
            for mark in "，,":
                at = text.find(mark, a, b)
                if at > a and (comma < 0 or at < comma):
                    comma = at
            if comma < 0:
                continue
            span = (a, comma)
        else:
            count = 1 if r < 0.55 else rng.choice([2, 2, 3, 4])
            last = min(len(turn) - 1, first + count - 1)
            span = (turn[first][0], turn[last][1])
        code = rng.choices(paths, weights)[0]
        if (code, span) in seen:
            continue
        seen.add((code, span))
        rows.append((code, span))
    rows.sort(key=lambda x: (x[1][0], -x[1][1]))
    with open(args.out, "w", encoding="utf-8", newline="") as f:
        f.write("document,code,start,end\n")
        for code, (a, b) in rows:
            f.write(f"{args.document},{code},{a},{b}\n")


def main():
    parser = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    sub = parser.add_subparsers(dest="command", required=True)
    t = sub.add_parser("text")
    t.add_argument("out_dir")
    t.add_argument("--chars", type=int, default=300000)
    t.add_argument("--seed", type=int, default=1)
    c = sub.add_parser("codings")
    c.add_argument("project")
    c.add_argument("document")
    c.add_argument("out")
    c.add_argument("--codings", type=int, default=5000)
    c.add_argument("--seed", type=int, default=1)
    args = parser.parse_args()
    {"text": cmd_text, "codings": cmd_codings}[args.command](args)


if __name__ == "__main__":
    main()
