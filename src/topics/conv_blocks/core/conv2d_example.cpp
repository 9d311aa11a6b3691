// Seeded small-integer convolution problems (conv2d_example.h).
#include "topics/conv_blocks/core/conv2d_example.h"

#include <random>

#include "core/random.h"

namespace mlviz {

Result<Conv2dProblem> MakeConv2dExample(const Conv2dExampleConfig& c)
{
    using R = Result<Conv2dProblem>;
    if (c.ValueRange < 1 || c.ValueRange > 9)
        return R::Fail(Msg("свёртка: диапазон значений %d вне [%d, %d]", c.ValueRange, 1, 9));
    const auto g = Conv2dGeometryOf(c.Channels, c.Height, c.Width, c.OutChannels, c.Kernel, c.Kernel, c.Spec);
    if (!g) return R::Fail(g.Error());
    std::mt19937 rng(c.Seed);
    const auto draw = [&] { return static_cast<double>(UniformInt(rng, 2 * c.ValueRange + 1) - c.ValueRange); };
    Conv2dProblem p;
    p.Spec = c.Spec;
    p.Input = Grid3({g->C, g->H, g->W});
    p.Weight = Grid4({g->O, g->CPerGroup, g->KH, g->KW});
    p.GradOutput = Grid3({g->O, g->OutH, g->OutW});
    for (double& v : p.Input.Values) v = draw();
    for (double& v : p.Weight.Values) v = draw();
    if (c.Bias)
        for (int o = 0; o < g->O; ++o) p.Bias.push_back(draw());
    for (double& v : p.GradOutput.Values) v = draw();
    return p;
}

} // namespace mlviz
