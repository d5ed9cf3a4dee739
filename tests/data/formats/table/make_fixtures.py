#!/usr/bin/env python3
"""Writes the table fixtures of tests/cli/import_table_test.cpp.

Run from anywhere: python3 make_fixtures.py. Python 3 standard library only.
  interviews-gbk.csv  a transcript table as a Chinese Excel saves "CSV": GBK,
                      CRLF, one row per utterance of two interviews (访谈编号,
                      说话人, 内容), an utterance with a comma and a line break
                      in quotes, a row that continues the speaker above.
  survey.xlsx         a small questionnaire as Excel writes it: a first sheet
                      "问卷" (id, role, year, gender, Q1, Q2) with shared
                      strings, an inline string, numbers and an empty answer,
                      and a second sheet "Notes".
"""
import os
import zipfile

HERE = os.path.dirname(os.path.abspath(__file__))

INTERVIEWS = [
    ("访谈编号", "说话人", "内容"),
    ("T01", "访谈者", "您好，请先介绍一下您教的课程。"),
    ("T01", "王老师", "我教跨境电商运营，主要是亚马逊平台的实操。"),
    ("T01", "访谈者", "学生实习的情况怎么样？"),
    ("T01", "王老师", "说实话，企业愿意接收的学生不多，\n一般只要两三个人。"),
    ("T01", "", "而且实习时间太短。"),
    ("T02", "访谈者", "What skills do graduates lack?"),
    ("T02", "李经理", "Data analysis, mostly. 他们看不懂广告报表。"),
    ("T02", "访谈者", "还有呢？"),
    ("T02", "李经理", "Communication with overseas buyers."),
]


def csv_field(value):
    if any(c in value for c in ',"\r\n'):
        return '"' + value.replace('"', '""') + '"'
    return value


def write_interviews():
    # Excel writes CRLF, inside quoted cells too.
    data = "".join(",".join(csv_field(v.replace("\n", "\r\n")) for v in row) + "\r\n"
                   for row in INTERVIEWS)
    with open(os.path.join(HERE, "interviews-gbk.csv"), "wb") as f:
        f.write(data.encode("gbk"))


SURVEY = [
    ["id", "role", "year", "gender", "Q1", "Q2"],
    ["S001", "teacher", 2021, "F", "More practice with real stores.", "实习机会太少"],
    ["S002", "student", 2022, "M", "", "The internship helped me a lot."],
    ["S003", "student", 2023, "F", "数据分析", ""],
    ["S004", "enterprise", 2021, "M", "Graduates need data skills.", "沟通能力"],
]

NS = 'xmlns="http://schemas.openxmlformats.org/spreadsheetml/2006/main"'
RELNS = 'xmlns:r="http://schemas.openxmlformats.org/officeDocument/2006/relationships"'


def esc(s):
    return s.replace("&", "&amp;").replace("<", "&lt;").replace(">", "&gt;")


def column_letter(i):
    return chr(ord("A") + i)


def sheet_xml(rows, strings, inline_cell=None):
    out = ['<?xml version="1.0" encoding="UTF-8" standalone="yes"?>\n',
           f"<worksheet {NS} {RELNS}><sheetData>"]
    for r, row in enumerate(rows, start=1):
        out.append(f'<row r="{r}">')
        for c, value in enumerate(row):
            ref = f"{column_letter(c)}{r}"
            if value == "":
                continue  # Excel leaves empty cells out
            if isinstance(value, int):
                out.append(f'<c r="{ref}"><v>{value}</v></c>')
            elif inline_cell == (r, c):
                out.append(f'<c r="{ref}" t="inlineStr"><is><t>{esc(value)}</t></is></c>')
            else:
                if value not in strings:
                    strings.append(value)
                out.append(f'<c r="{ref}" t="s"><v>{strings.index(value)}</v></c>')
        out.append("</row>")
    out.append("</sheetData></worksheet>")
    return "".join(out)


def write_survey():
    strings = []
    # S003's Q1 is an inline string, as some tools write.
    survey = sheet_xml(SURVEY, strings, inline_cell=(4, 4))
    notes = sheet_xml([["Collected in May 2024"]], strings)
    shared = ['<?xml version="1.0" encoding="UTF-8" standalone="yes"?>\n',
              f'<sst {NS} count="{len(strings)}" uniqueCount="{len(strings)}">']
    shared += [f"<si><t>{esc(s)}</t></si>" for s in strings]
    shared.append("</sst>")
    files = {
        "[Content_Types].xml":
            '<?xml version="1.0" encoding="UTF-8" standalone="yes"?>\n'
            '<Types xmlns="http://schemas.openxmlformats.org/package/2006/content-types">'
            '<Default Extension="rels" '
            'ContentType="application/vnd.openxmlformats-package.relationships+xml"/>'
            '<Default Extension="xml" ContentType="application/xml"/>'
            '<Override PartName="/xl/workbook.xml" ContentType="application/'
            'vnd.openxmlformats-officedocument.spreadsheetml.sheet.main+xml"/>'
            '<Override PartName="/xl/worksheets/sheet1.xml" ContentType="application/'
            'vnd.openxmlformats-officedocument.spreadsheetml.worksheet+xml"/>'
            '<Override PartName="/xl/worksheets/sheet2.xml" ContentType="application/'
            'vnd.openxmlformats-officedocument.spreadsheetml.worksheet+xml"/>'
            '<Override PartName="/xl/sharedStrings.xml" ContentType="application/'
            'vnd.openxmlformats-officedocument.spreadsheetml.sharedStrings+xml"/>'
            "</Types>",
        "_rels/.rels":
            '<?xml version="1.0" encoding="UTF-8" standalone="yes"?>\n'
            '<Relationships xmlns="http://schemas.openxmlformats.org/package/2006/relationships">'
            '<Relationship Id="rId1" Type="http://schemas.openxmlformats.org/officeDocument/'
            '2006/relationships/officeDocument" Target="xl/workbook.xml"/></Relationships>',
        "xl/workbook.xml":
            '<?xml version="1.0" encoding="UTF-8" standalone="yes"?>\n'
            f"<workbook {NS} {RELNS}><sheets>"
            '<sheet name="问卷" sheetId="1" r:id="rId1"/>'
            '<sheet name="Notes" sheetId="2" r:id="rId2"/>'
            "</sheets></workbook>",
        "xl/_rels/workbook.xml.rels":
            '<?xml version="1.0" encoding="UTF-8" standalone="yes"?>\n'
            '<Relationships xmlns="http://schemas.openxmlformats.org/package/2006/relationships">'
            '<Relationship Id="rId1" Type="http://schemas.openxmlformats.org/officeDocument/'
            '2006/relationships/worksheet" Target="worksheets/sheet1.xml"/>'
            '<Relationship Id="rId2" Type="http://schemas.openxmlformats.org/officeDocument/'
            '2006/relationships/worksheet" Target="worksheets/sheet2.xml"/>'
            '<Relationship Id="rId3" Type="http://schemas.openxmlformats.org/officeDocument/'
            '2006/relationships/sharedStrings" Target="sharedStrings.xml"/>'
            "</Relationships>",
        "xl/worksheets/sheet1.xml": survey,
        "xl/worksheets/sheet2.xml": notes,
        "xl/sharedStrings.xml": "".join(shared),
    }
    path = os.path.join(HERE, "survey.xlsx")
    with zipfile.ZipFile(path, "w", zipfile.ZIP_DEFLATED) as z:
        for name, text in files.items():
            info = zipfile.ZipInfo(name, date_time=(2024, 5, 1, 12, 0, 0))
            info.compress_type = zipfile.ZIP_DEFLATED
            z.writestr(info, text.encode("utf-8"))


if __name__ == "__main__":
    write_interviews()
    write_survey()
