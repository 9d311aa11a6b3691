// 2-D convolution of a grey plane by a kernel (kernels.h) with a border mode (planes.h), as a
// sliceable job, and the multiply-add breakdown of one output pixel for the hover read-out.
//
// Semantics: cv2.filter2D(src.astype(float32), -1, kernel, borderType=...) with the anchor at the
// centre (correlation, no flip): Zero = BORDER_CONSTANT, Replicate = BORDER_REPLICATE, Reflect =
// BORDER_REFLECT_101. Sums are accumulated in double and stored as float (OpenCV accumulates in
// float, so results agree to float rounding, ~1e-6 relative).
#pragma once
#include <memory>
#include <vector>

#include "core/result.h"
#include "topics/image_processing/core/kernels.h"
#include "topics/image_processing/core/planes.h"
#include "topics/image_processing/core/row_pipeline.h"

namespace mlviz {

// One product of the hover breakdown: weight K[j][i] times the source value at (SourceX, SourceY)
// after the border rule; Inside = false when (X, Y) is outside the image (then SourceX/Y = -1 for Zero).
struct ConvolutionTerm {
    int Dx = 0, Dy = 0; // offset from the centre pixel, in [-r, r]
    int X = 0, Y = 0;   // the neighbour's coordinates before the border rule
    int SourceX = -1, SourceY = -1;
    bool Inside = true;
    double Value = 0.0; // the source value (0 for a Zero border outside)
    double Weight = 0.0;
    double Product = 0.0;
};

struct ConvolutionBreakdown {
    std::vector<ConvolutionTerm> Terms; // row-major over the kernel, Size * Size terms
    double Sum = 0.0;
};

Result<ConvolutionBreakdown> ExplainConvolution(const PlaneF& src, const FilterKernel& kernel, BorderMode border, int x, int y);

// Same as the job, in one call.
Result<PlaneF> Convolve(const PlaneF& src, const FilterKernel& kernel, BorderMode border);

PlaneF PlaneFromGray(const Plane8& gray);

// The whole-image convolution, sliced by rows. Separable kernels (box, Gaussian, Sobel) run as a
// row pass then a column pass; others directly. Cost per pixel ~ the kernel taps.
class ConvolveJob {
public:
    // Fails on an invalid plane or kernel; the job keeps its own copy of the source.
    static Result<ConvolveJob> Start(const PlaneF& src, const FilterKernel& kernel, BorderMode border);

    void Step(long long budget_pixels = kIpStepPixels) { Pipeline_->Step(budget_pixels); }
    bool Done() const { return Pipeline_->Done(); }
    double Progress() const { return Pipeline_->Progress(); }
    const PlaneF& Output() const { return State_->Out; } // complete when Done()

private:
    struct State {
        PlaneF Src, Tmp, Out;
        FilterKernel K;
        BorderMode Border = BorderMode::Zero;
    };
    std::shared_ptr<State> State_;
    std::shared_ptr<RowPipeline> Pipeline_;
};

} // namespace mlviz
