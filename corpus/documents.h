// The document readers' limits and pure helpers (readPdf, readRtf and
// readHtml themselves are declared in corpus/formats.h), kept apart from the
// readers so they are tested on text, without a PDF or a parser.
//
// == PDF text clean-up (corpus/pdf_text.cpp) ==
// From the text of a PDF's pages, as poppler lays it out (corpus/pdf.cpp
// reads it with the physical layout, which keeps the lines and leaves a blank
// line where a paragraph gap is), to a document's text.
//
// Steps, in order:
//   1. Lines: a form feed ends the page; runs of spaces become one space
//      (the physical layout pads lines out to their position on the page);
//      lines are trimmed; blank lines at a page's edges go and runs of blank
//      lines become one (a paragraph break).
//   2. Running headers and footers. Repeated, until nothing more goes (at
//      most three rounds, so a two-line header and a page number under a
//      footer go too):
//        * a line that is only a page number ("3", "- 3 -", "[3]", "Page 3",
//          "p. 3", "Page 3 of 10", "3 / 10", "3 of 10", "第 3 页",
//          "第三页", "第 3 页，共 10 页", "共 10 页 第 3 页") as the first or
//          last line of a page;
//        * in a document of at least 3 pages, a line that is the first line
//          of at least 60% of the pages, compared with its digits removed
//          ("Interview T01 — page 3" and "Interview T01 — page 4" are one
//          line), and likewise for last lines.
//      A document of 1 or 2 pages keeps repeated lines: two pages cannot tell
//      a header from a coincidence.
//   3. Hyphenation: a line ending in "-" (or U+00AD, U+2010) right after a
//      letter, followed by a line starting with a lower-case letter, is one
//      word broken at the line end: "teach-" + "ing" → "teaching". Never for
//      CJK (a hyphen after a Han, kana or Hangul character stays, and those
//      have no lower case anyway), never across a blank line, but across a
//      page break (the header and footer between them are gone by then).
//   4. Pages are joined with a blank line.
// Lines are otherwise kept as they are on the page: a paragraph that wraps
// over three lines stays three lines (joining them would also join speaker
// turns that follow each other without a gap).
//
// == RTF (corpus/rtf.cpp) ==
// Documented there; groups nested deeper than kMaxRtfDepth are refused (no
// real document comes near it). The file names its own code pages:
// --encoding does not apply (nor to PDF).
//
// == HTML (corpus/html.cpp) ==
// The text of the page, as a browser shows it without styles: block
// elements (p, div, li, h1-h6, tr, blockquote, pre, table...) start new
// lines, p, headings, lists, tables, blockquote and pre a paragraph (a blank
// line); <br> breaks a line; table cells are separated by tabs (block breaks
// inside a cell are spaces); white space collapses outside <pre>, and a
// source line break between two East Asian wide characters is no space
// (Chinese wrapped by an editor); entities are decoded; script, style, head
// (the title too), noscript, template, svg, math, iframe, object and select
// are left out. Parsed by libxml2's HTML parser from the text already
// decoded to UTF-8, with no network and no error output (the parser
// context's options silence it; libxml2's global handlers, shared with
// other threads, are untouched).
// The encoding: --encoding (ReadOptions::encoding) when given, else a
// byte-order mark, else the charset a <meta> tag (or an XML
// declaration) declares in the first 8 KiB (gb2312/GBK read as GB18030,
// latin1/ASCII as windows-1252, as browsers do), else detection
// (corpus/encoding.h). Bytes that are not valid in the declared charset are
// detected instead, with a warning; a binary file is refused as text is.
// The encoding field is "HTML (GB18030)", "HTML (UTF-8)"...
// Pages larger than kMaxHtmlBytes are refused, naming the limit (the parsed
// tree takes several times the page's size), and so are pages whose elements
// nest more than 256 deep (libxml2's limit; it would stop there and lose the
// rest of the page).
//
// Thread-safety: pure functions.
#pragma once

#include <cstddef>
#include <optional>
#include <string>
#include <string_view>
#include <vector>

#include "corpus/formats.h"

namespace margin::corpus {

// `pages`: each page's text, lines separated by "\n" (a trailing "\f" is
// ignored). Returns the document's text (UTF-8, not yet normalised; no
// trailing newline), empty when no page holds anything but headers, footers
// and page numbers.
std::string pdfPagesToText(const std::vector<std::string>& pages);

// Whether `line` (trimmed or not) is only a page number, in the forms above.
bool isPageNumberLine(const std::string& line);

constexpr std::size_t kMaxRtfDepth = 1000;

constexpr std::size_t kMaxHtmlBytes = 32u << 20;

// The charset an HTML page declares in its first 8 KiB (<meta charset>,
// <meta http-equiv="Content-Type" content="...; charset=...">, or an XML
// declaration's encoding), as written; nullopt when it declares none.
std::optional<std::string> htmlDeclaredCharset(std::string_view bytes);

// readHtml with another size limit (tests use a small one).
Result<ExtractedText> readHtmlWithLimit(std::string_view bytes, const std::string& file,
                                        const ReadOptions& options, std::size_t maxBytes);

}  // namespace margin::corpus
