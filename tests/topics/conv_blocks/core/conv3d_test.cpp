// 3-D convolution: torch.nn.functional.conv3d on the moving-square clip (tools/conv_blocks_reference.py,
// conv3d section, Debian python3-torch 1.13 "1.13.0a0"), frame-by-frame 2-D convolution against the
// explained conv2d, costs by hand, the (2+1)-D factorisation against torch modules' parameter counts,
// and what the teaching kernels see in the clip.
#include <catch2/catch.hpp>

#include "support/message_text.h"

#include <algorithm>
#include <cmath>

#include "topics/conv_blocks/core/conv2d_explain.h"
#include "topics/conv_blocks/core/conv3d.h"
#include "topics/conv_blocks/core/conv3d_clip.h"

using namespace mlviz;

namespace {

double CaseValue(int seed, int k)
{
    return static_cast<double>((k * 37 + seed * 101) % 29 - 14) / 8.0;
}

// torch 1.13.0a0 F.conv3d on the moving-square clip: shape [2, 6, 4, 6]
const std::vector<double> kTorchClipConv = {
    -1.375,     -1.375,     -1.375,     -1.375,     -1.375,     -1.375,     -1.453125,  -1.796875,  -1.8359375, -1.53125,
    -1.1875,    -1.1484375, -1.3359375, -1.5703125, -1.75,      -1.6953125, -1.4609375, -1.28125,   -1.3359375, -1.3203125,
    -1.4296875, -1.5546875, -1.5703125, -1.4609375, -1.375,     -1.375,     -1.375,     -1.375,     -1.375,     -1.375,
    -1.359375,  -1.40625,   -1.734375,  -1.890625,  -1.71875,   -1.328125,  -1.796875,  -1.453125,  -1.421875,  -1.578125,
    -1.765625,  -1.4375,    -1.375,     -1.296875,  -1.265625,  -1.484375,  -1.734375,  -1.765625,  -1.375,     -1.375,
    -1.375,     -1.375,     -1.375,     -1.375,     -1.328125,  -1.1953125, -1.25,      -1.5390625, -1.7109375, -1.59375,
    -1.65625,   -1.625,     -1.3515625, -1.4609375, -1.6015625, -1.6328125, -1.4453125, -1.421875,  -1.21875,   -1.1484375,
    -1.3515625, -1.625,     -1.375,     -1.375,     -1.375,     -1.375,     -1.375,     -1.375,     -1.375,     -1.21875,
    -1.03125,   -1.09375,   -1.34375,   -1.53125,   -1.375,     -1.578125,  -1.453125,  -1.25,      -1.5,       -1.625,
    -1.375,     -1.515625,  -1.46875,   -1.140625,  -1.03125,   -1.21875,   -1.375,     -1.375,     -1.375,     -1.375,
    -1.375,     -1.375,     -1.375,     -1.375,     -1.296875,  -1.203125,  -1.234375,  -1.359375,  -1.375,     -1.375,
    -1.5078125, -1.40625,   -1.328125,  -1.6171875, -1.375,     -1.375,     -1.625,     -1.6328125, -1.2578125, -1.046875,
    -1.375,     -1.375,     -1.375,     -1.375,     -1.375,     -1.375,     -1.375,     -1.375,     -1.375,     -1.375,
    -1.375,     -1.375,     -1.375,     -1.375,     -1.375,     -1.4375,    -1.359375,  -1.328125,  -1.375,     -1.375,
    -1.375,     -1.734375,  -1.796875,  -1.453125,  -0.375,     -0.375,     -0.375,     -0.375,     -0.375,     -0.375,
    -0.4765625, -0.8671875, -0.953125,  -0.6484375, -0.2578125, -0.171875,  -0.375,     -0.6875,    -0.9453125, -0.890625,
    -0.578125,  -0.3203125, -0.34375,   -0.34375,   -0.46875,   -0.59375,   -0.59375,   -0.46875,   -0.375,     -0.375,
    -0.375,     -0.375,     -0.375,     -0.375,     0.453125,   0.328125,   -0.484375,  -1.0625,    -0.828125,  -0.375,
    0.015625,   0.25,       -0.265625,  -0.90625,   -1.03125,   -0.578125,  -0.375,     -0.3125,    -0.3125,    -0.5625,
    -0.8125,    -0.8125,    -0.375,     -0.375,     -0.375,     -0.375,     -0.375,     -0.375,     -0.125,     0.1875,
    0.078125,   -0.453125,  -0.8203125, -0.65625,   -0.2421875, 0.1640625,  0.3203125,  -0.3203125, -0.9140625, -0.8671875,
    -0.453125,  -0.4453125, -0.28125,   -0.2578125, -0.4921875, -0.75,      -0.375,     -0.375,     -0.375,     -0.375,
    -0.375,     -0.375,     -0.375,     -0.234375,  -0.078125,  -0.171875,  -0.421875,  -0.578125,  -0.375,     -0.171875,
    0.3125,     0.390625,   -0.375,     -0.921875,  -0.375,     -0.53125,   -0.515625,  -0.25,      -0.203125,  -0.421875,
    -0.375,     -0.375,     -0.375,     -0.375,     -0.375,     -0.375,     -0.375,     -0.375,     -0.3046875, -0.2265625,
    -0.2734375, -0.3984375, -0.375,     -0.375,     -0.09375,   0.3828125,  0.359375,   -0.4296875, -0.375,     -0.375,
    -0.421875,  -0.25,      0.046875,   -0.03125,   -0.375,     -0.375,     -0.375,     -0.375,     -0.375,     -0.375,
    -0.375,     -0.375,     -0.375,     -0.375,     -0.375,     -0.375,     -0.375,     -0.375,     -0.375,     -0.015625,
    0.453125,   0.421875,   -0.375,     -0.375,     -0.375,     -0.3125,    0.015625,   0.296875};

Grid4 Clip(double vx, double vy = 0.0)
{
    MovingSquareClip c;
    c.Frames = 8, c.Height = 12, c.Width = 16, c.Size = 4.0, c.X0 = 2.0, c.Y0 = 4.0, c.Vx = vx, c.Vy = vy;
    auto clip = MakeMovingSquare(c);
    REQUIRE(clip.Ok());
    return *clip;
}

double MaxOf(const Grid4& g)
{
    return *std::max_element(g.Values.begin(), g.Values.end());
}

} // namespace

TEST_CASE("conv3d on the moving-square clip equals torch 1.13's conv3d", "[conv_blocks]")
{
    MovingSquareClip c;
    c.Frames = 6, c.Height = 7, c.Width = 8, c.Size = 3.0, c.X0 = 1.5, c.Y0 = 2.0, c.Vx = 1.0, c.Vy = 0.5;
    const auto clip = MakeMovingSquare(c);
    REQUIRE(clip.Ok());
    double sum = 0.0;
    for (double v : clip->Values) sum += v;
    CHECK(sum == 47.25); // the square leaves the frame on the right
    CHECK((*clip)(0, 3, 3, 3) == 0.0);
    CHECK((*clip)(0, 3, 3, 4) == 0.25); // frame 3: corner (4.5, 3.5), a quarter of pixel (3, 4)
    CHECK((*clip)(0, 3, 4, 5) == 1.0);
    Grid5 w({2, 1, 2, 3, 3});
    for (std::size_t k = 0; k < w.Size(); ++k) w.Values[k] = CaseValue(51, static_cast<int>(k)) / 4.0;
    const std::vector<double> bias{CaseValue(52, 0), CaseValue(52, 1)};
    Conv3dSpec spec;
    spec.Stride = {1, 2, 1}, spec.Padding = {1, 1, 0}, spec.Dilation = {2, 1, 1};
    const auto y = Conv3dForward(*clip, w, bias, spec);
    REQUIRE(y.Ok());
    CHECK(y->Dims == std::array<int, 4>{2, 6, 4, 6});
    CHECK(y->Values == kTorchClipConv);
    // Frame by frame gives the same numbers.
    const auto geo = Conv3dGeometryOf(1, {6, 7, 8}, 2, {2, 3, 3}, spec);
    REQUIRE(geo.Ok());
    Grid4 part({2, 6, 4, 6});
    for (int t = 0; t < 6; t += 2) Conv3dForwardFrames(*clip, w, bias, *geo, t, t + 2, part);
    CHECK(part == *y);
}

TEST_CASE("conv3d: a 2-D kernel frame by frame equals the explained conv2d on every frame", "[conv_blocks]")
{
    const Grid4 clip = Clip(1.0, 0.5);
    Grid4 w2({3, 1, 3, 3});
    for (std::size_t k = 0; k < w2.Size(); ++k) w2.Values[k] = CaseValue(7, static_cast<int>(k));
    Conv3dSpec spec;
    spec.Stride = {5, 2, 1}, spec.Padding = {3, 1, 2}; // temporal settings must be ignored
    const auto y = Conv2dPerFrame(clip, w2, {}, spec);
    REQUIRE(y.Ok());
    CHECK(y->Dims == std::array<int, 4>{3, 8, 6, 18});
    for (int t = 0; t < 8; ++t) {
        Conv2dProblem p;
        p.Input = Grid3({1, 12, 16});
        std::copy_n(clip.Values.begin() + t * 12 * 16, 12 * 16, p.Input.Values.begin());
        p.Weight = w2;
        p.Spec = {2, 1, 1, 1}; // conv2d_explain has one stride and padding for both axes
        const auto ref = Conv2dForward(p);
        REQUIRE(ref.Ok());
        // Same rows (stride 2, padding 1); columns: explained j·2-1 = per-frame j'-2 at j' = 2j+1.
        for (int o = 0; o < 3; ++o)
            for (int i = 0; i < ref->Dim(1); ++i)
                for (int j = 0; j < ref->Dim(2); ++j) CHECK((*y)(o, t, i, 2 * j + 1) == (*ref)(o, i, j));
    }
}

TEST_CASE("conv3d costs: a C3D-style layer against the same 2-D layer per frame", "[conv_blocks]")
{
    Conv3dSpec spec;
    spec.Padding = {1, 1, 1};
    const auto full = Conv3dGeometryOf(3, {16, 112, 112}, 64, {3, 3, 3}, spec);
    REQUIRE(full.Ok());
    CHECK(full->Out == Axis3{16, 112, 112});
    CHECK(full->Weights() == 64 * 3 * 27);
    CHECK(full->Params() == 5184 + 64);
    CHECK(full->Macs() == 1'040'449'536LL); // 16·112·112 outputs × 64 × 81
    CHECK(full->Flops() == 2 * 1'040'449'536LL);
    const auto flat = Conv2dPerFrameGeometry(3, {16, 112, 112}, 64, 3, 3, spec);
    REQUIRE(flat.Ok());
    CHECK(flat->Out == Axis3{16, 112, 112});
    CHECK(flat->Weights() == 64 * 3 * 9);
    CHECK(full->Macs() == 3 * flat->Macs()); // the temporal depth multiplies the work
    spec.Stride = {2, 2, 2};
    const auto strided = Conv3dGeometryOf(3, {16, 112, 112}, 64, {3, 3, 3}, spec);
    REQUIRE(strided.Ok());
    CHECK(strided->Out == Axis3{8, 56, 56});
}

TEST_CASE("(2+1)-D factorisation matches the 3-D conv's parameters (Tran et al. 2018), torch counts", "[conv_blocks]")
{
    Conv3dSpec spec;
    spec.Padding = {1, 1, 1};
    const auto full = Conv3dGeometryOf(64, {8, 28, 28}, 128, {3, 3, 3}, spec);
    REQUIRE(full.Ok());
    const auto f = FactoriseR2Plus1d(*full);
    REQUIRE(f.Ok());
    // torch.nn.Conv3d parameter counts printed by the reference script (torch 1.13).
    CHECK(full->Params() == 221312);
    CHECK(f->Mid == 230); // floor(3·9·64·128 / (9·64 + 3·128))
    CHECK(f->Spatial.Params() == 132710);
    CHECK(f->Temporal.Params() == 88448);
    CHECK(f->Temporal.Out == full->Out);
    CHECK(f->Spatial.Weights() + f->Temporal.Weights() <= full->Weights());
    CHECK(f->Spatial.Weights() + f->Temporal.Weights() + 9 * 64 + 3 * 128 > full->Weights()); // M+1 would exceed
    spec.Groups = 2;
    const auto grouped = Conv3dGeometryOf(64, {8, 28, 28}, 128, {3, 3, 3}, spec);
    REQUIRE(grouped.Ok());
    CHECK_FALSE(FactoriseR2Plus1d(*grouped).Ok());
}

TEST_CASE("conv3d teaching kernels: a motion-tuned kernel tells directions apart, a temporal difference sees motion",
          "[conv_blocks]")
{
    const auto right = MakeClipKernel3d(ClipKernel3d::MotionRight, 3, 3);
    const auto left = MakeClipKernel3d(ClipKernel3d::MotionLeft, 3, 3);
    const auto diff = MakeClipKernel3d(ClipKernel3d::TemporalDifference, 2, 1);
    REQUIRE((right.Ok() && left.Ok() && diff.Ok()));
    const Conv3dSpec spec;
    for (double v : {1.0, -1.0}) {
        const auto r = Conv3dForward(Clip(v), *right, {}, spec);
        const auto l = Conv3dForward(Clip(v), *left, {}, spec);
        REQUIRE((r.Ok() && l.Ok()));
        CHECK(MaxOf(v > 0 ? *r : *l) == 9.0); // the bar stays on the square in all 3 frames, 3 rows each
        CHECK(MaxOf(v > 0 ? *l : *r) == 6.0);
    }
    const auto still = Conv3dForward(Clip(0.0), *diff, {}, spec);
    const auto moving = Conv3dForward(Clip(1.0), *diff, {}, spec);
    REQUIRE((still.Ok() && moving.Ok()));
    CHECK(MaxOf(*still) == 0.0);
    CHECK(MaxOf(*moving) == 1.0); // a pixel the leading edge covers one frame later
}

TEST_CASE("conv3d: invalid sizes, clips and kernels fail with messages", "[conv_blocks]")
{
    CHECK_FALSE(Conv3dGeometryOf(3, {2, 8, 8}, 4, {3, 3, 3}, {}).Ok()); // 3 frames of kernel, 2 of clip
    const auto r = Conv3dGeometryOf(3, {8, 8, 8}, 4, {3, 3, 3}, {{1, 1, 1}, {0, 0, 0}, {1, 1, 1}, 2, true});
    REQUIRE_FALSE(r.Ok());
    CHECK_THAT(Text(r.Error(), Language::En), Catch::Contains("groups = 2"));
    CHECK_FALSE(Conv3dGeometryOf(1, {8, 8, 8}, 1, {3, 3, 3}, {{0, 1, 1}, {0, 0, 0}, {1, 1, 1}, 1, true}).Ok());
    Grid4 big({4, 32, 64, 64});
    Grid5 w({8, 4, 7, 7, 7});
    const auto heavy = Conv3dForward(big, w, {}, {});
    REQUIRE_FALSE(heavy.Ok());
    CHECK_THAT(Text(heavy.Error(), Language::En), Catch::Contains("50000000"));
    MovingSquareClip c;
    c.Vx = std::nan("");
    CHECK_FALSE(MakeMovingSquare(c).Ok());
    c = {};
    c.Frames = kClipMaxFrames + 1;
    CHECK_FALSE(MakeMovingSquare(c).Ok());
    CHECK_FALSE(MakeClipKernel3d(ClipKernel3d::MotionRight, 1, 3).Ok());
    CHECK_FALSE(MakeClipKernel3d(ClipKernel3d::MotionRight, 3, 4).Ok());
    CHECK_FALSE(MakeClipKernel2d(ClipKernel2d::EdgeX, 1).Ok());
}
