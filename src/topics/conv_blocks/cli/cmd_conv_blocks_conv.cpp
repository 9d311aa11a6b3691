// mlviz-cli conv_blocks, ops "conv2d" and "conv3d": one sample (no batch axis) through the nn
// core's Conv2d / Conv3d (core/nn/conv.h: torch.nn.functional.conv2d / conv3d semantics, float64):
//   {"op": "conv2d", "input": [C][H][W], "weight": [O][C/g][kH][kW], "bias": [O] (optional),
//    "stride", "padding", "dilation": an integer or [h, w] (defaults 1, 0, 1), "groups" (default 1),
//    "grad_output": [O][H'][W'] (optional)}
//   {"op": "conv3d", "input": [C][T][H][W], "weight": [O][C/g][kT][kH][kW], ... integers or [t, h, w],
//    "grad_output": [O][T'][H'][W']}
//   -> {"output": [O][H'][W'] (or [O][T'][H'][W']), and with grad_output, the gradients of
//       L = Σ grad_output ⊙ output: "grad_input" (the input's shape), "grad_weight" (the weight's),
//       "grad_bias" ([O], only with a bias)}
// Sizes: every tensor at most 2^20 values; the nn core's bounds (channels <= 4096, kernel, stride,
// padding, dilation <= 64, at most 2^26 multiply-adds) keep any accepted input well under a second.
#include <array>
#include <cmath>
#include <string>
#include <vector>

#include "cli/commands.h"
#include "core/nn/conv.h"

namespace mlviz {

namespace {

constexpr std::size_t kCliMaxTensorValues = std::size_t(1) << 20;

std::string ShapeText(const std::vector<int>& dims)
{
    std::string s = "[";
    for (std::size_t i = 0; i < dims.size(); ++i) s += (i ? ", " : "") + std::to_string(dims[i]);
    return s + "]";
}

// A rectangular nested array of finite numbers of exactly `rank` axes, row-major.
void ReadNested(const Json& a, const std::string& path, int rank, std::size_t axis, std::vector<int>& dims,
                std::vector<double>& values)
{
    if (static_cast<int>(axis) == rank) {
        if (!a.is_number()) FailInput("field '" + path + "' must be a number, got " + a.type_name());
        const double v = a.get<double>();
        if (!std::isfinite(v)) FailInput("field '" + path + "' is not finite");
        if (values.size() >= kCliMaxTensorValues)
            FailInput("a tensor has more than " + std::to_string(kCliMaxTensorValues) + " values");
        values.push_back(v);
        return;
    }
    if (!a.is_array() || a.empty())
        FailInput("field '" + path + "' must be a non-empty array (" + std::to_string(rank - static_cast<int>(axis)) +
                  " more axes)");
    if (axis == dims.size()) {
        dims.push_back(static_cast<int>(a.size()));
    } else if (static_cast<int>(a.size()) != dims[axis]) {
        FailInput("field '" + path + "' must have " + std::to_string(dims[axis]) + " entries like its neighbours, got " +
                  std::to_string(a.size()));
    }
    for (std::size_t i = 0; i < a.size(); ++i)
        ReadNested(a[i], path + "[" + std::to_string(i) + "]", rank, axis + 1, dims, values);
}

nn::Tensor<double> ReadTensor(const Json& in, const char* field, int rank, const char* layout)
{
    const auto it = in.find(field);
    if (it == in.end()) FailInput(std::string("missing field '") + field + "' (an array " + layout + ")");
    std::vector<int> dims;
    std::vector<double> values;
    ReadNested(*it, field, rank, 0, dims, values);
    return nn::Tensor<double>(nn::Shape(dims.begin(), dims.end()), std::move(values));
}

// An integer, or one integer per spatial axis.
std::array<int, 3> ReadAxes(const Json& in, const char* field, int dims, int fallback, int lo, int hi)
{
    std::array<int, 3> out{fallback, fallback, fallback};
    const auto it = in.find(field);
    if (it == in.end()) return out;
    if (it->is_array()) {
        if (static_cast<int>(it->size()) != dims)
            FailInput(std::string("field '") + field + "' must be an integer or an array of " + std::to_string(dims) +
                      " integers");
        Json wrapped = Json::object();
        for (int a = 0; a < dims; ++a) {
            const std::string name = std::string(field) + "[" + std::to_string(a) + "]";
            wrapped[name] = (*it)[static_cast<std::size_t>(a)];
            out[static_cast<std::size_t>(3 - dims + a)] = static_cast<int>(RequireInt(wrapped, name.c_str(), lo, hi));
        }
        return out;
    }
    const int v = static_cast<int>(RequireInt(in, field, lo, hi));
    return {v, v, v};
}

Json Nest(const std::vector<double>& v, const nn::Shape& dims, std::size_t axis, std::size_t& at)
{
    Json a = Json::array();
    for (int i = 0; i < dims[axis]; ++i) {
        if (axis + 1 == dims.size())
            a.push_back(v[at++]);
        else
            a.push_back(Nest(v, dims, axis + 1, at));
    }
    return a;
}

// `t` without its leading batch axis of 1, as nested arrays.
Json ToJson(const nn::Tensor<double>& t, bool drop_batch)
{
    const nn::Shape dims = drop_batch ? nn::Shape(t.Dims.begin() + 1, t.Dims.end()) : t.Dims;
    std::size_t at = 0;
    return Nest(t.Data, dims, 0, at);
}

} // namespace

Json ConvBlocksConvOp(const Json& in, int dims)
{
    RequireObject(in, {"op", "input", "weight", "bias", "stride", "padding", "dilation", "groups", "grad_output"});
    const char* const in_layout = dims == 2 ? "[C][H][W]" : "[C][T][H][W]";
    const char* const w_layout = dims == 2 ? "[O][C/groups][kH][kW]" : "[O][C/groups][kT][kH][kW]";
    const char* const y_layout = dims == 2 ? "[O][H'][W']" : "[O][T'][H'][W']";
    nn::Tensor<double> x = ReadTensor(in, "input", dims + 1, in_layout);
    const nn::Tensor<double> w = ReadTensor(in, "weight", dims + 2, w_layout);
    const int C = x.Dim(0), O = w.Dim(0);
    const int groups = static_cast<int>(ReadInt(in, "groups", 1, 1, nn::kConvMaxChannels));
    if (C % groups != 0 || O % groups != 0)
        FailInput("field 'groups' = " + std::to_string(groups) + " must divide the input channels (" + std::to_string(C) +
                  ") and the weight's output channels (" + std::to_string(O) + ")");
    if (w.Dim(1) != C / groups)
        FailInput("field 'weight' must have C/groups = " + std::to_string(C / groups) + " as its second axis, got shape " +
                  ShapeText(w.Dims));
    nn::ConvGeometry g;
    g.InChannels = C, g.OutChannels = O, g.Groups = groups;
    g.Stride = ReadAxes(in, "stride", dims, 1, 1, nn::kConvMaxStride);
    g.Padding = ReadAxes(in, "padding", dims, 0, 0, nn::kConvMaxPadding);
    g.Dilation = ReadAxes(in, "dilation", dims, 1, 1, nn::kConvMaxDilation);
    for (int a = 0; a < 3; ++a) g.Kernel[static_cast<std::size_t>(a)] = a < 3 - dims ? 1 : w.Dim(2 + a - (3 - dims));
    std::vector<double> bias;
    if (in.contains("bias")) {
        bias = ReadNumberArray(in, "bias", static_cast<std::size_t>(nn::kConvMaxChannels));
        if (static_cast<int>(bias.size()) != O)
            FailInput("field 'bias' must hold " + std::to_string(O) + " values (one per output channel), got " +
                      std::to_string(bias.size()));
        for (std::size_t i = 0; i < bias.size(); ++i)
            if (!std::isfinite(bias[i])) FailInput("field 'bias[" + std::to_string(i) + "]' is not finite");
    }
    g.Bias = !bias.empty();

    nn::LayerPtr<double> layer;
    if (dims == 2) {
        const nn::Conv2dConfig c{C,
                                 O,
                                 {g.Kernel[1], g.Kernel[2]},
                                 {g.Stride[1], g.Stride[2]},
                                 {g.Padding[1], g.Padding[2]},
                                 {g.Dilation[1], g.Dilation[2]},
                                 groups,
                                 g.Bias};
        auto made = nn::MakeConv2d<double>(c);
        if (!made) FailInput(made.Error());
        layer = std::move(*made);
    } else {
        const nn::Conv3dConfig c{C, O, g.Kernel, g.Stride, g.Padding, g.Dilation, groups, g.Bias};
        auto made = nn::MakeConv3d<double>(c);
        if (!made) FailInput(made.Error());
        layer = std::move(*made);
    }
    auto& conv = static_cast<nn::ConvNd<double>&>(*layer);
    conv.Weight().Value.Data = w.Data;
    if (g.Bias) conv.Bias().Value.Data = bias;
    x.Dims.insert(x.Dims.begin(), 1); // a batch of one
    const auto out_shape = conv.OutputShape(x.Dims, nn::Mode::Eval);
    if (!out_shape) FailInput(out_shape.Error());
    nn::Tensor<double> grad_y;
    if (in.contains("grad_output")) {
        grad_y = ReadTensor(in, "grad_output", dims + 1, y_layout);
        const nn::Shape want(out_shape->begin() + 1, out_shape->end());
        if (grad_y.Dims != want)
            FailInput("field 'grad_output' must have the output's shape " + ShapeText(want) + ", got " + ShapeText(grad_y.Dims));
        grad_y.Dims.insert(grad_y.Dims.begin(), 1);
    }
    const nn::Tensor<double> y = conv.Forward(x, nn::Mode::Eval);
    Json out = {{"output", ToJson(y, true)}};
    if (grad_y.Empty()) return out;
    const nn::Tensor<double> dx = conv.Backward(grad_y, true);
    out["grad_input"] = ToJson(dx, true);
    out["grad_weight"] = ToJson(conv.Weight().Grad, false);
    if (g.Bias) out["grad_bias"] = conv.Bias().Grad.Data;
    return out;
}

} // namespace mlviz
