// Otsu's threshold as OpenCV 4.6 computes it, and the between-class variance curve (see otsu.h).
#include "topics/image_processing/core/otsu.h"

#include <algorithm>
#include <cfloat>

namespace mlviz {

Histogram256 ComputeHistogram(const Plane8& img)
{
    Histogram256 h{};
    for (std::uint8_t v : img.Pixels) ++h[v];
    return h;
}

ThresholdStats StatsAtThreshold(const Histogram256& hist, int t)
{
    ThresholdStats s;
    std::int64_t n0 = 0, n = 0;
    double s0 = 0.0, sum = 0.0;
    for (int i = 0; i < 256; ++i) {
        n += hist[i];
        sum += static_cast<double>(i) * static_cast<double>(hist[i]);
        if (i <= t) {
            n0 += hist[i];
            s0 += static_cast<double>(i) * static_cast<double>(hist[i]);
        }
    }
    if (n == 0) return s;
    const std::int64_t n1 = n - n0;
    s.Weight0 = static_cast<double>(n0) / static_cast<double>(n);
    s.Weight1 = static_cast<double>(n1) / static_cast<double>(n);
    s.Mean0 = n0 > 0 ? s0 / static_cast<double>(n0) : 0.0;
    s.Mean1 = n1 > 0 ? (sum - s0) / static_cast<double>(n1) : 0.0;
    if (n0 > 0 && n1 > 0) s.BetweenVariance = s.Weight0 * s.Weight1 * (s.Mean0 - s.Mean1) * (s.Mean0 - s.Mean1);
    return s;
}

Result<OtsuResult> OtsuFromHistogram(const Histogram256& hist)
{
    OtsuResult r;
    for (std::int64_t c : hist) {
        if (c < 0) return Result<OtsuResult>::Fail(Msg("гистограмма: отрицательное число пикселей"));
        r.Count += c;
    }
    if (r.Count == 0) return Result<OtsuResult>::Fail(Msg("гистограмма пуста"));

    // thresh.cpp getThreshVal_Otsu, operation for operation (the FLT_EPSILON skip leaves mu1
    // multiplied by q1 without the division, which only matters past 1/FLT_EPSILON pixels).
    const double scale = 1.0 / static_cast<double>(r.Count);
    double mu = 0.0;
    for (int i = 0; i < 256; ++i) mu += i * static_cast<double>(hist[i]);
    mu *= scale;
    double mu1 = 0.0, q1 = 0.0, max_sigma = 0.0;
    int max_val = 0;
    for (int i = 0; i < 256; ++i) {
        const double p_i = static_cast<double>(hist[i]) * scale;
        mu1 *= q1;
        q1 += p_i;
        const double q2 = 1.0 - q1;
        if (std::min(q1, q2) < FLT_EPSILON || std::max(q1, q2) > 1.0 - FLT_EPSILON) continue;
        mu1 = (mu1 + i * p_i) / q1;
        const double mu2 = (mu - q1 * mu1) / q2;
        const double sigma = q1 * q2 * (mu1 - mu2) * (mu1 - mu2);
        if (sigma > max_sigma) {
            max_sigma = sigma;
            max_val = i;
        }
    }
    r.Threshold = max_val;
    r.Mean = mu;

    double var = 0.0;
    for (int i = 0; i < 256; ++i) var += static_cast<double>(hist[i]) * (i - mu) * (i - mu);
    r.TotalVariance = var * scale;

    // The curve from integer counts (exact class sizes), so that empty gaps give exactly equal values.
    std::int64_t n0 = 0;
    double s0 = 0.0;
    const double total = mu * static_cast<double>(r.Count);
    for (int t = 0; t < 256; ++t) {
        n0 += hist[t];
        s0 += static_cast<double>(t) * static_cast<double>(hist[t]);
        const std::int64_t n1 = r.Count - n0;
        if (n0 == 0 || n1 == 0) continue;
        const double w0 = static_cast<double>(n0) * scale, w1 = static_cast<double>(n1) * scale;
        const double d = s0 / static_cast<double>(n0) - (total - s0) / static_cast<double>(n1);
        r.BetweenVariance[t] = w0 * w1 * d * d;
    }
    r.MaxVariance = r.BetweenVariance[r.Threshold];
    const ThresholdStats at = StatsAtThreshold(hist, r.Threshold);
    r.Weight0 = at.Weight0;
    r.Weight1 = at.Weight1;
    r.Mean0 = at.Mean0;
    r.Mean1 = at.Mean1;
    return r;
}

Result<OtsuResult> Otsu(const Plane8& img)
{
    const Message why = ValidatePlaneSize(img.Width, img.Height);
    if (!why.Empty()) return Result<OtsuResult>::Fail(why);
    return OtsuFromHistogram(ComputeHistogram(img));
}

Plane8 ThresholdBinary(const Plane8& img, int t)
{
    Plane8 out(img.Width, img.Height);
    for (std::size_t i = 0; i < img.Pixels.size(); ++i) out.Pixels[i] = img.Pixels[i] > t ? 255 : 0;
    return out;
}

} // namespace mlviz
