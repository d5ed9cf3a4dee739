// The passage index's schema: every prefix, value slot and metadata key in
// one place (Omega's VALUE_* and Recoll's value_slot tradition).
//
// One Xapian document per passage (see indexer/passages.h). Its terms:
//   unprefixed   the passage's tokens (indexer/tokenizer.h terms()), with
//                positions; Han characters one term each
//   (no stems: --stem expands a word to the indexed words sharing its stem
//   at query time, which keeps the writer's work to one term per word)
//   XD<doc id>      the document (re-indexing a document deletes by it)
//   XP<name>        the participant (folded with Tokenizer::fold); "XP"
//                   alone for a passage without one (interviewer turns)
//   XK<kind>        "interviewer" or "participant"
// Participant attributes are not in the index: a filter such as
// role:enterprise becomes, at query time, the XP terms of the participants
// with that value plus the participant-less passages of their documents
// (so editing attributes never requires re-indexing).
//   XC<code id>     each code applied to the passage (the coding issue)
// The document data holds the passage's fields, separated by U+001F:
// document id, start, end (CharPos), turn id, timestamp (ms; empty when
// none), speaker kind, speaker label, participant. One value slot holds a
// sort key for document order. Metadata: the schema version and the stamp
// "<project id>:<generation>" of the store state the index reflects.
#pragma once

#include <cstddef>

namespace margin::indexer::schema {

inline constexpr const char* kDocumentPrefix = "XD";
inline constexpr const char* kParticipantPrefix = "XP";
inline constexpr const char* kSpeakerKindPrefix = "XK";
inline constexpr const char* kCodePrefix = "XC";

enum ValueSlot : unsigned {  // Xapian::valueno
    kOrderSlot = 0,          // document name, NUL, 12-digit start: document order
};

// Fields in a passage's document data.
inline constexpr std::size_t kDataFields = 8;

inline constexpr const char* kSchemaKey = "margin:schema";
inline constexpr const char* kSchemaVersion = "4";  // 4: attributes at query time
inline constexpr const char* kStampKey = "margin:stamp";

// Xapian refuses terms longer than this (in bytes); longer tokens are skipped.
inline constexpr std::size_t kMaxTermBytes = 240;

}  // namespace margin::indexer::schema
