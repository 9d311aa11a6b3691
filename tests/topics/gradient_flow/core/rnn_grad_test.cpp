// Gradient through time: PyTorch reference cells, finite-difference Jacobians for every cell,
// and the known behaviour (the LSTM forget bias keeps the gradient alive).
#include <catch2/catch.hpp>

#include "support/message_text.h"

#include <cmath>

#include "topics/gradient_flow/core/rnn_grad.h"

using namespace mlviz;

namespace {

RnnModel Make(RnnCell cell, int hidden, int steps, double forget_bias, std::uint32_t seed, int input = 4)
{
    RnnGradConfig c;
    c.Cell = cell;
    c.Hidden = hidden;
    c.Steps = steps;
    c.ForgetBias = forget_bias;
    c.Seed = seed;
    c.InputSize = input;
    auto m = MakeRnnModel(c);
    REQUIRE(m.Ok());
    return std::move(m.Value());
}

} // namespace

// Reference values: PyTorch 1.13 (Debian python3-torch), float64 torch.nn.RNNCell / LSTMCell /
// GRUCell with weight_ih[r][c] = 0.5 sin(0.7 r + 1.3 c + 0.2), weight_hh[r][c] = 0.6 cos(0.45 r −
// 0.8 c + 0.1), bias_ih[r] = 0.1 sin r, bias_hh[r] = 0.05 cos 2r, x_t[i] = sin(0.9 t + 0.4 i)
// (t from 0), H = 3, I = 2, T = 5; norms from backward() of each component of h_T with
// h_t.retain_grad() (script ref_rnn.py beside the issue).
TEST_CASE("RNN, LSTM and GRU cells and their Jacobian norms match PyTorch", "[gradflow]")
{
    struct Ref {
        RnnCell Cell;
        double HT[3];
        double Norms[5];
    };
    const Ref refs[] = {
        {RnnCell::Rnn,
         {0.51114993687976984, 0.66263876933501797, 0.75994813071908907},
         {0.028052257914909149, 0.048871003415597414, 0.23946937861524953, 0.80705994231400113, 1.7320508075688772}},
        {RnnCell::Lstm,
         {0.022470071508614312, 0.03715868027428703, 0.02976268943088356},
         {0.012519213620895453, 0.03314237144650363, 0.099801627234306536, 0.17527662191367732, 1.7320508075688772}},
        {RnnCell::Gru,
         {0.08027881823419375, 0.074046919155318719, 0.08340629048743653},
         {0.095191344007421311, 0.21555258329550311, 0.46072191364516757, 0.9276838505050421, 1.7320508075688772}},
    };
    for (const Ref& ref : refs) {
        INFO(RnnCellName(ref.Cell));
        RnnModel m = Make(ref.Cell, 3, 5, 0.0, 1, 2);
        const int G = m.Gates, H = 3, I = 2;
        for (int r = 0; r < G * H; ++r) {
            for (int c = 0; c < I; ++c) m.Wih[static_cast<std::size_t>(r * I + c)] = 0.5 * std::sin(0.7 * r + 1.3 * c + 0.2);
            for (int c = 0; c < H; ++c) m.Whh[static_cast<std::size_t>(r * H + c)] = 0.6 * std::cos(0.45 * r - 0.8 * c + 0.1);
            m.Bih[static_cast<std::size_t>(r)] = 0.1 * std::sin(r);
            m.Bhh[static_cast<std::size_t>(r)] = 0.05 * std::cos(2.0 * r);
        }
        for (int t = 0; t < 5; ++t)
            for (int i = 0; i < I; ++i) m.X[static_cast<std::size_t>(t * I + i)] = std::sin(0.9 * t + 0.4 * i);
        RunRnnForward(m);
        for (int j = 0; j < H; ++j) CHECK(m.H[static_cast<std::size_t>(5 * H + j)] == Approx(ref.HT[j]).epsilon(1e-12));
        RnnGradRunner runner(m);
        runner.Advance(100);
        REQUIRE(runner.Done());
        for (int k = 0; k < 5; ++k) CHECK(runner.Norms()[static_cast<std::size_t>(k)] == Approx(ref.Norms[k]).epsilon(1e-10));
    }
}

TEST_CASE("Every Jacobian ∂h_T/∂h_t matches finite differences", "[gradflow]")
{
    for (RnnCell cell : {RnnCell::Rnn, RnnCell::Lstm, RnnCell::Gru}) {
        for (double bf : {0.0, 2.0}) {
            INFO(RnnCellName(cell) << ", forget bias " << bf);
            const int H = 5, T = 7;
            const RnnModel m = Make(cell, H, T, bf, 3);
            RnnGradRunner runner(m);
            while (true) {
                const int t = runner.JacobianStep();
                INFO("t = " << t);
                // Column j of the Jacobian by central differences on h_t[j] (c_t held fixed).
                double worst = 0.0, scale = 0.0, fro = 0.0;
                for (int j = 0; j < H; ++j) {
                    const double h = 1e-6;
                    const auto plus = RnnFinalStateFrom(m, t, j, h), minus = RnnFinalStateFrom(m, t, j, -h);
                    for (int r = 0; r < H; ++r) {
                        const double fd = (plus[static_cast<std::size_t>(r)] - minus[static_cast<std::size_t>(r)]) / (2.0 * h);
                        const double an = runner.Jacobian()[static_cast<std::size_t>(r * H + j)];
                        worst = std::max(worst, std::fabs(fd - an));
                        scale = std::max(scale, std::fabs(an));
                        fro += an * an;
                    }
                }
                CHECK(worst / std::max(scale, 1e-12) < 1e-6);
                CHECK(runner.Norms()[static_cast<std::size_t>(t - 1)] == Approx(std::sqrt(fro)).epsilon(1e-14));
                if (runner.Done()) break;
                runner.Advance(1);
            }
            CHECK(runner.JacobianStep() == 1);
            CHECK(runner.Progress() == 1.0);
        }
    }
}

TEST_CASE("Forget bias 1 keeps orders of magnitude more gradient than the vanilla RNN", "[gradflow]")
{
    // Hidden 32, 50 steps, mean of log10 ‖∂h_T/∂h_1‖ over three seeds.
    auto mean_log = [](RnnCell cell, double bf) {
        double s = 0.0;
        for (std::uint32_t seed = 1; seed <= 3; ++seed) {
            RnnGradConfig c;
            c.Cell = cell;
            c.Hidden = 32;
            c.Steps = 50;
            c.ForgetBias = bf;
            c.Seed = seed;
            auto n = RnnGradNorms(c);
            REQUIRE(n.Ok());
            s += std::log10(n.Value().front());
        }
        return s / 3.0;
    };
    const double rnn = mean_log(RnnCell::Rnn, 0.0);
    const double lstm0 = mean_log(RnnCell::Lstm, 0.0), lstm1 = mean_log(RnnCell::Lstm, 1.0), lstm3 = mean_log(RnnCell::Lstm, 3.0);
    CHECK(rnn < -8.0);                   // gone after 50 steps
    CHECK(lstm1 - rnn > 3.0);            // orders of magnitude more
    CHECK(std::fabs(lstm0 - rnn) < 2.0); // b_f = 0: about as fast as the vanilla RNN
    CHECK(lstm3 > lstm1 + 2.0);          // and the larger b_f, the more survives
    CHECK(lstm3 > -1.0);
}

TEST_CASE("RNN configuration errors name the field, sizes and last norm", "[gradflow]")
{
    auto error = [](RnnGradConfig c) {
        auto m = MakeRnnModel(c);
        return m.Ok() ? std::string() : Text(m.Error());
    };
    RnnGradConfig c;
    CHECK(error(c).empty());
    c.Hidden = 0;
    CHECK_THAT(error(c), Catch::Contains("'hidden'"));
    c = {};
    c.Steps = 501;
    CHECK_THAT(error(c), Catch::Contains("'steps'"));
    c = {};
    c.ForgetBias = 5.5;
    CHECK_THAT(error(c), Catch::Contains("'forget_bias'"));
    c = {};
    c.ForgetBias = std::nan("");
    CHECK_THAT(error(c), Catch::Contains("'forget_bias'"));
    c = {};
    c.Cell = RnnCell::Gru;
    c.Hidden = 7;
    c.Steps = 1;
    auto n = RnnGradNorms(c);
    REQUIRE(n.Ok());
    REQUIRE(n.Value().size() == 1u);
    CHECK(n.Value()[0] == Approx(std::sqrt(7.0))); // ∂h_T/∂h_T = I
    CHECK(RnnCellFromName("lstm") == RnnCell::Lstm);
    CHECK_FALSE(RnnCellFromName("LSTM").has_value());
}
