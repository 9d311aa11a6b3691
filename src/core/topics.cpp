#include "core/topics.h"

#include <algorithm>

#include "core/message.h"

namespace mlviz {

namespace {

#define MLVIZ_TOPIC(id, factory, title_ru, title_en, ...) constexpr int kQuestions_##id[] = {__VA_ARGS__};
#include "core/topic_table.inc"
#undef MLVIZ_TOPIC

const TopicInfo kTopics[] = {
#define MLVIZ_TOPIC(id, factory, title_ru, title_en, ...) {#id, title_ru, title_en, kQuestions_##id},
#include "core/topic_table.inc"
#undef MLVIZ_TOPIC
};

} // namespace

std::span<const TopicInfo> Topics() { return kTopics; }

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
        if (std::find(t.Questions.begin(), t.Questions.end(), question_id) != t.Questions.end())
            out.push_back(&t);
    return out;
}

} // namespace mlviz
