#include "indexer/words.h"

#include <algorithm>
#include <map>
#include <unordered_map>

#include "corpus/offsets.h"
#include "indexer/tokenizer.h"

namespace margin::indexer {

const std::set<std::string>& stopwords() {
    static const std::set<std::string> words = [] {
        static const char* const english[] = {
            "a",          "about",   "above",    "after",     "again",   "against", "all",
            "also",       "am",      "an",       "and",       "any",     "are",     "as",
            "at",         "be",      "because",  "been",      "before",  "being",   "below",
            "between",    "both",    "but",      "by",        "can",     "could",   "did",
            "do",         "does",    "doing",    "don't",     "down",    "during",  "each",
            "even",       "few",     "for",      "from",      "further", "get",     "got",
            "had",        "has",     "have",     "having",    "he",      "her",     "here",
            "hers",       "herself", "him",      "himself",   "his",     "how",     "i",
            "i'm",        "if",      "in",       "into",      "is",      "it",      "it's",
            "its",        "itself",  "just",     "know",      "like",    "me",      "more",
            "most",       "mm",      "my",       "myself",    "no",      "nor",     "not",
            "now",        "of",      "off",      "oh",        "ok",      "okay",    "on",
            "once",       "one",     "only",     "or",        "other",   "our",     "ours",
            "ourselves",  "out",     "over",     "own",       "really",  "right",   "said",
            "same",       "say",     "she",      "should",    "so",      "some",    "such",
            "than",       "that",    "that's",   "the",       "their",   "theirs",  "them",
            "themselves", "then",    "there",    "there's",   "these",   "they",    "they're",
            "thing",      "things",  "think",    "this",      "those",   "through", "to",
            "too",        "um",      "uh",       "under",     "until",   "up",      "very",
            "was",        "way",     "we",       "we're",     "well",    "were",    "what",
            "when",       "where",   "which",    "while",     "who",     "whom",    "why",
            "will",       "with",    "would",    "yeah",      "yes",     "you",     "you're",
            "your",       "yours",   "yourself", "yourselves"};
        static const char* const chinese[] = {
            "的",     "了",   "是",   "在",   "很多", "非常", "我",   "你",   "他",   "她",
            "它",     "们",   "我们", "你们", "他们", "她们", "这",   "那",   "这个", "那个",
            "这些",   "那些", "这样", "那样", "就",   "都",   "也",   "还",   "和",   "与",
            "及",     "或",   "不",   "没",   "没有", "有",   "很",   "吧",   "呢",   "啊",
            "嗯",     "呃",   "哦",   "对",   "个",   "一",   "一个", "一些", "什么", "怎么",
            "为什么", "因为", "所以", "但是", "可是", "然后", "而且", "如果", "就是", "还是",
            "还有",   "其实", "比较", "可能", "觉得", "说",   "会",   "要",   "能",   "可以",
            "让",     "把",   "被",   "给",   "跟",   "从",   "到",   "对于", "上",   "下",
            "里",     "中",   "时候", "现在", "已经", "自己", "大家", "咱们", "吗",   "呀",
            "嘛",     "哈",   "之",   "得",   "地",   "着",   "过",   "又",   "再",   "才",
            "更",     "最",   "太",   "挺",   "多",   "少",   "些",   "点",   "一点", "一下",
            "东西",   "事情", "方面", "问题", "比如", "所谓", "当然", "确实", "其他", "另外",
            "或者",   "以及", "而",   "并",   "等",   "等等"};
        std::set<std::string> out;
        for (const char* w : english)
            out.insert(w);
        for (const char* w : chinese)
            out.insert(w);
        return out;
    }();
    return words;
}

Result<WordCounts> countWords(corpus::Store& store, const WordCountOptions& options) {
    auto people = store.participants();
    if (!people.isOk())
        return people.status();
    std::string attribute;
    if (!options.by.empty()) {
        auto attributes = store.attributes();
        if (!attributes.isOk())
            return attributes.status();
        std::string known;
        for (const auto& a : *attributes) {
            known += (known.empty() ? "" : ", ") + a.name;
            if (Tokenizer::fold(a.name) == Tokenizer::fold(options.by))
                attribute = a.name;
        }
        if (attribute.empty())
            return Status::invalidInput("no attribute named '" + options.by +
                                        "' (attributes: " + (known.empty() ? "none" : known) + ")");
    }
    // Group of each participant; groups in sorted order, "(none)" last.
    std::map<std::string, std::string> groupOf;
    std::set<std::string> groupSet;
    for (const auto& p : *people) {
        std::string g = "all";
        if (!attribute.empty()) {
            auto it = p.values.find(attribute);
            g = it == p.values.end() ? "(none)" : it->second;
        }
        groupOf[p.name] = g;
        groupSet.insert(g);
    }
    if (attribute.empty())
        groupSet = {"all"};
    WordCounts result;
    for (const auto& g : groupSet)
        if (g != "(none)")
            result.groups.push_back(g);
    if (groupSet.count("(none)") || !attribute.empty())
        result.groups.push_back("(none)");
    std::map<std::string, std::size_t> groupIndex;
    for (std::size_t i = 0; i < result.groups.size(); ++i)
        groupIndex[result.groups[i]] = i;
    result.groupWords.assign(result.groups.size(), 0);

    std::unordered_map<std::string, std::vector<std::int64_t>> counts;
    Tokenizer tokenizer;
    auto count = [&](std::string_view text, std::size_t group) {
        for (const Token& t : tokenizer.words(text)) {
            if (t.kind == TokenKind::Number || options.stopwords.count(t.term))
                continue;
            auto& row = counts[t.term];
            if (row.empty())
                row.assign(result.groups.size(), 0);
            ++row[group];
            ++result.groupWords[group];
        }
    };
    auto groupFor = [&](const std::optional<std::string>& participant,
                        const std::vector<std::string>& documentParticipants) {
        std::string g = attribute.empty() ? "all" : "(none)";
        if (participant && groupOf.count(*participant))
            g = groupOf[*participant];
        else if (!participant && documentParticipants.size() == 1 &&
                 groupOf.count(documentParticipants[0]))
            g = groupOf[documentParticipants[0]];
        return groupIndex.at(g);
    };

    auto documents = store.documents();
    if (!documents.isOk())
        return documents.status();
    for (const auto& d : *documents) {
        auto text = store.documentText(d.id);
        auto turns = store.turns(d.id);
        if (!text.isOk())
            return text.status();
        if (!turns.isOk())
            return turns.status();
        if (turns->empty()) {
            count(*text, groupFor(std::nullopt, d.participants));
            continue;
        }
        corpus::OffsetIndex offsets(*text);
        for (const auto& t : *turns) {
            if (options.speaker && t.kind != *options.speaker)
                continue;
            std::size_t b = *offsets.utf8Offset(t.start), e = *offsets.utf8Offset(t.end);
            count(std::string_view(*text).substr(b, e - b),
                  groupFor(t.participant, d.participants));
        }
    }
    // An empty "(none)" group is no group.
    if (!result.groups.empty() && result.groups.back() == "(none)" &&
        result.groupWords.back() == 0) {
        result.groups.pop_back();
        result.groupWords.pop_back();
        for (auto& [word, perGroup] : counts)
            perGroup.pop_back();
    }
    for (auto& [word, perGroup] : counts) {
        WordCounts::Row row{word, 0, perGroup};
        for (auto n : perGroup)
            row.total += n;
        result.rows.push_back(std::move(row));
    }
    std::sort(result.rows.begin(), result.rows.end(), [](const auto& a, const auto& b) {
        return a.total != b.total ? a.total > b.total : a.word < b.word;
    });
    if (result.rows.size() > options.top)
        result.rows.resize(options.top);
    return result;
}

}  // namespace margin::indexer
