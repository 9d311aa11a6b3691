// Labelled point sets for the classical-ML topic: Gaussian blobs (2-D or 3-D, 2-4 classes), two
// moons, two circles and XOR, seeded; plus editing (add / remove a point) and validation.
// Coordinates are plain numbers (no units); moons and circles follow sklearn.datasets.make_moons /
// make_circles (points evenly spaced along the arcs, then Gaussian noise), drawn with core/random.h.
#pragma once
#include <array>
#include <cstdint>
#include <optional>
#include <span>
#include <string_view>
#include <vector>

#include "core/result.h"

namespace mlviz {

inline constexpr int kCmlMaxClasses = 4;
inline constexpr int kCmlMaxDims = 3;
inline constexpr int kCmlMaxPointsPerClass = 2500;
inline constexpr int kCmlMaxPoints = 5000; // any data set the core accepts (after edits and resampling)
inline constexpr double kCmlMaxCoordinate = 1e6;

enum class CmlShape { Blobs, Moons, Circles, Xor, Count };

// "blobs", "moons", "circles", "xor" (CLI and URL names).
std::string_view CmlShapeName(CmlShape shape);
std::optional<CmlShape> CmlShapeFromName(std::string_view name);

// One Gaussian class: mean and covariance (must be positive semi-definite; Z used only in 3-D).
struct CmlBlob {
    double MeanX = 0.0, MeanY = 0.0, MeanZ = 0.0; // [-100, 100]
    double VarX = 1.0, VarY = 1.0, VarZ = 1.0;    // [0, 100]
    double CovXY = 0.0, CovXZ = 0.0, CovYZ = 0.0; // |Cov| <= sqrt(Var Var)
    int Count = 100;                              // [0, kCmlMaxPointsPerClass]
    bool operator==(const CmlBlob&) const = default;
};

struct CmlDataConfig {
    CmlShape Shape = CmlShape::Blobs;
    int Dims = 2;             // 2, or 3 (blobs only)
    int NumClasses = 2;       // blobs: [2, 4]; moons, circles, xor: 2
    int PointsPerClass = 100; // moons, circles, xor: [1, kCmlMaxPointsPerClass]
    double Noise = 0.1;       // moons, circles, xor: sd of the Gaussian jitter, [0, 2]
    double Factor = 0.5;      // circles: inner / outer radius, [0.05, 0.95]
    double LabelNoise = 0.0;  // each label replaced by another class with this probability, [0, 0.5]
    std::uint32_t Seed = 1;
    std::array<CmlBlob, kCmlMaxClasses> Blobs{};
};

struct CmlDataset {
    int Dims = 2;
    int NumClasses = 2;
    std::vector<double> X; // row-major, Size() x Dims
    std::vector<int> Y;    // class of each point, [0, NumClasses)

    int Size() const { return static_cast<int>(Y.size()); }
    double At(int i, int j) const { return X[static_cast<std::size_t>(i) * Dims + j]; }
    const double* Row(int i) const { return X.data() + static_cast<std::size_t>(i) * Dims; }
};

Message CmlValidateDataConfig(const CmlDataConfig& config);
// stream 0: the training points; stream 1: test points, an independent draw of the same
// distribution. Points come class by class. Same config and stream: same points everywhere.
Result<CmlDataset> CmlGenerate(const CmlDataConfig& config, int stream = 0);

// Empty when dims is 2 or 3, classes in [2, 4], sizes match, at most kCmlMaxPoints, labels in
// range and coordinates finite with |x| <= kCmlMaxCoordinate.
Message CmlValidateDataset(const CmlDataset& data);

// Number of points of each class (NumClasses entries).
std::vector<int> CmlClassCounts(const CmlDataset& data);

// Appends a point (x has Dims values); false when full, the label is out of range or x is not finite.
bool CmlAddPoint(CmlDataset& data, std::span<const double> x, int label);
// Removes the point nearest to (x, y) in the first two coordinates if it lies within `radius`;
// returns its former index or -1.
int CmlRemoveNearest(CmlDataset& data, double x, double y, double radius);

} // namespace mlviz
