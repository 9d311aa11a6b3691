// Seeded generators of the classical-ML point sets (blobs, moons, circles, XOR) and their checks.
#include "topics/classical_ml/core/cml_dataset.h"

#include <algorithm>
#include <cmath>
#include <random>

#include "core/random.h"
#include "topics/classical_ml/core/cml_linalg.h"

namespace mlviz {

namespace {

constexpr double kPi = 3.14159265358979323846;
constexpr std::string_view kShapeNames[] = {"blobs", "moons", "circles", "xor"};

Message RangeInt(const char* field, long long v, long long lo, long long hi)
{
    if (v < lo || v > hi) return Msg("поле '%s' = %d вне диапазона [%d, %d]", field, v, lo, hi);
    return {};
}

Message RangeReal(const char* field, double v, double lo, double hi)
{
    if (!std::isfinite(v)) return Msg("поле '%s' не является конечным числом", field);
    if (v < lo || v > hi) return Msg("поле '%s' = %g вне диапазона [%g, %g]", field, v, lo, hi);
    return {};
}

// Symmetric square root factor of a blob's covariance (eigen-decomposition, so a singular but
// positive semi-definite matrix is fine); empty message when PSD.
Message BlobFactor(const CmlBlob& b, int dims, int index, std::vector<double>& factor)
{
    std::vector<double> cov(static_cast<std::size_t>(dims) * dims);
    const double full[9] = {b.VarX, b.CovXY, b.CovXZ, b.CovXY, b.VarY, b.CovYZ, b.CovXZ, b.CovYZ, b.VarZ};
    for (int i = 0; i < dims; ++i)
        for (int j = 0; j < dims; ++j) cov[i * dims + j] = full[i * 3 + j];
    const CmlEigen e = CmlSymmetricEigen(dims, cov);
    const double scale = std::max(1e-300, std::fabs(e.Values.front()));
    if (e.Values.back() < -1e-9 * scale) return Msg("класс %d: ковариационная матрица не положительно полуопределена", index);
    factor.assign(static_cast<std::size_t>(dims) * dims, 0.0); // factor = V sqrt(L)
    for (int r = 0; r < dims; ++r) {
        const double s = std::sqrt(std::max(0.0, e.Values[r]));
        for (int k = 0; k < dims; ++k) factor[k * dims + r] = e.Vectors[r * dims + k] * s;
    }
    return {};
}

void Push(CmlDataset& d, double x, double y, int label)
{
    d.X.push_back(x);
    d.X.push_back(y);
    d.Y.push_back(label);
}

// np.linspace(0, stop, m, endpoint) element i.
double Linspace(double stop, int m, int i, bool endpoint)
{
    if (endpoint) return m > 1 ? stop * i / (m - 1) : 0.0;
    return stop * i / m;
}

} // namespace

std::string_view CmlShapeName(CmlShape shape)
{
    const int i = static_cast<int>(shape);
    return i >= 0 && i < static_cast<int>(CmlShape::Count) ? kShapeNames[i] : "?";
}

std::optional<CmlShape> CmlShapeFromName(std::string_view name)
{
    for (int i = 0; i < static_cast<int>(CmlShape::Count); ++i)
        if (kShapeNames[i] == name) return static_cast<CmlShape>(i);
    return std::nullopt;
}

Message CmlValidateDataConfig(const CmlDataConfig& c)
{
    if (static_cast<int>(c.Shape) < 0 || c.Shape >= CmlShape::Count) return Msg("неизвестная форма данных");
    const bool blobs = c.Shape == CmlShape::Blobs;
    if (Message m = RangeInt("dims", c.Dims, 2, blobs ? 3 : 2); !m.Empty()) return m;
    if (Message m = RangeInt("num_classes", c.NumClasses, 2, blobs ? kCmlMaxClasses : 2); !m.Empty()) return m;
    if (Message m = RangeReal("label_noise", c.LabelNoise, 0.0, 0.5); !m.Empty()) return m;
    if (!blobs) {
        if (Message m = RangeInt("points_per_class", c.PointsPerClass, 1, kCmlMaxPointsPerClass); !m.Empty()) return m;
        if (Message m = RangeReal("noise", c.Noise, 0.0, 2.0); !m.Empty()) return m;
        if (Message m = RangeReal("factor", c.Factor, 0.05, 0.95); !m.Empty()) return m;
        return {};
    }
    int total = 0;
    for (int k = 0; k < c.NumClasses; ++k) {
        const CmlBlob& b = c.Blobs[k];
        const Message fields[] = {
            RangeReal("mean_x", b.MeanX, -100.0, 100.0), RangeReal("mean_y", b.MeanY, -100.0, 100.0),
            RangeReal("mean_z", b.MeanZ, -100.0, 100.0), RangeReal("var_x", b.VarX, 0.0, 100.0),
            RangeReal("var_y", b.VarY, 0.0, 100.0),      RangeReal("var_z", b.VarZ, 0.0, 100.0),
            RangeReal("cov_xy", b.CovXY, -100.0, 100.0), RangeReal("cov_xz", b.CovXZ, -100.0, 100.0),
            RangeReal("cov_yz", b.CovYZ, -100.0, 100.0), RangeInt("count", b.Count, 0, kCmlMaxPointsPerClass)};
        for (const Message& m : fields)
            if (!m.Empty()) return WithContext(m, "blobs[" + std::to_string(k) + "]");
        std::vector<double> factor;
        if (Message m = BlobFactor(b, c.Dims, k, factor); !m.Empty()) return m;
        total += b.Count;
    }
    if (total < 2) return Msg("нужно хотя бы %d точки, задано %d", 2, total);
    if (total > kCmlMaxPoints) return Msg("слишком много точек: %d, не больше %d", total, kCmlMaxPoints);
    return {};
}

Result<CmlDataset> CmlGenerate(const CmlDataConfig& c, int stream)
{
    if (Message m = CmlValidateDataConfig(c); !m.Empty()) return Result<CmlDataset>::Fail(m);
    std::seed_seq seq{c.Seed, static_cast<std::uint32_t>(stream), 0x636d6cu};
    std::mt19937 rng(seq);
    CmlDataset d;
    d.Dims = c.Dims;
    d.NumClasses = c.NumClasses;
    const int m = c.PointsPerClass;
    switch (c.Shape) {
    case CmlShape::Blobs:
        for (int k = 0; k < c.NumClasses; ++k) {
            const CmlBlob& b = c.Blobs[k];
            std::vector<double> factor;
            BlobFactor(b, c.Dims, k, factor);
            const double mean[3] = {b.MeanX, b.MeanY, b.MeanZ};
            for (int i = 0; i < b.Count; ++i) {
                double z[3] = {StandardNormal(rng), StandardNormal(rng), StandardNormal(rng)};
                for (int r = 0; r < c.Dims; ++r) {
                    double v = mean[r];
                    for (int s = 0; s < c.Dims; ++s) v += factor[r * c.Dims + s] * z[s];
                    d.X.push_back(v);
                }
                d.Y.push_back(k);
            }
        }
        break;
    case CmlShape::Moons:
        for (int i = 0; i < m; ++i) {
            const double t = Linspace(kPi, m, i, true);
            Push(d, std::cos(t), std::sin(t), 0);
        }
        for (int i = 0; i < m; ++i) {
            const double t = Linspace(kPi, m, i, true);
            Push(d, 1.0 - std::cos(t), 1.0 - std::sin(t) - 0.5, 1);
        }
        break;
    case CmlShape::Circles:
        for (int k = 0; k < 2; ++k)
            for (int i = 0; i < m; ++i) {
                const double t = Linspace(2.0 * kPi, m, i, false), r = k == 0 ? 1.0 : c.Factor;
                Push(d, r * std::cos(t), r * std::sin(t), k);
            }
        break;
    case CmlShape::Xor:
        // Class 0 lives in quadrants I and III, class 1 in II and IV; each point picks one of its
        // class's two quadrants, then a uniform position inside it.
        for (int k = 0; k < 2; ++k)
            for (int i = 0; i < m; ++i) {
                const bool first = UniformInt(rng, 2) == 0;
                const double sx = first ? 1.0 : -1.0, sy = (k == 0) == first ? 1.0 : -1.0;
                const double x = sx * Uniform01(rng), y = sy * Uniform01(rng);
                Push(d, x, y, k);
            }
        break;
    case CmlShape::Count: break;
    }
    if (c.Shape != CmlShape::Blobs && c.Noise > 0.0)
        for (double& v : d.X) v += c.Noise * StandardNormal(rng);
    if (c.LabelNoise > 0.0)
        for (int& y : d.Y)
            if (Uniform01(rng) < c.LabelNoise) y = (y + 1 + UniformInt(rng, d.NumClasses - 1)) % d.NumClasses;
    return d;
}

Message CmlValidateDataset(const CmlDataset& d)
{
    if (d.Dims < 2 || d.Dims > kCmlMaxDims) return Msg("поле '%s' = %d вне диапазона [%d, %d]", "dims", d.Dims, 2, kCmlMaxDims);
    if (d.NumClasses < 2 || d.NumClasses > kCmlMaxClasses)
        return Msg("поле '%s' = %d вне диапазона [%d, %d]", "num_classes", d.NumClasses, 2, kCmlMaxClasses);
    if (d.X.size() != d.Y.size() * static_cast<std::size_t>(d.Dims))
        return Msg("%d меток, но %d координат при размерности %d", static_cast<long long>(d.Y.size()),
                   static_cast<long long>(d.X.size()), d.Dims);
    if (d.Size() > kCmlMaxPoints) return Msg("слишком много точек: %d, не больше %d", d.Size(), kCmlMaxPoints);
    for (int i = 0; i < d.Size(); ++i) {
        if (d.Y[i] < 0 || d.Y[i] >= d.NumClasses) return Msg("точка %d: класс %d вне [0, %d]", i, d.Y[i], d.NumClasses - 1);
        for (int j = 0; j < d.Dims; ++j)
            if (!std::isfinite(d.At(i, j)) || std::fabs(d.At(i, j)) > kCmlMaxCoordinate)
                return Msg("точка %d: координата %d не конечна или больше %g по модулю", i, j, kCmlMaxCoordinate);
    }
    return {};
}

std::vector<int> CmlClassCounts(const CmlDataset& d)
{
    std::vector<int> counts(std::max(0, d.NumClasses), 0);
    for (int y : d.Y)
        if (y >= 0 && y < d.NumClasses) ++counts[y];
    return counts;
}

bool CmlAddPoint(CmlDataset& d, std::span<const double> x, int label)
{
    if (d.Size() >= kCmlMaxPoints || label < 0 || label >= d.NumClasses || static_cast<int>(x.size()) != d.Dims) return false;
    for (double v : x)
        if (!std::isfinite(v) || std::fabs(v) > kCmlMaxCoordinate) return false;
    d.X.insert(d.X.end(), x.begin(), x.end());
    d.Y.push_back(label);
    return true;
}

int CmlRemoveNearest(CmlDataset& d, double x, double y, double radius)
{
    int best = -1;
    double best_d2 = radius * radius;
    for (int i = 0; i < d.Size(); ++i) {
        const double dx = d.At(i, 0) - x, dy = d.At(i, 1) - y, d2 = dx * dx + dy * dy;
        if (best < 0 ? d2 <= best_d2 : d2 < best_d2) { // ties: the lower index
            best_d2 = d2;
            best = i;
        }
    }
    if (best < 0) return -1;
    d.X.erase(d.X.begin() + static_cast<std::ptrdiff_t>(best) * d.Dims,
              d.X.begin() + static_cast<std::ptrdiff_t>(best + 1) * d.Dims);
    d.Y.erase(d.Y.begin() + best);
    return best;
}

} // namespace mlviz
