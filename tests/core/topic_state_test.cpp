// The per-topic codec table behind `mlviz-cli state` (core/topic_state.h): every registered topic
// has a codec; defaults are the empty fragment; a canonical fragment is a fixed point.
#include <catch2/catch.hpp>

#include <string>

#include "core/topic_state.h"
#include "core/topics.h"

using namespace mlviz;

TEST_CASE("topic state: every registered topic has a codec, its defaults encode to nothing", "[state][topics]")
{
    for (const TopicInfo& t : Topics()) {
        INFO("topic " << t.Id);
        const TopicStateText s = CanonicalTopicState(t.Id, "");
        CHECK(s.Known);
        CHECK(s.Fragment.empty());
        CHECK(s.Notices.empty());
        // The app's own keys are not the topic's: they change nothing and give no notice.
        const TopicStateText app =
            CanonicalTopicState(t.Id, "topic=" + std::string(t.Id) + "&q=3&v=1&theme=light&lang=en&embed=1");
        CHECK(app.Fragment.empty());
        CHECK(app.Notices.empty());
    }
    CHECK_FALSE(CanonicalTopicState("mars", "iou=1").Known);
}

TEST_CASE("topic state: canonical fragments are fixed points, bad values are notices", "[state][topics]")
{
    const char* inputs[] = {"seed=7&step=12&iou=0.45", "seed=abc&iou=7&zz=1&%ff=%00",
                            "preset=yolo&level=3&depth=9&p=batch&f=relu", "step=-5&sel=99&layer=1000&speed=1e999",
                            "preset=tanh_chaos&mode=rnn&rnn_t=7"};
    for (const TopicInfo& t : Topics()) {
        for (const char* in : inputs) {
            INFO("topic " << t.Id << ", input " << in);
            const TopicStateText a = CanonicalTopicState(t.Id, in);
            const TopicStateText b = CanonicalTopicState(t.Id, a.Fragment);
            CHECK(b.Fragment == a.Fragment);
            CHECK(b.Notices.empty());
        }
    }
    const TopicStateText nms = CanonicalTopicState("nms", "iou=7&seed=abc");
    CHECK(nms.Fragment == "iou=1");
    CHECK(nms.Notices.size() == 2);
}
