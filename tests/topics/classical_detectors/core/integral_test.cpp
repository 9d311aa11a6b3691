// Integral images, four-lookup rectangle sums, the step-through and the five Haar features.
#include <catch2/catch.hpp>

#include <cmath>
#include <random>

#include "core/random.h"
#include "topics/classical_detectors/core/test_data.h"
#include "topics/classical_detectors/core/haar_features.h"
#include "topics/classical_detectors/core/integral.h"

using namespace mlviz;

namespace {

GreyImage RandomGrey(int w, int h, unsigned seed)
{
    std::mt19937 rng(seed);
    GreyImage g = MakeGreyImage(w, h);
    for (auto& p : g.Pixels) p = static_cast<std::uint8_t>(UniformInt(rng, 256));
    return g;
}

long long BruteSum(const GreyImage& g, IntRect r, bool squares = false)
{
    long long s = 0;
    for (int y = r.Y; y < r.Y + r.H; ++y)
        for (int x = r.X; x < r.X + r.W; ++x) s += squares ? g.At(x, y) * g.At(x, y) : g.At(x, y);
    return s;
}

} // namespace

TEST_CASE("integral: hand 3x2 image, zero first row and column like cv2.integral", "[classical_detectors]")
{
    GreyImage g = MakeGreyImage(3, 2);
    g.Pixels = {1, 2, 3, 4, 5, 6};
    auto ii = ComputeIntegral(g);
    REQUIRE(ii);
    // cv2.integral(np.array([[1,2,3],[4,5,6]], np.uint8)) = [[0,0,0,0],[0,1,3,6],[0,5,12,21]]
    CHECK(ii->Sum == std::vector<std::int64_t>{0, 0, 0, 0, 0, 1, 3, 6, 0, 5, 12, 21});
    CHECK(ii->SqSum == std::vector<std::int64_t>{0, 0, 0, 0, 0, 1, 5, 14, 0, 17, 46, 91});
    auto l = LookupRectSum(*ii, {1, 0, 2, 2}); // 2 + 3 + 5 + 6
    REQUIRE(l);
    CHECK(l->Sum == 16);
    CHECK(l->Value == std::array<std::int64_t, 4>{0, 0, 5, 21}); // A B C D: 21 - 0 - 5 + 0
    CHECK(l->Area == 4);
    CHECK_FALSE(LookupRectSum(*ii, {2, 0, 2, 1}));
    CHECK_FALSE(LookupRectSum(*ii, {-1, 0, 1, 1}));
    CHECK(LookupRectSum(*ii, {3, 2, 0, 0})->Sum == 0);
}

TEST_CASE("integral: every rectangle of a random image equals brute force", "[classical_detectors]")
{
    const GreyImage g = RandomGrey(13, 9, 7);
    auto ii = ComputeIntegral(g);
    REQUIRE(ii);
    for (int y = 0; y <= g.Height; ++y)
        for (int x = 0; x <= g.Width; ++x)
            for (int h = 0; y + h <= g.Height; h += 2)
                for (int w = 0; x + w <= g.Width; w += 3) {
                    CHECK(RectSum(*ii, {x, y, w, h}) == BruteSum(g, {x, y, w, h}));
                    CHECK(RectSqSum(*ii, {x, y, w, h}) == BruteSum(g, {x, y, w, h}, true));
                }
}

TEST_CASE("integral: equals cv2.integral2 on the photos", "[classical_detectors]")
{
    struct Ref {
        const char* Name;
        std::uint64_t Sum, SqSum;
    };
    // tools/classical_detectors_reference.py integral, OpenCV 4.6.0
    const Ref refs[] = {
        {"astronaut", 10703287667278318503uLL, 131624686577853029uLL},
        {"chelsea", 13004085055088630983uLL, 8528347555692961081uLL},
    };
    for (const Ref& r : refs) {
        auto ii = ComputeIntegral(cd_test::LoadGrey(r.Name));
        REQUIRE(ii);
        CHECK(cd_test::Checksum(ii->Sum) == r.Sum);
        CHECK(cd_test::Checksum(ii->SqSum) == r.SqSum);
    }
}

TEST_CASE("integral: the stepper fills the same table cell by cell and scrubs back", "[classical_detectors]")
{
    const GreyImage g = RandomGrey(5, 4, 3);
    auto full = ComputeIntegral(g);
    auto started = IntegralStepper::Start(g);
    REQUIRE(started);
    IntegralStepper* st = &started.Value();
    CHECK(st->Table()[7] == -1); // (1, 1) not written yet
    const IntegralStep s1 = st->Advance();
    CHECK(s1.X == 1);
    CHECK(s1.Y == 1);
    CHECK(s1.Value == g.At(0, 0));
    st->Advance(7); // cell 8: x = 3, y = 2
    const IntegralStep s8 = st->Last();
    CHECK(s8.X == 3);
    CHECK(s8.Y == 2);
    CHECK(s8.Value == s8.Pixel + s8.Left + s8.Up - s8.UpLeft);
    CHECK(s8.Value == full->At(3, 2));
    st->Advance(1000);
    CHECK(st->Finished());
    CHECK(st->Table() == full->Sum);
    st->Seek(3);
    CHECK(st->CellsDone() == 3);
    CHECK(st->Table()[static_cast<std::size_t>(1) * 6 + 4] == -1);
    CHECK_FALSE(IntegralStepper::Start(MakeGreyImage(65, 64)));
}

TEST_CASE("haar: the five feature types as weighted rectangles, response = light - dark", "[classical_detectors]")
{
    const GreyImage g = RandomGrey(20, 16, 11);
    auto ii = ComputeIntegral(g);
    REQUIRE(ii);
    for (int k = 0; k < static_cast<int>(HaarFeatureKind::Count); ++k) {
        HaarFeature f;
        f.Kind = static_cast<HaarFeatureKind>(k);
        f.X = 2;
        f.Y = 3;
        f.CellW = 3;
        f.CellH = 2;
        auto r = EvaluateHaarFeature(*ii, f);
        REQUIRE(r);
        const int cw = 3, ch = 2, x = 2, y = 3;
        auto cell = [&](int cx, int cy) { return static_cast<double>(BruteSum(g, {x + cx * cw, y + cy * ch, cw, ch})); };
        double expected = 0.0;
        switch (f.Kind) {
        case HaarFeatureKind::EdgeX: expected = cell(1, 0) - cell(0, 0); break;
        case HaarFeatureKind::EdgeY: expected = cell(0, 1) - cell(0, 0); break;
        case HaarFeatureKind::LineX: expected = 2 * cell(1, 0) - cell(0, 0) - cell(2, 0); break;
        case HaarFeatureKind::LineY: expected = 2 * cell(0, 1) - cell(0, 0) - cell(0, 2); break;
        default: expected = cell(1, 0) + cell(0, 1) - cell(0, 0) - cell(1, 1); break;
        }
        INFO(HaarFeatureKindName(f.Kind));
        CHECK(r->Raw == expected);
        const IntRect box = f.Box();
        const double area = box.W * box.H, s = BruteSum(g, box), sq = BruteSum(g, box, true);
        CHECK(r->Normaliser == Approx(std::sqrt(area * sq - s * s)));
        HaarFeatureKind back;
        CHECK(HaarFeatureKindFromName(HaarFeatureKindName(f.Kind), back));
        CHECK(back == f.Kind);
    }
}

TEST_CASE("haar: response map equals single evaluations, bad placements fail", "[classical_detectors]")
{
    const GreyImage g = RandomGrey(17, 12, 5);
    auto ii = ComputeIntegral(g);
    HaarFeature f{HaarFeatureKind::LineY, 0, 0, 4, 2};
    const int mw = HaarMapWidth(*ii, f), mh = HaarMapHeight(*ii, f);
    CHECK(mw == 14);
    CHECK(mh == 7);
    std::vector<float> map;
    REQUIRE(FillHaarResponseMap(*ii, f, false, 0, 4, map));
    REQUIRE(FillHaarResponseMap(*ii, f, false, 4, 100, map));
    std::vector<float> norm;
    REQUIRE(FillHaarResponseMap(*ii, f, true, 0, mh, norm));
    for (int y = 0; y < mh; ++y)
        for (int x = 0; x < mw; ++x) {
            f.X = x;
            f.Y = y;
            auto r = EvaluateHaarFeature(*ii, f);
            CHECK(map[y * mw + x] == static_cast<float>(r->Raw));
            CHECK(norm[y * mw + x] == static_cast<float>(r->Normalised));
        }
    f.X = 14;
    CHECK_FALSE(EvaluateHaarFeature(*ii, f));
    f.X = 0;
    f.CellW = 0;
    CHECK_FALSE(EvaluateHaarFeature(*ii, f));
    HaarFeature big{HaarFeatureKind::Checker, 0, 0, 9, 9};
    CHECK_FALSE(FillHaarResponseMap(*ii, big, false, 0, 1, map));
}

TEST_CASE("haar: dragging the corner picks the cell size whose box ends nearest, inside the image", "[classical_detectors]")
{
    HaarFeature f;
    f.Kind = HaarFeatureKind::LineX; // 3 x 1 cells
    f.X = 10;
    f.Y = 20;
    // Corner at (10 + 3 * 7, 20 + 1 * 9) exactly: cells 7 x 9.
    HaarCellSize s = HaarCellsForCorner(f, 31.0, 29.0, 100, 100, 64);
    CHECK(s.CellW == 7);
    CHECK(s.CellH == 9);
    // Nearest: 3 cells across 20 pixels is 6.67 -> 7; 4.4 rows -> 4.
    s = HaarCellsForCorner(f, 30.0, 24.4, 100, 100, 64);
    CHECK(s.CellW == 7);
    CHECK(s.CellH == 4);
    // Behind the origin or on it: one pixel a cell, never zero or negative.
    s = HaarCellsForCorner(f, 0.0, -50.0, 100, 100, 64);
    CHECK(s.CellW == 1);
    CHECK(s.CellH == 1);
    // Past the image: the largest box that still fits (3 * 30 = 90 <= 100 - 10), and the cap.
    s = HaarCellsForCorner(f, 500.0, 500.0, 100, 100, 64);
    CHECK(s.CellW == 30);
    CHECK(s.CellH == 64);
    f.Kind = HaarFeatureKind::Checker; // 2 x 2 cells
    s = HaarCellsForCorner(f, 1e300, NAN, 40, 40, 64);
    CHECK(s.CellW == 15);
    CHECK(s.CellH == 1);
    const auto ii = ComputeIntegral(GreyImage{40, 40, std::vector<std::uint8_t>(1600, 7)});
    REQUIRE(ii.Ok());
    CHECK(EvaluateHaarFeature(*ii, HaarFeature{f.Kind, f.X, f.Y, s.CellW, s.CellH}).Ok()); // the box fits
}
