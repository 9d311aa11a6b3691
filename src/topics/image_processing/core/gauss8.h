// Gaussian blur of an 8-bit plane bit for bit as OpenCV 4.6 cv2.GaussianBlur does for CV_8U
// (smooth.dispatch.cpp, GaussianBlurFixedPoint): the Q8 kernel of GaussianKernelQ8 (kernels.h),
// a horizontal pass kept exactly in 16 bits, a vertical pass in Q16 rounded half up:
// out = (sum_j ky[j] * sum_i kx[i] * src + 2^15) >> 16. Sliceable by rows.
#pragma once
#include <memory>

#include "core/result.h"
#include "topics/image_processing/core/planes.h"
#include "topics/image_processing/core/row_pipeline.h"

namespace mlviz {

struct GaussianBlurSpec {
    int KernelSize = 0; // odd, 1..31; 0 = from Sigma as cv2.GaussianBlur((0, 0), sigma) (round(6 sigma + 1) | 1)
    double Sigma = 1.0; // <= 0 = from KernelSize (0.15 n + 0.35, or the binomial kernel for n <= 9)
    BorderMode Border = BorderMode::Reflect; // cv2's default BORDER_REFLECT_101
};

// The kernel size actually used, or a message (both size and sigma unset, size even or too big).
Result<int> ResolveGaussianSize(const GaussianBlurSpec& spec);

class GaussianBlur8Job {
public:
    static Result<GaussianBlur8Job> Start(const Plane8& src, const GaussianBlurSpec& spec);
    void Step(long long budget_pixels = kIpStepPixels) { Pipeline_->Step(budget_pixels); }
    bool Done() const { return Pipeline_->Done(); }
    double Progress() const { return Pipeline_->Progress(); }
    const Plane8& Output() const { return State_->Out; }

private:
    struct State {
        Plane8 Src, Out;
        std::vector<std::uint16_t> Tmp;
        std::vector<int> K;
        BorderMode Border = BorderMode::Reflect;
    };
    std::shared_ptr<State> State_;
    std::shared_ptr<RowPipeline> Pipeline_;
};

Result<Plane8> GaussianBlur8(const Plane8& src, const GaussianBlurSpec& spec);

// The two passes, for jobs that blur as one of their stages: rows [y0, y1) of the horizontal pass
// (src -> tmp, Q8 sums, tmp sized W * H) and of the vertical pass (tmp -> out, rounded to 8 bits).
void GaussianRowsQ8(const Plane8& src, std::vector<std::uint16_t>& tmp, const std::vector<int>& kernel, BorderMode border, int y0,
                    int y1);
void GaussianColumnsQ8(const std::vector<std::uint16_t>& tmp, Plane8& out, const std::vector<int>& kernel, BorderMode border,
                       int y0, int y1);

} // namespace mlviz
