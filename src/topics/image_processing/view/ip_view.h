// Internal to the image-processing view (ip_view*.cpp): the view class, its derived data, and the
// drawing helpers the tabs share (textures, image canvases, colours).
#pragma once
#include <array>
#include <chrono>
#include <cstdint>
#include <memory>
#include <optional>
#include <string>
#include <vector>

#include "core/image.h"
#include "core/playback.h"
#include "imgui.h"
#include "topics/image_processing/core/adaptive.h"
#include "topics/image_processing/core/augment_job.h"
#include "topics/image_processing/core/canny.h"
#include "topics/image_processing/core/convolve.h"
#include "topics/image_processing/core/image_processing_state.h"
#include "topics/image_processing/core/otsu.h"
#include "ui/topic_view_base.h"
#include "ui/view.h"

namespace mlviz {

// An RGBA image shown through ctx.Images, re-uploaded only when Set() changed it.
struct ShownImage {
    Image Rgba;
    std::uint64_t Version = 0;
    int Slot = -1;
    void Set(Image img)
    {
        Rgba = std::move(img);
        ++Version;
    }
    void Clear() { Set(Image{}); }
    bool Empty() const { return Rgba.Width <= 0 || Rgba.Height <= 0; }
    ImTextureID Texture(ViewContext& ctx, bool smooth);
};

// An image on screen: image pixels -> screen, the pointer over it this frame.
struct ImageCanvas {
    ImVec2 Min, Max;
    float Scale = 1.0f; // screen units per image pixel
    bool Hovered = false, Clicked = false;
    int HoverX = -1, HoverY = -1; // the pixel under the pointer
    ImVec2 ToScreen(double x, double y) const
    {
        return ImVec2(Min.x + static_cast<float>(x) * Scale, Min.y + static_cast<float>(y) * Scale);
    }
};

// Draws `img` fitted into max_w x max_h (never above 4x its size), with a border; hover and click.
ImageCanvas DrawImageCanvas(ViewContext& ctx, const char* id, ShownImage& img, float max_w, float max_h);
// A caption line of at most `width`, cut with "…" when longer.
void CaptionText(const char* text, float width);
// An outline of pixel (x, y) (or of a w x h block from it) on a canvas.
void OutlinePixels(const ImageCanvas& c, int x, int y, int w, int h, ImU32 color, float thickness = 1.5f);
// Theme-aware colours: red/green for yes/no marks, an accent for markers drawn over images.
ImU32 IpGoodColor();
ImU32 IpBadColor();
ImVec4 IpWarnTextColor();
// Colour of class label `k` (1..), for boxes and mask overlays.
ImU32 IpLabelColor(int k, float alpha = 1.0f);

// The colours of the four Canny direction sectors (CannyBin order).
const std::array<ImU32, 4>& CannyBinColors();

// Display images built from planes.
Image GrayRgba(const Plane8& g);
Image SignedRgba(const PlaneF& p, float scale);  // diverging: blue < 0 < red, |v| = scale saturates
Image ClippedRgba(const PlaneF& p);              // round and clip to 0..255, as cv2's saturate_cast
Image MaskRgba(const Plane8& mask, float alpha); // label colours, transparent where 0

// A wall-clock budget for this frame's core work (jobs step in slices until it is spent).
struct FrameBudget {
    std::chrono::steady_clock::time_point End;
    explicit FrameBudget(double ms)
        : End(std::chrono::steady_clock::now() + std::chrono::microseconds(static_cast<long long>(ms * 1000.0)))
    {
    }
    bool Left() const { return std::chrono::steady_clock::now() < End; }
};
template <typename Job>
void AdvanceJob(Job& job, const FrameBudget& budget)
{
    while (!job.Done() && budget.Left()) job.Step(1 << 16);
}

// The image every tab works on.
struct IpSource {
    IpImage Kind = IpImage::Count;
    std::uint64_t Version = 0; // bumps whenever Rgba/Gray change
    Image Rgba;
    Plane8 Gray;
    Plane8 Ink;   // the synthetic page's ground truth (1 = ink), else empty
    PlaneF GrayF; // Gray as floats, for the convolution read-out
    bool Ready() const { return !Gray.Empty(); }
};

class ImageProcessingView final : public TopicViewOf<ImageProcessingState> {
public:
    ImageProcessingView() : TopicViewOf(ImageProcessingCodec()) {}
    void Draw(ViewContext& ctx) override;
    bool OnFileDropped(std::string_view name, std::string_view bytes, std::string& error) override;

private:
    void OnStateDecoded(const KeyValues& kv, std::vector<Message>& notices) override;
    // ip_view.cpp: the source image, tabs, shared controls.
    void UpdateSource(ViewContext& ctx);
    const Image* Photo(ViewContext& ctx, IpImage kind, std::string* status);
    void DrawControls();
    void DrawPictures(ViewContext& ctx);
    void DrawTabButtons();
    bool DrawSourceStatus(); // false: nothing to draw yet (loading, failed, no user image)
    void PinPixel(const ImageCanvas& c);
    bool Pinned(int* x, int* y) const; // the pinned pixel, when inside the image

    // ip_view_kernels.cpp
    void UpdateKernels(const FrameBudget& budget);
    void DrawKernelControls();
    void DrawKernels(ViewContext& ctx);
    void DrawKernelBreakdown(int x, int y, float width);

    // ip_view_otsu.cpp
    void UpdateOtsu(const FrameBudget& budget);
    void DrawOtsuControls();
    void DrawOtsu(ViewContext& ctx);
    void DrawHistogram(float width, float height);

    // ip_view_canny.cpp, ip_view_canny_readout.cpp
    void UpdateCanny(const FrameBudget& budget);
    bool CannyStale() const;
    void StartCanny();
    bool FinishCanny(); // runs the Canny job to the end (on a playback key); false without a source
    void CountLayers();
    void BuildStageImage(IpCannyStage stage);
    void ApplyPlayback(const PlaybackInput& in);
    void DrawCannyControls();
    void DrawCanny(ViewContext& ctx);
    void DrawCannyPlayback();
    void DrawCannyReadout(int x, int y, float width);
    void DrawCannyPatch(int x, int y, float size, const CannyPixelInfo& info);
    int CannySteps() const { return CannyMaxLayer; }

    // ip_view_augment.cpp
    void UpdateAugment(ViewContext& ctx, const FrameBudget& budget);
    void DrawAugmentControls();
    void DrawAugment(ViewContext& ctx);
    void DrawAugmented(const ImageCanvas& c, const AugResult* r, bool original);
    std::string AugmentParamsText(const AugResult& r) const;

    IpSource Src;
    std::string SrcStatus; // loading / failed / drop prompt, already translated
    bool SrcLoading = false;
    std::array<std::optional<Image>, 3> Photos; // decoded photos, kept once loaded
    std::array<std::string, 3> PhotoErrors;
    std::uint64_t SourceCounter = 0; // Src.Version of the next image (never reused)
    Image UserImage;
    std::uint64_t UserVersion = 0, SrcUserVersion = 0;
    std::string UserName;
    std::string DropNotice; // the last dropped file's outcome
    double SrcLight = -1.0, SrcNoise = -1.0;

    // Kernels.
    ShownImage GrayShown, KernelOut;
    std::optional<ConvolveJob> Conv;
    FilterKernel Kernel;
    Message KernelError;
    IpKernelState KernelFor;
    std::uint64_t KernelSrc = 0;
    bool KernelSigned = false;
    float KernelScale = 1.0f;
    double OutMin = 0.0, OutMax = 0.0;

    // Otsu and adaptive thresholds.
    std::uint64_t OtsuSrc = 0;
    Histogram256 Hist{};
    std::optional<OtsuResult> OtsuRes;
    ShownImage OtsuShown, ManualShown, AdaptiveShown;
    int ManualFor = -1;
    std::optional<AdaptiveJob> Adaptive;
    IpOtsuState AdaptiveFor;
    std::uint64_t AdaptiveSrc = 0;
    bool AdaptiveBuilt = false;
    double IouOtsu = -1.0, IouManual = -1.0, IouAdaptive = -1.0;

    // Canny.
    std::optional<CannyJob> CannyRun;
    Message CannyError;
    IpCannyState CannyFor;
    std::uint64_t CannySrc = 0;
    std::array<ShownImage, static_cast<int>(IpCannyStage::Count)> CannyStages;
    std::array<bool, static_cast<int>(IpCannyStage::Count)> StageBuilt{};
    int HystShownStep = -2;
    bool LayersCounted = false;
    int CannyMaxLayer = 0;
    std::vector<int> LayerCounts; // pixels joined per frontier
    double PlayClock = 0.0;
    int MagnitudeMax = 1;

    // Augmentation.
    std::shared_ptr<AugSample> AugA, AugB, ThumbA, ThumbB;
    std::uint64_t AugSrcFor = 0;
    int AugPartner = -1;
    std::string AugPartnerStatus;
    std::optional<AugmentJob> AugRun;
    std::optional<AugmentGridJob> Grid;
    IpAugState AugFor, GridFor;
    std::uint64_t AugRunSrc = 0, GridSrc = 0;
    ShownImage AugOriginal, AugOriginalMask, AugResultShown, AugResultMask;
    std::array<ShownImage, kIpGridDraws> GridShown, GridMasks;
    std::size_t GridShownCount = 0;
    bool AugResultBuilt = false;
    Message AugError;
};

} // namespace mlviz
