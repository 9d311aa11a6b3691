// Small dense linear algebra for the camera topic: 3-vectors and 3x3 matrices, a cyclic Jacobi
// eigen-solver for symmetric matrices, a one-sided Jacobi SVD and a Cholesky solver.
// Matrices are row-major; sizes here are tiny (<= 12 x 12 for eigen / SVD, <= 16 for Cholesky).
#pragma once
#include <array>
#include <vector>

namespace mlviz {

using Vec3 = std::array<double, 3>;
using Mat3 = std::array<double, 9>; // row-major: m[r * 3 + c]

inline Vec3 operator+(const Vec3& a, const Vec3& b)
{
    return {a[0] + b[0], a[1] + b[1], a[2] + b[2]};
}
inline Vec3 operator-(const Vec3& a, const Vec3& b)
{
    return {a[0] - b[0], a[1] - b[1], a[2] - b[2]};
}
inline Vec3 operator*(double s, const Vec3& a)
{
    return {s * a[0], s * a[1], s * a[2]};
}
double Dot(const Vec3& a, const Vec3& b);
Vec3 Cross(const Vec3& a, const Vec3& b);
double Norm(const Vec3& a);
Vec3 Normalized(const Vec3& a); // a / |a|; the zero vector stays zero

Mat3 Identity3();
Mat3 MatMul(const Mat3& a, const Mat3& b);
Vec3 MatVec(const Mat3& a, const Vec3& v);
Mat3 Transpose(const Mat3& a);
double Det(const Mat3& a);
Mat3 Skew(const Vec3& v); // [v]x: Skew(v) * w == Cross(v, w)
// Inverse; false (and identity) when |det| <= 1e-300.
bool Inverse(const Mat3& a, Mat3& out);

// Eigen-decomposition of the symmetric n x n matrix `a` (row-major, n*n values) by cyclic Jacobi
// rotations: values ascending, vectors[k] is the unit eigenvector of values[k].
struct SymEigen {
    std::vector<double> Values;
    std::vector<std::vector<double>> Vectors;
};
SymEigen SymmetricEigen(const std::vector<double>& a, int n);

// Thin SVD of the m x n matrix `a` (m >= n) by one-sided Jacobi: a = U diag(S) V^T with S
// descending; U is m x n, V is n x n (both row-major).
struct SvdResult {
    std::vector<double> U, S, V;
};
SvdResult Svd(const std::vector<double>& a, int m, int n);

// Solves a x = b for a symmetric positive definite n x n `a` (row-major); false if a Cholesky
// pivot is <= 0 (not positive definite), x untouched then.
bool CholeskySolve(const std::vector<double>& a, int n, const std::vector<double>& b, std::vector<double>& x);

// The rotation nearest to `a` in the Frobenius norm: U V^T of its SVD, det fixed to +1.
Mat3 NearestRotation(const Mat3& a);

} // namespace mlviz
