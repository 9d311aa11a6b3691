// nn core: the smallest end-to-end use of Sequential (build, initialise, forward, backward).
#include <catch2/catch.hpp>

#include "core/nn/activation.h"
#include "core/nn/conv.h"
#include "core/nn/linear.h"
#include "core/nn/reshape.h"
#include "core/nn/sequential.h"

using namespace mlviz::nn;

TEST_CASE("nn: a Sequential runs forward and backward", "[nn]")
{
    Sequential<double> net;
    Conv2dConfig c;
    c.InChannels = 1;
    c.OutChannels = 2;
    c.Padding = {1, 1};
    net.Add(std::make_unique<Conv2d<double>>(c)).Add(MakeReLU<double>()).Add(MakeFlatten<double>());
    net.Add(std::make_unique<Linear<double>>(LinearConfig{2 * 8 * 8, 10, true}));
    net.Initialize(1);
    auto out = net.Forward(Tensor<double>({3, 1, 8, 8}, 0.5), Mode::Train);
    REQUIRE(out);
    CHECK(out->Dims == Shape{3, 10});
    auto g = net.Backward(Tensor<double>({3, 10}, 1.0), true);
    REQUIRE(g);
    CHECK(g->Dims == Shape{3, 1, 8, 8});
}
