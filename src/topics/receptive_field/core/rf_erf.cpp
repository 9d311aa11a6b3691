// The effective receptive field, computed incrementally (rf_erf.h).
#include "topics/receptive_field/core/rf_erf.h"

#include <algorithm>
#include <cmath>
#include <limits>
#include <random>

#include "core/random.h"
#include "core/message.h"

namespace mlviz {

namespace {

// One normal draw costs about as much as this many multiply-adds (log, sqrt, cos).
constexpr std::int64_t kNormalCost = 16;

bool IsDepthwise(const RfLayer& l, int in_channels)
{
    return l.Type == RfLayerType::Conv && l.Groups > 1 && l.Groups == in_channels;
}

} // namespace

Result<ErfJob> ErfJob::Create(const RfStack& stack, const ErfConfig& config)
{
    using R = Result<ErfJob>;
    const auto analysis = AnalyzeStack(stack);
    if (!analysis) return R::Fail(analysis.Error());
    const int layers = static_cast<int>(stack.Layers.size());
    if (layers == 0) return R::Fail(Msg("в стеке нет слоёв"));
    if (config.Seeds < 1 || config.Seeds > kErfMaxSeeds)
        return R::Fail(Msg("seeds должно быть в [1, %d], получено %d", kErfMaxSeeds, config.Seeds));
    if (config.Channels < 1 || config.Channels > kErfMaxChannels)
        return R::Fail(Msg("channels должно быть в [1, %d], получено %d", kErfMaxChannels, config.Channels));
    const int map = config.Map < 0 ? layers : config.Map;
    if (map < 1 || map > layers) return R::Fail(Msg("map должно быть в [1, %d], получено %d", layers, config.Map));
    const RfPair size = MapSize(*analysis, map);
    const int uy = config.UnitY < 0 ? (size[0] - 1) / 2 : config.UnitY;
    const int ux = config.UnitX < 0 ? (size[1] - 1) / 2 : config.UnitX;
    if (uy >= size[0] || ux >= size[1]) return R::Fail(Msg("нейрон (%d, %d) лежит вне карты %d×%d", uy, ux, size[0], size[1]));

    ErfJob job;
    const bool random = config.Weights == ErfWeights::Random;
    job.Config = config;
    job.Config.Map = map;
    job.Config.UnitY = uy;
    job.Config.UnitX = ux;
    if (!random) job.Config.Seeds = 1;
    job.Stack = stack;
    job.Stack.Layers.resize(static_cast<std::size_t>(map));
    const int channels = random ? config.Channels : 1;
    const std::vector<RfBox> cone = DependencyCone(stack, *analysis, map, uy, ux);
    std::int64_t values = 0;
    for (const RfBox& b : cone) values += b.Area() * channels;
    if (values > kErfMaxValues)
        return R::Fail(Msg("эффективному рецептивному полю нужно %lld значений на seed, допустимо не больше %lld (уменьшите вход "
                           "или число каналов)",
                           static_cast<long long>(values), static_cast<long long>(kErfMaxValues)));
    job.Maps.resize(cone.size());
    for (std::size_t m = 0; m < cone.size(); ++m) {
        Map& mp = job.Maps[m];
        mp.Box = cone[m];
        mp.Channels = channels;
        mp.Size = cone[m].Area() * channels;
        mp.Grad.reset(new double[static_cast<std::size_t>(std::max<std::int64_t>(mp.Size, 1))]);
        if (random) mp.Act.reset(new double[static_cast<std::size_t>(std::max<std::int64_t>(mp.Size, 1))]);
        if (random && m > 0 && stack.Layers[m - 1].Type == RfLayerType::MaxPool)
            mp.Winner.reset(new int[static_cast<std::size_t>(std::max<std::int64_t>(mp.Size, 1))]);
    }
    job.SeedMag.reset(new double[static_cast<std::size_t>(std::max<std::int64_t>(cone[0].Area(), 1))]);
    for (int l = 0; l < map; ++l) {
        const RfLayer& layer = stack.Layers[static_cast<std::size_t>(l)];
        job.Groups.push_back(IsDepthwise(layer, analysis->Layers[static_cast<std::size_t>(l)].InChannels) ? channels : 1);
        const std::size_t w = layer.Type == RfLayerType::Conv
            ? static_cast<std::size_t>(channels) * (channels / job.Groups.back()) * layer.Kernel[0] * layer.Kernel[1]
            : 0;
        job.Weights.push_back(std::vector<double>(w, 1.0));
    }

    std::int64_t per_seed = 0;
    for (int l = 0; l < map; ++l) per_seed += cone[static_cast<std::size_t>(l) + 1].Height() * job.RowCost(l);
    per_seed *= random ? 2 : 1;                                      // forward and backward
    per_seed += cone[0].Area() * (channels + 1);                     // magnitude and average rows
    if (random) per_seed += cone[0].Area() * channels * kNormalCost; // the random input
    job.WorkTotal = std::max<std::int64_t>(job.Config.Seeds * per_seed, 1);
    job.Out.InputSize = stack.InputSize;
    job.Out.Map = map;
    job.Out.UnitY = uy;
    job.Out.UnitX = ux;
    job.Out.Field = UnitField(std::span<const RfLayer>(stack.Layers.data(), static_cast<std::size_t>(map)), uy, ux);
    job.Finished = false;
    job.BeginSeed();
    return job;
}

std::span<const double> ErfJob::InputValues() const
{
    if (Maps.empty() || !Maps[0].Act) return {};
    return {Maps[0].Act.get(), static_cast<std::size_t>(Maps[0].Size)};
}

double ErfJob::Progress() const
{
    if (Finished) return 1.0;
    return std::min(0.999, static_cast<double>(WorkDone) / static_cast<double>(std::max<std::int64_t>(WorkTotal, 1)));
}

std::int64_t ErfJob::RowCost(int layer) const
{
    const RfLayer& l = Stack.Layers[static_cast<std::size_t>(layer)];
    const Map& out = Maps[static_cast<std::size_t>(layer) + 1];
    const std::int64_t c = out.Channels;
    const std::int64_t per_unit = l.Type == RfLayerType::Conv ? c * (c / Groups[static_cast<std::size_t>(layer)]) : c;
    return std::max<std::int64_t>(1, out.Box.Width() * per_unit * l.Kernel[0] * l.Kernel[1]);
}

void ErfJob::BeginSeed()
{
    const int layers = static_cast<int>(Stack.Layers.size());
    Row = 0;
    SeedTotal = 0.0;
    if (Config.Weights != ErfWeights::Random) {
        Stage = layers; // path counts: no forward pass
        return;
    }
    // Draw order: weights layer by layer, then the input row by row (stage -1), from one
    // generator per seed.
    Rng.seed(Config.Seed * 1000003u + static_cast<std::uint32_t>(SeedIndex));
    for (int l = 0; l < layers; ++l) {
        auto& w = Weights[static_cast<std::size_t>(l)];
        if (Stack.Layers[static_cast<std::size_t>(l)].Type != RfLayerType::Conv) continue;
        const double fan_in = static_cast<double>(w.size()) / Maps[static_cast<std::size_t>(l) + 1].Channels;
        for (double& v : w) v = StandardNormal(Rng) / std::sqrt(std::max(1.0, fan_in));
    }
    Stage = -1;
}

// Work is cut into rows, so no call runs much past its budget.
bool ErfJob::Step(std::int64_t budget)
{
    const int layers = static_cast<int>(Stack.Layers.size());
    std::int64_t spent = 0;
    auto charge = [&](std::int64_t c) {
        spent += c;
        WorkDone += c;
        ++Row;
    };
    while (!Finished && (spent == 0 || spent < budget)) {
        const std::int64_t input_rows = Maps[0].Box.Height(), input_w = Maps[0].Box.Width();
        if (Stage < 0) {
            if (Row >= input_rows) {
                Stage = 0;
                Row = 0;
                continue;
            }
            InputRow();
            charge(input_w * Maps[0].Channels * kNormalCost);
        } else if (Stage < layers) {
            const Map& out = Maps[static_cast<std::size_t>(Stage) + 1];
            if (Row >= out.Box.Height()) {
                ++Stage;
                Row = 0;
                continue;
            }
            ForwardRow(Stage, out.Box.Y0 + Row);
            charge(RowCost(Stage));
        } else if (Stage < 2 * layers) {
            const int layer = 2 * layers - 1 - Stage;
            Map& out = Maps[static_cast<std::size_t>(layer) + 1];
            if (Row == 0) {
                Maps[static_cast<std::size_t>(layer)].GradRows = 0;
                if (layer == layers - 1) { // d y / d y = 1 for the unit (channel 0); its box is the unit
                    std::fill(out.Grad.get(), out.Grad.get() + out.Size, 0.0);
                    if (out.Size > 0) out.Grad[0] = 1.0;
                    GradBound = 1.0;
                }
            }
            if (Row >= out.Box.Height()) {
                FinishLayerBackward(layer);
                ++Stage;
                Row = 0;
                continue;
            }
            BackwardRow(layer, out.Box.Y0 + Row);
            charge(RowCost(layer));
        } else if (Stage == 2 * layers) {
            if (Row >= input_rows) {
                ++Stage;
                Row = 0;
                continue;
            }
            MagnitudeRow();
            charge(input_w * Maps[0].Channels);
        } else {
            if (Row >= input_rows || !(SeedTotal > 0.0 && std::isfinite(SeedTotal))) {
                if (SeedTotal > 0.0 && std::isfinite(SeedTotal))
                    ++Out.SeedsUsed;
                else
                    ++Out.SeedsVanished;
                WorkDone += (input_rows - Row) * input_w; // rows skipped for a vanished seed
                ++SeedIndex;
                if (SeedIndex < Config.Seeds)
                    BeginSeed();
                else
                    Finish();
                continue;
            }
            AccumulateRow();
            charge(input_w);
        }
    }
    return Finished;
}

void ErfJob::InputRow()
{
    Map& in = Maps[0];
    const std::int64_t h = in.Box.Height(), w = in.Box.Width();
    for (int c = 0; c < in.Channels; ++c)
        for (std::int64_t x = 0; x < w; ++x) in.Act[(c * h + Row) * w + x] = StandardNormal(Rng);
}

void ErfJob::ForwardRow(int layer, std::int64_t y)
{
    const RfLayer& l = Stack.Layers[static_cast<std::size_t>(layer)];
    const Map& in = Maps[static_cast<std::size_t>(layer)];
    Map& out = Maps[static_cast<std::size_t>(layer) + 1];
    const std::int64_t iw = in.Box.Width(), ih = in.Box.Height(), ow = out.Box.Width(), oh = out.Box.Height();
    const int groups = Groups[static_cast<std::size_t>(layer)];
    const int cin_g = in.Channels / groups, cout_g = out.Channels / groups;
    const bool relu = Config.Relu && l.Type == RfLayerType::Conv && layer + 1 < static_cast<int>(Stack.Layers.size());
    const double kArea = static_cast<double>(l.Kernel[0]) * l.Kernel[1];
    for (int co = 0; co < out.Channels; ++co) {
        const int g = co / cout_g;
        for (std::int64_t x = out.Box.X0; x <= out.Box.X1; ++x) {
            double acc = l.Type == RfLayerType::MaxPool ? -std::numeric_limits<double>::infinity() : 0.0;
            int winner = -1;
            for (int ky = 0; ky < l.Kernel[0]; ++ky) {
                const std::int64_t iy = y * l.Stride[0] - l.Padding[0] + static_cast<std::int64_t>(ky) * l.Dilation[0];
                // The cone box holds every tap inside the map of every unit the target depends
                // on; other taps are padding, or feed units that do not reach the target.
                if (iy < in.Box.Y0 || iy > in.Box.Y1) continue;
                for (int kx = 0; kx < l.Kernel[1]; ++kx) {
                    const std::int64_t ix = x * l.Stride[1] - l.Padding[1] + static_cast<std::int64_t>(kx) * l.Dilation[1];
                    if (ix < in.Box.X0 || ix > in.Box.X1) continue;
                    const std::int64_t pos = (iy - in.Box.Y0) * iw + (ix - in.Box.X0);
                    if (l.Type == RfLayerType::Conv) {
                        const double* w = &Weights[static_cast<std::size_t>(layer)]
                                                  [static_cast<std::size_t>(co) * cin_g * l.Kernel[0] * l.Kernel[1]];
                        for (int ci = 0; ci < cin_g; ++ci)
                            acc += w[(static_cast<std::size_t>(ci) * l.Kernel[0] + ky) * l.Kernel[1] + kx] *
                                in.Act[(g * cin_g + ci) * ih * iw + pos];
                    } else {
                        const std::int64_t idx = co * ih * iw + pos;
                        const double v = in.Act[idx];
                        if (l.Type == RfLayerType::AvgPool)
                            acc += v;
                        else if (v > acc) {
                            acc = v;
                            winner = static_cast<int>(idx);
                        } // first maximum wins, as torch
                    }
                }
            }
            if (l.Type == RfLayerType::AvgPool) acc /= kArea; // count_include_pad = True
            if (l.Type == RfLayerType::MaxPool && winner < 0) acc = 0.0;
            if (relu && acc < 0.0) acc = 0.0;
            const std::int64_t o = co * oh * ow + (y - out.Box.Y0) * ow + (x - out.Box.X0);
            out.Act[o] = acc;
            if (out.Winner) out.Winner[o] = winner;
        }
    }
}

void ErfJob::BackwardRow(int layer, std::int64_t y)
{
    const RfLayer& l = Stack.Layers[static_cast<std::size_t>(layer)];
    Map& in = Maps[static_cast<std::size_t>(layer)];
    const Map& out = Maps[static_cast<std::size_t>(layer) + 1];
    if (in.Box.Empty()) return;
    // Rows of the map below that this row's windows reach must be cleared first.
    ClearGradRows(
        in, std::min(in.Box.Height(), y * l.Stride[0] - l.Padding[0] + EffectiveKernel(l.Kernel[0], l.Dilation[0]) - in.Box.Y0));
    const std::int64_t iw = in.Box.Width(), ih = in.Box.Height(), ow = out.Box.Width(), oh = out.Box.Height();
    const bool random = Config.Weights == ErfWeights::Random;
    const int groups = Groups[static_cast<std::size_t>(layer)];
    const int cin_g = in.Channels / groups, cout_g = out.Channels / groups;
    const bool relu = random && Config.Relu && l.Type == RfLayerType::Conv && layer + 1 < static_cast<int>(Stack.Layers.size());
    // Path counts need no division; the random copy averages as torch's AvgPool2d.
    const double pool_w =
        (random && l.Type == RfLayerType::AvgPool) ? 1.0 / (static_cast<double>(l.Kernel[0]) * l.Kernel[1]) : 1.0;
    for (int co = 0; co < out.Channels; ++co) {
        const int g = co / cout_g;
        for (std::int64_t x = out.Box.X0; x <= out.Box.X1; ++x) {
            const std::int64_t o = co * oh * ow + (y - out.Box.Y0) * ow + (x - out.Box.X0);
            const double grad = out.Grad[o];
            if (grad == 0.0 || (relu && !(out.Act[o] > 0.0))) continue;
            if (random && l.Type == RfLayerType::MaxPool) {
                if (out.Winner[o] >= 0) in.Grad[out.Winner[o]] += grad;
                continue;
            }
            for (int ky = 0; ky < l.Kernel[0]; ++ky) {
                const std::int64_t iy = y * l.Stride[0] - l.Padding[0] + static_cast<std::int64_t>(ky) * l.Dilation[0];
                if (iy < in.Box.Y0 || iy > in.Box.Y1) continue;
                for (int kx = 0; kx < l.Kernel[1]; ++kx) {
                    const std::int64_t ix = x * l.Stride[1] - l.Padding[1] + static_cast<std::int64_t>(kx) * l.Dilation[1];
                    if (ix < in.Box.X0 || ix > in.Box.X1) continue;
                    const std::int64_t pos = (iy - in.Box.Y0) * iw + (ix - in.Box.X0);
                    if (l.Type == RfLayerType::Conv) {
                        const double* w = &Weights[static_cast<std::size_t>(layer)]
                                                  [static_cast<std::size_t>(co) * cin_g * l.Kernel[0] * l.Kernel[1]];
                        for (int ci = 0; ci < cin_g; ++ci)
                            in.Grad[(g * cin_g + ci) * ih * iw + pos] +=
                                grad * w[(static_cast<std::size_t>(ci) * l.Kernel[0] + ky) * l.Kernel[1] + kx];
                    } else {
                        in.Grad[co * ih * iw + pos] += grad * pool_w;
                    }
                }
            }
        }
    }
}

void ErfJob::ClearGradRows(Map& m, std::int64_t rows)
{
    const std::int64_t h = m.Box.Height(), w = m.Box.Width();
    rows = std::min(rows, h);
    if (rows <= m.GradRows) return;
    for (int c = 0; c < m.Channels; ++c)
        std::fill(m.Grad.get() + (c * h + m.GradRows) * w, m.Grad.get() + (c * h + rows) * w, 0.0);
    m.GradRows = rows;
}

// Deep stacks could overflow (path counts grow like k^L): a running bound on |gradient| is
// kept, and only when it passes 1e200 is the map rescaled to a peak of 1 (a full pass over
// the map, so not after every layer). Each seed's map is normalised in the end anyway.
void ErfJob::FinishLayerBackward(int layer)
{
    Map& m = Maps[static_cast<std::size_t>(layer)];
    ClearGradRows(m, m.Box.Height()); // rows no window reached
    const RfLayer& l = Stack.Layers[static_cast<std::size_t>(layer)];
    const bool random = Config.Weights == ErfWeights::Random;
    // A unit below receives from at most kh*kw taps of each output channel that reads it.
    double gain = static_cast<double>(l.Kernel[0]) * l.Kernel[1];
    if (l.Type == RfLayerType::Conv) {
        double w_max = 0.0;
        for (double w : Weights[static_cast<std::size_t>(layer)]) w_max = std::max(w_max, std::fabs(w));
        gain *= static_cast<double>(m.Channels / Groups[static_cast<std::size_t>(layer)]) * w_max;
    } else if (random && l.Type == RfLayerType::AvgPool) {
        gain = 1.0;
    }
    GradBound *= std::max(gain, 1.0);
    if (GradBound < 1e200) return;
    double peak = 0.0;
    for (std::int64_t i = 0; i < m.Size; ++i) peak = std::max(peak, std::fabs(m.Grad[i]));
    if (peak > 0.0 && std::isfinite(peak))
        for (std::int64_t i = 0; i < m.Size; ++i) m.Grad[i] /= peak;
    GradBound = 1.0;
}

void ErfJob::MagnitudeRow()
{
    const Map& in = Maps[0];
    const std::int64_t h = in.Box.Height(), w = in.Box.Width();
    double* mag = SeedMag.get() + Row * w;
    for (std::int64_t x = 0; x < w; ++x) mag[x] = 0.0;
    for (int c = 0; c < in.Channels; ++c)
        for (std::int64_t x = 0; x < w; ++x) mag[x] += std::fabs(in.Grad[(c * h + Row) * w + x]);
    for (std::int64_t x = 0; x < w; ++x) SeedTotal += mag[x];
}

// Adds this seed's normalised row to the sum; the shown average divides by the seeds used,
// this one included (the counters move when the whole map is in).
void ErfJob::AccumulateRow()
{
    const RfBox& b = Maps[0].Box;
    const std::int64_t w = b.Width(), width = Stack.InputSize[1];
    if (Sum.empty()) {
        Sum.assign(static_cast<std::size_t>(Stack.InputSize[0]) * Stack.InputSize[1], 0.0);
        Out.Values.assign(Sum.size(), 0.0);
    }
    const double used = Out.SeedsUsed + 1.0;
    for (std::int64_t x = 0; x < w; ++x) {
        const std::size_t i = static_cast<std::size_t>((b.Y0 + Row) * width + b.X0 + x);
        Sum[i] += SeedMag[Row * w + x] / SeedTotal;
        Out.Values[i] = Sum[i] / used;
    }
}

void ErfJob::Finish()
{
    WorkDone = WorkTotal;
    Finished = true;
    if (Out.Values.empty()) Out.Values.assign(static_cast<std::size_t>(Out.InputSize[0]) * Out.InputSize[1], 0.0);
    // Rows of the box updated before the last seed's count moved hold Sum / used already.
    Out.Mass95 = SmallestMassShare(Out.Values, Out.InputSize, Out.Field, 0.95);
    double m[2] = {0.0, 0.0}, s[2] = {0.0, 0.0}, total = 0.0;
    const int w = Out.InputSize[1];
    for (std::size_t i = 0; i < Out.Values.size(); ++i) {
        const double v = Out.Values[i], y = static_cast<double>(i / w), x = static_cast<double>(i % w);
        total += v;
        m[0] += v * y;
        m[1] += v * x;
    }
    if (total > 0.0) {
        m[0] /= total;
        m[1] /= total;
        for (std::size_t i = 0; i < Out.Values.size(); ++i) {
            const double v = Out.Values[i], dy = static_cast<double>(i / w) - m[0], dx = static_cast<double>(i % w) - m[1];
            s[0] += v * dy * dy;
            s[1] += v * dx * dx;
        }
        Out.Sigma = {std::sqrt(s[0] / total), std::sqrt(s[1] / total)};
    }
    Out.Mean = {m[0], m[1]};
}

Result<ErfResult> ComputeErf(const RfStack& stack, const ErfConfig& config)
{
    auto job = ErfJob::Create(stack, config);
    if (!job) return Result<ErfResult>::Fail(job.Error());
    while (!job->Done()) job.Value().Step(std::int64_t(1) << 30);
    return job->Output();
}

} // namespace mlviz
