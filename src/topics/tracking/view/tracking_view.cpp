// Object tracking with SORT (q21): a simulated video with a noisy detector, tracked one frame
// at a time with every stage visible (Kalman predict with its covariance, the IoU cost matrix,
// the assignment and its gate, birth and death), the greedy matcher beside the Hungarian one,
// and MOTA / IDF1 over the sequence. Canvas: tracking_view_canvas.cpp; panels:
// tracking_view_panels.cpp.
#include <algorithm>
#include <cfloat>
#include <chrono>
#include <cmath>
#include <cstdio>

#include "topics/tracking/view/tracking_view.h"
#include "topics/views.h"
#include "ui/controls.h"
#include "ui/playback_bar.h"
#include "ui/theme.h"
#include "ui/topic_layout.h"

namespace mlviz {

ImU32 TrackColor(int id, float alpha)
{
    const float h = std::fmod(0.13f + 0.618034f * static_cast<float>(id), 1.0f);
    const float v = CurrentTheme() == Theme::Light ? 0.72f : 0.95f;
    const ImColor c = ImColor::HSV(h, 0.75f, v, alpha);
    return static_cast<ImU32>(c);
}

ImU32 TrkInk(float alpha)
{
    return ImGui::GetColorU32(ImGuiCol_Text, alpha);
}

void TrkMutedWrapped(const char* text)
{
    ImGui::PushStyleColor(ImGuiCol_Text, ImGui::GetStyleColorVec4(ImGuiCol_TextDisabled));
    ImGui::TextWrapped("%s", text);
    ImGui::PopStyleColor();
}

void TrackingView::OnStateDecoded(const KeyValues&, std::vector<Message>&)
{
    Built = false;
    PlayClock = 0.0;
    Update();
}

// The video and both runs restart when what they depend on changes; the frame shown is clamped.
void TrackingView::Update()
{
    ClampState();
    State.Step = std::min(State.Step, State.Frames - 1); // the codec's cross-field rule, after the widgets
    if (!Built || !SameTrackingRuns(State, BuiltFor)) {
        Error = {};
        for (int m = 0; m < 2; ++m) {
            Runs[m].reset();
            Pending[m] = true; // started by StepRuns, within the frame's budget
        }
        FrameFor = -1;
    }
    BuiltFor = State;
    Built = true;
}

void TrackingView::StartRun(int method)
{
    Pending[method] = false;
    auto run = TrackingRun::Start(TrackingSimFor(State), SortParamsFor(State, static_cast<Association>(method)), State.MetricIou);
    if (run)
        Runs[method].emplace(std::move(*run));
    else
        Error = run.Error();
}

// The shown run starts at once; then the other one's start and SORT on both runs, the shown one
// first, until 1.5 ms of the frame are spent.
void TrackingView::StepRuns(std::chrono::steady_clock::time_point frame_start)
{
    const int first = std::clamp(State.Method, 0, 1);
    if (Pending[first]) StartRun(first);
    for (int guard = 0; guard < 4096 && std::chrono::steady_clock::now() - frame_start < std::chrono::microseconds(1500);
         ++guard) {
        if (Pending[1 - first]) {
            StartRun(1 - first);
            continue;
        }
        TrackingRun* next = nullptr;
        for (int m : {first, 1 - first})
            if (Runs[m] && !Runs[m]->Done()) {
                next = &*Runs[m];
                break;
            }
        if (!next) break;
        next->Step(1);
    }
    // The frame's data: redone when the frame, the method or the run's progress over it changes.
    const int k = State.Step;
    const TrackingRun* run = Shown();
    const bool ready = FrameReady();
    if (run && (k != FrameFor || State.Method != FrameMethod)) {
        Frame = run->Video().Frame(k);
        Upto = {};
        if (ready)
            for (int f = 0; f <= k; ++f) {
                const MotFrameEvents& e = run->Events(f);
                Upto.Gt += static_cast<long>(e.Matches.size() + e.Misses.size());
                Upto.Matches += static_cast<long>(e.Matches.size());
                Upto.Misses += static_cast<long>(e.Misses.size());
                Upto.FalsePositives += static_cast<long>(e.FalsePositives.size());
                Upto.Switches += static_cast<long>(e.Switches.size());
            }
        FrameFor = ready ? k : -1; // not ready: try again next frame
        FrameMethod = State.Method;
    }
}

const TrackingRun* TrackingView::Shown() const
{
    const auto& r = Runs[std::clamp(State.Method, 0, 1)];
    return r ? &*r : nullptr;
}

bool TrackingView::FrameReady() const
{
    const TrackingRun* run = Shown();
    return run && State.Step < run->FramesDone();
}

// Keys, buttons, the scrub slider and the clock all go through core/playback.h; steps are frames.
void TrackingView::ApplyPlayback(const PlaybackInput& in)
{
    const int count = State.Frames - 1;
    PlaybackState p{State.Step, State.Playing, State.PlaySpeed, PlayClock};
    UpdatePlayback(p, count, in);
    State.Step = p.Step;
    State.Playing = p.Playing;
    PlayClock = p.Clock;
}

void TrackingView::DrawPlayback()
{
    PlaybackInput in;
    const PlaybackState shown{State.Step, State.Playing, State.PlaySpeed, PlayClock};
    DrawPlaybackButtons(shown, in);
    DrawPlaybackScrub(shown, State.Frames - 1, Tr("кадр %d"), in);
    FieldSlider(TrackingStateSchema(), "fps", State, "", Tr("скорость %.0f кадр/с"));
    ApplyPlayback(in);
}

void TrackingView::DrawPictures(ViewContext& ctx)
{
    if (!Error.Empty()) {
        ImGui::TextColored(ImVec4(1.0f, 0.45f, 0.35f, 1.0f), "%s", Tr(Error).c_str());
        return;
    }
    const TrackingRun* run = Shown();
    if (!run) return;
    if (ctx.ShowControls) DrawPlayback();
    if (!run->Done()) {
        char buf[128];
        std::snprintf(buf, sizeof buf, Tr("SORT: кадр %d из %d"), run->FramesDone(), run->Video().Frames());
        ImGui::ProgressBar(static_cast<float>(run->Progress()), ImVec2(-1.0f, 0.0f), buf);
    }
    DrawStageText();
    const ImVec2 avail = ImGui::GetContentRegionAvail();
    const float line = ImGui::GetTextLineHeightWithSpacing(), spacing = ImGui::GetStyle().ItemSpacing.x;
    const bool row = avail.x >= ImGui::GetFontSize() * 44.0f;
    float w = row ? avail.x * 0.58f : avail.x;
    // Without controls (an embed) the figure is one screen: the timeline, the metrics table and the MOTA / IDF1 lines fit under the video.
    const float fit_h = ctx.ShowControls ? FLT_MAX : std::max(line * 6.0f, avail.y - line * 9.0f);
    w = std::min(w, fit_h * kTrackingImageW / kTrackingImageH);
    const float h = w * kTrackingImageH / kTrackingImageW;
    ImGui::BeginGroup();
    DrawVideo(ImVec2(w, h));
    DrawTimeline(w);
    ImGui::EndGroup();
    if (row) {
        ImGui::SameLine(0.0f, spacing);
        ImGui::BeginGroup();
        DrawCostTable(h * 0.55f);
        DrawKalmanPanel();
        ImGui::EndGroup();
    } else {
        DrawCostTable(line * 8.0f);
        DrawKalmanPanel();
    }
    DrawMetrics();
}

// Update, then draw: the keys and the clock move the frame, the runs advance by a slice, then
// everything is drawn; what the widgets change is read by the next frame's update.
void TrackingView::Draw(ViewContext& ctx)
{
    const auto frame_start = std::chrono::steady_clock::now();
    Update();
    ApplyPlayback(PlaybackInputFromKeys(ctx));
    StepRuns(frame_start);
    DrawTopicLayout(
        ctx, [&] { DrawControls(); }, [&] { DrawPictures(ctx); }, TopicLayout{14.0f});
}

std::unique_ptr<TopicView> CreateTrackingView()
{
    return std::make_unique<TrackingView>();
}

} // namespace mlviz
