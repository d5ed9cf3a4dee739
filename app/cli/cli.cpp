#include "app/cli/cli.h"

#include <unistd.h>

#include <chrono>
#include <fstream>
#include <functional>
#include <iostream>
#include <sstream>

#include "app/cli/args.h"
#include "app/cli/command.h"
#include "app/cli/output.h"
#include "app/project.h"
#include "corpus/formats.h"
#include "corpus/json.h"
#include "corpus/offsets.h"
#include "corpus/text.h"
#include "indexer/tokenizer.h"
#include "indexer/versions.h"
#include "indexer/words.h"

namespace margin::cli {
namespace {

// --- init ------------------------------------------------------------------

int runInit(Context& c) {
    const std::string path = c.args.arguments.empty() ? c.project : c.args.arguments[0];
    if (path.empty())
        return c.usage("margin init: missing PATH (see 'margin init --help')");
    if (auto from = c.args.value("from"))
        return initFromRefi(c, path, *from);
    auto project = app::Project::create(path);
    if (!project.isOk())
        return c.fail(project.status());
    c.out << "created project " << path << "\n";
    return kOk;
}

// --- import ----------------------------------------------------------------

int runImport(Context& c) {
    corpus::ImportOptions options;
    options.encoding = c.args.value("encoding").value_or("");
    options.name = c.args.value("name").value_or("");
    options.participant = c.args.value("participant").value_or("");
    options.force = c.args.flag("force");
    if (auto list = c.args.value("interviewer"))
        options.speakers.interviewerLabels = splitList(*list);
    options.speakers.pattern = c.args.value("speaker-pattern").value_or("");
    bool many = c.args.arguments.size() > 1 || std::filesystem::is_directory(c.args.arguments[0]);
    if (many && (!options.name.empty() || !options.participant.empty()))
        return c.usage("margin import: --name and --participant apply to a single file");
    if (!options.speakers.pattern.empty()) {
        auto probe = corpus::detectTurns("", options.speakers);
        if (!probe.isOk())
            return c.usage("margin import: " + probe.status().message());
    }

    auto project = c.open();
    if (!project.isOk())
        return c.fail(project.status());
    std::vector<std::filesystem::path> paths(c.args.arguments.begin(), c.args.arguments.end());
    using What = app::Project::FileOutcome::What;
    // On a terminal, a progress line (count, rate, current file) stays at
    // the bottom of stderr while the per-file lines scroll above it.
    const bool progress = isatty(2) != 0;
    const auto started = std::chrono::steady_clock::now();
    bool drawn = false;
    auto clearProgress = [&] {
        if (drawn)
            c.err << "\r\033[K";
        drawn = false;
    };
    int duplicates = 0;
    std::vector<std::string> failures;
    auto summary = (*project)->importFiles(
        paths, options, c.args.flag("skip-existing"), [&](const app::Project::FileOutcome& o) {
            clearProgress();
            if (o.error.code() == Status::Code::AlreadyExists)
                ++duplicates;
            if (o.what == What::Imported) {
                const auto& r = o.report;
                c.out << "imported " << o.path.string() << " as '" << r.name << "': " << r.turns
                      << " turns (" << r.interviewerTurns << " interviewer), speakers "
                      << (r.speakers.empty() ? "none found" : joined(r.speakers, ", "))
                      << "; participant " << joined(r.participants, ", ") << "; " << r.encoding
                      << "\n";
                for (const auto& warning : r.warnings)
                    c.err << "margin: warning: " << o.path.string() << ": " << warning << "\n";
                c.out.flush();
            } else if (o.what == What::Skipped) {
                c.err << "margin: skipped " << o.path.string() << ": " << o.error.message() << "\n";
            } else {
                c.err << "margin: " << o.error.message() << "\n";
                failures.push_back(o.error.message());
            }
            if (progress && o.total > 1 && o.position > 0 && o.position < o.total) {
                double seconds =
                    std::chrono::duration<double>(std::chrono::steady_clock::now() - started)
                        .count();
                char line[96];
                std::snprintf(line, sizeof line, "[%d/%d] %3d%%  %.1f files/s  ", o.position,
                              o.total, o.position * 100 / o.total,
                              seconds > 0 ? o.position / seconds : 0.0);
                std::string name = o.path.filename().string();
                if (corpus::displayWidth(name) > 40)
                    name = "..." + name.substr(name.size() - 37);
                c.err << line << name << std::flush;
                drawn = true;
            }
            return true;
        });
    clearProgress();
    const bool skipExisting = c.args.flag("skip-existing");
    const int otherSkipped = summary.skipped - (skipExisting ? duplicates : 0);
    const int otherFailed = summary.failed - (skipExisting ? 0 : duplicates);
    c.out << "imported " << summary.imported << " file" << (summary.imported == 1 ? "" : "s");
    if (otherSkipped > 0)
        c.out << ", skipped " << otherSkipped << " (not a format Margin imports)";
    if (duplicates > 0)
        c.out << ", " << duplicates << " already in the project"
              << (skipExisting ? "" : " (--skip-existing skips them, --force imports them again)");
    if (otherFailed > 0)
        c.out << ", " << otherFailed << " failed";
    c.out << "\n";
    // The reasons again at the end, where a long import's reader looks.
    if (failures.size() > 1 && summary.imported > 0)
        for (const auto& f : failures)
            c.err << "margin: failed: " << f << "\n";
    return summary.failed ? kFailed : kOk;
}

// --- docs ------------------------------------------------------------------

int runDocs(Context& c) {
    int code = kOk;
    auto format = formatOf(c, &code);
    if (!format)
        return code;
    auto project = c.open();
    if (!project.isOk())
        return c.fail(project.status());
    auto docs = (*project)->store().documents();
    if (!docs.isOk())
        return c.fail(docs.status());
    Table t{{"id", "name", "participants", "turns", "characters", "encoding", "source", "imported"},
            {true, false, false, true, true, false, false, false},
            {}};
    for (const auto& d : *docs)
        t.rows.push_back({std::to_string(d.id), d.name, joined(d.participants, "; "),
                          std::to_string(d.turnCount), std::to_string(d.length), d.sourceEncoding,
                          d.sourceName, d.importedAt});
    c.out << render(t, *format);
    return kOk;
}

// --- participants ----------------------------------------------------------

int runParticipants(Context& c) {
    const auto& a = c.args.arguments;
    if (!a.empty() && a[0] != "import")
        return c.usage("margin participants: unknown subcommand '" + a[0] +
                       "' (see 'margin participants --help')");
    if (!a.empty() && a.size() != 2)
        return c.usage("margin participants import: needs one CSV file");
    if (a.empty() && a.size() > 0)
        return kUsage;
    auto project = c.open();
    if (!project.isOk())
        return c.fail(project.status());
    if (!a.empty()) {
        auto report = (*project)->importParticipants(a[1], c.args.value("encoding").value_or(""));
        if (!report.isOk())
            return c.fail(report.status());
        c.out << "participants from " << a[1] << ": " << report->participantsAdded << " added, "
              << report->participantsUpdated << " updated; " << report->attributesAdded
              << " new attributes; " << report->linksSet << " document links set";
        if (report->placeholdersRemoved)
            c.out << "; " << report->placeholdersRemoved
                  << " participants named after files replaced";
        c.out << "\n";
        return kOk;
    }
    int code = kOk;
    auto format = formatOf(c, &code);
    if (!format)
        return code;
    auto attributes = (*project)->store().attributes();
    auto people = (*project)->store().participants();
    if (!attributes.isOk())
        return c.fail(attributes.status());
    if (!people.isOk())
        return c.fail(people.status());
    Table t{{"participant", "documents"}, {false, false}, {}};
    for (const auto& attribute : *attributes) {
        t.columns.push_back(attribute.name);
        t.numeric.push_back(attribute.type == corpus::AttributeType::Number);
    }
    for (const auto& p : *people) {
        std::vector<std::string> row{p.name, joined(p.documents, "; ")};
        for (const auto& attribute : *attributes) {
            auto it = p.values.find(attribute.name);
            row.push_back(it == p.values.end() ? "" : it->second);
        }
        t.rows.push_back(std::move(row));
    }
    c.out << render(t, *format);
    return kOk;
}

// --- show ------------------------------------------------------------------

int runShow(Context& c) {
    std::string format = c.args.value("format").value_or("text");
    if (format != "text" && format != "json")
        return c.usage("margin show: unknown format '" + format + "' (use text or json)");
    auto project = c.open();
    if (!project.isOk())
        return c.fail(project.status());
    auto& store = (*project)->store();
    auto doc = store.findDocument(c.args.arguments[0]);
    if (!doc.isOk())
        return c.fail(doc.status());
    auto text = store.documentText(doc->id);
    auto turns = store.turns(doc->id);
    if (!text.isOk())
        return c.fail(text.status());
    if (!turns.isOk())
        return c.fail(turns.status());
    corpus::OffsetIndex index(*text);
    auto slice = [&](corpus::CharPos start, corpus::CharPos end) {
        std::size_t b = *index.utf8Offset(start), e = *index.utf8Offset(end);
        return std::string_view(*text).substr(b, e - b);
    };

    if (format == "json") {
        corpus::JsonWriter json;
        json.beginObject();
        json.key("id").value(doc->id);
        json.key("name").value(doc->name);
        json.key("source").value(doc->sourceName);
        json.key("encoding").value(doc->sourceEncoding);
        json.key("sha256").value(doc->sha256);
        json.key("imported").value(doc->importedAt);
        json.key("characters").value(static_cast<std::int64_t>(doc->length));
        json.key("participants").beginArray();
        for (const auto& p : doc->participants)
            json.value(p);
        json.endArray();
        json.key("turns").beginArray();
        for (const auto& t : *turns) {
            json.beginObject();
            json.key("speaker").value(t.speaker);
            json.key("kind").value(corpus::speakerKindName(t.kind));
            json.key("participant").value(t.participant);
            json.key("start").value(static_cast<std::int64_t>(t.start));
            json.key("end").value(static_cast<std::int64_t>(t.end));
            json.key("timestamp");
            if (t.timestampMs)
                json.value(formatTimestamp(*t.timestampMs));
            else
                json.null();
            json.key("text").value(slice(t.start, t.end));
            json.endObject();
        }
        json.endArray();
        json.key("text").value(*text);
        json.endObject();
        c.out << json.str();
        return kOk;
    }

    c.out << doc->name << " (" << doc->sourceName << ", " << doc->sourceEncoding << ")";
    if (!doc->participants.empty())
        c.out << " - participant " << joined(doc->participants, ", ");
    c.out << " - " << turns->size() << " turns\n";
    corpus::CharPos position = 0;
    auto untouched = [&](corpus::CharPos upTo) {
        auto between = corpus::trimSpace(slice(position, upTo));
        if (!between.empty())
            c.out << "\n" << between << "\n";
    };
    // Text before the first turn (a title, a date line) and after the last
    // is shown as is; between turns there are only the labels, shown below.
    if (!turns->empty()) {
        // The preamble ends where the first turn's label line starts.
        std::string_view before = corpus::trimSpace(slice(0, turns->front().start));
        auto nl = before.rfind('\n');
        before = corpus::trimSpace(nl == std::string_view::npos ? "" : before.substr(0, nl));
        if (!before.empty())
            c.out << "\n" << before << "\n";
    }
    for (const auto& t : *turns) {
        c.out << "\n";
        if (t.timestampMs)
            c.out << "[" << formatTimestamp(*t.timestampMs) << "] ";
        c.out << t.speaker << " (" << corpus::speakerKindName(t.kind);
        if (t.participant)
            c.out << " " << *t.participant;
        c.out << ")\n" << slice(t.start, t.end) << "\n";
        position = t.end;
    }
    untouched(doc->length);
    return kOk;
}

// --- index and search ------------------------------------------------------

int runIndex(Context& c) {
    auto project = c.open();
    if (!project.isOk())
        return c.fail(project.status());
    if (c.args.flag("rebuild")) {
        auto passages = (*project)->rebuildIndex();
        if (!passages.isOk())
            return c.fail(passages.status());
        c.out << "rebuilt the search index: " << *passages << " passages\n";
        return kOk;
    }
    auto state = indexer::Index::state((*project)->store());
    const char* words = state == indexer::Index::State::Fresh     ? "up to date"
                        : state == indexer::Index::State::Missing ? "missing"
                        : state == indexer::Index::State::Damaged ? "damaged"
                                                                  : "out of date";
    c.out << indexer::Index::pathFor(c.project).string() << ": " << words;
    if (state == indexer::Index::State::Fresh) {
        auto index = (*project)->index();
        if (index.isOk())
            c.out << " (" << (*index)->passageCount() << " passages)";
    } else {
        c.out << " (the next search rebuilds it; or run 'margin index --rebuild')";
    }
    c.out << "\n";
    return kOk;
}

// The snippet with its matches wrapped in `open` ... `close`.
std::string marked(const indexer::Hit& hit, const std::string& open, const std::string& close) {
    corpus::OffsetIndex offsets(hit.snippet);
    std::string out = hit.snippetTruncatedLeft ? "…" : "";
    std::size_t at = 0;
    for (const auto& [start, end] : hit.highlights) {
        auto b = offsets.utf8Offset(std::max<corpus::CharPos>(start - hit.snippetStart, 0));
        auto e = offsets.utf8Offset(std::min(end - hit.snippetStart, offsets.size()));
        if (!b || !e || *b < at)
            continue;
        out += hit.snippet.substr(at, *b - at) + open + hit.snippet.substr(*b, *e - *b) + close;
        at = *e;
    }
    out += hit.snippet.substr(at);
    if (hit.snippetTruncatedRight)
        out += "…";
    for (char& ch : out)
        if (ch == '\n')
            ch = ' ';
    return out;
}

int runSearch(Context& c) {
    std::string format = c.args.value("format").value_or("table");
    if (format != "table" && format != "csv" && format != "json" && format != "md")
        return c.usage("margin search: unknown format '" + format +
                       "' (use table, csv, json or md)");
    indexer::SearchOptions options;
    auto number = [&](const char* name, int* target) {
        auto v = c.args.value(name);
        if (!v)
            return true;
        try {
            std::size_t used = 0;
            *target = std::stoi(*v, &used);
            return used == v->size() && *target >= 0;
        } catch (...) {
            return false;
        }
    };
    if (!number("limit", &options.limit) || !number("offset", &options.offset))
        return c.usage("margin search: --limit and --offset take a number");
    std::string order = c.args.value("order").value_or("relevance");
    if (order == "document")
        options.order = indexer::SearchOptions::Order::Document;
    else if (order != "relevance")
        return c.usage("margin search: unknown order '" + order + "' (use relevance or document)");
    options.stem = c.args.flag("stem");

    std::string query;
    for (const auto& word : c.args.arguments)
        query += (query.empty() ? "" : " ") + word;
    auto project = c.open();
    if (!project.isOk())
        return c.fail(project.status());
    auto results = (*project)->search(
        query, options, [&](const std::string& notice) { c.err << "margin: " << notice << "\n"; });
    if (!results.isOk())
        return c.fail(queryError(results.status(), query));

    auto kindOf = [](const indexer::Hit& h) {
        return h.kind ? std::string(corpus::speakerKindName(*h.kind)) : std::string();
    };
    auto stamp = [](const indexer::Hit& h) {
        return h.timestampMs ? formatTimestamp(*h.timestampMs) : std::string();
    };
    if (format == "json") {
        corpus::JsonWriter json;
        json.beginObject();
        json.key("query").value(query);
        json.key("total").value(results->total);
        json.key("offset").value(static_cast<std::int64_t>(options.offset));
        json.key("hits").beginArray();
        for (const auto& h : results->hits) {
            json.beginObject();
            json.key("document").value(h.documentName);
            json.key("participant").value(h.participant);
            json.key("speaker").value(h.speaker);
            json.key("kind").value(kindOf(h));
            json.key("timestamp");
            if (h.timestampMs)
                json.value(stamp(h));
            else
                json.null();
            json.key("start").value(static_cast<std::int64_t>(h.start));
            json.key("end").value(static_cast<std::int64_t>(h.end));
            json.key("weight").value(h.weight);
            json.key("snippet").value(h.snippet);
            json.key("snippet_start").value(static_cast<std::int64_t>(h.snippetStart));
            json.key("highlights").beginArray();
            for (const auto& [b, e] : h.highlights) {
                json.beginArray();
                json.value(static_cast<std::int64_t>(b)).value(static_cast<std::int64_t>(e));
                json.endArray();
            }
            json.endArray();
            json.endObject();
        }
        json.endArray();
        json.endObject();
        c.out << json.str();
        return kOk;
    }
    if (format == "csv") {
        Table t{
            {"document", "participant", "speaker", "kind", "timestamp", "start", "end", "snippet"},
            {false, false, false, false, false, true, true, false},
            {}};
        for (const auto& h : results->hits)
            t.rows.push_back({h.documentName, h.participant.value_or(""), h.speaker, kindOf(h),
                              stamp(h), std::to_string(h.start), std::to_string(h.end),
                              marked(h, "", "")});
        c.out << render(t, Format::Csv);
        return kOk;
    }
    const bool md = format == "md";
    std::string total =
        std::to_string(results->total) + " passage" + (results->total == 1 ? "" : "s") + " match";
    if (md)
        c.out << "**" << total << "** `" << query << "`\n\n";
    else
        c.out << total << " '" << query << "'\n";
    int rank = options.offset;
    for (const auto& h : results->hits) {
        ++rank;
        std::string where = h.documentName;
        if (!h.speaker.empty()) {
            where += " · " + h.speaker + " (" + kindOf(h);
            if (h.participant)
                where += " " + *h.participant;
            where += ")";
        }
        if (h.timestampMs)
            where += " · " + stamp(h);
        where += " · " + std::to_string(h.start) + "–" + std::to_string(h.end);
        if (md) {
            c.out << rank << ". **" << where << "**: " << marked(h, "**", "**") << "\n";
        } else {
            c.out << "\n"
                  << rank << ". " << where << "\n   "
                  << (c.terminal ? marked(h, "\033[1m", "\033[0m") : marked(h, "", "")) << "\n";
        }
    }
    if (results->total > static_cast<std::int64_t>(rank))
        c.out << (md ? "\n" : "\n") << "(" << results->total - rank << " more; use --offset "
              << rank << ")\n";
    return kOk;
}

// --- words -----------------------------------------------------------------

int runWords(Context& c) {
    int code = kOk;
    auto format = formatOf(c, &code);
    if (!format)
        return code;
    indexer::WordCountOptions options;
    options.by = c.args.value("by").value_or("");
    if (auto top = c.args.value("top")) {
        try {
            std::size_t used = 0;
            int n = std::stoi(*top, &used);
            if (used != top->size() || n < 1)
                throw std::invalid_argument("top");
            options.top = static_cast<std::size_t>(n);
        } catch (...) {
            return c.usage("margin words: --top takes a number of at least 1");
        }
    }
    std::string speaker = c.args.value("speaker").value_or("participant");
    if (speaker == "interviewer")
        options.speaker = corpus::SpeakerKind::Interviewer;
    else if (speaker == "all")
        options.speaker = std::nullopt;
    else if (speaker != "participant")
        return c.usage("margin words: --speaker is participant, interviewer or all");
    std::string stop = c.args.value("stopwords").value_or("default");
    if (stop == "default") {
        options.stopwords = indexer::stopwords();
    } else if (stop != "none") {
        std::ifstream in(stop, std::ios::binary);
        if (!in)
            return c.fail(Status::notFound(stop + ": no such stop-word file"));
        std::string line;
        while (std::getline(in, line)) {
            auto word = std::string(corpus::trimSpace(line));
            if (!word.empty() && word[0] != '#')
                options.stopwords.insert(indexer::Tokenizer::fold(word));
        }
    }
    auto project = c.open();
    if (!project.isOk())
        return c.fail(project.status());
    auto counts = indexer::countWords((*project)->store(), options);
    if (!counts.isOk())
        return c.fail(counts.status());
    Table t{{"word", "total"}, {false, true}, {}};
    if (!options.by.empty() || counts->groups.size() > 1) {
        for (const auto& g : counts->groups) {
            t.columns.push_back(g);
            t.numeric.push_back(true);
        }
    }
    for (const auto& row : counts->rows) {
        std::vector<std::string> cells{row.word, std::to_string(row.total)};
        if (t.columns.size() > 2)
            for (auto n : row.perGroup)
                cells.push_back(std::to_string(n));
        t.rows.push_back(std::move(cells));
    }
    if (*format == Format::Table && t.columns.size() > 2) {
        c.out << "words counted per group:";
        for (std::size_t i = 0; i < counts->groups.size(); ++i)
            c.out << (i ? ", " : " ") << counts->groups[i] << " " << counts->groupWords[i];
        c.out << "\n\n";
    }
    c.out << render(t, *format);
    return kOk;
}

// --- check -----------------------------------------------------------------

int runCheck(Context& c) {
    auto project = c.open();
    if (!project.isOk())
        return c.fail(project.status());
    auto problems = (*project)->store().check();
    if (!problems.isOk())
        return c.fail(problems.status());
    auto docs = (*project)->store().documents();
    if (!docs.isOk())
        return c.fail(docs.status());
    if (!problems->empty()) {
        for (const auto& p : *problems)
            c.err << "margin: " << c.project << ": " << p << "\n";
        c.err << "margin: " << c.project << ": " << problems->size() << " problem"
              << (problems->size() == 1 ? "" : "s") << " found\n";
        return kFailed;
    }
    std::int64_t turns = 0;
    for (const auto& d : *docs)
        turns += d.turnCount;
    auto codes = (*project)->codebook().codes();
    auto counts = (*project)->codebook().counts();
    if (!codes.isOk() || !counts.isOk())
        return c.fail(!codes.isOk() ? codes.status() : counts.status());
    std::int64_t codings = 0;
    for (const auto& [code, n] : *counts)
        codings += n.segments;
    c.out << c.project << ": ok (" << docs->size() << " documents, " << turns << " turns, "
          << codes->size() << " codes, " << codings << " codings)\n";
    return kOk;
}

// --- the table of commands -------------------------------------------------

std::vector<Command> commands() {
    std::vector<Command> all = {
        {{"init",
          "[PATH]",
          "Create a new, empty project file.",
          "The project is one SQLite file (conventionally NAME.margin). Nothing is\n"
          "overwritten: the command fails if PATH exists. Without PATH, the project\n"
          "named by -p or $MARGIN_PROJECT is created. With --from, the project is\n"
          "filled from a REFI-QDA project (.qdpx; see docs/REFI.md).",
          {{"from", "FILE.qdpx", "import this REFI-QDA project into the new project"}},
          0,
          1},
         false,
         runInit},
        {{"import",
          "FILE|DIR...",
          "Import transcripts (text, Word, OpenDocument, PDF, RTF, HTML, subtitles).",
          "Formats: " + corpus::formatList() +
              ".\n"
              "Each file is imported in its own transaction: a file that fails is reported\n"
              "and the others are kept. Folders are searched recursively, with a progress\n"
              "line on a terminal and a summary at the end. The encoding is\n"
              "detected (UTF-8 with or without BOM, UTF-16 with BOM, GB18030/GBK, ...)\n"
              "and speaker turns are recognised (Name:, Name：, Name :, [Name],\n"
              "[00:01:02] Name:, Otter.ai 'Name  12:34' headers). A document is named\n"
              "after its file; the non-interviewer speaker of a one-to-one interview is\n"
              "the document's participant, named after the file ('T01_x.txt' -> T01).",
          {{"encoding", "NAME", "the files' encoding, e.g. GBK, UTF-16LE (default: detect)"},
           {"name", "NAME", "the document's name (one file only)"},
           {"participant", "ID", "the interview's participant (one file only)"},
           {"interviewer", "LABELS",
            "comma-separated interviewer labels (default: Interviewer,I,Q,Int,\n" +
                std::string(28, ' ') + "Moderator,Facilitator,Researcher,Host,访谈者,采访者,...)"},
           {"speaker-pattern", "REGEX",
            "ICU regex matched at line starts; group 'speaker'\n" + std::string(28, ' ') +
                "(or 1) is the label, optional group 'time' a timestamp"},
           {"force", "", "import files whose exact bytes are already in the project"},
           {"skip-existing", "", "skip files already in the project instead of failing"}},
          1,
          -1},
         true,
         runImport},
        {{"docs", "", "List the documents with participants and turn counts.", "", {kFormat}, 0, 0},
         true,
         runDocs},
        {{"participants",
          "[import CSV]",
          "List participants, or import them from a sheet.",
          "participants.csv (RFC 4180, UTF-8 with or without BOM) has a 'participant'\n"
          "column, an optional 'document' column (document names, ';' between several)\n"
          "and any attribute columns. A header 'years:number' declares a type (text,\n"
          "number, category); otherwise it is inferred. The whole sheet is applied in\n"
          "one transaction, or not at all. The sheet's encoding is detected like a\n"
          "transcript's (Excel on a Chinese system saves GBK); --encoding names it.",
          {kFormat, {"encoding", "NAME", "the sheet's encoding, e.g. GBK (default: detect)"}},
          0,
          2},
         true,
         runParticipants},
        {{"show",
          "DOC",
          "Show a transcript with its speaker turns.",
          "DOC is a document's name or id. --format json gives each turn's speaker,\n"
          "kind, participant, start and end (code points, end exclusive), timestamp\n"
          "and text.",
          {{"format", "FORMAT", "text (default) or json"}},
          1,
          1},
         true,
         runShow},
        {{"index",
          "",
          "Show whether the search index is up to date, or rebuild it.",
          "The index (PROJECT-index/ beside the project) is derived from the project\n"
          "and kept up to date on import; a missing or out-of-date index is noticed\n"
          "and rebuilt by the next search.",
          {{"rebuild", "", "rebuild the index from the project now"}},
          0,
          0},
         true,
         runIndex},
        {{"search",
          "QUERY...",
          "Find passages: words, \"phrases\", Chinese strings, AND/OR/NOT, filters.",
          "Words match whole words, case-insensitively; Chinese characters match\n"
          "wherever they stand together. Operators: AND (or just a space), OR, NOT,\n"
          "( ), \"exact phrase\", word NEAR/3 word, teach*. Filters: doc:T03,\n"
          "participant:S05, speaker:participant|interviewer, any attribute such as\n"
          "role:enterprise; -filter:value excludes. See docs/SEARCH.md.",
          {{"limit", "N", "show at most N passages (default 20)"},
           {"offset", "N", "skip the first N passages"},
           {"order", "ORDER", "relevance (default) or document"},
           {"stem", "", "match English words by their stem (teaching ~ teachers)"},
           {"format", "FORMAT", "table (default), csv, json or md"}},
          1,
          -1,
          /*dashArguments=*/true},
         true,
         runSearch},
        {{"words",
          "",
          "Count words overall and per group of participants.",
          "Words are dictionary words (Chinese segmented by ICU's dictionary), counted\n"
          "in the participants' turns (--speaker to change), without stop words. With\n"
          "--by ATTR there is one column per value of the attribute (role: teacher,\n"
          "student, enterprise) to compare how groups talk.",
          {{"by", "ATTR", "one column per value of this participant attribute"},
           {"top", "N", "the N most frequent words (default 30)"},
           {"stopwords", "LIST", "default (English and Chinese), none, or a file, one per line"},
           {"speaker", "KIND", "participant (default), interviewer or all"},
           kFormat},
          0,
          0},
         true,
         runWords},
        {{"check",
          "",
          "Check the project's integrity.",
          "Runs SQLite's integrity and foreign-key checks and Margin's own invariants:\n"
          "every offset inside its document, turns not overlapping, texts normalised.\n"
          "Exits 1 when a problem is found.",
          {},
          0,
          0},
         true,
         runCheck},
    };
    for (auto& c : codingCommands())
        all.push_back(std::move(c));
    for (auto& c : tableImportCommands())
        all.push_back(std::move(c));
    for (auto& c : teamCommands())
        all.push_back(std::move(c));
    for (auto& c : agreementCommands())
        all.push_back(std::move(c));
    for (auto& c : reliabilityCommands())
        all.push_back(std::move(c));
    for (auto& c : refiCommands())
        all.push_back(std::move(c));
    return all;
}

std::string mainHelp() {
    std::string out =
        "usage: margin [-p PROJECT] COMMAND [options] [arguments]\n\n"
        "Margin: qualitative coding of interview transcripts.\n\ncommands:\n";
    for (const auto& c : commands()) {
        std::string left = "  " + c.spec.name;
        left.append(left.size() < 16 ? 16 - left.size() : 1, ' ');
        out += left + c.spec.summary + "\n";
    }
    out +=
        "\nThe project is -p PROJECT, else $MARGIN_PROJECT. 'margin COMMAND --help'\n"
        "describes a command. Exit status: 0 success, 1 failure, 2 usage error.\n";
    return out;
}

}  // namespace

int run(const std::vector<std::string>& args, const std::string& projectFromEnv, std::ostream& out,
        std::ostream& err) {
    std::optional<std::string> project;
    std::size_t i = 0;
    for (; i < args.size(); ++i) {
        const std::string& a = args[i];
        if (a == "-h" || a == "--help" || a == "help") {
            out << mainHelp();
            return kOk;
        }
        if (a == "--version") {
            out << "margin 0.1.0 (" << indexer::engineVersions() << ")\n";
            return kOk;
        }
        if (a == "-p" || a == "--project") {
            if (i + 1 >= args.size()) {
                err << "margin: option " << a << " needs a PROJECT\n";
                return kUsage;
            }
            project = args[++i];
            continue;
        }
        if (a.starts_with("--project=")) {
            project = a.substr(10);
            continue;
        }
        if (a.starts_with("-")) {
            err << "margin: unknown option '" << a << "' (see 'margin --help')\n";
            return kUsage;
        }
        break;
    }
    if (i >= args.size()) {
        err << mainHelp();
        return kUsage;
    }
    const std::string name = args[i];
    for (auto& command : commands()) {
        if (command.spec.name != name)
            continue;
        Context c{{}, "", out, err, &out == &std::cout && isatty(1)};
        std::vector<std::string> rest(args.begin() + static_cast<std::ptrdiff_t>(i) + 1,
                                      args.end());
        if (auto error = parseCommandLine(command.spec, rest, c.args))
            return c.usage(*error);
        if (c.args.help) {
            out << helpText(command.spec);
            return kOk;
        }
        if (c.args.project)
            project = c.args.project;
        c.project = project.value_or(projectFromEnv);
        if (command.needsProject) {
            if (c.project.empty())
                return c.usage("margin " + name +
                               ": no project given (use -p PROJECT or set MARGIN_PROJECT)");
        }
        return command.run(c);
    }
    err << "margin: unknown command '" << name << "' (see 'margin --help')\n";
    return kUsage;
}

}  // namespace margin::cli
