// Canny stage by stage against OpenCV 4.6.0 cv2.Canny (values from
// tools/image_processing_reference.py): edge maps on the samples, the border behaviour, the
// frontier-by-frontier hysteresis and the sliced job.
#include <catch2/catch.hpp>

#include <algorithm>
#include <ctime>
#include <string>
#include <vector>

#include "ip_test_util.h"
#include "topics/image_processing/core/canny.h"

using namespace mlviz;
using iptest::Checksum;

TEST_CASE("Canny equals cv2.Canny(apertureSize=3) on the samples, L1 and L2, after the blur", "[image_processing]")
{
    struct Case {
        const char* Name;
        double Sigma, Low, High;
        int L2, Edges, BorderEdges; // edge pixels, of them on the outermost rows and columns
        std::uint64_t Sum, Weighted;
    };
    // Sigma > 0: cv2.Canny(cv2.GaussianBlur(gray, (0, 0), sigma), ...).
    const Case cases[] = {
        {"astronaut", 0, 50, 150, 0, 26786, 108, 6830430ull, 14644154350094145ull},
        {"astronaut", 0, 100, 200, 0, 20556, 84, 5241780ull, 11239808614747230ull},
        {"astronaut", 0, 50, 150, 1, 23677, 96, 6037635ull, 12981526132278390ull},
        {"astronaut", 0, 20, 60, 1, 36197, 139, 9230235ull, 19834281338403090ull},
        {"astronaut", 0, 150, 50, 0, 26786, 108, 6830430ull, 14644154350094145ull},
        {"astronaut", 0, 30.5, 80.7, 0, 34611, 130, 8825805ull, 18958724573527650ull},
        {"astronaut", 0, 30.5, 80.7, 1, 31652, 114, 8071260ull, 17342320927509795ull},
        {"astronaut", 0, 0, 0, 0, 71122, 596, 18136110ull, 38955667729132350ull},
        {"astronaut", 0, 10, 10, 1, 62782, 437, 16009410ull, 34393973909163975ull},
        {"astronaut", 1.4, 30, 90, 0, 19493, 52, 4970715ull, 10669197575725200ull},
        {"astronaut", 2, 20, 50, 1, 17819, 47, 4543845ull, 9759604160443170ull},
        {"astronaut", 0.8, 60, 120, 0, 21639, 58, 5517945ull, 11850059477104200ull},
        {"coffee", 0, 50, 150, 0, 31287, 314, 7978185ull, 17166182247827175ull},
        {"coffee", 0, 100, 200, 0, 20360, 212, 5191800ull, 11180674553901345ull},
        {"coffee", 0, 50, 150, 1, 25415, 261, 6480825ull, 13919057028645435ull},
        {"coffee", 0, 20, 60, 1, 46665, 489, 11899575ull, 25569056381733405ull},
        {"coffee", 0, 150, 50, 0, 31287, 314, 7978185ull, 17166182247827175ull},
        {"coffee", 0, 30.5, 80.7, 0, 43450, 452, 11079750ull, 23813586517838730ull},
        {"coffee", 0, 30.5, 80.7, 1, 38557, 412, 9832035ull, 21090583481363250ull},
        {"coffee", 0, 0, 0, 0, 77673, 819, 19806615ull, 42518344961440110ull},
        {"coffee", 0, 10, 10, 1, 66231, 670, 16888905ull, 36241660486410180ull},
        {"coffee", 1.4, 30, 90, 0, 15460, 58, 3942300ull, 8457579490655640ull},
        {"coffee", 2, 20, 50, 1, 11523, 39, 2938365ull, 6302406514308780ull},
        {"coffee", 0.8, 60, 120, 0, 19891, 119, 5072205ull, 10901601041068965ull},
        {"chelsea", 0, 50, 150, 0, 18049, 58, 4602495ull, 9938545652086305ull},
        {"chelsea", 0, 100, 200, 0, 8731, 24, 2226405ull, 4794769608175125ull},
        {"chelsea", 0, 50, 150, 1, 14001, 39, 3570255ull, 7678961009763795ull},
        {"chelsea", 0, 20, 60, 1, 28755, 113, 7332525ull, 15810411276203280ull},
        {"chelsea", 0, 150, 50, 0, 18049, 58, 4602495ull, 9938545652086305ull},
        {"chelsea", 0, 30.5, 80.7, 0, 26985, 107, 6881175ull, 14854427101314360ull},
        {"chelsea", 0, 30.5, 80.7, 1, 24278, 79, 6190890ull, 13333527178793610ull},
        {"chelsea", 0, 0, 0, 0, 41586, 390, 10604430ull, 22830071171493510ull},
        {"chelsea", 0, 10, 10, 1, 39237, 286, 10005435ull, 21574888803302880ull},
        {"chelsea", 1.4, 30, 90, 0, 7761, 18, 1979055ull, 4254842121044730ull},
        {"chelsea", 2, 20, 50, 1, 6868, 22, 1751340ull, 3763085665465245ull},
        {"chelsea", 0.8, 60, 120, 0, 9900, 24, 2524500ull, 5415585882041400ull},
    };
    std::string loaded;
    Plane8 g;
    for (const Case& c : cases) {
        if (loaded != c.Name) {
            g = iptest::LoadGray(c.Name);
            loaded = c.Name;
        }
        INFO(c.Name << " sigma " << c.Sigma << " low " << c.Low << " high " << c.High << " L2 " << c.L2);
        const auto e = Canny(g, CannySpec{c.Sigma, 0, c.Low, c.High, c.L2 != 0});
        REQUIRE(e.Ok());
        CHECK(Checksum(*e) == std::make_pair(c.Sum, c.Weighted));
        int edges = 0, border = 0;
        for (int y = 0; y < e->Height; ++y)
            for (int x = 0; x < e->Width; ++x) {
                if (!e->At(x, y)) continue;
                ++edges;
                border += x == 0 || y == 0 || x == e->Width - 1 || y == e->Height - 1;
            }
        CHECK(edges == c.Edges);
        CHECK(border == c.BorderEdges); // OpenCV marks edges on the image's outermost pixels too
    }
}

TEST_CASE("Canny on the image border: the outermost column can be an edge, as in cv2.Canny", "[image_processing]")
{
    // A step between columns 0 and 1 and a horizontal step above row 4 (the tool's step image).
    Plane8 step(8, 6, 200);
    for (int y = 0; y < 6; ++y) step.At(0, y) = 0;
    for (int y = 4; y < 6; ++y)
        for (int x = 0; x < 8; ++x) step.At(x, y) = 90;
    const std::vector<std::string> expected[] = {
        {"10000000", "10000000", "10000000", "01111111", "10000000", "00000000"}, // low 50, high 100, L1
        {"10000000", "10000000", "10000000", "01111111", "10000000", "00000000"}, // low 50, high 100, L2
    };
    for (int l2 = 0; l2 < 2; ++l2) {
        const auto e = Canny(step, CannySpec{0.0, 0, 50.0, 100.0, l2 != 0});
        REQUIRE(e.Ok());
        for (int y = 0; y < 6; ++y) {
            std::string row;
            for (int x = 0; x < 8; ++x) row += e->At(x, y) ? '1' : '0';
            INFO("L2 " << l2 << " row " << y);
            CHECK(row == expected[l2][y]);
        }
    }
    // Column 0 wins the horizontal comparison (m > left, where left is outside = 0; m >= right).
    auto job = CannyJob::Start(step, CannySpec{0.0, 0, 50.0, 100.0, false});
    REQUIRE(job.Ok());
    job.Value().RunToEnd();
    const auto info = job->Explain(0, 1);
    REQUIRE(info.Ok());
    CHECK(info->Bin == CannyBin::Horizontal);
    CHECK(info->Neighbours[0].X == -1);
    CHECK(info->Neighbours[0].Magnitude == 0);
    CHECK(info->Neighbours[0].Strict);
    CHECK_FALSE(info->Neighbours[1].Strict);
    CHECK(info->Magnitude == info->Neighbours[1].Magnitude); // a tie on the right passes (>=)
    CHECK(info->LocalMax);
    CHECK_FALSE(job->Explain(1, 1)->LocalMax); // and so the right one loses (> left fails)
}

TEST_CASE("hysteresis grows one 8-connected frontier per step to cv2.Canny's map", "[image_processing]")
{
    const Plane8 g = iptest::LoadGray("astronaut");
    const CannySpec spec{0.0, 0, 50.0, 150.0, false};
    auto stepped = CannyJob::Start(g, spec);
    REQUIRE(stepped.Ok());
    CannyJob& j = stepped.Value();
    REQUIRE(j.StepFrontier()); // finishes the row stages and takes the strong seeds
    CHECK(j.FrontiersDone() == 0);
    const std::size_t seeds = j.EdgeCount();
    std::size_t strong = 0;
    for (std::uint8_t c : j.ThresholdMap()) strong += c == kCannyEdge;
    CHECK(seeds == strong);
    std::size_t previous = seeds;
    int steps = 0;
    while (j.StepFrontier()) {
        ++steps;
        CHECK(j.FrontiersDone() == steps);
        CHECK(j.EdgeCount() >= previous);
        previous = j.EdgeCount();
    }
    CHECK(steps > 10);
    CHECK(j.Done());
    CHECK(j.Edges().Pixels == Canny(g, spec)->Pixels);
    // Every pixel of frontier k > 0 is a weak candidate touching frontier k - 1.
    const int W = g.Width, H = g.Height;
    const auto& layer = j.Layers();
    for (int y = 0; y < H; ++y)
        for (int x = 0; x < W; ++x) {
            const int l = layer[static_cast<std::size_t>(y) * W + x];
            if (l <= 0) continue;
            CHECK(j.ThresholdMap()[static_cast<std::size_t>(y) * W + x] == kCannyWeak);
            bool touches = false;
            for (int dy = -1; dy <= 1; ++dy)
                for (int dx = -1; dx <= 1; ++dx) {
                    const int nx = x + dx, ny = y + dy;
                    if (nx >= 0 && ny >= 0 && nx < W && ny < H && layer[static_cast<std::size_t>(ny) * W + nx] == l - 1)
                        touches = true;
                }
            if (!touches) FAIL("pixel " << x << "," << y << " of frontier " << l << " touches no pixel of frontier " << l - 1);
        }
    // Edges(k) shows the state after k frontiers.
    std::size_t after3 = 0;
    for (std::uint8_t v : j.Edges(3).Pixels) after3 += v != 0;
    std::size_t expect3 = 0;
    for (int l : layer) expect3 += l >= 0 && l <= 3;
    CHECK(after3 == expect3);
}

TEST_CASE("Canny job: small budgets give the same result, each step is short", "[image_processing]")
{
    const Plane8 g = iptest::LoadGray("astronaut");
    const CannySpec spec{1.4, 0, 30.0, 90.0, true};
    auto tiny = CannyJob::Start(g, spec); // a budget of one row per call
    while (!tiny->Done()) tiny.Value().Step(1);
    CHECK(tiny->Edges().Pixels == Canny(g, spec)->Pixels);
    auto job = CannyJob::Start(g, spec);
    REQUIRE(job.Ok());
    double worst_ms = 0.0, total_ms = 0.0;
    int steps = 0;
    while (!job->Done()) {
        const std::clock_t t0 = std::clock(); // CPU time: a busy shared machine does not count
        job.Value().Step();
        const double ms = 1000.0 * static_cast<double>(std::clock() - t0) / CLOCKS_PER_SEC;
        worst_ms = std::max(worst_ms, ms);
        total_ms += ms;
        ++steps;
        CHECK(job->Progress() <= 1.0);
    }
    WARN("Canny 512x512 sigma 1.4 L2: " << steps << " default steps, " << total_ms << " ms CPU in all, the slowest " << worst_ms
                                        << " ms");
    CHECK(steps > 5);
    CHECK(worst_ms < 20.0); // generous for sanitizer and debug builds; about 0.5 ms in Release
    CHECK(job->Edges().Pixels == Canny(g, spec)->Pixels);
    CHECK(job->Progress() == 1.0);
}

TEST_CASE("Canny pixel read-out and validation", "[image_processing]")
{
    // A diagonal ramp: gradient along (1, 1), so the bin is DiagonalDown (dx dy > 0).
    Plane8 ramp(9, 9);
    for (int y = 0; y < 9; ++y)
        for (int x = 0; x < 9; ++x) ramp.At(x, y) = static_cast<std::uint8_t>(10 * (x + y));
    auto job = CannyJob::Start(ramp, CannySpec{0.0, 0, 10.0, 20.0, false});
    REQUIRE(job.Ok());
    job.Value().RunToEnd();
    const auto info = job->Explain(4, 4);
    REQUIRE(info.Ok());
    CHECK(info->Dx == 80); // 20 + 2 * 20 + 20 for a slope of 10 per pixel
    CHECK(info->Dy == 80);
    CHECK(info->Magnitude == 160);
    CHECK(info->Bin == CannyBin::DiagonalDown);
    CHECK(info->Neighbours[0].X == 3);
    CHECK(info->Neighbours[0].Y == 3);
    CHECK(info->Neighbours[1].X == 5);
    CHECK(info->Neighbours[1].Y == 5);
    CHECK_FALSE(info->LocalMax); // a plateau of magnitude: m > m fails
    CHECK(job->LowInt() == 10);
    CHECK(CannyJob::Start(ramp, CannySpec{0.0, 0, 10.5, 20.0, true})->LowInt() == 110);  // floor(10.5^2)
    CHECK(CannyJob::Start(ramp, CannySpec{0.0, 0, 200.0, 20.0, false})->LowInt() == 20); // swapped
    CHECK_FALSE(job->Explain(9, 0).Ok());
    CHECK_FALSE(CannyJob::Start(ramp, CannySpec{-1.0, 0, 10.0, 20.0, false}).Ok());
    CHECK_FALSE(CannyJob::Start(ramp, CannySpec{1.0, 4, 10.0, 20.0, false}).Ok());
    CHECK_FALSE(CannyJob::Start(ramp, CannySpec{0.0, 0, -1.0, 20.0, false}).Ok());
    CHECK_FALSE(CannyJob::Start(Plane8(), CannySpec{}).Ok());
}
