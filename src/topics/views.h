// Factories of every topic view, declared from the registry table (core/topic_table.inc).
#pragma once
#include <memory>
#include <string_view>

#include "ui/view.h"

namespace mlviz {

#define MLVIZ_TOPIC(id, factory, ...) std::unique_ptr<TopicView> factory();
#include "core/topic_table.inc"
#undef MLVIZ_TOPIC

// Creates the view of a registered topic, or null for an unknown id.
std::unique_ptr<TopicView> CreateTopicView(std::string_view id);

} // namespace mlviz
