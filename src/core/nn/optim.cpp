// nn core: SGD and Adam steps over a Sequential's parameters (torch 1.13's arithmetic).
#include "core/nn/optim.h"

#include <cmath>

#include "core/nn/checks.h"

namespace mlviz::nn {

using detail::CheckRealRange;

Message ValidateSgd(const SgdConfig& c)
{
    if (Message m = CheckRealRange("lr", c.Lr, 0.0, 1e3); !m.Empty()) return m;
    if (Message m = CheckRealRange("momentum", c.Momentum, 0.0, 0.999999); !m.Empty()) return m;
    if (Message m = CheckRealRange("dampening", c.Dampening, 0.0, 1.0); !m.Empty()) return m;
    if (Message m = CheckRealRange("weight_decay", c.WeightDecay, 0.0, 1.0); !m.Empty()) return m;
    if (c.Nesterov && (c.Momentum <= 0.0 || c.Dampening != 0.0)) return Msg("Nesterov требует momentum > 0 и dampening = 0");
    return {};
}

Message ValidateAdam(const AdamConfig& c)
{
    if (Message m = CheckRealRange("lr", c.Lr, 0.0, 1e3); !m.Empty()) return m;
    if (Message m = CheckRealRange("beta1", c.Beta1, 0.0, 0.999999); !m.Empty()) return m;
    if (Message m = CheckRealRange("beta2", c.Beta2, 0.0, 0.999999999); !m.Empty()) return m;
    if (!(c.Eps > 0.0)) return CheckRealRange("eps", c.Eps, 1e-300, 1.0);
    if (Message m = CheckRealRange("eps", c.Eps, 0.0, 1.0); !m.Empty()) return m;
    return CheckRealRange("weight_decay", c.WeightDecay, 0.0, 1.0);
}

namespace {

// torch's element-wise kernels as they round on x86 (see core/optim_optimizers.cpp):
// self.add(other, alpha=a) = fma(a, other, self); addcmul(t1, t2, value=v) = fma(v * t1, t2, self).
template <typename T>
T Add(T self, T other, T alpha)
{
    return std::fma(alpha, other, self);
}
template <typename T>
T Addcmul(T self, T t1, T t2, T value)
{
    return std::fma(value * t1, t2, self);
}

// Parameters of `net` that the optimizer updates: those of layers that are not frozen.
template <typename T>
std::vector<std::pair<std::size_t, Parameter<T>*>> Trainable(Sequential<T>& net, std::size_t& total)
{
    std::vector<std::pair<std::size_t, Parameter<T>*>> out;
    total = 0;
    for (int i = 0; i < net.Size(); ++i)
        for (Parameter<T>* p : net.At(i).Parameters()) {
            if (!net.At(i).Frozen) out.emplace_back(total, p);
            ++total;
        }
    return out;
}

} // namespace

template <typename T>
void Sgd<T>::Step(Sequential<T>& net)
{
    std::size_t total = 0;
    const auto params = Trainable(net, total);
    Momentum_.resize(total);
    const T lr = static_cast<T>(this->Lr), wd = static_cast<T>(C_.WeightDecay), mom = static_cast<T>(C_.Momentum);
    const T keep = static_cast<T>(1.0 - C_.Dampening);
    for (const auto& [index, p] : params) {
        Tensor<T>& buf = Momentum_[index];
        const bool first = buf.Empty();
        if (C_.Momentum != 0.0 && first) buf = Tensor<T>(p->Value.Dims);
        for (std::size_t i = 0; i < p->Value.Numel(); ++i) {
            T d = p->Grad[i];
            if (C_.WeightDecay != 0.0) d = Add(d, p->Value[i], wd);
            if (C_.Momentum != 0.0) {
                buf[i] = first ? d : Add(buf[i] * mom, d, keep); // torch.clone(d_p) on the first step
                d = C_.Nesterov ? Add(d, buf[i], mom) : buf[i];
            }
            p->Value[i] = Add(p->Value[i], d, -lr);
        }
    }
    ++this->Steps;
}

template <typename T>
void Adam<T>::Step(Sequential<T>& net)
{
    std::size_t total = 0;
    const auto params = Trainable(net, total);
    State_.resize(total);
    const T b1 = static_cast<T>(C_.Beta1), b2 = static_cast<T>(C_.Beta2), eps = static_cast<T>(C_.Eps);
    const T wd = static_cast<T>(C_.WeightDecay);
    for (const auto& [index, p] : params) {
        State& s = State_[index];
        if (s.ExpAvg.Empty()) {
            s.ExpAvg = Tensor<T>(p->Value.Dims);
            s.ExpAvgSq = Tensor<T>(p->Value.Dims);
            if (C_.Amsgrad) s.MaxExpAvgSq = Tensor<T>(p->Value.Dims);
        }
        s.Step += 1.0;
        // Python floats in torch: the corrections and the step size are double.
        const double bias_correction1 = 1.0 - std::pow(C_.Beta1, s.Step);
        const double bias_correction2 = 1.0 - std::pow(C_.Beta2, s.Step);
        const T step_size = static_cast<T>(this->Lr / bias_correction1);
        const T bc2_sqrt = static_cast<T>(std::sqrt(bias_correction2));
        for (std::size_t i = 0; i < p->Value.Numel(); ++i) {
            T g = p->Grad[i];
            if (C_.WeightDecay != 0.0) g = Add(g, p->Value[i], wd);
            s.ExpAvg[i] = Add(s.ExpAvg[i] * b1, g, T(1) - b1);
            s.ExpAvgSq[i] = Addcmul(s.ExpAvgSq[i] * b2, g, g, T(1) - b2);
            T second = s.ExpAvgSq[i];
            if (C_.Amsgrad) second = s.MaxExpAvgSq[i] = std::max(s.MaxExpAvgSq[i], s.ExpAvgSq[i]);
            const T denom = std::sqrt(second) / bc2_sqrt + eps;
            p->Value[i] = p->Value[i] + (-step_size * s.ExpAvg[i]) / denom;
        }
    }
    ++this->Steps;
}

template class Sgd<float>;
template class Sgd<double>;
template class Adam<float>;
template class Adam<double>;

} // namespace mlviz::nn
