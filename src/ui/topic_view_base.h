// The state glue every topic view shares: the view holds its state struct and the topic's codec
// (core/topic_codec.h) encodes and decodes it, so a link restores exactly what the codec says
// (keys a link leaves out are defaults, never what was on screen). A view only adds what a new
// state means for its derived data, in OnStateDecoded.
#pragma once
#include <string>
#include <string_view>
#include <vector>

#include "core/topic_codec.h"
#include "ui/view.h"

namespace mlviz {

template <typename S>
class TopicViewOf : public TopicView {
public:
    explicit TopicViewOf(const StateCodec<S>& codec) : Codec(codec) {}

    std::string EncodeState() const override { return Codec.Encode(State); }
    std::vector<Message> DecodeState(std::string_view fragment) override
    {
        const KeyValues kv = ParseKeyValues(fragment);
        S s;
        std::vector<Message> notices = Codec.Decode(kv, s);
        State = s;
        OnStateDecoded(kv, notices);
        return notices;
    }

protected:
    // After a link replaced State: drop derived data, re-bound fields by derived data, add notices.
    virtual void OnStateDecoded(const KeyValues& kv, std::vector<Message>& notices)
    {
        (void)kv;
        (void)notices;
    }
    // Every field into its range after the widgets wrote it (typed text may be anything).
    void ClampState() { Codec.Schema().Clamp(State); }

    const StateCodec<S>& Codec;
    S State;
};

} // namespace mlviz
