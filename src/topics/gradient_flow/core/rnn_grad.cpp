// Gradient through time for RNN / LSTM / GRU cells: forward record and the backward
// propagation of the full Jacobian ∂h_T/∂h_t, one time step at a time.
#include "topics/gradient_flow/core/rnn_grad.h"

#include <cmath>
#include <limits>

#include "topics/gradient_flow/core/gradflow_kernels.h"
#include "core/message.h"

namespace mlviz {

using gradflow_detail::Gemm;
using gradflow_detail::StandardNormal;
using gradflow_detail::SumSquares;
using gradflow_detail::Uniform01;

namespace {

double Sigmoid(double x)
{
    if (x >= 0.0) return 1.0 / (1.0 + std::exp(-x));
    const double e = std::exp(x);
    return e / (1.0 + e);
}

Message OutOfRange(const char* field, double v, double lo, double hi)
{
    return Msg("поле '%s' = %g вне диапазона [%g, %g]", field, v, lo, hi);
}

// y[G*H] = W[G*H x cols] v[cols] + b
void MatVec(const std::vector<double>& w, const double* v, const std::vector<double>& b, int rows, int cols, double* y)
{
    for (int r = 0; r < rows; ++r) {
        const double* wr = w.data() + static_cast<std::size_t>(r) * cols;
        double s = b[static_cast<std::size_t>(r)];
        for (int k = 0; k < cols; ++k) s += wr[k] * v[k];
        y[r] = s;
    }
}

// One step of the cell: (h, c) -> (h_out, c_out); act / hn receive the record (may be null).
void CellStep(const RnnModel& m, const double* x, const double* h, const double* c, double* h_out, double* c_out, double* act,
              double* hn)
{
    const int H = m.Config.Hidden, I = m.Config.InputSize, GH = m.Gates * H;
    std::vector<double> a_ih(static_cast<std::size_t>(GH)), a_hh(static_cast<std::size_t>(GH));
    MatVec(m.Wih, x, m.Bih, GH, I, a_ih.data());
    MatVec(m.Whh, h, m.Bhh, GH, H, a_hh.data());
    std::vector<double> local(static_cast<std::size_t>(GH));
    double* A = act ? act : local.data();
    for (int j = 0; j < H; ++j) {
        switch (m.Config.Cell) {
        case RnnCell::Rnn:
        case RnnCell::Count:
            A[j] = std::tanh(a_ih[j] + a_hh[j]);
            h_out[j] = A[j];
            break;
        case RnnCell::Lstm: {
            const double i = Sigmoid(a_ih[j] + a_hh[j]);
            const double f = Sigmoid(a_ih[H + j] + a_hh[H + j]);
            const double g = std::tanh(a_ih[2 * H + j] + a_hh[2 * H + j]);
            const double o = Sigmoid(a_ih[3 * H + j] + a_hh[3 * H + j]);
            A[j] = i;
            A[H + j] = f;
            A[2 * H + j] = g;
            A[3 * H + j] = o;
            c_out[j] = f * c[j] + i * g;
            h_out[j] = o * std::tanh(c_out[j]);
            break;
        }
        case RnnCell::Gru: {
            const double r = Sigmoid(a_ih[j] + a_hh[j]);
            const double z = Sigmoid(a_ih[H + j] + a_hh[H + j]);
            const double n = std::tanh(a_ih[2 * H + j] + r * a_hh[2 * H + j]);
            A[j] = r;
            A[H + j] = z;
            A[2 * H + j] = n;
            if (hn) hn[j] = a_hh[2 * H + j];
            h_out[j] = (1.0 - z) * n + z * h[j];
            break;
        }
        }
    }
}

} // namespace

std::string_view RnnCellName(RnnCell c)
{
    switch (c) {
    case RnnCell::Rnn: return "rnn";
    case RnnCell::Lstm: return "lstm";
    case RnnCell::Gru: return "gru";
    case RnnCell::Count: break;
    }
    return "rnn";
}

std::optional<RnnCell> RnnCellFromName(std::string_view s)
{
    for (RnnCell c : {RnnCell::Rnn, RnnCell::Lstm, RnnCell::Gru})
        if (RnnCellName(c) == s) return c;
    return std::nullopt;
}

int RnnGateCount(RnnCell c)
{
    return c == RnnCell::Lstm ? 4 : (c == RnnCell::Gru ? 3 : 1);
}

Result<RnnModel> MakeRnnModel(const RnnGradConfig& config)
{
    const RnnGradConfig& c = config;
    auto fail = [](Message msg) { return Result<RnnModel>::Fail(std::move(msg)); };
    if (c.Cell == RnnCell::Count) return fail(Msg("поле 'cell' должно быть rnn, lstm или gru"));
    if (c.Hidden < kRnnHiddenMin || c.Hidden > kRnnHiddenMax)
        return fail(OutOfRange("hidden", c.Hidden, kRnnHiddenMin, kRnnHiddenMax));
    if (c.Steps < kRnnStepsMin || c.Steps > kRnnStepsMax) return fail(OutOfRange("steps", c.Steps, kRnnStepsMin, kRnnStepsMax));
    if (c.InputSize < kRnnInputMin || c.InputSize > kRnnInputMax)
        return fail(OutOfRange("input_size", c.InputSize, kRnnInputMin, kRnnInputMax));
    if (!std::isfinite(c.ForgetBias) || c.ForgetBias < kRnnForgetBiasMin || c.ForgetBias > kRnnForgetBiasMax)
        return fail(OutOfRange("forget_bias", c.ForgetBias, kRnnForgetBiasMin, kRnnForgetBiasMax));

    RnnModel m;
    m.Config = c;
    m.Gates = RnnGateCount(c.Cell);
    const int H = c.Hidden, I = c.InputSize, GH = m.Gates * H, T = c.Steps;
    std::seed_seq seq{c.Seed, 0x52AA0001u};
    std::mt19937 rng(seq);
    const double k = 1.0 / std::sqrt(static_cast<double>(H));
    auto draw = [&](std::vector<double>& v, std::size_t n) {
        v.resize(n);
        for (double& x : v) x = k * (2.0 * Uniform01(rng) - 1.0);
    };
    draw(m.Wih, static_cast<std::size_t>(GH) * I);
    draw(m.Whh, static_cast<std::size_t>(GH) * H);
    draw(m.Bih, static_cast<std::size_t>(GH));
    draw(m.Bhh, static_cast<std::size_t>(GH));
    if (c.Cell == RnnCell::Lstm)
        for (int j = 0; j < H; ++j) {
            m.Bih[static_cast<std::size_t>(H + j)] = c.ForgetBias;
            m.Bhh[static_cast<std::size_t>(H + j)] = 0.0;
        }
    m.X.resize(static_cast<std::size_t>(T) * I);
    for (double& x : m.X) x = StandardNormal(rng);

    RunRnnForward(m);
    return m;
}

void RunRnnForward(RnnModel& m)
{
    const int H = m.Config.Hidden, I = m.Config.InputSize, GH = m.Gates * H, T = m.Config.Steps;
    m.H.assign(static_cast<std::size_t>(T + 1) * H, 0.0);
    m.C.assign(static_cast<std::size_t>(T + 1) * H, 0.0);
    m.Act.assign(static_cast<std::size_t>(T) * GH, 0.0);
    m.Hn.assign(static_cast<std::size_t>(T) * H, 0.0);
    for (int t = 1; t <= T; ++t) {
        const std::size_t prev = static_cast<std::size_t>(t - 1) * H, cur = static_cast<std::size_t>(t) * H;
        CellStep(m, m.X.data() + static_cast<std::size_t>(t - 1) * I, m.H.data() + prev, m.C.data() + prev, m.H.data() + cur,
                 m.C.data() + cur, m.Act.data() + static_cast<std::size_t>(t - 1) * GH, m.Hn.data() + prev);
    }
}

std::vector<double> RnnFinalStateFrom(const RnnModel& m, int t, int index, double delta)
{
    const int H = m.Config.Hidden, I = m.Config.InputSize;
    std::vector<double> h(m.H.begin() + static_cast<std::ptrdiff_t>(t) * H, m.H.begin() + static_cast<std::ptrdiff_t>(t + 1) * H);
    std::vector<double> c(m.C.begin() + static_cast<std::ptrdiff_t>(t) * H, m.C.begin() + static_cast<std::ptrdiff_t>(t + 1) * H);
    h[static_cast<std::size_t>(index)] += delta;
    std::vector<double> h2(h.size()), c2(c.size());
    for (int s = t + 1; s <= m.Config.Steps; ++s) {
        CellStep(m, m.X.data() + static_cast<std::size_t>(s - 1) * I, h.data(), c.data(), h2.data(), c2.data(), nullptr, nullptr);
        h.swap(h2);
        c.swap(c2);
    }
    return h;
}

RnnGradRunner::RnnGradRunner(RnnModel model) : Net(std::move(model))
{
    const int H = Net.Config.Hidden, T = Net.Config.Steps;
    const std::size_t hh = static_cast<std::size_t>(H) * H;
    Jh.assign(hh, 0.0);
    for (int j = 0; j < H; ++j) Jh[static_cast<std::size_t>(j) * H + j] = 1.0;
    Jc.assign(hh, 0.0);
    DPre.assign(hh * static_cast<std::size_t>(Net.Gates), 0.0);
    Tmp.assign(hh, 0.0);
    NormsOut.assign(static_cast<std::size_t>(T), std::numeric_limits<double>::quiet_NaN());
    NormsOut.back() = std::sqrt(static_cast<double>(H));
    Next = T;
}

double RnnGradRunner::Progress() const
{
    const int T = Net.Config.Steps;
    return T <= 1 ? 1.0 : static_cast<double>(T - Next) / (T - 1);
}

bool RnnGradRunner::Advance(int steps)
{
    const int H = Net.Config.Hidden, GH = Net.Gates * H;
    for (; steps > 0 && !Done(); --steps) {
        const int t = Next; // step t made h_t from h_{t-1}
        const double* h_prev = Net.H.data() + static_cast<std::size_t>(t - 1) * H;
        const double* h_cur = Net.H.data() + static_cast<std::size_t>(t) * H;
        const double* c_prev = Net.C.data() + static_cast<std::size_t>(t - 1) * H;
        const double* c_cur = Net.C.data() + static_cast<std::size_t>(t) * H;
        const double* A = Net.Act.data() + static_cast<std::size_t>(t - 1) * GH;
        const double* hn = Net.Hn.data() + static_cast<std::size_t>(t - 1) * H;
        // Each row r of Jh is one backward pass seeded with e_r at h_T.
        for (int r = 0; r < H; ++r) {
            const double* jh = Jh.data() + static_cast<std::size_t>(r) * H;
            double* jc = Jc.data() + static_cast<std::size_t>(r) * H;
            double* dp = DPre.data() + static_cast<std::size_t>(r) * GH;
            double* direct = Tmp.data() + static_cast<std::size_t>(r) * H;
            for (int j = 0; j < H; ++j) {
                const double dh = jh[j];
                switch (Net.Config.Cell) {
                case RnnCell::Rnn:
                case RnnCell::Count:
                    dp[j] = dh * (1.0 - h_cur[j] * h_cur[j]);
                    direct[j] = 0.0;
                    break;
                case RnnCell::Lstm: {
                    const double i = A[j], f = A[H + j], g = A[2 * H + j], o = A[3 * H + j];
                    const double tc = std::tanh(c_cur[j]);
                    const double dc = jc[j] + dh * o * (1.0 - tc * tc);
                    dp[j] = dc * g * i * (1.0 - i);
                    dp[H + j] = dc * c_prev[j] * f * (1.0 - f);
                    dp[2 * H + j] = dc * i * (1.0 - g * g);
                    dp[3 * H + j] = dh * tc * o * (1.0 - o);
                    jc[j] = dc * f; // becomes the later-steps part of ∂h_T/∂c_{t-1}
                    direct[j] = 0.0;
                    break;
                }
                case RnnCell::Gru: {
                    const double rg = A[j], z = A[H + j], n = A[2 * H + j];
                    const double dn_pre = dh * (1.0 - z) * (1.0 - n * n);
                    dp[j] = dn_pre * hn[j] * rg * (1.0 - rg);
                    dp[H + j] = dh * (h_prev[j] - n) * z * (1.0 - z);
                    dp[2 * H + j] = dn_pre * rg;
                    direct[j] = dh * z;
                    break;
                }
                }
            }
        }
        // ∂h_T/∂h_{t-1} = direct + DPre · Whh (pre-activations depend on h through Whh).
        Gemm(DPre.data(), GH, 1, Net.Whh.data(), Tmp.data(), H, H, GH, true);
        Jh.swap(Tmp);
        Next = t - 1;
        NormsOut[static_cast<std::size_t>(Next - 1)] = std::sqrt(SumSquares(Jh.data(), Jh.size()));
    }
    return Done();
}

Result<std::vector<double>> RnnGradNorms(const RnnGradConfig& config)
{
    auto model = MakeRnnModel(config);
    if (!model) return Result<std::vector<double>>::Fail(model.Error());
    RnnGradRunner runner(std::move(model.Value()));
    runner.Advance(config.Steps);
    return runner.Norms();
}

} // namespace mlviz
