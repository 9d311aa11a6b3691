// nn core (internal): the validation messages every layer shares, so that the same mistake
// reads the same way in each layer (keys listed in core/nn/strings_en.tsv).
#pragma once
#include <string>

#include "core/message.h"
#include "core/nn/tensor.h"

namespace mlviz::nn::detail {

// "поле 'kernel' должно быть в [1, 64], получено 0"; empty when lo <= value <= hi.
Message CheckRange(const char* field, long long value, long long lo, long long hi);
Message CheckRealRange(const char* field, double value, double lo, double hi);
// "Conv2d: ожидается вход формы [N, C, H, W], получено [3, 8]"
Message WrongRank(const std::string& layer, const char* layout, const Shape& got);
// "Conv2d: ожидалось входных каналов: 3, получено 1"
Message WrongChannels(const std::string& layer, int want, int got);
// "MaxPool2d: выход по оси 1 пуст (вход 2, ядро 3, шаг 1, отступ 0, дилатация 1)"
Message EmptyOutput(const std::string& layer, int axis, int in, int kernel, int stride, int padding, int dilation);
// Fails when a shape has a size < 1 or too many elements.
Message CheckShape(const Shape& s);

// Largest tensor the core accepts (elements), so that no accepted input exhausts memory.
inline constexpr long long kMaxTensorElements = 1LL << 26;

} // namespace mlviz::nn::detail
