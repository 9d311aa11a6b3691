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
