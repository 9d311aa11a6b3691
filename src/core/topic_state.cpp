#include "core/topic_state.h"

#include "topics/activations/core/activations_state.h"
#include "topics/anchors/core/anchor_state.h"
#include "core/deeplink.h"
#include "topics/gradient_flow/core/gradflow_state.h"
#include "topics/nms/core/nms_state.h"
#include "topics/optimizers/core/optim_state.h"
#include "topics/receptive_field/core/rf_state.h"

namespace mlviz {

namespace {

// A state decoded from the defaults by a schema and encoded against the defaults.
template <typename S>
TopicStateText BySchema(const StateSchema<S>& schema, const KeyValues& kv, void (*clamp)(S&) = nullptr)
{
    S s;
    TopicStateText out;
    out.Known = true;
    out.Notices = schema.Decode(kv, s);
    if (clamp) clamp(s);
    out.Fragment = schema.Encode(s, S());
    return out;
}

// A state with its own decode/encode pair (links relative to a preset).
template <typename S>
TopicStateText ByFunctions(std::vector<Message> (*decode)(const KeyValues&, S&), std::string (*encode)(const S&),
                           const KeyValues& kv)
{
    S s;
    TopicStateText out;
    out.Known = true;
    out.Notices = decode(kv, s);
    out.Fragment = encode(s);
    return out;
}

void ClampNmsLink(NmsState& s)
{
    ClampNmsState(s);
    s.Playing = false;   // a link opens paused (the view does the same)
}

} // namespace

TopicStateText CanonicalTopicState(std::string_view topic, std::string_view fragment)
{
    const KeyValues kv = ParseKeyValues(fragment);
    if (topic == "activations") return BySchema(ActivationsStateSchema(), kv);
    if (topic == "nms") return BySchema(NmsStateSchema(), kv, &ClampNmsLink);
    if (topic == "receptive_field") return BySchema(RfStateSchema(), kv);
    if (topic == "anchors") return ByFunctions<AnchorsState>(&DecodeAnchorsState, &EncodeAnchorsState, kv);
    if (topic == "optimizers")
        return ByFunctions<OptimizersState>(&DecodeOptimizersState, &EncodeOptimizersState, kv);
    if (topic == "gradient_flow")
        return ByFunctions<GradflowState>(&DecodeGradflowState, &EncodeGradflowState, kv);
    return {};
}

} // namespace mlviz
