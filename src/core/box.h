// Axis-aligned boxes (x1, y1, x2, y2) in pixels, y down, and their overlap measures with
// the semantics of torchvision.ops: box_iou, generalized_box_iou, distance_box_iou and
// complete_box_iou (eps = 1e-7 where torchvision uses it). Zero-area boxes give IoU 0, never NaN.
#pragma once
#include <string>

#include "core/message.h"

namespace mlviz {

struct Box {
    float X1 = 0.0f, Y1 = 0.0f, X2 = 0.0f, Y2 = 0.0f;

    float Width() const { return X2 - X1; }
    float Height() const { return Y2 - Y1; }
    float Area() const { return Width() > 0.0f && Height() > 0.0f ? Width() * Height() : 0.0f; }
    float CenterX() const { return 0.5f * (X1 + X2); }
    float CenterY() const { return 0.5f * (Y1 + Y2); }
};

// Empty string when the box is valid (finite, x2 >= x1, y2 >= y1), else why not.
Message ValidateBox(const Box& b);

double IoU(const Box& a, const Box& b);
double GIoU(const Box& a, const Box& b);
double DIoU(const Box& a, const Box& b);
double CIoU(const Box& a, const Box& b);

} // namespace mlviz
