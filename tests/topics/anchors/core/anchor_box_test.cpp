// IoU / GIoU / DIoU / CIoU identities and edge cases (core/box.h), and the float32 IoU the
// matcher uses (core/anchor.h), checked against torchvision.ops and by hand.
#include <catch2/catch.hpp>

#include "support/message_text.h"

#include <cmath>
#include <random>

#include "topics/anchors/core/anchor.h"
#include "core/box.h"

using namespace mlviz;

namespace {

Box RandomBox(std::mt19937& rng)
{
    auto u = [&](double lo, double hi) { return lo + (hi - lo) * (rng() / 4294967296.0); };
    const double x = u(-50, 50), y = u(-50, 50);
    return Box{static_cast<float>(x), static_cast<float>(y), static_cast<float>(x + u(0.5, 40)),
               static_cast<float>(y + u(0.5, 40))};
}

} // namespace

TEST_CASE("IoU: identical, disjoint, touching, containment by hand", "[anchor]")
{
    const Box a{0, 0, 1, 1};
    CHECK(IoU(a, a) == 1.0);
    CHECK(GIoU(a, a) == 1.0);
    CHECK(DIoU(a, a) == Approx(1.0).margin(1e-12));
    CHECK(CIoU(a, a) == Approx(1.0).margin(1e-12));

    // Disjoint: hull 3 x 1, union 2 -> GIoU = -(3 - 2) / 3.
    const Box far{2, 0, 3, 1};
    CHECK(IoU(a, far) == 0.0);
    CHECK(GIoU(a, far) == Approx(-1.0 / 3.0).epsilon(1e-12));

    // Touching along an edge: IoU 0 and the hull equals the union, so GIoU 0.
    const Box touch{1, 0, 2, 1};
    CHECK(IoU(a, touch) == 0.0);
    CHECK(GIoU(a, touch) == Approx(0.0).margin(1e-15));

    // Containment: IoU = small / big; the hull is the big box, so GIoU = IoU.
    const Box big{0, 0, 4, 4}, small{1, 1, 3, 3};
    CHECK(IoU(big, small) == 0.25);
    CHECK(GIoU(big, small) == 0.25);
    // Concentric: DIoU = IoU and CIoU = IoU (same aspect ratio).
    CHECK(DIoU(big, small) == Approx(0.25).epsilon(1e-12));
    CHECK(CIoU(big, small) == Approx(0.25).epsilon(1e-12));

    // Very far apart: GIoU tends to -1.
    CHECK(GIoU(a, Box{1000, 1000, 1001, 1001}) == Approx(-1.0).margin(1e-5));
}

TEST_CASE("IoU: zero-area boxes give 0, never NaN", "[anchor]")
{
    const Box point{1, 1, 1, 1}, line{0, 0, 0, 2}, unit{0, 0, 2, 2};
    for (const Box& z : {point, line}) {
        for (const Box& other : {point, line, unit}) {
            CHECK(IoU(z, other) == 0.0);
            CHECK(std::isfinite(GIoU(z, other)));
            CHECK(std::isfinite(DIoU(z, other)));
            CHECK(std::isfinite(CIoU(z, other)));
            CHECK(BoxIouF32(z, other) == 0.0f);
        }
    }
    CHECK(ValidateBox(point).Empty());
    CHECK_FALSE(ValidateBox(Box{2, 0, 1, 1}).Empty());
    CHECK_FALSE(ValidateBox(Box{0, 2, 1, 1}).Empty());
    CHECK_FALSE(ValidateBox(Box{0, 0, INFINITY, 1}).Empty());
}

TEST_CASE("IoU family matches torchvision.ops on fixed pairs", "[anchor]")
{
    // torchvision 0.14, float64: box_iou, generalized_box_iou, distance_box_iou,
    // complete_box_iou on a = [[0,0,2,2],[0,0,2,2],[1.5,2.25,7.75,4.5],[0,0,4,4]],
    // b = [[0,0,4,2],[4,0,6,2],[3,1,5,9],[1,1,3,3]] (pairwise a[i], b[i]).
    const Box a[] = {{0, 0, 2, 2}, {0, 0, 2, 2}, {1.5f, 2.25f, 7.75f, 4.5f}, {0, 0, 4, 4}};
    const Box b[] = {{0, 0, 4, 2}, {4, 0, 6, 2}, {3, 1, 5, 9}, {1, 1, 3, 3}};
    const double iou[] = {0.5, 0.0, 0.17603911980440098, 0.25};
    const double giou[] = {0.5, -0.3333333333333333, -0.312710880195599, 0.25};
    const double diou[] = {0.45000000025, -0.399999999, 0.14662735512705644, 0.25};
    const double ciou[] = {0.44675187155077684, -0.399999999, 0.021634942105392296, 0.25};
    for (int i = 0; i < 4; ++i) {
        INFO("pair " << i);
        CHECK(IoU(a[i], b[i]) == Approx(iou[i]).epsilon(1e-12).margin(1e-15));
        CHECK(GIoU(a[i], b[i]) == Approx(giou[i]).epsilon(1e-12).margin(1e-15));
        CHECK(DIoU(a[i], b[i]) == Approx(diou[i]).epsilon(1e-9).margin(1e-12));
        CHECK(CIoU(a[i], b[i]) == Approx(ciou[i]).epsilon(1e-9).margin(1e-12));
        CHECK(BoxIouF32(a[i], b[i]) == Approx(iou[i]).epsilon(1e-6).margin(1e-7));
    }
}

TEST_CASE("IoU properties on seeded random boxes", "[anchor]")
{
    std::mt19937 rng(11);
    for (int i = 0; i < 2000; ++i) {
        const Box a = RandomBox(rng), b = RandomBox(rng);
        const double iou = IoU(a, b), giou = GIoU(a, b);
        REQUIRE(iou >= 0.0);
        REQUIRE(iou <= 1.0);
        REQUIRE(giou >= -1.0);
        REQUIRE(giou <= iou + 1e-12); // the hull penalty is never negative
        REQUIRE(IoU(b, a) == iou);    // symmetric
        REQUIRE(DIoU(a, b) <= iou + 1e-12);
        REQUIRE(DIoU(a, b) >= -1.0);
        REQUIRE(CIoU(a, b) <= DIoU(a, b) + 1e-12);
        // Scaling both boxes by 2 (exact in float) leaves IoU unchanged.
        const Box a2{2 * a.X1, 2 * a.Y1, 2 * a.X2, 2 * a.Y2}, b2{2 * b.X1, 2 * b.Y1, 2 * b.X2, 2 * b.Y2};
        REQUIRE(IoU(a2, b2) == Approx(iou).margin(1e-12));
        // The float32 IoU agrees with the double one to float precision.
        REQUIRE(BoxIouF32(a, b) == Approx(iou).margin(2e-6));
        // Nested pair: GIoU equals IoU because the hull is the outer box, which is the union.
        const Box inner{a.X1 + 0.25f * a.Width(), a.Y1 + 0.25f * a.Height(), a.X2 - 0.25f * a.Width(), a.Y2 - 0.25f * a.Height()};
        REQUIRE(GIoU(a, inner) == Approx(IoU(a, inner)).margin(1e-9));
    }
}

TEST_CASE("BoxIouF32 rounds exactly like torchvision box_iou in float32", "[anchor]")
{
    // torchvision: box_iou([[0,0,10,10]], [[0,0,7,10],[0,0,6.9,10]]) = [0.699999988079071, 0.6899999976158142]
    CHECK(BoxIouF32(Box{0, 0, 10, 10}, Box{0, 0, 7, 10}) == 0.7f);
    CHECK(BoxIouF32(Box{0, 0, 10, 10}, Box{0, 0, 6.9f, 10}) == 0.69f);
    // [[0,0,10,10]] vs [[5,0,15,10]]: 50 / 150 = 0.3333333432674408 in float32
    CHECK(BoxIouF32(Box{0, 0, 10, 10}, Box{5, 0, 15, 10}) == 0.3333333432674408f);
    const std::vector<Box> a = {{0, 0, 10, 10}, {2, 0, 12, 10}};
    const std::vector<Box> b = {{0, 0, 10, 10}, {10, 0, 20, 10}, {0, 0, 7, 10}};
    const auto m = BoxIouMatrix(a, b);
    REQUIRE(m.size() == 6);
    // torchvision rows: [1, 0, 0.7], [0.6666666865348816, 0.1111111119389534, 0.4166666567325592]
    CHECK(m[0] == 1.0f);
    CHECK(m[1] == 0.0f);
    CHECK(m[2] == 0.7f);
    CHECK(m[3] == 0.6666666865348816f);
    CHECK(m[4] == 0.1111111119389534f);
    CHECK(m[5] == 0.4166666567325592f);
}

TEST_CASE("ShapeIoU aligns shapes at a common centre", "[anchor]")
{
    CHECK(ShapeIoU({10, 10}, {10, 10}) == 1.0);
    CHECK(ShapeIoU({10, 20}, {20, 10}) == Approx(100.0 / 300.0));
    CHECK(ShapeIoU({4, 4}, {8, 8}) == 0.25);
    CHECK(ShapeIoU({0, 4}, {8, 8}) == 0.0);
    CHECK(ShapeIoU({0, 0}, {0, 0}) == 0.0);
}
