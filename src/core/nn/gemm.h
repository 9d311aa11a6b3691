// nn core (internal): the three small matrix products the layers need, row-major, written
// so that the innermost loop runs over contiguous memory (the compiler vectorises it) and a
// block of columns of B and C stays in cache while the rows of A go by.
#pragma once
#include <algorithm>

namespace mlviz::nn::detail {

inline constexpr int kGemmColumnBlock = 256;

// C[M x N] += A[M x K] * B[K x N]
template <typename T>
inline void GemmNN(int M, int N, int K, const T* __restrict__ A, const T* __restrict__ B, T* __restrict__ C)
{
    for (int n0 = 0; n0 < N; n0 += kGemmColumnBlock) {
        const int n1 = std::min(N, n0 + kGemmColumnBlock);
        for (int m = 0; m < M; ++m) {
            T* c = C + static_cast<long>(m) * N;
            for (int k = 0; k < K; ++k) {
                const T a = A[static_cast<long>(m) * K + k];
                const T* b = B + static_cast<long>(k) * N;
                for (int n = n0; n < n1; ++n) c[n] += a * b[n];
            }
        }
    }
}

// C[M x N] += A[M x K] * B[N x K]^T
template <typename T>
inline void GemmNT(int M, int N, int K, const T* __restrict__ A, const T* __restrict__ B, T* __restrict__ C)
{
    for (int m = 0; m < M; ++m) {
        const T* a = A + static_cast<long>(m) * K;
        for (int n = 0; n < N; ++n) {
            const T* b = B + static_cast<long>(n) * K;
            // Four partial sums: independent chains keep the multiply-add units busy.
            T s0 = T(0), s1 = T(0), s2 = T(0), s3 = T(0);
            int k = 0;
            for (; k + 4 <= K; k += 4) {
                s0 += a[k] * b[k];
                s1 += a[k + 1] * b[k + 1];
                s2 += a[k + 2] * b[k + 2];
                s3 += a[k + 3] * b[k + 3];
            }
            for (; k < K; ++k) s0 += a[k] * b[k];
            C[static_cast<long>(m) * N + n] += (s0 + s1) + (s2 + s3);
        }
    }
}

// C[M x N] += A[K x M]^T * B[K x N]
template <typename T>
inline void GemmTN(int M, int N, int K, const T* __restrict__ A, const T* __restrict__ B, T* __restrict__ C)
{
    for (int n0 = 0; n0 < N; n0 += kGemmColumnBlock) {
        const int n1 = std::min(N, n0 + kGemmColumnBlock);
        for (int m = 0; m < M; ++m) {
            T* c = C + static_cast<long>(m) * N;
            for (int k = 0; k < K; ++k) {
                const T a = A[static_cast<long>(k) * M + m];
                const T* b = B + static_cast<long>(k) * N;
                for (int n = n0; n < n1; ++n) c[n] += a * b[n];
            }
        }
    }
}

} // namespace mlviz::nn::detail
