// Merging: bringing the codings of another copy of a project into this one,
// so that each coder can work on a copy and the team combine them.
//
// planMerge() reads both projects (it never writes to `other`) and decides,
// by the rules below, what to bring in; Codebook::merge() applies the plan
// as one operation of the target's history (one 'margin undo' reverts it).
//
// The rules (also in docs/ARCHITECTURE.md, "Merging"):
//   documents   matched by content: the SHA-256 of the original file's bytes
//               and the same normalised text. A document whose SHA-256 or
//               name matches one of the target's but whose content differs
//               is a conflict: its codings are not merged. Documents only in
//               `other` are not imported (import the file first).
//   codes       matched by path, case-insensitively; missing codes are
//               created (with their parents) with `other`'s fields. A code
//               whose descriptive fields (colour, definition, when to use,
//               when not to use, example, memo) differ is a conflict: the
//               target's fields are kept and `other`'s are reported.
//   coders      matched by name (exactly); missing coders are created.
//   codings     added with their coder and memo; one identical to an
//               existing coding (same code, document, span and coder) is
//               skipped, so merging the same file twice adds nothing.
//   participants and attributes
//               matched by name; missing ones are created, missing values
//               and document links added. A differing value (or attribute
//               type) is a conflict: the target's is kept.
// Projects with a different project id may be merged too: documents are
// matched by content, not by id (MergeReport::sameProject says which).
//
// Thread-safety: as the Stores given.
#pragma once

#include <filesystem>
#include <memory>
#include <string>
#include <vector>

#include "codebook/codebook.h"
#include "corpus/status.h"
#include "corpus/store.h"

namespace margin::codebook {

// What to bring in; all names as in `other`, documents as the target's ids.
struct MergePlan {
    std::string description;  // the operation's name in the history
    struct NewCode {
        std::string path;
        CodeFields fields;
    };
    std::vector<NewCode> codes;  // parents before children
    std::vector<std::string> coders;
    struct NewAttribute {
        std::string name;
        corpus::AttributeType type = corpus::AttributeType::Text;
    };
    std::vector<NewAttribute> attributes;
    std::vector<std::string> participants;
    struct Value {
        std::string participant, attribute, value;  // a number attribute's value as text
    };
    std::vector<Value> values;
    struct Link {
        corpus::DocumentId document = 0;
        std::string participant;
    };
    std::vector<Link> links;
    struct PlannedCoding {
        std::string code;  // path
        corpus::DocumentId document = 0;
        corpus::CharPos start = 0, end = 0;
        std::string coder, memo;
    };
    std::vector<PlannedCoding> codings;
};

struct MergeConflict {
    std::string kind;     // "document", "code", "attribute", "value"
    std::string subject;  // the document name, code path, attribute or participant
    std::string message;  // "document 'T03': text differs; its 12 codings were not merged"
};

struct MergeReport {
    MergePlan plan;
    bool sameProject = true;  // both have the same project id
    int documentsMatched = 0;
    int codingsAdded = 0;    // planned (for a dry run) or made
    int codingsSkipped = 0;  // already in the target
    int codingsRefused = 0;  // on documents that conflict or are missing
    int codesAdded = 0;
    int codersAdded = 0;
    int attributesAdded = 0;
    int participantsAdded = 0;
    int valuesAdded = 0;
    int linksAdded = 0;
    std::vector<MergeConflict> conflicts;
    // Documents only in the other project, with a note of their codings.
    std::vector<std::string> missingDocuments;
    Change change;  // empty for a dry run
};

// Opens the project to merge from. Unlike corpus::Store::open it never
// upgrades the file: a project of an older schema is refused (InvalidInput,
// saying to open it with this version of Margin first); other errors as
// Store::open's.
Result<std::unique_ptr<corpus::Store>> openForMerge(const std::filesystem::path& path);

// Compares the projects and plans the merge by the rules above. Reads both,
// changes neither. InvalidInput when `other` is the target itself.
// `other` is only read (non-const only because a Codebook wraps it).
Result<MergeReport> planMerge(const corpus::Store& target, const Codebook& targetCodebook,
                              corpus::Store& other, const std::string& otherName);

// planMerge, then (unless `dryRun`) Codebook::merge; the report's counts are
// those of the plan, with codingsAdded and codingsSkipped as applied.
Result<MergeReport> mergeProject(const corpus::Store& target, Codebook& targetCodebook,
                                 corpus::Store& other, const std::string& otherName, bool dryRun);

}  // namespace margin::codebook
