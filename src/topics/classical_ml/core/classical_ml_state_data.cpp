// The classical-ML state's presets (as bases of links) and what the cores get from a state.
#include <algorithm>
#include <cmath>

#include "topics/classical_ml/core/classical_ml_state.h"
#include "topics/classical_ml/core/cml_presets.h"

namespace mlviz {

namespace {

struct PresetRef {
    CmlTab Tab = CmlTab::Count;
    int Index = -1; // into that tab's table
};

PresetRef Lookup(int preset)
{
    const int p = static_cast<int>(CmlProjectionPresets().size()), e = static_cast<int>(CmlEnsemblePresets().size()),
              i = static_cast<int>(CmlImbalancePresets().size());
    if (preset >= 1 && preset <= p) return {CmlTab::Pca, preset - 1};
    if (preset > p && preset <= p + e) return {CmlTab::Ensemble, preset - 1 - p};
    if (preset > p + e && preset <= p + e + i) return {CmlTab::Imbalance, preset - 1 - p - e};
    return {};
}

void SetBlob(ClassicalMlState& s, int k, CmlBlob b)
{
    b.Count = 100;
    s.Blobs[static_cast<std::size_t>(k)] = b;
}

void SetData(ClassicalMlState& s, const CmlDataConfig& d)
{
    s.Shape = static_cast<int>(d.Shape);
    s.Seed = static_cast<int>(d.Seed);
    s.LabelNoise = d.LabelNoise;
    if (d.Shape == CmlShape::Blobs) {
        s.Dims = d.Dims;
        s.Classes = d.NumClasses;
        s.PerClass = d.Blobs[0].Count;
        for (int k = 0; k < d.NumClasses; ++k) SetBlob(s, k, d.Blobs[static_cast<std::size_t>(k)]);
    } else {
        s.PerClass = d.PointsPerClass;
        s.Noise = d.Noise;
        s.Factor = d.Factor;
    }
}

} // namespace

int CmlDefaultPreset()
{
    static const int preset = [] {
        const auto& names = CmlPresetNames();
        return static_cast<int>(std::find(names.begin(), names.end(), "forest_variance") - names.begin());
    }();
    return preset;
}

std::array<CmlBlob, kCmlMaxClasses> CmlStateBlobs()
{
    std::array<CmlBlob, kCmlMaxClasses> blobs = CmlDefaultBlobs();
    for (CmlBlob& b : blobs) b.Count = 100;
    return blobs;
}

const std::vector<std::string>& CmlPresetNames()
{
    static const std::vector<std::string> names = [] {
        std::vector<std::string> out = {"none"};
        for (const auto& p : CmlProjectionPresets()) out.emplace_back(p.Id);
        for (const auto& p : CmlEnsemblePresets()) out.emplace_back(p.Id);
        for (const auto& p : CmlImbalancePresets()) out.emplace_back(p.Id);
        return out;
    }();
    return names;
}

CmlTab CmlPresetTab(int preset)
{
    const PresetRef r = Lookup(preset);
    return r.Tab == CmlTab::Count ? static_cast<CmlTab>(ClassicalMlState{}.Tab) : r.Tab;
}

std::vector<int> CmlPresetsOfTab(CmlTab tab)
{
    std::vector<int> out;
    for (int p = 1; p < static_cast<int>(CmlPresetNames().size()); ++p)
        if (Lookup(p).Tab == tab) out.push_back(p);
    return out;
}

const char* CmlPresetTitle(int preset)
{
    const PresetRef r = Lookup(preset);
    switch (r.Tab) {
    case CmlTab::Pca: return CmlProjectionPresets()[r.Index].Title;
    case CmlTab::Ensemble: return CmlEnsemblePresets()[r.Index].Title;
    case CmlTab::Imbalance: return CmlImbalancePresets()[r.Index].Title;
    default: return "";
    }
}

const char* CmlPresetNote(int preset)
{
    const PresetRef r = Lookup(preset);
    switch (r.Tab) {
    case CmlTab::Pca: return CmlProjectionPresets()[r.Index].Note;
    case CmlTab::Ensemble: return CmlEnsemblePresets()[r.Index].Note;
    case CmlTab::Imbalance: return CmlImbalancePresets()[r.Index].Note;
    default: return "";
    }
}

ClassicalMlState CmlPresetState(int preset)
{
    ClassicalMlState s;
    s.Preset = std::clamp(preset, 0, static_cast<int>(CmlPresetNames().size()) - 1);
    const PresetRef r = Lookup(s.Preset);
    if (r.Tab == CmlTab::Count) return s;
    s.Tab = static_cast<int>(r.Tab);
    if (r.Tab == CmlTab::Pca) {
        SetData(s, CmlProjectionPresets()[r.Index].Data);
    } else if (r.Tab == CmlTab::Ensemble) {
        const CmlEnsemblePreset& p = CmlEnsemblePresets()[r.Index];
        SetData(s, p.Data);
        s.ForestTrees = p.Forest.NumTrees;
        s.ForestDepth = p.Forest.MaxDepth;
        s.ForestLeaf = p.Forest.MinSamplesLeaf;
        s.ForestFeatures = p.Forest.MaxFeatures == 0 ? 1 : p.Forest.MaxFeatures; // sqrt(2) -> 1
        s.Bootstrap = p.Forest.Bootstrap;
        s.ForestSeed = static_cast<int>(p.Forest.Seed);
        s.BoostStages = p.Boosting.NumStages;
        s.LearningRate = p.Boosting.LearningRate;
        s.BoostDepth = p.Boosting.MaxDepth;
        s.BoostLeaf = p.Boosting.MinSamplesLeaf;
        s.Criterion = p.Boosting.Criterion == CmlCriterion::FriedmanMse ? 1 : 0;
    } else {
        const CmlImbalancePreset& p = CmlImbalancePresets()[r.Index];
        const CmlImbalanceConfig& c = p.Config;
        SetBlob(s, 0, c.Data.Blobs[0]);
        SetBlob(s, 1, c.Data.Blobs[1]);
        s.Seed = static_cast<int>(c.Data.Seed);
        s.Majority = c.Majority;
        s.Ratio = c.Ratio;
        s.Method = static_cast<int>(c.Method);
        s.SmoteK = c.SmoteK;
        s.ResampleSeed = static_cast<int>(c.ResampleSeed);
        s.Balanced = c.Model.BalancedWeights;
        s.C = c.Model.C;
        s.Degree = c.Model.Degree;
        s.Threshold = p.Threshold;
    }
    return s;
}

CmlDataConfig CmlDataConfigOf(const ClassicalMlState& s, int dims)
{
    CmlDataConfig c;
    c.Shape = static_cast<CmlShape>(std::clamp(s.Shape, 0, static_cast<int>(CmlShape::Count) - 1));
    const bool blobs = c.Shape == CmlShape::Blobs;
    c.Dims = blobs ? std::clamp(dims, 2, 3) : 2;
    c.NumClasses = blobs ? std::clamp(s.Classes, 2, kCmlMaxClasses) : 2;
    c.PointsPerClass = s.PerClass;
    c.Noise = s.Noise;
    c.Factor = s.Factor;
    c.LabelNoise = s.LabelNoise;
    c.Seed = static_cast<std::uint32_t>(std::max(0, s.Seed));
    c.Blobs = s.Blobs;
    for (CmlBlob& b : c.Blobs) b.Count = s.PerClass;
    return c;
}

Result<CmlDataset> CmlTrainingSet(const ClassicalMlState& s, int dims, std::vector<int>* origin)
{
    auto data = CmlGenerate(CmlDataConfigOf(s, dims), 0);
    if (origin) origin->clear();
    if (!data) return data;
    CmlDataset& d = *data;
    std::vector<int> from(static_cast<std::size_t>(d.Size()));
    for (int i = 0; i < d.Size(); ++i) from[static_cast<std::size_t>(i)] = i;
    if (d.Dims == 2) {
        // Removed indices are ascending: erase from the back so the earlier ones keep their meaning.
        for (auto it = s.Removed.rbegin(); it != s.Removed.rend(); ++it) {
            const int i = *it;
            if (i < 0 || i >= d.Size()) continue;
            d.X.erase(d.X.begin() + 2 * i, d.X.begin() + 2 * i + 2);
            d.Y.erase(d.Y.begin() + i);
            from.erase(from.begin() + i);
        }
        for (std::size_t k = 0; k < s.Added.size(); ++k) {
            const CmlAddedPoint& p = s.Added[k];
            const double x[2] = {p.X, p.Y};
            if (p.Label < d.NumClasses && CmlAddPoint(d, x, p.Label)) from.push_back(-1 - static_cast<int>(k));
        }
    }
    if (origin) *origin = std::move(from);
    return data;
}

CmlForestParams CmlForestParamsOf(const ClassicalMlState& s)
{
    CmlForestParams p;
    p.NumTrees = s.ForestTrees;
    p.MaxDepth = s.ForestDepth;
    p.MinSamplesLeaf = s.ForestLeaf;
    p.MaxFeatures = std::clamp(s.ForestFeatures, 1, 2);
    p.Bootstrap = s.Bootstrap;
    p.Seed = static_cast<std::uint32_t>(std::max(0, s.ForestSeed));
    return p;
}

CmlBoostingParams CmlBoostingParamsOf(const ClassicalMlState& s)
{
    CmlBoostingParams p;
    p.NumStages = s.BoostStages;
    p.LearningRate = s.LearningRate;
    p.MaxDepth = s.BoostDepth;
    p.MinSamplesLeaf = s.BoostLeaf;
    p.Criterion = s.Criterion == 1 ? CmlCriterion::FriedmanMse : CmlCriterion::SquaredError;
    return p;
}

CmlImbalanceConfig CmlImbalanceConfigOf(const ClassicalMlState& s)
{
    CmlImbalanceConfig c;
    c.Data.Shape = CmlShape::Blobs;
    c.Data.Dims = 2;
    c.Data.NumClasses = 2;
    c.Data.Seed = static_cast<std::uint32_t>(std::max(0, s.Seed));
    c.Data.Blobs[0] = s.Blobs[0];
    c.Data.Blobs[1] = s.Blobs[1];
    c.Majority = s.Majority;
    c.Ratio = s.Ratio;
    c.Method = static_cast<CmlResampling>(std::clamp(s.Method, 0, static_cast<int>(CmlResampling::Count) - 1));
    c.SmoteK = s.SmoteK;
    c.ResampleSeed = static_cast<std::uint32_t>(std::max(0, s.ResampleSeed));
    c.Model.C = s.C;
    c.Model.Degree = s.Degree;
    c.Model.BalancedWeights = s.Balanced;
    return c;
}

int CmlTimelineLength(const ClassicalMlState& s)
{
    return std::max(1, std::max(s.ForestTrees, s.BoostStages));
}

bool SameCmlData(const ClassicalMlState& a, const ClassicalMlState& b)
{
    return a.Shape == b.Shape && a.Dims == b.Dims && a.Classes == b.Classes && a.PerClass == b.PerClass && a.Noise == b.Noise &&
        a.Factor == b.Factor && a.LabelNoise == b.LabelNoise && a.Seed == b.Seed && a.Blobs == b.Blobs;
}

bool SameCmlEnsembles(const ClassicalMlState& a, const ClassicalMlState& b)
{
    return SameCmlData(a, b) && a.Added == b.Added && a.Removed == b.Removed && a.ForestTrees == b.ForestTrees &&
        a.ForestDepth == b.ForestDepth && a.ForestLeaf == b.ForestLeaf && a.ForestFeatures == b.ForestFeatures &&
        a.Bootstrap == b.Bootstrap && a.ForestSeed == b.ForestSeed && a.BoostStages == b.BoostStages &&
        a.LearningRate == b.LearningRate && a.BoostDepth == b.BoostDepth && a.BoostLeaf == b.BoostLeaf &&
        a.Criterion == b.Criterion;
}

bool SameCmlImbalance(const ClassicalMlState& a, const ClassicalMlState& b)
{
    return a.Blobs[0] == b.Blobs[0] && a.Blobs[1] == b.Blobs[1] && a.Seed == b.Seed && a.Ratio == b.Ratio &&
        a.Majority == b.Majority && a.Method == b.Method && a.SmoteK == b.SmoteK && a.Balanced == b.Balanced && a.C == b.C &&
        a.Degree == b.Degree && a.ResampleSeed == b.ResampleSeed;
}

} // namespace mlviz
