// Loss and gradient of one pixel against p_t, the probability the model gives to the pixel's true class
// (questions 28 and 46): CE, weighted CE, focal loss, label smoothing, soft Dice and Dice + CE.
//
// A binary pixel with logit z_t for its true class: p_t = σ(z_t). Each point gives the loss and
// ∂L/∂z_t (negative: raising z_t lowers the loss), in "per-pixel" units: for the losses that are a mean of
// per-pixel terms (CE, weighted CE, focal, label smoothing) that is the per-pixel term's own gradient; for Dice,
// a single number over the whole image, it is N·∂L/∂z_t (N pixels), the same scale, so the curves compare.
//   CE      −log p_t                            ∂ = −(1 − p_t)
//   WCE     −α_t·log p_t                        α_t = α for a foreground pixel, 1 − α for a background one (the
//                                               per-pixel term; torch's weighted mean then divides by Σ w[y_i])
//   Focal   −α_t·(1 − p_t)^γ·log p_t            torchvision.ops.sigmoid_focal_loss, Lin et al. 2017 eq. 5
//   LS      −Σ_c q_c log p_c, q_t = 1 − ε + ε/K, the other K − 1 classes share 1 − p_t equally and get ε/K each
//           (torch's label_smoothing); ∂ = p_t − q_t: the minimum is at p_t = q_t, not at 1.
//   Dice    1 − (2Σpg + ε)/(Σp + Σg + ε) over an image of N pixels, F = f·N of them foreground, where the model is
//           equally sure of every pixel: p = p_t on foreground pixels, 1 − p_t on background ones.
//   DiceCE  Dice + mean CE over the same image (= Dice − log p_t).
#pragma once
#include <optional>
#include <string>
#include <string_view>
#include <vector>

#include "core/result.h"

namespace mlviz {

enum class CurveLoss { CrossEntropy, WeightedCrossEntropy, Focal, LabelSmoothing, Dice, DiceCrossEntropy, Count };

// "ce", "weighted_ce", "focal", "label_smoothing", "dice", "dice_ce".
std::string_view CurveLossName(CurveLoss loss);
std::optional<CurveLoss> CurveLossFromName(std::string_view name);

struct CurveParams {
    double Alpha = 0.25;              // [0, 1]: weight of the foreground class; background gets 1 − α
    double Gamma = 2.0;               // [0, 10]
    double Smoothing = 0.1;           // [0, 1]
    int Classes = 2;                  // label smoothing's K, [2, 1000]
    double ForegroundFraction = 0.05; // f, [0.001, 0.999]
    int Pixels = 4096;                // N, [16, 1048576]
    double DiceEps = 1.0;             // ε, [0, 1000]
    bool Foreground = true;           // the pixel's own class (α_t and the Dice gradient depend on it)

    bool operator==(const CurveParams&) const = default;
};

struct CurvePoint {
    double Pt = 0.0;
    double Loss = 0.0;
    double Grad = 0.0; // ∂L/∂z_t in per-pixel units (see the banner)
};

inline constexpr double kCurveMinPt = 1e-6, kCurveMaxPt = 1.0 - 1e-6;
inline constexpr int kCurveMaxSamples = 4000;

Message CheckCurveParams(const CurveParams& p);
// p_t in [1e-6, 1 − 1e-6].
Result<CurvePoint> EvaluateCurve(CurveLoss loss, const CurveParams& p, double pt);
// `samples` points, [2, 4000], evenly spaced in p_t over [pt_lo, pt_hi] within the range above.
Result<std::vector<CurvePoint>> SampleCurve(CurveLoss loss, const CurveParams& p, int samples, double pt_lo, double pt_hi);

// The formula with the current values substituted and its value, e.g.
// "FL = −α_t·(1 − p_t)^γ·log p_t = −0.25·(1 − 0.7)^2·log 0.7 = 0.00803" (mathematics only: not translated).
std::string CurveFormula(CurveLoss loss, const CurveParams& p, double pt);

} // namespace mlviz
