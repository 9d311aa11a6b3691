// Times the gradient-flow core: one forward + backward pass of the MLP at depth 50, width 64,
// batch 256 (the view's frame-budget case) for several activations and normalisations, one
// optimizer step, and the RNN Jacobian back-propagation. Median of several runs, milliseconds.
#include <algorithm>
#include <ctime>
#include <cstdio>
#include <functional>
#include <vector>

#include "topics/gradient_flow/core/gradflow.h"
#include "topics/gradient_flow/core/rnn_grad.h"

using namespace mlviz;

namespace {

// Process CPU time rather than wall time: the build machine is shared, and a busy neighbour
// inflates wall time without saying anything about our code (single-threaded, so equal otherwise).
double MedianMs(int runs, const std::function<void()>& f)
{
    std::vector<double> t;
    for (int i = 0; i < runs; ++i) {
        const std::clock_t c0 = std::clock();
        f();
        t.push_back(1000.0 * static_cast<double>(std::clock() - c0) / CLOCKS_PER_SEC);
    }
    std::sort(t.begin(), t.end());
    return t[t.size() / 2];
}

void Pass(const char* label, GradflowConfig c)
{
    auto m = MakeGradflowModel(c);
    if (!m) {
        std::printf("%s: %s\n", label, RenderMessage(m.Error(), Language::En).c_str());
        return;
    }
    GradflowModel& net = m.Value();
    const double ms = MedianMs(9, [&] { RunGradflowPass(net); });
    // Three matrix products per layer: forward, ∂W and ∂x.
    const double flops = 2.0 * 3.0 * c.Depth * c.Width * c.Width * c.Batch;
    std::printf("%-44s %8.2f ms  (%.1f GFLOP/s in the products)\n", label, ms, flops / ms * 1e-6);
}

} // namespace

int main()
{
    GradflowConfig c;
    c.Depth = 50;
    c.Width = 64;
    c.Batch = 256;
    std::printf("forward + backward, depth 50, width 64, batch 256, median of 9:\n");
    c.Act = Activation::ReLU;
    Pass("ReLU, He", c);
    c.Act = Activation::Tanh;
    Pass("tanh", c);
    c.Act = Activation::Sigmoid;
    Pass("sigmoid", c);
    c.Act = Activation::GELU;
    Pass("GELU (erf)", c);
    c.Act = Activation::ReLU;
    c.Norm = GradflowNorm::BatchNorm;
    Pass("ReLU + BatchNorm before", c);
    c.Norm = GradflowNorm::LayerNorm;
    c.NormPosition = GradflowNormPosition::After;
    c.ResidualEvery = 1;
    Pass("ReLU + LayerNorm after + residual", c);

    c = GradflowConfig{};
    c.Depth = 50;
    c.Width = 64;
    c.Batch = 256;
    c.Optimizer.Kind = GradflowOptimizer::Adam;
    auto m = MakeGradflowModel(c);
    RunGradflowPass(m.Value());
    std::printf("%-44s %8.3f ms\n", "one Adam update (all parameters)", MedianMs(9, [&] { ApplyUpdate(m.Value()); }));
    std::printf("%-44s %8.3f ms\n", "model set-up + init of all layers", MedianMs(9, [&] { (void)MakeGradflowModel(c); }));

    std::printf("RNN gradient through time, median of 5:\n");
    for (RnnCell cell : {RnnCell::Rnn, RnnCell::Lstm, RnnCell::Gru}) {
        RnnGradConfig r;
        r.Cell = cell;
        r.Hidden = 64;
        r.Steps = 100;
        const double ms = MedianMs(5, [&] { (void)RnnGradNorms(r); });
        std::printf("%-44s %8.2f ms\n", (std::string(RnnCellName(cell)) + ", hidden 64, 100 steps").c_str(), ms);
    }
    return 0;
}
