// The optimizer view's URL state end to end: the view decodes and re-encodes a fragment
// unchanged, the real App (headless) opens "topic=optimizers&..." and, after drawing frames
// (sliders that clamp, runs computed over frames), writes the same state back; the playback
// keys step; embed mode without controls keeps the state. The codec itself is tested in
// tests/core/optim_state_test.cpp.
#include <catch2/catch.hpp>

#include <string>

#include "app/headless.h"
#include "core/optim_state.h"
#include "imgui.h"
#include "topics/views.h"

using namespace mlviz;

namespace {

// The topic's part of App::Fragment() ("q=..&topic=..&v=1&<state>").
std::string StatePart(const std::string& fragment)
{
    const std::size_t at = fragment.find("&v=1&");
    return at == std::string::npos ? std::string() : fragment.substr(at + 5);
}

// Fragments that touch every kind of field; each selects the optimizer whose editor shows
// the edited hyper-parameters, so the sliders drawn each frame see them.
const char* const kFragments[] = {
    "p=ravine&sel=4&step=40&o2mom=0.9&o4on=1&o4lr=0.30000000000000004&o4s=cosine&o4tmax=60",
    "p=decay&fn=rastrigin&rast=7.5&l1=0.25&x0=-4&y0=3.5&iters=800&sigma=4&seed=12345&sel=2&logc=0&step=333&speed=125"
    "&o2=rmsprop&o2alpha=0.95&o2cent=1&o2eps=1e-06&o2s=plateau&o2fac=0.5&o2pat=20&o2thr=0.01&o2cd=3&o2minlr=0.001&o2bs=64",
    "p=norm&kappa=125&angle=-45&scaled=1&fscale=12&cx=0.5&cy=-0.25&sel=5&step=7&o5=nadam&o5on=1&o5lr=0.002&o5wd=0.05"
    "&o5b1=0.8&o5b2=0.99&o5md=0.01&o5s=linear&o5sf=0.1&o5ef=0.9&o5ti=30",
    "fn=himmelblau&x0=5&y0=-5&iters=50&sel=6&step=50&o1on=0&o6on=1&o6lr=0.01&o6mom=0.5&o6damp=0.2&o6s=step&o6ss=10&o6sg=0.5",
    "p=l2&sel=3&step=0&o3=adagrad&o3on=1&o3lrd=0.01&o3iav=0.1&o3eps=1e-10&o3s=exponential&o3sg=0.95",
};

} // namespace

TEST_CASE("optim view: DecodeState then EncodeState gives the fragment back", "[optim][state]")
{
    for (const char* f : kFragments) {
        INFO(f);
        auto view = CreateTopicView("optimizers");
        REQUIRE(view);
        CHECK(view->EncodeState().empty());
        CHECK(view->DecodeState(std::string("topic=optimizers&v=1&") + f).empty());
        CHECK(view->EncodeState() == f);
    }
    auto view = CreateTopicView("optimizers");
    CHECK(view->DecodeState("p=batch&o1lr=nan&iters=1e999").size() == 2);
    CHECK(view->EncodeState() == "p=batch");
}

TEST_CASE("optim view: the app restores a fragment and, after drawing, writes the same state", "[optim][state]")
{
    HeadlessSession session(1280.0f, 800.0f);
    App& app = session.TheApp();
    for (const char* f : kFragments) {
        INFO(f);
        app.OpenFragment(std::string("topic=optimizers&") + f);
        CHECK(app.Notices().empty());
        CHECK(app.SelectedTopic() == "optimizers");
        for (int i = 0; i < 8; ++i) session.Frame();
        CHECK(StatePart(app.Fragment()) == f);
    }
    // Every preset, via the preset key alone.
    for (int i = 1; i < static_cast<int>(OptimPresets().size()); ++i) {
        const std::string f = "p=" + std::string(OptimPresetName(i));
        app.OpenFragment("topic=optimizers&v=1&" + f);
        for (int k = 0; k < 4; ++k) session.Frame();
        CHECK(StatePart(app.Fragment()) == f);
    }
}

TEST_CASE("optim view: playback keys step and play; embed without controls keeps the state", "[optim][state]")
{
    HeadlessSession session(1280.0f, 800.0f);
    App& app = session.TheApp();
    app.OpenFragment("topic=optimizers&p=ravine&step=40");
    session.Frame();
    HeadlessInput right;
    right.Key = ImGuiKey_RightArrow;
    session.Frame(right);
    session.Frame();
    CHECK(StatePart(app.Fragment()) == "p=ravine&step=41");
    HeadlessInput left;
    left.Key = ImGuiKey_LeftArrow;
    session.Frame(left);
    session.Frame();
    session.Frame(left);
    session.Frame();
    CHECK(StatePart(app.Fragment()) == "p=ravine&step=39");
    HeadlessInput space;
    space.Key = ImGuiKey_Space;
    session.Frame(space);
    for (int i = 0; i < 30; ++i) session.Frame();   // 0.5 s at 60 steps/s
    const std::string playing = StatePart(app.Fragment());
    CHECK(playing.find("play=1") != std::string::npos);
    CHECK(playing.find("step=39") == std::string::npos);
    session.Frame(space);
    session.Frame();
    CHECK(StatePart(app.Fragment()).find("play=1") == std::string::npos);

    app.OpenQuery("embed=1&controls=0");
    app.OpenFragment("topic=optimizers&p=batch&step=120&sel=1");
    const int vertices = session.Frame();
    for (int i = 0; i < 4; ++i) session.Frame();
    CHECK(vertices > 1000);   // the surface, trails and charts are drawn
    CHECK(StatePart(app.Fragment()) == "p=batch&sel=1&step=120");
}
