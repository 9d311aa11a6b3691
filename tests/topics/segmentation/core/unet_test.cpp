// U-Net shapes against the paper's figure, the closed form of valid inputs, and the hand-built
// encoder-decoder's skip connections.
#include <catch2/catch.hpp>

#include "topics/segmentation/core/skip.h"
#include "topics/segmentation/core/unet.h"

using namespace mlviz;

TEST_CASE("unet: the original 572 -> 388 with the paper's crops", "[segmentation]")
{
    const auto s = ComputeUnetShapes(UnetConfig{});
    REQUIRE(s.Ok());
    REQUIRE(s->Valid);
    CHECK(s->OutputSize == 388);
    CHECK(s->BorderEachSide == 92);
    const int enc_out[] = {568, 280, 136, 64, 28};
    const int up[] = {392, 200, 104, 56};
    const int crop[] = {88, 40, 16, 4};
    const int dec_out[] = {388, 196, 100, 52};
    for (int l = 0; l <= 4; ++l) CHECK(s->Levels[l].EncoderOut == enc_out[l]);
    for (int l = 0; l < 4; ++l) {
        CHECK(s->Levels[l].UpSize == up[l]);
        CHECK(s->Levels[l].CropEachSide == crop[l]);
        CHECK(s->Levels[l].DecoderOut == dec_out[l]);
    }
    CHECK(s->Levels[4].Channels == 1024);
    CHECK(s->Steps.back().Op == UnetOp::Conv1x1);
    CHECK(s->Steps.back().OutChannels == 2);
    CHECK(s->Steps.size() == 5u * 2u + 4u + 4u * (2u + 2u) + 1u);
}

TEST_CASE("unet: valid unpadded inputs are 16 b + 60 from 188 up, padded ones multiples of 16", "[segmentation]")
{
    UnetConfig c;
    const auto valid = ValidUnetInputs(c, 1, 700);
    std::vector<int> expect;
    for (int n = 188; n <= 700; n += 16) expect.push_back(n);
    CHECK(valid == expect);
    c.InputSize = 571;
    const auto bad = ComputeUnetShapes(c);
    REQUIRE(bad.Ok());
    CHECK_FALSE(bad->Valid);
    CHECK(bad->Steps[bad->FailedStep].Op == UnetOp::MaxPool);
    CHECK(bad->Steps[bad->FailedStep].InSize == 567);
    c.Padded = true;
    std::vector<int> padded;
    for (int n = 16; n <= 700; n += 16) padded.push_back(n);
    CHECK(ValidUnetInputs(c, 1, 700) == padded);
    c.InputSize = 512;
    const auto p = ComputeUnetShapes(c);
    CHECK(p->OutputSize == 512);
    CHECK(p->Levels[0].CropEachSide == 0);
    c.Depth = 9;
    CHECK_FALSE(ComputeUnetShapes(c).Ok());
}

TEST_CASE("unet: the quick validity check agrees with the full shape computation", "[segmentation]")
{
    for (int depth = 1; depth <= 5; ++depth)
        for (int convs = 1; convs <= 3; ++convs)
            for (bool padded : {false, true}) {
                UnetConfig c;
                c.Depth = depth;
                c.ConvsPerLevel = convs;
                c.Padded = padded;
                for (int n = 1; n <= 400; ++n) {
                    c.InputSize = n;
                    CHECK(UnetInputValid(c, n) == ComputeUnetShapes(c)->Valid);
                }
            }
}

TEST_CASE("unet: a too small input fails where a map becomes empty", "[segmentation]")
{
    UnetConfig c;
    c.InputSize = 172; // 16 * 7 + 60: even at every pool, but the decoder runs out
    const auto s = ComputeUnetShapes(c);
    REQUIRE(s.Ok());
    CHECK_FALSE(s->Valid);
    CHECK(s->Steps[s->FailedStep].OutSize < 1);
}

TEST_CASE("skip demo: all skips restore the labels, none loses the thin things", "[segmentation]")
{
    SceneConfig sc;
    sc.Seed = 3;
    const auto scene = GenerateScene(sc);
    REQUIRE(scene.Ok());
    SkipDemoConfig c;
    c.Depth = 3;
    c.SkipMask = kSkipAll;
    const auto all = RunSkipDemo(scene->Gt, c);
    REQUIRE(all.Ok());
    for (std::size_t i = 0; i < scene->Gt.Size(); ++i) CHECK(all->Output[i] == scene->Gt.Class[i]);
    CHECK(*all->Metrics.MeanIou == 1.0);
    c.SkipMask = 0;
    const auto none = RunSkipDemo(scene->Gt, c);
    REQUIRE(none.Ok());
    CHECK(*none->Metrics.MeanIou < 0.9);
    CHECK(*none->Metrics.Iou[kSegPerson] < *none->Metrics.Iou[kSegSky]);
    CHECK(*none->Boundary.MeanF1 < *all->Boundary.MeanF1);
    // The finest skip alone already brings back most of the detail.
    c.SkipMask = 1;
    const auto fine = RunSkipDemo(scene->Gt, c);
    CHECK(*fine->Metrics.MeanIou > *none->Metrics.MeanIou);
    CHECK(all->DetailEnergy.size() == 3);
    CHECK(all->LevelWidth == std::vector<int>{96, 48, 24, 12});
    c.Depth = 0;
    CHECK_FALSE(RunSkipDemo(scene->Gt, c).Ok());
}
