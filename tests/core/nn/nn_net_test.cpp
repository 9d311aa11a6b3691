// nn core: whole networks against torch 1.13 (a conv / BatchNorm / pool / grouped conv / SE /
// adaptive pool / linear stack, the SE block alone, SGD and Adam steps), finite differences
// on random layer configurations, and the container's services (state dict, copies,
// freezing, activations, input gradients).
#include <catch2/catch.hpp>

#include <cmath>
#include <random>

#include "core/nn/activation.h"
#include "core/nn/batchnorm.h"
#include "core/nn/conv.h"
#include "core/nn/linear.h"
#include "core/nn/loss.h"
#include "core/nn/optim.h"
#include "core/nn/pool.h"
#include "core/nn/reshape.h"
#include "core/nn/se.h"
#include "core/nn/sequential.h"
#include "core/nn/state_io.h"
#include "core/nn/trainer.h"
#include "core/random.h"
#include "nn_test_util.h"

using namespace mlviz::nn;
using namespace mlviz::nn::test;

namespace {

void CheckSums(const Checksums& got, const Checksums& ref, double tol)
{
    CHECK(got.Count == ref.Count);
    CHECK(Near(got.Sum, ref.Sum, tol));
    CHECK(Near(got.AbsSum, ref.AbsSum, tol));
    CHECK(Near(got.W1, ref.W1, tol));
    CHECK(Near(got.W2, ref.W2, tol));
}

// tools/nn_torch_reference.py set_params(): parameter k gets 0.5 Pattern(first_salt + k), plus
// 1 for a BatchNorm weight (a rank-1 "weight").
template <typename T>
void SetParams(Sequential<T>& net, int first_salt = 10)
{
    const std::vector<std::string> names = net.ParameterNames();
    std::vector<Parameter<T>*> params = net.Parameters();
    for (std::size_t k = 0; k < params.size(); ++k) {
        FillPattern(params[k]->Value, first_salt + static_cast<int>(k), 0.5);
        const bool bn_weight = names[k].ends_with("weight") && params[k]->Value.Rank() == 1;
        if (bn_weight)
            for (T& v : params[k]->Value.Data) v += T(1);
    }
}

// The reference script's whole_net(): input [3, 2, 8, 9] -> logits [3, 5].
template <typename T>
Sequential<T> WholeNet()
{
    Sequential<T> net;
    net.Add(std::make_unique<Conv2d<T>>(Conv2dConfig{2, 4, {3, 3}, {1, 1}, {1, 1}, {1, 1}, 1, true}));
    net.Add(std::make_unique<BatchNorm<T>>(BatchNormConfig{4}));
    net.Add(MakeReLU<T>());
    net.Add(std::make_unique<MaxPool2d<T>>(MaxPool2dConfig{}));
    net.Add(std::make_unique<Conv2d<T>>(Conv2dConfig{4, 6, {3, 3}, {1, 1}, {1, 1}, {1, 1}, 2, true}));
    net.Add(std::make_unique<SqueezeExcitation<T>>(SqueezeExcitationConfig{6, 3}));
    net.Add(std::make_unique<AdaptivePool2d<T>>(AdaptivePool2dConfig{{2, 2}}, false));
    net.Add(MakeFlatten<T>());
    net.Add(std::make_unique<Linear<T>>(LinearConfig{24, 5, true}));
    return net;
}

struct NamedSums {
    const char* Name;
    Checksums Sums;
};

// /usr/bin/python3 tools/nn_torch_reference.py nets (torch 1.13.0, float64)
const Checksums kWholeLogits = {15, -6.525876882421507, 8.214187126258054, 1.710936562579787, -1.3074729269263208};
const double kWholeLoss = 1.163937976378153;
const Checksums kWholeDx = {432, -0.055758270656755704, 8.68402831901274, -0.08379478076021438, -0.44397023117154366};
const NamedSums kWholeGrads[] = {
    {"0.weight", {72, -0.2580049746467357, 5.3729699259862205, 0.7951490866598148, -1.089976253945129}},
    {"0.bias", {4, 9.43689570931383e-16, 9.43689570931383e-16, -2.0816681711721685e-16, -2.761679773755077e-16}},
    {"1.weight", {4, -0.14881782076756284, 1.266720636537167, 0.8861900986767144, 0.5179508622976197}},
    {"1.bias", {4, -0.06534244941419556, 1.0955482907033147, 0.833284805703404, 0.5292871308629034}},
    {"4.weight", {108, 0.9995837614561957, 7.0006774436028465, 0.2450910880412389, 0.427591452233883}},
    {"4.bias", {6, -0.00932317681639222, 0.5677982767216424, 0.21626519126560825, -0.18423949679789936}},
    {"5.fc1.weight", {12, -0.06770988043676636, 0.16670533722890477, 0.07547522269324108, -0.12733923403836012}},
    {"5.fc1.bias", {2, 0.04648448523865574, 0.04648448523865574, -0.0011906224020784978, -0.023190498636987442}},
    {"5.fc2.weight", {12, -0.2174728375675937, 0.3802194145900174, -0.017142036243875756, -0.05667820891026505}},
    {"5.fc2.bias", {6, -0.11366041636881642, 0.22047360171290492, -0.08369562073203157, 0.11216652469900537}},
    {"8.weight", {120, 1.942890293094024e-16, 5.417859157189536, -0.011677945564571357, -0.7435115606471445}},
    {"8.bias", {5, 2.7755575615628914e-17, 0.590611707788605, -0.23556066060193798, 0.164624976935075}},
};
const Checksums kWholeEvalLogits = {15, -1.5606193204126868, 3.8049228453156627, 0.9469626005141216, -1.4014986016395456};

// SqueezeExcitation(8, r 4) with fc1.w, fc1.b, fc2.w, fc2.b = 0.5 Pattern(20..23), x = Pattern(1) [2, 8, 5, 4].
const Checksums kSeSums[] = {{320, 0.9824034498251666, 78.38824528308832, 0.23190879112493967, 2.9073071732413363},
                             {320, -0.19235252498117134, 77.97687463637743, -0.5632584604443606, 1.7695849152699599},
                             {16, 0.0012303193207306136, 0.06915420453900159, -0.011112400452652917, -0.026146484771971304},
                             {2, 0.32839782925274413, 0.32839782925274413, 0.24629837193955811, -0.032839782925274404},
                             {16, 3.4072464532224753, 3.4072464532224753, -0.090178403604082, 1.7508919135518535},
                             {8, 7.434999269111126, 7.434999269111126, 0.9226706147524119, 2.0915908403088723}};
const double kSeExcitation1[] = {0.4970134426135979, 0.4761407956443871,  0.4553511643866644, 0.5341938973098469,
                                 0.5133534325294669, 0.49246643312263416, 0.4716056997717652, 0.450843667845824};

struct OptimCase {
    const char* Name;
    double Losses[4];
    Checksums Params[4];
};

// MLP Linear(6, 5) - ReLU - Linear(5, 3), x = Pattern(1) [4, 6], labels (2 i + 1) % 3, 4 steps.
const OptimCase kOptimCases[] = {
    {"sgd",
     {1.2663787025001634, 1.2123442738283539, 1.1687576757648537, 1.1314552371299036},
     {{30, 2.0071571399603743, 6.749119873098985, 0.2855731277875889, 0.7152965319309039},
      {5, -1.3255410346819652, 2.1815680890876616, -0.30564705634180145, 0.5862026326177174},
      {15, -0.7817182817182817, 4.326695775943947, -0.5301101618674847, 0.00416080400237101},
      {3, 0.537962037962038, 0.537962037962038, 0.024745455765423783, -0.2584103146831921}}},
    {"sgd momentum dampening wd",
     {1.2663787025001634, 1.211914763143721, 1.1316313758703327, 1.045306240443517},
     {{30, 2.2440873399578014, 6.425143035946835, 0.2261740298196725, 0.7964826782900769},
      {5, -1.4745849617731468, 2.205673724161273, -0.31731607894179176, 0.45277585732792525},
      {15, -0.7750924451097159, 4.032748284870005, -0.5970590117960709, -0.05713819348362381},
      {3, 0.5334022769221495, 0.6260105052076247, 0.09884901835378555, -0.3096915881621954}}},
    {"sgd nesterov",
     {1.2663787025001634, 1.2166394829486873, 1.161080495828453, 1.1053371593409147},
     {{30, 2.0576993103150767, 6.595004308948534, 0.26593687542038413, 0.7311281980391644},
      {5, -1.3592854348820653, 2.1721777424206916, -0.30650349568267243, 0.542536907291461},
      {15, -0.7734906774648135, 4.184552318200721, -0.5456620182621787, -0.01442307668310544},
      {3, 0.5322999742042199, 0.5322999742042199, 0.04591667365411373, -0.27180017393001826}}},
    {"adam",
     {1.2663787025001634, 1.231253087166316, 1.199200572041615, 1.1693810511728904},
     {{30, 1.8897220069407896, 6.530309375784662, 0.31521193796659064, 0.7049674341442852},
      {5, -1.274853135502028, 2.1378494998704602, -0.3282582723830161, 0.553041096109265},
      {15, -0.9367876664781769, 4.456315835484795, -0.5279738646556565, -0.16852134448853442},
      {3, 0.49792183042532046, 0.49792183042532046, 0.013656788964565625, -0.2007178170398673}}},
    {"adam wd amsgrad",
     {1.2663787025001634, 1.2008684933591596, 1.144518301408052, 1.0978718600121369},
     {{30, 1.9984388289547734, 5.727997099853562, 0.07111089312121566, 0.8130839676499191},
      {5, -1.2649316505020598, 2.0568391189595716, -0.30959381291779564, 0.39566816252250786},
      {15, -0.7932130885636844, 3.859047588695971, -0.4909642302808421, -0.139749405933508},
      {3, 0.45808040229628, 0.45808040229628, 0.06878672963538614, -0.18942174639769874}}},
    {"adam, first layer frozen",
     {1.2663787025001634, 1.249377343809106, 1.2325838251145695, 1.2160049232110897},
     {{30, 1.8271728271728271, 7.024975024975025, 0.33666333666333637, 0.679170829170829},
      {5, -1.1973026973026974, 2.1333666333666335, -0.288523976023976, 0.6824175824175823},
      {15, -0.9416875431002026, 4.448468236386876, -0.5277416461686704, -0.18014314265687398},
      {3, 0.4979198310166202, 0.4979198310166202, 0.013602722491787358, -0.20082304589438654}}},
};

template <typename T>
void RunWholeNet(double tol)
{
    Sequential<T> net = WholeNet<T>();
    REQUIRE(net.ParameterNames() ==
            std::vector<std::string>{"0.weight", "0.bias", "1.weight", "1.bias", "4.weight", "4.bias", "5.fc1.weight",
                                     "5.fc1.bias", "5.fc2.weight", "5.fc2.bias", "8.weight", "8.bias"});
    SetParams(net);
    const Tensor<T> x = Pattern<T>({3, 2, 8, 9}, 1);
    const std::vector<int> labels = {1, 4, 2}; // (3 i + 1) % 5
    auto z = net.Forward(x, Mode::Train);
    REQUIRE(z);
    auto loss = CrossEntropyLoss(*z, labels);
    REQUIRE(loss);
    auto dx = net.Backward(loss->Grad, true);
    REQUIRE(dx);
    CheckSums(ChecksumsOf(*z), kWholeLogits, tol);
    CHECK(Near(loss->Value, kWholeLoss, tol));
    CheckSums(ChecksumsOf(*dx), kWholeDx, tol);
    std::vector<Parameter<T>*> params = net.Parameters();
    const std::vector<std::string> names = net.ParameterNames();
    for (std::size_t k = 0; k < params.size(); ++k) {
        INFO(names[k]);
        CHECK(names[k] == kWholeGrads[k].Name);
        CheckSums(ChecksumsOf(params[k]->Grad), kWholeGrads[k].Sums, tol);
    }
    auto eval = net.Forward(x, Mode::Eval); // BatchNorm now uses the updated running stats
    REQUIRE(eval);
    CheckSums(ChecksumsOf(*eval), kWholeEvalLogits, tol);
}

} // namespace

TEST_CASE("nn: a whole conv / BatchNorm / SE / pool / linear net equals torch, gradients included", "[nn]")
{
    RunWholeNet<double>(1e-10);
    RunWholeNet<float>(1e-4);
}

TEST_CASE("nn: the Squeeze-and-Excitation block equals torch", "[nn]")
{
    SqueezeExcitation<double> se(SqueezeExcitationConfig{8, 4});
    CHECK(se.Hidden() == 2);
    CHECK(se.ParameterCount() == 8 * 2 + 2 + 2 * 8 + 8);
    std::vector<Parameter<double>*> params = se.Parameters();
    for (std::size_t k = 0; k < params.size(); ++k) FillPattern(params[k]->Value, 20 + static_cast<int>(k), 0.5);
    const Tensor<double> x = Pattern<double>({2, 8, 5, 4}, 1);
    const Tensor<double> y = se.Forward(x, Mode::Train);
    const Tensor<double> dx = se.Backward(Pattern<double>(y.Dims, 4), true);
    CheckSums(ChecksumsOf(y), kSeSums[0], 1e-10);
    CheckSums(ChecksumsOf(dx), kSeSums[1], 1e-10);
    for (std::size_t k = 0; k < params.size(); ++k) {
        INFO(params[k]->Name);
        CheckSums(ChecksumsOf(params[k]->Grad), kSeSums[2 + k], 1e-10);
    }
    for (int c = 0; c < 8; ++c) CHECK(se.Excitation()[8 + c] == Approx(kSeExcitation1[c]).epsilon(1e-12));
}

TEST_CASE("nn: SGD and Adam steps equal torch.optim, frozen layers included", "[nn]")
{
    for (const OptimCase& c : kOptimCases) {
        INFO(c.Name);
        const std::string name = c.Name;
        Sequential<double> net;
        net.Add(std::make_unique<Linear<double>>(LinearConfig{6, 5, true})).Add(MakeReLU<double>());
        net.Add(std::make_unique<Linear<double>>(LinearConfig{5, 3, true}));
        SetParams(net);
        std::unique_ptr<Optimizer<double>> opt;
        if (name == "sgd") opt = std::make_unique<Sgd<double>>(SgdConfig{0.1});
        if (name == "sgd momentum dampening wd") opt = std::make_unique<Sgd<double>>(SgdConfig{0.1, 0.9, 0.1, 0.01, false});
        if (name == "sgd nesterov") opt = std::make_unique<Sgd<double>>(SgdConfig{0.05, 0.8, 0.0, 0.02, true});
        if (name.starts_with("adam")) opt = std::make_unique<Adam<double>>(AdamConfig{0.01});
        if (name == "adam wd amsgrad") opt = std::make_unique<Adam<double>>(AdamConfig{0.02, 0.8, 0.9, 1e-6, 0.05, true});
        if (name == "adam, first layer frozen") net.SetFrozen(0, 0, true);
        REQUIRE(opt);
        const Tensor<double> x = Pattern<double>({4, 6}, 1);
        const std::vector<int> labels = {1, 0, 2, 1}; // (2 i + 1) % 3
        for (int step = 0; step < 4; ++step) {
            auto loss = TrainBatch(net, *opt, x, labels, nullptr, LossKind::CrossEntropy);
            REQUIRE(loss);
            CHECK(Near(*loss, c.Losses[step], 1e-12));
        }
        std::vector<Parameter<double>*> params = net.Parameters();
        for (std::size_t k = 0; k < params.size(); ++k) CheckSums(ChecksumsOf(params[k]->Value), c.Params[k], 1e-12);
        CHECK(opt->Steps == 4);
    }
}
