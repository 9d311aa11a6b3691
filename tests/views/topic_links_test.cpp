// Every topic's shareable links through the real view and the real app (headless ImGui): a
// link decodes into a fresh view or over a changed one and re-encodes to the same text, and the
// app keeps it across frames of drawing (sliders that clamp, work spread over frames). A topic
// added to the registry must add its links here: a test fails on a topic without any.
// The codecs themselves are tested in tests/core/*_state_test.cpp.
#include <catch2/catch.hpp>

#include <map>
#include <string>
#include <vector>

#include "app/headless.h"
#include "core/topic_state.h"
#include "core/topics.h"
#include "topics/views.h"

using namespace mlviz;

namespace {

// Canonical links (what EncodeState writes) that touch every kind of field of each topic.
const std::map<std::string, std::vector<std::string>>& Links()
{
    static const std::map<std::string, std::vector<std::string>> links = {
        {"activations",
         {"f=relu,gelu,swish&slope=0.2&range=8&net=tanh&layers=4&width=24&seed=9",
          "f=&alpha=2.5&beta=3&gelu_tanh=1&net=leaky_relu&seed=1234"}},
        {"nms",
         {"iou=0.45&seed=7&step=12",
          "scene=street&method=soft-gaussian&iou=0.45&sigma=0.3&seed=7&step=12",
          "scene=random&method=diou&method_b=soft-linear&compare=1&batched=0&iou=0.6&seed=3&boxes=6&fp=9&objects=5&classes=4&step=2",
          "method=soft-linear&min_score=0.05&pos=0.1&size=0.2&noise=0.02&confusion=0.3&tp_score=0.5&speed=25&box=3&gt=0&labels=0",
          "step=0"}},
        {"receptive_field",
         {"preset=resnet50&h=224&w=224&cin=3&sel=50.3.4&tab=erf&erf=random&log=1&seeds=16",
          "preset=stack_3x3&depth=7&h=40&w=16", "layers=ck3p1_mk2s2_ak3x1s1p1x0"}},
        {"anchors",
         {"scene=street&seed=5", "preset=yolo&level=3&high=0.6", "preset=rpn&level=3&tab=fpn", "preset=yolo&shapes=&ignore=0.7",
          "gt=10,20,110,70,car_300,100,420,260,person&preset=rpn&stride=24&ratios=1&lq=0&one=1&ix=60&iy=45",
          "preset=custom&level=5&conv=torchvision&sizes=100,200.5&ratios=0.5,1&rule=yolo&ignore=0.3&km_data=0&k=5&tab=kmeans",
          "rule=yolo&cs=0&radius=2&tab=fcos"}},
        {"optimizers",
         {"p=ravine&sel=4&step=40&o2mom=0.9&o4on=1&o4lr=0.30000000000000004&o4s=cosine&o4tmax=60",
          "p=decay&fn=rastrigin&rast=7.5&l1=0.25&x0=-4&y0=3.5&iters=800&sigma=4&seed=12345&sel=2&logc=0&step=333&speed=125"
          "&o2=rmsprop&o2alpha=0.95&o2cent=1&o2eps=1e-06&o2s=plateau&o2fac=0.5&o2pat=20&o2thr=0.01&o2cd=3&o2minlr=0.001&o2bs=64",
          "p=norm&kappa=125&angle=-45&scaled=1&fscale=12&cx=0.5&cy=-0.25&sel=5&step=7&o5=nadam&o5on=1&o5lr=0.002&o5wd=0.05"
          "&o5b1=0.8&o5b2=0.99&o5md=0.01&o5s=linear&o5sf=0.1&o5ef=0.9&o5ti=30",
          "fn=himmelblau&x0=5&y0=-5&iters=50&sel=6&step=50&o1on=0&o6on=1&o6lr=0.01&o6mom=0.5&o6damp=0.2&o6s=step&o6ss=10&o6sg=0.5",
          "p=l2&sel=3&step=0&o3=adagrad&o3on=1&o3lrd=0.01&o3iav=0.1&o3eps=1e-10&o3s=exponential&o3sg=0.95"}},
        {"gradient_flow",
         {"preset=tanh_chaos", "preset=bn_before&steps=20&wgrads=1&hist_own=1&layer=4",
          "preset=custom&depth=6&width=16&act=gelu&gelu_tanh=1&init=orthogonal&bias=0&res=2&norm=layernorm&norm_at=after"
          "&data=moons&batch=64&seed=3&noise=0.2&opt=adam&lr=0.01&clip=value&clip_max=0.5&steps=5",
          "mode=rnn&rnn_hidden=16&rnn_steps=40&rnn_seed=2&forget_bias=2&rnn_zero_bf=0&rnn_t=10"}},
    };
    return links;
}

} // namespace

TEST_CASE("every registered topic has shareable links to test", "[state][links]")
{
    for (const TopicInfo& t : Topics()) {
        INFO("topic " << t.Id);
        CHECK(Links().count(std::string(t.Id)) == 1);
    }
}

TEST_CASE("a topic link decodes into its view and re-encodes to the same text", "[state][links]")
{
    for (const auto& [topic, links] : Links()) {
        for (const std::string& link : links) {
            INFO(topic << ": " << link);
            auto view = CreateTopicView(topic);
            REQUIRE(view);
            CHECK(view->EncodeState().empty());
            CHECK(view->DecodeState(link).empty());
            CHECK(view->EncodeState() == link);
            // The core's codec table (mlviz-cli state) agrees with the view.
            CHECK(CanonicalTopicState(topic, link).Fragment == link);
            // Over a changed view too: keys a link leaves out are defaults, not leftovers.
            auto other = CreateTopicView(topic);
            other->DecodeState(links.back());
            other->DecodeState(links.front());
            other->DecodeState(link);
            CHECK(other->EncodeState() == link);
        }
        auto view = CreateTopicView(topic);
        view->DecodeState(links.front());
        CHECK(view->DecodeState("").empty());
        CHECK(view->EncodeState() == "");
    }
}

TEST_CASE("the app restores a topic link and keeps it across frames of drawing", "[state][links]")
{
    HeadlessSession session(1280.0f, 800.0f);
    App& app = session.TheApp();
    for (const auto& [topic, links] : Links()) {
        for (const std::string& link : links) {
            INFO(topic << ": " << link);
            app.OpenFragment("topic=" + topic + "&v=1&" + link);
            CHECK(app.Notices().empty());
            CHECK(app.SelectedTopic() == topic);
            for (int i = 0; i < 8; ++i) session.Frame();
            CHECK(StatePartOf(app.Fragment()) == link);
        }
    }
}
