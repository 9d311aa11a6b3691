// The NMS view's URL state through the real view and the real app (headless ImGui): a link
// decodes into the view, re-encodes to the same text, survives frames, honours embed
// controls=0 and the playback keys.
#include <catch2/catch.hpp>

#include <string>

#include "app/headless.h"
#include "imgui.h"
#include "imgui_internal.h"
#include "topics/views.h"

using namespace mlviz;

namespace {

// The topic's own part of App::Fragment() ("...&v=1&<state>"), or "" for the default state.
std::string StateOf(const std::string& fragment)
{
    const std::size_t v = fragment.find("&v=1&");
    return v == std::string::npos ? std::string() : fragment.substr(v + 5);
}

bool HasChildWindow(const char* name)
{
    for (ImGuiWindow* w : GImGui->Windows)
        if (std::string(w->Name).find(std::string("/") + name + "_") != std::string::npos && w->Active) return true;
    return false;
}

const char* kLinks[] = {
    "iou=0.45&seed=7&step=12",
    "scene=street&method=soft-gaussian&iou=0.45&sigma=0.3&seed=7&step=12",
    "scene=random&method=diou&method_b=soft-linear&compare=1&batched=0&iou=0.6&seed=3&boxes=6&fp=9&objects=5&classes=4&step=2",
    "method=soft-linear&min_score=0.05&pos=0.1&size=0.2&noise=0.02&confusion=0.3&tp_score=0.5&speed=25&box=3&gt=0&labels=0",
    "step=0",
};

} // namespace

TEST_CASE("nms view: a link decodes into the view and re-encodes to the same text", "[nms][state]")
{
    for (const char* link : kLinks) {
        INFO(link);
        auto view = CreateTopicView("nms");
        REQUIRE(view);
        CHECK(view->DecodeState(link).empty());
        CHECK(view->EncodeState() == link);
        // Decoding over a changed view restores exactly too: keys left out are defaults.
        auto other = CreateTopicView("nms");
        other->DecodeState(kLinks[2]);
        other->DecodeState(link);
        CHECK(other->EncodeState() == link);
    }
    auto view = CreateTopicView("nms");
    CHECK(view->DecodeState("").empty());
    CHECK(view->EncodeState().empty());
    // Past the end of the recomputed trace: the end (step omitted); a box that does not exist: none.
    CHECK(view->DecodeState("seed=5&step=1000000&box=100000").empty());
    CHECK(view->EncodeState() == "seed=5");
    CHECK(view->DecodeState("iou=9&scene=mars").size() == 2);
    CHECK(view->EncodeState() == "iou=1");
}

TEST_CASE("nms view: the app restores a link and keeps it across frames", "[nms][state]")
{
    HeadlessSession session(1280.0f, 800.0f);
    App& app = session.TheApp();
    for (const char* link : kLinks) {
        INFO(link);
        app.OpenFragment(std::string("topic=nms&") + link);
        CHECK(app.Notices().empty());
        for (int i = 0; i < 5; ++i) session.Frame();
        CHECK(app.SelectedTopic() == "nms");
        CHECK(StateOf(app.Fragment()) == link);
        CHECK(HasChildWindow("controls"));
    }
    app.OpenFragment("topic=nms&iou=nan&zzz=1");
    CHECK(app.Notices().size() == 1);
    session.Frame();
    CHECK(StateOf(app.Fragment()).empty());
}

TEST_CASE("nms view: playback keys step, embed controls=0 hides the controls", "[nms][state]")
{
    HeadlessSession session(1280.0f, 800.0f);
    App& app = session.TheApp();
    app.OpenFragment("topic=nms&seed=7&step=12");
    session.Frame();
    HeadlessInput right;
    right.Key = ImGuiKey_RightArrow;
    session.Frame(right);
    session.Frame();
    CHECK(StateOf(app.Fragment()) == "seed=7&step=13");
    HeadlessInput left;
    left.Key = ImGuiKey_LeftArrow;
    session.Frame(left);
    session.Frame();
    session.Frame(left);
    session.Frame();
    CHECK(StateOf(app.Fragment()) == "seed=7&step=11");
    HeadlessInput space;
    space.Key = ImGuiKey_Space;
    session.Frame(space);   // plays: the step moves on over the next frames
    for (int i = 0; i < 30; ++i) session.Frame();
    const std::string playing = StateOf(app.Fragment());
    CHECK(playing != "seed=7&step=11");
    session.Frame(space);   // pauses
    session.Frame();
    const std::string paused = StateOf(app.Fragment());
    for (int i = 0; i < 10; ++i) session.Frame();
    CHECK(StateOf(app.Fragment()) == paused);

    app.OpenQuery("embed=1&controls=0");
    app.OpenFragment("topic=nms&seed=7&step=12");
    for (int i = 0; i < 3; ++i) session.Frame();
    CHECK_FALSE(HasChildWindow("controls"));
    CHECK(HasChildWindow("pictures"));
    CHECK(StateOf(app.Fragment()) == "seed=7&step=12");
    // Keys still step the figure without the buttons.
    session.Frame(right);
    session.Frame();
    CHECK(StateOf(app.Fragment()) == "seed=7&step=13");
}
