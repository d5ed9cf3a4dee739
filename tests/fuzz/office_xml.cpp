// Fuzzes the XML of Word, OpenDocument and Excel files behind their zip
// (MARGIN_FUZZ_PART: "docx", "odt" or "xlsx"): the input becomes the main
// part (word/document.xml, content.xml, a worksheet) of a small stored
// archive, so the mutations reach the XML layer and the reader's handler
// rather than the zip's checksums. Any bytes give text or one clean error.
#include <cstddef>
#include <cstdint>
#include <string>
#include <string_view>
#include <utility>
#include <vector>

#include "corpus/formats.h"
#include "corpus/spreadsheet.h"

namespace {

std::uint32_t crc32(std::string_view data) {
    std::uint32_t crc = 0xFFFFFFFFu;
    for (unsigned char c : data) {
        crc ^= c;
        for (int k = 0; k < 8; ++k)
            crc = (crc >> 1) ^ (0xEDB88320u & (0u - (crc & 1u)));
    }
    return ~crc;
}

void put(std::string& out, std::uint32_t v, int bytes) {
    for (int i = 0; i < bytes; ++i)
        out += static_cast<char>((v >> (8 * i)) & 0xFF);
}

// A zip of stored (uncompressed) entries.
std::string storedZip(const std::vector<std::pair<std::string, std::string_view>>& entries) {
    std::string out, central;
    for (const auto& [name, data] : entries) {
        auto offset = static_cast<std::uint32_t>(out.size());
        auto size = static_cast<std::uint32_t>(data.size());
        std::uint32_t crc = crc32(data);
        auto nameSize = static_cast<std::uint32_t>(name.size());
        put(out, 0x04034b50, 4), put(out, 20, 2), put(out, 0, 2), put(out, 0, 2);
        put(out, 0, 4), put(out, crc, 4), put(out, size, 4), put(out, size, 4);
        put(out, nameSize, 2), put(out, 0, 2);
        out += name;
        out += data;
        put(central, 0x02014b50, 4), put(central, 20, 2), put(central, 20, 2);
        put(central, 0, 2), put(central, 0, 2), put(central, 0, 4), put(central, crc, 4);
        put(central, size, 4), put(central, size, 4), put(central, nameSize, 2);
        put(central, 0, 2), put(central, 0, 2), put(central, 0, 2), put(central, 0, 2);
        put(central, 0, 4), put(central, offset, 4);
        central += name;
    }
    auto centralOffset = static_cast<std::uint32_t>(out.size());
    out += central;
    put(out, 0x06054b50, 4), put(out, 0, 2), put(out, 0, 2);
    put(out, static_cast<std::uint32_t>(entries.size()), 2);
    put(out, static_cast<std::uint32_t>(entries.size()), 2);
    put(out, static_cast<std::uint32_t>(central.size()), 4), put(out, centralOffset, 4);
    put(out, 0, 2);
    return out;
}

const std::string kSheetNs = "xmlns=\"http://schemas.openxmlformats.org/spreadsheetml/2006/main\"";
const std::string kRel = "http://schemas.openxmlformats.org/officeDocument/2006/relationships";
const std::string kWorkbook = "<workbook " + kSheetNs + " xmlns:r=\"" + kRel +
                              "\"><sheets><sheet name=\"S\" sheetId=\"1\" r:id=\"rId1\"/>"
                              "</sheets></workbook>";
const std::string kWorkbookRels =
    "<Relationships xmlns=\"http://schemas.openxmlformats.org/package/2006/relationships\">"
    "<Relationship Id=\"rId1\" Type=\"" +
    kRel +
    "/worksheet\" Target=\"worksheets/s.xml\"/>"
    "<Relationship Id=\"rId2\" Type=\"" +
    kRel +
    "/sharedStrings\" Target=\"sharedStrings.xml\"/>"
    "<Relationship Id=\"rId3\" Type=\"" +
    kRel +
    "/styles\" Target=\"styles.xml\"/>"
    "</Relationships>";
const std::string kShared = "<sst " + kSheetNs + "><si><t>a</t></si><si><r><t>b</t></r></si></sst>";
const std::string kStyles = "<styleSheet " + kSheetNs +
                            "><numFmts><numFmt numFmtId=\"164\" formatCode=\"yyyy-mm-dd\"/>"
                            "</numFmts><cellXfs><xf numFmtId=\"0\"/><xf numFmtId=\"14\"/>"
                            "<xf numFmtId=\"164\"/></cellXfs></styleSheet>";

}  // namespace

extern "C" int LLVMFuzzerTestOneInput(const std::uint8_t* data, std::size_t size) {
    std::string_view xml(reinterpret_cast<const char*>(data), size);
    const std::string_view part = MARGIN_FUZZ_PART;
    if (part == "docx") {
        (void)margin::corpus::readDocx(storedZip({{"word/document.xml", xml}}), "fuzz.docx", {});
    } else if (part == "odt") {
        (void)margin::corpus::readOdt(
            storedZip(
                {{"mimetype", "application/vnd.oasis.opendocument.text"}, {"content.xml", xml}}),
            "fuzz.odt", {});
    } else {
        (void)margin::corpus::readXlsx(storedZip({{"xl/workbook.xml", kWorkbook},
                                                  {"xl/_rels/workbook.xml.rels", kWorkbookRels},
                                                  {"xl/sharedStrings.xml", kShared},
                                                  {"xl/styles.xml", kStyles},
                                                  {"xl/worksheets/s.xml", xml}}),
                                       "fuzz.xlsx", "");
    }
    return 0;
}
