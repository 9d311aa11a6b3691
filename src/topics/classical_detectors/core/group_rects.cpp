#include "topics/classical_detectors/core/group_rects.h"

#include <algorithm>
#include <cmath>
#include <cstdlib>

namespace mlviz {

namespace {

bool Similar(const IntRect& a, const IntRect& b, double eps)
{
    const double delta = eps * (std::min(a.W, b.W) + std::min(a.H, b.H)) * 0.5;
    return std::abs(a.X - b.X) <= delta && std::abs(a.Y - b.Y) <= delta && std::abs(a.X + a.W - b.X - b.W) <= delta &&
        std::abs(a.Y + a.H - b.Y - b.H) <= delta;
}

// cv::partition (core/include/opencv2/core/operations.hpp), step for step: the class numbers
// depend on the union-by-rank choices.
int Partition(const std::vector<IntRect>& v, double eps, std::vector<int>& labels)
{
    const int n = static_cast<int>(v.size());
    std::vector<int> parent(n, -1), rank(n, 0);
    for (int i = 0; i < n; ++i) {
        int root = i;
        while (parent[root] >= 0) root = parent[root];
        for (int j = 0; j < n; ++j) {
            if (i == j || !Similar(v[i], v[j], eps)) continue;
            int root2 = j;
            while (parent[root2] >= 0) root2 = parent[root2];
            if (root2 == root) continue;
            if (rank[root] > rank[root2])
                parent[root2] = root;
            else {
                parent[root] = root2;
                rank[root2] += rank[root] == rank[root2];
                root = root2;
            }
            for (int k = j, p; (p = parent[k]) >= 0; k = p) parent[k] = root;
            for (int k = i, p; (p = parent[k]) >= 0; k = p) parent[k] = root;
        }
    }
    labels.assign(n, 0);
    int nclasses = 0;
    for (int i = 0; i < n; ++i) {
        int root = i;
        while (parent[root] >= 0) root = parent[root];
        if (rank[root] >= 0) rank[root] = ~nclasses++;
        labels[i] = ~rank[root];
    }
    return nclasses;
}

// saturate_cast<int>(float): cvRound, half to even.
int RoundFloat(float v)
{
    return static_cast<int>(std::nearbyint(v));
}

} // namespace

GroupedRects GroupRectangles(const std::vector<IntRect>& rects, int group_threshold, double eps)
{
    GroupedRects g;
    if (group_threshold <= 0 || rects.empty()) {
        g.Rects = rects;
        g.Neighbors.assign(rects.size(), 1);
        g.Labels.resize(rects.size());
        for (std::size_t i = 0; i < rects.size(); ++i) g.Labels[i] = static_cast<int>(i);
        g.ClassMeans = rects;
        g.ClassCounts.assign(rects.size(), 1);
        g.KeptClass = g.Labels;
        return g;
    }
    const int nclasses = Partition(rects, eps, g.Labels);
    std::vector<long long> sx(nclasses, 0), sy(nclasses, 0), sw(nclasses, 0), sh(nclasses, 0);
    g.ClassCounts.assign(nclasses, 0);
    for (std::size_t i = 0; i < rects.size(); ++i) {
        const int c = g.Labels[i];
        sx[c] += rects[i].X;
        sy[c] += rects[i].Y;
        sw[c] += rects[i].W;
        sh[c] += rects[i].H;
        ++g.ClassCounts[c];
    }
    g.ClassMeans.resize(nclasses);
    for (int c = 0; c < nclasses; ++c) {
        // OpenCV sums into int Rect fields and multiplies by float 1/n.
        const float s = 1.0f / static_cast<float>(g.ClassCounts[c]);
        g.ClassMeans[c] = {RoundFloat(static_cast<float>(static_cast<int>(sx[c])) * s),
                           RoundFloat(static_cast<float>(static_cast<int>(sy[c])) * s),
                           RoundFloat(static_cast<float>(static_cast<int>(sw[c])) * s),
                           RoundFloat(static_cast<float>(static_cast<int>(sh[c])) * s)};
    }
    g.KeptClass.assign(nclasses, -1);
    for (int i = 0; i < nclasses; ++i) {
        const IntRect r1 = g.ClassMeans[i];
        const int n1 = g.ClassCounts[i];
        if (n1 <= group_threshold) continue;
        int j = 0;
        for (; j < nclasses; ++j) {
            const int n2 = g.ClassCounts[j];
            if (j == i || n2 <= group_threshold) continue;
            const IntRect r2 = g.ClassMeans[j];
            const int dx = static_cast<int>(std::nearbyint(r2.W * eps));
            const int dy = static_cast<int>(std::nearbyint(r2.H * eps));
            if (r1.X >= r2.X - dx && r1.Y >= r2.Y - dy && r1.X + r1.W <= r2.X + r2.W + dx && r1.Y + r1.H <= r2.Y + r2.H + dy &&
                (n2 > std::max(3, n1) || n1 < 3))
                break;
        }
        if (j == nclasses) {
            g.KeptClass[i] = static_cast<int>(g.Rects.size());
            g.Rects.push_back(r1);
            g.Neighbors.push_back(n1);
        }
    }
    return g;
}

} // namespace mlviz
