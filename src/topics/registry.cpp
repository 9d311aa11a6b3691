// Maps topic ids to view factories, from the one registry table.
#include "topics/views.h"

namespace mlviz {

std::unique_ptr<TopicView> CreateTopicView(std::string_view id)
{
#define MLVIZ_TOPIC(topic_id, factory, ...)                                                                                      \
    if (id == #topic_id) return factory();
#include "core/topic_table.inc"
#undef MLVIZ_TOPIC
    return nullptr;
}

} // namespace mlviz
