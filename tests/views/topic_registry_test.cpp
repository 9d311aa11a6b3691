// What every registered topic must have, checked by iterating the registry (so a new topic is
// covered without a line here): a codec whose field table clamps to its ranges, canonical links
// (topic_links_test.cpp), core benchmarks, the shared layout (a controls column that controls=0
// hides), working playback keys where the state has a step, and clean frames in both themes.
#include <catch2/catch.hpp>

#include <algorithm>
#include <cmath>
#include <set>
#include <string>

#include "app/headless.h"
#include "bench/frame/core_bench.h"
#include "core/state_codec.h"
#include "core/topic_codec.h"
#include "core/topics.h"
#include "imgui.h"
#include "imgui_internal.h"
#include "ui/theme.h"

using namespace mlviz;

namespace {

bool HasChildWindow(const char* name)
{
    for (ImGuiWindow* w : GImGui->Windows)
        if (std::string(w->Name).find(std::string("/") + name + "_") != std::string::npos && w->Active) return true;
    return false;
}

} // namespace

TEST_CASE("every topic's field table clamps links to its ranges, non-finite values to defaults", "[registry]")
{
    for (const TopicInfo& t : Topics()) {
        const TopicCodec& codec = t.Codec();
        INFO("topic " << t.Id);
        CHECK_FALSE(codec.Fields.empty());
        int numeric = 0;
        for (const TopicFieldInfo& f : codec.Fields) {
            if (f.Kind != FieldKind::Int && f.Kind != FieldKind::Real) continue;
            ++numeric;
            INFO("field " << f.Key << " in [" << f.Lo << ", " << f.Hi << "]");
            CHECK(f.Lo <= f.Hi);
            const double span = std::max(1.0, f.Hi - f.Lo);
            // Far outside the range (within the codec's own cross-field rules the value may be
            // bounded further, never beyond the field's range).
            const double high = codec.DecodedNumber(f.Key + "=" + FormatReal(f.Hi + 10.0 * span, false), f.Key);
            const double low = codec.DecodedNumber(f.Key + "=" + FormatReal(f.Lo - 10.0 * span, false), f.Key);
            // Float fields hold the bounds rounded to float: compare at float precision.
            const double tol = 1e-6 * std::max({1.0, std::fabs(f.Lo), std::fabs(f.Hi)});
            CHECK(std::isfinite(high));
            CHECK(high <= f.Hi + tol);
            CHECK(high >= f.Lo - tol);
            CHECK(low >= f.Lo - tol);
            CHECK(low <= f.Hi + tol);
            CHECK(std::isfinite(codec.DecodedNumber(f.Key + "=nan", f.Key)));
            CHECK_FALSE(codec.Canonical(f.Key + "=" + FormatReal(f.Hi + 10.0 * span, false)).Notices.empty());
        }
        CHECK(numeric > 0);
    }
}

TEST_CASE("every topic has core benchmarks for mlviz-bench", "[registry]")
{
    std::set<std::string> with_bench;
    for (const CoreBench& b : CoreBenchmarks()) with_bench.insert(b.Topic);
    for (const TopicInfo& t : Topics()) {
        INFO("topic " << t.Id);
        CHECK(with_bench.count(std::string(t.Id)) == 1);
    }
}

TEST_CASE("every topic draws a controls column, hidden with controls=0, in both themes", "[registry]")
{
    for (const TopicInfo& t : Topics()) {
        INFO("topic " << t.Id);
        for (const bool light : {false, true}) {
            HeadlessSession session(1280.0f, 720.0f);
            App& app = session.TheApp();
            if (light) app.OpenQuery("theme=light");
            app.OpenFragment("topic=" + std::string(t.Id));
            for (int i = 0; i < 3; ++i) session.Frame();
            CHECK(HasChildWindow("controls"));
            CHECK(HasChildWindow("pictures"));
            app.OpenQuery(light ? "embed=1&controls=0&theme=light" : "embed=1&controls=0");
            app.OpenFragment("topic=" + std::string(t.Id));
            int vertices = 0;
            for (int i = 0; i < 3; ++i) vertices = session.Frame();
            CHECK_FALSE(HasChildWindow("controls"));
            CHECK(HasChildWindow("pictures"));
            CHECK(vertices > 100); // the picture is drawn
        }
    }
    HeadlessSession reset(640.0f, 480.0f); // later tests start from the default theme
    ApplyTheme(Theme::Dark);
}

TEST_CASE("every topic with a step in its state steps with the playback keys", "[registry]")
{
    int with_step = 0;
    for (const TopicInfo& t : Topics()) {
        bool has_step = false;
        for (const TopicFieldInfo& f : t.Codec().Fields) has_step = has_step || f.Key == "step";
        if (!has_step) continue;
        ++with_step;
        INFO("topic " << t.Id);
        HeadlessSession session(1280.0f, 720.0f);
        App& app = session.TheApp();
        app.OpenFragment("topic=" + std::string(t.Id));
        for (int i = 0; i < 5; ++i) session.Frame();
        const std::string start = StatePartOf(app.Fragment());
        HeadlessInput left;
        left.Key = ImGuiKey_LeftArrow;
        session.Frame(left);
        session.Frame();
        const std::string back = StatePartOf(app.Fragment());
        CHECK(back != start);
        CHECK(back.find("step=") != std::string::npos);
        HeadlessInput right;
        right.Key = ImGuiKey_RightArrow;
        session.Frame(right);
        session.Frame();
        CHECK(StatePartOf(app.Fragment()) == start);
    }
    CHECK(with_step >= 2); // NMS and optimizers at least
}
