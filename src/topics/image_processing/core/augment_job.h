// Applying an augmentation draw (augment.h) to an image with its boxes and mask, sliced by rows,
// and the seeded grid of draws from a policy.
#pragma once
#include <memory>
#include <vector>

#include "core/result.h"
#include "topics/image_processing/core/augment.h"
#include "topics/image_processing/core/row_pipeline.h"

namespace mlviz {

class AugmentJob {
public:
    // `b` is the mixing partner, required when p.Mix != None (resized to a's size). Boxes and label
    // weights are ready at once (Output().Sample.Boxes, WeightA/B); the pixels when Done().
    static Result<AugmentJob> Start(const AugSample& a, const AugSample* b, const AugmentParams& p);
    // The same on shared samples, which are not copied (b may be null).
    static Result<AugmentJob> Start(std::shared_ptr<const AugSample> a, std::shared_ptr<const AugSample> b,
                                    const AugmentParams& p);
    void Step(long long budget_pixels = kIpStepPixels) { Pipeline_->Step(budget_pixels); }
    bool Done() const { return Pipeline_->Done(); }
    double Progress() const { return Pipeline_->Progress(); }
    const AugResult& Output() const;

    struct State;

private:
    std::shared_ptr<State> S_;
    std::shared_ptr<RowPipeline> Pipeline_;
};

// The boxes and label weights of a draw without pixels (cheap; also for the CLI): a's boxes on a
// W x H canvas, b's (the mixing partner's) on its own canvas, rescaled to W x H. Sample.Rgba stays empty.
struct BoxSet {
    int Width = 0, Height = 0;
    std::vector<AugBox> Boxes;
};
Result<AugResult> AugmentBoxes(const BoxSet& a, const BoxSet* b, const AugmentParams& p);

// `count` draws (1..16) from one std::mt19937 seeded with `seed`, applied one after another.
class AugmentGridJob {
public:
    static Result<AugmentGridJob> Start(const AugSample& a, const AugSample* b, const AugmentPolicy& policy, std::uint32_t seed,
                                        int count = 8);
    void Step(long long budget_pixels = kIpStepPixels);
    bool Done() const { return Finished_ >= Draws_.size(); }
    double Progress() const;
    const std::vector<AugmentParams>& Draws() const { return Draws_; }
    std::size_t Finished() const { return Finished_; }
    const AugResult& Output(std::size_t i) const { return Outputs_[i]; } // i < Finished()

private:
    std::shared_ptr<const AugSample> A_, B_;
    std::vector<AugmentParams> Draws_;
    std::vector<AugResult> Outputs_;
    std::shared_ptr<AugmentJob> Current_;
    std::size_t Finished_ = 0;
};

} // namespace mlviz
