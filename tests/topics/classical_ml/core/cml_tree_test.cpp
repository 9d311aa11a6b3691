// CART trees: sklearn 1.2 DecisionTreeClassifier reference, hand-computed splits, float32
// thresholds, sliced growth, and the random forest's bootstrap-off equivalence and curves.
#include <catch2/catch.hpp>

#include <cmath>

#include "topics/classical_ml/core/cml_forest.h"
#include "topics/classical_ml/core/cml_tree.h"

#include "cml_reference_values.h"
#include "cml_test_data.h"

using namespace mlviz;
using namespace mlviz::cml_test;

namespace {

struct Owned {
    std::vector<float> X;
    std::vector<int> Y;
    std::vector<double> T;
    CmlTreeInput In;
};

Owned Classification(const CmlDataset& d)
{
    Owned o{CmlToFloat32(d), d.Y, {}, {}};
    o.In.Dims = d.Dims;
    o.In.X = o.X;
    o.In.NumClasses = d.NumClasses;
    o.In.Classes = o.Y;
    return o;
}

} // namespace

TEST_CASE("one CART tree equals sklearn 1.2 DecisionTreeClassifier(max_depth=4): structure, thresholds, values", "[classical_ml]")
{
    const CmlDataset d = Blobs2d(1, 30, 3);
    Owned o = Classification(d);
    CmlTreeParams p;
    p.MaxDepth = 4;
    const auto tree = CmlFitTree(o.In, p);
    REQUIRE(tree.Ok());
    const std::size_t n = sizeof(cml_ref::kTreeLeft) / sizeof(int);
    REQUIRE(tree->Nodes.size() == n);
    for (std::size_t i = 0; i < n; ++i) {
        INFO("node " << i);
        const CmlTreeNode& node = tree->Nodes[i];
        CHECK(node.Left == cml_ref::kTreeLeft[i]);
        CHECK(node.Right == cml_ref::kTreeRight[i]);
        CHECK(node.Feature == (cml_ref::kTreeFeature[i] < 0 ? -1 : cml_ref::kTreeFeature[i]));
        if (node.Feature >= 0) CHECK(node.Threshold == cml_ref::kTreeThreshold[i]); // exactly: float32 midpoints
        for (int k = 0; k < 3; ++k) CHECK(node.Value[k] == cml_ref::kTreeValue[i * 3 + k]);
        CHECK(node.Impurity == Approx(cml_ref::kTreeImpurity[i]).margin(1e-12));
    }
    // A forest of one tree, bootstrap off, all features: the same tree.
    CmlForestParams fp;
    fp.NumTrees = 3;
    fp.MaxDepth = 4;
    fp.Bootstrap = false;
    fp.MaxFeatures = 2;
    CmlForestJob forest;
    REQUIRE(forest.Begin(d, nullptr, fp).Empty());
    while (!forest.Step(50)) {}
    for (int t = 0; t < 3; ++t) {
        REQUIRE(forest.TreeAt(t).Nodes.size() == n);
        for (std::size_t i = 0; i < n; ++i) CHECK(forest.TreeAt(t).Nodes[i].Threshold == tree->Nodes[i].Threshold);
    }
}

TEST_CASE("tree split by hand: Gini, midpoint threshold, leaf counts and sklearn's improvement", "[classical_ml]")
{
    // x: 1 2 3 | 4 5 (labels 0 0 0 1 1): the pure split sits at 3.5, Gini 0.48 -> 0.
    CmlDataset d = Empty(2, 2);
    const double xs[5] = {4, 1, 5, 3, 2};
    const int ys[5] = {1, 0, 1, 0, 0};
    for (int i = 0; i < 5; ++i) {
        d.X.push_back(xs[i]);
        d.X.push_back(7.0); // a constant feature is never split
        d.Y.push_back(ys[i]);
    }
    Owned o = Classification(d);
    CmlTreeParams p;
    p.MaxDepth = 5;
    const auto t = CmlFitTree(o.In, p);
    REQUIRE(t.Ok());
    REQUIRE(t->Nodes.size() == 3);
    CHECK(t->Nodes[0].Feature == 0);
    CHECK(t->Nodes[0].Threshold == 3.5);
    CHECK(t->Nodes[0].Impurity == Approx(0.48));
    CHECK(t->Nodes[0].Improvement == Approx(0.48));
    CHECK(t->Nodes[1].Value[0] == 3.0);
    CHECK(t->Nodes[2].Value[1] == 2.0);
    CHECK(t->Nodes[1].Left == -1);
    const double q[2] = {3.5, 0.0}, r[2] = {3.5000001, 0.0};
    CHECK(t->Apply(q) == 1); // <= threshold goes left
    CHECK(t->DecisionPath(q) == std::vector<int>{0, 1});
    double proba[2];
    t->PredictProba(r, proba); // 3.5000001 rounds to 3.5 in float32, like sklearn's input
    CHECK(proba[0] == 1.0);

    // min_samples_leaf = 3: no split keeps 3 on both sides of 5 points.
    p.MinSamplesLeaf = 3;
    CHECK(CmlFitTree(o.In, p)->Nodes.size() == 1);
    // Weights: a zero-weight point is left out (bootstrap), others count as copies.
    const std::vector<double> w = {0.0, 2.0, 1.0, 1.0, 1.0};
    o.In.Weight = w;
    p.MinSamplesLeaf = 1;
    const auto tw = CmlFitTree(o.In, p);
    REQUIRE(tw.Ok());
    CHECK(tw->Nodes[0].Samples == 4);
    CHECK(tw->Nodes[0].WeightedSamples == 5.0);
    CHECK(tw->Nodes[0].Threshold == 4.0); // the point at 4 is out: between 3 and 5
}

TEST_CASE("thresholds are float32 midpoints, values within 1e-7 are never split apart", "[classical_ml]")
{
    CmlDataset d = Empty(2, 2);
    const double xs[4] = {0.1, 0.2, 1.0, 1.0000001}; // the last two are one float32 value apart
    const int ys[4] = {0, 1, 0, 1};
    for (int i = 0; i < 4; ++i) {
        d.X.insert(d.X.end(), {xs[i], 0.0});
        d.Y.push_back(ys[i]);
    }
    Owned o = Classification(d);
    CmlTreeParams p;
    p.MaxDepth = 3;
    const auto t = CmlFitTree(o.In, p);
    REQUIRE(t.Ok());
    for (const CmlTreeNode& n : t->Nodes) {
        if (n.Feature < 0) continue;
        CHECK(n.Threshold < 1.0); // never between 1.0 and 1.0000001
    }
    CHECK(t->Nodes[0].Threshold == static_cast<double>(0.1f) / 2.0 + static_cast<double>(0.2f) / 2.0);
}

TEST_CASE("sliced growth gives the same tree as one call, regression trees store means", "[classical_ml]")
{
    const CmlDataset d = Blobs2d(3, 200, 3, 1.0);
    Owned o = Classification(d);
    CmlTreeParams p;
    p.MaxDepth = 12;
    const auto whole = CmlFitTree(o.In, p);
    REQUIRE(whole.Ok());
    CmlTreeBuilder b;
    REQUIRE(b.Begin(o.In, p, 0).Empty());
    int calls = 0;
    while (!b.Step(100)) ++calls;
    CHECK(calls > 10);
    REQUIRE(b.Tree().Nodes.size() == whole->Nodes.size());
    for (std::size_t i = 0; i < whole->Nodes.size(); ++i) {
        CHECK(b.Tree().Nodes[i].Threshold == whole->Nodes[i].Threshold);
        CHECK(b.Tree().Nodes[i].Feature == whole->Nodes[i].Feature);
    }
    // Regression: every leaf holds the mean target of its points; improvement >= 0.
    std::vector<double> target(d.Size());
    for (int i = 0; i < d.Size(); ++i) target[i] = d.At(i, 0) * d.At(i, 1);
    CmlTreeInput in = o.In;
    in.NumClasses = 0;
    in.Classes = {};
    in.Target = target;
    p.Criterion = CmlCriterion::SquaredError;
    p.MaxDepth = 4;
    const auto reg = CmlFitTree(in, p);
    REQUIRE(reg.Ok());
    std::vector<double> sum(reg->Nodes.size(), 0.0), count(reg->Nodes.size(), 0.0);
    for (int i = 0; i < d.Size(); ++i) {
        const int leaf = reg->Apply(d.Row(i));
        sum[leaf] += target[i];
        count[leaf] += 1.0;
    }
    for (std::size_t n = 0; n < reg->Nodes.size(); ++n) {
        if (reg->Nodes[n].Feature >= 0) {
            CHECK(reg->Nodes[n].Improvement >= 0.0);
            continue;
        }
        CHECK(count[n] == reg->Nodes[n].Samples);
        CHECK(reg->Nodes[n].Value[0] == Approx(sum[n] / count[n]).margin(1e-12));
    }
    p.Criterion = CmlCriterion::Gini;
    CHECK_FALSE(CmlFitTree(in, p).Ok()); // Gini needs classes
}

TEST_CASE("tree input errors name the problem", "[classical_ml]")
{
    const CmlDataset d = Blobs2d(3, 10, 2);
    Owned o = Classification(d);
    CmlTreeParams p;
    p.MaxDepth = 0;
    CHECK_FALSE(CmlFitTree(o.In, p).Ok());
    p.MaxDepth = 3;
    p.MaxFeatures = 3;
    CHECK_FALSE(CmlFitTree(o.In, p).Ok());
    p.MaxFeatures = 0;
    std::vector<double> w(d.Size(), 0.0);
    o.In.Weight = w;
    CHECK_FALSE(CmlFitTree(o.In, p).Ok());
    w[0] = -1.0;
    CHECK_FALSE(CmlFitTree(o.In, p).Ok());
}

TEST_CASE("random forest: seeded, order-independent of slicing, probabilities are tree means", "[classical_ml]")
{
    const CmlDataset train = Blobs2d(4, 80, 3, 1.0), test = Blobs2d(5, 80, 3, 1.0);
    CmlForestParams fp;
    fp.NumTrees = 20;
    fp.Seed = 9;
    CmlForestJob a, b;
    REQUIRE(a.Begin(train, &test, fp).Empty());
    REQUIRE(b.Begin(train, &test, fp).Empty());
    while (!a.Step(1LL << 40)) {}
    int steps = 0;
    while (steps < 15 && !b.Step(300)) ++steps;
    CmlForestJob moved = std::move(b); // a job may move (e.g. into a view's state) mid-build
    while (!moved.Step(300)) ++steps;
    CHECK(steps > 20);
    b = std::move(moved);
    REQUIRE(a.Curves().size() == 20);
    for (int t = 0; t < 20; ++t) {
        CHECK(a.Curves()[t].TestLoss == b.Curves()[t].TestLoss);
        CHECK(a.TreeAt(t).Nodes.size() == b.TreeAt(t).Nodes.size());
    }
    // Trees differ (bootstrap + one feature per split), and the forest averages them.
    CHECK(a.TreeAt(0).Nodes.size() != a.TreeAt(1).Nodes.size());
    const double x[2] = {0.7, 0.6};
    double p[3], sum[3] = {0, 0, 0}, q[3];
    for (int t = 0; t < 20; ++t) {
        a.TreeAt(t).PredictProba(x, q);
        for (int k = 0; k < 3; ++k) sum[k] += q[k] / 20.0;
    }
    a.PredictProba(x, 20, p);
    for (int k = 0; k < 3; ++k) CHECK(p[k] == Approx(sum[k]).margin(1e-15));
    // The curve's train accuracy is the forest's own argmax accuracy.
    int right = 0;
    for (int i = 0; i < train.Size(); ++i) {
        a.PredictProba(train.Row(i), 20, p);
        right += CmlArgMax(p, 3) == train.Y[i];
    }
    CHECK(a.Curves().back().TrainAccuracy == Approx(static_cast<double>(right) / train.Size()));
    CmlForestParams other = fp;
    other.Seed = 10;
    CmlForestJob c;
    REQUIRE(c.Begin(train, &test, other).Empty());
    while (!c.Step(1LL << 40)) {}
    CHECK(c.Curves().back().TestLoss != a.Curves().back().TestLoss);
}
