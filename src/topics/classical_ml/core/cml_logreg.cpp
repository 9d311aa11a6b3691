// Damped Newton iterations for L2-regularised, class-weighted logistic regression.
#include "topics/classical_ml/core/cml_logreg.h"

#include <algorithm>
#include <cmath>

#include "topics/classical_ml/core/cml_linalg.h"

namespace mlviz {

namespace {

// log(1 + exp(z)) without overflow.
double Softplus(double z)
{
    return z > 0.0 ? z + std::log1p(std::exp(-z)) : std::log1p(std::exp(z));
}
double Expit(double z)
{
    return 1.0 / (1.0 + std::exp(-z));
}

// Calls f(product) for every monomial of exactly `degree` over dims variables, in
// itertools.combinations_with_replacement order.
template <typename F>
void Monomials(const double* x, int dims, int degree, int first, double product, F&& f)
{
    if (degree == 0) {
        f(product);
        return;
    }
    for (int j = first; j < dims; ++j) Monomials(x, dims, degree - 1, j, product * x[j], f);
}

} // namespace

Message CmlValidateLogRegParams(const CmlLogRegParams& p)
{
    if (!std::isfinite(p.C) || p.C < 1e-4 || p.C > 1e4) return Msg("поле '%s' = %g вне диапазона [%g, %g]", "C", p.C, 1e-4, 1e4);
    if (p.Degree < 1 || p.Degree > kCmlMaxPolyDegree)
        return Msg("поле '%s' = %d вне диапазона [%d, %d]", "degree", p.Degree, 1, kCmlMaxPolyDegree);
    if (p.MaxIterations < 1 || p.MaxIterations > 1000)
        return Msg("поле '%s' = %d вне диапазона [%d, %d]", "max_iter", p.MaxIterations, 1, 1000);
    return {};
}

int CmlPolyFeatureCount(int dims, int degree)
{
    int count = 0;
    std::vector<double> x(dims, 1.0);
    for (int d = 1; d <= degree; ++d) Monomials(x.data(), dims, d, 0, 1.0, [&](double) { ++count; });
    return count;
}

void CmlPolyFeatures(const double* x, int dims, int degree, double* out)
{
    int i = 0;
    for (int d = 1; d <= degree; ++d) Monomials(x, dims, d, 0, 1.0, [&](double v) { out[i++] = v; });
}

Message CmlLogRegJob::Begin(const CmlDataset& train, const CmlLogRegParams& params)
{
    Started = Converged = false;
    Iteration = 0;
    if (Message m = CmlValidateDataset(train); !m.Empty()) return m;
    if (Message m = CmlValidateLogRegParams(params); !m.Empty()) return m;
    if (train.NumClasses != 2) return Msg("логистическая регрессия: нужно ровно %d класса, задано %d", 2, train.NumClasses);
    const std::vector<int> counts = CmlClassCounts(train);
    if (counts[0] == 0 || counts[1] == 0) return Msg("логистическая регрессия: нужны точки обоих классов");
    Params = params;
    Dims = train.Dims;
    Count = train.Size();
    Features = CmlPolyFeatureCount(Dims, params.Degree);
    Phi.resize(static_cast<std::size_t>(Count) * Features);
    Target.resize(Count);
    Sample.resize(Count);
    for (int c = 0; c < 2; ++c) Weights[c] = params.BalancedWeights ? static_cast<double>(Count) / (2.0 * counts[c]) : 1.0;
    double total = 0.0;
    for (int i = 0; i < Count; ++i) {
        CmlPolyFeatures(train.Row(i), Dims, params.Degree, Phi.data() + static_cast<std::size_t>(i) * Features);
        Target[i] = train.Y[i];
        Sample[i] = Weights[train.Y[i]];
        total += Sample[i];
    }
    W.assign(Features, 0.0);
    B = 0.0;
    std::vector<double> grad;
    Loss = Evaluate(W, B, &grad, nullptr);
    GradNorm = 0.0;
    for (double g : grad) GradNorm = std::max(GradNorm, std::fabs(g));
    Tolerance = 1e-10 * (1.0 + params.C * total);
    Started = true;
    Converged = GradNorm <= Tolerance;
    return {};
}

double CmlLogRegJob::Evaluate(const std::vector<double>& w, double b, std::vector<double>* grad, std::vector<double>* hess) const
{
    const int p = Features + 1;
    double loss = 0.0;
    for (double v : w) loss += 0.5 * v * v;
    if (grad) {
        grad->assign(p, 0.0);
        for (int j = 0; j < Features; ++j) (*grad)[j] = w[j];
    }
    if (hess) {
        hess->assign(static_cast<std::size_t>(p) * p, 0.0);
        for (int j = 0; j < Features; ++j) (*hess)[j * p + j] = 1.0;
    }
    std::vector<double> row(p, 1.0);
    for (int i = 0; i < Count; ++i) {
        const double* phi = Phi.data() + static_cast<std::size_t>(i) * Features;
        double z = b;
        for (int j = 0; j < Features; ++j) z += w[j] * phi[j];
        const double s = Params.C * Sample[i];
        // -log p(t | z) = softplus(z) - y z for y in {0, 1}.
        loss += s * (Softplus(z) - Target[i] * z);
        if (!grad && !hess) continue;
        const double q = Expit(z);
        std::copy(phi, phi + Features, row.begin());
        if (grad)
            for (int j = 0; j < p; ++j) (*grad)[j] += s * (q - Target[i]) * row[j];
        if (hess) {
            const double h = s * q * (1.0 - q);
            for (int a = 0; a < p; ++a)
                for (int c = a; c < p; ++c) (*hess)[a * p + c] += h * row[a] * row[c];
        }
    }
    return loss;
}

bool CmlLogRegJob::Step(int iterations)
{
    if (!Started) return false;
    const int p = Features + 1;
    for (int it = 0; it < std::max(1, iterations) && !Done(); ++it) {
        std::vector<double> grad, hess, l;
        Evaluate(W, B, &grad, &hess);
        double ridge = 0.0;
        for (int a = 0; a < p; ++a) // mirror the upper triangle
            for (int c = 0; c < a; ++c) hess[a * p + c] = hess[c * p + a];
        while (!CmlCholesky(p, hess, l)) { // a saturated intercept: add the smallest ridge that works
            ridge = ridge == 0.0 ? 1e-12 : ridge * 10.0;
            for (int a = 0; a < p; ++a) hess[a * p + a] += ridge;
        }
        std::vector<double> step(grad);
        CmlSolveLower(p, l, step);
        CmlSolveLowerTransposed(p, l, step);
        double slope = 0.0;
        for (int j = 0; j < p; ++j) slope -= grad[j] * step[j];
        // Armijo backtracking along the Newton direction -step.
        double t = 1.0, next = Loss;
        std::vector<double> w(Features);
        double b = B;
        for (int tries = 0; tries < 60; ++tries, t *= 0.5) {
            for (int j = 0; j < Features; ++j) w[j] = W[j] - t * step[j];
            b = B - t * step[Features];
            next = Evaluate(w, b, nullptr, nullptr);
            if (next <= Loss + 1e-4 * t * slope) break;
        }
        ++Iteration;
        if (!(next <= Loss)) { // no decrease left at machine precision: this is the optimum
            Converged = true;
            break;
        }
        W = w;
        B = b;
        Loss = next;
        Evaluate(W, B, &grad, nullptr);
        GradNorm = 0.0;
        for (double g : grad) GradNorm = std::max(GradNorm, std::fabs(g));
        Converged = GradNorm <= Tolerance;
    }
    return Done();
}

double CmlLogRegJob::Decision(const double* x) const
{
    double phi[64];
    CmlPolyFeatures(x, Dims, Params.Degree, phi);
    double z = B;
    for (int j = 0; j < Features; ++j) z += W[j] * phi[j];
    return z;
}

double CmlLogRegJob::Probability(const double* x) const
{
    return Expit(Decision(x));
}

} // namespace mlviz
