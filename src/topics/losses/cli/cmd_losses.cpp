// mlviz-cli losses: {"loss": "ce"|"bce"|"focal"|"dice"|"dice_ce"|"mse"|"softmax", "logits": [[..]], "targets": [..],
// params} -> {"loss", "grad"}; semantics (torch / torchvision) in topics/losses/core/losses_batch.h.
//   ce       targets: class indices [N] or probabilities [[N×K]]; weight [K], label_smoothing, ignore_index, reduction
//   bce      targets [[N×K]] in [0, 1]; weight [K] or [[N×K]], pos_weight [K], reduction
//   focal    targets [[N×K]]; alpha (< 0 = off), gamma, reduction (default "none", as torchvision)
//   mse      targets [[N×K]]; F.mse_loss(sigmoid(logits), targets), reduction
//   dice, dice_ce   targets [[N×K]] or, with activation "softmax", class indices [N]; eps, activation,
//            include_background
//   softmax  one row of K in [2, 10] logits and targets [t]: softmax + CE with temperature, form "naive"|"lse",
//            precision "float32"|"float64"; also answers "probs", "exps", "sum_exps", "shift", "finite". Numbers
//            that overflowed are the strings "inf", "-inf", "nan" (JSON has no such numbers).
// "loss" is a number when reduced (always for dice, dice_ce, softmax), else [N] (ce) or [[N×K]]; "grad" is
// d(Σ loss)/d logits, [[N×K]].
#include <cmath>
#include <string>
#include <vector>

#include "cli/commands.h"
#include "topics/losses/core/losses_batch.h"
#include "topics/losses/core/losses_softmax.h"

namespace mlviz {

namespace {

struct LossKeys {
    const char* Loss;
    std::vector<std::string> Keys; // besides "loss", "logits", "targets"
};

const LossKeys kLossKeys[] = {
    {"ce", {"weight", "label_smoothing", "ignore_index", "reduction"}},
    {"bce", {"weight", "pos_weight", "reduction"}},
    {"focal", {"alpha", "gamma", "reduction"}},
    {"mse", {"reduction"}},
    {"dice", {"eps", "activation", "include_background"}},
    {"dice_ce", {"eps", "activation", "include_background"}},
    {"softmax", {"temperature", "form", "precision"}},
};

// The loss name must be known and every other key must belong to it.
void RequireKeysOf(const Json& in, const std::string& loss)
{
    for (const LossKeys& k : kLossKeys) {
        if (loss != k.Loss) continue;
        std::vector<std::string> allowed = {"loss", "logits", "targets"};
        allowed.insert(allowed.end(), k.Keys.begin(), k.Keys.end());
        RequireKnownKeys(in, allowed, "for loss '" + loss + "'");
        return;
    }
    FailInput("field 'loss': unknown loss '" + loss + "' (one of ce, bce, focal, mse, dice, dice_ce, softmax)");
}

double ReadCell(const Json& v, const std::string& name)
{
    if (!v.is_number()) FailInput("field '" + name + "' must be a number, got " + v.type_name());
    const double x = v.get<double>();
    if (!std::isfinite(x)) FailInput("field '" + name + "' is not finite");
    return x;
}

// A rectangular matrix of numbers [[..], ..], at most kLossesMaxElements cells.
LossMatrix ReadMatrix(const Json& in, const char* field)
{
    const auto it = in.find(field);
    if (it == in.end()) FailInput(std::string("missing field '") + field + "' (an array of rows of numbers)");
    if (!it->is_array() || it->empty())
        FailInput(std::string("field '") + field + "' must be a non-empty array of rows of numbers");
    if (it->size() > kLossesMaxElements)
        FailInput(std::string("field '") + field + "' has " + std::to_string(it->size()) + " rows; at most " +
                  std::to_string(kLossesMaxElements) + " cells in all");
    LossMatrix m;
    m.Rows = static_cast<int>(it->size());
    for (std::size_t i = 0; i < it->size(); ++i) {
        const Json& row = (*it)[i];
        const std::string name = std::string(field) + "[" + std::to_string(i) + "]";
        if (!row.is_array() || row.empty()) FailInput("field '" + name + "' must be a non-empty array of numbers");
        if (row.size() > kLossesMaxElements)
            FailInput("field '" + name + "' has more than " + std::to_string(kLossesMaxElements) + " values");
        if (i == 0) m.Cols = static_cast<int>(row.size());
        if (row.size() != static_cast<std::size_t>(m.Cols))
            FailInput("field '" + name + "' has " + std::to_string(row.size()) + " values, row 0 has " + std::to_string(m.Cols));
        if (m.Data.size() + row.size() > kLossesMaxElements)
            FailInput(std::string("field '") + field + "' has more than " + std::to_string(kLossesMaxElements) + " cells");
        for (std::size_t k = 0; k < row.size(); ++k) m.Data.push_back(ReadCell(row[k], name + "[" + std::to_string(k) + "]"));
    }
    return m;
}

bool TargetsAreIndices(const Json& in)
{
    const auto it = in.find("targets");
    if (it == in.end()) FailInput("missing field 'targets'");
    if (!it->is_array() || it->empty()) FailInput("field 'targets' must be a non-empty array");
    return !(*it)[0].is_array();
}

std::vector<int> ReadIndices(const Json& in, const char* field)
{
    const Json& arr = in.at(field);
    if (arr.size() > kLossesMaxElements)
        FailInput(std::string("field '") + field + "' has more than " + std::to_string(kLossesMaxElements) + " values");
    std::vector<int> out;
    out.reserve(arr.size());
    for (std::size_t i = 0; i < arr.size(); ++i) {
        const std::string name = std::string(field) + "[" + std::to_string(i) + "]";
        if (!arr[i].is_number()) FailInput("field '" + name + "' must be a class index (an integer), got " + arr[i].type_name());
        const double x = arr[i].get<double>();
        if (!std::isfinite(x) || x != std::floor(x) || std::fabs(x) > 2147483647.0)
            FailInput("field '" + name + "' must be a class index (a 32-bit integer)");
        out.push_back(static_cast<int>(x));
    }
    return out;
}

// A weight given as [K] or, where allowed, as [[N×K]] (flattened).
std::vector<double> ReadWeights(const Json& in, const char* field, bool matrix_allowed)
{
    const auto it = in.find(field);
    if (it == in.end()) return {};
    if (matrix_allowed && it->is_array() && !it->empty() && (*it)[0].is_array()) return ReadMatrix(in, field).Data;
    return ReadNumberArray(in, field, kLossesMaxElements);
}

LossReduction ReadReduction(const Json& in, const char* fallback)
{
    const std::string name = ReadString(in, "reduction", fallback);
    const auto r = LossReductionFromName(name);
    if (!r) FailInput("field 'reduction': unknown reduction '" + name + "' (one of none, mean, sum)");
    return *r;
}

Json NumberOrWord(double v)
{
    if (std::isnan(v)) return "nan";
    if (std::isinf(v)) return v > 0 ? "inf" : "-inf";
    return v;
}

Json Rows(const std::vector<double>& flat, int rows, int cols)
{
    Json out = Json::array();
    for (int i = 0; i < rows; ++i) {
        Json row = Json::array();
        for (int k = 0; k < cols; ++k) row.push_back(NumberOrWord(flat[static_cast<std::size_t>(i) * cols + k]));
        out.push_back(std::move(row));
    }
    return out;
}

// The answer of a batch loss: one number when reduced, else one per row (cross-entropy) or per element.
Json Answer(const Result<LossOutput>& r, const LossMatrix& logits, bool reduced, bool per_row)
{
    if (!r) FailInput(r.Error());
    Json out;
    if (reduced)
        out["loss"] = r->Values[0];
    else
        out["loss"] = per_row ? Json(r->Values) : Rows(r->Values, logits.Rows, logits.Cols);
    out["grad"] = Rows(r->Grad, logits.Rows, logits.Cols);
    return out;
}

Json SoftmaxAnswer(const Json& in, const LossMatrix& z)
{
    if (z.Rows != 1) FailInput("field 'logits' must hold exactly one row for loss 'softmax', got " + std::to_string(z.Rows));
    if (!TargetsAreIndices(in)) FailInput("field 'targets' must be [class index] for loss 'softmax'");
    const std::vector<int> t = ReadIndices(in, "targets");
    if (t.size() != 1) FailInput("field 'targets' must hold exactly one class index for loss 'softmax'");
    SoftmaxConfig c;
    c.Logits = z.Data;
    c.Target = t[0];
    c.Temperature = ReadNumber(in, "temperature", 1.0, kSoftmaxMinTemperature, kSoftmaxMaxTemperature);
    const std::string form = ReadString(in, "form", "lse");
    if (form != "lse" && form != "naive") FailInput("field 'form': unknown form '" + form + "' (one of naive, lse)");
    c.Form = form == "naive" ? SoftmaxForm::Naive : SoftmaxForm::LogSumExp;
    const std::string precision = ReadString(in, "precision", "float64");
    if (precision != "float32" && precision != "float64")
        FailInput("field 'precision': unknown precision '" + precision + "' (one of float32, float64)");
    c.Precision = precision == "float32" ? FloatPrecision::Float32 : FloatPrecision::Float64;
    const auto r = ComputeSoftmaxPanel(c);
    if (!r) FailInput(r.Error());
    const int k = static_cast<int>(c.Logits.size());
    return {{"loss", NumberOrWord(r->Loss)}, {"grad", Rows(r->Grad, 1, k)},          {"probs", Rows(r->Probs, 1, k)},
            {"exps", Rows(r->Exps, 1, k)},   {"sum_exps", NumberOrWord(r->SumExps)}, {"shift", NumberOrWord(r->Shift)},
            {"finite", r->AllFinite}};
}

} // namespace

Json LossesCommand(const Json& in)
{
    if (!in.is_object()) FailInput(std::string("input must be a JSON object, got ") + in.type_name());
    const std::string loss = RequireString(in, "loss");
    RequireKeysOf(in, loss);
    const LossMatrix z = ReadMatrix(in, "logits");
    if (loss == "softmax") return SoftmaxAnswer(in, z);

    if (loss == "ce") {
        CrossEntropyOptions o;
        o.Weight = ReadWeights(in, "weight", false);
        o.LabelSmoothing = ReadNumber(in, "label_smoothing", 0.0, 0.0, 1.0);
        o.IgnoreIndex = static_cast<int>(ReadInt(in, "ignore_index", -100, -2147483648LL, 2147483647LL));
        o.Reduction = ReadReduction(in, "mean");
        const bool reduced = o.Reduction != LossReduction::None;
        if (TargetsAreIndices(in)) return Answer(CrossEntropy(z, ReadIndices(in, "targets"), o), z, reduced, true);
        if (in.contains("ignore_index")) FailInput("field 'ignore_index' is not supported with probability targets");
        return Answer(CrossEntropySoft(z, ReadMatrix(in, "targets"), o), z, reduced, true);
    }
    if (loss == "bce" || loss == "focal" || loss == "mse") {
        if (TargetsAreIndices(in)) FailInput("field 'targets' must be an array of rows [[N×K]] for loss '" + loss + "'");
        const LossMatrix t = ReadMatrix(in, "targets");
        const LossReduction red = ReadReduction(in, loss == "focal" ? "none" : "mean");
        const bool reduced = red != LossReduction::None;
        if (loss == "bce") {
            const BceOptions o{ReadWeights(in, "weight", true), ReadWeights(in, "pos_weight", false), red};
            return Answer(BinaryCrossEntropyWithLogits(z, t, o), z, reduced, false);
        }
        if (loss == "focal") {
            const double alpha = ReadNumber(in, "alpha", 0.25, -1e6, 1.0);
            const FocalOptions o{alpha, ReadNumber(in, "gamma", 2.0, 0.0, 100.0), red};
            return Answer(SigmoidFocalLoss(z, t, o), z, reduced, false);
        }
        return Answer(SigmoidMse(z, t, red), z, reduced, false);
    }
    if (loss == "dice" || loss == "dice_ce") {
        DiceOptions o;
        o.Eps = ReadNumber(in, "eps", 1.0, 0.0, 1e6);
        const std::string act = ReadString(in, "activation", "sigmoid");
        if (act != "sigmoid" && act != "softmax")
            FailInput("field 'activation': unknown activation '" + act + "' (one of sigmoid, softmax)");
        o.Activation = act == "softmax" ? DiceActivation::Softmax : DiceActivation::Sigmoid;
        o.IncludeBackground = ReadBool(in, "include_background", true);
        if (in.contains("include_background") && o.Activation != DiceActivation::Softmax)
            FailInput("field 'include_background' applies to activation 'softmax' only");
        LossMatrix t;
        if (TargetsAreIndices(in)) {
            if (o.Activation != DiceActivation::Softmax)
                FailInput("field 'targets': class indices need activation 'softmax'; give [[N×K]] for sigmoid");
            const std::vector<int> idx = ReadIndices(in, "targets");
            if (static_cast<int>(idx.size()) != z.Rows)
                FailInput("length mismatch: 'targets' has " + std::to_string(idx.size()) + " values, 'logits' has " +
                          std::to_string(z.Rows) + " rows");
            auto one_hot = OneHotTargets(idx, z.Cols);
            if (!one_hot) FailInput(one_hot.Error());
            t = std::move(one_hot.Value());
        } else {
            t = ReadMatrix(in, "targets");
        }
        return Answer(loss == "dice" ? SoftDiceLoss(z, t, o) : DiceCrossEntropyLoss(z, t, o), z, true, false);
    }
    FailInput("field 'loss': unknown loss '" + loss + "'");
}

} // namespace mlviz
