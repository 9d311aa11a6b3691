#include "core/box.h"

#include <algorithm>
#include <cmath>

#include "core/message.h"

namespace mlviz {

namespace {

constexpr double kEps = 1e-7; // torchvision's _box_diou_iou / complete_box_iou eps
constexpr double kPi = 3.14159265358979323846;

double Area(const Box& b)
{
    // torchvision computes (x2 - x1) * (y2 - y1) without clamping; for valid boxes that is >= 0.
    return std::max(0.0, static_cast<double>(b.X2) - b.X1) * std::max(0.0, static_cast<double>(b.Y2) - b.Y1);
}

double Intersection(const Box& a, const Box& b)
{
    const double w = std::min<double>(a.X2, b.X2) - std::max<double>(a.X1, b.X1);
    const double h = std::min<double>(a.Y2, b.Y2) - std::max<double>(a.Y1, b.Y1);
    return std::max(0.0, w) * std::max(0.0, h);
}

} // namespace

Message ValidateBox(const Box& b)
{
    if (!std::isfinite(b.X1) || !std::isfinite(b.Y1) || !std::isfinite(b.X2) || !std::isfinite(b.Y2))
        return Msg("координаты рамки должны быть конечными");
    if (b.X2 < b.X1) return Msg("у рамки x2 < x1");
    if (b.Y2 < b.Y1) return Msg("у рамки y2 < y1");
    return {};
}

double IoU(const Box& a, const Box& b)
{
    const double inter = Intersection(a, b);
    const double uni = Area(a) + Area(b) - inter;
    return uni > 0.0 ? inter / uni : 0.0;
}

double GIoU(const Box& a, const Box& b)
{
    const double inter = Intersection(a, b);
    const double uni = Area(a) + Area(b) - inter;
    const double iou = uni > 0.0 ? inter / uni : 0.0;
    const double cw = std::max<double>(a.X2, b.X2) - std::min<double>(a.X1, b.X1);
    const double ch = std::max<double>(a.Y2, b.Y2) - std::min<double>(a.Y1, b.Y1);
    const double hull = std::max(0.0, cw) * std::max(0.0, ch);
    return hull > 0.0 ? iou - (hull - uni) / hull : iou;
}

double DIoU(const Box& a, const Box& b)
{
    const double iou = IoU(a, b);
    const double cw = std::max<double>(a.X2, b.X2) - std::min<double>(a.X1, b.X1);
    const double ch = std::max<double>(a.Y2, b.Y2) - std::min<double>(a.Y1, b.Y1);
    const double diag = cw * cw + ch * ch + kEps;
    const double dx = (static_cast<double>(a.X1) + a.X2 - b.X1 - b.X2) * 0.5;
    const double dy = (static_cast<double>(a.Y1) + a.Y2 - b.Y1 - b.Y2) * 0.5;
    return iou - (dx * dx + dy * dy) / diag;
}

double CIoU(const Box& a, const Box& b)
{
    const double iou = IoU(a, b);
    const double diou = DIoU(a, b);
    const double wa = static_cast<double>(a.X2) - a.X1, ha = static_cast<double>(a.Y2) - a.Y1;
    const double wb = static_cast<double>(b.X2) - b.X1, hb = static_cast<double>(b.Y2) - b.Y1;
    // atan(w / h) with h = 0 is pi/2 (atan2 handles it without dividing by zero).
    const double d = std::atan2(wb, hb) - std::atan2(wa, ha);
    const double v = 4.0 / (kPi * kPi) * d * d;
    const double alpha = v / (1.0 - iou + v + kEps);
    return diou - alpha * v;
}

} // namespace mlviz
