// The app shell headless: every question selected and drawn, the search box filtering the list
// with Cyrillic input, and deep links, notices and the state the page hook reads.
#include <catch2/catch.hpp>

#include <algorithm>
#include <random>
#include <string>

#include <nlohmann/json.hpp>

#include "app/app.h"
#include "core/topics.h"
#include "frame_check.h"
#include "imgui.h"
#include "mouse_script.h"

using namespace mlviz;
using namespace mlviz::test;

TEST_CASE("Every question 1-86 can be selected and drawn", "[found][smoke]")
{
    Headless h(1280, 800);
    App app;
    MouseScript mouse(86u);
    REQUIRE(app.Bank().Questions.size() == 86);
    for (int q = 1; q <= 86; ++q) {
        // Let a held button go first: a Selectable fires on release, which would pick another row.
        mouse.Release();
        RunFrame(app, h);
        app.SelectQuestion(q);
        const FrameReport first = RunFrame(app, h);
        INFO("question " << q);
        CheckReport(first, "question " + std::to_string(q));
        CHECK(app.SelectedQuestion() == q);
        const auto topics = TopicsForQuestion(q);
        if (topics.empty())
            CHECK(app.SelectedTopic().empty());
        else
            CHECK(std::find(topics.begin(), topics.end(), FindTopic(app.SelectedTopic())) != topics.end());
        if (!topics.empty()) CHECK(first.VisualizationVertices > 40); // no topic: the answer takes the space
        CHECK(first.AnswerVertices > 200);                            // question title and the answer (or "pending")
        CHECK(first.ListVertices > 1000);
        // A few frames of clicks anywhere (list, answer, top bar).
        for (int k = 0; k < 3; ++k) {
            mouse.Queue(ImRect(ImVec2(0, 0), ImGui::GetIO().DisplaySize));
            CheckReport(RunFrame(app, h), "question " + std::to_string(q) + " with clicks");
        }
    }
}

TEST_CASE("The search box takes Cyrillic input and filters the list", "[found][smoke]")
{
    Headless h(1280, 800);
    App app;
    FrameReport r = RunFrame(app, h);
    r = RunFrame(app, h);
    const int all_rows = r.ListVertices;
    REQUIRE(r.List.GetWidth() > 0.0f);
    ImGuiIO& io = ImGui::GetIO();
    // The search field is the first widget of the list panel.
    const ImGuiStyle& style = ImGui::GetStyle();
    const ImVec2 field(r.List.Min.x + style.WindowPadding.x + 20.0f,
                       r.List.Min.y + style.WindowPadding.y + ImGui::GetFrameHeight() * 0.5f);
    io.AddMousePosEvent(field.x, field.y);
    io.AddMouseButtonEvent(0, true);
    RunFrame(app, h);
    io.AddMouseButtonEvent(0, false);
    RunFrame(app, h);
    REQUIRE(io.WantTextInput);
    io.AddInputCharactersUTF8("РЕЦЕПТИВНОЕ");
    for (int k = 0; k < 4; ++k) r = RunFrame(app, h);
    CheckReport(r, "after typing a search");
    INFO("list vertices: all " << all_rows << ", filtered " << r.ListVertices);
    CHECK(r.ListVertices < all_rows / 3);
    CHECK(r.ListVertices > 100); // the matching question (47) is still listed
}

TEST_CASE("App: deep links, notices and state for the page hook", "[found][smoke]")
{
    Headless h(1280, 800);
    App app;
    CHECK(app.SelectedQuestion() >= 1);
    app.OpenFragment("#q=57");
    CHECK(app.SelectedQuestion() == 57);
    CHECK(app.SelectedTopic() == "activations");
    CHECK(app.Notices().empty());
    const nlohmann::json s = nlohmann::json::parse(app.StateJson());
    CHECK(s["question"] == 57);
    CHECK(s["topic"] == "activations");
    app.OpenFragment(app.Fragment()); // the URL the app writes opens the same place
    CHECK(app.SelectedQuestion() == 57);
    CHECK(app.Notices().empty());

    app.OpenFragment("#q=999&topic=nope");
    CHECK(app.Notices().size() == 2);
    CHECK(app.SelectedQuestion() == 57); // bad values change nothing
    CheckReport(RunFrame(app, h), "frame with notices");
    const nlohmann::json bad = nlohmann::json::parse(app.StateJson());
    CHECK(bad["notices"].size() == 2);

    app.SelectQuestion(0);
    app.SelectQuestion(87);
    CHECK(app.SelectedQuestion() == 57);
    app.SelectTopic("no_such_topic");
    CHECK(app.SelectedTopic() == "activations");
    for (const TopicInfo& t : Topics()) {
        app.SelectTopic(t.Id);
        CHECK(app.SelectedTopic() == t.Id);
        CHECK(std::find(t.Questions.begin(), t.Questions.end(), app.SelectedQuestion()) != t.Questions.end());
        app.OpenFragment("#topic=" + std::string(t.Id));
        CHECK(app.SelectedTopic() == t.Id);
    }
    std::mt19937 rng(7u);
    for (int k = 0; k < 300; ++k) { // garbage fragments never break the app
        std::string f(rng() % 30, '\0');
        for (char& c : f) c = "q=topic&%#0123456789ab\xd0\xff"[rng() % 24];
        app.OpenFragment(f);
        CHECK(app.SelectedQuestion() >= 1);
        CHECK(app.SelectedQuestion() <= 86);
    }
    CheckReport(RunFrame(app, h), "after garbage fragments");
}
