// The image-processing state's codec: its own rules over the field table (odd sizes, ordered
// ranges, the custom kernel's weight list) and the core inputs it produces.
#include <catch2/catch.hpp>

#include "core/deeplink.h"
#include "topics/image_processing/core/image_processing_state.h"

using namespace mlviz;

namespace {

struct Decoded {
    ImageProcessingState State;
    std::vector<Message> Notices;
    std::string Encoded;
};

Decoded Decode(std::string_view fragment)
{
    Decoded d;
    d.Notices = ImageProcessingCodec().Decode(ParseKeyValues(fragment), d.State);
    d.Encoded = ImageProcessingCodec().Encode(d.State);
    return d;
}

} // namespace

TEST_CASE("image_processing state: defaults encode to nothing, enums by name", "[image_processing]")
{
    CHECK(ImageProcessingCodec().Encode(ImageProcessingState{}).empty());
    const Decoded d = Decode("tab=canny&image=uneven&kernel=laplacian&border=zero&amethod=mean&stage=nms&aug=cutmix&mix=mixup");
    CHECK(d.Notices.empty());
    CHECK(d.State.Tab == static_cast<int>(IpTab::Canny));
    CHECK(d.State.Image == static_cast<int>(IpImage::Uneven));
    CHECK(static_cast<KernelPreset>(d.State.Kernel.Preset) == KernelPreset::Laplacian);
    CHECK(static_cast<BorderMode>(d.State.Kernel.Border) == BorderMode::Zero);
    CHECK(static_cast<IpCannyStage>(d.State.Canny.Stage) == IpCannyStage::Nms);
    CHECK(static_cast<IpAugOp>(d.State.Aug.Op) == IpAugOp::CutMix);
    CHECK(d.State.Aug.Policy.Mix == MixMode::Mixup);
    CHECK(d.Encoded == "tab=canny&image=uneven&kernel=laplacian&border=zero&amethod=mean&stage=nms&aug=cutmix&mix=mixup");
    CHECK(std::string(IpImageFile(IpImage::Coffee)) == "images/coffee.png");
    CHECK(std::string(IpImageFile(IpImage::Uneven)).empty());
}

TEST_CASE("image_processing state: even sizes round up to odd, ranges keep min <= max", "[image_processing]")
{
    const Decoded d = Decode("ksize=4&block=30&bsize=8&scale_min=0.6&scale_max=0.2&ratio_min=2&ratio_max=1");
    CHECK(d.Notices.empty());
    CHECK(d.State.Kernel.Size == 5);
    CHECK(d.State.Otsu.Block == 31);
    CHECK(d.State.Canny.BlurSize == 9);
    CHECK(d.State.Aug.Policy.ScaleMax == d.State.Aug.Policy.ScaleMin);
    CHECK(d.State.Aug.Policy.RatioMax == d.State.Aug.Policy.RatioMin);
    // The canonical text is a fixed point.
    CHECK(Decode(d.Encoded).Encoded == d.Encoded);
    // bsize 0 (from sigma) stays 0; the top of a range stays odd.
    CHECK(Decode("bsize=0").State.Canny.BlurSize == 0);
    CHECK(Decode("block=256").State.Otsu.Block == 255);
    CHECK_FALSE(Decode("block=256").Notices.empty());
}

TEST_CASE("image_processing state: the custom kernel's weights", "[image_processing]")
{
    const Decoded three = Decode("kernel=custom&kw=0,-1,0,-1,5,-1,0,-1,0");
    CHECK(three.Notices.empty());
    CHECK(three.State.Kernel.CustomSize == 3);
    CHECK(three.Encoded == "kernel=custom&kw=0,-1,0,-1,5,-1,0,-1,0");
    const KernelSpec spec = KernelSpecOf(three.State.Kernel);
    CHECK(spec.Preset == KernelPreset::Custom);
    CHECK(spec.Size == 3);
    CHECK(spec.Custom == std::vector<double>{0, -1, 0, -1, 5, -1, 0, -1, 0});

    std::string five = "kw=";
    for (int i = 0; i < 25; ++i) five += (i ? "," : "") + std::to_string(i - 12);
    const Decoded d5 = Decode(five);
    CHECK(d5.Notices.empty());
    CHECK(d5.State.Kernel.CustomSize == 5);
    CHECK(d5.State.Kernel.Custom[24] == 12.0);
    CHECK(d5.Encoded == five);

    // Wrong counts and non-numbers are skipped with a notice; out-of-range weights are clamped.
    for (const char* bad : {"kw=1,2,3", "kw=1,2,3,4,5,6,7,8,x", "kw=", "kw=1,2,3,4,5,6,7,8,nan"}) {
        INFO(bad);
        const Decoded d = Decode(bad);
        CHECK(d.Notices.size() == 1);
        CHECK(d.Encoded.empty());
    }
    const Decoded big = Decode("kw=1e9,0,0,0,1,0,0,0,-1e9");
    CHECK(big.Notices.size() == 1);
    CHECK(big.State.Kernel.Custom[0] == kIpCustomWeightMax);
    CHECK(big.State.Kernel.Custom[8] == -kIpCustomWeightMax);
    CHECK(Decode(big.Encoded).Notices.empty());
}

TEST_CASE("image_processing state: a link opens paused on its step, core inputs", "[image_processing]")
{
    ImageProcessingState s;
    s.Canny.Playing = true;
    s.Canny.Step = 4;
    Decoded d = Decode(ImageProcessingCodec().Encode(s));
    CHECK_FALSE(d.State.Canny.Playing);
    CHECK(d.State.Canny.Step == 4);
    CHECK(d.Encoded == "step=4");

    s = ImageProcessingState();
    s.Canny.Sigma = 0.0;
    s.Canny.BlurSize = 7; // no blur: the size does not matter
    CHECK(CannySpecOf(s.Canny).BlurSize == 0);
    CHECK(CannySpecOf(s.Canny).Sigma == 0.0);
    CHECK(AdaptiveSpecOf(s.Otsu).BlockSize == s.Otsu.Block);
    CHECK(KernelSpecOf(s.Kernel).Size == 3); // Sobel is 3 x 3 whatever ksize says
    s.Kernel.Preset = static_cast<int>(KernelPreset::Gaussian);
    CHECK(KernelSpecOf(s.Kernel).Size == s.Kernel.Size);
}

TEST_CASE("image_processing state: one transform alone draws only that transform", "[image_processing]")
{
    const AugmentPolicy policy;
    CHECK(PolicyForOp(policy, IpAugOp::Policy) == policy);
    for (int k = 1; k < static_cast<int>(IpAugOp::Count); ++k) {
        const auto op = static_cast<IpAugOp>(k);
        INFO(IpAugOpName(op));
        const AugmentPolicy p = PolicyForOp(policy, op);
        CHECK(ValidatePolicy(p).Empty());
        for (int seed = 0; seed < 20; ++seed) {
            std::mt19937 rng(static_cast<std::uint32_t>(seed));
            const AugmentParams a = DrawAugment(p, 400, 300, rng);
            CHECK(a.HFlip == (op == IpAugOp::HFlip));
            CHECK(a.VFlip == (op == IpAugOp::VFlip));
            CHECK((a.Angle != 0.0) == (op == IpAugOp::Rotate));
            CHECK(a.Crop == (op == IpAugOp::Crop));
            CHECK(a.Jitter == (op == IpAugOp::Jitter));
            CHECK((a.BlurSigma > 0.0) == (op == IpAugOp::Blur));
            CHECK((a.NoiseSigma > 0.0) == (op == IpAugOp::Noise));
            CHECK(a.Cutout == (op == IpAugOp::Cutout));
            CHECK((a.Mix == MixMode::Mixup) == (op == IpAugOp::Mixup));
            CHECK((a.Mix == MixMode::CutMix) == (op == IpAugOp::CutMix));
        }
    }
}
