// Gradient flow through a deep MLP: seeded 2-D toy data, forward pass and hand-written backward
// pass, per-layer statistics, training with SGD / momentum / Adam (q73, 80, 3, 65, 72, 67, 32, 69,
// 85, 82, 13, 76, 70, 74, 33). Standard library only, float64 throughout.
//
// Network: input (2 features) -> hidden layers l = 0 .. Depth-1 (Width units) -> linear output
// (2 logits). Hidden layer l computes z = x Wᵀ + b and then
//     norm none:   h = act(z)
//     norm before: h = act(norm(z))            norm after: h = norm(act(z))
// Residual groups: with ResidualEvery = k > 0, layers 1..k, k+1..2k, ... form groups and the
// output of the last layer of a group gets the group's input added (h_e += h_{s-1}). Layer 0 maps
// 2 features to Width, so it has no identity skip; a trailing group shorter than k has none.
//
// Reference semantics (PyTorch in training mode, float64):
//   Linear: y = x Wᵀ + b; weights are stored transposed, In x Out row-major (Wt[i*Out+o] = W[o][i]).
//   BatchNorm1d(train, eps 1e-5, affine): batch mean, biased batch variance, γ = 1, β = 0 at init.
//   LayerNorm(Width, eps 1e-5, elementwise_affine).   CrossEntropyLoss(reduction='mean').
//   init: normal_(0, σ), xavier_uniform_/xavier_normal_ (gain 1), kaiming_uniform_/kaiming_normal_
//   (fan_in, nonlinearity 'relu'), orthogonal_ (gain 1); biases start at 0.
//   optim.SGD (momentum μ, dampening 0, no Nesterov), optim.Adam (bias-corrected, no weight decay).
//   clip_grad_norm_(all parameters, max) scales by max / (‖g‖ + 1e-6) when that is < 1;
//   clip_grad_value_ clamps every gradient entry to [-max, max].
#pragma once
#include <cstdint>
#include <optional>
#include <string>
#include <string_view>
#include <vector>

#include "topics/activations/core/activations.h"
#include "core/result.h"

namespace mlviz {

enum class GradflowInit { Normal, XavierUniform, XavierNormal, HeUniform, HeNormal, Orthogonal, Count };
enum class GradflowNorm { None, BatchNorm, LayerNorm, Count };
enum class GradflowNormPosition { Before, After };
enum class ToyDataset { Spirals, Moons, Circles, Count };
enum class GradflowOptimizer { Sgd, Momentum, Adam, Count };
enum class GradflowClip { None, Norm, Value, Count };

struct GradflowOptimizerConfig {
    GradflowOptimizer Kind = GradflowOptimizer::Sgd;
    double Lr = 0.1;
    double Momentum = 0.9;                         // Momentum only
    double Beta1 = 0.9, Beta2 = 0.999, Eps = 1e-8; // Adam only
};

struct GradflowClipConfig {
    GradflowClip Kind = GradflowClip::None;
    double Max = 1.0; // max global L2 norm (Norm) or max |entry| (Value)
};

struct GradflowConfig {
    int Depth = 20; // hidden layers
    int Width = 64; // units per hidden layer
    Activation Act = Activation::ReLU;
    ActivationParams ActParams;
    GradflowInit Init = GradflowInit::HeNormal;
    double InitStd = 1.0;         // Normal: σ, or σ·√fan_in when InitStdPerFanIn
    bool InitStdPerFanIn = false; // Normal: σ = InitStd / √fan_in (e.g. 2/√fan_in)
    bool Bias = true;
    int ResidualEvery = 0; // 0 = no skips
    GradflowNorm Norm = GradflowNorm::None;
    GradflowNormPosition NormPosition = GradflowNormPosition::Before;
    int Batch = 256; // the whole data set: training is full-batch
    ToyDataset Data = ToyDataset::Spirals;
    double DataNoise = 0.1; // std of Gaussian noise added to each coordinate
    std::uint32_t Seed = 1; // data and weights (separate streams)
    GradflowOptimizerConfig Optimizer;
    GradflowClipConfig Clip;
};

// Valid ranges, shared by the view's sliders and the CLI's checks.
inline constexpr int kGradflowDepthMin = 1, kGradflowDepthMax = 100;
inline constexpr int kGradflowWidthMin = 2, kGradflowWidthMax = 256;
inline constexpr int kGradflowBatchMin = 2, kGradflowBatchMax = 1024;
inline constexpr long long kGradflowMaxElements = 1 << 22; // Depth * Width * Batch (memory)
inline constexpr double kGradflowInitStdMax = 100.0;
inline constexpr double kGradflowNoiseMax = 2.0;
inline constexpr double kGradflowLrMax = 1000.0;
inline constexpr int kGradflowClasses = 2;
inline constexpr double kNormEps = 1e-5;
// Sigmoid/tanh units count as saturated where the derivative is below this.
inline constexpr double kSaturationThreshold = 0.01;

// Empty when the configuration is valid; otherwise a message naming the field.
Message ValidateGradflowConfig(const GradflowConfig& config);

// Stable names for the CLI and URL state.
std::string_view GradflowInitName(GradflowInit v);           // normal, xavier_uniform, ..., orthogonal
std::string_view GradflowNormName(GradflowNorm v);           // none, batchnorm, layernorm
std::string_view ToyDatasetName(ToyDataset v);               // spirals, moons, circles
std::string_view GradflowOptimizerName(GradflowOptimizer v); // sgd, momentum, adam
std::string_view GradflowClipName(GradflowClip v);           // none, norm, value
std::optional<GradflowInit> GradflowInitFromName(std::string_view s);
std::optional<GradflowNorm> GradflowNormFromName(std::string_view s);
std::optional<ToyDataset> ToyDatasetFromName(std::string_view s);
std::optional<GradflowOptimizer> GradflowOptimizerFromName(std::string_view s);
std::optional<GradflowClip> GradflowClipFromName(std::string_view s);

// `count` points in roughly [-1.5, 1.5]², row-major (x, y) pairs, labels 0/1 alternating.
//   Spirals: two interleaved arms, 1.5 turns, radius ≤ 1.   Moons: sklearn.make_moons, centred.
//   Circles: sklearn.make_circles(factor=0.5).   Then N(0, noise²) on each coordinate.
void MakeToyData(ToyDataset kind, int count, double noise, std::uint32_t seed, std::vector<double>& xy, std::vector<int>& labels);

// One trainable tensor with its gradient and optimizer state (momentum buffer or Adam moments;
// empty until the optimizer's first step, which is the same as zeros).
struct GradflowParam {
    std::vector<double> Value, Grad, M, V;
    void Resize(std::size_t n);
};

struct GradflowLayer {
    int In = 0, Out = 0;
    GradflowParam W;           // In x Out row-major (transposed torch weight)
    GradflowParam B;           // Out; empty without bias
    GradflowParam Gamma, Beta; // Out; empty without normalisation
    int SkipFrom = -1;         // >= 0: this layer ends a residual group whose input is h_SkipFrom
    // Buffers of the last forward pass, Batch x Out row-major. Parameters and buffers are
    // allocated by InitGradflowLayer.
    std::vector<double> H;            // layer output
    std::vector<double> D;            // activation derivative at the activation's input
    std::vector<double> Xhat;         // normalised values (with normalisation)
    std::vector<double> Mean, InvStd; // BatchNorm: per unit; LayerNorm: per sample
};

struct GradflowLayerStats {
    double ActMean = 0.0, ActStd = 0.0, ActMin = 0.0, ActMax = 0.0; // over batch x units of h_l
    double DeadFraction = 0.0;                                      // units whose activation derivative is 0 for every sample
    double SaturatedFraction = 0.0;                                 // sigmoid/tanh: entries with derivative < 0.01; else 0
    double ActGradNorm = 0.0;                                       // ‖∂L/∂h_l‖ (Frobenius over batch x units)
    double WeightGradNorm = 0.0;                                    // ‖∂L/∂W_l‖
    double WeightNorm = 0.0;                                        // ‖W_l‖
    double UpdateRatio = 0.0; // ‖ΔW_l‖ / ‖W_l‖ of the update the optimizer applies next
};

struct GradflowPassStats {
    int Step = 0; // optimizer updates applied before this pass
    double Loss = 0.0, Accuracy = 0.0;
    double TotalGradNorm = 0.0; // over all parameters, before clipping
    double OutputWeightGradNorm = 0.0;
    std::vector<GradflowLayerStats> Layers;
};

// Where training produced inf or NaN: layer index in [0, Depth), or Depth for the output
// layer and loss; Backward when the gradient (not the forward value) first went non-finite.
struct GradflowDivergence {
    int Step = 0;
    int Layer = 0;
    bool Backward = false;
};

struct GradflowModel {
    GradflowConfig Config;
    std::vector<double> X; // Batch x 2
    std::vector<int> Y;    // Batch
    std::vector<GradflowLayer> Layers;
    GradflowLayer Output;    // Width -> 2 logits; H holds the logits, D the softmax
    int Step = 0;            // optimizer updates applied
    GradflowPassStats Stats; // filled in by the pass functions below
    std::optional<GradflowDivergence> Divergence;
    // Backward scratch, Batch x max(Width, 2), and the transposed weights of one layer.
    std::vector<double> G, DZ, Skip, Wt;
    bool KeepActGrads = false;                 // see SetKeepActGrads
    std::vector<std::vector<double>> ActGrads; // per layer, when kept
};

// Validates and generates the data; each layer's parameters and buffers come from
// InitGradflowLayer (called for all of them unless init_weights is false, so a view can spread
// the allocation and the drawing of weights over frames).
Result<GradflowModel> MakeGradflowModel(const GradflowConfig& config, bool init_weights = true);
// Allocates layer l (l == Depth: the output layer) and draws its weights from its own seeded
// stream, so changing the depth leaves the other layers' weights as they were.
void InitGradflowLayer(GradflowModel& m, int layer);

// One pass = ForwardLayer(0 .. Depth-1), ForwardOutput, BackwardOutput, BackwardLayer(Depth-1 .. 0),
// FinishPass; each fills its part of m.Stats (ForwardLayer(0) first sets every statistic to NaN,
// "not reached") and sets m.Divergence on the first non-finite value (the caller stops there).
// ApplyUpdate then applies one optimizer step.
void ForwardLayer(GradflowModel& m, int l);
void ForwardOutput(GradflowModel& m);
void BackwardOutput(GradflowModel& m);
void BackwardLayer(GradflowModel& m, int l);
void FinishPass(GradflowModel& m); // total norm, clipping, next-update ratios
void ApplyUpdate(GradflowModel& m);
// The whole pass; false when it diverged.
bool RunGradflowPass(GradflowModel& m);

// Forward only, with h_l[index] += delta after layer l when probe_layer >= 0: the loss as a
// function of one hidden activation, for finite-difference checks of ∂L/∂h_l.
double GradflowLoss(GradflowModel& m, int probe_layer = -1, std::size_t probe_index = 0, double delta = 0.0);
// ∂L/∂h_l of the last backward pass (Batch x Width), kept only when requested.
void SetKeepActGrads(GradflowModel& m, bool keep);
const std::vector<double>& KeptActGrad(const GradflowModel& m, int l);

// Fraction of h_l's entries in each of `bins` equal bins over [lo, hi] (values outside clamp to
// the end bins; non-finite entries are skipped).
void GradflowHistogram(const GradflowModel& m, int l, double lo, double hi, int bins, double* out);

// Runs passes and updates up to a target step count in small units of work (initialising one
// layer, one layer's forward or backward, one update), so a view can spread it over frames.
class GradflowRunner {
public:
    static Result<GradflowRunner> Create(const GradflowConfig& config, int target_steps);

    // Does at most `units` units, stopping early right after a pass completes (see PassReady);
    // returns Done().
    bool Advance(long long units);
    void RunToEnd()
    {
        while (!Advance(1LL << 40)) {}
    }
    // Raises the target step count; a finished run (not a diverged one) resumes with the next update.
    void ExtendTarget(int target_steps);
    bool Done() const { return Phase == PhaseKind::Done; }
    // True right after a pass completed: buffers and Model().Stats describe the same weights.
    bool PassReady() const { return JustFinished; }
    double Progress() const; // [0, 1] over all units of the run
    int TargetSteps() const { return Target; }

    const GradflowModel& Model() const { return Net; }
    GradflowModel& Model() { return Net; }
    const std::optional<GradflowDivergence>& Divergence() const { return Net.Divergence; }
    // Stats of the last completed pass (the stats of step Latest().Step).
    const GradflowPassStats& Latest() const { return LatestStats; }
    bool HasStats() const { return HaveStats; }
    // Per completed pass s = 0, 1, ...: loss and per-layer norms (Depth values per pass).
    const std::vector<double>& LossHistory() const { return Losses; }
    const std::vector<float>& ActGradHistory() const { return ActGrads; }
    const std::vector<float>& WeightGradHistory() const { return WeightGrads; }

private:
    GradflowRunner() = default;
    enum class PhaseKind { Init, Forward, Output, Backward, Finish, Update, Done };
    void Record();

    GradflowModel Net;
    int Target = 0;
    PhaseKind Phase = PhaseKind::Init;
    int Layer = 0;
    bool JustFinished = false;
    bool HaveStats = false;
    long long UnitsDone = 0;
    GradflowPassStats LatestStats;
    std::vector<double> Losses;
    std::vector<float> ActGrads, WeightGrads;
};

} // namespace mlviz
