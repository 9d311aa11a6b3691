// nn core: pooling, activations, BatchNorm and the losses against torch 1.13 (float64, 1e-10),
// plus hand-computed cases of the pooling rules (adaptive bins, ceil mode, ties).
#include <catch2/catch.hpp>

#include <cmath>

#include "core/nn/activation.h"
#include "core/nn/batchnorm.h"
#include "core/nn/loss.h"
#include "core/nn/pool.h"
#include "nn_test_util.h"

using namespace mlviz::nn;
using namespace mlviz::nn::test;

namespace {

// Reference rows: /usr/bin/python3 tools/nn_torch_reference.py layers (torch 1.13.0, float64).
// Input Pattern(salt 1) (quantised: floor(2 v), values -2..2 with many ties), upstream
// gradient Pattern(salt 4); checksums {count, sum, sum |v|, weighted sum 1, weighted sum 2}.
struct MaxPoolCase {
    const char* Name;
    int N, C, H, W;
    std::array<int, 2> Kernel, Stride, Padding, Dilation;
    bool Ceil, Quantised;
    Checksums Y, DX;
};

const MaxPoolCase kMaxPoolCases[] = {
    {"2x2 stride 2",
     2,
     3,
     7,
     6,
     {2, 2},
     {2, 2},
     {0, 0},
     {1, 1},
     false,
     false,
     {54, 26.74925074925075, 31.96803196803197, 0.01873126873126879, 11.106482406482407},
     {252, 1.4275724275724282, 29.42957042957043, -2.8325424575424583, 1.9334887334887334}},
    {"3x3 stride 2 pad 1 ceil",
     1,
     2,
     7,
     8,
     {3, 3},
     {2, 2},
     {1, 1},
     {1, 1},
     true,
     false,
     {40, 27.60939060939061, 27.867132867132867, 1.0304695304695306, 10.91943056943057},
     {112, 1.6513486513486513, 12.52047952047952, -0.4134615384615381, 1.3903667760810619}},
    {"3x2 stride 1x2 pad 1x0 dilation 2x1",
     1,
     2,
     9,
     9,
     {3, 2},
     {1, 2},
     {1, 0},
     {2, 1},
     false,
     false,
     {56, 30.492507492507492, 34.616383616383615, -1.1574675324675319, 15.23310261167404},
     {162, 1.91008991008991, 20.715284715284717, 0.6439810189810196, 4.458853492186826}},
    {"ceil drops a window starting in the padding",
     1,
     1,
     5,
     5,
     {2, 2},
     {2, 2},
     {1, 1},
     {1, 1},
     true,
     false,
     {9, 1.027972027972028, 4.430569430569431, -0.9756493506493507, 3.2227772227772227},
     {25, 0.37562437562437556, 7.076923076923077, 1.2104145854145854, 1.9856943056943055}},
    {"ties: the first maximum wins",
     2,
     2,
     6,
     7,
     {3, 3},
     {1, 2},
     {1, 1},
     {1, 1},
     false,
     true,
     {96, 88.0, 92.0, 2.5, 44.37708333333333},
     {168, 1.552447552447552, 24.48751248751249, 1.163836163836165, 2.2967936825079676}},
};

struct AvgPoolCase {
    const char* Name;
    int N, C, H, W;
    std::array<int, 2> Kernel, Stride, Padding;
    bool Ceil, CountIncludePad;
    int Divisor;
    Checksums Y, DX;
};

const AvgPoolCase kAvgPoolCases[] = {
    {"2x2 stride 2",
     2,
     3,
     7,
     6,
     {2, 2},
     {2, 2},
     {0, 0},
     false,
     true,
     0,
     {54, -2.151098901098901, 15.064685314685313, 0.5667769730269736, -1.6250314500314507},
     {252, 1.4275724275724277, 29.429570429570425, -3.123751248751249, 0.0699161949161955}},
    {"3x3 stride 2 pad 1 ceil",
     1,
     2,
     7,
     8,
     {3, 3},
     {2, 2},
     {1, 1},
     true,
     true,
     0,
     {40, -0.3336663336663337, 3.911532911532912, 0.6553307803307804, -0.554446941946942},
     {112, 3.4098124098124103, 9.397269397269397, -0.19851676101676097, 2.470292604221176}},
    {"same without the padding in the count",
     1,
     2,
     7,
     8,
     {3, 3},
     {2, 2},
     {1, 1},
     true,
     false,
     0,
     {40, -0.21178821178821217, 6.322455322455323, 0.9891150516150515, -0.6760572760572763},
     {112, 1.6513486513486508, 14.081696081696084, -0.41322913197913214, 1.8596078524649953}},
    {"divisor override 5",
     1,
     2,
     6,
     5,
     {3, 2},
     {1, 2},
     {1, 1},
     false,
     true,
     5,
     {36, 0.27952047952047954, 7.394405594405594, -0.3359890109890107, -0.05994782994782999},
     {60, 4.671528471528472, 10.192807192807194, 1.107742257742258, 2.9368431568431577}},
    {"ceil, pad, count_include_pad false",
     1,
     1,
     5,
     5,
     {2, 2},
     {2, 2},
     {1, 1},
     true,
     false,
     0,
     {9, -1.5876623376623373, 3.216533466533466, -1.0377435064935068, 1.3625319125319124},
     {25, 0.37562437562437545, 7.076923076923077, 1.4080294705294705, 1.1456943056943056}},
};

struct AdaptiveCase {
    const char* Name;
    int N, C, H, W, OH, OW;
    bool Quantised;
    Checksums AvgY, AvgDX, MaxY, MaxDX;
};

const AdaptiveCase kAdaptiveCases[] = {
    {"7x9 -> 3x4",
     2,
     3,
     7,
     9,
     3,
     4,
     false,
     {72, 1.4154734154734154, 9.62792762792763, 0.6861333111333114, 2.3133798300464963},
     {378, 0.39560439560439586, 32.34254634254634, 0.09877622377622391, 0.4846344132058421},
     {72, 54.24975024975025, 54.24975024975025, -0.2975774225774225, 27.085458985458985},
     {378, 0.395604395604396, 37.154845154845155, -5.661838161838162, -1.6286364429221567}},
    {"global 5x5 -> 1x1",
     1,
     2,
     5,
     5,
     1,
     1,
     false,
     {2, -0.179020979020979, 0.179020979020979, 0.02104895104895106, 0.09777822177822176},
     {50, -1.4895104895104891, 1.4895104895104891, -0.017457542457542455, -0.7597762237762238},
     {2, 1.922077922077922, 1.922077922077922, -0.19655344655344642, -1.0346653346653345},
     {50, -1.4895104895104896, 1.4895104895104896, 0.2558691308691309, 0.37144855144855143}},
    {"4x6 -> 4x4",
     1,
     2,
     4,
     6,
     4,
     4,
     false,
     {32, -1.091908091908092, 14.500499500499501, 1.1061438561438557, 0.03043206793206843},
     {48, 1.6073926073926077, 17.55944055944056, 2.323114385614385, 1.822188228438229},
     {32, 2.20979020979021, 16.27972027972028, 1.4871378621378626, 1.5187874625374627},
     {48, 1.6073926073926081, 18.488511488511488, 3.137862137862138, 3.8257326007326014}},
    {"3x5 -> 5x7: more bins than cells",
     1,
     1,
     3,
     5,
     5,
     7,
     false,
     {35, 1.7467532467532472, 17.62237762237762, -0.3192120379620377, 3.770736406450692},
     {15, 2.3206793206793206, 7.98051948051948, -0.5777659840159841, 4.70955710955711},
     {35, 11.401598401598402, 24.61038961038961, -0.9386863136863133, 8.412473241044669},
     {15, 2.3206793206793206, 6.048951048951048, -0.42582417582417553, 2.4656010656010663}},
    {"13x10 -> 4x2 (SPP level)",
     1,
     2,
     13,
     10,
     4,
     2,
     false,
     {16, 0.1626373626373625, 1.6147852147852149, 0.24424325674325675, 0.2933991008991007},
     {260, 1.6903096903096906, 7.666833166833166, 0.08376623376623368, 1.8867263505725043},
     {16, 13.862137862137864, 13.862137862137864, 0.8060689310689311, 5.3636488511488505},
     {260, 1.6903096903096904, 8.573426573426573, 1.5324675324675325, 5.996130792284639}},
    {"ties 6x6 -> 2x2",
     1,
     2,
     6,
     6,
     2,
     2,
     true,
     {8, -4.777777777777778, 4.777777777777778, -0.347222222222222, -1.7277777777777779},
     {72, -0.18381618381618403, 6.517482517482518, 0.04270729270729273, 1.7495115995115993},
     {8, 8.0, 8.0, 0.625, 2.3},
     {72, -0.1838161838161837, 6.517482517482517, -1.3447802197802197, 2.4402625152625155}},
};

// Activations: input Pattern(salt 1) * 3.
struct ActivationCase {
    const char* Name;
    Shape Dims;
    bool Quantised;
    Checksums Y, DX;
};

const ActivationCase kActivationCases[] = {
    {"relu",
     {3, 4, 5},
     false,
     {60, 48.51848151848152, 48.51848151848152, -1.2804695304695313, 18.69025974025974},
     {60, 7.093906093906094, 9.521478521478523, -0.07217782217782243, 1.5960539460539467}},
    {"relu",
     {2, 3, 2, 4},
     true,
     {48, 33.0, 33.0, -2.625, 10.65},
     {48, 5.152847152847153, 5.152847152847153, 0.05544455544455537, 1.5106018981018985}},
    {"sigmoid",
     {3, 4, 5},
     false,
     {60, 30.536437853556333, 30.536437853556333, -0.20869206726095413, 13.631784379742822},
     {60, -1.107568679173569, 3.6253935815988774, -0.16892751890680457, 0.05063821926660175}},
    {"sigmoid",
     {2, 3, 2, 4},
     true,
     {48, 16.53708934734952, 16.53708934734952, -1.1404389588672013, 7.023236213863364},
     {48, -0.15857814641626408, 0.8950889301985654, 0.16732853214331317, -0.2632462517962741}},
    {"tanh",
     {3, 4, 5},
     false,
     {60, 1.8620592758001853, 47.84450778047593, -1.5812539734162865, -0.0863089151048948},
     {60, -4.192372415959635, 5.6993503047853284, -0.20804890579553076, -1.6702120694215061}},
    {"tanh",
     {2, 3, 2, 4},
     true,
     {48, -14.999815674761933, 36.89102025587, -3.12064526069018, -8.029487945659248},
     {48, -0.4799388903499789, 1.5449528801583767, 0.5955376375894691, -0.8616419346917972}},
    {"softmax",
     {3, 4, 5},
     false,
     {60, 15.0, 15.0, -0.45579304605731896, 7.400881836446751},
     {60, -6.938893903907228e-18, 3.006684512782534, -0.11660864171988364, 0.052072454953259295}},
    {"softmax",
     {2, 3, 2, 4},
     true,
     {48, 16.0, 16.0, 0.12349645827730671, 4.801655535798442},
     {48, 1.942890293094024e-16, 0.7648949948305845, 0.1723352067394653, -0.2723396730106102}},
};

// BatchNorm: x = 2 Pattern(1) + 0.3, weight = 0.5 Pattern(2) + 1, bias = 0.5 Pattern(3),
// running_mean = 0.1 Pattern(5), running_var = 0.5 Pattern(6) + 1 before the call.
struct BatchNormCase {
    const char* Name;
    Shape Dims;
    bool Train;
    double Momentum, Eps;
    bool Affine;
    Checksums Y, DX, DWeight, DBias, RunningMean, RunningVar;
};

const BatchNormCase kBatchNormCases[] = {
    {"1d [6, 3] train",
     {6, 3},
     true,
     0.1,
     1e-05,
     true,
     {18, 5.736263736263735, 17.48108431331667, 0.21501033633307262, 4.875582745694116},
     {18, 2.220446049250313e-16, 6.905011359039351, 0.3257182234128074, 1.3864151318484268},
     {3, 2.318392542982279, 2.318392542982279, -0.2523152227342237, -0.8638741095276479},
     {3, 1.2297702297702298, 1.9630369630369624, 1.3691308691308688, 0.32187812187812154},
     {3, 0.04205128205128207, 0.049064269064269056, 0.03418456543456542, -0.0018168498168498245},
     {3, 3.7229255592891954, 3.7229255592891954, 0.08850131511844817, -1.0605293913545661}},
    {"1d [4, 3, 5] train",
     {4, 3, 5},
     true,
     0.1,
     1e-05,
     true,
     {60, 19.12087912087912, 56.27761558279193, -3.313774951225565, 3.3435525743827905},
     {60, 1.7763568394002505e-15, 24.004820361271257, -1.4965001731899026, 4.976169855674632},
     {3, 8.395001344469495, 8.395001344469495, 2.631822775785264, -2.8971268940416026},
     {3, 1.7602397602397593, 4.683316683316683, 3.13986013986014, 2.0456210456210453},
     {3, 0.038671328671328685, 0.07715284715284715, 0.05579670329670329, 0.017248085248085236},
     {3, 3.6002994670821575, 3.6002994670821575, 0.11058034038362918, -1.0266944162625324}},
    {"2d [2, 3, 4, 5] train, momentum 0.3, eps 1e-3",
     {2, 3, 4, 5},
     true,
     0.3,
     0.001,
     true,
     {120, 38.24175824175825, 111.6300299621263, -2.3268781429103074, 15.886485097962169},
     {120, -6.661338147750939e-16, 47.786125009057045, -1.4289491224032602, 7.887657859143352},
     {3, 19.544078704134055, 19.544078704134055, 1.0702523361347027, -4.986029378770926},
     {3, 3.221778221778222, 3.221778221778222, -0.26273726273726217, -1.2825840825840822},
     {3, 0.2428021978021978, 0.2428021978021978, -0.004780219780219842, -0.08063736263736268},
     {3, 3.779832056823526, 3.779832056823526, 0.11191170669413575, -1.0575825548462143}},
    {"2d [2, 3, 4, 5] eval",
     {2, 3, 4, 5},
     false,
     0.1,
     1e-05,
     true,
     {120, 77.38396993349635, 130.63927734094713, -2.872079733607605, 34.59208579462263},
     {120, 3.079561945687322, 59.109331449990066, -1.94876655715778, 9.69730947044891},
     {3, 22.48876234946968, 22.48876234946968, 1.2765342530599435, -5.689964957492023},
     {3, 3.221778221778222, 3.221778221778222, -0.26273726273726217, -1.2825840825840822},
     {3, -0.06563436563436563, 0.06563436563436563, -0.015509490509490517, 0.0038761238761238753},
     {3, 3.53046953046953, 3.53046953046953, 0.08322927072927067, -1.0095904095904094}},
    {"3d [2, 2, 3, 3, 2] train, no affine",
     {2, 2, 3, 3, 2},
     true,
     0.1,
     1e-05,
     false,
     {72, 0.0, 62.94660737981624, -1.9802324414589105, -6.033378543625537},
     {72, 6.661338147750939e-16, 29.744487541673955, -0.8194390640805272, 6.5524692477331365},
     {0, 0, 0, 0, 0},
     {0, 0, 0, 0, 0},
     {2, 0.011265401265401268, 0.011265401265401268, -0.009569597069597084, -0.010393273393273401},
     {2, 2.4503142854006272, 2.4503142854006272, -0.3560248735138132, -1.3732511592874086}},
};

template <typename T>
Tensor<T> Input(const Shape& s, bool quantised, double scale = 1.0)
{
    Tensor<T> t = Pattern<T>(s, 1, scale);
    if (quantised)
        for (std::size_t i = 0; i < t.Numel(); ++i)
            t[i] = static_cast<T>(scale * std::floor(2.0 * PatternValue(static_cast<std::int64_t>(i), 1)));
    return t;
}

void CheckSums(const Checksums& got, const Checksums& ref, double tol)
{
    CHECK(got.Count == ref.Count);
    CHECK(Near(got.Sum, ref.Sum, tol));
    CHECK(Near(got.AbsSum, ref.AbsSum, tol));
    CHECK(Near(got.W1, ref.W1, tol));
    CHECK(Near(got.W2, ref.W2, tol));
}

// Forward + backward of a parameter-free layer against reference checksums.
template <typename T>
void CheckPlain(Layer<T>& layer, const Tensor<T>& x, const Checksums& y_ref, const Checksums& dx_ref, double tol)
{
    REQUIRE(layer.OutputShape(x.Dims, Mode::Train).Ok());
    const Tensor<T> y = layer.Forward(x, Mode::Train);
    CHECK(y.Dims == *layer.OutputShape(x.Dims, Mode::Train));
    const Tensor<T> dx = layer.Backward(Pattern<T>(y.Dims, 4), true);
    {
        INFO("output");
        CheckSums(ChecksumsOf(y), y_ref, tol);
    }
    INFO("grad input");
    CheckSums(ChecksumsOf(dx), dx_ref, tol);
}

template <typename T>
void RunPoolCases(double tol)
{
    for (const MaxPoolCase& c : kMaxPoolCases) {
        INFO(c.Name);
        MaxPool2dConfig cfg{c.Kernel, c.Stride, c.Padding, c.Dilation, c.Ceil};
        REQUIRE(ValidateMaxPool2d(cfg).Empty());
        MaxPool2d<T> pool(cfg);
        CheckPlain<T>(pool, Input<T>({c.N, c.C, c.H, c.W}, c.Quantised), c.Y, c.DX, tol);
    }
    for (const AvgPoolCase& c : kAvgPoolCases) {
        INFO(c.Name);
        AvgPool2dConfig cfg{c.Kernel, c.Stride, c.Padding, c.Ceil, c.CountIncludePad, c.Divisor};
        REQUIRE(ValidateAvgPool2d(cfg).Empty());
        AvgPool2d<T> pool(cfg);
        CheckPlain<T>(pool, Input<T>({c.N, c.C, c.H, c.W}, false), c.Y, c.DX, tol);
    }
    for (const AdaptiveCase& c : kAdaptiveCases) {
        INFO(c.Name);
        const Tensor<T> x = Input<T>({c.N, c.C, c.H, c.W}, c.Quantised);
        AdaptivePool2d<T> avg(AdaptivePool2dConfig{{c.OH, c.OW}}, false), max(AdaptivePool2dConfig{{c.OH, c.OW}}, true);
        CheckPlain<T>(avg, x, c.AvgY, c.AvgDX, tol);
        CheckPlain<T>(max, x, c.MaxY, c.MaxDX, tol);
    }
}

template <typename T>
void RunActivationCases(double tol)
{
    for (const ActivationCase& c : kActivationCases) {
        INFO(c.Name << " " << ShapeString(c.Dims));
        const std::string name = c.Name;
        LayerPtr<T> layer = name == "relu" ? MakeReLU<T>()
            : name == "sigmoid"            ? MakeSigmoid<T>()
            : name == "tanh"               ? MakeTanh<T>()
                                           : MakeSoftmax<T>();
        CheckPlain<T>(*layer, Input<T>(c.Dims, c.Quantised, 3.0), c.Y, c.DX, tol);
    }
}

template <typename T>
void RunBatchNormCases(double tol)
{
    for (const BatchNormCase& c : kBatchNormCases) {
        INFO(c.Name);
        const int C = c.Dims[1];
        BatchNormConfig cfg{C, c.Eps, c.Momentum, c.Affine, true};
        REQUIRE(ValidateBatchNorm(cfg).Empty());
        BatchNorm<T> bn(cfg);
        std::vector<Parameter<T>*> params = bn.Parameters();
        if (c.Affine) {
            FillPattern(params[0]->Value, 2, 0.5);
            for (T& v : params[0]->Value.Data) v += T(1);
            FillPattern(params[1]->Value, 3, 0.5);
        }
        std::vector<NamedTensor<T>*> buffers = bn.Buffers();
        FillPattern(buffers[0]->Value, 5, 0.1);
        FillPattern(buffers[1]->Value, 6, 0.5);
        for (T& v : buffers[1]->Value.Data) v += T(1);
        Tensor<T> x = Pattern<T>(c.Dims, 1, 2.0);
        for (T& v : x.Data) v += T(0.3);
        const Mode mode = c.Train ? Mode::Train : Mode::Eval;
        REQUIRE(bn.OutputShape(x.Dims, mode).Ok());
        const Tensor<T> y = bn.Forward(x, mode);
        const Tensor<T> dx = bn.Backward(Pattern<T>(y.Dims, 4), true);
        CheckSums(ChecksumsOf(y), c.Y, tol);
        CheckSums(ChecksumsOf(dx), c.DX, tol);
        if (c.Affine) {
            CheckSums(ChecksumsOf(params[0]->Grad), c.DWeight, tol);
            CheckSums(ChecksumsOf(params[1]->Grad), c.DBias, tol);
        }
        CheckSums(ChecksumsOf(bn.RunningMean()), c.RunningMean, tol);
        CheckSums(ChecksumsOf(bn.RunningVar()), c.RunningVar, tol);
        CHECK(buffers[2]->Value[0] == (c.Train ? T(1) : T(0))); // num_batches_tracked
    }
}

} // namespace

TEST_CASE("nn: MaxPool2d, AvgPool2d and the adaptive pools equal torch", "[nn]")
{
    RunPoolCases<double>(1e-10);
    RunPoolCases<float>(2e-5);
}

TEST_CASE("nn: ReLU, Sigmoid, Tanh and Softmax equal torch", "[nn]")
{
    RunActivationCases<double>(1e-10);
    RunActivationCases<float>(2e-5);
}

TEST_CASE("nn: BatchNorm in train and eval mode equals torch, running statistics included", "[nn]")
{
    RunBatchNormCases<double>(1e-10);
    RunBatchNormCases<float>(5e-5);
}

TEST_CASE("nn: cross-entropy and MSE equal torch", "[nn]")
{
    // torch 1.13: F.cross_entropy(3 Pattern(1) [5, 7], labels (3 i + 1) % 7), F.mse_loss(Pattern(1), Pattern(2)).
    const double ce_ref = 2.040791637876487;
    const Checksums ce_grad = {35, 2.0816681711721685e-17, 1.693100366340056, 0.03277192457263192, 0.31852467366811504};
    const double mse_ref = 1.041482909365027;
    const Checksums mse_grad = {12, 0.5226440226440225, 1.8583083583083582, -0.14880952380952378, 0.7546037296037295};
    const Tensor<double> z = Pattern<double>({5, 7}, 1, 3.0);
    const std::vector<int> labels = {1, 4, 0, 3, 6}; // (3 i + 1) % 7
    auto ce = CrossEntropyLoss(z, labels);
    REQUIRE(ce);
    CHECK(Near(ce->Value, ce_ref, 1e-12));
    CheckSums(ChecksumsOf(ce->Grad), ce_grad, 1e-12);
    auto mse = MseLoss(Pattern<double>({3, 4}, 1), Pattern<double>({3, 4}, 2));
    REQUIRE(mse);
    CHECK(Near(mse->Value, mse_ref, 1e-12));
    CheckSums(ChecksumsOf(mse->Grad), mse_grad, 1e-12);

    CHECK_FALSE(CrossEntropyLoss(z, std::vector<int>{1, 2, 3}).Ok());       // wrong count
    CHECK_FALSE(CrossEntropyLoss(z, std::vector<int>{1, 2, 3, 4, 7}).Ok()); // label out of range
    CHECK_FALSE(MseLoss(Pattern<double>({3, 4}, 1), Pattern<double>({4, 3}, 1)).Ok());
    Tensor<double> bad = z;
    bad[3] = std::nan("");
    CHECK_FALSE(CrossEntropyLoss(bad, labels).Ok()); // never a NaN loss
    CHECK(Accuracy(Tensor<double>({2, 3}, std::vector<double>{0, 5, 1, 2, 2, 1}), std::vector<int>{1, 0}) == 1.0);
}

TEST_CASE("nn: adaptive bins follow torch's start/end rule", "[nn]")
{
    // 5 cells into 3 bins: [0, 2), [1, 4), [3, 5); 3 cells into 5 bins repeat cells.
    CHECK(AdaptivePoolBin(0, 5, 3).Begin == 0);
    CHECK(AdaptivePoolBin(0, 5, 3).End == 2);
    CHECK(AdaptivePoolBin(1, 5, 3).Begin == 1);
    CHECK(AdaptivePoolBin(1, 5, 3).End == 4);
    CHECK(AdaptivePoolBin(2, 5, 3).Begin == 3);
    CHECK(AdaptivePoolBin(2, 5, 3).End == 5);
    for (int out = 1; out <= 12; ++out)
        for (int in = 1; in <= 12; ++in)
            for (int i = 0; i < out; ++i) {
                const AdaptiveBin bin = AdaptivePoolBin(i, in, out);
                CHECK(bin.Begin == static_cast<int>(std::floor(static_cast<double>(i) * in / out)));
                CHECK(bin.End == static_cast<int>(std::ceil(static_cast<double>(i + 1) * in / out)));
                CHECK(bin.End > bin.Begin);
            }
}

TEST_CASE("nn: pooling output sizes, ceil mode and validation", "[nn]")
{
    CHECK(PoolOutputSize(7, 2, 2, 0, 1, false) == 3);
    CHECK(PoolOutputSize(7, 2, 2, 0, 1, true) == 4);
    CHECK(PoolOutputSize(5, 2, 2, 1, 1, true) == 3); // a 4th window would start in the right padding
    CHECK_FALSE(ValidateMaxPool2d(MaxPool2dConfig{{3, 3}, {1, 1}, {2, 2}, {1, 1}, false}).Empty()); // pad > k/2
    CHECK(ValidateAvgPool2d(AvgPool2dConfig{{3, 3}, {0, 0}, {1, 1}, false, true, 0}).Empty());
    MaxPool2d<double> pool(MaxPool2dConfig{});
    CHECK(pool.OutputShape({1, 1, 8, 8}, Mode::Eval).Value() == Shape{1, 1, 4, 4});
    CHECK_FALSE(pool.OutputShape({1, 1, 1, 8}, Mode::Eval).Ok());
    CHECK_FALSE(MakeAdaptivePool2d<double>(AdaptivePool2dConfig{{0, 2}}, true).Ok());
}

TEST_CASE("nn: max pooling routes the gradient to the first maximum", "[nn]")
{
    MaxPool2d<double> pool(MaxPool2dConfig{});
    const Tensor<double> x({1, 1, 2, 2}, std::vector<double>{3, 7, 7, 1});
    CHECK(pool.Forward(x, Mode::Eval).Data == std::vector<double>{7});
    CHECK(pool.ArgMax() == std::vector<int>{1});
    CHECK(pool.Backward(Tensor<double>({1, 1, 1, 1}, 2.0), true).Data == std::vector<double>{0, 2, 0, 0});
}

TEST_CASE("nn: BatchNorm refuses one value per channel in training", "[nn]")
{
    BatchNorm<double> bn(BatchNormConfig{3});
    CHECK_FALSE(bn.OutputShape({1, 3}, Mode::Train).Ok());
    CHECK(bn.OutputShape({1, 3}, Mode::Eval).Ok());
    CHECK(bn.OutputShape({1, 3, 2, 1}, Mode::Train).Ok());
    CHECK_FALSE(ValidateBatchNorm(BatchNormConfig{3, 0.0}).Empty());
}
