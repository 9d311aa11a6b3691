// The optimizer view's URL state in the real app (headless): presets, playback keys, embed mode
// without controls. Round trips of its links: tests/views/topic_links_test.cpp; the codec
// itself: tests/core/optim_state_test.cpp.
#include <catch2/catch.hpp>

#include <string>

#include "app/headless.h"
#include "topics/optimizers/core/optim_state.h"
#include "imgui.h"
#include "topics/views.h"

using namespace mlviz;

namespace {

} // namespace

TEST_CASE("optim view: bad values are notices, every preset is one key", "[optim][state]")
{
    auto view = CreateTopicView("optimizers");
    REQUIRE(view);
    CHECK(view->DecodeState("p=batch&o1lr=nan&iters=1e999").size() == 2);
    CHECK(view->EncodeState() == "p=batch");

    HeadlessSession session(1280.0f, 800.0f);
    App& app = session.TheApp();
    for (int i = 1; i < static_cast<int>(OptimPresets().size()); ++i) {
        const std::string f = "p=" + std::string(OptimPresetName(i));
        app.OpenFragment("topic=optimizers&v=1&" + f);
        for (int k = 0; k < 4; ++k) session.Frame();
        CHECK(StatePartOf(app.Fragment()) == f);
    }
}

TEST_CASE("optim view: playback keys step and play, embed without controls keeps the state", "[optim][state]")
{
    HeadlessSession session(1280.0f, 800.0f);
    App& app = session.TheApp();
    app.OpenFragment("topic=optimizers&p=ravine&step=40");
    session.Frame();
    HeadlessInput right;
    right.Key = ImGuiKey_RightArrow;
    session.Frame(right);
    session.Frame();
    CHECK(StatePartOf(app.Fragment()) == "p=ravine&step=41");
    HeadlessInput left;
    left.Key = ImGuiKey_LeftArrow;
    session.Frame(left);
    session.Frame();
    session.Frame(left);
    session.Frame();
    CHECK(StatePartOf(app.Fragment()) == "p=ravine&step=39");
    HeadlessInput space;
    space.Key = ImGuiKey_Space;
    session.Frame(space);
    for (int i = 0; i < 30; ++i) session.Frame(); // 0.5 s at 60 steps/s
    const std::string playing = StatePartOf(app.Fragment());
    CHECK(playing.find("play=1") != std::string::npos);
    CHECK(playing.find("step=39") == std::string::npos);
    session.Frame(space);
    session.Frame();
    CHECK(StatePartOf(app.Fragment()).find("play=1") == std::string::npos);

    app.OpenQuery("embed=1&controls=0");
    app.OpenFragment("topic=optimizers&p=batch&step=120&sel=1");
    const int vertices = session.Frame();
    for (int i = 0; i < 4; ++i) session.Frame();
    CHECK(vertices > 1000); // the surface, trails and charts are drawn
    CHECK(StatePartOf(app.Fragment()) == "p=batch&sel=1&step=120");
}
