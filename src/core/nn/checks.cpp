// nn core (internal): shared validation messages.
#include "core/nn/checks.h"

#include <cmath>

namespace mlviz::nn {

std::string ShapeString(const Shape& shape)
{
    std::string s = "[";
    for (std::size_t i = 0; i < shape.size(); ++i) {
        if (i) s += ", ";
        s += std::to_string(shape[i]);
    }
    return s + "]";
}

namespace detail {

Message CheckRange(const char* field, long long value, long long lo, long long hi)
{
    if (value >= lo && value <= hi) return {};
    return Msg("поле '%s' должно быть в [%d, %d], получено %d", field, lo, hi, value);
}

Message CheckRealRange(const char* field, double value, double lo, double hi)
{
    if (std::isfinite(value) && value >= lo && value <= hi) return {};
    return Msg("поле '%s' должно быть в [%g, %g], получено %g", field, lo, hi, value);
}

Message WrongRank(const std::string& layer, const char* layout, const Shape& got)
{
    return Msg("%s: ожидается вход формы %s, получено %s", layer, layout, ShapeString(got));
}

Message WrongChannels(const std::string& layer, int want, int got)
{
    return Msg("%s: ожидалось входных каналов: %d, получено %d", layer, want, got);
}

Message EmptyOutput(const std::string& layer, int axis, int in, int kernel, int stride, int padding, int dilation)
{
    return Msg("%s: выход по оси %d пуст (вход %d, ядро %d, шаг %d, отступ %d, дилатация %d)", layer, axis, in, kernel, stride,
               padding, dilation);
}

Message CheckShape(const Shape& s)
{
    long long n = 1;
    for (int d : s) {
        if (d < 1) return Msg("форма %s: размеры должны быть не меньше 1", ShapeString(s));
        n *= d;
        if (n > kMaxTensorElements) return Msg("форма %s: больше %d элементов", ShapeString(s), kMaxTensorElements);
    }
    return {};
}

} // namespace detail
} // namespace mlviz::nn
