// Every topic's URL codec behind one call, keyed by topic id: what `mlviz-cli state` uses to
// check and canonicalise links, and what a script can use to build them. Each entry decodes from
// the topic's defaults exactly as its view does (views/topic_links_test.cpp holds the views to
// the same canonical text), except where the view clamps to derived data it computes itself
// (the NMS playback step and selected box are bounded by the run's trace only in the view).
#pragma once
#include <string>
#include <string_view>
#include <vector>

#include "core/message.h"

namespace mlviz {

struct TopicStateText {
    bool Known = false;                  // the topic id has a codec
    std::string Fragment;                // canonical: only what differs from the defaults
    std::vector<Message> Notices;        // one per ignored or clamped value
};

// Decodes `fragment` ("iou=0.45&seed=7", keys of other topics and the app's own keys are
// ignored) into `topic`'s state and encodes it again.
TopicStateText CanonicalTopicState(std::string_view topic, std::string_view fragment);

} // namespace mlviz
