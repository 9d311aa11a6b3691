// torch.optim update rules: hand-computed first steps, the documented equations written out
// independently, reference values from PyTorch, PyTorch's argument checks, and the lr < 2/L
// stability bound of gradient descent on a quadratic.
#include <catch2/catch.hpp>

#include "support/message_text.h"

#include <cmath>
#include <map>
#include <string>
#include <vector>

#include "topics/optimizers/core/optim_functions.h"
#include "topics/optimizers/core/optim_optimizers.h"

using namespace mlviz;

namespace {

// The gradient rule of the reference script: g(p) = [2 p0 + 0.5, 10 p1 - 1].
Vec2Array TestGrad(const Vec2Array& p)
{
    return {p[0] * 2.0 + 0.5, p[1] * 10.0 + -1.0};
}

std::vector<Vec2Array> Iterate(const OptimizerParams& o, int steps, Vec2Array p = {1.5, -0.5})
{
    OptimizerState s = MakeOptimizerState(o);
    std::vector<Vec2Array> out;
    for (int t = 0; t < steps; ++t) {
        OptimizerStep(o, s, p, TestGrad(p), o.Lr);
        out.push_back(p);
    }
    return out;
}

OptimizerParams Make(OptimizerKind kind, double lr)
{
    OptimizerParams p = DefaultOptimizerParams(kind);
    p.Lr = lr;
    return p;
}

bool Near(double a, double b, double rel)
{
    return std::fabs(a - b) <= rel * std::max(1.0, std::fabs(b));
}

// The configurations of tools/optim_torch_reference.py, by name.
std::map<std::string, OptimizerParams> TorchConfigs()
{
    std::map<std::string, OptimizerParams> m;
    using K = OptimizerKind;
    auto sgd = [](double lr) { return Make(K::SGD, lr); };
    m["sgd_plain"] = sgd(0.1);
    m["sgd_momentum"] = sgd(0.05);
    m["sgd_momentum"].Momentum = 0.9;
    m["sgd_dampening"] = sgd(0.05);
    m["sgd_dampening"].Momentum = 0.9;
    m["sgd_dampening"].Dampening = 0.3;
    {
        auto p = sgd(0.05);
        p.Momentum = 0.8;
        p.Nesterov = true;
        p.WeightDecay = 0.1;
        m["sgd_nesterov_wd"] = p;
    }
    {
        auto p = sgd(0.05);
        p.Momentum = 0.9;
        p.Dampening = 0.5;
        p.WeightDecay = 0.01;
        m["sgd_all"] = p;
    }
    m["adagrad_default"] = Make(K::Adagrad, 0.1);
    {
        auto p = Make(K::Adagrad, 0.1);
        p.LrDecay = 0.05;
        p.InitialAccumulatorValue = 0.3;
        p.Eps = 1e-3;
        p.WeightDecay = 0.02;
        m["adagrad_all"] = p;
    }
    m["rmsprop_default"] = Make(K::RMSprop, 0.01);
    {
        auto p = Make(K::RMSprop, 0.01);
        p.Momentum = 0.9;
        m["rmsprop_momentum"] = p;
    }
    {
        auto p = Make(K::RMSprop, 0.01);
        p.Centered = true;
        p.Alpha = 0.9;
        p.Eps = 1e-4;
        m["rmsprop_centered"] = p;
    }
    {
        auto p = Make(K::RMSprop, 0.01);
        p.Centered = true;
        p.Momentum = 0.5;
        p.Alpha = 0.8;
        p.Eps = 1e-3;
        p.WeightDecay = 0.05;
        m["rmsprop_all"] = p;
    }
    m["adam_default"] = Make(K::Adam, 0.1);
    {
        auto p = Make(K::Adam, 0.3);
        p.Beta2 = 0.5;
        m["adam_beta2_low"] = p;
        p.Amsgrad = true;
        m["adam_amsgrad"] = p;
    }
    {
        auto p = Make(K::Adam, 0.1);
        p.Beta1 = 0.8;
        p.Beta2 = 0.95;
        p.Eps = 1e-3;
        p.WeightDecay = 0.1;
        p.Amsgrad = true;
        m["adam_all"] = p;
    }
    m["adamw_default"] = Make(K::AdamW, 0.1);
    {
        auto p = Make(K::AdamW, 0.1);
        p.Beta1 = 0.8;
        p.Beta2 = 0.6;
        p.Eps = 1e-3;
        p.WeightDecay = 0.5;
        p.Amsgrad = true;
        m["adamw_all"] = p;
        p.Amsgrad = false;
        m["adamw_all_no_amsgrad"] = p;
    }
    m["nadam_default"] = Make(K::NAdam, 0.1);
    {
        auto p = Make(K::NAdam, 0.1);
        p.Beta1 = 0.85;
        p.Beta2 = 0.99;
        p.Eps = 1e-4;
        p.WeightDecay = 0.05;
        p.MomentumDecay = 0.01;
        m["nadam_all"] = p;
    }
    return m;
}

struct TorchSteps {
    const char* Name;
    std::vector<Vec2Array> Params;
};

// Produced by `/usr/bin/python3 tools/optim_torch_reference.py optimizers` (torch 1.13,
// float64, p0 = (1.5, -0.5), 6 steps; NAdam with the PyTorch 2.0 fix, see optim_optimizers.h).
const std::vector<TorchSteps> kTorchSteps = {
    {"sgd_plain",
     {{1.15, 0.10000000000000003},
      {0.8699999999999999, 0.09999999999999999},
      {0.6459999999999999, 0.1},
      {0.46679999999999994, 0.1},
      {0.32343999999999995, 0.1},
      {0.20875199999999997, 0.1}}},
    {"sgd_momentum",
     {{1.325, -0.19999999999999998},
      {1.01, 0.22000000000000006},
      {0.6005, 0.538},
      {0.14690000000000006, 0.6052},
      {-0.30103, 0.4130799999999999},
      {-0.6990640000000001, 0.08363199999999986}}},
    {"sgd_dampening",
     {{1.325, -0.19999999999999998},
      {1.05725, 0.17500000000000004},
      {0.7247675, 0.48625000000000007},
      {0.357299525, 0.6311875},
      {-0.015932619250000012, 0.575715625},
      {-0.36822626572750006, 0.3592904687499999}}},
    {"sgd_nesterov_wd",
     {{1.1715, 0.04450000000000006},
      {0.7882864999999999, 0.2876495},
      {0.4061355514999998, 0.28867370449999996},
      {0.06487123946649975, 0.1932990687095},
      {-0.21128548809346878, 0.1079146832381645},
      {-0.41182872877659205, 0.06960555155624255}}},
    {"sgd_all",
     {{1.32425, -0.19974999999999998},
      {1.0870314374999999, 0.14546243749999999},
      {0.8064114015156248, 0.44475165626562496},
      {0.5008311962035271, 0.6278128511742148},
      {0.18814224381341194, 0.6604577605855984},
      {-0.11523196108931566, 0.5495586244692976}}},
    {"adagrad_default",
     {{1.4000000000028572, -0.40000000000166663},
      {1.3313987131353202, -0.3359815600359124},
      {1.2764606196220267, -0.2872397743901233},
      {1.2296108871630325, -0.2475105345533564},
      {1.188262826543576, -0.2139279457855201},
      {1.150969769610584, -0.1848972179490848}}},
    {"adagrad_all",
     {{1.4012101115836206, -0.40042921128294673},
      {1.3362787278587884, -0.339587388148721},
      {1.286472489461321, -0.2951008340552337},
      {1.245713668844899, -0.2600932695303728},
      {1.2111220580059578, -0.23138959078202287},
      {1.181060967604656, -0.20721714982385772}}},
    {"rmsprop_default",
     {{1.4000000028571429, -0.4000000016666667},
      {1.3312164102852004, -0.33579181524822527},
      {1.2759880933169159, -0.2867691778225129},
      {1.2287684177945941, -0.24670481415499704},
      {1.1869860693812044, -0.2127536620387641},
      {1.1492042959839448, -0.18333500436344333}}},
    {"rmsprop_momentum",
     {{1.4000000028571429, -0.4000000016666667},
      {1.241216412856629, -0.2457918167482253},
      {1.0453249802406208, -0.06624989003388694},
      {0.8270392453753849, 0.1146594592215751},
      {0.5974761548710059, 0.27576581443607523},
      {0.3655421270713322, 0.4005561828819992}}},
    {"rmsprop_centered",
     {{1.466669840967527, -0.46666851841564355},
      {1.4414147976982468, -0.44188242597266025},
      {1.4192600601268297, -0.42042539904360443},
      {1.398635030818712, -0.4006843946126398},
      {1.3788050888666814, -0.3819219881090984},
      {1.3593519495533268, -0.3637324834577838}}},
    {"rmsprop_all",
     {{1.4750174703004892, -0.4750103691414351},
      {1.4418395651236378, -0.4420917351093929},
      {1.4055651841630548, -0.4065814469067638},
      {1.367611369433333, -0.37010326585304415},
      {1.3280778977833587, -0.33298982528867377},
      {1.2866014103351824, -0.29519912495411715}}},
    {"adam_default",
     {{1.4000000002857143, -0.4000000001666667},
      {1.300196489808013, -0.30088271288513246},
      {1.2007384002451225, -0.20354162604646564},
      {1.1017891601069658, -0.1091830937802272},
      {1.0035274479567988, -0.01938149138647459},
      {0.9061478224189907, 0.06392015567621731}}},
    {"adam_beta2_low",
     {{1.200000000857143, -0.2000000005},
      {0.8931252630033756, 0.11261562835277383},
      {0.5728213017775472, 0.40873149643443507},
      {0.22939237241107036, 0.5153709431507906},
      {-0.15257945193842581, 0.49694038716049876},
      {-0.5884945619307955, 0.416284866636669}}},
    {"adam_amsgrad",
     {{1.200000000857143, -0.2000000005},
      {0.8931252630033756, 0.07073307594244937},
      {0.5961548280281781, 0.2623955289379095},
      {0.3251230907361464, 0.3707663752145291},
      {0.08612433735666072, 0.4080103179084143},
      {-0.1192179400093564, 0.3914234004900244}}},
    {"adam_all",
     {{1.4000273897562312, -0.4000165261940175},
      {1.3003525298138094, -0.30122481960040776},
      {1.2011965490966112, -0.20479484090145067},
      {1.102797194952483, -0.11227611650090422},
      {1.00540805781097, -0.025658036813160617},
      {0.9092976400836505, 0.051456398258392266}}},
    {"adamw_default",
     {{1.3985000002857142, -0.39950000016666665},
      {1.297301700301223, -0.29999023447264},
      {1.1965565282090973, -0.20237013010801985},
      {1.0964305077945105, -0.10785290783095708},
      {0.9971049942956761, -0.018019713410527716},
      {0.8987772763140068, 0.06518225550003526}}},
    {"adamw_all",
     {{1.3250285632676377, -0.37501666388935173},
      {1.1582011401406536, -0.2552984309692642},
      {0.9986929841617143, -0.14591436522186327},
      {0.8488073451129602, -0.052814914905257915},
      {0.7108901845316479, 0.022257917946719614},
      {0.5857907040435306, 0.07972087410538922}}},
    {"adamw_all_no_amsgrad",
     {{1.3250285632676377, -0.37501666388935173},
      {1.1582011401406536, -0.2552984309692642},
      {0.9986929841617143, -0.13987836043866425},
      {0.8457168337480896, -0.027973594446392164},
      {0.6985184866339575, 0.08028022198065003},
      {0.5563642830781267, 0.18074965525462677}}},
    {"nadam_default",
     {{1.3943548224663045, -0.3943548223405365},
      {1.3181836664005449, -0.3230191495184189},
      {1.2482242983316785, -0.26048849946611563},
      {1.179487038711459, -0.2020653330587564},
      {1.1105183993839545, -0.14684610352066682},
      {1.0409829524242342, -0.09506753919018751}}},
    {"nadam_all",
     {{1.3922142424805128, -0.39221301648986556},
      {1.3115701386376182, -0.3166320501222091},
      {1.235903962253799, -0.24910813760468947},
      {1.160791418067701, -0.18571576557222022},
      {1.0851981112363642, -0.12617485251733074},
      {1.0091134642413493, -0.07122212210364762}}},
};

} // namespace

TEST_CASE("Optimizers match torch.optim step by step, every option on and off", "[optim]")
{
    const auto configs = TorchConfigs();
    REQUIRE(configs.size() == kTorchSteps.size());
    for (const TorchSteps& ref : kTorchSteps) {
        INFO("case " << ref.Name);
        REQUIRE(configs.count(ref.Name) == 1);
        const auto got = Iterate(configs.at(ref.Name), static_cast<int>(ref.Params.size()));
        for (std::size_t t = 0; t < ref.Params.size(); ++t) {
            INFO("step " << t + 1);
            // Bit for bit: the core mirrors the rounding of torch's CPU kernels (FMA included).
            CHECK(got[t][0] == ref.Params[t][0]);
            CHECK(got[t][1] == ref.Params[t][1]);
        }
    }
}

TEST_CASE("Options really change the trajectory (the reference cases are not degenerate)", "[optim]")
{
    auto find = [](const char* name) {
        for (const auto& r : kTorchSteps)
            if (std::string(r.Name) == name) return r.Params;
        return std::vector<Vec2Array>{};
    };
    // amsgrad only matters once the second moment shrinks: these pairs must differ.
    CHECK(find("adam_amsgrad")[2][1] != find("adam_beta2_low")[2][1]);
    CHECK(find("adamw_all")[2][1] != find("adamw_all_no_amsgrad")[2][1]);
    CHECK(find("sgd_dampening")[1][0] != find("sgd_momentum")[1][0]);
    CHECK(find("rmsprop_centered")[0][0] != find("rmsprop_default")[0][0]);
}

TEST_CASE("SGD with momentum: three steps by hand", "[optim]")
{
    // p0 = (1.5, -0.5), lr 0.05, momentum 0.9, g = (2 p0 + 0.5, 10 p1 - 1):
    // t1: g = (3.5, -6),   buf = g = (3.5, -6),                  p = (1.325, -0.2)
    // t2: g = (3.15, -3),  buf = 0.9 (3.5, -6) + g = (6.3, -8.4),  p = (1.01, 0.22)
    // t3: g = (2.52, 1.2), buf = 0.9 (6.3, -8.4) + g = (8.19, -6.36), p = (0.6005, 0.538)
    auto o = Make(OptimizerKind::SGD, 0.05);
    o.Momentum = 0.9;
    const auto p = Iterate(o, 3);
    CHECK(p[0][0] == Approx(1.325).epsilon(1e-14));
    CHECK(p[0][1] == Approx(-0.2).epsilon(1e-14));
    CHECK(p[1][0] == Approx(1.01).epsilon(1e-14));
    CHECK(p[1][1] == Approx(0.22).epsilon(1e-14));
    CHECK(p[2][0] == Approx(0.6005).epsilon(1e-14));
    CHECK(p[2][1] == Approx(0.538).epsilon(1e-14));

    // Dampening 0.3 leaves the first step alone (the buffer starts as a clone of g) and
    // scales later gradients by 0.7: t2 buf = (3.15 + 0.7 * 3.15, ...) = (5.355, -7.5).
    o.Dampening = 0.3;
    const auto d = Iterate(o, 2);
    CHECK(d[0][0] == Approx(1.325).epsilon(1e-14));
    CHECK(d[1][0] == Approx(1.325 - 0.05 * 5.355).epsilon(1e-14));
    CHECK(d[1][1] == Approx(-0.2 + 0.05 * 7.5).epsilon(1e-14));
}

TEST_CASE("Adam: the first step moves every coordinate by about lr", "[optim]")
{
    // m1 = 0.1 g, v1 = 0.001 g², m̂ = g, v̂ = g²: step = lr g / (|g| + eps).
    const auto p = Iterate(Make(OptimizerKind::Adam, 0.1), 1);
    CHECK(p[0][0] == Approx(1.5 - 0.1 * 3.5 / (3.5 + 1e-8)).epsilon(1e-14));
    CHECK(p[0][1] == Approx(-0.5 + 0.1 * 6.0 / (6.0 + 1e-8)).epsilon(1e-14));
}

TEST_CASE("Each optimizer follows its documented equations for three steps", "[optim]")
{
    // The pseudo-code of the torch.optim documentation, written out here independently of
    // the core's operation order; every option switched on where the optimizer has one.
    const Vec2Array p0 = {1.5, -0.5};
    const int steps = 3;
    for (int variant = 0; variant < 2; ++variant) {
        const bool on = variant == 1;
        INFO("options " << (on ? "on" : "off"));
        { // SGD
            auto o = Make(OptimizerKind::SGD, 0.05);
            if (on) {
                o.Momentum = 0.7;
                o.Nesterov = true;
                o.WeightDecay = 0.1;
            }
            Vec2Array p = p0, b{};
            for (int t = 1; t <= steps; ++t) {
                Vec2Array g = TestGrad(p);
                for (int i = 0; i < 2; ++i) {
                    g[i] += o.WeightDecay * p[i];
                    b[i] = t == 1 ? g[i] : o.Momentum * b[i] + (1 - o.Dampening) * g[i];
                    const double d = o.Momentum == 0 ? g[i] : (o.Nesterov ? g[i] + o.Momentum * b[i] : b[i]);
                    p[i] -= o.Lr * d;
                }
            }
            const auto got = Iterate(o, steps);
            CHECK(Near(got.back()[0], p[0], 1e-12));
            CHECK(Near(got.back()[1], p[1], 1e-12));
        }
        { // Adagrad: clr = lr / (1 + (t - 1) lr_decay), sum += g², p -= clr g / (sqrt(sum) + eps)
            auto o = Make(OptimizerKind::Adagrad, 0.2);
            if (on) {
                o.LrDecay = 0.1;
                o.InitialAccumulatorValue = 0.5;
                o.Eps = 1e-2;
                o.WeightDecay = 0.05;
            }
            Vec2Array p = p0, sum = {o.InitialAccumulatorValue, o.InitialAccumulatorValue};
            for (int t = 1; t <= steps; ++t) {
                Vec2Array g = TestGrad(p);
                const double clr = o.Lr / (1 + (t - 1) * o.LrDecay);
                for (int i = 0; i < 2; ++i) {
                    g[i] += o.WeightDecay * p[i];
                    sum[i] += g[i] * g[i];
                    p[i] -= clr * g[i] / (std::sqrt(sum[i]) + o.Eps);
                }
            }
            const auto got = Iterate(o, steps);
            CHECK(Near(got.back()[0], p[0], 1e-12));
            CHECK(Near(got.back()[1], p[1], 1e-12));
        }
        { // RMSprop: v = αv + (1−α)g²; centered: ṽ = v − ḡ²; b = μb + g/(√ṽ + ε); p -= lr b
            auto o = Make(OptimizerKind::RMSprop, 0.01);
            if (on) {
                o.Alpha = 0.9;
                o.Momentum = 0.6;
                o.Centered = true;
                o.WeightDecay = 0.02;
                o.Eps = 1e-3;
            }
            Vec2Array p = p0, v{}, gavg{}, b{};
            for (int t = 1; t <= steps; ++t) {
                Vec2Array g = TestGrad(p);
                for (int i = 0; i < 2; ++i) {
                    g[i] += o.WeightDecay * p[i];
                    v[i] = o.Alpha * v[i] + (1 - o.Alpha) * g[i] * g[i];
                    double vt = v[i];
                    if (o.Centered) {
                        gavg[i] = o.Alpha * gavg[i] + (1 - o.Alpha) * g[i];
                        vt -= gavg[i] * gavg[i];
                    }
                    const double step = g[i] / (std::sqrt(vt) + o.Eps);
                    b[i] = o.Momentum * b[i] + step;
                    p[i] -= o.Lr * (o.Momentum > 0 ? b[i] : step);
                }
            }
            const auto got = Iterate(o, steps);
            CHECK(Near(got.back()[0], p[0], 1e-12));
            CHECK(Near(got.back()[1], p[1], 1e-12));
        }
        for (OptimizerKind kind : {OptimizerKind::Adam, OptimizerKind::AdamW}) {
            // m = β1 m + (1−β1) g; v = β2 v + (1−β2) g²; v_max = max(v_max, v);
            // p -= lr m̂ / (√v̂ + ε) with m̂ = m / (1−β1ᵗ), v̂ = v / (1−β2ᵗ). AdamW: p *= 1 − lr λ first.
            auto o = Make(kind, 0.2);
            if (on) {
                o.Beta1 = 0.7;
                o.Beta2 = 0.4;
                o.Eps = 1e-3;
                o.WeightDecay = 0.1;
                o.Amsgrad = true;
            }
            Vec2Array p = p0, m{}, v{}, vmax{};
            for (int t = 1; t <= steps; ++t) {
                Vec2Array g = TestGrad(p);
                for (int i = 0; i < 2; ++i) {
                    if (kind == OptimizerKind::AdamW)
                        p[i] *= 1 - o.Lr * o.WeightDecay;
                    else
                        g[i] += o.WeightDecay * p[i];
                    m[i] = o.Beta1 * m[i] + (1 - o.Beta1) * g[i];
                    v[i] = o.Beta2 * v[i] + (1 - o.Beta2) * g[i] * g[i];
                    vmax[i] = std::max(vmax[i], v[i]);
                    const double vhat = (o.Amsgrad ? vmax[i] : v[i]) / (1 - std::pow(o.Beta2, t));
                    p[i] -= o.Lr * (m[i] / (1 - std::pow(o.Beta1, t))) / (std::sqrt(vhat) + o.Eps);
                }
            }
            INFO(OptimizerName(kind));
            const auto got = Iterate(o, steps);
            CHECK(Near(got.back()[0], p[0], 1e-12));
            CHECK(Near(got.back()[1], p[1], 1e-12));
        }
        { // NAdam: μt = β1 (1 − ½ 0.96^(tψ)); m̂ = μ_{t+1} m / (1 − Π_{i≤t+1} μi) + (1 − μt) g / (1 − Π_{i≤t} μi)
            auto o = Make(OptimizerKind::NAdam, 0.1);
            if (on) {
                o.Beta1 = 0.8;
                o.Beta2 = 0.9;
                o.Eps = 1e-3;
                o.WeightDecay = 0.05;
                o.MomentumDecay = 0.5;
            }
            Vec2Array p = p0, m{}, v{};
            double prod = 1.0;
            for (int t = 1; t <= steps; ++t) {
                Vec2Array g = TestGrad(p);
                const double mu = o.Beta1 * (1 - 0.5 * std::pow(0.96, t * o.MomentumDecay));
                const double mu1 = o.Beta1 * (1 - 0.5 * std::pow(0.96, (t + 1) * o.MomentumDecay));
                prod *= mu;
                for (int i = 0; i < 2; ++i) {
                    g[i] += o.WeightDecay * p[i];
                    m[i] = o.Beta1 * m[i] + (1 - o.Beta1) * g[i];
                    v[i] = o.Beta2 * v[i] + (1 - o.Beta2) * g[i] * g[i];
                    const double mhat = mu1 * m[i] / (1 - prod * mu1) + (1 - mu) * g[i] / (1 - prod);
                    const double vhat = v[i] / (1 - std::pow(o.Beta2, t));
                    p[i] -= o.Lr * mhat / (std::sqrt(vhat) + o.Eps);
                }
            }
            const auto got = Iterate(o, steps);
            CHECK(Near(got.back()[0], p[0], 1e-12));
            CHECK(Near(got.back()[1], p[1], 1e-12));
        }
    }
}

TEST_CASE("Optimizer argument checks follow PyTorch", "[optim]")
{
    auto error = [](OptimizerParams p) {
        const auto r = CheckOptimizerParams(p);
        return r.Ok() ? std::string() : Text(r.Error());
    };
    for (int k = 0; k < static_cast<int>(OptimizerKind::Count); ++k) {
        const auto kind = static_cast<OptimizerKind>(k);
        INFO(OptimizerName(kind));
        CHECK(error(DefaultOptimizerParams(kind)).empty());
        auto p = DefaultOptimizerParams(kind);
        p.Lr = -0.1;
        CHECK_THAT(error(p), Catch::Contains("lr = -0.1"));
        p = DefaultOptimizerParams(kind);
        p.WeightDecay = -1.0;
        CHECK_THAT(error(p), Catch::Contains("weight_decay"));
        p = DefaultOptimizerParams(kind);
        p.Lr = std::nan("");
        CHECK_THAT(error(p), Catch::Contains("не конечно"));
    }
    auto sgd = DefaultOptimizerParams(OptimizerKind::SGD);
    sgd.Nesterov = true;
    CHECK_THAT(error(sgd), Catch::Contains("импульсу Нестерова нужны ненулевой momentum и нулевой dampening"));
    sgd.Momentum = 0.9;
    CHECK(error(sgd).empty());
    sgd.Dampening = 0.1;
    CHECK_THAT(error(sgd), Catch::Contains("nesterov"));
    auto adam = DefaultOptimizerParams(OptimizerKind::Adam);
    adam.Beta1 = 1.0;
    CHECK_THAT(error(adam), Catch::Contains("betas[0]"));
    adam.Beta1 = 0.0; // allowed: 0 <= beta < 1
    CHECK(error(adam).empty());
    adam.Beta2 = -0.1;
    CHECK_THAT(error(adam), Catch::Contains("betas[1]"));
    auto nadam = DefaultOptimizerParams(OptimizerKind::NAdam);
    nadam.MomentumDecay = -1e-3;
    CHECK_THAT(error(nadam), Catch::Contains("momentum_decay"));
    auto rms = DefaultOptimizerParams(OptimizerKind::RMSprop);
    rms.Alpha = -0.5;
    CHECK_THAT(error(rms), Catch::Contains("alpha"));
    auto ada = DefaultOptimizerParams(OptimizerKind::Adagrad);
    CHECK(ada.Eps == 1e-10);
    ada.InitialAccumulatorValue = -1.0;
    CHECK_THAT(error(ada), Catch::Contains("initial_accumulator_value"));
    CHECK(DefaultOptimizerParams(OptimizerKind::AdamW).WeightDecay == 1e-2);
    CHECK(DefaultOptimizerParams(OptimizerKind::NAdam).Lr == 2e-3);
}

TEST_CASE("Gradient descent on a quadratic converges for lr < 2/L and diverges above", "[optim]")
{
    for (double kappa : {1.0, 10.0, 50.0}) {
        SurfaceParams f;
        f.Kappa = kappa;
        f.AngleDeg = 25.0;
        const double L = kappa; // largest Hessian eigenvalue
        for (double ratio : {0.5, 0.9, 0.99, 1.01, 1.1}) {
            INFO("kappa " << kappa << ", lr = " << ratio << " * 2/L");
            auto o = Make(OptimizerKind::SGD, ratio * 2.0 / L);
            OptimizerState s = MakeOptimizerState(o);
            Vec2Array p = {-2.0, 1.0};
            for (int t = 0; t < 3000; ++t) {
                const SurfaceValue v = EvaluateSurface(SurfaceKind::Quadratic, f, {p[0], p[1]});
                OptimizerStep(o, s, p, {v.Grad.X, v.Grad.Y}, o.Lr);
            }
            const double dist = std::hypot(p[0], p[1]);
            if (ratio < 1.0)
                CHECK(dist < 1e-3);
            else
                CHECK(dist > 1e3);
        }
    }
}

TEST_CASE("Moment vectors exposed for drawing", "[optim]")
{
    auto sgd = Make(OptimizerKind::SGD, 0.1);
    OptimizerState s = MakeOptimizerState(sgd);
    Vec2Array p = {1.0, 1.0};
    OptimizerStep(sgd, s, p, {1.0, 2.0}, 0.1);
    CHECK_FALSE(MomentVector(sgd, s).has_value()); // plain SGD keeps no buffer
    sgd.Momentum = 0.5;
    s = MakeOptimizerState(sgd);
    OptimizerStep(sgd, s, p, {1.0, 2.0}, 0.1);
    OptimizerStep(sgd, s, p, {1.0, 2.0}, 0.1);
    REQUIRE(MomentVector(sgd, s).has_value());
    CHECK((*MomentVector(sgd, s))[1] == Approx(3.0)); // 0.5 * 2 + 2
    auto adam = Make(OptimizerKind::Adam, 0.1);
    s = MakeOptimizerState(adam);
    OptimizerStep(adam, s, p, {1.0, 2.0}, 0.1);
    CHECK((*MomentVector(adam, s))[0] == Approx(0.1)); // (1 − β1) g
    CHECK_FALSE(MomentVector(Make(OptimizerKind::Adagrad, 0.1), s).has_value());
    for (int k = 0; k < static_cast<int>(OptimizerKind::Count); ++k) {
        const auto kind = static_cast<OptimizerKind>(k);
        CHECK(OptimizerFromName(OptimizerName(kind)) == kind);
    }
    CHECK_FALSE(OptimizerFromName("Adam").has_value());
}
