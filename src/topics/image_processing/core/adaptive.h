// Adaptive (local) thresholding, bit for bit as OpenCV 4.6 cv2.adaptiveThreshold(src, 255, method,
// THRESH_BINARY or THRESH_BINARY_INV, block_size, C) on an 8-bit plane, as a sliceable job.
//
// The local mean is an 8-bit plane, BORDER_REPLICATE (ISOLATED) on the image edge:
//   Mean:     cv2.boxFilter(normalize=True) in integers; blocks up to 15 divide by block^2 with
//             OpenCV's fixed-point reciprocal ((s + d) * m >> 23), larger ones round s * (float)(1 /
//             block^2) to nearest even in float (its SIMD path; the scalar tail uses double, which
//             agrees for blocks below 129, see the tests);
//   Gaussian: cv2.GaussianBlur on float32 with sigma 0 (cv2.getGaussianKernel(block, 0) in float),
//             then rounded to nearest even.
// A pixel is foreground (255) when src > mean - ceil(C) (BINARY), or src <= mean - floor(C) (INV),
// as OpenCV's table tab[src - mean + 255].
#pragma once
#include <memory>
#include <string_view>

#include "core/result.h"
#include "topics/image_processing/core/planes.h"
#include "topics/image_processing/core/row_pipeline.h"

namespace mlviz {

enum class AdaptiveMethod { Mean, Gaussian, Count };
std::string_view AdaptiveMethodName(AdaptiveMethod m); // "mean", "gaussian"
bool AdaptiveMethodFromName(std::string_view name, AdaptiveMethod* out);

inline constexpr int kIpMaxBlockSize = 255;

struct AdaptiveSpec {
    AdaptiveMethod Method = AdaptiveMethod::Mean;
    int BlockSize = 11;  // odd, 3..255
    double C = 2.0;      // subtracted from the mean; |C| <= 255
    bool Invert = false; // THRESH_BINARY_INV
};

Message ValidateAdaptive(const AdaptiveSpec& spec);

class AdaptiveJob {
public:
    static Result<AdaptiveJob> Start(const Plane8& src, const AdaptiveSpec& spec);
    void Step(long long budget_pixels = kIpStepPixels) { Pipeline_->Step(budget_pixels); }
    bool Done() const { return Pipeline_->Done(); }
    double Progress() const { return Pipeline_->Progress(); }
    const Plane8& Mean() const { return State_->Mean; }  // the local mean (8-bit), when Done()
    const Plane8& Output() const { return State_->Out; } // 0 / 255, when Done()
    int IntegerDelta() const { return State_->Delta; }   // ceil(C) for BINARY, floor(C) for INV

private:
    struct State {
        Plane8 Src, Mean, Out;
        std::vector<std::int32_t> RowSums;
        std::vector<float> RowF;
        std::vector<float> KernelF;
        AdaptiveSpec Spec;
        int Delta = 0;
    };
    std::shared_ptr<State> State_;
    std::shared_ptr<RowPipeline> Pipeline_;
};

struct AdaptiveResult {
    Plane8 Mean, Binary;
};
Result<AdaptiveResult> AdaptiveThreshold(const Plane8& src, const AdaptiveSpec& spec);

} // namespace mlviz
