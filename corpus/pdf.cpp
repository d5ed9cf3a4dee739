// The PDF reader: the text layer through poppler-cpp, page by page in the
// physical layout (lines kept, a blank line at each paragraph gap), then
// corpus/pdf_text.h's clean-up (running headers, page numbers, hyphens).
//
// Refused, each with one message naming the file:
//   * no "%PDF-" in the first KiB: not a PDF document;
//   * no "%%EOF" in the last KiB: damaged (most often cut off in a download;
//     poppler would rebuild what it can and give part of the text, and a
//     partial interview must not be stored as if it were whole);
//   * what poppler cannot open: not a readable PDF;
//   * a PDF that needs a password to open: encrypted. A PDF encrypted only
//     with an owner password (permissions; it opens without a password, as
//     in every viewer) is read;
//   * no text on any page: no text layer, it needs OCR first.
// poppler's own messages go nowhere (a no-op debug/error function, set once
// for the process).
#include <poppler-document.h>
#include <poppler-global.h>
#include <poppler-page.h>

#include <climits>
#include <exception>
#include <memory>
#include <mutex>

#include "corpus/documents.h"
#include "corpus/text.h"

namespace margin::corpus {
namespace {

void silencePoppler() {
    static std::once_flag once;
    std::call_once(
        once, [] { poppler::set_debug_error_function([](const std::string&, void*) {}, nullptr); });
}

std::string utf8(const poppler::ustring& text) {
    poppler::byte_array bytes = text.to_utf8();
    return std::string(bytes.begin(), bytes.end());
}

Result<ExtractedText> readPdfText(std::string_view bytes, const std::string& file) {
    auto refuse = [&](const std::string& why) { return Status::invalidInput(file + ": " + why); };
    if (bytes.empty())
        return refuse("the file is empty");
    if (bytes.substr(0, 1024).find("%PDF-") == std::string_view::npos)
        return refuse("not a PDF document (it does not start with %PDF-)");
    if (bytes.substr(bytes.size() > 1024 ? bytes.size() - 1024 : 0).find("%%EOF") ==
        std::string_view::npos)
        return refuse(
            "damaged PDF: it stops before its end marker (%%EOF); the file may be cut off");
    if (bytes.size() > static_cast<std::size_t>(INT_MAX))
        return refuse("too large to read as a PDF (the limit is 2 GiB)");

    silencePoppler();
    std::unique_ptr<poppler::document> doc(
        poppler::document::load_from_raw_data(bytes.data(), static_cast<int>(bytes.size())));
    if (!doc)
        return refuse("not a readable PDF (it is damaged or not a PDF)");
    // Nothing else may be asked of a locked document.
    if (doc->is_locked())
        return refuse("is encrypted; remove the password and import it again");
    const int count = doc->pages();
    if (count <= 0)
        return refuse("the PDF has no pages");

    std::vector<std::string> pages;
    pages.reserve(static_cast<std::size_t>(count));
    bool anyText = false;
    for (int k = 0; k < count; ++k) {
        std::unique_ptr<poppler::page> page(doc->create_page(k));
        if (!page)
            return refuse("damaged PDF: page " + std::to_string(k + 1) + " cannot be read");
        pages.push_back(utf8(page->text(poppler::rectf(), poppler::page::physical_layout)));
        anyText = anyText || !trimSpace(pages.back()).empty();
    }
    if (!anyText)
        return refuse("has no text layer (a scan?); it needs OCR first");
    std::string text = pdfPagesToText(pages);
    // poppler gives U+FFFD for glyphs it cannot map; ill-formed UTF-8 never.
    if (firstInvalidUtf8(text) != std::string_view::npos)
        return refuse("not a readable PDF (its text is not valid Unicode)");
    return ExtractedText{std::move(text), "PDF", std::nullopt, {}};
}

}  // namespace

Result<ExtractedText> readPdf(std::string_view bytes, const std::string& file,
                              const ReadOptions& /*options*/) {
    try {
        return readPdfText(bytes, file);
    } catch (const std::exception& e) {
        // poppler-cpp reports failure by null pointers; this is allocation.
        return Status::invalidInput(file + ": not a readable PDF (" + e.what() + ")");
    }
}

}  // namespace margin::corpus
