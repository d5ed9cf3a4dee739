#include "app/project.h"

#include <algorithm>
#include <cctype>
#include <cstdlib>
#include <fstream>
#include <iterator>
#include <map>
#include <memory>
#include <set>
#include <tuple>

#include "corpus/participants.h"
#include "indexer/passages.h"
#include "indexer/query.h"
#include "indexer/words.h"

namespace margin::app {

Project::Project(std::unique_ptr<corpus::Store> store)
    : m_store(std::move(store)), m_codebook(std::make_unique<codebook::Codebook>(*m_store)) {}

Result<std::unique_ptr<Project>> Project::create(const std::filesystem::path& path) {
    auto store = corpus::Store::create(path);
    if (!store.isOk())
        return store.status();
    // An empty, fresh index, so that imports can keep it up to date.
    auto passages = indexer::Index::rebuild(**store);
    if (!passages.isOk())
        return passages.status();
    return std::unique_ptr<Project>(new Project(std::move(store).value()));
}

Result<std::unique_ptr<Project>> Project::open(const std::filesystem::path& path) {
    auto store = corpus::Store::open(path);
    if (!store.isOk())
        return store.status();
    return std::unique_ptr<Project>(new Project(std::move(store).value()));
}

Project::ImportSummary Project::importFiles(const std::vector<std::filesystem::path>& paths,
                                            const corpus::ImportOptions& options, bool skipExisting,
                                            const std::function<bool(const FileOutcome&)>& onFile) {
    using What = FileOutcome::What;
    ImportSummary summary;
    corpus::ImportPlan plan = corpus::planImport(paths);
    auto report = [&](const FileOutcome& outcome) {
        ++(outcome.what == What::Imported  ? summary.imported
           : outcome.what == What::Skipped ? summary.skipped
                                           : summary.failed);
        bool goOn = onFile ? onFile(outcome) : true;
        summary.cancelled = summary.cancelled || !goOn;
        return goOn;
    };
    for (const Status& error : plan.errors)
        if (!report({What::Failed, {}, {}, error}))
            return summary;
    for (const auto& [path, why] : plan.skipped)
        if (!report({What::Skipped, path, {}, Status::invalidInput(why)}))
            return summary;
    // Each imported file is one committed change of the store. The index is
    // brought up to date once, after the batch (a big batch in parallel);
    // a failure or a kill leaves it stale and the next search rebuilds it.
    auto before = m_store->generation();
    std::vector<corpus::DocumentId> imported;
    // A big batch into a fresh index is indexed while it is imported.
    std::unique_ptr<indexer::IndexBuilder> builder;
    std::uintmax_t bytes = 0;
    for (const auto& file : plan.files) {
        std::error_code ec;
        auto size = std::filesystem::file_size(file, ec);
        bytes += ec ? 0 : size;
    }
    if (before.isOk() && indexer::IndexBuilder::worthwhile(static_cast<std::int64_t>(bytes)) &&
        indexer::Index::state(*m_store) == indexer::Index::State::Fresh)
        builder =
            std::make_unique<indexer::IndexBuilder>(*m_store, static_cast<std::int64_t>(bytes));
    const int total = static_cast<int>(plan.files.size());
    int position = 0;
    for (const auto& file : plan.files) {
        auto result = corpus::importTranscript(*m_store, file, options);
        FileOutcome outcome{What::Imported, file, {}, {}, ++position, total};
        if (result.isOk()) {
            outcome.report = std::move(result).value();
            imported.push_back(outcome.report.id);
            if (builder)
                builder->add(outcome.report.id);
        } else {
            outcome.error = result.status();
            bool duplicate = outcome.error.code() == Status::Code::AlreadyExists;
            outcome.what = skipExisting && duplicate ? What::Skipped : What::Failed;
        }
        if (!report(outcome))
            break;
        // On a full disk every further file would fail the same way.
        if (outcome.error.code() == Status::Code::DiskFull)
            break;
    }
    if (builder)
        (void)builder->finish(*before, static_cast<std::int64_t>(imported.size()));
    else if (before.isOk() && !imported.empty())
        (void)indexer::Index::update(*m_store, *before, static_cast<std::int64_t>(imported.size()),
                                     imported);
    return summary;
}

Result<corpus::ParticipantImportReport> Project::importParticipants(
    const std::filesystem::path& csv, const std::string& encoding) {
    const std::string name = csv.string();
    std::error_code ec;
    if (!std::filesystem::is_regular_file(csv, ec))
        return Status::notFound(name + ": no such file");
    std::ifstream in(csv, std::ios::binary);
    if (!in)
        return Status::ioError(name + ": cannot read");
    std::string bytes((std::istreambuf_iterator<char>(in)), std::istreambuf_iterator<char>());
    auto table = corpus::readParticipantSheet(bytes, name, encoding);
    if (!table.isOk())
        return table.status();
    auto before = m_store->generation();
    auto report = m_store->importParticipants(*table);
    if (!report.isOk() || !before.isOk())
        return report;
    // Attributes are resolved at query time; only the documents the sheet
    // links (whose turns may change participant) are re-indexed.
    std::vector<corpus::DocumentId> affected;
    for (const auto& row : table->rows)
        for (const auto& document : row.documents)
            if (auto doc = m_store->findDocument(document); doc.isOk())
                affected.push_back(doc->id);
    std::sort(affected.begin(), affected.end());
    affected.erase(std::unique(affected.begin(), affected.end()), affected.end());
    (void)indexer::Index::update(*m_store, *before, 1, affected);
    return report;
}

Result<corpus::TableImportReport> Project::importTable(const std::filesystem::path& file,
                                                       const corpus::TableImportOptions& options,
                                                       bool dryRun) {
    auto before = m_store->generation();
    auto report = corpus::importTable(*m_store, file, options, dryRun);
    if (!report.isOk() || dryRun || !before.isOk())
        return report;
    // One committed transaction; attributes are resolved at query time.
    (void)indexer::Index::update(*m_store, *before, 1, report->ids);
    return report;
}

Result<indexer::Index*> Project::index(const indexer::Index::Notice& notice) {
    if (m_index && indexer::Index::state(*m_store) != indexer::Index::State::Fresh)
        m_index.reset();
    if (!m_index) {
        auto index = indexer::Index::open(*m_store, notice);
        if (!index.isOk())
            return index.status();
        m_index = std::move(index).value();
    }
    return m_index.get();
}

Result<indexer::SearchResults> Project::search(const std::string& query,
                                               const indexer::SearchOptions& options,
                                               const indexer::Index::Notice& notice) {
    auto tree = indexer::parseQuery(query);
    if (!tree.isOk())
        return tree.status();
    auto index = this->index(notice);
    if (!index.isOk())
        return index.status();
    indexer::SearchOptions withCodes = options;
    if (!withCodes.codes)
        withCodes.codes = [this](const std::string& path) -> Result<std::vector<std::int64_t>> {
            auto code = m_codebook->findCode(path);
            if (!code.isOk())
                return code.status();
            return m_codebook->withDescendants(code->id);
        };
    return (*index)->search(*tree, withCodes);
}

Result<indexer::SearchResults> Project::searchAll(const std::string& query,
                                                  const indexer::Index::Notice& notice) {
    indexer::SearchOptions options;
    options.limit = 0;
    options.order = indexer::SearchOptions::Order::Document;
    auto counted = search(query, options, notice);
    if (!counted.isOk())
        return counted;
    options.limit = static_cast<int>(std::min<std::int64_t>(counted->total, 1 << 30));
    return search(query, options, notice);
}

Result<indexer::Suggestions> Project::suggest(const std::string& code, int limit,
                                              const indexer::Index::Notice& notice) {
    auto found = m_codebook->findCode(code);
    if (!found.isOk())
        return found.status();
    auto ids = m_codebook->withDescendants(found->id);
    if (!ids.isOk())
        return ids.status();
    auto index = this->index(notice);
    if (!index.isOk())
        return index.status();
    return (*index)->suggest(*ids, indexer::stopwords(), limit);
}

Result<codebook::Change> Project::change(
    const std::function<Result<codebook::Change>(codebook::Codebook&)>& mutation) {
    auto before = m_store->generation();
    if (!before.isOk())
        return before.status();
    auto result = mutation(*m_codebook);
    if (!result.isOk())
        return result;
    // One committed transaction: the index follows the documents it touched
    // (or, if someone else wrote meanwhile, stays stale for the next search).
    (void)indexer::Index::update(*m_store, *before, 1, result->documents);
    return result;
}

Result<codebook::Change> Project::undo() {
    return change([](codebook::Codebook& c) { return c.undo(); });
}

Result<codebook::Change> Project::redo() {
    return change([](codebook::Codebook& c) { return c.redo(); });
}

Result<std::string> Project::coder(const std::string& given) const {
    if (!given.empty())
        return given;
    if (const char* env = std::getenv("MARGIN_CODER"); env && *env)
        return std::string(env);
    return m_codebook->defaultCoder();
}

Result<Project::AutocodePlan> Project::planAutocode(const std::string& query, codebook::CodeId code,
                                                    const AutocodeOptions& options,
                                                    const indexer::Index::Notice& notice) {
    auto results = searchAll(query, notice);
    if (!results.isOk())
        return results.status();
    AutocodePlan plan;
    std::set<std::tuple<corpus::DocumentId, corpus::CharPos, corpus::CharPos>> spans;
    corpus::DocumentId textDoc = -1;
    std::string text;
    for (const auto& hit : results->hits) {
        if (options.speaker && hit.kind != options.speaker)
            continue;
        ++plan.hits;
        if (options.unit == AutocodeOptions::Unit::Turn) {
            // The whole turn; a passage outside every turn as it is.
            auto turn = m_store->turnAt(hit.document, hit.start);
            if (!turn.isOk())
                return turn.status();
            if (*turn)
                spans.insert({hit.document, (*turn)->start, (*turn)->end});
            else
                spans.insert({hit.document, hit.start, hit.end});
            continue;
        }
        if (options.unit == AutocodeOptions::Unit::Match) {
            for (const auto& [a, b] : hit.matches)
                spans.insert({hit.document, a, b});
            continue;
        }
        // Sentence: the sentences of the passage that hold a match.
        if (hit.document != textDoc) {
            auto t = m_store->documentText(hit.document);
            if (!t.isOk())
                return t.status();
            text = std::move(t).value();
            textDoc = hit.document;
        }
        auto passage = corpus::sliceChars(text, hit.start, hit.end);
        if (!passage)
            continue;
        for (const auto& [sb, se] : indexer::sentences(*passage)) {
            corpus::CharPos a = hit.start + *corpus::charPosFromUtf8(*passage, sb);
            corpus::CharPos b = hit.start + *corpus::charPosFromUtf8(*passage, se);
            // Without the spaces and line breaks that end a sentence.
            std::string_view sentence = passage->substr(sb, se - sb);
            while (!sentence.empty() && std::isspace(static_cast<unsigned char>(sentence.back()))) {
                sentence.remove_suffix(1);
                --b;
            }
            for (const auto& [ma, mb] : hit.matches)
                if (ma < b && mb > a && a < b) {
                    spans.insert({hit.document, a, b});
                    break;
                }
        }
    }
    for (const auto& [doc, a, b] : spans)
        plan.codings.push_back({code, doc, a, b, options.coder, {}});
    return plan;
}

Result<std::vector<codebook::Quote>> Project::quotes(codebook::QuoteOptions options,
                                                     const std::string& query,
                                                     const indexer::Index::Notice& notice) {
    if (!query.empty()) {
        auto results = searchAll(query, notice);
        if (!results.isOk())
            return results.status();
        auto matches =
            std::make_shared<std::map<corpus::DocumentId,
                                      std::vector<std::pair<corpus::CharPos, corpus::CharPos>>>>();
        for (const auto& hit : results->hits)
            for (const auto& m : hit.matches)
                (*matches)[hit.document].push_back(m);
        auto previous = options.keep;
        options.keep = [matches, previous](const codebook::Coding& c) {
            if (previous && !previous(c))
                return false;
            auto it = matches->find(c.document);
            if (it == matches->end())
                return false;
            for (const auto& [a, b] : it->second)
                if (a >= c.start && b <= c.end)
                    return true;
            return false;
        };
    }
    return codebook::quotes(*m_store, *m_codebook, options);
}

Result<std::int64_t> Project::rebuildIndex() {
    m_index.reset();
    return indexer::Index::rebuild(*m_store);
}

}  // namespace margin::app
