#include "topics/classical_detectors/core/resize_exact.h"

#include <algorithm>
#include <cfloat>
#include <cmath>
#include <cstdint>

namespace mlviz {

namespace {

// interpolationLinear<uchar>::getCoeffs for every destination index of one axis.
struct AxisCoeffs {
    std::vector<int> Offset;           // left/top source index
    std::vector<std::uint16_t> C0, C1; // weights in 1/256
    int Min = 0, Max = 0;              // [Min, Max) interpolated; before: first pixel; after: last
};

AxisCoeffs LinearCoeffs(int src_size, int dst_size)
{
    AxisCoeffs a;
    a.Offset.assign(dst_size, src_size - 1);
    a.C0.assign(dst_size, 0);
    a.C1.assign(dst_size, 0);
    a.Min = 0;
    a.Max = dst_size;
    const double inv_scale = static_cast<double>(dst_size) / src_size;
    const double scale = 1.0 / inv_scale; // softdouble: IEEE division, like plain double
    for (int d = 0; d < dst_size; ++d) {
        const double fval = scale * (d + 0.5) - 0.5;
        const int ival = static_cast<int>(std::floor(fval));
        if (ival >= 0 && src_size > 1) {
            if (ival < src_size - 1) {
                a.Offset[d] = ival;
                // cvRound rounds half to even, as nearbyint in the default rounding mode.
                const int c1 = static_cast<int>(std::nearbyint((fval - ival) * 256.0));
                a.C1[d] = static_cast<std::uint16_t>(c1);
                a.C0[d] = static_cast<std::uint16_t>(std::max(0, 256 - c1));
            } else {
                a.Offset[d] = src_size - 1;
                a.Max = std::min(a.Max, d);
            }
        } else {
            a.Min = std::max(a.Min, d + 1);
        }
    }
    return a;
}

void HorizontalLine(const std::uint8_t* src, int src_width, const AxisCoeffs& x, std::uint16_t* out, int dst_width)
{
    const std::uint16_t first = static_cast<std::uint16_t>(src[0] << 8);
    const std::uint16_t last = static_cast<std::uint16_t>(src[src_width - 1] << 8);
    int d = 0;
    for (; d < x.Min && d < dst_width; ++d) out[d] = first;
    for (; d < x.Max; ++d) {
        const std::uint8_t* p = src + x.Offset[d];
        out[d] = static_cast<std::uint16_t>(x.C0[d] * p[0] + x.C1[d] * p[1]);
    }
    for (; d < dst_width; ++d) out[d] = last;
}

GreyImage AreaHalf(const GreyImage& src, int dw, int dh)
{
    GreyImage dst = MakeGreyImage(dw, dh);
    for (int y = 0; y < dh; ++y) {
        const std::uint8_t* s0 = src.Row(2 * y);
        const std::uint8_t* s1 = src.Row(2 * y + 1);
        std::uint8_t* d = dst.Row(y);
        for (int x = 0; x < dw; ++x)
            d[x] = static_cast<std::uint8_t>((s0[2 * x] + s0[2 * x + 1] + s1[2 * x] + s1[2 * x + 1] + 2) >> 2);
    }
    return dst;
}

bool IsExactHalf(int src_size, int dst_size)
{
    const double scale = 1.0 / (static_cast<double>(dst_size) / src_size);
    const int iscale = static_cast<int>(std::nearbyint(scale));
    return std::fabs(scale - iscale) < DBL_EPSILON && iscale == 2;
}

} // namespace

Result<GreyImage> ResizeLinearExact(const GreyImage& src, int dst_width, int dst_height)
{
    if (auto ok = ValidateGreyImage(src); !ok) return Result<GreyImage>::Fail(ok.Error());
    if (dst_width < 1 || dst_height < 1 || dst_width > kClassicalMaxSide || dst_height > kClassicalMaxSide)
        return Result<GreyImage>::Fail(
            Msg("размер после масштабирования %dx%d: стороны должны быть от 1 до %d", dst_width, dst_height, kClassicalMaxSide));
    if (dst_width == src.Width && dst_height == src.Height) return src;
    if (IsExactHalf(src.Width, dst_width) && IsExactHalf(src.Height, dst_height)) return AreaHalf(src, dst_width, dst_height);

    const AxisCoeffs x = LinearCoeffs(src.Width, dst_width);
    const AxisCoeffs y = LinearCoeffs(src.Height, dst_height);
    GreyImage dst = MakeGreyImage(dst_width, dst_height);
    std::vector<std::uint16_t> line0(dst_width), line1(dst_width);
    int line0_row = -1, line1_row = -1; // which source rows the two buffers hold
    auto line_for = [&](int row) -> const std::uint16_t* {
        if (row == line0_row) return line0.data();
        if (row == line1_row) return line1.data();
        // Evict the buffer holding the lower row: rows only move down.
        if (line0_row < line1_row) {
            HorizontalLine(src.Row(row), src.Width, x, line0.data(), dst_width);
            line0_row = row;
            return line0.data();
        }
        HorizontalLine(src.Row(row), src.Width, x, line1.data(), dst_width);
        line1_row = row;
        return line1.data();
    };
    for (int dy = 0; dy < dst_height; ++dy) {
        std::uint8_t* out = dst.Row(dy);
        if (dy < y.Min || dy >= y.Max) {
            const std::uint16_t* h = line_for(dy < y.Min ? 0 : src.Height - 1);
            for (int dx = 0; dx < dst_width; ++dx) out[dx] = static_cast<std::uint8_t>(std::min(255, (h[dx] + 128) >> 8));
            continue;
        }
        const std::uint16_t* h0 = line_for(y.Offset[dy]);
        const std::uint16_t* h1 = line_for(y.Offset[dy] + 1);
        const std::uint32_t c0 = y.C0[dy], c1 = y.C1[dy];
        for (int dx = 0; dx < dst_width; ++dx) {
            const std::uint32_t v = (h0[dx] * c0 + h1[dx] * c1 + (1u << 15)) >> 16;
            out[dx] = static_cast<std::uint8_t>(std::min<std::uint32_t>(255, v));
        }
    }
    return dst;
}

} // namespace mlviz
