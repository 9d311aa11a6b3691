#include "topics/classical_detectors/core/matching.h"

#include <algorithm>
#include <cmath>
#include <limits>

#include "topics/classical_detectors/core/orb.h"

namespace mlviz {

namespace {

bool Inside(double x, double y, int w, int h)
{
    return x >= 0.0 && y >= 0.0 && x <= w - 1 && y <= h - 1;
}

} // namespace

void MatchHammingRows(const std::vector<OrbDescriptor>& a, const std::vector<OrbDescriptor>& b, std::size_t begin,
                      std::size_t end, HammingState& st)
{
    if (st.BestAB.size() != a.size()) {
        st.BestAB.assign(a.size(), -1);
        st.DistAB.assign(a.size(), 1 << 30);
        st.BestBA.assign(b.size(), -1);
        st.DistBA.assign(b.size(), 1 << 30);
    }
    for (std::size_t i = begin; i < std::min(end, a.size()); ++i)
        for (std::size_t j = 0; j < b.size(); ++j) {
            const int d = HammingDistance(a[i], b[j]);
            if (d < st.DistAB[i]) st.DistAB[i] = d, st.BestAB[i] = static_cast<int>(j);
            if (d < st.DistBA[j]) st.DistBA[j] = d, st.BestBA[j] = static_cast<int>(i);
        }
}

std::vector<FeatureMatch> MatchHammingFinish(const std::vector<OrbDescriptor>& a, const HammingState& st, bool cross_check)
{
    std::vector<FeatureMatch> out;
    if (st.BestAB.size() != a.size()) return out;
    for (std::size_t i = 0; i < a.size(); ++i)
        if (st.BestAB[i] >= 0 && (!cross_check || st.BestBA[st.BestAB[i]] == static_cast<int>(i)))
            out.push_back({static_cast<int>(i), st.BestAB[i], static_cast<float>(st.DistAB[i]), false});
    return out;
}

std::vector<FeatureMatch> MatchHamming(const std::vector<OrbDescriptor>& a, const std::vector<OrbDescriptor>& b, bool cross_check)
{
    if (a.empty() || b.empty()) return {};
    HammingState st;
    MatchHammingRows(a, b, 0, a.size(), st);
    return MatchHammingFinish(a, st, cross_check);
}

void MatchRatioRows(const std::vector<SiftDescriptor>& a, const std::vector<SiftDescriptor>& b, float ratio, std::size_t begin,
                    std::size_t end, std::vector<FeatureMatch>& out)
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
    // B's keypoints bucketed in eps-sized cells: each of A's looks at the 3 x 3 cells around it.
    const int gw = static_cast<int>(width / eps) + 3, gh = static_cast<int>(height / eps) + 3;
    std::vector<std::vector<int>> grid(static_cast<std::size_t>(gw) * gh);
    auto cell = [&](double v, int n) { return std::clamp(static_cast<int>(std::floor(v / eps)) + 1, 0, n - 1); };
    for (std::size_t i = 0; i < bin.size(); ++i)
        grid[static_cast<std::size_t>(cell(bin[i].second, gh)) * gw + cell(bin[i].first, gw)].push_back(static_cast<int>(i));
    for (const auto& [x, y] : ha) {
        const int cx = cell(x, gw), cy = cell(y, gh);
        bool found = false;
        for (int yy = std::max(0, cy - 1); yy <= std::min(gh - 1, cy + 1) && !found; ++yy)
            for (int xx = std::max(0, cx - 1); xx <= std::min(gw - 1, cx + 1) && !found; ++xx)
                for (int i : grid[static_cast<std::size_t>(yy) * gw + xx]) {
                    const double dx = x - bin[i].first, dy = y - bin[i].second;
                    if (dx * dx + dy * dy <= eps2) {
                        found = true;
                        break;
                    }
                }
        e.Repeated += found;
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
