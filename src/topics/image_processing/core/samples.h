// Hand-drawn boxes for the shipped sample photos (astronaut, chelsea, coffee from scikit-image), so
// that augmentation has objects to move, and a toy segmentation mask made from boxes. The boxes are
// approximate (drawn by eye; the astronaut's face is cv2's Haar cascade detection); class names are
// translation keys for the view.
#pragma once
#include <span>
#include <string_view>
#include <vector>

#include "topics/image_processing/core/augment.h"

namespace mlviz {

struct SampleObject {
    const char* ClassName; // MLVIZ_TR_KEY, e.g. "шлем"
    AugBox Box;            // Label = class id (1..), in the image's pixels
};

struct SampleAnnotation {
    const char* Image; // file stem under data/images, e.g. "astronaut"
    int Width, Height;
    std::vector<SampleObject> Objects; // in drawing order: later ones cover earlier ones in the mask
};

std::span<const SampleAnnotation> SampleAnnotations();
const SampleAnnotation* FindSampleAnnotation(std::string_view image);

// A W x H mask: each box's inscribed ellipse filled with its label, in order; 0 elsewhere.
Plane8 MaskFromBoxes(int width, int height, const std::vector<AugBox>& boxes);

} // namespace mlviz
