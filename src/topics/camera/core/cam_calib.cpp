// Synthetic calibration views and Zhang + Levenberg-Marquardt calibration (see cam_calib.h).
#include "topics/camera/core/cam_calib.h"

#include <algorithm>
#include <cmath>
#include <random>

#include "core/random.h"

namespace mlviz {

namespace {

constexpr int kIntr = 10; // fx, fy, cx, cy, skew, k1, k2, p1, p2, k3

std::array<double, kIntr> PackIntrinsics(const Intrinsics& k, const Distortion& d)
{
    return {k.Fx, k.Fy, k.Cx, k.Cy, k.Skew, d.K1, d.K2, d.P1, d.P2, d.K3};
}

void UnpackIntrinsics(const std::array<double, kIntr>& v, Intrinsics& k, Distortion& d)
{
    k = {v[0], v[1], v[2], v[3], v[4]};
    d = {v[5], v[6], v[7], v[8], v[9]};
}

std::array<bool, kIntr> FreeMask(const CalibOptions& o)
{
    std::array<bool, kIntr> m;
    m.fill(true);
    if (o.FixSkew) m[4] = false;
    if (o.ZeroTangent) m[7] = m[8] = false;
    if (o.FixK3) m[9] = false;
    return m;
}

std::vector<double> Inverse6(const std::vector<double>& d, bool& ok)
{
    std::vector<double> inv(36), col;
    ok = true;
    for (int c = 0; c < 6; ++c) {
        std::vector<double> e(6, 0.0);
        e[c] = 1.0;
        if (!CholeskySolve(d, 6, e, col)) {
            ok = false;
            return inv;
        }
        for (int r = 0; r < 6; ++r) inv[r * 6 + c] = col[r];
    }
    return inv;
}

} // namespace

Result<std::vector<CalibView>> MakeCalibViews(const CalibViewsConfig& c)
{
    using R = Result<std::vector<CalibView>>;
    if (c.Views < 2 || c.Views > 50) return R::Fail(Msg("число видов должно быть в [%d, %d]", 2, 50));
    if (c.BoardCols < 3 || c.BoardCols > 30 || c.BoardRows < 3 || c.BoardRows > 30)
        return R::Fail(Msg("размер доски должен быть в [%d, %d] клеток", 3, 30));
    if (!(c.Square > 0.0 && c.Square <= 1.0)) return R::Fail(Msg("размер клетки должен быть в (0, 1] м"));
    if (!(c.NoisePx >= 0.0 && c.NoisePx <= 5.0)) return R::Fail(Msg("шум должен быть в [0, 5] пикселей"));
    if (!(c.MaxTilt >= 0.0 && c.MaxTilt <= 1.2)) return R::Fail(Msg("наклон доски должен быть в [0, 1.2] рад"));
    if (Message m = ValidateIntrinsics(c.True.K); !m.Empty()) return R::Fail(m);
    if (Message m = ValidateDistortion(c.True.D); !m.Empty()) return R::Fail(m);
    if (c.True.Width < 16 || c.True.Height < 16 || c.True.Width > kCamMaxImageSide || c.True.Height > kCamMaxImageSide)
        return R::Fail(Msg("размер изображения должен быть в [%d, %d]", 16, kCamMaxImageSide));

    std::mt19937 rng(c.Seed);
    std::vector<Vec3> object;
    for (int j = 1; j < c.BoardRows; ++j)
        for (int i = 1; i < c.BoardCols; ++i) object.push_back({i * c.Square, j * c.Square, 0.0});
    const Vec3 centre = {0.5 * c.BoardCols * c.Square, 0.5 * c.BoardRows * c.Square, 0.0};
    const double board_w = (c.BoardCols - 2) * c.Square;
    const double W = c.True.Width, H = c.True.Height;
    std::vector<CalibView> views;
    for (int v = 0; v < c.Views; ++v) {
        bool ok = false;
        for (int attempt = 0; attempt < 200 && !ok; ++attempt) {
            const double ax = Uniform(rng, -c.MaxTilt, c.MaxTilt);
            const double ay = Uniform(rng, -c.MaxTilt, c.MaxTilt);
            const double az = Uniform(rng, -0.3, 0.3);
            const double frac = Uniform(rng, 0.45, 0.75);
            const double ox = Uniform(rng, -0.2, 0.2);
            const double oy = Uniform(rng, -0.2, 0.2);
            Pose p;
            p.R = RodriguesToMatrix({ax, ay, az});
            const double depth = c.True.K.Fx * board_w / (frac * W);
            const Vec3 centre_cam = {ox * W / c.True.K.Fx * depth, oy * H / c.True.K.Fy * depth, depth};
            p.T = centre_cam - MatVec(p.R, centre);
            CalibView view;
            view.TruePose = p;
            view.Object = object;
            ok = true;
            for (const Vec3& o : object) {
                const Vec3 xc = MatVec(p.R, o) + p.T;
                const Pixel px = ProjectPoint(c.True.K, c.True.D, p, o);
                if (!(xc[2] > 0.0) || !(px.U >= 0.0 && px.U < W && px.V >= 0.0 && px.V < H)) {
                    ok = false;
                    break;
                }
                view.Image.push_back(px);
            }
            if (!ok) continue;
            for (Pixel& px : view.Image) {
                px.U += Normal(rng, 0.0, c.NoisePx);
                px.V += Normal(rng, 0.0, c.NoisePx);
            }
            views.push_back(std::move(view));
        }
        if (!ok) return R::Fail(Msg("не удалось поставить доску в кадр (вид %d): уменьшите наклон или дисторсию", v));
    }
    return views;
}

Result<CalibrationJob> CalibrationJob::Start(std::span<const std::vector<Vec3>> object, std::span<const std::vector<Pixel>> image,
                                             int image_w, int image_h, const CalibOptions& options)
{
    using R = Result<CalibrationJob>;
    const int nv = static_cast<int>(object.size());
    const int need = options.FixSkew ? 2 : 3;
    if (nv < need || nv > kCalibMaxViews) return R::Fail(Msg("число видов должно быть в [%d, %d]", need, kCalibMaxViews));
    if (image.size() != object.size())
        return R::Fail(Msg("число видов точек доски (%d) и изображения (%d) различается", nv, static_cast<int>(image.size())));
    if (image_w < 1 || image_h < 1 || image_w > kCamMaxImageSide || image_h > kCamMaxImageSide)
        return R::Fail(Msg("размер изображения должен быть в [%d, %d]", 1, kCamMaxImageSide));
    if (options.MaxIterations < 1 || options.MaxIterations > 1000)
        return R::Fail(Msg("max_iterations должно быть в [%d, %d]", 1, 1000));
    CalibrationJob job;
    job.Options_ = options;
    for (int v = 0; v < nv; ++v) {
        const int n = static_cast<int>(object[v].size());
        if (n < 4 || n > kCalibMaxPointsPerView)
            return R::Fail(Msg("вид %d: точек должно быть от %d до %d", v, 4, kCalibMaxPointsPerView));
        if (image[v].size() != object[v].size()) return R::Fail(Msg("вид %d: число точек доски и изображения различается", v));
        for (int i = 0; i < n; ++i) {
            const Vec3& o = object[v][i];
            const Pixel& p = image[v][i];
            if (!std::isfinite(o[0]) || !std::isfinite(o[1]) || !std::isfinite(o[2]) || !std::isfinite(p.U) ||
                !std::isfinite(p.V) || std::fabs(o[0]) > kCamMaxCoord || std::fabs(o[1]) > kCamMaxCoord ||
                std::fabs(p.U) > kCamMaxCoord || std::fabs(p.V) > kCamMaxCoord)
                return R::Fail(
                    Msg("вид %d, точка %d: координаты должны быть конечными и по модулю не больше %g", v, i, kCamMaxCoord));
            if (std::fabs(o[2]) > 1e-9)
                return R::Fail(Msg("вид %d, точка %d: точки доски должны лежать в плоскости z = 0", v, i));
        }
        job.TotalPoints_ += n;
    }
    if (job.TotalPoints_ > kCalibMaxTotalPoints)
        return R::Fail(Msg("всего точек должно быть не больше %d", kCalibMaxTotalPoints));
    int free_params = 6 * nv;
    for (bool f : FreeMask(options)) free_params += f;
    if (free_params >= 2 * job.TotalPoints_)
        return R::Fail(Msg("параметров (%d) должно быть меньше, чем невязок (%d)", free_params, 2 * job.TotalPoints_));

    job.Object_.assign(object.begin(), object.end());
    job.Image_.assign(image.begin(), image.end());
    for (int v = 0; v < nv; ++v) {
        auto h = EstimateHomography(job.Object_[v], job.Image_[v]);
        if (!h) return R::Fail(WithContext(h.Error(), "view " + std::to_string(v)));
        job.Homographies_.push_back(*h);
    }
    auto k = ZhangIntrinsics(job.Homographies_, options.FixSkew, image_w, image_h);
    if (!k) return R::Fail(k.Error());
    job.ClosedForm_ = *k;
    job.Params_.K = *k;
    for (const CamHomography& h : job.Homographies_) {
        const Pose p = PoseFromHomography(*k, h);
        job.Params_.Rvecs.push_back(MatrixToRodrigues(p.R));
        job.Params_.Tvecs.push_back(p.T);
    }
    job.Error_ = job.Evaluate(job.Params_, &job.Report_);
    if (!std::isfinite(job.Error_)) return R::Fail(Msg("начальное приближение дало нечисловую ошибку"));
    job.History_.push_back(job.Report_.Rms);
    return job;
}

double CalibrationJob::Progress() const
{
    return Done_ ? 1.0 : std::min(0.99, static_cast<double>(Trials_) / Options_.MaxIterations);
}

double CalibrationJob::Evaluate(const CalibParams& p, CalibReport* report) const
{
    double total = 0.0;
    if (report) report->PerView.clear();
    for (std::size_t v = 0; v < Object_.size(); ++v) {
        Pose pose;
        pose.R = RodriguesToMatrix(p.Rvecs[v]);
        pose.T = p.Tvecs[v];
        double view = 0.0;
        for (std::size_t i = 0; i < Object_[v].size(); ++i) {
            const Pixel q = ProjectPoint(p.K, p.D, pose, Object_[v][i]);
            const double du = q.U - Image_[v][i].U, dv = q.V - Image_[v][i].V;
            view += du * du + dv * dv;
        }
        if (report) report->PerView.push_back(std::sqrt(view / Object_[v].size()));
        total += view;
    }
    if (report) report->Rms = std::sqrt(total / TotalPoints_);
    return total;
}

std::vector<std::vector<Pixel>> CalibrationJob::Residuals() const
{
    std::vector<std::vector<Pixel>> out(Object_.size());
    for (std::size_t v = 0; v < Object_.size(); ++v) {
        Pose pose;
        pose.R = RodriguesToMatrix(Params_.Rvecs[v]);
        pose.T = Params_.Tvecs[v];
        for (std::size_t i = 0; i < Object_[v].size(); ++i) {
            const Pixel q = ProjectPoint(Params_.K, Params_.D, pose, Object_[v][i]);
            out[v].push_back({q.U - Image_[v][i].U, q.V - Image_[v][i].V});
        }
    }
    return out;
}

void CalibrationJob::BuildNormalEquations()
{
    const std::size_t nv = Object_.size();
    A_.assign(kIntr * kIntr, 0.0);
    GA_.assign(kIntr, 0.0);
    B_.assign(nv, std::vector<double>(kIntr * 6, 0.0));
    D_.assign(nv, std::vector<double>(36, 0.0));
    GV_.assign(nv, std::vector<double>(6, 0.0));
    std::array<double, 2 * kCamJacobianCols> jac{};
    for (std::size_t v = 0; v < nv; ++v) {
        for (std::size_t i = 0; i < Object_[v].size(); ++i) {
            const Pixel q = ProjectPointJacobian(Params_.K, Params_.D, Params_.Rvecs[v], Params_.Tvecs[v], Object_[v][i], jac);
            const double e[2] = {q.U - Image_[v][i].U, q.V - Image_[v][i].V};
            for (int row = 0; row < 2; ++row) {
                const double* j = jac.data() + row * kCamJacobianCols;
                for (int a = 0; a < kIntr; ++a) {
                    GA_[a] += j[a] * e[row];
                    for (int b = 0; b < kIntr; ++b) A_[a * kIntr + b] += j[a] * j[b];
                    for (int b = 0; b < 6; ++b) B_[v][a * 6 + b] += j[a] * j[kIntr + b];
                }
                for (int a = 0; a < 6; ++a) {
                    GV_[v][a] += j[kIntr + a] * e[row];
                    for (int b = 0; b < 6; ++b) D_[v][a * 6 + b] += j[kIntr + a] * j[kIntr + b];
                }
            }
        }
    }
    HaveNormal_ = true;
}

void CalibrationJob::Step(int trials)
{
    const std::array<bool, kIntr> free = FreeMask(Options_);
    const std::size_t nv = Object_.size();
    for (int t = 0; t < trials && !Done_; ++t) {
        if (!HaveNormal_) BuildNormalEquations();
        ++Trials_;
        // Marquardt damping (diagonal scaled by 1 + lambda, as cv::LMSolver); the pose blocks are
        // eliminated by the Schur complement, leaving a 10 x 10 system for the intrinsics.
        std::vector<double> s = A_, rhs = GA_;
        for (int a = 0; a < kIntr; ++a) s[a * kIntr + a] = A_[a * kIntr + a] * (1.0 + Lambda_) + 1e-300;
        std::vector<std::vector<double>> dinv(nv), bmask(nv);
        bool ok = true;
        for (std::size_t v = 0; v < nv && ok; ++v) {
            std::vector<double> d = D_[v];
            for (int a = 0; a < 6; ++a) d[a * 6 + a] *= 1.0 + Lambda_;
            dinv[v] = Inverse6(d, ok);
            bmask[v] = B_[v];
            for (int a = 0; a < kIntr; ++a)
                if (!free[a])
                    for (int b = 0; b < 6; ++b) bmask[v][a * 6 + b] = 0.0;
            // s -= B D^-1 B^T ; rhs -= B D^-1 g_v
            std::vector<double> bd(kIntr * 6, 0.0);
            for (int a = 0; a < kIntr; ++a)
                for (int b = 0; b < 6; ++b)
                    for (int c = 0; c < 6; ++c) bd[a * 6 + b] += bmask[v][a * 6 + c] * dinv[v][c * 6 + b];
            for (int a = 0; a < kIntr; ++a) {
                for (int b = 0; b < kIntr; ++b)
                    for (int c = 0; c < 6; ++c) s[a * kIntr + b] -= bd[a * 6 + c] * bmask[v][b * 6 + c];
                for (int c = 0; c < 6; ++c) rhs[a] -= bd[a * 6 + c] * GV_[v][c];
            }
        }
        for (int a = 0; a < kIntr; ++a) {
            if (free[a]) continue;
            for (int b = 0; b < kIntr; ++b) s[a * kIntr + b] = s[b * kIntr + a] = 0.0;
            s[a * kIntr + a] = 1.0;
            rhs[a] = 0.0;
        }
        std::vector<double> da;
        if (ok) ok = CholeskySolve(s, kIntr, rhs, da);
        CalibParams trial = Params_;
        if (ok) {
            std::array<double, kIntr> iv = PackIntrinsics(Params_.K, Params_.D);
            for (int a = 0; a < kIntr; ++a) iv[a] -= da[a];
            UnpackIntrinsics(iv, trial.K, trial.D);
            for (std::size_t v = 0; v < nv; ++v) {
                double g[6];
                for (int c = 0; c < 6; ++c) {
                    g[c] = GV_[v][c];
                    for (int a = 0; a < kIntr; ++a) g[c] -= bmask[v][a * 6 + c] * da[a];
                }
                for (int r = 0; r < 6; ++r) {
                    double dv = 0.0;
                    for (int c = 0; c < 6; ++c) dv += dinv[v][r * 6 + c] * g[c];
                    (r < 3 ? trial.Rvecs[v][r] : trial.Tvecs[v][r - 3]) -= dv;
                }
            }
        }
        CalibReport report;
        const double err = ok ? Evaluate(trial, &report) : INFINITY;
        if (ok && std::isfinite(err) && err < Error_) {
            const bool tiny = Error_ - err <= 1e-13 * Error_;
            Params_ = trial;
            Report_ = report;
            Error_ = err;
            History_.push_back(report.Rms);
            HaveNormal_ = false;
            Lambda_ = std::max(Lambda_ * 0.1, 1e-15);
            if (tiny) Done_ = true;
        } else {
            Lambda_ *= 10.0;
            if (Lambda_ > 1e10) Done_ = true; // no step lowers the error: at the minimum to rounding
        }
        if (Trials_ >= Options_.MaxIterations) Done_ = true;
    }
}

} // namespace mlviz
