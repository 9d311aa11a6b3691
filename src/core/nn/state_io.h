// nn core: a model's state dict as plain text, to copy weights between models and programs
// (e.g. into torch: tools/nn_torch_reference.py has load_mlviz_state()). Format:
//   mlviz-nn-state 1 <tensor count>
//   <key> <rank> <size 0> ... <size rank-1>
//   <values, space separated, round-trip precision (%.17g double, %.9g float)>
// repeated for every tensor; keys as Sequential::StateDict ("0.weight", "1.running_var").
#pragma once
#include <string>
#include <string_view>
#include <vector>

#include "core/nn/layer.h"

namespace mlviz::nn {

inline constexpr std::size_t kStateTextMaxBytes = 64u << 20;

template <typename T>
std::string StateToText(const std::vector<NamedTensor<T>>& state);

// Fails with the line of the first problem (bad header, key, shape or number, missing values).
template <typename T>
Result<std::vector<NamedTensor<T>>> StateFromText(std::string_view text);

} // namespace mlviz::nn
