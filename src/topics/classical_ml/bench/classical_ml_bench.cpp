// Core timings of the classical-ML topic for mlviz-bench (bench/frame/core_bench.h): the
// heaviest calls behind its three tabs, on the shipped presets' inputs (the views spread them
// over frames; these are the totals).
#include <memory>

#include "bench/frame/core_bench.h"
#include "topics/classical_ml/core/cml_imbalance.h"
#include "topics/classical_ml/core/cml_presets.h"
#include "topics/classical_ml/core/cml_projection.h"
#include "topics/classical_ml/core/cml_regions.h"

namespace mlviz {

namespace {

const CmlEnsemblePreset& Preset(std::string_view id)
{
    for (const CmlEnsemblePreset& p : CmlEnsemblePresets())
        if (p.Id == id) return p;
    return CmlEnsemblePresets()[0];
}

} // namespace

void CoreBench_classical_ml(CoreBenchList& out)
{
    struct Data {
        CmlDataset Train, Test, Big;
        CmlForestJob Forest; // grown once, for the region timing
    };
    auto d = std::make_shared<Data>();
    const CmlEnsemblePreset* forest = &Preset("forest_variance");
    const CmlEnsemblePreset* boosting = &Preset("boosting_overfit");
    d->Train = CmlGenerate(forest->Data, 0).Value();
    d->Test = CmlGenerate(forest->Data, 1).Value();
    CmlDataConfig big = CmlProjectionPresets()[2].Data; // three blobs, 400 points each
    for (CmlBlob& b : big.Blobs) b.Count = 400;
    d->Big = CmlGenerate(big, 0).Value();
    d->Forest.Begin(d->Train, &d->Test, forest->Forest);
    while (!d->Forest.Step(1LL << 40)) {}

    out.push_back({"classical_ml", "forest_variance: 200 trees of depth 20 on 200 noisy moons, with curves", 3, [d, forest] {
                       CmlForestJob job;
                       job.Begin(d->Train, &d->Test, forest->Forest);
                       while (!job.Step(1LL << 40)) {}
                   }});
    out.push_back({"classical_ml", "boosting_overfit: 300 stages of depth 4, learning rate 1", 3, [boosting] {
                       const CmlDataset train = CmlGenerate(boosting->Data, 0).Value(),
                                        test = CmlGenerate(boosting->Data, 1).Value();
                       CmlBoostingJob job;
                       job.Begin(train, &test, boosting->Boosting);
                       while (!job.Step(1LL << 40)) {}
                   }});
    out.push_back({"classical_ml", "decision regions of the 200-tree forest on the view's 72 x 72 grid, tree by tree", 3, [d] {
                       CmlGridSpec g{-2.0, 3.0, -2.0, 2.5, 72, 72};
                       CmlRegionJob regions;
                       regions.Begin(g, d->Forest);
                       while (!regions.Step(d->Forest, 200, 200)) {}
                   }});
    out.push_back({"classical_ml", "PCA + LDA of 1200 points in three classes", 10, [d] {
                       volatile double j =
                           CmlPca(d->Big).Value().ExplainedVarianceRatio[0] + CmlLda(d->Big).Value().Eigenvalues[0];
                       (void)j;
                   }});
    out.push_back({"classical_ml", "imbalance: 2000 : 20 with SMOTE, logistic regression to convergence, PR and ROC", 5, [] {
                       CmlImbalancePreset p = CmlImbalancePresets()[1];
                       CmlImbalanceJob job;
                       job.Begin(p.Config);
                       while (!job.Step(100)) {}
                   }});
}

} // namespace mlviz
