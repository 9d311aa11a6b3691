#include "core/topic_state.h"

#include "core/topics.h"

namespace mlviz {

TopicStateText CanonicalTopicState(std::string_view topic, std::string_view fragment)
{
    const TopicInfo* t = FindTopic(topic);
    return t ? t->Codec().Canonical(fragment) : TopicStateText{};
}

} // namespace mlviz
