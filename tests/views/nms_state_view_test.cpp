// The NMS view's URL state in the real app (headless ImGui): clamping to the trace and the
// playback keys in detail (controls=0 of every topic: topic_registry_test.cpp). Round trips of its links: tests/views/topic_links_test.cpp.
#include <catch2/catch.hpp>

#include <string>

#include "app/headless.h"
#include "imgui.h"
#include "imgui_internal.h"
#include "topics/views.h"

using namespace mlviz;

namespace {

bool HasChildWindow(const char* name)
{
    for (ImGuiWindow* w : GImGui->Windows)
        if (std::string(w->Name).find(std::string("/") + name + "_") != std::string::npos && w->Active) return true;
    return false;
}

} // namespace

TEST_CASE("nms view: a link past the end of the trace clamps to it, bad values are notices", "[nms][state]")
{
    auto view = CreateTopicView("nms");
    REQUIRE(view);
    // Past the end of the recomputed trace: the end (step omitted); a box that does not exist: none.
    CHECK(view->DecodeState("seed=5&step=1000000&box=100000").empty());
    CHECK(view->EncodeState() == "seed=5");
    CHECK(view->DecodeState("iou=9&scene=mars").size() == 2);
    CHECK(view->EncodeState() == "iou=1");

    HeadlessSession session(1280.0f, 800.0f);
    App& app = session.TheApp();
    app.OpenFragment("topic=nms&seed=7&step=12");
    for (int i = 0; i < 3; ++i) session.Frame();
    CHECK(HasChildWindow("controls"));
    app.OpenFragment("topic=nms&iou=nan&zzz=1");
    CHECK(app.Notices().size() == 1);
    session.Frame();
    CHECK(StatePartOf(app.Fragment()).empty());
}

TEST_CASE("nms view: playback keys step, play and pause", "[nms][state]")
{
    HeadlessSession session(1280.0f, 800.0f);
    App& app = session.TheApp();
    app.OpenFragment("topic=nms&seed=7&step=12");
    session.Frame();
    HeadlessInput right;
    right.Key = ImGuiKey_RightArrow;
    session.Frame(right);
    session.Frame();
    CHECK(StatePartOf(app.Fragment()) == "seed=7&step=13");
    HeadlessInput left;
    left.Key = ImGuiKey_LeftArrow;
    session.Frame(left);
    session.Frame();
    session.Frame(left);
    session.Frame();
    CHECK(StatePartOf(app.Fragment()) == "seed=7&step=11");
    HeadlessInput space;
    space.Key = ImGuiKey_Space;
    session.Frame(space); // plays: the step moves on over the next frames
    for (int i = 0; i < 30; ++i) session.Frame();
    const std::string playing = StatePartOf(app.Fragment());
    CHECK(playing != "seed=7&step=11");
    session.Frame(space); // pauses
    session.Frame();
    const std::string paused = StatePartOf(app.Fragment());
    for (int i = 0; i < 10; ++i) session.Frame();
    CHECK(StatePartOf(app.Fragment()) == paused);
}
