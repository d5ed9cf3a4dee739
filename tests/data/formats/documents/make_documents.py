#!/usr/bin/env python3
"""Writes the PDF, RTF and HTML fixtures of tests/corpus/documents_test.cpp.

Python 3 standard library only; run it from anywhere to regenerate:

    python3 tests/data/formats/documents/make_documents.py

The PDFs are written by hand (text objects in a content stream, a correct
cross-reference table), so every byte is known:
  T01_interview.pdf   3 pages of an English interview: a running header
                      "Interview T01 — confidential", "Page N of 3" at the
                      bottom, words hyphenated at line ends (one across a
                      page break).
  T02_访谈.pdf         3 pages of a Chinese interview: a running header
                      "访谈 T02 — 内部资料", "第 N 页" at the bottom; a CID
                      font with a ToUnicode map (the font itself is not
                      embedded: text extraction does not need it).
  scan.pdf            one page holding only a drawn rectangle: no text layer.
  locked.pdf          RC4 40-bit standard security handler, user password
                      "secret": cannot be opened without it.
  T05_owner_only.pdf  the same handler with an empty user password (only an
                      owner password restricting permissions): opens.
  T03_访谈.rtf         a Chinese interview, \\ansicpg936 with GBK bytes in
                      \\'hh escapes, \\u escapes, a font table, a header, a
                      \\*\\generator destination, a field, a table.
  T04_访谈.html        a Chinese interview saved as GBK with <meta charset>,
                      with a <script>, a <style>, a table, <br>, entities.
"""

import hashlib
import os
import struct

HERE = os.path.dirname(os.path.abspath(__file__))


# --- PDF -------------------------------------------------------------------


def pdf_file(objects, encrypt=None, file_id=b"MarginT01-fixtur"):
    """objects: list of bytes, object k+1 is objects[k]; 1 is the catalog.
    encrypt: (encrypt dict bytes) appended as the last object."""
    out = bytearray(b"%PDF-1.4\n%\xe2\xe3\xcf\xd3\n")
    offsets = []
    all_objects = list(objects)
    if encrypt is not None:
        all_objects.append(encrypt)
    for k, body in enumerate(all_objects):
        offsets.append(len(out))
        out += b"%d 0 obj\n" % (k + 1) + body + b"\nendobj\n"
    xref = len(out)
    out += b"xref\n0 %d\n" % (len(all_objects) + 1)
    out += b"0000000000 65535 f \n"
    for off in offsets:
        out += b"%010d 00000 n \n" % off
    hexid = file_id.hex().encode()
    trailer = b"/Size %d /Root 1 0 R /ID [<%s> <%s>]" % (len(all_objects) + 1, hexid, hexid)
    if encrypt is not None:
        trailer += b" /Encrypt %d 0 R" % len(all_objects)
    out += b"trailer\n<< " + trailer + b" >>\nstartxref\n%d\n%%%%EOF\n" % xref
    return bytes(out)


def stream(data, extra=b""):
    return b"<< /Length %d%s >>\nstream\n" % (len(data), extra) + data + b"\nendstream"


def pdf_string(text):
    """A literal string in WinAnsiEncoding."""
    raw = text.encode("cp1252")
    raw = raw.replace(b"\\", b"\\\\").replace(b"(", b"\\(").replace(b")", b"\\)")
    return b"(" + raw + b")"


def cid_string(text):
    """A hex string of 2-byte codes: with Identity-H and our ToUnicode map,
    each code is the character's BMP code point."""
    return b"<" + "".join("%04X" % ord(c) for c in text).encode() + b">"


def page_content(header, lines, footer, show):
    """A content stream: header at the top, body lines (None: a paragraph
    gap), footer at the bottom. show(text) gives the string operand."""
    ops = [b"BT", b"/F1 9 Tf", b"72 800 Td", show(header) + b" Tj", b"ET"]
    ops += [b"BT", b"/F1 11 Tf", b"14 TL", b"72 760 Td"]
    for line in lines:
        if line is None:
            ops.append(b"0 -8 Td")
        else:
            ops.append(show(line) + b" Tj T*")
    ops.append(b"ET")
    ops += [b"BT", b"/F1 9 Tf", b"280 40 Td", show(footer) + b" Tj", b"ET"]
    return b"\n".join(ops)


def text_pdf(pages, font_objects, show, file_id=None, encrypt_with=None):
    """pages: [(header, lines, footer)]. font_objects: list of object bodies,
    the first being the font resource /F1, numbered from 3 + 2 * len(pages).
    encrypt_with: (user password, owner password) for RC4 40-bit."""
    n = len(pages)
    font_first = 3 + 2 * n
    kids = b" ".join(b"%d 0 R" % (3 + 2 * k) for k in range(n))
    objects = [b"<< /Type /Catalog /Pages 2 0 R >>",
               b"<< /Type /Pages /Kids [%s] /Count %d >>" % (kids, n)]
    contents = []
    for k, (header, lines, footer) in enumerate(pages):
        objects.append(b"<< /Type /Page /Parent 2 0 R /MediaBox [0 0 595 842] "
                       b"/Resources << /Font << /F1 %d 0 R >> >> /Contents %d 0 R >>"
                       % (font_first, 4 + 2 * k))
        contents.append(page_content(header, lines, footer, show))
        objects.append(None)  # the content stream, below
    objects += font_objects
    fid = file_id or hashlib.md5(b"".join(contents)).digest()
    encrypt = None
    key = None
    if encrypt_with is not None:
        encrypt, key = rc4_security(encrypt_with[0], encrypt_with[1], fid)
    for k, content in enumerate(contents):
        num = 4 + 2 * k
        data = content if key is None else rc4(object_key(key, num), content)
        objects[num - 1] = stream(data)
    return pdf_file(objects, encrypt, fid)


def helvetica():
    return [b"<< /Type /Font /Subtype /Type1 /BaseFont /Helvetica "
            b"/Encoding /WinAnsiEncoding >>"]


def cid_font(chars):
    """A Type0 font (Identity-H) whose codes are BMP code points, with a
    ToUnicode map for `chars`; objects numbered from the caller's font_first."""
    codes = sorted({ord(c) for c in chars})
    lines = [b"/CIDInit /ProcSet findresource begin", b"12 dict begin", b"begincmap",
             b"/CIDSystemInfo << /Registry (Adobe) /Ordering (UCS) /Supplement 0 >> def",
             b"/CMapName /Adobe-Identity-UCS def", b"/CMapType 2 def",
             b"1 begincodespacerange", b"<0000> <FFFF>", b"endcodespacerange"]
    for start in range(0, len(codes), 100):
        chunk = codes[start:start + 100]
        lines.append(b"%d beginbfchar" % len(chunk))
        lines += [b"<%04X> <%04X>" % (c, c) for c in chunk]
        lines.append(b"endbfchar")
    lines += [b"endcmap", b"CMapName currentdict /CMap defineresource pop", b"end", b"end"]
    return lambda first: [
        b"<< /Type /Font /Subtype /Type0 /BaseFont /STSong-Light /Encoding /Identity-H "
        b"/DescendantFonts [%d 0 R] /ToUnicode %d 0 R >>" % (first + 1, first + 2),
        b"<< /Type /Font /Subtype /CIDFontType2 /BaseFont /STSong-Light "
        b"/CIDSystemInfo << /Registry (Adobe) /Ordering (Identity) /Supplement 0 >> "
        b"/FontDescriptor %d 0 R /DW 1000 /CIDToGIDMap /Identity >>" % (first + 3),
        stream(b"\n".join(lines)),
        b"<< /Type /FontDescriptor /FontName /STSong-Light /Flags 4 "
        b"/FontBBox [0 -200 1000 900] /ItalicAngle 0 /Ascent 880 /Descent -120 "
        b"/CapHeight 700 /StemV 80 >>",
    ]


# RC4 40-bit, the PDF standard security handler revision 2 (PDF 1.7, 7.6.3).
PAD = bytes.fromhex("28BF4E5E4E758A4164004E56FFFA01082E2E00B6D0683E802F0CA9FE6453697A")


def rc4(key, data):
    s = list(range(256))
    j = 0
    for i in range(256):
        j = (j + s[i] + key[i % len(key)]) % 256
        s[i], s[j] = s[j], s[i]
    out = bytearray()
    i = j = 0
    for byte in data:
        i = (i + 1) % 256
        j = (j + s[i]) % 256
        s[i], s[j] = s[j], s[i]
        out.append(byte ^ s[(s[i] + s[j]) % 256])
    return bytes(out)


def padded(password):
    return (password.encode("latin-1") + PAD)[:32]


def rc4_security(user, owner, file_id):
    permissions = -44  # print and copy allowed, modify and annotate not
    o = rc4(hashlib.md5(padded(owner or user)).digest()[:5], padded(user))
    key = hashlib.md5(padded(user) + o + struct.pack("<i", permissions) + file_id).digest()[:5]
    u = rc4(key, PAD)
    encrypt = (b"<< /Filter /Standard /V 1 /R 2 /Length 40 /P %d /O <%s> /U <%s> >>"
               % (permissions, o.hex().encode(), u.hex().encode()))
    return encrypt, key


def object_key(key, num, gen=0):
    return hashlib.md5(key + struct.pack("<I", num)[:3] + struct.pack("<H", gen)).digest()[:10]


ENGLISH_PAGES = [
    ("Interview T01 \u2014 confidential", [
        "Interviewer: Thank you for joining. How long have you been teach-",
        "ing e-commerce at the college?",
        None,
        "T01: Eleven years now. I started with a single course on online",
        "shop design, and the curriculum grew from there.",
        None,
        "Interviewer: What do students find hardest?",
        None,
        "T01: Data analysis, mostly. They can run a promotion, but they can-",
        "not read the advertising report that comes back afterwards.",
    ], "Page 1 of 3"),
    ("Interview T01 \u2014 confidential", [
        "Interviewer: And the teachers? Do they have the skills?",
        None,
        "T01: Few of us have run a real store. We learned from text-",
        "books, and the platforms change every semester.",
        None,
        "Interviewer: How do you keep up?",
        None,
        "T01: I visit two companies each summer and bring their cases",
        "back into the classroom. It is tiring, but the students no-",
    ], "Page 2 of 3"),
    ("Interview T01 \u2014 confidential", [
        "tice the difference.",
        None,
        "Interviewer: Last question: what would you change first?",
        None,
        "T01: More practice hours with real shops, and smaller",
        "classes for the analysis course.",
        None,
        "Interviewer: Thank you.",
    ], "Page 3 of 3"),
]

CHINESE_PAGES = [
    ("访谈 T02 — 内部资料", [
        "访谈者：您教电子商务多少年了？",
        None,
        "T02：八年了。一开始只有一门网店美工课，",
        "后来慢慢发展成一个专业。",
        None,
        "访谈者：学生最缺的是什么？",
    ], "第 1 页"),
    ("访谈 T02 — 内部资料", [
        "T02：数据分析。他们会做推广，",
        "但是看不懂投放以后的数据报表。",
        None,
        "访谈者：老师们呢？",
        None,
        "T02：真正开过网店的老师很少，",
    ], "第 2 页"),
    ("访谈 T02 — 内部资料", [
        "平台的规则每个学期都在变。",
        None,
        "访谈者：谢谢您。",
    ], "第 3 页"),
]


def write(name, data):
    with open(os.path.join(HERE, name), "wb") as f:
        f.write(data)


def write_pdfs():
    english_show = pdf_string
    write("T01_interview.pdf", text_pdf(ENGLISH_PAGES, helvetica(), english_show))

    chars = "".join(h + "".join(l for l in lines if l) + f for h, lines, f in CHINESE_PAGES)
    first = 3 + 2 * len(CHINESE_PAGES)
    write("T02_访谈.pdf", text_pdf(CHINESE_PAGES, cid_font(chars)(first), cid_string))

    rectangle = b"0.5 g 72 72 451 698 re f 0 G 2 w 100 100 395 642 re S"
    write("scan.pdf", pdf_file([
        b"<< /Type /Catalog /Pages 2 0 R >>",
        b"<< /Type /Pages /Kids [3 0 R] /Count 1 >>",
        b"<< /Type /Page /Parent 2 0 R /MediaBox [0 0 595 842] /Contents 4 0 R >>",
        stream(rectangle),
    ]))

    short = [("Interview T05 \u2014 confidential", [
        "Interviewer: Is this file protected?",
        "T05: Yes, with a password.",
    ], "Page 1 of 1")]
    write("locked.pdf", text_pdf(short, helvetica(), english_show,
                                 encrypt_with=("secret", "owner")))
    write("T05_owner_only.pdf", text_pdf(short, helvetica(), english_show,
                                     encrypt_with=("", "owner")))


# --- RTF -------------------------------------------------------------------


def rtf_gbk(text):
    """Text as Word writes it under \\ansicpg936: ASCII as is (RTF's
    specials escaped), everything else as GBK bytes in \\'hh escapes."""
    out = []
    for c in text:
        if c in "\\{}":
            out.append("\\" + c)
        elif ord(c) < 0x80:
            out.append(c)
        else:
            out.append("".join("\\'%02x" % b for b in c.encode("gbk")))
    return "".join(out)


def write_rtf():
    rtf = (
        "{\\rtf1\\ansi\\ansicpg936\\deff0\\uc1\n"
        "{\\fonttbl{\\f0\\froman\\fcharset0 Times New Roman;}"
        "{\\f1\\fnil\\fcharset134 " + rtf_gbk("宋体") + ";}}\n"
        "{\\colortbl;\\red0\\green0\\blue0;\\red255\\green0\\blue0;}\n"
        "{\\stylesheet{\\s0 Normal;}{\\s1\\b Heading 1;}}\n"
        "{\\*\\generator Margin fixture writer 1.0;}\n"
        "{\\info{\\title " + rtf_gbk("访谈记录") + "}{\\author Margin}}\n"
        "\\paperw11906\\paperh16838\\margl1800\\margr1800\n"
        "{\\header\\pard\\plain\\f1 " + rtf_gbk("页眉：内部资料，请勿外传") + "\\par}\n"
        "{\\footer\\pard\\plain\\f1 " + rtf_gbk("第") + " {\\field{\\*\\fldinst PAGE}"
        "{\\fldrslt 1}} " + rtf_gbk("页") + "\\par}\n"
        "\\pard\\plain\\f1\\fs32\\b " + rtf_gbk("访谈 T03 ") + "\\u8212\\'3f"
        + rtf_gbk(" 社区电商") + "\\b0\\par\n"
        "\\pard\\plain\\f0 2024-03-12, Hangzhou\\par\n"
        "\\pard\\f1\\par\n"
        "\\pard\\f1 " + rtf_gbk("访谈者：您是什么时候开始做社区团购的？") + "\\par\n"
        "\\pard\\f1 T03" + rtf_gbk("：二〇二〇年，疫情那年。") + "{\\uc2\\u8220\\'a1\\'b0}"
        + rtf_gbk("团长") + "{\\uc2\\u8221\\'a1\\'b1}" + rtf_gbk("这个说法就是那时候有的。")
        + "\\line " + rtf_gbk("一开始只有一个微信群，后来有五个。") + "\\par\n"
        "\\pard\\f1 " + rtf_gbk("访谈者：平时用什么工具？") + "\\par\n"
        "\\pard\\f1 T03" + rtf_gbk("：接龙小程序，还有") + "{\\field{\\*\\fldinst HYPERLINK "
        "\"https://example.org/\"}{\\fldrslt Excel}}" + rtf_gbk("。每天的订单") + "\\~"
        + rtf_gbk("我都记在表里：") + "\\par\n"
        "\\trowd\\cellx2000\\cellx4000\\pard\\intbl\\f1 " + rtf_gbk("日期") + "\\cell "
        + rtf_gbk("订单") + "\\cell\\row\n"
        "\\trowd\\cellx2000\\cellx4000\\pard\\intbl 3\\'d4\\'c21\\'c8\\'d5\\cell 42\\cell\\row\n"
        "\\pard\\f1 " + rtf_gbk("访谈者：谢谢您。") + "{\\*\\bkmkstart end}"
        "{\\footnote\\pard\\plain " + rtf_gbk("脚注不应出现。") + "}\\par\n"
        "}\n"
    )
    write("T03_访谈.rtf", rtf.encode("ascii"))


# --- HTML ------------------------------------------------------------------

HTML = """<!DOCTYPE html>
<html lang="zh-CN">
<head>
<meta charset="gb2312">
<title>访谈 T04（标题不应出现）</title>
<style>
  body { font-family: "SimSun"; } p.q::before { content: "样式不应出现"; }
</style>
<script>
  document.write("<p>脚本不应出现</p>"); var x = 1 < 2 && 3 > 2;
</script>
</head>
<body>
<h1>访谈 T04 &mdash; 乡村直播</h1>
<p>地点：县电商服务中心<br>时间：2024&#24180;4月2日</p>
<table>
  <tr><th>姓名</th><th>年龄</th><th>职业</th></tr>
  <tr><td>T04</td><td>29</td><td>主播 &amp; 店主</td></tr>
</table>
<p class="q"><b>访谈者：</b>您是怎么
   开始直播的？</p>
<p><b>T04：</b>先是帮表哥卖橙子。&ldquo;试一试&rdquo;，没想到第一场就卖了三百单。</p>
<noscript><p>请启用脚本</p></noscript>
<p><b>访谈者：</b>现在呢？</p>
<div><b>T04：</b>现在每天播两场&nbsp;&lt;早上和晚上&gt;。<br>
Mostly fruit, some tea &eacute;lite grade.</div>
<pre>
  备注：   保留原样
  的两行
</pre>
<template><p>模板不应出现</p></template>
<p><b>访谈者：</b>谢谢！</p>
</body>
</html>
"""


def write_html():
    write("T04_访谈.html", HTML.encode("gbk"))


if __name__ == "__main__":
    write_pdfs()
    write_rtf()
    write_html()
