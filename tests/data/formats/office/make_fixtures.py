#!/usr/bin/env python3
"""Writes the Word, OpenDocument and Excel fixtures of tests/corpus/office_test.cpp.

Run from anywhere: python3 make_fixtures.py. Python 3 standard library only.
The XML is written by hand, as the programs write it (namespaces, split
runs, properties), but only the parts each file needs.

  otter.docx          an Otter.ai export of a short bilingual interview:
                      a title and date, then for each segment a header
                      paragraph "Name  m:ss", the utterance paragraph(s) and
                      an empty paragraph; "Transcribed by https://otter.ai"
                      at the end.
  otter.odt           the same interview saved as OpenDocument text.
  features.docx       what must not appear in the text: a header and a
                      footer part, a comment (its reference and range in the
                      body), a footnote, tracked deletions (a run, a table
                      row, a paragraph mark), a field code, hidden text, a
                      text box, tab stops; beside a table with a merged cell
                      and a nested table, an insertion, a field result, a
                      content control, tabs, line breaks and hyphens.
  features.odt        the same document as OpenDocument text (annotation,
                      footnote, tracked deletion in text:tracked-changes,
                      text:s, a frame), giving the same text.
  responses.xlsx      two sheets: "Responses" (shared strings with rich
                      text and phonetic runs, an inline string, numbers as
                      Excel writes them, "3.0", a boolean, a formula's
                      string result, dates with a built-in, a custom and a
                      Chinese format, a date-time, an empty column C and an
                      empty row 4) and "Codes" (relative target).
  dates-1904.xlsx     a workbook in the 1904 date system (Excel for Mac).

  hostile/            files that must be refused:
    bomb.docx             word/document.xml: 2 MiB that deflate to ~2 KiB.
    lying-size.docx       the same, its declared size patched to 1,000
                          bytes (caught while inflating).
    huge-declared.docx    a declared size of 300 MiB (refused before).
    traversal.docx        a good document plus an entry "../../evil.txt".
    xxe.docx              an external entity reading /etc/passwd.
    billion-laughs.docx   nested entity expansion.
    deep.docx             10,000 nested elements.
    no-document.docx      a package whose word/document.xml is missing.
    xxe.odt               content.xml with an external entity.
"""
import os
import struct
import zipfile

HERE = os.path.dirname(os.path.abspath(__file__))
STAMP = (2024, 11, 12, 10, 30, 0)


def write_zip(path, entries, stored=()):
    """entries: (name, text or bytes) in order; names in `stored` not compressed."""
    os.makedirs(os.path.dirname(path), exist_ok=True)
    with zipfile.ZipFile(path, "w") as z:
        for name, data in entries:
            info = zipfile.ZipInfo(name, date_time=STAMP)
            info.compress_type = zipfile.ZIP_STORED if name in stored else zipfile.ZIP_DEFLATED
            z.writestr(info, data.encode("utf-8") if isinstance(data, str) else data)


def patch_declared_size(path, entry, size):
    """Rewrites the uncompressed size `entry` declares, in its local header
    and in the central directory."""
    data = bytearray(open(path, "rb").read())
    with zipfile.ZipFile(path) as z:
        offset = z.getinfo(entry).header_offset
    struct.pack_into("<I", data, offset + 22, size)
    i = data.find(b"PK\x01\x02")
    while i >= 0:
        name_len = struct.unpack_from("<H", data, i + 28)[0]
        if data[i + 46:i + 46 + name_len] == entry.encode():
            struct.pack_into("<I", data, i + 24, size)
        i = data.find(b"PK\x01\x02", i + 4)
    open(path, "wb").write(bytes(data))


def esc(s):
    return s.replace("&", "&amp;").replace("<", "&lt;").replace(">", "&gt;")


# ---------------------------------------------------------------- Word ---

W_NS = ('xmlns:wpc="http://schemas.microsoft.com/office/word/2010/wordprocessingCanvas" '
        'xmlns:mc="http://schemas.openxmlformats.org/markup-compatibility/2006" '
        'xmlns:o="urn:schemas-microsoft-com:office:office" '
        'xmlns:r="http://schemas.openxmlformats.org/officeDocument/2006/relationships" '
        'xmlns:v="urn:schemas-microsoft-com:vml" '
        'xmlns:w="http://schemas.openxmlformats.org/wordprocessingml/2006/main" '
        'xmlns:w14="http://schemas.microsoft.com/office/word/2010/wordml" '
        'xmlns:wps="http://schemas.microsoft.com/office/word/2010/wordprocessingShape" '
        'mc:Ignorable="w14"')
XML_DECL = '<?xml version="1.0" encoding="UTF-8" standalone="yes"?>\r\n'
PKG_RELS = "http://schemas.openxmlformats.org/package/2006/relationships"
DOC_REL = "http://schemas.openxmlformats.org/officeDocument/2006/relationships"


def content_types(overrides):
    parts = "".join(f'<Override PartName="/{name}" ContentType="{ctype}"/>'
                    for name, ctype in overrides)
    return (XML_DECL +
            '<Types xmlns="http://schemas.openxmlformats.org/package/2006/content-types">'
            '<Default Extension="rels" '
            'ContentType="application/vnd.openxmlformats-package.relationships+xml"/>'
            '<Default Extension="xml" ContentType="application/xml"/>' + parts + "</Types>")


def rels(items):
    body = "".join(f'<Relationship Id="{rid}" Type="{DOC_REL}/{kind}" Target="{target}"/>'
                   for rid, kind, target in items)
    return XML_DECL + f'<Relationships xmlns="{PKG_RELS}">' + body + "</Relationships>"


WORD_MAIN = "application/vnd.openxmlformats-officedocument.wordprocessingml.document.main+xml"
WORD_STYLES = "application/vnd.openxmlformats-officedocument.wordprocessingml.styles+xml"

CORE = (XML_DECL +
        '<cp:coreProperties xmlns:cp="http://schemas.openxmlformats.org/package/2006/'
        'metadata/core-properties" xmlns:dc="http://purl.org/dc/elements/1.1/" '
        'xmlns:dcterms="http://purl.org/dc/terms/" '
        'xmlns:xsi="http://www.w3.org/2001/XMLSchema-instance">'
        '<dc:title>{title}</dc:title><dc:creator>{creator}</dc:creator>'
        '<dcterms:created xsi:type="dcterms:W3CDTF">2024-11-12T10:30:00Z</dcterms:created>'
        '</cp:coreProperties>')

STYLES = (XML_DECL + f'<w:styles {W_NS}><w:docDefaults><w:rPrDefault><w:rPr>'
          '<w:rFonts w:ascii="Calibri" w:eastAsia="SimSun" w:hAnsi="Calibri"/>'
          '<w:sz w:val="22"/></w:rPr></w:rPrDefault></w:docDefaults>'
          '<w:style w:type="paragraph" w:default="1" w:styleId="Normal">'
          '<w:name w:val="Normal"/></w:style></w:styles>')


def docx(path, body, extra_parts=(), extra_rels=(), title="", creator="Margin tests"):
    """Writes a .docx whose body is `body` (the children of w:body)."""
    document = (XML_DECL + f'<w:document {W_NS}><w:body>' + body +
                '<w:sectPr><w:pgSz w:w="11906" w:h="16838"/></w:sectPr></w:body></w:document>')
    overrides = [("word/document.xml", WORD_MAIN), ("word/styles.xml", WORD_STYLES),
                 ("docProps/core.xml",
                  "application/vnd.openxmlformats-package.core-properties+xml")]
    overrides += [(name, ctype) for name, ctype, _ in extra_parts]
    entries = [
        ("[Content_Types].xml", content_types(overrides)),
        ("_rels/.rels", rels([
            ("rId1", "officeDocument", "word/document.xml"),
            ("rId2", "metadata/core-properties", "docProps/core.xml")]).replace(
                f"{DOC_REL}/metadata/core-properties",
                "http://schemas.openxmlformats.org/package/2006/relationships/metadata/"
                "core-properties")),
        ("docProps/core.xml", CORE.format(title=esc(title), creator=esc(creator))),
        ("word/document.xml", document),
        ("word/styles.xml", STYLES),
        ("word/_rels/document.xml.rels",
         rels([("rId1", "styles", "styles.xml")] + list(extra_rels))),
    ]
    entries += [(name, text) for name, _, text in extra_parts]
    write_zip(path, entries)


def run(text, props=""):
    rpr = f"<w:rPr>{props}</w:rPr>" if props else ""
    space = ' xml:space="preserve"' if text != text.strip() else ""
    return f"<w:r>{rpr}<w:t{space}>{esc(text)}</w:t></w:r>"


def para(content="", style=None):
    ppr = f'<w:pPr><w:pStyle w:val="{style}"/></w:pPr>' if style else ""
    return f"<w:p>{ppr}{content}</w:p>"


# The interview of otter.docx and otter.odt: (speaker, time, paragraphs).
OTTER_TITLE = "Library digital skills — interview with Li Ming"
OTTER_DATE = "Tue, Nov 12, 2024 10:30AM • 4:12"
OTTER = [
    ("Chen Jing", "0:03", ["Thanks for joining. 我们可以用中文或者英文，随你。"]),
    ("Li Ming", "0:09", ["好的，那我主要说中文吧。Some library terms are easier in English."]),
    ("Chen Jing", "0:15", ["Could you tell me about your role at the library?"]),
    ("Li Ming", "0:21", ["我是图书馆的数字服务馆员。I run the computer lab and the e-book platform.",
                         "去年开始我也负责老年人的数字技能课程。"]),
    ("Chen Jing", "0:45", ["How did the classes start?"]),
    ("Li Ming", "0:48", ["疫情期间开始的。很多老人第一次需要用视频通话看医生、看孙子。"]),
    ("Chen Jing", "1:32", ["What do people most want to learn now?"]),
    ("Li Ming", "1:35", ["Scams, mostly. 大家都想知道怎么识别诈骗短信。That session nobody misses."]),
]
OTTER_FOOTER = "Transcribed by https://otter.ai"


def write_otter_docx():
    body = [para(run(OTTER_TITLE, "<w:b/><w:sz w:val=\"32\"/>")),
            para(run(OTTER_DATE, '<w:color w:val="666666"/>')), para()]
    for speaker, time, paragraphs in OTTER:
        # Otter: the name in bold, two spaces, the time in grey.
        body.append(para(run(speaker, "<w:b/>") + run("  ") +
                         run(time, '<w:color w:val="666666"/>')))
        body += [para(run(p)) for p in paragraphs]
        body.append(para())
    body.append(para(run(OTTER_FOOTER, '<w:i/><w:color w:val="666666"/>')))
    docx(os.path.join(HERE, "otter.docx"), "".join(body), title=OTTER_TITLE,
         creator="Otter.ai")


HEADER = "application/vnd.openxmlformats-officedocument.wordprocessingml.header+xml"
FOOTER = "application/vnd.openxmlformats-officedocument.wordprocessingml.footer+xml"
COMMENTS = "application/vnd.openxmlformats-officedocument.wordprocessingml.comments+xml"
FOOTNOTES = "application/vnd.openxmlformats-officedocument.wordprocessingml.footnotes+xml"


def write_features_docx():
    header = (XML_DECL + f'<w:hdr {W_NS}>' + para(run("CONFIDENTIAL — running header")) +
              "</w:hdr>")
    footer = (XML_DECL + f'<w:ftr {W_NS}>' +
              para('<w:r><w:t xml:space="preserve">Page footer </w:t></w:r>'
                   '<w:fldSimple w:instr=" PAGE "><w:r><w:t>1</w:t></w:r></w:fldSimple>') +
              "</w:ftr>")
    comments = (XML_DECL + f'<w:comments {W_NS}>'
                '<w:comment w:id="0" w:author="Reviewer" w:date="2024-11-12T10:00:00Z" '
                'w:initials="R">' + para(run("Reviewer's private note")) +
                "</w:comment></w:comments>")
    footnotes = (XML_DECL + f'<w:footnotes {W_NS}>'
                 '<w:footnote w:type="separator" w:id="-1"><w:p><w:r><w:separator/></w:r>'
                 '</w:p></w:footnote>'
                 '<w:footnote w:id="1">' + para(run("Footnote text, not read")) +
                 "</w:footnote></w:footnotes>")
    tracked = 'w:author="Reviewer" w:date="2024-11-12T10:00:00Z"'
    body = "".join([
        # Tab stops in the paragraph properties are not tabs.
        '<w:p><w:pPr><w:tabs><w:tab w:val="left" w:pos="2880"/></w:tabs></w:pPr>' +
        run("Interview notes", "<w:b/>") + "</w:p>",
        # A comment anchored on a phrase; a footnote reference.
        "<w:p>" + run("The participant ") + '<w:commentRangeStart w:id="0"/>' +
        run("hesitated") + '<w:commentRangeEnd w:id="0"/>' +
        '<w:r><w:rPr><w:rStyle w:val="CommentReference"/></w:rPr>'
        '<w:commentReference w:id="0"/></w:r>' + run(" before answering.") +
        '<w:r><w:rPr><w:vertAlign w:val="superscript"/></w:rPr>'
        '<w:footnoteReference w:id="1"/></w:r></w:p>',
        # Tracked changes: a deletion left out, an insertion kept.
        "<w:p>" + run("She said it was ") +
        f'<w:del w:id="1" {tracked}><w:r><w:delText>very </w:delText></w:r></w:del>' +
        f'<w:ins w:id="2" {tracked}>' + run("rather ") + "</w:ins>" + run("hard.") +
        f'<w:moveFrom w:id="3" {tracked}>' + run("Moved away.") + "</w:moveFrom></w:p>",
        # A field: its code left out, its result kept.
        "<w:p>" + run("Recorded on ") + '<w:r><w:fldChar w:fldCharType="begin"/></w:r>'
        '<w:r><w:instrText xml:space="preserve"> DATE \\@ "yyyy-MM-dd" </w:instrText></w:r>'
        '<w:r><w:fldChar w:fldCharType="separate"/></w:r>' + run("2024-11-12") +
        '<w:r><w:fldChar w:fldCharType="end"/></w:r>' + run(".") + "</w:p>",
        # Tabs, a line break, a non-breaking hyphen, a symbol, a soft hyphen,
        # hidden text.
        "<w:p>" + run("Q1") + "<w:r><w:tab/></w:r>" + run("e") +
        "<w:r><w:noBreakHyphen/></w:r>" + run("commerce") + "<w:r><w:softHyphen/></w:r>" +
        run(" skills") + '<w:r><w:sym w:font="Wingdings" w:char="F0FC"/></w:r>' +
        "<w:r><w:br/></w:r>" + run("second line") +
        run(" (hidden remark)", "<w:vanish/>") + "</w:p>",
        # A paragraph whose mark was deleted joins the next one.
        f'<w:p><w:pPr><w:rPr><w:del w:id="4" {tracked}/></w:rPr></w:pPr>' +
        run("Joined ") + "</w:p>" + para(run("paragraphs.")),
        # An empty paragraph is an empty line.
        para(),
        # A text box (and its VML fallback) is left out.
        "<w:p>" + run("Before the box. ") +
        '<w:r><mc:AlternateContent><mc:Choice Requires="wps"><w:drawing><wps:txbx>'
        "<w:txbxContent>" + para(run("Text box words")) + "</w:txbxContent>"
        "</wps:txbx></w:drawing></mc:Choice><mc:Fallback><w:pict><v:textbox>"
        "<w:txbxContent>" + para(run("Fallback words")) + "</w:txbxContent>"
        "</v:textbox></w:pict></mc:Fallback></mc:AlternateContent></w:r>" +
        run("After the box.") + "</w:p>",
        # A table: a header row, a cell of two paragraphs, a merged cell, a
        # deleted row, a nested table.
        "<w:tbl><w:tblPr><w:tblW w:w=\"0\" w:type=\"auto\"/></w:tblPr>"
        "<w:tblGrid><w:gridCol/><w:gridCol/><w:gridCol/></w:tblGrid>"
        "<w:tr><w:tc>" + para(run("Code")) + "</w:tc><w:tc>" + para(run("Count")) +
        "</w:tc><w:tc>" + para(run("Example")) + "</w:tc></w:tr>"
        "<w:tr><w:tc>" + para(run("实习")) + "</w:tc><w:tc>" + para(run("3")) +
        "</w:tc><w:tc>" + para(run("实习机会太少")) + para(run("(T01)")) + "</w:tc></w:tr>"
        "<w:tr><w:tc><w:tcPr><w:gridSpan w:val=\"2\"/></w:tcPr>" + para(run("Total")) +
        "</w:tc><w:tc>" + para(run("3")) + "</w:tc></w:tr>"
        f"<w:tr><w:trPr><w:del w:id=\"5\" {tracked}/></w:trPr><w:tc>" +
        para(run("Deleted row")) + "</w:tc><w:tc>" + para() + "</w:tc><w:tc>" + para() +
        "</w:tc></w:tr>"
        "<w:tr><w:tc>" + para(run("Nested")) + "</w:tc><w:tc>" + para(run("0")) +
        "</w:tc><w:tc><w:tbl><w:tr><w:tc>" + para(run("a")) + "</w:tc><w:tc>" +
        para(run("b")) + "</w:tc></w:tr><w:tr><w:tc>" + para(run("c")) +
        "</w:tc></w:tr></w:tbl>" + para() + "</w:tc></w:tr></w:tbl>",
        # A content control keeps its text.
        '<w:sdt><w:sdtPr><w:alias w:val="Participant"/></w:sdtPr><w:sdtContent>' +
        para(run("Participant: T01")) + "</w:sdtContent></w:sdt>",
        # Special characters.
        para(run("Fish & chips <cheap> \"quoted\"")),
        # The section's header and footer references.
        '<w:p><w:pPr><w:sectPr><w:headerReference w:type="default" r:id="rId10"/>'
        '<w:footerReference w:type="default" r:id="rId11"/></w:sectPr></w:pPr>' +
        run("End.") + "</w:p>",
    ])
    docx(os.path.join(HERE, "features.docx"), body,
         extra_parts=[("word/header1.xml", HEADER, header),
                      ("word/footer1.xml", FOOTER, footer),
                      ("word/comments.xml", COMMENTS, comments),
                      ("word/footnotes.xml", FOOTNOTES, footnotes)],
         extra_rels=[("rId10", "header", "header1.xml"), ("rId11", "footer", "footer1.xml"),
                     ("rId12", "comments", "comments.xml"),
                     ("rId13", "footnotes", "footnotes.xml")],
         title="Interview notes")


# ---------------------------------------------------------- OpenDocument ---

ODF_NS = ('xmlns:office="urn:oasis:names:tc:opendocument:xmlns:office:1.0" '
          'xmlns:style="urn:oasis:names:tc:opendocument:xmlns:style:1.0" '
          'xmlns:text="urn:oasis:names:tc:opendocument:xmlns:text:1.0" '
          'xmlns:table="urn:oasis:names:tc:opendocument:xmlns:table:1.0" '
          'xmlns:draw="urn:oasis:names:tc:opendocument:xmlns:drawing:1.0" '
          'xmlns:fo="urn:oasis:names:tc:opendocument:xmlns:xsl-fo-compatible:1.0" '
          'xmlns:xlink="http://www.w3.org/1999/xlink" '
          'xmlns:dc="http://purl.org/dc/elements/1.1/" '
          'xmlns:svg="urn:oasis:names:tc:opendocument:xmlns:svg-compatible:1.0" '
          'office:version="1.3"')
ODT_MIME = "application/vnd.oasis.opendocument.text"


def odt(path, text_body, automatic_styles="", header="", footer=""):
    content = ('<?xml version="1.0" encoding="UTF-8"?>\n'
               f'<office:document-content {ODF_NS}><office:scripts/>'
               '<office:font-face-decls/>'
               f'<office:automatic-styles>{automatic_styles}</office:automatic-styles>'
               '<office:body><office:text><text:sequence-decls>'
               '<text:sequence-decl text:display-outline-level="0" text:name="Table"/>'
               '</text:sequence-decls>' + text_body +
               "</office:text></office:body></office:document-content>")
    styles = ('<?xml version="1.0" encoding="UTF-8"?>\n'
              f'<office:document-styles {ODF_NS}><office:master-styles>'
              '<style:master-page style:name="Standard" style:page-layout-name="pm1">'
              f'<style:header><text:p>{esc(header)}</text:p></style:header>'
              f'<style:footer><text:p>{esc(footer)}</text:p></style:footer>'
              "</style:master-page></office:master-styles></office:document-styles>")
    manifest = ('<?xml version="1.0" encoding="UTF-8"?>\n'
                '<manifest:manifest xmlns:manifest="urn:oasis:names:tc:opendocument:xmlns:'
                'manifest:1.0" manifest:version="1.3">'
                f'<manifest:file-entry manifest:full-path="/" manifest:media-type="{ODT_MIME}"/>'
                '<manifest:file-entry manifest:full-path="content.xml" '
                'manifest:media-type="text/xml"/>'
                '<manifest:file-entry manifest:full-path="styles.xml" '
                'manifest:media-type="text/xml"/>'
                "</manifest:manifest>")
    write_zip(path, [("mimetype", ODT_MIME), ("content.xml", content), ("styles.xml", styles),
                     ("META-INF/manifest.xml", manifest)], stored=("mimetype",))


def tp(content="", style="Standard"):
    return f'<text:p text:style-name="{style}">{content}</text:p>'


def span(text, style="T1"):
    return f'<text:span text:style-name="{style}">{esc(text)}</text:span>'


ODT_STYLES = ('<style:style style:name="T1" style:family="text">'
              '<style:text-properties fo:font-weight="bold"/></style:style>'
              '<style:style style:name="T2" style:family="text">'
              '<style:text-properties fo:color="#666666"/></style:style>')


def write_otter_odt():
    body = [tp(span(OTTER_TITLE)), tp(span(OTTER_DATE, "T2")), tp()]
    for speaker, time, paragraphs in OTTER:
        # LibreOffice writes the second of two spaces as <text:s/>.
        body.append(tp(span(speaker) + " <text:s/>" + span(time, "T2")))
        body += [tp(esc(p)) for p in paragraphs]
        body.append(tp())
    body.append(tp(span(OTTER_FOOTER, "T2")))
    odt(os.path.join(HERE, "otter.odt"), "".join(body), ODT_STYLES)


def write_features_odt():
    change = ('<text:changed-region xml:id="ct1" text:id="ct1"><text:deletion>'
              '<office:change-info><dc:creator>Reviewer</dc:creator>'
              '<dc:date>2024-11-12T10:00:00</dc:date></office:change-info>'
              '<text:p>very </text:p></text:deletion></text:changed-region>'
              '<text:changed-region xml:id="ct2" text:id="ct2"><text:insertion>'
              '<office:change-info><dc:creator>Reviewer</dc:creator>'
              '<dc:date>2024-11-12T10:00:00</dc:date></office:change-info>'
              '</text:insertion></text:changed-region>')
    def cell(content):
        return f'<table:table-cell office:value-type="string">{content}</table:table-cell>'

    body = "".join([
        "<text:tracked-changes>" + change + "</text:tracked-changes>",
        '<text:h text:outline-level="1">' + span("Interview notes") + "</text:h>",
        # An annotation on a phrase; a footnote.
        tp("The participant "
           '<office:annotation office:name="c1"><dc:creator>Reviewer</dc:creator>'
           "<dc:date>2024-11-12T10:00:00</dc:date><text:p>Reviewer's private note</text:p>"
           '</office:annotation>hesitated<office:annotation-end office:name="c1"/> before '
           'answering.<text:note text:id="ftn1" text:note-class="footnote">'
           "<text:note-citation>1</text:note-citation><text:note-body>"
           "<text:p>Footnote text, not read</text:p></text:note-body></text:note>"),
        # Tracked changes: the deletion lives in text:tracked-changes.
        tp('She said it was <text:change text:change-id="ct1"/>'
           '<text:change-start text:change-id="ct2"/>rather '
           '<text:change-end text:change-id="ct2"/>hard.'),
        # A field's displayed value.
        tp('Recorded on <text:date style:data-style-name="N1" '
           'text:date-value="2024-11-12">2024-11-12</text:date>.'),
        # Tabs, a line break, a non-breaking hyphen (U+2011 in ODF), a soft
        # hyphen; collapsed white space in the XML.
        tp("Q1<text:tab/>e\u2011commerce\u00ad skills<text:line-break/>second\n   line"),
        # Two paragraphs (ODF has no deleted paragraph marks outside
        # tracked changes).
        tp("Joined paragraphs."),
        tp(),
        # A frame with a text box is left out.
        tp('Before the box. <draw:frame draw:name="Box" text:anchor-type="as-char">'
           '<draw:text-box><text:p>Text box words</text:p></draw:text-box>'
           "</draw:frame>After the box."),
        # A table like the Word one (covered cell for the merged one).
        '<table:table table:name="Codes"><table:table-column table:number-columns-repeated="3"/>'
        "<table:table-header-rows><table:table-row>" + cell(tp("Code")) + cell(tp("Count")) +
        cell(tp("Example")) + "</table:table-row></table:table-header-rows>"
        "<table:table-row>" + cell(tp("实习")) + cell(tp("3")) +
        cell(tp("实习机会太少") + tp("(T01)")) + "</table:table-row>"
        '<table:table-row><table:table-cell table:number-columns-spanned="2">' + tp("Total") +
        "</table:table-cell><table:covered-table-cell/>" + cell(tp("3")) +
        "</table:table-row>"
        "<table:table-row>" + cell(tp("Nested")) + cell(tp("0")) +
        "<table:table-cell>" + '<table:table table:name="Inner">'
        '<table:table-column table:number-columns-repeated="2"/><table:table-row>' +
        cell(tp("a")) + cell(tp("b")) + "</table:table-row>"
        "<table:table-row>" + cell(tp("c")) + "</table:table-row></table:table>" + tp() +
        "</table:table-cell></table:table-row></table:table>",
        tp('<text:span text:style-name="T1">Participant:</text:span> T01'),
        tp(esc('Fish & chips <cheap> "quoted"')),
        tp("End."),
    ])
    odt(os.path.join(HERE, "features.odt"), body, ODT_STYLES,
        header="CONFIDENTIAL — running header", footer="Page footer")


# ----------------------------------------------------------------- Excel ---

S_NS = 'xmlns="http://schemas.openxmlformats.org/spreadsheetml/2006/main"'
R_NS = 'xmlns:r="http://schemas.openxmlformats.org/officeDocument/2006/relationships"'
SHEET_CT = "application/vnd.openxmlformats-officedocument.spreadsheetml.worksheet+xml"


def xlsx(path, sheets, shared, styles, date1904=False, extra=()):
    """sheets: (name, target as written in the rels, part name, sheet XML)."""
    wb_sheets = "".join(f'<sheet name="{esc(name)}" sheetId="{i + 1}" r:id="rId{i + 1}"/>'
                        for i, (name, _, _, _) in enumerate(sheets))
    pr = ' date1904="1"' if date1904 else ""
    workbook = (XML_DECL + f'<workbook {S_NS} {R_NS}><workbookPr{pr} defaultThemeVersion='
                f'"166925"/><bookViews><workbookView/></bookViews><sheets>{wb_sheets}</sheets>'
                "</workbook>")
    n = len(sheets)
    wb_rels = rels([(f"rId{i + 1}", "worksheet", target)
                    for i, (_, target, _, _) in enumerate(sheets)] +
                   [(f"rId{n + 1}", "sharedStrings", "sharedStrings.xml"),
                    (f"rId{n + 2}", "styles", "styles.xml")])
    sst = "".join(f"<si>{s}</si>" for s in shared)
    overrides = [("xl/workbook.xml",
                  "application/vnd.openxmlformats-officedocument.spreadsheetml.sheet.main+xml")]
    overrides += [(part, SHEET_CT) for _, _, part, _ in sheets]
    entries = [("[Content_Types].xml", content_types(overrides)),
               ("_rels/.rels", rels([("rId1", "officeDocument", "xl/workbook.xml")])),
               ("xl/workbook.xml", workbook), ("xl/_rels/workbook.xml.rels", wb_rels),
               ("xl/sharedStrings.xml", XML_DECL + f'<sst {S_NS} count="{len(shared)}" '
                f'uniqueCount="{len(shared)}">{sst}</sst>'),
               ("xl/styles.xml", XML_DECL + f"<styleSheet {S_NS}>{styles}</styleSheet>")]
    entries += [(part, XML_DECL + f"<worksheet {S_NS} {R_NS}><sheetData>{xml}</sheetData>"
                 "</worksheet>") for _, _, part, xml in sheets]
    entries += list(extra)
    write_zip(path, entries)


RESPONSES_STYLES = (
    '<numFmts count="2"><numFmt numFmtId="164" formatCode="yyyy\\-mm\\-dd;@"/>'
    '<numFmt numFmtId="165" formatCode="0.0&quot; pts&quot;"/></numFmts>'
    '<fonts count="1"><font><sz val="11"/><name val="Calibri"/></font></fonts>'
    '<cellStyleXfs count="1"><xf numFmtId="0" fontId="0"/></cellStyleXfs>'
    '<cellXfs count="6"><xf numFmtId="0" fontId="0" xfId="0"/>'        # 0 General
    '<xf numFmtId="14" fontId="0" xfId="0" applyNumberFormat="1"/>'     # 1 m/d/yyyy
    '<xf numFmtId="164" fontId="0" xfId="0" applyNumberFormat="1"/>'    # 2 yyyy-mm-dd
    '<xf numFmtId="22" fontId="0" xfId="0" applyNumberFormat="1"/>'     # 3 m/d/yy h:mm
    '<xf numFmtId="165" fontId="0" xfId="0" applyNumberFormat="1"/>'    # 4 0.0 " pts"
    '<xf numFmtId="31" fontId="0" xfId="0" applyNumberFormat="1"/>'     # 5 yyyy"年"m"月"d"日"
    "</cellXfs>")

RESPONSES_SHARED = [
    "<t>id</t>", "<t>role</t>", "<t>answer</t>", "<t>date</t>",
    "<t>teacher</t>",
    # Rich text: runs concatenated.
    '<r><rPr><b/></rPr><t xml:space="preserve">More practice </t></r>'
    "<r><t>with real stores.</t></r>",
    "<t>student</t>",
    # A Japanese-style phonetic run is not text.
    '<t>实习机会太少</t><rPh sb="0" eb="2"><t>shixi</t></rPh>'
    '<phoneticPr fontId="1" type="noConversion"/>',
    "<t>score</t>",
    "<t>Codes</t>", "<t>实习</t>",
    "<t>Line one\nline two &amp; more</t>",
]


def write_responses_xlsx():
    # Row 1: headers; column C is left empty (a gap), row 4 is empty.
    sheet1 = "".join([
        '<row r="1" spans="1:6">'
        '<c r="A1" t="s"><v>0</v></c><c r="B1" t="s"><v>1</v></c>'
        '<c r="D1" t="s"><v>2</v></c><c r="E1" t="s"><v>3</v></c>'
        '<c r="F1" t="s"><v>8</v></c></row>',
        '<row r="2" spans="1:6">'
        '<c r="A2" t="inlineStr"><is><t>S001</t></is></c><c r="B2" t="s"><v>4</v></c>'
        '<c r="D2" t="s"><v>5</v></c><c r="E2" s="1"><v>45608</v></c>'
        '<c r="F2"><v>3</v></c></row>',
        '<row r="3" spans="1:6">'
        '<c r="A3" t="inlineStr"><is><r><t>S0</t></r><r><rPr><b/></rPr><t>02</t></r></is></c>'
        '<c r="B3" t="s"><v>6</v></c>'
        '<c r="D3" t="s"><v>7</v></c><c r="E3" s="2"><v>45609</v></c>'
        '<c r="F3" s="4"><v>0.5</v></c></row>',
        '<row r="4" spans="1:6" ht="15" customHeight="1"/>',
        '<row r="5" spans="1:6">'
        '<c r="A5" t="str"><f>"S"&amp;"003"</f><v>S003</v></c>'
        '<c r="B5" t="b"><v>1</v></c>'
        '<c r="D5" t="s"><v>11</v></c><c r="E5" s="3"><v>45608.604166666664</v></c>'
        '<c r="F5"><v>3.0</v></c></row>',
        '<row r="6" spans="1:6">'
        '<c r="A6" t="inlineStr"><is><t>S004</t></is></c><c r="B6" t="e"><v>#N/A</v></c>'
        '<c r="E6" s="5"><v>45610</v></c><c r="F6"><v>-1.25E-3</v></c>'
        # A styled empty cell far right does not widen the table.
        '<c r="K6" s="1"/></row>',
    ])
    # Cells without r attributes: Excel's streaming writers leave them out.
    sheet2 = ('<row><c t="s"><v>9</v></c><c t="s"><v>2</v></c></row>'
              '<row><c t="s"><v>10</v></c><c t="s"><v>7</v></c></row>')
    xlsx(os.path.join(HERE, "responses.xlsx"),
         [("Responses", "/xl/worksheets/sheet1.xml", "xl/worksheets/sheet1.xml", sheet1),
          ("Codes", "worksheets/sheet2.xml", "xl/worksheets/sheet2.xml", sheet2)],
         RESPONSES_SHARED, RESPONSES_STYLES)


def write_dates_1904():
    styles = ('<cellXfs count="2"><xf numFmtId="0"/><xf numFmtId="14" applyNumberFormat="1"/>'
              "</cellXfs>")
    sheet = ('<row r="1"><c r="A1" t="s"><v>0</v></c></row>'
             '<row r="2"><c r="A2" s="1"><v>44146</v></c></row>')
    xlsx(os.path.join(HERE, "dates-1904.xlsx"),
         [("Sheet1", "worksheets/sheet1.xml", "xl/worksheets/sheet1.xml", sheet)],
         ["<t>date</t>"], styles, date1904=True)


# --------------------------------------------------------------- hostile ---

def write_hostile():
    out = os.path.join(HERE, "hostile")
    inflated = ("<w:p><w:r><w:t>" + "a" * (2 << 20) + "</w:t></w:r></w:p>")
    docx(os.path.join(out, "bomb.docx"), inflated)
    docx(os.path.join(out, "lying-size.docx"), inflated)
    patch_declared_size(os.path.join(out, "lying-size.docx"), "word/document.xml", 1000)
    docx(os.path.join(out, "huge-declared.docx"), para(run("small")))
    patch_declared_size(os.path.join(out, "huge-declared.docx"), "word/document.xml",
                        300 << 20)

    docx(os.path.join(out, "traversal.docx"), para(run("Hello.")))
    with zipfile.ZipFile(os.path.join(out, "traversal.docx"), "a") as z:
        z.writestr(zipfile.ZipInfo("../../evil.txt", date_time=STAMP), "owned\n")

    def with_doctype(path, doctype, body):
        document = (XML_DECL + doctype + f'<w:document {W_NS}><w:body>' + body +
                    "</w:body></w:document>")
        write_zip(path, [
            ("[Content_Types].xml", content_types([("word/document.xml", WORD_MAIN)])),
            ("_rels/.rels", rels([("rId1", "officeDocument", "word/document.xml")])),
            ("word/document.xml", document)])

    with_doctype(os.path.join(out, "xxe.docx"),
                 '<!DOCTYPE w:document [<!ENTITY xxe SYSTEM "file:///etc/passwd">]>',
                 "<w:p><w:r><w:t>&xxe;</w:t></w:r></w:p>")
    laughs = ['<!ENTITY lol "lol">'] + [
        f'<!ENTITY lol{i} "{("&lol" + (str(i - 1) if i > 1 else "") + ";") * 10}">'
        for i in range(1, 10)]
    with_doctype(os.path.join(out, "billion-laughs.docx"),
                 "<!DOCTYPE w:document [" + "".join(laughs) + "]>",
                 "<w:p><w:r><w:t>&lol9;</w:t></w:r></w:p>")
    with_doctype(os.path.join(out, "deep.docx"), "",
                 "<w:p>" + "<w:r>" * 10000 + "</w:r>" * 10000 + "</w:p>")

    write_zip(os.path.join(out, "no-document.docx"), [
        ("[Content_Types].xml", content_types([("word/document.xml", WORD_MAIN)])),
        ("_rels/.rels", rels([("rId1", "officeDocument", "word/document.xml")])),
        ("word/styles.xml", STYLES)])

    content = ('<?xml version="1.0" encoding="UTF-8"?>\n'
               '<!DOCTYPE office:document-content [<!ENTITY xxe SYSTEM "file:///etc/passwd">]>'
               f'<office:document-content {ODF_NS}><office:body><office:text>'
               "<text:p>&xxe;</text:p></office:text></office:body></office:document-content>")
    write_zip(os.path.join(out, "xxe.odt"),
              [("mimetype", ODT_MIME), ("content.xml", content)], stored=("mimetype",))


if __name__ == "__main__":
    write_otter_docx()
    write_otter_odt()
    write_features_docx()
    write_features_odt()
    write_responses_xlsx()
    write_dates_1904()
    write_hostile()
