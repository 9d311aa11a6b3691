// Gradient through time in recurrent cells (q62): how much of ∂h_T/∂h_t survives going back
// from the last step T to step t, for a vanilla tanh RNN, an LSTM and a GRU at random init.
//
// Cells follow torch.nn.RNNCell (tanh), LSTMCell (gate order i, f, g, o) and GRUCell (r, z, n;
// n = tanh(W_in x + b_in + r ⊙ (W_hn h + b_hn)), h' = (1 − z) ⊙ n + z ⊙ h), float64, with
// separate input and hidden biases as in torch. Initialisation as torch: every weight and bias
// U(−1/√H, 1/√H); the LSTM forget gate then gets b_ih[f] = ForgetBias, b_hh[f] = 0.
// The input sequence x_1 .. x_T is N(0, 1) (InputSize features), h_0 = c_0 = 0, all seeded.
//
// Norms: N[k] = ‖∂h_T/∂h_{k+1}‖_F for k = 0 .. T−1 (so N[T−1] = ‖I‖_F = √H). The Jacobian is the
// derivative with respect to the node h_t, all later paths included (for the LSTM: through the
// gates into c_{t+1} and onward), holding c_t fixed: what h_t.retain_grad() reports in torch
// when each component of h_T is back-propagated in turn.
#pragma once
#include <cstdint>
#include <optional>
#include <string_view>
#include <vector>

#include "core/result.h"

namespace mlviz {

enum class RnnCell { Rnn, Lstm, Gru, Count };

struct RnnGradConfig {
    RnnCell Cell = RnnCell::Lstm;
    int Hidden = 32;
    int Steps = 50;
    int InputSize = 4;
    double ForgetBias = 1.0; // LSTM only
    std::uint32_t Seed = 1;
};

inline constexpr int kRnnHiddenMin = 1, kRnnHiddenMax = 128;
inline constexpr int kRnnStepsMin = 1, kRnnStepsMax = 500;
inline constexpr int kRnnInputMin = 1, kRnnInputMax = 64;
inline constexpr double kRnnForgetBiasMin = 0.0, kRnnForgetBiasMax = 5.0;

std::string_view RnnCellName(RnnCell c); // rnn, lstm, gru
std::optional<RnnCell> RnnCellFromName(std::string_view s);
int RnnGateCount(RnnCell c); // 1, 4, 3

struct RnnModel {
    RnnGradConfig Config;
    int Gates = 1;
    // torch layout: Wih (Gates*H x I), Whh (Gates*H x H), row-major; gate blocks stacked.
    std::vector<double> Wih, Whh, Bih, Bhh;
    std::vector<double> X; // T x I
    // Forward record: H, C: (T + 1) x H (index 0 = initial state); Act: T x Gates*H gate
    // activations (i, f, g, o / r, z, n / tanh output); Hn: T x H, W_hn h + b_hn (GRU).
    std::vector<double> H, C, Act, Hn;
};

// Validates (messages name the CLI fields), draws the parameters and the inputs, runs forward.
Result<RnnModel> MakeRnnModel(const RnnGradConfig& config);
// Recomputes the forward record from the parameters and inputs (after editing them).
void RunRnnForward(RnnModel& m);

// h_T after replacing h_t by h_t + delta · e_index (1 <= t <= T; c_t unchanged), by re-running
// steps t+1 .. T: the finite-difference counterpart of a column of ∂h_T/∂h_t.
std::vector<double> RnnFinalStateFrom(const RnnModel& m, int t, int index, double delta);

// Back-propagates the whole H x H Jacobian, one time step per unit of work, so the view can
// spread the O(T · Gates · H³) work over frames.
class RnnGradRunner {
public:
    explicit RnnGradRunner(RnnModel model);
    bool Advance(int steps); // returns Done()
    bool Done() const { return Next <= 1; }
    double Progress() const;
    const RnnModel& Model() const { return Net; }
    // N[k] as in the header comment; entries not reached yet are NaN.
    const std::vector<double>& Norms() const { return NormsOut; }
    // The H x H Jacobian ∂h_T/∂h_t (row r: component r of h_T) for t = JacobianStep().
    const std::vector<double>& Jacobian() const { return Jh; }
    int JacobianStep() const { return Next; }

private:
    RnnModel Net;
    int Next = 1;                  // Jh holds ∂h_T/∂h_Next; each unit steps back to h_{Next-1}
    std::vector<double> Jh, Jc;    // ∂h_T/∂h_Next and the part of ∂h_T/∂c_Next from later steps (H x H)
    std::vector<double> DPre, Tmp; // H x Gates*H scratch
    std::vector<double> NormsOut;
};

// The whole computation at once (CLI, tests).
Result<std::vector<double>> RnnGradNorms(const RnnGradConfig& config);

} // namespace mlviz
