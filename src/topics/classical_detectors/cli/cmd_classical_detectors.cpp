// mlviz-cli classical_detectors: {"op": "integral" | "haar_detect" | "fast" | "orb" | "sift" | "match", ...}
// -> integral tables, Viola-Jones boxes with the stage funnel, keypoints, SIFT-vs-ORB matching
// under a known transform; semantics in the core headers (OpenCV 4.6 as the reference).
#include <cmath>
#include <cstdio>
#include <memory>

#include "cli/cli_json.h"
#include "topics/classical_detectors/cli/cd_cli_input.h"
#include "topics/classical_detectors/core/cascade_detect.h"
#include "topics/classical_detectors/core/compare.h"
#include "topics/classical_detectors/core/fast.h"
#include "topics/classical_detectors/core/integral.h"

namespace mlviz {

namespace {

// Largest image side per op, so that every accepted input answers within about a second.
constexpr int kIntegralMaxSide = 512, kHaarMaxSide = 1024, kFastMaxSide = 1024, kOrbMaxSide = 1024, kSiftMaxSide = 640,
              kMatchMaxSide = 512;
// The Haar scan: windows known up front; feature evaluations bounded while running (a cascade
// whose stages pass every window would otherwise evaluate all its features everywhere).
constexpr long long kHaarMaxWindows = 3'000'000, kHaarMaxFeatureEvaluations = 150'000'000;

#define MLVIZ_CD_IMAGE_KEYS "op", "image", "image_png_base64", "pixels"

Json Table(const std::vector<std::int64_t>& t, int w, int h)
{
    Json rows = Json::array();
    for (int y = 0; y <= h; ++y) {
        Json row = Json::array();
        for (int x = 0; x <= w; ++x) row.push_back(t[static_cast<std::size_t>(y) * (w + 1) + x]);
        rows.push_back(std::move(row));
    }
    return rows;
}

Json KeypointRows(const std::vector<Keypoint>& kps, bool with_layer)
{
    Json out = Json::array();
    for (const Keypoint& k : kps) {
        Json row = {static_cast<int>(std::nearbyint(k.X)),
                    static_cast<int>(std::nearbyint(k.Y)),
                    k.X,
                    k.Y,
                    k.Size,
                    k.Angle,
                    k.Response,
                    k.Octave};
        if (with_layer) row.push_back(k.Layer);
        out.push_back(std::move(row));
    }
    return out;
}

Json BoxRows(const std::vector<IntRect>& boxes)
{
    Json out = Json::array();
    for (const IntRect& b : boxes) out.push_back({b.X, b.Y, b.W, b.H});
    return out;
}

Json Integral(const Json& in)
{
    RequireObject(in, {MLVIZ_CD_IMAGE_KEYS, "squared"});
    const bool squared = ReadBool(in, "squared", false);
    const GreyImage g = ReadCliGreyImage(in, kIntegralMaxSide);
    auto ii = ComputeIntegral(g);
    if (!ii) FailInput(ii.Error());
    Json out = {{"width", g.Width}, {"height", g.Height}, {"integral", Table(ii->Sum, g.Width, g.Height)}};
    if (squared) out["squared"] = Table(ii->SqSum, g.Width, g.Height);
    return out;
}

Json HaarDetect(const Json& in)
{
    RequireObject(
        in,
        {MLVIZ_CD_IMAGE_KEYS, "scale_factor", "min_neighbors", "min_size", "max_size", "cascade", "cascade_xml", "candidates"});
    CascadeOptions o;
    o.ScaleFactor = ReadNumber(in, "scale_factor", o.ScaleFactor, kCascadeMinScaleFactor, kCascadeMaxScaleFactor);
    o.MinNeighbors = static_cast<int>(ReadInt(in, "min_neighbors", o.MinNeighbors, 0, kCascadeMaxNeighbors));
    o.MinWidth = o.MinHeight = static_cast<int>(ReadInt(in, "min_size", 0, 0, kHaarMaxSide));
    o.MaxWidth = o.MaxHeight = static_cast<int>(ReadInt(in, "max_size", 0, 0, kHaarMaxSide));
    const bool want_candidates = ReadBool(in, "candidates", false);
    const GreyImage g = ReadCliGreyImage(in, kHaarMaxSide);
    auto cascade = std::make_shared<const HaarCascade>(ReadCliCascade(in));
    auto scales = CascadeScales(*cascade, g.Width, g.Height, o);
    if (!scales) FailInput(scales.Error());
    const long long windows = CascadeWindowCount(scales.Value());
    if (windows > kHaarMaxWindows)
        FailInput("field 'scale_factor': " + std::to_string(windows) + " windows to scan, at most " +
                  std::to_string(kHaarMaxWindows) + " here; raise scale_factor or use a smaller image");
    auto job = CascadeDetectJob::Start(cascade, g, o);
    if (!job) FailInput(job.Error());
    while (!job->Done()) {
        job.Value().Step(1'000'000);
        if (job->Detection().FeatureEvaluations > kHaarMaxFeatureEvaluations)
            FailInput("field 'cascade': more than " + std::to_string(kHaarMaxFeatureEvaluations) +
                      " feature evaluations; this cascade rejects too few windows for the CLI");
    }
    const CascadeDetection& d = job->Detection();
    Json out = {{"boxes", BoxRows(d.Objects)},
                {"neighbors", d.ObjectNeighbors},
                {"stage_rejections", d.StageRejections},
                {"flat_windows", d.FlatWindows},
                {"skipped_windows", d.SkippedWindows},
                {"windows", d.EvaluatedWindows},
                {"candidate_count", d.Candidates.size()},
                {"scales", d.Levels.size()},
                {"feature_evaluations", d.FeatureEvaluations}};
    if (want_candidates) {
        std::vector<IntRect> raw;
        for (const CascadeCandidate& c : d.Candidates) raw.push_back(c.Box);
        out["candidates"] = BoxRows(raw);
    }
    return out;
}

Json Fast(const Json& in)
{
    RequireObject(in, {MLVIZ_CD_IMAGE_KEYS, "threshold", "nonmax"});
    const int t = static_cast<int>(ReadInt(in, "threshold", 10, 0, 255));
    const bool nonmax = ReadBool(in, "nonmax", true);
    const GreyImage g = ReadCliGreyImage(in, kFastMaxSide);
    auto c = DetectFast(g, t, nonmax);
    if (!c) FailInput(c.Error());
    Json kps = Json::array();
    for (const FastCorner& k : *c) kps.push_back({k.X, k.Y, k.Score});
    return {{"keypoints", std::move(kps)}, {"count", c->size()}};
}

std::string Hex(const OrbDescriptor& d)
{
    std::string s;
    char buf[3];
    for (std::uint8_t b : d) {
        std::snprintf(buf, sizeof buf, "%02x", b);
        s += buf;
    }
    return s;
}

OrbOptions ReadOrb(const Json& in)
{
    OrbOptions o;
    o.FastThreshold = static_cast<int>(ReadInt(in, "threshold", o.FastThreshold, 1, 100));
    o.Features = static_cast<int>(ReadInt(in, "features", o.Features, 1, kOrbMaxFeatures));
    o.Levels = static_cast<int>(ReadInt(in, "levels", o.Levels, 1, kOrbMaxLevels));
    o.ScaleFactor = static_cast<float>(ReadNumber(in, "scale_factor", o.ScaleFactor, 1.05, 2.0));
    return o;
}

Json Orb(const Json& in)
{
    RequireObject(in, {MLVIZ_CD_IMAGE_KEYS, "threshold", "features", "levels", "scale_factor", "descriptors"});
    const OrbOptions o = ReadOrb(in);
    const bool want = ReadBool(in, "descriptors", false);
    auto r = DetectOrb(ReadCliGreyImage(in, kOrbMaxSide), o);
    if (!r) FailInput(r.Error());
    Json out = {{"keypoints", KeypointRows(r->Keypoints, false)}, {"count", r->Keypoints.size()}};
    if (want) {
        Json d = Json::array();
        for (const OrbDescriptor& x : r->Descriptors) d.push_back(Hex(x));
        out["descriptors"] = std::move(d);
    }
    return out;
}

SiftOptions ReadSift(const Json& in)
{
    SiftOptions o;
    o.ContrastThreshold = ReadNumber(in, "threshold", o.ContrastThreshold, 0.0, 0.5);
    o.EdgeThreshold = ReadNumber(in, "edge_threshold", o.EdgeThreshold, 1.0, 100.0);
    o.Features = static_cast<int>(ReadInt(in, "features", o.Features, 0, 10000));
    o.OctaveLayers = static_cast<int>(ReadInt(in, "layers", o.OctaveLayers, 1, 6));
    o.Sigma = ReadNumber(in, "sigma", o.Sigma, 0.5, 5.0);
    return o;
}

Json Sift(const Json& in)
{
    RequireObject(in, {MLVIZ_CD_IMAGE_KEYS, "threshold", "edge_threshold", "features", "layers", "sigma", "descriptors"});
    const SiftOptions o = ReadSift(in);
    const bool want = ReadBool(in, "descriptors", false);
    auto r = DetectSift(ReadCliGreyImage(in, kSiftMaxSide), o);
    if (!r) FailInput(r.Error());
    Json out = {{"keypoints", KeypointRows(r->Keypoints, true)},
                {"count", r->Keypoints.size()},
                {"extrema", r->Counts.Extrema},
                {"rejected_not_converged", r->Counts.NotConverged},
                {"rejected_low_contrast", r->Counts.LowContrast},
                {"rejected_edge", r->Counts.OnEdge}};
    if (want) {
        Json d = Json::array();
        for (const SiftDescriptor& x : r->Descriptors) d.push_back(std::vector<int>(x.begin(), x.end()));
        out["descriptors"] = std::move(d);
    }
    return out;
}

Json Report(const DetectorReport& r)
{
    return {{"keypoints_a", r.KeypointsA.size()},
            {"keypoints_b", r.KeypointsB.size()},
            {"inside_a", r.Eval.InsideA},
            {"inside_b", r.Eval.InsideB},
            {"repeated", r.Eval.Repeated},
            {"repeatability", r.Eval.Repeatability},
            {"matches", r.Eval.Matches},
            {"correct_matches", r.Eval.CorrectMatches},
            {"precision", r.Eval.Precision},
            {"ms_a", r.MillisA},
            {"ms_b", r.MillisB},
            {"ms_match", r.MillisMatch}};
}

Json Match(const Json& in)
{
    RequireObject(in, {MLVIZ_CD_IMAGE_KEYS, "transform", "amount", "seed", "eps", "ratio", "cross_check"});
    CompareOptions o;
    const std::string kind = ReadString(in, "transform", "rotate");
    if (!TransformKindFromName(kind, o.Transform.Kind))
        FailInput("field 'transform': unknown transform '" + kind + "' (one of rotate, scale, blur, noise, brightness)");
    o.Transform.Amount = ReadNumber(in, "amount", 30.0, -360.0, 360.0);
    o.Transform.Seed = static_cast<std::uint32_t>(ReadInt(in, "seed", 1, 0, 4294967295LL));
    o.Eps = ReadNumber(in, "eps", o.Eps, 1e-6, 50.0);
    o.Ratio = static_cast<float>(ReadNumber(in, "ratio", o.Ratio, 1e-6, 1.0));
    o.CrossCheck = ReadBool(in, "cross_check", true);
    if (auto ok = ValidateTransform(o.Transform); !ok) FailInput("field 'amount': " + English(ok.Error()));
    auto job = CompareJob::Start(ReadCliGreyImage(in, kMatchMaxSide), o);
    if (!job) FailInput(job.Error());
    job.Value().RunToEnd();
    const CompareResult& r = job->Output();
    return {{"transform", {{"kind", kind}, {"amount", o.Transform.Amount}, {"homography", r.B.H.M}}},
            {"orb", Report(r.Orb)},
            {"sift", Report(r.Sift)}};
}

} // namespace

Json ClassicalDetectorsCommand(const Json& in)
{
    if (!in.is_object()) FailInput(std::string("input must be a JSON object, got ") + in.type_name());
    const std::string op = RequireString(in, "op");
    if (op == "integral") return Integral(in);
    if (op == "haar_detect") return HaarDetect(in);
    if (op == "fast") return Fast(in);
    if (op == "orb") return Orb(in);
    if (op == "sift") return Sift(in);
    if (op == "match") return Match(in);
    FailInput("field 'op': unknown op '" + op + "' (one of integral, haar_detect, fast, orb, sift, match)");
}

} // namespace mlviz
