// The core's COCO evaluation against the Python transcription of pycocotools' COCOeval
// (tools/segmentation_coco_reference.py, numpy 1.24) on 56 generated bbox and segm cases: the
// twelve summary numbers, per-category AP and checksums of the precision / recall / score arrays.
#include <catch2/catch.hpp>

#include <cmath>
#include <nlohmann/json.hpp>

#include "topics/segmentation/core/coco.h"

namespace mlviz::coco_reference {
extern const char* const kCaseChunks[];
extern const int kCaseChunkCount;
} // namespace mlviz::coco_reference
namespace mlviz::coco_curve_reference {
extern const char* const kCaseChunks[];
extern const int kCaseChunkCount;
} // namespace mlviz::coco_curve_reference

using namespace mlviz;

namespace {

CocoMask DecodeRuns(const nlohmann::json& m)
{
    CocoMask out{m["width"].get<int>(), m["height"].get<int>(), {}};
    std::uint8_t v = 0;
    for (const auto& n : m["runs"]) {
        out.Cells.insert(out.Cells.end(), n.get<std::size_t>(), v);
        v = 1 - v;
    }
    return out;
}

CocoAnnotation Annotation(const nlohmann::json& a)
{
    CocoAnnotation c;
    c.ImageId = a["image_id"].get<int>();
    c.CategoryId = a["category_id"].get<int>();
    if (a.contains("bbox"))
        for (int k = 0; k < 4; ++k) c.Bbox[k] = a["bbox"][k].get<double>();
    if (a.contains("mask")) c.Mask = a["mask"].get<int>();
    if (a.contains("area")) c.Area = a["area"].get<double>();
    c.Crowd = a.value("iscrowd", 0) != 0;
    c.Score = a.value("score", 0.0);
    return c;
}

double Sum(const std::vector<double>& v)
{
    double s = 0.0;
    for (double x : v) s += x;
    return s;
}

} // namespace

TEST_CASE("coco: matches the Python COCOeval transcription on generated cases to 1e-12", "[segmentation]")
{
    std::string text;
    for (int k = 0; k < coco_reference::kCaseChunkCount; ++k) text += coco_reference::kCaseChunks[k];
    const auto cases = nlohmann::json::parse(text);
    REQUIRE(cases.size() == 56);
    int segm_cases = 0, capped_cases = 0;
    for (std::size_t n = 0; n < cases.size(); ++n) {
        const auto& c = cases[n];
        CocoInput in;
        in.Type = c["iou_type"] == "segm" ? CocoIouType::Segm : CocoIouType::Bbox;
        segm_cases += in.Type == CocoIouType::Segm;
        for (const auto& a : c["gt"]) in.Gt.push_back(Annotation(a));
        for (const auto& a : c["dt"]) in.Dt.push_back(Annotation(a));
        if (c.contains("masks"))
            for (const auto& m : c["masks"]) in.Masks.push_back(DecodeRuns(m));
        capped_cases += in.Dt.size() > 100;
        const auto r = EvaluateCoco(in);
        INFO("case " << n);
        REQUIRE(r.Ok());
        const auto& expect = c["expect"];
        const auto stats = r->Stats.AsArray();
        for (int s = 0; s < 12; ++s) {
            INFO("stat " << s);
            CHECK(std::fabs(stats[s] - expect["stats"][s].get<double>()) <= 1e-12);
        }
        REQUIRE(r->PerCategory.size() == expect["per_category"].size());
        for (std::size_t k = 0; k < r->PerCategory.size(); ++k) {
            const auto pk = r->PerCategory[k].AsArray();
            for (int s = 0; s < 12; ++s) CHECK(std::fabs(pk[s] - expect["per_category"][k][s].get<double>()) <= 1e-12);
        }
        CHECK(std::fabs(Sum(r->Precision) - expect["precision_sum"].get<double>()) <= 1e-9);
        CHECK(std::fabs(Sum(r->Recall) - expect["recall_sum"].get<double>()) <= 1e-9);
        CHECK(std::fabs(Sum(r->Scores) - expect["scores_sum"].get<double>()) <= 1e-9);
    }
    CHECK(segm_cases == 16);
    CHECK(capped_cases >= 5);
}

TEST_CASE("coco: the curve at any threshold (CurveAt) equals accumulate's at the ten COCO thresholds", "[segmentation]")
{
    std::string text;
    for (int k = 0; k < coco_reference::kCaseChunkCount; ++k) text += coco_reference::kCaseChunks[k];
    const auto cases = nlohmann::json::parse(text);
    int compared = 0;
    for (std::size_t n = 0; n < cases.size(); ++n) {
        const auto& c = cases[n];
        CocoInput in;
        in.Type = c["iou_type"] == "segm" ? CocoIouType::Segm : CocoIouType::Bbox;
        for (const auto& a : c["gt"]) in.Gt.push_back(Annotation(a));
        for (const auto& a : c["dt"]) in.Dt.push_back(Annotation(a));
        if (c.contains("masks"))
            for (const auto& m : c["masks"]) in.Masks.push_back(DecodeRuns(m));
        auto ev = CocoEvaluation::Start(in);
        REQUIRE(ev.Ok());
        while (!ev->Done()) (*ev).Step(50.0); // small slices: the result must not depend on them
        const CocoEvalResult& r = ev->Output();
        INFO("case " << n);
        for (int t = 0; t < kCocoT; ++t)
            for (int k = 0; k < static_cast<int>(r.CategoryIds.size()); ++k)
                for (int a = 0; a < kCocoA; ++a)
                    for (int m = 0; m < kCocoM; ++m) {
                        const CocoPrCurve want = CocoCurve(r, t, k, a, m), got = ev->CurveAt(CocoIouThresholds()[t], k, a, m);
                        REQUIRE(got.Defined == want.Defined);
                        CHECK(got.Interpolated == want.Interpolated);
                        CHECK(got.Recall == want.Recall);
                        CHECK(got.MatchedGt == want.MatchedGt);
                        ++compared;
                    }
    }
    CHECK(compared > 5000);
}

TEST_CASE("coco: AP at thresholds between COCO's matches the Python COCOeval run with those iouThrs", "[segmentation]")
{
    std::string text;
    for (int k = 0; k < coco_curve_reference::kCaseChunkCount; ++k) text += coco_curve_reference::kCaseChunks[k];
    const auto cases = nlohmann::json::parse(text);
    REQUIRE(cases.size() == 24);
    int defined = 0;
    for (std::size_t n = 0; n < cases.size(); ++n) {
        const auto& c = cases[n];
        CocoInput in;
        in.Type = c["iou_type"] == "segm" ? CocoIouType::Segm : CocoIouType::Bbox;
        for (const auto& a : c["gt"]) in.Gt.push_back(Annotation(a));
        for (const auto& a : c["dt"]) in.Dt.push_back(Annotation(a));
        if (c.contains("masks"))
            for (const auto& m : c["masks"]) in.Masks.push_back(DecodeRuns(m));
        auto ev = CocoEvaluation::Start(in);
        REQUIRE(ev.Ok());
        while (!ev->Done()) (*ev).Step(1e18);
        INFO("case " << n);
        const auto& thresholds = c["thresholds"];
        for (std::size_t t = 0; t < thresholds.size(); ++t) {
            const auto& per_k = c["expect_ap"][t];
            REQUIRE(per_k.size() == ev->Output().CategoryIds.size());
            for (std::size_t k = 0; k < per_k.size(); ++k)
                for (int a = 0; a < kCocoA; ++a)
                    for (int m = 0; m < kCocoM; ++m) {
                        const CocoPrCurve curve = ev->CurveAt(thresholds[t].get<double>(), static_cast<int>(k), a, m);
                        double ap = -1.0;
                        if (curve.Defined) {
                            ap = 0.0;
                            for (double p : curve.Interpolated) ap += p;
                            ap /= kCocoR;
                            ++defined;
                        }
                        INFO("t " << thresholds[t] << " k " << k << " a " << a << " m " << m);
                        CHECK(std::fabs(ap - per_k[k][a][m].get<double>()) <= 1e-12);
                    }
        }
    }
    CHECK(defined > 500);
}
