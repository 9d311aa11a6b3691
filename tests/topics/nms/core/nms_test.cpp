// NMS core: torchvision reference cases, hand-computed Soft-NMS / DIoU-NMS, properties on
// seeded random boxes, trace replay and playback snapshots.
#include <catch2/catch.hpp>

#include "support/message_text.h"

#include <algorithm>
#include <cmath>
#include <random>
#include <set>

#include "topics/nms/core/nms.h"
#include "topics/nms/core/nms_replay.h"

using namespace mlviz;

namespace {

// Test inputs shared with the Python script that produced the torchvision numbers below: an LCG
// gives quarter-pixel boxes (exact in float32) and scores with `levels` distinct values (ties).
struct Lcg {
    std::uint32_t S;
    std::uint32_t Next()
    {
        S = S * 1664525u + 1013904223u;
        return S >> 8;
    }
};

struct Case {
    std::vector<Box> Boxes;
    std::vector<float> Scores;
    std::vector<int> Classes;
};

Case MakeCase(std::uint32_t seed, int n, std::uint32_t coord, std::uint32_t size, std::uint32_t levels, std::uint32_t classes = 0)
{
    Lcg g{seed};
    Case c;
    for (int i = 0; i < n; ++i) {
        const float x = (g.Next() % (coord * 4)) / 4.0f, y = (g.Next() % (coord * 4)) / 4.0f;
        const float w = (g.Next() % (size * 4)) / 4.0f, h = (g.Next() % (size * 4)) / 4.0f;
        c.Boxes.push_back({x, y, x + w, y + h});
        c.Scores.push_back(static_cast<float>(static_cast<double>(g.Next() % levels) / levels));
        if (classes) c.Classes.push_back(static_cast<int>(g.Next() % classes));
    }
    return c;
}

std::vector<int> Keep(const Case& c, NmsOptions o, std::vector<NmsEvent>* trace = nullptr)
{
    const auto r = RunNms({c.Boxes, c.Scores, c.Classes}, o, trace);
    REQUIRE(r.Ok());
    return r->Keep;
}

NmsOptions Opts(NmsMethod m, double thr, bool class_aware = false)
{
    NmsOptions o;
    o.Method = m;
    o.IouThreshold = thr;
    o.ClassAware = class_aware;
    return o;
}

// Random boxes on an integer grid in a 100 x 100 area, sizes 2..31, scores continuous.
Case RandomCase(std::mt19937& rng, int n, int classes)
{
    Case c;
    for (int i = 0; i < n; ++i) {
        const float x = static_cast<float>(rng() % 100), y = static_cast<float>(rng() % 100);
        const float w = static_cast<float>(2 + rng() % 30), h = static_cast<float>(2 + rng() % 30);
        c.Boxes.push_back({x, y, x + w, y + h});
        c.Scores.push_back(static_cast<float>((rng() % 1000000) / 1e6));
        if (classes) c.Classes.push_back(static_cast<int>(rng() % classes));
    }
    return c;
}

} // namespace

// Reference keep lists: torchvision 0.14.1 (Debian python3-torchvision), CPU, float32, produced
// by /usr/bin/python3 with the same LCG inputs:
//   torchvision.ops.nms(boxes, scores, thr) / torchvision.ops.batched_nms(boxes, scores, classes, thr)
TEST_CASE("greedy NMS equals torchvision.ops.nms, ties and empty boxes included", "[nms]")
{
    // 60 boxes with 4 score levels (many ties) and zero-size boxes (IoU 0/0 = NaN never suppresses).
    const Case c1 = MakeCase(1, 60, 60, 30, 4);
    CHECK(Keep(c1, Opts(NmsMethod::Greedy, 0.0)) == std::vector<int>{2, 9, 28, 33, 34, 35, 44, 52, 15, 25, 45, 54, 41, 19});
    CHECK(Keep(c1, Opts(NmsMethod::Greedy, 0.5)) == std::vector<int>{2,  4,  9,  27, 28, 33, 34, 35, 37, 38, 44, 51, 52, 55,
                                                                     59, 5,  12, 15, 16, 17, 25, 39, 45, 46, 48, 54, 0,  6,
                                                                     8,  11, 13, 18, 21, 24, 29, 30, 31, 36, 41, 43, 53, 3,
                                                                     7,  10, 14, 19, 22, 32, 40, 42, 47, 49, 57, 58});
    const Case c2 = MakeCase(2, 300, 200, 60, 16);
    const std::vector<int> ref2 = {
        26,  33,  41,  51,  53,  56,  82,  89,  91,  104, 106, 118, 130, 205, 261, 299, 9,   37,  43,  85,  99,  102, 109,
        150, 164, 184, 188, 242, 2,   13,  20,  25,  30,  42,  117, 132, 149, 157, 172, 180, 211, 222, 232, 11,  46,  49,
        65,  95,  101, 111, 131, 142, 181, 182, 220, 223, 239, 249, 283, 48,  72,  88,  98,  100, 114, 166, 214, 237, 241,
        257, 6,   28,  112, 116, 185, 231, 245, 266, 275, 276, 19,  39,  123, 141, 194, 200, 236, 246, 252, 15,  36,  45,
        60,  121, 140, 143, 146, 158, 195, 202, 203, 240, 278, 289, 297, 44,  52,  78,  93,  129, 174, 179, 227, 270, 284,
        290, 293, 4,   5,   57,  66,  113, 120, 168, 233, 253, 269, 281, 10,  59,  83,  92,  126, 201, 259, 292, 294, 8,
        31,  47,  128, 139, 151, 159, 173, 175, 178, 243, 282, 16,  23,  24,  61,  77,  87,  124, 133, 160, 217, 218, 224,
        260, 291, 1,   14,  35,  50,  54,  80,  135, 144, 152, 186, 199, 228, 251, 256, 258, 7,   12,  71,  122, 147, 153,
        154, 156, 197, 198, 208, 264, 21,  29,  58,  67,  79,  90,  127, 196, 207, 254};
    CHECK(Keep(c2, Opts(NmsMethod::Greedy, 0.3)) == ref2);
    CHECK(GreedyNms(c2.Boxes, c2.Scores, 0.3) == ref2);
    std::vector<NmsEvent> trace;
    CHECK(Keep(c2, Opts(NmsMethod::Greedy, 0.3), &trace) == ref2); // the traced loop too
}

TEST_CASE("IoU is compared in float32 as torchvision's kernel does", "[nms]")
{
    // Exact IoU 0.21923076923076923 (= 171/780) rounds UP in float32 (0.2192307710647583), so
    // torchvision suppresses the second box at that threshold, where double maths would keep it.
    const Case c{{{18, 14, 58, 53}, {27, 15, 36, 53}}, {0.9f, 0.8f}, {}};
    CHECK(Keep(c, Opts(NmsMethod::Greedy, 0.21923076923076923)) == std::vector<int>{0}); // torchvision: [0]
    CHECK(IoU(c.Boxes[0], c.Boxes[1]) == 0.21923076923076923);
    CHECK(static_cast<double>(TorchvisionIoU(c.Boxes[0], c.Boxes[1])) > 0.21923076923076923);
}

TEST_CASE("class-aware NMS equals torchvision.ops.batched_nms", "[nms]")
{
    // 200 boxes, 3 classes, 8 score levels: torchvision's coordinate-offset path (numel <= 4000).
    const Case c3 = MakeCase(3, 200, 100, 50, 8, 3);
    const std::vector<int> ref3 = {
        5,   24,  30,  32, 33, 36, 38, 50,  73,  76,  86,  90,  93,  104, 137, 157, 180, 0,   13,  15,  20,  23,  25,
        44,  60,  66,  69, 72, 80, 97, 106, 110, 133, 152, 158, 160, 161, 164, 166, 178, 4,   11,  27,  28,  43,  47,
        55,  59,  62,  75, 77, 79, 82, 87,  89,  111, 118, 119, 128, 141, 143, 148, 153, 172, 188, 194, 197, 10,  12,
        14,  22,  40,  41, 48, 49, 53, 91,  107, 113, 117, 120, 122, 123, 132, 139, 155, 156, 171, 175, 183, 187, 190,
        198, 1,   2,   3,  19, 26, 35, 37,  51,  61,  67,  83,  94,  96,  100, 105, 114, 116, 125, 138, 140, 168, 169,
        176, 177, 181, 7,  8,  16, 18, 42,  46,  54,  84,  88,  101, 102, 115, 124, 129, 130, 131, 147, 154, 163, 165,
        179, 189, 6,   17, 31, 34, 39, 45,  56,  57,  58,  63,  64,  71,  95,  108, 109, 121, 126, 127, 135, 144, 170,
        174, 182, 193, 9,  29, 52, 74, 78,  81,  85,  92,  112, 145, 162, 167, 173, 184, 185, 186, 191, 192, 196, 199};
    CHECK(Keep(c3, Opts(NmsMethod::Greedy, 0.5, true)) == ref3);
    std::vector<NmsEvent> trace;
    CHECK(Keep(c3, Opts(NmsMethod::Greedy, 0.5, true), &trace) == ref3);

    // 1500 boxes, 4 classes: torchvision's per-class path, whose final sort orders score ties
    // arbitrarily, so compare the kept set: size and index sums (torchvision: 1342 kept; without
    // classes torchvision.ops.nms keeps 1116).
    const Case c4 = MakeCase(4, 1500, 400, 80, 1u << 20, 4);
    const std::vector<int> k4 = Keep(c4, Opts(NmsMethod::Greedy, 0.45, true));
    CHECK(k4.size() == 1342);
    CHECK(k4[0] == 895);
    CHECK(k4[1] == 183);
    CHECK(Keep(c4, Opts(NmsMethod::Greedy, 0.45)).size() == 1116);
}

TEST_CASE("hand-computed cases for every method", "[nms]")
{
    // A = (0,0,10,10); B = top half of A (IoU(A,B) = 0.5); C far away; D = A shifted by 5
    // (IoU(A,D) = 50/150 = 1/3, IoU(B,D) = 25/125 = 0.2).
    const Case c{{{0, 0, 10, 10}, {0, 0, 10, 5}, {20, 20, 30, 30}, {5, 0, 15, 10}}, {0.9f, 0.8f, 0.7f, 0.65f}, {}};
    CHECK(Keep(c, Opts(NmsMethod::Greedy, 0.3)) == std::vector<int>{0, 2});
    CHECK(Keep(c, Opts(NmsMethod::Greedy, 0.5)) == std::vector<int>{0, 1, 2, 3}); // 0.5 is not > 0.5
    {
        // The trace compares only intersecting pairs: A-B, A-D, B-D (C touches nothing).
        std::vector<NmsEvent> trace;
        Keep(c, Opts(NmsMethod::Greedy, 0.5), &trace);
        std::vector<std::pair<int, int>> compared;
        for (const NmsEvent& e : trace)
            if (e.Type == NmsEventType::Compare) compared.push_back({e.Other, e.Box});
        CHECK(compared == std::vector<std::pair<int, int>>{{0, 1}, {0, 3}, {1, 3}});
        CHECK(trace[1].Overlap == 0.5);
    }

    SECTION("Soft-NMS linear, Nt = 0.3")
    {
        // A decays B (0.5 > 0.3: x0.5) and D (1/3 > 0.3: x2/3); IoU(B,D) = 0.2 leaves B alone.
        const auto r = RunNms({c.Boxes, c.Scores, {}}, Opts(NmsMethod::SoftLinear, 0.3));
        REQUIRE(r.Ok());
        CHECK(r->Keep == std::vector<int>{0, 2, 3, 1});
        CHECK(r->Scores[0] == Approx(0.9));
        CHECK(r->Scores[1] == Approx(0.7));
        CHECK(r->Scores[2] == Approx(0.65 * 2.0 / 3.0).epsilon(1e-6));
        CHECK(r->Scores[3] == Approx(0.8 * 0.5).epsilon(1e-6));
    }
    SECTION("Soft-NMS Gaussian, sigma = 0.5")
    {
        NmsOptions o = Opts(NmsMethod::SoftGaussian, 0.3);
        o.Sigma = 0.5;
        const auto r = RunNms({c.Boxes, c.Scores, {}}, o);
        REQUIRE(r.Ok());
        CHECK(r->Keep == std::vector<int>{0, 2, 3, 1});
        const double d = 0.65 * std::exp(-(1.0 / 9.0) / 0.5);                 // 0.5205 after A
        const double b = 0.8 * std::exp(-0.25 / 0.5) * std::exp(-0.04 / 0.5); // after A, then D
        CHECK(r->Scores[2] == Approx(d).epsilon(1e-6));
        CHECK(r->Scores[3] == Approx(b).epsilon(1e-6));
    }
    SECTION("DIoU-NMS")
    {
        // DIoU(A,B) = 0.5 - 2.5^2 / (10^2 + 10^2) = 0.46875 keeps B at 0.48, where greedy drops it.
        CHECK(DIoU(c.Boxes[0], c.Boxes[1]) == Approx(0.46875));
        CHECK(Keep(c, Opts(NmsMethod::Greedy, 0.48)) == std::vector<int>{0, 2, 3});
        CHECK(Keep(c, Opts(NmsMethod::DIoU, 0.48)) == std::vector<int>{0, 1, 2, 3});
        // DIoU(A,D) = 1/3 - 25 / (15^2 + 10^2) = 0.2564: suppressed at 0.25, kept at 0.26.
        CHECK(Keep(c, Opts(NmsMethod::DIoU, 0.25)) == std::vector<int>{0, 2});
        CHECK(Keep(c, Opts(NmsMethod::DIoU, 0.26)) == std::vector<int>{0, 2, 3});
    }
    SECTION("class-aware: other classes never suppress")
    {
        const Case same{{{0, 0, 10, 10}, {0, 0, 10, 10}, {1, 0, 10, 10}}, {0.5f, 0.9f, 0.7f}, {3, 7, 3}};
        CHECK(Keep(same, Opts(NmsMethod::Greedy, 0.5, true)) == std::vector<int>{1, 2});
        CHECK(Keep(same, Opts(NmsMethod::Greedy, 0.5, false)) == std::vector<int>{1});
        CHECK(Keep(same, Opts(NmsMethod::SoftLinear, 0.5, true)).size() == 3);
    }
}

TEST_CASE("Soft-NMS score threshold drops low scores", "[nms]")
{
    const Case c{{{0, 0, 10, 10}, {0, 0, 10, 10}, {50, 50, 60, 60}}, {0.9f, 0.8f, 0.0005f}, {}};
    NmsOptions o = Opts(NmsMethod::SoftLinear, 0.5);
    o.ScoreThreshold = 0.001;
    std::vector<NmsEvent> trace;
    const auto r = RunNms({c.Boxes, c.Scores, {}}, o, &trace);
    REQUIRE(r.Ok());
    CHECK(r->Keep == std::vector<int>{0}); // IoU 1 -> weight 0; box 2 starts below 0.001
    REQUIRE(trace.size() >= 2);
    CHECK(trace[0].Type == NmsEventType::Drop);
    CHECK(trace[0].Box == 2);
    CHECK(trace.back().Type == NmsEventType::Drop);
    CHECK(trace.back().Box == 1);
}

TEST_CASE("properties of greedy and class-aware NMS on random boxes", "[nms]")
{
    std::mt19937 rng(2024);
    for (int round = 0; round < 40; ++round) {
        const int classes = round % 2 ? 3 : 0;
        const Case c = RandomCase(rng, 20 + static_cast<int>(rng() % 120), classes);
        const double thr = (rng() % 11) / 10.0;
        const std::vector<int> keep = Keep(c, Opts(NmsMethod::Greedy, thr, classes > 0));
        const auto cls = [&](int i) { return classes ? c.Classes[i] : 0; };
        std::vector<int> rank(c.Boxes.size());
        const std::vector<int> order = ScoreOrder(c.Scores);
        for (std::size_t r = 0; r < order.size(); ++r) rank[order[r]] = static_cast<int>(r);
        // Kept boxes pairwise overlap at most the threshold within a class, and come in score order.
        for (std::size_t a = 0; a < keep.size(); ++a) {
            if (a > 0) CHECK(rank[keep[a - 1]] < rank[keep[a]]);
            for (std::size_t b = a + 1; b < keep.size(); ++b)
                if (cls(keep[a]) == cls(keep[b])) CHECK(TorchvisionIoU(c.Boxes[keep[a]], c.Boxes[keep[b]]) <= thr);
        }
        // Every removed box overlaps a higher-scoring kept box of its class above the threshold.
        const std::set<int> kept(keep.begin(), keep.end());
        for (int j = 0; j < static_cast<int>(c.Boxes.size()); ++j) {
            if (kept.count(j)) continue;
            bool explained = false;
            for (int i : keep)
                explained = explained || (rank[i] < rank[j] && cls(i) == cls(j) && TorchvisionIoU(c.Boxes[i], c.Boxes[j]) > thr);
            CHECK(explained);
        }
        // The fast paths equal the traced loop.
        std::vector<NmsEvent> trace;
        CHECK(Keep(c, Opts(NmsMethod::Greedy, thr, classes > 0), &trace) == keep);
    }
}

TEST_CASE("the grid fast path makes the same decisions as the full scan", "[nms]")
{
    // >= 256 boxes take the grid; the traced loop is the plain scan of torchvision's kernel.
    // Mixed sizes (huge boxes spanning many cells, empty ones) and duplicate coordinates.
    std::mt19937 rng(31);
    for (int round = 0; round < 12; ++round) {
        const int classes = round % 3 == 0 ? 0 : 1 + round % 4;
        Case c = RandomCase(rng, 256 + static_cast<int>(rng() % 900), classes);
        for (int k = 0; k < 20; ++k) {
            const float x = static_cast<float>(rng() % 50);
            c.Boxes[rng() % c.Boxes.size()] = {x, x, x + 60.0f + static_cast<float>(rng() % 60), x + 70.0f}; // big
            c.Boxes[rng() % c.Boxes.size()] = {x, x, x, x + 5.0f};                                           // empty
        }
        for (double thr : {0.0, 0.3, 0.7, 1.0}) {
            std::vector<NmsEvent> trace;
            const std::vector<int> scan = Keep(c, Opts(NmsMethod::Greedy, thr, classes > 0), &trace);
            CHECK(Keep(c, Opts(NmsMethod::Greedy, thr, classes > 0)) == scan);
            if (classes == 0) CHECK(GreedyNms(c.Boxes, c.Scores, thr) == scan);
        }
    }
}

TEST_CASE("threshold 1 keeps every distinct box, linear Soft-NMS at 1 changes no score", "[nms]")
{
    std::mt19937 rng(7);
    const Case c = RandomCase(rng, 150, 0);
    std::vector<int> all = ScoreOrder(c.Scores);
    CHECK(Keep(c, Opts(NmsMethod::Greedy, 1.0)) == all);
    NmsOptions o = Opts(NmsMethod::SoftLinear, 1.0);
    o.ScoreThreshold = 0.0;
    const auto r = RunNms({c.Boxes, c.Scores, {}}, o);
    REQUIRE(r.Ok());
    CHECK(r->Keep == all);
    for (std::size_t k = 0; k < all.size(); ++k) CHECK(r->Scores[k] == static_cast<double>(c.Scores[all[k]]));
}

TEST_CASE("Gaussian Soft-NMS with a tiny sigma becomes greedy NMS at threshold 0", "[nms]")
{
    // Integer boxes of side <= 31 in 131 x 131: a positive IoU is >= 1 / (2 * 31^2), so
    // IoU^2 / 1e-12 > 2.7e5 and exp(-that) = 0 drops every overlapping box.
    std::mt19937 rng(11);
    for (int round = 0; round < 10; ++round) {
        const Case c = RandomCase(rng, 80, 0);
        NmsOptions o = Opts(NmsMethod::SoftGaussian, 0.5);
        o.Sigma = 1e-12;
        o.ScoreThreshold = 1e-9;
        CHECK(Keep(c, o) == Keep(c, Opts(NmsMethod::Greedy, 0.0)));
    }
}

TEST_CASE("the trace replays to the final result for every method", "[nms]")
{
    std::mt19937 rng(99);
    for (int m = 0; m < static_cast<int>(NmsMethod::Count); ++m) {
        for (int classes : {0, 3}) {
            const Case c = RandomCase(rng, 90, classes);
            NmsOptions o = Opts(static_cast<NmsMethod>(m), 0.4, classes > 0);
            o.ScoreThreshold = 0.05;
            std::vector<NmsEvent> trace;
            const auto r = RunNms({c.Boxes, c.Scores, c.Classes}, o, &trace);
            REQUIRE(r.Ok());
            const NmsResult replay = ReplayNmsTrace(c.Scores, trace);
            CHECK(replay.Keep == r->Keep);
            CHECK(replay.Scores == r->Scores);
            // Without a trace the same result (greedy takes the fast path then).
            const auto plain = RunNms({c.Boxes, c.Scores, c.Classes}, o);
            CHECK(plain->Keep == r->Keep);
            CHECK(plain->Scores == r->Scores);

            // Playback: nothing decided at step 0; at the end every box is kept or removed.
            const NmsSnapshot first = NmsSnapshotAt(c.Scores, trace, 0);
            for (const NmsBoxView& b : first.Boxes) CHECK(b.State == NmsBoxState::Pending);
            const NmsSnapshot last = NmsSnapshotAt(c.Scores, trace, trace.size());
            const std::set<int> kept(r->Keep.begin(), r->Keep.end());
            CHECK(last.Current == -1);
            CHECK(last.Selections == static_cast<int>(r->Keep.size()));
            for (int i = 0; i < static_cast<int>(c.Boxes.size()); ++i) {
                const NmsBoxState s = last.Boxes[i].State;
                CHECK((kept.count(i) ? s == NmsBoxState::Kept : (s == NmsBoxState::Suppressed || s == NmsBoxState::Dropped)));
            }
            // Just after each selection, that box is current.
            const std::vector<std::size_t> selects = NmsSelectSteps(trace);
            REQUIRE(selects.size() == r->Keep.size());
            for (std::size_t k = 0; k < selects.size(); ++k) {
                const NmsSnapshot s = NmsSnapshotAt(c.Scores, trace, selects[k] + 1);
                if (selects[k] + 1 < trace.size()) CHECK(s.Current == r->Keep[k]);
                CHECK(s.Selections == static_cast<int>(k + 1));
            }
        }
    }
}

TEST_CASE("10 000 boxes complete", "[nms]")
{
    std::mt19937 rng(5);
    Case c;
    for (int i = 0; i < 10000; ++i) {
        const float x = static_cast<float>(rng() % 1000), y = static_cast<float>(rng() % 1000);
        c.Boxes.push_back({x, y, x + 10.0f + static_cast<float>(rng() % 90), y + 10.0f + static_cast<float>(rng() % 90)});
        c.Scores.push_back(static_cast<float>((rng() % 1000000) / 1e6));
    }
    const std::vector<int> keep = GreedyNms(c.Boxes, c.Scores, 0.5);
    CHECK(keep.size() > 1000);
    CHECK(keep.size() < 10000);
    for (std::size_t a = 0; a < keep.size(); a += 37) // a sample of pairs; the full check is O(k^2)
        for (std::size_t b = a + 1; b < keep.size(); ++b) CHECK(TorchvisionIoU(c.Boxes[keep[a]], c.Boxes[keep[b]]) <= 0.5f);
}

TEST_CASE("invalid input is an error naming the field", "[nms]")
{
    const std::vector<Box> boxes = {{0, 0, 10, 10}, {5, 5, 2, 20}};
    const std::vector<float> scores = {0.5f, 0.4f};
    const std::vector<float> short_scores = {0.5f};
    const std::vector<float> nan_scores = {0.5f, std::nanf("")};
    CHECK(Text(RunNms({boxes, scores, {}}, {}).Error()).find("boxes[1]") != std::string::npos);
    const std::vector<Box> good = {{0, 0, 10, 10}, {5, 5, 8, 20}};
    CHECK(Text(RunNms({good, short_scores, {}}, {}).Error()).find("в scores 1 значений") != std::string::npos);
    CHECK(Text(RunNms({good, nan_scores, {}}, {}).Error()).find("scores[1]") != std::string::npos);
    NmsOptions o;
    o.IouThreshold = 1.5;
    CHECK(Text(RunNms({good, scores, {}}, o).Error()).find("iou_threshold") != std::string::npos);
    o = {};
    o.Sigma = 0.0;
    CHECK(Text(RunNms({good, scores, {}}, o).Error()).find("sigma") != std::string::npos);
    const std::vector<int> one_class = {1};
    CHECK(Text(RunNms({good, scores, one_class}, {}).Error()).find("classes") != std::string::npos);
    CHECK(RunNms({{}, {}, {}}, {}).Ok()); // nothing in, nothing out
    CHECK(NmsMethodFromName("soft-gaussian") == NmsMethod::SoftGaussian);
    CHECK(!NmsMethodFromName("soft"));
}
