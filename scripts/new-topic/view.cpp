// @Title@: the view (update, then draw). Controls are bound to the field table; the picture
// is the core's curve with a hover read-out.
#include <cmath>

#include "imgui.h"
#include "topics/@id@/core/@id@_state.h"
#include "topics/views.h"
#include "ui/controls.h"
#include "ui/plot.h"
#include "ui/topic_layout.h"
#include "ui/topic_view_base.h"
#include "ui/tr.h"

namespace mlviz {

namespace {

class @Camel@View final : public TopicViewOf<@Camel@State> {
public:
    @Camel@View() : TopicViewOf(@Camel@Codec()) {}

    void Draw(ViewContext& ctx) override
    {
        Update();
        DrawTopicLayout(ctx, [&] { DrawControls(); }, [&] { DrawPicture(); });
    }

private:
    void OnStateDecoded(const KeyValues&, std::vector<Message>&) override { Valid = false; }

    void Update()
    {
        if (Valid && Curve.T.size() == static_cast<std::size_t>(State.Sim.Samples) && BuiltFor.Amplitude == State.Sim.Amplitude &&
            BuiltFor.Damping == State.Sim.Damping && BuiltFor.Frequency == State.Sim.Frequency)
            return;
        const auto r = Simulate@Camel@(State.Sim);
        Error = r.Ok() ? Message{} : r.Error();
        Curve = r.Ok() ? r.Value() : @Camel@Curve{};
        BuiltFor = State.Sim;
        Valid = true;
    }

    void DrawControls()
    {
        const auto& t = @Camel@StateSchema();
        for (const char* key : {"amp", "damping", "freq", "samples"}) FieldSlider(t, key, State);
        FieldCheckbox(t, "envelope", State);
        if (ImGui::Button(Tr("Сбросить"))) State = @Camel@State();
        ClampState();
    }

    void DrawPicture()
    {
        if (!Error.Empty()) {
            ImGui::TextColored(ImVec4(1.0f, 0.4f, 0.4f, 1.0f), "%s", Tr(Error).c_str());
            return;
        }
        const double a = State.Sim.Amplitude;
        const ImVec2 size(ImGui::GetContentRegionAvail().x, std::max(ImGui::GetFontSize() * 8.0f, ImGui::GetContentRegionAvail().y));
        const PlotFrame f = BeginPlot("##curve", size, PlotRange{0.0, 10.0, -1.1 * a, 1.1 * a}, "x(t)");
        PlotLine(f, Curve.T, Curve.X, SeriesColor(1), 2.0f);
        if (State.ShowEnvelope) {
            std::vector<double> up(Curve.T.size()), down(Curve.T.size());
            for (std::size_t i = 0; i < Curve.T.size(); ++i) {
                up[i] = a * std::exp(-State.Sim.Damping * Curve.T[i]);
                down[i] = -up[i];
            }
            PlotLine(f, Curve.T, up, SeriesColor(2), 1.0f);
            PlotLine(f, Curve.T, down, SeriesColor(2), 1.0f);
        }
        EndPlot(f);
        if (f.Hovered) ImGui::SetTooltip("t = %.2f", f.MouseX);
    }

    @Camel@Config BuiltFor;
    bool Valid = false;
    @Camel@Curve Curve;
    Message Error;
};

} // namespace

std::unique_ptr<TopicView> Create@Camel@View()
{
    return std::make_unique<@Camel@View>();
}

} // namespace mlviz
