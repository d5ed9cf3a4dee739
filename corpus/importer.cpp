#include "corpus/importer.h"

#include <algorithm>
#include <cerrno>
#include <cstring>
#include <fstream>
#include <set>

#include "corpus/encoding.h"
#include "corpus/formats.h"
#include "corpus/sha256.h"
#include "corpus/text.h"

namespace margin::corpus {
namespace {

std::string lowerExtension(const std::filesystem::path& path) {
    std::string ext = path.extension().string();
    if (!ext.empty())
        ext.erase(0, 1);
    std::transform(ext.begin(), ext.end(), ext.begin(),
                   [](unsigned char c) { return static_cast<char>(std::tolower(c)); });
    return ext;
}

}  // namespace

Result<std::string> readImportFile(const std::filesystem::path& path) {
    const std::string name = path.string();
    std::error_code ec;
    auto status = std::filesystem::status(path, ec);
    if (ec || !std::filesystem::exists(status))
        return Status::notFound(name + ": no such file");
    if (std::filesystem::is_directory(status))
        return Status::invalidInput(name + ": is a directory");
    auto size = std::filesystem::file_size(path, ec);
    if (!ec && size > kMaxImportBytes)
        return Status::invalidInput(name + ": too large to import (" + std::to_string(size >> 20) +
                                    " MiB; the limit is " + std::to_string(kMaxImportBytes >> 20) +
                                    " MiB)");
    std::ifstream in(path, std::ios::binary);
    if (!in)
        return Status::ioError(name + ": cannot read (" + std::strerror(errno) + ")");
    std::string bytes;
    if (!ec)
        bytes.reserve(size);
    bytes.assign(std::istreambuf_iterator<char>(in), std::istreambuf_iterator<char>());
    if (in.bad())
        return Status::ioError(name + ": read error");
    return bytes;
}

bool isTranscriptFile(const std::filesystem::path& path) {
    return formatFor(path) != nullptr;
}

std::string participantFromFileName(const std::string& stem) {
    // A leading code: 1-4 letters then 1-4 digits, alone or before a separator.
    std::size_t i = 0;
    while (i < stem.size() && i < 4 && std::isalpha(static_cast<unsigned char>(stem[i])))
        ++i;
    std::size_t letters = i;
    while (i < stem.size() && i - letters < 4 && std::isdigit(static_cast<unsigned char>(stem[i])))
        ++i;
    if (letters > 0 && i > letters &&
        (i == stem.size() || stem[i] == '_' || stem[i] == '-' || stem[i] == ' ' || stem[i] == '.'))
        return stem.substr(0, i);
    return std::string(trimSpace(stem));
}

Result<ImportReport> importTranscript(Store& store, const std::filesystem::path& path,
                                      const ImportOptions& options) {
    const std::string file = path.string();
    const Format* format = formatFor(path);
    if (!format && !std::filesystem::is_directory(path))
        return Status::invalidInput(file + ": unsupported file type '" + path.extension().string() +
                                    "' (Margin imports " + formatList() + ")");
    auto bytes = readImportFile(path);
    if (!bytes.isOk())
        return bytes.status();

    std::string sha = sha256Hex(*bytes);
    auto existing = store.documentWithSha256(sha);
    if (!existing.isOk())
        return existing.status().withContext(file);
    if (*existing && !options.force)
        return Status::alreadyExists(file + ": already imported as document '" + (*existing)->name +
                                     "' (use --force to import it again)");

    if (!format)
        return Status::invalidInput(file + ": is a directory");
    auto extracted = format->read(*bytes, file, ReadOptions{options.encoding, options.speakers});
    if (!extracted.isOk())
        return extracted.status();
    // Release the original bytes early (swap: assigning an empty string
    // would keep the buffer).
    std::string().swap(*bytes);
    const bool ownTurns = extracted->turns.has_value();
    std::string text = ownTurns ? std::move(extracted->text) : normalizeText(extracted->text);
    std::string().swap(extracted->text);
    if (trimSpace(text).empty())
        return Status::invalidInput(file + ": the file is empty");
    if (ownTurns && !isNormalizedText(text))
        return Status::internal(file + ": the " + format->description +
                                " reader returned text that is not normalised");

    std::string stem = normalizeText(path.stem().string());
    std::string participant =
        options.participant.empty() ? participantFromFileName(stem) : options.participant;

    SpeakerOptions speakerOptions = options.speakers;
    speakerOptions.knownSpeakers.push_back(participant);
    // Names only: reading every participant whole for each file made big
    // batches slow down as they grew (bench/RESULTS.md, memory benchmark).
    auto people = store.participantNames();
    if (!people.isOk())
        return people.status().withContext(file);
    for (const std::string& name : *people)
        speakerOptions.knownSpeakers.push_back(name);
    TurnDetection ownDetection;
    if (ownTurns) {
        ownDetection.turns = std::move(*extracted->turns);
        for (const DetectedTurn& t : ownDetection.turns)
            if (std::find(ownDetection.speakers.begin(), ownDetection.speakers.end(), t.speaker) ==
                ownDetection.speakers.end())
                ownDetection.speakers.push_back(t.speaker);
    }
    auto detection = ownTurns ? Result<TurnDetection>(std::move(ownDetection))
                              : detectTurns(text, speakerOptions);
    if (!detection.isOk())
        return detection.status().withContext(file);

    NewDocument doc;
    doc.name = options.name.empty() ? stem : options.name;
    auto taken = [&](const std::string& name) {
        auto found = store.findDocument(name);
        return found.isOk() && found->name == name;
    };
    if (options.force) {
        for (int n = 2; taken(doc.name); ++n)
            doc.name =
                (options.name.empty() ? stem : options.name) + " (" + std::to_string(n) + ")";
    } else if (taken(doc.name)) {
        return Status::invalidInput(file + ": a document named '" + doc.name +
                                    "' already exists (choose another name with --name)");
    }
    doc.sourceName = path.filename().string();
    doc.sourceFormat = lowerExtension(path);
    doc.sourceEncoding = extracted->encoding;
    doc.sha256 = sha;

    // Who is speaking: one non-interviewer speaker is the document's participant.
    std::vector<std::string> others;
    for (const DetectedTurn& t : detection->turns)
        if (t.kind == SpeakerKind::Participant &&
            std::find(others.begin(), others.end(), t.speaker) == others.end())
            others.push_back(t.speaker);
    std::set<std::string> linked;
    auto matchParticipant = [&](const std::string& speaker) -> std::optional<std::string> {
        std::string key = foldKey(speaker);
        if (key == foldKey(participant))
            return participant;
        for (const std::string& name : *people)
            if (foldKey(name) == key)
                return name;
        return std::nullopt;
    };
    for (const DetectedTurn& t : detection->turns) {
        NewTurn turn{t.start, t.end, t.speaker, t.kind, std::nullopt, t.timestampMs};
        if (t.kind == SpeakerKind::Participant) {
            turn.participant =
                others.size() == 1 ? std::optional(participant) : matchParticipant(t.speaker);
            if (turn.participant)
                linked.insert(*turn.participant);
        }
        doc.turns.push_back(std::move(turn));
    }
    if (linked.empty() || !options.participant.empty())
        linked.insert(participant);
    doc.participants.assign(linked.begin(), linked.end());
    doc.text = std::move(text);

    auto id = store.addDocument(doc);
    if (!id.isOk())
        return id.status().withContext(file);

    ImportReport report;
    report.id = *id;
    report.name = doc.name;
    report.sourceName = doc.sourceName;
    report.encoding = doc.sourceEncoding;
    report.turns = doc.turns.size();
    report.interviewerTurns = static_cast<std::size_t>(
        std::count_if(doc.turns.begin(), doc.turns.end(),
                      [](const NewTurn& t) { return t.kind == SpeakerKind::Interviewer; }));
    report.speakers = detection->speakers;
    report.participants = doc.participants;
    report.warnings = std::move(extracted->warnings);
    return report;
}

ImportPlan planImport(const std::vector<std::filesystem::path>& paths) {
    ImportPlan plan;
    for (const auto& path : paths) {
        std::error_code ec;
        if (!std::filesystem::exists(path, ec)) {
            plan.errors.push_back(Status::notFound(path.string() + ": no such file or directory"));
            continue;
        }
        if (!std::filesystem::is_directory(path, ec)) {
            plan.files.push_back(path);
            continue;
        }
        std::vector<std::filesystem::path> found;
        auto options = std::filesystem::directory_options::skip_permission_denied;
        for (auto it = std::filesystem::recursive_directory_iterator(path, options, ec);
             !ec && it != std::filesystem::recursive_directory_iterator(); it.increment(ec)) {
            const auto& entry = it->path();
            std::string filename = entry.filename().string();
            if (filename.starts_with(".")) {
                if (it->is_directory())
                    it.disable_recursion_pending();
                continue;
            }
            if (it->is_directory())
                continue;
            if (isTranscriptFile(entry))
                found.push_back(entry);
            else
                plan.skipped.emplace_back(entry, "not a transcript type Margin imports");
        }
        if (ec)
            plan.errors.push_back(
                Status::ioError(path.string() + ": cannot list the folder (" + ec.message() + ")"));
        std::sort(found.begin(), found.end());
        plan.files.insert(plan.files.end(), found.begin(), found.end());
    }
    return plan;
}

}  // namespace margin::corpus
