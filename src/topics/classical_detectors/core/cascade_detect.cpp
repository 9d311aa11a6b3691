#include "topics/classical_detectors/core/cascade_detect.h"

#include <algorithm>
#include <cmath>

#include "topics/classical_detectors/core/resize_exact.h"

// Exact agreement with OpenCV needs every float product rounded before the sum (OpenCV's x86-64
// build has no FMA): no contraction into fused multiply-adds. GCC contracts only when FMA is
// enabled (-mfma, -march=native), which the project does not do.
#if defined(__clang__)
#pragma STDC FP_CONTRACT OFF
#endif

namespace mlviz {

namespace {

int RoundF(float v)
{
    return static_cast<int>(std::nearbyint(v));
} // cvRound(float)
int RoundD(double v)
{
    return static_cast<int>(std::nearbyint(v));
} // cvRound(double)

// CALC_SUM_OFS on 32-bit integrals: wrapping differences, read back as int.
inline int SumAt(const std::uint32_t* p, const int* o)
{
    return static_cast<int>(p[o[0]] - p[o[1]] - p[o[2]] + p[o[3]]);
}

// HaarEvaluator::setWindow: false = the window is dropped before stage 0.
inline bool NormFactor(const CascadeLevel& lv, int x, int y, float& factor)
{
    const std::size_t base = static_cast<std::size_t>(y) * lv.Stride + x;
    const int valsum = SumAt(lv.Sum.data() + base, lv.NormOffsets);
    const unsigned valsqsum = static_cast<unsigned>(SumAt(lv.SqSum.data() + base, lv.NormOffsets));
    const double area = lv.NormArea;
    double nf = area * valsqsum - static_cast<double>(valsum) * valsum;
    if (nf > 0.0) {
        nf = std::sqrt(nf);
        factor = static_cast<float>(1.0 / nf);
        return area * factor < 1e-1;
    }
    factor = 1.0f;
    return false;
}

// HaarEvaluator::OptFeature::calc times varianceNormFactor, in float as OpenCV.
inline float FeatureValue(const CascadeOptFeature& f, const std::uint32_t* pwin, float factor)
{
    float ret =
        f.Weights[0] * static_cast<float>(SumAt(pwin, f.Offsets)) + f.Weights[1] * static_cast<float>(SumAt(pwin, f.Offsets + 4));
    if (f.Weights[2] != 0.0f) ret += f.Weights[2] * static_cast<float>(SumAt(pwin, f.Offsets + 8));
    return ret * factor;
}

// predictOrderedStump / predictOrdered: returns the stage reached (== stage count: accepted).
// A float feature value compared with a float threshold gives the same answer as OpenCV's
// comparison after promoting both to double.
template <bool kExplain>
int RunStages(const HaarCascade& c, const CascadeLevel& lv, const std::uint32_t* pwin, float factor, double& sum, int& features,
              std::vector<double>* sums)
{
    const int nstages = static_cast<int>(c.Stages.size());
    const CascadeOptFeature* feats = lv.Features.data();
    for (int si = 0; si < nstages; ++si) {
        const CascadeStage& st = c.Stages[si];
        double tmp = 0.0;
        if (c.StumpsOnly) {
            const CascadeStump* stump = c.Stumps.data() + st.FirstTree;
            for (int t = 0; t < st.TreeCount; ++t, ++stump) {
                const float val = FeatureValue(feats[stump->FeatureIndex], pwin, factor);
                tmp += val < stump->Threshold ? stump->Left : stump->Right;
            }
            features += st.TreeCount;
        } else {
            for (int t = st.FirstTree; t < st.FirstTree + st.TreeCount; ++t) {
                const CascadeTree& tree = c.Trees[t];
                int idx = 0;
                do {
                    const CascadeNode& node = c.Nodes[tree.FirstNode + idx];
                    const float val = FeatureValue(feats[node.FeatureIndex], pwin, factor);
                    ++features;
                    idx = val < node.Threshold ? node.Left : node.Right;
                } while (idx > 0);
                tmp += c.Leaves[tree.FirstLeaf - idx];
            }
        }
        if constexpr (kExplain) sums->push_back(tmp);
        sum = tmp;
        if (tmp < st.Threshold) return si;
    }
    return nstages;
}

} // namespace

Result<std::vector<CascadeScale>> CascadeScales(const HaarCascade& c, int image_w, int image_h, const CascadeOptions& o)
{
    using R = Result<std::vector<CascadeScale>>;
    if (!(o.ScaleFactor >= kCascadeMinScaleFactor && o.ScaleFactor <= kCascadeMaxScaleFactor))
        return R::Fail(
            Msg("масштабный множитель %g вне [%g, %g]", o.ScaleFactor, kCascadeMinScaleFactor, kCascadeMaxScaleFactor));
    if (o.MinNeighbors < 0 || o.MinNeighbors > kCascadeMaxNeighbors)
        return R::Fail(Msg("minNeighbors %d вне [0, %d]", o.MinNeighbors, kCascadeMaxNeighbors));
    if (o.MinWidth < 0 || o.MinHeight < 0 || o.MaxWidth < 0 || o.MaxHeight < 0 || o.MinWidth > kClassicalMaxSide ||
        o.MinHeight > kClassicalMaxSide || o.MaxWidth > kClassicalMaxSide || o.MaxHeight > kClassicalMaxSide)
        return R::Fail(Msg("минимальный и максимальный размеры окна должны быть от 0 до %d", kClassicalMaxSide));
    if (image_w < 1 || image_h < 1 || image_w > kClassicalMaxSide || image_h > kClassicalMaxSide)
        return R::Fail(Msg("изображение %dx%d: стороны должны быть от 1 до %d пикселей", image_w, image_h, kClassicalMaxSide));
    if (c.WindowWidth < 1 || c.Stages.empty()) return R::Fail(Msg("каскад пуст"));
    std::vector<CascadeScale> out;
    const int W = c.WindowWidth, H = c.WindowHeight;
    if (image_h < H || image_w < W) return out;
    int max_w = o.MaxWidth, max_h = o.MaxHeight;
    if (max_w == 0 || max_h == 0) max_w = image_w, max_h = image_h;

    std::vector<float> all, scales;
    for (double factor = 1.0;; factor *= o.ScaleFactor) {
        if (RoundD(W * factor) > image_w || RoundD(H * factor) > image_h) break;
        all.push_back(static_cast<float>(factor));
    }
    for (float f : all) {
        const int ww = RoundF(W * f), wh = RoundF(H * f);
        if (ww > max_w || wh > max_h) break;
        if (ww < o.MinWidth || wh < o.MinHeight) continue;
        scales.push_back(f);
    }
    if (scales.empty() && !all.empty()) { // minSize == maxSize off the grid: the closest scale
        std::size_t best = 0;
        std::vector<double> d(all.size());
        for (std::size_t v = 0; v < all.size(); ++v) {
            const int ww = RoundF(W * all[v]), wh = RoundF(H * all[v]);
            d[v] = (o.MinWidth - ww) * (o.MinWidth - ww) + (o.MinHeight - wh) * (o.MinHeight - wh);
            if (d[best] > d[v]) best = v;
        }
        scales.push_back(all[best]);
    }
    int nstripes = 1;
    for (std::size_t i = 0; i < scales.size(); ++i) {
        CascadeScale s;
        s.Scale = scales[i];
        s.Width = RoundF(static_cast<float>(image_w) / s.Scale);
        s.Height = RoundF(static_cast<float>(image_h) / s.Scale);
        s.Step = s.Scale >= 2.0f ? 1 : 2;
        s.WindowW = RoundF(W * s.Scale);
        s.WindowH = RoundF(H * s.Scale);
        const int szw_w = std::max(s.Width + 1 - W, 0), szw_h = std::max(s.Height + 1 - H, 0);
        if (i == 0) nstripes = static_cast<int>(std::ceil(szw_w / 32.0));
        const int stripe = std::max((szw_h / s.Step + nstripes - 1) / std::max(nstripes, 1), 1) * s.Step;
        const int y_end = std::min(nstripes * stripe, szw_h);
        s.GridW = (szw_w + s.Step - 1) / s.Step;
        s.GridH = (y_end + s.Step - 1) / s.Step;
        out.push_back(s);
    }
    return out;
}

long long CascadeWindowCount(const std::vector<CascadeScale>& scales)
{
    long long n = 0;
    for (const CascadeScale& s : scales) n += static_cast<long long>(s.GridW) * s.GridH;
    return n;
}

Result<CascadeLevel> PrepareCascadeLevel(const HaarCascade& c, const GreyImage& grey, const CascadeScale& scale)
{
    auto resized = ResizeLinearExact(grey, scale.Width, scale.Height);
    if (!resized) return Result<CascadeLevel>::Fail(resized.Error());
    CascadeLevel lv;
    lv.Scale = scale;
    lv.Pixels = std::move(resized.Value());
    lv.Stride = scale.Width + 1;
    const std::size_t cells = static_cast<std::size_t>(lv.Stride) * (scale.Height + 1);
    lv.Sum.assign(cells, 0);
    lv.SqSum.assign(cells, 0);
    for (int y = 0; y < scale.Height; ++y) {
        const std::uint8_t* row = lv.Pixels.Row(y);
        std::uint32_t* s = lv.Sum.data() + static_cast<std::size_t>(y + 1) * lv.Stride;
        std::uint32_t* sq = lv.SqSum.data() + static_cast<std::size_t>(y + 1) * lv.Stride;
        std::uint32_t run = 0, run_sq = 0;
        for (int x = 0; x < scale.Width; ++x) {
            run += row[x];
            run_sq += static_cast<std::uint32_t>(row[x]) * row[x];
            s[x + 1] = s[x + 1 - lv.Stride] + run;
            sq[x + 1] = sq[x + 1 - lv.Stride] + run_sq;
        }
    }
    auto corners = [&](int x, int y, int w, int h, int* o) {
        o[0] = x + lv.Stride * y;
        o[1] = x + w + lv.Stride * y;
        o[2] = x + lv.Stride * (y + h);
        o[3] = x + w + lv.Stride * (y + h);
    };
    lv.Features.resize(c.Features.size());
    for (std::size_t f = 0; f < c.Features.size(); ++f)
        for (int r = 0; r < 3; ++r) {
            const CascadeRect& cr = c.Features[f].Rects[r];
            corners(cr.X, cr.Y, cr.W, cr.H, lv.Features[f].Offsets + r * 4);
            lv.Features[f].Weights[r] = cr.Weight;
        }
    corners(1, 1, c.WindowWidth - 2, c.WindowHeight - 2, lv.NormOffsets);
    lv.NormArea = (c.WindowWidth - 2) * (c.WindowHeight - 2);
    return lv;
}

WindowOutcome EvaluateWindow(const HaarCascade& c, const CascadeLevel& lv, int x, int y)
{
    WindowOutcome out;
    if (x < 0 || y < 0 || x + c.WindowWidth >= lv.Scale.Width + 1 || y + c.WindowHeight >= lv.Scale.Height + 1) return out;
    if (!NormFactor(lv, x, y, out.NormFactor)) return out;
    const std::uint32_t* pwin = lv.Sum.data() + static_cast<std::size_t>(y) * lv.Stride + x;
    out.Stage = RunStages<false>(c, lv, pwin, out.NormFactor, out.Sum, out.Features, nullptr);
    return out;
}

WindowExplanation ExplainWindow(const HaarCascade& c, const CascadeLevel& lv, int x, int y)
{
    WindowExplanation e;
    if (x < 0 || y < 0 || x + c.WindowWidth >= lv.Scale.Width + 1 || y + c.WindowHeight >= lv.Scale.Height + 1) return e;
    const std::size_t base = static_cast<std::size_t>(y) * lv.Stride + x;
    const double s = SumAt(lv.Sum.data() + base, lv.NormOffsets);
    const double sq = static_cast<unsigned>(SumAt(lv.SqSum.data() + base, lv.NormOffsets));
    e.Mean = s / lv.NormArea;
    e.StdDev = std::sqrt(std::max(0.0, sq / lv.NormArea - e.Mean * e.Mean));
    if (!NormFactor(lv, x, y, e.Outcome.NormFactor)) return e;
    e.Outcome.Stage =
        RunStages<true>(c, lv, lv.Sum.data() + base, e.Outcome.NormFactor, e.Outcome.Sum, e.Outcome.Features, &e.StageSums);
    for (std::size_t i = 0; i < e.StageSums.size(); ++i) e.StageThresholds.push_back(c.Stages[i].Threshold);
    return e;
}

Result<CascadeDetectJob> CascadeDetectJob::Start(std::shared_ptr<const HaarCascade> cascade, const GreyImage& grey,
                                                 const CascadeOptions& options)
{
    if (!cascade) return Result<CascadeDetectJob>::Fail(Msg("каскад не загружен"));
    if (auto ok = ValidateGreyImage(grey); !ok) return Result<CascadeDetectJob>::Fail(ok.Error());
    auto scales = CascadeScales(*cascade, grey.Width, grey.Height, options);
    if (!scales) return Result<CascadeDetectJob>::Fail(scales.Error());
    const long long windows = CascadeWindowCount(scales.Value());
    if (windows > kCascadeMaxWindows)
        return Result<CascadeDetectJob>::Fail(
            Msg("каскад: %d окон — больше %d; увеличьте масштабный множитель или уменьшите изображение", windows,
                kCascadeMaxWindows));
    CascadeDetectJob job;
    job.Cascade_ = std::move(cascade);
    job.Grey_ = grey;
    job.Options_ = options;
    job.Scales_ = std::move(scales.Value());
    job.Det_.StageRejections.assign(job.Cascade_->Stages.size(), 0);
    for (const CascadeScale& s : job.Scales_) {
        CascadeLevelRecord rec;
        rec.Scale = s;
        rec.Stage.assign(static_cast<std::size_t>(s.GridW) * s.GridH, static_cast<std::int16_t>(kWindowSkipped));
        rec.Sum.assign(rec.Stage.size(), 0.0f);
        job.WindowsTotal_ += static_cast<long long>(rec.Stage.size());
        job.Det_.Levels.push_back(std::move(rec));
    }
    if (job.Scales_.empty()) {
        job.Regroup(options.MinNeighbors);
        job.Done_ = true;
    }
    return job;
}

double CascadeDetectJob::Progress() const
{
    if (Done_) return 1.0;
    return WindowsTotal_ > 0 ? static_cast<double>(WindowsDone_) / static_cast<double>(WindowsTotal_) : 0.0;
}

void CascadeDetectJob::Step(long long budget)
{
    const HaarCascade& c = *Cascade_;
    const int nstages = static_cast<int>(c.Stages.size());
    long long spent = 0;
    while (!Done_ && spent < std::max(1LL, budget)) {
        if (LevelIndex_ >= static_cast<int>(Scales_.size())) {
            Regroup(Options_.MinNeighbors);
            Level_.reset();
            Done_ = true;
            break;
        }
        const CascadeScale& s = Scales_[LevelIndex_];
        if (!Level_) {
            auto lv = PrepareCascadeLevel(c, Grey_, s);
            if (!lv) { // cannot happen for scales from CascadeScales; end cleanly anyway
                LevelIndex_ = static_cast<int>(Scales_.size());
                continue;
            }
            Level_ = std::move(lv.Value());
            Row_ = 0;
            spent += static_cast<long long>(s.Width) * s.Height / 2;
            continue;
        }
        if (Row_ >= s.GridH) {
            Level_.reset();
            ++LevelIndex_;
            continue;
        }
        CascadeLevelRecord& rec = Det_.Levels[LevelIndex_];
        const int y = Row_ * s.Step;
        for (int gx = 0; gx < s.GridW; ++gx) {
            const WindowOutcome w = EvaluateWindow(c, *Level_, gx * s.Step, y);
            const std::size_t cell = static_cast<std::size_t>(Row_) * s.GridW + gx;
            rec.Stage[cell] = static_cast<std::int16_t>(w.Stage);
            rec.Sum[cell] = static_cast<float>(w.Sum);
            spent += w.Features + 1;
            Det_.FeatureEvaluations += w.Features;
            ++Det_.EvaluatedWindows;
            if (w.Stage == kWindowFlat)
                ++Det_.FlatWindows;
            else if (w.Stage < nstages)
                ++Det_.StageRejections[w.Stage];
            else {
                const int x = gx * s.Step;
                Det_.Candidates.push_back(
                    {{RoundF(x * s.Scale), RoundF(y * s.Scale), s.WindowW, s.WindowH}, LevelIndex_, gx, Row_});
            }
            if (w.Stage == 0 && gx + 1 < s.GridW) { // OpenCV skips the next x after a stage-0 rejection
                ++gx;
                ++Det_.SkippedWindows;
            }
        }
        WindowsDone_ += s.GridW;
        ++Row_;
    }
}

void ClipObjects(int image_w, int image_h, std::vector<IntRect>& boxes, std::vector<int>* neighbors)
{
    std::size_t j = 0;
    for (std::size_t i = 0; i < boxes.size(); ++i) {
        const IntRect& b = boxes[i];
        const int x0 = std::max(b.X, 0), y0 = std::max(b.Y, 0);
        const int x1 = std::min(b.X + b.W, image_w), y1 = std::min(b.Y + b.H, image_h);
        if (x1 <= x0 || y1 <= y0) continue;
        boxes[j] = {x0, y0, x1 - x0, y1 - y0};
        if (neighbors) (*neighbors)[j] = (*neighbors)[i];
        ++j;
    }
    boxes.resize(j);
    if (neighbors) neighbors->resize(j);
}

void CascadeDetectJob::Regroup(int min_neighbors)
{
    Options_.MinNeighbors = std::clamp(min_neighbors, 0, kCascadeMaxNeighbors);
    std::vector<IntRect> boxes;
    boxes.reserve(Det_.Candidates.size());
    for (const CascadeCandidate& cd : Det_.Candidates) boxes.push_back(cd.Box);
    Det_.Groups = GroupRectangles(boxes, Options_.MinNeighbors, 0.2);
    Det_.Objects = Det_.Groups.Rects;
    Det_.ObjectNeighbors = Det_.Groups.Neighbors;
    ClipObjects(Grey_.Width, Grey_.Height, Det_.Objects, &Det_.ObjectNeighbors);
}

} // namespace mlviz
