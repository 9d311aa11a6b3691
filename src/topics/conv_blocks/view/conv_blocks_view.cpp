// CNN building blocks (q41, 38, 45, 53, 56, 27): six tabs over the conv_blocks cores and the nn
// core. Each frame: the current tab's core is brought up to date (only when its inputs changed),
// its job advances by one slice (the gradient check, the SE training), the playback keys move the
// step (conv: the cell being computed; conv3d: the output frame), then everything is drawn.
#include <algorithm>

#include "imgui.h"
#include "topics/conv_blocks/view/conv_blocks_view.h"
#include "topics/views.h"
#include "ui/controls.h"
#include "ui/playback_bar.h"
#include "ui/topic_layout.h"
#include "ui/topic_view_base.h"
#include "ui/tr.h"

namespace mlviz {

namespace {

// Russian keys, translated where drawn.
constexpr const char* kTabNames[] = {
    MLVIZ_TR_KEY("Свёртка: вперёд и назад"), MLVIZ_TR_KEY("3D-свёртка"), MLVIZ_TR_KEY("Inception и 1×1"),
    MLVIZ_TR_KEY("Squeeze-and-Excitation"),  MLVIZ_TR_KEY("SPP"),        MLVIZ_TR_KEY("EfficientNet")};
constexpr int kTabs = static_cast<int>(ConvBlocksTab::Count);

class ConvBlocksView final : public TopicViewOf<ConvBlocksState> {
public:
    ConvBlocksView() : TopicViewOf(ConvBlocksCodec()) {}
    void Draw(ViewContext& ctx) override;

private:
    void OnStateDecoded(const KeyValues&, std::vector<Message>&) override
    {
        ShownTab = State.Tab;
        PlayClock = 0.0;
    }
    ConvBlocksTab Tab() const { return static_cast<ConvBlocksTab>(std::clamp(State.Tab, 0, kTabs - 1)); }
    void Update(ViewContext& ctx);
    int TimelineCount() const;
    void ApplyPlayback(const PlaybackInput& in);
    void DrawPlayback();
    void DrawControls();
    void DrawPictures(ViewContext& ctx);

    ConvPanel Conv;
    Conv3dPanel Conv3d;
    InceptionPanel Inception;
    SePanel Se;
    SppPanel Spp;
    EfficientNetPanel EffNet;
    int ShownTab = 0;
    double PlayClock = 0.0;
};

void ConvBlocksView::Update(ViewContext& ctx)
{
    FixConvBlocksState(State);
    if (State.Tab != ShownTab) { // a step means something else in every tab
        ShownTab = State.Tab;
        State.Step = -1;
        State.Playing = false;
    }
    switch (Tab()) {
    case ConvBlocksTab::Conv: Conv.Update(State); break;
    case ConvBlocksTab::Conv3d: Conv3d.Update(State); break;
    case ConvBlocksTab::Inception: Inception.Update(State); break;
    case ConvBlocksTab::Se: Se.Update(ctx, State); break;
    case ConvBlocksTab::Spp: Spp.Update(State); break;
    case ConvBlocksTab::EfficientNet: EffNet.Update(State); break;
    default: break;
    }
    const int count = TimelineCount();
    if (State.Step >= count) State.Step = -1; // the end: one encoding for it
}

int ConvBlocksView::TimelineCount() const
{
    switch (Tab()) {
    case ConvBlocksTab::Conv: return Conv.TimelineCount(State);
    case ConvBlocksTab::Conv3d: return Conv3d.TimelineCount();
    default: return 0;
    }
}

void ConvBlocksView::ApplyPlayback(const PlaybackInput& in)
{
    const int count = TimelineCount();
    PlaybackState p{State.Step < 0 ? count : std::min(State.Step, count), State.Playing, State.Speed, PlayClock};
    UpdatePlayback(p, count, in);
    State.Step = p.Step >= count ? -1 : p.Step;
    State.Playing = p.Playing;
    PlayClock = p.Clock;
}

void ConvBlocksView::DrawPlayback()
{
    const int count = TimelineCount();
    if (count <= 0) return;
    const int step = State.Step < 0 ? count : std::min(State.Step, count);
    PlaybackInput in;
    const PlaybackState shown{step, State.Playing, State.Speed, PlayClock};
    DrawPlaybackButtons(shown, in);
    DrawPlaybackScrub(shown, count, Tab() == ConvBlocksTab::Conv ? Tr("клетка %d") : Tr("кадр %d"), in);
    FieldSlider(ConvBlocksStateSchema(), "speed", State, "", Tr("скорость %.1f шаг/с"));
    ApplyPlayback(in);
}

void ConvBlocksView::DrawControls()
{
    ImGui::PushTextWrapPos(0.0f);
    switch (Tab()) {
    case ConvBlocksTab::Conv: Conv.DrawControls(State); break;
    case ConvBlocksTab::Conv3d: Conv3d.DrawControls(State); break;
    case ConvBlocksTab::Inception: Inception.DrawControls(State); break;
    case ConvBlocksTab::Se: Se.DrawControls(State); break;
    case ConvBlocksTab::Spp: Spp.DrawControls(State); break;
    case ConvBlocksTab::EfficientNet: EffNet.DrawControls(State); break;
    default: break;
    }
    if (TimelineCount() > 0) {
        ImGui::SeparatorText(Tr("Шаги"));
        DrawPlayback();
    }
    ImGui::Spacing();
    if (ImGui::Button(Tr("Сбросить всё"))) {
        const int tab = State.Tab;
        State = ConvBlocksState();
        State.Tab = tab;
    }
    ImGui::PopTextWrapPos();
    FixConvBlocksState(State); // whatever the widgets wrote
}

void ConvBlocksView::DrawPictures(ViewContext& ctx)
{
    if (ctx.ShowControls) DrawTabButtons(State.Tab, kTabNames, kTabs);
    // The controls and the tab buttons may have changed the state this frame: the pictures are
    // drawn from models of the state they show (each panel rebuilds only what changed).
    Update(ctx);
    switch (Tab()) {
    case ConvBlocksTab::Conv: Conv.Draw(ctx, State); break;
    case ConvBlocksTab::Conv3d: Conv3d.Draw(ctx, State); break;
    case ConvBlocksTab::Inception: Inception.Draw(ctx, State); break;
    case ConvBlocksTab::Se: Se.Draw(ctx, State); break;
    case ConvBlocksTab::Spp: Spp.Draw(ctx, State); break;
    case ConvBlocksTab::EfficientNet: EffNet.Draw(ctx, State); break;
    default: break;
    }
}

void ConvBlocksView::Draw(ViewContext& ctx)
{
    Update(ctx);
    if (Tab() == ConvBlocksTab::Conv)
        Conv.Advance(); // the finite-difference check, a slice
    else if (Tab() == ConvBlocksTab::Se)
        Se.Advance(); // the training, a slice
    ApplyPlayback(PlaybackInputFromKeys(ctx));
    DrawTopicLayout(
        ctx, [&] { DrawControls(); }, [&] { DrawPictures(ctx); });
}

} // namespace

std::unique_ptr<TopicView> CreateConvBlocksView()
{
    return std::make_unique<ConvBlocksView>();
}

} // namespace mlviz
