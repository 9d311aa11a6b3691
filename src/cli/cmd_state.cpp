// mlviz-cli state: checks and canonicalises a topic's shareable state with the same codec as the
// page and the desktop app. {"fragment": "topic=nms&iou=7&seed=abc"} or {"topic": "nms",
// "fragment": "iou=0.45"} -> {"topic", "fragment" (canonical: only what differs from the
// defaults), "link" (the app's fragment, "#topic=nms&v=1&..."), "notices" (ignored or clamped
// values)}.
#include "cli/commands.h"
#include "core/deeplink.h"
#include "core/topic_state.h"
#include "core/topics.h"

namespace mlviz {

Json StateCommand(const Json& input)
{
    RequireObject(input, {"topic", "fragment"});
    std::string fragment = ReadString(input, "fragment", "");
    if (!fragment.empty() && fragment.front() == '#') fragment.erase(0, 1);
    std::string topic = ReadString(input, "topic", "");
    const KeyValues kv = ParseKeyValues(fragment); // kept alive: FindValue points into it
    if (topic.empty())
        if (const std::string* t = FindValue(kv, "topic")) topic = *t;
    std::string ids;
    for (const TopicInfo& t : Topics()) ids += (ids.empty() ? "" : ", ") + std::string(t.Id);
    if (topic.empty()) FailInput("no topic: give \"topic\" or a fragment with topic=...; topics: " + ids);
    const TopicStateText s = CanonicalTopicState(topic, fragment);
    if (!s.Known) FailInput("unknown topic '" + topic + "'; topics: " + ids);
    DeepLink link;
    link.Topic = topic;
    std::string app = "#" + DeepLinkFragment(link);
    if (!s.Fragment.empty()) app += "&v=1&" + s.Fragment;
    Json notices = Json::array();
    for (const Message& n : s.Notices) notices.push_back(English(n));
    return {{"topic", topic}, {"fragment", s.Fragment}, {"link", app}, {"notices", notices}};
}

} // namespace mlviz
