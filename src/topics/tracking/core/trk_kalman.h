// A linear Kalman filter (state <= 8, measurement <= 4) and SORT's box model.
//   predict: x = F x,  P = F P F^T + Q                       (cv2.KalmanFilter.predict, no control)
//   update:  y = z - H x,  S = H P H^T + R,  K = P H^T S^-1,  x = x + K y, then either
//     Standard: P = P - K H P                                (cv2.KalmanFilter.correct)
//     Joseph:   P = (I - K H) P (I - K H)^T + K R K^T        (filterpy.kalman.KalmanFilter.update,
//                                                             which abewley/sort uses)
// Both forms are equal in exact arithmetic for this optimal K; tests/topics/tracking check the
// Standard form against cv2.KalmanFilter (CV_64F) to 1e-9 and the two forms against each other.
//
// SORT (Bewley et al. 2016, abewley/sort sort.py): state [u, v, s, r, u', v', s'] with u, v the
// box centre, s = w h its area, r = w / h its aspect ratio (constant); measurement [u, v, s, r];
// F the constant-velocity matrix, H = [I4 0], R = diag(1, 1, 10, 10),
// P0 = diag(10, 10, 10, 10, 1e4, 1e4, 1e4), Q = diag(1, 1, 1, 1, 1e-2, 1e-2, 1e-4).
#pragma once
#include <array>

namespace mlviz {

inline constexpr int kKalmanMaxState = 8, kKalmanMaxMeasure = 4;

struct KalmanFilter {
    int N = 0, M = 0; // state and measurement sizes
    std::array<double, kKalmanMaxState> X{};
    std::array<double, kKalmanMaxState * kKalmanMaxState> P{}, F{}, Q{}; // N x N, row-major
    std::array<double, kKalmanMaxMeasure * kKalmanMaxState> H{};         // M x N
    std::array<double, kKalmanMaxMeasure * kKalmanMaxMeasure> R{};       // M x M
};

enum class CovarianceForm { Standard, Joseph };

struct KalmanUpdateInfo {
    std::array<double, kKalmanMaxMeasure> Residual{};               // y
    std::array<double, kKalmanMaxMeasure * kKalmanMaxMeasure> S{};  // innovation covariance
    std::array<double, kKalmanMaxState * kKalmanMaxMeasure> Gain{}; // K, N x M
};

void KalmanPredict(KalmanFilter& kf);
// False (filter unchanged) when S is singular.
bool KalmanUpdate(KalmanFilter& kf, const double* z, CovarianceForm form, KalmanUpdateInfo* info = nullptr);

// Boxes are (x1, y1, x2, y2) in pixels, float64 as in sort.py.
struct BoxD {
    double X1 = 0.0, Y1 = 0.0, X2 = 0.0, Y2 = 0.0;
};

// sort.py's convert_bbox_to_z / convert_x_to_bbox (NaN boxes when s * r < 0, as numpy gives).
std::array<double, 4> BoxToMeasurement(const BoxD& b);
BoxD StateToBox(const double* x);
// The SORT filter for a first detection: x = [z, 0, 0, 0] and the matrices above.
KalmanFilter MakeSortKalman(const BoxD& first);

} // namespace mlviz
