// PCA and LDA on the same labelled points, and Fisher's criterion J(w) for any axis.
// PCA follows sklearn 1.2 PCA (full SVD): components are the unit eigenvectors of the covariance
// of the centred data (the right singular vectors), explained_variance = eigenvalue (ddof 1),
// ratio = eigenvalue / total variance, projection = (x - mean) . component, and the sign of each
// component is sklearn's svd_flip: the projection largest in magnitude is positive.
// LDA follows sklearn 1.2 LinearDiscriminantAnalysis(solver="eigen"): priors = class frequencies,
// S_W = sum_k prior_k Cov_k and S_T = Cov (both biased, 1/n), S_B = S_T - S_W, the scalings solve
// S_B v = lambda S_W v (scipy.linalg.eigh(Sb, Sw)) normalised to v^T S_W v = 1, sorted by lambda,
// explained_variance_ratio = sorted(lambda / sum(lambda))[:n_components], projection = x . v
// (sklearn's eigen transform does not centre), at most min(C - 1, dims) components. LAPACK's
// eigenvector signs are arbitrary: here each scaling's largest-magnitude coefficient is positive.
#pragma once
#include <optional>
#include <span>
#include <vector>

#include "core/result.h"
#include "topics/classical_ml/core/cml_dataset.h"

namespace mlviz {

struct CmlPcaResult {
    int Dims = 0, NumComponents = 0;
    std::vector<double> Mean;                   // Dims
    std::vector<double> Components;             // NumComponents x Dims, unit rows
    std::vector<double> ExplainedVariance;      // NumComponents
    std::vector<double> ExplainedVarianceRatio; // NumComponents
    std::vector<double> Projected;              // Size() x NumComponents
};

// n_components in [1, min(n, dims)]; 0 means min(n, dims). Needs at least 2 points and some spread.
Result<CmlPcaResult> CmlPca(const CmlDataset& data, int n_components = 0);

// Scatter matrices with sklearn's LDA definitions (Dims x Dims, row-major), over the classes
// that have points (Classes lists them; Means and Priors follow that order).
struct CmlScatter {
    int Dims = 0;
    std::vector<int> Classes;
    std::vector<double> Priors;  // class frequencies
    std::vector<double> Means;   // Classes.size() x Dims
    std::vector<double> Within;  // S_W = sum_k prior_k Cov_k
    std::vector<double> Total;   // S_T = Cov
    std::vector<double> Between; // S_B = S_T - S_W
};
CmlScatter CmlScatterMatrices(const CmlDataset& data);

struct CmlLdaResult {
    int Dims = 0, NumComponents = 0, MaxComponents = 0; // MaxComponents = min(C - 1, dims)
    std::vector<double> Eigenvalues;                    // Dims, descending (sklearn's sorted evals)
    std::vector<double> Scalings;                       // Dims x Dims, row r = eigenvector r (sklearn scalings_[:, r])
    std::vector<double> ExplainedVarianceRatio;         // NumComponents
    std::vector<double> Projected;                      // Size() x NumComponents
    CmlScatter Scatter;
};

// n_components in [1, min(C - 1, dims)]; 0 means the maximum. C = classes with points (>= 2),
// n > C, and S_W must be positive definite.
Result<CmlLdaResult> CmlLda(const CmlDataset& data, int n_components = 0);

// J(w) = w^T S_B w / w^T S_W w for any axis w (Dims values); nothing when w^T S_W w is not > 0.
// Scale-free: J(c w) = J(w). For LDA's scaling r, J equals Eigenvalues[r].
std::optional<double> CmlFisherRatio(const CmlScatter& scatter, std::span<const double> w);

// Per-class counts of one projected coordinate (column `column` of an n x stride array) in `bins`
// equal bins over the values' range, widened by 5% on each side (a range of 1 around a constant).
// For the histograms under each projection axis.
struct CmlHistogram {
    double Lo = 0.0, Hi = 1.0;
    int Bins = 0, NumClasses = 0;
    std::vector<int> Counts; // NumClasses x Bins
    int MaxCount = 0;
};
CmlHistogram CmlClassHistogram(std::span<const double> values, int stride, int column, std::span<const int> labels,
                               int num_classes, int bins);

} // namespace mlviz
