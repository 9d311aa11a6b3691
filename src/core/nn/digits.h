// nn core: scikit-learn's handwritten digits (sklearn.datasets.load_digits: 1 797 images of
// 8x8 pixels with values 0..16 and labels 0..9; UCI "Optical Recognition of Handwritten
// Digits", CC BY 4.0) read from the package's digits.csv.gz, and a seeded stratified split.
// CSV rows: 64 pixel values (row-major, top row first) then the label, as load_digits reads.
#pragma once
#include <cstdint>
#include <span>
#include <string>
#include <string_view>
#include <vector>

#include "core/nn/trainer.h"
#include "core/result.h"

namespace mlviz::nn {

inline constexpr int kDigitsCount = 1797;
inline constexpr int kDigitsSide = 8;
inline constexpr int kDigitsPixels = kDigitsSide * kDigitsSide;
inline constexpr int kDigitsMaxValue = 16;
inline constexpr std::size_t kGzipMaxBytes = 64u << 20; // compressed and decompressed

struct DigitsData {
    std::vector<std::uint8_t> Pixels; // Count() * 64 values in [0, 16]
    std::vector<int> Labels;          // Count() labels in [0, 9]
    int Count() const { return static_cast<int>(Labels.size()); }
    const std::uint8_t* Image(int i) const { return Pixels.data() + static_cast<std::size_t>(i) * kDigitsPixels; }
};

// A single-member gzip file (RFC 1952) inflated with stb_image's zlib decoder; the header
// flags (FEXTRA, FNAME, FCOMMENT, FHCRC), the CRC-32 and the length are checked.
Result<std::string> GunzipBytes(std::string_view gz);

// The CSV text: exactly 1 797 rows of 65 integers (pixels in [0, 16], label in [0, 9]).
Result<DigitsData> ParseDigitsCsv(std::string_view csv);

// GunzipBytes + ParseDigitsCsv: the bytes of sklearn/datasets/data/digits.csv.gz.
Result<DigitsData> LoadDigitsGz(std::string_view gz_bytes);

struct DigitsSplit {
    std::vector<int> Train, Test; // sample indices, ascending
};

// Stratified random split (the idea of sklearn's train_test_split(stratify=y); its random
// stream is not reproduced): ceil(test_fraction * n) test samples, shared among the classes
// in proportion to their sizes (largest remainders first, ties to the smaller class index),
// each class's test samples drawn by a seeded Fisher-Yates shuffle. test_fraction in (0, 1).
Result<DigitsSplit> StratifiedSplit(std::span<const int> labels, int classes, double test_fraction, std::uint32_t seed);

// The samples `indices` as a Dataset: inputs [n, 1, 8, 8] = pixel / 16 (values in [0, 1]),
// labels 0..9. Fails on an index outside the data.
template <typename T>
Result<Dataset<T>> DigitsDataset(const DigitsData& digits, std::span<const int> indices);

} // namespace mlviz::nn
