// mlviz-cli image_processing: {"op": "otsu" | "canny" | "adaptive" | "convolve" | "augment_boxes", ...};
// the image from "image" (a file path), "image_base64" (an encoded PNG/JPEG/BMP/GIF) or "pixels"
// (rows of grey values, at most 256 x 256), turned grey as cv2.cvtColor(COLOR_BGR2GRAY).
// Semantics in topics/image_processing/core/*.h.
#include <algorithm>
#include <cmath>
#include <fstream>
#include <random>
#include <sstream>

#include "cli/cli_json.h"
#include "core/image.h"
#include "core/png.h"
#include "topics/image_processing/core/adaptive.h"
#include "topics/image_processing/core/augment_job.h"
#include "topics/image_processing/core/base64.h"
#include "topics/image_processing/core/canny.h"
#include "topics/image_processing/core/convolve.h"
#include "topics/image_processing/core/image_processing_state.h"
#include "topics/image_processing/core/otsu.h"
#include "topics/image_processing/core/planes.h"

namespace mlviz {

namespace {

constexpr int kMaxInlineSide = 256;
constexpr long long kMaxMatrixPixels = 4096; // outputs include the full map up to 64 x 64

const char* const kImageKeys[] = {"image", "image_base64", "pixels"};

std::vector<std::string> Keys(std::initializer_list<const char*> specific, bool image)
{
    std::vector<std::string> k = {"op"};
    if (image) k.insert(k.end(), std::begin(kImageKeys), std::end(kImageKeys));
    k.insert(k.end(), specific.begin(), specific.end());
    return k;
}

Plane8 ReadPixels(const Json& rows)
{
    if (!rows.is_array() || rows.empty()) FailInput("field 'pixels' must be a non-empty array of rows of grey values");
    if (rows.size() > kMaxInlineSide) FailInput("field 'pixels' has " + std::to_string(rows.size()) + " rows; at most 256");
    const std::size_t w = rows[0].is_array() ? rows[0].size() : 0;
    if (w == 0 || w > kMaxInlineSide) FailInput("field 'pixels[0]' must be an array of 1 to 256 grey values");
    Plane8 p(static_cast<int>(w), static_cast<int>(rows.size()));
    for (std::size_t y = 0; y < rows.size(); ++y) {
        const std::string name = "pixels[" + std::to_string(y) + "]";
        if (!rows[y].is_array() || rows[y].size() != w)
            FailInput("field '" + name + "' must be an array of " + std::to_string(w) + " values");
        for (std::size_t x = 0; x < w; ++x) {
            const Json& v = rows[y][x];
            if (!v.is_number_integer() && !(v.is_number() && v.get<double>() == std::floor(v.get<double>())))
                FailInput("field '" + name + "[" + std::to_string(x) + "]' must be an integer in [0, 255]");
            const double d = v.get<double>();
            if (d < 0.0 || d > 255.0) FailInput("field '" + name + "[" + std::to_string(x) + "]' must be an integer in [0, 255]");
            p.At(static_cast<int>(x), static_cast<int>(y)) = static_cast<std::uint8_t>(d);
        }
    }
    return p;
}

Plane8 ReadGray(const Json& in)
{
    int given = 0;
    for (const char* k : kImageKeys) given += in.contains(k) ? 1 : 0;
    if (given != 1) FailInput("give exactly one of 'image' (a path), 'image_base64' or 'pixels'");
    if (in.contains("pixels")) return ReadPixels(in["pixels"]);
    std::string bytes;
    if (in.contains("image")) {
        const std::string path = RequireString(in, "image");
        std::ifstream f(path, std::ios::binary);
        if (!f) FailInput("field 'image': cannot read '" + path + "'");
        std::ostringstream ss;
        ss << f.rdbuf();
        bytes = ss.str();
    } else {
        const auto decoded = DecodeBase64(RequireString(in, "image_base64"));
        if (!decoded) FailInput("field 'image_base64': " + English(decoded.Error()));
        bytes = *decoded;
    }
    const std::string field = in.contains("image") ? "field 'image': " : "field 'image_base64': ";
    // The plane limit from the header first: decoding an 8192 x 8192 PNG only to refuse it took a second.
    int w = 0, h = 0;
    if (PeekImageSize(bytes, w, h))
        if (const Message too_big = ValidatePlaneSize(w, h); !too_big.Empty()) FailInput(field + English(too_big));
    const auto img = DecodeImage(bytes);
    if (!img) FailInput(field + English(img.Error()));
    const auto gray = GrayFromImage(*img);
    if (!gray) FailInput(gray.Error());
    return *gray;
}

void WritePng(const Json& in, const Image& img, Json& out)
{
    if (!in.contains("out")) return;
    const std::string path = RequireString(in, "out");
    const std::string png = EncodePng(img);
    std::ofstream f(path, std::ios::binary);
    if (png.empty() || !f || !f.write(png.data(), static_cast<std::streamsize>(png.size())))
        FailInput("field 'out': cannot write '" + path + "'");
    out["out"] = path;
}

Json Matrix(const Plane8& p)
{
    Json rows = Json::array();
    for (int y = 0; y < p.Height; ++y) rows.push_back(std::vector<int>(p.Row(y), p.Row(y) + p.Width));
    return rows;
}

bool Small(int w, int h)
{
    return static_cast<long long>(w) * h <= kMaxMatrixPixels;
}

Json OtsuOp(const Json& in)
{
    RequireKnownKeys(in, Keys({}, true), "for op 'otsu'");
    const Plane8 g = ReadGray(in);
    const auto r = Otsu(g);
    if (!r) FailInput(r.Error());
    const Histogram256 h = ComputeHistogram(g);
    long long fg = 0;
    for (int v = r->Threshold + 1; v < 256; ++v) fg += h[v];
    return {{"width", g.Width},
            {"height", g.Height},
            {"threshold", r->Threshold},
            {"between_class_variance", std::vector<double>(r->BetweenVariance.begin(), r->BetweenVariance.end())},
            {"histogram", std::vector<long long>(h.begin(), h.end())},
            {"max_variance", r->MaxVariance},
            {"total_variance", r->TotalVariance},
            {"effectiveness", r->TotalVariance > 0.0 ? r->MaxVariance / r->TotalVariance : 0.0},
            {"mean", r->Mean},
            {"weight0", r->Weight0},
            {"weight1", r->Weight1},
            {"mean0", r->Mean0},
            {"mean1", r->Mean1},
            {"foreground", fg}};
}

Json CannyOp(const Json& in)
{
    RequireKnownKeys(in, Keys({"sigma", "blur_size", "low", "high", "l2", "out"}, true), "for op 'canny'");
    CannySpec spec;
    spec.Sigma = ReadNumber(in, "sigma", 0.0, 0.0, kIpMaxSigma);
    spec.BlurSize = static_cast<int>(ReadInt(in, "blur_size", 0, 0, 121));
    spec.Low = RequireNumber(in, "low", 0.0, kIpMaxCannyThreshold);
    spec.High = RequireNumber(in, "high", 0.0, kIpMaxCannyThreshold);
    spec.L2 = ReadBool(in, "l2", false);
    const Plane8 g = ReadGray(in);
    auto job = CannyJob::Start(g, spec);
    if (!job) FailInput(job.Error());
    CannyJob& j = job.Value();
    j.RunToEnd();
    long long strong = 0, weak = 0, joined = 0;
    int frontiers = 0; // that joined pixels, as the app's step count (the last, empty one is not counted)
    for (std::size_t i = 0; i < j.ThresholdMap().size(); ++i) {
        strong += j.ThresholdMap()[i] == kCannyEdge;
        weak += j.ThresholdMap()[i] == kCannyWeak;
        joined += j.ThresholdMap()[i] == kCannyWeak && j.Layers()[i] > 0;
        frontiers = std::max(frontiers, static_cast<int>(j.Layers()[i]));
    }
    const Plane8 edges = j.Edges();
    Json out = {{"width", g.Width}, {"height", g.Height},     {"edges", j.EdgeCount()}, {"strong", strong},       {"weak", weak},
                {"joined", joined}, {"frontiers", frontiers}, {"low_int", j.LowInt()},  {"high_int", j.HighInt()}};
    if (Small(g.Width, g.Height)) out["edge_map"] = Matrix(edges);
    WritePng(in, ImageFromGray(edges), out);
    return out;
}

Json AdaptiveOp(const Json& in)
{
    RequireKnownKeys(in, Keys({"method", "block_size", "c", "invert", "out"}, true), "for op 'adaptive'");
    AdaptiveSpec spec;
    const std::string method = ReadString(in, "method", "mean");
    if (!AdaptiveMethodFromName(method, &spec.Method))
        FailInput("field 'method': unknown method '" + method + "' (mean or gaussian)");
    // The same range as the view's slider and links (the topic's field table).
    spec.BlockSize = static_cast<int>(ReadStateField(in, "block_size", ImageProcessingStateSchema(), "block", spec.BlockSize));
    spec.C = ReadNumber(in, "c", spec.C, -255.0, 255.0);
    spec.Invert = ReadBool(in, "invert", false);
    const Plane8 g = ReadGray(in);
    const auto r = AdaptiveThreshold(g, spec);
    if (!r) FailInput(r.Error());
    long long fg = 0;
    for (std::uint8_t v : r->Binary.Pixels) fg += v != 0;
    Json out = {{"width", g.Width}, {"height", g.Height}, {"foreground", fg}};
    if (Small(g.Width, g.Height)) {
        out["binary"] = Matrix(r->Binary);
        out["mean"] = Matrix(r->Mean);
    }
    WritePng(in, ImageFromGray(r->Binary), out);
    return out;
}

Json ConvolveOp(const Json& in)
{
    RequireKnownKeys(in, Keys({"kernel", "size", "sigma", "weights", "border", "probe", "out"}, true), "for op 'convolve'");
    KernelSpec spec;
    const std::string name = ReadString(in, "kernel", "box");
    if (!KernelPresetFromName(name, &spec.Preset))
        FailInput("field 'kernel': unknown kernel '" + name +
                  "' (box, gaussian, sharpen, sobel_x, sobel_y, laplacian, emboss, custom)");
    spec.Size = static_cast<int>(ReadStateField(in, "size", ImageProcessingStateSchema(), "ksize", 3));
    spec.Sigma = ReadNumber(in, "sigma", 0.0, -1.0, kIpMaxSigma);
    if (spec.Preset == KernelPreset::Custom)
        spec.Custom = ReadNumberArray(in, "weights", 25);
    else if (in.contains("weights"))
        FailInput("field 'weights' is only for kernel 'custom'");
    BorderMode border = BorderMode::Reflect;
    const std::string bname = ReadString(in, "border", "reflect");
    if (!BorderModeFromName(bname, &border))
        FailInput("field 'border': unknown border '" + bname + "' (zero, replicate, reflect)");
    const auto kernel = MakeKernel(spec);
    if (!kernel) FailInput(kernel.Error());
    const PlaneF src = PlaneFromGray(ReadGray(in));
    const auto res = Convolve(src, *kernel, border);
    if (!res) FailInput(res.Error());
    const auto [lo, hi] = std::minmax_element(res->Values.begin(), res->Values.end());
    double mean = 0.0;
    for (float v : res->Values) mean += v;
    mean /= static_cast<double>(res->Values.size());
    Json out = {{"width", src.Width},
                {"height", src.Height},
                {"kernel", {{"size", kernel->Size}, {"weights", kernel->Weights}, {"sum", kernel->Sum()}}},
                {"min", *lo},
                {"max", *hi},
                {"mean", mean}};
    if (Small(src.Width, src.Height)) {
        Json rows = Json::array();
        for (int y = 0; y < src.Height; ++y) rows.push_back(std::vector<double>(res->Row(y), res->Row(y) + src.Width));
        out["values"] = std::move(rows);
    }
    if (in.contains("probe")) {
        const std::vector<double> xy = ReadNumberArray(in, "probe", 2);
        if (xy.size() != 2 || xy[0] != std::floor(xy[0]) || xy[1] != std::floor(xy[1]))
            FailInput("field 'probe' must be [x, y], two integers");
        const auto b = ExplainConvolution(src, *kernel, border, static_cast<int>(xy[0]), static_cast<int>(xy[1]));
        if (!b) FailInput(b.Error());
        Json terms = Json::array();
        for (const ConvolutionTerm& t : b->Terms) {
            Json j = {{"dx", t.Dx}, {"dy", t.Dy}, {"value", t.Value}, {"weight", t.Weight}, {"product", t.Product}};
            j["source"] = t.SourceX < 0 ? Json(nullptr) : Json::array({t.SourceX, t.SourceY});
            terms.push_back(std::move(j));
        }
        out["probe"] = {{"x", xy[0]}, {"y", xy[1]}, {"sum", b->Sum}, {"terms", std::move(terms)}};
    }
    WritePng(in, ImageFromFloat(*res, *lo, *hi), out);
    return out;
}

std::vector<AugBox> ReadAugBoxes(const Json& obj, const std::string& where)
{
    const auto it = obj.find("boxes");
    if (it == obj.end()) FailInput("missing field '" + where + "boxes' (an array of [x1, y1, x2, y2])");
    if (!it->is_array()) FailInput("field '" + where + "boxes' must be an array of [x1, y1, x2, y2]");
    if (it->size() > static_cast<std::size_t>(kAugMaxBoxes)) FailInput("field '" + where + "boxes': at most 1000 boxes");
    std::vector<AugBox> boxes;
    for (std::size_t i = 0; i < it->size(); ++i) {
        const Json& b = (*it)[i];
        const std::string name = where + "boxes[" + std::to_string(i) + "]";
        if (!b.is_array() || b.size() != 4) FailInput("field '" + name + "' must be an array of 4 numbers [x1, y1, x2, y2]");
        double v[4];
        for (int k = 0; k < 4; ++k) {
            if (!b[k].is_number()) FailInput("field '" + name + "[" + std::to_string(k) + "]' must be a number");
            v[k] = b[k].get<double>();
        }
        boxes.push_back({v[0], v[1], v[2], v[3], 0});
    }
    if (obj.contains("labels")) {
        const std::vector<double> labels = ReadNumberArray(obj, "labels", kAugMaxBoxes);
        if (labels.size() != boxes.size()) FailInput("length mismatch: '" + where + "labels' and '" + where + "boxes'");
        for (std::size_t i = 0; i < labels.size(); ++i) {
            if (labels[i] != std::floor(labels[i]) || std::fabs(labels[i]) > 1e6)
                FailInput("field '" + where + "labels[" + std::to_string(i) + "]' must be an integer");
            boxes[i].Label = static_cast<int>(labels[i]);
        }
    }
    return boxes;
}

CropRect ReadRect(const Json& in, const char* field)
{
    const std::vector<double> v = ReadNumberArray(in, field, 4);
    if (v.size() != 4) FailInput(std::string("field '") + field + "' must be [x, y, w, h]");
    for (double d : v)
        if (d != std::floor(d) || std::fabs(d) > 1e6) FailInput(std::string("field '") + field + "' must hold integers");
    return {static_cast<int>(v[0]), static_cast<int>(v[1]), static_cast<int>(v[2]), static_cast<int>(v[3])};
}

Json RectJson(const CropRect& r)
{
    return Json::array({r.X, r.Y, r.W, r.H});
}

Json AugmentBoxesOp(const Json& in)
{
    RequireKnownKeys(in,
                     Keys({"width", "height", "boxes", "labels", "crop", "random_resized_crop", "hflip", "vflip", "angle", "mix",
                           "lambda", "alpha", "cut", "seed", "partner"},
                          false),
                     "for op 'augment_boxes'");
    BoxSet a;
    a.Width = static_cast<int>(RequireInt(in, "width", 1, kIpMaxSide));
    a.Height = static_cast<int>(RequireInt(in, "height", 1, kIpMaxSide));
    a.Boxes = ReadAugBoxes(in, "");
    std::mt19937 rng(static_cast<std::uint32_t>(ReadInt(in, "seed", 0, 0, 4294967295LL)));
    AugmentParams p;
    if (in.contains("crop") && in.contains("random_resized_crop")) FailInput("give 'crop' or 'random_resized_crop', not both");
    if (in.contains("crop")) {
        p.Crop = true;
        p.CropBox = ReadRect(in, "crop");
    }
    if (in.contains("random_resized_crop")) {
        const Json& r = in["random_resized_crop"];
        if (!r.is_object()) FailInput("field 'random_resized_crop' must be an object {\"scale\": [lo, hi], \"ratio\": [lo, hi]}");
        RequireKnownKeys(r, {"scale", "ratio"}, "random_resized_crop");
        const std::vector<double> scale = r.contains("scale") ? ReadNumberArray(r, "scale", 2) : std::vector<double>{0.08, 1.0};
        const std::vector<double> ratio =
            r.contains("ratio") ? ReadNumberArray(r, "ratio", 2) : std::vector<double>{0.75, 4.0 / 3.0};
        if (scale.size() != 2 || !(scale[0] > 0.0 && scale[0] <= scale[1] && scale[1] <= 10.0))
            FailInput("field 'random_resized_crop.scale' must be [lo, hi] with 0 < lo <= hi <= 10");
        if (ratio.size() != 2 || !(ratio[0] > 0.0 && ratio[0] <= ratio[1] && ratio[1] <= 100.0))
            FailInput("field 'random_resized_crop.ratio' must be [lo, hi] with 0 < lo <= hi <= 100");
        p.Crop = true;
        p.CropBox = RandomResizedCropParams(a.Width, a.Height, scale[0], scale[1], ratio[0], ratio[1], rng);
    }
    p.HFlip = ReadBool(in, "hflip", false);
    p.VFlip = ReadBool(in, "vflip", false);
    p.Angle = ReadNumber(in, "angle", 0.0, -360.0, 360.0);
    BoxSet b;
    const std::string mix = ReadString(in, "mix", "none");
    if (mix == "mixup")
        p.Mix = MixMode::Mixup;
    else if (mix == "cutmix")
        p.Mix = MixMode::CutMix;
    else if (mix != "none")
        FailInput("field 'mix': unknown mode '" + mix + "' (none, mixup, cutmix)");
    if (p.Mix != MixMode::None) {
        if (!in.contains("partner") || !in["partner"].is_object())
            FailInput("field 'partner' ({\"width\", \"height\", \"boxes\"}) is required with 'mix'");
        const Json& q = in["partner"];
        RequireKnownKeys(q, {"width", "height", "boxes", "labels"}, "partner");
        b.Width = static_cast<int>(RequireInt(q, "width", 1, kIpMaxSide));
        b.Height = static_cast<int>(RequireInt(q, "height", 1, kIpMaxSide));
        b.Boxes = ReadAugBoxes(q, "partner.");
        if (in.contains("lambda"))
            p.Lambda = RequireNumber(in, "lambda", 0.0, 1.0);
        else
            p.Lambda = SampleBeta(rng, ReadNumber(in, "alpha", 1.0, 0.05, 10.0), ReadNumber(in, "alpha", 1.0, 0.05, 10.0));
        if (p.Mix == MixMode::CutMix)
            p.CutBox = in.contains("cut") ? ReadRect(in, "cut") : CutMixBox(a.Width, a.Height, p.Lambda, rng);
    }
    const auto r = AugmentBoxes(a, p.Mix != MixMode::None ? &b : nullptr, p);
    if (!r) FailInput(r.Error());
    Json boxes = Json::array(), labels = Json::array();
    for (const AugBox& q : r->Sample.Boxes) {
        boxes.push_back({q.X1, q.Y1, q.X2, q.Y2});
        labels.push_back(q.Label);
    }
    Json out = {{"width", a.Width},
                {"height", a.Height},
                {"boxes", std::move(boxes)},
                {"labels", std::move(labels)},
                {"source", r->BoxSource},
                {"box_weights", r->BoxWeight},
                {"label_weights", {{"a", r->WeightA}, {"b", r->WeightB}}}};
    if (p.Crop) out["crop"] = RectJson(p.CropBox);
    if (p.Mix != MixMode::None) out["lambda"] = p.Lambda;
    if (p.Mix == MixMode::CutMix) out["cut"] = RectJson(p.CutBox);
    return out;
}

} // namespace

Json ImageProcessingCommand(const Json& in)
{
    if (!in.is_object()) FailInput(std::string("input must be a JSON object, got ") + in.type_name());
    const std::string op = RequireString(in, "op");
    if (op == "otsu") return OtsuOp(in);
    if (op == "canny") return CannyOp(in);
    if (op == "adaptive") return AdaptiveOp(in);
    if (op == "convolve") return ConvolveOp(in);
    if (op == "augment_boxes") return AugmentBoxesOp(in);
    FailInput("field 'op': unknown op '" + op + "' (otsu, canny, adaptive, convolve, augment_boxes)");
}

} // namespace mlviz
