#include "corpus/encoding.h"

#include <random>

#include "corpus/text.h"
#include "tests/corpus/text_util.h"

namespace margin::corpus {
namespace {

using test::encode;

// Interview-like passages, long enough for charset detection (a few hundred
// bytes, as ICU asks).
const std::string kChinese =
    "访谈者：请您先介绍一下自己的教学经历。\n"
    "受访者：我在这所中学教了十二年的数学，之前在一家软件公司做过五年的工程师。"
    "刚开始当老师的时候，我觉得课堂管理是最难的部分，学生们对我这个从企业转行过来的人有很多好奇。"
    "后来我慢慢发现，把工作中遇到的真实问题带进课堂，学生的兴趣会明显提高。\n"
    "访谈者：您能举一个具体的例子吗？\n"
    "受访者：比如讲函数的时候，我会用手机套餐的计费方式来说明分段函数，学生一下子就明白了。"
    "“这个我家也在用！”有个学生这样说。\n";
const std::string kTraditionalChinese =
    "訪談者：請您先介紹一下自己的教學經歷。\n"
    "受訪者：我在這所中學教了十二年的數學，之前在一家軟體公司做過五年的工程師。"
    "剛開始當老師的時候，我覺得課堂管理是最難的部分，學生們對我這個從企業轉行過來的人有很多好奇。"
    "後來我慢慢發現，把工作中遇到的真實問題帶進課堂，學生的興趣會明顯提高。\n";
const std::string kJapanese =
    "インタビュアー：まず、これまでの教育経験について教えてください。\n"
    "回答者：私はこの中学校で十二年間数学を教えています。その前は、ソフトウェア会社でエンジニアとし"
    "て"
    "五年間働いていました。教師になったばかりの頃は、授業の運営が一番難しいと感じていました。"
    "生徒たちは企業から転職してきた私にとても興味を持っていました。\n";
const std::string kKorean =
    "면접관: 먼저 지금까지의 교육 경험에 대해 말씀해 주세요.\n"
    "응답자: 저는 이 중학교에서 12년 동안 수학을 가르쳤습니다. 그 전에는 소프트웨어 회사에서 5년간 "
    "엔지니어로 일했습니다. 처음 교사가 되었을 때 수업 운영이 가장 어려웠습니다.\n";
const std::string kFrench =
    "Intervieweur : Pouvez-vous décrire votre expérience d'enseignement ?\n"
    "Participante : J'enseigne les mathématiques au collège depuis douze ans. Avant, j'étais "
    "ingénieure dans une société de logiciels pendant cinq ans. Au début, la gestion de la classe "
    "était la partie la plus difficile ; les élèves étaient très curieux de mon parcours. Ensuite, "
    "j'ai remarqué qu'en apportant des problèmes réels, leur intérêt augmentait nettement.\n";
const std::string kFrenchCurly =
    kFrench + "Participante : « C’est là que tout a changé », m’a dit une collègue – à raison.\n";
const std::string kRussian =
    "Интервьюер: Расскажите, пожалуйста, о вашем опыте преподавания.\n"
    "Участник: Я преподаю математику в этой школе двенадцать лет. До этого я пять лет работал "
    "инженером в компании, разрабатывающей программное обеспечение.\n";
const std::string kEnglish =
    "Interviewer: Could you tell me how you came to teaching?\n"
    "Participant: I was an engineer for five years. Then I wanted to do something that felt "
    "more useful, so I retrained and joined this school.\n";

// Bytes for a trace line: ASCII as is, other bytes as \xHH, at most 80 bytes.
std::string shown(std::string_view bytes) {
    std::string out;
    for (std::size_t i = 0; i < bytes.size() && i < 80; ++i) {
        auto c = static_cast<unsigned char>(bytes[i]);
        if (c >= 0x20 && c < 0x7F) {
            out += static_cast<char>(c);
        } else {
            char hex[8];
            std::snprintf(hex, sizeof hex, "\\x%02X", c);
            out += hex;
        }
    }
    if (bytes.size() > 80)
        out += "... (" + std::to_string(bytes.size()) + " bytes)";
    return out;
}

std::string bytesOf(std::initializer_list<int> values) {
    std::string out;
    for (int v : values)
        out += static_cast<char>(v);
    return out;
}

const std::string kBom8 = "\xEF\xBB\xBF";
const std::string kBom16le = "\xFF\xFE";
const std::string kBom16be = "\xFE\xFF";
const std::string kBom32le = std::string("\xFF\xFE\x00\x00", 4);
const std::string kBom32be = std::string("\x00\x00\xFE\xFF", 4);

// --- Detection ----------------------------------------------------------------

TEST(EncodingDetect, DecodesEachSupportedEncodingExactly) {
    struct Case {
        std::string label;
        std::string bytes;
        std::string encoding;  // as reported
        std::string text;      // expected UTF-8
    } cases[] = {
        {"UTF-8", kFrench + kChinese, "UTF-8", kFrench + kChinese},
        {"UTF-8 with BOM", kBom8 + kChinese, "UTF-8 with BOM", kChinese},
        {"ASCII", kEnglish, "UTF-8", kEnglish},
        {"UTF-16LE with BOM", kBom16le + encode(kChinese + kEnglish, "UTF-16LE"), "UTF-16LE",
         kChinese + kEnglish},
        {"UTF-16BE with BOM", kBom16be + encode(kChinese, "UTF-16BE"), "UTF-16BE", kChinese},
        {"UTF-16LE with BOM, emoji", kBom16le + encode("I laughed 😀 a lot\n", "UTF-16LE"),
         "UTF-16LE", "I laughed 😀 a lot\n"},
        {"UTF-16LE without BOM, ASCII-heavy", encode(kEnglish + "Réponse : oui.\n", "UTF-16LE"),
         "UTF-16LE", kEnglish + "Réponse : oui.\n"},
        {"UTF-16BE without BOM, ASCII-heavy", encode(kEnglish, "UTF-16BE"), "UTF-16BE", kEnglish},
        {"UTF-32LE with BOM", kBom32le + encode(kChinese, "UTF-32LE"), "UTF-32LE", kChinese},
        {"UTF-32BE with BOM", kBom32be + encode(kEnglish + "😀\n", "UTF-32BE"), "UTF-32BE",
         kEnglish + "😀\n"},
        {"GBK (Excel and Notepad on Chinese Windows)", encode(kChinese, "GBK"), "GB18030",
         kChinese},
        {"GB18030 with characters outside GBK", encode(kChinese + "表情😀，欧元€。\n", "GB18030"),
         "GB18030", kChinese + "表情😀，欧元€。\n"},
        {"GBK sheet, mostly ASCII",
         encode("participant,document,角色,职称\nT01,T01-访谈,教师,一级教师\nT02,T02-访谈,教师,"
                "高级教师\nT03,T03-访谈,教研员,高级教师\n",
                "GBK"),
         "GB18030",
         "participant,document,角色,职称\nT01,T01-访谈,教师,一级教师\nT02,T02-访谈,教师,"
         "高级教师\nT03,T03-访谈,教研员,高级教师\n"},
        // ICU is only 65% sure of a short sheet of names; its line breaks
        // tell it from random bytes.
        {"GBK sheet of names and cities",
         encode(
             "participant,姓名,学校\nT01,张伟,北京\nT02,王芳,上海\nT03,李娜,广州\nT04,刘洋,深圳\n"
             "T05,陈静,杭州\n",
             "GBK"),
         "GB18030",
         "participant,姓名,学校\nT01,张伟,北京\nT02,王芳,上海\nT03,李娜,广州\nT04,刘洋,深圳\nT05,"
         "陈静,杭州\n"},
        {"Big5", encode(kTraditionalChinese, "Big5"), "Big5", kTraditionalChinese},
        // Too short for ICU (it prefers Latin-1), but every byte above 0x7F
        // pairs up into a Chinese character: read as GBK, not as "½ÌÊ¦".
        {"a short GBK phrase", encode("请您先介绍", "GBK"), "GB18030", "请您先介绍"},
        {"a GBK participant sheet with two rows",
         encode("participant,角色\nT01,教师\nT02,学生\n", "GBK"), "GB18030",
         "participant,角色\nT01,教师\nT02,学生\n"},
        {"Shift_JIS", encode(kJapanese, "Shift_JIS"), "Shift_JIS", kJapanese},
        {"EUC-JP", encode(kJapanese, "EUC-JP"), "EUC-JP", kJapanese},
        {"EUC-KR", encode(kKorean, "EUC-KR"), "EUC-KR", kKorean},
        {"Latin-1 French", encode(kFrench, "ISO-8859-1"), "ISO-8859-1", kFrench},
        {"windows-1252 French with curly quotes", encode(kFrenchCurly, "windows-1252"),
         "windows-1252", kFrenchCurly},
        {"windows-1251 Russian", encode(kRussian, "windows-1251"), "windows-1251", kRussian},
    };
    for (const auto& c : cases) {
        SCOPED_TRACE(c.label + ": " + shown(c.bytes));
        auto decoded = decodeText(c.bytes);
        ASSERT_OK(decoded);
        EXPECT_EQ(decoded->encoding, c.encoding);
        EXPECT_EQ(decoded->utf8, c.text);
        EXPECT_EQ(firstInvalidUtf8(decoded->utf8), std::string_view::npos);
    }
}

TEST(EncodingDetect, CheckedInTranscriptsDecodeToTheirUtf8Reference) {
    struct Case {
        std::string file, reference, encoding;
    } cases[] = {
        {"T01-gbk.txt", "T01.utf8.txt", "GB18030"},           // Notepad on Chinese Windows ("ANSI")
        {"T01-utf16le-bom.txt", "T01.utf8.txt", "UTF-16LE"},  // Word's "Unicode Text"
        {"T01.utf8.txt", "T01.utf8.txt", "UTF-8"},
        {"T02-big5.txt", "T02.utf8.txt", "Big5"},
    };
    for (const auto& c : cases) {
        SCOPED_TRACE("tests/data/encodings/" + c.file);
        const std::string bytes = test::readFile(test::dataDir() / "encodings" / c.file);
        const std::string reference = test::readFile(test::dataDir() / "encodings" / c.reference);
        ASSERT_FALSE(bytes.empty() || reference.empty()) << "missing test data";
        auto decoded = decodeText(bytes);
        ASSERT_OK(decoded);
        EXPECT_EQ(decoded->encoding, c.encoding);
        EXPECT_EQ(decoded->utf8, reference);
    }
}

// --- Named encodings (--encoding) ---------------------------------------------

TEST(EncodingNamed, DecodesWithTheNamedEncoding) {
    struct Case {
        std::string label;
        std::string bytes;
        std::string encoding;
        std::string text;
        std::string reported;
    } cases[] = {
        // Too short to detect, fine once named.
        {"short GBK", encode("T01：教师\n", "GBK"), "GBK", "T01：教师\n", "GBK"},
        {"short GBK, alias", encode("教师", "GBK"), "gb2312", "教师", "gb2312"},
        {"GBK named GB18030", encode(kChinese, "GBK"), "GB18030", kChinese, "GB18030"},
        {"short Latin-1", "caf\xE9", "latin1", "café", "latin1"},
        {"windows-1252 dash",
         "10\x96"
         "12 ans",
         "windows-1252", "10–12 ans", "windows-1252"},
        {"Big5 named", encode("教學", "Big5"), "Big5", "教學", "Big5"},
        {"UTF-16LE without BOM, Chinese", encode(kChinese, "UTF-16LE"), "UTF-16LE", kChinese,
         "UTF-16LE"},
        {"UTF-8 named, BOM skipped", kBom8 + "été", "utf-8", "été", "UTF-8 with BOM"},
        {"UTF-8 named, alias", "été", "UTF8", "été", "UTF-8"},
        {"UTF-16 named, little-endian BOM skipped", kBom16le + encode("教师", "UTF-16LE"), "UTF-16",
         "教师", "UTF-16"},
        {"UTF-16 named, big-endian BOM skipped", kBom16be + encode("教师", "UTF-16BE"), "UTF-16",
         "教师", "UTF-16"},
        {"UTF-16LE named, its BOM skipped", kBom16le + encode("ok", "UTF-16LE"), "UTF-16LE", "ok",
         "UTF-16LE"},
        {"GB18030 named, its BOM skipped", "\x84\x31\x95\x33" + encode("教师", "GB18030"),
         "GB18030", "教师", "GB18030"},
    };
    for (const auto& c : cases) {
        SCOPED_TRACE(c.label + ": --encoding " + c.encoding + " on " + shown(c.bytes));
        auto decoded = decodeText(c.bytes, c.encoding);
        ASSERT_OK(decoded);
        EXPECT_EQ(decoded->utf8, c.text);
        EXPECT_EQ(decoded->encoding, c.reported);
    }
}

TEST(EncodingNamed, WrongEncodingGivesOffsetOfFirstBadSequence) {
    const std::string gbk = encode("教师", "GBK");  // 4 bytes
    const std::string big = encode(kChinese, "GBK");
    struct Case {
        std::string label;
        std::string bytes;
        std::string encoding;
        std::string expected;  // substring of the message
    } cases[] = {
        {"Latin-1 named ASCII", "I'm from Besan\xE7on.", "US-ASCII", "byte 14"},
        {"GBK named UTF-8", "T01: " + gbk, "UTF-8", "byte 5"},
        {"GBK named UTF-8, kind of fault", "T01: " + gbk, "UTF-8", "not valid UTF-8"},
        {"GBK cut in the middle of a character", "ab" + gbk + gbk.substr(0, 1), "GBK", "byte 6"},
        {"GBK lead byte before a line break", "ab" + gbk.substr(0, 1) + "\ncd", "GBK", "byte 2"},
        {"GBK lead byte before a line break, GB18030", "ab" + gbk.substr(0, 1) + "\ncd", "GB18030",
         "byte 2"},
        // Far past the converter's internal 16 K buffer.
        {"GBK with one bad pair deep inside", big + big + big + "\x81\x20" + big, "GBK",
         "byte " + std::to_string(3 * big.size())},
        {"UTF-16LE of odd length", encode("abc", "UTF-16LE") + "x", "UTF-16LE", "byte 6"},
        {"UTF-16LE unpaired surrogate",
         encode("ab", "UTF-16LE") + bytesOf({0x00, 0xD8}) + encode("c", "UTF-16LE"), "UTF-16LE",
         "byte 4"},
        {"Shift_JIS lead byte then space", "ok \x82 ok", "Shift_JIS", "byte 3"},
        {"EUC-KR lead byte then ASCII", "ok \xB0x", "EUC-KR", "byte 3"},
        {"UTF-32LE above U+10FFFF", encode("a", "UTF-32LE") + bytesOf({0, 0, 0x11, 0}), "UTF-32LE",
         "byte 4"},
        {"unknown encoding", "hello", "klingon-8", "unknown encoding 'klingon-8'"},
        {"UTF-8 BOM, GBK named", kBom8 + gbk, "GBK", "UTF-8 byte-order mark"},
        {"UTF-16LE BOM, windows-1252 named", kBom16le + encode("ab", "UTF-16LE"), "windows-1252",
         "UTF-16LE byte-order mark"},
        {"UTF-16LE BOM, UTF-16BE named", kBom16le + encode("ab", "UTF-16LE"), "UTF-16BE",
         "UTF-16LE byte-order mark"},
        {"zero byte with GBK named", std::string("ab\0cd", 5) + gbk, "GBK",
         "zero character at byte 2"},
        {"zero character in UTF-16LE named", encode("ab", "UTF-16LE") + std::string(2, '\0'),
         "UTF-16LE", "zero character at byte 4"},
    };
    for (const auto& c : cases) {
        SCOPED_TRACE(c.label + ": --encoding " + c.encoding + " on " + shown(c.bytes));
        auto decoded = decodeText(c.bytes, c.encoding);
        ASSERT_FALSE(decoded.isOk());
        EXPECT_EQ(decoded.status().code(), Status::Code::InvalidInput);
        EXPECT_NE(decoded.status().message().find(c.expected), std::string::npos)
            << decoded.status().message();
    }
}

// --- Bad input ----------------------------------------------------------------

void expectRefused(const std::string& label, const std::string& bytes,
                   std::initializer_list<std::string> expected, std::string_view encoding = {}) {
    SCOPED_TRACE(label + ": " + shown(bytes));
    auto decoded = decodeText(bytes, encoding);
    ASSERT_FALSE(decoded.isOk()) << "decoded as " << decoded->encoding << ": "
                                 << shown(decoded->utf8);
    EXPECT_EQ(decoded.status().code(), Status::Code::InvalidInput);
    for (const std::string& e : expected)
        EXPECT_NE(decoded.status().message().find(e), std::string::npos)
            << "expected '" << e << "' in: " << decoded.status().message();
}

TEST(EncodingBadInput, EmptyFilesAreRefused) {
    struct Case {
        std::string label, bytes, expected;
    } cases[] = {
        {"no bytes", "", "the file is empty"},
        {"UTF-8 BOM only", kBom8, "only a UTF-8 byte-order mark"},
        {"UTF-16LE BOM only", kBom16le, "only a UTF-16LE byte-order mark"},
        {"UTF-16BE BOM only", kBom16be, "only a UTF-16BE byte-order mark"},
        {"UTF-32LE BOM only", kBom32le, "only a UTF-32LE byte-order mark"},
        {"spaces and line breaks", "  \r\n\t\n \n", "only white space"},
        {"UTF-8 BOM and line breaks", kBom8 + "\r\n\r\n", "only white space"},
        {"UTF-16LE BOM and spaces", kBom16le + encode("  \r\n", "UTF-16LE"), "only white space"},
        {"ideographic and no-break spaces", "\u3000\u00a0\n", "only white space"},
    };
    for (const auto& c : cases)
        expectRefused(c.label, c.bytes, {c.expected});
    expectRefused("spaces, GBK named", "   \n", {"only white space"}, "GBK");
    expectRefused("no bytes, GBK named", "", {"the file is empty"}, "GBK");
}

TEST(EncodingBadInput, BinaryFilesAreRefusedAtTheirFirstZeroByte) {
    const std::string png =
        bytesOf({0x89, 'P',  'N',  'G',  0x0D, 0x0A, 0x1A, 0x0A, 0x00, 0x00, 0x00,
                 0x0D, 'I',  'H',  'D',  'R',  0x00, 0x00, 0x01, 0x00, 0x00, 0x00,
                 0x01, 0x00, 0x08, 0x06, 0x00, 0x00, 0x00, 0x5C, 0x72, 0xA8, 0x66});
    const std::string elf = bytesOf({0x7F, 'E',  'L',  'F',  0x02, 0x01, 0x01, 0x00, 0x00, 0x00,
                                     0x00, 0x00, 0x00, 0x00, 0x00, 0x00, 0x03, 0x00, 0x3E, 0x00,
                                     0x01, 0x00, 0x00, 0x00, 0x40, 0x10, 0x00, 0x00});
    const std::string zip = std::string("PK\x03\x04\x14", 5) + std::string(3, '\0') + "\x08";
    const std::string sqlite = std::string("SQLite format 3\0", 16) + bytesOf({0x10, 0x00, 0x01});
    struct Case {
        std::string label, bytes, expected;
    } cases[] = {
        {"PNG", png, "byte 8"},
        {"ELF executable", elf, "byte 7"},
        {"ZIP (a .docx)", zip, "byte 5"},
        {"SQLite database", sqlite, "byte 15"},
        {"text with one zero byte", kEnglish + '\0' + kEnglish,
         "byte " + std::to_string(kEnglish.size())},
        {"UTF-8 BOM then a zero byte", kBom8 + "ab" + '\0', "byte 5"},
        {"UTF-16LE BOM then a zero character",
         kBom16le + encode("ab", "UTF-16LE") + std::string(2, '\0'), "byte 6"},
    };
    for (const auto& c : cases)
        expectRefused(c.label, c.bytes, {"binary file", c.expected});
    // Binary with zeros in a UTF-16-like pattern is still binary.
    std::string pattern;
    for (int i = 0; i < 64; ++i)
        pattern += bytesOf({0x01 + i % 5, 0x00});
    expectRefused("control characters as UTF-16LE", pattern, {"binary file", "byte 1"});
}

TEST(EncodingBadInput, BrokenUtf16And32AreRefusedAtTheExactByte) {
    struct Case {
        std::string label, bytes, expected;
    } cases[] = {
        {"UTF-16LE cut in half a unit", kBom16le + encode("教师", "UTF-16LE") + "x",
         "not valid UTF-16LE: an incomplete sequence at byte 6"},
        {"UTF-16BE unpaired high surrogate",
         kBom16be + encode("ab", "UTF-16BE") + bytesOf({0xD8, 0x3D}) + encode("c", "UTF-16BE"),
         "not valid UTF-16BE: a bad byte sequence at byte 6"},
        {"UTF-16LE lone low surrogate", kBom16le + bytesOf({0x00, 0xDC}) + encode("ok", "UTF-16LE"),
         "not valid UTF-16LE: a bad byte sequence at byte 2"},
        {"UTF-16LE cut inside a surrogate pair", kBom16le + encode("a😀", "UTF-16LE").substr(0, 4),
         "not valid UTF-16LE: an incomplete sequence at byte 4"},
        {"UTF-32BE above U+10FFFF", kBom32be + encode("a", "UTF-32BE") + bytesOf({0, 0x11, 0, 0}),
         "not valid UTF-32BE: a bad byte sequence at byte 8"},
        {"UTF-32LE of the wrong length", kBom32le + encode("ab", "UTF-32LE") + "xy",
         "not valid UTF-32LE: an incomplete sequence at byte 12"},
    };
    for (const auto& c : cases)
        expectRefused(c.label, c.bytes, {c.expected});
}

TEST(EncodingBadInput, DamagedUtf8IsRefusedAtTheExactByte) {
    // A long UTF-8 transcript (about 60 KB), mixed Chinese, French and English.
    std::string good;
    while (good.size() < 60000)
        good += kChinese + kFrench + kEnglish;
    good += "我同意。";
    const std::size_t middle = good.find("Interviewer", good.size() / 2);
    const std::size_t cjkMiddle = good.find("受访者", good.size() / 2);
    const std::size_t last = good.size() - 3;  // the final "。"
    struct Case {
        std::string label;
        std::size_t at;        // where the damage goes
        std::size_t replaced;  // bytes of good[at...] replaced
        std::string replace;   // by these
        std::size_t expected;  // offset in the message
        std::string fault;
    } cases[] = {
        {"stray continuation byte at the start", 0, 1, "\x80", 0, "continuation byte"},
        {"Latin-1 é in the middle", middle, 1, "\xE9", middle, "incomplete sequence"},
        {"0xFF in the middle", middle, 1, "\xFF", middle, "never occurs in UTF-8"},
        {"first byte of a Chinese character lost", cjkMiddle, 1, "", cjkMiddle,
         "continuation byte"},
        {"last byte of a Chinese character lost", cjkMiddle + 2, 1, "", cjkMiddle,
         "incomplete sequence"},
        {"overlong '/'", middle, 0, "\xC0\xAF", middle, "overlong"},
        {"encoded surrogate", middle, 0, "\xED\xA0\x80", middle, "surrogate"},
        {"above U+10FFFF", middle, 0, "\xF4\x90\x80\x80", middle, "above U+10FFFF"},
        {"GBK sentence pasted in", middle, 0, encode("我同意。", "GBK"), middle, "byte"},
        {"file cut inside its last character", last + 1, 2, "", last, "incomplete sequence"},
    };
    for (const auto& c : cases) {
        std::string damaged = good;
        damaged.replace(c.at, c.replaced, c.replace);
        expectRefused(c.label, damaged,
                      {"not valid UTF-8", c.fault, "byte " + std::to_string(c.expected)});
    }
}

TEST(EncodingBadInput, MostlyAsciiUtf8WithOneBadByteIsNotMojibake) {
    // Curly quotes from a word processor, then one Latin-1 byte pasted in:
    // read as windows-1252 this would give "â€œ" mojibake.
    std::string text = kEnglish + "Participant: “I’d say it’s the café” — really.\n";
    std::size_t at = text.find("café") + 3;
    text.replace(at, 2, "\xE9");
    expectRefused("curly quotes and a Latin-1 é", text,
                  {"not valid UTF-8", "byte " + std::to_string(at)});
}

TEST(EncodingBadInput, IllFormedUtf8SequencesAreRefused) {
    struct Case {
        std::string label, sequence, fault;
    } cases[] = {
        {"overlong 2-byte '/'", "\xC0\xAF", "overlong"},
        {"overlong 2-byte NUL", "\xC0\x80", "overlong"},
        {"overlong 3-byte", "\xE0\x80\xAF", "overlong"},
        {"overlong 4-byte", "\xF0\x80\x80\xAF", "overlong"},
        {"high surrogate", "\xED\xA0\x80", "surrogate"},
        {"low surrogate", "\xED\xBF\xBF", "surrogate"},
        {"CESU-8 pair for U+1F600", "\xED\xA0\xBD\xED\xB8\x80", "surrogate"},
        {"U+110000", "\xF4\x90\x80\x80", "above U+10FFFF"},
        {"4-byte maximum", "\xF7\xBF\xBF\xBF", "above U+10FFFF"},
        {"obsolete 5-byte form", "\xF8\x88\x80\x80\x80", "above U+10FFFF"},
        {"obsolete 6-byte form", "\xFC\x84\x80\x80\x80\x80", "above U+10FFFF"},
    };
    for (const auto& c : cases) {
        const std::string ascii = "path: /etc/" + c.sequence + "passwd\n";
        expectRefused(c.label + " in ASCII text", ascii, {c.fault, "byte 11"});
        const std::string accented = "déjà vu " + c.sequence + " encore\n";
        expectRefused(c.label + " in accented text", accented, {c.fault, "byte 10"});
        expectRefused(c.label + ", UTF-8 named", ascii, {"not valid UTF-8", "byte 11"}, "UTF-8");
        expectRefused(c.label + " after a BOM", kBom8 + ascii, {c.fault, "byte 14"});
    }
}

TEST(EncodingBadInput, UndetectableEncodingsAskForEncodingOption) {
    std::mt19937 rng(20240611);
    std::string randomHigh(4096, '\0');
    for (char& c : randomHigh)
        c = static_cast<char>(0x80 + rng() % 128);
    std::string randomMixed(2048, '\0');
    for (char& c : randomMixed)
        c = static_cast<char>(rng() % 2 ? 0x20 + rng() % 95 : 0x80 + rng() % 128);
    struct Case {
        std::string label, bytes, expected;
    } cases[] = {
        // ICU proposes only UTF-8 (at 15) and UTF-16: nothing else fits.
        {"a short Latin-1 word", "caf\xE9", "byte 3"},
        // Big5 too short for ICU, and not GBK-shaped Chinese either.
        {"a Big5 participant sheet with two rows",
         encode("participant,角色\nT01,教師\nT02,學生\n", "Big5"), "byte 12"},
        // Random high bytes: ICU's best is GB18030 at about 57%.
        {"4 KB of random high bytes", randomHigh,
         "byte " + std::to_string(firstInvalidUtf8(randomHigh))},
        {"2 KB of random printable and high bytes", randomMixed,
         "byte " + std::to_string(firstInvalidUtf8(randomMixed))},
        // C1 control bytes read as nothing in particular.
        {"C1 control bytes", std::string(300, '\x85') + "\x9B\x9C", "byte 0"},
        // ICU is sure enough, but the result is not text: twelve letters of
        // windows-1251 with no space or punctuation between them...
        {"12 high bytes with no space", "\xE5\xCC\xDE\xF0\xCD\xC8\xC5\xF9\xDA\xFF\xC3\xEE",
         "read as windows-1251 (the best guess) it is not text"},
        // ...GB18030 from the user-defined (private use) area...
        {"GB18030 private-use characters",
         "\xC6\xDD\xE1\xE0\xDE\xC2\xF8\xD8\xDA\xFC\xC5\xF7\xC0\xD6\xCE\xC4\xC9\xCF\xD6\xD9\xFA"
         "\xEC\xC3\xCF",
         "read as GB18030 (the best guess) it is not text"},
        // ...or French with bytes that windows-1252 leaves as control codes.
        {"Latin-1 sprinkled with undefined bytes",
         [] {
             std::string t = encode(kFrench, "ISO-8859-1");
             for (std::size_t i = 40; i < t.size(); i += 20)
                 t[i] = '\x81';
             return t;
         }(),
         "read as windows-1252 (the best guess) it is not text"},
    };
    for (const auto& c : cases)
        expectRefused(c.label, c.bytes,
                      {"cannot tell the file's encoding", c.expected, "--encoding"});
}

// --- Hostile and huge input ---------------------------------------------------

TEST(EncodingHuge, SixtyFourMegabytesOfUtf8Decode) {
    std::string big;
    big.reserve(64u << 20);
    const std::string unit = kChinese + kFrench + kEnglish + "😀\n";
    while (big.size() + unit.size() <= (64u << 20))
        big += unit;
    auto decoded = decodeText(big);
    ASSERT_OK(decoded);
    EXPECT_EQ(decoded->encoding, "UTF-8");
    EXPECT_EQ(decoded->utf8.size(), big.size());

    // One bad byte near the end is still found, with its exact offset.
    const std::size_t at = big.size() - unit.size() + 3;
    big[at] = '\xFF';
    expectRefused("64 MB with 0xFF near the end", big, {"byte " + std::to_string(at)});
}

TEST(EncodingHuge, LargeGbkFileDecodesAcrossConverterBuffers) {
    std::string text;
    while (text.size() < (4u << 20))
        text += kChinese;
    auto decoded = decodeText(encode(text, "GBK"));
    ASSERT_OK(decoded);
    EXPECT_EQ(decoded->encoding, "GB18030");
    EXPECT_EQ(decoded->utf8, text);
}

TEST(EncodingFuzz, RandomBytesNeverCrashAndGiveTextOrAReason) {
    std::mt19937 rng(1234567);
    const char* named[] = {"", "", "", "GBK", "UTF-16LE", "Shift_JIS", "UTF-8", "windows-1252"};
    int decodedCount = 0, refusedCount = 0;
    for (int iteration = 0; iteration < 3000; ++iteration) {
        const std::size_t size = rng() % 4097;
        std::string bytes(size, '\0');
        const int mode = static_cast<int>(rng() % 4);
        for (char& c : bytes) {
            switch (mode) {
                case 0:  // any byte
                    c = static_cast<char>(rng() % 256);
                    break;
                case 1:  // high bytes only
                    c = static_cast<char>(0x80 + rng() % 128);
                    break;
                case 2:  // printable ASCII and high bytes
                    c = static_cast<char>(rng() % 2 ? 0x20 + rng() % 95 : 0x80 + rng() % 128);
                    break;
                default:  // mostly text with a few odd bytes
                    c = static_cast<char>(rng() % 50 ? 0x20 + rng() % 95 : rng() % 256);
            }
        }
        if (rng() % 8 == 0 && size >= 3)
            bytes.replace(0, 3, kBom8);
        const char* encoding = named[rng() % std::size(named)];
        SCOPED_TRACE("iteration " + std::to_string(iteration) + ", --encoding '" + encoding +
                     "': " + shown(bytes));
        auto decoded = decodeText(bytes, encoding);
        if (decoded.isOk()) {
            ++decodedCount;
            ASSERT_EQ(firstInvalidUtf8(decoded->utf8), std::string_view::npos);
            ASSERT_FALSE(decoded->encoding.empty());
            ASSERT_FALSE(trimSpace(decoded->utf8).empty());
            ASSERT_FALSE(decoded->utf8.starts_with(kBom8));
        } else {
            ++refusedCount;
            ASSERT_EQ(decoded.status().code(), Status::Code::InvalidInput);
            ASSERT_FALSE(decoded.status().message().empty());
        }
    }
    EXPECT_GT(decodedCount, 0);
    EXPECT_GT(refusedCount, 0);
}

TEST(EncodingFuzz, DamagedTranscriptsAreRefusedOrDecodedExactly) {
    // Single-byte damage to a UTF-8 transcript: either the damage is itself
    // valid UTF-8 (then the text decodes as UTF-8) or the file is refused at
    // the damaged byte. It is never read as another encoding.
    std::mt19937 rng(99);
    const std::string good = kChinese + kFrench + kEnglish;
    for (int iteration = 0; iteration < 2000; ++iteration) {
        std::string damaged = good;
        const std::size_t at = rng() % damaged.size();
        damaged[at] = static_cast<char>(rng() % 256);
        if (damaged[at] == '\0')
            continue;
        SCOPED_TRACE("byte " + std::to_string(at) + " set to " + shown(damaged.substr(at, 1)));
        auto decoded = decodeText(damaged);
        std::size_t bad = firstInvalidUtf8(damaged);
        if (bad == std::string_view::npos) {
            ASSERT_OK(decoded);
            EXPECT_EQ(decoded->encoding, "UTF-8");
        } else {
            ASSERT_FALSE(decoded.isOk()) << "decoded as " << decoded->encoding;
            EXPECT_NE(decoded.status().message().find("byte " + std::to_string(bad)),
                      std::string::npos)
                << decoded.status().message();
        }
    }
}

}  // namespace
}  // namespace margin::corpus
