// The Viola-Jones cascade against python3-opencv 4.6.0's cv2.CascadeClassifier on the same grey
// images: parsing, grouping, every window at scale 1 stage by stage, the whole pyramid, detections.
#include <catch2/catch.hpp>

#include <algorithm>
#include <memory>
#include <tuple>

#include "topics/classical_detectors/core/test_data.h"
#include "topics/classical_detectors/core/cascade.h"
#include "topics/classical_detectors/core/cascade_detect.h"

using namespace mlviz;
using cd_test::Checksum;

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
    std::sort(boxes.begin(), boxes.end(), [](const IntRect& a, const IntRect& b) {
        return std::tie(a.X, a.Y, a.W, a.H) < std::tie(b.X, b.Y, b.W, b.H);
    });
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

struct DetectRef {
    const char* Image;
    double ScaleFactor;
    int MinNeighbors, Count;
    std::uint64_t Sum;
    IntRect First;
};
// tools/classical_detectors_reference.py cascade, OpenCV 4.6.0: detectMultiScale(grey, s, n)
const DetectRef kDetectRefs[] = {
    {"astronaut", 1.10, 3, 1, 620011305846uLL, {177, 66, 95, 95}},
    {"astronaut", 1.05, 3, 3, 4674065940949uLL, {175, 66, 97, 97}},
    {"astronaut", 1.20, 5, 1, 620011305846uLL, {177, 66, 95, 95}},
    {"astronaut", 1.30, 1, 2, 2330816532239uLL, {39, 418, 89, 89}},
    {"astronaut", 1.10, 0, 47, 45583932939130uLL, {4, 380, 100, 100}},
    {"coffee", 1.10, 3, 0, 0uLL, {0, 0, 0, 0}},
    {"coffee", 1.05, 3, 0, 0uLL, {0, 0, 0, 0}},
    {"coffee", 1.20, 5, 0, 0uLL, {0, 0, 0, 0}},
    {"coffee", 1.30, 1, 0, 0uLL, {0, 0, 0, 0}},
    {"coffee", 1.10, 0, 2, 1617748950466uLL, {400, 70, 26, 26}},
    {"chelsea", 1.10, 3, 0, 0uLL, {0, 0, 0, 0}},
    {"chelsea", 1.05, 3, 0, 0uLL, {0, 0, 0, 0}},
    {"chelsea", 1.20, 5, 0, 0uLL, {0, 0, 0, 0}},
    {"chelsea", 1.30, 1, 0, 0uLL, {0, 0, 0, 0}},
    {"chelsea", 1.10, 0, 7, 6301001280251uLL, {25, 134, 100, 100}},
    {"astronaut_mirror", 1.10, 3, 2, 2214317001940uLL, {66, 433, 26, 26}},
    {"astronaut_mirror", 1.05, 3, 2, 2215330930856uLL, {67, 434, 26, 26}},
    {"astronaut_mirror", 1.20, 5, 1, 631404405149uLL, {237, 65, 98, 98}},
    {"astronaut_mirror", 1.30, 1, 2, 2208620841156uLL, {67, 435, 24, 24}},
    {"astronaut_mirror", 1.10, 0, 67, 75301571276560uLL, {64, 431, 32, 32}},
    {"astronaut_crop", 1.10, 3, 1, 566921121571uLL, {78, 46, 95, 95}},
    {"astronaut_crop", 1.05, 3, 1, 571603378129uLL, {77, 46, 96, 96}},
    {"astronaut_crop", 1.20, 5, 1, 580341263936uLL, {75, 44, 99, 99}},
    {"astronaut_crop", 1.30, 1, 1, 574257813890uLL, {76, 47, 96, 96}},
    {"astronaut_crop", 1.10, 0, 44, 29619988990154uLL, {28, 252, 24, 24}},
    {"astronaut_384", 1.10, 3, 1, 465165126953uLL, {132, 50, 71, 71}},
    {"astronaut_384", 1.05, 3, 2, 1356200045541uLL, {132, 49, 73, 73}},
    {"astronaut_384", 1.20, 5, 1, 481239742114uLL, {131, 49, 75, 75}},
    {"astronaut_384", 1.30, 1, 2, 1330465039524uLL, {131, 49, 72, 72}},
    {"astronaut_384", 1.10, 0, 44, 31914755725531uLL, {3, 282, 75, 75}},
};

struct StageRef {
    const char* Image;
    int Stages, Count;
    std::uint64_t Sum;
};
// tools/classical_detectors_reference.py stages, OpenCV 4.6.0: windows at scale 1 passing the first
// k stages (cascade truncated to k stages, minSize = maxSize = 24x24, minNeighbors 0)
const StageRef kScale1Refs[] = {
    {"astronaut", 1, 15141, 15856362042702482uLL},
    {"astronaut", 2, 8028, 8374484036885724uLL},
    {"astronaut", 3, 4761, 4980705901896596uLL},
    {"astronaut", 4, 2580, 2721074667926488uLL},
    {"astronaut", 5, 1569, 1658416438542480uLL},
    {"astronaut", 6, 939, 996210954129690uLL},
    {"astronaut", 7, 584, 625247729334868uLL},
    {"astronaut", 8, 282, 300845508518686uLL},
    {"astronaut", 9, 184, 191110403897942uLL},
    {"astronaut", 10, 112, 123529872812272uLL},
    {"astronaut", 11, 74, 80126557421974uLL},
    {"astronaut", 12, 52, 57176234086896uLL},
    {"astronaut", 13, 29, 34380247482538uLL},
    {"astronaut", 14, 17, 21324216899160uLL},
    {"astronaut", 15, 14, 18687101159250uLL},
    {"astronaut", 16, 11, 15440117888240uLL},
    {"astronaut", 17, 10, 12962046036838uLL},
    {"astronaut", 18, 6, 9573564581998uLL},
    {"astronaut", 19, 3, 3777644083746uLL},
    {"astronaut", 20, 2, 2754594746228uLL},
    {"astronaut", 21, 2, 2754594746228uLL},
    {"astronaut", 22, 2, 2754594746228uLL},
    {"astronaut", 23, 2, 2754594746228uLL},
    {"astronaut", 24, 2, 2754594746228uLL},
    {"astronaut", 25, 1, 722011464992uLL},
    {"coffee", 1, 13785, 14578701848158694uLL},
    {"coffee", 2, 6850, 7413654264273474uLL},
    {"coffee", 3, 3473, 3785221461612160uLL},
    {"coffee", 4, 1742, 1947598234289212uLL},
    {"coffee", 5, 918, 1019885775465932uLL},
    {"coffee", 6, 579, 645711970769982uLL},
    {"coffee", 7, 384, 435770404342778uLL},
    {"coffee", 8, 235, 273538507428732uLL},
    {"coffee", 9, 150, 180731703363378uLL},
    {"coffee", 10, 81, 94002690087736uLL},
    {"coffee", 11, 54, 64530318611902uLL},
    {"coffee", 12, 31, 39103189471404uLL},
    {"coffee", 13, 23, 29024285862480uLL},
    {"coffee", 14, 10, 13353024256332uLL},
    {"coffee", 15, 5, 7159076546762uLL},
    {"coffee", 16, 5, 7159076546762uLL},
    {"coffee", 17, 3, 3480075710054uLL},
    {"coffee", 18, 2, 2501210620154uLL},
    {"coffee", 19, 2, 2501210620154uLL},
    {"coffee", 20, 2, 2501210620154uLL},
    {"coffee", 21, 1, 960916658462uLL},
    {"coffee", 22, 1, 960916658462uLL},
    {"coffee", 23, 1, 960916658462uLL},
    {"coffee", 24, 0, 0uLL},
    {"coffee", 25, 0, 0uLL},
    {"astronaut_384", 1, 9208, 7055547480042880uLL},
    {"astronaut_384", 2, 5112, 3900748852481872uLL},
    {"astronaut_384", 3, 3014, 2305241310572174uLL},
    {"astronaut_384", 4, 1653, 1274607310267068uLL},
    {"astronaut_384", 5, 985, 777839441178058uLL},
    {"astronaut_384", 6, 602, 476593715921580uLL},
    {"astronaut_384", 7, 372, 295704799828224uLL},
    {"astronaut_384", 8, 221, 170316371961830uLL},
    {"astronaut_384", 9, 154, 117527859970808uLL},
    {"astronaut_384", 10, 105, 77519754802734uLL},
    {"astronaut_384", 11, 66, 49394091499854uLL},
    {"astronaut_384", 12, 51, 41317873293826uLL},
    {"astronaut_384", 13, 32, 25850091560830uLL},
    {"astronaut_384", 14, 21, 15280874984320uLL},
    {"astronaut_384", 15, 15, 12798333717824uLL},
    {"astronaut_384", 16, 13, 11986292221208uLL},
    {"astronaut_384", 17, 12, 10243489665598uLL},
    {"astronaut_384", 18, 10, 8410464627864uLL},
    {"astronaut_384", 19, 7, 4904706666456uLL},
    {"astronaut_384", 20, 6, 5431719172842uLL},
    {"astronaut_384", 21, 5, 4073749024912uLL},
    {"astronaut_384", 22, 1, 212359231010uLL},
    {"astronaut_384", 23, 1, 212359231010uLL},
    {"astronaut_384", 24, 1, 212359231010uLL},
    {"astronaut_384", 25, 1, 212359231010uLL},
};
// ... and raw candidates over the whole pyramid (scaleFactor 1.1) of the truncated cascades
const StageRef kPyramidRefs[] = {
    {"astronaut", 1, 168374, 205563472520229143uLL},
    {"astronaut", 2, 96824, 118584004936589549uLL},
    {"astronaut", 3, 57391, 70353915011145578uLL},
    {"astronaut", 5, 18279, 22409442377465186uLL},
    {"astronaut", 8, 3857, 4599755289468371uLL},
    {"astronaut", 12, 824, 946273038782538uLL},
    {"astronaut", 18, 144, 165708287506382uLL},
    {"astronaut", 25, 47, 45583932939130uLL},
    {"coffee", 1, 138024, 168358380992795567uLL},
    {"coffee", 2, 66630, 83237019262472054uLL},
    {"coffee", 3, 34189, 43435669596701271uLL},
    {"coffee", 5, 9408, 12068202834763919uLL},
    {"coffee", 8, 2173, 2895921630393644uLL},
    {"coffee", 12, 351, 458273900917947uLL},
    {"coffee", 18, 49, 64998058325457uLL},
    {"coffee", 25, 2, 1617748950466uLL},
    {"astronaut_384", 1, 96360, 90464943230836566uLL},
    {"astronaut_384", 2, 57193, 53938770661634179uLL},
    {"astronaut_384", 3, 34059, 32105391269928033uLL},
    {"astronaut_384", 5, 10805, 10156406905589997uLL},
    {"astronaut_384", 8, 2306, 2092660148850211uLL},
    {"astronaut_384", 12, 568, 495898939181780uLL},
    {"astronaut_384", 18, 121, 99930565372712uLL},
    {"astronaut_384", 25, 44, 31914755725531uLL},
};

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
    const std::string good = head + "0 -1 0 1.5</internalNodes><leafValues>-1 1</leafValues></_></weakClassifiers></_>"
                                    "</stages><features><_><rects><_>0 0 4 4 -1.</_><_>2 0 2 4 2.</_>" + tail;
    auto ok = ParseHaarCascade(good);
    REQUIRE(ok);
    CHECK(ok->Stages[0].Threshold == 0.5f - 1e-5f);
    CHECK(ok->Features[0].Rects[1].Weight == 2.0f);
    // A rectangle leaving the 4x4 window, a dangling feature index, a child pointing back, tilted.
    CHECK_FALSE(ParseHaarCascade(head + "0 -1 0 1.5</internalNodes><leafValues>-1 1</leafValues></_></weakClassifiers>"
                                        "</_></stages><features><_><rects><_>0 0 5 4 -1.</_>" + tail));
    CHECK_FALSE(ParseHaarCascade(head + "0 -1 1 1.5</internalNodes><leafValues>-1 1</leafValues></_></weakClassifiers>"
                                        "</_></stages><features><_><rects><_>0 0 4 4 -1.</_>" + tail));
    CHECK_FALSE(ParseHaarCascade(head + "1 -1 0 1.5 1 -2 0 0.5</internalNodes><leafValues>-1 1 2</leafValues></_>"
                                        "</weakClassifiers></_></stages><features><_><rects><_>0 0 4 4 -1.</_>" + tail));
    CHECK(ParseHaarCascade(head + "1 -1 0 1.5 -2 0 0 0.5</internalNodes><leafValues>-1 1 2</leafValues></_>"
                                  "</weakClassifiers></_></stages><features><_><rects><_>0 0 4 4 -1.</_>" + tail));
    CHECK_FALSE(ParseHaarCascade(head + "0 -1 0 1.5</internalNodes><leafValues>-1</leafValues></_></weakClassifiers>"
                                        "</_></stages><features><_><rects><_>0 0 4 4 -1.</_>" + tail));
    CHECK_FALSE(ParseHaarCascade(head + "0 -1 0 1.5</internalNodes><leafValues>-1 1</leafValues></_></weakClassifiers>"
                                        "</_></stages><features><_><tilted>1</tilted><rects><_>0 0 4 4 -1.</_>" + tail));
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
    CHECK(s->at(0).GridW == 245);   // x < 512 + 1 - 24 = 489, step 2
    CHECK(s->at(1).Width == 465);   // round(512 / 1.1f)
    CHECK(s->at(8).Step == 1);      // 1.1^8 = 2.14 >= 2
    CHECK(s->at(32).WindowW == 507);
    CascadeOptions bad;
    bad.ScaleFactor = 1.0;
    CHECK_FALSE(CascadeScales(*c, 512, 512, bad));
    CHECK(CascadeScales(*c, 23, 100, {})->empty());
    CascadeOptions one;
    one.MinWidth = one.MinHeight = one.MaxWidth = one.MaxHeight = 30;   // not on the grid: closest scale (29)
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
        std::vector<IntRect> boxes;   // with minNeighbors 0 OpenCV returns the raw candidates, clipped
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

TEST_CASE("cascade: the sliced job gives the same result as one run; funnel adds up", "[classical_detectors]")
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
