// Random over- / under-sampling and SMOTE with imbalanced-learn 0.10's targets and geometry.
#include "topics/classical_ml/core/cml_resample.h"

#include <algorithm>
#include <cmath>
#include <numeric>
#include <random>

#include "core/random.h"

namespace mlviz {

namespace {

constexpr std::string_view kResamplingNames[] = {"none", "random_over", "random_under", "smote"};

std::vector<std::vector<int>> Members(const CmlDataset& d)
{
    std::vector<std::vector<int>> m(d.NumClasses);
    for (int i = 0; i < d.Size(); ++i) m[d.Y[i]].push_back(i);
    return m;
}

void Append(CmlResampled& r, const CmlDataset& d, int i)
{
    r.Data.X.insert(r.Data.X.end(), d.Row(i), d.Row(i) + d.Dims);
    r.Data.Y.push_back(d.Y[i]);
    r.Source.push_back(i);
}

} // namespace

std::string_view CmlResamplingName(CmlResampling r)
{
    const int i = static_cast<int>(r);
    return i >= 0 && i < static_cast<int>(CmlResampling::Count) ? kResamplingNames[i] : "?";
}

std::optional<CmlResampling> CmlResamplingFromName(std::string_view name)
{
    for (int i = 0; i < static_cast<int>(CmlResampling::Count); ++i)
        if (kResamplingNames[i] == name) return static_cast<CmlResampling>(i);
    return std::nullopt;
}

int CmlMinorityCount(int majority, double ratio)
{
    if (!(ratio >= 1.0)) ratio = 1.0;
    return std::max(1, static_cast<int>(std::lround(majority / ratio)));
}

int CmlMajorityClass(const CmlDataset& d)
{
    const std::vector<int> counts = CmlClassCounts(d);
    int best = -1;
    std::vector<bool> seen(d.NumClasses, false);
    for (int y : d.Y) { // classes in order of first appearance, as collections.Counter
        if (seen[y]) continue;
        seen[y] = true;
        if (best < 0 || counts[y] > counts[best]) best = y;
    }
    return best;
}

std::vector<int> CmlNearestNeighbours(const CmlDataset& d, std::span<const int> members, int k)
{
    const int m = static_cast<int>(members.size());
    std::vector<int> nn(static_cast<std::size_t>(m) * k);
    std::vector<std::pair<double, int>> dist;
    for (int a = 0; a < m; ++a) {
        dist.clear();
        const double* xa = d.Row(members[a]);
        for (int b = 0; b < m; ++b) {
            if (b == a) continue;
            const double* xb = d.Row(members[b]);
            double s = 0.0;
            for (int j = 0; j < d.Dims; ++j) s += (xa[j] - xb[j]) * (xa[j] - xb[j]);
            dist.emplace_back(s, b);
        }
        std::partial_sort(dist.begin(), dist.begin() + k, dist.end());
        for (int j = 0; j < k; ++j) nn[static_cast<std::size_t>(a) * k + j] = dist[j].second;
    }
    return nn;
}

std::vector<double> CmlSmotePoints(const CmlDataset& d, std::span<const int> members, std::span<const int> nn, int k,
                                   std::span<const int> rows, std::span<const int> cols, std::span<const double> gaps)
{
    std::vector<double> out;
    out.reserve(rows.size() * d.Dims);
    for (std::size_t s = 0; s < rows.size(); ++s) {
        const double* base = d.Row(members[rows[s]]);
        const double* other = d.Row(members[nn[static_cast<std::size_t>(rows[s]) * k + cols[s]]]);
        for (int j = 0; j < d.Dims; ++j) out.push_back(base[j] + gaps[s] * (other[j] - base[j]));
    }
    return out;
}

Result<CmlResampled> CmlResample(const CmlDataset& d, CmlResampling method, int smote_k, std::uint32_t seed)
{
    using R = Result<CmlResampled>;
    if (Message m = CmlValidateDataset(d); !m.Empty()) return R::Fail(m);
    if (static_cast<int>(method) < 0 || method >= CmlResampling::Count) return R::Fail(Msg("неизвестный способ перевыборки"));
    if (method == CmlResampling::Smote && (smote_k < 1 || smote_k > kCmlMaxSmoteK))
        return R::Fail(Msg("поле '%s' = %d вне диапазона [%d, %d]", "k_neighbors", smote_k, 1, kCmlMaxSmoteK));
    CmlResampled r;
    r.Data.Dims = d.Dims;
    r.Data.NumClasses = d.NumClasses;
    const std::vector<std::vector<int>> members = Members(d);
    const std::vector<int> counts = CmlClassCounts(d);
    const int majority = CmlMajorityClass(d);
    std::seed_seq seq{seed, 0x736d6fu};
    std::mt19937 rng(seq);
    if (method == CmlResampling::None || majority < 0) {
        for (int i = 0; i < d.Size(); ++i) Append(r, d, i);
        return r;
    }
    if (method == CmlResampling::RandomUnder) {
        int minority = -1; // the class seen first among those with the fewest points
        std::vector<bool> seen(d.NumClasses, false);
        for (int y : d.Y)
            if (!seen[y]) {
                seen[y] = true;
                if (minority < 0 || counts[y] < counts[minority]) minority = y;
            }
        for (int c = 0; c < d.NumClasses; ++c) {
            std::vector<int> pick = members[c];
            if (c != minority && !pick.empty()) { // partial Fisher-Yates: a sample without replacement
                const int keep = counts[minority];
                for (int i = 0; i < keep; ++i) std::swap(pick[i], pick[i + UniformInt(rng, static_cast<int>(pick.size()) - i)]);
                pick.resize(keep);
                std::sort(pick.begin(), pick.end());
            }
            for (int i : pick) Append(r, d, i);
        }
        return r;
    }
    long long total = d.Size();
    for (int c = 0; c < d.NumClasses; ++c)
        if (counts[c] > 0) total += counts[majority] - counts[c];
    if (total > kCmlMaxPoints) return R::Fail(Msg("после перевыборки было бы %d точек, не больше %d", total, kCmlMaxPoints));
    for (int i = 0; i < d.Size(); ++i) Append(r, d, i);
    for (int c = 0; c < d.NumClasses; ++c) {
        const int need = counts[majority] - counts[c];
        if (c == majority || counts[c] == 0 || need == 0) continue;
        const std::vector<int>& mem = members[c];
        if (method == CmlResampling::RandomOver) {
            for (int s = 0; s < need; ++s) Append(r, d, mem[UniformInt(rng, counts[c])]);
            continue;
        }
        if (counts[c] <= smote_k)
            return R::Fail(Msg("SMOTE: в классе %d всего %d точек, а нужно больше k = %d", c, counts[c], smote_k));
        const std::vector<int> nn = CmlNearestNeighbours(d, mem, smote_k);
        std::vector<int> rows(need), cols(need);
        std::vector<double> gaps(need);
        for (int s = 0; s < need; ++s) { // imblearn draws all indices, then all steps
            const int draw = UniformInt(rng, counts[c] * smote_k);
            rows[s] = draw / smote_k;
            cols[s] = draw % smote_k;
        }
        for (double& g : gaps) g = Uniform01(rng);
        const std::vector<double> points = CmlSmotePoints(d, mem, nn, smote_k, rows, cols, gaps);
        for (int s = 0; s < need; ++s) {
            r.Data.X.insert(r.Data.X.end(), points.begin() + static_cast<std::ptrdiff_t>(s) * d.Dims,
                            points.begin() + static_cast<std::ptrdiff_t>(s + 1) * d.Dims);
            r.Data.Y.push_back(c);
            r.Source.push_back(-1);
            r.Synthetic.push_back({mem[rows[s]], mem[nn[static_cast<std::size_t>(rows[s]) * smote_k + cols[s]]], gaps[s]});
        }
    }
    return r;
}

} // namespace mlviz
