#include "indexer/index.h"

#include <fcntl.h>
#include <signal.h>
#include <unistd.h>
#include <xapian.h>

#include <cctype>
#include <cerrno>
#include <cstring>

#include <algorithm>
#include <atomic>
#include <chrono>
#include <condition_variable>
#include <cstdlib>
#include <deque>
#include <map>
#include <mutex>
#include <optional>
#include <set>
#include <thread>

#include "corpus/offsets.h"
#include "indexer/index_schema.h"
#include "indexer/passages.h"
#include "indexer/tokenizer.h"

namespace margin::indexer {
namespace {

namespace fs = std::filesystem;
using corpus::CharPos;
using corpus::Store;

Result<std::string> currentStamp(Store& store) {
    auto generation = store.generation();
    if (!generation.isOk())
        return generation.status();
    return store.projectId() + ":" + std::to_string(*generation);
}

std::string stampAt(Store& store, std::int64_t generation) {
    return store.projectId() + ":" + std::to_string(generation);
}

Status xapianError(const Xapian::Error& e, const fs::path& path) {
    std::string what = path.string() + ": search index: " + e.get_type() + ": " + e.get_msg();
    const char* why = e.get_error_string();
    if ((why && std::strcmp(why, std::strerror(ENOSPC)) == 0) ||
        e.get_msg().find(std::strerror(ENOSPC)) != std::string::npos) {
        // Named as the index it was writing, not the folder of a new build.
        std::string index = path.string();
        if (auto build = index.rfind(".new-"); build != std::string::npos)
            index.resize(build);
        return Status::diskFull(index +
                                ": the disk is full; the search index could not be written (the "
                                "project itself is unchanged; free some space and try again)");
    }
    if (e.get_type() == std::string("DatabaseLockError"))
        return Status::busy(path.string() +
                            ": the search index is busy (another process is updating it); try "
                            "again");
    if (e.get_type() == std::string("DatabaseCorruptError"))
        return Status::corrupt(what);
    return Status::ioError(what);
}

// Opens the database at `path` for writing, waiting while another process
// holds its write lock, up to corpus::Store::busyTimeoutMs(); then throws
// Xapian::DatabaseLockError like Xapian does. Writers take shard 0's lock
// first and hold it while they change the index (or, rebuilding, replace it).
Xapian::WritableDatabase openForWriting(const fs::path& path) {
    const auto deadline =
        std::chrono::steady_clock::now() + std::chrono::milliseconds(Store::busyTimeoutMs());
    while (true) {
        try {
            return Xapian::WritableDatabase(path.string(), Xapian::DB_OPEN);
        } catch (const Xapian::DatabaseLockError&) {
            if (std::chrono::steady_clock::now() >= deadline)
                throw;
            std::this_thread::sleep_for(std::chrono::milliseconds(25));
        }
    }
}

// The index folder holds its shards, "shard-0", "shard-1"...: Xapian
// databases searched together as one. Shard 0 carries the schema version and
// the stamp, written after every other change, so an index whose update was
// cut short reads as stale.
fs::path shardPath(const fs::path& index, std::size_t n) {
    return index / ("shard-" + std::to_string(n));
}

// The shards of the index at `index`, in order; empty if there are none or
// their numbering has a gap.
std::vector<fs::path> shardPaths(const fs::path& index) {
    std::vector<fs::path> out;
    std::error_code ec;
    while (fs::is_directory(shardPath(index, out.size()), ec))
        out.push_back(shardPath(index, out.size()));
    return out;
}

// All shards as one database. Throws Xapian::DatabaseOpeningError when the
// folder holds no index.
Xapian::Database openShards(const fs::path& index) {
    auto paths = shardPaths(index);
    if (paths.empty())
        throw Xapian::DatabaseOpeningError(index.string() + " holds no index shards");
    Xapian::Database db;
    for (const auto& p : paths)
        db.add_database(Xapian::Database(p.string()));
    return db;
}

// Makes every file of the folder, and the folder itself, durable.
Status syncFolder(const fs::path& folder) {
    std::error_code ec;
    for (const auto& entry : fs::directory_iterator(folder, ec)) {
        int fd = ::open(entry.path().c_str(), O_RDONLY | O_CLOEXEC);
        if (fd < 0)
            return Status::ioError(entry.path().string() +
                                   ": cannot open to sync: " + std::strerror(errno));
        int rc = ::fsync(fd);
        ::close(fd);
        if (rc != 0)
            return Status::ioError(entry.path().string() +
                                   ": cannot sync: " + std::strerror(errno));
    }
    if (ec)
        return Status::ioError(folder.string() + ": " + ec.message());
    int fd = ::open(folder.c_str(), O_RDONLY | O_DIRECTORY | O_CLOEXEC);
    if (fd >= 0) {
        ::fsync(fd);
        ::close(fd);
    }
    return Status::ok();
}

// The stamp of an index: the newest of its shards' stamps. An update writes
// the new stamp with its last commit only, so a shard that was committed
// before a crash never claims a state the others lack.
std::string indexStamp(const std::vector<Xapian::Database>& shards) {
    std::string newest;
    long long newestGeneration = -1;
    for (const auto& shard : shards) {
        std::string stamp = shard.get_metadata(schema::kStampKey);
        auto colon = stamp.rfind(':');
        if (colon == std::string::npos)
            continue;
        long long generation = std::atoll(stamp.c_str() + colon + 1);
        if (generation > newestGeneration) {
            newestGeneration = generation;
            newest = stamp;
        }
    }
    return newest;
}

std::vector<Xapian::Database> openEach(const std::vector<fs::path>& paths) {
    std::vector<Xapian::Database> out;
    for (const auto& p : paths)
        out.emplace_back(p.string());
    return out;
}

// More shards than this (big imports add theirs) are merged into fewer.
constexpr std::size_t kMaxShards = 8;

// One thread's tools.
struct Worker {
    Tokenizer tokenizer;
};

// A document as read from the store, ready to index.
struct DocumentData {
    corpus::DocumentInfo info;
    std::string text;
    std::vector<corpus::Turn> turns;
    std::vector<Store::CodedSpan> codings;  // by start
};

Result<DocumentData> readDocument(Store& store, const corpus::DocumentInfo& info) {
    auto text = store.documentText(info.id);
    if (!text.isOk())
        return text.status();
    auto turns = store.turns(info.id);
    if (!turns.isOk())
        return turns.status();
    auto codings = store.codedSpans(info.id);
    if (!codings.isOk())
        return codings.status();
    return DocumentData{info, std::move(text).value(), std::move(turns).value(),
                        std::move(codings).value()};
}

std::string documentTerm(corpus::DocumentId document) {
    return std::string(schema::kDocumentPrefix) + std::to_string(document);
}

// A passage's document data: its document id, start and end as LEB128
// varints (a few bytes: Xapian's writer pays for every byte of data, and
// the rest of a hit comes from the store).
void putVarint(std::string& out, std::uint64_t v) {
    while (v >= 0x80) {
        out += static_cast<char>((v & 0x7F) | 0x80);
        v >>= 7;
    }
    out += static_cast<char>(v);
}

bool getVarint(std::string_view& in, std::uint64_t& v) {
    v = 0;
    for (int shift = 0; shift < 64 && !in.empty(); shift += 7) {
        auto byte = static_cast<unsigned char>(in.front());
        in.remove_prefix(1);
        v |= static_cast<std::uint64_t>(byte & 0x7F) << shift;
        if (!(byte & 0x80))
            return true;
    }
    return false;
}

std::string passageData(const Passage& p, std::size_t byteStart, std::size_t byteLength) {
    std::string data;
    putVarint(data, static_cast<std::uint64_t>(p.document));
    putVarint(data, static_cast<std::uint64_t>(p.start));
    putVarint(data, static_cast<std::uint64_t>(p.end));
    putVarint(data, byteStart);
    putVarint(data, byteLength);
    return data;
}

struct PassageKey {
    corpus::DocumentId document = 0;
    CharPos start = 0;
    CharPos end = 0;
    std::size_t byteStart = 0;  // of the passage in the document's UTF-8 text
    std::size_t byteLength = 0;
};

std::optional<PassageKey> decodePassage(std::string_view data) {
    std::uint64_t d = 0, s = 0, e = 0, b = 0, n = 0;
    if (!getVarint(data, d) || !getVarint(data, s) || !getVarint(data, e) || !getVarint(data, b) ||
        !getVarint(data, n) || !data.empty())
        return std::nullopt;
    return PassageKey{static_cast<corpus::DocumentId>(d), static_cast<CharPos>(s),
                      static_cast<CharPos>(e), static_cast<std::size_t>(b),
                      static_cast<std::size_t>(n)};
}

Xapian::Document passageDocument(const Passage& p, std::string_view passageText,
                                 std::size_t byteStart,
                                 const std::vector<Store::CodedSpan>& codings, Worker& c) {
    Xapian::Document doc;
    doc.set_data(passageData(p, byteStart, passageText.size()));
    for (const Token& t : c.tokenizer.terms(passageText, p.start)) {
        if (t.term.size() > schema::kMaxTermBytes)
            continue;
        doc.add_posting(t.term, t.position + 1);
    }
    doc.add_boolean_term(documentTerm(p.document));
    if (p.kind == corpus::SpeakerKind::Interviewer) {
        doc.add_boolean_term(schema::kInterviewerTerm);
    } else {
        std::string participant = std::string(schema::kParticipantPrefix) +
                                  (p.participant ? Tokenizer::fold(*p.participant) : "");
        doc.add_boolean_term(participant.size() <= schema::kMaxTermBytes
                                 ? participant
                                 : std::string(schema::kParticipantPrefix));
    }
    // The codes of every coding that overlaps the passage.
    for (const Store::CodedSpan& span : codings) {
        if (span.start >= p.end)
            break;
        if (span.end > p.start)
            doc.add_boolean_term(schema::kCodePrefix + std::to_string(span.code));
    }
    return doc;
}

// Document order for `--order document`: the document's name, then the
// passage's start (read from the data, so the index needs no value slot).
class DocumentOrder : public Xapian::KeyMaker {
public:
    explicit DocumentOrder(std::map<corpus::DocumentId, std::string> names)
        : m_names(std::move(names)) {}
    std::string operator()(const Xapian::Document& doc) const override {
        auto key = decodePassage(doc.get_data());
        if (!key)
            return {};
        auto it = m_names.find(key->document);
        char start[16];
        std::snprintf(start, sizeof start, "%012lld", static_cast<long long>(key->start));
        return (it == m_names.end() ? std::string() : it->second) + '\0' + start;
    }

private:
    std::map<corpus::DocumentId, std::string> m_names;
};

// Adds one document's passages (after removing any it had, when `replace`).
std::int64_t indexDocument(Xapian::WritableDatabase& db, const DocumentData& doc, Worker& w,
                           bool replace) {
    if (replace)
        db.delete_document(documentTerm(doc.info.id));
    corpus::OffsetIndex offsets(doc.text);
    auto passages = splitPassages(doc.info.id, doc.text, doc.turns, w.tokenizer);
    for (const Passage& p : passages) {
        std::size_t b = *offsets.utf8Offset(p.start), e = *offsets.utf8Offset(p.end);
        Xapian::Document xdoc =
            passageDocument(p, std::string_view(doc.text).substr(b, e - b), b, doc.codings, w);
        db.add_document(xdoc);
    }
    return static_cast<std::int64_t>(passages.size());
}

// Below this much text (code points) one thread is quicker than shards and
// a merge. MARGIN_INDEX_PARALLEL_CHARS overrides it (tests use a small value
// to exercise the parallel path on small data).
std::int64_t parallelChars() {
    static const std::int64_t value = [] {
        const char* env = std::getenv("MARGIN_INDEX_PARALLEL_CHARS");
        return env ? std::max<std::int64_t>(0, std::atoll(env)) : std::int64_t{4} << 20;
    }();
    return value;
}

// Indexes documents into `shards` new databases "shard-N" inside the folder
// `target`, one worker thread each. Xapian's writer dominates indexing: this
// uses every core, and the shards stay as they are (searched together), so
// no single-threaded merge follows. The caller (one thread) reads documents
// from the store and hands them over with add(); a small queue keeps memory
// bounded.
class ShardBuilder {
public:
    static constexpr std::int64_t kFlushPassages = 2000;

    ShardBuilder(fs::path target, unsigned shards) : m_target(std::move(target)) {
        // ICU's shared data (the case-folding normaliser, the word-break
        // rules) is loaded here, before the workers start, so that they only
        // read it.
        {
            Tokenizer warm;
            (void)Tokenizer::fold("\xC3\x89\xE4\xB8\xAD");  // "É中": not ASCII
        }
        std::error_code ec;
        fs::create_directories(m_target, ec);
        for (unsigned i = 0; i < shards; ++i)
            m_paths.push_back(shardPath(m_target, i));
        for (unsigned i = 0; i < shards; ++i)
            m_threads.emplace_back([this, i] { work(i); });
    }
    ~ShardBuilder() { stop(); }
    ShardBuilder(const ShardBuilder&) = delete;
    ShardBuilder& operator=(const ShardBuilder&) = delete;

    // False once a worker has failed (finish() says why).
    bool add(DocumentData doc) {
        std::unique_lock lock(m_mutex);
        m_changed.wait(lock, [&] { return m_queue.size() < 2 * m_paths.size() || m_done; });
        if (m_done)
            return false;
        m_queue.push_back(std::move(doc));
        lock.unlock();
        m_changed.notify_all();
        return true;
    }

    // Waits for the workers; with a `stamp`, writes it and the schema
    // version into shard 0, as a complete index needs.
    Result<std::int64_t> finish(const std::optional<std::string>& stamp) {
        stop();
        if (!m_failure.empty())
            return m_failureStatus;
        for (const auto& p : m_paths)
            if (Status s = syncFolder(p); !s.isOk())
                return s;
        if (stamp) {
            try {
                Xapian::WritableDatabase db(m_paths.front().string(), Xapian::DB_OPEN);
                db.set_metadata(schema::kSchemaKey, schema::kSchemaVersion);
                db.set_metadata(schema::kStampKey, *stamp);
                db.commit();
            } catch (const Xapian::Error& e) {
                return xapianError(e, m_target);
            }
        }
        return m_passages.load();
    }
    const std::vector<fs::path>& paths() const { return m_paths; }

private:
    void work(unsigned shard) {
        try {
            // Passages are small documents: committing every kFlushPassages
            // of them (Xapian flushes every 10,000 by default) measured
            // fastest and keeps memory low (bench/RESULTS.md). Not through
            // XAPIAN_FLUSH_THRESHOLD: setenv() while other threads (the GUI's)
            // call getenv() crashes them. No sync on these intermediate
            // commits: the shard is new, in a folder nothing reads yet;
            // finish() syncs it once, whole.
            Xapian::WritableDatabase db(m_paths[shard].string(),
                                        Xapian::DB_CREATE_OR_OVERWRITE | Xapian::DB_NO_SYNC);
            Worker w;
            std::int64_t uncommitted = 0;
            while (true) {
                std::unique_lock lock(m_mutex);
                m_changed.wait(lock, [&] { return !m_queue.empty() || m_done; });
                if (m_queue.empty() || !m_failure.empty())
                    break;
                DocumentData doc = std::move(m_queue.front());
                m_queue.pop_front();
                lock.unlock();
                m_changed.notify_all();
                const auto added = indexDocument(db, doc, w, false);
                m_passages += added;
                uncommitted += added;
                if (uncommitted >= kFlushPassages) {
                    db.commit();
                    uncommitted = 0;
                }
            }
            db.commit();
        } catch (const Xapian::Error& e) {
            std::lock_guard lock(m_mutex);
            m_failure = e.get_type() + std::string(": ") + e.get_msg();
            m_failureStatus = xapianError(e, m_target);
            m_done = true;
            m_queue.clear();
            m_changed.notify_all();
        }
    }
    void stop() {
        {
            std::lock_guard lock(m_mutex);
            m_done = true;
        }
        m_changed.notify_all();
        for (auto& t : m_threads)
            if (t.joinable())
                t.join();
    }
    fs::path m_target;
    std::vector<fs::path> m_paths;
    std::vector<std::thread> m_threads;
    std::mutex m_mutex;
    std::condition_variable m_changed;
    std::deque<DocumentData> m_queue;
    bool m_done = false;
    std::string m_failure;
    Status m_failureStatus;
    std::atomic<std::int64_t> m_passages{0};
};

unsigned shardsFor(std::int64_t chars) {
    unsigned cores = std::max(1u, std::thread::hardware_concurrency());
    return chars >= parallelChars() ? std::max(2u, std::min(cores, 4u)) : 1u;
}

// Builds a new index in the folder `target` from `documents`, with the
// schema and `stamp` metadata. Returns the number of passages.
Result<std::int64_t> buildIndex(Store& store, const std::vector<corpus::DocumentInfo>& documents,
                                const fs::path& target, const std::string& stamp) {
    std::int64_t chars = 0;
    for (const auto& d : documents)
        chars += d.length;
    ShardBuilder builder(target, shardsFor(chars));
    for (const auto& info : documents) {
        auto doc = readDocument(store, info);
        if (!doc.isOk())
            return doc.status();
        if (!builder.add(std::move(doc).value()))
            break;
    }
    return builder.finish(stamp);
}

// Removes what builders killed part-way left beside the index: folders
// named "<index>.new-PID", "<index>.new-PID.shard-N" or "<index>.old-PID"
// whose process no longer runs.
void removeLeftovers(const fs::path& path) {
    std::error_code ec;
    const std::string base = path.filename().string();
    for (const auto& entry :
         fs::directory_iterator(path.parent_path().empty() ? "." : path.parent_path(), ec)) {
        std::string name = entry.path().filename().string();
        std::string rest;
        for (const char* marker : {".new-", ".old-"})
            if (name.starts_with(base + marker))
                rest = name.substr(base.size() + 5);
        if (rest.empty())
            continue;
        long pid = std::strtol(rest.c_str(), nullptr, 10);
        if (pid > 0 && pid != getpid() && kill(static_cast<pid_t>(pid), 0) != 0 && errno == ESRCH)
            fs::remove_all(entry.path(), ec);
    }
}

// Puts the database at `fresh` in place of the index at `path`. Another
// writer of the current index (an update after a change, in another
// process) is waited for, up to the busy timeout, then Busy; a current index
// too damaged to open is replaced without asking.
Status install(const fs::path& fresh, const fs::path& path) {
    fs::path old = path.string() + ".old-" + std::to_string(getpid());
    std::error_code ec;
    fs::remove_all(old, ec);
    std::optional<Xapian::WritableDatabase> lock;
    if (fs::is_directory(shardPath(path, 0), ec)) {
        try {
            lock.emplace(openForWriting(shardPath(path, 0)));
        } catch (const Xapian::DatabaseLockError& e) {
            return xapianError(e, path);
        } catch (const Xapian::Error&) {
            // damaged: nothing to wait for
        }
    }
    if (fs::exists(path, ec))
        fs::rename(path, old, ec);
    if (ec)
        return Status::ioError(path.string() +
                               ": cannot replace the search index: " + ec.message());
    fs::rename(fresh, path, ec);
    if (ec)
        return Status::ioError(path.string() +
                               ": cannot install the search index: " + ec.message());
    lock.reset();
    fs::remove_all(old, ec);
    return Status::ok();
}

}  // namespace

namespace {
struct Highlighter;
// How many expansion terms `suggest` uses (and shows).
constexpr Xapian::termcount kSuggestTerms = 12;
}  // namespace

struct Index::Impl {
    Store* store = nullptr;
    fs::path path;
    Xapian::Database db;
    Tokenizer tokenizer;
    Xapian::Stem stemmer{"english"};

    Status fillHits(const Xapian::MSet& mset, const Highlighter& highlighter,
                    SearchResults& results);
};

Index::Index(std::unique_ptr<Impl> impl) : d(std::move(impl)) {}
Index::~Index() = default;

fs::path Index::pathFor(const fs::path& project) {
    return fs::path(project.string() + "-index");
}

Index::State Index::state(Store& store) {
    fs::path path = pathFor(store.path());
    std::error_code ec;
    if (!fs::is_directory(path, ec))
        return State::Missing;
    auto stamp = currentStamp(store);
    try {
        auto shards = openEach(shardPaths(path));
        if (shards.empty())
            return State::Damaged;
        if (shards.front().get_metadata(schema::kSchemaKey) != schema::kSchemaVersion)
            return State::Stale;
        if (!stamp.isOk() || indexStamp(shards) != *stamp)
            return State::Stale;
        return State::Fresh;
    } catch (const Xapian::Error&) {
        return State::Damaged;
    }
}

Result<std::int64_t> Index::rebuild(Store& store) {
    fs::path path = pathFor(store.path());
    removeLeftovers(path);
    fs::path fresh = path.string() + ".new-" + std::to_string(getpid());
    std::error_code ec;
    fs::remove_all(fresh, ec);
    // The generation is read first: a change made while we read makes the
    // stamp older than the store, and the next open rebuilds again.
    auto stamp = currentStamp(store);
    if (!stamp.isOk())
        return stamp.status();
    auto documents = store.documents();
    if (!documents.isOk())
        return documents.status();
    auto passages = buildIndex(store, *documents, fresh, *stamp);
    if (!passages.isOk()) {
        fs::remove_all(fresh, ec);
        return passages.status();
    }
    if (Status s = install(fresh, path); !s.isOk()) {
        fs::remove_all(fresh, ec);
        return s;
    }
    return passages;
}

Status Index::update(Store& store, std::int64_t generationBefore, std::int64_t changes,
                     const std::vector<corpus::DocumentId>& documents) {
    fs::path path = pathFor(store.path());
    std::error_code ec;
    if (!fs::is_directory(path, ec))
        return Status::ok();  // missing: the next open builds it
    auto now = store.generation();
    if (!now.isOk())
        return now.status();
    if (*now != generationBefore + changes)
        return Status::ok();  // someone else changed the store too: stays stale
    // Documents still in the store are indexed again; the others just go.
    std::vector<corpus::DocumentInfo> changed;
    for (corpus::DocumentId id : documents) {
        auto info = store.document(id);
        if (!info.isOk())
            return info.status();
        if (*info)
            changed.push_back(std::move(**info));
    }
    const std::string before = stampAt(store, generationBefore);
    const std::string after = stampAt(store, *now);
    try {
        auto paths = shardPaths(path);
        if (paths.empty())
            return Status::ok();  // damaged: the next open rebuilds it
        // Every writer takes shard 0 first: holding it, no one else changes
        // the index.
        Xapian::WritableDatabase lock = openForWriting(paths.front());
        auto readers = openEach(paths);
        if (indexStamp(readers) != before ||
            readers.front().get_metadata(schema::kSchemaKey) != schema::kSchemaVersion)
            return Status::ok();  // was stale already
        // Only the shards holding the documents are changed and committed (a
        // commit syncs several files); a document stays in its shard, a new
        // one goes to the last.
        std::vector<std::size_t> touched;
        std::size_t target = paths.size() - 1;
        for (std::size_t i = 0; i < paths.size(); ++i)
            for (corpus::DocumentId id : documents)
                if (readers[i].term_exists(documentTerm(id))) {
                    if (touched.empty() || touched.back() != i)
                        touched.push_back(i);
                    target = i;
                }
        if (std::find(touched.begin(), touched.end(), target) == touched.end())
            touched.push_back(target);
        readers.clear();
        std::vector<Xapian::WritableDatabase> shards;
        for (std::size_t i : touched)
            shards.push_back(i == 0 ? lock
                                    : Xapian::WritableDatabase(paths[i].string(), Xapian::DB_OPEN));
        Worker w;
        for (auto& shard : shards)
            for (corpus::DocumentId id : documents)
                shard.delete_document(documentTerm(id));
        auto& destination = shards[static_cast<std::size_t>(
            std::find(touched.begin(), touched.end(), target) - touched.begin())];
        for (const auto& info : changed) {
            auto doc = readDocument(store, info);
            if (!doc.isOk())
                return doc.status();
            indexDocument(destination, *doc, w, false);
        }
        // The new stamp goes with the last commit only: a crash before it
        // leaves the index stale, never wrong.
        for (auto& shard : shards)
            if (&shard != &destination)
                shard.commit();
        destination.set_metadata(schema::kStampKey, after);
        destination.commit();
    } catch (const Xapian::DatabaseLockError&) {
        return Status::ok();  // another writer: the index stays stale, rebuilt later
    } catch (const Xapian::Error& e) {
        return xapianError(e, path);
    }
    return Status::ok();
}

struct IndexBuilder::Impl {
    Store* store = nullptr;
    fs::path path;
    fs::path fresh;
    std::unique_ptr<ShardBuilder> shards;
    std::int64_t added = 0;
    bool failed = false;
};

bool IndexBuilder::worthwhile(std::int64_t expectedChars) {
    return expectedChars >= parallelChars();
}

IndexBuilder::IndexBuilder(Store& store, std::int64_t expectedChars) : d(std::make_unique<Impl>()) {
    d->store = &store;
    d->path = Index::pathFor(store.path());
    d->fresh = d->path.string() + ".new-" + std::to_string(getpid());
    removeLeftovers(d->path);
    std::error_code ec;
    fs::remove_all(d->fresh, ec);
    d->shards = std::make_unique<ShardBuilder>(d->fresh, std::max(2u, shardsFor(expectedChars)));
}

IndexBuilder::~IndexBuilder() {
    d->shards.reset();
    std::error_code ec;
    fs::remove_all(d->fresh, ec);
}

void IndexBuilder::add(corpus::DocumentId id) {
    if (d->failed)
        return;
    auto info = d->store->findDocument(std::to_string(id));
    auto doc = info.isOk() ? readDocument(*d->store, *info) : Result<DocumentData>(info.status());
    if (!doc.isOk() || !d->shards->add(std::move(doc).value()))
        d->failed = true;
    else
        ++d->added;
}

Status IndexBuilder::finish(std::int64_t generationBefore, std::int64_t changes) {
    if (d->failed)
        return Status::ok();  // the index stays stale; the next open rebuilds it
    auto now = d->store->generation();
    if (!now.isOk())
        return now.status();
    if (*now != generationBefore + changes || changes != d->added)
        return Status::ok();  // someone else changed the store too: stays stale
    auto built = d->shards->finish(std::nullopt);
    if (!built.isOk())
        return built.status();
    const std::vector<fs::path> fresh = d->shards->paths();
    try {
        auto current = shardPaths(d->path);
        if (current.empty())
            return Status::ok();  // missing or damaged: the next open rebuilds it
        Xapian::WritableDatabase first = openForWriting(current.front());
        {
            auto readers = openEach(current);
            if (indexStamp(readers) != stampAt(*d->store, generationBefore) ||
                readers.front().get_metadata(schema::kSchemaKey) != schema::kSchemaVersion)
                return Status::ok();  // was stale already
        }
        if (current.size() + fresh.size() > kMaxShards) {
            // Too many shards: merge old and new into a fresh index.
            first.close();
            Xapian::Database all;
            for (const auto& p : current)
                all.add_database(Xapian::Database(p.string()));
            for (const auto& p : fresh)
                all.add_database(Xapian::Database(p.string()));
            fs::path merged = d->fresh.string() + ".merged";
            std::error_code ec;
            fs::remove_all(merged, ec);
            fs::create_directories(merged, ec);
            all.compact(shardPath(merged, 0).string());
            all.close();
            Xapian::WritableDatabase db(shardPath(merged, 0).string(), Xapian::DB_OPEN);
            db.set_metadata(schema::kSchemaKey, schema::kSchemaVersion);
            db.set_metadata(schema::kStampKey, stampAt(*d->store, *now));
            db.commit();
            db.close();
            fs::remove_all(d->fresh, ec);
            fs::rename(merged, d->fresh, ec);
            if (ec)
                return Status::ioError(d->path.string() + ": " + ec.message());
            return install(d->fresh, d->path);
        }
        // The new shards join the index (holding shard 0's lock, so no other
        // writer is at work); then shard 0 takes the new stamp. A crash in
        // between leaves the index stale, to be rebuilt.
        for (std::size_t i = 0; i < fresh.size(); ++i) {
            std::error_code ec;
            fs::rename(fresh[i], shardPath(d->path, current.size() + i), ec);
            if (ec)
                return Status::ioError(d->path.string() + ": cannot add a shard: " + ec.message());
        }
        first.set_metadata(schema::kStampKey, stampAt(*d->store, *now));
        first.commit();
    } catch (const Xapian::DatabaseLockError&) {
        return Status::ok();  // another writer: the index stays stale
    } catch (const Xapian::Error& e) {
        return xapianError(e, d->path);
    }
    return Status::ok();
}

Result<std::unique_ptr<Index>> Index::open(Store& store, const Notice& notice) {
    // What a killed rebuild or import left beside an index that is fresh
    // (so not rebuilt now) would otherwise stay until the next rebuild.
    removeLeftovers(pathFor(store.path()));
    State s = state(store);
    if (s != State::Fresh) {
        auto passages = rebuild(store);
        if (!passages.isOk())
            return passages.status();
        if (notice) {
            const char* why = s == State::Missing   ? "was missing"
                              : s == State::Damaged ? "was damaged"
                                                    : "was out of date";
            notice("the search index " + std::string(why) + "; rebuilt it (" +
                   std::to_string(*passages) + " passages)");
        }
    }
    auto impl = std::make_unique<Impl>();
    impl->store = &store;
    impl->path = pathFor(store.path());
    try {
        impl->db = openShards(impl->path);
    } catch (const Xapian::Error& e) {
        return xapianError(e, impl->path);
    }
    return std::unique_ptr<Index>(new Index(std::move(impl)));
}

std::int64_t Index::passageCount() const {
    return static_cast<std::int64_t>(d->db.get_doccount());
}

// --- compiling queries ---------------------------------------------------------

namespace {

// What to mark in snippets: term sequences, prefixes and stems that the
// positive parts of the query look for.
struct Highlighter {
    std::vector<std::vector<std::string>> sequences;
    std::vector<std::string> prefixes;
    std::set<std::string> stems;
};

struct Compiled {
    Xapian::Query query;
    bool filterOnly = false;  // only boolean filters: weigh nothing
};

class Compiler {
public:
    Compiler(Store& store, const Xapian::Database& db, Tokenizer& tokenizer, Xapian::Stem& stemmer,
             bool stem)
        : m_store(store), m_db(db), m_tokenizer(tokenizer), m_stemmer(stemmer), m_stem(stem) {}
    void setCodes(const SearchOptions::CodeResolver& codes) { m_codes = codes; }

    Result<Compiled> compile(const QueryNode& n, bool positive) {
        using K = QueryNode::Kind;
        switch (n.kind) {
            case K::All:
                return Compiled{Xapian::Query::MatchAll, false};
            case K::Word:
            case K::Phrase:
                return words(n, positive);
            case K::Prefix: {
                std::string prefix = Tokenizer::fold(n.text);
                if (prefix.empty())
                    return error(n, "a wildcard needs letters before '*'");
                if (positive)
                    m_highlight.prefixes.push_back(prefix);
                return Compiled{Xapian::Query(Xapian::Query::OP_WILDCARD, prefix, 1000,
                                              Xapian::Query::WILDCARD_LIMIT_MOST_FREQUENT),
                                false};
            }
            case K::Field:
                return field(n);
            case K::Near: {
                std::vector<Xapian::Query> parts;
                for (const auto& child : n.children) {
                    auto c = compile(child, positive);
                    if (!c.isOk())
                        return c.status();
                    parts.push_back(c->query);
                }
                Xapian::termcount window = static_cast<Xapian::termcount>(
                    n.distance + static_cast<int>(n.children.size()));
                return Compiled{
                    Xapian::Query(Xapian::Query::OP_NEAR, parts.begin(), parts.end(), window),
                    false};
            }
            case K::Or: {
                std::vector<Xapian::Query> parts;
                bool allFilters = true;
                for (const auto& child : n.children) {
                    auto c = compile(child, positive);
                    if (!c.isOk())
                        return c.status();
                    allFilters = allFilters && c->filterOnly;
                    parts.push_back(c->filterOnly
                                        ? Xapian::Query(Xapian::Query::OP_SCALE_WEIGHT, c->query, 0)
                                        : c->query);
                }
                return Compiled{Xapian::Query(Xapian::Query::OP_OR, parts.begin(), parts.end()),
                                allFilters};
            }
            case K::And:
            case K::AndNot: {
                std::vector<Xapian::Query> scoring, filters, excluded;
                for (std::size_t i = 0; i < n.children.size(); ++i) {
                    const QueryNode& child = n.children[i];
                    bool exclude = n.kind == K::AndNot && i > 0;
                    auto c = compile(child, positive && !exclude);
                    if (!c.isOk())
                        return c.status();
                    if (exclude)
                        excluded.push_back(c->query);
                    else if (c->filterOnly)
                        filters.push_back(c->query);
                    else
                        scoring.push_back(c->query);
                }
                Xapian::Query q = scoring.empty() ? Xapian::Query::MatchAll
                                                  : Xapian::Query(Xapian::Query::OP_AND,
                                                                  scoring.begin(), scoring.end());
                for (const auto& f : filters)
                    q = Xapian::Query(Xapian::Query::OP_FILTER, q, f);
                for (const auto& x : excluded)
                    q = Xapian::Query(Xapian::Query::OP_AND_NOT, q, x);
                return Compiled{q, false};
            }
        }
        return error(n, "unsupported query");
    }

    const Highlighter& highlighter() const { return m_highlight; }

private:
    Status error(const QueryNode& n, const std::string& what) const {
        return Status::invalidInput(what + " (column " + std::to_string(n.column) + ")");
    }

    Result<Compiled> words(const QueryNode& n, bool positive) {
        auto tokens = m_tokenizer.terms(n.text);
        if (tokens.empty())
            return error(n, "'" + n.text + "' has no word to search for");
        if (tokens.size() == 1 && n.kind == QueryNode::Kind::Word && m_stem &&
            tokens[0].kind == TokenKind::Word) {
            // The index holds words, not stems (stems would double the
            // writer's work): the words of the index that share this word's
            // stem are found through their common prefix.
            std::string stem = m_stemmer(tokens[0].term);
            if (positive)
                m_highlight.stems.insert(stem);
            std::string prefix = stem.substr(0, std::max<std::size_t>(3, stem.size() - 1));
            std::vector<Xapian::Query> forms;
            for (auto t = m_db.allterms_begin(prefix); t != m_db.allterms_end(prefix); ++t) {
                std::string term = *t;
                if (m_stemmer(term) == stem)
                    forms.emplace_back(term);
            }
            if (forms.empty())
                forms.emplace_back(tokens[0].term);
            return Compiled{Xapian::Query(Xapian::Query::OP_OR, forms.begin(), forms.end()), false};
        }
        std::vector<std::string> terms;
        for (const Token& t : tokens)
            terms.push_back(t.term);
        if (positive)
            m_highlight.sequences.push_back(terms);
        if (tokens.size() == 1)
            return Compiled{Xapian::Query(tokens[0].term), false};
        std::vector<Xapian::Query> parts;
        for (const Token& t : tokens)
            parts.emplace_back(t.term, 1, t.position + 1);
        Xapian::termcount window = tokens.back().position - tokens.front().position + 1;
        return Compiled{Xapian::Query(Xapian::Query::OP_PHRASE, parts.begin(), parts.end(), window),
                        false};
    }

    Result<Compiled> field(const QueryNode& n) {
        const std::string name = Tokenizer::fold(n.field);
        const std::string where = n.field + ":" + n.text;
        // A filter; "-field:value" keeps the passages without the term.
        auto boolean = [&](std::string term) {
            Xapian::Query q(term);
            if (n.negated)
                q = Xapian::Query(Xapian::Query::OP_AND_NOT, Xapian::Query::MatchAll, q);
            return Compiled{q, true};
        };
        if (name == "doc" || name == "document") {
            auto doc = m_store.findDocument(n.text);
            if (!doc.isOk())
                return error(n, where + ": no document named '" + n.text + "'");
            return boolean(documentTerm(doc->id));
        }
        if (name == "speaker") {
            std::string kind = Tokenizer::fold(n.text);
            if (kind != "interviewer" && kind != "participant")
                return error(n, where + ": speaker is 'interviewer' or 'participant'");
            if (kind == "interviewer")
                return boolean(schema::kInterviewerTerm);
            Xapian::Query q(Xapian::Query::OP_AND_NOT, Xapian::Query::MatchAll,
                            Xapian::Query(schema::kInterviewerTerm));
            if (n.negated)
                q = Xapian::Query(schema::kInterviewerTerm);
            return Compiled{q, true};
        }
        if (name == "code") {
            if (!m_codes)
                return error(n, where + ": codes cannot be searched here");
            auto ids = m_codes(n.text);
            if (!ids.isOk())
                return error(n, ids.status().message());
            std::vector<Xapian::Query> terms;
            for (std::int64_t id : *ids)
                terms.emplace_back(schema::kCodePrefix + std::to_string(id));
            Xapian::Query q(Xapian::Query::OP_OR, terms.begin(), terms.end());
            if (n.negated)
                q = Xapian::Query(Xapian::Query::OP_AND_NOT, Xapian::Query::MatchAll, q);
            return Compiled{q, true};
        }
        auto people = m_store.participants();
        if (!people.isOk())
            return people.status();
        if (name == "participant") {
            std::string key = Tokenizer::fold(n.text);
            for (const auto& p : *people)
                if (Tokenizer::fold(p.name) == key)
                    return boolean(schema::kParticipantPrefix + key);
            return error(n, where + ": no participant named '" + n.text + "'");
        }
        auto attributes = m_store.attributes();
        if (!attributes.isOk())
            return attributes.status();
        std::string fields = "doc, participant, speaker, code";
        for (const auto& a : *attributes) {
            fields += ", " + a.name;
            if (Tokenizer::fold(a.name) != name)
                continue;
            std::string value = Tokenizer::fold(n.text);
            std::set<std::string> values;
            std::set<std::string> matching;
            for (const auto& p : *people) {
                auto it = p.values.find(a.name);
                if (it == p.values.end())
                    continue;
                values.insert(it->second);
                if (Tokenizer::fold(it->second) == value)
                    matching.insert(p.name);
            }
            if (matching.empty()) {
                std::string list;
                for (const auto& v : values)
                    list += (list.empty() ? "" : ", ") + v;
                return error(n, where + ": no participant has " + a.name + " '" + n.text +
                                    "' (values: " + (list.empty() ? "none" : list) + ")");
            }
            return attributeFilter(matching, n.negated);
        }
        return error(n, "unknown field '" + n.field + "' (fields: " + fields + ")");
    }

    // Passages of the participants in `people`, and the passages without a
    // participant (interviewer turns) of their documents: a passage carries
    // its participant's attributes, an interviewer's question those of the
    // interview's participants.
    Result<Compiled> attributeFilter(const std::set<std::string>& people, bool negated) {
        std::vector<Xapian::Query> speakers, documents;
        for (const auto& p : people)
            speakers.emplace_back(schema::kParticipantPrefix + Tokenizer::fold(p));
        auto docs = m_store.documents();
        if (!docs.isOk())
            return docs.status();
        for (const auto& d : *docs)
            for (const auto& p : d.participants)
                if (people.count(p)) {
                    documents.emplace_back(documentTerm(d.id));
                    break;
                }
        Xapian::Query q(Xapian::Query::OP_OR, speakers.begin(), speakers.end());
        if (!documents.empty())
            q = Xapian::Query(
                Xapian::Query::OP_OR, q,
                Xapian::Query(
                    Xapian::Query::OP_FILTER,
                    Xapian::Query(Xapian::Query::OP_OR, Xapian::Query(schema::kParticipantPrefix),
                                  Xapian::Query(schema::kInterviewerTerm)),
                    Xapian::Query(Xapian::Query::OP_OR, documents.begin(), documents.end())));
        if (negated)
            q = Xapian::Query(Xapian::Query::OP_AND_NOT, Xapian::Query::MatchAll, q);
        return Compiled{q, true};
    }

    Store& m_store;
    const Xapian::Database& m_db;
    Tokenizer& m_tokenizer;
    Xapian::Stem& m_stemmer;
    bool m_stem;
    SearchOptions::CodeResolver m_codes;
    Highlighter m_highlight;
};

// Marks what the query looked for in a passage's tokens.
std::vector<std::pair<CharPos, CharPos>> highlights(const std::vector<Token>& tokens,
                                                    const Highlighter& h, Xapian::Stem& stemmer) {
    std::vector<std::pair<CharPos, CharPos>> out;
    for (std::size_t i = 0; i < tokens.size(); ++i) {
        for (const auto& seq : h.sequences) {
            if (i + seq.size() > tokens.size())
                continue;
            bool match = true;
            for (std::size_t k = 0; k < seq.size() && match; ++k)
                match = tokens[i + k].term == seq[k];
            if (match)
                out.emplace_back(tokens[i].start, tokens[i + seq.size() - 1].end);
        }
        for (const auto& prefix : h.prefixes)
            if (tokens[i].term.starts_with(prefix))
                out.emplace_back(tokens[i].start, tokens[i].end);
        if (!h.stems.empty() && tokens[i].kind == TokenKind::Word &&
            h.stems.count(stemmer(tokens[i].term)))
            out.emplace_back(tokens[i].start, tokens[i].end);
    }
    std::sort(out.begin(), out.end());
    // Merge overlapping marks.
    std::vector<std::pair<CharPos, CharPos>> merged;
    for (const auto& m : out) {
        if (!merged.empty() && m.first <= merged.back().second)
            merged.back().second = std::max(merged.back().second, m.second);
        else
            merged.push_back(m);
    }
    return merged;
}

constexpr CharPos kSnippetChars = 240;
constexpr CharPos kSnippetLead = 80;

}  // namespace

// The hits of `mset`, read from the store, with snippets marking what
// `highlighter` looks for.
Status Index::Impl::fillHits(const Xapian::MSet& mset, const Highlighter& highlighter,
                             SearchResults& results) {
    std::map<corpus::DocumentId, std::string> names;
    for (auto it = mset.begin(); it != mset.end(); ++it) {
        Xapian::Document doc = it.get_document();
        Hit hit;
        hit.weight = it.get_weight();
        auto key = decodePassage(doc.get_data());
        if (!key)
            return Status::corrupt(path.string() +
                                   ": a passage of the search index is malformed; run 'margin "
                                   "index --rebuild'");
        hit.document = key->document;
        hit.start = key->start;
        hit.end = key->end;
        auto turn = store->turnAt(hit.document, hit.start);
        if (!turn.isOk())
            return turn.status();
        if (*turn && (*turn)->end >= hit.end) {
            const corpus::Turn& t = **turn;
            hit.turn = t.id;
            hit.speaker = t.speaker;
            hit.kind = t.kind;
            hit.participant = t.participant;
            hit.timestampMs = t.timestampMs;
        }
        if (!names.count(hit.document)) {
            auto name = store->documentName(hit.document);
            names[hit.document] = name.isOk() ? *name : std::to_string(hit.document);
        }
        hit.documentName = names[hit.document];
        auto passage = store->documentBytes(hit.document, key->byteStart, key->byteLength);
        if (!passage.isOk() || corpus::codePointCount(*passage) != hit.end - hit.start)
            return Status::corrupt(path.string() + ": the search index points outside document '" +
                                   hit.documentName + "'; run 'margin index --rebuild'");
        auto tokens = tokenizer.terms(*passage, hit.start);
        hit.matches = highlights(tokens, highlighter, stemmer);
        hit.highlights = hit.matches;
        CharPos from = hit.start, to = hit.end;
        if (to - from > kSnippetChars) {
            CharPos anchor = hit.highlights.empty() ? from : hit.highlights.front().first;
            from = std::max(hit.start, anchor - kSnippetLead);
            to = std::min(hit.end, from + kSnippetChars);
            from = std::max(hit.start, std::min(from, to - kSnippetChars));
        }
        hit.snippetStart = from;
        hit.snippetTruncatedLeft = from > hit.start;
        hit.snippetTruncatedRight = to < hit.end;
        hit.snippet = std::string(*corpus::sliceChars(*passage, from - hit.start, to - hit.start));
        std::erase_if(hit.highlights,
                      [&](const auto& h) { return h.second <= from || h.first >= to; });
        results.hits.push_back(std::move(hit));
    }
    return Status::ok();
}

Result<SearchResults> Index::search(const QueryNode& query, const SearchOptions& options) {
    Compiler compiler(*d->store, d->db, d->tokenizer, d->stemmer, options.stem);
    compiler.setCodes(options.codes);
    auto compiled = compiler.compile(query, true);
    if (!compiled.isOk())
        return compiled.status();
    Xapian::Query q = compiled->filterOnly ? Xapian::Query(Xapian::Query::OP_FILTER,
                                                           Xapian::Query::MatchAll, compiled->query)
                                           : compiled->query;
    SearchResults results;
    try {
        Xapian::Enquire enquire(d->db);
        enquire.set_query(q);
        std::unique_ptr<DocumentOrder> order;
        if (options.order == SearchOptions::Order::Document) {
            auto docs = d->store->documents();
            if (!docs.isOk())
                return docs.status();
            std::map<corpus::DocumentId, std::string> byId;
            for (const auto& info : *docs)
                byId[info.id] = info.name;
            order = std::make_unique<DocumentOrder>(std::move(byId));
            enquire.set_sort_by_key(order.get(), false);
        }
        Xapian::MSet mset = enquire.get_mset(
            static_cast<Xapian::doccount>(std::max(0, options.offset)),
            static_cast<Xapian::doccount>(std::max(0, options.limit)), d->db.get_doccount());
        results.total = static_cast<std::int64_t>(mset.get_matches_estimated());
        if (Status s = d->fillHits(mset, compiler.highlighter(), results); !s.isOk())
            return s;
    } catch (const Xapian::Error& e) {
        return xapianError(e, d->path);
    }
    return results;
}

namespace {
// Expansion terms worth showing: words and Han characters, not the boolean
// filter terms (upper-case prefixes) nor numbers or one-letter words.
class WordsOnly : public Xapian::ExpandDecider {
public:
    explicit WordsOnly(const std::set<std::string>& stopwords) : m_stopwords(stopwords) {}
    bool operator()(const std::string& term) const override {
        if (term.empty() || (term[0] >= 'A' && term[0] <= 'Z'))
            return false;
        if (term.size() == 1 || m_stopwords.count(term))
            return false;
        return !std::all_of(term.begin(), term.end(), [](unsigned char c) {
            return std::isdigit(c) || c == '.' || c == ',';
        });
    }

private:
    const std::set<std::string>& m_stopwords;
};
}  // namespace

Result<Suggestions> Index::suggest(const std::vector<std::int64_t>& codes,
                                   const std::set<std::string>& stopwords, int limit) {
    Suggestions out;
    try {
        std::vector<Xapian::Query> codeTerms;
        for (std::int64_t id : codes)
            codeTerms.emplace_back(schema::kCodePrefix + std::to_string(id));
        Xapian::Query coded(Xapian::Query::OP_OR, codeTerms.begin(), codeTerms.end());
        Xapian::Enquire enquire(d->db);
        enquire.set_query(coded);
        Xapian::MSet relevant = enquire.get_mset(0, d->db.get_doccount());
        out.codedPassages = static_cast<std::int64_t>(relevant.size());
        if (relevant.empty())
            return out;
        Xapian::RSet rset;
        for (auto it = relevant.begin(); it != relevant.end(); ++it)
            rset.add_document(*it);
        WordsOnly decider(stopwords);
        Xapian::ESet eset = enquire.get_eset(kSuggestTerms, rset, &decider);
        Highlighter highlighter;
        std::vector<Xapian::Query> expansion;
        for (auto it = eset.begin(); it != eset.end(); ++it) {
            out.terms.push_back(*it);
            highlighter.sequences.push_back({*it});
            expansion.emplace_back(*it, 1, 0);
        }
        if (expansion.empty())
            return out;
        // Participants' passages only: what was asked is not a finding.
        Xapian::Query similar(
            Xapian::Query::OP_AND_NOT,
            Xapian::Query(Xapian::Query::OP_OR, expansion.begin(), expansion.end()),
            Xapian::Query(Xapian::Query::OP_OR, coded, Xapian::Query(schema::kInterviewerTerm)));
        enquire.set_query(similar);
        Xapian::MSet mset = enquire.get_mset(0, static_cast<Xapian::doccount>(std::max(0, limit)),
                                             d->db.get_doccount(), &rset);
        out.results.total = static_cast<std::int64_t>(mset.get_matches_estimated());
        if (Status s = d->fillHits(mset, highlighter, out.results); !s.isOk())
            return s;
    } catch (const Xapian::Error& e) {
        return xapianError(e, d->path);
    }
    return out;
}

}  // namespace margin::indexer
