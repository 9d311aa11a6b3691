// Spatial pyramid pooling with torch's adaptive pooling bins (spp.h).
#include "topics/conv_blocks/core/spp.h"

#include <cmath>
#include <limits>
#include <random>

#include "core/random.h"

namespace mlviz {

namespace {

// torch/aten/src/ATen/native/AdaptivePooling.h: the quotient is taken in float.
int StartIndex(int a, int b, int c)
{
    return static_cast<int>(std::floor(static_cast<float>(a * c) / static_cast<float>(b)));
}
int EndIndex(int a, int b, int c)
{
    return static_cast<int>(std::ceil(static_cast<float>((a + 1) * c) / static_cast<float>(b)));
}

} // namespace

std::vector<AdaptiveBin> AdaptiveBins(int length, int n)
{
    std::vector<AdaptiveBin> bins;
    if (length < 1 || n < 1) return bins;
    for (int i = 0; i < n; ++i) bins.push_back({StartIndex(i, n, length), EndIndex(i, n, length)});
    return bins;
}

long long SppLength(int channels, std::span<const int> levels)
{
    long long bins = 0;
    for (int n : levels) bins += static_cast<long long>(n) * n;
    return bins * channels;
}

Result<SppResult> SpatialPyramidPool(const Grid3& input, std::span<const int> levels, SppPool pool)
{
    using R = Result<SppResult>;
    const int C = input.Dim(0), H = input.Dim(1), W = input.Dim(2);
    if (C < 1 || C > kSppMaxChannels) return R::Fail(Msg("SPP: число каналов %d вне диапазона [%d, %d]", C, 1, kSppMaxChannels));
    if (H < 1 || H > kSppMaxSide || W < 1 || W > kSppMaxSide)
        return R::Fail(Msg("SPP: размер карты %d×%d вне диапазона [1, %d]", H, W, kSppMaxSide));
    if (input.Size() > kSppMaxCells || !input.Consistent())
        return R::Fail(Msg("SPP: карта C×H×W должна содержать не больше %d значений", static_cast<long long>(kSppMaxCells)));
    if (pool != SppPool::Max && pool != SppPool::Avg) return R::Fail(Msg("SPP: неизвестный вид пулинга"));
    if (levels.empty() || levels.size() > static_cast<std::size_t>(kSppMaxLevels))
        return R::Fail(
            Msg("SPP: нужно от %d до %d уровней пирамиды, получено %d", 1, kSppMaxLevels, static_cast<int>(levels.size())));
    for (std::size_t l = 0; l < levels.size(); ++l)
        if (levels[l] < 1 || levels[l] > kSppMaxLevel)
            return R::Fail(
                Msg("SPP: уровень %d: число ячеек %d вне диапазона [%d, %d]", static_cast<int>(l), levels[l], 1, kSppMaxLevel));
    for (std::size_t k = 0; k < input.Size(); ++k)
        if (!std::isfinite(input.Values[k]))
            return R::Fail(Msg("SPP: значение карты [%d] не является конечным числом", static_cast<long long>(k)));

    SppResult out;
    out.C = C, out.H = H, out.W = W;
    for (int n : levels) {
        SppLevel level;
        level.Bins = n;
        level.Rows = AdaptiveBins(H, n);
        level.Cols = AdaptiveBins(W, n);
        level.Values.resize(static_cast<std::size_t>(C) * n * n);
        if (pool == SppPool::Max) level.ArgMax.resize(level.Values.size());
        for (int c = 0; c < C; ++c)
            for (int i = 0; i < n; ++i)
                for (int j = 0; j < n; ++j) {
                    const AdaptiveBin r = level.Rows[i], q = level.Cols[j];
                    const std::size_t slot = (static_cast<std::size_t>(c) * n + i) * n + j;
                    if (pool == SppPool::Max) {
                        double best = -std::numeric_limits<double>::infinity();
                        int best_index = r.Start * W + q.Start;
                        for (int y = r.Start; y < r.End; ++y)
                            for (int x = q.Start; x < q.End; ++x)
                                if (input(c, y, x) > best) best = input(c, y, x), best_index = y * W + x;
                        level.Values[slot] = best;
                        level.ArgMax[slot] = best_index;
                    } else {
                        double sum = 0.0;
                        for (int y = r.Start; y < r.End; ++y)
                            for (int x = q.Start; x < q.End; ++x) sum += input(c, y, x);
                        level.Values[slot] = sum / (r.End - r.Start) / (q.End - q.Start); // torch's order of division
                    }
                }
        out.Vector.insert(out.Vector.end(), level.Values.begin(), level.Values.end());
        out.Levels.push_back(std::move(level));
    }
    return out;
}

Result<Grid3> MakeBlobMap(int channels, int height, int width, int blobs, std::uint32_t seed)
{
    using R = Result<Grid3>;
    if (channels < 1 || channels > 16 || height < 1 || height > 256 || width < 1 || width > 256 || blobs < 1 || blobs > 16)
        return R::Fail(Msg("SPP: карта %d×%d×%d с %d пятнами вне допустимых размеров", channels, height, width, blobs));
    std::mt19937 rng(seed);
    struct Blob {
        double U, V, Sigma;
        std::vector<double> Height;
    };
    std::vector<Blob> bumps;
    for (int b = 0; b < blobs; ++b) {
        Blob blob{Uniform01(rng), Uniform01(rng), Uniform(rng, 0.05, 0.2), {}};
        for (int c = 0; c < channels; ++c) blob.Height.push_back(Uniform(rng, 0.2, 1.0));
        bumps.push_back(std::move(blob));
    }
    Grid3 map({channels, height, width});
    for (int y = 0; y < height; ++y)
        for (int x = 0; x < width; ++x) {
            const double u = (x + 0.5) / width, v = (y + 0.5) / height;
            for (const Blob& b : bumps) {
                const double e = std::exp(-((u - b.U) * (u - b.U) + (v - b.V) * (v - b.V)) / (2.0 * b.Sigma * b.Sigma));
                for (int c = 0; c < channels; ++c) map(c, y, x) += b.Height[c] * e;
            }
        }
    return map;
}

} // namespace mlviz
