// Classical detectors view, shared by its files: the view class (state, loaded photo and cascade,
// the three tabs' derived data) and a small image canvas (photo pixels <-> screen).
#pragma once
#include <chrono>
#include <cstdint>
#include <memory>
#include <optional>
#include <string>
#include <vector>

#include "core/image.h"
#include "core/playback.h"
#include "imgui.h"
#include "topics/classical_detectors/core/cascade_detect.h"
#include "topics/classical_detectors/core/classical_detectors_state.h"
#include "topics/classical_detectors/core/compare.h"
#include "topics/classical_detectors/core/integral.h"
#include "ui/topic_view_base.h"

namespace mlviz {

// An image of w x h pixels fitted into a screen rectangle, aspect kept.
struct CdCanvas {
    ImVec2 Min, Max;    // the image on screen
    float Scale = 1.0f; // screen units per image pixel
    ImVec2 At(double x, double y) const
    {
        return ImVec2(Min.x + static_cast<float>(x) * Scale, Min.y + static_cast<float>(y) * Scale);
    }
    ImVec2 ToImage(ImVec2 p) const { return ImVec2((p.x - Min.x) / Scale, (p.y - Min.y) / Scale); }
    bool Contains(ImVec2 p) const { return p.x >= Min.x && p.y >= Min.y && p.x < Max.x && p.y < Max.y; }
};
CdCanvas FitCanvas(ImVec2 origin, ImVec2 avail, int w, int h);

// Runs job.Step(unit) until the job is done or `ms` milliseconds have passed (heavy work spread
// over frames whatever the machine's speed).
template <typename Job>
void StepFor(Job& job, double ms, long long unit)
{
    const auto t0 = std::chrono::steady_clock::now();
    do {
        job.Step(unit);
    } while (!job.Done() && std::chrono::duration<double, std::milli>(std::chrono::steady_clock::now() - t0).count() < ms);
}

inline constexpr double kCdSliceMs = 1.0;

// A progress bar with a caption (the work of the current tab).
void CdProgress(double fraction, const char* what);
// A muted hint wrapped inside the current column (the Russian texts are long).
void CdHint(const char* text);
// Text wrap position (window-local) for a screen x.
float CdWrapAt(float screen_x);
// Text in a colour that reads in both themes.
ImU32 CdGood(float alpha = 1.0f);
ImU32 CdBad(float alpha = 1.0f);

class ClassicalDetectorsView final : public TopicViewOf<ClassicalDetectorsState> {
public:
    ClassicalDetectorsView() : TopicViewOf(ClassicalDetectorsCodec()) {}
    void Draw(ViewContext& ctx) override;
    bool OnFileDropped(std::string_view name, std::string_view bytes, std::string& error) override;

private:
    void OnStateDecoded(const KeyValues& kv, std::vector<Message>& notices) override;
    bool LoadPhoto(ViewContext& ctx); // true once the photo is decoded
    void DrawControls();
    void DrawTabs();
    void PlayIntegral(const PlaybackInput& in);

    // Integral tab (cd_integral_view.cpp).
    void UpdateIntegral();
    void DrawIntegralControls();
    void DrawIntegral(ViewContext& ctx);
    void DrawSmallTables(ImVec2 size);
    void DrawHaarPhoto(ViewContext& ctx, ImVec2 size);
    // Cascade tab (cd_cascade_view.cpp).
    void UpdateCascade(ViewContext& ctx);
    void DrawCascadeControls();
    void DrawCascade(ViewContext& ctx);
    void DrawFunnel(ImVec2 size);
    // Keypoints tab (cd_keypoints_view.cpp).
    void UpdateKeypoints();
    void DrawKeypointsControls();
    void DrawKeypoints(ViewContext& ctx);
    void DrawKeypointTable();

    // The photo (a sample or the learner's own) in colour and in grey (cv2 COLOR_BGR2GRAY).
    Image Rgba;
    GreyImage Grey;
    std::uint64_t PhotoVersion = 0;
    int LoadedPhoto = -1;   // CdPhoto decoded, -1 none
    bool UserPhoto = false; // the dropped image replaces the sample
    std::string UserName, PhotoError;
    int PhotoSlot = -1, OverlaySlot = -1, GreySlot = -1, WarpSlot = -1;
    double PlayClock = 0.0;

    // Integral tab.
    GreyImage Small;
    std::optional<IntegralStepper> Stepper;
    IntegralImage SmallIntegral, PhotoIntegral;
    std::uint64_t IntegralFor = 0;
    std::vector<float> HaarMap;
    int HaarMapW = 0, HaarMapH = 0, HaarRows = 0;
    bool HaarResizing = false;             // the drag on the photo began at the feature's corner handle
    int HaarFor[5] = {-1, -1, -1, -1, -1}; // kind, cw, ch, normalised, photo version
    Image HaarOverlay;
    std::uint64_t HaarVersion = 0;
    float HaarLo = 0.0f, HaarHi = 0.0f;
    bool Dragging = false;

    // Cascade tab.
    std::shared_ptr<const HaarCascade> Cascade;
    std::string CascadeError;
    std::optional<CascadeDetectJob> Detect;
    std::uint64_t DetectPhoto = 0;
    double DetectScale = 0.0;
    int GroupedWith = -1;
    Image StageOverlay;
    int StageOverlayLevel = -1;
    std::uint64_t StageVersion = 0;

    // Keypoints tab.
    std::optional<CompareJob> Compare, Finished; // running, last finished
    std::uint64_t ComparePhoto = 0;
    CompareOptions CompareFor;
    Image WarpRgba, GreyRgba;
    std::uint64_t WarpVersion = 0;
    std::string CompareError;
};

} // namespace mlviz
