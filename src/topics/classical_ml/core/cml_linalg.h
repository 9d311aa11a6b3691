// Small dense linear algebra for the classical-ML core (matrices of a few rows): symmetric
// eigen-decomposition by cyclic Jacobi rotations, Cholesky, and solves with it.
// Matrices are row-major std::vector<double> of n*n entries.
#pragma once
#include <vector>

namespace mlviz {

// Eigen-decomposition of the symmetric n x n matrix `a` (only its upper triangle is read).
// values: descending; vectors: row i is the unit eigenvector of values[i].
// Jacobi rotations keep the vectors orthonormal to a few ulps and the eigenvalues accurate to a
// few ulps of the largest |eigenvalue| (LAPACK's dsyevd reaches the same bound).
struct CmlEigen {
    std::vector<double> Values;
    std::vector<double> Vectors;
};
CmlEigen CmlSymmetricEigen(int n, const std::vector<double>& a);

// Lower-triangular L with a = L L^T (row-major, upper part zero); false when a is not
// numerically positive definite (a pivot <= 1e-13 times the largest diagonal entry).
bool CmlCholesky(int n, const std::vector<double>& a, std::vector<double>& l);

// Solves L y = b (forward) and L^T x = y (backward) in place.
void CmlSolveLower(int n, const std::vector<double>& l, std::vector<double>& b);
void CmlSolveLowerTransposed(int n, const std::vector<double>& l, std::vector<double>& b);

} // namespace mlviz
