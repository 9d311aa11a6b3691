// Inception module shapes, parameters and multiply-adds (inception.h).
#include "topics/conv_blocks/core/inception.h"

namespace mlviz {

namespace {

Message CheckWidth(const char* field, int v, int lo, int hi)
{
    if (v < lo || v > hi) return Msg("Inception: %s = %d вне диапазона [%d, %d]", field, v, lo, hi);
    return {};
}

InceptionLayerCost Conv(int k, int in, int out, std::int64_t cells)
{
    InceptionLayerCost l;
    l.Kernel = k, l.InChannels = in, l.OutChannels = out;
    l.Weights = std::int64_t(k) * k * in * out;
    l.Biases = out;
    l.Macs = cells * l.Weights;
    return l;
}

InceptionBranchCost Branch(InceptionBranch b, std::vector<InceptionLayerCost> layers)
{
    InceptionBranchCost out;
    out.Branch = b;
    out.Layers = std::move(layers);
    out.OutChannels = out.Layers.back().OutChannels;
    for (const auto& l : out.Layers) out.Weights += l.Weights, out.Biases += l.Biases, out.Macs += l.Macs;
    return out;
}

constexpr InceptionSpec Module(int side, int in, int n1, int r3, int n3, int r5, int n5, int pool)
{
    InceptionSpec s;
    s.Height = s.Width = side;
    s.InChannels = in, s.N1x1 = n1, s.N3x3Reduce = r3, s.N3x3 = n3, s.N5x5Reduce = r5, s.N5x5 = n5, s.PoolProj = pool;
    return s;
}

constexpr InceptionPreset kPresets[] = {
    {"3a", Module(28, 192, 64, 96, 128, 16, 32, 32), 159, 128}, {"3b", Module(28, 256, 128, 128, 192, 32, 96, 64), 0, 0},
    {"4a", Module(14, 480, 192, 96, 208, 16, 48, 64), 0, 0},    {"4b", Module(14, 512, 160, 112, 224, 24, 64, 64), 0, 0},
    {"4c", Module(14, 512, 128, 128, 256, 24, 64, 64), 0, 0},   {"4d", Module(14, 512, 112, 144, 288, 32, 64, 64), 0, 0},
    {"4e", Module(14, 528, 256, 160, 320, 32, 128, 128), 0, 0}, {"5a", Module(7, 832, 256, 160, 320, 32, 128, 128), 0, 0},
    {"5b", Module(7, 832, 384, 192, 384, 48, 128, 128), 0, 0},
};

} // namespace

std::span<const InceptionPreset> GoogLeNetInceptionPresets()
{
    return kPresets;
}

Result<InceptionCost> InceptionModuleCost(const InceptionSpec& s)
{
    using R = Result<InceptionCost>;
    const std::pair<const char*, int> sides[] = {{"height", s.Height}, {"width", s.Width}};
    for (const auto& [field, v] : sides)
        if (auto m = CheckWidth(field, v, 1, kInceptionMaxSide); !m.Empty()) return R::Fail(m);
    const std::pair<const char*, int> widths[] = {
        {"in_channels", s.InChannels}, {"n1x1", s.N1x1}, {"n3x3_reduce", s.N3x3Reduce}, {"n3x3", s.N3x3},
        {"n5x5_reduce", s.N5x5Reduce}, {"n5x5", s.N5x5}, {"pool_proj", s.PoolProj}};
    for (const auto& [field, v] : widths)
        if (auto m = CheckWidth(field, v, 1, kInceptionMaxChannels); !m.Empty()) return R::Fail(m);
    const std::pair<const char*, int> kernels[] = {{"kernel3", s.Kernel3}, {"kernel5", s.Kernel5}};
    for (const auto& [field, k] : kernels) {
        if (auto m = CheckWidth(field, k, 1, kInceptionMaxKernel); !m.Empty()) return R::Fail(m);
        if (k % 2 == 0) return R::Fail(Msg("Inception: %s = %d должно быть нечётным, чтобы сохранить размер карты", field, k));
    }

    const std::int64_t cells = std::int64_t(s.Height) * s.Width;
    const int cin = s.InChannels;
    InceptionCost out;
    out.Branches[0] = Branch(InceptionBranch::Conv1x1, {Conv(1, cin, s.N1x1, cells)});
    if (s.Reduce3)
        out.Branches[1] =
            Branch(InceptionBranch::Conv3x3, {Conv(1, cin, s.N3x3Reduce, cells), Conv(s.Kernel3, s.N3x3Reduce, s.N3x3, cells)});
    else
        out.Branches[1] = Branch(InceptionBranch::Conv3x3, {Conv(s.Kernel3, cin, s.N3x3, cells)});
    if (s.Reduce5)
        out.Branches[2] =
            Branch(InceptionBranch::Conv5x5, {Conv(1, cin, s.N5x5Reduce, cells), Conv(s.Kernel5, s.N5x5Reduce, s.N5x5, cells)});
    else
        out.Branches[2] = Branch(InceptionBranch::Conv5x5, {Conv(s.Kernel5, cin, s.N5x5, cells)});
    InceptionLayerCost pool;
    pool.Kernel = 3, pool.IsPool = true, pool.InChannels = pool.OutChannels = cin;
    if (s.ProjectPool)
        out.Branches[3] = Branch(InceptionBranch::Pool, {pool, Conv(1, cin, s.PoolProj, cells)});
    else
        out.Branches[3] = Branch(InceptionBranch::Pool, {pool});

    out.OutHeight = s.Height, out.OutWidth = s.Width;
    for (const auto& b : out.Branches) {
        out.OutChannels += b.OutChannels;
        out.Weights += b.Weights, out.Biases += b.Biases, out.Macs += b.Macs;
    }
    return out;
}

} // namespace mlviz
