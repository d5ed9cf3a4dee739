#include "codebook/aggregate.h"

#include <algorithm>
#include <memory>
#include <numeric>
#include <set>
#include <unordered_map>

#include "corpus/offsets.h"
#include "corpus/sqlite.h"
#include "corpus/text.h"
#include "indexer/tokenizer.h"

namespace margin::codebook {

namespace sql = corpus::sql;
using corpus::CharPos;
using corpus::DocumentId;

std::optional<Speech> parseSpeech(std::string_view name) {
    std::string key = corpus::foldKey(name);
    if (key == "participant" || key == "participants")
        return Speech::Participant;
    if (key == "any" || key == "all")
        return Speech::Any;
    return std::nullopt;
}

std::optional<CoUnit> parseCoUnit(std::string_view name) {
    std::string key = corpus::foldKey(name);
    if (key == "span" || key == "segment")
        return CoUnit::Span;
    if (key == "turn")
        return CoUnit::Turn;
    if (key == "document")
        return CoUnit::Document;
    return std::nullopt;
}

namespace {
struct MeasureInfo {
    Measure measure;
    const char* name;
    const char* definition;
};
const MeasureInfo kMeasures[] = {
    {Measure::Segments, "segments", "codings with any part in the group's participant speech"},
    {Measure::Documents, "documents", "documents holding such codings"},
    {Measure::Participants, "participants",
     "distinct participants whose speech carries at least one coding"},
    {Measure::Percent, "percent",
     "participants as a share of the group's participants who speak in the project"},
    {Measure::Words, "words",
     "ICU words starting inside coded speech, overlapping codings counted once"},
    {Measure::Coverage, "coverage",
     "coded characters of the group's speech (overlaps once) as a share of all its speech"},
};
}  // namespace

const char* measureName(Measure measure) {
    for (const auto& m : kMeasures)
        if (m.measure == measure)
            return m.name;
    return "?";
}

std::string measureDefinition(Measure measure) {
    for (const auto& m : kMeasures)
        if (m.measure == measure)
            return m.definition;
    return {};
}

Result<std::vector<Measure>> parseMeasures(std::string_view list) {
    std::vector<Measure> out;
    std::string_view rest = list;
    while (true) {
        std::size_t comma = rest.find(',');
        std::string key = corpus::foldKey(corpus::trimSpace(rest.substr(0, comma)));
        const MeasureInfo* found = nullptr;
        for (const auto& m : kMeasures)
            if (key == m.name || (key == "%" && m.measure == Measure::Percent))
                found = &m;
        if (!found) {
            std::string known;
            for (const auto& m : kMeasures)
                known += (known.empty() ? "" : ", ") + std::string(m.name);
            return Status::invalidInput("unknown measure '" + key + "' (measures: " + known + ")");
        }
        if (std::find(out.begin(), out.end(), found->measure) == out.end())
            out.push_back(found->measure);
        if (comma == std::string_view::npos)
            break;
        rest = rest.substr(comma + 1);
    }
    return out;
}

namespace {

// A stretch of a document and the participants whose speech it is.
struct Segment {
    CharPos start = 0, end = 0;
    std::uint32_t first = 0, count = 0;  // into Attribution::people
};

// Who speaks where (the attribution rules in aggregate.h).
class Attribution {
public:
    std::vector<std::int64_t> participantIds;  // dense index -> id
    std::vector<std::string> participantNames;
    std::unordered_map<std::int64_t, int> indexOf;  // id -> dense index
    std::unordered_map<DocumentId, std::vector<Segment>> segments;
    std::vector<int> people;  // participant indexes of the segments
    std::unordered_map<DocumentId, std::vector<int>> linked;
    std::unordered_map<DocumentId, std::string> documentNames;

    Status load(sqlite3* db, Speech speech) {
        {
            sql::Statement q(db, "SELECT id, name FROM participants ORDER BY name");
            while (q.step()) {
                indexOf[q.integer(0)] = static_cast<int>(participantIds.size());
                participantIds.push_back(q.integer(0));
                participantNames.push_back(q.text(1));
            }
            if (!q.status().isOk())
                return q.status();
        }
        {
            sql::Statement q(db,
                             "SELECT document_id, participant_id FROM document_participants "
                             "ORDER BY document_id, participant_id");
            while (q.step())
                linked[q.integer(0)].push_back(indexOf.at(q.integer(1)));
            if (!q.status().isOk())
                return q.status();
        }
        std::vector<std::pair<DocumentId, CharPos>> documents;
        {
            sql::Statement q(db, "SELECT id, length, name FROM documents ORDER BY id");
            while (q.step()) {
                documents.emplace_back(q.integer(0), q.integer(1));
                documentNames[q.integer(0)] = q.text(2);
            }
            if (!q.status().isOk())
                return q.status();
        }
        sql::Statement q(db,
                         "SELECT document_id, start, \"end\", kind, participant_id FROM turns "
                         "ORDER BY document_id, start");
        bool row = q.step();
        for (const auto& [doc, length] : documents) {
            const std::vector<int>& docPeople = linkedTo(doc);
            std::vector<Segment>& out = segments[doc];
            auto add = [&](CharPos start, CharPos end, const int* who, std::size_t n) {
                if (end <= start || n == 0)
                    return;
                Segment s{start, end, static_cast<std::uint32_t>(people.size()),
                          static_cast<std::uint32_t>(n)};
                people.insert(people.end(), who, who + n);
                out.push_back(s);
            };
            bool anyTurn = false;
            CharPos covered = 0;
            while (row && q.integer(0) < doc)
                row = q.step();
            while (row && q.integer(0) == doc) {
                anyTurn = true;
                CharPos start = q.integer(1), end = q.integer(2);
                if (speech == Speech::Any)
                    add(covered, start, docPeople.data(), docPeople.size());
                covered = std::max(covered, end);
                if (q.text(3) == "interviewer") {
                    if (speech == Speech::Any)
                        add(start, end, docPeople.data(), docPeople.size());
                } else if (!q.isNull(4)) {
                    int who = indexOf.at(q.integer(4));
                    add(start, end, &who, 1);
                } else if (docPeople.size() == 1) {
                    add(start, end, docPeople.data(), 1);
                }
                row = q.step();
            }
            if (!anyTurn)
                add(0, length, docPeople.data(), docPeople.size());
            else if (speech == Speech::Any)
                add(covered, length, docPeople.data(), docPeople.size());
        }
        return q.status();
    }

    const std::vector<int>& linkedTo(DocumentId doc) const {
        static const std::vector<int> kNone;
        auto it = linked.find(doc);
        return it == linked.end() ? kNone : it->second;
    }

    // Calls f(participantIndex, start, end) for each part of [start, end)
    // of `doc` that is someone's speech.
    template <typename F>
    void forEachPiece(DocumentId doc, CharPos start, CharPos end, F&& f) const {
        auto it = segments.find(doc);
        if (it == segments.end())
            return;
        const auto& segs = it->second;
        auto s = std::upper_bound(segs.begin(), segs.end(), start,
                                  [](CharPos pos, const Segment& seg) { return pos < seg.end; });
        for (; s != segs.end() && s->start < end; ++s) {
            CharPos a = std::max(start, s->start), b = std::min(end, s->end);
            if (a >= b)
                continue;
            for (std::uint32_t i = 0; i < s->count; ++i)
                f(people[s->first + i], a, b);
        }
    }
};

// A participant's group under an attribute.
struct Grouping {
    std::vector<std::string> groups;
    std::vector<int> groupOf;  // per participant index; -1: never speaks
};

Result<Grouping> groupBy(sqlite3* db, const Attribution& who, std::string_view attribute) {
    Grouping g;
    g.groupOf.assign(who.participantIds.size(), -1);
    std::string key = corpus::foldKey(attribute);
    if (key == "participant") {
        for (std::size_t i = 0; i < who.participantIds.size(); ++i) {
            g.groupOf[i] = static_cast<int>(i);
            g.groups.push_back(who.participantNames[i]);
        }
        return g;
    }
    std::int64_t attributeId = -1;
    std::vector<std::string> known;
    {
        sql::Statement q(db, "SELECT id, name FROM attributes ORDER BY position");
        while (q.step()) {
            known.push_back(q.text(1));
            if (corpus::foldKey(q.text(1)) == key)
                attributeId = q.integer(0);
        }
        if (!q.status().isOk())
            return q.status();
    }
    if (attributeId < 0) {
        std::string list = "participant";
        for (const auto& k : known)
            list += ", " + k;
        return Status::invalidInput("no participant attribute '" + std::string(attribute) +
                                    "' (attributes: " + list + ")");
    }
    // Values: numbers sort numerically, before text.
    std::map<std::pair<double, std::string>, std::vector<int>> byValue;
    std::vector<bool> hasValue(who.participantIds.size(), false);
    sql::Statement q(db,
                     "SELECT participant_id, value, typeof(value) FROM attribute_values "
                     "WHERE attribute_id = ?");
    q.bind(1, attributeId);
    while (q.step()) {
        auto it = who.indexOf.find(q.integer(0));
        if (it == who.indexOf.end())
            continue;
        std::string type = q.text(2);
        bool number = type == "real" || type == "integer";
        double sortKey = number ? q.real(1) : 1e308;
        std::string text = number ? corpus::formatNumber(q.real(1)) : q.text(1);
        byValue[{sortKey, text}].push_back(it->second);
        hasValue[static_cast<std::size_t>(it->second)] = true;
    }
    if (!q.status().isOk())
        return q.status();
    for (const auto& [value, members] : byValue) {
        for (int p : members)
            g.groupOf[static_cast<std::size_t>(p)] = static_cast<int>(g.groups.size());
        g.groups.push_back(value.second);
    }
    bool none = false;
    for (std::size_t i = 0; i < hasValue.size(); ++i)
        if (!hasValue[i]) {
            g.groupOf[i] = static_cast<int>(g.groups.size());
            none = true;
        }
    if (none)
        g.groups.push_back("(none)");
    return g;
}

// The rows of a table: codes in tree order, and for every code the rows its
// codings count in.
struct Rows {
    std::vector<Code> codes;
    std::unordered_map<CodeId, std::vector<int>> rowsOf;
};

Result<Rows> selectRows(const Codebook& codebook, const Scope& scope) {
    auto all = codebook.codes();
    if (!all.isOk())
        return all.status();
    Rows rows;
    std::unordered_map<CodeId, int> rowOf;
    for (const Code& c : *all)
        if (scope.codes.empty() ||
            std::find(scope.codes.begin(), scope.codes.end(), c.id) != scope.codes.end()) {
            rowOf[c.id] = static_cast<int>(rows.codes.size());
            rows.codes.push_back(c);
        }
    std::unordered_map<CodeId, std::optional<CodeId>> parent;
    for (const Code& c : *all)
        parent[c.id] = c.parent;
    for (const Code& c : *all) {
        std::vector<int> list;
        if (auto it = rowOf.find(c.id); it != rowOf.end())
            list.push_back(it->second);
        if (scope.rollup)
            for (auto p = parent[c.id]; p; p = parent[*p])
                if (auto it = rowOf.find(*p); it != rowOf.end())
                    list.push_back(it->second);
        if (!list.empty())
            rows.rowsOf[c.id] = std::move(list);
    }
    return rows;
}

Result<std::optional<std::int64_t>> coderFilter(sqlite3* db, const Scope& scope) {
    if (!scope.coder)
        return std::optional<std::int64_t>();
    sql::Statement q(db, "SELECT id FROM coders WHERE name = ?");
    q.bind(1, *scope.coder);
    if (q.step())
        return std::optional<std::int64_t>(q.integer(0));
    if (!q.status().isOk())
        return q.status();
    return Status::invalidInput("no coder '" + *scope.coder + "' has coded in this project");
}

struct RawCoding {
    CodeId code;
    DocumentId document;
    CharPos start, end;
};

// Codings of the scope's coder, by document and start, in chunks.
template <typename F>
Status forEachCoding(sqlite3* db, std::optional<std::int64_t> coder, F&& f) {
    sql::Statement q(db, std::string("SELECT code_id, document_id, start, \"end\" FROM codings ") +
                             (coder ? "WHERE coder_id = ? " : "") + "ORDER BY document_id, start");
    if (coder)
        q.bind(1, *coder);
    while (q.step())
        f(RawCoding{q.integer(0), q.integer(1), q.integer(2), q.integer(3)});
    return q.status();
}

struct Interval {
    CharPos start, end;
};

// Merges intervals in place; returns the merged list.
void mergeIntervals(std::vector<Interval>& v) {
    std::sort(v.begin(), v.end(),
              [](const Interval& a, const Interval& b) { return a.start < b.start; });
    std::size_t out = 0;
    for (const Interval& i : v) {
        if (out > 0 && i.start <= v[out - 1].end)
            v[out - 1].end = std::max(v[out - 1].end, i.end);
        else
            v[out++] = i;
    }
    v.resize(out);
}

}  // namespace

Result<GroupTable> groupTable(corpus::Store& store, const Codebook& codebook,
                              std::string_view attribute, const std::vector<Measure>& measures,
                              const Scope& scope) {
    sqlite3* db = store.connection();
    auto rows = selectRows(codebook, scope);
    if (!rows.isOk())
        return rows.status();
    auto coder = coderFilter(db, scope);
    if (!coder.isOk())
        return coder.status();
    Attribution who;
    if (Status s = who.load(db, scope.speech); !s.isOk())
        return s;
    auto grouping = groupBy(db, who, attribute);
    if (!grouping.isOk())
        return grouping.status();
    const std::size_t G = grouping->groups.size();  // the total is column G
    const std::size_t C = G + 1;
    const std::size_t R = rows->codes.size() + 1;  // the "(any code)" row is R - 1
    const std::size_t P = who.participantIds.size();
    const auto& groupOf = grouping->groupOf;
    auto wants = [&](Measure m) {
        return std::find(measures.begin(), measures.end(), m) != measures.end();
    };
    const bool needParticipants = wants(Measure::Participants) || wants(Measure::Percent);
    const bool needText = wants(Measure::Words) || wants(Measure::Coverage);

    GroupTable table;
    table.attribute = std::string(attribute);
    table.groups = grouping->groups;
    table.measures = measures;

    // Who speaks, and how much, per group.
    std::vector<bool> speaks(P, false);
    table.speechCharacters.assign(C, 0);
    for (const auto& [doc, segs] : who.segments)
        for (const Segment& s : segs) {
            std::vector<bool> counted(C, false);
            for (std::uint32_t i = 0; i < s.count; ++i) {
                int p = who.people[s.first + i];
                speaks[static_cast<std::size_t>(p)] = true;
                auto g = static_cast<std::size_t>(groupOf[static_cast<std::size_t>(p)]);
                if (!counted[g])
                    table.speechCharacters[g] += s.end - s.start;
                counted[g] = true;
            }
            table.speechCharacters[G] += s.end - s.start;
        }
    table.speakers.assign(C, 0);
    for (std::size_t p = 0; p < P; ++p)
        if (speaks[p]) {
            ++table.speakers[static_cast<std::size_t>(groupOf[p])];
            ++table.speakers[G];
        }

    std::vector<std::int64_t> segments(R * C, 0), documents(R * C, 0), people(R * C, 0);
    std::vector<DocumentId> lastDocument(R * C, -1);
    std::vector<std::uint8_t> seen(needParticipants ? R * P : 0, 0);
    std::vector<std::int64_t> words(R * C, 0), characters(R * C, 0);
    // Coded pieces of the current document, per (row, column), for words and
    // coverage.
    std::vector<std::vector<Interval>> pieces(needText ? R * C : 0);
    std::vector<std::size_t> dirty;
    indexer::Tokenizer tokenizer;
    DocumentId currentDocument = -1;

    auto flushDocument = [&]() -> Status {
        if (dirty.empty())
            return Status::ok();
        std::vector<CharPos> wordStarts;
        if (wants(Measure::Words)) {
            auto text = store.documentText(currentDocument);
            if (!text.isOk())
                return text.status();
            for (const auto& w : tokenizer.words(*text))
                wordStarts.push_back(w.start);
        }
        for (std::size_t cell : dirty) {
            auto& list = pieces[cell];
            mergeIntervals(list);
            for (const Interval& i : list) {
                characters[cell] += i.end - i.start;
                auto a = std::lower_bound(wordStarts.begin(), wordStarts.end(), i.start);
                auto b = std::lower_bound(wordStarts.begin(), wordStarts.end(), i.end);
                words[cell] += b - a;
            }
            list.clear();
        }
        dirty.clear();
        return Status::ok();
    };

    std::vector<int> groupsHit, peopleHit;
    std::vector<int> rowList;
    const int anyRow = static_cast<int>(R - 1);
    Status failure;
    Status s = forEachCoding(db, *coder, [&](const RawCoding& c) {
        if (!failure.isOk())
            return;
        auto rowsIt = rows->rowsOf.find(c.code);
        if (rowsIt == rows->rowsOf.end())
            return;
        if (c.document != currentDocument) {
            if (needText)
                if (Status f = flushDocument(); !f.isOk())
                    failure = f;
            currentDocument = c.document;
        }
        groupsHit.clear();
        peopleHit.clear();
        rowList = rowsIt->second;
        rowList.push_back(anyRow);
        who.forEachPiece(c.document, c.start, c.end, [&](int p, CharPos a, CharPos b) {
            int g = groupOf[static_cast<std::size_t>(p)];
            if (std::find(groupsHit.begin(), groupsHit.end(), g) == groupsHit.end())
                groupsHit.push_back(g);
            if (std::find(peopleHit.begin(), peopleHit.end(), p) == peopleHit.end())
                peopleHit.push_back(p);
            if (needText)
                for (int r : rowList)
                    for (std::size_t col : {static_cast<std::size_t>(g), G}) {
                        std::size_t cell = static_cast<std::size_t>(r) * C + col;
                        if (pieces[cell].empty())
                            dirty.push_back(cell);
                        pieces[cell].push_back({a, b});
                    }
        });
        if (groupsHit.empty())
            return;  // nobody's speech (e.g. only the interviewer's)
        for (int r : rowList) {
            std::size_t base = static_cast<std::size_t>(r) * C;
            auto count = [&](std::size_t col) {
                ++segments[base + col];
                if (lastDocument[base + col] != c.document) {
                    lastDocument[base + col] = c.document;
                    ++documents[base + col];
                }
            };
            for (int g : groupsHit)
                count(static_cast<std::size_t>(g));
            count(G);
            if (needParticipants)
                for (int p : peopleHit) {
                    auto& flag =
                        seen[static_cast<std::size_t>(r) * P + static_cast<std::size_t>(p)];
                    if (flag)
                        continue;
                    flag = 1;
                    ++people[base + static_cast<std::size_t>(groupOf[static_cast<std::size_t>(p)])];
                    ++people[base + G];
                }
        }
    });
    if (!s.isOk())
        return s;
    if (!failure.isOk())
        return failure;
    if (needText)
        if (Status f = flushDocument(); !f.isOk())
            return f;

    for (std::size_t r = 0; r < R; ++r) {
        GroupTable::Row row;
        if (r + 1 < R) {
            const Code& code = rows->codes[r];
            row.code = code.id;
            row.path = code.path;
            row.name = code.name;
            row.depth = code.depth;
        } else {
            row.path = row.name = "(any code)";
        }
        for (Measure m : measures) {
            std::vector<double> values(C, 0);
            for (std::size_t g = 0; g < C; ++g) {
                std::size_t cell = r * C + g;
                switch (m) {
                    case Measure::Segments:
                        values[g] = static_cast<double>(segments[cell]);
                        break;
                    case Measure::Documents:
                        values[g] = static_cast<double>(documents[cell]);
                        break;
                    case Measure::Participants:
                        values[g] = static_cast<double>(people[cell]);
                        break;
                    case Measure::Percent:
                        values[g] = table.speakers[g] ? static_cast<double>(people[cell]) /
                                                            static_cast<double>(table.speakers[g])
                                                      : 0.0;
                        break;
                    case Measure::Words:
                        values[g] = static_cast<double>(words[cell]);
                        break;
                    case Measure::Coverage:
                        values[g] = table.speechCharacters[g]
                                        ? static_cast<double>(characters[cell]) /
                                              static_cast<double>(table.speechCharacters[g])
                                        : 0.0;
                        break;
                }
            }
            row.values.push_back(std::move(values));
        }
        table.rows.push_back(std::move(row));
    }
    return table;
}

Result<Cooccurrence> cooccurrence(corpus::Store& store, const Codebook& codebook, CoUnit unit,
                                  const Scope& scope) {
    sqlite3* db = store.connection();
    auto rows = selectRows(codebook, scope);
    if (!rows.isOk())
        return rows.status();
    auto coder = coderFilter(db, scope);
    if (!coder.isOk())
        return coder.status();
    const std::size_t R = rows->codes.size();
    Cooccurrence out;
    out.unit = unit;
    out.codes = rows->codes;
    out.counts.assign(R, std::vector<std::int64_t>(R, 0));

    // Turn boundaries per document, for the turn unit.
    std::unordered_map<DocumentId, std::vector<Interval>> turns;
    if (unit == CoUnit::Turn) {
        sql::Statement q(
            db, "SELECT document_id, start, \"end\" FROM turns ORDER BY document_id, start");
        while (q.step())
            turns[q.integer(0)].push_back({q.integer(1), q.integer(2)});
        if (!q.status().isOk())
            return q.status();
    }
    struct Active {
        CharPos end;
        const std::vector<int>* rows;
    };
    std::vector<Active> active;
    std::map<std::int64_t, std::vector<bool>> units;  // unit -> rows present (turn/document)
    DocumentId current = -1;
    auto flushUnits = [&] {
        for (auto& [key, present] : units) {
            std::vector<std::size_t> on;
            for (std::size_t r = 0; r < R; ++r)
                if (present[r])
                    on.push_back(r);
            for (std::size_t a : on)
                for (std::size_t b : on)
                    ++out.counts[a][b];
        }
        units.clear();
    };
    Status s = forEachCoding(db, *coder, [&](const RawCoding& c) {
        auto it = rows->rowsOf.find(c.code);
        if (it == rows->rowsOf.end())
            return;
        if (c.document != current) {
            flushUnits();
            active.clear();
            current = c.document;
        }
        if (unit == CoUnit::Span) {
            std::erase_if(active, [&](const Active& a) { return a.end <= c.start; });
            for (int r : it->second)
                ++out.counts[static_cast<std::size_t>(r)][static_cast<std::size_t>(r)];
            // One overlapping pair of codings counts once per pair of rows,
            // even when both codings are in both rows (roll-up: two codings
            // of one sub-code are each also a coding of the parent).
            std::vector<std::pair<int, int>> pairs;
            for (const Active& a : active) {
                pairs.clear();
                for (int ra : *a.rows)
                    for (int rc : it->second)
                        if (ra != rc)
                            pairs.push_back(std::minmax(ra, rc));
                std::sort(pairs.begin(), pairs.end());
                pairs.erase(std::unique(pairs.begin(), pairs.end()), pairs.end());
                for (auto [x, y] : pairs) {
                    ++out.counts[static_cast<std::size_t>(x)][static_cast<std::size_t>(y)];
                    ++out.counts[static_cast<std::size_t>(y)][static_cast<std::size_t>(x)];
                }
            }
            active.push_back({c.end, &it->second});
            return;
        }
        auto mark = [&](std::int64_t key) {
            auto& present = units[key];
            present.resize(R, false);
            for (int r : it->second)
                present[static_cast<std::size_t>(r)] = true;
        };
        if (unit == CoUnit::Document) {
            mark(0);
            return;
        }
        auto t = turns.find(c.document);
        if (t == turns.end() || t->second.empty()) {
            mark(0);  // a document without turns is one unit
            return;
        }
        const auto& list = t->second;
        auto first = std::upper_bound(list.begin(), list.end(), c.start,
                                      [](CharPos pos, const Interval& i) { return pos < i.end; });
        for (auto i = first; i != list.end() && i->start < c.end; ++i)
            mark(i - list.begin());
    });
    if (!s.isOk())
        return s;
    flushUnits();
    return out;
}

Result<std::vector<Quote>> quotes(corpus::Store& store, const Codebook& codebook,
                                  const QuoteOptions& options) {
    sqlite3* db = store.connection();
    const Scope& scope = options.scope;
    auto coder = coderFilter(db, scope);
    if (!coder.isOk())
        return coder.status();
    auto codes = codebook.codes();
    if (!codes.isOk())
        return codes.status();
    std::unordered_map<CodeId, const Code*> codeById;
    for (const Code& c : *codes)
        codeById[c.id] = &c;
    Attribution who;
    if (Status s = who.load(db, scope.speech); !s.isOk())
        return s;

    // The attribute filters: participant indexes that pass.
    std::vector<bool> passes(who.participantIds.size(), true);
    auto participants = store.participants();
    if (!participants.isOk())
        return participants.status();
    std::unordered_map<std::int64_t, const corpus::Participant*> byId;
    for (const auto& p : *participants)
        byId[p.id] = &p;
    if (!options.where.empty()) {
        auto attributes = store.attributes();
        if (!attributes.isOk())
            return attributes.status();
        for (const auto& [name, value] : options.where) {
            const corpus::Attribute* attribute = nullptr;
            std::string known;
            for (const auto& a : *attributes) {
                known += (known.empty() ? "" : ", ") + a.name;
                if (corpus::foldKey(a.name) == corpus::foldKey(name))
                    attribute = &a;
            }
            if (!attribute)
                return Status::invalidInput("no participant attribute '" + name +
                                            "' (attributes: " + known + ")");
            std::set<std::string> values;
            bool any = false;
            for (std::size_t i = 0; i < who.participantIds.size(); ++i) {
                const auto* p = byId.at(who.participantIds[i]);
                auto v = p->values.find(attribute->name);
                std::string actual = v == p->values.end() ? "" : v->second;
                if (!actual.empty())
                    values.insert(actual);
                bool match = corpus::foldKey(actual) == corpus::foldKey(value);
                any = any || match;
                passes[i] = passes[i] && match;
            }
            if (!any) {
                std::string list;
                for (const auto& v : values)
                    list += (list.empty() ? "" : ", ") + v;
                return Status::invalidInput("no participant has " + attribute->name + " = '" +
                                            value + "' (values: " + list + ")");
            }
        }
    }

    std::set<CodeId> wanted(scope.codes.begin(), scope.codes.end());
    std::vector<Quote> out;
    auto all = codebook.codings();
    if (!all.isOk())
        return all.status();
    std::string textOf;
    DocumentId textDoc = -1;
    std::unique_ptr<corpus::OffsetIndex> offsets;
    for (const Coding& c : *all) {
        if (!wanted.empty() && !wanted.count(c.code))
            continue;
        if (scope.coder && c.coder != *scope.coder)
            continue;
        std::vector<int> speakers;
        who.forEachPiece(c.document, c.start, c.end, [&](int p, CharPos, CharPos) {
            if (std::find(speakers.begin(), speakers.end(), p) == speakers.end())
                speakers.push_back(p);
        });
        if (!options.where.empty()) {
            // Those the filters chose come first: their attributes are shown.
            auto chosen = std::stable_partition(speakers.begin(), speakers.end(), [&](int p) {
                return passes[static_cast<std::size_t>(p)];
            });
            if (chosen == speakers.begin())
                continue;
        }
        // Like the tables: with Speech::Participant, a coding of nobody's
        // speech (only the interviewer's) is not a participant's quote.
        if (speakers.empty() && scope.speech == Speech::Participant)
            continue;
        if (options.keep && !options.keep(c))
            continue;
        if (speakers.empty())
            speakers = who.linkedTo(c.document);
        Quote q;
        q.coding = c;
        q.codePath = codeById.count(c.code) ? codeById[c.code]->path : "?";
        q.documentName = who.documentNames[c.document];
        for (int p : speakers)
            q.participants.push_back(who.participantNames[static_cast<std::size_t>(p)]);
        if (!speakers.empty())
            q.attributes =
                byId.at(who.participantIds[static_cast<std::size_t>(speakers[0])])->values;
        auto turn = store.turnAt(c.document, c.start);
        if (!turn.isOk())
            return turn.status();
        if (*turn) {
            q.speaker = (*turn)->speaker;
            q.kind = (*turn)->kind;
            q.timestampMs = (*turn)->timestampMs;
        }
        if (c.document != textDoc) {
            auto text = store.documentText(c.document);
            if (!text.isOk())
                return text.status();
            textOf = std::move(text).value();
            textDoc = c.document;
            offsets = std::make_unique<corpus::OffsetIndex>(textOf);
        }
        auto slice = [&](CharPos a, CharPos b) {
            a = std::clamp<CharPos>(a, 0, offsets->size());
            b = std::clamp<CharPos>(b, a, offsets->size());
            auto x = offsets->utf8Offset(a), y = offsets->utf8Offset(b);
            return x && y ? textOf.substr(*x, *y - *x) : std::string();
        };
        q.text = slice(c.start, c.end);
        if (options.context > 0) {
            q.before = slice(c.start - options.context, c.start);
            q.after = slice(c.end, c.end + options.context);
        }
        out.push_back(std::move(q));
    }
    return out;
}

}  // namespace margin::codebook
