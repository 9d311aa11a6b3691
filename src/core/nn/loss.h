// nn core: losses with their gradient w.r.t. the prediction, the same as torch.nn.functional
//   cross_entropy(logits [N, C], labels [N], reduction='mean'): mean_n (logsumexp(z_n) - z_n[y_n])
//   mse_loss(pred, target, reduction='mean'): mean of (pred - target)^2 over every element
// Also the accuracy of logits against labels (argmax, first maximum on ties).
#pragma once
#include <span>

#include "core/nn/tensor.h"
#include "core/result.h"

namespace mlviz::nn {

template <typename T>
struct LossResult {
    T Value = T(0); // the loss
    Tensor<T> Grad; // dLoss/dprediction, same shape as the prediction
};

// Fails on a shape that is not [N, C] with N = labels.size(), or a label outside [0, C).
template <typename T>
Result<LossResult<T>> CrossEntropyLoss(const Tensor<T>& logits, std::span<const int> labels);

// Fails when the shapes differ.
template <typename T>
Result<LossResult<T>> MseLoss(const Tensor<T>& prediction, const Tensor<T>& target);

// Index of the largest logit of each row of [N, C].
template <typename T>
std::vector<int> ArgMaxRows(const Tensor<T>& logits);

// Fraction of rows whose argmax equals the label (0 for no rows).
template <typename T>
double Accuracy(const Tensor<T>& logits, std::span<const int> labels);

} // namespace mlviz::nn
