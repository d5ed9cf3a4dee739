// The passage index's schema: every prefix, value slot and metadata key in
// one place (Omega's VALUE_* and Recoll's value_slot tradition).
//
// One Xapian document per passage (see indexer/passages.h). Its terms:
//   unprefixed   the passage's tokens (indexer/tokenizer.h terms()), with
//                positions; Han characters one term each
//   (no stems: --stem expands a word to the indexed words sharing its stem
//   at query time, which keeps the writer's work to one term per word)
//   Q<doc>:<start>  the unique id term (replace_document by it)
//   XD<doc id>      the document
//   XP<name>        the participant (folded with Tokenizer::fold)
//   XK<kind>        "interviewer" or "participant"
//   XA<attr>=<value>  each attribute value of the passage's participant
//                   (or, for interviewer turns, of the document's
//                   participants), both sides folded
//   XC<code id>     each code applied to the passage (the coding issue)
// Values: document id, start and end (CharPos), turn id, timestamp, and a
// sort key for document order. Metadata: the schema version and the stamp
// "<project id>:<generation>" of the store state the index reflects.
#pragma once

#include <cstddef>

namespace margin::indexer::schema {

inline constexpr const char* kIdPrefix = "Q";
inline constexpr const char* kDocumentPrefix = "XD";
inline constexpr const char* kParticipantPrefix = "XP";
inline constexpr const char* kSpeakerKindPrefix = "XK";
inline constexpr const char* kAttributePrefix = "XA";
inline constexpr const char* kCodePrefix = "XC";

enum ValueSlot : unsigned {  // Xapian::valueno
    kDocumentSlot = 0,       // sortable_serialise(document id)
    kStartSlot = 1,          // sortable_serialise(start)
    kEndSlot = 2,            // sortable_serialise(end)
    kTurnSlot = 3,           // sortable_serialise(turn id); absent without a turn
    kTimestampSlot = 4,      // sortable_serialise(milliseconds); absent without one
    kOrderSlot = 5,          // document name, NUL, 12-digit start: document order
};

inline constexpr const char* kSchemaKey = "margin:schema";
inline constexpr const char* kSchemaVersion = "2";  // 2: no Z stem terms
inline constexpr const char* kStampKey = "margin:stamp";

// Xapian refuses terms longer than this (in bytes); longer tokens are skipped.
inline constexpr std::size_t kMaxTermBytes = 240;

}  // namespace margin::indexer::schema
