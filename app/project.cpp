#include "app/project.h"

#include <algorithm>
#include <fstream>
#include <iterator>

#include "corpus/participants.h"
#include "indexer/query.h"

namespace margin::app {

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
    for (const auto& file : plan.files) {
        auto result = corpus::importTranscript(*m_store, file, options);
        FileOutcome outcome{What::Imported, file, {}, {}};
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
    return (*index)->search(*tree, options);
}

Result<std::int64_t> Project::rebuildIndex() {
    m_index.reset();
    return indexer::Index::rebuild(*m_store);
}

}  // namespace margin::app
