// Spatial pyramid pooling (He et al., 2014; question 56): a C×H×W map of any size is pooled into
// n×n bins for every pyramid level n (e.g. 1, 2, 4) and the bins are concatenated into one vector
// of fixed length C·Σn², whatever H and W are.
// Bins follow torch.nn.AdaptiveMaxPool2d / AdaptiveAvgPool2d (torch 1.13, CPU kernel): bin i of
// n along an axis of length L covers [floor(i·L/n), ceil((i+1)·L/n)), the quotients computed in
// float32 exactly as torch's start_index/end_index do; bins may overlap (and repeat cells when
// L < n). Max: the first maximum in row-major order wins (torch's `val > maxval`), its flat index
// y·W + x is kept like return_indices=True. Avg: sum / rows / cols over the bin (torch's kernel;
// for a 1×1 output torch takes mean(), equal up to rounding).
// Vector order: level by level, each level C×n×n flattened row-major (torch.flatten of the
// pooled N×C×n×n tensor, then torch.cat over levels, as in SPP-net implementations).
#pragma once
#include <cstdint>
#include <span>
#include <vector>

#include "core/result.h"
#include "topics/conv_blocks/core/conv_tensor.h"

namespace mlviz {

inline constexpr int kSppMaxChannels = 512;
inline constexpr int kSppMaxSide = 4096; // keeps i·L exact in float32 (< 2^24)
inline constexpr int kSppMaxLevel = 64;  // bins per axis of one level
inline constexpr int kSppMaxLevels = 8;
inline constexpr std::size_t kSppMaxCells = std::size_t(1) << 24; // C·H·W

enum class SppPool { Max, Avg, Count };

struct AdaptiveBin {
    int Start = 0, End = 0; // cells [Start, End) along one axis
    bool operator==(const AdaptiveBin&) const = default;
};

// The n bins along an axis of `length` cells (torch's rule); length, n >= 1.
std::vector<AdaptiveBin> AdaptiveBins(int length, int n);

struct SppLevel {
    int Bins = 0;                        // n
    std::vector<AdaptiveBin> Rows, Cols; // n each
    std::vector<double> Values;          // C×n×n
    std::vector<int> ArgMax;             // C×n×n flat input indices y·W + x (Max only; empty for Avg)
};

struct SppResult {
    int C = 0, H = 0, W = 0;
    std::vector<SppLevel> Levels;
    std::vector<double> Vector; // C·Σn² values, see the banner for the order
};

// Fixed output length for C channels and these levels.
long long SppLength(int channels, std::span<const int> levels);

// Validates the map (finite values, sizes in range) and the levels (1..kSppMaxLevel, at most
// kSppMaxLevels of them, any order, repeats allowed).
Result<SppResult> SpatialPyramidPool(const Grid3& input, std::span<const int> levels, SppPool pool = SppPool::Max);

// A smooth synthetic C×H×W feature map for the SPP tab: `blobs` Gaussian bumps whose centres,
// widths and per-channel heights are drawn from `seed` in coordinates relative to the map
// ((x + 0.5)/W, (y + 0.5)/H), so one seed at two sizes is one picture at two resolutions and
// pools to nearly the same vector. Channels in [1, 16], sides in [1, 256], blobs in [1, 16].
Result<Grid3> MakeBlobMap(int channels, int height, int width, int blobs, std::uint32_t seed);

} // namespace mlviz
