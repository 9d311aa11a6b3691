// Gradient-flow MLP: forward pass, hand-written backward pass and per-layer statistics.
#include "topics/gradient_flow/core/gradflow.h"

#include <algorithm>
#include <cmath>
#include <limits>

#include "topics/gradient_flow/core/gradflow_kernels.h"

namespace mlviz {

using gradflow_detail::Gemm;
using gradflow_detail::SumSquares;
using gradflow_detail::Transpose;

namespace {

constexpr double kNaN = std::numeric_limits<double>::quiet_NaN();

const double* LayerInput(const GradflowModel& m, int l)
{
    return l == 0 ? m.X.data() : m.Layers[static_cast<std::size_t>(l - 1)].H.data();
}

// In-place normalisation of v (rows x cols): BatchNorm normalises each column over the rows
// (the batch), LayerNorm each row over the columns; biased variance, eps inside the sqrt.
void NormForward(bool layer_norm, double* v, int rows, int cols, double* mean, double* inv_std)
{
    if (!layer_norm) {
        std::fill(mean, mean + cols, 0.0);
        std::fill(inv_std, inv_std + cols, 0.0);
        for (int r = 0; r < rows; ++r) {
            const double* row = v + static_cast<std::size_t>(r) * cols;
            for (int c = 0; c < cols; ++c) mean[c] += row[c];
        }
        for (int c = 0; c < cols; ++c) mean[c] /= rows;
        for (int r = 0; r < rows; ++r) {
            const double* row = v + static_cast<std::size_t>(r) * cols;
            for (int c = 0; c < cols; ++c) inv_std[c] += (row[c] - mean[c]) * (row[c] - mean[c]);
        }
        for (int c = 0; c < cols; ++c) inv_std[c] = 1.0 / std::sqrt(inv_std[c] / rows + kNormEps);
        for (int r = 0; r < rows; ++r) {
            double* row = v + static_cast<std::size_t>(r) * cols;
            for (int c = 0; c < cols; ++c) row[c] = (row[c] - mean[c]) * inv_std[c];
        }
        return;
    }
    for (int r = 0; r < rows; ++r) {
        double* row = v + static_cast<std::size_t>(r) * cols;
        double s = 0.0;
        for (int c = 0; c < cols; ++c) s += row[c];
        const double mu = s / cols;
        double q = 0.0;
        for (int c = 0; c < cols; ++c) q += (row[c] - mu) * (row[c] - mu);
        const double is = 1.0 / std::sqrt(q / cols + kNormEps);
        for (int c = 0; c < cols; ++c) row[c] = (row[c] - mu) * is;
        mean[r] = mu;
        inv_std[r] = is;
    }
}

// d (rows x cols) holds ∂L/∂x̂ on entry and ∂L/∂x on exit:
//   ∂L/∂x = inv_std / n · (n ∂L/∂x̂ − Σ ∂L/∂x̂ − x̂ Σ (∂L/∂x̂ · x̂)), sums over the normalised axis.
void NormBackward(bool layer_norm, double* d, const double* xhat, int rows, int cols, const double* inv_std,
                  std::vector<double>& sum_d, std::vector<double>& sum_dx)
{
    if (!layer_norm) {
        sum_d.assign(static_cast<std::size_t>(cols), 0.0);
        sum_dx.assign(static_cast<std::size_t>(cols), 0.0);
        for (int r = 0; r < rows; ++r) {
            const double* dr = d + static_cast<std::size_t>(r) * cols;
            const double* xr = xhat + static_cast<std::size_t>(r) * cols;
            for (int c = 0; c < cols; ++c) {
                sum_d[c] += dr[c];
                sum_dx[c] += dr[c] * xr[c];
            }
        }
        const double n = rows;
        for (int r = 0; r < rows; ++r) {
            double* dr = d + static_cast<std::size_t>(r) * cols;
            const double* xr = xhat + static_cast<std::size_t>(r) * cols;
            for (int c = 0; c < cols; ++c) dr[c] = inv_std[c] / n * (n * dr[c] - sum_d[c] - xr[c] * sum_dx[c]);
        }
        return;
    }
    const double n = cols;
    for (int r = 0; r < rows; ++r) {
        double* dr = d + static_cast<std::size_t>(r) * cols;
        const double* xr = xhat + static_cast<std::size_t>(r) * cols;
        double sd = 0.0, sdx = 0.0;
        for (int c = 0; c < cols; ++c) {
            sd += dr[c];
            sdx += dr[c] * xr[c];
        }
        const double k = inv_std[r] / n;
        for (int c = 0; c < cols; ++c) dr[c] = k * (n * dr[c] - sd - xr[c] * sdx);
    }
}

void AddBias(const GradflowLayer& L, double* z, int rows)
{
    if (L.B.Value.empty()) return;
    for (int r = 0; r < rows; ++r) {
        double* row = z + static_cast<std::size_t>(r) * L.Out;
        for (int o = 0; o < L.Out; ++o) row[o] += L.B.Value[static_cast<std::size_t>(o)];
    }
}

void ColumnSums(const double* v, int rows, int cols, std::vector<double>& out)
{
    std::fill(out.begin(), out.end(), 0.0);
    for (int r = 0; r < rows; ++r) {
        const double* row = v + static_cast<std::size_t>(r) * cols;
        for (int c = 0; c < cols; ++c) out[static_cast<std::size_t>(c)] += row[c];
    }
}

void SetDivergence(GradflowModel& m, int layer, bool backward)
{
    if (!m.Divergence) m.Divergence = GradflowDivergence{m.Step, layer, backward};
}

// Mean, std, range, dead and saturated fractions of layer l's fresh buffers. Sums are scaled by
// the largest |value| so a finite but huge layer (residual blow-up) gives a finite std.
bool ForwardStats(GradflowModel& m, int l)
{
    const GradflowLayer& L = m.Layers[static_cast<std::size_t>(l)];
    GradflowLayerStats& s = m.Stats.Layers[static_cast<std::size_t>(l)];
    const std::size_t n = L.H.size();
    double lo = std::numeric_limits<double>::infinity(), hi = -lo;
    bool finite = true;
    for (double v : L.H) {
        finite = finite && std::isfinite(v);
        lo = std::min(lo, v);
        hi = std::max(hi, v);
    }
    if (!finite) return false;
    const double scale = std::max({std::fabs(lo), std::fabs(hi), std::numeric_limits<double>::min()});
    double sum = 0.0;
    for (double v : L.H) sum += v / scale;
    const double mean = sum / static_cast<double>(n);
    double var = 0.0;
    for (double v : L.H) var += (v / scale - mean) * (v / scale - mean);
    s.ActMean = mean * scale;
    s.ActStd = std::sqrt(var / static_cast<double>(n)) * scale;
    s.ActMin = lo;
    s.ActMax = hi;

    const int rows = m.Config.Batch, cols = L.Out;
    std::vector<unsigned char> alive(static_cast<std::size_t>(cols), 0);
    std::size_t saturated = 0;
    const bool squashing = m.Config.Act == Activation::Sigmoid || m.Config.Act == Activation::Tanh;
    for (int r = 0; r < rows; ++r) {
        const double* d = L.D.data() + static_cast<std::size_t>(r) * cols;
        for (int c = 0; c < cols; ++c) {
            alive[static_cast<std::size_t>(c)] |= d[c] != 0.0;
            saturated += d[c] < kSaturationThreshold;
        }
    }
    s.DeadFraction = static_cast<double>(std::count(alive.begin(), alive.end(), 0)) / cols;
    s.SaturatedFraction = squashing ? static_cast<double>(saturated) / static_cast<double>(n) : 0.0;
    s.WeightNorm = std::sqrt(SumSquares(L.W.Value.data(), L.W.Value.size()));
    return true;
}

} // namespace

void SetKeepActGrads(GradflowModel& m, bool keep)
{
    m.KeepActGrads = keep;
    m.ActGrads.assign(keep ? m.Layers.size() : 0, {});
}

const std::vector<double>& KeptActGrad(const GradflowModel& m, int l)
{
    return m.ActGrads[static_cast<std::size_t>(l)];
}

void ForwardLayer(GradflowModel& m, int l)
{
    const GradflowConfig& c = m.Config;
    if (l == 0) {
        m.Stats = GradflowPassStats{};
        m.Stats.Step = m.Step;
        m.Stats.Loss = m.Stats.Accuracy = m.Stats.TotalGradNorm = m.Stats.OutputWeightGradNorm = kNaN;
        m.Stats.Layers.assign(m.Layers.size(), GradflowLayerStats{kNaN, kNaN, kNaN, kNaN, kNaN, kNaN, kNaN, kNaN, kNaN, kNaN});
    }
    GradflowLayer& L = m.Layers[static_cast<std::size_t>(l)];
    const int rows = c.Batch, cols = L.Out;
    const std::size_t n = L.H.size();
    const bool layer_norm = c.Norm == GradflowNorm::LayerNorm;
    const bool before = c.Norm != GradflowNorm::None && c.NormPosition == GradflowNormPosition::Before;
    const bool after = c.Norm != GradflowNorm::None && c.NormPosition == GradflowNormPosition::After;
    // Pre-activations go straight into the buffer their next stage reads, so nothing is copied.
    double* z = before ? L.Xhat.data() : L.H.data();
    Gemm(LayerInput(m, l), L.In, 1, L.W.Value.data(), z, rows, cols, L.In, false);
    AddBias(L, z, rows);
    if (before) NormForward(layer_norm, L.Xhat.data(), rows, cols, L.Mean.data(), L.InvStd.data());
    const double* gamma = before || after ? L.Gamma.Value.data() : nullptr;
    const double* beta = before || after ? L.Beta.Value.data() : nullptr;
    double* act_out = after ? L.Xhat.data() : L.H.data();
    // Sigmoid and tanh: the activations core computes their derivative as s (1 − s) and
    // 1 − t² from the same s = σ(u), t = tanh(u) that Activate returns, so reusing the output
    // gives the identical value for half the exp/tanh calls (checked in gradflow_test.cpp).
    const bool from_output = c.Act == Activation::Sigmoid || c.Act == Activation::Tanh;
    const bool is_sigmoid = c.Act == Activation::Sigmoid;
    for (int r = 0; r < rows; ++r) {
        const std::size_t row = static_cast<std::size_t>(r) * cols;
        for (int o = 0; o < cols; ++o) {
            const double u = before ? gamma[o] * z[row + o] + beta[o] : z[row + o];
            const double y = Activate(c.Act, c.ActParams, u);
            act_out[row + o] = y;
            L.D[row + o] = !from_output ? ActivateDerivative(c.Act, c.ActParams, u) : (is_sigmoid ? y * (1.0 - y) : 1.0 - y * y);
        }
    }
    if (after) {
        NormForward(layer_norm, L.Xhat.data(), rows, cols, L.Mean.data(), L.InvStd.data());
        for (int r = 0; r < rows; ++r) {
            const std::size_t row = static_cast<std::size_t>(r) * cols;
            for (int o = 0; o < cols; ++o) L.H[row + o] = gamma[o] * L.Xhat[row + o] + beta[o];
        }
    }
    if (L.SkipFrom >= 0) {
        const double* skip = m.Layers[static_cast<std::size_t>(L.SkipFrom)].H.data();
        for (std::size_t k = 0; k < n; ++k) L.H[k] += skip[k];
    }
    if (!ForwardStats(m, l)) SetDivergence(m, l, false);
}

void ForwardOutput(GradflowModel& m)
{
    const int rows = m.Config.Batch;
    GradflowLayer& O = m.Output;
    Gemm(m.Layers.back().H.data(), O.In, 1, O.W.Value.data(), O.H.data(), rows, O.Out, O.In, false);
    AddBias(O, O.H.data(), rows);
    // Softmax and mean cross-entropy through log-sum-exp, so large logits do not overflow.
    double loss = 0.0;
    int correct = 0;
    for (int r = 0; r < rows; ++r) {
        const double* z = O.H.data() + static_cast<std::size_t>(r) * O.Out;
        double* p = O.D.data() + static_cast<std::size_t>(r) * O.Out;
        double zmax = z[0];
        int arg = 0;
        for (int k = 1; k < O.Out; ++k)
            if (z[k] > zmax) {
                zmax = z[k];
                arg = k;
            }
        double sum = 0.0;
        for (int k = 0; k < O.Out; ++k) sum += std::exp(z[k] - zmax);
        const double lse = zmax + std::log(sum);
        for (int k = 0; k < O.Out; ++k) p[k] = std::exp(z[k] - lse);
        const int y = m.Y[static_cast<std::size_t>(r)];
        loss += lse - z[y];
        correct += arg == y;
    }
    m.Stats.Loss = loss / rows;
    m.Stats.Accuracy = static_cast<double>(correct) / rows;
    if (!std::isfinite(m.Stats.Loss)) SetDivergence(m, m.Config.Depth, false);
}

void BackwardOutput(GradflowModel& m)
{
    const int rows = m.Config.Batch;
    GradflowLayer& O = m.Output;
    const GradflowLayer& last = m.Layers.back();
    double* dz = m.DZ.data();
    for (int r = 0; r < rows; ++r)
        for (int k = 0; k < O.Out; ++k) {
            const std::size_t i = static_cast<std::size_t>(r) * O.Out + k;
            dz[i] = (O.D[i] - (m.Y[static_cast<std::size_t>(r)] == k ? 1.0 : 0.0)) / rows;
        }
    Gemm(last.H.data(), 1, O.In, dz, O.W.Grad.data(), O.In, O.Out, rows, false);
    if (!O.B.Grad.empty()) ColumnSums(dz, rows, O.Out, O.B.Grad);
    m.Stats.OutputWeightGradNorm = std::sqrt(SumSquares(O.W.Grad.data(), O.W.Grad.size()));
    Transpose(O.W.Value.data(), O.In, O.Out, m.Wt.data());
    Gemm(dz, O.Out, 1, m.Wt.data(), m.G.data(), rows, O.In, O.Out, false);
    if (!std::isfinite(m.Stats.OutputWeightGradNorm)) SetDivergence(m, m.Config.Depth, true);
}

void BackwardLayer(GradflowModel& m, int l)
{
    const GradflowConfig& c = m.Config;
    GradflowLayer& L = m.Layers[static_cast<std::size_t>(l)];
    GradflowLayerStats& s = m.Stats.Layers[static_cast<std::size_t>(l)];
    const int rows = c.Batch, cols = L.Out;
    const std::size_t n = L.H.size();
    double* g = m.G.data(); // ∂L/∂h_l on entry
    double* dz = m.DZ.data();
    s.ActGradNorm = std::sqrt(SumSquares(g, n));
    if (m.KeepActGrads) m.ActGrads[static_cast<std::size_t>(l)].assign(g, g + n);
    if (!std::isfinite(s.ActGradNorm)) {
        SetDivergence(m, l, true);
        return;
    }
    if (L.SkipFrom >= 0) std::copy(g, g + n, m.Skip.begin());

    const bool layer_norm = c.Norm == GradflowNorm::LayerNorm;
    const bool before = c.Norm != GradflowNorm::None && c.NormPosition == GradflowNormPosition::Before;
    const bool after = c.Norm != GradflowNorm::None && c.NormPosition == GradflowNormPosition::After;
    std::vector<double> sum_d, sum_dx;
    // γ and β of y = γ x̂ + β from ∂L/∂y = d; then d becomes ∂L/∂x̂ = γ d (in dz).
    auto affine_backward = [&](const double* d) {
        std::fill(L.Gamma.Grad.begin(), L.Gamma.Grad.end(), 0.0);
        std::fill(L.Beta.Grad.begin(), L.Beta.Grad.end(), 0.0);
        double* dgamma = L.Gamma.Grad.data();
        double* dbeta = L.Beta.Grad.data();
        const double* gamma = L.Gamma.Value.data();
        for (int r = 0; r < rows; ++r) {
            const std::size_t row = static_cast<std::size_t>(r) * cols;
            for (int o = 0; o < cols; ++o) {
                dgamma[o] += d[row + o] * L.Xhat[row + o];
                dbeta[o] += d[row + o];
                dz[row + o] = d[row + o] * gamma[o];
            }
        }
    };
    if (after) {
        affine_backward(g);
        NormBackward(layer_norm, dz, L.Xhat.data(), rows, cols, L.InvStd.data(), sum_d, sum_dx);
        for (std::size_t k = 0; k < n; ++k) dz[k] *= L.D[k];
    } else {
        for (std::size_t k = 0; k < n; ++k) dz[k] = g[k] * L.D[k];
        if (before) {
            affine_backward(dz);
            NormBackward(layer_norm, dz, L.Xhat.data(), rows, cols, L.InvStd.data(), sum_d, sum_dx);
        }
    }
    Gemm(LayerInput(m, l), 1, L.In, dz, L.W.Grad.data(), L.In, cols, rows, false);
    if (!L.B.Grad.empty()) ColumnSums(dz, rows, cols, L.B.Grad);
    s.WeightGradNorm = std::sqrt(SumSquares(L.W.Grad.data(), L.W.Grad.size()));
    if (!std::isfinite(s.WeightGradNorm)) {
        SetDivergence(m, l, true);
        return;
    }
    if (l == 0) return; // no gradient needed for the data
    Transpose(L.W.Value.data(), L.In, cols, m.Wt.data());
    Gemm(dz, cols, 1, m.Wt.data(), g, rows, L.In, cols, false);
    // h_{l-1} is the input of a residual group: its gradient also arrives through the skip.
    const int k = c.ResidualEvery;
    const int group_end = l - 1 + k;
    if (k > 0 && group_end < c.Depth && m.Layers[static_cast<std::size_t>(group_end)].SkipFrom == l - 1) {
        const std::size_t in_n = static_cast<std::size_t>(rows) * L.In;
        for (std::size_t i = 0; i < in_n; ++i) g[i] += m.Skip[i];
    }
}

bool RunGradflowPass(GradflowModel& m)
{
    const int depth = m.Config.Depth;
    for (int l = 0; l < depth; ++l) {
        ForwardLayer(m, l);
        if (m.Divergence) return false;
    }
    ForwardOutput(m);
    if (m.Divergence) return false;
    BackwardOutput(m);
    if (m.Divergence) return false;
    for (int l = depth - 1; l >= 0; --l) {
        BackwardLayer(m, l);
        if (m.Divergence) return false;
    }
    FinishPass(m);
    return !m.Divergence;
}

double GradflowLoss(GradflowModel& m, int probe_layer, std::size_t probe_index, double delta)
{
    for (int l = 0; l < m.Config.Depth; ++l) {
        ForwardLayer(m, l);
        if (l == probe_layer) m.Layers[static_cast<std::size_t>(l)].H[probe_index] += delta;
    }
    ForwardOutput(m);
    return m.Stats.Loss;
}

void GradflowHistogram(const GradflowModel& m, int l, double lo, double hi, int bins, double* out)
{
    std::fill(out, out + bins, 0.0);
    const std::vector<double>& h = m.Layers[static_cast<std::size_t>(l)].H;
    if (bins <= 0 || h.empty()) return;
    const double width = hi - lo;
    const double k = width > 0.0 ? bins / width : 0.0;
    std::size_t counted = 0;
    for (double v : h) {
        if (!std::isfinite(v)) continue;
        const double t = (v - lo) * k;
        const int b = t <= 0.0 ? 0 : (t >= bins ? bins - 1 : static_cast<int>(t));
        out[b] += 1.0;
        ++counted;
    }
    if (counted > 0)
        for (int b = 0; b < bins; ++b) out[b] /= static_cast<double>(counted);
}

} // namespace mlviz
