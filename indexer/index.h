// Index: the on-disk Xapian passage index beside a project, and search.
//
// The index lives in the folder "<project>-index" next to the project file
// (study.margin -> study.margin-index/). It is derived data: everything in it
// comes from the store, and it can always be rebuilt from the store alone.
// It records the store state it reflects as a stamp (project id and the
// store's generation, corpus::Store::generation()); when the stamp differs,
// or the folder is missing or unreadable, the index is stale and open()
// rebuilds it (saying so through the notice callback) before answering.
// A search result is never computed from a stale index.
//
// update() keeps a fresh index fresh after a change the caller just made,
// cheaply (only the changed documents), when nothing else changed the store
// in between; otherwise it leaves the index stale for the next open().
//
// Errors: InvalidInput for a query that does not compile (unknown field,
// document, participant, attribute value or code, or no searchable word),
// with the query column; Busy when another process holds the index's write
// lock for longer than corpus::Store::busyTimeoutMs() (a rebuild, and so an
// open() that must rebuild; update() then leaves the index stale instead);
// DiskFull when the disk is full (the old index is left as it was);
// IoError / Corrupt from the disk. Xapian's exceptions stop here.
//
// Thread-safety: one Index per thread.
#pragma once

#include <cstdint>
#include <filesystem>
#include <functional>
#include <memory>
#include <optional>
#include <set>
#include <string>
#include <vector>

#include "corpus/status.h"
#include "corpus/store.h"
#include "indexer/query.h"

namespace margin::indexer {

struct SearchOptions {
    enum class Order { Relevance, Document };
    int limit = 20;
    int offset = 0;
    Order order = Order::Relevance;
    bool stem = false;  // match English words by their stem ("teaching" finds "teachers")
    // Resolves the code of a `code:` filter to the ids of the code and its
    // sub-codes (the codebook does this; the index only stores ids). Without
    // it, `code:` filters are refused.
    using CodeResolver = std::function<Result<std::vector<std::int64_t>>(const std::string&)>;
    CodeResolver codes;
};

struct Hit {
    corpus::DocumentId document = 0;
    std::string documentName;
    std::optional<std::int64_t> turn;
    corpus::CharPos start = 0;  // the passage, in document code points
    corpus::CharPos end = 0;
    std::string speaker;
    std::optional<corpus::SpeakerKind> kind;
    std::optional<std::string> participant;
    std::optional<std::int64_t> timestampMs;
    double weight = 0;
    // The snippet: a window of the passage text around the first match, with
    // the matched words' spans in document code points.
    std::string snippet;
    corpus::CharPos snippetStart = 0;
    bool snippetTruncatedLeft = false;
    bool snippetTruncatedRight = false;
    std::vector<std::pair<corpus::CharPos, corpus::CharPos>> highlights;
    // Every span the query matched in the passage (the snippet shows some).
    std::vector<std::pair<corpus::CharPos, corpus::CharPos>> matches;
};

struct SearchResults {
    std::int64_t total = 0;  // exact number of matching passages
    std::vector<Hit> hits;   // the requested page
};

struct Suggestions {
    std::int64_t codedPassages = 0;  // passages with the codes: the relevant set
    std::vector<std::string> terms;  // the expansion terms, strongest first
    SearchResults results;           // passages without the codes, most similar first
};

// Indexes documents while the caller imports them, for a big import batch:
// worker threads build index shards from the documents handed to add() as
// the caller's import goes on (the store's work and the index's overlap),
// and finish() merges them into the index. If the index was not fresh when
// the batch began, or the store changed in other ways, finish() leaves the
// index stale (the next Index::open rebuilds it). Abandoned if destroyed
// before finish(). One thread at a time; `store` must outlive it.
class IndexBuilder {
public:
    // Whether a batch of about this much text is worth building this way
    // (4 MiB; MARGIN_INDEX_PARALLEL_CHARS overrides it, for tests).
    static bool worthwhile(std::int64_t expectedChars);
    // `expectedChars`: roughly how much text will come (chooses the shards).
    IndexBuilder(corpus::Store& store, std::int64_t expectedChars);
    ~IndexBuilder();
    IndexBuilder(const IndexBuilder&) = delete;
    IndexBuilder& operator=(const IndexBuilder&) = delete;

    // A document the caller has just committed to the store.
    void add(corpus::DocumentId id);
    // The store moved from `generationBefore` by the caller's `changes`
    // commits, each adding one document given to add().
    Status finish(std::int64_t generationBefore, std::int64_t changes);

private:
    struct Impl;
    std::unique_ptr<Impl> d;
};

class Index {
public:
    using Notice = std::function<void(const std::string&)>;

    static std::filesystem::path pathFor(const std::filesystem::path& project);

    // Opens the index of `store`'s project, rebuilding it first when it is
    // missing, stale or damaged (then `notice` says why). `store` must
    // outlive the Index.
    static Result<std::unique_ptr<Index>> open(corpus::Store& store, const Notice& notice = {});
    // Builds the index from the store alone, replacing any existing one.
    // Returns the number of passages.
    static Result<std::int64_t> rebuild(corpus::Store& store);
    // After the caller's own `changes` mutations of the store, which moved
    // its generation from `generationBefore` to `generationBefore + changes`
    // and touched `documents` (added, changed or removed): brings the index
    // up to date if it was fresh before; else (or if anyone else changed the
    // store meanwhile) leaves it stale for the next open(). For many new
    // documents, IndexBuilder is quicker.
    static Status update(corpus::Store& store, std::int64_t generationBefore, std::int64_t changes,
                         const std::vector<corpus::DocumentId>& documents);

    enum class State { Fresh, Stale, Missing, Damaged };
    static State state(corpus::Store& store);

    ~Index();
    Index(const Index&) = delete;
    Index& operator=(const Index&) = delete;

    Result<SearchResults> search(const QueryNode& query, const SearchOptions& options);
    // Passages not coded with any of `codes` that most resemble those that
    // are: Xapian's relevance feedback, with the coded passages as the
    // relevant set and the top expansion terms from them (not `stopwords`)
    // as the query. Empty when nothing is coded yet.
    Result<Suggestions> suggest(const std::vector<std::int64_t>& codes,
                                const std::set<std::string>& stopwords, int limit);
    std::int64_t passageCount() const;

private:
    struct Impl;
    explicit Index(std::unique_ptr<Impl> impl);
    std::unique_ptr<Impl> d;
};

}  // namespace margin::indexer
