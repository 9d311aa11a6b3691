// EfficientNet B0-B7 against torchvision 0.14 (Debian python3-torchvision, "0.14.1a0"): total
// parameters, parameters per stage (features[0..8], classifier) and multiply-adds per stage
// counted by forward hooks on every Conv2d and Linear at each variant's crop size
// (tools/conv_blocks_reference.py, efficientnet section); the rounding rules by hand.
#include <catch2/catch.hpp>

#include "support/message_text.h"

#include <cmath>

#include "topics/conv_blocks/core/efficientnet.h"

using namespace mlviz;

namespace {

struct TorchNet {
    const char* Name;
    long long Params, Macs;
    std::vector<long long> StageParams, StageMacs;
};

// torchvision 0.14.1a0 efficientnet_b0..b7: params, MACs (Conv2d + Linear hooks) at the crop size,
// per stage (features[0..8], classifier) params and MACs
const TorchNet kTorch[] = {
    {"b0",
     5288548,
     385814752,
     {928, 1448, 16714, 46640, 242930, 543148, 2026348, 717232, 412160, 1281000},
     {10838016, 10035712, 54945216, 37939584, 43555200, 86102400, 91528224, 29520000, 20070400, 1280000}},
    {"b1",
     7794184,
     686802832,
     {928, 2060, 27424, 77930, 345830, 751720, 2614300, 2280832, 412160, 1281000},
     {12441600, 17280640, 92625024, 66236928, 68264400, 136514496, 147366144, 118579200, 26214400, 1280000}},
    {"b2",
     9109994,
     1087529456,
     {928, 2060, 27424, 103134, 421550, 862768, 3048878, 2735820, 498432, 1409000},
     {17915904, 24883840, 133378176, 121881024, 121988736, 225470208, 220463760, 179994912, 40144896, 1408000}},
    {"b3",
     12233232,
     1827141392,
     {1160, 3504, 48118, 110912, 638700, 1387760, 4628964, 3284218, 592896, 1537000},
     {24300000, 47521088, 268657872, 155457024, 198176544, 403645440, 402240384, 266624640, 58982400, 1536000}},
    {"b4",
     19341616,
     4393771024,
     {1392, 4146, 66238, 197586, 1059898, 2306724, 8636228, 4470004, 806400, 1793000},
     {46785600, 85775040, 557539344, 409485888, 517906368, 1069238016, 1067198208, 522445056, 115605504, 1792000}},
    {"b5",
     30389784,
     10266384752,
     {1392, 5352, 122846, 329514, 1632464, 3286344, 12165292, 9744908, 1052672, 2049000},
     {67371264, 164687040, 1381755648, 957755184, 1151359872, 2221977024, 2315051808, 1768449312, 235929600, 2048000}},
    {"b6",
     43040704,
     19067593536,
     {1624, 8094, 156922, 493444, 2379438, 4840930, 19186878, 12336662, 1331712, 2305000},
     {105380352, 342906912, 2453047488, 1858874880, 2164041360, 4235822832, 4646015760, 2875666896, 383533056, 2304000}},
    {"b7",
     66347960,
     37745884192,
     {1856, 10920, 253424, 716068, 3721660, 7615904, 28390712, 21432896, 1643520, 2561000},
     {155520000, 590403584, 4881644544, 3478262112, 4438504320, 8830116864, 8553499968, 6223910400, 591462400, 2560000}},
};

} // namespace

TEST_CASE("EfficientNet B0-B7 parameters and per-stage multiply-adds equal torchvision 0.14", "[conv_blocks]")
{
    REQUIRE(EfficientNetVariants().size() == std::size(kTorch));
    for (int v = 0; v < static_cast<int>(EfficientNetVariant::Count); ++v) {
        const TorchNet& t = kTorch[v];
        CAPTURE(t.Name);
        const EfficientNetVariantInfo& info = EfficientNetVariants()[v];
        CHECK(std::string(info.Name) == t.Name);
        CHECK(EfficientNetVariantFromName(t.Name) == static_cast<EfficientNetVariant>(v));
        CHECK(info.TorchvisionParams == t.Params);
        const EfficientNetSummary net = BuildEfficientNetVariant(static_cast<EfficientNetVariant>(v));
        CHECK(net.Params == t.Params);
        CHECK(net.Macs == t.Macs);
        REQUIRE(net.Stages.size() == t.StageParams.size());
        for (std::size_t s = 0; s < net.Stages.size(); ++s) {
            CAPTURE(s);
            CHECK(net.Stages[s].Params() == t.StageParams[s]);
            CHECK(net.Stages[s].Macs == t.StageMacs[s]);
        }
    }
    CHECK_FALSE(EfficientNetVariantFromName("b8").has_value());
}

TEST_CASE("EfficientNet-B0 stage table: the paper's Table 1 shapes and ~0.39 G multiply-adds at 224", "[conv_blocks]")
{
    const EfficientNetSummary b0 = BuildEfficientNetVariant(EfficientNetVariant::B0);
    // Stem, 7 MBConv stages, head, classifier; the paper's resolutions 224 → 112 → ... → 7.
    const int in_side[] = {224, 112, 112, 56, 28, 14, 14, 7, 7, 7};
    const int out_channels[] = {32, 16, 24, 40, 80, 112, 192, 320, 1280, 1000};
    const int layers[] = {1, 1, 2, 2, 3, 3, 4, 1, 1, 1};
    for (std::size_t s = 0; s < b0.Stages.size(); ++s) {
        CAPTURE(s);
        CHECK(b0.Stages[s].InSide == in_side[s]);
        CHECK(b0.Stages[s].OutChannels == out_channels[s]);
        CHECK(b0.Stages[s].Layers == layers[s]);
    }
    CHECK(b0.Stages[1].ExpandRatio == 1);
    CHECK(b0.Stages[3].Kernel == 5);
    CHECK(std::llround(b0.Macs / 1e7) == 39);
    // Stage 1 (MBConv1, 3×3, 32 → 16 at 112²): depthwise 32·9, SE 32 → 8 → 32, project 32·16, BN.
    const EfficientNetStage& s1 = b0.Stages[1];
    CHECK(s1.ConvParams == 32 * 9 + 32 * 16);
    CHECK(s1.SeParams == 32 * 8 + 8 + 8 * 32 + 32);
    CHECK(s1.BnParams == 2 * 32 + 2 * 16);
    CHECK(s1.Macs == 112LL * 112 * 32 * 9 + 2 * 32 * 8 + 112LL * 112 * 32 * 16);
    CHECK(s1.SeMacs == 2 * 32 * 8);
}

TEST_CASE("EfficientNet rounding: _make_divisible to multiples of 8 and ceil on repeats", "[conv_blocks]")
{
    CHECK(MakeDivisible(32 * 1.1) == 32); // 35.2 rounds down, within 10 %
    CHECK(MakeDivisible(40 * 1.4) == 56);
    CHECK(MakeDivisible(112 * 1.2) == 136); // 134.4
    CHECK(MakeDivisible(11.0) == 16);       // 8 would be more than 10 % below 11
    CHECK(MakeDivisible(3.0) == 8);         // at least the divisor
    CHECK(MakeDivisible(92.0) == 96);       // halves round up
    CHECK(ScaleDepth(3, 1.1) == 4);         // 3.3000000000000003
    CHECK(ScaleDepth(1, 3.1) == 4);
    CHECK(ScaleDepth(4, 2.2) == 9);
    CHECK(ScaleDepth(2, 1.0) == 2);
}

TEST_CASE("compound scaling: α^φ, β^φ, γ^φ and FLOPs ≈ 2^φ, against the built networks", "[conv_blocks]")
{
    const auto c0 = CompoundScale(0.0);
    REQUIRE(c0.Ok());
    CHECK(c0->Depth == 1.0);
    CHECK(c0->FlopsFactor == 1.0);
    const auto c1 = CompoundScale(1.0);
    REQUIRE(c1.Ok());
    CHECK(c1->Depth == Approx(1.2));
    CHECK(c1->Width == Approx(1.1));
    CHECK(c1->Resolution == Approx(1.15));
    CHECK(c1->FlopsFactor == Approx(1.2 * 1.21 * 1.3225)); // 1.92, the paper's "≈ 2"
    const auto c3 = CompoundScale(3.0);
    REQUIRE(c3.Ok());
    CHECK(c3->FlopsFactor == Approx(std::pow(1.92027, 3.0)).epsilon(1e-5));
    // The real networks follow d·w²·r² only roughly. Resolution alone is nearly exact (every map
    // doubles; only SE and the classifier, 1.9 M multiply-adds on 1×1 maps, do not grow):
    const auto b0 = BuildEfficientNetVariant(EfficientNetVariant::B0);
    const auto ratio = [&](double w, double d, int r) {
        return double(BuildEfficientNet({w, d, r, 1000})->Macs) / double(b0.Macs);
    };
    CHECK(ratio(1.0, 1.0, 448) > 3.98);
    CHECK(ratio(1.0, 1.0, 448) < 4.0);
    // Width alone grows the 1×1 convs by w² but the depthwise ones by w only:
    CHECK(ratio(2.0, 1.0, 224) > 3.0);
    CHECK(ratio(2.0, 1.0, 224) < 4.0);
    // Depth alone: the stem and head do not repeat, but the added blocks are the stages' wider
    // stride-1 ones (B0 ×2 in depth: 2.03×):
    CHECK(ratio(1.0, 2.0, 224) > 1.9);
    CHECK(ratio(1.0, 2.0, 224) < 2.1);
    // Compound φ = 1 costs more than 1.92×: ceil on repeats turns ×1.2 into 16 → 23 blocks.
    const auto c = *CompoundScale(1.0);
    const double r1 = ratio(c.Width, c.Depth, static_cast<int>(std::lround(224 * c.Resolution)));
    CAPTURE(r1);
    CHECK(r1 > c.FlopsFactor);
    CHECK(r1 < 1.4 * c.FlopsFactor);
    CHECK_FALSE(CompoundScale(-1.0).Ok());
    CHECK_FALSE(CompoundScale(1.0, 0.5).Ok());
    const auto bad = BuildEfficientNet({1.0, 1.0, 16, 1000});
    REQUIRE_FALSE(bad.Ok());
    CHECK_THAT(Text(bad.Error(), Language::En), Catch::Contains("16"));
    CHECK_FALSE(BuildEfficientNet({std::nan(""), 1.0, 224, 1000}).Ok());
}
