#include "codebook/merge.h"

#include <algorithm>
#include <cctype>
#include <filesystem>
#include <map>
#include <optional>
#include <set>
#include <tuple>

#include "corpus/sqlite.h"
#include "corpus/text.h"

namespace margin::codebook {

namespace {

// A code path as the codebook compares it: each name folded.
std::string pathKey(const std::string& path) {
    auto names = splitCodePath(path);
    if (!names.isOk())
        return path;
    std::string key;
    for (const auto& n : *names)
        key += corpus::foldKey(n) + "/";
    return key;
}

std::string plural(std::int64_t n, const std::string& word) {
    return std::to_string(n) + " " + word + (n == 1 ? "" : "s");
}

std::string colorKey(const std::string& color) {
    std::string out = color;
    for (char& ch : out)
        ch = static_cast<char>(std::toupper(static_cast<unsigned char>(ch)));
    return out;
}

bool samePath(const std::filesystem::path& a, const std::filesystem::path& b) {
    std::error_code ec;
    return std::filesystem::equivalent(a, b, ec);
}

}  // namespace

Result<std::unique_ptr<corpus::Store>> openForMerge(const std::filesystem::path& path) {
    std::error_code ec;
    if (std::filesystem::is_regular_file(path, ec)) {
        // Peek at the schema version read-only, before Store::open would
        // migrate the file.
        sqlite3* db = nullptr;
        std::int64_t version = -1;
        if (sqlite3_open_v2(path.string().c_str(), &db, SQLITE_OPEN_READONLY, nullptr) ==
            SQLITE_OK) {
            corpus::sql::Statement id(db, "PRAGMA application_id");
            corpus::sql::Statement q(db, "PRAGMA user_version");
            if (id.step() && id.integer(0) == 0x4D52474E /* 'MRGN' */ && q.step())
                version = q.integer(0);
        }
        sqlite3_close(db);
        if (version >= 0 && version < corpus::Store::latestSchemaVersion())
            return Status::invalidInput(
                path.string() + ": written by an older version of Margin (schema " +
                std::to_string(version) + "); open it once with this version (margin -p " +
                path.string() + " check) to upgrade it, then merge");
    }
    return corpus::Store::open(path);
}

Result<MergeReport> planMerge(const corpus::Store& target, const Codebook& targetCodebook,
                              corpus::Store& other, const std::string& otherName) {
    if (samePath(target.path(), other.path()))
        return Status::invalidInput("cannot merge a project into itself");
    MergeReport report;
    MergePlan& plan = report.plan;
    plan.description = "merge " + otherName;
    report.sameProject = target.projectId() == other.projectId();
    Codebook otherCodebook(other);

    auto otherCodings = otherCodebook.codings();
    if (!otherCodings.isOk())
        return otherCodings.status();
    std::map<corpus::DocumentId, std::int64_t> codingsPerDocument;
    for (const Coding& c : *otherCodings)
        ++codingsPerDocument[c.document];

    // Documents --------------------------------------------------------------
    auto targetDocs = target.documents();
    if (!targetDocs.isOk())
        return targetDocs.status();
    auto otherDocs = other.documents();
    if (!otherDocs.isOk())
        return otherDocs.status();
    std::multimap<std::string, const corpus::DocumentInfo*> bySha;
    std::map<std::string, const corpus::DocumentInfo*> byName;
    for (const auto& d : *targetDocs) {
        bySha.emplace(d.sha256, &d);
        byName[d.name] = &d;
    }
    std::map<corpus::DocumentId, corpus::DocumentId> documentMap;  // other -> target
    std::map<corpus::DocumentId, std::string> targetNames;
    for (const auto& d : *targetDocs)
        targetNames[d.id] = d.name;
    for (const auto& d : *otherDocs) {
        std::int64_t codings = codingsPerDocument[d.id];
        auto notMerged = "; its " + plural(codings, "coding") + " were not merged";
        if (codings == 1)
            notMerged = "; its 1 coding was not merged";
        auto [first, last] = bySha.equal_range(d.sha256);
        std::optional<corpus::DocumentId> match;
        if (first != last) {
            auto text = other.documentText(d.id);
            if (!text.isOk())
                return text.status();
            for (auto it = first; it != last; ++it) {
                auto mine = target.documentText(it->second->id);
                if (!mine.isOk())
                    return mine.status();
                // The same bytes and text; a document of the same name wins.
                if (*mine == *text && (!match || it->second->name == d.name))
                    match = it->second->id;
            }
            if (!match) {
                report.codingsRefused += static_cast<int>(codings);
                report.conflicts.push_back(
                    {"document", d.name,
                     "document '" + d.name + "': text differs (same file, imported differently)" +
                         notMerged});
                continue;
            }
        } else if (byName.count(d.name)) {
            report.codingsRefused += static_cast<int>(codings);
            report.conflicts.push_back({"document", d.name,
                                        "document '" + d.name +
                                            "': text differs (imported from a different file)" +
                                            notMerged});
            continue;
        }
        if (!match) {
            report.codingsRefused += static_cast<int>(codings);
            report.missingDocuments.push_back("document '" + d.name +
                                              "' is not in this project (import the file first)" +
                                              (codings ? notMerged : ""));
            continue;
        }
        documentMap[d.id] = *match;
        ++report.documentsMatched;
    }

    // Codes ------------------------------------------------------------------
    auto targetCodes = targetCodebook.codes();
    if (!targetCodes.isOk())
        return targetCodes.status();
    auto otherCodes = otherCodebook.codes();
    if (!otherCodes.isOk())
        return otherCodes.status();
    std::map<std::string, const Code*> codeByKey;
    for (const Code& c : *targetCodes)
        codeByKey[pathKey(c.path)] = &c;
    std::map<CodeId, std::string> otherPaths;  // other's code id -> target's key
    for (const Code& c : *otherCodes) {
        std::string key = pathKey(c.path);
        otherPaths[c.id] = key;
        auto mine = codeByKey.find(key);
        if (mine == codeByKey.end()) {
            CodeFields f;
            f.color = c.color;
            f.definition = c.definition;
            f.whenToUse = c.whenToUse;
            f.whenNotToUse = c.whenNotToUse;
            f.example = c.example;
            f.memo = c.memo;
            plan.codes.push_back({c.path, f});
            ++report.codesAdded;
            continue;
        }
        const Code& t = *mine->second;
        const std::tuple<const char*, const std::string*, const std::string*> fields[] = {
            {"colour", &t.color, &c.color},
            {"definition", &t.definition, &c.definition},
            {"when to use", &t.whenToUse, &c.whenToUse},
            {"when not to use", &t.whenNotToUse, &c.whenNotToUse},
            {"example", &t.example, &c.example},
            {"memo", &t.memo, &c.memo}};
        for (const auto& [name, kept, theirs] : fields) {
            bool differs = std::string(name) == "colour" ? colorKey(*kept) != colorKey(*theirs)
                                                         : *kept != *theirs;
            if (differs)
                report.conflicts.push_back({"code", t.path,
                                            "code '" + t.path + "': " + name +
                                                " differs; kept this project's \"" + *kept +
                                                "\", not \"" + *theirs + "\""});
        }
    }

    // Coders -----------------------------------------------------------------
    auto targetCoders = targetCodebook.coders();
    if (!targetCoders.isOk())
        return targetCoders.status();
    auto otherCoders = otherCodebook.coders();
    if (!otherCoders.isOk())
        return otherCoders.status();
    std::set<std::string> knownCoders(targetCoders->begin(), targetCoders->end());
    for (const std::string& name : *otherCoders)
        if (!knownCoders.count(name)) {
            plan.coders.push_back(name);
            ++report.codersAdded;
        }

    // Codings ----------------------------------------------------------------
    auto existing = targetCodebook.codings();
    if (!existing.isOk())
        return existing.status();
    std::map<CodeId, std::string> targetKeys;
    for (const Code& c : *targetCodes)
        targetKeys[c.id] = pathKey(c.path);
    using Key =
        std::tuple<std::string, corpus::DocumentId, corpus::CharPos, corpus::CharPos, std::string>;
    std::set<Key> present;
    for (const Coding& c : *existing)
        present.insert({targetKeys[c.code], c.document, c.start, c.end, c.coder});
    std::map<CodeId, std::string> otherPathById;
    for (const Code& c : *otherCodes)
        otherPathById[c.id] = c.path;
    for (const Coding& c : *otherCodings) {
        auto doc = documentMap.find(c.document);
        if (doc == documentMap.end())
            continue;  // counted as refused above
        if (!present.insert({otherPaths[c.code], doc->second, c.start, c.end, c.coder}).second) {
            ++report.codingsSkipped;
            continue;
        }
        plan.codings.push_back(
            {otherPathById[c.code], doc->second, c.start, c.end, c.coder, c.memo});
        ++report.codingsAdded;
    }

    // Participants and attributes --------------------------------------------
    auto targetAttributes = target.attributes();
    if (!targetAttributes.isOk())
        return targetAttributes.status();
    auto otherAttributes = other.attributes();
    if (!otherAttributes.isOk())
        return otherAttributes.status();
    std::map<std::string, corpus::AttributeType> attributeTypes;
    for (const auto& a : *targetAttributes)
        attributeTypes[a.name] = a.type;
    std::set<std::string> unusable;  // attributes whose type differs
    for (const auto& a : *otherAttributes) {
        auto mine = attributeTypes.find(a.name);
        if (mine == attributeTypes.end()) {
            plan.attributes.push_back({a.name, a.type});
            ++report.attributesAdded;
        } else if (mine->second != a.type) {
            unusable.insert(a.name);
            report.conflicts.push_back(
                {"attribute", a.name,
                 "attribute '" + a.name + "': type differs; kept this project's " +
                     corpus::attributeTypeName(mine->second) + ", not " +
                     corpus::attributeTypeName(a.type) + " (its values were not merged)"});
        }
    }
    auto targetParticipants = target.participants();
    if (!targetParticipants.isOk())
        return targetParticipants.status();
    auto otherParticipants = other.participants();
    if (!otherParticipants.isOk())
        return otherParticipants.status();
    std::map<std::string, const corpus::Participant*> participantByName;
    for (const auto& p : *targetParticipants)
        participantByName[p.name] = &p;
    std::map<std::string, corpus::DocumentId> otherDocIds;
    for (const auto& d : *otherDocs)
        otherDocIds[d.name] = d.id;
    for (const auto& p : *otherParticipants) {
        auto mine = participantByName.find(p.name);
        const corpus::Participant* known = mine == participantByName.end() ? nullptr : mine->second;
        if (!known) {
            plan.participants.push_back(p.name);
            ++report.participantsAdded;
        }
        for (const auto& [attribute, value] : p.values) {
            if (unusable.count(attribute))
                continue;
            if (known) {
                auto kept = known->values.find(attribute);
                if (kept != known->values.end()) {
                    if (kept->second != value)
                        report.conflicts.push_back({"value", p.name,
                                                    "participant '" + p.name + "': " + attribute +
                                                        " differs; kept \"" + kept->second +
                                                        "\", not \"" + value + "\""});
                    continue;
                }
            }
            plan.values.push_back({p.name, attribute, value});
            ++report.valuesAdded;
        }
        for (const std::string& docName : p.documents) {
            auto otherId = otherDocIds.find(docName);
            if (otherId == otherDocIds.end())
                continue;
            auto doc = documentMap.find(otherId->second);
            if (doc == documentMap.end())
                continue;
            const std::string& name = targetNames[doc->second];
            if (known && std::find(known->documents.begin(), known->documents.end(), name) !=
                             known->documents.end())
                continue;
            plan.links.push_back({doc->second, p.name});
            ++report.linksAdded;
        }
    }
    return report;
}

Result<MergeReport> mergeProject(const corpus::Store& target, Codebook& targetCodebook,
                                 corpus::Store& other, const std::string& otherName, bool dryRun) {
    auto report = planMerge(target, targetCodebook, other, otherName);
    if (!report.isOk() || dryRun)
        return report;
    auto change = targetCodebook.merge(report->plan);
    if (!change.isOk())
        return change.status();
    report->codingsAdded = static_cast<int>(change->created.size());
    report->codingsSkipped += change->skipped;
    report->change = std::move(change).value();
    return report;
}

}  // namespace margin::codebook
