// FAST-9 against cv2.FastFeatureDetector (python3-opencv 4.6.0) on the same grey photos.
#include <catch2/catch.hpp>

#include "topics/classical_detectors/core/fast.h"
#include "topics/classical_detectors/core/test_data.h"

using namespace mlviz;

namespace {

struct FastRef {
    const char* Image;
    int Threshold;
    bool Nonmax;
    int Count;
    std::uint64_t Sum;
};
// tools/classical_detectors_reference.py fast, OpenCV 4.6.0:
// cv2.FastFeatureDetector_create(t, nonmax).detect(grey) -> (x, y, response) in OpenCV's order
const FastRef kFastRefs[] = {
    {"astronaut", 10, true, 3688, 4276277744647782uLL}, {"astronaut", 10, false, 16187, 17559383485377179uLL},
    {"astronaut", 20, true, 1872, 2236528349945361uLL}, {"astronaut", 20, false, 7245, 7950183466418179uLL},
    {"astronaut", 40, true, 749, 982365683271760uLL},   {"astronaut", 40, false, 2365, 2707333885419818uLL},
    {"coffee", 10, true, 5327, 6099447170887077uLL},    {"coffee", 10, false, 15605, 16779267866568425uLL},
    {"coffee", 20, true, 2368, 2573431810833049uLL},    {"coffee", 20, false, 5714, 5851561292081897uLL},
    {"coffee", 40, true, 662, 755406282359652uLL},      {"coffee", 40, false, 1467, 1618666356139347uLL},
    {"chelsea", 10, true, 3013, 2208987645195499uLL},   {"chelsea", 10, false, 9265, 6256005090997472uLL},
    {"chelsea", 20, true, 885, 649678214011970uLL},     {"chelsea", 20, false, 1878, 1253098875300632uLL},
    {"chelsea", 40, true, 66, 47916572045499uLL},       {"chelsea", 40, false, 113, 70009026753855uLL},
};

} // namespace

TEST_CASE("fast: hand-made corner, score = largest threshold that keeps it", "[classical_detectors]")
{
    // A bright 9x9 image with one dark pixel: all 16 circle pixels are brighter by 100.
    GreyImage g = MakeGreyImage(9, 9, 150);
    g.At(4, 4) = 50;
    auto c = DetectFast(g, 20, true);
    REQUIRE(c);
    REQUIRE(c->size() == 1);
    CHECK(c->at(0).X == 4);
    CHECK(c->at(0).Y == 4);
    CHECK(c->at(0).Score == 99); // min |p - c| over an arc = 100, minus 1
    CHECK(FastScore(g, 4, 4, 99) == 99);
    CHECK(FastScore(g, 4, 4, 100) == 0); // needs > t: 100 > 100 fails
    // Eight contiguous circle pixels are not enough, nine are.
    GreyImage arc = MakeGreyImage(9, 9, 100);
    for (int k = 0; k < 8; ++k) arc.At(4 + kFastCircle[k][0], 4 + kFastCircle[k][1]) = 200;
    CHECK(FastScore(arc, 4, 4, 10) == 0);
    arc.At(4 + kFastCircle[8][0], 4 + kFastCircle[8][1]) = 200;
    CHECK(FastScore(arc, 4, 4, 10) == 99);
    CHECK_FALSE(DetectFast(g, 256, true));
    CHECK_FALSE(DetectFast(g, -1, true));
    CHECK(DetectFast(MakeGreyImage(6, 40), 10, true)->empty());
}

TEST_CASE("fast: equals cv2.FastFeatureDetector exactly (positions, order, scores)", "[classical_detectors]")
{
    for (const FastRef& r : kFastRefs) {
        const GreyImage g = cd_test::LoadGrey(r.Image);
        auto c = DetectFast(g, r.Threshold, r.Nonmax);
        REQUIRE(c);
        std::vector<int> flat;
        for (const FastCorner& k : *c) flat.insert(flat.end(), {k.X, k.Y, r.Nonmax ? k.Score : 0});
        INFO(r.Image << " t=" << r.Threshold << " nonmax=" << r.Nonmax);
        CHECK(static_cast<int>(c->size()) == r.Count);
        CHECK(cd_test::Checksum(flat) == r.Sum);
    }
}
