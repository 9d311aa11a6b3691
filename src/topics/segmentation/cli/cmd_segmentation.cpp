// mlviz-cli segmentation: {"op": ...} with op one of
//   semantic_metrics  {"gt": [[..]] or [[[..]]] (a set), "pred", "num_classes", "ignore_index"?, "boundary_tolerance"?}
//   panoptic_quality  {"categories", "gt", "pred"}              (cmd_segmentation_instances.cpp)
//   coco_ap           {"gt", "dt", "iou_type"}                  (cmd_segmentation_instances.cpp)
//   roi_align         {"features", "box", "output_size", "spatial_scale"?, "sampling_ratio"?, "aligned"?, "samples"?}
//   roi_pool          {"features", "box", "output_size", "spatial_scale"?}
//   unet_shapes       {"input_size"?, "depth"?, "padded"?, "convs_per_level"?, ..., "valid_range"?}
//   scene             {"seed"?, "width"?, ..., "perturb"?}: the synthetic scene (and a perturbed prediction)
// Semantics in the core headers (topics/segmentation/core/*.h); undefined metrics are null.
#include <climits>

#include "topics/segmentation/cli/segmentation_cli.h"
#include "topics/segmentation/core/predict.h"
#include "topics/segmentation/core/roi.h"
#include "topics/segmentation/core/semantic.h"
#include "topics/segmentation/core/unet.h"

namespace mlviz {

namespace {

Json MetricsJson(const SemanticMetrics& m)
{
    return {{"pixel_accuracy", OptionalJson(m.PixelAccuracy)},
            {"class_accuracy", OptionalArray(m.ClassAccuracy)},
            {"mean_class_accuracy", OptionalJson(m.MeanClassAccuracy)},
            {"iou", OptionalArray(m.Iou)},
            {"miou", OptionalJson(m.MeanIou)},
            {"fw_iou", OptionalJson(m.FwIou)},
            {"dice", OptionalArray(m.Dice)},
            {"mdice", OptionalJson(m.MeanDice)}};
}

Json ConfusionJson(const ConfusionMatrix& cm)
{
    Json rows = Json::array();
    for (int g = 0; g < cm.NumClasses; ++g) {
        Json row = Json::array();
        for (int p = 0; p < cm.NumClasses; ++p) row.push_back(cm.At(g, p));
        rows.push_back(row);
    }
    return rows;
}

Json SemanticOp(const Json& in)
{
    RequireObject(in, {"op", "gt", "pred", "num_classes", "ignore_index", "boundary_tolerance"});
    const int num_classes = static_cast<int>(RequireInt(in, "num_classes", 1, kSemanticMaxClasses));
    const int ignore = static_cast<int>(ReadInt(in, "ignore_index", 255, INT_MIN, INT_MAX));
    const bool want_bf = in.contains("boundary_tolerance");
    const double tolerance = ReadNumber(in, "boundary_tolerance", 2.0, 0.0, kBoundaryMaxTolerance);
    const Json& gt = RequireField(in, "gt");
    const Json& pred = RequireField(in, "pred");
    // A set of images when the cells are themselves arrays: [[[..]]].
    const bool set = gt.is_array() && !gt.empty() && gt[0].is_array() && !gt[0].empty() && gt[0][0].is_array();
    const std::size_t n = set ? gt.size() : 1;
    if (set && (!pred.is_array() || pred.size() != n))
        FailInput("length mismatch: 'gt' has " + std::to_string(n) + " images, 'pred' must have as many");
    std::size_t budget = kSegCliMaxCells;
    std::vector<ConfusionMatrix> per_image;
    Json boundary = Json::array();
    for (std::size_t k = 0; k < n; ++k) {
        const std::string gname = set ? "gt[" + std::to_string(k) + "]" : "gt",
                          pname = set ? "pred[" + std::to_string(k) + "]" : "pred";
        const IntGrid g = ReadIntGrid(set ? gt[k] : gt, gname, INT_MIN, INT_MAX, budget);
        const IntGrid p = ReadIntGrid(set ? pred[k] : pred, pname, INT_MIN, INT_MAX, budget);
        const LabelImage gi{g.Width, g.Height, g.Cells}, pi{p.Width, p.Height, p.Cells};
        const auto cm = ComputeConfusion(gi, pi, num_classes, ignore);
        if (!cm) FailInput(set ? WithContext(cm.Error(), "image " + std::to_string(k)) : cm.Error());
        per_image.push_back(*cm);
        if (want_bf) {
            const auto bf = ComputeBoundaryF1(gi, pi, num_classes, ignore, tolerance);
            if (!bf) FailInput(bf.Error());
            boundary.push_back({{"boundary_f1", OptionalArray(bf->F1)},
                                {"boundary_precision", OptionalArray(bf->Precision)},
                                {"boundary_recall", OptionalArray(bf->Recall)},
                                {"mean_boundary_f1", OptionalJson(bf->MeanF1)}});
        }
    }
    const SetMetrics s = MetricsOfSet(per_image);
    ConfusionMatrix total = per_image[0];
    for (std::size_t k = 1; k < n; ++k) total.Add(per_image[k]);
    Json out = MetricsJson(s.Accumulated);
    out["confusion"] = ConfusionJson(total);
    out["unlabelled"] = total.Unlabelled;
    out["ignored"] = total.Ignored;
    if (!set) {
        if (want_bf) out.update(boundary[0]);
        return out;
    }
    Json images = Json::array();
    for (std::size_t k = 0; k < n; ++k) {
        Json m = MetricsJson(s.PerImage[k]);
        m["confusion"] = ConfusionJson(per_image[k]);
        if (want_bf) m.update(boundary[k]);
        images.push_back(m);
    }
    out["per_image"] = images;
    out["mean_over_images"] = {{"pixel_accuracy", OptionalJson(s.MeanPixelAccuracy)},
                               {"mean_class_accuracy", OptionalJson(s.MeanMeanClassAccuracy)},
                               {"miou", OptionalJson(s.MeanMeanIou)},
                               {"fw_iou", OptionalJson(s.MeanFwIou)},
                               {"mdice", OptionalJson(s.MeanMeanDice)}};
    return out;
}

FeatureMap ReadFeatures(const Json& in)
{
    std::size_t budget = kSegCliMaxCells;
    const RealGrid g = ReadRealGrid(RequireField(in, "features"), "features", -3.4e38, 3.4e38, budget);
    FeatureMap f{g.Width, g.Height, {}};
    for (double v : g.Cells) f.Values.push_back(static_cast<float>(v));
    return f;
}

RoiBox ReadRoiBox(const Json& in)
{
    const Json& b = RequireField(in, "box");
    if (!b.is_array() || b.size() != 4) FailInput("field 'box' must be an array of 4 numbers [x1, y1, x2, y2]");
    float v[4];
    for (int k = 0; k < 4; ++k) v[k] = static_cast<float>(NumberOf(b[k], "box[" + std::to_string(k) + "]", -1e6, 1e6));
    return {v[0], v[1], v[2], v[3]};
}

std::array<int, 2> ReadOutputSize(const Json& in)
{
    const Json& o = RequireField(in, "output_size");
    if (o.is_number()) {
        const int s = static_cast<int>(IntOf(o, "output_size", 1, kRoiMaxOutput));
        return {s, s};
    }
    if (!o.is_array() || o.size() != 2) FailInput("field 'output_size' must be an integer or [height, width]");
    return {static_cast<int>(IntOf(o[0], "output_size[0]", 1, kRoiMaxOutput)),
            static_cast<int>(IntOf(o[1], "output_size[1]", 1, kRoiMaxOutput))};
}

Json Rows(const std::vector<float>& v, int h, int w)
{
    Json rows = Json::array();
    for (int y = 0; y < h; ++y) rows.push_back(std::vector<double>(v.begin() + y * w, v.begin() + (y + 1) * w));
    return rows;
}

Json RoiAlignOp(const Json& in)
{
    RequireObject(in, {"op", "features", "box", "output_size", "spatial_scale", "sampling_ratio", "aligned", "samples"});
    const FeatureMap f = ReadFeatures(in);
    const RoiBox box = ReadRoiBox(in);
    const auto size = ReadOutputSize(in);
    RoiAlignConfig c;
    c.OutputHeight = size[0];
    c.OutputWidth = size[1];
    c.SpatialScale = ReadNumber(in, "spatial_scale", 1.0, 0.0, 1e3);
    c.SamplingRatio = static_cast<int>(ReadInt(in, "sampling_ratio", -1, -1, kRoiMaxSampling));
    c.Aligned = ReadBool(in, "aligned", false);
    const bool samples = ReadBool(in, "samples", false);
    const auto r = RoiAlign(f, box, c);
    if (!r) FailInput(r.Error());
    Json out = {{"output", Rows(r->Output, r->OutputHeight, r->OutputWidth)},
                {"grid", {r->GridH, r->GridW}},
                {"roi", {r->RoiStartX, r->RoiStartY, r->RoiWidth, r->RoiHeight}}};
    if (samples) {
        Json list = Json::array();
        for (const RoiSample& s : r->Samples)
            list.push_back({{"bin", {s.BinY, s.BinX}},
                            {"x", s.X},
                            {"y", s.Y},
                            {"inside", s.Inside},
                            {"value", s.Value},
                            {"cells", {{s.YLow, s.XLow}, {s.YLow, s.XHigh}, {s.YHigh, s.XLow}, {s.YHigh, s.XHigh}}},
                            {"weights", {s.W1, s.W2, s.W3, s.W4}}});
        out["samples"] = list;
    }
    return out;
}

Json RoiPoolOp(const Json& in)
{
    RequireObject(in, {"op", "features", "box", "output_size", "spatial_scale"});
    const FeatureMap f = ReadFeatures(in);
    const RoiBox box = ReadRoiBox(in);
    const auto size = ReadOutputSize(in);
    const auto r = RoiPool(f, box, size[0], size[1], ReadNumber(in, "spatial_scale", 1.0, 0.0, 1e3));
    if (!r) FailInput(r.Error());
    Json bins = Json::array();
    for (const RoiPoolBin& b : r->Bins)
        bins.push_back({{"cells", {b.Y0, b.X0, b.Y1, b.X1}}, {"argmax", b.Empty ? Json(nullptr) : Json({b.ArgMaxY, b.ArgMaxX})}});
    return {{"output", Rows(r->Output, r->OutputHeight, r->OutputWidth)},
            {"roi", {r->RoiX1, r->RoiY1, r->RoiX2, r->RoiY2}},
            {"bins", bins}};
}

const char* UnetOpName(UnetOp op)
{
    switch (op) {
    case UnetOp::Conv3x3: return "conv3x3";
    case UnetOp::MaxPool: return "maxpool2x2";
    case UnetOp::UpConv: return "upconv2x2";
    case UnetOp::CopyCrop: return "copy_crop";
    case UnetOp::Conv1x1: return "conv1x1";
    }
    return "?";
}

Json UnetShapesOp(const Json& in)
{
    RequireObject(
        in,
        {"op", "input_size", "depth", "padded", "convs_per_level", "input_channels", "base_channels", "classes", "valid_range"});
    UnetConfig c;
    c.InputSize = static_cast<int>(ReadInt(in, "input_size", c.InputSize, 1, kUnetMaxInput));
    c.Depth = static_cast<int>(ReadInt(in, "depth", c.Depth, 1, 6));
    c.Padded = ReadBool(in, "padded", c.Padded);
    c.ConvsPerLevel = static_cast<int>(ReadInt(in, "convs_per_level", c.ConvsPerLevel, 1, 3));
    c.InputChannels = static_cast<int>(ReadInt(in, "input_channels", c.InputChannels, 1, 64));
    c.BaseChannels = static_cast<int>(ReadInt(in, "base_channels", c.BaseChannels, 1, 1024));
    c.Classes = static_cast<int>(ReadInt(in, "classes", c.Classes, 1, 1000));
    int lo = std::max(1, c.InputSize - 64), hi = std::min(kUnetMaxInput, c.InputSize + 64);
    if (in.contains("valid_range")) {
        const Json& r = in["valid_range"];
        if (!r.is_array() || r.size() != 2) FailInput("field 'valid_range' must be [lo, hi]");
        lo = static_cast<int>(IntOf(r[0], "valid_range[0]", 1, kUnetMaxInput));
        hi = static_cast<int>(IntOf(r[1], "valid_range[1]", lo, kUnetMaxInput));
    }
    const auto s = ComputeUnetShapes(c);
    if (!s) FailInput(s.Error());
    Json steps = Json::array(), levels = Json::array();
    for (const UnetStep& st : s->Steps) {
        Json j = {{"op", UnetOpName(st.Op)},
                  {"level", st.Level},
                  {"decoder", st.Decoder},
                  {"in", st.InSize},
                  {"out", st.OutSize},
                  {"in_channels", st.InChannels},
                  {"out_channels", st.OutChannels}};
        if (st.Op == UnetOp::CopyCrop) j["skip"] = st.SkipSize, j["crop"] = st.CropEachSide;
        steps.push_back(j);
    }
    for (const UnetLevel& l : s->Levels)
        levels.push_back({{"level", l.Level},
                          {"encoder_in", l.EncoderIn},
                          {"encoder_out", l.EncoderOut},
                          {"up", l.UpSize},
                          {"crop", l.CropEachSide},
                          {"decoder_out", l.DecoderOut},
                          {"channels", l.Channels}});
    Json out = {{"valid", s->Valid}, {"steps", steps}, {"levels", levels}, {"valid_inputs", ValidUnetInputs(c, lo, hi)}};
    if (s->Valid)
        out["output_size"] = s->OutputSize, out["border"] = s->BorderEachSide;
    else
        out["problem"] = English(s->Problem), out["failed_step"] = s->FailedStep;
    return out;
}

Json MapJson(const LabelMap& m, bool instances)
{
    Json rows = Json::array();
    for (int y = 0; y < m.Height; ++y) {
        Json row = Json::array();
        for (int x = 0; x < m.Width; ++x) row.push_back(instances ? int(m.Instance[m.Index(x, y)]) : int(m.Class[m.Index(x, y)]));
        rows.push_back(row);
    }
    return rows;
}

Json SceneOp(const Json& in)
{
    RequireObject(in, {"op", "seed", "width", "height", "cars", "people", "crowd", "void_border", "perturb"});
    SceneConfig c;
    c.Seed = static_cast<std::uint32_t>(ReadInt(in, "seed", c.Seed, 0, UINT32_MAX));
    c.Width = static_cast<int>(ReadInt(in, "width", c.Width, kSceneMinSide, kSceneMaxSide));
    c.Height = static_cast<int>(ReadInt(in, "height", c.Height, kSceneMinSide, kSceneMaxSide));
    c.Cars = static_cast<int>(ReadInt(in, "cars", c.Cars, 0, kSceneMaxCars));
    c.People = static_cast<int>(ReadInt(in, "people", c.People, 0, kSceneMaxPeople));
    c.Crowd = ReadBool(in, "crowd", c.Crowd);
    c.VoidBorder = static_cast<int>(ReadInt(in, "void_border", c.VoidBorder, 0, 2));
    const auto scene = GenerateScene(c);
    if (!scene) FailInput(scene.Error());
    Json instances = Json::array();
    for (const InstanceExtent& e : InstanceExtents(scene->Gt))
        instances.push_back(
            {{"id", e.Id}, {"class", e.Class}, {"crowd", scene->Instances[e.Id - 1].Crowd}, {"area", e.Area}, {"bbox", e.Bbox}});
    Json out = {{"width", c.Width},
                {"height", c.Height},
                {"semantic", MapJson(scene->Gt, false)},
                {"instance", MapJson(scene->Gt, true)},
                {"instances", instances}};
    if (!in.contains("perturb")) return out;
    const Json& p = in["perturb"];
    if (!p.is_object()) FailInput("field 'perturb' must be an object");
    RequireKnownKeys(p,
                     {"seed", "drop_instance", "merge_instance", "split_instance", "shift_x", "shift_y", "morph", "confuse_from",
                      "confuse_to", "confuse_fraction", "false_positives", "score_noise"},
                     "in 'perturb'");
    PerturbConfig pc;
    pc.Seed = static_cast<std::uint32_t>(ReadInt(p, "seed", pc.Seed, 0, UINT32_MAX));
    pc.DropInstance = static_cast<int>(ReadInt(p, "drop_instance", -1, -1, kSegMaxInstanceId));
    pc.MergeInstance = static_cast<int>(ReadInt(p, "merge_instance", -1, -1, kSegMaxInstanceId));
    pc.SplitInstance = static_cast<int>(ReadInt(p, "split_instance", -1, -1, kSegMaxInstanceId));
    pc.ShiftX = static_cast<int>(ReadInt(p, "shift_x", 0, -kPerturbMaxShift, kPerturbMaxShift));
    pc.ShiftY = static_cast<int>(ReadInt(p, "shift_y", 0, -kPerturbMaxShift, kPerturbMaxShift));
    pc.Morph = static_cast<int>(ReadInt(p, "morph", 0, -kPerturbMaxMorph, kPerturbMaxMorph));
    pc.ConfuseFrom = static_cast<int>(ReadInt(p, "confuse_from", -1, -1, kSegNumClasses - 1));
    pc.ConfuseTo = static_cast<int>(ReadInt(p, "confuse_to", -1, -1, kSegNumClasses - 1));
    pc.ConfuseFraction = ReadNumber(p, "confuse_fraction", 1.0, 0.0, 1.0);
    pc.FalsePositives = static_cast<int>(ReadInt(p, "false_positives", 0, 0, kPerturbMaxFalsePositives));
    pc.ScoreNoise = ReadNumber(p, "score_noise", pc.ScoreNoise, 0.0, 0.5);
    const auto pred = PerturbPrediction(*scene, pc);
    if (!pred) FailInput(pred.Error());
    Json scored = Json::array();
    for (const ScoredInstance& s : ScorePrediction(*scene, *pred, pc.Seed, pc.ScoreNoise))
        scored.push_back(
            {{"id", s.Id}, {"class", s.Class}, {"score", s.Score}, {"best_iou", s.BestIou}, {"area", s.Area}, {"bbox", s.Bbox}});
    out["prediction"] = {{"semantic", MapJson(*pred, false)}, {"instance", MapJson(*pred, true)}, {"instances", scored}};
    return out;
}

} // namespace

Json SegmentationCommand(const Json& in)
{
    if (!in.is_object()) FailInput(std::string("input must be a JSON object, got ") + in.type_name());
    const std::string op = RequireString(in, "op");
    if (op == "semantic_metrics") return SemanticOp(in);
    if (op == "panoptic_quality") return SegmentationPanopticOp(in);
    if (op == "coco_ap") return SegmentationCocoOp(in);
    if (op == "roi_align") return RoiAlignOp(in);
    if (op == "roi_pool") return RoiPoolOp(in);
    if (op == "unet_shapes") return UnetShapesOp(in);
    if (op == "scene") return SceneOp(in);
    FailInput("field 'op': unknown op '" + op +
              "' (one of semantic_metrics, panoptic_quality, coco_ap, roi_align, roi_pool, unet_shapes, scene)");
}

} // namespace mlviz
