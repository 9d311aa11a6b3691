// Tracking metrics on hand-computed sequences (CLEAR MOT with its keep-previous-match rule and
// switches after gaps; IDF1 by the global matching), IDF1 against brute force, the simulated
// video (determinism, detector rules) and whole sliced runs.
#include <catch2/catch.hpp>

#include <algorithm>
#include <numeric>
#include <random>

#include "core/random.h"
#include "topics/tracking/core/trk_metrics.h"
#include "topics/tracking/core/trk_run.h"

using namespace mlviz;

namespace {

const BoxD kA = {0, 0, 10, 10}, kB = {20, 0, 30, 10}, kC = {50, 50, 60, 60};

MotFrameInput Frame(std::vector<int> gt, std::vector<BoxD> gb, std::vector<int> hyp, std::vector<BoxD> hb)
{
    return {std::move(gt), std::move(gb), std::move(hyp), std::move(hb)};
}

} // namespace

TEST_CASE("CLEAR MOT and IDF1 on a hand-computed swap", "[tracking]")
{
    // Objects 1 (at A) and 2 (at B) for 4 frames. Hypotheses 1, 2 follow them for two frames,
    // swap in frame 3, and in frame 4 only hypothesis 2 (on A) remains plus a false 3 at C.
    const std::vector<MotFrameInput> seq = {Frame({1, 2}, {kA, kB}, {1, 2}, {kA, kB}), Frame({1, 2}, {kA, kB}, {1, 2}, {kA, kB}),
                                            Frame({1, 2}, {kA, kB}, {2, 1}, {kA, kB}), Frame({1, 2}, {kA, kB}, {2, 3}, {kA, kC})};
    ClearMotAccumulator mot(0.5);
    IdentityAccumulator ids(0.5);
    std::vector<MotFrameEvents> ev;
    for (const auto& f : seq) {
        ev.push_back(mot.AddFrame(f));
        ids.AddFrame(f);
    }
    const ClearMotSummary& s = mot.Summary();
    CHECK(s.Gt == 8);
    CHECK(s.Matches == 7);
    CHECK(s.FalseNegatives == 1);
    CHECK(s.FalsePositives == 1);
    CHECK(s.IdSwitches == 2);
    CHECK(s.Mota() == Approx(0.5));
    CHECK(s.Motp() == Approx(1.0));
    CHECK(ev[2].Switches.size() == 2);
    CHECK(ev[3].Misses == std::vector<int>{2});
    CHECK(ev[3].FalsePositives == std::vector<int>{3});
    // Agreeing frames: (1,1) 2, (1,2) 2, (2,2) 2, (2,1) 1; best one-to-one: 1-1 and 2-2 = 4.
    const IdentitySummary is = ids.Summary();
    CHECK(is.IdTp == 4);
    CHECK(is.IdFn == 4);
    CHECK(is.IdFp == 4);
    CHECK(is.Idf1() == Approx(0.5));
    CHECK(is.Mapping == std::vector<std::array<int, 2>>{{1, 1}, {2, 2}});
}

TEST_CASE("CLEAR MOT keeps a still-valid previous match and counts switches across gaps", "[tracking]")
{
    // Frame 1: hypothesis 1 covers object 1 with IoU 0.6. Frame 2: hypothesis 2 fits perfectly,
    // but the previous match (IoU 0.6 >= 0.5) is kept: no switch, hypothesis 2 is a FP.
    const BoxD shifted = {0, 0, 10, 6}; // IoU with A = 60 / 100
    ClearMotAccumulator mot(0.5);
    mot.AddFrame(Frame({1}, {kA}, {1}, {shifted}));
    const MotFrameEvents e2 = mot.AddFrame(Frame({1}, {kA}, {1, 2}, {shifted, kA}));
    CHECK(e2.Matches == std::vector<std::array<int, 2>>{{1, 1}});
    CHECK(e2.FalsePositives == std::vector<int>{2});
    CHECK(mot.Summary().IdSwitches == 0);
    CHECK(mot.Summary().Motp() == Approx(0.6));
    // Frame 3: object 1 unseen by any hypothesis (a miss); frame 4: hypothesis 2 takes it: its
    // last match was hypothesis 1, so that is a switch even after the gap.
    mot.AddFrame(Frame({1}, {kA}, {}, {}));
    const MotFrameEvents e4 = mot.AddFrame(Frame({1}, {kA}, {2}, {kA}));
    CHECK(e4.Switches.size() == 1);
    CHECK(mot.Summary().FalseNegatives == 1);
    CHECK(mot.Summary().IdSwitches == 1);
    // IoU exactly at the threshold is a valid pair; just below is not.
    ClearMotAccumulator edge(0.6);
    CHECK(edge.AddFrame(Frame({1}, {kA}, {1}, {shifted})).Matches.size() == 1);
    ClearMotAccumulator below(0.61);
    CHECK(below.AddFrame(Frame({1}, {kA}, {1}, {shifted})).Misses.size() == 1);
    // The assignment prefers more valid pairs over a smaller distance.
    ClearMotAccumulator two(0.3);
    const BoxD a2 = {0, 0, 10, 5}, b2 = {15, 0, 25, 10}; // IoU(A, a2) 0.5; IoU(B, b2) 0.33; IoU(A, b2) 0
    const MotFrameEvents both = two.AddFrame(Frame({1, 2}, {kA, kB}, {7, 8}, {a2, b2}));
    CHECK(both.Matches.size() == 2);
}

TEST_CASE("IDF1 global matching equals brute force on random sequences", "[tracking]")
{
    std::mt19937 rng(5);
    for (int trial = 0; trial < 40; ++trial) {
        const int ng = 2 + UniformInt(rng, 3), nh = 2 + UniformInt(rng, 3), frames = 6;
        const BoxD slots[4] = {kA, kB, kC, {80, 0, 90, 10}};
        IdentityAccumulator acc(0.5);
        std::vector<std::vector<long>> agree(ng, std::vector<long>(nh, 0));
        long gt_total = 0, hyp_total = 0;
        for (int f = 0; f < frames; ++f) {
            MotFrameInput in;
            std::vector<int> gslot(ng), hslot(nh);
            for (int g = 0; g < ng; ++g)
                if (Uniform01(rng) < 0.8) {
                    gslot[g] = UniformInt(rng, 4);
                    in.GtIds.push_back(10 + g);
                    in.GtBoxes.push_back(slots[gslot[g]]);
                } else
                    gslot[g] = -1;
            for (int h = 0; h < nh; ++h)
                if (Uniform01(rng) < 0.8) {
                    hslot[h] = UniformInt(rng, 4);
                    in.HypIds.push_back(100 + h);
                    in.HypBoxes.push_back(slots[hslot[h]]);
                } else
                    hslot[h] = -1;
            for (int g = 0; g < ng; ++g)
                for (int h = 0; h < nh; ++h)
                    if (gslot[g] >= 0 && gslot[g] == hslot[h]) ++agree[g][h];
            gt_total += static_cast<long>(in.GtIds.size());
            hyp_total += static_cast<long>(in.HypIds.size());
            acc.AddFrame(in);
        }
        // Brute force: best injective map from the smaller side.
        long best = 0;
        std::vector<int> perm(std::max(ng, nh));
        std::iota(perm.begin(), perm.end(), 0);
        do {
            long s = 0;
            for (int g = 0; g < ng; ++g)
                if (perm[g] < nh) s += agree[g][perm[g]];
            best = std::max(best, s);
        } while (std::next_permutation(perm.begin(), perm.end()));
        const IdentitySummary s = acc.Summary();
        CHECK(s.IdTp == best);
        CHECK(s.Gt == gt_total);
        CHECK(s.Hyp == hyp_total);
        CHECK(s.IdFn + s.IdTp == gt_total);
    }
}

TEST_CASE("simulated video: per-frame determinism and the detector's rules", "[tracking]")
{
    TrackingSimConfig c;
    c.Objects = 12;
    c.Frames = 120;
    const auto v1 = TrackingVideo::Make(c), v2 = TrackingVideo::Make(c);
    REQUIRE(v1.Ok());
    // Frame k alone, twice, or from another video: the same detections.
    const SimFrame a = v1->Frame(57), b = v2->Frame(57), again = v1->Frame(57);
    REQUIRE(a.Detections.size() == b.Detections.size());
    for (std::size_t i = 0; i < a.Detections.size(); ++i) {
        CHECK(a.Detections[i].Box.X1 == b.Detections[i].Box.X1);
        CHECK(a.Detections[i].GtId == again.Detections[i].GtId);
    }
    bool occluded = false;
    for (int k = 0; k < c.Frames; ++k)
        for (const GtObject& g : v1->Frame(k).Truth) {
            CHECK(g.Box.X1 >= -1e-9);
            CHECK(g.Box.X2 <= c.Width + 1e-9);
            CHECK(g.Box.Y2 <= c.Height + 1e-9);
            occluded = occluded || g.Visible < 0.5;
        }
    CHECK(occluded); // objects cross and hide each other
    // A perfect detector reports every object exactly; one that misses hidden objects reports
    // exactly the objects at least that visible.
    TrackingSimConfig p = c;
    p.MissRate = 0.0;
    p.FalsePositives = 0.0;
    p.JitterPx = 0.0;
    p.OcclusionMiss = 0.0;
    const auto vp = TrackingVideo::Make(p);
    const SimFrame fp = vp->Frame(30);
    CHECK(fp.Detections.size() == static_cast<std::size_t>(p.Objects));
    for (const SimDetection& d : fp.Detections) CHECK(d.Box.X1 == fp.Truth[d.GtId - 1].Box.X1);
    p.OcclusionMiss = 0.7;
    const auto vo = TrackingVideo::Make(p);
    for (int k = 0; k < p.Frames; k += 7) {
        const SimFrame f = vo->Frame(k);
        std::size_t visible = 0;
        for (const GtObject& g : f.Truth) visible += g.Visible >= 0.7;
        CHECK(f.Detections.size() == visible);
    }
    // False positives: Poisson with the configured mean.
    TrackingSimConfig q = p;
    q.OcclusionMiss = 0.0;
    q.FalsePositives = 2.0;
    q.Frames = 1000;
    const auto vq = TrackingVideo::Make(q);
    long fps = 0;
    for (int k = 0; k < q.Frames; ++k)
        for (const SimDetection& d : vq->Frame(k).Detections) fps += d.GtId < 0;
    CHECK(fps / 1000.0 == Approx(2.0).margin(0.15));
    TrackingSimConfig bad = c;
    bad.Objects = 31;
    CHECK_FALSE(TrackingVideo::Make(bad).Ok());
}

TEST_CASE("a sliced SORT run over the video: metrics add up", "[tracking]")
{
    TrackingSimConfig c;
    c.Frames = 80;
    auto run = TrackingRun::Start(c, SortParams{});
    REQUIRE(run.Ok());
    TrackingRun& r = run.Value();
    while (!r.Done()) r.Step(7);
    CHECK(r.Progress() == 1.0);
    CHECK(r.FramesDone() == 80);
    const ClearMotSummary& m = r.Mot();
    CHECK(m.Gt == 80L * c.Objects);
    CHECK(m.Matches + m.FalseNegatives == m.Gt);
    CHECK(m.Mota() > 0.3);
    CHECK(r.Identity().Idf1() > 0.3);
    CHECK(r.Identity().IdTp <= m.Matches + m.FalsePositives);
    CHECK(r.Trace(10).FrameCount == 11);
    // A perfect detector of fully visible objects: SORT keeps nearly every identity.
    TrackingSimConfig p = c;
    p.MissRate = 0.0;
    p.FalsePositives = 0.0;
    p.JitterPx = 0.0;
    p.OcclusionMiss = 0.0;
    p.Objects = 3;
    auto pr = TrackingRun::Start(p, SortParams{});
    pr->Step(1000);
    CHECK(pr->Mot().Mota() > 0.9);
    CHECK_FALSE(TrackingRun::Start(c, SortParams{}, 0.0).Ok());
}
