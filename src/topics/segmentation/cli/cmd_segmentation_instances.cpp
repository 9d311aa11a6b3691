// mlviz-cli segmentation ops on instances: panoptic_quality (panopticapi semantics) and coco_ap
// (pycocotools COCOeval semantics). Input formats:
//   panoptic_quality {"categories": [{"id", "isthing"}], "gt": MAP or [MAP, ...], "pred": likewise}
//     MAP = {"ids": [[segment id per cell, 0 = void]], "segments_info": [{"id", "category_id", "iscrowd"?}]}
//     (areas come from the cells; a segment's "area" / "bbox" / "isthing", as COCO files have them, are ignored)
//   coco_ap {"iou_type": "bbox" | "segm", "gt": [ANN], "dt": [ANN], "pr_curves"?: bool}
//     ANN = {"image_id", "category_id", "bbox": [x, y, w, h], "segmentation"?, "area"? (gt), "iscrowd"? (gt),
//            "score" (dt)}; "segmentation" is a 2-D 0/1 array or COCO's uncompressed RLE
//            {"size": [h, w], "counts": [...]} (column-major runs, zeros first).
#include <climits>

#include "topics/segmentation/cli/segmentation_cli.h"
#include "topics/segmentation/core/coco.h"
#include "topics/segmentation/core/panoptic.h"

namespace mlviz {

namespace {

PanopticMap ReadPanopticMap(const Json& v, const std::string& name, std::size_t& budget)
{
    if (!v.is_object()) FailInput("field '" + name + "' must be an object {\"ids\", \"segments_info\"}");
    RequireKnownKeys(v, {"ids", "segments_info"}, "in '" + name + "'");
    const IntGrid g = ReadIntGrid(RequireField(v, "ids", name), name + ".ids", 0, INT_MAX, budget);
    PanopticMap m;
    m.Width = g.Width;
    m.Height = g.Height;
    m.Ids.assign(g.Cells.begin(), g.Cells.end());
    const Json& info = RequireField(v, "segments_info", name);
    if (!info.is_array()) FailInput("field '" + name + ".segments_info' must be an array");
    if (info.size() > kPanopticMaxSegments)
        FailInput("field '" + name + ".segments_info' has more than " + std::to_string(kPanopticMaxSegments) + " segments");
    for (std::size_t k = 0; k < info.size(); ++k) {
        const std::string sname = name + ".segments_info[" + std::to_string(k) + "]";
        const Json& s = info[k];
        if (!s.is_object()) FailInput("field '" + sname + "' must be an object {\"id\", \"category_id\", \"iscrowd\"}");
        // COCO's segments_info also carries "area" and "bbox": accepted and recomputed from the cells.
        RequireKnownKeys(s, {"id", "category_id", "iscrowd", "isthing", "area", "bbox"}, "in '" + sname + "'");
        PanopticSegment seg;
        seg.Id = static_cast<int>(IntOf(RequireField(s, "id", sname), sname + ".id", 1, INT_MAX));
        seg.Category = static_cast<int>(IntOf(RequireField(s, "category_id", sname), sname + ".category_id", INT_MIN, INT_MAX));
        if (s.contains("iscrowd"))
            seg.Crowd = IntOf(s["iscrowd"].is_boolean() ? Json(s["iscrowd"].get<bool>() ? 1 : 0) : s["iscrowd"],
                              sname + ".iscrowd", 0, 1) == 1;
        m.Segments.push_back(seg);
    }
    return m;
}

Json SummaryJson(const PanopticSummary& s)
{
    return {{"pq", OptionalJson(s.Pq)}, {"sq", OptionalJson(s.Sq)}, {"rq", OptionalJson(s.Rq)}, {"n", s.N}};
}

bool FlagOf(const Json& v, const std::string& name)
{
    if (v.is_boolean()) return v.get<bool>();
    return IntOf(v, name, 0, 1) == 1;
}

} // namespace

Json SegmentationPanopticOp(const Json& in)
{
    RequireObject(in, {"op", "categories", "gt", "pred"});
    const Json& cats = RequireField(in, "categories");
    if (!cats.is_array() || cats.empty()) FailInput("field 'categories' must be a non-empty array of {\"id\", \"isthing\"}");
    if (cats.size() > 10000) FailInput("field 'categories' has more than 10000 entries");
    std::vector<PanopticCategory> categories;
    for (std::size_t k = 0; k < cats.size(); ++k) {
        const std::string cname = "categories[" + std::to_string(k) + "]";
        if (!cats[k].is_object()) FailInput("field '" + cname + "' must be an object {\"id\", \"isthing\"}");
        RequireKnownKeys(cats[k], {"id", "isthing", "name"}, "in '" + cname + "'");
        categories.push_back({static_cast<int>(IntOf(RequireField(cats[k], "id", cname), cname + ".id", INT_MIN, INT_MAX)),
                              FlagOf(RequireField(cats[k], "isthing", cname), cname + ".isthing")});
    }
    const Json& gt = RequireField(in, "gt");
    const Json& pred = RequireField(in, "pred");
    const bool set = gt.is_array();
    if (set != pred.is_array() || (set && gt.size() != pred.size()))
        FailInput("'gt' and 'pred' must both be one map or arrays of the same length");
    if (set && (gt.empty() || gt.size() > 1000)) FailInput("field 'gt' must hold 1 to 1000 images");
    std::size_t budget = kSegCliMaxCells;
    std::vector<PanopticMap> maps;
    const std::size_t n = set ? gt.size() : 1;
    for (std::size_t k = 0; k < n; ++k) {
        const std::string suffix = set ? "[" + std::to_string(k) + "]" : "";
        maps.push_back(ReadPanopticMap(set ? gt[k] : gt, "gt" + suffix, budget));
        maps.push_back(ReadPanopticMap(set ? pred[k] : pred, "pred" + suffix, budget));
    }
    std::vector<PanopticImagePair> pairs;
    for (std::size_t k = 0; k < n; ++k) pairs.push_back({&maps[2 * k], &maps[2 * k + 1]});
    const auto r = ComputePanopticQuality(pairs, categories);
    if (!r) FailInput(r.Error());
    Json out = SummaryJson(r->All);
    out["things"] = SummaryJson(r->Things);
    out["stuff"] = SummaryJson(r->Stuff);
    Json per_class = Json::array();
    for (const PanopticClassStat& c : r->PerClass)
        per_class.push_back({{"category_id", c.Category},
                             {"isthing", c.IsThing},
                             {"pq", OptionalJson(c.Pq)},
                             {"sq", OptionalJson(c.Sq)},
                             {"rq", OptionalJson(c.Rq)},
                             {"tp", c.Tp},
                             {"fp", c.Fp},
                             {"fn", c.Fn},
                             {"iou_sum", c.IouSum}});
    out["per_class"] = per_class;
    Json images = Json::array();
    for (const PanopticImageResult& img : r->Images) {
        Json tp = Json::array(), ignored = Json::array();
        for (const PanopticPair& p : img.Tp)
            tp.push_back({{"gt", p.GtId}, {"pred", p.PredId}, {"category_id", p.Category}, {"iou", p.Iou}});
        for (const PanopticIgnored& g : img.IgnoredPred)
            ignored.push_back({{"pred", g.PredId}, {"void_crowd_fraction", g.VoidCrowdFraction}});
        images.push_back({{"tp", tp}, {"fp", img.Fp}, {"fn", img.Fn}, {"ignored", ignored}, {"crowd", img.CrowdGt}});
    }
    out["images"] = images;
    return out;
}

namespace {

CocoMask ReadSegmentation(const Json& v, const std::string& name, std::size_t& budget)
{
    if (v.is_array()) {
        const IntGrid g = ReadIntGrid(v, name, 0, 1, budget);
        CocoMask m{g.Width, g.Height, {}};
        m.Cells.assign(g.Cells.begin(), g.Cells.end());
        return m;
    }
    if (!v.is_object()) FailInput("field '" + name + "' must be a 2-D 0/1 array or {\"size\": [h, w], \"counts\": [...]}");
    RequireKnownKeys(v, {"size", "counts"}, "in '" + name + "'");
    const Json& size = RequireField(v, "size", name);
    if (!size.is_array() || size.size() != 2) FailInput("field '" + name + ".size' must be [height, width]");
    const long long h = IntOf(size[0], name + ".size[0]", 1, kCocoMaxMaskCells),
                    w = IntOf(size[1], name + ".size[1]", 1, kCocoMaxMaskCells);
    if (static_cast<std::size_t>(h * w) > budget)
        FailInput("field '" + name + "': masks have more than " + std::to_string(kSegCliMaxCells) + " cells in all");
    budget -= static_cast<std::size_t>(h * w);
    const Json& counts = RequireField(v, "counts", name);
    if (!counts.is_array())
        FailInput("field '" + name + ".counts' must be an array of run lengths (compressed strings are not supported)");
    CocoMask m{static_cast<int>(w), static_cast<int>(h), std::vector<std::uint8_t>(static_cast<std::size_t>(h * w), 0)};
    long long pos = 0;
    for (std::size_t k = 0; k < counts.size(); ++k) {
        const long long run = IntOf(counts[k], name + ".counts[" + std::to_string(k) + "]", 0, h * w - pos);
        if (k % 2 == 1) // runs of ones, column-major (COCO's Fortran order)
            for (long long i = pos; i < pos + run; ++i) m.Cells[static_cast<std::size_t>((i % h) * w + i / h)] = 1;
        pos += run;
    }
    if (pos != h * w)
        FailInput("field '" + name + ".counts' adds up to " + std::to_string(pos) + ", not h * w = " + std::to_string(h * w));
    return m;
}

std::vector<CocoAnnotation> ReadAnnotations(const Json& in, const char* field, bool gt, bool segm, CocoInput& coco,
                                            std::size_t& budget)
{
    const Json& list = RequireField(in, field);
    if (!list.is_array()) FailInput(std::string("field '") + field + "' must be an array of annotations");
    if (list.size() > kCocoMaxAnnotations)
        FailInput(std::string("field '") + field + "' has more than " + std::to_string(kCocoMaxAnnotations) + " entries");
    std::vector<CocoAnnotation> out;
    for (std::size_t k = 0; k < list.size(); ++k) {
        const std::string name = std::string(field) + "[" + std::to_string(k) + "]";
        const Json& a = list[k];
        if (!a.is_object()) FailInput("field '" + name + "' must be an object");
        if (gt)
            RequireKnownKeys(a, {"image_id", "category_id", "bbox", "segmentation", "area", "iscrowd", "id"},
                             "in '" + name + "'");
        else
            RequireKnownKeys(a, {"image_id", "category_id", "bbox", "segmentation", "score", "id", "area"}, "in '" + name + "'");
        CocoAnnotation c;
        c.ImageId = static_cast<int>(IntOf(RequireField(a, "image_id", name), name + ".image_id", INT_MIN, INT_MAX));
        c.CategoryId = static_cast<int>(IntOf(RequireField(a, "category_id", name), name + ".category_id", INT_MIN, INT_MAX));
        if (!segm || a.contains("bbox")) {
            const Json& b = RequireField(a, "bbox", name);
            if (!b.is_array() || b.size() != 4) FailInput("field '" + name + ".bbox' must be [x, y, w, h]");
            for (int i = 0; i < 4; ++i)
                c.Bbox[i] = NumberOf(b[i], name + ".bbox[" + std::to_string(i) + "]", i < 2 ? -1e9 : 0.0, 1e9);
        }
        if (segm) {
            c.Mask = static_cast<int>(coco.Masks.size());
            coco.Masks.push_back(ReadSegmentation(RequireField(a, "segmentation", name), name + ".segmentation", budget));
        }
        if (gt && a.contains("area")) c.Area = NumberOf(a["area"], name + ".area", 0.0, 1e18);
        if (gt && a.contains("iscrowd")) c.Crowd = FlagOf(a["iscrowd"], name + ".iscrowd");
        if (!gt) c.Score = NumberOf(RequireField(a, "score", name), name + ".score", -1e300, 1e300);
        out.push_back(c);
    }
    return out;
}

Json StatsJson(const CocoStats& s)
{
    return {{"ap", s.Ap},
            {"ap50", s.Ap50},
            {"ap75", s.Ap75},
            {"ap_small", s.ApSmall},
            {"ap_medium", s.ApMedium},
            {"ap_large", s.ApLarge},
            {"ar1", s.Ar1},
            {"ar10", s.Ar10},
            {"ar100", s.Ar100},
            {"ar_small", s.ArSmall},
            {"ar_medium", s.ArMedium},
            {"ar_large", s.ArLarge}};
}

} // namespace

Json SegmentationCocoOp(const Json& in)
{
    RequireObject(in, {"op", "gt", "dt", "iou_type", "pr_curves"});
    const std::string type = ReadString(in, "iou_type", "bbox");
    if (type != "bbox" && type != "segm") FailInput("field 'iou_type': unknown type '" + type + "' (bbox or segm)");
    const bool curves = ReadBool(in, "pr_curves", false);
    CocoInput coco;
    coco.Type = type == "segm" ? CocoIouType::Segm : CocoIouType::Bbox;
    std::size_t budget = kSegCliMaxCells;
    coco.Gt = ReadAnnotations(in, "gt", true, coco.Type == CocoIouType::Segm, coco, budget);
    coco.Dt = ReadAnnotations(in, "dt", false, coco.Type == CocoIouType::Segm, coco, budget);
    const auto r = EvaluateCoco(std::move(coco));
    if (!r) FailInput(r.Error());
    Json out = StatsJson(r->Stats);
    const auto arr = r->Stats.AsArray();
    out["stats"] = std::vector<double>(arr.begin(), arr.end());
    out["iou_thresholds"] = std::vector<double>(CocoIouThresholds().begin(), CocoIouThresholds().end());
    Json per = Json::array();
    for (std::size_t k = 0; k < r->CategoryIds.size(); ++k) {
        Json c = StatsJson(r->PerCategory[k]);
        c["category_id"] = r->CategoryIds[k];
        if (curves) {
            Json precision = Json::array(), recall = Json::array();
            for (int t = 0; t < kCocoT; ++t) {
                std::vector<double> row;
                for (int rr = 0; rr < kCocoR; ++rr) row.push_back(r->PrecisionAt(t, rr, static_cast<int>(k), 0, 2));
                precision.push_back(row);
                recall.push_back(r->RecallAt(t, static_cast<int>(k), 0, 2));
            }
            c["precision"] = precision; // [iou threshold][101 recall thresholds], area all, maxDets 100
            c["recall"] = recall;
        }
        per.push_back(c);
    }
    out["per_category"] = per;
    return out;
}

} // namespace mlviz
