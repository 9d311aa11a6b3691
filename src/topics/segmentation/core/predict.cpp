// Perturbations of the scene into a prediction, and the confidence scores of predicted instances.
#include "topics/segmentation/core/predict.h"

#include <algorithm>
#include <cmath>
#include <random>

#include "core/random.h"

namespace mlviz {

namespace {

// A uniform in [0, 1) from (seed, a, b) (splitmix64): the confusion pattern of a 4x4 block must
// not depend on how many other blocks there are.
double HashUniform(std::uint32_t seed, std::uint64_t a, std::uint64_t b)
{
    std::uint64_t z = (static_cast<std::uint64_t>(seed) << 32) ^ (a * 0x9E3779B97F4A7C15ull) ^ (b * 0xC2B2AE3D27D4EB4Full);
    z += 0x9E3779B97F4A7C15ull;
    z = (z ^ (z >> 30)) * 0xBF58476D1CE4E5B9ull;
    z = (z ^ (z >> 27)) * 0x94D049BB133111EBull;
    z ^= z >> 31;
    return static_cast<double>(z >> 11) / 9007199254740992.0;
}

void Clear(LabelMap& p, const LabelMap& bg, std::size_t i)
{
    p.Class[i] = bg.Class[i];
    p.Instance[i] = 0;
}

void Relabel(LabelMap& p, int from, int to)
{
    for (std::uint16_t& id : p.Instance)
        if (id == from) id = static_cast<std::uint16_t>(to);
}

void Merge(LabelMap& p, int id)
{
    const auto ext = InstanceExtents(p);
    const auto self = std::find_if(ext.begin(), ext.end(), [&](const InstanceExtent& e) { return e.Id == id; });
    if (self == ext.end()) return;
    auto centre = [](const InstanceExtent& e) {
        return std::array<double, 2>{e.Bbox[0] + 0.5 * e.Bbox[2], e.Bbox[1] + 0.5 * e.Bbox[3]};
    };
    const auto c0 = centre(*self);
    int best = 0;
    double best_d = 1e300;
    for (const InstanceExtent& e : ext) {
        if (e.Id == id || e.Class != self->Class) continue;
        const auto c = centre(e);
        const double d = (c[0] - c0[0]) * (c[0] - c0[0]) + (c[1] - c0[1]) * (c[1] - c0[1]);
        if (d < best_d) best_d = d, best = e.Id;
    }
    if (best != 0) Relabel(p, best, id);
}

void Split(LabelMap& p, int id)
{
    const auto ext = InstanceExtents(p);
    const auto self = std::find_if(ext.begin(), ext.end(), [&](const InstanceExtent& e) { return e.Id == id; });
    if (self == ext.end() || self->Bbox[2] < 2) return;
    const int new_id = MaxInstanceId(p) + 1;
    if (new_id > kSegMaxInstanceId) return;
    const double mid = self->Bbox[0] + 0.5 * self->Bbox[2];
    for (int y = 0; y < p.Height; ++y)
        for (int x = 0; x < p.Width; ++x)
            if (p.Instance[p.Index(x, y)] == id && x + 0.5 >= mid) p.Instance[p.Index(x, y)] = static_cast<std::uint16_t>(new_id);
}

void Shift(LabelMap& p, const LabelMap& bg, int dx, int dy)
{
    const LabelMap before = p;
    for (std::size_t i = 0; i < p.Size(); ++i)
        if (before.Instance[i] != 0) Clear(p, bg, i);
    for (int y = 0; y < p.Height; ++y)
        for (int x = 0; x < p.Width; ++x) {
            const std::size_t i = before.Index(x, y);
            if (before.Instance[i] == 0 || !p.Inside(x + dx, y + dy)) continue;
            const std::size_t j = p.Index(x + dx, y + dy);
            p.Class[j] = before.Class[i];
            p.Instance[j] = before.Instance[i];
        }
}

// One 3x3 step: dilation grows every thing into stuff (the nearer object, the larger id, wins a
// contested cell); erosion peels every thing cell that touches another segment.
void MorphStep(LabelMap& p, const LabelMap& bg, bool dilate)
{
    const LabelMap before = p;
    for (int y = 0; y < p.Height; ++y)
        for (int x = 0; x < p.Width; ++x) {
            const std::size_t i = p.Index(x, y);
            const int id = before.Instance[i];
            if (dilate == (id != 0)) continue;
            int best = 0;
            bool touches_other = false;
            for (int dy = -1; dy <= 1; ++dy)
                for (int dx = -1; dx <= 1; ++dx) {
                    if (!p.Inside(x + dx, y + dy)) continue;
                    const std::size_t j = p.Index(x + dx, y + dy);
                    if (dilate && before.Instance[j] > best) best = before.Instance[j];
                    if (!dilate && before.Instance[j] != id) touches_other = true;
                }
            if (dilate && best != 0) {
                const std::size_t src = [&] {
                    for (int dy = -1; dy <= 1; ++dy)
                        for (int dx = -1; dx <= 1; ++dx)
                            if (p.Inside(x + dx, y + dy) && before.Instance[p.Index(x + dx, y + dy)] == best)
                                return p.Index(x + dx, y + dy);
                    return i;
                }();
                p.Class[i] = before.Class[src];
                p.Instance[i] = static_cast<std::uint16_t>(best);
            }
            if (!dilate && touches_other) Clear(p, bg, i);
        }
}

void Confuse(LabelMap& p, const PerturbConfig& c)
{
    const bool from_thing = SegIsThing(c.ConfuseFrom), to_thing = SegIsThing(c.ConfuseTo);
    const int new_id = MaxInstanceId(p) + 1;
    for (int y = 0; y < p.Height; ++y)
        for (int x = 0; x < p.Width; ++x) {
            const std::size_t i = p.Index(x, y);
            if (p.Class[i] != c.ConfuseFrom || HashUniform(c.Seed, x / 4, y / 4) >= c.ConfuseFraction) continue;
            p.Class[i] = static_cast<std::uint8_t>(c.ConfuseTo);
            if (!to_thing)
                p.Instance[i] = 0;
            else if (!from_thing)
                p.Instance[i] = static_cast<std::uint16_t>(std::min(new_id, kSegMaxInstanceId));
        }
}

void AddFalsePositives(LabelMap& p, int horizon, const PerturbConfig& c)
{
    std::mt19937 rng(c.Seed ^ 0x5A17F00Du);
    for (int k = 0; k < c.FalsePositives; ++k) {
        const int id = MaxInstanceId(p) + 1;
        if (id > kSegMaxInstanceId) return;
        const int cls = UniformInt(rng, 2) == 0 ? kSegCar : kSegPerson;
        const int bottom = horizon + 3 + UniformInt(rng, std::max(1, p.Height - horizon - 3));
        PaintThing(p, cls, id, UniformInt(rng, p.Width), bottom, horizon);
    }
}

} // namespace

Message ValidatePerturbConfig(const PerturbConfig& c)
{
    const char* ids[] = {"drop_instance", "merge_instance", "split_instance"};
    const int values[] = {c.DropInstance, c.MergeInstance, c.SplitInstance};
    for (int k = 0; k < 3; ++k)
        if (values[k] < -1 || values[k] > kSegMaxInstanceId)
            return Msg("поле '%s' должно быть в [%d, %d]", ids[k], -1, kSegMaxInstanceId);
    if (std::abs(c.ShiftX) > kPerturbMaxShift)
        return Msg("поле '%s' должно быть в [%d, %d]", "shift_x", -kPerturbMaxShift, kPerturbMaxShift);
    if (std::abs(c.ShiftY) > kPerturbMaxShift)
        return Msg("поле '%s' должно быть в [%d, %d]", "shift_y", -kPerturbMaxShift, kPerturbMaxShift);
    if (std::abs(c.Morph) > kPerturbMaxMorph)
        return Msg("поле '%s' должно быть в [%d, %d]", "morph", -kPerturbMaxMorph, kPerturbMaxMorph);
    if (c.ConfuseFrom < -1 || c.ConfuseFrom >= kSegNumClasses)
        return Msg("поле '%s' должно быть в [%d, %d]", "confuse_from", -1, kSegNumClasses - 1);
    if (c.ConfuseTo < -1 || c.ConfuseTo >= kSegNumClasses)
        return Msg("поле '%s' должно быть в [%d, %d]", "confuse_to", -1, kSegNumClasses - 1);
    if (!(c.ConfuseFraction >= 0.0 && c.ConfuseFraction <= 1.0))
        return Msg("поле '%s' должно быть в [%g, %g]", "confuse_fraction", 0.0, 1.0);
    if (c.FalsePositives < 0 || c.FalsePositives > kPerturbMaxFalsePositives)
        return Msg("поле '%s' должно быть в [%d, %d]", "false_positives", 0, kPerturbMaxFalsePositives);
    if (!(c.ScoreNoise >= 0.0 && c.ScoreNoise <= 0.5)) return Msg("поле '%s' должно быть в [%g, %g]", "score_noise", 0.0, 0.5);
    return {};
}

Result<LabelMap> PerturbPrediction(const Scene& scene, const PerturbConfig& c)
{
    if (Message why = ValidatePerturbConfig(c); !why.Empty()) return Result<LabelMap>::Fail(why);
    LabelMap p = scene.Full;
    const LabelMap& bg = scene.Background;
    if (c.DropInstance > 0)
        for (std::size_t i = 0; i < p.Size(); ++i)
            if (p.Instance[i] == c.DropInstance) Clear(p, bg, i);
    if (c.MergeInstance > 0) Merge(p, c.MergeInstance);
    if (c.SplitInstance > 0) Split(p, c.SplitInstance);
    if (c.ShiftX != 0 || c.ShiftY != 0) Shift(p, bg, c.ShiftX, c.ShiftY);
    for (int k = 0; k < std::abs(c.Morph); ++k) MorphStep(p, bg, c.Morph > 0);
    if (c.ConfuseFrom >= 0 && c.ConfuseTo >= 0 && c.ConfuseFrom != c.ConfuseTo) Confuse(p, c);
    AddFalsePositives(p, scene.Horizon, c);
    return p;
}

double InstanceIou(const LabelMap& a, int id_a, const LabelMap& b, int id_b)
{
    std::int64_t inter = 0, uni = 0;
    for (std::size_t i = 0; i < a.Size() && i < b.Size(); ++i) {
        const bool in_a = a.Instance[i] == id_a, in_b = b.Instance[i] == id_b;
        inter += in_a && in_b;
        uni += in_a || in_b;
    }
    return uni == 0 ? 0.0 : static_cast<double>(inter) / static_cast<double>(uni);
}

std::vector<ScoredInstance> ScorePrediction(const Scene& scene, const LabelMap& pred, std::uint32_t seed, double noise)
{
    const auto pred_ext = InstanceExtents(pred);
    const auto gt_ext = InstanceExtents(scene.Gt);
    const int pmax = MaxInstanceId(pred), gmax = MaxInstanceId(scene.Gt);
    // Intersections of every (pred, gt) instance pair in one pass over the cells.
    std::vector<std::int64_t> inter(static_cast<std::size_t>(pmax + 1) * (gmax + 1), 0);
    std::vector<std::int64_t> gt_area(gmax + 1, 0);
    for (std::size_t i = 0; i < pred.Size(); ++i) {
        ++gt_area[scene.Gt.Instance[i]];
        if (pred.Instance[i] != 0 && scene.Gt.Instance[i] != 0) ++inter[pred.Instance[i] * (gmax + 1) + scene.Gt.Instance[i]];
    }
    std::vector<ScoredInstance> out;
    for (const InstanceExtent& e : pred_ext) {
        if (!SegIsThing(e.Class)) continue;
        double best = 0.0;
        for (const InstanceExtent& g : gt_ext) {
            if (g.Class != e.Class) continue;
            const std::int64_t in = inter[e.Id * (gmax + 1) + g.Id];
            best = std::max(best, static_cast<double>(in) / static_cast<double>(e.Area + gt_area[g.Id] - in));
        }
        std::mt19937 rng(seed * 2654435761u + static_cast<std::uint32_t>(e.Id) * 40503u + 1u);
        const double score = std::clamp(0.15 + 0.8 * best + noise * StandardNormal(rng), 0.01, 0.99);
        out.push_back({e.Id, e.Class, score, best, e.Area, e.Bbox});
    }
    return out;
}

} // namespace mlviz
