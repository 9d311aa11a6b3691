// COCOeval.evaluate(): IoUs per (image, category) (maskApi.c's bbIou / rleIou) and the greedy
// matching of evaluateImg, spread over Step() calls. Accumulation is in coco_accumulate.cpp.
#include <algorithm>
#include <cmath>
#include <map>
#include <numeric>

#include "topics/segmentation/core/coco.h"
#include "topics/segmentation/core/coco_internal.h"

namespace mlviz {

namespace {

double BoxIou(const std::array<double, 4>& d, const std::array<double, 4>& g, bool crowd)
{
    // maskApi.c bbIou, same operation order.
    const double ga = g[2] * g[3], da = d[2] * d[3];
    const double w = std::fmin(d[2] + d[0], g[2] + g[0]) - std::fmax(d[0], g[0]);
    if (w <= 0) return 0.0;
    const double h = std::fmin(d[3] + d[1], g[3] + g[1]) - std::fmax(d[1], g[1]);
    if (h <= 0) return 0.0;
    const double i = w * h;
    const double u = crowd ? da : da + ga - i;
    return i / u;
}

double MaskIou(const CocoMask& d, const CocoMask& g, const CocoMaskStats& ds, const CocoMaskStats& gs, bool crowd)
{
    // rleIou: cell counts; no overlap -> 0; crowd -> intersection / area(dt).
    const int x0 = std::max(ds.X0, gs.X0), x1 = std::min(ds.X1, gs.X1);
    const int y0 = std::max(ds.Y0, gs.Y0), y1 = std::min(ds.Y1, gs.Y1);
    std::int64_t inter = 0;
    for (int y = y0; y <= y1; ++y) {
        const std::uint8_t* a = d.Cells.data() + static_cast<std::size_t>(y) * d.Width;
        const std::uint8_t* b = g.Cells.data() + static_cast<std::size_t>(y) * g.Width;
        for (int x = x0; x <= x1; ++x) inter += (a[x] != 0) & (b[x] != 0);
    }
    if (inter == 0) return 0.0;
    const std::int64_t u = crowd ? ds.Area : ds.Area + gs.Area - inter;
    return static_cast<double>(inter) / static_cast<double>(u);
}

} // namespace

CocoMaskStats CocoMaskStatsOf(const CocoMask& m)
{
    CocoMaskStats s{m.Width, m.Height, -1, -1, 0};
    for (int y = 0; y < m.Height; ++y)
        for (int x = 0; x < m.Width; ++x) {
            if (!m.Cells[static_cast<std::size_t>(y) * m.Width + x]) continue;
            ++s.Area;
            s.X0 = std::min(s.X0, x), s.Y0 = std::min(s.Y0, y), s.X1 = std::max(s.X1, x), s.Y1 = std::max(s.Y1, y);
        }
    return s;
}

Message ValidateCocoInput(const CocoInput& in)
{
    if (!(in.MaskCellArea > 0.0 && in.MaskCellArea <= kCocoMaxCellArea))
        return Msg("поле '%s' должно быть в (%g, %g]", "mask_cell_area", 0.0, kCocoMaxCellArea);
    if (in.Gt.size() + in.Dt.size() > kCocoMaxAnnotations)
        return Msg("больше %d аннотаций и детекций вместе", static_cast<int>(kCocoMaxAnnotations));
    std::map<int, std::pair<int, int>> image_size;
    const bool segm = in.Type == CocoIouType::Segm;
    for (int pass = 0; pass < 2; ++pass) {
        const auto& list = pass == 0 ? in.Gt : in.Dt;
        const char* what = pass == 0 ? "gt" : "dt";
        for (std::size_t n = 0; n < list.size(); ++n) {
            const CocoAnnotation& a = list[n];
            const std::string ctx = std::string(what) + "[" + std::to_string(n) + "]";
            if (!segm) {
                for (double v : a.Bbox)
                    if (!std::isfinite(v) || std::fabs(v) > 1e9)
                        return WithContext(Msg("координаты рамки должны быть конечными и не больше 1e9 по модулю"), ctx);
                if (a.Bbox[2] < 0 || a.Bbox[3] < 0) return WithContext(Msg("ширина и высота рамки должны быть >= 0"), ctx);
            } else {
                if (a.Mask < 0 || a.Mask >= static_cast<int>(in.Masks.size())) return WithContext(Msg("нет маски"), ctx);
                const CocoMask& m = in.Masks[a.Mask];
                if (m.Width < 1 || m.Height < 1 || static_cast<std::size_t>(m.Width) * m.Height > kCocoMaxMaskCells ||
                    m.Cells.size() != static_cast<std::size_t>(m.Width) * m.Height)
                    return WithContext(
                        Msg("размер маски вне допустимого (не больше %d клеток)", static_cast<int>(kCocoMaxMaskCells)), ctx);
                const auto [it, fresh] = image_size.emplace(a.ImageId, std::make_pair(m.Width, m.Height));
                if (!fresh && it->second != std::make_pair(m.Width, m.Height))
                    return WithContext(Msg("маски одного изображения %d разного размера", a.ImageId), ctx);
            }
            if (a.Area && (!std::isfinite(*a.Area) || *a.Area < 0))
                return WithContext(Msg("площадь должна быть конечной и >= 0"), ctx);
            if (pass == 1 && !std::isfinite(a.Score)) return WithContext(Msg("оценка (score) должна быть конечной"), ctx);
        }
    }
    return {};
}

Result<CocoEvaluation> CocoEvaluation::Start(CocoInput input)
{
    using R = Result<CocoEvaluation>;
    if (Message why = ValidateCocoInput(input); !why.Empty()) return R::Fail(why);
    CocoEvaluation ev;
    CocoEvalResult& out = ev.Out_;
    for (const auto* list : {&input.Gt, &input.Dt})
        for (const CocoAnnotation& a : *list) {
            out.ImageIds.push_back(a.ImageId);
            out.CategoryIds.push_back(a.CategoryId);
        }
    for (auto* ids : {&out.ImageIds, &out.CategoryIds}) {
        std::sort(ids->begin(), ids->end());
        ids->erase(std::unique(ids->begin(), ids->end()), ids->end());
    }
    const std::size_t I = out.ImageIds.size(), K = out.CategoryIds.size();
    // pycocotools keeps a record per (category, area range, image): bound their number.
    if (K * I > kCocoMaxImageCategoryPairs)
        return R::Fail(Msg("слишком много пар изображение × категория (%d × %d, можно не больше %d)", static_cast<int>(I),
                           static_cast<int>(K), static_cast<int>(kCocoMaxImageCategoryPairs)));
    auto pos = [](const std::vector<int>& ids, int v) {
        return static_cast<std::size_t>(std::lower_bound(ids.begin(), ids.end(), v) - ids.begin());
    };
    ev.GtOf_.assign(K * I, {});
    ev.DtOf_.assign(K * I, {});
    for (std::size_t n = 0; n < input.Gt.size(); ++n)
        ev.GtOf_[pos(out.CategoryIds, input.Gt[n].CategoryId) * I + pos(out.ImageIds, input.Gt[n].ImageId)].push_back(
            static_cast<int>(n));
    for (std::size_t n = 0; n < input.Dt.size(); ++n)
        ev.DtOf_[pos(out.CategoryIds, input.Dt[n].CategoryId) * I + pos(out.ImageIds, input.Dt[n].ImageId)].push_back(
            static_cast<int>(n));

    const bool segm = input.Type == CocoIouType::Segm;
    ev.Stats_.resize(input.Masks.size());
    if (segm)
        for (std::size_t n = 0; n < input.Masks.size(); ++n) ev.Stats_[n] = CocoMaskStatsOf(input.Masks[n]);
    // COCO areas: a GT's own "area" (default: its mask cells or w*h); detections as loadRes sets them.
    for (const auto* list : {&input.Gt, &input.Dt})
        for (const CocoAnnotation& a : *list) {
            const double computed =
                segm ? static_cast<double>(ev.Stats_[a.Mask].Area) * input.MaskCellArea : a.Bbox[2] * a.Bbox[3];
            ev.Area_.push_back(list == &input.Gt && a.Area ? *a.Area : computed);
        }
    double work = 0.0;
    for (std::size_t j = 0; j < K * I; ++j) {
        const double d = static_cast<double>(std::min<std::size_t>(ev.DtOf_[j].size(), 100));
        const double cells =
            segm && !ev.GtOf_[j].empty() ? static_cast<double>(input.Masks[input.Gt[ev.GtOf_[j][0]].Mask].Cells.size()) : 1.0;
        work += d * static_cast<double>(ev.GtOf_[j].size()) * (cells + 4.0 * kCocoT);
    }
    if (work > kCocoMaxWork)
        return R::Fail(Msg("слишком много пар детекция–разметка для сравнения (оценка работы %g > %g)", work, kCocoMaxWork));
    out.Ious.assign(K * I, {});
    out.EvalImages.assign(K * kCocoA * I, {});
    ev.In_ = std::move(input);
    return ev;
}

double CocoEvaluation::Progress() const
{
    if (Done_) return 1.0;
    return GtOf_.empty() ? 0.0 : static_cast<double>(Next_) / static_cast<double>(GtOf_.size());
}

void CocoEvaluation::Step(double budget)
{
    const std::size_t I = Out_.ImageIds.size();
    const bool segm = In_.Type == CocoIouType::Segm;
    double spent = 0.0;
    while (!Done_ && Next_ < GtOf_.size() && (spent == 0.0 || spent < budget)) {
        const std::size_t k = Next_ / I, i = Next_ % I;
        const std::vector<int>& gts = GtOf_[Next_];
        std::vector<int> dts = DtOf_[Next_];
        CocoIouMatrix& iou = Out_.Ious[Next_];
        iou.ImageId = Out_.ImageIds[i];
        iou.CategoryId = Out_.CategoryIds[k];
        // computeIoU: detections by score, stable (mergesort), at most maxDets[-1].
        std::stable_sort(dts.begin(), dts.end(), [&](int a, int b) { return In_.Dt[a].Score > In_.Dt[b].Score; });
        if (dts.size() > 100) dts.resize(100);
        for (int d : dts) iou.DtIds.push_back(d + 1);
        for (int g : gts) iou.GtIds.push_back(g + 1);
        iou.Iou.assign(dts.size() * gts.size(), 0.0);
        for (std::size_t d = 0; d < dts.size(); ++d)
            for (std::size_t g = 0; g < gts.size(); ++g) {
                const CocoAnnotation& da = In_.Dt[dts[d]];
                const CocoAnnotation& ga = In_.Gt[gts[g]];
                iou.Iou[d * gts.size() + g] = segm
                    ? MaskIou(In_.Masks[da.Mask], In_.Masks[ga.Mask], Stats_[da.Mask], Stats_[ga.Mask], ga.Crowd)
                    : BoxIou(da.Bbox, ga.Bbox, ga.Crowd);
            }
        std::vector<CocoMatchInput> gin, din;
        for (int g : gts) gin.push_back({g + 1, Area_[g], In_.Gt[g].Crowd, 0.0});
        for (int d : dts) din.push_back({d + 1, Area_[In_.Gt.size() + d], false, In_.Dt[d].Score});
        for (int a = 0; a < kCocoA; ++a) {
            CocoEvalImage& e = Out_.EvalImages[(k * kCocoA + a) * I + i];
            if (gts.empty() && dts.empty()) continue;
            e = EvaluateImage(gin, din, iou.Iou, CocoAreaRanges()[a], CocoIouThresholds());
            e.ImageId = iou.ImageId, e.CategoryId = iou.CategoryId, e.Area = a;
        }
        spent += static_cast<double>(dts.size() * gts.size()) * (segm ? 64.0 : 1.0) + 1.0;
        ++Next_;
    }
    if (!Done_ && Next_ >= GtOf_.size()) {
        Accumulate(Out_);
        Done_ = true;
    }
}

CocoPrCurve CocoEvaluation::CurveAt(double threshold, int k, int a, int m) const
{
    const int K = static_cast<int>(Out_.CategoryIds.size()), I = static_cast<int>(Out_.ImageIds.size());
    if (!Done_ || k < 0 || k >= K || a < 0 || a >= kCocoA || m < 0 || m >= kCocoM || !(threshold >= 0.0 && threshold <= 1.0))
        return {};
    const double thresholds[1] = {threshold};
    std::vector<CocoEvalImage> records(static_cast<std::size_t>(I));
    std::vector<const CocoEvalImage*> images;
    for (int i = 0; i < I; ++i) {
        const CocoEvalImage& stored = Out_.EvalImage(k, a, i);
        if (stored.Present) {
            // The stored IoUs and the same inputs Step() built: GT in input order, detections by score.
            const CocoIouMatrix& iou = Out_.Ious[static_cast<std::size_t>(k) * I + i];
            std::vector<CocoMatchInput> gin, din;
            for (int id : iou.GtIds) gin.push_back({id, Area_[id - 1], In_.Gt[id - 1].Crowd, 0.0});
            for (int id : iou.DtIds) din.push_back({id, Area_[In_.Gt.size() + id - 1], false, In_.Dt[id - 1].Score});
            records[i] = EvaluateImage(gin, din, iou.Iou, CocoAreaRanges()[a], thresholds);
            records[i].ImageId = stored.ImageId, records[i].CategoryId = stored.CategoryId, records[i].Area = a;
        }
        images.push_back(&records[i]);
    }
    return CurveOfImages(images, CocoMaxDets()[m], 0);
}

Result<CocoEvalResult> EvaluateCoco(CocoInput input)
{
    auto ev = CocoEvaluation::Start(std::move(input));
    if (!ev) return Result<CocoEvalResult>::Fail(ev.Error());
    while (!ev->Done()) (*ev).Step(1e18);
    return ev->Output();
}

} // namespace mlviz
