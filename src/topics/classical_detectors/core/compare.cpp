#include "topics/classical_detectors/core/compare.h"

#include <chrono>
#include <cmath>

namespace mlviz {

namespace {

double Since(std::chrono::steady_clock::time_point t0)
{
    return std::chrono::duration<double, std::milli>(std::chrono::steady_clock::now() - t0).count();
}

bool SameOrb(const OrbOptions& a, const OrbOptions& b)
{
    return a.Features == b.Features && a.ScaleFactor == b.ScaleFactor && a.Levels == b.Levels &&
        a.FastThreshold == b.FastThreshold && a.HarrisScore == b.HarrisScore;
}

bool SameSift(const SiftOptions& a, const SiftOptions& b)
{
    return a.Features == b.Features && a.OctaveLayers == b.OctaveLayers && a.ContrastThreshold == b.ContrastThreshold &&
        a.EdgeThreshold == b.EdgeThreshold && a.Sigma == b.Sigma && a.DoubleImage == b.DoubleImage;
}

} // namespace

Result<bool> ValidateCompareOptions(const CompareOptions& o)
{
    if (auto ok = ValidateTransform(o.Transform); !ok) return ok;
    if (auto ok = ValidateOrbOptions(o.Orb); !ok) return ok;
    if (auto ok = ValidateSiftOptions(o.Sift); !ok) return ok;
    if (!(o.Eps > 0.0 && o.Eps <= 50.0)) return Result<bool>::Fail(Msg("допуск совпадения %g пикселей вне (0, 50]", o.Eps));
    if (!(o.Ratio > 0.0f && o.Ratio <= 1.0f)) return Result<bool>::Fail(Msg("отношение Лоу %g вне (0, 1]", o.Ratio));
    return true;
}

Result<CompareJob> CompareJob::Start(const GreyImage& a, const CompareOptions& options, const CompareJob* previous)
{
    if (auto ok = ValidateGreyImage(a); !ok) return Result<CompareJob>::Fail(ok.Error());
    if (auto ok = ValidateCompareOptions(options); !ok) return Result<CompareJob>::Fail(ok.Error());
    if (std::min(a.Width, a.Height) < 16)
        return Result<CompareJob>::Fail(
            Msg("SIFT: изображению нужно не меньше 16 пикселей по стороне, а здесь %dx%d", a.Width, a.Height));
    CompareJob job;
    job.A_ = a;
    job.Options_ = options;
    if (previous && previous->Done() && previous->A_.Width == a.Width && previous->A_.Height == a.Height &&
        previous->A_.Pixels == a.Pixels) {
        const CompareResult& p = previous->Out_;
        if (SameOrb(previous->Options_.Orb, options.Orb) && p.OrbA) {
            job.Out_.OrbA = p.OrbA;
            job.Out_.Orb.KeypointsA = p.Orb.KeypointsA;
            job.Out_.Orb.MillisA = p.Orb.MillisA;
        }
        if (SameSift(previous->Options_.Sift, options.Sift) && p.SiftA) {
            job.Out_.SiftA = p.SiftA;
            job.Out_.Sift.KeypointsA = p.Sift.KeypointsA;
            job.Out_.Sift.MillisA = p.Sift.MillisA;
        }
    }
    return job;
}

double CompareJob::Progress() const
{
    if (Done()) return 1.0;
    // Rough weights of the phases (SIFT dominates).
    static const double kWeight[kPhaseCount] = {0.02, 0.06, 0.06, 0.35, 0.35, 0.01, 0.15};
    double done = 0.0;
    for (int p = 0; p < Phase_; ++p) done += kWeight[p];
    double inner = 0.0;
    if ((Phase_ == kOrbA || Phase_ == kOrbB) && Orb_) inner = Orb_->Progress();
    if ((Phase_ == kSiftA || Phase_ == kSiftB) && Sift_) inner = Sift_->Progress();
    if (Phase_ == kTransform && Transform_) inner = Transform_->Progress();
    if (Phase_ == kMatchSift && Out_.SiftA && !Out_.SiftA->Descriptors.empty())
        inner = static_cast<double>(MatchRow_) / Out_.SiftA->Descriptors.size();
    return std::min(0.999, done + kWeight[Phase_] * inner);
}

void CompareJob::Step(long long budget)
{
    budget = std::max(1LL, budget);
    while (!Done() && !Advance(budget)) {}
}

bool CompareJob::Advance(long long budget)
{
    const auto t0 = std::chrono::steady_clock::now();
    switch (Phase_) {
    case kTransform:
        if (!Transform_) Transform_ = std::move(TransformJob::Start(A_, Options_.Transform).Value());
        Transform_->Step(budget);
        if (Transform_->Done()) {
            Out_.B = Transform_->Output();
            Transform_.reset();
            ++Phase_;
        }
        return true;
    case kOrbA:
    case kOrbB: {
        const bool is_a = Phase_ == kOrbA;
        if (is_a && Out_.OrbA) { // reused: no work done
            ++Phase_;
            return false;
        }
        if (!Orb_) Orb_ = std::move(OrbJob::Start(is_a ? A_ : Out_.B.Image, Options_.Orb).Value());
        Orb_->Step(budget);
        (is_a ? Out_.Orb.MillisA : Out_.Orb.MillisB) += Since(t0);
        if (Orb_->Done()) {
            auto r = std::make_shared<const OrbResult>(Orb_->Output());
            (is_a ? Out_.Orb.KeypointsA : Out_.Orb.KeypointsB) = r->Keypoints;
            (is_a ? Out_.OrbA : Out_.OrbB) = r;
            Orb_.reset();
            ++Phase_;
        }
        return true;
    }
    case kSiftA:
    case kSiftB: {
        const bool is_a = Phase_ == kSiftA;
        if (is_a && Out_.SiftA) {
            ++Phase_;
            return false;
        }
        if (!Sift_) {
            SiftOptions so = Options_.Sift;
            so.KeepScaleSpace = false; // two scale spaces would hold ~120 MB for 512 x 512
            Sift_ = std::move(SiftJob::Start(is_a ? A_ : Out_.B.Image, so).Value());
        }
        Sift_->Step(budget);
        (is_a ? Out_.Sift.MillisA : Out_.Sift.MillisB) += Since(t0);
        if (Sift_->Done()) {
            auto r = std::make_shared<const SiftResult>(Sift_->Output());
            (is_a ? Out_.Sift.KeypointsA : Out_.Sift.KeypointsB) = r->Keypoints;
            (is_a ? Out_.SiftA : Out_.SiftB) = r;
            Sift_.reset();
            ++Phase_;
        }
        return true;
    }
    case kMatchOrb: {
        const auto& da = Out_.OrbA->Descriptors;
        const auto& db = Out_.OrbB->Descriptors;
        const long long per_row = std::max<long long>(1, static_cast<long long>(db.size()) * 8); // ~8 units a pair
        const std::size_t rows = static_cast<std::size_t>(std::max(1LL, budget / per_row));
        MatchHammingRows(da, db, MatchRow_, MatchRow_ + rows, Hamming_);
        MatchRow_ += rows;
        Out_.Orb.MillisMatch += Since(t0);
        if (MatchRow_ >= da.size()) {
            Out_.Orb.Matches = db.empty() ? std::vector<FeatureMatch>{} : MatchHammingFinish(da, Hamming_, Options_.CrossCheck);
            Out_.Orb.Eval = EvaluateKeypoints(Out_.Orb.KeypointsA, Out_.Orb.KeypointsB, Out_.B.H, A_.Width, A_.Height,
                                              Out_.Orb.Matches, Options_.Eps);
            MatchRow_ = 0;
            ++Phase_;
        }
        return true;
    }
    case kMatchSift: {
        const auto& da = Out_.SiftA->Descriptors;
        const auto& db = Out_.SiftB->Descriptors;
        const long long per_row = std::max<long long>(1, static_cast<long long>(db.size()) * 128);
        const std::size_t rows = static_cast<std::size_t>(std::max(1LL, budget / per_row));
        MatchRatioRows(da, db, Options_.Ratio, MatchRow_, MatchRow_ + rows, Out_.Sift.Matches);
        MatchRow_ += rows;
        Out_.Sift.MillisMatch += Since(t0);
        if (MatchRow_ >= da.size()) {
            Out_.Sift.Eval = EvaluateKeypoints(Out_.Sift.KeypointsA, Out_.Sift.KeypointsB, Out_.B.H, A_.Width, A_.Height,
                                               Out_.Sift.Matches, Options_.Eps);
            ++Phase_;
        }
        return true;
    }
    default: return true;
    }
}

} // namespace mlviz
