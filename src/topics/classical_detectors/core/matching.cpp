#include "topics/classical_detectors/core/matching.h"

#include <cmath>
#include <limits>

#include "topics/classical_detectors/core/orb.h"

namespace mlviz {

namespace {

bool Inside(double x, double y, int w, int h) { return x >= 0.0 && y >= 0.0 && x <= w - 1 && y <= h - 1; }

} // namespace

std::vector<FeatureMatch> MatchHamming(const std::vector<OrbDescriptor>& a, const std::vector<OrbDescriptor>& b,
                                       bool cross_check)
{
    std::vector<FeatureMatch> out;
    if (a.empty() || b.empty()) return out;
    std::vector<int> best_ab(a.size(), -1), dist_ab(a.size(), 1 << 30), best_ba(b.size(), -1), dist_ba(b.size(), 1 << 30);
    for (std::size_t i = 0; i < a.size(); ++i)
        for (std::size_t j = 0; j < b.size(); ++j) {
            const int d = HammingDistance(a[i], b[j]);
            if (d < dist_ab[i]) dist_ab[i] = d, best_ab[i] = static_cast<int>(j);
            if (d < dist_ba[j]) dist_ba[j] = d, best_ba[j] = static_cast<int>(i);
        }
    for (std::size_t i = 0; i < a.size(); ++i)
        if (!cross_check || best_ba[best_ab[i]] == static_cast<int>(i))
            out.push_back({static_cast<int>(i), best_ab[i], static_cast<float>(dist_ab[i]), false});
    return out;
}

void MatchRatioRows(const std::vector<SiftDescriptor>& a, const std::vector<SiftDescriptor>& b, float ratio,
                    std::size_t begin, std::size_t end, std::vector<FeatureMatch>& out)
{
    if (b.size() < 2) return;
    for (std::size_t i = begin; i < std::min(end, a.size()); ++i) {
        float d1 = 3.4e38f, d2 = 3.4e38f;
        int j1 = -1;
        for (std::size_t j = 0; j < b.size(); ++j) {
            float s = 0.0f;
            for (int k = 0; k < 128; ++k) {
                const float d = a[i][k] - b[j][k];
                s += d * d;
            }
            const float d = std::sqrt(s);
            if (d < d1) {
                d2 = d1;
                d1 = d;
                j1 = static_cast<int>(j);
            } else if (d < d2)
                d2 = d;
        }
        if (d1 < ratio * d2) out.push_back({static_cast<int>(i), j1, d1, false});
    }
}

std::vector<FeatureMatch> MatchRatio(const std::vector<SiftDescriptor>& a, const std::vector<SiftDescriptor>& b, float ratio)
{
    std::vector<FeatureMatch> out;
    MatchRatioRows(a, b, ratio, 0, a.size(), out);
    return out;
}

KeypointEvaluation EvaluateKeypoints(const std::vector<Keypoint>& a, const std::vector<Keypoint>& b, const Homography& h,
                                     int width, int height, std::vector<FeatureMatch>& matches, double eps)
{
    KeypointEvaluation e;
    const Homography inv = h.Inverse();
    std::vector<std::pair<double, double>> ha, bin;
    for (const Keypoint& k : a) {
        double x, y;
        h.Apply(k.X, k.Y, x, y);
        if (Inside(x, y, width, height)) ha.push_back({x, y});
    }
    for (const Keypoint& k : b) {
        double x, y;
        inv.Apply(k.X, k.Y, x, y);
        if (Inside(x, y, width, height)) bin.push_back({k.X, k.Y});
    }
    e.InsideA = static_cast<int>(ha.size());
    e.InsideB = static_cast<int>(bin.size());
    const double eps2 = eps * eps;
    for (const auto& [x, y] : ha)
        for (const auto& [bx, by] : bin)
            if ((x - bx) * (x - bx) + (y - by) * (y - by) <= eps2) {
                ++e.Repeated;
                break;
            }
    const int denom = std::min(e.InsideA, e.InsideB);
    e.Repeatability = denom > 0 ? static_cast<double>(e.Repeated) / denom : 0.0;
    for (FeatureMatch& m : matches) {
        double x, y;
        h.Apply(a[m.A].X, a[m.A].Y, x, y);
        const double dx = x - b[m.B].X, dy = y - b[m.B].Y;
        m.Correct = dx * dx + dy * dy <= eps2;
        e.CorrectMatches += m.Correct;
    }
    e.Matches = static_cast<int>(matches.size());
    e.Precision = e.Matches > 0 ? static_cast<double>(e.CorrectMatches) / e.Matches : 0.0;
    return e;
}

} // namespace mlviz
