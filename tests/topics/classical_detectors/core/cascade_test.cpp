// The Viola-Jones cascade against python3-opencv 4.6.0's cv2.CascadeClassifier on the same grey
// images: parsing, grouping, every window at scale 1 stage by stage, the whole pyramid, detections.
#include <catch2/catch.hpp>

#include <algorithm>
#include <memory>
#include <tuple>

#include "topics/classical_detectors/core/test_data.h"
#include "topics/classical_detectors/core/cascade.h"
#include "topics/classical_detectors/core/cascade_detect.h"
#include "topics/classical_detectors/core/cascade_refs.h"

using namespace mlviz;
using cd_test::Checksum;
using namespace mlviz::cd_test;

namespace {

std::shared_ptr<const HaarCascade> FrontalFace()
{
    static std::shared_ptr<const HaarCascade> c = [] {
        auto r = ParseHaarCascade(cd_test::ReadFile(cd_test::DataPath("cascades/haarcascade_frontalface_default.xml")));
        return r ? std::make_shared<const HaarCascade>(std::move(r.Value())) : nullptr;
    }();
    return c;
}

CascadeDetection Detect(const GreyImage& g, double scale_factor, int min_neighbors, int min_size = 0, int max_size = 0)
{
    CascadeOptions o;
    o.ScaleFactor = scale_factor;
    o.MinNeighbors = min_neighbors;
    o.MinWidth = o.MinHeight = min_size;
    o.MaxWidth = o.MaxHeight = max_size;
    auto job = CascadeDetectJob::Start(FrontalFace(), g, o);
    REQUIRE(job);
    job.Value().RunToEnd();
    return job->Detection();
}

std::vector<int> SortedFlat(std::vector<IntRect> boxes)
{
    std::sort(boxes.begin(), boxes.end(),
              [](const IntRect& a, const IntRect& b) { return std::tie(a.X, a.Y, a.W, a.H) < std::tie(b.X, b.Y, b.W, b.H); });
    std::vector<int> flat;
    for (const IntRect& r : boxes) flat.insert(flat.end(), {r.X, r.Y, r.W, r.H});
    return flat;
}

double IoU(const IntRect& a, const IntRect& b)
{
    const int iw = std::max(0, std::min(a.X + a.W, b.X + b.W) - std::max(a.X, b.X));
    const int ih = std::max(0, std::min(a.Y + a.H, b.Y + b.H) - std::max(a.Y, b.Y));
    const double inter = static_cast<double>(iw) * ih;
    return inter / (a.W * a.H + b.W * b.H - inter);
}

} // namespace

TEST_CASE("cascade: parses haarcascade_frontalface_default.xml like CascadeClassifierImpl::Data::read", "[classical_detectors]")
{
    auto c = FrontalFace();
    REQUIRE(c);
    CHECK(c->WindowWidth == 24);
    CHECK(c->WindowHeight == 24);
    REQUIRE(c->Stages.size() == 25);
    CHECK(c->Trees.size() == 2913);
    CHECK(c->Features.size() == 2913);
    CHECK(c->StumpsOnly);
    CHECK(c->Stages[0].TreeCount == 9);
    CHECK(c->Stages[24].TreeCount == 200);
    CHECK(c->Stages[0].FileThreshold == -5.0425500869750977f);
    CHECK(c->Stages[0].Threshold == -5.0425500869750977f - 1e-5f);
    CHECK(c->Nodes[0].Threshold == -3.1511999666690826e-02f);
    CHECK(c->Leaves[0] == 2.0875380039215088f);
    CHECK(c->Leaves[1] == -2.2172100543975830f);
    // The last feature of the file: 9 1 6 22 -1. / 12 1 3 11 2. / 9 12 3 11 2.
    const CascadeFeature& f = c->Features.back();
    CHECK(f.RectCount == 3);
    CHECK(f.Rects[2].X == 9);
    CHECK(f.Rects[2].Y == 12);
    CHECK(f.Rects[2].W == 3);
    CHECK(f.Rects[2].H == 11);
    CHECK(f.Rects[2].Weight == 2.0f);
    auto t = TruncateCascade(*c, 3);
    REQUIRE(t);
    CHECK(t->Stages.size() == 3);
    CHECK_FALSE(TruncateCascade(*c, 0));
    CHECK_FALSE(TruncateCascade(*c, 26));
}

TEST_CASE("cascade: malformed XML and unsupported cascades are messages", "[classical_detectors]")
{
    CHECK_FALSE(ParseHaarCascade(""));
    CHECK_FALSE(ParseHaarCascade("<opencv_storage><cascade>"));
    CHECK_FALSE(ParseHaarCascade("<a></b>"));
    CHECK_FALSE(ParseHaarCascade("<opencv_storage></opencv_storage>"));
    CHECK_FALSE(ParseHaarCascade("<opencv_storage><cascade><stageType>BOOST</stageType><featureType>LBP</featureType>"
                                 "</cascade></opencv_storage>"));
    const std::string head = "<?xml version=\"1.0\"?><!-- c --><opencv_storage><cascade><stageType>BOOST</stageType>"
                             "<featureType>HAAR</featureType><height>4</height><width>4</width><stages><_>"
                             "<stageThreshold>0.5</stageThreshold><weakClassifiers><_><internalNodes>";
    const std::string tail = "</rects></_></features></cascade></opencv_storage>";
    const std::string good = head +
        "0 -1 0 1.5</internalNodes><leafValues>-1 1</leafValues></_></weakClassifiers></_>"
        "</stages><features><_><rects><_>0 0 4 4 -1.</_><_>2 0 2 4 2.</_>" +
        tail;
    auto ok = ParseHaarCascade(good);
    REQUIRE(ok);
    CHECK(ok->Stages[0].Threshold == 0.5f - 1e-5f);
    CHECK(ok->Features[0].Rects[1].Weight == 2.0f);
    // A rectangle leaving the 4x4 window, a dangling feature index, a child pointing back, tilted.
    CHECK_FALSE(ParseHaarCascade(head +
                                 "0 -1 0 1.5</internalNodes><leafValues>-1 1</leafValues></_></weakClassifiers>"
                                 "</_></stages><features><_><rects><_>0 0 5 4 -1.</_>" +
                                 tail));
    CHECK_FALSE(ParseHaarCascade(head +
                                 "0 -1 1 1.5</internalNodes><leafValues>-1 1</leafValues></_></weakClassifiers>"
                                 "</_></stages><features><_><rects><_>0 0 4 4 -1.</_>" +
                                 tail));
    CHECK_FALSE(ParseHaarCascade(head +
                                 "1 -1 0 1.5 1 -2 0 0.5</internalNodes><leafValues>-1 1 2</leafValues></_>"
                                 "</weakClassifiers></_></stages><features><_><rects><_>0 0 4 4 -1.</_>" +
                                 tail));
    CHECK(ParseHaarCascade(head +
                           "1 -1 0 1.5 -2 0 0 0.5</internalNodes><leafValues>-1 1 2</leafValues></_>"
                           "</weakClassifiers></_></stages><features><_><rects><_>0 0 4 4 -1.</_>" +
                           tail));
    CHECK_FALSE(ParseHaarCascade(head +
                                 "0 -1 0 1.5</internalNodes><leafValues>-1</leafValues></_></weakClassifiers>"
                                 "</_></stages><features><_><rects><_>0 0 4 4 -1.</_>" +
                                 tail));
    CHECK_FALSE(ParseHaarCascade(head +
                                 "0 -1 0 1.5</internalNodes><leafValues>-1 1</leafValues></_></weakClassifiers>"
                                 "</_></stages><features><_><tilted>1</tilted><rects><_>0 0 4 4 -1.</_>" +
                                 tail));
    CHECK_FALSE(ParseHaarCascade("<opencv_storage><old type_id=\"opencv-haar-classifier\"><size>20 20</size><stages>"
                                 "</stages></old></opencv_storage>"));
}

TEST_CASE("cascade: groupRectangles hand cases (eps 0.2, OpenCV's rounding and nesting rule)", "[classical_detectors]")
{
    // Three similar 20x20 boxes (delta = 0.2 * 40 / 2 = 4) and one far away.
    std::vector<IntRect> r = {{10, 10, 20, 20}, {12, 11, 20, 20}, {13, 13, 21, 21}, {100, 100, 20, 20}};
    GroupedRects g = GroupRectangles(r, 1, 0.2);
    REQUIRE(g.Rects.size() == 1);
    // mean of 10, 12, 13 = 11.67 -> 12; 10, 11, 13 -> 11.33 -> 11; widths 61/3 = 20.33 -> 20
    CHECK(g.Rects[0] == IntRect{12, 11, 20, 20});
    CHECK(g.Neighbors[0] == 3);
    CHECK(g.Labels[0] == g.Labels[1]);
    CHECK(g.Labels[3] != g.Labels[0]);
    CHECK(g.KeptClass[g.Labels[3]] == -1);
    // minNeighbors 0: unchanged.
    CHECK(GroupRectangles(r, 0, 0.2).Rects == r);
    // Two boxes (12 + 13) / 2 = 12.5 rounds half to even: 12; 13 + 15 = 28 / 2 = 14.
    GroupedRects h = GroupRectangles({{12, 13, 20, 20}, {13, 15, 20, 20}}, 1, 0.2);
    REQUIRE(h.Rects.size() == 1);
    CHECK(h.Rects[0] == IntRect{12, 14, 20, 20});
    // A small class of 2 inside a big class of 5 is dropped (n1 < 3).
    std::vector<IntRect> nested;
    for (int i = 0; i < 5; ++i) nested.push_back({100 + i, 100, 100, 100});
    nested.push_back({150, 150, 20, 20});
    nested.push_back({151, 150, 20, 20});
    GroupedRects n = GroupRectangles(nested, 1, 0.2);
    REQUIRE(n.Rects.size() == 1);
    CHECK(n.Rects[0] == IntRect{102, 100, 100, 100});
}

TEST_CASE("cascade: pyramid scales and scan extents as detectMultiScale", "[classical_detectors]")
{
    auto c = FrontalFace();
    REQUIRE(c);
    auto s = CascadeScales(*c, 512, 512, {});
    REQUIRE(s);
    // 24 * 1.1^k <= 512: k = 0..32
    REQUIRE(s->size() == 33);
    CHECK(s->at(0).Width == 512);
    CHECK(s->at(0).Step == 2);
    CHECK(s->at(0).GridW == 245); // x < 512 + 1 - 24 = 489, step 2
    CHECK(s->at(1).Width == 465); // round(512 / 1.1f)
    CHECK(s->at(8).Step == 1);    // 1.1^8 = 2.14 >= 2
    CHECK(s->at(32).WindowW == 507);
    CascadeOptions bad;
    bad.ScaleFactor = 1.0;
    CHECK_FALSE(CascadeScales(*c, 512, 512, bad));
    CHECK(CascadeScales(*c, 23, 100, {})->empty());
    CascadeOptions one;
    one.MinWidth = one.MinHeight = one.MaxWidth = one.MaxHeight = 30; // not on the grid: closest scale (29)
    auto o = CascadeScales(*c, 100, 100, one);
    REQUIRE(o->size() == 1);
    CHECK(o->at(0).WindowW == 29);
}

TEST_CASE("cascade: every window at scale 1 reaches the same stage as OpenCV", "[classical_detectors]")
{
    auto c = FrontalFace();
    REQUIRE(c);
    std::string current;
    CascadeDetection det;
    for (const StageRef& r : kScale1Refs) {
        if (current != r.Image) {
            current = r.Image;
            det = Detect(cd_test::SampleImage(r.Image), 1.1, 0, 24, 24);
            REQUIRE(det.Levels.size() == 1);
        }
        const CascadeLevelRecord& lv = det.Levels[0];
        std::vector<std::pair<int, int>> pts;
        for (int gy = 0; gy < lv.Scale.GridH; ++gy)
            for (int gx = 0; gx < lv.Scale.GridW; ++gx)
                if (lv.Stage[gy * lv.Scale.GridW + gx] >= r.Stages) pts.push_back({gx * lv.Scale.Step, gy * lv.Scale.Step});
        std::sort(pts.begin(), pts.end());
        std::vector<int> flat;
        for (auto [x, y] : pts) flat.insert(flat.end(), {x, y});
        INFO(r.Image << ": windows passing " << r.Stages << " stages");
        CHECK(static_cast<int>(pts.size()) == r.Count);
        CHECK(Checksum(flat) == r.Sum);
    }
}

TEST_CASE("cascade: windows passing k stages over the whole pyramid equal OpenCV's", "[classical_detectors]")
{
    std::string current;
    CascadeDetection det;
    for (const StageRef& r : kPyramidRefs) {
        if (current != r.Image) {
            current = r.Image;
            det = Detect(cd_test::SampleImage(r.Image), 1.1, 0);
        }
        std::vector<IntRect> boxes; // with minNeighbors 0 OpenCV returns the raw candidates, clipped
        for (const CascadeLevelRecord& lv : det.Levels)
            for (int gy = 0; gy < lv.Scale.GridH; ++gy)
                for (int gx = 0; gx < lv.Scale.GridW; ++gx)
                    if (lv.Stage[gy * lv.Scale.GridW + gx] >= r.Stages) {
                        const int x = gx * lv.Scale.Step, y = gy * lv.Scale.Step;
                        boxes.push_back({static_cast<int>(std::nearbyint(x * lv.Scale.Scale)),
                                         static_cast<int>(std::nearbyint(y * lv.Scale.Scale)), lv.Scale.WindowW,
                                         lv.Scale.WindowH});
                    }
        ClipObjects(det.Levels[0].Scale.Width, det.Levels[0].Scale.Height, boxes, nullptr);
        INFO(r.Image << ": raw candidates of " << r.Stages << " stages");
        CHECK(static_cast<int>(boxes.size()) == r.Count);
        CHECK(Checksum(SortedFlat(boxes)) == r.Sum);
    }
}

TEST_CASE("cascade: detections equal detectMultiScale (count, boxes, IoU >= 0.9)", "[classical_detectors]")
{
    for (const DetectRef& r : kDetectRefs) {
        const CascadeDetection det = Detect(cd_test::SampleImage(r.Image), r.ScaleFactor, r.MinNeighbors);
        INFO(r.Image << " scaleFactor " << r.ScaleFactor << " minNeighbors " << r.MinNeighbors);
        REQUIRE(static_cast<int>(det.Objects.size()) == r.Count);
        CHECK(Checksum(SortedFlat(det.Objects)) == r.Sum);
        if (r.Count > 0) {
            double best = 0.0;
            for (const IntRect& b : det.Objects) best = std::max(best, IoU(b, r.First));
            CHECK(best >= 0.9);
        }
    }
}

TEST_CASE("cascade: the sliced job gives the same result as one run, funnel adds up", "[classical_detectors]")
{
    const GreyImage g = cd_test::SampleImage("astronaut_crop");
    auto job = CascadeDetectJob::Start(FrontalFace(), g, {});
    REQUIRE(job);
    double last = -1.0;
    int calls = 0;
    while (!job->Done()) {
        job.Value().Step(20000);
        CHECK(job->Progress() >= last);
        last = job->Progress();
        ++calls;
    }
    CHECK(calls > 10);
    const CascadeDetection one = Detect(g, 1.1, 3);
    const CascadeDetection& d = job->Detection();
    CHECK(d.Objects == one.Objects);
    CHECK(d.StageRejections == one.StageRejections);
    long long rejected = d.FlatWindows + static_cast<long long>(d.Candidates.size());
    for (long long n : d.StageRejections) rejected += n;
    CHECK(rejected == d.EvaluatedWindows);
    long long cells = 0;
    for (const CascadeLevelRecord& lv : d.Levels) cells += static_cast<long long>(lv.Stage.size());
    CHECK(cells == d.EvaluatedWindows + d.SkippedWindows);
    // The hover read-out agrees with the scan record.
    const CascadeLevelRecord& lv0 = d.Levels[0];
    auto level = PrepareCascadeLevel(*FrontalFace(), g, lv0.Scale);
    REQUIRE(level);
    for (int gx = 0; gx < lv0.Scale.GridW; gx += 7) {
        const int stage = lv0.Stage[10 * lv0.Scale.GridW + gx];
        if (stage == kWindowSkipped) continue;
        const WindowExplanation e = ExplainWindow(*FrontalFace(), *level, gx * 2, 20);
        CHECK(e.Outcome.Stage == stage);
        if (stage >= 0) {
            CHECK(static_cast<float>(e.StageSums.back()) == lv0.Sum[10 * lv0.Scale.GridW + gx]);
            CHECK(static_cast<int>(e.StageSums.size()) == std::min(stage + 1, 25));
        }
    }
    job.Value().Regroup(0);
    CHECK(job->Detection().Groups.Rects.size() == d.Candidates.size());
}
