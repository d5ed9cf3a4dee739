// The passage index's schema: every prefix, value slot and metadata key in
// one place (Omega's VALUE_* and Recoll's value_slot tradition).
//
// One Xapian document per passage (see indexer/passages.h). Its terms:
//   unprefixed   the passage's tokens (indexer/tokenizer.h terms()), with
//                positions; Han characters one term each
//   XD<doc id>   the document (re-indexing a document deletes by it)
//   XI           an interviewer's turn; otherwise
//   XP<name>     the participant who speaks (folded with Tokenizer::fold),
//                "XP" alone when the speaker is no known participant
//   XC<code id>  each code with a coding that overlaps the passage (the
//                codebook's code id: renaming or moving a code changes
//                nothing here; `code:X` expands to X's sub-codes at query time)
// Nothing else: every term costs Xapian's writer time. No stems (--stem
// expands a word at query time to the indexed words sharing its stem), no
// participant attributes (role:enterprise becomes, at query time, the XP
// terms of the participants with that value plus the interviewer turns of
// their documents, so editing attributes never needs re-indexing), no value
// slots (document order is computed from the data when asked for).
// The document data is the passage's document id, start and end (CharPos),
// and its byte offset and length in the document's UTF-8 text, as LEB128
// varints; a hit's text, speaker and turn come from the store.
// The index folder holds shards "shard-0", "shard-1"... (Xapian databases
// searched together; builds write one per core and keep them, big imports
// add theirs, more than 8 are merged). Metadata: the schema version, in
// shard 0; the stamp "<project id>:<generation>" of the store state the
// index reflects, which is the newest stamp of any shard: an update writes
// it with its last commit only (usually its only one: the shard holding the
// changed documents), so an interrupted update leaves the index stale.
#pragma once

#include <cstddef>

namespace margin::indexer::schema {

inline constexpr const char* kDocumentPrefix = "XD";
inline constexpr const char* kParticipantPrefix = "XP";
inline constexpr const char* kInterviewerTerm = "XI";
inline constexpr const char* kCodePrefix = "XC";

inline constexpr const char* kSchemaKey = "margin:schema";
inline constexpr const char* kSchemaVersion = "8";  // 8: kept shards; 7: code terms
inline constexpr const char* kStampKey = "margin:stamp";

// Xapian refuses terms longer than this (in bytes); longer tokens are skipped.
inline constexpr std::size_t kMaxTermBytes = 240;

}  // namespace margin::indexer::schema
