// Dependency cones, path counts and the effective receptive field (ERF) of a layer stack.
// ERF as in Luo, Li, Urtasun, Zemel, "Understanding the Effective Receptive Field in Deep
// Convolutional Neural Networks", NeurIPS 2016: |d y / d x| of one output unit y with respect
// to every input pixel x, normalised to sum 1.
//
// Maps are numbered 0 (the input) to L (output of the last layer); map m > 0 is the output
// of stack layer m - 1. Coordinates are (y, x), row 0 at the top, as in rf_stack.h.
//   Uniform weights: every weight 1, no nonlinearity, every pooling window tap counts as a
//     path (max pool like average pool): the ERF is the number of paths to each pixel.
//   Random weights: a C-channel copy of the stack (C = Channels for every map, depthwise
//     layers stay depthwise, other groups become 1) with weights ~ N(0, 1/fan_in), no bias,
//     a random N(0, 1) input (it decides ReLU gates and max-pool winners, as torch's
//     backward does: the gradient goes to the first maximum), optional ReLU after every
//     convolution below the unit's map, average pool with count_include_pad = True. The ERF
//     is |gradient| summed over input channels, normalised to sum 1 for each seed, then
//     averaged over the seeds whose gradient did not vanish.
// Residual shortcuts are not modelled: presets give the main path only.
#pragma once
#include <array>
#include <cstdint>
#include <memory>
#include <random>
#include <span>
#include <vector>

#include "core/result.h"
#include "topics/receptive_field/core/rf_stack.h"

namespace mlviz {

// Size of map m: the input size for m = 0, else the output size of layer m - 1.
RfPair MapSize(const RfAnalysis& analysis, int map);

// Boxes (clipped to each map) of the units that unit (uy, ux) of `map` depends on, for maps
// 0..map; element `map` is the unit itself. A box is the bounding box of the true dependency
// set: padding taps depend on nothing, dilation gaps lie inside it.
std::vector<RfBox> DependencyCone(const RfStack& stack, const RfAnalysis& analysis, int map, int uy, int ux);

// Values of one map over a box (row-major, Box.Height() x Box.Width()).
struct RfMapPatch {
    RfBox Box;
    std::vector<double> Values;
    double At(std::int64_t y, std::int64_t x) const; // 0 outside the box
};

// Number of paths from unit (uy, ux) of `map` down to every unit of the maps below (the
// uniform-weight gradient). Maps[m] for m = 0..map. If a count would exceed about 1e240 the
// map is rescaled (Scaled = true) so that values stay finite; ratios within a map stay exact.
struct RfPathCounts {
    std::vector<RfMapPatch> Maps;
    bool Scaled = false;
};
RfPathCounts PathCounts(const RfStack& stack, const RfAnalysis& analysis, int map, int uy, int ux);

enum class ErfWeights { Uniform, Random };

inline constexpr int kErfMaxSeeds = 64;
inline constexpr int kErfMaxChannels = 16;
inline constexpr std::int64_t kErfMaxValues = std::int64_t(1) << 24; // activations kept for one seed

struct ErfConfig {
    ErfWeights Weights = ErfWeights::Uniform;
    bool Relu = false; // random weights only
    int Seeds = 8;     // K, [1, kErfMaxSeeds]; random weights only
    int Channels = 4;  // [1, kErfMaxChannels]; random weights only
    std::uint32_t Seed = 1;
    int Map = -1;               // map of the unit, [1, L]; -1 = the last map
    int UnitY = -1, UnitX = -1; // -1 = the centre unit, (n - 1) / 2
};

// The smallest number of cells inside `box` (clipped to the map) holding `share` of the mass
// of `values` (largest first), and that count as a share of the box's cells in the map.
struct RfMassShare {
    std::int64_t Cells = 0, BoxCells = 0;
    double Share = 0.0;
};
RfMassShare SmallestMassShare(const std::vector<double>& values, RfPair size, const RfBox& box, double share);

struct ErfResult {
    RfPair InputSize{};
    int Map = 0, UnitY = 0, UnitX = 0;
    std::vector<double> Values; // InputSize[0] x InputSize[1]; sums to 1, or all 0
    RfBox Field;                // theoretical field (input coordinates, may pass the border)
    int SeedsUsed = 0, SeedsVanished = 0;
    RfMassShare Mass95;                    // 95 % of the mass, as a share of the field inside the input
    std::array<double, 2> Mean{}, Sigma{}; // mass-weighted centre and spread, input pixels
};

// Computes the ERF a few rows at a time so that a view never blocks a frame.
class ErfJob {
public:
    ErfJob() = default; // an empty job, already done
    static Result<ErfJob> Create(const RfStack& stack, const ErfConfig& config);

    // Performs about `budget` multiply-adds (at least one row of one layer); true when done.
    bool Step(std::int64_t budget);
    bool Done() const { return Finished; }
    double Progress() const;
    std::int64_t TotalWork() const { return WorkTotal; }
    // Average over the seeds finished so far; statistics are filled once Done().
    const ErfResult& Output() const { return Out; }

    // The last seed's random copy, for tests that check the gradient by finite differences:
    // weights of a conv layer (C_out x C_in/groups x kh x kw), its groups, and the input
    // (channels x InputBox(), row-major) that set the ReLU gates and max-pool winners.
    const std::vector<double>& LayerWeights(int layer) const { return Weights[static_cast<std::size_t>(layer)]; }
    int LayerGroups(int layer) const { return Groups[static_cast<std::size_t>(layer)]; }
    std::span<const double> InputValues() const;
    RfBox InputBox() const { return Maps.empty() ? RfBox{} : Maps[0].Box; }

private:
    // Buffers are allocated uninitialised and written row by row: clearing megabytes at once
    // would stall the frame that starts a job.
    struct Map {
        RfBox Box;
        int Channels = 1;
        std::int64_t Size = 0;               // Channels x Box.Area()
        std::unique_ptr<double[]> Act, Grad; // channel-major, row-major within a channel
        std::unique_ptr<int[]> Winner;       // max pool: index into the map below; -1 = none
        std::int64_t GradRows = 0;           // rows of Grad cleared for the current backward
    };
    void BeginSeed();
    void InputRow();
    void ForwardRow(int layer, std::int64_t y);
    void BackwardRow(int layer, std::int64_t y);
    void ClearGradRows(Map& m, std::int64_t rows);
    void FinishLayerBackward(int layer);
    void MagnitudeRow();
    void AccumulateRow();
    void Finish();
    std::int64_t RowCost(int layer) const;

    RfStack Stack;
    ErfConfig Config;
    std::vector<Map> Maps;
    std::vector<int> Groups;                  // groups of every layer in the copy
    std::vector<std::vector<double>> Weights; // per layer (conv only)
    std::unique_ptr<double[]> SeedMag;        // this seed's |gradient| over the input box
    double SeedTotal = 0.0;
    double GradBound = 1.0;  // bound on |gradient| of the map being filled
    std::vector<double> Sum; // sum of the per-seed normalised maps
    ErfResult Out;
    std::mt19937 Rng; // the current seed's generator (input rows)
    // Stage -1: random input rows; 0..L-1: forward through layer Stage; L..2L-1: backward
    // through layer 2L-1-Stage; 2L: |gradient| rows; 2L+1: rows added to the average.
    int SeedIndex = 0, Stage = 0;
    std::int64_t Row = 0;
    std::int64_t WorkDone = 0, WorkTotal = 0;
    bool Finished = true;
};

// Runs a job to completion (CLI, tests).
Result<ErfResult> ComputeErf(const RfStack& stack, const ErfConfig& config);

} // namespace mlviz
