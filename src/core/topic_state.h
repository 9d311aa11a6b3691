// Every topic's URL codec behind one call, keyed by topic id, through the registry row's codec:
// what `mlviz-cli state` uses to check and canonicalise links, and what a script can use to build
// them. Views decode with the same codec (ui/topic_view_base.h), so the text is the same, except
// where a view also bounds a field by data it computes (the NMS playback step and selected box
// are bounded by the run's trace only in the view).
#pragma once
#include <string_view>

#include "core/topic_codec.h"

namespace mlviz {

// Decodes `fragment` ("iou=0.45&seed=7", keys of other topics and the app's own keys are
// ignored) into `topic`'s state and encodes it again; Known is false for an unknown topic.
TopicStateText CanonicalTopicState(std::string_view topic, std::string_view fragment);

} // namespace mlviz
