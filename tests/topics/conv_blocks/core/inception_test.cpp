// Inception module costs: GoogLeNet's inception (3a) by hand and against the paper's Table 1
// (Szegedy et al. 2014), the naive module, and every module's conv weights against torchvision
// 0.14's googlenet (tools/conv_blocks_reference.py, inception section), whose "5×5" branch is 3×3.
#include <catch2/catch.hpp>

#include "support/message_text.h"

#include <cstring>

#include "topics/conv_blocks/core/inception.h"

using namespace mlviz;

TEST_CASE("inception (3a): 28×28×256 out, 163 328 weights (the table prints 159K), 128 M multiply-adds", "[conv_blocks]")
{
    const InceptionPreset& a3 = GoogLeNetInceptionPresets()[0];
    REQUIRE(std::strcmp(a3.Name, "3a") == 0);
    const auto c = InceptionModuleCost(a3.Spec);
    REQUIRE(c.Ok());
    CHECK(c->OutHeight == 28);
    CHECK(c->OutWidth == 28);
    CHECK(c->OutChannels == 256); // 64 + 128 + 32 + 32
    // 192·64 + (192·96 + 9·96·128) + (192·16 + 25·16·32) + 192·32
    CHECK(c->Branches[0].Weights == 12288);
    CHECK(c->Branches[1].Weights == 18432 + 110592);
    CHECK(c->Branches[2].Weights == 3072 + 12800);
    CHECK(c->Branches[3].Weights == 6144);
    CHECK(c->Weights == 163328);
    CHECK(c->Biases == 368);
    CHECK(c->Params() == 163696);
    CHECK(a3.PaperParamsK == 159);
    CHECK(c->Weights / 1000 != a3.PaperParamsK); // the printed value is not the sum of the columns
    CHECK(c->Macs == 163328LL * 784);            // 128 049 152
    CHECK(c->Macs / 1'000'000 == a3.PaperOpsM);  // the ops column agrees
}

TEST_CASE("inception (3a) without 1×1 bottlenecks: 2.4× the multiply-adds and 416 output channels", "[conv_blocks]")
{
    InceptionSpec s = GoogLeNetInceptionPresets()[0].Spec;
    s.Reduce3 = s.Reduce5 = s.ProjectPool = false;
    const auto c = InceptionModuleCost(s);
    REQUIRE(c.Ok());
    CHECK(c->OutChannels == 64 + 128 + 32 + 192); // the pool passes every input channel on
    CHECK(c->Branches[1].Weights == 9 * 192 * 128);
    CHECK(c->Branches[2].Weights == 25 * 192 * 32);
    CHECK(c->Branches[3].Weights == 0);
    CHECK(c->Branches[3].Layers.size() == 1);
    CHECK(c->Branches[3].Layers[0].IsPool);
    CHECK(c->Weights == 12288 + 221184 + 153600);
    CHECK(c->Macs == 387072LL * 784);
    // Each bottleneck alone: the 5×5 one saves 153 600 - 15 872 weights.
    s.Reduce5 = true;
    const auto r5 = InceptionModuleCost(s);
    REQUIRE(r5.Ok());
    CHECK(c->Weights - r5->Weights == 153600 - 15872);
}

TEST_CASE("GoogLeNet's nine modules chain and equal torchvision's googlenet with a 3×3 '5×5' branch", "[conv_blocks]")
{
    // torchvision 0.14.1 googlenet: sum of Conv2d weights per Inception block (BN excluded).
    const std::pair<const char*, long long> kTorchvision[] = {
        {"3a", 155136}, {"3b", 338944}, {"4a", 363264}, {"4b", 423936},  {"4c", 484864},
        {"4d", 571904}, {"4e", 801792}, {"5a", 976896}, {"5b", 1344512},
    };
    const auto presets = GoogLeNetInceptionPresets();
    REQUIRE(presets.size() == std::size(kTorchvision));
    for (std::size_t i = 0; i < presets.size(); ++i) {
        CAPTURE(presets[i].Name);
        CHECK(std::strcmp(presets[i].Name, kTorchvision[i].first) == 0);
        InceptionSpec s = presets[i].Spec;
        s.Kernel5 = 3;
        const auto c = InceptionModuleCost(s);
        REQUIRE(c.Ok());
        CHECK(c->Weights == kTorchvision[i].second);
        const auto full = InceptionModuleCost(presets[i].Spec);
        REQUIRE(full.Ok());
        CHECK(full->Weights - c->Weights == 16LL * s.N5x5Reduce * s.N5x5); // 25 - 9 taps per filter
        // Each module's output depth is the next one's input (pools between 3b/4a and 4e/5a).
        if (i + 1 < presets.size()) CHECK(full->OutChannels == presets[i + 1].Spec.InChannels);
    }
    CHECK(InceptionModuleCost(presets.back().Spec)->OutChannels == 1024);
}

TEST_CASE("inception: invalid widths and kernels fail", "[conv_blocks]")
{
    InceptionSpec s;
    s.N3x3 = 0;
    auto r = InceptionModuleCost(s);
    REQUIRE_FALSE(r.Ok());
    CHECK_THAT(Text(r.Error(), Language::En), Catch::Contains("n3x3"));
    s = {};
    s.Kernel5 = 4;
    r = InceptionModuleCost(s);
    REQUIRE_FALSE(r.Ok());
    CHECK_THAT(Text(r.Error(), Language::En), Catch::Contains("kernel5"));
    s = {};
    s.Height = kInceptionMaxSide + 1;
    CHECK_FALSE(InceptionModuleCost(s).Ok());
    s = {};
    s.InChannels = kInceptionMaxChannels;
    s.Height = s.Width = kInceptionMaxSide;
    s.N1x1 = s.N3x3Reduce = s.N3x3 = s.N5x5Reduce = s.N5x5 = s.PoolProj = kInceptionMaxChannels;
    s.Kernel3 = s.Kernel5 = kInceptionMaxKernel;
    s.Reduce3 = s.Reduce5 = false;
    r = InceptionModuleCost(s); // the largest accepted module still fits in 64 bits
    REQUIRE(r.Ok());
    CHECK(r->Macs > 0);
}
