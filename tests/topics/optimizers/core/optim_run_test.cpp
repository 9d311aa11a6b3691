// Whole optimizer runs: the PyTorch training loop end to end (autograd gradients, optimizer,
// scheduler), divergence reports, minibatch noise, and incremental == one-shot computation.
#include <catch2/catch.hpp>

#include "support/message_text.h"

#include <cmath>
#include <string>
#include <vector>

#include "topics/optimizers/core/optim_run.h"

using namespace mlviz;

namespace {

struct TorchRun {
    const char* Name;
    std::vector<Vec2d> Points;
};

// Produced by `/usr/bin/python3 tools/optim_torch_reference.py runs` (torch 1.13, float64,
// the surfaces written with torch ops and differentiated by autograd; the loop is
// zero_grad, loss.backward(), opt.step(), sched.step() or sched.step(loss.item())).
const std::vector<TorchRun> kTorchRuns = {
    {"rosenbrock_adam",
     {{-1.5, 2.5},
      {-1.5499999999965517, 2.45000000001},
      {-1.5892047172971673, 2.4101380863631805},
      {-1.60086468095934, 2.3952871169208243},
      {-1.5925167510335398, 2.399808639821018},
      {-1.5747407988595665, 2.413873649464538},
      {-1.5543510144157404, 2.430588767829832},
      {-1.5369914490624679, 2.4441449936788406},
      {-1.5268610168683387, 2.4502830645213294},
      {-1.5251301381536502, 2.4479421094371894},
      {-1.530382274493528, 2.438657788361065},
      {-1.5400940450716216, 2.4249692008854904},
      {-1.5513690618059959, 2.4097131029393477},
      {-1.561225920533878, 2.395789422947806},
      {-1.567148586460119, 2.3856637564156715},
      {-1.5678591344133965, 2.3806297414110347},
      {-1.5635795164708401, 2.380518074916071},
      {-1.5556375968744562, 2.3840344226957995},
      {-1.545956365628042, 2.389253046132293},
      {-1.5366495850904291, 2.3940375623029935},
      {-1.5295961166632364, 2.396490763018153},
      {-1.5259875947775745, 2.395423232302933},
      {-1.5260716996280836, 2.3906059006581035},
      {-1.5292137382083548, 2.3826893295654217},
      {-1.5341501066779129, 2.372937824629879},
      {-1.5392965713927844, 2.362924547433118},
      {-1.543100585208995, 2.354191601613606},
      {-1.5444269942128264, 2.347874791347822},
      {-1.5428487287060286, 2.344412199733564},
      {-1.5387047425609217, 2.3434749559555597},
      {-1.5329371402272987, 2.3441199669419115}}},
    {"quadratic_nesterov_cosine",
     {{-2.5, 1.5},
      {-1.172786209823229, -0.5299396502946189},
      {-0.44557793361952536, -1.4337644372668703},
      {-0.2634346707583537, -1.343021685759853},
      {-0.3216502553019725, -0.8200616670574102},
      {-0.3783754533661796, -0.31326647549437064},
      {-0.3432307330732089, -0.00151591939289854},
      {-0.23044353966828782, 0.12539728218741475},
      {-0.0883124580003719, 0.14422614652550322},
      {0.043193849610359485, 0.12365676126083833},
      {0.14442092723172884, 0.10194523902488657},
      {0.21209342682567972, 0.09202893708212305},
      {0.25158982123712603, 0.09335464511972123},
      {0.2709514698091902, 0.1010044257408619},
      {0.27766694214131554, 0.11037186887299348},
      {0.27749893949012383, 0.11864251104424162},
      {0.27438928897396764, 0.12469068009479835},
      {0.27077142792212844, 0.12847821470880444},
      {0.2679446619964322, 0.13047922072024834},
      {0.2663776045403071, 0.13129908240412866},
      {0.265916158185409, 0.1314875628771979},
      {0.265916158185409, 0.1314875628771979},
      {0.2653372064845948, 0.13164952323503776},
      {0.26284118762367487, 0.13224196786776612},
      {0.25694077044512426, 0.13339274310007776},
      {0.24623238163606262, 0.13491538998112215}}},
    {"quadratic_unscaled_sgd_l1",
     {{-2.0, 2.0},
      {-1.8849577502442103, 1.3841969011737805},
      {-1.784360411277563, 0.9793349997846594},
      {-1.6938175785702476, 0.7136384923433317},
      {-1.6104210251931628, 0.5397442162188074},
      {-1.5322408263371403, 0.4263985497363303},
      {-1.4579928540786404, 0.3529783147149931},
      {-1.3868193570434406, 0.30587519812233294},
      {-1.3181441632919866, 0.27610988353540505},
      {-1.251577126109989, 0.2577576506413658},
      {-1.1868510645916008, 0.24690945097259842},
      {-1.1237801471712876, 0.2409863368021025},
      {-1.062232425147448, 0.23828706276778477},
      {-1.0021117036770257, 0.23768955486507348},
      {-0.9433455745250255, 0.2384539143262656},
      {-0.8858775149570502, 0.24009242292497893},
      {-0.8296616699084569, 0.2422837615646961},
      {-0.7746594048943871, 0.2448164045807332},
      {-0.7208370274894955, 0.24755126667631694},
      {-0.6681642800114087, 0.2503970543936935},
      {-0.6166133411900347, 0.2532940011227429}}},
    {"beale_rmsprop_plateau",
     {{1.0, 1.5},
      {0.8994962187668617, 1.3994962185832789},
      {0.7946856430163308, 1.2920127012665132},
      {0.7115176875959105, 1.2021467289365118},
      {0.6520221747027776, 1.13178898949659},
      {0.6118586493930267, 1.0769584047294791},
      {0.586149707185157, 1.0332413635799147},
      {0.5709968612138517, 0.997157699682118},
      {0.5636086712234274, 0.966251680389345},
      {0.5620713356989457, 0.9388684451355839},
      {0.56508862285473, 0.9139123034374393},
      {0.5717756161508032, 0.890659337906759},
      {0.5815137869458312, 0.8686278401067871},
      {0.5938548219173491, 0.8474933321994953},
      {0.6084587490779781, 0.8270342392560317},
      {0.6250548386138636, 0.8070975019881071},
      {0.6434171702936994, 0.7875767822181585},
      {0.6633494916444644, 0.768398493763294},
      {0.6846759135195114, 0.749512660894911},
      {0.707235260434958, 0.7308867544150142},
      {0.7308777046393525, 0.7125013771977585},
      {0.7554628215360979, 0.6943471165492324},
      {0.7808585203460506, 0.6764221524762385},
      {0.806940500812101, 0.6587303752984878},
      {0.8335920105978657, 0.6412798646400373},
      {0.8607037573456442, 0.6240816403956141},
      {0.8881738813644983, 0.6071486305254062},
      {0.9159079298829982, 0.590494820119757},
      {0.9438187978020259, 0.5741345570074009},
      {0.9718266165410508, 0.5580819949055876},
      {0.9998585840916717, 0.5423506579806378}}},
    {"himmelblau_nadam_warmup_pen",
     {{0.5, -0.5},
      {0.5105645177805247, -0.4894354822268802},
      {0.525535281178944, -0.47440377628013214},
      {0.5463018506852887, -0.4534372474867589},
      {0.5739730717495474, -0.42529381901181285},
      {0.6095223035254272, -0.38880333572919634},
      {0.6538312291476027, -0.3428203324570312},
      {0.7077172187305117, -0.286199907852548},
      {0.7719449852079997, -0.2177966261643603},
      {0.8472202423966041, -0.13648924544440413},
      {0.9341654161123331, -0.04123112208653899},
      {1.0332787374248344, 0.0688763348295598},
      {1.135663618863058, 0.18349634939054785},
      {1.2406766788722323, 0.3023442352710006},
      {1.347678669945649, 0.4244250832540688},
      {1.4560383787209716, 0.5487825294709163},
      {1.5651303889362127, 0.6744983077736717},
      {1.6743312373701402, 0.800682395134834},
      {1.7830149905589177, 0.9264581103614187},
      {1.8905491728723094, 1.0509454273830785},
      {1.996291929926282, 1.1732449593461955},
      {2.0995913171731826, 1.292424742378694},
      {2.199787635169167, 1.4075120879134786},
      {2.2962197351344193, 1.5174932551447247},
      {2.388236107696548, 1.621324272784902},
      {2.475211241562732, 1.7179564800167726}}},
    {"rastrigin_adagrad_step",
     {{3.3, -2.7},
      {2.8000000000007534, -3.1999999999990805},
      {3.1130158882863332, -2.8175010649764722},
      {2.876479185285353, -3.070627167703378},
      {3.053354792538139, -2.917993027273361},
      {2.9345558720756757, -3.029548733147105},
      {2.992840889295089, -2.9759007724058804},
      {2.983363895386713, -2.9865067046246643},
      {2.985113587623756, -2.984562484979775},
      {2.9848137605301805, -2.9849043860852893},
      {2.9848620702387003, -2.984848132511064},
      {2.9848569813416277, -2.984854198345548},
      {2.984855967616167, -2.98485539183926},
      {2.9848557584290814, -2.9848556352246525},
      {2.9848557137930625, -2.9848556865720077},
      {2.9848557039606973, -2.984855697760218},
      {2.984855702397929, -2.984855699519961},
      {2.984855701677463, -2.984855700328348},
      {2.9848557013419947, -2.9848557007034384},
      {2.9848557011842733, -2.9848557008791836},
      {2.9848557011094172, -2.9848557009623127},
      {2.984855701084319, -2.9848557009900927},
      {2.9848557010683607, -2.984855701007725},
      {2.9848557010581667, -2.9848557010189696},
      {2.9848557010516243, -2.9848557010261736},
      {2.9848557010474073, -2.98485570103081}}},
    {"rosenbrock_adamw_exp",
     {{-1.0, 1.0},
      {-0.9450000001666666, 0.995},
      {-0.9538923517374299, 0.9540836141820984},
      {-0.9619206380031394, 0.9128148380727329},
      {-0.950792055589669, 0.8825691248476769},
      {-0.9286924031880738, 0.8622153568524885},
      {-0.9031944502197086, 0.8448202645055515},
      {-0.8795675846511398, 0.8248317303459896},
      {-0.8610272034375024, 0.8005763538328415},
      {-0.8478222672120707, 0.7730408279731297},
      {-0.8381664189139775, 0.743773428471766},
      {-0.829664785396724, 0.7142640800941866},
      {-0.8202009308421289, 0.6858616055748377},
      {-0.8085313796482203, 0.6595745278973849},
      {-0.7944295517834815, 0.6358192498845889},
      {-0.7783771104294325, 0.614379271459771},
      {-0.7611573977558904, 0.5946060551895589},
      {-0.7435893998431028, 0.5757164523695981},
      {-0.7263788108166693, 0.5570277111985203},
      {-0.7100270006710563, 0.5380952367997217},
      {-0.6947880191415821, 0.5187400855229133},
      {-0.6806798329821526, 0.49899976763948367},
      {-0.6675397732006207, 0.47905181661160384},
      {-0.6551001781340454, 0.4591444689912798},
      {-0.643062046200015, 0.4395444577386434},
      {-0.6311535515343877, 0.4204991726855698},
      {-0.6191677855058397, 0.402209391823602},
      {-0.6069790374980379, 0.38481171291049},
      {-0.5945408354878604, 0.3683715151521054},
      {-0.5818717353710263, 0.35288652902237927},
      {-0.5690355200003829, 0.3382990825690479}}},
};

RunConfig TorchRunConfig(const std::string& name)
{
    RunConfig c;
    auto opt = [&](OptimizerKind k, double lr) {
        c.Optimizer = DefaultOptimizerParams(k);
        c.Optimizer.Lr = lr;
    };
    if (name == "rosenbrock_adam") {
        c.Surface = SurfaceKind::Rosenbrock;
        c.Start = {-1.5, 2.5};
        c.Steps = 30;
        opt(OptimizerKind::Adam, 0.05);
    } else if (name == "quadratic_nesterov_cosine") {
        c.Surface = SurfaceKind::Quadratic;
        c.Function.Kappa = 10;
        c.Function.AngleDeg = 30;
        c.Start = {-2.5, 1.5};
        c.Steps = 25;
        opt(OptimizerKind::SGD, 0.05);
        c.Optimizer.Momentum = 0.9;
        c.Optimizer.Nesterov = true;
        c.Schedule.Kind = ScheduleKind::Cosine;
        c.Schedule.TMax = 20;
    } else if (name == "quadratic_unscaled_sgd_l1") {
        c.Surface = SurfaceKind::Quadratic;
        c.Function.Kappa = 2;
        c.Function.AngleDeg = 20;
        c.Function.CenterX = 1.5;
        c.Function.CenterY = 0.4;
        c.Function.FeaturesScaled = false;
        c.Function.FeatureScale = 3.0;
        c.Function.L1 = 0.3;
        c.Start = {-2.0, 2.0};
        c.Steps = 20;
        opt(OptimizerKind::SGD, 0.02);
    } else if (name == "beale_rmsprop_plateau") {
        c.Surface = SurfaceKind::Beale;
        c.Start = {1.0, 1.5};
        c.Steps = 30;
        opt(OptimizerKind::RMSprop, 0.01);
        c.Optimizer.Centered = true;
        c.Optimizer.Momentum = 0.5;
        c.Schedule.Kind = ScheduleKind::Plateau;
        c.Schedule.Factor = 0.5;
        c.Schedule.Patience = 2;
    } else if (name == "himmelblau_nadam_warmup_pen") {
        c.Surface = SurfaceKind::Himmelblau;
        c.Start = {0.5, -0.5};
        c.Steps = 25;
        opt(OptimizerKind::NAdam, 0.1);
        c.Schedule.Kind = ScheduleKind::LinearWarmup;
        c.Schedule.StartFactor = 0.1;
        c.Schedule.TotalIters = 10;
        c.Function.L1 = 0.1;
        c.Function.L2 = 0.05;
    } else if (name == "rastrigin_adagrad_step") {
        c.Surface = SurfaceKind::Rastrigin;
        c.Start = {3.3, -2.7};
        c.Steps = 25;
        opt(OptimizerKind::Adagrad, 0.5);
        c.Optimizer.LrDecay = 0.01;
        c.Schedule.Kind = ScheduleKind::Step;
        c.Schedule.StepSize = 5;
        c.Schedule.Gamma = 0.7;
    } else if (name == "rosenbrock_adamw_exp") {
        c.Surface = SurfaceKind::Rosenbrock;
        c.Function.RosenA = 0.5;
        c.Function.RosenB = 20;
        c.Start = {-1.0, 1.0};
        c.Steps = 30;
        opt(OptimizerKind::AdamW, 0.05);
        c.Optimizer.WeightDecay = 0.1;
        c.Optimizer.Amsgrad = true;
        c.Schedule.Kind = ScheduleKind::Exponential;
        c.Schedule.Gamma = 0.97;
    } else {
        FAIL("no config for " << name);
    }
    return c;
}

Trajectory Run(const RunConfig& c)
{
    const auto r = RunTrajectory(c);
    REQUIRE(r.Ok());
    return r.Value();
}

RunConfig QuadraticSgd(double lr)
{
    RunConfig c;
    c.Surface = SurfaceKind::Quadratic;
    c.Function.Kappa = 10.0;
    c.Start = {-2.0, 1.5};
    c.Steps = 200;
    c.Optimizer = DefaultOptimizerParams(OptimizerKind::SGD);
    c.Optimizer.Lr = lr;
    return c;
}

} // namespace

TEST_CASE("Whole runs match the PyTorch training loop", "[optim]")
{
    for (const TorchRun& ref : kTorchRuns) {
        INFO("case " << ref.Name);
        const Trajectory t = Run(TorchRunConfig(ref.Name));
        REQUIRE(t.DivergedAt == -1);
        REQUIRE(t.Points.size() == ref.Points.size());
        for (std::size_t i = 0; i < ref.Points.size(); ++i) {
            INFO("step " << i);
            // Analytic vs autograd gradients differ in the last bits only.
            CHECK(t.Points[i].X == Approx(ref.Points[i].X).epsilon(1e-10).margin(1e-12));
            CHECK(t.Points[i].Y == Approx(ref.Points[i].Y).epsilon(1e-10).margin(1e-12));
        }
    }
}

TEST_CASE("Run records: sizes, losses and learning rates line up", "[optim]")
{
    RunConfig c = TorchRunConfig("quadratic_nesterov_cosine");
    const Trajectory t = Run(c);
    REQUIRE(t.Points.size() == 26);
    REQUIRE(t.Loss.size() == 26);
    REQUIRE(t.Lr.size() == 25);
    REQUIRE(t.Grad.size() == 25);
    REQUIRE(t.Moment.size() == 25);
    for (std::size_t i = 0; i < t.Points.size(); ++i) CHECK(t.Loss[i] == SurfaceLoss(c.Surface, c.Function, t.Points[i]));
    CHECK(t.Lr[0] == 0.05);
    CHECK(t.Lr[20] == Approx(0.0).margin(1e-18)); // cosine reaches eta_min at T_max
    // Nesterov: the first momentum buffer is the first gradient.
    CHECK(t.Moment[0].X == t.Grad[0].X);
    CHECK(t.Grad[0].X == EvaluateSurface(c.Surface, c.Function, c.Start).Grad.X);
    // Adagrad keeps no momentum: NaN, which views must not draw.
    c.Optimizer = DefaultOptimizerParams(OptimizerKind::Adagrad);
    CHECK(std::isnan(Run(c).Moment[3].X));
}

TEST_CASE("Divergence stops the run and names the step", "[optim]")
{
    // L = 10: lr 0.25 > 2/L. |1 − 2.5| = 1.5 per step along the steep axis: 1e6 after ~35 steps.
    const Trajectory bad = Run(QuadraticSgd(0.25));
    REQUIRE(bad.DivergedAt > 0);
    CHECK(bad.Divergence == DivergenceKind::OutOfBounds);
    CHECK(static_cast<int>(bad.Points.size()) == bad.DivergedAt); // w_0..w_{k-1}
    CHECK(bad.Lr.size() + 1 == bad.Points.size());
    CHECK(bad.DivergedAt > 25);
    CHECK(bad.DivergedAt < 45);
    const Trajectory good = Run(QuadraticSgd(0.19));
    CHECK(good.DivergedAt == -1);
    CHECK(good.Points.size() == 201);
    // A tighter bound stops earlier.
    RunConfig tight = QuadraticSgd(0.25);
    tight.Bound = 100.0;
    CHECK(Run(tight).DivergedAt < bad.DivergedAt);
    // Adagrad with eps = 0 started exactly at the minimum computes 0 / 0 = NaN, as torch does.
    RunConfig nan = QuadraticSgd(0.1);
    nan.Start = {0.0, 0.0};
    nan.Optimizer = DefaultOptimizerParams(OptimizerKind::Adagrad);
    nan.Optimizer.Eps = 0.0;
    const Trajectory n = Run(nan);
    CHECK(n.DivergedAt == 1);
    CHECK(n.Divergence == DivergenceKind::NonFinite);
    CHECK(n.Points.size() == 1);
    // Saddle: plain GD escapes along −y² and leaves through the bound.
    RunConfig saddle;
    saddle.Surface = SurfaceKind::Saddle;
    saddle.Start = {1.0, 1e-3};
    saddle.Steps = 2000;
    saddle.Optimizer = DefaultOptimizerParams(OptimizerKind::SGD);
    saddle.Optimizer.Lr = 0.1;
    CHECK(Run(saddle).Divergence == DivergenceKind::OutOfBounds);
}

TEST_CASE("Minibatch noise: reproducible for a seed, variance sigma^2 / B", "[optim]")
{
    RunConfig c = QuadraticSgd(0.05);
    c.Noise.Sigma = 2.0;
    c.Noise.Batch = 4;
    c.Noise.Seed = 123;
    const Trajectory a = Run(c), b = Run(c);
    REQUIRE(a.Points.size() == b.Points.size());
    bool same = true;
    for (std::size_t i = 0; i < a.Points.size(); ++i)
        same = same && a.Points[i].X == b.Points[i].X && a.Points[i].Y == b.Points[i].Y;
    CHECK(same);
    c.Noise.Seed = 124;
    CHECK(Run(c).Points[5].X != a.Points[5].X);
    // Without noise the same run is smooth and different.
    c.Noise.Sigma = 0.0;
    CHECK(Run(c).Points[5].X != a.Points[5].X);

    // lr = 0 keeps w at the start, so grad − ∇f(w0) is pure noise: mean 0, variance σ²/B.
    RunConfig z = QuadraticSgd(0.0);
    z.Steps = 20000;
    z.Noise = {3.0, 9, 7};
    const Trajectory t = Run(z);
    const Vec2d g0 = EvaluateSurface(z.Surface, z.Function, z.Start).Grad;
    double sum = 0.0, sum2 = 0.0, cross = 0.0;
    for (const Vec2d& g : t.Grad) {
        const double ex = g.X - g0.X, ey = g.Y - g0.Y;
        sum += ex + ey;
        sum2 += ex * ex + ey * ey;
        cross += ex * ey;
    }
    const double n = 2.0 * t.Grad.size();
    CHECK(sum / n == Approx(0.0).margin(0.03));         // sd of the mean: 1 / sqrt(40000) = 0.005
    CHECK(sum2 / n == Approx(1.0).epsilon(0.03));       // σ² / B = 9 / 9
    CHECK(cross / (n / 2) == Approx(0.0).margin(0.05)); // independent coordinates
}

TEST_CASE("Incremental Advance gives the same run as one shot", "[optim]")
{
    RunConfig c = TorchRunConfig("beale_rmsprop_plateau");
    c.Steps = 500;
    c.Noise = {0.5, 2, 99};
    const Trajectory whole = Run(c);
    TrajectoryRunner r(c);
    int calls = 0;
    while (!r.Finished()) {
        const int done = r.Advance(37);
        CHECK(done <= 37);
        ++calls;
    }
    CHECK(calls == 14); // ceil(500 / 37)
    CHECK(r.StepsDone() == 500);
    REQUIRE(r.Result().Points.size() == whole.Points.size());
    CHECK(r.Result().Points.back().X == whole.Points.back().X);
    CHECK(r.Result().Lr.back() == whole.Lr.back());
    CHECK(r.Advance(10) == 0); // finished runs stay finished
}

TEST_CASE("Run configuration checks name the field", "[optim]")
{
    auto error = [](const RunConfig& c) {
        const auto r = CheckRunConfig(c);
        return r.Ok() ? std::string() : Text(r.Error());
    };
    RunConfig c = QuadraticSgd(0.1);
    CHECK(error(c).empty());
    c.Steps = -1;
    CHECK_THAT(error(c), Catch::Contains("steps"));
    c = QuadraticSgd(0.1);
    c.Start.X = NAN;
    CHECK_THAT(error(c), Catch::Contains("start[0]"));
    c = QuadraticSgd(0.1);
    c.Start.Y = 2e6; // beyond the divergence bound
    CHECK_THAT(error(c), Catch::Contains("start[1]"));
    c = QuadraticSgd(0.1);
    c.Function.Kappa = 0.5;
    CHECK_THAT(error(c), Catch::Contains("kappa"));
    c = QuadraticSgd(0.1);
    c.Noise.Batch = 0;
    CHECK_THAT(error(c), Catch::Contains("noise.batch"));
    c = QuadraticSgd(0.1);
    c.Function.L1 = -1;
    CHECK_THAT(error(c), Catch::Contains("l1"));
    c = QuadraticSgd(-0.1);
    CHECK_THAT(error(c), Catch::Contains("недопустимый шаг обучения"));
    CHECK_FALSE(RunTrajectory(c).Ok());
    c = QuadraticSgd(0.1);
    c.Schedule.Kind = ScheduleKind::Cosine;
    c.Schedule.TMax = 0;
    CHECK_THAT(error(c), Catch::Contains("T_max"));
    c = QuadraticSgd(0.1);
    c.Steps = 0;
    const Trajectory zero = Run(c);
    CHECK(zero.Points.size() == 1);
    CHECK(zero.Lr.empty());
}
