// @Title@: everything the learner sets, as plain fields, and its field table (ranges, formats,
// labels: the one place they are written) and codec (core/topic_codec.h).
#pragma once
#include "core/state_codec.h"
#include "core/topic_codec.h"
#include "topics/@id@/core/@id@_sim.h"

namespace mlviz {

struct @Camel@State {
    @Camel@Config Sim;
    bool ShowEnvelope = true;
};

const StateSchema<@Camel@State>& @Camel@StateSchema();
const StateCodec<@Camel@State>& @Camel@Codec();
const TopicCodec& @Camel@TopicCodec();

} // namespace mlviz
