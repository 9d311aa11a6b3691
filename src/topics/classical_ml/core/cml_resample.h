// Class-imbalance resampling as imbalanced-learn 0.10 does it with sampling_strategy="auto":
// random over-sampling (RandomOverSampler: every class but the majority drawn with replacement up
// to the majority's count, the copies appended after the originals), random under-sampling
// (RandomUnderSampler: every class but the minority cut to the minority's count without
// replacement, classes in ascending order) and SMOTE (imblearn/over_sampling/_smote/base.py):
// for each class but the majority, ascending, the k nearest neighbours of each of its points among
// the class's points (self excluded), then n_majority - n_class synthetic points: a draw
// i in [0, m k) picks row i / k and neighbour column i % k, a gap u in [0, 1) gives
//   x_new = x[row] + u * (x[nn[row][col]] - x[row]).
// The majority is the class with the most points (ties: the class seen first, as Counter).
// Randomness comes from core/random.h, so the draws differ from numpy's; given the same draws the
// points are imblearn's, bit for bit. Neighbour ties (equal distances) go to the lower index;
// imblearn's order on ties depends on its tree, and it drops the first neighbour assuming it is
// the point itself, which is not so with duplicates: keep the points distinct to compare.
#pragma once
#include <cstdint>
#include <optional>
#include <span>
#include <string_view>
#include <vector>

#include "core/result.h"
#include "topics/classical_ml/core/cml_dataset.h"

namespace mlviz {

inline constexpr int kCmlMaxSmoteK = 20;

enum class CmlResampling { None, RandomOver, RandomUnder, Smote, Count };
// "none", "random_over", "random_under", "smote".
std::string_view CmlResamplingName(CmlResampling r);
std::optional<CmlResampling> CmlResamplingFromName(std::string_view name);

// Minority size for a majority of `majority` points at 1:ratio: max(1, round(majority / ratio)).
int CmlMinorityCount(int majority, double ratio);

struct CmlSmoteSample {
    int Base = 0;      // index into the input data set
    int Neighbour = 0; // index into the input data set
    double Gap = 0.0;  // in [0, 1)
};

struct CmlResampled {
    CmlDataset Data;                       // resampled set
    std::vector<int> Source;               // per point of Data: the input point it copies, -1 if synthetic
    std::vector<CmlSmoteSample> Synthetic; // SMOTE: the synthetic points in order (Data's last points)
};

// For each of `members` (indices into data), its k nearest other members, nearest first
// (Euclidean, ties by lower index): members.size() x k positions into `members`.
// Needs k < members.size().
std::vector<int> CmlNearestNeighbours(const CmlDataset& data, std::span<const int> members, int k);

// imblearn's _generate_samples for given draws: rows / cols index the neighbour table `nn`
// (members.size() x k positions into members), gaps in [0, 1). Returns rows.size() x Dims values.
std::vector<double> CmlSmotePoints(const CmlDataset& data, std::span<const int> members, std::span<const int> nn, int k,
                                   std::span<const int> rows, std::span<const int> cols, std::span<const double> gaps);

Result<CmlResampled> CmlResample(const CmlDataset& data, CmlResampling method, int smote_k, std::uint32_t seed);

// The majority class as imblearn picks it (-1 for an empty set).
int CmlMajorityClass(const CmlDataset& data);

} // namespace mlviz
