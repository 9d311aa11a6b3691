// sklearn 1.2's depth-first CART builder, best splitter and Gini / MSE / Friedman-MSE criteria,
// re-expressed as a resumable node stack (see cml_tree.h for the semantics kept).
#include "topics/classical_ml/core/cml_tree.h"

#include <algorithm>
#include <cfloat>
#include <cmath>
#include <numeric>

#include "core/random.h"

namespace mlviz {

namespace {

constexpr std::string_view kCriterionNames[] = {"gini", "squared_error", "friedman_mse"};
constexpr float kFeatureThreshold = 1e-7f; // sklearn's FEATURE_THRESHOLD (float32)

} // namespace

std::string_view CmlCriterionName(CmlCriterion c)
{
    const int i = static_cast<int>(c);
    return i >= 0 && i < static_cast<int>(CmlCriterion::Count) ? kCriterionNames[i] : "?";
}

std::optional<CmlCriterion> CmlCriterionFromName(std::string_view name)
{
    for (int i = 0; i < static_cast<int>(CmlCriterion::Count); ++i)
        if (kCriterionNames[i] == name) return static_cast<CmlCriterion>(i);
    return std::nullopt;
}

int CmlTree::Apply(const double* x) const
{
    int node = 0;
    while (Nodes[node].Feature >= 0) {
        const CmlTreeNode& n = Nodes[node];
        node = static_cast<double>(static_cast<float>(x[n.Feature])) <= n.Threshold ? n.Left : n.Right;
    }
    return node;
}

std::vector<int> CmlTree::DecisionPath(const double* x) const
{
    std::vector<int> path{0};
    while (Nodes[path.back()].Feature >= 0) {
        const CmlTreeNode& n = Nodes[path.back()];
        path.push_back(static_cast<double>(static_cast<float>(x[n.Feature])) <= n.Threshold ? n.Left : n.Right);
    }
    return path;
}

void CmlTree::PredictProba(const double* x, double* out) const
{
    const CmlTreeNode& leaf = Nodes[Apply(x)];
    double sum = 0.0;
    for (int k = 0; k < NumClasses; ++k) sum += leaf.Value[k];
    if (sum == 0.0) sum = 1.0; // sklearn: normalizer[normalizer == 0.0] = 1.0
    for (int k = 0; k < NumClasses; ++k) out[k] = leaf.Value[k] / sum;
}

int CmlTree::Depth() const
{
    int depth = 0;
    for (const CmlTreeNode& n : Nodes) depth = std::max(depth, n.Depth);
    return depth;
}

int CmlTree::LeafCount() const
{
    return static_cast<int>(std::count_if(Nodes.begin(), Nodes.end(), [](const CmlTreeNode& n) { return n.Feature < 0; }));
}

std::vector<float> CmlToFloat32(const CmlDataset& data)
{
    return std::vector<float>(data.X.begin(), data.X.end());
}

Message CmlValidateTreeParams(const CmlTreeParams& p, int dims, bool regression)
{
    if (static_cast<int>(p.Criterion) < 0 || p.Criterion >= CmlCriterion::Count) return Msg("неизвестный критерий разбиения");
    if (regression == (p.Criterion == CmlCriterion::Gini))
        return Msg("критерий '%s' не подходит для %s", CmlCriterionName(p.Criterion),
                   regression ? Msg("дерева регрессии") : Msg("дерева классификации"));
    if (p.MaxDepth < 1 || p.MaxDepth > kCmlMaxTreeDepth)
        return Msg("поле '%s' = %d вне диапазона [%d, %d]", "max_depth", p.MaxDepth, 1, kCmlMaxTreeDepth);
    if (p.MinSamplesSplit < 2 || p.MinSamplesSplit > kCmlMaxTreePoints)
        return Msg("поле '%s' = %d вне диапазона [%d, %d]", "min_samples_split", p.MinSamplesSplit, 2, kCmlMaxTreePoints);
    if (p.MinSamplesLeaf < 1 || p.MinSamplesLeaf > kCmlMaxTreePoints)
        return Msg("поле '%s' = %d вне диапазона [%d, %d]", "min_samples_leaf", p.MinSamplesLeaf, 1, kCmlMaxTreePoints);
    if (p.MaxFeatures < 0 || p.MaxFeatures > dims)
        return Msg("поле '%s' = %d вне диапазона [%d, %d]", "max_features", p.MaxFeatures, 0, dims);
    return {};
}

Message CmlTreeBuilder::Begin(const CmlTreeInput& in, const CmlTreeParams& params, std::uint32_t seed)
{
    Started = false;
    Stack.clear();
    Out = CmlTree{};
    const bool regression = in.NumClasses == 0;
    if (in.Dims < 1 || in.Dims > kCmlMaxDims)
        return Msg("поле '%s' = %d вне диапазона [%d, %d]", "dims", in.Dims, 1, kCmlMaxDims);
    const std::size_t n = in.X.size() / in.Dims;
    if (n * in.Dims != in.X.size() || n == 0 || n > static_cast<std::size_t>(kCmlMaxTreePoints))
        return Msg("дерево: нужно от %d до %d точек", 1, kCmlMaxTreePoints);
    if (Message m = CmlValidateTreeParams(params, in.Dims, regression); !m.Empty()) return m;
    if (regression ? in.Target.size() != n : in.Classes.size() != n)
        return Msg("дерево: %d точек, но %d целевых значений", static_cast<long long>(n),
                   static_cast<long long>(regression ? in.Target.size() : in.Classes.size()));
    if (!regression && (in.NumClasses < 2 || in.NumClasses > kCmlMaxClasses))
        return Msg("поле '%s' = %d вне диапазона [%d, %d]", "num_classes", in.NumClasses, 2, kCmlMaxClasses);
    if (!in.Weight.empty() && in.Weight.size() != n)
        return Msg("дерево: %d точек, но %d весов", static_cast<long long>(n), static_cast<long long>(in.Weight.size()));
    for (float v : in.X)
        if (!std::isfinite(v)) return Msg("дерево: координата не конечна (в float32)");
    for (std::size_t i = 0; i < n; ++i) {
        if (regression && !std::isfinite(in.Target[i])) return Msg("дерево: цель точки %d не конечна", static_cast<long long>(i));
        if (!regression && (in.Classes[i] < 0 || in.Classes[i] >= in.NumClasses))
            return Msg("точка %d: класс %d вне [0, %d]", static_cast<long long>(i), in.Classes[i], in.NumClasses - 1);
        if (!in.Weight.empty() && !(in.Weight[i] >= 0.0 && std::isfinite(in.Weight[i])))
            return Msg("дерево: вес точки %d должен быть конечным и >= 0", static_cast<long long>(i));
    }
    In = in;
    Params = params;
    Rng.seed(seed);
    Samples.clear();
    TotalWeight = 0.0;
    for (std::size_t i = 0; i < n; ++i) {
        const double w = in.Weight.empty() ? 1.0 : in.Weight[i];
        if (w != 0.0) Samples.push_back(static_cast<int>(i));
        TotalWeight += w;
    }
    if (Samples.empty()) return Msg("дерево: у всех точек нулевой вес");
    Out.Dims = in.Dims;
    Out.NumClasses = in.NumClasses;
    Task root;
    root.End = static_cast<int>(Samples.size());
    Stack.push_back(root);
    First = true;
    Started = true;
    Work = 0;
    return {};
}

bool CmlTreeBuilder::Step(long long budget)
{
    const long long stop = Work + std::max(1LL, budget);
    while (!Stack.empty() && Work < stop) {
        const Task task = Stack.back();
        Stack.pop_back();
        Grow(task);
    }
    return Done();
}

void CmlTreeBuilder::AddSample(Sums& s, int i, double sign) const
{
    const double w = In.Weight.empty() ? 1.0 : In.Weight[i];
    if (In.NumClasses > 0)
        s.Count[In.Classes[i]] += sign * w;
    else
        s.Sum += sign * (w * In.Target[i]);
    s.Weight += sign * w;
}

double CmlTreeBuilder::SquaredSum(int start, int end) const
{
    double sq = 0.0;
    for (int p = start; p < end; ++p) {
        const int i = Samples[p];
        const double w = In.Weight.empty() ? 1.0 : In.Weight[i];
        sq += w * In.Target[i] * In.Target[i];
    }
    return sq;
}

double CmlTreeBuilder::Impurity(const Sums& s, double sq_sum) const
{
    if (In.NumClasses > 0) {
        double sq_count = 0.0;
        for (int k = 0; k < In.NumClasses; ++k) sq_count += s.Count[k] * s.Count[k];
        return 1.0 - sq_count / (s.Weight * s.Weight);
    }
    const double mean = s.Sum / s.Weight;
    return sq_sum / s.Weight - mean * mean;
}

double CmlTreeBuilder::Proxy(const Sums& l, const Sums& r) const
{
    switch (Params.Criterion) {
    case CmlCriterion::Gini: return -r.Weight * Impurity(r, 0.0) - l.Weight * Impurity(l, 0.0);
    case CmlCriterion::SquaredError: return l.Sum * l.Sum / l.Weight + r.Sum * r.Sum / r.Weight;
    case CmlCriterion::FriedmanMse: {
        const double diff = r.Weight * l.Sum - l.Weight * r.Sum;
        return diff * diff / (l.Weight * r.Weight);
    }
    case CmlCriterion::Count: break;
    }
    return 0.0;
}

bool CmlTreeBuilder::EvaluateFeature(const Task& t, int f, const Sums& total, Split& best)
{
    const int m = t.End - t.Start;
    Work += m;
    const float* x = In.X.data();
    const int dims = In.Dims;
    // (value, index) pairs sorted in place: contiguous, and the same order on every standard library.
    Pairs.resize(m);
    for (int p = 0; p < m; ++p) {
        const int i = Samples[t.Start + p];
        Pairs[p] = {x[static_cast<std::size_t>(i) * dims + f], i};
    }
    std::sort(Pairs.begin(), Pairs.end());
    Order.resize(m);
    Values.resize(m);
    for (int p = 0; p < m; ++p) {
        Samples[t.Start + p] = Order[p] = Pairs[p].second;
        Values[p] = Pairs[p].first;
    }
    if (Values[m - 1] <= static_cast<float>(Values[0] + kFeatureThreshold)) return true;

    Sums left;
    int moved = 0;
    for (int p = 0; p < m;) {
        while (p + 1 < m && Values[p + 1] <= static_cast<float>(Values[p] + kFeatureThreshold)) ++p;
        ++p;
        if (p >= m) break;
        if (p < Params.MinSamplesLeaf || m - p < Params.MinSamplesLeaf) continue;
        for (; moved < p; ++moved) AddSample(left, Order[moved], 1.0);
        Sums right;
        right.Weight = total.Weight - left.Weight;
        right.Sum = total.Sum - left.Sum;
        for (int k = 0; k < In.NumClasses; ++k) right.Count[k] = total.Count[k] - left.Count[k];
        const double proxy = Proxy(left, right);
        if (proxy > best.Proxy) {
            best.Proxy = proxy;
            best.Pos = t.Start + p;
            best.Feature = f;
            const double a = Values[p - 1], b = Values[p];
            best.Threshold = a / 2.0 + b / 2.0;
            if (best.Threshold == b || std::isinf(best.Threshold)) best.Threshold = a;
        }
    }
    return false;
}

void CmlTreeBuilder::Grow(const Task& t)
{
    const int m = t.End - t.Start;
    Work += m;
    Sums total;
    for (int p = t.Start; p < t.End; ++p) AddSample(total, Samples[p], 1.0);
    const bool regression = In.NumClasses == 0;
    bool is_leaf = t.Depth >= Params.MaxDepth || m < Params.MinSamplesSplit || m < 2 * Params.MinSamplesLeaf;
    double impurity = t.Impurity;
    if (First) {
        impurity = Impurity(total, regression ? SquaredSum(t.Start, t.End) : 0.0);
        First = false;
    }
    is_leaf = is_leaf || impurity <= DBL_EPSILON;

    Split best;
    best.Pos = t.End;
    std::array<int, kCmlMaxDims> constants = t.Constants;
    int num_constants = t.NumConstants;
    if (!is_leaf) {
        const auto known = [&](int f) {
            return std::find(t.Constants.begin(), t.Constants.begin() + t.NumConstants, f) !=
                t.Constants.begin() + t.NumConstants;
        };
        if (Params.MaxFeatures == 0) {
            for (int f = 0; f < In.Dims; ++f)
                if (!known(f) && EvaluateFeature(t, f, total, best)) constants[num_constants++] = f;
        } else {
            // sklearn's Fisher-Yates draw: [0, n_drawn) drawn known constants, [n_drawn, n_known)
            // undrawn known constants, [n_known, n_total) found constants, [n_total, f_i) undrawn,
            // [f_i, dims) drawn non-constant. At least one non-constant feature is visited.
            std::array<int, kCmlMaxDims> features{};
            int fill = 0;
            for (int k = 0; k < t.NumConstants; ++k) features[fill++] = t.Constants[k];
            for (int f = 0; f < In.Dims; ++f)
                if (!known(f)) features[fill++] = f;
            int f_i = In.Dims, n_visited = 0, n_found = 0, n_drawn = 0, n_total = t.NumConstants;
            const int n_known = t.NumConstants;
            while (f_i > n_total && (n_visited < Params.MaxFeatures || n_visited <= n_found + n_drawn)) {
                ++n_visited;
                int f_j = n_drawn + UniformInt(Rng, f_i - n_found - n_drawn);
                if (f_j < n_known) {
                    std::swap(features[n_drawn], features[f_j]);
                    ++n_drawn;
                    continue;
                }
                f_j += n_found;
                if (EvaluateFeature(t, features[f_j], total, best)) {
                    constants[num_constants++] = features[f_j];
                    std::swap(features[f_j], features[n_total]);
                    ++n_found;
                    ++n_total;
                    continue;
                }
                --f_i;
                std::swap(features[f_i], features[f_j]);
            }
        }
        is_leaf = best.Pos >= t.End;
    }

    const int id = static_cast<int>(Out.Nodes.size());
    CmlTreeNode node;
    node.Parent = t.Parent;
    node.Depth = t.Depth;
    node.Samples = m;
    node.WeightedSamples = total.Weight;
    node.Impurity = impurity;
    if (regression)
        node.Value[0] = total.Sum / total.Weight;
    else
        node.Value = total.Count;
    if (t.Parent >= 0) (t.IsLeft ? Out.Nodes[t.Parent].Left : Out.Nodes[t.Parent].Right) = id;

    if (!is_leaf) {
        // sklearn's partition: walk from both ends, swapping the right-going samples to the back.
        const float* x = In.X.data();
        int p = t.Start, end = t.End;
        while (p < end) {
            if (static_cast<double>(x[static_cast<std::size_t>(Samples[p]) * In.Dims + best.Feature]) <= best.Threshold)
                ++p;
            else
                std::swap(Samples[p], Samples[--end]);
        }
        Sums left;
        for (int q = t.Start; q < best.Pos; ++q) AddSample(left, Samples[q], 1.0);
        Sums right;
        right.Weight = total.Weight - left.Weight;
        right.Sum = total.Sum - left.Sum;
        for (int k = 0; k < In.NumClasses; ++k) right.Count[k] = total.Count[k] - left.Count[k];
        double imp_left = 0.0, imp_right = 0.0;
        if (regression) {
            const double sq_total = SquaredSum(t.Start, t.End), sq_left = SquaredSum(t.Start, best.Pos);
            imp_left = Impurity(left, sq_left);
            imp_right = Impurity(right, sq_total - sq_left);
        } else {
            imp_left = Impurity(left, 0.0);
            imp_right = Impurity(right, 0.0);
        }
        if (Params.Criterion == CmlCriterion::FriedmanMse) {
            const double diff = right.Weight * left.Sum - left.Weight * right.Sum;
            node.Improvement = diff * diff / (left.Weight * right.Weight * total.Weight);
        } else {
            node.Improvement = (total.Weight / TotalWeight) *
                (impurity - right.Weight / total.Weight * imp_right - left.Weight / total.Weight * imp_left);
        }
        node.Feature = best.Feature;
        node.Threshold = best.Threshold;
        Task right_task{best.Pos, t.End, t.Depth + 1, id, false, imp_right, constants, num_constants};
        Task left_task{t.Start, best.Pos, t.Depth + 1, id, true, imp_left, constants, num_constants};
        Stack.push_back(right_task);
        Stack.push_back(left_task);
    }
    Out.Nodes.push_back(node);
}

Result<CmlTree> CmlFitTree(const CmlTreeInput& input, const CmlTreeParams& params, std::uint32_t seed)
{
    CmlTreeBuilder b;
    if (Message m = b.Begin(input, params, seed); !m.Empty()) return Result<CmlTree>::Fail(m);
    while (!b.Step(1LL << 40)) {}
    return b.TakeTree();
}

} // namespace mlviz
