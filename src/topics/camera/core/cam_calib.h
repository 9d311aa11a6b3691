// Camera calibration from views of a planar board: synthetic noisy views (seeded), then Zhang's
// method (cam_zhang.h) followed by Levenberg-Marquardt over all parameters, sliced one LM trial
// per Step() unit so the UI can show every iteration.
//
// The refined model is cam_camera.h's: fx, fy, cx, cy, skew and k1, k2, p1, p2, k3 plus a
// rotation vector and translation per view. With the default options (skew fixed to 0, k3
// estimated) it is the model of cv2.calibrateCamera(flags=0), whose optimum it reaches: the
// intrinsics agree to 1e-4 relative and the RMS to 1e-4 px (tests/topics/camera). OpenCV starts
// differently (principal point at the image centre, focal lengths from vanishing points) but
// both minimise the same sum of squared reprojection errors. RMS = sqrt(sum |e|^2 / N) over all
// N points and per view sqrt(sum_view |e|^2 / n_view), as OpenCV reports them.
#pragma once
#include <cstdint>
#include <span>
#include <vector>

#include "core/result.h"
#include "topics/camera/core/cam_camera.h"
#include "topics/camera/core/cam_zhang.h"

namespace mlviz {

struct CalibViewsConfig {
    int Views = 12;       // [2, 50]
    int BoardCols = 9;    // squares across, [3, 30]; inner corners (BoardCols-1) x (BoardRows-1)
    int BoardRows = 7;    // [3, 30]
    double Square = 0.03; // metres, (0, 1]
    double NoisePx = 0.3; // corner noise sigma, pixels, [0, 5]
    double MaxTilt = 0.6; // board tilt about x and y drawn from [-MaxTilt, MaxTilt], radians, [0, 1.2]
    std::uint32_t Seed = 1;
    Camera True; // the camera to recover; its pose is not used
};

struct CalibView {
    Pose TruePose;            // board -> camera
    std::vector<Vec3> Object; // board points (z = 0), metres
    std::vector<Pixel> Image; // noisy detections, pixels
};

// Each view: rvec = (a_x, a_y, a_z) with a_x, a_y ~ U(-MaxTilt, MaxTilt), a_z ~ U(-0.3, 0.3);
// the board width spans a fraction U(0.45, 0.75) of the image width at the depth of its centre,
// whose image lands at U(-0.2, 0.2) of the image size off the principal point; every corner
// projected with the true camera plus N(0, NoisePx) on u then v. A view with a corner outside
// the image or behind the camera is drawn again (at most 200 tries). The draws, in this order,
// are replicated by tools/camera_reference.py.
Result<std::vector<CalibView>> MakeCalibViews(const CalibViewsConfig& config);

struct CalibOptions {
    bool FixSkew = true;      // OpenCV has no skew: true matches cv2.calibrateCamera
    bool FixK3 = false;       // cv2.CALIB_FIX_K3
    bool ZeroTangent = false; // cv2.CALIB_ZERO_TANGENT_DIST
    int MaxIterations = 200;  // LM trials, [1, 1000]
};

inline constexpr int kCalibMaxViews = 100;
inline constexpr int kCalibMaxPointsPerView = 1000;
inline constexpr int kCalibMaxTotalPoints = 20000; // keeps a CLI calibration well under a second

struct CalibParams {
    Intrinsics K;
    Distortion D;
    std::vector<Vec3> Rvecs, Tvecs; // per view, board -> camera
};

struct CalibReport {
    double Rms = 0.0;            // px
    std::vector<double> PerView; // px
};

class CalibrationJob {
public:
    // Homographies, closed-form intrinsics and initial poses (cheap); LM then runs in Step().
    static Result<CalibrationJob> Start(std::span<const std::vector<Vec3>> object, std::span<const std::vector<Pixel>> image,
                                        int image_w, int image_h, const CalibOptions& options);

    void Step(int trials); // up to `trials` LM trials (each one residual evaluation)
    bool Done() const { return Done_; }
    double Progress() const; // [0, 1]: 1 when done
    int Trials() const { return Trials_; }
    int Accepted() const { return static_cast<int>(History_.size()) - 1; }
    double Lambda() const { return Lambda_; }

    const std::vector<CamHomography>& Homographies() const { return Homographies_; }
    const Intrinsics& ClosedForm() const { return ClosedForm_; } // Zhang's closed form, before LM
    const CalibParams& Params() const { return Params_; }
    const CalibReport& Report() const { return Report_; }
    const std::vector<double>& RmsHistory() const { return History_; } // after init, then each accepted trial
    // Residuals (projection - detection) of the current parameters, per view and point.
    std::vector<std::vector<Pixel>> Residuals() const;

private:
    double Evaluate(const CalibParams& p, CalibReport* report) const; // sum of squared errors
    void BuildNormalEquations();

    std::vector<std::vector<Vec3>> Object_;
    std::vector<std::vector<Pixel>> Image_;
    CalibOptions Options_;
    std::vector<CamHomography> Homographies_;
    Intrinsics ClosedForm_;
    CalibParams Params_;
    CalibReport Report_;
    std::vector<double> History_;
    double Error_ = 0.0, Lambda_ = 1e-3;
    bool HaveNormal_ = false, Done_ = false;
    int Trials_ = 0, TotalPoints_ = 0;
    // J^T J blocks: intrinsics (10 x 10), per view intrinsics x pose (10 x 6) and pose (6 x 6); J^T e.
    std::vector<double> A_, GA_;
    std::vector<std::vector<double>> B_, D_, GV_;
};

} // namespace mlviz
