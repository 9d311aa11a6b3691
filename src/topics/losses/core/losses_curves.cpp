// Per-pixel loss and gradient curves against p_t (formulas in losses_curves.h).
#include "topics/losses/core/losses_curves.h"

#include <cmath>
#include <cstdio>

namespace mlviz {

namespace {

constexpr std::string_view kCurveNames[] = {"ce", "weighted_ce", "focal", "label_smoothing", "dice", "dice_ce"};

double AlphaT(const CurveParams& p)
{
    return p.Foreground ? p.Alpha : 1.0 - p.Alpha;
}

// The image of the Dice curves at confidence pt: foreground count F, background count B.
struct DiceImage {
    double F, B, Inter, SumP, SumG, Num, Den;
};

DiceImage MakeDiceImage(const CurveParams& p, double pt)
{
    DiceImage d;
    d.F = p.ForegroundFraction * p.Pixels;
    d.B = p.Pixels - d.F;
    d.Inter = d.F * pt;
    d.SumP = d.F * pt + d.B * (1.0 - pt);
    d.SumG = d.F;
    d.Num = 2.0 * d.Inter + p.DiceEps;
    d.Den = d.SumP + d.SumG + p.DiceEps;
    return d;
}

// N·∂Dice/∂z_t for the one pixel: ∂Dice/∂p_i = −(2·g_i·Den − Num)/Den², p_i = p_t (foreground, ∂p_i/∂z_t =
// p_t(1 − p_t)) or 1 − p_t (background, ∂p_i/∂z_t = −p_t(1 − p_t)).
double DiceGrad(const CurveParams& p, const DiceImage& d, double pt)
{
    const double g = p.Foreground ? 1.0 : 0.0;
    const double d_dp = -(2.0 * g * d.Den - d.Num) / (d.Den * d.Den);
    const double dp_dz = (p.Foreground ? 1.0 : -1.0) * pt * (1.0 - pt);
    return p.Pixels * d_dp * dp_dz;
}

std::string Format(const char* fmt, auto... args)
{
    char buf[512];
    std::snprintf(buf, sizeof(buf), fmt, args...);
    return buf;
}

} // namespace

std::string_view CurveLossName(CurveLoss loss)
{
    const int i = static_cast<int>(loss);
    return i >= 0 && i < static_cast<int>(CurveLoss::Count) ? kCurveNames[i] : "?";
}

std::optional<CurveLoss> CurveLossFromName(std::string_view name)
{
    for (int i = 0; i < static_cast<int>(CurveLoss::Count); ++i)
        if (kCurveNames[i] == name) return static_cast<CurveLoss>(i);
    return std::nullopt;
}

Message CheckCurveParams(const CurveParams& p)
{
    if (!(p.Alpha >= 0.0 && p.Alpha <= 1.0)) return Msg("alpha = %g: нужно число в [0, 1]", p.Alpha);
    if (!(p.Gamma >= 0.0 && p.Gamma <= 10.0)) return Msg("gamma = %g: нужно число в [0, 10]", p.Gamma);
    if (!(p.Smoothing >= 0.0 && p.Smoothing <= 1.0)) return Msg("сглаживание ε = %g: нужно число в [0, 1]", p.Smoothing);
    if (p.Classes < 2 || p.Classes > 1000) return Msg("число классов K = %d вне [%d, %d]", p.Classes, 2, 1000);
    if (!(p.ForegroundFraction >= 0.001 && p.ForegroundFraction <= 0.999))
        return Msg("доля переднего плана %g вне [0.001, 0.999]", p.ForegroundFraction);
    if (p.Pixels < 16 || p.Pixels > 1048576) return Msg("число пикселей N = %d вне [%d, %d]", p.Pixels, 16, 1048576);
    if (!(p.DiceEps >= 0.0 && p.DiceEps <= 1000.0)) return Msg("eps = %g: нужно число в [0, 1000]", p.DiceEps);
    return {};
}

Result<CurvePoint> EvaluateCurve(CurveLoss loss, const CurveParams& p, double pt)
{
    if (Message m = CheckCurveParams(p); !m.Empty()) return Result<CurvePoint>::Fail(m);
    if (!(pt >= kCurveMinPt && pt <= kCurveMaxPt))
        return Result<CurvePoint>::Fail(Msg("p_t = %g вне [%g, %g]", pt, kCurveMinPt, kCurveMaxPt));
    CurvePoint c{pt, 0.0, 0.0};
    const double log_pt = std::log(pt), q = 1.0 - pt;
    switch (loss) {
    case CurveLoss::CrossEntropy:
        c.Loss = -log_pt;
        c.Grad = -q;
        break;
    case CurveLoss::WeightedCrossEntropy:
        c.Loss = -AlphaT(p) * log_pt;
        c.Grad = -AlphaT(p) * q;
        break;
    case CurveLoss::Focal: {
        // d/dz_t of −α(1 − p)^γ log p with dp/dz = p(1 − p): α[γ(1 − p)^γ p log p − (1 − p)^(γ+1)].
        const double m = std::pow(q, p.Gamma);
        c.Loss = -AlphaT(p) * m * log_pt;
        c.Grad = AlphaT(p) * (p.Gamma * m * pt * log_pt - m * q);
        break;
    }
    case CurveLoss::LabelSmoothing: {
        const double k = p.Classes, qt = 1.0 - p.Smoothing + p.Smoothing / k;
        c.Loss = -qt * log_pt - (1.0 - qt) * std::log(q / (k - 1.0));
        c.Grad = pt - qt;
        break;
    }
    case CurveLoss::Dice:
    case CurveLoss::DiceCrossEntropy: {
        const DiceImage d = MakeDiceImage(p, pt);
        c.Loss = 1.0 - d.Num / d.Den;
        c.Grad = DiceGrad(p, d, pt);
        if (loss == CurveLoss::DiceCrossEntropy) {
            c.Loss -= log_pt;
            c.Grad -= q;
        }
        break;
    }
    default: return Result<CurvePoint>::Fail(Msg("неизвестная функция потерь %d", static_cast<int>(loss)));
    }
    return c;
}

Result<std::vector<CurvePoint>> SampleCurve(CurveLoss loss, const CurveParams& p, int samples, double pt_lo, double pt_hi)
{
    if (samples < 2 || samples > kCurveMaxSamples)
        return Result<std::vector<CurvePoint>>::Fail(Msg("число точек %d вне [%d, %d]", samples, 2, kCurveMaxSamples));
    if (!(pt_lo >= kCurveMinPt && pt_hi <= kCurveMaxPt && pt_lo < pt_hi))
        return Result<std::vector<CurvePoint>>::Fail(
            Msg("диапазон p_t [%g, %g]: нужно %g ≤ от < до ≤ %g", pt_lo, pt_hi, kCurveMinPt, kCurveMaxPt));
    std::vector<CurvePoint> out;
    out.reserve(samples);
    for (int i = 0; i < samples; ++i) {
        const double pt = i == samples - 1 ? pt_hi : pt_lo + (pt_hi - pt_lo) * i / (samples - 1);
        auto c = EvaluateCurve(loss, p, pt);
        if (!c) return Result<std::vector<CurvePoint>>::Fail(c.Error());
        out.push_back(*c);
    }
    return out;
}

std::string CurveFormula(CurveLoss loss, const CurveParams& p, double pt)
{
    auto c = EvaluateCurve(loss, p, pt);
    if (!c) return {};
    const double a = AlphaT(p);
    switch (loss) {
    case CurveLoss::CrossEntropy: return Format("CE = −log p_t = −log %.3g = %.4g", pt, c->Loss);
    case CurveLoss::WeightedCrossEntropy: return Format("WCE = −α_t·log p_t = −%.3g·log %.3g = %.4g", a, pt, c->Loss);
    case CurveLoss::Focal:
        return Format("FL = −α_t·(1 − p_t)^γ·log p_t = −%.3g·(1 − %.3g)^%.3g·log %.3g = %.4g", a, pt, p.Gamma, pt, c->Loss);
    case CurveLoss::LabelSmoothing: {
        const double k = p.Classes, qt = 1.0 - p.Smoothing + p.Smoothing / k;
        return Format("LS = −q_t·log p_t − (1 − q_t)·log((1 − p_t)/(K − 1)) = "
                      "−%.4g·log %.3g − %.4g·log(%.3g/%d) = %.4g",
                      qt, pt, 1.0 - qt, 1.0 - pt, p.Classes - 1, c->Loss);
    }
    case CurveLoss::Dice:
    case CurveLoss::DiceCrossEntropy: {
        const DiceImage d = MakeDiceImage(p, pt);
        const std::string dice =
            Format("1 − (2·%.4g + %.3g)/(%.4g + %.4g + %.3g)", d.Inter, p.DiceEps, d.SumP, d.SumG, p.DiceEps);
        if (loss == CurveLoss::Dice) return Format("Dice = 1 − (2Σpg + ε)/(Σp + Σg + ε) = %s = %.4g", dice.c_str(), c->Loss);
        return Format("Dice + CE = %s − log %.3g = %.4g", dice.c_str(), pt, c->Loss);
    }
    default: return {};
    }
}

} // namespace mlviz
