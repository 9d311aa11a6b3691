// View smoke test: every registered topic inside the whole app, driven headless (ImGui without
// GL) for many frames with seeded mouse input at several window sizes; checks balanced ImGui
// stacks, valid draw data, that views draw something and that no frame blocks for long.
#include <catch2/catch.hpp>

#include <algorithm>
#include <cstdint>
#include <sstream>
#include <string>
#include <vector>

#include "app/app.h"
#include "core/topics.h"
#include "frame_check.h"
#include "imgui.h"
#include "mouse_script.h"

using namespace mlviz;
using namespace mlviz::test;

namespace {

// The frame budgets below are for optimized builds. An unoptimized build (the ASan + UBSan
// preset is Debug) runs the same frames several times slower, so it gets headroom that still
// shows a hang.
#ifdef NDEBUG
constexpr double kBudgetScale = 1.0;
#else
constexpr double kBudgetScale = 10.0;
#endif

struct DisplayCase {
    float Width, Height, PixelScale;
    int Frames;
};

// Drives one topic at one display size; returns the median frame time in ms.
double DriveTopic(const TopicInfo& topic, const DisplayCase& d, std::uint32_t seed)
{
    Headless h(d.Width, d.Height, d.PixelScale);
    REQUIRE(h.Fonts.Ok);
    App app;
    app.SelectTopic(topic.Id);
    REQUIRE(app.SelectedTopic() == topic.Id);
    MouseScript mouse(seed);
    std::vector<double> times;
    int typed = 0;
    bool over_widget = false;
    ImRect vis;
    int most_vertices = 0, hovered = 0, active = 0;
    for (int frame = 0; frame < d.Frames; ++frame) {
        // First frames: let the layout settle. Then aim below the panel's header row (title,
        // PNG export) so the clicks land in the view itself.
        ImRect view_area = vis;
        view_area.Min.y = std::min(view_area.Max.y, view_area.Min.y + 2.2f * ImGui::GetFrameHeightWithSpacing());
        if (frame >= 2) mouse.Queue(view_area, over_widget);
        const FrameReport r = RunFrame(app, h);
        std::ostringstream where;
        where << "topic " << topic.Id << " at " << d.Width << "x" << d.Height << " scale " << d.PixelScale << ", frame " << frame;
        CheckReport(r, where.str());
        if (!r.Problems.empty()) break;
        vis = r.Visualization;
        most_vertices = std::max(most_vertices, r.VisualizationVertices);
        hovered += r.VisualizationHovered;
        typed += ImGui::GetIO().WantTextInput && r.VisualizationActive;
        over_widget = r.VisualizationWidgetHovered;
        active += r.VisualizationActive;
        times.push_back(r.Milliseconds);
        // A click may follow a link to another topic of the same question; come back.
        if (app.SelectedTopic() != topic.Id) app.SelectTopic(topic.Id);
    }
    mouse.Release();
    INFO("topic " << topic.Id << " at " << d.Width << "x" << d.Height);
    CHECK(vis.GetWidth() > 100.0f);
    CHECK(vis.GetHeight() > 100.0f);
    CHECK(most_vertices > 1000);   // the view drew a real picture, not just its title
    CHECK(hovered > d.Frames / 2); // the mouse script does reach the view...
    CHECK(active > 0);             // ...and grabs at least one of its widgets
    std::sort(times.begin(), times.end());
    if (!times.empty()) {
        // Views must never block a frame for long (split heavy work across frames).
        INFO("slowest frame " << times.back() << " ms; frames with a typed value in the view: " << typed);
        CHECK(times.back() < 500.0 * kBudgetScale);
    }
    return times.empty() ? 0.0 : times[times.size() / 2];
}

} // namespace

TEST_CASE("Every registered topic runs >= 60 frames with mouse input at several sizes", "[found][smoke]")
{
    REQUIRE_FALSE(Topics().empty());
    const DisplayCase sizes[] = {{1280, 800, 1.0f, 240}, {1920, 1080, 1.0f, 90}, {800, 600, 1.0f, 90}, {1280, 720, 2.0f, 60}};
    for (const DisplayCase& d : sizes) {
        for (std::size_t i = 0; i < Topics().size(); ++i) {
            const TopicInfo& t = Topics()[i];
            const double median = DriveTopic(t, d, 1000u + static_cast<std::uint32_t>(i));
            // Reported, not asserted tightly: the test machine is shared. A hang shows here.
            if (d.Width == 1280 && d.PixelScale == 1.0f)
                WARN("topic " << t.Id << ": median frame (whole app, headless, no GL) " << median << " ms");
            CHECK(median < 50.0 * kBudgetScale);
        }
    }
}
