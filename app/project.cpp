#include "app/project.h"

#include <fstream>
#include <iterator>

#include "corpus/participants.h"

namespace margin::app {

Result<std::unique_ptr<Project>> Project::create(const std::filesystem::path& path) {
    auto store = corpus::Store::create(path);
    if (!store.isOk())
        return store.status();
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
    for (const auto& file : plan.files) {
        auto result = corpus::importTranscript(*m_store, file, options);
        FileOutcome outcome{What::Imported, file, {}, {}};
        if (result.isOk()) {
            outcome.report = std::move(result).value();
        } else {
            outcome.error = result.status();
            bool duplicate = outcome.error.code() == Status::Code::AlreadyExists;
            outcome.what = skipExisting && duplicate ? What::Skipped : What::Failed;
        }
        if (!report(outcome))
            break;
    }
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
    return m_store->importParticipants(*table);
}

}  // namespace margin::app
