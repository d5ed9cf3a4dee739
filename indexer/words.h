// Word frequencies: how often each word is used, overall and per group of
// participants, for word clouds and for comparing how groups talk.
//
// Words are the tokenizer's dictionary words (Tokenizer::words(): Chinese
// through ICU's dictionary, "数据", "分析"; English words case-folded). Numbers
// are not counted. Stop words (function words such as "the", "的", "我们") are
// left out with the shipped English and Chinese lists (stopwords()), none,
// or a list the caller gives.
//
// What is counted: the text of speaker turns of the chosen kind (by default
// the participants' answers, not the interviewer's questions); a document
// without turns counts whole. Groups are the values of one participant
// attribute (a turn's participant, or the document's participants when the
// turn has none); turns whose participant lacks a value fall in "(none)".
//
// Thread-safety: reads the store; one call per thread.
#pragma once

#include <cstdint>
#include <optional>
#include <set>
#include <string>
#include <vector>

#include "corpus/status.h"
#include "corpus/store.h"

namespace margin::indexer {

// The shipped stop-word list (English and Chinese), folded.
const std::set<std::string>& stopwords();

struct WordCountOptions {
    std::string by;                   // attribute name; empty: one group "all"
    std::size_t top = 30;             // rows to keep (by total count)
    std::set<std::string> stopwords;  // folded words to leave out
    std::optional<corpus::SpeakerKind> speaker = corpus::SpeakerKind::Participant;  // nullopt: all
};

struct WordCounts {
    std::vector<std::string> groups;       // in order of the attribute's values
    std::vector<std::int64_t> groupWords;  // words counted per group (stop words excluded)
    struct Row {
        std::string word;
        std::int64_t total = 0;
        std::vector<std::int64_t> perGroup;  // parallel to groups
    };
    std::vector<Row> rows;  // most frequent first; ties in word order
};

// InvalidInput for an unknown attribute name (listing the known ones).
Result<WordCounts> countWords(corpus::Store& store, const WordCountOptions& options);

}  // namespace margin::indexer
