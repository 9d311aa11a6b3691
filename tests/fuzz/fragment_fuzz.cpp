// libFuzzer target for the URL fragment parser: every input is a fragment read by the deep-link
// parser and by each topic's state codec, as the app reads "#topic=nms&iou=0.45&seed=7".
// Built by MLVIZ_FUZZ (clang, ASan + UBSan), run by scripts/fuzz.sh.
//
// Invariants checked on every input (any violation prints the fragment and aborts):
//   - nothing throws;
//   - key=value coding and percent coding round-trip (Parse(Encode(kv)) == kv);
//   - DeepLinkFragment(ParseDeepLink(x)) parses back to the same link, without notices;
//   - per registered topic, through its row's codec (decoded from defaults as its view does):
//     every number in every field's text is
//     finite and canonical, our own encoding decodes without notices, and Encode(Decode(x)) is a
//     fixed point (Encode(Decode(Encode(Decode(x)))) gives the same text).
//
// MLVIZ_FUZZ_PRINT_DICT=1 mlviz-fragment-fuzz prints the libFuzzer dictionary (every schema key)
// instead of fuzzing: tests/fuzz/fragment.dict is that output, and scripts/fuzz.sh checks it.
#include <algorithm>
#include <cmath>
#include <cstddef>
#include <cstdint>
#include <cstdio>
#include <cstdlib>
#include <exception>
#include <string>
#include <string_view>
#include <vector>

#include "core/deeplink.h"
#include "core/state_codec.h"
#include "core/topic_codec.h"
#include "core/topics.h"

using namespace mlviz;

namespace {

constexpr int kQuestionCount = 86; // assets/questions/seed_ru.md, as the app passes it

std::string_view CurrentInput; // for the report: the fragment being checked

// Bytes outside printable ASCII as \xNN, so the report shows the input exactly.
std::string Printable(std::string_view s)
{
    std::string out;
    for (const unsigned char c : s) {
        if (c >= 0x20 && c < 0x7f && c != '\\') {
            out += static_cast<char>(c);
            continue;
        }
        char buf[8];
        std::snprintf(buf, sizeof buf, "\\x%02x", c);
        out += buf;
    }
    return out;
}

[[noreturn]] void Fail(std::string_view what, std::string_view detail)
{
    std::fprintf(stderr, "\n==== fragment fuzz: invariant broken: %.*s\n  %s\n  input (%zu bytes): \"%s\"\n",
                 static_cast<int>(what.size()), what.data(), Printable(detail).c_str(), CurrentInput.size(),
                 Printable(CurrentInput).c_str());
    std::abort();
}

// Every number in a field's text must be finite and canonical ("equal values encode equally",
// state_codec.h): lists ("64,80,101", "x1,y1,x2,y2,car_...") are split first. strtod reads "nan"
// and "inf" (what FormatReal prints for them) in full, so a non-finite value cannot hide; names
// ("relu", "car") are not numbers and are skipped. Canonical is FormatReal's text, with -0 and 0
// one value.
void CheckNumbersInText(std::string_view topic, const std::string& key, const std::string& text)
{
    std::size_t pos = 0;
    while (pos <= text.size()) {
        std::size_t end = text.find_first_of(",_;", pos);
        if (end == std::string::npos) end = text.size();
        const std::string piece = text.substr(pos, end - pos);
        pos = end + 1;
        if (piece.empty()) continue;
        char* stop = nullptr;
        const double v = std::strtod(piece.c_str(), &stop);
        if (stop != piece.c_str() + piece.size()) continue;
        if (!std::isfinite(v)) Fail("a decoded field is not finite", std::string(topic) + ": " + key + "=" + text);
        if (piece != FormatReal(v == 0.0 ? 0.0 : v, false))
            Fail("a number is not written canonically", std::string(topic) + ": " + key + "=" + text);
    }
}

// Every registered topic, through its registry row's codec (decoded from defaults, as its view).
void CheckTopic(const TopicInfo& t, std::string_view fragment)
{
    const std::string topic(t.Id);
    const TopicCodec& codec = t.Codec();
    for (const auto& [key, text] : codec.FieldTexts(fragment)) CheckNumbersInText(topic, key, text);
    const std::string encoded = codec.Canonical(fragment).Fragment;
    const TopicStateText second = codec.Canonical(encoded);
    if (!second.Notices.empty())
        Fail("our own encoding decodes with a notice",
             topic + ": \"" + encoded + "\" -> " + RenderMessage(second.Notices.front(), Language::En));
    if (second.Fragment != encoded)
        Fail("Encode(Decode(x)) is not a fixed point", topic + ": \"" + encoded + "\" -> \"" + second.Fragment + "\"");
}

void CheckKeyValues(std::string_view text, const KeyValues& kv)
{
    if (PercentDecode(PercentEncode(text)) != text) Fail("PercentDecode(PercentEncode(x)) != x", "");
    const std::string encoded = EncodeKeyValues(kv);
    if (ParseKeyValues(encoded) != kv) Fail("ParseKeyValues(EncodeKeyValues(kv)) != kv", encoded);
}

void CheckDeepLink(std::string_view text)
{
    const DeepLink link = ParseDeepLink(text, kQuestionCount);
    if (link.Question && (*link.Question < 1 || *link.Question > kQuestionCount))
        Fail("question out of range", std::to_string(*link.Question));
    if (!link.Topic.empty() && !FindTopic(link.Topic)) Fail("unregistered topic", link.Topic);
    const std::string fragment = DeepLinkFragment(link);
    const DeepLink back = ParseDeepLink(fragment, kQuestionCount);
    if (back.Question != link.Question || back.Topic != link.Topic)
        Fail("DeepLinkFragment does not parse back to the same link", fragment);
    if (!back.Notices.empty()) Fail("DeepLinkFragment parses with a notice", fragment + " -> " + back.Notices.front());
    if (DeepLinkFragment(back) != fragment) Fail("DeepLinkFragment is not a fixed point", fragment);
}

// The dictionary: "key=" for every schema key and the app's q/topic, each topic id, the
// characters with a meaning in a fragment, and values at the edges of number parsing.
void PrintDictionary()
{
    std::vector<std::string> keys = {"q", "topic"};
    for (const TopicInfo& t : Topics())
        for (const TopicFieldInfo& f : t.Codec().Fields) keys.push_back(f.Key);
    std::sort(keys.begin(), keys.end());
    keys.erase(std::unique(keys.begin(), keys.end()), keys.end());
    std::printf("# libFuzzer dictionary for mlviz-fragment-fuzz, printed by it with MLVIZ_FUZZ_PRINT_DICT=1.\n");
    for (const std::string& k : keys) std::printf("\"%s=\"\n", k.c_str());
    for (const TopicInfo& t : Topics()) std::printf("\"topic=%.*s\"\n", static_cast<int>(t.Id.size()), t.Id.data());
    for (const char* token : {"&",    "=",   "#",     "?",      "%",      "%25",        "%26",
                              "%3D",  "+",   ",",     "_",      ".",      "-",          "e",
                              "nan",  "inf", "1e999", "-1e999", "1e-320", "2147483648", "9223372036854775808",
                              "0x1p4"})
        std::printf("\"%s\"\n", token);
}

} // namespace

extern "C" int LLVMFuzzerInitialize(int*, char***)
{
    if (std::getenv("MLVIZ_FUZZ_PRINT_DICT")) {
        PrintDictionary();
        std::exit(0);
    }
    return 0;
}

extern "C" int LLVMFuzzerTestOneInput(const std::uint8_t* data, std::size_t size)
{
    const std::string_view text(reinterpret_cast<const char*>(data), size);
    CurrentInput = text;
    try {
        const KeyValues kv = ParseKeyValues(text);
        CheckKeyValues(text, kv);
        CheckDeepLink(text);
        for (const TopicInfo& t : Topics()) CheckTopic(t, text);
    } catch (const std::exception& e) {
        Fail("an exception escaped", e.what());
    } catch (...) {
        Fail("an exception escaped", "(not a std::exception)");
    }
    return 0;
}
