// margin-bench-search: the search benchmark, in one run.
//
//   margin-bench-search CORPUS_DIR WORK_DIR [--queries N] [--seed N] [--breakdown]
//                       [--rg PATH] [--no-rg] [--no-fts]
//
// CORPUS_DIR holds transcripts (*.txt, recursively; bench/generate.cpp writes
// them). WORK_DIR receives the databases (its previous benchmark files are
// replaced). The run:
//
//  1. Reads the corpus once (so every indexer below starts with the files in
//     the page cache) and splits it into turns: a line "Label: text" or
//     "Label：text" is one turn (Margin's passage, since the generator keeps
//     turns under 300 words); other lines (titles, dates) are in no turn.
//  2. Baseline: a plain single-threaded Xapian indexer. For each file: read
//     it, split it into turns as above, one Xapian document per turn, text
//     through Xapian::TermGenerator with default settings (no stemmer, no
//     CJK n-grams), add_document into a WritableDatabase on disk, one
//     commit() at the end.
//  3. Margin: app::Project::create + importFiles(CORPUS_DIR), which imports
//     into SQLite and keeps the index fresh; if the index is not fresh after
//     the import (indexer::Index::state), Project::index() rebuilds it and
//     that time counts too. With --breakdown, a second project is imported
//     with its index folder removed (store only) and then indexed with
//     Project::rebuildIndex(), timing each part.
//  4. Queries chosen deterministically from the corpus (--seed): common
//     words (the 200 words found on most turns), rare words (1-5 occurrences),
//     two-word AND, a two-word phrase taken from the text, an OR of five
//     words, and Chinese strings of 2-4 characters taken from the text.
//     Words of titles and labels are never chosen, so every engine counts
//     the same turns.
//  5. Margin: parseQuery + Index::search, limit 10, exact total; one warm-up
//     pass over all queries, then one timed pass.
//  6. rg over CORPUS_DIR: one process per query counting matching lines
//     (-c, summed over files), wall time of the process.
//  7. SQLite FTS5 over the same turns: English in a unicode61 table,
//     Chinese in a trigram table; each query is a count(*) plus the first
//     10 rows (ranked by bm25 for MATCH), as Margin returns a total and a
//     page. A 2-character Chinese string is below the trigram tokenizer's
//     minimum, so it runs as instr(text, '..') > 0, a scan of the table
//     (SQLite 3.40's trigram LIKE '%..%' of two characters finds nothing).
//
// Prints the figures as they come, a summary table with PASS/FAIL against
// the targets, and the same as Markdown for bench/RESULTS.md.
#include <fcntl.h>
#include <spawn.h>
#include <sqlite3.h>
#include <sys/wait.h>
#include <unistd.h>
#include <xapian.h>

#include <algorithm>
#include <cctype>
#include <chrono>
#include <cmath>
#include <cstdint>
#include <cstdio>
#include <cstdlib>
#include <cstring>
#include <filesystem>
#include <fstream>
#include <functional>
#include <iterator>
#include <map>
#include <optional>
#include <set>
#include <sstream>
#include <string>
#include <string_view>
#include <thread>
#include <unordered_map>
#include <vector>

#include "app/project.h"
#include "bench/rng.h"
#include "indexer/index.h"
#include "indexer/query.h"

extern char** environ;

namespace {

namespace fs = std::filesystem;
using margin::bench::Rng;
using Clock = std::chrono::steady_clock;

double secondsSince(Clock::time_point t0) {
    return std::chrono::duration<double>(Clock::now() - t0).count();
}
double msSince(Clock::time_point t0) {
    return std::chrono::duration<double, std::milli>(Clock::now() - t0).count();
}

// Targets (the issue).
constexpr double kTargetImportSecondsPer100Mb = 35.0;
constexpr double kTargetImportRatio = 1.5;
constexpr double kTargetP50Ms = 5.0;
constexpr double kTargetP99Ms = 100.0;
constexpr double kTargetRgRatio = 5.0;
constexpr double kTargetRgRatioRare = 20.0;
constexpr double kMb = 1e6;

struct Options {
    fs::path corpus;
    fs::path work;
    int queries = 50;
    std::uint64_t seed = 1;
    bool breakdown = false;
    std::string rg = "rg";
    bool runRg = true;
    bool runFts = true;
};

// Corpus ------------------------------------------------------------------

std::optional<std::string> readFile(const fs::path& path) {
    std::ifstream in(path, std::ios::binary);
    if (!in)
        return std::nullopt;
    std::ostringstream s;
    s << in.rdbuf();
    return std::move(s).str();
}

// "Label: text" / "Label：text" -> (label, text); nullopt for other lines.
std::optional<std::pair<std::string_view, std::string_view>> splitTurn(std::string_view line) {
    std::size_t ascii = line.find(':');
    std::size_t wide = line.find("\xEF\xBC\x9A");  // U+FF1A FULLWIDTH COLON
    std::size_t colon = std::min(ascii, wide);
    if (colon == std::string_view::npos || colon == 0 || colon > 40)
        return std::nullopt;
    std::string_view label = line.substr(0, colon);
    if (label.find(' ') != std::string_view::npos)
        return std::nullopt;
    std::string_view text = line.substr(colon + (colon == ascii ? 1 : 3));
    while (!text.empty() && (text.front() == ' ' || text.front() == '\t'))
        text.remove_prefix(1);
    while (!text.empty() && (text.back() == ' ' || text.back() == '\r' || text.back() == '\t'))
        text.remove_suffix(1);
    if (text.empty())
        return std::nullopt;
    return std::make_pair(label, text);
}

// Calls f(line) for each line of `text`.
template <typename F>
void forEachLine(std::string_view text, F f) {
    std::size_t pos = 0;
    while (pos < text.size()) {
        std::size_t end = text.find('\n', pos);
        if (end == std::string_view::npos)
            end = text.size();
        f(text.substr(pos, end - pos));
        pos = end + 1;
    }
}

struct TurnText {
    std::string_view text;
    bool chinese = false;  // holds non-ASCII text (the generator's Chinese files)
};

struct Corpus {
    std::vector<fs::path> files;
    std::vector<std::string> contents;
    std::vector<TurnText> turns;
    std::vector<std::string> outside;  // labels and lines in no turn
    std::uint64_t bytes = 0;
    std::uint64_t chineseBytes = 0;
};

bool hasNonAscii(std::string_view s) {
    return std::any_of(s.begin(), s.end(),
                       [](char c) { return static_cast<unsigned char>(c) >= 0x80; });
}

std::optional<Corpus> loadCorpus(const fs::path& dir) {
    Corpus c;
    std::error_code ec;
    for (fs::recursive_directory_iterator it(dir, ec), end; !ec && it != end; it.increment(ec)) {
        if (it->path().filename().string().starts_with(".")) {
            if (it->is_directory())
                it.disable_recursion_pending();
            continue;
        }
        if (it->is_regular_file() && it->path().extension() == ".txt")
            c.files.push_back(it->path());
    }
    if (ec) {
        std::fprintf(stderr, "margin-bench-search: %s: %s\n", dir.c_str(), ec.message().c_str());
        return std::nullopt;
    }
    std::sort(c.files.begin(), c.files.end());
    c.contents.reserve(c.files.size());
    std::set<std::string> outside;
    for (const auto& f : c.files) {
        auto bytes = readFile(f);
        if (!bytes) {
            std::fprintf(stderr, "margin-bench-search: cannot read %s\n", f.c_str());
            return std::nullopt;
        }
        c.bytes += bytes->size();
        c.contents.push_back(std::move(*bytes));
        bool chineseFile = false;
        forEachLine(c.contents.back(), [&](std::string_view line) {
            if (auto turn = splitTurn(line)) {
                bool chinese = hasNonAscii(turn->second);
                chineseFile = chineseFile || chinese;
                c.turns.push_back({turn->second, chinese});
                outside.insert(std::string(turn->first));
            } else if (!line.empty()) {
                outside.insert(std::string(line));
            }
        });
        if (chineseFile)
            c.chineseBytes += c.contents.back().size();
    }
    c.outside.assign(outside.begin(), outside.end());
    return c;
}

// Lower-cased ASCII alphanumeric runs: the English words of a turn.
template <typename F>
void forEachWord(std::string_view text, F f) {
    std::string word;
    for (std::size_t i = 0; i <= text.size(); ++i) {
        char ch = i < text.size() ? text[i] : ' ';
        bool alnum =
            (ch >= 'a' && ch <= 'z') || (ch >= 'A' && ch <= 'Z') || (ch >= '0' && ch <= '9');
        if (alnum) {
            word += static_cast<char>(ch >= 'A' && ch <= 'Z' ? ch - 'A' + 'a' : ch);
        } else if (!word.empty()) {
            f(word);
            word.clear();
        }
    }
}

// Baseline ------------------------------------------------------------------

struct IndexRun {
    double seconds = 0;
    std::int64_t documents = 0;
    std::string error;
};

IndexRun runBaseline(const Corpus& corpus, const fs::path& dir) {
    IndexRun run;
    std::error_code ec;
    fs::remove_all(dir, ec);
    auto t0 = Clock::now();
    try {
        Xapian::WritableDatabase db(dir.string(), Xapian::DB_CREATE_OR_OVERWRITE);
        Xapian::TermGenerator generator;
        for (const auto& file : corpus.files) {
            auto bytes = readFile(file);
            if (!bytes) {
                run.error = "cannot read " + file.string();
                return run;
            }
            forEachLine(*bytes, [&](std::string_view line) {
                auto turn = splitTurn(line);
                if (!turn)
                    return;
                Xapian::Document doc;
                generator.set_document(doc);
                generator.index_text(std::string(turn->second));
                db.add_document(doc);
                ++run.documents;
            });
        }
        db.commit();
        db.close();
    } catch (const Xapian::Error& e) {
        run.error = e.get_description();
    }
    run.seconds = secondsSince(t0);
    return run;
}

// Margin import ---------------------------------------------------------------

struct MarginRun {
    double seconds = 0;  // the whole: create + import + any rebuild
    double createSeconds = 0;
    double importSeconds = 0;
    double rebuildSeconds = 0;  // after the import, when the index was not fresh
    bool rebuilt = false;
    int imported = 0;
    int failed = 0;
    std::int64_t passages = 0;
    std::string error;
};

void removeProject(const fs::path& project) {
    std::error_code ec;
    for (const char* suffix : {"", "-wal", "-shm", "-journal"})
        fs::remove(project.string() + suffix, ec);
    fs::remove_all(margin::indexer::Index::pathFor(project), ec);
}

const char* stateName(margin::indexer::Index::State s) {
    using S = margin::indexer::Index::State;
    switch (s) {
        case S::Fresh:
            return "fresh";
        case S::Stale:
            return "stale";
        case S::Missing:
            return "missing";
        case S::Damaged:
            return "damaged";
    }
    return "?";
}

std::function<bool(const margin::app::Project::FileOutcome&)> progress(MarginRun& run,
                                                                       std::size_t total) {
    return [&run, total](const margin::app::Project::FileOutcome& o) {
        using What = margin::app::Project::FileOutcome::What;
        if (o.what == What::Imported)
            ++run.imported;
        if (o.what == What::Failed) {
            ++run.failed;
            std::fprintf(stderr, "  failed: %s\n", o.error.message().c_str());
        }
        if (run.imported > 0 && run.imported % 100 == 0)
            std::fprintf(stderr, "  %d/%zu files\n", run.imported, total);
        return true;
    };
}

MarginRun runMargin(const fs::path& corpusDir, const fs::path& project, std::size_t files) {
    MarginRun run;
    removeProject(project);
    auto t0 = Clock::now();
    auto created = margin::app::Project::create(project);
    if (!created.isOk()) {
        run.error = created.status().message();
        return run;
    }
    auto p = std::move(created).value();
    run.createSeconds = secondsSince(t0);
    auto t1 = Clock::now();
    p->importFiles({corpusDir}, {}, false, progress(run, files));
    run.importSeconds = secondsSince(t1);
    auto t2 = Clock::now();
    auto state = margin::indexer::Index::state(p->store());
    if (state != margin::indexer::Index::State::Fresh) {
        std::printf("  index %s after the import: Project::index() rebuilds it\n",
                    stateName(state));
        run.rebuilt = true;
    }
    auto index = p->index();
    if (!index.isOk()) {
        run.error = index.status().message();
        return run;
    }
    run.passages = (*index)->passageCount();
    run.rebuildSeconds = run.rebuilt ? secondsSince(t2) : 0;
    run.seconds = secondsSince(t0);
    return run;
}

struct Breakdown {
    double storeOnlySeconds = 0;
    double rebuildSeconds = 0;
    std::string error;
};

// Import with the index folder removed (so the import leaves the index
// alone), then the index alone from the store.
Breakdown runBreakdown(const fs::path& corpusDir, const fs::path& project, std::size_t files) {
    Breakdown b;
    removeProject(project);
    auto created = margin::app::Project::create(project);
    if (!created.isOk()) {
        b.error = created.status().message();
        return b;
    }
    auto p = std::move(created).value();
    std::error_code ec;
    fs::remove_all(margin::indexer::Index::pathFor(project), ec);
    MarginRun counts;
    auto t0 = Clock::now();
    p->importFiles({corpusDir}, {}, false, progress(counts, files));
    b.storeOnlySeconds = secondsSince(t0);
    auto t1 = Clock::now();
    auto passages = p->rebuildIndex();
    b.rebuildSeconds = secondsSince(t1);
    if (!passages.isOk())
        b.error = passages.status().message();
    return b;
}

// Queries ---------------------------------------------------------------------

enum class Type { Common, Rare, And, Phrase, Or, Chinese };
constexpr Type kTypes[] = {Type::Common, Type::Rare, Type::And,
                           Type::Phrase, Type::Or,   Type::Chinese};

const char* typeName(Type t) {
    switch (t) {
        case Type::Common:
            return "common word";
        case Type::Rare:
            return "rare word";
        case Type::And:
            return "two-word AND";
        case Type::Phrase:
            return "phrase";
        case Type::Or:
            return "OR of five";
        case Type::Chinese:
            return "Chinese 2-4 chars";
    }
    return "?";
}

struct Query {
    Type type = Type::Common;
    std::vector<std::string> words;  // Chinese: one string

    std::string margin() const {
        switch (type) {
            case Type::And:
                return words[0] + " " + words[1];
            case Type::Phrase:
                return "\"" + words[0] + " " + words[1] + "\"";
            case Type::Or: {
                std::string q;
                for (const auto& w : words)
                    q += (q.empty() ? "" : " OR ") + w;
                return q;
            }
            default:
                return words[0];
        }
    }

    // rg's arguments before the path: what rg counts is the number of lines
    // that match, which is the number of turns.
    std::vector<std::string> rgArgs() const {
        auto b = [](const std::string& w) { return "\\b" + w + "\\b"; };
        switch (type) {
            case Type::Common:
            case Type::Rare:
                return {"-i", "-w", "-F", "-e", words[0]};
            case Type::And:  // both words on the line, in either order
                return {"-i", "-e", b(words[0]) + ".*" + b(words[1]), "-e",
                        b(words[1]) + ".*" + b(words[0])};
            case Type::Phrase:  // adjacent words, punctuation allowed between, as in Margin
                return {"-i", "-e", b(words[0]) + "\\W+" + b(words[1])};
            case Type::Or: {
                std::vector<std::string> args = {"-i", "-w", "-F"};
                for (const auto& w : words) {
                    args.push_back("-e");
                    args.push_back(w);
                }
                return args;
            }
            case Type::Chinese:
                return {"-F", "-e", words[0]};
        }
        return {};
    }

    // The FTS5 MATCH expression; empty for a scan with instr().
    std::string fts() const {
        auto q = [](const std::string& w) { return "\"" + w + "\""; };
        switch (type) {
            case Type::And:
                return q(words[0]) + " AND " + q(words[1]);
            case Type::Phrase:
                return q(words[0] + " " + words[1]);
            case Type::Or: {
                std::string s;
                for (const auto& w : words)
                    s += (s.empty() ? "" : " OR ") + q(w);
                return s;
            }
            case Type::Chinese:
                return codePoints(words[0]) >= 3 ? q(words[0]) : std::string();
            default:
                return q(words[0]);
        }
    }

    static std::size_t codePoints(std::string_view s) {
        return static_cast<std::size_t>(std::count_if(s.begin(), s.end(), [](char c) {
            return (static_cast<unsigned char>(c) & 0xC0) != 0x80;
        }));
    }
};

struct WordCount {
    std::uint32_t occurrences = 0;
    std::uint32_t turns = 0;
};

// UTF-8 code points of `s` with their byte offsets.
std::vector<std::pair<char32_t, std::size_t>> decode(std::string_view s) {
    std::vector<std::pair<char32_t, std::size_t>> out;
    for (std::size_t i = 0; i < s.size();) {
        auto b = static_cast<unsigned char>(s[i]);
        int n = b < 0x80 ? 1 : b < 0xE0 ? 2 : b < 0xF0 ? 3 : 4;
        char32_t cp = n == 1 ? b : n == 2 ? (b & 0x1F) : n == 3 ? (b & 0x0F) : (b & 0x07);
        for (int k = 1; k < n && i + static_cast<std::size_t>(k) < s.size(); ++k)
            cp =
                (cp << 6) | (static_cast<unsigned char>(s[i + static_cast<std::size_t>(k)]) & 0x3F);
        out.emplace_back(cp, i);
        i += static_cast<std::size_t>(n);
    }
    return out;
}

bool isHan(char32_t c) {
    return (c >= 0x4E00 && c <= 0x9FFF) || (c >= 0x3400 && c <= 0x4DBF);
}

std::map<Type, std::vector<Query>> chooseQueries(const Corpus& corpus, int n, std::uint64_t seed) {
    Rng rng(seed * 7919 + 17);
    // English word counts over turns; words of labels and other lines excluded.
    std::unordered_map<std::string, WordCount> counts;
    std::vector<std::size_t> englishTurns, chineseTurns;
    for (std::size_t i = 0; i < corpus.turns.size(); ++i) {
        const auto& t = corpus.turns[i];
        (t.chinese ? chineseTurns : englishTurns).push_back(i);
        if (t.chinese)
            continue;
        std::set<std::string> seen;
        forEachWord(t.text, [&](const std::string& w) {
            auto& c = counts[w];
            ++c.occurrences;
            if (seen.insert(w).second)
                ++c.turns;
        });
    }
    std::set<std::string> excluded;
    for (const auto& line : corpus.outside)
        forEachWord(line, [&](const std::string& w) { excluded.insert(w); });
    std::vector<std::pair<std::string, WordCount>> ranked;
    for (const auto& [w, c] : counts)
        if (!excluded.count(w))
            ranked.emplace_back(w, c);
    std::sort(ranked.begin(), ranked.end(), [](const auto& a, const auto& b) {
        return a.second.turns != b.second.turns ? a.second.turns > b.second.turns
                                                : a.first < b.first;
    });

    std::map<Type, std::vector<Query>> out;
    auto add = [&](Type type, std::vector<std::string> words, std::set<std::string>& seen) {
        std::string key;
        for (const auto& w : words)
            key += w + "\x1f";
        if (!seen.insert(key).second)
            return;
        out[type].push_back({type, std::move(words)});
    };
    const std::size_t tries = static_cast<std::size_t>(n) * 50;
    if (!ranked.empty()) {
        std::set<std::string> seen;
        std::size_t top = std::min<std::size_t>(200, ranked.size());
        for (int i = 0; i < n; ++i)
            add(Type::Common,
                {ranked[static_cast<std::size_t>(i) * top / static_cast<std::size_t>(n)].first},
                seen);
    }
    {
        std::vector<std::string> rare;
        for (const auto& [w, c] : ranked)
            if (c.occurrences >= 1 && c.occurrences <= 5)
                rare.push_back(w);
        std::sort(rare.begin(), rare.end());
        for (std::size_t i = rare.size(); i > 1; --i)
            std::swap(rare[i - 1], rare[rng.below(i)]);
        std::set<std::string> seen;
        for (std::size_t i = 0;
             i < rare.size() && out[Type::Rare].size() < static_cast<std::size_t>(n); ++i)
            add(Type::Rare, {rare[i]}, seen);
    }
    if (ranked.size() >= 2) {
        std::set<std::string> seen;
        std::size_t top = std::min<std::size_t>(1000, ranked.size());
        for (std::size_t t = 0; t < tries && out[Type::And].size() < static_cast<std::size_t>(n);
             ++t) {
            std::size_t a = rng.below(top);
            std::size_t b = rng.below(top);
            if (a != b)
                add(Type::And, {ranked[a].first, ranked[b].first}, seen);
        }
    }
    if (ranked.size() >= 5) {
        std::set<std::string> seen;
        std::size_t top = std::min<std::size_t>(3000, ranked.size());
        for (std::size_t t = 0; t < tries && out[Type::Or].size() < static_cast<std::size_t>(n);
             ++t) {
            std::set<std::size_t> picked;
            while (picked.size() < 5)
                picked.insert(rng.below(top));
            std::vector<std::string> words;
            for (std::size_t i : picked)
                words.push_back(ranked[i].first);
            // The order of the OR follows the generator, not the set.
            for (std::size_t i = words.size(); i > 1; --i)
                std::swap(words[i - 1], words[rng.below(i)]);
            add(Type::Or, std::move(words), seen);
        }
    }
    if (!englishTurns.empty()) {
        std::set<std::string> seen;
        for (std::size_t t = 0; t < tries && out[Type::Phrase].size() < static_cast<std::size_t>(n);
             ++t) {
            const auto& turn = corpus.turns[englishTurns[rng.below(englishTurns.size())]];
            std::vector<std::string> words;
            forEachWord(turn.text, [&](const std::string& w) { words.push_back(w); });
            if (words.size() < 2)
                continue;
            std::size_t i = rng.below(words.size() - 1);
            if (excluded.count(words[i]) || excluded.count(words[i + 1]))
                continue;
            add(Type::Phrase, {words[i], words[i + 1]}, seen);
        }
    }
    if (!chineseTurns.empty()) {
        std::set<std::string> seen;
        for (std::size_t t = 0;
             t < tries && out[Type::Chinese].size() < static_cast<std::size_t>(n); ++t) {
            std::size_t length = 2 + out[Type::Chinese].size() % 3;
            const auto& turn = corpus.turns[chineseTurns[rng.below(chineseTurns.size())]];
            auto cps = decode(turn.text);
            if (cps.size() < length)
                continue;
            std::size_t start = rng.below(cps.size() - length + 1);
            bool han = true;
            for (std::size_t k = start; k < start + length; ++k)
                han = han && isHan(cps[k].first);
            if (!han)
                continue;
            std::size_t b = cps[start].second;
            std::size_t e =
                start + length < cps.size() ? cps[start + length].second : turn.text.size();
            std::string s(turn.text.substr(b, e - b));
            bool inOutside =
                std::any_of(corpus.outside.begin(), corpus.outside.end(),
                            [&](const std::string& o) { return o.find(s) != std::string::npos; });
            if (!inOutside)
                add(Type::Chinese, {s}, seen);
        }
    }
    return out;
}

// Measurements ------------------------------------------------------------------

struct Measured {
    std::vector<double> ms;
    std::vector<std::int64_t> counts;  // -1 when the query failed
    int errors = 0;
    bool ran = false;
};

double percentile(std::vector<double> v, int p) {
    if (v.empty())
        return std::nan("");
    std::sort(v.begin(), v.end());
    std::size_t rank = (static_cast<std::size_t>(p) * v.size() + 99) / 100;
    return v[std::max<std::size_t>(rank, 1) - 1];
}

using Results = std::map<Type, Measured>;

// `limit` 10 is the benchmark; 0 (the exact total and no page, so no
// snippets) shows how much of the time goes to the page.
Results runMarginQueries(const fs::path& project, const std::map<Type, std::vector<Query>>& queries,
                         int limit) {
    Results results;
    auto opened = margin::app::Project::open(project);
    if (!opened.isOk()) {
        std::fprintf(stderr, "margin-bench-search: %s\n", opened.status().message().c_str());
        return results;
    }
    auto p = std::move(opened).value();
    auto index =
        p->index([](const std::string& notice) { std::printf("  notice: %s\n", notice.c_str()); });
    if (!index.isOk()) {
        std::fprintf(stderr, "margin-bench-search: %s\n", index.status().message().c_str());
        return results;
    }
    margin::indexer::SearchOptions options;
    options.limit = limit;
    auto once = [&](const Query& q) -> std::int64_t {
        auto tree = margin::indexer::parseQuery(q.margin());
        if (!tree.isOk())
            return -1;
        auto r = (*index)->search(*tree, options);
        return r.isOk() ? r->total : -1;
    };
    for (const auto& [type, list] : queries)  // warm-up pass
        for (const auto& q : list)
            (void)once(q);
    for (const auto& [type, list] : queries) {
        Measured& m = results[type];
        m.ran = true;
        for (const auto& q : list) {
            auto t0 = Clock::now();
            std::int64_t total = once(q);
            m.ms.push_back(msSince(t0));
            m.counts.push_back(total);
            if (total < 0) {
                ++m.errors;
                std::fprintf(stderr, "  Margin failed on query %s\n", q.margin().c_str());
            }
        }
    }
    return results;
}

// Runs a program; returns its exit status (or -1) and fills `out` with its stdout.
int runProcess(const std::vector<std::string>& args, std::string& out) {
    int fds[2];
    if (pipe(fds) != 0)
        return -1;
    posix_spawn_file_actions_t actions;
    posix_spawn_file_actions_init(&actions);
    posix_spawn_file_actions_adddup2(&actions, fds[1], 1);
    posix_spawn_file_actions_addclose(&actions, fds[0]);
    posix_spawn_file_actions_addclose(&actions, fds[1]);
    std::vector<char*> argv;
    for (const auto& a : args)
        argv.push_back(const_cast<char*>(a.c_str()));
    argv.push_back(nullptr);
    pid_t pid = 0;
    int rc = posix_spawnp(&pid, argv[0], &actions, nullptr, argv.data(), environ);
    posix_spawn_file_actions_destroy(&actions);
    close(fds[1]);
    if (rc != 0) {
        close(fds[0]);
        return -1;
    }
    char buf[65536];
    for (;;) {
        ssize_t n = read(fds[0], buf, sizeof buf);
        if (n <= 0)
            break;
        out.append(buf, static_cast<std::size_t>(n));
    }
    close(fds[0]);
    int status = 0;
    if (waitpid(pid, &status, 0) < 0 || !WIFEXITED(status))
        return -1;
    return WEXITSTATUS(status);
}

std::vector<std::string> rgCommand(const Options& o, const Query& q) {
    std::vector<std::string> cmd = {o.rg, "--no-config", "--no-ignore", "--count", "--no-filename",
                                    "-g", "*.txt"};
    for (auto& a : q.rgArgs())
        cmd.push_back(a);
    cmd.push_back(o.corpus.string());
    return cmd;
}

std::string shellQuote(const std::vector<std::string>& args) {
    std::string s;
    for (const auto& a : args) {
        if (!s.empty())
            s += ' ';
        bool plain = !a.empty() && std::all_of(a.begin(), a.end(), [](char c) {
            return std::isalnum(static_cast<unsigned char>(c)) || std::strchr("-_./=", c);
        });
        if (plain) {
            s += a;
        } else {
            s += '\'';
            for (char c : a)
                s += c == '\'' ? std::string("'\\''") : std::string(1, c);
            s += '\'';
        }
    }
    return s;
}

Results runRg(const Options& o, const std::map<Type, std::vector<Query>>& queries) {
    Results results;
    auto once = [&](const Query& q) -> std::int64_t {
        std::string out;
        int status = runProcess(rgCommand(o, q), out);
        if (status == 1)
            return 0;  // no line matched
        if (status != 0)
            return -1;
        std::int64_t sum = 0;
        forEachLine(out, [&](std::string_view line) {
            if (!line.empty())
                sum += std::strtoll(std::string(line).c_str(), nullptr, 10);
        });
        return sum;
    };
    for (const auto& [type, list] : queries)  // warm-up: the first query of each type
        if (!list.empty())
            (void)once(list.front());
    for (const auto& [type, list] : queries) {
        Measured& m = results[type];
        m.ran = true;
        for (const auto& q : list) {
            auto t0 = Clock::now();
            std::int64_t count = once(q);
            m.ms.push_back(msSince(t0));
            m.counts.push_back(count);
            if (count < 0) {
                ++m.errors;
                std::fprintf(stderr, "  rg failed: %s\n", shellQuote(rgCommand(o, q)).c_str());
            }
        }
    }
    return results;
}

// SQLite FTS5 -----------------------------------------------------------------------

class Sqlite {
public:
    explicit Sqlite(const fs::path& path) {
        if (sqlite3_open(path.c_str(), &m_db) != SQLITE_OK)
            m_error = sqlite3_errmsg(m_db);
    }
    ~Sqlite() { sqlite3_close(m_db); }
    Sqlite(const Sqlite&) = delete;
    Sqlite& operator=(const Sqlite&) = delete;

    bool exec(const std::string& sql) {
        char* message = nullptr;
        if (sqlite3_exec(m_db, sql.c_str(), nullptr, nullptr, &message) != SQLITE_OK) {
            m_error = message ? message : "error";
            sqlite3_free(message);
            return false;
        }
        return true;
    }
    sqlite3* db() { return m_db; }
    const std::string& error() const { return m_error; }
    void setError(std::string e) { m_error = std::move(e); }

private:
    sqlite3* m_db = nullptr;
    std::string m_error;
};

struct FtsBuild {
    double seconds = 0;
    std::string error;
};

FtsBuild buildFts(Sqlite& db, const Corpus& corpus) {
    FtsBuild b;
    auto t0 = Clock::now();
    if (!db.exec("PRAGMA journal_mode=OFF; PRAGMA synchronous=OFF;"
                 "DROP TABLE IF EXISTS en; DROP TABLE IF EXISTS zh;"
                 "CREATE VIRTUAL TABLE en USING fts5(text, tokenize='unicode61');"
                 "CREATE VIRTUAL TABLE zh USING fts5(text, tokenize='trigram');"
                 "BEGIN;")) {
        b.error = db.error();
        return b;
    }
    sqlite3_stmt* insert[2] = {nullptr, nullptr};
    sqlite3_prepare_v2(db.db(), "INSERT INTO en(text) VALUES (?1)", -1, &insert[0], nullptr);
    sqlite3_prepare_v2(db.db(), "INSERT INTO zh(text) VALUES (?1)", -1, &insert[1], nullptr);
    for (const auto& t : corpus.turns) {
        sqlite3_stmt* s = insert[t.chinese ? 1 : 0];
        sqlite3_bind_text(s, 1, t.text.data(), static_cast<int>(t.text.size()), SQLITE_STATIC);
        if (sqlite3_step(s) != SQLITE_DONE) {
            b.error = sqlite3_errmsg(db.db());
            break;
        }
        sqlite3_reset(s);
    }
    sqlite3_finalize(insert[0]);
    sqlite3_finalize(insert[1]);
    if (b.error.empty() && !db.exec("COMMIT; INSERT INTO en(en) VALUES('optimize'); INSERT INTO "
                                    "zh(zh) VALUES('optimize');"))
        b.error = db.error();
    b.seconds = secondsSince(t0);
    return b;
}

// count(*) and the first 10 rows; -1 on error.
std::int64_t ftsQuery(Sqlite& db, const Query& q) {
    std::string match = q.fts();
    bool chinese = q.type == Type::Chinese;
    const char* table = chinese ? "zh" : "en";
    // instr() rather than LIKE: SQLite 3.40's trigram table answers LIKE
    // '%xy%' of two characters with no rows instead of scanning.
    std::string where =
        match.empty() ? std::string("instr(text, ?1) > 0") : std::string(table) + " MATCH ?1";
    std::string arg = match.empty() ? q.words[0] : match;
    std::string countSql = std::string("SELECT count(*) FROM ") + table + " WHERE " + where;
    std::string pageSql =
        std::string("SELECT rowid, ") +
        (match.empty() ? std::string("substr(text, 1, 80)")
                       : std::string("snippet(") + table + ", 0, '[', ']', '...', 12)") +
        " FROM " + table + " WHERE " + where + (match.empty() ? "" : " ORDER BY rank") +
        " LIMIT 10";
    std::int64_t count = -1;
    for (const std::string* sql : {&countSql, &pageSql}) {
        sqlite3_stmt* s = nullptr;
        if (sqlite3_prepare_v2(db.db(), sql->c_str(), -1, &s, nullptr) != SQLITE_OK) {
            db.setError(sqlite3_errmsg(db.db()));
            return -1;
        }
        sqlite3_bind_text(s, 1, arg.data(), static_cast<int>(arg.size()), SQLITE_TRANSIENT);
        int rc;
        while ((rc = sqlite3_step(s)) == SQLITE_ROW)
            if (sql == &countSql)
                count = sqlite3_column_int64(s, 0);
        sqlite3_finalize(s);
        if (rc != SQLITE_DONE) {
            db.setError(sqlite3_errmsg(db.db()));
            return -1;
        }
    }
    return count;
}

Results runFts(Sqlite& db, const std::map<Type, std::vector<Query>>& queries) {
    Results results;
    for (const auto& [type, list] : queries)  // warm-up pass
        for (const auto& q : list)
            (void)ftsQuery(db, q);
    for (const auto& [type, list] : queries) {
        Measured& m = results[type];
        m.ran = true;
        for (const auto& q : list) {
            auto t0 = Clock::now();
            std::int64_t count = ftsQuery(db, q);
            m.ms.push_back(msSince(t0));
            m.counts.push_back(count);
            if (count < 0) {
                ++m.errors;
                std::fprintf(stderr, "  FTS5 failed on %s: %s\n", q.fts().c_str(),
                             db.error().c_str());
            }
        }
    }
    return results;
}

// Report -----------------------------------------------------------------------------

// A figure with 2, 1 or 0 decimals as it grows; "-" when absent.
std::string figure(double v, const char* suffix) {
    if (std::isnan(v) || std::isinf(v))
        return "-";
    char buf[64];
    if (v < 10)
        std::snprintf(buf, sizeof buf, "%.2f%s", v, suffix);
    else if (v < 100)
        std::snprintf(buf, sizeof buf, "%.1f%s", v, suffix);
    else
        std::snprintf(buf, sizeof buf, "%.0f%s", v, suffix);
    return buf;
}

std::string ms(double v) {
    return figure(v, "");
}
std::string msUnit(double v) {
    return figure(v, " ms");
}
std::string ratio(double v) {
    return figure(v, "x");
}
const char* verdict(bool pass) {
    return pass ? "PASS" : "FAIL";
}

std::string firstLine(std::string s) {
    auto nl = s.find('\n');
    return nl == std::string::npos ? s : s.substr(0, nl);
}

std::string cpuModel() {
    auto info = readFile("/proc/cpuinfo");
    if (!info)
        return "unknown";
    std::string model = "unknown";
    forEachLine(*info, [&](std::string_view line) {
        if (model == "unknown" && line.starts_with("model name")) {
            auto colon = line.find(':');
            if (colon != std::string_view::npos)
                model = std::string(line.substr(std::min(colon + 2, line.size())));
        }
    });
    return model;
}

int usage() {
    std::fprintf(stderr,
                 "usage: margin-bench-search CORPUS_DIR WORK_DIR [--queries N] [--seed N] "
                 "[--breakdown] [--rg PATH] [--no-rg] [--no-fts]\n");
    return 2;
}

}  // namespace

int main(int argc, char** argv) {
    Options o;
    std::vector<std::string> positional;
    for (int i = 1; i < argc; ++i) {
        std::string_view a = argv[i];
        if ((a == "--queries" || a == "--seed" || a == "--rg") && i + 1 < argc) {
            std::string v = argv[++i];
            if (a == "--rg") {
                o.rg = v;
                continue;
            }
            char* end = nullptr;
            unsigned long long n = std::strtoull(v.c_str(), &end, 10);
            if (v.empty() || *end || n == 0)
                return usage();
            if (a == "--queries")
                o.queries = static_cast<int>(n);
            else
                o.seed = n;
        } else if (a == "--breakdown") {
            o.breakdown = true;
        } else if (a == "--no-rg") {
            o.runRg = false;
        } else if (a == "--no-fts") {
            o.runFts = false;
        } else if (a.starts_with("-")) {
            return usage();
        } else {
            positional.emplace_back(a);
        }
    }
    if (positional.size() != 2)
        return usage();
    o.corpus = positional[0];
    o.work = positional[1];
    std::error_code ec;
    fs::create_directories(o.work, ec);
    std::setvbuf(stdout, nullptr, _IOLBF, 0);

    std::string rgVersion = "not run";
    if (o.runRg) {
        std::string out;
        if (runProcess({o.rg, "--version"}, out) == 0) {
            rgVersion = firstLine(out);
        } else {
            std::printf("rg (%s) not found: the rg comparison is skipped\n", o.rg.c_str());
            o.runRg = false;
        }
    }
    const std::string cpu = cpuModel();
    const unsigned cores = std::thread::hardware_concurrency();
    std::printf("machine: %u cores, %s\n", cores, cpu.c_str());
    std::printf("versions: Xapian %s, SQLite %s, %s\n", Xapian::version_string(),
                sqlite3_libversion(), rgVersion.c_str());

    // 1. The corpus.
    auto loaded = loadCorpus(o.corpus);
    if (!loaded)
        return 1;
    const Corpus& corpus = *loaded;
    const double mb = static_cast<double>(corpus.bytes) / kMb;
    std::printf("corpus: %s: %zu files, %.1f MB (%.1f MB Chinese), %zu turns\n", o.corpus.c_str(),
                corpus.files.size(), mb, static_cast<double>(corpus.chineseBytes) / kMb,
                corpus.turns.size());
    if (corpus.files.empty())
        return 1;

    // 2. Baseline.
    // Margin may set XAPIAN_FLUSH_THRESHOLD for its own writers; the
    // baseline runs first, with whatever the environment says.
    const char* flush = std::getenv("XAPIAN_FLUSH_THRESHOLD");
    std::printf(
        "\nbaseline: plain single-threaded Xapian TermGenerator indexer "
        "(XAPIAN_FLUSH_THRESHOLD %s)...\n",
        flush ? flush : "unset: 10000 documents");
    IndexRun baseline = runBaseline(corpus, o.work / "baseline.xapian");
    if (!baseline.error.empty()) {
        std::fprintf(stderr, "margin-bench-search: baseline: %s\n", baseline.error.c_str());
        return 1;
    }
    std::printf("  %.1f s, %.2f MB/s, %lld documents\n", baseline.seconds, mb / baseline.seconds,
                static_cast<long long>(baseline.documents));

    // 3. Margin.
    std::printf("\nMargin: Project::create + importFiles (+ index rebuild if stale)...\n");
    const fs::path project = o.work / "bench.margin";
    MarginRun margin = runMargin(o.corpus, project, corpus.files.size());
    if (!margin.error.empty()) {
        std::fprintf(stderr, "margin-bench-search: Margin: %s\n", margin.error.c_str());
        return 1;
    }
    std::printf(
        "  %.1f s (create %.2f s, import %.1f s, rebuild %.1f s), %.2f MB/s, "
        "%d files imported, %d failed, %lld passages\n",
        margin.seconds, margin.createSeconds, margin.importSeconds, margin.rebuildSeconds,
        mb / margin.seconds, margin.imported, margin.failed,
        static_cast<long long>(margin.passages));
    const double importRatio = baseline.seconds / margin.seconds;
    const double per100 = margin.seconds * 100.0 / mb;
    const bool importTimeOk = per100 <= kTargetImportSecondsPer100Mb;
    const bool importRatioOk = importRatio >= kTargetImportRatio;
    const bool importComplete = margin.failed == 0 &&
                                margin.imported == static_cast<int>(corpus.files.size()) &&
                                margin.passages == baseline.documents;
    std::printf(
        "  per 100 MB: %.1f s (target <= %.0f s) %s; baseline/Margin: %.2fx (target >= %.1fx) %s\n",
        per100, kTargetImportSecondsPer100Mb, verdict(importTimeOk), importRatio,
        kTargetImportRatio, verdict(importRatioOk));
    if (!importComplete)
        std::printf(
            "  WARNING: Margin imported %d of %zu files and holds %lld passages for %lld turns\n",
            margin.imported, corpus.files.size(), static_cast<long long>(margin.passages),
            static_cast<long long>(baseline.documents));

    std::optional<Breakdown> breakdown;
    if (o.breakdown) {
        std::printf(
            "\nbreakdown: import with the index removed, then Project::rebuildIndex()...\n");
        breakdown = runBreakdown(o.corpus, o.work / "breakdown.margin", corpus.files.size());
        if (!breakdown->error.empty())
            std::printf("  error: %s\n", breakdown->error.c_str());
        std::printf("  store only: %.1f s (%.2f MB/s); index rebuild alone: %.1f s (%.2f MB/s)\n",
                    breakdown->storeOnlySeconds, mb / breakdown->storeOnlySeconds,
                    breakdown->rebuildSeconds, mb / breakdown->rebuildSeconds);
        removeProject(o.work / "breakdown.margin");
    }

    // 4. Queries.
    auto queries = chooseQueries(corpus, o.queries, o.seed);
    std::printf("\nqueries (seed %llu):\n", static_cast<unsigned long long>(o.seed));
    for (const auto& [type, list] : queries) {
        std::string examples;
        for (std::size_t i = 0; i < list.size() && i < 3; ++i)
            examples += (i ? ", " : "") + list[i].margin();
        std::printf("  %-18s %3zu  e.g. %s\n", typeName(type), list.size(), examples.c_str());
    }

    // 5-7. Margin, rg, FTS5.
    std::printf("\nMargin queries (warm-up pass, then timed)...\n");
    Results marginResults = runMarginQueries(project, queries, 10);
    Results countOnly = runMarginQueries(project, queries, 0);
    Results rgResults;
    if (o.runRg) {
        std::printf("rg queries...\n");
        rgResults = runRg(o, queries);
    }
    Results ftsResults;
    FtsBuild ftsBuild;
    if (o.runFts) {
        std::printf("SQLite FTS5: building...\n");
        fs::remove(o.work / "fts.sqlite", ec);
        Sqlite db(o.work / "fts.sqlite");
        ftsBuild = buildFts(db, corpus);
        if (!ftsBuild.error.empty()) {
            std::printf("  FTS5 build failed: %s\n", ftsBuild.error.c_str());
        } else {
            std::printf("  built in %.1f s (one thread, unicode61 + trigram, optimized)\n",
                        ftsBuild.seconds);
            std::printf("SQLite FTS5 queries (warm-up pass, then timed)...\n");
            ftsResults = runFts(db, queries);
        }
    }

    // Report.
    struct Row {
        Type type;
        std::size_t n;
        double p50, p99, rg50, rg99, fts50, fts99;
        double count50;  // Margin with limit 0: the total only, no page
        int agree;
        bool p50Ok, p99Ok, rgOk;
    };
    std::vector<Row> rows;
    bool allPass = importTimeOk && importRatioOk && importComplete;
    std::vector<std::string> mismatches;
    for (Type type : kTypes) {
        auto it = marginResults.find(type);
        if (it == marginResults.end() || it->second.ms.empty())
            continue;
        const Measured& m = it->second;
        const Measured* r = rgResults.count(type) ? &rgResults.at(type) : nullptr;
        const Measured* f = ftsResults.count(type) ? &ftsResults.at(type) : nullptr;
        Row row{type,
                m.ms.size(),
                percentile(m.ms, 50),
                percentile(m.ms, 99),
                std::nan(""),
                std::nan(""),
                std::nan(""),
                std::nan(""),
                std::nan(""),
                0,
                false,
                false,
                false};
        if (countOnly.count(type)) {
            row.count50 = percentile(countOnly.at(type).ms, 50);
            const auto& c = countOnly.at(type).counts;
            for (std::size_t i = 0; i < c.size() && i < m.counts.size(); ++i)
                if (c[i] != m.counts[i])
                    mismatches.push_back(std::string(typeName(type)) + " [" +
                                         queries.at(type)[i].margin() + "]: Margin limit 10 " +
                                         std::to_string(m.counts[i]) + ", limit 0 " +
                                         std::to_string(c[i]));
        }
        if (r) {
            row.rg50 = percentile(r->ms, 50);
            row.rg99 = percentile(r->ms, 99);
        }
        if (f) {
            row.fts50 = percentile(f->ms, 50);
            row.fts99 = percentile(f->ms, 99);
        }
        const auto& list = queries.at(type);
        for (std::size_t i = 0; i < m.counts.size(); ++i) {
            bool rgSame = r && r->counts[i] == m.counts[i];
            bool ftsSame = f && f->counts[i] == m.counts[i];
            bool same = (!r || rgSame) && (!f || ftsSame) && m.counts[i] >= 0;
            row.agree += same;
            if (!same)
                mismatches.push_back(std::string(typeName(type)) + " [" + list[i].margin() +
                                     "]: Margin " + std::to_string(m.counts[i]) + ", rg " +
                                     (r ? std::to_string(r->counts[i]) : "-") + ", FTS5 " +
                                     (f ? std::to_string(f->counts[i]) : "-"));
        }
        row.p50Ok = row.p50 <= kTargetP50Ms && m.errors == 0;
        row.p99Ok = row.p99 <= kTargetP99Ms && m.errors == 0;
        double need = type == Type::Rare ? kTargetRgRatioRare : kTargetRgRatio;
        row.rgOk = r && row.rg50 / row.p50 >= need;
        allPass = allPass && row.p50Ok && row.p99Ok && (row.rgOk || !o.runRg);
        rows.push_back(row);
    }

    std::printf("\n%-18s %4s %9s %9s %9s %9s %9s %9s %9s %8s %8s %8s  %s\n", "query type", "n",
                "Margin50", "Margin99", "M0 p50", "rg p50", "rg p99", "FTS5 p50", "FTS5 p99",
                "rg/M", "FTS5/M", "counts=", "targets (p50<=5ms, p99<=100ms, rg/M>=5x, rare>=20x)");
    for (const auto& r : rows) {
        std::printf("%-18s %4zu %9s %9s %9s %9s %9s %9s %9s %8s %8s %4d/%-3d  %s %s %s\n",
                    typeName(r.type), r.n, ms(r.p50).c_str(), ms(r.p99).c_str(),
                    ms(r.count50).c_str(), ms(r.rg50).c_str(), ms(r.rg99).c_str(),
                    ms(r.fts50).c_str(), ms(r.fts99).c_str(), ratio(r.rg50 / r.p50).c_str(),
                    ratio(r.fts50 / r.p50).c_str(), r.agree, static_cast<int>(r.n),
                    verdict(r.p50Ok), verdict(r.p99Ok), o.runRg ? verdict(r.rgOk) : "-");
    }
    std::printf(
        "(M0 p50: Margin with limit 0, the exact total without the page of hits and "
        "snippets; for information)\n\nslowest Margin query of each type:\n");
    for (Type type : kTypes) {
        auto it = marginResults.find(type);
        if (it == marginResults.end() || it->second.ms.empty())
            continue;
        const auto& m = it->second;
        std::size_t worst =
            static_cast<std::size_t>(std::max_element(m.ms.begin(), m.ms.end()) - m.ms.begin());
        double zero = countOnly.count(type) ? countOnly.at(type).ms[worst] : std::nan("");
        std::printf("  %-18s %s ms (limit 0: %s ms), %lld passages: %s\n", typeName(type),
                    ms(m.ms[worst]).c_str(), ms(zero).c_str(),
                    static_cast<long long>(m.counts[worst]),
                    queries.at(type)[worst].margin().c_str());
    }
    if (!mismatches.empty()) {
        std::printf("\ncount differences (%zu):\n", mismatches.size());
        for (std::size_t i = 0; i < mismatches.size() && i < 20; ++i)
            std::printf("  %s\n", mismatches[i].c_str());
    }
    std::printf("\noverall: %s\n", allPass ? "all targets PASS" : "some targets FAIL");

    // Markdown.
    std::printf("\n----- Markdown -----\n\n");
    std::printf(
        "Corpus: %zu files, %.1f MB (%.1f MB Chinese), %zu turns = passages. "
        "Machine: %u cores, %s. Xapian %s, SQLite %s, %s.\n\n",
        corpus.files.size(), mb, static_cast<double>(corpus.chineseBytes) / kMb,
        corpus.turns.size(), cores, cpu.c_str(), Xapian::version_string(), sqlite3_libversion(),
        rgVersion.c_str());
    std::printf("| import + index | seconds | MB/s | target | result |\n|---|---|---|---|---|\n");
    std::printf("| baseline: plain Xapian TermGenerator, 1 thread | %.1f | %.2f | | |\n",
                baseline.seconds, mb / baseline.seconds);
    std::printf(
        "| Margin: create + importFiles%s | %.1f | %.2f | <= %.0f s per 100 MB (here %.1f s) | %s "
        "|\n",
        margin.rebuilt ? " + index rebuild" : "", margin.seconds, mb / margin.seconds,
        kTargetImportSecondsPer100Mb, per100, verdict(importTimeOk));
    std::printf("| ratio baseline / Margin | %.2fx | | >= %.1fx | %s |\n", importRatio,
                kTargetImportRatio, verdict(importRatioOk));
    if (breakdown)
        std::printf(
            "| breakdown: import with no index (store only) | %.1f | %.2f | | |\n"
            "| breakdown: Project::rebuildIndex() alone | %.1f | %.2f | | |\n",
            breakdown->storeOnlySeconds, mb / breakdown->storeOnlySeconds,
            breakdown->rebuildSeconds, mb / breakdown->rebuildSeconds);
    if (o.runFts && ftsBuild.error.empty())
        std::printf(
            "| (for reference) SQLite FTS5 build, 1 thread, from memory | %.1f | %.2f | | |\n",
            ftsBuild.seconds, mb / ftsBuild.seconds);
    std::printf(
        "\n| query type | n | Margin p50 | Margin p99 | Margin p50, total only | rg p50 | FTS5 p50 "
        "| FTS5 p99 | rg / Margin (p50) "
        "| FTS5 / Margin (p50) | counts agree | p50 <= 5 ms | p99 <= 100 ms | rg / Margin >= %s |\n"
        "|---|---|---|---|---|---|---|---|---|---|---|---|---|---|\n",
        "5x (rare 20x)");
    for (const auto& r : rows)
        std::printf(
            "| %s | %zu | %s | %s | %s | %s | %s | %s | %s | %s | %d/%zu | %s | %s | %s |\n",
            typeName(r.type), r.n, msUnit(r.p50).c_str(), msUnit(r.p99).c_str(),
            msUnit(r.count50).c_str(), msUnit(r.rg50).c_str(), msUnit(r.fts50).c_str(),
            msUnit(r.fts99).c_str(), ratio(r.rg50 / r.p50).c_str(), ratio(r.fts50 / r.p50).c_str(),
            r.agree, r.n, verdict(r.p50Ok), verdict(r.p99Ok), o.runRg ? verdict(r.rgOk) : "-");
    std::printf("\nOverall: %s.\n", allPass ? "all targets pass" : "some targets fail");
    return 0;
}
