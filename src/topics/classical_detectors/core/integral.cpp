#include "topics/classical_detectors/core/integral.h"

namespace mlviz {

Result<IntegralImage> ComputeIntegral(const GreyImage& img)
{
    if (auto ok = ValidateGreyImage(img); !ok) return Result<IntegralImage>::Fail(ok.Error());
    IntegralImage ii;
    ii.Width = img.Width;
    ii.Height = img.Height;
    const int stride = ii.Stride();
    ii.Sum.assign(static_cast<std::size_t>(stride) * (img.Height + 1), 0);
    ii.SqSum.assign(ii.Sum.size(), 0);
    for (int y = 0; y < img.Height; ++y) {
        const std::uint8_t* row = img.Row(y);
        std::int64_t* s = ii.Sum.data() + static_cast<std::size_t>(y + 1) * stride;
        std::int64_t* sq = ii.SqSum.data() + static_cast<std::size_t>(y + 1) * stride;
        const std::int64_t* s_up = s - stride;
        const std::int64_t* sq_up = sq - stride;
        std::int64_t run = 0, run_sq = 0; // running sums of this row, as OpenCV accumulates
        for (int x = 0; x < img.Width; ++x) {
            run += row[x];
            run_sq += row[x] * row[x];
            s[x + 1] = s_up[x + 1] + run;
            sq[x + 1] = sq_up[x + 1] + run_sq;
        }
    }
    return ii;
}

std::int64_t RectSum(const IntegralImage& ii, IntRect r)
{
    return ii.At(r.X + r.W, r.Y + r.H) - ii.At(r.X + r.W, r.Y) - ii.At(r.X, r.Y + r.H) + ii.At(r.X, r.Y);
}

std::int64_t RectSqSum(const IntegralImage& ii, IntRect r)
{
    return ii.SqAt(r.X + r.W, r.Y + r.H) - ii.SqAt(r.X + r.W, r.Y) - ii.SqAt(r.X, r.Y + r.H) + ii.SqAt(r.X, r.Y);
}

Result<RectSumLookup> LookupRectSum(const IntegralImage& ii, IntRect r)
{
    if (r.W < 0 || r.H < 0 || r.X < 0 || r.Y < 0 || r.X + r.W > ii.Width || r.Y + r.H > ii.Height)
        return Result<RectSumLookup>::Fail(
            Msg("прямоугольник (%d, %d, %d, %d) выходит за изображение %dx%d", r.X, r.Y, r.W, r.H, ii.Width, ii.Height));
    RectSumLookup l;
    l.CornerX = {r.X, r.X + r.W, r.X, r.X + r.W};
    l.CornerY = {r.Y, r.Y, r.Y + r.H, r.Y + r.H};
    for (int i = 0; i < 4; ++i) l.Value[i] = ii.At(l.CornerX[i], l.CornerY[i]);
    l.Sum = l.Value[3] - l.Value[1] - l.Value[2] + l.Value[0];
    l.Area = r.W * r.H;
    return l;
}

Result<IntegralStepper> IntegralStepper::Start(const GreyImage& img)
{
    if (auto ok = ValidateGreyImage(img); !ok) return Result<IntegralStepper>::Fail(ok.Error());
    if (img.Width * img.Height > kMaxStepperPixels)
        return Result<IntegralStepper>::Fail(
            Msg("пошаговый показ интегрального изображения: не больше %d пикселей, а здесь %dx%d", kMaxStepperPixels, img.Width,
                img.Height));
    IntegralStepper s;
    s.Image_ = img;
    s.Seek(0);
    return s;
}

void IntegralStepper::Seek(int cells_done)
{
    const int stride = Image_.Width + 1;
    Table_.assign(static_cast<std::size_t>(stride) * (Image_.Height + 1), -1);
    for (int x = 0; x < stride; ++x) Table_[x] = 0;
    for (int y = 0; y <= Image_.Height; ++y) Table_[static_cast<std::size_t>(y) * stride] = 0;
    Done_ = 0;
    Last_ = IntegralStep{};
    if (cells_done > 0) Advance(cells_done);
}

IntegralStep IntegralStepper::Advance(int count)
{
    const int stride = Image_.Width + 1;
    for (int i = 0; i < count && Done_ < CellCount(); ++i, ++Done_) {
        IntegralStep st;
        st.X = Done_ % Image_.Width + 1;
        st.Y = Done_ / Image_.Width + 1;
        st.Pixel = Image_.At(st.X - 1, st.Y - 1);
        st.Left = Table_[static_cast<std::size_t>(st.Y) * stride + st.X - 1];
        st.Up = Table_[static_cast<std::size_t>(st.Y - 1) * stride + st.X];
        st.UpLeft = Table_[static_cast<std::size_t>(st.Y - 1) * stride + st.X - 1];
        st.Value = st.Pixel + st.Left + st.Up - st.UpLeft;
        Table_[static_cast<std::size_t>(st.Y) * stride + st.X] = st.Value;
        Last_ = st;
    }
    return Last_;
}

} // namespace mlviz
