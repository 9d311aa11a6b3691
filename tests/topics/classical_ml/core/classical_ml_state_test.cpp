// The classical-ML state: presets as the base of links, the codec's own rules (PSD covariances,
// the timeline, bounded edit lists), what the cores get from a state, and the view's grid
// helpers (decision regions that follow the tree count, iso-lines).
#include <catch2/catch.hpp>

#include <cmath>

#include "core/topic_state.h"
#include "topics/classical_ml/core/classical_ml_state.h"
#include "topics/classical_ml/core/cml_presets.h"
#include "topics/classical_ml/core/cml_regions.h"

using namespace mlviz;

namespace {

ClassicalMlState Decode(std::string_view link, std::vector<Message>* notices = nullptr)
{
    ClassicalMlState s;
    const auto n = ClassicalMlCodec().Decode(ParseKeyValues(link), s);
    if (notices) *notices = n;
    return s;
}

std::string Encode(const ClassicalMlState& s)
{
    return ClassicalMlCodec().Encode(s);
}

bool SameConfig(const CmlDataConfig& a, const CmlDataConfig& b, bool blobs_only)
{
    bool same = a.Shape == b.Shape && a.Seed == b.Seed && a.LabelNoise == b.LabelNoise;
    if (a.Shape == CmlShape::Blobs) {
        same = same && a.Dims == b.Dims && a.NumClasses == b.NumClasses;
        for (int k = 0; k < a.NumClasses; ++k) {
            CmlBlob x = a.Blobs[k], y = b.Blobs[k];
            x.Count = y.Count = 0; // the imbalance job sets the counts from its ratio
            same = same && x == y;
        }
    } else if (!blobs_only) {
        same = same && a.PointsPerClass == b.PointsPerClass && a.Noise == b.Noise && a.Factor == b.Factor;
    }
    return same;
}

} // namespace

TEST_CASE("classical_ml state: the defaults are the forest_variance preset, each preset is a one-key link", "[classical_ml]")
{
    const ClassicalMlState defaults;
    CHECK(CmlPresetNames()[defaults.Preset] == "forest_variance");
    CHECK(Encode(CmlPresetState(defaults.Preset)) == "");
    CHECK(Encode(defaults) == "");
    for (int p = 0; p < static_cast<int>(CmlPresetNames().size()); ++p) {
        const std::string& name = CmlPresetNames()[p];
        INFO(name);
        const ClassicalMlState s = CmlPresetState(p);
        const std::string link = p == defaults.Preset ? "" : "preset=" + name;
        CHECK(Encode(s) == link);
        std::vector<Message> notices;
        const ClassicalMlState back = Decode(link, &notices);
        CHECK(notices.empty());
        CHECK(Encode(back) == link);
        if (p > 0) CHECK(static_cast<int>(CmlPresetTab(p)) == s.Tab);
    }
    // A preset with changes keeps the preset and writes only the changes.
    CHECK(CanonicalTopicState("classical_ml", "m1x=0.5&preset=parallel").Fragment == "preset=parallel&m1x=0.5");
    CHECK(CmlPresetsOfTab(CmlTab::Pca).size() == CmlProjectionPresets().size());
    CHECK(CmlPresetsOfTab(CmlTab::Imbalance).size() == CmlImbalancePresets().size());
}

TEST_CASE("classical_ml state: a preset's state gives the cores the preset's own inputs", "[classical_ml]")
{
    for (const CmlProjectionPreset& p : CmlProjectionPresets()) {
        INFO(p.Id);
        const int index =
            static_cast<int>(std::find(CmlPresetNames().begin(), CmlPresetNames().end(), p.Id) - CmlPresetNames().begin());
        const ClassicalMlState s = CmlPresetState(index);
        const CmlDataConfig c = CmlDataConfigOf(s, s.Dims);
        CHECK(SameConfig(c, p.Data, false));
        CHECK(c.Blobs[0].Count == p.Data.Blobs[0].Count);
    }
    for (const CmlEnsemblePreset& p : CmlEnsemblePresets()) {
        INFO(p.Id);
        const int index =
            static_cast<int>(std::find(CmlPresetNames().begin(), CmlPresetNames().end(), p.Id) - CmlPresetNames().begin());
        const ClassicalMlState s = CmlPresetState(index);
        CHECK(SameConfig(CmlDataConfigOf(s, 2), p.Data, false));
        const CmlForestParams f = CmlForestParamsOf(s);
        CHECK((f.NumTrees == p.Forest.NumTrees && f.MaxDepth == p.Forest.MaxDepth && f.Bootstrap == p.Forest.Bootstrap &&
               f.Seed == p.Forest.Seed && f.MinSamplesLeaf == p.Forest.MinSamplesLeaf));
        CHECK(f.MaxFeatures == 1); // = sklearn's "sqrt" (the preset's 0) for two features
        const CmlBoostingParams b = CmlBoostingParamsOf(s);
        CHECK((b.NumStages == p.Boosting.NumStages && b.LearningRate == p.Boosting.LearningRate &&
               b.MaxDepth == p.Boosting.MaxDepth && b.Criterion == p.Boosting.Criterion &&
               b.MinSamplesLeaf == p.Boosting.MinSamplesLeaf));
        // No edits: the training set is the preset's stream 0.
        const auto train = CmlTrainingSet(s, 2);
        REQUIRE(train.Ok());
        CHECK(train->X == CmlGenerate(p.Data, 0).Value().X);
    }
    for (const CmlImbalancePreset& p : CmlImbalancePresets()) {
        INFO(p.Id);
        const int index =
            static_cast<int>(std::find(CmlPresetNames().begin(), CmlPresetNames().end(), p.Id) - CmlPresetNames().begin());
        const ClassicalMlState s = CmlPresetState(index);
        const CmlImbalanceConfig c = CmlImbalanceConfigOf(s);
        CHECK(SameConfig(c.Data, p.Config.Data, true));
        CHECK((c.Majority == p.Config.Majority && c.Ratio == p.Config.Ratio && c.Method == p.Config.Method &&
               c.SmoteK == p.Config.SmoteK && c.ResampleSeed == p.Config.ResampleSeed && c.Model.C == p.Config.Model.C &&
               c.Model.Degree == p.Config.Model.Degree && c.Model.BalancedWeights == p.Config.Model.BalancedWeights));
        CHECK(s.Threshold == p.Threshold);
    }
}

TEST_CASE("classical_ml state: covariances are made positive semi-definite, once", "[classical_ml]")
{
    std::vector<Message> notices;
    const ClassicalMlState s = Decode("preset=agree&v0x=1&v0y=1&c0xy=5", &notices);
    CHECK(notices.size() == 1);
    CHECK(CmlBlobIsPsd(s.Blobs[0]));
    CHECK(std::fabs(s.Blobs[0].CovXY) <= 1.0);
    CHECK(std::fabs(s.Blobs[0].CovXY) > 0.999);
    const std::string link = Encode(s);
    CHECK(Decode(link, &notices).Blobs[0] == s.Blobs[0]);
    CHECK(notices.empty());
    CHECK(Encode(Decode(link)) == link);
    // Three dimensions: pairwise fine, jointly not (correlations 0.9, 0.9, -0.9).
    CmlBlob b;
    b.CovXY = 0.9;
    b.CovXZ = 0.9;
    b.CovYZ = -0.9;
    CHECK_FALSE(CmlBlobIsPsd(b));
    CHECK(CmlMakePsd(b));
    CHECK(CmlBlobIsPsd(b));
    CmlDataConfig c;
    c.Dims = 3;
    c.Blobs[0] = b;
    CHECK(CmlValidateDataConfig(c).Empty());
}

TEST_CASE("classical_ml state: the learner's points are bounded, canonical and applied to the training set", "[classical_ml]")
{
    std::vector<Message> notices;
    ClassicalMlState s = Decode("tab=pca&data=blobs&pts=0.123,9,1_x,1,1_-1,-1,7&del=5,3,3,-2", &notices);
    CHECK(notices.size() == 2); // one per field: pts (clamped and malformed items), del (a bad index)
    REQUIRE(s.Added.size() == 2);
    CHECK(s.Added[0] == CmlAddedPoint{0.12, 8.0, 1});
    CHECK(s.Added[1] == CmlAddedPoint{-1.0, -1.0, 3});
    CHECK(s.Removed == std::vector<int>{3, 5});
    CHECK(Encode(s) == "tab=pca&data=blobs&pts=0.12,8,1_-1,-1,3&del=3,5");
    std::vector<int> origin;
    const auto d = CmlTrainingSet(s, 2, &origin);
    REQUIRE(d.Ok());
    CHECK(d->Size() == 2 * s.PerClass - 2 + 1); // class 3 is not in a two-class set
    CHECK(origin[3] == 4);
    CHECK(origin[4] == 6);
    CHECK(origin.back() == -1);
    CHECK(d->At(d->Size() - 1, 0) == 0.12);
    std::string many;
    for (int i = 0; i < kCmlMaxAddedPoints + 5; ++i) {
        if (i > 0) many += '_';
        many += std::to_string(i % 8) + ",0,0";
    }
    s = Decode("pts=" + many, &notices);
    CHECK(static_cast<int>(s.Added.size()) == kCmlMaxAddedPoints);
    CHECK_FALSE(notices.empty());
}

TEST_CASE("classical_ml state: the step and the inspected tree stay within the timeline", "[classical_ml]")
{
    std::vector<Message> notices;
    ClassicalMlState s = Decode("rf_n=50&gb_n=80&step=300&tree=200", &notices);
    CHECK(s.Step == -1);
    CHECK(s.Tree == 79);
    CHECK(notices.size() == 2);
    s = Decode("rf_n=50&gb_n=80&step=80", &notices);
    CHECK(s.Step == -1); // the end has one encoding
    CHECK(notices.empty());
    CHECK(Decode("step=10").Step == 10);
    CHECK(CmlTimelineLength(Decode("rf_n=50&gb_n=80")) == 80);
}

TEST_CASE("classical_ml regions: back and forth, the ensembles' own probabilities", "[classical_ml]")
{
    const CmlEnsemblePreset& p = CmlEnsemblePresets()[0];
    const CmlDataset train = CmlGenerate(p.Data, 0).Value();
    CmlForestParams fp = p.Forest;
    fp.NumTrees = 12;
    CmlBoostingParams bp = p.Boosting;
    bp.NumStages = 12;
    CmlForestJob forest;
    CmlBoostingJob boosting;
    REQUIRE(forest.Begin(train, nullptr, fp).Empty());
    REQUIRE(boosting.Begin(train, nullptr, bp).Empty());
    while (!forest.Step(1LL << 40)) {}
    while (!boosting.Step(1LL << 40)) {}
    const CmlGridSpec g{-2.0, 3.0, -2.0, 2.0, 24, 20};
    CmlRegionJob rf, gb;
    REQUIRE(rf.Begin(g, forest).Empty());
    REQUIRE(gb.Begin(g, boosting).Empty());
    CHECK(rf.Label()[0] == -1); // no tree yet: no region
    const auto check = [&](int trees) {
        INFO(trees << " trees");
        while (!rf.Step(forest, trees, 5)) {}
        while (!gb.Step(boosting, trees, 5)) {}
        CHECK(rf.Trees() == trees);
        double pf[2], pb[2];
        for (int cell = 0; cell < g.Width * g.Height; ++cell) {
            const double x[2] = {g.X0 + (g.X1 - g.X0) * (cell % g.Width + 0.5) / g.Width,
                                 g.Y0 + (g.Y1 - g.Y0) * (cell / g.Width + 0.5) / g.Height};
            forest.PredictProba(x, trees, pf);
            boosting.PredictProba(x, trees, pb);
            for (int c = 0; c < 2; ++c) {
                CHECK(rf.Proba()[2 * cell + c] == Approx(pf[c]).margin(1e-12));
                CHECK(gb.Proba()[2 * cell + c] == Approx(pb[c]).margin(1e-12));
            }
            if (trees > 0) CHECK(rf.Label()[cell] == CmlArgMaxWithin(pf, 2, kCmlLabelTolerance));
            CHECK(gb.Label()[cell] == CmlArgMaxWithin(pb, 2, kCmlLabelTolerance));
        }
    };
    for (int t : {12, 3, 7, 0, 12, 1}) check(t);
    // Beyond the trees built: as far as there are trees.
    CHECK(rf.Step(forest, 99, 100));
    CHECK(rf.Trees() == 12);
    // Ties within the tolerance go to the first class.
    const double tie[3] = {0.5, 0.5 - 1e-12, 0.0};
    CHECK(CmlArgMaxWithin(tie, 3, kCmlLabelTolerance) == 0);
    CHECK(CmlArgMaxWithin(tie, 3, 0.0) == 0);
    const double later[2] = {0.5 - 1e-12, 0.5};
    CHECK(CmlArgMaxWithin(later, 2, kCmlLabelTolerance) == 0);
    CHECK(CmlArgMaxWithin(later, 2, 0.0) == 1);
}

TEST_CASE("classical_ml iso-lines: the level crossing of a linear field, and a saddle", "[classical_ml]")
{
    // f = x - 2.5 on a 6 x 4 grid of cell centres: the line x = 2.5, one segment per row gap.
    std::vector<double> v(24);
    for (int j = 0; j < 4; ++j)
        for (int i = 0; i < 6; ++i) v[j * 6 + i] = i - 2.5;
    const auto segs = CmlIsoLines(v, 6, 4, 0.0);
    REQUIRE(segs.size() == 3);
    for (const CmlSegment& s : segs) {
        CHECK(s.X0 == Approx(2.5));
        CHECK(s.X1 == Approx(2.5));
        CHECK(std::fabs(s.Y1 - s.Y0) == Approx(1.0));
    }
    // A saddle: two segments, never crossing the centre.
    const std::vector<double> saddle = {1.0, -1.0, -1.0, 1.0};
    CHECK(CmlIsoLines(saddle, 2, 2, 0.0).size() == 2);
    CHECK(CmlIsoLines(saddle, 2, 2, 5.0).empty());
}
