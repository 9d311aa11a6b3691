// mlviz-cli classical_ml: {"op": "dataset" | "pca" | "lda" | "tree" | "forest" | "gbm" | "smote" |
// "pr_curve" | "roc_curve", ...} over the classical-ML core (semantics in its headers: sklearn 1.2
// PCA / LDA(eigen) / DecisionTreeClassifier / RandomForestClassifier / GradientBoostingClassifier,
// imbalanced-learn 0.10 SMOTE, sklearn's precision_recall_curve / roc_curve).
#include <cmath>
#include <string>
#include <vector>

#include "cli/cli_json.h"
#include "topics/classical_ml/cli/cml_cli_io.h"
#include "topics/classical_ml/core/cml_boosting.h"
#include "topics/classical_ml/core/cml_forest.h"
#include "topics/classical_ml/core/cml_metrics.h"
#include "topics/classical_ml/core/cml_projection.h"
#include "topics/classical_ml/core/cml_resample.h"

namespace mlviz {

Json ClassicalMlCommand(const Json& input);

namespace {

using namespace cml_cli;

Json Dataset(const Json& in)
{
    RequireKnownKeys(in, {"op", "shape", "num_classes", "points_per_class", "noise", "factor", "label_noise", "seed", "stream"},
                     "for op 'dataset'");
    CmlDataConfig c;
    const std::string shape = ReadString(in, "shape", "moons");
    const auto s = CmlShapeFromName(shape);
    if (!s) FailInput("field 'shape': unknown shape '" + shape + "' (blobs, moons, circles, xor)");
    c.Shape = *s;
    c.NumClasses = static_cast<int>(ReadInt(in, "num_classes", 2, 2, kCmlMaxClasses));
    c.PointsPerClass = static_cast<int>(ReadInt(in, "points_per_class", 100, 1, kCmlMaxPointsPerClass));
    c.Noise = ReadNumber(in, "noise", 0.1, 0.0, 2.0);
    c.Factor = ReadNumber(in, "factor", 0.5, 0.05, 0.95);
    c.LabelNoise = ReadNumber(in, "label_noise", 0.0, 0.0, 0.5);
    c.Seed = static_cast<std::uint32_t>(ReadInt(in, "seed", 1, 0, 4294967295LL));
    const int stream = static_cast<int>(ReadInt(in, "stream", 0, 0, 1));
    if (c.Shape == CmlShape::Blobs) { // evenly spaced unit blobs on a circle of radius 2
        for (int k = 0; k < c.NumClasses; ++k) {
            const double t = 2.0 * 3.14159265358979323846 * k / c.NumClasses;
            c.Blobs[k] = CmlBlob{2.0 * std::cos(t), 2.0 * std::sin(t), 0.0, 0.5, 0.5, 1.0, 0.0, 0.0, 0.0, c.PointsPerClass};
        }
    }
    const auto d = CmlGenerate(c, stream);
    if (!d) FailInput(d.Error());
    return {{"x", Rows(d->X, d->Dims)}, {"y", d->Y}};
}

Json Pca(const Json& in)
{
    RequireKnownKeys(in, {"op", "x", "y", "n_components"}, "for op 'pca'");
    const CmlDataset d = ReadData(in, false);
    const auto r = CmlPca(d, static_cast<int>(ReadInt(in, "n_components", 0, 0, kCmlMaxDims)));
    if (!r) FailInput(r.Error());
    return {{"components", Rows(r->Components, d.Dims)},
            {"explained_variance", r->ExplainedVariance},
            {"explained_variance_ratio", r->ExplainedVarianceRatio},
            {"mean", r->Mean},
            {"projected", Rows(r->Projected, r->NumComponents)}};
}

Json Lda(const Json& in)
{
    RequireKnownKeys(in, {"op", "x", "y", "n_components"}, "for op 'lda'");
    const CmlDataset d = ReadData(in, true);
    const auto r = CmlLda(d, static_cast<int>(ReadInt(in, "n_components", 0, 0, kCmlMaxDims)));
    if (!r) FailInput(r.Error());
    const std::vector<double> comps(r->Scalings.begin(), r->Scalings.begin() + r->NumComponents * d.Dims);
    Json fisher = Json::array();
    for (int k = 0; k < r->NumComponents; ++k) {
        const auto j = CmlFisherRatio(r->Scatter, std::span(r->Scalings.data() + k * d.Dims, d.Dims));
        fisher.push_back(j ? Json(*j) : Json(nullptr));
    }
    return {{"components", Rows(comps, d.Dims)}, {"explained_variance_ratio", r->ExplainedVarianceRatio},
            {"eigenvalues", r->Eigenvalues},     {"fisher_j", fisher},
            {"classes", r->Scatter.Classes},     {"projected", Rows(r->Projected, r->NumComponents)}};
}

Json Tree(const Json& in)
{
    RequireKnownKeys(in, {"op", "x", "y", "max_depth", "min_samples_split", "min_samples_leaf", "points"}, "for op 'tree'");
    const CmlDataset d = ReadData(in, true);
    CmlTreeParams p;
    p.MaxDepth = static_cast<int>(ReadInt(in, "max_depth", 3, 1, kCmlMaxTreeDepth));
    p.MinSamplesSplit = static_cast<int>(ReadInt(in, "min_samples_split", 2, 2, kCmlMaxTreePoints));
    p.MinSamplesLeaf = static_cast<int>(ReadInt(in, "min_samples_leaf", 1, 1, kCmlMaxTreePoints));
    const std::vector<float> x = CmlToFloat32(d);
    CmlTreeInput t;
    t.Dims = d.Dims;
    t.X = x;
    t.NumClasses = d.NumClasses;
    t.Classes = d.Y;
    const auto tree = CmlFitTree(t, p);
    if (!tree) FailInput(tree.Error());
    Json nodes = Json::array();
    for (const CmlTreeNode& n : tree->Nodes) {
        Json node = {{"left", n.Left},         {"right", n.Right},
                     {"depth", n.Depth},       {"samples", n.Samples},
                     {"impurity", n.Impurity}, {"value", std::vector<double>(n.Value.begin(), n.Value.begin() + d.NumClasses)}};
        if (n.Feature >= 0) {
            node["feature"] = n.Feature;
            node["threshold"] = n.Threshold;
            node["improvement"] = n.Improvement;
        }
        nodes.push_back(std::move(node));
    }
    const std::vector<double> pts = ReadPoints(in, d);
    Json proba = Json::array(), leaf = Json::array();
    std::vector<double> p_out(d.NumClasses);
    for (std::size_t i = 0; i + d.Dims <= pts.size(); i += d.Dims) {
        tree->PredictProba(pts.data() + i, p_out.data());
        proba.push_back(p_out);
        leaf.push_back(tree->Apply(pts.data() + i));
    }
    return {{"nodes", nodes}, {"proba", proba}, {"leaf", leaf}};
}

Json Forest(const Json& in)
{
    RequireKnownKeys(in,
                     {"op", "x", "y", "n_estimators", "max_depth", "min_samples_leaf", "max_features", "bootstrap", "seed",
                      "points", "stages"},
                     "for op 'forest'");
    const CmlDataset d = ReadData(in, true);
    CmlForestParams p;
    p.NumTrees = static_cast<int>(ReadInt(in, "n_estimators", 100, 1, kCmlMaxTrees));
    p.MaxDepth = static_cast<int>(ReadInt(in, "max_depth", 8, 1, kCmlMaxTreeDepth));
    p.MinSamplesLeaf = static_cast<int>(ReadInt(in, "min_samples_leaf", 1, 1, kCmlMaxTreePoints));
    p.MaxFeatures = static_cast<int>(ReadInt(in, "max_features", 0, 0, d.Dims));
    p.Bootstrap = ReadBool(in, "bootstrap", true);
    p.Seed = static_cast<std::uint32_t>(ReadInt(in, "seed", 1, 0, 4294967295LL));
    if (static_cast<long long>(p.NumTrees) * d.Size() > kMaxForestWork)
        FailInput("field 'n_estimators': n_estimators x points must be at most " + std::to_string(kMaxForestWork));
    const std::vector<double> pts = ReadPoints(in, d);
    const std::size_t m = pts.size() / d.Dims, k = d.NumClasses;
    const std::vector<int> stages = ReadStages(in, p.NumTrees, m, k);
    CheckOutputSize(stages.size(), m, k);
    CmlForestJob job;
    if (Message msg = job.Begin(d, nullptr, p); !msg.Empty()) FailInput(msg);
    while (!job.Step(1LL << 40)) {}
    // One pass over the trees, summing each point's tree probabilities (the forest's own mean).
    const CmlLabelCode& code = job.Labels();
    std::vector<double> sum(m * k, 0.0), q(code.Classes.size());
    Json staged = Json::array();
    std::size_t next = 0;
    for (int t = 0; t < job.TreeCount() && next < stages.size(); ++t) {
        for (std::size_t i = 0; i < m; ++i) {
            job.TreeAt(t).PredictProba(pts.data() + i * d.Dims, q.data());
            for (std::size_t c = 0; c < q.size(); ++c) sum[i * k + code.Classes[c]] += q[c];
        }
        if (t + 1 != stages[next]) continue;
        Json rows = Json::array();
        for (std::size_t i = 0; i < m; ++i) {
            std::vector<double> proba(sum.begin() + i * k, sum.begin() + (i + 1) * k);
            for (double& v : proba) v /= t + 1;
            rows.push_back(std::move(proba));
        }
        staged.push_back(std::move(rows));
        ++next;
    }
    return {{"stages", stages}, {"proba", staged}, {"curve", Curves(job.Curves(), false)}};
}

Json Gbm(const Json& in)
{
    RequireKnownKeys(
        in, {"op", "x", "y", "n_estimators", "learning_rate", "max_depth", "min_samples_leaf", "criterion", "points", "stages"},
        "for op 'gbm'");
    const CmlDataset d = ReadData(in, true);
    CmlBoostingParams p;
    p.NumStages = static_cast<int>(ReadInt(in, "n_estimators", 100, 1, kCmlMaxTrees));
    p.LearningRate = ReadNumber(in, "learning_rate", 0.1, 0.001, 10.0);
    p.MaxDepth = static_cast<int>(ReadInt(in, "max_depth", 3, 1, kCmlMaxBoostingDepth));
    p.MinSamplesLeaf = static_cast<int>(ReadInt(in, "min_samples_leaf", 1, 1, kCmlMaxTreePoints));
    p.Criterion = ReadCriterion(in, "squared_error");
    if (p.Criterion == CmlCriterion::Gini)
        FailInput("field 'criterion': boosting trees are regression trees (squared_error or friedman_mse)");
    const int outputs = d.NumClasses > 2 ? d.NumClasses : 1;
    if (static_cast<long long>(p.NumStages) * outputs * d.Size() > kMaxBoostingWork)
        FailInput("field 'n_estimators': n_estimators x outputs x points must be at most " + std::to_string(kMaxBoostingWork));
    const std::vector<double> pts = ReadPoints(in, d);
    const std::size_t m = pts.size() / d.Dims;
    const std::vector<int> stages = ReadStages(in, p.NumStages, m, outputs + d.NumClasses);
    CheckOutputSize(stages.size(), m, outputs + d.NumClasses);
    CmlBoostingJob job;
    if (Message msg = job.Begin(d, nullptr, p); !msg.Empty()) FailInput(msg);
    while (!job.Step(1LL << 40)) {}
    // One pass over the stages, adding learning_rate x leaf value as staged_decision_function does.
    const int outs = job.NumOutputs(); // classes present in y: may be fewer than max(y) + 1
    std::vector<double> raw(m * outs);
    for (std::size_t i = 0; i < m; ++i) std::copy(job.InitRaw().begin(), job.InitRaw().end(), raw.begin() + i * outs);
    Json raw_staged = Json::array(), proba_staged = Json::array();
    std::vector<double> proba(d.NumClasses);
    std::size_t next = 0;
    for (int s = 0; s < job.StageCount() && next < stages.size(); ++s) {
        for (std::size_t i = 0; i < m; ++i)
            for (int c = 0; c < outs; ++c)
                raw[i * outs + c] += p.LearningRate * job.TreeAt(s, c).PredictValue(pts.data() + i * d.Dims);
        if (s + 1 != stages[next]) continue;
        Json raws = Json::array(), probas = Json::array();
        for (std::size_t i = 0; i < m; ++i) {
            job.RawToProba(raw.data() + i * outs, proba.data());
            raws.push_back(std::vector<double>(raw.begin() + i * outs, raw.begin() + (i + 1) * outs));
            probas.push_back(proba);
        }
        raw_staged.push_back(std::move(raws));
        proba_staged.push_back(std::move(probas));
        ++next;
    }
    return {{"classes", job.Labels().Classes}, {"init", job.InitRaw()}, {"stages", stages},
            {"raw_predictions", raw_staged},   {"proba", proba_staged}, {"curve", Curves(job.Curves(), false)}};
}

Json Smote(const Json& in)
{
    RequireKnownKeys(in, {"op", "x", "y", "k_neighbors", "seed", "indices", "steps"}, "for op 'smote'");
    const CmlDataset d = ReadData(in, true);
    const int k = static_cast<int>(ReadInt(in, "k_neighbors", 5, 1, kCmlMaxSmoteK));
    if (in.contains("indices") || in.contains("steps")) {
        // imblearn's own draws (np.random: randint(0, m k, n) and uniform(size=n)) for a two-class set:
        // the synthetic points of the minority class exactly as imblearn makes them.
        const std::vector<int> counts = CmlClassCounts(d);
        const int majority = CmlMajorityClass(d), minority = 1 - majority;
        if (d.NumClasses != 2 || counts[minority] == 0) FailInput("fields 'indices' / 'steps' need two classes with points");
        if (counts[minority] <= k) FailInput("field 'k_neighbors': the minority class needs more than k points");
        std::vector<int> members;
        for (int i = 0; i < d.Size(); ++i)
            if (d.Y[i] == minority) members.push_back(i);
        const int m = static_cast<int>(members.size());
        const std::vector<int> idx = ReadInts(in, "indices", kCmlMaxPoints, 0, m * k - 1);
        const std::vector<double> steps = ReadNumberArray(in, "steps", kCmlMaxPoints);
        if (steps.size() != idx.size()) FailInput("length mismatch: 'steps' and 'indices'");
        for (std::size_t i = 0; i < steps.size(); ++i)
            if (steps[i] < 0.0 || steps[i] > 1.0) FailInput("field '" + Indexed("steps", i) + "' must be in [0, 1]");
        std::vector<int> rows, cols;
        for (int v : idx) {
            rows.push_back(v / k);
            cols.push_back(v % k);
        }
        const std::vector<int> nn = CmlNearestNeighbours(d, members, k);
        const std::vector<double> pts = CmlSmotePoints(d, members, nn, k, rows, cols, steps);
        return {{"neighbours", Rows(std::vector<double>(nn.begin(), nn.end()), k)}, {"synthetic", Rows(pts, d.Dims)}};
    }
    const auto r = CmlResample(d, CmlResampling::Smote, k, static_cast<std::uint32_t>(ReadInt(in, "seed", 1, 0, 4294967295LL)));
    if (!r) FailInput(r.Error());
    Json synthetic = Json::array();
    for (std::size_t s = 0; s < r->Synthetic.size(); ++s) {
        const CmlSmoteSample& sm = r->Synthetic[s];
        const int row = d.Size() + static_cast<int>(s);
        synthetic.push_back({{"base", sm.Base},
                             {"neighbour", sm.Neighbour},
                             {"gap", sm.Gap},
                             {"point", std::vector<double>(r->Data.Row(row), r->Data.Row(row) + d.Dims)}});
    }
    return {{"x_resampled", Rows(r->Data.X, d.Dims)}, {"y_resampled", r->Data.Y}, {"synthetic", synthetic}};
}

Json Curve(const Json& in, bool roc)
{
    RequireKnownKeys(in, {"op", "scores", "labels"}, roc ? "for op 'roc_curve'" : "for op 'pr_curve'");
    const std::vector<double> scores = ReadNumberArray(in, "scores", kMaxCliScores);
    const std::vector<int> labels = ReadInts(in, "labels", kMaxCliScores, 0, 1);
    if (scores.size() != labels.size())
        FailInput("length mismatch: 'scores' has " + std::to_string(scores.size()) + " values, 'labels' has " +
                  std::to_string(labels.size()));
    if (roc) {
        const auto r = CmlRoc(scores, labels);
        if (!r) FailInput(r.Error());
        return {{"fpr", r->Fpr}, {"tpr", r->Tpr}, {"thresholds", r->Thresholds}, {"auc", r->Auc}};
    }
    const auto r = CmlPrecisionRecall(scores, labels);
    if (!r) FailInput(r.Error());
    return {{"precision", r->Precision},
            {"recall", r->Recall},
            {"thresholds", r->Thresholds},
            {"average_precision", r->AveragePrecision}};
}

} // namespace

Json ClassicalMlCommand(const Json& in)
{
    if (!in.is_object()) FailInput(std::string("input must be a JSON object, got ") + in.type_name());
    const std::string op = RequireString(in, "op");
    if (op == "dataset") return Dataset(in);
    if (op == "pca") return Pca(in);
    if (op == "lda") return Lda(in);
    if (op == "tree") return Tree(in);
    if (op == "forest") return Forest(in);
    if (op == "gbm") return Gbm(in);
    if (op == "smote") return Smote(in);
    if (op == "pr_curve") return Curve(in, false);
    if (op == "roc_curve") return Curve(in, true);
    FailInput("field 'op': unknown op '" + op + "' (dataset, pca, lda, tree, forest, gbm, smote, pr_curve, roc_curve)");
}

} // namespace mlviz
