// Deep links: "#q=47", "#topic=activations" in the page URL, "--question 47" /
// "--topic activations" natively. Key=value pairs are percent-decoded; unknown keys are
// kept for the topic's own state and otherwise ignored.
#pragma once
#include <optional>
#include <string>
#include <string_view>
#include <utility>
#include <vector>

#include "core/message.h"

namespace mlviz {

using KeyValues = std::vector<std::pair<std::string, std::string>>;

// Parses "a=1&b=two" (an optional leading '#' or '?' is skipped). Never fails: pieces without
// '=' get an empty value, bad percent escapes are kept literally.
KeyValues ParseKeyValues(std::string_view text);
std::string EncodeKeyValues(const KeyValues& kv);
std::string PercentDecode(std::string_view s);
std::string PercentEncode(std::string_view s);
const std::string* FindValue(const KeyValues& kv, std::string_view key);

struct DeepLink {
    std::optional<int> Question;  // 1-86
    std::string Topic;            // a registered topic id, or empty
    std::vector<Message> Notices; // one per value that was ignored, for the user
};

// Resolves q/topic against the question count and the topic registry. A question alone
// also selects its first topic; a topic alone selects its first question.
DeepLink ParseDeepLink(std::string_view fragment, int question_count);
std::string DeepLinkFragment(const DeepLink& link);

} // namespace mlviz
