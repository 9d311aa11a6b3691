// Dense kernels and seeded random numbers shared by the gradient-flow cores (gradflow*.cpp,
// rnn_grad.cpp). Plain loops on contiguous row-major float64 buffers, written so that both
// g++ (SSE2) and the single-threaded wasm build keep the accumulators in registers.
#pragma once
#include <cmath>
#include <cstddef>
#include <random>

#include "core/random.h"

namespace mlviz::gradflow_detail {

// The project's seeded uniforms and normals (the same bits on every platform).
using mlviz::StandardNormal;
using mlviz::Uniform01;

// Register tile: wasm without SIMD has 16 float registers, so 4x4 accumulators; native SSE2
// holds 3x8 (12 xmm registers of two doubles). Both measured in bench/gradflow_bench.cpp.
#if defined(__EMSCRIPTEN__)
inline constexpr int kTileRows = 4, kTileCols = 4;
#else
inline constexpr int kTileRows = 3, kTileCols = 8;
#endif

// C[M x N] = (accumulate ? C : 0) + sum_k A(m, k) * B[k][n], with A(m, k) = a[m * am + k * ak]
// (so A may be a transposed view) and B row-major K x N.
inline void Gemm(const double* a, std::ptrdiff_t am, std::ptrdiff_t ak, const double* b, double* c, int M, int N, int K,
                 bool accumulate)
{
    constexpr int R = kTileRows, CN = kTileCols;
    int m = 0;
    for (; m + R <= M; m += R) {
        int n = 0;
        for (; n + CN <= N; n += CN) {
            double acc[R][CN];
            for (int r = 0; r < R; ++r)
                for (int j = 0; j < CN; ++j) acc[r][j] = accumulate ? c[static_cast<std::ptrdiff_t>(m + r) * N + n + j] : 0.0;
            const double* ap = a + static_cast<std::ptrdiff_t>(m) * am;
            for (int k = 0; k < K; ++k) {
                const double* br = b + static_cast<std::ptrdiff_t>(k) * N + n;
                for (int r = 0; r < R; ++r) {
                    const double av = ap[r * am + k * ak];
                    for (int j = 0; j < CN; ++j) acc[r][j] += av * br[j];
                }
            }
            for (int r = 0; r < R; ++r)
                for (int j = 0; j < CN; ++j) c[static_cast<std::ptrdiff_t>(m + r) * N + n + j] = acc[r][j];
        }
        for (; n < N; ++n) {
            for (int r = 0; r < R; ++r) {
                double s = accumulate ? c[static_cast<std::ptrdiff_t>(m + r) * N + n] : 0.0;
                for (int k = 0; k < K; ++k) s += a[(m + r) * am + k * ak] * b[static_cast<std::ptrdiff_t>(k) * N + n];
                c[static_cast<std::ptrdiff_t>(m + r) * N + n] = s;
            }
        }
    }
    for (; m < M; ++m) {
        for (int n = 0; n < N; ++n) {
            double s = accumulate ? c[static_cast<std::ptrdiff_t>(m) * N + n] : 0.0;
            for (int k = 0; k < K; ++k) s += a[m * am + k * ak] * b[static_cast<std::ptrdiff_t>(k) * N + n];
            c[static_cast<std::ptrdiff_t>(m) * N + n] = s;
        }
    }
}

// out[c * rows + r] = in[r * cols + c]
inline void Transpose(const double* in, int rows, int cols, double* out)
{
    for (int r = 0; r < rows; ++r)
        for (int c = 0; c < cols; ++c)
            out[static_cast<std::ptrdiff_t>(c) * rows + r] = in[static_cast<std::ptrdiff_t>(r) * cols + c];
}

inline double SumSquares(const double* v, std::size_t n)
{
    double s = 0.0;
    for (std::size_t i = 0; i < n; ++i) s += v[i] * v[i];
    return s;
}

} // namespace mlviz::gradflow_detail
