// U-Net shapes, step by step: encoder convolutions and pools, bottleneck, up-convolutions, copy and
// crop, decoder convolutions, final 1x1 convolution.
#include "topics/segmentation/core/unet.h"

#include <algorithm>

namespace mlviz {

namespace {

Message CheckConfig(const UnetConfig& c)
{
    if (c.InputSize < 1 || c.InputSize > kUnetMaxInput)
        return Msg("поле '%s' должно быть в [%d, %d]", "input_size", 1, kUnetMaxInput);
    if (c.Depth < 1 || c.Depth > 6) return Msg("поле '%s' должно быть в [%d, %d]", "depth", 1, 6);
    if (c.ConvsPerLevel < 1 || c.ConvsPerLevel > 3) return Msg("поле '%s' должно быть в [%d, %d]", "convs_per_level", 1, 3);
    if (c.InputChannels < 1 || c.InputChannels > 64) return Msg("поле '%s' должно быть в [%d, %d]", "input_channels", 1, 64);
    if (c.BaseChannels < 1 || c.BaseChannels > 1024) return Msg("поле '%s' должно быть в [%d, %d]", "base_channels", 1, 1024);
    if (c.Classes < 1 || c.Classes > 1000) return Msg("поле '%s' должно быть в [%d, %d]", "classes", 1, 1000);
    return {};
}

struct Builder {
    const UnetConfig& C;
    UnetShapes& S;

    // Appends a step; false (and the problem recorded) when its output is not a positive size.
    bool Add(UnetStep step)
    {
        S.Steps.push_back(step);
        if (step.OutSize >= 1) return true;
        S.FailedStep = static_cast<int>(S.Steps.size()) - 1;
        S.Problem = Msg("уровень %d: размер карты стал %d (вход слишком мал)", step.Level, step.OutSize);
        return false;
    }
    bool Convs(int level, bool decoder, int& size, int& channels, int out_channels)
    {
        for (int k = 0; k < C.ConvsPerLevel; ++k) {
            const int out = C.Padded ? size : size - 2;
            if (!Add({UnetOp::Conv3x3, level, decoder, size, out, channels, out_channels, 0, 0})) return false;
            size = out;
            channels = out_channels;
        }
        return true;
    }
};

} // namespace

Result<UnetShapes> ComputeUnetShapes(const UnetConfig& c)
{
    if (Message why = CheckConfig(c); !why.Empty()) return Result<UnetShapes>::Fail(why);
    UnetShapes s;
    Builder b{c, s};
    std::vector<UnetLevel> levels(c.Depth + 1);
    int size = c.InputSize, ch = c.InputChannels;
    for (int l = 0; l <= c.Depth; ++l) {
        levels[l].Level = l;
        levels[l].EncoderIn = size;
        levels[l].Channels = c.BaseChannels << l;
        if (!b.Convs(l, false, size, ch, c.BaseChannels << l)) return s;
        levels[l].EncoderOut = size;
        if (l == c.Depth) break;
        b.Add({UnetOp::MaxPool, l, false, size, size / 2, ch, ch, 0, 0});
        if (size % 2 != 0) {
            s.FailedStep = static_cast<int>(s.Steps.size()) - 1;
            s.Problem = Msg("уровень %d: размер %d нечётный перед max pool 2x2", l, size);
            return s;
        }
        if (size / 2 < 1) {
            s.FailedStep = static_cast<int>(s.Steps.size()) - 1;
            s.Problem = Msg("уровень %d: размер карты стал %d (вход слишком мал)", l, size / 2);
            return s;
        }
        size /= 2;
    }
    levels[c.Depth].DecoderOut = size;
    for (int l = c.Depth - 1; l >= 0; --l) {
        const int up = size * 2, up_ch = c.BaseChannels << l;
        b.Add({UnetOp::UpConv, l, true, size, up, ch, up_ch, 0, 0});
        const int skip = levels[l].EncoderOut;
        // Unpadded: the skip is larger by an even amount for a valid input (both sides even).
        const int crop = (skip - up) / 2;
        b.Add({UnetOp::CopyCrop, l, true, up, up, up_ch, 2 * up_ch, skip, crop});
        if (skip < up || (skip - up) % 2 != 0) {
            s.FailedStep = static_cast<int>(s.Steps.size()) - 1;
            s.Problem = Msg("уровень %d: пропуск %d нельзя обрезать по центру до %d", l, skip, up);
            return s;
        }
        size = up;
        ch = 2 * up_ch;
        levels[l].UpSize = up;
        levels[l].CropEachSide = crop;
        if (!b.Convs(l, true, size, ch, up_ch)) return s;
        levels[l].DecoderOut = size;
    }
    b.Add({UnetOp::Conv1x1, 0, true, size, size, ch, c.Classes, 0, 0});
    s.Valid = true;
    s.Levels = levels;
    s.OutputSize = size;
    s.BorderEachSide = (c.InputSize - size) / 2;
    return s;
}

bool UnetInputValid(const UnetConfig& c, int n)
{
    UnetConfig probe = c;
    probe.InputSize = n;
    if (!CheckConfig(probe).Empty()) return false;
    const int loss = c.Padded ? 0 : 2 * c.ConvsPerLevel; // every convolution must leave >= 1
    int skip[7] = {};
    int size = n;
    for (int l = 0; l <= c.Depth; ++l) {
        if (size - loss < 1) return false;
        size -= loss;
        skip[l] = size;
        if (l == c.Depth) break;
        if (size % 2 != 0) return false;
        size /= 2;
    }
    for (int l = c.Depth - 1; l >= 0; --l) {
        const int up = 2 * size;
        if (skip[l] < up || (skip[l] - up) % 2 != 0 || up - loss < 1) return false;
        size = up - loss;
    }
    return true;
}

std::vector<int> ValidUnetInputs(const UnetConfig& config, int lo, int hi)
{
    std::vector<int> out;
    for (int n = std::max(lo, 1); n <= std::min(hi, kUnetMaxInput); ++n)
        if (UnetInputValid(config, n)) out.push_back(n);
    return out;
}

} // namespace mlviz
