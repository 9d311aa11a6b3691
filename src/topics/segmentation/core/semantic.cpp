// Confusion matrix, mmseg-style semantic metrics, boundary F1 (exact Euclidean distance
// transform, Felzenszwalb & Huttenlocher 2012) and set-level accumulation.
#include "topics/segmentation/core/semantic.h"

#include <algorithm>
#include <cmath>
#include <limits>

namespace mlviz {

namespace {

Message CheckImages(const LabelImage& gt, const LabelImage& pred, int num_classes)
{
    if (num_classes < 1 || num_classes > kSemanticMaxClasses)
        return Msg("поле '%s' должно быть в [%d, %d]", "num_classes", 1, kSemanticMaxClasses);
    if (gt.Width < 1 || gt.Height < 1) return Msg("пустое изображение разметки");
    if (gt.Width != pred.Width || gt.Height != pred.Height)
        return Msg("размеры разметки %dx%d и предсказания %dx%d не совпадают", gt.Width, gt.Height, pred.Width, pred.Height);
    const std::size_t n = static_cast<std::size_t>(gt.Width) * gt.Height;
    if (n > kSemanticMaxPixels) return Msg("изображение больше %d пикселей", static_cast<int>(kSemanticMaxPixels));
    if (gt.Labels.size() != n || pred.Labels.size() != n) return Msg("число меток не равно ширине на высоту");
    return {};
}

Message CheckLabels(const char* what, const LabelImage& img, int num_classes, int ignore_index)
{
    for (std::size_t i = 0; i < img.Labels.size(); ++i) {
        const int v = img.Labels[i];
        if (v != ignore_index && (v < 0 || v >= num_classes))
            return Msg("%s: метка %d в точке (%d, %d) вне [0, %d) и не равна ignore_index = %d", what, v,
                       static_cast<int>(i % img.Width), static_cast<int>(i / img.Width), num_classes, ignore_index);
    }
    return {};
}

std::optional<double> Ratio(double num, double den)
{
    return den > 0.0 ? std::optional<double>(num / den) : std::nullopt;
}

std::optional<double> MeanOfDefined(const std::vector<std::optional<double>>& v)
{
    double sum = 0.0;
    int n = 0;
    for (const auto& x : v)
        if (x) sum += *x, ++n;
    return n > 0 ? std::optional<double>(sum / n) : std::nullopt;
}

// Squared Euclidean distance to the nearest set cell (exact): the column pass is the 1-D
// distance by two sweeps, the row pass the lower envelope of parabolas of Felzenszwalb &
// Huttenlocher. Rows without any set cell in reach stay "infinite".
struct DistanceScratch {
    std::vector<double> F, Z;
    std::vector<int> V;
};

void SquaredDistance(const std::vector<std::uint8_t>& set, int w, int h, std::vector<double>& d, DistanceScratch& s)
{
    const double inf = 1e20;
    d.assign(set.size(), inf);
    for (int x = 0; x < w; ++x) {
        double run = inf;
        for (int y = 0; y < h; ++y) {
            const std::size_t i = static_cast<std::size_t>(y) * w + x;
            run = set[i] ? 0.0 : run + 1.0;
            d[i] = run;
        }
        run = inf;
        for (int y = h - 1; y >= 0; --y) {
            const std::size_t i = static_cast<std::size_t>(y) * w + x;
            run = set[i] ? 0.0 : run + 1.0;
            d[i] = std::min(d[i], run);
        }
    }
    for (std::size_t i = 0; i < d.size(); ++i) d[i] = d[i] >= inf ? inf : d[i] * d[i];
    s.F.resize(w);
    s.Z.resize(w + 1);
    s.V.resize(w);
    for (int y = 0; y < h; ++y) {
        double* row = d.data() + static_cast<std::size_t>(y) * w;
        if (std::all_of(row, row + w, [&](double v) { return v >= inf; })) continue;
        std::copy(row, row + w, s.F.begin());
        const double* f = s.F.data();
        int k = 0;
        s.V[0] = 0;
        s.Z[0] = -inf;
        s.Z[1] = inf;
        for (int q = 1; q < w; ++q) {
            auto meet = [&](int r) { return ((f[q] + double(q) * q) - (f[r] + double(r) * r)) / (2.0 * (q - r)); };
            double m = meet(s.V[k]);
            while (m <= s.Z[k]) m = meet(s.V[--k]);
            ++k;
            s.V[k] = q;
            s.Z[k] = m;
            s.Z[k + 1] = inf;
        }
        k = 0;
        for (int q = 0; q < w; ++q) {
            while (s.Z[k + 1] < q) ++k;
            row[q] = double(q - s.V[k]) * (q - s.V[k]) + f[s.V[k]];
        }
    }
}

} // namespace

std::int64_t ConfusionMatrix::GtArea(int c) const
{
    std::int64_t s = Unlabelled[c];
    for (int p = 0; p < NumClasses; ++p) s += At(c, p);
    return s;
}

std::int64_t ConfusionMatrix::PredArea(int c) const
{
    std::int64_t s = 0;
    for (int g = 0; g < NumClasses; ++g) s += At(g, c);
    return s;
}

std::int64_t ConfusionMatrix::Valid() const
{
    std::int64_t s = 0;
    for (std::int64_t v : Counts) s += v;
    for (std::int64_t v : Unlabelled) s += v;
    return s;
}

void ConfusionMatrix::Add(const ConfusionMatrix& o)
{
    if (o.NumClasses != NumClasses) return;
    for (std::size_t i = 0; i < Counts.size(); ++i) Counts[i] += o.Counts[i];
    for (std::size_t i = 0; i < Unlabelled.size(); ++i) Unlabelled[i] += o.Unlabelled[i];
    Ignored += o.Ignored;
}

Result<ConfusionMatrix> ComputeConfusion(const LabelImage& gt, const LabelImage& pred, int num_classes, int ignore_index)
{
    using R = Result<ConfusionMatrix>;
    if (Message why = CheckImages(gt, pred, num_classes); !why.Empty()) return R::Fail(why);
    if (Message why = CheckLabels("gt", gt, num_classes, ignore_index); !why.Empty()) return R::Fail(why);
    if (Message why = CheckLabels("pred", pred, num_classes, ignore_index); !why.Empty()) return R::Fail(why);
    ConfusionMatrix cm;
    cm.NumClasses = num_classes;
    cm.Counts.assign(static_cast<std::size_t>(num_classes) * num_classes, 0);
    cm.Unlabelled.assign(num_classes, 0);
    for (std::size_t i = 0; i < gt.Labels.size(); ++i) {
        const int g = gt.Labels[i], p = pred.Labels[i];
        if (g == ignore_index)
            ++cm.Ignored;
        else if (p == ignore_index)
            ++cm.Unlabelled[g];
        else
            ++cm.Counts[static_cast<std::size_t>(g) * num_classes + p];
    }
    return cm;
}

SemanticMetrics MetricsFromConfusion(const ConfusionMatrix& cm)
{
    SemanticMetrics m;
    const int c = cm.NumClasses;
    const double valid = static_cast<double>(cm.Valid());
    double tp_sum = 0.0, fw = 0.0;
    for (int k = 0; k < c; ++k) {
        const double tp = static_cast<double>(cm.At(k, k));
        const double gt = static_cast<double>(cm.GtArea(k)), pred = static_cast<double>(cm.PredArea(k));
        tp_sum += tp;
        m.ClassAccuracy.push_back(Ratio(tp, gt));
        m.Iou.push_back(Ratio(tp, gt + pred - tp));
        m.Dice.push_back(Ratio(2.0 * tp, gt + pred));
        if (m.Iou.back()) ++m.DefinedIouClasses;
        if (gt > 0.0) fw += gt / valid * *m.Iou.back();
    }
    m.PixelAccuracy = Ratio(tp_sum, valid);
    m.MeanClassAccuracy = MeanOfDefined(m.ClassAccuracy);
    m.MeanIou = MeanOfDefined(m.Iou);
    m.MeanDice = MeanOfDefined(m.Dice);
    if (valid > 0.0) m.FwIou = fw;
    return m;
}

std::vector<std::uint8_t> ClassBoundary(const LabelImage& img, int cls, const LabelImage* ignore_from, int ignore_index)
{
    const int w = img.Width, h = img.Height;
    std::vector<std::uint8_t> b(static_cast<std::size_t>(w) * h, 0);
    for (int y = 0; y < h; ++y)
        for (int x = 0; x < w; ++x) {
            const std::size_t i = static_cast<std::size_t>(y) * w + x;
            if (img.Labels[i] != cls) continue;
            if (ignore_from && ignore_from->Labels[i] == ignore_index) continue;
            const bool edge = (x > 0 && img.Labels[i - 1] != cls) || (x + 1 < w && img.Labels[i + 1] != cls) ||
                (y > 0 && img.Labels[i - w] != cls) || (y + 1 < h && img.Labels[i + w] != cls);
            b[i] = edge ? 1 : 0;
        }
    return b;
}

Result<BoundaryF1> ComputeBoundaryF1(const LabelImage& gt, const LabelImage& pred, int num_classes, int ignore_index,
                                     double tolerance, int detail_class)
{
    using R = Result<BoundaryF1>;
    if (Message why = CheckImages(gt, pred, num_classes); !why.Empty()) return R::Fail(why);
    if (!(tolerance >= 0.0 && tolerance <= kBoundaryMaxTolerance))
        return R::Fail(Msg("поле '%s' должно быть в [%g, %g]", "tolerance", 0.0, kBoundaryMaxTolerance));
    if (Message why = CheckLabels("gt", gt, num_classes, ignore_index); !why.Empty()) return R::Fail(why);
    if (Message why = CheckLabels("pred", pred, num_classes, ignore_index); !why.Empty()) return R::Fail(why);
    BoundaryF1 out;
    const double t2 = tolerance * tolerance;
    std::vector<double> dg, dp;
    DistanceScratch scratch;
    for (int c = 0; c < num_classes; ++c) {
        if (c == ignore_index) {
            out.Precision.emplace_back();
            out.Recall.emplace_back();
            out.F1.emplace_back();
            continue;
        }
        const auto bg = ClassBoundary(gt, c), bp = ClassBoundary(pred, c, &gt, ignore_index);
        const bool any_g = std::find(bg.begin(), bg.end(), 1) != bg.end(), any_p = std::find(bp.begin(), bp.end(), 1) != bp.end();
        // A distance map is only needed when the other side has cells to measure.
        if (any_p) SquaredDistance(bg, gt.Width, gt.Height, dg, scratch);
        if (any_g) SquaredDistance(bp, gt.Width, gt.Height, dp, scratch);
        double np = 0, ng = 0, hit_p = 0, hit_g = 0;
        for (std::size_t i = 0; i < bg.size(); ++i) {
            if (bp[i]) ++np, hit_p += dg[i] <= t2;
            if (bg[i]) ++ng, hit_g += dp[i] <= t2;
        }
        if (c == detail_class) {
            out.GtCells.assign(bg.size(), 0);
            out.PredCells.assign(bg.size(), 0);
            for (std::size_t i = 0; i < bg.size(); ++i) {
                if (bg[i]) out.GtCells[i] = any_p && dp[i] <= t2 ? 1 : 2;
                if (bp[i]) out.PredCells[i] = any_g && dg[i] <= t2 ? 1 : 2;
            }
        }
        std::optional<double> p = Ratio(hit_p, np), r = Ratio(hit_g, ng), f;
        if (np > 0 || ng > 0) {
            const double pv = p.value_or(0.0), rv = r.value_or(0.0);
            f = pv + rv > 0.0 ? 2.0 * pv * rv / (pv + rv) : 0.0;
        }
        out.Precision.push_back(p);
        out.Recall.push_back(r);
        out.F1.push_back(f);
    }
    out.MeanF1 = MeanOfDefined(out.F1);
    return out;
}

SetMetrics MetricsOfSet(std::span<const ConfusionMatrix> per_image)
{
    SetMetrics s;
    if (per_image.empty()) return s;
    ConfusionMatrix total = per_image[0];
    for (std::size_t i = 1; i < per_image.size(); ++i) total.Add(per_image[i]);
    s.Accumulated = MetricsFromConfusion(total);
    std::vector<std::optional<double>> pa, miou, fw, macc, mdice;
    for (const ConfusionMatrix& cm : per_image) {
        s.PerImage.push_back(MetricsFromConfusion(cm));
        pa.push_back(s.PerImage.back().PixelAccuracy);
        miou.push_back(s.PerImage.back().MeanIou);
        fw.push_back(s.PerImage.back().FwIou);
        macc.push_back(s.PerImage.back().MeanClassAccuracy);
        mdice.push_back(s.PerImage.back().MeanDice);
    }
    s.MeanPixelAccuracy = MeanOfDefined(pa);
    s.MeanMeanIou = MeanOfDefined(miou);
    s.MeanFwIou = MeanOfDefined(fw);
    s.MeanMeanClassAccuracy = MeanOfDefined(macc);
    s.MeanMeanDice = MeanOfDefined(mdice);
    return s;
}

} // namespace mlviz
