// The classical-ML topic's state: everything the learner sets, as plain fields, in one field
// table (ranges, formats, labels: the one place they are written) and its codec.
//
// Three tabs share one data set: the Gaussian blobs (means and covariances per class, dragged on
// the canvas), moons, circles or XOR, seeded, plus the points the learner added or removed by
// click. PCA vs LDA and the two ensembles work on it (the ensembles in 2-D, with an independent
// test draw); the imbalance tab takes blobs 0 and 1 at 1:ratio. A preset is the base of a link:
// "preset=parallel&m1x=0.5" is the "parallel" preset with one mean moved, so the links in the
// answers stay short and keep their meaning when a default changes.
#pragma once
#include <array>
#include <string_view>
#include <vector>

#include "core/state_codec.h"
#include "core/topic_codec.h"
#include "topics/classical_ml/core/cml_boosting.h"
#include "topics/classical_ml/core/cml_dataset.h"
#include "topics/classical_ml/core/cml_forest.h"
#include "topics/classical_ml/core/cml_imbalance.h"

namespace mlviz {

enum class CmlTab { Pca, Ensemble, Imbalance, Count };

// Bounds of the learner's edits (URL length) and of the data the views work on (frame budget).
inline constexpr int kCmlMaxAddedPoints = 60;
inline constexpr int kCmlMaxRemovedPoints = 60;
inline constexpr int kCmlUiMaxPerClass = 400;
inline constexpr double kCmlUiMeanRange = 8.0; // blob means and added points in [-8, 8]

// The defaults' preset ("forest_variance": the state's defaults are its values) and blobs
// (cml_presets.h CmlDefaultBlobs; every Count in a state is 100 and unused).
int CmlDefaultPreset();
std::array<CmlBlob, kCmlMaxClasses> CmlStateBlobs();

// A point the learner added (2-D), coordinates on a 0.01 grid.
struct CmlAddedPoint {
    double X = 0.0, Y = 0.0;
    int Label = 0;
    bool operator==(const CmlAddedPoint&) const = default;
};

struct ClassicalMlState {
    int Preset = CmlDefaultPreset(); // index into CmlPresetNames(): the base a link is relative to
    int Tab = static_cast<int>(CmlTab::Ensemble);
    // The data set.
    int Shape = static_cast<int>(CmlShape::Moons);
    int Dims = 2;    // PCA tab, blobs: 2 or 3
    int Classes = 2; // blobs: 2..4
    int PerClass = 100;
    double Noise = 0.35; // moons, circles, XOR
    double Factor = 0.5; // circles
    double LabelNoise = 0.0;
    int Seed = 1;
    std::array<CmlBlob, kCmlMaxClasses> Blobs = CmlStateBlobs();
    std::vector<CmlAddedPoint> Added; // at most kCmlMaxAddedPoints
    std::vector<int> Removed;         // generated points taken out (ascending indices)
    int Brush = 0;                    // class of the points a click adds
    int Selected = 0;                 // class whose blob sliders are shown
    double Yaw = 0.7, Pitch = 0.35;   // 3-D orbit view, radians
    // Random forest vs gradient boosting.
    int ForestTrees = 200, ForestDepth = 20, ForestLeaf = 1, ForestFeatures = 1;
    bool Bootstrap = true;
    int ForestSeed = 1;
    int BoostStages = 200;
    double LearningRate = 0.1;
    int BoostDepth = 3, BoostLeaf = 1;
    int Criterion = 0;     // 0 squared_error, 1 friedman_mse
    int Step = -1;         // trees shown (boosting: stages); -1 = all
    bool Playing = false;  // not in links: a link opens paused
    float Speed = 10.0f;   // trees per second
    int Tree = -1;         // the tree inspected on hover (0-based); -1 = the last one shown
    bool ShowTest = false; // test points instead of training points
    // Class imbalance.
    double Ratio = 100.0; // 1:Ratio
    int Majority = 2000;
    int Method = static_cast<int>(CmlResampling::None);
    int SmoteK = 5;
    bool Balanced = false;
    double Threshold = 0.5;
    double C = 1.0;
    int Degree = 1;
    int ResampleSeed = 1;
};

const StateSchema<ClassicalMlState>& ClassicalMlStateSchema();
// The codec's rules after widgets wrote the state: every field into its range, the covariances
// positive semi-definite, the step and the inspected tree within the timeline.
void CmlApplyRules(ClassicalMlState& s);
// Decodes over the preset the link names (or the defaults), clamps every field and each blob's
// covariance to a positive semi-definite one, keeps the edits within their bounds, and opens
// paused. Encodes only what differs from the preset's state.
const StateCodec<ClassicalMlState>& ClassicalMlCodec();
const TopicCodec& ClassicalMlTopicCodec();

// Preset names (URL values): "none", then the projection, ensemble and imbalance presets
// (cml_presets.h); the state a preset stands for (its tab, data and parameters over the defaults).
const std::vector<std::string>& CmlPresetNames();
ClassicalMlState CmlPresetState(int preset);
// The tab a preset belongs to (none: the default tab); the presets of one tab, in order.
CmlTab CmlPresetTab(int preset);
std::vector<int> CmlPresetsOfTab(CmlTab tab);
// Title and note of a preset (translation keys), empty for "none".
const char* CmlPresetTitle(int preset);
const char* CmlPresetNote(int preset);

// True when the covariance of `b` (all three dimensions) is positive semi-definite with variances
// > 0; CmlMakePsd shrinks its covariances towards 0 until it is (returns true if it changed `b`).
bool CmlBlobIsPsd(const CmlBlob& b);
bool CmlMakePsd(CmlBlob& b);
// Rounds a dragged value to the grid the links carry (means and points 0.01, variances 0.001).
double CmlRoundTo(double v, double step);

// What the cores get from the state.
CmlDataConfig CmlDataConfigOf(const ClassicalMlState& s, int dims); // dims: 2 (ensembles) or s.Dims
// The training set of the PCA or ensemble tab: generated, then the removed points taken out and
// the added ones appended (edits only in 2-D: a 3-D set is used as generated).
// `origin` (optional): per point, its index in the generated set, or -1 - i for Added[i].
Result<CmlDataset> CmlTrainingSet(const ClassicalMlState& s, int dims, std::vector<int>* origin = nullptr);
CmlForestParams CmlForestParamsOf(const ClassicalMlState& s);
CmlBoostingParams CmlBoostingParamsOf(const ClassicalMlState& s);
CmlImbalanceConfig CmlImbalanceConfigOf(const ClassicalMlState& s);
// The timeline of the ensemble tab: max(forest trees, boosting stages).
int CmlTimelineLength(const ClassicalMlState& s);

// Which derived data a change invalidates.
bool SameCmlData(const ClassicalMlState& a, const ClassicalMlState& b); // generated points (not the edits)
bool SameCmlEnsembles(const ClassicalMlState& a, const ClassicalMlState& b);
bool SameCmlImbalance(const ClassicalMlState& a, const ClassicalMlState& b); // all but the threshold

} // namespace mlviz
