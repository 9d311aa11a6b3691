// k-means anchors (1 - IoU distance) and the scene helpers: reproducibility, a brute-force
// check of the fixed point, separable clusters, errors; synthetic scenes, TSV, box dragging.
#include <catch2/catch.hpp>

#include "support/message_text.h"

#include <cmath>
#include <vector>

#include "topics/anchors/core/anchor_scene.h"
#include "topics/anchors/core/kmeans_anchors.h"

using namespace mlviz;

TEST_CASE("k-means anchors are reproducible for a seed", "[anchor]")
{
    const auto boxes = MakeBoxDataset(7, 400);
    REQUIRE(boxes.size() == 400);
    const auto a = KMeansAnchors(boxes, {9, 3, 300});
    const auto b = KMeansAnchors(boxes, {9, 3, 300});
    REQUIRE(a.Ok());
    REQUIRE(b.Ok());
    REQUIRE(a->Anchors.size() == 9);
    for (std::size_t k = 0; k < 9; ++k) {
        CHECK(a->Anchors[k].Width == b->Anchors[k].Width);
        CHECK(a->Anchors[k].Height == b->Anchors[k].Height);
    }
    CHECK(a->Assignment == b->Assignment);
    CHECK(a->Converged);
    // Sorted by area.
    for (std::size_t k = 1; k < 9; ++k)
        CHECK(a->Anchors[k - 1].Width * a->Anchors[k - 1].Height <= a->Anchors[k].Width * a->Anchors[k].Height);
}

TEST_CASE("k-means anchors: converged centroids are the means of their members", "[anchor]")
{
    const auto boxes = MakeBoxDataset(1, 300);
    const auto r = KMeansAnchors(boxes, {5, 11, 500});
    REQUIRE(r.Ok());
    REQUIRE(r->Converged);
    // Brute force: each box's nearest anchor by 1 - IoU is its assignment ...
    double sum_iou = 0.0;
    for (std::size_t i = 0; i < boxes.size(); ++i) {
        int best = 0;
        for (int k = 1; k < 5; ++k)
            if (ShapeIoU(boxes[i], r->Anchors[static_cast<std::size_t>(k)]) >
                ShapeIoU(boxes[i], r->Anchors[static_cast<std::size_t>(best)]))
                best = k;
        REQUIRE(r->Assignment[i] == best);
        sum_iou += ShapeIoU(boxes[i], r->Anchors[static_cast<std::size_t>(best)]);
    }
    CHECK(r->MeanBestIoU == Approx(sum_iou / boxes.size()).epsilon(1e-12));
    // ... and each anchor is the mean (w, h) of its members (the YOLOv2 update).
    for (int k = 0; k < 5; ++k) {
        double sw = 0.0, sh = 0.0;
        int n = 0;
        for (std::size_t i = 0; i < boxes.size(); ++i)
            if (r->Assignment[i] == k) {
                sw += boxes[i].Width;
                sh += boxes[i].Height;
                ++n;
            }
        REQUIRE(n > 0);
        CHECK(r->Anchors[static_cast<std::size_t>(k)].Width == Approx(sw / n).epsilon(1e-9));
        CHECK(r->Anchors[static_cast<std::size_t>(k)].Height == Approx(sh / n).epsilon(1e-9));
    }
}

TEST_CASE("k-means anchors recover well separated clusters", "[anchor]")
{
    std::vector<AnchorShape> boxes;
    for (int i = 0; i < 20; ++i) {
        const double d = 0.02 * (i % 5);
        boxes.push_back({10 * (1 + d), 30 * (1 - d)});   // tall and small
        boxes.push_back({200 * (1 - d), 100 * (1 + d)}); // wide and large
    }
    for (std::uint32_t seed = 0; seed < 10; ++seed) {
        const auto r = KMeansAnchors(boxes, {2, seed, 100});
        REQUIRE(r.Ok());
        CHECK(r->Anchors[0].Width == Approx(10 * 1.04).epsilon(1e-9));
        CHECK(r->Anchors[0].Height == Approx(30 * 0.96).epsilon(1e-9));
        CHECK(r->Anchors[1].Width == Approx(200 * 0.96).epsilon(1e-9));
        CHECK(r->MeanBestIoU > 0.9);
    }
    // More anchors never lower the mean best IoU of the fitted set much; k = n gives 1.
    const auto all = KMeansAnchors(std::vector<AnchorShape>{{10, 10}, {20, 40}, {50, 25}}, {3, 1, 50});
    REQUIRE(all.Ok());
    CHECK(all->MeanBestIoU == Approx(1.0));
}

TEST_CASE("k-means anchors: errors and the hand-set comparison", "[anchor]")
{
    const std::vector<AnchorShape> boxes = {{10, 10}, {20, 20}};
    CHECK_FALSE(KMeansAnchors(boxes, {0, 1, 10}).Ok());
    CHECK_FALSE(KMeansAnchors(boxes, {3, 1, 10}).Ok());
    CHECK_FALSE(KMeansAnchors(std::vector<AnchorShape>{{0, 10}, {5, 5}}, {1, 1, 10}).Ok());
    CHECK_FALSE(KMeansAnchors(std::vector<AnchorShape>{{NAN, 10}, {5, 5}}, {1, 1, 10}).Ok());
    // Duplicates: k-means++ cannot find a distinct second centre and must not hang.
    const auto dup = KMeansAnchors(std::vector<AnchorShape>{{8, 8}, {8, 8}, {8, 8}}, {2, 1, 10});
    REQUIRE(dup.Ok());
    CHECK(dup->MeanBestIoU == Approx(1.0));
    // Mean best IoU by hand: boxes 10x10 and 20x20 against one 10x10 anchor: (1 + 0.25) / 2.
    CHECK(MeanBestIoU(boxes, std::vector<AnchorShape>{{10, 10}}) == Approx(0.625));
    CHECK(MeanBestIoU(boxes, std::vector<AnchorShape>{}) == 0.0);
}

TEST_CASE("Synthetic scenes are seeded and hold a tiny object", "[anchor]")
{
    const auto a = MakeSyntheticScene(4, 9, 640, 480), b = MakeSyntheticScene(4, 9, 640, 480);
    REQUIRE(a.size() == 9);
    for (std::size_t i = 0; i < a.size(); ++i) {
        CHECK(a[i].Bounds.X1 == b[i].Bounds.X1);
        CHECK(a[i].Bounds.Y2 == b[i].Bounds.Y2);
        CHECK(ValidateBox(a[i].Bounds).Empty());
        CHECK(a[i].Bounds.X1 >= 0.0f);
        CHECK(a[i].Bounds.X2 <= 640.0f);
        CHECK(a[i].Bounds.Y2 <= 480.0f);
        CHECK(a[i].Bounds.Area() > 0.0f);
    }
    CHECK(a[0].Kind == SceneObjectKind::Ball);
    CHECK(a[0].Bounds.Width() <= 15.0f);
    CHECK(MakeSyntheticScene(4, 100, 640, 480).size() == 24);
}

TEST_CASE("Boxes TSV parsing", "[anchor]")
{
    const auto ok = ParseBoxesTsv("# class\tx1\ty1\tx2\ty2\ncar\t40\t330\t230\t426\r\nperson\t1.5\t2\t3\t4\n\n");
    REQUIRE(ok.Ok());
    REQUIRE(ok.Value().size() == 2);
    CHECK(ok.Value()[0].Kind == SceneObjectKind::Car);
    CHECK(ok.Value()[0].Bounds.X2 == 230.0f);
    CHECK(ok.Value()[1].Bounds.X1 == 1.5f);
    const auto bad_count = ParseBoxesTsv("car\t1\t2\t3\n");
    REQUIRE_FALSE(bad_count.Ok());
    CHECK(Text(bad_count.Error()).find("строка 1") != std::string::npos);
    const auto bad_num = ParseBoxesTsv("# c\ncar\t1\tx\t3\t4\n");
    REQUIRE_FALSE(bad_num.Ok());
    CHECK(Text(bad_num.Error()).find("строка 2") != std::string::npos);
    CHECK_FALSE(ParseBoxesTsv("car\t5\t0\t1\t4\n").Ok()); // x2 < x1
}

TEST_CASE("Box dragging: grips, clamping and minimum size", "[anchor]")
{
    const Box b{100, 100, 200, 160};
    CHECK(HitBox(b, 100, 100, 10) == BoxGrip::TopLeft);
    CHECK(HitBox(b, 205, 165, 10) == BoxGrip::BottomRight);
    CHECK(HitBox(b, 150, 102, 10) == BoxGrip::Top);
    CHECK(HitBox(b, 150, 130, 10) == BoxGrip::Move);
    CHECK(HitBox(b, 300, 300, 10) == BoxGrip::None);
    // A tiny box is moved, not resized, when pressed inside.
    CHECK(HitBox(Box{10, 10, 16, 16}, 11, 11, 10) == BoxGrip::Move);
    // Moves stay inside the image.
    Box m = DragBox(b, BoxGrip::Move, 1000, -1000, 640, 480, 4);
    CHECK(m.X2 == 640.0f);
    CHECK(m.Y1 == 0.0f);
    CHECK(m.Width() == 100.0f);
    // Resizing keeps the minimum side and never crosses the opposite edge.
    Box r = DragBox(b, BoxGrip::Left, 500, 0, 640, 480, 4);
    CHECK(r.X1 == 196.0f);
    CHECK(r.X2 == 200.0f);
    r = DragBox(b, BoxGrip::BottomRight, 30, 20, 640, 480, 4);
    CHECK(r.X2 == 230.0f);
    CHECK(r.Y2 == 180.0f);
    CHECK(r.X1 == 100.0f);
    // NaN deltas leave the box where it was.
    r = DragBox(b, BoxGrip::Move, NAN, NAN, 640, 480, 4);
    CHECK(r.X1 == 100.0f);
    // Picking: the smallest box containing the point, the selected box's grips first.
    const std::vector<Box> boxes = {{0, 0, 300, 300}, {100, 100, 200, 160}};
    BoxGrip g = BoxGrip::None;
    CHECK(PickBox(boxes, -1, 150, 130, 10, g) == 1);
    CHECK(g == BoxGrip::Move);
    CHECK(PickBox(boxes, 0, 298, 298, 10, g) == 0);
    CHECK(g == BoxGrip::BottomRight);
    CHECK(PickBox(boxes, -1, 500, 500, 10, g) == -1);
}
