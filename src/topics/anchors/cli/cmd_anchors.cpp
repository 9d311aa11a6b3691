// mlviz-cli iou, anchors and match: overlap matrices, anchor grids (torchvision or centred)
// and torchvision's Matcher on given anchors and ground truth (see core/anchor*.h).
#include <cmath>
#include <string>
#include <vector>

#include "cli/commands.h"
#include "topics/anchors/core/anchor.h"
#include "topics/anchors/core/anchor_match.h"
#include "core/box.h"

namespace mlviz {

namespace {

constexpr std::size_t kMaxBoxes = 4'000'000;
constexpr double kMaxPairs = 5e7; // rows x columns of an IoU matrix

// An array of [x1, y1, x2, y2] boxes; each must be finite in float and not inverted.
std::vector<Box> ReadBoxes(const Json& in, const char* field)
{
    const auto it = in.find(field);
    if (it == in.end()) FailInput(std::string("missing field '") + field + "' (an array of [x1, y1, x2, y2] boxes)");
    if (!it->is_array())
        FailInput(std::string("field '") + field + "' must be an array of [x1, y1, x2, y2] boxes, got " + it->type_name());
    if (it->size() > kMaxBoxes)
        FailInput(std::string("field '") + field + "' has " + std::to_string(it->size()) + " boxes; at most " +
                  std::to_string(kMaxBoxes));
    std::vector<Box> out;
    out.reserve(it->size());
    for (std::size_t i = 0; i < it->size(); ++i) {
        const Json& b = (*it)[i];
        const std::string name = std::string(field) + "[" + std::to_string(i) + "]";
        if (!b.is_array() || b.size() != 4) FailInput("field '" + name + "' must be an array of 4 numbers [x1, y1, x2, y2]");
        float v[4];
        for (std::size_t k = 0; k < 4; ++k) {
            if (!b[k].is_number())
                FailInput("field '" + name + "[" + std::to_string(k) + "]' must be a number, got " + b[k].type_name());
            v[k] = static_cast<float>(b[k].get<double>());
            if (!std::isfinite(v[k]))
                FailInput("field '" + name + "[" + std::to_string(k) + "]' is not finite (or beyond float range)");
        }
        const Box box{v[0], v[1], v[2], v[3]};
        if (const Message err = ValidateBox(box); !err.Empty())
            FailInput("field '" + name + "': " + English(err) + " (degenerate box)");
        out.push_back(box);
    }
    return out;
}

// A pair of numbers [first, second] (image_size, feature_size, stride), each in [lo, hi].
std::pair<double, double> ReadPair(const Json& in, const char* field, double lo, double hi, bool integer)
{
    const auto it = in.find(field);
    if (it == in.end()) FailInput(std::string("missing field '") + field + "' (an array [h, w])");
    if (!it->is_array() || it->size() != 2)
        FailInput(std::string("field '") + field + "' must be an array of two numbers [h, w]");
    double v[2];
    for (std::size_t k = 0; k < 2; ++k) {
        const std::string name = std::string(field) + "[" + std::to_string(k) + "]";
        if (!(*it)[k].is_number()) FailInput("field '" + name + "' must be a number, got " + (*it)[k].type_name());
        v[k] = (*it)[k].get<double>();
        if (!std::isfinite(v[k])) FailInput("field '" + name + "' is not finite");
        if (integer && v[k] != std::floor(v[k])) FailInput("field '" + name + "' must be an integer");
        if (v[k] < lo || v[k] > hi)
            FailInput("field '" + name + "' = " + std::to_string(v[k]) + " is out of range [" + std::to_string(lo) + ", " +
                      std::to_string(hi) + "]");
    }
    return {v[0], v[1]};
}

Json BoxesJson(const std::vector<Box>& boxes)
{
    Json out = Json::array();
    for (const Box& b : boxes) out.push_back({b.X1, b.Y1, b.X2, b.Y2});
    return out;
}

} // namespace

// {"a": [...], "b": [...], "kind": "iou" | "giou" | "diou" | "ciou"} -> {"matrix": rows = a}.
Json IouCommand(const Json& in)
{
    RequireObject(in, {"a", "b", "kind"});
    const std::string kind = ReadString(in, "kind", "iou");
    double (*fn)(const Box&, const Box&) = nullptr;
    if (kind == "iou")
        fn = IoU;
    else if (kind == "giou")
        fn = GIoU;
    else if (kind == "diou")
        fn = DIoU;
    else if (kind == "ciou")
        fn = CIoU;
    else
        FailInput("field 'kind' must be one of iou, giou, diou, ciou; got '" + kind + "'");
    const std::vector<Box> a = ReadBoxes(in, "a"), b = ReadBoxes(in, "b");
    if (static_cast<double>(a.size()) * static_cast<double>(b.size()) > kMaxPairs)
        FailInput("a x b has too many pairs (at most 5e7)");
    Json matrix = Json::array();
    for (const Box& x : a) {
        std::vector<double> row;
        row.reserve(b.size());
        for (const Box& y : b) row.push_back(fn(x, y));
        matrix.push_back(std::move(row));
    }
    return {{"matrix", std::move(matrix)}};
}

// {"image_size": [H, W], "feature_size": [h, w], "sizes", "aspect_ratios", "convention",
//  optional "stride": [sh, sw]} -> {"anchors", "stride", "per_location", "count"}.
Json AnchorsCommand(const Json& in)
{
    RequireObject(in, {"image_size", "feature_size", "sizes", "aspect_ratios", "convention", "stride"});
    const std::string conv = ReadString(in, "convention", "torchvision");
    AnchorConvention c = AnchorConvention::Torchvision;
    if (conv == "centered")
        c = AnchorConvention::Centered;
    else if (conv != "torchvision")
        FailInput("field 'convention' must be \"torchvision\" or \"centered\"; got '" + conv + "'");
    const auto [img_h, img_w] = ReadPair(in, "image_size", 1, 100000, true);
    const auto [feat_h, feat_w] = ReadPair(in, "feature_size", 1, 100000, true);
    const std::vector<double> sizes = ReadNumberArray(in, "sizes", 1000);
    const std::vector<double> ratios = ReadNumberArray(in, "aspect_ratios", 1000);
    if (const Message err = ValidateAnchorParams(sizes, ratios); !err.Empty()) FailInput("field " + English(err));

    AnchorLevel lv;
    lv.FeatureH = static_cast<int>(feat_h);
    lv.FeatureW = static_cast<int>(feat_w);
    if (in.contains("stride")) {
        const auto [sh, sw] = ReadPair(in, "stride", 1e-6, 1e6, c == AnchorConvention::Torchvision);
        lv.StrideY = sh;
        lv.StrideX = sw;
    } else {
        // torchvision: image_size // feature_size per axis.
        lv.StrideY = TorchvisionStride(static_cast<int>(img_h), lv.FeatureH);
        lv.StrideX = TorchvisionStride(static_cast<int>(img_w), lv.FeatureW);
        if (lv.StrideY < 1) FailInput("field 'feature_size[0]' exceeds 'image_size[0]': the stride image // feature would be 0");
        if (lv.StrideX < 1) FailInput("field 'feature_size[1]' exceeds 'image_size[1]': the stride image // feature would be 0");
    }
    lv.Cell = CellAnchors(sizes, ratios, c);
    const auto anchors = PlaceAnchors(lv, c);
    if (!anchors.Ok()) FailInput(anchors.Error());
    return {{"anchors", BoxesJson(anchors.Value())},
            {"stride", {lv.StrideY, lv.StrideX}},
            {"per_location", lv.PerLocation()},
            {"count", anchors.Value().size()}};
}

// {"anchors", "gt", "high", "low", "allow_low_quality"} -> {"matched_gt"} with torchvision's
// Matcher codes (>= 0 GT index, -1 below low, -2 between the thresholds).
Json MatchCommand(const Json& in)
{
    RequireObject(in, {"anchors", "gt", "high", "low", "allow_low_quality"});
    MatcherParams p;
    p.High = ReadNumber(in, "high", 0.7, 0.0, 1.0);
    p.Low = ReadNumber(in, "low", 0.3, 0.0, 1.0);
    p.AllowLowQuality = ReadBool(in, "allow_low_quality", true);
    if (const Message err = ValidateMatcherParams(p); !err.Empty()) FailInput("fields 'low' and 'high': " + English(err));
    const std::vector<Box> anchors = ReadBoxes(in, "anchors"), gt = ReadBoxes(in, "gt");
    if (static_cast<double>(anchors.size()) * static_cast<double>(gt.size()) > kMaxPairs)
        FailInput("anchors x gt has too many pairs (at most 5e7)");
    const auto q = BoxIouMatrix(gt, anchors);
    const auto m = MatchQuality(q, static_cast<int>(gt.size()), static_cast<int>(anchors.size()), p);
    int positives = 0;
    for (int v : m) positives += v >= 0;
    return {{"matched_gt", m}, {"positives", positives}};
}

} // namespace mlviz
