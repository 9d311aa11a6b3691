#include "core/topics.h"

#include <algorithm>

#include "core/message.h"

namespace mlviz {

// The codecs the rows name, defined in each topic's core.
#define MLVIZ_TOPIC(id, factory, codec, ...) const TopicCodec& codec();
#include "core/topic_table.inc"
#undef MLVIZ_TOPIC

namespace {

#define MLVIZ_CLI(name, function) std::string_view(#name),
#define MLVIZ_TOPIC(id, factory, codec, title_ru, title_en, commands, ...)                                                       \
    constexpr int kQuestions_##id[] = {__VA_ARGS__};                                                                             \
    constexpr std::string_view kCommands_##id[] = {commands};
#include "core/topic_table.inc"
#undef MLVIZ_TOPIC
#undef MLVIZ_CLI

const TopicInfo kTopics[] = {
#define MLVIZ_TOPIC(id, factory, codec, title_ru, title_en, commands, ...)                                                       \
    {#id, title_ru, title_en, kQuestions_##id, &codec, kCommands_##id},
#include "core/topic_table.inc"
#undef MLVIZ_TOPIC
};

} // namespace

std::span<const TopicInfo> Topics()
{
    return kTopics;
}

const char* TopicTitle(const TopicInfo& t, Language lang)
{
    return (lang == Language::En ? t.TitleEn : t.TitleRu).data();
}

int TopicIndex(std::string_view id)
{
    for (std::size_t i = 0; i < std::size(kTopics); ++i)
        if (kTopics[i].Id == id) return static_cast<int>(i);
    return -1;
}

const TopicInfo* FindTopic(std::string_view id)
{
    const int i = TopicIndex(id);
    return i < 0 ? nullptr : &kTopics[i];
}

std::vector<const TopicInfo*> TopicsForQuestion(int question_id)
{
    std::vector<const TopicInfo*> out;
    for (const TopicInfo& t : kTopics)
        if (std::find(t.Questions.begin(), t.Questions.end(), question_id) != t.Questions.end()) out.push_back(&t);
    return out;
}

} // namespace mlviz
