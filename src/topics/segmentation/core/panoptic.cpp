// Panoptic quality, transcribed from the definition in panopticapi's pq_compute_single_core and
// PQStat.pq_average (see panoptic.h for the rules).
#include "topics/segmentation/core/panoptic.h"

#include <algorithm>
#include <map>
#include <unordered_map>

namespace mlviz {

namespace {

struct SegmentTable {
    std::unordered_map<int, int> Index; // id -> position in the segment list
    std::vector<std::int64_t> Area;
};

Message CheckMap(const char* what, const PanopticMap& m, const std::unordered_map<int, bool>& known, SegmentTable& t)
{
    if (m.Width < 1 || m.Height < 1 || static_cast<std::size_t>(m.Width) * m.Height > kPanopticMaxPixels)
        return Msg("%s: размер %dx%d вне допустимого", what, m.Width, m.Height);
    if (m.Ids.size() != static_cast<std::size_t>(m.Width) * m.Height)
        return Msg("%s: число меток не равно ширине на высоту", what);
    if (m.Segments.size() > kPanopticMaxSegments)
        return Msg("%s: больше %d сегментов", what, static_cast<int>(kPanopticMaxSegments));
    for (std::size_t k = 0; k < m.Segments.size(); ++k) {
        const PanopticSegment& s = m.Segments[k];
        if (s.Id <= 0) return Msg("%s: id сегмента %d должен быть > 0 (0 = пустота)", what, s.Id);
        if (!t.Index.emplace(s.Id, static_cast<int>(k)).second) return Msg("%s: id сегмента %d повторяется", what, s.Id);
        if (!known.count(s.Category)) return Msg("%s: у сегмента %d неизвестная категория %d", what, s.Id, s.Category);
    }
    t.Area.assign(m.Segments.size(), 0);
    for (std::size_t i = 0; i < m.Ids.size(); ++i) {
        const int id = m.Ids[i];
        if (id == 0) continue;
        const auto it = t.Index.find(id);
        if (it == t.Index.end()) return Msg("%s: сегмент %d есть на карте, но не в списке сегментов", what, id);
        ++t.Area[it->second];
    }
    for (std::size_t k = 0; k < m.Segments.size(); ++k)
        if (t.Area[k] == 0) return Msg("%s: сегмент %d есть в списке, но не на карте", what, m.Segments[k].Id);
    return {};
}

struct ClassAccum {
    int Tp = 0, Fp = 0, Fn = 0;
    double Iou = 0.0;
};

PanopticSummary Average(const std::vector<PanopticClassStat>& stats, int want) // want: -1 all, 1 things, 0 stuff
{
    PanopticSummary s;
    double pq = 0.0, sq = 0.0, rq = 0.0;
    for (const PanopticClassStat& c : stats) {
        if (want >= 0 && c.IsThing != (want == 1)) continue;
        if (!c.Pq) continue;
        ++s.N;
        pq += *c.Pq;
        sq += *c.Sq;
        rq += *c.Rq;
    }
    if (s.N > 0) s.Pq = pq / s.N, s.Sq = sq / s.N, s.Rq = rq / s.N;
    return s;
}

} // namespace

Result<PanopticResult> ComputePanopticQuality(std::span<const PanopticImagePair> images,
                                              std::span<const PanopticCategory> categories)
{
    using R = Result<PanopticResult>;
    std::unordered_map<int, bool> known;
    for (const PanopticCategory& c : categories)
        if (!known.emplace(c.Id, c.IsThing).second) return R::Fail(Msg("категория %d повторяется", c.Id));
    std::unordered_map<int, ClassAccum> acc;
    PanopticResult out;
    for (std::size_t n = 0; n < images.size(); ++n) {
        const PanopticMap& gt = *images[n].Gt;
        const PanopticMap& pred = *images[n].Pred;
        const std::string ctx = "image " + std::to_string(n);
        SegmentTable gt_t, pred_t;
        if (Message why = CheckMap("gt", gt, known, gt_t); !why.Empty()) return R::Fail(WithContext(why, ctx));
        if (Message why = CheckMap("pred", pred, known, pred_t); !why.Empty()) return R::Fail(WithContext(why, ctx));
        if (gt.Width != pred.Width || gt.Height != pred.Height)
            return R::Fail(WithContext(
                Msg("размеры разметки %dx%d и предсказания %dx%d не совпадают", gt.Width, gt.Height, pred.Width, pred.Height),
                ctx));

        // Intersections of (gt id, pred id), ascending as panopticapi's np.unique gives them.
        std::map<std::pair<int, int>, std::int64_t> inter;
        for (std::size_t i = 0; i < gt.Ids.size(); ++i) ++inter[{gt.Ids[i], pred.Ids[i]}];
        auto void_of = [&](int pred_id) {
            const auto it = inter.find({0, pred_id});
            return it == inter.end() ? std::int64_t(0) : it->second;
        };

        PanopticImageResult img;
        std::vector<char> gt_matched(gt.Segments.size(), 0), pred_matched(pred.Segments.size(), 0);
        for (const auto& [key, count] : inter) {
            const auto [g_id, p_id] = key;
            if (g_id == 0 || p_id == 0) continue;
            const int gi = gt_t.Index.at(g_id), pi = pred_t.Index.at(p_id);
            const PanopticSegment& g = gt.Segments[gi];
            const PanopticSegment& p = pred.Segments[pi];
            if (g.Crowd || g.Category != p.Category) continue;
            const double uni = static_cast<double>(pred_t.Area[pi] + gt_t.Area[gi] - count - void_of(p_id));
            const PanopticPair pair{g_id, p_id, g.Category, count, static_cast<double>(count) / uni};
            img.Candidates.push_back(pair);
            if (pair.Iou > 0.5) {
                acc[g.Category].Tp += 1;
                acc[g.Category].Iou += pair.Iou;
                gt_matched[gi] = pred_matched[pi] = 1;
                img.Tp.push_back(pair);
            }
        }
        std::unordered_map<int, int> crowd_of_category;
        for (std::size_t k = 0; k < gt.Segments.size(); ++k) {
            const PanopticSegment& g = gt.Segments[k];
            if (gt_matched[k]) continue;
            if (g.Crowd) {
                crowd_of_category[g.Category] = g.Id;
                img.CrowdGt.push_back(g.Id);
                continue;
            }
            acc[g.Category].Fn += 1;
            img.Fn.push_back(g.Id);
        }
        for (std::size_t k = 0; k < pred.Segments.size(); ++k) {
            const PanopticSegment& p = pred.Segments[k];
            if (pred_matched[k]) continue;
            std::int64_t on_void = void_of(p.Id);
            if (const auto c = crowd_of_category.find(p.Category); c != crowd_of_category.end())
                if (const auto it = inter.find({c->second, p.Id}); it != inter.end()) on_void += it->second;
            const double fraction = static_cast<double>(on_void) / static_cast<double>(pred_t.Area[k]);
            if (fraction > 0.5) {
                img.IgnoredPred.push_back({p.Id, fraction});
                continue;
            }
            acc[p.Category].Fp += 1;
            img.Fp.push_back(p.Id);
        }
        out.Images.push_back(std::move(img));
    }

    for (const PanopticCategory& c : categories) {
        PanopticClassStat s;
        s.Category = c.Id;
        s.IsThing = c.IsThing;
        if (const auto it = acc.find(c.Id); it != acc.end()) {
            s.Tp = it->second.Tp, s.Fp = it->second.Fp, s.Fn = it->second.Fn, s.IouSum = it->second.Iou;
            if (s.Tp + s.Fp + s.Fn > 0) {
                const double den = s.Tp + 0.5 * s.Fp + 0.5 * s.Fn;
                s.Pq = s.IouSum / den;
                s.Sq = s.Tp != 0 ? s.IouSum / s.Tp : 0.0;
                s.Rq = s.Tp / den;
            }
        }
        out.PerClass.push_back(s);
    }
    out.All = Average(out.PerClass, -1);
    out.Things = Average(out.PerClass, 1);
    out.Stuff = Average(out.PerClass, 0);
    return out;
}

std::vector<PanopticCategory> ScenePanopticCategories()
{
    std::vector<PanopticCategory> c;
    for (int k = 0; k < kSegNumClasses; ++k) c.push_back({k, SegIsThing(k)});
    return c;
}

} // namespace mlviz
