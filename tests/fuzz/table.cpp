// Fuzzes import-table's reader and planner on CSV: any bytes give a plan or
// a clean error, in both modes; every planned turn lies inside its
// document's normalised text.
#include <cstddef>
#include <cstdint>
#include <cstdlib>
#include <string_view>

#include "corpus/offsets.h"
#include "corpus/table_import.h"
#include "corpus/text.h"

namespace {
void check(const margin::corpus::TableImportPlan& plan) {
    for (const auto& doc : plan.documents) {
        if (!margin::corpus::isNormalizedText(doc.text))
            std::abort();
        const auto length = margin::corpus::codePointCount(doc.text);
        for (const auto& t : doc.turns)
            if (t.start < 0 || t.end <= t.start || t.end > length)
                std::abort();
    }
}
}  // namespace

extern "C" int LLVMFuzzerTestOneInput(const std::uint8_t* data, std::size_t size) {
    std::string_view bytes(reinterpret_cast<const char*>(data), size);
    margin::corpus::TableImportOptions survey;
    survey.text = {"answer"};
    survey.attributes = {"role"};
    auto table = margin::corpus::readTable(bytes, "fuzz.csv", survey);
    if (!table.isOk())
        return 0;
    if (auto plan = margin::corpus::planTableImport(*table, survey); plan.isOk())
        check(*plan);
    margin::corpus::TableImportOptions dialogue;
    dialogue.text = {"text"};
    dialogue.speaker = "speaker";
    dialogue.document = "interview";
    if (auto plan = margin::corpus::planTableImport(*table, dialogue); plan.isOk())
        check(*plan);
    return 0;
}
