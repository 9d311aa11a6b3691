// Binary logistic regression as sklearn 1.2 LogisticRegression(penalty="l2", C=C,
// class_weight=None|"balanced", fit_intercept=True) defines it: minimise
//   0.5 |w|^2 + C sum_i s_i log(1 + exp(-t_i (w . phi(x_i) + b))),  t_i = +-1,
// the intercept b not penalised, s_i = the class weight of point i ("balanced": n / (2 n_class)).
// phi: sklearn PolynomialFeatures(degree, include_bias=False) of the coordinates (degree 1: x
// itself). Solved by damped Newton steps, one per Step() unit (each O(n p^2), p <= 10 for 2-D); the
// objective is strictly convex, so the optimum equals sklearn's up to its solver tolerance.
// Class 1 is the positive class; Probability() = expit(w . phi(x) + b).
#pragma once
#include <vector>

#include "core/result.h"
#include "topics/classical_ml/core/cml_dataset.h"

namespace mlviz {

inline constexpr int kCmlMaxPolyDegree = 3;

struct CmlLogRegParams {
    double C = 1.0;               // inverse regularisation strength, [1e-4, 1e4]
    int Degree = 1;               // polynomial features, [1, kCmlMaxPolyDegree]
    bool BalancedWeights = false; // class_weight="balanced"
    int MaxIterations = 100;      // Newton steps, [1, 1000]
};

Message CmlValidateLogRegParams(const CmlLogRegParams& params);

// Number of PolynomialFeatures(degree, include_bias=False) outputs, and the features themselves in
// sklearn's order (degree by degree, combinations with replacement: x, y, x^2, xy, y^2, ...).
int CmlPolyFeatureCount(int dims, int degree);
void CmlPolyFeatures(const double* x, int dims, int degree, double* out);

class CmlLogRegJob {
public:
    // `train` must have NumClasses == 2 and points of both classes.
    Message Begin(const CmlDataset& train, const CmlLogRegParams& params);
    bool Step(int iterations); // returns Done()
    bool Done() const { return Started && (Converged || Iteration >= Params.MaxIterations); }
    bool HasConverged() const { return Converged; }
    int Iterations() const { return Iteration; }
    double Objective() const { return Loss; }
    double GradientNorm() const { return GradNorm; }      // max |gradient|
    const std::vector<double>& Coef() const { return W; } // one per feature
    double Intercept() const { return B; }
    double ClassWeight(int label) const { return Weights[label]; }
    double Decision(const double* x) const;
    double Probability(const double* x) const;

private:
    // Objective, gradient (p values, intercept last) and Hessian (p x p) at (w, b).
    double Evaluate(const std::vector<double>& w, double b, std::vector<double>* grad, std::vector<double>* hess) const;

    CmlLogRegParams Params;
    int Dims = 2, Features = 0, Count = 0;
    std::vector<double> Phi;    // n x Features
    std::vector<double> Target; // 0 / 1
    std::vector<double> Sample; // class weight of each point
    double Weights[2] = {1.0, 1.0};
    std::vector<double> W;
    double B = 0.0, Loss = 0.0, GradNorm = 0.0, Tolerance = 0.0;
    int Iteration = 0;
    bool Started = false, Converged = false;
};

} // namespace mlviz
