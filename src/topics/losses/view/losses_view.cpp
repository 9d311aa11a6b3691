// Losses (q71, q61, q28, q46, q30): softmax + cross-entropy with its gradient, naive vs log-sum-exp, sigmoid + MSE
// and BCE vs CE; loss and gradient curves against p_t; two losses trained side by side on an imbalanced toy
// segmentation. Update, then draw through DrawTopicLayout; each tab's pieces in losses_*_view.cpp.
#include <algorithm>

#include "imgui.h"
#include "topics/losses/view/losses_view.h"
#include "topics/views.h"
#include "ui/controls.h"
#include "ui/topic_layout.h"
#include "ui/topic_view_base.h"
#include "ui/tr.h"

namespace mlviz {

namespace {

// Training's share of a frame: the frame targets (median <= 2 ms, p95 <= 4 ms) include ImGui's own work.
constexpr double kTrainBudgetMs = 1.0;
// Russian keys, translated where drawn.
constexpr const char* kTabLabels[] = {MLVIZ_TR_KEY("Softmax и CE"), MLVIZ_TR_KEY("Кривые потерь"),
                                      MLVIZ_TR_KEY("Обучение при дисбалансе")};

class LossesView final : public TopicViewOf<LossesState> {
public:
    LossesView() : TopicViewOf(LossesCodec()) {}

    void Draw(ViewContext& ctx) override
    {
        ClampLossesState(State);
        if (State.Tab == static_cast<int>(LossesTab::Train)) Train.Update(ctx, State, kTrainBudgetMs);
        DrawTopicLayout(
            ctx, [&] { DrawControls(); }, [&] { DrawPictures(ctx); }, TopicLayout{14.0f});
    }

private:
    void OnStateDecoded(const KeyValues&, std::vector<Message>&) override
    {
        Softmax.Invalidate();
        Curves.Invalidate();
        Train.Invalidate();
    }

    void DrawControls()
    {
        ImGui::PushTextWrapPos(0.0f);
        switch (static_cast<LossesTab>(State.Tab)) {
        case LossesTab::Softmax: Softmax.Controls(State); break;
        case LossesTab::Curves: Curves.Controls(State); break;
        case LossesTab::Train: Train.Controls(State); break;
        case LossesTab::Count: break;
        }
        ImGui::Spacing();
        if (ImGui::Button(Tr("Сбросить всё"))) {
            const int tab = State.Tab;
            State = LossesState{};
            State.Tab = tab;
        }
        ImGui::PopTextWrapPos();
        ClampLossesState(State); // whatever the widgets wrote (Ctrl+click lets a slider leave its range)
    }

    // Tabs as toggle buttons (plain state: in the URL, and a figure renders in one frame).
    void DrawTabs()
    {
        const float right = ImGui::GetCursorScreenPos().x + ImGui::GetContentRegionAvail().x;
        for (int t = 0; t < static_cast<int>(LossesTab::Count); ++t) {
            const char* label = Tr(kTabLabels[t]);
            const float w = ImGui::CalcTextSize(label).x + ImGui::GetStyle().FramePadding.x * 2.0f;
            if (t > 0) {
                ImGui::SameLine(0.0f, 3.0f);
                if (ImGui::GetCursorScreenPos().x + w > right) ImGui::NewLine();
            }
            const bool active = State.Tab == t;
            ImGui::PushStyleColor(ImGuiCol_Button, ImGui::GetStyleColorVec4(active ? ImGuiCol_ButtonActive : ImGuiCol_FrameBg));
            if (ImGui::Button(label)) State.Tab = t;
            ImGui::PopStyleColor();
        }
        ImGui::Separator();
    }

    void DrawPictures(const ViewContext& ctx)
    {
        if (ctx.ShowControls) DrawTabs();
        switch (static_cast<LossesTab>(State.Tab)) {
        case LossesTab::Softmax: Softmax.Pictures(ctx, State); break;
        case LossesTab::Curves: Curves.Pictures(ctx, State); break;
        case LossesTab::Train: Train.Pictures(ctx, State); break;
        case LossesTab::Count: break;
        }
    }

    LossesSoftmaxTab Softmax;
    LossesCurvesTab Curves;
    LossesTrainTab Train;
};

} // namespace

std::unique_ptr<TopicView> CreateLossesView()
{
    return std::make_unique<LossesView>();
}

} // namespace mlviz
