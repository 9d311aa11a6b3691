// CPU side of the heatmap pass: grid sampling, bilinear lookup, value ranges, linear/log
// mapping and its inverse, contour levels, colormaps, and nice axis ticks.
#include <catch2/catch.hpp>

#include <cmath>
#include <limits>
#include <random>
#include <vector>

#include "core/colormap.h"
#include "core/heatmap.h"
#include "core/ticks.h"

using namespace mlviz;

namespace {

constexpr double kNaN = std::numeric_limits<double>::quiet_NaN();
constexpr double kInf = std::numeric_limits<double>::infinity();

double Uniform(std::mt19937& rng, double lo, double hi)
{
    return lo + (hi - lo) * (rng() / 4294967296.0);
}

} // namespace

TEST_CASE("SampleGrid samples at cell centres, row 0 at the bottom", "[found][heatmap]")
{
    const Bounds2 area{0.0, 4.0, 0.0, 2.0};
    const ScalarGrid g = SampleGrid([](double x, double y) { return x + 10.0 * y; }, area, 4, 2);
    REQUIRE(g.Width == 4);
    REQUIRE(g.Height == 2);
    REQUIRE(g.Values.size() == 8);
    // Centres x = 0.5, 1.5, 2.5, 3.5 and y = 0.5 (row 0), 1.5 (row 1).
    const float expected[8] = {5.5f, 6.5f, 7.5f, 8.5f, 15.5f, 16.5f, 17.5f, 18.5f};
    for (int k = 0; k < 8; ++k) CHECK(g.Values[k] == expected[k]);
    CHECK(g.At(3, 1) == 18.5f);
    CHECK(g.CellX(0) == 0.5);
    CHECK(g.CellY(1) == 1.5);

    // Non-square cells and negative bounds.
    const ScalarGrid h = SampleGrid([](double x, double y) { return x * y; }, Bounds2{-3.0, 3.0, -1.0, 0.0}, 3, 4);
    CHECK(h.CellX(0) == -2.0);
    CHECK(h.CellY(0) == -0.875);
    CHECK(h.At(0, 0) == Approx(1.75));
}

TEST_CASE("SampleGrid clamps its size and keeps NaN/inf as 'no data'", "[found][heatmap]")
{
    const auto f = [](double x, double) { return x; };
    CHECK(SampleGrid(f, {}, 0, 0).Width == 1);
    CHECK(SampleGrid(f, {}, -5, 3).Width == 1);
    const ScalarGrid wide = SampleGrid(f, {}, 100000, 1);
    CHECK(wide.Width == 4096);
    CHECK(wide.Values.size() == 4096);
    const ScalarGrid g = SampleGrid([](double x, double) { return x < 0 ? kNaN : 1.0 / x; }, Bounds2{-1, 1, 0, 1}, 4, 1);
    CHECK(std::isnan(g.Values[0]));
    CHECK(g.Values[3] == Approx(1.0 / 0.75));
}

TEST_CASE("SampleBilinear is exact at centres and linear between them", "[found][heatmap]")
{
    const Bounds2 area{-2.0, 2.0, -1.0, 3.0};
    // A plane is reproduced exactly anywhere between the outermost centres.
    const auto plane = [](double x, double y) { return 2.0 * x - 3.0 * y + 1.0; };
    const ScalarGrid g = SampleGrid(plane, area, 8, 5);
    std::mt19937 rng(47u);
    for (int k = 0; k < 500; ++k) {
        const double x = Uniform(rng, g.CellX(0), g.CellX(7)), y = Uniform(rng, g.CellY(0), g.CellY(4));
        CHECK(SampleBilinear(g, x, y) == Approx(plane(x, y)).margin(1e-5));
    }
    // A non-linear field: exact at centres, the mean of the 4 neighbours at the cell corner.
    const ScalarGrid s = SampleGrid([](double x, double y) { return x * x * y; }, area, 8, 5);
    for (int j = 0; j < 5; ++j)
        for (int i = 0; i < 8; ++i) CHECK(SampleBilinear(s, s.CellX(i), s.CellY(j)) == Approx(s.At(i, j)).margin(1e-6));
    const double xm = 0.5 * (s.CellX(2) + s.CellX(3)), ym = 0.5 * (s.CellY(1) + s.CellY(2));
    const double mean = 0.25 * (double(s.At(2, 1)) + s.At(3, 1) + s.At(2, 2) + s.At(3, 2));
    CHECK(SampleBilinear(s, xm, ym) == Approx(mean).margin(1e-6));
    // Along an edge between two centres: linear in the fraction.
    const double x13 = s.CellX(4) + 0.25 * (s.CellX(5) - s.CellX(4));
    CHECK(SampleBilinear(s, x13, s.CellY(3)) == Approx(0.75 * s.At(4, 3) + 0.25 * s.At(5, 3)).margin(1e-6));
    // Outside the grid the value clamps to the nearest edge centre.
    CHECK(SampleBilinear(s, -100.0, s.CellY(0)) == Approx(s.At(0, 0)));
    CHECK(SampleBilinear(s, 100.0, 100.0) == Approx(s.At(7, 4)));
    CHECK(SampleBilinear(s, area.XMin, area.YMin) == Approx(s.At(0, 0)));
    // Degenerate grids.
    const ScalarGrid one = SampleGrid([](double, double) { return 3.0; }, area, 1, 1);
    CHECK(SampleBilinear(one, 0.3, -0.2) == 3.0);
    CHECK(std::isnan(SampleBilinear(ScalarGrid{}, 0.0, 0.0)));
}

TEST_CASE("FiniteRange ignores NaN and inf", "[found][heatmap]")
{
    const float nan = std::numeric_limits<float>::quiet_NaN(), inf = std::numeric_limits<float>::infinity();
    const ValueRange r = FiniteRange({nan, inf, 3.0f, -inf, -2.0f, 7.0f, nan});
    CHECK(r.Valid);
    CHECK(r.Min == -2.0);
    CHECK(r.Max == 7.0);
    const ValueRange one = FiniteRange({inf, 4.5f});
    CHECK(one.Valid);
    CHECK(one.Min == 4.5);
    CHECK(one.Max == 4.5);
    CHECK_FALSE(FiniteRange({nan, inf, -inf}).Valid);
    CHECK_FALSE(FiniteRange({}).Valid);
    const ValueRange big = FiniteRange({-std::numeric_limits<float>::max(), std::numeric_limits<float>::max()});
    CHECK(big.Valid);
    CHECK(big.Max == std::numeric_limits<float>::max());
}

TEST_CASE("Normalize: linear and log are monotone with endpoints 0 and 1", "[found][heatmap]")
{
    const ColorMapping lin{-2.0, 6.0, ColorScale::Linear};
    CHECK(lin.Normalize(-2.0) == 0.0);
    CHECK(lin.Normalize(6.0) == 1.0);
    CHECK(lin.Normalize(0.0) == 0.25);
    CHECK(lin.Normalize(-100.0) == 0.0); // clamped
    CHECK(lin.Normalize(100.0) == 1.0);
    CHECK(std::isnan(lin.Normalize(kNaN)));
    CHECK(std::isnan(lin.Normalize(kInf)));
    CHECK(std::isnan(lin.Normalize(-kInf)));

    // Log: t = log(1 + d / s) / log(1 + w / s), s = LogFloor * w. With [0, 1] and floor 0.1:
    // t(0.5) = log(6) / log(11).
    const ColorMapping log{0.0, 1.0, ColorScale::Log, 0.1};
    CHECK(log.Normalize(0.0) == 0.0);
    CHECK(log.Normalize(1.0) == Approx(1.0).epsilon(1e-15));
    CHECK(log.Normalize(0.5) == Approx(std::log(6.0) / std::log(11.0)).epsilon(1e-14));
    CHECK(log.Normalize(0.5) > lin.Normalize(0.5 * 8.0 - 2.0)); // log lifts values near the minimum
    CHECK(std::isnan(log.Normalize(kNaN)));

    // Monotone on seeded random values, for ranges far from 0 and spanning decades.
    std::mt19937 rng(3u);
    const ColorMapping maps[] = {{-5.0, 5.0, ColorScale::Linear},
                                 {1e-3, 1e4, ColorScale::Log, 1e-3},
                                 {-1e6, -1e2, ColorScale::Log, 1e-6},
                                 {0.0, 2500.0, ColorScale::Log, 1e-3},
                                 {3.0, 3.0 + 1e-9, ColorScale::Log, 0.0}};
    for (const ColorMapping& m : maps) {
        CHECK(m.Normalize(m.Min) == Approx(0.0).margin(1e-12));
        CHECK(m.Normalize(m.Max) == Approx(1.0).epsilon(1e-12));
        std::vector<double> vs;
        for (int k = 0; k < 400; ++k) vs.push_back(Uniform(rng, m.Min, m.Max));
        std::sort(vs.begin(), vs.end());
        double prev = -1.0;
        for (double v : vs) {
            const double t = m.Normalize(v);
            REQUIRE(t >= 0.0);
            REQUIRE(t <= 1.0);
            REQUIRE(t >= prev);
            prev = t;
        }
    }
}

TEST_CASE("Normalize: a zero-width range maps everything finite to 0.5", "[found][heatmap]")
{
    for (ColorScale s : {ColorScale::Linear, ColorScale::Log}) {
        const ColorMapping m{2.0, 2.0, s};
        CHECK(m.Normalize(2.0) == 0.5);
        CHECK(m.Normalize(-7.0) == 0.5);
        CHECK(std::isnan(m.Normalize(kNaN)));
        CHECK(Denormalize(m, 0.3) == 2.0);
    }
}

TEST_CASE("Denormalize inverts Normalize", "[found][heatmap]")
{
    std::mt19937 rng(11u);
    const ColorMapping maps[] = {{-5.0, 5.0, ColorScale::Linear},
                                 {0.0, 1.0, ColorScale::Log, 0.1},
                                 {1e-3, 1e4, ColorScale::Log, 1e-3},
                                 {-40.0, 2.0, ColorScale::Log, 1e-5}};
    for (const ColorMapping& m : maps) {
        for (int k = 0; k <= 20; ++k) {
            const double t = k / 20.0;
            CHECK(m.Normalize(Denormalize(m, t)) == Approx(t).margin(1e-10));
        }
        for (int k = 0; k < 200; ++k) {
            const double v = Uniform(rng, m.Min, m.Max);
            CHECK(Denormalize(m, m.Normalize(v)) == Approx(v).epsilon(1e-9).margin(1e-9 * (m.Max - m.Min)));
        }
        CHECK(Denormalize(m, -1.0) == m.Min); // t clamps to [0, 1]
        CHECK(Denormalize(m, 2.0) == Approx(m.Max));
    }
}

TEST_CASE("ContourLevels are evenly spaced in t", "[found][heatmap]")
{
    const ColorMapping lin{0.0, 10.0, ColorScale::Linear};
    const std::vector<double> l = ContourLevels(lin, 4);
    REQUIRE(l.size() == 4);
    CHECK(l[0] == Approx(2.0));
    CHECK(l[1] == Approx(4.0));
    CHECK(l[2] == Approx(6.0));
    CHECK(l[3] == Approx(8.0));
    CHECK(ContourLevels(lin, 0).empty());
    CHECK(ContourLevels(lin, -3).empty());
    CHECK(ContourLevels(lin, 100000).size() == 256); // clamped
    const ColorMapping log{0.0, 1000.0, ColorScale::Log, 1e-3};
    const std::vector<double> g = ContourLevels(log, 9);
    REQUIRE(g.size() == 9);
    for (std::size_t k = 0; k < g.size(); ++k) {
        CHECK(log.Normalize(g[k]) == Approx((k + 1) / 10.0).margin(1e-12));
        if (k) CHECK(g[k] > g[k - 1]);
    }
    CHECK(g[0] < 10.0); // log levels crowd towards the minimum
}

TEST_CASE("SymmetricMapping centres 0 at t = 0.5", "[found][heatmap]")
{
    const ColorMapping m = SymmetricMapping(ValueRange{-2.0, 5.0, true});
    CHECK(m.Min == -5.0);
    CHECK(m.Max == 5.0);
    CHECK(m.Normalize(0.0) == 0.5);
    CHECK(m.Normalize(-5.0) == 0.0);
    CHECK(m.Normalize(2.5) == 0.75);
    const ColorMapping neg = SymmetricMapping(ValueRange{-7.0, -3.0, true});
    CHECK(neg.Min == -7.0);
    CHECK(neg.Max == 7.0);
    const ColorMapping zero = SymmetricMapping(ValueRange{0.0, 0.0, true});
    CHECK(zero.Min == -1.0);
    CHECK(zero.Max == 1.0);
    const ColorMapping invalid = SymmetricMapping(ValueRange{});
    CHECK(invalid.Min == -1.0);
    CHECK(invalid.Max == 1.0);
}

TEST_CASE("Colormaps: viridis and RdBu_r endpoints and centres", "[found][heatmap][colormap]")
{
    auto near = [](Rgb8 c, int r, int g, int b, int tol) {
        return std::abs(c.R - r) <= tol && std::abs(c.G - g) <= tol && std::abs(c.B - b) <= tol;
    };
    const Rgb8 v0 = SampleColormap(Colormap::Viridis, 0.0), v1 = SampleColormap(Colormap::Viridis, 1.0);
    CHECK((v0.R == 0x44 && v0.G == 0x01 && v0.B == 0x54));                    // #440154
    CHECK((v1.R == 0xfd && v1.G == 0xe7 && v1.B == 0x25));                    // #fde725
    CHECK(near(SampleColormap(Colormap::Viridis, 0.5), 0x21, 0x91, 0x8c, 1)); // #21918c
    // Table entries as matplotlib 3.6 gives them (colormaps['viridis'/'RdBu_r'](linspace(0, 1, 256)),
    // times 255, rounded; checked against the whole table once: identical).
    const struct {
        int I;
        unsigned char V[3], D[3];
    } entries[] = {
        {32, {71, 45, 123}, {42, 113, 178}},    {64, {59, 82, 139}, {107, 172, 209}},  {96, {44, 114, 142}, {194, 221, 236}},
        {160, {40, 174, 128}, {251, 204, 180}}, {192, {94, 201, 98}, {228, 128, 102}}, {224, {173, 220, 48}, {186, 40, 50}},
    };
    for (const auto& e : entries) {
        INFO("entry " << e.I);
        for (int c = 0; c < 3; ++c) {
            CHECK(kViridis[e.I][c] == e.V[c]);
            CHECK(kDiverging[e.I][c] == e.D[c]);
        }
        const Rgb8 s = SampleColormap(Colormap::Viridis, e.I / 255.0);
        CHECK((s.R == e.V[0] && s.G == e.V[1] && s.B == e.V[2]));
    }
    // Diverging: blue below, near-white centre, red above.
    const Rgb8 d0 = SampleColormap(Colormap::Diverging, 0.0), dc = SampleColormap(Colormap::Diverging, 0.5),
               d1 = SampleColormap(Colormap::Diverging, 1.0);
    CHECK(d0.B > d0.R + 50);
    CHECK(d1.R > d1.B + 50);
    CHECK(dc.R >= 240);
    CHECK(dc.G >= 240);
    CHECK(dc.B >= 240);
    // Clamping and "no data".
    const Rgb8 lo = SampleColormap(Colormap::Viridis, -3.0), hi = SampleColormap(Colormap::Viridis, 7.0);
    CHECK((lo.R == v0.R && lo.G == v0.G && lo.B == v0.B));
    CHECK((hi.R == v1.R && hi.G == v1.G && hi.B == v1.B));
    for (double bad : {kNaN, kInf, -kInf}) {
        const Rgb8 g = SampleColormap(Colormap::Diverging, bad);
        CHECK((g.R == 128 && g.G == 128 && g.B == 128));
    }
    CHECK(&ColormapTable(Colormap::Viridis) == &kViridis);
    CHECK(&ColormapTable(Colormap::Diverging) == &kDiverging);
}

TEST_CASE("Colormaps: viridis gets lighter monotonically, interpolation is continuous", "[found][heatmap][colormap]")
{
    auto luminance = [](const unsigned char* c) {
        auto lin = [](double u) {
            u /= 255.0;
            return u <= 0.04045 ? u / 12.92 : std::pow((u + 0.055) / 1.055, 2.4);
        };
        return 0.2126 * lin(c[0]) + 0.7152 * lin(c[1]) + 0.0722 * lin(c[2]);
    };
    for (int i = 1; i < 256; ++i) CHECK(luminance(kViridis[i]) >= luminance(kViridis[i - 1]) - 1e-3);
    for (int k = 0; k < 1000; ++k) {
        const Rgb8 a = SampleColormap(Colormap::Viridis, k / 1000.0), b = SampleColormap(Colormap::Viridis, (k + 1) / 1000.0);
        CHECK(std::abs(a.R - b.R) + std::abs(a.G - b.G) + std::abs(a.B - b.B) <= 6);
    }
}

TEST_CASE("NiceTicks: hand-computed cases", "[found][ticks]")
{
    auto same = [](const std::vector<double>& a, const std::vector<double>& b) {
        if (a.size() != b.size()) return false;
        for (std::size_t i = 0; i < a.size(); ++i)
            if (std::fabs(a[i] - b[i]) > 1e-12 * (1.0 + std::fabs(b[i]))) return false;
        return true;
    };
    CHECK(same(NiceTicks(0.0, 1.0, 5), {0.0, 0.2, 0.4, 0.6, 0.8, 1.0}));
    CHECK(same(NiceTicks(-1.0, 1.0, 4), {-1.0, -0.5, 0.0, 0.5, 1.0}));
    CHECK(same(NiceTicks(-6.0, 6.0, 6), {-6.0, -4.0, -2.0, 0.0, 2.0, 4.0, 6.0}));
    CHECK(same(NiceTicks(3.0, 97.0, 5), {20.0, 40.0, 60.0, 80.0}));
    CHECK(same(NiceTicks(1e-9, 5e-9, 4), {1e-9, 2e-9, 3e-9, 4e-9, 5e-9}));
    CHECK(same(NiceTicks(-2500.0, -1000.0, 3), {-2500.0, -2000.0, -1500.0, -1000.0}));
    CHECK(NiceStep(10.0, 5) == 2.0);
    CHECK(NiceStep(1.0, 4) == 0.2); // 0.25 rounds to 0.2
    CHECK(NiceStep(6.9, 1) == 5.0);
    CHECK(NiceStep(7.5, 1) == 10.0);
    CHECK(NiceStep(0.0, 5) == 0.0);
    CHECK(NiceTicks(1.0, 1.0, 5).empty());
    CHECK(NiceTicks(2.0, 1.0, 5).empty());
    CHECK(NiceTicks(kNaN, 1.0, 5).empty());
    CHECK(NiceTicks(0.0, kInf, 5).empty());
    CHECK(NiceTicks(-std::numeric_limits<double>::max(), std::numeric_limits<double>::max(), 5).empty());
    // The tick at zero is exactly zero, never -1e-17.
    for (const double z : NiceTicks(-0.3, 0.7, 10))
        if (std::fabs(z) < 1e-6) CHECK(std::signbit(z) == false);
}

TEST_CASE("NiceTicks: properties on seeded random ranges", "[found][ticks]")
{
    std::mt19937 rng(99u);
    for (int k = 0; k < 3000; ++k) {
        const double scale = std::pow(10.0, Uniform(rng, -12.0, 12.0));
        const double lo = Uniform(rng, -1.0, 1.0) * scale, span = Uniform(rng, 1e-3, 5.0) * scale;
        const double hi = lo + span;
        const int target = 2 + static_cast<int>(rng() % 11); // >= 2: at least one tick always fits
        INFO("lo " << lo << " hi " << hi << " target " << target);
        const std::vector<double> t = NiceTicks(lo, hi, target);
        REQUIRE(t.size() >= 1);
        REQUIRE(t.size() <= static_cast<std::size_t>(2.5 * target + 2));
        const double step = NiceStep(hi - lo, target);
        const double mantissa = step / std::pow(10.0, std::floor(std::log10(step) + 1e-9));
        CHECK((std::fabs(mantissa - 1.0) < 1e-6 || std::fabs(mantissa - 2.0) < 1e-6 || std::fabs(mantissa - 5.0) < 1e-6));
        for (std::size_t i = 0; i < t.size(); ++i) {
            CHECK(t[i] >= lo - 1e-6 * step);
            CHECK(t[i] <= hi + 1e-6 * step);
            if (i) CHECK(t[i] - t[i - 1] == Approx(step).epsilon(1e-6));
        }
    }
}
