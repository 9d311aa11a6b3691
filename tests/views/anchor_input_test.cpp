// The anchors view under typed input: Ctrl+click (or Enter) turns an ImGui slider into a text
// field that takes any number, "nan" and "inf" included, whatever the slider's range; the view
// must keep its state finite and in range and draw only finite vertices.
#include <catch2/catch.hpp>

#include <string>
#include <vector>

#include "app/headless.h"
#include "frame_check.h"
#include "imgui.h"
#include "imgui_internal.h"

using namespace mlviz;
using namespace mlviz::test;

namespace {

ImGuiWindow* ChildWindow(const char* name)
{
    // Child windows are named "<parent>/<name>_<id>" (ImGui 1.90).
    const std::string part = std::string("/") + name + "_";
    for (ImGuiWindow* w : GImGui->Windows)
        if (w->Active && (w->Flags & ImGuiWindowFlags_ChildWindow) && std::string(w->Name).find(part) != std::string::npos)
            return w;
    return nullptr;
}

// The ID ImGui gives `label` in `window`, inside PushID(push_id) when push_id >= 0.
ImGuiID WidgetId(const ImGuiWindow* window, int push_id, const char* label)
{
    const ImGuiID seed = push_id >= 0 ? ImHashData(&push_id, sizeof(push_id), window->ID) : window->ID;
    return ImHashStr(label, 0, seed);
}

struct TypedCase {
    const char* Link;   // the view's state before typing
    const char* Window; // child window holding the slider
    int PushId;         // -1: none
    const char* Label;
};

// "one=1&ix&iy": the anchors of one location are always drawn, so a bad size or ratio shows.
const TypedCase kCases[] = {
    {"topic=anchors&one=1&ix=320&iy=240", "controls", 0, "##size"},
    {"topic=anchors&one=1&ix=320&iy=240", "controls", 100, "##ratio"},
    {"topic=anchors&one=1&ix=320&iy=240", "controls", -1, "##high"},
    {"topic=anchors&one=1&ix=320&iy=240", "controls", -1, "##low"},
    {"topic=anchors&one=1&ix=320&iy=240&rule=yolo", "controls", -1, "##ignore"},
    {"topic=anchors&tab=fcos", "pictures", -1, "##radius"},
};

} // namespace

TEST_CASE("anchors view: nan, inf and huge numbers typed into a slider leave the state valid", "[anchor][input]")
{
    for (const TypedCase& c : kCases) {
        for (const char* typed : {"nan", "inf", "-inf", "1e30", "-1e30"}) {
            INFO(c.Link << ": " << c.Label << " <- " << typed);
            HeadlessSession session(1280.0f, 1600.0f); // tall: every control unclipped, no scrolling
            App& app = session.TheApp();
            app.OpenFragment(c.Link);
            REQUIRE(app.Notices().empty());
            session.Frame();
            session.Frame();
            const ImGuiWindow* window = ChildWindow(c.Window);
            REQUIRE(window);
            const ImGuiID id = WidgetId(window, c.PushId, c.Label);
            // What Enter on a focused slider does: open its text field (as Ctrl+click does).
            ImGui::ActivateItemByID(id);
            GImGui->NavNextActivateFlags = ImGuiActivateFlags_PreferInput;
            session.Frame();
            REQUIRE(GImGui->ActiveId == id);              // the slider exists and its text field is open
            ImGui::GetIO().AddInputCharactersUTF8(typed); // replaces the selected old value
            session.Frame();
            HeadlessInput enter;
            enter.Key = ImGuiKey_Enter;
            session.Frame(enter);
            CHECK(DrawDataProblems(ImGui::GetDrawData()) == std::vector<std::string>{});
            session.Frame();
            CHECK(DrawDataProblems(ImGui::GetDrawData()) == std::vector<std::string>{});
            CHECK(GImGui->ActiveId == 0); // the value was taken
            // The state the view shares is what it shows: finite, and a link that opens cleanly.
            const std::string fragment = app.Fragment();
            INFO(fragment);
            CHECK(fragment.find("nan") == std::string::npos);
            CHECK(fragment.find("inf") == std::string::npos);
            app.OpenFragment(fragment);
            CHECK(app.Notices().empty());
        }
    }
}
