#include "corpus/documents.h"

#include <unicode/uchar.h>
#include <unicode/uscript.h>
#include <unicode/utf8.h>

#include <map>
#include <string_view>

#include "corpus/text.h"

namespace margin::corpus {
namespace {

using Lines = std::vector<std::string>;

// --- Step 1: lines ------------------------------------------------------------

std::string collapseSpaces(std::string_view line) {
    std::string out;
    out.reserve(line.size());
    bool space = false;
    for (char c : line) {
        if (c == ' ' || c == '\t' || c == '\r' || c == '\f' || c == '\v') {
            space = true;
            continue;
        }
        if (space && !out.empty())
            out += ' ';
        space = false;
        out += c;
    }
    return std::string(trimSpace(out));
}

// Blank lines at the edges dropped, runs of blank lines made one.
void tidyBlankLines(Lines& lines) {
    Lines out;
    out.reserve(lines.size());
    for (auto& line : lines) {
        if (line.empty() && (out.empty() || out.back().empty()))
            continue;
        out.push_back(std::move(line));
    }
    while (!out.empty() && out.back().empty())
        out.pop_back();
    lines = std::move(out);
}

Lines pageLines(std::string_view page) {
    if (auto ff = page.find('\f'); ff != std::string_view::npos)
        page = page.substr(0, ff);
    Lines lines;
    std::size_t start = 0;
    while (start <= page.size()) {
        std::size_t end = page.find('\n', start);
        if (end == std::string_view::npos)
            end = page.size();
        lines.push_back(collapseSpaces(page.substr(start, end - start)));
        start = end + 1;
    }
    tidyBlankLines(lines);
    return lines;
}

// --- Step 2: headers, footers, page numbers ---------------------------------------

bool isAsciiDigit(char c) {
    return c >= '0' && c <= '9';
}

// Chinese numerals as page numbers write them (第三页, 第十二页).
bool isHanNumeral(UChar32 c) {
    static constexpr std::u32string_view kNumerals = U"〇零一二两三四五六七八九十百千";
    return kNumerals.find(static_cast<char32_t>(c)) != std::u32string_view::npos;
}

struct Shape {
    std::string text;
    bool arabic = false;  // some of its numbers are written in digits
};

// `line` with white space removed, ASCII lower-cased, full-width forms of
// ASCII made ASCII, and every run of digits (ASCII, or Chinese numerals) made
// one '#'. nullopt when a number is too long for a page number.
std::optional<Shape> pageNumberShape(std::string_view line) {
    Shape shape;
    std::string& out = shape.text;
    bool inNumber = false;
    int digits = 0;
    for (std::size_t i = 0; i < line.size();) {
        UChar32 c;
        U8_NEXT(line.data(), i, line.size(), c);
        if (c < 0)
            return std::nullopt;
        if (c >= 0xFF01 && c <= 0xFF5E)  // full-width ASCII
            c -= 0xFEE0;
        if (u_isUWhiteSpace(c))
            continue;
        bool arabic = c >= '0' && c <= '9';
        if (arabic || isHanNumeral(c)) {
            shape.arabic = shape.arabic || arabic;
            if (!inNumber)
                out += '#';
            inNumber = true;
            if (++digits > 5)
                return std::nullopt;
            continue;
        }
        inNumber = false;
        digits = 0;
        if (c < 0x80) {
            out += static_cast<char>(std::tolower(static_cast<unsigned char>(c)));
        } else {
            char buffer[4];
            std::size_t n = 0;
            U8_APPEND_UNSAFE(buffer, n, c);
            out.append(buffer, n);
        }
    }
    return shape;
}

std::string_view stripDecoration(std::string_view s) {
    // "- 3 -", "— 3 —", "[3]", "(3)", "| 3 |", "· 3 ·"
    static constexpr std::string_view kMarks[] = {"-", "–", "—", "[", "]", "(", ")", "|",
                                                  "·", "•", "~", "<", ">", "«", "»"};
    for (bool changed = true; changed;) {
        changed = false;
        for (std::string_view mark : kMarks) {
            if (s.starts_with(mark)) {
                s.remove_prefix(mark.size());
                changed = true;
            }
            if (s.ends_with(mark)) {
                s.remove_suffix(mark.size());
                changed = true;
            }
        }
    }
    return s;
}

// Digits removed and spaces collapsed: the line as a running header or
// footer shows on every page, whatever its page number.
std::string repeatKey(std::string_view line) {
    std::string out;
    for (char c : line)
        if (!isAsciiDigit(c) && c != ' ')
            out += c;
    return out;
}

// One round of step 2; true when a line went.
bool dropHeadersAndFooters(std::vector<Lines>& pages) {
    bool changed = false;
    for (Lines& lines : pages) {
        while (!lines.empty() && isPageNumberLine(lines.front())) {
            lines.erase(lines.begin());
            tidyBlankLines(lines);
            changed = true;
        }
        while (!lines.empty() && isPageNumberLine(lines.back())) {
            lines.pop_back();
            tidyBlankLines(lines);
            changed = true;
        }
    }
    if (pages.size() < 3)
        return changed;

    std::map<std::string, std::size_t> tops, bottoms;
    for (const Lines& lines : pages) {
        if (lines.empty())
            continue;
        ++tops[repeatKey(lines.front())];
        ++bottoms[repeatKey(lines.back())];
    }
    auto running = [&](const std::map<std::string, std::size_t>& counts, const std::string& line) {
        auto it = counts.find(repeatKey(line));
        return it != counts.end() && it->second * 5 >= pages.size() * 3;  // at least 60%
    };
    for (Lines& lines : pages) {
        if (lines.empty())
            continue;
        // Both judged before either goes: a one-line page is one line.
        bool top = running(tops, lines.front());
        bool bottom = running(bottoms, lines.back());
        if (bottom) {
            lines.pop_back();
            changed = true;
        }
        if (top && !lines.empty()) {
            lines.erase(lines.begin());
            changed = true;
        }
        tidyBlankLines(lines);
    }
    return changed;
}

// --- Step 3: hyphens ------------------------------------------------------------

bool isCjk(UChar32 c) {
    UErrorCode status = U_ZERO_ERROR;
    UScriptCode script = uscript_getScript(c, &status);
    return script == USCRIPT_HAN || script == USCRIPT_HIRAGANA || script == USCRIPT_KATAKANA ||
           script == USCRIPT_HANGUL || script == USCRIPT_BOPOMOFO;
}

// The code point that ends line[0, end), and where it starts; c < 0 when
// there is none or it is ill-formed.
UChar32 previousCodePoint(std::string_view line, std::size_t& end) {
    if (end == 0)
        return -1;
    std::size_t start = end - 1;
    while (start > 0 && end - start < 4 && (static_cast<unsigned char>(line[start]) & 0xC0) == 0x80)
        --start;
    auto i = static_cast<int32_t>(start);
    UChar32 c;
    U8_NEXT(line.data(), i, static_cast<int32_t>(end), c);
    if (c < 0 || static_cast<std::size_t>(i) != end)
        return -1;
    end = start;
    return c;
}

// The length of `line` without its line-end hyphen, when it ends with a word
// broken by one; npos otherwise.
std::size_t brokenWordEnd(std::string_view line) {
    std::size_t i = line.size();
    UChar32 hyphen = previousCodePoint(line, i);
    if (hyphen != '-' && hyphen != 0x00AD && hyphen != 0x2010)
        return std::string_view::npos;
    const std::size_t end = i;
    UChar32 before = previousCodePoint(line, i);
    if (before < 0 || !u_isalpha(before) || isCjk(before))
        return std::string_view::npos;
    return end;
}

bool startsLowerCase(std::string_view line) {
    if (line.empty())
        return false;
    int32_t i = 0;
    UChar32 c;
    U8_NEXT(line.data(), i, static_cast<int32_t>(line.size()), c);
    return c >= 0 && u_hasBinaryProperty(c, UCHAR_LOWERCASE) && !isCjk(c);
}

}  // namespace

bool isPageNumberLine(const std::string& line) {
    std::string_view trimmed = trimSpace(line);
    if (trimmed.empty() || trimmed.size() > 60)
        return false;
    auto shape = pageNumberShape(trimmed);
    if (!shape)
        return false;
    std::string_view s = stripDecoration(shape->text);
    // Western forms need digits ("一" alone is a word); Chinese ones say 页.
    static constexpr std::string_view kWestern[] = {
        "#", "page#", "p.#", "p#", "pg.#", "pg#", "page#of#", "#of#", "#/#", "page#/#", "p.#of#",
    };
    static constexpr std::string_view kChinese[] = {
        "第#页",      "第#页共#页",  "第#页/共#页",  "第#页,共#页", "第#页，共#页",
        "共#页第#页", "共#页,第#页", "共#页，第#页", "第#/#页",     "#页",
        "第#頁",      "第#頁共#頁",  "第#頁，共#頁",
    };
    for (std::string_view form : kWestern)
        if (s == form)
            return shape->arabic;
    for (std::string_view form : kChinese)
        if (s == form)
            return true;
    return false;
}

std::string pdfPagesToText(const std::vector<std::string>& pageTexts) {
    std::vector<Lines> pages;
    pages.reserve(pageTexts.size());
    for (const std::string& text : pageTexts)
        pages.push_back(pageLines(text));

    for (int round = 0; round < 3 && dropHeadersAndFooters(pages); ++round) {
    }

    // Hyphens and joining: one sequence of lines, a blank line between pages.
    Lines lines;
    for (Lines& page : pages) {
        if (page.empty())
            continue;
        std::size_t k = 0;
        if (!lines.empty()) {
            std::size_t cut = brokenWordEnd(lines.back());
            if (cut != std::string_view::npos && startsLowerCase(page.front())) {
                lines.back().resize(cut);
                lines.back() += page.front();
                k = 1;
            } else {
                lines.emplace_back();
            }
        }
        for (; k < page.size(); ++k) {
            std::string& line = page[k];
            if (!lines.empty() && !line.empty()) {
                std::size_t cut = brokenWordEnd(lines.back());
                if (cut != std::string_view::npos && startsLowerCase(line)) {
                    lines.back().resize(cut);
                    lines.back() += line;
                    continue;
                }
            }
            lines.push_back(std::move(line));
        }
    }
    tidyBlankLines(lines);

    std::string text;
    for (std::size_t k = 0; k < lines.size(); ++k) {
        if (k > 0)
            text += '\n';
        text += lines[k];
    }
    return text;
}

}  // namespace margin::corpus
