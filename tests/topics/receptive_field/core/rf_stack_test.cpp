// Receptive-field arithmetic: hand-computed stacks, closed form vs recurrence, brute-force
// dependency masks through real layers, and invalid stacks.
#include <catch2/catch.hpp>

#include "support/message_text.h"

#include <algorithm>
#include <random>

#include "topics/receptive_field/core/rf_erf.h"
#include "topics/receptive_field/core/rf_stack.h"

using namespace mlviz;

namespace {

RfLayer Layer(RfLayerType t, RfPair k, RfPair s, RfPair p, RfPair d = {1, 1})
{
    RfLayer l;
    l.Type = t;
    l.Kernel = k;
    l.Stride = s;
    l.Padding = p;
    l.Dilation = d;
    return l;
}

RfLayer Conv(int k, int s, int p, int d = 1)
{
    return Layer(RfLayerType::Conv, {k, k}, {s, s}, {p, p}, {d, d});
}

int RandInt(std::mt19937& rng, int lo, int hi)
{
    return lo + static_cast<int>(rng() % static_cast<unsigned>(hi - lo + 1));
}

// A random stack that may or may not be valid for its input.
RfStack RandomStack(std::mt19937& rng, int max_layers, int max_input)
{
    RfStack s;
    s.InputSize = {RandInt(rng, 4, max_input), RandInt(rng, 4, max_input)};
    s.InputChannels = 1;
    const int n = RandInt(rng, 1, max_layers);
    for (int i = 0; i < n; ++i) {
        const auto type = static_cast<RfLayerType>(RandInt(rng, 0, 4) < 3 ? 0 : RandInt(rng, 1, 2));
        RfLayer l;
        l.Type = type;
        for (int a = 0; a < 2; ++a) {
            l.Kernel[a] = RandInt(rng, 1, 4);
            l.Stride[a] = RandInt(rng, 1, 3);
            l.Dilation[a] = type == RfLayerType::AvgPool ? 1 : RandInt(rng, 1, 3);
            l.Padding[a] = type == RfLayerType::Conv ? RandInt(rng, 0, 3) : RandInt(rng, 0, l.Kernel[a] / 2);
        }
        s.Layers.push_back(l);
    }
    return s;
}

// Forward pass of the real layers on one channel with all weights 1 and a non-negative input:
// an output unit is > 0 exactly when some input pixel it depends on is > 0. Zero padding for
// convolution and average pooling, -inf for max pooling, as torch.
std::vector<double> Forward(const RfLayer& l, const std::vector<double>& in, RfPair n, RfPair out)
{
    std::vector<double> o(static_cast<std::size_t>(out[0]) * out[1]);
    for (int y = 0; y < out[0]; ++y)
        for (int x = 0; x < out[1]; ++x) {
            double acc = l.Type == RfLayerType::MaxPool ? -1e300 : 0.0;
            for (int ky = 0; ky < l.Kernel[0]; ++ky)
                for (int kx = 0; kx < l.Kernel[1]; ++kx) {
                    const int iy = y * l.Stride[0] - l.Padding[0] + ky * l.Dilation[0];
                    const int ix = x * l.Stride[1] - l.Padding[1] + kx * l.Dilation[1];
                    const bool inside = iy >= 0 && iy < n[0] && ix >= 0 && ix < n[1];
                    const double v = inside ? in[static_cast<std::size_t>(iy * n[1] + ix)] : 0.0;
                    if (l.Type == RfLayerType::MaxPool) {
                        if (inside) acc = std::max(acc, v);
                    } else
                        acc += v;
                }
            o[static_cast<std::size_t>(y * out[1] + x)] = acc;
        }
    return o;
}

// For every output unit, the bounding box of the input pixels whose perturbation reaches it.
std::vector<RfBox> BruteForceBoxes(const RfStack& s, const RfAnalysis& a)
{
    const RfPair n0 = s.InputSize, top = a.Layers.back().OutSize;
    std::vector<RfBox> boxes(static_cast<std::size_t>(top[0]) * top[1]);
    for (int py = 0; py < n0[0]; ++py)
        for (int px = 0; px < n0[1]; ++px) {
            std::vector<double> v(static_cast<std::size_t>(n0[0]) * n0[1], 0.0);
            v[static_cast<std::size_t>(py * n0[1] + px)] = 1.0;
            RfPair n = n0;
            for (std::size_t i = 0; i < s.Layers.size(); ++i) {
                v = Forward(s.Layers[i], v, n, a.Layers[i].OutSize);
                n = a.Layers[i].OutSize;
            }
            for (std::size_t u = 0; u < boxes.size(); ++u) {
                if (!(v[u] > 0.0)) continue;
                RfBox& b = boxes[u];
                if (b.Empty()) b = RfBox{py, py, px, px};
                b.Y0 = std::min<std::int64_t>(b.Y0, py);
                b.Y1 = std::max<std::int64_t>(b.Y1, py);
                b.X0 = std::min<std::int64_t>(b.X0, px);
                b.X1 = std::max<std::int64_t>(b.X1, px);
            }
        }
    return boxes;
}

bool SameBox(const RfBox& a, const RfBox& b)
{
    if (a.Empty() || b.Empty()) return a.Empty() == b.Empty();
    return a.Y0 == b.Y0 && a.Y1 == b.Y1 && a.X0 == b.X0 && a.X1 == b.X1;
}

} // namespace

TEST_CASE("rf: hand-computed stacks", "[rf]")
{
    RfStack s;
    s.InputSize = {8, 8};
    s.InputChannels = 3;
    s.Layers = {Conv(3, 2, 1), Conv(3, 1, 1)};
    s.Layers[0].OutChannels = 64;
    auto a = AnalyzeStack(s);
    REQUIRE(a.Ok());
    // Layer 1: out floor((8 + 2 - 3) / 2) + 1 = 4, r = 3, j = 2, start = 0 + (1 - 1) * 1 = 0.
    CHECK(a->Layers[0].OutSize == RfPair{4, 4});
    CHECK(a->Layers[0].Rf[0] == 3);
    CHECK(a->Layers[0].Jump[0] == 2);
    CHECK(a->Layers[0].Start[0] == 0.0);
    // Layer 2: r = 3 + (3 - 1) * 2 = 7, j = 2, start = 0 + (1 - 1) * 2 = 0.
    CHECK(a->Layers[1].OutSize == RfPair{4, 4});
    CHECK(a->Layers[1].Rf[1] == 7);
    CHECK(a->Layers[1].Jump[1] == 2);
    CHECK(a->Layers[1].Start[1] == 0.0);
    // (3*3*3 + 1) * 64 weights; 4*4*64*27 multiply-adds; then (9*64 + 1) * 64.
    CHECK(a->Layers[0].Params == 1792);
    CHECK(a->Layers[0].Macs == 4 * 4 * 64 * 27);
    CHECK(a->Layers[1].Params == (9 * 64 + 1) * 64);

    // Valid 3×3 twice on 7×7: sizes 5, 3; r 3, 5; start 1, 2 (the field of unit 0 is 0..4).
    s.InputSize = {7, 7};
    s.Layers = {Conv(3, 1, 0), Conv(3, 1, 0)};
    a = AnalyzeStack(s);
    REQUIRE(a.Ok());
    CHECK(a->Layers[1].OutSize == RfPair{3, 3});
    CHECK(a->Layers[0].Start[0] == 1.0);
    CHECK(a->Layers[1].Start[0] == 2.0);
    CHECK(a->Layers[1].Rf[0] == 5);

    // Dilation 2 with padding 2 keeps the size: r = 2 * 2 + 1 = 5, start = (5 - 1) / 2 - 2 = 0.
    s.Layers = {Conv(3, 1, 2, 2)};
    a = AnalyzeStack(s);
    REQUIRE(a.Ok());
    CHECK(a->Layers[0].OutSize == RfPair{7, 7});
    CHECK(a->Layers[0].Rf[0] == 5);
    CHECK(a->Layers[0].Start[0] == 0.0);

    // Non-square max pool: kernel 1×4, stride 2×1 on 7×7 -> 4×4, r = 1×4, start 0 and 1.5.
    s.Layers = {Layer(RfLayerType::MaxPool, {1, 4}, {2, 1}, {0, 0})};
    a = AnalyzeStack(s);
    REQUIRE(a.Ok());
    CHECK(a->Layers[0].OutSize == RfPair{4, 4}); // (7 - 1) / 2 + 1 = 4, (7 - 4) / 1 + 1 = 4
    CHECK(a->Layers[0].Rf == std::array<std::int64_t, 2>{1, 4});
    CHECK(a->Layers[0].Jump == std::array<std::int64_t, 2>{2, 1});
    CHECK(a->Layers[0].Start[1] == 1.5);
    CHECK(a->Layers[0].Params == 0);
    CHECK(a->Layers[0].Macs == 0);

    // Depthwise 3×3 on 32 channels without bias: 9 * 32 weights; pointwise 32 -> 64: 2048.
    s.InputChannels = 32;
    s.Layers = {Conv(3, 1, 1), Conv(1, 1, 0)};
    s.Layers[0].Groups = 32;
    s.Layers[0].Bias = false;
    s.Layers[1].OutChannels = 64;
    s.Layers[1].Bias = false;
    a = AnalyzeStack(s);
    REQUIRE(a.Ok());
    CHECK(a->Layers[0].Params == 288);
    CHECK(a->Layers[1].Params == 2048);
    CHECK(a->Layers[0].Macs == 7 * 7 * 32 * 9);
    CHECK(a->TotalParams() == 288 + 2048);
}

TEST_CASE("rf: closed form equals the recurrence on random stacks", "[rf]")
{
    std::mt19937 rng(2024);
    int checked = 0;
    for (int trial = 0; trial < 2000; ++trial) {
        const RfStack s = RandomStack(rng, 8, 300);
        const auto a = AnalyzeStack(s);
        if (!a) continue;
        for (std::size_t i = 0; i < s.Layers.size(); ++i) {
            const RfClosedForm f = ClosedFormField(std::span<const RfLayer>(s.Layers.data(), i + 1));
            for (int ax = 0; ax < 2; ++ax) {
                REQUIRE(f.Rf[ax] == a->Layers[i].Rf[ax]);
                REQUIRE(f.Jump[ax] == a->Layers[i].Jump[ax]);
                REQUIRE(f.Start[ax] == a->Layers[i].Start[ax]);
            }
        }
        ++checked;
    }
    CHECK(checked > 300);
}

TEST_CASE("rf: brute-force dependency masks through the real layers equal the computed field", "[rf]")
{
    std::mt19937 rng(7);
    int interior = 0, stacks = 0;
    for (int trial = 0; trial < 400 && stacks < 60; ++trial) {
        RfStack s = RandomStack(rng, 4, 14);
        if (!AnalyzeStack(s)) continue;
        // Widen the input by a multiple M of the total jump on each side: every output unit u
        // then has a twin u + M / j whose field (shifted by M) lies inside the input, so the
        // measured support must equal the computed field exactly, padding and dilation included.
        const RfClosedForm f = ClosedFormField(s.Layers);
        RfStack wide = s;
        std::int64_t shift[2];
        for (int a = 0; a < 2; ++a) {
            shift[a] = f.Jump[a] * ((f.Rf[a] + f.Padding[a]) / f.Jump[a] + 1);
            wide.InputSize[a] = static_cast<int>(s.InputSize[a] + 2 * shift[a]);
        }
        if (static_cast<std::int64_t>(wide.InputSize[0]) * wide.InputSize[1] > 6000) continue;
        const auto a = AnalyzeStack(s);
        const auto aw = AnalyzeStack(wide);
        REQUIRE(aw.Ok());
        ++stacks;
        const std::vector<RfBox> measured = BruteForceBoxes(wide, *aw);
        const RfPair top = a->Layers.back().OutSize, top_w = aw->Layers.back().OutSize;
        for (int uy = 0; uy < top[0]; ++uy)
            for (int ux = 0; ux < top[1]; ++ux) {
                const std::int64_t wy = uy + shift[0] / f.Jump[0], wx = ux + shift[1] / f.Jump[1];
                REQUIRE(wy < top_w[0]);
                REQUIRE(wx < top_w[1]);
                const RfBox field = UnitField(s.Layers, uy, ux);
                const RfBox got = measured[static_cast<std::size_t>(wy * top_w[1] + wx)];
                INFO("stack of " << s.Layers.size() << " layers, unit " << uy << "," << ux);
                REQUIRE(got.Y0 - shift[0] == field.Y0);
                REQUIRE(got.Y1 - shift[0] == field.Y1);
                REQUIRE(got.X0 - shift[1] == field.X0);
                REQUIRE(got.X1 - shift[1] == field.X1);
                REQUIRE(got.Height() == a->Layers.back().Rf[0]);
                REQUIRE(got.Width() == a->Layers.back().Rf[1]);
            }
        // On the real input: the dependency cone's input box is the measured support exactly
        // (border units included), and it equals the field wherever the field fits inside.
        const std::vector<RfBox> real = BruteForceBoxes(s, *a);
        for (int uy = 0; uy < top[0]; ++uy)
            for (int ux = 0; ux < top[1]; ++ux) {
                const RfBox got = real[static_cast<std::size_t>(uy * top[1] + ux)];
                const auto cone = DependencyCone(s, *a, static_cast<int>(s.Layers.size()), uy, ux);
                REQUIRE(SameBox(cone[0], got));
                const RfBox field = UnitField(s.Layers, uy, ux);
                if (field.Y0 >= 0 && field.X0 >= 0 && field.Y1 < s.InputSize[0] && field.X1 < s.InputSize[1]) {
                    REQUIRE(SameBox(field, got));
                    ++interior;
                }
            }
    }
    CHECK(stacks >= 40);
    CHECK(interior > 50);
}

TEST_CASE("rf: path counts are non-zero exactly on the brute-force dependency set", "[rf]")
{
    // Two dilated layers leave holes in the field: the counts must show them.
    RfStack s;
    s.InputSize = {15, 15};
    s.InputChannels = 1;
    s.Layers = {Conv(3, 1, 0, 2), Conv(2, 2, 1, 3)};
    const auto a = AnalyzeStack(s);
    REQUIRE(a.Ok());
    const RfPair top = a->Layers.back().OutSize;
    for (int uy = 0; uy < top[0]; ++uy)
        for (int ux = 0; ux < top[1]; ++ux) {
            const RfPathCounts pc = PathCounts(s, *a, 2, uy, ux);
            for (int py = 0; py < 15; ++py)
                for (int px = 0; px < 15; ++px) {
                    std::vector<double> v(225, 0.0);
                    v[static_cast<std::size_t>(py * 15 + px)] = 1.0;
                    v = Forward(s.Layers[0], v, {15, 15}, a->Layers[0].OutSize);
                    v = Forward(s.Layers[1], v, a->Layers[0].OutSize, top);
                    // With unit weights the forward value is the number of paths.
                    REQUIRE(pc.Maps[0].At(py, px) == v[static_cast<std::size_t>(uy * top[1] + ux)]);
                }
        }
    // Unit (2, 2): rows 2*2 - 1 + {0, 3} = 3, 6 of map 1, then 3 + {0, 2, 4}: holes at even offsets.
    const RfPathCounts pc = PathCounts(s, *a, 2, 2, 2);
    CHECK(pc.Maps[0].At(3, 3) == 1.0);
    CHECK(pc.Maps[0].At(4, 3) == 0.0);
    CHECK(pc.Maps[0].At(5, 5) == 1.0);
    CHECK(pc.Maps[0].At(7, 7) == 1.0); // only via row 3 of map 1 (3 + 2·2); row 6 reaches 6, 8, 10
    CHECK(pc.Maps[0].At(9, 9) == 0.0); // a dilation hole
}

TEST_CASE("rf: path counts equal a 2-D count through random stacks", "[rf]")
{
    // PathCounts works per axis (rows x columns); here every layer sums its whole 2-D window
    // (pools too: every tap is a path), so the forward value of a one-hot input is the count.
    std::mt19937 rng(21);
    int checked = 0;
    for (int trial = 0; trial < 300 && checked < 40; ++trial) {
        RfStack s = RandomStack(rng, 4, 12);
        const auto a = AnalyzeStack(s);
        if (!a) continue;
        std::vector<RfLayer> as_sums = s.Layers;
        for (RfLayer& l : as_sums) l.Type = RfLayerType::Conv;
        const RfPair top = a->Layers.back().OutSize;
        const int uy = static_cast<int>(rng() % static_cast<unsigned>(top[0])),
                  ux = static_cast<int>(rng() % static_cast<unsigned>(top[1]));
        const RfPathCounts pc = PathCounts(s, *a, static_cast<int>(s.Layers.size()), uy, ux);
        for (int py = 0; py < s.InputSize[0]; ++py)
            for (int px = 0; px < s.InputSize[1]; ++px) {
                std::vector<double> v(static_cast<std::size_t>(s.InputSize[0]) * s.InputSize[1], 0.0);
                v[static_cast<std::size_t>(py * s.InputSize[1] + px)] = 1.0;
                RfPair n = s.InputSize;
                for (std::size_t i = 0; i < as_sums.size(); ++i) {
                    v = Forward(as_sums[i], v, n, a->Layers[i].OutSize);
                    n = a->Layers[i].OutSize;
                }
                REQUIRE(pc.Maps[0].At(py, px) == v[static_cast<std::size_t>(uy * top[1] + ux)]);
            }
        ++checked;
    }
    CHECK(checked >= 30);
}

TEST_CASE("rf: invalid stacks name the layer and the reason", "[rf]")
{
    auto error_of = [](RfStack s) {
        const auto a = AnalyzeStack(s);
        return a.Ok() ? std::string() : Text(a.Error());
    };
    RfStack base;
    base.InputSize = {8, 8};
    base.InputChannels = 4;
    base.Layers = {Conv(3, 1, 1), Conv(3, 1, 1)};
    REQUIRE(error_of(base).empty());

    RfStack s = base;
    s.Layers[1].SetName("conv2");
    s.Layers[1].Kernel = {0, 3};
    CHECK_THAT(error_of(s), Catch::Contains("слой 2 'conv2' (conv): kernel (высота) должен быть в [1, 1024], получено 0"));
    s = base;
    s.Layers[0].Dilation = {1, 0};
    CHECK_THAT(error_of(s), Catch::Contains("слой 1 (conv): dilation (ширина)"));
    s = base;
    s.Layers[1].Stride = {0, 1};
    CHECK_THAT(error_of(s), Catch::Contains("слой 2 (conv): stride (высота)"));
    s = base;
    s.Layers[0].Padding = {-1, 0};
    CHECK_THAT(error_of(s), Catch::Contains("слой 1 (conv): padding (высота)"));
    s = base;
    s.Layers[1].Kernel = {11, 11};
    CHECK_THAT(error_of(s), Catch::Contains("слой 2 (conv): выход (высота) 0 <= 0"));
    s = base;
    s.Layers[0].Groups = 3;
    CHECK_THAT(error_of(s), Catch::Contains("слой 1 (conv): in_channels 4 не делится на groups 3"));
    s = base;
    s.Layers[0].Groups = 2;
    s.Layers[0].OutChannels = 5;
    CHECK_THAT(error_of(s), Catch::Contains("слой 1 (conv): out_channels 5 не делится на groups 2"));
    s = base;
    s.Layers[1].InChannels = 7;
    CHECK_THAT(error_of(s), Catch::Contains("слой 2 (conv): in_channels 7 не совпадает с числом каналов 4"));
    s = base;
    s.Layers[1] = Layer(RfLayerType::AvgPool, {2, 2}, {2, 2}, {0, 0}, {2, 2});
    CHECK_THAT(error_of(s), Catch::Contains("слой 2 (avgpool): у avgpool нет dilation"));
    s = base;
    s.Layers[0] = Layer(RfLayerType::MaxPool, {3, 3}, {1, 1}, {2, 2});
    CHECK_THAT(error_of(s), Catch::Contains("слой 1 (maxpool): padding пулинга 2×2 должен быть не больше половины ядра"));
    s = base;
    s.InputSize = {0, 8};
    CHECK_THAT(error_of(s), Catch::Contains("высота входа должна быть в [1, 16384], получено 0"));
    s = base;
    s.Layers.assign(kRfMaxLayers + 1, Conv(1, 1, 0));
    CHECK_THAT(error_of(s), Catch::Contains("не больше 256 слоёв"));
    s = base;
    s.Layers.assign(50, Conv(1, 1000, 0)); // the jump explodes long before any output is empty
    CHECK_THAT(error_of(s), Catch::Contains("больше 2^40"));
}

TEST_CASE("rf: output size and 'same' padding follow torch", "[rf]")
{
    // torch.nn.Conv2d(1, 1, 3, stride=2, padding=1)(torch.zeros(1, 1, 224, 224)).shape[-1] == 112
    CHECK(OutputSize(224, 3, 2, 1, 1) == 112);
    CHECK(OutputSize(224, 11, 4, 2, 1) == 55);
    CHECK(OutputSize(5, 3, 1, 0, 3) == 0); // effective kernel 7 > 5
    CHECK(SamePadding(3, 1) == 1);
    CHECK(SamePadding(3, 4) == 4);
    CHECK(SamePadding(4, 1) == -1); // torch pads 1 left, 2 right: not symmetric
    CHECK(SamePadding(4, 2) == 3);
}
