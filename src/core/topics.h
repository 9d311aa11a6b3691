// Topic metadata from the registry table (topic_table.inc), without the views, so the
// CLI and the core tests can use it with no ImGui linked.
#pragma once
#include <span>
#include <string_view>
#include <vector>

#include "core/message.h"

namespace mlviz {

struct TopicCodec;

struct TopicInfo {
    std::string_view Id; // stable, used in URLs (#topic=...) and on the command line
    std::string_view TitleRu;
    std::string_view TitleEn;
    std::span<const int> Questions;
    const TopicCodec& (*Codec)();               // the topic's state codec (core/topic_codec.h)
    std::span<const std::string_view> Commands; // mlviz-cli commands; the first is named like the topic
};

std::span<const TopicInfo> Topics(); // display order
// The title in `lang`.
const char* TopicTitle(const TopicInfo& t, Language lang);
const TopicInfo* FindTopic(std::string_view id);
// Index of a topic in Topics(), or -1.
int TopicIndex(std::string_view id);
// Topics that illustrate the question (a question may have several).
std::vector<const TopicInfo*> TopicsForQuestion(int question_id);

} // namespace mlviz
