// The losses topic's state (questions 71, 61, 28, 46, 30): plain fields for its three tabs, described once by
// LossesStateSchema() (URL keys, ranges, formats, labels) that drives the link codec, the clamping, the sliders
// and the CLI's limits.
//   softmax  K logits dragged by hand, the true class, temperature, naive or log-sum-exp softmax in float32 or
//            float64, and the target of the BCE-vs-CE panel (one class, or several: multi-label)
//   curves   loss and ∂L/∂z_t against p_t for CE, weighted CE, focal, label smoothing, Dice and Dice + CE
//   train    two training jobs (losses A and B) on the same toy image and seed, and the epoch shown
// Keys: tab, k, z0..z9, target, temp, form, prec, multi, labels; pt, c_alpha, c_gamma, ls, ls_k, c_frac, pixels,
// c_eps, fg, show_ce, show_wce, show_focal, show_ls, show_dice, show_dice_ce, logy; loss_a, loss_b, frac, width,
// noise, clutter, seed, hidden, lr, epochs, w, alpha, gamma, eps, epoch, speed, heldout.
// Rules across fields (LossesCodec): target < k; epoch <= epochs; a link opens paused.
#pragma once
#include <array>

#include "core/state_codec.h"
#include "core/topic_codec.h"
#include "topics/losses/core/losses_curves.h"
#include "topics/losses/core/losses_softmax.h"
#include "topics/losses/core/losses_train.h"

namespace mlviz {

enum class LossesTab { Softmax, Curves, Train, Count };

// "softmax", "curves", "train".
const char* LossesTabName(LossesTab t);

inline constexpr int kLossesCurveCount = static_cast<int>(CurveLoss::Count);
inline constexpr double kLossesMaxUiLogit = 1000.0; // the logits' range in links and by hand: ±1000

struct LossesState {
    int Tab = static_cast<int>(LossesTab::Softmax);
    // Softmax + CE.
    int Classes = 4;
    std::array<double, kSoftmaxMaxClasses> Logits = {2.0, 1.0, 0.1, -1.0, 0.5, -0.5, 1.5, -2.0, 0.3, -1.2};
    int Target = 0;
    double Temperature = 1.0;
    int Form = static_cast<int>(SoftmaxForm::LogSumExp);
    int Precision = static_cast<int>(FloatPrecision::Float32);
    bool MultiLabel = false; // the BCE-vs-CE panel's target: several classes (bits of Labels) instead of Target
    int Labels = 0b0101;     // bit k = class k is present; bits at or past K are ignored
    // Loss curves.
    double Pt = 0.3;
    double CurveAlpha = 0.25, CurveGamma = 2.0, Smoothing = 0.1;
    int SmoothingClasses = 2;
    double CurveFraction = 0.01;
    int Pixels = 4096;
    double CurveEps = 1.0;
    bool PixelForeground = true;
    std::array<bool, kLossesCurveCount> ShowCurve = {true, false, true, false, true, true};
    bool LogGrad = false;
    // Training under imbalance.
    int LossA = static_cast<int>(TrainLoss::CrossEntropy);
    int LossB = static_cast<int>(TrainLoss::Dice);
    double Fraction = 0.01, LineWidth = 1.5, Noise = 0.6, Clutter = 0.6;
    int Seed = 1;
    int Hidden = 0;
    double LearningRate = 0.1;
    int Epochs = 1000;
    double ForegroundWeight = 0.0; // 0 = N_background / N_foreground
    double FocalAlpha = 0.75, FocalGamma = 2.0, DiceEps = 1.0;
    int Epoch = -1;       // the epoch shown; -1 = the latest trained (follows the training)
    bool Playing = false; // not in links: a link opens paused
    double Speed = 100.0; // epochs per second while playing
    bool HeldOut = false; // show the held-out image (seed + 1000) instead of the training one
};

const StateSchema<LossesState>& LossesStateSchema();
// Decodes over the defaults, clamps through the field table, then the rules across fields.
const StateCodec<LossesState>& LossesCodec();
const TopicCodec& LossesTopicCodec();
// The field table's clamp plus the rules across fields (target < k, epoch <= epochs): after widgets wrote.
void ClampLossesState(LossesState& s);

// The cores' inputs for a state.
SoftmaxConfig SoftmaxConfigFor(const LossesState& s);
std::vector<double> LogitsOf(const LossesState& s); // the first K
// The BCE-vs-CE target: one-hot at Target, or the bits of Labels within K (Target's alone when none is).
std::vector<double> LabelTargetsFor(const LossesState& s);
CurveParams CurveParamsFor(const LossesState& s);
// Side 0 = loss A, 1 = loss B: the same data, seed, model and optimiser, each with its loss.
TrainConfig TrainConfigFor(const LossesState& s, int side);
// The held-out image: the same settings with seed + 1000.
ToyConfig HeldOutToyConfig(const LossesState& s);

} // namespace mlviz
