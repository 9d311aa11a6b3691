// OpenCV-exact grey conversion and INTER_LINEAR_EXACT resizing against python3-opencv 4.6.0.
#include <catch2/catch.hpp>

#include "topics/classical_detectors/core/test_data.h"
#include "topics/classical_detectors/core/grey.h"
#include "topics/classical_detectors/core/resize_exact.h"

using namespace mlviz;
using cd_test::Checksum;

namespace {

struct GreyRef {
    const char* Name;
    int W, H;
    std::uint64_t Sum;
};
// tools/classical_detectors_reference.py grey, OpenCV 4.6.0
const GreyRef kGreyRefs[] = {
    {"astronaut", 512, 512, 64974092983785296uLL},
    {"coffee", 600, 400, 53422764245160039uLL},
    {"chelsea", 451, 300, 34717921946356765uLL},
};

struct ResizeRef {
    const char* Name;
    int W, H;
    std::uint64_t Sum;
};
// tools/classical_detectors_reference.py resize, OpenCV 4.6.0 (cv2.INTER_LINEAR_EXACT)
const ResizeRef kResizeRefs[] = {
    {"astronaut", 465, 465, 53576164101389201uLL},
    {"astronaut", 423, 423, 44336679888732874uLL},
    {"astronaut", 256, 256, 16256388281611078uLL},
    {"astronaut", 300, 200, 14872466112704508uLL},
    {"astronaut", 700, 650, 112780169669946368uLL},
    {"astronaut", 511, 257, 32552080507458770uLL},
    {"astronaut", 1, 1, 234555uLL},
    {"astronaut", 5, 700, 920024916287287uLL},
    {"astronaut", 24, 24, 142547134235904uLL},
    {"astronaut", 512, 300, 38063106334319142uLL},
    {"coffee", 465, 465, 48139203449509596uLL},
    {"coffee", 423, 423, 39838588120479407uLL},
    {"coffee", 256, 256, 14577395263595252uLL},
    {"coffee", 300, 200, 13374882110327531uLL},
    {"coffee", 700, 650, 101292693984556459uLL},
    {"coffee", 511, 257, 29224698251524029uLL},
    {"coffee", 1, 1, 3061560uLL},
    {"coffee", 5, 700, 788958414045659uLL},
    {"coffee", 24, 24, 128023282940388uLL},
    {"coffee", 512, 300, 34198642840655325uLL},
};

} // namespace

TEST_CASE("grey: OpenCV 4.6 BGR2GRAY fixed point (15 bits) on hand values", "[classical_detectors]")
{
    CHECK(GreyFromRgb(0, 0, 0) == 0);
    CHECK(GreyFromRgb(255, 255, 255) == 255);
    // (255*9798 + 16384) >> 15 = 76; (255*19235 + 16384) >> 15 = 150; (255*3735 + 16384) >> 15 = 29
    CHECK(GreyFromRgb(255, 0, 0) == 76);
    CHECK(GreyFromRgb(0, 255, 0) == 150);
    CHECK(GreyFromRgb(0, 0, 255) == 29);
    // (100*9798 + 150*19235 + 200*3735 + 16384) >> 15 = 4628434 >> 15 = 141
    CHECK(GreyFromRgb(100, 150, 200) == 141);
    // The older 14-bit table (4899, 9617, 1868) is a different function: some colour disagrees.
    int differ = 0;
    for (int r = 0; r < 256 && !differ; r += 3)
        for (int g = 0; g < 256 && !differ; g += 5)
            for (int b = 0; b < 256; ++b)
                if (GreyFromRgb(r, g, b) != ((r * 4899 + g * 9617 + b * 1868 + 8192) >> 14)) {
                    differ = 1;
                    break;
                }
    CHECK(differ == 1);
}

TEST_CASE("grey: sample photos equal cv2.cvtColor(cv2.imread(p), COLOR_BGR2GRAY)", "[classical_detectors]")
{
    for (const GreyRef& r : kGreyRefs) {
        const GreyImage g = cd_test::LoadGrey(r.Name);
        INFO(r.Name);
        REQUIRE(g.Width == r.W);
        REQUIRE(g.Height == r.H);
        CHECK(Checksum(g.Pixels) == r.Sum);
    }
}

TEST_CASE("resize: INTER_LINEAR_EXACT hand cases", "[classical_detectors]")
{
    GreyImage a = MakeGreyImage(4, 2);
    const std::uint8_t px[] = {0, 100, 200, 255, 10, 20, 30, 40};
    a.Pixels.assign(px, px + 8);
    // Exactly half: INTER_AREA's (a + b + c + d + 2) >> 2: (0+100+10+20+2)>>2 = 33, (200+255+30+40+2)>>2 = 131
    auto half = ResizeLinearExact(a, 2, 1);
    REQUIRE(half);
    CHECK(half->Pixels == std::vector<std::uint8_t>{33, 131});
    // Same size: a copy.
    CHECK(ResizeLinearExact(a, 4, 2)->Pixels == a.Pixels);
    // 1x1 -> 3x2: every output copies the only pixel.
    GreyImage one = MakeGreyImage(1, 1, 77);
    CHECK(ResizeLinearExact(one, 3, 2)->Pixels == std::vector<std::uint8_t>(6, 77));
    // 2x1 -> 4x1: fx = 0.5*(d + 0.5) - 0.5 = -0.25, 0.25, 0.75, 1.25: border, 0.25 -> 64/256, 0.75 -> 192/256, border.
    GreyImage two = MakeGreyImage(2, 1);
    two.Pixels = {0, 200};
    // (192*0 + 64*200) = 12800 -> (12800*256 + 32768) >> 16 = 50; 192/256*200 = 150
    CHECK(ResizeLinearExact(two, 4, 1)->Pixels == std::vector<std::uint8_t>{0, 50, 150, 200});
    CHECK_FALSE(ResizeLinearExact(a, 0, 3));
    CHECK_FALSE(ResizeLinearExact(a, 3, kClassicalMaxSide + 1));
    CHECK_FALSE(ResizeLinearExact(GreyImage{}, 3, 3));
}

TEST_CASE("resize: equals cv2.resize(INTER_LINEAR_EXACT) on the photos", "[classical_detectors]")
{
    for (const ResizeRef& r : kResizeRefs) {
        const GreyImage g = cd_test::LoadGrey(r.Name);
        REQUIRE_FALSE(g.Pixels.empty());
        auto out = ResizeLinearExact(g, r.W, r.H);
        REQUIRE(out);
        INFO(r.Name << " -> " << r.W << "x" << r.H);
        CHECK(Checksum(out->Pixels) == r.Sum);
    }
}
