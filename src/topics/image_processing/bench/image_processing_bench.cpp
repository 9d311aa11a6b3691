// Core timings of the image-processing topic for mlviz-bench (bench/frame/core_bench.h), on the
// synthetic uneven-lighting page at 800 x 600 (the view's largest working image): whole jobs, which
// the view spreads over frames in slices.
#include <memory>

#include "bench/frame/core_bench.h"
#include "topics/image_processing/core/adaptive.h"
#include "topics/image_processing/core/augment_job.h"
#include "topics/image_processing/core/canny.h"
#include "topics/image_processing/core/convolve.h"
#include "topics/image_processing/core/otsu.h"
#include "topics/image_processing/core/samples.h"
#include "topics/image_processing/core/synthetic.h"

namespace mlviz {

void CoreBench_image_processing(CoreBenchList& out)
{
    struct Input {
        Plane8 Gray;
        PlaneF GrayF;
        AugSample Sample, Thumb;
    };
    auto in = std::make_shared<Input>();
    SyntheticSpec spec;
    spec.Width = 800;
    spec.Height = 600;
    in->Gray = MakeUnevenLightingImage(spec).Value().Gray;
    in->GrayF = PlaneFromGray(in->Gray);
    in->Sample.Rgba = ImageFromGray(in->Gray);
    in->Sample.Boxes = {{40, 60, 400, 500, 1}, {300, 100, 760, 380, 2}};
    in->Sample.Mask = MaskFromBoxes(800, 600, in->Sample.Boxes);
    in->Thumb.Rgba = FitImage(in->Sample.Rgba, 256);
    in->Thumb.Boxes = {{13, 19, 128, 160, 1}, {96, 32, 243, 122, 2}};

    out.push_back({"image_processing", "Canny sigma 1.4 + hysteresis, 800x600", 9, [in] {
                       volatile std::size_t edges = Canny(in->Gray, CannySpec{}).Value().Pixels.size();
                       (void)edges;
                   }});
    out.push_back({"image_processing", "Otsu (histogram + curve), 800x600", 15, [in] {
                       volatile int t = Otsu(in->Gray).Value().Threshold;
                       (void)t;
                   }});
    out.push_back({"image_processing", "adaptive Gaussian, block 25, 800x600", 9, [in] {
                       AdaptiveSpec a;
                       a.Method = AdaptiveMethod::Gaussian;
                       a.BlockSize = 25;
                       volatile std::size_t n = AdaptiveThreshold(in->Gray, a).Value().Binary.Pixels.size();
                       (void)n;
                   }});
    out.push_back({"image_processing", "convolve 5x5 custom (direct), 800x600", 9, [in] {
                       KernelSpec k;
                       k.Preset = KernelPreset::Custom;
                       k.Size = 5;
                       k.Custom.assign(25, 0.04);
                       volatile float v = Convolve(in->GrayF, MakeKernel(k).Value(), BorderMode::Reflect).Value().Values[0];
                       (void)v;
                   }});
    out.push_back({"image_processing", "augment: policy draw with jitter + rotation, 800x600", 9, [in] {
                       AugmentParams p;
                       p.Angle = 17.0;
                       p.Jitter = true;
                       p.BrightnessF = 1.2;
                       p.SaturationF = 0.8;
                       p.HueF = 0.05;
                       auto job = AugmentJob::Start(in->Sample, nullptr, p);
                       while (!job->Done()) job->Step();
                   }});
    out.push_back({"image_processing", "augment grid: 8 draws on a 256 px thumbnail", 9, [in] {
                       auto job = AugmentGridJob::Start(in->Thumb, nullptr, AugmentPolicy{}, 7, 8);
                       while (!job->Done()) job->Step();
                   }});
}

} // namespace mlviz
