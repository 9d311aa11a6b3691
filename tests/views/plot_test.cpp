// ui/plot.h's log10 axis: decade ticks and their superscript labels, number formatting, and that a
// PlotFlags_LogY frame draws each decade's grid line where ToScreen puts 10^k (bare ImGui context).
#include <catch2/catch.hpp>

#include <cmath>
#include <string>
#include <vector>

#include "core/assets.h"
#include "imgui.h"
#include "ui/fonts.h"
#include "ui/plot.h"

using namespace mlviz;

namespace {

std::string Label(int exponent)
{
    char buf[32];
    PowerOfTenLabel(exponent, buf, sizeof buf);
    return buf;
}

std::string Number(double v)
{
    char buf[48];
    FormatNumber(v, buf, sizeof buf);
    return buf;
}

// One ImGui frame inside a window, with the bundled font so label widths are the real ones.
class PlotFrameSession {
public:
    PlotFrameSession()
    {
        Context = ImGui::CreateContext();
        ImGui::SetCurrentContext(Context);
        ImGuiIO& io = ImGui::GetIO();
        io.IniFilename = nullptr;
        io.DisplaySize = ImVec2(800.0f, 600.0f);
        io.DeltaTime = 1.0f / 60.0f;
        LoadFonts(FindAsset(BinaryAssets(), "fonts/mlviz-font.ttf"), 16.0f, 1.0f);
        unsigned char* pixels = nullptr;
        int w = 0, h = 0;
        io.Fonts->GetTexDataAsRGBA32(&pixels, &w, &h);
        ImGui::NewFrame();
        ImGui::SetNextWindowPos(ImVec2(0.0f, 0.0f));
        ImGui::SetNextWindowSize(io.DisplaySize);
        ImGui::Begin("plot");
    }
    ~PlotFrameSession()
    {
        ImGui::End();
        ImGui::EndFrame();
        ImGui::DestroyContext(Context);
    }
    PlotFrameSession(const PlotFrameSession&) = delete;
    PlotFrameSession& operator=(const PlotFrameSession&) = delete;

private:
    ImGuiContext* Context = nullptr;
};

// A horizontal line drawn across the data area at screen height y ends in vertices at its right
// edge (anti-aliased lines are a few pixels thick, hence the tolerance).
bool HasLineEndAt(const PlotFrame& f, float y)
{
    for (const ImDrawVert& v : ImGui::GetWindowDrawList()->VtxBuffer)
        if (std::fabs(v.pos.x - f.Max.x) <= 1.0f && std::fabs(v.pos.y - y) <= 2.5f) return true;
    return false;
}

} // namespace

TEST_CASE("plot: powers of ten read 10⁻⁵, 1, 10, 10²", "[plot][log]")
{
    CHECK(Label(-5) == "10⁻⁵");
    CHECK(Label(-1) == "10⁻¹");
    CHECK(Label(0) == "1");
    CHECK(Label(1) == "10");
    CHECK(Label(2) == "10²");
    CHECK(Label(-12) == "10⁻¹²");
    CHECK(Number(2.31e-12) == "2.31·10⁻¹²");
    CHECK(Number(9.996e-6) == "1.00·10⁻⁵"); // rounds up into the next decade, not "10.00·10⁻⁶"
    CHECK(Number(0.1234) == "0.1234");
    CHECK(Number(-3.0e5) == "-3.00·10⁵");
    CHECK(Number(std::nan("")) == "—");
}

TEST_CASE("plot: SafeLog10 and Log10Range skip what a log axis cannot show", "[plot][log]")
{
    CHECK(SafeLog10(100.0) == Approx(2.0));
    CHECK(std::isnan(SafeLog10(0.0)));
    CHECK(std::isnan(SafeLog10(-1.0)));
    CHECK(std::isnan(SafeLog10(INFINITY)));

    const std::vector<double> values = {1e-5, 0.0, 1e2, -3.0, std::nan(""), 1e-1};
    double lo = 0.0, hi = 0.0;
    REQUIRE(Log10Range(values, 2.0, lo, hi));
    CHECK(lo == Approx(-5.0 - 0.06 * 7.0));
    CHECK(hi == Approx(2.0 + 0.06 * 7.0));
    // A flat series still spans `min_span` decades around its value.
    const std::vector<double> flat = {0.5, 0.5};
    REQUIRE(Log10Range(flat, 1.0, lo, hi));
    CHECK(0.5 * (lo + hi) == Approx(std::log10(0.5)));
    CHECK(hi - lo == Approx(1.12));
    const std::vector<double> none = {0.0, -1.0};
    CHECK_FALSE(Log10Range(none, 1.0, lo, hi));
}

TEST_CASE("plot: log10 ticks over [1e-5, 1e2] sit on every decade", "[plot][log]")
{
    const std::vector<PlotTick> ticks = Log10Ticks(-5.42, 2.42, 20);
    const std::vector<std::string> labels = {"10⁻⁵", "10⁻⁴", "10⁻³", "10⁻²", "10⁻¹", "1", "10", "10²"};
    REQUIRE(ticks.size() == labels.size());
    for (std::size_t i = 0; i < ticks.size(); ++i) {
        CHECK(ticks[i].Pos == -5.0 + static_cast<double>(i));
        CHECK(ticks[i].Label == labels[i]);
    }
}

TEST_CASE("plot: crowded log10 ticks thin out to every 2, 5, 10 decades", "[plot][log]")
{
    // 13 decades with room for 4 labels: every fifth decade.
    const std::vector<PlotTick> ticks = Log10Ticks(-12.3, 0.3, 4);
    REQUIRE(ticks.size() == 3);
    CHECK(ticks[0].Pos == -10.0);
    CHECK(ticks[0].Label == "10⁻¹⁰");
    CHECK(ticks[1].Label == "10⁻⁵");
    CHECK(ticks[2].Label == "1");
    // 61 decades with room for 5: every twentieth.
    const std::vector<PlotTick> sparse = Log10Ticks(-30.0, 30.0, 5);
    REQUIRE(sparse.size() == 3);
    CHECK(sparse[0].Pos == -20.0);
    CHECK(sparse[1].Label == "1");
    CHECK(sparse[2].Label == "10²⁰");
}

TEST_CASE("plot: under two decades log10 ticks are 1, 2, 5 x 10^k written out", "[plot][log]")
{
    const std::vector<PlotTick> ticks = Log10Ticks(std::log10(0.015), std::log10(0.25), 10);
    const std::vector<std::string> labels = {"0.02", "0.05", "0.1", "0.2"};
    const std::vector<double> values = {0.02, 0.05, 0.1, 0.2};
    REQUIRE(ticks.size() == labels.size());
    for (std::size_t i = 0; i < ticks.size(); ++i) {
        CHECK(ticks[i].Label == labels[i]);
        CHECK(ticks[i].Pos == Approx(std::log10(values[i])));
    }
}

TEST_CASE("plot: fine log10 ticks of large values stay short", "[plot][log]")
{
    // A loss of 10^11 (a diverging run): "2·10¹¹", not "2.00·10¹¹", which the margin would cut.
    const std::vector<PlotTick> ticks = Log10Ticks(std::log10(1.5e11), std::log10(2.5e12), 10);
    const std::vector<std::string> labels = {"2·10¹¹", "5·10¹¹", "10¹²", "2·10¹²"};
    REQUIRE(ticks.size() == labels.size());
    for (std::size_t i = 0; i < ticks.size(); ++i) CHECK(ticks[i].Label == labels[i]);
}

TEST_CASE("plot: a LogY frame draws each decade where ToScreen maps 10^k", "[plot][log]")
{
    PlotFrameSession session;
    const float font = ImGui::GetFontSize();
    double lo = 0.0, hi = 0.0;
    const std::vector<double> values = {1e-5, 1e2};
    REQUIRE(Log10Range(values, 2.0, lo, hi));
    const PlotFrame f =
        BeginPlot("##log", ImVec2(-1.0f, font * 20.0f), PlotRange{0.5, 3.5, lo, hi}, "log", PlotFlags_LogY | PlotFlags_IntegerX);
    const int max_ticks = static_cast<int>((f.Max.y - f.Min.y) / (font * 1.5f));
    REQUIRE(max_ticks >= 8); // room for every decade, so every one is drawn
    for (int k = -5; k <= 2; ++k) {
        INFO("10^" << k);
        const float y = f.ToScreen(1.0, SafeLog10(std::pow(10.0, k))).y;
        CHECK(y == Approx(f.Max.y - (k - lo) / (hi - lo) * (f.Max.y - f.Min.y)).margin(1e-3));
        CHECK(HasLineEndAt(f, y));
        // Half-way between decades there is no grid line: the check above is not vacuous.
        if (k < 2) CHECK_FALSE(HasLineEndAt(f, f.ToScreen(1.0, k + 0.5).y));
    }
    EndPlot(f);

    // The wider label column is shared by ReservePlot's WideYLabels, so stacked charts line up.
    const PlotFrame linear = BeginPlot("##lin", ImVec2(-1.0f, font * 6.0f), PlotRange{}, nullptr);
    EndPlot(linear);
    const PlotFrame wide = ReservePlot("##wide", ImVec2(-1.0f, font * 6.0f), PlotRange{}, nullptr, PlotFlags_WideYLabels);
    CHECK(wide.Min.x == f.Min.x);
    CHECK(linear.Min.x < f.Min.x);
    CHECK(wide.Max.x == f.Max.x);
}
