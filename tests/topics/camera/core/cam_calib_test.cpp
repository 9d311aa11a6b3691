// Calibration: homographies and Zhang's closed form on exact data, the synthetic views against
// tools/camera_reference.py's replica, and the full calibration against cv2.calibrateCamera
// (OpenCV 4.6.0, flags=0) on the same views: intrinsics to 1e-4 relative, RMS to 1e-4 px.
#include <catch2/catch.hpp>

#include "support/message_text.h"

#include <cmath>

#include "topics/camera/core/cam_calib.h"

using namespace mlviz;

namespace {

Camera TrueCamera(Intrinsics k, Distortion d, int w, int h)
{
    Camera c;
    c.K = k;
    c.D = d;
    c.Width = w;
    c.Height = h;
    return c;
}

struct Split {
    std::vector<std::vector<Vec3>> Object;
    std::vector<std::vector<Pixel>> Image;
};

Split SplitViews(const std::vector<CalibView>& views)
{
    Split s;
    for (const CalibView& v : views) {
        s.Object.push_back(v.Object);
        s.Image.push_back(v.Image);
    }
    return s;
}

CalibrationJob RunToEnd(const Split& s, int w, int h, CalibOptions o = {})
{
    auto job = CalibrationJob::Start(s.Object, s.Image, w, h, o);
    REQUIRE(job.Ok());
    int guard = 0;
    while (!job->Done() && guard++ < 2000) job->Step(1);
    REQUIRE(job->Done());
    return std::move(*job);
}

} // namespace

TEST_CASE("homography and Zhang's closed form are exact on noise-free views", "[camera]")
{
    CalibViewsConfig c;
    c.Views = 5;
    c.NoisePx = 0.0;
    c.True = TrueCamera({650.0, 640.0, 310.0, 245.0, 4.0}, {}, 640, 480);
    const auto views = MakeCalibViews(c);
    REQUIRE(views.Ok());
    std::vector<CamHomography> hs;
    for (const CalibView& v : *views) {
        const auto h = EstimateHomography(v.Object, v.Image);
        REQUIRE(h.Ok());
        for (std::size_t i = 0; i < v.Object.size(); ++i) {
            const Vec3 b = {v.Object[i][0], v.Object[i][1], 1.0};
            const Vec3 q = MatVec(h->H, b);
            CHECK(q[0] / q[2] == Approx(v.Image[i].U).margin(1e-8));
            CHECK(q[1] / q[2] == Approx(v.Image[i].V).margin(1e-8));
        }
        hs.push_back(*h);
    }
    const auto k = ZhangIntrinsics(hs, false, 640, 480);
    REQUIRE(k.Ok());
    CHECK(k->Fx == Approx(650.0).epsilon(1e-8));
    CHECK(k->Fy == Approx(640.0).epsilon(1e-8));
    CHECK(k->Cx == Approx(310.0).epsilon(1e-8));
    CHECK(k->Cy == Approx(245.0).epsilon(1e-8));
    CHECK(k->Skew == Approx(4.0).epsilon(1e-6));
    // Each view's pose from its homography and K.
    for (std::size_t v = 0; v < hs.size(); ++v) {
        const Pose p = PoseFromHomography(*k, hs[v]);
        for (int i = 0; i < 9; ++i) CHECK(p.R[i] == Approx((*views)[v].TruePose.R[i]).margin(1e-8));
        for (int i = 0; i < 3; ++i) CHECK(p.T[i] == Approx((*views)[v].TruePose.T[i]).margin(1e-9));
    }
    // Two views suffice with zero skew (Zhang's extra row); three are needed without.
    c.True.K.Skew = 0.0;
    const auto v2 = MakeCalibViews(c);
    REQUIRE(v2.Ok());
    std::vector<CamHomography> two;
    for (int i = 0; i < 2; ++i) two.push_back(*EstimateHomography((*v2)[i].Object, (*v2)[i].Image));
    const auto k2 = ZhangIntrinsics(two, true, 640, 480);
    REQUIRE(k2.Ok());
    CHECK(k2->Fx == Approx(650.0).epsilon(1e-7));
    CHECK(k2->Cy == Approx(245.0).epsilon(1e-7));
    CHECK_FALSE(ZhangIntrinsics(two, false, 640, 480).Ok());
    // Collinear points make no homography.
    const std::vector<Vec3> line = {{0, 0, 0}, {1, 0, 0}, {2, 0, 0}, {3, 0, 0}, {4, 0, 0}};
    const std::vector<Pixel> img = {{0, 0}, {1, 1}, {2, 2}, {3, 3}, {4, 4}};
    CHECK_FALSE(EstimateHomography(line, img).Ok());
}

TEST_CASE("calibration agrees with cv2.calibrateCamera on the same synthetic views", "[camera]")
{
    struct Ref {
        std::uint32_t Seed;
        int Views, Cols, Rows;
        double Square, Noise, Tilt;
        Intrinsics K;
        Distortion D;
        int W, H;
        double Corner0[2]; // first view's first corner (the replica in Python printed it)
        double Kcv[4];     // cv2.calibrateCamera: fx, fy, cx, cy
        double Dcv[5];
        double Rms;
    };
    // tools/camera_reference.py calib, OpenCV 4.6.0, flags=0 (default criteria; 1000 iterations
    // gave the same digits). OpenCV takes float32 points, so its data are rounded by ~1e-5 px.
    const Ref refs[3] = {
        {1,
         12,
         9,
         7,
         0.03,
         0.3,
         0.6,
         {620.0, 610.0, 322.5, 237.25, 0.0},
         {-0.28, 0.09, 0.0012, -0.0008, -0.01},
         640,
         480,
         {117.24047652, 166.21652911},
         {620.9640239315601, 610.9973027805379, 322.74424211505215, 238.51637451928013},
         {-0.2837995235111997, 0.1020582350269126, 0.0008600885523549176, -0.0006116051574754208, -0.003537569174598527},
         0.42221652010347105},
        {7,
         8,
         8,
         6,
         0.025,
         0.5,
         0.5,
         {900.0, 905.0, 400.0, 300.0, 0.0},
         {0.1, -0.25, -0.002, 0.001, 0.15},
         800,
         600,
         {236.23112119, 29.61992154},
         {899.7732032664504, 905.4491415576962, 402.7352231924337, 298.26369117321764},
         {0.07297164286240168, 0.1413602801358244, -0.0026904584123476354, 0.0027592945318246262, -1.3352541736901553},
         0.6528224357934417},
        {3,
         20,
         10,
         8,
         0.02,
         0.1,
         0.7,
         {500.0, 500.0, 330.0, 250.0, 0.0},
         {-0.05, 0.01, 0.0, 0.0, 0.0},
         640,
         480,
         {18.4831877, 47.95431375},
         {500.00478271023707, 500.0516584479199, 329.88423245060585, 249.9331796080344},
         {-0.049657971318337754, 0.007625857513496542, -6.977435084946244e-05, -4.153712636014994e-05, 0.00263644582486885},
         0.13484064018214684},
    };
    for (const Ref& r : refs) {
        INFO("seed " << r.Seed);
        CalibViewsConfig c;
        c.Seed = r.Seed;
        c.Views = r.Views;
        c.BoardCols = r.Cols;
        c.BoardRows = r.Rows;
        c.Square = r.Square;
        c.NoisePx = r.Noise;
        c.MaxTilt = r.Tilt;
        c.True = TrueCamera(r.K, r.D, r.W, r.H);
        const auto views = MakeCalibViews(c);
        REQUIRE(views.Ok());
        CHECK((*views)[0].Image[0].U == Approx(r.Corner0[0]).margin(1e-7));
        CHECK((*views)[0].Image[0].V == Approx(r.Corner0[1]).margin(1e-7));
        const CalibrationJob job = RunToEnd(SplitViews(*views), r.W, r.H);
        const CalibParams& p = job.Params();
        CHECK(p.K.Fx == Approx(r.Kcv[0]).epsilon(1e-4));
        CHECK(p.K.Fy == Approx(r.Kcv[1]).epsilon(1e-4));
        CHECK(p.K.Cx == Approx(r.Kcv[2]).epsilon(1e-4));
        CHECK(p.K.Cy == Approx(r.Kcv[3]).epsilon(1e-4));
        CHECK(p.K.Skew == 0.0);
        CHECK(job.Report().Rms == Approx(r.Rms).margin(1e-4));
        CHECK(p.D.K1 == Approx(r.Dcv[0]).margin(1e-3));
        CHECK(p.D.P1 == Approx(r.Dcv[2]).margin(1e-4));
        // The other three terms too (measured against cv2: |dk2| <= 7.5e-6, |dp2| <= 1.2e-7, |dk3| <= 3.7e-5).
        CHECK(p.D.K2 == Approx(r.Dcv[1]).margin(1e-4));
        CHECK(p.D.P2 == Approx(r.Dcv[3]).margin(1e-6));
        CHECK(p.D.K3 == Approx(r.Dcv[4]).margin(2e-4));
        // Per-view errors combine into the RMS.
        double sum = 0.0;
        for (std::size_t v = 0; v < job.Report().PerView.size(); ++v)
            sum += job.Report().PerView[v] * job.Report().PerView[v] * (*views)[v].Object.size();
        CHECK(std::sqrt(sum / (r.Views * (*views)[0].Object.size())) == Approx(job.Report().Rms).epsilon(1e-12));
        // LM only ever lowers the error.
        const auto& h = job.RmsHistory();
        for (std::size_t i = 1; i < h.size(); ++i) CHECK(h[i] < h[i - 1]);
        CHECK(job.Progress() == 1.0);
    }
}

TEST_CASE("calibration: skew estimated when freed, options and bad input", "[camera]")
{
    CalibViewsConfig c;
    c.Views = 10;
    c.NoisePx = 0.05;
    c.Seed = 11;
    c.True = TrueCamera({700.0, 690.0, 330.0, 230.0, 6.0}, {-0.1, 0.02, 0.0, 0.0, 0.0}, 640, 480);
    const auto views = MakeCalibViews(c);
    REQUIRE(views.Ok());
    const Split s = SplitViews(*views);
    CalibOptions o;
    o.FixSkew = false;
    const CalibrationJob job = RunToEnd(s, 640, 480, o);
    CHECK(job.Params().K.Skew == Approx(6.0).margin(0.5));
    CHECK(job.Params().K.Fx == Approx(700.0).epsilon(2e-3));
    CHECK(job.Report().Rms < 0.1);
    // Zero tangential and fixed k3 stay exactly 0.
    o = {};
    o.ZeroTangent = true;
    o.FixK3 = true;
    const CalibrationJob fixed = RunToEnd(s, 640, 480, o);
    CHECK(fixed.Params().D.P1 == 0.0);
    CHECK(fixed.Params().D.P2 == 0.0);
    CHECK(fixed.Params().D.K3 == 0.0);
    // Slicing: one trial per call, the job reports its progress.
    auto sliced = CalibrationJob::Start(s.Object, s.Image, 640, 480, {});
    REQUIRE(sliced.Ok());
    CHECK(sliced->Trials() == 0);
    sliced->Step(1);
    CHECK(sliced->Trials() == 1);
    CHECK(sliced->Progress() > 0.0);
    CHECK(sliced->Progress() < 1.0);
    // Bad input is a message, not a crash.
    Split bad = s;
    bad.Object[1][3][2] = 0.5;
    auto r = CalibrationJob::Start(bad.Object, bad.Image, 640, 480, {});
    CHECK_FALSE(r.Ok());
    CHECK(Text(r.Error(), Language::En).find("z = 0") != std::string::npos);
    bad = s;
    bad.Image[0].pop_back();
    CHECK_FALSE(CalibrationJob::Start(bad.Object, bad.Image, 640, 480, {}).Ok());
    bad = s;
    bad.Object.resize(1);
    bad.Image.resize(1);
    CHECK_FALSE(CalibrationJob::Start(bad.Object, bad.Image, 640, 480, {}).Ok());
    bad = s;
    bad.Image[2][0].U = NAN;
    CHECK_FALSE(CalibrationJob::Start(bad.Object, bad.Image, 640, 480, {}).Ok());
    CalibViewsConfig bc = c;
    bc.Views = 1;
    CHECK_FALSE(MakeCalibViews(bc).Ok());
}
