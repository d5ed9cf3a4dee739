// margin-bench-generate: writes the search benchmark's corpus.
//
//   margin-bench-generate OUT_DIR [--english-mb 100] [--chinese-mb 10] [--seed 1]
//   margin-bench-generate --version
//
// Interview transcripts in Margin's transcript style, UTF-8, one speaker turn
// per line with a blank line between turns, files of about 100-300 KB
// (1 MB = 1,000,000 bytes here):
//
//   OUT_DIR/en/P0001.txt     Interviewer: ... / P0001: ...
//   OUT_DIR/zh/C001.txt      访谈者：... / 受访者：...
//
// Each file opens with a two-line header (a title and a date line) that
// belongs to no turn. English text is drawn from a Zipf distribution
// (exponent 1) over a few hundred real common words followed by a few
// thousand pseudo-words made from syllables, with two-word phrases mixed in
// and, rarely, a word from a pool of rare pseudo-words sized so that they
// occur about twice each (the rare words of the benchmark). Chinese text is
// drawn the same way from a list of a few hundred common words and
// characters, with Chinese punctuation.
//
// Every turn stays below 300 words, so a turn is one Margin passage
// (indexer/passages.h cuts only longer turns) and one line: the benchmark
// can compare Margin's passage counts with line counts from rg and SQLite.
//
// Deterministic: the same arguments give byte-identical files on every
// machine (bench/rng.h; no std::random distributions, no floating point).
// Bump kGeneratorVersion whenever the output for a given seed changes.
// Existing OUT_DIR/en and OUT_DIR/zh are replaced.
#include <algorithm>
#include <cstdint>
#include <cstdio>
#include <cstdlib>
#include <filesystem>
#include <fstream>
#include <iterator>
#include <set>
#include <string>
#include <string_view>
#include <vector>

#include "bench/rng.h"

namespace {

namespace fs = std::filesystem;
using margin::bench::Rng;
using margin::bench::Zipf;

constexpr int kGeneratorVersion = 1;
constexpr std::uint64_t kMegabyte = 1000000;

// Real English words, roughly most frequent first (the Zipf ranks follow
// this order). No contractions, no hyphens, nothing a transcript header or
// speaker label uses.
constexpr const char* kEnglishWords =
    "the and to of a i that in it we you is was they for so but have be with on not this what "
    "are at do like as or if there my were just all about would can one more because had them "
    "their our some other when how then very really think know people students school teachers "
    "work time also get got make made go going want need see say said well now only even still "
    "right good new different important thing things lot kind way much many year years course "
    "courses teaching learning class company companies job jobs training skills practice "
    "internship university college program project projects team manager data analysis online "
    "market business experience first last next could should been being which who where why "
    "did does doing than too into over after before between through during each every most "
    "few little less own same such both any no yes yeah okay maybe probably actually basically "
    "usually sometimes often always never again already around back down out up off here "
    "there these those something someone anything everything nothing everyone teacher student "
    "parents family friends city town home office meeting meetings plan plans money salary "
    "cost price customers customer product products service services platform platforms store "
    "stores order orders sales marketing content video videos social media live stream "
    "english language languages write writing read reading speak speaking listen question "
    "questions answer answers problem problems reason reasons example examples idea ideas "
    "part parts side level levels area areas field industry sector local national global "
    "small large big long short high low hard easy simple clear real true whole full open "
    "free early late young old public private social economic technical practical "
    "professional personal general special specific main major minor key basic advanced "
    "better best worse worst enough quite rather almost perhaps certainly especially exactly "
    "mainly mostly simply together later soon today yesterday tomorrow week month semester "
    "term exam exams test tests grade grades degree major graduate graduates graduation "
    "employer employers employee employees hire hiring interview position positions role "
    "roles task tasks report reports system systems tool tools software computer computers "
    "design designer develop development change changes result results effect support help "
    "helped helping learn learned teach taught understand understood remember believe feel "
    "felt seem seemed try tried start started finish finished keep kept bring brought give "
    "gave take took find found tell told ask asked call called move moved pay paid spend "
    "spent build built run ran grow grew hold held follow followed show showed share shared";

// Two-word phrases mixed into English text.
constexpr const char* kEnglishPhrases[] = {
    "data analysis",     "online teaching", "job market",      "practical skills",
    "customer service",  "social media",    "final exam",      "teaching practice",
    "course design",     "live stream",     "supply chain",    "business english",
    "team work",         "real projects",   "small company",   "first job",
    "school enterprise", "field trip",      "lesson plan",     "hands on",
    "career planning",   "soft skills",     "product listing", "market research",
    "training program",  "work experience", "case study",      "time management",
    "critical thinking", "foreign trade",
};

// Chinese: function characters first, then common words (Zipf ranks follow
// this order).
constexpr const char* kChineseWords =
    "的 了 是 在 我 就 也 都 不 很 和 说 要 会 去 来 到 看 做 想 能 对 这 那 个 些 还 又 把 被 给 "
    "让 从 "
    "跟 吧 呢 啊 嘛 他 她 它 有 没 一 上 下 多 少 大 小 好 "
    "我们 你们 他们 学生 老师 学校 企业 公司 工作 实习 课程 教学 实践 培训 能力 数据 分析 平台 "
    "运营 客服 招聘 毕业 专业 市场 产品 问题 时候 现在 以前 以后 觉得 认为 知道 希望 需要 可以 "
    "应该 已经 还是 但是 因为 所以 如果 然后 其实 比较 非常 特别 一些 一个 这个 那个 什么 怎么 "
    "为什么 这样 那样 自己 大家 东西 事情 方面 情况 时间 经验 机会 发展 管理 团队 项目 合作 "
    "岗位 要求 技能 英语 电商 跨境 外贸 选品 物流 供应链 亚马逊 速卖通 直播 短视频 内容 文案 "
    "设计 客户 订单 利润 成本 价格 销售 推广 广告 流量 店铺 账号 同学 班级 考试 成绩 作业 "
    "论文 老板 领导 同事 部门 主管 经理 行业 社会 家长 孩子 家里 城市 地方 深圳 杭州 义乌 "
    "运城 北京 上海 学习 理解 掌握 提高 提升 解决 处理 沟通 交流 表达 介绍 了解 参加 参与 "
    "安排 组织 完成 开始 结束 继续 坚持 改变 影响 帮助 支持 适应 选择 决定 考虑 准备 计划 "
    "目标 方法 方式 过程 结果 效果 标准 制度 政策 环境 条件 资源 基础 水平 质量 效率 压力 "
    "收入 工资 待遇 福利 加班 周末 晚上 早上 今年 去年 明年 每天 每周 每个 两个 三个 几个 "
    "很多 不少 一点 一样 一直 一起 一般 当时 当然 确实 肯定 可能 也许 主要 重要 基本 真正 "
    "实际 具体 简单 复杂 困难 容易 清楚 明白 专门 直接 马上 慢慢 尤其 另外 而且 或者 不过 "
    "虽然 只是 只有 还有 就是 不是 没有 不会 不能 不要 要是 比如 例如 像是 第一 第二 最后 "
    "之前 之后 里面 外面 中间 前面 后面 线上 线下 软件 电脑 手机 表格 文档 报告 系统 工具 "
    "技术 知识 理论 书本 教材 案例 模拟 实训 基地 校企 双师 教师 院校 高校 本科 专科 职业";

std::vector<std::string> splitWords(std::string_view list) {
    std::vector<std::string> out;
    std::set<std::string> seen;
    std::size_t pos = 0;
    while (pos < list.size()) {
        std::size_t end = list.find(' ', pos);
        if (end == std::string_view::npos)
            end = list.size();
        std::string word(list.substr(pos, end - pos));
        if (!word.empty() && seen.insert(word).second)
            out.push_back(word);
        pos = end + 1;
    }
    return out;
}

// A pseudo-word of `syllables` syllables.
std::string pseudoWord(Rng& rng, int syllables) {
    static const char* const kOnsets[] = {"b",  "c",  "d",  "f",  "g",  "h",  "j",  "k",
                                          "l",  "m",  "n",  "p",  "r",  "s",  "t",  "v",
                                          "w",  "z",  "br", "cl", "dr", "fl", "gr", "pl",
                                          "st", "tr", "sh", "ch", "th", "qu", "sk", "sn"};
    static const char* const kVowels[] = {"a", "e", "i", "o", "u", "ai", "ea", "ou", "io", "y"};
    static const char* const kCodas[] = {"", "", "", "n", "r", "s", "l", "m", "t", "nd", "st", "x"};
    std::string word;
    for (int i = 0; i < syllables; ++i) {
        word += kOnsets[rng.below(std::size(kOnsets))];
        word += kVowels[rng.below(std::size(kVowels))];
        word += kCodas[rng.below(std::size(kCodas))];
    }
    return word;
}

struct English {
    std::vector<std::string> words;  // Zipf ranks
    std::vector<std::string> rare;   // each about twice in the whole corpus
    Zipf zipf;
    English(std::vector<std::string> w, std::vector<std::string> r)
        : words(std::move(w)), rare(std::move(r)), zipf(words.size()) {}
};

constexpr int kPseudoWords = 4000;
constexpr std::uint32_t kRarePerMillion = 150;  // chance that a word slot takes a rare word
constexpr std::uint32_t kPhrasePerMillion = 8000;
constexpr std::uint32_t kCommaPerMillion = 70000;

English makeEnglish(Rng& rng, std::uint64_t englishBytes) {
    std::vector<std::string> words = splitWords(kEnglishWords);
    std::set<std::string> taken(words.begin(), words.end());
    for (const char* phrase : kEnglishPhrases)
        for (const auto& w : splitWords(phrase))
            taken.insert(w);
    for (const char* reserved : {"interview", "interviewer", "transcript", "recorded", "minutes"})
        taken.insert(reserved);
    while (words.size() < splitWords(kEnglishWords).size() + kPseudoWords) {
        std::string w = pseudoWord(rng, static_cast<int>(rng.between(1, 3)));
        if (w.size() >= 3 && taken.insert(w).second)
            words.push_back(w);
    }
    // About six bytes per word: size the pool for about two occurrences each.
    std::uint64_t expectedRare = englishBytes / 6 * kRarePerMillion / 1000000;
    std::uint64_t poolSize = std::max<std::uint64_t>(50, expectedRare / 2);
    std::vector<std::string> rare;
    while (rare.size() < poolSize) {
        std::string w = pseudoWord(rng, static_cast<int>(rng.between(3, 4)));
        if (taken.insert(w).second)
            rare.push_back(w);
    }
    return English(std::move(words), std::move(rare));
}

// One English sentence of about `count` words; returns the words written.
int englishSentence(std::string& out, Rng& rng, const English& en, int count, bool question) {
    std::size_t begin = out.size();
    int written = 0;
    while (written < count) {
        if (written > 0)
            out += rng.chance(kCommaPerMillion) ? ", " : " ";
        if (rng.chance(kPhrasePerMillion)) {
            out += kEnglishPhrases[rng.below(std::size(kEnglishPhrases))];
            written += 2;
        } else if (rng.chance(kRarePerMillion)) {
            out += en.rare[rng.below(en.rare.size())];
            ++written;
        } else {
            const std::string& w = en.words[en.zipf.sample(rng)];
            out += w == "i" ? "I" : w;
            ++written;
        }
    }
    if (out[begin] >= 'a' && out[begin] <= 'z')
        out[begin] = static_cast<char>(out[begin] - 'a' + 'A');
    out += question ? "?" : ".";
    return written;
}

std::string englishTurn(Rng& rng, const English& en, bool interviewer) {
    std::string text;
    if (interviewer) {
        int sentences = static_cast<int>(rng.between(1, 2));
        for (int i = 0; i < sentences; ++i) {
            if (i)
                text += ' ';
            englishSentence(text, rng, en, static_cast<int>(rng.between(5, 16)),
                            i == sentences - 1);
        }
        return text;
    }
    int target = static_cast<int>(rng.between(10, 220));
    int words = 0;
    while (words < target) {
        if (words)
            text += ' ';
        int n = std::min(static_cast<int>(rng.between(5, 24)), 250 - words);
        words += englishSentence(text, rng, en, std::max(n, 1), rng.chance(50000));
    }
    return text;
}

struct Chinese {
    std::vector<std::string> words;
    Zipf zipf;
    explicit Chinese(std::vector<std::string> w) : words(std::move(w)), zipf(words.size()) {}
};

// One Chinese sentence of `count` words; returns the words written.
int chineseSentence(std::string& out, Rng& rng, const Chinese& zh, int count, bool question) {
    for (int i = 0; i < count; ++i) {
        if (i > 0 && rng.chance(100000))
            out += rng.chance(150000) ? "、" : "，";
        out += zh.words[zh.zipf.sample(rng)];
    }
    out += question ? "？" : (rng.chance(60000) ? "！" : "。");
    return count;
}

std::string chineseTurn(Rng& rng, const Chinese& zh, bool interviewer) {
    std::string text;
    if (interviewer) {
        int sentences = static_cast<int>(rng.between(1, 2));
        for (int i = 0; i < sentences; ++i)
            chineseSentence(text, rng, zh, static_cast<int>(rng.between(4, 14)),
                            i == sentences - 1);
        return text;
    }
    // Fewer than 300 words even if ICU cuts every word into characters.
    int target = static_cast<int>(rng.between(8, 120));
    int words = 0;
    while (words < target) {
        int n = std::min(static_cast<int>(rng.between(4, 22)), 130 - words);
        words += chineseSentence(text, rng, zh, std::max(n, 1), rng.chance(40000));
    }
    return text;
}

std::string date(Rng& rng) {
    int year = 2023 + static_cast<int>(rng.below(2));
    int month = 1 + static_cast<int>(rng.below(12));
    int day = 1 + static_cast<int>(rng.below(28));
    // Built by hand: GCC's -Wformat-truncation cannot see the small ranges.
    auto two = [](int v) { return std::string(v < 10 ? "0" : "") + std::to_string(v); };
    return std::to_string(year) + "-" + two(month) + "-" + two(day);
}

struct Written {
    std::uint64_t files = 0;
    std::uint64_t bytes = 0;
};

// Writes files of 100-300 KB into `dir` until `totalBytes` are written.
// `header(i)` gives file i's header lines and `turn(i, k)` its k-th turn line.
template <typename Header, typename Turn, typename Name>
Written writeFiles(const fs::path& dir, Rng& rng, std::uint64_t totalBytes, Name name,
                   Header header, Turn turn) {
    Written w;
    fs::create_directories(dir);
    while (w.bytes < totalBytes) {
        std::uint64_t remaining = totalBytes - w.bytes;
        std::uint64_t target = rng.between(100000, 300000);
        if (target > remaining || remaining - target < 50000)
            target = remaining;
        int index = static_cast<int>(w.files) + 1;
        std::string text = header(index);
        for (int k = 0; text.size() < target; ++k) {
            text += turn(index, k);
            text += "\n\n";
        }
        std::ofstream out(dir / name(index), std::ios::binary | std::ios::trunc);
        out.write(text.data(), static_cast<std::streamsize>(text.size()));
        if (!out) {
            std::fprintf(stderr, "margin-bench-generate: cannot write %s\n",
                         (dir / name(index)).c_str());
            std::exit(1);
        }
        ++w.files;
        w.bytes += text.size();
    }
    return w;
}

int usage() {
    std::fprintf(stderr,
                 "usage: margin-bench-generate OUT_DIR [--english-mb N] [--chinese-mb N] "
                 "[--seed N]\n       margin-bench-generate --version\n");
    return 2;
}

bool parseNumber(const char* s, std::uint64_t& out) {
    char* end = nullptr;
    unsigned long long v = std::strtoull(s, &end, 10);
    if (!*s || *end)
        return false;
    out = v;
    return true;
}

}  // namespace

int main(int argc, char** argv) {
    if (argc == 2 && std::string_view(argv[1]) == "--version") {
        std::printf("%d\n", kGeneratorVersion);
        return 0;
    }
    fs::path outDir;
    std::uint64_t englishMb = 100, chineseMb = 10, seed = 1;
    for (int i = 1; i < argc; ++i) {
        std::string_view a = argv[i];
        std::uint64_t* target = a == "--english-mb"   ? &englishMb
                                : a == "--chinese-mb" ? &chineseMb
                                : a == "--seed"       ? &seed
                                                      : nullptr;
        if (target) {
            if (i + 1 >= argc || !parseNumber(argv[++i], *target))
                return usage();
        } else if (a.starts_with("-") || !outDir.empty()) {
            return usage();
        } else {
            outDir = argv[i];
        }
    }
    if (outDir.empty())
        return usage();

    std::error_code ec;
    fs::remove_all(outDir / "en", ec);
    fs::remove_all(outDir / "zh", ec);

    // Separate streams, so that the Chinese text does not change with the
    // English size.
    Rng vocabularyRng(seed * 4 + 0), englishRng(seed * 4 + 1), chineseRng(seed * 4 + 2);
    const English en = makeEnglish(vocabularyRng, englishMb * kMegabyte);
    const Chinese zh(splitWords(kChineseWords));

    Written english = writeFiles(
        outDir / "en", englishRng, englishMb * kMegabyte,
        [](int i) {
            char buf[32];
            std::snprintf(buf, sizeof buf, "P%04d.txt", i);
            return std::string(buf);
        },
        [&](int i) {
            // One generator call per statement: argument order is unspecified.
            std::string d = date(englishRng);
            int minutes = 40 + static_cast<int>(englishRng.below(50));
            char buf[96];
            std::snprintf(buf, sizeof buf,
                          "Interview transcript P%04d\nRecorded %s, %d minutes\n\n", i, d.c_str(),
                          minutes);
            return std::string(buf);
        },
        [&](int i, int k) {
            bool interviewer = k % 2 == 0;
            char label[32];
            std::snprintf(label, sizeof label, "P%04d: ", i);
            return (interviewer ? std::string("Interviewer: ") : std::string(label)) +
                   englishTurn(englishRng, en, interviewer);
        });

    Written chinese = writeFiles(
        outDir / "zh", chineseRng, chineseMb * kMegabyte,
        [](int i) {
            char buf[32];
            std::snprintf(buf, sizeof buf, "C%03d.txt", i);
            return std::string(buf);
        },
        [&](int i) {
            std::string d = date(chineseRng);
            int minutes = 40 + static_cast<int>(chineseRng.below(50));
            char buf[128];
            std::snprintf(buf, sizeof buf, "访谈记录 C%03d\n%s，约%d分钟\n\n", i, d.c_str(),
                          minutes);
            return std::string(buf);
        },
        [&](int, int k) {
            bool interviewer = k % 2 == 0;
            return std::string(interviewer ? "访谈者：" : "受访者：") +
                   chineseTurn(chineseRng, zh, interviewer);
        });

    std::printf("margin-bench-generate: version %d, seed %llu\n", kGeneratorVersion,
                static_cast<unsigned long long>(seed));
    std::printf("files: %llu (English %llu, Chinese %llu)\n",
                static_cast<unsigned long long>(english.files + chinese.files),
                static_cast<unsigned long long>(english.files),
                static_cast<unsigned long long>(chinese.files));
    std::printf("bytes: %llu (English %llu, Chinese %llu)\n",
                static_cast<unsigned long long>(english.bytes + chinese.bytes),
                static_cast<unsigned long long>(english.bytes),
                static_cast<unsigned long long>(chinese.bytes));
    std::printf("rare-word pool: %zu words\n", en.rare.size());
    return 0;
}
