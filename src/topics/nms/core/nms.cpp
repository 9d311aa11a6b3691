#include "topics/nms/core/nms.h"

#include <algorithm>
#include <cmath>
#include <cstdint>
#include <numeric>

#include "core/message.h"

namespace mlviz {

namespace {

constexpr std::string_view kMethodNames[] = {"greedy", "soft-linear", "soft-gaussian", "diou"};

float TorchvisionArea(const Box& b)
{
    return (b.X2 - b.X1) * (b.Y2 - b.Y1);
}

// The kernel's inner loop, operand order included: float rounding decides ties at the threshold.
inline float KernelIoU(float ix1, float iy1, float ix2, float iy2, float iarea, float jx1, float jy1, float jx2, float jy2,
                       float jarea)
{
    const float xx1 = std::max(ix1, jx1);
    const float yy1 = std::max(iy1, jy1);
    const float xx2 = std::min(ix2, jx2);
    const float yy2 = std::min(iy2, jy2);
    const float w = std::max(0.0f, xx2 - xx1);
    const float h = std::max(0.0f, yy2 - yy1);
    const float inter = w * h;
    return inter / (iarea + jarea - inter);
}

// Boxes of one class in score order, as structure-of-arrays so the inner loop streams memory.
struct Candidates {
    std::vector<float> X1, Y1, X2, Y2, Area;
    std::vector<int> Index;

    void Add(const Box& b, int index)
    {
        X1.push_back(b.X1);
        Y1.push_back(b.Y1);
        X2.push_back(b.X2);
        Y2.push_back(b.Y2);
        Area.push_back(TorchvisionArea(b));
        Index.push_back(index);
    }
};

// Greedy NMS over candidates already in score order. Survivors are compacted in place after each
// kept box, so every later pass reads only live boxes (torchvision rescans suppressed ones).
void GreedyCompacting(Candidates& c, double iou_threshold, std::vector<int>& keep_positions)
{
    std::size_t count = c.Index.size();
    float* x1 = c.X1.data();
    float* y1 = c.Y1.data();
    float* x2 = c.X2.data();
    float* y2 = c.Y2.data();
    float* area = c.Area.data();
    int* index = c.Index.data();
    for (std::size_t head = 0; head < count; ++head) {
        keep_positions.push_back(index[head]);
        const float ix1 = x1[head], iy1 = y1[head], ix2 = x2[head], iy2 = y2[head], ia = area[head];
        std::size_t w = head + 1;
        for (std::size_t r = head + 1; r < count; ++r) {
            const float ovr = KernelIoU(ix1, iy1, ix2, iy2, ia, x1[r], y1[r], x2[r], y2[r], area[r]);
            // Branch-free compaction: always copy, advance only when the box survives.
            x1[w] = x1[r];
            y1[w] = y1[r];
            x2[w] = x2[r];
            y2[w] = y2[r];
            area[w] = area[r];
            index[w] = index[r];
            w += !(static_cast<double>(ovr) > iou_threshold);
        }
        count = w;
    }
}

// Greedy NMS with a uniform grid: with a threshold >= 0 only boxes that intersect can suppress
// each other (IoU of disjoint boxes is 0 or NaN), so each kept box tests only the boxes sharing a
// grid cell with it instead of every later box. Same decisions, same IoU arithmetic, same order
// as the full scan, so the result is still torchvision's; the cost drops from O(n * kept) to
// about O(n * neighbours).
class GridNms {
public:
    // Falls back (returns false) when the grid would not help or the boxes are not finite.
    bool Run(std::span<const Box> boxes, std::span<const int> order, std::span<const int> classes, double thr,
             std::vector<int>& keep)
    {
        const std::size_t n = order.size();
        if (n < 256 || !(thr >= 0.0)) return false;
        double min_x = INFINITY, min_y = INFINITY, max_x = -INFINITY, max_y = -INFINITY, area_sum = 0.0;
        for (const Box& b : boxes) {
            if (!std::isfinite(b.X1) || !std::isfinite(b.Y1) || !std::isfinite(b.X2) || !std::isfinite(b.Y2)) return false;
            min_x = std::min<double>(min_x, b.X1);
            min_y = std::min<double>(min_y, b.Y1);
            max_x = std::max<double>(max_x, b.X2);
            max_y = std::max<double>(max_y, b.Y2);
            area_sum += std::max(0.0, static_cast<double>(b.X2) - b.X1) * std::max(0.0, static_cast<double>(b.Y2) - b.Y1);
        }
        // Cells about the size of a typical box; at most kMaxCells per side.
        constexpr int kMaxCells = 512;
        const double extent = std::max({max_x - min_x, max_y - min_y, 1e-30});
        const double cell = std::max(std::sqrt(area_sum / static_cast<double>(n)), extent / kMaxCells);
        if (!(cell > 0.0) || !std::isfinite(cell)) return false;
        MinX = min_x;
        MinY = min_y;
        InvCell = 1.0 / cell;
        Gx = std::clamp(static_cast<int>((max_x - min_x) * InvCell) + 1, 1, kMaxCells + 1);
        Gy = std::clamp(static_cast<int>((max_y - min_y) * InvCell) + 1, 1, kMaxCells + 1);

        // Coordinates in rank order; cell lists (CSR) hold ranks, ascending by construction.
        X1.resize(n);
        Y1.resize(n);
        X2.resize(n);
        Y2.resize(n);
        Area.resize(n);
        for (std::size_t r = 0; r < n; ++r) {
            const Box& b = boxes[order[r]];
            X1[r] = b.X1;
            Y1[r] = b.Y1;
            X2[r] = b.X2;
            Y2[r] = b.Y2;
            Area[r] = TorchvisionArea(b);
        }
        Start.assign(static_cast<std::size_t>(Gx) * Gy + 1, 0);
        for (std::size_t r = 0; r < n; ++r) ForCells(r, [&](std::size_t c) { ++Start[c + 1]; });
        for (std::size_t c = 1; c < Start.size(); ++c) Start[c] += Start[c - 1];
        Items.resize(Start.back());
        std::vector<std::uint32_t> fill(Start.begin(), Start.end() - 1);
        for (std::size_t r = 0; r < n; ++r) ForCells(r, [&](std::size_t c) { Items[fill[c]++] = static_cast<std::uint32_t>(r); });

        std::vector<char> suppressed(n, 0);
        std::vector<std::uint32_t> seen(n, UINT32_MAX); // last kept rank that tested this box
        for (std::size_t r = 0; r < n; ++r) {
            if (suppressed[r]) continue;
            keep.push_back(order[r]);
            const float ix1 = X1[r], iy1 = Y1[r], ix2 = X2[r], iy2 = Y2[r], ia = Area[r];
            const int cls = classes.empty() ? 0 : classes[order[r]];
            ForCells(r, [&](std::size_t c) {
                const std::uint32_t* begin = Items.data() + Start[c];
                const std::uint32_t* end = Items.data() + Start[c + 1];
                // Only later boxes can be suppressed: skip this cell's earlier ranks at once.
                for (const std::uint32_t* it = std::upper_bound(begin, end, static_cast<std::uint32_t>(r)); it != end; ++it) {
                    const std::uint32_t q = *it;
                    if (suppressed[q] || seen[q] == r) continue;
                    seen[q] = static_cast<std::uint32_t>(r);
                    if (!classes.empty() && classes[order[q]] != cls) continue;
                    const float ovr = KernelIoU(ix1, iy1, ix2, iy2, ia, X1[q], Y1[q], X2[q], Y2[q], Area[q]);
                    if (static_cast<double>(ovr) > thr) suppressed[q] = 1;
                }
            });
        }
        return true;
    }

private:
    int CellX(float x) const { return std::clamp(static_cast<int>((x - MinX) * InvCell), 0, Gx - 1); }
    int CellY(float y) const { return std::clamp(static_cast<int>((y - MinY) * InvCell), 0, Gy - 1); }

    template <typename F>
    void ForCells(std::size_t r, F&& f) const
    {
        const int cx0 = CellX(X1[r]), cx1 = CellX(X2[r]), cy0 = CellY(Y1[r]), cy1 = CellY(Y2[r]);
        for (int cy = cy0; cy <= cy1; ++cy)
            for (int cx = cx0; cx <= cx1; ++cx) f(static_cast<std::size_t>(cy) * Gx + cx);
    }

    double MinX = 0.0, MinY = 0.0, InvCell = 1.0;
    int Gx = 1, Gy = 1;
    std::vector<float> X1, Y1, X2, Y2, Area;
    std::vector<std::uint32_t> Start, Items;
};

// Greedy NMS, one class or class-aware (classes non-empty): the grid when it helps, else the
// compacting scan over each class in score order.
std::vector<int> GreedyFast(std::span<const Box> boxes, std::span<const float> scores, std::span<const int> classes,
                            double iou_threshold)
{
    const std::vector<int> order = ScoreOrder(scores);
    std::vector<int> keep;
    GridNms grid;
    if (grid.Run(boxes, order, classes, iou_threshold, keep)) return keep;
    keep.clear();
    if (classes.empty()) {
        Candidates c;
        for (int i : order) c.Add(boxes[i], i);
        GreedyCompacting(c, iou_threshold, keep);
        return keep;
    }
    std::vector<int> rank(order.size());
    for (std::size_t r = 0; r < order.size(); ++r) rank[order[r]] = static_cast<int>(r);
    // Group by class, each group still in score order, then merge the kept boxes back by rank.
    std::vector<int> by_class = order;
    std::stable_sort(by_class.begin(), by_class.end(), [&](int a, int b) { return classes[a] < classes[b]; });
    for (std::size_t start = 0; start < by_class.size();) {
        std::size_t end = start;
        Candidates c;
        while (end < by_class.size() && classes[by_class[end]] == classes[by_class[start]]) {
            c.Add(boxes[by_class[end]], by_class[end]);
            ++end;
        }
        GreedyCompacting(c, iou_threshold, keep);
        start = end;
    }
    std::sort(keep.begin(), keep.end(), [&](int a, int b) { return rank[a] < rank[b]; });
    return keep;
}

// Boxes whose intersection has positive area. Any other pair has IoU 0 (or NaN), DIoU < 0 and a
// Soft-NMS weight of 1: with a threshold >= 0 it can change nothing, so the traced loops skip it.
bool Intersect(const Box& a, const Box& b)
{
    return std::min(a.X2, b.X2) - std::max(a.X1, b.X1) > 0.0f && std::min(a.Y2, b.Y2) - std::max(a.Y1, b.Y1) > 0.0f;
}

// Greedy and DIoU-NMS with a trace: the plain O(n^2) loop of the torchvision kernel.
NmsResult HardNmsTraced(const NmsInput& in, const NmsOptions& o, std::vector<NmsEvent>* trace)
{
    const std::vector<int> order = ScoreOrder(in.Scores);
    std::vector<char> suppressed(order.size(), 0);
    const bool by_class = o.ClassAware && !in.Classes.empty();
    NmsResult out;
    for (std::size_t a = 0; a < order.size(); ++a) {
        const int i = order[a];
        if (suppressed[i]) continue;
        out.Keep.push_back(i);
        out.Scores.push_back(in.Scores[i]);
        if (trace) trace->push_back({NmsEventType::Select, i, -1, 0.0, in.Scores[i], in.Scores[i]});
        for (std::size_t b = a + 1; b < order.size(); ++b) {
            const int j = order[b];
            if (suppressed[j] || (by_class && in.Classes[i] != in.Classes[j]) || !Intersect(in.Boxes[i], in.Boxes[j])) continue;
            const double ovr = o.Method == NmsMethod::DIoU ? DIoU(in.Boxes[i], in.Boxes[j])
                                                           : static_cast<double>(TorchvisionIoU(in.Boxes[i], in.Boxes[j]));
            if (trace) trace->push_back({NmsEventType::Compare, j, i, ovr, in.Scores[j], in.Scores[j]});
            if (ovr > o.IouThreshold) {
                suppressed[j] = 1;
                if (trace) trace->push_back({NmsEventType::Suppress, j, i, ovr, in.Scores[j], in.Scores[j]});
            }
        }
    }
    return out;
}

// Soft-NMS: repeatedly select the highest current score (ties: the box first in the initial
// score order, i.e. lower index among equal initial scores), decay the rest, drop low scores.
NmsResult SoftNmsTraced(const NmsInput& in, const NmsOptions& o, std::vector<NmsEvent>* trace)
{
    const std::vector<int> order = ScoreOrder(in.Scores);
    const bool by_class = o.ClassAware && !in.Classes.empty();
    std::vector<double> score(in.Scores.begin(), in.Scores.end());
    std::vector<int> alive; // in initial score order, so comparisons read top-down
    alive.reserve(order.size());
    for (int i : order) {
        if (score[i] < o.ScoreThreshold) {
            if (trace) trace->push_back({NmsEventType::Drop, i, -1, 0.0, score[i], score[i]});
        } else {
            alive.push_back(i);
        }
    }
    NmsResult out;
    while (!alive.empty()) {
        std::size_t best = 0;
        for (std::size_t k = 1; k < alive.size(); ++k)
            if (score[alive[k]] > score[alive[best]]) best = k;
        const int m = alive[best];
        alive.erase(alive.begin() + static_cast<std::ptrdiff_t>(best));
        out.Keep.push_back(m);
        out.Scores.push_back(score[m]);
        if (trace) trace->push_back({NmsEventType::Select, m, -1, 0.0, score[m], score[m]});
        std::size_t w = 0;
        for (std::size_t r = 0; r < alive.size(); ++r) {
            const int j = alive[r];
            bool survives = true;
            if ((!by_class || in.Classes[m] == in.Classes[j]) && Intersect(in.Boxes[m], in.Boxes[j])) {
                const double iou = TorchvisionIoU(in.Boxes[m], in.Boxes[j]);
                if (trace) trace->push_back({NmsEventType::Compare, j, m, iou, score[j], score[j]});
                const double weight = NmsSoftWeight(o, iou);
                if (weight != 1.0) {
                    const double old = score[j];
                    score[j] *= weight;
                    if (trace) trace->push_back({NmsEventType::Decay, j, m, iou, old, score[j]});
                }
                if (score[j] < o.ScoreThreshold) {
                    survives = false;
                    if (trace) trace->push_back({NmsEventType::Drop, j, m, iou, score[j], score[j]});
                }
            }
            alive[w] = j;
            w += survives ? 1 : 0;
        }
        alive.resize(w);
    }
    return out;
}

} // namespace

std::string_view NmsMethodName(NmsMethod m)
{
    const int i = static_cast<int>(m);
    return i >= 0 && i < static_cast<int>(NmsMethod::Count) ? kMethodNames[i] : std::string_view("?");
}

std::optional<NmsMethod> NmsMethodFromName(std::string_view name)
{
    for (int i = 0; i < static_cast<int>(NmsMethod::Count); ++i)
        if (name == kMethodNames[i]) return static_cast<NmsMethod>(i);
    return std::nullopt;
}

bool IsSoftNms(NmsMethod m)
{
    return m == NmsMethod::SoftLinear || m == NmsMethod::SoftGaussian;
}

float TorchvisionIoU(const Box& a, const Box& b)
{
    return KernelIoU(a.X1, a.Y1, a.X2, a.Y2, TorchvisionArea(a), b.X1, b.Y1, b.X2, b.Y2, TorchvisionArea(b));
}

std::vector<int> ScoreOrder(std::span<const float> scores)
{
    std::vector<int> order(scores.size());
    std::iota(order.begin(), order.end(), 0);
    std::stable_sort(order.begin(), order.end(), [&](int a, int b) { return scores[a] > scores[b]; });
    return order;
}

double NmsSoftWeight(const NmsOptions& o, double overlap)
{
    if (o.Method == NmsMethod::SoftLinear) return overlap > o.IouThreshold ? 1.0 - overlap : 1.0;
    if (o.Method == NmsMethod::SoftGaussian) return std::exp(-(overlap * overlap) / o.Sigma);
    return 1.0;
}

Message ValidateNms(const NmsInput& in, const NmsOptions& o)
{
    if (in.Boxes.size() > kNmsMaxBoxes) return Msg("boxes: %zu рамок, допустимо не больше %zu", in.Boxes.size(), kNmsMaxBoxes);
    if (in.Scores.size() != in.Boxes.size())
        return Msg("в scores %zu значений, а в boxes %zu", in.Scores.size(), in.Boxes.size());
    if (!in.Classes.empty() && in.Classes.size() != in.Boxes.size())
        return Msg("в classes %zu значений, а в boxes %zu", in.Classes.size(), in.Boxes.size());
    for (std::size_t i = 0; i < in.Boxes.size(); ++i) {
        const Message why = ValidateBox(in.Boxes[i]);
        if (!why.Empty()) return WithContext(why, "boxes[" + std::to_string(i) + "]");
        if (!std::isfinite(in.Scores[i])) return Msg("scores[%zu] не конечно", i);
    }
    if (static_cast<int>(o.Method) < 0 || o.Method >= NmsMethod::Count) return Msg("неизвестный method");
    if (!(o.IouThreshold >= 0.0 && o.IouThreshold <= 1.0)) return Msg("iou_threshold должен быть в [0, 1]");
    if (!(o.Sigma >= kNmsSigmaMin && o.Sigma <= kNmsSigmaMax)) return Msg("sigma должен быть в [1e-12, 100]");
    if (!(o.ScoreThreshold >= 0.0 && o.ScoreThreshold <= 1.0)) return Msg("score_threshold должен быть в [0, 1]");
    return {};
}

Result<NmsResult> RunNms(const NmsInput& in, const NmsOptions& o, std::vector<NmsEvent>* trace)
{
    const Message error = ValidateNms(in, o);
    if (!error.Empty()) return Result<NmsResult>::Fail(error);
    if (trace) trace->clear();
    if (IsSoftNms(o.Method)) return SoftNmsTraced(in, o, trace);
    if (o.Method == NmsMethod::Greedy && !trace) {
        NmsResult out;
        out.Keep = o.ClassAware && !in.Classes.empty() ? BatchedNms(in.Boxes, in.Scores, in.Classes, o.IouThreshold)
                                                       : GreedyNms(in.Boxes, in.Scores, o.IouThreshold);
        for (int i : out.Keep) out.Scores.push_back(in.Scores[i]);
        return out;
    }
    return HardNmsTraced(in, o, trace);
}

std::vector<int> GreedyNms(std::span<const Box> boxes, std::span<const float> scores, double iou_threshold)
{
    return GreedyFast(boxes, scores, {}, iou_threshold);
}

std::vector<int> BatchedNms(std::span<const Box> boxes, std::span<const float> scores, std::span<const int> classes,
                            double iou_threshold)
{
    return GreedyFast(boxes, scores, classes, iou_threshold);
}

} // namespace mlviz
