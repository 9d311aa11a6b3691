// The hand-built encoder-decoder of skip.h: average-pool pyramid, upsampling decoder, Laplacian
// detail added back where a skip is on.
#include "topics/segmentation/core/skip.h"

#include <algorithm>
#include <cmath>

namespace mlviz {

namespace {

struct Plane {
    int W = 0, H = 0;
    std::vector<float> V;
    float At(int x, int y) const { return V[static_cast<std::size_t>(y) * W + x]; }
};

Plane Pool(const Plane& p)
{
    Plane q{(p.W + 1) / 2, (p.H + 1) / 2, {}};
    q.V.resize(static_cast<std::size_t>(q.W) * q.H);
    for (int y = 0; y < q.H; ++y)
        for (int x = 0; x < q.W; ++x) {
            const int x0 = 2 * x, y0 = 2 * y, x1 = std::min(2 * x + 1, p.W - 1), y1 = std::min(2 * y + 1, p.H - 1);
            q.V[static_cast<std::size_t>(y) * q.W + x] = 0.25f * (p.At(x0, y0) + p.At(x1, y0) + p.At(x0, y1) + p.At(x1, y1));
        }
    return q;
}

// F.interpolate(mode='bilinear', align_corners=False) / mode='nearest' to w x h.
Plane Up(const Plane& p, int w, int h, bool bilinear)
{
    Plane q{w, h, {}};
    q.V.resize(static_cast<std::size_t>(w) * h);
    const double sx = static_cast<double>(p.W) / w, sy = static_cast<double>(p.H) / h;
    for (int y = 0; y < h; ++y)
        for (int x = 0; x < w; ++x) {
            float v;
            if (bilinear) {
                const double fx = std::max(0.0, (x + 0.5) * sx - 0.5), fy = std::max(0.0, (y + 0.5) * sy - 0.5);
                const int x0 = std::min(static_cast<int>(fx), p.W - 1), y0 = std::min(static_cast<int>(fy), p.H - 1);
                const int x1 = std::min(x0 + 1, p.W - 1), y1 = std::min(y0 + 1, p.H - 1);
                const double lx = fx - x0, ly = fy - y0;
                v = static_cast<float>((1 - ly) * ((1 - lx) * p.At(x0, y0) + lx * p.At(x1, y0)) +
                                       ly * ((1 - lx) * p.At(x0, y1) + lx * p.At(x1, y1)));
            } else {
                v = p.At(std::min(static_cast<int>(x * sx), p.W - 1), std::min(static_cast<int>(y * sy), p.H - 1));
            }
            q.V[static_cast<std::size_t>(y) * w + x] = v;
        }
    return q;
}

} // namespace

Result<SkipDemoResult> RunSkipDemo(const LabelMap& labels, const SkipDemoConfig& c)
{
    using R = Result<SkipDemoResult>;
    if (c.Depth < 1 || c.Depth > kSkipMaxDepth)
        return R::Fail(Msg("поле '%s' должно быть в [%d, %d]", "depth", 1, kSkipMaxDepth));
    if (labels.Width < kSceneMinSide || labels.Height < kSceneMinSide || labels.Width > kSceneMaxSide ||
        labels.Height > kSceneMaxSide || labels.Class.size() != static_cast<std::size_t>(labels.Width) * labels.Height)
        return R::Fail(Msg("размер маски %dx%d вне допустимого", labels.Width, labels.Height));
    SkipDemoResult r;
    r.Width = labels.Width, r.Height = labels.Height;
    std::vector<double> detail(c.Depth, 0.0);
    for (int cls = 0; cls < kSegNumClasses; ++cls) {
        std::vector<Plane> enc{{labels.Width, labels.Height, {}}};
        for (std::uint8_t v : labels.Class) enc[0].V.push_back(v == cls ? 1.0f : 0.0f);
        for (int l = 0; l < c.Depth; ++l) enc.push_back(Pool(enc[l]));
        Plane dec = enc[c.Depth];
        for (int l = c.Depth - 1; l >= 0; --l) {
            const Plane coarse = Up(enc[l + 1], enc[l].W, enc[l].H, c.Bilinear);
            Plane up = Up(dec, enc[l].W, enc[l].H, c.Bilinear);
            for (std::size_t i = 0; i < up.V.size(); ++i) {
                const float lap = enc[l].V[i] - coarse.V[i];
                detail[l] += std::fabs(lap);
                if (c.SkipMask >> l & 1u) up.V[i] += lap;
            }
            dec = std::move(up);
        }
        r.Scores.push_back(std::move(dec.V));
        if (cls == 0)
            for (const Plane& p : enc) r.LevelWidth.push_back(p.W), r.LevelHeight.push_back(p.H);
    }
    for (int l = 0; l < c.Depth; ++l)
        r.DetailEnergy.push_back(detail[l] / (static_cast<double>(r.LevelWidth[l]) * r.LevelHeight[l] * kSegNumClasses));

    r.Output.assign(labels.Size(), kSegVoid);
    for (std::size_t i = 0; i < labels.Size(); ++i) {
        float best = 1e-6f; // a cell no class reaches (void all around) stays void
        for (int cls = 0; cls < kSegNumClasses; ++cls)
            if (r.Scores[cls][i] > best) best = r.Scores[cls][i], r.Output[i] = cls;
    }
    const std::vector<int> input = SemanticLabels(labels);
    const LabelImage gt{labels.Width, labels.Height, input}, pred{labels.Width, labels.Height, r.Output};
    const auto cm = ComputeConfusion(gt, pred, kSegNumClasses, kSegVoid);
    if (!cm) return R::Fail(cm.Error());
    r.Metrics = MetricsFromConfusion(*cm);
    const auto bf = ComputeBoundaryF1(gt, pred, kSegNumClasses, kSegVoid, 1.0);
    if (!bf) return R::Fail(bf.Error());
    r.Boundary = *bf;
    return r;
}

} // namespace mlviz
