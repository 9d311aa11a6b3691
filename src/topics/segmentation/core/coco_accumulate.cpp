// COCOeval.evaluateImg (greedy matching), accumulate (precision / recall over images with the
// 101-point sampling of the precision envelope) and summarize, transcribed from the definition.
#include <algorithm>
#include <numeric>

#include "topics/segmentation/core/coco_internal.h"

namespace mlviz {

namespace {

constexpr double kEps = 2.220446049250313e-16; // np.spacing(1)

// One (category, area, maxDets) cell: detections of every present image, first maxDet of each,
// in image order, then stably sorted by score (numpy mergesort).
struct Gathered {
    struct Det {
        double Score;
        const CocoEvalImage* E;
        int D;
    };
    std::vector<Det> Dets;
    int NumGt = 0;
    bool Any = false;
};

Gathered GatherImages(const std::vector<const CocoEvalImage*>& images, int max_det)
{
    Gathered g;
    for (const CocoEvalImage* e : images) {
        if (!e->Present) continue;
        g.Any = true;
        const int n = std::min<int>(static_cast<int>(e->DtIds.size()), max_det);
        for (int d = 0; d < n; ++d) g.Dets.push_back({e->DtScores[d], e, d});
        for (std::uint8_t ig : e->GtIgnore) g.NumGt += ig == 0;
    }
    std::stable_sort(g.Dets.begin(), g.Dets.end(),
                     [](const Gathered::Det& x, const Gathered::Det& y) { return x.Score > y.Score; });
    return g;
}

Gathered Gather(const CocoEvalResult& out, int k, int a, int m)
{
    std::vector<const CocoEvalImage*> images;
    for (std::size_t i = 0; i < out.ImageIds.size(); ++i) images.push_back(&out.EvalImage(k, a, static_cast<int>(i)));
    return GatherImages(images, CocoMaxDets()[m]);
}

// The raw curve at threshold t; returns false where pycocotools skips (no images or no GT).
bool Curve(const Gathered& g, int t, CocoPrCurve& c)
{
    c = CocoPrCurve{};
    c.NumGt = g.NumGt;
    if (!g.Any || g.NumGt == 0) return false;
    double tp = 0.0, fp = 0.0;
    for (const Gathered::Det& d : g.Dets) {
        const std::size_t D = d.E->DtIds.size();
        const bool matched = d.E->DtMatches[t * D + d.D] != 0, ignored = d.E->DtIgnore[t * D + d.D] != 0;
        const bool is_tp = matched && !ignored, is_fp = !matched && !ignored;
        tp += is_tp;
        fp += is_fp;
        c.Scores.push_back(d.Score);
        c.DtIds.push_back(d.E->DtIds[d.D]);
        c.ImageIds.push_back(d.E->ImageId);
        c.MatchedGt.push_back(d.E->DtMatches[t * D + d.D]);
        c.IsTp.push_back(is_tp);
        c.IsFp.push_back(is_fp);
        c.Recall.push_back(tp / g.NumGt);
        c.Precision.push_back(tp / (fp + tp + kEps));
    }
    c.Envelope = c.Precision;
    for (std::size_t i = c.Envelope.size(); i-- > 1;)
        if (c.Envelope[i] > c.Envelope[i - 1]) c.Envelope[i - 1] = c.Envelope[i];
    c.Interpolated.fill(0.0);
    for (int r = 0; r < kCocoR; ++r) {
        const auto it = std::lower_bound(c.Recall.begin(), c.Recall.end(), CocoRecallThresholds()[r]);
        if (it == c.Recall.end()) break; // pycocotools' IndexError: the rest stays 0
        c.Interpolated[r] = c.Envelope[it - c.Recall.begin()];
    }
    c.Defined = true;
    return true;
}

double MeanDefined(const std::vector<double>& v)
{
    double sum = 0.0;
    int n = 0;
    for (double x : v)
        if (x > -1) sum += x, ++n;
    return n == 0 ? -1.0 : sum / n;
}

// _summarize: mean over entries > -1 of precision[t?, :, k?, a, m] or recall[t?, k?, a, m].
double Summarize(const CocoEvalResult& out, bool ap, int t_only, int a, int m, int k_only)
{
    const int K = static_cast<int>(out.CategoryIds.size());
    std::vector<double> v;
    for (int t = 0; t < kCocoT; ++t) {
        if (t_only >= 0 && t != t_only) continue;
        if (ap) {
            for (int r = 0; r < kCocoR; ++r)
                for (int k = 0; k < K; ++k)
                    if (k_only < 0 || k == k_only) v.push_back(out.PrecisionAt(t, r, k, a, m));
        } else {
            for (int k = 0; k < K; ++k)
                if (k_only < 0 || k == k_only) v.push_back(out.RecallAt(t, k, a, m));
        }
    }
    return MeanDefined(v);
}

CocoStats StatsOf(const CocoEvalResult& out, int k_only)
{
    CocoStats s;
    s.Ap = Summarize(out, true, -1, 0, 2, k_only);
    s.Ap50 = Summarize(out, true, 0, 0, 2, k_only);
    s.Ap75 = Summarize(out, true, 5, 0, 2, k_only);
    s.ApSmall = Summarize(out, true, -1, 1, 2, k_only);
    s.ApMedium = Summarize(out, true, -1, 2, 2, k_only);
    s.ApLarge = Summarize(out, true, -1, 3, 2, k_only);
    s.Ar1 = Summarize(out, false, -1, 0, 0, k_only);
    s.Ar10 = Summarize(out, false, -1, 0, 1, k_only);
    s.Ar100 = Summarize(out, false, -1, 0, 2, k_only);
    s.ArSmall = Summarize(out, false, -1, 1, 2, k_only);
    s.ArMedium = Summarize(out, false, -1, 2, 2, k_only);
    s.ArLarge = Summarize(out, false, -1, 3, 2, k_only);
    return s;
}

} // namespace

const std::array<double, kCocoT>& CocoIouThresholds()
{
    static const std::array<double, kCocoT> t = [] {
        std::array<double, kCocoT> v{};
        const double step = (0.95 - 0.5) / 9.0; // np.linspace(.5, .95, 10)
        for (int i = 0; i < kCocoT; ++i) v[i] = i * step + 0.5;
        v[kCocoT - 1] = 0.95;
        return v;
    }();
    return t;
}

const std::array<double, kCocoR>& CocoRecallThresholds()
{
    static const std::array<double, kCocoR> r = [] {
        std::array<double, kCocoR> v{};
        for (int i = 0; i < kCocoR; ++i) v[i] = i * 0.01; // np.linspace(0, 1, 101)
        v[kCocoR - 1] = 1.0;
        return v;
    }();
    return r;
}

const std::array<std::array<double, 2>, kCocoA>& CocoAreaRanges()
{
    static const std::array<std::array<double, 2>, kCocoA> a = {{{0.0, 1e10}, {0.0, 1024.0}, {1024.0, 9216.0}, {9216.0, 1e10}}};
    return a;
}

const std::array<int, kCocoM>& CocoMaxDets()
{
    static const std::array<int, kCocoM> m = {1, 10, 100};
    return m;
}

std::array<double, 12> CocoStats::AsArray() const
{
    return {Ap, Ap50, Ap75, ApSmall, ApMedium, ApLarge, Ar1, Ar10, Ar100, ArSmall, ArMedium, ArLarge};
}

double CocoEvalResult::PrecisionAt(int t, int r, int k, int a, int m) const
{
    const std::size_t K = CategoryIds.size();
    return Precision[(((static_cast<std::size_t>(t) * kCocoR + r) * K + k) * kCocoA + a) * kCocoM + m];
}

double CocoEvalResult::RecallAt(int t, int k, int a, int m) const
{
    const std::size_t K = CategoryIds.size();
    return Recall[((static_cast<std::size_t>(t) * K + k) * kCocoA + a) * kCocoM + m];
}

const CocoEvalImage& CocoEvalResult::EvalImage(int k, int a, int i) const
{
    return EvalImages[(static_cast<std::size_t>(k) * kCocoA + a) * ImageIds.size() + i];
}

CocoEvalImage EvaluateImage(const std::vector<CocoMatchInput>& gts, const std::vector<CocoMatchInput>& dts,
                            const std::vector<double>& iou, const std::array<double, 2>& range,
                            std::span<const double> thresholds)
{
    const int T = static_cast<int>(thresholds.size());
    CocoEvalImage e;
    e.Present = true;
    const std::size_t G = gts.size(), D = dts.size();
    std::vector<std::uint8_t> ignore(G);
    for (std::size_t g = 0; g < G; ++g) ignore[g] = gts[g].Crowd || gts[g].Area < range[0] || gts[g].Area > range[1];
    std::vector<std::size_t> order(G); // GT with ignored last, stably
    std::iota(order.begin(), order.end(), 0);
    std::stable_sort(order.begin(), order.end(), [&](std::size_t a, std::size_t b) { return ignore[a] < ignore[b]; });
    for (std::size_t g : order) {
        e.GtIds.push_back(gts[g].Id);
        e.GtIgnore.push_back(ignore[g]);
    }
    for (const CocoMatchInput& d : dts) {
        e.DtIds.push_back(d.Id);
        e.DtScores.push_back(d.Score);
    }
    e.DtMatches.assign(T * D, 0);
    e.GtMatches.assign(T * G, 0);
    e.DtIgnore.assign(T * D, 0);
    if (G > 0 && D > 0) {
        for (int t = 0; t < T; ++t)
            for (std::size_t d = 0; d < D; ++d) {
                double best = std::min(thresholds[t], 1.0 - 1e-10);
                int m = -1;
                for (std::size_t gi = 0; gi < G; ++gi) {
                    if (e.GtMatches[t * G + gi] > 0 && !gts[order[gi]].Crowd) continue; // taken, not crowd
                    if (m > -1 && e.GtIgnore[m] == 0 && e.GtIgnore[gi] == 1) break;     // regular match beats ignored
                    const double v = iou[d * G + order[gi]];
                    if (v < best) continue;
                    best = v;
                    m = static_cast<int>(gi);
                }
                if (m == -1) continue;
                e.DtIgnore[t * D + d] = e.GtIgnore[m];
                e.DtMatches[t * D + d] = e.GtIds[m];
                e.GtMatches[t * G + m] = dts[d].Id;
            }
    }
    for (std::size_t d = 0; d < D; ++d) {
        const bool outside = dts[d].Area < range[0] || dts[d].Area > range[1];
        for (int t = 0; t < T; ++t)
            if (e.DtMatches[t * D + d] == 0 && outside) e.DtIgnore[t * D + d] = 1;
    }
    return e;
}

void Accumulate(CocoEvalResult& out)
{
    const int K = static_cast<int>(out.CategoryIds.size());
    out.Precision.assign(static_cast<std::size_t>(kCocoT) * kCocoR * K * kCocoA * kCocoM, -1.0);
    out.Scores.assign(out.Precision.size(), -1.0);
    out.Recall.assign(static_cast<std::size_t>(kCocoT) * K * kCocoA * kCocoM, -1.0);
    CocoPrCurve c;
    for (int k = 0; k < K; ++k)
        for (int a = 0; a < kCocoA; ++a)
            for (int m = 0; m < kCocoM; ++m) {
                const Gathered g = Gather(out, k, a, m);
                for (int t = 0; t < kCocoT; ++t) {
                    if (!Curve(g, t, c)) break;
                    out.Recall[((static_cast<std::size_t>(t) * K + k) * kCocoA + a) * kCocoM + m] =
                        c.Recall.empty() ? 0.0 : c.Recall.back();
                    for (int r = 0; r < kCocoR; ++r) {
                        const std::size_t idx = (((static_cast<std::size_t>(t) * kCocoR + r) * K + k) * kCocoA + a) * kCocoM + m;
                        out.Precision[idx] = c.Interpolated[r];
                        const auto it = std::lower_bound(c.Recall.begin(), c.Recall.end(), CocoRecallThresholds()[r]);
                        out.Scores[idx] = it == c.Recall.end() ? 0.0 : c.Scores[it - c.Recall.begin()];
                    }
                }
            }
    out.Stats = StatsOf(out, -1);
    out.PerCategory.clear();
    for (int k = 0; k < K; ++k) out.PerCategory.push_back(StatsOf(out, k));
}

CocoPrCurve CurveOfImages(const std::vector<const CocoEvalImage*>& images, int max_det, int t)
{
    CocoPrCurve c;
    Curve(GatherImages(images, max_det), t, c);
    return c;
}

CocoPrCurve CocoCurve(const CocoEvalResult& out, int t, int k, int a, int m)
{
    CocoPrCurve c;
    if (t < 0 || t >= kCocoT || k < 0 || k >= static_cast<int>(out.CategoryIds.size()) || a < 0 || a >= kCocoA || m < 0 ||
        m >= kCocoM)
        return c;
    Curve(Gather(out, k, a, m), t, c);
    return c;
}

} // namespace mlviz
