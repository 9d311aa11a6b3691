// Classical ML (q1, q2, q4): PCA vs LDA on the same points, a random forest vs gradient boosting
// on the same points (trees added one by one with the shared playback), and class imbalance
// (resampling, SMOTE, class weights, threshold, PR vs ROC). Update, then draw: each tab's panel
// recomputes only what its inputs changed and spreads heavy work over frames
// (cml_pca_view.cpp, cml_ensemble_view.cpp, cml_imbalance_view.cpp; controls in cml_controls_view.cpp).
#include <algorithm>
#include <cmath>

#include "imgui.h"
#include "topics/classical_ml/view/cml_view.h"
#include "topics/views.h"
#include "ui/controls.h"
#include "ui/playback_bar.h"
#include "ui/topic_layout.h"
#include "ui/topic_view_base.h"
#include "ui/tr.h"

namespace mlviz {

namespace {

// Time the cores may take per frame (the frame target is 2 ms with drawing).
constexpr double kCoreBudgetMs = 0.7;

const char* const kTabNames[] = {MLVIZ_TR_KEY("PCA и LDA"), MLVIZ_TR_KEY("Лес и бустинг"), MLVIZ_TR_KEY("Дисбаланс классов")};

class ClassicalMlView final : public TopicViewOf<ClassicalMlState> {
public:
    ClassicalMlView() : TopicViewOf(ClassicalMlCodec()) {}
    void Draw(ViewContext& ctx) override;

private:
    void OnStateDecoded(const KeyValues&, std::vector<Message>&) override { PlayClock = 0.0; }
    void ApplyPlayback(const PlaybackInput& in);
    void DrawPlayback();
    void DrawTabs();
    void AfterWidgets(const ClassicalMlState& before);

    CmlPcaPanel Pca;
    CmlEnsemblePanel Ensemble;
    CmlImbalancePanel Imbalance;
    double PlayClock = 0.0;
};

// Keys, buttons, the scrub slider and the clock through core/playback.h; State.Step keeps -1 for
// "all trees" (one encoding of the end in links).
void ClassicalMlView::ApplyPlayback(const PlaybackInput& in)
{
    const int count = CmlTimelineLength(State);
    PlaybackState p{State.Step < 0 ? count : std::min(State.Step, count), State.Playing, State.Speed, PlayClock};
    UpdatePlayback(p, count, in);
    State.Step = p.Step >= count ? -1 : p.Step;
    State.Playing = p.Playing;
    PlayClock = p.Clock;
}

void ClassicalMlView::DrawPlayback()
{
    const int count = CmlTimelineLength(State);
    const int step = State.Step < 0 ? count : std::min(State.Step, count);
    PlaybackInput in;
    const PlaybackState shown{step, State.Playing, State.Speed, PlayClock};
    DrawPlaybackButtons(shown, in);
    ImGui::SameLine();
    FieldSlider(ClassicalMlStateSchema(), "speed", State, "", Tr("%.0f дер./с"));
    DrawPlaybackScrub(shown, count, Tr("деревьев: %d"), in);
    ApplyPlayback(in);
}

// Tabs as toggle buttons: the selection is plain state (the URL's "tab").
void ClassicalMlView::DrawTabs()
{
    const float right = ImGui::GetCursorScreenPos().x + ImGui::GetContentRegionAvail().x;
    for (int t = 0; t < static_cast<int>(CmlTab::Count); ++t) {
        const float w = ImGui::CalcTextSize(Tr(kTabNames[t])).x + ImGui::GetStyle().FramePadding.x * 2.0f;
        if (t > 0) {
            ImGui::SameLine(0.0f, 3.0f);
            if (ImGui::GetCursorScreenPos().x + w > right) ImGui::NewLine();
        }
        const bool active = State.Tab == t;
        ImGui::PushStyleColor(ImGuiCol_Button, ImGui::GetStyleColorVec4(active ? ImGuiCol_ButtonActive : ImGuiCol_FrameBg));
        if (ImGui::Button(Tr(kTabNames[t]))) State.Tab = t;
        ImGui::PopStyleColor();
    }
}

// What the widgets wrote goes through the codec's rules; removed points are forgotten when the
// generated set is a different one (their indices would name other points).
void ClassicalMlView::AfterWidgets(const ClassicalMlState& before)
{
    CmlApplyRules(State);
    if (State.Shape != before.Shape || State.Classes != before.Classes || State.PerClass != before.PerClass ||
        State.Seed != before.Seed || State.Dims != before.Dims)
        if (State.Preset == before.Preset) State.Removed.clear();
}

void ClassicalMlView::Draw(ViewContext& ctx)
{
    const CmlTab tab = static_cast<CmlTab>(std::clamp(State.Tab, 0, static_cast<int>(CmlTab::Count) - 1));
    if (tab == CmlTab::Ensemble) ApplyPlayback(PlaybackInputFromKeys(ctx));
    const CmlDeadline deadline(kCoreBudgetMs);
    switch (tab) {
    case CmlTab::Pca: Pca.Update(State); break;
    case CmlTab::Ensemble: Ensemble.Update(State, deadline); break;
    case CmlTab::Imbalance: Imbalance.Update(State, deadline); break;
    case CmlTab::Count: break;
    }
    const ClassicalMlState before = State;
    DrawTopicLayout(
        ctx, [&] { DrawCmlControls(State); },
        [&] {
            if (ctx.ShowControls) {
                DrawTabs();
                if (tab == CmlTab::Ensemble) DrawPlayback();
            }
            switch (tab) {
            case CmlTab::Pca: Pca.Draw(ctx, State); break;
            case CmlTab::Ensemble: Ensemble.Draw(ctx, State); break;
            case CmlTab::Imbalance: Imbalance.Draw(ctx, State); break;
            case CmlTab::Count: break;
            }
        },
        TopicLayout{14.0f});
    AfterWidgets(before);
}

} // namespace

std::unique_ptr<TopicView> CreateClassicalMlView()
{
    return std::make_unique<ClassicalMlView>();
}

} // namespace mlviz
