// Sample annotations and box-made masks (see samples.h).
#include "topics/image_processing/core/samples.h"

#include <algorithm>
#include <cmath>

#include "core/message.h"

namespace mlviz {

std::span<const SampleAnnotation> SampleAnnotations()
{
    static const SampleAnnotation kSamples[] = {
        {"astronaut",
         512,
         512,
         {{MLVIZ_TR_KEY("флаг"), {0, 0, 96, 440, 4}},
          {MLVIZ_TR_KEY("человек"), {18, 14, 366, 512, 1}},
          {MLVIZ_TR_KEY("лицо"), {177, 66, 272, 161, 5}},
          {MLVIZ_TR_KEY("шаттл"), {354, 0, 470, 284, 3}},
          {MLVIZ_TR_KEY("шлем"), {277, 342, 512, 512, 2}}}},
        {"chelsea",
         451,
         300,
         {{MLVIZ_TR_KEY("кошка"), {20, 0, 400, 300, 1}},
          {MLVIZ_TR_KEY("глаз"), {135, 84, 210, 146, 2}},
          {MLVIZ_TR_KEY("глаз"), {293, 108, 345, 163, 2}},
          {MLVIZ_TR_KEY("нос"), {232, 222, 292, 267, 3}}}},
        {"coffee",
         600,
         400,
         {{MLVIZ_TR_KEY("блюдце"), {76, 68, 480, 390, 2}},
          {MLVIZ_TR_KEY("чашка"), {172, 16, 410, 306, 1}},
          {MLVIZ_TR_KEY("ложка"), {325, 66, 425, 326, 3}}}},
    };
    return kSamples;
}

const SampleAnnotation* FindSampleAnnotation(std::string_view image)
{
    for (const SampleAnnotation& a : SampleAnnotations())
        if (image == a.Image) return &a;
    return nullptr;
}

Plane8 MaskFromBoxes(int width, int height, const std::vector<AugBox>& boxes)
{
    Plane8 mask(std::max(0, width), std::max(0, height));
    for (const AugBox& b : boxes) {
        const double cx = 0.5 * (b.X1 + b.X2), cy = 0.5 * (b.Y1 + b.Y2);
        const double rx = 0.5 * (b.X2 - b.X1), ry = 0.5 * (b.Y2 - b.Y1);
        if (!(rx > 0.0 && ry > 0.0)) continue;
        const int x0 = std::clamp(static_cast<int>(std::floor(b.X1)), 0, width),
                  x1 = std::clamp(static_cast<int>(std::ceil(b.X2)), 0, width);
        const int y0 = std::clamp(static_cast<int>(std::floor(b.Y1)), 0, height),
                  y1 = std::clamp(static_cast<int>(std::ceil(b.Y2)), 0, height);
        const std::uint8_t label = static_cast<std::uint8_t>(std::clamp(b.Label, 0, 255));
        for (int y = y0; y < y1; ++y)
            for (int x = x0; x < x1; ++x) {
                const double u = (x + 0.5 - cx) / rx, v = (y + 0.5 - cy) / ry;
                if (u * u + v * v <= 1.0) mask.At(x, y) = label;
            }
    }
    return mask;
}

} // namespace mlviz
