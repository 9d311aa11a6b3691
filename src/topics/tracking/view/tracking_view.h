// Internal to the tracking topic's view (tracking_*.cpp): the view class and its derived data,
// split over files (the video canvas and timeline, the SORT panels, the controls).
#pragma once
#include <array>
#include <chrono>
#include <optional>
#include <vector>

#include "imgui.h"
#include "core/playback.h"
#include "topics/tracking/core/tracking_state.h"
#include "ui/topic_view_base.h"
#include "ui/tr.h"
#include "ui/view.h"

namespace mlviz {

// Video pixels -> screen, with the pointer state of this frame.
struct VideoCanvas {
    ImVec2 Min, Max;
    float Scale = 1.0f;
    bool Hovered = false, Clicked = false;
    double MouseX = 0.0, MouseY = 0.0;
    ImVec2 ToScreen(double x, double y) const
    {
        return ImVec2(Min.x + static_cast<float>(x) * Scale, Min.y + static_cast<float>(y) * Scale);
    }
};

// MOT events summed over frames 0..k of one run.
struct MotTotals {
    long Gt = 0, Matches = 0, Misses = 0, FalsePositives = 0, Switches = 0;
};

ImU32 TrackColor(int id, float alpha = 1.0f); // a stable colour per SORT output id
ImU32 TrkInk(float alpha = 1.0f);
void TrkMutedWrapped(const char* text); // a note in the muted colour, wrapped to the column

class TrackingView final : public TopicViewOf<TrackingState> {
public:
    TrackingView() : TopicViewOf(TrackingCodec()) {}
    void Draw(ViewContext& ctx) override;

private:
    void OnStateDecoded(const KeyValues& kv, std::vector<Message>& notices) override;
    void Update();
    void StartRun(int method);
    void StepRuns(std::chrono::steady_clock::time_point frame_start);
    void ApplyPlayback(const PlaybackInput& in);
    void DrawPlayback();
    void DrawPictures(ViewContext& ctx);
    const TrackingRun* Shown() const; // the run of the selected method, if it exists
    bool FrameReady() const;          // the shown run has tracked the shown frame

    // tracking_view_controls.cpp
    void DrawControls();

    // tracking_view_canvas.cpp
    void DrawVideo(ImVec2 size);
    void DrawTimeline(float width);

    // tracking_view_panels.cpp
    void DrawStageText();
    void DrawCostTable(float height);
    void DrawKalmanPanel();
    void DrawMetrics();

    // Derived data: both associations run on the same video, so the toggle shows the
    // difference at once; each run is sliced over frames.
    TrackingState BuiltFor;
    bool Built = false;
    std::optional<TrackingRun> Runs[2]; // [Association]
    bool Pending[2] = {false, false};   // to be started (each Start simulates the video: ~1 ms at most)
    Message Error;
    int FrameFor = -1; // the frame the data below is for
    int FrameMethod = -1;
    SimFrame Frame;
    MotTotals Upto; // the shown run's events up to the shown frame
    double PlayClock = 0.0;
};

} // namespace mlviz
