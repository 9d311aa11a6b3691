// nn core: Conv2d, Conv3d and Linear against torch 1.13 (float64, tolerance 1e-10) on shapes
// with stride, padding, dilation and groups edge cases, in float32 too (looser), plus checks
// of the shape rules and the validation messages.
#include <catch2/catch.hpp>

#include "core/nn/conv.h"
#include "core/nn/linear.h"
#include "nn_test_util.h"

using namespace mlviz::nn;
using namespace mlviz::nn::test;

namespace {

// Reference rows: /usr/bin/python3 tools/nn_torch_reference.py layers (torch 1.13.0, float64).
// Inputs are Pattern(salt 1), weights Pattern(salt 2), biases Pattern(salt 3); the upstream
// gradient is Pattern(salt 4). Each tensor: {count, sum, sum |v|, weighted sum 1, weighted sum 2}.
struct Conv2dCase {
    const char* Name;
    int N, C, H, W, O, KH, KW, SH, SW, PH, PW, DH, DW, Groups;
    bool Bias;
    Checksums Y, DX, DWeight, DBias;
};

const Conv2dCase kConv2dCases[] = {
    {"basic 3x3 pad 1",
     2,
     3,
     7,
     6,
     4,
     3,
     3,
     1,
     1,
     1,
     1,
     1,
     1,
     1,
     true,
     {336, 192.05472649228892, 534.0208323145387, 34.3407083675565, 132.57913992018638},
     {252, -3.356047548854745, 336.5973257511719, 82.39077393635336, -15.994640720743192},
     {108, 228.63945844365423, 960.2284867979174, -12.81048359732176, 215.83500807661648},
     {4, 1.2877122877122886, 2.4825174825174816, 0.6115134865134851, -0.7234265734265736}},
    {"stride 2x3, kernel 3x2, groups 2",
     1,
     4,
     9,
     8,
     6,
     3,
     2,
     2,
     3,
     0,
     1,
     1,
     1,
     2,
     true,
     {72, 30.365603427541497, 60.41730197874055, -3.787127707457378, 4.382065279043303},
     {288, -64.17908864362411, 110.69283862990157, -1.8582345476701123, -22.97244418779134},
     {72, -5.566959514012462, 54.500884729655965, -9.124229167435962, -7.1495264226283215},
     {6, 0.39560439560439775, 20.125874125874127, -3.1025224775224776, 0.15974025974025974}},
    {"depthwise, dilation 2, pad 2, no bias",
     2,
     4,
     8,
     8,
     4,
     3,
     3,
     1,
     1,
     2,
     2,
     2,
     2,
     4,
     false,
     {512, 14.228565640154054, 325.90472564398635, 3.7879459451637287, -4.409857456089743},
     {512, 12.610343702251797, 339.21240098562777, -0.7212872043041849, 10.261957754174526},
     {36, 141.5330413841902, 404.2282203311174, -28.806716635013352, 91.21263089225127},
     {0, 0, 0, 0, 0}},
    {"kernel = input, 1x1 output",
     1,
     2,
     5,
     5,
     3,
     5,
     5,
     1,
     1,
     0,
     0,
     1,
     1,
     1,
     true,
     {3, 5.365076481959602, 24.59177785251711, 10.775886575961504, -5.123600009713895},
     {50, 1.09638513334817, 19.993384238139484, -1.274883832451265, 2.632994078848223},
     {150, 10.623222930915238, 62.47782986244525, 1.1410954180684456, 7.43583816782618},
     {3, -2.3736263736263736, 2.3736263736263736, -0.22664835164835168, 0.49670329670329677}},
    {"padding > kernel: windows of padding only",
     1,
     2,
     4,
     5,
     2,
     2,
     3,
     3,
     2,
     3,
     3,
     1,
     1,
     1,
     true,
     {30, 19.430390788033147, 24.68612805775643, 5.058948543963529, 4.886941962466438},
     {40, -10.640775807608975, 19.290176357109424, -1.286353506633227, -2.915806047099754},
     {24, 0.863219697385531, 13.975032959048944, 1.7356978685650017, 2.7948198737659276},
     {2, 0.6673326673326672, 2.895104895104895, -2.6166333666333665, -1.6698301698301696}},
    {"stride, dilation 3x2, groups 3",
     3,
     6,
     10,
     7,
     6,
     3,
     3,
     2,
     2,
     1,
     0,
     3,
     2,
     3,
     true,
     {108, 54.06721150976897, 166.68005121751375, -16.543326428815945, 2.2179561142598043},
     {1260, 6.845210733322624, 287.3052302343011, 4.819465499535427, 16.183228870934027},
     {108, -8.80452614318748, 107.82699418463655, -5.313171967892247, -1.9678329884124093},
     {6, 0.07192807192807193, 5.742257742257742, -1.2263986013986008, 4.845221445221447}},
    {"1x1 kernel",
     1,
     1,
     6,
     6,
     1,
     1,
     1,
     1,
     1,
     0,
     0,
     1,
     1,
     1,
     true,
     {36, 26.38132496873756, 26.38132496873756, -0.2271132962941157, 11.43557168771954},
     {36, 0.3745006242508739, 3.0390528552366707, -0.1912712661963411, 0.9043677601120157},
     {1, 3.6905202689418473, 3.6905202689418473, -3.6905202689418473, -3.6905202689418473},
     {1, 2.372627372627373, 2.372627372627373, -2.372627372627373, -2.372627372627373}},
    {"stride 4 > kernel 2: skipped inputs",
     2,
     2,
     7,
     7,
     4,
     2,
     2,
     4,
     4,
     0,
     0,
     1,
     1,
     1,
     true,
     {32, 18.272709308673345, 30.608802785625965, -10.99546133187492, 12.575232466085362},
     {196, 7.4609107176539755, 43.750559131178505, -4.8876806260672385, 5.252390525741663},
     {32, 2.71682463390755, 23.924160754330583, 2.889970294440823, -3.205098373155317},
     {4, 1.6073926073926073, 10.894105894105895, 6.215659340659341, 7.856243756243756}},
    {"dilation 2x3, stride 1x2, groups 3",
     1,
     3,
     5,
     9,
     6,
     3,
     3,
     1,
     2,
     1,
     1,
     2,
     3,
     3,
     true,
     {54, 26.77193036733496, 39.41229300170359, 1.5068853474198125, 23.77467779196051},
     {135, -20.128887096919065, 44.764908418255075, -1.226989044921113, -18.38372231239364},
     {54, 0.13861363411812966, 33.34478608304782, -3.706425692189928, -3.4424139260303095},
     {6, 1.4275724275724273, 14.192807192807193, -1.4197052947052946, 1.9384615384615382}},
    {"dilated kernel wider than the input",
     1,
     2,
     3,
     3,
     2,
     3,
     3,
     1,
     1,
     1,
     1,
     2,
     2,
     1,
     true,
     {2, 1.53238569622186, 1.53238569622186, -1.052978739542176, -1.2858335470723081},
     {18, -0.035047869213703356, 0.15182619578223971, -0.06861445248058633, -0.0007860271596535143},
     {36, 0.6071131665537259, 1.7350341965726581, -0.8420668991348311, -0.27188740330598465},
     {2, -1.4895104895104896, 1.4895104895104896, 0.1048951048951049, 0.7774225774225774}},
    {"groups 2, 4 outputs per group",
     2,
     2,
     6,
     5,
     8,
     2,
     2,
     1,
     1,
     1,
     0,
     1,
     1,
     2,
     true,
     {448, 189.53626992388234, 296.52467013505975, 3.6249478543434575, 79.54717363680277},
     {120, 2.253241264230274, 125.48247157437967, 0.3013511214060669, -1.1725597745577774},
     {32, -0.7205392010586844, 54.22098680540239, -3.598825001172651, -8.401387392577455},
     {8, 1.3606393606393614, 11.74025974025974, 2.545204795204797, -2.3196553446553434}},
};

struct Conv3dCase {
    const char* Name;
    int N, C, D, H, W, O;
    std::array<int, 3> Kernel, Stride, Padding, Dilation;
    int Groups;
    bool Bias;
    Checksums Y, DX, DWeight, DBias;
};

const Conv3dCase kConv3dCases[] = {
    {"3x3x3 pad 1",
     2,
     2,
     4,
     5,
     5,
     3,
     {3, 3, 3},
     {1, 1, 1},
     {1, 1, 1},
     {1, 1, 1},
     1,
     true,
     {600, 392.4065814305575, 971.2713749786676, 11.870554769905414, 184.95218830619928},
     {400, -20.54851941265528, 1034.6226750272704, -11.36831662343651, 16.35075569036357},
     {162, 3.5524794885433906, 1263.9103972950127, 33.06542258939862, -41.506833834139925},
     {3, 0.15884115884115868, 20.062937062937063, -10.918331668331668, -0.3566433566433562}},
    {"2x3x1 kernel, stride 2 in time, groups 2",
     1,
     4,
     5,
     6,
     4,
     4,
     {2, 3, 1},
     {2, 1, 1},
     {0, 1, 0},
     {1, 1, 1},
     2,
     true,
     {192, 117.90210289211288, 167.22534308847995, 3.3920533761942377, 51.68705090073098},
     {480, -4.051181585647122, 242.76844434286994, 5.61545098258385, -5.634171252490438},
     {48, -17.06821051076797, 250.54769606018357, -10.784812465257016, -24.646615497389746},
     {4, 1.2997002997003002, 10.004995004995004, 5.7952047952047945, -0.5237262737262733}},
    {"dilation, stride, groups 3, no bias",
     1,
     3,
     6,
     5,
     5,
     6,
     {3, 2, 2},
     {1, 2, 2},
     {2, 0, 1},
     {2, 1, 2},
     3,
     false,
     {216, 0.5317489703104119, 139.02238919921237, 4.331829633902556, -13.041293423711005},
     {450, 3.013221543691077, 153.42526704065165, 3.3179636297768145, 3.9328119654792992},
     {72, -0.780237744273709, 92.12127832207752, -7.868784063089755, 4.862370618614373},
     {0, 0, 0, 0, 0}},
    {"(2+1)-D spatial part 1x3x3, depthwise",
     2,
     2,
     3,
     4,
     4,
     2,
     {1, 3, 3},
     {1, 1, 1},
     {0, 1, 1},
     {1, 1, 1},
     2,
     true,
     {192, 138.31672822681816, 203.978263494747, -1.4830078762396388, 67.18387911726136},
     {192, 7.241672413500581, 180.17569742944372, 6.55787681349619, 6.122187367660645},
     {18, 99.82931054959028, 178.4287730251766, 10.924017665651036, 94.57415627995047},
     {2, 1.2997002997003002, 2.098901098901099, 1.674075924075924, 0.22967032967032946}},
    {"(2+1)-D temporal part 3x1x1",
     1,
     3,
     5,
     3,
     3,
     2,
     {3, 1, 1},
     {1, 1, 1},
     {1, 0, 0},
     {1, 1, 1},
     1,
     true,
     {90, 57.93704996302398, 74.15494595314776, -1.1562860216706365, 22.28951407123235},
     {135, 3.9915888307496687, 72.66878575969484, -0.5145027300371954, 1.673478458493443},
     {18, -6.39266028676618, 98.32113341204249, 3.8966404474646223, 13.92383023791615},
     {2, -2.7242757242757247, 2.7242757242757247, 0.3029470529470528, 1.4790209790209792}},
};

struct LinearCase {
    const char* Name;
    int N, In, Out;
    bool Bias;
    Checksums Y, DX, DWeight, DBias;
};

const LinearCase kLinearCases[] = {
    {"4x7 -> 5",
     4,
     7,
     5,
     true,
     {20, 17.346628396578446, 34.30615638108146, 0.9816542099259378, 12.526723426423725},
     {28, -6.218779222775226, 11.516797887427257, -0.7270376975671679, 4.1534208334836284},
     {35, 33.02821653870605, 34.402961673690946, 0.6630770578073277, 13.32889068972985},
     {5, 0.39760239760239735, 2.4235764235764234, -0.8560189810189808, 0.25094905094905084}},
    {"3x10 -> 1, no bias",
     3,
     10,
     1,
     false,
     {3, -0.5671840646865619, 0.746116021840297, 0.6942460636266827, 0.6013220878355742},
     {30, 6.17711958371299, 7.234699366567497, 0.6061109220449878, 3.772981464090355},
     {10, 2.2900665767798634, 7.419223134507851, 0.39207258775190845, -0.08636817727726853},
     {0, 0, 0, 0, 0}},
};

// Forward, backward with upstream gradient Pattern(salt 4), and the four tensors' checksums.
template <typename T>
void CheckLayer(Layer<T>& layer, const Shape& in, const Checksums& y_ref, const Checksums& dx_ref, const Checksums& dw_ref,
                const Checksums& db_ref, double tol)
{
    std::vector<Parameter<T>*> params = layer.Parameters();
    FillPattern(params[0]->Value, 2);
    if (params.size() > 1) FillPattern(params[1]->Value, 3);
    const Tensor<T> x = Pattern<T>(in, 1);
    REQUIRE(layer.OutputShape(in, Mode::Train).Ok());
    const Tensor<T> y = layer.Forward(x, Mode::Train);
    REQUIRE(static_cast<std::int64_t>(y.Numel()) == y_ref.Count);
    CHECK(y.Dims == *layer.OutputShape(in, Mode::Train));
    const Tensor<T> dx = layer.Backward(Pattern<T>(y.Dims, 4), true);
    const Checksums refs[4] = {y_ref, dx_ref, dw_ref, db_ref};
    const Checksums got[4] = {ChecksumsOf(y), ChecksumsOf(dx), ChecksumsOf(params[0]->Grad),
                              params.size() > 1 ? ChecksumsOf(params[1]->Grad) : Checksums{}};
    const char* what[4] = {"output", "grad input", "grad weight", "grad bias"};
    for (int k = 0; k < 4; ++k) {
        INFO(what[k]);
        CHECK(got[k].Count == refs[k].Count);
        CHECK(Near(got[k].Sum, refs[k].Sum, tol));
        CHECK(Near(got[k].AbsSum, refs[k].AbsSum, tol));
        CHECK(Near(got[k].W1, refs[k].W1, tol));
        CHECK(Near(got[k].W2, refs[k].W2, tol));
    }
}

template <typename T>
void RunConv2dCases(double tol)
{
    for (const Conv2dCase& c : kConv2dCases) {
        INFO(c.Name);
        Conv2dConfig cfg{c.C, c.O, {c.KH, c.KW}, {c.SH, c.SW}, {c.PH, c.PW}, {c.DH, c.DW}, c.Groups, c.Bias};
        REQUIRE(ValidateConv2d(cfg).Empty());
        Conv2d<T> conv(cfg);
        CheckLayer<T>(conv, {c.N, c.C, c.H, c.W}, c.Y, c.DX, c.DWeight, c.DBias, tol);
    }
}

template <typename T>
void RunConv3dCases(double tol)
{
    for (const Conv3dCase& c : kConv3dCases) {
        INFO(c.Name);
        Conv3dConfig cfg{c.C, c.O, c.Kernel, c.Stride, c.Padding, c.Dilation, c.Groups, c.Bias};
        REQUIRE(ValidateConv3d(cfg).Empty());
        Conv3d<T> conv(cfg);
        CheckLayer<T>(conv, {c.N, c.C, c.D, c.H, c.W}, c.Y, c.DX, c.DWeight, c.DBias, tol);
    }
}

} // namespace

TEST_CASE("nn: Conv2d forward and backward equal torch in float64", "[nn]")
{
    RunConv2dCases<double>(1e-10);
}

TEST_CASE("nn: Conv3d forward and backward equal torch in float64", "[nn]")
{
    RunConv3dCases<double>(1e-10);
}

TEST_CASE("nn: Conv2d and Conv3d in float32 agree with torch's float64 to float precision", "[nn]")
{
    RunConv2dCases<float>(2e-5);
    RunConv3dCases<float>(2e-5);
}

TEST_CASE("nn: Linear forward and backward equal torch", "[nn]")
{
    for (const LinearCase& c : kLinearCases) {
        INFO(c.Name);
        Linear<double> lin(LinearConfig{c.In, c.Out, c.Bias});
        CheckLayer<double>(lin, {c.N, c.In}, c.Y, c.DX, c.DWeight, c.DBias, 1e-10);
        Linear<float> linf(LinearConfig{c.In, c.Out, c.Bias});
        CheckLayer<float>(linf, {c.N, c.In}, c.Y, c.DX, c.DWeight, c.DBias, 2e-5);
    }
}

TEST_CASE("nn: convolution output sizes follow torch's formula", "[nn]")
{
    CHECK(ConvOutputSize(7, 3, 1, 1, 1) == 7);
    CHECK(ConvOutputSize(9, 3, 2, 0, 1) == 4);
    CHECK(ConvOutputSize(3, 3, 1, 0, 2) == -1); // effective kernel 5 > 3: empty
    CHECK(ConvOutputSize(4, 3, 1, 0, 2) == 0);
    CHECK(ConvOutputSize(3, 3, 1, 1, 2) == 1);
    CHECK(ConvOutputSize(1, 5, 1, 0, 1) == -3); // floor of a negative span
    Conv2d<double> conv(Conv2dConfig{2, 2, {3, 3}, {1, 1}, {0, 0}, {2, 2}, 1, true});
    auto r = conv.OutputShape({1, 2, 3, 3}, Mode::Eval);
    REQUIRE_FALSE(r.Ok());
    CHECK(RenderMessage(r.Error(), mlviz::Language::En).find("Conv2d") != std::string::npos);
    CHECK_FALSE(conv.OutputShape({1, 3, 9, 9}, Mode::Eval).Ok()); // wrong channels
    CHECK_FALSE(conv.OutputShape({2, 9, 9}, Mode::Eval).Ok());    // wrong rank
    CHECK(conv.OutputShape({4, 2, 9, 9}, Mode::Eval).Value() == Shape{4, 2, 5, 5});
    CHECK(conv.MultiplyAdds({4, 2, 9, 9}) == 4LL * 2 * 25 * 2 * 9);
}

TEST_CASE("nn: convolution configs are validated field by field", "[nn]")
{
    Conv2dConfig c;
    CHECK(ValidateConv2d(c).Empty());
    c.Groups = 2; // 1 input channel is not divisible by 2 groups
    CHECK_FALSE(ValidateConv2d(c).Empty());
    c = {};
    c.Kernel = {0, 3};
    CHECK_FALSE(ValidateConv2d(c).Empty());
    c = {};
    c.Stride = {1, 0};
    CHECK_FALSE(ValidateConv2d(c).Empty());
    c = {};
    c.Dilation = {1, 1000};
    CHECK_FALSE(ValidateConv2d(c).Empty());
    c = {};
    c.Padding = {-1, 0};
    CHECK_FALSE(ValidateConv2d(c).Empty());
    CHECK_FALSE(MakeConv3d<double>(Conv3dConfig{4, 6, {3, 3, 3}, {1, 1, 1}, {0, 0, 0}, {1, 1, 1}, 4, true}).Ok());
    CHECK(MakeConv3d<double>(Conv3dConfig{4, 8, {3, 3, 3}, {1, 1, 1}, {0, 0, 0}, {1, 1, 1}, 4, true}).Ok());
    CHECK_FALSE(MakeLinear<float>(LinearConfig{0, 3, true}).Ok());
    // Accepted sizes stay bounded: 64 -> 64 channels, 3x3 on 512x512 needs a 576 x 262 144 im2col matrix.
    Conv2d<float> big(Conv2dConfig{64, 64, {3, 3}, {1, 1}, {1, 1}, {1, 1}, 1, true});
    CHECK_FALSE(big.OutputShape({1, 64, 512, 512}, Mode::Eval).Ok());
    CHECK(big.OutputShape({1, 64, 32, 32}, Mode::Eval).Ok()); // 37.7 M multiply-adds per sample
}

TEST_CASE("nn: a hand-computed 2-D convolution and its gradients", "[nn]")
{
    // x = [[1, 2, 3], [4, 5, 6], [7, 8, 9]], w = [[1, 0], [0, -1]], b = 0.5, stride 1:
    // y[i][j] = x[i][j] - x[i+1][j+1] + 0.5 = -3.5 everywhere.
    Conv2d<double> conv(Conv2dConfig{1, 1, {2, 2}, {1, 1}, {0, 0}, {1, 1}, 1, true});
    conv.Weight().Value.Data = {1, 0, 0, -1};
    conv.Bias().Value.Data = {0.5};
    const Tensor<double> x({1, 1, 3, 3}, std::vector<double>{1, 2, 3, 4, 5, 6, 7, 8, 9});
    const Tensor<double> y = conv.Forward(x, Mode::Eval);
    CHECK(y.Data == std::vector<double>{-3.5, -3.5, -3.5, -3.5});
    // dL/dy = [[1, 0], [0, 0]]: dL/dx is the flipped kernel placed at (0, 0); dL/dw = x's top-left patch.
    const Tensor<double> dx = conv.Backward(Tensor<double>({1, 1, 2, 2}, std::vector<double>{1, 0, 0, 0}), true);
    CHECK(dx.Data == std::vector<double>{1, 0, 0, 0, -1, 0, 0, 0, 0});
    CHECK(conv.Weight().Grad.Data == std::vector<double>{1, 2, 4, 5});
    CHECK(conv.Bias().Grad.Data == std::vector<double>{1});
}
