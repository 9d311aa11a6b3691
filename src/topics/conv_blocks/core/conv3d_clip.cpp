// Moving-square clip and teaching kernels for the 3-D convolution tab (conv3d_clip.h).
#include "topics/conv_blocks/core/conv3d_clip.h"

#include <algorithm>
#include <cmath>

namespace mlviz {

namespace {

double Overlap(double a0, double a1, double b0, double b1)
{
    return std::max(0.0, std::min(a1, b1) - std::max(a0, b0));
}

bool In(double v, double lo, double hi)
{
    return std::isfinite(v) && v >= lo && v <= hi;
}

} // namespace

Result<Grid4> MakeMovingSquare(const MovingSquareClip& c)
{
    using R = Result<Grid4>;
    if (c.Frames < 1 || c.Frames > kClipMaxFrames)
        return R::Fail(Msg("клип: число кадров %d вне диапазона [%d, %d]", c.Frames, 1, kClipMaxFrames));
    if (c.Height < 4 || c.Height > kClipMaxSide || c.Width < 4 || c.Width > kClipMaxSide)
        return R::Fail(Msg("клип: размер кадра %d×%d вне диапазона [%d, %d]", c.Height, c.Width, 4, kClipMaxSide));
    if (!In(c.Size, 1.0, 64.0)) return R::Fail(Msg("клип: сторона квадрата %g вне диапазона [%g, %g]", c.Size, 1.0, 64.0));
    if (!In(c.X0, -64.0, 128.0) || !In(c.Y0, -64.0, 128.0))
        return R::Fail(Msg("клип: начальное положение (%g, %g) вне диапазона [%g, %g]", c.X0, c.Y0, -64.0, 128.0));
    if (!In(c.Vx, -8.0, 8.0) || !In(c.Vy, -8.0, 8.0))
        return R::Fail(Msg("клип: скорость (%g, %g) пикселей за кадр вне диапазона [%g, %g]", c.Vx, c.Vy, -8.0, 8.0));
    Grid4 clip({1, c.Frames, c.Height, c.Width});
    for (int t = 0; t < c.Frames; ++t) {
        const double x0 = c.X0 + c.Vx * t, y0 = c.Y0 + c.Vy * t;
        for (int y = 0; y < c.Height; ++y) {
            const double cover_y = Overlap(y, y + 1.0, y0, y0 + c.Size);
            if (cover_y <= 0.0) continue;
            for (int x = 0; x < c.Width; ++x) clip(0, t, y, x) = cover_y * Overlap(x, x + 1.0, x0, x0 + c.Size);
        }
    }
    return clip;
}

Result<Grid5> MakeClipKernel3d(ClipKernel3d kind, int frames, int size)
{
    using R = Result<Grid5>;
    if (frames < 2 || frames > 7) return R::Fail(Msg("ядро: глубина по времени %d вне диапазона [%d, %d]", frames, 2, 7));
    if (size < 1 || size > 7 || size % 2 == 0) return R::Fail(Msg("ядро: размер %d должен быть нечётным в [%d, %d]", size, 1, 7));
    Grid5 w({1, 1, frames, size, size});
    const int centre = size / 2;
    switch (kind) {
    case ClipKernel3d::MotionRight:
    case ClipKernel3d::MotionLeft: {
        const int dir = kind == ClipKernel3d::MotionRight ? 1 : -1;
        for (int a = 0; a < frames; ++a) {
            // The bar passes the centre column at the middle frame; columns outside the kernel are dropped.
            const int col = centre + dir * (a - (frames - 1) / 2);
            if (col < 0 || col >= size) continue;
            for (int u = 0; u < size; ++u) w(0, 0, a, u, col) = 1.0;
        }
        break;
    }
    case ClipKernel3d::TemporalDifference:
        w(0, 0, frames - 1, centre, centre) = 1.0;
        w(0, 0, 0, centre, centre) = -1.0;
        break;
    default: return R::Fail(Msg("ядро: неизвестный вид"));
    }
    return w;
}

Result<Grid4> MakeClipKernel2d(ClipKernel2d kind, int size)
{
    using R = Result<Grid4>;
    if (size < 1 || size > 7) return R::Fail(Msg("ядро: размер %d вне диапазона [%d, %d]", size, 1, 7));
    Grid4 w({1, 1, size, size});
    switch (kind) {
    case ClipKernel2d::Box:
        for (double& v : w.Values) v = 1.0 / (size * size);
        break;
    case ClipKernel2d::EdgeX:
        if (size < 2) return R::Fail(Msg("ядро: для границ нужен размер не меньше %d", 2));
        for (int u = 0; u < size; ++u) w(0, 0, u, 0) = -1.0, w(0, 0, u, size - 1) = 1.0;
        break;
    default: return R::Fail(Msg("ядро: неизвестный вид"));
    }
    return w;
}

} // namespace mlviz
