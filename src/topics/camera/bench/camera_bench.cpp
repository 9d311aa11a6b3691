// Core timings of the camera topic for mlviz-bench (bench/frame/core_bench.h).
#include <memory>

#include "bench/frame/core_bench.h"
#include "topics/camera/core/cam_calib.h"
#include "topics/camera/core/cam_pose.h"
#include "topics/camera/core/camera_state.h"

namespace mlviz {

void CoreBench_camera(CoreBenchList& out)
{
    // 30 noisy views of the 9 x 7 board (the view's maximum) with strong distortion: the closed
    // form, then every LM trial to convergence (the view spreads these over frames).
    CameraState s;
    s.Views = 30;
    s.K1 = -0.3f;
    s.K2 = 0.1f;
    s.P1 = 0.002f;
    auto views = std::make_shared<std::vector<CalibView>>(MakeCalibViews(CalibConfigFor(s)).Value());
    const CalibOptions options = CalibOptionsFor(s);
    out.push_back({"camera", "calibration of 30 views x 48 corners: Zhang + LM to convergence", 5, [views, options] {
                       std::vector<std::vector<Vec3>> object;
                       std::vector<std::vector<Pixel>> image;
                       for (const CalibView& v : *views) {
                           object.push_back(v.Object);
                           image.push_back(v.Image);
                       }
                       auto job = CalibrationJob::Start(object, image, kCameraImageW, kCameraImageH, options);
                       while (job && !job->Done()) job->Step(1);
                   }});
    out.push_back({"camera", "one LM trial on 30 views", 20, [views, options] {
                       std::vector<std::vector<Vec3>> object;
                       std::vector<std::vector<Pixel>> image;
                       for (const CalibView& v : *views) {
                           object.push_back(v.Object);
                           image.push_back(v.Image);
                       }
                       auto job = CalibrationJob::Start(object, image, kCameraImageW, kCameraImageH, options);
                       if (job) job->Step(1);
                   }});
    out.push_back({"camera", "distorted grid 13 x 13 lines x 48 samples", 50, [s] {
                       volatile std::size_t n = DistortedGrid(CameraFromState(s), 13, 48).size();
                       (void)n;
                   }});
    out.push_back({"camera", "every flip of the skeleton + Procrustes", 20, [s] {
                       const Camera cam = CameraFromState(s);
                       const Skeleton truth = PoseTruth(s);
                       for (std::uint32_t flips = 0; flips < 256; ++flips) {
                           const auto alt = AlternativePose(cam.K, truth, flips << 9, 13, 0.1, 1.2, ProjectionModel::Perspective);
                           if (alt) (void)CompareSkeletons(alt->Pose, truth);
                       }
                   }});
}

} // namespace mlviz
