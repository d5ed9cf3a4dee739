#include "codebook/agreement.h"

#include <algorithm>
#include <cmath>
#include <set>

#include "corpus/offsets.h"
#include "corpus/text.h"
#include "indexer/passages.h"

namespace margin::codebook {
namespace {

constexpr double kEpsilon = 1e-12;

Statistic undefined(std::string reason) {
    return {std::nullopt, std::move(reason)};
}

const char* kNoPairable = "no unit has values from two coders";
const char* kNoVariation = "no variation: every unit has the same value";

// The values of a unit by category: value -> how many coders gave it.
std::map<NominalValue, std::int64_t> tally(const Pattern& p, std::int64_t* present) {
    std::map<NominalValue, std::int64_t> out;
    *present = 0;
    for (const auto& v : p)
        if (v) {
            ++out[*v];
            ++*present;
        }
    return out;
}

struct FleissRow {
    std::map<NominalValue, std::int64_t> counts;
    std::int64_t raters = 0;
    std::int64_t weight = 1;
};

Statistic fleiss(const std::vector<FleissRow>& rows) {
    double units = 0, sumP = 0;
    std::int64_t n = -1;
    std::map<NominalValue, double> categoryTotals;
    for (const auto& row : rows) {
        if (row.weight <= 0)
            continue;
        if (n < 0)
            n = row.raters;
        else if (n != row.raters)
            return undefined("subjects have different numbers of ratings");
        double agreeing = 0;
        for (const auto& [category, count] : row.counts) {
            agreeing += static_cast<double>(count) * static_cast<double>(count - 1);
            categoryTotals[category] += static_cast<double>(count * row.weight);
        }
        if (n >= 2)
            sumP += static_cast<double>(row.weight) * agreeing /
                    (static_cast<double>(n) * static_cast<double>(n - 1));
        units += static_cast<double>(row.weight);
    }
    if (units == 0 || n < 2)
        return undefined("no unit was coded by every coder");
    double pBar = sumP / units;
    double pe = 0;
    for (const auto& [category, total] : categoryTotals) {
        double p = total / (units * static_cast<double>(n));
        pe += p * p;
    }
    if (1 - pe < kEpsilon)
        return undefined(kNoVariation);
    return {(pBar - pe) / (1 - pe), {}};
}

}  // namespace

Patterns patternsOf(const std::vector<std::vector<std::optional<NominalValue>>>& coderRows) {
    std::size_t units = 0;
    for (const auto& row : coderRows)
        units = std::max(units, row.size());
    Patterns out;
    for (std::size_t u = 0; u < units; ++u) {
        Pattern p;
        for (const auto& row : coderRows)
            p.push_back(u < row.size() ? row[u] : std::nullopt);
        ++out[p];
    }
    return out;
}

Statistic percentAgreement(const Patterns& data) {
    double units = 0, agreement = 0;
    for (const auto& [pattern, weight] : data) {
        std::int64_t m = 0;
        auto counts = tally(pattern, &m);
        if (m < 2 || weight <= 0)
            continue;
        double pairs = static_cast<double>(m) * static_cast<double>(m - 1);
        double agreeing = 0;
        for (const auto& [value, count] : counts)
            agreeing += static_cast<double>(count) * static_cast<double>(count - 1);
        agreement += static_cast<double>(weight) * agreeing / pairs;
        units += static_cast<double>(weight);
    }
    if (units == 0)
        return undefined(kNoPairable);
    return {agreement / units, {}};
}

Statistic cohenKappa(const Patterns& data) {
    std::map<NominalValue, double> first, second;
    double units = 0, agreeing = 0;
    for (const auto& [pattern, weight] : data) {
        if (pattern.size() != 2)
            return undefined("Cohen's kappa is for two coders");
        if (!pattern[0] || !pattern[1] || weight <= 0)
            continue;
        double w = static_cast<double>(weight);
        first[*pattern[0]] += w;
        second[*pattern[1]] += w;
        if (*pattern[0] == *pattern[1])
            agreeing += w;
        units += w;
    }
    if (units == 0)
        return undefined("no unit was coded by both coders");
    double po = agreeing / units;
    double pe = 0;
    for (const auto& [value, count] : first) {
        auto it = second.find(value);
        if (it != second.end())
            pe += (count / units) * (it->second / units);
    }
    if (1 - pe < kEpsilon)
        return undefined(kNoVariation);
    return {(po - pe) / (1 - pe), {}};
}

Statistic fleissKappa(const Patterns& data) {
    std::vector<FleissRow> rows;
    for (const auto& [pattern, weight] : data) {
        FleissRow row;
        row.counts = tally(pattern, &row.raters);
        row.weight = weight;
        if (row.raters == static_cast<std::int64_t>(pattern.size()))
            rows.push_back(std::move(row));
    }
    return fleiss(rows);
}

Statistic fleissKappa(const std::vector<std::vector<std::int64_t>>& counts) {
    std::vector<FleissRow> rows;
    for (const auto& subject : counts) {
        FleissRow row;
        for (std::size_t j = 0; j < subject.size(); ++j) {
            if (subject[j] > 0)
                row.counts[static_cast<NominalValue>(j)] = subject[j];
            row.raters += subject[j];
        }
        rows.push_back(std::move(row));
    }
    return fleiss(rows);
}

Statistic krippendorffAlphaNominal(const Patterns& data) {
    // The coincidence matrix: each ordered pair of values of one unit adds
    // 1 / (m_u − 1), m_u the number of values of the unit.
    std::map<std::pair<NominalValue, NominalValue>, double> o;
    for (const auto& [pattern, weight] : data) {
        std::int64_t m = 0;
        auto counts = tally(pattern, &m);
        if (m < 2 || weight <= 0)
            continue;
        double w = static_cast<double>(weight) / static_cast<double>(m - 1);
        for (const auto& [c, nc] : counts)
            for (const auto& [k, nk] : counts)
                o[{c, k}] +=
                    w * static_cast<double>(nc) * static_cast<double>(c == k ? nk - 1 : nk);
    }
    std::map<NominalValue, double> marginal;
    double n = 0, disagreeing = 0;
    for (const auto& [ck, count] : o) {
        marginal[ck.first] += count;
        n += count;
        if (ck.first != ck.second)
            disagreeing += count;
    }
    if (n == 0)
        return undefined(kNoPairable);
    double sumSquares = 0;
    for (const auto& [c, nc] : marginal)
        sumSquares += nc * nc;
    double expected = n * n - sumSquares;  // Σ_{c≠k} n_c·n_k
    if (expected < kEpsilon)
        return undefined(kNoVariation);
    return {1 - (n - 1) * disagreeing / expected, {}};
}

// --- agreement on codings ------------------------------------------------------------

std::optional<AgreementUnit> parseAgreementUnit(std::string_view name) {
    if (name == "character")
        return AgreementUnit::Character;
    if (name == "sentence")
        return AgreementUnit::Sentence;
    if (name == "turn")
        return AgreementUnit::Turn;
    if (name == "document")
        return AgreementUnit::Document;
    return std::nullopt;
}

const char* agreementUnitName(AgreementUnit unit) {
    switch (unit) {
        case AgreementUnit::Character:
            return "character";
        case AgreementUnit::Sentence:
            return "sentence";
        case AgreementUnit::Turn:
            return "turn";
        case AgreementUnit::Document:
            return "document";
    }
    return "?";
}

namespace {

using Span = std::pair<corpus::CharPos, corpus::CharPos>;

// Sorted, merged spans.
std::vector<Span> merged(std::vector<Span> spans) {
    std::sort(spans.begin(), spans.end());
    std::vector<Span> out;
    for (const auto& s : spans) {
        if (!out.empty() && s.first <= out.back().second)
            out.back().second = std::max(out.back().second, s.second);
        else
            out.push_back(s);
    }
    return out;
}

std::string excerpt(std::string_view text, corpus::CharPos start, corpus::CharPos end) {
    constexpr corpus::CharPos kMax = 200;
    bool cut = end - start > kMax;
    auto slice = corpus::sliceChars(text, start, cut ? start + kMax : end);
    std::string out(corpus::trimSpace(slice ? *slice : std::string_view()));
    return cut ? out + "…" : out;
}

// The units of one document, sorted and not overlapping.
Result<std::vector<Span>> unitsOf(corpus::Store& store, const corpus::DocumentInfo& doc,
                                  const std::string& text, AgreementUnit unit) {
    std::vector<Span> out;
    if (unit == AgreementUnit::Document || unit == AgreementUnit::Character) {
        out.emplace_back(0, doc.length);
        return out;
    }
    if (unit == AgreementUnit::Turn) {
        auto turns = store.turns(doc.id);
        if (!turns.isOk())
            return turns.status();
        for (const auto& t : *turns)
            out.emplace_back(t.start, t.end);
        if (out.empty())
            out.emplace_back(0, doc.length);
        std::sort(out.begin(), out.end());
        return out;
    }
    corpus::OffsetIndex index(text);
    for (const auto& [b, e] : indexer::sentences(text)) {
        if (corpus::trimSpace(std::string_view(text).substr(b, e - b)).empty())
            continue;
        auto s = index.charPosFromUtf8(b), f = index.charPosFromUtf8(e);
        if (s && f && *s < *f)
            out.emplace_back(*s, *f);
    }
    return out;
}

void add(AgreementRow& row, const Pattern& pattern, std::int64_t count, Patterns& data) {
    data[pattern] += count;
    row.units += count;
    for (std::size_t k = 0; k < pattern.size(); ++k)
        if (pattern[k] && *pattern[k] == 1)
            row.applied[k] += count;
}

bool differs(const Pattern& p) {
    return std::any_of(p.begin(), p.end(), [&](const auto& v) { return v != p.front(); });
}

void finish(AgreementRow& row, const Patterns& data, std::size_t coders) {
    row.percent = percentAgreement(data);
    row.cohen = coders == 2 ? cohenKappa(data) : undefined("Cohen's kappa is for two coders");
    row.fleiss = fleissKappa(data);
    row.alpha = krippendorffAlphaNominal(data);
    // Presence data: all units with no code at all is the commonest case.
    if (row.units > 0 &&
        std::all_of(row.applied.begin(), row.applied.end(), [](auto n) { return n == 0; })) {
        const char* reason = "no coder applied the code";
        for (auto* s : {&row.cohen, &row.fleiss, &row.alpha})
            if (!s->value && s->reason == kNoVariation)
                s->reason = reason;
    }
}

}  // namespace

Result<AgreementReport> agreement(corpus::Store& store, const Codebook& codebook,
                                  const AgreementOptions& options) {
    if (options.coders.size() < 2)
        return Status::invalidInput("agreement needs at least two coders");
    auto known = codebook.coders();
    if (!known.isOk())
        return known.status();
    std::map<std::string, std::size_t> coderIndex;
    for (const auto& name : options.coders) {
        if (std::find(known->begin(), known->end(), name) == known->end()) {
            std::string list;
            for (const auto& k : *known)
                list += (list.empty() ? "" : ", ") + k;
            return Status::invalidInput("unknown coder '" + name + "' (the project's coders: " +
                                        (list.empty() ? "none" : list) + ")");
        }
        if (!coderIndex.emplace(name, coderIndex.size()).second)
            return Status::invalidInput("coder '" + name + "' is given twice");
    }
    const std::size_t coders = options.coders.size();

    auto allCodes = codebook.codes();
    if (!allCodes.isOk())
        return allCodes.status();
    std::set<CodeId> wanted(options.codes.begin(), options.codes.end());
    std::vector<Code> codes;
    for (const auto& c : *allCodes)
        if (wanted.empty() || wanted.count(c.id))
            codes.push_back(c);

    auto codings = codebook.codings();
    if (!codings.isOk())
        return codings.status();
    // spans[document][code][coder]
    std::map<corpus::DocumentId, std::map<CodeId, std::vector<std::vector<Span>>>> spans;
    std::set<corpus::DocumentId> coded;
    for (const auto& c : *codings) {
        auto k = coderIndex.find(c.coder);
        if (k == coderIndex.end())
            continue;
        coded.insert(c.document);
        auto& perCoder = spans[c.document][c.code];
        perCoder.resize(coders);
        perCoder[k->second].emplace_back(c.start, c.end);
    }

    auto documents = store.documents();
    if (!documents.isOk())
        return documents.status();

    AgreementReport report;
    report.unit = options.unit;
    report.coders = options.coders;
    report.allDocuments = options.allDocuments;
    report.projectDocuments = static_cast<std::int64_t>(documents->size());
    std::vector<Patterns> data(codes.size());
    Patterns pooled;
    for (const auto& c : codes) {
        AgreementRow row;
        row.code = c.id;
        row.path = c.path;
        row.name = c.name;
        row.depth = c.depth;
        row.applied.assign(coders, 0);
        report.rows.push_back(std::move(row));
    }
    report.overall.path = "(all codes)";
    report.overall.name = "(all codes)";
    report.overall.applied.assign(coders, 0);

    const Pattern absent(coders, NominalValue{0});
    for (const auto& doc : *documents) {
        if (!options.allDocuments && !coded.count(doc.id))
            continue;
        report.documents.push_back(doc.name);
        std::string text;
        if (options.unit == AgreementUnit::Sentence || options.disagreements) {
            auto t = store.documentText(doc.id);
            if (!t.isOk())
                return t.status();
            text = std::move(*t);
        }
        auto units = unitsOf(store, doc, text, options.unit);
        if (!units.isOk())
            return units.status();
        const auto& docSpans = spans[doc.id];
        for (std::size_t r = 0; r < codes.size(); ++r) {
            AgreementRow& row = report.rows[r];
            auto found = docSpans.find(codes[r].id);
            std::vector<std::vector<Span>> perCoder(coders);
            if (found != docSpans.end())
                for (std::size_t k = 0; k < coders; ++k)
                    perCoder[k] = merged(found->second[k]);
            // Every (start, end, pattern) observed; absent units by count.
            std::vector<std::pair<Span, Pattern>> observed;
            std::int64_t observedUnits = 0, totalUnits = 0;
            if (options.unit == AgreementUnit::Character) {
                totalUnits = doc.length;
                std::vector<corpus::CharPos> bounds;
                for (const auto& list : perCoder)
                    for (const auto& s : list) {
                        bounds.push_back(std::clamp<corpus::CharPos>(s.first, 0, doc.length));
                        bounds.push_back(std::clamp<corpus::CharPos>(s.second, 0, doc.length));
                    }
                std::sort(bounds.begin(), bounds.end());
                bounds.erase(std::unique(bounds.begin(), bounds.end()), bounds.end());
                std::vector<std::size_t> next(coders, 0);
                for (std::size_t b = 0; b + 1 < bounds.size(); ++b) {
                    Span piece{bounds[b], bounds[b + 1]};
                    Pattern p = absent;
                    bool any = false;
                    for (std::size_t k = 0; k < coders; ++k) {
                        auto& i = next[k];
                        while (i < perCoder[k].size() && perCoder[k][i].second <= piece.first)
                            ++i;
                        if (i < perCoder[k].size() && perCoder[k][i].first <= piece.first) {
                            p[k] = 1;
                            any = true;
                        }
                    }
                    if (!any)
                        continue;
                    // Adjacent pieces with the same pattern form one run.
                    if (!observed.empty() && observed.back().first.second == piece.first &&
                        observed.back().second == p)
                        observed.back().first.second = piece.second;
                    else
                        observed.emplace_back(piece, p);
                    observedUnits += piece.second - piece.first;
                }
                for (const auto& [span, p] : observed)
                    add(row, p, span.second - span.first, data[r]);
            } else {
                totalUnits = static_cast<std::int64_t>(units->size());
                std::map<std::size_t, Pattern> marked;
                for (std::size_t k = 0; k < coders; ++k)
                    for (const auto& s : perCoder[k]) {
                        // The first unit that ends after the span starts.
                        auto it = std::upper_bound(
                            units->begin(), units->end(), s.first,
                            [](corpus::CharPos pos, const Span& u) { return pos < u.second; });
                        for (; it != units->end() && it->first < s.second; ++it) {
                            auto [m, fresh] = marked.emplace(
                                static_cast<std::size_t>(it - units->begin()), absent);
                            m->second[k] = 1;
                        }
                    }
                for (const auto& [i, p] : marked) {
                    observed.emplace_back((*units)[i], p);
                    add(row, p, 1, data[r]);
                }
                observedUnits = static_cast<std::int64_t>(marked.size());
            }
            if (totalUnits > observedUnits)
                add(row, absent, totalUnits - observedUnits, data[r]);
            if (options.disagreements)
                for (const auto& [span, p] : observed)
                    if (differs(p)) {
                        Disagreement d;
                        d.code = codes[r].id;
                        d.codePath = codes[r].path;
                        d.document = doc.id;
                        d.documentName = doc.name;
                        d.start = span.first;
                        d.end = span.second;
                        d.text = excerpt(text, span.first, span.second);
                        for (const auto& v : p)
                            d.applied.push_back(v && *v == 1);
                        report.disagreements.push_back(std::move(d));
                    }
        }
    }
    for (std::size_t r = 0; r < codes.size(); ++r) {
        for (const auto& [p, n] : data[r])
            add(report.overall, p, n, pooled);
        finish(report.rows[r], data[r], coders);
    }
    finish(report.overall, pooled, coders);
    // By code (tree order), then document and position.
    std::map<CodeId, std::size_t> rank;
    for (std::size_t r = 0; r < codes.size(); ++r)
        rank[codes[r].id] = r;
    std::stable_sort(
        report.disagreements.begin(), report.disagreements.end(),
        [&](const Disagreement& a, const Disagreement& b) { return rank[a.code] < rank[b.code]; });
    return report;
}

}  // namespace margin::codebook

namespace margin::codebook {

namespace {

report::Cell cellOf(const Statistic& s) {
    if (s.value)
        return *s.value;
    return std::string("n/a");
}

std::string noteOf(const AgreementRow& row, std::size_t coders) {
    std::vector<std::string> reasons;
    auto note = [&](const char* name, const Statistic& s) {
        if (!s.value && !(coders != 2 && std::string(name) == "Cohen's kappa"))
            reasons.push_back(std::string(name) + ": " + s.reason);
    };
    note("agreement", row.percent);
    note("Cohen's kappa", row.cohen);
    note("Fleiss' kappa", row.fleiss);
    note("alpha", row.alpha);
    // The same reason for all: say it once.
    if (!reasons.empty() && std::all_of(reasons.begin(), reasons.end(), [&](const auto& r) {
            return r.substr(r.find(": ")) == reasons.front().substr(reasons.front().find(": "));
        }))
        return reasons.front().substr(reasons.front().find(": ") + 2);
    std::string out;
    for (const auto& r : reasons)
        out += (out.empty() ? "" : "; ") + r;
    return out;
}

}  // namespace

std::vector<report::Table> agreementTables(const AgreementReport& r, bool disagreements) {
    using Kind = report::Column::Kind;
    const std::size_t coders = r.coders.size();
    const std::string unit = agreementUnitName(r.unit);
    std::string coderList;
    for (const auto& c : r.coders)
        coderList += (coderList.empty() ? "" : ", ") + c;

    report::Table t;
    t.title = "Inter-coder agreement";
    t.notes.push_back("Coders: " + coderList + ". Unit: " + unit +
                      (r.unit == AgreementUnit::Turn
                           ? " (each speaker turn; a document without turns is one unit)"
                       : r.unit == AgreementUnit::Sentence  ? " (ICU sentences of each document)"
                       : r.unit == AgreementUnit::Character ? " (each character of each document)"
                                                            : " (each document)") +
                      ". The data: for each code, unit and coder, whether the coder applied the "
                      "code to any part of the unit (1) or not (0); a code's sub-codes are "
                      "rows of their own.");
    t.notes.push_back(
        (r.allDocuments
             ? "Documents: all " + std::to_string(r.documents.size()) + " documents of the project."
             : "Documents: the " + std::to_string(r.documents.size()) + " of " +
                   std::to_string(r.projectDocuments) +
                   " documents that at least one of these coders coded (text nobody "
                   "coded is left out; --all-documents counts every document).") +
        " Overall: every (unit, code) pair is an item.");
    t.notes.push_back(
        "Agreement: the share of units on which the coders agree (several coders: agreeing "
        "pairs). Cohen's kappa (two coders): (po − pe) / (1 − pe). Fleiss' kappa: (P̄ − Pe) / "
        "(1 − Pe). Krippendorff's alpha (nominal): 1 − (n − 1)·Σ_{c≠k} o_ck / Σ_{c≠k} n_c·n_k. "
        "n/a: undefined (see the note column). Definitions: docs/AGREEMENT.md.");
    t.columns = {{"code", Kind::Text}, {"path", Kind::Text, true}, {"units", Kind::Integer}};
    for (const auto& c : r.coders)
        t.columns.push_back({c + " applied", Kind::Integer});
    t.columns.push_back({"agreement", Kind::Percent});
    if (coders == 2)
        t.columns.push_back({"Cohen's kappa", Kind::Real});
    t.columns.push_back({"Fleiss' kappa", Kind::Real});
    t.columns.push_back({"Krippendorff's alpha", Kind::Real});
    t.columns.push_back({"note", Kind::Text});
    auto rowOf = [&](const AgreementRow& a, bool total) {
        report::Row row;
        row.depth = a.depth;
        row.total = total;
        row.cells = {a.name, a.path, a.units};
        for (auto n : a.applied)
            row.cells.emplace_back(n);
        row.cells.push_back(cellOf(a.percent));
        if (coders == 2)
            row.cells.push_back(cellOf(a.cohen));
        row.cells.push_back(cellOf(a.fleiss));
        row.cells.push_back(cellOf(a.alpha));
        row.cells.emplace_back(noteOf(a, coders));
        return row;
    };
    for (const auto& a : r.rows)
        t.rows.push_back(rowOf(a, false));
    t.rows.push_back(rowOf(r.overall, true));

    std::vector<report::Table> out{std::move(t)};
    if (!disagreements)
        return out;
    report::Table d;
    d.title = "Disagreements";
    d.notes.push_back("Each " + unit + " where the coders differ on a code" +
                      (r.unit == AgreementUnit::Character ? " (runs of characters)" : "") +
                      "; start and end in characters (code points, end exclusive).");
    d.columns = {{"code", Kind::Text},
                 {"document", Kind::Text},
                 {"start", Kind::Integer},
                 {"end", Kind::Integer},
                 {"text", Kind::Text}};
    for (const auto& c : r.coders)
        d.columns.push_back({c, Kind::Text});
    for (const auto& x : r.disagreements) {
        report::Row row;
        row.cells = {x.codePath, x.documentName, x.start, x.end, x.text};
        for (bool applied : x.applied)
            row.cells.emplace_back(std::string(applied ? "yes" : "no"));
        d.rows.push_back(std::move(row));
    }
    out.push_back(std::move(d));
    return out;
}

}  // namespace margin::codebook
