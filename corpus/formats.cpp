#include "corpus/formats.h"

#include <algorithm>

#include "corpus/encoding.h"

namespace margin::corpus {

Result<ExtractedText> readPlainText(std::string_view bytes, const std::string& file,
                                    const ReadOptions& options) {
    auto decoded = decodeText(bytes, options.encoding);
    if (!decoded.isOk())
        return decoded.status().withContext(file);
    return ExtractedText{std::move(decoded->utf8), std::move(decoded->encoding), std::nullopt, {}};
}

const std::vector<Format>& formats() {
    // New readers register here, one line each (kept so: clang-format would
    // pack them into columns).
    // clang-format off
    static const std::vector<Format> all = {
        {"txt", "plain text", readPlainText},
        {"md", "Markdown text", readPlainText},
        {"pdf", "PDF document", readPdf},
        {"rtf", "Rich Text document", readRtf},
        {"html", "web page", readHtml},
        {"htm", "web page", readHtml},
        {"docx", "Word document", readDocx},
        {"odt", "OpenDocument text", readOdt},
        {"srt", "SubRip subtitles", readSrt},
        {"vtt", "WebVTT subtitles", readVtt},
    };
    // clang-format on
    return all;
}

const Format* formatFor(const std::filesystem::path& path) {
    std::string ext = path.extension().string();
    if (ext.empty())
        return nullptr;
    ext.erase(0, 1);
    std::transform(ext.begin(), ext.end(), ext.begin(),
                   [](unsigned char c) { return static_cast<char>(std::tolower(c)); });
    for (const Format& f : formats())
        if (ext == f.extension)
            return &f;
    return nullptr;
}

std::string formatList() {
    std::string out;
    for (const Format& f : formats())
        out += (out.empty() ? "." : ", .") + std::string(f.extension);
    return out;
}

}  // namespace margin::corpus
