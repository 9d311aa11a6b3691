// Canny edge detection (Canny 1986) stage by stage: Gaussian blur, 3x3 Sobel gradients, L1 or L2
// magnitude, direction bins, non-maximum suppression, double threshold, and hysteresis as a
// steppable flood from the strong pixels, one frontier (8-connected ring) per step.
//
// After the blur, the edge map equals OpenCV 4.6 cv2.Canny(blurred, low, high, apertureSize=3,
// L2gradient=l2) pixel for pixel (canny.cpp, read for this): Sobel in int16 with BORDER_REPLICATE;
// magnitude |dx| + |dy| or dx^2 + dy^2 in int32, with thresholds floor(t) or floor(min(t, 32767)^2);
// low > high are swapped; the direction from the integer tangent test with TG22 = round(tan(22.5°)
// 2^15) = 13573: |dy| 2^15 < TG22 |dx| is horizontal (compare left and right), above TG22 |dx| +
// 2^16 |dx| (tan 67.5°) vertical, else diagonal by the sign of dx dy; a pixel survives NMS when
// m > low and m > (first neighbour) and m >= (second neighbour) for horizontal / vertical (first =
// left / up), m > both for diagonals; strong when also m > high. Borders: magnitudes outside the
// image count as 0 and the hysteresis never leaves the image, so pixels on the image's edge rows
// and columns CAN be edges (unlike textbook versions that blank a 1-pixel frame); the tests cover
// it. The blur is cv2.GaussianBlur for 8-bit (gauss8.h); sigma 0 means no blur.
#pragma once
#include <array>
#include <cstdint>
#include <memory>
#include <vector>

#include "core/result.h"
#include "topics/image_processing/core/planes.h"
#include "topics/image_processing/core/row_pipeline.h"

namespace mlviz {

inline constexpr double kIpMaxCannyThreshold = 100000.0;

struct CannySpec {
    double Sigma = 1.4; // Gaussian blur sigma in pixels, [0, 20]; 0 = no blur
    int BlurSize = 0;   // odd kernel size, 0 = from sigma (round(6 sigma + 1) | 1)
    double Low = 50.0;  // hysteresis thresholds on the magnitude, >= 0 (swapped when low > high)
    double High = 150.0;
    bool L2 = false; // sqrt(dx^2 + dy^2) instead of |dx| + |dy|
};

Message ValidateCanny(const CannySpec& spec);

// Direction bins by the neighbours compared along the gradient.
enum class CannyBin : std::uint8_t {
    Horizontal,   // gradient within 22.5° of the x axis: left and right
    DiagonalDown, // dx dy > 0: up-left and down-right
    Vertical,     // within 22.5° of the y axis: up and down
    DiagonalUp,   // dx dy < 0: up-right and down-left
};

// The map after NMS and the double threshold: 0 weak candidate, 1 not an edge, 2 edge (strong, or
// joined by the hysteresis), as OpenCV's map.
enum : std::uint8_t { kCannyWeak = 0, kCannyNone = 1, kCannyEdge = 2 };

struct CannyNeighbour {
    int X = 0, Y = 0; // may be outside the image (magnitude 0 there)
    std::int32_t Magnitude = 0;
    bool Strict = true;  // compared with > (true) or >= (false)
    bool Passed = false; // the centre's magnitude beat it
};

struct CannyPixelInfo {
    int Dx = 0, Dy = 0;
    std::int32_t Magnitude = 0; // |dx| + |dy| or dx^2 + dy^2
    CannyBin Bin = CannyBin::Horizontal;
    std::array<CannyNeighbour, 2> Neighbours{};
    bool LocalMax = false; // passed the two comparisons
    bool AboveLow = false, AboveHigh = false;
    std::uint8_t MapClass = kCannyNone; // after the double threshold, before the hysteresis
    int Layer = -1;                     // hysteresis frontier that made it an edge (0 = strong seed); -1 never
};

class CannyJob {
public:
    static Result<CannyJob> Start(const Plane8& src, const CannySpec& spec);

    // Advances blur, gradients and NMS by rows, then the hysteresis by popped pixels.
    void Step(long long budget_pixels = kIpStepPixels);
    void RunToEnd();
    // Finishes the row stages if needed, then grows the edges by exactly one frontier.
    // Returns false when the flood had already stopped.
    bool StepFrontier();

    bool GradientsDone() const { return Pipeline_->Done(); }
    bool Done() const;
    double Progress() const;

    const Plane8& Blurred() const { return S_->Blurred; }
    int LowInt() const { return S_->LowInt; } // the integer thresholds compared with the magnitude
    int HighInt() const { return S_->HighInt; }
    // Per-pixel results (row-major), complete once GradientsDone().
    const std::vector<std::int16_t>& Dx() const { return S_->Dx; }
    const std::vector<std::int16_t>& Dy() const { return S_->Dy; }
    const std::vector<std::int32_t>& Magnitude() const { return S_->Mag; }
    const std::vector<std::uint8_t>& Bins() const { return S_->Bins; }
    const std::vector<std::uint8_t>& LocalMax() const { return S_->LocalMax; }    // 1 = survives NMS (any m > 0)
    const std::vector<std::uint8_t>& ThresholdMap() const { return S_->Classes; } // kCanny* before hysteresis
    const std::vector<std::int32_t>& Layers() const { return S_->Layer; }         // -1 = not (yet) an edge
    int FrontiersDone() const { return S_->FrontierIndex; }
    std::size_t FrontierSize() const { return S_->Frontier.size(); }

    // 255 where an edge after `layers` frontiers (default: all done so far), else 0.
    Plane8 Edges(int layers = -1) const;
    std::size_t EdgeCount() const;
    Result<CannyPixelInfo> Explain(int x, int y) const;

private:
    struct State {
        int W = 0, H = 0;
        CannySpec Spec;
        int LowInt = 0, HighInt = 0;
        Plane8 Src, Blurred;
        std::vector<std::uint16_t> BlurTmp;
        std::vector<int> BlurKernel;
        std::vector<std::int16_t> Dx, Dy;
        std::vector<std::int32_t> Mag, Layer;
        std::vector<std::uint8_t> Bins, LocalMax, Classes, Map;
        std::vector<std::int32_t> Frontier, Next;
        std::size_t FrontierPos = 0;
        int FrontierIndex = 0; // frontiers fully expanded
        bool SeedsTaken = false;
    };
    void TakeSeeds();
    void Advance(long long budget_pixels, bool one_frontier);
    std::shared_ptr<State> S_;
    std::shared_ptr<RowPipeline> Pipeline_;
};

// The whole thing in one call.
Result<Plane8> Canny(const Plane8& src, const CannySpec& spec);

} // namespace mlviz
