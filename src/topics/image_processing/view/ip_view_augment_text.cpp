// What one augmentation draw did, in words and numbers: the crop and its area, flips, the angle, the
// colour factors, blur, noise, the cutout, and for mixing the label weights with their formulas
// (mixup: λ and 1 − λ; cutmix: λ' = 1 − patch area / image area).
#include <cstdio>
#include <string>

#include "topics/image_processing/view/ip_view.h"
#include "ui/tr.h"

namespace mlviz {

namespace {

void Append(std::string& s, const char* text)
{
    if (!s.empty()) s += "; ";
    s += text;
}

} // namespace

std::string ImageProcessingView::AugmentParamsText(const AugResult& r) const
{
    const AugmentParams& p = r.Params;
    const int w = r.Sample.Rgba.Width > 0 ? r.Sample.Rgba.Width : (AugA ? AugA->Rgba.Width : 0);
    const int h = r.Sample.Rgba.Height > 0 ? r.Sample.Rgba.Height : (AugA ? AugA->Rgba.Height : 0);
    std::string s;
    char buf[256];
    if (p.Crop) {
        const double area = w > 0 && h > 0 ? 100.0 * p.CropBox.W * p.CropBox.H / (static_cast<double>(w) * h) : 0.0;
        std::snprintf(buf, sizeof buf,
                      Tr("RandomResizedCrop (x, y, w, h) = (%d, %d, %d, %d): %.0f%% площади, w/h = %.2f, растянут обратно"),
                      p.CropBox.X, p.CropBox.Y, p.CropBox.W, p.CropBox.H, area,
                      p.CropBox.H > 0 ? static_cast<double>(p.CropBox.W) / p.CropBox.H : 0.0);
        Append(s, buf);
    }
    if (p.HFlip) Append(s, Tr("отражение ↔: x → W − x"));
    if (p.VFlip) Append(s, Tr("отражение ↕: y → H − y"));
    if (p.Angle != 0.0) {
        std::snprintf(buf, sizeof buf, Tr("поворот на %.1f° вокруг центра, углы рамок пересчитаны"), p.Angle);
        Append(s, buf);
    }
    if (p.Jitter) {
        std::snprintf(buf, sizeof buf, Tr("цвет: яркость ×%.2f, контраст ×%.2f, насыщенность ×%.2f, тон %+.3f"), p.BrightnessF,
                      p.ContrastF, p.SaturationF, p.HueF);
        Append(s, buf);
    }
    if (p.BlurSigma > 0.0) {
        std::snprintf(buf, sizeof buf, Tr("размытие σ = %.2f"), p.BlurSigma);
        Append(s, buf);
    }
    if (p.NoiseSigma > 0.0) {
        std::snprintf(buf, sizeof buf, Tr("шум N(0, %.0f²)"), p.NoiseSigma);
        Append(s, buf);
    }
    if (p.Cutout) {
        std::snprintf(buf, sizeof buf, Tr("cutout (%d, %d, %d, %d): рамки и маска не меняются"), p.CutoutBox.X, p.CutoutBox.Y,
                      p.CutoutBox.W, p.CutoutBox.H);
        Append(s, buf);
    }
    if (p.Mix == MixMode::Mixup) {
        std::snprintf(buf, sizeof buf, Tr("mixup: λ = %.3f, x = %.3f·A + %.3f·B, метки с весами %.3f и %.3f"), p.Lambda, p.Lambda,
                      1.0 - p.Lambda, r.WeightA, r.WeightB);
        Append(s, buf);
    } else if (p.Mix == MixMode::CutMix) {
        const long long cut = static_cast<long long>(p.CutBox.W) * p.CutBox.H, all = static_cast<long long>(w) * h;
        std::snprintf(
            buf, sizeof buf,
            Tr("cutmix: λ ~ Beta = %.3f, вставка из B (%d, %d, %d, %d); λ' = 1 − %lld / %lld = %.3f — веса меток %.3f и %.3f"),
            p.Lambda, p.CutBox.X, p.CutBox.Y, p.CutBox.W, p.CutBox.H, cut, all, r.WeightA, r.WeightA, r.WeightB);
        Append(s, buf);
    }
    if (s.empty()) s = Tr("без изменений: ни одна операция не выпала");
    if (AugA && !AugA->Boxes.empty()) {
        std::snprintf(buf, sizeof buf, Tr("рамок после преобразования: %zu"), r.Sample.Boxes.size());
        Append(s, buf);
    }
    return s;
}

} // namespace mlviz
