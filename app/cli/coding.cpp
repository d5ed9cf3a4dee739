// The coding and analysis commands of `margin`: codes, code, codings,
// autocode, undo, redo, history, quotes, table, cooccur, suggest.
#include <charconv>
#include <iostream>
#include <iterator>

#include "app/cli/command.h"
#include "codebook/exchange.h"
#include "codebook/report.h"
#include "codebook/spans.h"
#include "codebook/tables.h"
#include "corpus/encoding.h"
#include "corpus/importer.h"
#include "corpus/offsets.h"

namespace margin::cli {

namespace report = codebook::report;

// Writes `tables` as the command line asked: --format (or the -o file's
// extension), to -o FILE or the terminal.
int emit(Context& c, const std::vector<report::Table>& tables, const std::string& formats,
         const std::string& defaultFormat) {
    auto output = c.args.value("output");
    std::optional<report::Format> format;
    if (auto name = c.args.value("format")) {
        format = report::parseFormat(*name);
        if (!format)
            return c.usage("margin: unknown format '" + *name + "' (use " + formats + ")");
    } else if (output) {
        format = report::formatForPath(*output);
    }
    if (!format)
        format = report::parseFormat(defaultFormat);
    report::Options options;
    options.excelBom = c.args.flag("excel");
    if (output) {
        Status s = report::writeFile(*output, tables, *format, options, c.args.flag("force"));
        if (!s.isOk())
            return c.fail(s);
        c.err << "margin: wrote " << *output << "\n";
        return kOk;
    }
    if (*format == report::Format::Xlsx)
        return c.usage("margin: XLSX goes to a file: add -o FILE.xlsx");
    options.color = c.terminal && *format == report::Format::Text;
    c.out << report::render(tables, *format, options);
    return kOk;
}

// --codes PATH (repeatable; a comma-separated list also works): the codes
// and their sub-codes; empty for all.
Result<std::vector<codebook::CodeId>> codeScope(app::Project& p, const Context& c) {
    std::vector<codebook::CodeId> ids;
    auto addTree = [&](codebook::CodeId id) -> Status {
        auto sub = p.codebook().withDescendants(id);
        if (!sub.isOk())
            return sub.status();
        ids.insert(ids.end(), sub->begin(), sub->end());
        return Status::ok();
    };
    for (const auto& value : c.args.all("codes")) {
        // A whole path first (a name may hold a comma), then a list.
        if (auto code = p.codebook().findCode(value); code.isOk()) {
            if (Status s = addTree(code->id); !s.isOk())
                return s;
            continue;
        }
        for (const auto& path : splitList(value)) {
            auto code = p.codebook().findCode(path);
            if (!code.isOk())
                return code.status();
            if (Status s = addTree(code->id); !s.isOk())
                return s;
        }
    }
    return ids;
}

namespace {

// --- shared ------------------------------------------------------------------

const OptionSpec kOutput{"output", "FILE", "write to FILE (-o FILE) instead of the terminal"};
const OptionSpec kForce{"force", "", "replace FILE if it exists"};
const OptionSpec kExcel{"excel", "", "CSV/TSV: start with a byte-order mark, so Excel reads UTF-8"};
const OptionSpec kCoder{"coder", "NAME", "the coder (default: $MARGIN_CODER, else the project's)"};

// A codebook or codings CSV as text: read with the importer's checks and
// limits, decoded like a transcript (Excel saves GBK or UTF-16 too).
Result<std::string> readFile(const std::string& path) {
    auto bytes = corpus::readImportFile(path);
    if (!bytes.isOk())
        return bytes.status();
    auto text = corpus::decodeText(*bytes);
    if (!text.isOk())
        return text.status().withContext(path);
    return corpus::normalizeText(text->utf8);
}

Result<int> number(const Context& c, const char* name, int fallback) {
    auto v = c.args.value(name);
    if (!v)
        return fallback;
    try {
        std::size_t used = 0;
        int n = std::stoi(*v, &used);
        if (used == v->size() && n >= 0)
            return n;
    } catch (...) {
    }
    return Status::invalidInput(std::string("--") + name + " takes a number, not '" + *v + "'");
}

// A whole integer (a coding id, an offset), or nothing: "12abc" is not 12.
std::optional<std::int64_t> integer(const std::string& text) {
    std::int64_t n = 0;
    const char* end = text.data() + text.size();
    auto [used, error] = std::from_chars(text.data(), end, n);
    if (error != std::errc() || used != end)
        return std::nullopt;
    return n;
}

void describe(Context& c, const codebook::Change& change) {
    if (change.operation == 0) {
        c.out << "nothing changed";
        if (change.skipped)
            c.out << " (" << change.skipped << " coding" << (change.skipped == 1 ? "" : "s")
                  << " already there)";
        c.out << "\n";
        return;
    }
    c.out << change.description;
    if (change.skipped)
        c.out << " (" << change.skipped << " already there, skipped)";
    c.out << "\n";
}

codebook::CodeFields fieldsFrom(const Context& c) {
    codebook::CodeFields f;
    f.color = c.args.value("color");
    f.definition = c.args.value("definition");
    f.whenToUse = c.args.value("when-to-use");
    f.whenNotToUse = c.args.value("when-not-to-use");
    f.example = c.args.value("example");
    f.memo = c.args.value("memo");
    return f;
}

// --- codes -------------------------------------------------------------------

int runCodes(Context& c) {
    const auto& a = c.args.arguments;
    const std::string sub = a.empty() ? "list" : a[0];
    auto want = [&](std::size_t n, const char* usage) -> std::optional<int> {
        if (a.size() != n + 1)
            return c.usage(std::string("margin codes ") + usage + " (see 'margin codes --help')");
        return std::nullopt;
    };
    auto project = c.open();
    if (!project.isOk())
        return c.fail(project.status());
    auto& p = **project;
    auto mutate = [&](const std::function<Result<codebook::Change>(codebook::Codebook&)>& f) {
        auto change = p.change(f);
        if (!change.isOk())
            return c.fail(change.status());
        describe(c, *change);
        return kOk;
    };
    if (sub == "list") {
        if (a.size() > 1)
            return c.usage("margin codes: unknown subcommand '" + a[1] + "'");
        auto codes = p.codebook().codes();
        auto counts = p.codebook().counts();
        if (!codes.isOk() || !counts.isOk())
            return c.fail(!codes.isOk() ? codes.status() : counts.status());
        return emit(c, {codebook::codesReport(*codes, *counts)}, "table, csv, tsv, json or md");
    }
    if (sub == "add") {
        if (auto u = want(1, "add PATH"))
            return *u;
        return mutate([&](codebook::Codebook& b) { return b.addCode(a[1], fieldsFrom(c)); });
    }
    if (sub == "edit") {
        if (auto u = want(1, "edit PATH --definition TEXT ..."))
            return *u;
        return mutate([&](codebook::Codebook& b) { return b.updateCode(a[1], fieldsFrom(c)); });
    }
    if (sub == "rename") {
        if (auto u = want(2, "rename PATH NEW-NAME"))
            return *u;
        return mutate([&](codebook::Codebook& b) { return b.renameCode(a[1], a[2]); });
    }
    if (sub == "move") {
        if (a.size() == 2 && c.args.flag("top"))
            return mutate([&](codebook::Codebook& b) { return b.moveCode(a[1], ""); });
        if (auto u = want(2, "move PATH NEW-PARENT (or --top)"))
            return *u;
        return mutate([&](codebook::Codebook& b) { return b.moveCode(a[1], a[2]); });
    }
    if (sub == "merge") {
        if (auto u = want(2, "merge FROM INTO"))
            return *u;
        return mutate([&](codebook::Codebook& b) { return b.mergeCode(a[1], a[2]); });
    }
    if (sub == "delete") {
        if (auto u = want(1, "delete PATH [--force]"))
            return *u;
        return mutate(
            [&](codebook::Codebook& b) { return b.deleteCode(a[1], c.args.flag("force")); });
    }
    if (sub == "import") {
        if (auto u = want(1, "import FILE.csv"))
            return *u;
        auto text = readFile(a[1]);
        if (!text.isOk())
            return c.fail(text.status());
        auto rows = codebook::readCodebookCsv(*text, a[1]);
        if (!rows.isOk())
            return c.fail(rows.status());
        codebook::CodebookImportReport summary;
        auto change = p.change([&](codebook::Codebook& b) -> Result<codebook::Change> {
            auto r = b.importCodebook(*rows);
            if (!r.isOk())
                return r.status();
            summary = *r;
            return r->change;
        });
        if (!change.isOk())
            return c.fail(change.status().withContext(a[1]));
        c.out << a[1] << ": " << summary.added << " codes added, " << summary.updated
              << " updated, " << summary.unchanged << " unchanged\n";
        return kOk;
    }
    if (sub == "export") {
        if (a.size() != 1)
            return c.usage("margin codes export [--format csv|md] [-o FILE]");
        auto codes = p.codebook().codes();
        auto counts = p.codebook().counts();
        if (!codes.isOk() || !counts.isOk())
            return c.fail(!codes.isOk() ? codes.status() : counts.status());
        std::string format = c.args.value("format").value_or("");
        auto output = c.args.value("output");
        if (format.empty())
            format = output && output->ends_with(".md") ? "md" : "csv";
        if (format != "csv" && format != "md")
            return c.usage("margin codes export: --format is csv or md");
        std::string title = "Codebook: " + p.store().path().stem().string();
        std::string text = format == "csv" ? codebook::codebookCsv(*codes)
                                           : codebook::codebookMarkdown(*codes, *counts, title);
        if (!output) {
            c.out << text;
            return kOk;
        }
        if (Status s = report::writeTextFile(*output, text, c.args.flag("force")); !s.isOk())
            return c.fail(s);
        c.err << "margin: wrote " << *output << "\n";
        return kOk;
    }
    return c.usage("margin codes: unknown subcommand '" + sub +
                   "' (list, add, edit, rename, move, merge, delete, import, export)");
}

// --- code --------------------------------------------------------------------

int runCode(Context& c) {
    auto codePath = c.args.value("code");
    if (!codePath)
        return c.usage("margin code: --code PATH is required");
    auto quote = c.args.value("quote");
    auto start = c.args.value("start"), end = c.args.value("end");
    if (quote.has_value() == (start.has_value() || end.has_value()))
        return c.usage("margin code: give --quote TEXT or --start N --end N");
    if (!quote && !(start && end))
        return c.usage("margin code: --start and --end go together");
    auto snap = codebook::parseSnap(c.args.value("snap").value_or("none"));
    if (!snap)
        return c.usage("margin code: --snap is word, turn or none");
    auto occurrence = number(c, "occurrence", 0);
    if (!occurrence.isOk())
        return c.usage("margin code: " + occurrence.status().message());
    if (c.args.value("occurrence") && *occurrence == 0)
        return c.usage("margin code: --occurrence counts from 1 (the first occurrence)");

    auto project = c.open();
    if (!project.isOk())
        return c.fail(project.status());
    auto& p = **project;
    auto coder = p.coder(c.args.value("coder").value_or(""));
    if (!coder.isOk())
        return c.fail(coder.status());
    codebook::CodingRow row;
    row.line = 0;
    row.document = c.args.arguments[0];
    row.code = *codePath;
    row.memo = c.args.value("memo").value_or("");
    if (quote) {
        row.quote = *quote;
        if (*occurrence > 0)
            row.occurrence = *occurrence;
    } else {
        auto first = integer(*start), last = integer(*end);
        if (!first || !last)
            return c.usage("margin code: --start and --end take numbers");
        row.start = *first;
        row.end = *last;
    }
    auto codings = codebook::resolveCodings(p.store(), p.codebook(), {row}, *coder, "", *snap);
    if (!codings.isOk()) {
        std::string message = codings.status().message();
        if (message.starts_with(": line 0: "))
            message = message.substr(10);
        return c.fail(Status::invalidInput(message));
    }
    auto change = p.change([&](codebook::Codebook& b) {
        return b.addCodings(*codings,
                            "code " + row.document + " [" + std::to_string(codings->front().start) +
                                ", " + std::to_string(codings->front().end) + ") as " + *codePath);
    });
    if (!change.isOk())
        return c.fail(change.status());
    describe(c, *change);
    return kOk;
}

// --- codings -----------------------------------------------------------------

int runCodings(Context& c) {
    const auto& a = c.args.arguments;
    const std::string sub = a.empty() ? "list" : a[0];
    auto project = c.open();
    if (!project.isOk())
        return c.fail(project.status());
    auto& p = **project;
    if (sub == "import") {
        if (a.size() != 2)
            return c.usage("margin codings import FILE.csv");
        auto text = readFile(a[1]);
        if (!text.isOk())
            return c.fail(text.status());
        auto rows = codebook::readCodingsCsv(*text, a[1]);
        if (!rows.isOk())
            return c.fail(rows.status());
        auto coder = p.coder(c.args.value("coder").value_or(""));
        if (!coder.isOk())
            return c.fail(coder.status());
        auto codings = codebook::resolveCodings(p.store(), p.codebook(), *rows, *coder, a[1]);
        if (!codings.isOk())
            return c.fail(codings.status());
        auto change = p.change([&](codebook::Codebook& b) {
            return b.addCodings(
                *codings, "import codings from " + std::filesystem::path(a[1]).filename().string());
        });
        if (!change.isOk())
            return c.fail(change.status().withContext(a[1]));
        c.out << a[1] << ": " << change->created.size() << " codings added";
        if (change->skipped)
            c.out << ", " << change->skipped << " already there";
        c.out << "\n";
        return kOk;
    }
    if (sub == "remove") {
        if (a.size() < 2)
            return c.usage("margin codings remove ID...");
        std::vector<codebook::CodingId> ids;
        for (std::size_t i = 1; i < a.size(); ++i) {
            auto id = integer(a[i]);
            if (!id)
                return c.usage("margin codings remove: '" + a[i] + "' is not a coding id");
            ids.push_back(*id);
        }
        auto change = p.change([&](codebook::Codebook& b) { return b.removeCodings(ids); });
        if (!change.isOk())
            return c.fail(change.status());
        describe(c, *change);
        return kOk;
    }
    if (sub == "memo") {
        if (a.size() != 3)
            return c.usage("margin codings memo ID TEXT");
        auto id = integer(a[1]);
        if (!id)
            return c.usage("margin codings memo: '" + a[1] + "' is not a coding id");
        auto change = p.change([&](codebook::Codebook& b) { return b.setCodingMemo(*id, a[2]); });
        if (!change.isOk())
            return c.fail(change.status());
        describe(c, *change);
        return kOk;
    }
    if (sub != "list" || a.size() > 1)
        return c.usage("margin codings: unknown subcommand '" + sub +
                       "' (list, import, remove, memo)");
    std::optional<corpus::DocumentId> document;
    if (auto name = c.args.value("doc")) {
        auto info = p.store().findDocument(*name);
        if (!info.isOk())
            return c.fail(info.status());
        document = info->id;
    }
    auto codes = p.codebook().codes();
    auto codings = p.codebook().codings(document);
    auto docs = p.store().documents();
    if (!codes.isOk() || !codings.isOk() || !docs.isOk())
        return c.fail(!codes.isOk()     ? codes.status()
                      : !codings.isOk() ? codings.status()
                                        : docs.status());
    std::map<codebook::CodeId, std::string> paths;
    for (const auto& code : *codes)
        paths[code.id] = code.path;
    std::map<corpus::DocumentId, std::string> names;
    for (const auto& d : *docs)
        names[d.id] = d.name;
    using Kind = report::Column::Kind;
    report::Table t;
    t.title = "Codings";
    t.columns = {{"id", Kind::Integer},  {"document", Kind::Text}, {"start", Kind::Integer},
                 {"end", Kind::Integer}, {"code", Kind::Text},     {"coder", Kind::Text},
                 {"memo", Kind::Text}};
    auto coder = c.args.value("coder");  // list: only this coder's codings
    for (const auto& k : *codings) {
        if (coder && k.coder != *coder)
            continue;
        t.rows.push_back({{k.id, names[k.document], static_cast<std::int64_t>(k.start),
                           static_cast<std::int64_t>(k.end), paths[k.code], k.coder, k.memo}});
    }
    return emit(c, {t}, "table, csv, tsv, json or md");
}

// --- autocode ----------------------------------------------------------------

int runAutocode(Context& c) {
    auto codePath = c.args.value("code");
    if (!codePath)
        return c.usage("margin autocode: --code PATH is required");
    app::Project::AutocodeOptions options;
    std::string unit = c.args.value("unit").value_or("match");
    if (unit == "match")
        options.unit = app::Project::AutocodeOptions::Unit::Match;
    else if (unit == "sentence")
        options.unit = app::Project::AutocodeOptions::Unit::Sentence;
    else if (unit == "turn")
        options.unit = app::Project::AutocodeOptions::Unit::Turn;
    else
        return c.usage("margin autocode: --unit is match, sentence or turn");
    std::string speaker = c.args.value("speaker").value_or("participant");
    if (speaker == "participant")
        options.speaker = corpus::SpeakerKind::Participant;
    else if (speaker == "interviewer")
        options.speaker = corpus::SpeakerKind::Interviewer;
    else if (speaker == "any")
        options.speaker.reset();
    else
        return c.usage("margin autocode: --speaker is participant, interviewer or any");
    std::string query;
    for (const auto& word : c.args.arguments)
        query += (query.empty() ? "" : " ") + word;

    auto project = c.open();
    if (!project.isOk())
        return c.fail(project.status());
    auto& p = **project;
    auto code = p.codebook().findCode(*codePath);
    if (!code.isOk())
        return c.fail(code.status());
    auto coder = p.coder(c.args.value("coder").value_or(""));
    if (!coder.isOk())
        return c.fail(coder.status());
    options.coder = *coder;
    auto plan = p.planAutocode(query, code->id, options,
                               [&](const std::string& n) { c.err << "margin: " << n << "\n"; });
    if (!plan.isOk())
        return c.fail(queryError(plan.status(), query));
    if (c.args.flag("dry-run")) {
        auto docs = p.store().documents();
        if (!docs.isOk())
            return c.fail(docs.status());
        std::map<corpus::DocumentId, std::string> names;
        for (const auto& d : *docs)
            names[d.id] = d.name;
        using Kind = report::Column::Kind;
        report::Table t;
        t.title = "Would code as " + code->path;
        t.notes.push_back(std::to_string(plan->codings.size()) + " spans in " +
                          std::to_string(plan->hits) + " passages; nothing was changed.");
        t.columns = {{"document", Kind::Text},
                     {"start", Kind::Integer},
                     {"end", Kind::Integer},
                     {"text", Kind::Text}};
        std::map<corpus::DocumentId, std::string> texts;
        for (const auto& k : plan->codings) {
            if (!texts.count(k.document)) {
                auto text = p.store().documentText(k.document);
                texts[k.document] = text.isOk() ? *text : "";
            }
            auto slice = corpus::sliceChars(texts[k.document], k.start, k.end);
            t.rows.push_back(
                {{names[k.document], static_cast<std::int64_t>(k.start),
                  static_cast<std::int64_t>(k.end), slice ? std::string(*slice) : std::string()}});
        }
        return emit(c, {t}, "table, csv, tsv, json or md");
    }
    if (plan->codings.empty()) {
        c.out << "no passages found: nothing coded\n";
        return kOk;
    }
    auto change = p.change([&](codebook::Codebook& b) {
        return b.addCodings(plan->codings, "autocode '" + query + "' as " + code->path + " (" +
                                               std::to_string(plan->codings.size()) + " spans)");
    });
    if (!change.isOk())
        return c.fail(change.status());
    c.out << "coded " << change->created.size() << " spans in " << change->documents.size()
          << " documents as " << code->path;
    if (change->skipped)
        c.out << " (" << change->skipped << " already coded)";
    c.out << "; 'margin undo' reverts it\n";
    return kOk;
}

// --- undo, redo, history -----------------------------------------------------

int runStep(Context& c, bool undo) {
    auto project = c.open();
    if (!project.isOk())
        return c.fail(project.status());
    auto change = undo ? (*project)->undo() : (*project)->redo();
    if (!change.isOk())
        return c.fail(change.status());
    c.out << (undo ? "undid: " : "redid: ") << change->description << "\n";
    return kOk;
}

int runHistory(Context& c) {
    auto limit = number(c, "limit", 20);
    if (!limit.isOk())
        return c.usage("margin history: " + limit.status().message());
    auto project = c.open();
    if (!project.isOk())
        return c.fail(project.status());
    auto history = (*project)->codebook().history(*limit);
    if (!history.isOk())
        return c.fail(history.status());
    using Kind = report::Column::Kind;
    report::Table t;
    t.title = "History";
    t.columns = {{"operation", Kind::Integer},
                 {"when", Kind::Text},
                 {"state", Kind::Text},
                 {"description", Kind::Text}};
    for (const auto& h : *history)
        t.rows.push_back(
            {{h.operation, h.createdAt, std::string(h.undone ? "undone" : "done"), h.description}});
    return emit(c, {t}, "table, csv, tsv, json or md");
}

// --- analysis ------------------------------------------------------------------

Result<codebook::Speech> speechOf(const Context& c) {
    auto speech = codebook::parseSpeech(c.args.value("speaker").value_or("participant"));
    if (!speech)
        return Status::invalidInput("--speaker is participant or any");
    return *speech;
}

int runTable(Context& c) {
    auto by = c.args.value("by");
    std::string layout = c.args.value("layout").value_or("wide");
    if (layout != "wide" && layout != "long" && layout != "matrix")
        return c.usage("margin table: --layout is wide, long or matrix");
    if (!by && layout != "matrix")
        return c.usage("margin table: --by ATTR is required (e.g. --by role)");
    auto measures = codebook::parseMeasures(
        c.args.value("measure").value_or("segments,documents,participants,percent"));
    if (!measures.isOk())
        return c.usage("margin table: " + measures.status().message());
    auto speech = speechOf(c);
    if (!speech.isOk())
        return c.usage("margin table: " + speech.status().message());
    auto project = c.open();
    if (!project.isOk())
        return c.fail(project.status());
    auto& p = **project;
    codebook::Scope scope;
    auto codes = codeScope(p, c);
    if (!codes.isOk())
        return c.fail(codes.status());
    scope.codes = *codes;
    scope.rollup = c.args.flag("rollup");
    scope.speech = *speech;
    scope.coder = c.args.value("coder");
    const std::string formats = "table, csv, tsv, json, md, xlsx or html";
    if (layout == "matrix") {
        auto table = codebook::groupTable(p.store(), p.codebook(), "participant",
                                          {codebook::Measure::Segments}, scope);
        auto people = p.store().participants();
        auto attributes = p.store().attributes();
        if (!table.isOk())
            return c.fail(table.status());
        if (!people.isOk() || !attributes.isOk())
            return c.fail(!people.isOk() ? people.status() : attributes.status());
        return emit(c,
                    {codebook::presenceReport(*table, *people, *attributes, c.args.flag("counts"))},
                    formats);
    }
    auto table = codebook::groupTable(p.store(), p.codebook(), *by, *measures, scope);
    if (!table.isOk())
        return c.fail(table.status());
    return emit(c,
                {codebook::groupReport(
                    *table, layout == "long" ? codebook::Layout::Long : codebook::Layout::Wide)},
                formats);
}

int runCooccur(Context& c) {
    auto unit = codebook::parseCoUnit(c.args.value("unit").value_or("span"));
    if (!unit)
        return c.usage("margin cooccur: --unit is span, turn or document");
    auto project = c.open();
    if (!project.isOk())
        return c.fail(project.status());
    auto& p = **project;
    codebook::Scope scope;
    auto codes = codeScope(p, c);
    if (!codes.isOk())
        return c.fail(codes.status());
    scope.codes = *codes;
    scope.rollup = c.args.flag("rollup");
    scope.coder = c.args.value("coder");
    auto matrix = codebook::cooccurrence(p.store(), p.codebook(), *unit, scope);
    if (!matrix.isOk())
        return c.fail(matrix.status());
    return emit(c, {codebook::cooccurrenceReport(*matrix)},
                "table, csv, tsv, json, md, xlsx or html");
}

int runQuotes(Context& c) {
    auto codePaths = c.args.all("code");
    if (codePaths.empty())
        return c.usage("margin quotes: --code PATH is required");
    auto context = number(c, "context", 0);
    if (!context.isOk())
        return c.usage("margin quotes: " + context.status().message());
    auto speech = speechOf(c);
    if (!speech.isOk())
        return c.usage("margin quotes: " + speech.status().message());
    codebook::QuoteOptions options;
    for (const auto& w : c.args.all("where")) {
        auto eq = w.find('=');
        if (eq == std::string::npos || eq == 0)
            return c.usage("margin quotes: --where takes ATTR=VALUE, not '" + w + "'");
        options.where.emplace_back(std::string(corpus::trimSpace(w.substr(0, eq))),
                                   std::string(corpus::trimSpace(w.substr(eq + 1))));
    }
    auto project = c.open();
    if (!project.isOk())
        return c.fail(project.status());
    auto& p = **project;
    for (const auto& path : codePaths) {
        auto code = p.codebook().findCode(path);
        if (!code.isOk())
            return c.fail(code.status());
        if (c.args.flag("with-subcodes")) {
            auto sub = p.codebook().withDescendants(code->id);
            if (!sub.isOk())
                return c.fail(sub.status());
            options.scope.codes.insert(options.scope.codes.end(), sub->begin(), sub->end());
        } else {
            options.scope.codes.push_back(code->id);
        }
    }
    options.scope.coder = c.args.value("coder");
    options.scope.speech = *speech;
    options.context = *context;
    auto quotes = p.quotes(options, c.args.value("query").value_or(""),
                           [&](const std::string& n) { c.err << "margin: " << n << "\n"; });
    if (!quotes.isOk())
        return c.fail(quotes.status());
    auto attributes = p.store().attributes();
    if (!attributes.isOk())
        return c.fail(attributes.status());
    return emit(c, {codebook::quotesReport(*quotes, *attributes, *context > 0)},
                "table, csv, tsv, json, md, xlsx or html");
}

int runSuggest(Context& c) {
    auto codePath = c.args.value("code");
    if (!codePath)
        return c.usage("margin suggest: --code PATH is required");
    auto limit = number(c, "limit", 10);
    if (!limit.isOk())
        return c.usage("margin suggest: " + limit.status().message());
    auto project = c.open();
    if (!project.isOk())
        return c.fail(project.status());
    auto suggestions = (*project)->suggest(
        *codePath, *limit, [&](const std::string& n) { c.err << "margin: " << n << "\n"; });
    if (!suggestions.isOk())
        return c.fail(suggestions.status());
    if (suggestions->codedPassages == 0) {
        c.out << "no passage is coded with " << *codePath
              << " yet: code a few, then ask for suggestions\n";
        return kOk;
    }
    using Kind = report::Column::Kind;
    report::Table t;
    t.title = "Passages like those coded " + *codePath;
    t.notes.push_back("From " + std::to_string(suggestions->codedPassages) +
                      " coded passages; matched on: " + joined(suggestions->terms, ", "));
    t.columns = {{"document", Kind::Text}, {"participant", Kind::Text}, {"start", Kind::Integer},
                 {"end", Kind::Integer},   {"score", Kind::Real},       {"text", Kind::Text}};
    for (const auto& h : suggestions->results.hits) {
        std::string snippet = h.snippet;
        for (char& ch : snippet)
            if (ch == '\n')
                ch = ' ';
        t.rows.push_back(
            {{h.documentName, h.participant.value_or(""), static_cast<std::int64_t>(h.start),
              static_cast<std::int64_t>(h.end), h.weight, snippet}});
    }
    return emit(c, {t}, "table, csv, tsv, json or md");
}

const OptionSpec kTableFormat{"format", "FORMAT",
                              "table (default), csv, tsv, json, md, xlsx, html"};
const OptionSpec kCodesOption{"codes", "PATHS",
                              "only these codes and their sub-codes (comma-separated)"};

}  // namespace

std::vector<Command> codingCommands() {
    return {
        {{"codes",
          "[SUBCOMMAND ...]",
          "List and edit the codebook.",
          "  codes                         the code tree with codings and documents per code\n"
          "  codes add PATH                a code; 'Predicaments/Faculty shortage' makes parents\n"
          "  codes edit PATH               set --color, --definition, --when-to-use, ...\n"
          "  codes rename PATH NAME        codes move PATH PARENT (or --top)\n"
          "  codes merge FROM INTO         FROM's codings move to INTO (duplicates collapse)\n"
          "  codes delete PATH [--force]   --force also deletes the code's codings\n"
          "  codes import FILE.csv         add and update codes (columns: path, color,\n"
          "                                definition, when_to_use, when_not_to_use, example, "
          "memo)\n"
          "  codes export [--format csv|md] [-o FILE]\n"
          "A code is named by its path or, when unique, by its name. Every change can\n"
          "be undone with 'margin undo'.",
          {{"color", "#RRGGBB", "the code's colour"},
           {"definition", "TEXT", "what the code means"},
           {"when-to-use", "TEXT", "when to apply it"},
           {"when-not-to-use", "TEXT", "when not to"},
           {"example", "TEXT", "an example quote"},
           {"memo", "TEXT", "a free memo"},
           {"top", "", "codes move: to the top level"},
           {"force", "", "codes delete: delete codings too; export: replace FILE"},
           {"format", "FORMAT", "table (default), csv, tsv, json, md"},
           kOutput},
          0,
          3},
         true,
         runCodes},
        {{"code",
          "DOC",
          "Code a span of a document.",
          "The span is --quote \"exact words\" (which must occur once, or pick one with\n"
          "--occurrence N) or --start N --end N in characters (code points, end\n"
          "exclusive; see 'margin show DOC --format json'). --snap word widens it to\n"
          "whole words, --snap turn to the whole speaker turn.",
          {{"code", "PATH", "the code (required)"},
           {"quote", "TEXT", "the words to code, exactly as in the text"},
           {"occurrence", "N", "which occurrence of the quote (1 = first)"},
           {"start", "N", "the span's first character"},
           {"end", "N", "the character after the span"},
           {"snap", "UNIT", "widen the span: word, turn or none (default)"},
           {"memo", "TEXT", "a memo on this coding"},
           kCoder},
          1,
          1},
         true,
         runCode},
        {{"codings",
          "[list|import FILE|remove ID...|memo ID TEXT]",
          "List, import or remove codings.",
          "codings import FILE.csv applies a file of codings in one undoable step;\n"
          "columns: document, code, quote (and occurrence) or start and end, coder, memo.\n"
          "With --coder NAME the list shows only that coder's codings.",
          {{"doc", "DOC", "list: only this document"},
           kCoder,
           {"format", "FORMAT", "table (default), csv, tsv, json, md"},
           kOutput,
           kForce},
          0,
          -1},
         true,
         runCodings},
        {{"autocode",
          "QUERY...",
          "Code every passage a search finds.",
          "Each hit of QUERY (the search language, see 'margin search --help') becomes\n"
          "a coding: the matched words (--unit match), their sentence, or the whole\n"
          "turn. Only participant speech unless --speaker says otherwise. One\n"
          "auto-coding is one step of 'margin undo'.",
          {{"code", "PATH", "the code to apply (required)"},
           {"unit", "UNIT", "match (default), sentence or turn"},
           {"speaker", "KIND", "participant (default), interviewer or any"},
           {"dry-run", "", "list what would be coded; change nothing"},
           kCoder,
           {"format", "FORMAT", "dry run: table (default), csv, json, md"}},
          1,
          -1,
          /*dashArguments=*/true},
         true,
         runAutocode},
        {{"undo", "", "Undo the last change to codes or codings.", "", {}, 0, 0},
         true,
         [](Context& c) { return runStep(c, true); }},
        {{"redo", "", "Redo what 'undo' undid.", "", {}, 0, 0},
         true,
         [](Context& c) { return runStep(c, false); }},
        {{"history",
          "",
          "List recent changes to codes and codings.",
          "",
          {{"limit", "N", "how many (default 20)"}, {"format", "FORMAT", "table, csv, json, md"}},
          0,
          0},
         true,
         runHistory},
        {{"quotes",
          "",
          "Every coded segment of a code, with who said it.",
          "Each quote comes with its document, participant and their attributes,\n"
          "speaker, timestamp, offsets and text. --where role=enterprise keeps\n"
          "quotes from participants with that value (repeat for more); --query\n"
          "keeps quotes whose text matches a search query.",
          {{"code", "PATH", "the code (required; repeat for several)"},
           {"with-subcodes", "", "include the codes under it"},
           {"where", "ATTR=VALUE", "only participants with this attribute value"},
           {"query", "QUERY", "only quotes matching this search query"},
           kCoder,
           {"context", "N", "N characters of context on each side"},
           {"speaker", "KIND", "whose speech: participant (default) or any"},
           kTableFormat,
           kOutput,
           kForce,
           kExcel},
          0,
          0},
         true,
         runQuotes},
        {{"table",
          "",
          "Codes by participant group: the table for the paper.",
          "Rows are codes, columns the values of --by ATTR (e.g. role) and a total.\n"
          "Measures (--measure, comma-separated): segments, documents, participants,\n"
          "percent (participants as a share of the group), words, coverage; defined\n"
          "in the table's notes and docs/MEASURES.md. Interviewer speech is not\n"
          "counted unless --speaker any. --layout long gives one row per code, group\n"
          "and measure (for R, pandas); --layout matrix the participant x code matrix\n"
          "(0/1; --counts for numbers of codings).",
          {{"by", "ATTR", "the participant attribute for the columns (required)"},
           {"measure", "LIST", "default segments,documents,participants,percent"},
           kCodesOption,
           {"rollup", "", "count sub-codes' codings in their parent's row too"},
           {"speaker", "KIND", "participant (default) or any"},
           kCoder,
           {"layout", "LAYOUT", "wide (default), long or matrix"},
           {"counts", "", "matrix: numbers of codings instead of 0/1"},
           kTableFormat,
           kOutput,
           kForce,
           kExcel},
          0,
          0},
         true,
         runTable},
        {{"cooccur",
          "",
          "Which codes occur together: the code x code matrix.",
          "--unit span counts pairs of overlapping codings; turn and document count\n"
          "the turns (documents) holding both codes.",
          {{"unit", "UNIT", "span (default), turn or document"},
           kCodesOption,
           {"rollup", "", "count sub-codes' codings as their parent's too"},
           kCoder,
           kTableFormat,
           kOutput,
           kForce,
           kExcel},
          0,
          0},
         true,
         runCooccur},
        {{"suggest",
          "",
          "Passages not yet coded that resemble those coded with a code.",
          "Uses the coded passages as examples (Xapian relevance feedback) and shows\n"
          "the words the suggestions were matched on. Nothing leaves the machine.",
          {{"code", "PATH", "the code (required)"},
           {"limit", "N", "how many passages (default 10)"},
           {"format", "FORMAT", "table (default), csv, json, md"},
           kOutput,
           kForce},
          0,
          0},
         true,
         runSuggest},
    };
}

}  // namespace margin::cli
